/* langtag.c — the shape of a language tag and the comparisons between tags
 * that catalog loading and locale negotiation share. */
#include "langtag.h"

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

bool langtag_char(char c)
{
	return is_alnum(c) || c == '-' || c == '_';
}

bool langtag_valid(const char *s, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '-' || s[i] == '_') {
			if (run == 0)
				return false;
			run = 0;
		} else if (i == run ? is_alpha(s[i]) : is_alnum(s[i])) {
			/* The first subtag is letters only; the others may hold digits. */
			if (++run > 8)
				return false;
		} else {
			return false;
		}
	}
	return run > 0;
}

static char fold(char c)
{
	if (c == '_')
		return '-';
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool langtag_equal(const char *s, size_t len, const char *code)
{
	size_t i = 0;
	for (; i < len && code[i]; i++)
		if (fold(s[i]) != fold(code[i]))
			return false;
	return i == len && code[i] == '\0';
}

size_t langtag_parent(const char *s, size_t len)
{
	while (len > 0 && s[len - 1] != '-' && s[len - 1] != '_')
		len--;
	return len > 0 ? len - 1 : 0;
}

bool langtag_names(const char *s, size_t len, const char *code)
{
	for (; len > 0; len = langtag_parent(s, len))
		if (langtag_equal(s, len, code))
			return true;
	return false;
}
