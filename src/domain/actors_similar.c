/* actors_similar.c — the organisations a registration may duplicate: the
 * public partners whose name is the same as the new one's but for case,
 * accents, spaces and punctuation, or one letter away (a typo). The
 * registration page warns with their names before a second account of the
 * same organisation is created (issue 18, item 6).
 *
 * Only public partners are compared: a requested or declined one is seen
 * by its own users and the reviewers alone (actors_visible), so naming it
 * to a stranger would tell them it exists. Names that differ in their
 * digits ("Section 12" and "Section 13") are different organisations. */
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "actors_impl.h"
#include "db.h"
#include "util.h"

/* A typo counts only in a name this long (bytes of the compared key):
 * short names ("ABC", "ABD") are different organisations as often as not. */
#define SIMILAR_TYPO_MIN 8

/* The comparison key: the folded name (actors_fold) with every byte that
 * is not a letter or digit dropped; ASCII punctuation and spaces go,
 * non-ASCII letters (Arabic, Chinese …) stay. The caller frees it. */
static char *similar_key(const char *name)
{
	char *k = actors_fold(name);
	size_t j = 0;
	for (size_t i = 0; k[i]; i++) {
		unsigned char c = (unsigned char)k[i];
		if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
			k[j++] = (char)c;
	}
	k[j] = '\0';
	return k;
}

/* The digits of s in order, at most cap-1 of them, into out. */
static void digits_of(const char *s, char *out, size_t cap)
{
	size_t j = 0;
	for (; *s && j + 1 < cap; s++)
		if (*s >= '0' && *s <= '9')
			out[j++] = *s;
	out[j] = '\0';
}

/* True when a and b are equal or one edit apart (one byte inserted,
 * deleted or changed), in one pass. */
static bool one_edit_apart(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la < lb) {
		const char *t = a; a = b; b = t;
		size_t n = la; la = lb; lb = n;
	}
	if (la - lb > 1)
		return false;
	size_t i = 0;
	while (i < lb && a[i] == b[i])
		i++;
	if (i == lb)
		return true;
	/* The first difference: a change (rest equal) or an insertion in a. */
	return la == lb ? strcmp(a + i + 1, b + i + 1) == 0 : strcmp(a + i + 1, b + i) == 0;
}

/* True when two comparison keys name the same organisation as far as a
 * registration can tell. */
static bool keys_similar(const char *a, const char *b)
{
	if (!*a || !*b)
		return false;
	if (strcmp(a, b) == 0)
		return true;
	char da[64], db_[64];
	digits_of(a, da, sizeof da);
	digits_of(b, db_, sizeof db_);
	return strcmp(da, db_) == 0 && strlen(a) >= SIMILAR_TYPO_MIN &&
	       strlen(b) >= SIMILAR_TYPO_MIN && one_edit_apart(a, b);
}

json_t *actors_similar(struct db *db, const char *name)
{
	struct db_res *res = db_query(db,
		"SELECT a.id, a.name FROM actor a WHERE a.kind = 'partner' AND a.operators = 0 "
		"AND " ACTOR_PUBLIC_SQL " ORDER BY a.id", 0, NULL);
	if (!res)
		return NULL;
	char *key = similar_key(name ? name : "");
	json_t *out = json_array();
	int rc;
	while ((rc = db_next(res)) > 0 && json_array_size(out) < ACTORS_SIMILAR_MAX) {
		char *other = similar_key(db_text(res, 1));
		if (keys_similar(key, other))
			json_array_append_new(out, json_pack("{s:I, s:s}", "id",
			                                     (json_int_t)db_int(res, 0),
			                                     "name", db_text(res, 1)));
		free(other);
	}
	free(key);
	db_res_free(res);
	if (rc < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}
