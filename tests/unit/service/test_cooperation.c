/* Cooperation agreements (service/programme/cooperation.h): recording with
 * its decision, the list at a date with its filters, ending and correcting
 * with their history, every rule naming its field, and who may read and
 * change what. Five hand-made agreements, "today" 1 June 2023:
 *
 *   A1 Bauska → Dobele     day_care grt existing 5 places 2022-01-01 – open     (ZPR's)
 *   A2 Bauska → Madona     respite  grt planned  —        2023-01-01 – 2023-12-31 (ZPR's; partner in VPR)
 *   A3 Jelgavas nov.→Dobele workshop grt existing —       2021-07-01 – 2022-06-30 (ZPR's; ended)
 *   A4 Madona → Rēzekne    day_care grt existing —        open                    (VPR's; partner LPR)
 *   A5 Rēzekne → Bauska    day_care grt existing 2        open                    (LPR's; partner in ZPR)
 *
 * At 2023-06-01 ZPR lists A1, A2, A5 (A3 ended, A4 has no side in ZPR);
 * with the ended ones A1, A2, A3, A5. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "fixture.h"
#include "service/programme/cooperation.h"
#include "service/sql.h"

#define BAUSKA "0025000"
#define DOBELE "0028000"
#define JELGAVA_NOV "0030000"
#define MADONA "0038000"
#define REZEKNE_NOV "0043000"

static fixture F;
static int64_t A1, A2, A3, A4, A5;

static int64_t muni(const char *atvk)
{
    int64_t id = 0;
    kp_param p[] = {KP_PTEXT(atvk)};
    assert_int_equal(kp_sql_int(F.db, "SELECT id FROM municipality WHERE atvk = ?", p, 1, 0, &id), KP_OK);
    return id;
}

static kp_ctx as(kp_role role, const char *region, const char *atvk)
{
    kp_ctx c = F.ctx;
    c.role = role;
    c.actor = "tester";
    snprintf(c.region, sizeof c.region, "%s", region ? region : "");
    c.municipality_id = atvk ? muni(atvk) : 0;
    return c;
}

static int64_t add(kp_ctx *c, const char *m, const char *p, const char *svc, const char *kind, const char *places,
                   const char *from, const char *to, const char *decision)
{
    kp_cooperation_in in = {.municipality = m, .partner = p, .service = svc, .target_group = "grt", .kind = kind,
                            .places = places, .valid_from = from, .valid_to = to, .decision = decision};
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0;
    kp_rc rc = kp_cooperation_add(c, &in, &e, &id);
    for (size_t i = 0; i < e.n; i++)
        fprintf(stderr, "%s: %s\n", e.items[i].field, e.items[i].message);
    kp_errors_free(&e);
    if (rc)
        fprintf(stderr, "store: %s\n", kp_store_errmsg(F.db));
    assert_int_equal(rc, KP_OK);
    assert_true(id > 0);
    return id;
}

static int64_t count(const char *sql, int64_t id)
{
    int64_t n = -1;
    kp_param p[] = {KP_PINT(id)};
    assert_int_equal(kp_sql_int(F.db, sql, p, id ? 1 : 0, -1, &n), KP_OK);
    return n;
}

static int setup(void **state)
{
    (void)state;
    if (fixture_open(&F, "test_cooperation"))
        return -1;
    snprintf(F.ctx.now, sizeof F.ctx.now, "2023-06-01T10:00:00Z");
    kp_ctx zpr = as(KP_ROLE_REGION, "ZPR", NULL);
    A1 = add(&zpr, BAUSKA, DOBELE, "day_care", "existing", "5", "2022-01-01", NULL, "Līgums Nr. 7, 15.12.2021.");
    A2 = add(&zpr, BAUSKA, MADONA, "respite", "planned", NULL, "2023-01-01", "2023-12-31", NULL);
    A3 = add(&zpr, JELGAVA_NOV, DOBELE, "workshop", "existing", "", "2021-07-01", "2022-06-30", "");
    A4 = add(&F.ctx, MADONA, REZEKNE_NOV, "day_care", "existing", NULL, NULL, NULL, NULL);
    A5 = add(&F.ctx, REZEKNE_NOV, BAUSKA, "day_care", "existing", "2", NULL, NULL, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fixture_close(&F);
    return 0;
}

static kp_date day(const char *iso)
{
    kp_date d = KP_DATE_NONE;
    assert_int_equal(kp_date_parse_iso(iso, &d), 0);
    return d;
}

/* The ids of a list, in its order, into out (at most 8); their number. */
static size_t ids(kp_ctx *c, const char *region, const char *m, const char *svc, const char *at, bool all,
                  int64_t out[8], kp_rc want)
{
    kp_coop_filter f = {.region = region, .municipality = m, .service = svc, .at = day(at), .all = all};
    kp_coop_list l;
    assert_int_equal(kp_cooperation_list(c, &f, &l), want);
    size_t n = l.n;
    for (size_t i = 0; i < l.n && i < 8; i++)
        out[i] = l.items[i].id;
    kp_coop_list_free(&l);
    return n;
}

