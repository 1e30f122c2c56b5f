/* Unit tests for core/personal_code: the latvia.md vectors, shapes, dates, texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/personal_code.h"

/* Vectors marked "latvia.md" come from /work/shared/reference/latvia.md. The
 * others were built for these tests; their check digits were computed with the
 * other published form of the algorithm, (1 + Σ wᵢ·dᵢ) mod 11 mod 10 with
 * weights 10,5,8,4,2,1,6,3,7,9, not with the code under test. */

static void expect_old(const char *in, const char *canonical, int y, int m, int d)
{
    kp_pc pc;
    memset(&pc, 0x5a, sizeof pc);
    if (kp_pc_parse(in, &pc) != KP_OK)
        fail_msg("refused %s (problem %d)", in, (int)pc.problem);
    assert_string_equal(pc.canonical, canonical);
    assert_int_equal(pc.format, KP_PC_OLD);
    assert_false(pc.warning);
    assert_int_equal(pc.problem, KP_PC_FINE);
    assert_int_equal(pc.birth_date, kp_date_from_ymd(y, m, d));
}

static void expect_new(const char *in, const char *canonical, bool warning)
{
    kp_pc pc;
    memset(&pc, 0x5a, sizeof pc);
    if (kp_pc_parse(in, &pc) != KP_OK)
        fail_msg("refused %s (problem %d)", in, (int)pc.problem);
    assert_string_equal(pc.canonical, canonical);
    assert_int_equal(pc.format, KP_PC_NEW);
    assert_int_equal(pc.birth_date, KP_DATE_NONE);
    assert_int_equal(pc.warning, warning);
    assert_int_equal(pc.problem, warning ? KP_PC_BAD_CHECK_DIGIT : KP_PC_FINE);
}

static void expect_refused(const char *in, kp_pc_problem problem)
{
    kp_pc pc;
    memset(&pc, 0x5a, sizeof pc);
    if (kp_pc_parse(in, &pc) != KP_EINVAL)
        fail_msg("accepted \"%s\"", in ? in : "(null)");
    if (pc.problem != problem)
        fail_msg("\"%s\": problem %d, want %d", in ? in : "(null)", (int)pc.problem,
                 (int)problem);
    assert_false(pc.warning);
    assert_int_equal(pc.birth_date, KP_DATE_NONE);
}

static void test_vectors_old(void **state)
{
    (void)state;
    /* latvia.md */
    expect_old("161175-19997", "161175-19997", 1975, 11, 16);
    expect_old("121282-11210", "121282-11210", 1982, 12, 12);
    expect_old("280794-12344", "280794-12344", 1994, 7, 28);
    expect_old("290156-11605", "290156-11605", 1956, 1, 29);
    expect_old("180565-05610", "180565-05610", 1865, 5, 18); /* century digit 0: 1800s */
    /* The hyphen is optional on input; the canonical form always has it. */
    expect_old("16117519997", "161175-19997", 1975, 11, 16);
    expect_old("18056505610", "180565-05610", 1865, 5, 18);
}

static void test_vectors_new(void **state)
{
    (void)state;
    /* latvia.md */
    expect_new("328673-00679", "328673-00679", false);
    expect_new("323691-93794", "323691-93794", false);
    expect_new("32073120115", "320731-20115", false);
    expect_new("32867300679", "328673-00679", false);
    /* latvia.md: check digit fails → accepted with a warning, never refused. */
    expect_new("328673-00677", "328673-00677", true);
    expect_new("32867300677", "328673-00677", true);
    /* Second digit 2–9 all count as new format (PMLP's current wording). */
    expect_new("390000-00000", "390000-00000", false); /* check digit 0 */
    expect_new("390000-00018", "390000-00018", false);
    expect_new("390000-00011", "390000-00011", true);  /* would be 8 */
    expect_new("35000000000", "350000-00000", true);   /* would be 1 */
    expect_new("320000-00008", "320000-00008", false);
}

