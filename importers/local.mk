# importers/: pure functions from a stream to a sink.

noinst_LIBRARIES += libcnimp.a
libcnimp_a_CPPFLAGS = $(IMP_CPPFLAGS)
libcnimp_a_SOURCES = \
	importers/importers.h \
	importers/imp-formats.h \
	importers/imp-json.h \
	importers/importers.c \
	importers/imp-util.c \
	importers/imp-json.c \
	importers/imp-jscan.h \
	importers/imp-jscan.c \
	importers/imp-rec.h \
	importers/imp-rec.c \
	importers/imp-jsonl.c \
	importers/imp-prm800k.c \
	importers/imp-processbench.c \
	importers/imp-shepherd.c

libcnimp_a_SOURCES += importers/imp-canopy.h importers/imp-canopy.c \
	importers/imp-canopy-scan.c

# Annotation bundles (canopy annotations import): not a trace format, so
# not in the registry.
libcnimp_a_SOURCES += importers/imp-bundle.h importers/imp-bundle.c

# Importer unit tests: fmemopen() streams and the recording sink.
noinst_HEADERS += tests/unit/imp-test.h
EXTRA_DIST += tests/fixtures/real/prm800k tests/fixtures/real/processbench \
	tests/fixtures/shepherd
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-imp-canopy
TESTS += tests/unit/test-imp-canopy
tests_unit_test_imp_canopy_SOURCES = tests/unit/test-imp-canopy.c $(RECORD_SINK)
tests_unit_test_imp_canopy_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_imp_canopy_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/unit/test-imp-prm800k tests/unit/test-imp-processbench \
	tests/unit/test-imp-shepherd
TESTS += tests/unit/test-imp-prm800k tests/unit/test-imp-processbench \
	tests/unit/test-imp-shepherd
tests_unit_test_imp_prm800k_SOURCES = tests/unit/test-imp-prm800k.c \
	$(RECORD_SINK)
tests_unit_test_imp_prm800k_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_imp_prm800k_LDADD = $(TEST_LIBS)
tests_unit_test_imp_processbench_SOURCES = \
	tests/unit/test-imp-processbench.c $(RECORD_SINK)
tests_unit_test_imp_processbench_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_imp_processbench_LDADD = $(TEST_LIBS)
tests_unit_test_imp_shepherd_SOURCES = tests/unit/test-imp-shepherd.c \
	$(RECORD_SINK)
tests_unit_test_imp_shepherd_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_imp_shepherd_LDADD = $(TEST_LIBS)
# The same importers into the real store (counts and addresses).
check_PROGRAMS += tests/unit/test-imp-a-store
TESTS += tests/unit/test-imp-a-store
tests_unit_test_imp_a_store_SOURCES = tests/unit/test-imp-a-store.c $(TMPDB)
tests_unit_test_imp_a_store_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_imp_a_store_LDADD = $(TEST_LIBS)
endif

# The real fixtures through `canopy import` into fresh databases, checked
# with `canopy stats --json`.
IMP_A_SHTESTS = tests/import/prm800k.sh tests/import/prm800k-scored.sh \
	tests/import/processbench.sh tests/import/math-shepherd.sh
TESTS += $(IMP_A_SHTESTS)
EXTRA_DIST += $(IMP_A_SHTESTS)

# Tree importers: moatless, llm-reasoners, alphamath, katago.
libcnimp_a_SOURCES += \
	importers/imp-links.h \
	importers/imp-links.c \
	importers/imp-text.h \
	importers/imp-text.c \
	importers/imp-moatless.h \
	importers/imp-moatless.c \
	importers/imp-moatless-legacy.c \
	importers/imp-reasoners.c \
	importers/imp-alphamath.c \
	importers/imp-katago.c \
	importers/imp-omegaprm.c

if HAVE_CMOCKA
IMP_TEST_CFLAGS = $(TEST_CFLAGS) -DTOP_SRCDIR='"$(abs_top_srcdir)"'
check_PROGRAMS += tests/unit/test-imp-katago
TESTS += tests/unit/test-imp-katago
tests_unit_test_imp_katago_SOURCES = tests/unit/test-imp-katago.c $(RECORD_SINK)
tests_unit_test_imp_katago_CFLAGS = $(IMP_TEST_CFLAGS)
tests_unit_test_imp_katago_LDADD = $(TEST_LIBS)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-imp-moatless
TESTS += tests/unit/test-imp-moatless
tests_unit_test_imp_moatless_SOURCES = tests/unit/test-imp-moatless.c \
	$(RECORD_SINK)
