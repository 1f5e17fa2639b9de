# live/: see Makefile.am
