-- 0034_actor_merge.sql — duplicate organisations merged by an
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
-- export (ACTOR_PUBLIC_SQL, src/domain/actors.h). The same on SQLite and
-- PostgreSQL.
ALTER TABLE actor ADD COLUMN merged_into BIGINT;
ALTER TABLE actor ADD COLUMN merged_at TEXT;
CREATE INDEX actor_merged_into ON actor (merged_into) WHERE merged_into IS NOT NULL;
