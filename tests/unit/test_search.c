/* test_search.c — the one search (search.h over fts.h) on the run's backend
 * (fixture.h, so SQLite and PostgreSQL both): stemming in French, English,
 * Spanish, Arabic and Russian, a Chinese two-character query, a find
 * through a translation, facet counts equal to the filtered results,
 * paging (the pages of one pass over the matches equal the SQL ORDER BY's),
 * hostile queries, q= on the commitments' list, the names people type
 * for countries (every alias of the issue), and a document written again. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "buf.h"
#include "commitments.h"
#include "countries.h"
#include "db.h"
#include "fixture.h"
#include "fts.h"
#include "reindex.h"
#include "reviews.h"
#include "search.h"
#include "util.h"

/* A commitment of MAR in lang with this title and description. */
static int64_t add(struct fixture *f, const char *lang, const char *title, const char *desc)
{
	return create_with(f->db, f->mar, json_pack("{s:s, s:s, s:s}", "lang", lang, "title", title,
	                                             "description", desc));
}

/* The refs of the commitments q finds, "1 4 2", in order (caller frees). */
static char *found(struct db *db, const char *q, const char *kind)
{
	struct search_request r = {.q = q, .kind = kind ? kind : "commitment", .locale = "en",
	                           .limit = SEARCH_PAGE_MAX};
	json_t *m = search_run(db, &r);
	if (!m)
		fail_msg("search %s: %s", q, db_errmsg(db));
	struct buf b;
	buf_init(&b, BUF_MAX_LINE);
	size_t i;
	json_t *res;
	json_array_foreach(json_object_get(m, "results"), i, res)
		buf_printf(&b, "%s%s", i ? " " : "", json_string_value(json_object_get(res, "ref")));
	assert_int_equal(json_integer_value(json_object_get(m, "count")),
	                 json_array_size(json_object_get(m, "results")));
	json_decref(m);
	size_t len;
	char *s = buf_detach(&b, &len);
	return s ? s : xstrdup("");
}

static void expect(struct db *db, const char *q, int64_t want)
{
	char *got = found(db, q, NULL);
	char w[24];
	snprintf(w, sizeof w, "%lld", (long long)want);
	if (strcmp(got, w) != 0)
		fail_msg("q=\"%s\": found \"%s\", want \"%s\"", q, got, w);
	free(got);
}

static void expect_none(struct db *db, const char *q)
{
	char *got = found(db, q, NULL);
	if (*got)
		fail_msg("q=\"%s\": found \"%s\", want nothing", q, got);
	free(got);
}

/* ---- Text: terms and queries (no database) ---------------------------------- */

static bool has_term(const char *text, const char *lang, const char *term)
{
	struct buf b;
	buf_init(&b, BUF_MAX_LINE);
	fts_terms(text, strlen(text), lang, &b);
	char pat[FTS_TERM_MAX + 3];
	snprintf(pat, sizeof pat, " %s ", term);
	struct buf sp;
	buf_init(&sp, BUF_MAX_LINE);
	buf_printf(&sp, " %s", buf_str(&b));
	bool yes = strstr(buf_str(&sp), pat) != NULL;
	buf_release(&b);
	buf_release(&sp);
	return yes;
}

