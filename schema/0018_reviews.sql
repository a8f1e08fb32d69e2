-- 0018_reviews.sql — review cycles, voluntary reviews (frozen and hashed on
-- submission), written inputs with their moderation, and the independent
-- assessment of commitments with its comment period (SQLite;
-- 0018_reviews.pg.sql is the same schema for PostgreSQL, differing only in
-- how ids are numbered: keep the two in step).
--
-- The model is described in src/domain/reviews.h and assessments.h. Dates
-- are YYYY-MM-DD; times ISO-8601 UTC with milliseconds (fixed width, so
-- text order is time order on both backends).

-- A review cycle: the International Migration Review Forum every four
-- years and the regional review rounds between them. `period_start` ..
-- `period_end` is what a review of the cycle reports on; `opens` ..
-- `closes` the window in which reviews and written inputs are submitted.
CREATE TABLE review_cycle (
	id TEXT PRIMARY KEY CHECK (id <> ''),
	kind TEXT NOT NULL CHECK (kind IN ('global', 'regional')),
	title_en TEXT NOT NULL CHECK (title_en <> ''),
	title_fr TEXT NOT NULL CHECK (title_fr <> ''),
	-- an M49 code, not a reference: the migration runs before `pacte init`
	-- loads the regions
	region_m49 TEXT CHECK (region_m49 IS NULL OR length(region_m49) = 3),
	period_start TEXT NOT NULL,
	period_end TEXT NOT NULL,
	opens TEXT NOT NULL,
	closes TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (period_end >= period_start),
	CHECK (closes >= opens)
);
CREATE INDEX review_cycle_period ON review_cycle (period_end, id);

-- The cycles Pacte starts with (`pacte init` applies this migration; an
-- administrator edits the dates). The first IMRF met in May 2022, the
-- second in May 2026, the third is due in 2030; the regional rounds run
-- between them, one per region.
INSERT INTO review_cycle (id, kind, title_en, title_fr, region_m49, period_start, period_end,
	opens, closes, updated_at) VALUES
('imrf-2022', 'global', 'International Migration Review Forum 2022',
	'Forum d''examen des migrations internationales 2022', NULL,
	'2018-12-19', '2022-05-16', '2021-09-01', '2022-04-30', '2026-12-06T00:00:00.000Z'),
('imrf-2026', 'global', 'International Migration Review Forum 2026',
	'Forum d''examen des migrations internationales 2026', NULL,
	'2022-05-21', '2026-05-04', '2025-09-01', '2026-04-30', '2026-12-06T00:00:00.000Z'),
('imrf-2030', 'global', 'International Migration Review Forum 2030',
	'Forum d''examen des migrations internationales 2030', NULL,
	'2026-05-09', '2030-04-30', '2029-09-01', '2030-04-15', '2026-12-06T00:00:00.000Z'),
('regional-2024-africa', 'regional', 'Regional review 2024: Africa',
	'Examen régional 2024 : Afrique', '002',
	'2022-05-21', '2024-06-30', '2024-01-15', '2024-06-30', '2026-12-06T00:00:00.000Z'),
('regional-2024-americas', 'regional', 'Regional review 2024: Americas',
	'Examen régional 2024 : Amériques', '019',
	'2022-05-21', '2024-06-30', '2024-01-15', '2024-06-30', '2026-12-06T00:00:00.000Z'),
('regional-2024-asia', 'regional', 'Regional review 2024: Asia',
	'Examen régional 2024 : Asie', '142',
	'2022-05-21', '2024-06-30', '2024-01-15', '2024-06-30', '2026-12-06T00:00:00.000Z'),
('regional-2024-europe', 'regional', 'Regional review 2024: Europe',
	'Examen régional 2024 : Europe', '150',
	'2022-05-21', '2024-06-30', '2024-01-15', '2024-06-30', '2026-12-06T00:00:00.000Z'),
('regional-2024-oceania', 'regional', 'Regional review 2024: Oceania',
	'Examen régional 2024 : Océanie', '009',
	'2022-05-21', '2024-06-30', '2024-01-15', '2024-06-30', '2026-12-06T00:00:00.000Z'),
('regional-2028-africa', 'regional', 'Regional review 2028: Africa',
	'Examen régional 2028 : Afrique', '002',
	'2026-05-09', '2028-06-30', '2028-01-15', '2028-06-30', '2026-12-06T00:00:00.000Z'),
('regional-2028-americas', 'regional', 'Regional review 2028: Americas',
	'Examen régional 2028 : Amériques', '019',
	'2026-05-09', '2028-06-30', '2028-01-15', '2028-06-30', '2026-12-06T00:00:00.000Z'),
('regional-2028-asia', 'regional', 'Regional review 2028: Asia',
	'Examen régional 2028 : Asie', '142',
	'2026-05-09', '2028-06-30', '2028-01-15', '2028-06-30', '2026-12-06T00:00:00.000Z'),
('regional-2028-europe', 'regional', 'Regional review 2028: Europe',
	'Examen régional 2028 : Europe', '150',
	'2026-05-09', '2028-06-30', '2028-01-15', '2028-06-30', '2026-12-06T00:00:00.000Z'),
('regional-2028-oceania', 'regional', 'Regional review 2028: Oceania',
	'Examen régional 2028 : Océanie', '009',
	'2026-05-09', '2028-06-30', '2028-01-15', '2028-06-30', '2026-12-06T00:00:00.000Z');

