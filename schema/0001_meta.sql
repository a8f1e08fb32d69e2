-- 0001_meta.sql — bookkeeping every later migration relies on.
--
-- data_version holds one number that db_commit() bumps in every committed
-- write transaction; the page cache keys on it, so a write on any process or
-- node invalidates every cached page. (schema_migrations is created by
-- db_migrate itself, before any migration runs.)

CREATE TABLE data_version (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	version BIGINT NOT NULL
);

INSERT INTO data_version (id, version) VALUES (1, 1);
