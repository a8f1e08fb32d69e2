-- 0036_scope_reads.sql — two reads of a scope's page that grew with the
-- data, made to read what they show (issue 19 item 1). (SQLite;
-- 0036_scope_reads.pg.sql is the same for PostgreSQL: keep the two in step.)
--
-- 1. A country's page reads its five newest cards and its latest reports by
-- walking an index of the country's link rows, not by gathering every
-- commitment naming the country and sorting them (scope_country_alone in
-- src/domain/scope.h; progress.c, commitments_list.c). Copied onto
-- commitment_country, as 0005 copies status and dates: the two sort keys
-- of a scope's page, updated_at (the cards, newest first) and
-- (last_report_date, last_report_id) (the latest updates, 0009). Triggers
-- keep them in step in the transaction of every write, whoever writes: a
-- new link row takes its commitment's values; a change of either key on
-- the commitment is copied to its country rows. Objectives and regions keep
-- their reads: a large scope walks the commitment's own indexes (an
-- objective or a region holds one commitment in 32 or more,
-- scope_access_for), which costs the page size, not the scope's.

ALTER TABLE commitment_country ADD COLUMN updated_at TEXT;
ALTER TABLE commitment_country ADD COLUMN last_report_date TEXT;
ALTER TABLE commitment_country ADD COLUMN last_report_id BIGINT;

UPDATE commitment_country SET (updated_at, last_report_date, last_report_id) =
	(SELECT c.updated_at, c.last_report_date, c.last_report_id FROM commitment c
	 WHERE c.id = commitment_country.commitment_id);

CREATE INDEX commitment_country_updated ON commitment_country
	(iso3, updated_at, commitment_id);
CREATE INDEX commitment_country_last_report ON commitment_country
	(iso3, last_report_date, last_report_id, commitment_id) WHERE last_report_date IS NOT NULL;

CREATE TRIGGER commitment_country_order_i AFTER INSERT ON commitment_country
BEGIN
	UPDATE commitment_country SET (updated_at, last_report_date, last_report_id) =
		(SELECT c.updated_at, c.last_report_date, c.last_report_id FROM commitment c
		 WHERE c.id = NEW.commitment_id)
	WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER commitment_country_order_u
	AFTER UPDATE OF updated_at, last_report_date, last_report_id ON commitment
	WHEN OLD.updated_at IS NOT NEW.updated_at
	OR OLD.last_report_date IS NOT NEW.last_report_date
	OR OLD.last_report_id IS NOT NEW.last_report_id
BEGIN
	UPDATE commitment_country SET updated_at = NEW.updated_at,
		last_report_date = NEW.last_report_date, last_report_id = NEW.last_report_id
	WHERE commitment_id = NEW.id;
END;

