/*
 * cli-bundle.c - sharing one author's labels between copies of the same
 * traces: `canopy annotations export` writes them as a bundle keyed by
 * node addresses, `canopy annotations import` merges one in (the rules
 * are in store-bundle.h, the format in docs/labels.md). The bundle is
 * read whole and checked before the first write, and merged in one
 * transaction, so a bad file or a missing address writes nothing.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli-bundle.h"
#include "imp-bundle.h"
#include "json-out.h"
#include "store-bundle.h"
#include "store-label.h"

/* Usage lines of the two subcommands (their own help). */
static const char export_usage[] =
    "usage: canopy annotations export [--db F] [--author A] [--trace T]"
    " [-o FILE]\n"
    "Write one author's labels and preferences as a bundle (JSONL keyed"
    " by node\naddresses; docs/labels.md).\n"
    "  --author A       whose labels (else $CANOPY_AUTHOR, else the login"
    " name)\n"
    "  --trace T        only the labels of trace T\n"
    "  -o, --output FILE  write there (else standard output)\n";
static const char import_usage[] =
    "usage: canopy annotations import [--db F] FILE [--author-as A]"
    " [--dry-run]\n"
    "                               [--skip-missing]\n"
    "Merge a bundle into this database: labels are added, missing fields"
    " filled in,\ntags united; a label that differs is a conflict, listed"
    " and kept as it is here.\n"
    "  --author-as A    write them as author A (else the bundle's author)\n"
    "  --dry-run        count what would change, write nothing\n"
    "  --skip-missing   import the rest when addresses are not here (else"
    "\n                   nothing is written)\n";

/* "canopy annotations CMD: WHAT 'ARG'" (arg may be NULL), then text. */
static int
usage(const char *cmd, const char *text, const char *what, const char *arg)
{
	struct cn_buf	b;

	buf_init(&b);
	if (arg != NULL)
		cli_escape(&b, arg, 80, 1);
	fprintf(stderr, "canopy annotations %s: %s%s%s%s\n%s", cmd, what,
	    arg != NULL ? " '" : "", arg != NULL ? b.s : "",
	    arg != NULL ? "'" : "", text);
	buf_free(&b);
	return CLI_USAGE;
}

/*
 * Parses the options of subcommand cmd by opts (cli_opts_scan) and reports
 * help and getopt errors by text. Returns -1 when all were taken, else
 * the exit code.
 */
static int
sub_opts(const char *cmd, const char *text, int argc, char **argv,
    const struct cli_opt *opts, const char **db)
{
	switch (cli_opts_scan(NULL, argc, argv, opts, db)) {
	case -1:
		return -1;
	case 'h':
		fputs(text, stdout);
		return CLI_OK;
	case ':':
		return usage(cmd, text, "a value is needed after",
		    argv[optind - 1]);
	default:
		return usage(cmd, text, "unknown option", argv[optind - 1]);
	}
}

/* Prints msg (untrusted bytes) escaped, after "canopy annotations cmd: ". */
static void
say(const char *cmd, const char *msg)
{
	struct cn_buf	b;

	buf_init(&b);
	cli_escape(&b, msg, 0, 0);
	fprintf(stderr, "canopy annotations %s: %s\n", cmd, b.s != NULL ?
	    b.s : "");
	buf_free(&b);
}

struct exporter {
	FILE		*out;
	struct jw	 jw;
	char		*prefix;	/* "TRACE/" escaped, or NULL */
	long		 labels;
	long		 prefs;
};

/* ext with '%' and '/' escaped as addresses write them, then '/'. */
static char *
trace_prefix(const char *ext)
{
	struct cn_buf	 b;
	char		*s;

	buf_init(&b);
	for (; *ext != '\0'; ext++) {
		if (*ext == '%')
			buf_adds(&b, "%25");
		else if (*ext == '/')
			buf_adds(&b, "%2F");
		else
			buf_addc(&b, *ext);
	}
	buf_addc(&b, '/');
	s = xstrdup(b.s);
	buf_free(&b);
	return s;
}

static int
in_trace(const struct exporter *x, const char *address)
{
	return x->prefix == NULL ||
	    strncmp(address, x->prefix, strlen(x->prefix)) == 0;
}

static int
export_label(const char *address, const struct cn_annotation *a, void *arg)
{
	struct exporter	*x = arg;

	if (!in_trace(x, address))
		return 0;
	x->labels++;
	return jw_annotation(&x->jw, x->out, "label", address, a, 0);
}

static int
export_pref(const char *chosen, const char *rejected,
    const struct cn_preference *p, void *arg)
{
	struct exporter	*x = arg;

	if (!in_trace(x, chosen))
		return 0;
	x->prefs++;
	return jw_preference(&x->jw, x->out, chosen, rejected, p, 0);
}

