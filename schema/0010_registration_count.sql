-- 0010_registration_count.sql — registrations counted per client address
-- and per period (the same on SQLite and PostgreSQL).
--
-- Anyone could register organisations as fast as they could post the form
-- (25 in 1.8 s), each one an account, an Argon2id hash and a request in the
-- reviewers' queue (issue 11, finding 3). The throttle
-- (src/domain/throttle.c) counts each registration request here, per
-- client address and per period of its window, and refuses the next one
-- past its limit until the period ends. Rows older than a day are cleared
-- away by the first registration of a period.
CREATE TABLE registration_count (
	client_addr TEXT NOT NULL,
	period BIGINT NOT NULL,      -- seconds since 1970 divided by the window's
	registrations BIGINT NOT NULL CHECK (registrations > 0),
	first_at TEXT NOT NULL,
	last_at TEXT NOT NULL,
	PRIMARY KEY (client_addr, period)
);

CREATE INDEX registration_count_period ON registration_count (period);
