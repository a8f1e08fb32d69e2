/* publish.c — the package /data serves, built in the background
 * (publish.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "background.h"
#include "buf.h"
#include "db.h"
#include "publish.h"
#include "util.h"
#include "zipfile.h"

#define CURRENT "current"
/* What the pages read of a build (publish_read): the package's descriptor
 * without the tables' schemas, and the zip's size. A few kB to parse per
 * request instead of the whole datapackage.json. Not in the zip. */
#define SUMMARY "summary.json"
#define POLL_SECONDS 2               /* how often the thread looks at the data version */

/* dir/name (caller frees). */
static char *path_of(const char *dir, const char *name)
{
	struct buf b;
	buf_init(&b, 4096);
	buf_printf(&b, "%s/%s", dir, name);
	return buf_detach(&b, NULL);
}

json_t *publish_read(const char *dir)
{
	char *cur = path_of(dir, CURRENT);
	char *summary = path_of(cur, SUMMARY);
	json_t *pkg = NULL;
	if (access(summary, F_OK) < 0 && errno == ENOENT)
		pkg = json_null();
	else
		pkg = json_load_file(summary, 0, NULL);
	free(cur);
	free(summary);
	return pkg;
}

json_t *publish_resource(json_t *pkg, const char *name)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(pkg, "resources"), i, r) {
		const char *n = json_string_value(json_object_get(r, "name"));
		if (n && strcmp(n, name) == 0)
			return r;
	}
	return NULL;
}

int publish_open(const char *dir, const char *name, long long *size)
{
	struct buf p;
	buf_init(&p, 4096);
	buf_printf(&p, "%s/" CURRENT "/%s", dir, name);
	int fd = p.overflow ? -1 : open(buf_str(&p), O_RDONLY | O_CLOEXEC);
	buf_release(&p);
	struct stat sb;
	if (fd >= 0 && (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode))) {
		close(fd);
		fd = -1;
	}
	if (fd >= 0)
		*size = (long long)sb.st_size;
	return fd;
}

/* The data version dir/current holds, or -1. */
static int64_t published_version(const char *dir)
{
	json_t *pkg = publish_read(dir);
	int64_t v = json_is_object(pkg) ? json_integer_value(json_object_get(pkg, "data_version")) : -1;
	json_decref(pkg);
	return v;
}

static int remove_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void remove_tree(const char *path)
{
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Removes the package folders of dir but `keep` (and what is not ours). */
static void remove_old(const char *dir, const char *keep)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] != 'v' || strcmp(e->d_name, keep) == 0)
			continue;
		char *p = path_of(dir, e->d_name);
		remove_tree(p);
		free(p);
	}
	closedir(d);
}

/* Writes tmp/SUMMARY from the package's descriptor pkg and the zip. */
static int write_summary(const char *tmp, json_t *pkg, char *err, size_t errlen)
{
	json_t *s = json_deep_copy(pkg);
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(s, "resources"), i, r)
		json_object_del(r, "schema");
	char *zip_path = path_of(tmp, PUBLISH_ZIP), *path = path_of(tmp, SUMMARY);
	struct stat sb;
	int rc = stat(zip_path, &sb);
	if (rc == 0) {
		json_object_set_new(s, "zip_bytes", json_integer((json_int_t)sb.st_size));
		rc = json_dump_file(s, path, JSON_COMPACT | JSON_PRESERVE_ORDER);
	}
	if (rc < 0)
		put_err(err, errlen, "%s: cannot write it", path);
	free(zip_path);
	free(path);
	json_decref(s);
	return rc;
}

/* Zips the package in folder `tmp` (datapackage.json and its resources),
 * then writes its summary. */
static int zip_package(const char *tmp, char *err, size_t errlen)
{
	char *pkg_path = path_of(tmp, "datapackage.json");
	json_t *pkg = json_load_file(pkg_path, 0, NULL);
	free(pkg_path);
	if (!pkg) {
		put_err(err, errlen, "%s: cannot read the package it wrote", tmp);
		return -1;
	}
	json_t *resources = json_object_get(pkg, "resources");
	size_t n = json_array_size(resources) + 1;
	const char **names = xcalloc(n, sizeof(*names));
	names[0] = "datapackage.json";
	for (size_t i = 1; i < n; i++)
		names[i] = json_string_value(json_object_get(json_array_get(resources, i - 1), "path"));
	char *zip_path = path_of(tmp, PUBLISH_ZIP);
	int rc = zipfile_write(zip_path, tmp, names, n, err, errlen);
	if (rc == 0)
		rc = write_summary(tmp, pkg, err, errlen);
	free(zip_path);
	free(names);
	json_decref(pkg);
	return rc;
}

