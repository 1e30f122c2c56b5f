/* CSV files through libcsv (see csv_file.h). */
#include "service/csv_file.h"
#include "core/mem.h"
#include <csv.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
    kp_csv *out;
    kp_csv_row cur;
    size_t cur_cap;
    long line;       /* line being fed to the parser */
    long row_start;  /* line the current row began on, 0 = none yet */
    bool have_header;
} reader;

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->cur.n == r->cur_cap) {
        r->cur_cap = r->cur_cap ? r->cur_cap * 2 : 16;
        r->cur.fields = kp_xrealloc(r->cur.fields, r->cur_cap * sizeof *r->cur.fields);
    }
    r->cur.fields[r->cur.n++] = kp_xstrndup(s ? s : "", len);
}

static void on_row(int c, void *data)
{
    (void)c;
    reader *r = data;
    r->cur.line = r->row_start ? r->row_start : r->line;
    if (!r->have_header) {
        r->out->header = r->cur;
        r->have_header = true;
    } else {
        kp_csv *o = r->out;
        if (o->n == o->cap) {
            o->cap = o->cap ? o->cap * 2 : 64;
            o->rows = kp_xrealloc(o->rows, o->cap * sizeof *o->rows);
        }
        o->rows[o->n++] = r->cur;
    }
    memset(&r->cur, 0, sizeof r->cur);
    r->cur_cap = 0;
    r->row_start = 0;
}

/* Strict UTF-8 check (no overlongs, no surrogates): CSV files must be UTF-8
 * and a file in another encoding is refused rather than stored as mojibake.
 * A NUL byte is refused too: text has none, and a UTF-16 file without a
 * byte-order mark (ASCII with NULs between) would otherwise be read as
 * fields cut at the first NUL. */
static bool valid_utf8(const unsigned char *s, size_t n, size_t *bad)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t len;
        unsigned cp;
        if (c == 0) {
            *bad = i;
            return false;
        } else if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            len = 2;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            len = 3;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            len = 4;
            cp = c & 0x07;
        } else {
            *bad = i;
            return false;
        }
        if (i + len > n) {
            *bad = i;
            return false;
        }
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80) {
                *bad = i;
                return false;
            }
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff)) {
            *bad = i;
            return false;
        }
        i += len;
    }
    return true;
}

static void free_row(kp_csv_row *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->fields[i]);
    free(r->fields);
    memset(r, 0, sizeof *r);
}

void kp_csv_free(kp_csv *c)
{
    free_row(&c->header);
    for (size_t i = 0; i < c->n; i++)
        free_row(&c->rows[i]);
    free(c->rows);
    memset(c, 0, sizeof *c);
}

/* Checks and parses one line (terminator included). A row that has not
 * begun yet begins on the first line with something other than line breaks,
 * spaces and tabs (libcsv skips such lines; a row's first field may end
 * lines later). */
static kp_rc feed_line(struct csv_parser *p, reader *r, const char *s, size_t n, const char *path, char *err,
                       size_t errlen)
{
    size_t bad;
    if (!valid_utf8((const unsigned char *)s, n, &bad)) {
        snprintf(err, errlen, "%s: line %ld: not UTF-8 text (byte %zu%s); save the file as UTF-8 CSV", path, r->line,
                 bad + 1, s[bad] == 0 ? " is NUL: UTF-16?" : "");
        return KP_EINVAL;
    }
    for (size_t i = 0; r->row_start == 0 && r->cur.n == 0 && i < n; i++)
        if (s[i] != '\r' && s[i] != '\n' && s[i] != ' ' && s[i] != '\t')
            r->row_start = r->line;
    if (csv_parse(p, s, n, on_field, on_row, r) != n) {
        snprintf(err, errlen, "%s: line %ld: %s (check the quotes)", path, r->line, csv_strerror(csv_error(p)));
        return KP_EINVAL;
    }
    return KP_OK;
}

kp_rc kp_csv_read(const char *path, kp_csv *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return KP_EIO;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        fclose(f);
        snprintf(err, errlen, "%s: CSV parser could not start", path);
        return KP_EIO;
    }
    reader r = {.out = out};
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    kp_rc rc = KP_OK;
    /* Lines end at LF, CRLF or a lone CR (libcsv ends rows at each, and
     * spreadsheets on old Macs write CR alone), so every row gets the line it
     * starts on. Each line is fed to libcsv on its own. */
    bool first = true;
    while (rc == KP_OK && (got = getline(&line, &cap, f)) > 0) {
        const unsigned char *u = (const unsigned char *)line;
        size_t start = 0, n = (size_t)got;
        if (first && n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
            start = 3; /* a byte-order mark some spreadsheets write */
        first = false;
        do {
            size_t end = start;
            while (end < n && !(u[end] == '\r' && end + 1 < n && u[end + 1] != '\n'))
                end++;
            end = end < n ? end + 1 : n; /* [start, end): one line with its line break */
            r.line++;
            rc = feed_line(&p, &r, line + start, end - start, path, err, errlen);
            start = end;
        } while (rc == KP_OK && start < n);
    }
    if (rc == KP_OK && csv_fini(&p, on_field, on_row, &r) != 0) {
        snprintf(err, errlen, "%s: line %ld: %s (a quote is not closed)", path, r.line, csv_strerror(csv_error(&p)));
        rc = KP_EINVAL;
    }
    if (rc == KP_OK && ferror(f)) {
        snprintf(err, errlen, "%s: read error", path);
        rc = KP_EIO;
    }
    if (rc == KP_OK && !r.have_header) {
        snprintf(err, errlen, "%s: the file is empty; it needs a header row", path);
        rc = KP_EINVAL;
    }
    free(line);
    csv_free(&p);
    free_row(&r.cur);
    fclose(f);
    if (rc)
        kp_csv_free(out);
    return rc;
}

int kp_csv_column(const kp_csv *c, const char *name)
{
    for (size_t i = 0; i < c->header.n; i++)
        if (strcmp(c->header.fields[i], name) == 0)
            return (int)i;
    return -1;
}

const char *kp_csv_field(const kp_csv_row *r, int col)
{
    if (col < 0 || (size_t)col >= r->n)
        return "";
    return r->fields[col];
}

void kp_csv_put(FILE *f, const char *v, int first)
{
    if (!first)
        fputc(',', f);
    if (!v)
        return;
    /* Quote a value with a separator, quote or line break, and one with
     * spaces at either end, which the reader would otherwise trim. */
    size_t len = strlen(v);
    bool edge_space = len && (v[0] == ' ' || v[0] == '\t' || v[len - 1] == ' ' || v[len - 1] == '\t');
    if (strpbrk(v, ",\"\r\n") == NULL && !edge_space) {
        fputs(v, f);
        return;
    }
    fputc('"', f);
    for (; *v; v++) {
        if (*v == '"')
            fputc('"', f);
        fputc(*v, f);
    }
    fputc('"', f);
}

void kp_csv_end_row(FILE *f)
{
    fputc('\n', f);
}
