/* Unit tests for core/money: parsing, formatting, the ESF split, percentages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/money.h"

/* Expected values below were worked out by hand or with exact rational
 * arithmetic (Python fractions), never copied from this code's output. */

#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"
#define EURO "\xE2\x82\xAC"

static kp_cents parse_ok(const char *s)
{
    kp_cents c = -777;
    assert_int_equal(kp_money_parse(s, &c), KP_OK);
    return c;
}

static void parse_bad(const char *s)
{
    kp_cents c = -777;
    assert_int_equal(kp_money_parse(s, &c), KP_EINVAL);
    assert_int_equal(c, -777); /* untouched on failure */
}

static kp_cents parse_lv_ok(const char *s)
{
    kp_cents c = -777;
    assert_int_equal(kp_money_parse_lv(s, &c), KP_OK);
    return c;
}

static void parse_lv_bad(const char *s)
{
    kp_cents c = -777;
    assert_int_equal(kp_money_parse_lv(s, &c), KP_EINVAL);
    assert_int_equal(c, -777);
}

static void test_parse_plain(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("398161.28"), 39816128);
    assert_int_equal(parse_ok("457"), 45700);
    assert_int_equal(parse_ok("-3.5"), -350);
    assert_int_equal(parse_ok("0.01"), 1);
    assert_int_equal(parse_ok("0.5"), 50);
    assert_int_equal(parse_ok("0"), 0);
    assert_int_equal(parse_ok("-0"), 0);
    assert_int_equal(parse_ok("-0.01"), -1);
    assert_int_equal(parse_ok("9412350.00"), 941235000);
    assert_int_equal(parse_ok("007.10"), 710);
    /* The cap itself is allowed, one cent more is not. */
    assert_int_equal(parse_ok("100000000000"), KP_CENTS_MAX);
    assert_int_equal(parse_ok("100000000000.00"), KP_CENTS_MAX);
    assert_int_equal(parse_ok("-100000000000"), -KP_CENTS_MAX);
    parse_bad("100000000000.01");
    parse_bad("100000000001");
    parse_bad("-100000000000.01");
    /* 25 digits: must be refused without overflowing on the way. */
    parse_bad("9999999999999999999999999");
    parse_bad("99999999999999999999999999999999999999999999.99");
}

static void test_parse_plain_refuses(void **state)
{
    (void)state;
    parse_bad("");
    parse_bad("-");
    parse_bad(".");
    parse_bad(".5");
    parse_bad("5.");
    parse_bad("-.5");
    parse_bad("1.234");
    parse_bad("3,5");
    parse_bad("156,584,49");
    parse_bad("1 821 776,78");
    parse_bad("1,821,776.78");
    parse_bad(" 5");
    parse_bad("5 ");
    parse_bad("+5");
    parse_bad("--5");
    parse_bad("5-");
    parse_bad("1e3");
    parse_bad("0x10");
    parse_bad("12.3.4");
    parse_bad("abc");
    parse_bad("5 " EURO);
    parse_bad("1.2a");
    kp_cents c = 42;
    assert_int_equal(kp_money_parse(NULL, &c), KP_EINVAL);
    assert_int_equal(c, 42);
    assert_int_equal(kp_money_parse("1.00", NULL), KP_EINVAL);
    assert_int_equal(kp_money_parse(NULL, NULL), KP_EINVAL);
}

