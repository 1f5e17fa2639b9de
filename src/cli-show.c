/*
 * cli-show.c - `canopy show`: a trace, or the subtree at an address, as an
 * indented tree or as one JSON object per node. Streams the store's
 * preorder walk: memory holds the trace's skeleton (ids, ~25 bytes a
 * node) and at most a bucket of spooled nodes, never the trace's text.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json-out.h"

/* Returned by the walk callback to end it once the subtree is printed. */
#define SHOW_DONE	2
/* Levels of indentation at most (2 columns each). */
#define SHOW_INDENT_MAX	30

static const char spaces[2 * SHOW_INDENT_MAX + 4 + 1] =
    "                                                                ";

struct show {
	struct store			*st;
	const struct cli_show_opts	*o;
	const char			*trace;	/* its ext id */
	int64_t				 start;	/* first node shown */
	int				 start_depth;
	int				 in;	/* inside the subtree */
	char				**anc;	/* addresses by depth */
	size_t				 nanc;
	char				**sig;	/* --signals names */
	size_t				 nsig;
	struct jw			 jw;
	struct cn_buf			 line;
	struct cn_buf			 out; /* in blocks */
};

/*
 * A million nodes are half a gigabyte: written a node at a time through
 * stdio's 4 KiB buffer, that is 130,000 write calls to a pipe.
 */
#define SHOW_BLOCK	(1 << 16)

static void
show_out(struct show *s, const char *p, size_t len, int flush)
{
	buf_add(&s->out, p, len);
	if (s->out.len >= SHOW_BLOCK || (flush && s->out.len > 0)) {
		fwrite(s->out.s, 1, s->out.len, stdout);
		buf_reset(&s->out);
	}
}

/* Is signal name selected by --signals? */
static int
show_wants(const struct show *s, const char *name)
{
	size_t	i;

	if (s->nsig == 0)
		return 1;
	for (i = 0; i < s->nsig; i++)
		if (strcmp(s->sig[i], name) == 0)
			return 1;
	return 0;
}

static int
show_annotation(const struct cn_annotation *a, void *arg)
{
	struct jw	*w = arg;
	const char	*p, *q;
	char		*tag;

	jw_obj_begin(w);
	jw_kstr(w, "author", a->author);
	jw_krating(w, "rating", a->rating);
	jw_kbool(w, "first_error", a->first_error);
	jw_key(w, "tags");
	jw_arr_begin(w);
	for (p = a->tags; p != NULL && *p != '\0'; p = *q != '\0' ? q + 1 : q) {
		if ((q = strchr(p, ',')) == NULL)
			q = p + strlen(p);
		tag = xstrndup(p, (size_t)(q - p));
		jw_str(w, tag);
		free(tag);
	}
	jw_arr_end(w);
	jw_kstr(w, "note", a->note);
	jw_obj_end(w);
	return 0;
}

static int
show_json(struct show *s, const struct cn_node *n, char **cause)
{
	struct jw	*w = &s->jw;
	size_t		 i;
	int		 k;

	jw_reset(w);
	jw_obj_begin(w);
	jw_kstr(w, "address", s->anc[n->depth]);
	jw_key(w, "parent");
	if (n->depth > 0 && s->anc[n->depth - 1] != NULL)
		jw_str(w, s->anc[n->depth - 1]);
	else
		jw_null(w);
	jw_kint(w, "depth", n->depth);
	jw_kstr(w, "role", n->role);
	jw_kstr(w, "text", n->text);
	jw_kstr(w, "observation", n->observation);
	jw_kbool(w, "terminal", n->terminal);
	jw_kbool(w, "chosen", n->chosen);
	jw_key(w, "signals");
	jw_obj_begin(w);
	for (k = 0; k < CN_SIG_COUNT; k++) {
		if (!cn_hasval(n->sig[k]) || !show_wants(s, cn_sig_names[k]))
			continue;
		jw_key(w, cn_sig_names[k]);
		jw_num(w, n->sig[k]);
	}
	for (i = 0; i < n->nmore; i++) {
		if (!show_wants(s, n->more[i].name))
			continue;
		jw_key(w, n->more[i].name);
		jw_num(w, n->more[i].value);
	}
	jw_obj_end(w);
	jw_key(w, "annotations");
	jw_arr_begin(w);
	if (n->annotation_count > 0 && store_annotations_each(s->st, n->id,
	    show_annotation, w, cause) != 0)
		return -1;
	jw_arr_end(w);
	jw_key(w, "extra");
	/*
	 * The store holds importer-written JSON objects: embed them, but
	 * re-escaped, since their strings may hold raw C1 or bidi controls.
	 */
	if (n->extra != NULL && n->extra[0] == '{')
		jw_json(w, n->extra);
	else
		jw_null(w);
	jw_obj_end(w);
	buf_addc(&w->b, '\n');
	show_out(s, w->b.s, w->b.len, 0);
	return 0;
}

