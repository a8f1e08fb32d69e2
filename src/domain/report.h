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
/* The report read on screen lists the first this many and links to the
 * full filtered list (/commitments?country=X, which pages) and to the
 * whole report for printing: a country with 765 commitments made a page
 * of 170 KB whose miss grew with the country (issue 19 item 1); the PDF
 * (`pacte report`) asks for the whole. */
#define REPORT_SCREEN_COMMITMENTS 100

/* {"data_version", "generated_on" (today, YYYY-MM-DD), "commitments" (the
 * first `limit` by number, at most REPORT_COMMITMENTS_MAX):
 * [{id, title, status, status_label, percent, target_date, assessed:
 * completion label | null}], "commitments_total", "commitments_more" (how
 * many were left out), "practices": [{id, title}], "reviews" (reviews.h's
 * reviews_of_country), "inputs": [{title, body, actor, cycle_id}],
 * "assessments" (assessments_country_counts)} for iso3, labels in locale.
 * NULL on a database error. */
json_t *report_country(struct db *db, const char *locale, const char *iso3, int limit);

#endif
