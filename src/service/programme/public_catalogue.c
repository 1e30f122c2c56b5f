/* The public catalogue of community-based services and the changes of its
 * public facts (public_catalogue.h). */
#include "service/programme/public_catalogue.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/services.h"
#include "service/programme/catalogue_sql.h"
#include "service/territory.h"
#include "service/validate.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GROW(arr, n, cap)                                                                                           \
    do {                                                                                                            \
        if ((n) == (cap)) {                                                                                         \
            (cap) = (cap) ? (cap) * 2 : 32;                                                                         \
            (arr) = kp_xrealloc((arr), (cap) * sizeof *(arr));                                                      \
        }                                                                                                           \
    } while (0)

void kp_pub_catalogue_free(kp_pub_catalogue *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nservices; i++)
        free(c->services[i].rules);
    free(c->services);
    free(c->munis);
    free(c->entries);
    memset(c, 0, sizeof *c);
}

kp_rc kp_public_data_version(kp_ctx *ctx, int64_t *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    *out = 0;
    return kp_q_public_data_version(ctx->db, out);
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

/* ---- reading ------------------------------------------------------------ */

/* Municipalities valid on the day with their social service. */
typedef struct muni_loader {
    const kp_territories *t;
    kp_pub_catalogue *c;
    size_t cap;
} muni_loader;

static kp_rc muni_row(void *row, void *arg)
{
    const kp_q_pub_muni *x = row;
    muni_loader *l = arg;
    kp_pub_catalogue *c = l->c;
    GROW(c->munis, c->nmunis, l->cap);
    kp_pub_muni *m = &c->munis[c->nmunis++];
    memset(m, 0, sizeof *m);
    m->id = x->id;
    copy(m->atvk, sizeof m->atvk, x->atvk);
    copy(m->name, sizeof m->name, x->name);
    copy(m->region, sizeof m->region, kp_territories_region(l->t, m->id, c->on));
    m->has_office = x->has_office;
    copy(m->office, sizeof m->office, x->office);
    copy(m->address, sizeof m->address, x->address);
    copy(m->phone, sizeof m->phone, x->phone);
    copy(m->email, sizeof m->email, x->email);
    copy(m->opening_hours, sizeof m->opening_hours, x->opening_hours);
    copy(m->website, sizeof m->website, x->website);
    copy(m->apply_url, sizeof m->apply_url, x->apply_url);
    return KP_OK;
}

static kp_rc load_munis(kp_ctx *ctx, const kp_territories *t, kp_pub_catalogue *c)
{
    muni_loader l = {.t = t, .c = c};
    return kp_q_pub_munis_each(ctx->db, c->on, kp_ctx_is_en(ctx), muni_row, &l);
}


static kp_pub_service *service_of(kp_pub_catalogue *c, const char *code)
{
    for (size_t i = 0; i < c->nservices; i++)
        if (strcmp(c->services[i].code, code) == 0)
            return &c->services[i];
    return NULL;
}

typedef struct service_loader {
    kp_pub_catalogue *c;
    size_t cap;
} service_loader;

static kp_rc service_row(void *row, void *arg)
{
    const kp_q_pub_service *y = row;
    service_loader *l = arg;
    kp_pub_catalogue *c = l->c;
    GROW(c->services, c->nservices, l->cap);
    kp_pub_service *x = &c->services[c->nservices++];
    memset(x, 0, sizeof *x);
    copy(x->code, sizeof x->code, y->code);
    copy(x->parent, sizeof x->parent, y->parent);
    copy(x->name, sizeof x->name, y->name);
    copy(x->unit, sizeof x->unit, y->unit);
    copy(x->groups, sizeof x->groups, y->groups);
    return KP_OK;
}

static kp_rc rule_row(void *row, void *arg)
{
    const kp_q_pub_rule *y = row;
    kp_pub_service *x = service_of(arg, y->service ? y->service : "");
    if (!x)
        return KP_OK;
    x->rules = kp_xrealloc(x->rules, (x->nrules + 1) * sizeof *x->rules);
    kp_pub_rule *u = &x->rules[x->nrules++];
    memset(u, 0, sizeof *u);
    copy(u->kind, sizeof u->kind, y->kind);
    u->limit = y->limit;
    copy(u->unit, sizeof u->unit, x->unit);
    copy(u->target_group, sizeof u->target_group, y->target_group);
    copy(u->region, sizeof u->region, y->region);
    u->age_min = y->age_min;
    u->age_max = y->age_max;
    u->parents_working = (int)y->parents_working;
    copy(u->source, sizeof u->source, y->source);
    return KP_OK;
}

static kp_rc load_services(kp_ctx *ctx, kp_pub_catalogue *c)
{
    service_loader l = {.c = c};
    kp_rc rc = kp_q_pub_services_each(ctx->db, kp_ctx_is_en(ctx), service_row, &l);
    if (!rc)
        rc = kp_q_pub_rules_each(ctx->db, c->on, rule_row, c);
    return rc;
}


static bool has_group(const char *groups, const char *g)
{
    size_t n = strlen(g);
    for (const char *p = groups; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, g, n) == 0)
            return true;
        p = bar ? bar + 1 : NULL;
    }
    return false;
}

