/* main.c — the pacte program: finds the subcommand in the command table and
 * runs it; checks at the end that everything written to stdout got out. */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "cli.h"
#include "util.h"

static const struct command *const commands[] = {
	&cmd_init_def,
	&cmd_serve_def,
	&cmd_migrate_def,
	&cmd_user_def,
	&cmd_actor_def,
	&cmd_audit_def,
	&cmd_backup_def,
	&cmd_restore_def,
	&cmd_export_def,
	&cmd_import_def,
	&cmd_demo_def,
	&cmd_report_def,
	&cmd_notify_def,
};

static void usage(FILE *out)
{
	fputs("usage: pacte COMMAND [OPTIONS]\n\n"
	      "Pacte: commitments, progress, practices and review for the Global Compact\n"
	      "for Safe, Orderly and Regular Migration.\n\n"
	      "Commands:\n", out);
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\nEvery command that touches the database takes --db PATH (SQLite, default\n"
	      DB_DEFAULT_PATH ") or --database-url URL; environment: PACTE_DB,\n"
	      "PACTE_DATABASE_URL, PACTE_LISTEN, PACTE_LANG (flags win).\n"
	      "Run 'pacte COMMAND --help' for a command's options.\n", out);
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static int finish(int status)
{
	/* A full disk or a closed pipe must fail loudly, not half-succeed. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "pacte: error writing to standard output\n");
		return 1;
	}
	return status;
}

int main(int argc, char **argv)
{
	/* Tokens, password hashes and the audit chain all need libsodium. */
	if (auth_init() < 0) {
		fprintf(stderr, "pacte: cannot initialise libsodium: no secure source of "
		        "random numbers on this system\n");
		return 1;
	}
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		usage(stdout);
		return finish(0);
	}
	if (strcmp(name, "help") == 0) {
		const struct command *c = argc > 2 ? find_command(argv[2]) : NULL;
		if (argc > 2 && !c) {
			fprintf(stderr, "pacte: help: unknown command '%s'\n", argv[2]);
			return 2;
		}
		if (c)
			fputs(c->usage, stdout);
		else
			usage(stdout);
		return finish(0);
	}
	const struct command *cmd = find_command(name);
	if (!cmd) {
		fprintf(stderr, "pacte: unknown command '%s' (see 'pacte --help')\n", name);
		return 2;
	}
	return finish(cmd->run(argc - 1, argv + 1));
}
