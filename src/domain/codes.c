/* codes.c — the code lists and their labels (codes.h). */
#include <string.h>

#include "codes.h"
#include "i18n.h"

const char *const commitment_levels[] = {"national", "regional", "international", NULL};
const char *const commitment_level_labels[] = {
	N_("National"), N_("Regional"), N_("International"), NULL,
};
const char *const commitment_statuses[] = {
	"planned", "in_progress", "achieved", "delayed", "discontinued", NULL,
};
const char *const commitment_status_labels[] = {
	N_("Planned"), N_("In progress"), N_("Achieved"), N_("Delayed"), N_("Discontinued"), NULL,
};
const char *const commitment_kinds[] = {
	"individual", "common", "partnership", "matching", NULL,
};
const char *const commitment_kind_labels[] = {
	N_("Individual"), N_("Common"), N_("In partnership"), N_("Matching"), NULL,
};
const char *const commitment_forms[] = {
	"financial", "human_resources", "technical_assistance", "process", "policy", NULL,
};
const char *const commitment_form_labels[] = {
	N_("Financial"), N_("Human resources"), N_("Technical assistance"),
	N_("Process-oriented"), N_("Policy-oriented"), NULL,
};
const char *const commitment_origins[] = {"real", "sample", "synthetic", NULL};
const char *const commitment_freshnesses[] = {"reported", "due", "inactive", "closed", NULL};
const char *const commitment_freshness_labels[] = {
	N_("Reported"), N_("Report due"), N_("Inactive"), N_("Closed"), NULL,
};
const char *const commitment_sorts[] = {"updated", "created", "target_date", "title", NULL};
const char *const commitment_sort_labels[] = {
	N_("Recently updated"), N_("Newest"), N_("Target date"), N_("Title"), NULL,
};
const char *const participant_statuses[] = {"invited", "accepted", "declined", NULL};
const char *const participant_status_labels[] = {
	N_("Invited"), N_("Accepted"), N_("Declined"), NULL,
};
const char *const participation_answers[] = {"accept", "decline", NULL};

const char *const practice_levels[] = {"local", "national", "regional", "international", NULL};
const char *const practice_level_labels[] = {
	N_("Local"), N_("National"), N_("Regional"), N_("International"), NULL,
};
const char *const practice_types[] = {
	"policy", "programme", "project", "tool", "partnership", "other", NULL,
};
const char *const practice_type_labels[] = {
	N_("Policy"), N_("Programme"), N_("Project"), N_("Tool"), N_("Partnership"), N_("Other"),
	NULL,
};
const char *const practice_statuses[] = {
	"draft", "submitted", "in_review", "changes_requested", "published", "rejected",
	"archived", NULL,
};
const char *const practice_status_labels[] = {
	N_("Draft"), N_("Submitted"), N_("In review"), N_("Changes requested"), N_("Published"),
	N_("Rejected"), N_("Archived"), NULL,
};
const char *const practice_decisions[] = {"approve", "reject", "changes", NULL};
const char *const practice_decision_labels[] = {
	N_("Approve"), N_("Reject"), N_("Ask for changes"), NULL,
};
const char *const practice_sorts[] = {"published", "title", NULL};
const char *const practice_sort_labels[] = {N_("Newest"), N_("Title"), NULL};

/* Reviews (issue 15): a written input's subject and moderation, an
 * assessment's scales (the completion scale is the Open Government
 * Partnership's independent reporting mechanism's) and status. */
