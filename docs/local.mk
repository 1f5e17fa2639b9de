# docs/: user documentation.

EXTRA_DIST += docs/schema.md
