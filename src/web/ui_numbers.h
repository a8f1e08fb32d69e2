/* ui_numbers.h — numbers written as the reader writes them: the decimal
 * mark of the reader's language ("7.25" in English, "7,25" in French),
 * which the catalog gives as the msgid "." in the context "decimal mark",
 * so a new language brings its own without code. */
#ifndef PACTE_WEB_UI_NUMBERS_H
#define PACTE_WEB_UI_NUMBERS_H

#include <stdint.h>

#include "view.h"

/* The decimal mark of locale: '.' unless its catalog says otherwise. */
char ui_decimal_mark(const char *locale);

/* v as the page writes a measured value (up to 15 significant digits, as
 * the template engine writes a JSON real), with the reader's mark; in
 * req's arena. */
const char *ui_number_text(struct request *req, double v);

/* n / 10^decimals with `decimals` decimals and the reader's mark (0: n
 * as an integer); in req's arena. */
const char *ui_fixed_text(struct request *req, int64_t n, int decimals);

#endif
