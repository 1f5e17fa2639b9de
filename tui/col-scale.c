/*
 * col-scale.c - bar scales and distinct headers for the value columns.
 * Pure: numbers and names in, numbers and strings out.
 */
#include "config.h"

#include "col-scale.h"

#include <stdio.h>
#include <string.h>

void
col_scale_pick(double lo, double hi, struct col_scale *out)
{
	double	m;

	out->hi = 1;
	out->diverging = 0;
	out->fixed = 1;
	if (!cn_hasval(lo) || !cn_hasval(hi))
		return;
	if (lo >= 0 && hi <= 1)
		return;
	if (lo >= -1 && hi <= 1) {
		out->diverging = 1;
		return;
	}
	out->fixed = 0;
	m = fabs(lo) > fabs(hi) ? fabs(lo) : fabs(hi);
	out->hi = m > 0 ? m : 1;
	out->diverging = lo < 0;
}

double
col_scale_frac(const struct col_scale *s, double v)
{
	double	f;

	if (!cn_hasval(v))
		return CN_NOVAL;
	f = v / s->hi;
	if (!s->diverging && f < 0)
		f = 0;
	return f < -1 ? -1 : f > 1 ? 1 : f;
}

static const char *
tail_of(const char *name)
{
	const char	*c = strrchr(name, ':');

	return c != NULL && c[1] != '\0' ? c + 1 : name;
}

/* At most max bytes of s, not splitting a UTF-8 sequence. */
static int
cut(const char *s, size_t max)
{
	size_t	len = strlen(s);

	if (len <= max)
		return (int)len;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return (int)max;
}

void
col_scale_headers(const char *const *names, size_t n, size_t max,
    char (*out)[32])
{
	const char	*t;
	size_t		 i, j, len;
	int		 clash, k;

	if (max > 30)
		max = 30;
	for (i = 0; i < n; i++) {
		t = tail_of(names[i]);
		clash = 0;
		for (j = 0; j < n; j++)
			if (j != i && strcmp(tail_of(names[j]), t) == 0)
				clash = 1;
		if (strlen(names[i]) <= max)
			snprintf(out[i], 32, "%s", names[i]);
		else if (!clash || t == names[i])
			snprintf(out[i], 32, "%.*s", cut(t, max), t);
		else
			snprintf(out[i], 32, "%c:%.*s", names[i][0],
			    cut(t, max - 2), t);
	}
	/* What cutting made equal gets a digit in its last place. */
	for (i = 0; i < n; i++) {
		k = 1;
		for (j = i + 1; j < n; j++) {
			if (strcmp(out[i], out[j]) != 0)
				continue;
			len = strlen(out[j]);
			if (len >= max && len > 0)
				len = (size_t)cut(out[j], max - 1);
			snprintf(out[j] + len, 32 - len, "%d", ++k % 10);
		}
	}
}
