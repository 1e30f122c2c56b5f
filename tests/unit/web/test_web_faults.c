/* The server in-process over a database whose disk fails on purpose
 * (tests/support/faulty_vfs, the default VFS of this process, so the
 * server's pool uses it). While every write fails, API writes answer 503
 * with Retry-After and none is stored; a client card (whose "view" audit
 * record cannot be written) answers 503 without the client's data; a login
 * whose session cannot be stored answers 503 without a cookie; a session is
 * not ended by a request that failed for lack of disk. Once the disk is
 * fine, the next write answers 201 and is stored — the same server, no
 * restart. A write failing once at each index of its commit answers 201
 * and is stored, or 503 and is not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_db.h"
#include "faulty_vfs.h"
#include "http_client.h"
#include "web_fixture.h"
#include "core/personal_code.h"
#include "service/casework/cases.h"
#include "service/sql.h"
#include "web/server.h"

#define PASSWORD "faults-pass-123"
#define BAUSKA "0025000"

static int64_t g_client; /* a client of Bauska, registered at setup */
static int g_serial;
static char g_auth[512]; /* Cookie and X-CSRF-Token header lines of sw-faults */
static char g_cookie[160];

/* The user and the client, after the catalogue (tests/support/web_fixture.c). */
static kp_rc build(kp_ctx *ctx, kp_errors *e)
{
    ctx->lang = "en";
    static const wf_user U[] = {{"sw-faults", "social_worker", BAUSKA, NULL}};
    kp_rc rc = wf_add_users(ctx, e, U, 1, NULL);
    char code[16];
    snprintf(code, sizeof code, "320000-0001%d", kp_pc_check_digit("3200000001"));
    kp_client_in c = {.personal_code = code, .given_name = "Ilze", .family_name = "Kartite",
                      .birth_date = "1980-01-01", .municipality = BAUSKA, .target_group = "grt",
                      .registered_on = "2022-01-10"};
    if (!rc)
        rc = kp_client_register(ctx, &c, e, &g_client);
    return rc;
}

/* The server's clock is the real one moved by wf.clock. */
static int setup(void **state)
{
    (void)state;
    wf_options o = {.name = "test_web_faults", .password = PASSWORD, .build = build};
    return wf_start(&o);
}

static int teardown(void **state)
{
    (void)state;
    faulty_vfs_clear();
    return wf_stop();
}

/* ---- Requests ---- */

static int login(char *cookie, size_t cookie_len, char *csrf, size_t csrf_len)
{
    const char *body = "{\"username\":\"sw-faults\",\"password\":\"" PASSWORD "\"}";
    tc_resp r;
    assert_int_equal(
        tc_request(&wf.conn, "POST", "/api/v1/login", NULL, "application/json", body, strlen(body), &r), 0);
    int status = r.status;
    char *c = tc_set_cookie(&r, "kopa_session");
    if (status == 200) {
        assert_non_null(c);
        snprintf(cookie, cookie_len, "%s", c);
        const char *t = strstr(r.body, "\"csrf\":");
        assert_non_null(t);
        t = strchr(t + 7, '"');
        assert_non_null(t);
        snprintf(csrf, csrf_len, "%.*s", (int)strcspn(t + 1, "\""), t + 1);
    } else if (c) {
        fail_msg("a refused login (%d) set a session cookie: %s", status, c);
    }
    free(c);
    tc_resp_free(&r);
    return status;
}

static void log_in(void)
{
    char csrf[80];
    assert_int_equal(login(g_cookie, sizeof g_cookie, csrf, sizeof csrf), 200);
    snprintf(g_auth, sizeof g_auth, "Cookie: %s\r\nX-CSRF-Token: %s\r\n", g_cookie, csrf);
}

/* A new client's unique family name and a valid personal code for it. */
typedef struct person {
    char family[32];
    char body[512];
} person;

static void next_person(person *p)
{
    int n = ++g_serial;
    char d[16], code[16];
    snprintf(d, sizeof d, "32%08d", (700000 + n) % 100000000);
    snprintf(code, sizeof code, "%.6s-%.4s%d", d, d + 6, kp_pc_check_digit(d));
    snprintf(p->family, sizeof p->family, "Vētra-%d", n);
    snprintf(p->body, sizeof p->body,
             "{\"personal_code\":\"%s\",\"given_name\":\"Pēteris\",\"family_name\":\"%s\",\"birth_date\":\"1975-03-02\","
             "\"municipality\":\"" BAUSKA "\",\"target_group\":\"grt\",\"registered_on\":\"2022-01-12\"}",
             code, p->family);
}

