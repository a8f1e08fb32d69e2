-- 0036_country_order.sql — a country's page reads its five newest cards and
-- its latest reports by walking an index of the country's link rows, not by
-- gathering every commitment naming the country and sorting them
-- (scope_country_alone in src/domain/scope.h; progress.c, commitments_list.c).
-- (SQLite; 0036_country_order.pg.sql is the same for PostgreSQL: keep the
-- two in step.)
--
-- Copied onto commitment_country, as 0005 copies status and dates: the two
-- sort keys of a scope's page, updated_at (the cards, newest first) and
-- (last_report_date, last_report_id) (the latest updates, 0009). Triggers
-- keep them in step in the transaction of every write that changes them,
-- whoever writes: a new link row takes its commitment's values; a change
-- of either key on the commitment is copied to its country rows.
--
-- Not done for objectives and regions: their pages walk the commitment's
-- own indexes (an objective or a region holds one commitment in 32 or
-- more, scope_access_for), which costs the page size, not the scope's.

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
