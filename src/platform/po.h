/* po.h — one gettext catalog: a PO file parsed into a table from msgid to
 * msgstr.
 *
 * The parser follows the PO format as GNU gettext writes it: comments, flags
 * ("#, fuzzy" entries are skipped), msgctxt, strings continued over several
 * lines, C escapes; msgid_plural and msgstr[N] (a plural entry, keyed by
 * its singular msgid as gettext keys it, its forms kept in order). The
 * header entry (msgid "") must say UTF-8, when it names a Language name the
 * catalog's own, and when it has Plural-Forms give nplurals=1..6, which
 * every plural entry must then match. Anything else is an
 * error naming the file and line, so a broken catalog stops the program at
 * start rather than showing English to French readers.
 *
 * A catalog never changes once parsed, so lookups from many threads need no
 * locking. Which catalogs exist and which one a request reads is i18n.h's
 * business. */
#ifndef PACTE_PO_H
#define PACTE_PO_H

#include <stddef.h>

struct po_catalog;

/* Parses the text of one catalog (what po/LANG.po holds) for the language
 * code lang ("fr", "pt-BR"; a valid tag, checked by the caller); file names
 * it in messages ("po/fr.po"). Returns the catalog, owned by the caller
 * (po_free), or NULL with "FILE:LINE: reason" in err. */
struct po_catalog *po_parse(const char *file, const char *lang, const char *text, size_t len,
                            char *err, size_t errlen);

/* Frees a catalog; NULL is ignored. Strings it returned become invalid. */
void po_free(struct po_catalog *cat);

/* The code the catalog was parsed for (po_parse's lang), as long as cat. */
const char *po_lang(const struct po_catalog *cat);

/* The translation of msgid in context ctxt (NULL: none), or NULL when the
 * catalog has none or its msgstr is empty ("not translated yet"). The
 * result lives as long as cat. */
const char *po_lookup(const struct po_catalog *cat, const char *ctxt, const char *msgid);

/* The form-th translation (msgstr[form]) of the plural entry msgid, or
 * NULL when there is none, it is not a plural entry, or that form is
 * empty. Which form a number takes is l10n_plural's business. */
const char *po_lookup_plural(const struct po_catalog *cat, const char *ctxt, const char *msgid,
                             int form);

/* The header's Plural-Forms nplurals, or 0 when the header has none. */
int po_nplurals(const struct po_catalog *cat);

#endif
