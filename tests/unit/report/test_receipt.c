/* The receipt PDF of an application made online (report/receipt.h): bad
 * arguments, an unknown or wrong pair (nothing drawn), and a real one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "../service/fixture.h"
#include "core/buf.h"
#include "report/receipt.h"
#include "service/intake/applications.h"
#include "core/personal_code.h"
#include <stdio.h>

#define T0 1630490400LL /* the fixture's ctx.now */

static void test_receipt(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(fixture_open(&f, "test_receipt"), 0);
    kp_buf pdf;
    kp_buf_init(&pdf, 0);
    int64_t retry = 0;
    assert_int_equal(kp_document_application_receipt(NULL, "r", "c", "a", T0, &pdf, &retry), KP_EINVAL);
    assert_int_equal(kp_document_application_receipt(&f.ctx, NULL, "c", "a", T0, &pdf, &retry), KP_EINVAL);
    assert_int_equal(kp_document_application_receipt(&f.ctx, "r", NULL, "a", T0, &pdf, &retry), KP_EINVAL);
    assert_int_equal(kp_document_application_receipt(&f.ctx, "r", "c", NULL, T0, &pdf, &retry), KP_EINVAL);
    assert_int_equal(kp_document_application_receipt(&f.ctx, "r", "c", "a", T0, NULL, &retry), KP_EINVAL);
    assert_int_equal(kp_document_application_receipt(&f.ctx, "r", "c", "a", T0, &pdf, NULL), KP_EINVAL);
    assert_int_equal(pdf.len, 0);
    /* 150690-1NNNZ: the first serial whose check digit is a digit. */
    char code[16] = "";
    for (int k = 0; !code[0]; k++) {
        char d[16];
        snprintf(d, sizeof d, "1506901%03d", k % 1000);
        int c = kp_pc_check_digit(d);
        if (c >= 0 && c <= 9)
            snprintf(code, sizeof code, "%.6s-%.4s%d", d, d + 6, c);
    }
    kp_app_in in = {.relation = "self", .applicant_given_name = "Līga", .applicant_family_name = "Ozola",
                    .applicant_personal_code = code, .email = "liga@example.lv", .municipality = "0025000",
                    .service = "respite", .need = "Atelpa", .consent = "1"};
    kp_errors e;
    kp_errors_init(&e);
    kp_app_receipt rec;
    assert_int_equal(kp_app_submit(&f.ctx, &in, "a", T0, NULL, &e, &rec, &retry), KP_OK);
    assert_int_equal(kp_document_application_receipt(&f.ctx, rec.reference, "00000-00000", "a", T0, &pdf, &retry),
                     KP_ENOTFOUND);
    assert_int_equal(pdf.len, 0);
    assert_int_equal(kp_document_application_receipt(&f.ctx, rec.reference, rec.code, "a", T0, &pdf, &retry), KP_OK);
    assert_true(pdf.len > 1000);
    assert_memory_equal(pdf.data, "%PDF-", 5);
    kp_buf_free(&pdf);
    kp_errors_free(&e);
    fixture_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_receipt)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
