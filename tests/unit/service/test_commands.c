/* The command table (commands.h): bad arguments, the warnings it asks to
 * confirm (worked out by hand from the records made here), and the rule
 * check inside the write transaction — two respite grants of 20 days sent
 * at the same moment from two connections to one database, with a limit of
 * 30 days a year (data/service_rules.csv), must give exactly one grant. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_db.h"
#include "service/accounts/accounts.h"
#include "service/casework/casework.h"
#include "service/casework/commands.h"
#include "service/transfer/catalogue.h"
#include "store/keyring.h"
#include "store/store.h"

#define BAUSKA "0025000"

static char g_db[512];
static int64_t g_client;

static kp_ctx system_ctx(kp_store *st, kp_keyring *keys)
{
    kp_ctx ctx = {.db = st, .keys = keys, .role = KP_ROLE_SYSTEM, .actor = "test", .lang = "lv"};
    snprintf(ctx.now, sizeof ctx.now, "2022-06-15T10:00:00Z");
    return ctx;
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_db, sizeof g_db, "%s/test_commands.db", KOPA_TEST_TMP);
    check_db_remove(g_db);
    char *kpath = kp_keyring_path_for(g_db);
    char err[512];
    kp_keyring keys;
    kp_store *st = NULL;
    kp_rc rc = kp_keyring_create(kpath, err, sizeof err);
    if (!rc)
        rc = kp_keyring_load(kpath, &keys, err, sizeof err);
    free(kpath);
    if (!rc)
        rc = kp_store_open(g_db, &st, err, sizeof err);
    if (rc) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    kp_ctx ctx = system_ctx(st, &keys);
    kp_errors e;
    kp_errors_init(&e);
    rc = kp_catalogue_load(&ctx, kp_catalogue_dir(), &e);
    kp_client_in a = {.personal_code = "121282-11210", .given_name = "Ilze", .family_name = "Ozola",
                      .birth_date = "1982-12-12", .municipality = BAUSKA, .target_group = "grt",
                      .disability_group = "2", .registered_on = "2022-01-10"};
    if (!rc)
        rc = kp_client_register(&ctx, &a, &e, &g_client);
    for (size_t i = 0; i < e.n; i++)
        fprintf(stderr, "setup: %s: %s\n", e.items[i].field, e.items[i].message);
    kp_errors_free(&e);
    kp_store_close(st);
    kp_keyring_wipe(&keys);
    return rc ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    check_db_remove(g_db);
    return 0;
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_store *st = NULL;
    char err[256];
    assert_int_equal(kp_store_open(g_db, &st, err, sizeof err), KP_OK);
    kp_ctx ctx = system_ctx(st, NULL);
    kp_errors e;
    kp_errors_init(&e);
    kp_cmd_approve ap = {.plan_id = 1};
    kp_cmd_out out = {.id = 77};
    assert_int_equal(kp_cmd_run(NULL, KP_CMD_APPROVE_PLAN, &ap, sizeof ap, NULL, 0, &e, NULL, &out), KP_EINVAL);
    assert_int_equal(out.id, 0); /* cleared even on a refusal */
    assert_int_equal(kp_cmd_run(&ctx, KP_CMD_APPROVE_PLAN, NULL, sizeof ap, NULL, 0, &e, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_cmd_run(&ctx, KP_CMD_APPROVE_PLAN, &ap, sizeof ap, NULL, 0, NULL, NULL, NULL), KP_EINVAL);
    /* The typed input must be that command's: a kp_cmd_approve is not a
     * kp_cmd_assign. */
    assert_int_equal(kp_cmd_run(&ctx, KP_CMD_ASSIGN_SERVICE, &ap, sizeof ap, NULL, 0, &e, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_cmd_run(&ctx, KP_CMD_COUNT, &ap, sizeof ap, NULL, 0, &e, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_cmd_run(&ctx, (kp_cmd_id)-1, &ap, sizeof ap, NULL, 0, &e, NULL, NULL), KP_EINVAL);
    assert_null(kp_cmd_find(KP_CMD_COUNT));
    assert_string_equal(kp_cmd_find(KP_CMD_REGISTER_CLIENT)->name, "register_client");
    assert_string_equal(kp_cmd_find(KP_CMD_ASSIGN_SERVICE)->name, "assign_service");
    assert_string_equal(kp_cmd_find(KP_CMD_APPROVE_PLAN)->name, "approve_plan");
    /* An unknown plan answers as one outside the scope. */
    kp_cmd_approve none = {.plan_id = 999999, .approved_on = "2022-06-15"};
    assert_int_equal(kp_cmd_run(&ctx, KP_CMD_APPROVE_PLAN, &none, sizeof none, NULL, 0, &e, NULL, NULL), KP_ENOTFOUND);
    assert_int_equal(e.n, 0);
    /* kp_assignment_warnings and kp_cw_provider_choices. */
    assert_int_equal(kp_assignment_warnings(NULL, g_client, &e), KP_EINVAL);
    assert_int_equal(kp_assignment_warnings(&ctx, g_client, NULL), KP_EINVAL);
    assert_int_equal(kp_assignment_warnings(&ctx, 0, &e), KP_EINVAL);
    assert_int_equal(kp_assignment_warnings(&ctx, 999999, &e), KP_ENOTFOUND);
    kp_provider_choices pc;
    assert_int_equal(kp_cw_provider_choices(&ctx, g_client, NULL, NULL, NULL, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_cw_provider_choices(NULL, g_client, NULL, NULL, NULL, NULL, &pc), KP_EINVAL);
    assert_int_equal(kp_cw_provider_choices(&ctx, g_client, NULL, "2022-13-01", NULL, NULL, &pc), KP_EINVAL);
    assert_int_equal(kp_cw_provider_choices(&ctx, 999999, NULL, NULL, NULL, NULL, &pc), KP_ENOTFOUND);
    assert_int_equal(pc.n, 0);
    kp_errors_free(&e);
    kp_store_close(st);
}

/* kp_user_act_as (the command line's --as): the context of the named
 * account, for the system role only; the command then runs in its scope. */
static void test_act_as(void **state)
{
    (void)state;
    kp_store *st = NULL;
    char err[256];
    assert_int_equal(kp_store_open(g_db, &st, err, sizeof err), KP_OK);
    kp_ctx sys = system_ctx(st, NULL);
    kp_password_fast_for_tests(true);
    char pw[24];
    kp_password_random(pw, sizeof pw);
    kp_errors e;
    kp_errors_init(&e);
    kp_user_in b = {.username = "sw-b", .password = pw, .role = "social_worker", .municipality = BAUSKA};
    kp_user_in d = {.username = "sw-d", .password = pw, .role = "social_worker", .municipality = "0028000"};
    kp_user_in x = {.username = "sw-x", .password = pw, .role = "social_worker", .municipality = BAUSKA};
    int64_t bid = 0;
    assert_int_equal(kp_user_add(&sys, &b, &e, &bid), KP_OK);
    assert_int_equal(kp_user_add(&sys, &d, &e, NULL), KP_OK);
    assert_int_equal(kp_user_add(&sys, &x, &e, NULL), KP_OK);
    assert_int_equal(kp_user_set_disabled(&sys, "sw-x", true), KP_OK);
    kp_user u;
    kp_ctx c = system_ctx(st, NULL);
    assert_int_equal(kp_user_act_as(NULL, "sw-b", &u), KP_EINVAL);
    assert_int_equal(kp_user_act_as(&c, NULL, &u), KP_EINVAL);
    assert_int_equal(kp_user_act_as(&c, "sw-b", NULL), KP_EINVAL);
    assert_int_equal(kp_user_act_as(&c, "nobody", &u), KP_ENOTFOUND);
    assert_int_equal(kp_user_act_as(&c, "sw-x", &u), KP_EDENIED);
    assert_int_equal(c.role, KP_ROLE_SYSTEM); /* untouched on a refusal */
    assert_int_equal(kp_user_act_as(&c, "sw-b", &u), KP_OK);
    assert_int_equal(c.role, KP_ROLE_SOCIAL_WORKER);
    assert_int_equal(c.user_id, bid);
    assert_string_equal(c.actor, "sw-b");
    assert_true(c.municipality_id > 0);
    /* Only the operator may become somebody: sw-b may not become sw-d. */
    assert_int_equal(kp_user_act_as(&c, "sw-d", &u), KP_EDENIED);
    assert_int_equal(c.user_id, bid);
    /* In sw-d's scope (Dobele) the Bauska client is unknown. */
    kp_user ud;
    kp_ctx cd = system_ctx(st, NULL);
    assert_int_equal(kp_user_act_as(&cd, "sw-d", &ud), KP_OK);
    kp_cmd_assign in = {.assignment = {.client_id = "", .service = "day_care", .start_date = "2022-07-01",
                                       .end_date = "2022-07-31", .units = "10", .decided_on = "2022-06-15"},
                        .confirmed = true};
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)g_client);
    in.assignment.client_id = id;
    kp_errors w;
    kp_errors_init(&w);
    assert_int_equal(kp_cmd_run(&cd, KP_CMD_ASSIGN_SERVICE, &in, sizeof in, NULL, 0, &e, &w, NULL), KP_ENOTFOUND);
    assert_int_equal(w.n, 0); /* not even the warnings show */
    kp_errors_free(&w);
    kp_errors_free(&e);
    kp_store_close(st);
}

static void test_warnings_then_confirmed(void **state)
{
    (void)state;
    kp_store *st = NULL;
    char err[256];
    assert_int_equal(kp_store_open(g_db, &st, err, sizeof err), KP_OK);
    kp_ctx ctx = system_ctx(st, NULL);
    kp_errors e, w;
    kp_errors_init(&e);
    kp_errors_init(&w);
    /* Ilze has no assessment and no plan: two warnings, in that order. */
    assert_int_equal(kp_assignment_warnings(&ctx, g_client, &w), KP_OK);
    assert_int_equal(w.n, 2);
    assert_string_equal(w.items[0].field, "assessment");
    assert_string_equal(w.items[1].field, "plan");
    w.n = 0;
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)g_client);
    kp_cmd_assign in = {.assignment = {.client_id = cid, .service = "day_care", .start_date = "2022-07-01",
                                       .end_date = "2022-07-31", .units = "20", .decided_on = "2022-06-15"}};
    kp_cmd_out out;
    int64_t before = check_db_int(g_db, "SELECT COUNT(*) FROM assignment");
    assert_int_equal(kp_cmd_run(&ctx, KP_CMD_ASSIGN_SERVICE, &in, sizeof in, NULL, 0, &e, &w, &out), KP_ECONFLICT);
    assert_true(out.needs_confirm);
    assert_int_equal(out.id, 0);
    assert_int_equal(w.n, 2);
    assert_int_equal(e.n, 0);
    assert_int_equal(check_db_int(g_db, "SELECT COUNT(*) FROM assignment"), before); /* nothing written */
    w.n = 0;
    in.confirmed = true;
    assert_int_equal(kp_cmd_run(&ctx, KP_CMD_ASSIGN_SERVICE, &in, sizeof in, NULL, 0, &e, &w, &out), KP_OK);
    assert_false(out.needs_confirm);
    assert_true(out.id > 0);
    assert_int_equal(w.n, 2); /* still reported with the record */
    assert_int_equal(check_db_int(g_db, "SELECT COUNT(*) FROM assignment"), before + 1);
    /* A field error comes first; the warnings come along. */
    w.n = 0;
    in.assignment.units = "0";
    assert_int_equal(kp_cmd_run(&ctx, KP_CMD_ASSIGN_SERVICE, &in, sizeof in, NULL, 0, &e, &w, &out), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "units"));
    assert_false(out.needs_confirm);
    /* With an assessment and a plan approved (imported, as before the
     * review-date rule) without a review date: that one warning alone. */
    char cid2[24];
    snprintf(cid2, sizeof cid2, "%lld", (long long)g_client);
    kp_assessment_in as = {.client_id = cid2, .round = "1", .assessed_on = "2022-02-01", .place = "family",
                           .assessor = "Eksperte", .needs = "day_care"};
    assert_int_equal(kp_assessment_record(&ctx, &as, &e, NULL), KP_OK);
    kp_plan_in plan = {.client_id = cid2, .status = "approved", .created_on = "2022-03-01",
                       .approved_on = "2022-03-02"};
    assert_int_equal(kp_plan_create(&ctx, &plan, &e, NULL), KP_OK);
    w.n = 0;
    assert_int_equal(kp_assignment_warnings(&ctx, g_client, &w), KP_OK);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.items[0].field, "review_on");
    kp_errors_free(&e);
    kp_errors_free(&w);
    kp_store_close(st);
}

