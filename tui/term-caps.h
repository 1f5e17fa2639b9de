/*
 * term-caps.h - what terminfo says about the terminal, asked before
 * curses starts (term-caps.c). Internal to tui/.
 */
#ifndef CN_TERM_CAPS_H
#define CN_TERM_CAPS_H

/*
 * 1 if terminal term (NULL: $TERM) on fd can move the cursor, or if it
 * has no terminfo entry (newterm() reports that); 0 if it cannot (dumb).
 */
int	 term_caps_can_address(const char *term, int fd);

#endif /* CN_TERM_CAPS_H */
