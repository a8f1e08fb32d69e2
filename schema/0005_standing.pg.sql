-- 0005_standing.pg.sql — the PostgreSQL twin of 0005_standing.sql: the
-- same columns, backfill and indexes, the triggers as PL/pgSQL functions
-- (a new link row gets its copies and marks before it is written). See
-- that file for what is copied and why. Keep the two in step.

ALTER TABLE commitment_objective ADD COLUMN status TEXT, ADD COLUMN level TEXT,
	ADD COLUMN target_date TEXT, ADD COLUMN activity_date TEXT;
ALTER TABLE commitment_country ADD COLUMN status TEXT, ADD COLUMN level TEXT,
	ADD COLUMN target_date TEXT, ADD COLUMN activity_date TEXT,
	ADD COLUMN region_once TEXT, ADD COLUMN subregion_once TEXT,
	ADD COLUMN intermediate_once TEXT;

-- The backfill.
UPDATE commitment_objective o SET status = c.status, level = c.level,
	target_date = c.target_date, activity_date = c.activity_date
	FROM commitment c WHERE c.id = o.commitment_id;
UPDATE commitment_country cc SET status = c.status, level = c.level,
	target_date = c.target_date, activity_date = c.activity_date,
	region_once = (SELECT k.region_m49 FROM country k WHERE k.iso3 = cc.iso3
		AND NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx ON kx.iso3 = x.iso3
			WHERE x.commitment_id = cc.commitment_id AND x.iso3 < cc.iso3
			AND kx.region_m49 = k.region_m49)),
	subregion_once = (SELECT k.subregion_m49 FROM country k WHERE k.iso3 = cc.iso3
		AND NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx ON kx.iso3 = x.iso3
			WHERE x.commitment_id = cc.commitment_id AND x.iso3 < cc.iso3
			AND kx.subregion_m49 = k.subregion_m49)),
	intermediate_once = (SELECT k.intermediate_m49 FROM country k WHERE k.iso3 = cc.iso3
		AND NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx ON kx.iso3 = x.iso3
			WHERE x.commitment_id = cc.commitment_id AND x.iso3 < cc.iso3
			AND kx.intermediate_m49 = k.intermediate_m49))
	FROM commitment c WHERE c.id = cc.commitment_id;

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
CREATE FUNCTION pacte_standing_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	SELECT c.status, c.level, c.target_date, c.activity_date
		INTO NEW.status, NEW.level, NEW.target_date, NEW.activity_date
		FROM commitment c WHERE c.id = NEW.commitment_id;
	RETURN NEW;
END
$$;
CREATE TRIGGER commitment_objective_standing BEFORE INSERT ON commitment_objective
	FOR EACH ROW EXECUTE FUNCTION pacte_standing_fill();
CREATE TRIGGER commitment_country_standing BEFORE INSERT ON commitment_country
	FOR EACH ROW EXECUTE FUNCTION pacte_standing_fill();

-- A new country row takes the region marks when it is the first of its
-- commitment's countries in that region (the rows written before it are
-- visible here, those of the same statement too).
CREATE FUNCTION pacte_standing_marks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx
			ON kx.iso3 = x.iso3 WHERE x.commitment_id = NEW.commitment_id
			AND x.iso3 < NEW.iso3 AND kx.region_m49 = k.region_m49) THEN k.region_m49 END,
		CASE WHEN NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx
			ON kx.iso3 = x.iso3 WHERE x.commitment_id = NEW.commitment_id
			AND x.iso3 < NEW.iso3 AND kx.subregion_m49 = k.subregion_m49)
			THEN k.subregion_m49 END,
		CASE WHEN NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx
			ON kx.iso3 = x.iso3 WHERE x.commitment_id = NEW.commitment_id
			AND x.iso3 < NEW.iso3 AND kx.intermediate_m49 = k.intermediate_m49)
			THEN k.intermediate_m49 END
		INTO NEW.region_once, NEW.subregion_once, NEW.intermediate_once
		FROM country k WHERE k.iso3 = NEW.iso3;
	RETURN NEW;
END
$$;
CREATE TRIGGER commitment_country_marks BEFORE INSERT ON commitment_country
	FOR EACH ROW EXECUTE FUNCTION pacte_standing_marks();

