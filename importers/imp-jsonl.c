/*
 * imp-jsonl.c - the one runner of the JSON-lines importers (imp_rec_jsonl,
 * see imp-rec.h): one record per line, or the same records pretty-printed.
 *
 * JSONL examples are also published pretty-printed: one object over many
 * lines, objects one after another, or a top-level array of them. The
 * first record decides how the file is read:
 *  - it starts with '[' followed by '{' or the end of the line: a
 *    top-level array, whose elements are the records;
 *  - it starts with '{' and does not end on its line, outside a string,
 *    and the next line does not start another object: JSON values one
 *    after another, each a record, wherever its lines break;
 *  - anything else: one record per line, as JSONL has it, so that a line
 *    cut short is one bad record and the next line the next record.
 * Records carry their line and column (struct imp_jrec), so messages
 * point into the file whichever way it is read. In the pretty-printed
 * modes a break in the structure (an array element not followed by ','
 * or ']', text after the array, a record longer than IMP_MAX_RECORD)
 * stops the import even with skip-bad: where the next record starts
 * is no longer known.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "imp-rec.h"

enum jl_mode { JL_START, JL_LINES, JL_VALUES, JL_ARRAY };

struct jl {
	struct imp_lines	 l;
	const char		*name;
	enum jl_mode		 mode;
	/*
	 * Pretty modes: the text read, b.s[start, b.len) not yet used;
	 * b.s[start] is on line `line`, `col` bytes into it. Lines mode
	 * after a look ahead: the lines held, handed out first.
	 */
	struct cn_buf		 b;
	size_t			 start;
	long			 line, col;
	long			 held;		/* lines mode: lines in b */
	int			 eof;
	int			 partial;	/* the last line had no '\n' */
	int			 need;		/* array: 0 first, 1 after an
						   element, 2 after ',' */
	int			 closed;	/* array: ']' seen */
};

/* Reads one line; blanks a byte order mark on line 1 (columns stay). */
static int
jl_read(struct jl *j)
{
	int	rc;

	if ((rc = imp_lines_next(&j->l)) != 1)
		return rc;
	if (j->l.lineno == 1 && j->l.len >= 3 &&
	    memcmp(j->l.line, "\xef\xbb\xbf", 3) == 0)
		memset(j->l.line, ' ', 3);
	return 1;
}

/* Whether s[0, n) is only blanks. */
static int
jl_blank(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strchr(" \t\r", s[i]) == NULL || s[i] == '\0')
			return 0;
	return 1;
}

/* Appends the next line to b: 1, 0 at the end, -1 on a read error. */
static int
jl_fill(struct jl *j, char **msg)
{
	int	rc;

	if (j->eof)
		return 0;
	if ((rc = jl_read(j)) <= 0) {
		j->eof = 1;
		return rc;
	}
	if (j->l.over) {
		*msg = xasprintf("%s:%ld:1: line longer than %zu bytes (the "
		    "limit for one record)", j->name, j->l.lineno, j->l.max);
		return -2;
	}
	buf_add(&j->b, j->l.line, j->l.len);
	j->partial = j->l.partial;
	if (!j->l.partial)
		buf_addc(&j->b, '\n');
	return 1;
}

/* Moves the position of b.s[start] to offset to. */
static void
jl_advance(struct jl *j, size_t to)
{
	const char	*p, *e = j->b.s + to, *nl;

	for (p = j->b.s + j->start; (nl = memchr(p, '\n',
	    (size_t)(e - p))) != NULL; p = nl + 1) {
		j->line++;
		j->col = 0;
	}
	j->col += e - p;
	j->start = to;
}

/*
 * Skips blanks from start, reading lines as needed. Returns 1 on a byte,
 * 0 at the end of the input, < 0 on an error.
 */
