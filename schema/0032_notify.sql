-- 0032_notify.sql — notifications by e-mail and their reminders (issue 18,
-- item 5; src/domain/notifications.h). The same on SQLite and PostgreSQL.
--
-- On each account:
--   notify_mail     how its notifications reach it by mail: immediate (each
--                   one mailed when it is made: the default, as decisions
--                   were mailed at once before this), daily (one digest a
--                   day) or never (in-app only)
--   notify_read_id  the newest notification its person marked read: the
--                   unread count is of the ones after it
--   digest_day      the day (YYYY-MM-DD) of its last digest, so a second
--                   run on that day sends nothing
--   digest_last_id  the newest notification its last digest held: the
--                   next one holds those after it
ALTER TABLE account ADD COLUMN notify_mail TEXT NOT NULL DEFAULT 'immediate'
	CHECK (notify_mail IN ('immediate', 'daily', 'never'));
ALTER TABLE account ADD COLUMN notify_read_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE account ADD COLUMN digest_day TEXT;
ALTER TABLE account ADD COLUMN digest_last_id BIGINT NOT NULL DEFAULT 0;

-- A reporting reminder sent: one per commitment per reporting period (the
-- period is named by the commitment's activity date when the reminder was
-- sent: a new progress report starts a new one), so none is sent twice.
CREATE TABLE commitment_reminder (
	commitment_id BIGINT NOT NULL REFERENCES commitment (id),
	activity_date TEXT NOT NULL,
	late_on TEXT NOT NULL,
	sent_at TEXT NOT NULL,
	PRIMARY KEY (commitment_id, activity_date)
);