/* A collator that orders names backwards: the list must use the one it is given. */
static int backwards(const char *a, const char *b, void *arg)
{
    (void)arg;
    return strcmp(b, a);
}

static void test_recorded_and_listed(void **state)
{
    (void)state;
    kp_ctx zpr = as(KP_ROLE_REGION, "ZPR", NULL);
    int64_t got[8];
    /* By municipality name, then partner: Bauska–Dobele, Bauska–Madona, Rēzekne–Bauska. */
    assert_int_equal(ids(&zpr, "", NULL, NULL, "2023-06-01", false, got, KP_OK), 3);
    assert_int_equal(got[0], A1);
    assert_int_equal(got[1], A2);
    assert_int_equal(got[2], A5);
    kp_coop_filter bf = {.at = day("2023-06-01"), .collate = backwards};
    kp_coop_list bl;
    assert_int_equal(kp_cooperation_list(&zpr, &bf, &bl), KP_OK);
    assert_int_equal(bl.n, 3);
    assert_int_equal(bl.items[0].id, A5); /* Rēzeknes novads first */
    assert_int_equal(bl.items[1].id, A2); /* then Bauska's partners: Madonas before Dobeles */
    assert_int_equal(bl.items[2].id, A1);
    kp_coop_list_free(&bl);
    assert_int_equal(ids(&zpr, "ZPR", NULL, NULL, "2023-06-01", true, got, KP_OK), 4);
    assert_int_equal(got[0], A1);
    assert_int_equal(got[1], A2);
    assert_int_equal(got[2], A3);
    /* At 2022-03-01: A1 and A3 in force, A2 not started, A5 open. */
    assert_int_equal(ids(&zpr, "", NULL, NULL, "2022-03-01", false, got, KP_OK), 3);
    /* Filters: Dobele on either side (A1, A3 with ended ones); day care (A1, A5). */
    assert_int_equal(ids(&zpr, "", DOBELE, NULL, "2023-06-01", true, got, KP_OK), 2);
    assert_int_equal(got[0], A1);
    assert_int_equal(got[1], A3);
    assert_int_equal(ids(&zpr, "", NULL, "day_care", "2023-06-01", false, got, KP_OK), 2);
    assert_int_equal(got[0], A1);
    assert_int_equal(got[1], A5);
    assert_int_equal(ids(&zpr, "", "9999999", NULL, "2023-06-01", false, got, KP_ENOTFOUND), 0);
    assert_int_equal(ids(&zpr, "", NULL, "no_such", "2023-06-01", false, got, KP_ENOTFOUND), 0);

    kp_coop_row x;
    assert_int_equal(kp_cooperation_get(&zpr, A1, day("2023-06-01"), &x), KP_OK);
    assert_string_equal(x.municipality_atvk, BAUSKA);
    assert_string_equal(x.partner_atvk, DOBELE);
    assert_string_equal(x.decision, "Līgums Nr. 7, 15.12.2021.");
    assert_int_equal(x.places, 5);
    assert_string_equal(x.valid_from, "2022-01-01");
    assert_string_equal(x.valid_to, "");
    assert_string_equal(x.state, "in_force");
    assert_string_equal(x.region, "ZPR");
    assert_true(x.editable);
    assert_int_equal(kp_cooperation_get(&zpr, A3, day("2023-06-01"), &x), KP_OK);
    assert_string_equal(x.state, "ended");
    assert_int_equal(x.places, -1);
    assert_int_equal(kp_cooperation_get(&zpr, A2, day("2022-06-01"), &x), KP_OK);
    assert_string_equal(x.state, "not_started");
    /* A5 is read through its partner, and is LPR's to change. */
    assert_int_equal(kp_cooperation_get(&zpr, A5, day("2023-06-01"), &x), KP_OK);
    assert_false(x.editable);
    /* The record's history: one "create" naming its fields. */
    assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE entity = 'cooperation' AND action = 'create'"
                           " AND entity_id = ? AND changes LIKE '%Līgums Nr. 7%'",
                           A1),
                     1);
}

