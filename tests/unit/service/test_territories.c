/* Municipalities and regions at a date, with hand-made records outside
 * Zemgale: a record counts under the territory that holds it on the
 * evaluation date, in that territory's region then (docs/figures.md).
 * Expected values follow from the catalogue's facts (shared/reference/
 * latvia.md, docs/catalogues.md): Tukuma novads was in the Rīga planning
 * region until 30.06.2021 and its successor is in Kurzeme; the reform split
 * Inčukalna novads — Vangažu pilsēta to Ropažu novads, Inčukalna pagasts to
 * Siguldas novads; Limbažu novads moved from Rīga to Vidzeme. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "fixture.h"
#include "service/access.h"
#include "service/casework/cases.h"
#include "service/figures/figures.h"
#include "service/programme/programme.h"
#include "service/sql.h"
#include "service/territory.h"
#include "service/territory_shapes.h"

#define TUKUMS_PRE "0900200"
#define TUKUMS "0052000"
#define INCUKALNS_PRE "0801800"
#define ROPAZI "0044000"
#define SIGULDA "0048000"
#define LIMBAZI_PRE "0660200"
#define LIMBAZI "0035000"
#define MADONA_2021 "0038000"
#define MADONA_2024 "0038001"

static int setup(void **state)
{
    static fixture f;
    if (fixture_open(&f, "territories"))
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    return 0;
}

static int64_t muni(fixture *f, const char *atvk)
{
    int64_t id = 0;
    kp_param p[] = {KP_PTEXT(atvk)};
    assert_int_equal(kp_sql_int(f->db, "SELECT id FROM municipality WHERE atvk = ?", p, 1, 0, &id), KP_OK);
    assert_true(id > 0);
    return id;
}

static void show(const kp_errors *e)
{
    for (size_t i = 0; i < e->n; i++)
        fprintf(stderr, "  %s: %s\n", e->items[i].field, e->items[i].message);
}

/* An adult (grt) registered under `atvk`; the birth date is the one in the
 * old-format personal code (DDMMYY-1…: born in the 1900s). */
static void adult(fixture *f, const char *code, const char *atvk, const char *parish, const char *registered)
{
    char birth[11];
    snprintf(birth, sizeof birth, "19%.2s-%.2s-%.2s", code + 4, code + 2, code);
    kp_client_in in = {.personal_code = code, .given_name = "Anna", .family_name = "Kalniņa", .birth_date = birth,
                       .municipality = atvk, .parish = parish, .target_group = "grt", .registered_on = registered};
    kp_errors e;
    kp_errors_init(&e);
    kp_rc rc = kp_client_register(&f->ctx, &in, &e, NULL);
    show(&e);
    kp_errors_free(&e);
    assert_int_equal(rc, KP_OK);
}

/* A figure of one territory (by id), -1 when the evaluation has none. */
static int64_t figure(const kp_figures *f, const char *section, int64_t muni_id, const char *item)
{
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->items[i].section, section) && f->items[i].municipality_id == muni_id &&
            !strcmp(f->items[i].item, item))
            return f->items[i].value;
    return -1;
}

static int64_t living(fixture *f, const char *region, const char *date, const char *atvk)
{
    kp_figures out;
    kp_date at;
    assert_int_equal(kp_date_parse_iso(date, &at), KP_OK);
    assert_int_equal(kp_figures_compute(&f->ctx, region, at, &out), KP_OK);
    int64_t v = figure(&out, "context", muni(f, atvk), "grt_adults_living");
    kp_figures_free(&out);
    return v;
}

static int64_t indicator(fixture *f, const char *computation, const char *region, const char *date)
{
    kp_date at;
    int64_t v = -1;
    assert_int_equal(kp_date_parse_iso(date, &at), KP_OK);
    assert_int_equal(kp_indicator_compute(&f->ctx, computation, region, at, &v), KP_OK);
    return v;
}

