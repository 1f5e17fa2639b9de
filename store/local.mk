# store/: the only owner of SQL.

libcncore_a_SOURCES += \
	store/store.h

# store-browse.c: the indexed reads the TUI browses with (tui-app).
libcncore_a_SOURCES += store/store-browse.c
