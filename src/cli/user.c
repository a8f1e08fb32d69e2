/* user.c — `pacte user add|list|disable|token|verify`: accounts managed from the console.
 *
 * The console acts as the operator: the domain functions get by = NULL and
 * the audit trail records the writes with channel "cli". A new account's
 * password comes from standard input when that is not a terminal (one
 * line, so scripts can pipe it in), otherwise it is generated and printed
 * once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "actors.h"
#include "auth.h"
#include "cli.h"
#include "db.h"
#include "members.h"
#include "principal.h"
#include "recovery.h"
#include "tokens.h"
#include "users.h"
#include "util.h"
#include "validate.h"

#define GENERATED_PASSWORD_LEN 20

/* Reads one line of standard input into out (without its line end).
 * Returns 0, or -1 when there is none or it is too long. */
static int read_password(char *out, size_t cap)
{
	if (!fgets(out, (int)cap, stdin))
		return -1;
	size_t len = strcspn(out, "\r\n");
	if (out[len] == '\0' && len == cap - 1)
		return -1;          /* no line end within cap: too long */
	out[len] = '\0';
	return 0;
}

/* GENERATED_PASSWORD_LEN random base64url characters (120 bits). */
static void generate_password(char out[GENERATED_PASSWORD_LEN + 1])
{
	char token[AUTH_TOKEN_LEN + 1];
	auth_token_new(token);
	memcpy(out, token, GENERATED_PASSWORD_LEN);
	out[GENERATED_PASSWORD_LEN] = '\0';
	sodium_memzero(token, sizeof token);
}

/* Prints each field's message of an errors object (validate.h's shape). */
static void print_errors(const char *what, json_t *errors)
{
	json_t *messages = valid_messages("en", errors);
	const char *field;
	json_t *msg;
	json_object_foreach(messages, field, msg)
		fprintf(stderr, "pacte: %s: %s: %s\n", what, field, json_string_value(msg));
	json_decref(messages);
}

/* The default display name: the email's part before the @. */
static char *default_name(const char *email)
{
	const char *at = strchr(email, '@');
	return xstrndup(email, at ? (size_t)(at - email) : strlen(email));
}

static int add_user(struct db *db, const char *email, const char *role_arg,
                    const char *actor_arg, const char *name)
{
	int role = role_parse(role_arg);
	if (role < 0) {
		fprintf(stderr, "pacte: user add: unknown role '%s' (admin, reviewer, focal_point, "
		        "editor)\n", role_arg);
		return 2;
	}
	int64_t actor_id = actors_resolve(db, actor_arg);
	if (actor_id < 0) {
		fprintf(stderr, "pacte: user add: %s\n", db_errmsg(db));
		return 1;
	}
	if (actor_id == 0) {
		fprintf(stderr, "pacte: user add: no actor '%s' (an actor id, a state's ISO3 "
		        "code, or operators)\n", actor_arg);
		return 1;
	}
	char password[PASSWORD_MAX_BYTES + 2];
	bool generated = isatty(STDIN_FILENO);
	if (generated) {
		generate_password(password);
	} else if (read_password(password, sizeof password) < 0) {
		fprintf(stderr, "pacte: user add: no password on standard input (one line, at most "
		        "%d bytes)\n", PASSWORD_MAX_BYTES);
		return 1;
	}
	char *dflt = name ? NULL : default_name(email);
	json_t *errors = json_object();
	int64_t id = 0;
	enum outcome o = users_add(db, NULL, email, name ? name : dflt, (enum role)role, actor_id,
	                           password, errors, &id);
	int status = 0;
	if (o == OUTCOME_OK) {
		char stored[EMAIL_MAX + 1];
		if (principal_email_normalise(email, stored) < 0)
			snprintf(stored, sizeof stored, "%s", email);
		printf("user %lld added: %s, %s\n", (long long)id, stored,
		       role_name((enum role)role));
		if (generated)
			printf("password: %s (shown only now)\n", password);
	} else if (o == OUTCOME_INVALID) {
		print_errors("user add", errors);
		status = 1;
	} else {
		fprintf(stderr, "pacte: user add: %s\n", db_errmsg(db));
		status = 1;
	}
	sodium_memzero(password, sizeof password);
	json_decref(errors);
	free(dflt);
	return status;
}

