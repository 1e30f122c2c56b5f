/* The public catalogue (service/programme/public_catalogue.h) on a small
 * hand-made Zemgale on 1 March 2022, every expected number worked out by
 * hand in the comments and again by a plain SQL count written from the
 * definition (free = the provider's places in the family − its assignments
 * of the family holding a place that day); then the demo against the same
 * SQL count, the filters, the data version, the edits of public facts with
 * their audit and scope, and bad arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "fixture.h"
#include "demo/demo.h"
#include "service/programme/public_catalogue.h"
#include "service/sql.h"

static fixture F;
static int64_t B, J, D, A, IECAVA;

static int64_t muni(const char *atvk)
{
    int64_t id = 0;
    kp_param p[] = {KP_PTEXT(atvk)};
    assert_int_equal(kp_sql_int(F.db, "SELECT id FROM municipality WHERE atvk = ?", p, 1, 0, &id), KP_OK);
    assert_true(id > 0);
    return id;
}

static void exec(const char *sql, const kp_param *p, size_t n)
{
    assert_int_equal(kp_sql_exec(F.db, sql, p, n), KP_OK);
}

static void client(int64_t id, int64_t m)
{
    kp_param p[] = {KP_PINT(id), KP_PINT(m)};
    exec("INSERT INTO client(id, given_name, family_name, birth_date, municipality_id, target_group, registered_on)"
         " VALUES (?1, 'Slepena', 'Persona', '1980-01-01', ?2, 'grt', '2020-01-10')",
         p, 2);
}

static void assignment(int64_t id, int64_t client_id, const char *service, int64_t provider, const char *start,
                       const char *end)
{
    client(id, B);
    kp_param p[] = {KP_PINT(id), KP_PINT(client_id), KP_PTEXT(service), KP_PINT(provider), KP_PTEXT(start),
                    KP_PTEXT(end)};
    exec("INSERT INTO assignment(id, client_id, service_code, provider_id, start_date, end_date, units, decided_on)"
         " VALUES (?, ?, ?, ?, ?, ?, 20, '2021-12-15')",
         p, 6);
}

static void provider(int64_t id, int64_t m, const char *closed)
{
    char reg[24], name[32];
    snprintf(reg, sizeof reg, "4000000000%lld", (long long)id);
    snprintf(name, sizeof name, "Sniedzējs %lld", (long long)id);
    kp_param p[] = {KP_PINT(id), KP_PTEXT(name), KP_PTEXT(reg), KP_PINT(m), KP_PTEXT(closed)};
    exec("INSERT INTO provider(id, name, reg_no, municipality_id, registered_on, closed_on)"
         " VALUES (?1, ?2, ?3, ?4, '2019-01-01', ?5)",
         p, 5);
}

static void facility(int64_t id, int64_t provider_id, int64_t m, const char *opened)
{
    char name[32];
    snprintf(name, sizeof name, "Centrs %lld", (long long)id);
    kp_param p[] = {KP_PINT(id), KP_PINT(provider_id), KP_PTEXT(name), KP_PINT(m), KP_PTEXT(opened)};
    exec("INSERT INTO facility(id, provider_id, name, address, municipality_id, opened_on)"
         " VALUES (?, ?, ?, 'Iela 1', ?, ?)",
         p, 5);
}

static void offer(int64_t facility_id, const char *service, const char *tg, int64_t places)
{
    kp_param p[] = {KP_PINT(facility_id), KP_PTEXT(service), KP_PTEXT(tg), places < 0 ? KP_PNULL : KP_PINT(places)};
    exec("INSERT INTO facility_service(facility_id, service_code, target_group, places, valid_from)"
         " VALUES (?, ?, ?, ?, '2020-01-01')",
         p, 4);
}

static int setup(void **state)
{
    (void)state;
    if (fixture_open(&F, "public-catalogue"))
        return -1;
    snprintf(F.ctx.now, sizeof F.ctx.now, "2022-03-01T09:00:00Z");
    B = muni("0025000");
    J = muni("0030000");
    D = muni("0028000");
    A = muni("0020000");
    IECAVA = muni("0406400"); /* pre-reform Iecavas novads: Bauska holds its records */
    /* P1 in Bauska: day care 5 (grt) + 3 (ft) = 8, two in force → 6 free;
     * group home 2, its one assignment cancelled from 1 Feb → 2 free. */
    provider(1, B, NULL);
    facility(1, 1, B, "2020-01-01");
    offer(1, "day_care", "grt", 5);
    offer(1, "day_care", "ft", 3);
    offer(1, "group_home", "grt", 2);
    assignment(1, 1, "day_care", 1, "2022-01-01", "2022-12-31");
    assignment(2, 2, "day_care", 1, "2022-02-01", "2022-03-01");
    assignment(3, 3, "group_home", 1, "2022-01-01", "2022-12-31");
    exec("UPDATE assignment SET cancelled_from = '2022-02-01', cancel_reason = 'atteicās' WHERE id = 3", NULL, 0);
    /* P2: day care 4 in Jelgavas novads and 6 in (pre-reform) Iecava, i.e.
     * Bauska: 10 for the provider; one suspended (keeps its place), one
     * ended on 31 Jan → 9 free, shared by the two centres. */
    provider(2, J, NULL);
    facility(2, 2, J, "2020-01-01");
    offer(2, "day_care", "grt", 4);
    facility(3, 2, IECAVA, "2020-01-01");
    offer(3, "day_care", "grt", 6);
    assignment(4, 4, "day_care", 2, "2022-01-01", "2022-12-31");
    exec("INSERT INTO assignment_suspension(assignment_id, start_date, reason) VALUES (4, '2022-02-15', 'slimība')", NULL,
         0);
    assignment(5, 5, "day_care", 2, "2021-01-01", "2022-01-31");
    /* P3 in Dobele publishes no numbers: day care 2, both taken → none free,
     * and one decided to start on 1 May → a waiting list; respite with
     * places unknown. */
    provider(3, D, NULL);
    exec("UPDATE provider SET publish_places = 0 WHERE id = 3", NULL, 0);
    facility(4, 3, D, "2020-01-01");
    offer(4, "day_care", "grt", 2);
    offer(4, "respite", "grt", -1);
    assignment(6, 6, "day_care", 3, "2022-01-01", "2022-12-31");
    assignment(7, 7, "day_care", 3, "2022-01-01", "2022-12-31");
    assignment(8, 8, "day_care", 3, "2022-05-01", "2022-12-31");
    /* P4 opens after the date; P5 closed before it: neither is listed. */
    provider(4, A, NULL);
    facility(5, 4, A, "2022-06-01");
    offer(5, "day_care", "grt", 1);
    provider(5, D, "2022-01-15");
    facility(6, 5, D, "2020-01-01");
    offer(6, "day_care", "grt", 9);
    /* P6 in Aizkraukle: a pool of 4 (ft) and hippotherapy (ft, parents) of
     * unknown places, both social rehabilitation: 4 − 1 = 3 free, shared. */
    provider(6, A, NULL);
    facility(7, 6, A, "2020-01-01");
    offer(7, "adapted_pool", "ft", 4);
    offer(7, "hippotherapy", "ft", -1);
    offer(7, "hippotherapy", "parents", -1);
    assignment(9, 9, "adapted_pool", 6, "2022-01-01", "2022-12-31");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fixture_close(&F);
    return 0;
}

