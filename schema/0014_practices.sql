-- 0014_practices.sql — good practices and national experiences: the
-- practice, its peer review (roster, declarations of interest, decisions,
-- questions and answers), calls for practices, translations, and the
-- in-app notifications that tell every party (SQLite;
-- 0014_practices.pg.sql is the same schema for PostgreSQL, differing only
-- in how ids are numbered: keep the two in step).
--
-- The model is described in src/domain/practices.h and notifications.h.
-- Years are integers; times ISO-8601 UTC with milliseconds (fixed width,
-- so text order is time order on both backends).

-- Calls for practices: a theme, the objectives and languages it asks for,
-- and a deadline (the last day a submission answers it).
CREATE TABLE practice_call (
	id INTEGER PRIMARY KEY,
	theme TEXT NOT NULL CHECK (theme <> ''),
	description TEXT NOT NULL DEFAULT '',
	deadline TEXT NOT NULL,
	opened_by BIGINT REFERENCES account (id),
	created_at TEXT NOT NULL
);
CREATE INDEX practice_call_deadline ON practice_call (deadline, id);

CREATE TABLE practice_call_objective (
	call_id BIGINT NOT NULL REFERENCES practice_call (id),
	objective INTEGER NOT NULL REFERENCES objective (number),
	PRIMARY KEY (call_id, objective)
);

CREATE TABLE practice_call_lang (
	call_id BIGINT NOT NULL REFERENCES practice_call (id),
	lang TEXT NOT NULL CHECK (lang <> ''),
	PRIMARY KEY (call_id, lang)
);

CREATE TABLE practice (
	id INTEGER PRIMARY KEY,
	-- the submitting actor, and the account that created it (who may
	-- never review it, whatever their actor)
	actor_id BIGINT NOT NULL REFERENCES actor (id),
	created_by BIGINT REFERENCES account (id),
	call_id BIGINT REFERENCES practice_call (id),
	title TEXT NOT NULL CHECK (title <> ''),
	sort_title TEXT NOT NULL,
	summary TEXT NOT NULL CHECK (summary <> ''),
	context TEXT NOT NULL DEFAULT '',
	actions TEXT NOT NULL DEFAULT '',
	results TEXT NOT NULL DEFAULT '',
	lessons TEXT NOT NULL DEFAULT '',
	start_year INTEGER NOT NULL,
	end_year INTEGER,
	level TEXT NOT NULL CHECK (level IN ('local', 'national', 'regional', 'international')),
	type TEXT NOT NULL CHECK (type IN ('policy', 'programme', 'project', 'tool',
		'partnership', 'other')),
	lang TEXT NOT NULL CHECK (lang <> ''),
	status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review',
		'changes_requested', 'published', 'rejected', 'archived')),
	-- the review round: 0 before the first submission, +1 at each one;
	-- decisions count within the current round only
	round INTEGER NOT NULL DEFAULT 0,
	-- 1 while a split decision of this round waits on a tie-break reviewer
	tie_break INTEGER NOT NULL DEFAULT 0 CHECK (tie_break IN (0, 1)),
	reason TEXT,
	origin TEXT NOT NULL DEFAULT 'real' CHECK (origin IN ('real', 'sample', 'synthetic')),
	submitted_at TEXT,
	published_at TEXT,
	-- when the original's text last changed: a translation made before
	-- it is marked as older than the original
	text_updated_at TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (end_year IS NULL OR end_year >= start_year)
);
-- The public list (published, newest first), the review queue (oldest
-- submission first), an actor's practices, a call's submissions.
CREATE INDEX practice_status_published ON practice (status, published_at, id);
CREATE INDEX practice_status_submitted ON practice (status, submitted_at, id);
CREATE INDEX practice_actor ON practice (actor_id, status, id);
CREATE INDEX practice_call_id ON practice (call_id, status, id);
CREATE INDEX practice_title ON practice (sort_title, id);

CREATE TABLE practice_objective (
	practice_id BIGINT NOT NULL REFERENCES practice (id),
	objective INTEGER NOT NULL REFERENCES objective (number),
	PRIMARY KEY (practice_id, objective)
);
CREATE INDEX practice_objective_objective ON practice_objective (objective, practice_id);

CREATE TABLE practice_principle (
	practice_id BIGINT NOT NULL REFERENCES practice (id),
	principle TEXT NOT NULL REFERENCES principle (slug),
	PRIMARY KEY (practice_id, principle)
);
CREATE INDEX practice_principle_principle ON practice_principle (principle, practice_id);

CREATE TABLE practice_country (
	practice_id BIGINT NOT NULL REFERENCES practice (id),
	iso3 TEXT NOT NULL REFERENCES country (iso3),
	PRIMARY KEY (practice_id, iso3)
);
CREATE INDEX practice_country_iso3 ON practice_country (iso3, practice_id);

