-- 0036_country_order.pg.sql — PostgreSQL's form of 0036_country_order.sql
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
