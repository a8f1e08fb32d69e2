-- 0023_dashboard_series.sql — more running counts for the dashboard
-- (src/domain/dashboard.c), kept like 0019's tally_* tables: moved by the
-- triggers below in the transaction of the write, so /dashboard never
-- reads every practice or hub item when the page cache misses (issue 16).
-- SQLite; 0023_dashboard_series.pg.sql is the same for PostgreSQL: keep
-- the two in step.
--
--   tally_practice_objective  practice_objective rows by (objective, the
--                             practice's status): published practices
--                             per objective
--   tally_hub_objective       hub_item_objective rows by (the item's side,
--                             objective, the item's status): open needs
--                             per objective
--   tally_practice_country    practice_country rows by (iso3, the
--                             practice's status): the map's practices
--   tally_hub_country         hub_item_country rows by (side, iso3, the
--                             item's status): the map's open needs
--   tally_country_activity    commitment_country rows by (iso3, the
--                             commitment's status and activity date): the
--                             map's overdue share: the commitments not
--                             closed (tally_country_status) less those
--                             of its rows active within the year)
--   region_mark               why a practice or a hub item stands in a
--                             region (one of the five): k reasons, its
--                             countries of that region and (a practice)
--                             the region named itself; counted once
--                             while k > 0, as /practices?region= lists
--   tally_practice_region     practices marked in a region by (region,
--                             status); tally_hub_region the hub items by
--                             (side, region, status)
--   assessment_latest         each commitment's latest final assessment
--                             (the highest id, as assessments.c reads it)
--   tally_assessed            those by (the commitment's status, the
--                             assessment's completion): self-reported
--                             beside independently assessed
-- An assessment is never deleted and its completion never changes once
-- final (0018, assessments.h): only its arrival as final moves a count.
-- A link row's objective never changes (an edit deletes and inserts
-- links); the status lives on the parent row, whose update moves every
-- link's count. Rows are never deleted, a count may fall to 0.

CREATE TABLE tally_practice_objective (
	objective INTEGER NOT NULL,
	status TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (objective, status)
);
CREATE TABLE tally_hub_objective (
	side TEXT NOT NULL,
	objective INTEGER NOT NULL,
	status TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (side, objective, status)
);

CREATE TABLE tally_practice_country (
	iso3 TEXT NOT NULL,
	status TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (iso3, status)
);
CREATE TABLE tally_hub_country (
	side TEXT NOT NULL,
	iso3 TEXT NOT NULL,
	status TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (side, iso3, status)
);

INSERT INTO tally_practice_country (iso3, status, n)
	SELECT k.iso3, p.status, count(*) FROM practice_country k
	JOIN practice p ON p.id = k.practice_id GROUP BY k.iso3, p.status;
INSERT INTO tally_hub_country (side, iso3, status, n)
	SELECT i.side, k.iso3, i.status, count(*) FROM hub_item_country k
	JOIN hub_item i ON i.id = k.item_id GROUP BY i.side, k.iso3, i.status;
INSERT INTO tally_practice_objective (objective, status, n)
	SELECT o.objective, p.status, count(*) FROM practice_objective o
	JOIN practice p ON p.id = o.practice_id GROUP BY o.objective, p.status;
INSERT INTO tally_hub_objective (side, objective, status, n)
	SELECT i.side, o.objective, i.status, count(*) FROM hub_item_objective o
	JOIN hub_item i ON i.id = o.item_id GROUP BY i.side, o.objective, i.status;

CREATE TRIGGER tally_practice_objective_i AFTER INSERT ON practice_objective
BEGIN
	INSERT INTO tally_practice_objective (objective, status, n)
		SELECT NEW.objective, status, 1 FROM practice WHERE id = NEW.practice_id
		ON CONFLICT (objective, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_practice_objective_d AFTER DELETE ON practice_objective
BEGIN
	UPDATE tally_practice_objective SET n = n - 1 WHERE objective = OLD.objective
	AND status = (SELECT status FROM practice WHERE id = OLD.practice_id);
END;
CREATE TRIGGER tally_practice_status_u AFTER UPDATE OF status ON practice
	WHEN OLD.status IS NOT NEW.status
BEGIN
	UPDATE tally_practice_objective SET n = n - 1 WHERE status = OLD.status
	AND objective IN (SELECT objective FROM practice_objective WHERE practice_id = OLD.id);
	INSERT INTO tally_practice_objective (objective, status, n)
		SELECT objective, NEW.status, 1 FROM practice_objective WHERE practice_id = NEW.id
		ON CONFLICT (objective, status) DO UPDATE SET n = n + 1;
	UPDATE tally_practice_country SET n = n - 1 WHERE status = OLD.status
	AND iso3 IN (SELECT iso3 FROM practice_country WHERE practice_id = OLD.id);
	INSERT INTO tally_practice_country (iso3, status, n)
		SELECT iso3, NEW.status, 1 FROM practice_country WHERE practice_id = NEW.id
		ON CONFLICT (iso3, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_practice_country_i AFTER INSERT ON practice_country
BEGIN
	INSERT INTO tally_practice_country (iso3, status, n)
		SELECT NEW.iso3, status, 1 FROM practice WHERE id = NEW.practice_id
		ON CONFLICT (iso3, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_practice_country_d AFTER DELETE ON practice_country
BEGIN
	UPDATE tally_practice_country SET n = n - 1 WHERE iso3 = OLD.iso3
	AND status = (SELECT status FROM practice WHERE id = OLD.practice_id);
END;

CREATE TRIGGER tally_hub_objective_i AFTER INSERT ON hub_item_objective
BEGIN
	INSERT INTO tally_hub_objective (side, objective, status, n)
		SELECT side, NEW.objective, status, 1 FROM hub_item WHERE id = NEW.item_id
		ON CONFLICT (side, objective, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_hub_objective_d AFTER DELETE ON hub_item_objective
BEGIN
	UPDATE tally_hub_objective SET n = n - 1 WHERE objective = OLD.objective
	AND (side, status) IN (SELECT side, status FROM hub_item WHERE id = OLD.item_id);
END;
CREATE TRIGGER tally_hub_status_u AFTER UPDATE OF status ON hub_item
	WHEN OLD.status IS NOT NEW.status
BEGIN
	UPDATE tally_hub_objective SET n = n - 1 WHERE side = OLD.side AND status = OLD.status
	AND objective IN (SELECT objective FROM hub_item_objective WHERE item_id = OLD.id);
	INSERT INTO tally_hub_objective (side, objective, status, n)
		SELECT NEW.side, objective, NEW.status, 1 FROM hub_item_objective WHERE item_id = NEW.id
		ON CONFLICT (side, objective, status) DO UPDATE SET n = n + 1;
	UPDATE tally_hub_country SET n = n - 1 WHERE side = OLD.side AND status = OLD.status
	AND iso3 IN (SELECT iso3 FROM hub_item_country WHERE item_id = OLD.id);
	INSERT INTO tally_hub_country (side, iso3, status, n)
		SELECT NEW.side, iso3, NEW.status, 1 FROM hub_item_country WHERE item_id = NEW.id
		ON CONFLICT (side, iso3, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_hub_country_i AFTER INSERT ON hub_item_country
BEGIN
	INSERT INTO tally_hub_country (side, iso3, status, n)
		SELECT side, NEW.iso3, status, 1 FROM hub_item WHERE id = NEW.item_id
		ON CONFLICT (side, iso3, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_hub_country_d AFTER DELETE ON hub_item_country
BEGIN
	UPDATE tally_hub_country SET n = n - 1 WHERE iso3 = OLD.iso3
	AND (side, status) IN (SELECT side, status FROM hub_item WHERE id = OLD.item_id);
END;

CREATE TABLE assessment_latest (
	commitment_id BIGINT NOT NULL PRIMARY KEY,
	assessment_id BIGINT NOT NULL,
	completion TEXT NOT NULL
);
CREATE TABLE tally_assessed (
	status TEXT NOT NULL,
	completion TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (status, completion)
);

INSERT INTO assessment_latest (commitment_id, assessment_id, completion)
	SELECT a.commitment_id, a.id, a.completion FROM assessment a
	WHERE a.status = 'final' AND a.id = (SELECT max(l.id) FROM assessment l
		WHERE l.commitment_id = a.commitment_id AND l.status = 'final');
INSERT INTO tally_assessed (status, completion, n)
	SELECT c.status, l.completion, count(*) FROM assessment_latest l
	JOIN commitment c ON c.id = l.commitment_id GROUP BY c.status, l.completion;

-- An assessment becoming final (inserted so, or finalised) replaces its
-- commitment's latest when it is newer.
CREATE TRIGGER tally_assessed_i AFTER INSERT ON assessment WHEN NEW.status = 'final'
BEGIN
	UPDATE tally_assessed SET n = n - 1 WHERE (status, completion) IN (
		SELECT c.status, l.completion FROM assessment_latest l JOIN commitment c
		ON c.id = l.commitment_id WHERE l.commitment_id = NEW.commitment_id
		AND l.assessment_id < NEW.id);
	INSERT INTO tally_assessed (status, completion, n)
		SELECT status, NEW.completion, 1 FROM commitment WHERE id = NEW.commitment_id
		AND NOT EXISTS (SELECT 1 FROM assessment_latest WHERE commitment_id = NEW.commitment_id
			AND assessment_id > NEW.id)
		ON CONFLICT (status, completion) DO UPDATE SET n = n + 1;
	INSERT INTO assessment_latest (commitment_id, assessment_id, completion)
		VALUES (NEW.commitment_id, NEW.id, NEW.completion)
		ON CONFLICT (commitment_id) DO UPDATE SET assessment_id = excluded.assessment_id,
		completion = excluded.completion WHERE assessment_id < excluded.assessment_id;
END;
CREATE TRIGGER tally_assessed_u AFTER UPDATE OF status ON assessment
	WHEN NEW.status = 'final' AND OLD.status <> 'final'
BEGIN
	UPDATE tally_assessed SET n = n - 1 WHERE (status, completion) IN (
		SELECT c.status, l.completion FROM assessment_latest l JOIN commitment c
		ON c.id = l.commitment_id WHERE l.commitment_id = NEW.commitment_id
		AND l.assessment_id < NEW.id);
	INSERT INTO tally_assessed (status, completion, n)
		SELECT status, NEW.completion, 1 FROM commitment WHERE id = NEW.commitment_id
		AND NOT EXISTS (SELECT 1 FROM assessment_latest WHERE commitment_id = NEW.commitment_id
			AND assessment_id > NEW.id)
		ON CONFLICT (status, completion) DO UPDATE SET n = n + 1;
	INSERT INTO assessment_latest (commitment_id, assessment_id, completion)
		VALUES (NEW.commitment_id, NEW.id, NEW.completion)
		ON CONFLICT (commitment_id) DO UPDATE SET assessment_id = excluded.assessment_id,
		completion = excluded.completion WHERE assessment_id < excluded.assessment_id;
END;
-- The owner's status changing moves its assessed commitment's count.
CREATE TRIGGER tally_assessed_status_u AFTER UPDATE OF status ON commitment
	WHEN OLD.status IS NOT NEW.status
BEGIN
	UPDATE tally_assessed SET n = n - 1 WHERE status = OLD.status
	AND completion IN (SELECT completion FROM assessment_latest WHERE commitment_id = NEW.id);
	INSERT INTO tally_assessed (status, completion, n)
		SELECT NEW.status, completion, 1 FROM assessment_latest WHERE commitment_id = NEW.id
		ON CONFLICT (status, completion) DO UPDATE SET n = n + 1;
END;

CREATE TABLE tally_country_activity (
	iso3 TEXT NOT NULL,
	status TEXT NOT NULL,
	activity_date TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (iso3, status, activity_date)
);
-- The overdue share reads only the last year's rows (dashboard.h).
CREATE INDEX tally_country_activity_date ON tally_country_activity (activity_date);
INSERT INTO tally_country_activity (iso3, status, activity_date, n)
	SELECT k.iso3, c.status, coalesce(c.activity_date, ''), count(*) FROM commitment_country k
	JOIN commitment c ON c.id = k.commitment_id
	GROUP BY k.iso3, c.status, coalesce(c.activity_date, '');

CREATE TRIGGER tally_country_activity_i AFTER INSERT ON commitment_country
BEGIN
	INSERT INTO tally_country_activity (iso3, status, activity_date, n)
		SELECT NEW.iso3, status, coalesce(activity_date, ''), 1 FROM commitment
		WHERE id = NEW.commitment_id
		ON CONFLICT (iso3, status, activity_date) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_country_activity_d AFTER DELETE ON commitment_country
BEGIN
	UPDATE tally_country_activity SET n = n - 1 WHERE iso3 = OLD.iso3
	AND (status, activity_date) IN (SELECT status, coalesce(activity_date, '') FROM commitment
		WHERE id = OLD.commitment_id);
END;
CREATE TRIGGER tally_country_activity_u AFTER UPDATE OF status, activity_date ON commitment
	WHEN OLD.status IS NOT NEW.status OR OLD.activity_date IS NOT NEW.activity_date
BEGIN
	UPDATE tally_country_activity SET n = n - 1
	WHERE status = OLD.status AND activity_date = coalesce(OLD.activity_date, '')
	AND iso3 IN (SELECT iso3 FROM commitment_country WHERE commitment_id = OLD.id);
	INSERT INTO tally_country_activity (iso3, status, activity_date, n)
		SELECT iso3, NEW.status, coalesce(NEW.activity_date, ''), 1 FROM commitment_country
		WHERE commitment_id = NEW.id
		ON CONFLICT (iso3, status, activity_date) DO UPDATE SET n = n + 1;
END;

CREATE TABLE region_mark (
	kind TEXT NOT NULL CHECK (kind IN ('practice', 'hub')),
	item_id BIGINT NOT NULL,
	region TEXT NOT NULL,
	k BIGINT NOT NULL,
	PRIMARY KEY (kind, item_id, region)
);
CREATE TABLE tally_practice_region (
	region TEXT NOT NULL,
	status TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (region, status)
);
CREATE TABLE tally_hub_region (
	side TEXT NOT NULL,
	region TEXT NOT NULL,
	status TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (side, region, status)
);
INSERT INTO region_mark (kind, item_id, region, k)
	SELECT 'practice', practice_id, region, count(*) FROM (
		SELECT x.practice_id, x.m49 AS region FROM practice_region x JOIN region r
		ON r.m49 = x.m49 AND r.level = 'region'
		UNION ALL SELECT x.practice_id, k.region_m49 FROM practice_country x
		JOIN country k ON k.iso3 = x.iso3) AS reasons
	GROUP BY practice_id, region;
INSERT INTO region_mark (kind, item_id, region, k)
	SELECT 'hub', x.item_id, k.region_m49, count(*) FROM hub_item_country x
	JOIN country k ON k.iso3 = x.iso3 GROUP BY x.item_id, k.region_m49;
INSERT INTO tally_practice_region (region, status, n)
	SELECT m.region, p.status, count(*) FROM region_mark m JOIN practice p ON p.id = m.item_id
	WHERE m.kind = 'practice' GROUP BY m.region, p.status;
INSERT INTO tally_hub_region (side, region, status, n)
	SELECT i.side, m.region, i.status, count(*) FROM region_mark m JOIN hub_item i
	ON i.id = m.item_id WHERE m.kind = 'hub' GROUP BY i.side, m.region, i.status;

-- A reason more: counted when it is the first.
CREATE TRIGGER region_mark_practice_region_i AFTER INSERT ON practice_region
	WHEN EXISTS (SELECT 1 FROM region WHERE m49 = NEW.m49 AND level = 'region')
BEGIN
	INSERT INTO region_mark (kind, item_id, region, k) VALUES ('practice', NEW.practice_id,
		NEW.m49, 1) ON CONFLICT (kind, item_id, region) DO UPDATE SET k = k + 1;
	INSERT INTO tally_practice_region (region, status, n)
		SELECT NEW.m49, status, 1 FROM practice WHERE id = NEW.practice_id
		AND (SELECT k FROM region_mark WHERE kind = 'practice' AND item_id = NEW.practice_id
			AND region = NEW.m49) = 1
		ON CONFLICT (region, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER region_mark_practice_region_d AFTER DELETE ON practice_region
	WHEN EXISTS (SELECT 1 FROM region WHERE m49 = OLD.m49 AND level = 'region')
BEGIN
	UPDATE region_mark SET k = k - 1 WHERE kind = 'practice' AND item_id = OLD.practice_id
	AND region = OLD.m49;
	UPDATE tally_practice_region SET n = n - 1 WHERE region = OLD.m49
	AND status = (SELECT status FROM practice WHERE id = OLD.practice_id)
	AND (SELECT k FROM region_mark WHERE kind = 'practice' AND item_id = OLD.practice_id
		AND region = OLD.m49) = 0;
END;
CREATE TRIGGER region_mark_practice_country_i AFTER INSERT ON practice_country
BEGIN
	INSERT INTO region_mark (kind, item_id, region, k)
		SELECT 'practice', NEW.practice_id, region_m49, 1 FROM country WHERE iso3 = NEW.iso3
		ON CONFLICT (kind, item_id, region) DO UPDATE SET k = k + 1;
	INSERT INTO tally_practice_region (region, status, n)
		SELECT m.region, p.status, 1 FROM region_mark m JOIN practice p ON p.id = m.item_id
		WHERE m.kind = 'practice' AND m.item_id = NEW.practice_id AND m.k = 1
		AND m.region = (SELECT region_m49 FROM country WHERE iso3 = NEW.iso3)
		ON CONFLICT (region, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER region_mark_practice_country_d AFTER DELETE ON practice_country
BEGIN
	UPDATE region_mark SET k = k - 1 WHERE kind = 'practice' AND item_id = OLD.practice_id
	AND region = (SELECT region_m49 FROM country WHERE iso3 = OLD.iso3);
	UPDATE tally_practice_region SET n = n - 1
	WHERE region = (SELECT region_m49 FROM country WHERE iso3 = OLD.iso3)
	AND status = (SELECT status FROM practice WHERE id = OLD.practice_id)
	AND (SELECT k FROM region_mark WHERE kind = 'practice' AND item_id = OLD.practice_id
		AND region = (SELECT region_m49 FROM country WHERE iso3 = OLD.iso3)) = 0;
END;
CREATE TRIGGER region_mark_practice_status_u AFTER UPDATE OF status ON practice
	WHEN OLD.status IS NOT NEW.status
BEGIN
	UPDATE tally_practice_region SET n = n - 1 WHERE status = OLD.status AND region IN (
		SELECT region FROM region_mark WHERE kind = 'practice' AND item_id = OLD.id AND k > 0);
	INSERT INTO tally_practice_region (region, status, n)
		SELECT region, NEW.status, 1 FROM region_mark WHERE kind = 'practice'
		AND item_id = NEW.id AND k > 0
		ON CONFLICT (region, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER region_mark_hub_country_i AFTER INSERT ON hub_item_country
BEGIN
	INSERT INTO region_mark (kind, item_id, region, k)
		SELECT 'hub', NEW.item_id, region_m49, 1 FROM country WHERE iso3 = NEW.iso3
		ON CONFLICT (kind, item_id, region) DO UPDATE SET k = k + 1;
	INSERT INTO tally_hub_region (side, region, status, n)
		SELECT i.side, m.region, i.status, 1 FROM region_mark m JOIN hub_item i
		ON i.id = m.item_id WHERE m.kind = 'hub' AND m.item_id = NEW.item_id AND m.k = 1
		AND m.region = (SELECT region_m49 FROM country WHERE iso3 = NEW.iso3)
		ON CONFLICT (side, region, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER region_mark_hub_country_d AFTER DELETE ON hub_item_country
BEGIN
	UPDATE region_mark SET k = k - 1 WHERE kind = 'hub' AND item_id = OLD.item_id
	AND region = (SELECT region_m49 FROM country WHERE iso3 = OLD.iso3);
	UPDATE tally_hub_region SET n = n - 1
	WHERE region = (SELECT region_m49 FROM country WHERE iso3 = OLD.iso3)
	AND (side, status) IN (SELECT side, status FROM hub_item WHERE id = OLD.item_id)
	AND (SELECT k FROM region_mark WHERE kind = 'hub' AND item_id = OLD.item_id
		AND region = (SELECT region_m49 FROM country WHERE iso3 = OLD.iso3)) = 0;
END;
CREATE TRIGGER region_mark_hub_status_u AFTER UPDATE OF status ON hub_item
	WHEN OLD.status IS NOT NEW.status
BEGIN
	UPDATE tally_hub_region SET n = n - 1 WHERE side = OLD.side AND status = OLD.status
	AND region IN (SELECT region FROM region_mark WHERE kind = 'hub' AND item_id = OLD.id
		AND k > 0);
	INSERT INTO tally_hub_region (side, region, status, n)
		SELECT NEW.side, region, NEW.status, 1 FROM region_mark WHERE kind = 'hub'
		AND item_id = NEW.id AND k > 0
		ON CONFLICT (side, region, status) DO UPDATE SET n = n + 1;
END;
