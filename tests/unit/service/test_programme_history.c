/* Programme records over time (service/programme/corrections.h): an
 * entered indicator value corrected, providers and facilities closed, a
 * facility's places changed from a date, payments and payment requests
 * corrected. Every figure at a date before a change is the figure from
 * before it; every expected value is worked out by hand from the records
 * each test makes (docs/figures.md, "Entered values", "Money",
 * "Providers and facilities at a date"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "fixture.h"
#include "service/audit.h"
#include "service/figures/figures.h"
#include "service/programme/corrections.h"
#include "service/programme/programme.h"
#include "service/sql.h"

static int setup(void **state)
{
    static fixture f;
    if (fixture_open(&f, "programme-history"))
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    return 0;
}

static void show(const kp_errors *e)
{
    for (size_t i = 0; i < e->n; i++)
        fprintf(stderr, "  %s: %s\n", e->items[i].field, e->items[i].message);
}

#define OK(call)                                                                                                   \
    do {                                                                                                           \
        kp_errors e_;                                                                                              \
        kp_errors_init(&e_);                                                                                       \
        kp_errors *e = &e_;                                                                                        \
        kp_rc rc_ = (call);                                                                                        \
        show(e);                                                                                                   \
        kp_errors_free(&e_);                                                                                       \
        assert_int_equal(rc_, KP_OK);                                                                              \
    } while (0)

/* The call is refused with KP_EINVAL and a message on `field`. */
#define REFUSED(call, field)                                                                                       \
    do {                                                                                                           \
        kp_errors e_;                                                                                              \
        kp_errors_init(&e_);                                                                                       \
        kp_errors *e = &e_;                                                                                        \
        kp_rc rc_ = (call);                                                                                        \
        if (!kp_errors_for(e, field))                                                                              \
            show(e);                                                                                               \
        assert_int_equal(rc_, KP_EINVAL);                                                                          \
        assert_non_null(kp_errors_for(e, field));                                                                  \
        kp_errors_free(&e_);                                                                                       \
    } while (0)

static kp_rc with_errors(kp_rc rc)
{
    return rc;
}

static kp_date day(const char *iso)
{
    kp_date d = 0;
    assert_int_equal(kp_date_parse_iso(iso, &d), KP_OK);
    return d;
}

static char *num(int64_t v, char buf[24])
{
    snprintf(buf, 24, "%lld", (long long)v);
    return buf;
}

static void atvk_of(fixture *f, const char *key, char atvk[8])
{
    kp_param p[] = {KP_PTEXT(key)};
    atvk[0] = '\0';
    assert_int_equal(kp_sql_text(f->db, "SELECT atvk FROM municipality WHERE key = ?", p, 1, atvk, 8), KP_OK);
    assert_true(atvk[0] != '\0');
}

static int64_t muni_id(fixture *f, const char *key)
{
    int64_t id = 0;
    kp_param p[] = {KP_PTEXT(key)};
    assert_int_equal(kp_sql_int(f->db, "SELECT id FROM municipality WHERE key = ?", p, 1, 0, &id), KP_OK);
    return id;
}

static int64_t count(fixture *f, const char *sql)
{
    int64_t n = -1;
    assert_int_equal(kp_sql_int(f->db, sql, NULL, 0, -1, &n), KP_OK);
    return n;
}

static int64_t fig(const kp_figures *f, const char *section, int64_t muni, const char *item, const char *measure,
                   int period)
{
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        if (!strcmp(x->section, section) && x->municipality_id == muni && !strcmp(x->item, item) &&
            !strcmp(x->measure, measure) && x->period == period)
            return x->value;
    }
    return -1;
}

static int64_t figure_at(fixture *f, const char *date, const char *section, int64_t muni, const char *item,
                         const char *measure, int period)
{
    kp_figures out;
    assert_int_equal(kp_figures_compute(&f->ctx, "ZPR", day(date), &out), KP_OK);
    int64_t v = fig(&out, section, muni, item, measure, period);
    kp_figures_free(&out);
    return v;
}

static void indicator(fixture *f, const char *key, const char *kind, const char *source, const char *computation,
                      int64_t *id)
{
    kp_indicator_in in = {.region = "ZPR", .key = key, .kind = kind, .name_lv = key, .name_en = key,
                          .source = source, .computation = computation,
                          .entered_by_role = strcmp(source, "entered") == 0 ? "region" : NULL,
                          .baseline_year = strcmp(kind, "di_plan") == 0 ? "2016" : NULL,
                          .baseline = strcmp(kind, "di_plan") == 0 ? "1" : NULL, .target_year = "2023",
                          .target = "100", .sort = "1"};
    OK(kp_indicator_add(&f->ctx, &in, e, id));
}

