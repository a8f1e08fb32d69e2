/* importer.c — commitments (and their updates) from CSV or JSON: every
 * record turned into the input the web form gives, validated by the same
 * functions, every problem listed as FILE:LINE: field: reason, then all
 * written in one transaction or nothing at all.
 *
 * This file holds the import itself (records, validation, the write); the
 * readers of each format are importer_read.c, the sample data
 * importer_sample.c, what they share importer_impl.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "buf.h"
#include "commitments.h"
#include "countries.h"
#include "db.h"
#include "fields.h"
#include "i18n.h"
#include "importer.h"
#include "importer_impl.h"
#include "permission.h"
#include "progress.h"
#include "text.h"
#include "users.h"
#include "util.h"
#include "validate.h"

#define PROGRESS_MIN_RECORDS 1000

static const char MSG_DENIED[] = N_("You may not create commitments for this actor.");
static const char MSG_MATCHES_UNKNOWN[] = N_("No commitment has this number.");

/* ---- Messages and progress ---------------------------------------------------- */

/* One problem: "file:line: field: message". The field is shown on one
 * line whatever bytes it holds, as it may be a column's name from the
 * file. Past IMPORT_MAX_ERRORS problems are counted, not listed. */
__attribute__((format(printf, 5, 0)))
static void vproblem(struct import *im, const char *file, size_t line, const char *field,
                     const char *fmt, va_list ap)
{
	im->nerrors++;
	if (im->nerrors > IMPORT_MAX_ERRORS || !im->errors)
		return;
	buf_printf(im->errors, "%s:%zu: ", file, line);
	text_printable(field, strlen(field), 80, im->errors);
	buf_puts(im->errors, ": ");
	buf_vprintf(im->errors, fmt, ap);
	buf_putc(im->errors, '\n');
}

/* A problem in the main file. */
void importer_problem(struct import *im, size_t line, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vproblem(im, im->filename, line, field, fmt, ap);
	va_end(ap);
}

void importer_say(struct import *im, const char *file, size_t line, const char *field,
                  const char *msgid, json_t *args)
{
	char *msg = valid_format(im->o->locale, msgid, args);
	importer_problem_in(im, file ? file : im->filename, line, field, "%s", msg);
	free(msg);
	json_decref(args);
}

/* A problem in the given file (the updates file, or either for an update). */
void importer_problem_in(struct import *im, const char *file, size_t line, const char *field,
                         const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vproblem(im, file, line, field, fmt, ap);
	va_end(ap);
}

/* A cell worth quoting after a message: short, valid, printable. */
static bool quotable(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 80 || !utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20)
			return false;
	return true;
}

static void progress_bar(const struct import *im, const char *what, size_t done, size_t total)
{
	if (!im->o->progress || total <= PROGRESS_MIN_RECORDS)
		return;
	if (done != total && done % 500 != 0)
		return;
	int pct = (int)(done * 100 / total);
	char bar[41];
	memset(bar, '#', (size_t)(pct * 40 / 100));
	memset(bar + pct * 40 / 100, '.', 40 - (size_t)(pct * 40 / 100));
	bar[40] = '\0';
	fprintf(stderr, "\r%-10s [%s] %3d%% %zu/%zu", what, bar, pct, done, total);
	if (done == total)
		fputc('\n', stderr);
}

/* ---- Records -------------------------------------------------------------------- */

struct record *importer_new_record(struct import *im, size_t line)
{
	if (im->nrecs == im->cap)
		im->recs = xrealloc(im->recs, (im->cap = im->cap ? 2 * im->cap : 256) *
		                                  sizeof(*im->recs));
	struct record *r = &im->recs[im->nrecs++];
	*r = (struct record){.line = line, .input = json_object(), .updates = json_array()};
	return r;
}

/* Registers a record's ref; a second record with the same one is refused. */
void importer_set_ref(struct import *im, struct record *r, const char *ref)
{
	if (!ref || !*ref)
		return;
	if (json_object_get(im->refs_index, ref)) {
		struct buf shown;
		buf_init(&shown, BUF_MAX_LINE);
		text_printable(ref, strlen(ref), 60, &shown);
		importer_say(im, NULL, r->line, "ref", N_("another record of the file has this ref (\"{ref}\")"),
		             json_pack("{s:s}", "ref", buf_str(&shown)));
		buf_release(&shown);
		return;
	}
	json_object_set_new(im->refs_index, ref, json_integer((json_int_t)(r - im->recs)));
}

