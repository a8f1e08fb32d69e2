/* cli.c — option parsing and database opening for the subcommands. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "db.h"
#include "reindex.h"
#include "util.h"

static const struct opt *find_opt(const struct opt *opts, const char *name, size_t len)
{
	for (const struct opt *o = opts; o && o->name; o++)
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

static int set_value(const struct command *cmd, const struct opt *o, const char *value,
                     const char *source)
{
	if (o->kind == OPT_STRING) {
		if (!*value) {
			fprintf(stderr, "pacte: %s: %s must not be empty\n", cmd->name, source);
			return 2;
		}
		*(const char **)o->dest = value;
		return 0;
	}
	int64_t v;
	if (parse_int64(value, 1, 4096, &v) < 0) {
		fprintf(stderr, "pacte: %s: %s '%s': expected a whole number from 1 to 4096\n",
		        cmd->name, source, value);
		return 2;
	}
	*(unsigned *)o->dest = (unsigned)v;
	return 0;
}

int cli_parse(const struct command *cmd, const struct opt *opts, int argc, char **argv,
              const char **positional, int *npositional, int max_positional)
{
	int npos = 0;
	unsigned flagged_groups = 0;   /* bit g: a flag of group g was given */
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			fputs(cmd->usage, stdout);
			return 0;
		}
		if (arg[0] != '-' || arg[1] == '\0') {
			if (npos >= max_positional) {
				fprintf(stderr, "pacte: %s: unexpected argument '%s' (see 'pacte %s --help')\n",
				        cmd->name, arg, cmd->name);
				return 2;
			}
			positional[npos++] = arg;
			continue;
		}
		const char *eq = strchr(arg, '=');
		size_t nlen = eq ? (size_t)(eq - arg) : strlen(arg);
		const struct opt *o = find_opt(opts, arg, nlen);
		if (!o) {
			fprintf(stderr, "pacte: %s: unknown option '%.*s' (see 'pacte %s --help')\n",
			        cmd->name, (int)nlen, arg, cmd->name);
			return 2;
		}
		if (o->group)
			flagged_groups |= 1u << o->group;
		if (o->kind == OPT_FLAG) {
			if (eq) {
				fprintf(stderr, "pacte: %s: %s takes no value\n", cmd->name, o->name);
				return 2;
			}
			*(bool *)o->dest = true;
			continue;
		}
		const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
		if (!value) {
			fprintf(stderr, "pacte: %s: %s needs a value (see 'pacte %s --help')\n",
			        cmd->name, o->name, cmd->name);
			return 2;
		}
		int rc = set_value(cmd, o, value, o->name);
		if (rc)
			return rc;
	}
	/* The environment fills what the flags left unset: `--db x.db` with
	 * PACTE_DATABASE_URL set means x.db. */
	for (const struct opt *o = opts; o && o->name; o++) {
		const char *env = o->env ? getenv(o->env) : NULL;
		if (!env || !*env || (o->group && (flagged_groups & (1u << o->group))))
			continue;
		bool unset = o->kind == OPT_STRING ? *(const char **)o->dest == NULL
		                                   : *(unsigned *)o->dest == 0;
		if (unset) {
			int rc = set_value(cmd, o, env, o->env);
			if (rc)
				return rc;
		}
	}
	if (npositional)
		*npositional = npos;
	return CLI_GO_ON;
}

const char *cli_db_target(const struct db_flags *f)
{
	if (f->url)
		return f->url;
	return f->db ? f->db : DB_DEFAULT_PATH;
}

const char *cli_db_label(const struct db_flags *f)
{
	static char label[256];
	const char *t = cli_db_target(f);
	const char *scheme = strstr(t, "://");
	const char *at = scheme ? strchr(scheme, '@') : NULL;
	if (!at)
		return t;
	snprintf(label, sizeof label, "%.*s%s", (int)(scheme + 3 - t), t, at + 1);
	return label;
}

/* A SQLite file's folder is created if missing, one level deep (var/). */
static void make_parent_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path || str_starts(path, "postgres"))
		return;
	char dir[4096];
	size_t n = (size_t)(slash - path);
	if (n >= sizeof dir)
		return;
	memcpy(dir, path, n);
	dir[n] = '\0';
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		fprintf(stderr, "pacte: cannot create folder %s: %s\n", dir, strerror(errno));
}

static void log_line(const char *line)
{
	fprintf(stderr, "pacte: %s\n", line);
}

struct db *cli_open_db(const char *cmdname, const struct db_flags *f)
{
	const char *target = cli_db_target(f);
	if (!f->url)
		make_parent_dir(target);
	char err[512];
	struct db *db = db_open(target, err, sizeof err);
	if (!db) {
		fprintf(stderr, "pacte: %s: cannot open database %s: %s\n", cmdname, cli_db_label(f),
		        err);
		return NULL;
	}
	if (db_migrate(db, log_line, err, sizeof err) < 0) {
		fprintf(stderr, "pacte: %s: migration failed: %s\n", cmdname, err);
		db_close(db);
		return NULL;
	}
	/* Migration 0015 asks for the search index to be built once from the
	 * data already there (reindex.h). */
	long n = reindex_if_needed(db, err, sizeof err);
	if (n < 0) {
		fprintf(stderr, "pacte: %s: %s\n", cmdname, err);
		db_close(db);
		return NULL;
	}
	if (n > 0)
		fprintf(stderr, "pacte: search index built: %ld documents\n", n);
	return db;
}
