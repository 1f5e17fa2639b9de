/*
 * golden.c - prints what an importer sends for one file as canonical JSON,
 * one object per sink call in call order, for the goldens in
 * tests/import/<format>/ (tests/import/golden.sh compares them).
 *
 *	golden [-ls] [-f N | -F N] FORMAT FILE
 *
 * -s imports with skip-bad. -f N makes the sink answer CN_BAD at its Nth
 * call (1-based), -F N CN_FATAL, as the unit tests' fail_at does. -l
 * prints the calls as the test sink logs them (record-sink.h: one line a
 * call, the form the unit tests assert) instead of as JSON, for goldens
 * moved out of unit tests that compared that log. Every field of every
 * record is printed, absent ones as null, keys sorted, numbers in their
 * shortest exact form, so any change in what an importer sends shows in a
 * diff. The import's outcome ends the output:
 * {"kind":"end","rc":..,"cause":..,"records":..,..}.
 * Messages name the file by its base name, so goldens do not depend on
 * where the tree is.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "importers.h"
#include "record-sink.h"

static void
golden_str(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	if (s == NULL) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *p != '\0'; p++) {
		switch (*p) {
		case '"': fputs("\\\"", stdout); break;
		case '\\': fputs("\\\\", stdout); break;
		case '\n': fputs("\\n", stdout); break;
		case '\r': fputs("\\r", stdout); break;
		case '\t': fputs("\\t", stdout); break;
		default:
			/* Control bytes escaped; UTF-8 passes as it is. */
			if (*p < 0x20 || *p == 0x7f)
				printf("\\u%04x", *p);
			else
				putchar(*p);
		}
	}
	putchar('"');
}

/* The shortest %g form that reads back as the same double. */
static void
golden_num(double v)
{
	char	b[40];
	int	p;

	/* Whole numbers as integers: %g would print 10 as 1e+01. */
	if (v == floor(v) && fabs(v) < 1e15) {
		printf("%.0f", v == 0 ? 0.0 : v);
		return;
	}
	for (p = 1; p <= 17; p++) {
		snprintf(b, sizeof b, "%.*g", p, v);
		if (strtod(b, NULL) == v)
			break;
	}
	fputs(b, stdout);
}

static void
golden_key(const char *key, int first)
{
	printf("%s\"%s\":", first ? "" : ",", key);
}

/* Prints each signal of n once, names sorted. */
static void
golden_signals(const struct cn_node *n)
{
	const char	*names[CN_SIG_COUNT + 64], *t;
	double		 vals[CN_SIG_COUNT + 64], tv;
	size_t		 k = 0, i, j;
	int		 s;

	for (s = 0; s < CN_SIG_COUNT; s++)
		if (cn_hasval(n->sig[s])) {
			names[k] = cn_sig_names[s];
			vals[k++] = n->sig[s];
		}
	for (i = 0; i < n->nmore && k < sizeof names / sizeof names[0]; i++) {
		names[k] = n->more[i].name;
		vals[k++] = n->more[i].value;
	}
	if (i < n->nmore)
		fatal("golden: node %s has too many signals", n->ext_id);
	for (i = 1; i < k; i++)
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			t = names[j]; names[j] = names[j - 1]; names[j - 1] = t;
			tv = vals[j]; vals[j] = vals[j - 1]; vals[j - 1] = tv;
		}
	putchar('{');
	for (i = 0; i < k; i++) {
		golden_key(names[i], i == 0);
		if (cn_hasval(vals[i]))
			golden_num(vals[i]);
		else
			fputs("null", stdout);
	}
	putchar('}');
}

static void
golden_node(const char *trace, const struct cn_node *n)
{
	golden_key("chosen", 1);
	fputs(n->chosen ? "true" : "false", stdout);
	golden_key("col", 0);
	printf("%d", n->src_col);
	golden_key("extra", 0);
	golden_str(n->extra);
	golden_key("id", 0);
	golden_str(n->ext_id);
	golden_key("kind", 0);
	golden_str("node");
	golden_key("line", 0);
	printf("%lld", (long long)n->src_line);
	golden_key("observation", 0);
	golden_str(n->observation);
	golden_key("origin", 0);
	golden_str(n->origin);
	golden_key("parent", 0);
	golden_str(n->parent_ext);
	golden_key("role", 0);
	golden_str(n->role);
	golden_key("signals", 0);
	golden_signals(n);
	golden_key("terminal", 0);
	fputs(n->terminal ? "true" : "false", stdout);
	golden_key("text", 0);
	golden_str(n->text);
	golden_key("trace", 0);
	golden_str(trace);
}

static void
golden_trace(const struct rs_record *r)
{
	golden_key("extra", 1);
	golden_str(record_sink_field(r, "extra"));
	golden_key("format", 0);
	golden_str(record_sink_field(r, "format"));
	golden_key("ground_truth", 0);
	golden_str(record_sink_field(r, "truth"));
	golden_key("id", 0);
	golden_str(r->id);
	golden_key("kind", 0);
	golden_str("trace");
	golden_key("problem", 0);
	golden_str(record_sink_field(r, "problem"));
}

