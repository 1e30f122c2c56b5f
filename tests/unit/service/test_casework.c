/* The daily-work use cases against a real database: caseloads and what is
 * due, repeat-safe form submits, plans written in one form and compared,
 * group attendance (all or nothing), statements, confirmation, the head's
 * distribution and reassignment, the client card, scope and audit. Expected
 * values follow from the records each test makes and the rules in
 * ../shared/reference/latvia.md. Today is 2021-09-01 (fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "fixture.h"
#include "service/casework/casework.h"
#include "service/accounts/drafts.h"
#include "service/programme/programme.h"
#include "service/sql.h"
#include "service/audit.h"
#include "core/date.h"

#define BAUSKA "0025000"
#define DOBELE "0028000"

typedef struct world {
    fixture f;
    int64_t bauska, dobele;
    int64_t provider, other_provider;
    int64_t sw1, sw2, sw_dobele, head, provider_user, other_provider_user;
    kp_ctx sys, sw, head_ctx, prov, other_prov, sw_d;
} world;

static int64_t count(world *w, const char *sql)
{
    int64_t n = -1;
    assert_int_equal(kp_sql_int(w->f.db, sql, NULL, 0, -1, &n), KP_OK);
    return n;
}

static int64_t user(world *w, const char *name, const char *role, int64_t muni, int64_t provider)
{
    kp_param p[] = {KP_PTEXT(name), KP_PTEXT(role), KP_PREF(muni), KP_PREF(provider)};
    int64_t id = 0;
    assert_int_equal(kp_sql_insert(w->f.db,
                                   "INSERT INTO app_user(username, password_hash, role, municipality_id, provider_id,"
                                   " created_at) VALUES (?, 'x', ?, ?, ?, '2021-01-01T00:00:00Z')",
                                   p, 4, &id),
                     KP_OK);
    return id;
}

static kp_ctx as(world *w, kp_role role, int64_t uid, const char *actor, int64_t muni, int64_t provider)
{
    kp_ctx c = w->f.ctx;
    c.role = role;
    c.user_id = uid;
    c.actor = actor;
    c.municipality_id = muni;
    c.provider_id = provider;
    return c;
}

static int64_t add_provider(world *w, const char *name, const char *reg)
{
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0, fac = 0;
    kp_provider_in p = {.name = name, .reg_no = reg, .municipality = BAUSKA, .registered_on = "2021-07-01"};
    assert_int_equal(kp_provider_add(&w->sys, &p, &e, &id), KP_OK);
    char pid[24], fid[24];
    snprintf(pid, sizeof pid, "%lld", (long long)id);
    kp_facility_in f = {.provider_id = pid, .name = name, .address = "Rīgas iela 1, Bauska", .municipality = BAUSKA,
                        .opened_on = "2021-07-01"};
    assert_int_equal(kp_facility_add(&w->sys, &f, &e, &fac), KP_OK);
    snprintf(fid, sizeof fid, "%lld", (long long)fac);
    kp_facility_service_in s = {.facility_id = fid, .service = "day_care", .target_group = "grt", .places = "12",
                                .valid_from = "2021-07-01"};
    assert_int_equal(kp_facility_service_add(&w->sys, &s, &e, NULL), KP_OK);
    kp_errors_free(&e);
    return id;
}

static int setup(void **state)
{
    static world w;
    if (fixture_open(&w.f, "casework"))
        return -1;
    w.sys = w.f.ctx;
    kp_param b[] = {KP_PTEXT(BAUSKA)}, d[] = {KP_PTEXT(DOBELE)};
    kp_sql_int(w.f.db, "SELECT id FROM municipality WHERE atvk = ?", b, 1, 0, &w.bauska);
    kp_sql_int(w.f.db, "SELECT id FROM municipality WHERE atvk = ?", d, 1, 0, &w.dobele);
    w.provider = add_provider(&w, "Dienas centrs “Saulstari”", "LV-DC-1");
    w.other_provider = add_provider(&w, "Dienas centrs “Cerība”", "LV-DC-2");
    w.sw1 = user(&w, "sw-bauska", "social_worker", w.bauska, 0);
    w.sw2 = user(&w, "sw2-bauska", "social_worker", w.bauska, 0);
    w.sw_dobele = user(&w, "sw-dobele", "social_worker", w.dobele, 0);
    w.head = user(&w, "head-bauska", "municipal_head", w.bauska, 0);
    w.provider_user = user(&w, "provider-1", "provider", 0, w.provider);
    w.other_provider_user = user(&w, "provider-2", "provider", 0, w.other_provider);
    w.sw = as(&w, KP_ROLE_SOCIAL_WORKER, w.sw1, "sw-bauska", w.bauska, 0);
    w.sw_d = as(&w, KP_ROLE_SOCIAL_WORKER, w.sw_dobele, "sw-dobele", w.dobele, 0);
    w.head_ctx = as(&w, KP_ROLE_MUNICIPAL_HEAD, w.head, "head-bauska", w.bauska, 0);
    w.prov = as(&w, KP_ROLE_PROVIDER, w.provider_user, "provider-1", 0, w.provider);
    w.other_prov = as(&w, KP_ROLE_PROVIDER, w.other_provider_user, "provider-2", 0, w.other_provider);
    *state = &w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    fixture_close(&w->f);
    return 0;
}

static void print_errors(const kp_errors *e)
{
    for (size_t i = 0; i < e->n; i++)
        fprintf(stderr, "  %s (row %ld): %s\n", e->items[i].field, e->items[i].line, e->items[i].message);
}

/* Registers a client as the Bauska social worker (so they are hers). */
static int64_t client(world *w, const char *code, const char *given, const char *family, const char *birth)
{
    kp_client_in in = {.personal_code = code, .given_name = given, .family_name = family, .birth_date = birth,
                       .municipality = BAUSKA, .target_group = "grt", .disability_group = "2",
                       .registered_on = "2021-08-01"};
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0;
    kp_rc rc = kp_cw_client_register(&w->sw, &in, NULL, 0, &e, &id, NULL);
    print_errors(&e);
    kp_errors_free(&e);
    assert_int_equal(rc, KP_OK);
    return id;
}

static int64_t assign(world *w, int64_t c, const char *service, int64_t provider, const char *start, const char *end,
                      const char *units)
{
    char cid[24], pid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)c);
    snprintf(pid, sizeof pid, "%lld", (long long)provider);
    kp_assignment_in in = {.client_id = cid, .service = service, .provider_id = provider ? pid : NULL,
                           .start_date = start, .end_date = end, .units = units, .decided_on = "2021-08-15"};
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0;
    kp_rc rc = kp_cw_assignment_create(&w->sw, &in, NULL, 0, &e, &id, NULL);
    print_errors(&e);
    kp_errors_free(&e);
    assert_int_equal(rc, KP_OK);
    return id;
}

static void test_register_once_and_mine(void **state)
{
    world *w = *state;
    kp_client_in in = {.personal_code = "161175-19997", .given_name = "Anna", .family_name = "Bērziņa",
                       .birth_date = "1975-11-16", .municipality = BAUSKA, .target_group = "grt",
                       .registered_on = "2021-08-01"};
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0, again = 0;
    bool repeated = true;
    assert_int_equal(kp_cw_client_register(&w->sw, &in, "tok-register-1", 1000, &e, &id, &repeated), KP_OK);
    assert_false(repeated);
    int64_t clients = count(w, "SELECT COUNT(*) FROM client");
    /* The same form sent twice: no second client, the first one's id. */
    assert_int_equal(kp_cw_client_register(&w->sw, &in, "tok-register-1", 1001, &e, &again, &repeated), KP_OK);
    assert_true(repeated);
    assert_int_equal(again, id);
    assert_int_equal(count(w, "SELECT COUNT(*) FROM client"), clients);
    /* A refused submit does not use the token up: fixing and resending works. */
    kp_client_in bad = in;
    bad.personal_code = "121282-11210";
    bad.birth_date = "1982-12-12";
    bad.given_name = "";
    assert_int_equal(kp_cw_client_register(&w->sw, &bad, "tok-register-2", 1002, &e, NULL, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "given_name"));
    e.n = 0;
    bad.given_name = "Jānis";
    assert_int_equal(kp_cw_client_register(&w->sw, &bad, "tok-register-2", 1003, &e, &again, &repeated), KP_OK);
    assert_false(repeated);
    assert_int_not_equal(again, id);
    kp_errors_free(&e);
    /* The worker who registers a client is responsible for them. */
    kp_param p[] = {KP_PINT(id)};
    int64_t worker = 0;
    kp_sql_int(w->f.db, "SELECT user_id FROM client_worker WHERE client_id = ?", p, 1, 0, &worker);
    assert_int_equal(worker, w->sw1);
}

