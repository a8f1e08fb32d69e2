/* actors.h — who acts in Pacte: every state, and the partners the Compact
 * names (paragraph 15(j)) plus the UN system.
 *
 * A state actor exists for every country of the reference data (kind
 * "state", created by actors_sync_states at init); a partner is created by
 * a registration request and accredited by a reviewer. Only an accredited
 * actor's users may publish anything. Writes go through can() and the
 * audit trail in the same transaction.
 *
 * Who sees whom: accredited and suspended actors are public (a suspended
 * partner's past commitments stay part of the record, so the partner
 * stays listed, with its status); a requested or declined one only to its
 * own users and to those who decide on requests (reviewers, admins), until
 * accredited (actors_visible). */
#ifndef PACTE_ACTORS_H
#define PACTE_ACTORS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "outcome.h"

struct db;
struct user;

/* The partner types: their codes (stored, in URLs and the API) and English
 * labels (msgids), NULL-terminated, in display order. */
extern const char *const actor_partner_types[];
extern const char *const actor_partner_type_labels[];
/* The statuses: requested, accredited, declined, suspended. */
extern const char *const actor_statuses[];
extern const char *const actor_status_labels[];

/* Creates the missing state actors, one per country (idempotent). Returns
 * the number created, or -1. Runs inside its own transaction. */
int actors_sync_states(struct db *db);

/* True for the statuses anyone may see: accredited and suspended. */
bool actors_status_public(const char *status);

/* The condition a public actor meets (actors_status_public) in SQL, for
 * an actor aliased a: a constant fragment to paste into a query. An actor
 * merged into another (merge.h) is public no more: it is a redirect. */
#define ACTOR_PUBLIC_SQL "(a.status IN ('accredited', 'suspended') AND a.merged_into IS NULL)"

/* The SQL expression naming actor `a` in locale's language, the one rule
 * for an actor's name on every page, list, feed and export label: a state
 * under its country's name in that language (English when the country has
 * none in it), any other actor under its own name. A constant fragment
 * (six of them, one per language) to paste where a query selects the name
 * of an actor aliased a; it reads table country on its own. */
const char *actors_name_sql(const char *locale);

/* Runs head, then the name of actor `a` in locale (actors_name_sql), then
 * tail, whose "$?" is arg (query.h): the one-parameter read that shows an
 * actor's name. The rows, or NULL (db_errmsg). */
struct db_res *actors_query_named(struct db *db, const char *locale, const char *head,
                                  const char *tail, struct db_arg arg);

/* Writes actor id's search document (search.h) when the actor is public,
 * removes it otherwise; inside the caller's transaction. Every write of an
 * actor calls it. 0, or -1 (db_errmsg). actors_index_all rebuilds every
 * actor's (reindex.h). */
int actors_index(struct db *db, int64_t id);
int actors_index_all(struct db *db);

/* True when u (NULL: anonymous) may list actors of this status: the
 * public ones, and every status for those who decide on requests. */
bool actors_status_listable(const struct user *u, const char *status);

/* True when u (NULL: anonymous) may see actor actor_id, whose status is
 * `status`: anyone when it is public; otherwise (requested, declined) only
 * its own users and those who decide on requests. */
bool actors_visible(const struct user *u, int64_t actor_id, const char *status);

/* The list for /actors, as `viewer` (NULL: anonymous) may see it: filters
 * (each may be NULL or ""): kind ("state", "partner"), partner type,
 * status, country ISO3, q (name, folded like country search). Model
 * {"actors": [...], "count", "filters": {...}, "types", "statuses"} with
 * labels in locale. Without a status filter, the public statuses; a
 * status the viewer may not list (actors_status_listable) lists nothing,
 * and is not among the "statuses" options. The operators' actor is never
 * listed (it is no partner). NULL on database error. */
json_t *actors_list(struct db *db, const char *locale, const struct user *viewer,
                    const char *kind, const char *type, const char *status,
                    const char *country, const char *q);

/* One actor for /actors/{id} as `viewer` (NULL: anonymous) may see it:
 * {"actor": {...}}; JSON null when there is none or the viewer may not
 * see it (actors_visible: the same answer, so nobody learns that a request
 * exists), NULL on error. An actor merged into another (merge.h) is
 * {"merged_into": id} whoever asks: its page redirects there. The operators' actor comes as kind "operators",
 * "operators": true, with no partner type and no accreditation status. */
json_t *actors_get(struct db *db, const char *locale, int64_t id, const struct user *viewer);

/* At most this many similar organisations are named (actors_similar). */
#define ACTORS_SIMILAR_MAX 5

/* The public partners whose name is the same as `name` but for case,
 * accents, spaces and punctuation, or one letter away in a name of 8 or
 * more letters with the same digits (actors_similar.c): [{"id", "name"}],
 * at most ACTORS_SIMILAR_MAX, oldest first; [] when none. Requested and
 * declined ones are never named (they are not public). NULL on error. */
json_t *actors_similar(struct db *db, const char *name);

