/* Scope rules (see access.h). */
#include "service/access.h"
#include "service/access_sql.h"
#include "service/privacy/privacy_sql.h"
#include "service/territory_sql.h"
#include "service/validate.h"
#include "service/territory.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

kp_date kp_ctx_today(const kp_ctx *ctx)
{
    char d[11];
    kp_date out;
    memcpy(d, ctx->now, 10);
    d[10] = '\0';
    if (kp_date_parse_iso(d, &out))
        return kp_date_from_ymd(2000, 1, 1);
    return out;
}

kp_rc kp_municipality_rollup(kp_ctx *ctx, int64_t id, kp_date at, int64_t *out)
{
    char atd[11];
    kp_date_format_iso(at, atd);
    /* A chain of reforms is short (two or three links); the bound guards
     * against a cycle in badly edited catalogue data. */
    for (int hops = 0; hops < 16; hops++) {
        int64_t next = 0;
        kp_rc rc = kp_q_municipality_successor_before(ctx->db, id, atd, &next);
        if (rc)
            return rc;
        if (!next) {
            *out = id;
            return KP_OK;
        }
        id = next;
    }
    return KP_ESTATE;
}

/* The region holding a territory's records today: that of the territory
 * it rolled up into (a pre-reform Tukuma novads record is Kurzeme's now). */
static kp_rc municipality_region(kp_ctx *ctx, int64_t municipality_id, char region[8])
{
    int64_t holder = 0;
    kp_rc rc = kp_municipality_rollup(ctx, municipality_id, kp_ctx_today(ctx), &holder);
    if (!rc)
        rc = kp_territory_region_at(ctx, holder, kp_ctx_today(ctx), region);
    return rc;
}

kp_rc kp_access_municipality(kp_ctx *ctx, int64_t municipality_id, bool write)
{
    switch (ctx->role) {
    case KP_ROLE_SYSTEM:
    case KP_ROLE_ADMIN:
        return KP_OK;
    case KP_ROLE_SOCIAL_WORKER:
    case KP_ROLE_MUNICIPAL_HEAD: {
        int64_t holder = 0;
        kp_rc rc = kp_municipality_rollup(ctx, municipality_id, kp_ctx_today(ctx), &holder);
        if (rc)
            return rc;
        /* The caller's own territory may itself have been succeeded (Madona
         * took a new code in 2024): compare the territories holding both. */
        int64_t own = 0;
        rc = kp_municipality_rollup(ctx, ctx->municipality_id, kp_ctx_today(ctx), &own);
        if (rc)
            return rc;
        return holder == own ? KP_OK : KP_ENOTFOUND;
    }
    case KP_ROLE_REGION: {
        if (write)
            return KP_EDENIED;
        char region[8];
        kp_rc rc = municipality_region(ctx, municipality_id, region);
        if (rc)
            return rc;
        return strcmp(region, ctx->region) == 0 ? KP_OK : KP_ENOTFOUND;
    }
    case KP_ROLE_PROVIDER:
    case KP_ROLE_MINISTRY:
        return KP_ENOTFOUND;
    }
    return KP_EDENIED;
}

/* Read checks of clients made on a connection, kept with it (kp_store_kept)
 * while the records are unchanged, for the same caller's scope and day: a
 * card asks the same question of the same client from each of its parts
 * (issue 10). Writes are always checked afresh. */
enum { ACCESS_KEPT = 64 };
typedef struct access_memo {
    struct {
        int64_t client_id;
        kp_rc rc;
    } v[ACCESS_KEPT];
} access_memo;
static const char ACCESS_TAG[] = "access-client";

static kp_rc access_client_db(kp_ctx *ctx, int64_t client_id, bool write);

kp_rc kp_client_unrestricted(kp_ctx *ctx, int64_t client_id)
{
    if (!ctx || client_id <= 0)
        return KP_OK;
    int64_t frozen = 0;
    kp_rc rc = kp_q_restriction_open(ctx->db, client_id, &frozen);
    if (rc)
        return rc;
    return frozen ? KP_ERESTRICTED : KP_OK;
}

