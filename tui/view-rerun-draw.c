/*
 * view-rerun-draw.c - how the rerun panel looks: the form with the exact
 * request before sending, then the K answers stacked, each showing its
 * tail as it streams. The panel's state and keys are in view-rerun.c.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view-rerun.h"

/* The most of an answer kept on screen: its tail. */
#define RV_TAIL_BYTES	16384

static void
rv_draw_header(struct view *v, int width)
{
	struct rerun_view		*rv = v->data;
	const struct live_endpoint	*e = rv_endpoint(rv);
	WINDOW				*w = v->tui->w_header;
	attr_t				 ha = colors_attr(ROLE_HEADER);
	char				*s, temp[32];

	if (w == NULL)
		return;
	draw_line_bg(w, 0, ha);
	wmove(w, 0, 0);
	if (!isnan(rv->temp))
		snprintf(temp, sizeof temp, "%.1f", rv->temp);
	else if (!isnan(e->temperature))
		snprintf(temp, sizeof temp, "%.1f (default)", e->temperature);
	else
		snprintf(temp, sizeof temp, "server default");
	s = xasprintf("rerun %s | %s (%s) | n=%d | temp %s | mode %s |"
	    " score %s", rv->addr != NULL ? rv->addr : "?", e->name,
	    live_kind_name(e->kind), rv->k, temp, rv->full ? "full" : "step",
	    rv_scorer(rv) != NULL ? rv_scorer(rv)->name : "none");
	draw_str(w, s, width, ha);
	free(s);
}

/*
 * Draws text wrapped into rows y0..y0+h-1, its last h lines when tail
 * (a stream), else from line skip on. Returns the lines it has.
 */
static int
rv_draw_text(WINDOW *w, int y0, int h, int width, const char *text,
    int tail, int skip, attr_t a)
{
	struct text_safe	 ts;
	struct text_line	*lines = NULL;
	size_t			 n, i, first, len;
	int			 y;

	/*
	 * A stream shows its last lines: its last 16 KiB hold more than a
	 * screen, and a 2 MB answer is not wrapped again at every token.
	 */
	len = strlen(text);
	if (tail && len > RV_TAIL_BYTES) {
		text += len - RV_TAIL_BYTES;
		while ((*text & 0xc0) == 0x80)
			text++;
	}
	text_safe_init(&ts);
	text_sanitize_str(&ts, text, TEXT_KEEP_NEWLINES);
	n = text_wrap(ts.s, ts.len, width, &lines);
	if (tail)
		first = n > (size_t)h ? n - (size_t)h : 0;
	else
		first = (size_t)skip < n ? (size_t)skip : n;
	for (y = 0, i = first; y < h && i < n; y++, i++) {
		char	*line = xstrndup(ts.s + lines[i].off, lines[i].len);

		wmove(w, y0 + y, 0);
		draw_plain(w, line, width, a);
		free(line);
	}
	free(lines);
	text_safe_free(&ts);
	return (int)n;
}

static void
rv_draw_setup(struct view *v, WINDOW *w, int h, int width)
{
	struct rerun_view	*rv = v->data;
	attr_t			 a = colors_attr(ROLE_DEFAULT);
	attr_t			 k = colors_attr(ROLE_HELP_KEY);
	static const char *const hints[] = {
		"Enter", " send  ", "e", " endpoint  ", "+/-", " n  ",
		"]/[", " temp  ", "m", " mode  ", "s", " scorer  ",
		"Esc", " close"
	};
	char			*pre;
	size_t			 i;
	int			 y = 0;

	wmove(w, y++, 0);
	for (i = 0; i < sizeof hints / sizeof hints[0]; i += 2) {
		draw_plain(w, hints[i], width, k);
		draw_plain(w, hints[i + 1], width, a);
	}
	if (rv->note != NULL) {
		wmove(w, y++, 0);
		draw_str(w, rv->note, width, colors_attr(rv->note_error ?
		    ROLE_STATUS_ERROR : ROLE_DEFAULT));
	}
	wmove(w, y++, 0);
	draw_plain(w, "The request (no key in it):", width, colors_attr(
	    ROLE_HEADER));
	if (rv->r == NULL || y >= h)
		return;
	pre = live_rerun_preview(rv->r);
	if (rv_draw_text(w, y, h - y, width, pre, 0, rv->top, a) <= rv->top &&
	    rv->top > 0)
		rv->top--;
	free(pre);
}

/* The K answers stacked, each in its share of the pane, its tail shown. */
static void
rv_draw_streams(struct view *v, WINDOW *w, int h, int width)
{
	struct rerun_view	*rv = v->data;
	const struct live_cand	*cd;
	const char		*err;
	attr_t			 ha = colors_attr(ROLE_HEADER);
	char			*s;
	int			 i, y = 0, share, end, n;

	if (rv->note != NULL) {
		wmove(w, y++, 0);
		draw_str(w, rv->note, width, colors_attr(rv->note_error ?
		    ROLE_STATUS_ERROR : ROLE_DEFAULT));
	}
	share = (h - y) / rv->k;
	if (share < 2)
		share = 2;
	for (i = 0; i < rv->k && y < h; i++) {
		end = i == rv->k - 1 || y + share > h ? h : y + share;
		cd = live_rerun_answer(rv->r, i);
		err = live_rerun_error(rv->r, i);
		if (err != NULL)
			s = xasprintf("[%d] failed", i + 1);
		else if (cd == NULL || !live_rerun_answer_over(rv->r, i))
			s = xasprintf("[%d] streaming...", i + 1);
		else
			s = xasprintf("[%d] done (finish %s)", i + 1,
			    live_finish_name(cd->finish));
		draw_line_bg(w, y, ha);
		wmove(w, y, 0);
		draw_str(w, s, width, ha);
		free(s);
		y++;
		/* The client's errors name the endpoint and the URL. */
		if (err != NULL && y < end) {
			n = rv_draw_text(w, y, end - y < 3 ? end - y : 3,
			    width, err, 0, 0, colors_attr(ROLE_STATUS_ERROR));
			y += n < end - y ? (n < 3 ? n : 3) : end - y;
		}
		if (cd != NULL && cd->text.s != NULL && y < end)
			rv_draw_text(w, y, end - y, width, cd->text.s, 1, 0,
			    colors_attr(ROLE_DEFAULT));
		y = end;
	}
}

void
rv_draw(struct view *v)
{
	struct rerun_view	*rv = v->data;
	WINDOW			*w = v->tui->w_main;
	int			 h, width;

	if (w == NULL)
		return;
	getmaxyx(w, h, width);
	rv_draw_header(v, width);
	werase(w);
	if (rv->phase == RR_SETUP)
		rv_draw_setup(v, w, h, width);
	else
		rv_draw_streams(v, w, h, width);
	if (rv->t_fresh != 0) {
		fprintf(rv->bench, "token\t%lld\n",
		    (long long)(tui_now_us() - rv->t_fresh));
		rv->t_fresh = 0;
	}
}

void
rv_status(struct view *v, struct cn_buf *b)
{
	static const char *const phases[] = {
		"ready: Enter sends", "streaming: Esc cancels", "scoring",
		"done"
	};
	struct rerun_view	*rv = v->data;

	buf_printf(b, "rerun %s | %s", rv->addr != NULL ? rv->addr : "?",
	    phases[rv->phase]);
}