-- A state's voluntary review for a cycle, by version: a draft while its
-- focal points write it; submitted, its `content` (the canonical JSON of
-- everything the review says, reviews_freeze.c) and `hash` (SHA-256 of
-- those bytes, hex) never change again. A new version supersedes it; both
-- are kept, each at its own URL.
CREATE TABLE voluntary_review (
	id INTEGER PRIMARY KEY,
	cycle_id TEXT NOT NULL REFERENCES review_cycle (id),
	actor_id BIGINT NOT NULL REFERENCES actor (id),
	iso3 TEXT NOT NULL REFERENCES country (iso3),
	version INTEGER NOT NULL CHECK (version >= 1),
	status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
	summary TEXT NOT NULL DEFAULT '',
	-- the links the state attaches: a JSON array of URLs
	links TEXT NOT NULL DEFAULT '[]',
	content TEXT,
	hash TEXT,
	created_by BIGINT REFERENCES account (id),
	submitted_by BIGINT REFERENCES account (id),
	origin TEXT NOT NULL DEFAULT 'real' CHECK (origin IN ('real', 'sample', 'synthetic')),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	submitted_at TEXT,
	UNIQUE (cycle_id, iso3, version),
	CHECK ((status = 'submitted') = (content IS NOT NULL AND hash IS NOT NULL))
);
CREATE INDEX voluntary_review_country ON voluntary_review (iso3, status, submitted_at);
CREATE INDEX voluntary_review_submitted ON voluntary_review (status, submitted_at, id);

-- The state's narrative on one objective, written in a draft (a submitted
-- review's narratives are in its content; these rows then stay as they
-- were).
CREATE TABLE review_narrative (
	review_id BIGINT NOT NULL REFERENCES voluntary_review (id),
	objective INTEGER NOT NULL REFERENCES objective (number),
	text TEXT NOT NULL CHECK (text <> ''),
	PRIMARY KEY (review_id, objective)
);

-- A written input to a cycle, by an accredited partner: about the cycle
-- as a whole, one objective, or one state's review. Published once a
-- moderator accepts it; declined with a reason.
CREATE TABLE review_input (
	id INTEGER PRIMARY KEY,
	cycle_id TEXT NOT NULL REFERENCES review_cycle (id),
	about TEXT NOT NULL CHECK (about IN ('cycle', 'objective', 'review')),
	objective INTEGER REFERENCES objective (number),
	iso3 TEXT REFERENCES country (iso3),
	actor_id BIGINT NOT NULL REFERENCES actor (id),
	created_by BIGINT REFERENCES account (id),
	title TEXT NOT NULL CHECK (title <> ''),
	body TEXT NOT NULL CHECK (body <> ''),
	status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
	reason TEXT,
	decided_by BIGINT REFERENCES account (id),
	decided_at TEXT,
	origin TEXT NOT NULL DEFAULT 'real' CHECK (origin IN ('real', 'sample', 'synthetic')),
	created_at TEXT NOT NULL,
	CHECK ((about = 'objective') = (objective IS NOT NULL)),
	CHECK ((about = 'review') = (iso3 IS NOT NULL)),
	CHECK (status <> 'declined' OR reason IS NOT NULL)
);
CREATE INDEX review_input_cycle ON review_input (cycle_id, status, id);
CREATE INDEX review_input_country ON review_input (iso3, status, id);

-- An independent assessment of a commitment by a reviewer (never of their
-- own actor's): open for comment from `comment_opens` to `comment_closes`
-- (inclusive), then finalised with the reviewer's answer to the comments.
CREATE TABLE assessment (
	id INTEGER PRIMARY KEY,
	commitment_id BIGINT NOT NULL REFERENCES commitment (id),
	assessor_id BIGINT REFERENCES account (id),
	assessor_actor_id BIGINT REFERENCES actor (id),
	verifiable INTEGER NOT NULL CHECK (verifiable IN (0, 1)),
	relevance TEXT NOT NULL CHECK (relevance IN ('relevant', 'partly_relevant',
		'not_relevant')),
	relevance_note TEXT NOT NULL DEFAULT '',
	completion TEXT NOT NULL CHECK (completion IN ('no_evidence', 'not_started', 'limited',
		'substantial', 'complete')),
	narrative TEXT NOT NULL CHECK (narrative <> ''),
	-- the evidence: a JSON array of URLs
	links TEXT NOT NULL DEFAULT '[]',
	status TEXT NOT NULL CHECK (status IN ('comment', 'final')),
	comment_opens TEXT NOT NULL,
	comment_closes TEXT NOT NULL,
	response TEXT,
	origin TEXT NOT NULL DEFAULT 'real' CHECK (origin IN ('real', 'sample', 'synthetic')),
	created_at TEXT NOT NULL,
	finalised_at TEXT,
	CHECK (comment_closes >= comment_opens),
	CHECK ((status = 'final') = (finalised_at IS NOT NULL))
);
CREATE INDEX assessment_commitment ON assessment (commitment_id, id);
CREATE INDEX assessment_created ON assessment (created_at, id);

CREATE TABLE assessment_comment (
	id INTEGER PRIMARY KEY,
	assessment_id BIGINT NOT NULL REFERENCES assessment (id),
	user_id BIGINT REFERENCES account (id),
	actor_id BIGINT REFERENCES actor (id),
	body TEXT NOT NULL CHECK (body <> ''),
	created_at TEXT NOT NULL
);
CREATE INDEX assessment_comment_of ON assessment_comment (assessment_id, id);