/* Tukuma novads before the reform: Rīga planning region; after: Kurzeme. */
static void test_tukums_changes_region(void **state)
{
    fixture *f = *state;
    adult(f, "161175-19997", TUKUMS_PRE, NULL, "2017-03-01");
    kp_errors e;
    kp_errors_init(&e);
    int64_t provider = 0, facility = 0;
    kp_provider_in p = {.name = "SIA Tukuma aprūpe", .reg_no = "40003990001", .municipality = TUKUMS_PRE,
                        .registered_on = "2016-02-01"};
    assert_int_equal(kp_provider_add(&f->ctx, &p, &e, &provider), KP_OK);
    char pid[24], fid[24];
    snprintf(pid, sizeof pid, "%lld", (long long)provider);
    kp_facility_in fa = {.provider_id = pid, .name = "DAC Tukums", .address = "Pils iela 1, Tukums",
                         .municipality = TUKUMS_PRE, .opened_on = "2016-03-01"};
    assert_int_equal(kp_facility_add(&f->ctx, &fa, &e, &facility), KP_OK);
    snprintf(fid, sizeof fid, "%lld", (long long)facility);
    kp_facility_service_in s = {.facility_id = fid, .service = "day_care", .target_group = "grt", .places = "10",
                                .valid_from = "2016-03-01"};
    assert_int_equal(kp_facility_service_add(&f->ctx, &s, &e, NULL), KP_OK);
    show(&e);
    kp_errors_free(&e);

    /* 2017: the pre-reform territory, in the Rīga region. */
    assert_int_equal(living(f, "RPR", "2017-12-31", TUKUMS_PRE), 1);
    assert_int_equal(living(f, "KPR", "2017-12-31", TUKUMS_PRE), -1);
    assert_int_equal(indicator(f, "day_care_centres_grt", "RPR", "2017-12-31"), 1);
    assert_int_equal(indicator(f, "day_care_centres_grt", "KPR", "2017-12-31"), 0);
    /* 2022: rolled up into Tukuma novads of 2021, in Kurzeme. */
    assert_int_equal(living(f, "KPR", "2022-12-31", TUKUMS), 1);
    assert_int_equal(living(f, "KPR", "2022-12-31", TUKUMS_PRE), -1);
    assert_int_equal(living(f, "RPR", "2022-12-31", TUKUMS), -1);
    assert_int_equal(indicator(f, "day_care_centres_grt", "KPR", "2022-12-31"), 1);
    assert_int_equal(indicator(f, "day_care_centres_grt", "RPR", "2022-12-31"), 0);
    /* The day of the reform is the edge. */
    assert_int_equal(living(f, "RPR", "2021-06-30", TUKUMS_PRE), 1);
    assert_int_equal(living(f, "KPR", "2021-07-01", TUKUMS), 1);
}

/* Limbažu novads: Rīga planning region until the reform, Vidzeme after. */
static void test_limbazi_changes_region(void **state)
{
    fixture *f = *state;
    adult(f, "121282-11210", LIMBAZI_PRE, NULL, "2018-05-01");
    assert_int_equal(living(f, "RPR", "2019-12-31", LIMBAZI_PRE), 1);
    assert_int_equal(living(f, "VPR", "2019-12-31", LIMBAZI_PRE), -1);
    assert_int_equal(living(f, "VPR", "2022-12-31", LIMBAZI), 1);
    assert_int_equal(living(f, "RPR", "2022-12-31", LIMBAZI), -1);
    assert_int_equal(indicator(f, "grt_assessed", "VPR", "2022-12-31"), 0);
}

/* Inčukalna novads was split: a record naming Vangažu pilsēta follows it to
 * Ropažu novads, one naming no parish goes to the main successor. */
