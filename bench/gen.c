/*
 * gen.c - writes seeded, realistic search traces as canopy-jsonl for the
 * benchmarks (docs/performance.md, "Test data"). Links libc only: no libm,
 * so the same seed gives the same bytes wherever it is built.
 *
 * Each trace grows like MCTS: a leaf is expanded into 3-8 children, with a
 * bias toward recently created (hence deep) leaves, down to depth 30. The
 * tree shape is built first, so the signals can be consistent with it
 * (visits of a node exceed the sum over its children, sibling priors sum
 * to 1); the lines are then written parents first, in creation order.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GEN_MAXDEPTH	30	/* the root is at depth 0 */
#define GEN_MINKIDS	3
#define GEN_MAXKIDS	8
#define GEN_UNIFORM	0.2	/* chance to expand any leaf, not a recent one */
#define GEN_RECENT	12.0	/* mean rank (from the newest) of a recent pick */
#define GEN_TEXTBASE	150	/* step text: base bytes ... */
#define GEN_TEXTTAIL	153.0	/* ... plus an exponential tail of this mean */
#define GEN_TEXTMAX	2000	/* ... capped */
#define GEN_ESCAPES	0.05	/* steps holding \n or \" escapes */

/* splitmix64: small, fast and good enough for test data. */
struct rng {
	uint64_t	s;
};

static uint64_t
rng_next(struct rng *r)
{
	uint64_t	z;

	z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform integer in [0, n). */
static uint64_t
rng_below(struct rng *r, uint64_t n)
{
	return rng_next(r) % n;
}

/*
 * Natural log of x > 0 without libm: x = m * 2^e with m in [0.5, 1), then
 * ln m = 2 atanh((m - 1) / (m + 1)), a series that converges fast there.
 */
static double
gen_ln(double x)
{
	double	 z, z2, term, sum;
	int	 e = 0, k;

	while (x >= 1.0) {
		x /= 2;
		e++;
	}
	while (x < 0.5) {
		x *= 2;
		e--;
	}
	z = (x - 1) / (x + 1);
	z2 = z * z;
	term = z;
	sum = 0;
	for (k = 1; k < 40; k += 2) {
		sum += term / k;
		term *= z2;
	}
	return 2 * sum + e * 0.69314718055994530942;
}

/* Exponentially distributed with this mean. */
static double
rng_exp(struct rng *r, double mean)
{
	return -mean * gen_ln(1.0 - rng_unit(r));
}

/* Roughly normal (Irwin-Hall of 4), mean 0, this standard deviation. */
static double
rng_normal(struct rng *r, double sd)
{
	double	 s = rng_unit(r) + rng_unit(r) + rng_unit(r) + rng_unit(r);

	return (s - 2.0) * sd * 1.7320508075688772;
}

static double
clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

static void *
gen_alloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n, size)) == NULL) {
		fprintf(stderr, "gen: out of memory\n");
		exit(1);
	}
	return p;
}

/*
 * A Fenwick tree over node indices marking the leaves that may still be
 * expanded, so "the k-th expandable leaf" costs O(log n).
 */
struct fenwick {
	int32_t		*t;
	size_t		 n;
	size_t		 top;	/* highest power of two <= n */
	size_t		 total;
};

static void
fw_init(struct fenwick *f, size_t n)
{
	f->t = gen_alloc(n + 1, sizeof *f->t);
	f->n = n;
	for (f->top = 1; f->top * 2 <= n; f->top *= 2)
		;
	f->total = 0;
}

static void
fw_add(struct fenwick *f, size_t i, int d)
{
	for (i++; i <= f->n; i += i & -i)
		f->t[i] += d;
	f->total += d;
}

/* Index of the k-th (0-based) marked position. */
static size_t
fw_find(const struct fenwick *f, size_t k)
{
	size_t	 pos = 0, step;

	for (step = f->top; step > 0; step /= 2) {
		if (pos + step <= f->n && (size_t)f->t[pos + step] <= k) {
			pos += step;
			k -= f->t[pos];
		}
	}
	return pos;
}

/* The shape and the signals of one trace, indexed in creation order. */
struct tree {
	size_t		 n;
	int32_t		*parent;	/* -1 for the root */
	uint8_t		*depth;
	uint8_t		*kids;		/* number of children */
	int64_t		*visits;
	float		*q;
	float		*pw;		/* prior weight; prior = pw / sum */
	float		*pwsum;		/* sum of the children's pw */
};

