/* The CSV reader imports go through (src/service/csv_file.c): the line
 * each row starts on, whatever the line breaks, and the bytes it refuses.
 * The cases come from what tests/fuzz/fuzz_csv found. */
#define _GNU_SOURCE /* memfd_create */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
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

/* ---- the reader against libcsv itself ----
 *
 * Lines without quotes are split by the reader itself (csv_file.c's
 * split_line), the others by libcsv: whatever the mix, the rows must be
 * those libcsv alone makes of the same bytes. */

typedef struct oracle {
    char **fields; /* every value of every row, one after another */
    size_t *row_n; /* values per row */
    size_t nfields, nrows, cap_f, cap_r;
    size_t pending; /* values of the row being made */
} oracle;

static void oracle_field(void *s, size_t len, void *data)
{
    oracle *o = data;
    if (o->nfields == o->cap_f) {
        o->cap_f = o->cap_f ? o->cap_f * 2 : 64;
        o->fields = realloc(o->fields, o->cap_f * sizeof *o->fields);
    }
    char *v = malloc(len + 1);
    memcpy(v, s, len);
    v[len] = '\0';
    o->fields[o->nfields++] = v;
    o->pending++;
}

static void oracle_row(int c, void *data)
{
    (void)c;
    oracle *o = data;
    if (o->nrows == o->cap_r) {
        o->cap_r = o->cap_r ? o->cap_r * 2 : 64;
        o->row_n = realloc(o->row_n, o->cap_r * sizeof *o->row_n);
    }
    o->row_n[o->nrows++] = o->pending;
    o->pending = 0;
}

/* libcsv's rows of text, as the reader configures it; false when libcsv
 * refuses the text. */
static bool oracle_read(const char *text, size_t n, oracle *o)
{
    memset(o, 0, sizeof *o);
    struct csv_parser p;
    assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
    bool ok = csv_parse(&p, text, n, oracle_field, oracle_row, o) == n;
    if (ok)
        ok = csv_fini(&p, oracle_field, oracle_row, o) == 0;
    csv_free(&p);
    return ok;
}

static void oracle_free(oracle *o)
{
    for (size_t i = 0; i < o->nfields; i++)
        free(o->fields[i]);
    free(o->fields);
    free(o->row_n);
}

static uint32_t next_random(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

/* A file of lines made of letters, blanks, commas and line breaks of all
 * three kinds; with `quotes`, now and then a quoted value (over lines, with
 * a doubled quote), so that libcsv's lines and the reader's own alternate. */
static size_t random_file(uint32_t *seed, bool quotes, char *out, size_t cap)
{
    static const char *const pieces[] = {"a", "bc", "7", " ", "\t", ",", ",", "\n", "\r\n", "\r", "x y", ", ,"};
    /* Each a whole value between commas, as a strict reader wants it. */
    static const char *const quoted[] = {",\"q\",", ",\"a,b\",", ",\"two\nlines\",", ",\"say \"\"hi\"\"\",",
                                         ", \"p\" ,", "\n\"x\r\ny\"\n"};
    size_t n = 0, parts = 5 + next_random(seed) % 60;
    for (size_t i = 0; i < parts; i++) {
        const char *piece = pieces[next_random(seed) % (sizeof pieces / sizeof *pieces)];
        if (quotes && next_random(seed) % 8 == 0)
            piece = quoted[next_random(seed) % (sizeof quoted / sizeof *quoted)];
        size_t len = strlen(piece);
        if (n + len >= cap)
            break;
        memcpy(out + n, piece, len);
        n += len;
    }
    return n;
}

static void test_same_rows_as_libcsv(void **state)
{
    (void)state;
    uint32_t seed = 2463534242u;
    size_t compared = 0, fast_only = 0;
    for (int round = 0; round < 4000; round++) {
        char text[1024];
        bool quotes = round % 2 == 1;
        size_t n = random_file(&seed, quotes, text, sizeof text);
        oracle o;
        bool ok = oracle_read(text, n, &o);
        kp_csv c;
        char err[256] = "";
        kp_rc rc = read_text(text, n, &c, err, sizeof err);
        if (!ok || o.nrows == 0) {
            /* Refused by libcsv, or no header row: the reader refuses too. */
            assert_int_not_equal(rc, KP_OK);
            oracle_free(&o);
            continue;
        }
        if (rc)
            fail_msg("round %d: refused what libcsv reads: %s", round, err);
        assert_int_equal(c.n + 1, o.nrows);
        size_t at = 0;
        for (size_t r = 0; r < o.nrows; r++) {
            const kp_csv_row *row = r == 0 ? &c.header : &c.rows[r - 1];
            assert_int_equal(row->n, o.row_n[r]);
            for (size_t f = 0; f < o.row_n[r]; f++)
                assert_string_equal(row->fields[f], o.fields[at + f]);
            at += o.row_n[r];
        }
        compared++;
        fast_only += !quotes;
        kp_csv_free(&c);
        oracle_free(&o);
    }
    /* The files were mostly readable ones, of both sorts. */
    assert_true(fast_only > 1000);
    assert_true(compared - fast_only > 500);
}

/* A stream of many rows reuses the block of the row before: the rows stay
 * right whatever their lengths. */
static void test_rows_of_changing_length(void **state)
{
    (void)state;
    char text[16384];
    size_t n = (size_t)snprintf(text, sizeof text, "id,v\n");
    for (int i = 1; i <= 300; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%d,%.*s\n", i, (i * 37) % 41, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    int fd = memfd_create("test-csv", 0);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    kp_csv_reader *r = NULL;
    kp_csv_problem p;
    assert_int_equal(kp_csv_open(path, 0, &r, &p), KP_OK);
    const kp_csv_row *row = NULL;
    kp_csv_row kept = {0};
    for (int i = 1; i <= 300; i++) {
        assert_int_equal(kp_csv_next(r, &row, &p), KP_OK);
        assert_non_null(row);
        char id[16];
        snprintf(id, sizeof id, "%d", i);
        assert_string_equal(row->fields[0], id);
        assert_int_equal(strlen(row->fields[1]), (size_t)((i * 37) % 41));
        assert_int_equal(row->line, i + 1);
        if (i == 150)
            kp_csv_take(r, &kept); /* the caller's now, whatever comes after */
    }
    assert_int_equal(kp_csv_next(r, &row, &p), KP_OK);
    assert_null(row);
    assert_string_equal(kept.fields[0], "150");
    assert_int_equal(strlen(kept.fields[1]), (size_t)((150 * 37) % 41));
    kp_csv_row_free(&kept);
    kp_csv_close(r);
    close(fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_breaks),
        cmocka_unit_test(test_row_starting_with_a_multiline_field),
        cmocka_unit_test(test_nul_refused),
        cmocka_unit_test(test_same_rows_as_libcsv),
        cmocka_unit_test(test_rows_of_changing_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
