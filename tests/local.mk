# tests/: shared test helpers and the cross-layer checks. Each layer's own
# tests are declared in that layer's local.mk.

TESTS += tests/check-layers.sh
EXTRA_DIST += tests/check-layers.sh

# The importer test harness: the recording sink and its runner.
RECORD_SINK = tests/unit/record-sink.c tests/unit/record-sink.h \
	tests/unit/imp-test.h tests/unit/cn-test.h
