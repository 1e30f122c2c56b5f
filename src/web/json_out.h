/* A JSON writer straight into a response buffer (issue 10: the client list
 * spent a quarter of its CPU in jansson and a third in allocating its
 * objects). It writes what jansson's json_dumps(JSON_COMPACT |
 * JSON_ENSURE_ASCII) — the API's format (kp_json) — writes for the same
 * values in the same order, byte for byte: no spaces; in strings '"' and
 * '\\' escaped, \b \f \n \r \t, other control characters and every
 * character past U+007F as \uXXXX (upper-case hex, UTF-16 surrogate pairs
 * past U+FFFF); integers in decimal. One difference: jansson refuses a
 * string that is not UTF-8 (its key would be missing), this writer puts
 * \uFFFD for each byte that is not part of a valid sequence, so the answer
 * is always valid JSON.
 *
 * The caller writes a well-formed document (a key before each value of an
 * object); commas are the writer's. Nesting deeper than KP_JW_DEPTH, or a
 * value where a key is due, marks the buffer overflowed (the server then
 * answers 500 rather than send broken JSON), as a write past its cap does. */
#ifndef KOPA_WEB_JSON_OUT_H
#define KOPA_WEB_JSON_OUT_H
#include <stdbool.h>
#include <stdint.h>
#include "web/html.h"

#define KP_JW_DEPTH 32

typedef struct kp_jw {
    kp_html *h;
    unsigned depth;
    bool object[KP_JW_DEPTH]; /* the container at each depth is an object */
    bool some[KP_JW_DEPTH];   /* it has an element already */
    bool after_key;           /* a key was written, its value is due */
} kp_jw;

/* Writes into h, after what it holds. */
void kp_jw_init(kp_jw *w, kp_html *h);
void kp_jw_object(kp_jw *w);
void kp_jw_object_end(kp_jw *w);
void kp_jw_array(kp_jw *w);
void kp_jw_array_end(kp_jw *w);
/* The key of the next value of the object being written. */
void kp_jw_key(kp_jw *w, const char *key);
/* A string value; NULL writes null. */
void kp_jw_string(kp_jw *w, const char *s);
void kp_jw_int(kp_jw *w, int64_t v);
void kp_jw_bool(kp_jw *w, bool v);
void kp_jw_null(kp_jw *w);

/* s as a JSON string (quotes included), escaped as above; NULL as "". */
void kp_json_string(kp_html *h, const char *s);

#endif
