/* test-layout.c - the screen's geometry at various sizes and options. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cn-test.h"

#include "layout.h"

/* The layout's rectangles, by name. */
static const struct {
	const char	*name;
	size_t		 off;
} rects[] = {
	{ "title", offsetof(struct layout, title) },
	{ "header", offsetof(struct layout, header) },
	{ "tree", offsetof(struct layout, tree) },
	{ "border", offsetof(struct layout, border) },
	{ "detail", offsetof(struct layout, detail) },
	{ "status", offsetof(struct layout, status) },
	{ "cmdline", offsetof(struct layout, cmdline) },
};
#define NRECTS	(sizeof rects / sizeof rects[0])

static const struct layout_rect *
rect(const struct layout *l, size_t i)
{
	return (const struct layout_rect *)((const char *)l + rects[i].off);
}

/*
 * The rectangles named in want ("tree y,x,h,w ...") are where it says;
 * a wrong one fails naming it.
 */
static void
assert_rects(const struct layout *l, const char *want)
{
	const struct layout_rect	*r;
	const char			*p = want;
	char				 name[16];
	int				 y, x, h, w, used;
	size_t				 i;

	while (sscanf(p, " %15[a-z] %d,%d,%d,%d%n", name, &y, &x, &h, &w,
	    &used) == 5) {
		p += used;
		for (i = 0; i < NRECTS; i++)
			if (strcmp(rects[i].name, name) == 0)
				break;
		if (i == NRECTS)
			fail_msg("no rectangle %s", name);
		r = rect(l, i);
		if (r->y != y || r->x != x || r->h != h || r->w != w)
			fail_msg("%s is %d,%d,%d,%d, not %d,%d,%d,%d", name,
			    r->y, r->x, r->h, r->w, y, x, h, w);
	}
	p += strspn(p, " ");
	if (*p != '\0')
		fail_msg("cannot read rectangles at \"%s\"", p);
}

static int
absent(const struct layout_rect *r)
{
	return r->y == 0 && r->x == 0 && r->h == 0 && r->w == 0;
}

/* Every cell of the screen is in exactly one rectangle. */
static void
check_tiles(const struct layout *l)
{
	static unsigned char		 cov[300][400];
	const struct layout_rect	*r;
	size_t				 i;
	int				 y, x;

	assert_true(l->rows <= 300 && l->cols <= 400);
	memset(cov, 0, sizeof cov);
	for (i = 0; i < NRECTS; i++) {
		r = rect(l, i);
		assert_true(r->h >= 0 && r->w >= 0);
		for (y = r->y; y < r->y + r->h; y++)
			for (x = r->x; x < r->x + r->w; x++) {
				assert_true(y < l->rows && x < l->cols);
				cov[y][x]++;
			}
	}
	for (y = 0; y < l->rows; y++)
		for (x = 0; x < l->cols; x++)
			if (cov[y][x] != 1)
				fail_msg("cell %d,%d covered %d times", y, x,
				    cov[y][x]);
}

/* Lays rows x cols out with o into l: the detail at side, tiled. */
static void
lay(int rows, int cols, const struct layout_opts *o, struct layout *l,
    int side)
{
	layout_compute(rows, cols, o, l);
	assert_int_equal(l->side, side);
	check_tiles(l);
}

static void
test_layout_80x24(void **state)
{
	struct layout_opts	 o;
	struct layout		 l;

	layout_opts_init(&o);
	lay(24, 80, &o, &l, LAYOUT_SIDE_BOTTOM);	/* < 120 columns */
	assert_int_equal(l.too_small, 0);
	assert_int_equal(l.ratio, 40);
	/* 24 - title - status - cmdline - header - border = 19 rows. */
	assert_rects(&l, "title 0,0,1,80 header 1,0,1,80 tree 2,0,11,80"
	    " border 13,0,1,80 detail 14,0,8,80 status 22,0,1,80"
	    " cmdline 23,0,1,80");

	o.detail = 0;
	lay(24, 80, &o, &l, LAYOUT_SIDE_NONE);
	assert_rects(&l, "tree 2,0,20,80");
	assert_true(absent(&l.detail) && absent(&l.border));

	o.detail = 1;
	o.header = 0;
	lay(24, 80, &o, &l, LAYOUT_SIDE_BOTTOM);
	assert_true(absent(&l.header));
	assert_rects(&l, "tree 1,0,12,80 detail 14,0,8,80");
}

static void
test_layout_200x60(void **state)
{
	struct layout_opts	 o;
	struct layout		 l;

	layout_opts_init(&o);
	lay(60, 200, &o, &l, LAYOUT_SIDE_RIGHT);
	/* 199 columns to share: 80 to the detail. */
	assert_rects(&l, "header 1,0,1,119 tree 2,0,56,119 border 1,119,57,1"
	    " detail 1,120,57,80 status 58,0,1,200");

	o.side = LAYOUT_SIDE_BOTTOM;
	lay(60, 200, &o, &l, LAYOUT_SIDE_BOTTOM);
	assert_rects(&l, "tree 2,0,33,200 detail 36,0,22,200");
}