static const kp_pub_muni *muni_of(const kp_pub_catalogue *c, int64_t id)
{
    for (size_t i = 0; i < c->nmunis; i++)
        if (c->munis[i].id == id)
            return &c->munis[i];
    return NULL;
}

/* What load_entries() keeps: the offers (kp_q_pub_entries_each) after the
 * filters, each under the territory holding its facility's records today. */
typedef struct entry_loader {
    const kp_territories *t;
    const kp_pub_filter *f;
    int64_t only_muni;
    kp_pub_catalogue *c;
    size_t cap;
} entry_loader;

static kp_rc entry_row(void *row, void *arg)
{
    const kp_q_pub_entry *y = row;
    entry_loader *l = arg;
    kp_pub_catalogue *c = l->c;
    const kp_pub_filter *f = l->f;
    int64_t holder = kp_territories_holder(l->t, y->municipality_id, 0, c->on);
    const char *code = y->service ? y->service : "";
    const char *groups = y->groups ? y->groups : "";
    const kp_pub_service *svc = service_of(c, code);
    if (!holder || !muni_of(c, holder) || !svc)
        return KP_OK;
    if (l->only_muni && holder != l->only_muni)
        return KP_OK;
    if (!kp_blank(f->service) && strcmp(f->service, code) != 0 && strcmp(f->service, svc->parent) != 0)
        return KP_OK;
    if (!kp_blank(f->target_group) && !has_group(groups, f->target_group))
        return KP_OK;
    GROW(c->entries, c->n, l->cap);
    kp_pub_entry *x = &c->entries[c->n++];
    memset(x, 0, sizeof *x);
    x->facility_id = y->facility_id;
    x->provider_id = y->provider_id;
    x->municipality_id = holder;
    copy(x->service, sizeof x->service, code);
    copy(x->groups, sizeof x->groups, groups);
    copy(x->provider, sizeof x->provider, y->provider);
    copy(x->facility, sizeof x->facility, y->facility);
    copy(x->address, sizeof x->address, y->address);
    copy(x->opening_hours, sizeof x->opening_hours, y->opening_hours);
    copy(x->phone, sizeof x->phone, y->phone);
    copy(x->email, sizeof x->email, y->email);
    copy(x->website, sizeof x->website, y->website);
    x->published = y->published;
    int64_t places = y->known ? y->places : -1;
    int64_t family_places = y->family_known ? y->family_places : -1;
    x->shared = y->offers > 1;
    int64_t free_places = kp_free_places(family_places, y->taken);
    bool waiting = y->waiting;
    x->availability = free_places < 0 ? "unknown" : free_places > 0 ? "available" : waiting ? "waiting_list" : "none";
    x->places = x->published ? places : -1;
    x->free_places = x->published ? free_places : -1;
    return KP_OK;
}

static kp_rc load_entries(kp_ctx *ctx, const kp_territories *t, const kp_pub_filter *f, int64_t only_muni,
                          kp_pub_catalogue *c)
{
    entry_loader l = {.t = t, .f = f, .only_muni = only_muni, .c = c};
    return kp_q_pub_entries_each(ctx->db, c->on, entry_row, &l);
}

