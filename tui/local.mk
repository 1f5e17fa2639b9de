# tui/: see Makefile.am
