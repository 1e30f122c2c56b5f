/* Use cases under injected disk faults (tests/support/faulty_vfs): a social
 * worker registers clients — through the form's path (kp_cw_client_register:
 * client, personal code, responsible worker, audit, one-time token) and the
 * API's (kp_cmd_run with an Idempotency-Key) — while a write
 * fails at every index of the use case's commit, once or from then on. Each
 * answer is KP_OK with everything stored, or KP_EUNAVAIL with nothing
 * stored; retrying with the same token then stores exactly one client.
 * Reading a client whose "view" audit record cannot be written fails rather
 * than returning the client unaudited. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "check_db.h"
#include "faulty_vfs.h"
#include "fixture.h"
#include "core/personal_code.h"
#include "service/accounts/accounts.h"
#include "service/casework/cases.h"
#include "service/casework/casework.h"
#include "service/accounts/drafts.h"
#include "service/sql.h"
#include "service/casework/commands.h"
/* The API's path: the command table, confirmed (commands.h). */
static kp_rc api_register(kp_ctx *ctx, const char *token, const kp_client_in *in, kp_errors *e, int64_t now,
                          int64_t *id_out, bool *replayed)
{
    kp_cmd_register c = {.client = *in, .confirmed = true};
    kp_cmd_out out;
    kp_rc rc = kp_cmd_run(ctx, KP_CMD_REGISTER_CLIENT, &c, sizeof c, token, now, e, e, &out);
    if (id_out)
        *id_out = out.id;
    if (replayed)
        *replayed = out.repeated;
    return rc;
}


#define BAUSKA "0025000"

static fixture f;
static kp_ctx sw; /* a social worker of Bauska */
static int g_serial;

static int setup(void **state)
{
    (void)state;
    kp_password_fast_for_tests(true);
    if (fixture_open(&f, "service-faults"))
        return -1;
    kp_user_in u = {.username = "sw-faults", .password = "faults-pass-123", .role = "social_worker",
                    .municipality = BAUSKA};
    kp_errors e;
    kp_errors_init(&e);
    int64_t uid = 0;
    kp_rc rc = kp_user_add(&f.ctx, &u, &e, &uid);
    kp_errors_free(&e);
    if (rc)
        return -1;
    sw = f.ctx;
    sw.role = KP_ROLE_SOCIAL_WORKER;
    sw.actor = "sw-faults";
    sw.user_id = uid;
    if (kp_sql_int(f.db, "SELECT id FROM municipality WHERE atvk = '" BAUSKA "'", NULL, 0, 0, &sw.municipality_id) ||
        !sw.municipality_id)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    faulty_vfs_clear();
    fixture_close(&f);
    return 0;
}

/* A valid new-format personal code ("32…") made from n: unique per n. */
static void make_code(int n, char out[13])
{
    char d[16];
    snprintf(d, sizeof d, "32%08d", n % 100000000);
    snprintf(out, 13, "%.6s-%.4s%d", d, d + 6, kp_pc_check_digit(d));
}

typedef struct person {
    char code[13];
    char family[32];
    char token[32];
} person;

static void next_person(person *p)
{
    int n = ++g_serial;
    make_code(500000 + n, p->code);
    snprintf(p->family, sizeof p->family, "Kļūda-%d", n);
    snprintf(p->token, sizeof p->token, "faults-token-%d", n);
}

static kp_rc do_register(const person *p, bool api, int64_t *id, bool *repeated)
{
    kp_client_in in = {.personal_code = p->code, .given_name = "Jānis", .family_name = p->family,
                       .birth_date = "1970-05-04", .municipality = BAUSKA, .target_group = "grt",
                       .disability_group = "2", .registered_on = "2021-09-01"};
    kp_errors e;
    kp_errors_init(&e);
    *id = 0;
    *repeated = false;
    kp_rc rc = api ? api_register(&sw, p->token, &in, &e, 1630490400, id, repeated)
                   : kp_cw_client_register(&sw, &in, p->token, 1630490400, &e, id, repeated);
    if (rc && rc != KP_EUNAVAIL)
        for (size_t i = 0; i < e.n; i++)
            fprintf(stderr, "register: %s: %s\n", e.items[i].field, e.items[i].message);
    kp_errors_free(&e);
    return rc;
}

static int64_t stored_clients(const char *family)
{
    return check_db_int_text(f.path, "SELECT COUNT(*) FROM client WHERE family_name = ?1", family);
}

/* Changes are audited in the database itself, reads in the side database's
 * access log. */
static int64_t audit_rows(void) { return check_db_int(f.path, "SELECT COUNT(*) FROM audit"); }

static int64_t view_records(int64_t client)
{
    char side[600], sql[128];
    snprintf(side, sizeof side, "%s.live", f.path);
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND client_id = %lld",
             (long long)client);
    return check_db_int(side, sql);
}

static void integrity(const char *when)
{
    char why[256];
    if (!check_db_integrity(f.path, why, sizeof why))
        fail_msg("%s: integrity_check: %s", when, why);
}

/* Registers with a fault at every write index until an index past the use
 * case's last write; checks each outcome, then retries as a client would. */
