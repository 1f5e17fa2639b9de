/*
 * follow.h - reading a file that another process is still appending to
 * (`canopy import --follow`, like `tail -F`): a stdio stream that hands out
 * only complete lines, waits for more at the end instead of ending, follows
 * truncation and replacement (log rotation), and ends cleanly when asked
 * to stop (a signal) or when no data came for a given time.
 */
#ifndef CN_FOLLOW_H
#define CN_FOLLOW_H

#include <signal.h>
#include <stdio.h>

struct follow;

/*
 * Called at a line boundary of the stream (every byte handed out so far
 * ends a complete line) when at least the checkpoint interval has passed
 * since the last call and lines were handed out since. Returns 0, or -1
 * and *cause (heap): the stream then fails with a read error and
 * follow_info() gives the cause.
 */
typedef int (*follow_checkpoint_fn)(void *arg, char **cause);

/* Called about every interval while waiting for data (status lines). */
typedef void (*follow_idle_fn)(void *arg);

/* Shows a note such as "run.jsonl: truncated, reading from the start". */
typedef void (*follow_note_fn)(void *arg, const char *note);

struct follow_opts {
	double			 interval;	/* seconds between checkpoints
						   (0: 1) */
	double			 idle;		/* > 0: end after this long
						   without new data */
	double			 poll;		/* seconds between looks at the
						   file; 0: 0.1 */
	follow_checkpoint_fn	 checkpoint;	/* or NULL */
	follow_idle_fn		 waiting;	/* or NULL */
	void			*arg;
	follow_note_fn		 note;		/* truncation, rotation... */
	FILE			*msg;		/* or, without note, notes go
						   here; NULL: stderr */
};

/*
 * Opens path (a regular file) for following. Returns the follower, or
 * NULL and *cause (heap). opts is copied.
 */
struct follow	*follow_open(const char *path, const struct follow_opts *,
		    char **cause);
/* Closes the stream and the file. */
void		 follow_close(struct follow *);

/*
 * Waits until the file holds at least one complete line (or max bytes
 * without a newline), then gives the complete lines among its first max
 * bytes, to sniff the format: *buf (heap, caller frees) and *len; nothing
 * is consumed. Says "PATH: waiting for a first line" when it waits.
 * Returns 1, 0 when told to stop first (nothing to sniff), or -1 and
 * *cause.
 */
int		 follow_head(struct follow *, size_t max, char **buf,
		    size_t *len, char **cause);

/*
 * Resuming: before anything is read from the stream, hashes the file's
 * first bytes and makes the stream start after them. Returns 1, 0 if the
 * file is shorter than that (nothing skipped that can be trusted), or -1
 * and *cause.
 */
int		 follow_skip(struct follow *, long long bytes, char **cause);

/*
 * Where the data handed out of the current file ends: *bytes from its
 * start, holding *lines newlines, whose SHA-256 is sha256 (64 hex digits).
 * Called at a checkpoint, that is what a later follow can resume after
 * (follow_skip). A truncation or a replacement starts it again at 0.
 */
void		 follow_prefix(const struct follow *, long long *bytes,
		    long long *lines, char sha256[65]);

/* What a follower gives its reader, read together: follow_info(). */
struct follow_info {
	/*
	 * The stream of complete lines (owned by the follower; do not
	 * fclose). It ends (EOF) once follow_stop() was called or the idle
	 * limit passed.
	 */
	FILE		*stream;
	long long	 bytes;		/* handed out so far (every file) */
	const char	*error;		/* why the stream failed (a
					   checkpoint or read error), or NULL */
	int		 stopped;	/* it ended because of follow_stop() */
	size_t		 held;		/* bytes of an incomplete last line
					   held back when it ended */
};
/* The follower's stream and figures, kept current as it is read. */
const struct follow_info *follow_info(const struct follow *);

/*
 * Asks every follower to end its stream (async-signal-safe; a follower
 * notices within its poll interval).
 */
void		 follow_stop(void);
/* Clears a previous follow_stop() (tests). */
void		 follow_reset(void);
/*
 * Makes SIGINT, SIGTERM and SIGHUP call follow_stop(); a second one of
 * them kills the process as usual.
 */
int		 follow_catch_signals(void);
/* The flag follow_stop() sets, for store_interrupt_on(). */
const volatile sig_atomic_t *follow_stop_flag_ptr(void);
/* The signal caught by follow_catch_signals(), or 0. */
int		 follow_signal(void);

#endif /* CN_FOLLOW_H */
