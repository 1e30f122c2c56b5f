/* Fuzz target: the CSV reader every import goes through
 * (src/service/csv_file.c, on libcsv). Any bytes are read or refused with a
 * message; what is read is UTF-8 text without NUL bytes, with line numbers
 * that only grow; the stream reader imports use gives the same rows twice
 * over (or refuses the same file); and writing the rows back with
 * kp_csv_put and reading that gives the same fields (the export → import
 * round trip). */
#define _GNU_SOURCE /* memfd_create, open_memstream */
#include "fuzz.h"
#include <sys/mman.h>
#include <unistd.h>
#include "service/transfer/csv_file.h"

/* The same strict UTF-8 rule as the reader's, written out here. */
static bool utf8_ok(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
        if (!len || i + len > n)
            return false;
        unsigned cp = len == 1 ? c : c & (0x7f >> len);
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

static void check_stream(const char *path, const kp_csv *c);

/* Reads bytes through a file only this process sees: kp_csv_read takes a
 * path, and /proc/self/fd/N of a memfd is one that never touches the disk. */
static kp_rc read_bytes(const void *data, size_t size, kp_csv *c, char *err, size_t errlen, bool stream)
{
    int fd = memfd_create("kopa-fuzz-csv", 0);
    FUZZ_CHECK(fd >= 0);
    FUZZ_CHECK(size == 0 || write(fd, data, size) == (ssize_t)size);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    kp_rc rc = kp_csv_read(path, c, err, errlen);
    if (stream)
        check_stream(path, rc == KP_OK ? c : NULL);
    close(fd);
    return rc;
}

static bool same_values(const kp_csv_row *a, const kp_csv_row *b)
{
    if (a->n != b->n || a->nkept != b->nkept)
        return false;
    for (size_t i = 0; i < a->nkept; i++)
        if (strcmp(a->fields[i], b->fields[i]) != 0)
            return false;
    return true;
}

/* A row keeps its first KP_CSV_FIELDS_MAX values and counts the rest. */
static void check_row(const kp_csv_row *r)
{
    FUZZ_CHECK(r->nkept == (r->n < KP_CSV_FIELDS_MAX ? r->n : KP_CSV_FIELDS_MAX));
    for (size_t i = 0; i < r->nkept; i++) {
        const char *f = r->fields[i];
        FUZZ_CHECK(f != NULL);
        FUZZ_CHECK(utf8_ok((const unsigned char *)f, strlen(f)));
        FUZZ_CHECK(kp_csv_field(r, (int)i) == f);
    }
    FUZZ_CHECK(kp_csv_field(r, -1)[0] == '\0' && kp_csv_field(r, (int)r->nkept)[0] == '\0');
}

static void put_row(FILE *f, const kp_csv_row *r)
{
    for (size_t i = 0; i < r->nkept; i++)
        kp_csv_put(f, r->fields[i], i == 0);
    kp_csv_end_row(f);
}

static bool same_row(const kp_csv_row *a, const kp_csv_row *b)
{
    return same_values(a, b);
}

/* A row of one empty field is written as an empty line, which CSV readers
 * skip; a row with more values than are kept cannot be written whole. The
 * round trip compares the rows that can be written. */
static bool writable(const kp_csv_row *r)
{
    return !(r->n == 1 && r->fields[0][0] == '\0') && r->n == r->nkept;
}

/* The stream reader, which imports use, read twice over (as for clients
 * whose rows name later rows) gives the rows kp_csv_read gave (c), with the
 * same lines, both times; or, when kp_csv_read refused the file (c NULL),
 * refuses it too, saying why. */
static void check_stream(const char *path, const kp_csv *c)
{
    kp_csv_reader *r = NULL;
    kp_csv_problem p;
    char msg[400];
    if (kp_csv_open(path, 0, &r, &p) != KP_OK) {
        FUZZ_CHECK(c == NULL && p.fault != KP_CSV_OK);
        kp_csv_describe(&p, true, msg, sizeof msg);
        FUZZ_CHECK(msg[0] != '\0');
        return;
    }
    FUZZ_CHECK(c == NULL || same_values(kp_csv_header(r), &c->header));
    for (int pass = 0; pass < 2; pass++) {
        const kp_csv_row *row = NULL;
        size_t i = 0;
        kp_rc rc;
        while ((rc = kp_csv_next(r, &row, &p)) == KP_OK && row) {
            FUZZ_CHECK(c == NULL || (i < c->n && same_values(row, &c->rows[i]) && row->line == c->rows[i].line));
            i++;
        }
        if (c)
            FUZZ_CHECK(rc == KP_OK && i == c->n);
        else
            FUZZ_CHECK(rc != KP_OK && p.fault != KP_CSV_OK);
        FUZZ_CHECK(kp_csv_rewind(r, &p) == KP_OK);
    }
    kp_csv_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kp_csv c;
    char err[512] = "";
    kp_rc rc = read_bytes(data, size, &c, err, sizeof err, true);
    if (rc != KP_OK) {
        FUZZ_CHECK(rc == KP_EINVAL); /* the file is there: only the content can be wrong */
        FUZZ_CHECK(err[0] != '\0');  /* a refusal always says why */
        FUZZ_CHECK(c.n == 0 && c.rows == NULL && c.header.fields == NULL);
        return 0;
    }
    FUZZ_CHECK(size > 0);
    /* Every byte read is text: a file with NUL bytes (UTF-16 without a
     * byte-order mark, a binary) is refused, not half read. */
    FUZZ_CHECK(memchr(data, 0, size) == NULL);
    check_row(&c.header);
    FUZZ_CHECK(c.header.line >= 1);
    long last = c.header.line;
    for (size_t i = 0; i < c.n; i++) {
        check_row(&c.rows[i]);
        FUZZ_CHECK(c.rows[i].line > last);
        last = c.rows[i].line;
    }
    for (size_t i = 0; i < c.header.nkept; i++)
        FUZZ_CHECK(kp_csv_column(&c, c.header.fields[i]) <= (int)i && kp_csv_column(&c, c.header.fields[i]) >= 0);

    if (writable(&c.header)) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        FUZZ_CHECK(f != NULL);
        /* With a byte-order mark or without (the reader takes both); with one
         * when the first field starts with U+FEFF, which would otherwise be
         * taken for the mark. */
        if ((size & 1) || (c.header.n && strncmp(c.header.fields[0], "\xEF\xBB\xBF", 3) == 0))
            fputs("\xEF\xBB\xBF", f);
        put_row(f, &c.header);
        for (size_t i = 0; i < c.n; i++)
            if (writable(&c.rows[i]))
                put_row(f, &c.rows[i]);
        FUZZ_CHECK(fclose(f) == 0);
        kp_csv back;
        char err2[512] = "";
        if (read_bytes(buf, len, &back, err2, sizeof err2, false) != KP_OK) {
            fprintf(stderr, "written back, refused: %s\n", err2);
            FUZZ_CHECK(!"what kp_csv_put writes reads back");
        }
        FUZZ_CHECK(same_row(&back.header, &c.header));
        size_t j = 0;
        for (size_t i = 0; i < c.n; i++) {
            if (!writable(&c.rows[i]))
                continue;
            FUZZ_CHECK(j < back.n && same_row(&back.rows[j], &c.rows[i]));
            j++;
        }
        FUZZ_CHECK(j == back.n);
        kp_csv_free(&back);
        free(buf);
    }
    kp_csv_free(&c);
    return 0;
}
