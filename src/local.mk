# src/: the program entry, the model header and shared utilities.

noinst_LIBRARIES += libcncore.a
libcncore_a_CPPFLAGS = $(AM_CPPFLAGS) $(SQLITE_CFLAGS) $(CJSON_CFLAGS) $(UTF8PROC_CFLAGS)
libcncore_a_SOURCES = \
	src/canopy.h \
	src/util.c \
	src/sha256.c \
	src/pipe.h \
	src/pipe.c

canopy_SOURCES = \
	src/main.c
canopy_LDADD = $(CORE_LIBS)

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-pipe
TESTS += tests/unit/test-pipe
tests_unit_test_pipe_SOURCES = tests/unit/test-pipe.c $(RECORD_SINK)
tests_unit_test_pipe_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_pipe_LDADD = $(TEST_LIBS)
endif
