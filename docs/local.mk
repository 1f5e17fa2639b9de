# docs/: user documentation.

EXTRA_DIST += docs/schema.md
EXTRA_DIST += docs/rollouts.md
