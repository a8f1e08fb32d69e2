/* codes.h — the code lists of commitments and progress updates (statuses,
 * levels, kinds, forms, origins, freshnesses, sorts, participants'
 * answers), of good practices, and their labels.
 *
 * A code is what is stored, written in URLs and given by the API; its
 * label is the English msgid a person reads, translated with tr(). Each
 * list is NULL-terminated and in display order; the *_labels array holds
 * the label of the code at the same index. Every noun that shows or
 * checks one of these codes reads it here: the lists are written once. */
#ifndef PACTE_CODES_H
#define PACTE_CODES_H

#include <jansson.h>

extern const char *const commitment_levels[];       /* national regional international */
extern const char *const commitment_level_labels[];
extern const char *const commitment_statuses[];     /* planned in_progress achieved delayed discontinued */
extern const char *const commitment_status_labels[];
extern const char *const commitment_kinds[];        /* individual common partnership matching */
extern const char *const commitment_kind_labels[];
extern const char *const commitment_forms[];        /* financial human_resources technical_assistance process policy */
extern const char *const commitment_form_labels[];
extern const char *const commitment_origins[];      /* real sample synthetic */
extern const char *const commitment_freshnesses[];  /* reported due inactive closed */
extern const char *const commitment_freshness_labels[];
extern const char *const commitment_sorts[];        /* updated created target_date title */
extern const char *const commitment_sort_labels[];
/* A participant's answer to being named on a commitment, and the answers
 * its actor may give (decline after accepting: leave). */
extern const char *const participant_statuses[];    /* invited accepted declined */
extern const char *const participant_status_labels[];
extern const char *const participation_answers[];   /* accept decline */

/* Good practices (practices.h): their level, type and review status, a
 * reviewer's decision, and the list's sorts. */
extern const char *const practice_levels[];         /* local national regional international */
extern const char *const practice_level_labels[];
extern const char *const practice_types[];          /* policy programme project tool partnership other */
extern const char *const practice_type_labels[];
extern const char *const practice_statuses[];       /* draft submitted in_review changes_requested
                                                     * published rejected archived */
extern const char *const practice_status_labels[];
extern const char *const practice_decisions[];      /* approve reject changes */
extern const char *const practice_decision_labels[];
extern const char *const practice_sorts[];          /* published title */
extern const char *const practice_sort_labels[];

/* Reviews (reviews.h, assessments.h): a written input's subject, status
 * and the moderator's decision; an assessment's relevance, completion and
 * status. */
extern const char *const review_input_abouts[];     /* cycle objective review */
extern const char *const review_input_about_labels[];
extern const char *const review_input_statuses[];   /* pending accepted declined */
extern const char *const review_input_status_labels[];
extern const char *const review_input_decisions[];  /* accept decline */
extern const char *const assessment_relevances[];   /* relevant partly_relevant not_relevant */
extern const char *const assessment_relevance_labels[];
extern const char *const assessment_completions[];  /* no_evidence not_started limited
                                                     * substantial complete */
extern const char *const assessment_completion_labels[];
extern const char *const assessment_statuses[];     /* comment final */
extern const char *const assessment_status_labels[];

/* Index of code in a NULL-terminated code list, or -1 (code NULL too). */
int code_index(const char *const *codes, const char *code);
/* The English label (msgid) of code in codes/labels, or NULL if unknown. */
const char *code_label(const char *const *codes, const char *const *labels, const char *code);
/* The label of code translated into locale, as a new JSON string; JSON
 * null when code is not in the list. */
json_t *code_label_json(const char *locale, const char *const *codes,
                        const char *const *labels, const char *code);

#endif
