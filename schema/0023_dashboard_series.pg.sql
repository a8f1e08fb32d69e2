-- 0023_dashboard_series.pg.sql — the PostgreSQL twin of
-- 0023_dashboard_series.sql (read its comment): the same tallies, the
-- triggers as plpgsql functions. Keep the two in step.

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

-- practice_objective's rows, and a practice's status change moving them.
CREATE FUNCTION pacte_tally_practice_objective() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO tally_practice_objective AS t (objective, status, n)
			SELECT NEW.objective, status, 1 FROM practice WHERE id = NEW.practice_id
			ON CONFLICT (objective, status) DO UPDATE SET n = t.n + 1;
	ELSE
		UPDATE tally_practice_objective SET n = n - 1 WHERE objective = OLD.objective
		AND status = (SELECT status FROM practice WHERE id = OLD.practice_id);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER tally_practice_objective AFTER INSERT OR DELETE ON practice_objective
	FOR EACH ROW EXECUTE FUNCTION pacte_tally_practice_objective();

CREATE FUNCTION pacte_tally_practice_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE tally_practice_objective SET n = n - 1 WHERE status = OLD.status
	AND objective IN (SELECT objective FROM practice_objective WHERE practice_id = OLD.id);
	INSERT INTO tally_practice_objective AS t (objective, status, n)
		SELECT objective, NEW.status, 1 FROM practice_objective WHERE practice_id = NEW.id
		ON CONFLICT (objective, status) DO UPDATE SET n = t.n + 1;
	UPDATE tally_practice_country SET n = n - 1 WHERE status = OLD.status
	AND iso3 IN (SELECT iso3 FROM practice_country WHERE practice_id = OLD.id);
	INSERT INTO tally_practice_country AS t (iso3, status, n)
		SELECT iso3, NEW.status, 1 FROM practice_country WHERE practice_id = NEW.id
		ON CONFLICT (iso3, status) DO UPDATE SET n = t.n + 1;
	RETURN NULL;
END
$$;
CREATE TRIGGER tally_practice_status_u AFTER UPDATE OF status ON practice
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
	EXECUTE FUNCTION pacte_tally_practice_status();

-- practice_country's rows (a status change: pacte_tally_practice_status).
CREATE FUNCTION pacte_tally_practice_country() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO tally_practice_country AS t (iso3, status, n)
			SELECT NEW.iso3, status, 1 FROM practice WHERE id = NEW.practice_id
			ON CONFLICT (iso3, status) DO UPDATE SET n = t.n + 1;
	ELSE
		UPDATE tally_practice_country SET n = n - 1 WHERE iso3 = OLD.iso3
		AND status = (SELECT status FROM practice WHERE id = OLD.practice_id);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER tally_practice_country AFTER INSERT OR DELETE ON practice_country
	FOR EACH ROW EXECUTE FUNCTION pacte_tally_practice_country();

-- hub_item_country's rows (a status change: pacte_tally_hub_status).
CREATE FUNCTION pacte_tally_hub_country() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO tally_hub_country AS t (side, iso3, status, n)
			SELECT side, NEW.iso3, status, 1 FROM hub_item WHERE id = NEW.item_id
			ON CONFLICT (side, iso3, status) DO UPDATE SET n = t.n + 1;
	ELSE
		UPDATE tally_hub_country SET n = n - 1 WHERE iso3 = OLD.iso3
		AND (side, status) IN (SELECT side, status FROM hub_item WHERE id = OLD.item_id);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER tally_hub_country AFTER INSERT OR DELETE ON hub_item_country
	FOR EACH ROW EXECUTE FUNCTION pacte_tally_hub_country();

-- hub_item_objective's rows, and an item's status change moving them.
CREATE FUNCTION pacte_tally_hub_objective() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO tally_hub_objective AS t (side, objective, status, n)
			SELECT side, NEW.objective, status, 1 FROM hub_item WHERE id = NEW.item_id
			ON CONFLICT (side, objective, status) DO UPDATE SET n = t.n + 1;
	ELSE
		UPDATE tally_hub_objective SET n = n - 1 WHERE objective = OLD.objective
		AND (side, status) IN (SELECT side, status FROM hub_item WHERE id = OLD.item_id);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER tally_hub_objective AFTER INSERT OR DELETE ON hub_item_objective
	FOR EACH ROW EXECUTE FUNCTION pacte_tally_hub_objective();