/* Free places written from the definition, apart from the service:
 * ?1 provider, ?2 service family, ?3 the date. -1 when no place is known. */
static const char FREE_SQL[] =
    "SELECT CASE WHEN k.known = 0 THEN -1 WHEN k.places > t.taken THEN k.places - t.taken ELSE 0 END FROM"
    " (SELECT COUNT(fs.places) AS known, COALESCE(SUM(fs.places), 0) AS places FROM facility_service fs"
    "  JOIN facility f ON f.id = fs.facility_id JOIN provider p ON p.id = f.provider_id"
    "  JOIN service_type s ON s.code = fs.service_code"
    "  WHERE f.provider_id = ?1 AND COALESCE(s.parent_code, s.code) = ?2"
    "  AND fs.valid_from <= ?3 AND (fs.valid_to IS NULL OR fs.valid_to >= ?3)"
    "  AND f.opened_on <= ?3 AND (f.closed_on IS NULL OR f.closed_on >= ?3)"
    "  AND p.registered_on <= ?3 AND (p.closed_on IS NULL OR p.closed_on >= ?3)) k,"
    " (SELECT COUNT(*) AS taken FROM assignment a JOIN service_type s ON s.code = a.service_code"
    "  WHERE a.provider_id = ?1 AND COALESCE(s.parent_code, s.code) = ?2"
    "  AND a.start_date <= ?3 AND a.end_date >= ?3 AND (a.cancelled_from IS NULL OR a.cancelled_from > ?3)) t";

