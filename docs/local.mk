# docs/: user documentation.

EXTRA_DIST += docs/schema.md

# The command line: its man page, its input format, its bash completion.
dist_man1_MANS += docs/canopy.1
EXTRA_DIST += docs/format.md contrib/canopy.bash

# bash-completion finds a command's completion by the command's name.
bashcompdir = $(datadir)/bash-completion/completions
install-data-local: install-bashcomp
uninstall-local: uninstall-bashcomp
install-bashcomp:
	$(MKDIR_P) '$(DESTDIR)$(bashcompdir)'
	$(INSTALL_DATA) '$(srcdir)/contrib/canopy.bash' \
	    '$(DESTDIR)$(bashcompdir)/canopy'
uninstall-bashcomp:
	rm -f '$(DESTDIR)$(bashcompdir)/canopy'
.PHONY: install-bashcomp uninstall-bashcomp

EXTRA_DIST += docs/rollouts.md

# The interface (tui-app).
EXTRA_DIST += docs/tui.md
EXTRA_DIST += docs/HACKING.md
EXTRA_DIST += docs/export.md

# Comparing value estimates: derive, disagree, calibrate, hist, diff.
EXTRA_DIST += docs/analysis.md
