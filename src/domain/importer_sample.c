/* importer_sample.c — the sample data `pacte init --sample` loads: two
 * fictitious partners, then the CSV files of data/sample through the
 * importer. */
#include <stdio.h>
#include <string.h>

#include "actors.h"
#include "audit.h"
#include "buf.h"
#include "changelog.h"
#include "db.h"
#include "embed.h"
#include "importer.h"
#include "text.h"
#include "util.h"

/* ---- The sample data ------------------------------------------------------------ */

static const struct {
	const char *name;
	const char *type;
	const char *country;
	const char *description;
} sample_partners[] = {
	{"Réseau d'associations de travailleurs migrants (exemple)", "migrants_organisation", "SEN",
	 "Sample data: a fictitious network, created by pacte init --sample."},
	{"Open University of Migration Studies (sample)", "academia", NULL,
	 "Sample data: a fictitious university, created by pacte init --sample."},
};

static int ensure_sample_partners(struct db *db)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	for (size_t i = 0; i < ARRAY_LEN(sample_partners); i++) {
		int64_t n;
		if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM actor WHERE name = $1",
		                  DB_ARGS(DB_TEXT(sample_partners[i].name))) < 0)
			return -1;
		if (n > 0)
			continue;
		struct buf key;
		buf_init(&key, 1024);
		text_fold(sample_partners[i].name, strlen(sample_partners[i].name), &key);
		struct db_res *res = db_query(db, "INSERT INTO actor (kind, name, search_key, "
		                     "partner_type, country_iso3, status, description, decided_at, "
		                     "created_at, origin) VALUES ('partner', $1, $2, $3, $4, "
		                     "'accredited', $5, $6, $6, 'sample') RETURNING id",
		                     DB_ARGS(DB_TEXT(sample_partners[i].name), DB_TEXT(buf_str(&key)),
		                             DB_TEXT(sample_partners[i].type),
		                             DB_TEXT(sample_partners[i].country),
		                             DB_TEXT(sample_partners[i].description), DB_TEXT(now)));
		buf_release(&key);
		if (!res || db_next(res) != 1) {
			db_res_free(res);
			return -1;
		}
		char oid[24];
		int64_t actor_id = db_int(res, 0);
		snprintf(oid, sizeof oid, "%lld", (long long)actor_id);
		db_res_free(res);
		if (actors_index(db, actor_id) < 0 || changelog_note(db, CHANGE_KIND_ACTOR, actor_id) < 0)
			return -1;
		json_t *changes = json_pack("{s:{s:n, s:s}, s:{s:n, s:s}}", "name", "before", "after",
		                            sample_partners[i].name, "origin", "before", "after",
		                            "sample");
		struct audit_event e = {.action = "actor.create_sample", .object_type = "actor",
		                        .object_id = oid, .changes = changes, .channel = "cli"};
		int rc = audit_append(db, &e);
		json_decref(changes);
		if (rc < 0)
			return -1;
	}
	return 0;
}

enum outcome import_sample(struct db *db, struct buf *errors, struct import_result *r)
{
	if (r)
		*r = (struct import_result){0};
	const struct embed_file *c = embed_find("data/sample/commitments.csv");
	const struct embed_file *p = embed_find("data/sample/progress.csv");
	int64_t n;
	if (!c || !p) {
		buf_puts(errors, "data/sample: not embedded in this binary\n");
		return OUTCOME_ERROR;
	}
	if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM commitment WHERE origin = 'sample'",
	                  NO_ARGS) < 0)
		return OUTCOME_ERROR;
	if (n > 0)
		return OUTCOME_OK;
	if (db_begin(db) < 0)
		return OUTCOME_ERROR;
	if (ensure_sample_partners(db) < 0) {
		db_rollback(db);
		return OUTCOME_ERROR;
	}
	if (db_commit(db) < 0)
		return OUTCOME_ERROR;
	struct import_options o = {.filename = c->name, .origin = "sample", .updates = p->data,
	                           .updates_len = p->len, .updates_filename = p->name};
	return import_commitments(db, c->data, c->len, IMPORT_CSV, &o, errors, r);
}
