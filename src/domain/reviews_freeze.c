/* reviews_freeze.c — what makes a submitted review citable: its content
 * as canonical bytes (the same JSON always gives the same bytes, whatever
 * order its keys were built in), their SHA-256, and the comparison of two
 * frozen reviews per objective. No database here: the functions take and
 * give JSON, so a test builds both sides by hand. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "compact.h"
#include "reviews.h"
#include "util.h"

char *reviews_canonical(const json_t *v)
{
	/* Sorted keys and no white space; UTF-8 left as it is (no \u escapes
	 * beyond those JSON requires), so the bytes are the text people read. */
	return json_dumps(v, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
}

void reviews_hash(const char *bytes, size_t len, char out[REVIEW_HASH_LEN + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)bytes, len);
	sodium_bin2hex(out, REVIEW_HASH_LEN + 1, h, sizeof h);
}

/* ---- Comparison ----------------------------------------------------------------- */

/* How far a status has gone: planned < in_progress < achieved; delayed
 * counts as in progress, discontinued as nothing. */
static int stage(const char *status)
{
	static const struct {
		const char *status;
		int stage;
	} stages[] = {
		{"planned", 1}, {"in_progress", 2}, {"delayed", 2}, {"achieved", 3},
		{"discontinued", 0},
	};
	for (size_t i = 0; status && i < ARRAY_LEN(stages); i++)
		if (strcmp(status, stages[i].status) == 0)
			return stages[i].stage;
	return 0;
}

/* The item of parent's array `list` whose `key` is v, or NULL. */
static json_t *item_with(const json_t *parent, const char *list, const char *key, json_int_t v)
{
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(parent, list), i, o)
		if (json_integer_value(json_object_get(o, key)) == v)
			return o;
	return NULL;
}

static json_t *objective_of(const json_t *content, json_int_t number)
{
	return item_with(content, "objectives", "number", number);
}

static json_t *commitment_in(const json_t *objective, json_int_t id)
{
	return item_with(objective, "commitments", "id", id);
}

/* A commitment as the comparison shows it: its id, title and status. */
static json_t *brief(const json_t *c)
{
	return json_pack("{s:O?, s:O?, s:O?}", "id", json_object_get(c, "id"),
	                 "title", json_object_get(c, "title"), "status", json_object_get(c, "status"));
}

static json_t *compare_one(const json_t *prev, const json_t *cur, json_int_t number)
{
	json_t *added = json_array(), *progressed = json_array(), *stalled = json_array(),
	       *dropped = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(cur, "commitments"), i, c) {
		json_t *p = commitment_in(prev, json_integer_value(json_object_get(c, "id")));
		if (!p) {
			json_array_append_new(added, brief(c));
			continue;
		}
		const char *from = json_string_value(json_object_get(p, "status"));
		const char *to = json_string_value(json_object_get(c, "status"));
		json_int_t pf = json_integer_value(json_object_get(p, "percent"));
		json_int_t pt = json_integer_value(json_object_get(c, "percent"));
		if (stage(to) > stage(from) || (stage(to) == stage(from) && pt > pf))
			json_array_append_new(progressed, json_pack("{s:o, s:O?, s:O?}", "commitment",
			                      brief(c), "from", json_object_get(p, "status"),
			                      "to", json_object_get(c, "status")));
		else if (stage(to) < 3)
			json_array_append_new(stalled, brief(c));
	}
	json_array_foreach(json_object_get(prev, "commitments"), i, c)
		if (!commitment_in(cur, json_integer_value(json_object_get(c, "id"))))
			json_array_append_new(dropped, brief(c));
	return json_pack("{s:I, s:o, s:o, s:o, s:o}", "number", (json_int_t)number,
	                 "added", added, "progressed", progressed, "stalled", stalled,
	                 "dropped", dropped);
}

json_t *reviews_compare(const json_t *previous, const json_t *current)
{
	json_t *out = json_array();
	/* Objectives in number order, whichever side has them. */
	for (json_int_t n = 1; n <= COMPACT_OBJECTIVES; n++) {
		json_t *p = previous ? objective_of(previous, n) : NULL;
		json_t *c = objective_of(current, n);
		if (json_array_size(json_object_get(p, "commitments")) +
		    json_array_size(json_object_get(c, "commitments")) == 0)
			continue;
		json_array_append_new(out, compare_one(p, c, n));
	}
	return out;
}
