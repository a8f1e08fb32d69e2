-- 0021_version_notify.sqlite.sql — nothing to do on SQLite: its twin
-- (0021_version_notify.pg.sql) lets PostgreSQL nodes hear of each commit;
-- a SQLite node reads the version from its own file, without a round trip
-- to save. The number must exist on both backends (db.c, migrations).
SELECT 1;
