/* template_i18n.h — the template env of a locale: {{_ }} and {{_n}} read its
 * catalog (i18n.h), {{x|num}}, {{x|pct}} and {{x|date}} follow its rules
 * (l10n.h). The one env every page and every e-mail is rendered with. */
#ifndef PACTE_TEMPLATE_I18N_H
#define PACTE_TEMPLATE_I18N_H

#include "template.h"

/* The env for locale (a code with a catalog, or anything: English then).
 * locale must outlive the renders that use the env. */
struct template_env template_env_for(const char *locale);

#endif
