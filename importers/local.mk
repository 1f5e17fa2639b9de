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
	importers/imp-prm800k-scored.c \
	importers/imp-processbench.c \
	importers/imp-shepherd.c

libcnimp_a_SOURCES += importers/imp-canopy.h importers/imp-canopy.c \
	importers/imp-canopy-nested.c importers/imp-canopy-scan.c

# Annotation bundles (canopy annotations import): not a trace format, so
# not in the registry.
libcnimp_a_SOURCES += importers/imp-bundle.h importers/imp-bundle.c

# Importer unit tests: fmemopen() streams and the recording sink.
noinst_HEADERS += tests/unit/imp-test.h
EXTRA_DIST += tests/fixtures/real/prm800k tests/fixtures/real/processbench \
	tests/fixtures/shepherd
UNIT_TESTS += tests/unit/test-imp-canopy tests/unit/test-imp-prm800k \
	tests/unit/test-imp-processbench tests/unit/test-imp-shepherd
# The same importers into the real store (counts and addresses).
UNIT_TESTS += tests/unit/test-imp-a-store

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
	importers/imp-agent.h \
	importers/imp-agent.c \
	importers/imp-moatless.h \
	importers/imp-moatless.c \
	importers/imp-moatless-legacy.c \
	importers/imp-reasoners.c \
	importers/imp-alphamath.c \
	importers/imp-katago.c \
	importers/imp-omegaprm.c

UNIT_TESTS += tests/unit/test-imp-katago tests/unit/test-imp-moatless \
	tests/unit/test-imp-agent \
	tests/unit/test-imp-alphamath tests/unit/test-imp-reasoners

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

UNIT_TESTS += tests/unit/test-imp-store

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

UNIT_TESTS += tests/unit/test-imp-rollout tests/unit/test-imp-scores \
	tests/unit/test-imp-rollout-store
EXTRA_DIST += \
	tests/fixtures/verl/README tests/fixtures/verl/12.jsonl \
	tests/fixtures/chat/README tests/fixtures/chat/rollouts.jsonl
TESTS += tests/import/rollout.sh
EXTRA_DIST += tests/import/rollout.sh

# The core hash map (src/hmap.c) that the importers use; its test lives here
# because src/local.mk only lists it in the core library.
UNIT_TESTS += tests/unit/test-hmap

# Hostile and broken input: the caps, NUL in strings, overflow, not text.
UNIT_TESTS += tests/unit/test-imp-caps

# OpenR OmegaPRM (MATH-APS): both shapes, bad records, sniffing.
UNIT_TESTS += tests/unit/test-imp-omegaprm

# Pretty-printed JSON through the JSONL runner (imp-jsonl.c).
EXTRA_DIST += tests/fixtures/pretty
UNIT_TESTS += tests/unit/test-imp-pretty
