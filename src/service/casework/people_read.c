/* Reading a person's history: the card's person section, the versions, the
 * representatives at a date, and the moves a municipal head is told of
 * (see people.h). Every read is scoped and recorded in the access log. */
#include "service/casework/people.h"
#include "service/casework/people_versions.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/sql.h"
#include "service/validate.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_person_free(kp_person *p)
{
    if (!p)
        return;
    free(p->later);
    free(p->representatives);
    free(p->represented);
    free(p->residences);
    memset(p, 0, sizeof *p);
}

static void today_iso(const kp_ctx *ctx, char out[11])
{
    kp_date_format_iso(kp_ctx_today(ctx), out);
}

/* Links where the person is on `side` ("client_id" or "representative_id"),
 * newest first; at = "" for every period, else only those covering it. The
 * other side's name only when the caller may read that person, and then
 * with a "list" record. */
static kp_rc load_links(kp_ctx *ctx, int64_t client, bool as_represented, const char *at, kp_person_link **out,
                        size_t *n)
{
    *out = NULL;
    *n = 0;
    char today[11];
    today_iso(ctx, today);
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ctx->db,
                                as_represented
                                    ? "SELECT l.id, l.client_id, l.representative_id, l.kind, l.valid_from,"
                                      " COALESCE(l.valid_to, ''), l.representative_id FROM client_representative l"
                                      " WHERE l.client_id = ?1 AND (?2 = '' OR (l.valid_from <= ?2"
                                      " AND (l.valid_to IS NULL OR l.valid_to >= ?2)))"
                                      " ORDER BY l.valid_from DESC, l.id DESC"
                                    : "SELECT l.id, l.client_id, l.representative_id, l.kind, l.valid_from,"
                                      " COALESCE(l.valid_to, ''), l.client_id FROM client_representative l"
                                      " WHERE l.representative_id = ?1 AND (?2 = '' OR (l.valid_from <= ?2"
                                      " AND (l.valid_to IS NULL OR l.valid_to >= ?2)))"
                                      " ORDER BY l.valid_from DESC, l.id DESC",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, client);
    if (!rc)
        rc = kp_stmt_bind_text(s, 2, at);
    bool row = false;
    size_t cap = 0;
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 4;
            *out = kp_xrealloc(*out, cap * sizeof **out);
        }
        kp_person_link *x = &(*out)[(*n)++];
        memset(x, 0, sizeof *x);
        x->id = kp_stmt_int(s, 0);
        x->client_id = kp_stmt_int(s, 1);
        x->representative_id = kp_stmt_int(s, 2);
        snprintf(x->kind, sizeof x->kind, "%s", kp_stmt_text(s, 3));
        snprintf(x->valid_from, sizeof x->valid_from, "%s", kp_stmt_text(s, 4));
        snprintf(x->valid_to, sizeof x->valid_to, "%s", kp_stmt_text(s, 5));
        x->other_id = kp_stmt_int(s, 6);
        x->in_force = strcmp(x->valid_from, today) <= 0 && (!x->valid_to[0] || strcmp(x->valid_to, today) >= 0);
    }
    kp_stmt_free(s);
    for (size_t i = 0; i < *n && !rc; i++) {
        kp_person_link *x = &(*out)[i];
        kp_rc seen = kp_access_client(ctx, x->other_id, false);
        if (seen == KP_ENOTFOUND || seen == KP_EDENIED)
            continue;
        rc = seen;
        kp_param p[] = {KP_PINT(x->other_id)};
        if (!rc)
            rc = kp_sql_text(ctx->db, "SELECT given_name FROM client WHERE id = ?", p, 1, x->given_name,
                             sizeof x->given_name);
        if (!rc)
            rc = kp_sql_text(ctx->db, "SELECT family_name FROM client WHERE id = ?", p, 1, x->family_name,
                             sizeof x->family_name);
        if (!rc)
            rc = kp_audit_access(ctx, "list", "client", x->other_id, x->other_id, "");
        x->visible = !rc;
    }
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* Both sides of the person's links, every period, for the card: one
 * statement instead of one per side, with the other person's names
 * (issue 10: the card ran four statements for a link shown by name). The
 * same rows and order as load_links(…, true, "") then load_links(…, false,
 * ""): the links where the person is represented, then those where they
 * represent, each newest first. */
