/* publish.h — the open-data package the site serves at /data: the export
 * (export.h) and a zip of it, rebuilt in the background after writes.
 *
 * A publisher thread, started by `pacte serve`, looks at the data version
 * every few seconds; when it moved, and the last build is at least
 * `interval` seconds old, it builds a new package: export_write into a
 * folder of its own under dir, then the zip of those files (zipfile.h),
 * then the folder renamed to dir/v<data version> and the link dir/current
 * switched to it in one rename, so a reader always finds one whole
 * package; older folders are then removed (a download already started
 * keeps its open file). Never on a request's path: a request only reads
 * what dir/current holds (publish_read, publish_open).
 *
 * Every instance serving one database may run its publisher into its own
 * dir; two processes publishing into the same dir each write their own
 * temporary folder and only switch the link, so the last one wins with a
 * whole package either way. */
#ifndef PACTE_PUBLISH_H
#define PACTE_PUBLISH_H

#include <stdint.h>

#include <jansson.h>

#include "export.h"

struct db;
struct db_pool;
struct publisher;

#define PUBLISH_ZIP "pacte-open-data.zip"
#define PUBLISH_DEFAULT_INTERVAL 120     /* seconds between two builds, at least */

struct publish_options {
	const char *dir;                  /* where the packages live */
	struct export_options export;     /* licence, homepage (created: the build's time) */
	unsigned interval;                /* seconds; 0: PUBLISH_DEFAULT_INTERVAL */
};

/* Builds the package now unless dir/current already holds the data version
 * db is at. *version (may be NULL) gets the version published. Returns 1
 * built, 0 already current, -1 failed (err says why; what was published
 * stays). */
int publish_now(struct db *db, const struct publish_options *opt, int64_t *version,
                char *err, size_t errlen);

/* Starts the publisher thread, which takes its own connection from pool,
 * builds at once if the package is missing or behind, then as described
 * above; failures are logged on stderr and tried again at the next
 * interval. opt and its strings must outlive it. NULL when the thread
 * cannot start (err says why). */
struct publisher *publisher_start(struct db_pool *pool, const struct publish_options *opt,
                                  char *err, size_t errlen);
/* Stops the thread, waiting for a build under way to end. NULL is fine. */
void publisher_stop(struct publisher *p);

/* The published package's descriptor (datapackage.json) without the
 * tables' schemas, with "zip_bytes" added: a new reference; JSON null when
 * nothing is published yet; NULL when it cannot be read. */
json_t *publish_read(const char *dir);

/* The resource named `name` of a package descriptor (publish_read's), or
 * NULL; borrowed. */
json_t *publish_resource(json_t *pkg, const char *name);

/* Opens the published file `name` (a file of the package or PUBLISH_ZIP;
 * the caller has checked it is one) read-only: its descriptor, *size set;
 * -1 when there is none. */
int publish_open(const char *dir, const char *name, long long *size);

#endif
