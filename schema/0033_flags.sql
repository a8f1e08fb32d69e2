-- 0033_flags.sql — records flagged as inappropriate (issue 18, item 6):
-- a reviewer or an administrator flags a commitment or a progress report
-- with a reason, which hides it from the public at once; an administrator
-- then restores it (public again) or removes it (hidden for good, its
-- owner still sees it with the decision's reason). SQLite;
-- 0033_flags.pg.sql is the same for PostgreSQL, differing only in how ids
-- are numbered: keep the two in step. The model is in src/domain/flags.h.
--
-- hidden_at on each flaggable table is what every public read path tests
-- (a column of the row it reads anyway, so a list costs nothing more);
-- flag keeps who flagged, why, and the decision.

CREATE TABLE flag (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('commitment', 'progress_update')),
	record_id BIGINT NOT NULL,
	owner_actor_id BIGINT NOT NULL REFERENCES actor (id),
	reason TEXT NOT NULL,
	flagged_by BIGINT REFERENCES account (id),
	flagged_at TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'restored', 'removed')),
	decided_by BIGINT REFERENCES account (id),
	decision_reason TEXT,
	decided_at TEXT
);
-- A record is flagged at most once at a time: a second flag on a record
-- still hidden (open or removed) is refused.
CREATE UNIQUE INDEX flag_hiding ON flag (kind, record_id) WHERE state <> 'restored';
CREATE INDEX flag_queue ON flag (state, id);

ALTER TABLE commitment ADD COLUMN hidden_at TEXT;
-- The few hidden commitments, for a list's total counted on link rows
-- (commitments_list.c), which carry no copy of the marker.
CREATE INDEX commitment_hidden ON commitment (id) WHERE hidden_at IS NOT NULL;
ALTER TABLE progress_update ADD COLUMN hidden_at TEXT;

-- A progress update stays append-only (0004): what it reported is never
-- changed. Only its moderation marker may be set and cleared, so the
-- trigger now names every other column.
DROP TRIGGER progress_update_append_only_u;
CREATE TRIGGER progress_update_append_only_u BEFORE UPDATE OF id, commitment_id, reported_at,
	status, percent, milestone, narrative, corrects, author_user_id, created_at, actor_id
	ON progress_update
BEGIN SELECT RAISE(ABORT, 'progress_update is append-only'); END;
