/* What text Kopā accepts: strict UTF-8 without NUL, control characters or
 * invisible formatting characters (bidi overrides and isolates, zero-width
 * characters, tags), and a short escaped piece of text for messages. Pure:
 * no I/O, no allocation. */
#ifndef KOPA_CORE_TEXT_H
#define KOPA_CORE_TEXT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kind of text a field holds. */
#define KP_TEXT_LINE 0u  /* one line: no control character at all, TAB included */
#define KP_TEXT_LINES 1u /* several lines: TAB, LF and CR LF allowed, nothing else */
#define KP_TEXT_ANY 2u   /* encoding only: UTF-8 without NUL (for the CSV reader) */

typedef enum kp_text_fault {
    KP_TEXT_OK = 0,
    KP_TEXT_BAD_UTF8,  /* a byte sequence that is not UTF-8 (stray, truncated, overlong, surrogate) */
    KP_TEXT_NUL,       /* a NUL byte */
    KP_TEXT_CONTROL,   /* C0 control (U+0001–U+001F) not allowed here, DEL, C1 (U+0080–U+009F) */
    KP_TEXT_INVISIBLE, /* bidi control, zero-width or other invisible formatting character, noncharacter */
} kp_text_fault;

typedef struct kp_text_at {
    size_t byte;  /* offset of the offending sequence */
    size_t index; /* its position in characters, from 1 */
    uint32_t cp;  /* the code point, or the offending byte for KP_TEXT_BAD_UTF8 */
} kp_text_at;

/* Decodes one UTF-8 sequence of s[0..n): returns its length (1–4) and sets
 * *cp, or 0 when the bytes there are not UTF-8. n must be at least 1. */
size_t kp_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Checks s[0..n) against `kind` (KP_TEXT_LINE, KP_TEXT_LINES or
 * KP_TEXT_ANY). Returns KP_TEXT_OK, or the first fault with its place in
 * *at (may be NULL). */
kp_text_fault kp_text_check(const char *s, size_t n, unsigned kind, kp_text_at *at);

/* Whether a code point is one of the invisible formatting characters
 * refused in text (U+061C, U+180E, U+200B, U+200E–U+200F, U+2028–U+202E,
 * U+2060–U+2064, U+2066–U+206F, U+FEFF, U+FFF9–U+FFFB, tags
 * U+E0000–U+E007F, noncharacters). */
bool kp_text_invisible(uint32_t cp);

/* An English name for a control or invisible character ("carriage return",
 * "right-to-left override"), or NULL when it has none here. */
const char *kp_text_char_name(uint32_t cp);

/* Writes into out (outlen >= 8) a printable piece of the NUL-terminated s
 * for a message: at most max_chars characters, control characters and bytes
 * that are not UTF-8 as \xNN, invisible characters as \uXXXX, a backslash
 * as \\, and "…" when s was cut. NULL is written as "". */
void kp_text_snippet(const char *s, size_t max_chars, char *out, size_t outlen);

/* As kp_text_snippet for s[0..n), which may hold NUL bytes. */
void kp_text_snippet_n(const char *s, size_t n, size_t max_chars, char *out, size_t outlen);

#endif