static void free_records(struct import *im)
{
	for (size_t i = 0; i < im->nrecs; i++) {
		json_decref(im->recs[i].input);
		json_decref(im->recs[i].updates);
		json_decref(im->recs[i].clean);
		json_decref(im->recs[i].clean_updates);
	}
	free(im->recs);
}

/* Resolves the owner and the participants (names, ISO3 codes or ids) into
 * the ids the validation expects; complains about the ones that match no
 * actor. */
static void resolve_actors(struct import *im, struct record *r)
{
	json_t *owner = json_object_get(r->input, "owner");
	if (owner && !json_is_null(owner)) {
		json_int_t id = 0;
		if (json_is_integer(owner)) {
			char s[24];
			snprintf(s, sizeof s, "%lld", (long long)json_integer_value(owner));
			id = commitment_refs_actor(im->refs, s);
		} else if (json_is_string(owner) && *json_string_value(owner)) {
			id = commitment_refs_actor(im->refs, json_string_value(owner));
		}
		if (id)
			json_object_set_new(r->input, "owner_actor_id", json_integer(id));
		else
			json_object_set_new(r->input, "owner_actor_id", json_string("unknown"));
	}
	json_t *parts = json_object_get(r->input, "participants");
	if (!json_is_array(parts))
		return;
	size_t i;
	json_t *v;
	json_array_foreach(parts, i, v) {
		const char *s = json_string_value(v);
		if (!s)
			continue;
		json_int_t id = commitment_refs_actor(im->refs, s);
		json_array_set_new(parts, i, id ? json_integer(id) : json_string("unknown"));
	}
}

/* Countries may be written as people type them ("Côte d'Ivoire",
 * "USA", "Turquie"): each one a name or alias matches exactly
 * (countries_resolve) becomes its ISO3 code; anything else is left as
 * written for the validation to refuse. -1 on a database error. */
static int resolve_countries(struct import *im, struct record *r)
{
	json_t *list = json_object_get(r->input, "countries");
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		char iso3[4];
		const char *s = json_string_value(v);
		int n = s ? countries_resolve(im->db, s, iso3) : 0;
		if (n < 0)
			return -1;
		if (n == 1)
			json_array_set_new(list, i, json_string(iso3));
	}
	return 0;
}

/* The file's own name for a field the validation names. */
static const char *file_field(const struct record *r, const char *field)
{
	if (strcmp(field, "owner_actor_id") == 0 && json_object_get(r->input, "owner"))
		return "owner";
	return field;
}

static const char *cell_of(const struct import *im, const struct record *r, const char *field)
{
	for (size_t i = 0; r->cells && i < im->ncols; i++)
		if (strcmp(im->header[i], field) == 0)
			return r->cells[i];
	return NULL;
}

/* An error of the validation (validate.h) as text in the import's
 * locale: an import's problems are read by whoever runs it, in the file's
 * terms. New string. */
static char *error_text(const struct import *im, const json_t *e)
{
	return valid_format(im->o->locale, json_string_value(json_object_get(e, "id")),
	                    json_object_get(e, "args"));
}

static void report(struct import *im, const struct record *r, json_t *errors)
{
	const char *field;
	json_t *e;
	json_object_foreach(errors, field, e) {
		const char *name = file_field(r, field);
		const char *cell = cell_of(im, r, name);
		char *msg = error_text(im, e);
		if (quotable(cell))
			importer_problem(im, r->line, name, "%s (\"%s\")", msg, cell);
		else
			importer_problem(im, r->line, name, "%s", msg);
		free(msg);
	}
}

/* At most this many owners are named in an import's denial entry; the
 * number of records refused is always there. */
#define DENIED_OWNERS_MAX 100