/* ---- two grants at once ---------------------------------------------------- */

typedef struct grant {
    pthread_barrier_t *go;
    const char *year;
    kp_rc rc;
    char err[320];
} grant;

static void *grant_respite(void *arg)
{
    grant *g = arg;
    kp_store *st = NULL;
    char err[256];
    g->rc = kp_store_open(g_db, &st, err, sizeof err);
    kp_ctx ctx = system_ctx(st, NULL);
    char cid[24], start[11], end[11];
    snprintf(cid, sizeof cid, "%lld", (long long)g_client);
    snprintf(start, sizeof start, "%s-07-01", g->year);
    snprintf(end, sizeof end, "%s-07-20", g->year);
    kp_assignment_in in = {.client_id = cid, .service = "respite", .start_date = start, .end_date = end,
                           .units = "20", .mode = "full", .decided_on = "2022-06-15"};
    kp_errors e;
    kp_errors_init(&e);
    pthread_barrier_wait(g->go);
    if (!g->rc)
        g->rc = kp_cw_assignment_create(&ctx, &in, NULL, 0, &e, NULL, NULL);
    if (e.n)
        snprintf(g->err, sizeof g->err, "%s", e.items[0].message);
    kp_errors_free(&e);
    if (st)
        kp_store_close(st);
    return NULL;
}

