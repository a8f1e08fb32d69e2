/* fuzz_locale.c — libFuzzer target for i18n_negotiate's Accept-Language parsing.
 *
 * The input is used as the Accept-Language header, then split at its first
 * NUL byte into ?lang=, cookie and default values, against catalogs for en,
 * fr, pt-BR and zh-Hant. Whatever the bytes, the answer must be one of the
 * loaded codes. Build and run from the project root:
 *
 *   clang -std=c11 -D_GNU_SOURCE -g -O1 -Isrc/platform \
 *     -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
 *     -o build/fuzz_locale tests/fuzz/fuzz_locale.c src/platform/i18n.c \
 *     src/platform/po.c src/platform/langtag.c \
 *     src/platform/text.c src/platform/buf.c src/platform/util.c \
 *     src/platform/embed.c build/gen/embedded.c
 *   build/fuzz_locale -max_len=16384 -runs=1000000
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const codes[] = {"en", "fr", "pt_BR", "zh-Hant"};

static void load_catalogs(void)
{
	char err[256];
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		const char *po = "msgid \"Home\"\nmsgstr \"x\"\n";
		if (i18n_load_text(codes[i], po, strlen(po), err, sizeof(err)) < 0)
			abort();
	}
}

static void check(const char *got)
{
	if (!got || !i18n_has(got))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int loaded;
	if (!loaded) {
		load_catalogs();
		loaded = 1;
	}
	/* A NUL-terminated copy, so reads past the input show up under ASan. */
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	check(i18n_negotiate(NULL, NULL, s, NULL));
	check(i18n_negotiate(NULL, NULL, s, "fr"));
	const char *rest = s + strlen(s);
	rest = rest < s + size ? rest + 1 : rest;
	check(i18n_negotiate(s, rest, rest, s));
	check(i18n_negotiate(rest, NULL, NULL, NULL));
	(void)i18n_dir(s);
	(void)i18n_native_name(s);
	free(s);
	return 0;
}
