-- 0034_actor_merge.pg.sql — duplicate organisations merged by an
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
-- removal is refused as before.
-- PostgreSQL; 0034_actor_merge.sqlite.sql is the same for SQLite, but for
-- the trigger, which there names every other column.
ALTER TABLE actor ADD COLUMN merged_into BIGINT;
ALTER TABLE actor ADD COLUMN merged_at TEXT;
CREATE INDEX actor_merged_into ON actor (merged_into) WHERE merged_into IS NOT NULL;

CREATE FUNCTION pacte_progress_update_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- What it reported never changes; the moderation marker hidden_at (0033)
	-- may, and actor_id only to the actor its actor was merged into.
	IF TG_OP = 'UPDATE'
		AND (to_jsonb(NEW) - 'actor_id' - 'hidden_at') = (to_jsonb(OLD) - 'actor_id' - 'hidden_at')
		AND (NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
			OR (NEW.actor_id IS NOT NULL AND NEW.actor_id IS NOT DISTINCT FROM
				(SELECT merged_into FROM actor WHERE id = OLD.actor_id)))
	THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
DROP TRIGGER progress_update_append_only ON progress_update;
CREATE TRIGGER progress_update_append_only BEFORE UPDATE OR DELETE ON progress_update
	FOR EACH ROW EXECUTE FUNCTION pacte_progress_update_append_only();