static void test_vectors_invalid(void **state)
{
    (void)state;
    expect_refused("161375-19997", KP_PC_BAD_DATE); /* latvia.md: no 13th month */
    expect_refused("16137519997", KP_PC_BAD_DATE);
    /* Old format with a wrong check digit is refused. */
    expect_refused("161175-19998", KP_PC_BAD_CHECK_DIGIT);
    expect_refused("161175-19990", KP_PC_BAD_CHECK_DIGIT);
    expect_refused("121282-11211", KP_PC_BAD_CHECK_DIGIT);
    /* Century digit outside 0–2 (check digit correct: 7). */
    expect_refused("010101-31237", KP_PC_BAD_DATE);
    expect_refused("010101-91230", KP_PC_BAD_DATE);
    /* Starts with 3 but the second digit is 0 or 1: old format, so a date. */
    expect_old("301090-12345", "301090-12345", 1990, 10, 30);
    expect_old("311299-19993", "311299-19993", 1999, 12, 31);
    expect_refused("310290-12340", KP_PC_BAD_DATE); /* 31 February */
    expect_refused("310000-00003", KP_PC_BAD_DATE); /* month 00 */
    expect_refused("000190-12345", KP_PC_BAD_DATE); /* day 00 */
    /* The oldest and a recent valid date. */
    expect_old("010100-00000", "010100-00000", 1800, 1, 1);
    expect_old("010121-20013", "010121-20013", 2021, 1, 1);
    expect_old("010121-00012", "010121-00012", 1821, 1, 1); /* same DDMMYY, century 0 */
}

static void test_february_29(void **state)
{
    (void)state;
    /* DDMMYY: "2902YY". Every check digit here is right, so only the date decides. */
    expect_old("290200-21239", "290200-21239", 2000, 2, 29); /* 2000: leap (÷400) */
    expect_old("290296-11235", "290296-11235", 1996, 2, 29); /* 1996: leap */
    expect_old("290204-21232", "290204-21232", 2004, 2, 29);
    expect_refused("290201-21230", KP_PC_BAD_DATE); /* 2001: common year */
    expect_refused("290200-11233", KP_PC_BAD_DATE); /* 1900: ÷100, not leap */
    expect_refused("290200-01238", KP_PC_BAD_DATE); /* 1800: not leap */
}

