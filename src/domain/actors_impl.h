/* actors_impl.h — what the files of the actors module share (actors.c,
 * actors_read.c, actors_write.c), and no one else. */
#ifndef PACTE_ACTORS_IMPL_H
#define PACTE_ACTORS_IMPL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* The label of code in a NULL-terminated codes/labels pair, or NULL. */
const char *actors_label_of(const char *const *codes, const char *const *labels,
                            const char *code);

/* s as a JSON string, or JSON null for NULL. New reference. */
json_t *actors_jtext(const char *s);

/* id as decimal text, for audit entries' object ids. */
void actors_id_text(char out[24], int64_t id);

/* The folded form (text_fold) of s, or of its first `max` bytes: a
 * search key. The caller frees it. */
char *actors_fold_n(const char *s, size_t max);
char *actors_fold(const char *s);

/* {"before": before, "after": after} for an audit entry's changes (NULL
 * is JSON null); steals both. New reference. */
json_t *actors_change(json_t *before, json_t *after);

/* A new actor's row, and who creates it from where (for the audit). */
struct actors_new {
	const char *kind, *name, *search_key, *type, *iso3, *status, *website, *description;
	const char *action;                /* "actor.create", "actor.register" */
	const char *channel, *client_addr;
	bool operators;                    /* the operators' own actor */
};

/* Inserts one actor and its audit entry (by the operator, or an anonymous
 * registrant), inside the caller's write transaction. Returns its id, or
 * -1. */
int64_t actors_insert(struct db *db, const struct actors_new *n);

/* Tells every enabled account of actor_id that a decision brought it to
 * status (accredited, declined, suspended; any other: nothing), with the
 * reason (or NULL): a notification and a mail each (actors_announce.c).
 * Inside the decision's transaction. 0 or -1. */
int actors_announce(struct db *db, int64_t actor_id, const char *status, const char *reason);

#endif
