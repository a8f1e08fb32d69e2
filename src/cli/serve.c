/* serve.c — `pacte serve`: the web site and its JSON API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actors.h"
#include "cache.h"
#include "cli.h"
#include "daily.h"
#include "db.h"
#include "guard.h"
#include "i18n.h"
#include "mail.h"
#include "metrics.h"
#include "notifications.h"
#include "publish.h"
#include "refdata.h"
#include "routes.h"
#include "server.h"
#include "smtp.h"
#include "template.h"
#include "util.h"

/* Worker threads: libmicrohttpd pins each connection to one thread, so a
 * slow query stalls its neighbours; twice the cores keeps both cores busy
 * while one thread waits (docs/performance.md has the measurement). */
#define THREADS_PER_CORE 2
/* The page cache counts the gzipped bytes it holds: 16 MiB is some two
 * thousand pages, and with the last renderings, SQLite's caches and the
 * threads the process's own memory stays under 64 MB at N=100,000 (issue
 * 19; docs/performance-notes.md, "Memory in 64 MB"). */
#define PAGE_CACHE_BYTES ((size_t)16 << 20)
/* Each page's last rendering, kept across writes for a database outage to
 * serve stale (docs/deployment.md, "When the database fails"). */
#define LAST_PAGES_BYTES ((size_t)4 << 20)
/* Open connections the server takes; past 90% of it a request is answered
 * 503 with Retry-After at once (bench/run and tests/soak measure it). */
#define DEFAULT_MAX_CONNECTIONS 1024

static unsigned default_threads(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	return (unsigned)(cores > 0 ? cores : 1) * THREADS_PER_CORE;
}

/* The database must have its reference data: serving empty pages would
 * look like a working site with no countries. */
static int check_initialised(struct db *db, const char *target)
{
	struct refdata_counts n;
	if (refdata_count(db, &n) < 0 || n.objectives == 0) {
		fprintf(stderr, "pacte: serve: database %s has no reference data: run 'pacte init' first\n",
		        target);
		return -1;
	}
	return 0;
}

static int load_assets(struct template_set *templates)
{
	char err[512];
	if (i18n_load(err, sizeof err) < 0) {
		fprintf(stderr, "pacte: serve: catalogs: %s\n", err);
		return -1;
	}
	if (template_add_embedded(templates, err, sizeof err) < 0 ||
	    template_check(templates, err, sizeof err) < 0) {
		fprintf(stderr, "pacte: serve: templates: %s\n", err);
		return -1;
	}
	return 0;
}

/* Where the open data is published when --data-dir is not given: beside
 * a SQLite file (DB.open-data), else var/open-data. From the heap. */
static char *default_data_dir(const char *target)
{
	bool pg = str_starts(target, "postgres://") || str_starts(target, "postgresql://");
	size_t n = strlen(target) + 16;
	char *d = xcalloc(1, n);
	snprintf(d, n, "%s", pg ? "var/open-data" : target);
	if (!pg)
		snprintf(d + strlen(d), n - strlen(d), ".open-data");
	return d;
}

/* A --base-url: http(s)://host[:port][/path], kept without its final '/'. */
static int check_base_url(char *url)
{
	if (!str_starts(url, "http://") && !str_starts(url, "https://"))
		return -1;
	for (const char *c = url; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == '"' || *c == '<' || *c == '>' || *c == '?' ||
		    *c == '#')
			return -1;
	size_t n = strlen(url);
	while (n > 8 && url[n - 1] == '/')
		url[--n] = '\0';
	return 0;
}

