/* CSV files through libcsv, read as a stream (see csv_file.h). */
#include "service/transfer/csv_file.h"
#include "core/mem.h"
#include "core/text.h"
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IN_SIZE (64u * 1024u) /* bytes read from the file at a time */

struct kp_csv_reader {
    int fd;
    struct csv_parser p;
    /* input: in[in_pos..in_len) is still to be fed */
    char *in;
    size_t in_len, in_pos;
    bool eof, finished, at_start;
    long line;       /* line being fed to the parser, from 1; lines end at LF, CR LF or CR */
    size_t line_off; /* bytes of that line fed before the current piece */
    long row_start;  /* line the current row starts on, 0 = not begun */
    /* the row being assembled: its values one after another, NUL-terminated */
    char *data;
    size_t dlen, dcap;
    size_t *offs; /* start of each kept value in data */
    size_t ocap;
    size_t nfields;
    /* rows completed by the last piece fed, waiting to be handed out, and
     * the size of each one's block */
    kp_csv_row *queue;
    size_t *qsize;
    size_t qhead, qlen, qcap;
    kp_csv_row current; /* the row last handed out (owned until the next call) */
    size_t current_size; /* its block's size; 0 once handed over (kp_csv_take) */
    /* the block of a row already read, kept for the next row: a file of a
     * million rows is read without a million allocations */
    char *spare;
    size_t spare_size;
    kp_csv_row header;
    bool have_header, skip_header;
    kp_csv_problem bad; /* set by the callbacks */
};

void kp_csv_row_free(kp_csv_row *row)
{
    free(row->fields);
    memset(row, 0, sizeof *row);
}

static void fail(kp_csv_reader *r, kp_csv_fault f, long column, size_t at)
{
    if (r->bad.fault)
        return;
    r->bad = (kp_csv_problem){.fault = f, .line = r->row_start ? r->row_start : r->line, .column = column, .at = at};
}

static void on_field(void *s, size_t len, void *data)
{
    kp_csv_reader *r = data;
    if (r->bad.fault)
        return;
    if (r->row_start == 0)
        r->row_start = r->line;
    long column = (long)++r->nfields;
    if (len > KP_CSV_FIELD_MAX) {
        fail(r, KP_CSV_E_FIELD_LONG, column, 0);
        return;
    }
    if (r->nfields > KP_CSV_FIELDS_MAX)
        return; /* counted, not kept: the row is refused for its field count */
    if (r->dlen + len + 1 > KP_CSV_ROW_MAX) {
        fail(r, KP_CSV_E_ROW_LONG, column, 0);
        return;
    }
    if (r->dlen + len + 1 > r->dcap) {
        size_t cap = r->dcap ? r->dcap : 256;
        while (cap < r->dlen + len + 1)
            cap *= 2;
        r->data = kp_xrealloc(r->data, cap);
        r->dcap = cap;
    }
    if (r->nfields > r->ocap) {
        r->ocap = r->ocap ? r->ocap * 2 : 16;
        r->offs = kp_xrealloc(r->offs, r->ocap * sizeof *r->offs);
    }
    r->offs[r->nfields - 1] = r->dlen;
    if (len)
        memcpy(r->data + r->dlen, s, len);
    r->data[r->dlen + len] = '\0';
    r->dlen += len + 1;
}

/* The assembled values as one allocation: pointers first, then the text;
 * the spare block when it is large enough. *size is the block's size. */
static kp_csv_row finish_row(kp_csv_reader *r, size_t *size)
{
    size_t kept = r->nfields < KP_CSV_FIELDS_MAX ? r->nfields : KP_CSV_FIELDS_MAX;
    size_t ptrs = kept * sizeof(char *);
    size_t need = ptrs + r->dlen + 1;
    char *block;
    if (r->spare && r->spare_size >= need) {
        block = r->spare;
        *size = r->spare_size;
        r->spare = NULL;
        r->spare_size = 0;
    } else {
        /* Rounded up, so that rows a few bytes longer reuse the block. */
        *size = need < 256 ? 256 : (need + 255) & ~(size_t)255;
        block = kp_xmalloc(*size);
    }
    char **fields = (char **)(void *)block;
    char *text = block + ptrs;
    if (r->dlen)
        memcpy(text, r->data, r->dlen);
    for (size_t i = 0; i < kept; i++)
        fields[i] = text + r->offs[i];
    kp_csv_row row = {.fields = fields, .n = r->nfields, .nkept = kept, .line = r->row_start ? r->row_start : r->line};
    r->dlen = 0;
    r->nfields = 0;
    r->row_start = 0;
    return row;
}