static void test_terms(void **state)
{
	(void)state;
	assert_true(has_term("Vulnérabilité", "fr", "vulnerabilite"));
	assert_true(has_term("Vulnérabilité", "fr", "vulnerabilit"));
	assert_true(has_term("migrantes", "fr", "migr"));
	assert_true(has_term("migrante", "fr", "migr"));
	assert_true(has_term("保护移民儿童", "zh", "移民"));
	assert_false(has_term("保护移民儿童", "zh", "保护移民儿童"));
	/* a lone ideograph is kept as itself */
	assert_true(has_term("爱 x", "zh", "爱"));
	/* punctuation is never part of a term */
	assert_true(has_term("\"NEAR(a*b)\" -x:y", "en", "near"));
	assert_true(has_term("\"NEAR(a*b)\" -x:y", "en", "x"));
	/* invalid UTF-8 is skipped, not an error */
	assert_true(has_term("caf\xC3 migration", "en", "migrat"));

	struct fts_query q;
	fts_query_parse("\"unbalanced NEAR( * - : ''", &q);
	assert_int_equal(q.nwords, 2);
	struct buf b;
	buf_init(&b, BUF_MAX_LINE);
	fts_query_fts5(&q, &b);
	/* the user's NEAR( and quotes are gone: only our own quoting is left */
	assert_null(strstr(buf_str(&b), "NEAR("));
	assert_null(strchr(buf_str(&b), '\''));
	assert_non_null(strstr(buf_str(&b), "(\"near\")"));
	buf_release(&b);
	fts_query_parse("***", &q);
	assert_int_equal(q.nwords, 0);
	fts_query_parse("vulnér*", &q);
	assert_int_equal(q.nwords, 1);
	assert_true(q.words[0].prefix);
	assert_string_equal(q.words[0].form[0], "vulner");
}

/* The excerpt's pieces are plain text: markup in a text stays text. */
static void test_excerpt(void **state)
{
	(void)state;
	struct fts_query q;
	fts_query_parse("migrants", &q);
	bool hit;
	json_t *e = fts_excerpt("<script>alert(1)</script> aide aux <b>migrants</b>", "fr", &q, 240,
	                        &hit);
	assert_true(hit);
	char *s = json_dumps(e, JSON_COMPACT);
	assert_non_null(strstr(s, "{\"text\":\"migrants\",\"hit\":true}"));
	assert_non_null(strstr(s, "<script>")); /* kept as text: the template escapes it */
	free(s);
	json_decref(e);
}

/* ---- Relevance, in five languages and Chinese ----------------------------------- */

static void test_relevance(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	int64_t fr = add(f, "fr", "Réduire la vulnérabilité des travailleuses migrantes",
	                 "Des foyers d'accueil pour les femmes migrantes.");
	int64_t en = add(f, "en", "Protecting unaccompanied children",
	                 "Guardianship for children travelling alone across borders.");
	int64_t es = add(f, "es", "Protección de los trabajadores agrícolas",
	                 "Contratos justos para los trabajadores temporeros.");
	int64_t ar = add(f, "ar", "حماية المهاجرين في المدن", "مراكز استقبال للمهاجرين");
	int64_t ru = add(f, "ru", "Новые правила для трудовых мигрантов",
	                 "Упрощённая регистрация мигрантов.");
	int64_t zh = add(f, "zh", "保护移民儿童的权利", "为移民家庭提供法律援助");
	expect(db, "migrante", fr);           /* French plural found by the singular */
	expect(db, "vulnerabilite", fr);      /* accents typed or not */
	expect(db, "VULNÉRABILITÉS", fr);
	expect(db, "travailleuse", fr);
	expect(db, "travel", en);             /* English stems: travelling */
	expect(db, "border", en);
	expect(db, "guardianship", en);
	expect(db, "protecting", en);
	expect(db, "trabajador", es);
	expect(db, "agrícola", es);
	expect(db, "المهاجر", ar);
	expect(db, "мигранты", ru);
	expect(db, "новый", ru);
	expect(db, "移民", zh);               /* a two-character query */
	expect(db, "儿童", zh);
	expect(db, "vulnér*", fr);            /* a prefix */
	expect_none(db, "inexistant");
	/* two words: both must be there */
	expect(db, "femmes migrantes", fr);
	expect_none(db, "femmes children");
	/* a word in the title weighs more than one in the body */
	int64_t t1 = add(f, "en", "Remittances made cheaper", "Lower fees for families.");
	int64_t t2 = add(f, "en", "Savings for families", "Including cheaper remittances.");
	char *got = found(db, "remittances", NULL);
	char want[64];
	snprintf(want, sizeof want, "%lld %lld", (long long)t1, (long long)t2);
	assert_string_equal(got, want);
	free(got);
}

/* A French query finds a Spanish commitment through its French translation;
 * the excerpt says which language matched. */
