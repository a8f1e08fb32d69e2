/* actors_announce.c — telling an organisation's accounts of a decision on
 * its accreditation: a notification on their account page and a mail in
 * each one's language (as their preference says: notifications.h), with
 * the reason when one was given. */
#include <string.h>

#include "actors_impl.h"
#include "db.h"
#include "i18n.h"
#include "notifications.h"

/* The notification's words for each status a decision leads to. */
static const struct {
	const char *status;
	const char *plain, *with_reason;
} notes[] = {
	{"accredited", N_("{actor} is now accredited: you can record commitments and report progress."),
	 N_("{actor} is now accredited: you can record commitments and report progress.")},
	{"declined", N_("The request of {actor} for accreditation was declined."),
	 N_("The request of {actor} for accreditation was declined. The reason given: {reason}")},
	{"suspended", N_("The accreditation of {actor} has been suspended."),
	 N_("The accreditation of {actor} has been suspended. The reason given: {reason}")},
};

int actors_announce(struct db *db, int64_t actor_id, const char *status, const char *reason)
{
	size_t i;
	for (i = 0; i < sizeof notes / sizeof notes[0]; i++)
		if (strcmp(notes[i].status, status) == 0)
			break;
	if (i == sizeof notes / sizeof notes[0])
		return 0;
	json_t *actor = db_json_row(db, "SELECT name FROM actor WHERE id = $1",
	                            DB_ARGS(DB_INT(actor_id)));
	json_t *users = actor ? db_json_rows(db, "SELECT id FROM account WHERE actor_id = $1 "
	                                     "AND disabled = 0 ORDER BY id",
	                                     DB_ARGS(DB_INT(actor_id))) : NULL;
	if (!users) {
		json_decref(actor);
		return -1;
	}
	json_t *model = json_pack("{s:O, s:b}", "actor", json_object_get(actor, "name"), status,
	                          1);
	if (reason)
		json_object_set_new(model, "reason", json_string(reason));
	const char *note = reason ? notes[i].with_reason : notes[i].plain;
	int rc = 0;
	size_t k;
	json_t *u;
	json_array_foreach(users, k, u) {
		int64_t uid = json_integer_value(json_object_get(u, "id"));
		/* Mailed at once, in a digest or not at all, as each one chose
		 * (notifications.h); the mail is the decision's own. */
		if (notifications_add_mailed(db, uid, note, model, "/account", "decision",
		                             N_("Your accreditation on Pacte: {actor}")) < 0)
			rc = -1;
	}
	json_decref(model);
	json_decref(users);
	json_decref(actor);
	return rc;
}
