/*
 * live-stream.c - the two stream framings of model servers, SSE and
 * NDJSON, as pure functions: bytes in (split anywhere), events out. No
 * I/O and no JSON here; live-proto.c reads the events.
 */
#include "config.h"

#include <string.h>

#include "live.h"

void
live_sse_init(struct live_sse *p)
{
	memset(p, 0, sizeof *p);
	buf_init(&p->line);
	buf_init(&p->data);
	buf_init(&p->event);
	p->max_line = LIVE_MAX_LINE;
}

void
live_sse_free(struct live_sse *p)
{
	buf_free(&p->line);
	buf_free(&p->data);
	buf_free(&p->event);
}

/* A blank line: hands over the event gathered so far. */
static int
sse_dispatch(struct live_sse *p, live_event_cb cb, void *arg)
{
	const char	*ev;
	int		 rc = 0;

	if (p->have_data) {
		if (p->legacy_error)
			ev = "error";
		else if (p->event.len > 0)
			ev = p->event.s;
		else
			ev = "message";
		rc = cb(arg, ev, p->data.s, p->data.len);
	}
	buf_reset(&p->data);
	buf_reset(&p->event);
	p->have_data = 0;
	p->legacy_error = 0;
	return rc;
}

/* One complete line (without its end). */
static int
sse_line(struct live_sse *p, live_event_cb cb, void *arg)
{
	const char	*l = p->line.s, *colon, *val;
	size_t		 flen;

	if (p->line.len == 0)
		return sse_dispatch(p, cb, arg);
	if (l[0] == ':')
		return 0;	/* a comment: keep-alive */
	colon = memchr(l, ':', p->line.len);
	flen = colon != NULL ? (size_t)(colon - l) : p->line.len;
	val = colon != NULL ? colon + 1 : l + p->line.len;
	if (*val == ' ')
		val++;
	if (flen == 4 && memcmp(l, "data", 4) == 0) {
		if (p->have_data)
			buf_addc(&p->data, '\n');
		buf_adds(&p->data, val);
		p->have_data = 1;
	} else if (flen == 5 && memcmp(l, "event", 5) == 0) {
		buf_reset(&p->event);
		buf_adds(&p->event, val);
	} else if (flen == 5 && memcmp(l, "error", 5) == 0) {
		/* llama.cpp before PR 16109 sent errors in this field. */
		if (p->have_data)
			buf_addc(&p->data, '\n');
		buf_adds(&p->data, val);
		p->have_data = 1;
		p->legacy_error = 1;
	}
	return 0;
}

int
live_sse_feed(struct live_sse *p, const char *buf, size_t len,
    live_event_cb cb, void *arg, char **cause)
{
	size_t	i;
	int	rc;

	for (i = 0; i < len; i++) {
		unsigned char	c = (unsigned char)buf[i];

		if (!p->started) {
			/* Skip a UTF-8 BOM, even when split. */
			static const unsigned char bom[] = { 0xef, 0xbb, 0xbf };

			if (p->line.len < 3 && c == bom[p->line.len]) {
				buf_addc(&p->line, (char)c);
				if (p->line.len == 3) {
					buf_reset(&p->line);
					p->started = 1;
				}
				continue;
			}
			p->started = 1;
		}
		if (p->after_cr) {
			p->after_cr = 0;
			if (c == '\n')
				continue;
		}
		if (c == '\r' || c == '\n') {
			p->after_cr = c == '\r';
			rc = sse_line(p, cb, arg);
			buf_reset(&p->line);
			if (rc != 0)
				return rc;
			continue;
		}
		if (p->line.len >= p->max_line) {
			if (cause != NULL)
				*cause = xasprintf("stream line longer than %zu"
				    " bytes", p->max_line);
			return -1;
		}
		buf_addc(&p->line, (char)c);
	}
	return 0;
}

void
live_ndjson_init(struct live_ndjson *p)
{
	buf_init(&p->line);
	p->max_line = LIVE_MAX_LINE;
}

void
live_ndjson_free(struct live_ndjson *p)
{
	buf_free(&p->line);
}

/* Hands over the line gathered so far, unless it is blank. */
static int
ndjson_line(struct live_ndjson *p, live_event_cb cb, void *arg)
{
	size_t	n = p->line.len;
	int	rc = 0;

	while (n > 0 && (p->line.s[n - 1] == '\r' || p->line.s[n - 1] == ' '
	    || p->line.s[n - 1] == '\t'))
		n--;
	if (n > 0) {
		p->line.s[n] = '\0';
		rc = cb(arg, NULL, p->line.s, n);
	}
	buf_reset(&p->line);
	return rc;
}

int
live_ndjson_feed(struct live_ndjson *p, const char *buf, size_t len,
    live_event_cb cb, void *arg, char **cause)
{
	const char	*nl;
	size_t		 k;
	int		 rc;

	while (len > 0) {
		nl = memchr(buf, '\n', len);
		k = nl != NULL ? (size_t)(nl - buf) : len;
		if (p->line.len + k > p->max_line) {
			if (cause != NULL)
				*cause = xasprintf("stream line longer than %zu"
				    " bytes", p->max_line);
			return -1;
		}
		buf_add(&p->line, buf, k);
		if (nl == NULL)
			break;
		if ((rc = ndjson_line(p, cb, arg)) != 0)
			return rc;
		buf += k + 1;
		len -= k + 1;
	}
	return 0;
}

int
live_ndjson_finish(struct live_ndjson *p, live_event_cb cb, void *arg,
    char **cause)
{
	return ndjson_line(p, cb, arg);
}

/* The length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	size_t		 need, i;
	uint32_t	 cp;

	if (s[0] < 0x80)
		return s[0] != 0;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	if (n < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

void
live_utf8_add(struct cn_buf *b, const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, k;

	while (i < len) {
		k = utf8_seq(u + i, len - i);
		if (k == 0) {
			buf_adds(b, "\xef\xbf\xbd");
			i++;
			continue;
		}
		buf_add(b, u + i, k);
		i += k;
	}
}