static void test_translation(void **state)
{
	struct fixture *f = *state;
	int64_t id = create_with(f->db, f->mar, json_pack(
		"{s:s, s:s, s:s, s:[{s:s, s:s, s:s}]}", "lang", "es", "title",
		"Ventanillas únicas para personas migrantes", "description", "Orientación jurídica.",
		"translations", "lang", "fr", "title", "Guichets uniques pour les personnes migrantes",
		"description", "Orientation juridique et accompagnement."));
	expect(f->db, "accompagnement", id);
	struct search_request r = {.q = "accompagnement", .kind = "commitment", .locale = "en"};
	json_t *m = search_run(f->db, &r);
	json_t *res = json_array_get(json_object_get(m, "results"), 0);
	assert_string_equal(json_string_value(json_object_get(res, "matched_lang")), "fr");
	json_decref(m);
	/* an edit that drops the translation takes it out of the index too */
	json_t *in = valid_input(f->mar), *errors = json_object();
	json_object_set_new(in, "lang", json_string("es"));
	json_object_set_new(in, "title", json_string("Ventanillas únicas"));
	assert_int_equal(commitments_update(f->db, NULL, id, in, errors), OUTCOME_OK);
	json_decref(in);
	json_decref(errors);
	expect_none(f->db, "accompagnement");
}

/* Facet counts equal the number of results once the value is chosen. */
static void test_facets(void **state)
{
	struct fixture *f = *state;
	create_with(f->db, f->mar, json_pack("{s:s, s:[i], s:s}", "title", "Santé des migrants",
	                                     "objectives", 7, "level", "national"));
	create_with(f->db, f->mar, json_pack("{s:s, s:[i, i], s:s}", "title",
	                                     "Santé et logement des migrants", "objectives", 7, 8,
	                                     "level", "regional"));
	create_with(f->db, f->sen, json_pack("{s:s, s:[i], s:[s]}", "title",
	                                     "Santé maternelle des migrantes", "objectives", 8,
	                                     "countries", "SEN"));
	struct search_request r = {.q = "sante migrant", .locale = "fr"};
	json_t *m = search_run(f->db, &r);
	assert_non_null(m);
	assert_int_equal(json_integer_value(json_object_get(m, "count")), 3);
	json_t *facets = json_object_get(m, "facets");
	const char *name;
	json_t *list;
	int checked = 0;
	json_object_foreach(facets, name, list) {
		size_t i;
		json_t *v;
		json_array_foreach(list, i, v) {
			struct search_request r2 = r;
			const char *value = json_string_value(json_object_get(v, "value"));
			if (strcmp(name, "kind") == 0)
				r2.kind = value;
			else
				r2.filters[r2.nfilters++] = (struct search_facet){name, value};
			json_t *m2 = search_run(f->db, &r2);
			assert_non_null(m2);
			if (json_integer_value(json_object_get(m2, "count")) !=
			    json_integer_value(json_object_get(v, "count")))
				fail_msg("facet %s=%s: counted %lld, filtered %lld", name, value,
				         (long long)json_integer_value(json_object_get(v, "count")),
				         (long long)json_integer_value(json_object_get(m2, "count")));
			json_decref(m2);
			checked++;
		}
	}
	assert_true(checked >= 6);
	/* two filters and the words combine */
	r.filters[r.nfilters++] = (struct search_facet){"objective", "7"};
	r.filters[r.nfilters++] = (struct search_facet){"level", "regional"};
	json_t *m3 = search_run(f->db, &r);
	assert_int_equal(json_integer_value(json_object_get(m3, "count")), 1);
	json_decref(m3);
	json_decref(m);
}

/* Facet counts with more distinct values than the tally starts with (it
 * grows), and a ranked page with a facet filter (read from the FTS rows
 * alone on SQLite) in the same order as the whole ranking. */
