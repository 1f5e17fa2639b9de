/*
 * layers/no-cjson/cjson/cJSON.h - stands in for <cjson/cJSON.h>
 * on the include path of every layer that must not use it (layers/README),
 * so a breach of the layer rules of docs/STYLE.md 3.2 fails to compile.
 * The real header is pulled in after the #error, and the guard is one per
 * library, so that the #error is the only message.
 */
#ifndef CN_POISON_CJSON
#define CN_POISON_CJSON
#error "importers/ is the only layer that may use cJSON: move it to importers/"
#include_next <cjson/cJSON.h>
#endif