static size_t service_rank(const kp_pub_catalogue *c, const char *code)
{
    for (size_t i = 0; i < c->nservices; i++)
        if (strcmp(c->services[i].code, code) == 0)
            return i;
    return c->nservices;
}

static size_t muni_rank(const kp_pub_catalogue *c, int64_t id)
{
    for (size_t i = 0; i < c->nmunis; i++)
        if (c->munis[i].id == id)
            return i;
    return c->nmunis;
}

/* Insertion sort: a catalogue has hundreds of rows, not millions. */
static void sort_all(kp_pub_catalogue *c, kp_pub_cmp cmp, void *arg)
{
    for (size_t i = 1; i < c->nmunis; i++) {
        kp_pub_muni x = c->munis[i];
        size_t j = i;
        while (j > 0) {
            int d = cmp ? cmp(c->munis[j - 1].name, x.name, arg) : strcmp(c->munis[j - 1].name, x.name);
            if (d < 0 || (d == 0 && c->munis[j - 1].id < x.id))
                break;
            c->munis[j] = c->munis[j - 1];
            j--;
        }
        c->munis[j] = x;
    }
    for (size_t i = 1; i < c->n; i++) {
        kp_pub_entry x = c->entries[i];
        size_t xm = muni_rank(c, x.municipality_id), xs = service_rank(c, x.service);
        size_t j = i;
        while (j > 0) {
            const kp_pub_entry *y = &c->entries[j - 1];
            size_t ym = muni_rank(c, y->municipality_id), ys = service_rank(c, y->service);
            int d = ym != xm ? (ym < xm ? -1 : 1) : ys != xs ? (ys < xs ? -1 : 1) : 0;
            if (d == 0)
                d = cmp ? cmp(y->facility, x.facility, arg) : strcmp(y->facility, x.facility);
            if (d < 0 || (d == 0 && y->facility_id <= x.facility_id))
                break;
            c->entries[j] = c->entries[j - 1];
            j--;
        }
        c->entries[j] = x;
    }
    for (size_t i = 0; i < c->n; i++)
        for (size_t k = 0; k < c->nmunis; k++)
            if (c->munis[k].id == c->entries[i].municipality_id)
                c->munis[k].entries++;
}

kp_rc kp_public_catalogue(kp_ctx *ctx, const kp_pub_filter *f, kp_pub_cmp cmp, void *cmp_arg, kp_errors *e,
                          kp_pub_catalogue *out)
{
    if (!out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (!ctx || !f)
        return KP_EINVAL;
    kp_date today = kp_ctx_today(ctx);
    kp_date_format_iso(today, out->on);
    kp_territories t;
    memset(&t, 0, sizeof t);
    kp_rc rc = kp_store_begin_read(ctx->db);
    if (rc)
        return rc;
    rc = kp_public_data_version(ctx, &out->version);
    if (!rc)
        rc = kp_territories_load(ctx, &t);
    if (!rc)
        rc = load_munis(ctx, &t, out);
    if (!rc)
        rc = load_services(ctx, out);
    int64_t only = 0;
    if (!rc && !kp_blank(f->service) && !service_of(out, f->service)) {
        if (e)
            kp_errors_add(e, "service", f->service, "%s",
                          KP_TR(ctx, "tāda pakalpojuma nav katalogā: izvēlieties no saraksta",
                                "no such service in the catalogue: choose one from the list"));
        rc = KP_EINVAL;
    }
    if (!rc && !kp_blank(f->target_group)) {
        bool known = false;
        rc = kp_q_target_group_known(ctx->db, f->target_group, &known);
        if (!rc && !known) {
            if (e)
                kp_errors_add(e, "target_group", f->target_group, "%s",
                              KP_TR(ctx, "tādas mērķa grupas nav: izvēlieties no saraksta",
                                    "no such target group: choose one from the list"));
            rc = KP_EINVAL;
        }
    }
    if (!rc && !kp_blank(f->municipality)) {
        for (size_t i = 0; i < out->nmunis && !only; i++)
            if (strcmp(out->munis[i].atvk, f->municipality) == 0)
                only = out->munis[i].id;
        if (!only) {
            if (e)
                kp_errors_add(e, "municipality", f->municipality, "%s",
                              KP_TR(ctx, "tādas pašvaldības nav (ATVK kods no pašreizējām pašvaldībām)",
                                    "no such municipality (an ATVK code of the municipalities of today)"));
            rc = KP_ENOTFOUND;
        }
    }
    if (!rc)
        rc = load_entries(ctx, &t, f, only, out);
    kp_rc end = kp_store_finish(ctx->db, KP_OK);
    if (!rc)
        rc = end;
    kp_territories_free(&t);
    if (rc) {
        kp_pub_catalogue_free(out);
        return rc;
    }
    sort_all(out, cmp, cmp_arg);
    return KP_OK;
}

/* ---- changing the public facts ------------------------------------------- */

/* A phone number as people write it: digits, spaces, +, -, (, ). */
static void v_phone(kp_ctx *ctx, kp_errors *e, const char *v)
{
    if (!v || !*v || !kp_v_text(ctx, e, "phone", v, 60, false))
        return;
    int digits = 0;
    for (const char *p = v; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!strchr(" +-()", *p)) {
            kp_errors_add(e, "phone", v, "%s",
                          KP_TR(ctx, "tālrunī var būt tikai cipari, atstarpes un zīmes + - ( ), piemēram, +371 63900000",
                                "a phone number holds only digits, spaces and + - ( ), e.g. +371 63900000"));
            return;
        }
    }
    if (digits < 8 || digits > 15)
        kp_errors_add(e, "phone", v, "%s",
                      KP_TR(ctx, "tālrunī jābūt 8 līdz 15 cipariem", "a phone number has 8 to 15 digits"));
}