static void test_facet_tally(void **state)
{
	struct fixture *f = *state;
	enum { N = 300 };
	assert_int_equal(db_begin(f->db), 0);
	for (int i = 0; i < N; i++) {
		char ref[16], code[16], title[64];
		snprintf(ref, sizeof ref, "%d", i + 1);
		snprintf(code, sizeof code, "V%03d", i);
		/* ranked by how often the word comes: the first documents say it most */
		snprintf(title, sizeof title, "tallyword%s", i < 3 ? " tallyword tallyword" : "");
		struct search_text t = {"en", title, "A document for the tally."};
		struct search_facet fa[] = {{"country", code}, {"level", i % 2 ? "odd" : "even"}};
		struct search_doc d = {.kind = "tallytest", .ref = ref, .num = i + 1, .lang = "en",
		                       .texts = &t, .ntexts = 1, .facets = fa, .nfacets = 2};
		assert_int_equal(search_index_put(f->db, &d), 0);
	}
	assert_int_equal(db_commit(f->db), 0);
	struct search_request r = {.q = "tallyword", .locale = "en", .limit = 5};
	json_t *m = search_run(f->db, &r);
	assert_non_null(m);
	assert_int_equal(json_integer_value(json_object_get(m, "count")), N);
	json_t *countries = json_object_get(json_object_get(m, "facets"), "country");
	assert_int_equal(json_array_size(countries), N);
	size_t i;
	json_t *v;
	json_array_foreach(countries, i, v)
		assert_int_equal(json_integer_value(json_object_get(v, "count")), 1);
	json_t *levels = json_object_get(json_object_get(m, "facets"), "level");
	assert_int_equal(json_array_size(levels), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(levels, 0), "count")),
	                 N / 2);
	json_decref(m);
	/* the filter keeps the ranking: documents 1 and 3 (even) lead */
	r.filters[r.nfilters++] = (struct search_facet){"level", "even"};
	m = search_run(f->db, &r);
	assert_non_null(m);
	assert_int_equal(json_integer_value(json_object_get(m, "count")), N / 2);
	json_t *res = json_object_get(m, "results");
	assert_int_equal(json_array_size(res), 5);
	assert_string_equal(json_string_value(json_object_get(json_array_get(res, 0), "ref")), "1");
	assert_string_equal(json_string_value(json_object_get(json_array_get(res, 1), "ref")), "3");
	json_decref(m);
}

/* The refs of the page the SQL ORDER BY gives (the statements search_run
 * sent before its one pass over the matches), "p03 p07 …" (caller frees). */
static char *reference_page(struct db *db, const struct search_request *r, int64_t offset)
{
	bool sqlite = db_dialect(db) == DB_SQLITE;
	struct buf m, sql, out;
	buf_init(&m, BUF_MAX_LINE);
	buf_init(&sql, BUF_MAX_LINE);
	buf_init(&out, BUF_MAX_LINE);
	bool words = search_match(db, r->q, &m) > 0;
	bool by_date = !words || (r->sort && strcmp(r->sort, "date") == 0);
	buf_printf(&sql, "SELECT d.ref FROM %s WHERE d.kind = $2",
	           words && sqlite ? "search_fts JOIN search_doc d ON d.id = search_fts.rowid"
	                           : "search_doc d");
	if (words)
		buf_printf(&sql, " AND %s", sqlite ? "search_fts MATCH $1" : "d.vec @@ CAST($1 AS tsquery)");
	else
		buf_printf(&sql, " AND $1 = $1");
	buf_printf(&sql, " AND ($5 = '' OR EXISTS (SELECT 1 FROM search_facet f WHERE "
	                 "f.doc = d.id AND f.facet = $5 AND f.value = $6))");
	buf_printf(&sql, " ORDER BY %s LIMIT $3 OFFSET $4",
	           by_date  ? "d.sort_date DESC, d.id DESC"
	           : sqlite ? "search_fts.rank, d.id"
	                    : "ts_rank(d.vec, CAST($1 AS tsquery)) DESC, d.id");
	struct db_res *res = db_query(db, buf_str(&sql), DB_ARGS(DB_TEXT(buf_str(&m)),
	    DB_TEXT(r->kind), DB_INT(r->limit), DB_INT(offset),
	    DB_TEXT(r->nfilters ? r->filters[0].facet : ""),
	    DB_TEXT(r->nfilters ? r->filters[0].value : "")));
	if (!res)
		fail_msg("%s: %s", buf_str(&sql), db_errmsg(db));
	for (int i = 0; db_next(res) == 1; i++)
		buf_printf(&out, "%s%s", i ? " " : "", db_text(res, 0));
	db_res_free(res);
	buf_release(&m);
	buf_release(&sql);
	size_t len;
	char *s = buf_detach(&out, &len);
	return s ? s : xstrdup("");
}

