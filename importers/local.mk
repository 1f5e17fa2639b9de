# importers/: pure functions from a stream to a sink.

libcncore_a_SOURCES += \
	importers/importers.h \
	importers/imp-formats.h \
	importers/imp-json.h \
	importers/importers.c \
	importers/imp-util.c \
	importers/imp-json.c

libcncore_a_SOURCES += importers/imp-canopy.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-imp-canopy
TESTS += tests/unit/test-imp-canopy
tests_unit_test_imp_canopy_SOURCES = tests/unit/test-imp-canopy.c $(RECORD_SINK)
tests_unit_test_imp_canopy_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_imp_canopy_LDADD = $(TEST_LIBS)
endif
