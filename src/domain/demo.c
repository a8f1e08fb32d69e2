/* demo.c — deterministic synthetic commitments, partners and progress
 * updates for demos and benchmarks, all marked origin "synthetic".
 *
 * Everything comes from one seeded xorshift64* generator consumed in a
 * fixed order, and every date counts from DEMO_EPOCH, so a seed and a scale
 * give the same rows every time. Rows go through the same inserts as
 * imports (commitments_insert, progress_insert: prepared and cached by the
 * database layer), a transaction per DEMO_BATCH commitments; then the
 * published good practices (practices_insert), after every commitment so
 * that adding them changed none of the commitments a seed gives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "actors.h"
#include "audit.h"
#include "buf.h"
#include "changelog.h"
#include "commitments.h"
#include "compact.h"
#include "db.h"
#include "demo.h"
#include "indicators.h"
#include "practices.h"
#include "progress.h"
#include "text.h"
#include "util.h"

/* ---- Randomness ------------------------------------------------------------- */

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545F4914F6CDD1DULL;
}

/* A number in [0, n). */
static int pick(struct rng *r, int n)
{
	return (int)(next(r) % (uint64_t)n);
}

static bool chance(struct rng *r, int percent)
{
	return pick(r, 100) < percent;
}

/* ---- Dates ------------------------------------------------------------------ */

/* Days since 1970-01-01 and back, for date arithmetic in whole days. */
static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, char out[DATE_LEN + 1])
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp + (mp < 10 ? 3 : -9);
	char tmp[48];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", (int)(y + (m <= 2)), (int)m, (int)d);
	memcpy(out, tmp, DATE_LEN);
	out[DATE_LEN] = '\0';
}

static int64_t epoch_days(void)
{
	int y, m, d;
	sscanf(DEMO_EPOCH, "%d-%d-%d", &y, &m, &d);
	return days_from_civil(y, m, d);
}

/* ---- Text in four languages --------------------------------------------------- */

struct lang_text {
	const char *lang;
	const char *const *verbs;
	const char *const *subjects;
	const char *const *places;
	const char *description;
	const char *deliverable[2];  /* before and after a quantity */
	const char *indicator;
	const char *narrative[2];    /* before and after a percentage */
	const char *partner;
};

static const char *const fr_verbs[] = {"Renforcer", "Élargir", "Améliorer", "Garantir",
	"Développer", "Faciliter", NULL};
static const char *const fr_subjects[] = {"l'accès des migrants aux soins de santé",
	"la reconnaissance des compétences et qualifications", "les voies de migration régulière",
	"la protection consulaire tout au long du cycle migratoire",
	"l'inclusion financière et les envois de fonds", "les alternatives à la rétention",
	"la collecte de données ventilées", NULL};
static const char *const fr_places[] = {"dans les régions frontalières", "à l'échelle nationale",
	"dans les grandes villes", "pour les travailleurs saisonniers", "pour les enfants migrants",
	NULL};
static const char *const en_verbs[] = {"Strengthen", "Expand", "Improve", "Guarantee",
	"Develop", "Facilitate", NULL};
static const char *const en_subjects[] = {"migrants' access to health care",
	"recognition of skills and qualifications", "regular migration pathways",
	"consular protection throughout the migration cycle",
	"financial inclusion and remittances", "alternatives to detention",
	"the collection of disaggregated data", NULL};
static const char *const en_places[] = {"in border regions", "nationwide", "in major cities",
	"for seasonal workers", "for migrant children", NULL};
static const char *const es_verbs[] = {"Fortalecer", "Ampliar", "Mejorar", "Garantizar",
	"Desarrollar", "Facilitar", NULL};
static const char *const es_subjects[] = {"el acceso de los migrantes a la atención sanitaria",
	"el reconocimiento de competencias y cualificaciones", "las vías de migración regular",
	"la protección consular durante todo el ciclo migratorio",
	"la inclusión financiera y las remesas", "las alternativas a la detención",
	"la recopilación de datos desglosados", NULL};