-- Once a country row is written, a later one (by ISO3) of the same
-- commitment gives up the marks the new one took; once one is removed, the
-- next country in its region takes the marks it held. After the whole
-- statement, so a multi-row write sees all its rows.
CREATE FUNCTION pacte_standing_country_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF NEW.region_once IS NOT NULL THEN
			UPDATE commitment_country SET region_once = NULL
			WHERE commitment_id = NEW.commitment_id AND iso3 > NEW.iso3
			AND region_once = NEW.region_once;
		END IF;
		IF NEW.subregion_once IS NOT NULL THEN
			UPDATE commitment_country SET subregion_once = NULL
			WHERE commitment_id = NEW.commitment_id AND iso3 > NEW.iso3
			AND subregion_once = NEW.subregion_once;
		END IF;
		IF NEW.intermediate_once IS NOT NULL THEN
			UPDATE commitment_country SET intermediate_once = NULL
			WHERE commitment_id = NEW.commitment_id AND iso3 > NEW.iso3
			AND intermediate_once = NEW.intermediate_once;
		END IF;
		RETURN NULL;
	END IF;
	IF OLD.region_once IS NOT NULL THEN
		UPDATE commitment_country SET region_once = OLD.region_once
		WHERE commitment_id = OLD.commitment_id
		AND iso3 = (SELECT min(x.iso3) FROM commitment_country x JOIN country kx
			ON kx.iso3 = x.iso3 WHERE x.commitment_id = OLD.commitment_id
			AND kx.region_m49 = OLD.region_once);
	END IF;
	IF OLD.subregion_once IS NOT NULL THEN
		UPDATE commitment_country SET subregion_once = OLD.subregion_once
		WHERE commitment_id = OLD.commitment_id
		AND iso3 = (SELECT min(x.iso3) FROM commitment_country x JOIN country kx
			ON kx.iso3 = x.iso3 WHERE x.commitment_id = OLD.commitment_id
			AND kx.subregion_m49 = OLD.subregion_once);
	END IF;
	IF OLD.intermediate_once IS NOT NULL THEN
		UPDATE commitment_country SET intermediate_once = OLD.intermediate_once
		WHERE commitment_id = OLD.commitment_id
		AND iso3 = (SELECT min(x.iso3) FROM commitment_country x JOIN country kx
			ON kx.iso3 = x.iso3 WHERE x.commitment_id = OLD.commitment_id
			AND kx.intermediate_m49 = OLD.intermediate_once);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER commitment_country_standing_moved AFTER INSERT OR DELETE ON commitment_country
	FOR EACH ROW EXECUTE FUNCTION pacte_standing_country_moved();

-- An edit or a progress update that changes what the aggregates read.
CREATE FUNCTION pacte_standing_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE commitment_objective SET status = NEW.status, level = NEW.level,
		target_date = NEW.target_date, activity_date = NEW.activity_date
	WHERE commitment_id = NEW.id;
	UPDATE commitment_country SET status = NEW.status, level = NEW.level,
		target_date = NEW.target_date, activity_date = NEW.activity_date
	WHERE commitment_id = NEW.id;
	RETURN NULL;
END
$$;
CREATE TRIGGER commitment_standing AFTER UPDATE OF status, level, target_date, activity_date
	ON commitment FOR EACH ROW
	WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.level IS DISTINCT FROM NEW.level
		OR OLD.target_date IS DISTINCT FROM NEW.target_date
		OR OLD.activity_date IS DISTINCT FROM NEW.activity_date)
	EXECUTE FUNCTION pacte_standing_copy();

-- A country moved to another region by new reference data: the marks of
-- every commitment naming it are recomputed (rare; the backfill's rule).
CREATE FUNCTION pacte_standing_regions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE commitment_country cc SET
		region_once = (SELECT k.region_m49 FROM country k WHERE k.iso3 = cc.iso3
			AND NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx
				ON kx.iso3 = x.iso3 WHERE x.commitment_id = cc.commitment_id
				AND x.iso3 < cc.iso3 AND kx.region_m49 = k.region_m49)),
		subregion_once = (SELECT k.subregion_m49 FROM country k WHERE k.iso3 = cc.iso3
			AND NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx
				ON kx.iso3 = x.iso3 WHERE x.commitment_id = cc.commitment_id
				AND x.iso3 < cc.iso3 AND kx.subregion_m49 = k.subregion_m49)),
		intermediate_once = (SELECT k.intermediate_m49 FROM country k WHERE k.iso3 = cc.iso3
			AND NOT EXISTS (SELECT 1 FROM commitment_country x JOIN country kx
				ON kx.iso3 = x.iso3 WHERE x.commitment_id = cc.commitment_id
				AND x.iso3 < cc.iso3 AND kx.intermediate_m49 = k.intermediate_m49))
	WHERE cc.commitment_id IN (SELECT commitment_id FROM commitment_country
		WHERE iso3 = NEW.iso3);
	RETURN NULL;
END
$$;
CREATE TRIGGER country_standing AFTER UPDATE OF region_m49, subregion_m49, intermediate_m49
	ON country FOR EACH ROW
	WHEN (OLD.region_m49 IS DISTINCT FROM NEW.region_m49
		OR OLD.subregion_m49 IS DISTINCT FROM NEW.subregion_m49
		OR OLD.intermediate_m49 IS DISTINCT FROM NEW.intermediate_m49)
	EXECUTE FUNCTION pacte_standing_regions();
