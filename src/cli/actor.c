/* actor.c — `pacte actor pending|decide|purge|merge`: the accreditation
 * queue from the console, for an operator without a browser, the deletion
 * of declined applicants' data past its retention period (run it daily,
 * from cron or a timer), and the merge of a duplicate organisation. The
 * operator's decisions and merges go through the same domain functions as
 * the reviewers' and administrators' and into the audit trail (no user,
 * channel "cli"). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "actors.h"
#include "cli.h"
#include "dates.h"
#include "db.h"
#include "merge.h"
#include "util.h"

static int pending(struct db *db)
{
	json_t *list = actors_pending(db, "en");
	if (!list) {
		fprintf(stderr, "pacte: actor pending: %s\n", db_errmsg(db));
		return 1;
	}
	json_t *items = json_object_get(list, "actors");   /* {"actors": [...]} */
	size_t i;
	json_t *a;
	json_array_foreach(items, i, a)
		printf("%lld\t%s\t%s\n", (long long)json_integer_value(json_object_get(a, "id")),
		       json_string_value(json_object_get(a, "status")) ?: "",
		       json_string_value(json_object_get(a, "name")) ?: "");
	if (json_array_size(items) == 0)
		printf("no partner is waiting for a decision\n");
	json_decref(list);
	return 0;
}

static const char *const outcome_words[] = {
	[OUTCOME_INVALID] = "not a valid decision: it is one of accredit, decline, suspend, "
	                    "reinstate; decline needs --reason; states and the operators' own "
	                    "actor are not accredited",
	[OUTCOME_NOT_FOUND] = "no actor has this id",
	[OUTCOME_DENIED] = "refused",
	[OUTCOME_CONFLICT] = "this decision does not apply to the actor's present status",
};

static int decide(struct db *db, const char *id_text, const char *decision, const char *reason)
{
	int64_t id;
	if (parse_int64(id_text, 1, INT64_MAX, &id) < 0) {
		fprintf(stderr, "pacte: actor decide: '%s' is not an actor id\n", id_text);
		return 2;
	}
	enum outcome o = actors_decide_as_operator(db, id, decision, reason);
	if (o == OUTCOME_OK) {
		printf("actor %lld: %s\n", (long long)id, decision);
		return 0;
	}
	fprintf(stderr, "pacte: actor decide: %s\n",
	        o == OUTCOME_ERROR ? db_errmsg(db) : outcome_words[o]);
	return 1;
}

static int purge(struct db *db, const char *today, unsigned days)
{
	if (today && !date_valid(today)) {
		fprintf(stderr, "pacte: actor purge: --today takes a date such as 2026-12-31\n");
		return 2;
	}
	int64_t n = actors_purge_declined(db, today, days > INT32_MAX ? INT32_MAX : (int)days, "cli");
	if (n < 0) {
		fprintf(stderr, "pacte: actor purge: %s\n", db_errmsg(db));
		return 1;
	}
	printf("%lld declined applicant(s) purged\n", (long long)n);
	return 0;
}

/* `pacte actor merge B INTO A`: B's records move to A, B redirects to A. */
static int merge(struct db *db, const char *from_text, const char *word, const char *into_text)
{
	int64_t from, into;
	if (strcasecmp(word, "into") != 0 || parse_int64(from_text, 1, INT64_MAX, &from) < 0 ||
	    parse_int64(into_text, 1, INT64_MAX, &into) < 0) {
		fprintf(stderr, "pacte: actor merge: say 'pacte actor merge B INTO A' with two actor "
		        "ids: B's records move to A, and B redirects to A\n");
		return 2;
	}
	struct merge_result r;
	enum outcome o = merge_actors_as_operator(db, from, into, &r);
	if (o != OUTCOME_OK) {
		fprintf(stderr, "pacte: actor merge: %s\n",
		        o == OUTCOME_ERROR ? db_errmsg(db) : r.problem ? r.problem
		        : o == OUTCOME_NOT_FOUND ? "no actor has this id" : "refused");
		return 1;
	}
	printf("actor %lld merged into actor %lld\n", (long long)from, (long long)into);
	const char *key;
	json_t *v;
	json_object_foreach(r.counts, key, v)
		if (json_is_object(v))
			printf("%s\t%lld moved\t%lld dropped (both had one)\n", key,
			       (long long)json_integer_value(json_object_get(v, "moved")),
			       (long long)json_integer_value(json_object_get(v, "dropped")));
		else
			printf("%s\t%lld\n", key, (long long)json_integer_value(v));
	json_decref(r.counts);
	return 0;
}