/* The pages of one pass over the matches (a bounded heap) are the pages
 * the SQL ORDER BY gives, ties included (equal scores, equal dates, no
 * date), in relevance and date order, with and without words and with a
 * facet filter, every page a cursor reaches. */
static void test_page_order(void **state)
{
	struct fixture *f = *state;
	enum { N = 40 };
	assert_int_equal(db_begin(f->db), 0);
	for (int i = 0; i < N; i++) {
		char ref[16], title[96], date[32];
		snprintf(ref, sizeof ref, "p%02d", i);
		/* four groups of equal texts: equal scores, ties broken by id */
		snprintf(title, sizeof title, "orderword%s%s%s", i % 4 > 0 ? " orderword" : "",
		         i % 4 > 1 ? " orderword" : "", i % 4 > 2 ? " filler" : "");
		snprintf(date, sizeof date, "2026-01-%02dT10:00:00.000Z", 1 + i % 7);
		struct search_text t = {"en", title, "The same body for every one."};
		struct search_facet fa[] = {{"level", i % 3 ? "odd" : "even"}};
		struct search_doc d = {.kind = "pagetest", .ref = ref, .num = i + 1, .lang = "en",
		                       .date = i % 10 == 0 ? NULL : date, .texts = &t,
		                       .ntexts = 1, .facets = fa, .nfacets = 1};
		assert_int_equal(search_index_put(f->db, &d), 0);
	}
	assert_int_equal(db_commit(f->db), 0);
	const char *qs[] = {"orderword", ""}, *sorts[] = {"relevance", "date"};
	for (int k = 0; k < 8; k++) {
		struct search_request r = {.q = qs[k % 2], .sort = sorts[(k / 2) % 2],
		                           .kind = "pagetest", .locale = "en", .limit = 7};
		if (k >= 4)
			r.filters[r.nfilters++] = (struct search_facet){"level", "even"};
		char cursor[24] = "";
		int64_t offset = 0;
		for (int pages = 0; pages < 10; pages++, offset += r.limit) {
			r.cursor = *cursor ? cursor : NULL;
			json_t *m = search_run(f->db, &r);
			assert_non_null(m);
			struct buf got;
			buf_init(&got, BUF_MAX_LINE);
			size_t i;
			json_t *res;
			json_array_foreach(json_object_get(m, "results"), i, res)
				buf_printf(&got, "%s%s", i ? " " : "",
				           json_string_value(json_object_get(res, "ref")));
			char *want = reference_page(f->db, &r, offset);
			if (strcmp(buf_str(&got), want) != 0)
				fail_msg("q=\"%s\" sort=%s filter=%zu offset %lld: got \"%s\", want \"%s\"",
				         r.q, r.sort, r.nfilters, (long long)offset, buf_str(&got), want);
			assert_int_equal(json_integer_value(json_object_get(m, "count")),
			                 k >= 4 ? (N + 2) / 3 : N);
			free(want);
			buf_release(&got);
			const char *next = json_string_value(json_object_get(m, "next"));
			snprintf(cursor, sizeof cursor, "%s", next ? next : "");
			json_decref(m);
			if (!next)
				break;
		}
		assert_true(offset + r.limit >= (k >= 4 ? (N + 2) / 3 : N));
	}
}