static int run(int argc, char **argv)
{
	struct db_flags f = {0};
	const char *listen = NULL, *metrics_listen = NULL, *lang = NULL, *data_dir = NULL;
	const char *base_url_opt = NULL, *licence = NULL;
	const char *smtp_url = NULL, *mail_from = NULL;
	unsigned threads = 0, max_connections = 0, publish_interval = 0, mail_retry = 0;
	unsigned remind_days = NOTIFICATIONS_REMIND_DAYS;
	bool secure = false, trust_proxy = false, no_publish = false;
	const struct opt opts[] = {
		DB_OPTS(&f),
		{"--listen", OPT_STRING, &listen, "PACTE_LISTEN"},
		{"--metrics-listen", OPT_STRING, &metrics_listen, "PACTE_METRICS_LISTEN"},
		{"--threads", OPT_UINT, &threads, NULL},
		{"--max-connections", OPT_UINT, &max_connections, NULL},
		{"--lang", OPT_STRING, &lang, "PACTE_LANG"},
		{"--secure-cookies", OPT_FLAG, &secure, NULL},
		{"--trust-proxy", OPT_FLAG, &trust_proxy, NULL},
		{"--no-publish", OPT_FLAG, &no_publish, NULL},
		{"--data-dir", OPT_STRING, &data_dir, "PACTE_DATA_DIR"},
		{"--base-url", OPT_STRING, &base_url_opt, "PACTE_BASE_URL"},
		{"--licence", OPT_STRING, &licence, "PACTE_LICENCE"},
		{"--publish-interval", OPT_UINT, &publish_interval, NULL},
		{"--smtp-url", OPT_STRING, &smtp_url, "PACTE_SMTP_URL"},
		{"--mail-from", OPT_STRING, &mail_from, "PACTE_MAIL_FROM"},
		{"--mail-retry", OPT_UINT, &mail_retry, NULL},
		{"--remind-days", OPT_UINT, &remind_days, NULL},
		{0},
	};
	int rc = cli_parse(&cmd_serve_def, opts, argc, argv, NULL, NULL, 0);
	if (rc != CLI_GO_ON)
		return rc;
	struct template_set *templates = template_set_new();
	if (load_assets(templates) < 0) {
		template_set_free(templates);
		return 1;
	}
	if (lang && !i18n_has(lang)) {
		fprintf(stderr, "pacte: serve: --lang '%s': no catalog for this language\n", lang);
		template_set_free(templates);
		i18n_free();
		return 2;
	}
	char *base_url = base_url_opt ? xstrdup(base_url_opt) : NULL;
	struct publish_options pub = {.interval = publish_interval};
	pub.export.homepage = base_url;
	if (base_url && check_base_url(base_url) < 0) {
		fprintf(stderr, "pacte: serve: --base-url '%s': expected http://HOST or "
		        "https://HOST[:PORT][/PATH]\n", base_url_opt);
		free(base_url);
		template_set_free(templates);
		i18n_free();
		return 2;
	}
	if (mail_from && !smtp_address_ok(mail_from)) {
		fprintf(stderr, "pacte: serve: --mail-from '%s': expected a plain address, "
		        "such as pacte@example.org\n", mail_from);
		free(base_url);
		template_set_free(templates);
		i18n_free();
		return 2;
	}
	if (remind_days > NOTIFICATIONS_REMIND_MAX) {
		fprintf(stderr, "pacte: serve: --remind-days %u: at most %d\n", remind_days,
		        NOTIFICATIONS_REMIND_MAX);
		free(base_url);
		template_set_free(templates);
		i18n_free();
		return 2;
	}
	if (licence && !(pub.export.licence = export_licence_find(licence))) {
		fprintf(stderr, "pacte: serve: --licence '%s': expected one of %s\n", licence,
		        EXPORT_LICENCE_NAMES);
		free(base_url);
		template_set_free(templates);
		i18n_free();
		return 2;
	}
	int status = 1;
	const char *target = cli_db_target(&f);
	char *own_data_dir = data_dir ? NULL : default_data_dir(target);
	pub.dir = data_dir ? data_dir : own_data_dir;
	struct db *db = cli_open_db("serve", &f);
	if (!db || check_initialised(db, cli_db_label(&f)) < 0)
		goto out;
	db_close(db);
	db = NULL;

	char err[512];
	struct db_pool *pool = db_pool_open(target, err, sizeof err);
	if (!pool) {
		fprintf(stderr, "pacte: serve: cannot open database %s: %s\n", cli_db_label(&f), err);
		goto out;
	}
	db_pool_listen(pool);
	struct app app = {
		.pool = pool,
		.templates = templates,
		.default_lang = lang ? lang : "en",
		.routes = web_routes,
		.nroutes = web_routes_len,
		.cache = cache_new(PAGE_CACHE_BYTES),
		.last = cache_new(LAST_PAGES_BYTES),
		.metrics = metrics_new(web_routes, web_routes_len),
		.secure_cookies = secure,
		.trust_proxy = trust_proxy,
		.max_connections = max_connections ? max_connections : DEFAULT_MAX_CONNECTIONS,
		.db_label = cli_db_label(&f),
		.guard = web_guard,
		.base_url = base_url,
		.data_dir = pub.dir,
	};
	/* The open data, built in the background (publish.h); not for a
	 * server that only renders a page to print (`pacte report`). */
	struct publisher *publisher = no_publish ? NULL : publisher_start(pool, &pub, err,
	                                                                  sizeof err);
	if (!publisher && !no_publish)
		fprintf(stderr, "pacte: serve: %s: /data will have nothing to serve\n", err);
	/* Mail, sent in the background too (mail.h); its links need the
	 * site's address: --base-url, else the address listened on. */
	char listen_url[300];
	snprintf(listen_url, sizeof listen_url, "http://%s", listen ? listen : "127.0.0.1:8080");
	struct mail_options mail = {
		.smtp_url = smtp_url && *smtp_url ? smtp_url : NULL,
		.from = mail_from ? mail_from : "pacte@localhost",
		.from_name = "Pacte",
		.base_url = base_url ? base_url : listen_url,
		.default_lang = app.default_lang,
		.retry_seconds = mail_retry,
		.templates = templates,
	};
	if (smtp_global_init() < 0)
		fprintf(stderr, "pacte: serve: libcurl did not start: no mail will be sent\n");
	struct mailer *mailer = mailer_start(pool, &mail, err, sizeof err);
	if (!mailer)
		fprintf(stderr, "pacte: serve: %s: mail stays in the outbox\n", err);
	else if (!mail.smtp_url)
		fprintf(stderr, "pacte: serve: no --smtp-url: mail is kept in the outbox "
		        "(/admin/mail), not sent\n");
	app.mail_sending = mail.smtp_url != NULL;
	/* Reminders, digests and the purge, once a day (daily.h). */
	struct daily_options chores = {(int)remind_days, ACTORS_DECLINED_RETENTION_DAYS, "timer"};
	struct daily_timer *timer = daily_start(pool, &chores);
	if (!timer)
		fprintf(stderr, "pacte: serve: the daily chores' timer did not start: run "
		        "'pacte notify run' from cron\n");
	status = server_run(&app, listen ? listen : "127.0.0.1:8080", metrics_listen,
	                    threads ? threads : default_threads()) < 0 ? 1 : 0;
	daily_stop(timer);
	publisher_stop(publisher);
	mailer_stop(mailer);
	smtp_global_cleanup();
	cache_free(app.cache);
	cache_free(app.last);
	metrics_free(app.metrics);
	db_pool_free(pool);
out:
	if (db)
		db_close(db);
	template_set_free(templates);
	i18n_free();
	free(own_data_dir);
	free(base_url);
	return status;
}