static const char *str_or(json_t *v, const char *dflt)
{
	const char *s = json_string_value(v);
	return s ? s : dflt;
}

static int list_users(struct db *db, bool as_json)
{
	json_t *list = users_list(db);
	if (!list) {
		fprintf(stderr, "pacte: user list: %s\n", db_errmsg(db));
		return 1;
	}
	if (as_json) {
		char *text = json_dumps(list, JSON_INDENT(2));
		if (text)
			puts(text);
		free(text);
		json_decref(list);
		return 0;
	}
	printf("%-5s %-32s %-24s %-12s %-8s %-24s %s\n", "ID", "EMAIL", "NAME", "ROLE", "STATUS",
	       "LAST SIGN-IN", "ACTOR");
	size_t i;
	json_t *u;
	json_array_foreach(list, i, u) {
		json_t *actor = json_object_get(u, "actor");
		printf("%-5lld %-32s %-24s %-12s %-8s %-24s %lld %s\n",
		       (long long)json_integer_value(json_object_get(u, "id")),
		       str_or(json_object_get(u, "email"), ""), str_or(json_object_get(u, "name"), ""),
		       str_or(json_object_get(u, "role"), ""),
		       json_is_true(json_object_get(u, "disabled")) ? "disabled" : "active",
		       str_or(json_object_get(u, "last_sign_in"), "never"),
		       (long long)json_integer_value(json_object_get(actor, "id")),
		       str_or(json_object_get(actor, "name"), ""));
	}
	json_decref(list);
	return 0;
}

/* The id of the user named by an id or an email: > 0, 0 when there is no
 * such user, -1 on a database error, -2 when `who` is neither (said on
 * stderr). */
static int64_t find_user(struct db *db, const char *sub, const char *who)
{
	int64_t id = 0;
	if (strchr(who, '@'))
		return principal_find_email(db, who);
	if (parse_int64(who, 1, INT64_MAX, &id) < 0) {
		fprintf(stderr, "pacte: user %s: '%s' is neither a user id nor an email\n", sub, who);
		return -2;
	}
	return id;
}

/* The options of `pacte user token`, named as the account page's fields
 * (tokens.h): NULL when not given. */
struct token_opts {
	const char *label, *scope, *expires_in_days;
};

/* A personal API token for the user, made from the console (for a script
 * set up by the operator); shown once, stored hashed like any other. */
static int token_user(struct db *db, const char *who, const struct token_opts *t)
{
	int64_t id = find_user(db, "token", who);
	if (id == -2)
		return 2;
	struct user u;
	enum outcome o = id < 0 ? OUTCOME_ERROR : id == 0 ? OUTCOME_NOT_FOUND : principal_get(db, id, &u);
	char token[AUTH_TOKEN_LEN + 1];
	json_t *made = NULL, *errors = json_object();
	if (o == OUTCOME_OK) {
		u.channel = "cli";
		json_t *input = json_pack("{s:s}", "label",
		                          t->label ? t->label : "made with pacte user token");
		if (t->scope)
			json_object_set_new(input, "scope", json_string(t->scope));
		if (t->expires_in_days)
			json_object_set_new(input, "expires_in_days", json_string(t->expires_in_days));
		o = tokens_make(db, &u, input, errors, token, &made);
		json_decref(input);
	}
	json_t *messages = valid_messages("en", errors);
	json_decref(errors);
	const char *key;
	json_t *msg;
	switch (o) {
	case OUTCOME_OK:
		printf("API token %lld for %s, %s, expires %s (shown only now; send it as "
		       "Authorization: Bearer):\n%s\n",
		       (long long)json_integer_value(json_object_get(made, "id")), u.email,
		       strcmp(json_string_value(json_object_get(made, "scope")), "write") == 0
		       ? "read and write" : "read only",
		       json_string_value(json_object_get(made, "expires_at")), token);
		sodium_memzero(token, sizeof token);
		json_decref(made);
		json_decref(messages);
		return 0;
	case OUTCOME_NOT_FOUND:
		fprintf(stderr, "pacte: user token: no user '%s'\n", who);
		json_decref(messages);
		return 1;
	case OUTCOME_CONFLICT:
		fprintf(stderr, "pacte: user token: this user has the most tokens allowed: revoke one first\n");
		json_decref(messages);
		return 1;
	case OUTCOME_INVALID:
		json_object_foreach(messages, key, msg)
			fprintf(stderr, "pacte: user token: --%s: %s\n",
			        strcmp(key, "expires_in_days") == 0 ? "expires-in-days" : key,
			        json_string_value(msg));
		json_decref(messages);
		return 1;
	default:
		fprintf(stderr, "pacte: user token: %s\n", db_errmsg(db));
		json_decref(messages);
		return 1;
	}
}

