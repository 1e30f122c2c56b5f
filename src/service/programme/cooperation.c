/* Cooperation agreements between municipalities: record, end, correct and
 * list them (see cooperation.h). */
#include "service/programme/cooperation.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/programme/diplan_sql.h"
#include "service/territory.h"
#include "service/validate.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const KINDS[] = {"existing", "planned", NULL};

const char *kp_coop_state(const char *valid_from, const char *valid_to, const char *d)
{
    if (!d)
        return "in_force";
    if (valid_from && valid_from[0] && strcmp(valid_from, d) > 0)
        return "not_started";
    if (valid_to && valid_to[0] && strcmp(valid_to, d) < 0)
        return "ended";
    return "in_force";
}

void kp_coop_list_free(kp_coop_list *l)
{
    if (!l)
        return;
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* ---- the rules of an agreement -------------------------------------------- */

/* The values an agreement would have, as typed (blank = none). */
typedef struct values {
    const char *municipality, *partner, *service, *target_group, *kind, *places, *valid_from, *valid_to, *decision;
} values;

typedef struct checked {
    int64_t municipality, partner, places; /* places -1: none */
    char from[11], to[11];                 /* ISO or "" */
} checked;

static void existed(kp_ctx *ctx, int64_t id, char from[11], char to[11])
{
    (void)kp_q_municipality_span(ctx->db, id, from, to);
}

/* Every rule of an agreement, each broken one an error on its field. */
static void check(kp_ctx *ctx, kp_errors *e, const values *v, checked *c)
{
    c->municipality = kp_v_municipality(ctx, e, "municipality", v->municipality, KP_DATE_NONE, true);
    c->partner = kp_v_municipality(ctx, e, "partner", v->partner, KP_DATE_NONE, true);
    if (c->municipality && c->municipality == c->partner)
        kp_errors_add(e, "partner", v->partner, "%s",
                      KP_TR(ctx, "sadarbības partnerim jābūt citai pašvaldībai", "the partner must be another municipality"));
    /* The two must have existed at the same time (a pre-reform novads
     * cooperates with pre-reform ones). */
    if (c->municipality > 0 && c->partner > 0 && c->municipality != c->partner) {
        char mfrom[11], mto[11], pfrom[11], pto[11];
        existed(ctx, c->municipality, mfrom, mto);
        existed(ctx, c->partner, pfrom, pto);
        if (strcmp(pfrom, mto) > 0 || strcmp(mfrom, pto) > 0)
            kp_errors_add(e, "partner", v->partner,
                          KP_TR(ctx, "partneris (%s – %s) nepastāvēja vienlaikus ar pašvaldību (%s – %s): norādiet tā laika partneri",
                                "the partner (%s – %s) never existed at the same time as the municipality (%s – %s): give the partner of that time"),
                          pfrom, strcmp(pto, "9999-12-31") ? pto : "…", mfrom, strcmp(mto, "9999-12-31") ? mto : "…");
    }
    kp_v_service(ctx, e, "service", v->service);
    kp_v_target_group(ctx, e, "target_group", v->target_group);
    kp_v_enum(ctx, e, "kind", v->kind, KINDS, true);
    c->places = kp_v_int(ctx, e, "places", v->places, 0, 10000, false, -1);
    kp_date from = kp_v_date(ctx, e, "valid_from", v->valid_from, false);
    kp_date to = kp_v_date(ctx, e, "valid_to", v->valid_to, false);
    if (from != KP_DATE_NONE && to != KP_DATE_NONE && to < from)
        kp_errors_add(e, "valid_to", v->valid_to, "%s",
                      KP_TR(ctx, "beigu datums nevar būt pirms sākuma datuma", "the end date cannot be before the start date"));
    kp_v_text(ctx, e, "decision", v->decision, 300, false);
    c->from[0] = c->to[0] = '\0';
    if (from != KP_DATE_NONE)
        kp_date_format_iso(from, c->from);
    if (to != KP_DATE_NONE)
        kp_date_format_iso(to, c->to);
}

/* The region holding `municipality`'s records today, which decides who may
 * change its agreements. */
static kp_rc holder_region(kp_ctx *ctx, int64_t municipality, char region[8])
{
    int64_t holder = 0;
    region[0] = '\0';
    kp_rc rc = kp_municipality_rollup(ctx, municipality, kp_ctx_today(ctx), &holder);
    if (!rc)
        rc = kp_territory_region_at(ctx, holder, kp_ctx_today(ctx), region);
    return rc;
}


kp_rc kp_cooperation_add(kp_ctx *ctx, const kp_cooperation_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    size_t before = e->n;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "cooperation");
    values v = {in->municipality, in->partner, in->service,    in->target_group, in->kind,
                in->places,       in->valid_from, in->valid_to, in->decision};
    checked c;
    check(ctx, e, &v, &c);
    if (e->n != before)
        return KP_EINVAL;
    char region[8];
    kp_rc rc = holder_region(ctx, c.municipality, region);
    if (!rc)
        rc = kp_access_region(ctx, region, true);
    if (rc)
        return rc;
    char places[24] = "";
    if (c.places >= 0)
        snprintf(places, sizeof places, "%lld", (long long)c.places);
    const char *decision = in->decision ? in->decision : "";
    kp_field_change f[] = {{"municipality", "", in->municipality}, {"partner", "", in->partner},
                           {"service", "", in->service},           {"target_group", "", in->target_group},
                           {"kind", "", in->kind},                 {"places", "", places},
                           {"valid_from", "", c.from},             {"valid_to", "", c.to},
                           {"decision", "", decision}};
    int64_t new_id = 0;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_coop_insert(ctx->db, id, c.municipality, c.partner, in->service, in->target_group, in->kind, c.places,
                          c.from, c.to, decision, &new_id);
    if (!rc)
        rc = kp_audit_change(ctx, "create", "cooperation", new_id, 0, c.from[0] ? c.from : NULL, "", f,
                             sizeof f / sizeof f[0]);
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = new_id;
    return rc;
}

