/* ui_admin_users.c (web) — an administrator disables or re-enables an
 * account from /admin/users; users_disable and users_enable decide and
 * audit, as they do for `pacte user disable`. */
#include "domain/users.h"
#include "guard.h"
#include "i18n.h"
#include "ui_admin.h"
#include "util.h"
#include "web.h"

static void set_disabled(struct request *req, struct page *page, bool disable)
{
	int64_t id;
	if (parse_int64(req_param(req, 0), 1, INT64_MAX, &id) < 0) {
		web_not_found(req, page, N_("There is no such account."));
		return;
	}
	enum outcome o = disable ? users_disable(req->db, req->user, id)
	                         : users_enable(req->db, req->user, id);
	if (o == OUTCOME_NOT_FOUND) {
		web_not_found(req, page, N_("There is no such account."));
		return;
	}
	if (o == OUTCOME_CONFLICT) {
		page_error(req, page, 409, "Conflict", tr(req->locale, disable ?
		           N_("This account is disabled already.") : N_("This account is not disabled.")));
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	page_written(req, page, 200, "/admin/users", "admin_users",
	             json_pack("{s:I, s:b}", "id", (json_int_t)id, "disabled", disable));
}

void admin_user_disable(struct request *req, struct page *page)
{
	set_disabled(req, page, true);
}

void admin_user_enable(struct request *req, struct page *page)
{
	set_disabled(req, page, false);
}