static void test_shape(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "1",
        "161175-1999",    /* ten digits */
        "161175-199970",  /* twelve digits */
        "1611751999",
        "161175199970",
        "1611-7519997",   /* hyphen in the wrong place */
        "16117-519997",
        "1611751-9997",
        "161175--19997",
        "161175 19997",   /* space instead of hyphen */
        " 161175-19997",  /* spaces around */
        "161175-19997 ",
        "16117519997\n",
        "161175-1999A",
        "A61175-19997",
        "161175_19997",
        "161175\xE2\x80\x91" "19997", /* non-breaking hyphen */
        "-16117519997",
        "16117519997-",
        "\xEF\xBC\x91" "6117519997", /* fullwidth digit one */
        "161175-19997161175-19997",
        "hello world",
        "-----------",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_refused(bad[i], KP_PC_BAD_SHAPE);
    expect_refused(NULL, KP_PC_BAD_SHAPE);

    /* A NULL result is refused without a crash. */
    assert_int_equal(kp_pc_parse("161175-19997", NULL), KP_EINVAL);
    assert_int_equal(kp_pc_parse(NULL, NULL), KP_EINVAL);

    /* A long input is not read further than needed to refuse it. */
    char big[4096];
    memset(big, '1', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    expect_refused(big, KP_PC_BAD_SHAPE);
}

static void test_refused_leaves_no_code(void **state)
{
    (void)state;
    kp_pc pc;
    memset(&pc, 0x5a, sizeof pc);
    assert_int_equal(kp_pc_parse("161175-19998", &pc), KP_EINVAL);
    /* No half-validated code is left behind for a careless caller. */
    assert_string_equal(pc.canonical, "");
}

static void test_check_digit(void **state)
{
    (void)state;
    assert_int_equal(kp_pc_check_digit("1611751999"), 7);
    assert_int_equal(kp_pc_check_digit("1212821121"), 0);
    assert_int_equal(kp_pc_check_digit("2807941234"), 4);
    assert_int_equal(kp_pc_check_digit("2901561160"), 5);
    assert_int_equal(kp_pc_check_digit("1805650561"), 0);
    assert_int_equal(kp_pc_check_digit("3286730067"), 9);
    assert_int_equal(kp_pc_check_digit("3236919379"), 4);
    assert_int_equal(kp_pc_check_digit("3207312011"), 5);
    assert_int_equal(kp_pc_check_digit("1613751999"), 4);
    assert_int_equal(kp_pc_check_digit("0000000000"), 1); /* 1101 mod 11 = 1 */
    assert_int_equal(kp_pc_check_digit("9999999999"), 1); /* 1101-495=606, 606 mod 11 = 1 */
    /* Not digits: -1 rather than a made-up digit. */
    assert_int_equal(kp_pc_check_digit(NULL), -1);
    assert_int_equal(kp_pc_check_digit("161175-199"), -1);
    assert_int_equal(kp_pc_check_digit("abcdefghij"), -1);
    const char short_input[10] = {'1', '6', '1', '\0', '7', '5', '1', '9', '9', '9'};
    assert_int_equal(kp_pc_check_digit(short_input), -1);
}

static void test_problem_texts(void **state)
{
    (void)state;
    assert_string_equal(kp_pc_problem_lv(KP_PC_BAD_CHECK_DIGIT), "nepareizs kontrolcipars");
    assert_string_equal(kp_pc_problem_lv(KP_PC_BAD_DATE), "nepareizs datums personas kodā");
    assert_string_equal(kp_pc_problem_lv(KP_PC_BAD_SHAPE),
                        "personas kodam jābūt 11 cipariem (ar vai bez defises pēc sestā cipara)");
    assert_string_equal(kp_pc_problem_en(KP_PC_BAD_CHECK_DIGIT), "wrong check digit");
    assert_string_equal(kp_pc_problem_en(KP_PC_BAD_DATE), "wrong date in the personal code");
    assert_string_equal(
        kp_pc_problem_en(KP_PC_BAD_SHAPE),
        "a personal code must have 11 digits (with or without a hyphen after the sixth)");
    /* Every problem, and nonsense values, have a non-empty text in both languages. */
    const int problems[] = {KP_PC_FINE, KP_PC_BAD_SHAPE, KP_PC_BAD_DATE, KP_PC_BAD_CHECK_DIGIT,
                            -1, 4, 1000};
    for (size_t i = 0; i < sizeof problems / sizeof problems[0]; i++) {
        const char *en = kp_pc_problem_en((kp_pc_problem)problems[i]);
        const char *lv = kp_pc_problem_lv((kp_pc_problem)problems[i]);
        assert_non_null(en);
        assert_non_null(lv);
        assert_true(strlen(en) > 0);
        assert_true(strlen(lv) > 0);
        /* The texts never echo a code: no digit run that could be one. */
        assert_null(strstr(en, "161175"));
    }
    /* The four known problems have four different texts. */
    for (int a = 0; a < 4; a++)
        for (int b = a + 1; b < 4; b++) {
            assert_string_not_equal(kp_pc_problem_en((kp_pc_problem)a),
                                    kp_pc_problem_en((kp_pc_problem)b));
            assert_string_not_equal(kp_pc_problem_lv((kp_pc_problem)a),
                                    kp_pc_problem_lv((kp_pc_problem)b));
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors_old),   cmocka_unit_test(test_vectors_new),
        cmocka_unit_test(test_vectors_invalid), cmocka_unit_test(test_february_29),
        cmocka_unit_test(test_shape),         cmocka_unit_test(test_refused_leaves_no_code),
        cmocka_unit_test(test_check_digit),   cmocka_unit_test(test_problem_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
