# analysis/: pure computations over the model; it sees the core only
# (ANALYSIS_CPPFLAGS in Makefile.am). It has no code yet. The first file
# brings its library:
#	noinst_LIBRARIES += libcnanalysis.a
#	libcnanalysis_a_CPPFLAGS = $(ANALYSIS_CPPFLAGS)
#	libcnanalysis_a_SOURCES = \
#		analysis/analysis.h \
#		analysis/analysis.c
# with libcnanalysis.a in canopy_LDADD and CORE_LIBS, before libcncore.a.
