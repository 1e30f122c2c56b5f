/* Money in integer cents: parsing, formatting, the ESF split and percentages. */
#include "core/money.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Every parser leaves *out untouched on failure, so a caller's default survives
 * a refused input. Magnitudes are checked digit by digit against KP_CENTS_MAX:
 * a long digit string is refused before it could overflow int64. */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Adds one digit to an amount in whole euros; false once it passes the cap. */
static bool push_euro_digit(int64_t *euros, char c)
{
    *euros = *euros * 10 + (c - '0');
    return *euros <= KP_CENTS_MAX / 100;
}

/* Reads ",dd" / ".dd" style fractions: one or two digits after the separator
 * (already consumed). Returns the number of characters read, 0 when malformed. */
static size_t read_fraction(const char *p, int64_t *cents)
{
    if (!is_digit(p[0]))
        return 0;
    if (is_digit(p[1])) {
        if (is_digit(p[2]))
            return 0; /* more than two decimals is never rounded silently */
        *cents = (p[0] - '0') * 10 + (p[1] - '0');
        return 2;
    }
    *cents = (p[0] - '0') * 10;
    return 1;
}

static kp_rc finish(bool neg, int64_t euros, int64_t frac, kp_cents *out)
{
    int64_t v = euros * 100 + frac;
    if (v > KP_CENTS_MAX)
        return KP_EINVAL;
    *out = neg ? -v : v;
    return KP_OK;
}

kp_rc kp_money_parse(const char *s, kp_cents *out)
{
    if (!s || !out)
        return KP_EINVAL;
    const char *p = s;
    bool neg = false;
    if (*p == '-') {
        neg = true;
        p++;
    }
    if (!is_digit(*p))
        return KP_EINVAL;
    int64_t euros = 0, frac = 0;
    while (is_digit(*p)) {
        if (!push_euro_digit(&euros, *p++))
            return KP_EINVAL;
    }
    if (*p == '.') {
        size_t n = read_fraction(p + 1, &frac);
        if (!n)
            return KP_EINVAL;
        p += 1 + n;
    }
    if (*p != '\0')
        return KP_EINVAL;
    return finish(neg, euros, frac, out);
}

/* Length of a group separator at p: ASCII space, U+00A0 no-break space or
 * U+202F narrow no-break space (what spreadsheets and CLDR put there); 0 if none. */
static size_t separator_len(const char *p)
{
    if (p[0] == ' ')
        return 1;
    if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
        return 2;
    if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
        (unsigned char)p[2] == 0xAF)
        return 3;
    return 0;
}

/* Accepts the end of the string, or an optional separator followed by "€" or
 * "EUR" and then the end. */
static bool currency_tail_ok(const char *p)
{
    if (*p == '\0')
        return true;
    p += separator_len(p);
    if (strcmp(p, "\xE2\x82\xAC") == 0 || strcmp(p, "EUR") == 0)
        return true;
    return false;
}

kp_rc kp_money_parse_lv(const char *s, kp_cents *out)
{
    if (!s || !out)
        return KP_EINVAL;
    const char *p = s;
    bool neg = false;
    if (*p == '-') {
        neg = true;
        p++;
    }
    if (!is_digit(*p))
        return KP_EINVAL;
    int64_t euros = 0, frac = 0;
    int first = 0;
    while (is_digit(*p)) {
        if (!push_euro_digit(&euros, *p++))
            return KP_EINVAL;
        first++;
    }
    /* Grouped form: the first group has 1–3 digits, each later one exactly 3,
     * so "1234 567" or "1 23 456" are refused rather than guessed. A separator
     * not followed by a digit ends the number (it may precede the euro sign). */
    for (;;) {
        size_t sep = separator_len(p);
        if (!sep || !is_digit(p[sep]))
            break;
        if (first > 3)
            return KP_EINVAL;
        p += sep;
        for (int i = 0; i < 3; i++) {
            if (!is_digit(*p))
                return KP_EINVAL;
            if (!push_euro_digit(&euros, *p++))
                return KP_EINVAL;
        }
        if (is_digit(*p))
            return KP_EINVAL;
    }
    if (*p == ',') {
        /* read_fraction refuses a third digit, so "156,584,49" (comma as a
         * thousands separator) fails here or on the second comma below. */
        size_t n = read_fraction(p + 1, &frac);
        if (!n)
            return KP_EINVAL;
        p += 1 + n;
    }
    if (!currency_tail_ok(p))
        return KP_EINVAL;
    return finish(neg, euros, frac, out);
}

