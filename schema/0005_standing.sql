-- 0005_standing.sql — what "where each objective stands" reads of a
-- commitment, copied onto the rows that put it in a scope, so that each
-- aggregate is one range of one narrow index (src/domain/standing.c)
-- instead of a lookup of every commitment in scope (SQLite;
-- 0005_standing.pg.sql is the same for PostgreSQL: keep the two in step).
--
-- Copied onto commitment_objective and commitment_country: the current
-- status, the level, the target date (overdue) and the activity date
-- (freshness). Only these inputs are stored: "today" never is, so overdue
-- and inactive are still decided at read time and stay right without a
-- nightly job.
--
-- A region counts a commitment once, however many of its countries lie in
-- it: region_once, subregion_once and intermediate_once hold the country's
-- M49 code on the commitment's first country (by ISO3) in that region,
-- sub-region and intermediate region, and NULL on the others.
--
-- Triggers keep every copy in step in the transaction of the write that
-- changes it, whoever writes (the web, the importer, the demo, a restore):
-- a new link row takes its commitment's values (whatever its writer gave);
-- a change of status, level or dates on the commitment (an edit,
-- progress_refresh) is copied to its links;
-- adding or removing a country moves the region marks; a country moving
-- to another region (reference data) recomputes the marks of the
-- commitments that name it.

ALTER TABLE commitment_objective ADD COLUMN status TEXT;
ALTER TABLE commitment_objective ADD COLUMN level TEXT;
ALTER TABLE commitment_objective ADD COLUMN target_date TEXT;
ALTER TABLE commitment_objective ADD COLUMN activity_date TEXT;

ALTER TABLE commitment_country ADD COLUMN status TEXT;
ALTER TABLE commitment_country ADD COLUMN level TEXT;
ALTER TABLE commitment_country ADD COLUMN target_date TEXT;
ALTER TABLE commitment_country ADD COLUMN activity_date TEXT;
ALTER TABLE commitment_country ADD COLUMN region_once TEXT;
ALTER TABLE commitment_country ADD COLUMN subregion_once TEXT;
ALTER TABLE commitment_country ADD COLUMN intermediate_once TEXT;

-- The backfill.
UPDATE commitment_objective SET (status, level, target_date, activity_date) =
	(SELECT c.status, c.level, c.target_date, c.activity_date FROM commitment c
	 WHERE c.id = commitment_objective.commitment_id);
UPDATE commitment_country SET (status, level, target_date, activity_date) =
	(SELECT c.status, c.level, c.target_date, c.activity_date FROM commitment c
	 WHERE c.id = commitment_country.commitment_id);
UPDATE commitment_country SET
	region_once = (SELECT k.region_m49 FROM country k WHERE k.iso3 = commitment_country.iso3
		AND NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx ON kx.iso3 = x.iso3
			WHERE x.commitment_id = commitment_country.commitment_id
			AND x.iso3 < commitment_country.iso3 AND kx.region_m49 = k.region_m49)),
	subregion_once = (SELECT k.subregion_m49 FROM country k WHERE k.iso3 = commitment_country.iso3
		AND NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx ON kx.iso3 = x.iso3
			WHERE x.commitment_id = commitment_country.commitment_id
			AND x.iso3 < commitment_country.iso3 AND kx.subregion_m49 = k.subregion_m49)),
	intermediate_once = (SELECT k.intermediate_m49 FROM country k
		WHERE k.iso3 = commitment_country.iso3
		AND NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx ON kx.iso3 = x.iso3
			WHERE x.commitment_id = commitment_country.commitment_id
			AND x.iso3 < commitment_country.iso3
			AND kx.intermediate_m49 = k.intermediate_m49));

