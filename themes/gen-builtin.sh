#!/bin/sh
# gen-builtin.sh - writes C source defining each theme file as a string:
#	gen-builtin.sh NAME FILE [NAME FILE]...
# so the compiled-in defaults are the very files that get installed.
echo "/* Generated from theme files by themes/gen-builtin.sh: do not edit. */"
echo '#include "config.h"'
echo '#include "theme.h"'
while [ $# -ge 2 ]; do
	echo
	echo "const char $1[] ="
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/	"/' -e 's/$/\\n"/' "$2" ||
	    exit 1
	echo '	"";'
	shift 2
done
