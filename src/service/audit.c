/* Audit records and the history they make (see audit.h). */
#include "service/audit.h"
#include "service/access.h"
#include "service/sql.h"
#include "core/mem.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static kp_rc write_record(kp_ctx *ctx, const char *sql, const char *action, const char *entity, int64_t entity_id,
                   int64_t client_id, const char *detail)
{
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ctx->db, sql, &s);
    if (rc)
        return rc;
    kp_stmt_bind_text(s, 1, ctx->now);
    kp_stmt_bind_text(s, 2, ctx->actor ? ctx->actor : "unknown");
    kp_stmt_bind_text(s, 3, kp_role_name(ctx->role));
    kp_stmt_bind_text(s, 4, action);
    kp_stmt_bind_text(s, 5, entity);
    if (entity_id)
        kp_stmt_bind_int(s, 6, entity_id);
    if (client_id)
        kp_stmt_bind_int(s, 7, client_id);
    kp_stmt_bind_text(s, 8, detail ? detail : "");
    rc = kp_stmt_exec(s);
    kp_stmt_free(s);
    return rc;
}

kp_rc kp_audit(kp_ctx *ctx, const char *action, const char *entity, int64_t entity_id, int64_t client_id,
               const char *detail)
{
    return write_record(ctx,
                 "INSERT INTO audit(at, actor, role, action, entity, entity_id, client_id, detail)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 action, entity, entity_id, client_id, detail);
}

static const char ACCESS_INSERT[] = "INSERT INTO access_log(at, actor, role, action, entity, entity_id, client_id,"
                                   " detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

typedef struct access_rec {
    char *at, *actor, *role, *action, *entity, *detail;
    int64_t entity_id, client_id;
} access_rec;

struct kp_access_batch {
    access_rec *v;
    size_t n, cap;
};

kp_access_batch *kp_access_batch_new(void) { return kp_xcalloc(1, sizeof(kp_access_batch)); }

static void batch_clear(kp_access_batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        access_rec *a = &b->v[i];
        free(a->at);
        free(a->actor);
        free(a->role);
        free(a->action);
        free(a->entity);
        free(a->detail);
    }
    b->n = 0;
}

void kp_access_batch_free(kp_access_batch *b)
{
    if (!b)
        return;
    batch_clear(b);
    free(b->v);
    free(b);
}

size_t kp_access_batch_count(const kp_access_batch *b) { return b ? b->n : 0; }

kp_rc kp_audit_access(kp_ctx *ctx, const char *action, const char *entity, int64_t entity_id, int64_t client_id,
                      const char *detail)
{
    if (!ctx || !action || !entity)
        return KP_EINVAL;
    kp_access_batch *b = ctx->access_batch;
    if (!b || kp_store_writing(ctx->db))
        return write_record(ctx, ACCESS_INSERT, action, entity, entity_id, client_id, detail);
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->v = kp_xrealloc(b->v, b->cap * sizeof *b->v);
    }
    access_rec *a = &b->v[b->n++];
    a->at = kp_xstrdup(ctx->now);
    a->actor = kp_xstrdup(ctx->actor ? ctx->actor : "unknown");
    a->role = kp_xstrdup(kp_role_name(ctx->role));
    a->action = kp_xstrdup(action);
    a->entity = kp_xstrdup(entity);
    a->detail = kp_xstrdup(detail ? detail : "");
    a->entity_id = entity_id;
    a->client_id = client_id;
    return KP_OK;
}

kp_rc kp_access_batch_flush(kp_ctx *ctx)
{
    if (!ctx)
        return KP_EINVAL;
    kp_access_batch *b = ctx->access_batch;
    if (!b || b->n == 0)
        return KP_OK;
    kp_rc rc = kp_store_begin_side(ctx->db);
    kp_stmt *s = NULL;
    if (!rc)
        rc = kp_store_prepare(ctx->db, ACCESS_INSERT, &s);
    for (size_t i = 0; i < b->n && !rc; i++) {
        const access_rec *a = &b->v[i];
        kp_stmt_bind_text(s, 1, a->at);
        kp_stmt_bind_text(s, 2, a->actor);
        kp_stmt_bind_text(s, 3, a->role);
        kp_stmt_bind_text(s, 4, a->action);
        kp_stmt_bind_text(s, 5, a->entity);
        if (a->entity_id)
            kp_stmt_bind_int(s, 6, a->entity_id);
        else
            kp_stmt_bind_null(s, 6);
        if (a->client_id)
            kp_stmt_bind_int(s, 7, a->client_id);
        else
            kp_stmt_bind_null(s, 7);
        kp_stmt_bind_text(s, 8, a->detail);
        rc = kp_stmt_exec(s);
        if (!rc)
            rc = kp_stmt_reset(s);
    }
    kp_stmt_free(s);
    batch_clear(b);
    return kp_store_finish(ctx->db, rc);
}