static const char *const es_places[] = {"en las regiones fronterizas", "en todo el país",
	"en las grandes ciudades", "para los trabajadores temporeros", "para la niñez migrante",
	NULL};
static const char *const ar_verbs[] = {"تعزيز", "توسيع", "تحسين", "ضمان", "تطوير", "تيسير", NULL};
static const char *const ar_subjects[] = {"حصول المهاجرين على الرعاية الصحية",
	"الاعتراف بالمهارات والمؤهلات", "مسارات الهجرة النظامية",
	"الحماية القنصلية طوال دورة الهجرة", "الشمول المالي والتحويلات المالية",
	"بدائل الاحتجاز", "جمع البيانات المصنّفة", NULL};
static const char *const ar_places[] = {"في المناطق الحدودية", "على الصعيد الوطني",
	"في المدن الكبرى", "للعمال الموسميين", "للأطفال المهاجرين", NULL};

static const struct lang_text langs[] = {
	{"fr", fr_verbs, fr_subjects, fr_places,
	 "Données **synthétiques** générées par `pacte demo` : cet engagement n'existe pas.\n\n"
	 "Objectif : une action coordonnée, évaluée chaque année, avec la société civile.",
	 {"Former ", " agents publics"}, "Personnes accompagnées",
	 {"Étape franchie : ", " % des activités prévues sont réalisées. Données synthétiques."},
	 "Réseau synthétique d'entraide"},
	{"en", en_verbs, en_subjects, en_places,
	 "**Synthetic** data generated by `pacte demo`: this commitment does not exist.\n\n"
	 "Aim: a coordinated action, reviewed every year, with civil society.",
	 {"Train ", " public officials"}, "People supported",
	 {"Milestone reached: ", "% of the planned activities are done. Synthetic data."},
	 "Synthetic mutual-aid network"},
	{"es", es_verbs, es_subjects, es_places,
	 "Datos **sintéticos** generados por `pacte demo`: este compromiso no existe.\n\n"
	 "Meta: una acción coordinada, evaluada cada año, con la sociedad civil.",
	 {"Capacitar a ", " funcionarios públicos"}, "Personas acompañadas",
	 {"Hito alcanzado: el ", " % de las actividades previstas están realizadas. Datos sintéticos."},
	 "Red sintética de ayuda mutua"},
	{"ar", ar_verbs, ar_subjects, ar_places,
	 "بيانات **اصطناعية** أنشأها `pacte demo`: هذا الالتزام غير موجود.\n\n"
	 "الهدف: عمل منسَّق يُقيَّم كل عام بالتعاون مع المجتمع المدني.",
	 {"تدريب ", " من الموظفين العموميين"}, "الأشخاص الذين تلقوا الدعم",
	 {"تم بلوغ مرحلة: أُنجز ", " % من الأنشطة المقررة. بيانات اصطناعية."},
	 "شبكة اصطناعية للمساعدة المتبادلة"},
};

static size_t count(const char *const *list)
{
	size_t n = 0;
	while (list[n])
		n++;
	return n;
}

static const char *one_of(struct rng *r, const char *const *list)
{
	return list[pick(r, (int)count(list))];
}

/* ---- Reference rows ---------------------------------------------------------------- */

struct world {
	int64_t *states;
	char (*codes)[4];
	size_t nstates;
	int64_t *partners;
	size_t npartners;
	char **principles;
	size_t nprinciples;
};

static void world_free(struct world *w)
{
	for (size_t i = 0; i < w->nprinciples; i++)
		free(w->principles[i]);
	free(w->principles);
	free(w->states);
	free(w->codes);
	free(w->partners);
}