static int64_t sql_free(kp_store *db, int64_t provider_id, const char *service, const char *d)
{
    char fam[32] = "";
    kp_param q[] = {KP_PTEXT(service)};
    assert_int_equal(kp_sql_text(db, "SELECT COALESCE(parent_code, code) FROM service_type WHERE code = ?", q, 1, fam,
                                 sizeof fam),
                     KP_OK);
    int64_t v = -2;
    kp_param p[] = {KP_PINT(provider_id), KP_PTEXT(fam), KP_PTEXT(d)};
    assert_int_equal(kp_sql_int(db, FREE_SQL, p, 3, -2, &v), KP_OK);
    return v;
}

static const kp_pub_entry *find(const kp_pub_catalogue *c, int64_t facility_id, const char *service)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->entries[i].facility_id == facility_id && strcmp(c->entries[i].service, service) == 0)
            return &c->entries[i];
    return NULL;
}

static void test_hand_made(void **state)
{
    (void)state;
    kp_pub_filter f = {0};
    kp_pub_catalogue c;
    assert_int_equal(kp_public_catalogue(&F.ctx, &f, NULL, NULL, NULL, &c), KP_OK);
    assert_string_equal(c.on, "2022-03-01");
    assert_int_equal(c.n, 8); /* P1 ×2, P2 ×2, P3 ×2, P6 ×2 */
    const kp_pub_entry *e = find(&c, 1, "day_care");
    assert_non_null(e);
    assert_int_equal(e->municipality_id, B);
    assert_string_equal(e->groups, "grt|ft");
    assert_int_equal(e->places, 8);
    assert_int_equal(e->free_places, 6);
    assert_false(e->shared);
    assert_string_equal(e->availability, "available");
    e = find(&c, 1, "group_home");
    assert_int_equal(e->free_places, 2);
    e = find(&c, 3, "day_care");
    assert_non_null(e);
    assert_int_equal(e->municipality_id, B); /* recorded under Iecava */
    assert_int_equal(e->places, 6);
    assert_int_equal(e->free_places, 9);
    assert_true(e->shared);
    assert_int_equal(find(&c, 2, "day_care")->free_places, 9);
    e = find(&c, 4, "day_care");
    assert_false(e->published);
    assert_int_equal(e->free_places, -1);
    assert_int_equal(e->places, -1);
    assert_string_equal(e->availability, "waiting_list");
    assert_string_equal(find(&c, 4, "respite")->availability, "unknown");
    assert_null(find(&c, 5, "day_care"));
    assert_null(find(&c, 6, "day_care"));
    e = find(&c, 7, "hippotherapy");
    assert_non_null(e);
    assert_int_equal(e->places, -1);
    assert_int_equal(e->free_places, 3);
    assert_true(e->shared);
    assert_string_equal(e->groups, "ft|parents");
    assert_int_equal(find(&c, 7, "adapted_pool")->free_places, 3);
    /* Every published entry against the plain SQL count. */
    for (size_t i = 0; i < c.n; i++)
        if (c.entries[i].published)
            assert_int_equal(c.entries[i].free_places,
                             sql_free(F.db, c.entries[i].provider_id, c.entries[i].service, c.on));
    /* Entries by municipality in the order of names; Bauska has 3. */
    for (size_t i = 0; i < c.nmunis; i++)
        if (c.munis[i].id == B)
            assert_int_equal(c.munis[i].entries, 3);
    /* The rule of respite (30 days a year) is there; a service's groups. */
    for (size_t i = 0; i < c.nservices; i++) {
        if (strcmp(c.services[i].code, "respite") == 0) {
            assert_int_equal(c.services[i].nrules, 1);
            assert_int_equal(c.services[i].rules[0].limit, 30);
            assert_string_equal(c.services[i].groups, "grt|ft");
        }
    }
    kp_pub_catalogue_free(&c);
}

