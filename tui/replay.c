/*
 * replay.c - the headless benchmark mode of `canopy tui --replay KEYS
 * --timings OUT [--size RxC]`: an input source for the one loop of
 * tui.c. curses runs on a scratch file of a fixed size (see tui_init)
 * instead of the terminal; keys come from a script and each step is timed
 * from its first key to the end of the redraw after its last one (the
 * loop draws before it asks for the next key).
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

#include "tui-int.h"

/*
 * Where the replay is: before the first screen, reading the rest of the
 * trace list (untimed), then the steps of the script.
 */
enum replay_state { REPLAY_FIRST, REPLAY_DRAIN, REPLAY_STEPS, REPLAY_END };

struct replay {
	enum replay_state	 state;
	FILE			*in, *out;
	const char		*keys_path;
	const char		*timings_path;
	char			*line;	/* the step being fed */
	size_t			 cap;
	int			 lineno;
	int			 keys[256], nkeys, next;
	int64_t			 t0;	/* the step's first key */
	long long		 b0;	/* bytes written before it */
	char			*error;	/* a bad script line */
};

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

/* Writes the timing of the step just fed (the loop has drawn it). */
static void
step_end(struct tui *t, struct replay *r)
{
	if (r->nkeys == 0)
		return;
	fprintf(r->out, "key\t%s\t%lld\t%lld\n", r->line,
	    (long long)(tui_now_us() - r->t0), written(t) - r->b0);
	r->nkeys = 0;
}

/* Reads the next step of the script; 0 at its end or on a bad line. */
static int
step_next(struct replay *r)
{
	ssize_t	 len;
	char	*c = NULL;

	while ((len = getline(&r->line, &r->cap, r->in)) != -1) {
		r->lineno++;
		while (len > 0 && (r->line[len - 1] == '\n' ||
		    r->line[len - 1] == '\r'))
			r->line[--len] = '\0';
		if (len == 0 || r->line[0] == '#')
			continue;
		if ((r->nkeys = parse_step(r->line, r->keys, 256, &c)) < 0) {
			r->error = xasprintf("%s:%d: %s", r->keys_path,
			    r->lineno, c);
			free(c);
			r->nkeys = 0;
			return 0;
		}
		if (r->nkeys == 0)
			continue;
		r->next = 0;
		return 1;
	}
	return 0;
}

static int
replay_read(struct tui *t, int busy, void *arg)
{
	struct replay	*r = arg;

	switch (r->state) {
	case REPLAY_FIRST:
		/* The loop has drawn the first screen. */
		fprintf(r->out, "first-screen\t%lld\t%lld\n",
		    (long long)(tui_now_us() - t->start_us), written(t));
		r->state = REPLAY_DRAIN;
		return CN_KEY_NONE;
	case REPLAY_DRAIN:
		/* The rest of the trace list is read before the keys. */
		if (busy)
			return CN_KEY_NONE;
		r->state = REPLAY_STEPS;
		break;
	case REPLAY_STEPS:
		break;
	case REPLAY_END:
		return TUI_INPUT_END;
	}
	if (r->nkeys > 0 && r->next == r->nkeys)
		step_end(t, r);
	if (r->nkeys == 0) {
		if (!step_next(r)) {
			r->state = REPLAY_END;
			return TUI_INPUT_END;
		}
		r->b0 = written(t);
		r->t0 = tui_now_us();
	}
	return r->keys[r->next++];
}

/* The loop ended (the script, or a key that quits): time the last step. */
static void
replay_done(struct tui *t, void *arg)
{
	step_end(t, arg);
}

int
replay_open(struct tui *t, struct tui_input *in, const char *keys_path,
    const char *timings_path, char **cause)
{
	struct replay	*r;
	int		 rows, cols;

	r = xcalloc(1, sizeof *r);
	r->keys_path = keys_path;
	r->timings_path = timings_path;
	if ((r->in = fopen(keys_path, "r")) == NULL) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", keys_path,
			    strerror(errno));
		free(r);
		return -1;
	}
	if ((r->out = fopen(timings_path, "w")) == NULL) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", timings_path,
			    strerror(errno));
		fclose(r->in);
		free(r);
		return -1;
	}
	(void)t;
	getmaxyx(stdscr, rows, cols);
	fprintf(r->out, "# canopy replay v1 %dx%d\n", rows, cols);
	in->read = replay_read;
	in->done = replay_done;
	in->arg = r;
	return 0;
}

int
replay_close(struct tui_input *in, char **cause)
{
	struct replay	*r = in->arg;
	int		 rc = 0;

	if (r->error != NULL) {
		if (cause != NULL)
			*cause = r->error;
		else
			free(r->error);
		rc = -1;
	}
	fclose(r->in);
	if (fclose(r->out) != 0 && rc == 0) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", r->timings_path,
			    strerror(errno));
		rc = -1;
	}
	free(r->line);
	free(r);
	in->arg = NULL;
	return rc;
}
