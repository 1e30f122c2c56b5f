/* Length-carrying text buffer with a size cap.
 * Ownership: the buffer owns `data`; kp_buf_free releases it. `data` is always
 * NUL-terminated after any successful append (or NULL before the first). */
#ifndef KOPA_CORE_BUF_H
#define KOPA_CORE_BUF_H
#include <stdarg.h>
#include <stddef.h>
#include "core/result.h"

typedef struct kp_buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max; /* appends that would pass this fail with KP_ETOOBIG */
} kp_buf;

#define KP_BUF_DEFAULT_MAX ((size_t)64 * 1024 * 1024)

void kp_buf_init(kp_buf *b, size_t max);
void kp_buf_free(kp_buf *b);
void kp_buf_reset(kp_buf *b);
kp_rc kp_buf_append(kp_buf *b, const char *s, size_t n);
kp_rc kp_buf_puts(kp_buf *b, const char *s);
kp_rc kp_buf_putc(kp_buf *b, char c);
kp_rc kp_buf_printf(kp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
kp_rc kp_buf_vprintf(kp_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Arguments must not point into b itself: the buffer may move. */
/* Returns the text (never NULL; "" when empty). Still owned by the buffer. */
const char *kp_buf_str(const kp_buf *b);
/* Hands the text to the caller (free() it) and leaves the buffer empty. */
char *kp_buf_take(kp_buf *b);

#endif