static kp_rc load_links_both(kp_ctx *ctx, int64_t client, kp_person *out)
{
    char today[11];
    today_iso(ctx, today);
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(
        ctx->db,
        "SELECT x.* FROM ("
        " SELECT 1 AS side, l.id AS id, l.client_id, l.representative_id, l.kind, l.valid_from AS valid_from,"
        "  COALESCE(l.valid_to, ''), l.representative_id AS other FROM client_representative l"
        "  WHERE l.client_id = ?1"
        " UNION ALL"
        " SELECT 0, l.id, l.client_id, l.representative_id, l.kind, l.valid_from, COALESCE(l.valid_to, ''),"
        "  l.client_id FROM client_representative l WHERE l.representative_id = ?1) x"
        " ORDER BY x.side DESC, x.valid_from DESC, x.id DESC",
        &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, client);
    bool row = false;
    size_t cap[2] = {0, 0};
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        bool represented = kp_stmt_int(s, 0) != 0;
        kp_person_link **v = represented ? &out->representatives : &out->represented;
        size_t *n = represented ? &out->n_representatives : &out->n_represented;
        size_t *c = &cap[represented];
        if (*n == *c) {
            *c = *c ? *c * 2 : 4;
            *v = kp_xrealloc(*v, *c * sizeof **v);
        }
        kp_person_link *x = &(*v)[(*n)++];
        memset(x, 0, sizeof *x);
        x->id = kp_stmt_int(s, 1);
        x->client_id = kp_stmt_int(s, 2);
        x->representative_id = kp_stmt_int(s, 3);
        snprintf(x->kind, sizeof x->kind, "%s", kp_stmt_text(s, 4));
        snprintf(x->valid_from, sizeof x->valid_from, "%s", kp_stmt_text(s, 5));
        snprintf(x->valid_to, sizeof x->valid_to, "%s", kp_stmt_text(s, 6));
        x->other_id = kp_stmt_int(s, 7);
        x->in_force = strcmp(x->valid_from, today) <= 0 && (!x->valid_to[0] || strcmp(x->valid_to, today) >= 0);
    }
    kp_stmt_free(s);
    /* The other person's names only when the caller may read them, and
     * then with a "list" record, as load_links. */
    for (int side = 0; side < 2 && !rc; side++) {
        kp_person_link *v = side ? out->represented : out->representatives;
        size_t n = side ? out->n_represented : out->n_representatives;
        for (size_t i = 0; i < n && !rc; i++) {
            kp_person_link *x = &v[i];
            kp_rc seen = kp_access_client(ctx, x->other_id, false);
            if (seen == KP_ENOTFOUND || seen == KP_EDENIED)
                continue;
            rc = seen;
            kp_param p[] = {KP_PINT(x->other_id)};
            kp_stmt *q = NULL;
            bool found = false;
            if (!rc)
                rc = kp_store_prepare(ctx->db, "SELECT given_name, family_name FROM client WHERE id = ?", &q);
            if (!rc)
                rc = kp_sql_bind(q, p, 1);
            if (!rc)
                rc = kp_stmt_step(q, &found);
            if (!rc && found) {
                snprintf(x->given_name, sizeof x->given_name, "%s", kp_stmt_text(q, 0));
                snprintf(x->family_name, sizeof x->family_name, "%s", kp_stmt_text(q, 1));
            }
            kp_stmt_free(q);
            if (!rc)
                rc = kp_audit_access(ctx, "list", "client", x->other_id, x->other_id, "");
            x->visible = !rc;
        }
    }
    return rc;
}

