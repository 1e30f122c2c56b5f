/* Parameterised statement helpers (see sql.h). */
#include "service/sql.h"
#include <stdio.h>
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

kp_rc kp_sql_exec(kp_store *st, const char *sql, const kp_param *p, size_t n)
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

/* "INSERT INTO t(id, …) VALUES (?, …)" with a number bound to that first
 * parameter: the id is given. */
static bool id_given(const char *sql, const kp_param *p, size_t n)
{
    static const char INS[] = "INSERT INTO ";
    if (n == 0 || p[0].t != KP_P_INT || strncmp(sql, INS, sizeof INS - 1) != 0)
        return false;
    const char *open = strchr(sql, '(');
    if (!open || strncmp(open + 1, "id, ", 4) != 0)
        return false;
    const char *values = strstr(open, ") VALUES (");
    return values && strncmp(values + 10, "?, ", 3) == 0;
}

/* A NULL id is bound as it is: SQLite numbers the row (rowid), and so does
 * PostgreSQL (the store's trigger on every identity column, pg_migrate.c).
 * A given id is read back as given: PostgreSQL's lastval() only knows the
 * ids it made. */
kp_rc kp_sql_insert(kp_store *st, const char *sql, const kp_param *p, size_t n, int64_t *id)
{
    kp_rc rc = kp_sql_exec(st, sql, p, n);
    if (!rc && id)
        *id = id_given(sql, p, n) ? p[0].i : kp_store_last_id(st);
    return rc;
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