static int load_world(struct db *db, struct world *w)
{
	struct db_res *res = db_query(db, "SELECT id, country_iso3 FROM actor WHERE kind = 'state' "
	                              "ORDER BY country_iso3", NO_ARGS);
	if (!res)
		return -1;
	size_t cap = 256;
	w->states = xmalloc(cap * sizeof(*w->states));
	w->codes = xmalloc(cap * sizeof(*w->codes));
	int rc;
	while ((rc = db_next(res)) == 1) {
		if (w->nstates == cap) {
			cap *= 2;
			w->states = xrealloc(w->states, cap * sizeof(*w->states));
			w->codes = xrealloc(w->codes, cap * sizeof(*w->codes));
		}
		w->states[w->nstates] = db_int(res, 0);
		snprintf(w->codes[w->nstates++], 4, "%s", db_text(res, 1));
	}
	db_res_free(res);
	if (rc < 0)
		return -1;
	res = db_query(db, "SELECT slug FROM principle ORDER BY letter", NO_ARGS);
	if (!res)
		return -1;
	w->principles = xmalloc(16 * sizeof(char *));
	while ((rc = db_next(res)) == 1 && w->nprinciples < 16)
		w->principles[w->nprinciples++] = xstrdup(db_text(res, 0));
	db_res_free(res);
	return rc < 0 || w->nstates == 0 ? -1 : 0;
}

static int make_partners(struct db *db, struct rng *r, struct world *w, int64_t n)
{
	w->partners = xmalloc((size_t)n * sizeof(*w->partners));
	size_t ntypes = count(actor_partner_types);
	for (int64_t i = 0; i < n; i++) {
		const struct lang_text *t = &langs[pick(r, (int)ARRAY_LEN(langs))];
		char name[256], day[DATE_LEN + 1], at[AUDIT_TIME_LEN + 1];
		snprintf(name, sizeof name, "%s %lld", t->partner, (long long)(i + 1));
		struct buf key;
		buf_init(&key, 1024);
		text_fold(name, strlen(name), &key);
		civil_from_days(epoch_days() - 2500 + pick(r, 400), day);
		snprintf(at, sizeof at, "%sT09:00:00.000Z", day);
		const char *country = chance(r, 70) ? w->codes[pick(r, (int)w->nstates)] : NULL;
		struct db_res *res = db_query(db,
			"INSERT INTO actor (kind, name, search_key, partner_type, country_iso3, status, "
			"description, decided_at, created_at, origin) VALUES ('partner', $1, $2, $3, $4, "
			"'accredited', $5, $6, $6, 'synthetic') RETURNING id",
			DB_ARGS(DB_TEXT(name), DB_TEXT(buf_str(&key)),
			        DB_TEXT(actor_partner_types[pick(r, (int)ntypes)]), DB_TEXT(country),
			        DB_TEXT("Synthetic partner generated by pacte demo."), DB_TEXT(at)));
		buf_release(&key);
		if (!res || db_next(res) != 1) {
			db_res_free(res);
			return -1;
		}
		w->partners[w->npartners++] = db_int(res, 0);
		db_res_free(res);
		if (actors_index(db, w->partners[w->npartners - 1]) < 0 ||
		    changelog_note(db, CHANGE_KIND_ACTOR, w->partners[w->npartners - 1]) < 0)
			return -1;
	}
	return 0;
}

/* ---- One commitment ------------------------------------------------------------------ */

static json_t *ints_distinct(struct rng *r, int n, int max)
{
	json_t *a = json_array();
	while ((int)json_array_size(a) < n) {
		json_int_t v = 1 + pick(r, max);
		size_t i;
		json_t *e;
		bool seen = false;
		json_array_foreach(a, i, e)
			seen |= json_integer_value(e) == v;
		if (!seen)
			json_array_append_new(a, json_integer(v));
	}
	return a;
}

static void add_unique(json_t *a, const char *s)
{
	size_t i;
	json_t *e;
	json_array_foreach(a, i, e)
		if (strcmp(json_string_value(e), s) == 0)
			return;
	json_array_append_new(a, json_string(s));
}