static int
jl_skip_ws(struct jl *j, char **msg)
{
	size_t	p;
	int	rc;

	for (;;) {
		for (p = j->start; p < j->b.len &&
		    (unsigned char)j->b.s[p] <= 0x20; p++)
			;
		jl_advance(j, p);
		if (p < j->b.len)
			return 1;
		if ((rc = jl_fill(j, msg)) <= 0)
			return rc;
	}
}

/*
 * Finds the end of the value at start, reading lines as needed: 0 with
 * *end past it; 1 when the input ends inside it (*end = b.len); < 0 on
 * an error (a record too long: *msg).
 */
static int
jl_value_end(struct jl *j, size_t *end, char **msg)
{
	size_t	p = j->start;
	long	depth = 0;
	int	instr = 0, esc = 0, rc;
	char	c;

	c = j->b.s[p];
	if (c != '{' && c != '[' && c != '"') {
		/* A scalar ends on its line; the parser judges it. */
		while (p < j->b.len && strchr(" \t\r\n,]}", j->b.s[p]) == NULL)
			p++;
		/* A stray ',' or bracket is a record of its own (bad). */
		*end = p > j->start ? p : p + 1;
		return 0;
	}
	for (;;) {
		for (; p < j->b.len; p++) {
			c = j->b.s[p];
			if (instr) {
				if (esc)
					esc = 0;
				else if (c == '\\')
					esc = 1;
				else if (c == '"') {
					instr = 0;
					if (depth == 0) {
						*end = p + 1;
						return 0;
					}
				}
			} else if (c == '"')
				instr = 1;
			else if (c == '{' || c == '[')
				depth++;
			else if ((c == '}' || c == ']') && --depth == 0) {
				*end = p + 1;
				return 0;
			}
		}
		if (p - j->start > IMP_MAX_RECORD) {
			jl_advance(j, j->start);
			*msg = xasprintf("%s:%ld:%ld: record longer than %zu "
			    "bytes (the limit for one record)", j->name,
			    j->line, j->col + 1, (size_t)IMP_MAX_RECORD);
			return -2;
		}
		if ((rc = jl_fill(j, msg)) < 0)
			return rc;
		if (rc == 0) {
			*end = j->b.len;
			return 1;
		}
	}
}

/*
 * Decides the mode from the first non-blank line (read into b, with the
 * line after it when that is needed to tell).
 */
static int
jl_start(struct jl *j, char **msg)
{
	const char	*s;
	size_t		 n, p = 0, i;
	long		 depth = 0;
	int		 rc, instr = 0, esc = 0;

	do {
		if ((rc = jl_read(j)) <= 0)
			return rc;
	} while (!j->l.over && jl_blank(j->l.line, j->l.len));
	j->line = j->l.lineno;
	buf_add(&j->b, j->l.line, j->l.len);
	j->partial = j->l.partial;
	if (!j->l.partial)
		buf_addc(&j->b, '\n');
	j->held = 1;
	j->mode = JL_LINES;
	if (j->l.over)
		return 1;
	s = j->l.line;
	n = j->l.len;
	while (p < n && strchr(" \t\r", s[p]) != NULL)
		p++;
	if (s[p] == '[') {
		for (i = p + 1; i < n && strchr(" \t\r", s[i]) != NULL; i++)
			;
		if (i == n || s[i] == '{')
			j->mode = JL_ARRAY;
	} else if (s[p] == '{') {
		for (i = p; i < n; i++) {
			if (instr) {
				if (esc)
					esc = 0;
				else if (s[i] == '\\')
					esc = 1;
				else if (s[i] == '"')
					instr = 0;
			} else if (s[i] == '"')
				instr = 1;
			else if (s[i] == '{' || s[i] == '[')
				depth++;
			else if ((s[i] == '}' || s[i] == ']') && --depth == 0)
				break;
		}
		if (i == n && !instr && !j->l.partial) {
			/* Cut short, or pretty-printed: the next line tells. */
			do {
				if ((rc = jl_read(j)) < 0)
					return rc;
			} while (rc == 1 && !j->l.over &&
			    jl_blank(j->l.line, j->l.len));
			if (rc == 0) {
				j->eof = 1;
				j->mode = JL_VALUES;
			} else {
				for (i = 0; i < j->l.len &&
				    strchr(" \t\r", j->l.line[i]) != NULL; i++)
					;
				if (j->l.over || (i < j->l.len &&
				    j->l.line[i] == '{')) {
					/* JSONL: hand out the line held. */
					j->held = 2;
					return 1;
				}
				j->mode = JL_VALUES;
				buf_add(&j->b, j->l.line, j->l.len);
				j->partial = j->l.partial;
				if (!j->l.partial)
					buf_addc(&j->b, '\n');
			}
		}
	}
	if (j->mode == JL_LINES)
		return 1;
	j->held = 0;
	j->start = 0;
	j->col = 0;
	if (j->mode == JL_ARRAY) {
		jl_advance(j, p + 1);
		j->need = 0;
	}
	(void)msg;
	return 1;
}

