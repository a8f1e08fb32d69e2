# Pacte — build, run and test.
#
#   make          build build/pacte (optimised, with debug info)
#   make run      build, create or migrate var/pacte.db, load reference data, serve
#   make check    build with AddressSanitizer + UBSan and run every test suite
#   make bench    measure the server beside nginx (see docs/performance.md)
#   make bench-large  the same at a million commitments (issue 19)
#   make crashtest  kill -9 under concurrent writes, ROUNDS=10 times (tests/crash)
#   make faulttest  the database stopped under load, FAULT_ROUNDS=10 times (tests/fault)
#   make soak     64 connections of mixed load for SOAK_SECONDS=600 (tests/soak)
#
# Sources are found by wildcard: a new .c file under src/ is built without
# touching this file; a new tests/unit/test_<name>.c becomes a test binary.
# Each object lists the headers it includes in a .d file beside it (the
# compiler's -MMD -MP), so a header change rebuilds only what includes it.

SHELL    := /bin/bash
CC       ?= cc
PKGS     := libmicrohttpd sqlite3 libpq jansson libsodium libcmark libdeflate libzip libcurl
DEPS_OK  := $(shell pkg-config --exists $(PKGS) cmocka 2>/dev/null && test -f /usr/include/libstemmer.h && echo yes)

ifneq ($(DEPS_OK),yes)
$(info Installing missing build dependencies (scripts/install-deps)...)
$(shell scripts/install-deps >&2)
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lpthread -lm

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter -Wno-missing-field-initializers -Wformat=2 -Wvla
INCLUDES := -Isrc -Isrc/platform -Isrc/domain -Isrc/web -Isrc/cli -Ibuild/gen
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) $(INCLUDES) $(PKG_CFLAGS)
# Header dependencies, written as the target's name + ".d" (-MF, so a test
# binary compiled and linked in one step gets its own); -MP adds a phony
# target per header so a removed or renamed header does not stop the build.
DEPFLAGS = -MMD -MP -MF $@.d -MT $@

# Two flavours of every object: release (build/rel) and sanitised (build/san).
REL_CFLAGS := $(BASE_CFLAGS) -O2 -g
SAN_CFLAGS := $(BASE_CFLAGS) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=undefined
SAN_LDFLAGS := -fsanitize=address,undefined

SRCS      := $(shell find src -name '*.c' | sort)
LIB_SRCS  := $(filter-out src/main.c,$(SRCS))
EMBEDDED  := $(shell find templates static schema po data -type f \
               \( -name '*.html' -o -name '*.css' -o -name '*.js' -o -name '*.svg' \
                  -o -name '*.sql' -o -name '*.po' -o -name '*.csv' -o -name '*.ico' \
                  -o -name '*.json' -o -name '*.tsv' \) | sort)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)

REL_OBJS  := $(patsubst %.c,build/rel/%.o,$(LIB_SRCS)) build/rel/gen/embedded.o
SAN_OBJS  := $(patsubst %.c,build/san/%.o,$(LIB_SRCS)) build/san/gen/embedded.o
UNIT_BINS := $(patsubst tests/unit/%.c,build/san/tests/%,$(UNIT_SRCS))
# Each fuzz target, linked with tests/fuzz/replay.c instead of libFuzzer:
# make check replays the committed corpora through them.
REPLAY_BINS := $(patsubst tests/fuzz/%.c,build/san/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all run check unit test-http test-browser bench bench-large bench-compiles clean

all: build/pacte

build/pacte: build/rel/src/main.o $(REL_OBJS)
	$(CC) -o $@ $^ $(PKG_LIBS)

build/pacte-san: build/san/src/main.o $(SAN_OBJS)
	$(CC) $(SAN_LDFLAGS) -o $@ $^ $(PKG_LIBS)

build/rel/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(REL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

build/san/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(SAN_CFLAGS) $(DEPFLAGS) -c -o $@ $<

# Templates, static files, migrations, catalogs and reference data are compiled
# into the binary, so one file is the whole program.
build/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 $(WARN) -o $@ $<

build/gen/embedded.c: build/tools/embed $(EMBEDDED)
	@mkdir -p $(dir $@)
	build/tools/embed $@ $(EMBEDDED)

build/rel/gen/embedded.o: build/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) $(DEPFLAGS) -Wno-overlength-strings -c -o $@ $<

build/san/gen/embedded.o: build/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) $(DEPFLAGS) -Wno-overlength-strings -c -o $@ $<

# tests/unit/scratch.c (a database per test) and fixture.c (the domain
# tests' data) are linked into every unit test; those that do not use them
# ignore them.
UNIT_LIB := build/san/tests/scratch.o build/san/tests/fixture.o
# Built by a pattern rule only, they would count as intermediate and be
# deleted after each build, relinking every test the next time.
.SECONDARY: $(UNIT_LIB)

build/san/tests/%.o: tests/unit/%.c Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(SAN_CFLAGS) $(DEPFLAGS) -Itests/unit $(shell pkg-config --cflags cmocka) -c -o $@ $<

build/san/tests/%: tests/unit/%.c $(UNIT_LIB) $(SAN_OBJS) Makefile
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(SAN_CFLAGS) $(DEPFLAGS) -Itests/unit $(shell pkg-config --cflags cmocka) -o $@ $< \
	  $(UNIT_LIB) $(SAN_OBJS) $(SAN_LDFLAGS) $(PKG_LIBS) $(shell pkg-config --libs cmocka)

