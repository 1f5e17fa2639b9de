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
	tui/sib-rank.h tui/sib-rank.c \
	tui/row-text.h tui/row-text.c tui/diff-lines.h tui/diff-lines.c \
	tui/list-cursor.h tui/list-cursor.c

EXTRA_DIST += docs/tui-config.md

# For the program's link (canopy_LDADD).
TUI_LIBS = libcntui.a $(NCURSES_LIBS) $(UTF8PROC_LIBS)

# Unit tests of the pure helpers: libcntui.a before libcncore.a.
TUI_TEST_LIBS = libcntui.a $(LIVE_LIBS) $(TEST_LIBS)

TUI_UNIT_TESTS = tests/unit/test-keys tests/unit/test-text \
	tests/unit/test-row-text \
	tests/unit/test-filter-expr tests/unit/test-col-scale \
	tests/unit/test-sib-rank tests/unit/test-layout tests/unit/test-settings
# The curses side, on terminfo terminals that write to /dev/null.
TUI_UNIT_TESTS += tests/unit/test-colors
UNIT_TESTS += $(TUI_UNIT_TESTS)
tests_unit_test_keys_LDADD = $(TUI_TEST_LIBS)
tests_unit_test_text_LDADD = $(TUI_TEST_LIBS)
tests_unit_test_row_text_LDADD = $(TUI_TEST_LIBS)
tests_unit_test_filter_expr_LDADD = $(TUI_TEST_LIBS)
tests_unit_test_col_scale_LDADD = $(TUI_TEST_LIBS)
tests_unit_test_sib_rank_LDADD = $(TUI_TEST_LIBS)
tests_unit_test_layout_LDADD = $(TUI_TEST_LIBS)
tests_unit_test_settings_LDADD = $(TUI_TEST_LIBS)
tests_unit_test_colors_CFLAGS = $(TEST_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_colors_LDADD = $(TUI_TEST_LIBS) $(NCURSES_LIBS)

# The application (tui-app): the loop, the views, the window-only tree
# model (no curses; unit-tested against a real store) and the replay mode.
libcntui_a_SOURCES += \
	tui/tui.h tui/tui-int.h tui/tui.c tui/tui-term.c tui/screen.c \
	tui/draw.c tui/prompt.c tui/commands.c tui/help.c \
	tui/tree-model.h tui/tree-model-int.h tui/tree-model.c tui/tree-fold.c \
	tui/tree-moves.c tui/tree-chain.c tui/tree-order.c \
	tui/tree-filter.h tui/tree-filter.c \
	tui/traces-model.h tui/traces-model.c \
	tui/view-traces.c tui/view-tree.h tui/view-tree.c \
	tui/view-tree-draw.c tui/tree-detail.c tui/columns.c \
	tui/view-siblings.c tui/view-rerun.h tui/view-rerun.c \
	tui/view-rerun-draw.c tui/replay.c tui/term-caps.h tui/term-caps.c

# The comparison views: reports computed on a worker thread.
libcntui_a_SOURCES += tui/worker.h tui/worker.c tui/cmpview.h \
	tui/cmpview.c tui/view-disagree.c tui/view-calib.c tui/view-diff.c \
	tui/view-replay.c

# Labeling: keys, undo, the tag picker, notes and queue mode.
libcntui_a_SOURCES += tui/labels.h tui/labels-int.h tui/labels.c \
	tui/labels-note.c tui/labels-find.c tui/queue.c
# :copy through OSC 52 (clipboard.c builds the bytes, copy.c sends them).
libcntui_a_SOURCES += tui/clipboard.h tui/clipboard.c tui/copy.c
# The tags view (:tags).
libcntui_a_SOURCES += tui/view-tags.c
UNIT_TESTS += tests/unit/test-clipboard
tests_unit_test_clipboard_LDADD = $(TUI_TEST_LIBS)

# The model's and the filter's own sources, since tests link every layer
# but the TUI.
UNIT_TESTS += tests/unit/test-tree-model tests/unit/test-tree-filter \
	tests/unit/test-tree-walk
TREE_MODEL_SRC = tui/tree-model.c tui/tree-fold.c tui/tree-model.h \
	tui/tree-model-int.h tui/tree-moves.c tui/tree-chain.c \
	tui/tree-order.c
tests_unit_test_tree_model_SOURCES = tests/unit/test-tree-model.c \
	tests/unit/tm-test.h $(TREE_MODEL_SRC)
tests_unit_test_tree_walk_SOURCES = tests/unit/test-tree-walk.c \
	$(TREE_MODEL_SRC)
# The model on long chains (issue 15): G, goto, folds across a chain.
UNIT_TESTS += tests/unit/test-tree-chain
tests_unit_test_tree_chain_SOURCES = tests/unit/test-tree-chain.c \
	tests/unit/tm-test.h $(TREE_MODEL_SRC)
UNIT_TESTS += tests/unit/test-traces-model
tests_unit_test_traces_model_SOURCES = tests/unit/test-traces-model.c \
	tui/traces-model.c tui/traces-model.h
tests_unit_test_tree_filter_SOURCES = tests/unit/test-tree-filter.c \
	tui/tree-filter.c tui/tree-filter.h tui/filter-expr.c \
	tui/filter-expr.h
UNIT_TESTS += tests/unit/test-worker
tests_unit_test_worker_SOURCES = tests/unit/test-worker.c tui/worker.c \
	tui/worker.h

# Terminal end-to-end tests: canopy in a private tmux server (lib.sh).
E2E_TESTS = \
	tests/e2e/open-test.sh \
	tests/e2e/navigation-test.sh \
	tests/e2e/fold-test.sh \
	tests/e2e/search-test.sh \
	tests/e2e/index-later-test.sh \
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
	tests/e2e/traces-filter-test.sh \
	tests/e2e/goto-test.sh \
	tests/e2e/commands-test.sh \
	tests/e2e/set-words-test.sh \
	tests/e2e/compare-test.sh \
	tests/e2e/deep-test.sh \
	tests/e2e/cmpview-test.sh

# Labeling in the tree: keys, undo, kill -9, queue mode, two processes.
E2E_TESTS += \
	tests/e2e/label-keys-test.sh \
	tests/e2e/label-queue-test.sh \
	tests/e2e/label-live-test.sh \
	tests/e2e/copy-test.sh \
	tests/e2e/tags-test.sh

# Reviewing agent runs (moatless): rows, detail pane, diff colours.
E2E_TESTS += tests/e2e/agent-test.sh

if HAVE_TMUX
TESTS += $(E2E_TESTS)
endif
EXTRA_DIST += $(E2E_TESTS) tests/e2e/lib.sh tests/e2e/fixtures \
	tests/e2e/snapshots
