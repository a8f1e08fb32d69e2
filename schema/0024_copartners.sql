-- 0024_copartners.sql — pledges made together and partnerships on their own
-- (issue 14, item 4; the same on SQLite and PostgreSQL).
--
-- A common or partnership commitment is recorded by its lead (the owner)
-- and names the other actors with their part: a member, a funder or an
-- implementing partner. Each part is confirmed (or declined) by that
-- actor's own people, as 0011 already asks (status); the role says what
-- they confirm. Rows already there were named as plain participants:
-- they become members.
ALTER TABLE commitment_participant ADD COLUMN role TEXT NOT NULL DEFAULT 'member'
	CHECK (role IN ('member', 'funder', 'implementing_partner'));

-- What a partnership delivers and what it produced: the commitments it
-- carries out and the practices it led to. Linked by the partnership's
-- lead; a link removed is deleted (the audit log keeps who removed it).
CREATE TABLE partnership_commitment (
	partnership_id BIGINT NOT NULL REFERENCES partnership (id),
	commitment_id BIGINT NOT NULL REFERENCES commitment (id),
	PRIMARY KEY (partnership_id, commitment_id)
);
CREATE INDEX partnership_commitment_commitment ON partnership_commitment (commitment_id,
	partnership_id);

CREATE TABLE partnership_practice (
	partnership_id BIGINT NOT NULL REFERENCES partnership (id),
	practice_id BIGINT NOT NULL REFERENCES practice (id),
	PRIMARY KEY (partnership_id, practice_id)
);
CREATE INDEX partnership_practice_practice ON partnership_practice (practice_id, partnership_id);
