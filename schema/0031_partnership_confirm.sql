-- 0031_partnership_confirm.sql — a member added to a partnership by its lead
-- confirms its membership (issue 14), as the parts of a co-owned commitment
-- do (0024). The same on SQLite and PostgreSQL.
--
-- awaiting is 1 from the lead adding the member until that member's own
-- people confirm it (then 0; the audit log keeps who and when). Declining
-- is withdrawing while still awaiting: the row is kept with withdrawn_at,
-- so the history stays. The lead, and both sides of a made match (each
-- consented already), are members from the start: the default, 0, is
-- right for them and for every row already there.
ALTER TABLE partnership_member ADD COLUMN awaiting INTEGER NOT NULL DEFAULT 0
	CHECK (awaiting IN (0, 1));