static void test_caseload_due(void **state)
{
    world *w = *state;
    int64_t c = client(w, "280794-12344", "Pēteris", "Ozols", "1994-07-28");
    char cid[24], pid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)c);
    kp_errors e;
    kp_errors_init(&e);
    /* An approved plan to review on 20.09.2021: within 30 days of 01.09. */
    kp_cw_item_in items[] = {{.service = "day_care", .volume = "20", .start_date = "2021-08-01", .end_date = "2021-09-15"}};
    kp_cw_plan_in plan = {.client_id = cid, .goals = "Patstāvīga dzīve", .review_on = "2021-09-20",
                          .created_on = "2021-08-01", .items = items, .n_items = 1};
    int64_t plan_id = 0;
    assert_int_equal(kp_cw_plan_save(&w->sw, &plan, NULL, 0, &e, &plan_id, NULL), KP_OK);
    assert_int_equal(kp_cw_plan_approve(&w->sw, c, plan_id, "2021-08-02", NULL, 0, &e, NULL), KP_OK);
    /* Day care ending 15.09.2021, and 5 respite days this year. */
    int64_t a = assign(w, c, "day_care", w->provider, "2021-08-01", "2021-09-15", "20");
    assign(w, c, "respite", 0, "2021-07-01", "2021-07-05", "5");
    snprintf(pid, sizeof pid, "%lld", (long long)a);
    kp_delivery_in d = {.assignment_id = pid, .delivered_on = "2021-08-20", .units = "1"};
    assert_int_equal(kp_delivery_record(&w->prov, &d, &e, NULL), KP_OK);
    kp_errors_free(&e);

    int64_t audits = count(w, "SELECT COUNT(*) FROM access_log WHERE action = 'list' AND actor = 'sw-bauska'");
    kp_caseload cl;
    assert_int_equal(kp_caseload_mine(&w->sw, &cl), KP_OK);
    assert_true(cl.clients.n >= 1);
    const kp_cw_client *mine = NULL;
    for (size_t i = 0; i < cl.clients.n; i++)
        if (cl.clients.items[i].id == c)
            mine = &cl.clients.items[i];
    assert_non_null(mine);
    assert_int_equal(mine->respite_used, 5);
    assert_string_equal(mine->family_name, "Ozols");
    bool review = false, ending = false, delivery = false;
    for (size_t i = 0; i < cl.reviews.n; i++)
        if (cl.reviews.items[i].record_id == plan_id) {
            review = true;
            assert_string_equal(cl.reviews.items[i].date, "2021-09-20");
            assert_false(cl.reviews.items[i].overdue);
        }
    for (size_t i = 0; i < cl.ending.n; i++)
        if (cl.ending.items[i].record_id == a) {
            ending = true;
            assert_string_equal(cl.ending.items[i].service, "day_care");
        }
    for (size_t i = 0; i < cl.unconfirmed.n; i++)
        if (cl.unconfirmed.items[i].assignment_id == a)
            delivery = true;
    assert_true(review);
    assert_true(ending);
    assert_true(delivery);
    /* Each client shown leaves a "list" record. */
    assert_int_equal(count(w, "SELECT COUNT(*) FROM access_log WHERE action = 'list' AND actor = 'sw-bauska'"),
                     audits + (int64_t)cl.clients.n);
    kp_caseload_free(&cl);
    /* Another worker's caseload does not have her. */
    kp_ctx sw2 = as(w, KP_ROLE_SOCIAL_WORKER, w->sw2, "sw2-bauska", w->bauska, 0);
    assert_int_equal(kp_caseload_mine(&sw2, &cl), KP_OK);
    assert_int_equal(cl.clients.n, 0);
    kp_caseload_free(&cl);
    /* Roles without a caseload. */
    assert_int_equal(kp_caseload_mine(&w->prov, &cl), KP_EDENIED);
    assert_int_equal(kp_caseload_mine(&w->sys, &cl), KP_EDENIED);

    /* Confirming deliveries: all or nothing, only in scope. */
    int64_t did = 0;
    kp_param q[] = {KP_PINT(a)};
    kp_sql_int(w->f.db, "SELECT id FROM delivery WHERE assignment_id = ?", q, 1, 0, &did);
    int64_t ids[] = {did};
    size_t done = 99;
    assert_int_equal(kp_deliveries_confirm(&w->sw_d, ids, 1, &done), KP_ENOTFOUND);
    assert_int_equal(done, 0);
    assert_int_equal(kp_deliveries_confirm(&w->prov, ids, 1, &done), KP_EDENIED);
    assert_int_equal(kp_deliveries_confirm(&w->sw, ids, 1, &done), KP_OK);
    assert_int_equal(done, 1);
    assert_int_equal(kp_deliveries_confirm(&w->sw, ids, 1, &done), KP_OK);
    assert_int_equal(done, 0);
    kp_param r[] = {KP_PINT(did)};
    int64_t confirmed = 0;
    kp_sql_int(w->f.db, "SELECT confirmed FROM delivery WHERE id = ?", r, 1, 0, &confirmed);
    assert_int_equal(confirmed, 1);
    int64_t bogus[] = {did, 987654};
    assert_int_equal(kp_deliveries_confirm(&w->sw, bogus, 2, &done), KP_ENOTFOUND);
}

/* An old-format personal code born on `day` January 1980 with serial
 * `serial`, its check digit by reference/latvia.md: (1 + Σ wᵢ·dᵢ) mod 11
 * mod 10, weights 10 5 8 4 2 1 6 3 7 9. */
static void code_1980(unsigned day, unsigned serial, char out[32])
{
    char d[32];
    snprintf(d, sizeof d, "%02u01801%03u", day % 100u, serial % 1000u);
    static const unsigned W[] = {10, 5, 8, 4, 2, 1, 6, 3, 7, 9};
    unsigned sum = 1;
    for (int i = 0; i < 10; i++)
        sum += W[i] * (unsigned)(d[i] - '0');
    snprintf(out, 32, "%.6s-%.4s%u", d, d + 6, sum % 11u % 10u);
}

static int reverse_cmp(const char *a, const char *b, void *arg)
{
    (void)arg;
    return strcmp(b, a);
}

/* A caseload shown again under the same sort comes in the same order from
 * the order kept with the connection; another sort is its own; a change to
 * the records (a client assigned) is in the next view at once. */
