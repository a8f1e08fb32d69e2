/* commitments_impl.h — what the files of the commitments module share, and
 * nothing else includes: small helpers that turn result columns into JSON,
 * the list's sorts and cursors (read by the filter check), and the
 * messages both validation and the writes give.
 *
 * The helpers are static inline so that each file keeps only those it
 * uses. */
#ifndef PACTE_COMMITMENTS_IMPL_H
#define PACTE_COMMITMENTS_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "commitments.h"
#include "db.h"
#include "text.h"
#include "util.h"

/* ---- JSON from result columns -------------------------------------------- */

/* A string or null (and null for text jansson refuses: never stored). */
static inline json_t *jstr(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;
	return j ? j : json_null();
}

static inline json_t *col_str(struct db_res *res, int col)
{
	return jstr(db_text(res, col));
}

static inline json_t *col_int(struct db_res *res, int col)
{
	return db_isnull(res, col) ? json_null() : json_integer(db_int(res, col));
}

/* "/commitments/12": a path and an id. */
static inline json_t *url_json(const char *prefix, int64_t id)
{
	char url[64];
	snprintf(url, sizeof url, "%s%lld", prefix, (long long)id);
	return json_string(url);
}

/* {id, name, url} of the actor in columns id_col and name_col. */
static inline json_t *actor_ref(struct db_res *res, int id_col, int name_col)
{
	return json_pack("{s:I, s:o, s:o}", "id", (json_int_t)db_int(res, id_col),
	                 "name", col_str(res, name_col),
	                 "url", url_json("/actors/", db_int(res, id_col)));
}

static inline const char *jget_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* s folded (text_fold: lower case, no diacritics), as a new string: the
 * sort key of titles and names, the same on both backends. */
static inline char *fold(const char *s)
{
	struct buf b;
	buf_init(&b, 8192);
	text_fold(s, strlen(s), &b);
	char *out = xstrdup(buf_str(&b));
	buf_release(&b);
	return out;
}

static inline bool is_lang(const char *locale, const char *lang)
{
	return locale && strcmp(locale, lang) == 0;
}

static inline bool given(const char *s)
{
	return s && *s;
}

/* ---- The rules as a page shows them (commitments_rules.c) ------------------ */

/* Sets "overdue", "freshness" and "freshness_label" (in locale) on c, for a
 * commitment of that status, target date and activity date, on today. */
void commitment_rules_json(json_t *c, const char *locale, const char *status,
                           const char *target_date, const char *activity_date,
                           const char *today);

/* ---- Reference sets (commitments_refs.c) ------------------------------------ */

struct ref_actor {
	int64_t id;
	char *name;
	bool state;
	bool public;               /* accredited or suspended (actors_status_public) */
	char country[4];           /* a state's ISO3, or "" */
};

struct commitment_refs {
	char (*countries)[4];
	size_t ncountries;
	char **principles;
	size_t nprinciples;
	struct ref_actor *actors;       /* by id */
	size_t nactors;
	struct ref_actor **by_name;     /* by name */
};

/* Whether the sets hold a country code (upper case) or a principle slug. */
bool refs_country(const struct commitment_refs *r, const char *iso3);
bool refs_principle(const struct commitment_refs *r, const char *slug);
/* The actor of that id, or NULL. */
const struct ref_actor *refs_actor(const struct commitment_refs *r, int64_t id);

/* ---- The list's sorts and cursors (commitments_list.c) ---------------------- */

/* Each sort: the key a cursor carries, the order, and the condition that
 * starts after a cursor (key then id, matching the index of the sort). */
struct sort_def {
	const char *code;
	const char *key;
	const char *order;
	const char *after;      /* "$?" is the key; the id follows */
	const char *after_id;
};

/* The sort of code (NULL: "updated"), or NULL when there is none. */
const struct sort_def *commitments_find_sort(const char *code);

struct cursor {
	char sort[16];
	char key[COMMITMENT_CURSOR_MAX];
	int64_t id;
};

/* 0 and *c filled, or -1 when s is not a cursor the list made. */
int commitments_cursor_decode(const char *s, struct cursor *c);

/* ---- Participants (commitments_participants.c) ------------------------------ */

/* The parts other actors take in a commitment its owner (the lead) records:
 * the input's list of actor ids (key) and the role it gives each one.
 * Ends with {NULL, NULL}; the order is the check's (commitments_check.c). */
struct participant_role {
	const char *key;   /* "participants", "funders", "implementing_partners" */
	const char *role;  /* "member", "funder", "implementing_partner" */
};
extern const struct participant_role commitment_participant_roles[];

/* Makes commitment id's participants the actor ids of the normalised
 * input's role lists (commitment_participant_roles; a missing list: none),
 * inside the caller's transaction: removes the rows of actors no longer
 * named, adds the newly named ones as "invited" in their role, and leaves
 * the others — and their answers — as they are, unless their role
 * changed: a new part is a new question, so an accepted one is asked
 * again ("invited"); a "no" stays a "no". Returns 0 or -1 (db_errmsg). */
int participants_sync(struct db *db, int64_t id, const json_t *clean);

/* The participants a commitment's page shows: those invited or accepted
 * (a declined one is shown nowhere), by name: [{id, name, url, status,
 * status_label (in locale), invited: bool, role, role_label (in locale)}].
 * NULL on a database error. */
json_t *participants_json(struct db *db, const char *locale, int64_t id);

/* ---- Messages the writes give too (commitments_check.c) ---------------------- */

extern const char commitment_msg_matches_unknown[];
extern const char commitment_msg_indicator_id[];

#endif
