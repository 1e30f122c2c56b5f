/* Collecting validation errors (see errors.h). */
#include "service/errors.h"
#include "core/mem.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_errors_init(kp_errors *e)
{
    memset(e, 0, sizeof *e);
}

void kp_errors_free(kp_errors *e)
{
    free(e->items);
    memset(e, 0, sizeof *e);
}

void kp_errors_add(kp_errors *e, const char *field, const char *value, const char *fmt, ...)
{
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 8;
        e->items = kp_xrealloc(e->items, e->cap * sizeof *e->items);
    }
    kp_field_error *it = &e->items[e->n++];
    memset(it, 0, sizeof *it);
    snprintf(it->field, sizeof it->field, "%s", field ? field : "");
    snprintf(it->value, sizeof it->value, "%s", value ? value : "");
    it->line = e->line;
    snprintf(it->file, sizeof it->file, "%s", e->file ? e->file : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->message, sizeof it->message, fmt, ap);
    va_end(ap);
}

const char *kp_errors_for(const kp_errors *e, const char *field)
{
    for (size_t i = 0; i < e->n; i++)
        if (strcmp(e->items[i].field, field) == 0)
            return e->items[i].message;
    return NULL;
}
