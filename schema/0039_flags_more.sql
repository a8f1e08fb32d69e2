-- 0039_flags_more.sql — flagging reaches good practices (issue 18, item
-- 6; 0033 made it for commitments and progress reports): a practice,
-- and later a review input and a hub item, may be flagged and hidden.
-- SQLite; 0039_flags_more.pg.sql is the same for PostgreSQL. The model is
-- in src/domain/flags.h.
--
-- The flag table's CHECK names the flaggable kinds, and SQLite cannot
-- change a CHECK in place: the table is copied into a new one with the
-- wider list (ids kept), then its indexes are made again. Nothing
-- references flag, so the copy is safe.

CREATE TABLE flag_0039 (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('commitment', 'progress_update', 'practice',
		'review_input', 'hub_item')),
	record_id BIGINT NOT NULL,
	owner_actor_id BIGINT NOT NULL REFERENCES actor (id),
	reason TEXT NOT NULL,
	flagged_by BIGINT REFERENCES account (id),
	flagged_at TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'restored', 'removed')),
	decided_by BIGINT REFERENCES account (id),
	decision_reason TEXT,
	decided_at TEXT
);
INSERT INTO flag_0039 SELECT id, kind, record_id, owner_actor_id, reason, flagged_by,
	flagged_at, state, decided_by, decision_reason, decided_at FROM flag;
DROP TABLE flag;
ALTER TABLE flag_0039 RENAME TO flag;
CREATE UNIQUE INDEX flag_hiding ON flag (kind, record_id) WHERE state <> 'restored';
CREATE INDEX flag_queue ON flag (state, id);

-- The marker every public read path of a practice tests (practices.h
-- PRACTICE_LISTED); the few hidden ones indexed, for the counts read from
-- running tallies, which carry no copy of it (practices_list.c).
ALTER TABLE practice ADD COLUMN hidden_at TEXT;
CREATE INDEX practice_hidden ON practice (id) WHERE hidden_at IS NOT NULL;
-- The same marker for the next kinds (issue 18 item 6, not yet wired:
-- docs/moderation.md "Not done yet"), here so that they need no migration
-- of their own.
ALTER TABLE review_input ADD COLUMN hidden_at TEXT;
ALTER TABLE hub_item ADD COLUMN hidden_at TEXT;