/* POSTs a new client; returns the status and checks what a 503 must carry. */
static int post_client(const person *p, const char *idem)
{
    char headers[700];
    snprintf(headers, sizeof headers, "%s%s%s%s", g_auth, idem ? "Idempotency-Key: " : "", idem ? idem : "",
             idem ? "\r\n" : "");
    tc_resp r;
    assert_int_equal(tc_request(&wf.conn, "POST", "/api/v1/clients", headers, "application/json", p->body,
                                strlen(p->body), &r),
                     0);
    int status = r.status;
    if (status == 503) {
        char *ra = tc_header(&r, "Retry-After");
        if (!ra)
            fail_msg("503 without Retry-After");
        assert_true(strtol(ra, NULL, 10) > 0);
        free(ra);
    }
    tc_resp_free(&r);
    return status;
}

static int64_t stored(const person *p)
{
    return check_db_int_text(wf.db, "SELECT COUNT(*) FROM client WHERE family_name = ?1", p->family);
}

/* Reads of a client are recorded in the side database's access log. */
static int64_t view_records(int64_t client)
{
    char side[600], sql[128];
    snprintf(side, sizeof side, "%s.live", wf.db);
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND client_id = %lld",
             (long long)client);
    return check_db_int(side, sql);
}

static const fault_plan DISK_FULL = {.ops = FAULT_WRITE, .persist = true, .err = SQLITE_FULL};

/* ---- Tests ---- */

static void test_writes_during_disk_full(void **state)
{
    (void)state;
    log_in();
    person p;
    next_person(&p);
    assert_int_equal(post_client(&p, NULL), 201);
    assert_int_equal(stored(&p), 1);

    enum { N = 20 };
    person refused[N];
    faulty_vfs_arm(&DISK_FULL);
    for (int i = 0; i < N; i++) {
        next_person(&refused[i]);
        int st = post_client(&refused[i], NULL);
        if (st != 503)
            fail_msg("write %d while the disk is full answered %d", i, st);
    }
    unsigned long injected = faulty_vfs_injected();
    faulty_vfs_clear();
    assert_true(injected >= N);
    for (int i = 0; i < N; i++)
        if (stored(&refused[i]) != 0)
            fail_msg("write %d was refused with 503 but stored", i);

    /* The same server, the disk fine again: the next write is stored. */
    next_person(&p);
    assert_int_equal(post_client(&p, NULL), 201);
    assert_int_equal(stored(&p), 1);
    /* A refused write sent again is a new write, and is stored once. */
    assert_int_equal(post_client(&refused[0], NULL), 201);
    assert_int_equal(stored(&refused[0]), 1);
    char why[200];
    if (!check_db_integrity(wf.db, why, sizeof why))
        fail_msg("integrity_check: %s", why);
}

/* With an Idempotency-Key the retry of a refused write registers it; the
 * retry of a stored one is recognised. */
static void test_idempotent_retry(void **state)
{
    (void)state;
    person p;
    next_person(&p);
    faulty_vfs_arm(&DISK_FULL);
    assert_int_equal(post_client(&p, "storm-retry-1"), 503);
    faulty_vfs_clear();
    assert_int_equal(stored(&p), 0);
    assert_int_equal(post_client(&p, "storm-retry-1"), 201);
    assert_int_equal(post_client(&p, "storm-retry-1"), 200); /* replayed */
    assert_int_equal(stored(&p), 1);
}

