# importers/: pure functions from a stream to a sink.

libcncore_a_SOURCES += \
	importers/importers.h \
	importers/imp-formats.h \
	importers/imp-json.h \
	importers/importers.c \
	importers/imp-util.c \
	importers/imp-json.c

libcncore_a_SOURCES += importers/imp-canopy.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-imp-canopy
TESTS += tests/unit/test-imp-canopy
tests_unit_test_imp_canopy_SOURCES = tests/unit/test-imp-canopy.c $(RECORD_SINK)
tests_unit_test_imp_canopy_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_imp_canopy_LDADD = $(TEST_LIBS)
endif

# Rollout importers (verl, chat-jsonl) and score files.
libcncore_a_SOURCES += \
	importers/imp-rollout.h \
	importers/imp-rollout.c \
	importers/imp-verl.c \
	importers/imp-chat.c \
	importers/imp-scores.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-imp-rollout tests/unit/test-imp-scores
TESTS += tests/unit/test-imp-rollout tests/unit/test-imp-scores
tests_unit_test_imp_rollout_SOURCES = tests/unit/test-imp-rollout.c $(RECORD_SINK)
tests_unit_test_imp_rollout_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_imp_rollout_LDADD = $(TEST_LIBS)
tests_unit_test_imp_scores_SOURCES = tests/unit/test-imp-scores.c $(RECORD_SINK)
tests_unit_test_imp_scores_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_imp_scores_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/unit/test-imp-rollout-store
TESTS += tests/unit/test-imp-rollout-store
tests_unit_test_imp_rollout_store_SOURCES = tests/unit/test-imp-rollout-store.c
tests_unit_test_imp_rollout_store_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_imp_rollout_store_LDADD = $(TEST_LIBS)
endif
EXTRA_DIST += \
	tests/fixtures/verl/README tests/fixtures/verl/12.jsonl \
	tests/fixtures/chat/README tests/fixtures/chat/rollouts.jsonl
TESTS += tests/import/rollout.sh
EXTRA_DIST += tests/import/rollout.sh