static void check_permission(struct import *im, const struct record *r)
{
	if (!im->o->as || !r->clean)
		return;
	json_int_t owner = json_integer_value(json_object_get(r->clean, "owner_actor_id"));
	struct object_ref obj = {"commitment", 0, owner};
	if (can(im->o->as, ACTION_COMMITMENT_CREATE, &obj))
		return;
	importer_say(im, NULL, r->line, file_field(r, "owner_actor_id"), MSG_DENIED, NULL);
	im->denied_records++;
	size_t i;
	json_t *v;
	json_array_foreach(im->denied_owners, i, v)
		if (json_integer_value(v) == owner)
			return;
	if (json_array_size(im->denied_owners) < DENIED_OWNERS_MAX)
		json_array_append_new(im->denied_owners, json_integer(owner));
}

static int check_matches(struct import *im, const struct record *r)
{
	const json_t *m = r->clean ? json_object_get(r->clean, "matches_commitment_id") : NULL;
	if (!json_is_integer(m))
		return 0;
	int64_t n;
	if (db_scalar_int(im->db, &n, 0, "SELECT count(*) FROM commitment WHERE id = $1",
	                  DB_ARGS(DB_INT(json_integer_value(m)))) < 0)
		return -1;
	if (n == 0)
		importer_say(im, NULL, r->line, "matches_commitment_id", MSG_MATCHES_UNKNOWN, NULL);
	return 0;
}

/* Where an update came from: its own file and line (CSV), or the
 * commitment's line and its index (JSON). */
static void update_origin(const struct import *im, const struct record *r, const json_t *u,
                          size_t i, const char **file, size_t *line, char *prefix, size_t cap)
{
	const json_t *l = json_object_get(u, "_line");
	*file = json_is_integer(l) ? im->o->updates_filename : im->filename;
	*line = json_is_integer(l) ? (size_t)json_integer_value(l) : r->line;
	if (json_is_integer(l))
		snprintf(prefix, cap, "%s", "");
	else
		snprintf(prefix, cap, "updates[%zu].", i);
}

static const char MSG_VALUES_SHAPE[] =
	N_("Each indicator value names its indicator by its place in the commitment's list (1 for the first): in JSON [{\"indicator_id\": 1, \"value\": 40}], in CSV 1=40;3=12.");
static const char MSG_VALUES_PLACE[] =
	N_("The commitment has {max} indicators: an indicator value names one of them, from 1 to {max}.");

/* One CSV item "N=VALUE" as {indicator_id: N, value: VALUE} (the value
 * left as text for progress_validate); NULL when it is not that. */
static json_t *csv_value(const char *s)
{
	const char *eq = strchr(s, '=');
	int64_t n;
	if (!eq || eq == s)
		return NULL;
	char num[24];
	size_t len = (size_t)(eq - s);
	if (len >= sizeof num)
		return NULL;
	memcpy(num, s, len);
	num[len] = '\0';
	if (parse_int64(num, 1, INT64_MAX, &n) < 0)
		return NULL;
	return json_pack("{s:I, s:s}", "indicator_id", (json_int_t)n, "value", eq + 1);
}

/* Indicator values as the import file gives them — the API's shape, each
 * naming its indicator by its place in the record's list — checked to
 * name one of its nindicators, then left for progress_validate; the
 * places become ids once the commitment exists (write_record). CSV items
 * "N=VALUE" are turned into that shape first. Returns 0, or -1 after
 * adding the error (naming the shape) to errors. */
static int keyed_values(json_t *u, size_t nindicators, json_t *errors)
{
	json_t *v = json_object_get(u, "indicator_values");
	if (!v || json_is_null(v))
		return 0;
	json_t *list = json_is_string(v) ? fields_list(v) : json_incref(v), *out = json_array();
	int rc = json_is_array(list) ? 0 : -1;
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item) {
		if (valid_blank(item))
			continue;
		json_t *kv = json_is_string(item) ? csv_value(json_string_value(item))
		                                  : json_is_object(item) ? json_incref(item) : NULL;
		json_int_t place = json_integer_value(json_object_get(kv, "indicator_id"));
		if (!kv || !json_is_integer(json_object_get(kv, "indicator_id"))) {
			rc = -1;
		} else if (place < 1 || (nindicators != (size_t)-1 && (size_t)place > nindicators)) {
			valid_error_int(errors, "indicator_values", MSG_VALUES_PLACE, "max",
			                (int64_t)nindicators);
			rc = -1;
		} else {
			json_array_append(out, kv);
		}
		json_decref(kv);
	}
	json_decref(list);
	json_object_set_new(u, "indicator_values", out);
	if (rc < 0)
		valid_error(errors, "indicator_values", MSG_VALUES_SHAPE);
	return rc;
}

