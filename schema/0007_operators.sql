-- 0007_operators.sql — the operators' own actor ("Instance operators", made
-- by `pacte init` for the first admin) marked as such, the same on SQLite
-- and PostgreSQL.
--
-- It was an ordinary partner: a reviewer could suspend it, and the rule
-- "users of an actor that is not accredited may do nothing" then locked
-- every administrator out (issue 11, finding 1). Marked, it is no partner:
-- can() lets nobody decide on it, and no public list, count or export
-- shows it (src/domain/actors.c).
ALTER TABLE actor ADD COLUMN operators INTEGER NOT NULL DEFAULT 0
	CHECK (operators IN (0, 1));

-- At most one.
CREATE UNIQUE INDEX actor_operators ON actor (operators) WHERE operators = 1;

-- The one init made: the first of that name and type (a registration of the
-- same name comes later, since registering needs a running server).
UPDATE actor SET operators = 1 WHERE id = (SELECT min(id) FROM actor
	WHERE kind = 'partner' AND partner_type = 'other' AND name = 'Instance operators'
	AND origin = 'real');

-- On an instance where it was suspended before this fix, nobody could
-- reinstate it now that no decision applies to it: it is accredited again
-- (its audit history keeps the suspension).
UPDATE actor SET status = 'accredited', decision_reason = NULL
	WHERE operators = 1 AND status <> 'accredited';
