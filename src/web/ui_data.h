/* ui_data.h — the open-data pages: /data (what can be downloaded, the
 * licence, how to cite it), the published files, and the DCAT-AP
 * catalogue that data portals harvest. What they serve is built in the
 * background by the publisher (domain/publish.h), never on a request. */
#ifndef PACTE_WEB_UI_DATA_H
#define PACTE_WEB_UI_DATA_H

#include "view.h"

/* GET /data: the package the site holds (its data version, time, licence,
 * zip and every table alone as CSV and JSON Lines, with their sizes and
 * rows), how to cite it, the CSV twins of the lists and the catalogue;
 * says so when nothing is published yet. Never cached: the package moves
 * without a database write. */
void ui_data_index(struct request *req, struct page *page);

/* GET /data/{file}: pacte-open-data.zip, datapackage.json, or TABLE.csv
 * and TABLE.jsonl for a table of the package, answered from the published
 * files; 404 for any other name or when nothing is published yet. */
void ui_data_file(struct request *req, struct page *page);

/* GET /data/catalog.jsonld: a DCAT-AP catalogue (JSON-LD) of the package
 * and of each table, with their distributions (ui_data_catalog.c). */
void ui_data_catalog(struct request *req, struct page *page);

#endif