CREATE FUNCTION pacte_tally_hub_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE tally_hub_objective SET n = n - 1 WHERE side = OLD.side AND status = OLD.status
	AND objective IN (SELECT objective FROM hub_item_objective WHERE item_id = OLD.id);
	INSERT INTO tally_hub_objective AS t (side, objective, status, n)
		SELECT NEW.side, objective, NEW.status, 1 FROM hub_item_objective WHERE item_id = NEW.id
		ON CONFLICT (side, objective, status) DO UPDATE SET n = t.n + 1;
	UPDATE tally_hub_country SET n = n - 1 WHERE side = OLD.side AND status = OLD.status
	AND iso3 IN (SELECT iso3 FROM hub_item_country WHERE item_id = OLD.id);
	INSERT INTO tally_hub_country AS t (side, iso3, status, n)
		SELECT NEW.side, iso3, NEW.status, 1 FROM hub_item_country WHERE item_id = NEW.id
		ON CONFLICT (side, iso3, status) DO UPDATE SET n = t.n + 1;
	RETURN NULL;
END
$$;
CREATE TRIGGER tally_hub_status_u AFTER UPDATE OF status ON hub_item
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
	EXECUTE FUNCTION pacte_tally_hub_status();

-- Each commitment's latest final assessment and their tally by (status,
-- completion): see 0023_dashboard_series.sql.
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

CREATE FUNCTION pacte_tally_assessed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE tally_assessed SET n = n - 1 WHERE (status, completion) IN (
		SELECT c.status, l.completion FROM assessment_latest l JOIN commitment c
		ON c.id = l.commitment_id WHERE l.commitment_id = NEW.commitment_id
		AND l.assessment_id < NEW.id);
	INSERT INTO tally_assessed AS t (status, completion, n)
		SELECT status, NEW.completion, 1 FROM commitment WHERE id = NEW.commitment_id
		AND NOT EXISTS (SELECT 1 FROM assessment_latest WHERE commitment_id = NEW.commitment_id
			AND assessment_id > NEW.id)
		ON CONFLICT (status, completion) DO UPDATE SET n = t.n + 1;
	INSERT INTO assessment_latest AS t (commitment_id, assessment_id, completion)
		VALUES (NEW.commitment_id, NEW.id, NEW.completion)
		ON CONFLICT (commitment_id) DO UPDATE SET assessment_id = excluded.assessment_id,
		completion = excluded.completion WHERE t.assessment_id < excluded.assessment_id;
	RETURN NULL;
END
$$;
CREATE TRIGGER tally_assessed_i AFTER INSERT ON assessment
	FOR EACH ROW WHEN (NEW.status = 'final') EXECUTE FUNCTION pacte_tally_assessed();
CREATE TRIGGER tally_assessed_u AFTER UPDATE OF status ON assessment
	FOR EACH ROW WHEN (NEW.status = 'final' AND OLD.status <> 'final')
	EXECUTE FUNCTION pacte_tally_assessed();

CREATE FUNCTION pacte_tally_assessed_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE tally_assessed SET n = n - 1 WHERE status = OLD.status
	AND completion IN (SELECT completion FROM assessment_latest WHERE commitment_id = NEW.id);
	INSERT INTO tally_assessed AS t (status, completion, n)
		SELECT NEW.status, completion, 1 FROM assessment_latest WHERE commitment_id = NEW.id
		ON CONFLICT (status, completion) DO UPDATE SET n = t.n + 1;
	RETURN NULL;
END
$$;
CREATE TRIGGER tally_assessed_status_u AFTER UPDATE OF status ON commitment
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
	EXECUTE FUNCTION pacte_tally_assessed_status();

-- commitment_country rows by (iso3, the commitment's status and activity
-- date): see 0023_dashboard_series.sql.
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

CREATE FUNCTION pacte_tally_country_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO tally_country_activity AS t (iso3, status, activity_date, n)
			SELECT NEW.iso3, status, coalesce(activity_date, ''), 1 FROM commitment
			WHERE id = NEW.commitment_id
			ON CONFLICT (iso3, status, activity_date) DO UPDATE SET n = t.n + 1;
	ELSE
		UPDATE tally_country_activity SET n = n - 1 WHERE iso3 = OLD.iso3
		AND (status, activity_date) IN (SELECT status, coalesce(activity_date, '')
			FROM commitment WHERE id = OLD.commitment_id);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER tally_country_activity AFTER INSERT OR DELETE ON commitment_country
	FOR EACH ROW EXECUTE FUNCTION pacte_tally_country_activity();

CREATE FUNCTION pacte_tally_country_activity_u() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE tally_country_activity SET n = n - 1
	WHERE status = OLD.status AND activity_date = coalesce(OLD.activity_date, '')
	AND iso3 IN (SELECT iso3 FROM commitment_country WHERE commitment_id = OLD.id);
	INSERT INTO tally_country_activity AS t (iso3, status, activity_date, n)
		SELECT iso3, NEW.status, coalesce(NEW.activity_date, ''), 1 FROM commitment_country
		WHERE commitment_id = NEW.id
		ON CONFLICT (iso3, status, activity_date) DO UPDATE SET n = t.n + 1;
	RETURN NULL;
