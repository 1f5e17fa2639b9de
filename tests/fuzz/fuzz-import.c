/*
 * fuzz-import.c - arbitrary bytes through the sniffers, every importer and
 * the store's import sink: an untrusted trace file must end in a tree or
 * an error, never in a crash, a leak or undefined behaviour.
 *
 * An input is: one byte choosing the importer (modulo their number), one
 * byte of options (bit 0 --skip-bad, bit 1 write to a database instead of
 * a checking sink, bit 2 a step separator, bit 3 a --scores name), then
 * the file.
 *
 * Built two ways. With libFuzzer (configure --enable-fuzz CC=clang, then
 * `make fuzz`) it searches for such inputs. Without it, replay-main.c
 * runs the files named on its command line, which is how `make check`
 * keeps every input in tests/fuzz/corpus (the crashes found so far among
 * them) from crashing again.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "canopy.h"
#include "importers.h"
#include "store.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* ---- a sink that reads everything it is given ---- */

/*
 * Reading every string to its end lets the sanitizers see a pointer that
 * is dangling or unterminated; the sum keeps the reads from being dropped.
 */
static volatile size_t	touched;

static void
touch(const char *s)
{
	if (s != NULL)
		touched += strlen(s);
}

/* The n strings of s, any of them NULL: a record's fields as an array. */
static void
touch_all(const char *const *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		touch(s[i]);
}

static int
check_trace(void *arg, const struct cn_trace *t, char **cause)
{
	const char *const	 s[] = { t->ext_id, t->format, t->source,
	    t->problem, t->ground_truth, t->extra };

	(void)arg;
	(void)cause;
	touch_all(s, sizeof s / sizeof s[0]);
	return CN_OK;
}

static int
check_node(void *arg, const struct cn_node *n, char **cause)
{
	const char *const	 s[] = { n->ext_id, n->parent_ext, n->role,
	    n->text, n->observation, n->origin, n->extra };
	size_t			 i;

	(void)arg;
	(void)cause;
	touch_all(s, sizeof s / sizeof s[0]);
	for (i = 0; i < n->nmore; i++)
		touch(n->more[i].name);
	return CN_OK;
}

static int
check_annotation(void *arg, const struct cn_annotation *a, char **cause)
{
	const char *const	 s[] = { a->node_ext, a->author, a->tags,
	    a->note };

	(void)arg;
	(void)cause;
	touch_all(s, sizeof s / sizeof s[0]);
	return CN_OK;
}

static int
check_score(void *arg, const char *node, const char *name, double v,
    char **cause)
{
	(void)arg;
	(void)v;
	(void)cause;
	touch(node);
	touch(name);
	return CN_OK;
}

static int
check_score_path(void *arg, const char *const *texts, size_t n,
    const char *name, double v, char **cause)
{
	(void)arg;
	(void)v;
	(void)cause;
	touch_all(texts, n);
	touch(name);
	return CN_OK;
}

/* ---- the database, made once and made again as it grows ---- */

#define FUZZ_DB_RUNS	256	/* imports into one database file */

static struct store	*db;
static char		 db_path[64];
static int		 db_runs;

static void
db_drop(void)
{
	static const char *const	 suffixes[] = { "", "-wal", "-shm",
	    "-journal" };
	char				 p[80];
	size_t				 i;

	if (db == NULL)
		return;
	store_close(db);
	db = NULL;
	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(p, sizeof p, "%s%s", db_path, suffixes[i]);
		unlink(p);
	}
}

static struct store *
db_get(void)
{
	char	*cause = NULL;
	int	 fd;

	if (db != NULL && db_runs++ < FUZZ_DB_RUNS)
		return db;
	db_drop();
	db_runs = 0;
	snprintf(db_path, sizeof db_path, "/tmp/canopy-fuzz-XXXXXX");
	if ((fd = mkstemp(db_path)) < 0)
		fatal("mkstemp");
	close(fd);
	unlink(db_path);
	if (store_open(&db, db_path, 0, &cause) != 0)
		fatalx("%s: %s", db_path, cause);
	atexit(db_drop);
	return db;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static size_t			 nformats;
	const struct imp_format		*fmt;
	struct imp_sink			 sink;
	struct imp_opts			 opts;
	struct imp_report		 rep;
	struct store_import_meta	 meta;
	struct store			*st = NULL;
	char				*cause = NULL, *why = NULL;
	char				*copy;
	FILE				*f;
	int				 rc, flags;

	if (nformats == 0)
		while (imp_formats[nformats].name != NULL)
			nformats++;
	if (size < 2)
		return 0;
	fmt = &imp_formats[data[0] % nformats];
	flags = data[1];
	data += 2;
	size -= 2;

	if (imp_sniff((const char *)data, size, &why) == NULL)
		free(why);
	why = NULL;
	if (fmt->sniff((const char *)data, size, &why) == 0)
		free(why);

	memset(&opts, 0, sizeof opts);
	opts.skip_bad = flags & 1;
	opts.step_sep = flags & 4 ? "\\n" : NULL;
	opts.score_name = flags & 8 ? "fuzz" : NULL;
	memset(&rep, 0, sizeof rep);
	/* A copy of exactly the input (fmemopen wants at least a byte). */
	copy = xmalloc(size > 0 ? size : 1);
	if (size > 0)
		memcpy(copy, data, size);
	if ((f = fmemopen(copy, size > 0 ? size : 1, "r")) == NULL)
		fatal("fmemopen");
	if (flags & 2) {
		st = db_get();
		memset(&meta, 0, sizeof meta);
		meta.file = "fuzz";
		meta.format = fmt->name;
		if (store_import_begin(st, &meta, &sink, &cause) != 0)
			fatalx("store_import_begin: %s", cause);
	} else {
		sink = (struct imp_sink){ check_trace, check_node,
		    check_annotation, check_score, check_score_path, NULL };
	}
	rc = fmt->run(f, "fuzz", &opts, &sink, &rep, &cause);
	fclose(f);
	free(copy);
	if (rc != 0 && cause == NULL)
		fatalx("%s: failed without saying why", fmt->name);
	free(cause);
	cause = NULL;
	if (st != NULL) {
		/* A finalization error (cycles, lost parents) is an answer. */
		store_import_end(st, rc == 0, NULL, &cause);
		free(cause);
	}
	imp_report_free(&rep);
	return 0;
}
