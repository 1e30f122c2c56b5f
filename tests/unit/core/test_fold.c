/* Searching and typing the way people do: "ozolins" and "OZOLIŅŠ" fold to
 * the same text as "Ozoliņš"; dates typed "31.12.2021." or ISO. Expected
 * values written out from the Latvian alphabet in ../shared/reference/latvia.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "core/date.h"
#include "core/fold.h"

static void test_fold(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(kp_fold_search("Ozoliņš", out, sizeof out), KP_OK);
    assert_string_equal(out, "ozolins");
    assert_int_equal(kp_fold_search("OZOLIŅŠ", out, sizeof out), KP_OK);
    assert_string_equal(out, "ozolins");
    /* Every Latvian letter with a mark, small and capital. */
    assert_int_equal(kp_fold_search("ĀāČčĒēĢģĪīĶķĻļŅņŠšŪūŽž", out, sizeof out), KP_OK);
    assert_string_equal(out, "aacceeggiikkllnnssuuzz");
    assert_int_equal(kp_fold_search("Bērziņa Jānis-Ēriks", out, sizeof out), KP_OK);
    assert_string_equal(out, "berzina janis-eriks");
    /* Cut at a character, never inside one. */
    assert_int_equal(kp_fold_search("abcdef", out, 4), KP_OK);
    assert_string_equal(out, "abc");
    assert_int_equal(kp_fold_search("", out, sizeof out), KP_OK);
    assert_string_equal(out, "");
    /* Bad arguments and text that is not UTF-8. */
    assert_int_equal(kp_fold_search(NULL, out, sizeof out), KP_EINVAL);
    assert_string_equal(out, "");
    assert_int_equal(kp_fold_search("x", NULL, 8), KP_EINVAL);
    assert_int_equal(kp_fold_search("x", out, 0), KP_EINVAL);
    assert_int_equal(kp_fold_search("a\xff" "b", out, sizeof out), KP_EINVAL);
}

static void test_date_input(void **state)
{
    (void)state;
    kp_date d, want = kp_date_from_ymd(2021, 12, 31);
    static const char *const OK[] = {"31.12.2021.", "31.12.2021", "2021-12-31", " 31.12.2021. "};
    for (size_t i = 0; i < sizeof OK / sizeof OK[0]; i++) {
        d = 0;
        assert_int_equal(kp_date_parse_input(OK[i], &d), KP_OK);
        assert_int_equal(d, want);
    }
    assert_int_equal(kp_date_parse_input("1.2.2021", &d), KP_OK);
    assert_int_equal(d, kp_date_from_ymd(2021, 2, 1));
    assert_int_equal(kp_date_parse_input("29.02.2024.", &d), KP_OK);
    static const char *const BAD[] = {"29.02.2023.", "31.13.2021", "32.01.2021", "31.12.21", "2021.12.31", "31/12/2021",
                                      "31.12.2021..", "", "  ", "31..2021", "031.12.2021", "31.12.1799", "1.1.3000",
                                      "12/31/2021", "2021-12-31x"};
    d = 7;
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        if (kp_date_parse_input(BAD[i], &d) != KP_EINVAL)
            fail_msg("accepted '%s'", BAD[i]);
        assert_int_equal(d, 7);
    }
    assert_int_equal(kp_date_parse_input(NULL, &d), KP_EINVAL);
    assert_int_equal(kp_date_parse_input("31.12.2021.", NULL), KP_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_date_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