static void
golden_annotation(const struct rs_record *r)
{
	const char	*rating = record_sink_field(r, "rating");
	size_t		 i;
	int		 first_error = 0;

	for (i = 0; i < r->nfields; i++)
		first_error |= strcmp(r->fields[i].key, "first_error") == 0;
	golden_key("author", 1);
	golden_str(record_sink_field(r, "author"));
	golden_key("first_error", 0);
	fputs(first_error ? "true" : "false", stdout);
	golden_key("kind", 0);
	golden_str("annotation");
	golden_key("node", 0);
	golden_str(r->id);
	golden_key("note", 0);
	golden_str(record_sink_field(r, "note"));
	golden_key("rating", 0);
	fputs(rating != NULL ? rating : "null", stdout);
	golden_key("tags", 0);
	golden_str(record_sink_field(r, "tags"));
	golden_key("trace", 0);
	golden_str(r->trace);
}

/* A score or score_path: its last field is name=value. */
static void
golden_score(const struct rs_record *r)
{
	const struct rs_field	*nv = &r->fields[r->nfields - 1];
	size_t			 i;
	int			 first = 1;

	golden_key("kind", 1);
	golden_str(r->kind);
	golden_key("name", 0);
	golden_str(nv->key);
	if (r->id != NULL) {
		golden_key("node", 0);
		golden_str(r->id);
	} else {
		golden_key("path", 0);
		putchar('[');
		for (i = 0; i + 1 < r->nfields; i++)
			if (strcmp(r->fields[i].key, "t") == 0) {
				printf("%s", first ? "" : ",");
				golden_str(r->fields[i].value);
				first = 0;
			}
		putchar(']');
	}
	golden_key("trace", 0);
	golden_str(r->trace);
	golden_key("value", 0);
	golden_num(r->value);
}

int
main(int argc, char **argv)
{
	const struct imp_format	*f;
	struct record_sink	 rs;
	struct imp_sink		 sink;
	struct imp_opts		 opts;
	struct imp_report	 rep;
	const struct rs_record	*r;
	const char		*base;
	char			*cause = NULL;
	FILE			*in;
	size_t			 i;
	int			 c, rc, as_log = 0, fail_at = 0;
	int			 fail_rc = CN_OK;

	memset(&opts, 0, sizeof opts);
	while ((c = getopt(argc, argv, "F:f:ls")) != -1)
		if (c == 's')
			opts.skip_bad = 1;
		else if (c == 'l')
			as_log = 1;
		else if (c == 'f' || c == 'F') {
			fail_at = atoi(optarg);
			fail_rc = c == 'f' ? CN_BAD : CN_FATAL;
		} else
			goto usage;
	if (argc - optind != 2 || fail_at < 0)
		goto usage;
	if ((f = imp_format_find(argv[optind])) == NULL) {
		fprintf(stderr, "golden: no format %s\n", argv[optind]);
		return 2;
	}
	if ((in = fopen(argv[optind + 1], "r")) == NULL) {
		fprintf(stderr, "golden: cannot open %s\n", argv[optind + 1]);
		return 2;
	}
	base = strrchr(argv[optind + 1], '/');
	base = base != NULL ? base + 1 : argv[optind + 1];
	memset(&rep, 0, sizeof rep);
	record_sink_init(&rs, &sink);
	rs.fail_at = fail_at;
	rs.fail_rc = fail_rc;
	rc = f->run(in, base, &opts, &sink, &rep, &cause);
	fclose(in);

	if (as_log)
		fputs(record_sink_log(&rs), stdout);
	for (i = 0; !as_log && i < rs.nrecs; i++) {
		r = &rs.recs[i];
		putchar('{');
		if (strcmp(r->kind, "node") == 0 && r->copy != (size_t)-1)
			golden_node(r->trace, &rs.nodes[r->copy].n);
		else if (strcmp(r->kind, "trace") == 0)
			golden_trace(r);
		else if (strcmp(r->kind, "annotation") == 0)
			golden_annotation(r);
		else
			golden_score(r);
		puts("}");
	}
	printf("{\"bad\":%ld,\"cause\":", rep.bad);
	golden_str(cause);
	fputs(",\"first_bad\":[", stdout);
	for (c = 0; c < rep.nfirst_bad; c++) {
		printf("%s", c > 0 ? "," : "");
		golden_str(rep.first_bad[c]);
	}
	printf("],\"kind\":\"end\",\"rc\":%d,\"records\":%ld}\n", rc,
	    rep.records);
	free(cause);
	imp_report_free(&rep);
	record_sink_free(&rs);
	return 0;

usage:
	fprintf(stderr, "usage: golden [-ls] [-f N | -F N] FORMAT FILE\n");
	return 2;
}
