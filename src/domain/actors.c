/* actors.c — states and partners: the list and page models, registration
 * of a partner, and the reviewers' accreditation decisions.
 *
 * A state actor is named after its country: pages show the country's name
 * in the reader's language, and its search key is the country's (the six
 * UN names folded), so "Maroc" finds Morocco. A partner's search key is its
 * folded name. Lists are sorted in C by the folded display name, as the
 * countries are, so both backends give the same order.
 *
 * The public list leaves out partners whose request is pending or was
 * declined unless the status filter asks for them: a registration is not
 * an endorsement, and /admin lists the pending ones (actors_pending). */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "audit.h"
#include "auth.h"
#include "buf.h"
#include "countries.h"
#include "db.h"
#include "i18n.h"
#include "permission.h"
#include "text.h"
#include "principal.h"
#include "users.h"
#include "util.h"

#define ORG_NAME_MAX_CHARS 200
#define DESCRIPTION_MAX_CHARS 5000
#define WEBSITE_MAX_BYTES 500
#define REASON_MAX_CHARS 2000
#define QUERY_MAX_BYTES 400

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
	N_("Accreditation requested"), N_("Accredited"), N_("Declined"), N_("Suspended"), NULL,
};

/* The label of code in a NULL-terminated codes/labels pair, or NULL. */
static const char *label_of(const char *const *codes, const char *const *labels,
                            const char *code)
{
	for (size_t i = 0; code && codes[i]; i++)
		if (strcmp(codes[i], code) == 0)
			return labels[i];
	return NULL;
}