static void
test_layout_auto_switches_at_wide(void **state)
{
	struct layout_opts	 o;
	struct layout		 l;

	layout_opts_init(&o);
	lay(30, LAYOUT_WIDE_COLS - 1, &o, &l, LAYOUT_SIDE_BOTTOM);
	lay(30, LAYOUT_WIDE_COLS, &o, &l, LAYOUT_SIDE_RIGHT);
	o.side = LAYOUT_SIDE_RIGHT;
	lay(30, 80, &o, &l, LAYOUT_SIDE_RIGHT);
}

static void
test_layout_minimum(void **state)
{
	struct layout_opts	 o;
	struct layout		 l;
	int			 side;

	layout_opts_init(&o);
	lay(LAYOUT_MIN_ROWS, LAYOUT_MIN_COLS, &o, &l, LAYOUT_SIDE_BOTTOM);
	assert_int_equal(l.too_small, 0);
	assert_true(l.tree.h >= LAYOUT_TREE_MIN_ROWS);
	assert_true(l.detail.h >= LAYOUT_DETAIL_MIN_ROWS);
	/* Both splits fit at the minimum, at both ratio bounds. */
	for (side = LAYOUT_SIDE_RIGHT; side <= LAYOUT_SIDE_BOTTOM; side++) {
		o.side = side;
		o.ratio = 0;
		lay(LAYOUT_MIN_ROWS, LAYOUT_MIN_COLS, &o, &l, side);
		o.ratio = 100;
		lay(LAYOUT_MIN_ROWS, LAYOUT_MIN_COLS, &o, &l, side);
		if (side == LAYOUT_SIDE_RIGHT) {
			assert_true(l.tree.w >= LAYOUT_TREE_MIN_COLS);
			assert_true(l.detail.w >= LAYOUT_DETAIL_MIN_COLS);
		} else {
			assert_true(l.tree.h >= LAYOUT_TREE_MIN_ROWS);
			assert_true(l.detail.h >= LAYOUT_DETAIL_MIN_ROWS);
		}
	}
}

static void
test_layout_below_minimum(void **state)
{
	struct layout_opts	 o;
	struct layout		 l;
	static const int	 sizes[][2] = {
		{ LAYOUT_MIN_ROWS - 1, LAYOUT_MIN_COLS },
		{ LAYOUT_MIN_ROWS, LAYOUT_MIN_COLS - 1 },
		{ 1, 1 }, { 0, 0 }, { -5, 80 }, { 24, 0 }, { 1, 500 }
	};
	size_t			 i;

	layout_opts_init(&o);
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		layout_compute(sizes[i][0], sizes[i][1], &o, &l);
		assert_int_equal(l.too_small, 1);
		assert_int_equal(l.rows, sizes[i][0]);
		assert_int_equal(l.cols, sizes[i][1]);
		assert_int_equal(l.side, LAYOUT_SIDE_NONE);
		assert_true(absent(&l.title) && absent(&l.tree) &&
		    absent(&l.detail) && absent(&l.status) &&
		    absent(&l.cmdline) && absent(&l.header) &&
		    absent(&l.border));
	}
}

static void
test_layout_ratio(void **state)
{
	struct layout_opts	 o;
	struct layout		 l;
	int			 r, prev = 0;

	assert_int_equal(layout_ratio_clamp(-3), LAYOUT_RATIO_MIN);
	assert_int_equal(layout_ratio_clamp(5), LAYOUT_RATIO_MIN);
	assert_int_equal(layout_ratio_clamp(55), 55);
	assert_int_equal(layout_ratio_clamp(95), LAYOUT_RATIO_MAX);

	layout_opts_init(&o);
	o.ratio = 5;
	layout_compute(60, 200, &o, &l);
	assert_int_equal(l.ratio, LAYOUT_RATIO_MIN);
	assert_int_equal(l.detail.w, 40);		/* 20% of 199 */
	o.ratio = 99;
	layout_compute(60, 200, &o, &l);
	assert_int_equal(l.ratio, LAYOUT_RATIO_MAX);
	assert_int_equal(l.detail.w, 159);		/* 80% of 199 */
	check_tiles(&l);

	/* Growing the ratio never shrinks the detail pane. */
	for (r = LAYOUT_RATIO_MIN; r <= LAYOUT_RATIO_MAX;
	    r += LAYOUT_RATIO_STEP) {
		o.ratio = r;
		layout_compute(24, 80, &o, &l);
		assert_true(l.detail.h >= prev);
		prev = l.detail.h;
		check_tiles(&l);
	}
}

/* Every size from tiny to large lays out without overlap or gaps. */
static void
test_layout_all_sizes_tile(void **state)
{
	struct layout_opts	 o;
	struct layout		 l;
	int			 rows, cols, d;

	layout_opts_init(&o);
	for (d = 0; d <= 1; d++) {
		o.detail = d;
		for (rows = 1; rows <= 70; rows += 3)
			for (cols = 1; cols <= 260; cols += 7) {
				layout_compute(rows, cols, &o, &l);
				if (!l.too_small)
					check_tiles(&l);
			}
	}
}

CN_TEST_MAIN(
	cmocka_unit_test(test_layout_80x24),
	cmocka_unit_test(test_layout_200x60),
	cmocka_unit_test(test_layout_auto_switches_at_wide),
	cmocka_unit_test(test_layout_minimum),
	cmocka_unit_test(test_layout_below_minimum),
	cmocka_unit_test(test_layout_ratio),
	cmocka_unit_test(test_layout_all_sizes_tile))
