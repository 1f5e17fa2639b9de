# analysis/: pure computations over the model; it sees the core only
# (ANALYSIS_CPPFLAGS in Makefile.am): arrays in, numbers out, and (an-report)
# the text tables of those numbers that the CLI and the TUI both show. One
# file per line, so branches that add files merge.
noinst_LIBRARIES += libcnanalysis.a
libcnanalysis_a_CPPFLAGS = $(ANALYSIS_CPPFLAGS)
libcnanalysis_a_SOURCES = \
	analysis/analysis.h \
	analysis/analysis.c \
	analysis/analysis-rank.c \
	analysis/analysis-calib.c \
	analysis/analysis-align.c \
	analysis/agreement.h \
	analysis/agreement.c \
	analysis/an-report.h \
	analysis/an-report.c

# The query layer (QUERY_CPPFLAGS): what the CLI's statistics commands and
# the TUI's comparison views compute from stored traces, written once. Its
# files live here, beside the math they call, but build apart: analysis/
# stays pure (query.h includes store.h, which analysis/'s path lacks).
noinst_LIBRARIES += libcnquery.a
libcnquery_a_CPPFLAGS = $(QUERY_CPPFLAGS)
libcnquery_a_SOURCES = \
	analysis/query.h \
	analysis/query-traces.c \
	analysis/query-diff.c \
	analysis/query-disagree.c \
	analysis/query-pairs.c

UNIT_TESTS += tests/unit/test-analysis
UNIT_TESTS += tests/unit/test-agreement
UNIT_TESTS += tests/unit/test-query
