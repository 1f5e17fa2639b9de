/*
 * json-out.h - a tiny JSON writer for the CLI's --json output (cJSON stays
 * in importers/). Strings are escaped per RFC 8259; control characters,
 * DEL, the C1 range and the bidi overrides are written as \u escapes, so
 * output is safe on a terminal; invalid UTF-8 becomes U+FFFD. Non-finite
 * numbers become null.
 */
#ifndef CN_JSON_OUT_H
#define CN_JSON_OUT_H

#include <stdint.h>

#include "canopy.h"

#define JW_MAXDEPTH	32

/* A writer appending to its own buffer; commas are placed for you. */
struct jw {
	struct cn_buf	 b;
	int		 depth;
	unsigned char	 first[JW_MAXDEPTH];	/* level still empty */
	int		 after_key;
};

void	 jw_init(struct jw *);
void	 jw_free(struct jw *);
/* Empties the buffer for the next document. */
void	 jw_reset(struct jw *);

void	 jw_obj_begin(struct jw *);
void	 jw_obj_end(struct jw *);
void	 jw_arr_begin(struct jw *);
void	 jw_arr_end(struct jw *);
/* A member name; the next value is its value. */
void	 jw_key(struct jw *, const char *);
/* A string value, or null when s is NULL. */
void	 jw_str(struct jw *, const char *s);
/* A number: the shortest text that reads back the same; null if NaN. */
void	 jw_num(struct jw *, double);
void	 jw_int(struct jw *, int64_t);
void	 jw_bool(struct jw *, int);
void	 jw_null(struct jw *);
/* A value already in JSON (borrowed text, written as is). */
void	 jw_raw(struct jw *, const char *);

/* Appends s as a JSON string literal (quotes included) to b. */
void	 json_quote(struct cn_buf *b, const char *s);
/* Appends the shortest round-tripping text of a finite v to b. */
void	 json_number(struct cn_buf *b, double v);

#endif /* CN_JSON_OUT_H */