static void on_row(int c, void *data)
{
    (void)c;
    kp_csv_reader *r = data;
    if (r->bad.fault)
        return;
    size_t size = 0;
    kp_csv_row row = finish_row(r, &size);
    if (!r->have_header) {
        r->header = row;
        r->have_header = true;
        return;
    }
    if (r->skip_header) {
        r->skip_header = false;
        kp_csv_row_free(&row);
        return;
    }
    if (r->qlen == r->qcap) {
        r->qcap = r->qcap ? r->qcap * 2 : 16;
        r->queue = kp_xrealloc(r->queue, r->qcap * sizeof *r->queue);
        r->qsize = kp_xrealloc(r->qsize, r->qcap * sizeof *r->qsize);
    }
    r->qsize[r->qlen] = size;
    r->queue[r->qlen++] = row;
}

/* Gives back the row last handed out: its block becomes the spare one
 * (the larger of the two is kept). */
static void release_current(kp_csv_reader *r)
{
    if (r->current.fields && r->current_size > r->spare_size) {
        free(r->spare);
        r->spare = (char *)(void *)r->current.fields;
        r->spare_size = r->current_size;
        memset(&r->current, 0, sizeof r->current);
    }
    kp_csv_row_free(&r->current);
    r->current_size = 0;
}

static kp_rc start_parser(kp_csv_reader *r, kp_csv_problem *p)
{
    if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        *p = (kp_csv_problem){.fault = KP_CSV_E_READ, .sys_errno = ENOMEM};
        return KP_EIO;
    }
    csv_set_blk_size(&r->p, 4096);
    r->in_len = r->in_pos = 0;
    r->eof = r->finished = false;
    r->at_start = true;
    r->line = 1;
    r->line_off = 0;
    r->row_start = 0;
    r->dlen = 0;
    r->nfields = 0;
    return KP_OK;
}

/* What the callbacks or the parser found wrong, as a result. */
static kp_rc problem(kp_csv_reader *r, kp_csv_problem *p)
{
    if (!r->bad.fault)
        return KP_OK;
    *p = r->bad;
    return p->fault == KP_CSV_E_READ ? KP_EIO : KP_EINVAL;
}

/* Reads more of the file into r->in, after the bytes not fed yet (a CR or
 * an incomplete UTF-8 character held back at the end of the last block). */
static kp_rc refill(kp_csv_reader *r, kp_csv_problem *p)
{
    size_t keep = r->in_len - r->in_pos;
    if (keep)
        memmove(r->in, r->in + r->in_pos, keep);
    r->in_pos = 0;
    r->in_len = keep;
    ssize_t got;
    do
        got = read(r->fd, r->in + keep, IN_SIZE - keep);
    while (got < 0 && errno == EINTR);
    if (got < 0) {
        r->bad = (kp_csv_problem){.fault = KP_CSV_E_READ, .line = r->line, .sys_errno = errno};
        return problem(r, p);
    }
    r->in_len += (size_t)got;
    if (got == 0)
        r->eof = true;
    else if (r->at_start && r->in_len >= 3 && memcmp(r->in, "\xEF\xBB\xBF", 3) == 0)
        r->in_pos = 3; /* a byte-order mark some spreadsheets write */
    r->at_start = false;
    return KP_OK;
}

/* Length of the next piece of in[0..n): up to and including a line break
 * (LF, CR LF or a CR alone; *ends_line set), or up to the end of the buffer
 * without cutting a UTF-8 character. 0 when more of the file is needed to
 * decide (a CR or a partial character at the end of the buffer). */
