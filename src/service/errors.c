/* Collecting validation errors (see errors.h). */
#include "service/errors.h"
#include "core/mem.h"
#include "core/text.h"
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

/* After a copy cut at the buffer's size, drops a trailing partial UTF-8
 * character, so a long Latvian field name or message stays valid UTF-8 (the
 * API sends fields as JSON keys, which must be). */
static void trim_partial_utf8(char *s, size_t size)
{
    size_t n = strlen(s);
    if (n + 1 < size || n == 0)
        return; /* not cut */
    size_t lead = n;
    while (lead > 0 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0)
        return;
    unsigned char c = (unsigned char)s[lead - 1];
    size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (n - (lead - 1) < want)
        s[lead - 1] = '\0';
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
    kp_text_snippet(value, KP_ERRORS_VALUE_CHARS, it->value, sizeof it->value);
    it->line = e->line;
    snprintf(it->file, sizeof it->file, "%s", e->file ? e->file : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->message, sizeof it->message, fmt, ap);
    va_end(ap);
    trim_partial_utf8(it->field, sizeof it->field);
    trim_partial_utf8(it->value, sizeof it->value);
    trim_partial_utf8(it->file, sizeof it->file);
    trim_partial_utf8(it->message, sizeof it->message);
}

const char *kp_errors_for(const kp_errors *e, const char *field)
{
    for (size_t i = 0; i < e->n; i++)
        if (strcmp(e->items[i].field, field) == 0)
            return e->items[i].message;
    return NULL;
}
