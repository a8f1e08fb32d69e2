/* ui_account_notify.c (web) — notifications on the account page: how they
 * reach the person by e-mail (POST /account/notifications), marking them
 * all read (POST /account/notifications/read); the rules are
 * domain/notifications.h's, the header's unread count guard.c's. */
#include "domain/notifications.h"
#include "domain/principal.h"
#include "guard.h"
#include "i18n.h"
#include "ui_account.h"
#include "web.h"

int account_notify_model(struct request *req, json_t *model)
{
	const char *pref = notifications_pref(req->db, req->user->id);
	if (!pref)
		return -1;
	json_t *options = json_array();
	for (size_t i = 0; notifications_mail_prefs[i]; i++)
		json_array_append_new(options, json_pack("{s:s, s:s, s:b}",
		                      "value", notifications_mail_prefs[i],
		                      "label", tr(req->locale, notifications_mail_labels[i]),
		                      "selected", notifications_mail_prefs[i] == pref));
	json_object_set_new(model, "notify_mail", json_string(pref));
	json_object_set_new(model, "notify_mail_options", options);
	return 0;
}

void account_notify(struct request *req, struct page *page)
{
	json_t *errors = json_object();
	enum outcome o = notifications_set_pref(req->db, req->user, req_form(req, "notify_mail"),
	                                        errors);
	if (o == OUTCOME_INVALID) {
		account_invalid(req, page, NULL, errors);
		return;
	}
	json_decref(errors);
	if (!web_outcome_error(req, page, o))
		page_written(req, page, 200, "/account?saved=1", "account",
		             json_pack("{s:s}", "notify_mail", notifications_pref(req->db,
		                                                                  req->user->id)));
}

void account_notify_read(struct request *req, struct page *page)
{
	if (notifications_mark_read(req->db, req->user) < 0) {
		web_db_error(req, page);
		return;
	}
	page_written(req, page, 200, "/account?read=1", "account", json_pack("{s:b}", "read", 1));
}