const struct command cmd_serve_def = {
	"serve", run, "serve the web site and its JSON API",
	"usage: pacte serve [--db PATH | --database-url URL] [--listen HOST:PORT]\n"
	"                   [--metrics-listen HOST:PORT] [--threads N] [--max-connections N]\n"
	"                   [--lang CODE] [--secure-cookies] [--trust-proxy]\n"
	"                   [--base-url URL] [--data-dir DIR] [--licence ID]\n"
	"                   [--publish-interval SECONDS] [--no-publish] [--smtp-url URL]\n"
	"                   [--mail-from ADDRESS] [--mail-retry SECONDS] [--remind-days N]\n\n"
	"Serves the site and its JSON twin under /api/v1 until SIGTERM or SIGINT, then\n"
	"lets requests in flight finish. Applies pending migrations first; the database\n"
	"must have been initialised with 'pacte init'.\n\n"
	"  --db PATH            SQLite database file (default " DB_DEFAULT_PATH "; env PACTE_DB)\n"
	"  --database-url URL   postgres://... instead of a file (env PACTE_DATABASE_URL)\n"
	"  --listen HOST:PORT   address to listen on (default 127.0.0.1:8080; env PACTE_LISTEN;\n"
	"                       port 0 picks a free port, printed at start)\n"
	"  --metrics-listen HOST:PORT  serve /metrics there, and only there (env\n"
	"                       PACTE_METRICS_LISTEN); without it /metrics answers only\n"
	"                       clients on this machine that come through no proxy\n"
	"  --threads N          worker threads (default: twice the number of cores)\n"
	"  --max-connections N  open connections taken (default 1024); past 90% of it new\n"
	"                       requests are answered 503 with Retry-After at once\n"
	"  --lang CODE          language when the reader states none (default en; env PACTE_LANG)\n"
	"  --secure-cookies     every request reached the site over HTTPS: cookies are named\n"
	"                       __Host-... and marked Secure (set it when only HTTPS reaches it)\n"
	"  --trust-proxy        believe the reverse proxy in front: the client's address is the\n"
	"                       last X-Forwarded-For entry (sign-in limits, audit trail), and\n"
	"                       X-Forwarded-Proto: https makes that request's cookies Secure as\n"
	"                       with --secure-cookies (only behind a proxy that sets both)\n"
	"  --base-url URL       the site's public address, for the absolute links of the Atom\n"
	"                       feeds and the DCAT catalogue (env PACTE_BASE_URL; default: the\n"
	"                       Host of the first request: set it behind a proxy)\n"
	"  --data-dir DIR       where the open-data package /data serves is built (env\n"
	"                       PACTE_DATA_DIR; default DB.open-data beside a SQLite file,\n"
	"                       var/open-data with PostgreSQL)\n"
	"  --licence ID         the open data's licence (env PACTE_LICENCE; default "
	EXPORT_DEFAULT_LICENCE "):\n"
	"                       " EXPORT_LICENCE_NAMES "\n"
	"  --publish-interval SECONDS  rebuild the open data at most this often after writes\n"
	"                       (default " STRINGIFY(PUBLISH_DEFAULT_INTERVAL) "; at start, at once)\n"
	"  --no-publish         build no open-data package (/data has nothing to serve): what\n"
	"                       `pacte report` starts its own server with\n"
	"  --smtp-url URL       the mail server: smtp://[USER:PASSWORD@]HOST[:PORT] (STARTTLS)\n"
	"                       or smtps://… (TLS) (env PACTE_SMTP_URL; TLS is required but\n"
	"                       for this machine); without it mail is kept in the outbox\n"
	"                       administrators read at /admin/mail\n"
	"  --mail-from ADDRESS  the sender of Pacte's mail (env PACTE_MAIL_FROM;\n"
	"                       default pacte@localhost)\n"
	"  --mail-retry SECONDS a failed message is tried again after this, the delay\n"
	"                       doubling at each failure (default "
	STRINGIFY(MAIL_RETRY_DEFAULT_SECONDS) ")\n"
	"  --remind-days N      the editors of a commitment are reminded N days before its\n"
	"                       progress report turns late (default "
	STRINGIFY(NOTIFICATIONS_REMIND_DAYS) "); the reminders, the daily\n"
	"                       digests and the purge of declined applicants run once a day\n"
	"                       (never on a read-only PostgreSQL node; see 'pacte notify')\n",
};
