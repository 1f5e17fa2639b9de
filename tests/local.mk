# tests/: see Makefile.am
