/* Field validators shared by the use cases. Each checks one input string,
 * adds a message naming the field to `e` when it is wrong (in ctx->lang) and
 * returns the parsed value. Empty optional fields yield the "none" value. */
#ifndef KOPA_SERVICE_VALIDATE_H
#define KOPA_SERVICE_VALIDATE_H
#include <stdbool.h>
#include <stdint.h>
#include "core/date.h"
#include "core/money.h"
#include "service/ctx.h"
#include "service/errors.h"

/* Picks the message in the context's language. */
#define KP_TR(ctx, lv, en) (kp_ctx_is_en(ctx) ? (en) : (lv))
bool kp_ctx_is_en(const kp_ctx *ctx);

bool kp_blank(const char *s);

/* One line of text (a name, a number, an address) of at most max bytes,
 * not blank when required. Refused, with a message saying which character
 * and where: bytes that are not UTF-8, a NUL, any control character (TAB,
 * CR and LF included), DEL, C1 controls, bidi overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) and the other invisible formatting
 * characters of core/text.h. Returns whether the value may be stored. */
bool kp_v_text(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, size_t max, bool required);
/* As kp_v_text for free text that may span lines (plan goals, reasons):
 * TAB, LF and CR LF are allowed; a CR alone is not. */
bool kp_v_text_lines(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, size_t max, bool required);
/* Date "YYYY-MM-DD"; KP_DATE_NONE when empty and optional (or invalid). */
kp_date kp_v_date(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, bool required);
/* Whole number in [min, max]; `dflt` when empty and optional. */
int64_t kp_v_int(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, int64_t min, int64_t max,
                 bool required, int64_t dflt);
/* Amount in the plain file form ("398161.28"); the message for "156,584,49"
 * says what is wrong with it. -1 when empty/invalid. */
kp_cents kp_v_money(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, bool required);
/* One of a NULL-terminated list of allowed values; NULL when empty/invalid. */
const char *kp_v_enum(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, const char *const *allowed,
                      bool required);
/* 0/1 flag; dflt when empty. */
int kp_v_flag(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, int dflt);

/* Catalogue look-ups: return false (and add a message) when unknown. */
bool kp_v_service(const kp_ctx *ctx, kp_errors *e, const char *field, const char *code);
bool kp_v_target_group(const kp_ctx *ctx, kp_errors *e, const char *field, const char *code);
bool kp_v_region(const kp_ctx *ctx, kp_errors *e, const char *field, const char *code);
/* Municipality by ATVK code; when `on` is a date, it must be valid on it.
 * Returns its id or 0. */
/* A parish (name or ATVK code) of territory `municipality` listed in the
 * catalogue's parishes (territories split between successors); 0 when
 * blank or not found (an error is added then). */
int64_t kp_v_parish(const kp_ctx *ctx, kp_errors *e, const char *field, const char *parish, int64_t municipality);
int64_t kp_v_municipality(const kp_ctx *ctx, kp_errors *e, const char *field, const char *atvk, kp_date on,
                          bool required);
/* Record id that must exist in `table` (one of a fixed list). 0 when empty
 * and optional, or when invalid. */
int64_t kp_v_ref(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, const char *table, bool required);
/* A new record's own id: empty = let the database choose (0); otherwise a
 * positive number not yet used in `table`. */
int64_t kp_v_new_id(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, const char *table);

/* Both dates set and end before start: adds a message on end_field. */
void kp_v_period(const kp_ctx *ctx, kp_errors *e, const char *end_field, kp_date start, kp_date end);

#endif
