-- 0015_search.sqlite.sql — the full-text search index (src/domain/search.h),
-- SQLite's form: an FTS5 table beside the documents.
--
-- One document per record a search can find (a commitment, an actor, a
-- country …): its kind and id, the texts shown in results (each language's
-- title and body, as JSON, for excerpts), a date for the date sort, and its
-- facet values in search_facet. search_fts holds, for each document (same
-- rowid), the terms src/platform/fts.c made of its texts: words folded
-- and stemmed in their own language, CJK bigrams. The `ascii` tokenizer
-- splits them on spaces and changes nothing else, so a term is matched
-- exactly as written. Titles weigh ten times the body (bm25).
--
-- The index is written by search_index_put in the transaction of every
-- write to a record; search_state.built = 0 asks `pacte migrate`, `init`
-- and `serve` to build it from the source tables once (reindex.h), which
-- is how the data already there gets indexed.
CREATE TABLE search_doc (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	ref TEXT NOT NULL,
	-- the record's id when it is a number (for a list's q= filter)
	num BIGINT,
	lang TEXT NOT NULL DEFAULT '',
	sort_date TEXT NOT NULL DEFAULT '',
	-- the facet rows once more, packed ("facet=value" lines): a search counts
	-- them in C from one narrow column (before texts, which may overflow)
	facets TEXT NOT NULL DEFAULT '',
	texts TEXT NOT NULL DEFAULT '[]',
	UNIQUE (kind, ref)
);
CREATE INDEX search_doc_kind_num ON search_doc (kind, num);
CREATE INDEX search_doc_date ON search_doc (sort_date, id);

CREATE TABLE search_facet (
	doc BIGINT NOT NULL REFERENCES search_doc (id),
	facet TEXT NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY (facet, value, doc)
);
-- a filter on a facet checks (doc, facet, value) here; a document's rewrite deletes by doc
CREATE INDEX search_facet_doc ON search_facet (doc, facet, value);

CREATE VIRTUAL TABLE search_fts USING fts5 (title, body, tokenize = 'ascii');
INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)');

CREATE TABLE search_state (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	built INTEGER NOT NULL
);
INSERT INTO search_state (id, built) VALUES (1, 0);

-- Country names as people type them (src/domain/countries_alias.c): the
-- keys of every name and alias, written when the reference data is loaded
-- and when the index is built.
ALTER TABLE country ADD COLUMN match_key TEXT NOT NULL DEFAULT '';
