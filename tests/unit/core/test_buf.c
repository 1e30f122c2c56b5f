/* Unit tests for core/buf: appends, printf, the size cap, ownership hand-over. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"

static void test_empty(void **state)
{
    (void)state;
    kp_buf b;
    kp_buf_init(&b, 0);
    assert_int_equal(b.max, KP_BUF_DEFAULT_MAX); /* 0 means the default cap */
    assert_int_equal(b.len, 0);
    assert_string_equal(kp_buf_str(&b), "");
    kp_buf_reset(&b); /* never used: still fine */
    assert_string_equal(kp_buf_str(&b), "");
    char *s = kp_buf_take(&b);
    assert_string_equal(s, "");
    free(s);
    kp_buf_free(&b);
    kp_buf_free(&b); /* twice is harmless */
}

static void test_append(void **state)
{
    (void)state;
    kp_buf b;
    kp_buf_init(&b, 0);
    assert_int_equal(kp_buf_puts(&b, "Atelpas"), KP_OK);
    assert_int_equal(kp_buf_putc(&b, ' '), KP_OK);
    assert_int_equal(kp_buf_append(&b, "brīdis!!!", 7), KP_OK); /* "brīdis" is 7 bytes */
    assert_string_equal(kp_buf_str(&b), "Atelpas brīdis");
    assert_int_equal(b.len, 15);
    assert_int_equal(kp_buf_append(&b, "ignored", 0), KP_OK);
    assert_int_equal(kp_buf_append(&b, NULL, 0), KP_OK); /* nothing from nowhere is fine */
    assert_int_equal(kp_buf_puts(&b, ""), KP_OK);
    assert_int_equal(b.len, 15);
    assert_string_equal(kp_buf_str(&b), "Atelpas brīdis");
    /* Embedded NUL bytes are kept; len counts them. */
    assert_int_equal(kp_buf_append(&b, "a\0b", 3), KP_OK);
    assert_int_equal(b.len, 18);
    assert_int_equal(memcmp(b.data + 15, "a\0b", 4), 0);
    kp_buf_free(&b);
}

static void test_append_nothing_allocates_text(void **state)
{
    (void)state;
    /* "data is always NUL-terminated after any successful append". */
    kp_buf b;
    kp_buf_init(&b, 0);
    assert_int_equal(kp_buf_append(&b, "", 0), KP_OK);
    assert_non_null(b.data);
    assert_string_equal(b.data, "");
    kp_buf_free(&b);
}

static void test_growth(void **state)
{
    (void)state;
    kp_buf b;
    kp_buf_init(&b, 0);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(kp_buf_putc(&b, (char)('a' + i % 26)), KP_OK);
    assert_int_equal(b.len, 10000);
    assert_true(b.cap > b.len);
    assert_int_equal(strlen(kp_buf_str(&b)), 10000);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(b.data[i], 'a' + i % 26);
    kp_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(kp_buf_str(&b), "");
    assert_int_equal(kp_buf_puts(&b, "again"), KP_OK);
    assert_string_equal(kp_buf_str(&b), "again");
    kp_buf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    /* Usable again after free. */
    assert_int_equal(kp_buf_puts(&b, "more"), KP_OK);
    assert_string_equal(kp_buf_str(&b), "more");
    kp_buf_free(&b);
}

static void test_printf(void **state)
{
    (void)state;
    kp_buf b;
    kp_buf_init(&b, 0);
    assert_int_equal(kp_buf_printf(&b, "%s: %d", "limit", 30), KP_OK);
    assert_int_equal(kp_buf_printf(&b, "; %05.1f|%-4s|%x", 2.5, "ab", 255), KP_OK);
    assert_string_equal(kp_buf_str(&b), "limit: 30; 002.5|ab  |ff");
    assert_int_equal(b.len, strlen("limit: 30; 002.5|ab  |ff"));
    assert_int_equal(kp_buf_printf(&b, "%s", ""), KP_OK);
    assert_int_equal(b.len, strlen("limit: 30; 002.5|ab  |ff"));
    /* Long output through printf grows the buffer. */
    kp_buf_reset(&b);
    assert_int_equal(kp_buf_printf(&b, "%5000d", 7), KP_OK);
    assert_int_equal(b.len, 5000);
    assert_int_equal(b.data[4999], '7');
    assert_int_equal(b.data[0], ' ');
    assert_int_equal(b.data[5000], '\0');
    kp_buf_free(&b);
}

