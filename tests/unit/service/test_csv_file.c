/* The CSV reader imports go through (src/service/csv_file.c): the line
 * each row starts on, whatever the line breaks, and the bytes it refuses.
 * The cases come from what tests/fuzz/fuzz_csv found. */
#define _GNU_SOURCE /* memfd_create */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "service/transfer/csv_file.h"

/* Reads `text` (n bytes) as a file. */
static kp_rc read_text(const char *text, size_t n, kp_csv *c, char *err, size_t errlen)
{
    int fd = memfd_create("test-csv", 0);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    kp_rc rc = kp_csv_read(path, c, err, errlen);
    close(fd);
    return rc;
}

/* Reads text and checks the rows' first fields and lines. */
static void expect_lines(const char *text, size_t nrows, const char *const *first, const long *lines)
{
    kp_csv c;
    char err[256] = "";
    kp_rc rc = read_text(text, strlen(text), &c, err, sizeof err);
    if (rc)
        fail_msg("refused: %s", err);
    assert_int_equal(c.header.line, 1);
    assert_int_equal(c.n, nrows);
    for (size_t i = 0; i < nrows; i++) {
        assert_string_equal(kp_csv_field(&c.rows[i], 0), first[i]);
        assert_int_equal(c.rows[i].line, lines[i]);
    }
    kp_csv_free(&c);
}

static void test_line_breaks(void **state)
{
    (void)state;
    static const char *const ab[] = {"a", "b"};
    static const long l23[] = {2, 3};
    expect_lines("id,x\na,1\nb,2\n", 2, ab, l23);
    expect_lines("id,x\r\na,1\r\nb,2\r\n", 2, ab, l23);
    /* CR alone ends a line too: every row used to be "line 1". */
    expect_lines("id,x\ra,1\rb,2\r", 2, ab, l23);
    expect_lines("id,x\ra,1\rb,2", 2, ab, l23);
    /* Empty lines are skipped but counted. */
    static const long l35[] = {3, 5};
    expect_lines("id,x\n\na,1\n\nb,2\n", 2, ab, l35);
    expect_lines("id,x\n \t\na,1\n  \r\nb,2\n", 2, ab, l35);
}

static void test_row_starting_with_a_multiline_field(void **state)
{
    (void)state;
    /* The row starts on the line of its opening quote, not where the field
     * ends (it used to be given the line of the field's end). */
    static const char *const rows[] = {"two\nlines", "b"};
    static const long lines[] = {2, 4};
    expect_lines("id,x\n\"two\nlines\",1\nb,2\n", 2, rows, lines);
}

static void test_nul_refused(void **state)
{
    (void)state;
    kp_csv c;
    char err[256] = "";
    /* UTF-16 without a byte-order mark: used to be read as fields cut at the
     * first NUL ("i", "n", …). */
    static const char utf16[] = "i\0d\0,\0n\0a\0m\0e\0\n\0";
    assert_int_equal(read_text(utf16, sizeof utf16 - 1, &c, err, sizeof err), KP_EINVAL);
    assert_non_null(strstr(err, "line 1: not UTF-8 text (byte 2 is NUL: UTF-16?)"));
    assert_int_equal(c.n, 0);
    static const char later[] = "id,name\n1,a\0b\n";
    assert_int_equal(read_text(later, sizeof later - 1, &c, err, sizeof err), KP_EINVAL);
    assert_non_null(strstr(err, "line 2: not UTF-8 text (byte 4 is NUL"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_breaks),
        cmocka_unit_test(test_row_starting_with_a_multiline_field),
        cmocka_unit_test(test_nul_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
