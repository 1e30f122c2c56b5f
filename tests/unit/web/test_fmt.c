/* What people read: Latvian dates with the final dot, money with spaces
 * and a decimal comma, and names in the Latvian alphabet's order. Expected
 * values are written out from ../shared/reference/latvia.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "web/web.h"

static void test_dates(void **state)
{
    (void)state;
    kp_req r;
    memset(&r, 0, sizeof r);
    kp_arena_init(&r.arena);
    r.lang = "lv";
    assert_string_equal(kp_fmt_date(&r, "2021-12-31"), "31.12.2021.");
    assert_string_equal(kp_fmt_date(&r, "2024-02-29"), "29.02.2024.");
    r.lang = "en";
    assert_string_equal(kp_fmt_date(&r, "2021-12-31"), "31.12.2021");
    /* Not a date: shown as given, never as a wrong date. */
    assert_string_equal(kp_fmt_date(&r, "2021-02-30"), "2021-02-30");
    assert_string_equal(kp_fmt_date(&r, ""), "");
    assert_string_equal(kp_fmt_date(&r, NULL), "");
    kp_arena_free(&r.arena);
}

static void test_money(void **state)
{
    (void)state;
    kp_req r;
    memset(&r, 0, sizeof r);
    kp_arena_init(&r.arena);
    r.lang = "lv";
    assert_string_equal(kp_fmt_money(&r, 182177678), "1 821 776,78 €");
    assert_string_equal(kp_fmt_money(&r, 359219), "3 592,19 €");
    assert_string_equal(kp_fmt_money(&r, 1), "0,01 €");
    kp_arena_free(&r.arena);
}

static int cmp(const void *a, const void *b, void *c)
{
    return kp_collate_lv(*(const char *const *)a, *(const char *const *)b, c);
}

static void test_latvian_order(void **state)
{
    (void)state;
    void *c = kp_collator_open();
    assert_non_null(c);
    /* a ā b c č … k ķ … s š … z ž: the alphabet of latvia.md. Č, Ķ, Š, Ž
     * are letters of their own; Ā differs from A only where all else ties
     * (ICU's lv tailoring), so Ābele follows Abele. */
    const char *names[] = {"Žagars", "Zariņš", "Šmits", "Siliņš", "Ķēniņš", "Kalniņš", "Čakste", "Celmiņš",
                           "Ābele", "Balodis", "Abele"};
    const char *want[] = {"Abele", "Ābele", "Balodis", "Celmiņš", "Čakste", "Kalniņš", "Ķēniņš", "Siliņš",
                          "Šmits", "Zariņš", "Žagars"};
    size_t n = sizeof names / sizeof names[0];
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && cmp(&names[j - 1], &names[j], c) > 0; j--) {
            const char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    for (size_t i = 0; i < n; i++)
        assert_string_equal(names[i], want[i]);
    /* Byte order would put every accented capital after Z. */
    assert_true(strcmp("Ābele", "Zariņš") > 0);
    assert_true(kp_collate_lv("Ābele", "Zariņš", c) < 0);
    assert_true(kp_collate_lv("Čakste", "Cūka", c) > 0);
    kp_collator_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_money),
        cmocka_unit_test(test_latvian_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
