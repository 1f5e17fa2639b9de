/*
 * clipboard.c - the OSC 52 sequence and what goes into it (clipboard.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "canopy.h"
#include "clipboard.h"
#include "textsafe.h"

char *
clipboard_sanitize(const char *text)
{
	struct cn_buf	 b;
	size_t		 len = strlen(text), at = 0;
	uint32_t	 cp;
	char		*out;
	int		 k;

	buf_init(&b);
	while (at < len) {
		k = textsafe_decode(text + at, len - at, &cp);
		if (k < 0) {
			k = 1;
			cp = ' ';
		}
		if (b.len + (size_t)k > CLIPBOARD_MAX)
			break;
		if (cp == ' ' || textsafe_unsafe(cp))
			buf_addc(&b, ' ');
		else
			buf_add(&b, text + at, (size_t)k);
		at += (size_t)k;
	}
	out = xstrdup(b.len > 0 ? b.s : "");
	buf_free(&b);
	return out;
}

char *
clipboard_base64(const char *data, size_t len)
{
	static const char	 abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char	*p = (const unsigned char *)data;
	char			*out, *o;
	uint32_t		 v;
	size_t			 i;

	out = o = xmalloc(4 * ((len + 2) / 3) + 1);
	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		*o++ = abc[v >> 18 & 63];
		*o++ = abc[v >> 12 & 63];
		*o++ = abc[v >> 6 & 63];
		*o++ = abc[v & 63];
	}
	if (i < len) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)p[i + 1] << 8;
		*o++ = abc[v >> 18 & 63];
		*o++ = abc[v >> 12 & 63];
		*o++ = i + 1 < len ? abc[v >> 6 & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

char *
clipboard_osc52(const char *text)
{
	char	*safe, *b64, *seq;

	safe = clipboard_sanitize(text);
	b64 = clipboard_base64(safe, strlen(safe));
	seq = xasprintf("\033]52;c;%s\a", b64);
	free(b64);
	free(safe);
	return seq;
}

int
clipboard_auto(const char *term, const char *tmux)
{
	static const char *const	 families[] = { "xterm", "tmux",
					    "screen", "alacritty", "kitty",
					    "foot", "wezterm", NULL };
	size_t				 i;

	if (tmux != NULL && *tmux != '\0')
		return 1;
	if (term == NULL)
		return 0;
	for (i = 0; families[i] != NULL; i++)
		if (strncmp(term, families[i], strlen(families[i])) == 0)
			return 1;
	return 0;
}
