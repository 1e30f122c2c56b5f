/* The contact log and tasks of a client, and the masked personal code:
 * scope (the municipality's staff only; the same answer for unknown and
 * foreign clients), every write in the client's history, every read in the
 * access log, bad input named by field, and a task's "done" written once.
 *
 * The world, on 15 June 2022: Ilze Ozola (code 161175-19997) and Jānis
 * Kalns of Jelgavas valstspilsēta (0003000); Anna Lapa of Dobeles novads
 * (0028000); staff sw-j and head-j of Jelgava, sw-d of Dobele; a disabled
 * Jelgava worker old-j. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "service/accounts/accounts.h"
#include "service/casework/cases.h"
#include "service/casework/contacts.h"
#include "service/sql.h"
#include "service/transfer/catalogue.h"
#include "store/keyring.h"

typedef struct world {
    kp_store *db;
    kp_keyring keys;
    kp_ctx sys, sw_j, head_j, sw_d, provider, region;
    char path[512];
    int64_t ilze, janis, anna;
} world;

static world w;

static int64_t one_int(const char *sql, int64_t a)
{
    int64_t v = -1;
    kp_param p[] = {KP_PINT(a)};
    assert_int_equal(kp_sql_int(w.db, sql, p, 1, -1, &v), KP_OK);
    return v;
}

static kp_ctx as(kp_role role, const char *actor, const char *atvk)
{
    kp_ctx c = w.sys;
    c.role = role;
    c.actor = actor;
    if (atvk) {
        kp_param p[] = {KP_PTEXT(atvk)};
        kp_sql_int(w.db, "SELECT id FROM municipality WHERE atvk = ? AND valid_to IS NULL", p, 1, 0, &c.municipality_id);
    }
    return c;
}

static int setup(void **state)
{
    char err[256], key[600];
    memset(&w, 0, sizeof w);
    kp_password_fast_for_tests(true);
    snprintf(w.path, sizeof w.path, "%s/contacts-%d.db", KOPA_TEST_TMP, (int)getpid());
    snprintf(key, sizeof key, "%s.key", w.path);
    kp_store_remove(w.path);
    unlink(key);
    if (kp_store_open(w.path, &w.db, err, sizeof err) || kp_keyring_create(key, err, sizeof err) ||
        kp_keyring_load(key, &w.keys, err, sizeof err)) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    w.sys = (kp_ctx){.db = w.db, .keys = &w.keys, .role = KP_ROLE_SYSTEM, .actor = "test", .lang = "en"};
    snprintf(w.sys.now, sizeof w.sys.now, "2022-06-15T10:00:00Z");
    kp_errors e;
    kp_errors_init(&e);
    kp_rc rc = kp_catalogue_load(&w.sys, KOPA_DEFAULT_DATA_DIR, &e);
    static const struct {
        const char *name, *role, *muni;
    } U[] = {{"sw-j", "social_worker", "0003000"},
             {"head-j", "municipal_head", "0003000"},
             {"sw-d", "social_worker", "0028000"},
             {"old-j", "social_worker", "0003000"}};
    for (size_t i = 0; i < 4 && !rc; i++) {
        kp_user_in u = {.username = U[i].name, .password = "contacts-pass-123", .role = U[i].role,
                        .municipality = U[i].muni};
        rc = kp_user_add(&w.sys, &u, &e, NULL);
    }
    if (!rc)
        rc = kp_sql_exec(w.db, "UPDATE app_user SET disabled = 1 WHERE username = 'old-j'", NULL, 0);
    kp_client_in a = {.personal_code = "161175-19997", .given_name = "Ilze", .family_name = "Ozola",
                      .birth_date = "1975-11-16", .municipality = "0003000", .target_group = "grt",
                      .disability_group = "2", .registered_on = "2022-01-10"};
    kp_client_in b = {.personal_code = "320000-00008", .given_name = "Jānis", .family_name = "Kalns",
                      .birth_date = "1980-01-01", .municipality = "0003000", .target_group = "grt",
                      .disability_group = "1", .registered_on = "2022-01-10"};
    kp_client_in c = {.personal_code = "010180-10000", .given_name = "Anna", .family_name = "Lapa",
                      .birth_date = "1980-01-01", .municipality = "0028000", .target_group = "grt",
                      .disability_group = "1", .registered_on = "2022-01-10"};
    if (!rc)
        rc = kp_client_register(&w.sys, &a, &e, &w.ilze);
    if (!rc)
        rc = kp_client_register(&w.sys, &b, &e, &w.janis);
    if (!rc)
        rc = kp_client_register(&w.sys, &c, &e, &w.anna);
    for (size_t i = 0; i < e.n; i++)
        fprintf(stderr, "setup: %s: %s\n", e.items[i].field, e.items[i].message);
    kp_errors_free(&e);
    w.sw_j = as(KP_ROLE_SOCIAL_WORKER, "sw-j", "0003000");
    w.head_j = as(KP_ROLE_MUNICIPAL_HEAD, "head-j", "0003000");
    w.sw_d = as(KP_ROLE_SOCIAL_WORKER, "sw-d", "0028000");
    w.provider = as(KP_ROLE_PROVIDER, "prov", NULL);
    w.provider.provider_id = 1;
    w.region = as(KP_ROLE_REGION, "region-zpr", NULL);
    snprintf(w.region.region, sizeof w.region.region, "ZPR");
    *state = &w;
    return rc ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    char key[600];
    snprintf(key, sizeof key, "%s.key", w.path);
    kp_store_close(w.db);
    kp_keyring_wipe(&w.keys);
    kp_store_remove(w.path);
    unlink(key);
    return 0;
}

static void test_mask(void **state)
{
    (void)state;
    char out[13];
    kp_personal_code_mask("161175-19997", out, sizeof out);
    assert_string_equal(out, "161175-*****");
    kp_personal_code_mask("32000000008", out, sizeof out);
    assert_string_equal(out, "320000-*****");
    static const char *const BAD[] = {"", "16117-519997", "161175-1999", "161175-199977", "161175-1999x",
                                      "1611751999-7", "abc"};
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        memcpy(out, "xxxxxxxxxxxx", 13);
        kp_personal_code_mask(BAD[i], out, sizeof out);
        assert_string_equal(out, "");
    }
    kp_personal_code_mask(NULL, out, sizeof out);
    assert_string_equal(out, "");
    char small[12] = "x";
    kp_personal_code_mask("161175-19997", small, sizeof small);
    assert_string_equal(small, ""); /* too small for the mask: nothing */
    kp_personal_code_mask("161175-19997", NULL, 13);

    /* On the card: the stored code, masked; another municipality's worker
     * and the region do not learn it. */
    assert_int_equal(kp_client_code_masked(&w.sw_j, w.ilze, out, sizeof out), KP_OK);
    assert_string_equal(out, "161175-*****");
    assert_int_equal(kp_client_code_masked(&w.sw_d, w.ilze, out, sizeof out), KP_ENOTFOUND);
    assert_string_equal(out, "");
    assert_int_equal(kp_client_code_masked(&w.region, w.ilze, out, sizeof out), KP_ENOTFOUND);
    assert_int_equal(kp_client_code_masked(&w.sw_j, 999999, out, sizeof out), KP_ENOTFOUND);
    assert_int_equal(kp_client_code_masked(NULL, w.ilze, out, sizeof out), KP_EINVAL);
    assert_int_equal(kp_client_code_masked(&w.sw_j, w.ilze, out, 12), KP_EINVAL);
}

