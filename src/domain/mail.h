/* mail.h — e-mail: a queue in the database and the thread that sends it.
 *
 * A workflow that must tell someone by mail (a password reset, an address
 * to verify, an accreditation decision, an invitation) queues a message
 * inside its own transaction: whom to, the template (templates/mail/NAME
 * for the HTML part, mail/NAME_text for the plain text), the subject as a
 * msgid and the model both are rendered from. Nothing is sent on a
 * request's path. The message is rendered when it is sent, in its
 * recipient's language (their account's, else the site's default), so a
 * message queued by the console and one queued by a French reader's
 * request read alike.
 *
 * The sender thread (mailer_start, run by `pacte serve`) claims up to
 * MAIL_BATCH due messages in one statement for MAIL_LEASE_SECONDS (so a
 * second node, or this one after a kill -9, takes them again only once the
 * claim has run out: at least once, never lost), hands them to the SMTP
 * server (smtp.h) on one connection and records the batch's attempts in
 * mail_attempt in one transaction; between two full batches it rests
 * MAIL_REST_RATIO times as long as the batch took (at most
 * MAIL_REST_MAX_MS), so that a burst of thousands of messages leaves the
 * pages beside it most of the machine (bench/mail,
 * docs/performance-notes.md "The mail queue"). A failure is tried again after a
 * delay that doubles from --mail-retry seconds up to MAIL_RETRY_MAX_SECONDS;
 * after MAIL_MAX_ATTEMPTS it is marked failed, kept, and shown to the
 * administrators. Without an SMTP server configured, nothing is sent: the
 * queue is an outbox the administrators read at /admin/mail, and the
 * messages go out once a server is configured.
 *
 * A model's "notes", when it has them, are notifications ({message,
 * args, url}, notifications.h): each is given its "text", the message
 * translated into the recipient's language, before the templates run.
 *
 * The mail table holds reset and verification links: it is private (the
 * open data's exclusions say so) and administrators only read it. */
#ifndef PACTE_MAIL_H
#define PACTE_MAIL_H

#include <jansson.h>
#include <stdint.h>

#include "buf.h"

struct db;
struct db_pool;
struct template_set;
struct mailer;

#define MAIL_MAX_ATTEMPTS 10
#define MAIL_RETRY_DEFAULT_SECONDS 60         /* the first retry's delay */
#define MAIL_RETRY_MAX_SECONDS (6 * 3600)     /* the delay doubles up to this */
/* A claimed batch's claim: a batch stops sending two SMTP timeouts
 * (smtp.h) before it runs out, so it outlasts the slowest batch. */
#define MAIL_LEASE_SECONDS 300
#define MAIL_BATCH 50                         /* messages claimed at a time */
#define MAIL_POLL_SECONDS 2                   /* the queue is looked at this often */
/* The sender's share of the machine: after each full batch it rests
 * MAIL_REST_RATIO times as long as the batch took, so a long queue takes at
 * most 1/(1 + MAIL_REST_RATIO) of one core: 5, a sixth of a core, 10,000
 * messages in about a minute on SQLite (bench/mail, docs/performance-notes.md
 * "The mail queue (issue 18)", which says what it does and does not buy
 * the pages). */
#ifndef MAIL_REST_RATIO
#define MAIL_REST_RATIO 5
#endif
/* The longest rest between batches: a batch slow because the mail server
 * is (waiting, not computing) does not hold the queue back longer. */
#define MAIL_REST_MAX_MS 4000
#define MAIL_OUTBOX_SHOWN 100                 /* the newest /admin/mail lists */
#define MAIL_MODEL_MAX ((size_t)64 << 10)     /* a message's model, bytes */

/* Queues a message to the address `to` (any case; refused with -1 when it
 * is not a plain address: CR, LF, spaces, < > …), written in locale (NULL:
 * the site's default), from templates mail/<template> and
 * mail/<template>_text, its subject the msgid subject formatted with the
 * model's values (valid_format). Inside the caller's write transaction.
 * Returns the message's id, or -1 (db_errmsg, or the address). */
int64_t mail_queue(struct db *db, const char *to, const char *locale, const char *template_name,
                   const char *subject, const json_t *model);

/* The same to account user_id, at its email in its language (nothing for
 * a disabled account: returns 0). Returns the id, 0, or -1. */
int64_t mail_queue_user(struct db *db, int64_t user_id, const char *template_name,
                        const char *subject, const json_t *model);

/* The newest MAIL_OUTBOX_SHOWN messages, status "" for all or one of
 * queued, sent, failed: [{id, recipient, locale, template, subject (the
 * msgid), status, attempts, created_at, next_attempt_at, sent_at,
 * last_error}], and the counts by status {queued, sent, failed}. New
 * reference; NULL on a database error. */
json_t *mail_outbox(struct db *db, const char *status);

/* One message with its attempts, for an administrator: the outbox row and
 * "model" (the object it is rendered from) and "attempt_log": [{at,
 * ok, detail}]. JSON null when there is none; NULL on error. */
json_t *mail_get(struct db *db, int64_t id);

/* How the sender renders and sends. Strings must outlive the sender. */
struct mail_options {
	const char *smtp_url;           /* NULL: nothing is sent (the outbox) */
	const char *from;               /* the sender address */
	const char *from_name;          /* shown with it, or NULL */
	const char *base_url;           /* links in messages: "https://pacte.example" */
	const char *default_lang;       /* when the recipient has none */
	unsigned retry_seconds;         /* 0: MAIL_RETRY_DEFAULT_SECONDS */
	const struct template_set *templates;
};

/* Renders message `id` as it would be sent: *subject, *text and *html
 * (from the heap, the caller frees them). 0, or -1 (no such message, a
 * template missing, or a database error: err says which). */
int mail_render(struct db *db, const struct mail_options *opt, int64_t id, char **subject,
                char **text, char **html, char *err, size_t errlen);

/* Sends what is due now, one batch at a time until none is left: returns
 * how many were sent, or -1 when the database failed. Without an SMTP URL
 * does nothing and returns 0. */
int mail_send_due(struct db *db, const struct mail_options *opt);

/* Starts the sender thread on a connection of its own from pool. NULL when
 * it cannot start (err says why). Without an SMTP URL no thread is
 * started and a dummy non-NULL handle is returned. */
struct mailer *mailer_start(struct db_pool *pool, const struct mail_options *opt,
                            char *err, size_t errlen);
/* Stops it, waiting for a message being sent. NULL is fine. */
void mailer_stop(struct mailer *m);

#endif