static void test_parse_lv(void **state)
{
    (void)state;
    assert_int_equal(parse_lv_ok("1 821 776,78"), 182177678);
    assert_int_equal(parse_lv_ok("3 592,19 " EURO), 359219);
    assert_int_equal(parse_lv_ok("3592,19"), 359219);
    assert_int_equal(parse_lv_ok("3592,19" EURO), 359219);
    assert_int_equal(parse_lv_ok("3592,19 EUR"), 359219);
    assert_int_equal(parse_lv_ok("1" NBSP "821" NBSP "776,78"), 182177678);
    assert_int_equal(parse_lv_ok("1" NNBSP "821" NNBSP "776,78" NBSP EURO), 182177678);
    assert_int_equal(parse_lv_ok("1 821" NBSP "776,78"), 182177678);
    assert_int_equal(parse_lv_ok("0,01"), 1);
    assert_int_equal(parse_lv_ok("-12,50"), -1250);
    assert_int_equal(parse_lv_ok("-12,5"), -1250);
    assert_int_equal(parse_lv_ok("12"), 1200);
    assert_int_equal(parse_lv_ok("12 " EURO), 1200);
    assert_int_equal(parse_lv_ok("1 000"), 100000);
    assert_int_equal(parse_lv_ok("999"), 99900);
    assert_int_equal(parse_lv_ok("100 000 000 000,00"), KP_CENTS_MAX);
    parse_lv_bad("100 000 000 000,01");
    parse_lv_bad("999 999 999 999 999 999 999 999");
}

static void test_parse_lv_refuses(void **state)
{
    (void)state;
    parse_lv_bad("");
    parse_lv_bad(" ");
    parse_lv_bad(EURO);
    parse_lv_bad("156,584,49"); /* comma as a thousands separator */
    parse_lv_bad("156,584");    /* three decimals, never guessed as thousands */
    parse_lv_bad("1,821,776.78");
    parse_lv_bad("1.821.776,78");
    parse_lv_bad("3592.19");
    parse_lv_bad("1 82 776,78"); /* group of two after the first */
    parse_lv_bad("1 8217 776,78");
    parse_lv_bad("1821 776,78"); /* first group longer than three */
    parse_lv_bad("1  821,00");   /* double separator */
    parse_lv_bad("1 821 ,00");
    parse_lv_bad(",50");
    parse_lv_bad("5,");
    parse_lv_bad("5,123");
    parse_lv_bad(" 5,00");
    parse_lv_bad("5,00 ");
    parse_lv_bad("5,00 " EURO " ");
    parse_lv_bad("5,00 " EURO EURO);
    parse_lv_bad(EURO " 5,00");
    parse_lv_bad("5,00 USD");
    parse_lv_bad("5,00 eur");
    parse_lv_bad("5,00\t" EURO);
    parse_lv_bad("-");
    parse_lv_bad("- 5");
    parse_lv_bad("+5");
    parse_lv_bad("5" "\xC2");         /* truncated no-break space */
    parse_lv_bad("1" "\xC2" "821,00"); /* lone lead byte as separator */
    parse_lv_bad("abc");
    kp_cents c = 42;
    assert_int_equal(kp_money_parse_lv(NULL, &c), KP_EINVAL);
    assert_int_equal(c, 42);
    assert_int_equal(kp_money_parse_lv("1,00", NULL), KP_EINVAL);
}

static void test_format_plain(void **state)
{
    (void)state;
    char out[32];
    kp_money_format_plain(39816128, out);
    assert_string_equal(out, "398161.28");
    kp_money_format_plain(45700, out);
    assert_string_equal(out, "457.00");
    kp_money_format_plain(-350, out);
    assert_string_equal(out, "-3.50");
    kp_money_format_plain(1, out);
    assert_string_equal(out, "0.01");
    kp_money_format_plain(-1, out);
    assert_string_equal(out, "-0.01");
    kp_money_format_plain(0, out);
    assert_string_equal(out, "0.00");
    kp_money_format_plain(INT64_MAX, out);
    assert_string_equal(out, "92233720368547758.07");
    kp_money_format_plain(INT64_MIN, out);
    assert_string_equal(out, "-92233720368547758.08");
    kp_money_format_plain(5, NULL); /* must not crash */
}

static void test_format_lv(void **state)
{
    (void)state;
    char out[32];
    kp_money_format_lv(182177678, out);
    assert_string_equal(out, "1 821 776,78");
    kp_money_format_lv(359219, out);
    assert_string_equal(out, "3 592,19");
    kp_money_format_lv(1, out);
    assert_string_equal(out, "0,01");
    kp_money_format_lv(-1250, out);
    assert_string_equal(out, "-12,50");
    kp_money_format_lv(0, out);
    assert_string_equal(out, "0,00");
    kp_money_format_lv(99999, out);
    assert_string_equal(out, "999,99");
    kp_money_format_lv(100000, out);
    assert_string_equal(out, "1 000,00");
    kp_money_format_lv(-100000000, out);
    assert_string_equal(out, "-1 000 000,00");
    kp_money_format_lv(KP_CENTS_MAX, out);
    assert_string_equal(out, "100 000 000 000,00");
    kp_money_format_lv(INT64_MIN, out);
    assert_string_equal(out, "-92 233 720 368 547 758,08");
    kp_money_format_lv(5, NULL);
}

