# importers/: pure functions from a stream to a sink.

libcncore_a_SOURCES += \
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
	importers/imp-smap.h \
	importers/imp-smap.c \
	importers/imp-prm800k.c \
	importers/imp-processbench.c \
	importers/imp-shepherd.c