-- Each scope's rows in the order the aggregate groups them (status, level),
-- with the two dates it compares last: the GROUP BY reads the index alone,
-- in order, without sorting. The World (M49 001) reads every commitment.
-- commitment_id comes last so that the lists' "c.id IN (SELECT commitment_id
-- ... WHERE objective = $1)" can read these two indexes alone as well: a
-- planner without statistics for them (a database migrated but not yet
-- analysed) may pick them over the older two-column ones.
CREATE INDEX commitment_objective_standing ON commitment_objective
	(objective, status, level, activity_date, target_date, commitment_id);
CREATE INDEX commitment_country_standing ON commitment_country
	(iso3, status, level, activity_date, target_date, commitment_id);
CREATE INDEX commitment_country_region_standing ON commitment_country
	(region_once, status, level, activity_date, target_date) WHERE region_once IS NOT NULL;
CREATE INDEX commitment_country_subregion_standing ON commitment_country
	(subregion_once, status, level, activity_date, target_date) WHERE subregion_once IS NOT NULL;
CREATE INDEX commitment_country_intermediate_standing ON commitment_country
	(intermediate_once, status, level, activity_date, target_date)
	WHERE intermediate_once IS NOT NULL;
CREATE INDEX commitment_standing ON commitment (status, level, activity_date, target_date);

-- A new link row takes its commitment's values.
CREATE TRIGGER commitment_objective_standing_i AFTER INSERT ON commitment_objective
BEGIN
	UPDATE commitment_objective SET (status, level, target_date, activity_date) =
		(SELECT c.status, c.level, c.target_date, c.activity_date FROM commitment c
		 WHERE c.id = NEW.commitment_id)
	WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER commitment_country_standing_i AFTER INSERT ON commitment_country
BEGIN
	UPDATE commitment_country SET (status, level, target_date, activity_date) =
		(SELECT c.status, c.level, c.target_date, c.activity_date FROM commitment c
		 WHERE c.id = NEW.commitment_id)
	WHERE rowid = NEW.rowid;
END;

-- A new country row takes the region marks when it is the first of its
-- commitment's countries in that region, and takes them from a later one
-- (by ISO3) that had them.
CREATE TRIGGER commitment_country_marks_i AFTER INSERT ON commitment_country
BEGIN
	UPDATE commitment_country SET
	region_once = (SELECT k.region_m49 FROM country k WHERE k.iso3 = NEW.iso3
		AND NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx ON kx.iso3 = x.iso3
			WHERE x.commitment_id = NEW.commitment_id AND x.iso3 < NEW.iso3
			AND kx.region_m49 = k.region_m49)),
	subregion_once = (SELECT k.subregion_m49 FROM country k WHERE k.iso3 = NEW.iso3
		AND NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx ON kx.iso3 = x.iso3
			WHERE x.commitment_id = NEW.commitment_id AND x.iso3 < NEW.iso3
			AND kx.subregion_m49 = k.subregion_m49)),
	intermediate_once = (SELECT k.intermediate_m49 FROM country k WHERE k.iso3 = NEW.iso3
		AND NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx ON kx.iso3 = x.iso3
			WHERE x.commitment_id = NEW.commitment_id AND x.iso3 < NEW.iso3
			AND kx.intermediate_m49 = k.intermediate_m49))
	WHERE rowid = NEW.rowid;
	UPDATE commitment_country SET region_once = NULL
	WHERE commitment_id = NEW.commitment_id AND iso3 > NEW.iso3
	AND region_once = (SELECT region_m49 FROM country WHERE iso3 = NEW.iso3);
	UPDATE commitment_country SET subregion_once = NULL
	WHERE commitment_id = NEW.commitment_id AND iso3 > NEW.iso3
	AND subregion_once = (SELECT subregion_m49 FROM country WHERE iso3 = NEW.iso3);
	UPDATE commitment_country SET intermediate_once = NULL
	WHERE commitment_id = NEW.commitment_id AND iso3 > NEW.iso3
	AND intermediate_once = (SELECT intermediate_m49 FROM country WHERE iso3 = NEW.iso3);
END;

