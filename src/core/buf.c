/* Growable text buffer with a cap (see buf.h). */
#include "core/buf.h"
#include "core/mem.h"
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every function tolerates a NULL buffer (and kp_buf_free/reset a never-used
 * one) the way free(NULL) does: a no-op, or KP_EINVAL where a code is returned. */

void kp_buf_init(kp_buf *b, size_t max)
{
    if (!b)
        return;
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max ? max : KP_BUF_DEFAULT_MAX;
}

void kp_buf_free(kp_buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void kp_buf_reset(kp_buf *b)
{
    if (!b)
        return;
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static kp_rc reserve(kp_buf *b, size_t extra)
{
    /* The last test keeps room for the NUL when max is SIZE_MAX. */
    if (extra > b->max || b->len > b->max - extra || b->len + extra == SIZE_MAX)
        return KP_ETOOBIG;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return KP_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    b->data = kp_xrealloc(b->data, cap);
    b->cap = cap;
    return KP_OK;
}

/* True when s points into b's own storage. Compared as integers because
 * relational comparison of pointers into different objects is undefined. */
static bool points_into(const kp_buf *b, const char *s)
{
    uintptr_t p = (uintptr_t)s, lo = (uintptr_t)b->data;
    return b->data && p >= lo && p < lo + b->cap;
}

kp_rc kp_buf_append(kp_buf *b, const char *s, size_t n)
{
    if (!b || (!s && n))
        return KP_EINVAL;
    /* Appending part of the buffer to itself must survive the realloc in
     * reserve(): remember the offset, not the pointer. */
    bool self = points_into(b, s);
    size_t off = self ? (size_t)(s - b->data) : 0;
    kp_rc rc = reserve(b, n);
    if (rc)
        return rc;
    if (self)
        s = b->data + off;
    if (n)
        memmove(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return KP_OK;
}

kp_rc kp_buf_puts(kp_buf *b, const char *s)
{
    if (!b || !s)
        return KP_EINVAL;
    return kp_buf_append(b, s, strlen(s));
}

kp_rc kp_buf_putc(kp_buf *b, char c)
{
    return kp_buf_append(b, &c, 1);
}

kp_rc kp_buf_vprintf(kp_buf *b, const char *fmt, va_list ap)
{
    if (!b || !fmt)
        return KP_EINVAL;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return KP_EINVAL;
    kp_rc rc = reserve(b, (size_t)n);
    if (rc)
        return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return KP_OK;
}

kp_rc kp_buf_printf(kp_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kp_rc rc = kp_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

const char *kp_buf_str(const kp_buf *b)
{
    return b && b->data ? b->data : "";
}

char *kp_buf_take(kp_buf *b)
{
    if (!b)
        return kp_xstrdup(""); /* the header promises text the caller frees */
    char *s = b->data ? b->data : kp_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}