static void test_caseload_sorts_kept_and_renewed(void **state)
{
    world *w = *state;
    static const char *const FAMILY[] = {"Celms", "Ābele", "Celms", "Bērziņa", "Dārziņš", "Alksne"};
    static const int DAY[] = {5, 3, 1, 4, 2, 6};
    int64_t sw4 = user(w, "sw4-bauska", "social_worker", w->bauska, 0);
    kp_ctx me = as(w, KP_ROLE_SOCIAL_WORKER, sw4, "sw4-bauska", w->bauska, 0);
    int64_t id[6];
    for (int i = 0; i < 6; i++) {
        char code[32], birth[16];
        code_1980((unsigned)DAY[i], 700u + (unsigned)i, code);
        snprintf(birth, sizeof birth, "1980-01-%02d", DAY[i]);
        id[i] = client(w, code, "Anna", FAMILY[i], birth);
        if (i < 5) {
            kp_param p[] = {KP_PINT(sw4), KP_PINT(id[i])};
            assert_int_equal(kp_sql_exec(w->f.db, "UPDATE client_worker SET user_id = ? WHERE client_id = ?", p, 2),
                             KP_OK);
        }
    }
    kp_caseload_view by_name = {.list = KP_CASELOAD_CLIENTS, .limit = 10};
    kp_caseload_view by_birth = {.list = KP_CASELOAD_CLIENTS, .limit = 10, .sort = "birth", .desc = true};
    kp_caseload cl;
    int64_t first[5];
    for (int round = 0; round < 3; round++) {
        /* Byte order: B, C, C, D, then "Ā" (0xC4 …); the two Celms as the
         * first view gave them, every time. */
        assert_int_equal(kp_caseload_view_of(&me, &by_name, &cl, NULL), KP_OK);
        assert_int_equal(cl.clients.n, 5);
        assert_int_equal(cl.clients.items[0].id, id[3]);
        assert_string_equal(cl.clients.items[1].family_name, "Celms");
        assert_string_equal(cl.clients.items[2].family_name, "Celms");
        assert_int_equal(cl.clients.items[3].id, id[4]);
        assert_int_equal(cl.clients.items[4].id, id[1]);
        for (int i = 0; i < 5; i++) {
            if (round == 0)
                first[i] = cl.clients.items[i].id;
            assert_int_equal(cl.clients.items[i].id, first[i]);
        }
        kp_caseload_free(&cl);
        /* Newest birth first: days 5, 4, 3, 2, 1. */
        assert_int_equal(kp_caseload_view_of(&me, &by_birth, &cl, NULL), KP_OK);
        assert_int_equal(cl.clients.n, 5);
        static const int WANT[] = {0, 3, 1, 4, 2};
        for (int i = 0; i < 5; i++)
            assert_int_equal(cl.clients.items[i].id, id[WANT[i]]);
        kp_caseload_free(&cl);
        /* Filtered after sorting: the two Celms, in the first view's order. */
        kp_caseload_view celms = by_name;
        celms.q = "celms";
        assert_int_equal(kp_caseload_view_of(&me, &celms, &cl, NULL), KP_OK);
        assert_int_equal(cl.clients.n, 2);
        assert_int_equal(cl.clients.items[0].id, first[1]);
        assert_int_equal(cl.clients.items[1].id, first[2]);
        kp_caseload_free(&cl);
    }
    /* Alksne (born on the 6th) is assigned: first by name and by birth. */
    kp_param p[] = {KP_PINT(sw4), KP_PINT(id[5])};
    assert_int_equal(kp_sql_exec(w->f.db, "UPDATE client_worker SET user_id = ? WHERE client_id = ?", p, 2), KP_OK);
    assert_int_equal(kp_caseload_view_of(&me, &by_birth, &cl, NULL), KP_OK);
    assert_int_equal(cl.clients.n, 6);
    assert_int_equal(cl.clients.items[0].id, id[5]);
    assert_int_equal(cl.clients.items[5].id, id[2]);
    kp_caseload_free(&cl);
    assert_int_equal(kp_caseload_view_of(&me, &by_name, &cl, NULL), KP_OK);
    assert_int_equal(cl.clients.n, 6);
    assert_int_equal(cl.clients.items[0].id, id[5]);
    assert_int_equal(cl.clients.items[5].id, id[1]);
    kp_caseload_free(&cl);
}

/* The start page shows 10 clients of 13: only those 10 are read out of the
 * service and get a "list" access record; the counts stay the whole list. */
static void test_caseload_view_pages_and_audits_shown(void **state)
{
    world *w = *state;
    static const char *const FAMILY[] = {"Ābele", "Bērziņa", "Celms",  "Dārziņš", "Egle",   "Ozola", "Ozoliņš",
                                         "Priede", "Roze",   "Sīle",   "Tauriņš", "Vītola", "Zariņa"};
    int64_t sw3 = user(w, "sw3-bauska", "social_worker", w->bauska, 0);
    kp_ctx me = as(w, KP_ROLE_SOCIAL_WORKER, sw3, "sw3-bauska", w->bauska, 0);
    for (int i = 0; i < 13; i++) {
        char code[32], birth[16];
        code_1980((unsigned)i + 1u, 500u + (unsigned)i, code);
        snprintf(birth, sizeof birth, "1980-01-%02u", (unsigned)i % 100u + 1u);
        int64_t c = client(w, code, "Anna", FAMILY[i], birth);
        kp_param p[] = {KP_PINT(sw3), KP_PINT(c)};
        assert_int_equal(kp_sql_exec(w->f.db, "UPDATE client_worker SET user_id = ? WHERE client_id = ?", p, 2), KP_OK);
    }
    const char *list_sql = "SELECT COUNT(*) FROM access_log WHERE action = 'list' AND actor = 'sw3-bauska'";
    int64_t before = count(w, list_sql);
    /* The start page: the top 10 clients (byte order without a collator:
     * "Ābele" last), the top 5 of every other list. */
    kp_caseload_view v = {.list = KP_CASELOAD_ALL, .limit = 5, .top_clients = 10};
    kp_caseload cl;
    size_t matched = 0;
    assert_int_equal(kp_caseload_view_of(&me, &v, &cl, &matched), KP_OK);
    assert_int_equal(cl.clients.n, 10);
    assert_int_equal(cl.clients.total, 13);
    assert_int_equal(matched, 13);
    assert_string_equal(cl.clients.items[0].family_name, "Bērziņa");
    assert_string_equal(cl.clients.items[9].family_name, "Tauriņš");
    assert_int_equal(cl.reviews.total + cl.ending.total + cl.unconfirmed.total, 0);
    assert_int_equal(count(w, list_sql), before + 10);
    kp_caseload_free(&cl);
    /* The clients list, page 2 of 10 a page: the last three, three records. */
    v = (kp_caseload_view){.list = KP_CASELOAD_CLIENTS, .offset = 10, .limit = 10};
    assert_int_equal(kp_caseload_view_of(&me, &v, &cl, &matched), KP_OK);
    assert_int_equal(cl.clients.n, 3);
    assert_string_equal(cl.clients.items[0].family_name, "Vītola");
    assert_string_equal(cl.clients.items[2].family_name, "Ābele");
    assert_int_equal(count(w, list_sql), before + 13);
    kp_caseload_free(&cl);
    /* Filtered without diacritics, sorted by the caller's order (reversed
     * here): "ozol" matches Ozola and Ozoliņš only. */
    v = (kp_caseload_view){.list = KP_CASELOAD_CLIENTS, .limit = 10, .q = "ozol", .collate = reverse_cmp};
    assert_int_equal(kp_caseload_view_of(&me, &v, &cl, &matched), KP_OK);
    assert_int_equal(matched, 2);
    assert_int_equal(cl.clients.n, 2);
    assert_int_equal(cl.clients.total, 13);
    assert_string_equal(cl.clients.items[0].family_name, "Ozoliņš");
    assert_string_equal(cl.clients.items[1].family_name, "Ozola");
    assert_int_equal(count(w, list_sql), before + 15);
    kp_caseload_free(&cl);
    /* Another list only: no client rows, no records, the counts kept. */
    v = (kp_caseload_view){.list = KP_CASELOAD_REVIEWS, .limit = 10};
    assert_int_equal(kp_caseload_view_of(&me, &v, &cl, &matched), KP_OK);
    assert_int_equal(cl.clients.n, 0);
    assert_int_equal(cl.clients.total, 13);
    assert_int_equal(count(w, list_sql), before + 15);
    kp_caseload_free(&cl);
    /* Bad arguments and roles without a caseload. */
    assert_int_equal(kp_caseload_view_of(NULL, &v, &cl, NULL), KP_EINVAL);
    assert_int_equal(kp_caseload_view_of(&me, NULL, &cl, NULL), KP_EINVAL);
    assert_int_equal(kp_caseload_view_of(&me, &v, NULL, NULL), KP_EINVAL);
    v.list = (kp_caseload_list)9;
    assert_int_equal(kp_caseload_view_of(&me, &v, &cl, NULL), KP_EINVAL);
    v.list = KP_CASELOAD_ALL;
    assert_int_equal(kp_caseload_view_of(&w->prov, &v, &cl, NULL), KP_EDENIED);
    assert_int_equal(cl.clients.n, 0);
}