tests_unit_test_imp_moatless_CFLAGS = $(IMP_TEST_CFLAGS)
tests_unit_test_imp_moatless_LDADD = $(TEST_LIBS)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-imp-alphamath
TESTS += tests/unit/test-imp-alphamath
tests_unit_test_imp_alphamath_SOURCES = tests/unit/test-imp-alphamath.c \
	$(RECORD_SINK)
tests_unit_test_imp_alphamath_CFLAGS = $(IMP_TEST_CFLAGS)
tests_unit_test_imp_alphamath_LDADD = $(TEST_LIBS)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-imp-reasoners
TESTS += tests/unit/test-imp-reasoners
tests_unit_test_imp_reasoners_SOURCES = tests/unit/test-imp-reasoners.c \
	$(RECORD_SINK)
tests_unit_test_imp_reasoners_CFLAGS = $(IMP_TEST_CFLAGS)
tests_unit_test_imp_reasoners_LDADD = $(TEST_LIBS)
endif

# OmegaPRM goldens (tests/local.mk distributes the older formats' folders).
EXTRA_DIST += tests/import/omegaprm

# The real files these tests read, and fixtures written from the tools'
# code where no real file was available.
EXTRA_DIST += \
	tests/fixtures/real/moatless/search_tree.claude-3-5-haiku.django-cache.json \
	tests/fixtures/real/moatless/search_tree.one_node.legacy_action_fields.json \
	tests/fixtures/real/moatless/legacy_transitions.django__django-16139.trajectory-correction.json \
	tests/fixtures/real/katago/basic.responses.jsonl \
	tests/fixtures/reasoners/mcts-rap-gsm8k.json \
	tests/fixtures/reasoners/beam-search.json \
	tests/fixtures/alphamath/mcts.jsonl \
	tests/fixtures/alphamath/step-beam.jsonl

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-imp-store
TESTS += tests/unit/test-imp-store
tests_unit_test_imp_store_SOURCES = tests/unit/test-imp-store.c $(TMPDB)
tests_unit_test_imp_store_CFLAGS = $(IMP_TEST_CFLAGS)
tests_unit_test_imp_store_LDADD = $(TEST_LIBS)
endif

# Import tests through the CLI (they use tests/cli/lib.sh).
TESTS += \
	tests/import/moatless.sh \
	tests/import/llm-reasoners.sh \
	tests/import/alphamath.sh \
	tests/import/katago.sh
EXTRA_DIST += \
	tests/import/lib-stats.sh \
	tests/import/moatless.sh \
	tests/import/llm-reasoners.sh \
	tests/import/alphamath.sh \
	tests/import/katago.sh

# Rollout importers (verl, chat-jsonl) and score files.
libcnimp_a_SOURCES += \
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
tests_unit_test_imp_rollout_store_SOURCES = \
	tests/unit/test-imp-rollout-store.c $(TMPDB)
tests_unit_test_imp_rollout_store_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_imp_rollout_store_LDADD = $(TEST_LIBS)
endif
EXTRA_DIST += \
	tests/fixtures/verl/README tests/fixtures/verl/12.jsonl \
	tests/fixtures/chat/README tests/fixtures/chat/rollouts.jsonl
TESTS += tests/import/rollout.sh
EXTRA_DIST += tests/import/rollout.sh

# The core hash map (src/hmap.c) that the importers use; its test lives here
# because src/local.mk only lists it in the core library.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-hmap
TESTS += tests/unit/test-hmap
tests_unit_test_hmap_SOURCES = tests/unit/test-hmap.c
tests_unit_test_hmap_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_hmap_LDADD = $(TEST_LIBS)
endif

# Hostile and broken input: the caps, NUL in strings, overflow, not text.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-imp-caps
TESTS += tests/unit/test-imp-caps
tests_unit_test_imp_caps_SOURCES = tests/unit/test-imp-caps.c
tests_unit_test_imp_caps_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_imp_caps_LDADD = $(TEST_LIBS)
endif

# OpenR OmegaPRM (MATH-APS): both shapes, bad records, sniffing.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-imp-omegaprm
TESTS += tests/unit/test-imp-omegaprm
tests_unit_test_imp_omegaprm_SOURCES = tests/unit/test-imp-omegaprm.c \
	$(RECORD_SINK)
tests_unit_test_imp_omegaprm_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_imp_omegaprm_LDADD = $(TEST_LIBS)
endif

# Pretty-printed JSON through the JSONL runner (imp-jsonl.c).
EXTRA_DIST += tests/fixtures/pretty
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-imp-pretty
TESTS += tests/unit/test-imp-pretty
tests_unit_test_imp_pretty_SOURCES = tests/unit/test-imp-pretty.c \
	$(RECORD_SINK)
tests_unit_test_imp_pretty_CFLAGS = $(IMP_TEST_CFLAGS)
tests_unit_test_imp_pretty_LDADD = $(TEST_LIBS)
endif