/* Formatting and parsing back must give the same amount. */
static void test_round_trip(void **state)
{
    (void)state;
    const kp_cents values[] = {0, 1, -1, 99, 100, 101, 99999, 100000, 359219, -359219,
                               182177678, 123456789012, -KP_CENTS_MAX, KP_CENTS_MAX};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char out[32];
        kp_cents back = 0;
        kp_money_format_plain(values[i], out);
        assert_int_equal(kp_money_parse(out, &back), KP_OK);
        assert_int_equal(back, values[i]);
        kp_money_format_lv(values[i], out);
        assert_int_equal(kp_money_parse_lv(out, &back), KP_OK);
        assert_int_equal(back, values[i]);
    }
}

static void test_split_esf(void **state)
{
    (void)state;
    kp_cents esf = -1, st = -1;
    kp_money_split_esf(1, &esf, &st); /* 0.85 rounds to 1 */
    assert_int_equal(esf, 1);
    assert_int_equal(st, 0);
    kp_money_split_esf(-1, &esf, &st);
    assert_int_equal(esf, -1);
    assert_int_equal(st, 0);
    kp_money_split_esf(0, &esf, &st);
    assert_int_equal(esf, 0);
    assert_int_equal(st, 0);
    kp_money_split_esf(10, &esf, &st); /* 8.5: half rounds up */
    assert_int_equal(esf, 9);
    assert_int_equal(st, 1);
    kp_money_split_esf(-10, &esf, &st); /* -8.5: half away from zero */
    assert_int_equal(esf, -9);
    assert_int_equal(st, -1);
    kp_money_split_esf(7, &esf, &st); /* 5.95 */
    assert_int_equal(esf, 6);
    assert_int_equal(st, 1);
    kp_money_split_esf(99, &esf, &st); /* 84.15 */
    assert_int_equal(esf, 84);
    assert_int_equal(st, 15);
    kp_money_split_esf(941235000, &esf, &st); /* exactly 85 % */
    assert_int_equal(esf, 800049750);
    assert_int_equal(st, 141185250);
    kp_money_split_esf(800049750, &esf, &st); /* 680042287.5 */
    assert_int_equal(esf, 680042288);
    assert_int_equal(st, 120007462);
    kp_money_split_esf(-800049750, &esf, &st);
    assert_int_equal(esf, -680042288);
    assert_int_equal(st, -120007462);
    kp_money_split_esf(KP_CENTS_MAX, &esf, &st);
    assert_int_equal(esf, 8500000000000LL);
    assert_int_equal(st, 1500000000000LL);
    /* Extremes must not overflow. */
    kp_money_split_esf(INT64_MAX, &esf, &st);
    assert_int_equal(esf, 7839866231326559436LL);
    assert_int_equal(st, 1383505805528216371LL);
    kp_money_split_esf(INT64_MIN, &esf, &st);
    assert_int_equal(esf, -7839866231326559436LL - 1);
    assert_int_equal(st, -1383505805528216371LL);
    /* NULL outputs are allowed: the caller may want only one part. */
    kp_money_split_esf(100, NULL, &st);
    assert_int_equal(st, 15);
    kp_money_split_esf(100, &esf, NULL);
    assert_int_equal(esf, 85);
    kp_money_split_esf(100, NULL, NULL);
}

