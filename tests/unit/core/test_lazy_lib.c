/* Unit tests for core/lazy_lib: a library opened once, its functions found
 * or the reason it cannot be used, the same answer on every later call. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "core/lazy_lib.h"

/* libm stands in for pango or libpq: always there, never linked by name. */
static struct {
    double (*cbrt)(double);
    double (*no_such_function)(double);
} lazy;

static int finds;

static void find_cbrt(void *h, char *err, size_t errlen)
{
    finds++;
    KP_LAZY_FIND_(cbrt)
}

static void find_missing(void *h, char *err, size_t errlen)
{
    finds++;
    KP_LAZY_FIND_(cbrt)
    KP_LAZY_FIND_(no_such_function)
}

static void test_found_once(void **state)
{
    (void)state;
    static kp_lazy_lib lib = KP_LAZY_LIB("libm.so.6", "arithmetic (libm6)", find_cbrt);
    finds = 0;
    assert_null(kp_lazy_load(&lib));
    assert_null(kp_lazy_load(&lib));
    assert_int_equal(finds, 1); /* opened and searched once */
    kp_lazy_require(&lib);      /* usable: returns */
    assert_true(lazy.cbrt(27.0) > 2.999 && lazy.cbrt(27.0) < 3.001);
}

static void test_missing_library(void **state)
{
    (void)state;
    static kp_lazy_lib lib = KP_LAZY_LIB("libkopa-not-installed.so.9", "nothing", find_cbrt);
    finds = 0;
    const char *err = kp_lazy_load(&lib);
    assert_non_null(err);
    assert_non_null(strstr(err, "libkopa-not-installed.so.9")); /* dlerror names the file */
    assert_ptr_equal(kp_lazy_load(&lib), err);                  /* the same answer, not retried */
    assert_int_equal(finds, 0);
}

static void test_missing_function(void **state)
{
    (void)state;
    static kp_lazy_lib lib = KP_LAZY_LIB("libm.so.6", "arithmetic (libm6)", find_missing);
    finds = 0;
    const char *err = kp_lazy_load(&lib);
    assert_non_null(err);
    assert_non_null(strstr(err, "no_such_function"));
    assert_non_null(kp_lazy_load(&lib));
    assert_int_equal(finds, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_found_once),
        cmocka_unit_test(test_missing_library),
        cmocka_unit_test(test_missing_function),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
