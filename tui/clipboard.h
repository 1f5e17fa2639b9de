/*
 * clipboard.h - copying text out of canopy through the terminal: the OSC
 * 52 "set selection" sequence, which xterm, most terminals over SSH and
 * tmux (with `set-clipboard on`) turn into a clipboard write. Pure
 * functions; tui/copy.c decides when to send one. Internal to tui/.
 */
#ifndef CN_CLIPBOARD_H
#define CN_CLIPBOARD_H

#include <stddef.h>

/* How :copy reaches the clipboard (`set clipboard`). */
enum clipboard_mode {
	CLIPBOARD_AUTO,		/* OSC 52 where the terminal is known to
				   take it (clipboard_auto), else off */
	CLIPBOARD_OSC52,	/* always send OSC 52 */
	CLIPBOARD_OFF		/* never: show the text to copy by hand */
};

/* Most bytes of text copied; longer text is cut at a character. */
#define CLIPBOARD_MAX	4096

/*
 * The text as it may be copied (heap): valid UTF-8 with every character
 * textsafe_unsafe() refuses (controls, escapes, bidi) and every invalid
 * byte turned into a space, at most CLIPBOARD_MAX bytes.
 */
char	*clipboard_sanitize(const char *text);

/* The base64 (RFC 4648, padded) of data[0..len) (heap). */
char	*clipboard_base64(const char *data, size_t len);

/*
 * The whole OSC 52 sequence that puts text (sanitized first) into the
 * clipboard: ESC ] 5 2 ; c ; BASE64 BEL. Only the fixed framing and
 * base64 letters, so untrusted bytes never reach the terminal.
 */
char	*clipboard_osc52(const char *text);

/*
 * Whether AUTO sends OSC 52 for this terminal: inside tmux ($TMUX set;
 * tmux's set-clipboard then decides) or a $TERM of a terminal family that
 * takes it (xterm, tmux, screen, alacritty, kitty, foot, wezterm).
 */
int	 clipboard_auto(const char *term, const char *tmux);

#endif /* CN_CLIPBOARD_H */
