/* Money as integer euro cents. Never floating point. */
#ifndef KOPA_CORE_MONEY_H
#define KOPA_CORE_MONEY_H
#include <stdint.h>
#include "core/result.h"

typedef int64_t kp_cents;

/* Largest amount accepted anywhere: 10^13 cents (a hundred billion euro),
 * far above any budget, so sums of many amounts cannot overflow int64. */
#define KP_CENTS_MAX ((kp_cents)10000000000000LL)

/* Parses the file/API form: optional '-', digits, optionally '.' and one or two
 * digits ("398161.28", "457", "0.5"). Thousands separators are refused: a
 * value like "156,584,49" or "1 821 776,78" is KP_EINVAL, never guessed.
 * Also KP_EINVAL: NULL s or out, surrounding spaces, |value| > KP_CENTS_MAX.
 * *out is untouched on failure (both parsers). */
kp_rc kp_money_parse(const char *s, kp_cents *out);

/* Parses the Latvian display form as people type it: "1 821 776,78",
 * "3592,19", "3 592,19 €" (regular or no-break spaces as group separators,
 * decimal comma, optional euro sign). A comma used as a thousands separator
 * ("156,584,49") is KP_EINVAL. Grouped digits must be 1–3 then groups of
 * exactly 3; the sign may be "€" or "EUR", optionally after a space. Spaces
 * before the number or after the sign are refused: the caller trims. */
kp_rc kp_money_parse_lv(const char *s, kp_cents *out);

/* "398161.28": the plain form for files and the API. out: at least 32 bytes. */
void kp_money_format_plain(kp_cents c, char out[32]);
/* "1 821 776,78" with ASCII spaces between groups (the regions' reports group
 * four-digit amounts too: "3 592,19"); no currency sign. out: ≥ 32 bytes. */
void kp_money_format_lv(kp_cents c, char out[32]);

/* Splits one payment into the ESF part (85 %, rounded half up to the cent)
 * and the state part (the rest), so the two always add up to the payment. */
void kp_money_split_esf(kp_cents amount, kp_cents *esf, kp_cents *state);

/* Percentage num/den with two decimals, rounded half up, as hundredths:
 * 398161.28 of 9412350.00 → 423 (4.23 %). den must be > 0 (0 is returned
 * otherwise). A negative num gives the mirror image (halves away from zero);
 * results beyond int64 saturate at INT64_MAX / INT64_MIN. */
int64_t kp_percent_hundredths(int64_t num, int64_t den);
/* "4.23" from hundredths. out: at least 24 bytes. */
void kp_percent_format_plain(int64_t hundredths, char out[24]);

#endif