/* ---- reading ----------------------------------------------------------------- */


typedef struct reader {
    kp_ctx *ctx;
    kp_territories t;
    char today[11];
    int64_t own;   /* a head's municipality (its holder today) */
} reader;

static int64_t holder_today(const reader *rd, int64_t id)
{
    return kp_territories_holder(&rd->t, id, 0, rd->today);
}

static const char *region_today(const reader *rd, int64_t id)
{
    int64_t h = holder_today(rd, id);
    return h ? kp_territories_region(&rd->t, h, rd->today) : "";
}

static void fill(const reader *rd, const kp_q_coop *q, const char *d, kp_coop_row *x)
{
    memset(x, 0, sizeof *x);
    x->id = q->id;
    x->municipality_id = q->municipality_id;
    x->partner_id = q->partner_id;
    const kp_terr *m = kp_territories_find(&rd->t, x->municipality_id);
    const kp_terr *p = kp_territories_find(&rd->t, x->partner_id);
    snprintf(x->municipality_atvk, sizeof x->municipality_atvk, "%s", m ? m->atvk : "");
    snprintf(x->municipality, sizeof x->municipality, "%s", m ? m->name : "");
    snprintf(x->partner_atvk, sizeof x->partner_atvk, "%s", p ? p->atvk : "");
    snprintf(x->partner, sizeof x->partner, "%s", p ? p->name : "");
    snprintf(x->service, sizeof x->service, "%s", q->service);
    snprintf(x->service_name, sizeof x->service_name, "%s", q->service_name);
    snprintf(x->target_group, sizeof x->target_group, "%s", q->target_group);
    snprintf(x->kind, sizeof x->kind, "%s", q->kind);
    x->places = q->places;
    snprintf(x->valid_from, sizeof x->valid_from, "%s", q->valid_from);
    snprintf(x->valid_to, sizeof x->valid_to, "%s", q->valid_to);
    snprintf(x->decision, sizeof x->decision, "%s", q->decision);
    x->state = kp_coop_state(x->valid_from, x->valid_to, d);
    snprintf(x->region, sizeof x->region, "%s", region_today(rd, x->municipality_id));
    x->editable = kp_access_region(rd->ctx, x->region, true) == KP_OK;
}