static size_t next_piece(const unsigned char *in, size_t n, bool eof, bool *ends_line)
{
    *ends_line = false;
    for (size_t i = 0; i < n; i++) {
        if (in[i] == '\n') {
            *ends_line = true;
            return i + 1;
        }
        if (in[i] == '\r') {
            if (i + 1 == n && !eof)
                return i; /* is it CR LF? feed what comes before, then see */
            *ends_line = true;
            return i + 1 < n && in[i + 1] == '\n' ? i + 2 : i + 1;
        }
    }
    if (eof)
        return n;
    /* Hold back a character whose last bytes are in the next block. */
    size_t lead = n;
    while (lead > 0 && n - lead < 3 && (in[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead > 0 && in[lead - 1] >= 0xC0) {
        unsigned char c = in[lead - 1];
        size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (n - (lead - 1) < want)
            return lead - 1;
    }
    return n;
}

/* Whether s[0..n) is ASCII without a NUL byte (so UTF-8 that
 * kp_text_check passes), and in *quote whether it holds a double quote. */
static bool plain_ascii(const char *s, size_t n, bool *quote)
{
    unsigned char any = 0;
    bool nul = false, q = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        any |= c;
        nul |= c == 0;
        q |= c == '"';
    }
    *quote = q;
    return !(any & 0x80) && !nul;
}

/* A whole line without quotes, begun outside any row: split here as libcsv
 * would (strict mode, comma, blanks being space and tab): blanks before a
 * value and after it are not part of it, a line of blanks is no row, and
 * the line break ends the last value and the row. The same callbacks take
 * the values, so every limit holds as for libcsv's. Much of an import is
 * such lines, and this costs a fraction of libcsv's byte-by-byte
 * callbacks. */
static void split_line(kp_csv_reader *r, const char *s, size_t n)
{
    enum { ROW_NOT_BEGUN, FIELD_NOT_BEGUN, FIELD_BEGUN } state = ROW_NOT_BEGUN;
    size_t from = 0, blanks = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool blank = c == ' ' || c == '\t', end = c == '\r' || c == '\n';
        if (state == FIELD_BEGUN) {
            if (c == ',' || end) {
                on_field((void *)(s + from), i - from - blanks, r);
                state = FIELD_NOT_BEGUN;
                if (end) {
                    on_row(c, r);
                    state = ROW_NOT_BEGUN;
                }
            } else {
                blanks = blank ? blanks + 1 : 0;
            }
        } else if (blank) {
            continue;
        } else if (end) {
            if (state == FIELD_NOT_BEGUN) {
                on_field((void *)(s + i), 0, r);
                on_row(c, r);
            }
            state = ROW_NOT_BEGUN;
        } else if (c == ',') {
            on_field((void *)(s + i), 0, r);
            state = FIELD_NOT_BEGUN;
        } else {
            state = FIELD_BEGUN;
            from = i;
            blanks = 0;
        }
    }
}

/* Feeds the parser one piece: a line with its line break, or what of it is
 * in the buffer. The bytes are checked first: a NUL or bytes that are not
 * UTF-8 end the reading, naming the line, the byte of the line and the
 * value they are in. Sets r->finished at the end of the file. */
