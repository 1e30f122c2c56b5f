/* Field-level validation errors collected by a service call, so a form or a
 * file can show every problem at once. Messages are in the context's language. */
#ifndef KOPA_SERVICE_ERRORS_H
#define KOPA_SERVICE_ERRORS_H
#include <stddef.h>

typedef struct kp_field_error {
    char field[48];     /* name of the form field or CSV column */
    char value[96];     /* a short escaped piece of what was given (see kp_errors_add; never a
                           personal code: the caller passes "" for those) */
    char message[320];
    char file[128];     /* imported file's name, "" for forms */
    long line;          /* line in an imported file (header = 1), 0 for forms */
} kp_field_error;

typedef struct kp_errors {
    kp_field_error *items;
    size_t n, cap;
    const char *file;   /* stamped on errors added while set (not owned) */
    long line;          /* stamped on errors added while it is set */
    size_t more;        /* found but not listed: a capped list (kp_import_kind) says how many */
} kp_errors;

/* Values longer than this many characters are cut (with "…") in an error. */
#define KP_ERRORS_VALUE_CHARS 40

void kp_errors_init(kp_errors *e);
void kp_errors_free(kp_errors *e);
/* Adds an error. `value` (may be NULL) is kept as a printable piece of at
 * most KP_ERRORS_VALUE_CHARS characters with control characters, invisible
 * formatting characters and bytes that are not UTF-8 escaped (\xNN, \uXXXX),
 * so that echoing a hostile value can neither flood nor fool a terminal. */
void kp_errors_add(kp_errors *e, const char *field, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Message of the first error for `field`, or NULL. */
const char *kp_errors_for(const kp_errors *e, const char *field);

#endif