static void test_filters(void **state)
{
    (void)state;
    kp_pub_catalogue c;
    kp_errors e;
    kp_errors_init(&e);
    kp_pub_filter f = {.municipality = "0025000"};
    assert_int_equal(kp_public_catalogue(&F.ctx, &f, NULL, NULL, &e, &c), KP_OK);
    assert_int_equal(c.n, 3);
    kp_pub_catalogue_free(&c);
    kp_pub_filter s = {.service = "social_rehab"}; /* a family takes its kinds */
    assert_int_equal(kp_public_catalogue(&F.ctx, &s, NULL, NULL, &e, &c), KP_OK);
    assert_int_equal(c.n, 2);
    kp_pub_catalogue_free(&c);
    kp_pub_filter g = {.target_group = "ft"};
    assert_int_equal(kp_public_catalogue(&F.ctx, &g, NULL, NULL, &e, &c), KP_OK);
    assert_int_equal(c.n, 3); /* P1 day care, P6 pool and hippotherapy */
    kp_pub_catalogue_free(&c);
    assert_int_equal(e.n, 0);
    /* Unknown municipality (and one that no longer exists): not found, named. */
    kp_pub_filter u = {.municipality = "9999999"};
    assert_int_equal(kp_public_catalogue(&F.ctx, &u, NULL, NULL, &e, &c), KP_ENOTFOUND);
    assert_int_equal(c.n, 0);
    assert_string_equal(e.items[0].field, "municipality");
    kp_pub_filter old = {.municipality = "0406400"};
    assert_int_equal(kp_public_catalogue(&F.ctx, &old, NULL, NULL, NULL, &c), KP_ENOTFOUND);
    kp_pub_filter bad = {.service = "nope"};
    assert_int_equal(kp_public_catalogue(&F.ctx, &bad, NULL, NULL, &e, &c), KP_EINVAL);
    assert_string_equal(e.items[1].field, "service");
    kp_pub_filter bg = {.target_group = "nope"};
    assert_int_equal(kp_public_catalogue(&F.ctx, &bg, NULL, NULL, &e, &c), KP_EINVAL);
    assert_string_equal(e.items[2].field, "target_group");
    kp_errors_free(&e);
}

static void test_data_version(void **state)
{
    (void)state;
    int64_t v0 = 0, v1 = 0, v2 = 0;
    assert_int_equal(kp_public_data_version(&F.ctx, &v0), KP_OK);
    assert_true(v0 > 1);
    exec("UPDATE assignment SET end_date = end_date WHERE id = 1", NULL, 0);
    assert_int_equal(kp_public_data_version(&F.ctx, &v1), KP_OK);
    assert_true(v1 > v0);
    /* A change of client records alone does not move it. */
    exec("UPDATE client SET given_name = 'Cits' WHERE id = 1", NULL, 0);
    assert_int_equal(kp_public_data_version(&F.ctx, &v2), KP_OK);
    assert_int_equal(v2, v1);
    assert_int_equal(kp_public_data_version(NULL, &v2), KP_EINVAL);
    assert_int_equal(kp_public_data_version(&F.ctx, NULL), KP_EINVAL);
}

