-- 0019_indicators.sql — what the dashboard and the world map read
-- (src/domain/dashboard.c), kept as running counts by triggers, and the
-- indicators' catalogue and series (src/domain/indicators.h). SQLite;
-- 0019_indicators.pg.sql is the same for PostgreSQL: keep the two in step.
--
-- The dashboard must not read every commitment when the page cache misses
-- (issue 16): each tally_* table holds one count per group, moved by the
-- triggers below in the transaction of the write that changes it, whoever
-- writes (the web, the importer, the demo, a restore). A group key is what
-- the row holds at that moment: a link row's copied status is NULL for an
-- instant on SQLite (0005's AFTER INSERT fill), counted under '' and moved
-- by the update that fills it, so every table always equals a GROUP BY of
-- its source. Rows are never deleted, a count may fall to 0.
--
--   tally_objective_status  commitment_objective by (objective, status)
--   tally_country_status    commitment_country by (iso3, status)
--   tally_objective_region  pairs of a commitment's objective row and its
--                           region mark (0005's region_once: once per
--                           region), by (objective, region, status)
--   tally_objective_country pairs of a commitment's objective row and its
--                           country rows, by (objective, iso3, status): an
--                           objective's map, a country's objectives
--   tally_activity          commitments by (status, activity_date): the
--                           reporting freshness is a sum over its rows,
--                           bounded by the calendar, not by the data
--   tally_created           commitments by month of creation
--   tally_reported          progress updates by month reported
-- The objective and iso3 of a link row never change (an edit deletes and
-- inserts links), so no trigger watches them.

CREATE TABLE tally_objective_status (
	objective INTEGER NOT NULL,
	status TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (objective, status)
);
CREATE TABLE tally_country_status (
	iso3 TEXT NOT NULL,
	status TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (iso3, status)
);
CREATE TABLE tally_objective_region (
	objective INTEGER NOT NULL,
	region TEXT NOT NULL,
	status TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (objective, region, status)
);
CREATE TABLE tally_objective_country (
	objective INTEGER NOT NULL,
	iso3 TEXT NOT NULL,
	status TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (objective, iso3, status)
);
CREATE INDEX tally_objective_country_iso3 ON tally_objective_country (iso3, objective);
CREATE TABLE tally_activity (
	status TEXT NOT NULL,
	activity_date TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (status, activity_date)
);
CREATE TABLE tally_created (
	month TEXT NOT NULL PRIMARY KEY,
	n BIGINT NOT NULL
);
CREATE TABLE tally_reported (
	month TEXT NOT NULL PRIMARY KEY,
	n BIGINT NOT NULL
);

-- The backfill.
INSERT INTO tally_objective_status (objective, status, n)
	SELECT objective, coalesce(status, ''), count(*) FROM commitment_objective
	GROUP BY objective, coalesce(status, '');
INSERT INTO tally_country_status (iso3, status, n)
	SELECT iso3, coalesce(status, ''), count(*) FROM commitment_country
	GROUP BY iso3, coalesce(status, '');
INSERT INTO tally_objective_region (objective, region, status, n)
	SELECT o.objective, k.region_once, coalesce(o.status, ''), count(*)
	FROM commitment_objective o JOIN commitment_country k ON k.commitment_id = o.commitment_id
	WHERE k.region_once IS NOT NULL
	GROUP BY o.objective, k.region_once, coalesce(o.status, '');
INSERT INTO tally_objective_country (objective, iso3, status, n)
	SELECT o.objective, k.iso3, coalesce(o.status, ''), count(*)
	FROM commitment_objective o JOIN commitment_country k ON k.commitment_id = o.commitment_id
	GROUP BY o.objective, k.iso3, coalesce(o.status, '');
INSERT INTO tally_activity (status, activity_date, n)
	SELECT status, coalesce(activity_date, ''), count(*) FROM commitment
	GROUP BY status, coalesce(activity_date, '');
INSERT INTO tally_created (month, n)
	SELECT substr(created_at, 1, 7), count(*) FROM commitment GROUP BY substr(created_at, 1, 7);
INSERT INTO tally_reported (month, n)
	SELECT substr(reported_at, 1, 7), count(*) FROM progress_update
	GROUP BY substr(reported_at, 1, 7);

-- commitment_objective: its status group, and its pairs with the
-- commitment's region marks.
CREATE TRIGGER tally_objective_i AFTER INSERT ON commitment_objective
BEGIN
	INSERT INTO tally_objective_status (objective, status, n)
		VALUES (NEW.objective, coalesce(NEW.status, ''), 1)
		ON CONFLICT (objective, status) DO UPDATE SET n = n + 1;
	INSERT INTO tally_objective_region (objective, region, status, n)
		SELECT NEW.objective, region_once, coalesce(NEW.status, ''), 1 FROM commitment_country
		WHERE commitment_id = NEW.commitment_id AND region_once IS NOT NULL
		ON CONFLICT (objective, region, status) DO UPDATE SET n = n + 1;
	INSERT INTO tally_objective_country (objective, iso3, status, n)
		SELECT NEW.objective, iso3, coalesce(NEW.status, ''), 1 FROM commitment_country
		WHERE commitment_id = NEW.commitment_id
		ON CONFLICT (objective, iso3, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_objective_d AFTER DELETE ON commitment_objective
BEGIN
	UPDATE tally_objective_country SET n = n - 1
	WHERE objective = OLD.objective AND status = coalesce(OLD.status, '')
	AND iso3 IN (SELECT iso3 FROM commitment_country WHERE commitment_id = OLD.commitment_id);
	UPDATE tally_objective_status SET n = n - 1
	WHERE objective = OLD.objective AND status = coalesce(OLD.status, '');
	UPDATE tally_objective_region SET n = n - 1
	WHERE objective = OLD.objective AND status = coalesce(OLD.status, '')
	AND region IN (SELECT region_once FROM commitment_country
		WHERE commitment_id = OLD.commitment_id AND region_once IS NOT NULL);
END;
CREATE TRIGGER tally_objective_u AFTER UPDATE OF status ON commitment_objective
	WHEN OLD.status IS NOT NEW.status
BEGIN
	UPDATE tally_objective_country SET n = n - 1
	WHERE objective = OLD.objective AND status = coalesce(OLD.status, '')
	AND iso3 IN (SELECT iso3 FROM commitment_country WHERE commitment_id = OLD.commitment_id);
	INSERT INTO tally_objective_country (objective, iso3, status, n)
		SELECT NEW.objective, iso3, coalesce(NEW.status, ''), 1 FROM commitment_country
		WHERE commitment_id = NEW.commitment_id
		ON CONFLICT (objective, iso3, status) DO UPDATE SET n = n + 1;
	UPDATE tally_objective_status SET n = n - 1
	WHERE objective = OLD.objective AND status = coalesce(OLD.status, '');
	INSERT INTO tally_objective_status (objective, status, n)
		VALUES (NEW.objective, coalesce(NEW.status, ''), 1)
		ON CONFLICT (objective, status) DO UPDATE SET n = n + 1;
	UPDATE tally_objective_region SET n = n - 1
	WHERE objective = OLD.objective AND status = coalesce(OLD.status, '')
	AND region IN (SELECT region_once FROM commitment_country
		WHERE commitment_id = OLD.commitment_id AND region_once IS NOT NULL);
	INSERT INTO tally_objective_region (objective, region, status, n)
		SELECT NEW.objective, region_once, coalesce(NEW.status, ''), 1 FROM commitment_country
		WHERE commitment_id = NEW.commitment_id AND region_once IS NOT NULL
		ON CONFLICT (objective, region, status) DO UPDATE SET n = n + 1;
END;

-- commitment_country: its status group, and its region mark's pairs with
-- the commitment's objectives (a mark arrives by 0005's update on SQLite).
CREATE TRIGGER tally_country_i AFTER INSERT ON commitment_country
BEGIN
	INSERT INTO tally_country_status (iso3, status, n)
		VALUES (NEW.iso3, coalesce(NEW.status, ''), 1)
		ON CONFLICT (iso3, status) DO UPDATE SET n = n + 1;
	INSERT INTO tally_objective_region (objective, region, status, n)
		SELECT objective, NEW.region_once, coalesce(status, ''), 1 FROM commitment_objective
		WHERE commitment_id = NEW.commitment_id AND NEW.region_once IS NOT NULL
		ON CONFLICT (objective, region, status) DO UPDATE SET n = n + 1;
	INSERT INTO tally_objective_country (objective, iso3, status, n)
		SELECT objective, NEW.iso3, coalesce(status, ''), 1 FROM commitment_objective
		WHERE commitment_id = NEW.commitment_id
		ON CONFLICT (objective, iso3, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_country_d AFTER DELETE ON commitment_country
BEGIN
	UPDATE tally_objective_country SET n = n - 1
	WHERE iso3 = OLD.iso3 AND (objective, status) IN (
		SELECT objective, coalesce(status, '') FROM commitment_objective
		WHERE commitment_id = OLD.commitment_id);
	UPDATE tally_country_status SET n = n - 1
	WHERE iso3 = OLD.iso3 AND status = coalesce(OLD.status, '');
	UPDATE tally_objective_region SET n = n - 1
	WHERE region = OLD.region_once AND (objective, status) IN (
		SELECT objective, coalesce(status, '') FROM commitment_objective
		WHERE commitment_id = OLD.commitment_id);
END;
CREATE TRIGGER tally_country_status_u AFTER UPDATE OF status ON commitment_country
	WHEN OLD.status IS NOT NEW.status
BEGIN
	UPDATE tally_country_status SET n = n - 1
	WHERE iso3 = OLD.iso3 AND status = coalesce(OLD.status, '');
	INSERT INTO tally_country_status (iso3, status, n)
		VALUES (NEW.iso3, coalesce(NEW.status, ''), 1)
		ON CONFLICT (iso3, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_country_mark_u AFTER UPDATE OF region_once ON commitment_country
	WHEN OLD.region_once IS NOT NEW.region_once
BEGIN
	UPDATE tally_objective_region SET n = n - 1
	WHERE region = OLD.region_once AND (objective, status) IN (
		SELECT objective, coalesce(status, '') FROM commitment_objective
		WHERE commitment_id = OLD.commitment_id);
	INSERT INTO tally_objective_region (objective, region, status, n)
		SELECT objective, NEW.region_once, coalesce(status, ''), 1 FROM commitment_objective
		WHERE commitment_id = NEW.commitment_id AND NEW.region_once IS NOT NULL
		ON CONFLICT (objective, region, status) DO UPDATE SET n = n + 1;
END;

-- commitment: its freshness group and its month of creation.
CREATE TRIGGER tally_commitment_i AFTER INSERT ON commitment
BEGIN
	INSERT INTO tally_activity (status, activity_date, n)
		VALUES (NEW.status, coalesce(NEW.activity_date, ''), 1)
		ON CONFLICT (status, activity_date) DO UPDATE SET n = n + 1;
	INSERT INTO tally_created (month, n) VALUES (substr(NEW.created_at, 1, 7), 1)
		ON CONFLICT (month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_commitment_d AFTER DELETE ON commitment
BEGIN
	UPDATE tally_activity SET n = n - 1
	WHERE status = OLD.status AND activity_date = coalesce(OLD.activity_date, '');
	UPDATE tally_created SET n = n - 1 WHERE month = substr(OLD.created_at, 1, 7);
END;
CREATE TRIGGER tally_commitment_u AFTER UPDATE OF status, activity_date ON commitment
	WHEN OLD.status IS NOT NEW.status OR OLD.activity_date IS NOT NEW.activity_date
BEGIN
	UPDATE tally_activity SET n = n - 1
	WHERE status = OLD.status AND activity_date = coalesce(OLD.activity_date, '');
	INSERT INTO tally_activity (status, activity_date, n)
		VALUES (NEW.status, coalesce(NEW.activity_date, ''), 1)
		ON CONFLICT (status, activity_date) DO UPDATE SET n = n + 1;
END;

-- progress_update is append-only (0004): only inserts to count.
CREATE TRIGGER tally_reported_i AFTER INSERT ON progress_update
BEGIN
	INSERT INTO tally_reported (month, n) VALUES (substr(NEW.reported_at, 1, 7), 1)
		ON CONFLICT (month) DO UPDATE SET n = n + 1;
END;

-- Indicators (src/domain/indicators.h): the catalogue, loaded by `pacte
-- init` from data/indicators.csv (each entry citing its source), the
-- objectives each measures, and the national series: one value per
-- indicator, country, breakdown (sex, age, migratory status: SDMX codes,
-- '_T' for the total) and year, imported from SDMX-CSV.
CREATE TABLE indicator (
	code TEXT PRIMARY KEY CHECK (code <> ''),
	sdg TEXT,
	name_en TEXT NOT NULL CHECK (name_en <> ''),
	name_fr TEXT NOT NULL CHECK (name_fr <> ''),
	unit TEXT NOT NULL CHECK (unit IN ('PERCENT', 'NUMBER', 'PER_100000', 'SCORE', 'USD')),
	direction TEXT NOT NULL CHECK (direction IN ('up', 'down', 'none')),
	target DOUBLE PRECISION,
	target_year INTEGER,
	custodian TEXT NOT NULL CHECK (custodian <> ''),
	source TEXT NOT NULL CHECK (source <> ''),
	source_url TEXT NOT NULL CHECK (source_url LIKE 'https://%'),
	position INTEGER NOT NULL
);
CREATE TABLE indicator_objective (
	code TEXT NOT NULL REFERENCES indicator (code),
	objective INTEGER NOT NULL REFERENCES objective (number),
	PRIMARY KEY (code, objective)
);
CREATE TABLE indicator_value (
	code TEXT NOT NULL REFERENCES indicator (code),
	iso3 TEXT NOT NULL REFERENCES country (iso3),
	sex TEXT NOT NULL CHECK (sex IN ('_T', 'F', 'M')),
	age TEXT NOT NULL CHECK (age IN ('_T', 'Y_LT18', 'Y_GE18')),
	migratory_status TEXT NOT NULL CHECK (migratory_status IN ('_T', 'MIGRANT', 'NON_MIGRANT')),
	period INTEGER NOT NULL CHECK (period BETWEEN 1900 AND 2100),
	value DOUBLE PRECISION NOT NULL,
	-- real, or synthetic (pacte demo): shown under a banner, as commitments are
	origin TEXT NOT NULL DEFAULT 'real' CHECK (origin IN ('real', 'synthetic')),
	PRIMARY KEY (code, iso3, sex, age, migratory_status, period)
);
-- An indicator's map reads each country's latest total value.
CREATE INDEX indicator_value_latest ON indicator_value (code, sex, age, migratory_status, iso3, period);