static void test_respite_refusal_keeps_token(void **state)
{
    world *w = *state;
    int64_t c = client(w, "290156-11605", "Ilze", "Kalna", "1956-01-29");
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)c);
    kp_assignment_in thirty = {.client_id = cid, .service = "respite", .start_date = "2021-09-01",
                               .end_date = "2021-09-30", .units = "30", .mode = "full", .decided_on = "2021-08-20"};
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_cw_assignment_create(&w->sw, &thirty, "tok-resp-1", 2000, &e, NULL, NULL), KP_OK);
    int64_t before = count(w, "SELECT COUNT(*) FROM assignment");
    kp_assignment_in one = thirty;
    one.start_date = "2021-10-01";
    one.end_date = "2021-10-01";
    one.units = "1";
    assert_int_equal(kp_cw_assignment_create(&w->sw, &one, "tok-resp-2", 2001, &e, NULL, NULL), KP_ERULE);
    assert_string_equal(kp_errors_for(&e, "units"), "Atelpas brīdis: ne vairāk kā 30 diennaktis 2021. kalendārajā gadā; izmantotas 30, pieprasīta 1");
    assert_int_equal(count(w, "SELECT COUNT(*) FROM assignment"), before);
    /* The refused form's token is still unused: next year's day goes through with it. */
    e.n = 0;
    one.start_date = "2022-01-05";
    one.end_date = "2022-01-05";
    bool repeated = true;
    assert_int_equal(kp_cw_assignment_create(&w->sw, &one, "tok-resp-2", 2002, &e, NULL, &repeated), KP_OK);
    assert_false(repeated);
    assert_int_equal(count(w, "SELECT COUNT(*) FROM assignment"), before + 1);
    kp_errors_free(&e);
}

static void test_plan_form_and_diff(void **state)
{
    world *w = *state;
    int64_t c = client(w, "180565-05610", "Rasma", "Liepa", "1865-05-18");
    char cid[24], pid[24], prov[24];
    snprintf(cid, sizeof cid, "%lld", (long long)c);
    snprintf(prov, sizeof prov, "%lld", (long long)w->provider);
    kp_errors e;
    kp_errors_init(&e);
    /* Wrong rows are all reported, with their row, and nothing is written. */
    int64_t plans = count(w, "SELECT COUNT(*) FROM support_plan");
    kp_cw_item_in bad[] = {{.service = "day_care", .volume = "0", .start_date = "2021-09-01", .end_date = "2021-12-31"},
                           {0},
                           {.service = "nope", .volume = "5", .start_date = "2021-13-01", .end_date = "2021-12-31"}};
    kp_cw_plan_in p = {.client_id = cid, .goals = "Darbs", .created_on = "2021-08-10", .items = bad, .n_items = 3};
    assert_int_equal(kp_cw_plan_save(&w->sw, &p, NULL, 0, &e, NULL, NULL), KP_EINVAL);
    bool row1 = false, row3_service = false, row3_date = false;
    for (size_t i = 0; i < e.n; i++) {
        if (e.items[i].line == 1 && strcmp(e.items[i].field, "volume") == 0)
            row1 = true;
        if (e.items[i].line == 3 && strcmp(e.items[i].field, "service") == 0)
            row3_service = true;
        if (e.items[i].line == 3 && strcmp(e.items[i].field, "start_date") == 0)
            row3_date = true;
        assert_int_not_equal(e.items[i].line, 2);
    }
    assert_true(row1 && row3_service && row3_date);
    assert_int_equal(count(w, "SELECT COUNT(*) FROM support_plan"), plans);
    e.n = 0;

    /* Version 1: day care and respite; approved. */
    kp_cw_item_in v1[] = {{.service = "day_care", .volume = "40", .provider_id = prov, .start_date = "2021-09-01",
                           .end_date = "2021-12-31", .goal = "Sociālās prasmes"},
                          {.service = "respite", .volume = "10", .start_date = "2021-10-01", .end_date = "2021-10-10"}};
    p.items = v1;
    p.n_items = 2;
    p.review_on = "2022-08-01";
    int64_t a = 0, b = 0;
    assert_int_equal(kp_cw_plan_save(&w->sw, &p, "tok-plan-1", 3000, &e, &a, NULL), KP_OK);
    /* Changing the draft in place keeps its version and replaces services. */
    snprintf(pid, sizeof pid, "%lld", (long long)a);
    kp_cw_plan_in same = p;
    same.plan_id = pid;
    same.goals = "Darbs un patstāvība";
    assert_int_equal(kp_cw_plan_save(&w->sw, &same, "tok-plan-2", 3001, &e, &b, NULL), KP_OK);
    assert_int_equal(b, a);
    kp_param q[] = {KP_PINT(a)};
    int64_t items = 0;
    kp_sql_int(w->f.db, "SELECT COUNT(*) FROM plan_item WHERE plan_id = ?", q, 1, 0, &items);
    assert_int_equal(items, 2);
    assert_int_equal(kp_cw_plan_approve(&w->sw, c, a, "2021-08-12", "tok-plan-3", 3002, &e, NULL), KP_OK);
    /* An approved plan is not changed in place. */
    assert_int_equal(kp_cw_plan_save(&w->sw, &same, "tok-plan-4", 3003, &e, NULL, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "plan_id"));
    e.n = 0;
    /* Version 2: more day care with another provider, support groups
     * added, respite dropped. */
    kp_cw_item_in v2[] = {{.service = "day_care", .volume = "60", .start_date = "2021-09-01", .end_date = "2021-12-31",
                           .goal = "Sociālās prasmes"},
                          {.service = "support_groups", .volume = "8", .start_date = "2021-10-01", .end_date = "2021-12-31"}};
    kp_cw_plan_in p2 = {.client_id = cid, .goals = "Darbs un patstāvība", .review_on = "2022-03-01",
                        .created_on = "2021-09-01", .items = v2, .n_items = 2};
    assert_int_equal(kp_cw_plan_save(&w->sw, &p2, "tok-plan-5", 3004, &e, &b, NULL), KP_OK);
    print_errors(&e);
    assert_int_not_equal(b, a);
    assert_int_equal(kp_cw_plan_approve(&w->sw, c, b, "2021-09-02", "tok-plan-6", 3005, &e, NULL), KP_OK);
    kp_errors_free(&e);

    kp_plan_diff d;
    assert_int_equal(kp_plan_diff_load(&w->sw, c, b, a, &d), KP_OK); /* either order */
    assert_int_equal(d.version_a, 1);
    assert_int_equal(d.version_b, 2);
    assert_true(d.review_changed);
    assert_string_equal(d.review_b, "2022-03-01");
    assert_int_equal(d.n, 3);
    /* By service: day_care changed, respite removed, support_groups added. */
    assert_int_equal(d.items[0].kind, KP_DIFF_CHANGED);
    assert_string_equal(d.items[0].before.service, "day_care");
    assert_int_equal(d.items[0].fields, KP_DIFF_VOLUME | KP_DIFF_PROVIDER);
    assert_int_equal(d.items[0].before.volume, 40);
    assert_int_equal(d.items[0].after.volume, 60);
    assert_int_equal(d.items[1].kind, KP_DIFF_REMOVED);
    assert_string_equal(d.items[1].before.service, "respite");
    assert_int_equal(d.items[2].kind, KP_DIFF_ADDED);
    assert_string_equal(d.items[2].after.service, "support_groups");
    kp_plan_diff_free(&d);
    /* Out of scope, or a provider: no plans. */
    assert_int_equal(kp_plan_diff_load(&w->sw_d, 0, a, b, &d), KP_ENOTFOUND);
    assert_int_equal(kp_plan_diff_load(&w->prov, 0, a, b, &d), KP_EDENIED);
    assert_int_equal(kp_plan_diff_load(&w->sw, c, a, 999999, &d), KP_ENOTFOUND);

    /* The card has it all, and one "view" record. */
    int64_t views = count(w, "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND entity = 'client'");
    kp_card card;
    assert_int_equal(kp_card_load(&w->sw, c, &card), KP_OK);
    assert_int_equal(card.n_plans, 2);
    assert_int_equal(card.plans[0].version, 2);
    assert_string_equal(card.plans[0].status, "approved");
    assert_string_equal(card.plans[1].status, "superseded");
    assert_int_equal(card.plans[1].n_items, 2);
    assert_int_equal(card.worker_id, w->sw1);
    assert_string_equal(card.worker, "sw-bauska");
    kp_card_free(&card);
    assert_int_equal(count(w, "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND entity = 'client'"), views + 1);
    assert_int_equal(kp_card_load(&w->sw_d, c, &card), KP_ENOTFOUND);
}

