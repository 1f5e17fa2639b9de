# tui/: the terminal UI. The pure helpers (keys, text, layout, settings)
# never call curses, so their unit tests need no terminal; colors.c and
# keyname-curses.c are the curses-facing parts of this layer's base.

noinst_LIBRARIES += libcntui.a
libcntui_a_CPPFLAGS = $(TUI_CPPFLAGS)
libcntui_a_SOURCES = \
	tui/keys.h tui/keys.c \
	tui/text.h tui/text.c \
	tui/layout.h tui/layout.c \
	tui/settings.h tui/settings.c \
	tui/colors.h tui/colors.c \
	tui/keyname-curses.c \
	tui/filter-expr.h tui/filter-expr.c \
	tui/col-scale.h tui/col-scale.c \
	tui/sib-rank.h tui/sib-rank.c

EXTRA_DIST += docs/tui-config.md

# For the program's link (canopy_LDADD).
TUI_LIBS = libcntui.a $(NCURSES_LIBS) $(UTF8PROC_LIBS)

# Unit tests of the pure helpers: libcntui.a before libcncore.a.
TUI_TEST_LIBS = libcntui.a $(LIVE_LIBS) $(TEST_LIBS)

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-keys
TESTS += tests/unit/test-keys
tests_unit_test_keys_SOURCES = tests/unit/test-keys.c
tests_unit_test_keys_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_keys_LDADD = $(TUI_TEST_LIBS)

check_PROGRAMS += tests/unit/test-text
TESTS += tests/unit/test-text
tests_unit_test_text_SOURCES = tests/unit/test-text.c
tests_unit_test_text_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_text_LDADD = $(TUI_TEST_LIBS)

check_PROGRAMS += tests/unit/test-filter-expr
TESTS += tests/unit/test-filter-expr
tests_unit_test_filter_expr_SOURCES = tests/unit/test-filter-expr.c
tests_unit_test_filter_expr_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_filter_expr_LDADD = $(TUI_TEST_LIBS)

check_PROGRAMS += tests/unit/test-col-scale
TESTS += tests/unit/test-col-scale
tests_unit_test_col_scale_SOURCES = tests/unit/test-col-scale.c
tests_unit_test_col_scale_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_col_scale_LDADD = $(TUI_TEST_LIBS)

check_PROGRAMS += tests/unit/test-sib-rank
TESTS += tests/unit/test-sib-rank
tests_unit_test_sib_rank_SOURCES = tests/unit/test-sib-rank.c
tests_unit_test_sib_rank_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sib_rank_LDADD = $(TUI_TEST_LIBS)

check_PROGRAMS += tests/unit/test-layout
TESTS += tests/unit/test-layout
tests_unit_test_layout_SOURCES = tests/unit/test-layout.c
tests_unit_test_layout_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_layout_LDADD = $(TUI_TEST_LIBS)

check_PROGRAMS += tests/unit/test-settings
TESTS += tests/unit/test-settings
tests_unit_test_settings_SOURCES = tests/unit/test-settings.c
tests_unit_test_settings_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_settings_LDADD = $(TUI_TEST_LIBS)

# The curses side, on terminfo terminals that write to /dev/null.
check_PROGRAMS += tests/unit/test-colors
TESTS += tests/unit/test-colors
tests_unit_test_colors_SOURCES = tests/unit/test-colors.c
tests_unit_test_colors_CFLAGS = $(TEST_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_colors_LDADD = $(TUI_TEST_LIBS) $(NCURSES_LIBS)
endif

# The application (tui-app): the loop, the views, the window-only tree
# model (no curses; unit-tested against a real store) and the replay mode.
libcntui_a_SOURCES += \
	tui/tui.h tui/tui-int.h tui/tui.c tui/screen.c tui/draw.c \
	tui/prompt.c tui/commands.c tui/help.c \
	tui/tree-model.h tui/tree-model-int.h tui/tree-model.c tui/tree-fold.c \
	tui/tree-filter.h tui/tree-filter.c \
	tui/traces-model.h tui/traces-model.c \
	tui/view-traces.c tui/view-tree.h tui/view-tree.c \
	tui/view-tree-draw.c tui/tree-detail.c tui/columns.c \
	tui/view-siblings.c tui/replay.c tui/term-caps.h tui/term-caps.c

# Labeling: keys, undo, the tag picker, notes and queue mode.
libcntui_a_SOURCES += tui/labels.h tui/labels.c tui/queue.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-tree-model
TESTS += tests/unit/test-tree-model
tests_unit_test_tree_model_SOURCES = tests/unit/test-tree-model.c \
	tui/tree-model.c tui/tree-fold.c tui/tree-model.h tui/tree-model-int.h
tests_unit_test_tree_model_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_tree_model_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/unit/test-traces-model
TESTS += tests/unit/test-traces-model
tests_unit_test_traces_model_SOURCES = tests/unit/test-traces-model.c \
	tui/traces-model.c tui/traces-model.h
tests_unit_test_traces_model_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_traces_model_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/unit/test-tree-filter
TESTS += tests/unit/test-tree-filter
tests_unit_test_tree_filter_SOURCES = tests/unit/test-tree-filter.c \
	tui/tree-filter.c tui/tree-filter.h tui/filter-expr.c \
	tui/filter-expr.h $(TMPDB)
tests_unit_test_tree_filter_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_tree_filter_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/unit/test-tree-walk
TESTS += tests/unit/test-tree-walk
tests_unit_test_tree_walk_SOURCES = tests/unit/test-tree-walk.c \
	tui/tree-model.c tui/tree-fold.c tui/tree-model.h tui/tree-model-int.h
tests_unit_test_tree_walk_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_tree_walk_LDADD = $(TEST_LIBS)
endif

# Terminal end-to-end tests: canopy in a private tmux server (lib.sh).
E2E_TESTS = \
	tests/e2e/open-test.sh \
	tests/e2e/navigation-test.sh \
	tests/e2e/fold-test.sh \
	tests/e2e/search-test.sh \
	tests/e2e/sort-test.sh \
	tests/e2e/detail-test.sh \
	tests/e2e/detail-scroll-test.sh \
	tests/e2e/dumb-test.sh \
	tests/e2e/help-test.sh \
	tests/e2e/resize-test.sh \
	tests/e2e/theme-test.sh \
	tests/e2e/nocolor-test.sh \
	tests/e2e/escape-test.sh \
	tests/e2e/signals-test.sh \
	tests/e2e/live-test.sh \
	tests/e2e/ascii-test.sh \
	tests/e2e/demo-test.sh \
	tests/e2e/args-test.sh \
	tests/e2e/many-test.sh \
	tests/e2e/traces-problem-test.sh \
	tests/e2e/goto-test.sh \
	tests/e2e/commands-test.sh \
	tests/e2e/compare-test.sh
if HAVE_TMUX
TESTS += $(E2E_TESTS)
endif
EXTRA_DIST += $(E2E_TESTS) tests/e2e/lib.sh tests/e2e/fixtures \
	tests/e2e/snapshots

# Labeling in the tree: keys, undo, kill -9, queue mode, two processes.
LABEL_E2E_TESTS = \
	tests/e2e/label-keys-test.sh \
	tests/e2e/label-queue-test.sh \
	tests/e2e/label-live-test.sh
if HAVE_TMUX
TESTS += $(LABEL_E2E_TESTS)
endif
EXTRA_DIST += $(LABEL_E2E_TESTS)
