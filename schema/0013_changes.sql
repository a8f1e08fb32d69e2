-- 0013_changes.sql — the change feed's log (/api/v1/changes), and API
-- tokens' scopes and expiry (issue 12; the same on SQLite and PostgreSQL).
--
-- change_log holds one row per public record that has ever been published:
-- its kind ("commitment", "progress_update", "actor"), its id, and where it
-- stands in the feed (seq). A write that changes a public record moves the
-- record's row to the end (seq = the largest so far + 1: writers are
-- serialised, by BEGIN IMMEDIATE on SQLite and the writer lock on
-- PostgreSQL, so seq order is commit order and no seq is ever used twice).
-- A reader that remembers the last seq it saw therefore finds every record
-- changed since, once, whatever happened in between. first_seq is where the
-- record first appeared: a record first seen after a reader's cursor is
-- "created" for that reader, any other "changed". What the feed shows of a
-- record is read when the feed is read (src/domain/changes.c), never stored
-- here: a record no longer public shows as a tombstone.
CREATE TABLE change_log (
	seq BIGINT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind <> ''),
	record_id BIGINT NOT NULL,
	first_seq BIGINT NOT NULL,
	changed_at TEXT NOT NULL,
	UNIQUE (kind, record_id)
);

-- The records published before this migration, in the order they were
-- written (by time, then kind, then id): accredited or suspended actors
-- but the operators', every commitment, every progress update.
INSERT INTO change_log (seq, kind, record_id, first_seq, changed_at)
SELECT row_number() OVER (ORDER BY at, k, rid), kind, rid, row_number() OVER (ORDER BY at, k, rid), at
FROM (
	SELECT 0 AS k, 'actor' AS kind, id AS rid, created_at AS at FROM actor
		WHERE status IN ('accredited', 'suspended') AND operators = 0
	UNION ALL
	SELECT 1, 'commitment', id, updated_at FROM commitment
	UNION ALL
	SELECT 2, 'progress_update', id, created_at FROM progress_update
) published;

-- A commitment withdrawn by its owner (POST /commitments/{id}/withdraw)
-- stays, with its history and its audit trail: its page says when and
-- why it was withdrawn, and the change feed shows its tombstone.
ALTER TABLE commitment ADD COLUMN withdrawn_at TEXT;
ALTER TABLE commitment ADD COLUMN withdrawn_reason TEXT;

-- Tokens fit for scripts: what a token may do ("read": only what a GET
-- asks; "write": reads and writes), when it stops working (NULL: never,
-- for the tokens made before this migration), and when it was made to.
ALTER TABLE api_token ADD COLUMN scope TEXT NOT NULL DEFAULT 'write'
	CHECK (scope IN ('read', 'write'));
ALTER TABLE api_token ADD COLUMN expires_at TEXT;