END
$$;
CREATE TRIGGER tally_country_activity_u AFTER UPDATE OF status, activity_date ON commitment
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
		OR OLD.activity_date IS DISTINCT FROM NEW.activity_date)
	EXECUTE FUNCTION pacte_tally_country_activity_u();

-- Why a practice or a hub item stands in one of the five regions, and
-- those counted once per region: see 0023_dashboard_series.sql.
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

-- A reason more (delta 1) or less (-1) for item to stand in reg: the
-- item's tally moves when its mark goes from 0 to 1 or from 1 to 0.
CREATE FUNCTION pacte_region_mark(kind_ TEXT, item BIGINT, reg TEXT, delta INTEGER)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	now_k BIGINT;
BEGIN
	IF reg IS NULL OR NOT EXISTS (SELECT 1 FROM region WHERE m49 = reg AND level = 'region') THEN
		RETURN;
	END IF;
	INSERT INTO region_mark AS t (kind, item_id, region, k) VALUES (kind_, item, reg, delta)
		ON CONFLICT (kind, item_id, region) DO UPDATE SET k = t.k + delta
		RETURNING k INTO now_k;
	IF (delta = 1 AND now_k = 1) OR (delta = -1 AND now_k = 0) THEN
		IF kind_ = 'practice' THEN
			INSERT INTO tally_practice_region AS t (region, status, n)
				SELECT reg, status, delta FROM practice WHERE id = item
				ON CONFLICT (region, status) DO UPDATE SET n = t.n + delta;
		ELSE
			INSERT INTO tally_hub_region AS t (side, region, status, n)
				SELECT side, reg, status, delta FROM hub_item WHERE id = item
				ON CONFLICT (side, region, status) DO UPDATE SET n = t.n + delta;
		END IF;
	END IF;
END
$$;

CREATE FUNCTION pacte_region_mark_practice_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM pacte_region_mark('practice', NEW.practice_id, NEW.m49, 1);
	ELSE
		PERFORM pacte_region_mark('practice', OLD.practice_id, OLD.m49, -1);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER region_mark_practice_region AFTER INSERT OR DELETE ON practice_region
	FOR EACH ROW EXECUTE FUNCTION pacte_region_mark_practice_region();

CREATE FUNCTION pacte_region_mark_practice_country() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM pacte_region_mark('practice', NEW.practice_id,
			(SELECT region_m49 FROM country WHERE iso3 = NEW.iso3), 1);
	ELSE
		PERFORM pacte_region_mark('practice', OLD.practice_id,
			(SELECT region_m49 FROM country WHERE iso3 = OLD.iso3), -1);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER region_mark_practice_country AFTER INSERT OR DELETE ON practice_country
	FOR EACH ROW EXECUTE FUNCTION pacte_region_mark_practice_country();

CREATE FUNCTION pacte_region_mark_hub_country() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM pacte_region_mark('hub', NEW.item_id,
			(SELECT region_m49 FROM country WHERE iso3 = NEW.iso3), 1);
	ELSE
		PERFORM pacte_region_mark('hub', OLD.item_id,
			(SELECT region_m49 FROM country WHERE iso3 = OLD.iso3), -1);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER region_mark_hub_country AFTER INSERT OR DELETE ON hub_item_country
	FOR EACH ROW EXECUTE FUNCTION pacte_region_mark_hub_country();

-- A status change moves every region the item is marked in.
CREATE FUNCTION pacte_region_mark_practice_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE tally_practice_region SET n = n - 1 WHERE status = OLD.status AND region IN (
		SELECT region FROM region_mark WHERE kind = 'practice' AND item_id = OLD.id AND k > 0);
	INSERT INTO tally_practice_region AS t (region, status, n)
		SELECT region, NEW.status, 1 FROM region_mark WHERE kind = 'practice'
		AND item_id = NEW.id AND k > 0
		ON CONFLICT (region, status) DO UPDATE SET n = t.n + 1;
	RETURN NULL;
END
$$;
CREATE TRIGGER region_mark_practice_status_u AFTER UPDATE OF status ON practice
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
	EXECUTE FUNCTION pacte_region_mark_practice_status();

CREATE FUNCTION pacte_region_mark_hub_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE tally_hub_region SET n = n - 1 WHERE side = OLD.side AND status = OLD.status
	AND region IN (SELECT region FROM region_mark WHERE kind = 'hub' AND item_id = OLD.id
		AND k > 0);
	INSERT INTO tally_hub_region AS t (side, region, status, n)
		SELECT NEW.side, region, NEW.status, 1 FROM region_mark WHERE kind = 'hub'
		AND item_id = NEW.id AND k > 0
		ON CONFLICT (side, region, status) DO UPDATE SET n = t.n + 1;
	RETURN NULL;
END
$$;
CREATE TRIGGER region_mark_hub_status_u AFTER UPDATE OF status ON hub_item
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
	EXECUTE FUNCTION pacte_region_mark_hub_status();