static json_t *jtext(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jlabel(const char *locale, const char *const *codes, const char *const *labels,
                      const char *code)
{
	const char *l = label_of(codes, labels, code);
	return l ? json_string(tr(locale, l)) : json_null();
}

static void id_text(char out[24], int64_t id)
{
	snprintf(out, 24, "%lld", (long long)id);
}

/* The folded form of s's first `max` bytes (caller frees). */
static char *fold_n(const char *s, size_t max)
{
	struct buf b;
	buf_init(&b, BUF_MAX_PAGE);
	if (s)
		text_fold(s, strnlen(s, max), &b);
	char *out = xstrdup(buf_str(&b));
	buf_release(&b);
	return out;
}

static char *fold(const char *s)
{
	return fold_n(s, SIZE_MAX);
}

/* ---- Reading --------------------------------------------------------------- */

/* The six UN languages in the order of the country name columns below. */
static const char *const name_langs[] = {"ar", "zh", "en", "fr", "ru", "es"};
enum { LANG_EN = 2 };

static int lang_index(const char *locale)
{
	for (int i = 0; locale && i < (int)ARRAY_LEN(name_langs); i++)
		if (strcmp(locale, name_langs[i]) == 0)
			return i;
	return LANG_EN;
}

enum {
	A_ID, A_KIND, A_NAME, A_TYPE, A_STATUS, A_COUNTRY, A_CNAMES,
	A_CREATED = A_CNAMES + 6, A_WEBSITE, A_DESCRIPTION, A_REASON, A_DECIDED, A_USERS,
	A_ORIGIN, A_OPERATORS,
};

#define ACTOR_SELECT \
	"SELECT a.id, a.kind, a.name, a.partner_type, a.status, a.country_iso3, " \
	"c.name_ar, c.name_zh, c.name_en, c.name_fr, c.name_ru, c.name_es, a.created_at, " \
	"a.website, a.description, a.decision_reason, a.decided_at, " \
	"(SELECT count(*) FROM account u WHERE u.actor_id = a.id AND u.disabled = 0), " \
	"a.origin, a.operators " \
	"FROM actor a LEFT JOIN country c ON c.iso3 = a.country_iso3 "

/* The country's name in the locale (English when it has none). */
static const char *country_name(const struct db_res *res, int lang)
{
	const char *s = db_text(res, A_CNAMES + lang);
	return s && *s ? s : db_text(res, A_CNAMES + LANG_EN);
}

/* A state is shown under its country's name in the reader's language. */
static const char *display_name(const struct db_res *res, int lang)
{
	const char *kind = db_text(res, A_KIND);
	const char *cn = country_name(res, lang);
	if (kind && strcmp(kind, "state") == 0 && cn)
		return cn;
	return db_text(res, A_NAME);
}

/* One actor row: the list's fields, and with `detail` the page's. The
 * operators' actor is no partner: kind "operators", with neither a partner
 * type nor an accreditation status (nobody decides on it), and
 * "operators": true for the page to say what it is. */
static json_t *actor_item(const struct db_res *res, const char *locale, bool detail)
{
	int lang = lang_index(locale);
	int64_t id = db_int(res, A_ID);
	bool operators = db_int(res, A_OPERATORS) != 0;
	const char *type = operators ? NULL : db_text(res, A_TYPE);
	const char *status = operators ? NULL : db_text(res, A_STATUS);
	const char *iso3 = db_text(res, A_COUNTRY);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "kind", operators ? json_string("operators") :
	                                jtext(db_text(res, A_KIND)));
	if (operators)
		json_object_set_new(o, "operators", json_true());
	json_object_set_new(o, "name", jtext(display_name(res, lang)));
	json_object_set_new(o, "type", jtext(type));
	json_object_set_new(o, "type_label",
	                    jlabel(locale, actor_partner_types, actor_partner_type_labels, type));
	json_object_set_new(o, "status", jtext(status));
	json_object_set_new(o, "status_label",
	                    jlabel(locale, actor_statuses, actor_status_labels, status));
	json_object_set_new(o, "country", iso3 ?
	                    json_pack("{s:s, s:o, s:o}", "iso3", iso3,
	                              "name", jtext(country_name(res, lang)),
	                              "url", json_sprintf("/countries/%s", iso3)) :
	                    json_null());
	json_object_set_new(o, "url", json_sprintf("/actors/%lld", (long long)id));
	/* "real", or "sample" / "synthetic" for the made-up partners of
	 * pacte init --sample and pacte demo, which pages must not pass off
	 * as real organisations. */
	json_object_set_new(o, "origin", jtext(db_text(res, A_ORIGIN)));
	if (!detail)
		return o;
	json_object_set_new(o, "website", jtext(db_text(res, A_WEBSITE)));
	json_object_set_new(o, "description", jtext(db_text(res, A_DESCRIPTION)));
	json_object_set_new(o, "created_at", jtext(db_text(res, A_CREATED)));
	json_object_set_new(o, "decided_at", operators ? json_null() :
	                    jtext(db_text(res, A_DECIDED)));
	json_object_set_new(o, "users", json_integer(db_int(res, A_USERS)));
	/* Why a request was declined is part of the public answer to it. */
	bool declined = status && strcmp(status, "declined") == 0;
	json_object_set_new(o, "decision_reason",
	                    declined ? jtext(db_text(res, A_REASON)) : json_null());
	return o;
}

struct sort_entry {
	char *key;
	int64_t id;
	json_t *item;
};

static int entry_cmp(const void *a, const void *b)
{
	const struct sort_entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* Runs an actor query; its rows as list items sorted by display name, or
 * NULL on error. */
static json_t *actor_rows(struct db *db, const char *sql, size_t nargs,
                          const struct db_arg *args, const char *locale, bool sorted)
{
	struct db_res *res = db_query(db, sql, nargs, args);
	if (!res)
		return NULL;
	struct sort_entry *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = db_next(res)) == 1) {
		if (len == cap) {
			cap = cap ? cap * 2 : 256;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[len].item = actor_item(res, locale, !sorted);
		v[len].key = fold(display_name(res, lang_index(locale)));
		v[len].id = db_int(res, A_ID);
		len++;
	}
	db_res_free(res);
	if (sorted && len)
		qsort(v, len, sizeof *v, entry_cmp);
	json_t *list = rc < 0 ? NULL : json_array();
	for (size_t i = 0; i < len; i++) {
		if (list)
			json_array_append(list, v[i].item);
		json_decref(v[i].item);
		free(v[i].key);
	}
	free(v);
	return list;
}

/* Every filter is always bound; '' switches it off. Without a status
 * filter the pending and declined requests stay off the public list; the
 * operators' actor never is on it (it is no partner). */
