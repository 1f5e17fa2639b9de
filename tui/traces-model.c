/*
 * traces-model.c - the traces list's window over the store
 * (traces-model.h).
 *
 * The window holds at most one screen of rows, contiguous in the list's
 * order; every move past its edge reads the rows it needs by keyset from
 * the row at that edge. Positions and counts cost a pass over the ids,
 * so they are taken a slice per idle step (TL_CHUNK ids) and kept: the
 * cursor's place is then tracked by the moves themselves, and during a
 * pass by the moves made since it started.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "traces-model.h"

/* Ids counted per idle step: a few milliseconds with a filter. */
#define TL_CHUNK	8192
/* Problem text kept per row: more than any screen shows. */
#define TL_PROBLEM_MAX	1024

struct traces_model {
	struct store		*st;
	struct store_tlist	 q;
	char			*filter;	/* q.filter points here */
	struct tl_row		*rows;
	int			 nrows;
	int			 cur;
	int			 height;
	int64_t			 all, match, pos;	/* -1: unknown */
	/* The count pass. */
	int			 counting;
	int64_t			 c_after, c_max, c_all, c_match, c_before;
	int64_t			 c_delta;	/* moves since it started */
	int			 c_has_at;
	struct store_tkey	 c_at;		/* the cursor when it started */
};

/* Rows read from the store, nearest first. */
struct tl_buf {
	struct tl_row	*rows;
	int		 n;
};

static void
row_free(struct tl_row *r)
{
	free(r->ext);
	free(r->format);
	free(r->problem);
	store_tkey_clear(&r->key);
}

/* The problem on one line: newlines and tabs become spaces. */
static char *
one_line(const char *s)
{
	size_t	len, i;
	char	*p;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	if (len > TL_PROBLEM_MAX)
		len = TL_PROBLEM_MAX;
	p = xmalloc(len + 1);
	for (i = 0; i < len; i++)
		p[i] = s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' :
		    s[i];
	p[len] = '\0';
	return p;
}

static int
buf_cb(const struct cn_trace *t, const struct store_tkey *k, void *arg)
{
	struct tl_buf	*b = arg;
	struct tl_row	*r;

	b->rows = xreallocarray(b->rows, (size_t)b->n + 1, sizeof *b->rows);
	r = &b->rows[b->n++];
	memset(r, 0, sizeof *r);
	r->id = t->id;
	r->ext = xstrdup(t->ext_id != NULL ? t->ext_id : "?");
	r->format = xstrdup(t->format != NULL ? t->format : "?");
	r->problem = one_line(t->problem);
	r->nodes = t->node_count;
	r->depth = t->max_depth;
	r->best_reward = t->best_reward;
	r->best_q = t->best_q;
	r->outcome = t->outcome;
	r->labels = t->annotation_count;
	store_tkey_copy(&r->key, k);
	return 0;
}

/* Frees the n rows of *rows and the array, leaving it empty. */
static void
rows_free(struct tl_row **rows, int *n)
{
	int	i;

	for (i = 0; i < *n; i++)
		row_free(&(*rows)[i]);
	free(*rows);
	*rows = NULL;
	*n = 0;
}

static int
fetch(struct traces_model *m, const struct store_tkey *from, int dir,
    int64_t limit, struct tl_buf *b, char **cause)
{
	memset(b, 0, sizeof *b);
	if (store_tlist_read(m->st, &m->q, from, dir, limit, buf_cb, b,
	    cause) != 0) {
		rows_free(&b->rows, &b->n);
		return -1;
	}
	return 0;
}

static void
window_clear(struct traces_model *m)
{
	rows_free(&m->rows, &m->nrows);
	m->cur = 0;
}

/* Appends b's rows (nearest first) after the window; b is emptied. */
static void
append(struct traces_model *m, struct tl_buf *b)
{
	if (b->n == 0)
		return;
	m->rows = xreallocarray(m->rows, (size_t)(m->nrows + b->n) + 1,
	    sizeof *m->rows);
	memcpy(m->rows + m->nrows, b->rows, (size_t)b->n * sizeof *b->rows);
	m->nrows += b->n;
	free(b->rows);
	b->rows = NULL;
	b->n = 0;
}

/* Puts b's rows (nearest first) before the window; b is emptied. */
static void
prepend(struct traces_model *m, struct tl_buf *b)
{
	int	i;

	if (b->n == 0)
		return;
	m->rows = xreallocarray(m->rows, (size_t)(m->nrows + b->n) + 1,
	    sizeof *m->rows);
	memmove(m->rows + b->n, m->rows, (size_t)m->nrows * sizeof *m->rows);
	for (i = 0; i < b->n; i++)
		m->rows[b->n - 1 - i] = b->rows[i];
	m->nrows += b->n;
	m->cur += b->n;
	free(b->rows);
	b->rows = NULL;
	b->n = 0;
}

