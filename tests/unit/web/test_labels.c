/* Words, not codes: target groups, roles and audit actions in Latvian and
 * English; months as "2021. gada oktobris"; times in Riga's local time
 * (UTC+2 in winter, UTC+3 in summer, from ICU's zone data). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "web/web.h"

static kp_req mk(const char *lang)
{
    kp_req r;
    memset(&r, 0, sizeof r);
    kp_arena_init(&r.arena);
    r.lang = lang;
    return r;
}

static void test_labels(void **state)
{
    (void)state;
    kp_req r = mk("lv");
    assert_string_equal(kp_label(&r, KP_LABEL_GROUP, "grt"), "pieaugušie ar garīga rakstura traucējumiem");
    assert_string_equal(kp_label(&r, KP_LABEL_ROLE, "municipal_head"), "sociālā dienesta vadītājs");
    assert_string_equal(kp_label(&r, KP_LABEL_ACTION, "read_personal_code"), "skatīja personas kodu");
    assert_string_equal(kp_label(&r, KP_LABEL_STATUS, "in_force"), "spēkā");
    /* Unknown: words, not snake_case; the kind matters. */
    assert_string_equal(kp_label(&r, KP_LABEL_ACTION, "new_thing_done"), "new thing done");
    assert_string_equal(kp_label(&r, KP_LABEL_ROLE, "grt"), "grt");
    assert_string_equal(kp_label(&r, KP_LABEL_GROUP, NULL), "");
    assert_string_equal(kp_label(&r, KP_LABEL_GROUP, ""), "");
    r.lang = "en";
    assert_string_equal(kp_label(&r, KP_LABEL_GROUP, "bsac"), "children in institutional care");
    assert_string_equal(kp_label(&r, KP_LABEL_ROLE, "social_worker"), "social worker");
    assert_true(kp_label_known(KP_LABEL_GROUP, "parents"));
    assert_false(kp_label_known(KP_LABEL_GROUP, "social_worker"));
    assert_false(kp_label_known(KP_LABEL_GROUP, NULL));
    assert_string_equal(kp_label_code_at(KP_LABEL_GROUP, 0), "grt");
    assert_null(kp_label_code_at(KP_LABEL_GROUP, 1000));
    /* Every label differs from its code in both languages' letters or spacing. */
    for (size_t i = 0; kp_label_code_at(KP_LABEL_ACTION, i); i++) {
        const char *c = kp_label_code_at(KP_LABEL_ACTION, i);
        r.lang = "lv";
        assert_true(strchr(kp_label(&r, KP_LABEL_ACTION, c), '_') == NULL);
        r.lang = "en";
        assert_true(strchr(kp_label(&r, KP_LABEL_ACTION, c), '_') == NULL);
    }
    kp_arena_free(&r.arena);
}

static void test_months(void **state)
{
    (void)state;
    kp_req r = mk("lv");
    assert_string_equal(kp_fmt_month(&r, "2021-10"), "2021. gada oktobris");
    assert_string_equal(kp_fmt_month(&r, "2022-01"), "2022. gada janvāris");
    assert_string_equal(kp_fmt_month(&r, "2021-13"), "2021-13");
    assert_string_equal(kp_fmt_month(&r, "21-10"), "21-10");
    assert_string_equal(kp_fmt_month(&r, NULL), "");
    r.lang = "en";
    assert_string_equal(kp_fmt_month(&r, "2021-10"), "October 2021");
    kp_arena_free(&r.arena);
}

static void test_local_time(void **state)
{
    (void)state;
    kp_req r = mk("lv");
    /* Summer (EEST, UTC+3) and winter (EET, UTC+2). */
    assert_string_equal(kp_fmt_time(&r, "2022-06-15T10:00:00Z"), "15.06.2022. 13:00");
    assert_string_equal(kp_fmt_time(&r, "2021-12-31T22:30:00Z"), "01.01.2022. 00:30");
    assert_string_equal(kp_fmt_time(&r, "2021-10-05 09:30:00"), "05.10.2021. 12:30");
    /* The night summer time ends (31 October 2021, 04:00 → 03:00 local). */
    assert_string_equal(kp_fmt_time(&r, "2021-10-31T00:30:00Z"), "31.10.2021. 03:30");
    assert_string_equal(kp_fmt_time(&r, "2021-10-31T01:30:00Z"), "31.10.2021. 03:30");
    r.lang = "en";
    assert_string_equal(kp_fmt_time(&r, "2022-06-15T10:00:00Z"), "15.06.2022 13:00");
    /* Not a time: as given. */
    assert_string_equal(kp_fmt_time(&r, "2022-06-15"), "2022-06-15");
    assert_string_equal(kp_fmt_time(&r, "2022-02-30T10:00:00Z"), "2022-02-30T10:00:00Z");
    assert_string_equal(kp_fmt_time(&r, "2022-06-15T25:00:00Z"), "2022-06-15T25:00:00Z");
    assert_string_equal(kp_fmt_time(&r, NULL), "");
    int y, mo, d, h, mi;
    assert_int_equal(kp_riga_local(0, &y, &mo, &d, &h, &mi), KP_OK);
    assert_int_equal(y, 1970);
    assert_int_equal(h, 3); /* Riga was on Moscow time (UTC+3) in 1970 */
    assert_int_equal(kp_riga_local(0, NULL, &mo, &d, &h, &mi), KP_EINVAL);
    kp_arena_free(&r.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_months),
        cmocka_unit_test(test_local_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