/* May the caller read agreement x? */
static bool readable(const reader *rd, const kp_coop_row *x)
{
    switch (rd->ctx->role) {
    case KP_ROLE_SYSTEM:
    case KP_ROLE_ADMIN:
    case KP_ROLE_MINISTRY:
        return true;
    case KP_ROLE_REGION:
        return strcmp(x->region, rd->ctx->region) == 0 ||
               strcmp(region_today(rd, x->partner_id), rd->ctx->region) == 0;
    case KP_ROLE_MUNICIPAL_HEAD:
        return rd->own && (holder_today(rd, x->municipality_id) == rd->own || holder_today(rd, x->partner_id) == rd->own);
    case KP_ROLE_SOCIAL_WORKER:
    case KP_ROLE_PROVIDER:
        break;
    }
    return false;
}

static kp_rc reader_open(kp_ctx *ctx, reader *rd)
{
    memset(rd, 0, sizeof *rd);
    rd->ctx = ctx;
    if (ctx->role == KP_ROLE_SOCIAL_WORKER || ctx->role == KP_ROLE_PROVIDER)
        return KP_EDENIED;
    kp_date_format_iso(kp_ctx_today(ctx), rd->today);
    kp_rc rc = kp_territories_load(ctx, &rd->t);
    if (!rc && ctx->role == KP_ROLE_MUNICIPAL_HEAD) {
        rd->own = holder_today(rd, ctx->municipality_id);
        if (!rd->own)
            rc = KP_ENOTFOUND;
    }
    return rc;
}

kp_rc kp_cooperation_get(kp_ctx *ctx, int64_t id, kp_date at, kp_coop_row *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!ctx || !out || at == KP_DATE_NONE)
        return KP_EINVAL;
    if (id <= 0)
        return KP_ENOTFOUND;
    reader rd;
    kp_rc rc = reader_open(ctx, &rd);
    char d[11];
    kp_date_format_iso(at, d);
    kp_q_coop q;
    bool row = false;
    if (!rc)
        rc = kp_q_coop_get(ctx->db, kp_ctx_is_en(ctx), id, &q, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc) {
        fill(&rd, &q, d, out);
        if (!readable(&rd, out))
            rc = KP_ENOTFOUND;
    }
    kp_territories_free(&rd.t);
    if (rc == KP_EDENIED && ctx->role != KP_ROLE_SOCIAL_WORKER && ctx->role != KP_ROLE_PROVIDER)
        rc = KP_ENOTFOUND;
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}

