-- 0020_mail.sql — e-mail and account recovery (issue 18): the queue of
-- messages and every attempt to send one, the single-use tokens of a
-- password reset or an address's verification, the count of recovery
-- requests, and an account's language and verified address (SQLite;
-- 0020_mail.pg.sql is the same schema for PostgreSQL, differing only in
-- how ids are numbered: keep the two in step).
--
-- The model is described in src/domain/mail.h and recovery.h. Times are
-- ISO-8601 UTC with milliseconds (fixed width, so text order is time order
-- on both backends).

-- The language an account's mail is written in (NULL: the site's
-- default), and when its address was shown to be its owner's (NULL: not
-- yet; it may then sign in but write nothing, permission.c). Accounts made
-- before this migration were made by the operator or registered under the
-- old rules: they count as verified.
ALTER TABLE account ADD COLUMN locale TEXT;
ALTER TABLE account ADD COLUMN email_verified_at TEXT;
UPDATE account SET email_verified_at = created_at;

-- One message to send: whom to, in which language, the template and the
-- subject's msgid with the model both are rendered from (by the sender,
-- so a message is written in its recipient's language however it was
-- queued). status: queued (waiting, or waiting again after a failure,
-- until next_attempt_at), sent, failed (MAIL_MAX_ATTEMPTS reached: kept,
-- shown to administrators, never deleted).
CREATE TABLE mail (
	id INTEGER PRIMARY KEY,
	recipient TEXT NOT NULL CHECK (recipient <> ''),
	locale TEXT,
	template TEXT NOT NULL,
	subject TEXT NOT NULL,
	model TEXT NOT NULL DEFAULT '{}',
	status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL,
	created_at TEXT NOT NULL,
	sent_at TEXT,
	last_error TEXT
);
CREATE INDEX mail_due ON mail (status, next_attempt_at);

-- Every attempt to hand a message to the mail server, and what it said.
CREATE TABLE mail_attempt (
	id INTEGER PRIMARY KEY,
	mail_id BIGINT NOT NULL REFERENCES mail (id),
	at TEXT NOT NULL,
	ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
	detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_attempt_mail ON mail_attempt (mail_id, id);

-- Single-use tokens sent by mail: purpose 'reset' (a forgotten password)
-- or 'verify' (an address). Only the token's hash is kept; a new one
-- revokes the earlier ones of the same account and purpose.
CREATE TABLE account_token (
	id INTEGER PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES account (id),
	purpose TEXT NOT NULL CHECK (purpose IN ('reset', 'verify')),
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	used_at TEXT,
	revoked_at TEXT
);
CREATE INDEX account_token_user ON account_token (user_id, purpose);

-- Recovery requests counted per email (normalised, whether or not it has
-- an account) and per client address, in the database so every node sees
-- the same counts (throttle.h).
CREATE TABLE recovery_request (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL,
	client_addr TEXT NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX recovery_request_email ON recovery_request (email, at);
CREATE INDEX recovery_request_addr ON recovery_request (client_addr, at);
