/*
 * prompt.c - the one-line prompt of the command line: `:` commands,
 * searches, filters and the questions actions ask. Edits UTF-8 text; the
 * text is drawn sanitized (screen.c), never sent raw.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui-int.h"

void
tui_prompt(struct tui *t, const char *label, const char *initial,
    prompt_done_cb done, prompt_live_cb live)
{
	free(t->prompt_label);
	t->prompt_label = xstrdup(label);
	buf_reset(&t->prompt_text);
	buf_adds(&t->prompt_text, initial != NULL ? initial : "");
	t->prompt_done = done;
	t->prompt_live = live;
}

void
buf_chop(struct cn_buf *b)
{
	while (b->len > 0) {
		b->len--;
		if (((unsigned char)b->s[b->len] & 0xc0) != 0x80)
			break;
	}
	if (b->s != NULL)
		b->s[b->len] = '\0';
}

void
buf_add_cp(struct cn_buf *b, int cp)
{
	char	u[4];

	if (cp < 0x80)
		buf_addc(b, (char)cp);
	else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 4);
	}
}

int
prompt_key(struct tui *t, int key)
{
	prompt_done_cb	 done = t->prompt_done;
	char		*text;
	int		 flags = TUI_HANDLED | TUI_REDRAW;

	if (key == CN_KEY_ESC || key == CN_KEY_CTRL('g') ||
	    (key == CN_KEY_BACKSPACE && t->prompt_text.len == 0)) {
		free(t->prompt_label);
		t->prompt_label = NULL;
		if (t->prompt_live != NULL)
			t->prompt_live(t, NULL);
		return flags;
	}
	if (key == CN_KEY_ENTER) {
		text = xstrdup(t->prompt_text.s != NULL ? t->prompt_text.s :
		    "");
		free(t->prompt_label);
		t->prompt_label = NULL;
		if (done != NULL)
			flags |= done(t, text);
		free(text);
		return flags;
	}
	/* Tab completes a command's name on the `:` line. */
	if (key == CN_KEY_TAB && done == command_done) {
		command_complete(t, &t->prompt_text);
		return flags;
	}
	if (key == CN_KEY_BACKSPACE)
		buf_chop(&t->prompt_text);
	else if (key == CN_KEY_CTRL('u'))
		buf_reset(&t->prompt_text);
	else if (key >= 0x20 && key < CN_KEY_SPECIAL && key != 0x7f)
		buf_add_cp(&t->prompt_text, key);
	else
		return flags;
	if (t->prompt_live != NULL)
		t->prompt_live(t, t->prompt_text.s != NULL ?
		    t->prompt_text.s : "");
	return flags;
}

void
prompt_complete(struct tui *t, struct cn_buf *line, size_t keep,
    const char *const *cands, size_t n)
{
	struct cn_buf	 list;
	char		*head;
	size_t		 i, common = strlen(cands[0]);

	buf_init(&list);
	for (i = 0; i < n; i++) {
		while (common > 0 && strncmp(cands[0], cands[i], common) != 0)
			common--;
		buf_printf(&list, "%s%s", i > 0 ? " " : "", cands[i]);
	}
	/* Copied first: the reset below clears line. */
	head = xstrndup(line->s != NULL ? line->s : "", keep);
	buf_reset(line);
	buf_adds(line, head);
	buf_add(line, cands[0], common);
	if (n == 1)
		buf_addc(line, ' ');
	else
		tui_message(t, 0, "%s", list.s);
	free(head);
	buf_free(&list);
}
