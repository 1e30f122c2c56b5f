/* The tiny country of the trend tests (service/figures/trends.h and
 * report/eval_trends.h): see tests/unit/service/test_trends.c for the
 * people and what each count and rate comes to. Included after cmocka.h
 * by each test file (each is its own program). */
#ifndef KOPA_TEST_TRENDS_WORLD_H
#define KOPA_TEST_TRENDS_WORLD_H
#include "fixture.h"
#include "core/personal_code.h"
#include "service/casework/cases.h"
#include "service/casework/people.h"
#include "service/sql.h"
#include "store/store.h"

static fixture g_f;

static kp_date day(const char *iso)
{
    kp_date d = 0;
    assert_int_equal(kp_date_parse_iso(iso, &d), KP_OK);
    return d;
}

/* A new-format personal code 32NNNN-NNNNC with a right check digit. */
static void code(int n, char out[13])
{
    char digits[11];
    snprintf(digits, sizeof digits, "32%08d", n);
    int c = kp_pc_check_digit(digits);
    snprintf(out, 13, "%.6s-%.4s%d", digits, digits + 6, c);
}

static int64_t person(const char *tg, const char *birth, const char *muni, const char *registered)
{
    static int n = 1000;
    char pc[13];
    code(n++, pc);
    kp_client_in c = {.personal_code = pc, .given_name = "Vārds", .family_name = "Uzvārds", .birth_date = birth,
                      .municipality = muni, .target_group = tg, .registered_on = registered,
                      .disability_group = strcmp(tg, "grt") ? "" : "2"};
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0;
    kp_rc rc = kp_client_register(&g_f.ctx, &c, &e, &id);
    for (size_t i = 0; i < e.n; i++)
        fprintf(stderr, "person: %s %s\n", e.items[i].field, e.items[i].message);
    kp_errors_free(&e);
    assert_int_equal(rc, KP_OK);
    return id;
}

static void residence(int64_t client, const char *kind, const char *from, const char *to)
{
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)client);
    kp_residence_in r = {.client_id = cid, .kind = kind, .start_date = from, .end_date = to};
    kp_errors e;
    kp_errors_init(&e);
    kp_rc rc = kp_residence_add(&g_f.ctx, &r, &e, NULL);
    for (size_t i = 0; i < e.n; i++)
        fprintf(stderr, "residence: %s %s\n", e.items[i].field, e.items[i].message);
    kp_errors_free(&e);
    assert_int_equal(rc, KP_OK);
}

static void exec(const char *sql, const kp_param *p, size_t n)
{
    assert_int_equal(kp_sql_exec(g_f.db, sql, p, n), KP_OK);
}

static int trends_world_make(const char *name)
{
    if (fixture_open(&g_f, name))
        return -1;
    person("grt", "1980-01-01", "0400200", "2016-05-01");                 /* A */
    person("grt", "1975-03-03", "0460200", "2018-02-01");                 /* B */
    int64_t c = person("grt", "1970-04-04", "0406400", "2017-03-01");     /* C */
    int64_t i = person("grt", "1985-05-05", "0546701", "2016-02-01");     /* I */
    person("ft", "2010-05-05", "0090000", "2016-01-10");                  /* D */
    person("ft", "2002-06-01", "0460800", "2016-02-01");                  /* E */
    int64_t g = person("bsac", "2012-01-01", "0110000", "2016-06-01");    /* G */
    person("grt", "1990-02-02", "0010000", "2016-03-01");                 /* H */
    residence(i, "vsac", "2016-02-01", "2019-12-31");
    residence(i, "family", "2020-01-01", NULL);
    residence(g, "children_institution", "2016-06-01", "2019-03-31");
    residence(g, "foster_family", "2019-04-01", NULL);
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)c);
    kp_case_status_in cs = {.client_id = cid, .effective_on = "2019-06-30", .status = "closed",
                            .closing_reason = "moved_away"};
    kp_errors e;
    kp_errors_init(&e);
    kp_rc rc = kp_case_status_record(&g_f.ctx, &cs, &e, NULL);
    kp_errors_free(&e);
    if (rc)
        return -1;
    /* The population file replaced by round numbers (see the top). */
    exec("DELETE FROM population", NULL, 0);
    static const char *const zpr[] = {"0090000", "0110000", "0320200", "0560800", "0460800", "0400200",
                                      "0460200", "0406400", "0321000", "0540200", "0560200", "0326100",
                                      "0566900", "0327100", "0546701", "0321400", "0407700", "0568700",
                                      "0328200", "0468900", "0409500", "0561800"};
    for (size_t k = 0; k < sizeof zpr / sizeof zpr[0]; k++) {
        kp_param p[] = {KP_PTEXT(zpr[k]), KP_PINT(k == 0 ? 1100 : 900)};
        exec("INSERT INTO population(municipality_id, year, population, source)"
             " SELECT id, 2019, ?2, 'test' FROM municipality WHERE atvk = ?1 AND valid_to IS NOT NULL", p, 2);
        if (k > 0)
            exec("INSERT INTO population(municipality_id, year, population, source)"
                 " SELECT id, 2017, 500, 'test' FROM municipality WHERE atvk = ?1 AND valid_to IS NOT NULL", p, 1);
    }
    exec("INSERT INTO population(municipality_id, year, population, source)"
         " SELECT id, 2019, 1000, 'test' FROM municipality WHERE valid_from <= '2018-12-31'"
         " AND (valid_to IS NULL OR valid_to >= '2018-12-31')"
         " AND id NOT IN (SELECT municipality_id FROM population WHERE year = 2019)", NULL, 0);
    return 0;
}

#endif
