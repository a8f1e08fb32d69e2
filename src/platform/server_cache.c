/* server_cache.c — the page cache's side of answering: keys and ETags,
 * gzip, and the stale copies of pages served while the database is away.
 *
 * The page cache (app.cache) holds, for each anonymous page, the
 * libmicrohttpd response every hit queues and the bytes it sends (struct
 * cached_answer), gzipped whoever asked first, so that its budget counts
 * compressed bytes and one copy serves everyone (server_cached_response
 * unzips it for the rare client that refuses gzip); it drops everything whenever a request sees a new data
 * version, so under steady writes it holds only the pages read since the
 * last one. A second cache (app.last, smaller) keeps each page's last
 * rendering whatever the version, sharing the same answers: when the
 * database cannot be reached, that is what the node last knew of the
 * page, and serving it beats a 503. It is not served as it is: a copy
 * says it may be out of date, with a `Warning: 110` header (RFC 7234's
 * "Response is Stale") and, in HTML, a discreet banner at the top of the
 * page's main content. The copy is made once per rendering and kept in
 * app.last beside it ("stale|" + the rendering's ETag + its key), so an
 * outage costs one unzip, insert and zip per page, not per request. */
#include <pthread.h>
#include <stdint.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>
#include <microhttpd.h>
#include <sodium.h>

#include "cache.h"
#include "server_impl.h"
#include "util.h"
#include "view.h"

/* Where the banner goes: right inside <main>, before the page's own
 * content (templates/layout_head.html writes this tag). */
static const char MAIN_TAG[] = "<main id=\"main\" class=\"wrap\">\n";

/* Which representation of the path: HTML, JSON asked by Accept, the API's
 * JSON (/api/v1: only its answers carry the CORS headers) or CSV (a list's
 * .csv twin). */
static char representation(const struct request *req)
{
	return req->csv ? 'c' : req->api ? 'a' : req->format == FORMAT_JSON ? 'j' : 'h';
}

/* The cache key: everything the answer depends on. The scheme is part of
 * it because an answer to ?lang= sets the lang cookie, named and marked
 * for the scheme (req_cookie_line). The encoding is not: a page is kept
 * gzipped whoever asked first (server_cached_response unzips it for a
 * client that refuses gzip), so the cache's budget counts compressed
 * bytes and holds one copy of each page. */
char *server_cache_key(struct request *req, int64_t version)
{
	return arena_printf(&req->arena, "%c|%s|%c|%lld|%s?%s", representation(req), req->locale,
	                    req->secure ? 's' : '-', (long long)version, req->path,
	                    req->query_string);
}

/* A weak ETag derived from the key (so a 304 needs no rendering); encoding
 * is not part of it because the representation's meaning does not change. */
char *server_etag(struct request *req, int64_t version)
{
	char *key = arena_printf(&req->arena, "%c|%s|%s?%s", representation(req), req->locale,
	                         req->path, req->query_string);
	unsigned char h[8];
	crypto_generichash(h, sizeof h, (const unsigned char *)key, strlen(key), NULL, 0);
	return arena_printf(&req->arena, "W/\"%lld-%02x%02x%02x%02x%02x%02x%02x%02x\"",
	                    (long long)version, h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]);
}

/* True when an If-None-Match header lists etag (or is "*"). */
bool server_etag_matches(const char *header, const char *etag)
{
	if (!header || !etag)
		return false;
	if (strcmp(header, "*") == 0)
		return true;
	const char *bare = str_starts(etag, "W/") ? etag + 2 : etag;
	for (const char *p = header; (p = strstr(p, bare)); p += strlen(bare)) {
		char after = p[strlen(bare)];
		if (after == '\0' || after == ',' || after == ' ')
			return true;
	}
	return false;
}

/* libdeflate's fastest level: on the pages here 3-6% more bytes than
 * level 6, for a third of the time (docs/performance-notes.md); a miss
 * pays it once, and the cache keeps the result. */
#define GZIP_LEVEL 1

/* One compressor per thread, made on its first page and kept (libdeflate
 * compresses a whole buffer at once; its state is reused, not made again
 * for each page); freed when the thread exits. */
static pthread_key_t compressor_key;
static pthread_once_t compressor_once = PTHREAD_ONCE_INIT;

