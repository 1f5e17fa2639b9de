/*
 * follow.c - a stdio stream over a file that is still being written (see
 * follow.h): complete lines only, waiting at the end, truncation and
 * rotation followed, and a checkpoint hook at line boundaries.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "canopy.h"
#include "follow.h"

/* How much is read from the file at a time. */
#define FOLLOW_CHUNK	65536

static volatile sig_atomic_t	follow_stop_flag;
static volatile sig_atomic_t	follow_signo;

struct follow {
	char			*path;
	int			 fd;
	dev_t			 dev;
	ino_t			 ino;
	off_t			 foff;		/* bytes read from fd */
	/*
	 * Bytes read but not handed out: buf[pos, done) are complete
	 * lines, buf[done, len) an incomplete last line held back.
	 */
	char			*buf;
	size_t			 pos, done, len, cap;
	struct follow_info	 info;	/* the stream and what it handed out */
	int			 boundary;	/* handed out whole lines */
	int			 dirty;		/* handed out since the last
						   checkpoint */
	int			 ended;
	/*
	 * Where the current file's handed-out bytes end, for a later follow
	 * to resume: their count, their newlines and their SHA-256. The
	 * first `stale` bytes of buf[pos, len) came from a file (or a
	 * version of it) before the current one and do not count.
	 */
	off_t			 cur_off;
	long long		 cur_lines;
	EVP_MD_CTX		*cur_hash;
	size_t			 stale;
	double			 last_ckpt, last_data, last_wait;
	struct follow_opts	 o;
};

static void
fw_note(struct follow *fw, const char *what)
{
	char	*s;

	if (fw->o.note != NULL) {
		s = xasprintf("%s: %s", fw->path, what);
		fw->o.note(fw->o.arg, s);
		free(s);
	} else
		fprintf(fw->o.msg != NULL ? fw->o.msg : stderr, "%s: %s\n",
		    fw->path, what);
}

/*
 * The file changed under the follower (truncated or replaced): what is
 * buffered belongs to its past, and the prefix starts again at 0.
 */
static void
fw_restart_prefix(struct follow *fw)
{
	fw->stale = fw->len - fw->pos;
	fw->cur_off = 0;
	fw->cur_lines = 0;
	if (EVP_DigestInit_ex(fw->cur_hash, EVP_sha256(), NULL) != 1)
		fatalx("follow: cannot initialise SHA-256");
}

/* Counts n bytes at p, handed out, into the current file's prefix. */
static void
fw_prefix_add(struct follow *fw, const char *p, size_t n)
{
	const char	*e = p + n;
	size_t		 k;

	k = fw->stale < n ? fw->stale : n;
	fw->stale -= k;
	p += k;
	if (p == e)
		return;
	if (EVP_DigestUpdate(fw->cur_hash, p, (size_t)(e - p)) != 1)
		fatalx("follow: SHA-256 failed");
	fw->cur_off += e - p;
	while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		fw->cur_lines++;
		p++;
	}
}

/* Sleeps one poll interval; a signal cuts it short. */
static void
fw_sleep(const struct follow *fw)
{
	int	ms;

	ms = (int)(fw->o.poll * 1000);
	(void)poll(NULL, 0, ms > 0 ? ms : 1);
}

static int
fw_open_fd(const char *path, int *fd, struct stat *sb, char **cause)
{
	if ((*fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(*fd, sb) != 0 || !S_ISREG(sb->st_mode)) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", path, S_ISDIR(sb->st_mode)
			    ? "is a directory, not a file" :
			    "not a regular file");
		close(*fd);
		*fd = -1;
		return -1;
	}
	return 0;
}

/*
 * Called at the end of the data of the current file. Follows a truncation
 * or a replacement of the file; returns 1 if there may be new data to
 * read, 0 if not.
 */