static void test_edit_facts(void **state)
{
    (void)state;
    kp_errors e;
    kp_errors_init(&e);
    kp_ctx own = F.ctx;
    own.role = KP_ROLE_PROVIDER;
    own.provider_id = 1;
    own.actor = "provider-1";
    kp_pub_facts_in in = {.opening_hours = "P.–Pk. 8.00–17.00", .phone = "+371 63912345", .reason = "jauns darba laiks"};
    assert_int_equal(kp_facility_public_set(&own, 1, &in, &e), KP_OK);
    assert_int_equal(e.n, 0);
    int64_t n = 0;
    assert_int_equal(kp_sql_int(F.db,
                                "SELECT COUNT(*) FROM audit WHERE entity = 'facility' AND entity_id = 1 AND action = 'update'"
                                " AND actor = 'provider-1' AND reason = 'jauns darba laiks' AND changes LIKE '%opening_hours%'",
                                NULL, 0, 0, &n),
                     KP_OK);
    assert_int_equal(n, 1);
    kp_pub_filter f = {.municipality = "0025000"};
    kp_pub_catalogue c;
    assert_int_equal(kp_public_catalogue(&F.ctx, &f, NULL, NULL, NULL, &c), KP_OK);
    assert_string_equal(find(&c, 1, "day_care")->opening_hours, "P.–Pk. 8.00–17.00");
    assert_string_equal(find(&c, 1, "day_care")->phone, "+371 63912345");
    kp_pub_catalogue_free(&c);
    /* Another provider's facility: unknown; a region coordinator: denied. */
    assert_int_equal(kp_facility_public_set(&own, 2, &in, &e), KP_ENOTFOUND);
    kp_ctx region = F.ctx;
    region.role = KP_ROLE_REGION;
    snprintf(region.region, sizeof region.region, "ZPR");
    assert_int_equal(kp_facility_public_set(&region, 1, &in, &e), KP_EDENIED);
    assert_int_equal(kp_facility_public_set(&F.ctx, 999, &in, &e), KP_ENOTFOUND);
    /* Bad values are named and nothing is written. */
    kp_pub_facts_in bad = {.phone = "zvaniet", .email = "nav-adrese"};
    assert_int_equal(kp_facility_public_set(&own, 1, &bad, &e), KP_EINVAL);
    assert_string_equal(e.items[0].field, "phone");
    assert_string_equal(e.items[1].field, "email");
    e.n = 0;
    /* The provider stops publishing numbers: the entry shows only ir/nav. */
    kp_pub_facts_in pub = {.publish_places = "0", .website = "https://sniedzejs.example"};
    assert_int_equal(kp_provider_public_set(&own, 1, &pub, &e), KP_OK);
    assert_int_equal(kp_public_catalogue(&F.ctx, &f, NULL, NULL, NULL, &c), KP_OK);
    assert_int_equal(find(&c, 1, "day_care")->free_places, -1);
    assert_string_equal(find(&c, 1, "day_care")->availability, "available");
    kp_pub_catalogue_free(&c);
    kp_pub_facts_in two = {.publish_places = "2"};
    assert_int_equal(kp_provider_public_set(&own, 1, &two, &e), KP_EINVAL);
    assert_string_equal(e.items[0].field, "publish_places");
    e.n = 0;
    assert_int_equal(kp_provider_public_set(&own, 2, &pub, &e), KP_ENOTFOUND);
    kp_pub_facts_in back = {.publish_places = "1"};
    assert_int_equal(kp_provider_public_set(&F.ctx, 1, &back, &e), KP_OK);
    /* The social service: the head of Bauska for Bauska only. */
    kp_ctx head = F.ctx;
    head.role = KP_ROLE_MUNICIPAL_HEAD;
    head.municipality_id = B;
    head.actor = "head-bauska";
    kp_pub_facts_in office = {.name = "Bauskas novada Sociālais dienests", .address = "Uzvaras iela 1, Bauska",
                              .apply_url = "/pieteikums"};
    assert_int_equal(kp_social_service_set(&head, "0025000", &office, &e), KP_OK);
    assert_int_equal(kp_sql_int(F.db,
                                "SELECT COUNT(*) FROM audit WHERE entity = 'social_service' AND action = 'create'"
                                " AND actor = 'head-bauska'",
                                NULL, 0, 0, &n),
                     KP_OK);
    assert_int_equal(n, 1);
    assert_int_equal(kp_social_service_set(&head, "0030000", &office, &e), KP_ENOTFOUND);
    kp_ctx sw = head;
    sw.role = KP_ROLE_SOCIAL_WORKER;
    assert_int_equal(kp_social_service_set(&sw, "0025000", &office, &e), KP_EDENIED);
    kp_pub_facts_in badurl = {.apply_url = "javascript:alert(1)"};
    assert_int_equal(kp_social_service_set(&head, "0025000", &badurl, &e), KP_EINVAL);
    assert_string_equal(e.items[0].field, "apply_url");
    e.n = 0;
    kp_pub_facts_in noname = {.phone = "+371 63900000"};
    assert_int_equal(kp_social_service_set(&F.ctx, "0028000", &noname, &e), KP_EINVAL); /* a new one needs a name */
    assert_string_equal(e.items[0].field, "name");
    e.n = 0;
    assert_int_equal(kp_public_catalogue(&F.ctx, &f, NULL, NULL, NULL, &c), KP_OK);
    for (size_t i = 0; i < c.nmunis; i++)
        if (c.munis[i].id == B) {
            assert_true(c.munis[i].has_office);
            assert_string_equal(c.munis[i].apply_url, "/pieteikums");
        }
    kp_pub_catalogue_free(&c);
    kp_errors_free(&e);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_pub_filter f = {0};
    kp_pub_catalogue c;
    kp_errors e;
    kp_errors_init(&e);
    kp_pub_facts_in in = {0};
    assert_int_equal(kp_public_catalogue(NULL, &f, NULL, NULL, NULL, &c), KP_EINVAL);
    assert_int_equal(c.n, 0);
    assert_int_equal(kp_public_catalogue(&F.ctx, NULL, NULL, NULL, NULL, &c), KP_EINVAL);
    assert_int_equal(kp_public_catalogue(&F.ctx, &f, NULL, NULL, NULL, NULL), KP_EINVAL);
    kp_pub_catalogue_free(NULL);
    assert_int_equal(kp_facility_public_set(NULL, 1, &in, &e), KP_EINVAL);
    assert_int_equal(kp_facility_public_set(&F.ctx, 0, &in, &e), KP_EINVAL);
    assert_int_equal(kp_facility_public_set(&F.ctx, 1, NULL, &e), KP_EINVAL);
    assert_int_equal(kp_facility_public_set(&F.ctx, 1, &in, NULL), KP_EINVAL);
    assert_int_equal(kp_provider_public_set(NULL, 1, &in, &e), KP_EINVAL);
    assert_int_equal(kp_provider_public_set(&F.ctx, -1, &in, &e), KP_EINVAL);
    assert_int_equal(kp_provider_public_set(&F.ctx, 1, NULL, &e), KP_EINVAL);
    assert_int_equal(kp_social_service_set(NULL, "0025000", &in, &e), KP_EINVAL);
    assert_int_equal(kp_social_service_set(&F.ctx, NULL, &in, &e), KP_EINVAL);
    assert_int_equal(kp_social_service_set(&F.ctx, "", &in, &e), KP_EINVAL);
    assert_int_equal(kp_social_service_set(&F.ctx, "0025000", NULL, &e), KP_EINVAL);
    assert_int_equal(kp_social_service_set(&F.ctx, "9999999", &in, &e), KP_ENOTFOUND);
    kp_ctx anon = F.ctx;
    anon.role = (kp_role)99;
    assert_int_equal(kp_facility_public_set(&anon, 1, &in, &e), KP_EDENIED);
    assert_int_equal(kp_social_service_set(&anon, "0025000", &in, &e), KP_EDENIED);
    /* Anyone reads the catalogue. */
    assert_int_equal(kp_public_catalogue(&anon, &f, NULL, NULL, NULL, &c), KP_OK);
    assert_true(c.n > 0);
    kp_pub_catalogue_free(&c);
    kp_errors_free(&e);
}

