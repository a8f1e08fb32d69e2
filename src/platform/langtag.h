/* langtag.h — language tags ("fr", "pt-BR", "zh-Hant-TW"): their shape and
 * how one names another.
 *
 * Shared by the catalog parser (po.h checks a catalog's Language header
 * against its file name) and locale negotiation (i18n.h matches ?lang=,
 * cookies and Accept-Language against the catalogs). '-' and '_' are the
 * same separator everywhere here, because gettext names files and locales
 * "pt_BR" where HTTP says "pt-BR"; letters compare case-insensitively. */
#ifndef PACTE_LANGTAG_H
#define PACTE_LANGTAG_H

#include <stdbool.h>
#include <stddef.h>

#define LANGTAG_MAX 64         /* longest tag worth matching, in bytes */

/* True for the characters a tag is made of: ASCII letters and digits,
 * '-' and '_' (where a tag in a header ends). */
bool langtag_char(char c);

/* True when s[0..len) is shaped like a BCP 47 tag:
 * 1*8ALPHA *( ("-" / "_") 1*8alphanum ). No length cap of its own: callers
 * refuse tags over LANGTAG_MAX first. */
bool langtag_valid(const char *s, size_t len);

/* True when the tag s[0..len) and the NUL-terminated code are the same tag
 * (case-insensitive, '-' = '_'). */
bool langtag_equal(const char *s, size_t len, const char *code);

/* True when code is the tag s[0..len) or one of its prefixes at a
 * separator ("fr" names "fr_FR"; "f" does not). */
bool langtag_names(const char *s, size_t len, const char *code);

/* The length of s[0..len) without its last subtag and that subtag's
 * separator ("zh-Hant" of "zh-Hant-TW"); 0 for a tag of one subtag. The
 * step of RFC 4647 lookup. */
size_t langtag_parent(const char *s, size_t len);

#endif