static const char list_sql[] = ACTOR_SELECT
	"WHERE a.operators = 0 AND (CAST($1 AS TEXT) = '' OR a.kind = $1) "
	"AND (CAST($2 AS TEXT) = '' OR a.partner_type = $2) "
	"AND ((CAST($3 AS TEXT) = '' AND a.status IN ('accredited', 'suspended')) "
	"     OR a.status = $3) "
	"AND (CAST($4 AS TEXT) = '' OR a.country_iso3 = $4) "
	"AND (CAST($5 AS TEXT) = '' OR a.search_key LIKE '%' || CAST($5 AS TEXT) || '%' "
	"     ESCAPE '\\')";

/* The LIKE pattern for q: folded, white space collapsed, % _ \ escaped. */
static void search_pattern(const char *q, struct buf *out)
{
	char *folded = fold_n(q, QUERY_MAX_BYTES);
	bool space = false;
	for (const char *p = folded; *p; p++) {
		if (isspace((unsigned char)*p)) {
			space = out->len > 0;
			continue;
		}
		if (space)
			buf_putc(out, ' ');
		space = false;
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_putc(out, '\\');
		buf_putc(out, *p);
	}
	free(folded);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* Options for a filter: [{code, label, selected}]. */
static json_t *options(const char *locale, const char *const *codes, const char *const *labels,
                       const char *selected)
{
	json_t *out = json_array();
	for (size_t i = 0; codes[i]; i++)
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "code", codes[i],
		                                     "label", tr(locale, labels[i]),
		                                     "selected", selected &&
		                                     strcmp(selected, codes[i]) == 0));
	return out;
}

json_t *actors_list(struct db *db, const char *locale, const char *kind, const char *type,
                    const char *status, const char *country, const char *q)
{
	char iso3[4] = "";
	if (country && *country) {
		/* A malformed code matches nothing rather than everything. */
		snprintf(iso3, sizeof iso3, "%s", iso3_code_valid(country) ? country : "-");
		for (int i = 0; iso3[i]; i++)
			iso3[i] = (char)toupper((unsigned char)iso3[i]);
	}
	struct buf pattern;
	buf_init(&pattern, 32 * QUERY_MAX_BYTES);
	if (q)
		search_pattern(q, &pattern);
	json_t *list = actor_rows(db, list_sql,
	                          DB_ARGS(DB_TEXT(or_empty(kind)), DB_TEXT(or_empty(type)),
	                                  DB_TEXT(or_empty(status)), DB_TEXT(iso3),
	                                  DB_TEXT(buf_str(&pattern))),
	                          locale, true);
	buf_release(&pattern);
	if (!list)
		return NULL;
	json_t *filters = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", or_empty(kind),
	                            "type", or_empty(type), "status", or_empty(status),
	                            "country", iso3, "q", or_empty(q));
	return json_pack("{s:o, s:I, s:o, s:o, s:o}", "actors", list,
	                 "count", (json_int_t)json_array_size(list), "filters", filters,
	                 "types", options(locale, actor_partner_types, actor_partner_type_labels,
	                                  type),
	                 "statuses", options(locale, actor_statuses, actor_status_labels, status));
}

json_t *actors_get(struct db *db, const char *locale, int64_t id)
{
	json_t *rows = actor_rows(db, ACTOR_SELECT "WHERE a.id = $1", DB_ARGS(DB_INT(id)),
	                          locale, false);
	if (!rows)
		return NULL;
	json_t *model = json_array_size(rows) ?
	                json_pack("{s:O}", "actor", json_array_get(rows, 0)) : json_null();
	json_decref(rows);
	return model;
}

json_t *actors_pending(struct db *db, const char *locale)
{
	json_t *list = actor_rows(db, ACTOR_SELECT "WHERE a.status = 'requested' "
	                          "ORDER BY a.created_at, a.id", NO_ARGS, locale, false);
	if (!list)
		return NULL;
	/* A reviewer needs to know whom to ask: the request's users. */
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item) {
		json_t *users = db_json_rows(db, "SELECT id, name, email FROM account "
		                             "WHERE actor_id = $1 ORDER BY id",
		                             DB_ARGS(DB_INT(json_integer_value(
		                                     json_object_get(item, "id")))));
		if (!users) {
			json_decref(list);
			return NULL;
		}
		json_object_set_new(item, "accounts", users);
	}
	return json_pack("{s:o, s:I}", "actors", list, "count", (json_int_t)json_array_size(list));
}