-- Regions named by the practice itself (M49 codes), beside those of its
-- countries.
CREATE TABLE practice_region (
	practice_id BIGINT NOT NULL REFERENCES practice (id),
	m49 TEXT NOT NULL,
	PRIMARY KEY (practice_id, m49)
);
CREATE INDEX practice_region_m49 ON practice_region (m49, practice_id);

-- Implementing partners: an actor in Pacte, or an organisation named.
CREATE TABLE practice_partner (
	practice_id BIGINT NOT NULL REFERENCES practice (id),
	position INTEGER NOT NULL,
	actor_id BIGINT REFERENCES actor (id),
	name TEXT,
	PRIMARY KEY (practice_id, position),
	CHECK ((actor_id IS NULL) <> (name IS NULL))
);
CREATE INDEX practice_partner_actor ON practice_partner (actor_id, practice_id);

CREATE TABLE practice_link (
	practice_id BIGINT NOT NULL REFERENCES practice (id),
	position INTEGER NOT NULL,
	url TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
	PRIMARY KEY (practice_id, position)
);

-- The commitments a practice delivered.
CREATE TABLE practice_commitment (
	practice_id BIGINT NOT NULL REFERENCES practice (id),
	commitment_id BIGINT NOT NULL REFERENCES commitment (id),
	PRIMARY KEY (practice_id, commitment_id)
);
CREATE INDEX practice_commitment_commitment ON practice_commitment (commitment_id, practice_id);

-- The reviewer roster, kept by administrators. A reviewer of a UN entity
-- is one whose account's actor has partner_type 'un_entity'.
CREATE TABLE practice_reviewer (
	user_id BIGINT PRIMARY KEY REFERENCES account (id),
	tie_break INTEGER NOT NULL DEFAULT 0 CHECK (tie_break IN (0, 1)),
	added_at TEXT NOT NULL
);

-- Settings of the review, set by administrators: 'required_approvals'
-- (no row: the default, PRACTICE_APPROVALS_DEFAULT in practices.h).
CREATE TABLE practice_setting (
	name TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);

-- Each reviewer declares, once per practice, whether they have a conflict
-- of interest before reviewing it.
CREATE TABLE practice_declaration (
	practice_id BIGINT NOT NULL REFERENCES practice (id),
	user_id BIGINT NOT NULL REFERENCES account (id),
	conflict INTEGER NOT NULL CHECK (conflict IN (0, 1)),
	statement TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	PRIMARY KEY (practice_id, user_id)
);
CREATE INDEX practice_declaration_user ON practice_declaration (user_id, practice_id);

-- One decision per reviewer per round.
CREATE TABLE practice_decision (
	id INTEGER PRIMARY KEY,
	practice_id BIGINT NOT NULL REFERENCES practice (id),
	user_id BIGINT NOT NULL REFERENCES account (id),
	round INTEGER NOT NULL,
	decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject', 'changes')),
	comment TEXT NOT NULL DEFAULT '',
	tie_break INTEGER NOT NULL DEFAULT 0 CHECK (tie_break IN (0, 1)),
	created_at TEXT NOT NULL,
	UNIQUE (practice_id, round, user_id)
);

-- Reviewers' questions and the submitter's answers, round after round.
CREATE TABLE practice_message (
	id INTEGER PRIMARY KEY,
	practice_id BIGINT NOT NULL REFERENCES practice (id),
	user_id BIGINT REFERENCES account (id),
	round INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('question', 'answer')),
	body TEXT NOT NULL CHECK (body <> ''),
	created_at TEXT NOT NULL
);
CREATE INDEX practice_message_practice ON practice_message (practice_id, id);

-- Translations proposed by any signed-in user; one approval publishes one
-- (an older approved one of the same language is then superseded).
-- source_updated_at: the original's text_updated_at when it was proposed.
CREATE TABLE practice_translation (
	id INTEGER PRIMARY KEY,
	practice_id BIGINT NOT NULL REFERENCES practice (id),
	lang TEXT NOT NULL CHECK (lang <> ''),
	title TEXT NOT NULL CHECK (title <> ''),
	summary TEXT NOT NULL CHECK (summary <> ''),
	context TEXT NOT NULL DEFAULT '',
	actions TEXT NOT NULL DEFAULT '',
	results TEXT NOT NULL DEFAULT '',
	lessons TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'superseded')),
	proposed_by BIGINT REFERENCES account (id),
	approved_by BIGINT REFERENCES account (id),
	source_updated_at TEXT NOT NULL,
	created_at TEXT NOT NULL,
	approved_at TEXT
);
CREATE INDEX practice_translation_practice ON practice_translation (practice_id, status, lang);

-- In-app notifications: a message id with its arguments (translated when
-- shown), where to go, for one account.
CREATE TABLE notification (
	id INTEGER PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES account (id),
	message TEXT NOT NULL,
	args TEXT NOT NULL DEFAULT '{}',
	url TEXT,
	created_at TEXT NOT NULL
);
CREATE INDEX notification_user ON notification (user_id, id);
