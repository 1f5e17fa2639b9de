/*
 * json-out.h - a tiny JSON writer for the CLI's --json output (cJSON stays
 * in importers/). Strings are escaped per RFC 8259; every code point
 * textsafe_unsafe() names (controls, DEL, C1, U+2028/U+2029, bidi
 * controls) is written as a \u escape, so output is safe on a terminal;
 * invalid UTF-8 becomes U+FFFD. Non-finite numbers become null.
 */
#ifndef CN_JSON_OUT_H
#define CN_JSON_OUT_H

#include <stdint.h>
#include <stdio.h>

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
/*
 * A member: jw_key(name) and its value in one call: jw_kstr, jw_knum,
 * jw_kint and jw_kbool, one template for the four.
 */
#define JW_MEMBER(t, type)						\
static inline void							\
jw_k##t(struct jw *w, const char *k, type v)				\
{									\
	jw_key(w, k);							\
	jw_##t(w, v);							\
}
JW_MEMBER(str, const char *)
JW_MEMBER(num, double)
JW_MEMBER(int, int64_t)
JW_MEMBER(bool, int)
#undef JW_MEMBER

/* A rating member: null when there is none (CN_NORATING). */
static inline void
jw_krating(struct jw *w, const char *k, int rating)
{
	jw_key(w, k);
	if (rating == CN_NORATING)
		jw_null(w);
	else
		jw_int(w, rating);
}

/*
 * A value given as JSON text (borrowed), such as a stored `extra` object:
 * copied as json_copy() does, or null when json is NULL or not valid JSON.
 * Returns 0, or -1 when it wrote null instead.
 */
int	 jw_json(struct jw *, const char *json);

/* Ends the document with a newline and writes it to f: 0, or -1. */
int	 jw_emit(struct jw *, FILE *f);

/*
 * A label as one JSON line on f (w is reset first): type, address, the
 * author when with_author is set, then rating (null: none), first_error,
 * tags, note, created and updated. The JSONL of `annotations --json` and
 * of bundles. Returns jw_emit's 0 or -1.
 */
int	 jw_annotation(struct jw *, FILE *f, const char *type,
	    const char *address, const struct cn_annotation *,
	    int with_author);
/*
 * A preference as one JSON line on f, likewise: type "preference",
 * chosen, rejected, the author when with_author is set, note and created.
 */
int	 jw_preference(struct jw *, FILE *f, const char *chosen,
	    const char *rejected, const struct cn_preference *,
	    int with_author);

/* Appends s as a JSON string literal (quotes included) to b. */
void	 json_quote(struct cn_buf *b, const char *s);
/*
 * Appends the JSON text json to b, compact, with every string escaped as
 * json_quote() escapes it (escapes already in json are kept), so stored
 * JSON that holds raw controls or bidi characters comes out safe. Returns
 * 0, or -1 if json is not exactly one valid JSON value (nested at most
 * 1000 deep); then b is as it was.
 */
int	 json_copy(struct cn_buf *b, const char *json);
/* Appends the shortest round-tripping text of a finite v to b. */
void	 json_number(struct cn_buf *b, double v);

#endif /* CN_JSON_OUT_H */
