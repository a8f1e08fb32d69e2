/* fixture.c — the database fixture the domain unit tests share (fixture.h). */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "actors.h"
#include "commitments.h"
#include "fixture.h"
#include "practices.h"

int64_t one_int(struct db *db, const char *sql, size_t n, const struct db_arg *a)
{
	struct db_res *res = db_query(db, sql, n, a);
	int64_t v = -1;
	if (res && db_next(res) == 1)
		v = db_int(res, 0);
	else
		fprintf(stderr, "%s: %s\n", sql, db_errmsg(db));
	db_res_free(res);
	return v;
}

int64_t add_partner(struct db *db, const char *name, const char *type, const char *status)
{
	return one_int(db, "INSERT INTO actor (kind, name, search_key, partner_type, status, "
	               "created_at) VALUES ('partner', $1, lower($1), $2, $3, "
	               "'2020-01-01T00:00:00.000Z') RETURNING id",
	               DB_ARGS(DB_TEXT(name), DB_TEXT(type), DB_TEXT(status)));
}

void add_user(struct db *db, struct user *u, const char *email, enum role role,
                     int64_t actor, const char *status, const char *country)
{
	memset(u, 0, sizeof *u);
	u->id = one_int(db, "INSERT INTO account (email, name, password_hash, role, actor_id, "
	                "created_at, email_verified_at) VALUES ($1, $1, 'x', $2, $3, "
	                "'2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z') "
	                "RETURNING id", DB_ARGS(DB_TEXT(email), DB_TEXT(role_name(role)),
	                DB_INT(actor)));
	/* Its actor is its first membership (members.h), as users_add makes it. */
	assert_int_equal(db_exec(db, "INSERT INTO membership (user_id, actor_id, role, created_at) "
	                         "VALUES ($1, $2, $3, '2020-01-01T00:00:00.000Z')",
	                         DB_ARGS(DB_INT(u->id), DB_INT(actor), DB_TEXT(role_name(role)))), 1);
	snprintf(u->email, sizeof u->email, "%s", email);
	snprintf(u->name, sizeof u->name, "%s", email);
	u->role = role;
	u->actor_id = actor;
	u->actor_is_state = country != NULL;
	snprintf(u->actor_status, sizeof u->actor_status, "%s", status);
	snprintf(u->actor_country, sizeof u->actor_country, "%s", country ? country : "");
	u->channel = "web";
	u->client_addr = "192.0.2.1";
}

int64_t state_actor(struct db *db, const char *iso3)
{
	return one_int(db, "SELECT id FROM actor WHERE kind = 'state' AND country_iso3 = $1",
	               DB_ARGS(DB_TEXT(iso3)));
}

int fixture_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	*state = f;
	if (!f || scratch_open(&f->s, false) < 0 || scratch_load(&f->s, true) < 0)
		return -1;
	f->db = f->s.db;
	if (actors_sync_states(f->db) < 0) {
		fprintf(stderr, "actors_sync_states: %s\n", db_errmsg(f->db));
		return -1;
	}
	struct db *db = f->db;
	f->mar = state_actor(db, "MAR");
	f->sen = state_actor(db, "SEN");
	f->fra = state_actor(db, "FRA");
	if (db_begin(db) < 0)
		return -1;
	f->partner = add_partner(db, "Réseau Migrants Solidaires", "civil_society", "accredited");
	f->partner2 = add_partner(db, "Université du Sahel", "academia", "accredited");
	f->pending = add_partner(db, "Pending Org", "media", "requested");
	add_user(db, &f->fp_mar, "fp@mar.example", ROLE_FOCAL_POINT, f->mar, "accredited", "MAR");
	add_user(db, &f->fp_sen, "fp@sen.example", ROLE_FOCAL_POINT, f->sen, "accredited", "SEN");
	add_user(db, &f->editor, "ed@reseau.example", ROLE_EDITOR, f->partner, "accredited", NULL);
	add_user(db, &f->editor2, "ed@sahel.example", ROLE_EDITOR, f->partner2, "accredited", NULL);
	add_user(db, &f->pending_editor, "ed@pending.example", ROLE_EDITOR, f->pending,
	         "requested", NULL);
	add_user(db, &f->op, "admin@example.org", ROLE_ADMIN, f->partner, "accredited", NULL);
	add_user(db, &f->reviewer, "rev@example.org", ROLE_REVIEWER, f->partner, "accredited",
	         NULL);
	return db_commit(db) < 0 || f->mar <= 0 || f->partner <= 0 ? -1 : 0;
}

int fixture_teardown(void **state)
{
	struct fixture *f = *state;
	if (!f)
		return 0;
	scratch_close(&f->s);
	free(f);
	return 0;
}

int64_t scalar(struct db *db, const char *sql, size_t n, const struct db_arg *a)
{
	return scratch_scalar(db, sql, n, a);
}

/* A valid commitment's input, owned by `owner`. */
json_t *valid_input(int64_t owner)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:[i,i], s:[s], s:s, s:[s], s:s, s:s, "
	                 "s:[s], s:[{s:s, s:s, s:f, s:f}], s:s, s:s}",
	                 "owner_actor_id", (json_int_t)owner,
	                 "title", "Ouvrir 12 guichets d'accueil pour les migrants",
	                 "description", "Un **réseau** de guichets.", "lang", "fr",
	                 "objectives", 3, 15, "principles", "human-rights", "level", "national",
	                 "countries", "MAR", "start_date", "2024-01-01", "target_date", "2026-12-31",
	                 "deliverables", "12 guichets ouverts",
	                 "indicators", "name", "Personnes accueillies", "unit", "personnes",
	                 "baseline", 0.0, "target", 5000.0,
	                 "kind", "individual", "form", "process");
}

/* Creates a commitment as the operator from valid_input plus changes. */
int64_t create_with(struct db *db, int64_t owner, json_t *changes)
{
	json_t *in = valid_input(owner), *errors = json_object();
	if (changes)
		json_object_update(in, changes);
	int64_t id = 0;
	enum outcome rc = commitments_create(db, NULL, in, errors, &id);
	if (rc != OUTCOME_OK) {
		char *e = json_dumps(errors, 0);
		fail_msg("create: outcome %d, errors %s, %s", rc, e, db_errmsg(db));
	}
	json_decref(in);
	json_decref(errors);
	json_decref(changes);
	return id;
}

int64_t practice_with(struct db *db, int64_t actor, const char *status)
{
	json_t *in = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:[i], s:[s], s:s}",
	                       "actor_id", (json_int_t)actor, "title", "Zorbulant welcome desks",
	                       "summary", "Desks.", "context", "C.", "actions", "A.", "results", "R.",
	                       "start_year", (json_int_t)2020, "level", "national", "type",
	                       "programme", "objectives", 21, "countries", "MAR", "lang", "en");
	json_t *errors = json_object(), *clean = NULL;
	assert_int_equal(practice_validate(db, in, errors, &clean), 0);
	int64_t id = 0;
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(practices_insert(db, clean, status, "real", "2020-01-01T00:00:00.000Z",
	                                  &id), 0);
	assert_int_equal(db_commit(db), 0);
	json_decref(in);
	json_decref(errors);
	json_decref(clean);
	return id;
}
