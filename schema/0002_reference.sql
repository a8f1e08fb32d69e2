-- 0002_reference.sql — the reference framework: M49 regions, countries, the
-- Compact's 23 objectives and 10 guiding principles.
--
-- Filled by `pacte init` from the embedded data/*.csv (src/domain/refdata.c),
-- which upserts every row, so these tables are never edited by hand. Portable
-- SQL: the same text runs on SQLite and PostgreSQL 15.
--
-- Codes are kept as text exactly as written: M49 and ISO numeric codes are
-- zero-padded three-digit strings ('002', '004'), never integers, so '002'
-- in a URL and in the table compare equal.

CREATE TABLE region (
	m49 TEXT PRIMARY KEY CHECK (length(m49) = 3),
	level TEXT NOT NULL CHECK (level IN ('world', 'region', 'subregion', 'intermediate')),
	parent_m49 TEXT REFERENCES region (m49),
	name_en TEXT NOT NULL CHECK (name_en <> ''),
	name_fr TEXT NOT NULL CHECK (name_fr <> ''),
	-- only World has no parent
	CHECK ((level = 'world') = (parent_m49 IS NULL))
);

-- A region page lists its children.
CREATE INDEX region_parent ON region (parent_m49);

CREATE TABLE country (
	iso3 TEXT PRIMARY KEY CHECK (length(iso3) = 3),
	iso2 TEXT NOT NULL UNIQUE CHECK (length(iso2) = 2),
	numeric TEXT NOT NULL UNIQUE CHECK (length(numeric) = 3),
	un_status TEXT NOT NULL CHECK (un_status IN ('member', 'observer')),
	region_m49 TEXT NOT NULL REFERENCES region (m49),
	subregion_m49 TEXT NOT NULL REFERENCES region (m49),
	intermediate_m49 TEXT REFERENCES region (m49),
	name_ar TEXT NOT NULL CHECK (name_ar <> ''),
	name_zh TEXT NOT NULL CHECK (name_zh <> ''),
	name_en TEXT NOT NULL CHECK (name_en <> ''),
	name_fr TEXT NOT NULL CHECK (name_fr <> ''),
	name_ru TEXT NOT NULL CHECK (name_ru <> ''),
	name_es TEXT NOT NULL CHECK (name_es <> ''),
	-- the six names, folded (text_fold: lower case, no diacritics) and joined
	-- by ' | ', so one LIKE finds a country by any of its names
	search_key TEXT NOT NULL
);

-- Region pages and the countries filter list the countries of a region,
-- sub-region or intermediate region.
CREATE INDEX country_region ON country (region_m49);
CREATE INDEX country_subregion ON country (subregion_m49);
CREATE INDEX country_intermediate ON country (intermediate_m49);

CREATE TABLE objective (
	number INTEGER PRIMARY KEY CHECK (number BETWEEN 1 AND 23),
	-- objective n is set out in paragraph n + 16 of the Compact
	paragraph INTEGER NOT NULL UNIQUE CHECK (paragraph = number + 16),
	title_en TEXT NOT NULL CHECK (title_en <> ''),
	title_fr TEXT NOT NULL CHECK (title_fr <> ''),
	short_en TEXT NOT NULL CHECK (short_en <> ''),
	short_fr TEXT NOT NULL CHECK (short_fr <> ''),
	-- 0 while the French title is not yet checked against the official text
	title_fr_verified INTEGER NOT NULL CHECK (title_fr_verified IN (0, 1))
);

CREATE TABLE principle (
	slug TEXT PRIMARY KEY CHECK (slug <> ''),
	letter TEXT NOT NULL UNIQUE
		CHECK (letter IN ('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j')),
	-- '15(a)' … '15(j)': the principles are paragraph 15's items
	paragraph TEXT NOT NULL,
	title_en TEXT NOT NULL CHECK (title_en <> ''),
	title_fr TEXT NOT NULL CHECK (title_fr <> ''),
	title_es TEXT NOT NULL CHECK (title_es <> ''),
	-- Pacte's one-sentence summaries, not the official text
	description_en TEXT NOT NULL,
	description_fr TEXT NOT NULL
);
