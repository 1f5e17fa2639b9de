# tests/: shared test helpers and the cross-layer checks. Each layer's own
# tests are declared in that layer's local.mk.

TESTS += tests/check-layers.sh
EXTRA_DIST += tests/check-layers.sh

# The importer test harness: the recording sink and its runner.
RECORD_SINK = tests/unit/record-sink.c tests/unit/record-sink.h \
	tests/unit/imp-test.h tests/unit/cn-test.h
# The temporary-database fixture (tmpdb.h uses the harness's paths).
TMPDB = tests/unit/tmpdb.h $(RECORD_SINK)
# Both in a library every test program links (LDADD in Makefile.am).
check_LIBRARIES = tests/unit/libharness.a
tests_unit_libharness_a_SOURCES = $(TMPDB)
# The store tests' import-sink and single-value helpers.
tests_unit_libharness_a_SOURCES += tests/unit/store-test.c tests/unit/store-test.h

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
	tests/import/omegaprm \
	tests/import/prm800k-scored \
	tests/import/prm800k \
	tests/import/processbench \
	tests/import/verl

# The layer rules of layers/README, enforced by the build and proved here:
# probes compiled with each layer's flags (so the Makefile exports them), and
# the layer libraries' symbols. check-layers.sh above is the grep line.
TESTS += tests/check-layer-build.sh tests/check-layer-symbols.sh
EXTRA_DIST += tests/check-layer-build.sh tests/check-layer-symbols.sh
if HAVE_CURL
LAYER_HAVE_CURL = yes
endif
AM_TESTS_ENVIRONMENT += \
	export CANOPY_CC='$(CC)' CANOPY_LAYER_CFLAGS='$(AM_CFLAGS) $(CFLAGS)' \
	    CANOPY_NM='$(NM)' CANOPY_HAVE_CURL='$(LAYER_HAVE_CURL)'; \
	export CANOPY_CPPFLAGS_core='$(CORE_CPPFLAGS)' \
	    CANOPY_CPPFLAGS_store='$(STORE_CPPFLAGS)' \
	    CANOPY_CPPFLAGS_importers='$(IMP_CPPFLAGS)' \
	    CANOPY_CPPFLAGS_themes='$(THEME_CPPFLAGS)' \
	    CANOPY_CPPFLAGS_tui='$(TUI_CPPFLAGS)' \
	    CANOPY_CPPFLAGS_live='$(LIVE_CPPFLAGS)' \
	    CANOPY_CPPFLAGS_analysis='$(ANALYSIS_CPPFLAGS)' \
	    CANOPY_CPPFLAGS_query='$(QUERY_CPPFLAGS)' \
	    CANOPY_CPPFLAGS_cli='$(CLI_CPPFLAGS)';

# The symbol check also runs before canopy is linked, so a call across the
# layers through a hand-written declaration fails the build, not only the
# tests (it skips, exit 77, where there is no nm).
EXTRA_canopy_DEPENDENCIES = layer-symbols.stamp
CLEANFILES += layer-symbols.stamp layer-symbols.stamp.out
layer-symbols.stamp: $(noinst_LIBRARIES) $(srcdir)/tests/check-layer-symbols.sh
	$(AM_V_GEN)rc=0; CANOPY_NM='$(NM)' $(SHELL) \
	    $(srcdir)/tests/check-layer-symbols.sh . >$@.out || rc=$$?; \
	if test $$rc -ne 0 && test $$rc -ne 77; then \
	    cat $@.out >&2; rm -f $@.out; exit 1; fi; \
	mv $@.out $@
