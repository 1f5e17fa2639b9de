# tests/: shared test helpers and the cross-layer checks. Each layer's own
# tests are declared in that layer's local.mk.

TESTS += tests/check-layers.sh
EXTRA_DIST += tests/check-layers.sh

# The recording sink, for importer unit tests.
RECORD_SINK = tests/unit/record-sink.c tests/unit/record-sink.h tests/unit/cn-test.h
