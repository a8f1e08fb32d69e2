/* ui_admin_mail.c (web) — /admin/mail: the mail queue as the
 * administrators read it (the outbox when no mail server is configured),
 * and one message as it is (or would be) sent, with its attempts. */
#include <stdlib.h>
#include <string.h>

#include "domain/mail.h"
#include "domain/permission.h"
#include "app.h"
#include "i18n.h"
#include "ui_admin.h"
#include "util.h"
#include "guard.h"
#include "web.h"

static const char *const statuses[] = {"queued", "sent", "failed", NULL};

/* The queue holds reset links: for those who manage accounts only. */
static bool may_read(struct request *req, struct page *page)
{
	if (can(req->user, ACTION_USER_MANAGE, NULL))
		return true;
	page_error(req, page, 403, "Forbidden",
	           tr(req->locale, "The mail queue is for administrators."));
	return false;
}

void admin_mail(struct request *req, struct page *page)
{
	if (!may_read(req, page))
		return;
	const char *status = req_query(req, "status");
	bool known = false;
	for (size_t i = 0; status && statuses[i]; i++)
		known |= strcmp(status, statuses[i]) == 0;
	if (status && *status && !known) {
		page_error(req, page, 400, "Bad request",
		           tr(req->locale, "status is one of queued, sent, failed."));
		return;
	}
	json_t *model = mail_outbox(req->db, known ? status : "");
	if (!model) {
		web_db_error(req, page);
		return;
	}
	web_time_texts(json_object_get(model, "messages"), "created_at");
	json_object_set_new(model, "sending", json_boolean(req->app->mail_sending));
	json_object_set_new(model, "status", json_string(known ? status : ""));
	page_set(page, "admin_mail", model, tr(req->locale, "Mail"));
	page->no_cache = true;
}

void admin_mail_show(struct request *req, struct page *page)
{
	if (!may_read(req, page))
		return;
	int64_t id;
	if (parse_int64(req_param(req, 0), 1, INT64_MAX, &id) < 0) {
		web_not_found(req, page, N_("There is no such message."));
		return;
	}
	json_t *m = mail_get(req->db, id);
	if (!m) {
		web_db_error(req, page);
		return;
	}
	if (json_is_null(m)) {
		web_not_found(req, page, N_("There is no such message."));
		return;
	}
	/* Rendered as the sender renders it, links to this site. */
	struct mail_options opt = {
		.base_url = web_base_url(req), .default_lang = req->app->default_lang,
		.templates = req->app->templates,
	};
	char *subject, *text, *html, err[256];
	if (mail_render(req->db, &opt, id, &subject, &text, &html, err, sizeof err) == 0) {
		json_object_set_new(m, "rendered", json_pack("{s:s, s:s}", "subject", subject,
		                                             "text", text));
		free(subject);
		free(text);
		free(html);
	}
	web_time_texts(json_object_get(m, "attempt_log"), "at");
	json_object_set_new(m, "has_attempts",
	                    json_boolean(json_array_size(json_object_get(m, "attempt_log")) > 0));
	json_t *model = json_pack("{s:o, s:b}", "message", m, "sending", req->app->mail_sending);
	page_set(page, "admin_mail_show", model, tr(req->locale, "Mail"));
	page->no_cache = true;
}
