# tests/fuzz/: arbitrary bytes through every importer and the store's sink.
# `make check` replays the corpus (seeds and every crash found so far);
# `make fuzz` (configure --enable-fuzz CC=clang) searches for new ones.

check_PROGRAMS += tests/fuzz/fuzz-replay
tests_fuzz_fuzz_replay_SOURCES = tests/fuzz/fuzz-import.c
tests_fuzz_fuzz_replay_CFLAGS = $(AM_CFLAGS) $(CJSON_CFLAGS) $(SQLITE_CFLAGS)
tests_fuzz_fuzz_replay_LDADD = $(CORE_LIBS)
TESTS += tests/fuzz/replay.sh
EXTRA_DIST += tests/fuzz/replay.sh tests/fuzz/seed.sh tests/fuzz/corpus

if FUZZ
noinst_PROGRAMS += tests/fuzz/fuzz-import
tests_fuzz_fuzz_import_SOURCES = tests/fuzz/fuzz-import.c
tests_fuzz_fuzz_import_CPPFLAGS = $(AM_CPPFLAGS) -DCN_FUZZ_LIBFUZZER
tests_fuzz_fuzz_import_CFLAGS = $(AM_CFLAGS) $(CJSON_CFLAGS) $(SQLITE_CFLAGS)
tests_fuzz_fuzz_import_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_import_LDADD = $(CORE_LIBS)
endif

# FUZZ_SECONDS of search, from the corpus and the test fixtures; what it
# finds is written to fuzz-work/ of the build tree (crash-* files: copy
# them into tests/fuzz/corpus once fixed).
FUZZ_SECONDS = 60
fuzz:
if FUZZ
	@mkdir -p fuzz-work/corpus
	@$(SHELL) '$(abs_top_srcdir)/tests/fuzz/seed.sh' \
	  '$(abs_top_srcdir)' fuzz-work/corpus
	./tests/fuzz/fuzz-import -max_total_time=$(FUZZ_SECONDS) \
	  -artifact_prefix=fuzz-work/ -max_len=65536 fuzz-work/corpus \
	  '$(abs_top_srcdir)/tests/fuzz/corpus'
else
	@echo "make fuzz: configure with --enable-fuzz CC=clang first" >&2; exit 1
endif
.PHONY: fuzz
