/* test_export.c — the open-data export on the shared fixture (both
 * backends): every table of the database exported or left out with a
 * reason, every public record in the package and nothing private, the
 * package's licence, time and data version, JSON Lines beside CSV, tables
 * read a page at a time, and the read snapshot that never blocks a writer.
 * (The CSV's quoting, the formula guard and the atomic files are checked
 * in test_backup.c.) */
#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"

#include "buf.h"
#include "db.h"
#include "export.h"
#include "fixture.h"
#include "progress.h"
#include "util.h"

#define CREATED "2026-12-06T08:00:00Z"

/* ---- Helpers ------------------------------------------------------------- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: cannot open", path);
	struct buf b;
	buf_init(&b, (size_t)64 << 20);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	return b.data ? buf_detach(&b, NULL) : xstrdup("");
}

static char *in_dir(const char *dir, const char *name)
{
	struct buf b;
	buf_init(&b, PATH_MAX);
	buf_printf(&b, "%s/%s", dir, name);
	return buf_detach(&b, NULL);
}

static int remove_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void make_temp_dir(char dir[64])
{
	snprintf(dir, 64, "/tmp/pacte-test-export-XXXXXX");
	assert_non_null(mkdtemp(dir));
}

static size_t count_lines(const char *text, const char *eol)
{
	size_t n = 0;
	for (const char *c = text; (c = strstr(c, eol)); c += strlen(eol))
		n++;
	return n;
}

/* The database's tables, whatever the backend. */
static json_t *database_tables(struct db *db)
{
	const char *sql = db_dialect(db) == DB_SQLITE
		? "SELECT name FROM sqlite_master WHERE type = 'table' "
		  "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
		: "SELECT table_name::text AS name FROM information_schema.tables "
		  "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
	json_t *rows = db_json_rows(db, sql, NO_ARGS);
	assert_non_null(rows);
	return rows;
}

/* A commitment with everything a commitment may hold, and a progress
 * update with an indicator value and evidence. */
static int64_t full_commitment(struct fixture *f)
{
	json_t *changes = json_pack("{s:s, s:[I], s:[{s:s, s:s, s:s}]}", "kind", "common",
	                            "participants", (json_int_t)f->partner,
	                            "translations", "lang", "en", "title", "Twelve welcome desks",
	                            "description", "A network of desks.");
	int64_t id = create_with(f->db, f->mar, changes);
	int64_t indicator = scalar(f->db, "SELECT id FROM commitment_indicator WHERE "
	                           "commitment_id = $1", DB_ARGS(DB_INT(id)));
	json_t *update = json_pack("{s:s, s:i, s:s, s:[{s:I, s:f}], s:[s]}", "status", "in_progress",
	                           "percent", 40, "narrative", "Four desks open.",
	                           "indicator_values", "indicator_id", (json_int_t)indicator,
	                           "value", 610.5, "evidence", "https://example.org/report");
	json_t *errors = json_object();
	enum outcome o = progress_add(f->db, NULL, id, update, errors, NULL, NULL);
	if (o != OUTCOME_OK) {
		char *e = json_dumps(errors, 0);
		fail_msg("progress_add: %d %s", o, e);
	}
	json_decref(update);
	json_decref(errors);
	return id;
}

/* ---- Every table decided ---------------------------------------------------- */

/* A migration that adds a table fails here until the table is exported
 * (export_tables.c) or left out with a reason (export_excluded). */
static void test_every_table_decided(void **state)
{
	struct fixture *f = *state;
	json_t *tables = database_tables(f->db);
	size_t i;
	json_t *t;
	json_array_foreach(tables, i, t) {
		const char *name = json_string_value(json_object_get(t, "name"));
		const char *why = export_exclusion(name);
		if (!export_publishes(name) && !why)
			fail_msg("table %s is neither exported (src/domain/export_tables.c) nor "
			         "excluded with a reason (export_excluded)", name);
		if (export_publishes(name) && why)
			fail_msg("table %s is both exported and excluded", name);
		if (why)
			assert_true(strlen(why) > 10);
	}
	/* And nothing listed that the database does not hold. */
	for (size_t k = 0; k < export_table_count(); k++) {
		bool found = false;
		json_array_foreach(tables, i, t)
			found = found || strcmp(json_string_value(json_object_get(t, "name")),
			                        export_table_name(k)) == 0;
		if (!found)
			fail_msg("export_tables names %s, which the database does not hold",
			         export_table_name(k));
	}
	json_decref(tables);
}

