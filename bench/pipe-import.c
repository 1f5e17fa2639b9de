/*
 * pipe-import.c - the import of a canopy-jsonl file in-process, with the
 * parser -> writer pipeline (src/pipe.c) as `canopy import` runs it: the
 * real importer parses in this thread, the store's sink writes in the
 * pipe's thread. With -s (serial), the importer calls the store's sink
 * itself, in one thread, to show what the pipe buys. Timed from opening
 * the file to the return of store_import_end, into a fresh database; no
 * sha256 pass, no progress bar, no process start.
 *
 * Prints one line: pipe-import: nodes=N bytes=B seconds=S nodes_per_s=R
 * mb_per_s=M (MB = 10^6 bytes of the JSONL); "serial-import" with -s.
 * Then when the importer was done (parsed=), when the writer had applied
 * every record (calls=) and how long store_import_end took (end=): the
 * parser finishing with the writer says the writer set the pace.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "canopy.h"
#include "importers.h"
#include "pipe.h"
#include "store.h"

int
main(int argc, char **argv)
{
	const struct imp_format		*fmt;
	struct imp_sink			 sink, front;
	struct imp_opts			 opts;
	struct imp_report		 report;
	struct store_import_meta	 meta;
	struct store_import_counts	 counts;
	struct store			*st;
	struct pipe			*pp = NULL;
	struct stat			 sb;
	const char			*path, *dbpath;
	char				*cause = NULL, *pcause = NULL;
	FILE				*f;
	double				 t0, secs, t_parsed, t_calls;
	int				 rc, serial = 0;

	if (argc == 4 && strcmp(argv[1], "-s") == 0) {
		serial = 1;
		argc--;
		argv++;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: pipe-import [-s] file.jsonl new.db\n");
		return 2;
	}
	path = argv[1];
	dbpath = argv[2];
	if ((fmt = imp_format_find("canopy-jsonl")) == NULL) {
		fprintf(stderr, "pipe-import: no canopy-jsonl importer\n");
		return 1;
	}
	if (unlink(dbpath) != 0 && errno != ENOENT) {
		fprintf(stderr, "pipe-import: %s: %s\n", dbpath,
		    strerror(errno));
		return 1;
	}
	if (store_open(&st, dbpath, 0, &cause) != 0) {
		fprintf(stderr, "pipe-import: %s\n", cause);
		free(cause);
		return 1;
	}
	memset(&opts, 0, sizeof opts);
	memset(&report, 0, sizeof report);
	memset(&meta, 0, sizeof meta);
	meta.file = path;
	meta.format = fmt->name;
	meta.force = 1;

	t0 = cn_clock();
	if ((f = fopen(path, "r")) == NULL || fstat(fileno(f), &sb) != 0) {
		fprintf(stderr, "pipe-import: %s: %s\n", path,
		    strerror(errno));
		store_close(st);
		return 1;
	}
	if (store_import_begin(st, &meta, &sink, &cause) != 0) {
		fclose(f);
		goto fail;
	}
	if (serial)
		front = sink;
	else
		pp = pipe_start(&sink, 0, path, &front);
	rc = fmt->run(f, path, &opts, &front, &report, &cause);
	fclose(f);
	t_parsed = cn_clock();
	if (pp != NULL && pipe_finish(pp, &report, &pcause) != 0) {
		/* The writer's error comes first: the importer saw it stop. */
		free(cause);
		cause = pcause;
		rc = -1;
	}
	imp_report_free(&report);
	if (rc != 0) {
		store_import_end(st, 0, &counts, NULL);
		goto fail;
	}
	t_calls = cn_clock();
	if (store_import_end(st, 1, &counts, &cause) != 0)
		goto fail;
	secs = cn_clock() - t0;
	store_close(st);

	printf("%s: nodes=%lld bytes=%lld seconds=%.4f "
	    "nodes_per_s=%.0f mb_per_s=%.1f (parsed=%.4f calls=%.4f"
	    " end=%.4f)\n",
	    serial ? "serial-import" : "pipe-import", (long long)counts.nodes,
	    (long long)sb.st_size, secs, counts.nodes / secs,
	    sb.st_size / secs / 1e6, t_parsed - t0, t_calls - t0,
	    secs - (t_calls - t0));
	return 0;

fail:
	fprintf(stderr, "pipe-import: %s\n", cause != NULL ? cause : "failed");
	free(cause);
	store_close(st);
	return 1;
}
