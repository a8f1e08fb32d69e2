/* cli.h — what the subcommands share: their table entry, declarative option
 * parsing, and opening the database the flags and environment name.
 *
 * Each subcommand lives in src/cli/<name>.c and exports one cmd_<name>()
 * listed in the command table of src/main.c. Exit statuses: 0 success,
 * 1 the work failed, 2 the command line was wrong (one line on stderr). */
#ifndef PACTE_CLI_H
#define PACTE_CLI_H

#include <stdbool.h>

struct db;

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;   /* one line for `pacte --help` */
	const char *usage;     /* the whole `pacte NAME --help` text */
};

#define CLI_GO_ON (-1)

enum opt_kind { OPT_FLAG, OPT_STRING, OPT_UINT };

struct opt {
	const char *name;      /* "--db" */
	enum opt_kind kind;
	void *dest;            /* bool *, const char **, unsigned * */
	const char *env;       /* environment variable read when the flag is absent, or NULL */
	int group;             /* options that choose the same thing (non-zero): a flag for
	                        * one of them keeps the environment out of all */
};

/* Parses argv[1..argc) (argv[0] is the command name) against opts. Flags
 * win over the environment. Returns CLI_GO_ON, or the exit status to
 * return now: 0 after printing usage for --help, 2 after one line on
 * stderr naming the bad flag. Positional arguments are refused unless
 * positional/npositional are given; their count is stored there. */
int cli_parse(const struct command *cmd, const struct opt *opts, int argc, char **argv,
              const char **positional, int *npositional, int max_positional);

/* Database selection shared by every command that touches the database. */
struct db_flags {
	const char *db;        /* --db PATH / PACTE_DB */
	const char *url;       /* --database-url URL / PACTE_DATABASE_URL */
};
#define OPT_GROUP_DB 1
#define DB_OPTS(f) {"--db", OPT_STRING, &(f)->db, "PACTE_DB", OPT_GROUP_DB}, \
                   {"--database-url", OPT_STRING, &(f)->url, "PACTE_DATABASE_URL", OPT_GROUP_DB}
#define DB_DEFAULT_PATH "var/pacte.db"

/* The URL the flags select (database URL first, then path, then the
 * default var/pacte.db). */
const char *cli_db_target(const struct db_flags *f);

/* The selected database for messages: the path, or the URL without its
 * user name and password. Static storage. */
const char *cli_db_label(const struct db_flags *f);

/* Opens the selected database and applies pending migrations; prints the
 * reason and returns NULL on failure. */
struct db *cli_open_db(const char *cmdname, const struct db_flags *f);

extern const struct command cmd_init_def, cmd_serve_def, cmd_migrate_def;
extern const struct command cmd_user_def, cmd_audit_def, cmd_actor_def;
extern const struct command cmd_backup_def, cmd_restore_def, cmd_export_def;
extern const struct command cmd_import_def, cmd_demo_def;
extern const struct command cmd_report_def;
extern const struct command cmd_notify_def;   /* notify.c */

#endif
