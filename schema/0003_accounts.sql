-- 0003_accounts.sql — actors, accounts, sessions, API tokens, sign-in
-- throttling and the audit trail (SQLite; 0003_accounts.pg.sql is the same
-- schema for PostgreSQL, differing only in how ids are numbered: keep the
-- two in step).
--
-- Actors: every state (kind 'state', one per country, made by
-- actors_sync_states) and the partners that ask to be accredited.
CREATE TABLE actor (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('state', 'partner')),
	name TEXT NOT NULL CHECK (name <> ''),
	-- folded names (text_fold) for the search: a state's is its country's
	-- search_key (six languages), a partner's its folded name
	search_key TEXT NOT NULL,
	partner_type TEXT CHECK (partner_type IN ('migrants_organisation',
		'diaspora_organisation', 'local_government', 'civil_society', 'academia',
		'private_sector', 'parliament', 'trade_union', 'nhri', 'media', 'un_entity',
		'intergovernmental', 'other')),
	country_iso3 TEXT REFERENCES country (iso3),
	status TEXT NOT NULL CHECK (status IN ('requested', 'accredited', 'declined', 'suspended')),
	website TEXT,
	description TEXT NOT NULL DEFAULT '',
	decision_reason TEXT,
	decided_at TEXT,
	created_at TEXT NOT NULL,
	-- a partner has a type, a state has a country and no type
	CHECK ((kind = 'state') = (partner_type IS NULL)),
	CHECK (kind = 'partner' OR country_iso3 IS NOT NULL)
);

-- One state actor per country.
CREATE UNIQUE INDEX actor_state_country ON actor (country_iso3) WHERE kind = 'state';
CREATE INDEX actor_status ON actor (status, created_at);

-- Accounts. Emails are stored lower-cased; the password only as an
-- Argon2id string (crypto_pwhash_str).
CREATE TABLE account (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE CHECK (email <> ''),
	name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'focal_point', 'editor')),
	actor_id BIGINT NOT NULL REFERENCES actor (id),
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at TEXT NOT NULL,
	last_sign_in TEXT
);

CREATE INDEX account_actor ON account (actor_id);

-- Sessions: the cookie's BLAKE2b-256 hash, never the cookie itself. Times
-- are UTC ISO-8601 with milliseconds (fixed width, so text order is time
-- order on both backends).
CREATE TABLE user_session (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES account (id),
	csrf_token TEXT NOT NULL,
	created_at TEXT NOT NULL,
	last_used_at TEXT NOT NULL,
	ended_at TEXT,
	client_addr TEXT
);

CREATE INDEX user_session_user ON user_session (user_id);

-- Personal API tokens (Authorization: Bearer), hashed like sessions.
CREATE TABLE api_token (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES account (id),
	label TEXT NOT NULL,
	created_at TEXT NOT NULL,
	last_used_at TEXT,
	revoked_at TEXT
);

CREATE INDEX api_token_user ON api_token (user_id);

-- Failed sign-ins in the sliding window, per email and per address: in
-- the database so that every node sees the same counts.
CREATE TABLE signin_failure (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL,
	client_addr TEXT NOT NULL,
	at TEXT NOT NULL
);

CREATE INDEX signin_failure_email ON signin_failure (email, at);
CREATE INDEX signin_failure_addr ON signin_failure (client_addr, at);
CREATE INDEX signin_failure_at ON signin_failure (at);

-- The audit trail, hash-chained (src/domain/audit.c). Ids are given by
-- audit_append (the last id + 1, read under the writer lock), never by a
-- sequence: a rolled-back PostgreSQL transaction would leave a gap that
-- looks like a deleted entry. No foreign keys: the trail outlives
-- whatever it describes.
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	user_id BIGINT,
	actor_id BIGINT,
	channel TEXT NOT NULL,
	client_addr TEXT,
	action TEXT NOT NULL,
	object_type TEXT,
	object_id TEXT,
	changes TEXT,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);

CREATE INDEX audit_log_user ON audit_log (user_id, id);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id, id);
CREATE INDEX audit_log_at ON audit_log (at);
