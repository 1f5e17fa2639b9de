# analysis/: pure computations over the model; it sees the core only
# (ANALYSIS_CPPFLAGS in Makefile.am): arrays in, numbers out.
noinst_LIBRARIES += libcnanalysis.a
libcnanalysis_a_CPPFLAGS = $(ANALYSIS_CPPFLAGS)
libcnanalysis_a_SOURCES = \
	analysis/analysis.h \
	analysis/analysis.c \
	analysis/analysis-rank.c \
	analysis/analysis-calib.c \
	analysis/analysis-align.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-analysis
TESTS += tests/unit/test-analysis
tests_unit_test_analysis_SOURCES = tests/unit/test-analysis.c
tests_unit_test_analysis_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_analysis_LDADD = $(TEST_LIBS)
endif
