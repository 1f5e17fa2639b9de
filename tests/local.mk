# tests/: shared test helpers and the cross-layer checks. Each layer's own
# tests are declared in that layer's local.mk.

TESTS += tests/check-layers.sh
EXTRA_DIST += tests/check-layers.sh

# The importer test harness: the recording sink and its runner.
RECORD_SINK = tests/unit/record-sink.c tests/unit/record-sink.h \
	tests/unit/imp-test.h tests/unit/cn-test.h
# The temporary-database fixture (tmpdb.h uses the harness's paths).
TMPDB = tests/unit/tmpdb.h $(RECORD_SINK)

# Importer goldens: tests/import/<format>/<case>.in beside <case>.json,
# compared through the golden program (tests/import/golden.sh).
check_PROGRAMS += tests/unit/golden
tests_unit_golden_SOURCES = tests/unit/golden.c tests/unit/record-sink.c \
	tests/unit/record-sink.h
tests_unit_golden_CFLAGS = $(AM_CFLAGS)
tests_unit_golden_LDADD = $(CORE_LIBS)
TESTS += tests/import/golden.sh
EXTRA_DIST += tests/import/golden.sh $(GOLDEN_DIRS)
GOLDEN_DIRS = \
	tests/import/alphamath \
	tests/import/canopy-jsonl \
	tests/import/canopy-scores \
	tests/import/chat-jsonl \
	tests/import/katago \
	tests/import/llm-reasoners \
	tests/import/math-shepherd \
	tests/import/moatless \
	tests/import/prm800k-scored \
	tests/import/prm800k \
	tests/import/processbench \
	tests/import/verl
