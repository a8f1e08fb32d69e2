-- 0004_commitments.sql — commitments, their child rows, and progress
-- updates (SQLite; 0004_commitments.pg.sql is the same schema for
-- PostgreSQL, differing only in how ids are numbered and in how the
-- append-only rule is enforced: keep the two in step).
--
-- The model is described in src/domain/commitments.h and progress.h.
-- Dates are 'YYYY-MM-DD' text, times ISO-8601 UTC with milliseconds
-- (fixed width, so text order is time order on both backends).

-- Sample and synthetic partners (pacte init --sample, pacte demo) are
-- marked like the commitments they own, so pages can say so.
ALTER TABLE actor ADD COLUMN origin TEXT NOT NULL DEFAULT 'real'
	CHECK (origin IN ('real', 'sample', 'synthetic'));

CREATE TABLE commitment (
	id INTEGER PRIMARY KEY,
	owner_actor_id BIGINT NOT NULL REFERENCES actor (id),
	title TEXT NOT NULL CHECK (title <> ''),
	-- the title folded (text_fold: lower case, no diacritics), so the
	-- alphabetical sort is the same on both backends whatever the collation
	sort_title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	lang TEXT NOT NULL CHECK (lang <> ''),
	level TEXT NOT NULL CHECK (level IN ('national', 'regional', 'international')),
	kind TEXT NOT NULL CHECK (kind IN ('individual', 'common', 'partnership', 'matching')),
	form TEXT NOT NULL CHECK (form IN ('financial', 'human_resources',
		'technical_assistance', 'process', 'policy')),
	matches_commitment_id BIGINT REFERENCES commitment (id),
	start_date TEXT,
	target_date TEXT,
	initial_status TEXT NOT NULL CHECK (initial_status IN ('planned', 'in_progress',
		'achieved', 'delayed', 'discontinued')),
	-- Denormalised from the updates by progress_refresh, in the transaction
	-- that adds each one, so lists and aggregates never read the updates:
	-- the current status (the latest uncorrected update's, or the initial
	-- status), its percent and milestone, the latest reported_at, and
	-- activity_date = last_report_date or the creation date (freshness).
	status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'achieved',
		'delayed', 'discontinued')),
	percent INTEGER CHECK (percent BETWEEN 0 AND 100),
	milestone TEXT,
	last_report_date TEXT,
	activity_date TEXT NOT NULL,
	update_count INTEGER NOT NULL DEFAULT 0,
	-- the newest update by id: "latest updates" of a scope are those of
	-- its commitments with the highest last_update_id
	last_update_id BIGINT,
	origin TEXT NOT NULL CHECK (origin IN ('real', 'sample', 'synthetic')),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (target_date IS NULL OR start_date IS NULL OR target_date >= start_date),
	CHECK ((kind = 'matching') = (matches_commitment_id IS NOT NULL))
);

-- One index per sort (ties broken by id, as the keyset cursor expects),
-- the status filter with the default sort, and the columns the rules test.
CREATE INDEX commitment_updated ON commitment (updated_at, id);
CREATE INDEX commitment_created ON commitment (created_at, id);
CREATE INDEX commitment_target ON commitment (COALESCE(target_date, '9999-12-31'), id);
CREATE INDEX commitment_title ON commitment (sort_title, id);
CREATE INDEX commitment_status ON commitment (status, updated_at, id);
CREATE INDEX commitment_level ON commitment (level, updated_at, id);
CREATE INDEX commitment_owner ON commitment (owner_actor_id, updated_at, id);
CREATE INDEX commitment_activity ON commitment (activity_date);
CREATE INDEX commitment_last_update ON commitment (last_update_id);
CREATE INDEX commitment_matches ON commitment (matches_commitment_id);
-- What the aggregates and counts read of each commitment, so that the
-- thousands of them in an objective's or a region's scope are read from
-- this small index instead of the wide rows (standing.c).
CREATE INDEX commitment_class ON commitment (id, status, level, target_date, activity_date,
	last_update_id);