static json_t *commitment_json(struct rng *r, const struct world *w, const struct lang_text *t,
                               int64_t owner, const char *owner_country, int64_t start_day)
{
	char title[512], start[DATE_LEN + 1], target[DATE_LEN + 1], text[256];
	snprintf(title, sizeof title, "%s %s %s", one_of(r, t->verbs), one_of(r, t->subjects),
	         one_of(r, t->places));
	civil_from_days(start_day, start);
	civil_from_days(start_day + 365 + pick(r, 4 * 365), target);
	const char *level = owner_country ? (chance(r, 75) ? "national" : "regional") :
	                    commitment_levels[pick(r, 3)];
	json_t *countries = json_array();
	if (owner_country)
		json_array_append_new(countries, json_string(owner_country));
	int extra = strcmp(level, "regional") == 0 ? 1 + pick(r, 3) : owner_country ? 0 : pick(r, 2);
	for (int i = 0; i < extra; i++)
		add_unique(countries, w->codes[pick(r, (int)w->nstates)]);
	json_t *principles = json_array();
	for (int i = pick(r, 3); i > 0; i--)
		add_unique(principles, w->principles[pick(r, (int)w->nprinciples)]);
	json_t *deliverables = json_array();
	for (int i = pick(r, 3); i > 0; i--) {
		snprintf(text, sizeof text, "%s%d%s", t->deliverable[0], 10 * (1 + pick(r, 50)),
		         t->deliverable[1]);
		json_array_append_new(deliverables, json_string(text));
	}
	json_t *indicators = json_array();
	for (int i = pick(r, 3); i > 0; i--) {
		double base = pick(r, 100);
		json_array_append_new(indicators, json_pack("{s:n, s:s, s:s, s:f, s:f}", "id", "name",
		                      t->indicator, "unit", "", "baseline", base,
		                      "target", base + 50 + pick(r, 500)));
	}
	json_t *c = json_pack("{s:I, s:s, s:s, s:s, s:[], s:o, s:o, s:s, s:o, s:s, s:o, s:o, "
	                      "s:s, s:s, s:[], s:n, s:s, s:n}",
		"owner_actor_id", (json_int_t)owner, "title", title, "description", t->description,
		"lang", t->lang, "translations",
		"objectives", ints_distinct(r, 1 + pick(r, 3), COMPACT_OBJECTIVES),
		"principles", principles, "level", level, "countries", countries, "start_date", start,
		"target_date", chance(r, 90) ? json_string(target) : json_null(),
		"deliverables", deliverables, "status", "planned", "kind", "individual",
		"participants", "matches_commitment_id", "form",
		commitment_forms[pick(r, (int)count(commitment_forms))], "updated_at");
	json_object_set_new(c, "indicators", indicators);
	return c;
}

/* A multi-row INSERT assembled from constant fragments: one "($n, …)" group
 * per row, every value a parameter. On PostgreSQL each statement is a round
 * trip, so a commitment's updates go in one statement, not twenty. */
struct rows {
	struct buf sql;
	struct db_arg args[160];
	size_t nargs;
	size_t nrows;
};

static void rows_init(struct rows *r, const char *head)
{
	buf_init(&r->sql, 1 << 16);
	buf_puts(&r->sql, head);
	r->nargs = r->nrows = 0;
}

static void rows_add(struct rows *r, const struct db_arg *vals, size_t n)
{
	if (r->nargs + n > ARRAY_LEN(r->args)) {
		r->sql.overflow = true;   /* cannot happen with the limits below */
		return;
	}
	buf_puts(&r->sql, r->nrows++ ? ", (" : " (");
	for (size_t i = 0; i < n; i++) {
		r->args[r->nargs++] = vals[i];
		buf_printf(&r->sql, i ? ", $%zu" : "$%zu", r->nargs);
	}
	buf_putc(&r->sql, ')');
}