static int by_names(const kp_coop_row *x, const kp_coop_row *y, const kp_coop_filter *f)
{
    int c = f->collate ? f->collate(x->municipality, y->municipality, f->collate_arg)
                       : strcmp(x->municipality, y->municipality);
    if (!c)
        c = f->collate ? f->collate(x->partner, y->partner, f->collate_arg) : strcmp(x->partner, y->partner);
    if (!c)
        c = strcmp(x->service, y->service);
    return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* Insertion sort: a region has tens of agreements, and qsort takes no
 * collator's argument. */
static void sort_rows(kp_coop_row *r, size_t n, const kp_coop_filter *f)
{
    for (size_t i = 1; i < n; i++) {
        kp_coop_row x = r[i];
        size_t j = i;
        while (j > 0 && by_names(&r[j - 1], &x, f) > 0) {
            r[j] = r[j - 1];
            j--;
        }
        r[j] = x;
    }
}

kp_rc kp_cooperation_list(kp_ctx *ctx, const kp_coop_filter *f, kp_coop_list *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!ctx || !f || !out || f->at == KP_DATE_NONE)
        return KP_EINVAL;
    const char *want = f->region ? f->region : "";
    reader rd;
    kp_rc rc = reader_open(ctx, &rd);
    if (rc) {
        kp_territories_free(&rd.t);
        return rc;
    }
    switch (ctx->role) {
    case KP_ROLE_REGION:
        if (!want[0])
            want = ctx->region;
        if (strcmp(want, ctx->region) != 0)
            rc = KP_ENOTFOUND;
        break;
    case KP_ROLE_MUNICIPAL_HEAD: {
        const char *r = kp_territories_region(&rd.t, rd.own, rd.today);
        if (want[0] && strcmp(want, r) != 0)
            rc = KP_ENOTFOUND;
        want = r;
        break;
    }
    default:
        if (!want[0])
            rc = KP_EINVAL;
        break;
    }
    if (!rc)
        rc = kp_region_known(ctx, want);
    /* The municipality of the filter: its own id and its holder today. */
    int64_t fm = 0, fm_holder = 0;
    if (!rc && f->municipality && f->municipality[0]) {
        for (size_t i = 0; i < rd.t.n && !fm; i++)
            if (strcmp(rd.t.t[i].atvk, f->municipality) == 0)
                fm = rd.t.t[i].id;
        fm_holder = fm ? holder_today(&rd, fm) : 0;
        if (!fm)
            rc = KP_ENOTFOUND;
    }
    if (!rc && f->service && f->service[0]) {
        bool known = false;
        rc = kp_q_service_type_known(ctx->db, f->service, &known);
        if (!rc && !known)
            rc = KP_ENOTFOUND;
    }
    char d[11];
    kp_date_format_iso(f->at, d);
    snprintf(out->region, sizeof out->region, "%s", want);
    snprintf(out->at, sizeof out->at, "%s", d);
    size_t cap = 0;
    kp_q_coop_vec all = {0};
    if (!rc)
        rc = kp_q_coop_all(ctx->db, kp_ctx_is_en(ctx), f->service, &all);
    for (size_t i = 0; !rc && i < all.n; i++) {
        kp_coop_row x;
        fill(&rd, &all.items[i], d, &x);
        if (!readable(&rd, &x))
            continue;
        /* The region's agreements: a side held by the region today. */
        if (strcmp(x.region, want) != 0 && strcmp(region_today(&rd, x.partner_id), want) != 0)
            continue;
        if (!f->all && strcmp(x.state, "in_force") != 0)
            continue;
        if (fm && x.municipality_id != fm && x.partner_id != fm && holder_today(&rd, x.municipality_id) != fm_holder &&
            holder_today(&rd, x.partner_id) != fm_holder)
            continue;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            out->items = kp_xrealloc(out->items, cap * sizeof *out->items);
        }
        out->items[out->n++] = x;
    }
    free(all.items);
    kp_territories_free(&rd.t);
    if (rc) {
        kp_coop_list_free(out);
        return rc;
    }
    sort_rows(out->items, out->n, f);
    return KP_OK;
}

/* ---- ending and correcting ----------------------------------------------------- */

/* The agreement as it is, for a change: readable and writable by the
 * caller. */
static kp_rc for_change(kp_ctx *ctx, int64_t id, kp_coop_row *x)
{
    kp_rc rc = kp_cooperation_get(ctx, id, kp_ctx_today(ctx), x);
    if (rc)
        return rc;
    return kp_access_region(ctx, x->region, true);
}