static void
show_text(struct show *s, const struct cn_node *n)
{
	struct cn_buf	*b = &s->line, sigs;
	size_t		 i, used;
	long		 avail;
	int		 k, indent;

	buf_init(&sigs);
	for (k = 0; k < CN_SIG_COUNT; k++) {
		if (!cn_hasval(n->sig[k]) || !show_wants(s, cn_sig_names[k]))
			continue;
		buf_printf(&sigs, " %s=", cn_sig_names[k]);
		cli_value(&sigs, n->sig[k]);
	}
	for (i = 0; i < n->nmore; i++) {
		if (!show_wants(s, n->more[i].name))
			continue;
		buf_addc(&sigs, ' ');
		cli_escape(&sigs, n->more[i].name, 40, 1);
		buf_addc(&sigs, '=');
		cli_value(&sigs, n->more[i].value);
	}
	buf_reset(b);
	/* Past SHOW_INDENT_MAX levels the depth is written, not indented. */
	indent = n->depth - s->start_depth;
	if (indent > SHOW_INDENT_MAX)
		indent = SHOW_INDENT_MAX;
	buf_add(b, spaces, (size_t)(2 * indent));
	used = (size_t)(2 * indent);
	if (n->depth - s->start_depth > SHOW_INDENT_MAX) {
		k = (int)b->len;
		buf_printf(b, "(depth %d) ", n->depth - s->start_depth);
		used += b->len - (size_t)k;
	}
	used += cli_escape(b, n->ext_id, 40, 1);
	buf_adds(b, "  [");
	used += cli_escape(b, n->role != NULL ? n->role : "", 20, 1) + 3;
	buf_adds(b, "]");
	used += 1;
	if (n->text != NULL && *n->text != '\0') {
		avail = CLI_COLS - (long)used - 2 - (long)sigs.len;
		/* Many signals may push the line past CLI_COLS. */
		if (avail < 40)
			avail = 40;
		buf_adds(b, "  ");
		cli_escape(b, n->text, (size_t)avail, 1);
	}
	if (sigs.len > 0) {
		buf_addc(b, ' ');
		buf_add(b, sigs.s, sigs.len);
	}
	buf_addc(b, '\n');
	if (s->o->extra && n->extra != NULL) {
		buf_add(b, spaces, (size_t)(2 * indent + 4));
		buf_adds(b, "extra: ");
		cli_escape(b, n->extra, 0, 0);
		buf_addc(b, '\n');
	}
	show_out(s, b->s, b->len, 0);
	buf_free(&sigs);
}

/* The addresses of the nodes on the path to the current one, by depth. */
static void
show_remember(struct show *s, const struct cn_node *n)
{
	size_t	old;

	if ((size_t)n->depth >= s->nanc) {
		old = s->nanc;
		s->nanc = s->nanc == 0 ? 64 : s->nanc * 2;
		while (s->nanc <= (size_t)n->depth)
			s->nanc *= 2;
		s->anc = xreallocarray(s->anc, s->nanc, sizeof *s->anc);
		memset(s->anc + old, 0, (s->nanc - old) * sizeof *s->anc);
	}
	free(s->anc[n->depth]);
	s->anc[n->depth] = store_address_make(s->trace,
	    n->ext_id != NULL ? n->ext_id : "");
}

static int
show_node(const struct cn_node *n, void *arg)
{
	struct show	*s = arg;
	char		*cause = NULL;

	if (s->in && n->depth <= s->start_depth)
		return SHOW_DONE;
	if (s->o->json)
		show_remember(s, n);
	if (!s->in) {
		if (n->id != s->start)
			return 0;
		s->in = 1;
	}
	if (!s->o->json) {
		show_text(s, n);
		return 0;
	}
	if (show_json(s, n, &cause) != 0) {
		cli_fail_cause("show", cause, "read error");
		return -1;
	}
	return 0;
}

