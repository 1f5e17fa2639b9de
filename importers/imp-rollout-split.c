/*
 * imp-rollout-split.c - cuts a rollout's text into steps, at a separator
 * or at blank lines, before imp-rollout.c merges them into the prefix
 * tree (see imp-rollout.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imp-rollout.h"

void
rollout_steps_free(struct rollout_steps *st)
{
	free(st->v);
	memset(st, 0, sizeof *st);
}

static void
rl_step_add(struct rollout_steps *st, const char *role, const char *p,
    size_t n, int first)
{
	if (st->n == st->cap)
		st->v = xgrow(st->v, &st->cap, 16, sizeof *st->v);
	st->v[st->n].role = role;
	st->v[st->n].text = p;
	st->v[st->n].len = n;
	st->v[st->n].first = first;
	st->n++;
}

/*
 * Length of the blank-line separator starting at s[i] (a '\n'), or 0 when
 * the line after it holds more than blanks. Consumes every blank line.
 */
static size_t
rl_blank_sep(const char *s, size_t len, size_t i)
{
	size_t	j = i + 1, end = 0;

	for (;;) {
		while (j < len && (s[j] == ' ' || s[j] == '\t' ||
		    s[j] == '\r'))
			j++;
		if (j >= len || s[j] != '\n')
			break;
		end = ++j;
	}
	return end == 0 ? 0 : end - i;
}

void
rollout_split(struct rollout_steps *st, const char *role, const char *text,
    size_t len, const char *sep)
{
	size_t	 i = 0, start = 0, seplen, n0 = st->n, piece;

	seplen = sep != NULL ? strlen(sep) : 0;
	while (i < len) {
		size_t	 skip = 0;

		if (sep == NULL || seplen == 0) {
			if (text[i] == '\n')
				skip = rl_blank_sep(text, len, i);
		} else if (len - i >= seplen &&
		    memcmp(text + i, sep, seplen) == 0)
			skip = seplen;
		if (skip == 0) {
			i++;
			continue;
		}
		piece = i - start;
		/* A blank-line step ends before the \r of a CRLF break. */
		if (sep == NULL && piece > 0 && text[i - 1] == '\r')
			piece--;
		if (piece > 0)
			rl_step_add(st, role, text + start, piece,
			    st->n == n0);
		i += skip;
		start = i;
	}
	if (len > start)
		rl_step_add(st, role, text + start, len - start, st->n == n0);
	if (st->n == n0)
		rl_step_add(st, role, text + len, 0, 1);
}
