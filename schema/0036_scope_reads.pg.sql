-- 0036_scope_reads.pg.sql — PostgreSQL's form of 0036_scope_reads.sql
-- (read its comment; keep the two in step): a country's link rows carry
-- their commitment's two sort keys, so that a country's page walks an
-- index of them for its five newest cards and its latest reports.

ALTER TABLE commitment_country ADD COLUMN updated_at TEXT,
	ADD COLUMN last_report_date TEXT, ADD COLUMN last_report_id BIGINT;

UPDATE commitment_country cc SET updated_at = c.updated_at,
	last_report_date = c.last_report_date, last_report_id = c.last_report_id
	FROM commitment c WHERE c.id = cc.commitment_id;

CREATE INDEX commitment_country_updated ON commitment_country
	(iso3, updated_at, commitment_id);
CREATE INDEX commitment_country_last_report ON commitment_country
	(iso3, last_report_date, last_report_id, commitment_id) WHERE last_report_date IS NOT NULL;

CREATE FUNCTION pacte_country_order_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	SELECT c.updated_at, c.last_report_date, c.last_report_id
		INTO NEW.updated_at, NEW.last_report_date, NEW.last_report_id
		FROM commitment c WHERE c.id = NEW.commitment_id;
	RETURN NEW;
END
$$;
CREATE TRIGGER commitment_country_order BEFORE INSERT ON commitment_country
	FOR EACH ROW EXECUTE FUNCTION pacte_country_order_fill();

CREATE FUNCTION pacte_country_order_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE commitment_country SET updated_at = NEW.updated_at,
		last_report_date = NEW.last_report_date, last_report_id = NEW.last_report_id
	WHERE commitment_id = NEW.id;
	RETURN NULL;
END
$$;
CREATE TRIGGER commitment_country_order AFTER UPDATE OF updated_at, last_report_date,
	last_report_id ON commitment FOR EACH ROW
	WHEN (OLD.updated_at IS DISTINCT FROM NEW.updated_at
		OR OLD.last_report_date IS DISTINCT FROM NEW.last_report_date
		OR OLD.last_report_id IS DISTINCT FROM NEW.last_report_id)
	EXECUTE FUNCTION pacte_country_order_copy();

-- Where an objective stands without a GROUP BY over its link rows: read
-- the comment of 0036_scope_reads.sql (tally_standing_objective).
CREATE FUNCTION pacte_inactive_from(a TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN substr(a, 6, 5) = '02-29'
		THEN CAST(CAST(substr(a, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
		ELSE CAST(CAST(substr(a, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(a, 5) END
$$;
CREATE TABLE tally_standing_objective (
	objective INTEGER NOT NULL,
	status TEXT NOT NULL,
	level TEXT NOT NULL,
	what TEXT NOT NULL CHECK (what IN ('a', 's', 'e')),
	month TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (objective, status, level, what, month)
);
INSERT INTO tally_standing_objective (objective, status, level, what, month, n)
	SELECT objective, coalesce(status, ''), coalesce(level, ''), 'a',
		coalesce(substr(activity_date, 1, 7), ''), count(*) FROM commitment_objective
	GROUP BY objective, coalesce(status, ''), coalesce(level, ''),
		coalesce(substr(activity_date, 1, 7), '');
INSERT INTO tally_standing_objective (objective, status, level, what, month, n)
	SELECT objective, coalesce(status, ''), coalesce(level, ''), 's', substr(target_date, 1, 7),
		count(*) FROM commitment_objective WHERE target_date < pacte_inactive_from(activity_date)
	GROUP BY objective, coalesce(status, ''), coalesce(level, ''), substr(target_date, 1, 7);
INSERT INTO tally_standing_objective (objective, status, level, what, month, n)
	SELECT objective, coalesce(status, ''), coalesce(level, ''), 'e', substr(activity_date, 1, 7),
		count(*) FROM commitment_objective WHERE target_date < pacte_inactive_from(activity_date)
	GROUP BY objective, coalesce(status, ''), coalesce(level, ''), substr(activity_date, 1, 7);

CREATE INDEX commitment_objective_activity ON commitment_objective
	(objective, activity_date, target_date, status, level);
CREATE INDEX commitment_objective_target ON commitment_objective
	(objective, target_date, activity_date, status, level);

-- One row's counts moved by d (+1 or -1).
CREATE FUNCTION pacte_standing_objective_move(r commitment_objective, d INTEGER)
	RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO tally_standing_objective (objective, status, level, what, month, n)
		VALUES (r.objective, coalesce(r.status, ''), coalesce(r.level, ''), 'a',
			coalesce(substr(r.activity_date, 1, 7), ''), d)
		ON CONFLICT (objective, status, level, what, month)
		DO UPDATE SET n = tally_standing_objective.n + d;
	IF r.target_date < pacte_inactive_from(r.activity_date) THEN
		INSERT INTO tally_standing_objective (objective, status, level, what, month, n)
			VALUES (r.objective, coalesce(r.status, ''), coalesce(r.level, ''), 's',
				substr(r.target_date, 1, 7), d),
			(r.objective, coalesce(r.status, ''), coalesce(r.level, ''), 'e',
				substr(r.activity_date, 1, 7), d)
			ON CONFLICT (objective, status, level, what, month)
			DO UPDATE SET n = tally_standing_objective.n + excluded.n;
	END IF;
END
$$;
CREATE FUNCTION pacte_standing_objective_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		PERFORM pacte_standing_objective_move(OLD, -1);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		PERFORM pacte_standing_objective_move(NEW, 1);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER tally_standing_objective AFTER INSERT OR DELETE ON commitment_objective
	FOR EACH ROW EXECUTE FUNCTION pacte_standing_objective_tally();
CREATE TRIGGER tally_standing_objective_u
	AFTER UPDATE OF status, level, activity_date, target_date ON commitment_objective
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
		OR OLD.level IS DISTINCT FROM NEW.level
		OR OLD.activity_date IS DISTINCT FROM NEW.activity_date
		OR OLD.target_date IS DISTINCT FROM NEW.target_date)
	EXECUTE FUNCTION pacte_standing_objective_tally();

-- The planner's statistics for the new columns and indexes (read
-- 0036_scope_reads.sql).
ANALYZE commitment_country;
ANALYZE commitment_objective;
