-- 0006_restore: a commitment may match one made after it (an edit can
-- point it anywhere), so a restore in id order meets the reference before
-- its target. The foreign key becomes deferrable — still checked at once
-- everywhere else — and `pacte restore` defers it to the commit.
-- (SQLite needs no change: restore sets PRAGMA defer_foreign_keys.)
ALTER TABLE commitment ALTER CONSTRAINT commitment_matches_commitment_id_fkey
	DEFERRABLE INITIALLY IMMEDIATE;