kp_rc kp_audit_change(kp_ctx *ctx, const char *action, const char *entity, int64_t entity_id, int64_t client_id,
                      const char *effective_on, const char *reason, const kp_field_change *changes, size_t n)
{
    if (!ctx || !action || !entity || (n && !changes))
        return KP_EINVAL;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "field", json_string(changes[i].field ? changes[i].field : ""));
        /* A value that is not valid UTF-8 (it cannot be: validated text) is
         * left out rather than failing the change. */
        if (changes[i].old_value || changes[i].new_value) {
            json_object_set_new(o, "old", changes[i].old_value ? json_string(changes[i].old_value) : json_null());
            json_object_set_new(o, "new", changes[i].new_value ? json_string(changes[i].new_value) : json_null());
        }
        json_array_append_new(list, o);
    }
    char *text = n ? json_dumps(list, JSON_COMPACT) : NULL;
    json_decref(list);
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "INSERT INTO audit(at, actor, role, action, entity, entity_id, client_id, detail,"
                                " effective_on, reason, changes) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?)",
                                &s);
    if (!rc) {
        kp_stmt_bind_text(s, 1, ctx->now);
        kp_stmt_bind_text(s, 2, ctx->actor ? ctx->actor : "unknown");
        kp_stmt_bind_text(s, 3, kp_role_name(ctx->role));
        kp_stmt_bind_text(s, 4, action);
        kp_stmt_bind_text(s, 5, entity);
        if (entity_id)
            kp_stmt_bind_int(s, 6, entity_id);
        if (client_id)
            kp_stmt_bind_int(s, 7, client_id);
        kp_stmt_bind_text(s, 8, effective_on && *effective_on ? effective_on : NULL);
        kp_stmt_bind_text(s, 9, reason ? reason : "");
        kp_stmt_bind_text(s, 10, text ? text : "");
        rc = kp_stmt_exec(s);
    }
    kp_stmt_free(s);
    free(text);
    return rc;
}

void kp_history_free(kp_history *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++) {
        free(h->items[i].reason);
        free(h->items[i].changes);
    }
    free(h->items);
    memset(h, 0, sizeof *h);
}

/* Changes only: reads (the access log) are not history. */
static kp_rc read_history(kp_ctx *ctx, const char *where, const kp_param *p, size_t np, size_t limit, kp_history *out)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT id, at, actor, role, action, entity, COALESCE(entity_id, 0), COALESCE(effective_on, ''),"
             " reason, changes FROM audit WHERE %s ORDER BY at DESC, id DESC LIMIT %zu",
             where, limit);
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ctx->db, sql, &s);
    if (!rc)
        rc = kp_sql_bind(s, p, np);
    bool row = false;
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 32;
            out->items = kp_xrealloc(out->items, out->cap * sizeof *out->items);
        }
        kp_history_row *h = &out->items[out->n++];
        memset(h, 0, sizeof *h);
        h->id = kp_stmt_int(s, 0);
        snprintf(h->at, sizeof h->at, "%s", kp_stmt_text(s, 1));
        snprintf(h->actor, sizeof h->actor, "%s", kp_stmt_text(s, 2));
        snprintf(h->role, sizeof h->role, "%s", kp_stmt_text(s, 3));
        snprintf(h->action, sizeof h->action, "%s", kp_stmt_text(s, 4));
        snprintf(h->entity, sizeof h->entity, "%s", kp_stmt_text(s, 5));
        h->entity_id = kp_stmt_int(s, 6);
        snprintf(h->effective_on, sizeof h->effective_on, "%s", kp_stmt_text(s, 7));
        h->reason = kp_xstrdup(kp_stmt_text(s, 8));
        h->changes = kp_xstrdup(kp_stmt_text(s, 9));
    }
    kp_stmt_free(s);
    if (rc)
        kp_history_free(out);
    return rc;
}

kp_rc kp_history_of_client(kp_ctx *ctx, int64_t client_id, size_t limit, kp_history *out)
{
    if (!ctx || !out || client_id <= 0 || limit < 1 || limit > 1000)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    kp_rc rc = kp_access_client(ctx, client_id, false);
    if (rc)
        return rc;
    kp_param p[] = {KP_PINT(client_id)};
    rc = read_history(ctx, "client_id = ?", p, 1, limit, out);
    if (!rc)
        rc = kp_audit_access(ctx, "view", "client_history", client_id, client_id, "");
    if (rc)
        kp_history_free(out);
    return rc;
}

kp_rc kp_history_of_record(kp_ctx *ctx, const char *entity, int64_t entity_id, size_t limit, kp_history *out)
{
    if (!ctx || !out || !entity || !*entity || entity_id <= 0 || limit < 1 || limit > 1000)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    kp_param p[] = {KP_PTEXT(entity), KP_PINT(entity_id)};
    return read_history(ctx, "entity = ? AND entity_id = ?", p, 2, limit, out);
}