static kp_rc pump(kp_csv_reader *r, kp_csv_problem *p)
{
    bool ends_line = false;
    size_t len = r->in_pos < r->in_len
                     ? next_piece((const unsigned char *)r->in + r->in_pos, r->in_len - r->in_pos, r->eof, &ends_line)
                     : 0;
    if (len == 0) {
        if (!r->eof)
            return refill(r, p);
        r->finished = true;
        if (csv_fini(&r->p, on_field, on_row, r) != 0)
            fail(r, KP_CSV_E_UNCLOSED, 0, 0);
        return problem(r, p);
    }
    const char *start = r->in + r->in_pos;
    r->in_pos += len;
    /* No row begun: libcsv has seen nothing since the last row but blanks
     * and line breaks (any other byte begins a row and sets row_start). */
    bool outside_row = r->row_start == 0 && r->nfields == 0;
    /* A row that has not begun starts on the first line with more than line
     * breaks and blanks (libcsv skips such lines; its first value may end
     * lines later). */
    for (size_t i = 0; r->row_start == 0 && r->nfields == 0 && i < len; i++)
        if (start[i] != '\r' && start[i] != '\n' && start[i] != ' ' && start[i] != '\t')
            r->row_start = r->line;
    kp_text_at at;
    bool quote = true;
    kp_text_fault t = plain_ascii(start, len, &quote) ? KP_TEXT_OK : kp_text_check(start, len, KP_TEXT_ANY, &at);
    size_t feed = t ? at.byte : len; /* up to the bad byte, so the value it is in is known */
    size_t used = feed;
    if (!t && !quote && outside_row && ends_line)
        split_line(r, start, len);
    else if (feed)
        used = csv_parse(&r->p, start, feed, on_field, on_row, r);
    if (used != feed && !r->bad.fault)
        r->bad = (kp_csv_problem){.fault = csv_error(&r->p) == CSV_EPARSE ? KP_CSV_E_QUOTES : KP_CSV_E_READ,
                                  .line = r->line,
                                  .sys_errno = ENOMEM};
    if (t && !r->bad.fault)
        r->bad = (kp_csv_problem){.fault = t == KP_TEXT_NUL ? KP_CSV_E_NUL : KP_CSV_E_UTF8,
                                  .line = r->line,
                                  .column = (long)r->nfields + 1,
                                  .at = r->line_off + at.byte + 1};
    /* A value still open (quoted, running over lines) is held by libcsv. */
    if (r->p.entry_pos > KP_CSV_FIELD_MAX)
        fail(r, KP_CSV_E_FIELD_LONG, (long)r->nfields + 1, 0);
    if (ends_line) {
        r->line++;
        r->line_off = 0;
    } else {
        r->line_off += len;
    }
    return problem(r, p);
}

static void drop_queue(kp_csv_reader *r)
{
    for (size_t i = r->qhead; i < r->qlen; i++)
        kp_csv_row_free(&r->queue[i]);
    r->qhead = r->qlen = 0;
}

void kp_csv_close(kp_csv_reader *r)
{
    if (!r)
        return;
    drop_queue(r);
    free(r->queue);
    free(r->qsize);
    kp_csv_row_free(&r->current);
    free(r->spare);
    kp_csv_row_free(&r->header);
    csv_free(&r->p);
    free(r->in);
    free(r->data);
    free(r->offs);
    if (r->fd >= 0)
        close(r->fd);
    free(r);
}

static const char *mode_name(mode_t m)
{
    if (S_ISDIR(m))
        return "directory";
    if (S_ISFIFO(m))
        return "FIFO";
    if (S_ISSOCK(m))
        return "socket";
    if (S_ISCHR(m))
        return "character device";
    if (S_ISBLK(m))
        return "block device";
    return "special file";
}

/* Opens path as a regular file without blocking on a FIFO or following a
 * final symbolic link when asked not to. Returns the descriptor or -1. */
