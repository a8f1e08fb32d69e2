/* report.c — `pacte report ISO3 --pdf FILE`: a country's report
 * (/countries/{ISO3}/report) printed to PDF by headless Chromium, the same
 * browser the tests drive.
 *
 * The page is the site's own, rendered by a `pacte serve` this command
 * starts on a free loopback port against the same database (or, with
 * --url, by a server already running), so the PDF is exactly what a
 * reader prints from the browser: the print stylesheet's A4 pages, page
 * numbers and table of contents. Without a Chromium the command says so
 * and which package to install. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "countries.h"
#include "db.h"
#include "reviews.h"

#define READY_MS 60000          /* the server's start, at most */
#define PRINT_MS 180000         /* Chromium's print, at most */

static const char *const browsers[] = {
	"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
};

/* The browser to use: $CHROMIUM, else the first installed of browsers[];
 * NULL when there is none. */
static const char *find_browser(void)
{
	const char *env = getenv("CHROMIUM");
	if (env && *env)
		return access(env, X_OK) == 0 ? env : NULL;
	for (size_t i = 0; i < sizeof browsers / sizeof *browsers; i++)
		if (access(browsers[i], X_OK) == 0)
			return browsers[i];
	return NULL;
}

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000};
	nanosleep(&t, NULL);
}