int
cli_show(struct store *st, const char *name, const struct cli_show_opts *o)
{
	struct show	 s;
	struct cn_trace	 t;
	struct cn_node	 n;
	const char	*p, *q;
	char		*cause = NULL;
	int64_t		 id;
	int		 r, rc = CLI_FAIL;
	size_t		 i;

	memset(&s, 0, sizeof s);
	memset(&t, 0, sizeof t);
	cn_node_init(&n);
	s.st = st;
	s.o = o;
	jw_init(&s.jw);
	buf_init(&s.line);
	buf_init(&s.out);
	r = store_trace_find(st, name, &t, &cause);
	if (r == 1) {
		s.start = t.root_id;
		s.start_depth = 0;
	} else if (r == 0 && strchr(name, '/') != NULL &&
	    (r = store_node_resolve(st, name, &id, &cause)) == 1) {
		if ((r = store_node_get(st, id, &n, &cause)) != 1 ||
		    (r = store_trace_get(st, n.trace_id, &t, &cause)) != 1)
			goto fail;
		s.start = id;
		s.start_depth = n.depth;
		s.trace = t.ext_id;
		if (n.parent_id != 0 && o->json) {
			/* Its parent's address is printed with it. */
			struct cn_node	pn;

			if ((r = store_node_get(st, n.parent_id, &pn,
			    &cause)) != 1)
				goto fail;
			show_remember(&s, &pn);
			cn_node_clear(&pn);
		}
	} else
		goto fail;
	s.trace = t.ext_id;
	for (p = o->signals; p != NULL && *p != '\0';
	    p = *q != '\0' ? q + 1 : q) {
		if ((q = strchr(p, ',')) == NULL)
			q = p + strlen(p);
		if (q == p)
			continue;
		s.sig = xreallocarray(s.sig, s.nsig + 1, sizeof *s.sig);
		s.sig[s.nsig++] = xstrndup(p, (size_t)(q - p));
	}
	/* Only the subtree is read, not the trace around it, in one read. */
	r = store_preorder_stream(st, s.start, o->depth, show_node, &s,
	    &cause);
	show_out(&s, "", 0, 1);
	if (r == -1 && cause != NULL)
		cli_fail("show", "%s", cause);
	rc = r == 0 || r == SHOW_DONE ? CLI_OK : CLI_FAIL;
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = cli_fail("show", "write error");
	goto out;
fail:
	if (r < 0)
		cli_fail("show", "%s", cause != NULL ? cause : "read error");
	else
		cli_fail("show", "no trace or node '%s' (see canopy traces)",
		    name);
out:
	for (i = 0; i < s.nanc; i++)
		free(s.anc[i]);
	free(s.anc);
	for (i = 0; i < s.nsig; i++)
		free(s.sig[i]);
	free(s.sig);
	jw_free(&s.jw);
	buf_free(&s.line);
	buf_free(&s.out);
	cn_trace_clear(&t);
	cn_node_clear(&n);
	free(cause);
	return rc;
}

int
cmd_show(int argc, char **argv, const char *db)
{
	struct cli_show_opts		 o;
	struct cli_ctx			 ctx;
	int				 rc;
	const struct cli_opt		 opts[] = {
		CLI_OPT_INT("depth", 0, &o.depth, 0, 1000000000,
		    "--depth needs a number >= 0"),
		CLI_OPT_STR("signals", 0, &o.signals),
		CLI_OPT_FLAG("json", 0, &o.json),
		CLI_OPT_FLAG("extra", 0, &o.extra),
		CLI_OPT_END
	};

	memset(&o, 0, sizeof o);
	o.depth = -1;
	cli_ctx_init(&ctx, "show");
	if ((rc = cli_opts(ctx.cmd, argc, argv, opts, &db)) >= 0)
		return rc;
	if (optind == argc)
		return cli_usage_error(ctx.cmd,
		    "which trace? (see canopy traces)");
	if (argc - optind > 1)
		return cli_usage_error(ctx.cmd, "one trace at a time");
	if (cli_ctx_open(&ctx, CLI_DB_READ, db) == 0)
		ctx.rc = cli_show(ctx.st, argv[optind], &o);
	return cli_ctx_end(&ctx);
}