static int open_regular(const char *path, unsigned flags, kp_csv_problem *p)
{
    int oflags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
    if (flags & KP_CSV_NOFOLLOW)
        oflags |= O_NOFOLLOW;
    int fd = open(path, oflags);
    if (fd < 0) {
        int err = errno;
        struct stat st;
        if ((flags & KP_CSV_NOFOLLOW) && err == ELOOP && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
            *p = (kp_csv_problem){.fault = KP_CSV_E_SYMLINK};
        else
            *p = (kp_csv_problem){.fault = KP_CSV_E_OPEN, .sys_errno = err};
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        *p = (kp_csv_problem){.fault = KP_CSV_E_OPEN, .sys_errno = errno};
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        *p = (kp_csv_problem){.fault = KP_CSV_E_NOT_FILE};
        snprintf(p->mode, sizeof p->mode, "%s", mode_name(st.st_mode));
        close(fd);
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

/* Reads until the header row is complete. */
static kp_rc read_header(kp_csv_reader *r, kp_csv_problem *p)
{
    while (!r->have_header && !r->finished) {
        kp_rc rc = pump(r, p);
        if (rc)
            return rc;
    }
    if (!r->have_header) {
        *p = (kp_csv_problem){.fault = KP_CSV_E_EMPTY};
        return KP_EINVAL;
    }
    return KP_OK;
}

kp_rc kp_csv_open(const char *path, unsigned flags, kp_csv_reader **out, kp_csv_problem *p)
{
    *out = NULL;
    memset(p, 0, sizeof *p);
    int fd = open_regular(path, flags, p);
    if (fd < 0)
        return p->fault == KP_CSV_E_OPEN ? KP_EIO : KP_EINVAL;
    kp_csv_reader *r = kp_xcalloc(1, sizeof *r);
    r->fd = fd;
    r->in = kp_xmalloc(IN_SIZE);
    kp_rc rc = start_parser(r, p);
    if (!rc)
        rc = read_header(r, p);
    if (rc) {
        kp_csv_close(r);
        return rc;
    }
    *out = r;
    return KP_OK;
}

const kp_csv_row *kp_csv_header(const kp_csv_reader *r)
{
    return &r->header;
}

kp_rc kp_csv_next(kp_csv_reader *r, const kp_csv_row **row, kp_csv_problem *p)
{
    *row = NULL;
    release_current(r);
    if (r->bad.fault)
        return problem(r, p);
    if (r->qhead == r->qlen) {
        r->qhead = r->qlen = 0;
        while (r->qlen == 0 && !r->finished) {
            kp_rc rc = pump(r, p);
            if (rc)
                return rc;
        }
        if (r->qlen == 0)
            return KP_OK;
    }
    r->current_size = r->qsize[r->qhead];
    r->current = r->queue[r->qhead++];
    *row = &r->current;
    return KP_OK;
}

void kp_csv_take(kp_csv_reader *r, kp_csv_row *out)
{
    *out = r->current;
    memset(&r->current, 0, sizeof r->current);
    r->current_size = 0;
}

kp_rc kp_csv_rewind(kp_csv_reader *r, kp_csv_problem *p)
{
    memset(p, 0, sizeof *p);
    drop_queue(r);
    release_current(r);
    csv_free(&r->p);
    memset(&r->p, 0, sizeof r->p);
    memset(&r->bad, 0, sizeof r->bad);
    if (lseek(r->fd, 0, SEEK_SET) != 0) {
        *p = (kp_csv_problem){.fault = KP_CSV_E_READ, .sys_errno = errno};
        r->bad = *p;
        r->finished = true;
        return KP_EIO;
    }
    kp_rc rc = start_parser(r, p);
    if (rc)
        return rc;
    r->skip_header = true; /* the header read first stays the one callers hold */
    return KP_OK;
}

void kp_csv_describe(const kp_csv_problem *p, bool en, char *out, size_t outlen)
{
    char in_value[48] = "";
    if (p->column)
        snprintf(in_value, sizeof in_value, en ? " in value %ld" : " %ld. vērtībā", p->column);
    switch (p->fault) {
    case KP_CSV_OK:
        snprintf(out, outlen, "%s", "");
        break;
    case KP_CSV_E_OPEN:
        snprintf(out, outlen, en ? "cannot open the file: %s" : "failu nevar atvērt: %s", strerror(p->sys_errno));
        break;
    case KP_CSV_E_SYMLINK:
        snprintf(out, outlen, "%s",
                 en ? "is a symbolic link, which an import does not follow: give the path of the file itself"
                    : "ir simboliskā saite, kurai imports neseko: norādiet paša faila ceļu");
        break;
    case KP_CSV_E_NOT_FILE:
        snprintf(out, outlen,
                 en ? "is not a regular file (it is a %s): give a CSV file"
                    : "nav parasts fails (tas ir: %s): norādiet CSV failu",
                 p->mode);
        break;
    case KP_CSV_E_READ:
        snprintf(out, outlen, en ? "the file could not be read: %s" : "failu nevarēja nolasīt: %s",
                 strerror(p->sys_errno));
        break;
    case KP_CSV_E_EMPTY:
        snprintf(out, outlen, "%s",
                 en ? "the file is empty; it needs a header row" : "fails ir tukšs; tam vajag virsrindu ar kolonnu nosaukumiem");
        break;
    case KP_CSV_E_QUOTES:
        snprintf(out, outlen, "%s",
                 en ? "a quote in the wrong place (check the quotes: a value with a comma, quote or line break is put in "
                      "double quotes, and a quote inside it is doubled)"
                    : "pēdiņa nepareizā vietā (pārbaudiet pēdiņas: vērtību ar komatu, pēdiņu vai rindas pārnesumu liek "
                      "pēdiņās, pēdiņu tajā dubulto)");
        break;
    case KP_CSV_E_UNCLOSED:
        snprintf(out, outlen, "%s",
                 en ? "the file ends inside a quoted value (a quote is not closed)"
                    : "fails beidzas pēdiņās ieliktas vērtības vidū (pēdiņa nav aizvērta)");
        break;
    case KP_CSV_E_UTF8:
        snprintf(out, outlen,
                 en ? "not UTF-8 text (byte %zu)%s; save the file as CSV UTF-8"
                    : "nav UTF-8 teksts (%zu. baits)%s; saglabājiet failu kā CSV UTF-8",
                 p->at, in_value);
        break;
    case KP_CSV_E_NUL:
        snprintf(out, outlen,
                 en ? "not UTF-8 text (byte %zu is NUL: UTF-16?)%s; text never holds a NUL byte: save the file as CSV "
                      "UTF-8"
                    : "nav UTF-8 teksts (%zu. baits ir NUL: UTF-16?)%s; tekstā NUL baita nav: saglabājiet failu kā CSV "
                      "UTF-8",
                 p->at, in_value);
        break;
    case KP_CSV_E_FIELD_LONG:
        snprintf(out, outlen,
                 en ? "a value longer than %u bytes%s: is a quote left open, or is this another kind of file?"
                    : "vērtība garāka par %u baitiem%s: vai nav atstāta vaļā pēdiņa, vai tas ir cits faila veids?",
                 KP_CSV_FIELD_MAX, in_value);
        break;
    case KP_CSV_E_ROW_LONG:
        snprintf(out, outlen,
                 en ? "the row is longer than %u bytes: is this another kind of file?"
                    : "rinda garāka par %u baitiem: vai tas nav cits faila veids?",
                 KP_CSV_ROW_MAX);
        break;
    }
}

/* ---- whole files ---- */

void kp_csv_free(kp_csv *c)
{
    kp_csv_row_free(&c->header);
    for (size_t i = 0; i < c->n; i++)
        kp_csv_row_free(&c->rows[i]);
    free(c->rows);
    memset(c, 0, sizeof *c);
}

kp_rc kp_csv_read(const char *path, kp_csv *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    kp_csv_reader *r = NULL;
    kp_csv_problem p;
    kp_rc rc = kp_csv_open(path, 0, &r, &p);
    const kp_csv_row *row = NULL;
    while (!rc && !(rc = kp_csv_next(r, &row, &p)) && row) {
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 64;
            out->rows = kp_xrealloc(out->rows, out->cap * sizeof *out->rows);
        }
        kp_csv_take(r, &out->rows[out->n++]);
    }
    if (!rc) {
        out->header = r->header;
        memset(&r->header, 0, sizeof r->header);
    } else {
        char msg[400];
        kp_csv_describe(&p, true, msg, sizeof msg);
        if (p.line)
            snprintf(err, errlen, "%s: line %ld: %s", path, p.line, msg);
        else
            snprintf(err, errlen, "%s: %s", path, msg);
        kp_csv_free(out);
    }
    kp_csv_close(r);
    return rc;
}

int kp_csv_header_column(const kp_csv_row *header, const char *name)
{
    for (size_t i = 0; i < header->nkept; i++)
        if (strcmp(header->fields[i], name) == 0)
            return (int)i;
    return -1;
}

int kp_csv_column(const kp_csv *c, const char *name)
{
    return kp_csv_header_column(&c->header, name);
}

const char *kp_csv_field(const kp_csv_row *r, int col)
{
    if (col < 0 || (size_t)col >= r->nkept)
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