static void v_email(kp_ctx *ctx, kp_errors *e, const char *v)
{
    if (!v || !*v || !kp_v_text(ctx, e, "email", v, 120, false))
        return;
    const char *at = strchr(v, '@');
    if (!at || at == v || !strchr(at, '.') || strchr(at + 1, '@') || strchr(v, ' ') || at[strlen(at) - 1] == '.')
        kp_errors_add(e, "email", v, "%s",
                      KP_TR(ctx, "e-pasta adrese nav pareiza: piemēram, soc.dienests@bauska.lv",
                            "not an e-mail address: e.g. soc.dienests@bauska.lv"));
}

/* A web address (https:// or http://), or for apply_url also a path on
 * this server ("/…", the later application form). */
static void v_url(kp_ctx *ctx, kp_errors *e, const char *field, const char *v, bool local_ok)
{
    if (!v || !*v || !kp_v_text(ctx, e, field, v, 280, false))
        return;
    bool ok = strncmp(v, "https://", 8) == 0 || strncmp(v, "http://", 7) == 0 ||
              (local_ok && v[0] == '/' && v[1] != '/');
    if (!ok || strchr(v, ' ') || strchr(v, '"') || strchr(v, '<'))
        kp_errors_add(e, field, v, "%s",
                      local_ok ? KP_TR(ctx, "adresei jāsākas ar https:// vai ar / (lapa šajā sistēmā)",
                                       "the address starts with https:// or / (a page of this system)")
                               : KP_TR(ctx, "adresei jāsākas ar https://", "the address starts with https://"));
}

typedef struct change_set {
    kp_field_change ch[8];
    char olds[8][320];
    size_t n;
    const char *cols[8];
} change_set;

/* Adds field `col` when `v` is given and differs from the stored value. */
static kp_rc consider(kp_ctx *ctx, change_set *cs, kp_q_pub_table table, int64_t id, const char *col, const char *v)
{
    if (!v)
        return KP_OK;
    char old[320] = "";
    kp_rc rc = kp_q_pub_fact_get(ctx->db, table, id, col, old, sizeof old);
    if (rc || strcmp(old, v) == 0)
        return rc;
    size_t i = cs->n++;
    copy(cs->olds[i], sizeof cs->olds[i], old);
    cs->ch[i] = (kp_field_change){col, cs->olds[i], v};
    cs->cols[i] = col;
    return KP_OK;
}

/* Writes the changed columns (names from our own list, never from input)
 * and the audit record, in one transaction. */