/* A loopback port that was free a moment ago, or -1. */
static int free_port(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	int port = -1;
	if (s >= 0 && bind(s, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(s, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (s >= 0)
		close(s);
	return port;
}

/* Whether something accepts connections on the loopback port. */
static int accepting(int port)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int ok = s >= 0 && connect(s, (struct sockaddr *)&a, sizeof a) == 0;
	if (s >= 0)
		close(s);
	return ok;
}

/* Starts argv[0] with argv, its output to /dev/null; the child's pid or -1. */
static pid_t spawn(char *const argv[])
{
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* Waits up to ms for pid; its exit status, or -1 (then it was killed). */
static int wait_for(pid_t pid, long long ms)
{
	long long end = now_ms() + ms;
	int status;
	while (now_ms() < end) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		if (r < 0)
			return -1;
		sleep_ms(100);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

/* The server this command starts: `pacte serve` on port, same database,
 * building no open-data package (--no-publish: at 100,000 commitments that
 * would cost more than the report). */
static pid_t start_server(const struct db_flags *f, int port)
{
	static char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		return -1;
	self[n] = '\0';
	char listen[32];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
	const char *target = cli_db_target(f);
	bool pg = strncmp(target, "postgres", 8) == 0;
	char *argv[] = {self, "serve", "--listen", listen, "--threads", "2",
	                "--no-publish",
	                pg ? "--database-url" : "--db", (char *)target, NULL};
	return spawn(argv);
}

static int run(int argc, char **argv)
{
	struct db_flags f = {0};
	const char *pdf = NULL, *url = NULL, *lang = NULL, *review = NULL;
	const struct opt opts[] = {
		DB_OPTS(&f),
		{"--pdf", OPT_STRING, &pdf, NULL},
		{"--url", OPT_STRING, &url, NULL},
		{"--lang", OPT_STRING, &lang, NULL},
		{"--review", OPT_STRING, &review, NULL},
		{0},
	};
	const char *pos[1] = {NULL};
	int npos = 0;
	int rc = cli_parse(&cmd_report_def, opts, argc, argv, pos, &npos, 1);
	if (rc != CLI_GO_ON)
		return rc;
	const char *iso3 = npos == 1 ? pos[0] : NULL;
	if (!iso3 || !iso3_code_valid(iso3) || !pdf) {
		fprintf(stderr, "pacte: report: give a country's ISO3 code and --pdf FILE\n");
		return 2;
	}
	if (lang && (strlen(lang) > 8 || strspn(lang, "abcdefghijklmnopqrstuvwxyz-") != strlen(lang))) {
		fprintf(stderr, "pacte: report: --lang '%s': expected a language code such as fr\n",
		        lang);
		return 2;
	}
	/* A cycle is a slug ("imrf-2026"): it goes into the page's path. */
	if (review && (!*review || strlen(review) > REVIEW_CYCLE_ID_MAX ||
	               strspn(review, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(review))) {
		fprintf(stderr, "pacte: report: --review '%s': expected a review cycle such as "
		        "imrf-2026\n", review);
		return 2;
	}
	const char *browser = find_browser();
	if (!browser) {
		fprintf(stderr, "pacte: report: no Chromium found (%s): install the Debian package "
		        "chromium, or set CHROMIUM to the browser's path\n",
		        getenv("CHROMIUM") ? getenv("CHROMIUM") : browsers[0]);
		return 1;
	}
	long long t0 = now_ms();
	char profile[] = "/tmp/pacte-report-XXXXXX";
	if (!mkdtemp(profile)) {
		fprintf(stderr, "pacte: report: %s: %s\n", profile, strerror(errno));
		return 1;
	}
	pid_t server = 0;
	char base[64];
	if (!url) {
		int port = free_port();
		server = port > 0 ? start_server(&f, port) : -1;
		if (server < 0) {
			fprintf(stderr, "pacte: report: could not start a server: %s\n", strerror(errno));
			return 1;
		}
		snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
		url = base;
		long long end = now_ms() + READY_MS;
		while (!accepting(port) && now_ms() < end && waitpid(server, NULL, WNOHANG) == 0)
			sleep_ms(50);
		if (!accepting(port)) {
			fprintf(stderr, "pacte: report: the server did not start on %s (is the "
			        "database %s initialised?)\n", base, cli_db_label(&f));
			kill(server, SIGTERM);
			wait_for(server, 10000);
			nftw(profile, remove_one, 16, FTW_DEPTH | FTW_PHYS);
			return 1;
		}
	}
	char page[1024], out[4200];
	char upper[4] = {0};
	for (int i = 0; i < 3; i++)
		upper[i] = (char)(iso3[i] >= 'a' && iso3[i] <= 'z' ? iso3[i] - 32 : iso3[i]);
	if (review)
		snprintf(page, sizeof page, "%s/reviews/%s/%s/print?lang=%s", url, review, upper,
		         lang ? lang : "en");
	else
		/* all=1: every commitment, not the screen's first hundred. */
		snprintf(page, sizeof page, "%s/countries/%s/report?all=1&lang=%s", url, upper,
		         lang ? lang : "en");
	snprintf(out, sizeof out, "--print-to-pdf=%s", pdf);
	rc = 1;
	{
		char dir[sizeof profile + 32];
		snprintf(dir, sizeof dir, "--user-data-dir=%s", profile);
		char *chrome[] = {(char *)browser, "--headless", "--no-sandbox", "--disable-gpu",
		                  "--disable-quic", "--no-first-run", "--disable-background-networking",
		                  "--disable-component-update", "--disable-sync",
		                  "--no-pdf-header-footer", "--generate-pdf-document-outline",
		                  dir, out, page, NULL};
		unlink(pdf);
		pid_t pid = spawn(chrome);
		int status = pid > 0 ? wait_for(pid, PRINT_MS) : -1;
		struct stat st;
		FILE *fp = fopen(pdf, "rb");
		char magic[5] = {0};
		if (fp && fread(magic, 1, 4, fp) == 4 && strcmp(magic, "%PDF") == 0 &&
		    stat(pdf, &st) == 0) {
			printf("wrote %s (%lld bytes) in %lld ms\n", pdf, (long long)st.st_size,
			       now_ms() - t0);
			rc = 0;
		} else {
			fprintf(stderr, "pacte: report: %s did not write %s (exit status %d) for %s\n",
			        browser, pdf, status, page);
		}
		if (fp)
			fclose(fp);
	}
	if (server > 0) {
		kill(server, SIGTERM);
		wait_for(server, 10000);
	}
	nftw(profile, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	if (rc == 0 && fflush(stdout) != 0)
		rc = 1;
	return rc;
}

const struct command cmd_report_def = {
	"report", run, "print a country's report to PDF with headless Chromium",
	"usage: pacte report ISO3 --pdf FILE [--db PATH | --database-url URL] [--url URL]\n"
	"                    [--lang CODE] [--review CYCLE]\n\n"
	"Prints the country report (/countries/ISO3/report: the state's commitments with\n"
	"their self-reported and assessed status, good practices, voluntary reviews and\n"
	"written inputs; A4, numbered pages, a table of contents, the data version and\n"
	"date) to FILE as PDF with headless Chromium. The page comes from a `pacte serve`\n"
	"this command starts on a free loopback port against the database, or from the\n"
	"server at --url when one runs already.\n\n"
	"  --pdf FILE           the PDF to write (replaced)\n"
	"  --db PATH            SQLite database file (default var/pacte.db; env PACTE_DB)\n"
	"  --database-url URL   postgres://... instead of a file (env PACTE_DATABASE_URL)\n"
	"  --url URL            a running server's address (http://HOST:PORT) to print from\n"
	"  --lang CODE          the report's language (default en)\n"
	"  --review CYCLE       print instead the state's latest submitted voluntary review\n"
	"                       of that cycle (/reviews/CYCLE/ISO3/print), e.g. imrf-2026\n\n"
	"The browser: $CHROMIUM, or /usr/bin/chromium (Debian's chromium package).\n",
};
