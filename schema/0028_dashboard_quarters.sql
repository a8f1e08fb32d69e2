-- 0028_dashboard_quarters.sql — the dashboard's series over time for the
-- practices, the hub's needs and the independent assessments (issue 16:
-- "each over time, by quarter"), kept like 0019's tally_created and
-- tally_reported: running counts by month, moved by the triggers below in
-- the transaction of the write, so /dashboard reads a row per month and
-- status, never every practice, hub item or assessment, when the page
-- cache misses (src/domain/dashboard.c adds the months into quarters).
-- SQLite; 0028_dashboard_quarters.pg.sql is the same for PostgreSQL: keep
-- the two in step.
--
--   tally_practice_month    practices by (month of published_at, '' when
--                           never published; status): the dashboard reads
--                           the published ones, /practices' list
--   tally_hub_month         hub items by (side, month of created_at,
--                           status): the dashboard reads the open needs,
--                           /hub?side=need's list
--   tally_assessment_month  final independent assessments by month of
--                           finalised_at (every final one, not only a
--                           commitment's latest)
-- Every table always equals a GROUP BY of its source (tests/unit/
-- test_dashboard.c checks it); rows are never deleted, a count may fall
-- to 0.

CREATE TABLE tally_practice_month (
	month TEXT NOT NULL,
	status TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (month, status)
);
CREATE TABLE tally_hub_month (
	side TEXT NOT NULL,
	month TEXT NOT NULL,
	status TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (side, month, status)
);
CREATE TABLE tally_assessment_month (
	month TEXT NOT NULL PRIMARY KEY,
	n BIGINT NOT NULL
);

INSERT INTO tally_practice_month (month, status, n)
	SELECT substr(coalesce(published_at, ''), 1, 7), status, count(*) FROM practice
	GROUP BY substr(coalesce(published_at, ''), 1, 7), status;
INSERT INTO tally_hub_month (side, month, status, n)
	SELECT side, substr(created_at, 1, 7), status, count(*) FROM hub_item
	GROUP BY side, substr(created_at, 1, 7), status;
INSERT INTO tally_assessment_month (month, n)
	SELECT substr(finalised_at, 1, 7), count(*) FROM assessment WHERE status = 'final'
	GROUP BY substr(finalised_at, 1, 7);

CREATE TRIGGER tally_practice_month_i AFTER INSERT ON practice
BEGIN
	INSERT INTO tally_practice_month (month, status, n)
		VALUES (substr(coalesce(NEW.published_at, ''), 1, 7), NEW.status, 1)
		ON CONFLICT (month, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_practice_month_u AFTER UPDATE OF status, published_at ON practice
	WHEN OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at
BEGIN
	UPDATE tally_practice_month SET n = n - 1
	WHERE month = substr(coalesce(OLD.published_at, ''), 1, 7) AND status = OLD.status;
	INSERT INTO tally_practice_month (month, status, n)
		VALUES (substr(coalesce(NEW.published_at, ''), 1, 7), NEW.status, 1)
		ON CONFLICT (month, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_practice_month_d AFTER DELETE ON practice
BEGIN
	UPDATE tally_practice_month SET n = n - 1
	WHERE month = substr(coalesce(OLD.published_at, ''), 1, 7) AND status = OLD.status;
END;

CREATE TRIGGER tally_hub_month_i AFTER INSERT ON hub_item
BEGIN
	INSERT INTO tally_hub_month (side, month, status, n)
		VALUES (NEW.side, substr(NEW.created_at, 1, 7), NEW.status, 1)
		ON CONFLICT (side, month, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_hub_month_u AFTER UPDATE OF side, status, created_at ON hub_item
	WHEN OLD.side IS NOT NEW.side OR OLD.status IS NOT NEW.status
	OR OLD.created_at IS NOT NEW.created_at
BEGIN
	UPDATE tally_hub_month SET n = n - 1 WHERE side = OLD.side
	AND month = substr(OLD.created_at, 1, 7) AND status = OLD.status;
	INSERT INTO tally_hub_month (side, month, status, n)
		VALUES (NEW.side, substr(NEW.created_at, 1, 7), NEW.status, 1)
		ON CONFLICT (side, month, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_hub_month_d AFTER DELETE ON hub_item
BEGIN
	UPDATE tally_hub_month SET n = n - 1 WHERE side = OLD.side
	AND month = substr(OLD.created_at, 1, 7) AND status = OLD.status;
END;

-- An assessment counts while final, under the month it was finalised.
CREATE TRIGGER tally_assessment_month_i AFTER INSERT ON assessment
	WHEN NEW.status = 'final'
BEGIN
	INSERT INTO tally_assessment_month (month, n)
		VALUES (substr(NEW.finalised_at, 1, 7), 1)
		ON CONFLICT (month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_assessment_month_u AFTER UPDATE OF status, finalised_at ON assessment
	WHEN OLD.status IS NOT NEW.status OR OLD.finalised_at IS NOT NEW.finalised_at
BEGIN
	UPDATE tally_assessment_month SET n = n - 1
	WHERE OLD.status = 'final' AND month = substr(OLD.finalised_at, 1, 7);
	INSERT INTO tally_assessment_month (month, n)
		SELECT substr(NEW.finalised_at, 1, 7), 1 WHERE NEW.status = 'final'
		ON CONFLICT (month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_assessment_month_d AFTER DELETE ON assessment
	WHEN OLD.status = 'final'
BEGIN
	UPDATE tally_assessment_month SET n = n - 1 WHERE month = substr(OLD.finalised_at, 1, 7);
END;
