/* JSON writer into a response buffer (see json_out.h). */
#include "web/json_out.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "core/text.h"

/* 1 for the bytes a JSON string holds as they are: printable ASCII other
 * than '"' and '\\' (one look-up per byte instead of four comparisons:
 * a list page writes some 20 000 bytes of names and keys). */
static const unsigned char PLAIN[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

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

static void put_u(kp_html *h, uint32_t unit)
{
    static const char HEX[] = "0123456789ABCDEF";
    char e[6] = {'\\', 'u', HEX[(unit >> 12) & 15], HEX[(unit >> 8) & 15], HEX[(unit >> 4) & 15], HEX[unit & 15]};
    put(h, e, sizeof e);
}

void kp_json_string(kp_html *h, const char *s)
{
    if (!h)
        return;
    put(h, "\"", 1);
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p);
    size_t i = 0;
    while (i < n) {
        /* The run of characters written as they are. */
        size_t j = i;
        while (j < n && PLAIN[p[j]])
            j++;
        put(h, (const char *)p + i, j - i);
        if (j == n)
            break;
        i = j;
        unsigned char c = p[i];
        const char *e = NULL;
        switch (c) {
        case '"': e = "\\\""; break;
        case '\\': e = "\\\\"; break;
        case '\b': e = "\\b"; break;
        case '\f': e = "\\f"; break;
        case '\n': e = "\\n"; break;
        case '\r': e = "\\r"; break;
        case '\t': e = "\\t"; break;
        default: break;
        }
        if (e) {
            put(h, e, 2);
            i++;
        } else if (c < 0x20) {
            put_u(h, c);
            i++;
        } else {
            uint32_t cp = 0;
            size_t len = kp_utf8_decode(p + i, n - i, &cp);
            if (!len) {
                put_u(h, 0xFFFD);
                i++;
            } else if (cp > 0xFFFF) {
                cp -= 0x10000;
                put_u(h, 0xD800 | (cp >> 10));
                put_u(h, 0xDC00 | (cp & 0x3FF));
                i += len;
            } else {
                put_u(h, cp);
                i += len;
            }
        }
    }
    put(h, "\"", 1);
}

void kp_jw_init(kp_jw *w, kp_html *h)
{
    if (!w)
        return;
    memset(w, 0, sizeof *w);
    w->h = h;
}

/* Before a value: the comma after the container's previous element, or
 * nothing after a key. A value inside an object without its key is a
 * caller's error. */
static bool value_due(kp_jw *w)
{
    if (!w || !w->h)
        return false;
    if (w->after_key) {
        w->after_key = false;
        return true;
    }
    if (w->depth > 0) {
        if (w->object[w->depth - 1]) {
            w->h->overflow = true;
            return false;
        }
        if (w->some[w->depth - 1])
            put(w->h, ",", 1);
        w->some[w->depth - 1] = true;
    }
    return true;
}

static void jw_open(kp_jw *w, bool object)
{
    if (!value_due(w))
        return;
    if (w->depth == KP_JW_DEPTH) {
        w->h->overflow = true;
        return;
    }
    w->object[w->depth] = object;
    w->some[w->depth] = false;
    w->depth++;
    put(w->h, object ? "{" : "[", 1);
}

static void jw_close(kp_jw *w, bool object)
{
    if (!w || !w->h)
        return;
    if (w->depth == 0 || w->object[w->depth - 1] != object || w->after_key) {
        w->h->overflow = true;
        return;
    }
    w->depth--;
    put(w->h, object ? "}" : "]", 1);
}

void kp_jw_object(kp_jw *w) { jw_open(w, true); }
void kp_jw_object_end(kp_jw *w) { jw_close(w, true); }
void kp_jw_array(kp_jw *w) { jw_open(w, false); }
void kp_jw_array_end(kp_jw *w) { jw_close(w, false); }

/* Writes [comma] "s" [colon] in one append when s is short and written as
 * it is (printable ASCII without '"' and '\\'); false, having written
 * nothing, when the caller must escape. The scan is one table look-up a
 * byte; the copy one memcpy. */
static bool put_quoted(kp_html *h, bool comma, const char *s, bool colon)
{
    const unsigned char *p = (const unsigned char *)s;
    while (PLAIN[*p])
        p++;
    size_t n = (size_t)(p - (const unsigned char *)s);
    char b[96];
    if (*p || n > sizeof b - 4)
        return false;
    size_t k = 0;
    if (comma)
        b[k++] = ',';
    b[k++] = '"';
    memcpy(b + k, s, n);
    k += n;
    b[k++] = '"';
    if (colon)
        b[k++] = ':';
    put(h, b, k);
    return true;
}

void kp_jw_key(kp_jw *w, const char *key)
{
    if (!w || !w->h)
        return;
    if (w->depth == 0 || !w->object[w->depth - 1] || w->after_key || !key) {
        w->h->overflow = true;
        return;
    }
    bool comma = w->some[w->depth - 1];
    w->some[w->depth - 1] = true;
    w->after_key = true;
    if (put_quoted(w->h, comma, key, true))
        return;
    if (comma)
        put(w->h, ",", 1);
    kp_json_string(w->h, key);
    put(w->h, ":", 1);
}

void kp_jw_string(kp_jw *w, const char *s)
{
    if (!s) {
        kp_jw_null(w);
        return;
    }
    if (value_due(w) && !put_quoted(w->h, false, s, false))
        kp_json_string(w->h, s);
}

void kp_jw_int(kp_jw *w, int64_t v)
{
    if (!value_due(w))
        return;
    /* Decimal digits by hand: a list writes a few per row, and printf
     * costs more than the rest of the value. */
    char num[24];
    size_t i = sizeof num;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        num[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        num[--i] = '-';
    put(w->h, num + i, sizeof num - i);
}

void kp_jw_bool(kp_jw *w, bool v)
{
    if (value_due(w))
        put(w->h, v ? "true" : "false", v ? 4 : 5);
}

void kp_jw_null(kp_jw *w)
{
    if (value_due(w))
        put(w->h, "null", 4);
}
