/*
 * demo.c - the demo database: built once, when absent, from the demo files
 * shipped with canopy (demo/), then opened by `canopy demo`.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* A file that every demo directory has. */
#define DEMO_MARK	"mcts-demo.canopy.jsonl"

/* Is dir a demo directory? */
static int
demo_dir_ok(const char *dir)
{
	char	*p;
	int	 ok;

	p = xasprintf("%s/%s", dir, DEMO_MARK);
	ok = access(p, R_OK) == 0;
	free(p);
	return ok;
}

/*
 * Finds the demo files: $CANOPY_DEMO_DIR, the installed copy, or demo/ of
 * the source tree next to the running binary (uninstalled builds).
 */
static char *
demo_dir(void)
{
	static const char *const rel[] = { "../demo", "../../demo",
	    "demo", NULL };
	const char	*e;
	char		 exe[PATH_MAX], *d, *slash;
	ssize_t		 n;
	int		 i;

	if ((e = getenv("CANOPY_DEMO_DIR")) != NULL && *e != '\0')
		return demo_dir_ok(e) ? xstrdup(e) : NULL;
	d = xasprintf("%s/demo", CN_DATADIR);
	if (demo_dir_ok(d))
		return d;
	free(d);
	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) <= 0)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';
	for (i = 0; rel[i] != NULL; i++) {
		d = xasprintf("%s/%s", exe, rel[i]);
		if (demo_dir_ok(d))
			return d;
		free(d);
	}
	return NULL;
}

/* mkdir -p of the directory part of path. */
static int
mkdir_parents(const char *path, char **cause)
{
	char	*d, *p, save;

	d = xstrdup(path);
	if ((p = strrchr(d, '/')) == NULL || p == d) {
		free(d);
		return 0;
	}
	*p = '\0';
	for (p = d + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		save = *p;
		*p = '\0';
		if (mkdir(d, 0755) != 0 && errno != EEXIST) {
			*cause = xasprintf("%s: %s", d, strerror(errno));
			free(d);
			return -1;
		}
		*p = save;
		if (save == '\0')
			break;
	}
	free(d);
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Imports every demo file (in name order) that some importer takes. */
static int
demo_build(const char *path, const char *dir, char **cause)
{
	struct cli_import_opts	 o;
	struct store		*st;
	struct dirent		*de;
	DIR			*dp;
	char			**names = NULL, *f;
	size_t			 n = 0, i, len;
	int			 rc = 0, r, imported = 0;

	if ((dp = opendir(dir)) == NULL) {
		*cause = xasprintf("%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if ((len > 5 && strcmp(de->d_name + len - 5, ".json") == 0) ||
		    (len > 6 && strcmp(de->d_name + len - 6, ".jsonl") == 0)) {
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xstrdup(de->d_name);
		}
	}
	closedir(dp);
	qsort(names, n, sizeof *names, name_cmp);
	if (store_open(&st, path, 0, cause) != 0) {
		rc = -1;
		goto out;
	}
	memset(&o, 0, sizeof o);
	o.quiet = 1;
	for (i = 0; i < n; i++) {
		f = xasprintf("%s/%s", dir, names[i]);
		r = cli_import_file(st, f, &o);
		if (r == CLI_IMPORTED)
			imported++;
		else if (r == CLI_NO_FORMAT)
			fprintf(stderr, "canopy demo: %s: skipped (no importer "
			    "for its format in this build)\n", names[i]);
		else
			fprintf(stderr, "canopy demo: %s: not imported\n",
			    names[i]);
		free(f);
	}
	store_close(st);
	if (imported == 0) {
		*cause = xasprintf("no demo file could be imported from %s",
		    dir);
		rc = -1;
	}
out:
	xfree_strv(names, n);
	return rc;
}

int
demo_open_path(const char *override, char **path, char **cause)
{
	const char	*e;
	char		*p, *dir, *tmp;
	int		 rc;

	*path = NULL;
	if (cause != NULL)
		*cause = NULL;
	if (override != NULL)
		p = xstrdup(override);
	else if ((e = getenv("XDG_DATA_HOME")) != NULL && *e == '/')
		p = xasprintf("%s/canopy/demo.db", e);
	else if ((e = getenv("HOME")) != NULL && *e != '\0')
		p = xasprintf("%s/.local/share/canopy/demo.db", e);
	else {
		if (cause != NULL)
			*cause = xstrdup("neither XDG_DATA_HOME nor HOME is "
			    "set: give the demo database with --db");
		return -1;
	}
	if (access(p, F_OK) == 0) {
		*path = p;
		return 0;
	}
	if ((dir = demo_dir()) == NULL) {
		if (cause != NULL)
			*cause = xasprintf("the demo files were not found "
			    "(looked in $CANOPY_DEMO_DIR, %s/demo and next to "
			    "the canopy binary)", CN_DATADIR);
		free(p);
		return -1;
	}
	if (mkdir_parents(p, cause) != 0) {
		free(dir);
		free(p);
		return -1;
	}
	/* Build beside it, then rename: never a half-built demo. */
	tmp = xasprintf("%s.tmp.%ld", p, (long)getpid());
	fprintf(stderr, "canopy demo: building %s from %s\n", p, dir);
	rc = demo_build(tmp, dir, cause);
	if (rc == 0 && rename(tmp, p) != 0) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", p, strerror(errno));
		rc = -1;
	}
	if (rc != 0) {
		unlink(tmp);
		free(p);
	} else
		*path = p;
	free(tmp);
	free(dir);
	return rc;
}

static int
first_trace(const struct cn_trace *t, void *arg)
{
	*(char **)arg = xstrdup(t->ext_id);
	return 1;
}

/* The ext id of the first trace (heap), or NULL if there is none. */
static int
demo_first_trace(struct store *st, char **first)
{
	char	*cause = NULL;

	*first = NULL;
	if (store_traces_each(st, first_trace, first, &cause) < 0)
		return cli_fail_cause("demo", cause, "read error");
	return CLI_OK;
}

int
cmd_demo(int argc, char **argv, const char *db)
{
	static const struct cli_opt	 opts[] = { CLI_OPT_END };
	struct cli_show_opts		 so;
	struct store			*st;
	struct cn_buf			 b;
	char				*path = NULL, *cause = NULL, *first;
	int				 rc;

	if ((rc = cli_opts_only(cli_cmd_find("demo"), argc, argv, opts,
	    &db)) >= 0)
		return rc;
	if (demo_open_path(db, &path, &cause) != 0)
		return cli_fail_cause("demo", cause, "failed");
	if (cli_open_read("demo", path, &st) != 0) {
		free(path);
		return CLI_FAIL;
	}
	printf("demo database: %s\n\n", path);
	rc = cli_traces(st, 0);
	first = NULL;
	if (rc == CLI_OK)
		rc = demo_first_trace(st, &first);
	if (rc == CLI_OK && first != NULL) {
		memset(&so, 0, sizeof so);
		so.depth = -1;
		buf_init(&b);
		cli_escape(&b, first, 0, 1);
		printf("\ncanopy show %s\n", b.s);
		buf_free(&b);
		rc = cli_show(st, first, &so);
	}
	free(first);
	store_close(st);
	free(path);
	return rc;
}
