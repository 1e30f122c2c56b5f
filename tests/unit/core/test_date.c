/* Unit tests for core/date: validity, day numbers, parsing, formatting, age. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/date.h"

/* Day numbers and weekdays below come from Python's datetime (an independent
 * implementation); the walk test counts days with its own month table. */

static void test_valid_ymd(void **state)
{
    (void)state;
    assert_true(kp_date_valid_ymd(2021, 12, 31));
    assert_true(kp_date_valid_ymd(1800, 1, 1));
    assert_true(kp_date_valid_ymd(2999, 12, 31));
    assert_false(kp_date_valid_ymd(1799, 12, 31));
    assert_false(kp_date_valid_ymd(3000, 1, 1));
    assert_true(kp_date_valid_ymd(2000, 2, 29));  /* divisible by 400 */
    assert_true(kp_date_valid_ymd(2024, 2, 29));
    assert_false(kp_date_valid_ymd(1900, 2, 29)); /* divisible by 100 only */
    assert_false(kp_date_valid_ymd(2023, 2, 29));
    assert_false(kp_date_valid_ymd(2100, 2, 29));
    assert_true(kp_date_valid_ymd(2023, 2, 28));
    assert_false(kp_date_valid_ymd(2021, 4, 31));
    assert_true(kp_date_valid_ymd(2021, 5, 31));
    assert_false(kp_date_valid_ymd(2021, 13, 1));
    assert_false(kp_date_valid_ymd(2021, 0, 1));
    assert_false(kp_date_valid_ymd(2021, 1, 0));
    assert_false(kp_date_valid_ymd(2021, 1, 32));
    assert_false(kp_date_valid_ymd(0, 0, 0));
    assert_false(kp_date_valid_ymd(-1, -1, -1));
    assert_false(kp_date_valid_ymd(2021, -5, 10));
    assert_false(kp_date_valid_ymd(2021, 1000, 10));
    assert_false(kp_date_valid_ymd(INT32_MIN, INT32_MIN, INT32_MIN));
    assert_false(kp_date_valid_ymd(INT32_MAX, INT32_MAX, INT32_MAX));
}

static void test_day_numbers(void **state)
{
    (void)state;
    static const struct {
        int y, m, d;
        kp_date n;
        int wd;
    } v[] = {
        {1970, 1, 1, 0, 4},       {2000, 1, 1, 10957, 6},   {2021, 12, 31, 18992, 5},
        {1800, 1, 1, -62091, 3},  {2999, 12, 31, 376199, 2}, {2000, 2, 29, 11016, 2},
        {1900, 3, 1, -25508, 4},  {2024, 6, 30, 19904, 7},  {1969, 12, 31, -1, 3},
        {2017, 7, 1, 17348, 6},   {1975, 11, 16, 2145, 7},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        assert_int_equal(kp_date_from_ymd(v[i].y, v[i].m, v[i].d), v[i].n);
        int y = 0, m = 0, d = 0;
        kp_date_to_ymd(v[i].n, &y, &m, &d);
        assert_int_equal(y, v[i].y);
        assert_int_equal(m, v[i].m);
        assert_int_equal(d, v[i].d);
        assert_int_equal(kp_date_year(v[i].n), v[i].y);
        assert_int_equal(kp_date_weekday(v[i].n), v[i].wd);
    }
}

/* Walks every day from 1800-01-01 to 2999-12-31 with an independent calendar
 * and checks both conversions and the weekday cycle. */
static void test_walk_every_day(void **state)
{
    (void)state;
    int y = 1800, m = 1, d = 1;
    kp_date n = -62091;
    int wd = 3;
    for (;;) {
        assert_true(kp_date_valid_ymd(y, m, d));
        assert_int_equal(kp_date_from_ymd(y, m, d), n);
        int yy, mm, dd;
        kp_date_to_ymd(n, &yy, &mm, &dd);
        if (yy != y || mm != m || dd != d)
            fail_msg("day %d: got %d-%d-%d, want %d-%d-%d", (int)n, yy, mm, dd, y, m, d);
        assert_int_equal(kp_date_weekday(n), wd);
        if (y == 2999 && m == 12 && d == 31)
            break;
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        int len = m == 2 ? (leap ? 29 : 28) : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
        assert_false(kp_date_valid_ymd(y, m, len + 1));
        if (++d > len) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
        n++;
        wd = wd % 7 + 1;
    }
    assert_int_equal(n, 376199);
}

static void test_open_end(void **state)
{
    (void)state;
    /* KP_DATE_NONE must convert without signed overflow (UBSan would trap)
     * and must not format as a real-looking date. */
    int y = 0, m = 0, d = 0;
    kp_date_to_ymd(KP_DATE_NONE, &y, &m, &d);
    assert_true(y > 9999);
    assert_true(kp_date_year(KP_DATE_NONE) > 9999);
    assert_true(KP_DATE_NONE > kp_date_from_ymd(2999, 12, 31));
    char iso[11] = "x", lv[12] = "x";
    kp_date_format_iso(KP_DATE_NONE, iso);
    assert_string_equal(iso, "");
    kp_date_format_lv(KP_DATE_NONE, lv);
    assert_string_equal(lv, "");
    kp_date_format_iso(INT32_MIN, iso);
    assert_string_equal(iso, "");
    int wd = kp_date_weekday(KP_DATE_NONE);
    assert_true(wd >= 1 && wd <= 7);
    wd = kp_date_weekday(INT32_MIN);
    assert_true(wd >= 1 && wd <= 7);
    /* NULL outputs are skipped. */
    kp_date_to_ymd(0, NULL, NULL, NULL);
    kp_date_to_ymd(0, &y, NULL, NULL);
    assert_int_equal(y, 1970);
}

