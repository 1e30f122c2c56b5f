/* What every fuzz target shares: libFuzzer's entry point, a check that stops
 * with a message (libFuzzer then saves the input as crash-…), and a
 * NUL-terminated copy of the input for parsers that take C strings.
 * Header-only so that a target is one .c file plus its libraries. */
#ifndef KOPA_TESTS_FUZZ_H
#define KOPA_TESTS_FUZZ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the code under test: a failure is a bug there (or in the
 * target), never an input to ignore. */
#define FUZZ_CHECK(cond)                                                                                               \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);                              \
            abort();                                                                                                   \
        }                                                                                                              \
    } while (0)

/* Copies data into s (capacity cap) as a C string: stops at the first NUL
 * byte, as a C caller would, and at cap - 1 bytes. Returns the length. */
static inline size_t fuzz_cstr(char *s, size_t cap, const uint8_t *data, size_t size)
{
    size_t n = size < cap - 1 ? size : cap - 1;
    const void *nul = memchr(data, 0, n);
    if (nul)
        n = (size_t)((const uint8_t *)nul - data);
    memcpy(s, data, n);
    s[n] = '\0';
    return n;
}

#endif
