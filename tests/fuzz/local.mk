# tests/fuzz/: arbitrary bytes through every importer and the store's sink
# (fuzz-import), and through the TUI's text sanitizer (fuzz-text). `make
# check` replays each target's corpus (seeds, and every crash found so
# far); `make fuzz` (configure --enable-fuzz CC=clang) searches for more.

check_PROGRAMS += tests/fuzz/fuzz-import-replay tests/fuzz/fuzz-text-replay
tests_fuzz_fuzz_import_replay_SOURCES = tests/fuzz/fuzz-import.c \
	tests/fuzz/replay-main.c
# The replay and the libFuzzer builds compile fuzz-import.c alike.
FUZZ_IMPORT_CFLAGS = $(AM_CFLAGS) $(CJSON_CFLAGS) $(SQLITE_CFLAGS)
tests_fuzz_fuzz_import_replay_CFLAGS = $(FUZZ_IMPORT_CFLAGS)
tests_fuzz_fuzz_import_replay_LDADD = $(CORE_LIBS)
tests_fuzz_fuzz_text_replay_SOURCES = tests/fuzz/fuzz-text.c \
	tests/fuzz/replay-main.c
tests_fuzz_fuzz_text_replay_LDADD = $(TUI_LIBS) $(CORE_LIBS)
TESTS += tests/fuzz/replay.sh
EXTRA_DIST += tests/fuzz/replay.sh tests/fuzz/seed.sh tests/fuzz/corpus \
	tests/fuzz/corpus-text

if FUZZ
noinst_PROGRAMS += tests/fuzz/fuzz-import tests/fuzz/fuzz-text
tests_fuzz_fuzz_import_SOURCES = tests/fuzz/fuzz-import.c
tests_fuzz_fuzz_import_CFLAGS = $(FUZZ_IMPORT_CFLAGS)
tests_fuzz_fuzz_import_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_import_LDADD = $(CORE_LIBS)
tests_fuzz_fuzz_text_SOURCES = tests/fuzz/fuzz-text.c
tests_fuzz_fuzz_text_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_text_LDADD = $(TUI_LIBS) $(CORE_LIBS)
endif

# FUZZ_SECONDS of search per target, from its corpus (and, for imports,
# the test fixtures); what it finds goes to fuzz-work/ of the build tree
# (crash-* files: once fixed, copy them into the target's corpus).
FUZZ_SECONDS = 60
fuzz:
if FUZZ
	@mkdir -p fuzz-work/import fuzz-work/text
	@$(SHELL) '$(abs_top_srcdir)/tests/fuzz/seed.sh' \
	  '$(abs_top_srcdir)' fuzz-work/import
	./tests/fuzz/fuzz-import -max_total_time=$(FUZZ_SECONDS) \
	  -artifact_prefix=fuzz-work/ -max_len=65536 fuzz-work/import \
	  '$(abs_top_srcdir)/tests/fuzz/corpus'
	./tests/fuzz/fuzz-text -max_total_time=$(FUZZ_SECONDS) \
	  -artifact_prefix=fuzz-work/ fuzz-work/text \
	  '$(abs_top_srcdir)/tests/fuzz/corpus-text'
else
	@echo "make fuzz: configure with --enable-fuzz CC=clang first" >&2; exit 1
endif
.PHONY: fuzz