static int
fw_check_file(struct follow *fw)
{
	struct stat	sb;
	int		fd;

	if (fstat(fw->fd, &sb) == 0 && sb.st_size < fw->foff) {
		fw_note(fw, "truncated, reading from the start");
		/* An incomplete line from before cannot be finished now. */
		fw->len = fw->done;
		fw->foff = 0;
		fw_restart_prefix(fw);
		if (lseek(fw->fd, 0, SEEK_SET) != 0)
			return 0;
		return 1;
	}
	/* Gone (a rotation under way) or still the same file: wait. */
	if (stat(fw->path, &sb) != 0 ||
	    (sb.st_dev == fw->dev && sb.st_ino == fw->ino))
		return 0;
	if (fw_open_fd(fw->path, &fd, &sb, NULL) != 0)
		return 0;
	fw_note(fw, "replaced (log rotation), reading the new file");
	/* The old file is over: its unterminated last line is a line. */
	if (fw->len > fw->done) {
		if (fw->len == fw->cap) {
			fw->cap = fw->cap * 2 + 1;
			fw->buf = xrealloc(fw->buf, fw->cap);
		}
		fw->buf[fw->len++] = '\n';
		fw->done = fw->len;
	}
	close(fw->fd);
	fw->fd = fd;
	fw->dev = sb.st_dev;
	fw->ino = sb.st_ino;
	fw->foff = 0;
	fw_restart_prefix(fw);
	return 1;
}

/* Reads what the file has now; returns bytes read, 0 at its end, -1. */
static ssize_t
fw_fill(struct follow *fw)
{
	ssize_t	 n;
	char	*nl;

	/* Keep only what was not handed out, at the front. */
	if (fw->pos > 0) {
		memmove(fw->buf, fw->buf + fw->pos, fw->len - fw->pos);
		fw->len -= fw->pos;
		fw->done -= fw->pos;
		fw->pos = 0;
	}
	if (fw->cap - fw->len < FOLLOW_CHUNK) {
		fw->cap = fw->len + FOLLOW_CHUNK;
		fw->buf = xrealloc(fw->buf, fw->cap);
	}
	do
		n = read(fw->fd, fw->buf + fw->len, FOLLOW_CHUNK);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return n;
	nl = memrchr(fw->buf + fw->len, '\n', (size_t)n);
	fw->len += (size_t)n;
	fw->foff += n;
	if (nl != NULL)
		fw->done = (size_t)(nl - fw->buf) + 1;
	fw->last_data = cn_clock();
	return n;
}

/* Checkpoints if it is time; -1 when the checkpoint failed. */
static int
fw_maybe_checkpoint(struct follow *fw)
{
	double	t;
	char	*cause = NULL;

	if (fw->o.checkpoint == NULL || !fw->boundary || !fw->dirty)
		return 0;
	t = cn_clock();
	if (t - fw->last_ckpt < fw->o.interval)
		return 0;
	if (fw->o.checkpoint(fw->o.arg, &cause) != 0) {
		fw->info.error = cause != NULL ? cause :
		    xstrdup("checkpoint failed");
		return -1;
	}
	fw->last_ckpt = cn_clock();
	fw->dirty = 0;
	return 0;
}

