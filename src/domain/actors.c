/* actors.c — states and partners: their codes and labels, the state actors
 * made from the countries, the operators' own actor, and the helpers the
 * module's files share (actors_impl.h). Reading is actors_read.c;
 * registration and the reviewers' decisions are actors_write.c.
 *
 * A state actor is named after its country: pages show the country's name
 * in the reader's language, and its search key is the country's (the six
 * UN names folded), so "Maroc" finds Morocco. A partner's search key is its
 * folded name. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "actors_impl.h"
#include "audit.h"
#include "buf.h"
#include "changelog.h"
#include "countries.h"
#include "db.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

const char *const actor_partner_types[] = {
	"migrants_organisation", "diaspora_organisation", "local_government", "civil_society",
	"academia", "private_sector", "parliament", "trade_union", "nhri", "media", "un_entity",
	"intergovernmental", "other", NULL,
};

const char *const actor_partner_type_labels[] = {
	N_("Migrants' organisation"), N_("Diaspora organisation"),
	N_("Local or regional government"), N_("Civil society organisation"), N_("Academia"),
	N_("Private sector"), N_("Parliament or parliamentarians"), N_("Trade union"),
	N_("National human rights institution"), N_("Media"), N_("UN entity"),
	N_("Other intergovernmental organisation"), N_("Other"), NULL,
};

const char *const actor_statuses[] = {"requested", "accredited", "declined", "suspended", NULL};

const char *const actor_status_labels[] = {
	N_("Accreditation requested"), N_("Accredited"), N_("Accreditation declined"),
	N_("Accreditation suspended"), NULL,
};

const char *actors_label_of(const char *const *codes, const char *const *labels,
                            const char *code)
{
	for (size_t i = 0; code && codes[i]; i++)
		if (strcmp(codes[i], code) == 0)
			return labels[i];
	return NULL;
}

json_t *actors_jtext(const char *s)
{
	return s ? json_string(s) : json_null();
}

void actors_id_text(char out[24], int64_t id)
{
	snprintf(out, 24, "%lld", (long long)id);
}

char *actors_fold_n(const char *s, size_t max)
{
	struct buf b;
	buf_init(&b, BUF_MAX_PAGE);
	if (s)
		text_fold(s, strnlen(s, max), &b);
	char *out = xstrdup(buf_str(&b));
	buf_release(&b);
	return out;
}

char *actors_fold(const char *s)
{
	return actors_fold_n(s, SIZE_MAX);
}

json_t *actors_change(json_t *before, json_t *after)
{
	return json_pack("{s:o, s:o}", "before", before ? before : json_null(),
	                 "after", after ? after : json_null());
}

/* ---- States ---------------------------------------------------------------- */

int64_t actors_insert(struct db *db, const struct actors_new *n)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	int64_t id = 0;
	if (db_scalar_int(db, &id, 0,
	                  "INSERT INTO actor (kind, name, search_key, partner_type, country_iso3, "
	                  "status, website, description, created_at, operators) "
	                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
	                  DB_ARGS(DB_TEXT(n->kind), DB_TEXT(n->name), DB_TEXT(n->search_key),
	                          DB_TEXT(n->type), DB_TEXT(n->iso3), DB_TEXT(n->status),
	                          DB_TEXT(n->website), DB_TEXT(n->description ? n->description : ""),
	                          DB_TEXT(now), DB_INT(n->operators))) < 0 || id <= 0)
		return -1;
	char oid[24];
	actors_id_text(oid, id);
	json_t *changes = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}",
	                            "kind", actors_change(NULL, json_string(n->kind)),
	                            "name", actors_change(NULL, json_string(n->name)),
	                            "partner_type", actors_change(NULL, actors_jtext(n->type)),
	                            "country_iso3", actors_change(NULL, actors_jtext(n->iso3)),
	                            "status", actors_change(NULL, json_string(n->status)),
	                            "website", actors_change(NULL, actors_jtext(n->website)));
	if (n->description && *n->description)
		json_object_set_new(changes, "description",
		                    actors_change(NULL, json_string(n->description)));
	if (n->operators)
		json_object_set_new(changes, "operators", actors_change(NULL, json_true()));
	struct audit_event ev = {.action = n->action, .object_type = "actor", .object_id = oid,
	                         .changes = changes, .channel = n->channel,
	                         .client_addr = n->client_addr};
	int rc = audit_append(db, &ev);
	json_decref(changes);
	/* Only a public actor is news: a request awaiting accreditation is
	 * nobody's business but its own and its reviewers'. */
	if (rc == 0 && actors_status_public(n->status) && !n->operators)
		rc = changelog_note(db, CHANGE_KIND_ACTOR, id);
	return rc == 0 && actors_index(db, id) == 0 ? id : -1;
}

