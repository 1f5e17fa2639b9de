/*
 * replay-main.c - the main() of a fuzz target built without libFuzzer:
 * each file named on the command line is one input. A target that finds
 * an input bad aborts, so a replay that returns has passed them all.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canopy.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
main(int argc, char **argv)
{
	const char	*name = strrchr(argv[0], '/');
	uint8_t		*buf;
	size_t		 n, cap, r;
	FILE		*f;
	int		 i;

	name = name != NULL ? name + 1 : argv[0];
	for (i = 1; i < argc; i++) {
		if ((f = fopen(argv[i], "rb")) == NULL) {
			fprintf(stderr, "%s: %s: %s\n", name, argv[i],
			    strerror(errno));
			return 2;
		}
		buf = NULL;
		n = cap = 0;
		for (;;) {
			if (n == cap) {
				cap = cap == 0 ? 4096 : 2 * cap;
				buf = xrealloc(buf, cap);
			}
			if ((r = fread(buf + n, 1, cap - n, f)) == 0)
				break;
			n += r;
		}
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
		free(buf);
	}
	printf("%s: %d input%s replayed\n", name, argc - 1,
	    argc == 2 ? "" : "s");
	return 0;
}
