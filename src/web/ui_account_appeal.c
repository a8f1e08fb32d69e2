/* ui_account_appeal.c (web) — a declined organisation asks for its request
 * to be looked at again, from its account page (POST /account/appeal);
 * the rule is actors_appeal's (actors.h). */
#include "domain/actors.h"
#include "guard.h"
#include "i18n.h"
#include "ui_account.h"
#include "web.h"

void account_appeal(struct request *req, struct page *page)
{
	const char *channel = req->format == FORMAT_JSON ? "api" : "web";
	enum outcome o = actors_appeal(req->db, req->user, channel, req->client_addr);
	if (o == OUTCOME_CONFLICT) {
		page_error(req, page, 409, N_("No appeal"),
		           tr(req->locale, "Only a declined request can be appealed, and only once."));
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	page_written(req, page, 200, "/account?appealed=1", "account",
	             json_pack("{s:b}", "appealed", 1));
}