static kp_rc load_residences(kp_ctx *ctx, int64_t client, kp_person *out)
{
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT r.id, r.kind, COALESCE(CASE WHEN ?2 = 'en' THEN m.name_en ELSE m.name_lv END, ''),"
                                " r.start_date, COALESCE(r.end_date, '') FROM residence r"
                                " LEFT JOIN municipality m ON m.id = r.municipality_id WHERE r.client_id = ?1"
                                " ORDER BY r.start_date DESC, r.id DESC",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, client);
    if (!rc)
        rc = kp_stmt_bind_text(s, 2, kp_ctx_is_en(ctx) ? "en" : "lv");
    bool row = false;
    size_t cap = 0;
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (out->n_residences == cap) {
            cap = cap ? cap * 2 : 4;
            out->residences = kp_xrealloc(out->residences, cap * sizeof *out->residences);
        }
        kp_person_residence *x = &out->residences[out->n_residences++];
        memset(x, 0, sizeof *x);
        x->id = kp_stmt_int(s, 0);
        snprintf(x->kind, sizeof x->kind, "%s", kp_stmt_text(s, 1));
        snprintf(x->municipality_name, sizeof x->municipality_name, "%s", kp_stmt_text(s, 2));
        snprintf(x->start_date, sizeof x->start_date, "%s", kp_stmt_text(s, 3));
        snprintf(x->end_date, sizeof x->end_date, "%s", kp_stmt_text(s, 4));
    }
    kp_stmt_free(s);
    return rc;
}

kp_rc kp_person_load(kp_ctx *ctx, int64_t client_id, kp_person *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (client_id <= 0)
        return KP_EINVAL;
    kp_rc rc = kp_access_client(ctx, client_id, false);
    if (rc)
        return rc;
    rc = kp_store_begin_read(ctx->db);
    if (rc)
        return rc;
    kp_pv_list l;
    rc = kp_pv_load(ctx, client_id, &l);
    if (!rc) {
        char today[11];
        today_iso(ctx, today);
        size_t k = kp_pv_find(&l, today);
        out->now = l.v[k].p;
        size_t first = k;
        while (first > 0 && l.v[first - 1].p.closed == out->now.closed)
            first--;
        memcpy(out->status_since, l.v[first].p.valid_from, sizeof out->status_since);
        memcpy(out->registered_on, l.registered, sizeof out->registered_on);
        for (size_t i = k + 1; i < l.n; i++)
            if (strcmp(l.v[i].p.valid_from, today) > 0) {
                out->later = kp_xrealloc(out->later, (out->n_later + 1) * sizeof *out->later);
                out->later[out->n_later++] = l.v[i].p;
            }
        kp_pv_free(&l);
    }
    if (!rc)
        rc = load_links_both(ctx, client_id, out);
    if (!rc)
        rc = load_residences(ctx, client_id, out);
    if (!rc)
        rc = kp_audit_access(ctx, "view", "client_person", client_id, client_id, "");
    rc = kp_store_finish(ctx->db, rc);
    if (rc)
        kp_person_free(out);
    return rc;
}

kp_rc kp_person_versions(kp_ctx *ctx, int64_t client_id, kp_person_version **out, size_t *n)
{
    if (!ctx || !out || !n)
        return KP_EINVAL;
    *out = NULL;
    *n = 0;
    if (client_id <= 0)
        return KP_EINVAL;
    kp_rc rc = kp_access_client(ctx, client_id, false);
    if (rc)
        return rc;
    kp_pv_list l;
    rc = kp_pv_load(ctx, client_id, &l);
    if (rc)
        return rc;
    rc = kp_audit_access(ctx, "view", "client_versions", client_id, client_id, "");
    if (!rc) {
        *out = kp_xcalloc(l.n, sizeof **out);
        for (size_t i = 0; i < l.n; i++)
            (*out)[i] = l.v[i].p;
        *n = l.n;
    }
    kp_pv_free(&l);
    return rc;
}

