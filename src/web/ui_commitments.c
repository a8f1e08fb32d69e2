/* ui_commitments.c — the commitment in the path and the permission on it,
 * which the commitments pages and the progress pages share. */
#include <assert.h>
#include <string.h>

#include "domain/commitments.h"
#include "domain/users.h"
#include "guard.h"
#include "i18n.h"
#include "ui_commitments.h"
#include "ui_commitments_impl.h"
#include "util.h"
#include "web.h"

/* ---- the commitment in the path ---------------------------------------------- */

int64_t ui_path_id(const struct request *req)
{
	const char *s = req_param(req, 0);
	int64_t id;
	if (!s || s[0] == '0' || strspn(s, "0123456789") != strlen(s) ||
	    parse_int64(s, 1, INT64_MAX, &id) < 0)
		return -1;
	return id;
}

bool ui_may(const struct request *req, enum action a, int64_t id, int64_t owner)
{
	assert(id >= 0);
	struct object_ref obj = {"commitment", id, owner};
	return can(req->user, a, &obj);
}

void ui_forbidden(struct request *req, struct page *page)
{
	page_error(req, page, 403, "Forbidden",
	           tr(req->locale, "Only the focal points or editors of this commitment's owner may do this."));
}

void ui_commitments_not_found(struct request *req, struct page *page)
{
	web_not_found(req, page, N_("There is no commitment with this number."));
}

int64_t ui_commitments_exists(struct request *req, struct page *page, int64_t *owner)
{
	int64_t id = ui_path_id(req);
	enum outcome o = id < 0 ? OUTCOME_NOT_FOUND : commitments_owner(req->db, id, owner);
	if (o == OUTCOME_NOT_FOUND) {
		ui_commitments_not_found(req, page);
		return -1;
	}
	if (web_outcome_error(req, page, o))
		return -1;
	return id;
}

int64_t ui_commitments_for(struct request *req, struct page *page, enum action a)
{
	int64_t owner = 0;
	int64_t id = ui_commitments_exists(req, page, &owner);
	if (id < 0)
		return -1;
	if (!ui_may(req, a, id, owner)) {
		ui_forbidden(req, page);
		return -1;
	}
	return id;
}
