/* Escaping HTML writers (see html.h). */
#include "web/html.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_html_init(kp_html *h)
{
    kp_buf_init(&h->buf, KP_HTML_MAX);
    h->overflow = false;
}

void kp_html_free(kp_html *h)
{
    kp_buf_free(&h->buf);
    h->overflow = false;
}

const char *kp_html_str(const kp_html *h)
{
    return kp_buf_str(&h->buf);
}

size_t kp_html_len(const kp_html *h)
{
    return h->buf.len;
}

static void put(kp_html *h, const char *s, size_t n)
{
    if (h->overflow || n == 0)
        return;
    /* The common case in place: room for n bytes and the NUL, within the
     * buffer's limit (s is the caller's text or an earlier part of the
     * buffer, never the free space after len, so the copy cannot overlap). */
    kp_buf *b = &h->buf;
    if (b->data && n < b->cap - b->len && n <= b->max - b->len) {
        memcpy(b->data + b->len, s, n);
        b->len += n;
        b->data[b->len] = '\0';
        return;
    }
    if (kp_buf_append(b, s, n))
        h->overflow = true;
}

/* Length of the valid UTF-8 sequence at p (1–4), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *p, size_t room)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (room < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

bool kp_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] == 0)
            return false;
        size_t k = utf8_seq(p + i, n - i);
        if (!k)
            return false;
        i += k;
    }
    return true;
}

/* Bytes written as they are: printable ASCII but & < > " ' and the
 * controls \t \n \r (a byte that is 0 here takes the slow path). */
static const unsigned char PLAIN[256] = {
    ['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
    [' '] = 1, ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['('] = 1, [')'] = 1, ['*'] = 1, ['+'] = 1,
    [','] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
    ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, [':'] = 1, [';'] = 1, ['='] = 1, ['?'] = 1,
    ['@'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1,
    ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['['] = 1, ['\\'] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1,
    ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
    ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1,
    [0x7F] = 1};

static void escape_text(kp_html *h, const char *s)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
    /* Most text is plain ASCII: one table look-up a byte until the first
     * byte that needs a look (or the end), then the whole run in one copy. */
    size_t i = 0;
    while (PLAIN[p[i]])
        i++;
    if (!p[i]) {
        put(h, s, i);
        return;
    }
    size_t n = i + strlen(s + i), start = 0;
    while (i < n) {
        while (PLAIN[p[i]]) /* p[n] is the NUL, which is not plain */
            i++;
        if (i >= n)
            break;
        const char *rep = NULL;
        size_t k = 1;
        switch (p[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if (p[i] < 0x20 && p[i] != '\n' && p[i] != '\t' && p[i] != '\r') {
                rep = "\xEF\xBF\xBD"; /* controls are not allowed in HTML text */
            } else if (p[i] >= 0x80) {
                k = utf8_seq(p + i, n - i);
                if (!k) {
                    rep = "\xEF\xBF\xBD";
                    k = 1;
                }
            }
        }
        if (rep) {
            put(h, s + start, i - start);
            put(h, rep, strlen(rep));
            i += k;
            start = i;
        } else {
            i += k;
        }
    }
    put(h, s + start, n - start);
}

void html_text(kp_html *h, const char *s)
{
    escape_text(h, s);
}

void html_textf(kp_html *h, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        escape_text(h, small);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        h->overflow = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    escape_text(h, big);
    free(big);
}

void html_attr(kp_html *h, const char *s)
{
    escape_text(h, s);
}

static void percent(kp_html *h, const char *s, bool keep_slash)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s)
        return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~' || (keep_slash && c == '/')) {
            char ch = (char)c;
            put(h, &ch, 1);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            put(h, e, 3);
        }
    }
}

void html_url_arg(kp_html *h, const char *s)
{
    percent(h, s, false);
}

void html_url_path(kp_html *h, const char *s)
{
    if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\') {
        put(h, "/", 1);
        return;
    }
    percent(h, s, true);
}

void html_json_script(kp_html *h, const char *json)
{
    if (!json)
        return;
    const char *s = json;
    size_t start = 0, i = 0, n = strlen(json);
    while (i < n) {
        const char *rep = NULL;
        size_t k = 1;
        unsigned char c = (unsigned char)s[i];
        if (c == '<')
            rep = "\\u003c";
        else if (c == '>')
            rep = "\\u003e";
        else if (c == '&')
            rep = "\\u0026";
        else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0xA8) {
            rep = "\\u2028";
            k = 3;
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0xA9) {
            rep = "\\u2029";
            k = 3;
        }
        if (rep) {
            put(h, s + start, i - start);
            put(h, rep, strlen(rep));
            i += k;
            start = i;
        } else {
            i++;
        }
    }
    put(h, s + start, n - start);
}

void html_int(kp_html *h, int64_t v)
{
    /* What "%lld" writes, without snprintf (a card writes some thirty ids). */
    char b[24];
    char *e = b + sizeof b, *p = e;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    put(h, p, (size_t)(e - p));
}

void html_report_svg(kp_html *h, const kp_buf *svg)
{
    if (svg && svg->len)
        put(h, svg->data, svg->len);
}

void html_raw_trusted(kp_html *h, const char *markup)
{
    if (markup)
        put(h, markup, strlen(markup));
}
