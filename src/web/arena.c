/* Per-request bump allocator (see arena.h). */
#include "web/arena.h"
#include "core/mem.h"
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kp_arena_chunk {
    kp_arena_chunk *next;
    size_t cap, used;
    alignas(max_align_t) unsigned char data[];
};

#define CHUNK_MIN ((size_t)16 * 1024)

void kp_arena_init(kp_arena *a)
{
    a->head = NULL;
    a->used_total = 0;
}

void kp_arena_free(kp_arena *a)
{
    if (!a)
        return;
    kp_arena_chunk *c = a->head;
    while (c) {
        kp_arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    a->head = NULL;
    a->used_total = 0;
}

void *kp_arena_alloc(kp_arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    if (n > SIZE_MAX / 2)
        abort();
    size_t need = (n + align - 1) / align * align;
    if (need == 0)
        need = align;
    kp_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < need) {
        size_t cap = need > CHUNK_MIN ? need : CHUNK_MIN;
        c = kp_xmalloc(sizeof *c + cap);
        c->cap = cap;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += need;
    a->used_total += need;
    memset(p, 0, n);
    return p;
}

char *kp_arena_strndup(kp_arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = kp_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *kp_arena_strdup(kp_arena *a, const char *s)
{
    return s ? kp_arena_strndup(a, s, strlen(s)) : NULL;
}

char *kp_arena_printf(kp_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return kp_arena_strdup(a, "");
    char *p = kp_arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
