/* floor.c — the floor of `make bench`: the same database work as a request,
 * run directly through db.h with no HTTP, no template and no page cache.
 *
 *   floor (--db PATH | --database-url URL) --threads T --seconds S MODE ARGS…
 *
 *   get TARGET                  route TARGET ("/countries/MAR",
 *                               "/api/v1/commitments?objective=7") through the
 *                               site's route table and run its handler: the
 *                               queries and the model the page is made of
 *   signin EMAIL PASSWORD       sessions_sign_in, as the sign-in form does
 *   write TOKEN ID…             what POST /api/v1/commitments/ID/progress
 *                               does: the bearer token's lookup, the progress
 *                               update (validated, written, audited) and the
 *                               answer's model; the IDs taken in turn
 *
 * T threads, each with its own connection (as the server's pool gives each
 * worker), run the operation back to back for S seconds. Prints one line:
 * "OPS_PER_SECOND P50_MS P99_MS COUNT". Built by bench/run with the release
 * flags against build/rel's objects; not part of the product. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "auth.h"
#include "db.h"
#include "i18n.h"
#include "progress.h"
#include "request.h"
#include "router.h"
#include "routes.h"
#include "server.h"
#include "sessions.h"
#include "tokens.h"
#include "users.h"
#include "util.h"
#include "view.h"

#define MAX_THREADS 64
#define MAX_SAMPLES (1u << 22)      /* per thread: 4 Mi latencies, 16 MiB */

enum mode { MODE_GET, MODE_SIGNIN, MODE_WRITE };

struct job {
	const char *url;
	enum mode mode;
	const char *target;         /* get */
	const char *email, *password;   /* signin */
	const char *token;          /* write */
	int64_t *ids;
	size_t nids;
	double seconds;
	/* per thread */
	pthread_t thread;
	unsigned index;
	float *samples;             /* milliseconds */
	size_t n;
	int failed;
	char why[512];
};

static struct app app = {.routes = web_routes, .default_lang = "en"};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(struct job *j, const char *what, const char *detail)
{
	/* A long database message may be cut: it is only shown. */
	if (snprintf(j->why, sizeof j->why, "%s: %s", what, detail ? detail : "") >= (int)sizeof j->why)
		j->why[sizeof j->why - 1] = '\0';
	j->failed = 1;
	return -1;
}

/* One page's work, as dispatch() in server.c does it after the cache
 * missed: parse the target, route, run the handler, drop the model. */
static int op_get(struct job *j, struct db *db)
{
	struct request req;
	memset(&req, 0, sizeof req);
	arena_init(&req.arena);
	req.app = &app;
	req.db = db;
	req.method = HTTP_GET;
	req.method_name = "GET";
	req.target = j->target;
	req.locale = "en";
	req.format = FORMAT_HTML;
	buf_init(&req.body, 1);
	const char *path, *query, *why = NULL;
	int rc = -1;
	if (target_parse(&req.arena, req.target, &path, &query) < 0) {
		fail(j, j->target, "not a valid target");
		goto out;
	}
	if (strncmp(path, "/api/v1", 7) == 0 && (path[7] == '/' || path[7] == '\0')) {
		req.api = true;
		req.format = FORMAT_JSON;
		path = path[7] ? path + 7 : "/";
	}
	req.path = path;
	req.query_string = query;
	if (params_parse(&req.arena, query, strlen(query), &req.query, false, &why) < 0) {
		fail(j, j->target, why);
		goto out;
	}
	const struct route *route;
	unsigned allowed;
	if (router_match(web_routes, web_routes_len, &req, &route, &allowed) != ROUTE_FOUND) {
		fail(j, j->target, "no route");
		goto out;
	}
	req.route = route;
	struct page page;
	page_init(&page);
	route->handler(&req, &page);
	if (page.status != 200 || !page.model)
		fail(j, j->target, "the handler did not answer 200 with a model");
	else
		rc = 0;
	page_release(&page);
out:
	json_decref(req.json_body);
	buf_release(&req.body);
	arena_release(&req.arena);
	return rc;
}

static int op_signin(struct job *j, struct db *db)
{
	char token[AUTH_TOKEN_LEN + 1];
	int retry_after = 0;
	enum signin_result r = sessions_sign_in(db, j->email, j->password, "web", "127.0.0.1",
	                                        token, &retry_after);
	return r == SIGNIN_OK ? 0 : fail(j, "sign-in", r == SIGNIN_ERROR ? db_errmsg(db) :
	                                 "refused (wrong password or throttled)");
}

static int op_write(struct job *j, struct db *db, size_t i)
{
	struct user u;
	if (tokens_lookup(db, j->token, &u) != OUTCOME_OK)
		return fail(j, "token", "not found");
	int64_t cid = j->ids[(i + j->index) % j->nids], uid;
	json_t *input = json_pack("{s:s, s:I, s:s}", "status", "in_progress", "percent",
	                          (json_int_t)(i % 101), "narrative", "Written by bench/floor.");
	json_t *errors = json_object();
	enum outcome o = progress_add(db, &u, cid, input, errors, NULL, &uid);
	json_decref(input);
	int rc = 0;
	if (o != OUTCOME_OK) {
		char *e = json_dumps(errors, JSON_COMPACT);
		rc = fail(j, "progress_add", o == OUTCOME_ERROR ? db_errmsg(db) : e);
		free(e);
	} else {
		json_t *model = progress_get(db, "en", uid);
		if (!json_is_object(model))
			rc = fail(j, "progress_get", db_errmsg(db));
		json_decref(model);
	}
	json_decref(errors);
	return rc;
}

