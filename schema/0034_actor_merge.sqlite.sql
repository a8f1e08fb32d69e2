-- 0034_actor_merge.sqlite.sql — duplicate organisations merged by an
-- administrator (issue 18, item 6; src/domain/merge.h). Every record that
-- named the duplicate moves to the surviving actor; the duplicate's row
-- stays, as a redirect: merged_into names the survivor, and /actors/{id}
-- answers 301 there. At most one hop is stored: when the survivor is
-- merged in its turn, every actor that pointed at it is pointed at the
-- new survivor in the same transaction, so a redirect never chains.
--
-- merged_into: the surviving actor. No foreign key, on purpose: a backup
-- restores the actors in id order, and the survivor may come later.
-- merged_at: when. A merged actor is on no list, in no search, count or
-- export (ACTOR_PUBLIC_SQL, src/domain/actors.h).
--
-- Progress updates are append-only (0004): the database refuses to change
-- one. A merge must still say that the duplicate's reports are the kept
-- organisation's, so the rule is narrowed by one case: actor_id may change,
-- and nothing else, to the actor the update's actor was merged into (the
-- merge sets merged_into first, then moves the rows). Any other change or
-- removal is refused as before; the moderation marker hidden_at (0033) is
-- not named, so a flag may still set and clear it.
-- SQLite; 0034_actor_merge.pg.sql is the same for PostgreSQL, but for the
-- trigger (a function of its own there).
ALTER TABLE actor ADD COLUMN merged_into BIGINT;
ALTER TABLE actor ADD COLUMN merged_at TEXT;
CREATE INDEX actor_merged_into ON actor (merged_into) WHERE merged_into IS NOT NULL;

DROP TRIGGER progress_update_append_only_u;
CREATE TRIGGER progress_update_append_only_u BEFORE UPDATE ON progress_update
	WHEN NEW.id IS NOT OLD.id OR NEW.commitment_id IS NOT OLD.commitment_id
	OR NEW.reported_at IS NOT OLD.reported_at OR NEW.status IS NOT OLD.status
	OR NEW.percent IS NOT OLD.percent OR NEW.milestone IS NOT OLD.milestone
	OR NEW.narrative IS NOT OLD.narrative OR NEW.corrects IS NOT OLD.corrects
	OR NEW.author_user_id IS NOT OLD.author_user_id OR NEW.created_at IS NOT OLD.created_at
	OR (NEW.actor_id IS NOT OLD.actor_id AND (NEW.actor_id IS NULL
		OR NEW.actor_id IS NOT (SELECT merged_into FROM actor WHERE id = OLD.actor_id)))
BEGIN SELECT RAISE(ABORT, 'progress_update is append-only'); END;