static kp_rc write_changes(kp_ctx *ctx, change_set *cs, kp_q_pub_table table, int64_t id, const char *entity,
                           const char *reason)
{
    if (cs->n == 0)
        return KP_OK;
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    for (size_t i = 0; i < cs->n && !rc; i++)
        rc = kp_q_pub_fact_set(ctx->db, table, id, cs->cols[i], cs->ch[i].new_value);
    if (!rc)
        rc = kp_audit_change(ctx, "update", entity, id, 0, NULL, reason ? reason : "", cs->ch, cs->n);
    return kp_store_finish(ctx->db, rc);
}

static void v_common(kp_ctx *ctx, kp_errors *e, const kp_pub_facts_in *in)
{
    if (in->opening_hours)
        kp_v_text_lines(ctx, e, "opening_hours", in->opening_hours, 280, false);
    v_phone(ctx, e, in->phone);
    v_email(ctx, e, in->email);
    v_url(ctx, e, "website", in->website, false);
    if (in->reason)
        kp_v_text_lines(ctx, e, "reason", in->reason, 500, false);
}

kp_rc kp_facility_public_set(kp_ctx *ctx, int64_t facility_id, const kp_pub_facts_in *in, kp_errors *e)
{
    if (!ctx || !in || !e || facility_id <= 0)
        return KP_EINVAL;
    int64_t provider = 0;
    kp_rc rc = kp_q_facility_provider(ctx->db, facility_id, &provider);
    if (rc)
        return rc;
    if (!provider)
        return ctx->role == KP_ROLE_ADMIN || ctx->role == KP_ROLE_PROVIDER || ctx->role == KP_ROLE_SYSTEM
                   ? KP_ENOTFOUND
                   : KP_EDENIED;
    rc = kp_access_provider(ctx, provider, true);
    if (rc)
        return rc;
    size_t before = e->n;
    v_common(ctx, e, in);
    if (in->publish_places || in->name || in->address || in->apply_url)
        kp_errors_add(e, in->publish_places ? "publish_places" : in->name ? "name" : in->address ? "address" : "apply_url",
                      "", "%s",
                      KP_TR(ctx, "šo lauku vietai nemaina: tas ir sniedzēja vai sociālā dienesta lauks",
                            "a facility has no such field: it belongs to the provider or the social service"));
    if (in->website)
        kp_errors_add(e, "website", in->website, "%s",
                      KP_TR(ctx, "tīmekļa vietne ir sniedzēja lauks", "the website is the provider's field"));
    if (e->n != before)
        return KP_EINVAL;
    change_set cs;
    memset(&cs, 0, sizeof cs);
    rc = consider(ctx, &cs, KP_Q_PUB_FACILITY, facility_id, "opening_hours", in->opening_hours);
    if (!rc)
        rc = consider(ctx, &cs, KP_Q_PUB_FACILITY, facility_id, "phone", in->phone);
    if (!rc)
        rc = consider(ctx, &cs, KP_Q_PUB_FACILITY, facility_id, "email", in->email);
    if (!rc)
        rc = write_changes(ctx, &cs, KP_Q_PUB_FACILITY, facility_id, "facility", in->reason);
    return rc;
}

kp_rc kp_provider_public_set(kp_ctx *ctx, int64_t provider_id, const kp_pub_facts_in *in, kp_errors *e)
{
    if (!ctx || !in || !e || provider_id <= 0)
        return KP_EINVAL;
    bool known = false;
    kp_rc rc = kp_q_provider_exists(ctx->db, provider_id, &known);
    if (rc)
        return rc;
    rc = kp_access_provider(ctx, provider_id, true);
    if (rc)
        return rc;
    if (!known)
        return KP_ENOTFOUND;
    size_t before = e->n;
    v_common(ctx, e, in);
    if (in->publish_places && strcmp(in->publish_places, "0") != 0 && strcmp(in->publish_places, "1") != 0)
        kp_errors_add(e, "publish_places", in->publish_places, "%s",
                      KP_TR(ctx, "jābūt 1 (rādīt brīvo vietu skaitu) vai 0 (rādīt tikai ir / nav / rinda)",
                            "must be 1 (show the number of free places) or 0 (show only available / none / waiting list)"));
    if (in->opening_hours || in->name || in->address || in->apply_url)
        kp_errors_add(e, in->opening_hours ? "opening_hours" : in->name ? "name" : in->address ? "address" : "apply_url",
                      "", "%s",
                      KP_TR(ctx, "sniedzējam šī lauka nav: tas ir vietas vai sociālā dienesta lauks",
                            "a provider has no such field: it belongs to a facility or the social service"));
    if (e->n != before)
        return KP_EINVAL;
    change_set cs;
    memset(&cs, 0, sizeof cs);
    rc = consider(ctx, &cs, KP_Q_PUB_PROVIDER, provider_id, "phone", in->phone);
    if (!rc)
        rc = consider(ctx, &cs, KP_Q_PUB_PROVIDER, provider_id, "email", in->email);
    if (!rc)
        rc = consider(ctx, &cs, KP_Q_PUB_PROVIDER, provider_id, "website", in->website);
    if (!rc)
        rc = consider(ctx, &cs, KP_Q_PUB_PROVIDER, provider_id, "publish_places", in->publish_places);
    if (!rc)
        rc = write_changes(ctx, &cs, KP_Q_PUB_PROVIDER, provider_id, "provider", in->reason);
    return rc;
}