/* Drops rows from the front (front) or the back until height remain. */
static void
trim(struct traces_model *m, int front)
{
	int	drop = m->nrows - m->height, i;

	if (drop <= 0)
		return;
	if (front) {
		for (i = 0; i < drop; i++)
			row_free(&m->rows[i]);
		memmove(m->rows, m->rows + drop,
		    (size_t)(m->nrows - drop) * sizeof *m->rows);
		m->cur -= drop;
		if (m->cur < 0)
			m->cur = 0;
	} else {
		for (i = m->height; i < m->nrows; i++)
			row_free(&m->rows[i]);
		if (m->cur >= m->height)
			m->cur = m->height - 1;
	}
	m->nrows = m->height;
}

/* Fills a short window: rows after it, then rows before it. */
static int
fill(struct traces_model *m, char **cause)
{
	struct tl_buf	b;

	if (m->nrows >= m->height)
		return 0;
	if (fetch(m, m->nrows > 0 ? &m->rows[m->nrows - 1].key : NULL, 1,
	    m->height - m->nrows, &b, cause) != 0)
		return -1;
	append(m, &b);
	if (m->nrows >= m->height || m->nrows == 0)
		return 0;
	if (fetch(m, &m->rows[0].key, -1, m->height - m->nrows, &b,
	    cause) != 0)
		return -1;
	prepend(m, &b);
	return 0;
}

static void
count_finish(struct traces_model *m)
{
	m->counting = 0;
	m->all = m->c_all;
	m->match = m->c_match;
	/* Without an anchor (the list was empty, or g put the cursor on
	 * the first row) the moves have kept the place. */
	if (m->c_has_at)
		m->pos = m->c_before + m->c_delta;
	store_tkey_clear(&m->c_at);
	m->c_has_at = 0;
}

int
tl_idle(struct traces_model *m, char **cause)
{
	int64_t	all, match, before, upto;

	if (!m->counting)
		return 0;
	upto = m->c_after + TL_CHUNK;
	if (store_tlist_count(m->st, &m->q, m->c_has_at ? &m->c_at : NULL,
	    m->c_after, upto, &all, &match, &before, cause) != 0) {
		m->counting = 0;
		return -1;
	}
	m->c_all += all;
	m->c_match += match;
	m->c_before += before;
	m->c_after = upto;
	if (m->c_after >= m->c_max)
		count_finish(m);
	return 1;
}

/*
 * Starts counting again from the cursor. A small list is counted at
 * once, so its counts never show as unknown.
 */
static int
count_start(struct traces_model *m, char **cause)
{
	store_tkey_clear(&m->c_at);
	m->c_has_at = 0;
	m->c_after = m->c_all = m->c_match = m->c_before = m->c_delta = 0;
	if (store_traces_max_id(m->st, &m->c_max, cause) != 0)
		return -1;
	if (m->nrows > 0) {
		store_tkey_copy(&m->c_at, &m->rows[m->cur].key);
		m->c_has_at = 1;
	}
	m->counting = 1;
	if (m->c_max <= TL_CHUNK)
		return tl_idle(m, cause) < 0 ? -1 : 0;
	return 0;
}

/* Counts the cursor's moves for its place in the list. */
static void
moved(struct traces_model *m, long d)
{
	if (m->pos >= 0)
		m->pos += d;
	if (m->counting)
		m->c_delta += d;
}

int
tl_open(struct store *st, int height, struct traces_model **mp,
    char **cause)
{
	struct traces_model	*m;

	m = xcalloc(1, sizeof *m);
	m->st = st;
	m->height = height < 1 ? 1 : height;
	m->all = m->match = m->pos = -1;
	if (fill(m, cause) != 0 || count_start(m, cause) != 0) {
		tl_free(m);
		return -1;
	}
	*mp = m;
	return 0;
}

void
tl_free(struct traces_model *m)
{
	if (m == NULL)
		return;
	window_clear(m);
	store_tkey_clear(&m->c_at);
	free(m->filter);
	free(m);
}

int
tl_nrows(const struct traces_model *m)
{
	return m->nrows;
}

const struct tl_row *
tl_row(const struct traces_model *m, int i)
{
	return i >= 0 && i < m->nrows ? &m->rows[i] : NULL;
}

int
tl_cursor(const struct traces_model *m)
{
	return m->cur;
}

int64_t
tl_cursor_id(const struct traces_model *m)
{
	return m->nrows > 0 ? m->rows[m->cur].id : 0;
}

const struct store_tlist *
tl_order(const struct traces_model *m)
{
	return &m->q;
}

void
tl_counts(const struct traces_model *m, int64_t *all, int64_t *match,
    int64_t *pos)
{
	*all = m->all;
	*match = m->match;
	*pos = m->nrows > 0 ? m->pos : -1;
}

int
tl_set_height(struct traces_model *m, int height, char **cause)
{
	m->height = height < 1 ? 1 : height;
	if (m->nrows > m->height) {
		/* Keep the cursor: drop rows below it first. */
		if (m->cur < m->height)
			trim(m, 0);
		else
			trim(m, 1);
		if (m->nrows > m->height)
			trim(m, 0);
	}
	return fill(m, cause);
}

int
tl_height(const struct traces_model *m)
{
	return m->height;
}

int
tl_idle_pending(const struct traces_model *m)
{
	return m->counting;
}