kp_rc kp_cooperation_end(kp_ctx *ctx, int64_t id, const char *ended_on, const char *reason, kp_errors *e)
{
    if (!ctx || !e)
        return KP_EINVAL;
    kp_coop_row x;
    kp_rc rc = for_change(ctx, id, &x);
    if (rc)
        return rc;
    size_t before = e->n;
    kp_date end = kp_v_date(ctx, e, "ended_on", ended_on, true);
    kp_v_text_lines(ctx, e, "reason", reason, 2000, true);
    char d[11] = "";
    if (end != KP_DATE_NONE) {
        kp_date_format_iso(end, d);
        if (x.valid_from[0] && strcmp(d, x.valid_from) < 0)
            kp_errors_add(e, "ended_on", ended_on,
                          KP_TR(ctx, "līgums sākas %s: beigu diena nevar būt agrāk", "the agreement starts on %s: it cannot end earlier"),
                          x.valid_from);
        else if (x.valid_to[0] && strcmp(d, x.valid_to) >= 0)
            kp_errors_add(e, "ended_on", ended_on,
                          KP_TR(ctx, "līgums jau beidzas %s: lai mainītu beigu dienu uz vēlāku, labojiet to",
                                "the agreement already ends on %s: to move its end later, correct it"),
                          x.valid_to);
    }
    if (e->n != before)
        return KP_EINVAL;
    kp_field_change fc[] = {{"valid_to", x.valid_to, d}};
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_coop_end(ctx->db, id, d);
    if (!rc)
        rc = kp_audit_change(ctx, "end", "cooperation", id, 0, d, reason, fc, 1);
    return kp_store_finish(ctx->db, rc);
}

/* The value after a correction: as it is when not given, "" when "-". */
static const char *merged(const char *given, const char *now, bool clearable)
{
    if (kp_blank(given))
        return now;
    if (clearable && strcmp(given, "-") == 0)
        return "";
    return given;
}

kp_rc kp_cooperation_correct(kp_ctx *ctx, int64_t id, const kp_cooperation_in *in, const char *reason, kp_errors *e)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    kp_coop_row x;
    kp_rc rc = for_change(ctx, id, &x);
    if (rc)
        return rc;
    size_t before = e->n;
    if (!kp_blank(in->municipality) && strcmp(in->municipality, x.municipality_atvk) != 0)
        kp_errors_add(e, "municipality", in->municipality, "%s",
                      KP_TR(ctx, "pašvaldību labot nevar: izbeidziet šo līgumu un ierakstiet jaunu",
                            "the municipality cannot be corrected: end this agreement and record a new one"));
    char places[24] = "";
    if (x.places >= 0)
        snprintf(places, sizeof places, "%lld", (long long)x.places);
    values v = {x.municipality_atvk,
                merged(in->partner, x.partner_atvk, false),
                merged(in->service, x.service, false),
                merged(in->target_group, x.target_group, false),
                merged(in->kind, x.kind, false),
                merged(in->places, places, true),
                merged(in->valid_from, x.valid_from, true),
                merged(in->valid_to, x.valid_to, true),
                merged(in->decision, x.decision, true)};
    checked c;
    check(ctx, e, &v, &c);
    kp_v_text_lines(ctx, e, "reason", reason, 2000, true);
    if (e->n != before)
        return KP_EINVAL;
    char new_places[24] = "";
    if (c.places >= 0)
        snprintf(new_places, sizeof new_places, "%lld", (long long)c.places);
    const kp_field_change all[] = {{"partner", x.partner_atvk, v.partner},
                                   {"service", x.service, v.service},
                                   {"target_group", x.target_group, v.target_group},
                                   {"kind", x.kind, v.kind},
                                   {"places", places, new_places},
                                   {"valid_from", x.valid_from, c.from},
                                   {"valid_to", x.valid_to, c.to},
                                   {"decision", x.decision, v.decision}};
    kp_field_change fc[8];
    size_t nf = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(all[i].old_value, all[i].new_value) != 0)
            fc[nf++] = all[i];
    if (!nf)
        return KP_OK;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_coop_update(ctx->db, id, c.partner, v.service, v.target_group, v.kind, c.places, c.from, c.to,
                          v.decision);
    if (!rc)
        rc = kp_audit_change(ctx, "correct", "cooperation", id, 0, NULL, reason, fc, nf);
    return kp_store_finish(ctx->db, rc);
}
