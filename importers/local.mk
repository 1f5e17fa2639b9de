# importers/: pure functions from a stream to a sink.

libcncore_a_SOURCES += \
	importers/importers.h \
	importers/imp-formats.h \
	importers/imp-json.h \
	importers/importers.c \
	importers/imp-util.c \
	importers/imp-json.c

# Tree importers: moatless, llm-reasoners, alphamath, katago.
libcncore_a_SOURCES += \
	importers/imp-links.h \
	importers/imp-links.c \
	importers/imp-text.h \
	importers/imp-text.c \
	importers/imp-moatless.c \
	importers/imp-reasoners.c \
	importers/imp-alphamath.c \
	importers/imp-katago.c
