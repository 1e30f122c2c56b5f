/* Fuzz target: dates (src/core/date.c). The C library's calendar (timegm,
 * gmtime_r) is the oracle: a text parses exactly when it is a real
 * YYYY-MM-DD day in the accepted years, to the day number the C library
 * gives, and formats back to the same text. Any day number (the first four
 * bytes, KP_DATE_NONE included) formats as the C library's date or as "". */
#define _GNU_SOURCE /* timegm */
#include "fuzz.h"
#include <time.h>
#include "core/date.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The calendar of day number n by the C library (64-bit time_t). */
static void civil(int64_t n, int *y, int *m, int *d)
{
    time_t t = (time_t)(n * 86400);
    struct tm tm;
    FUZZ_CHECK(gmtime_r(&t, &tm) != NULL);
    *y = tm.tm_year + 1900;
    *m = tm.tm_mon + 1;
    *d = tm.tm_mday;
}

static void check_text(const char *s, size_t n)
{
    kp_date got = 12345;
    kp_rc rc = kp_date_parse_iso(s, &got);

    bool shaped = n == 10 && s[4] == '-' && s[7] == '-';
    for (size_t i = 0; shaped && i < 10; i++)
        shaped = i == 4 || i == 7 || is_digit(s[i]);
    bool real = false;
    int64_t want = 0;
    if (shaped) {
        int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        int m = (s[5] - '0') * 10 + (s[6] - '0');
        int d = (s[8] - '0') * 10 + (s[9] - '0');
        struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
        time_t t = timegm(&tm);
        /* timegm normalises 31 April into 1 May: a real day comes back unchanged. */
        real = y >= 1800 && y <= 2999 && m >= 1 && m <= 12 && tm.tm_year == y - 1900 && tm.tm_mon == m - 1 &&
               tm.tm_mday == d;
        want = ((int64_t)t - 12 * 3600) / 86400;
    }
    if (rc != KP_OK) {
        FUZZ_CHECK(rc == KP_EINVAL && !real);
        FUZZ_CHECK(got == 12345); /* untouched on failure */
        return;
    }
    FUZZ_CHECK(real);
    FUZZ_CHECK(got == want);
    char iso[11], lv[12], want_lv[12];
    kp_date_format_iso(got, iso);
    FUZZ_CHECK(strcmp(iso, s) == 0);
    kp_date_format_lv(got, lv);
    snprintf(want_lv, sizeof want_lv, "%.2s.%.2s.%.4s.", s + 8, s + 5, s);
    FUZZ_CHECK(strcmp(lv, want_lv) == 0);
    int y, m, d;
    kp_date_to_ymd(got, &y, &m, &d);
    FUZZ_CHECK(kp_date_valid_ymd(y, m, d) && kp_date_from_ymd(y, m, d) == got && kp_date_year(got) == y);
    FUZZ_CHECK(kp_date_age(got, got) == 0);
}

static void check_day_number(kp_date n)
{
    int y, m, d, cy, cm, cd;
    kp_date_to_ymd(n, &y, &m, &d);
    civil(n, &cy, &cm, &cd);
    FUZZ_CHECK(y == cy && m == cm && d == cd);
    FUZZ_CHECK(kp_date_year(n) == cy);

    char iso[11], lv[12];
    kp_date_format_iso(n, iso);
    kp_date_format_lv(n, lv);
    if (cy < 0 || cy > 9999) {
        FUZZ_CHECK(iso[0] == '\0' && lv[0] == '\0'); /* never a real-looking wrong date */
    } else {
        char want[16];
        snprintf(want, sizeof want, "%04d-%02d-%02d", cy, cm, cd);
        FUZZ_CHECK(strcmp(iso, want) == 0);
        snprintf(want, sizeof want, "%02d.%02d.%04d.", cd, cm, cy);
        FUZZ_CHECK(strcmp(lv, want) == 0);
        kp_date back = 0;
        if (cy >= 1800 && cy <= 2999)
            FUZZ_CHECK(kp_date_parse_iso(iso, &back) == KP_OK && back == n);
        else
            FUZZ_CHECK(kp_date_parse_iso(iso, &back) == KP_EINVAL);
    }

    /* ISO weekday: 1970-01-01 (day 0) was a Thursday. */
    int w = kp_date_weekday(n);
    int64_t ref = ((int64_t)n % 7 + 7 + 3) % 7 + 1;
    FUZZ_CHECK(w == ref);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char s[64];
    size_t n = fuzz_cstr(s, sizeof s, data, size);
    check_text(s, n);

    if (size >= 4) {
        uint32_t u;
        memcpy(&u, data, 4);
        check_day_number((kp_date)u);
        if (size >= 8) {
            /* Age between two days: whole years by the calendar. */
            uint32_t v;
            memcpy(&v, data + 4, 4);
            kp_date a = (kp_date)u, b = (kp_date)v;
            int ay, am, ad, by, bm, bd;
            civil(a, &ay, &am, &ad);
            civil(b, &by, &bm, &bd);
            int want = by - ay - (bm < am || (bm == am && bd < ad));
            FUZZ_CHECK(kp_date_age(a, b) == want);
        }
    }
    return 0;
}
