# store/: the only owner of SQL.

libcncore_a_SOURCES += \
	store/store.h
libcncore_a_SOURCES += \
	store/store-int.h \
	store/store.c \
	store/store-schema.c \
	store/store-import.c \
	store/store-read.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-store
TESTS += tests/unit/test-store
tests_unit_test_store_SOURCES = tests/unit/test-store.c
tests_unit_test_store_CFLAGS = $(TEST_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_store_LDADD = $(TEST_LIBS)
endif

# store-browse.c: the indexed reads the TUI browses with (tui-app).
libcncore_a_SOURCES += store/store-browse.c
libcncore_a_SOURCES += store/store-live.h store/store-live.c
