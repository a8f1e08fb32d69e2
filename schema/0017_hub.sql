-- 0017_hub.sql — the connection hub (issue 14): events and each state's
-- recorded position at them (reference data, loaded by `pacte init` from
-- data/events.csv and data/positions.csv), needs and offers with their
-- workflow, matches with the consent of both sides, and partnerships with
-- their members (SQLite; 0017_hub.pg.sql is the same schema for
-- PostgreSQL, differing only in how ids are numbered: keep the two in step).
--
-- The model is described in src/domain/events.h and hub.h. Times are
-- ISO-8601 UTC with milliseconds (fixed width: text order is time order).

-- An event: a conference, the General Assembly's vote, a review forum, a
-- regional review. Dates are 'YYYY-MM-DD', or 'YYYY' where the record
-- gives only the year (a regional review round). The recorded totals of a
-- vote are what the source says, kept apart from the positions Pacte has
-- per state: a state without a row is "not recorded", never guessed.
CREATE TABLE event (
	slug TEXT PRIMARY KEY CHECK (slug <> ''),
	kind TEXT NOT NULL CHECK (kind IN ('conference', 'general_assembly', 'review_forum',
		'regional_review', 'consultation', 'side_event')),
	title_en TEXT NOT NULL CHECK (title_en <> ''),
	title_fr TEXT NOT NULL CHECK (title_fr <> ''),
	start_date TEXT NOT NULL,
	end_date TEXT NOT NULL,
	place TEXT,
	online INTEGER NOT NULL CHECK (online IN (0, 1)),
	organiser TEXT,
	region_m49 TEXT REFERENCES region (m49),
	votes_for INTEGER,
	votes_against INTEGER,
	votes_abstaining INTEGER,
	votes_not_voting INTEGER,
	note_en TEXT,
	note_fr TEXT,
	source TEXT NOT NULL CHECK (source <> ''),
	source_url TEXT,
	-- 1 while the event's facts rest on one public source still to be
	-- checked (the second IMRF's dates)
	to_be_checked INTEGER NOT NULL CHECK (to_be_checked IN (0, 1)),
	CHECK (end_date >= start_date)
);
CREATE INDEX event_start ON event (start_date, slug);

CREATE TABLE event_position (
	event_slug TEXT NOT NULL REFERENCES event (slug),
	iso3 TEXT NOT NULL REFERENCES country (iso3),
	position TEXT NOT NULL CHECK (position IN ('adopted', 'in_favour', 'against',
		'abstained', 'did_not_vote')),
	source TEXT NOT NULL CHECK (source <> ''),
	PRIMARY KEY (event_slug, iso3)
);
CREATE INDEX event_position_iso3 ON event_position (iso3, event_slug);

-- A need (a state or a local government asks for support) or an offer (a
-- partner or a state says what it can provide): the same dimensions, one
-- table, told apart by side. An offer adds capacity and conditions.
CREATE TABLE hub_item (
	id INTEGER PRIMARY KEY,
	side TEXT NOT NULL CHECK (side IN ('need', 'offer')),
	actor_id BIGINT NOT NULL REFERENCES actor (id),
	created_by BIGINT REFERENCES account (id),
	title TEXT NOT NULL CHECK (title <> ''),
	description TEXT NOT NULL CHECK (description <> ''),
	support TEXT NOT NULL CHECK (support IN ('technical_assistance', 'funding', 'training',
		'data', 'peer_exchange', 'policy_advice')),
	start_date TEXT,
	end_date TEXT,
	budget TEXT NOT NULL DEFAULT 'unspecified' CHECK (budget IN ('unspecified', 'under_50k',
		'50k_250k', '250k_1m', 'over_1m')),
	capacity TEXT NOT NULL DEFAULT '',
	conditions TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('submitted', 'returned', 'accepted', 'matching',
		'matched', 'in_implementation', 'closed')),
	-- the reviewer's notes (accepted) or questions (returned), and the
	-- outcome note written when it is closed
	assessment TEXT NOT NULL DEFAULT '',
	assessed_by BIGINT REFERENCES account (id),
	outcome TEXT NOT NULL DEFAULT '',
	origin TEXT NOT NULL DEFAULT 'real' CHECK (origin IN ('real', 'sample', 'synthetic')),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
	CHECK (status <> 'closed' OR outcome <> '')
);
CREATE INDEX hub_item_side_status ON hub_item (side, status, created_at, id);
-- /hub: the newest open items, read backwards until a page is full.
CREATE INDEX hub_item_created ON hub_item (created_at, id);
CREATE INDEX hub_item_actor ON hub_item (actor_id, side, id);

