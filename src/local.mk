# src/: the program entry, the model header and shared utilities.

noinst_LIBRARIES += libcncore.a
libcncore_a_CPPFLAGS = $(AM_CPPFLAGS) $(SQLITE_CFLAGS) $(CJSON_CFLAGS) $(UTF8PROC_CFLAGS)
libcncore_a_SOURCES = \
	src/canopy.h \
	src/util.c \
	src/sha256.c

canopy_SOURCES = \
	src/main.c
canopy_LDADD = $(CORE_LIBS)
