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

# `make bench-NAME` runs one budget script, bench/NAME.sh (each prints
# BENCHMARKS.md rows and writes no file; BENCH_ARGS passes its options,
# '--old BIN' interleaving an earlier build where it has one). They share
# bench/lib.sh. `make bench` runs them all after its own rows.
#  analysis	issue 13: derive, disagree and calibrate over a 1M-node trace
#  rerun	issue 14: the rerun panel's keys and tokens with 4 streams
#		arriving, and canopy score's requests in flight, against
#		tests/live/server.py
#  deep		issue 15: a 100,000-step chain browsed in the TUI (first
#		screen, keys, RSS) and shown as JSON
#  show		issue 15: show --json of the 1M-node bench trace
#  labels	issue 12: a label key on a 1M-node trace, export of 100k
#		labeled steps
#  traces	issue 15: the traces list over a million traces
#  browsable	issue 15: time until a reader sees the 1M-node file's tree,
#		and until its text index is done, beside the Python peer
EXTRA_DIST += bench/lib.sh bench/analysis.sh bench/rerun.sh bench/deep.sh \
	bench/show.sh bench/labels.sh bench/traces.sh bench/browsable.sh
bench-analysis bench-rerun bench-deep bench-show bench-labels \
bench-traces bench-browsable: all
	@n='$@'; CANOPY_BUILDDIR='$(abs_top_builddir)' \
	  CANOPY_SRCDIR='$(abs_top_srcdir)' \
	  $(SHELL) "$(abs_top_srcdir)/bench/$${n#bench-}.sh" $(BENCH_ARGS)
.PHONY: bench-analysis bench-rerun bench-deep bench-show bench-labels \
	bench-traces bench-browsable
