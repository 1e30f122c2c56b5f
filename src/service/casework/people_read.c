/* Reading a person's history: the card's person section, the versions, the
 * representatives at a date, and the moves a municipal head is told of
 * (see people.h). Every read is scoped and recorded in the access log. */
#include "service/casework/people.h"
#include "service/casework/people_versions.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/client_sql.h"
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

static bool covers(const kp_person_link *x, const char *today)
{
    return strcmp(x->valid_from, today) <= 0 && (!x->valid_to[0] || strcmp(x->valid_to, today) >= 0);
}

/* The other person's names only when the caller may read that person, and
 * then with a "list" record. */
static kp_rc name_links(kp_ctx *ctx, kp_person_link *v, size_t n)
{
    char today[11];
    today_iso(ctx, today);
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < n; i++)
        v[i].in_force = covers(&v[i], today);
    for (size_t i = 0; i < n && !rc; i++) {
        kp_person_link *x = &v[i];
        kp_rc seen = kp_access_client(ctx, x->other_id, false);
        if (seen == KP_ENOTFOUND || seen == KP_EDENIED)
            continue;
        rc = seen;
        kp_q_name name;
        bool found = false;
        if (!rc)
            rc = kp_q_client_name(ctx->db, x->other_id, &name, &found);
        if (!rc && found) {
            memcpy(x->given_name, name.given_name, sizeof x->given_name);
            memcpy(x->family_name, name.family_name, sizeof x->family_name);
        }
        if (!rc)
            rc = kp_audit_access(ctx, "list", "client", x->other_id, x->other_id, "");
        x->visible = !rc;
    }
    return rc;
}

/* Links where the person is represented, newest first; at = "" for every
 * period, else only those covering it. */
static kp_rc load_links(kp_ctx *ctx, int64_t client, const char *at, kp_person_link **out, size_t *n)
{
    kp_q_links l = {0};
    kp_rc rc = kp_q_links_represented(ctx->db, client, at, &l);
    if (!rc)
        rc = name_links(ctx, l.items, l.n);
    if (rc) {
        free(l.items);
        l.items = NULL;
        l.n = 0;
    }
    *out = l.items;
    *n = l.n;
    return rc;
}

/* Both sides of the person's links, every period, for the card: one
 * statement instead of one per side (issue 10): the links where the person
 * is represented, then those where they represent, each newest first. */
static kp_rc load_links_both(kp_ctx *ctx, int64_t client, kp_person *out)
{
    kp_rc rc = kp_q_links_both(ctx->db, client, out);
    if (!rc)
        rc = name_links(ctx, out->representatives, out->n_representatives);
    if (!rc)
        rc = name_links(ctx, out->represented, out->n_represented);
    return rc;
}

/* own_tx: in a read transaction of its own (a savepoint inside the
 * caller's); else inside the caller's read transaction as it is. */
static kp_rc person_load(kp_ctx *ctx, int64_t client_id, kp_person *out, bool own_tx)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (client_id <= 0)
        return KP_EINVAL;
    kp_rc rc = kp_access_client(ctx, client_id, false);
    if (rc)
        return rc;
    if (own_tx) {
        rc = kp_store_begin_read(ctx->db);
        if (rc)
            return rc;
    }
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
        rc = kp_q_residences_of(ctx->db, client_id, kp_ctx_is_en(ctx), out);
    if (!rc)
        rc = kp_audit_access(ctx, "view", "client_person", client_id, client_id, "");
    if (own_tx)
        rc = kp_store_finish(ctx->db, rc);
    if (rc)
        kp_person_free(out);
    return rc;
}

kp_rc kp_person_load(kp_ctx *ctx, int64_t client_id, kp_person *out)
{
    return person_load(ctx, client_id, out, true);
}

kp_rc kp_person_load_in_read(kp_ctx *ctx, int64_t client_id, kp_person *out)
{
    /* Reads only: the caller's read transaction already makes them one
     * view of the records, and a savepoint inside it (SAVEPOINT and
     * RELEASE) would be two statements more on every card (issue 10). */
    return person_load(ctx, client_id, out, false);
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
    rc = load_links(ctx, client_id, d, out, n);
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
    size_t cap = 0;
    rc = kp_q_moves(ctx->db, own, t, from, to, kp_ctx_is_en(ctx), out, n, &cap);
    if (!rc)
        rc = kp_store_begin_read(ctx->db);
    if (!rc) {
        for (size_t i = 0; i < *n && !rc; i++) {
            kp_move_notice *x = &(*out)[i];
            kp_rc seen = kp_access_client(ctx, x->client_id, false);
            if (seen == KP_ENOTFOUND || seen == KP_EDENIED)
                continue;
            rc = seen;
            kp_q_name name;
            bool found = false;
            if (!rc)
                rc = kp_q_client_name(ctx->db, x->client_id, &name, &found);
            if (!rc && found) {
                memcpy(x->given_name, name.given_name, sizeof x->given_name);
                memcpy(x->family_name, name.family_name, sizeof x->family_name);
            }
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
    kp_rc rc = kp_q_municipality_options(ctx->db, kp_ctx_is_en(ctx), today, today_only, out);
    if (rc)
        kp_options_free(out);
    return rc;
}