-- A removed country row that held a mark hands it to the next country of
-- the same commitment in that region, if any.
CREATE TRIGGER commitment_country_standing_d AFTER DELETE ON commitment_country
BEGIN
	UPDATE commitment_country SET region_once = OLD.region_once
	WHERE OLD.region_once IS NOT NULL AND commitment_id = OLD.commitment_id
	AND iso3 = (SELECT min(x.iso3) FROM commitment_country x JOIN country kx ON kx.iso3 = x.iso3
		WHERE x.commitment_id = OLD.commitment_id AND kx.region_m49 = OLD.region_once);
	UPDATE commitment_country SET subregion_once = OLD.subregion_once
	WHERE OLD.subregion_once IS NOT NULL AND commitment_id = OLD.commitment_id
	AND iso3 = (SELECT min(x.iso3) FROM commitment_country x JOIN country kx ON kx.iso3 = x.iso3
		WHERE x.commitment_id = OLD.commitment_id AND kx.subregion_m49 = OLD.subregion_once);
	UPDATE commitment_country SET intermediate_once = OLD.intermediate_once
	WHERE OLD.intermediate_once IS NOT NULL AND commitment_id = OLD.commitment_id
	AND iso3 = (SELECT min(x.iso3) FROM commitment_country x JOIN country kx ON kx.iso3 = x.iso3
		WHERE x.commitment_id = OLD.commitment_id
		AND kx.intermediate_m49 = OLD.intermediate_once);
END;

-- An edit or a progress update that changes what the aggregates read.
CREATE TRIGGER commitment_standing_u AFTER UPDATE OF status, level, target_date, activity_date
	ON commitment
	WHEN OLD.status IS NOT NEW.status OR OLD.level IS NOT NEW.level
	OR OLD.target_date IS NOT NEW.target_date OR OLD.activity_date IS NOT NEW.activity_date
BEGIN
	UPDATE commitment_objective SET status = NEW.status, level = NEW.level,
		target_date = NEW.target_date, activity_date = NEW.activity_date
	WHERE commitment_id = NEW.id;
	UPDATE commitment_country SET status = NEW.status, level = NEW.level,
		target_date = NEW.target_date, activity_date = NEW.activity_date
	WHERE commitment_id = NEW.id;
END;

-- A country moved to another region by new reference data: the marks of
-- every commitment naming it are recomputed (rare; the backfill's rule).
CREATE TRIGGER country_standing_u AFTER UPDATE OF region_m49, subregion_m49, intermediate_m49
	ON country
	WHEN OLD.region_m49 IS NOT NEW.region_m49 OR OLD.subregion_m49 IS NOT NEW.subregion_m49
	OR OLD.intermediate_m49 IS NOT NEW.intermediate_m49
BEGIN
	UPDATE commitment_country SET
		region_once = (SELECT k.region_m49 FROM country k WHERE k.iso3 = commitment_country.iso3
			AND NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx
				ON kx.iso3 = x.iso3 WHERE x.commitment_id = commitment_country.commitment_id
				AND x.iso3 < commitment_country.iso3 AND kx.region_m49 = k.region_m49)),
		subregion_once = (SELECT k.subregion_m49 FROM country k
			WHERE k.iso3 = commitment_country.iso3
			AND NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx
				ON kx.iso3 = x.iso3 WHERE x.commitment_id = commitment_country.commitment_id
				AND x.iso3 < commitment_country.iso3 AND kx.subregion_m49 = k.subregion_m49)),
		intermediate_once = (SELECT k.intermediate_m49 FROM country k
			WHERE k.iso3 = commitment_country.iso3
			AND NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx
				ON kx.iso3 = x.iso3 WHERE x.commitment_id = commitment_country.commitment_id
				AND x.iso3 < commitment_country.iso3
				AND kx.intermediate_m49 = k.intermediate_m49))
	WHERE commitment_id IN (SELECT commitment_id FROM commitment_country WHERE iso3 = NEW.iso3);
END;
