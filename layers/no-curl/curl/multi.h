/*
 * layers/no-curl/curl/multi.h - stands in for <curl/multi.h>
 * on the include path of every layer that must not use it (layers/README),
 * so a breach of the layer rules of docs/STYLE.md 3.2 fails to compile.
 * The real header is pulled in after the #error, and the guard is one per
 * library, so that the #error is the only message.
 */
#ifndef CN_POISON_CURL
#define CN_POISON_CURL
#error "live/ is the only layer that may use libcurl: move this code to live/"
#include_next <curl/multi.h>
#endif