-- 2. Where an objective stands (standing.c), without a GROUP BY over its link
-- rows: counts of commitment_objective by (objective, status, level) and a
-- month, kept by triggers in the write's transaction. Today never enters a
-- write: the read sums the months wholly before today's thresholds and
-- reads the rows of the two boundary months exactly, so a read never
-- writes (a read-only PostgreSQL node answers it) and stays right without
-- a nightly job. With E(a), the first day a commitment last active on a is
-- inactive (a + 24 months; 29 February gives 1 March, as date_minus_months
-- clamps), a commitment of target date t is inactive from E(a) on and
-- overdue on the days D with t < D < E(a). So, for each (status, level):
--   what 'a', by month of activity_date, every row: the total, and the
--      inactive ones (months before the cut-off's month);
--   what 's', by month of target_date, the rows with t < E(a): those that
--      have become overdue by D (target months before D's month);
--   what 'e', by month of activity_date, the same rows: those that have
--      stopped being overdue by D (they went inactive);
-- overdue on D = 's' up to D − 'e' up to D's cut-off. The rows are bounded
-- by the calendar, not by the data. Rows are never deleted (a count may
-- fall to 0), as 0019's tallies.
CREATE TABLE tally_standing_objective (
	objective INTEGER NOT NULL,
	status TEXT NOT NULL,
	level TEXT NOT NULL,
	what TEXT NOT NULL CHECK (what IN ('a', 's', 'e')),
	month TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (objective, status, level, what, month)
) WITHOUT ROWID;   -- a read is one range of the key: no lookups
INSERT INTO tally_standing_objective (objective, status, level, what, month, n)
	SELECT objective, coalesce(status, ''), coalesce(level, ''), 'a',
		coalesce(substr(activity_date, 1, 7), ''), count(*) FROM commitment_objective
	GROUP BY objective, coalesce(status, ''), coalesce(level, ''),
		coalesce(substr(activity_date, 1, 7), '');
INSERT INTO tally_standing_objective (objective, status, level, what, month, n)
	SELECT objective, coalesce(status, ''), coalesce(level, ''), 's', substr(target_date, 1, 7),
		count(*) FROM commitment_objective WHERE target_date < (CASE WHEN substr(activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(activity_date, 5) END)
	GROUP BY objective, coalesce(status, ''), coalesce(level, ''), substr(target_date, 1, 7);
INSERT INTO tally_standing_objective (objective, status, level, what, month, n)
	SELECT objective, coalesce(status, ''), coalesce(level, ''), 'e', substr(activity_date, 1, 7),
		count(*) FROM commitment_objective WHERE target_date < (CASE WHEN substr(activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(activity_date, 5) END)
	GROUP BY objective, coalesce(status, ''), coalesce(level, ''), substr(activity_date, 1, 7);

-- The boundary months' rows, read exactly (by activity, by target).
CREATE INDEX commitment_objective_activity ON commitment_objective
	(objective, activity_date, target_date, status, level);
CREATE INDEX commitment_objective_target ON commitment_objective
	(objective, target_date, activity_date, status, level);

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
CREATE TRIGGER tally_standing_objective_d AFTER DELETE ON commitment_objective
BEGIN
	UPDATE tally_standing_objective SET n = n - 1
		WHERE objective = OLD.objective AND status = coalesce(OLD.status, '')
		AND level = coalesce(OLD.level, '')
		AND what = 'a' AND month = coalesce(substr(OLD.activity_date, 1, 7), '');
	UPDATE tally_standing_objective SET n = n - 1
		WHERE objective = OLD.objective AND status = coalesce(OLD.status, '')
		AND level = coalesce(OLD.level, '')
		AND what = 's' AND month = substr(OLD.target_date, 1, 7)
		AND OLD.target_date < (CASE WHEN substr(OLD.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(OLD.activity_date, 5) END);
	UPDATE tally_standing_objective SET n = n - 1
		WHERE objective = OLD.objective AND status = coalesce(OLD.status, '')
		AND level = coalesce(OLD.level, '')
		AND what = 'e' AND month = substr(OLD.activity_date, 1, 7)
		AND OLD.target_date < (CASE WHEN substr(OLD.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(OLD.activity_date, 5) END);
END;
CREATE TRIGGER tally_standing_objective_u
	AFTER UPDATE OF status, level, activity_date, target_date ON commitment_objective
	WHEN OLD.status IS NOT NEW.status OR OLD.level IS NOT NEW.level
	OR OLD.activity_date IS NOT NEW.activity_date OR OLD.target_date IS NOT NEW.target_date
BEGIN
	UPDATE tally_standing_objective SET n = n - 1
		WHERE objective = OLD.objective AND status = coalesce(OLD.status, '')
		AND level = coalesce(OLD.level, '')
		AND what = 'a' AND month = coalesce(substr(OLD.activity_date, 1, 7), '');
	UPDATE tally_standing_objective SET n = n - 1
		WHERE objective = OLD.objective AND status = coalesce(OLD.status, '')
		AND level = coalesce(OLD.level, '')
		AND what = 's' AND month = substr(OLD.target_date, 1, 7)
		AND OLD.target_date < (CASE WHEN substr(OLD.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(OLD.activity_date, 5) END);
	UPDATE tally_standing_objective SET n = n - 1
		WHERE objective = OLD.objective AND status = coalesce(OLD.status, '')
		AND level = coalesce(OLD.level, '')
		AND what = 'e' AND month = substr(OLD.activity_date, 1, 7)
		AND OLD.target_date < (CASE WHEN substr(OLD.activity_date, 6, 5) = '02-29'
			THEN CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01'
			ELSE CAST(CAST(substr(OLD.activity_date, 1, 4) AS INTEGER) + 2 AS TEXT) || substr(OLD.activity_date, 5) END);
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

-- The planner's statistics for the new indexes: without them, a database
-- analysed before (pacte demo, the importer) reads a country's standing
-- through commitment_country_updated, which does not cover it, instead of
-- 0005's covering index (seen at N=100,000: the country page 25 % slower).
ANALYZE commitment_country;
ANALYZE commitment_objective;