static void test_concurrent_respite_grants(void **state)
{
    (void)state;
    /* Five years, each with two grants of 20 days racing: 20 + 20 > 30. */
    static const char *const YEARS[] = {"2023", "2024", "2025", "2026", "2027"};
    for (size_t y = 0; y < 5; y++) {
        pthread_barrier_t go;
        pthread_barrier_init(&go, NULL, 2);
        grant g[2] = {{.go = &go, .year = YEARS[y]}, {.go = &go, .year = YEARS[y]}};
        pthread_t t[2];
        for (int i = 0; i < 2; i++)
            assert_int_equal(pthread_create(&t[i], NULL, grant_respite, &g[i]), 0);
        for (int i = 0; i < 2; i++)
            pthread_join(t[i], NULL);
        pthread_barrier_destroy(&go);
        int ok = (g[0].rc == KP_OK) + (g[1].rc == KP_OK);
        int refused = (g[0].rc == KP_ERULE) + (g[1].rc == KP_ERULE);
        if (ok != 1 || refused != 1)
            fail_msg("%s: results %d (%s) and %d (%s): exactly one grant must pass", YEARS[y], g[0].rc, g[0].err,
                     g[1].rc, g[1].err);
        const grant *no = g[0].rc == KP_ERULE ? &g[0] : &g[1];
        /* The refusal names the limit and what the first grant used. */
        assert_non_null(strstr(no->err, "30"));
        assert_non_null(strstr(no->err, "20"));
        char sql[200];
        snprintf(sql, sizeof sql,
                 "SELECT COALESCE(SUM(units), 0) FROM assignment WHERE service_code = 'respite' AND start_date LIKE '%s-%%'",
                 YEARS[y]);
        assert_int_equal(check_db_int(g_db, sql), 20);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_act_as),
        cmocka_unit_test(test_warnings_then_confirmed),
        cmocka_unit_test(test_concurrent_respite_grants),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