/* `pacte user disable` and `pacte user enable`: users_disable and
 * users_enable, as /admin/users calls them. */
static int set_disabled(struct db *db, const char *sub, const char *who)
{
	bool disable = strcmp(sub, "disable") == 0;
	int64_t id = find_user(db, sub, who);
	if (id == -2)
		return 2;
	if (id < 0) {
		fprintf(stderr, "pacte: user %s: %s\n", sub, db_errmsg(db));
		return 1;
	}
	enum outcome o = !id ? OUTCOME_NOT_FOUND : disable ? users_disable(db, NULL, id)
	                                                 : users_enable(db, NULL, id);
	switch (o) {
	case OUTCOME_OK:
		printf(disable ? "user %lld disabled: its sessions and API tokens no longer work\n"
		               : "user %lld enabled: its owner signs in again\n", (long long)id);
		return 0;
	case OUTCOME_CONFLICT:
		printf(disable ? "user %lld was already disabled\n" : "user %lld was not disabled\n",
		       (long long)id);
		return 0;
	case OUTCOME_NOT_FOUND:
		fprintf(stderr, "pacte: user %s: no user '%s'\n", sub, who);
		return 1;
	default:
		fprintf(stderr, "pacte: user %s: %s\n", sub, db_errmsg(db));
		return 1;
	}
}

/* `pacte user role`: users_set_role, as /admin/users calls it. */
static int role_user(struct db *db, const char *who, const char *role)
{
	int64_t id = find_user(db, "role", who);
	if (id == -2)
		return 2;
	int r = role_parse(role);
	if (r < 0) {
		fprintf(stderr, "pacte: user role: --role is admin, reviewer, focal_point or editor\n");
		return 2;
	}
	json_t *errors = json_object();
	enum outcome o = id < 0 ? OUTCOME_ERROR : !id ? OUTCOME_NOT_FOUND
	               : users_set_role(db, NULL, id, (enum role)r, errors);
	int rc = o == OUTCOME_OK || o == OUTCOME_CONFLICT ? 0 : 1;
	if (o == OUTCOME_OK || o == OUTCOME_CONFLICT)
		printf("user %lld is %s%s\n", (long long)id, role,
		       o == OUTCOME_CONFLICT ? " already" : "");
	else if (o == OUTCOME_NOT_FOUND)
		fprintf(stderr, "pacte: user role: no user '%s'\n", who);
	else if (o == OUTCOME_INVALID)
		print_errors("user role", errors);
	else
		fprintf(stderr, "pacte: user role: %s\n", db_errmsg(db));
	json_decref(errors);
	return rc;
}

/* `pacte user invite`: members_invite, as an administrator's form does. */
static int invite_user(struct db *db, const char *email, const char *role, const char *actor_arg)
{
	int r = role_parse(role);
	int64_t actor_id = actors_resolve(db, actor_arg);
	if (r < 0 || actor_id == 0) {
		fprintf(stderr, "pacte: user invite: %s\n", r < 0 ?
		        "--role is admin, reviewer, focal_point or editor" :
		        "no such actor (an actor id, a state's ISO3 code, or operators)");
		return 2;
	}
	json_t *errors = json_object();
	int64_t inv = 0;
	enum outcome o = actor_id < 0 ? OUTCOME_ERROR
	               : members_invite(db, NULL, actor_id, email, (enum role)r, errors, &inv);
	if (o == OUTCOME_OK)
		printf("invitation %lld sent to %s\n", (long long)inv, email);
	else if (o == OUTCOME_INVALID)
		print_errors("user invite", errors);
	else
		fprintf(stderr, "pacte: user invite: %s\n", db_errmsg(db));
	json_decref(errors);
	return o == OUTCOME_OK ? 0 : 1;
}

