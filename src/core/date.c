/* Civil-calendar arithmetic on day numbers (proleptic Gregorian). */
#include "core/date.h"
#include <stdio.h>
#include <string.h>

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

bool kp_date_valid_ymd(int y, int m, int d)
{
    return y >= 1800 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* Days from civil: shift the year to start in March so the leap day is last. */
kp_date kp_date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (kp_date)(era * 146097 + doe - 719468);
}

/* Days to civil, in 64-bit arithmetic: date + 719468 would overflow int32 for
 * KP_DATE_NONE (INT32_MAX), and callers do pass open period ends here. */
void kp_date_to_ymd(kp_date date, int *y, int *m, int *d)
{
    int64_t z = (int64_t)date + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    if (y)
        *y = (int)(yoe + era * 400 + (mm <= 2));
    if (m)
        *m = mm;
    if (d)
        *d = dd;
}

int kp_date_year(kp_date date)
{
    int y, m, d;
    kp_date_to_ymd(date, &y, &m, &d);
    return y;
}

int kp_date_weekday(kp_date date)
{
    /* 1970-01-01 was a Thursday (4). */
    int w = (int)((date % 7 + 7) % 7);
    return (w + 3) % 7 + 1;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

kp_rc kp_date_parse_iso(const char *s, kp_date *out)
{
    if (!s || !out || strnlen(s, 11) != 10 || s[4] != '-' || s[7] != '-')
        return KP_EINVAL;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0 || !kp_date_valid_ymd(y, m, d))
        return KP_EINVAL;
    *out = kp_date_from_ymd(y, m, d);
    return KP_OK;
}

kp_rc kp_date_parse_input(const char *s, kp_date *out)
{
    if (!s || !out)
        return KP_EINVAL;
    while (*s == ' ')
        s++;
    size_t n = strnlen(s, 16);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    if (n == 0 || n > 11)
        return KP_EINVAL;
    char t[12];
    memcpy(t, s, n);
    t[n] = '\0';
    if (n == 10 && t[4] == '-')
        return kp_date_parse_iso(t, out);
    /* d.m.yyyy with an optional final dot. */
    if (t[n - 1] == '.')
        t[--n] = '\0';
    const char *p = t;
    int part[3];
    size_t width[3];
    for (int k = 0; k < 3; k++) {
        size_t w = 0;
        int v = 0;
        while (p[w] >= '0' && p[w] <= '9' && w < 4) {
            v = v * 10 + (p[w] - '0');
            w++;
        }
        if (w == 0)
            return KP_EINVAL;
        part[k] = v;
        width[k] = w;
        p += w;
        if (k < 2) {
            if (*p != '.')
                return KP_EINVAL;
            p++;
        }
    }
    if (*p || width[0] > 2 || width[1] > 2 || width[2] != 4)
        return KP_EINVAL;
    if (part[2] < 1800 || part[2] > 2999 || !kp_date_valid_ymd(part[2], part[1], part[0]))
        return KP_EINVAL;
    *out = kp_date_from_ymd(part[2], part[1], part[0]);
    return KP_OK;
}

/* Dates whose year has no four-digit form (KP_DATE_NONE among them) format as
 * "": printing them as some four-digit year would show a real-looking wrong date. */
static bool formattable(kp_date date, int *y, int *m, int *d)
{
    kp_date_to_ymd(date, y, m, d);
    return *y >= 0 && *y <= 9999;
}

void kp_date_format_iso(kp_date date, char out[11])
{
    int y, m, d;
    if (!out)
        return;
    if (!formattable(date, &y, &m, &d)) {
        out[0] = '\0';
        return;
    }
    /* Digits placed by hand: snprintf cost about 1 800 instructions a call,
     * and a page formats several dates (issue 10). The values are in range
     * (year 0-9999, month 1-12, day 1-31). */
    unsigned uy = (unsigned)y, um = (unsigned)m, ud = (unsigned)d;
    out[0] = (char)('0' + uy / 1000u % 10u);
    out[1] = (char)('0' + uy / 100u % 10u);
    out[2] = (char)('0' + uy / 10u % 10u);
    out[3] = (char)('0' + uy % 10u);
    out[4] = '-';
    out[5] = (char)('0' + um / 10u % 10u);
    out[6] = (char)('0' + um % 10u);
    out[7] = '-';
    out[8] = (char)('0' + ud / 10u % 10u);
    out[9] = (char)('0' + ud % 10u);
    out[10] = '\0';
}

void kp_date_format_lv(kp_date date, char out[12])
{
    int y, m, d;
    if (!out)
        return;
    if (!formattable(date, &y, &m, &d)) {
        out[0] = '\0';
        return;
    }
    snprintf(out, 12, "%02u.%02u.%04u.", (unsigned)d % 100u, (unsigned)m % 100u,
             (unsigned)y % 10000u);
}

int kp_date_age(kp_date birth, kp_date at)
{
    int by, bm, bd, ay, am, ad;
    kp_date_to_ymd(birth, &by, &bm, &bd);
    kp_date_to_ymd(at, &ay, &am, &ad);
    int age = ay - by;
    if (am < bm || (am == bm && ad < bd))
        age--;
    return age;
}