static void test_cap(void **state)
{
    (void)state;
    kp_buf b;
    kp_buf_init(&b, 10);
    assert_int_equal(kp_buf_puts(&b, "0123456789"), KP_OK); /* exactly the cap */
    assert_int_equal(kp_buf_putc(&b, 'x'), KP_ETOOBIG);
    assert_string_equal(kp_buf_str(&b), "0123456789"); /* unchanged by the failure */
    assert_int_equal(kp_buf_append(&b, "", 0), KP_OK);
    kp_buf_reset(&b);
    assert_int_equal(kp_buf_puts(&b, "01234567890"), KP_ETOOBIG);
    assert_string_equal(kp_buf_str(&b), "");
    assert_int_equal(kp_buf_printf(&b, "%d", 12345), KP_OK);
    assert_int_equal(kp_buf_printf(&b, "%d", 123456), KP_ETOOBIG);
    assert_string_equal(kp_buf_str(&b), "12345");
    assert_int_equal(kp_buf_printf(&b, "%d", 12345), KP_OK);
    assert_string_equal(kp_buf_str(&b), "1234512345");
    /* A length that would overflow len + n. */
    assert_int_equal(kp_buf_append(&b, "x", SIZE_MAX), KP_ETOOBIG);
    assert_int_equal(kp_buf_append(&b, "x", SIZE_MAX - 3), KP_ETOOBIG);
    assert_string_equal(kp_buf_str(&b), "1234512345");
    kp_buf_free(&b);

    /* With no practical cap, a size that leaves no room for the NUL fails
     * cleanly instead of wrapping the allocation size to zero. */
    kp_buf_init(&b, SIZE_MAX);
    assert_int_equal(kp_buf_puts(&b, "ab"), KP_OK);
    assert_int_equal(kp_buf_append(&b, "x", SIZE_MAX - 2), KP_ETOOBIG);
    assert_string_equal(kp_buf_str(&b), "ab");
    kp_buf_free(&b);
}

static void test_take(void **state)
{
    (void)state;
    kp_buf b;
    kp_buf_init(&b, 0);
    assert_int_equal(kp_buf_puts(&b, "mine now"), KP_OK);
    char *s = kp_buf_take(&b);
    assert_string_equal(s, "mine now");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_string_equal(kp_buf_str(&b), "");
    /* The buffer is empty and reusable; the taken text is independent. */
    assert_int_equal(kp_buf_puts(&b, "next"), KP_OK);
    assert_string_equal(s, "mine now");
    free(s);
    kp_buf_free(&b);
}

static void test_self_append(void **state)
{
    (void)state;
    /* Appending the buffer's own text must survive the reallocation that the
     * append itself causes (ASan reports a use-after-free otherwise). */
    kp_buf b;
    kp_buf_init(&b, 0);
    assert_int_equal(kp_buf_puts(&b, "abc"), KP_OK);
    for (int i = 0; i < 12; i++)
        assert_int_equal(kp_buf_append(&b, b.data, b.len), KP_OK);
    assert_int_equal(b.len, 3u << 12);
    for (size_t i = 0; i < b.len; i++)
        assert_int_equal(b.data[i], "abc"[i % 3]);
    /* A tail of itself, too. */
    kp_buf_reset(&b);
    assert_int_equal(kp_buf_puts(&b, "0123456789"), KP_OK);
    assert_int_equal(kp_buf_append(&b, b.data + 7, 3), KP_OK);
    assert_string_equal(kp_buf_str(&b), "0123456789789");
    kp_buf_free(&b);
}

static kp_rc call_vprintf(kp_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kp_rc rc = kp_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

static void test_bad_args(void **state)
{
    (void)state;
    kp_buf b;
    kp_buf_init(&b, 0);
    assert_int_equal(kp_buf_append(&b, NULL, 3), KP_EINVAL);
    assert_int_equal(kp_buf_puts(&b, NULL), KP_EINVAL);
    const char *volatile no_fmt = NULL; /* hides the NULL from -Wformat */
    assert_int_equal(call_vprintf(&b, no_fmt), KP_EINVAL);
    assert_int_equal(b.len, 0);

    assert_int_equal(kp_buf_append(NULL, "x", 1), KP_EINVAL);
    assert_int_equal(kp_buf_puts(NULL, "x"), KP_EINVAL);
    assert_int_equal(kp_buf_putc(NULL, 'x'), KP_EINVAL);
    assert_int_equal(kp_buf_printf(NULL, "%d", 1), KP_EINVAL);
    assert_int_equal(call_vprintf(NULL, "%d", 1), KP_EINVAL);
    assert_string_equal(kp_buf_str(NULL), "");
    char *s = kp_buf_take(NULL);
    assert_string_equal(s, "");
    free(s);
    kp_buf_init(NULL, 0);
    kp_buf_reset(NULL);
    kp_buf_free(NULL);

    /* A zeroed struct that was never initialised behaves as empty. */
    kp_buf z = {0};
    assert_string_equal(kp_buf_str(&z), "");
    kp_buf_free(&z);
    kp_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),       cmocka_unit_test(test_append),
        cmocka_unit_test(test_append_nothing_allocates_text),
        cmocka_unit_test(test_growth),      cmocka_unit_test(test_printf),
        cmocka_unit_test(test_cap),         cmocka_unit_test(test_take),
        cmocka_unit_test(test_self_append), cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
