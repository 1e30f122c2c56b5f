/* Fuzz target: money (src/core/money.c). The text parsers agree with a
 * reference reading written here from the documented grammar (in 128-bit
 * arithmetic, so it cannot overflow); parse → format → parse is stable in
 * both forms; the Latvian form reads as the plain form once its separators
 * are taken out. Any amount (the first eight bytes) formats within its
 * buffer, and the ESF split and percentages match exact 128-bit arithmetic. */
#include "fuzz.h"
#include <stdbool.h>
#include "core/money.h"

typedef __int128 wide;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The plain grammar: -?[0-9]+(\.[0-9]{1,2})? and |value| <= KP_CENTS_MAX. */
static bool ref_plain(const char *s, kp_cents *out)
{
    const char *p = s;
    bool neg = *p == '-';
    p += neg;
    if (!is_digit(*p))
        return false;
    wide v = 0;
    for (; is_digit(*p); p++)
        if (v <= (wide)KP_CENTS_MAX) /* past the cap it stays past it */
            v = v * 10 + (*p - '0');
    v *= 100;
    if (*p == '.') {
        p++;
        if (!is_digit(p[0]))
            return false;
        v += (p[0] - '0') * 10;
        p++;
        if (is_digit(p[0])) {
            v += p[0] - '0';
            p++;
        }
    }
    if (*p || v > (wide)KP_CENTS_MAX)
        return false;
    *out = (kp_cents)(neg ? -v : v);
    return true;
}

static size_t sep_len(const char *p)
{
    if (p[0] == ' ')
        return 1;
    if (strncmp(p, "\xC2\xA0", 2) == 0)
        return 2;
    if (strncmp(p, "\xE2\x80\xAF", 3) == 0)
        return 3;
    return 0;
}

/* The Latvian form with its separators and currency taken out and the
 * decimal comma as a point, checking the documented grouping on the way:
 * first group 1–3 digits, then groups of exactly 3. NULL if it breaks. */
static const char *ref_lv_to_plain(const char *s, char *o, size_t cap)
{
    size_t k = 0;
    const char *p = s;
    if (*p == '-')
        o[k++] = *p++;
    size_t group = 0, groups = 0;
    for (;;) {
        if (is_digit(*p)) {
            if (k + 1 >= cap)
                return NULL;
            o[k++] = *p++;
            group++;
            continue;
        }
        size_t sl = sep_len(p);
        if (sl && is_digit(p[sl])) {
            if (group == 0 || (groups == 0 ? group > 3 : group != 3))
                return NULL;
            groups++;
            group = 0;
            p += sl;
            continue;
        }
        break;
    }
    if (group == 0 || (groups > 0 && group != 3))
        return NULL;
    if (*p == ',') {
        o[k++] = '.';
        p++;
        while (is_digit(*p) && k + 1 < cap)
            o[k++] = *p++;
    }
    o[k] = '\0';
    if (*p) {
        p += sep_len(p);
        if (strcmp(p, "\xE2\x82\xAC") != 0 && strcmp(p, "EUR") != 0)
            return NULL;
    }
    return o;
}

static void check_text(const char *s)
{
    kp_cents got = 777, ref = 0;
    kp_rc rc = kp_money_parse(s, &got);
    bool ok = ref_plain(s, &ref);
    FUZZ_CHECK((rc == KP_OK) == ok);
    if (rc != KP_OK) {
        FUZZ_CHECK(got == 777); /* untouched on failure */
    } else {
        FUZZ_CHECK(got == ref);
        char out[32];
        kp_cents back = 0;
        kp_money_format_plain(got, out);
        FUZZ_CHECK(kp_money_parse(out, &back) == KP_OK && back == got);
    }

    got = 777;
    rc = kp_money_parse_lv(s, &got);
    char plain[128];
    const char *as_plain = ref_lv_to_plain(s, plain, sizeof plain);
    ok = as_plain && ref_plain(as_plain, &ref);
    FUZZ_CHECK((rc == KP_OK) == ok);
    if (rc != KP_OK) {
        FUZZ_CHECK(got == 777);
    } else {
        FUZZ_CHECK(got == ref);
        char out[32];
        kp_cents back = 0;
        kp_money_format_lv(got, out);
        FUZZ_CHECK(kp_money_parse_lv(out, &back) == KP_OK && back == got);
    }
}

static void check_amount(kp_cents c)
{
    char plain[32], lv[32];
    memset(plain, 'x', sizeof plain);
    memset(lv, 'x', sizeof lv);
    kp_money_format_plain(c, plain);
    kp_money_format_lv(c, lv);
    FUZZ_CHECK(memchr(plain, 0, sizeof plain) && memchr(lv, 0, sizeof lv));
    kp_cents a = 0, b = 0;
    bool in_range = c >= -KP_CENTS_MAX && c <= KP_CENTS_MAX;
    FUZZ_CHECK((kp_money_parse(plain, &a) == KP_OK) == in_range);
    FUZZ_CHECK((kp_money_parse_lv(lv, &b) == KP_OK) == in_range);
    if (in_range)
        FUZZ_CHECK(a == c && b == c);

    /* ESF 85 %, rounded half away from zero; the state pays the rest. */
    kp_cents esf = 0, state = 0;
    kp_money_split_esf(c, &esf, &state);
    wide x = (wide)c * 85;
    wide want = x >= 0 ? (x + 50) / 100 : -((-x + 50) / 100);
    FUZZ_CHECK((wide)esf == want && (wide)esf + state == c);
}

static void check_percent(int64_t num, int64_t den)
{
    int64_t got = kp_percent_hundredths(num, den);
    if (den <= 0) {
        FUZZ_CHECK(got == 0);
        return;
    }
    wide n = num < 0 ? -(wide)num : (wide)num;
    wide q = n * 10000 / den, r = n * 10000 % den;
    if (2 * r >= den)
        q++;
    /* Saturates where the whole part alone passes INT64_MAX / 10000 - 1. */
    if (n / den > (wide)(INT64_MAX / 10000 - 1)) {
        FUZZ_CHECK(got == (num < 0 ? INT64_MIN : INT64_MAX));
        return;
    }
    FUZZ_CHECK((wide)got == (num < 0 ? -q : q));
    char out[24];
    memset(out, 'x', sizeof out);
    kp_percent_format_plain(got, out);
    FUZZ_CHECK(memchr(out, 0, sizeof out) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char s[96];
    fuzz_cstr(s, sizeof s, data, size);
    check_text(s);
    if (size >= 8) {
        int64_t c;
        memcpy(&c, data, 8);
        check_amount(c);
        if (size >= 16) {
            int64_t den;
            memcpy(&den, data + 8, 8);
            check_percent(c, den);
        }
    }
    return 0;
}
