/* ui_choices.c — the commitment list's filter choices, kept per language.
 *
 * The filter form of /commitments offers every objective, principle and
 * country (about 250, read, folded in the reader's language and sorted)
 * and the code lists: on a cache miss of the list, building them cost
 * more than the list itself (perf, issue 19 item 4). They change only
 * with the data, so each language's object is kept with the data version
 * it was read at (db_pool_data_version: the number the page cache keys
 * on) and the app it was read for, and rebuilt when either differs. The
 * version is read before the choices: what is kept is at least as new as
 * its version says, so a later version always rebuilds.
 *
 * Kept objects are never changed (jansson's reference counts are atomic):
 * a page marks its selection on a copy (ui_marked_copy). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "db.h"
#include "domain/commitments.h"
#include "ui_choices.h"
#include "util.h"

enum { SLOTS = 16 };            /* languages (six today) beside a spare */

struct slot {
	const struct app *app;
	char locale[16];
	int64_t version;
	json_t *choices;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[SLOTS];

/* The slot of (app, locale), or the one to reuse; with lock held. */
static struct slot *slot_for_locale(const struct app *app, const char *locale)
{
	struct slot *free_slot = NULL;
	for (size_t i = 0; i < SLOTS; i++) {
		if (slots[i].choices && slots[i].app == app && strcmp(slots[i].locale, locale) == 0)
			return &slots[i];
		if (!free_slot && (!slots[i].choices || slots[i].app != app))
			free_slot = &slots[i];
	}
	return free_slot ? free_slot : &slots[0];
}

json_t *ui_commitment_choices(struct request *req)
{
	const char *locale = req->locale ? req->locale : "en";
	/* No pool (a test's app): asked of the connection. */
	int64_t version = req->app && req->app->pool ? db_pool_data_version(req->app->pool, req->db)
	                                             : db_data_version(req->db);
	if (version < 0 || strlen(locale) >= sizeof slots[0].locale)
		return commitments_choices(req->db, locale);   /* not kept */
	json_t *found = NULL;
	pthread_mutex_lock(&lock);
	struct slot *s = slot_for_locale(req->app, locale);
	if (s->choices && s->app == req->app && s->version == version &&
	    strcmp(s->locale, locale) == 0)
		found = json_incref(s->choices);
	pthread_mutex_unlock(&lock);
	if (found)
		return found;
	json_t *made = commitments_choices(req->db, locale);
	if (!made)
		return NULL;
	pthread_mutex_lock(&lock);
	s = slot_for_locale(req->app, locale);
	if (!s->choices || s->app != req->app || strcmp(s->locale, locale) != 0 ||
	    s->version < version) {
		json_decref(s->choices);
		s->app = req->app;
		snprintf(s->locale, sizeof s->locale, "%s", locale);
		s->version = version;
		s->choices = json_incref(made);
	}
	pthread_mutex_unlock(&lock);
	return made;
}
