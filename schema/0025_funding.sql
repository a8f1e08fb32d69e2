-- 0025_funding.sql — the connection hub's funding pointers (issue 14): the
-- funds an administrator points needs to, each with its URL, the
-- objectives and kinds of support it serves, a description and the source
-- its facts come from. SQLite; 0025_funding.pg.sql is the same for
-- PostgreSQL with an identity column (keep the two in step).
--
-- A pointer naming no objective serves every objective (a fund for the
-- whole Compact); a need's page shows the pointers sharing one of its
-- objectives, or naming none (src/domain/funding.h). Archiving keeps the
-- row (and its audit history) and takes it off the pages. Times are
-- ISO-8601 UTC with milliseconds.

CREATE TABLE funding_pointer (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL CHECK (name <> ''),
	url TEXT NOT NULL CHECK (url <> ''),
	description TEXT NOT NULL DEFAULT '',
	-- where the pointer's facts come from: a citation in words, a link
	source TEXT NOT NULL CHECK (source <> ''),
	source_url TEXT,
	archived_at TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE funding_pointer_objective (
	pointer_id BIGINT NOT NULL REFERENCES funding_pointer (id),
	objective INTEGER NOT NULL REFERENCES objective (number),
	PRIMARY KEY (pointer_id, objective)
);
CREATE INDEX funding_pointer_objective_objective ON funding_pointer_objective (objective,
	pointer_id);

CREATE TABLE funding_pointer_support (
	pointer_id BIGINT NOT NULL REFERENCES funding_pointer (id),
	support TEXT NOT NULL CHECK (support IN ('technical_assistance', 'funding', 'training',
		'data', 'peer_exchange', 'policy_advice')),
	PRIMARY KEY (pointer_id, support)
);

-- The seeded example: the Compact's own fund, the start-up fund of its
-- capacity-building mechanism (paragraph 43 (b)). No objective named: it
-- serves the whole Compact.
INSERT INTO funding_pointer (name, url, description, source, source_url, created_at,
	updated_at)
VALUES ('Migration Multi-Partner Trust Fund', 'https://migrationnetwork.un.org/mptf',
	'The start-up fund of the Compact''s capacity-building mechanism: it finances joint '
	|| 'programmes that help states implement the Compact, on any of its objectives.',
	'Global Compact for Safe, Orderly and Regular Migration, General Assembly resolution '
	|| '73/195, annex, paragraph 43 (b); the fund''s page on the UN Network on Migration''s '
	|| 'site.',
	'https://undocs.org/A/RES/73/195', '2018-12-19T00:00:00.000Z', '2018-12-19T00:00:00.000Z');
INSERT INTO funding_pointer_support (pointer_id, support)
SELECT id, 'funding' FROM funding_pointer WHERE name = 'Migration Multi-Partner Trust Fund';