static void test_scope(void **state)
{
    (void)state;
    int64_t got[8];
    kp_coop_row x;
    kp_ctx kpr = as(KP_ROLE_REGION, "KPR", NULL);
    assert_int_equal(ids(&kpr, "ZPR", NULL, NULL, "2023-06-01", false, got, KP_ENOTFOUND), 0);
    assert_int_equal(kp_cooperation_get(&kpr, A1, day("2023-06-01"), &x), KP_ENOTFOUND);
    assert_int_equal(kp_cooperation_get(&kpr, 999999, day("2023-06-01"), &x), KP_ENOTFOUND);
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_cooperation_end(&kpr, A1, "2023-01-01", "x", &e), KP_ENOTFOUND);
    /* LPR's coordinator: A4 (partner Rēzekne) and A5. */
    kp_ctx lpr = as(KP_ROLE_REGION, "LPR", NULL);
    assert_int_equal(ids(&lpr, "", NULL, NULL, "2023-06-01", false, got, KP_OK), 2);
    /* ZPR cannot end LPR's A5, though it reads it: as unknown. */
    kp_ctx zpr = as(KP_ROLE_REGION, "ZPR", NULL);
    assert_int_equal(kp_cooperation_end(&zpr, A5, "2023-01-01", "x", &e), KP_ENOTFOUND);
    /* The ministry reads any region (naming it), changes nothing. */
    kp_ctx min = as(KP_ROLE_MINISTRY, NULL, NULL);
    assert_int_equal(ids(&min, "", NULL, NULL, "2023-06-01", false, got, KP_EINVAL), 0);
    assert_int_equal(ids(&min, "ZPR", NULL, NULL, "2023-06-01", false, got, KP_OK), 3);
    assert_int_equal(ids(&min, "XXX", NULL, NULL, "2023-06-01", false, got, KP_ENOTFOUND), 0);
    assert_int_equal(kp_cooperation_end(&min, A1, "2023-01-01", "x", &e), KP_EDENIED);
    kp_cooperation_in in = {.places = "9"};
    assert_int_equal(kp_cooperation_correct(&min, A1, &in, "x", &e), KP_EDENIED);
    kp_cooperation_in add = {.municipality = BAUSKA, .partner = DOBELE, .service = "day_care", .target_group = "grt",
                             .kind = "existing"};
    assert_int_equal(kp_cooperation_add(&min, &add, &e, NULL), KP_EDENIED);
    /* Heads: their own municipality's, either side. */
    kp_ctx hb = as(KP_ROLE_MUNICIPAL_HEAD, NULL, BAUSKA);
    assert_int_equal(ids(&hb, "", NULL, NULL, "2023-06-01", true, got, KP_OK), 3);
    assert_int_equal(ids(&hb, "LPR", NULL, NULL, "2023-06-01", true, got, KP_ENOTFOUND), 0);
    kp_ctx hd = as(KP_ROLE_MUNICIPAL_HEAD, NULL, DOBELE);
    assert_int_equal(ids(&hd, "", NULL, NULL, "2023-06-01", false, got, KP_OK), 1);
    assert_int_equal(ids(&hd, "", NULL, NULL, "2023-06-01", true, got, KP_OK), 2);
    assert_int_equal(kp_cooperation_get(&hd, A2, day("2023-06-01"), &x), KP_ENOTFOUND);
    assert_int_equal(kp_cooperation_get(&hd, A1, day("2023-06-01"), &x), KP_OK);
    assert_false(x.editable);
    assert_int_equal(kp_cooperation_end(&hd, A1, "2023-01-01", "x", &e), KP_EDENIED);
    kp_ctx sw = as(KP_ROLE_SOCIAL_WORKER, NULL, BAUSKA);
    assert_int_equal(ids(&sw, "", NULL, NULL, "2023-06-01", false, got, KP_EDENIED), 0);
    assert_int_equal(kp_cooperation_get(&sw, A1, day("2023-06-01"), &x), KP_EDENIED);
    assert_int_equal(e.n, 0);
    kp_errors_free(&e);
}

/* The one error of a refused call: on `field`. */
static void refused_on(kp_errors *e, const char *field)
{
    assert_int_equal(e->n, 1);
    assert_string_equal(e->items[0].field, field);
    assert_true(e->items[0].message[0] != '\0');
    kp_errors_free(e);
    kp_errors_init(e);
}

