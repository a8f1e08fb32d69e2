/* init.c — `pacte init`: create or migrate the database and load the
 * reference data (the Compact's objectives and principles, the countries
 * and their regions), make every state an actor, and create the first
 * admin account with a generated password printed once. Idempotent:
 * running it again changes nothing. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "actors.h"
#include "auth.h"
#include "buf.h"
#include "cli.h"
#include "compact.h"
#include "db.h"
#include "importer.h"
#include "indicators.h"
#include "names.h"
#include "refdata.h"
#include "users.h"
#include "util.h"
#include "validate.h"

#define ADMIN_EMAIL_DEFAULT "admin@example.org"
#define ADMIN_PASSWORD_LEN 20

/* Creates the first admin, in the operators' own actor, when no admin
 * exists. Returns 1 when it did (password holds the generated password),
 * 0 when an admin existed already, -1 after printing why it failed. */
static int ensure_admin(struct db *db, const char *email,
                        char password[ADMIN_PASSWORD_LEN + 1])
{
	if (users_have_admin(db))
		return 0;
	int64_t actor = actors_ensure_operator(db);
	if (actor < 0) {
		fprintf(stderr, "pacte: init: the operators' actor not created: %s\n", db_errmsg(db));
		return -1;
	}
	/* Never a fixed default password: 120 random bits, shown once. */
	char token[AUTH_TOKEN_LEN + 1];
	auth_token_new(token);
	memcpy(password, token, ADMIN_PASSWORD_LEN);
	password[ADMIN_PASSWORD_LEN] = '\0';
	sodium_memzero(token, sizeof token);
	json_t *errors = json_object();
	enum outcome o = users_add(db, NULL, email, "Administrator", ROLE_ADMIN, actor, password,
	                           errors, NULL);
	if (o != OUTCOME_OK) {
		json_t *messages = valid_messages("en", errors);
		const char *field;
		json_t *msg;
		json_object_foreach(messages, field, msg)
			fprintf(stderr, "pacte: init: admin account: %s: %s\n", field,
			        json_string_value(msg));
		json_decref(messages);
		if (o != OUTCOME_INVALID)
			fprintf(stderr, "pacte: init: admin account not created: %s\n", db_errmsg(db));
	}
	json_decref(errors);
	return o == OUTCOME_OK ? 1 : -1;
}

/* The sample commitments and their progress (data/sample/), once. */
static int load_sample(struct db *db)
{
	struct buf errors;
	buf_init(&errors, (size_t)1 << 20);
	struct import_result r;
	enum outcome o = import_sample(db, &errors, &r);
	if (o != OUTCOME_OK)
		fprintf(stderr, "%spacte: init: sample data not loaded%s%s\n", buf_str(&errors),
		        o == OUTCOME_ERROR ? ": " : "", o == OUTCOME_ERROR ? db_errmsg(db) : "");
	else if (r.commitments)
		printf("sample data: %zu commitments and %zu progress updates, marked as sample\n",
		       r.commitments, r.updates);
	buf_release(&errors);
	return o == OUTCOME_OK ? 0 : -1;
}

static int run(int argc, char **argv)
{
	struct db_flags f = {0};
	bool sample = false;
	const char *admin_email = NULL;
	const struct opt opts[] = {DB_OPTS(&f), {"--sample", OPT_FLAG, &sample, NULL},
	                           {"--admin-email", OPT_STRING, &admin_email, NULL}, {0}};
	int rc = cli_parse(&cmd_init_def, opts, argc, argv, NULL, NULL, 0);
	if (rc != CLI_GO_ON)
		return rc;
	struct db *db = cli_open_db("init", &f);
	if (!db)
		return 1;
	char err[4096];
	if (refdata_load(db, err, sizeof err) < 0) {
		fprintf(stderr, "pacte: init: reference data not loaded:\n%s\n", err);
		db_close(db);
		return 1;
	}
	if (names_load(db, err, sizeof err) < 0) {
		fprintf(stderr, "pacte: init: names in other languages not loaded:\n%s\n", err);
		db_close(db);
		return 1;
	}
	if (indicators_catalog_load(db, err, sizeof err) < 0) {
		fprintf(stderr, "pacte: init: the indicators' catalogue not loaded:\n%s\n", err);
		db_close(db);
		return 1;
	}
	if (actors_sync_states(db) < 0) {
		fprintf(stderr, "pacte: init: state actors not created: %s\n", db_errmsg(db));
		db_close(db);
		return 1;
	}
	/* Counted now: failing after the admin is created would lose the
	 * password printed below. */
	struct refdata_counts n;
	if (refdata_count(db, &n) < 0) {
		fprintf(stderr, "pacte: init: reference data not counted: %s\n", db_errmsg(db));
		db_close(db);
		return 1;
	}
	char password[ADMIN_PASSWORD_LEN + 1] = "";
	if (!admin_email)
		admin_email = ADMIN_EMAIL_DEFAULT;
	int admin = ensure_admin(db, admin_email, password);
	if (admin < 0) {
		db_close(db);
		return 1;
	}
	if (sample && load_sample(db) < 0) {
		db_close(db);
		return 1;
	}
	db_close(db);
	printf("database %s ready: %lld countries, %lld objectives, %lld guiding principles\n",
	       cli_db_label(&f), (long long)n.countries, (long long)n.objectives,
	       (long long)n.principles);
	if (admin)
		printf("Sign in at /account/login as %s with password %s (shown only now)\n",
		       admin_email, password);
	else
		printf("an admin account exists already ('pacte user list' shows it)\n");
	sodium_memzero(password, sizeof password);
	return 0;
}

const struct command cmd_init_def = {
	"init", run, "create or migrate the database and load the reference data",
	"usage: pacte init [--db PATH | --database-url URL] [--sample] [--admin-email EMAIL]\n\n"
	"Creates the database if needed, applies pending migrations and loads the\n"
	"reference data: the Compact's " STRINGIFY(COMPACT_OBJECTIVES) " objectives and "
	STRINGIFY(COMPACT_PRINCIPLES) " guiding principles, the\n"
	"193 UN member states and 2 observer states with their M49 regions; makes\n"
	"every state an actor. When no admin account exists, creates one (in the\n"
	"\"Instance operators\" actor) with a generated password printed once.\n"
	"Running it again is safe and changes nothing.\n\n"
	"  --db PATH            SQLite database file (default " DB_DEFAULT_PATH "; env PACTE_DB)\n"
	"  --database-url URL   postgres://... instead of a file (env PACTE_DATABASE_URL)\n"
	"  --sample             also load the sample records of the features that have\n"
	"                       them, each marked as sample data wherever it is shown\n"
	"  --admin-email EMAIL  the first admin's email (default " ADMIN_EMAIL_DEFAULT ")\n",
};