const char *const review_input_abouts[] = {"cycle", "objective", "review", NULL};
const char *const review_input_about_labels[] = {
	N_("The cycle as a whole"), N_("An objective"), N_("A state's review"), NULL,
};
const char *const review_input_statuses[] = {"pending", "accepted", "declined", NULL};
const char *const review_input_status_labels[] = {
	N_("Awaiting moderation"), N_("Published"), NC_("review input", "Declined"), NULL,
};
const char *const review_input_decisions[] = {"accept", "decline", NULL};
const char *const assessment_relevances[] = {"relevant", "partly_relevant", "not_relevant", NULL};
const char *const assessment_relevance_labels[] = {
	N_("Relevant"), N_("Partly relevant"), N_("Not relevant"), NULL,
};
const char *const assessment_completions[] = {
	"no_evidence", "not_started", "limited", "substantial", "complete", NULL,
};
const char *const assessment_completion_labels[] = {
	N_("No evidence available"), N_("Not started"), N_("Limited"), N_("Substantial"),
	N_("Complete"), NULL,
};
const char *const assessment_statuses[] = {"comment", "final", NULL};
const char *const assessment_status_labels[] = {
	N_("Draft, open for comment"), N_("Final"), NULL,
};
const char *const event_kinds[] = {
	"conference", "general_assembly", "review_forum", "regional_review", "consultation",
	"side_event", NULL,
};
const char *const event_kind_labels[] = {
	N_("Conference"), N_("General Assembly"), N_("Review forum"), N_("Regional review"),
	N_("Consultation"), N_("Side event"), NULL,
};
const char *const event_positions[] = {
	"adopted", "in_favour", "against", "abstained", "did_not_vote", NULL,
};
const char *const event_position_labels[] = {
	N_("Adopted"), N_("Voted in favour"), N_("Voted against"), N_("Abstained"),
	N_("Did not vote"), NULL,
};
const char *const event_roles[] = {
	"head_of_delegation", "delegate", "speaker", "observer", "organiser", NULL,
};
const char *const event_role_labels[] = {
	N_("Head of delegation"), N_("Delegate"), N_("Speaker"), N_("Observer"), N_("Organiser"),
	NULL,
};
const char *const hub_supports[] = {
	"technical_assistance", "funding", "training", "data", "peer_exchange", "policy_advice",
	NULL,
};
const char *const hub_support_labels[] = {
	N_("Technical assistance"), N_("Funding"), N_("Training"), N_("Data and statistics"),
	N_("Peer exchange"), N_("Policy advice"), NULL,
};
const char *const hub_budgets[] = {
	"unspecified", "under_50k", "50k_250k", "250k_1m", "over_1m", NULL,
};
const char *const hub_budget_labels[] = {
	N_("Not specified"), N_("Under US$50,000"), N_("US$50,000 to 250,000"),
	N_("US$250,000 to 1 million"), N_("Over US$1 million"), NULL,
};
/* NC_: a label whose French agrees with its noun ("une mise en relation
 * refusée", "un besoin ou une offre soumis") where the same English word
 * elsewhere takes another form; "Matching" the status ("looking for a
 * partner") is not "Matching" the kind of pledge ("answering another"), and
 * Arabic needs two words for them. */
const char *const hub_statuses[] = {
	"submitted", "returned", "accepted", "matching", "matched", "in_implementation", "closed",
	NULL,
};
const char *const hub_status_labels[] = {
	NC_("hub item", "Submitted"), N_("Returned with questions"), N_("Accepted"),
	NC_("hub item", "Matching"), N_("Matched"), N_("In implementation"), N_("Closed"), NULL,
};
const char *const hub_match_statuses[] = {"proposed", "made", "declined", NULL};
const char *const hub_match_status_labels[] = {
	NC_("match", "Proposed"), NC_("match", "Made"), NC_("match", "Declined"), NULL,
};
const char *const partnership_roles[] = {
	"lead", "member", "funder", "implementing_partner", NULL,
};
const char *const partnership_role_labels[] = {
	N_("Lead"), N_("Member"), N_("Funder"), N_("Implementing partner"), NULL,
};

int code_index(const char *const *codes, const char *code)
{
	for (int i = 0; code && codes[i]; i++)
		if (strcmp(codes[i], code) == 0)
			return i;
	return -1;
}

const char *code_label(const char *const *codes, const char *const *labels, const char *code)
{
	int i = code_index(codes, code);
	return i < 0 ? NULL : labels[i];
}

json_t *code_label_json(const char *locale, const char *const *codes,
                        const char *const *labels, const char *code)
{
	const char *l = code_label(codes, labels, code);
	return l ? json_string(tr(locale, l)) : json_null();
}
