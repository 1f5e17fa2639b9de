# src/: the program entry, the model header and shared utilities.

# The core every layer may use: no library but libcrypto and utf8proc.
noinst_LIBRARIES += libcncore.a
libcncore_a_CPPFLAGS = $(CORE_CPPFLAGS)
libcncore_a_SOURCES = \
	src/canopy.h \
	src/util.c \
	src/textsafe.h \
	src/textsafe.c \
	src/hmap.h \
	src/hmap.c \
	src/sha256.c

# The command line, which may use every layer: the import job (dedupe ->
# sniff -> sink chain -> end), the file follower, the parser -> writer
# hand-off and the JSON writer in a library, since tests, benchmarks and
# the fuzzers use them too; the rest in the program: dispatch, one file per
# group of commands and the demo database builder.
noinst_LIBRARIES += libcncli.a
libcncli_a_CPPFLAGS = $(CLI_CPPFLAGS)
libcncli_a_SOURCES = \
	src/json-out.h \
	src/json-out.c \
	src/pipe.h \
	src/pipe.c \
	src/follow.h \
	src/follow.c \
	src/import-job.h \
	src/import-job-int.h \
	src/import-job.c \
	src/import-follow.c

canopy_CPPFLAGS = $(CLI_CPPFLAGS) $(CN_DIRS)
canopy_SOURCES = \
	src/main.c \
	src/cli.h \
	src/cli.c \
	src/cli-import.c \
	src/cli-show.c \
	src/cli-list.c \
	src/cli-index.c \
	src/demo.c
canopy_LDADD = $(TUI_LIBS) $(CORE_LIBS)

# The demo files, installed for `canopy demo`.
demodir = $(pkgdatadir)/demo
dist_demo_DATA = \
	demo/README.md \
	demo/mcts-demo.canopy.jsonl \
	demo/moatless-search-tree.json \
	demo/prm800k-phase2.jsonl \
	demo/processbench-gsm8k.json

UNIT_TESTS += tests/unit/test-json-out

# CLI tests: shell scripts driving the built binary.
CLI_TESTS = \
	tests/cli/help.sh \
	tests/cli/usage.sh \
	tests/cli/import-bad.sh \
	tests/cli/deep.sh \
	tests/cli/readonly.sh \
	tests/cli/show-safe.sh \
	tests/cli/hostile.sh \
	tests/cli/demo.sh \
	tests/cli/progress.sh \
	tests/cli/format-doc.sh \
	tests/cli/completion.sh \
	tests/cli/traces-layout.sh \
	tests/cli/roundtrip.sh \
	tests/cli/show-order.sh \
	tests/cli/show-spool.sh \
	tests/cli/follow.sh \
	tests/cli/kill-import.sh \
	tests/cli/kill-index.sh \
	tests/cli/kill-skel.sh \
	tests/cli/kill-follow.sh \
	tests/cli/annotate.sh \
	tests/cli/bundle.sh \
	tests/cli/export.sh \
	tests/cli/report.sh \
	tests/cli/analysis.sh \
	tests/cli/upgrade.sh
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS) tests/cli/lib.sh \
	tests/fixtures/hostile/README.md tests/fixtures/hostile/make-hostile.sh \
	tests/cli/labels.py tests/cli/usage.cases tests/cli/usage.golden

# import --follow seen from an open TUI, and hostile text in the TUI
# (tests/e2e/lib.sh: tmux).
if HAVE_TMUX
TESTS += tests/e2e/follow-test.sh tests/e2e/hostile-test.sh
endif
EXTRA_DIST += tests/e2e/follow-test.sh tests/e2e/hostile-test.sh

UNIT_TESTS += tests/unit/test-follow

UNIT_TESTS += tests/unit/test-textsafe

UNIT_TESTS += tests/unit/test-import-job

UNIT_TESTS += tests/unit/test-store-follow

UNIT_TESTS += tests/unit/test-util

UNIT_TESTS += tests/unit/test-pipe

# Labels and preferences from scripts.
canopy_SOURCES += src/cli-annotate.c
# Sharing one author's labels: annotations export|import.
canopy_SOURCES += src/cli-bundle.h src/cli-bundle.c
# Labels out: the export writers (export.h) in the library, for tests;
# the commands export and agreement in the program.
libcncli_a_SOURCES += \
	src/export.h \
	src/export-paths.c \
	src/export-steps.c \
	src/export-prm800k.c \
	src/export-jsonl.c \
	src/report.h \
	src/report.c
canopy_SOURCES += src/cli-export.c

UNIT_TESTS += tests/unit/test-export
# The statistics commands (derive, calibrate, disagree, hist, diff) over
# analysis/.
canopy_SOURCES += src/cli-analysis.h src/cli-analysis.c src/cli-calib.c \
	src/cli-diff.c