/* The operator vouches for the account's address (recovery.h). */
static int verify_user(struct db *db, const char *email)
{
	enum outcome o = recovery_verify_by_operator(db, email);
	if (o == OUTCOME_OK) {
		printf("the address %s is verified\n", email);
		return 0;
	}
	if (o == OUTCOME_NOT_FOUND)
		fprintf(stderr, "pacte: user verify: no user '%s'\n", email);
	else
		fprintf(stderr, "pacte: user verify: %s\n", db_errmsg(db));
	return 1;
}

static int run(int argc, char **argv)
{
	if (argc < 2) {
		fputs(cmd_user_def.usage, stderr);
		return 2;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		fputs(cmd_user_def.usage, stdout);
		return 0;
	}
	struct db_flags f = {0};
	const char *email = NULL, *role = NULL, *actor = NULL, *name = NULL;
	struct token_opts topts = {0};
	bool as_json = false;
	const char *pos[1];
	int npos = 0;
	int rc;
	if (strcmp(sub, "add") == 0) {
		const struct opt opts[] = {DB_OPTS(&f), {"--email", OPT_STRING, &email, NULL},
		                           {"--role", OPT_STRING, &role, NULL},
		                           {"--actor", OPT_STRING, &actor, NULL},
		                           {"--name", OPT_STRING, &name, NULL}, {0}};
		rc = cli_parse(&cmd_user_def, opts, argc - 1, argv + 1, NULL, NULL, 0);
		if (rc == CLI_GO_ON && (!email || !role || !actor)) {
			fprintf(stderr, "pacte: user add: --email, --role and --actor are required "
			        "(see 'pacte user --help')\n");
			rc = 2;
		}
	} else if (strcmp(sub, "invite") == 0) {
		const struct opt opts[] = {DB_OPTS(&f), {"--email", OPT_STRING, &email, NULL},
		                           {"--role", OPT_STRING, &role, NULL},
		                           {"--actor", OPT_STRING, &actor, NULL}, {0}};
		rc = cli_parse(&cmd_user_def, opts, argc - 1, argv + 1, NULL, NULL, 0);
		if (rc == CLI_GO_ON && (!email || !role || !actor)) {
			fprintf(stderr, "pacte: user invite: --email, --role and --actor are required "
			        "(see 'pacte user --help')\n");
			rc = 2;
		}
	} else if (strcmp(sub, "role") == 0) {
		const struct opt opts[] = {DB_OPTS(&f), {"--role", OPT_STRING, &role, NULL}, {0}};
		rc = cli_parse(&cmd_user_def, opts, argc - 1, argv + 1, pos, &npos, 1);
		if (rc == CLI_GO_ON && (npos != 1 || !role)) {
			fprintf(stderr, "pacte: user role: which user (an id or an email), and --role\n");
			rc = 2;
		}
	} else if (strcmp(sub, "list") == 0) {
		const struct opt opts[] = {DB_OPTS(&f), {"--json", OPT_FLAG, &as_json, NULL}, {0}};
		rc = cli_parse(&cmd_user_def, opts, argc - 1, argv + 1, NULL, NULL, 0);
	} else if (strcmp(sub, "verify") == 0) {
		const struct opt opts[] = {DB_OPTS(&f), {0}};
		rc = cli_parse(&cmd_user_def, opts, argc - 1, argv + 1, pos, &npos, 1);
		if (rc == CLI_GO_ON && (npos != 1 || !strchr(pos[0], '@'))) {
			fprintf(stderr, "pacte: user verify: whose address? (an email)\n");
			rc = 2;
		}
	} else if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0 ||
	           strcmp(sub, "token") == 0) {
		const struct opt opts[] = {DB_OPTS(&f), {"--label", OPT_STRING, &topts.label, NULL},
		                           {"--scope", OPT_STRING, &topts.scope, NULL},
		                           {"--expires-in-days", OPT_STRING, &topts.expires_in_days,
		                            NULL}, {0}};
		rc = cli_parse(&cmd_user_def, opts, argc - 1, argv + 1, pos, &npos, 1);
		if (rc == CLI_GO_ON && strcmp(sub, "token") != 0 &&
		    (topts.label || topts.scope || topts.expires_in_days)) {
			fprintf(stderr, "pacte: user %s: --label, --scope and --expires-in-days are "
			        "for 'pacte user token'\n", sub);
			rc = 2;
		}
		if (rc == CLI_GO_ON && npos != 1) {
			fprintf(stderr, "pacte: user %s: which user? (an id or an email)\n", sub);
			rc = 2;
		}
	} else {
		fprintf(stderr, "pacte: user: unknown subcommand '%s' (see 'pacte user --help')\n",
		        sub);
		return 2;
	}
	if (rc != CLI_GO_ON)
		return rc;
	struct db *db = cli_open_db("user", &f);
	if (!db)
		return 1;
	if (strcmp(sub, "add") == 0)
		rc = add_user(db, email, role, actor, name);
	else if (strcmp(sub, "list") == 0)
		rc = list_users(db, as_json);
	else if (strcmp(sub, "token") == 0)
		rc = token_user(db, pos[0], &topts);
	else if (strcmp(sub, "verify") == 0)
		rc = verify_user(db, pos[0]);
	else if (strcmp(sub, "role") == 0)
		rc = role_user(db, pos[0], role);
	else if (strcmp(sub, "invite") == 0)
		rc = invite_user(db, email, role, actor);
	else
		rc = set_disabled(db, sub, pos[0]);
	db_close(db);
	return rc;
}