/* Magnitude of c as unsigned, so that INT64_MIN formats without overflow. */
static uint64_t magnitude(int64_t c)
{
    return c < 0 ? (uint64_t)(-(c + 1)) + 1 : (uint64_t)c;
}

void kp_money_format_plain(kp_cents c, char out[32])
{
    if (!out)
        return;
    uint64_t m = magnitude(c);
    snprintf(out, 32, "%s%llu.%02u", c < 0 ? "-" : "", (unsigned long long)(m / 100),
             (unsigned)(m % 100));
}

void kp_money_format_lv(kp_cents c, char out[32])
{
    if (!out)
        return;
    uint64_t m = magnitude(c);
    char digits[24];
    int nd = snprintf(digits, sizeof digits, "%llu", (unsigned long long)(m / 100));
    /* At most 17 digits (2^63 cents) + 5 spaces + sign + ",dd" + NUL = 27 bytes. */
    size_t o = 0;
    if (c < 0)
        out[o++] = '-';
    for (int i = 0; i < nd; i++) {
        if (i > 0 && (nd - i) % 3 == 0)
            out[o++] = ' ';
        out[o++] = digits[i];
    }
    snprintf(out + o, 32 - o, ",%02u", (unsigned)(m % 100));
}

/* Rounds x/100 to the nearest integer, halves away from zero, so that a
 * negative correction splits as the mirror image of the payment it corrects. */
static int64_t div100_round(int64_t x)
{
    return x >= 0 ? (x + 50) / 100 : -((-x + 50) / 100);
}

void kp_money_split_esf(kp_cents amount, kp_cents *esf, kp_cents *state)
{
    /* amount*85 could overflow for huge values, so split off whole hundreds:
     * (q*100 + r)*85/100 = q*85 + r*85/100, and only the second term rounds.
     * r has the sign of amount (C division truncates), so rounding r*85 half
     * away from zero rounds the whole product the same way. */
    int64_t q = amount / 100, r = amount % 100;
    int64_t e = q * 85 + div100_round(r * 85);
    if (esf)
        *esf = e;
    if (state)
        *state = amount - e; /* |e| <= |amount|, same sign: cannot overflow */
}

/* floor(a*k/d) and its remainder for a < d, without a wider type: binary long
 * multiplication in which every intermediate stays below 2*d <= 2^64. */
static uint64_t mul_div(uint64_t a, uint64_t k, uint64_t d, uint64_t *rem)
{
    uint64_t q = 0, r = 0; /* invariant: a * (bits of k so far) == q*d + r, r < d */
    for (int bit = 63; bit >= 0; bit--) {
        q <<= 1; /* double: 2r may reach d once, never 2^64 */
        if (r >= d - r) {
            r -= d - r;
            q++;
        } else {
            r += r;
        }
        if ((k >> bit) & 1) { /* add a, carrying into q when r passes d */
            if (r >= d - a) {
                r -= d - a;
                q++;
            } else {
                r += a;
            }
        }
    }
    *rem = r;
    return q;
}

int64_t kp_percent_hundredths(int64_t num, int64_t den)
{
    if (den <= 0)
        return 0; /* documented precondition; 0 rather than a trap */
    uint64_t n = magnitude(num), d = (uint64_t)den;
    uint64_t whole = n / d;
    if (whole > (uint64_t)(INT64_MAX / 10000 - 1))
        return num < 0 ? INT64_MIN : INT64_MAX; /* saturate: no silent wrap */
    uint64_t rem;
    uint64_t frac = mul_div(n % d, 10000, d, &rem);
    /* Half up on the magnitude: rem/d >= 1/2, written without 2*rem. */
    if (rem >= d - rem)
        frac++;
    int64_t v = (int64_t)(whole * 10000 + frac);
    return num < 0 ? -v : v;
}

void kp_percent_format_plain(int64_t hundredths, char out[24])
{
    if (!out)
        return;
    uint64_t m = magnitude(hundredths);
    snprintf(out, 24, "%s%llu.%02u", hundredths < 0 ? "-" : "", (unsigned long long)(m / 100),
             (unsigned)(m % 100));
}