static void compressor_free(void *c)
{
	libdeflate_free_compressor(c);
}

static void compressor_key_make(void)
{
	if (pthread_key_create(&compressor_key, compressor_free) != 0)
		abort();
}

static struct libdeflate_compressor *compressor(void)
{
	pthread_once(&compressor_once, compressor_key_make);
	struct libdeflate_compressor *c = pthread_getspecific(compressor_key);
	if (!c) {
		c = libdeflate_alloc_compressor(GZIP_LEVEL);
		if (!c || pthread_setspecific(compressor_key, c) != 0) {
			libdeflate_free_compressor(c);
			return NULL;
		}
	}
	return c;
}

int server_gzip(const char *in, size_t len, struct buf *out)
{
	struct libdeflate_compressor *c = compressor();
	if (!c)
		return -1;
	size_t bound = libdeflate_gzip_compress_bound(c, len);
	buf_reset(out);
	char *dst = buf_room(out, bound);
	size_t n = dst ? libdeflate_gzip_compress(c, in, len, dst, bound) : 0;
	if (n == 0)
		return -1;
	buf_wrote(out, n);
	return 0;
}

/* Unzips what server_gzip made into out (whose maximum bounds it); -1 if
 * it is not gzip or does not fit. The gzip trailer's last four bytes give
 * the unzipped length (modulo 2^32: a page is far smaller). */
static int gunzip_body(const char *in, size_t len, struct buf *out)
{
	if (len < 18)
		return -1;
	const unsigned char *t = (const unsigned char *)in + len - 4;
	size_t size = (size_t)t[0] | (size_t)t[1] << 8 | (size_t)t[2] << 16 | (size_t)t[3] << 24;
	buf_reset(out);
	char *dst = buf_room(out, size);
	if (!dst)
		return -1;
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	size_t n = 0;
	enum libdeflate_result r = d ? libdeflate_gzip_decompress(d, in, len, dst, size, &n)
	                             : LIBDEFLATE_INSUFFICIENT_SPACE;
	libdeflate_free_decompressor(d);
	if (r != LIBDEFLATE_SUCCESS || n != size)
		return -1;
	buf_wrote(out, n);
	return 0;
}

struct cached_answer *cached_answer_new(struct MHD_Response *response, const char *body,
                                        size_t len, const char *content_type, bool gzip)
{
	struct cached_answer *a = xcalloc(1, sizeof *a);
	atomic_init(&a->refs, 1);
	a->response = response;
	a->body = body;
	a->len = len;
	a->content_type = content_type ? xstrdup(content_type) : NULL;
	a->gzip = gzip;
	return a;
}

struct cached_answer *cached_answer_ref(struct cached_answer *a)
{
	atomic_fetch_add(&a->refs, 1);
	return a;
}

void cached_answer_free(void *value)
{
	struct cached_answer *a = value;
	if (atomic_fetch_sub(&a->refs, 1) != 1)
		return;
	MHD_destroy_response(a->response);   /* the body goes with it (free callback) */
	free(a->content_type);
	free(a);
}

/* The stale copy's body: the page's, with the banner inside <main> when
 * it is HTML. Returns 0 with out filled (gzipped again when the page
 * was), or -1. */
static int stale_body(struct request *req, const struct cached_answer *a, struct buf *out)
{
	bool html = a->content_type && str_starts(a->content_type, "text/html");
	if (!html)
		return buf_append(out, a->body, a->len);
	struct buf plain;
	buf_init(&plain, BUF_MAX_PAGE);
	if (a->gzip ? gunzip_body(a->body, a->len, &plain) < 0
	            : buf_append(&plain, a->body, a->len) < 0) {
		buf_release(&plain);
		return -1;
	}
	/* The banner, from its template: translated and escaped as any page. */
	struct page page;
	page_init(&page);
	page_document(&page, "stale_notice", json_object(), NULL, "text/html; charset=utf-8");
	struct response banner;
	response_init(&banner);
	view_render(req, &page, &banner);
	page_release(&page);
	const char *text = buf_str(&plain);
	const char *at = strstr(text, MAIN_TAG);
	size_t head = at ? (size_t)(at - text) + strlen(MAIN_TAG) : 0;
	struct buf joined;
	buf_init(&joined, BUF_MAX_PAGE);
	buf_append(&joined, text, head);
	if (at && banner.status == 200)
		buf_append(&joined, banner.body.data, banner.body.len);
	buf_append(&joined, text + head, plain.len - head);
	response_release(&banner);
	buf_release(&plain);
	int rc = joined.overflow ? -1 : 0;
	if (rc == 0 && a->gzip)
		rc = server_gzip(buf_str(&joined), joined.len, out);
	else if (rc == 0)
		rc = buf_append(out, joined.data, joined.len);
	buf_release(&joined);
	return rc;
}