/* A client card cannot be shown when its audit record cannot be written. */
static void test_reads_need_their_audit(void **state)
{
    (void)state;
    char path[96], html[96];
    snprintf(path, sizeof path, "/api/v1/clients/%lld", (long long)g_client);
    snprintf(html, sizeof html, "/clients/%lld", (long long)g_client);
    int64_t views = view_records(g_client);
    assert_true(views >= 0);
    faulty_vfs_arm(&DISK_FULL);
    tc_resp r, h;
    assert_int_equal(tc_request(&wf.conn, "GET", path, g_auth, NULL, NULL, 0, &r), 0);
    assert_int_equal(tc_request(&wf.conn, "GET", html, g_auth, NULL, NULL, 0, &h), 0);
    faulty_vfs_clear();
    if (r.status != 503 || strstr(r.body, "Kart"))
        fail_msg("API card during a full disk: %d %s", r.status, r.body);
    if (h.status != 503 || strstr(h.body, "Kart"))
        fail_msg("HTML card during a full disk: %d", h.status);
    char *ra = tc_header(&h, "Retry-After");
    assert_non_null(ra);
    free(ra);
    tc_resp_free(&r);
    tc_resp_free(&h);
    assert_int_equal(view_records(g_client), views);
    /* And afterwards it is shown, and audited. */
    assert_int_equal(tc_request(&wf.conn, "GET", path, g_auth, NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    if (!strstr(r.body, "Kartite"))
        fail_msg("the card after the fault: %s", r.body);
    tc_resp_free(&r);
    assert_int_equal(view_records(g_client), views + 1);
}

/* A login whose session cannot be stored is refused without a cookie; a
 * session whose "last seen" cannot be written is not ended by that. */
static void test_sessions_during_disk_full(void **state)
{
    (void)state;
    char cookie[160], csrf[80];
    faulty_vfs_arm(&DISK_FULL);
    int st = login(cookie, sizeof cookie, csrf, sizeof csrf);
    faulty_vfs_clear();
    assert_int_equal(st, 503);

    /* Move the clock past the minute after which a request marks the
     * session seen (a write), with the disk full. */
    atomic_fetch_add(&wf.clock, 120);
    faulty_vfs_arm(&DISK_FULL);
    tc_resp r;
    assert_int_equal(tc_request(&wf.conn, "GET", "/api/v1/me", g_auth, NULL, NULL, 0, &r), 0);
    unsigned long injected = faulty_vfs_injected();
    faulty_vfs_clear();
    assert_true(injected > 0);
    char *gone = tc_set_cookie(&r, "kopa_session");
    if (r.status != 503 || gone)
        fail_msg("GET /api/v1/me with a full disk: %d, session cookie %s", r.status, gone ? gone : "(kept)");
    tc_resp_free(&r);
    /* The session goes on once the disk is fine. */
    assert_int_equal(tc_request(&wf.conn, "GET", "/api/v1/me", g_auth, NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    tc_resp_free(&r);
}

/* One write failing at each index of a registration's commit: 201 and
 * stored, or 503 and not stored; nothing else. */
static void test_write_error_at_each_index(void **state)
{
    (void)state;
    unsigned refused = 0, rounds = 0;
    for (unsigned long nth = 1;; nth++) {
        assert_true(nth < 300);
        person p;
        next_person(&p);
        faulty_vfs_arm(&(fault_plan){.ops = FAULT_WRITE, .nth = nth, .err = SQLITE_IOERR_WRITE});
        int st = post_client(&p, NULL);
        unsigned long injected = faulty_vfs_injected();
        faulty_vfs_clear();
        rounds++;
        int64_t n = stored(&p);
        if (st == 201 && n != 1)
            fail_msg("write %lu failing: 201 but %lld stored", nth, (long long)n);
        if (st == 503 && n != 0)
            fail_msg("write %lu failing: 503 but stored", nth);
        if (st != 201 && st != 503)
            fail_msg("write %lu failing: answered %d", nth, st);
        refused += st == 503;
        if (injected == 0)
            break;
    }
    print_message("%u rounds, %u answered 503\n", rounds, refused);
    assert_true(refused > 0);
    char why[200];
    if (!check_db_integrity(wf.db, why, sizeof why))
        fail_msg("integrity_check: %s", why);
}

int main(void)
{
    if (faulty_vfs_install() != SQLITE_OK) {
        fprintf(stderr, "cannot install the faulty VFS\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writes_during_disk_full),
        cmocka_unit_test(test_idempotent_retry),
        cmocka_unit_test(test_reads_need_their_audit),
        cmocka_unit_test(test_sessions_during_disk_full),
        cmocka_unit_test(test_write_error_at_each_index),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
