/*
 * cli-bundle.h - `canopy annotations export` and `canopy annotations
 * import` (cli-bundle.c), reached through `canopy annotations`.
 */
#ifndef CN_CLI_BUNDLE_H
#define CN_CLI_BUNDLE_H

/* argv[0] is "export" or "import"; CLI_OK, CLI_FAIL or CLI_USAGE. */
int	 cmd_annotations_export(int argc, char **argv, const char *db);
int	 cmd_annotations_import(int argc, char **argv, const char *db);

#endif /* CN_CLI_BUNDLE_H */
