-- 0025_hub_events_funding.sql — the connection hub's funding pointers and the
-- events in full (issue 14). Funding pointers: the
-- funds an administrator points needs to, each with its URL, the
-- objectives and kinds of support it serves, a description and the source
-- its facts come from. SQLite; 0025_hub_events_funding.pg.sql is the same for
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

-- The events in full (src/domain/events.h): an event's sessions (title,
-- time, objectives discussed), its participants (actors, with their
-- delegation's role), the statements actors made there (a text, a link or
-- both) and the commitments announced there (a commitment names at most
-- one event: the key is the commitment). Times of sessions are the
-- event's local time, 'YYYY-MM-DDTHH:MM'.
CREATE TABLE event_session (
	id INTEGER PRIMARY KEY,
	event_slug TEXT NOT NULL REFERENCES event (slug),
	title TEXT NOT NULL CHECK (title <> ''),
	starts_at TEXT NOT NULL,
	ends_at TEXT,
	created_by BIGINT REFERENCES account (id),
	created_at TEXT NOT NULL
);
CREATE INDEX event_session_event ON event_session (event_slug, starts_at, id);

CREATE TABLE event_session_objective (
	session_id BIGINT NOT NULL REFERENCES event_session (id),
	objective INTEGER NOT NULL REFERENCES objective (number),
	PRIMARY KEY (session_id, objective)
);

CREATE TABLE event_participant (
	event_slug TEXT NOT NULL REFERENCES event (slug),
	actor_id BIGINT NOT NULL REFERENCES actor (id),
	role TEXT NOT NULL CHECK (role IN ('head_of_delegation', 'delegate', 'speaker',
		'observer', 'organiser')),
	created_by BIGINT REFERENCES account (id),
	created_at TEXT NOT NULL,
	PRIMARY KEY (event_slug, actor_id)
);
CREATE INDEX event_participant_actor ON event_participant (actor_id, event_slug);

CREATE TABLE event_statement (
	id INTEGER PRIMARY KEY,
	event_slug TEXT NOT NULL REFERENCES event (slug),
	session_id BIGINT REFERENCES event_session (id),
	actor_id BIGINT NOT NULL REFERENCES actor (id),
	title TEXT NOT NULL CHECK (title <> ''),
	body TEXT NOT NULL DEFAULT '',
	url TEXT,
	lang TEXT NOT NULL CHECK (lang <> ''),
	created_by BIGINT REFERENCES account (id),
	created_at TEXT NOT NULL,
	CHECK (body <> '' OR url IS NOT NULL)
);
CREATE INDEX event_statement_event ON event_statement (event_slug, created_at, id);
CREATE INDEX event_statement_actor ON event_statement (actor_id, created_at, id);

CREATE TABLE event_commitment (
	commitment_id BIGINT PRIMARY KEY REFERENCES commitment (id),
	event_slug TEXT NOT NULL REFERENCES event (slug),
	created_by BIGINT REFERENCES account (id),
	created_at TEXT NOT NULL
);
CREATE INDEX event_commitment_event ON event_commitment (event_slug, commitment_id);