static void test_card_assessment_and_provider_view(void **state)
{
    world *w = *state;
    int64_t c = client(w, "323691-93794", "Līga", "Egle", "1990-02-02");
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)c);
    kp_assessment_in as_in = {.client_id = cid, .round = "3", .assessed_on = "2021-08-05", .place = "family",
                              .assessor = "Neatkarīgs eksperts", .needs = "day_care|respite"};
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0, again = 0;
    bool repeated = false;
    assert_int_equal(kp_cw_assessment_record(&w->sw, &as_in, "tok-as-1", 4000, &e, &id, NULL), KP_OK);
    assert_int_equal(kp_cw_assessment_record(&w->sw, &as_in, "tok-as-1", 4001, &e, &again, &repeated), KP_OK);
    assert_true(repeated);
    assert_int_equal(again, id);
    kp_errors_free(&e);
    int64_t a = assign(w, c, "day_care", w->other_provider, "2021-08-01", "2021-12-31", "50");
    assign(w, c, "respite", 0, "2021-08-10", "2021-08-12", "3");
    kp_card card;
    assert_int_equal(kp_card_load(&w->sw, c, &card), KP_OK);
    assert_int_equal(card.n_assessments, 1);
    assert_int_equal(card.assessments[0].n_needs, 2);
    assert_string_equal(card.assessments[0].needs[0], "day_care");
    assert_int_equal(card.n_assignments, 2);
    /* Newest start first: respite from 10.08., day care from 01.08. */
    assert_string_equal(card.assignments[0].service, "respite");
    assert_string_equal(card.assignments[1].service, "day_care");
    assert_int_equal(card.assignments[1].id, a);
    assert_int_equal(card.assignments[1].delivered, 0);
    assert_int_equal(card.respite_used, 3);
    kp_card_free(&card);
    /* The provider sees only its own referral, and no assessment or plan. */
    assert_int_equal(kp_card_load(&w->prov, c, &card), KP_ENOTFOUND);
    assert_int_equal(kp_card_load(&w->other_prov, c, &card), KP_OK);
    assert_int_equal(card.n_assessments, 0);
    assert_int_equal(card.n_plans, 0);
    assert_int_equal(card.n_assignments, 1);
    assert_int_equal(card.assignments[0].id, a);
    kp_card_free(&card);
    /* The card shows the newest 200 deliveries and counts them all: 199
     * are all there; with 203 the newest 200 (one a day from 01.08.2021,
     * so the newest is 19.02.2022: 31 + 30 + 31 + 30 + 31 + 31 + 18 = 202
     * days later) and a total of 203. */
    kp_date day0 = kp_date_from_ymd(2021, 8, 1);
    for (int i = 0; i < 203; i++) {
        if (i == 199) {
            assert_int_equal(kp_card_load(&w->other_prov, c, &card), KP_OK);
            assert_int_equal(card.deliveries.n, 199);
            assert_int_equal(card.deliveries.total, 199);
            assert_int_equal(card.assignments[0].delivered, 199); /* one unit a day */
            kp_card_free(&card);
        }
        char on[11];
        kp_date_format_iso(day0 + i, on);
        kp_param dp[] = {KP_PINT(a), KP_PTEXT(on)};
        assert_int_equal(kp_sql_exec(w->f.db, "INSERT INTO delivery(assignment_id, delivered_on, units) VALUES (?, ?, 1)",
                                     dp, 2),
                         KP_OK);
    }
    assert_int_equal(kp_card_load(&w->other_prov, c, &card), KP_OK);
    assert_int_equal(card.deliveries.n, 200);
    assert_int_equal(card.deliveries.total, 203);
    assert_string_equal(card.deliveries.items[0].delivered_on, "2022-02-19");
    /* The 200th newest is the fourth day, 04.08.2021; all 203 summed; each
     * named after its assignment. */
    assert_string_equal(card.deliveries.items[199].delivered_on, "2021-08-04");
    assert_int_equal(card.deliveries.items[199].assignment_id, a);
    assert_string_equal(card.deliveries.items[199].service, "day_care");
    assert_string_equal(card.deliveries.items[199].service_name, card.assignments[0].service_name);
    assert_int_equal(card.assignments[0].delivered, 203);
    kp_card_free(&card);
}

static void test_attendance_all_or_nothing(void **state)
{
    world *w = *state;
    int64_t c1 = client(w, "010101-10006", "Aija", "Aboliņa", "1901-01-01");
    int64_t c2 = client(w, "020202-10005", "Baiba", "Bērza", "1902-02-02");
    int64_t c3 = client(w, "030303-10004", "Cilda", "Cīrule", "1903-03-03");
    int64_t a1 = assign(w, c1, "day_care", w->provider, "2021-09-01", "2021-09-30", "20");
    int64_t a2 = assign(w, c2, "day_care", w->provider, "2021-09-01", "2021-09-30", "2");
    int64_t a3 = assign(w, c3, "day_care", w->provider, "2021-09-01", "2021-09-30", "20");
    kp_errors e;
    kp_errors_init(&e);
    kp_attendance g;
    assert_int_equal(kp_attendance_group(&w->prov, 0, "day_care", "2021-09-06", &e, &g), KP_OK);
    size_t found = 0;
    for (size_t i = 0; i < g.n; i++)
        if (g.items[i].assignment_id == a1 || g.items[i].assignment_id == a2 || g.items[i].assignment_id == a3)
            found++;
    assert_int_equal(found, 3);
    kp_attendance_free(&g);
    assert_int_equal(kp_attendance_group(&w->prov, 0, "day_care", "06.09.2021", &e, &g), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "delivered_on"));
    assert_int_equal(kp_attendance_group(&w->sw, 0, "day_care", "2021-09-06", &e, &g), KP_EDENIED);
    e.n = 0;

    char s1[24], s2[24], s3[24];
    snprintf(s1, sizeof s1, "%lld", (long long)a1);
    snprintf(s2, sizeof s2, "%lld", (long long)a2);
    snprintf(s3, sizeof s3, "%lld", (long long)a3);
    int64_t deliveries = count(w, "SELECT COUNT(*) FROM delivery");
    /* Row 2 asks for more than granted: nothing of the day is written. */
    kp_attendance_in rows[] = {{s1, "1"}, {s2, "3"}, {s3, ""}};
    size_t recorded = 9;
    assert_int_equal(kp_attendance_record(&w->prov, 0, "2021-09-06", rows, 3, "tok-att-1", 5000, &e, &recorded, NULL),
                     KP_EINVAL);
    assert_int_equal(recorded, 0);
    assert_int_equal(e.n, 1);
    assert_int_equal(e.items[0].line, 2);
    assert_string_equal(e.items[0].field, "units");
    assert_int_equal(count(w, "SELECT COUNT(*) FROM delivery"), deliveries);
    e.n = 0;
    /* Corrected and sent again with the same token (unused by the refusal). */
    rows[1].units = "1";
    bool repeated = true;
    assert_int_equal(kp_attendance_record(&w->prov, 0, "2021-09-06", rows, 3, "tok-att-1", 5001, &e, &recorded, &repeated),
                     KP_OK);
    assert_false(repeated);
    assert_int_equal(recorded, 2);
    assert_int_equal(count(w, "SELECT COUNT(*) FROM delivery"), deliveries + 2);
    /* Double submit: nothing more. */
    assert_int_equal(kp_attendance_record(&w->prov, 0, "2021-09-06", rows, 3, "tok-att-1", 5002, &e, &recorded, &repeated),
                     KP_OK);
    assert_true(repeated);
    assert_int_equal(recorded, 0);
    assert_int_equal(count(w, "SELECT COUNT(*) FROM delivery"), deliveries + 2);
    /* The same day again in a new form: refused per row. */
    assert_int_equal(kp_attendance_record(&w->prov, 0, "2021-09-06", rows, 3, "tok-att-2", 5003, &e, &recorded, NULL),
                     KP_EINVAL);
    assert_int_equal(e.n, 2);
    e.n = 0;
    /* Nobody ticked; another provider's referral. */
    kp_attendance_in none[] = {{s1, ""}};
    assert_int_equal(kp_attendance_record(&w->prov, 0, "2021-09-07", none, 1, "tok-att-3", 5004, &e, NULL, NULL),
                     KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "rows"));
    e.n = 0;
    assert_int_equal(kp_attendance_record(&w->other_prov, 0, "2021-09-07", rows, 1, "tok-att-4", 5005, &e, NULL, NULL),
                     KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "assignment_id"));
    e.n = 0;
    assert_int_equal(kp_attendance_record(&w->sw, 0, "2021-09-07", rows, 1, "tok-att-5", 5006, &e, NULL, NULL),
                     KP_EDENIED);
    kp_errors_free(&e);

    /* Referrals and the month's statement. */
    kp_referrals r;
    assert_int_equal(kp_referrals_list(&w->prov, 0, true, &r), KP_OK);
    size_t mine = 0;
    for (size_t i = 0; i < r.n; i++)
        if (r.items[i].assignment_id == a1) {
            mine++;
            assert_int_equal(r.items[i].delivered, 1);
            assert_string_equal(r.items[i].municipality, "Bauskas novads");
        }
    assert_int_equal(mine, 1);
    kp_referrals_free(&r);
    assert_int_equal(kp_referrals_list(&w->sw, 0, true, &r), KP_EDENIED);
    kp_errors_init(&e);
    kp_statement st;
    assert_int_equal(kp_provider_statement(&w->prov, 0, "2021-09", 0, &e, &st), KP_OK);
    int64_t total = 0;
    for (size_t i = 0; i < st.n; i++) {
        assert_string_equal(st.items[i].municipality, "Bauskas novads");
        total += st.items[i].units;
    }
    assert_int_equal(total, 2);
    assert_string_equal(st.provider, "Dienas centrs “Saulstari”");
    kp_statement_free(&st);
    assert_int_equal(kp_provider_statement(&w->prov, 0, "2021-09", w->dobele, &e, &st), KP_OK);
    assert_int_equal(st.n, 0);
    kp_statement_free(&st);
    assert_int_equal(kp_provider_statement(&w->prov, 0, "09.2021", 0, &e, &st), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "month"));
    kp_errors_free(&e);
}

