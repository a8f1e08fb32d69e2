/* audit.c — `pacte audit verify`: walks the audit trail's hash chain and
 * says whether it is intact or where it first breaks. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "db.h"

static int verify(struct db *db)
{
	int64_t entries = 0, bad_id = 0;
	char last[AUDIT_HASH_LEN + 1] = "", reason[256] = "";
	int rc = audit_verify_chain(db, &entries, last, &bad_id, reason, sizeof reason);
	if (rc < 0) {
		fprintf(stderr, "pacte: audit verify: %s\n", db_errmsg(db));
		return 1;
	}
	if (rc > 0) {
		printf("audit trail broken at entry %lld: %s\n", (long long)bad_id, reason);
		return 1;
	}
	printf("audit trail intact: %lld entries\n", (long long)entries);
	/* Kept elsewhere, the last hash shows later whether entries were cut
	 * off the end, which the chain alone cannot show. */
	if (entries)
		printf("last entry %lld, hash %s\n", (long long)entries, last);
	return 0;
}

static int run(int argc, char **argv)
{
	if (argc < 2) {
		fputs(cmd_audit_def.usage, stderr);
		return 2;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		fputs(cmd_audit_def.usage, stdout);
		return 0;
	}
	if (strcmp(sub, "verify") != 0) {
		fprintf(stderr, "pacte: audit: unknown subcommand '%s' (see 'pacte audit --help')\n",
		        sub);
		return 2;
	}
	struct db_flags f = {0};
	const struct opt opts[] = {DB_OPTS(&f), {0}};
	int rc = cli_parse(&cmd_audit_def, opts, argc - 1, argv + 1, NULL, NULL, 0);
	if (rc != CLI_GO_ON)
		return rc;
	struct db *db = cli_open_db("audit", &f);
	if (!db)
		return 1;
	rc = verify(db);
	db_close(db);
	return rc;
}

const struct command cmd_audit_def = {
	"audit", run, "check the audit trail's hash chain",
	"usage: pacte audit verify [--db PATH | --database-url URL]\n\n"
	"Recomputes every audit entry's hash and its link to the entry before, in\n"
	"order. Prints \"audit trail intact: N entries\" and the last entry's hash\n"
	"(note it somewhere safe: it shows later whether entries were cut off the\n"
	"end), exit status 0; or \"audit trail broken at entry ID: reason\" for the\n"
	"first entry that does not verify, exit status 1.\n\n"
	"  --db PATH            SQLite database file (default " DB_DEFAULT_PATH "; env PACTE_DB)\n"
	"  --database-url URL   postgres://... instead of a file (env PACTE_DATABASE_URL)\n",
};
