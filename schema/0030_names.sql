-- 0030_names.sql — names of the reference data in the languages beyond the
-- columns of their own tables (issue 17): objectives, principles, regions,
-- events and indicators have English and French columns; their Spanish,
-- Arabic, Russian and Chinese names (and any other language's) come from
-- data/names/LANG.csv, loaded by `pacte init` (src/domain/names.c), one row
-- per (kind, key, field, lang). The one SQL pattern that reads them is
-- NAME_IN() in src/domain/names.h, with a fallback to English. Countries
-- keep their six name columns. The same SQL for SQLite and PostgreSQL.
CREATE TABLE name_translation (
	kind TEXT NOT NULL,       -- objective, principle, region, event, indicator
	key TEXT NOT NULL,        -- the thing's key as text: 17, "whole-of-government", 002
	field TEXT NOT NULL,      -- title, short, description, name
	lang TEXT NOT NULL,       -- a language code: es, ar, ru, zh
	text TEXT NOT NULL,
	PRIMARY KEY (kind, key, field, lang)
);