# replay.c is compiled with each target, so its headers are in the same .d.
build/san/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c $(SAN_OBJS) Makefile
	@mkdir -p $(dir $@)
	@echo "  REPLAY  $@"
	@$(CC) $(SAN_CFLAGS) $(DEPFLAGS) -o $@ $< tests/fuzz/replay.c $(SAN_OBJS) $(SAN_LDFLAGS) $(PKG_LIBS)

PACTE_DB ?= var/pacte.db

run: build/pacte
	@mkdir -p var
	build/pacte init --db $(PACTE_DB) --sample
	build/pacte serve --db $(PACTE_DB)

node_modules/.installed: package.json
	scripts/install-deps --npm
	@touch $@

# The whole suite, all against the sanitised build: unit tests and HTTP (each on
# SQLite and PostgreSQL), the fuzz corpora replayed, browser, and the short crash
# and soak tests; tests/run prints the closing "N passed, N failed" line.
check: build/pacte-san $(UNIT_BINS) $(REPLAY_BINS) node_modules/.installed bench-compiles
	scripts/lint
	tests/run

# The benchmarks' C programs are built only by `make bench`: compiled here
# too (syntax and types only, a second), so a change to an interface they
# call breaks make check, not the next person's bench.
bench-compiles: build/gen/embedded.c
	$(CC) $(BASE_CFLAGS) -fsyntax-only bench/floor.c
	$(CC) $(BASE_CFLAGS) -fsyntax-only bench/fts_match.c
	$(CC) $(BASE_CFLAGS) -fsyntax-only bench/hub_match.c
	$(CC) $(BASE_CFLAGS) -fsyntax-only bench/search_pg_copy.c

unit: $(UNIT_BINS)
	tests/run unit

test-http: build/pacte-san node_modules/.installed
	tests/run http

test-browser: build/pacte-san node_modules/.installed
	tests/run browser

bench: build/pacte
	bench/run
	bench/open-data
	bench/search-suite
	bench/hub
	bench/mail

# Issue 19's third scale: a million commitments (10 million progress updates)
# beside 10,000, on SQLite, the same scenarios as bench/run; the table goes to
# docs/performance-large.md (a section the next `make bench` carries into
# docs/performance.md). Not part of `make bench`: the demo alone takes tens of
# minutes. SCALES, BENCH_PG=1 and BENCH_TMP (where the ~9 GB database goes)
# as for bench/run.
bench-large: build/pacte
	SCALES="$${SCALES:-10000 1000000}" BENCH_PG="$${BENCH_PG:-0}" BENCH_LARGE=1 bench/run

# Proof under faults and load (tests/crash, tests/soak, tests/fault), the long
# forms: ROUNDS kills (default 10), SOAK_SECONDS of load (default 600) on the
# release build, whose memory is judged, FAULT_ROUNDS database outages (default
# 10) of FAULT_OUTAGE_MS (default 5000). `make check` runs the short forms on the
# sanitised build (3 kills on each database, 30 s of load, 3 outages of 1.5 s).
.PHONY: crashtest soak faulttest
crashtest: build/pacte-san node_modules/.installed
	ROUNDS=$(or $(ROUNDS),10) tests/run crash

faulttest: build/pacte-san node_modules/.installed
	FAULT_ROUNDS=$(or $(FAULT_ROUNDS),10) FAULT_OUTAGE_MS=$(or $(FAULT_OUTAGE_MS),5000) \
		tests/run fault

soak: build/pacte node_modules/.installed
	PACTE_BIN=build/pacte SOAK_SECONDS=$(or $(SOAK_SECONDS),600) tests/run soak

clean:
	rm -rf build

# Fuzzers (clang + libFuzzer): `make fuzz` runs each tests/fuzz/fuzz_NAME.c
# for FUZZ_SECONDS against its committed corpus tests/fuzz/corpus/NAME/.
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := $(BASE_CFLAGS) -O1 -g -fsanitize=fuzzer-no-link,address,undefined
FUZZ_SRCS    := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS    := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRCS))
FUZZ_OBJS    := $(patsubst %.c,build/fuzz/%.o,$(LIB_SRCS)) build/fuzz/gen/embedded.o

build/fuzz/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) $(DEPFLAGS) -c -o $@ $<

build/fuzz/gen/embedded.o: build/gen/embedded.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) $(DEPFLAGS) -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS)
	clang $(FUZZ_CFLAGS) $(DEPFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(PKG_LIBS)

.PHONY: fuzz
fuzz: $(FUZZ_BINS)
	@for f in $(FUZZ_BINS); do n=$${f#build/fuzz/fuzz_}; mkdir -p tests/fuzz/corpus/$$n build/fuzz/new/$$n; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=0 build/fuzz/new/$$n tests/fuzz/corpus/$$n \
	    2>build/fuzz/$$n.log || { tail -40 build/fuzz/$$n.log; exit 1; }; done

# The .d files of what this Makefile builds today: one left by a source since
# removed is not read, so it cannot name a header that no longer exists.
DEPS := $(addsuffix .d,build/rel/src/main.o build/san/src/main.o $(REL_OBJS) $(SAN_OBJS) \
          $(UNIT_LIB) $(UNIT_BINS) $(REPLAY_BINS) $(FUZZ_OBJS) $(FUZZ_BINS))
-include $(wildcard $(DEPS))
