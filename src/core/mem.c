/* Allocation wrappers: one place decides what running out of memory means. */
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
    fprintf(stderr, "kopa: out of memory (%zu bytes)\n", n);
    abort();
}

void *kp_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *kp_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        oom(count * size);
    return p;
}

void *kp_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *kp_xstrdup(const char *s)
{
    return kp_xstrndup(s, strlen(s));
}

char *kp_xstrndup(const char *s, size_t n)
{
    char *d = kp_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}
