# importers/: pure functions from a stream to a sink.

noinst_LIBRARIES += libcnimp.a
libcnimp_a_CPPFLAGS = $(IMP_CPPFLAGS)
# The registry and the shared layers (JSON, records, JSONL runner, links,
# text), then one group of files per format. Annotation bundles (canopy
# annotations import) are not a trace format, so not in the registry.
libcnimp_a_SOURCES = \
	importers/importers.h importers/importers.c importers/imp-formats.h \
	importers/imp-util.c \
	importers/imp-json.h importers/imp-json.c \
	importers/imp-jscan.h importers/imp-jscan.c \
	importers/imp-rec.h importers/imp-rec.c importers/imp-jsonl.c \
	importers/imp-links.h importers/imp-links.c \
	importers/imp-text.h importers/imp-text.c \
	importers/imp-canopy.h importers/imp-canopy.c \
	importers/imp-canopy-node.c importers/imp-canopy-nested.c \
	importers/imp-canopy-scan.c \
	importers/imp-prm800k.c importers/imp-prm800k-scored.c \
	importers/imp-processbench.c importers/imp-shepherd.c \
	importers/imp-agent.h importers/imp-agent.c \
	importers/imp-moatless.h importers/imp-moatless.c \
	importers/imp-moatless-doc.c importers/imp-moatless-legacy.c \
	importers/imp-reasoners.h importers/imp-reasoners.c \
	importers/imp-reasoners-snap.c \
	importers/imp-alphamath.c importers/imp-katago.c \
	importers/imp-omegaprm.c \
	importers/imp-rollout.h importers/imp-rollout.c \
	importers/imp-rollout-split.c \
	importers/imp-verl.c importers/imp-chat.c importers/imp-scores.c \
	importers/imp-bundle.h importers/imp-bundle.c

# Unit tests: fmemopen() streams and the recording sink (imp-test.h), the
# same importers into the real store (test-imp-a-store, test-imp-store,
# test-imp-rollout-store: counts and addresses), hostile and broken input
# (test-imp-caps: the caps, NUL in strings, overflow, not text),
# pretty-printed JSON through the JSONL runner (test-imp-pretty), and the
# core hash map (src/hmap.c) the importers use, whose test lives here
# because src/local.mk only lists it in the core library.
noinst_HEADERS += tests/unit/imp-test.h
UNIT_TESTS += tests/unit/test-imp-canopy tests/unit/test-imp-prm800k \
	tests/unit/test-imp-processbench tests/unit/test-imp-shepherd \
	tests/unit/test-imp-a-store \
	tests/unit/test-imp-katago tests/unit/test-imp-moatless \
	tests/unit/test-imp-agent \
	tests/unit/test-imp-alphamath tests/unit/test-imp-reasoners \
	tests/unit/test-imp-store \
	tests/unit/test-imp-rollout tests/unit/test-imp-scores \
	tests/unit/test-imp-rollout-store \
	tests/unit/test-hmap tests/unit/test-imp-caps \
	tests/unit/test-imp-omegaprm tests/unit/test-imp-pretty

# The real fixtures through `canopy import` into fresh databases, checked
# with `canopy stats --json` (the tree formats' tests use
# tests/cli/lib.sh).
IMP_A_SHTESTS = tests/import/prm800k.sh tests/import/prm800k-scored.sh \
	tests/import/processbench.sh tests/import/math-shepherd.sh \
	tests/import/moatless.sh tests/import/llm-reasoners.sh \
	tests/import/alphamath.sh tests/import/katago.sh \
	tests/import/rollout.sh
TESTS += $(IMP_A_SHTESTS)
EXTRA_DIST += $(IMP_A_SHTESTS) tests/import/lib-stats.sh

# The real files these tests read, and fixtures written from the tools'
# code where no real file was available; the OmegaPRM goldens
# (tests/local.mk distributes the older formats' folders).
EXTRA_DIST += tests/fixtures/real/prm800k tests/fixtures/real/processbench \
	tests/fixtures/shepherd \
	tests/fixtures/real/moatless/search_tree.claude-3-5-haiku.django-cache.json \
	tests/fixtures/real/moatless/search_tree.one_node.legacy_action_fields.json \
	tests/fixtures/real/moatless/legacy_transitions.django__django-16139.trajectory-correction.json \
	tests/fixtures/real/katago/basic.responses.jsonl \
	tests/fixtures/reasoners/mcts-rap-gsm8k.json \
	tests/fixtures/reasoners/beam-search.json \
	tests/fixtures/alphamath/mcts.jsonl \
	tests/fixtures/alphamath/step-beam.jsonl \
	tests/fixtures/verl/README tests/fixtures/verl/12.jsonl \
	tests/fixtures/chat/README tests/fixtures/chat/rollouts.jsonl \
	tests/fixtures/pretty \
	tests/import/omegaprm