/* Each demo facility open on the day is listed, with free places equal to
 * the plain SQL count. */
static void test_demo_against_sql(void **state)
{
    (void)state;
    fixture G;
    assert_int_equal(fixture_open_demo(&G, "public-demo", "2022-06-30T09:00:00Z", "lv"), 0);
    /* Today is a day when the demo's services are running. */
    snprintf(G.ctx.now, sizeof G.ctx.now, "2021-11-15T09:00:00Z");
    kp_pub_filter f = {0};
    kp_pub_catalogue c;
    assert_int_equal(kp_public_catalogue(&G.ctx, &f, NULL, NULL, NULL, &c), KP_OK);
    int64_t offers = -1;
    assert_int_equal(kp_sql_int(G.db,
                                "SELECT COUNT(*) FROM (SELECT DISTINCT fs.facility_id, fs.service_code"
                                " FROM facility_service fs JOIN facility f ON f.id = fs.facility_id"
                                " JOIN provider p ON p.id = f.provider_id WHERE fs.valid_from <= '2021-11-15'"
                                " AND (fs.valid_to IS NULL OR fs.valid_to >= '2021-11-15') AND f.opened_on <= '2021-11-15'"
                                " AND (f.closed_on IS NULL OR f.closed_on >= '2021-11-15')"
                                " AND p.registered_on <= '2021-11-15' AND (p.closed_on IS NULL OR p.closed_on >= '2021-11-15')) AS offered",
                                NULL, 0, -1, &offers),
                     KP_OK);
    assert_int_equal((int64_t)c.n, offers);
    assert_true(c.n > 50);
    size_t published = 0, taken_somewhere = 0, hidden = 0;
    for (size_t i = 0; i < c.n; i++) {
        const kp_pub_entry *x = &c.entries[i];
        int64_t want = sql_free(G.db, x->provider_id, x->service, c.on);
        if (x->published) {
            assert_int_equal(x->free_places, want);
            published++;
            if (want >= 0) {
                int64_t places = -1;
                kp_param p[] = {KP_PINT(x->facility_id), KP_PTEXT(x->service)};
                assert_int_equal(kp_sql_int(G.db, "SELECT SUM(places) FROM facility_service WHERE facility_id = ?"
                                                  " AND service_code = ? AND valid_from <= '2021-11-15'",
                                            p, 2, -1, &places),
                                 KP_OK);
                if (want < places)
                    taken_somewhere++;
            }
        } else {
            assert_int_equal(x->free_places, -1);
            assert_string_equal(x->availability, want < 0 ? "unknown" : want > 0 ? "available" : x->availability);
            hidden++;
        }
        assert_true(x->opening_hours[0] != '\0'); /* the demo gives every facility its hours */
    }
    assert_true(published > 0);
    assert_true(hidden > 0);
    assert_true(taken_somewhere > 0); /* the check compares numbers that moved */
    for (size_t i = 0; i < c.nmunis; i++)
        if (c.munis[i].entries)
            assert_true(c.munis[i].has_office);
    kp_pub_catalogue_free(&c);
    fixture_close(&G);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_made),   cmocka_unit_test(test_filters),
        cmocka_unit_test(test_data_version), cmocka_unit_test(test_edit_facts),
        cmocka_unit_test(test_bad_arguments), cmocka_unit_test(test_demo_against_sql),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
