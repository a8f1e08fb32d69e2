-- 0016_withdrawn.sqlite.sql — a withdrawn commitment leaves every count
-- (SQLite; 0016_withdrawn.pg.sql is the same for PostgreSQL: keep the two
-- in step).
--
-- A commitment withdrawn by its owner (0013) keeps its page, history and
-- audit trail, but is no longer counted: not in a list or its total, not
-- in an objective's, country's, region's, actor's or the World's standing,
-- not in a feed. The standing and the lists' totals read the copies of
-- the commitment's status on its link rows (0005_standing): a withdrawn
-- commitment's copies say 'withdrawn' (a value the commitment's own status
-- never takes), so every range over those indexes that names a status, or
-- skips 'withdrawn', leaves it out without reading the commitment. The
-- World reads the commitment rows: its index now holds only the
-- commitments not withdrawn.

DROP TRIGGER commitment_objective_standing_i;
DROP TRIGGER commitment_country_standing_i;
DROP TRIGGER commitment_standing_u;

CREATE TRIGGER commitment_objective_standing_i AFTER INSERT ON commitment_objective
BEGIN
	UPDATE commitment_objective SET (status, level, target_date, activity_date) =
		(SELECT CASE WHEN c.withdrawn_at IS NULL THEN c.status ELSE 'withdrawn' END,
		 c.level, c.target_date, c.activity_date FROM commitment c
		 WHERE c.id = NEW.commitment_id)
	WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER commitment_country_standing_i AFTER INSERT ON commitment_country
BEGIN
	UPDATE commitment_country SET (status, level, target_date, activity_date) =
		(SELECT CASE WHEN c.withdrawn_at IS NULL THEN c.status ELSE 'withdrawn' END,
		 c.level, c.target_date, c.activity_date FROM commitment c
		 WHERE c.id = NEW.commitment_id)
	WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER commitment_standing_u AFTER UPDATE OF status, level, target_date, activity_date,
	withdrawn_at ON commitment
	WHEN OLD.status IS NOT NEW.status OR OLD.level IS NOT NEW.level
	OR OLD.target_date IS NOT NEW.target_date OR OLD.activity_date IS NOT NEW.activity_date
	OR (OLD.withdrawn_at IS NULL) <> (NEW.withdrawn_at IS NULL)
BEGIN
	UPDATE commitment_objective SET
		status = CASE WHEN NEW.withdrawn_at IS NULL THEN NEW.status ELSE 'withdrawn' END,
		level = NEW.level, target_date = NEW.target_date, activity_date = NEW.activity_date
	WHERE commitment_id = NEW.id;
	UPDATE commitment_country SET
		status = CASE WHEN NEW.withdrawn_at IS NULL THEN NEW.status ELSE 'withdrawn' END,
		level = NEW.level, target_date = NEW.target_date, activity_date = NEW.activity_date
	WHERE commitment_id = NEW.id;
END;

UPDATE commitment_objective SET status = 'withdrawn'
WHERE commitment_id IN (SELECT id FROM commitment WHERE withdrawn_at IS NOT NULL);
UPDATE commitment_country SET status = 'withdrawn'
WHERE commitment_id IN (SELECT id FROM commitment WHERE withdrawn_at IS NOT NULL);

DROP INDEX commitment_standing;
CREATE INDEX commitment_standing ON commitment (status, level, activity_date, target_date)
	WHERE withdrawn_at IS NULL;
