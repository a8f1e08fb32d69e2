-- 0008_signin_refusal.sql — sign-in attempts the throttle refused, counted
-- (the same on SQLite and PostgreSQL).
--
-- Each refusal used to write an audit entry, in a write transaction of its
-- own, with an email the requester chose: 200 refusals, 200 entries
-- (issue 11, finding 2). A refusal is a knock on a door already shut, not
-- something that happened to the system: it is counted here instead, per
-- email and per client address and per period of the throttle's window
-- (src/domain/throttle.c), and only the first refusal of a period is
-- audited, when the door shuts.
CREATE TABLE signin_refusal (
	scope TEXT NOT NULL CHECK (scope IN ('email', 'address')),
	subject TEXT NOT NULL,       -- the email tried, or the client address
	period BIGINT NOT NULL,      -- seconds since 1970 divided by the window's
	refusals BIGINT NOT NULL CHECK (refusals > 0),
	first_at TEXT NOT NULL,
	last_at TEXT NOT NULL,
	PRIMARY KEY (scope, subject, period)
);

CREATE INDEX signin_refusal_period ON signin_refusal (period);