kp_rc kp_representatives_at(kp_ctx *ctx, int64_t client_id, kp_date at, kp_person_link **out, size_t *n)
{
    if (!ctx || !out || !n)
        return KP_EINVAL;
    *out = NULL;
    *n = 0;
    if (client_id <= 0 || at == KP_DATE_NONE)
        return KP_EINVAL;
    kp_rc rc = kp_access_client(ctx, client_id, false);
    if (rc)
        return rc;
    char d[11];
    kp_date_format_iso(at, d);
    rc = kp_store_begin_read(ctx->db);
    if (rc)
        return rc;
    rc = load_links(ctx, client_id, true, d, out, n);
    if (!rc)
        rc = kp_audit_access(ctx, "view", "client_representatives", client_id, client_id, d);
    rc = kp_store_finish(ctx->db, rc);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

kp_rc kp_moves_for_head(kp_ctx *ctx, int64_t municipality_id, kp_move_notice **out, size_t *n)
{
    if (!ctx || !out || !n)
        return KP_EINVAL;
    *out = NULL;
    *n = 0;
    int64_t muni = 0;
    if (ctx->role == KP_ROLE_MUNICIPAL_HEAD)
        muni = ctx->municipality_id;
    else if (ctx->role == KP_ROLE_SYSTEM && municipality_id > 0)
        muni = municipality_id;
    else
        return ctx->role == KP_ROLE_SYSTEM ? KP_EINVAL : KP_EDENIED;
    kp_date today = kp_ctx_today(ctx);
    char t[11], from[11], to[11];
    kp_date_format_iso(today, t);
    kp_date_format_iso(today - KP_MOVES_BACK_DAYS, from);
    kp_date_format_iso(today + KP_MOVES_AHEAD_DAYS, to);
    int64_t own = 0;
    kp_rc rc = kp_municipality_rollup(ctx, muni, today, &own);
    if (rc)
        return rc;
    /* ?1 own territory, ?2 today; scope: it and what merged into it. A move
     * is a version whose municipality differs from the one before it. */
    kp_stmt *s = NULL;
    rc = kp_store_prepare(ctx->db,
                          "WITH RECURSIVE scope(id) AS (SELECT CAST(?1 AS BIGINT) UNION SELECT m.id FROM municipality m JOIN scope s"
                          " ON m.successor_id = s.id WHERE m.valid_to IS NOT NULL AND m.valid_to < ?2)"
                          " SELECT v.client_id, v.valid_from, v.municipality_id IN (SELECT id FROM scope),"
                          " CASE WHEN ?5 = 'en' THEN mo.name_en ELSE mo.name_lv END,"
                          " CASE WHEN ?5 = 'en' THEN mn.name_en ELSE mn.name_lv END"
                          " FROM client_version v JOIN client_version p ON p.client_id = v.client_id"
                          "  AND p.valid_to = (SELECT MAX(q.valid_to) FROM client_version q"
                          "   WHERE q.client_id = v.client_id AND q.valid_to < v.valid_from)"
                          " JOIN municipality mo ON mo.id = p.municipality_id JOIN municipality mn ON mn.id = v.municipality_id"
                          " WHERE v.valid_from BETWEEN ?3 AND ?4 AND v.municipality_id <> p.municipality_id"
                          " AND (v.municipality_id IN (SELECT id FROM scope) OR p.municipality_id IN (SELECT id FROM scope))"
                          " ORDER BY v.valid_from, v.client_id",
                          &s);
    kp_param p[] = {KP_PINT(own), KP_PTEXT(t), KP_PTEXT(from), KP_PTEXT(to), KP_PTEXT(kp_ctx_is_en(ctx) ? "en" : "lv")};
    if (!rc)
        rc = kp_sql_bind(s, p, KP_NPARAMS(p));
    bool row = false;
    size_t cap = 0;
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            *out = kp_xrealloc(*out, cap * sizeof **out);
        }
        kp_move_notice *x = &(*out)[(*n)++];
        memset(x, 0, sizeof *x);
        x->client_id = kp_stmt_int(s, 0);
        snprintf(x->on, sizeof x->on, "%s", kp_stmt_text(s, 1));
        x->incoming = kp_stmt_int(s, 2) != 0;
        snprintf(x->other, sizeof x->other, "%s", kp_stmt_text(s, x->incoming ? 3 : 4));
    }
    kp_stmt_free(s);
    if (!rc)
        rc = kp_store_begin_read(ctx->db);
    if (!rc) {
        for (size_t i = 0; i < *n && !rc; i++) {
            kp_move_notice *x = &(*out)[i];
            kp_rc seen = kp_access_client(ctx, x->client_id, false);
            if (seen == KP_ENOTFOUND || seen == KP_EDENIED)
                continue;
            rc = seen;
            kp_param q[] = {KP_PINT(x->client_id)};
            if (!rc)
                rc = kp_sql_text(ctx->db, "SELECT given_name FROM client WHERE id = ?", q, 1, x->given_name,
                                 sizeof x->given_name);
            if (!rc)
                rc = kp_sql_text(ctx->db, "SELECT family_name FROM client WHERE id = ?", q, 1, x->family_name,
                                 sizeof x->family_name);
            if (!rc)
                rc = kp_audit_access(ctx, "list", "client", x->client_id, x->client_id, "");
            x->visible = !rc;
        }
        rc = kp_store_finish(ctx->db, rc);
    }
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* The municipality choices, kept with the connection (kp_store_kept) while
 * the records are unchanged, per language, day and kind: a card's forms
 * list every territory of 2009–today, sorted, on every view (issue 10). */
