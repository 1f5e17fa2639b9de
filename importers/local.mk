# importers/: pure functions from a stream to a sink.

libcncore_a_SOURCES += \
	importers/importers.h \
	importers/imp-formats.h \
	importers/imp-json.h \
	importers/importers.c \
	importers/imp-util.c \
	importers/imp-json.c
