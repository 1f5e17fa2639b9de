# themes/: roles and theme files (no curses). theme.c is part of the core
# library; the default and mono themes are also compiled in, from the same
# files users copy and edit (as tig does with tigrc).

THEME_FILES = \
	themes/dark.theme \
	themes/light.theme \
	themes/mono.theme \
	themes/high-contrast.theme

themesdir = $(pkgdatadir)/themes
dist_themes_DATA = $(THEME_FILES)
EXTRA_DIST += themes/gen-builtin.sh

libcncore_a_SOURCES += themes/theme.h themes/theme.c
nodist_libcncore_a_SOURCES = themes/builtin-themes.c
# The source tree's themes/, searched when canopy runs uninstalled.
libcncore_a_CPPFLAGS += -DCN_SRCDIR='"$(abs_top_srcdir)"'

BUILT_SOURCES += themes/builtin-themes.c
CLEANFILES += themes/builtin-themes.c
themes/builtin-themes.c: themes/dark.theme themes/mono.theme \
    themes/gen-builtin.sh
	$(AM_V_GEN)$(MKDIR_P) themes && \
	$(SHELL) $(srcdir)/themes/gen-builtin.sh \
	    theme_builtin_dark $(srcdir)/themes/dark.theme \
	    theme_builtin_mono $(srcdir)/themes/mono.theme >$@.tmp && \
	mv $@.tmp $@

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-theme
TESTS += tests/unit/test-theme
tests_unit_test_theme_SOURCES = tests/unit/test-theme.c
tests_unit_test_theme_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_theme_LDADD = $(TEST_LIBS)
endif