static void *run(void *arg)
{
	struct job *j = arg;
	char err[512];
	struct db *db = db_open(j->url, err, sizeof err);
	if (!db) {
		fail(j, "open", err);
		return NULL;
	}
	j->samples = xmalloc(MAX_SAMPLES * sizeof(*j->samples));
	double end = now() + j->seconds;
	for (size_t i = 0; !j->failed && j->n < MAX_SAMPLES; i++) {
		double t0 = now();
		if (t0 >= end)
			break;
		int rc = j->mode == MODE_GET ? op_get(j, db) :
		         j->mode == MODE_SIGNIN ? op_signin(j, db) : op_write(j, db, i);
		if (rc == 0)
			j->samples[j->n++] = (float)((now() - t0) * 1000.0);
	}
	db_close(db);
	return NULL;
}

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return (x > y) - (x < y);
}

static int usage(void)
{
	fprintf(stderr, "usage: floor (--db PATH | --database-url URL) --threads T --seconds S "
	        "(get TARGET | signin EMAIL PASSWORD | write TOKEN ID...)\n");
	return 2;
}

/* Reads the options before the mode; returns the index of the mode word. */
static int options(int argc, char **argv, struct job *proto, int64_t *threads)
{
	int i = 1;
	for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		int64_t v;
		if (strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--database-url") == 0)
			proto->url = argv[i + 1];
		else if (strcmp(argv[i], "--threads") == 0 &&
		         parse_int64(argv[i + 1], 1, MAX_THREADS, threads) == 0)
			continue;
		else if (strcmp(argv[i], "--seconds") == 0 && parse_int64(argv[i + 1], 1, 3600, &v) == 0)
			proto->seconds = (double)v;
		else
			return -1;
	}
	return proto->url && proto->seconds > 0 ? i : -1;
}

static int mode(int argc, char **argv, int i, struct job *proto)
{
	if (i < argc - 1 && strcmp(argv[i], "get") == 0 && i + 2 == argc) {
		proto->mode = MODE_GET;
		proto->target = argv[i + 1];
		return 0;
	}
	if (strcmp(argv[i], "signin") == 0 && i + 3 == argc) {
		proto->mode = MODE_SIGNIN;
		proto->email = argv[i + 1];
		proto->password = argv[i + 2];
		return 0;
	}
	if (strcmp(argv[i], "write") == 0 && i + 3 <= argc) {
		proto->mode = MODE_WRITE;
		proto->token = argv[i + 1];
		proto->nids = (size_t)(argc - i - 2);
		proto->ids = xmalloc(proto->nids * sizeof(*proto->ids));
		for (size_t k = 0; k < proto->nids; k++)
			if (parse_int64(argv[i + 2 + (int)k], 1, INT64_MAX, &proto->ids[k]) < 0)
				return -1;
		return 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct job proto = {0};
	int64_t threads = 1;
	int i = options(argc, argv, &proto, &threads);
	if (i < 0 || i >= argc || mode(argc, argv, i, &proto) < 0)
		return usage();
	char err[1024];
	if (auth_init() < 0 || i18n_load(err, sizeof err) < 0) {
		fprintf(stderr, "floor: start-up failed: %s\n", err);
		return 1;
	}
	app.nroutes = web_routes_len;
	struct job *jobs = xmalloc((size_t)threads * sizeof(*jobs));
	for (int64_t t = 0; t < threads; t++) {
		jobs[t] = proto;
		jobs[t].index = (unsigned)t;
		if (pthread_create(&jobs[t].thread, NULL, run, &jobs[t]) != 0) {
			fprintf(stderr, "floor: cannot start a thread\n");
			return 1;
		}
	}
	size_t total = 0;
	int failed = 0;
	for (int64_t t = 0; t < threads; t++) {
		pthread_join(jobs[t].thread, NULL);
		total += jobs[t].n;
		if (jobs[t].failed) {
			fprintf(stderr, "floor: %s\n", jobs[t].why);
			failed = 1;
		}
	}
	float *all = xmalloc((total ? total : 1) * sizeof(*all));
	size_t k = 0;
	for (int64_t t = 0; t < threads; t++) {
		memcpy(all + k, jobs[t].samples, jobs[t].n * sizeof(*all));
		k += jobs[t].n;
		free(jobs[t].samples);
	}
	qsort(all, total, sizeof(*all), cmp_float);
	if (failed || total == 0)
		return 1;
	printf("%.0f %.3f %.3f %zu\n", (double)total / proto.seconds, (double)all[total / 2],
	       (double)all[total * 99 / 100], total);
	free(all);
	free(jobs);
	free(proto.ids);
	i18n_free();
	return 0;
}