/* The next record of a pretty mode: 1 (in jr), 0 at the end, < 0. */
static int
jl_next_value(struct jl *j, struct imp_jrec *jr, char **msg)
{
	size_t	end;
	int	rc;
	char	c;

	/* The records handed out are done with: drop their text. */
	if (j->start > 65536 && j->start > j->b.len / 2) {
		memmove(j->b.s, j->b.s + j->start, j->b.len - j->start);
		j->b.len -= j->start;
		j->b.s[j->b.len] = '\0';
		j->start = 0;
	}
	for (;;) {
		if ((rc = jl_skip_ws(j, msg)) < 0)
			return rc;
		if (j->mode == JL_VALUES) {
			if (rc == 0)
				return 0;
			break;
		}
		if (j->closed) {
			if (rc == 0)
				return 0;
			*msg = xasprintf("%s:%ld:%ld: text after the top-level "
			    "array", j->name, j->line, j->col + 1);
			return -2;
		}
		if (rc == 0) {
			*msg = xasprintf("%s:%ld:%ld: truncated JSON (the "
			    "top-level array is not closed)", j->name,
			    j->line, j->col + 1);
			return -2;
		}
		c = j->b.s[j->start];
		if (c == ']' && j->need != 2) {
			j->closed = 1;
			jl_advance(j, j->start + 1);
			continue;
		}
		if (j->need == 1) {
			if (c != ',') {
				*msg = xasprintf("%s:%ld:%ld: expected ',' or "
				    "']' after an element of the top-level "
				    "array", j->name, j->line, j->col + 1);
				return -2;
			}
			j->need = 2;
			jl_advance(j, j->start + 1);
			continue;
		}
		if (c == ',' || c == ']') {
			*msg = xasprintf("%s:%ld:%ld: expected a record "
			    "(an element of the top-level array)", j->name,
			    j->line, j->col + 1);
			return -2;
		}
		j->need = 1;
		break;
	}
	if ((rc = jl_value_end(j, &end, msg)) < 0)
		return rc;
	memset(jr, 0, sizeof *jr);
	jr->name = j->name;
	jr->doc = j->b.s + j->start;
	jr->len = end - j->start;
	/* Cut off at the end: the message points after the last byte. */
	while (rc == 1 && jr->len > 0 &&
	    (unsigned char)jr->doc[jr->len - 1] <= 0x20)
		jr->len--;
	jr->partial = rc == 1 && j->partial;
	jr->line0 = j->line;
	jr->col0 = j->col;
	jl_advance(j, end);
	return 1;
}

