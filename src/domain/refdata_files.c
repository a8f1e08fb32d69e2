/* refdata_files.c — what each reference file holds: its columns and the
 * kind of value in each, its upsert, and the checks across its rows (a
 * country's sub-region lies in its region; objective n is paragraph n + 16).
 * refdata.c reads, reports and writes any file described this way. */
#include <stdio.h>
#include <string.h>

#include "codes.h"
#include "compact.h"
#include "refdata_impl.h"
#include "util.h"

/* The Compact's paragraph that states objective n: 17 for the first. */
#define OBJECTIVE_PARAGRAPH(n) ((n) + 16)

static const char *const levels[] = {"world", "region", "subregion", "intermediate", NULL};
static const char *const statuses[] = {"member", "observer", NULL};
static const char *const letters[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", NULL};

static void check_regions(struct report *r, struct refdata *rd, struct table *t);
static void check_countries(struct report *r, struct refdata *rd, struct table *t);
static void check_objectives(struct report *r, struct refdata *rd, struct table *t);
static void check_principles(struct report *r, struct refdata *rd, struct table *t);
static void check_events(struct report *r, struct refdata *rd, struct table *t);
static void check_positions(struct report *r, struct refdata *rd, struct table *t);

static const struct column region_cols[] = {
	{.name = "m49", .kind = K_CODE3, .unique = true},
	{.name = "level", .kind = K_CHOICE, .choices = levels},
	{.name = "parent_m49", .kind = K_CODE3, .optional = true},
	{.name = "name_en", .kind = K_TEXT},
	{.name = "name_fr", .kind = K_TEXT},
};

enum { R_M49, R_LEVEL, R_PARENT };

static const struct column country_cols[] = {
	{.name = "iso3", .kind = K_ISO3, .unique = true},
	{.name = "iso2", .kind = K_ISO2, .unique = true},
	{.name = "numeric", .kind = K_CODE3, .unique = true},
	{.name = "un_status", .kind = K_CHOICE, .choices = statuses},
	{.name = "region_m49", .kind = K_CODE3},
	{.name = "subregion_m49", .kind = K_CODE3},
	{.name = "intermediate_m49", .kind = K_CODE3, .optional = true},
	{.name = "name_ar", .kind = K_TEXT},
	{.name = "name_zh", .kind = K_TEXT},
	{.name = "name_en", .kind = K_TEXT},
	{.name = "name_fr", .kind = K_TEXT},
	{.name = "name_ru", .kind = K_TEXT},
	{.name = "name_es", .kind = K_TEXT},
};

enum { C_REGION = 4, C_SUBREGION, C_INTERMEDIATE };

static const struct column objective_cols[] = {
	{.name = "number", .kind = K_INT, .unique = true, .min = 1, .max = COMPACT_OBJECTIVES},
	{.name = "paragraph", .kind = K_INT, .unique = true, .min = OBJECTIVE_PARAGRAPH(1),
	 .max = OBJECTIVE_PARAGRAPH(COMPACT_OBJECTIVES)},
	{.name = "title_en", .kind = K_TEXT},
	{.name = "title_fr", .kind = K_TEXT},
	{.name = "short_en", .kind = K_TEXT},
	{.name = "short_fr", .kind = K_TEXT},
	{.name = "title_fr_verified", .kind = K_INT, .min = 0, .max = 1},
};

enum { O_NUMBER, O_PARAGRAPH };

static const struct column principle_cols[] = {
	{.name = "letter", .kind = K_CHOICE, .unique = true, .choices = letters},
	{.name = "slug", .kind = K_SLUG, .unique = true},
	{.name = "paragraph", .kind = K_TEXT, .unique = true},
	{.name = "title_en", .kind = K_TEXT},
	{.name = "title_fr", .kind = K_TEXT},
	{.name = "title_es", .kind = K_TEXT},
	{.name = "description_en", .kind = K_TEXT},
	{.name = "description_fr", .kind = K_TEXT},
};

enum { P_LETTER, P_SLUG, P_PARAGRAPH };

/* Events and the positions states took at them (issue 14; events.h). */
/* The kinds and positions are codes.h's lists. */
static const struct column event_cols[] = {
	{.name = "slug", .kind = K_SLUG, .unique = true},
	{.name = "kind", .kind = K_CHOICE, .choices = event_kinds},
	{.name = "title_en", .kind = K_TEXT},
	{.name = "title_fr", .kind = K_TEXT},
	{.name = "start_date", .kind = K_TEXT},
	{.name = "end_date", .kind = K_TEXT},
	{.name = "place", .kind = K_TEXT, .optional = true},
	{.name = "online", .kind = K_INT, .min = 0, .max = 1},
	{.name = "organiser", .kind = K_TEXT, .optional = true},
	{.name = "region_m49", .kind = K_CODE3, .optional = true},
	{.name = "votes_for", .kind = K_INT, .optional = true, .min = 0, .max = 250},
	{.name = "votes_against", .kind = K_INT, .optional = true, .min = 0, .max = 250},
	{.name = "votes_abstaining", .kind = K_INT, .optional = true, .min = 0, .max = 250},
	{.name = "votes_not_voting", .kind = K_INT, .optional = true, .min = 0, .max = 250},
	{.name = "note_en", .kind = K_TEXT, .optional = true},
	{.name = "note_fr", .kind = K_TEXT, .optional = true},
	{.name = "source", .kind = K_TEXT},
	{.name = "source_url", .kind = K_TEXT, .optional = true},
	{.name = "to_be_checked", .kind = K_INT, .min = 0, .max = 1},
};

enum { E_SLUG, E_START = 4, E_END, E_REGION = 9, E_SOURCE_URL = 17 };

static const struct column position_cols[] = {
	{.name = "event_slug", .kind = K_SLUG},
	{.name = "iso3", .kind = K_ISO3},
	{.name = "position", .kind = K_CHOICE, .choices = event_positions},
	{.name = "source", .kind = K_TEXT},
};

enum { PO_EVENT, PO_ISO3 };

/* The upserts bind the spec's columns in order as $1, $2 …; ON CONFLICT …
 * DO UPDATE makes a second load rewrite the rows instead of failing
 * (SQLite >= 3.24 and PostgreSQL both accept this form). */
static const char region_upsert[] =
	"INSERT INTO region (m49, level, parent_m49, name_en, name_fr) "
	"VALUES ($1, $2, $3, $4, $5) "
	"ON CONFLICT (m49) DO UPDATE SET level = excluded.level, "
	"parent_m49 = excluded.parent_m49, name_en = excluded.name_en, "
	"name_fr = excluded.name_fr";

static const char country_upsert[] =
	"INSERT INTO country (iso3, iso2, numeric, un_status, region_m49, subregion_m49, "
	"intermediate_m49, name_ar, name_zh, name_en, name_fr, name_ru, name_es, search_key) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
	"ON CONFLICT (iso3) DO UPDATE SET iso2 = excluded.iso2, numeric = excluded.numeric, "
	"un_status = excluded.un_status, region_m49 = excluded.region_m49, "
	"subregion_m49 = excluded.subregion_m49, intermediate_m49 = excluded.intermediate_m49, "
	"name_ar = excluded.name_ar, name_zh = excluded.name_zh, name_en = excluded.name_en, "
	"name_fr = excluded.name_fr, name_ru = excluded.name_ru, name_es = excluded.name_es, "
	"search_key = excluded.search_key";

static const char objective_upsert[] =
	"INSERT INTO objective (number, paragraph, title_en, title_fr, short_en, short_fr, "
	"title_fr_verified) VALUES ($1, $2, $3, $4, $5, $6, $7) "
	"ON CONFLICT (number) DO UPDATE SET paragraph = excluded.paragraph, "
	"title_en = excluded.title_en, title_fr = excluded.title_fr, "
	"short_en = excluded.short_en, short_fr = excluded.short_fr, "
	"title_fr_verified = excluded.title_fr_verified";

static const char principle_upsert[] =
	"INSERT INTO principle (letter, slug, paragraph, title_en, title_fr, title_es, "
	"description_en, description_fr) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
	"ON CONFLICT (slug) DO UPDATE SET letter = excluded.letter, "
	"paragraph = excluded.paragraph, title_en = excluded.title_en, "
	"title_fr = excluded.title_fr, title_es = excluded.title_es, "
	"description_en = excluded.description_en, description_fr = excluded.description_fr";

static const char event_upsert[] =
	"INSERT INTO event (slug, kind, title_en, title_fr, start_date, end_date, place, online, "
	"organiser, region_m49, votes_for, votes_against, votes_abstaining, votes_not_voting, "
	"note_en, note_fr, source, source_url, to_be_checked) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
	"$18, $19) "
	"ON CONFLICT (slug) DO UPDATE SET kind = excluded.kind, title_en = excluded.title_en, "
	"title_fr = excluded.title_fr, start_date = excluded.start_date, "
	"end_date = excluded.end_date, place = excluded.place, online = excluded.online, "
	"organiser = excluded.organiser, region_m49 = excluded.region_m49, "
	"votes_for = excluded.votes_for, votes_against = excluded.votes_against, "
	"votes_abstaining = excluded.votes_abstaining, "
	"votes_not_voting = excluded.votes_not_voting, note_en = excluded.note_en, "
	"note_fr = excluded.note_fr, source = excluded.source, source_url = excluded.source_url, "
	"to_be_checked = excluded.to_be_checked";

static const char position_upsert[] =
	"INSERT INTO event_position (event_slug, iso3, position, source) "
	"VALUES ($1, $2, $3, $4) "
	"ON CONFLICT (event_slug, iso3) DO UPDATE SET position = excluded.position, "
	"source = excluded.source";

/* In write order: regions before the countries that reference them. */
const struct file_spec refdata_specs[T_COUNT] = {
	[T_REGIONS] = {
		.name = "data/regions.csv", .cols = region_cols, .ncols = ARRAY_LEN(region_cols),
		.order_col = R_LEVEL, .upsert_sql = region_upsert, .check = check_regions,
	},
	[T_COUNTRIES] = {
		.name = "data/countries.csv", .cols = country_cols, .ncols = ARRAY_LEN(country_cols),
		.order_col = -1, .search_key = true, .upsert_sql = country_upsert,
		.check = check_countries,
	},
	[T_OBJECTIVES] = {
		.name = "data/objectives.csv", .cols = objective_cols,
		.ncols = ARRAY_LEN(objective_cols), .exact_rows = COMPACT_OBJECTIVES,
		.order_col = -1,
		.upsert_sql = objective_upsert, .check = check_objectives,
	},
	[T_PRINCIPLES] = {
		.name = "data/principles.csv", .cols = principle_cols,
		.ncols = ARRAY_LEN(principle_cols), .exact_rows = COMPACT_PRINCIPLES,
		.order_col = -1,
		.upsert_sql = principle_upsert, .check = check_principles,
	},
	[T_EVENTS] = {
		.name = "data/events.csv", .cols = event_cols, .ncols = ARRAY_LEN(event_cols),
		.order_col = -1, .upsert_sql = event_upsert, .check = check_events,
	},
	[T_POSITIONS] = {
		.name = "data/positions.csv", .cols = position_cols,
		.ncols = ARRAY_LEN(position_cols), .order_col = -1,
		.upsert_sql = position_upsert, .check = check_positions,
	},
};

/* ---- checks across rows and files --------------------------------------- */

static const struct row *find_row(const struct table *t, int col, const char *key)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (strcmp(t->rows[i].cell[col], key) == 0)
			return &t->rows[i];
	return NULL;
}