static void test_contacts(void **state)
{
    (void)state;
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0;
    kp_contact_in visit = {.kind = "visit", .contact_on = "2022-06-14", .note = "Mājas vizīte.\nViss kārtībā."};
    assert_int_equal(kp_contact_add(&w.sw_j, w.ilze, &visit, &e, &id), KP_OK);
    assert_true(id > 0);
    kp_contact_in call = {.kind = "call", .contact_on = "2022-06-15", .note = "Zvans mātei."};
    assert_int_equal(kp_contact_add(&w.head_j, w.ilze, &call, &e, NULL), KP_OK);
    assert_int_equal(e.n, 0);
    /* In the client's history, with the fields it recorded. */
    assert_int_equal(one_int("SELECT COUNT(*) FROM audit WHERE action = 'add_contact' AND entity = 'client_contact'"
                             " AND client_id = ? AND effective_on = '2022-06-14' AND changes LIKE '%\"visit\"%'",
                             w.ilze),
                     1);

    /* Bad input, each named; nothing written. */
    kp_contact_in bad = {.kind = "email", .contact_on = "2022-06-16", .note = ""};
    assert_int_equal(kp_contact_add(&w.sw_j, w.ilze, &bad, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "kind"));
    assert_non_null(strstr(kp_errors_for(&e, "contact_on"), "future"));
    assert_non_null(kp_errors_for(&e, "note"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    kp_contact_in baddate = {.kind = "letter", .contact_on = "15.06.2022", .note = "x"};
    assert_int_equal(kp_contact_add(&w.sw_j, w.ilze, &baddate, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "contact_on"));
    assert_int_equal(one_int("SELECT COUNT(*) FROM client_contact WHERE client_id = ?", w.ilze), 2);

    /* Scope: Dobele's worker, a provider and the region get "unknown",
     * with no message that would tell them more. */
    size_t before = e.n;
    assert_int_equal(kp_contact_add(&w.sw_d, w.ilze, &call, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(kp_contact_add(&w.provider, w.ilze, &call, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(kp_contact_add(&w.region, w.ilze, &bad, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(kp_contact_add(&w.sw_j, 999999, &bad, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(e.n, before);
    kp_contacts l;
    assert_int_equal(kp_contact_list(&w.sw_d, w.ilze, 10, &l), KP_ENOTFOUND);
    assert_int_equal(l.n, 0);

    /* The list: newest first, limited, counted, access-logged. */
    int64_t seen = one_int("SELECT COUNT(*) FROM access_log WHERE action = 'view' AND entity = 'client_contacts'"
                           " AND client_id = ?",
                           w.ilze);
    assert_int_equal(kp_contact_list(&w.sw_j, w.ilze, 1, &l), KP_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.total, 2);
    assert_string_equal(l.items[0].kind, "call");
    assert_string_equal(l.items[0].contact_on, "2022-06-15");
    assert_string_equal(l.items[0].note, "Zvans mātei.");
    assert_string_equal(l.items[0].recorded_by, "head-j");
    kp_contacts_free(&l);
    /* As many as the limit: all shown, and counted. */
    assert_int_equal(kp_contact_list(&w.sw_j, w.ilze, 2, &l), KP_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.total, 2);
    kp_contacts_free(&l);
    assert_int_equal(kp_contact_list(&w.sw_j, w.ilze, 10, &l), KP_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.total, 2);
    assert_string_equal(l.items[1].note, "Mājas vizīte.\nViss kārtībā.");
    kp_contacts_free(&l);
    assert_int_equal(one_int("SELECT COUNT(*) FROM access_log WHERE action = 'view' AND entity = 'client_contacts'"
                             " AND client_id = ?",
                             w.ilze),
                     seen + 3);
    assert_string_equal(kp_contact_kind_label(&w.sw_j, "meeting"), "meeting");
    kp_ctx lv = w.sw_j;
    lv.lang = "lv";
    assert_string_equal(kp_contact_kind_label(&lv, "visit"), "apmeklējums");
    assert_string_equal(kp_contact_kind_label(&lv, "odd"), "odd");

    /* Bad arguments. */
    assert_int_equal(kp_contact_add(NULL, w.ilze, &call, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_contact_add(&w.sw_j, w.ilze, NULL, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_contact_add(&w.sw_j, w.ilze, &call, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_contact_list(&w.sw_j, w.ilze, 0, &l), KP_EINVAL);
    assert_int_equal(kp_contact_list(&w.sw_j, w.ilze, 501, &l), KP_EINVAL);
    assert_int_equal(kp_contact_list(&w.sw_j, w.ilze, 10, NULL), KP_EINVAL);
    kp_contacts_free(NULL);
    kp_errors_free(&e);
}

static void test_tasks(void **state)
{
    (void)state;
    kp_errors e;
    kp_errors_init(&e);
    int64_t t1 = 0, t2 = 0, t3 = 0;
    /* For oneself (no name given), for the head, and overdue. */
    kp_task_in a = {.what = "Pārskatīt plānu", .due_on = "2022-06-20"};
    kp_task_in b = {.what = "Parakstīt lēmumu", .due_on = "2022-06-16", .assigned_to = "head-j"};
    kp_task_in c = {.what = "Piezvanīt ģimenei", .due_on = "2022-06-01", .assigned_to = "sw-j"};
    assert_int_equal(kp_task_add(&w.sw_j, w.ilze, &a, &e, &t1), KP_OK);
    assert_int_equal(kp_task_add(&w.sw_j, w.ilze, &b, &e, &t2), KP_OK);
    assert_int_equal(kp_task_add(&w.head_j, w.janis, &c, &e, &t3), KP_OK);
    assert_int_equal(e.n, 0);
    assert_int_equal(one_int("SELECT COUNT(*) FROM audit WHERE action = 'add_task' AND entity = 'client_task'"
                             " AND entity_id = ? AND changes LIKE '%\"sw-j\"%'",
                             t1),
                     1);

    /* Not for someone of another municipality, a disabled account or nobody. */
    static const char *const NOT_STAFF[] = {"sw-d", "old-j", "nobody"};
    for (size_t i = 0; i < 3; i++) {
        kp_task_in x = {.what = "x", .due_on = "2022-06-20", .assigned_to = NOT_STAFF[i]};
        assert_int_equal(kp_task_add(&w.sw_j, w.ilze, &x, &e, NULL), KP_EINVAL);
        assert_non_null(kp_errors_for(&e, "assigned_to"));
        kp_errors_free(&e);
        kp_errors_init(&e);
    }
    kp_task_in bad = {.what = "", .due_on = "2022-02-30"};
    assert_int_equal(kp_task_add(&w.sw_j, w.ilze, &bad, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "what"));
    assert_non_null(kp_errors_for(&e, "due_on"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(one_int("SELECT COUNT(*) FROM client_task WHERE ?1 = ?1", 0), 3);
    assert_int_equal(kp_task_add(&w.sw_d, w.ilze, &a, &e, NULL), KP_ENOTFOUND);

    /* The card's list: open by due date, then done. */
    kp_tasks l;
    assert_int_equal(kp_task_list(&w.sw_j, w.ilze, 10, &l), KP_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.open, 2);
    assert_int_equal(l.overdue, 0);
    assert_int_equal(l.items[0].id, t2); /* 16 June before 20 June */
    assert_string_equal(l.items[0].assigned_to, "head-j");
    assert_string_equal(l.items[0].created_by, "sw-j");
    kp_tasks_free(&l);

    /* The worker's start page: own open tasks over all clients, overdue first. */
    assert_int_equal(kp_task_list_mine(&w.sw_j, 1, &l), KP_OK);
    assert_int_equal(l.open, 2);     /* t1 (Ilze) and t3 (Jānis) */
    assert_int_equal(l.overdue, 1);  /* t3 was due on 1 June */
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].id, t3);
    assert_true(l.items[0].overdue);
    assert_string_equal(l.items[0].client_name, "Jānis Kalns");
    kp_tasks_free(&l);
    assert_int_equal(one_int("SELECT COUNT(*) FROM access_log WHERE action = 'list' AND client_id = ?"
                             " AND detail = 'tasks'",
                             w.janis),
                     1);
    assert_int_equal(kp_task_list_mine(&w.sw_d, 5, &l), KP_OK);
    assert_int_equal(l.open, 0);
    kp_tasks_free(&l);
    assert_int_equal(kp_task_list_mine(&w.provider, 5, &l), KP_EDENIED);
    assert_int_equal(kp_task_list_mine(&w.sw_j, 0, &l), KP_EINVAL);
    assert_int_equal(kp_task_list_mine(&w.sw_j, 101, &l), KP_EINVAL);

    /* Done once: the second time says when; another client's task is unknown. */
    assert_int_equal(kp_task_done(&w.sw_j, w.janis, t1, &e), KP_ENOTFOUND);
    assert_int_equal(kp_task_done(&w.sw_d, w.ilze, t1, &e), KP_ENOTFOUND);
    assert_int_equal(kp_task_done(&w.sw_j, w.ilze, t1, &e), KP_OK);
    assert_int_equal(kp_task_done(&w.sw_j, w.ilze, t1, &e), KP_EINVAL);
    assert_non_null(strstr(kp_errors_for(&e, "task"), "2022-06-15"));
    assert_int_equal(one_int("SELECT COUNT(*) FROM audit WHERE action = 'task_done' AND entity_id = ?", t1), 1);
    assert_int_equal(kp_task_list(&w.sw_j, w.ilze, 10, &l), KP_OK);
    assert_int_equal(l.open, 1);
    assert_int_equal(l.items[1].id, t1);
    assert_string_equal(l.items[1].done_on, "2022-06-15");
    assert_string_equal(l.items[1].done_by, "sw-j");
    kp_tasks_free(&l);

    assert_int_equal(kp_task_add(NULL, w.ilze, &a, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_task_add(&w.sw_j, w.ilze, NULL, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_task_done(&w.sw_j, w.ilze, t1, NULL), KP_EINVAL);
    assert_int_equal(kp_task_list(&w.sw_j, w.ilze, 0, &l), KP_EINVAL);
    assert_int_equal(kp_task_list(NULL, w.ilze, 5, &l), KP_EINVAL);
    kp_tasks_free(NULL);
    kp_errors_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_contacts),
        cmocka_unit_test(test_tasks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
