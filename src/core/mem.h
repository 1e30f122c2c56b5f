/* Allocation that aborts on failure, so callers need no NULL checks. */
#ifndef KOPA_CORE_MEM_H
#define KOPA_CORE_MEM_H
#include <stddef.h>

/* Each returns memory the caller frees with free(); on exhaustion the
 * process prints a message and aborts. */
void *kp_xmalloc(size_t n);
void *kp_xcalloc(size_t count, size_t size);
void *kp_xrealloc(void *p, size_t n);
char *kp_xstrdup(const char *s);
char *kp_xstrndup(const char *s, size_t n);

#endif
