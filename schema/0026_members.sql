-- 0026_members.sql — organisations' members and people's privacy (issue
-- 18): which actors a person belongs to and with which role, the
-- invitations an actor's editors send to colleagues, a change of e-mail
-- address waiting for its confirmation, whether a person shows their own
-- name, and when an account was deleted (SQLite; 0026_members.pg.sql is
-- the same schema for PostgreSQL, differing only in how ids are numbered:
-- keep the two in step). The model is described in src/domain/members.h.

-- Whether the person chose to show their own name where their work is
-- shown (never by default: the public sees their actor's name), and when
-- they deleted their account (its row stays, emptied of anything personal,
-- so that what they wrote stays attributed to their actor and the audit
-- trail's user ids keep pointing at a pseudonymous number).
ALTER TABLE account ADD COLUMN show_name INTEGER NOT NULL DEFAULT 0 CHECK (show_name IN (0, 1));
ALTER TABLE account ADD COLUMN deleted_at TEXT;

-- The actor a progress update was written for: its author may belong to
-- several and act for another later (members.h); the update stays theirs.
-- The updates already written are append-only (0004): the trigger is set
-- aside for the one backfill of the new column, then put back as it was.
ALTER TABLE progress_update ADD COLUMN actor_id BIGINT REFERENCES actor (id);
DROP TRIGGER progress_update_append_only_u;
UPDATE progress_update SET actor_id = (SELECT u.actor_id FROM account u
	WHERE u.id = progress_update.author_user_id);
CREATE TRIGGER progress_update_append_only_u BEFORE UPDATE ON progress_update
BEGIN SELECT RAISE(ABORT, 'progress_update is append-only'); END;

-- Every actor a person belongs to, with their role in it. account.actor_id
-- and account.role are the membership the person acts for now; each
-- account's own actor is a membership from the start.
CREATE TABLE membership (
	user_id BIGINT NOT NULL REFERENCES account (id),
	actor_id BIGINT NOT NULL REFERENCES actor (id),
	role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'focal_point', 'editor')),
	created_at TEXT NOT NULL,
	PRIMARY KEY (user_id, actor_id)
);
CREATE INDEX membership_actor ON membership (actor_id, user_id);
INSERT INTO membership (user_id, actor_id, role, created_at)
	SELECT id, actor_id, role, created_at FROM account;

-- An invitation into an actor, sent by mail: only the token's hash is
-- kept; accepting spends it (accepted_at, accepted_by), a new invitation
-- to the same address and actor revokes the earlier one.
CREATE TABLE invitation (
	id INTEGER PRIMARY KEY,
	actor_id BIGINT NOT NULL REFERENCES actor (id),
	email TEXT NOT NULL CHECK (email <> ''),
	role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'focal_point', 'editor')),
	token_hash TEXT NOT NULL UNIQUE,
	invited_by BIGINT REFERENCES account (id),
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	accepted_at TEXT,
	accepted_by BIGINT REFERENCES account (id),
	revoked_at TEXT
);
CREATE INDEX invitation_actor ON invitation (actor_id, id);
CREATE INDEX invitation_email ON invitation (email, actor_id);

-- A change of address waiting to be confirmed from the new address: the
-- token's hash only; a new request revokes the earlier ones.
CREATE TABLE email_change (
	id INTEGER PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES account (id),
	new_email TEXT NOT NULL CHECK (new_email <> ''),
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	used_at TEXT,
	revoked_at TEXT
);
CREATE INDEX email_change_user ON email_change (user_id);