/* Pages: a cursor walks every result once. */
static void test_paging(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < 5; i++)
		add(f, "en", "Fair recruitment", "Zero recruitment fees.");
	struct search_request r = {.q = "recruitment", .limit = 2, .locale = "en"};
	int seen = 0;
	char cursor[32] = "";
	for (int page = 0; page < 5; page++) {
		r.cursor = *cursor ? cursor : NULL;
		json_t *m = search_run(f->db, &r);
		assert_non_null(m);
		seen += (int)json_array_size(json_object_get(m, "results"));
		const char *next = json_string_value(json_object_get(m, "next"));
		snprintf(cursor, sizeof cursor, "%s", next ? next : "");
		json_decref(m);
		if (!next)
			break;
	}
	assert_int_equal(seen, 5);
	json_t *errors = json_object();
	r.cursor = "o99999";
	assert_int_equal(search_request_check(&r, errors), 1);
	r.cursor = "garbage";
	r.sort = "loudest";
	assert_int_equal(search_request_check(&r, errors), 2);
	json_decref(errors);
}

/* What a person types is never FTS syntax and never an error. */
static void test_hostile(void **state)
{
	struct fixture *f = *state;
	add(f, "en", "Safe and regular pathways", "Visa options.");
	static const char *const hostile[] = {
		"\"", "\"\"", "\"unbalanced", "*", "**", "a*b*", "NEAR(", "NEAR(a b)", "-", "-safe",
		"title:safe", ":", "(", ")", "AND", "OR", "NOT safe", "safe OR", "^safe", "+safe",
		"'", "'; DROP TABLE search_doc; --", "\\", "%", "_", "{safe}", "safe\"*\"",
		"\xF0\x9F\x98\x80", "\xC3", "\xED\xA0\x80", "ـــ", "٫", "　", "safe NEAR/2 regular",
		"a b c d e f g h i j k l m n o p q r s t u v w x y z", "ＳＡＦＥ",
	};
	for (size_t i = 0; i < ARRAY_LEN(hostile); i++) {
		struct search_request r = {.q = hostile[i], .locale = "en"};
		json_t *m = search_run(f->db, &r);
		if (!m)
			fail_msg("q=\"%s\": %s", hostile[i], db_errmsg(f->db));
		json_decref(m);
	}
	char *got = found(f->db, "\"safe", NULL);
	assert_string_not_equal(got, "");
	free(got);
	got = found(f->db, "ＳＡＦＥ", NULL); /* full-width letters fold */
	assert_string_not_equal(got, "");
	free(got);
	/* every word is there: NEAR is a word too, not an operator */
	expect_none(f->db, "safe NEAR regular");
}

/* q= on the commitments' list uses the same index. */
static void test_list_q(void **state)
{
	struct fixture *f = *state;
	int64_t a = add(f, "fr", "Intégration des réfugiés", "Cours de langue.");
	add(f, "fr", "Autre chose", "Rien à voir.");
	struct commitment_filter filter = {.q = "refugie"};
	json_t *m = commitments_list(f->db, "fr", &filter);
	assert_non_null(m);
	assert_int_equal(json_integer_value(json_object_get(m, "total")), 1);
	json_t *c = json_array_get(json_object_get(m, "commitments"), 0);
	assert_int_equal(json_integer_value(json_object_get(c, "id")), a);
	json_decref(m);
	filter.q = "\"NEAR( *";
	m = commitments_list(f->db, "fr", &filter);
	assert_non_null(m); /* no word: no filter, and no error */
	json_decref(m);
	/* with a scope filter too */
	struct commitment_filter f2 = {.q = "refugie", .objective = 3};
	m = commitments_list(f->db, "fr", &f2);
	assert_int_equal(json_integer_value(json_object_get(m, "total")), 1);
	json_decref(m);
}

/* An excerpt shows a Markdown text's words, not its marks. */
static void test_excerpt_markdown(void **state)
{
	struct fixture *f = *state;
	add(f, "fr", "Accueil", "## Objet\n\n**Des guichets** pour les `réfugiés`, voir "
	                        "[le plan](https://example.org/plan).");
	struct search_request r = {.q = "refugies", .locale = "fr"};
	json_t *m = search_run(f->db, &r);
	char *s = json_dumps(json_object_get(json_array_get(json_object_get(m, "results"), 0),
	                                     "excerpt"), JSON_COMPACT);
	assert_null(strstr(s, "**"));
	assert_null(strstr(s, "https"));
	assert_null(strstr(s, "#"));
	assert_non_null(strstr(s, "{\"text\":\"réfugiés\",\"hit\":true}"));
	assert_non_null(strstr(s, "le plan"));
	free(s);
	json_decref(m);
}

