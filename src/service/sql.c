/* Parameterised statement helpers (see sql.h). */
#include "service/sql.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

kp_rc kp_sql_bind(kp_stmt *s, const kp_param *p, size_t n)
{
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        int idx = (int)i + 1;
        switch (p[i].t) {
        case KP_P_NULL: rc = kp_stmt_bind_null(s, idx); break;
        case KP_P_INT: rc = kp_stmt_bind_int(s, idx, p[i].i); break;
        case KP_P_TEXT: rc = kp_stmt_bind_text(s, idx, p[i].s); break;
        case KP_P_BLOB: rc = kp_stmt_bind_blob(s, idx, p[i].b, p[i].n); break;
        }
    }
    return rc;
}

static kp_rc exec_plain(kp_store *st, const char *sql, const kp_param *p, size_t n)
{
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(st, sql, &s);
    if (!rc)
        rc = kp_sql_bind(s, p, n);
    if (!rc)
        rc = kp_stmt_exec(s);
    kp_stmt_free(s);
    return rc;
}

/* "INSERT INTO t(id, a, …) VALUES (?, ?, …)": the id is the first column
 * and the first parameter. Returns where "id, " and the first "?, " start
 * (or false). */
static bool id_first(const char *sql, const char **col, const char **ph)
{
    static const char INS[] = "INSERT INTO ";
    if (strncmp(sql, INS, sizeof INS - 1) != 0)
        return false;
    const char *open = strchr(sql, '(');
    if (!open || strncmp(open + 1, "id, ", 4) != 0)
        return false;
    const char *values = strstr(open, ") VALUES (");
    if (!values || strncmp(values + 10, "?, ", 3) != 0)
        return false;
    *col = open + 1;
    *ph = values + 10;
    return true;
}

/* An insert whose id is NULL leaves the id column out so that the database
 * numbers the row (SQLite's rowid, PostgreSQL's identity column: binding a
 * NULL there would be refused); a given id is the row's id. */
static kp_rc exec_insert(kp_store *st, const char *sql, const kp_param *p, size_t n, int64_t *id)
{
    const char *col = NULL, *ph = NULL;
    if (n == 0 || !id_first(sql, &col, &ph)) {
        kp_rc rc = exec_plain(st, sql, p, n);
        if (!rc && id)
            *id = kp_store_last_id(st);
        return rc;
    }
    if (p[0].t == KP_P_INT) {
        kp_rc rc = exec_plain(st, sql, p, n);
        if (!rc && id)
            *id = p[0].i;
        return rc;
    }
    if (p[0].t != KP_P_NULL)
        return KP_EINVAL;
    size_t len = strlen(sql);
    char *without = kp_xmalloc(len + 1);
    size_t a = (size_t)(col - sql), b = (size_t)(ph - sql);
    memcpy(without, sql, a);                             /* up to "(" */
    memcpy(without + a, col + 4, b - a - 4);             /* after "id, " up to the first "?, " */
    memcpy(without + b - 4, ph + 3, len - b - 3 + 1);    /* after it, with the NUL */
    kp_rc rc = exec_plain(st, without, p + 1, n - 1);
    free(without);
    if (!rc && id)
        *id = kp_store_last_id(st);
    return rc;
}

kp_rc kp_sql_exec(kp_store *st, const char *sql, const kp_param *p, size_t n)
{
    return exec_insert(st, sql, p, n, NULL);
}

kp_rc kp_sql_insert(kp_store *st, const char *sql, const kp_param *p, size_t n, int64_t *id)
{
    return exec_insert(st, sql, p, n, id);
}

kp_rc kp_sql_int(kp_store *st, const char *sql, const kp_param *p, size_t n, int64_t dflt, int64_t *out)
{
    kp_stmt *s = NULL;
    bool row = false;
    *out = dflt;
    kp_rc rc = kp_store_prepare(st, sql, &s);
    if (!rc)
        rc = kp_sql_bind(s, p, n);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && row && !kp_stmt_is_null(s, 0))
        *out = kp_stmt_int(s, 0);
    kp_stmt_free(s);
    return rc;
}

kp_rc kp_sql_exists(kp_store *st, const char *sql, const kp_param *p, size_t n, bool *out)
{
    if (out)
        *out = false;
    if (!st || !sql || !out || (n && !p))
        return KP_EINVAL;
    int64_t v = 0;
    kp_rc rc = kp_sql_int(st, sql, p, n, 0, &v);
    *out = v != 0;
    return rc;
}

kp_rc kp_sql_text(kp_store *st, const char *sql, const kp_param *p, size_t n, char *out, size_t outlen)
{
    kp_stmt *s = NULL;
    bool row = false;
    if (outlen)
        out[0] = '\0';
    kp_rc rc = kp_store_prepare(st, sql, &s);
    if (!rc)
        rc = kp_sql_bind(s, p, n);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && row)
        snprintf(out, outlen, "%s", kp_stmt_text(s, 0));
    kp_stmt_free(s);
    return rc;
}
