/* smtp.h — handing one message to a mail server, and writing it.
 *
 * The message is written here (RFC 5322 headers, a MIME
 * multipart/alternative body: plain text then HTML, each UTF-8 in base64,
 * the subject as an RFC 2047 encoded word when it is not ASCII) and sent
 * with libcurl's SMTP client: STARTTLS or implicit TLS (smtps://),
 * authentication from the URL's user and password, certificate checks on.
 * libcurl because Debian keeps it patched, its SMTP client handles
 * STARTTLS, AUTH (PLAIN, LOGIN, XOAUTH2 …) and dot-stuffing, and Pacte
 * then writes no line of SMTP or TLS itself (docs/mail.md).
 *
 * Nothing here knows about queues or retries (the domain's mail sender
 * does): one call, one attempt, its outcome in err. Thread-safe after
 * smtp_global_init. */
#ifndef PACTE_SMTP_H
#define PACTE_SMTP_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define SMTP_BODY_MAX ((size_t)256 << 10)   /* text or HTML part, bytes: more is refused */
#define SMTP_HEADER_MAX 998                 /* RFC 5322's line limit, for a header value */
#define SMTP_TIMEOUT_SECONDS 60             /* one whole attempt */
#define SMTP_CONN_MESSAGES 20               /* messages per kept connection (smtp_conn) */

struct smtp_message {
	const char *from;         /* an address: "pacte@example.org" */
	const char *from_name;    /* shown with it ("Pacte"), or NULL */
	const char *to;           /* an address */
	const char *subject;      /* one line */
	const char *text;         /* the plain-text part */
	const char *html;         /* the HTML part, or NULL for text only */
	const char *message_id;   /* "<id@host>", or NULL */
};

/* Once per process, before any thread sends (curl_global_init). 0 or -1. */
int smtp_global_init(void);
void smtp_global_cleanup(void);

/* Writes m as a message (CRLF line ends) into out. Returns 0, or -1 with
 * err when a header value holds CR, LF or another control character (a
 * header injection), is longer than SMTP_HEADER_MAX, an address is not
 * one (no @, spaces, < or >), or a part is longer than SMTP_BODY_MAX. */
int smtp_format(const struct smtp_message *m, struct buf *out, char *err, size_t errlen);

/* A connection to the mail server kept from one message to the next:
 * libcurl keeps it open in the handle, so a batch of messages pays the
 * connection, the greeting, STARTTLS and AUTH once instead of once each
 * (the mail bench's finding, docs/performance-notes.md), at most
 * SMTP_CONN_MESSAGES on one connection (servers limit a session's
 * messages: a new connection is started before one refuses). One thread
 * at a time. smtp_conn_open returns NULL when libcurl cannot start a handle;
 * smtp_conn_close ends the session (QUIT); NULL is fine. */
struct smtp_conn;
struct smtp_conn *smtp_conn_open(void);
void smtp_conn_close(struct smtp_conn *conn);

/* Sends data (a message smtp_format wrote) from `from` to `to` through the
 * server at url (smtp://[user:password@]host[:port] or smtps://…), on
 * conn's connection (opened on first use, reopened when it was lost), or
 * on one of its own when conn is NULL. TLS is required (STARTTLS for
 * smtp://) unless the host is this machine (localhost, 127.0.0.1, ::1),
 * where it is used when offered. Returns 0 when the server accepted the
 * message, else -1 with what failed in err (the server's answer when
 * there was one); after a failure conn starts a new connection. */
int smtp_send(struct smtp_conn *conn, const char *url, const char *from, const char *to,
              const char *data, size_t len, char *err, size_t errlen);

/* Whether s is a plain address smtp_format and smtp_send take: ASCII
 * printable, no spaces, < > ( ) , ; : " \\ or controls, one @ with
 * text on both sides, at most 254 bytes. */
bool smtp_address_ok(const char *s);

#endif