/* The next line of lines mode: 1 (in jr, *over), 0 at the end, < 0. */
static int
jl_next_line(struct jl *j, struct imp_jrec *jr, int *over)
{
	const char	*nl;
	int		 rc;

	memset(jr, 0, sizeof *jr);
	jr->name = j->name;
	*over = 0;
	if (j->held > 0) {
		/* The first line, kept while the mode was decided. */
		nl = memchr(j->b.s, '\n', j->b.len);
		jr->doc = j->b.s;
		jr->len = nl != NULL ? (size_t)(nl - j->b.s) : j->b.len;
		jr->line0 = j->line;
		jr->partial = nl == NULL;
		*over = j->l.over && j->held == 1;
		j->b.s[jr->len] = '\0';
		/* The line read ahead, if any, is still in j->l. */
		j->held = j->held == 2 ? -1 : 0;
		return 1;
	}
	if (j->held < 0)
		j->held = 0;
	else {
		do {
			if ((rc = jl_read(j)) <= 0)
				return rc;
		} while (!j->l.over && jl_blank(j->l.line, j->l.len));
	}
	jr->doc = j->l.line;
	jr->len = j->l.len;
	jr->line0 = j->l.lineno;
	jr->partial = j->l.partial;
	*over = j->l.over;
	return 1;
}

int
imp_rec_jsonl_flags(FILE *in, const char *name, int flags,
    const struct imp_opts *o, struct imp_report *r, imp_rec_fn fn,
    void *arg, char **cause)
{
	struct jl	 j;
	struct imp_jrec	 jr;
	cJSON		*v;
	char		*msg, save;
	int		 rc, over = 0, ret = -1;

	if (cause != NULL)
		*cause = NULL;
	memset(&j, 0, sizeof j);
	imp_lines_init(&j.l, in);
	/* Messages name the file's lines, not the stream's. */
	if (o != NULL && o->first_line > 1)
		j.l.lineno = o->first_line - 1;
	j.name = name;
	buf_init(&j.b);
	msg = NULL;
	if ((rc = jl_start(&j, &msg)) <= 0)
		goto end;
	for (;;) {
		msg = NULL;
		if (j.mode == JL_LINES)
			rc = jl_next_line(&j, &jr, &over);
		else
			rc = jl_next_value(&j, &jr, &msg);
		if (rc <= 0)
			break;
		r->records++;
		v = NULL;
		/* Records end in a NUL while they are read; lines do. */
		save = jr.doc[jr.len];
		((char *)(uintptr_t)jr.doc)[jr.len] = '\0';
		if (over) {
			msg = xasprintf("%s:%ld:1: record longer than %zu "
			    "bytes (the limit for one line)", name, jr.line0,
			    j.l.max);
			rc = CN_BAD;
		} else if ((flags & IMP_REC_RAW) != 0)
			rc = fn(&jr, NULL, arg, &msg);
		else if ((v = imp_json_parse_at(jr.doc, jr.len, name,
		    jr.line0, jr.col0, &msg)) == NULL)
			rc = CN_BAD;
		else
			rc = fn(&jr, v, arg, &msg);
		cJSON_Delete(v);
		((char *)(uintptr_t)jr.doc)[jr.len] = save;
		if (rc == CN_BAD && msg == NULL)
			continue;
		if (imp_rec_done(rc, o, r, msg, cause) != 0)
			goto out;
	}
end:
	if (rc == -2) {
		if (cause != NULL)
			*cause = msg;
		else
			free(msg);
		goto out;
	}
	if (rc < 0) {
		if (cause != NULL)
			*cause = xasprintf("%s:%ld: read error", name,
			    j.l.lineno + 1);
		goto out;
	}
	ret = 0;
out:
	imp_lines_free(&j.l);
	buf_free(&j.b);
	return ret;
}

int
imp_rec_run(const struct imp_rec_kind *k, FILE *in, const char *name,
    const struct imp_opts *o, const struct imp_sink *sink,
    struct imp_report *r, char **cause)
{
	struct imp_ctx	*st;
	int		 rc;

	st = xcalloc(1, k->size);
	imp_ctx_init(st, name, o, sink, r, NULL);
	rc = imp_rec_jsonl_flags(in, name, k->flags, o, r, k->record, st,
	    cause);
	if (k->end != NULL)
		rc = k->end(st, rc, cause);
	free(st);
	return rc;
}