int
cmd_annotations_export(int argc, char **argv, const char *db)
{
	struct exporter			 x;
	struct cli_ctx			 ctx;
	struct cn_trace			 tr;
	const char			*author = NULL, *trace = NULL;
	const char			*output = NULL;
	int				 r, rc;
	const struct cli_opt		 opts[] = {
		CLI_OPT_STR("author", 0, &author),
		CLI_OPT_STR("trace", 0, &trace),
		CLI_OPT_STR("output", 'o', &output),
		CLI_OPT_END
	};

	memset(&x, 0, sizeof x);
	if ((rc = sub_opts("export", export_usage, argc, argv, opts,
	    &db)) >= 0)
		return rc;
	if (optind < argc)
		return usage("export", export_usage, "unexpected argument",
		    argv[optind]);
	if (author != NULL && *author == '\0')
		return usage("export", export_usage,
		    "--author takes a non-empty name", NULL);
	author = store_label_author(author);
	cli_ctx_init(&ctx, "annotations export");
	if (cli_ctx_open(&ctx, CLI_DB_READ, db) != 0)
		goto out;
	if (trace != NULL) {
		if ((r = store_trace_find(ctx.st, trace, &tr,
		    &ctx.cause)) != 1) {
			say("export", r == 0 ? "no such trace" : ctx.cause);
			goto out;
		}
		x.prefix = trace_prefix(tr.ext_id);
		cn_trace_clear(&tr);
	}
	if (cli_out_begin(&ctx.out, ctx.name, output) != CLI_OK)
		goto out;
	x.out = ctx.out.f;
	jw_init(&x.jw);
	jw_obj_begin(&x.jw);
	jw_kstr(&x.jw, "type", "canopy-annotations");
	jw_kint(&x.jw, "version", IMP_BUNDLE_VERSION);
	jw_kstr(&x.jw, "author", author);
	jw_kint(&x.jw, "created", cn_now());
	jw_obj_end(&x.jw);
	if (jw_emit(&x.jw, x.out) != 0 ||
	    store_label_each(ctx.st, author, export_label, &x,
	    &ctx.cause) != 0 ||
	    store_pref_each(ctx.st, author, export_pref, &x,
	    &ctx.cause) != 0 ||
	    fflush(x.out) != 0 || ferror(x.out)) {
		say("export", ctx.cause != NULL ? ctx.cause : "write failed");
		goto done;
	}
	if (cli_out_commit(&ctx.out) != CLI_OK)
		goto done;
	fprintf(stderr, "annotations export: %ld label%s, %ld preference%s\n",
	    x.labels, x.labels == 1 ? "" : "s", x.prefs,
	    x.prefs == 1 ? "" : "s");
	ctx.rc = CLI_OK;
done:
	jw_free(&x.jw);
out:
	free(x.prefix);
	return cli_ctx_end(&ctx);
}

/* The bundle read whole; pool owns the records' strings. */
struct bundle {
	char				**pool;
	size_t				 npool;
	const char			*author;
	struct store_bundle_label	*labels;
	size_t				 nlabels;
	struct store_bundle_pref	*prefs;
	size_t				 nprefs;
};

static void
bundle_free(struct bundle *b)
{
	xfree_strv(b->pool, b->npool);
	free(b->labels);
	free(b->prefs);
}

/* A copy of s (NULL stays NULL) that lives as long as b. */
static const char *
own(struct bundle *b, const char *s)
{
	if (s == NULL)
		return NULL;
	b->pool = xreallocarray(b->pool, b->npool + 1, sizeof *b->pool);
	return b->pool[b->npool++] = xstrdup(s);
}

static int
bundle_add(const struct imp_bundle_rec *r, void *arg)
{
	struct bundle			*b = arg;
	struct store_bundle_label	*l;
	struct store_bundle_pref	*p;

	switch (r->kind) {
	case IMP_BUNDLE_HEADER:
		b->author = own(b, r->author);
		break;
	case IMP_BUNDLE_LABEL:
		b->labels = xreallocarray(b->labels, b->nlabels + 1,
		    sizeof *b->labels);
		l = &b->labels[b->nlabels++];
		memset(l, 0, sizeof *l);
		l->line = r->line;
		l->address = own(b, r->address);
		l->rating = r->rating;
		l->first_error = r->first_error;
		l->tags = own(b, r->tags);
		l->note = own(b, r->note);
		l->created = r->created;
		l->updated = r->updated;
		break;
	case IMP_BUNDLE_PREF:
		b->prefs = xreallocarray(b->prefs, b->nprefs + 1,
		    sizeof *b->prefs);
		p = &b->prefs[b->nprefs++];
		memset(p, 0, sizeof *p);
		p->line = r->line;
		p->chosen = own(b, r->chosen);
		p->rejected = own(b, r->rejected);
		p->note = own(b, r->note);
		p->created = r->created;
		break;
	}
	return 0;
}