/* What became of a registration request (actors_register). */
struct actor_registered {
	int64_t actor_id;   /* the new actor; 0 when the email had an account (nothing written) */
	int retry_after;    /* with OUTCOME_CONFLICT: seconds until the address may register again */
	json_t *similar;    /* with OUTCOME_INVALID: the similar organisations (actors_similar),
	                       or NULL; the caller releases it */
};

/* A registration request (from /account/register): the organisation (name,
 * partner type, country ISO3 or NULL, website or NULL, description) and its
 * first user (email, display name, password, and optionally the locale
 * their mail is written in), who gets the role "editor" and is mailed a
 * link to verify the address (recovery.h).
 * The actor starts as "requested". Fields come validated by the caller; an
 * unknown country (it needs the database) adds a message to errors and
 * returns OUTCOME_INVALID. So does a name like a public partner's
 * (actors_similar), with out->similar naming them, unless org's
 * "similar_ok" is true: the registrant saw the warning and confirms that
 * theirs is another organisation. Counted per client address first
 * (throttle_registration): past the limit, OUTCOME_CONFLICT with
 * out->retry_after. OUTCOME_OK when the request was taken — which, when
 * the email has an account already, means nothing was written
 * (out->actor_id 0): a caller facing the public must answer the same both
 * ways, not to tell whether an address has an account here (issue 11,
 * finding 5). Audited; OUTCOME_ERROR. */
enum outcome actors_register(struct db *db, json_t *org, json_t *first_user, json_t *errors,
                             const char *channel, const char *client_addr,
                             struct actor_registered *out);

/* A reviewer's decision on a partner: "accredit", "decline" (with a reason),
 * "suspend", "reinstate". Checked with can() (nobody decides on their own
 * actor nor on the operators'); audited with before/after. OUTCOME_DENIED
 * (audited), OUTCOME_INVALID (not a decision, no reason to decline, not a
 * partner), OUTCOME_NOT_FOUND, OUTCOME_CONFLICT (does not fit the status),
 * OUTCOME_ERROR. */
enum outcome actors_decide(struct db *db, const struct user *by, int64_t actor_id,
                           const char *decision, const char *reason);

/* The same decision taken by the operator at the console (`pacte actor
 * decide`): no can() check — whoever runs the command owns the instance —
 * and audited with no user, channel "cli". A NULL `by` in actors_decide is
 * still refused, so no web path can reach this by accident. The operators'
 * actor is no partner here either (OUTCOME_INVALID). */
enum outcome actors_decide_as_operator(struct db *db, int64_t actor_id, const char *decision,
                                       const char *reason);

/* How long a declined applicant's data is kept, in days, unless the
 * operator says otherwise (`pacte actor purge --days`). */
#define ACTORS_DECLINED_RETENTION_DAYS 90

/* Deletes the data of every partner declined before `today` (YYYY-MM-DD;
 * NULL: the real today) minus `days` whose decline was not appealed
 * (actors_retention.c): its description, website and reason, its people's
 * names, addresses, passwords, sessions, tokens, notifications and mail;
 * the rows stay as tombstones (purged_at), each purge audited with no
 * user on `channel` ("cli"), saying only that the data went. Idempotent:
 * a purged actor is never purged again. Returns how many were purged, or
 * -1 (an invalid today or negative days, or db_errmsg). */
int64_t actors_purge_declined(struct db *db, const char *today, int days, const char *channel);

/* The appeal of a declined partner by one of its own accounts (`by`):
 * the request goes back to the reviewers' queue (status "requested",
 * appealed_at set), and its data is never purged. Once per actor. Not an
 * action of can()'s table: like changing one's password, it belongs to
 * the actor's own accounts, whose actor, not accredited, may do nothing
 * else. Audited ("actor.appeal"). OUTCOME_DENIED (no user, or disabled),
 * OUTCOME_CONFLICT (the actor is not declined, was appealed already, or
 * purged), OUTCOME_ERROR. */
enum outcome actors_appeal(struct db *db, const struct user *by, const char *channel,
                           const char *client_addr);

/* The partners waiting for a decision, oldest first, for /admin:
 * {"actors": [{…as actors_get's actor…, "accounts": [{id, name, email}]}],
 * "count"}. NULL on error. */
json_t *actors_pending(struct db *db, const char *locale);

/* The actor an operator names at the console (`pacte user add --actor`):
 * an actor id (returned as is: the caller's write says whether it exists),
 * a state's ISO3 code ("MAR", any case), or "operators" for the
 * operators' own actor. Returns the id, 0 when there is no such actor, -1
 * on a database error. */
int64_t actors_resolve(struct db *db, const char *ref);

/* The operators' own actor: stored as an accredited partner of type
 * "other" named "Instance operators" and marked `operators` (migration
 * 0007), created (and audited) when missing; `pacte init` puts the first
 * admin there. Not a partner for anyone: no decision applies to it, no
 * public list or export shows it. Returns its id, or -1. */
int64_t actors_ensure_operator(struct db *db);

#endif
