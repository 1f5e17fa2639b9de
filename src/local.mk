# src/: the program entry, the model header and shared utilities.

noinst_LIBRARIES += libcncore.a
libcncore_a_CPPFLAGS = $(AM_CPPFLAGS) $(SQLITE_CFLAGS) $(CJSON_CFLAGS) $(UTF8PROC_CFLAGS) $(CRYPTO_CFLAGS)
libcncore_a_SOURCES = \
	src/canopy.h \
	src/util.c \
	src/hmap.h \
	src/hmap.c \
	src/sha256.c \
	src/pipe.h \
	src/pipe.c

# The command line: dispatch, one file per group of commands, the JSON
# writer and the demo database builder.
canopy_CPPFLAGS = $(AM_CPPFLAGS) $(UTF8PROC_CFLAGS)
canopy_SOURCES = \
	src/main.c \
	src/cli.h \
	src/cli.c \
	src/cli-import.c \
	src/cli-show.c \
	src/cli-list.c \
	src/follow.h \
	src/follow.c \
	src/demo.c \
	src/json-out.h \
	src/json-out.c
canopy_LDADD = $(TUI_LIBS) $(CORE_LIBS)

# The demo files, installed for `canopy demo`.
demodir = $(pkgdatadir)/demo
dist_demo_DATA = \
	demo/README.md \
	demo/mcts-demo.canopy.jsonl \
	demo/moatless-search-tree.json \
	demo/prm800k-phase2.jsonl \
	demo/processbench-gsm8k.json

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-json-out
TESTS += tests/unit/test-json-out
tests_unit_test_json_out_SOURCES = tests/unit/test-json-out.c \
	src/json-out.c src/json-out.h
tests_unit_test_json_out_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_json_out_LDADD = $(TEST_LIBS)
endif

# CLI tests: shell scripts driving the built binary.
CLI_TESTS = \
	tests/cli/help.sh \
	tests/cli/import-bad.sh \
	tests/cli/deep.sh \
	tests/cli/readonly.sh \
	tests/cli/show-safe.sh \
	tests/cli/demo.sh \
	tests/cli/progress.sh \
	tests/cli/format-doc.sh \
	tests/cli/completion.sh \
	tests/cli/roundtrip.sh \
	tests/cli/follow.sh
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS) tests/cli/lib.sh

# import --follow seen from an open TUI (tests/e2e/lib.sh: tmux).
if HAVE_TMUX
TESTS += tests/e2e/follow-test.sh
endif
EXTRA_DIST += tests/e2e/follow-test.sh

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-follow
TESTS += tests/unit/test-follow
tests_unit_test_follow_SOURCES = tests/unit/test-follow.c \
	src/follow.c src/follow.h
tests_unit_test_follow_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_follow_LDADD = $(TEST_LIBS)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-util
TESTS += tests/unit/test-util
tests_unit_test_util_SOURCES = tests/unit/test-util.c
tests_unit_test_util_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_util_LDADD = $(TEST_LIBS)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-pipe
TESTS += tests/unit/test-pipe
tests_unit_test_pipe_SOURCES = tests/unit/test-pipe.c $(RECORD_SINK)
tests_unit_test_pipe_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_pipe_LDADD = $(TEST_LIBS)
endif
