/* An arena per request: everything a request allocates comes from here and
 * is released in one call when the response has been sent.
 * Ownership: the arena owns every block it hands out; kp_arena_free releases
 * them all (and the arena's own chunks). Allocation failure aborts. Not
 * thread-safe: one arena belongs to one request on one thread. */
#ifndef KOPA_WEB_ARENA_H
#define KOPA_WEB_ARENA_H
#include <stdarg.h>
#include <stddef.h>

typedef struct kp_arena_chunk kp_arena_chunk;
typedef struct kp_arena {
    kp_arena_chunk *head;
    size_t used_total;
} kp_arena;

void kp_arena_init(kp_arena *a);
void kp_arena_free(kp_arena *a);
/* n bytes aligned for any type; zeroed. */
void *kp_arena_alloc(kp_arena *a, size_t n);
/* Copies of text; NULL in gives NULL out. */
char *kp_arena_strdup(kp_arena *a, const char *s);
char *kp_arena_strndup(kp_arena *a, const char *s, size_t n);
char *kp_arena_printf(kp_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
