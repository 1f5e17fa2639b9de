/*
 * replay.c - the headless benchmark mode of `canopy tui --replay KEYS
 * --timings OUT [--size RxC]`. curses runs on a scratch file of a fixed
 * size (see tui_init) instead of the terminal; keys come from a script and
 * each step is timed from the first key to the end of its doupdate().
 *
 * The key script has one step per line, written in the config's key
 * syntax (keys.h): a line is a sequence of keys, each a character or a
 * <Name>, e.g. `j`, `<PgDn>`, `/foo<Enter>`, `:depth 3<Enter>`. Empty
 * lines and lines starting with '#' are skipped (write <Hash> for the key).
 *
 * The timings file is tab-separated text:
 *
 *	# canopy replay v1 <rows>x<cols>
 *	first-screen	<usec>	<bytes>
 *	key	<step>	<usec>	<bytes>
 *	...
 *
 * first-screen is the time from entering tui_run() (database open
 * included) to the end of the first doupdate(), and the bytes it wrote
 * (the trace list's first page; the rest is then read, untimed);
 * each key line gives the step as written in the script, the microseconds
 * from feeding its first key to the end of the redraw, and the bytes
 * written to the terminal for it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "tui-int.h"

static int64_t
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Bytes curses has written so far (it flushes at the end of doupdate). */
static long long
written(struct tui *t)
{
	struct stat	sb;

	fflush(t->term_out);
	if (fstat(fileno(t->term_out), &sb) != 0)
		return -1;
	return (long long)sb.st_size;
}

/*
 * Splits a script line into keys. Returns the count, or -1 with *cause
 * naming the bad key.
 */
static int
parse_step(const char *line, int *keys, int max, char **cause)
{
	const char	*p = line, *e;
	char		 one[64];
	uint32_t	 cp;
	int		 n = 0, len;

	while (*p != '\0' && n < max) {
		if (*p == '<' && (e = strchr(p, '>')) != NULL &&
		    (size_t)(e - p) < sizeof one - 1 && e - p > 1) {
			memcpy(one, p, (size_t)(e - p + 1));
			one[e - p + 1] = '\0';
			if (keys_parse_key(one, &keys[n], NULL) == 0) {
				n++;
				p = e + 1;
				continue;
			}
		}
		len = textsafe_decode(p, strlen(p), &cp);
		if (len < 0) {
			if (cause != NULL)
				*cause = xasprintf("bad UTF-8 in '%s'", line);
			return -1;
		}
		keys[n++] = keys_normalize((int)cp);
		p += len;
	}
	return n;
}

int
replay_run(struct tui *t, const char *keys_path, const char *timings_path,
    char **cause)
{
	FILE		*in, *out;
	char		*line = NULL;
	size_t		 cap = 0;
	ssize_t		 len;
	int		 keys[256], n, i, lineno = 0, rc = -1, rows, cols;
	int64_t		 t0;
	long long	 b0, b1;
	char		*c = NULL;

	if ((in = fopen(keys_path, "r")) == NULL) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", keys_path,
			    strerror(errno));
		return -1;
	}
	if ((out = fopen(timings_path, "w")) == NULL) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", timings_path,
			    strerror(errno));
		fclose(in);
		return -1;
	}
	getmaxyx(stdscr, rows, cols);
	fprintf(out, "# canopy replay v1 %dx%d\n", rows, cols);
	tui_draw(t);
	fprintf(out, "first-screen\t%lld\t%lld\n",
	    (long long)(now_us() - t->start_us), written(t));
	/* The rest of the trace list is read before the keys, untimed. */
	while (tui_idle(t) != 0)
		;
	tui_draw(t);
	while ((len = getline(&line, &cap, in)) != -1) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if ((n = parse_step(line, keys, 256, &c)) < 0) {
			if (cause != NULL)
				*cause = xasprintf("%s:%d: %s", keys_path,
				    lineno, c);
			free(c);
			goto out;
		}
		b0 = written(t);
		t0 = now_us();
		for (i = 0; i < n; i++) {
			if (tui_feed_key(t, keys[i]) & TUI_QUIT)
				break;
			tui_draw(t);
		}
		b1 = written(t);
		fprintf(out, "key\t%s\t%lld\t%lld\n", line,
		    (long long)(now_us() - t0), b1 - b0);
		if (i < n)
			break;
	}
	rc = 0;
out:
	free(line);
	fclose(in);
	if (fclose(out) != 0 && rc == 0) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", timings_path,
			    strerror(errno));
		rc = -1;
	}
	return rc;
}
