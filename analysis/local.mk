# analysis/: see Makefile.am
