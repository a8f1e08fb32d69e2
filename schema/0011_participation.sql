-- 0011_participation.sql — a participant counts only once it has said yes
-- (issue 11, finding 4; the same on SQLite and PostgreSQL).
--
-- A common or partnership commitment names other actors as participants.
-- Naming one used to be enough for the commitment to count on that actor's
-- page and in its standing, without its consent. Each participant row now
-- carries the named actor's answer:
--   invited    named by the owner, not answered yet: shown as "invited" on
--              the commitment's page, counted nowhere for the actor
--   accepted   the actor's focal points or editors said yes: it counts on
--              the actor's page, in its standing and in its lists
--   declined   they said no, or left after accepting: shown nowhere
-- An edit of the commitment keeps each answer of an actor it still names
-- (src/domain/commitments_participants.c).
--
-- Rows already there become "invited": nobody ever asked those actors,
-- and marking them accepted would keep the hole open for every existing
-- participation. Their actors accept them in one click on the commitment's
-- page (or on their own actor page), or an administrator does for them.
ALTER TABLE commitment_participant ADD COLUMN status TEXT NOT NULL DEFAULT 'invited'
	CHECK (status IN ('invited', 'accepted', 'declined'));

-- An actor's participations read by status: the actor scope's condition
-- (actor_id = $ AND status = 'accepted', src/domain/scope.c) and its
-- standing read this index alone; the invitations awaiting an answer too.
DROP INDEX commitment_participant_actor;
CREATE INDEX commitment_participant_actor ON commitment_participant (actor_id, status,
	commitment_id);
