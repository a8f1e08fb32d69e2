/* smtp.c — writing a message and handing it to a mail server (smtp.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "smtp.h"
#include "util.h"

int smtp_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void smtp_global_cleanup(void)
{
	curl_global_cleanup();
}

bool smtp_address_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 254)
		return false;
	const char *at = strchr(s, '@');
	if (!at || at == s || !at[1] || strchr(at + 1, '@'))
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("<>(),;:\"\\[]", *p))
			return false;
	return true;
}

/* A header value must stay one line: CR or LF would start a header of the
 * sender's choosing (Bcc: …), and other controls have no business there. */
static bool header_value_ok(const char *s)
{
	if (!s || strlen(s) > SMTP_HEADER_MAX)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < ' ' || *p == 0x7f)
			return false;
	return true;
}

static bool ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x80)
			return false;
	return true;
}

/* Appends s base64-encoded in lines of 76 characters, each ending CRLF. */
static int put_base64(struct buf *out, const char *s, size_t len)
{
	/* 57 bytes of input make one 76-character line. */
	for (size_t off = 0; off < len || off == 0; off += 57) {
		size_t n = len - off < 57 ? len - off : 57;
		char line[80];
		sodium_bin2base64(line, sizeof line, (const unsigned char *)s + off, n,
		                  sodium_base64_VARIANT_ORIGINAL);
		if (buf_puts(out, line) < 0 || buf_puts(out, "\r\n") < 0)
			return -1;
		if (len == 0)
			break;
	}
	return 0;
}

/* A header whose value may be any UTF-8 text: as it is when ASCII, else as
 * RFC 2047 encoded words (base64), each short enough for its line. */
static int put_text_header(struct buf *out, const char *name, const char *value)
{
	if (ascii(value))
		return buf_printf(out, "%s: %s\r\n", name, value);
	if (buf_printf(out, "%s:", name) < 0)
		return -1;
	const unsigned char *p = (const unsigned char *)value;
	size_t len = strlen(value);
	while (len > 0) {
		/* At most 45 bytes a word, never cutting a UTF-8 sequence. */
		size_t n = len < 45 ? len : 45;
		while (n < len && n > 0 && (p[n] & 0xc0) == 0x80)
			n--;
		char word[80];
		sodium_bin2base64(word, sizeof word, p, n, sodium_base64_VARIANT_ORIGINAL);
		if (buf_printf(out, " =?UTF-8?B?%s?=\r\n", word) < 0)
			return -1;
		/* Continuation lines start with the space above: drop the CRLF
		 * of the last one only. */
		p += n;
		len -= n;
	}
	return 0;
}

static int put_part(struct buf *out, const char *boundary, const char *type, const char *body)
{
	if (buf_printf(out, "--%s\r\nContent-Type: %s; charset=UTF-8\r\n"
	               "Content-Transfer-Encoding: base64\r\n\r\n", boundary, type) < 0)
		return -1;
	return put_base64(out, body, strlen(body));
}

int smtp_format(const struct smtp_message *m, struct buf *out, char *err, size_t errlen)
{
	if (!smtp_address_ok(m->from) || !smtp_address_ok(m->to)) {
		put_err(err, errlen, "not a plain email address: '%s'",
		        smtp_address_ok(m->from) ? m->to : m->from);
		return -1;
	}
	if (!header_value_ok(m->subject) || (m->from_name && !header_value_ok(m->from_name)) ||
	    (m->message_id && !header_value_ok(m->message_id))) {
		put_err(err, errlen, "a header holds a line break or a control character, or is "
		        "longer than %d bytes", SMTP_HEADER_MAX);
		return -1;
	}
	if (!m->text || strlen(m->text) > SMTP_BODY_MAX ||
	    (m->html && strlen(m->html) > SMTP_BODY_MAX)) {
		put_err(err, errlen, "the body is missing or longer than %zu bytes", SMTP_BODY_MAX);
		return -1;
	}
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	unsigned char rnd[12];
	randombytes_buf(rnd, sizeof rnd);
	char boundary[40] = "=_pacte_";
	sodium_bin2hex(boundary + 8, sizeof boundary - 8, rnd, sizeof rnd);
	int rc = 0;
	rc |= buf_printf(out, "Date: %s\r\n", date);
	if (m->from_name && *m->from_name && ascii(m->from_name) && !strpbrk(m->from_name, "\"\\"))
		rc |= buf_printf(out, "From: \"%s\" <%s>\r\n", m->from_name, m->from);
	else
		rc |= buf_printf(out, "From: <%s>\r\n", m->from);
	rc |= buf_printf(out, "To: <%s>\r\n", m->to);
	rc |= put_text_header(out, "Subject", m->subject);
	if (m->message_id)
		rc |= buf_printf(out, "Message-ID: %s\r\n", m->message_id);
	rc |= buf_puts(out, "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n");
	if (m->html) {
		rc |= buf_printf(out, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n",
		                 boundary);
		rc |= put_part(out, boundary, "text/plain", m->text);
		rc |= put_part(out, boundary, "text/html", m->html);
		rc |= buf_printf(out, "--%s--\r\n", boundary);
	} else {
		rc |= buf_puts(out, "Content-Type: text/plain; charset=UTF-8\r\n"
		               "Content-Transfer-Encoding: base64\r\n\r\n");
		rc |= put_base64(out, m->text, strlen(m->text));
	}
	if (rc) {
		put_err(err, errlen, "the message is too large");
		return -1;
	}
	return 0;
}