static void sweep(bool api, fault_plan plan)
{
    unsigned failed = 0, rounds = 0;
    for (plan.nth = 1;; plan.nth++) {
        if (plan.nth > 500)
            fail_msg("the sweep did not end");
        rounds++;
        person p;
        next_person(&p);
        int64_t audits = audit_rows();
        int64_t id = 0;
        bool repeated = false;
        faulty_vfs_arm(&plan);
        kp_rc rc = do_register(&p, api, &id, &repeated);
        unsigned long injected = faulty_vfs_injected();
        faulty_vfs_clear();
        char when[128];
        snprintf(when, sizeof when, "%s, ops %#x nth %lu %s: %s", api ? "API" : "form", plan.ops, plan.nth,
                 plan.persist ? "on" : "once", kp_strerror(rc));
        int64_t n = stored_clients(p.family);
        if (rc == KP_OK) {
            if (n != 1)
                fail_msg("%s: acknowledged, but %lld clients stored", when, (long long)n);
            if (audit_rows() <= audits)
                fail_msg("%s: acknowledged without its audit record", when);
        } else {
            failed++;
            if (rc != KP_EUNAVAIL)
                fail_msg("%s: a failing disk must answer KP_EUNAVAIL", when);
            if (n != 0)
                fail_msg("%s: refused, but the client was stored", when);
            if (audit_rows() != audits)
                fail_msg("%s: refused, but audit records were written", when);
        }
        if (kp_store_reset(f.db) != KP_OK)
            fail_msg("%s: the use case left a transaction open", when);
        /* The client retries with the same token once the disk is fine. */
        int64_t id2 = 0;
        bool repeated2 = false;
        kp_rc rc2 = do_register(&p, api, &id2, &repeated2);
        if (rc2 != KP_OK)
            fail_msg("%s: the retry failed: %s", when, kp_strerror(rc2));
        if (rc == KP_OK && (!repeated2 || id2 != id))
            fail_msg("%s: the retry of an acknowledged registration was not recognised", when);
        if (rc != KP_OK && repeated2)
            fail_msg("%s: the retry of a refused registration was taken for a repeat", when);
        if (stored_clients(p.family) != 1)
            fail_msg("%s: after the retry %lld clients stored", when, (long long)stored_clients(p.family));
        integrity(when);
        if (injected == 0)
            break;
    }
    print_message("%s ops %#x %s: %u rounds, %u refused\n", api ? "API" : "form", plan.ops,
                  plan.persist ? "persistent" : "transient", rounds, failed);
    assert_true(failed > 0);
    assert_true(rounds >= 3);
}

static void test_register_form_write_error_once(void **state)
{
    (void)state;
    sweep(false, (fault_plan){.ops = FAULT_WRITE, .err = SQLITE_IOERR_WRITE});
}

static void test_register_form_disk_full(void **state)
{
    (void)state;
    sweep(false, (fault_plan){.ops = FAULT_WRITE, .persist = true, .err = SQLITE_FULL});
}

static void test_register_api_write_error_once(void **state)
{
    (void)state;
    sweep(true, (fault_plan){.ops = FAULT_WRITE, .err = SQLITE_IOERR_WRITE});
}

static void test_register_api_disk_full(void **state)
{
    (void)state;
    sweep(true, (fault_plan){.ops = FAULT_WRITE, .persist = true, .err = SQLITE_FULL});
}

/* Every read of a client leaves an audit record; when that record cannot
 * be written, the client is not given out. */
static void test_read_without_audit_fails(void **state)
{
    (void)state;
    person p;
    next_person(&p);
    int64_t id = 0;
    bool repeated = false;
    assert_int_equal(do_register(&p, true, &id, &repeated), KP_OK);
    int64_t views = view_records(id);
    assert_true(views >= 0);

    faulty_vfs_arm(&(fault_plan){.ops = FAULT_WRITE, .persist = true, .err = SQLITE_FULL});
    kp_client_row c;
    kp_rc rc = kp_client_get(&sw, id, &c);
    kp_card card;
    kp_rc rc_card = kp_card_load(&sw, id, &card);
    unsigned long injected = faulty_vfs_injected();
    faulty_vfs_clear();
    assert_true(injected > 0);
    assert_int_equal(rc, KP_EUNAVAIL);
    assert_string_equal(c.family_name, ""); /* nothing of the client is handed out */
    assert_int_equal(rc_card, KP_EUNAVAIL);
    assert_int_equal(view_records(id), views);
    assert_int_equal(kp_store_reset(f.db), KP_OK);

    /* Once the disk is fine, the read works and is audited. */
    assert_int_equal(kp_client_get(&sw, id, &c), KP_OK);
    assert_string_equal(c.family_name, p.family);
    assert_int_equal(view_records(id), views + 1);
    integrity("after reads without audit");
}

int main(void)
{
    if (faulty_vfs_install() != SQLITE_OK) {
        fprintf(stderr, "cannot install the faulty VFS\n");
        return 1;
    }
    faulty_vfs_skip_real_sync(true); /* hundreds of commits; no power cut here */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_register_form_write_error_once),
        cmocka_unit_test(test_register_form_disk_full),
        cmocka_unit_test(test_register_api_write_error_once),
        cmocka_unit_test(test_register_api_disk_full),
        cmocka_unit_test(test_read_without_audit_fails),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
