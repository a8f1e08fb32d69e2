/* codes.h — the code lists of commitments and progress updates (statuses,
 * levels, kinds, forms, origins, freshnesses, sorts, participants'
 * answers), of good practices, of the connection hub, and their labels.
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
/* The connection hub (issue 14; events.h, hub.h): an event's kind, a
 * state's position at it, a need's or offer's kind of support, budget
 * range and status, a match's status, a partnership member's role. */
extern const char *const event_kinds[];             /* conference general_assembly review_forum
                                                     * regional_review consultation side_event */
extern const char *const event_kind_labels[];
extern const char *const event_positions[];         /* adopted in_favour against abstained
                                                     * did_not_vote */
extern const char *const event_position_labels[];
extern const char *const event_roles[];             /* head_of_delegation delegate speaker
                                                     * observer organiser */
extern const char *const event_role_labels[];
extern const char *const hub_supports[];            /* technical_assistance funding training data
                                                     * peer_exchange policy_advice */
extern const char *const hub_support_labels[];
extern const char *const hub_budgets[];             /* unspecified under_50k 50k_250k 250k_1m over_1m */
extern const char *const hub_budget_labels[];
extern const char *const hub_statuses[];            /* submitted returned accepted matching matched
                                                     * in_implementation closed */
extern const char *const hub_status_labels[];
extern const char *const hub_match_statuses[];      /* proposed made declined */
extern const char *const hub_match_status_labels[];
extern const char *const partnership_roles[];       /* lead member funder implementing_partner */
extern const char *const partnership_role_labels[];

/* Index of code in a NULL-terminated code list, or -1 (code NULL too). */
int code_index(const char *const *codes, const char *code);
/* The English label (msgid) of code in codes/labels, or NULL if unknown. */
const char *code_label(const char *const *codes, const char *const *labels, const char *code);
/* The label of code translated into locale, as a new JSON string; JSON
 * null when code is not in the list. */
json_t *code_label_json(const char *locale, const char *const *codes,
                        const char *const *labels, const char *code);

#endif