/* ---- States ---------------------------------------------------------------- */

static json_t *change(json_t *before, json_t *after)
{
	return json_pack("{s:o, s:o}", "before", before ? before : json_null(),
	                 "after", after ? after : json_null());
}

/* A new actor's row, and who creates it from where (for the audit). */
struct new_actor {
	const char *kind, *name, *search_key, *type, *iso3, *status, *website, *description;
	const char *action;                /* "actor.create", "actor.register" */
	const char *channel, *client_addr;
	bool operators;                    /* the operators' own actor */
};

/* Inserts one actor and its audit entry (by the operator, or an anonymous
 * registrant). Returns its id, or -1. */
static int64_t insert_actor(struct db *db, const struct new_actor *n)
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
	id_text(oid, id);
	json_t *changes = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}",
	                            "kind", change(NULL, json_string(n->kind)),
	                            "name", change(NULL, json_string(n->name)),
	                            "partner_type", change(NULL, jtext(n->type)),
	                            "country_iso3", change(NULL, jtext(n->iso3)),
	                            "status", change(NULL, json_string(n->status)),
	                            "website", change(NULL, jtext(n->website)));
	if (n->description && *n->description)
		json_object_set_new(changes, "description",
		                    change(NULL, json_string(n->description)));
	if (n->operators)
		json_object_set_new(changes, "operators", change(NULL, json_true()));
	struct audit_event ev = {.action = n->action, .object_type = "actor", .object_id = oid,
	                         .changes = changes, .channel = n->channel,
	                         .client_addr = n->client_addr};
	int rc = audit_append(db, &ev);
	json_decref(changes);
	return rc == 0 ? id : -1;
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
		struct new_actor n = {.kind = "state", .name = name, .search_key = key ? key : "",
		                      .iso3 = iso3, .status = "accredited",
		                      .action = "actor.create", .channel = "cli"};
		if (insert_actor(db, &n) < 0) {
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
	char *key = fold(OPERATOR_NAME);
	struct new_actor n = {.kind = "partner", .name = OPERATOR_NAME, .search_key = key,
	                      .type = "other", .status = "accredited", .action = "actor.create",
	                      .channel = "cli", .operators = true};
	*id = insert_actor(db, &n);
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

/* ---- Registration ---------------------------------------------------------- */

static const char *field(json_t *obj, const char *name)
{
	const char *s = json_string_value(json_object_get(obj, name));
	return s && *s ? s : NULL;
}

static void add_error(json_t *errors, const char *name, const char *msgid)
{
	if (errors && !json_object_get(errors, name))
		json_object_set_new(errors, name, json_string(msgid));
}

/* Text of at most max characters; multi-line when `lines`. */
static bool text_ok(const char *s, size_t max, bool lines)
{
	size_t len = s ? strlen(s) : 0;
	if (!utf8_valid(s ? s : "", len) || utf8_length(s ? s : "", len) > max)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < ' ' && !(lines && (c == '\n' || c == '\t' || c == '\r'))) || c == 0x7f)
			return false;
	}
	return true;
}

static bool website_ok(const char *s)
{
	return !s || ((str_starts(s, "http://") || str_starts(s, "https://")) &&
	              strlen(s) <= WEBSITE_MAX_BYTES && text_ok(s, WEBSITE_MAX_BYTES, false) &&
	              !strchr(s, ' '));
}

struct registration {
	const char *name, *type, *website, *description;
	char iso3[4];
	const char *email, *user_name, *hash;
	const char *channel, *client_addr;
	json_t *errors;
	int64_t actor_id;
};