struct upload {
	const char *data;
	size_t len, off;
};

static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb;
	if (n > u->len - u->off)
		n = u->len - u->off;
	memcpy(ptr, u->data + u->off, n);
	u->off += n;
	return n;
}

/* Whether url names this machine, where a relay without TLS is the usual
 * set-up and nothing crosses a network. */
static bool loopback(const char *url)
{
	const char *h = strstr(url, "://");
	h = h ? h + 3 : url;
	const char *at = strchr(h, '@');
	const char *slash = strchr(h, '/');
	if (at && (!slash || at < slash))
		h = at + 1;
	return str_starts(h, "localhost") || str_starts(h, "127.") || str_starts(h, "[::1]");
}

struct smtp_conn {
	CURL *c;
	unsigned sent;   /* messages on the current connection */
};

struct smtp_conn *smtp_conn_open(void)
{
	CURL *c = curl_easy_init();
	if (!c)
		return NULL;
	struct smtp_conn *conn = xcalloc(1, sizeof *conn);
	conn->c = c;
	return conn;
}

void smtp_conn_close(struct smtp_conn *conn)
{
	if (!conn)
		return;
	if (conn->c)
		curl_easy_cleanup(conn->c);
	free(conn);
}

int smtp_send(struct smtp_conn *conn, const char *url, const char *from, const char *to,
              const char *data, size_t len, char *err, size_t errlen)
{
	if (!smtp_address_ok(from) || !smtp_address_ok(to)) {
		put_err(err, errlen, "not a plain email address");
		return -1;
	}
	/* Servers limit the messages of one session (some to a few dozen):
	 * past SMTP_CONN_MESSAGES a new one is started before it refuses. */
	if (conn && conn->c && conn->sent >= SMTP_CONN_MESSAGES) {
		curl_easy_cleanup(conn->c);
		conn->c = NULL;
	}
	if (conn && !conn->c) {
		conn->c = curl_easy_init();
		conn->sent = 0;
	}
	CURL *c = conn ? conn->c : curl_easy_init();
	/* A kept handle is reset: its options, not its open connection, which
	 * libcurl reuses for the same server. */
	if (c && conn)
		curl_easy_reset(c);
	if (!c) {
		put_err(err, errlen, "libcurl: cannot start a transfer");
		return -1;
	}
	char from_path[260], to_path[260];
	snprintf(from_path, sizeof from_path, "<%s>", from);
	snprintf(to_path, sizeof to_path, "<%s>", to);
	struct curl_slist *rcpt = curl_slist_append(NULL, to_path);
	struct upload up = {data, len, 0};
	char curl_err[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from_path);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_USE_SSL, loopback(url) ? (long)CURLUSESSL_TRY
	                                                   : (long)CURLUSESSL_ALL);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)SMTP_TIMEOUT_SECONDS);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
	CURLcode rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		put_err(err, errlen, "%s", *curl_err ? curl_err : curl_easy_strerror(rc));
	curl_slist_free_all(rcpt);
	if (!conn) {
		curl_easy_cleanup(c);
	} else if (rc == CURLE_OK) {
		conn->sent++;
	} else {
		/* Whatever state the session was left in, the next message starts
		 * a new one. */
		curl_easy_cleanup(c);
		conn->c = NULL;
	}
	return rc == CURLE_OK ? 0 : -1;
}
