/* mail_sender.c — rendering a queued message and sending what is due, in
 * a thread of its own (mail.h). */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
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
	json_decref(row);
	return rc;
}

/* Records one attempt and its outcome on the message, in one transaction.
 * A failure waits retry × 2^(attempts-1), at most MAIL_RETRY_MAX_SECONDS;
 * the last one marks the message failed. */
static int record(struct db *db, const struct mail_options *opt, int64_t id, int attempts,
                  bool ok, const char *detail)
{
	char now[AUDIT_TIME_LEN + 1], next[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	int64_t delay = opt->retry_seconds ? opt->retry_seconds : MAIL_RETRY_DEFAULT_SECONDS;
	for (int i = 1; i < attempts && delay < MAIL_RETRY_MAX_SECONDS; i++)
		delay *= 2;
	if (delay > MAIL_RETRY_MAX_SECONDS)
		delay = MAIL_RETRY_MAX_SECONDS;
	audit_time(next, delay);
	const char *status = ok ? "sent" : attempts >= MAIL_MAX_ATTEMPTS ? "failed" : "queued";
	if (db_begin_unversioned(db) < 0)
		return -1;
	if (db_exec(db, "INSERT INTO mail_attempt (mail_id, at, ok, detail) VALUES ($1, $2, $3, $4)",
	            DB_ARGS(DB_INT(id), DB_TEXT(now), DB_INT(ok), DB_TEXT(detail))) < 0 ||
	    db_exec(db, "UPDATE mail SET status = $2, attempts = $3, next_attempt_at = $4, "
	            "sent_at = $5, last_error = $6 WHERE id = $1",
	            DB_ARGS(DB_INT(id), DB_TEXT(status), DB_INT(attempts), DB_TEXT(next),
	                    DB_TEXT(ok ? now : NULL), DB_TEXT(ok ? NULL : detail))) < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

/* Claims message id (due at `due`) for MAIL_LEASE_SECONDS: 1 claimed, 0
 * another sender has it, -1 error. */
static int claim(struct db *db, int64_t id, const char *due)
{
	char lease[AUDIT_TIME_LEN + 1];
	audit_time(lease, MAIL_LEASE_SECONDS);
	if (db_begin_unversioned(db) < 0)
		return -1;
	int64_t n = db_exec(db, "UPDATE mail SET next_attempt_at = $3 WHERE id = $1 "
	                    "AND status = 'queued' AND next_attempt_at = $2",
	                    DB_ARGS(DB_INT(id), DB_TEXT(due), DB_TEXT(lease)));
	if (n < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) < 0 ? -1 : n > 0;
}

/* Renders, writes and sends one claimed message; records the attempt. */
static int send_one(struct db *db, const struct mail_options *opt, struct smtp_conn *conn,
                    int64_t id, const char *recipient, int attempts)
{
	char *subject, *text, *html;
	char err[512] = "";
	int ok = -1;
	if (mail_render(db, opt, id, &subject, &text, &html, err, sizeof err) == 0) {
		char msgid[96];
		snprintf(msgid, sizeof msgid, "<mail-%lld.%lld@pacte>", (long long)id,
		         (long long)time(NULL));
		struct smtp_message m = {
			.from = opt->from, .from_name = opt->from_name, .to = recipient,
			.subject = subject, .text = text, .html = html, .message_id = msgid,
		};
		struct buf data;
		buf_init(&data, 4 * SMTP_BODY_MAX);
		if (smtp_format(&m, &data, err, sizeof err) == 0)
			ok = smtp_send(conn, opt->smtp_url, opt->from, recipient, buf_str(&data),
			               data.len, err, sizeof err);
		buf_release(&data);
		free(subject);
		free(text);
		free(html);
	}
	if (ok < 0)
		fprintf(stderr, "pacte: mail %lld to %s: attempt %d failed: %s\n", (long long)id,
		        recipient, attempts + 1, err);
	return record(db, opt, id, attempts + 1, ok == 0, ok == 0 ? "accepted" : err);
}

/* One batch: claims and sends up to MAIL_BATCH due messages on conn.
 * Returns how many were sent, or -1 when the database failed; *more is
 * set when the batch was full (more may be due). */
static int send_batch(struct db *db, const struct mail_options *opt, struct smtp_conn *conn,
                      bool *more)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	*more = false;
	json_t *due = db_json_rows(db, "SELECT id, recipient, attempts, next_attempt_at "
	                           "FROM mail WHERE status = 'queued' AND next_attempt_at <= $1 "
	                           "ORDER BY next_attempt_at, id LIMIT $2",
	                           DB_ARGS(DB_TEXT(now), DB_INT(MAIL_BATCH)));
	if (!due)
		return -1;
	size_t i;
	json_t *m;
	int taken = 0;
	json_array_foreach(due, i, m) {
		int64_t id = json_integer_value(json_object_get(m, "id"));
		int c = claim(db, id, json_string_value(json_object_get(m, "next_attempt_at")));
		if (c < 0) {
			json_decref(due);
			return -1;
		}
		if (c == 0)
			continue;
		taken++;
		if (send_one(db, opt, conn, id, json_string_value(json_object_get(m, "recipient")),
		             (int)json_integer_value(json_object_get(m, "attempts"))) < 0) {
			json_decref(due);
			return -1;
		}
	}
	*more = json_array_size(due) == MAIL_BATCH && taken > 0;
	json_decref(due);
	return taken;
}

static double seconds_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static bool mailer_rest(struct mailer *m, double seconds);

/* Sends batches until none is due, on one connection (smtp.h; without one,
 * libcurl could not start a handle, each message opens its own). With a
 * mailer (the thread), it rests between batches as long as the batch took
 * (at most MAIL_REST_MAX_MS), so that a long queue takes at most half of
 * a core from the pages beside it, and stops when asked to. */
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
		double took = seconds_now() - t0;
		if (took > MAIL_REST_MAX_MS / 1000.0)
			took = MAIL_REST_MAX_MS / 1000.0;
		if (more && mailer && mailer_rest(mailer, took))
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
	int rc = pthread_create(&m->thread, NULL, mailer_main, m);
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