int publish_now(struct db *db, const struct publish_options *opt, int64_t *version,
                char *err, size_t errlen)
{
	if (mkdir(opt->dir, 0755) < 0 && errno != EEXIST) {
		put_err(err, errlen, "cannot create folder %s: %s", opt->dir, strerror(errno));
		return -1;
	}
	int64_t now = db_data_version(db), before = published_version(opt->dir);
	if (now < 0) {
		put_err(err, errlen, "reading the data version: %s", db_errmsg(db));
		return -1;
	}
	if (now == before) {
		if (version)
			*version = before;
		return 0;
	}
	static unsigned counter;
	char stem[64];
	snprintf(stem, sizeof stem, ".building-%ld-%u", (long)getpid(),
	         __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED));
	char *tmp = path_of(opt->dir, stem);
	remove_tree(tmp);
	struct export_stats st;
	int rc = export_write(db, tmp, &opt->export, &st, err, errlen);
	if (rc == 0)
		rc = zip_package(tmp, err, errlen);
	char name[48], link_tmp[96];
	snprintf(name, sizeof name, "v%lld", (long long)st.data_version);
	snprintf(link_tmp, sizeof link_tmp, "%s.link", stem);
	char *final = path_of(opt->dir, name), *link_path = path_of(opt->dir, link_tmp);
	char *current = path_of(opt->dir, CURRENT);
	if (rc == 0) {
		/* Another process may have published this version already. */
		remove_tree(final);
		unlink(link_path);
		if (rename(tmp, final) < 0 || symlink(name, link_path) < 0 ||
		    rename(link_path, current) < 0) {
			put_err(err, errlen, "publishing into %s: %s", opt->dir, strerror(errno));
			rc = -1;
		}
	}
	if (rc == 0) {
		remove_old(opt->dir, name);
		if (version)
			*version = st.data_version;
	}
	remove_tree(tmp);
	unlink(link_path);
	free(tmp);
	free(final);
	free(link_path);
	free(current);
	return rc < 0 ? -1 : 1;
}

/* ---- The thread ---------------------------------------------------------------- */

struct publisher {
	struct db_pool *pool;
	const struct publish_options *opt;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
};

static time_t monotonic_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void *publisher_main(void *arg)
{
	struct publisher *p = arg;
	unsigned interval = p->opt->interval ? p->opt->interval : PUBLISH_DEFAULT_INTERVAL;
	time_t last_build = 0;
	bool first = true;
	pthread_mutex_lock(&p->lock);
	while (!p->stop) {
		time_t now = monotonic_now();
		if (first || now - last_build >= (time_t)interval) {
			pthread_mutex_unlock(&p->lock);
			struct db *db = db_pool_get(p->pool);
			char err[1024] = "";
			int rc = db ? publish_now(db, p->opt, NULL, err, sizeof err) : -1;
			if (rc < 0)
				fprintf(stderr, "pacte: publishing the open data: %s\n",
				        db ? err : "no database connection");
			if (rc != 0)          /* built, or failed: wait the interval */
				last_build = monotonic_now();
			first = false;
			pthread_mutex_lock(&p->lock);
			continue;
		}
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += POLL_SECONDS;
		pthread_cond_timedwait(&p->wake, &p->lock, &until);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct publisher *publisher_start(struct db_pool *pool, const struct publish_options *opt,
                                  char *err, size_t errlen)
{
	struct publisher *p = xcalloc(1, sizeof(*p));
	p->pool = pool;
	p->opt = opt;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	int rc = background_start(&p->thread, publisher_main, p, "pacte-publish");
	if (rc != 0) {
		put_err(err, errlen, "cannot start the publisher: %s", strerror(rc));
		pthread_mutex_destroy(&p->lock);
		pthread_cond_destroy(&p->wake);
		free(p);
		return NULL;
	}
	return p;
}

void publisher_stop(struct publisher *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->wake);
	free(p);
}