static void validate_updates(struct import *im, struct record *r)
{
	r->clean_updates = json_array();
	/* When the commitment itself is refused its indicators are unknown:
	 * its updates' values are checked for form only. */
	size_t nind = r->clean ? json_array_size(json_object_get(r->clean, "indicators")) :
	              (size_t)-1;
	size_t i;
	json_t *u;
	json_array_foreach(r->updates, i, u) {
		const char *file;
		size_t line;
		char prefix[48];
		update_origin(im, r, u, i, &file, &line, prefix, sizeof prefix);
		json_t *in = json_is_object(u) ? json_copy(u) : json_object();
		json_object_del(in, "_line");
		json_t *errors = json_object(), *clean = NULL;
		if (!json_is_object(u))
			valid_error(errors, "(update)", N_("Expected an object."));
		else if (json_object_get(in, "corrects"))
			valid_error(errors, "corrects", N_("Corrections cannot be imported."));
		else if (keyed_values(in, nind, errors) < 0)
			;   /* the error names the shape */
		else
			progress_validate(in, im->today, errors, &clean);
		const char *field;
		json_t *e;
		json_object_foreach(errors, field, e) {
			char name[128], *msg = error_text(im, e);
			snprintf(name, sizeof name, "%s%s", prefix, field);
			importer_problem_in(im, file, line, name, "%s", msg);
			free(msg);
		}
		json_decref(errors);
		json_decref(in);
		if (clean) {
			if (json_is_null(json_object_get(clean, "reported_at")))
				json_object_set_new(clean, "reported_at", json_string(im->today));
			json_array_append_new(r->clean_updates, clean);
		}
	}
}

/* Validates every record; returns -1 on a database error. */
static int validate_all(struct import *im)
{
	for (size_t i = 0; i < im->nrecs; i++) {
		struct record *r = &im->recs[i];
		if (!r->input)
			continue;   /* already reported: not a record at all */
		resolve_actors(im, r);
		if (resolve_countries(im, r) < 0)
			return -1;
		json_t *errors = json_object();
		/* An owner that matches no actor came as "unknown" (resolve_actors):
		 * the validation says "Unknown actor." of it. */
		commitment_validate(im->refs, r->input, errors, &r->clean);
		report(im, r, errors);
		json_decref(errors);
		check_permission(im, r);
		if (check_matches(im, r) < 0)
			return -1;
		validate_updates(im, r);
		progress_bar(im, "checking", i + 1, im->nrecs);
	}
	return 0;
}

/* ---- Writing -------------------------------------------------------------------- */

static int audit_created(struct import *im, const char *action, int64_t id, json_t *after)
{
	const struct user *as = im->o->as;
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)id);
	json_t *changes = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(after, key, v)
		if (!json_is_null(v) && strcmp(key, "updated_at") != 0)
			json_object_set_new(changes, key, json_pack("{s:n, s:O}", "before", "after", v));
	json_object_set_new(changes, "import", json_pack("{s:n, s:s}", "before", "after",
	                                                 im->filename));
	struct audit_event e = {
		.user = as, .action = action, .object_type = "commitment", .object_id = oid,
		.changes = changes, .channel = as && as->channel ? as->channel : "cli",
		.client_addr = as ? as->client_addr : NULL,
	};
	int rc = audit_append(im->db, &e);
	json_decref(changes);
	return rc;
}