static void test_split_adds_up(void **state)
{
    (void)state;
    for (kp_cents a = -20000; a <= 20000; a++) {
        kp_cents esf, st;
        kp_money_split_esf(a, &esf, &st);
        assert_int_equal(esf + st, a);
        /* esf is within half a cent of 85 %: |100*esf - 85*a| <= 50. */
        int64_t diff = 100 * esf - 85 * a;
        assert_true(diff <= 50 && diff >= -50);
        /* a tie (diff of exactly 50) is resolved away from zero */
        if (diff == 50 || diff == -50)
            assert_true(a > 0 ? diff == 50 : diff == -50);
    }
    for (kp_cents a = 1; a < KP_CENTS_MAX / 7; a = a * 7 + 3) {
        kp_cents esf, st;
        kp_money_split_esf(a, &esf, &st);
        assert_int_equal(esf + st, a);
        kp_money_split_esf(-a, &esf, &st);
        assert_int_equal(esf + st, -a);
    }
}

static void test_percent(void **state)
{
    (void)state;
    assert_int_equal(kp_percent_hundredths(39816128, 941235000), 423);
    assert_int_equal(kp_percent_hundredths(45700, 35100), 13020);
    assert_int_equal(kp_percent_hundredths(2400, 7100), 3380);
    assert_int_equal(kp_percent_hundredths(1, 3), 3333);
    assert_int_equal(kp_percent_hundredths(2, 3), 6667);
    assert_int_equal(kp_percent_hundredths(1, 8), 1250);
    assert_int_equal(kp_percent_hundredths(1, 20000), 1);  /* 0.005 % rounds up */
    assert_int_equal(kp_percent_hundredths(1, 20001), 0);  /* just below half */
    assert_int_equal(kp_percent_hundredths(0, 5), 0);
    assert_int_equal(kp_percent_hundredths(5, 5), 10000);
    assert_int_equal(kp_percent_hundredths(-1, 8), -1250);
    assert_int_equal(kp_percent_hundredths(-1, 20000), -1);
    assert_int_equal(kp_percent_hundredths(KP_CENTS_MAX, 3), 33333333333333333LL);
    /* Huge denominators: r*10000 would overflow a naive int64 computation. */
    assert_int_equal(kp_percent_hundredths(INT64_MAX, INT64_MAX - 1), 10000);
    assert_int_equal(kp_percent_hundredths(INT64_MAX / 2, INT64_MAX), 5000);
    assert_int_equal(kp_percent_hundredths(INT64_MAX / 3, INT64_MAX), 3333);
    /* Results beyond int64 saturate instead of wrapping. */
    assert_int_equal(kp_percent_hundredths(INT64_MAX, 1), INT64_MAX);
    assert_int_equal(kp_percent_hundredths(INT64_MIN, 1), INT64_MIN);
    /* Bad denominators give 0 rather than a trap. */
    assert_int_equal(kp_percent_hundredths(5, 0), 0);
    assert_int_equal(kp_percent_hundredths(5, -1), 0);
    assert_int_equal(kp_percent_hundredths(INT64_MIN, INT64_MIN), 0);
}

static void test_percent_format(void **state)
{
    (void)state;
    char out[24];
    kp_percent_format_plain(423, out);
    assert_string_equal(out, "4.23");
    kp_percent_format_plain(13020, out);
    assert_string_equal(out, "130.20");
    kp_percent_format_plain(5, out);
    assert_string_equal(out, "0.05");
    kp_percent_format_plain(0, out);
    assert_string_equal(out, "0.00");
    kp_percent_format_plain(-5, out);
    assert_string_equal(out, "-0.05");
    kp_percent_format_plain(-1250, out);
    assert_string_equal(out, "-12.50");
    kp_percent_format_plain(10000, out);
    assert_string_equal(out, "100.00");
    kp_percent_format_plain(INT64_MIN, out);
    assert_string_equal(out, "-92233720368547758.08");
    kp_percent_format_plain(1, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_plain),
        cmocka_unit_test(test_parse_plain_refuses),
        cmocka_unit_test(test_parse_lv),
        cmocka_unit_test(test_parse_lv_refuses),
        cmocka_unit_test(test_format_plain),
        cmocka_unit_test(test_format_lv),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_split_esf),
        cmocka_unit_test(test_split_adds_up),
        cmocka_unit_test(test_percent),
        cmocka_unit_test(test_percent_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