static void test_head_distribution(void **state)
{
    world *w = *state;
    kp_worker_loads loads;
    assert_int_equal(kp_caseload_by_worker(&w->head_ctx, 0, &loads), KP_OK);
    assert_int_equal(loads.n, 2);
    assert_string_equal(loads.items[0].username, "sw-bauska");
    int64_t mine = loads.items[0].clients;
    assert_true(mine >= 5);
    assert_int_equal(loads.items[1].clients, 0);
    kp_worker_loads_free(&loads);
    assert_int_equal(kp_caseload_by_worker(&w->sw, 0, &loads), KP_EDENIED);

    kp_cw_clients list;
    assert_int_equal(kp_caseload_clients(&w->head_ctx, 0, w->sw1, 2, 0, &list), KP_OK);
    assert_int_equal(list.n, 2);
    assert_int_equal((int64_t)list.total, mine);
    int64_t moving = list.items[0].id;
    kp_cw_clients_free(&list);

    char cid[24], to[24], far[24];
    snprintf(cid, sizeof cid, "%lld", (long long)moving);
    snprintf(to, sizeof to, "%lld", (long long)w->sw2);
    snprintf(far, sizeof far, "%lld", (long long)w->sw_dobele);
    kp_errors e;
    kp_errors_init(&e);
    /* Only to a worker of the same municipality. */
    assert_int_equal(kp_caseload_reassign(&w->head_ctx, cid, far, &e), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "worker_id"));
    e.n = 0;
    assert_int_equal(kp_caseload_reassign(&w->head_ctx, "abc", to, &e), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "client_id"));
    e.n = 0;
    assert_int_equal(kp_caseload_reassign(&w->sw, cid, to, &e), KP_EDENIED);
    assert_int_equal(kp_caseload_reassign(&w->head_ctx, cid, to, &e), KP_OK);
    kp_errors_free(&e);
    assert_int_equal(count(w, "SELECT COUNT(*) FROM audit WHERE action = 'reassign' AND actor = 'head-bauska'"), 1);
    assert_int_equal(kp_caseload_by_worker(&w->head_ctx, 0, &loads), KP_OK);
    assert_int_equal(loads.items[0].clients, mine - 1);
    assert_int_equal(loads.items[1].clients, 1);
    kp_worker_loads_free(&loads);
    /* The system registers without a worker: an unassigned client. */
    kp_client_in in = {.personal_code = "040404-10003", .given_name = "Dace", .family_name = "Dūja",
                       .birth_date = "1904-04-04", .municipality = BAUSKA, .target_group = "grt",
                       .registered_on = "2021-08-01"};
    kp_errors_init(&e);
    assert_int_equal(kp_cw_client_register(&w->sys, &in, NULL, 0, &e, NULL, NULL), KP_OK);
    kp_errors_free(&e);
    assert_int_equal(kp_caseload_by_worker(&w->head_ctx, 0, &loads), KP_OK);
    assert_int_equal(loads.unassigned, 1);
    kp_worker_loads_free(&loads);
    assert_int_equal(kp_caseload_clients(&w->head_ctx, 0, 0, 0, 0, &list), KP_OK);
    assert_int_equal(list.n, 1);
    assert_string_equal(list.items[0].family_name, "Dūja");
    kp_cw_clients_free(&list);
}

