/* Unit tests for core/rules: kind names, which rule applies, limits, refusal texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/rules.h"

/* The expected sentences are written out by hand from the brief and from
 * Latvian grammar (1, 21, 31 … take the singular), not from this code. */

static kp_rule make_rule(const char *service, kp_rule_kind kind, int64_t limit)
{
    kp_rule r;
    memset(&r, 0, sizeof r);
    r.id = 7;
    size_t n = strlen(service);
    assert_true(n < sizeof r.service);
    memcpy(r.service, service, n + 1);
    r.kind = kind;
    r.limit = limit;
    r.age_min = r.age_max = -1;
    r.parents_working = -1;
    r.valid_from = kp_date_from_ymd(2021, 1, 1);
    r.valid_to = KP_DATE_NONE;
    return r;
}

static kp_rule_subject make_subject(const char *service)
{
    kp_rule_subject s = {
        .service = service,
        .region = "KPR",
        .target_group = "children",
        .on = kp_date_from_ymd(2021, 9, 1),
        .age = 6,
        .parents_working = -1,
    };
    return s;
}

static void test_kind_names(void **state)
{
    (void)state;
    static const struct {
        kp_rule_kind k;
        const char *name;
    } v[] = {
        {KP_RULE_UNITS_PER_YEAR, "units_per_year"},
        {KP_RULE_HOURS_PER_WEEK, "hours_per_week"},
        {KP_RULE_SESSIONS_PER_SERVICE, "sessions_per_service"},
        {KP_RULE_SERVICES_PER_PERSON, "services_per_person"},
        {KP_RULE_AMOUNT_PER_PERSON, "amount_per_person"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        assert_string_equal(kp_rule_kind_name(v[i].k), v[i].name);
        kp_rule_kind k = (kp_rule_kind)0;
        assert_int_equal(kp_rule_kind_parse(v[i].name, &k), KP_OK);
        assert_int_equal(k, v[i].k);
    }
    assert_null(kp_rule_kind_name((kp_rule_kind)0));
    assert_null(kp_rule_kind_name((kp_rule_kind)6));
    assert_null(kp_rule_kind_name((kp_rule_kind)-1));
    assert_null(kp_rule_kind_name((kp_rule_kind)100000));

    static const char *const bad[] = {"", "UNITS_PER_YEAR", "units_per_year ", " units_per_year",
                                      "units", "units_per_year\n", "amount", "0", "1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kp_rule_kind k = KP_RULE_HOURS_PER_WEEK;
        assert_int_equal(kp_rule_kind_parse(bad[i], &k), KP_EINVAL);
        assert_int_equal(k, KP_RULE_HOURS_PER_WEEK); /* untouched */
    }
    kp_rule_kind k = KP_RULE_HOURS_PER_WEEK;
    assert_int_equal(kp_rule_kind_parse(NULL, &k), KP_EINVAL);
    assert_int_equal(kp_rule_kind_parse("units_per_year", NULL), KP_EINVAL);
}

static void test_applies_service_region_group(void **state)
{
    (void)state;
    kp_rule r = make_rule("respite", KP_RULE_UNITS_PER_YEAR, 30);
    kp_rule_subject s = make_subject("respite");
    assert_true(kp_rule_applies(&r, &s));

    s.service = "care";
    assert_false(kp_rule_applies(&r, &s));
    s.service = "respit";
    assert_false(kp_rule_applies(&r, &s));
    s.service = "respite2";
    assert_false(kp_rule_applies(&r, &s));
    s.service = "";
    assert_false(kp_rule_applies(&r, &s));
    s.service = NULL;
    assert_false(kp_rule_applies(&r, &s));
    s.service = "respite";

    /* Region: "" on the rule means every region. */
    memcpy(r.region, "KPR", 4);
    assert_true(kp_rule_applies(&r, &s));
    s.region = "ZPR";
    assert_false(kp_rule_applies(&r, &s));
    s.region = "";
    assert_false(kp_rule_applies(&r, &s));
    s.region = NULL;
    assert_false(kp_rule_applies(&r, &s));
    r.region[0] = '\0';
    assert_true(kp_rule_applies(&r, &s)); /* all regions, even an unknown one */
    s.region = "KPR";

    /* Target group, the same way. */
    memcpy(r.target_group, "children", 9);
    assert_true(kp_rule_applies(&r, &s));
    s.target_group = "adults";
    assert_false(kp_rule_applies(&r, &s));
    s.target_group = "children_x";
    assert_false(kp_rule_applies(&r, &s));
    s.target_group = NULL;
    assert_false(kp_rule_applies(&r, &s));
    r.target_group[0] = '\0';
    assert_true(kp_rule_applies(&r, &s));

    /* A rule that names no service governs nothing. */
    kp_rule empty = make_rule("", KP_RULE_UNITS_PER_YEAR, 30);
    s.service = "";
    assert_false(kp_rule_applies(&empty, &s));
    s.service = "respite";
    assert_false(kp_rule_applies(&empty, &s));
}

static void test_applies_unterminated_fields(void **state)
{
    (void)state;
    /* Fields filled to the brim without a NUL must be read within their size
     * (ASan would report an overflow otherwise). */
    kp_rule r = make_rule("x", KP_RULE_UNITS_PER_YEAR, 30);
    memset(r.service, 's', sizeof r.service);
    memset(r.region, 'r', sizeof r.region);
    memset(r.target_group, 'g', sizeof r.target_group);
    char service[sizeof r.service + 1], region[sizeof r.region + 1],
        group[sizeof r.target_group + 1];
    memset(service, 's', sizeof r.service);
    service[sizeof r.service] = '\0';
    memset(region, 'r', sizeof r.region);
    region[sizeof r.region] = '\0';
    memset(group, 'g', sizeof r.target_group);
    group[sizeof r.target_group] = '\0';
    kp_rule_subject s = make_subject(service);
    s.region = region;
    s.target_group = group;
    assert_true(kp_rule_applies(&r, &s));
    s.region = "rrrrrrrrr"; /* one longer than the field */
    assert_false(kp_rule_applies(&r, &s));

    kp_refusal out;
    assert_int_equal(kp_rule_evaluate(&r, 30, 1, &out), KP_ERULE);
    assert_int_equal(strlen(out.service), sizeof out.service - 1);
    char msg[200];
    kp_refusal_message(&out, NULL, "en", msg, sizeof msg);
    assert_true(strlen(msg) > 0);
}

static void test_applies_dates(void **state)
{
    (void)state;
    kp_rule r = make_rule("respite", KP_RULE_UNITS_PER_YEAR, 30);
    r.valid_from = kp_date_from_ymd(2021, 7, 1);
    r.valid_to = kp_date_from_ymd(2023, 12, 31);
    kp_rule_subject s = make_subject("respite");

    s.on = kp_date_from_ymd(2021, 6, 30);
    assert_false(kp_rule_applies(&r, &s));
    s.on = kp_date_from_ymd(2021, 7, 1); /* both ends inclusive */
    assert_true(kp_rule_applies(&r, &s));
    s.on = kp_date_from_ymd(2023, 12, 31);
    assert_true(kp_rule_applies(&r, &s));
    s.on = kp_date_from_ymd(2024, 1, 1);
    assert_false(kp_rule_applies(&r, &s));

    /* Open ends. */
    r.valid_to = KP_DATE_NONE;
    s.on = kp_date_from_ymd(2999, 12, 31);
    assert_true(kp_rule_applies(&r, &s));
    r.valid_from = KP_DATE_NONE;
    r.valid_to = kp_date_from_ymd(2021, 6, 30);
    s.on = kp_date_from_ymd(1800, 1, 1);
    assert_true(kp_rule_applies(&r, &s));
    s.on = kp_date_from_ymd(2021, 7, 1);
    assert_false(kp_rule_applies(&r, &s));
    r.valid_to = KP_DATE_NONE;
    assert_true(kp_rule_applies(&r, &s)); /* open on both ends: always */

    /* An inverted period is in force on no day. */
    r.valid_from = kp_date_from_ymd(2022, 1, 1);
    r.valid_to = kp_date_from_ymd(2021, 1, 1);
    s.on = kp_date_from_ymd(2021, 6, 1);
    assert_false(kp_rule_applies(&r, &s));
}

/* The care rules from latvia.md: up to 4 inclusive 50 h/week when the parents
 * work or study, 10 h otherwise; 5 to 17 inclusive 10 h. */
static void test_applies_care_rules(void **state)
{
    (void)state;
    kp_rule small_working = make_rule("care", KP_RULE_HOURS_PER_WEEK, 50);
    small_working.age_min = 0;
    small_working.age_max = 4;
    small_working.parents_working = 1;
    kp_rule small_other = small_working;
    small_other.limit = 10;
    small_other.parents_working = 0;
    kp_rule older = make_rule("care", KP_RULE_HOURS_PER_WEEK, 10);
    older.age_min = 5;
    older.age_max = 17;

    kp_rule_subject s = make_subject("care");
    static const struct {
        int age, working;
        bool a, b, c; /* applies: small_working, small_other, older */
    } v[] = {
        {0, 1, true, false, false},  {4, 1, true, false, false},
        {4, 0, false, true, false},  {4, -1, false, true, false}, /* unknown = not working */
        {2, 7, false, true, false},  /* nonsense on the subject: not "working" */
        {5, 1, false, false, true},  {5, 0, false, false, true},
        {17, -1, false, false, true}, {18, 1, false, false, false},
        {40, 0, false, false, false},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        s.age = v[i].age;
        s.parents_working = v[i].working;
        if (kp_rule_applies(&small_working, &s) != v[i].a ||
            kp_rule_applies(&small_other, &s) != v[i].b ||
            kp_rule_applies(&older, &s) != v[i].c)
            fail_msg("age %d, parents_working %d", v[i].age, v[i].working);
    }

    /* Unknown age: every age-bounded rule applies (the stricter reading). */
    s.age = -1;
    s.parents_working = 0;
    assert_true(kp_rule_applies(&small_other, &s));
    assert_true(kp_rule_applies(&older, &s));
    assert_false(kp_rule_applies(&small_working, &s)); /* parents still decide */

    /* Only a lower bound, only an upper bound. */
    kp_rule lo = make_rule("care", KP_RULE_HOURS_PER_WEEK, 10);
    lo.age_min = 5;
    s.age = 4;
    assert_false(kp_rule_applies(&lo, &s));
    s.age = 99;
    assert_true(kp_rule_applies(&lo, &s));
    kp_rule hi = make_rule("care", KP_RULE_HOURS_PER_WEEK, 10);
    hi.age_max = 4;
    s.age = 0;
    assert_true(kp_rule_applies(&hi, &s));
    s.age = 5;
    assert_false(kp_rule_applies(&hi, &s));

    /* A nonsense parents_working on the rule governs nothing. */
    kp_rule odd = make_rule("care", KP_RULE_HOURS_PER_WEEK, 10);
    odd.parents_working = 2;
    s.parents_working = 1;
    assert_false(kp_rule_applies(&odd, &s));
    odd.parents_working = -5;
    assert_false(kp_rule_applies(&odd, &s));
}

static void test_applies_bad_args(void **state)
{
    (void)state;
    kp_rule r = make_rule("respite", KP_RULE_UNITS_PER_YEAR, 30);
    kp_rule_subject s = make_subject("respite");
    assert_false(kp_rule_applies(NULL, &s));
    assert_false(kp_rule_applies(&r, NULL));
    assert_false(kp_rule_applies(NULL, NULL));
}

static void test_evaluate(void **state)
{
    (void)state;
    kp_rule r = make_rule("respite", KP_RULE_UNITS_PER_YEAR, 30);
    kp_refusal out;
    memset(&out, 0x5a, sizeof out);
    assert_int_equal(kp_rule_evaluate(&r, 27, 3, &out), KP_OK);
    assert_int_equal(out.limit, (int64_t)0x5a5a5a5a5a5a5a5aLL); /* untouched */
    assert_int_equal(kp_rule_evaluate(&r, 0, 30, &out), KP_OK);
    assert_int_equal(kp_rule_evaluate(&r, 30, 0, &out), KP_OK);
    assert_int_equal(kp_rule_evaluate(&r, 0, 0, &out), KP_OK);

    assert_int_equal(kp_rule_evaluate(&r, 27, 5, &out), KP_ERULE);
    assert_int_equal(out.rule_id, 7);
    assert_int_equal(out.kind, KP_RULE_UNITS_PER_YEAR);
    assert_string_equal(out.service, "respite");
    assert_int_equal(out.limit, 30);
    assert_int_equal(out.used, 27);
    assert_int_equal(out.requested, 5);

    assert_int_equal(kp_rule_evaluate(&r, 0, 31, &out), KP_ERULE);
    assert_int_equal(kp_rule_evaluate(&r, 31, 0, &out), KP_ERULE); /* already over */
    assert_int_equal(out.used, 31);
    assert_int_equal(out.requested, 0);

    /* A zero limit refuses anything but nothing. */
    kp_rule zero = make_rule("respite", KP_RULE_UNITS_PER_YEAR, 0);
    assert_int_equal(kp_rule_evaluate(&zero, 0, 0, &out), KP_OK);
    assert_int_equal(kp_rule_evaluate(&zero, 0, 1, &out), KP_ERULE);

    /* Overflow: used + requested would wrap; must still be a refusal. */
    kp_rule big = make_rule("amount", KP_RULE_AMOUNT_PER_PERSON, INT64_MAX);
    assert_int_equal(kp_rule_evaluate(&big, INT64_MAX, 0, &out), KP_OK);
    assert_int_equal(kp_rule_evaluate(&big, INT64_MAX - 1, 1, &out), KP_OK);
    assert_int_equal(kp_rule_evaluate(&big, INT64_MAX, 1, &out), KP_ERULE);
    assert_int_equal(kp_rule_evaluate(&big, INT64_MAX, INT64_MAX, &out), KP_ERULE);
    assert_int_equal(kp_rule_evaluate(&r, INT64_MAX, INT64_MAX, &out), KP_ERULE);
    assert_int_equal(kp_rule_evaluate(&r, 1, INT64_MAX, &out), KP_ERULE);

    /* Bad arguments. */
    assert_int_equal(kp_rule_evaluate(NULL, 1, 1, &out), KP_EINVAL);
    assert_int_equal(kp_rule_evaluate(&r, -1, 1, &out), KP_EINVAL);
    assert_int_equal(kp_rule_evaluate(&r, 1, -1, &out), KP_EINVAL);
    assert_int_equal(kp_rule_evaluate(&r, INT64_MIN, INT64_MIN, &out), KP_EINVAL);
    assert_int_equal(kp_rule_evaluate(&r, 0, INT64_MIN, &out), KP_EINVAL);
    kp_rule neg = make_rule("respite", KP_RULE_UNITS_PER_YEAR, -1);
    assert_int_equal(kp_rule_evaluate(&neg, 0, 0, &out), KP_EINVAL);
    /* Without somewhere to describe it, a refusal is still a refusal. */
    assert_int_equal(kp_rule_evaluate(&r, 27, 5, NULL), KP_ERULE);
    assert_int_equal(kp_rule_evaluate(&r, 27, 3, NULL), KP_OK);
}

static kp_refusal refusal(kp_rule_kind kind, int64_t limit, int64_t used, int64_t requested)
{
    kp_refusal r;
    memset(&r, 0, sizeof r);
    r.rule_id = 1;
    r.kind = kind;
    memcpy(r.service, "svc", 4);
    r.limit = limit;
    r.used = used;
    r.requested = requested;
    return r;
}

static void expect_msg(kp_refusal r, const char *name, const char *lang, const char *want)
{
    char out[256];
    memset(out, 'x', sizeof out);
    kp_refusal_message(&r, name, lang, out, sizeof out);
    assert_string_equal(out, want);
}

static void test_message_each_kind(void **state)
{
    (void)state;
    expect_msg(refusal(KP_RULE_UNITS_PER_YEAR, 30, 27, 5), "Atelpas brīdis", "lv",
               "Atelpas brīdis: ne vairāk kā 30 diennaktis gadā; izmantotas 27, pieprasītas 5");
    expect_msg(refusal(KP_RULE_UNITS_PER_YEAR, 30, 27, 5), "Respite", "en",
               "Respite: at most 30 days a year; used 27, requested 5");
    expect_msg(refusal(KP_RULE_HOURS_PER_WEEK, 10, 8, 4), "Aprūpe", "lv",
               "Aprūpe: ne vairāk kā 10 stundas nedēļā; izmantotas 8, pieprasītas 4");
    expect_msg(refusal(KP_RULE_HOURS_PER_WEEK, 10, 8, 4), "Care", "en",
               "Care: at most 10 hours a week; used 8, requested 4");
    expect_msg(refusal(KP_RULE_SESSIONS_PER_SERVICE, 10, 9, 2), "Sociālā rehabilitācija", "lv",
               "Sociālā rehabilitācija: ne vairāk kā 10 nodarbības vienam pakalpojumam; "
               "izmantotas 9, pieprasītas 2");
    expect_msg(refusal(KP_RULE_SESSIONS_PER_SERVICE, 10, 9, 2), "Social rehabilitation", "en",
               "Social rehabilitation: at most 10 sessions per service; used 9, requested 2");
    expect_msg(refusal(KP_RULE_SERVICES_PER_PERSON, 4, 4, 2), "Sociālā rehabilitācija", "lv",
               "Sociālā rehabilitācija: ne vairāk kā 4 pakalpojumi personai; "
               "izmantoti 4, pieprasīti 2");
    expect_msg(refusal(KP_RULE_SERVICES_PER_PERSON, 4, 4, 2), "Social rehabilitation", "en",
               "Social rehabilitation: at most 4 services per person; used 4, requested 2");
    expect_msg(refusal(KP_RULE_AMOUNT_PER_PERSON, 150000, 120000, 40000), "Projekts", "lv",
               "Projekts: ne vairāk kā 1 500,00 € personai; "
               "izmantoti 1 200,00 €, pieprasīti 400,00 €");
    expect_msg(refusal(KP_RULE_AMOUNT_PER_PERSON, 150000, 120000, 40000), "Project", "en",
               "Project: at most 1 500,00 € per person; used 1 200,00 €, requested 400,00 €");
    expect_msg(refusal(KP_RULE_AMOUNT_PER_PERSON, 100, 99, 2), "Projekts", "lv",
               "Projekts: ne vairāk kā 1,00 € personai; izmantoti 0,99 €, pieprasīti 0,02 €");
}

static void test_message_grammatical_number(void **state)
{
    (void)state;
    /* Latvian: 1, 21, 31, 101 take the singular, 11 and 111 the plural. */
    expect_msg(refusal(KP_RULE_UNITS_PER_YEAR, 21, 21, 1), "Atelpas brīdis", "lv",
               "Atelpas brīdis: ne vairāk kā 21 diennakts gadā; izmantota 21, pieprasīta 1");
    expect_msg(refusal(KP_RULE_UNITS_PER_YEAR, 11, 11, 11), "Atelpas brīdis", "lv",
               "Atelpas brīdis: ne vairāk kā 11 diennaktis gadā; izmantotas 11, pieprasītas 11");
    expect_msg(refusal(KP_RULE_HOURS_PER_WEEK, 1, 0, 2), "Aprūpe", "lv",
               "Aprūpe: ne vairāk kā 1 stunda nedēļā; izmantotas 0, pieprasītas 2");
    expect_msg(refusal(KP_RULE_SESSIONS_PER_SERVICE, 101, 111, 1), "Nodarbības", "lv",
               "Nodarbības: ne vairāk kā 101 nodarbība vienam pakalpojumam; "
               "izmantotas 111, pieprasīta 1");
    expect_msg(refusal(KP_RULE_SERVICES_PER_PERSON, 1, 1, 1), "Rehabilitācija", "lv",
               "Rehabilitācija: ne vairāk kā 1 pakalpojums personai; izmantots 1, pieprasīts 1");
    /* English: only 1 is singular. */
    expect_msg(refusal(KP_RULE_UNITS_PER_YEAR, 1, 1, 1), "Respite", "en",
               "Respite: at most 1 day a year; used 1, requested 1");
    expect_msg(refusal(KP_RULE_HOURS_PER_WEEK, 1, 0, 2), "Care", "en",
               "Care: at most 1 hour a week; used 0, requested 2");
    expect_msg(refusal(KP_RULE_SESSIONS_PER_SERVICE, 1, 1, 1), "Rehab", "en",
               "Rehab: at most 1 session per service; used 1, requested 1");
    expect_msg(refusal(KP_RULE_SERVICES_PER_PERSON, 1, 1, 1), "Rehab", "en",
               "Rehab: at most 1 service per person; used 1, requested 1");
    expect_msg(refusal(KP_RULE_UNITS_PER_YEAR, 21, 21, 1), "Respite", "en",
               "Respite: at most 21 days a year; used 21, requested 1");
}

static void test_message_from_evaluate(void **state)
{
    (void)state;
    kp_rule r = make_rule("respite", KP_RULE_UNITS_PER_YEAR, 30);
    kp_refusal out;
    assert_int_equal(kp_rule_evaluate(&r, 27, 5, &out), KP_ERULE);
    char msg[160];
    kp_refusal_message(&out, "Atelpas brīdis", "lv", msg, sizeof msg);
    assert_string_equal(msg,
                        "Atelpas brīdis: ne vairāk kā 30 diennaktis gadā; izmantotas 27, "
                        "pieprasītas 5");
}

static void test_message_fallbacks(void **state)
{
    (void)state;
    kp_refusal r = refusal(KP_RULE_HOURS_PER_WEEK, 10, 8, 4);
    /* No display name: the service code stands in. */
    expect_msg(r, NULL, "en", "svc: at most 10 hours a week; used 8, requested 4");
    expect_msg(r, "", "lv", "svc: ne vairāk kā 10 stundas nedēļā; izmantotas 8, pieprasītas 4");
    /* Any language other than "lv" (or none) gets English. */
    expect_msg(r, "Care", NULL, "Care: at most 10 hours a week; used 8, requested 4");
    expect_msg(r, "Care", "", "Care: at most 10 hours a week; used 8, requested 4");
    expect_msg(r, "Care", "xx", "Care: at most 10 hours a week; used 8, requested 4");
    expect_msg(r, "Care", "LV", "Care: at most 10 hours a week; used 8, requested 4");
    /* An unknown kind still says something true. */
    kp_refusal odd = refusal((kp_rule_kind)42, 10, 8, 4);
    expect_msg(odd, "Care", "en", "Care: at most 10; used 8, requested 4");
    expect_msg(odd, "Aprūpe", "lv", "Aprūpe: ne vairāk kā 10; izmantots 8, pieprasīts 4");
    /* A service code filling its whole field without a NUL. */
    kp_refusal full = r;
    memset(full.service, 'z', sizeof full.service);
    char out[256], want[256];
    memset(want, 'z', sizeof full.service); /* all 32 bytes of the code, then the text */
    memcpy(want + sizeof full.service, ": at most 10 hours a week; used 8, requested 4",
           sizeof ": at most 10 hours a week; used 8, requested 4");
    kp_refusal_message(&full, NULL, "en", out, sizeof out);
    assert_string_equal(out, want);
}

/* A byte string is valid UTF-8 (enough for our texts: no overlong checks). */
static bool utf8_complete(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4;
        for (int i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return false;
        p += n;
    }
    return true;
}

static void test_message_truncation(void **state)
{
    (void)state;
    kp_refusal r = refusal(KP_RULE_UNITS_PER_YEAR, 30, 27, 5);
    const char *full = "Atelpas brīdis: ne vairāk kā 30 diennaktis gadā; izmantotas 27, "
                       "pieprasītas 5";
    size_t full_len = strlen(full);
    for (size_t outlen = 1; outlen <= full_len + 2; outlen++) {
        char out[128];
        memset(out, 'x', sizeof out);
        kp_refusal_message(&r, "Atelpas brīdis", "lv", out, outlen);
        size_t n = strlen(out);
        assert_true(n < outlen);
        assert_int_equal(memcmp(out, full, n), 0); /* a prefix of the full text */
        assert_true(utf8_complete(out));            /* never half a character */
        assert_true(n + 1 + 3 >= outlen || n == full_len); /* drops at most a character */
        assert_int_equal(out[outlen], 'x');          /* nothing written past outlen */
    }
}

static void test_message_bad_args(void **state)
{
    (void)state;
    kp_refusal r = refusal(KP_RULE_UNITS_PER_YEAR, 30, 27, 5);
    char out[64] = "untouched";
    kp_refusal_message(&r, "x", "lv", NULL, 10);
    kp_refusal_message(&r, "x", "lv", out, 0);
    assert_string_equal(out, "untouched");
    kp_refusal_message(NULL, "x", "lv", out, sizeof out);
    assert_string_equal(out, "");
    kp_refusal_message(NULL, NULL, NULL, NULL, 0);
}

/* Periods: names, which kind counts over which, the calendar bounds of a
 * day, week and year (weeks are Monday–Sunday), and the sentence that names
 * the period. Dates worked out from a calendar: 07.03.2022 was a Monday. */
static void test_periods(void **state)
{
    (void)state;
    static const struct {
        kp_rule_period p;
        const char *name;
    } v[] = {{KP_PERIOD_DAY, "day"},
             {KP_PERIOD_WEEK, "week"},
             {KP_PERIOD_CALENDAR_YEAR, "calendar_year"},
             {KP_PERIOD_COURSE, "course"},
             {KP_PERIOD_LIFETIME, "lifetime"}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        assert_string_equal(kp_rule_period_name(v[i].p), v[i].name);
        kp_rule_period p = KP_PERIOD_NONE;
        assert_int_equal(kp_rule_period_parse(v[i].name, &p), KP_OK);
        assert_int_equal(p, v[i].p);
    }
    kp_rule_period p = KP_PERIOD_NONE;
    assert_null(kp_rule_period_name(KP_PERIOD_NONE));
    assert_null(kp_rule_period_name((kp_rule_period)6));
    assert_null(kp_rule_period_name((kp_rule_period)-1));
    assert_int_equal(kp_rule_period_parse("year", &p), KP_EINVAL);
    assert_int_equal(kp_rule_period_parse("", &p), KP_EINVAL);
    assert_int_equal(kp_rule_period_parse(NULL, &p), KP_EINVAL);
    assert_int_equal(kp_rule_period_parse("week", NULL), KP_EINVAL);

    assert_true(kp_rule_period_allowed(KP_RULE_UNITS_PER_YEAR, KP_PERIOD_CALENDAR_YEAR));
    assert_true(kp_rule_period_allowed(KP_RULE_UNITS_PER_YEAR, KP_PERIOD_DAY));
    assert_false(kp_rule_period_allowed(KP_RULE_UNITS_PER_YEAR, KP_PERIOD_LIFETIME));
    assert_true(kp_rule_period_allowed(KP_RULE_HOURS_PER_WEEK, KP_PERIOD_WEEK));
    assert_false(kp_rule_period_allowed(KP_RULE_HOURS_PER_WEEK, KP_PERIOD_CALENDAR_YEAR));
    assert_true(kp_rule_period_allowed(KP_RULE_SESSIONS_PER_SERVICE, KP_PERIOD_COURSE));
    assert_true(kp_rule_period_allowed(KP_RULE_SESSIONS_PER_SERVICE, KP_PERIOD_CALENDAR_YEAR));
    assert_true(kp_rule_period_allowed(KP_RULE_SESSIONS_PER_SERVICE, KP_PERIOD_LIFETIME));
    assert_false(kp_rule_period_allowed(KP_RULE_SESSIONS_PER_SERVICE, KP_PERIOD_WEEK));
    assert_false(kp_rule_period_allowed(KP_RULE_SERVICES_PER_PERSON, KP_PERIOD_COURSE));
    assert_true(kp_rule_period_allowed(KP_RULE_AMOUNT_PER_PERSON, KP_PERIOD_COURSE));
    assert_false(kp_rule_period_allowed((kp_rule_kind)0, KP_PERIOD_COURSE));
    assert_false(kp_rule_period_allowed(KP_RULE_UNITS_PER_YEAR, KP_PERIOD_NONE));
    assert_int_equal(kp_rule_period_default(KP_RULE_UNITS_PER_YEAR), KP_PERIOD_CALENDAR_YEAR);
    assert_int_equal(kp_rule_period_default(KP_RULE_HOURS_PER_WEEK), KP_PERIOD_WEEK);
    assert_int_equal(kp_rule_period_default(KP_RULE_SESSIONS_PER_SERVICE), KP_PERIOD_LIFETIME);
    assert_int_equal(kp_rule_period_default((kp_rule_kind)0), KP_PERIOD_NONE);

    kp_date f = 0, t = 0;
    kp_date wed = kp_date_from_ymd(2022, 3, 9);
    assert_int_equal(kp_rule_period_bounds(KP_PERIOD_WEEK, wed, &f, &t), KP_OK);
    assert_int_equal(f, kp_date_from_ymd(2022, 3, 7));
    assert_int_equal(t, kp_date_from_ymd(2022, 3, 13));
    kp_date sun = kp_date_from_ymd(2022, 1, 2); /* a Sunday: its week began in 2021 */
    assert_int_equal(kp_rule_period_bounds(KP_PERIOD_WEEK, sun, &f, &t), KP_OK);
    assert_int_equal(f, kp_date_from_ymd(2021, 12, 27));
    assert_int_equal(t, sun);
    assert_int_equal(kp_rule_period_bounds(KP_PERIOD_CALENDAR_YEAR, kp_date_from_ymd(2020, 2, 29), &f, &t), KP_OK);
    assert_int_equal(f, kp_date_from_ymd(2020, 1, 1));
    assert_int_equal(t, kp_date_from_ymd(2020, 12, 31));
    assert_int_equal(kp_rule_period_bounds(KP_PERIOD_DAY, wed, &f, &t), KP_OK);
    assert_int_equal(f, wed);
    assert_int_equal(t, wed);
    assert_int_equal(kp_rule_period_bounds(KP_PERIOD_COURSE, wed, &f, &t), KP_OK);
    assert_int_equal(f, KP_DATE_NONE);
    assert_int_equal(t, KP_DATE_NONE);
    assert_int_equal(kp_rule_period_bounds(KP_PERIOD_NONE, wed, &f, &t), KP_EINVAL);
    assert_int_equal(kp_rule_period_bounds(KP_PERIOD_WEEK, KP_DATE_NONE, &f, &t), KP_EINVAL);
    assert_int_equal(kp_rule_period_bounds(KP_PERIOD_WEEK, wed, NULL, &t), KP_EINVAL);
    assert_int_equal(kp_rule_period_bounds(KP_PERIOD_WEEK, wed, &f, NULL), KP_EINVAL);

    /* The sentence names the period; evaluate copies the rule's. */
    kp_rule r = make_rule("respite", KP_RULE_UNITS_PER_YEAR, 30);
    r.period = KP_PERIOD_CALENDAR_YEAR;
    kp_refusal out;
    assert_int_equal(kp_rule_evaluate(&r, 25, 10, &out), KP_ERULE);
    assert_int_equal(out.period, KP_PERIOD_CALENDAR_YEAR);
    assert_int_equal(out.period_from, KP_DATE_NONE);
    out.period_from = kp_date_from_ymd(2022, 1, 1);
    out.period_to = kp_date_from_ymd(2022, 12, 31);
    expect_msg(out, "Respite", "en", "Respite: at most 30 days in calendar year 2022; used 25, requested 10");
    expect_msg(out, "Atelpas brīdis", "lv",
               "Atelpas brīdis: ne vairāk kā 30 diennaktis 2022. kalendārajā gadā; izmantotas 25, pieprasītas 10");
    kp_refusal w = refusal(KP_RULE_HOURS_PER_WEEK, 10, 8, 4);
    w.period = KP_PERIOD_WEEK;
    w.period_from = kp_date_from_ymd(2022, 3, 7);
    w.period_to = kp_date_from_ymd(2022, 3, 13);
    expect_msg(w, "Care", "en", "Care: at most 10 hours in the week 07.03.2022–13.03.2022; used 8, requested 4");
    expect_msg(w, "Aprūpe", "lv", "Aprūpe: ne vairāk kā 10 stundas nedēļā 07.03.2022.–13.03.2022.; izmantotas 8, pieprasītas 4");
    w.period_from = w.period_to = KP_DATE_NONE;
    expect_msg(w, "Care", "en", "Care: at most 10 hours a week; used 8, requested 4");
    kp_refusal c = refusal(KP_RULE_SESSIONS_PER_SERVICE, 10, 0, 11);
    c.period = KP_PERIOD_COURSE;
    c.period_from = c.period_to = KP_DATE_NONE;
    expect_msg(c, "Rehab", "en", "Rehab: at most 10 sessions per service in one course; used 0, requested 11");
    expect_msg(c, "Rehabilitācija", "lv",
               "Rehabilitācija: ne vairāk kā 10 nodarbības vienam pakalpojumam vienā kursā; izmantotas 0, pieprasītas 11");
    c.period = KP_PERIOD_LIFETIME;
    expect_msg(c, "Rehab", "en", "Rehab: at most 10 sessions per service over the whole time; used 0, requested 11");
    kp_refusal one = refusal(KP_RULE_UNITS_PER_YEAR, 1, 1, 1);
    one.period = KP_PERIOD_DAY;
    one.period_from = one.period_to = kp_date_from_ymd(2022, 3, 7);
    expect_msg(one, "Respite", "en", "Respite: at most 1 day on 07.03.2022; used 1, requested 1");
    expect_msg(one, "Atelpas brīdis", "lv", "Atelpas brīdis: ne vairāk kā 1 diennakts dienā 07.03.2022.; izmantota 1, pieprasīta 1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_applies_service_region_group),
        cmocka_unit_test(test_applies_unterminated_fields),
        cmocka_unit_test(test_applies_dates),
        cmocka_unit_test(test_applies_care_rules),
        cmocka_unit_test(test_applies_bad_args),
        cmocka_unit_test(test_evaluate),
        cmocka_unit_test(test_message_each_kind),
        cmocka_unit_test(test_message_grammatical_number),
        cmocka_unit_test(test_message_from_evaluate),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_message_fallbacks),
        cmocka_unit_test(test_message_truncation),
        cmocka_unit_test(test_message_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
