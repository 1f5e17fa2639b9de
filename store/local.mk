# store/: the only owner of SQL.

libcncore_a_SOURCES += \
	store/store.h