static ssize_t
fw_read(void *cookie, char *out, size_t size)
{
	struct follow	*fw = cookie;
	char		*nl;
	size_t		 n;
	ssize_t		 r;
	double		 t;

	if (fw->info.error != NULL) {
		errno = EIO;
		return -1;
	}
	for (;;) {
		/*
		 * stdio asks for more only once the importer consumed all it
		 * was given: at a line boundary, a record boundary.
		 */
		if (fw_maybe_checkpoint(fw) != 0) {
			errno = EIO;
			return -1;
		}
		if (fw->ended)
			return 0;
		if (fw->done > fw->pos) {
			n = fw->done - fw->pos;
			/*
			 * End at a newline when one fits, so that the next
			 * call comes at a line boundary (a checkpoint).
			 */
			if (n > size) {
				nl = memrchr(fw->buf + fw->pos, '\n', size);
				n = nl != NULL ?
				    (size_t)(nl - (fw->buf + fw->pos)) + 1 :
				    size;
			}
			memcpy(out, fw->buf + fw->pos, n);
			fw_prefix_add(fw, fw->buf + fw->pos, n);
			fw->pos += n;
			fw->info.bytes += (long long)n;
			fw->boundary = out[n - 1] == '\n';
			fw->dirty = 1;
			return (ssize_t)n;
		}
		/* Told to stop: what was read is handed out, no more. */
		if (follow_stop_flag) {
			fw->info.stopped = 1;
			break;
		}
		if ((r = fw_fill(fw)) < 0) {
			fw->info.error = xasprintf("%s: %s", fw->path,
			    strerror(errno));
			errno = EIO;
			return -1;
		}
		if (r > 0 || fw_check_file(fw))
			continue;
		t = cn_clock();
		if (fw->o.idle > 0 && t - fw->last_data >= fw->o.idle)
			break;
		if (fw->o.waiting != NULL &&
		    t - fw->last_wait >= fw->o.interval) {
			fw->last_wait = t;
			fw->o.waiting(fw->o.arg);
		}
		fw_sleep(fw);
	}
	fw->ended = 1;
	fw->info.held = fw->len - fw->done;
	return 0;
}

static int
fw_close(void *cookie)
{
	(void)cookie;
	return 0;
}

struct follow *
follow_open(const char *path, const struct follow_opts *o, char **cause)
{
	cookie_io_functions_t	 io;
	struct follow		*fw;
	struct stat		 sb;
	int			 fd;

	if (fw_open_fd(path, &fd, &sb, cause) != 0)
		return NULL;
	fw = xcalloc(1, sizeof *fw);
	fw->path = xstrdup(path);
	fw->fd = fd;
	fw->dev = sb.st_dev;
	fw->ino = sb.st_ino;
	fw->boundary = 1;
	if ((fw->cur_hash = EVP_MD_CTX_new()) == NULL)
		fatalx("follow: cannot initialise SHA-256");
	fw_restart_prefix(fw);
	if (o != NULL)
		fw->o = *o;
	if (fw->o.poll <= 0)
		fw->o.poll = 0.1;
	if (fw->o.interval <= 0)
		fw->o.interval = 1;
	fw->last_ckpt = fw->last_data = fw->last_wait = cn_clock();
	memset(&io, 0, sizeof io);
	io.read = fw_read;
	io.close = fw_close;
	if ((fw->info.stream = fopencookie(fw, "r", io)) == NULL) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", path, strerror(errno));
		follow_close(fw);
		return NULL;
	}
	return fw;
}

void
follow_close(struct follow *fw)
{
	if (fw == NULL)
		return;
	if (fw->info.stream != NULL)
		fclose(fw->info.stream);
	if (fw->fd >= 0)
		close(fw->fd);
	EVP_MD_CTX_free(fw->cur_hash);
	free(fw->buf);
	free(fw->path);
	xfree_const(fw->info.error);
	free(fw);
}

int
follow_head(struct follow *fw, size_t max, char **buf, size_t *len,
    char **cause)
{
	char	*b, *nl;
	ssize_t	 n, seen = -1;
	double	 t;
	int	 noted = 0;

	b = xmalloc(max > 0 ? max : 1);
	for (;;) {
		do
			n = pread(fw->fd, b, max, 0);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			if (cause != NULL)
				*cause = xasprintf("%s: %s", fw->path,
				    strerror(errno));
			free(b);
			return -1;
		}
		if ((size_t)n == max && max > 0)
			break;
		if (n > 0 && (nl = memrchr(b, '\n', (size_t)n)) != NULL) {
			n = nl - b + 1;
			break;
		}
		if (follow_stop_flag) {
			fw->info.stopped = 1;
			free(b);
			return 0;
		}
		/* Replaced before it had a line: take the new file. */
		if (fw_check_file(fw))
			continue;
		if (!noted) {
			fw_note(fw, "waiting for a first line");
			noted = 1;
		}
		/* New bytes (not yet a line) put off the idle limit. */
		t = cn_clock();
		if (n != seen) {
			if (seen >= 0)
				fw->last_data = t;
			seen = n;
		}
		if (fw->o.idle > 0 && t - fw->last_data >= fw->o.idle) {
			free(b);
			return 0;
		}
		fw_sleep(fw);
	}
	*buf = b;
	*len = (size_t)n;
	return 1;
}

