/* mail_sender.c — rendering a queued message and sending what is due, in
 * a thread of its own (mail.h). */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "background.h"
#include "db.h"
#include "i18n.h"
#include "mail.h"
#include "smtp.h"
#include "template.h"
#include "template_i18n.h"
#include "util.h"
#include "validate.h"

#define MAIL_RENDER_MAX ((size_t)1 << 20)

/* The template engine escapes for HTML; a plain-text part is rendered the
 * same way and then unescaped. The engine escapes exactly & < > " ', so
 * this gives back the values as they were. */
static char *html_unescape(const char *s)
{
	static const struct {
		const char *entity;
		char c;
	} entities[] = {
		{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''},
		{"&#x27;", '\''}, {"&#34;", '"'},
	};
	char *out = xmalloc(strlen(s) + 1), *o = out;
	while (*s) {
		size_t i;
		for (i = 0; i < ARRAY_LEN(entities); i++)
			if (str_starts(s, entities[i].entity))
				break;
		if (i < ARRAY_LEN(entities)) {
			*o++ = entities[i].c;
			s += strlen(entities[i].entity);
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

static char *render(const struct mail_options *opt, const char *name, json_t *model,
                    json_t *extra, const char *locale)
{
	struct template_env env = template_env_for(locale);
	struct buf out;
	buf_init(&out, MAIL_RENDER_MAX);
	if (template_render(opt->templates, name, model, extra, &env, &out) < 0) {
		buf_release(&out);
		return NULL;
	}
	return buf_detach(&out, NULL);
}

/* A model's "notes" (notifications.h: {message, args, url}) are message
 * ids: each gets its "text" in the recipient's language, which a template
 * cannot make itself. */
static void translate_notes(const char *locale, json_t *notes)
{
	size_t i;
	json_t *n;
	json_array_foreach(notes, i, n) {
		const char *msgid = json_string_value(json_object_get(n, "message"));
		if (!msgid)
			continue;
		char *text = valid_format(locale, msgid, json_object_get(n, "args"));
		json_object_set_new(n, "text", json_string(text));
		free(text);
	}
}

/* Renders a message from its row ({locale, template, subject, model}). */
static int render_row(const struct mail_options *opt, json_t *row, char **subject, char **text,
                      char **html, char *err, size_t errlen)
{
	*subject = *text = *html = NULL;
	const char *locale = json_string_value(json_object_get(row, "locale"));
	if (!locale || !i18n_has(locale))
		locale = opt->default_lang ? opt->default_lang : "en";
	const char *name = json_string_value(json_object_get(row, "template"));
	json_t *model = json_loads(json_string_value(json_object_get(row, "model")), 0, NULL);
	if (!model)
		model = json_object();
	translate_notes(locale, json_object_get(model, "notes"));
	json_t *extra = json_pack("{s:s, s:s}", "lang", locale, "site",
	                          opt->base_url ? opt->base_url : "");
	char text_name[128], html_name[128];
	snprintf(html_name, sizeof html_name, "mail/%s", name ? name : "");
	snprintf(text_name, sizeof text_name, "mail/%s_text", name ? name : "");
	char *h = render(opt, html_name, model, extra, locale);
	char *t = h ? render(opt, text_name, model, extra, locale) : NULL;
	int rc = -1;
	if (t) {
		*text = html_unescape(t);
		*html = h;
		h = NULL;
		/* The subject's {placeholders} come from the model. */
		*subject = valid_format(locale, json_string_value(json_object_get(row, "subject")),
		                        model);
		rc = 0;
	} else {
		put_err(err, errlen, "template mail/%s cannot be rendered", name ? name : "?");
	}
	free(h);
	free(t);
	json_decref(extra);
	json_decref(model);
	return rc;
}

int mail_render(struct db *db, const struct mail_options *opt, int64_t id, char **subject,
                char **text, char **html, char *err, size_t errlen)
{
	*subject = *text = *html = NULL;
	json_t *row = db_json_row(db, "SELECT locale, template, subject, model FROM mail "
	                          "WHERE id = $1", DB_ARGS(DB_INT(id)));
	if (!row || json_is_null(row)) {
		if (row)
			put_err(err, errlen, "no message %lld", (long long)id);
		else
			put_err(err, errlen, "%s", db_errmsg(db));
		json_decref(row);
		return -1;
	}
	int rc = render_row(opt, row, subject, text, html, err, errlen);
	json_decref(row);
	return rc;
}

static double seconds_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One claimed message's outcome, recorded with the rest of its batch. */
struct sent_outcome {
	int64_t id;
	int attempts;                   /* this attempt's number; 0: not tried */
	bool ok;
	char at[AUDIT_TIME_LEN + 1];
	char detail[512];
};

/* Claims up to MAIL_BATCH due messages in one statement, each for
 * MAIL_LEASE_SECONDS, and returns their rows ({id, recipient, attempts,
 * locale, template, subject, model}, what sending needs, so no read per
 * message follows), or NULL on error. The batch is chosen once, in a
 * MATERIALIZED WITH: PostgreSQL may run a LIMIT subquery under
 * `id IN (…)` more than once, and with SKIP LOCKED each run picks other
 * rows, so the claim took far more, or fewer, than MAIL_BATCH (bench/mail
 * saw both). PostgreSQL skips rows another sender is claiming (FOR UPDATE
 * SKIP LOCKED) and the outer condition leaves out any it claimed
 * meanwhile; SQLite has one writer at a time. */
static json_t *claim_batch(struct db *db)
{
#define CLAIM_HEAD "WITH batch AS MATERIALIZED (SELECT id FROM mail WHERE status = 'queued' " \
	"AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $3"
#define CLAIM_TAIL ") UPDATE mail SET next_attempt_at = $2 FROM batch WHERE mail.id = batch.id " \
	"AND mail.status = 'queued' AND mail.next_attempt_at <= $1 RETURNING mail.id, " \
	"mail.recipient, mail.attempts, mail.locale, mail.template, mail.subject, mail.model"
	static const char *const sql[] = {
		[DB_SQLITE] = CLAIM_HEAD CLAIM_TAIL,
		[DB_POSTGRES] = CLAIM_HEAD " FOR UPDATE SKIP LOCKED" CLAIM_TAIL,
	};
#undef CLAIM_HEAD
#undef CLAIM_TAIL
	char now[AUDIT_TIME_LEN + 1], lease[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	audit_time(lease, MAIL_LEASE_SECONDS);
	if (db_begin_unversioned(db) < 0)
		return NULL;
	json_t *rows = db_json_rows(db, sql[db_dialect(db)],
	                            DB_ARGS(DB_TEXT(now), DB_TEXT(lease), DB_INT(MAIL_BATCH)));
	if (!rows || db_commit(db) < 0) {
		if (rows)
			json_decref(rows);
		else
			db_rollback(db);
		return NULL;
	}
	return rows;
}

/* Records a batch's outcomes in one transaction: each attempt in
 * mail_attempt and on its message. A failure waits retry × 2^(attempts-1),
 * at most MAIL_RETRY_MAX_SECONDS; the last one marks the message failed.
 * A message not tried (the batch stopped before its lease could run out)
 * is due again at once. */
static int record_batch(struct db *db, const struct mail_options *opt,
                        const struct sent_outcome *o, size_t n)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	if (db_begin_unversioned(db) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int64_t rc;
		if (o[i].attempts == 0) {
			rc = db_exec(db, "UPDATE mail SET next_attempt_at = $2 WHERE id = $1",
			             DB_ARGS(DB_INT(o[i].id), DB_TEXT(now)));
		} else {
			int64_t delay = opt->retry_seconds ? opt->retry_seconds
			                                   : MAIL_RETRY_DEFAULT_SECONDS;
			for (int a = 1; a < o[i].attempts && delay < MAIL_RETRY_MAX_SECONDS; a++)
				delay *= 2;
			if (delay > MAIL_RETRY_MAX_SECONDS)
				delay = MAIL_RETRY_MAX_SECONDS;
			char next[AUDIT_TIME_LEN + 1];
			audit_time(next, delay);
			const char *status = o[i].ok ? "sent"
			                     : o[i].attempts >= MAIL_MAX_ATTEMPTS ? "failed" : "queued";
			rc = db_exec(db, "INSERT INTO mail_attempt (mail_id, at, ok, detail) "
			             "VALUES ($1, $2, $3, $4)",
			             DB_ARGS(DB_INT(o[i].id), DB_TEXT(o[i].at), DB_INT(o[i].ok),
			                     DB_TEXT(o[i].detail)));
			if (rc >= 0)
				rc = db_exec(db, "UPDATE mail SET status = $2, attempts = $3, "
				             "next_attempt_at = $4, sent_at = $5, last_error = $6 "
				             "WHERE id = $1",
				             DB_ARGS(DB_INT(o[i].id), DB_TEXT(status),
				                     DB_INT(o[i].attempts), DB_TEXT(next),
				                     DB_TEXT(o[i].ok ? o[i].at : NULL),
				                     DB_TEXT(o[i].ok ? NULL : o[i].detail)));
		}
		if (rc < 0) {
			db_rollback(db);
			return -1;
		}
	}
	return db_commit(db);
}

/* Renders, writes and sends one claimed message (its row from
 * claim_batch) into *o. */
static void send_one(const struct mail_options *opt, struct smtp_conn *conn, json_t *row,
                     struct sent_outcome *o)
{
	char *subject, *text, *html;
	const char *recipient = json_string_value(json_object_get(row, "recipient"));
	o->id = json_integer_value(json_object_get(row, "id"));
	o->attempts = (int)json_integer_value(json_object_get(row, "attempts")) + 1;
	o->detail[0] = '\0';
	int ok = -1;
	if (render_row(opt, row, &subject, &text, &html, o->detail, sizeof o->detail) == 0) {
		char msgid[96];
		snprintf(msgid, sizeof msgid, "<mail-%lld.%lld@pacte>", (long long)o->id,
		         (long long)time(NULL));
		struct smtp_message m = {
			.from = opt->from, .from_name = opt->from_name, .to = recipient,
			.subject = subject, .text = text, .html = html, .message_id = msgid,
		};
		struct buf data;
		buf_init(&data, 4 * SMTP_BODY_MAX);
		if (smtp_format(&m, &data, o->detail, sizeof o->detail) == 0)
			ok = smtp_send(conn, opt->smtp_url, opt->from, recipient, buf_str(&data),
			               data.len, o->detail, sizeof o->detail);
		buf_release(&data);
		free(subject);
		free(text);
		free(html);
	}
	audit_time(o->at, 0);
	o->ok = ok == 0;
	if (o->ok)
		snprintf(o->detail, sizeof o->detail, "accepted");
	else
		fprintf(stderr, "pacte: mail %lld to %s: attempt %d failed: %s\n", (long long)o->id,
		        recipient ? recipient : "?", o->attempts, o->detail);
}

/* One batch: claims up to MAIL_BATCH due messages at once, sends them on
 * conn and records the outcomes together. It stops sending once another
 * message could outlast the claim (two SMTP timeouts short of
 * MAIL_LEASE_SECONDS), so a message is never sent twice while its sender
 * lives; the rest are released. Returns how many were tried, or -1 when
 * the database failed; *more is set when the batch was full (more may be
 * due). */
static int send_batch(struct db *db, const struct mail_options *opt, struct smtp_conn *conn,
                      bool *more)
{
	*more = false;
	double start = seconds_now();
	json_t *rows = claim_batch(db);
	if (!rows)
		return -1;
	size_t n = json_array_size(rows), i;
	struct sent_outcome *o = xcalloc(n ? n : 1, sizeof(*o));
	bool in_time = true;
	for (i = 0; i < n; i++) {
		json_t *row = json_array_get(rows, i);
		in_time = in_time && seconds_now() - start + 2.0 * SMTP_TIMEOUT_SECONDS <
		                     (double)MAIL_LEASE_SECONDS;
		if (in_time) {
			send_one(opt, conn, row, &o[i]);
		} else {
			o[i].id = json_integer_value(json_object_get(row, "id"));
			o[i].attempts = 0;
		}
	}
	int rc = record_batch(db, opt, o, n), tried = 0;
	for (i = 0; i < n; i++)
		tried += o[i].attempts > 0;
	free(o);
	json_decref(rows);
	if (rc < 0)
		return -1;
	*more = n == MAIL_BATCH;
	return tried;
}

static bool mailer_rest(struct mailer *m, double seconds);

/* Sends batches until none is due, on one connection (smtp.h; without one,
 * libcurl could not start a handle, each message opens its own). With a
 * mailer (the thread), it rests MAIL_REST_RATIO times as long as each full
 * batch took (at most MAIL_REST_MAX_MS), so that a long queue takes at
 * most 1/(1 + MAIL_REST_RATIO) of a core from the pages beside it, and
 * stops when asked to. */
static int send_due(struct db *db, const struct mail_options *opt, struct mailer *mailer)
{
	struct smtp_conn *conn = smtp_conn_open();
	int sent = 0;
	bool more = true;
	while (more) {
		double t0 = seconds_now();
		int n = send_batch(db, opt, conn, &more);
		if (n < 0) {
			sent = -1;
			break;
		}
		sent += n;
		double rest = (seconds_now() - t0) * MAIL_REST_RATIO;
		if (rest > MAIL_REST_MAX_MS / 1000.0)
			rest = MAIL_REST_MAX_MS / 1000.0;
		if (more && mailer && mailer_rest(mailer, rest))
			break;
	}
	smtp_conn_close(conn);
	return sent;
}

int mail_send_due(struct db *db, const struct mail_options *opt)
{
	if (!opt->smtp_url)
		return 0;
	return send_due(db, opt, NULL);
}

/* ---- The thread ---------------------------------------------------------------- */

struct mailer {
	struct db_pool *pool;
	const struct mail_options *opt;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop, running;
};

/* Waits `seconds` between two batches, or until stopped: true when
 * stopped. */
static bool mailer_rest(struct mailer *m, double seconds)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	long ns = until.tv_nsec + (long)(seconds * 1e9);
	until.tv_sec += ns / 1000000000L;
	until.tv_nsec = ns % 1000000000L;
	pthread_mutex_lock(&m->lock);
	while (!m->stop && pthread_cond_timedwait(&m->wake, &m->lock, &until) == 0)
		;
	bool stop = m->stop;
	pthread_mutex_unlock(&m->lock);
	return stop;
}

static void *mailer_main(void *arg)
{
	struct mailer *m = arg;
	pthread_mutex_lock(&m->lock);
	while (!m->stop) {
		pthread_mutex_unlock(&m->lock);
		struct db *db = db_pool_get(m->pool);
		if (!db || send_due(db, m->opt, m) < 0)
			fprintf(stderr, "pacte: sending mail: %s\n",
			        db ? db_errmsg(db) : "no database connection");
		pthread_mutex_lock(&m->lock);
		if (m->stop)
			break;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += MAIL_POLL_SECONDS;
		pthread_cond_timedwait(&m->wake, &m->lock, &until);
	}
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

struct mailer *mailer_start(struct db_pool *pool, const struct mail_options *opt,
                            char *err, size_t errlen)
{
	struct mailer *m = xcalloc(1, sizeof(*m));
	m->pool = pool;
	m->opt = opt;
	if (!opt->smtp_url)
		return m;
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->wake, NULL);
	int rc = background_start(&m->thread, mailer_main, m, "pacte-mail");
	if (rc != 0) {
		put_err(err, errlen, "cannot start the mail sender: %s", strerror(rc));
		pthread_mutex_destroy(&m->lock);
		pthread_cond_destroy(&m->wake);
		free(m);
		return NULL;
	}
	m->running = true;
	return m;
}

void mailer_stop(struct mailer *m)
{
	if (!m)
		return;
	if (m->running) {
		pthread_mutex_lock(&m->lock);
		m->stop = true;
		pthread_cond_signal(&m->wake);
		pthread_mutex_unlock(&m->lock);
		pthread_join(m->thread, NULL);
		pthread_mutex_destroy(&m->lock);
		pthread_cond_destroy(&m->wake);
	}
	free(m);
}