static void value(fixture *f, int64_t indicator_id, const char *year, const char *v, const char *entered_on)
{
    char i[24];
    kp_indicator_value_in in = {.indicator_id = num(indicator_id, i), .period_year = year, .value = v,
                                .entered_by = "Aptauja", .entered_on = entered_on};
    OK(kp_indicator_value_add(&f->ctx, &in, e, NULL));
}

static void set_today(fixture *f, const char *iso)
{
    snprintf(f->ctx.now, sizeof f->ctx.now, "%sT10:00:00Z", iso);
}

/* ---- an entered indicator value corrected -------------------------------- */

static void test_indicator_value_correction(void **state)
{
    fixture *f = *state;
    int64_t trained = 0, table = 0;
    char tid[24], sid[24];
    indicator(f, "specialists_trained", "output", "entered", NULL, &trained);
    indicator(f, "social_work_specialists", "di_plan", "entered", NULL, &table);
    num(trained, tid);
    num(table, sid);
    value(f, trained, "2020", "40", "2021-01-20");
    value(f, table, "2019", "258", "2020-01-15");
    set_today(f, "2021-09-01");
    /* 2020's 40 becomes 45 on 15.06.2021, then 47 on 01.08.2021. */
    int64_t vid = 0;
    kp_indicator_correction_in c1 = {.indicator_id = tid, .period_year = "2020", .value = "45",
                                     .corrected_on = "2021-06-15", .reason = "Aptaujā divi netika ieskaitīti"};
    OK(kp_indicator_value_correct(&f->ctx, &c1, e, &vid));
    assert_true(vid > 0);
    kp_indicator_correction_in c2 = {.indicator_id = tid, .period_year = "2020", .value = "47",
                                     .corrected_on = "2021-08-01", .reason = "Precizēts saraksts"};
    OK(kp_indicator_value_correct(&f->ctx, &c2, e, NULL));
    /* The value as it stood on each date: 31.12.2020 (the year had ended,
     * the value was later entered: the first entry counts whenever made),
     * the day before and the day of each correction. */
    static const struct {
        const char *date;
        int64_t v;
    } AT[] = {{"2020-12-31", 40}, {"2021-06-14", 40}, {"2021-06-15", 45}, {"2021-07-31", 45}, {"2021-08-01", 47}};
    for (size_t i = 0; i < sizeof AT / sizeof AT[0]; i++) {
        fprintf(stderr, "  value at %s\n", AT[i].date);
        assert_int_equal(figure_at(f, AT[i].date, "output_indicators", 0, "specialists_trained", "achieved", 2020),
                         AT[i].v);
    }
    /* The indicator table: 2019's 258 corrected to 260 on 01.03.2021. At
     * 31.12.2020 the last year with a value is 2019: 258; at 31.12.2021,
     * 260 (shown once: 2019 is the last year with a value at both dates). */
    kp_indicator_correction_in c3 = {.indicator_id = sid, .period_year = "2019", .value = "260",
                                     .corrected_on = "2021-03-01", .reason = "Labots pēc pārbaudes"};
    OK(kp_indicator_value_correct(&f->ctx, &c3, e, NULL));
    assert_int_equal(figure_at(f, "2020-12-31", "indicator_table", 0, "social_work_specialists", "achieved", 2019), 258);
    assert_int_equal(figure_at(f, "2021-02-28", "indicator_table", 0, "social_work_specialists", "achieved", 2019), 258);
    assert_int_equal(figure_at(f, "2021-03-01", "indicator_table", 0, "social_work_specialists", "achieved", 2019), 260);
    assert_int_equal(figure_at(f, "2021-12-31", "indicator_table", 0, "social_work_specialists", "achieved", 2019), 260);
    /* The stored value is the latest; the history has each correction. */
    kp_param p[] = {KP_PINT(vid)};
    int64_t now = 0;
    assert_int_equal(kp_sql_int(f->db, "SELECT value FROM indicator_value WHERE id = ?", p, 1, 0, &now), KP_OK);
    assert_int_equal(now, 47);
    kp_history h;
    assert_int_equal(kp_history_of_record(&f->ctx, "indicator_value", vid, 10, &h), KP_OK);
    size_t corrections = 0;
    for (size_t i = 0; i < h.n; i++)
        if (!strcmp(h.items[i].action, "correct")) {
            corrections++;
            if (!strcmp(h.items[i].effective_on, "2021-06-15")) {
                assert_string_equal(h.items[i].reason, "Aptaujā divi netika ieskaitīti");
                assert_non_null(strstr(h.items[i].changes, "\"40\""));
                assert_non_null(strstr(h.items[i].changes, "\"45\""));
            }
        }
    assert_int_equal(corrections, 2);
    kp_history_free(&h);
    kp_value_corrections list;
    assert_int_equal(kp_indicator_corrections(&f->ctx, "ZPR", &list), KP_OK);
    assert_int_equal(list.n, 3);
    assert_string_equal(list.items[0].on, "2021-03-01");
    assert_int_equal(list.items[0].old_value, 258);
    assert_int_equal(list.items[0].new_value, 260);
    assert_int_equal(list.items[1].old_value, 40);
    assert_int_equal(list.items[1].new_value, 45);
    assert_int_equal(list.items[2].old_value, 45);
    assert_int_equal(list.items[2].new_value, 47);
    assert_string_equal(list.items[2].actor, "test");
    kp_value_corrections_free(&list);

    /* Refusals, each naming its field, nothing written. */
    int64_t versions = count(f, "SELECT COUNT(*) FROM indicator_value_version");
    kp_indicator_correction_in bad = c2;
    bad.value = "47";
    bad.corrected_on = NULL;
    REFUSED(with_errors(kp_indicator_value_correct(&f->ctx, &bad, e, NULL)), "value");
    bad.value = "50";
    bad.period_year = "2018";
    REFUSED(with_errors(kp_indicator_value_correct(&f->ctx, &bad, e, NULL)), "period_year");
    bad.period_year = "2020";
    bad.reason = "  ";
    REFUSED(with_errors(kp_indicator_value_correct(&f->ctx, &bad, e, NULL)), "reason");
    bad.reason = "Iemesls";
    bad.corrected_on = "2021-07-01"; /* before the last correction */
    REFUSED(with_errors(kp_indicator_value_correct(&f->ctx, &bad, e, NULL)), "corrected_on");
    bad.corrected_on = "2021-09-02"; /* after today */
    REFUSED(with_errors(kp_indicator_value_correct(&f->ctx, &bad, e, NULL)), "corrected_on");
    bad.corrected_on = "31.12.2021";
    REFUSED(with_errors(kp_indicator_value_correct(&f->ctx, &bad, e, NULL)), "corrected_on");
    bad.value = "-1";
    bad.corrected_on = NULL;
    REFUSED(with_errors(kp_indicator_value_correct(&f->ctx, &bad, e, NULL)), "value");
    /* A computed indicator is not corrected. */
    int64_t computed = 0;
    char cid[24];
    indicator(f, "grt_assessed", "output", "computed", "grt_assessed", &computed);
    kp_indicator_correction_in comp = {.indicator_id = num(computed, cid), .period_year = "2020", .value = "5",
                                       .reason = "x"};
    REFUSED(with_errors(kp_indicator_value_correct(&f->ctx, &comp, e, NULL)), "indicator_id");
    /* A coordinator corrects today only, and only in their region. */
    kp_ctx saved = f->ctx;
    f->ctx.role = KP_ROLE_REGION;
    snprintf(f->ctx.region, sizeof f->ctx.region, "ZPR");
    bad.value = "50";
    bad.corrected_on = "2021-08-20";
    REFUSED(with_errors(kp_indicator_value_correct(&f->ctx, &bad, e, NULL)), "corrected_on");
    snprintf(f->ctx.region, sizeof f->ctx.region, "KPR");
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_indicator_value_correct(&f->ctx, &bad, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(e.n, 0);
    bad.indicator_id = "999999";
    assert_int_equal(kp_indicator_value_correct(&f->ctx, &bad, &e, NULL), KP_ENOTFOUND);
    f->ctx.role = KP_ROLE_SOCIAL_WORKER;
    bad.indicator_id = tid;
    assert_int_equal(kp_indicator_value_correct(&f->ctx, &bad, &e, NULL), KP_EDENIED);
    assert_int_equal(e.n, 0);
    kp_errors_free(&e);
    f->ctx = saved;
    assert_int_equal(count(f, "SELECT COUNT(*) FROM indicator_value_version"), versions);
    assert_int_equal(kp_sql_int(f->db, "SELECT value FROM indicator_value WHERE id = ?", p, 1, 0, &now), KP_OK);
    assert_int_equal(now, 47);
}

/* ---- providers and facilities closed, places from a date ---------------- */

typedef struct sites {
    int64_t p1, p2, f1, f2, f3, s1;
} sites;

static void build_sites(fixture *f, sites *s)
{
    char bauska[8], dobele[8], id[24];
    atvk_of(f, "bauska-pre2021", bauska);
    atvk_of(f, "dobele-pre2021", dobele);
    kp_provider_in p1 = {.name = "Sniedzējs A", .reg_no = "40000000001", .municipality = bauska,
                         .registered_on = "2017-01-01"};
    kp_provider_in p2 = {.name = "Sniedzējs B", .reg_no = "40000000002", .municipality = dobele,
                         .registered_on = "2017-06-01"};
    OK(kp_provider_add(&f->ctx, &p1, e, &s->p1));
    OK(kp_provider_add(&f->ctx, &p2, e, &s->p2));
    char pid1[24], pid2[24];
    num(s->p1, pid1);
    num(s->p2, pid2);
    kp_facility_in f1 = {.provider_id = pid1, .name = "DAC A", .address = "Bauska", .municipality = bauska,
                         .opened_on = "2018-01-01"};
    kp_facility_in f2 = {.provider_id = pid2, .name = "Grupu māja B", .address = "Dobele", .municipality = dobele,
                         .opened_on = "2018-01-01"};
    kp_facility_in f3 = {.provider_id = pid2, .name = "DAC B", .address = "Dobele", .municipality = dobele,
                         .opened_on = "2018-01-01"};
    OK(kp_facility_add(&f->ctx, &f1, e, &s->f1));
    OK(kp_facility_add(&f->ctx, &f2, e, &s->f2));
    OK(kp_facility_add(&f->ctx, &f3, e, &s->f3));
    kp_facility_service_in s1 = {.facility_id = num(s->f1, id), .service = "day_care", .target_group = "grt",
                                 .places = "20", .valid_from = "2018-01-01"};
    OK(kp_facility_service_add(&f->ctx, &s1, e, &s->s1));
    kp_facility_service_in s2 = {.facility_id = num(s->f2, id), .service = "group_home", .target_group = "grt",
                                 .places = "8", .valid_from = "2018-01-01"};
    OK(kp_facility_service_add(&f->ctx, &s2, e, NULL));
    kp_facility_service_in s3 = {.facility_id = num(s->f3, id), .service = "day_care", .target_group = "grt",
                                 .places = "10", .valid_from = "2018-01-01"};
    OK(kp_facility_service_add(&f->ctx, &s3, e, NULL));
}

static void test_closures_and_places(void **state)
{
    fixture *f = *state;
    set_today(f, "2022-02-01");
    int64_t ind = 0;
    indicator(f, "community_service_providers", "di_plan", "computed", "community_service_providers", &ind);
    indicator(f, "day_care_centres_grt", "di_plan", "computed", "day_care_centres_grt", &ind);
    indicator(f, "group_homes", "di_plan", "computed", "group_homes", &ind);
    sites s;
    build_sites(f, &s);
    char id[24];
    /* DAC B closes on 30.06.2020 (its last day); provider B, with its
     * group home, on 31.03.2021. */
    kp_closure_in cf = {.id = num(s.f3, id), .closed_on = "2020-06-30", .reason = "Telpas nodotas citam mērķim"};
    OK(kp_facility_close(&f->ctx, &cf, e));
    kp_closure_in cp = {.id = num(s.p2, id), .closed_on = "2021-03-31", .reason = "Likvidēts"};
    OK(kp_provider_close(&f->ctx, &cp, e));
    /* By hand: providers with an open facility offering a service, day
     * care centres (GRT) and group homes open on each date. */
    static const struct {
        const char *date;
        int64_t providers, day_care, group_homes;
    } AT[] = {
        {"2020-06-30", 2, 2, 1},
        {"2020-07-01", 2, 1, 1},
        {"2021-03-31", 2, 1, 1},
        {"2021-04-01", 1, 1, 0},
    };
    for (size_t i = 0; i < sizeof AT / sizeof AT[0]; i++) {
        int64_t v = -1;
        fprintf(stderr, "  sites at %s\n", AT[i].date);
        assert_int_equal(kp_indicator_compute(&f->ctx, "community_service_providers", "ZPR", day(AT[i].date), &v), KP_OK);
        assert_int_equal(v, AT[i].providers);
        assert_int_equal(kp_indicator_compute(&f->ctx, "day_care_centres_grt", "ZPR", day(AT[i].date), &v), KP_OK);
        assert_int_equal(v, AT[i].day_care);
        assert_int_equal(kp_indicator_compute(&f->ctx, "group_homes", "ZPR", day(AT[i].date), &v), KP_OK);
        assert_int_equal(v, AT[i].group_homes);
    }
    /* The evaluation's table: at 31.12.2020 (and two years before, 2018),
     * at 31.12.2021 (and 2019). */
    kp_figures out;
    assert_int_equal(kp_figures_compute(&f->ctx, "ZPR", day("2020-12-31"), &out), KP_OK);
    assert_int_equal(fig(&out, "indicator_table", 0, "community_service_providers", "achieved", 2020), 2);
    assert_int_equal(fig(&out, "indicator_table", 0, "community_service_providers", "achieved", 2018), 2);
    assert_int_equal(fig(&out, "indicator_table", 0, "day_care_centres_grt", "achieved", 2020), 1);
    assert_int_equal(fig(&out, "indicator_table", 0, "day_care_centres_grt", "achieved", 2018), 2);
    assert_int_equal(fig(&out, "indicator_table", 0, "group_homes", "achieved", 2020), 1);
    kp_figures_free(&out);
    assert_int_equal(kp_figures_compute(&f->ctx, "ZPR", day("2021-12-31"), &out), KP_OK);
    assert_int_equal(fig(&out, "indicator_table", 0, "community_service_providers", "achieved", 2021), 1);
    assert_int_equal(fig(&out, "indicator_table", 0, "community_service_providers", "achieved", 2019), 2);
    assert_int_equal(fig(&out, "indicator_table", 0, "day_care_centres_grt", "achieved", 2021), 1);
    assert_int_equal(fig(&out, "indicator_table", 0, "day_care_centres_grt", "achieved", 2019), 2);
    assert_int_equal(fig(&out, "indicator_table", 0, "group_homes", "achieved", 2021), 0);
    assert_int_equal(fig(&out, "indicator_table", 0, "group_homes", "achieved", 2019), 1);
    kp_figures_free(&out);

    /* DAC A: 20 places, 25 from 01.01.2021. */
    kp_places_change_in pc = {.facility_service_id = num(s.s1, id), .places = "25", .valid_from = "2021-01-01",
                              .reason = "Piebūvēta telpa"};
    int64_t row = 0;
    OK(kp_facility_places_change(&f->ctx, &pc, e, &row));
    assert_true(row > s.s1);
    static const char PLACES[] =
        "SELECT s.places FROM facility_service s WHERE s.facility_id = ?1 AND s.valid_from <= ?2"
        " AND (s.valid_to IS NULL OR s.valid_to >= ?2)";
    static const struct {
        const char *date;
        int64_t places;
    } PL[] = {{"2020-12-31", 20}, {"2021-01-01", 25}, {"2022-01-01", 25}};
    for (size_t i = 0; i < sizeof PL / sizeof PL[0]; i++) {
        kp_param q[] = {KP_PINT(s.f1), KP_PTEXT(PL[i].date)};
        int64_t v = -1;
        assert_int_equal(kp_sql_int(f->db, PLACES, q, 2, -1, &v), KP_OK);
        assert_int_equal(v, PL[i].places);
    }
    kp_param r[] = {KP_PINT(row)};
    int64_t replaces = 0;
    assert_int_equal(kp_sql_int(f->db, "SELECT replaces_id FROM facility_service WHERE id = ?", r, 1, 0, &replaces),
                     KP_OK);
    assert_int_equal(replaces, s.s1);
    /* A changed number is not a new centre: one day care centre at either
     * side of the change. */
    int64_t v = -1;
    assert_int_equal(kp_indicator_compute(&f->ctx, "day_care_centres_grt", "ZPR", day("2020-12-31"), &v), KP_OK);
    assert_int_equal(v, 1);
    assert_int_equal(kp_indicator_compute(&f->ctx, "day_care_centres_grt", "ZPR", day("2021-01-01"), &v), KP_OK);
    assert_int_equal(v, 1);
    /* History of the facility: the closure and the places. */
    kp_history h;
    assert_int_equal(kp_history_of_record(&f->ctx, "facility", s.f1, 10, &h), KP_OK);
    bool places_seen = false;
    for (size_t i = 0; i < h.n; i++)
        if (!strcmp(h.items[i].action, "places")) {
            places_seen = true;
            assert_string_equal(h.items[i].effective_on, "2021-01-01");
            assert_string_equal(h.items[i].reason, "Piebūvēta telpa");
            assert_non_null(strstr(h.items[i].changes, "\"20\""));
            assert_non_null(strstr(h.items[i].changes, "\"25\""));
        }
    assert_true(places_seen);
    kp_history_free(&h);
    assert_int_equal(kp_history_of_record(&f->ctx, "provider", s.p2, 10, &h), KP_OK);
    bool closed_seen = false;
    for (size_t i = 0; i < h.n; i++)
        if (!strcmp(h.items[i].action, "close")) {
            closed_seen = true;
            assert_string_equal(h.items[i].effective_on, "2021-03-31");
            assert_string_equal(h.items[i].reason, "Likvidēts");
        }
    assert_true(closed_seen);
    kp_history_free(&h);

    /* Refusals. */
    int64_t rows = count(f, "SELECT COUNT(*) FROM facility_service");
    cf.id = num(s.f3, id);
    REFUSED(with_errors(kp_facility_close(&f->ctx, &cf, e)), "closed_on"); /* already closed */
    kp_closure_in early = {.id = num(s.f1, id), .closed_on = "2017-12-31", .reason = "x"};
    REFUSED(with_errors(kp_facility_close(&f->ctx, &early, e)), "closed_on");
    early.reason = "";
    early.closed_on = "2022-01-31";
    REFUSED(with_errors(kp_facility_close(&f->ctx, &early, e)), "reason");
    early.closed_on = "31.01.2022";
    early.reason = "x";
    REFUSED(with_errors(kp_facility_close(&f->ctx, &early, e)), "closed_on");
    kp_places_change_in same = {.facility_service_id = num(row, id), .places = "25", .valid_from = "2021-06-01",
                                .reason = "x"};
    REFUSED(with_errors(kp_facility_places_change(&f->ctx, &same, e, NULL)), "places");
    same.places = "30";
    same.valid_from = "2021-01-01"; /* the row's own first day */
    REFUSED(with_errors(kp_facility_places_change(&f->ctx, &same, e, NULL)), "valid_from");
    same.facility_service_id = num(s.s1, id); /* the row that ended on 31.12.2020 */
    same.valid_from = "2021-06-01";
    REFUSED(with_errors(kp_facility_places_change(&f->ctx, &same, e, NULL)), "valid_from");
    same.places = "-2";
    REFUSED(with_errors(kp_facility_places_change(&f->ctx, &same, e, NULL)), "places");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM facility_service"), rows);
    /* Only administrators close a provider; the provider's own staff close
     * its facilities; unknown records are not found. */
    kp_ctx saved = f->ctx;
    kp_errors e;
    kp_errors_init(&e);
    f->ctx.role = KP_ROLE_REGION;
    snprintf(f->ctx.region, sizeof f->ctx.region, "ZPR");
    kp_closure_in c1 = {.id = num(s.p1, id), .closed_on = "2022-01-31", .reason = "x"};
    assert_int_equal(kp_provider_close(&f->ctx, &c1, &e), KP_EDENIED);
    c1.id = num(s.f1, id);
    assert_int_equal(kp_facility_close(&f->ctx, &c1, &e), KP_EDENIED);
    f->ctx.role = KP_ROLE_PROVIDER;
    f->ctx.provider_id = s.p2;
    assert_int_equal(kp_facility_close(&f->ctx, &c1, &e), KP_ENOTFOUND);
    assert_int_equal(e.n, 0);
    f->ctx = saved;
    c1.id = "999999";
    assert_int_equal(kp_provider_close(&f->ctx, &c1, &e), KP_ENOTFOUND);
    assert_int_equal(kp_facility_close(&f->ctx, &c1, &e), KP_ENOTFOUND);
    kp_places_change_in none = {.facility_service_id = "999999", .places = "3", .valid_from = "2021-06-01",
                                .reason = "x"};
    assert_int_equal(kp_facility_places_change(&f->ctx, &none, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(e.n, 0);
    kp_errors_free(&e);
    assert_null(NULL);
}

/* ---- payments and payment requests corrected ------------------------------ */

static void test_money_corrections(void **state)
{
    fixture *f = *state;
    set_today(f, "2022-06-30");
    kp_project_in pr = {.number = "9.2.2.1/15/I/098", .name = "Tests", .region = "ZPR", .start_date = "2015-07-01",
                        .end_date = "2023-12-31", .budget = "100000.00", .esf = "85000.00", .state = "15000.00"};
    OK(kp_project_add(&f->ctx, &pr, e, NULL));
    char bauska[8], id[24];
    atvk_of(f, "bauska", bauska);
    int64_t holder = muni_id(f, "bauska");
    int64_t pay = 0, req = 0;
    kp_compensation_in c1 = {.project = pr.number, .municipality = bauska, .period_start = "2021-10-01",
                             .period_end = "2021-12-31", .paid_on = "2022-01-20", .amount = "1000.00"};
    OK(kp_compensation_add(&f->ctx, &c1, e, &pay));
    kp_payment_request_in r1 = {.project = pr.number, .number = "1", .period_start = "2021-07-01",
                                .period_end = "2021-12-31", .submitted_on = "2022-01-27", .amount = "3000.00"};
    OK(kp_payment_request_add(&f->ctx, &r1, e, &req));
    /* On 01.03.2022 the payment is corrected to 1 200,00 and its period
     * to 01.10.2021–31.01.2022; on 15.04.2022 the request to 3 100,00. */
    kp_payment_correction_in pc = {.id = num(pay, id), .period_end = "2022-01-31", .amount = "1200.00",
                                   .corrected_on = "2022-03-01", .reason = "Kļūda rēķinā"};
    OK(kp_compensation_correct(&f->ctx, &pc, e));
    kp_payment_correction_in rc = {.id = num(req, id), .amount = "3100.00", .corrected_on = "2022-04-15",
                                   .reason = "Precizēti izdevumi"};
    OK(kp_payment_request_correct(&f->ctx, &rc, e));
    /* By hand: before 01.03.2022 the payment is 1 000,00 for a period
     * ended 31.12.2021; from then 1 200,00 for a period ending 31.01.2022,
     * still in 2021 (the year its period starts). The request: 3 000,00
     * until 14.04.2022, then 3 100,00. */
    static const struct {
        const char *date;
        int64_t comp2021, requested;
    } AT[] = {
        {"2021-12-31", 100000, 300000},
        {"2022-02-28", 100000, 300000},
        {"2022-03-01", 120000, 300000},
        {"2022-04-14", 120000, 300000},
        {"2022-04-15", 120000, 310000},
    };
    for (size_t i = 0; i < sizeof AT / sizeof AT[0]; i++) {
        kp_figures out;
        assert_int_equal(kp_figures_compute(&f->ctx, "ZPR", day(AT[i].date), &out), KP_OK);
        fprintf(stderr, "  money at %s\n", AT[i].date);
        assert_int_equal(fig(&out, "compensation", holder, "total", "eur", 2021), AT[i].comp2021);
        assert_int_equal(fig(&out, "project", 0, "requested_to_date", "eur", 0), AT[i].requested);
        kp_figures_free(&out);
    }
    /* The split is made anew: 1 200,00 → ESF 1 020,00, state 180,00. */
    kp_param p[] = {KP_PINT(pay)};
    int64_t esf = 0, state_part = 0;
    assert_int_equal(kp_sql_int(f->db, "SELECT esf_cents FROM compensation_payment WHERE id = ?", p, 1, 0, &esf), KP_OK);
    assert_int_equal(kp_sql_int(f->db, "SELECT state_cents FROM compensation_payment WHERE id = ?", p, 1, 0, &state_part),
                     KP_OK);
    assert_int_equal(esf, 102000);
    assert_int_equal(state_part, 18000);
    kp_history h;
    assert_int_equal(kp_history_of_record(&f->ctx, "compensation_payment", pay, 10, &h), KP_OK);
    bool seen = false;
    for (size_t i = 0; i < h.n; i++)
        if (!strcmp(h.items[i].action, "correct")) {
            seen = true;
            assert_string_equal(h.items[i].effective_on, "2022-03-01");
            assert_non_null(strstr(h.items[i].changes, "period_end"));
            assert_non_null(strstr(h.items[i].changes, "\"100000\""));
            assert_non_null(strstr(h.items[i].changes, "\"120000\""));
            assert_null(strstr(h.items[i].changes, "period_start"));
        }
    assert_true(seen);
    kp_history_free(&h);

    /* Refusals. */
    int64_t versions = count(f, "SELECT COUNT(*) FROM compensation_payment_version");
    kp_payment_correction_in bad = {.id = num(pay, id), .amount = "1200.00", .reason = "x"};
    REFUSED(with_errors(kp_compensation_correct(&f->ctx, &bad, e)), "amount"); /* changes nothing */
    bad.amount = "0";
    REFUSED(with_errors(kp_compensation_correct(&f->ctx, &bad, e)), "amount");
    bad.amount = "12,00";
    REFUSED(with_errors(kp_compensation_correct(&f->ctx, &bad, e)), "amount");
    bad.amount = NULL;
    bad.period_start = "2022-02-01";
    REFUSED(with_errors(kp_compensation_correct(&f->ctx, &bad, e)), "period_end");
    bad.period_start = NULL;
    bad.amount = "900.00";
    bad.reason = NULL;
    REFUSED(with_errors(kp_compensation_correct(&f->ctx, &bad, e)), "reason");
    bad.reason = "x";
    bad.corrected_on = "2022-02-15"; /* before the last correction */
    REFUSED(with_errors(kp_compensation_correct(&f->ctx, &bad, e)), "corrected_on");
    bad.corrected_on = "2022-01-10"; /* before it was paid */
    bad.id = num(pay, id);
    REFUSED(with_errors(kp_compensation_correct(&f->ctx, &bad, e)), "corrected_on");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM compensation_payment_version"), versions);
    kp_payment_correction_in breq = {.id = num(req, id), .period_end = "2021-06-30", .reason = "x"};
    REFUSED(with_errors(kp_payment_request_correct(&f->ctx, &breq, e)), "period_end");
    kp_ctx saved = f->ctx;
    kp_errors e;
    kp_errors_init(&e);
    f->ctx.role = KP_ROLE_REGION;
    snprintf(f->ctx.region, sizeof f->ctx.region, "VPR");
    breq.period_end = "2021-12-30";
    assert_int_equal(kp_payment_request_correct(&f->ctx, &breq, &e), KP_ENOTFOUND);
    bad.corrected_on = NULL;
    assert_int_equal(kp_compensation_correct(&f->ctx, &bad, &e), KP_ENOTFOUND);
    assert_int_equal(e.n, 0);
    f->ctx = saved;
    bad.id = "999999";
    assert_int_equal(kp_compensation_correct(&f->ctx, &bad, &e), KP_ENOTFOUND);
    breq.id = "999999";
    assert_int_equal(kp_payment_request_correct(&f->ctx, &breq, &e), KP_ENOTFOUND);
    kp_errors_free(&e);
}

static void test_bad_arguments(void **state)
{
    fixture *f = *state;
    kp_errors e;
    kp_errors_init(&e);
    kp_indicator_correction_in ic = {0};
    kp_payment_correction_in pc = {0};
    kp_closure_in cl = {0};
    kp_places_change_in pl = {0};
    assert_int_equal(kp_indicator_value_correct(NULL, &ic, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_indicator_value_correct(&f->ctx, NULL, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_indicator_value_correct(&f->ctx, &ic, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_compensation_correct(NULL, &pc, &e), KP_EINVAL);
    assert_int_equal(kp_compensation_correct(&f->ctx, NULL, &e), KP_EINVAL);
    assert_int_equal(kp_payment_request_correct(&f->ctx, &pc, NULL), KP_EINVAL);
    assert_int_equal(kp_provider_close(NULL, &cl, &e), KP_EINVAL);
    assert_int_equal(kp_facility_close(&f->ctx, NULL, &e), KP_EINVAL);
    assert_int_equal(kp_facility_places_change(&f->ctx, &pl, NULL, NULL), KP_EINVAL);
    assert_int_equal(e.n, 0);
    /* Empty inputs: the id fields are named. */
    assert_int_equal(kp_indicator_value_correct(&f->ctx, &ic, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "indicator_id"));
    assert_int_equal(kp_compensation_correct(&f->ctx, &pc, &e), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "id"));
    assert_int_equal(kp_facility_places_change(&f->ctx, &pl, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "facility_service_id"));
    kp_errors_free(&e);
    kp_value_corrections vc;
    assert_int_equal(kp_indicator_corrections(NULL, "ZPR", &vc), KP_EINVAL);
    assert_int_equal(kp_indicator_corrections(&f->ctx, NULL, &vc), KP_EINVAL);
    assert_int_equal(kp_indicator_corrections(&f->ctx, "ZPR", NULL), KP_EINVAL);
    kp_value_corrections_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_indicator_value_correction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_closures_and_places, setup, teardown),
        cmocka_unit_test_setup_teardown(test_money_corrections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