static int write_record(struct import *im, struct record *r)
{
	int64_t id;
	const char *bad_field;
	const char *origin = im->o->origin ? im->o->origin : "real";
	if (commitments_insert(im->db, r->clean, origin, NULL, &id, &bad_field) < 0 ||
	    audit_created(im, "commitment.create", id, r->clean) < 0)
		return -1;
	json_t *made = NULL, *update_ids = NULL;
	if (im->o->created) {
		update_ids = json_array();
		made = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)id, "url", "", "updates",
		                 update_ids);
		char url[48];
		snprintf(url, sizeof url, "/commitments/%lld", (long long)id);
		json_object_set_new(made, "url", json_string(url));
		json_array_append_new(im->o->created, made);
	}
	json_t *ind_ids = json_array_size(r->clean_updates) ?
		db_json_rows(im->db, "SELECT id FROM commitment_indicator WHERE commitment_id = $1 "
		             "ORDER BY position", DB_ARGS(DB_INT(id))) : json_array();
	if (!ind_ids)
		return -1;
	size_t i;
	json_t *u;
	json_array_foreach(r->clean_updates, i, u) {
		bool last = i + 1 == json_array_size(r->clean_updates);
		/* Places in the list (1-based) become the indicators' ids. */
		size_t k;
		json_t *v;
		json_array_foreach(json_object_get(u, "indicator_values"), k, v) {
			json_int_t pos = json_integer_value(json_object_get(v, "indicator_id"));
			json_object_set(v, "indicator_id",
			                json_object_get(json_array_get(ind_ids, (size_t)pos - 1), "id"));
		}
		int64_t uid;
		if (progress_insert(im->db, id, u, im->o->as ? im->o->as->id : 0,
		                    im->o->as ? im->o->as->actor_id : 0, NULL, last, &uid) < 0) {
			json_decref(ind_ids);
			return -1;
		}
		json_t *after = json_pack("{s:{s:n, s:O}}", "progress_update", "before", "after", u);
		char oid[24];
		snprintf(oid, sizeof oid, "%lld", (long long)id);
		struct audit_event e = {
			.user = im->o->as, .action = "progress.add", .object_type = "commitment",
			.object_id = oid, .changes = after,
			.channel = im->o->as && im->o->as->channel ? im->o->as->channel : "cli",
			.client_addr = im->o->as ? im->o->as->client_addr : NULL,
		};
		int rc = audit_append(im->db, &e);
		json_decref(after);
		if (rc < 0) {
			json_decref(ind_ids);
			return -1;
		}
		im->written_updates++;
		if (update_ids)
			json_array_append_new(update_ids, json_integer(uid));
	}
	json_decref(ind_ids);
	im->written_commitments++;
	return 0;
}

static enum outcome write_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct import *im = p;
	im->written_commitments = im->written_updates = 0;
	if (im->o->created)
		json_array_clear(im->o->created);   /* a retried transaction starts again */
	for (size_t i = 0; i < im->nrecs; i++) {
		if (write_record(im, &im->recs[i]) < 0)
			return OUTCOME_ERROR;
		progress_bar(im, "writing", i + 1, im->nrecs);
	}
	return OUTCOME_OK;
}

static enum outcome deny_txn(struct db *db, struct audit_txn *t, void *p)
{
	const struct user *as = p;
	struct object_ref obj = {"commitment", 0, as->actor_id};
	return audit_txn_deny(t, as, ACTION_COMMITMENT_CREATE, &obj);
}

/* The records refused for their owner are a denied write like any other
 * (docs/security.md: every denial is audited): one entry for the import,
 * naming the file, the owners it tried to create for and how many records
 * were refused (issue 11, finding 6) — one, not one per record, so a file
 * of a million refused rows is one entry. Returns 0 or -1. */
static int audit_denied_records(struct import *im)
{
	if (im->denied_records == 0)
		return 0;
	char action[64];
	snprintf(action, sizeof action, "denied:%s", action_name(ACTION_COMMITMENT_CREATE));
	json_t *changes = json_pack("{s:{s:n, s:s}, s:{s:n, s:O}, s:{s:n, s:I}}",
	                            "import", "before", "after", im->filename,
	                            "owner_actor_id", "before", "after", im->denied_owners,
	                            "records", "before", "after", (json_int_t)im->denied_records);
	struct audit_event e = {.user = im->o->as, .action = action, .object_type = "commitment",
	                        .changes = changes};
	int rc = audit_denied(im->db, &e);
	json_decref(changes);
	return rc;
}