/* Checks that `code` names a region of the wanted level (and, when parent is
 * not NULL, whose parent is `parent`). Returns 0 or reports and returns -1. */
static int check_region_ref(struct report *r, struct table *t, const struct row *row,
                            int col, const struct table *regions, const char *level,
                            const char *parent)
{
	const char *code = row->cell[col];
	const char *field = t->spec->cols[col].name;
	const struct row *reg = find_row(regions, R_M49, code);
	if (!reg) {
		refdata_problem(r, t, row->line, field, "\"%s\" is not a region in %s", code,
		                regions->spec->name);
		return -1;
	}
	if (strcmp(reg->cell[R_LEVEL], level) != 0) {
		refdata_problem(r, t, row->line, field, "\"%s\" is a %s, not a %s", code,
		                reg->cell[R_LEVEL], level);
		return -1;
	}
	if (parent && strcmp(reg->cell[R_PARENT], parent) != 0) {
		refdata_problem(r, t, row->line, field, "\"%s\" belongs to \"%s\", not to \"%s\"",
		                code, reg->cell[R_PARENT], parent);
		return -1;
	}
	return 0;
}

/* World has no parent; every other region's parent is one level up. */
static void check_regions(struct report *r, struct refdata *rd, struct table *t)
{
	(void)rd;
	for (size_t i = 0; i < t->nrows; i++) {
		const struct row *row = &t->rows[i];
		int level = refdata_choice_index(levels, row->cell[R_LEVEL]);
		bool has_parent = row->cell[R_PARENT][0] != '\0';
		if (level == 0 && has_parent)
			refdata_problem(r, t, row->line, "parent_m49", "World has no parent");
		else if (level > 0 && !has_parent)
			refdata_problem(r, t, row->line, "parent_m49",
			                "must name the parent region");
		else if (level > 0)
			check_region_ref(r, t, row, R_PARENT, t, levels[level - 1], NULL);
	}
}