static enum outcome register_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct registration *r = ctx;
	int bad = 0;
	if (*r->iso3) {
		int64_t n = 0;
		if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM country WHERE iso3 = $1",
		                  DB_ARGS(DB_TEXT(r->iso3))) < 0)
			return OUTCOME_ERROR;
		if (!n) {
			add_error(r->errors, "country", N_("There is no such country."));
			bad++;
		}
	}
	int64_t taken = principal_find_email(db, r->email);
	if (taken < 0)
		return OUTCOME_ERROR;
	if (taken) {
		add_error(r->errors, "email", N_("This email is already registered."));
		bad++;
	}
	if (bad)
		return OUTCOME_INVALID;
	char *key = fold(r->name);
	struct new_actor n = {.kind = "partner", .name = r->name, .search_key = key,
	                      .type = r->type, .iso3 = *r->iso3 ? r->iso3 : NULL,
	                      .status = "requested", .website = r->website,
	                      .description = r->description, .action = "actor.register",
	                      .channel = r->channel, .client_addr = r->client_addr};
	r->actor_id = insert_actor(db, &n);
	free(key);
	if (r->actor_id <= 0)
		return OUTCOME_ERROR;
	return users_insert_in_txn(db, r->email, r->user_name, r->hash, ROLE_EDITOR, r->actor_id,
	                           r->channel, r->client_addr, r->errors, NULL);
}

/* The checks that need no database; returns the number of bad fields. */
static int check_registration(struct registration *r, const char *country,
                              const char *password)
{
	int bad = 0;
	if (!r->name || !text_ok(r->name, ORG_NAME_MAX_CHARS, false)) {
		add_error(r->errors, "org_name", N_("Enter the organisation's name."));
		bad++;
	}
	if (!label_of(actor_partner_types, actor_partner_type_labels, r->type)) {
		add_error(r->errors, "org_type", N_("Choose the kind of organisation."));
		bad++;
	}
	if (country && !iso3_code_valid(country)) {
		add_error(r->errors, "country", N_("There is no such country."));
		bad++;
	} else if (country) {
		for (int i = 0; i < 3; i++)
			r->iso3[i] = (char)toupper((unsigned char)country[i]);
		r->iso3[3] = '\0';
	}
	if (!website_ok(r->website)) {
		add_error(r->errors, "website", N_("Enter a web address starting with https://."));
		bad++;
	}
	if (!text_ok(r->description, DESCRIPTION_MAX_CHARS, true)) {
		add_error(r->errors, "description", N_("The description is too long."));
		bad++;
	}
	char norm[EMAIL_MAX + 1];
	if (principal_email_normalise(r->email, norm) < 0) {
		add_error(r->errors, "email", N_("Enter an email address such as name@example.org."));
		bad++;
	}
	if (!r->user_name || !text_ok(r->user_name, ORG_NAME_MAX_CHARS, false)) {
		add_error(r->errors, "name", N_("Enter a name of 1 to 200 characters on one line."));
		bad++;
	}
	const char *problem = users_password_problem(password);
	if (problem) {
		add_error(r->errors, "password", problem);
		bad++;
	}
	return bad;
}

enum outcome actors_register(struct db *db, json_t *org, json_t *first_user, json_t *errors,
                             const char *channel, const char *client_addr, int64_t *actor_id)
{
	struct registration r = {
		.name = field(org, "name"), .type = field(org, "type"),
		.website = field(org, "website"), .description = field(org, "description"),
		.email = field(first_user, "email"), .user_name = field(first_user, "name"),
		.channel = channel ? channel : "web", .client_addr = client_addr, .errors = errors,
	};
	const char *password = json_string_value(json_object_get(first_user, "password"));
	if (check_registration(&r, field(org, "country"), password ? password : ""))
		return OUTCOME_INVALID;
	char hash[AUTH_PASSWORD_HASH_MAX];
	if (auth_password_hash(password, hash) < 0)
		return OUTCOME_ERROR;
	r.hash = hash;
	enum outcome rc = audit_transaction(db, false, register_body, &r);
	if (rc == OUTCOME_OK && actor_id)
		*actor_id = r.actor_id;
	return rc;
}

/* ---- Decisions ------------------------------------------------------------- */

static const struct decision {
	const char *name;
	const char *from[3];     /* the statuses it applies to, NULL-terminated */
	const char *to;
	bool needs_reason;
} decisions[] = {
	{"accredit", {"requested", "declined", NULL}, "accredited", false},
	{"decline", {"requested", NULL}, "declined", true},
	{"suspend", {"accredited", NULL}, "suspended", false},
	{"reinstate", {"suspended", NULL}, "accredited", false},
};