static void test_split_follows_the_parish(void **state)
{
    fixture *f = *state;
    adult(f, "280794-12344", INCUKALNS_PRE, "Vangažu pilsēta", "2019-02-01");
    adult(f, "290156-11605", INCUKALNS_PRE, NULL, "2019-02-01");
    assert_int_equal(living(f, "RPR", "2019-12-31", INCUKALNS_PRE), 2);
    assert_int_equal(living(f, "RPR", "2022-12-31", ROPAZI), 1);
    assert_int_equal(living(f, "RPR", "2022-12-31", SIGULDA), 1);
    assert_int_equal(living(f, "RPR", "2022-12-31", INCUKALNS_PRE), -1);

    /* The same rule for one record. */
    kp_territories t;
    assert_int_equal(kp_territories_load(&f->ctx, &t), KP_OK);
    int64_t vangazi = 0;
    kp_sql_int(f->db, "SELECT id FROM parish WHERE name_lv = 'Vangažu pilsēta'", NULL, 0, 0, &vangazi);
    assert_true(vangazi > 0);
    assert_int_equal(kp_territories_holder(&t, muni(f, INCUKALNS_PRE), vangazi, "2022-01-01"), muni(f, ROPAZI));
    assert_int_equal(kp_territories_holder(&t, muni(f, INCUKALNS_PRE), vangazi, "2021-06-30"), muni(f, INCUKALNS_PRE));
    assert_int_equal(kp_territories_holder(&t, muni(f, INCUKALNS_PRE), 0, "2022-01-01"), muni(f, SIGULDA));
    /* A territory that did not exist yet holds nothing. */
    assert_int_equal(kp_territories_holder(&t, muni(f, TUKUMS), 0, "2020-01-01"), 0);
    assert_string_equal(kp_territories_region(&t, muni(f, TUKUMS_PRE), "2020-01-01"), "RPR");
    assert_string_equal(kp_territories_region(&t, muni(f, TUKUMS), "2022-01-01"), "KPR");
    kp_territories_free(&t);

    /* A parish only for a territory the reform split, and one of its own. */
    kp_client_in in = {.personal_code = "180565-05610", .given_name = "Ilze", .family_name = "Ozola",
                       .birth_date = "1865-05-18", .municipality = TUKUMS_PRE, .parish = "Vangažu pilsēta",
                       .target_group = "grt", .registered_on = "2019-02-01"};
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_client_register(&f->ctx, &in, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "parish"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    in.municipality = INCUKALNS_PRE;
    in.parish = "Siguldas pagasts";
    assert_int_equal(kp_client_register(&f->ctx, &in, &e, NULL), KP_EINVAL);
    assert_non_null(strstr(kp_errors_for(&e, "parish"), "Vangažu pilsēta"));
    kp_errors_free(&e);
}

/* Providers, facilities and cooperation name the territory valid then. */
static void test_validation_at_the_record_date(void **state)
{
    fixture *f = *state;
    f->ctx.lang = "en";
    kp_errors e;
    kp_errors_init(&e);
    kp_provider_in p = {.name = "SIA Jauna", .reg_no = "40003990009", .municipality = TUKUMS,
                        .registered_on = "2018-01-01"};
    assert_int_equal(kp_provider_add(&f->ctx, &p, &e, NULL), KP_EINVAL);
    const char *msg = kp_errors_for(&e, "municipality");
    assert_non_null(msg);
    assert_non_null(strstr(msg, "2018-01-01"));
    assert_non_null(strstr(msg, TUKUMS_PRE)); /* the hint: the territory valid then */
    /* 0900200 is a confirmed code (data/municipalities.csv): no caveat. */
    assert_null(strstr(msg, "not confirmed"));
    kp_errors_free(&e);

    kp_errors_init(&e);
    int64_t provider = 0;
    p.municipality = TUKUMS_PRE;
    assert_int_equal(kp_provider_add(&f->ctx, &p, &e, &provider), KP_OK);
    char pid[24];
    snprintf(pid, sizeof pid, "%lld", (long long)provider);
    kp_facility_in fa = {.provider_id = pid, .name = "Grupu māja", .address = "Lielā iela 2, Tukums",
                         .municipality = TUKUMS_PRE, .opened_on = "2022-02-01"};
    assert_int_equal(kp_facility_add(&f->ctx, &fa, &e, NULL), KP_EINVAL);
    msg = kp_errors_for(&e, "municipality");
    assert_non_null(msg);
    assert_non_null(strstr(msg, TUKUMS)); /* its successor */
    /* 0052000, a 2021 code, is not confirmed yet: the message says so. */
    assert_non_null(strstr(msg, "not confirmed"));
    kp_errors_free(&e);

    kp_errors_init(&e);
    kp_cooperation_in c = {.municipality = TUKUMS_PRE, .partner = ROPAZI, .service = "day_care",
                           .target_group = "grt", .kind = "existing"};
    assert_int_equal(kp_cooperation_add(&f->ctx, &c, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "partner"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    c.partner = INCUKALNS_PRE;
    assert_int_equal(kp_cooperation_add(&f->ctx, &c, &e, NULL), KP_OK);
    show(&e);
    kp_errors_free(&e);
    f->ctx.lang = "lv";
}

/* Madonas novads took a new code with the Varakļāni merger: records made
 * under the old code roll up into the new one. */
static void test_madona_code_change(void **state)
{
    fixture *f = *state;
    adult(f, "010180-10000", MADONA_2021, NULL, "2022-01-10");
    assert_int_equal(living(f, "VPR", "2023-12-31", MADONA_2021), 1);
    assert_int_equal(living(f, "VPR", "2025-01-01", MADONA_2024), 1);
    assert_int_equal(living(f, "VPR", "2025-01-01", MADONA_2021), -1);

    /* A social worker of Madona whose account names the 2021 code keeps
     * the records of Varakļāni and of Madona after the merger. */
    adult(f, "150390-12343", "0055000", NULL, "2022-03-01");
    int64_t varaklani_client = 0, madona_client = 0;
    kp_sql_int(f->db, "SELECT id FROM client WHERE registered_on = '2022-03-01'", NULL, 0, 0, &varaklani_client);
    kp_sql_int(f->db, "SELECT id FROM client WHERE registered_on = '2022-01-10'", NULL, 0, 0, &madona_client);
    kp_ctx sw = f->ctx;
    sw.role = KP_ROLE_SOCIAL_WORKER;
    sw.municipality_id = muni(f, MADONA_2021);
    snprintf(sw.now, sizeof sw.now, "2025-01-01T10:00:00Z");
    assert_int_equal(kp_access_client(&sw, varaklani_client, false), KP_OK);
    assert_int_equal(kp_access_client(&sw, madona_client, false), KP_OK);
    snprintf(sw.now, sizeof sw.now, "2023-01-01T10:00:00Z");
    assert_int_equal(kp_access_client(&sw, varaklani_client, false), KP_ENOTFOUND);
}

/* Copies a catalogue file, replacing the first occurrence of `from` (if
 * given) with `to`. */
static void copy_file(const char *dir, const char *name, const char *from, const char *to)
{
    char src[600], dst[600];
    snprintf(src, sizeof src, "%s/%s", KOPA_DEFAULT_DATA_DIR, name);
    snprintf(dst, sizeof dst, "%s/%s", dir, name);
    FILE *in = fopen(src, "rb");
    assert_non_null(in);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, in);
    fclose(in);
    buf[n] = '\0';
    FILE *out = fopen(dst, "wb");
    assert_non_null(out);
    char *at = from ? strstr(buf, from) : NULL;
    if (at) {
        fwrite(buf, 1, (size_t)(at - buf), out);
        fputs(to, out);
        fputs(at + strlen(from), out);
    } else {
        fwrite(buf, 1, n, out);
    }
    fclose(out);
}

/* One bad membership row (a day of Tukuma novads in no region) and nothing
 * is loaded; the message names the file, the line and the column. */
static void test_strict_loader(void **state)
{
    (void)state;
    static const char *const files[] = {"regions.csv", "target_groups.csv", "municipalities.csv", "parishes.csv",
                                        "population.csv", "service_types.csv", "service_rules.csv", "unit_costs.csv"};
    char dir[512];
    snprintf(dir, sizeof dir, "%s/territories-data-%d", KOPA_TEST_TMP, (int)getpid());
    mkdir(dir, 0700);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        copy_file(dir, files[i], NULL, NULL);
    copy_file(dir, "municipality_regions.csv", "0900200,RPR,2009-07-01,2021-06-30", "0900200,RPR,2009-07-01,2021-06-29");
    fixture g;
    memset(&g, 0, sizeof g);
    char err[256], path[600];
    snprintf(path, sizeof path, "%s/territories-strict-%d.db", KOPA_TEST_TMP, (int)getpid());
    kp_store_remove(path);
    assert_int_equal(kp_store_open(path, &g.db, err, sizeof err), KP_OK);
    g.ctx = (kp_ctx){.db = g.db, .role = KP_ROLE_SYSTEM, .actor = "test", .lang = "en"};
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_catalogue_load(&g.ctx, dir, &e), KP_EINVAL);
    assert_true(e.n > 0);
    bool named = false;
    for (size_t i = 0; i < e.n; i++)
        named = named || (!strcmp(e.items[i].file, "municipality_regions.csv") && !strcmp(e.items[i].field, "valid_to") &&
                          strstr(e.items[i].message, "2021-06-29") != NULL);
    assert_true(named);
    kp_errors_free(&e);
    int64_t n = -1;
    assert_int_equal(kp_sql_int(g.db, "SELECT COUNT(*) FROM municipality", NULL, 0, -1, &n), KP_OK);
    assert_int_equal(n, 0);
    kp_store_close(g.db);
    kp_store_remove(path);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/municipality_regions.csv", dir);
    unlink(path);
    rmdir(dir);
}

/* kp_region_known: the five planning regions and nothing else. */
static void test_region_known(void **state)
{
    fixture *f = *state;
    assert_int_equal(kp_region_known(&f->ctx, "ZPR"), KP_OK);
    assert_int_equal(kp_region_known(&f->ctx, "RPR"), KP_OK);
    assert_int_equal(kp_region_known(&f->ctx, "XPR"), KP_ENOTFOUND);
    assert_int_equal(kp_region_known(&f->ctx, ""), KP_ENOTFOUND);
    assert_int_equal(kp_region_known(&f->ctx, "ALL"), KP_ENOTFOUND);
    assert_int_equal(kp_region_known(NULL, "ZPR"), KP_EINVAL);
    assert_int_equal(kp_region_known(&f->ctx, NULL), KP_EINVAL);
}

/* kp_territory_name: the name in the caller's language
 * (data/municipalities.csv). */
static void test_territory_name(void **state)
{
    fixture *f = *state;
    char name[96];
    int64_t id = muni(f, TUKUMS);
    const char *lang = f->ctx.lang;
    f->ctx.lang = "lv";
    assert_int_equal(kp_territory_name(&f->ctx, id, name, sizeof name), KP_OK);
    assert_string_equal(name, "Tukuma novads");
    f->ctx.lang = "en";
    assert_int_equal(kp_territory_name(&f->ctx, id, name, sizeof name), KP_OK);
    assert_string_equal(name, "Tukums Municipality");
    f->ctx.lang = lang;
    assert_int_equal(kp_territory_name(&f->ctx, 999999, name, sizeof name), KP_ENOTFOUND);
    assert_string_equal(name, "");
    assert_int_equal(kp_territory_name(NULL, id, name, sizeof name), KP_EINVAL);
    assert_int_equal(kp_territory_name(&f->ctx, id, NULL, sizeof name), KP_EINVAL);
    assert_int_equal(kp_territory_name(&f->ctx, id, name, 0), KP_EINVAL);
}

/* kp_region_project_period / _start: the earliest start and the latest end
 * of the region's projects; none gives "" (and "1900-01-01" as a start). */
static void test_project_period(void **state)
{
    fixture *f = *state;
    char s[11] = "x", e[11] = "x";
    assert_int_equal(kp_region_project_period(&f->ctx, "VPR", s, e), KP_OK);
    assert_string_equal(s, "");
    assert_string_equal(e, "");
    assert_int_equal(kp_region_project_start(&f->ctx, "VPR", s), KP_OK);
    assert_string_equal(s, "1900-01-01");
    assert_int_equal(kp_sql_exec(f->db,
                                 "INSERT INTO project(number, name, region_code, start_date, end_date, budget_cents,"
                                 " esf_cents, state_cents) VALUES ('T-1', 'a', 'VPR', '2017-03-01', '2022-12-31', 0, 0, 0),"
                                 " ('T-2', 'b', 'VPR', '2016-11-15', '2020-06-30', 0, 0, 0),"
                                 " ('T-3', 'c', 'LPR', '2010-01-01', '2030-01-01', 0, 0, 0)",
                                 NULL, 0),
                     KP_OK);
    assert_int_equal(kp_region_project_period(&f->ctx, "VPR", s, e), KP_OK);
    assert_string_equal(s, "2016-11-15");
    assert_string_equal(e, "2022-12-31");
    assert_int_equal(kp_region_project_start(&f->ctx, "VPR", s), KP_OK);
    assert_string_equal(s, "2016-11-15");
    assert_int_equal(kp_sql_exec(f->db, "DELETE FROM project WHERE number LIKE 'T-%'", NULL, 0), KP_OK);
    assert_int_equal(kp_region_project_period(NULL, "VPR", s, e), KP_EINVAL);
    assert_int_equal(kp_region_project_period(&f->ctx, NULL, s, e), KP_EINVAL);
    assert_int_equal(kp_region_project_period(&f->ctx, "VPR", NULL, e), KP_EINVAL);
    assert_int_equal(kp_region_project_period(&f->ctx, "VPR", s, NULL), KP_EINVAL);
    assert_int_equal(kp_region_project_start(&f->ctx, NULL, s), KP_EINVAL);
    /* The last year ended by a date: its own year only on 31 December. */
    assert_int_equal(kp_last_ended_year(kp_date_from_ymd(2021, 12, 31)), 2021);
    assert_int_equal(kp_last_ended_year(kp_date_from_ymd(2021, 12, 30)), 2020);
    assert_int_equal(kp_last_ended_year(kp_date_from_ymd(2022, 1, 1)), 2021);
}

/* kp_indicator_entered_at: bad arguments; no value for an unknown
 * indicator. (Values as they stood on a date: test_reference_figures and
 * test_progress_cost through the evaluation and progress.) */
static void test_indicator_entered_at_arguments(void **state)
{
    fixture *f = *state;
    bool found = true;
    int64_t id = 7, v = 0;
    int year = 0;
    kp_date d = kp_date_from_ymd(2021, 12, 31);
    assert_int_equal(kp_indicator_entered_at(&f->ctx, 999999, 2021, d, &found, &id, &year, &v), KP_OK);
    assert_false(found);
    assert_int_equal(id, 0);
    assert_int_equal(kp_indicator_entered_at(NULL, 1, 2021, d, &found, NULL, &year, &v), KP_EINVAL);
    assert_int_equal(kp_indicator_entered_at(&f->ctx, 1, 2021, KP_DATE_NONE, &found, NULL, &year, &v), KP_EINVAL);
    assert_int_equal(kp_indicator_entered_at(&f->ctx, 1, 2021, d, NULL, NULL, &year, &v), KP_EINVAL);
    assert_int_equal(kp_indicator_entered_at(&f->ctx, 1, 2021, d, &found, NULL, NULL, &v), KP_EINVAL);
    assert_int_equal(kp_indicator_entered_at(&f->ctx, 1, 2021, d, &found, NULL, &year, NULL), KP_EINVAL);
}

typedef struct pts {
    int n, moves;
    double last_x, last_y;
} pts;

static void count_point(void *arg, bool move, double x, double y)
{
    pts *p = arg;
    p->n++;
    p->moves += move;
    p->last_x = x;
    p->last_y = y;
}

/* kp_rings_walk: the outline format the catalogue accepts and the maps draw. */
static void test_rings_walk(void **state)
{
    (void)state;
    pts p = {0};
    assert_true(kp_rings_walk("0,0 10,0 10,10;20,20 30,20 30,30 20,30", count_point, &p));
    assert_int_equal(p.n, 7);
    assert_int_equal(p.moves, 2);
    assert_true(p.last_x == 20 && p.last_y == 30);
    assert_true(kp_rings_walk("99999,0 0,99999 5,5", NULL, NULL));
    assert_false(kp_rings_walk("100000,0 0,1 1,1", NULL, NULL)); /* six digits */
    assert_false(kp_rings_walk("0,0 1,1", NULL, NULL));          /* two points */
    assert_false(kp_rings_walk("0,0 1,1 2,2;3,3", NULL, NULL));  /* a ring of one */
    assert_false(kp_rings_walk("0,0 1,1 -2,2", NULL, NULL));
    assert_false(kp_rings_walk("0,0  1,1 2,2", NULL, NULL));
    assert_false(kp_rings_walk("0,0 1,1 2,2 ", NULL, NULL));
    assert_false(kp_rings_walk("0 0,1 1,2 2", NULL, NULL));
    assert_false(kp_rings_walk("", NULL, NULL));
    assert_false(kp_rings_walk(NULL, NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tukums_changes_region),
        cmocka_unit_test(test_limbazi_changes_region),
        cmocka_unit_test(test_split_follows_the_parish),
        cmocka_unit_test(test_validation_at_the_record_date),
        cmocka_unit_test(test_madona_code_change),
        cmocka_unit_test(test_strict_loader),
        cmocka_unit_test(test_region_known),
        cmocka_unit_test(test_territory_name),
        cmocka_unit_test(test_project_period),
        cmocka_unit_test(test_rings_walk),
        cmocka_unit_test(test_indicator_entered_at_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
