/* ui_numbers.c — numbers with the reader's decimal mark (ui_numbers.h). */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "ui_numbers.h"
#include "util.h"
#include "web.h"

char ui_decimal_mark(const char *locale)
{
	const char *mark = trc(locale, "decimal mark", ".");
	return mark && strlen(mark) == 1 ? mark[0] : '.';
}

/* Puts the reader's mark in place of the C locale's '.' of text. */
static const char *marked(struct request *req, char *text)
{
	char mark = ui_decimal_mark(req->locale), *dot = strchr(text, '.');
	if (dot)
		*dot = mark;
	return text;
}

const char *ui_number_text(struct request *req, double v)
{
	return marked(req, arena_printf(&req->arena, "%.15g", v));
}

const char *ui_fixed_text(struct request *req, int64_t n, int decimals)
{
	if (decimals <= 0)
		return arena_printf(&req->arena, "%lld", (long long)n);
	double scale = 1;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	return marked(req, arena_printf(&req->arena, "%.*f", decimals, (double)n / scale));
}
