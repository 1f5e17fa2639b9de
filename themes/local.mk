# themes/: roles and theme files (no curses), the layer libcntheme.a. The
# default and mono themes are also compiled in, from the same files users
# copy and edit (as tig does with tigrc).

THEME_FILES = \
	themes/dark.theme \
	themes/light.theme \
	themes/mono.theme \
	themes/high-contrast.theme

themesdir = $(pkgdatadir)/themes
dist_themes_DATA = $(THEME_FILES)
EXTRA_DIST += themes/gen-builtin.sh

noinst_LIBRARIES += libcntheme.a
# The installed themes/ and the source tree's, searched when canopy runs
# uninstalled.
libcntheme_a_CPPFLAGS = $(THEME_CPPFLAGS) $(CN_DIRS) \
	-DCN_SRCDIR='"$(abs_top_srcdir)"'
libcntheme_a_SOURCES = \
	themes/theme.h \
	themes/theme.c
nodist_libcntheme_a_SOURCES = themes/builtin-themes.c

BUILT_SOURCES += themes/builtin-themes.c
CLEANFILES += themes/builtin-themes.c
themes/builtin-themes.c: themes/dark.theme themes/mono.theme \
    themes/gen-builtin.sh
	$(AM_V_GEN)$(MKDIR_P) themes && \
	$(SHELL) $(srcdir)/themes/gen-builtin.sh \
	    theme_builtin_dark $(srcdir)/themes/dark.theme \
	    theme_builtin_mono $(srcdir)/themes/mono.theme >$@.tmp && \
	mv $@.tmp $@

UNIT_TESTS += tests/unit/test-theme