/* ---- The package ------------------------------------------------------------ */

static void test_package(void **state)
{
	struct fixture *f = *state;
	int64_t id = full_commitment(f);
	char dir[64], err[1024] = "";
	make_temp_dir(dir);
	struct export_options opt = {.created = CREATED, .homepage = "https://pacte.example"};
	struct export_stats st;
	assert_int_equal(export_write(f->db, dir, &opt, &st, err, sizeof err), 0);
	assert_int_equal(st.tables, (int64_t)export_table_count());
	assert_int_equal(st.files, 2 * st.tables + 1);
	assert_int_equal(st.data_version, db_data_version(f->db));

	char *p = in_dir(dir, "datapackage.json");
	json_error_t je;
	json_t *pkg = json_load_file(p, 0, &je);
	free(p);
	assert_non_null(pkg);
	assert_string_equal(json_string_value(json_object_get(pkg, "created")), CREATED);
	assert_string_equal(json_string_value(json_object_get(pkg, "homepage")),
	                    "https://pacte.example");
	assert_int_equal(json_integer_value(json_object_get(pkg, "data_version")), st.data_version);
	json_t *lic = json_array_get(json_object_get(pkg, "licenses"), 0);
	assert_string_equal(json_string_value(json_object_get(lic, "name")), "CC-BY-4.0");
	assert_non_null(strstr(json_string_value(json_object_get(lic, "path")), "by/4.0"));

	/* Each resource: its file's size, its rows, a header or lines to match. */
	size_t i;
	json_t *res;
	int64_t rows = 0;
	json_array_foreach(json_object_get(pkg, "resources"), i, res) {
		const char *path = json_string_value(json_object_get(res, "path"));
		char *file = in_dir(dir, path);
		char *text = slurp(file);
		int64_t n = json_integer_value(json_object_get(res, "rows"));
		assert_int_equal((int64_t)strlen(text), json_integer_value(json_object_get(res, "bytes")));
		json_t *fields = json_object_get(json_object_get(res, "schema"), "fields");
		assert_true(json_array_size(fields) > 0);
		if (strcmp(json_string_value(json_object_get(res, "format")), "csv") == 0) {
			rows += n;
			/* Records may hold line breaks inside quotes: count by the
			 * JSON Lines twin instead, and check the header here. */
			const char *first = json_string_value(json_object_get(json_array_get(fields, 0),
			                                                      "name"));
			assert_true(str_starts(text, first));
		} else {
			assert_int_equal((int64_t)count_lines(text, "\n"), n);
			/* Every line an object with the schema's fields, in order. */
			const char *line = text;
			for (int64_t k = 0; k < n; k++) {
				json_t *o = json_loadb(line, strcspn(line, "\n"), 0, &je);
				assert_non_null(o);
				assert_int_equal(json_object_size(o), json_array_size(fields));
				size_t fi;
				json_t *fd;
				json_array_foreach(fields, fi, fd)
					assert_non_null(json_object_get(o, json_string_value(
						json_object_get(fd, "name"))));
				json_decref(o);
				line = strchr(line, '\n') + 1;
			}
		}
		free(text);
		free(file);
	}
	assert_int_equal(rows, st.rows);

	/* The full commitment is there, with everything it holds. */
	static const char *const holders[] = {
		"commitment", "commitment_objective", "commitment_principle", "commitment_country",
		"commitment_participant", "commitment_translation", "commitment_deliverable",
		"commitment_indicator", "progress_update", "progress_indicator_value",
		"progress_evidence",
	};
	for (size_t k = 0; k < ARRAY_LEN(holders); k++) {
		char name[64];
		snprintf(name, sizeof name, "%s.jsonl", holders[k]);
		char *file = in_dir(dir, name);
		char *text = slurp(file);
		if (!strstr(text, "{\"id\":") && !strstr(text, "\"commitment_id\":") &&
		    !strstr(text, "\"update_id\":"))
			fail_msg("%s holds no row", name);
		free(text);
		free(file);
	}
	char *file = in_dir(dir, "progress_indicator_value.jsonl");
	char *text = slurp(file);
	assert_non_null(strstr(text, "\"value\":610.5"));
	free(text);
	free(file);
	file = in_dir(dir, "commitment_translation.csv");
	text = slurp(file);
	char want[96];
	snprintf(want, sizeof want, "\r\n%lld,en,Twelve welcome desks,", (long long)id);
	assert_non_null(strstr(text, want));
	free(text);
	free(file);

	/* Nothing private anywhere: no e-mail, no account, no pending partner. */
	static const char *const private[] = {"@mar.example", "@pending.example", "Pending Org",
	                                      "$argon2", "author_user_id", "search_key",
	                                      "operators", "token"};
	DIR *d = opendir(dir);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *fp = in_dir(dir, e->d_name);
		char *body = slurp(fp);
		for (size_t k = 0; k < ARRAY_LEN(private); k++)
			if (strstr(body, private[k]) && strcmp(e->d_name, "datapackage.json") != 0)
				fail_msg("%s holds %s", e->d_name, private[k]);
		free(body);
		free(fp);
	}
	closedir(d);

	/* Another licence, and the same bytes for the same data. */
	char dir2[64];
	make_temp_dir(dir2);
	opt.licence = export_licence_find("etalab-2.0");
	assert_non_null(opt.licence);
	assert_int_equal(export_write(f->db, dir2, &opt, NULL, err, sizeof err), 0);
	char *a = in_dir(dir, "commitment.csv"), *b = in_dir(dir2, "commitment.csv");
	char *ta = slurp(a), *tb = slurp(b);
	assert_string_equal(ta, tb);
	free(ta);
	free(tb);
	free(a);
	free(b);
	p = in_dir(dir2, "datapackage.json");
	text = slurp(p);
	assert_non_null(strstr(text, "\"name\": \"etalab-2.0\""));
	free(text);
	free(p);
	assert_null(export_licence_find("GPL-3.0"));
	assert_non_null(export_licence_find("cc-by-4.0"));

	json_decref(pkg);
	nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
	nftw(dir2, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* ---- Pages -------------------------------------------------------------------- */

/* More rows than one page (2,000): every row once, in key order. */
static void test_pages(void **state)
{
	struct fixture *f = *state;
	int64_t id = create_with(f->db, f->mar, NULL);
	assert_int_equal(db_exec(f->db, "DELETE FROM commitment_deliverable WHERE commitment_id = $1",
	                         DB_ARGS(DB_INT(id))), 1);
	assert_int_equal(db_exec(f->db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
	                         "FROM n WHERE i < 4500) INSERT INTO commitment_deliverable "
	                         "(commitment_id, position, text) SELECT $1, i, 'step ' || i FROM n",
	                         DB_ARGS(DB_INT(id))), 4500);
	char dir[64], err[1024] = "";
	make_temp_dir(dir);
	struct export_options opt = {.format = EXPORT_JSONL, .created = CREATED};
	assert_int_equal(export_write(f->db, dir, &opt, NULL, err, sizeof err), 0);
	char *p = in_dir(dir, "commitment_deliverable.jsonl");
	char *text = slurp(p);
	assert_int_equal(count_lines(text, "\n"), 4500);
	int64_t expect = 1;
	for (const char *line = text; *line; line = strchr(line, '\n') + 1) {
		json_error_t je;
		json_t *o = json_loadb(line, strcspn(line, "\n"), 0, &je);
		assert_int_equal(json_integer_value(json_object_get(o, "commitment_id")), id);
		assert_int_equal(json_integer_value(json_object_get(o, "position")), expect++);
		json_decref(o);
	}
	free(text);
	free(p);
	/* CSV only this time: no JSON Lines file. */
	p = in_dir(dir, "commitment.csv");
	assert_int_equal(access(p, F_OK), -1);
	free(p);
	nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* ---- Good practices ---------------------------------------------------------- */

/* A practice as the review leaves it: status and title given. */
static int64_t practice_row(struct fixture *f, const char *status, const char *title)
{
	assert_int_equal(db_exec(f->db, "INSERT INTO practice (actor_id, title, sort_title, summary, "
	                         "start_year, level, type, lang, status, text_updated_at, created_at, "
	                         "updated_at, published_at) VALUES ($1, $2, $2, 'A summary.', 2020, "
	                         "'national', 'programme', 'fr', $3, '2026-01-02T03:04:05.000Z', "
	                         "'2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05.000Z', "
	                         "'2026-01-02T03:04:05.000Z')",
	                         DB_ARGS(DB_INT(f->mar), DB_TEXT(title), DB_TEXT(status))), 1);
	int64_t id = scalar(f->db, "SELECT id FROM practice WHERE title = $1", DB_ARGS(DB_TEXT(title)));
	assert_int_equal(db_exec(f->db, "INSERT INTO practice_objective (practice_id, objective) "
	                         "VALUES ($1, 7)", DB_ARGS(DB_INT(id))), 1);
	return id;
}

static void translation_row(struct fixture *f, int64_t practice, const char *lang,
                            const char *status, const char *title)
{
	assert_int_equal(db_exec(f->db, "INSERT INTO practice_translation (practice_id, lang, title, "
	                         "summary, status, source_updated_at, created_at) VALUES ($1, $2, $3, "
	                         "'S.', $4, '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05.000Z')",
	                         DB_ARGS(DB_INT(practice), DB_TEXT(lang), DB_TEXT(title),
	                                 DB_TEXT(status))), 1);
}

/* Published practices and their approved translations leave; a draft, a
 * practice in review, a proposed translation and the review stay. */
static void test_practices(void **state)
{
	struct fixture *f = *state;
	int64_t pub = practice_row(f, "published", "Guichets d'intégration");
	practice_row(f, "draft", "Brouillon secret");
	int64_t rev = practice_row(f, "in_review", "En revue secrète");
	translation_row(f, pub, "en", "approved", "Integration desks");
	translation_row(f, pub, "es", "proposed", "Propuesta no aprobada");
	translation_row(f, rev, "en", "approved", "Under review, translated");
	assert_int_equal(db_exec(f->db, "INSERT INTO practice_message (practice_id, round, kind, body, "
	                         "created_at) VALUES ($1, 1, 'question', 'Question privée', "
	                         "'2026-01-02T03:04:05.000Z')", DB_ARGS(DB_INT(rev))), 1);
	char dir[64], err[1024] = "";
	make_temp_dir(dir);
	struct export_options opt = {.format = EXPORT_JSONL, .created = CREATED};
	assert_int_equal(export_write(f->db, dir, &opt, NULL, err, sizeof err), 0);
	static const struct {
		const char *file, *present;
	} want[] = {
		{"practice.jsonl", "Guichets d'intégration"},
		{"practice_objective.jsonl", "\"objective\":7"},
		{"practice_translation.jsonl", "Integration desks"},
	};
	static const char *const absent[] = {"Brouillon secret", "En revue secr",
	                                     "Propuesta no aprobada", "Under review, translated",
	                                     "Question priv", "\"status\""};
	for (size_t k = 0; k < ARRAY_LEN(want); k++) {
		char *p = in_dir(dir, want[k].file);
		char *text = slurp(p);
		if (!strstr(text, want[k].present))
			fail_msg("%s lacks %s", want[k].file, want[k].present);
		assert_int_equal(count_lines(text, "\n"), 1);
		for (size_t a = 0; a < ARRAY_LEN(absent); a++)
			if (strstr(text, absent[a]))
				fail_msg("%s holds %s", want[k].file, absent[a]);
		free(text);
		free(p);
	}
	nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* ---- The snapshot --------------------------------------------------------------- */

/* A read transaction sees one snapshot and never makes a writer wait. */
static void test_snapshot(void **state)
{
	struct fixture *f = *state;
	struct db *reader = scratch_connect(&f->s);
	assert_int_equal(db_begin_read(reader), 0);
	int64_t before = scalar(reader, "SELECT count(*) FROM commitment", NO_ARGS);
	int64_t version = db_data_version(reader);
	create_with(f->db, f->mar, NULL);           /* a writer, committed meanwhile */
	assert_int_equal(scalar(reader, "SELECT count(*) FROM commitment", NO_ARGS), before);
	assert_int_equal(db_data_version(reader), version);
	db_rollback(reader);
	assert_int_equal(scalar(reader, "SELECT count(*) FROM commitment", NO_ARGS), before + 1);
	assert_true(db_data_version(reader) > version);
	db_close(reader);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_table_decided, fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_package, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_pages, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_practices, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_snapshot, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
