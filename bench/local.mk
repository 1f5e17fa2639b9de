# bench/: the benchmarks of docs/performance.md's budgets (`make bench`,
# results in BENCHMARKS.md). The programs are built with everything else so
# they cannot rot; only `make bench` runs them (it takes minutes). No timed
# assertion runs under `make check`: the smoke test only checks that the
# generator writes valid canopy-jsonl.

# The trace generator links nothing but libc.
noinst_PROGRAMS += bench/gen
bench_gen_SOURCES = bench/gen.c
bench_gen_LDADD =

# Raw limit 1: getline + cJSON per line (-c: with the importers' checks).
noinst_PROGRAMS += bench/parse-only
bench_parse_only_SOURCES = bench/parse-only.c
bench_parse_only_CFLAGS = $(AM_CFLAGS) $(CJSON_CFLAGS)
bench_parse_only_LDADD = $(CORE_LIBS)

# Raw limit 2: the importer's sink calls, captured in memory, then replayed
# into the store's import sink (timed from begin to end).
noinst_PROGRAMS += bench/insert-only
bench_insert_only_SOURCES = bench/insert-only.c
bench_insert_only_LDADD = $(CORE_LIBS)

# What the import takes with the parser -> writer pipeline (src/pipe.c).
noinst_PROGRAMS += bench/pipe-import
bench_pipe_import_SOURCES = bench/pipe-import.c
bench_pipe_import_LDADD = $(CORE_LIBS)

TESTS += tests/bench-smoke.sh
EXTRA_DIST += tests/bench-smoke.sh bench/run.sh bench/peer.py

# `make bench` keeps its data in bench/data/ of the build tree (generated
# once, reused; gitignored). BENCH_ARGS passes options to run.sh.
bench: all
	@CANOPY_SRCDIR='$(abs_top_srcdir)' CANOPY_BUILDDIR='$(abs_top_builddir)' \
	  CANOPY_BENCH_CFLAGS='$(CFLAGS) $(CN_CFLAGS)' \
	  PYTHON3='$(PYTHON3)' \
	  $(SHELL) '$(abs_top_srcdir)/bench/run.sh' $(BENCH_ARGS)
.PHONY: bench
EXTRA_DIST += bench/export-bench.sh

# Issue 13's budgets for derive, disagree and calibrate over a 1M-node
# trace (bench/analysis.sh; prints medians, writes no file).
EXTRA_DIST += bench/analysis.sh
bench-analysis: all
	@CANOPY_BUILDDIR='$(abs_top_builddir)' \
	  $(SHELL) '$(abs_top_srcdir)/bench/analysis.sh' $(BENCH_ARGS)
.PHONY: bench-analysis

# `make bench-rerun`: the rerun panel's keys and tokens with 4 streams
# arriving, and canopy score's requests in flight (issue 14), against
# tests/live/server.py.
bench-rerun: all
	@CANOPY_BUILDDIR='$(abs_top_builddir)' \
	  CANOPY_SRCDIR='$(abs_top_srcdir)' \
	  $(SHELL) '$(abs_top_srcdir)/bench/rerun.sh' $(BENCH_ARGS)
.PHONY: bench-rerun
EXTRA_DIST += bench/rerun.sh
# Issue 15's deep chain: a 100,000-step path browsed in the TUI (first
# screen, keys, RSS) and shown as JSON (bench/deep.sh; prints table rows,
# writes no file). BENCH_ARGS='--old BIN' interleaves an earlier build.
EXTRA_DIST += bench/deep.sh bench/show.sh
bench-deep: all
	@CANOPY_BUILDDIR='$(abs_top_builddir)' \
	  $(SHELL) '$(abs_top_srcdir)/bench/deep.sh' $(BENCH_ARGS)
.PHONY: bench-deep
# Issue 15's streaming out: show --json of the 1M-node bench trace.
bench-show: all
	@CANOPY_BUILDDIR='$(abs_top_builddir)' \
	  $(SHELL) '$(abs_top_srcdir)/bench/show.sh' $(BENCH_ARGS)
.PHONY: bench-show
# Issue 12's label budgets: a label key on a 1M-node trace, export of 100k
# labeled steps (bench/labels.sh; prints rows, writes no file).
EXTRA_DIST += bench/labels.sh
bench-labels: all
	@CANOPY_BUILDDIR='$(abs_top_builddir)' \
	  $(SHELL) '$(abs_top_srcdir)/bench/labels.sh' $(BENCH_ARGS)
.PHONY: bench-labels
# Issue 15's budgets for the traces list over a million traces
# (bench/traces.sh; prints BENCHMARKS.md rows, writes no file).
EXTRA_DIST += bench/traces.sh
bench-traces: all
	@CANOPY_BUILDDIR='$(abs_top_builddir)' \
	  $(SHELL) '$(abs_top_srcdir)/bench/traces.sh' $(BENCH_ARGS)
.PHONY: bench-traces
# Issue 15's browsable before indexed: time until a reader sees the 1M-node
# file's tree, and until its text index is done, with the Python peer and
# (BENCH_ARGS='--old BIN', default main's build if present) an old build.
EXTRA_DIST += bench/browsable.sh
bench-browsable: all
	@CANOPY_BUILDDIR='$(abs_top_builddir)' \
	  $(SHELL) '$(abs_top_srcdir)/bench/browsable.sh' $(BENCH_ARGS)
.PHONY: bench-browsable
