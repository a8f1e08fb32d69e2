-- 0040_hidden_counts.pg.sql — a hidden record counts nowhere the public
-- reads a number (PostgreSQL; 0040_hidden_counts.sql says why and how, and
-- is the same for SQLite: keep the two in step). A commitment's "counted
-- status" is its status, or 'withdrawn' while it is withdrawn or hidden:
-- pacte_counted_status below.

CREATE FUNCTION pacte_counted_status(status TEXT, withdrawn_at TEXT, hidden_at TEXT)
	RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN withdrawn_at IS NULL AND hidden_at IS NULL THEN status
		ELSE 'withdrawn' END
$$;

-- 1. The link rows' copies.
CREATE OR REPLACE FUNCTION pacte_standing_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	SELECT pacte_counted_status(c.status, c.withdrawn_at, c.hidden_at),
		c.level, c.target_date, c.activity_date
		INTO NEW.status, NEW.level, NEW.target_date, NEW.activity_date
		FROM commitment c WHERE c.id = NEW.commitment_id;
	RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION pacte_standing_copy() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	st TEXT := pacte_counted_status(NEW.status, NEW.withdrawn_at, NEW.hidden_at);
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
	withdrawn_at, hidden_at ON commitment FOR EACH ROW
	WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.level IS DISTINCT FROM NEW.level
		OR OLD.target_date IS DISTINCT FROM NEW.target_date
		OR OLD.activity_date IS DISTINCT FROM NEW.activity_date
		OR (OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL)
			<> (NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL))
	EXECUTE FUNCTION pacte_standing_copy();

UPDATE commitment_objective SET status = 'withdrawn' WHERE status <> 'withdrawn'
AND commitment_id IN (SELECT id FROM commitment WHERE hidden_at IS NOT NULL);
UPDATE commitment_country SET status = 'withdrawn' WHERE status <> 'withdrawn'
AND commitment_id IN (SELECT id FROM commitment WHERE hidden_at IS NOT NULL);

-- 2. The tallies of the commitment rows, by counted status.
CREATE OR REPLACE FUNCTION pacte_tally_commitment() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	was BOOLEAN := false;   -- counted before the write
	is_ BOOLEAN := false;   -- counted after it
BEGIN
	IF TG_OP <> 'INSERT' THEN
		was := OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		is_ := NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL;
	END IF;
	IF TG_OP <> 'INSERT' THEN
		UPDATE tally_activity SET n = n - 1
		WHERE status = pacte_counted_status(OLD.status, OLD.withdrawn_at, OLD.hidden_at)
		AND activity_date = coalesce(OLD.activity_date, '');
	END IF;
	IF TG_OP <> 'DELETE' THEN
		INSERT INTO tally_activity AS t (status, activity_date, n)
			VALUES (pacte_counted_status(NEW.status, NEW.withdrawn_at, NEW.hidden_at),
				coalesce(NEW.activity_date, ''), 1)
			ON CONFLICT (status, activity_date) DO UPDATE SET n = t.n + 1;
	END IF;
	-- created_at never changes: only leaving or rejoining the count moves it
	IF was AND NOT is_ THEN
		UPDATE tally_created SET n = n - 1 WHERE month = substr(OLD.created_at, 1, 7);
	ELSIF is_ AND NOT was THEN
		INSERT INTO tally_created AS t (month, n) VALUES (substr(NEW.created_at, 1, 7), 1)
			ON CONFLICT (month) DO UPDATE SET n = t.n + 1;
	END IF;
	RETURN NULL;
END
$$;
DROP TRIGGER tally_commitment_u ON commitment;
CREATE TRIGGER tally_commitment_u AFTER UPDATE OF status, activity_date, withdrawn_at, hidden_at
	ON commitment FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
		OR OLD.activity_date IS DISTINCT FROM NEW.activity_date
		OR (OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL)
			<> (NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL))
	EXECUTE FUNCTION pacte_tally_commitment();

CREATE OR REPLACE FUNCTION pacte_tally_country_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO tally_country_activity AS t (iso3, status, activity_date, n)
			SELECT NEW.iso3, pacte_counted_status(status, withdrawn_at, hidden_at),
				coalesce(activity_date, ''), 1 FROM commitment
			WHERE id = NEW.commitment_id
			ON CONFLICT (iso3, status, activity_date) DO UPDATE SET n = t.n + 1;
	ELSE
		UPDATE tally_country_activity SET n = n - 1 WHERE iso3 = OLD.iso3
		AND (status, activity_date) IN (SELECT pacte_counted_status(status, withdrawn_at,
			hidden_at), coalesce(activity_date, '') FROM commitment
			WHERE id = OLD.commitment_id);
	END IF;
	RETURN NULL;