static int run(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	if (!sub) {
		fputs(cmd_actor_def.usage, stderr);
		return 2;
	}
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		fputs(cmd_actor_def.usage, stdout);
		return 0;
	}
	struct db_flags f = {0};
	const char *reason = NULL, *today = NULL, *pos[3];
	unsigned days = ACTORS_DECLINED_RETENTION_DAYS;
	int npos = 0, rc;
	bool is_decide = strcmp(sub, "decide") == 0, is_purge = strcmp(sub, "purge") == 0;
	bool is_merge = strcmp(sub, "merge") == 0;
	if (!is_decide && !is_purge && !is_merge && strcmp(sub, "pending") != 0) {
		fprintf(stderr, "pacte: actor: unknown subcommand '%s' (see 'pacte actor --help')\n", sub);
		return 2;
	}
	const struct opt opts[] = {DB_OPTS(&f), {"--reason", OPT_STRING, &reason, NULL},
	                           {"--days", OPT_UINT, &days, NULL},
	                           {"--today", OPT_STRING, &today, NULL}, {0}};
	rc = cli_parse(&cmd_actor_def, opts, argc - 1, argv + 1, pos, &npos,
	               is_decide ? 2 : is_merge ? 3 : 0);
	if (rc == CLI_GO_ON && is_decide && npos != 2) {
		fprintf(stderr, "pacte: actor decide: give an actor id and a decision "
		        "(see 'pacte actor --help')\n");
		rc = 2;
	}
	if (rc == CLI_GO_ON && is_merge && npos != 3) {
		fprintf(stderr, "pacte: actor merge: say 'pacte actor merge B INTO A' "
		        "(see 'pacte actor --help')\n");
		rc = 2;
	}
	if (rc != CLI_GO_ON)
		return rc;
	struct db *db = cli_open_db("actor", &f);
	if (!db)
		return 1;
	rc = is_decide ? decide(db, pos[0], pos[1], reason)
	     : is_purge ? purge(db, today, days)
	     : is_merge ? merge(db, pos[0], pos[1], pos[2]) : pending(db);
	db_close(db);
	return rc;
}

const struct command cmd_actor_def = {
	"actor", run, "list partners waiting for accreditation, decide on them, purge declined "
	"ones, merge duplicates",
	"usage: pacte actor pending\n"
	"       pacte actor decide ID accredit|decline|suspend|reinstate [--reason TEXT]\n"
	"       pacte actor purge [--days N] [--today YYYY-MM-DD]\n"
	"       pacte actor merge B INTO A\n"
	"  (each also takes --db PATH | --database-url URL)\n\n"
	"pending  lists the partners whose accreditation was requested: id, status, name.\n"
	"decide   takes a reviewer's decision as the instance's operator; decline needs\n"
	"         --reason. Recorded in the audit trail like a decision made at /admin.\n"
	"purge    deletes the data of the partners declined more than N days (default 90)\n"
	"         before today whose decline was not appealed: names, addresses,\n"
	"         sessions, tokens, mail; the rows stay, nameless. Audited; idempotent.\n"
	"merge    merges the duplicate partner B into partner A (accredited or suspended):\n"
	"         every record naming B names A, one row kept where both had one; B\n"
	"         stays as a redirect to A (/actors/B answers 301). Audited, with the\n"
	"         counts moved; the same merge as /actors/B/merge.\n",
};
