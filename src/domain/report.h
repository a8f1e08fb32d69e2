/* report.h — a country's report: everything Pacte holds on a state in one
 * document to print — its commitments (with their self-reported status and
 * the latest final independent assessment), the good practices published
 * for it, its voluntary reviews and the written inputs about them, and the
 * counts of self-reported beside assessed. The web page
 * (/countries/{ISO3}/report) adds the country's figures and the layout;
 * `pacte report ISO3 --pdf FILE` prints that page with headless Chromium.
 *
 * It reads the other nouns' modules (reviews, assessments) and their
 * tables; nothing in the domain depends on it. */
#ifndef PACTE_REPORT_H
#define PACTE_REPORT_H

#include <jansson.h>
#include <stdint.h>

struct db;

/* At most this many commitments are listed in full (the rest counted):
 * the report of the state with the most records stays a document a
 * person prints. */
#define REPORT_COMMITMENTS_MAX 2000

/* {"data_version", "generated_on" (today, YYYY-MM-DD), "commitments":
 * [{id, title, status, status_label, percent, target_date, assessed:
 * completion label | null}], "commitments_total", "commitments_more" (how
 * many were left out), "practices": [{id, title}], "reviews" (reviews.h's
 * reviews_of_country), "inputs": [{title, body, actor, cycle_id}],
 * "assessments" (assessments_country_counts)} for iso3, labels in locale.
 * NULL on a database error. */
json_t *report_country(struct db *db, const char *locale, const char *iso3);

#endif