static int rows_exec(struct db *db, struct rows *r)
{
	int rc = r->nrows == 0 ? 0 : r->sql.overflow ? -1 :
	         db_exec(db, buf_str(&r->sql), r->nargs, r->args) < 0 ? -1 : 0;
	buf_release(&r->sql);
	return rc;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

#define MAX_UPDATES 20
#define MAX_INDICATORS 4

/* One commitment's generated updates, kept until they are written. */
struct gen_update {
	char date[DATE_LEN + 1];
	char at[AUDIT_TIME_LEN + 1];
	char narrative[512];
	char url[96];
	const char *status;
	int percent;
	double values[MAX_INDICATORS];
};

/* Inserts the updates in one statement and returns their ids in order
 * (ids grow with the rows of one INSERT on both backends). */
static int insert_updates(struct db *db, int64_t id, const struct gen_update *g, int n,
                          int64_t *ids)
{
	struct rows r;
	rows_init(&r, "INSERT INTO progress_update (commitment_id, reported_at, status, percent, "
	          "narrative, created_at) VALUES");
	for (int i = 0; i < n; i++) {
		struct db_arg v[] = {DB_INT(id), DB_TEXT(g[i].date), DB_TEXT(g[i].status),
		                     DB_INT(g[i].percent), DB_TEXT(g[i].narrative), DB_TEXT(g[i].at)};
		rows_add(&r, v, ARRAY_LEN(v));
	}
	buf_puts(&r.sql, " RETURNING id");
	struct db_res *res = r.sql.overflow ? NULL : db_query(db, buf_str(&r.sql), r.nargs, r.args);
	buf_release(&r.sql);
	if (!res)
		return -1;
	int k = 0, rc;
	while ((rc = db_next(res)) == 1 && k < n)
		ids[k++] = db_int(res, 0);
	db_res_free(res);
	if (rc < 0 || k != n)
		return -1;
	qsort(ids, (size_t)n, sizeof(*ids), cmp_i64);
	return 0;
}

/* The updates of one commitment: dates moving forward from its start,
 * statuses and percents moving on, a few stopping early (so some
 * commitments are due or inactive). */
static int commitment_updates(struct db *db, struct rng *r, const struct lang_text *t,
                              int64_t id, int64_t start_day, int n, int64_t *written)
{
	static const char *const path[] = {"in_progress", "in_progress", "delayed", "in_progress"};
	if (n <= 0)
		return commitments_refresh(db, id);
	n = n > MAX_UPDATES ? MAX_UPDATES : n;
	int64_t span = epoch_days() - start_day;
	if (span < n + 1)
		span = n + 1;
	if (chance(r, 15))
		span /= 3;   /* went quiet */
	json_t *ind = db_json_rows(db, "SELECT id FROM commitment_indicator WHERE commitment_id = $1 "
	                           "ORDER BY position", DB_ARGS(DB_INT(id)));
	if (!ind)
		return -1;
	size_t nind = json_array_size(ind) < MAX_INDICATORS ? json_array_size(ind) : MAX_INDICATORS;
	struct gen_update g[MAX_UPDATES];
	int64_t day = start_day;
	for (int i = 0; i < n; i++) {
		day += 1 + pick(r, (int)(2 * span / (n + 1) > 1 ? 2 * span / (n + 1) : 1));
		if (day > epoch_days())
			day = epoch_days();
		char date[DATE_LEN + 1];
		civil_from_days(day, date);
		memcpy(g[i].date, date, sizeof date);
		snprintf(g[i].at, sizeof g[i].at, "%.10sT10:00:00.000Z", date);
		g[i].percent = (i + 1) * 100 / n;
		g[i].status = i + 1 == n && chance(r, 30) ? "achieved" :
		              path[pick(r, (int)ARRAY_LEN(path))];
		snprintf(g[i].narrative, sizeof g[i].narrative, "%s%d%s", t->narrative[0],
		         g[i].percent, t->narrative[1]);
		for (size_t k = 0; k < nind; k++)
			g[i].values[k] = (double)(g[i].percent * 5 + pick(r, 10));
		g[i].url[0] = '\0';
		if (chance(r, 40))
			snprintf(g[i].url, sizeof g[i].url, "https://example.org/synthetic/%lld/%d",
			         (long long)id, i);
	}
	int64_t uids[MAX_UPDATES];
	int rc = insert_updates(db, id, g, n, uids);
	if (rc == 0)
		rc = changelog_note_created(db, CHANGE_KIND_PROGRESS_UPDATE, uids, (size_t)n);
	struct rows values, evidence;
	rows_init(&values, "INSERT INTO progress_indicator_value (update_id, indicator_id, value) "
	          "VALUES");
	rows_init(&evidence, "INSERT INTO progress_evidence (update_id, position, url) VALUES");
	for (int i = 0; rc == 0 && i < n; i++) {
		for (size_t k = 0; k < nind; k++) {
			struct db_arg v[] = {DB_INT(uids[i]),
			                     DB_INT(json_integer_value(json_object_get(
			                            json_array_get(ind, k), "id"))),
			                     DB_REAL(g[i].values[k])};
			rows_add(&values, v, ARRAY_LEN(v));
		}
		if (g[i].url[0]) {
			struct db_arg v[] = {DB_INT(uids[i]), DB_INT(0), DB_TEXT(g[i].url)};
			rows_add(&evidence, v, ARRAY_LEN(v));
		}
	}
	if (rows_exec(db, &values) < 0 || rc < 0)
		rc = -1;
	if (rows_exec(db, &evidence) < 0)
		rc = -1;
	json_decref(ind);
	if (rc == 0)
		*written += n;
	return rc < 0 ? -1 : commitments_refresh(db, id);
}

/* ---- The run ------------------------------------------------------------------------- */

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bar(const struct demo_options *o, int64_t done, int64_t total)
{
	if (!o->progress)
		return;
	int pct = (int)(done * 100 / total);
	fprintf(stderr, "\rdemo: %3d%% %lld/%lld commitments", pct, (long long)done, (long long)total);
	if (done == total)
		fputc('\n', stderr);
}

/* How many updates commitment i gets: pairs share 20, so the total is
 * exactly 10 per commitment (an odd last one gets 10). */
static int updates_for(struct rng *r, int64_t i, int64_t n, int *pair_rest)
{
	if (i % 2 == 1)
		return *pair_rest;
	if (i + 1 == n)
		return 10;
	int k = pick(r, 21);
	*pair_rest = 20 - k;
	return k;
}

/* bulk: the bulk load's state, or NULL for the import's path. */
static int batch(struct db *db, struct rng *r, const struct world *w, int64_t from, int64_t to,
                 int64_t n, struct demo_bulk *bulk, int *pair_rest, struct demo_result *res)
{
	if (db_begin(db) < 0)
		return -1;
	for (int64_t i = from; i < to; i++) {
		const struct lang_text *t = &langs[pick(r, (int)ARRAY_LEN(langs))];
		bool state = w->npartners == 0 || chance(r, 70);
		size_t who = state ? (size_t)pick(r, (int)w->nstates) : (size_t)pick(r, (int)w->npartners);
		int64_t owner = state ? w->states[who] : w->partners[who];
		int64_t start_day = epoch_days() - 60 - pick(r, 6 * 365);
		char day[DATE_LEN + 1], at[AUDIT_TIME_LEN + 1];
		civil_from_days(start_day, day);
		snprintf(at, sizeof at, "%sT08:00:00.000Z", day);
		json_t *c = commitment_json(r, w, t, owner, state ? w->codes[who] : NULL, start_day);
		int nupdates = updates_for(r, i, n, pair_rest);
		int64_t id;
		const char *bad_field;
		/* In a bulk load the search document is written once, by the
		 * refresh after the updates, not also here. */
		int rc = bulk ? commitments_insert_bare(db, c, "synthetic", at, &id, &bad_field) :
		         commitments_insert(db, c, "synthetic", at, &id, &bad_field);
		json_decref(c);
		if (rc < 0 || commitment_updates(db, r, t, id, start_day, nupdates, &res->updates) < 0 ||
		    (bulk && demo_bulk_progress(db, bulk, res->commitments + 1) < 0)) {
			db_rollback(db);
			return -1;
		}
		res->commitments++;
	}
	return db_commit(db);
}

/* ---- Good practices ---------------------------------------------------------------- */

/* A practice's long texts in each language of langs[] (same order). */
static const struct {
	const char *summary, *context, *actions, *results, *lessons;
} practice_texts[] = {
	{"Pratique **synthétique** générée par `pacte demo` : elle n'existe pas.",
	 "Les migrants de retour manquaient d'accompagnement.",
	 "Des guichets uniques ont ouvert avec les municipalités.",
	 "personnes accompagnées chaque année.", "Associer les collectivités dès le début."},
	{"A **synthetic** practice generated by `pacte demo`: it does not exist.",
	 "Returning migrants lacked support.", "One-stop centres opened with the municipalities.",
	 "people supported each year.", "Involve local government from the start."},
	{"Práctica **sintética** generada por `pacte demo`: no existe.",
	 "Los migrantes retornados carecían de acompañamiento.",
	 "Se abrieron ventanillas únicas con los municipios.",
	 "personas acompañadas cada año.", "Asociar a los gobiernos locales desde el inicio."},
	{"ممارسة **اصطناعية** أنشأها `pacte demo`: غير موجودة.",
	 "كان المهاجرون العائدون يفتقرون إلى الدعم.", "افتُتحت شبابيك موحدة مع البلديات.",
	 "شخص يتلقون الدعم كل عام.", "إشراك السلطات المحلية منذ البداية."},
};

static json_t *practice_json(struct rng *r, const struct world *w)
{
	int l = pick(r, (int)ARRAY_LEN(langs));
	const struct lang_text *t = &langs[l];
	bool state = w->npartners == 0 || chance(r, 70);
	size_t who = state ? (size_t)pick(r, (int)w->nstates) : (size_t)pick(r, (int)w->npartners);
	char title[512], results[256];
	snprintf(title, sizeof title, "%s %s %s", one_of(r, t->verbs), one_of(r, t->subjects),
	         one_of(r, t->places));
	snprintf(results, sizeof results, "%d %s", 100 * (1 + pick(r, 90)),
	         practice_texts[l].results);
	int start = 2012 + pick(r, 12);
	json_t *countries = json_array();
	add_unique(countries, w->codes[state ? who : (size_t)pick(r, (int)w->nstates)]);
	json_t *principles = json_array();
	for (int i = pick(r, 3); i > 0; i--)
		add_unique(principles, w->principles[pick(r, (int)w->nprinciples)]);
	json_t *partners = json_array();
	if (chance(r, 30))
		json_array_append_new(partners, json_pack("{s:n, s:s}", "actor_id", "name", t->partner));
	return json_pack("{s:I, s:n, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:s, s:s, s:s, s:o, "
	                 "s:o, s:o, s:[], s:o, s:[], s:[]}",
		"actor_id", (json_int_t)(state ? w->states[who] : w->partners[who]), "call_id",
		"title", title, "summary", practice_texts[l].summary,
		"context", practice_texts[l].context, "actions", practice_texts[l].actions,
		"results", results, "lessons", practice_texts[l].lessons, "start_year", start,
		"end_year", chance(r, 50) ? json_integer(start + 1 + pick(r, 4)) : json_null(),
		"level", practice_levels[pick(r, (int)count(practice_levels))],
		"type", practice_types[pick(r, (int)count(practice_types))], "lang", t->lang,
		"objectives", ints_distinct(r, 1 + pick(r, 3), COMPACT_OBJECTIVES),
		"principles", principles, "countries", countries, "regions", "partners", partners,
		"links", "commitments");
}

/* Practices from..to, published, in one transaction. */
static int practice_batch(struct db *db, struct rng *r, const struct world *w, int64_t from,
                          int64_t to, struct demo_result *res)
{
	if (db_begin(db) < 0)
		return -1;
	for (int64_t i = from; i < to; i++) {
		char day[DATE_LEN + 1], at[AUDIT_TIME_LEN + 1];
		civil_from_days(epoch_days() - 30 - pick(r, 5 * 365), day);
		snprintf(at, sizeof at, "%sT09:00:00.000Z", day);
		json_t *p = practice_json(r, w);
		int64_t id;
		int rc = practices_insert(db, p, "published", "synthetic", at, &id);
		json_decref(p);
		if (rc < 0) {
			db_rollback(db);
			return -1;
		}
		res->practices++;
	}
	return db_commit(db);
}

static int audit_summary(struct db *db, const struct demo_options *o, const struct demo_result *r)
{
	json_t *changes = json_pack("{s:{s:n, s:{s:I, s:I, s:I, s:I, s:I, s:I}}}", "demo", "before",
	                            "after", "scale", (json_int_t)o->scale, "seed",
	                            (json_int_t)o->seed, "actors", (json_int_t)r->actors,
	                            "commitments", (json_int_t)r->commitments, "updates",
	                            (json_int_t)r->updates, "practices", (json_int_t)r->practices);
	struct audit_event e = {.action = "demo.generate", .object_type = "commitment",
	                        .changes = changes, .channel = "cli"};
	int rc = db_begin(db);
	if (rc == 0 && (rc = audit_append(db, &e)) == 0)
		rc = db_commit(db);
	else if (rc == 0)
		db_rollback(db);
	json_decref(changes);
	return rc;
}

int demo_generate(struct db *db, const struct demo_options *o, struct demo_result *res)
{
	struct demo_result r = {0};
	double t0 = now_seconds();
	if (o->scale < 1 || o->scale > DEMO_MAX_SCALE)
		return -1;
	struct rng rng = {o->seed ^ 0x9E3779B97F4A7C15ULL};
	if (rng.s == 0)
		rng.s = 1;
	struct world w = {0};
	int rc = load_world(db, &w);
	int64_t npartners = o->scale / 20 > 0 ? o->scale / 20 : 1;
	if (rc == 0 && (rc = db_begin(db)) == 0) {
		rc = make_partners(db, &rng, &w, npartners);
		if (rc == 0)
			rc = db_commit(db);
		else
			db_rollback(db);
	}
	r.actors = (int64_t)w.npartners;
	struct demo_bulk bulk;
	bool bulk_on = rc == 0 && o->bulk;
	if (bulk_on && demo_bulk_begin(db, &bulk) < 0) {
		demo_bulk_end(db, &bulk);   /* the settings back; no index was dropped */
		bulk_on = false;
		rc = -1;
	}
	int pair_rest = 10;
	bool stopped = false;
	for (int64_t from = 0; rc == 0 && from < o->scale; from += DEMO_BATCH) {
		int64_t to = from + DEMO_BATCH < o->scale ? from + DEMO_BATCH : o->scale;
		if ((stopped = o->stop && *o->stop))
			break;
		rc = batch(db, &rng, &w, from, to, o->scale, bulk_on ? &bulk : NULL, &pair_rest, &r);
		bar(o, r.commitments, o->scale);
	}
	/* The indexes again, whatever happened: a failed batch rolled back,
	 * the ones before it stay, and so must the indexes. */
	if (bulk_on && demo_bulk_end(db, &bulk) < 0)
		rc = -1;
	if (rc == 0 && stopped)
		rc = DEMO_STOPPED;
	int64_t practices = o->practices < 0 ? (o->scale / 10 > 0 ? o->scale / 10 : 1) : o->practices;
	for (int64_t from = 0; rc == 0 && from < practices; from += DEMO_BATCH) {
		int64_t to = from + DEMO_BATCH < practices ? from + DEMO_BATCH : practices;
		rc = practice_batch(db, &rng, &w, from, to, &r);
	}
	world_free(&w);
	struct demo_hub_result hub = {0};
	if (rc == 0 && (rc = demo_hub_generate(db, o->seed, o->scale, &hub)) == 0) {
		r.needs = hub.needs;
		r.offers = hub.offers;
		r.partnerships = hub.partnerships;
		r.events = hub.events;
	}
	if (rc == 0)
		rc = demo_reviews(db, o->scale, &r);
	if (rc == 0)
		rc = indicators_demo(db, o->seed);
	if (rc == 0)
		rc = audit_summary(db, o, &r);
	/* Fresh statistics, or the planner guesses: at 100,000 commitments an
	 * objective's count took 40 ms before ANALYZE and 3 ms after on SQLite.
	 * PostgreSQL also needs the dead row versions that refreshing each
	 * commitment left cleared and its visibility map set (index-only
	 * scans): the same list took 130 ms before VACUUM and 20 ms after. */
	if (rc == 0)
		rc = db_exec_script(db, db_dialect(db) == DB_POSTGRES ? "VACUUM ANALYZE" : "ANALYZE");
	r.seconds = now_seconds() - t0;
	if (res)
		*res = r;
	return rc;
}