CREATE TABLE hub_item_objective (
	item_id BIGINT NOT NULL REFERENCES hub_item (id),
	objective INTEGER NOT NULL REFERENCES objective (number),
	PRIMARY KEY (item_id, objective)
);
CREATE INDEX hub_item_objective_objective ON hub_item_objective (objective, item_id);

CREATE TABLE hub_item_country (
	item_id BIGINT NOT NULL REFERENCES hub_item (id),
	iso3 TEXT NOT NULL REFERENCES country (iso3),
	PRIMARY KEY (item_id, iso3)
);
CREATE INDEX hub_item_country_iso3 ON hub_item_country (iso3, item_id);

CREATE TABLE hub_item_lang (
	item_id BIGINT NOT NULL REFERENCES hub_item (id),
	lang TEXT NOT NULL CHECK (lang <> ''),
	PRIMARY KEY (item_id, lang)
);

-- A proposed match of a need and an offer, with its score and reasons as
-- computed when proposed. It is made only with both sides' consent: the
-- CHECK makes a made match without both impossible whatever the path.
CREATE TABLE hub_match (
	id INTEGER PRIMARY KEY,
	need_id BIGINT NOT NULL REFERENCES hub_item (id),
	offer_id BIGINT NOT NULL REFERENCES hub_item (id),
	score INTEGER NOT NULL,
	reasons TEXT NOT NULL DEFAULT '[]',
	proposed_by BIGINT REFERENCES account (id),
	need_consent_by BIGINT REFERENCES account (id),
	need_consent_at TEXT,
	offer_consent_by BIGINT REFERENCES account (id),
	offer_consent_at TEXT,
	status TEXT NOT NULL CHECK (status IN ('proposed', 'made', 'declined')),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (need_id, offer_id),
	CHECK (status <> 'made' OR (need_consent_at IS NOT NULL AND offer_consent_at IS NOT NULL))
);
CREATE INDEX hub_match_offer ON hub_match (offer_id, id);

-- A partnership: a multi-actor initiative, born of a match or recorded on
-- its own. Members are never deleted: withdrawing sets withdrawn_at and
-- keeps the row, so the history stays.
CREATE TABLE partnership (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL CHECK (name <> ''),
	description TEXT NOT NULL DEFAULT '',
	need_id BIGINT REFERENCES hub_item (id),
	offer_id BIGINT REFERENCES hub_item (id),
	match_id BIGINT REFERENCES hub_match (id),
	created_by BIGINT REFERENCES account (id),
	origin TEXT NOT NULL DEFAULT 'real' CHECK (origin IN ('real', 'sample', 'synthetic')),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE partnership_member (
	partnership_id BIGINT NOT NULL REFERENCES partnership (id),
	actor_id BIGINT NOT NULL REFERENCES actor (id),
	role TEXT NOT NULL CHECK (role IN ('lead', 'member', 'funder', 'implementing_partner')),
	joined_at TEXT NOT NULL,
	withdrawn_at TEXT,
	withdrawn_reason TEXT,
	PRIMARY KEY (partnership_id, actor_id)
);
CREATE INDEX partnership_member_actor ON partnership_member (actor_id, partnership_id);