END
$$;
CREATE OR REPLACE FUNCTION pacte_tally_country_activity_u() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE tally_country_activity SET n = n - 1
	WHERE status = pacte_counted_status(OLD.status, OLD.withdrawn_at, OLD.hidden_at)
	AND activity_date = coalesce(OLD.activity_date, '')
	AND iso3 IN (SELECT iso3 FROM commitment_country WHERE commitment_id = OLD.id);
	INSERT INTO tally_country_activity AS t (iso3, status, activity_date, n)
		SELECT iso3, pacte_counted_status(NEW.status, NEW.withdrawn_at, NEW.hidden_at),
			coalesce(NEW.activity_date, ''), 1 FROM commitment_country
		WHERE commitment_id = NEW.id
		ON CONFLICT (iso3, status, activity_date) DO UPDATE SET n = t.n + 1;
	RETURN NULL;
END
$$;
DROP TRIGGER tally_country_activity_u ON commitment;
CREATE TRIGGER tally_country_activity_u AFTER UPDATE OF status, activity_date, withdrawn_at,
	hidden_at ON commitment FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
		OR OLD.activity_date IS DISTINCT FROM NEW.activity_date
		OR (OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL)
			<> (NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL))
	EXECUTE FUNCTION pacte_tally_country_activity_u();

CREATE OR REPLACE FUNCTION pacte_tally_assessed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE tally_assessed SET n = n - 1 WHERE (status, completion) IN (
		SELECT pacte_counted_status(c.status, c.withdrawn_at, c.hidden_at), l.completion
		FROM assessment_latest l JOIN commitment c
		ON c.id = l.commitment_id WHERE l.commitment_id = NEW.commitment_id
		AND l.assessment_id < NEW.id);
	INSERT INTO tally_assessed AS t (status, completion, n)
		SELECT pacte_counted_status(status, withdrawn_at, hidden_at), NEW.completion, 1
		FROM commitment WHERE id = NEW.commitment_id
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
CREATE OR REPLACE FUNCTION pacte_tally_assessed_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE tally_assessed SET n = n - 1
	WHERE status = pacte_counted_status(OLD.status, OLD.withdrawn_at, OLD.hidden_at)
	AND completion IN (SELECT completion FROM assessment_latest WHERE commitment_id = NEW.id);
	INSERT INTO tally_assessed AS t (status, completion, n)
		SELECT pacte_counted_status(NEW.status, NEW.withdrawn_at, NEW.hidden_at), completion, 1
		FROM assessment_latest WHERE commitment_id = NEW.id
		ON CONFLICT (status, completion) DO UPDATE SET n = t.n + 1;
	RETURN NULL;
END
$$;
DROP TRIGGER tally_assessed_status_u ON commitment;
CREATE TRIGGER tally_assessed_status_u AFTER UPDATE OF status, withdrawn_at, hidden_at
	ON commitment FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
		OR (OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL)
			<> (NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL))
	EXECUTE FUNCTION pacte_tally_assessed_status();

DELETE FROM tally_activity;
INSERT INTO tally_activity (status, activity_date, n)
	SELECT pacte_counted_status(status, withdrawn_at, hidden_at), coalesce(activity_date, ''),
		count(*) FROM commitment GROUP BY 1, 2;
DELETE FROM tally_created;
INSERT INTO tally_created (month, n)
	SELECT substr(created_at, 1, 7), count(*) FROM commitment
	WHERE withdrawn_at IS NULL AND hidden_at IS NULL GROUP BY substr(created_at, 1, 7);
DELETE FROM tally_country_activity;
INSERT INTO tally_country_activity (iso3, status, activity_date, n)
	SELECT k.iso3, pacte_counted_status(c.status, c.withdrawn_at, c.hidden_at),
		coalesce(c.activity_date, ''), count(*)
	FROM commitment_country k JOIN commitment c ON c.id = k.commitment_id GROUP BY 1, 2, 3;