/* A country's sub-region lies in its region, its intermediate region (if
 * any) in its sub-region. Skipped when regions.csv itself is broken: every
 * country would then repeat the same mistake. */
static void check_countries(struct report *r, struct refdata *rd, struct table *t)
{
	const struct table *regions = &rd->t[T_REGIONS];
	if (regions->nerrors)
		return;
	for (size_t i = 0; i < t->nrows; i++) {
		const struct row *row = &t->rows[i];
		if (check_region_ref(r, t, row, C_REGION, regions, "region", NULL) < 0)
			continue;
		if (check_region_ref(r, t, row, C_SUBREGION, regions, "subregion",
		                     row->cell[C_REGION]) < 0)
			continue;
		if (row->cell[C_INTERMEDIATE][0])
			check_region_ref(r, t, row, C_INTERMEDIATE, regions, "intermediate",
			                 row->cell[C_SUBREGION]);
	}
}

static void check_objectives(struct report *r, struct refdata *rd, struct table *t)
{
	(void)rd;
	for (size_t i = 0; i < t->nrows; i++) {
		const struct row *row = &t->rows[i];
		int64_t number, paragraph;
		if (parse_int64(row->cell[O_NUMBER], 1, COMPACT_OBJECTIVES, &number) < 0 ||
		    parse_int64(row->cell[O_PARAGRAPH], OBJECTIVE_PARAGRAPH(1),
		                OBJECTIVE_PARAGRAPH(COMPACT_OBJECTIVES), &paragraph) < 0)
			continue;  /* defensive: both were validated when read */
		if (paragraph != OBJECTIVE_PARAGRAPH(number))
			refdata_problem(r, t, row->line, "paragraph",
			                "objective %lld is paragraph %lld, not %lld",
			                (long long)number, (long long)OBJECTIVE_PARAGRAPH(number),
			                (long long)paragraph);
	}
}

