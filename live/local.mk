# live/: the live-model client, the only layer that may use libcurl; it sees
# the core only (LIVE_CPPFLAGS in Makefile.am). It has no code yet. The
# first file brings its library, built only when libcurl was found:
#	if HAVE_CURL
#	noinst_LIBRARIES += libcnlive.a
#	libcnlive_a_CPPFLAGS = $(LIVE_CPPFLAGS)
#	libcnlive_a_SOURCES = \
#		live/live.h \
#		live/live.c
#	endif
# with libcnlive.a $(CURL_LIBS) in canopy_LDADD, before libcncore.a.