/* ---- Countries as people type them ----------------------------------------------- */

static void test_aliases(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *typed, *iso3;
	} cases[] = {
		{"Laos", "LAO"}, {"USA", "USA"}, {"Vietnam", "VNM"}, {"Turkey", "TUR"},
		{"Turquie", "TUR"}, {"South Korea", "KOR"}, {"Corée du Sud", "KOR"},
		{"coree du sud", "KOR"}, {"Cape Verde", "CPV"}, {"Cap-Vert", "CPV"},
		{"Cap Vert", "CPV"}, {"Czech Republic", "CZE"}, {"Moldavie", "MDA"},
		{"Birmanie", "MMR"}, {"Etats Unis", "USA"}, {"États-Unis", "USA"},
		{"cote d ivoire", "CIV"}, {"Côte d'Ivoire", "CIV"}, {"COTEDIVOIRE", "CIV"},
		{"Burma", "MMR"}, {"Южная Корея", "KOR"}, {"EEUU", "USA"}, {"南韩", "KOR"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		json_t *m = countries_search(f->db, "en", cases[i].typed, NULL);
		assert_non_null(m);
		json_t *list = json_object_get(m, "countries");
		bool ok = json_array_size(list) == 1 &&
		          strcmp(json_string_value(json_object_get(json_array_get(list, 0), "iso3")),
		                 cases[i].iso3) == 0;
		if (!ok) {
			char *s = json_dumps(list, JSON_COMPACT);
			fail_msg("\"%s\": want only %s, got %s", cases[i].typed, cases[i].iso3, s);
		}
		json_decref(m);
		/* the search finds the country document too */
		char *got = found(f->db, cases[i].typed, "country");
		if (!strstr(got, cases[i].iso3))
			fail_msg("search \"%s\": want %s, got \"%s\"", cases[i].typed, cases[i].iso3, got);
		free(got);
		/* and a name typed whole resolves, as a form or an import needs */
		char iso3[4];
		if (countries_resolve(f->db, cases[i].typed, iso3) == 1)
			assert_string_equal(iso3, cases[i].iso3);
	}
	char iso3[4];
	assert_int_equal(countries_resolve(f->db, "cote d'ivoire", iso3), 1);
	assert_string_equal(iso3, "CIV");
	assert_int_equal(countries_resolve(f->db, "mar", iso3), 1);
	assert_string_equal(iso3, "MAR");
	assert_int_equal(countries_resolve(f->db, "Atlantis", iso3), 0);
	/* Laos is not Palau (Palaos in French) */
	json_t *m = countries_search(f->db, "fr", "Palaos", NULL);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(json_object_get(m, "countries"), 0), "iso3")), "PLW");
	json_decref(m);
}

/* The whole index rebuilt from the tables finds the same, a submitted
 * voluntary review's latest version among them. */
static void test_reindex(void **state)
{
	struct fixture *f = *state;
	int64_t id = add(f, "fr", "Reconnaissance des diplômes", "Équivalences.");
	int64_t state_actor = 0, review = 0;
	assert_int_equal(db_scalar_int(f->db, &state_actor, 0, "SELECT id FROM actor WHERE kind = "
	                               "'state' AND country_iso3 = 'MAR'", DB_ARGS()), 0);
	json_t *narratives = json_pack("{s:s}", "7", "Lighthouses guided mariners.");
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(reviews_insert_submitted(f->db, "imrf-2026", "MAR", state_actor,
	                 "Caravanserais welcomed wayfarers.", narratives,
	                 "2026-03-01T12:00:00.000Z", "sample", &review), 0);
	assert_int_equal(db_commit(f->db), 0);
	json_decref(narratives);
	char *got = found(f->db, "lighthouse", "review");
	assert_string_equal(got, "imrf-2026/MAR");
	free(got);
	char err[256];
	long n = reindex_all(f->db, err, sizeof err);
	if (n < 0)
		fail_msg("%s", err);
	assert_true(n > 195);
	expect(f->db, "diplome", id);
	got = found(f->db, "caravanserais", "review");
	assert_string_equal(got, "imrf-2026/MAR");
	free(got);
	assert_int_equal(search_built(f->db), 1);
}