static void check_principles(struct report *r, struct refdata *rd, struct table *t)
{
	(void)rd;
	for (size_t i = 0; i < t->nrows; i++) {
		const struct row *row = &t->rows[i];
		char want[8];
		snprintf(want, sizeof want, "15(%s)", row->cell[P_LETTER]);
		if (strcmp(row->cell[P_PARAGRAPH], want) != 0)
			refdata_problem(r, t, row->line, "paragraph",
			                "principle (%s) is paragraph %s", row->cell[P_LETTER], want);
	}
}

/* A date as events.csv writes it: YYYY-MM-DD, or YYYY alone where the
 * record gives only the year (a regional review round). */
static bool event_date(const char *s)
{
	size_t n = strlen(s);
	if (n != 4 && n != 10)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

/* Dates well formed and in order, a region that exists, a link that is a
 * web address. */
static void check_events(struct report *r, struct refdata *rd, struct table *t)
{
	const struct table *regions = &rd->t[T_REGIONS];
	for (size_t i = 0; i < t->nrows; i++) {
		const struct row *row = &t->rows[i];
		const char *start = row->cell[E_START], *end = row->cell[E_END];
		if (!event_date(start))
			refdata_problem(r, t, row->line, "start_date", "\"%s\" is not YYYY-MM-DD or YYYY",
			                start);
		else if (!event_date(end))
			refdata_problem(r, t, row->line, "end_date", "\"%s\" is not YYYY-MM-DD or YYYY",
			                end);
		else if (strcmp(end, start) < 0)
			refdata_problem(r, t, row->line, "end_date", "ends before it starts");
		const char *m49 = row->cell[E_REGION];
		if (m49[0] && !regions->nerrors && !find_row(regions, R_M49, m49))
			refdata_problem(r, t, row->line, "region_m49", "\"%s\" is not a region in %s",
			                m49, regions->spec->name);
		const char *url = row->cell[E_SOURCE_URL];
		if (url[0] && strncmp(url, "https://", 8) != 0)
			refdata_problem(r, t, row->line, "source_url", "must start with https://");
	}
}

/* Each position names an event of events.csv and a country of
 * countries.csv, once per pair. */
static void check_positions(struct report *r, struct refdata *rd, struct table *t)
{
	const struct table *events = &rd->t[T_EVENTS], *countries = &rd->t[T_COUNTRIES];
	for (size_t i = 0; i < t->nrows; i++) {
		const struct row *row = &t->rows[i];
		if (!events->nerrors && !find_row(events, E_SLUG, row->cell[PO_EVENT]))
			refdata_problem(r, t, row->line, "event_slug", "\"%s\" is not an event in %s",
			                row->cell[PO_EVENT], events->spec->name);
		if (!countries->nerrors && !find_row(countries, 0, row->cell[PO_ISO3]))
			refdata_problem(r, t, row->line, "iso3", "\"%s\" is not a country in %s",
			                row->cell[PO_ISO3], countries->spec->name);
		for (size_t j = 0; j < i; j++)
			if (strcmp(t->rows[j].cell[PO_EVENT], row->cell[PO_EVENT]) == 0 &&
			    strcmp(t->rows[j].cell[PO_ISO3], row->cell[PO_ISO3]) == 0) {
				refdata_problem(r, t, row->line, "iso3", "\"%s\" already has a position "
				                "at this event on line %zu", row->cell[PO_ISO3],
				                t->rows[j].line);
				break;
			}
	}
}
