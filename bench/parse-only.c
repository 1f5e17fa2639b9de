/*
 * parse-only.c - raw limit 1 of `canopy import` on canopy-jsonl: read each
 * line with getline, parse it with cJSON, read the fields the importer
 * reads, free the tree. No SQLite. With -c, lines are parsed through
 * imp_json_parse (the importers' UTF-8 and finite-number checks) instead of
 * bare cJSON, to show what those checks cost.
 *
 * Prints one line: parse-only: nodes=N bytes=B seconds=S nodes_per_s=R
 * mb_per_s=M (MB = 10^6 bytes), timed from open to close of the file.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "canopy.h"
#include "imp-json.h"

/* What was read, summed so the compiler cannot drop the reads. */
struct tally {
	long long	 traces;
	long long	 nodes;
	long long	 textbytes;
	long long	 signals;
	double		 sigsum;
};

static const char *
str_field(const cJSON *o, const char *key)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Reads one record as the canopy-jsonl importer does. -1: not a record. */
static int
read_record(const cJSON *o, struct tally *t)
{
	const cJSON	*sigs, *s;
	const char	*type, *id, *trace, *parent, *text;

	if ((type = str_field(o, "type")) == NULL)
		return -1;
	if (strcmp(type, "trace") == 0) {
		id = str_field(o, "id");
		text = str_field(o, "problem");
		if (id == NULL)
			return -1;
		t->traces++;
		t->textbytes += text != NULL ? (long long)strlen(text) : 0;
		return 0;
	}
	if (strcmp(type, "node") != 0)
		return -1;
	trace = str_field(o, "trace");
	id = str_field(o, "id");
	parent = str_field(o, "parent");
	text = str_field(o, "text");
	if (trace == NULL || id == NULL)
		return -1;
	t->nodes++;
	t->textbytes += text != NULL ? (long long)strlen(text) : 0;
	t->textbytes += parent != NULL ? 1 : 0;
	sigs = cJSON_GetObjectItemCaseSensitive(o, "signals");
	cJSON_ArrayForEach(s, sigs) {
		if (!cJSON_IsNumber(s) || s->string == NULL)
			continue;
		t->signals++;
		t->sigsum += s->valuedouble;
	}
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: parse-only [-c] file.jsonl\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct tally	 t;
	FILE		*f;
	char		*line = NULL, *cause = NULL;
	size_t		 cap = 0;
	ssize_t		 len;
	long long	 bytes = 0, lineno = 0;
	double		 t0, secs;
	cJSON		*o;
	int		 ch, checks = 0;

	while ((ch = getopt(argc, argv, "c")) != -1) {
		switch (ch) {
		case 'c':
			checks = 1;
			break;
		default:
			usage();
		}
	}
	if (optind + 1 != argc)
		usage();
	memset(&t, 0, sizeof t);

	t0 = cn_clock();
	if ((f = fopen(argv[optind], "r")) == NULL) {
		fprintf(stderr, "parse-only: %s: %s\n", argv[optind],
		    strerror(errno));
		return 1;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		lineno++;
		bytes += len;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (checks)
			o = imp_json_parse(line, (size_t)len, argv[optind],
			    (long)lineno, &cause);
		else
			o = cJSON_ParseWithLength(line, (size_t)len);
		if (o == NULL || read_record(o, &t) != 0) {
			fprintf(stderr, "parse-only: %s:%lld: %s\n",
			    argv[optind], lineno,
			    cause != NULL ? cause : "not a canopy-jsonl record");
			return 1;
		}
		cJSON_Delete(o);
	}
	fclose(f);
	secs = cn_clock() - t0;
	free(line);

	printf("parse-only%s: nodes=%lld bytes=%lld seconds=%.4f "
	    "nodes_per_s=%.0f mb_per_s=%.1f (traces=%lld signals=%lld "
	    "text=%lld sum=%.1f)\n", checks ? "-checks" : "", t.nodes, bytes,
	    secs, t.nodes / secs, bytes / secs / 1e6, t.traces, t.signals,
	    t.textbytes, t.sigsum);
	return 0;
}
