/*
 * cli-annotate.c - `canopy annotate`, `canopy prefer` and `canopy
 * annotations`: labels and preferences from scripts. Everything is
 * checked before the first write, so a bad argument writes nothing.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli-bundle.h"
#include "json-out.h"
#include "store-label.h"

/* --rating: -1, 0, 1 or +1 into the edit e. */
static int
take_rating(void *e, char *s)
{
	struct store_label_edit	*le = e;

	if (strcmp(s, "1") == 0 || strcmp(s, "+1") == 0)
		le->rating = 1;
	else if (strcmp(s, "0") == 0 || strcmp(s, "-0") == 0 ||
	    strcmp(s, "+0") == 0)
		le->rating = 0;
	else if (strcmp(s, "-1") == 0)
		le->rating = -1;
	else
		return -1;
	le->mask |= STORE_LABEL_RATING;
	return 0;
}

/* --tag: one more tag, into the comma-separated list b. */
static int
take_tag(void *b, char *s)
{
	struct cn_buf	*tags = b;

	if (*s == '\0' || strchr(s, ',') != NULL)
		return -1;
	if (tags->len > 0)
		buf_addc(tags, ',');
	buf_adds(tags, s);
	return 0;
}

/* Resolves address to *id, or reports it; CLI_OK or CLI_FAIL. */
static int
resolve(struct cli_ctx *x, const char *address, int64_t *id)
{
	int	r;

	if ((r = store_node_resolve(x->st, address, id, &x->cause)) == 1)
		return CLI_OK;
	if (r == 0)
		return cli_fail(x->name, "%s: no such node (addresses are"
		    " TRACE/NODE with '/' in an id written %%2F)", address);
	return cli_fail(x->name, "%s: %s", address, x->cause);
}

int
cmd_annotate(int argc, char **argv, const char *db)
{
	struct store_label_edit		 e;
	struct cli_ctx			 x;
	struct cn_buf			 tags;
	const char			*author = NULL;
	int64_t				 id;
	int				 first = 0, clear = 0;
	const struct cli_opt		 opts[] = {
		CLI_OPT_FN("rating", 0, &e, take_rating,
		    "--rating takes -1, 0 or 1"),
		CLI_OPT_FLAG("first-error", 0, &first),
		CLI_OPT_FN("tag", 0, &tags, take_tag,
		    "--tag takes one non-empty tag without a comma"),
		CLI_OPT_STR("note", 0, &e.note),
		CLI_OPT_STR("author", 0, &author),
		CLI_OPT_FLAG("clear", 0, &clear),
		CLI_OPT_END
	};

	memset(&e, 0, sizeof e);
	e.rating = CN_NORATING;
	buf_init(&tags);
	cli_ctx_init(&x, "annotate");
	if ((x.rc = cli_opts(x.cmd, argc, argv, opts, &db)) >= 0)
		goto out;
	x.rc = CLI_FAIL;
	if (tags.len > 0)
		e.mask |= STORE_LABEL_TAG_ADD;
	if (e.note != NULL)
		e.mask |= STORE_LABEL_NOTE;
	if (optind >= argc) {
		cli_usage_error(x.cmd, "no ADDRESS given");
		goto usage;
	}
	if (optind + 1 < argc) {
		cli_usage_error(x.cmd, "unexpected argument '%s'",
		    argv[optind + 1]);
		goto usage;
	}
	if (author != NULL && *author == '\0') {
		cli_usage_error(x.cmd, "--author takes a non-empty name");
		goto usage;
	}
	if (clear && (e.mask != 0 || first)) {
		cli_usage_error(x.cmd, "--clear removes the label: it does not"
		    " go with --rating, --first-error, --tag or --note");
		goto usage;
	}
	if (first && (e.mask & STORE_LABEL_RATING) && e.rating != -1) {
		cli_usage_error(x.cmd, "--first-error rates the step -1: it"
		    " conflicts with --rating %d", e.rating);
		goto usage;
	}
	if (!clear && !first && e.mask == 0) {
		cli_usage_error(x.cmd, "nothing to write: give --rating,"
		    " --first-error, --tag, --note or --clear");
		goto usage;
	}
	e.tags = tags.len > 0 ? tags.s : NULL;
	author = store_label_author(author);
	if (cli_ctx_open(&x, CLI_DB_UPDATE, db) != 0)
		goto out;
	if ((x.rc = resolve(&x, argv[optind], &id)) != CLI_OK)
		goto out;
	x.rc = CLI_FAIL;
	if (clear) {
		if (store_label_remove(x.st, id, author, NULL, &x.cause) != 0)
			goto fail;
	} else {
		if (first && store_label_first_error(x.st, id, author, NULL,
		    &x.cause) != 0)
			goto fail;
		if (first)
			e.mask &= ~STORE_LABEL_RATING;
		if (e.mask != 0 && store_label_edit(x.st, id, author, &e,
		    NULL, &x.cause) != 0)
			goto fail;
	}
	x.rc = CLI_OK;
	goto out;
fail:
	cli_fail("annotate", "%s: %s", argv[optind], x.cause);
	goto out;
usage:
	x.rc = CLI_USAGE;
out:
	buf_free(&tags);
	return cli_ctx_end(&x);
}