struct reporter {
	const char	*file;
};

static void
report_event(long line, const char *address, enum store_bundle_outcome o,
    const char *why, void *arg)
{
	struct reporter	*r = arg;
	char		*msg;

	if (o == STORE_BUNDLE_CONFLICT)
		msg = xasprintf("%s:%ld: %s: conflict, kept this copy's (%s)",
		    r->file, line, address, why != NULL ? why : "differs");
	else
		msg = xasprintf("%s:%ld: %s: %s", r->file, line, address,
		    why != NULL ? why : "not here");
	say("import", msg);
	free(msg);
}

/* "3 added, 1 updated, 2 unchanged, 1 conflict, 0 missing" */
static void
counts_line(struct cn_buf *b, const char *what, const long *n, int dry)
{
	buf_printf(b, "%s: %ld %s, %ld %s, %ld unchanged, %ld conflict%s,"
	    " %ld missing", what, n[STORE_BUNDLE_ADDED],
	    dry ? "to add" : "added", n[STORE_BUNDLE_UPDATED],
	    dry ? "to update" : "updated", n[STORE_BUNDLE_UNCHANGED],
	    n[STORE_BUNDLE_CONFLICT], n[STORE_BUNDLE_CONFLICT] == 1 ? "" :
	    "s", n[STORE_BUNDLE_MISSING]);
}

int
cmd_annotations_import(int argc, char **argv, const char *db)
{
	struct bundle			 b;
	struct reporter			 rep;
	struct store_bundle_counts	 n;
	struct cli_ctx			 ctx;
	struct cn_buf			 line;
	const char			*author = NULL, *file;
	FILE				*in;
	int				 r, dry = 0, skip = 0, flags, rc;
	const struct cli_opt		 opts[] = {
		CLI_OPT_STR("author-as", 0, &author),
		CLI_OPT_FLAG("dry-run", 0, &dry),
		CLI_OPT_FLAG("skip-missing", 0, &skip),
		CLI_OPT_END
	};

	memset(&b, 0, sizeof b);
	if ((rc = sub_opts("import", import_usage, argc, argv, opts,
	    &db)) >= 0)
		return rc;
	flags = (dry ? STORE_BUNDLE_DRY_RUN : 0) |
	    (skip ? STORE_BUNDLE_SKIP_MISSING : 0);
	if (argc - optind != 1)
		return usage("import", import_usage, "give one FILE", NULL);
	if (author != NULL && *author == '\0')
		return usage("import", import_usage,
		    "--author-as takes a non-empty name", NULL);
	file = argv[optind];
	if (strcmp(file, "-") == 0)
		in = stdin;
	else if ((in = fopen(file, "r")) == NULL)
		return cli_fail("annotations import", "%s: %s", file,
		    strerror(errno));
	cli_ctx_init(&ctx, "annotations import");
	r = imp_bundle_read(in, file, bundle_add, &b, &ctx.cause);
	if (in != stdin)
		fclose(in);
	if (r != 0) {
		say("import", ctx.cause);
		goto out;
	}
	if (author == NULL)
		author = b.author;
	if (cli_ctx_open(&ctx, CLI_DB_UPDATE, db) != 0)
		goto out;
	rep.file = file;
	r = store_bundle_import(ctx.st, author, b.labels, b.nlabels, b.prefs,
	    b.nprefs, flags, report_event, &rep, &n, &ctx.cause);
	if (r < 0) {
		say("import", ctx.cause);
		goto out;
	}
	buf_init(&line);
	cli_escape(&line, author, 0, 1);
	buf_adds(&line, (flags & STORE_BUNDLE_DRY_RUN) ? " (dry run): " :
	    ": ");
	counts_line(&line, "labels", n.label, flags & STORE_BUNDLE_DRY_RUN);
	buf_adds(&line, "; ");
	counts_line(&line, "preferences", n.pref,
	    flags & STORE_BUNDLE_DRY_RUN);
	printf("%s\n", line.s);
	buf_free(&line);
	if (r == 1) {
		say("import", "addresses are missing: nothing written"
		    " (--skip-missing imports the rest)");
		goto out;
	}
	ctx.rc = CLI_OK;
out:
	bundle_free(&b);
	return cli_ctx_end(&ctx);
}
