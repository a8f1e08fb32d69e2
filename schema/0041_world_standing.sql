-- 0041_world_standing.sql — where the World stands (/regions/001) from
-- running counts, as 0036 does for one objective (issue 19 item 1). (SQLite;
-- 0041_world_standing.pg.sql is the same for PostgreSQL: keep the two in
-- step.)
--
-- The World's counts were one GROUP BY status, level over every commitment
-- not withdrawn: a read that grows with the data (18 ms at 100,000). The same
-- arithmetic as tally_standing_objective (0036's comment): counts by
-- (status, level) and month of three kinds ('a' every commitment by month of
-- its activity date; 's' those with target < E(activity) by month of target;
-- 'e' the same by month of activity), kept by triggers on commitment in the
-- write's transaction, whoever writes; a withdrawn commitment, or one hidden by a
-- flag (0040), counts nowhere
-- (its withdrawal moves it out, its return back in). The read
-- (standing.c) sums the months before today's two thresholds and, for the
-- two boundary months, the days up to each threshold from the counts by day
-- below: unlike 0036, which reads those months' link rows, no read here
-- touches a commitment. Rows are never deleted (a count may fall to 0).
CREATE TABLE tally_standing_world (
	status TEXT NOT NULL,
	level TEXT NOT NULL,
	what TEXT NOT NULL CHECK (what IN ('a', 's', 'e')),
	month TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (status, level, what, month)
) WITHOUT ROWID;
INSERT INTO tally_standing_world (status, level, what, month, n)
	SELECT coalesce(status, ''), coalesce(level, ''), 'a', coalesce(substr(activity_date, 1, 7), ''),
		count(*) FROM commitment WHERE withdrawn_at IS NULL AND hidden_at IS NULL
	GROUP BY 1, 2, 4;
INSERT INTO tally_standing_world (status, level, what, month, n)
	SELECT coalesce(status, ''), coalesce(level, ''), 's', substr(target_date, 1, 7), count(*)
	FROM commitment WHERE withdrawn_at IS NULL AND hidden_at IS NULL AND target_date < (CASE WHEN substr(activity_date, 6, 5) = '02-29'
		THEN CAST(CAST(substr(activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
		ELSE CAST(CAST(substr(activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(activity_date, 5) END)
	GROUP BY 1, 2, 4;
INSERT INTO tally_standing_world (status, level, what, month, n)
	SELECT coalesce(status, ''), coalesce(level, ''), 'e', substr(activity_date, 1, 7), count(*)
	FROM commitment WHERE withdrawn_at IS NULL AND hidden_at IS NULL AND target_date < (CASE WHEN substr(activity_date, 6, 5) = '02-29'
		THEN CAST(CAST(substr(activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
		ELSE CAST(CAST(substr(activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(activity_date, 5) END)
	GROUP BY 1, 2, 4;

-- The same counts by day, read only for the two boundary months (at most 31
-- days each): the rows of those months are counted, never read, so the read
-- does not grow with the data. Keyed by kind and day first, so that a month's
-- days are one range of the key.
CREATE TABLE tally_standing_world_day (
	what TEXT NOT NULL CHECK (what IN ('a', 's', 'e')),
	day TEXT NOT NULL,
	status TEXT NOT NULL,
	level TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (what, day, status, level)
) WITHOUT ROWID;
INSERT INTO tally_standing_world_day (what, day, status, level, n)
	SELECT 'a', coalesce(substr(activity_date, 1, 10), ''), coalesce(status, ''),
		coalesce(level, ''), count(*) FROM commitment WHERE withdrawn_at IS NULL AND hidden_at IS NULL
	GROUP BY 2, 3, 4;
INSERT INTO tally_standing_world_day (what, day, status, level, n)
	SELECT 's', substr(target_date, 1, 10), coalesce(status, ''), coalesce(level, ''), count(*)
	FROM commitment WHERE withdrawn_at IS NULL AND hidden_at IS NULL AND target_date < (CASE WHEN substr(activity_date, 6, 5) = '02-29'
		THEN CAST(CAST(substr(activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
		ELSE CAST(CAST(substr(activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(activity_date, 5) END)
	GROUP BY 2, 3, 4;
INSERT INTO tally_standing_world_day (what, day, status, level, n)
	SELECT 'e', substr(activity_date, 1, 10), coalesce(status, ''), coalesce(level, ''), count(*)
	FROM commitment WHERE withdrawn_at IS NULL AND hidden_at IS NULL AND target_date < (CASE WHEN substr(activity_date, 6, 5) = '02-29'
		THEN CAST(CAST(substr(activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
		ELSE CAST(CAST(substr(activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(activity_date, 5) END)
	GROUP BY 2, 3, 4;

CREATE TRIGGER tally_standing_world_i AFTER INSERT ON commitment
BEGIN
	INSERT INTO tally_standing_world (status, level, what, month, n)
		SELECT coalesce(NEW.status, ''), coalesce(NEW.level, ''), 'a', coalesce(substr(NEW.activity_date, 1, 7), ''), 1
		WHERE NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL
		ON CONFLICT (status, level, what, month) DO UPDATE SET n = n + 1;
	INSERT INTO tally_standing_world (status, level, what, month, n)
		SELECT coalesce(NEW.status, ''), coalesce(NEW.level, ''), 's', substr(NEW.target_date, 1, 7), 1
		WHERE NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL AND NEW.target_date < (CASE WHEN substr(NEW.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(NEW.activity_date, 5) END)
		ON CONFLICT (status, level, what, month) DO UPDATE SET n = n + 1;
	INSERT INTO tally_standing_world (status, level, what, month, n)
		SELECT coalesce(NEW.status, ''), coalesce(NEW.level, ''), 'e', substr(NEW.activity_date, 1, 7), 1
		WHERE NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL AND NEW.target_date < (CASE WHEN substr(NEW.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(NEW.activity_date, 5) END)
		ON CONFLICT (status, level, what, month) DO UPDATE SET n = n + 1;
	INSERT INTO tally_standing_world_day (what, day, status, level, n)
		SELECT 'a', coalesce(substr(NEW.activity_date, 1, 10), ''), coalesce(NEW.status, ''), coalesce(NEW.level, ''), 1
		WHERE NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL
		ON CONFLICT (what, day, status, level) DO UPDATE SET n = n + 1;
	INSERT INTO tally_standing_world_day (what, day, status, level, n)
		SELECT 's', substr(NEW.target_date, 1, 10), coalesce(NEW.status, ''), coalesce(NEW.level, ''), 1
		WHERE NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL AND NEW.target_date < (CASE WHEN substr(NEW.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(NEW.activity_date, 5) END)
		ON CONFLICT (what, day, status, level) DO UPDATE SET n = n + 1;
	INSERT INTO tally_standing_world_day (what, day, status, level, n)
		SELECT 'e', substr(NEW.activity_date, 1, 10), coalesce(NEW.status, ''), coalesce(NEW.level, ''), 1
		WHERE NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL AND NEW.target_date < (CASE WHEN substr(NEW.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(NEW.activity_date, 5) END)
		ON CONFLICT (what, day, status, level) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tally_standing_world_d AFTER DELETE ON commitment
BEGIN
	UPDATE tally_standing_world SET n = n - 1
		WHERE OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL AND status = coalesce(OLD.status, '') AND level = coalesce(OLD.level, '')
		AND what = 'a' AND month = coalesce(substr(OLD.activity_date, 1, 7), '');
	UPDATE tally_standing_world SET n = n - 1
		WHERE OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL AND status = coalesce(OLD.status, '') AND level = coalesce(OLD.level, '')
		AND what = 's' AND month = substr(OLD.target_date, 1, 7) AND OLD.target_date < (CASE WHEN substr(OLD.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(OLD.activity_date, 5) END);
	UPDATE tally_standing_world SET n = n - 1
		WHERE OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL AND status = coalesce(OLD.status, '') AND level = coalesce(OLD.level, '')
		AND what = 'e' AND month = substr(OLD.activity_date, 1, 7) AND OLD.target_date < (CASE WHEN substr(OLD.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(OLD.activity_date, 5) END);
	UPDATE tally_standing_world_day SET n = n - 1
		WHERE OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL AND status = coalesce(OLD.status, '') AND level = coalesce(OLD.level, '')
		AND what = 'a' AND day = coalesce(substr(OLD.activity_date, 1, 10), '');
	UPDATE tally_standing_world_day SET n = n - 1
		WHERE OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL AND status = coalesce(OLD.status, '') AND level = coalesce(OLD.level, '')
		AND what = 's' AND day = substr(OLD.target_date, 1, 10) AND OLD.target_date < (CASE WHEN substr(OLD.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(OLD.activity_date, 5) END);
	UPDATE tally_standing_world_day SET n = n - 1
		WHERE OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL AND status = coalesce(OLD.status, '') AND level = coalesce(OLD.level, '')
		AND what = 'e' AND day = substr(OLD.activity_date, 1, 10) AND OLD.target_date < (CASE WHEN substr(OLD.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(OLD.activity_date, 5) END);
END;
CREATE TRIGGER tally_standing_world_u
	AFTER UPDATE OF status, level, activity_date, target_date, withdrawn_at, hidden_at ON commitment
	WHEN OLD.status IS NOT NEW.status OR OLD.level IS NOT NEW.level
	OR OLD.activity_date IS NOT NEW.activity_date OR OLD.target_date IS NOT NEW.target_date
	OR OLD.withdrawn_at IS NOT NEW.withdrawn_at OR OLD.hidden_at IS NOT NEW.hidden_at
BEGIN
	UPDATE tally_standing_world SET n = n - 1
		WHERE OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL AND status = coalesce(OLD.status, '') AND level = coalesce(OLD.level, '')
		AND what = 'a' AND month = coalesce(substr(OLD.activity_date, 1, 7), '');
	UPDATE tally_standing_world SET n = n - 1
		WHERE OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL AND status = coalesce(OLD.status, '') AND level = coalesce(OLD.level, '')
		AND what = 's' AND month = substr(OLD.target_date, 1, 7) AND OLD.target_date < (CASE WHEN substr(OLD.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(OLD.activity_date, 5) END);
	UPDATE tally_standing_world SET n = n - 1
		WHERE OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL AND status = coalesce(OLD.status, '') AND level = coalesce(OLD.level, '')
		AND what = 'e' AND month = substr(OLD.activity_date, 1, 7) AND OLD.target_date < (CASE WHEN substr(OLD.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(OLD.activity_date, 5) END);
	UPDATE tally_standing_world_day SET n = n - 1
		WHERE OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL AND status = coalesce(OLD.status, '') AND level = coalesce(OLD.level, '')
		AND what = 'a' AND day = coalesce(substr(OLD.activity_date, 1, 10), '');
	UPDATE tally_standing_world_day SET n = n - 1
		WHERE OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL AND status = coalesce(OLD.status, '') AND level = coalesce(OLD.level, '')
		AND what = 's' AND day = substr(OLD.target_date, 1, 10) AND OLD.target_date < (CASE WHEN substr(OLD.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(OLD.activity_date, 5) END);
	UPDATE tally_standing_world_day SET n = n - 1
		WHERE OLD.withdrawn_at IS NULL AND OLD.hidden_at IS NULL AND status = coalesce(OLD.status, '') AND level = coalesce(OLD.level, '')
		AND what = 'e' AND day = substr(OLD.activity_date, 1, 10) AND OLD.target_date < (CASE WHEN substr(OLD.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(OLD.activity_date, 5) END);
	INSERT INTO tally_standing_world (status, level, what, month, n)
		SELECT coalesce(NEW.status, ''), coalesce(NEW.level, ''), 'a', coalesce(substr(NEW.activity_date, 1, 7), ''), 1
		WHERE NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL
		ON CONFLICT (status, level, what, month) DO UPDATE SET n = n + 1;
	INSERT INTO tally_standing_world (status, level, what, month, n)
		SELECT coalesce(NEW.status, ''), coalesce(NEW.level, ''), 's', substr(NEW.target_date, 1, 7), 1
		WHERE NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL AND NEW.target_date < (CASE WHEN substr(NEW.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(NEW.activity_date, 5) END)
		ON CONFLICT (status, level, what, month) DO UPDATE SET n = n + 1;
	INSERT INTO tally_standing_world (status, level, what, month, n)
		SELECT coalesce(NEW.status, ''), coalesce(NEW.level, ''), 'e', substr(NEW.activity_date, 1, 7), 1
		WHERE NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL AND NEW.target_date < (CASE WHEN substr(NEW.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(NEW.activity_date, 5) END)
		ON CONFLICT (status, level, what, month) DO UPDATE SET n = n + 1;
	INSERT INTO tally_standing_world_day (what, day, status, level, n)
		SELECT 'a', coalesce(substr(NEW.activity_date, 1, 10), ''), coalesce(NEW.status, ''), coalesce(NEW.level, ''), 1
		WHERE NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL
		ON CONFLICT (what, day, status, level) DO UPDATE SET n = n + 1;
	INSERT INTO tally_standing_world_day (what, day, status, level, n)
		SELECT 's', substr(NEW.target_date, 1, 10), coalesce(NEW.status, ''), coalesce(NEW.level, ''), 1
		WHERE NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL AND NEW.target_date < (CASE WHEN substr(NEW.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(NEW.activity_date, 5) END)
		ON CONFLICT (what, day, status, level) DO UPDATE SET n = n + 1;
	INSERT INTO tally_standing_world_day (what, day, status, level, n)
		SELECT 'e', substr(NEW.activity_date, 1, 10), coalesce(NEW.status, ''), coalesce(NEW.level, ''), 1
		WHERE NEW.withdrawn_at IS NULL AND NEW.hidden_at IS NULL AND NEW.target_date < (CASE WHEN substr(NEW.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(NEW.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(NEW.activity_date, 5) END)
		ON CONFLICT (what, day, status, level) DO UPDATE SET n = n + 1;
END;

ANALYZE commitment;
