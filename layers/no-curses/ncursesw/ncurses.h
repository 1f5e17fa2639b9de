/*
 * layers/no-curses/ncursesw/ncurses.h - stands in for <ncursesw/ncurses.h>
 * on the include path of every layer that must not use it (layers/README),
 * so a breach of the layer rules of docs/STYLE.md 3.2 fails to compile.
 * The real header is pulled in after the #error, and the guard is one per
 * library, so that the #error is the only message.
 */
#ifndef CN_POISON_CURSES
#define CN_POISON_CURSES
#error "tui/ is the only layer that may use curses: move this code to tui/"
#include_next <ncursesw/ncurses.h>
#endif
