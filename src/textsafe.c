/*
 * textsafe.c - the one UTF-8 decoder and the one list of code points that
 * must not reach a terminal (see textsafe.h). Writes nothing itself: each
 * output (CLI, JSON, TUI) decides where the spelled-out text goes.
 */
#include "config.h"

#include "textsafe.h"

#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

int
textsafe_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 c, min;
	int			 n, i;

	if (len == 0) {
		*cp = 0;
		return -1;
	}
	*cp = u[0];
	if (u[0] < 0x80)
		return 1;
	if ((u[0] & 0xe0) == 0xc0) {
		n = 2;
		c = u[0] & 0x1f;
		min = 0x80;
	} else if ((u[0] & 0xf0) == 0xe0) {
		n = 3;
		c = u[0] & 0x0f;
		min = 0x800;
	} else if ((u[0] & 0xf8) == 0xf0) {
		n = 4;
		c = u[0] & 0x07;
		min = 0x10000;
	} else
		return -1;
	if (len < (size_t)n)
		return -1;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (u[i] & 0x3f);
	}
	/* Overlong forms could smuggle a control past a byte-level check. */
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	return n;
}

int
textsafe_unsafe(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f)
		return 1;			/* C0 controls, DEL */
	if (cp < 0x80)
		return 0;
	if (cp < 0xa0)
		return 1;			/* C1: 8-bit CSI, OSC, DCS */
	/* Bidi controls reorder what the terminal shows around them. */
	if (cp == 0x061c || cp == 0x200e || cp == 0x200f)
		return 1;			/* ALM, LRM, RLM */
	if (cp >= 0x2028 && cp <= 0x202e)
		return 1;		/* LS, PS, LRE RLE PDF LRO RLO */
	if (cp >= 0x2066 && cp <= 0x2069)
		return 1;			/* LRI RLI FSI PDI */
	return 0;
}

int
textsafe_width(uint32_t cp)
{
	int	 w;

	if (textsafe_unsafe(cp))
		return 0;
	w = utf8proc_charwidth((utf8proc_int32_t)cp);
	if (w < 0)
		return 1;
	return w > 2 ? 2 : w;
}

size_t
textsafe_next(const char *s, size_t len, struct textsafe_piece *p)
{
	int	 n;

	if ((n = textsafe_decode(s, len, &p->cp)) < 0) {
		p->kind = TEXTSAFE_INVALID;
		p->len = 1;
		p->width = 0;
		return 1;
	}
	p->len = (size_t)n;
	if (textsafe_unsafe(p->cp)) {
		p->kind = TEXTSAFE_UNSAFE;
		p->width = 0;
	} else {
		p->kind = TEXTSAFE_PRINT;
		p->width = textsafe_width(p->cp);
	}
	return p->len;
}

size_t
textsafe_spell(const struct textsafe_piece *p, char out[TEXTSAFE_SPELL_MAX],
    unsigned flags)
{
	const char	*c = NULL;

	if (p->kind != TEXTSAFE_INVALID && (flags & TEXTSAFE_CESC)) {
		if (p->cp == '\n')
			c = "\\n";
		else if (p->cp == '\t')
			c = "\\t";
		else if (p->cp == '\r')
			c = "\\r";
	}
	if (c != NULL)
		snprintf(out, TEXTSAFE_SPELL_MAX, "%s", c);
	else if (p->kind == TEXTSAFE_INVALID || p->cp < 0x20 || p->cp == 0x7f)
		snprintf(out, TEXTSAFE_SPELL_MAX, "\\x%02x",
		    (unsigned)p->cp & 0xff);
	else
		snprintf(out, TEXTSAFE_SPELL_MAX, "\\u%04x", (unsigned)p->cp);
	return strlen(out);
}