/* Grows a tree of n nodes. */
static void
tree_grow(struct tree *t, size_t n, struct rng *r)
{
	struct fenwick	 fw;
	size_t		 count, leaf, k, c, i;

	t->n = n;
	t->parent = gen_alloc(n, sizeof *t->parent);
	t->depth = gen_alloc(n, sizeof *t->depth);
	t->kids = gen_alloc(n, sizeof *t->kids);
	t->visits = gen_alloc(n, sizeof *t->visits);
	t->q = gen_alloc(n, sizeof *t->q);
	t->pw = gen_alloc(n, sizeof *t->pw);
	t->pwsum = gen_alloc(n, sizeof *t->pwsum);

	fw_init(&fw, n);
	t->parent[0] = -1;
	t->q[0] = 0.5f;
	fw_add(&fw, 0, 1);
	for (count = 1; count < n; count += c) {
		if (fw.total == 0) {
			fprintf(stderr, "gen: no leaf left to expand\n");
			exit(1);
		}
		if (rng_unit(r) < GEN_UNIFORM)
			k = rng_below(r, fw.total);
		else {
			k = (size_t)rng_exp(r, GEN_RECENT);
			k = k >= fw.total ? 0 : fw.total - 1 - k;
		}
		leaf = fw_find(&fw, k);
		fw_add(&fw, leaf, -1);
		c = GEN_MINKIDS + rng_below(r, GEN_MAXKIDS - GEN_MINKIDS + 1);
		if (c > n - count)
			c = n - count;
		t->kids[leaf] = (uint8_t)c;
		for (i = count; i < count + c; i++) {
			t->parent[i] = (int32_t)leaf;
			t->depth[i] = t->depth[leaf] + 1;
			t->q[i] = (float)clamp01(t->q[leaf] +
			    rng_normal(r, 0.12));
			t->pw[i] = (float)(0.05 + rng_unit(r));
			t->pwsum[leaf] += t->pw[i];
			if (t->depth[i] < GEN_MAXDEPTH)
				fw_add(&fw, i, 1);
		}
	}
	free(fw.t);

	/* Visits: children come after parents, so go backwards. */
	for (i = n; i-- > 0;) {
		t->visits[i] += 1 + (t->kids[i] == 0 ? rng_below(r, 3) : 0);
		if (t->parent[i] >= 0)
			t->visits[t->parent[i]] += t->visits[i];
	}
}

static void
tree_free(struct tree *t)
{
	free(t->parent);
	free(t->depth);
	free(t->kids);
	free(t->visits);
	free(t->q);
	free(t->pw);
	free(t->pwsum);
}