-- Child tables: each keyed by the commitment first (a page reads one
-- commitment's rows), indexed by value second (the filters).
CREATE TABLE commitment_objective (
	commitment_id BIGINT NOT NULL REFERENCES commitment (id),
	objective INTEGER NOT NULL REFERENCES objective (number),
	PRIMARY KEY (commitment_id, objective)
);
CREATE INDEX commitment_objective_objective ON commitment_objective (objective, commitment_id);

CREATE TABLE commitment_principle (
	commitment_id BIGINT NOT NULL REFERENCES commitment (id),
	principle TEXT NOT NULL REFERENCES principle (slug),
	PRIMARY KEY (commitment_id, principle)
);
CREATE INDEX commitment_principle_principle ON commitment_principle (principle, commitment_id);

CREATE TABLE commitment_country (
	commitment_id BIGINT NOT NULL REFERENCES commitment (id),
	iso3 TEXT NOT NULL REFERENCES country (iso3),
	PRIMARY KEY (commitment_id, iso3)
);
CREATE INDEX commitment_country_iso3 ON commitment_country (iso3, commitment_id);

-- The other actors of a common or partnership commitment.
CREATE TABLE commitment_participant (
	commitment_id BIGINT NOT NULL REFERENCES commitment (id),
	actor_id BIGINT NOT NULL REFERENCES actor (id),
	PRIMARY KEY (commitment_id, actor_id)
);
CREATE INDEX commitment_participant_actor ON commitment_participant (actor_id, commitment_id);

CREATE TABLE commitment_translation (
	commitment_id BIGINT NOT NULL REFERENCES commitment (id),
	lang TEXT NOT NULL CHECK (lang <> ''),
	title TEXT NOT NULL CHECK (title <> ''),
	description TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (commitment_id, lang)
);

CREATE TABLE commitment_deliverable (
	commitment_id BIGINT NOT NULL REFERENCES commitment (id),
	position INTEGER NOT NULL,
	text TEXT NOT NULL CHECK (text <> ''),
	PRIMARY KEY (commitment_id, position)
);

-- An indicator removed by an edit is hidden, not deleted: progress
-- updates keep the values reported against it.
CREATE TABLE commitment_indicator (
	id INTEGER PRIMARY KEY,
	commitment_id BIGINT NOT NULL REFERENCES commitment (id),
	position INTEGER NOT NULL,
	name TEXT NOT NULL CHECK (name <> ''),
	unit TEXT NOT NULL DEFAULT '',
	baseline DOUBLE PRECISION,
	target DOUBLE PRECISION,
	hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1))
);
CREATE INDEX commitment_indicator_commitment ON commitment_indicator (commitment_id, position);

-- Progress updates: append-only (progress.h). A correction names the
-- update it corrects; each update is corrected at most once.
CREATE TABLE progress_update (
	id INTEGER PRIMARY KEY,
	commitment_id BIGINT NOT NULL REFERENCES commitment (id),
	reported_at TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'achieved',
		'delayed', 'discontinued')),
	percent INTEGER CHECK (percent BETWEEN 0 AND 100),
	milestone TEXT,
	narrative TEXT NOT NULL DEFAULT '',
	corrects BIGINT UNIQUE REFERENCES progress_update (id),
	author_user_id BIGINT REFERENCES account (id),
	created_at TEXT NOT NULL
);
CREATE INDEX progress_update_commitment ON progress_update (commitment_id, reported_at, id);

CREATE TABLE progress_indicator_value (
	update_id BIGINT NOT NULL REFERENCES progress_update (id),
	indicator_id BIGINT NOT NULL REFERENCES commitment_indicator (id),
	value DOUBLE PRECISION NOT NULL,
	PRIMARY KEY (update_id, indicator_id)
);
CREATE INDEX progress_indicator_value_indicator ON progress_indicator_value (indicator_id, update_id);

CREATE TABLE progress_evidence (
	update_id BIGINT NOT NULL REFERENCES progress_update (id),
	position INTEGER NOT NULL,
	url TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
	PRIMARY KEY (update_id, position)
);

-- History is never rewritten: the database itself refuses to change or
-- remove a progress update or what it reported (no code tries to).
CREATE TRIGGER progress_update_append_only_u BEFORE UPDATE ON progress_update
BEGIN SELECT RAISE(ABORT, 'progress_update is append-only'); END;
CREATE TRIGGER progress_update_append_only_d BEFORE DELETE ON progress_update
BEGIN SELECT RAISE(ABORT, 'progress_update is append-only'); END;
CREATE TRIGGER progress_indicator_value_append_only_u BEFORE UPDATE ON progress_indicator_value
BEGIN SELECT RAISE(ABORT, 'progress_indicator_value is append-only'); END;
CREATE TRIGGER progress_indicator_value_append_only_d BEFORE DELETE ON progress_indicator_value
BEGIN SELECT RAISE(ABORT, 'progress_indicator_value is append-only'); END;
CREATE TRIGGER progress_evidence_append_only_u BEFORE UPDATE ON progress_evidence
BEGIN SELECT RAISE(ABORT, 'progress_evidence is append-only'); END;
CREATE TRIGGER progress_evidence_append_only_d BEFORE DELETE ON progress_evidence
BEGIN SELECT RAISE(ABORT, 'progress_evidence is append-only'); END;
