# live/: talking to live models, the only layer that may use libcurl; it
# sees the core only, and cJSON for the wire formats (LIVE_CPPFLAGS in
# Makefile.am). A library of its own, so only what talks to models links
# curl.

noinst_LIBRARIES += libcnlive.a
libcnlive_a_CPPFLAGS = $(LIVE_CPPFLAGS)
libcnlive_a_SOURCES = \
	live/live.h \
	live/live-config.c \
	live/live-stream.c \
	live/live-proto.c \
	live/live-score.c \
	live/live-client.c \
	live/live-rerun.c
LIVE_LIBS = libcnlive.a $(CURL_LIBS)

UNIT_TESTS += tests/live/test-live-stream tests/live/test-live-config
tests_live_test_live_stream_LDADD = $(LIVE_LIBS) $(TEST_LIBS)
tests_live_test_live_config_LDADD = $(LIVE_LIBS) $(TEST_LIBS)

# `canopy models` and `canopy rerun` against the test server (python3).
LIVE_SHTESTS = tests/live/models.sh tests/live/rerun.sh tests/live/faults.sh \
	tests/live/score.sh
if HAVE_PYTHON3
TESTS += $(LIVE_SHTESTS)
endif
EXTRA_DIST += $(LIVE_SHTESTS) tests/live/lib.sh tests/live/server.py \
	tests/live/server.sh tests/live/small.jsonl

# The TUI's rerun panel in tmux against the same server.
if HAVE_PYTHON3
if HAVE_TMUX
TESTS += tests/live/tui-rerun.sh
endif
endif
EXTRA_DIST += tests/live/tui-rerun.sh

# The commands that use it (src/cli-live.c): libcnlive needs libcncore
# after it, hence core again.
canopy_SOURCES += src/cli-live.c src/cli-score.c
canopy_LDADD += $(LIVE_LIBS) $(CORE_LIBS)
EXTRA_DIST += docs/models.md
