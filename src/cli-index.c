/*
 * cli-index.c - `canopy index`: finishes the full-text index. An import
 * commits the tree first and indexes its text after (store-index.c); one
 * killed in between leaves the index behind the tree, and search says so
 * until a writer (the next import, or this command) catches up. It also
 * builds the skeleton index a bulk load left to build after its commit.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

int
cmd_index(int argc, char **argv, const char *db)
{
	static const struct cli_opt	 opts[] = { CLI_OPT_END };
	struct store_index_state	 is;
	struct cli_ctx			 ctx;
	int64_t				 done;
	int				 rc, skel;

	cli_ctx_init(&ctx, "index");
	if ((rc = cli_opts_only(ctx.cmd, argc, argv, opts, &db)) >= 0)
		return rc;
	if (cli_ctx_open(&ctx, CLI_DB_UPDATE, db) != 0)
		return cli_ctx_end(&ctx);
	if (store_index_state(ctx.st, &is, &ctx.cause) != 0)
		goto fail;
	skel = is.skel_pending;
	if (store_index_catch_up(ctx.st, NULL, NULL, &done, &ctx.cause)
	    != 0 || store_index_state(ctx.st, &is, &ctx.cause) != 0)
		goto fail;
	cli_ctx_end(&ctx);
	if (skel)
		printf("skeleton index: built now\n");
	if (done > 0)
		printf("text index: complete (%lld node ids indexed now, up to"
		    " #%lld)\n", (long long)done, (long long)is.indexed_to);
	else
		printf("text index: complete already (up to #%lld)\n",
		    (long long)is.indexed_to);
	if (fflush(stdout) != 0 || ferror(stdout))
		return cli_fail("index", "write error");
	return CLI_OK;
fail:
	cli_ctx_fail(&ctx, "write error");
	return cli_ctx_end(&ctx);
}
