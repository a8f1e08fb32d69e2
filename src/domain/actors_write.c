/* actors_write.c — registration of a partner (counted per client address,
 * silent about emails that have an account) and the reviewers'
 * accreditation decisions. */
#include <assert.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "actors.h"
#include "actors_impl.h"
#include "audit.h"
#include "auth.h"
#include "changelog.h"
#include "countries.h"
#include "db.h"
#include "i18n.h"
#include "permission.h"
#include "principal.h"
#include "recovery.h"
#include "text.h"
#include "throttle.h"
#include "users.h"
#include "util.h"
#include "validate.h"

#define ORG_NAME_MAX_CHARS 200
#define DESCRIPTION_MAX_CHARS 5000
#define WEBSITE_MAX_BYTES 500
#define REASON_MAX_CHARS 2000

/* ---- Registration ---------------------------------------------------------- */

static const char *field(json_t *obj, const char *name)
{
	const char *s = json_string_value(json_object_get(obj, name));
	return s && *s ? s : NULL;
}

static void add_error(json_t *errors, const char *name, const char *msgid)
{
	if (errors)
		valid_error(errors, name, msgid);
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
	const char *locale;            /* the language the registrant's mail is in */
	const char *channel, *client_addr;
	json_t *errors;
	int64_t actor_id;
};

/* The organisation and its first account, unless the email has an account
 * already: then nothing at all, and OUTCOME_OK as if it had been done.
 * Telling the requester "this email is already registered" told anyone
 * which addresses have accounts here (issue 11, finding 5); the answer
 * must be the same both ways, and the account's owner loses nothing (they
 * sign in as before). The password was hashed either way, before the
 * transaction, so both take the same time. */
static enum outcome register_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct registration *r = ctx;
	r->actor_id = 0;         /* the body may run again (audit.h) */
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
	if (bad)
		return OUTCOME_INVALID;
	int64_t taken = principal_find_email(db, r->email);
	if (taken < 0)
		return OUTCOME_ERROR;
	if (taken)
		return OUTCOME_OK;
	char *key = actors_fold(r->name);
	struct actors_new n = {.kind = "partner", .name = r->name, .search_key = key,
	                      .type = r->type, .iso3 = *r->iso3 ? r->iso3 : NULL,
	                      .status = "requested", .website = r->website,
	                      .description = r->description, .action = "actor.register",
	                      .channel = r->channel, .client_addr = r->client_addr};
	r->actor_id = actors_insert(db, &n);
	free(key);
	if (r->actor_id <= 0)
		return OUTCOME_ERROR;
	int64_t uid = 0;
	enum outcome o = users_insert_in_txn(db, r->email, r->user_name, r->hash, ROLE_EDITOR,
	                                     r->actor_id, r->channel, r->client_addr, r->errors,
	                                     &uid);
	/* The registrant's mail in the language they registered in; they show
	 * the address is theirs before writing anything. */
	if (o == OUTCOME_OK &&
	    ((r->locale && db_exec(db, "UPDATE account SET locale = $2 WHERE id = $1",
	                           DB_ARGS(DB_INT(uid), DB_TEXT(r->locale))) != 1) ||
	     recovery_send_verification(db, uid) < 0))
		o = OUTCOME_ERROR;
	return o;
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
	if (!actors_label_of(actor_partner_types, actor_partner_type_labels, r->type)) {
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
                             const char *channel, const char *client_addr,
                             struct actor_registered *out)
{
	assert(out);
	*out = (struct actor_registered){0};
	struct registration r = {
		.name = field(org, "name"), .type = field(org, "type"),
		.website = field(org, "website"), .description = field(org, "description"),
		.email = field(first_user, "email"), .user_name = field(first_user, "name"),
		.locale = field(first_user, "locale"),
		.channel = channel ? channel : "web", .client_addr = client_addr, .errors = errors,
	};
	const char *password = json_string_value(json_object_get(first_user, "password"));
	if (check_registration(&r, field(org, "country"), password ? password : ""))
		return OUTCOME_INVALID;
	/* A second account of the same organisation is the commonest duplicate:
	 * warn before counting the attempt, so that confirming costs nothing. */
	if (!json_is_true(json_object_get(org, "similar_ok"))) {
		out->similar = actors_similar(db, r.name);
		if (!out->similar)
			return OUTCOME_ERROR;
		if (json_array_size(out->similar)) {
			add_error(errors, "org_name",
			          N_("An organisation with a similar name is already registered. If yours is another one, tick the box below and send the request again."));
			return OUTCOME_INVALID;
		}
		json_decref(out->similar);
		out->similar = NULL;
	}
	/* Counted before the costly hash: a flood from one address stops
	 * here (issue 11, finding 3). */
	switch (throttle_registration(db, client_addr, &out->retry_after)) {
	case THROTTLE_MAY:
		break;
	case THROTTLE_REFUSED:
	case THROTTLE_WAIT:
		return OUTCOME_CONFLICT;
	case THROTTLE_ERROR:
		return OUTCOME_ERROR;
	}
	char hash[AUTH_PASSWORD_HASH_MAX];
	if (auth_password_hash(password, hash) < 0)
		return OUTCOME_ERROR;
	r.hash = hash;
	enum outcome rc = audit_transaction(db, false, register_body, &r);
	if (rc == OUTCOME_OK)
		out->actor_id = r.actor_id;
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
	json_t *row = db_json_row(db, "SELECT kind, status, decision_reason, operators, "
	                          "purged_at, merged_into FROM actor WHERE id = $1",
	                          DB_ARGS(DB_INT(c->actor_id)));
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
	else if (!applies(c->d, status) || !json_is_null(json_object_get(row, "purged_at")) ||
	         !json_is_null(json_object_get(row, "merged_into")))
		rc = OUTCOME_CONFLICT;     /* decided already, or by someone else just now, or
		                              its data deleted (actors_retention.c), or merged
		                              into another actor (merge.h) */
	if (rc != OUTCOME_OK) {
		json_decref(row);
		return rc;
	}
	char now[AUDIT_TIME_LEN + 1], oid[24];
	audit_time(now, 0);
	actors_id_text(oid, c->actor_id);
	/* The feed shows the actor while it is public, and its tombstone
	 * after; a request never made public stays out of it. */
	bool news = actors_status_public(status) || actors_status_public(c->d->to);
	json_t *changes = json_pack("{s:o, s:o}",
	                            "status", actors_change(json_string(status), json_string(c->d->to)),
	                            "decision_reason",
	                            actors_change(json_deep_copy(json_object_get(row, "decision_reason")),
	                                   actors_jtext(c->reason)));
	json_decref(row);
	struct audit_event ev = {.user = c->by, .action = "actor.decide", .object_type = "actor",
	                         .object_id = oid, .changes = changes};
	if (db_exec(db, "UPDATE actor SET status = $1, decision_reason = $2, decided_at = $3 "
	            "WHERE id = $4",
	            DB_ARGS(DB_TEXT(c->d->to), DB_TEXT(c->reason), DB_TEXT(now),
	                    DB_INT(c->actor_id))) != 1 ||
	    audit_append(db, &ev) < 0 || actors_index(db, c->actor_id) < 0 ||
	    actors_announce(db, c->actor_id, c->d->to, c->reason) < 0 ||
	    (news && changelog_note(db, CHANGE_KIND_ACTOR, c->actor_id) < 0))
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
