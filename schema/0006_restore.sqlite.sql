-- 0006_restore: nothing to change on SQLite, where `pacte restore` defers
-- foreign keys to the commit with PRAGMA defer_foreign_keys (see
-- 0006_restore.pg.sql). The version is recorded so that both databases
-- list the same migrations.
SELECT 1;