int
follow_skip(struct follow *fw, long long bytes, char **cause)
{
	char	*b;
	ssize_t	 n;
	size_t	 want;
	int	 rc = 1;

	if (fw->info.bytes != 0 || fw->len != 0)
		fatalx("follow_skip: the stream has started");
	b = xmalloc(FOLLOW_CHUNK);
	while (fw->cur_off < (off_t)bytes) {
		want = FOLLOW_CHUNK;
		if ((long long)want > bytes - (long long)fw->cur_off)
			want = (size_t)(bytes - (long long)fw->cur_off);
		do
			n = pread(fw->fd, b, want, fw->cur_off);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			if (cause != NULL)
				*cause = xasprintf("%s: %s", fw->path,
				    strerror(errno));
			rc = -1;
			break;
		}
		if (n == 0) {
			rc = 0;
			break;
		}
		fw_prefix_add(fw, b, (size_t)n);
	}
	free(b);
	if (rc == 1 && lseek(fw->fd, fw->cur_off, SEEK_SET) < 0) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", fw->path, strerror(errno));
		rc = -1;
	}
	if (rc == 1)
		fw->foff = fw->cur_off;
	return rc;
}

void
follow_prefix(const struct follow *fw, long long *bytes, long long *lines,
    char sha256[65])
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 mdlen = 0, i;
	EVP_MD_CTX		*c;

	*bytes = (long long)fw->cur_off;
	*lines = fw->cur_lines;
	/* A copy, so the running hash goes on. */
	if ((c = EVP_MD_CTX_new()) == NULL ||
	    EVP_MD_CTX_copy_ex(c, fw->cur_hash) != 1 ||
	    EVP_DigestFinal_ex(c, md, &mdlen) != 1 || mdlen != 32)
		fatalx("follow: SHA-256 failed");
	EVP_MD_CTX_free(c);
	for (i = 0; i < mdlen; i++) {
		sha256[2 * i] = hex[md[i] >> 4];
		sha256[2 * i + 1] = hex[md[i] & 15];
	}
	sha256[64] = '\0';
}

const struct follow_info *
follow_info(const struct follow *fw)
{
	return &fw->info;
}

void
follow_stop(void)
{
	follow_stop_flag = 1;
}

void
follow_reset(void)
{
	follow_stop_flag = 0;
	follow_signo = 0;
}

const volatile sig_atomic_t *
follow_stop_flag_ptr(void)
{
	return &follow_stop_flag;
}

int
follow_signal(void)
{
	return follow_signo;
}

static void
fw_on_signal(int sig)
{
	follow_signo = sig;
	follow_stop_flag = 1;
}

int
follow_catch_signals(void)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fw_on_signal;
	sigemptyset(&sa.sa_mask);
	/*
	 * Restart interrupted system calls (SQLite's, stdio's): the wait
	 * polls the flag often enough. Then a second signal kills.
	 */
	sa.sa_flags = SA_RESTART | SA_RESETHAND;
	if (sigaction(SIGINT, &sa, NULL) != 0 ||
	    sigaction(SIGTERM, &sa, NULL) != 0 ||
	    sigaction(SIGHUP, &sa, NULL) != 0)
		return -1;
	return 0;
}
