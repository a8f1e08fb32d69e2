/* fts.h — the text side of full-text search, the same for both backends.
 *
 * What is indexed and what a person asks are cut and normalised by the same
 * code, so they always compare equal:
 *   - a word is a run of letters and digits (any script); everything else
 *     (punctuation, quotes, `*`, `-`, `:`, parentheses, symbols) separates
 *     words, so nothing a person types is ever query syntax;
 *   - each word gives its folded form (text_fold: lower case, no
 *     diacritics) and its Snowball stems (libstemmer) in the text's
 *     language — both the stem of the folded word and the folded stem of the
 *     lower-cased word, so "vulnerabilite" typed without accents and
 *     "vulnérabilité" meet, and Russian endings in й still stem;
 *   - a run of Chinese or Japanese characters gives its overlapping bigrams
 *     (a lone character gives itself), so a two-character query finds it.
 * A term holds only ASCII letters and digits and bytes >= 0x80, never a
 * quote or a space: FTS5's `ascii` tokenizer and a PostgreSQL tsvector
 * literal take the terms exactly as written here.
 *
 * A query word matches when any of its forms is a term of the document:
 * its folded form and its stems in every language that has a stemmer (the
 * language of the asker says nothing of the language of what is found). A
 * word typed with a `*` right after it is a prefix. Words are ANDed.
 *
 * Knows no table: the domain's search module (search.h) stores the terms
 * and runs the queries. Thread-safe: stemmers are kept per thread. */
#ifndef PACTE_FTS_H
#define PACTE_FTS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "buf.h"

#define FTS_MAX_WORDS 12   /* words of a query past these are ignored */
#define FTS_MAX_FORMS 12   /* forms of one query word (folded + stems) */
#define FTS_TERM_MAX 64    /* bytes of one term; a longer word is cut */

/* Appends the index terms of text[0..len), written in lang ("fr", "en",
 * "es", "ar", "ru" have stemmers; any other language, or NULL, gives the
 * folded words only), each followed by one space. Invalid UTF-8 is
 * skipped. Returns 0, or -1 if out overflowed. */
int fts_terms(const char *text, size_t len, const char *lang, struct buf *out);

struct fts_word {
	size_t nforms;
	bool prefix;
	char form[FTS_MAX_FORMS][FTS_TERM_MAX + 1];
};

struct fts_query {
	size_t nwords;
	struct fts_word words[FTS_MAX_WORDS];
};

/* Reads what a person typed (at most FTS_QUERY_MAX bytes of it are read).
 * Never fails: a query with no word at all has nwords == 0. */
#define FTS_QUERY_MAX 400
void fts_query_parse(const char *q, struct fts_query *out);

/* The query as an FTS5 MATCH expression: ("a" OR "b") AND ("c"*), every
 * term quoted. Returns 0, or -1 if out overflowed. nwords must be > 0. */
int fts_query_fts5(const struct fts_query *q, struct buf *out);
/* The query as a PostgreSQL tsquery literal: ('a' | 'b') & 'c':*. */
int fts_query_tsquery(const struct fts_query *q, struct buf *out);

/* A PostgreSQL tsvector literal from two term lists as fts_terms writes
 * them: the title's terms weighted A, the body's D, each with its
 * position (at most 16383, PostgreSQL's limit). */
int fts_tsvector(const char *title_terms, const char *body_terms, struct buf *out);

/* An excerpt of text (in lang) around the first word the query matches:
 * a new JSON array of {"text": "...", "hit": true|false} pieces, at most
 * about max_chars characters, with "…" where it was cut. The pieces are
 * plain text: the template engine escapes them, a hit is shown by the
 * template around an escaped piece, so no text can become markup. *found
 * says whether a word matched (without one, the excerpt is the start of the
 * text). */
json_t *fts_excerpt(const char *text, const char *lang, const struct fts_query *q,
                    size_t max_chars, bool *found);

/* Names as people type them (country names): folded, with every separator
 * (spaces, punctuation) removed, so "Cote d Ivoire", "côte-d'ivoire" and
 * "COTEDIVOIRE" are the same key. fts_squeeze appends that key of
 * s[0..len). fts_name_keys appends the keys of a name for a LIKE match:
 * "|^" + the whole name's key + "|", then "|~" + the key of the name from
 * each later word on ("|~ivoire|"), so a query's key matches a name when
 * it starts one of its words ("LIKE '%|_' || key || '%'"), and the whole
 * name exactly with "LIKE '%|^' || key || '|%'". The keys hold no LIKE
 * wildcard. Return 0, or -1 if out overflowed. */
int fts_squeeze(const char *s, size_t len, struct buf *out);
int fts_name_keys(const char *name, struct buf *out);

#endif
