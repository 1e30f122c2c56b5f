/* Applications made online at the service layer (service/intake): bad
 * arguments of every public function, the signed form token (purpose, age,
 * tampering, another key), the address throttle, the reference and code
 * (typed loosely, wrong = unknown), and the queue's scope by role and
 * municipality. The pages and their flow: tests/unit/web/test_apply_pages.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "fixture.h"
#include "service/accounts/sessions.h"
#include "service/intake/applications.h"
#include "service/sql.h"
#include "core/personal_code.h"
#include <stdlib.h>

#define BAUSKA "0025000"
#define T0 1630490400LL /* 2021-09-01T10:00:00Z, the fixture's ctx.now */

static fixture g_f;
static int64_t g_bauska, g_dobele;

static int setup(void **state)
{
    (void)state;
    if (fixture_open(&g_f, "test_applications"))
        return -1;
    kp_param p[] = {KP_PTEXT(BAUSKA)};
    kp_sql_int(g_f.db, "SELECT id FROM municipality WHERE atvk = ?", p, 1, 0, &g_bauska);
    kp_param q[] = {KP_PTEXT("0028000")};
    kp_sql_int(g_f.db, "SELECT id FROM municipality WHERE atvk = ?", q, 1, 0, &g_dobele);
    return g_bauska && g_dobele ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fixture_close(&g_f);
    return 0;
}

/* A valid old-format code born 15.06.1990, from serial n. */
static void code_1990(int n, char out[16])
{
    for (int k = n;; k++) {
        char d[16];
        snprintf(d, sizeof d, "1506901%03d", k % 1000);
        int c = kp_pc_check_digit(d);
        if (c >= 0 && c <= 9) {
            snprintf(out, 16, "%.6s-%.4s%d", d, d + 6, c);
            return;
        }
    }
}