kp_rc kp_social_service_set(kp_ctx *ctx, const char *atvk, const kp_pub_facts_in *in, kp_errors *e)
{
    if (!ctx || !in || !e || kp_blank(atvk))
        return KP_EINVAL;
    if (ctx->role != KP_ROLE_ADMIN && ctx->role != KP_ROLE_SYSTEM && ctx->role != KP_ROLE_MUNICIPAL_HEAD)
        return KP_EDENIED;
    int64_t id = 0;
    kp_date today = kp_ctx_today(ctx);
    char on[11];
    kp_date_format_iso(today, on);
    kp_rc rc = kp_q_municipality_on(ctx->db, atvk, on, &id);
    if (rc)
        return rc;
    if (!id)
        return KP_ENOTFOUND;
    if (ctx->role == KP_ROLE_MUNICIPAL_HEAD) {
        rc = kp_access_municipality(ctx, id, true);
        if (rc)
            return rc;
    }
    size_t before = e->n;
    bool exists = false;
    rc = kp_q_social_service_exists(ctx->db, id, &exists);
    if (rc)
        return rc;
    v_common(ctx, e, in);
    if (in->name || !exists)
        kp_v_text(ctx, e, "name", in->name, 190, true);
    if (in->address)
        kp_v_text(ctx, e, "address", in->address, 190, false);
    v_url(ctx, e, "apply_url", in->apply_url, true);
    if (in->publish_places)
        kp_errors_add(e, "publish_places", in->publish_places, "%s",
                      KP_TR(ctx, "sociālajam dienestam šī lauka nav: tas ir sniedzēja lauks",
                            "the social service has no such field: it belongs to a provider"));
    if (e->n != before)
        return KP_EINVAL;
    change_set cs;
    memset(&cs, 0, sizeof cs);
    const kp_q_pub_table T = KP_Q_PUB_SOCIAL_SERVICE;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    if (!exists) {
        rc = kp_q_social_service_insert(ctx->db, id, in->name);
        cs.ch[cs.n] = (kp_field_change){"name", "", in->name};
        cs.cols[cs.n++] = "name";
    } else if (!rc) {
        rc = consider(ctx, &cs, T, id, "name", in->name);
    }
    if (!rc)
        rc = consider(ctx, &cs, T, id, "address", in->address);
    if (!rc)
        rc = consider(ctx, &cs, T, id, "phone", in->phone);
    if (!rc)
        rc = consider(ctx, &cs, T, id, "email", in->email);
    if (!rc)
        rc = consider(ctx, &cs, T, id, "opening_hours", in->opening_hours);
    if (!rc)
        rc = consider(ctx, &cs, T, id, "website", in->website);
    if (!rc)
        rc = consider(ctx, &cs, T, id, "apply_url", in->apply_url);
    for (size_t i = 0; i < cs.n && !rc; i++)
        rc = kp_q_pub_fact_set(ctx->db, T, id, cs.cols[i], cs.ch[i].new_value);
    if (!rc && cs.n)
        rc = kp_audit_change(ctx, exists ? "update" : "create", "social_service", id, 0, NULL,
                             in->reason ? in->reason : "", cs.ch, cs.n);
    return kp_store_finish(ctx->db, rc);
}
