-- 0040_hidden_counts.sql — a record hidden by a flag (0033, 0039;
-- src/domain/flags.c) counts nowhere the public reads a number, and counts
-- again once restored (issue 18, item 6). SQLite; 0040_hidden_counts.pg.sql
-- is the same for PostgreSQL: keep the two in step.
--
-- A commitment is counted while it is neither withdrawn (0016) nor hidden.
-- The rule is written once per trigger as its "counted status": the
-- commitment's status, or 'withdrawn' (COMMITMENT_WITHDRAWN_MARK, a value
-- its own status never takes) when it is withdrawn or hidden:
--   CASE WHEN withdrawn_at IS NULL AND hidden_at IS NULL THEN status
--   ELSE 'withdrawn' END
-- 1. The link rows' copies (0005, 0016) take it, so every count read from
--    them or from the tallies their triggers keep (0019's tally_objective_*,
--    tally_country_status; 0036's tally_standing_objective) leaves a hidden
--    commitment out, as it already left a withdrawn one: hiding is one more
--    way for the copies to say 'withdrawn'.
-- 2. The tallies kept from the commitment row itself (0019's tally_activity
--    and tally_created, 0023's tally_country_activity and tally_assessed)
--    counted its own status, so a withdrawn commitment still counted on
--    the dashboard; they now key on the counted status (tally_created
--    counts the counted commitments only), their triggers watching
--    withdrawn_at and hidden_at as well.
-- 3. The World's and an actor's standing read the commitment rows through
--    the partial index commitment_standing: it now holds the counted ones.
-- 4. A progress update hidden on its own leaves tally_reported (its month
--    never changes: the table is append-only but for hidden_at).
-- 5. A practice hidden by a flag leaves 0023's and 0028's tallies (the
--    dashboard's charts and map, an objective's or a country's count of
--    practices): they count it under 'hidden', which no read asks for.
-- Hiding and restoring is one UPDATE of hidden_at (flags.c set_hidden):
-- these triggers move every count in that write's transaction, a few rows
-- per link of the record, never a GROUP BY on a read.

-- 1. The link rows' copies.
DROP TRIGGER commitment_objective_standing_i;
DROP TRIGGER commitment_country_standing_i;
DROP TRIGGER commitment_standing_u;

CREATE TRIGGER commitment_objective_standing_i AFTER INSERT ON commitment_objective
BEGIN
	UPDATE commitment_objective SET (status, level, target_date, activity_date) =
		(SELECT CASE WHEN c.withdrawn_at IS NULL AND c.hidden_at IS NULL THEN c.status
		 ELSE 'withdrawn' END, c.level, c.target_date, c.activity_date FROM commitment c
		 WHERE c.id = NEW.commitment_id)
	WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER commitment_country_standing_i AFTER INSERT ON commitment_country
BEGIN
	UPDATE commitment_country SET (status, level, target_date, activity_date) =
		(SELECT CASE WHEN c.withdrawn_at IS NULL AND c.hidden_at IS NULL THEN c.status
		 ELSE 'withdrawn' END, c.level, c.target_date, c.activity_date FROM commitment c
		 WHERE c.id = NEW.commitment_id)
	WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER commitment_standing_u AFTER UPDATE OF status, level, target_date, activity_date,
	withdrawn_at, hidden_at ON commitment
	WHEN OLD.status IS NOT NEW.status OR OLD.level IS NOT NEW.level
	OR OLD.target_date IS NOT NEW.target_date OR OLD.activity_date IS NOT NEW.activity_date
	OR (OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL)
		<> (NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL)
BEGIN
	UPDATE commitment_objective SET
		status = CASE WHEN NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL THEN NEW.status
			ELSE 'withdrawn' END,
		level = NEW.level, target_date = NEW.target_date, activity_date = NEW.activity_date
	WHERE commitment_id = NEW.id;
	UPDATE commitment_country SET
		status = CASE WHEN NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL THEN NEW.status
			ELSE 'withdrawn' END,
		level = NEW.level, target_date = NEW.target_date, activity_date = NEW.activity_date
	WHERE commitment_id = NEW.id;
END;

-- SQLite fires a table's triggers newest first, and 0019's and 0036's
-- insert tallies count a new link row under its status as inserted (NULL,
-- counted under '') before the fill above moves it: they must stay newer
-- than the fill, so they are made again after it, unchanged.
DROP TRIGGER tally_objective_i;
DROP TRIGGER tally_standing_objective_i;
DROP TRIGGER tally_country_i;
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
CREATE TRIGGER tally_standing_objective_i AFTER INSERT ON commitment_objective
BEGIN
	INSERT INTO tally_standing_objective (objective, status, level, what, month, n)
		VALUES (NEW.objective, coalesce(NEW.status, ''), coalesce(NEW.level, ''), 'a',
			coalesce(substr(NEW.activity_date, 1, 7), ''), 1)
		ON CONFLICT (objective, status, level, what, month) DO UPDATE SET n = n + 1;
	INSERT INTO tally_standing_objective (objective, status, level, what, month, n)
		SELECT NEW.objective, coalesce(NEW.status, ''), coalesce(NEW.level, ''), 's',
			substr(NEW.target_date, 1, 7), 1
		WHERE NEW.target_date < (CASE WHEN substr(NEW.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(NEW.activity_date, 5) END)
		ON CONFLICT (objective, status, level, what, month) DO UPDATE SET n = n + 1;
	INSERT INTO tally_standing_objective (objective, status, level, what, month, n)
		SELECT NEW.objective, coalesce(NEW.status, ''), coalesce(NEW.level, ''), 'e',
			substr(NEW.activity_date, 1, 7), 1
		WHERE NEW.target_date < (CASE WHEN substr(NEW.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(NEW.activity_date, 5) END)
		ON CONFLICT (objective, status, level, what, month) DO UPDATE SET n = n + 1;
END;
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

-- The backfill: the copies of the commitments already hidden (their link
-- rows' triggers move 0019's and 0036's tallies with them).
UPDATE commitment_objective SET status = 'withdrawn' WHERE status <> 'withdrawn'
AND commitment_id IN (SELECT id FROM commitment WHERE hidden_at IS NOT NULL);
UPDATE commitment_country SET status = 'withdrawn' WHERE status <> 'withdrawn'
AND commitment_id IN (SELECT id FROM commitment WHERE hidden_at IS NOT NULL);

-- 2. The tallies of the commitment rows, by counted status.
DROP TRIGGER tally_commitment_i;
DROP TRIGGER tally_commitment_d;
DROP TRIGGER tally_commitment_u;
DROP TRIGGER tally_country_activity_i;
DROP TRIGGER tally_country_activity_d;
DROP TRIGGER tally_country_activity_u;
DROP TRIGGER tally_assessed_i;
DROP TRIGGER tally_assessed_u;
DROP TRIGGER tally_assessed_status_u;

CREATE TRIGGER tally_commitment_i AFTER INSERT ON commitment
BEGIN
	INSERT INTO tally_activity (status, activity_date, n)
		VALUES (CASE WHEN NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL THEN NEW.status
			ELSE 'withdrawn' END, coalesce(NEW.activity_date, ''), 1)
		ON CONFLICT (status, activity_date) DO UPDATE SET n = n + 1;
	INSERT INTO tally_created (month, n) SELECT substr(NEW.created_at, 1, 7), 1
		WHERE NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL
		ON CONFLICT (month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_commitment_d AFTER DELETE ON commitment
BEGIN
	UPDATE tally_activity SET n = n - 1
	WHERE status = CASE WHEN OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL THEN OLD.status
		ELSE 'withdrawn' END
	AND activity_date = coalesce(OLD.activity_date, '');
	UPDATE tally_created SET n = n - 1 WHERE month = substr(OLD.created_at, 1, 7)
	AND OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL;
END;
CREATE TRIGGER tally_commitment_u AFTER UPDATE OF status, activity_date, withdrawn_at, hidden_at
	ON commitment
	WHEN OLD.status IS NOT NEW.status OR OLD.activity_date IS NOT NEW.activity_date
	OR (OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL)
		<> (NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL)
BEGIN
	UPDATE tally_activity SET n = n - 1
	WHERE status = CASE WHEN OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL THEN OLD.status
		ELSE 'withdrawn' END
	AND activity_date = coalesce(OLD.activity_date, '');
	INSERT INTO tally_activity (status, activity_date, n)
		VALUES (CASE WHEN NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL THEN NEW.status
			ELSE 'withdrawn' END, coalesce(NEW.activity_date, ''), 1)
		ON CONFLICT (status, activity_date) DO UPDATE SET n = n + 1;
	-- created_at never changes: only leaving or rejoining the count moves it
	INSERT INTO tally_created (month, n) SELECT substr(NEW.created_at, 1, 7),
		CASE WHEN NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL THEN 1 ELSE -1 END
		WHERE (OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL)
			<> (NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL)
		ON CONFLICT (month) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER tally_country_activity_i AFTER INSERT ON commitment_country
BEGIN
	INSERT INTO tally_country_activity (iso3, status, activity_date, n)
		SELECT NEW.iso3, CASE WHEN withdrawn_at IS NULL AND hidden_at IS NULL THEN status
			ELSE 'withdrawn' END, coalesce(activity_date, ''), 1 FROM commitment
		WHERE id = NEW.commitment_id
		ON CONFLICT (iso3, status, activity_date) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_country_activity_d AFTER DELETE ON commitment_country
BEGIN
	UPDATE tally_country_activity SET n = n - 1 WHERE iso3 = OLD.iso3
	AND (status, activity_date) IN (SELECT CASE WHEN withdrawn_at IS NULL
		AND hidden_at IS NULL THEN status ELSE 'withdrawn' END, coalesce(activity_date, '')
		FROM commitment WHERE id = OLD.commitment_id);
END;
CREATE TRIGGER tally_country_activity_u AFTER UPDATE OF status, activity_date, withdrawn_at,
	hidden_at ON commitment
	WHEN OLD.status IS NOT NEW.status OR OLD.activity_date IS NOT NEW.activity_date
	OR (OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL)
		<> (NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL)
BEGIN
	UPDATE tally_country_activity SET n = n - 1
	WHERE status = CASE WHEN OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL THEN OLD.status
		ELSE 'withdrawn' END
	AND activity_date = coalesce(OLD.activity_date, '')
	AND iso3 IN (SELECT iso3 FROM commitment_country WHERE commitment_id = OLD.id);
	INSERT INTO tally_country_activity (iso3, status, activity_date, n)
		SELECT iso3, CASE WHEN NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL
			THEN NEW.status ELSE 'withdrawn' END, coalesce(NEW.activity_date, ''), 1
		FROM commitment_country WHERE commitment_id = NEW.id
		ON CONFLICT (iso3, status, activity_date) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER tally_assessed_i AFTER INSERT ON assessment WHEN NEW.status = 'final'
BEGIN
	UPDATE tally_assessed SET n = n - 1 WHERE (status, completion) IN (
		SELECT CASE WHEN c.withdrawn_at IS NULL AND c.hidden_at IS NULL THEN c.status
		ELSE 'withdrawn' END, l.completion FROM assessment_latest l JOIN commitment c
		ON c.id = l.commitment_id WHERE l.commitment_id = NEW.commitment_id
		AND l.assessment_id < NEW.id);
	INSERT INTO tally_assessed (status, completion, n)
		SELECT CASE WHEN withdrawn_at IS NULL AND hidden_at IS NULL THEN status
		ELSE 'withdrawn' END, NEW.completion, 1 FROM commitment WHERE id = NEW.commitment_id
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
		SELECT CASE WHEN c.withdrawn_at IS NULL AND c.hidden_at IS NULL THEN c.status
		ELSE 'withdrawn' END, l.completion FROM assessment_latest l JOIN commitment c
		ON c.id = l.commitment_id WHERE l.commitment_id = NEW.commitment_id
		AND l.assessment_id < NEW.id);
	INSERT INTO tally_assessed (status, completion, n)
		SELECT CASE WHEN withdrawn_at IS NULL AND hidden_at IS NULL THEN status
		ELSE 'withdrawn' END, NEW.completion, 1 FROM commitment WHERE id = NEW.commitment_id
		AND NOT EXISTS (SELECT 1 FROM assessment_latest WHERE commitment_id = NEW.commitment_id
			AND assessment_id > NEW.id)
		ON CONFLICT (status, completion) DO UPDATE SET n = n + 1;
	INSERT INTO assessment_latest (commitment_id, assessment_id, completion)
		VALUES (NEW.commitment_id, NEW.id, NEW.completion)
		ON CONFLICT (commitment_id) DO UPDATE SET assessment_id = excluded.assessment_id,
		completion = excluded.completion WHERE assessment_id < excluded.assessment_id;
END;
CREATE TRIGGER tally_assessed_status_u AFTER UPDATE OF status, withdrawn_at, hidden_at
	ON commitment
	WHEN OLD.status IS NOT NEW.status
	OR (OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL)
		<> (NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL)
BEGIN
	UPDATE tally_assessed SET n = n - 1
	WHERE status = CASE WHEN OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL THEN OLD.status
		ELSE 'withdrawn' END
	AND completion IN (SELECT completion FROM assessment_latest WHERE commitment_id = NEW.id);
	INSERT INTO tally_assessed (status, completion, n)
		SELECT CASE WHEN NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL THEN NEW.status
		ELSE 'withdrawn' END, completion, 1 FROM assessment_latest WHERE commitment_id = NEW.id
		ON CONFLICT (status, completion) DO UPDATE SET n = n + 1;
END;

-- Their backfill: each recounted from its source, as 0019 and 0023 did.
DELETE FROM tally_activity;
INSERT INTO tally_activity (status, activity_date, n)
	SELECT CASE WHEN withdrawn_at IS NULL AND hidden_at IS NULL THEN status ELSE 'withdrawn' END,
		coalesce(activity_date, ''), count(*) FROM commitment
	GROUP BY 1, coalesce(activity_date, '');
DELETE FROM tally_created;
INSERT INTO tally_created (month, n)
	SELECT substr(created_at, 1, 7), count(*) FROM commitment
	WHERE withdrawn_at IS NULL AND hidden_at IS NULL GROUP BY substr(created_at, 1, 7);
DELETE FROM tally_country_activity;
INSERT INTO tally_country_activity (iso3, status, activity_date, n)
	SELECT k.iso3, CASE WHEN c.withdrawn_at IS NULL AND c.hidden_at IS NULL THEN c.status
		ELSE 'withdrawn' END, coalesce(c.activity_date, ''), count(*)
	FROM commitment_country k JOIN commitment c ON c.id = k.commitment_id
	GROUP BY k.iso3, 2, coalesce(c.activity_date, '');
DELETE FROM tally_assessed;
INSERT INTO tally_assessed (status, completion, n)
	SELECT CASE WHEN c.withdrawn_at IS NULL AND c.hidden_at IS NULL THEN c.status
		ELSE 'withdrawn' END, l.completion, count(*)
	FROM assessment_latest l JOIN commitment c ON c.id = l.commitment_id GROUP BY 1, l.completion;

-- 3. The World's and an actor's rows: the counted commitments.
DROP INDEX commitment_standing;
CREATE INDEX commitment_standing ON commitment (status, level, activity_date, target_date)
	WHERE withdrawn_at IS NULL AND hidden_at IS NULL;

-- 4. A progress update counts while not hidden on its own (a restore may
-- write one hidden).
DROP TRIGGER tally_reported_i;
CREATE TRIGGER tally_reported_i AFTER INSERT ON progress_update WHEN NEW.hidden_at IS NULL
BEGIN
	INSERT INTO tally_reported (month, n) VALUES (substr(NEW.reported_at, 1, 7), 1)
		ON CONFLICT (month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_reported_hidden_u AFTER UPDATE OF hidden_at ON progress_update
	WHEN (OLD.hidden_at IS NULL) <> (NEW.hidden_at IS NULL)
BEGIN
	INSERT INTO tally_reported (month, n)
		VALUES (substr(NEW.reported_at, 1, 7), CASE WHEN NEW.hidden_at IS NULL THEN 1 ELSE -1 END)
		ON CONFLICT (month) DO UPDATE SET n = n + excluded.n;
END;
DELETE FROM tally_reported;
INSERT INTO tally_reported (month, n)
	SELECT substr(reported_at, 1, 7), count(*) FROM progress_update WHERE hidden_at IS NULL
	GROUP BY substr(reported_at, 1, 7);

-- 5. A practice (0023's and 0028's tallies: the dashboard's charts and
-- map, the practices' counts of an objective or a country) counts under
-- its status while not hidden, under 'hidden' (which no read asks for)
-- while hidden:
--   CASE WHEN hidden_at IS NULL THEN status ELSE 'hidden' END
-- Each trigger of those migrations that reads a practice's status is made
-- again reading that instead, and those on the practice row watch
-- hidden_at too.
DROP TRIGGER tally_practice_objective_i;
DROP TRIGGER tally_practice_objective_d;
DROP TRIGGER tally_practice_status_u;
DROP TRIGGER tally_practice_country_i;
DROP TRIGGER tally_practice_country_d;
DROP TRIGGER region_mark_practice_region_i;
DROP TRIGGER region_mark_practice_region_d;
DROP TRIGGER region_mark_practice_country_i;
DROP TRIGGER region_mark_practice_country_d;
DROP TRIGGER region_mark_practice_status_u;
DROP TRIGGER tally_practice_month_i;
DROP TRIGGER tally_practice_month_u;
DROP TRIGGER tally_practice_month_d;

CREATE TRIGGER tally_practice_objective_i AFTER INSERT ON practice_objective
BEGIN
	INSERT INTO tally_practice_objective (objective, status, n)
		SELECT NEW.objective, CASE WHEN hidden_at IS NULL THEN status ELSE 'hidden' END, 1
		FROM practice WHERE id = NEW.practice_id
		ON CONFLICT (objective, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_practice_objective_d AFTER DELETE ON practice_objective
BEGIN
	UPDATE tally_practice_objective SET n = n - 1 WHERE objective = OLD.objective
	AND status = (SELECT CASE WHEN hidden_at IS NULL THEN status ELSE 'hidden' END
		FROM practice WHERE id = OLD.practice_id);
END;
CREATE TRIGGER tally_practice_status_u AFTER UPDATE OF status, hidden_at ON practice
	WHEN OLD.status IS NOT NEW.status OR (OLD.hidden_at IS NULL) <> (NEW.hidden_at IS NULL)
BEGIN
	UPDATE tally_practice_objective SET n = n - 1 WHERE status =
		CASE WHEN OLD.hidden_at IS NULL THEN OLD.status ELSE 'hidden' END
	AND objective IN (SELECT objective FROM practice_objective WHERE practice_id = OLD.id);
	INSERT INTO tally_practice_objective (objective, status, n)
		SELECT objective, CASE WHEN NEW.hidden_at IS NULL THEN NEW.status ELSE 'hidden' END, 1
		FROM practice_objective WHERE practice_id = NEW.id
		ON CONFLICT (objective, status) DO UPDATE SET n = n + 1;
	UPDATE tally_practice_country SET n = n - 1 WHERE status =
		CASE WHEN OLD.hidden_at IS NULL THEN OLD.status ELSE 'hidden' END
	AND iso3 IN (SELECT iso3 FROM practice_country WHERE practice_id = OLD.id);
	INSERT INTO tally_practice_country (iso3, status, n)
		SELECT iso3, CASE WHEN NEW.hidden_at IS NULL THEN NEW.status ELSE 'hidden' END, 1
		FROM practice_country WHERE practice_id = NEW.id
		ON CONFLICT (iso3, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_practice_country_i AFTER INSERT ON practice_country
BEGIN
	INSERT INTO tally_practice_country (iso3, status, n)
		SELECT NEW.iso3, CASE WHEN hidden_at IS NULL THEN status ELSE 'hidden' END, 1
		FROM practice WHERE id = NEW.practice_id
		ON CONFLICT (iso3, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_practice_country_d AFTER DELETE ON practice_country
BEGIN
	UPDATE tally_practice_country SET n = n - 1 WHERE iso3 = OLD.iso3
	AND status = (SELECT CASE WHEN hidden_at IS NULL THEN status ELSE 'hidden' END
		FROM practice WHERE id = OLD.practice_id);
END;
CREATE TRIGGER region_mark_practice_region_i AFTER INSERT ON practice_region
	WHEN EXISTS (SELECT 1 FROM region WHERE m49 = NEW.m49 AND level = 'region')
BEGIN
	INSERT INTO region_mark (kind, item_id, region, k) VALUES ('practice', NEW.practice_id,
		NEW.m49, 1) ON CONFLICT (kind, item_id, region) DO UPDATE SET k = k + 1;
	INSERT INTO tally_practice_region (region, status, n)
		SELECT NEW.m49, CASE WHEN hidden_at IS NULL THEN status ELSE 'hidden' END, 1
		FROM practice WHERE id = NEW.practice_id
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
	AND status = (SELECT CASE WHEN hidden_at IS NULL THEN status ELSE 'hidden' END
		FROM practice WHERE id = OLD.practice_id)
	AND (SELECT k FROM region_mark WHERE kind = 'practice' AND item_id = OLD.practice_id
		AND region = OLD.m49) = 0;
END;
CREATE TRIGGER region_mark_practice_country_i AFTER INSERT ON practice_country
BEGIN
	INSERT INTO region_mark (kind, item_id, region, k)
		SELECT 'practice', NEW.practice_id, region_m49, 1 FROM country WHERE iso3 = NEW.iso3
		ON CONFLICT (kind, item_id, region) DO UPDATE SET k = k + 1;
	INSERT INTO tally_practice_region (region, status, n)
		SELECT m.region, CASE WHEN p.hidden_at IS NULL THEN p.status ELSE 'hidden' END, 1
		FROM region_mark m JOIN practice p ON p.id = m.item_id
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
	AND status = (SELECT CASE WHEN hidden_at IS NULL THEN status ELSE 'hidden' END
		FROM practice WHERE id = OLD.practice_id)
	AND (SELECT k FROM region_mark WHERE kind = 'practice' AND item_id = OLD.practice_id
		AND region = (SELECT region_m49 FROM country WHERE iso3 = OLD.iso3)) = 0;
END;
CREATE TRIGGER region_mark_practice_status_u AFTER UPDATE OF status, hidden_at ON practice
	WHEN OLD.status IS NOT NEW.status OR (OLD.hidden_at IS NULL) <> (NEW.hidden_at IS NULL)
BEGIN
	UPDATE tally_practice_region SET n = n - 1 WHERE status =
		CASE WHEN OLD.hidden_at IS NULL THEN OLD.status ELSE 'hidden' END
	AND region IN (
		SELECT region FROM region_mark WHERE kind = 'practice' AND item_id = OLD.id AND k > 0);
	INSERT INTO tally_practice_region (region, status, n)
		SELECT region, CASE WHEN NEW.hidden_at IS NULL THEN NEW.status ELSE 'hidden' END, 1
		FROM region_mark WHERE kind = 'practice'
		AND item_id = NEW.id AND k > 0
		ON CONFLICT (region, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_practice_month_i AFTER INSERT ON practice
BEGIN
	INSERT INTO tally_practice_month (month, status, n)
		VALUES (substr(coalesce(NEW.published_at, ''), 1, 7),
			CASE WHEN NEW.hidden_at IS NULL THEN NEW.status ELSE 'hidden' END, 1)
		ON CONFLICT (month, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_practice_month_u AFTER UPDATE OF status, published_at, hidden_at ON practice
	WHEN OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at
	OR (OLD.hidden_at IS NULL) <> (NEW.hidden_at IS NULL)
BEGIN
	UPDATE tally_practice_month SET n = n - 1
	WHERE month = substr(coalesce(OLD.published_at, ''), 1, 7) 
	AND status = CASE WHEN OLD.hidden_at IS NULL THEN OLD.status ELSE 'hidden' END;
	INSERT INTO tally_practice_month (month, status, n)
		VALUES (substr(coalesce(NEW.published_at, ''), 1, 7),
			CASE WHEN NEW.hidden_at IS NULL THEN NEW.status ELSE 'hidden' END, 1)
		ON CONFLICT (month, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_practice_month_d AFTER DELETE ON practice
BEGIN
	UPDATE tally_practice_month SET n = n - 1
	WHERE month = substr(coalesce(OLD.published_at, ''), 1, 7) 
	AND status = CASE WHEN OLD.hidden_at IS NULL THEN OLD.status ELSE 'hidden' END;
END;

DELETE FROM tally_practice_objective;
INSERT INTO tally_practice_objective (objective, status, n)
	SELECT o.objective, CASE WHEN p.hidden_at IS NULL THEN p.status ELSE 'hidden' END, count(*)
	FROM practice_objective o JOIN practice p ON p.id = o.practice_id GROUP BY o.objective, 2;
DELETE FROM tally_practice_country;
INSERT INTO tally_practice_country (iso3, status, n)
	SELECT k.iso3, CASE WHEN p.hidden_at IS NULL THEN p.status ELSE 'hidden' END, count(*)
	FROM practice_country k JOIN practice p ON p.id = k.practice_id GROUP BY k.iso3, 2;
DELETE FROM tally_practice_region;
INSERT INTO tally_practice_region (region, status, n)
	SELECT m.region, CASE WHEN p.hidden_at IS NULL THEN p.status ELSE 'hidden' END, count(*)
	FROM region_mark m JOIN practice p ON p.id = m.item_id
	WHERE m.kind = 'practice' AND m.k > 0 GROUP BY m.region, 2;
DELETE FROM tally_practice_month;
INSERT INTO tally_practice_month (month, status, n)
	SELECT substr(coalesce(published_at, ''), 1, 7),
		CASE WHEN hidden_at IS NULL THEN status ELSE 'hidden' END, count(*) FROM practice
	GROUP BY 1, 2;
