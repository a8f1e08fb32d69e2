/* ui_import.h — importing a file through the web: commitments from CSV or
 * JSON, indicators' national values from SDMX-CSV; all or nothing, every
 * problem listed (the same imports as `pacte import`). */
#ifndef PACTE_WEB_UI_IMPORT_H
#define PACTE_WEB_UI_IMPORT_H

#include "view.h"

/* GET /commitments/import : a form to paste a CSV or JSON file into (the
 * same import for people without an API client; signed in). */
void ui_import_form(struct request *req, struct page *page);
/* POST /commitments/import (meant as /api/v1/commitments/import), for an
 * admin or the owners' users. The file is the body, sent as text/csv (or
 * another non-form type, with ?format=csv|json, or detected from its
 * first byte), or a JSON object {"format", "filename", "data": file
 * text}. All or nothing: 200 with the counts, or 422 problem+json listing
 * every problem ({"line", "field", "detail", "text"}); 403 (audited) for
 * a user who may not create commitments at all. */
void ui_import_file(struct request *req, struct page *page);

/* GET /indicators/import : a form to paste an SDMX-CSV file of national
 * values into (signed in). */
void ui_indicators_import_form(struct request *req, struct page *page);
/* POST /indicators/import: the file as ui_import_file takes one (form
 * field, JSON "data", or the body as text/csv); each country's values by
 * its state's focal points or an administrator (can(), indicator.import).
 * All or nothing: 200 with the number of observations, or 422 listing
 * every problem; 403 (audited) for a country the user may not speak for. */
void ui_indicators_import_file(struct request *req, struct page *page);

#endif