/* A line being built. */
struct line {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

static void
line_add(struct line *l, const char *s, size_t n)
{
	if (l->len + n + 1 > l->cap) {
		while (l->len + n + 1 > l->cap)
			l->cap = l->cap ? l->cap * 2 : 4096;
		if ((l->s = realloc(l->s, l->cap)) == NULL) {
			fprintf(stderr, "gen: out of memory\n");
			exit(1);
		}
	}
	memcpy(l->s + l->len, s, n);
	l->len += n;
	l->s[l->len] = '\0';
}

static void
line_adds(struct line *l, const char *s)
{
	line_add(l, s, strlen(s));
}

static void
line_printf(struct line *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
line_printf(struct line *l, const char *fmt, ...)
{
	char	 tmp[128];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp) {
		fprintf(stderr, "gen: number too long\n");
		exit(1);
	}
	line_add(l, tmp, (size_t)n);
}

/* Words of LLM reasoning steps; a few are not ASCII, none needs escaping. */
static const char *const gen_words[] = {
	"Let", "the", "of", "we", "have", "so", "is", "and", "to", "a",
	"Therefore", "Since", "Thus", "Now", "First,", "Next,", "Then",
	"equation", "sum", "product", "number", "integer", "value", "term",
	"x", "y", "n", "k", "m", "=", "+", "-", "*", "/", "(x", "+", "1)",
	"2", "3", "5", "7", "12", "36", "100", "2^n", "x^2", "sqrt(2)",
	"divisible", "prime", "factor", "remainder", "modulo", "solve",
	"substitute", "simplify", "check", "gives", "which", "means", "that",
	"for", "all", "each", "case", "both", "sides", "by", "in", "on",
	"answer", "final", "step", "wait,", "actually", "not", "correct.",
	"π", "≤", "≥", "√3", "→", "∑", "triangle", "area", "angle",
	"probability", "expected", "count", "ways", "choose", "binomial",
};
#define GEN_NWORDS (sizeof gen_words / sizeof gen_words[0])

/*
 * Appends a JSON string body of about target bytes of text; with escapes,
 * some sentences are broken by \n or quoted with \".
 */
static void
gen_text(struct line *l, struct rng *r, size_t target, int escapes)
{
	const char	*w;
	size_t		 bytes = 0, wl;	/* decoded bytes so far */

	while (bytes < target) {
		w = gen_words[rng_below(r, GEN_NWORDS)];
		wl = strlen(w);
		if (bytes > 0) {
			if (escapes && rng_below(r, 12) == 0) {
				if (rng_below(r, 2)) {
					line_adds(l, "\\n");
					bytes += 1;
				} else {
					line_adds(l, " \\\"");
					bytes += 2;
				}
			} else {
				line_add(l, " ", 1);
				bytes += 1;
			}
		}
		line_add(l, w, wl);
		bytes += wl;
	}
	line_add(l, ".", 1);
}

/* The length of a step text: a base plus a capped exponential tail. */
static size_t
gen_textlen(struct rng *r)
{
	double	 len = GEN_TEXTBASE + rng_exp(r, GEN_TEXTTAIL);

	return len > GEN_TEXTMAX ? GEN_TEXTMAX : (size_t)len;
}

/* Writes trace number tno (1-based) with n nodes. */
static int
gen_trace(FILE *out, unsigned tno, size_t n, uint64_t seed)
{
	struct rng	 shape = { seed * 1000003 + tno };
	struct rng	 text = { ~seed * 998244353 + tno };
	struct tree	 t;
	struct line	 l = { NULL, 0, 0 };
	size_t		 i;
	double		 prm;
	int		 rc = 0;

	tree_grow(&t, n, &shape);

	line_printf(&l, "{\"type\":\"trace\",\"id\":\"t%u\",\"problem\":\"",
	    tno);
	gen_text(&l, &text, 120 + rng_below(&text, 200), 0);
	line_adds(&l, "\"}\n");
	if (fwrite(l.s, 1, l.len, out) != l.len)
		rc = -1;

	for (i = 0; i < n && rc == 0; i++) {
		l.len = 0;
		line_printf(&l, "{\"type\":\"node\",\"trace\":\"t%u\","
		    "\"id\":\"n%zu\",\"parent\":", tno, i + 1);
		if (t.parent[i] < 0)
			line_adds(&l, "null");
		else
			line_printf(&l, "\"n%ld\"", (long)t.parent[i] + 1);
		line_adds(&l, ",\"text\":\"");
		gen_text(&l, &text, gen_textlen(&text),
		    rng_unit(&text) < GEN_ESCAPES);
		line_printf(&l, "\",\"signals\":{\"visits\":%lld",
		    (long long)t.visits[i]);
		line_printf(&l, ",\"q\":%.4f", t.q[i]);
		line_printf(&l, ",\"prior\":%.4f", t.parent[i] < 0 ? 1.0 :
		    t.pw[i] / t.pwsum[t.parent[i]]);
		if (t.kids[i] == 0)
			line_printf(&l, ",\"reward\":%.1f",
			    rng_unit(&text) < t.q[i] ? 1.0 : 0.0);
		prm = clamp01(t.q[i] + rng_normal(&text, 0.15));
		line_printf(&l, ",\"prm:qwen\":%.4f", prm);
		if (rng_below(&text, 2))
			line_printf(&l, ",\"prm:shepherd\":%.4f",
			    clamp01(prm + rng_normal(&text, 0.1)));
		line_adds(&l, "}}\n");
		if (fwrite(l.s, 1, l.len, out) != l.len)
			rc = -1;
	}
	free(l.s);
	tree_free(&t);
	return rc;
}

static void
usage(void)
{
	fprintf(stderr, "usage: gen [-s seed] [-t traces] -n nodes [-o file]\n"
	    "Writes canopy-jsonl: `nodes` nodes split over `traces` trees.\n");
	exit(2);
}

/* Parses a positive count such as 1000, 10k or 1M. */
static int
parse_count(const char *s, unsigned long long *v)
{
	char	*end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno != 0 || end == s)
		return -1;
	if (*end == 'k' || *end == 'K') {
		*v *= 1000;
		end++;
	} else if (*end == 'M' || *end == 'm') {
		*v *= 1000000;
		end++;
	}
	return *end == '\0' && *v > 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	unsigned long long	 seed = 1, traces = 1, nodes = 0;
	const char		*path = NULL;
	FILE			*out = stdout;
	size_t			 per, n;
	unsigned		 tno;
	int			 ch;

	while ((ch = getopt(argc, argv, "n:o:s:t:")) != -1) {
		switch (ch) {
		case 'n':
			if (parse_count(optarg, &nodes) != 0)
				usage();
			break;
		case 'o':
			path = optarg;
			break;
		case 's':
			if (parse_count(optarg, &seed) != 0)
				usage();
			break;
		case 't':
			if (parse_count(optarg, &traces) != 0)
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind != argc || nodes == 0 || traces > nodes ||
	    nodes / traces > INT32_MAX)
		usage();
	if (path != NULL && (out = fopen(path, "w")) == NULL) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		return 1;
	}
	setvbuf(out, NULL, _IOFBF, 1 << 20);

	per = nodes / traces;
	for (tno = 1; tno <= traces; tno++) {
		n = per + (tno <= nodes % traces ? 1 : 0);
		if (gen_trace(out, tno, n, seed) != 0)
			break;
	}
	if (ferror(out) || fclose(out) != 0) {
		fprintf(stderr, "gen: %s: write error\n",
		    path != NULL ? path : "stdout");
		return 1;
	}
	return 0;
}