DELETE FROM tally_assessed;
INSERT INTO tally_assessed (status, completion, n)
	SELECT pacte_counted_status(c.status, c.withdrawn_at, c.hidden_at), l.completion, count(*)
	FROM assessment_latest l JOIN commitment c ON c.id = l.commitment_id GROUP BY 1, 2;

-- 3. The World's and an actor's rows: the counted commitments.
DROP INDEX commitment_standing;
CREATE INDEX commitment_standing ON commitment (status, level, activity_date, target_date)
	WHERE withdrawn_at IS NULL AND hidden_at IS NULL;

-- 4. A progress update counts while not hidden on its own.
CREATE OR REPLACE FUNCTION pacte_tally_reported() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	d INTEGER := CASE WHEN NEW.hidden_at IS NULL THEN 1 ELSE -1 END;
BEGIN
	IF TG_OP = 'INSERT' AND NEW.hidden_at IS NOT NULL THEN
		RETURN NULL;
	END IF;
	INSERT INTO tally_reported AS t (month, n) VALUES (substr(NEW.reported_at, 1, 7), d)
		ON CONFLICT (month) DO UPDATE SET n = t.n + d;
	RETURN NULL;
END
$$;
CREATE TRIGGER tally_reported_hidden_u AFTER UPDATE OF hidden_at ON progress_update
	FOR EACH ROW WHEN ((OLD.hidden_at IS NULL) <> (NEW.hidden_at IS NULL))
	EXECUTE FUNCTION pacte_tally_reported();
DELETE FROM tally_reported;
INSERT INTO tally_reported (month, n)
	SELECT substr(reported_at, 1, 7), count(*) FROM progress_update WHERE hidden_at IS NULL
	GROUP BY substr(reported_at, 1, 7);

-- 5. A practice counts under its status while not hidden, under 'hidden'
-- (which no read asks for) while hidden: pacte_practice_counted. Each
-- function of 0023 and 0028 that reads a practice's status reads that
-- instead, and the triggers on the practice row watch hidden_at too.
CREATE FUNCTION pacte_practice_counted(status TEXT, hidden_at TEXT)
	RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN hidden_at IS NULL THEN status ELSE 'hidden' END
$$;

CREATE OR REPLACE FUNCTION pacte_tally_practice_objective() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO tally_practice_objective AS t (objective, status, n)
			SELECT NEW.objective, pacte_practice_counted(status, hidden_at), 1 FROM practice
			WHERE id = NEW.practice_id
			ON CONFLICT (objective, status) DO UPDATE SET n = t.n + 1;
	ELSE
		UPDATE tally_practice_objective SET n = n - 1 WHERE objective = OLD.objective
		AND status = (SELECT pacte_practice_counted(status, hidden_at) FROM practice
			WHERE id = OLD.practice_id);
	END IF;
	RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION pacte_tally_practice_status() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	was TEXT := pacte_practice_counted(OLD.status, OLD.hidden_at);
	is_ TEXT := pacte_practice_counted(NEW.status, NEW.hidden_at);
BEGIN
	UPDATE tally_practice_objective SET n = n - 1 WHERE status = was
	AND objective IN (SELECT objective FROM practice_objective WHERE practice_id = OLD.id);
	INSERT INTO tally_practice_objective AS t (objective, status, n)
		SELECT objective, is_, 1 FROM practice_objective WHERE practice_id = NEW.id
		ON CONFLICT (objective, status) DO UPDATE SET n = t.n + 1;
	UPDATE tally_practice_country SET n = n - 1 WHERE status = was
	AND iso3 IN (SELECT iso3 FROM practice_country WHERE practice_id = OLD.id);
	INSERT INTO tally_practice_country AS t (iso3, status, n)
		SELECT iso3, is_, 1 FROM practice_country WHERE practice_id = NEW.id
		ON CONFLICT (iso3, status) DO UPDATE SET n = t.n + 1;
	RETURN NULL;
END
$$;
DROP TRIGGER tally_practice_status_u ON practice;
CREATE TRIGGER tally_practice_status_u AFTER UPDATE OF status, hidden_at ON practice
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
		OR (OLD.hidden_at IS NULL) <> (NEW.hidden_at IS NULL))
	EXECUTE FUNCTION pacte_tally_practice_status();