/* A stale copy of a, for req (same format and locale: the key says so;
 * same encoding as a, server_cached_response unzips it if need be). NULL
 * when it cannot be made. */
static struct cached_answer *stale_copy(struct request *req, const struct cached_answer *a)
{
	struct buf body;
	buf_init(&body, BUF_MAX_PAGE);
	if (stale_body(req, a, &body) < 0) {
		buf_release(&body);
		return NULL;
	}
	size_t len;
	char *data = buf_detach(&body, &len);
	buf_release(&body);
	struct MHD_Response *r = MHD_create_response_from_buffer_with_free_callback(len, data, free);
	if (!r) {
		free(data);
		return NULL;
	}
	server_common_headers(r);
	if (a->content_type)
		MHD_add_response_header(r, "Content-Type", a->content_type);
	if (a->gzip)
		MHD_add_response_header(r, "Content-Encoding", "gzip");
	MHD_add_response_header(r, "Vary", "Accept, Accept-Encoding, Accept-Language, Cookie");
	MHD_add_response_header(r, "Content-Language", req->locale);
	/* No cache on the way keeps it: the fresh page comes back with the
	 * database. */
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "Warning", STALE_WARNING);
	return cached_answer_new(r, data, len, a->content_type, a->gzip);
}

/* Copies one header of the cached response to the plain one (cls), all
 * but the encoding, which the plain one does not have. */
static enum MHD_Result copy_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
	(void)kind;
	if (strcasecmp(key, "Content-Encoding") != 0)
		MHD_add_response_header(cls, key, value);
	return MHD_YES;
}

struct MHD_Response *server_cached_response(struct request *req, const struct cached_answer *a,
                                            bool *made)
{
	*made = false;
	if (!a->gzip || req->accepts_gzip)
		return a->response;
	struct buf plain;
	buf_init(&plain, BUF_MAX_PAGE);
	if (gunzip_body(a->body, a->len, &plain) < 0) {
		buf_release(&plain);
		return NULL;
	}
	size_t len;
	char *data = buf_detach(&plain, &len);
	buf_release(&plain);
	struct MHD_Response *r = MHD_create_response_from_buffer_with_free_callback(len, data, free);
	if (!r) {
		free(data);
		return NULL;
	}
	MHD_get_response_headers(a->response, copy_header, r);
	*made = true;
	return r;
}

/* The key of req's page in app.last: the page cache's without a version. */
static char *last_key(struct request *req)
{
	return server_cache_key(req, -1);
}

void server_keep_last(struct request *req, struct cached_answer *a, const char *etag)
{
	struct cache *last = req->app->last;
	if (last)
		cache_replace(last, last_key(req), etag, cached_answer_ref(a), a->len + 1024,
		              cached_answer_free);
}

struct cache_item *server_stale_item(struct request *req)
{
	struct cache *last = req->app->last;
	if (!last)
		return NULL;
	const char *key = last_key(req);
	struct cache_item *fresh = cache_get(last, key);
	if (!fresh)
		return NULL;
	/* Named after the rendering it copies, whose ETag names its version. */
	const char *stale_key = arena_printf(&req->arena, "stale|%s|%s", cache_item_etag(fresh), key);
	struct cache_item *item = cache_get(last, stale_key);
	if (item) {
		cache_item_release(fresh);
		return item;
	}
	struct cached_answer *copy = stale_copy(req, cache_item_value(fresh));
	cache_item_release(fresh);
	if (!copy)
		return NULL;
	cache_put(last, stale_key, "", copy, copy->len + 1024, cached_answer_free);
	/* Another thread's copy may have won the place: either will do. */
	return cache_get(last, stale_key);
}
