/* replay.c — runs a fuzz target over files, without libFuzzer.
 *
 *   fuzz_NAME FILE|DIR…
 *
 * Linked with a tests/fuzz/fuzz_NAME.c target and the sanitizer build's
 * objects (gcc, ASan + UBSan), it feeds each file (a directory: each of its
 * files, in name order) to LLVMFuzzerTestOneInput once. `make check`
 * replays every committed corpus this way, so every input a fuzzer ever
 * kept, and every crash it found (saved in the corpus as a regression),
 * runs again on each change without clang or a fuzzing budget. A target
 * that fails aborts or trips a sanitizer; either way the input at fault is
 * named on standard error. Prints "NAME: N inputs replayed". */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sanitizer/common_interface_defs.h>

#include "buf.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *current;     /* the input being replayed */

/* Names the input at fault: called by the sanitizers as they stop the
 * process, and on abort() (a target's own check failing). */
static void name_input(void)
{
	static const char what[] = "replay: the failing input is ";
	if (!current)
		return;
	if (write(2, what, sizeof what - 1) < 0 || write(2, current, strlen(current)) < 0 ||
	    write(2, "\n", 1) < 0)
		return;
}

static void on_abort(int sig)
{
	name_input();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	struct buf in;
	buf_init(&in, BUF_MAX_PAGE);
	char chunk[1 << 14];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&in, chunk, n);
	int bad = ferror(f) || in.overflow;
	fclose(f);
	if (bad) {
		fprintf(stderr, "%s: cannot read\n", path);
		buf_release(&in);
		return -1;
	}
	current = path;
	/* An exact copy: a read one past the end is caught. */
	uint8_t *copy = xmalloc(in.len ? in.len : 1);
	memcpy(copy, in.data, in.len);
	LLVMFuzzerTestOneInput(copy, in.len);
	free(copy);
	current = NULL;
	buf_release(&in);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Replays path (a file, or a directory's files); returns how many, or -1. */
static long replay(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path) < 0 ? -1 : 1;
	struct dirent **names;
	int n = scandir(path, &names, NULL, by_name);
	if (n < 0) {
		perror(path);
		return -1;
	}
	long count = 0;
	for (int i = 0; i < n; i++) {
		char file[4096];
		if (names[i]->d_name[0] != '.' && count >= 0) {
			snprintf(file, sizeof file, "%s/%s", path, names[i]->d_name);
			count = replay_file(file) < 0 ? -1 : count + 1;
		}
		free(names[i]);
	}
	free(names);
	return count;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	__sanitizer_set_death_callback(name_input);
	signal(SIGABRT, on_abort);
	long total = 0;
	for (int i = 1; i < argc; i++) {
		long n = replay(argv[i]);
		if (n < 0)
			return 1;
		total += n;
	}
	const char *name = strrchr(argv[0], '/');
	printf("%s: %ld inputs replayed\n", name ? name + 1 : argv[0], total);
	return 0;
}