int
cmd_prefer(int argc, char **argv, const char *db)
{
	struct cli_ctx			 x;
	const char			*author = NULL, *note = NULL;
	int64_t				 chosen, rejected;
	int				 rc;
	const struct cli_opt		 opts[] = {
		CLI_OPT_STR("note", 0, &note),
		CLI_OPT_STR("author", 0, &author),
		CLI_OPT_END
	};

	cli_ctx_init(&x, "prefer");
	if ((rc = cli_opts(x.cmd, argc, argv, opts, &db)) >= 0)
		return rc;
	if (argc - optind != 2)
		return cli_usage_error(x.cmd, "give CHOSEN and REJECTED, two"
		    " addresses");
	if (author != NULL && *author == '\0')
		return cli_usage_error(x.cmd,
		    "--author takes a non-empty name");
	author = store_label_author(author);
	if (cli_ctx_open(&x, CLI_DB_UPDATE, db) != 0)
		return cli_ctx_end(&x);
	if ((x.rc = resolve(&x, argv[optind], &chosen)) != CLI_OK ||
	    (x.rc = resolve(&x, argv[optind + 1], &rejected)) != CLI_OK)
		return cli_ctx_end(&x);
	if (store_pref_add(x.st, chosen, rejected, author, note, NULL,
	    &x.cause) != 0)
		x.rc = cli_fail("prefer", "%s over %s: %s", argv[optind],
		    argv[optind + 1], x.cause);
	return cli_ctx_end(&x);
}

struct listing {
	int		 json;
	struct jw	 jw;
	struct cn_buf	 b;
};

/* Ends the line b of a label or preference with its note, and prints it. */
static int
list_line_end(struct cn_buf *b, const char *note)
{
	if (note != NULL) {
		buf_adds(b, " note=");
		cli_escape(b, note, 60, 0);
	}
	buf_addc(b, '\n');
	fwrite(b->s, 1, b->len, stdout);
	return 0;
}

static int
list_label(const char *address, const struct cn_annotation *a, void *arg)
{
	struct listing	*l = arg;
	struct cn_buf	*b = &l->b;

	if (l->json) {
		jw_annotation(&l->jw, stdout, "annotation", address, a, 1);
		return 0;
	}
	/* ADDRESS AUTHOR RATING [first-error] [tags=..] [note=..] */
	buf_reset(b);
	cli_escape(b, address, 4096, 1);
	buf_addc(b, ' ');
	cli_escape(b, a->author, 4096, 1);
	if (a->rating == CN_NORATING)
		buf_adds(b, " -");
	else
		buf_adds(b, a->rating > 0 ? " +1" : a->rating < 0 ? " -1" :
		    " 0");
	if (a->first_error)
		buf_adds(b, " first-error");
	if (a->tags != NULL) {
		buf_adds(b, " tags=");
		cli_escape(b, a->tags, 4096, 0);
	}
	return list_line_end(b, a->note);
}

static int
list_pref(const char *chosen, const char *rejected,
    const struct cn_preference *p, void *arg)
{
	struct listing	*l = arg;
	struct cn_buf	*b = &l->b;

	if (l->json) {
		jw_preference(&l->jw, stdout, chosen, rejected, p, 1);
		return 0;
	}
	buf_reset(b);
	cli_escape(b, chosen, 4096, 1);
	buf_adds(b, " > ");
	cli_escape(b, rejected, 4096, 1);
	buf_addc(b, ' ');
	cli_escape(b, p->author, 4096, 1);
	return list_line_end(b, p->note);
}

int
cmd_annotations(int argc, char **argv, const char *db)
{
	struct cli_ctx			 x;
	struct listing			 l;
	const char			*author = NULL;
	int				 rc;
	const struct cli_opt		 opts[] = {
		CLI_OPT_STR("author", 0, &author),
		CLI_OPT_FLAG("json", 0, &l.json),
		CLI_OPT_END
	};

	if (argc > 1 && strcmp(argv[1], "export") == 0)
		return cmd_annotations_export(argc - 1, argv + 1, db);
	if (argc > 1 && strcmp(argv[1], "import") == 0)
		return cmd_annotations_import(argc - 1, argv + 1, db);
	memset(&l, 0, sizeof l);
	cli_ctx_init(&x, "annotations");
	if ((rc = cli_opts_only(x.cmd, argc, argv, opts, &db)) >= 0)
		return rc;
	if (cli_ctx_open(&x, CLI_DB_READ, db) != 0)
		return cli_ctx_end(&x);
	jw_init(&l.jw);
	buf_init(&l.b);
	x.rc = CLI_OK;
	if (store_label_each(x.st, author, list_label, &l, &x.cause) != 0 ||
	    store_pref_each(x.st, author, list_pref, &l, &x.cause) != 0)
		cli_ctx_fail(&x, NULL);
	jw_free(&l.jw);
	buf_free(&l.b);
	return cli_ctx_end(&x);
}
