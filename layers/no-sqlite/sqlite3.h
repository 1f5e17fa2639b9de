/*
 * layers/no-sqlite/sqlite3.h - stands in for <sqlite3.h>
 * on the include path of every layer that must not use it (layers/README),
 * so a breach of the layer rules of docs/STYLE.md 3.2 fails to compile.
 * The real header is pulled in after the #error, and the guard is one per
 * library, so that the #error is the only message.
 */
#ifndef CN_POISON_SQLITE
#define CN_POISON_SQLITE
#error "store/ is the only layer that may use SQLite: move this code to store/"
#include_next <sqlite3.h>
#endif
