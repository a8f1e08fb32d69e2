/* server_parse.c — what a request says, read once from libmicrohttpd into
 * struct request (server_parse_request): method, headers, the client's
 * address (and a trusted proxy's word for it), the target's path and
 * query, the cookies. Apart from server.c, which answers, so that each
 * stays a file to read in one sitting. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "arena.h"
#include "i18n.h"
#include "request.h"
#include "server_impl.h"
#include "util.h"


static const struct {
	const char *name;
	enum http_method method;
} methods[] = {
	{"GET", HTTP_GET}, {"HEAD", HTTP_HEAD}, {"POST", HTTP_POST}, {"PUT", HTTP_PUT},
	{"PATCH", HTTP_PATCH}, {"DELETE", HTTP_DELETE},
};

static enum http_method parse_method(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(methods); i++)
		if (strcmp(methods[i].name, name) == 0)
			return methods[i].method;
	return HTTP_OTHER;
}

const char *server_header(struct MHD_Connection *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

static const char *client_addr(struct MHD_Connection *conn, struct arena *a)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char text[INET6_ADDRSTRLEN] = "unknown";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
			          text, sizeof text);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			          text, sizeof text);
	}
	return arena_strdup(a, text);
}

/* The last entry of a comma-separated header that proxies append to, its
 * leading blanks skipped: the one the nearest proxy wrote (earlier ones
 * are whatever the client sent). NULL when the header is absent. */
static const char *last_entry(const char *list)
{
	if (!list)
		return NULL;
	const char *last = strrchr(list, ',');
	last = last ? last + 1 : list;
	return last + strspn(last, " \t");
}

/* Behind a trusted reverse proxy the client is the last address the proxy
 * appended to X-Forwarded-For. Returns it, or NULL when the header is
 * absent or that entry is not an address. */
static const char *forwarded_for(const char *xff, struct arena *a)
{
	const char *last = last_entry(xff);
	if (!last)
		return NULL;
	size_t n = strcspn(last, " \t");
	if (n == 0 || n >= INET6_ADDRSTRLEN)
		return NULL;
	char *addr = arena_strndup(a, last, n);
	unsigned char bin[sizeof(struct in6_addr)];
	if (inet_pton(AF_INET, addr, bin) != 1 && inet_pton(AF_INET6, addr, bin) != 1)
		return NULL;
	return addr;
}

/* True when a trusted proxy's X-Forwarded-Proto says the client spoke
 * HTTPS to it (nginx's proxy_set_header replaces the header; a proxy that
 * appends to it writes the last entry). */
static bool forwarded_https(const char *xfp)
{
	const char *last = last_entry(xfp);
	return last && strncasecmp(last, "https", 5) == 0 &&
	       strspn(last + 5, " \t") == strlen(last + 5);
}

/* True when the peer connected from a loopback address (127.0.0.0/8, ::1,
 * or ::ffff:127.x.y.z). */
static bool peer_loopback(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ci->client_addr)
		return false;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
	}
	return false;
}

/* A local client: a loopback peer whose request no proxy relayed. A proxy
 * on this machine is a loopback peer too, relaying anyone; the headers it
 * adds (X-Forwarded-For, Forwarded, X-Real-IP) tell its requests apart,
 * whether or not Pacte trusts them for the client's address. */
static bool local_client(struct MHD_Connection *conn)
{
	return peer_loopback(conn) && !server_header(conn, "X-Forwarded-For") &&
	       !server_header(conn, "Forwarded") && !server_header(conn, "X-Real-IP");
}

/* The token of an "Authorization: Bearer TOKEN" header, or NULL. */
static const char *bearer_token(const char *auth)
{
	if (!auth || strncasecmp(auth, "Bearer ", 7) != 0)
		return NULL;
	auth += 7;
	while (*auth == ' ')
		auth++;
	return *auth ? auth : NULL;
}

/* JSON when the client asks for it first; browsers list text/html first. */
static bool wants_json(const char *accept)
{
	if (!accept)
		return false;
	const char *json = strstr(accept, "application/json");
	if (!json)
		json = strstr(accept, "application/problem+json");
	const char *html = strstr(accept, "text/html");
	return json && (!html || json < html);
}

static bool accepts_gzip(const char *ae)
{
	if (!ae)
		return false;
	const char *g = strstr(ae, "gzip");
	if (!g)
		return false;
	/* "gzip;q=0" refuses it. */
	const char *q = g + 4;
	while (*q == ' ')
		q++;
	return !(str_starts(q, ";q=0") && !str_starts(q, ";q=0."));
}

/* Fills the request from headers and target; -1 with req->bad_input set
 * when the request cannot be understood. */
int server_parse_request(struct MHD_Connection *conn, struct request *req, bool *local,
                         const char *method)
{
	*local = local_client(conn);
	req->method_name = arena_strdup(&req->arena, method);
	req->method = parse_method(method);
	req->accept = server_header(conn, "Accept");
	req->accept_language = server_header(conn, "Accept-Language");
	req->if_none_match = server_header(conn, "If-None-Match");
	req->content_type = server_header(conn, "Content-Type");
	req->origin = server_header(conn, "Origin");
	req->host = server_header(conn, "Host");
	req->csrf_header = server_header(conn, "X-CSRF-Token");
	req->accepts_gzip = accepts_gzip(server_header(conn, "Accept-Encoding"));
	req->bearer = bearer_token(server_header(conn, "Authorization"));
	req->client_addr = client_addr(conn, &req->arena);
	if (req->app->trust_proxy) {
		const char *fwd = forwarded_for(server_header(conn, "X-Forwarded-For"), &req->arena);
		if (fwd)
			req->client_addr = fwd;
	}
	/* Only a trusted proxy may say the client spoke HTTPS: anyone else
	 * could claim it. --secure-cookies says every request did. */
	req->secure = req->app->secure_cookies ||
	              (req->app->trust_proxy && forwarded_https(server_header(conn, "X-Forwarded-Proto")));
	req->format = wants_json(req->accept) ? FORMAT_JSON : FORMAT_HTML;
	const char *path, *query;
	if (target_parse(&req->arena, req->target, &path, &query) < 0) {
		req->bad_input = N_("The address is not valid.");
		return -1;
	}
	if (strcmp(path, "/api/v1") == 0 || str_starts(path, "/api/v1/")) {
		req->api = true;
		req->format = FORMAT_JSON;
		path = path[7] ? path + 7 : "/";
	}
	req->path = path;
	req->query_string = query;
	const char *why = NULL;
	if (params_parse(&req->arena, query, strlen(query), &req->query, false, &why) < 0 ||
	    cookies_parse(&req->arena, server_header(conn, "Cookie"), &req->cookies, &why) < 0) {
		req->bad_input = why;
		return -1;
	}
	cookies_for_scheme(&req->cookies, req->secure);
	return 0;
}