kp_rc kp_access_client(kp_ctx *ctx, int64_t client_id, bool write)
{
    if (write || client_id <= 0)
        return access_client_db(ctx, client_id, write);
    char key[96];
    snprintf(key, sizeof key, "%d/%lld/%lld/%s/%.10s", (int)ctx->role, (long long)ctx->municipality_id,
             (long long)ctx->provider_id, ctx->region, ctx->now);
    access_memo *m = kp_store_kept(ctx->db, ACCESS_TAG, key);
    if (!m) {
        m = kp_xcalloc(1, sizeof *m);
        if (!kp_store_keep(ctx->db, ACCESS_TAG, key, 1, m, free)) {
            free(m);
            return access_client_db(ctx, client_id, write);
        }
    }
    size_t slot = (size_t)client_id % ACCESS_KEPT;
    if (m->v[slot].client_id == client_id)
        return m->v[slot].rc;
    kp_rc rc = access_client_db(ctx, client_id, write);
    /* Only answers about the scope are kept, not a database's trouble. */
    if (rc == KP_OK || rc == KP_ENOTFOUND) {
        m->v[slot].client_id = client_id;
        m->v[slot].rc = rc;
    }
    return rc;
}

static kp_rc access_client_db(kp_ctx *ctx, int64_t client_id, bool write)
{
    /* The municipality responsible today, from the person's versions: a
     * move recorded in advance takes effect on its date (people.h). */
    int64_t municipality = 0;
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    kp_rc rc = kp_q_scope_client_municipality(ctx->db, client_id, today, &municipality);
    if (rc)
        return rc;
    if (!municipality)
        return KP_ENOTFOUND;
    /* Region coordinators and the ministry work with aggregates: no client
     * record is theirs to read, whatever the pages allow. */
    if (ctx->role == KP_ROLE_REGION || ctx->role == KP_ROLE_MINISTRY)
        return KP_ENOTFOUND;
    if (ctx->role == KP_ROLE_PROVIDER) {
        /* Provider staff see only clients referred to their provider, and
         * change nothing of theirs but deliveries (checked there). */
        if (write)
            return KP_ENOTFOUND;
        bool referred = false;
        rc = kp_q_scope_client_referred(ctx->db, client_id, ctx->provider_id, &referred);
        if (rc)
            return rc;
        return referred ? KP_OK : KP_ENOTFOUND;
    }
    return kp_access_municipality(ctx, municipality, write);
}

kp_rc kp_access_region(kp_ctx *ctx, const char *region, bool write)
{
    switch (ctx->role) {
    case KP_ROLE_SYSTEM:
    case KP_ROLE_ADMIN:
        return KP_OK;
    case KP_ROLE_REGION:
        return region && strcmp(region, ctx->region) == 0 ? KP_OK : KP_ENOTFOUND;
    case KP_ROLE_MINISTRY:
        return write ? KP_EDENIED : KP_OK;
    case KP_ROLE_SOCIAL_WORKER:
    case KP_ROLE_MUNICIPAL_HEAD:
    case KP_ROLE_PROVIDER:
        return write ? KP_EDENIED : KP_ENOTFOUND;
    }
    return KP_EDENIED;
}

kp_rc kp_access_provider(kp_ctx *ctx, int64_t provider_id, bool write)
{
    switch (ctx->role) {
    case KP_ROLE_SYSTEM:
    case KP_ROLE_ADMIN:
        return KP_OK;
    case KP_ROLE_PROVIDER:
        return provider_id == ctx->provider_id ? KP_OK : KP_ENOTFOUND;
    case KP_ROLE_SOCIAL_WORKER:
    case KP_ROLE_MUNICIPAL_HEAD:
    case KP_ROLE_REGION:
        /* Providers are public register entries: anyone working on cases may
         * read them; only their own staff and administrators change them. */
        return write ? KP_EDENIED : KP_OK;
    case KP_ROLE_MINISTRY:
        return write ? KP_EDENIED : KP_OK;
    }
    return KP_EDENIED;
}

kp_rc kp_municipality_atvk(kp_ctx *ctx, int64_t id, char *out, size_t outlen)
{
    kp_rc rc = kp_q_municipality_atvk(ctx->db, id, out, outlen);
    return rc ? rc : out[0] ? KP_OK : KP_ENOTFOUND;
}

kp_rc kp_scope_client_field(kp_ctx *ctx, kp_errors *e, const char *field, const char *value, bool write,
                            int64_t *out)
{
    size_t before = e->n;
    *out = kp_v_int(ctx, e, field, value, 1, INT64_MAX, true, 0);
    if (!*out)
        return KP_OK;
    kp_rc rc = kp_access_client(ctx, *out, write);
    if (rc) {
        e->n = before;
        *out = 0;
    }
    return rc;
}
