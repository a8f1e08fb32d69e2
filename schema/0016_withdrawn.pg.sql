-- 0016_withdrawn.pg.sql — a withdrawn commitment leaves every count
-- (PostgreSQL; 0016_withdrawn.sqlite.sql says why, and is the same for
-- SQLite: keep the two in step). The link rows' copies of a withdrawn
-- commitment's status say 'withdrawn'; the World's index holds only the
-- commitments not withdrawn.

CREATE OR REPLACE FUNCTION pacte_standing_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	SELECT CASE WHEN c.withdrawn_at IS NULL THEN c.status ELSE 'withdrawn' END,
		c.level, c.target_date, c.activity_date
		INTO NEW.status, NEW.level, NEW.target_date, NEW.activity_date
		FROM commitment c WHERE c.id = NEW.commitment_id;
	RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION pacte_standing_copy() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	st TEXT := CASE WHEN NEW.withdrawn_at IS NULL THEN NEW.status ELSE 'withdrawn' END;
BEGIN
	UPDATE commitment_objective SET status = st, level = NEW.level,
		target_date = NEW.target_date, activity_date = NEW.activity_date
	WHERE commitment_id = NEW.id;
	UPDATE commitment_country SET status = st, level = NEW.level,
		target_date = NEW.target_date, activity_date = NEW.activity_date
	WHERE commitment_id = NEW.id;
	RETURN NULL;
END
$$;

DROP TRIGGER commitment_standing ON commitment;
CREATE TRIGGER commitment_standing AFTER UPDATE OF status, level, target_date, activity_date,
	withdrawn_at ON commitment FOR EACH ROW
	WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.level IS DISTINCT FROM NEW.level
		OR OLD.target_date IS DISTINCT FROM NEW.target_date
		OR OLD.activity_date IS DISTINCT FROM NEW.activity_date
		OR (OLD.withdrawn_at IS NULL) <> (NEW.withdrawn_at IS NULL))
	EXECUTE FUNCTION pacte_standing_copy();

UPDATE commitment_objective SET status = 'withdrawn'
WHERE commitment_id IN (SELECT id FROM commitment WHERE withdrawn_at IS NOT NULL);
UPDATE commitment_country SET status = 'withdrawn'
WHERE commitment_id IN (SELECT id FROM commitment WHERE withdrawn_at IS NOT NULL);

DROP INDEX commitment_standing;
CREATE INDEX commitment_standing ON commitment (status, level, activity_date, target_date)
	WHERE withdrawn_at IS NULL;