enum { MUNI_OPTIONS_KEPT = 4 };
static const char MUNI_OPTIONS_TAG[] = "municipality-options";

static void kept_options_free(void *p)
{
    kp_options_free(p);
    free(p);
}

static void options_copy(kp_options *to, const kp_options *from)
{
    to->n = from->n;
    to->cap = from->n ? from->n : 1;
    to->items = kp_xmalloc(to->cap * sizeof *to->items);
    if (from->n)
        memcpy(to->items, from->items, from->n * sizeof *from->items);
}

static kp_rc municipality_options_db(kp_ctx *ctx, bool today_only, kp_options *out);

kp_rc kp_person_municipality_options(kp_ctx *ctx, bool today_only, kp_options *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    char key[32];
    snprintf(key, sizeof key, "%s/%d/%.10s", kp_ctx_is_en(ctx) ? "en" : "lv", (int)today_only, ctx->now);
    const kp_options *k = kp_store_kept(ctx->db, MUNI_OPTIONS_TAG, key);
    if (k) {
        options_copy(out, k);
        return KP_OK;
    }
    kp_rc rc = municipality_options_db(ctx, today_only, out);
    if (rc)
        return rc;
    kp_options *copy = kp_xcalloc(1, sizeof *copy);
    options_copy(copy, out);
    if (!kp_store_keep(ctx->db, MUNI_OPTIONS_TAG, key, MUNI_OPTIONS_KEPT, copy, kept_options_free))
        kept_options_free(copy);
    return KP_OK;
}

static kp_rc municipality_options_db(kp_ctx *ctx, bool today_only, kp_options *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    char today[11];
    today_iso(ctx, today);
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT atvk, CASE WHEN ?1 = 'en' THEN name_en ELSE name_lv END FROM municipality"
                                " WHERE ?3 = 0 OR (valid_from <= ?2 AND (valid_to IS NULL OR valid_to >= ?2))"
                                " ORDER BY name_lv, atvk",
                                &s);
    kp_param p[] = {KP_PTEXT(kp_ctx_is_en(ctx) ? "en" : "lv"), KP_PTEXT(today), KP_PINT(today_only ? 1 : 0)};
    if (!rc)
        rc = kp_sql_bind(s, p, KP_NPARAMS(p));
    bool row = false;
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        kp_cw_reserve((void **)&out->items, &out->cap, out->n, sizeof *out->items);
        kp_option *o = &out->items[out->n++];
        memset(o, 0, sizeof *o);
        snprintf(o->code, sizeof o->code, "%s", kp_stmt_text(s, 0));
        snprintf(o->name, sizeof o->name, "%s", kp_stmt_text(s, 1));
    }
    kp_stmt_free(s);
    if (rc)
        kp_options_free(out);
    return rc;
}