static enum outcome sync_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	int *created = ctx;
	*created = 0;
	json_t *missing = db_json_rows(db,
		"SELECT c.iso3, c.name_en, c.search_key FROM country c WHERE NOT EXISTS "
		"(SELECT 1 FROM actor a WHERE a.kind = 'state' AND a.country_iso3 = c.iso3) "
		"ORDER BY c.iso3", NO_ARGS);
	if (!missing)
		return OUTCOME_ERROR;
	size_t i;
	json_t *row;
	enum outcome rc = OUTCOME_OK;
	json_array_foreach(missing, i, row) {
		const char *iso3 = json_string_value(json_object_get(row, "iso3"));
		const char *name = json_string_value(json_object_get(row, "name_en"));
		const char *key = json_string_value(json_object_get(row, "search_key"));
		struct actors_new n = {.kind = "state", .name = name, .search_key = key ? key : "",
		                      .iso3 = iso3, .status = "accredited",
		                      .action = "actor.create", .channel = "cli"};
		if (actors_insert(db, &n) < 0) {
			rc = OUTCOME_ERROR;
			break;
		}
		(*created)++;
	}
	json_decref(missing);
	return rc;
}

int actors_sync_states(struct db *db)
{
	int created = 0;
	return audit_transaction(db, false, sync_body, &created) == OUTCOME_OK ? created : -1;
}

/* ---- The operators' own actor ---------------------------------------------- */

#define OPERATOR_NAME "Instance operators"

static enum outcome operator_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	int64_t *id = ctx;
	if (db_scalar_int(db, id, 0, "SELECT id FROM actor WHERE operators = 1", NO_ARGS) < 0)
		return OUTCOME_ERROR;
	if (*id > 0)
		return OUTCOME_OK;
	char *key = actors_fold(OPERATOR_NAME);
	struct actors_new n = {.kind = "partner", .name = OPERATOR_NAME, .search_key = key,
	                      .type = "other", .status = "accredited", .action = "actor.create",
	                      .channel = "cli", .operators = true};
	*id = actors_insert(db, &n);
	free(key);
	return *id > 0 ? OUTCOME_OK : OUTCOME_ERROR;
}

int64_t actors_ensure_operator(struct db *db)
{
	int64_t id = 0;
	return audit_transaction(db, false, operator_body, &id) == OUTCOME_OK ? id : -1;
}

int64_t actors_resolve(struct db *db, const char *ref)
{
	int64_t id = 0;
	if (!ref)
		return 0;
	if (parse_int64(ref, 1, INT64_MAX, &id) == 0)
		return id;
	int rc;
	if (strcmp(ref, "operators") == 0) {
		rc = db_scalar_int(db, &id, 0, "SELECT id FROM actor WHERE operators = 1", NO_ARGS);
	} else {
		if (!iso3_code_valid(ref))
			return 0;
		char iso3[4];
		for (int i = 0; i < 4; i++)
			iso3[i] = (char)toupper((unsigned char)ref[i]);
		rc = db_scalar_int(db, &id, 0, "SELECT id FROM actor WHERE kind = 'state' "
		                   "AND country_iso3 = $1", DB_ARGS(DB_TEXT(iso3)));
	}
	return rc < 0 ? -1 : id;
}