static const struct decision *find_decision(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_LEN(decisions); i++)
		if (strcmp(decisions[i].name, name) == 0)
			return &decisions[i];
	return NULL;
}

static bool applies(const struct decision *d, const char *status)
{
	for (size_t i = 0; status && d->from[i]; i++)
		if (strcmp(d->from[i], status) == 0)
			return true;
	return false;
}

struct decide {
	const struct user *by;
	bool console;             /* the operator at the console: no can() check */
	int64_t actor_id;
	const struct decision *d;
	const char *reason;
};

static enum outcome decide_body(struct db *db, struct audit_txn *t, void *ctx)
{
	struct decide *c = ctx;
	json_t *row = db_json_row(db, "SELECT kind, status, decision_reason, operators FROM actor "
	                          "WHERE id = $1", DB_ARGS(DB_INT(c->actor_id)));
	if (!row)
		return OUTCOME_ERROR;
	if (json_is_null(row))
		return OUTCOME_NOT_FOUND;
	struct object_ref obj = {.type = "actor", .id = c->actor_id, .owner_actor_id = c->actor_id,
	                         .operators = json_integer_value(json_object_get(row,
	                                                                         "operators")) != 0};
	enum outcome rc = OUTCOME_OK;
	const char *kind = json_string_value(json_object_get(row, "kind"));
	const char *status = json_string_value(json_object_get(row, "status"));
	if (!c->console && !can(c->by, ACTION_ACTOR_DECIDE, &obj))
		rc = audit_txn_deny(t, c->by, ACTION_ACTOR_DECIDE, &obj);
	else if (!kind || strcmp(kind, "partner") != 0 || obj.operators)
		rc = OUTCOME_INVALID;      /* states and the operators are not accredited */
	else if (!applies(c->d, status))
		rc = OUTCOME_CONFLICT;     /* decided already, or by someone else just now */
	if (rc != OUTCOME_OK) {
		json_decref(row);
		return rc;
	}
	char now[AUDIT_TIME_LEN + 1], oid[24];
	audit_time(now, 0);
	id_text(oid, c->actor_id);
	json_t *changes = json_pack("{s:o, s:o}",
	                            "status", change(json_string(status), json_string(c->d->to)),
	                            "decision_reason",
	                            change(json_deep_copy(json_object_get(row, "decision_reason")),
	                                   jtext(c->reason)));
	json_decref(row);
	struct audit_event ev = {.user = c->by, .action = "actor.decide", .object_type = "actor",
	                         .object_id = oid, .changes = changes};
	if (db_exec(db, "UPDATE actor SET status = $1, decision_reason = $2, decided_at = $3 "
	            "WHERE id = $4",
	            DB_ARGS(DB_TEXT(c->d->to), DB_TEXT(c->reason), DB_TEXT(now),
	                    DB_INT(c->actor_id))) != 1 ||
	    audit_append(db, &ev) < 0)
		rc = OUTCOME_ERROR;
	json_decref(changes);
	return rc;
}

/* Checks the decision's words, then runs it in an audited transaction. */
static enum outcome decide(struct db *db, struct decide *c, const char *decision)
{
	c->d = find_decision(decision);
	if (c->reason && !*c->reason)
		c->reason = NULL;
	if (!c->d || (c->d->needs_reason && !c->reason) ||
	    (c->reason && !text_ok(c->reason, REASON_MAX_CHARS, true)))
		return OUTCOME_INVALID;
	return audit_transaction(db, false, decide_body, c);
}

enum outcome actors_decide(struct db *db, const struct user *by, int64_t actor_id,
                           const char *decision, const char *reason)
{
	struct decide c = {.by = by, .actor_id = actor_id, .reason = reason};
	return decide(db, &c, decision);
}

enum outcome actors_decide_as_operator(struct db *db, int64_t actor_id, const char *decision,
                                       const char *reason)
{
	struct decide c = {.console = true, .actor_id = actor_id, .reason = reason};
	return decide(db, &c, decision);
}