int
tl_move(struct traces_model *m, long delta, char **cause)
{
	struct tl_buf	b;
	long		target, old;

	if (m->nrows == 0 || delta == 0)
		return 0;
	target = (long)m->cur + delta;
	if (target >= 0 && target < m->nrows) {
		m->cur = (int)target;
		moved(m, delta);
		return 0;
	}
	if (delta > 0) {
		if (fetch(m, &m->rows[m->nrows - 1].key, 1,
		    target - (m->nrows - 1), &b, cause) != 0)
			return -1;
		old = m->cur;
		append(m, &b);
		m->cur = target < m->nrows ? (int)target : m->nrows - 1;
		moved(m, m->cur - old);
		trim(m, 1);
	} else {
		if (fetch(m, &m->rows[0].key, -1, -target, &b, cause) != 0)
			return -1;
		prepend(m, &b);
		old = m->cur;
		m->cur = old + delta < 0 ? 0 : (int)(old + delta);
		moved(m, m->cur - old);
		trim(m, 0);
	}
	return 0;
}

int
tl_home(struct traces_model *m, char **cause)
{
	window_clear(m);
	if (fill(m, cause) != 0)
		return -1;
	if (m->nrows > 0) {
		m->pos = 0;
		if (m->counting) {
			store_tkey_clear(&m->c_at);
			m->c_has_at = 0;
		}
	}
	return 0;
}

int
tl_end(struct traces_model *m, char **cause)
{
	struct tl_buf	b;

	window_clear(m);
	if (fetch(m, NULL, -1, m->height, &b, cause) != 0)
		return -1;
	prepend(m, &b);
	m->cur = m->nrows > 0 ? m->nrows - 1 : 0;
	if (m->nrows == 0)
		return 0;
	if (m->match > 0 && !m->counting) {
		m->pos = m->match - 1;
		return 0;
	}
	m->pos = -1;
	return count_start(m, cause);
}

/*
 * Puts the cursor on trace id at screen row off; when the list does not
 * hold it, on the first row after key at (NULL: on the first row).
 */
static int
place(struct traces_model *m, int64_t id, int off,
    const struct store_tkey *at, char **cause)
{
	struct tl_buf	row, b;
	int		r = 0;

	memset(&row, 0, sizeof row);
	if (id > 0) {
		r = store_tlist_get(m->st, &m->q, id, buf_cb, &row, cause);
		if (r < 0)
			return -1;
		if (r == 1 && m->q.filter != NULL &&
		    (r = store_tlist_matches(m->st, &m->q, id, cause)) < 0) {
			rows_free(&row.rows, &row.n);
			return -1;
		}
	}
	window_clear(m);
	if (r == 1) {
		if (off >= m->height)
			off = m->height - 1;
		if (fetch(m, &row.rows[0].key, -1, off, &b, cause) != 0) {
			rows_free(&row.rows, &row.n);
			return -1;
		}
		append(m, &row);
		prepend(m, &b);
	} else {
		rows_free(&row.rows, &row.n);
		if (at != NULL) {
			if (fetch(m, at, 1, m->height, &b, cause) != 0)
				return -1;
			append(m, &b);
		}
	}
	return fill(m, cause);
}

int
tl_goto(struct traces_model *m, int64_t id, char **cause)
{
	if (m->nrows > 0 && m->rows[m->cur].id == id)
		return 0;
	if (place(m, id, m->height / 2, NULL, cause) != 0)
		return -1;
	m->pos = -1;
	return count_start(m, cause);
}

int
tl_set_order(struct traces_model *m, int col, int desc, char **cause)
{
	int64_t	id = tl_cursor_id(m);

	m->q.col = col;
	m->q.desc = desc;
	if (place(m, id, m->cur, NULL, cause) != 0)
		return -1;
	m->pos = -1;
	return count_start(m, cause);
}

int
tl_set_filter(struct traces_model *m, const char *f, char **cause)
{
	int64_t	id = tl_cursor_id(m), ncand;

	if ((f == NULL || *f == '\0') && m->filter == NULL)
		return 0;
	if (f != NULL && m->filter != NULL && strcmp(f, m->filter) == 0)
		return 0;
	free(m->filter);
	m->filter = f != NULL && *f != '\0' ? xstrdup(f) : NULL;
	m->q.filter = m->filter;
	if (store_tlist_filter(m->st, &m->q, &ncand, cause) != 0 ||
	    place(m, id, m->cur, NULL, cause) != 0)
		return -1;
	m->pos = m->match = -1;
	return count_start(m, cause);
}

int
tl_reload(struct traces_model *m, char **cause)
{
	struct store_tkey	at;
	int64_t			id = tl_cursor_id(m), ncand;
	int			r;

	/* New traces may match: the candidates are gathered again. */
	if (store_tlist_filter(m->st, &m->q, &ncand, cause) != 0)
		return -1;
	memset(&at, 0, sizeof at);
	if (m->nrows > 0)
		store_tkey_copy(&at, &m->rows[m->cur].key);
	r = place(m, id, m->cur, m->nrows > 0 ? &at : NULL, cause);
	store_tkey_clear(&at);
	if (r != 0)
		return -1;
	/* The old counts show until the new ones are in. */
	return count_start(m, cause);
}