/* The facets' rows of document (kind, ref), "facet=value" sorted, one a line. */
static char *facet_rows(struct db *db, const char *kind, const char *ref)
{
	json_t *rows = db_json_rows(db, "SELECT f.facet, f.value FROM search_facet f JOIN search_doc d "
	                            "ON d.id = f.doc WHERE d.kind = $1 AND d.ref = $2 "
	                            "ORDER BY f.facet, f.value", DB_ARGS(DB_TEXT(kind), DB_TEXT(ref)));
	assert_non_null(rows);
	struct buf b;
	buf_init(&b, BUF_MAX_LINE);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		buf_printf(&b, "%s=%s\n", json_string_value(json_object_get(r, "facet")),
		           json_string_value(json_object_get(r, "value")));
	json_decref(rows);
	size_t len;
	char *s = buf_detach(&b, &len);
	return s ? s : xstrdup("");
}

/* A document written again changes only what changed (issue 19, item 6),
 * and still ends as if written anew: its facets' rows are the new facets,
 * its terms the new texts', its date the new one. */
static void test_rewrite(void **state)
{
	struct fixture *f = *state;
	struct search_text t = {"en", "Rewritten lighthouse", "Keepers of the light."};
	struct search_facet fa[] = {{"status", "planned"}, {"level", "national"},
	                            {"country", "MAR"}, {"country", "MAR"}, {"year", ""}};
	struct search_doc d = {.kind = "rewritetest", .ref = "r1", .num = 1, .lang = "en",
	                       .date = "2026-01-01", .texts = &t, .ntexts = 1, .facets = fa,
	                       .nfacets = 5};
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(search_index_put(f->db, &d), 0);
	assert_int_equal(db_commit(f->db), 0);
	char *got = facet_rows(f->db, "rewritetest", "r1");
	assert_string_equal(got, "country=MAR\nlevel=national\nstatus=planned\n");
	free(got);
	/* the same texts, one facet changed, one gone, one new, a new date */
	struct search_facet fb[] = {{"status", "in_progress"}, {"country", "MAR"},
	                            {"objective", "7"}};
	d.facets = fb;
	d.nfacets = 3;
	d.date = "2026-02-01";
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(search_index_put(f->db, &d), 0);
	assert_int_equal(db_commit(f->db), 0);
	got = facet_rows(f->db, "rewritetest", "r1");
	assert_string_equal(got, "country=MAR\nobjective=7\nstatus=in_progress\n");
	free(got);
	assert_int_equal(scratch_scalar(f->db, "SELECT count(*) FROM search_doc WHERE kind = "
	                                "'rewritetest' AND sort_date = '2026-02-01'", NO_ARGS), 1);
	got = found(f->db, "lighthouse", "rewritetest");
	assert_string_equal(got, "r1");
	free(got);
	/* new texts: the old words no longer find it, the new ones do */
	t = (struct search_text){"en", "Rewritten caravanserai", "Wayfarers rest."};
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(search_index_put(f->db, &d), 0);
	assert_int_equal(db_commit(f->db), 0);
	got = found(f->db, "lighthouse", "rewritetest");
	assert_string_equal(got, "");
	free(got);
	got = found(f->db, "caravanserai", "rewritetest");
	assert_string_equal(got, "r1");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terms),
		cmocka_unit_test(test_excerpt),
		cmocka_unit_test_setup_teardown(test_relevance, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_translation, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_facets, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_facet_tally, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_page_order, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_paging, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_hostile, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_list_q, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_excerpt_markdown, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_aliases, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_reindex, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rewrite, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