static void test_options_and_bad_arguments(void **state)
{
    world *w = *state;
    kp_options o;
    assert_int_equal(kp_cw_service_options(&w->sw, &o), KP_OK);
    assert_true(o.n >= 10);
    assert_string_equal(o.items[0].code, "day_care");
    assert_string_equal(o.items[0].name, "Dienas aprūpes centrs");
    kp_options_free(&o);
    assert_int_equal(kp_cw_municipality_options(&w->sw, &o), KP_OK);
    assert_int_equal(o.n, 1);
    assert_string_equal(o.items[0].code, BAUSKA);
    kp_options_free(&o);
    assert_int_equal(kp_cw_provider_options(&w->sw, "day_care", &o), KP_OK);
    assert_int_equal(o.n, 2);
    kp_options_free(&o);
    assert_int_equal(kp_cw_provider_options(&w->sw, "respite", &o), KP_OK);
    assert_int_equal(o.n, 0);
    kp_options_free(&o);
    assert_int_equal(kp_cw_target_group_options(&w->sw, &o), KP_OK);
    assert_true(o.n >= 3);
    kp_options_free(&o);

    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_cw_service_options(NULL, &o), KP_EINVAL);
    assert_int_equal(kp_cw_once(NULL, "t", 0, NULL, NULL, &e, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_cw_client_register(&w->sw, NULL, "t", 0, &e, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_cw_plan_save(&w->sw, NULL, "t", 0, &e, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_caseload_mine(NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_card_load(&w->sw, 0, NULL), KP_EINVAL);
    kp_card card;
    assert_int_equal(kp_card_load(&w->sw, -5, &card), KP_ENOTFOUND);
    assert_int_equal(kp_plan_diff_load(NULL, 0, 1, 2, NULL), KP_EINVAL);
    assert_int_equal(kp_deliveries_confirm(&w->sw, NULL, 3, NULL), KP_EINVAL);
    assert_int_equal(kp_attendance_record(&w->prov, 0, "2021-09-01", NULL, 2, NULL, 0, &e, NULL, NULL), KP_EINVAL);
    kp_cw_clients list;
    assert_int_equal(kp_caseload_clients(&w->head_ctx, 0, 0, 501, 0, &list), KP_EINVAL);
    assert_int_equal(kp_caseload_reassign(&w->head_ctx, NULL, NULL, &e), KP_EINVAL);
    assert_int_equal(kp_caseload_seed_demo(&w->sw, 10), KP_EDENIED);
    kp_errors_free(&e);
    /* Free functions accept NULL and empty lists. */
    kp_options_free(NULL);
    kp_caseload_free(NULL);
    kp_card_free(NULL);
    kp_statement_free(NULL);
}

/* Drafts: at most KP_DRAFTS_PER_USER per user (the oldest go), gone after
 * KP_DRAFT_MAX_AGE (on load, and for everyone on any save), capped in
 * size, and a draft of a client's form only for someone who may change
 * that client's records. */
static void test_drafts_capped_and_expiring(void **state)
{
    world *w = *state;
    const int64_t t0 = 1700000000;
    char form[16], *body = NULL;
    int64_t before_other = count(w, "SELECT COUNT(*) FROM form_draft WHERE user_id <> 0");
    (void)before_other;
    /* One more than the cap, a second apart: the first one is dropped. */
    for (int i = 1; i <= KP_DRAFTS_PER_USER + 1; i++) {
        snprintf(form, sizeof form, "f%d", i);
        assert_int_equal(kp_draft_save(&w->sw, form, "", "goals=x", t0 + i), KP_OK);
    }
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM form_draft WHERE user_id = %lld", (long long)w->sw1);
    assert_int_equal(count(w, sql), KP_DRAFTS_PER_USER);
    assert_int_equal(kp_draft_load(&w->sw, "f1", "", t0 + 100, &body), KP_ENOTFOUND);
    assert_int_equal(kp_draft_load(&w->sw, "f2", "", t0 + 100, &body), KP_OK);
    assert_string_equal(body, "goals=x");
    free(body);
    body = NULL;
    /* Saving an existing one again replaces it and keeps the count. */
    assert_int_equal(kp_draft_save(&w->sw, "f2", "", "goals=y", t0 + 200), KP_OK);
    assert_int_equal(count(w, sql), KP_DRAFTS_PER_USER);
    /* Another user's drafts are not counted against this one's. */
    assert_int_equal(kp_draft_save(&w->sw_d, "f1", "", "goals=z", t0 + 300), KP_OK);
    assert_int_equal(count(w, sql), KP_DRAFTS_PER_USER);
    /* Thirty days on: the load finds nothing and deletes it … */
    int64_t later = t0 + 200 + KP_DRAFT_MAX_AGE + 1;
    assert_int_equal(kp_draft_load(&w->sw, "f2", "", later, &body), KP_ENOTFOUND);
    assert_null(body);
    assert_int_equal(count(w, sql), KP_DRAFTS_PER_USER - 1);
    /* … and anyone's save clears every stale draft. */
    assert_int_equal(kp_draft_save(&w->sw_d, "f9", "", "goals=w", later + 200), KP_OK);
    assert_int_equal(count(w, sql), 0);
    assert_int_equal(count(w, "SELECT COUNT(*) FROM form_draft"), 1);
    /* Too big, and other people's clients. */
    char *big = malloc(KP_DRAFT_MAX + 2);
    memset(big, 'a', KP_DRAFT_MAX + 1);
    big[KP_DRAFT_MAX + 1] = '\0';
    assert_int_equal(kp_draft_save(&w->sw, "f3", "", big, later), KP_ETOOBIG);
    free(big);
    int64_t c = client(w, "010190-12349", "Dace", "Kalna", "1990-01-01");
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)c);
    assert_int_equal(kp_draft_save(&w->sw, "plan", key, "goals=x", later), KP_OK);
    assert_int_equal(kp_draft_save(&w->sw_d, "plan", key, "goals=x", later), KP_ENOTFOUND);
    assert_int_equal(kp_draft_save(&w->sw_d, "assessment", key, "round=1", later), KP_ENOTFOUND);
    assert_int_equal(kp_draft_save(&w->sw, "plan", "12x", "goals=x", later), KP_ENOTFOUND);
    assert_int_equal(kp_draft_save(&w->prov, "plan", key, "goals=x", later), KP_ENOTFOUND);
    assert_int_equal(kp_draft_load(&w->sw, "plan", key, later, &body), KP_OK);
    free(body);
}

/* Approving with a plan id checks the plan is the named client's. */
static void test_plan_approve_names_the_client(void **state)
{
    world *w = *state;
    int64_t a = client(w, "020290-12347", "Ilga", "Ozola", "1990-02-02");
    int64_t b = client(w, "030390-12345", "Māra", "Ozola", "1990-03-03");
    char bid[24];
    snprintf(bid, sizeof bid, "%lld", (long long)b);
    kp_errors e;
    kp_errors_init(&e);
    kp_cw_item_in items[] = {{.service = "day_care", .volume = "20", .start_date = "2021-09-01", .end_date = "2021-12-31"}};
    kp_cw_plan_in plan = {.client_id = bid, .goals = "Darbs", .review_on = "2022-03-01", .created_on = "2021-09-01",
                          .items = items, .n_items = 1};
    int64_t p = 0;
    assert_int_equal(kp_cw_plan_save(&w->sw, &plan, NULL, 0, &e, &p, NULL), KP_OK);
    assert_int_equal(kp_cw_plan_approve(&w->sw, a, p, "2021-09-02", "tok-cross-1", 4000, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(e.n, 0);
    assert_int_equal(kp_cw_plan_approve(&w->sw_d, b, p, "2021-09-02", "tok-cross-2", 4000, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(kp_cw_plan_approve(&w->sw, a, 999999, "2021-09-02", "tok-cross-3", 4000, &e, NULL), KP_ENOTFOUND);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM support_plan WHERE id = %lld AND status = 'draft'", (long long)p);
    assert_int_equal(count(w, sql), 1);
    assert_int_equal(kp_cw_plan_approve(&w->sw, b, p, "2021-09-02", "tok-cross-4", 4000, &e, NULL), KP_OK);
    assert_int_equal(count(w, sql), 0);
    kp_errors_free(&e);
}

static void test_seed_demo(void **state)
{
    world *w = *state;
    kp_errors e;
    kp_errors_init(&e);
    kp_client_in in = {.personal_code = "050505-10002", .given_name = "Edgars", .family_name = "Egle",
                       .birth_date = "1905-05-05", .municipality = DOBELE, .target_group = "grt",
                       .registered_on = "2021-08-01"};
    int64_t id = 0;
    assert_int_equal(kp_cw_client_register(&w->sys, &in, NULL, 0, &e, &id, NULL), KP_OK);
    kp_errors_free(&e);
    assert_int_equal(kp_caseload_seed_demo(&w->sys, 10), KP_OK);
    kp_param p[] = {KP_PINT(id)};
    int64_t worker = 0;
    kp_sql_int(w->f.db, "SELECT user_id FROM client_worker WHERE client_id = ?", p, 1, 0, &worker);
    assert_int_equal(worker, w->sw_dobele);
}

/* A request's access records wait in its batch and are all written by one
 * flush; inside a writing transaction a record goes in with it at once. */
static void test_access_batch(void **state)
{
    world *w = *state;
    assert_int_equal(kp_access_batch_flush(NULL), KP_EINVAL);
    assert_int_equal(kp_audit_access(NULL, "view", "client", 1, 1, ""), KP_EINVAL);
    assert_int_equal(kp_audit_access(&w->sw, NULL, "client", 1, 1, ""), KP_EINVAL);
    assert_int_equal(kp_access_batch_count(NULL), 0);
    kp_access_batch_free(NULL);
    kp_ctx c = w->sw;
    assert_int_equal(kp_access_batch_flush(&c), KP_OK); /* no batch: nothing to do */
    c.access_batch = kp_access_batch_new();
    int64_t before = count(w, "SELECT COUNT(*) FROM access_log WHERE actor = 'sw-bauska'");
    kp_client_query q = {.limit = 2};
    kp_client_rows rows;
    assert_int_equal(kp_client_search(&c, &q, &rows), KP_OK);
    assert_true(rows.n >= 1);
    size_t n = rows.n;
    kp_client_rows_free(&rows);
    assert_int_equal(kp_access_batch_count(c.access_batch), n);
    assert_int_equal(count(w, "SELECT COUNT(*) FROM access_log WHERE actor = 'sw-bauska'"), before);
    /* In a transaction that writes, the record joins it. */
    assert_int_equal(kp_store_begin_side(c.db), KP_OK);
    assert_int_equal(kp_audit_access(&c, "view", "client", 7, 7, "in tx"), KP_OK);
    assert_int_equal(kp_store_commit(c.db), KP_OK);
    assert_int_equal(kp_access_batch_count(c.access_batch), n);
    assert_int_equal(count(w, "SELECT COUNT(*) FROM access_log WHERE actor = 'sw-bauska'"), before + 1);
    assert_int_equal(kp_access_batch_flush(&c), KP_OK);
    assert_int_equal(kp_access_batch_count(c.access_batch), 0);
    assert_int_equal(count(w, "SELECT COUNT(*) FROM access_log WHERE actor = 'sw-bauska' AND action = 'list'"
                              " AND entity = 'client' AND role = 'social_worker' AND entity_id = client_id"),
                     count(w, "SELECT COUNT(*) FROM access_log WHERE actor = 'sw-bauska' AND action = 'list'"));
    assert_int_equal(count(w, "SELECT COUNT(*) FROM access_log WHERE actor = 'sw-bauska'"), before + 1 + (int64_t)n);
    kp_access_batch_free(c.access_batch);
}

/* The card's reads in one read transaction (issue 10), as the page holds
 * it: the reads inside go on after one of them fails, their access records
 * stay in the request's batch (a read transaction writes nothing), the end
 * leaves no transaction open, and an error ends it too and is passed on. */
static void test_card_reads_in_one_transaction(void **state)
{
    world *w = *state;
    assert_int_equal(kp_card_reads_begin(NULL), KP_EINVAL);
    assert_int_equal(kp_card_reads_end(NULL, KP_OK), KP_EINVAL);
    kp_ctx c = w->sw;
    c.access_batch = kp_access_batch_new();
    kp_client_query q = {.limit = 1};
    kp_client_rows rows;
    assert_int_equal(kp_client_search(&w->sw, &q, &rows), KP_OK);
    assert_int_equal(rows.n, 1);
    int64_t id = rows.items[0].id;
    kp_client_rows_free(&rows);
    int64_t views = count(w, "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND entity = 'client'");

    assert_int_equal(kp_card_reads_begin(&c), KP_OK);
    assert_false(kp_store_writing(c.db));
    kp_card card;
    assert_int_equal(kp_card_load(&c, 999999, &card), KP_ENOTFOUND);
    assert_int_equal(kp_card_load(&c, id, &card), KP_OK);
    assert_int_equal(card.client.id, id);
    kp_card_free(&card);
    assert_int_equal(kp_access_batch_count(c.access_batch), 1);
    assert_int_equal(kp_card_reads_end(&c, KP_OK), KP_OK);
    assert_int_equal(kp_store_commit(c.db), KP_ESTATE); /* nothing left open */
    assert_int_equal(count(w, "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND entity = 'client'"), views);
    assert_int_equal(kp_access_batch_flush(&c), KP_OK);
    assert_int_equal(count(w, "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND entity = 'client'"),
                     views + 1);

    /* An error ends it as well (rolled back), and comes back as it was. */
    assert_int_equal(kp_card_reads_begin(&c), KP_OK);
    assert_int_equal(kp_card_load(&c, 999999, &card), KP_ENOTFOUND);
    assert_int_equal(kp_card_reads_end(&c, KP_ENOTFOUND), KP_ENOTFOUND);
    assert_int_equal(kp_store_commit(c.db), KP_ESTATE);
    assert_int_equal(kp_store_rollback(c.db), KP_ESTATE);
    kp_access_batch_free(c.access_batch);
}

/* The client list keeps its sorted order with the connection (issue 10):
 * a client registered on the same connection shows at once, in its place,
 * and the page's rows are the whole rows of the order's page. */
static void test_kept_order_sees_changes(void **state)
{
    world *w = *state;
    kp_client_query q = {.limit = 500};
    kp_client_rows a, b;
    assert_int_equal(kp_client_search(&w->sw, &q, &a), KP_OK);
    assert_int_equal(kp_client_search(&w->sw, &q, &b), KP_OK); /* from the kept order */
    assert_int_equal(a.total, b.total);
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        assert_int_equal(a.items[i].id, b.items[i].id);
        assert_string_equal(a.items[i].family_name, b.items[i].family_name);
    }
    kp_client_rows_free(&b);
    kp_errors e;
    kp_errors_init(&e);
    /* "Aaaberga" sorts before every demo name. */
    kp_client_in in = {.personal_code = "070707-10000", .given_name = "Anna", .family_name = "Aaaberga",
                       .birth_date = "1907-07-07", .municipality = BAUSKA, .target_group = "grt",
                       .registered_on = "2021-08-01"};
    int64_t id = 0;
    assert_int_equal(kp_cw_client_register(&w->sys, &in, NULL, 0, &e, &id, NULL), KP_OK);
    kp_errors_free(&e);
    assert_int_equal(kp_client_search(&w->sw, &q, &b), KP_OK);
    assert_int_equal(b.total, a.total + 1);
    assert_int_equal(b.items[0].id, id);
    assert_string_equal(b.items[0].family_name, "Aaaberga");
    assert_string_equal(b.items[0].birth_date, "1907-07-07");
    assert_string_equal(b.items[0].code_masked, "070707-*****");
    /* The group filter on a kept order: only that group, in order. */
    kp_client_query g = {.limit = 500, .target_group = "grt"};
    kp_client_rows c;
    assert_int_equal(kp_client_search(&w->sw, &g, &c), KP_OK);
    assert_true(c.total >= 1 && c.total <= b.total);
    for (size_t i = 0; i < c.n; i++)
        assert_string_equal(c.items[i].target_group, "grt");
    assert_int_equal(c.items[0].id, id);
    kp_client_rows_free(&c);
    kp_client_rows_free(&a);
    kp_client_rows_free(&b);
}

/* The kept order is everyone's whatever group the search that made it
 * asked for: a group's page first, then the whole list on the same
 * connection with the records unchanged, lists every client (a bug kept
 * the group's order as everyone's). */
static void test_kept_order_made_by_a_group_search(void **state)
{
    world *w = *state;
    kp_ctx c = w->sw;
    /* Reads recorded in a batch, so that the searches change nothing and
     * the second one finds the order the first one kept. */
    c.access_batch = kp_access_batch_new();
    kp_client_query all = {.limit = 500}, ft = {.limit = 500, .target_group = "ft"};
    kp_client_rows fresh, group, after;
    /* A change: whatever order was kept before is stale. */
    assert_int_equal(kp_audit(&w->sys, "test", "kept_order", 0, 0, ""), KP_OK);
    assert_int_equal(kp_client_search(&c, &all, &fresh), KP_OK);
    /* Bauska has clients of group grt (Aaaberga, registered above). */
    assert_true(fresh.total >= 1);
    assert_int_equal(kp_audit(&w->sys, "test", "kept_order", 0, 0, ""), KP_OK);
    assert_int_equal(kp_client_search(&c, &ft, &group), KP_OK); /* makes and keeps the order */
    for (size_t i = 0; i < group.n; i++)
        assert_string_equal(group.items[i].target_group, "ft");
    assert_true(group.total < fresh.total);
    assert_int_equal(kp_client_search(&c, &all, &after), KP_OK); /* from the kept order */
    assert_int_equal(after.total, fresh.total);
    assert_int_equal(after.n, fresh.n);
    for (size_t i = 0; i < after.n; i++)
        assert_int_equal(after.items[i].id, fresh.items[i].id);
    kp_client_rows_free(&fresh);
    kp_client_rows_free(&group);
    kp_client_rows_free(&after);
    assert_int_equal(kp_access_batch_flush(&c), KP_OK);
    kp_access_batch_free(c.access_batch);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_register_once_and_mine),
        cmocka_unit_test(test_caseload_due),
        cmocka_unit_test(test_respite_refusal_keeps_token),
        cmocka_unit_test(test_plan_form_and_diff),
        cmocka_unit_test(test_access_batch),
        cmocka_unit_test(test_card_assessment_and_provider_view),
        cmocka_unit_test(test_card_reads_in_one_transaction),
        cmocka_unit_test(test_attendance_all_or_nothing),
        cmocka_unit_test(test_head_distribution),
        cmocka_unit_test(test_options_and_bad_arguments),
        cmocka_unit_test(test_drafts_capped_and_expiring),
        cmocka_unit_test(test_plan_approve_names_the_client),
        cmocka_unit_test(test_seed_demo),
        /* Last: its worker would change the head's distribution. */
        cmocka_unit_test(test_caseload_sorts_kept_and_renewed),
        cmocka_unit_test(test_caseload_view_pages_and_audits_shown),
        /* Last: it adds a client of Bauska, which others count. */
        cmocka_unit_test(test_kept_order_sees_changes),
        cmocka_unit_test(test_kept_order_made_by_a_group_search),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
