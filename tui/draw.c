/*
 * draw.c - small drawing helpers shared by the views: untrusted text goes
 * through text.h (sanitized, measured, cut) before any byte reaches
 * curses; escape spans and search hits get their roles.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui-int.h"

/* Marks (in cls) the bytes of s[0..len) that match a word of hl. */
static void
mark_hits(const char *s, size_t len, const char *hl, unsigned char *cls)
{
	const char	*p = hl, *w;
	size_t		 wl, i;

	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		w = p;
		while (*p != '\0' && *p != ' ')
			p++;
		wl = (size_t)(p - w);
		for (i = 0; i + wl <= len; i++) {
			if (strncasecmp(s + i, w, wl) == 0) {
				memset(cls + i, cls[i] == 1 ? 1 : 2, wl);
				i += wl - 1;
			}
		}
	}
}

int
draw_safe(WINDOW *win, const struct text_safe *t, int width, attr_t base,
    int selected, const char *hl)
{
	unsigned char	*cls;
	size_t		 pre, i, j, k;
	int		 w, ell = 0;
	attr_t		 a;

	if (width <= 0 || t->s == NULL)
		return 0;
	if (text_width(t->s, t->len) > width) {
		pre = text_prefix(t->s, t->len, width - 1, &w);
		ell = 1;
	} else {
		pre = t->len;
		w = text_width(t->s, t->len);
	}
	cls = xcalloc(pre + 1, 1);
	for (k = 0; k < t->nesc; k++)
		for (i = t->esc[k].off; i < t->esc[k].off + t->esc[k].len &&
		    i < pre; i++)
			cls[i] = 1;
	if (hl != NULL && *hl != '\0')
		mark_hits(t->s, pre, hl, cls);
	for (i = 0; i < pre; i = j) {
		for (j = i; j < pre && cls[j] == cls[i]; j++)
			;
		a = base;
		if (cls[i] == 1)
			a = selected ? base | A_BOLD : colors_attr(ROLE_ESCAPE);
		else if (cls[i] == 2)
			a = selected ? base | A_UNDERLINE :
			    colors_attr(ROLE_MATCH);
		wattrset(win, a);
		waddnstr(win, t->s + i, (int)(j - i));
	}
	if (ell) {
		wattrset(win, base);
		waddstr(win, text_glyph(GLYPH_ELLIPSIS));
		w++;
	}
	wattrset(win, A_NORMAL);
	free(cls);
	return w;
}

int
draw_str(WINDOW *win, const char *s, int width, attr_t base)
{
	struct text_safe	t;
	int			w;

	text_safe_init(&t);
	text_sanitize_str(&t, s, 0);
	w = draw_safe(win, &t, width, base, 0, NULL);
	text_safe_free(&t);
	return w;
}

int
draw_plain(WINDOW *win, const char *s, int width, attr_t base)
{
	size_t	len = strlen(s), pre;
	int	w;

	if (width <= 0)
		return 0;
	pre = text_prefix(s, len, width, &w);
	wattrset(win, base);
	waddnstr(win, s, (int)pre);
	wattrset(win, A_NORMAL);
	return w;
}

void
draw_line_bg(WINDOW *win, int y, attr_t a)
{
	/*
	 * Filled first, then drawn over: a window's bottom-right cell can be
	 * written but the cursor cannot move past it, so padding after the
	 * text would overwrite that cell.
	 */
	wmove(win, y, 0);
	wattrset(win, a);
	whline(win, ' ', getmaxx(win));
	wattrset(win, A_NORMAL);
	wmove(win, y, 0);
}

void
fmt_val(char *buf, size_t len, double v, int integer)
{
	double	a = fabs(v);
	int	neg = v < 0;

	/* At most 5 columns, the width of a value cell. */
	if (!cn_hasval(v))
		snprintf(buf, len, "%s", "");
	else if (a >= 9.95e8)
		snprintf(buf, len, "%.*fG", neg || a >= 9.95e9 ? 0 : 1,
		    v / 1e9);
	else if (a >= 9.95e5)
		snprintf(buf, len, "%.*fM", neg || a >= 9.95e6 ? 0 : 1,
		    v / 1e6);
	else if (a >= 99999.5 || (neg && a >= 9999.5))
		snprintf(buf, len, "%.0fk", v / 1e3);
	else if (integer || a >= 999.95 || (neg && a >= 99.95))
		snprintf(buf, len, "%.0f", v);
	else if (a >= 99.995 || (neg && a >= 9.995))
		snprintf(buf, len, "%.1f", v);
	else if (a >= 9.9995 || neg)
		snprintf(buf, len, "%.2f", v);
	else
		snprintf(buf, len, "%.3f", v);
}
