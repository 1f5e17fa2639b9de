/*
 * copy.c - `:copy [address|report]` and its key: the cursor node's
 * address, or a one-line report of it, to the clipboard through OSC 52
 * (clipboard.h) when the terminal takes it, and always on the status
 * line, so that where it does not the text is there to copy by hand.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clipboard.h"
#include "labels.h"
#include "view-tree.h"

/* Text of a step in a one-line report, in bytes (cut at a character). */
#define REPORT_TEXT	80

/* "ADDRESS: TEXT... | q 0.93 | visits 15 | rating +1" (heap). */
static char *
report_line(struct tui *t, const struct cn_node *n, const char *address)
{
	struct cn_buf	 b;
	const char	*p;
	double		 r;
	char		*out, *safe;
	size_t		 len;
	int		 i;

	buf_init(&b);
	buf_printf(&b, "%s: ", address);
	/* One line: newlines and tabs become spaces (sanitize does it). */
	safe = clipboard_sanitize(n->text != NULL ? n->text : "");
	len = strlen(safe);
	if (len > REPORT_TEXT) {
		len = REPORT_TEXT;
		while (len > 0 && ((unsigned char)safe[len] & 0xc0) == 0x80)
			len--;
	}
	for (p = safe; p < safe + len && *p == ' '; p++)
		;
	buf_add(&b, p, len - (size_t)(p - safe));
	if (len < strlen(safe))
		buf_adds(&b, "...");
	free(safe);
	for (i = 0; i < CN_SIG_COUNT; i++) {
		if (n->sig[i] == CN_NOVAL)
			continue;
		buf_printf(&b, " | %s %.4g", cn_sig_names[i], n->sig[i]);
	}
	if ((r = labels_rating(t, n)) != CN_NOVAL)
		buf_printf(&b, " | rating %+d", (int)r);
	out = xstrdup(b.s);
	buf_free(&b);
	return out;
}

/* Sends seq to the terminal, between two curses updates. */
static void
send_sequence(struct tui *t, const char *seq)
{
	FILE	*out = t->term_out != NULL ? t->term_out : stdout;

	fflush(out);
	fputs(seq, out);
	fflush(out);
}

int
copy_action(struct tui *t, const char *arg)
{
	struct view		*v = tui_view(t, VIEW_TREE);
	struct tree_view	*tv;
	const struct cn_node	*n;
	char			*address, *text, *safe, *seq;
	int			 osc, report;

	while (arg != NULL && *arg == ' ')
		arg++;
	if (arg == NULL || *arg == '\0' || strcmp(arg, "address") == 0)
		report = 0;
	else if (strcmp(arg, "report") == 0)
		report = 1;
	else {
		tui_message(t, 1, "copy: expected address or report");
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (t->cur != v || !v->is_open || (tv = v->data) == NULL ||
	    (n = tm_cursor_node(tv->tm)) == NULL) {
		tui_message(t, 1, "copy: open a trace first (the cursor node"
		    " is copied)");
		return TUI_HANDLED | TUI_REDRAW;
	}
	if ((address = store_node_address(t->st, n->id)) == NULL) {
		tui_message(t, 1, "copy: no address for #%lld",
		    (long long)n->id);
		return TUI_HANDLED | TUI_REDRAW;
	}
	text = report ? report_line(t, n, address) : xstrdup(address);
	safe = clipboard_sanitize(text);
	osc = t->set.clipboard == CLIPBOARD_OSC52 ||
	    (t->set.clipboard == CLIPBOARD_AUTO &&
	    clipboard_auto(getenv("TERM"), getenv("TMUX")));
	if (osc) {
		seq = clipboard_osc52(safe);
		send_sequence(t, seq);
		free(seq);
		tui_message(t, 0, "copied (OSC 52): %s", safe);
	} else
		tui_message(t, 0, "copy by hand: %s", safe);
	free(safe);
	free(text);
	free(address);
	return TUI_HANDLED | TUI_REDRAW;
}