static void test_bad_input_names_the_field(void **state)
{
    (void)state;
    kp_ctx zpr = as(KP_ROLE_REGION, "ZPR", NULL);
    int64_t before = count("SELECT COUNT(*) FROM cooperation", 0);
    kp_errors e;
    kp_errors_init(&e);
    kp_cooperation_in in = {.municipality = BAUSKA, .partner = BAUSKA, .service = "day_care", .target_group = "grt",
                            .kind = "existing"};
    assert_int_equal(kp_cooperation_add(&zpr, &in, &e, NULL), KP_EINVAL);
    refused_on(&e, "partner");
    in.partner = DOBELE;
    in.places = "-3";
    assert_int_equal(kp_cooperation_add(&zpr, &in, &e, NULL), KP_EINVAL);
    refused_on(&e, "places");
    in.places = NULL;
    in.kind = "maybe";
    assert_int_equal(kp_cooperation_add(&zpr, &in, &e, NULL), KP_EINVAL);
    refused_on(&e, "kind");
    in.kind = "existing";
    in.valid_from = "2023-05-01";
    in.valid_to = "2023-04-30";
    assert_int_equal(kp_cooperation_add(&zpr, &in, &e, NULL), KP_EINVAL);
    refused_on(&e, "valid_to");
    in.valid_to = NULL;
    in.decision = "Nr.\x01 5";
    assert_int_equal(kp_cooperation_add(&zpr, &in, &e, NULL), KP_EINVAL);
    refused_on(&e, "decision");
    /* A pre-reform novads with a post-reform one never existed together. */
    in.decision = NULL;
    in.partner = "0460200";
    assert_int_equal(kp_cooperation_add(&zpr, &in, &e, NULL), KP_EINVAL);
    refused_on(&e, "partner");
    assert_int_equal(count("SELECT COUNT(*) FROM cooperation", 0), before);
    /* Bad arguments. */
    assert_int_equal(kp_cooperation_add(NULL, &in, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_cooperation_add(&zpr, NULL, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_cooperation_add(&zpr, &in, NULL, NULL), KP_EINVAL);
    kp_coop_filter f = {.at = KP_DATE_NONE};
    kp_coop_list l;
    assert_int_equal(kp_cooperation_list(&zpr, &f, &l), KP_EINVAL);
    assert_int_equal(l.n, 0);
    assert_int_equal(kp_cooperation_list(NULL, &f, &l), KP_EINVAL);
    assert_int_equal(kp_cooperation_list(&zpr, NULL, &l), KP_EINVAL);
    f.at = day("2023-06-01");
    assert_int_equal(kp_cooperation_list(&zpr, &f, NULL), KP_EINVAL);
    kp_coop_row x;
    assert_int_equal(kp_cooperation_get(NULL, A1, f.at, &x), KP_EINVAL);
    assert_int_equal(kp_cooperation_get(&zpr, A1, f.at, NULL), KP_EINVAL);
    assert_int_equal(kp_cooperation_get(&zpr, A1, KP_DATE_NONE, &x), KP_EINVAL);
    assert_int_equal(kp_cooperation_get(&zpr, 0, f.at, &x), KP_ENOTFOUND);
    assert_int_equal(kp_cooperation_end(NULL, A1, "2023-01-01", "x", &e), KP_EINVAL);
    assert_int_equal(kp_cooperation_end(&zpr, A1, "2023-01-01", "x", NULL), KP_EINVAL);
    kp_cooperation_in none = {0};
    assert_int_equal(kp_cooperation_correct(NULL, A1, &none, "x", &e), KP_EINVAL);
    assert_int_equal(kp_cooperation_correct(&zpr, A1, NULL, "x", &e), KP_EINVAL);
    assert_int_equal(kp_cooperation_correct(&zpr, A1, &none, "x", NULL), KP_EINVAL);
    assert_string_equal(kp_coop_state("2022-01-01", "", "2021-12-31"), "not_started");
    assert_string_equal(kp_coop_state("2022-01-01", "2022-12-31", "2022-12-31"), "in_force");
    assert_string_equal(kp_coop_state("", "2022-12-31", "2023-01-01"), "ended");
    assert_string_equal(kp_coop_state(NULL, NULL, NULL), "in_force");
    kp_errors_free(&e);
}

static void test_end_and_correct(void **state)
{
    (void)state;
    kp_ctx zpr = as(KP_ROLE_REGION, "ZPR", NULL);
    kp_errors e;
    kp_errors_init(&e);
    /* Ending: before its first day, without a reason, without a date. */
    assert_int_equal(kp_cooperation_end(&zpr, A1, "2021-12-31", "Beidzās", &e), KP_EINVAL);
    refused_on(&e, "ended_on");
    assert_int_equal(kp_cooperation_end(&zpr, A1, "2023-03-31", "", &e), KP_EINVAL);
    refused_on(&e, "reason");
    assert_int_equal(kp_cooperation_end(&zpr, A1, "", "Beidzās", &e), KP_EINVAL);
    refused_on(&e, "ended_on");
    assert_int_equal(kp_cooperation_end(&zpr, A1, "2023-03-31", "Dobele slēdza centru", &e), KP_OK);
    assert_int_equal(e.n, 0);
    /* A later end than the one it has is a correction. */
    assert_int_equal(kp_cooperation_end(&zpr, A1, "2023-05-01", "Vēlāk", &e), KP_EINVAL);
    refused_on(&e, "ended_on");
    kp_coop_row x;
    assert_int_equal(kp_cooperation_get(&zpr, A1, day("2023-06-01"), &x), KP_OK);
    assert_string_equal(x.valid_to, "2023-03-31");
    assert_string_equal(x.state, "ended");
    assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE entity = 'cooperation' AND entity_id = ? AND action = 'end'"
                           " AND effective_on = '2023-03-31' AND reason = 'Dobele slēdza centru'"
                           " AND changes LIKE '%\"field\":\"valid_to\"%' AND changes LIKE '%2023-03-31%'",
                           A1),
                     1);
    int64_t got[8];
    assert_int_equal(ids(&zpr, "", NULL, NULL, "2023-06-01", false, got, KP_OK), 2);

    /* Correcting: places 5 → 8, the decision cleared, the end moved. */
    kp_cooperation_in in = {.places = "8", .decision = "-", .valid_to = "2023-04-30"};
    assert_int_equal(kp_cooperation_correct(&zpr, A1, &in, "Pārrakstīšanās kļūda", &e), KP_OK);
    assert_int_equal(kp_cooperation_get(&zpr, A1, day("2023-04-15"), &x), KP_OK);
    assert_int_equal(x.places, 8);
    assert_string_equal(x.decision, "");
    assert_string_equal(x.valid_to, "2023-04-30");
    assert_string_equal(x.state, "in_force");
    assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE entity = 'cooperation' AND entity_id = ? AND action = 'correct'"
                           " AND reason = 'Pārrakstīšanās kļūda' AND changes LIKE '%\"old\":\"5\",\"new\":\"8\"%'"
                           " AND changes LIKE '%\"field\":\"decision\"%' AND changes NOT LIKE '%\"field\":\"kind\"%'",
                           A1),
                     1);
    /* Nothing changed: no history. */
    int64_t n = count("SELECT COUNT(*) FROM audit WHERE entity = 'cooperation' AND entity_id = ?", A1);
    kp_cooperation_in same = {.places = "8", .kind = "existing"};
    assert_int_equal(kp_cooperation_correct(&zpr, A1, &same, "Nekas", &e), KP_OK);
    assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE entity = 'cooperation' AND entity_id = ?", A1), n);
    /* The municipality cannot change; the rules of a new one hold. */
    kp_cooperation_in bad = {.municipality = DOBELE};
    assert_int_equal(kp_cooperation_correct(&zpr, A1, &bad, "x", &e), KP_EINVAL);
    refused_on(&e, "municipality");
    kp_cooperation_in bad2 = {.valid_from = "2023-05-01"};
    assert_int_equal(kp_cooperation_correct(&zpr, A1, &bad2, "x", &e), KP_EINVAL);
    refused_on(&e, "valid_to");
    kp_cooperation_in bad3 = {.partner = BAUSKA};
    assert_int_equal(kp_cooperation_correct(&zpr, A1, &bad3, "x", &e), KP_EINVAL);
    refused_on(&e, "partner");
    assert_int_equal(kp_cooperation_correct(&zpr, A1, &in, "", &e), KP_EINVAL);
    refused_on(&e, "reason");
    assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE entity = 'cooperation' AND entity_id = ?", A1), n);
    kp_errors_free(&e);
    (void)A4;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recorded_and_listed),
        cmocka_unit_test(test_scope),
        cmocka_unit_test(test_bad_input_names_the_field),
        cmocka_unit_test(test_end_and_correct),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
