# themes/: see Makefile.am
