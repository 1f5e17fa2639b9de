# docs/: see Makefile.am
