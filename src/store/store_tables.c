/* The tables that hold a store's data, in foreign-key order
 * (kp_store_tables_list): each backend lists them from its catalogue with
 * the tables their foreign keys refer to; the order is worked out here, the
 * same for both. */
#include "store/store_backend.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The backends' bookkeeping, never copied: schema versions, the database's
 * identity and the side tables' owner (a copy is a database of its own),
 * the writer locks of the servers using it, PostgreSQL's data stamp, the
 * sessions' stamp (live migration 6: each database's only ever moves on,
 * so a server keeping sessions never sees an old value come back). */
static bool bookkeeping(const char *name)
{
    static const char *const NAMES[] = {"schema_migration", "kp_identity", "kp_owner",
                                        "kp_writer",        "kp_data_stamp", "session_stamp"};
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
        if (strcmp(name, NAMES[i]) == 0)
            return true;
    return strncmp(name, "sqlite_", 7) == 0;
}

static kp_store_table *add_table(kp_store_tables *out, size_t *cap, const char *schema, const char *name)
{
    if (out->n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        out->t = kp_xrealloc(out->t, *cap * sizeof *out->t);
    }
    kp_store_table *t = &out->t[out->n++];
    memset(t, 0, sizeof *t);
    snprintf(t->schema, sizeof t->schema, "%s", schema);
    snprintf(t->name, sizeof t->name, "%s", name);
    snprintf(t->refs, sizeof t->refs, ",");
    return t;
}

static kp_store_table *find(kp_store_tables *ts, const char *schema, const char *name)
{
    for (size_t i = 0; i < ts->n; i++)
        if (strcmp(ts->t[i].schema, schema) == 0 && strcmp(ts->t[i].name, name) == 0)
            return &ts->t[i];
    return NULL;
}

/* Adds "schema.parent," to t's refs once (a reference to itself is left
 * out: rows of one table are copied in their own order). */
static kp_rc add_ref(kp_store_table *t, const char *schema, const char *parent)
{
    if (strcmp(t->schema, schema) == 0 && strcmp(t->name, parent) == 0)
        return KP_OK;
    char key[96];
    snprintf(key, sizeof key, ",%s.%s,", schema, parent);
    if (strstr(t->refs, key))
        return KP_OK;
    size_t n = strlen(t->refs), k = strlen(key + 1);
    if (n + k + 1 > sizeof t->refs)
        return KP_ETOOBIG;
    memcpy(t->refs + n, key + 1, k + 1);
    return KP_OK;
}

/* Lists the tables (schema, name) and the foreign keys (schema, table,
 * parent's schema, parent) from the two queries a backend gives. */
static kp_rc read_tables(kp_store *st, const char *tables_sql, const char *refs_sql, kp_store_tables *out)
{
    size_t cap = 0;
    kp_stmt *s = NULL, *fk = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(st, tables_sql, &s);
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row)
        if (!bookkeeping(kp_stmt_text(s, 1)))
            add_table(out, &cap, kp_stmt_text(s, 0), kp_stmt_text(s, 1));
    if (!rc)
        rc = kp_store_prepare(st, refs_sql, &fk);
    while (!rc && !(rc = kp_stmt_step(fk, &row)) && row) {
        kp_store_table *t = find(out, kp_stmt_text(fk, 0), kp_stmt_text(fk, 1));
        if (t)
            rc = add_ref(t, kp_stmt_text(fk, 2), kp_stmt_text(fk, 3));
    }
    kp_stmt_free(fk);
    kp_stmt_free(s);
    return rc;
}

/* SQLite's foreign keys never cross schemas: a table's parent is in its
 * own schema. */
kp_rc kp_sqlite_tables(kp_store *st, kp_store_tables *out)
{
    return read_tables(st,
                       "SELECT 'main', name FROM main.sqlite_master WHERE type = 'table'"
                       " UNION ALL SELECT 'live', name FROM live.sqlite_master WHERE type = 'table'",
                       "SELECT 'main', m.name, 'main', f.\"table\" FROM main.sqlite_master AS m,"
                       " pragma_foreign_key_list(m.name, 'main') AS f WHERE m.type = 'table'"
                       " UNION ALL SELECT 'live', m.name, 'live', f.\"table\" FROM live.sqlite_master AS m,"
                       " pragma_foreign_key_list(m.name, 'live') AS f WHERE m.type = 'table'",
                       out);
}

kp_rc kp_pg_tables(kp_store *st, kp_store_tables *out)
{
    return read_tables(st,
                       "SELECT CASE WHEN n.nspname = 'public' THEN 'main' ELSE n.nspname END, c.relname"
                       " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                       " WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('public', 'live')",
                       "SELECT CASE WHEN n.nspname = 'public' THEN 'main' ELSE n.nspname END, c.relname,"
                       " CASE WHEN pn.nspname = 'public' THEN 'main' ELSE pn.nspname END, p.relname"
                       " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
                       " JOIN pg_namespace n ON n.oid = c.relnamespace"
                       " JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                       " WHERE k.contype = 'f' AND n.nspname IN ('public', 'live')",
                       out);
}

static int by_schema_name(const void *a, const void *b)
{
    const kp_store_table *x = a, *y = b;
    int c = strcmp(x->schema, y->schema);
    return c ? c : strcmp(x->name, y->name);
}

/* Whether t refers to u. */
static bool refers(const kp_store_table *t, const kp_store_table *u)
{
    char key[96];
    snprintf(key, sizeof key, ",%s.%s,", u->schema, u->name);
    return strstr(t->refs, key) != NULL;
}

kp_rc kp_store_tables_list(kp_store *st, kp_store_tables *out)
{
    if (!st || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    kp_store_tables raw = {0};
    kp_rc rc = st->ops->tables ? st->ops->tables(st, &raw) : KP_EINVAL;
    if (rc)
        goto out;
    qsort(raw.t, raw.n, sizeof *raw.t, by_schema_name);
    /* Kahn's order; n is about a hundred, so the quadratic walk is fine. */
    bool *done = kp_xcalloc(raw.n ? raw.n : 1, sizeof *done);
    bool *linked = kp_xcalloc(raw.n ? raw.n : 1, sizeof *linked);
    for (size_t i = 0; i < raw.n; i++)
        for (size_t j = 0; j < raw.n; j++)
            if (i != j && refers(&raw.t[i], &raw.t[j]))
                linked[i] = linked[j] = true;
    out->t = kp_xcalloc(raw.n ? raw.n : 1, sizeof *out->t);
    while (out->n < raw.n) {
        size_t pick = raw.n;
        for (size_t i = 0; i < raw.n; i++) {
            if (done[i])
                continue;
            bool ready = true;
            for (size_t j = 0; ready && j < raw.n; j++)
                if (!done[j] && j != i && refers(&raw.t[i], &raw.t[j]))
                    ready = false;
            if (ready && (pick == raw.n || (linked[i] && !linked[pick])))
                pick = i;
        }
        if (pick == raw.n) {
            rc = KP_ESTATE; /* a cycle of foreign keys */
            break;
        }
        done[pick] = true;
        out->t[out->n++] = raw.t[pick];
    }
    free(done);
    free(linked);
out:
    free(raw.t);
    if (rc)
        kp_store_tables_free(out);
    return rc;
}

void kp_store_tables_free(kp_store_tables *t)
{
    if (!t)
        return;
    free(t->t);
    t->t = NULL;
    t->n = 0;
}