const struct command cmd_user_def = {
	"user", run, "add, list, invite, change, disable and enable accounts",
	"usage: pacte user add --email EMAIL --role ROLE --actor ACTOR [--name NAME]\n"
	"       pacte user list [--json]\n"
	"       pacte user disable ID|EMAIL\n"
	"       pacte user enable ID|EMAIL\n"
	"       pacte user role ID|EMAIL --role ROLE\n"
	"       pacte user invite --email EMAIL --role ROLE --actor ACTOR\n"
	"       pacte user token ID|EMAIL [--label TEXT] [--scope read|write]\n"
	"                        [--expires-in-days N]\n"
	"       pacte user verify EMAIL\n"
	"  (each also takes --db PATH | --database-url URL)\n\n"
	"add      creates an account. ROLE is admin, reviewer, focal_point (of a state)\n"
	"         or editor (of a partner); ACTOR is an actor id, a state's ISO3 code,\n"
	"         or operators (the instance operators' own actor, where init put the\n"
	"         first admin).\n"
	"         The password is read from standard input when it is not a terminal\n"
	"         (one line, at least 10 characters); otherwise one is generated and\n"
	"         printed once.\n"
	"list     prints every account as a table, or as JSON with --json.\n"
	"disable  disables an account and ends its sessions and API tokens.\n"
	"enable   re-enables a disabled account (its owner signs in again).\n"
	"role     gives the account another role in the actor it acts for (the role\n"
	"         must fit it, as for add).\n"
	"invite   mails an invitation into ACTOR with ROLE: the link makes the\n"
	"         account (or adds the actor to the account of that address).\n"
	"token    creates a personal API token for the account, printed once: with\n"
	"         --scope read (the default) it may only read, with write it may also\n"
	"         change data; it expires after --expires-in-days (default 90, at most\n"
	"         730), as a token made on the account page.\n"
	"verify   counts the account's address as verified, as if its owner had\n"
	"         opened the link mailed at registration (the operator vouches).\n\n"
	"Every change is recorded in the audit trail as made from the console.\n\n"
	"  --db PATH            SQLite database file (default " DB_DEFAULT_PATH "; env PACTE_DB)\n"
	"  --database-url URL   postgres://... instead of a file (env PACTE_DATABASE_URL)\n",
};
