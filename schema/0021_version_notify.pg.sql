-- 0021_version_notify.pg.sql — every commit's new data version announced on
-- the channel pacte_data_version, so that each serving node keeps the
-- version in memory (src/platform/db_pg_listen.c) instead of asking the
-- server on every request. A notification is delivered when its
-- transaction commits, and never when it rolls back: a node can never hear
-- of a version whose data it cannot yet read.
CREATE FUNCTION data_version_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('pacte_data_version', NEW.version::text);
	RETURN NULL;
END
$$;

CREATE TRIGGER data_version_notify AFTER UPDATE ON data_version
	FOR EACH ROW EXECUTE FUNCTION data_version_notify();
