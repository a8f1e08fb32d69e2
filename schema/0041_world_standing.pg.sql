-- 0041_world_standing.pg.sql — where the World stands from running counts
-- and days (PostgreSQL; 0041_world_standing.sql, SQLite, says why and how:
-- keep the two in step). pacte_inactive_from is 0036's.
CREATE TABLE tally_standing_world (
	status TEXT NOT NULL,
	level TEXT NOT NULL,
	what TEXT NOT NULL CHECK (what IN ('a', 's', 'e')),
	month TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (status, level, what, month)
);
INSERT INTO tally_standing_world (status, level, what, month, n)
	SELECT coalesce(status, ''), coalesce(level, ''), 'a', coalesce(substr(activity_date, 1, 7), ''),
		count(*) FROM commitment WHERE withdrawn_at IS NULL AND hidden_at IS NULL
	GROUP BY 1, 2, 4;
INSERT INTO tally_standing_world (status, level, what, month, n)
	SELECT coalesce(status, ''), coalesce(level, ''), 's', substr(target_date, 1, 7), count(*)
	FROM commitment WHERE withdrawn_at IS NULL AND hidden_at IS NULL AND target_date < pacte_inactive_from(activity_date)
	GROUP BY 1, 2, 4;
INSERT INTO tally_standing_world (status, level, what, month, n)
	SELECT coalesce(status, ''), coalesce(level, ''), 'e', substr(activity_date, 1, 7), count(*)
	FROM commitment WHERE withdrawn_at IS NULL AND hidden_at IS NULL AND target_date < pacte_inactive_from(activity_date)
	GROUP BY 1, 2, 4;

CREATE TABLE tally_standing_world_day (
	what TEXT NOT NULL CHECK (what IN ('a', 's', 'e')),
	day TEXT NOT NULL,
	status TEXT NOT NULL,
	level TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (what, day, status, level)
);
INSERT INTO tally_standing_world_day (what, day, status, level, n)
	SELECT 'a', coalesce(substr(activity_date, 1, 10), ''), coalesce(status, ''),
		coalesce(level, ''), count(*) FROM commitment WHERE withdrawn_at IS NULL AND hidden_at IS NULL
	GROUP BY 2, 3, 4;
INSERT INTO tally_standing_world_day (what, day, status, level, n)
	SELECT 's', substr(target_date, 1, 10), coalesce(status, ''), coalesce(level, ''), count(*)
	FROM commitment WHERE withdrawn_at IS NULL AND hidden_at IS NULL AND target_date < pacte_inactive_from(activity_date)
	GROUP BY 2, 3, 4;
INSERT INTO tally_standing_world_day (what, day, status, level, n)
	SELECT 'e', substr(activity_date, 1, 10), coalesce(status, ''), coalesce(level, ''), count(*)
	FROM commitment WHERE withdrawn_at IS NULL AND hidden_at IS NULL AND target_date < pacte_inactive_from(activity_date)
	GROUP BY 2, 3, 4;

-- One commitment in (d = 1) or out (d = -1) of the World's counts.
CREATE FUNCTION pacte_standing_world_move(r commitment, d INTEGER)
	RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF r.withdrawn_at IS NOT NULL OR r.hidden_at IS NOT NULL THEN
		RETURN;
	END IF;
	INSERT INTO tally_standing_world (status, level, what, month, n)
		VALUES (coalesce(r.status, ''), coalesce(r.level, ''), 'a',
			coalesce(substr(r.activity_date, 1, 7), ''), d)
		ON CONFLICT (status, level, what, month)
		DO UPDATE SET n = tally_standing_world.n + d;
	INSERT INTO tally_standing_world_day (what, day, status, level, n)
		VALUES ('a', coalesce(substr(r.activity_date, 1, 10), ''), coalesce(r.status, ''),
			coalesce(r.level, ''), d)
		ON CONFLICT (what, day, status, level)
		DO UPDATE SET n = tally_standing_world_day.n + d;
	IF r.target_date < pacte_inactive_from(r.activity_date) THEN
		INSERT INTO tally_standing_world (status, level, what, month, n)
			VALUES (coalesce(r.status, ''), coalesce(r.level, ''), 's',
				substr(r.target_date, 1, 7), d),
			(coalesce(r.status, ''), coalesce(r.level, ''), 'e',
				substr(r.activity_date, 1, 7), d)
			ON CONFLICT (status, level, what, month)
			DO UPDATE SET n = tally_standing_world.n + excluded.n;
		INSERT INTO tally_standing_world_day (what, day, status, level, n)
			VALUES ('s', substr(r.target_date, 1, 10), coalesce(r.status, ''),
				coalesce(r.level, ''), d),
			('e', substr(r.activity_date, 1, 10), coalesce(r.status, ''),
				coalesce(r.level, ''), d)
			ON CONFLICT (what, day, status, level)
			DO UPDATE SET n = tally_standing_world_day.n + excluded.n;
	END IF;
END
$$;
CREATE FUNCTION pacte_standing_world_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		PERFORM pacte_standing_world_move(OLD, -1);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		PERFORM pacte_standing_world_move(NEW, 1);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER tally_standing_world AFTER INSERT OR DELETE ON commitment
	FOR EACH ROW EXECUTE FUNCTION pacte_standing_world_tally();
CREATE TRIGGER tally_standing_world_u
	AFTER UPDATE OF status, level, activity_date, target_date, withdrawn_at, hidden_at ON commitment
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
		OR OLD.level IS DISTINCT FROM NEW.level
		OR OLD.activity_date IS DISTINCT FROM NEW.activity_date
		OR OLD.target_date IS DISTINCT FROM NEW.target_date
		OR OLD.withdrawn_at IS DISTINCT FROM NEW.withdrawn_at
		OR OLD.hidden_at IS DISTINCT FROM NEW.hidden_at)
	EXECUTE FUNCTION pacte_standing_world_tally();

ANALYZE commitment;