static kp_app_in self_in(const char *code)
{
    return (kp_app_in){.relation = "self", .applicant_given_name = "Līga", .applicant_family_name = "Ozola",
                       .applicant_personal_code = code, .email = "liga@example.lv", .municipality = BAUSKA,
                       .service = "respite", .need = "Atelpa", .consent = "1"};
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_ctx *c = &g_f.ctx;
    kp_errors e;
    kp_errors_init(&e);
    kp_app_in in = self_in("150690-10000");
    kp_app_receipt rec;
    kp_app_status st;
    kp_app_rows rows;
    kp_app_detail *d = calloc(1, sizeof *d);
    kp_app_choices ch;
    kp_app_accept_in acc = {.mode = "link"};
    int64_t retry = 0, n = 0;
    char tok[KP_FORM_TOKEN_CHARS + 1];
    assert_int_equal(kp_app_submit(NULL, &in, "a", T0, NULL, &e, &rec, &retry), KP_EINVAL);
    assert_int_equal(kp_app_submit(c, NULL, "a", T0, NULL, &e, &rec, &retry), KP_EINVAL);
    assert_int_equal(kp_app_submit(c, &in, NULL, T0, NULL, &e, &rec, &retry), KP_EINVAL);
    assert_int_equal(kp_app_submit(c, &in, "a", T0, NULL, NULL, &rec, &retry), KP_EINVAL);
    assert_int_equal(kp_app_submit(c, &in, "a", T0, NULL, &e, NULL, &retry), KP_EINVAL);
    assert_int_equal(kp_app_submit(c, &in, "a", T0, NULL, &e, &rec, NULL), KP_EINVAL);
    assert_int_equal(kp_app_status_get(NULL, "r", "c", "a", T0, &st, &retry), KP_EINVAL);
    assert_int_equal(kp_app_status_get(c, NULL, "c", "a", T0, &st, &retry), KP_EINVAL);
    assert_int_equal(kp_app_status_get(c, "r", NULL, "a", T0, &st, &retry), KP_EINVAL);
    assert_int_equal(kp_app_status_get(c, "r", "c", NULL, T0, &st, &retry), KP_EINVAL);
    assert_int_equal(kp_app_status_get(c, "r", "c", "a", T0, NULL, &retry), KP_EINVAL);
    assert_int_equal(kp_app_status_get(c, "r", "c", "a", T0, &st, NULL), KP_EINVAL);
    assert_int_equal(kp_app_answer(NULL, "r", "c", "x", "a", T0, &e, &retry), KP_EINVAL);
    assert_int_equal(kp_app_answer(c, NULL, "c", "x", "a", T0, &e, &retry), KP_EINVAL);
    assert_int_equal(kp_app_answer(c, "r", NULL, "x", "a", T0, &e, &retry), KP_EINVAL);
    assert_int_equal(kp_app_answer(c, "r", "c", "x", NULL, T0, &e, &retry), KP_EINVAL);
    assert_int_equal(kp_app_answer(c, "r", "c", "x", "a", T0, NULL, &retry), KP_EINVAL);
    assert_int_equal(kp_app_answer(c, "r", "c", "x", "a", T0, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_app_queue(NULL, NULL, 10, 0, &rows), KP_EINVAL);
    assert_int_equal(kp_app_queue(c, NULL, 10, 0, NULL), KP_EINVAL);
    assert_int_equal(kp_app_queue(c, NULL, 0, 0, &rows), KP_EINVAL);
    assert_int_equal(kp_app_queue(c, NULL, 1001, 0, &rows), KP_EINVAL);
    assert_int_equal(kp_app_queue(c, "everything", 10, 0, &rows), KP_EINVAL);
    assert_int_equal(kp_app_count_new(NULL, &n), KP_EINVAL);
    assert_int_equal(kp_app_count_new(c, NULL), KP_EINVAL);
    assert_int_equal(kp_app_get(NULL, 1, d), KP_EINVAL);
    assert_int_equal(kp_app_get(c, 1, NULL), KP_EINVAL);
    assert_int_equal(kp_app_accept(NULL, 1, &acc, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_app_accept(c, 1, NULL, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_app_accept(c, 1, &acc, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_app_ask(NULL, 1, "q", &e), KP_EINVAL);
    assert_int_equal(kp_app_ask(c, 1, "q", NULL), KP_EINVAL);
    assert_int_equal(kp_app_refuse(NULL, 1, "r", &e), KP_EINVAL);
    assert_int_equal(kp_app_refuse(c, 1, "r", NULL), KP_EINVAL);
    assert_int_equal(kp_app_choices_load(NULL, &ch), KP_EINVAL);
    assert_int_equal(kp_app_choices_load(c, NULL), KP_EINVAL);
    kp_app_choices_free(NULL);
    kp_app_rows_free(NULL);
    assert_int_equal(kp_form_token_make(NULL, "p", T0, tok), KP_EINVAL);
    assert_int_equal(kp_form_token_make(&g_f.keys, NULL, T0, tok), KP_EINVAL);
    assert_int_equal(kp_form_token_make(&g_f.keys, "p", T0, NULL), KP_EINVAL);
    assert_false(kp_form_token_check(NULL, "p", "x", T0, NULL));
    assert_false(kp_form_token_check(&g_f.keys, NULL, "x", T0, NULL));
    assert_false(kp_form_token_check(&g_f.keys, "p", NULL, T0, NULL));
    assert_int_equal(kp_throttle_address(NULL, "b", "a", T0, 1, 1, &retry), KP_EINVAL);
    assert_int_equal(kp_throttle_address(c, NULL, "a", T0, 1, 1, &retry), KP_EINVAL);
    assert_int_equal(kp_throttle_address(c, "", "a", T0, 1, 1, &retry), KP_EINVAL);
    assert_int_equal(kp_throttle_address(c, "b", NULL, T0, 1, 1, &retry), KP_EINVAL);
    assert_int_equal(kp_throttle_address(c, "b", "a", T0, 0, 1, &retry), KP_EINVAL);
    assert_int_equal(kp_throttle_address(c, "b", "a", T0, 1, 0, &retry), KP_EINVAL);
    assert_int_equal(kp_throttle_address(c, "b", "a", T0, 1, 1, NULL), KP_EINVAL);
    /* Nothing was written by any of them. */
    int64_t apps = -1;
    assert_int_equal(kp_sql_int(g_f.db, "SELECT COUNT(*) FROM application", NULL, 0, -1, &apps), KP_OK);
    assert_int_equal(apps, 0);
    free(d);
    kp_errors_free(&e);
}

static void test_form_token(void **state)
{
    (void)state;
    char tok[KP_FORM_TOKEN_CHARS + 1], nonce[33] = "", nonce2[33] = "";
    assert_int_equal(kp_form_token_make(&g_f.keys, "/pieteikums", T0, tok), KP_OK);
    assert_int_equal(strlen(tok), KP_FORM_TOKEN_CHARS);
    assert_true(kp_form_token_check(&g_f.keys, "/pieteikums", tok, T0 + 10, nonce));
    assert_int_equal(strlen(nonce), 32);
    /* Another form's, too old, from the future, tampered, another key's. */
    assert_false(kp_form_token_check(&g_f.keys, "/pieteikums/statuss", tok, T0, NULL));
    assert_true(kp_form_token_check(&g_f.keys, "/pieteikums", tok, T0 + KP_FORM_TOKEN_MAX_AGE, NULL));
    assert_false(kp_form_token_check(&g_f.keys, "/pieteikums", tok, T0 + KP_FORM_TOKEN_MAX_AGE + 1, NULL));
    assert_false(kp_form_token_check(&g_f.keys, "/pieteikums", tok, T0 - 61, NULL));
    char bad[KP_FORM_TOKEN_CHARS + 1];
    memcpy(bad, tok, sizeof bad);
    bad[40] = bad[40] == 'A' ? 'B' : 'A';
    assert_false(kp_form_token_check(&g_f.keys, "/pieteikums", bad, T0, NULL));
    bad[KP_FORM_TOKEN_CHARS - 1] = '\0';
    assert_false(kp_form_token_check(&g_f.keys, "/pieteikums", bad, T0, NULL));
    kp_keyring other = g_f.keys;
    other.public_key[0] ^= 1;
    assert_false(kp_form_token_check(&other, "/pieteikums", tok, T0, NULL));
    /* Two tokens, two nonces. */
    char tok2[KP_FORM_TOKEN_CHARS + 1];
    kp_form_token_make(&g_f.keys, "/pieteikums", T0, tok2);
    assert_true(kp_form_token_check(&g_f.keys, "/pieteikums", tok2, T0, nonce2));
    assert_string_not_equal(nonce, nonce2);
}

static void test_throttle_counts_per_bucket_and_address(void **state)
{
    (void)state;
    int64_t retry = 0;
    for (int i = 0; i < 3; i++)
        assert_int_equal(kp_throttle_address(&g_f.ctx, "t", "10.0.0.1", T0 + i, 3, 100, &retry), KP_OK);
    assert_int_equal(kp_throttle_address(&g_f.ctx, "t", "10.0.0.1", T0 + 5, 3, 100, &retry), KP_ERULE);
    /* The oldest of the three (T0) leaves the window at T0 + 100. */
    assert_int_equal(retry, 95);
    /* Another address, another bucket: their own budgets. */
    assert_int_equal(kp_throttle_address(&g_f.ctx, "t", "10.0.0.2", T0 + 5, 3, 100, &retry), KP_OK);
    assert_int_equal(kp_throttle_address(&g_f.ctx, "u", "10.0.0.1", T0 + 5, 3, 100, &retry), KP_OK);
    assert_int_equal(kp_throttle_address(&g_f.ctx, "t", "10.0.0.1", T0 + 100, 3, 100, &retry), KP_OK);
    /* Logins from that address are not refused for it (their budgets count failures). */
    int64_t failures = -1;
    kp_param p[] = {KP_PTEXT("10.0.0.1")};
    assert_int_equal(kp_sql_int(g_f.db, "SELECT COUNT(*) FROM login_try WHERE address = ? AND ok = 0", p, 1, -1, &failures),
                     KP_OK);
    assert_int_equal(failures, 0);
}

static void test_submit_status_and_scope(void **state)
{
    (void)state;
    kp_errors e;
    kp_errors_init(&e);
    char code[16];
    code_1990(1, code);
    kp_app_in in = self_in(code);
    kp_app_receipt rec;
    int64_t retry = 0;
    kp_ctx pub = g_f.ctx;
    pub.role = (kp_role)99;
    pub.actor = "anonymous";
    assert_int_equal(kp_app_submit(&pub, &in, "10.1.1.1", T0, "nonce-1", &e, &rec, &retry), KP_OK);
    assert_int_equal(e.n, 0);
    assert_int_equal(strlen(rec.reference), KP_APP_REF_LEN);
    assert_int_equal(rec.reference[4], '-');
    assert_int_equal(strlen(rec.code), KP_APP_CODE_LEN);
    assert_string_equal(rec.municipality, "Bauskas novads");
    /* The same nonce again: refused, nothing written. */
    kp_app_receipt again;
    assert_int_equal(kp_app_submit(&pub, &in, "10.1.1.1", T0, "nonce-1", &e, &again, &retry), KP_ECONFLICT);
    int64_t apps = 0;
    kp_sql_int(g_f.db, "SELECT COUNT(*) FROM application", NULL, 0, 0, &apps);
    assert_int_equal(apps, 1);
    /* Status: loosely typed right pair; wrong code = unknown reference. */
    kp_app_status st;
    char lower[16];
    for (size_t i = 0; i <= strlen(rec.code); i++)
        lower[i] = (char)(rec.code[i] >= 'A' && rec.code[i] <= 'Z' ? rec.code[i] + 32 : rec.code[i]);
    assert_int_equal(kp_app_status_get(&pub, rec.reference, lower, "10.1.1.1", T0, &st, &retry), KP_OK);
    assert_string_equal(st.status, "received");
    char wrong[16];
    snprintf(wrong, sizeof wrong, "%s", rec.code);
    wrong[1] = wrong[1] == '0' ? '1' : '0';
    assert_int_equal(kp_app_status_get(&pub, rec.reference, wrong, "10.1.1.1", T0, &st, &retry), KP_ENOTFOUND);
    assert_string_equal(st.status, "");
    assert_int_equal(kp_app_status_get(&pub, "0000-0000-0000", rec.code, "10.1.1.1", T0, &st, &retry), KP_ENOTFOUND);
    assert_int_equal(kp_app_status_get(&pub, "not a reference", rec.code, "10.1.1.1", T0, &st, &retry), KP_ENOTFOUND);
    /* No answer is awaited yet. */
    assert_int_equal(kp_app_answer(&pub, rec.reference, rec.code, "x", "10.1.1.1", T0, &e, &retry), KP_ECONFLICT);
    /* Who has a queue: Bauska's worker sees it; Dobele's, the region, the system do not. */
    kp_ctx sw = g_f.ctx;
    sw.role = KP_ROLE_SOCIAL_WORKER;
    sw.municipality_id = g_bauska;
    sw.actor = "sw";
    sw.user_id = 1;
    kp_app_rows rows;
    assert_int_equal(kp_app_queue(&sw, NULL, 10, 0, &rows), KP_OK);
    assert_int_equal(rows.n, 1);
    assert_int_equal(rows.total, 1);
    int64_t id = rows.items[0].id;
    kp_app_rows_free(&rows);
    int64_t n = 0;
    assert_int_equal(kp_app_count_new(&sw, &n), KP_OK);
    assert_int_equal(n, 1);
    kp_ctx other = sw;
    other.municipality_id = g_dobele;
    assert_int_equal(kp_app_queue(&other, "all", 10, 0, &rows), KP_OK);
    assert_int_equal(rows.n, 0);
    kp_app_rows_free(&rows);
    kp_app_detail *d = calloc(1, sizeof *d);
    assert_int_equal(kp_app_get(&other, id, d), KP_ENOTFOUND);
    assert_int_equal(kp_app_refuse(&other, id, "nē", &e), KP_ENOTFOUND);
    kp_ctx region = g_f.ctx;
    region.role = KP_ROLE_REGION;
    snprintf(region.region, sizeof region.region, "ZPR");
    assert_int_equal(kp_app_queue(&region, NULL, 10, 0, &rows), KP_ENOTFOUND);
    assert_int_equal(kp_app_get(&region, id, d), KP_ENOTFOUND);
    assert_int_equal(kp_app_count_new(&region, &n), KP_OK);
    assert_int_equal(n, 0);
    assert_int_equal(kp_app_get(&g_f.ctx, id, d), KP_ENOTFOUND);
    /* A question with nothing in it names the field; a real one is shown. */
    assert_int_equal(kp_app_ask(&sw, id, "  ", &e), KP_EINVAL);
    assert_non_null(strstr(kp_errors_for(&e, "question"), "Jautājums iesniedzējam: "));
    e.n = 0;
    assert_int_equal(kp_app_ask(&sw, id, "Kad?", &e), KP_OK);
    assert_int_equal(kp_app_status_get(&pub, rec.reference, rec.code, "10.1.1.1", T0, &st, &retry), KP_OK);
    assert_string_equal(st.status, "info_requested");
    assert_string_equal(st.message, "Kad?");
    assert_int_equal(kp_app_answer(&pub, rec.reference, rec.code, "Rīt.", "10.1.1.1", T0, &e, &retry), KP_OK);
    assert_int_equal(kp_app_get(&sw, id, d), KP_OK);
    assert_string_equal(d->row.status, "received");
    assert_int_equal(d->nmessages, 2);
    assert_string_equal(d->messages[1].author, "applicant");
    free(d);
    kp_errors_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_form_token),
        cmocka_unit_test(test_throttle_counts_per_bucket_and_address),
        cmocka_unit_test(test_submit_status_and_scope),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
