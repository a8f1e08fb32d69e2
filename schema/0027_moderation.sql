-- 0027_moderation.sql — how long a declined applicant's data is kept (issue
-- 18, item 6). A partner declined more than the retention period ago
-- (90 days unless configured) whose decision was not appealed has its
-- organisation's and its people's data deleted (actors_purge_declined):
-- the actor row stays as a nameless tombstone, purged_at set, so that the
-- audit trail's references still point at a row.
--
-- appealed_at: when the applicant asked for the decline to be looked at
-- again; an appealed decline is never purged.
-- purged_at: when its data was deleted.

ALTER TABLE actor ADD COLUMN appealed_at TEXT;
ALTER TABLE actor ADD COLUMN purged_at TEXT;
