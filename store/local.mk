# store/: the only owner of SQL.

noinst_LIBRARIES += libcnstore.a
libcnstore_a_CPPFLAGS = $(STORE_CPPFLAGS)
libcnstore_a_SOURCES = \
	store/store.h \
	store/store-int.h \
	store/store.c \
	store/store-schema.c \
	store/store-skel.h \
	store/store-skel.c \
	store/store-imp.h \
	store/store-batch.c \
	store/store-finalize.c \
	store/store-sink.c \
	store/store-upsert.c \
	store/store-import.c \
	store/store-index.c \
	store/store-read.c \
	store/store-address.c

UNIT_TESTS += tests/unit/test-store tests/unit/test-store-open
# The TUI's replay view: a trace's search history.
libcnstore_a_SOURCES += store/store-cmpview.h store/store-cmpview.c
UNIT_TESTS += tests/unit/test-store-cmpview
UNIT_TESTS += tests/unit/test-store-read
UNIT_TESTS += tests/unit/test-store-batch

# Where followed files' committed data ends (import --follow).
libcnstore_a_SOURCES += \
	store/store-follow.h \
	store/store-follow.c

# store-browse.c: the indexed reads the TUI browses with (tui-app).
libcnstore_a_SOURCES += store/store-browse.c store/store-search.c
# store-chain.c: long only-child runs recorded at import (deep chains).
libcnstore_a_SOURCES += store/store-chain.c

# store-traces.c: the traces list by keyset in any order (tui-app).
libcnstore_a_SOURCES += store/store-traces.h store/store-traces.c

# store-compare.c: signal ranges and batched scans (comparing values).
libcnstore_a_SOURCES += store/store-compare.h store/store-compare.c

# Reruns and model calls written by live-model commands (src/cli-live.c).
libcnstore_a_SOURCES += store/store-live.h store/store-live.c

# The pure skeleton: no database.
UNIT_TESTS += tests/unit/test-skeleton

# Faults and concurrency: killed writers, readers during writes, turns.
UNIT_TESTS += tests/unit/test-store-faults

# Later records of a node: updates (store-upsert.c).
UNIT_TESTS += tests/unit/test-store-upsert

# The text index behind the tree: watermark and catch-up (store-index.c).
UNIT_TESTS += tests/unit/test-store-index

# The store's promises through the commands (concurrent imports, errors,
# addresses, empty and read-only files).
TESTS += tests/cli/store-turns.sh
EXTRA_DIST += tests/cli/store-turns.sh

# A followed search that writes its nodes again (store-upsert.c).
TESTS += tests/cli/follow-update.sh
EXTRA_DIST += tests/cli/follow-update.sh

# Four importers at once (writers take turns), and readers during a large
# import: the CLI in a loop and a TUI in tmux (never locked out).
TESTS += tests/cli/import-crowd.sh
EXTRA_DIST += tests/cli/import-crowd.sh tests/e2e/readers-test.sh \
	tests/e2e/follow-update-test.sh
if HAVE_TMUX
TESTS += tests/e2e/readers-test.sh tests/e2e/follow-update-test.sh
endif

# Labels, first errors and preferences people write (TUI and CLI).
libcnstore_a_SOURCES += store/store-label.h store/store-label.c
UNIT_TESTS += tests/unit/test-store-label
# The reads of exports, agreement and reports (src/cli-export.c).
libcnstore_a_SOURCES += store/store-export.h store/store-export.c
# A trace in bulk for analysis/ and derived signals written back
# (src/cli-analysis.c).
libcnstore_a_SOURCES += store/store-derive.h store/store-derive.c
UNIT_TESTS += tests/unit/test-store-derive

# Merging one author's labels from a bundle (canopy annotations import).
libcnstore_a_SOURCES += store/store-bundle.h store/store-bundle.c
UNIT_TESTS += tests/unit/test-store-bundle

# show: a subtree in preorder, read in bulk.
libcnstore_a_SOURCES += store/store-stream.c store/store-stream.h \
	store/store-spool.c