static void test_parse_iso(void **state)
{
    (void)state;
    kp_date n = 12345;
    assert_int_equal(kp_date_parse_iso("2021-12-31", &n), KP_OK);
    assert_int_equal(n, 18992);
    assert_int_equal(kp_date_parse_iso("1800-01-01", &n), KP_OK);
    assert_int_equal(n, -62091);
    assert_int_equal(kp_date_parse_iso("2000-02-29", &n), KP_OK);
    assert_int_equal(n, 11016);
    assert_int_equal(kp_date_parse_iso("2999-12-31", &n), KP_OK);
    assert_int_equal(n, 376199);

    static const char *const bad[] = {
        "",           "2021-12-3",   "2021-12-311", "2021-13-01", "2021-00-10", "2021-12-00",
        "2021-02-29", "1900-02-29",  "1799-12-31",  "3000-01-01", "2021/12/31", "31.12.2021",
        "2021-1-011", "20211231",    " 2021-12-31", "2021-12-31 ", "2021-12-3a", "+021-12-31",
        "-021-12-31", "2021--12-31", "abcd-ef-gh",  "2021-12-31T00:00", "0000-01-01",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        n = 12345;
        if (kp_date_parse_iso(bad[i], &n) != KP_EINVAL)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(n, 12345); /* untouched on failure */
    }
    assert_int_equal(kp_date_parse_iso(NULL, &n), KP_EINVAL);
    assert_int_equal(n, 12345);
    assert_int_equal(kp_date_parse_iso("2021-12-31", NULL), KP_EINVAL);
}

static void test_format(void **state)
{
    (void)state;
    char iso[11], lv[12];
    kp_date_format_iso(18992, iso);
    assert_string_equal(iso, "2021-12-31");
    kp_date_format_lv(18992, lv);
    assert_string_equal(lv, "31.12.2021.");
    kp_date_format_iso(-62091, iso);
    assert_string_equal(iso, "1800-01-01");
    kp_date_format_lv(-62091, lv);
    assert_string_equal(lv, "01.01.1800.");
    kp_date_format_iso(17348, iso);
    assert_string_equal(iso, "2017-07-01");
    kp_date_format_lv(11016, lv);
    assert_string_equal(lv, "29.02.2000.");
    kp_date_format_iso(-719162, iso); /* the first day of year 1 still has four digits */
    assert_string_equal(iso, "0001-01-01");
    kp_date_format_iso(18992, NULL); /* must not crash */
    kp_date_format_lv(18992, NULL);

    /* Round trip over a sample of the range. */
    for (kp_date d = -62091; d <= 376199; d += 97) {
        kp_date back = 0;
        kp_date_format_iso(d, iso);
        assert_int_equal(kp_date_parse_iso(iso, &back), KP_OK);
        assert_int_equal(back, d);
    }
}

static void test_age(void **state)
{
    (void)state;
    kp_date b = kp_date_from_ymd(2010, 5, 10);
    assert_int_equal(kp_date_age(b, kp_date_from_ymd(2015, 5, 9)), 4);
    assert_int_equal(kp_date_age(b, kp_date_from_ymd(2015, 5, 10)), 5);
    assert_int_equal(kp_date_age(b, kp_date_from_ymd(2015, 4, 30)), 4);
    assert_int_equal(kp_date_age(b, kp_date_from_ymd(2015, 6, 1)), 5);
    assert_int_equal(kp_date_age(b, b), 0);
    assert_int_equal(kp_date_age(b, kp_date_from_ymd(2027, 12, 31)), 17);
    assert_int_equal(kp_date_age(b, kp_date_from_ymd(2028, 5, 10)), 18);
    /* Born on 29 February: a year older on 1 March of a common year. */
    kp_date leap = kp_date_from_ymd(2000, 2, 29);
    assert_int_equal(kp_date_age(leap, kp_date_from_ymd(2001, 2, 28)), 0);
    assert_int_equal(kp_date_age(leap, kp_date_from_ymd(2001, 3, 1)), 1);
    assert_int_equal(kp_date_age(leap, kp_date_from_ymd(2004, 2, 28)), 3);
    assert_int_equal(kp_date_age(leap, kp_date_from_ymd(2004, 2, 29)), 4);
    /* Before birth the age is negative, not a wrapped number. */
    assert_int_equal(kp_date_age(b, kp_date_from_ymd(2010, 5, 9)), -1);
    assert_int_equal(kp_date_age(b, kp_date_from_ymd(2009, 5, 10)), -1);
    assert_int_equal(kp_date_age(b, kp_date_from_ymd(2009, 5, 9)), -2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_ymd),  cmocka_unit_test(test_day_numbers),
        cmocka_unit_test(test_walk_every_day), cmocka_unit_test(test_open_end),
        cmocka_unit_test(test_parse_iso),  cmocka_unit_test(test_format),
        cmocka_unit_test(test_age),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