/* ---- The import ----------------------------------------------------------------- */

int import_format_detect(const char *filename, const char *data, size_t len,
                         enum import_format *out)
{
	const char *dot = filename ? strrchr(filename, '.') : NULL;
	if (dot && strcasecmp(dot, ".csv") == 0) {
		*out = IMPORT_CSV;
		return 0;
	}
	if (dot && strcasecmp(dot, ".json") == 0) {
		*out = IMPORT_JSON;
		return 0;
	}
	size_t i = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && isspace((unsigned char)data[i]))
		i++;
	if (i == len)
		return -1;
	*out = data[i] == '[' ? IMPORT_JSON : IMPORT_CSV;
	return 0;
}

static void release(struct import *im)
{
	for (size_t i = 0; i < im->nrecs; i++) {
		char **cells = (char **)im->recs[i].cells;
		for (size_t k = 0; cells && k < im->ncols; k++)
			free(cells[k]);
		free(cells);
	}
	free_records(im);
	for (size_t i = 0; im->header && i < im->ncols; i++)
		free(im->header[i]);
	free(im->header);
	commitment_refs_free(im->refs);
	json_decref(im->refs_index);
	json_decref(im->denied_owners);
}

static void summarise(struct import *im, struct import_result *r)
{
	if (im->nerrors > IMPORT_MAX_ERRORS && im->errors)
		buf_printf(im->errors, "%s: %zu more problems not listed\n", im->filename,
		           im->nerrors - IMPORT_MAX_ERRORS);
	if (r)
		*r = (struct import_result){.records = im->nrecs, .nerrors = im->nerrors,
		                            .commitments = im->written_commitments,
		                            .updates = im->written_updates};
}

enum outcome import_commitments(struct db *db, const char *data, size_t len,
                                enum import_format fmt, const struct import_options *o,
                                struct buf *errors, struct import_result *r)
{
	char today[DATE_LEN + 1];
	struct import im = {.db = db, .o = o, .errors = errors,
	                    .filename = o->filename ? o->filename : "(input)",
	                    .today = dates_resolve_today(o->today, today)};
	if (r)
		*r = (struct import_result){0};
	/* Someone who may create nothing at all is refused before reading. */
	if (o->as) {
		struct object_ref own = {"commitment", 0, o->as->actor_id};
		if (!can(o->as, ACTION_COMMITMENT_CREATE, &own) &&
		    !can(o->as, ACTION_COMMITMENT_CREATE, &(struct object_ref){"commitment", 0, -1}))
			return audit_transaction(db, false, deny_txn, (void *)o->as);
	}
	im.refs = commitment_refs_load(db);
	if (!im.refs) {
		importer_problem(&im, 0, "(database)", "%s", db_errmsg(db));
		return OUTCOME_ERROR;
	}
	im.refs_index = json_object();
	im.denied_owners = json_array();
	int rc = fmt == IMPORT_JSON ? importer_read_json(&im, data, len) :
	                              importer_read_csv(&im, data, len);
	if (rc == 0 && fmt == IMPORT_CSV && im.o->updates)
		importer_read_updates_csv(&im);
	enum outcome out = OUTCOME_INVALID;
	if (rc == 0 && (validate_all(&im) < 0 || audit_denied_records(&im) < 0)) {
		importer_problem(&im, 0, "(database)", "%s", db_errmsg(db));
		out = OUTCOME_ERROR;
	} else if (rc == 0 && im.nerrors == 0) {
		out = audit_transaction(db, false, write_txn, &im);
		if (out != OUTCOME_OK) {
			importer_problem(&im, 0, "(database)", "%s; nothing was written", db_errmsg(db));
			im.written_commitments = im.written_updates = 0;
			if (o->created)
				json_array_clear(o->created);
		} else if (im.nrecs > PROGRESS_MIN_RECORDS) {
			/* A large import changes what the planner should know;
			 * stale statistics cost more than this. */
			db_exec_script(db, "ANALYZE");
		}
	}
	summarise(&im, r);
	release(&im);
	return out;
}
