-- 0028_dashboard_quarters.pg.sql — the PostgreSQL twin of
-- 0028_dashboard_quarters.sql (read its comment): the same tallies by
-- month, the triggers as plpgsql functions. Keep the two in step.

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

CREATE FUNCTION pacte_tally_practice_month() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		UPDATE tally_practice_month SET n = n - 1
		WHERE month = substr(coalesce(OLD.published_at, ''), 1, 7) AND status = OLD.status;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO tally_practice_month AS t (month, status, n)
			VALUES (substr(coalesce(NEW.published_at, ''), 1, 7), NEW.status, 1)
			ON CONFLICT (month, status) DO UPDATE SET n = t.n + 1;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER tally_practice_month AFTER INSERT OR DELETE ON practice
	FOR EACH ROW EXECUTE FUNCTION pacte_tally_practice_month();
CREATE TRIGGER tally_practice_month_u AFTER UPDATE OF status, published_at ON practice
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
		OR OLD.published_at IS DISTINCT FROM NEW.published_at)
	EXECUTE FUNCTION pacte_tally_practice_month();

CREATE FUNCTION pacte_tally_hub_month() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		UPDATE tally_hub_month SET n = n - 1 WHERE side = OLD.side
		AND month = substr(OLD.created_at, 1, 7) AND status = OLD.status;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO tally_hub_month AS t (side, month, status, n)
			VALUES (NEW.side, substr(NEW.created_at, 1, 7), NEW.status, 1)
			ON CONFLICT (side, month, status) DO UPDATE SET n = t.n + 1;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER tally_hub_month AFTER INSERT OR DELETE ON hub_item
	FOR EACH ROW EXECUTE FUNCTION pacte_tally_hub_month();
CREATE TRIGGER tally_hub_month_u AFTER UPDATE OF side, status, created_at ON hub_item
	FOR EACH ROW WHEN (OLD.side IS DISTINCT FROM NEW.side
		OR OLD.status IS DISTINCT FROM NEW.status
		OR OLD.created_at IS DISTINCT FROM NEW.created_at)
	EXECUTE FUNCTION pacte_tally_hub_month();

-- An assessment counts while final, under the month it was finalised.
CREATE FUNCTION pacte_tally_assessment_month() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'final' THEN
		UPDATE tally_assessment_month SET n = n - 1
		WHERE month = substr(OLD.finalised_at, 1, 7);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'final' THEN
		INSERT INTO tally_assessment_month AS t (month, n)
			VALUES (substr(NEW.finalised_at, 1, 7), 1)
			ON CONFLICT (month) DO UPDATE SET n = t.n + 1;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER tally_assessment_month AFTER INSERT OR DELETE ON assessment
	FOR EACH ROW EXECUTE FUNCTION pacte_tally_assessment_month();
CREATE TRIGGER tally_assessment_month_u AFTER UPDATE OF status, finalised_at ON assessment
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
		OR OLD.finalised_at IS DISTINCT FROM NEW.finalised_at)
	EXECUTE FUNCTION pacte_tally_assessment_month();
