/* The shared row reader (see rows.h). */
#include "service/rows.h"
#include "core/mem.h"
#include <stdlib.h>
#include <string.h>

void kp_row_release(const kp_shape *sh, void *row)
{
    if (!sh || !row)
        return;
    for (size_t i = 0; i < sh->n; i++) {
        if (sh->f[i].kind == KP_F_BLOB) {
            kp_blob *b = (kp_blob *)((char *)row + sh->f[i].off);
            free(b->b);
            b->b = NULL;
            b->n = 0;
            continue;
        }
        if (sh->f[i].kind != KP_F_DUP)
            continue;
        char **p = (char **)((char *)row + sh->f[i].off);
        free(*p);
        *p = NULL;
    }
}

/* Reads the current row of s into row by the shape. On failure the row's
 * copies are released. */
static kp_rc read_row(kp_stmt *s, const kp_shape *sh, void *row)
{
    memset(row, 0, sh->size);
    if ((size_t)kp_stmt_columns(s) < sh->n)
        return KP_EINVAL;
    for (size_t i = 0; i < sh->n; i++) {
        const kp_field *f = &sh->f[i];
        char *at = (char *)row + f->off;
        int col = (int)i;
        switch (f->kind) {
        case KP_F_I64: {
            int64_t v = kp_stmt_int(s, col);
            memcpy(at, &v, sizeof v);
            break;
        }
        case KP_F_INT:
        case KP_F_OPT: {
            int v = (f->kind == KP_F_OPT && kp_stmt_is_null(s, col)) ? -1 : (int)kp_stmt_int(s, col);
            memcpy(at, &v, sizeof v);
            break;
        }
        case KP_F_BOOL: {
            bool v = kp_stmt_int(s, col) != 0;
            memcpy(at, &v, sizeof v);
            break;
        }
        case KP_F_TEXT: {
            const char *v = kp_stmt_text(s, col);
            size_t len = strlen(v);
            if (len >= f->size) {
                kp_row_release(sh, row);
                return KP_ETOOBIG;
            }
            memcpy(at, v, len + 1);
            break;
        }
        case KP_F_BYTES: {
            if (kp_stmt_is_null(s, col))
                break;
            size_t len = 0;
            const void *v = kp_stmt_blob(s, col, &len);
            if (len != f->size) {
                kp_row_release(sh, row);
                return KP_ETOOBIG;
            }
            memcpy(at, v, len);
            break;
        }
        case KP_F_DUP: {
            char *v = kp_stmt_is_null(s, col) ? NULL : kp_xstrdup(kp_stmt_text(s, col));
            memcpy(at, &v, sizeof v);
            break;
        }
        case KP_F_BLOB: {
            kp_blob v = {NULL, 0};
            size_t len = 0;
            const void *b = kp_stmt_is_null(s, col) ? NULL : kp_stmt_blob(s, col, &len);
            if (b && len) {
                v.b = kp_xmalloc(len);
                memcpy(v.b, b, len);
                v.n = len;
            }
            memcpy(at, &v, sizeof v);
            break;
        }
        case KP_F_SKIP:
            break;
        default:
            kp_row_release(sh, row);
            return KP_EINVAL;
        }
    }
    return KP_OK;
}

static kp_rc start(kp_store *st, const char *sql, const kp_param *p, size_t n, const kp_shape *sh,
                   kp_stmt **s)
{
    *s = NULL;
    if (!st || !sql || (n && !p) || !sh || !sh->f || !sh->n || !sh->size)
        return KP_EINVAL;
    kp_rc rc = kp_store_prepare(st, sql, s);
    if (!rc)
        rc = kp_sql_bind(*s, p, n);
    return rc;
}

kp_rc kp_rows_one(kp_store *st, const char *sql, const kp_param *p, size_t n, const kp_shape *sh,
                  void *row, bool *found)
{
    if (found)
        *found = false;
    if (!row)
        return KP_EINVAL;
    kp_stmt *s = NULL;
    bool have = false;
    kp_rc rc = start(st, sql, p, n, sh, &s);
    if (!rc)
        rc = kp_stmt_step(s, &have);
    if (!rc && have)
        rc = read_row(s, sh, row);
    else if (!rc && sh)
        memset(row, 0, sh->size);
    kp_stmt_free(s);
    if (rc)
        return rc;
    if (found)
        *found = have;
    else if (!have)
        return KP_ENOTFOUND;
    return KP_OK;
}

kp_rc kp_rows_all(kp_store *st, const char *sql, const kp_param *p, size_t n, const kp_shape *sh,
                  void **items, size_t *count, size_t *cap)
{
    if (!items || !count || !cap || *count > *cap)
        return KP_EINVAL;
    kp_stmt *s = NULL;
    kp_rc rc = start(st, sql, p, n, sh, &s);
    for (bool have = true; !rc;) {
        rc = kp_stmt_step(s, &have);
        if (rc || !have)
            break;
        if (*count == *cap) {
            size_t grow = *cap ? *cap * 2 : 16;
            *items = kp_xrealloc(*items, grow * sh->size);
            *cap = grow;
        }
        rc = read_row(s, sh, (char *)*items + *count * sh->size);
        if (!rc)
            (*count)++;
    }
    kp_stmt_free(s);
    return rc;
}

kp_rc kp_rows_each(kp_store *st, const char *sql, const kp_param *p, size_t n, const kp_shape *sh,
                   void *row, kp_row_fn fn, void *arg)
{
    if (!row || !fn)
        return KP_EINVAL;
    kp_stmt *s = NULL;
    kp_rc rc = start(st, sql, p, n, sh, &s);
    for (bool have = true; !rc;) {
        rc = kp_stmt_step(s, &have);
        if (rc || !have)
            break;
        rc = read_row(s, sh, row);
        if (rc)
            break;
        rc = fn(row, arg);
        kp_row_release(sh, row);
    }
    kp_stmt_free(s);
    return rc;
}