CREATE OR REPLACE FUNCTION pacte_tally_practice_country() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO tally_practice_country AS t (iso3, status, n)
			SELECT NEW.iso3, pacte_practice_counted(status, hidden_at), 1 FROM practice
			WHERE id = NEW.practice_id
			ON CONFLICT (iso3, status) DO UPDATE SET n = t.n + 1;
	ELSE
		UPDATE tally_practice_country SET n = n - 1 WHERE iso3 = OLD.iso3
		AND status = (SELECT pacte_practice_counted(status, hidden_at) FROM practice
			WHERE id = OLD.practice_id);
	END IF;
	RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION pacte_region_mark(kind_ TEXT, item BIGINT, reg TEXT, delta INTEGER)
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
				SELECT reg, pacte_practice_counted(status, hidden_at), delta FROM practice
				WHERE id = item
				ON CONFLICT (region, status) DO UPDATE SET n = t.n + delta;
		ELSE
			INSERT INTO tally_hub_region AS t (side, region, status, n)
				SELECT side, reg, status, delta FROM hub_item WHERE id = item
				ON CONFLICT (side, region, status) DO UPDATE SET n = t.n + delta;
		END IF;
	END IF;
END
$$;

CREATE OR REPLACE FUNCTION pacte_region_mark_practice_status() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE tally_practice_region SET n = n - 1
	WHERE status = pacte_practice_counted(OLD.status, OLD.hidden_at) AND region IN (
		SELECT region FROM region_mark WHERE kind = 'practice' AND item_id = OLD.id AND k > 0);
	INSERT INTO tally_practice_region AS t (region, status, n)
		SELECT region, pacte_practice_counted(NEW.status, NEW.hidden_at), 1 FROM region_mark
		WHERE kind = 'practice' AND item_id = NEW.id AND k > 0
		ON CONFLICT (region, status) DO UPDATE SET n = t.n + 1;
	RETURN NULL;
END
$$;
DROP TRIGGER region_mark_practice_status_u ON practice;
CREATE TRIGGER region_mark_practice_status_u AFTER UPDATE OF status, hidden_at ON practice
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
		OR (OLD.hidden_at IS NULL) <> (NEW.hidden_at IS NULL))
	EXECUTE FUNCTION pacte_region_mark_practice_status();

CREATE OR REPLACE FUNCTION pacte_tally_practice_month() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		UPDATE tally_practice_month SET n = n - 1
		WHERE month = substr(coalesce(OLD.published_at, ''), 1, 7)
		AND status = pacte_practice_counted(OLD.status, OLD.hidden_at);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO tally_practice_month AS t (month, status, n)
			VALUES (substr(coalesce(NEW.published_at, ''), 1, 7),
				pacte_practice_counted(NEW.status, NEW.hidden_at), 1)
			ON CONFLICT (month, status) DO UPDATE SET n = t.n + 1;
	END IF;
	RETURN NULL;
END
$$;
DROP TRIGGER tally_practice_month_u ON practice;
CREATE TRIGGER tally_practice_month_u AFTER UPDATE OF status, published_at, hidden_at ON practice
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
		OR OLD.published_at IS DISTINCT FROM NEW.published_at
		OR (OLD.hidden_at IS NULL) <> (NEW.hidden_at IS NULL))
	EXECUTE FUNCTION pacte_tally_practice_month();

DELETE FROM tally_practice_objective;
INSERT INTO tally_practice_objective (objective, status, n)
	SELECT o.objective, pacte_practice_counted(p.status, p.hidden_at), count(*)
	FROM practice_objective o JOIN practice p ON p.id = o.practice_id GROUP BY 1, 2;
DELETE FROM tally_practice_country;
INSERT INTO tally_practice_country (iso3, status, n)
	SELECT k.iso3, pacte_practice_counted(p.status, p.hidden_at), count(*)
	FROM practice_country k JOIN practice p ON p.id = k.practice_id GROUP BY 1, 2;
DELETE FROM tally_practice_region;
INSERT INTO tally_practice_region (region, status, n)
	SELECT m.region, pacte_practice_counted(p.status, p.hidden_at), count(*)
	FROM region_mark m JOIN practice p ON p.id = m.item_id
	WHERE m.kind = 'practice' AND m.k > 0 GROUP BY 1, 2;
DELETE FROM tally_practice_month;
INSERT INTO tally_practice_month (month, status, n)
	SELECT substr(coalesce(published_at, ''), 1, 7), pacte_practice_counted(status, hidden_at),
		count(*) FROM practice GROUP BY 1, 2;
