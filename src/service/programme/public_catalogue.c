/* The public catalogue of community-based services and the changes of its
 * public facts (public_catalogue.h). */
#include "service/programme/public_catalogue.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/services.h"
#include "service/sql.h"
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
    return kp_sql_int(ctx->db, "SELECT version FROM public_data_version WHERE id = 1", NULL, 0, 0, out);
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

/* ---- reading ------------------------------------------------------------ */

/* Municipalities valid on ?1 with their social service. ?2 the language. */
static const char MUNIS_SQL[] =
    "SELECT m.id, m.atvk, CASE WHEN ?2 = 'en' THEN m.name_en ELSE m.name_lv END,"
    " s.municipality_id IS NOT NULL, COALESCE(s.name, ''), COALESCE(s.address, ''), COALESCE(s.phone, ''),"
    " COALESCE(s.email, ''), COALESCE(s.opening_hours, ''), COALESCE(s.website, ''), COALESCE(s.apply_url, '')"
    " FROM municipality m LEFT JOIN municipality_social_service s ON s.municipality_id = m.id"
    " WHERE m.valid_from <= ?1 AND (m.valid_to IS NULL OR m.valid_to >= ?1)";

static kp_rc load_munis(kp_ctx *ctx, const kp_territories *t, kp_pub_catalogue *c)
{
    kp_stmt *s = NULL;
    bool row = false;
    size_t cap = 0;
    kp_param p[] = {KP_PTEXT(c->on), KP_PTEXT(kp_ctx_is_en(ctx) ? "en" : "lv")};
    kp_rc rc = kp_store_prepare(ctx->db, MUNIS_SQL, &s);
    if (!rc)
        rc = kp_sql_bind(s, p, KP_NPARAMS(p));
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        GROW(c->munis, c->nmunis, cap);
        kp_pub_muni *m = &c->munis[c->nmunis++];
        memset(m, 0, sizeof *m);
        m->id = kp_stmt_int(s, 0);
        copy(m->atvk, sizeof m->atvk, kp_stmt_text(s, 1));
        copy(m->name, sizeof m->name, kp_stmt_text(s, 2));
        copy(m->region, sizeof m->region, kp_territories_region(t, m->id, c->on));
        m->has_office = kp_stmt_int(s, 3) != 0;
        copy(m->office, sizeof m->office, kp_stmt_text(s, 4));
        copy(m->address, sizeof m->address, kp_stmt_text(s, 5));
        copy(m->phone, sizeof m->phone, kp_stmt_text(s, 6));
        copy(m->email, sizeof m->email, kp_stmt_text(s, 7));
        copy(m->opening_hours, sizeof m->opening_hours, kp_stmt_text(s, 8));
        copy(m->website, sizeof m->website, kp_stmt_text(s, 9));
        copy(m->apply_url, sizeof m->apply_url, kp_stmt_text(s, 10));
    }
    kp_stmt_free(s);
    return rc;
}

/* The target groups' order as the catalogue lists them (target_groups.csv),
 * written out: a table's rowid is SQLite's alone. */
#define TG_ORDER(code)                                                                                             \
    "CASE " code " WHEN 'grt' THEN 1 WHEN 'ft' THEN 2 WHEN 'parents' THEN 3 WHEN 'bsac' THEN 4 ELSE 5 END, " code

/* Services in catalogue order with the groups they are for. */
static const char SERVICES_SQL[] =
    "SELECT st.code, COALESCE(st.parent_code, ''), CASE WHEN ?1 = 'en' THEN st.name_en ELSE st.name_lv END, st.unit,"
    " COALESCE((SELECT GROUP_CONCAT(g, '|') FROM (SELECT se.target_group AS g FROM service_eligibility se"
    "   JOIN target_group tg ON tg.code = se.target_group WHERE se.service_code = st.code ORDER BY " TG_ORDER("tg.code") ") AS gs), '')"
    " FROM service_type st ORDER BY st.sort, st.code";

/* Rules in force on ?1. */
static const char RULES_SQL[] =
    "SELECT service_code, kind, limit_value, COALESCE(target_group, ''), COALESCE(region_code, ''),"
    " COALESCE(age_min, -1), COALESCE(age_max, -1), COALESCE(parents_working, -1), source"
    " FROM service_rule WHERE valid_from <= ?1 AND (valid_to IS NULL OR valid_to >= ?1) ORDER BY id";

static kp_pub_service *service_of(kp_pub_catalogue *c, const char *code)
{
    for (size_t i = 0; i < c->nservices; i++)
        if (strcmp(c->services[i].code, code) == 0)
            return &c->services[i];
    return NULL;
}

static kp_rc load_services(kp_ctx *ctx, kp_pub_catalogue *c)
{
    kp_stmt *s = NULL;
    bool row = false;
    size_t cap = 0;
    kp_param p[] = {KP_PTEXT(kp_ctx_is_en(ctx) ? "en" : "lv")};
    kp_rc rc = kp_store_prepare(ctx->db, SERVICES_SQL, &s);
    if (!rc)
        rc = kp_sql_bind(s, p, KP_NPARAMS(p));
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        GROW(c->services, c->nservices, cap);
        kp_pub_service *x = &c->services[c->nservices++];
        memset(x, 0, sizeof *x);
        copy(x->code, sizeof x->code, kp_stmt_text(s, 0));
        copy(x->parent, sizeof x->parent, kp_stmt_text(s, 1));
        copy(x->name, sizeof x->name, kp_stmt_text(s, 2));
        copy(x->unit, sizeof x->unit, kp_stmt_text(s, 3));
        copy(x->groups, sizeof x->groups, kp_stmt_text(s, 4));
    }
    kp_stmt_free(s);
    s = NULL;
    kp_param q[] = {KP_PTEXT(c->on)};
    if (!rc)
        rc = kp_store_prepare(ctx->db, RULES_SQL, &s);
    if (!rc)
        rc = kp_sql_bind(s, q, KP_NPARAMS(q));
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        kp_pub_service *x = service_of(c, kp_stmt_text(s, 0));
        if (!x)
            continue;
        x->rules = kp_xrealloc(x->rules, (x->nrules + 1) * sizeof *x->rules);
        kp_pub_rule *u = &x->rules[x->nrules++];
        memset(u, 0, sizeof *u);
        copy(u->kind, sizeof u->kind, kp_stmt_text(s, 1));
        u->limit = kp_stmt_int(s, 2);
        copy(u->unit, sizeof u->unit, x->unit);
        copy(u->target_group, sizeof u->target_group, kp_stmt_text(s, 3));
        copy(u->region, sizeof u->region, kp_stmt_text(s, 4));
        u->age_min = kp_stmt_int(s, 5);
        u->age_max = kp_stmt_int(s, 6);
        u->parents_working = (int)kp_stmt_int(s, 7);
        copy(u->source, sizeof u->source, kp_stmt_text(s, 8));
    }
    kp_stmt_free(s);
    return rc;
}

/* Offers open on ?1: a facility open, its facility_service row valid and
 * its provider registered and not closed (as need against places counts
 * places). Per facility and service code: the groups, the places of the
 * offer; per provider and family: the places (known rows, sum), how many
 * offers share them, the places taken (KP_PLACES_TAKEN_SQL) and whether
 * assignments of the family are decided to start later (a waiting list). */
#define FAMILY(code) KP_SERVICE_FAMILY_SQL(code)
static const char ENTRIES_SQL[] =
    "WITH o AS MATERIALIZED (SELECT fs.facility_id AS fid, f.provider_id AS pid, fs.service_code AS code,"
    "  " FAMILY("fs.service_code") " AS fam, fs.target_group AS tg, fs.places AS places"
    "  FROM facility_service fs JOIN facility f ON f.id = fs.facility_id JOIN provider pr ON pr.id = f.provider_id"
    "  WHERE fs.valid_from <= ?1 AND (fs.valid_to IS NULL OR fs.valid_to >= ?1)"
    "  AND f.opened_on <= ?1 AND (f.closed_on IS NULL OR f.closed_on >= ?1)"
    "  AND pr.registered_on <= ?1 AND (pr.closed_on IS NULL OR pr.closed_on >= ?1)),"
    " pf AS (SELECT pid, fam, COUNT(places) AS known, COALESCE(SUM(places), 0) AS places,"
    "  COUNT(DISTINCT fid || '/' || code) AS offers FROM o GROUP BY pid, fam),"
    " e AS (SELECT fid, pid, code, fam, COUNT(places) AS known, COALESCE(SUM(places), 0) AS places,"
    "  (SELECT GROUP_CONCAT(g, '|') FROM (SELECT o2.tg AS g FROM o o2"
    "   WHERE o2.fid = o.fid AND o2.code = o.code GROUP BY o2.tg ORDER BY " TG_ORDER("o2.tg") ") AS gs) AS groups"
    "  FROM o GROUP BY fid, pid, code, fam)"
    " SELECT e.fid, e.pid, f.municipality_id, e.code, COALESCE(e.groups, ''), p.name, f.name, f.address,"
    "  COALESCE(f.opening_hours, ''), COALESCE(NULLIF(f.phone, ''), p.phone, ''),"
    "  COALESCE(NULLIF(f.email, ''), p.email, ''), COALESCE(p.website, ''), p.publish_places,"
    "  e.known, e.places, pf.known, pf.places, pf.offers, " KP_PLACES_TAKEN_SQL("e.pid", "e.fam", "?1") ","
    "  EXISTS (SELECT 1 FROM assignment w WHERE w.provider_id = e.pid AND w.start_date > ?1"
    "   AND " FAMILY("w.service_code") " = e.fam AND " KP_ASSIGNMENT_STATUS_SQL("w", "?1") " = 'planned')"
    " FROM e JOIN pf ON pf.pid = e.pid AND pf.fam = e.fam JOIN facility f ON f.id = e.fid"
    " JOIN provider p ON p.id = e.pid";

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

static kp_rc load_entries(kp_ctx *ctx, const kp_territories *t, const kp_pub_filter *f, int64_t only_muni,
                          kp_pub_catalogue *c)
{
    kp_stmt *s = NULL;
    bool row = false;
    size_t cap = 0;
    kp_param p[] = {KP_PTEXT(c->on)};
    kp_rc rc = kp_store_prepare(ctx->db, ENTRIES_SQL, &s);
    if (!rc)
        rc = kp_sql_bind(s, p, KP_NPARAMS(p));
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        int64_t holder = kp_territories_holder(t, kp_stmt_int(s, 2), 0, c->on);
        const char *code = kp_stmt_text(s, 3);
        const kp_pub_service *svc = service_of(c, code);
        if (!holder || !muni_of(c, holder) || !svc)
            continue;
        if (only_muni && holder != only_muni)
            continue;
        if (!kp_blank(f->service) && strcmp(f->service, code) != 0 && strcmp(f->service, svc->parent) != 0)
            continue;
        if (!kp_blank(f->target_group) && !has_group(kp_stmt_text(s, 4), f->target_group))
            continue;
        GROW(c->entries, c->n, cap);
        kp_pub_entry *x = &c->entries[c->n++];
        memset(x, 0, sizeof *x);
        x->facility_id = kp_stmt_int(s, 0);
        x->provider_id = kp_stmt_int(s, 1);
        x->municipality_id = holder;
        copy(x->service, sizeof x->service, code);
        copy(x->groups, sizeof x->groups, kp_stmt_text(s, 4));
        copy(x->provider, sizeof x->provider, kp_stmt_text(s, 5));
        copy(x->facility, sizeof x->facility, kp_stmt_text(s, 6));
        copy(x->address, sizeof x->address, kp_stmt_text(s, 7));
        copy(x->opening_hours, sizeof x->opening_hours, kp_stmt_text(s, 8));
        copy(x->phone, sizeof x->phone, kp_stmt_text(s, 9));
        copy(x->email, sizeof x->email, kp_stmt_text(s, 10));
        copy(x->website, sizeof x->website, kp_stmt_text(s, 11));
        x->published = kp_stmt_int(s, 12) != 0;
        int64_t places = kp_stmt_int(s, 13) ? kp_stmt_int(s, 14) : -1;
        int64_t family_places = kp_stmt_int(s, 15) ? kp_stmt_int(s, 16) : -1;
        x->shared = kp_stmt_int(s, 17) > 1;
        int64_t free_places = kp_free_places(family_places, kp_stmt_int(s, 18));
        bool waiting = kp_stmt_int(s, 19) != 0;
        x->availability = free_places < 0 ? "unknown" : free_places > 0 ? "available" : waiting ? "waiting_list" : "none";
        x->places = x->published ? places : -1;
        x->free_places = x->published ? free_places : -1;
    }
    kp_stmt_free(s);
    return rc;
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
        int64_t known = 0;
        kp_param p[] = {KP_PTEXT(f->target_group)};
        rc = kp_sql_int(ctx->db, "SELECT COUNT(*) FROM target_group WHERE code = ?", p, 1, 0, &known);
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
static kp_rc consider(kp_ctx *ctx, change_set *cs, const char *table, const char *key, int64_t id, const char *col,
                      const char *v)
{
    if (!v)
        return KP_OK;
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT COALESCE(CAST(%s AS TEXT), '') FROM %s WHERE %s = ?", col, table, key);
    char old[320] = "";
    kp_param p[] = {KP_PINT(id)};
    kp_rc rc = kp_sql_text(ctx->db, sql, p, 1, old, sizeof old);
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
static kp_rc write_changes(kp_ctx *ctx, change_set *cs, const char *table, const char *key, int64_t id,
                           const char *entity, const char *reason)
{
    if (cs->n == 0)
        return KP_OK;
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    for (size_t i = 0; i < cs->n && !rc; i++) {
        char sql[160];
        snprintf(sql, sizeof sql, "UPDATE %s SET %s = ? WHERE %s = ?", table, cs->cols[i], key);
        kp_param p[] = {{.t = KP_P_TEXT, .s = cs->ch[i].new_value}, KP_PINT(id)};
        if (strcmp(cs->cols[i], "publish_places") == 0)
            p[0] = KP_PINT(strcmp(cs->ch[i].new_value, "1") == 0 ? 1 : 0);
        rc = kp_sql_exec(ctx->db, sql, p, 2);
    }
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
    kp_param p[] = {KP_PINT(facility_id)};
    kp_rc rc = kp_sql_int(ctx->db, "SELECT provider_id FROM facility WHERE id = ?", p, 1, 0, &provider);
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
    rc = consider(ctx, &cs, "facility", "id", facility_id, "opening_hours", in->opening_hours);
    if (!rc)
        rc = consider(ctx, &cs, "facility", "id", facility_id, "phone", in->phone);
    if (!rc)
        rc = consider(ctx, &cs, "facility", "id", facility_id, "email", in->email);
    if (!rc)
        rc = write_changes(ctx, &cs, "facility", "id", facility_id, "facility", in->reason);
    return rc;
}

kp_rc kp_provider_public_set(kp_ctx *ctx, int64_t provider_id, const kp_pub_facts_in *in, kp_errors *e)
{
    if (!ctx || !in || !e || provider_id <= 0)
        return KP_EINVAL;
    int64_t known = 0;
    kp_param p[] = {KP_PINT(provider_id)};
    kp_rc rc = kp_sql_int(ctx->db, "SELECT COUNT(*) FROM provider WHERE id = ?", p, 1, 0, &known);
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
    rc = consider(ctx, &cs, "provider", "id", provider_id, "phone", in->phone);
    if (!rc)
        rc = consider(ctx, &cs, "provider", "id", provider_id, "email", in->email);
    if (!rc)
        rc = consider(ctx, &cs, "provider", "id", provider_id, "website", in->website);
    if (!rc)
        rc = consider(ctx, &cs, "provider", "id", provider_id, "publish_places", in->publish_places);
    if (!rc)
        rc = write_changes(ctx, &cs, "provider", "id", provider_id, "provider", in->reason);
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
    kp_param p[] = {KP_PTEXT(atvk), KP_PTEXT(on)};
    kp_rc rc = kp_sql_int(ctx->db,
                          "SELECT id FROM municipality WHERE atvk = ?1 AND valid_from <= ?2"
                          " AND (valid_to IS NULL OR valid_to >= ?2)",
                          p, 2, 0, &id);
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
    int64_t exists = 0;
    kp_param q[] = {KP_PINT(id)};
    rc = kp_sql_int(ctx->db, "SELECT COUNT(*) FROM municipality_social_service WHERE municipality_id = ?", q, 1, 0,
                    &exists);
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
    const char *T = "municipality_social_service", *K = "municipality_id";
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    if (!exists) {
        kp_param ins[] = {KP_PINT(id), {.t = KP_P_TEXT, .s = in->name}};
        rc = kp_sql_exec(ctx->db, "INSERT INTO municipality_social_service(municipality_id, name) VALUES (?, ?)", ins, 2);
        cs.ch[cs.n] = (kp_field_change){"name", "", in->name};
        cs.cols[cs.n++] = "name";
    } else if (!rc) {
        rc = consider(ctx, &cs, T, K, id, "name", in->name);
    }
    if (!rc)
        rc = consider(ctx, &cs, T, K, id, "address", in->address);
    if (!rc)
        rc = consider(ctx, &cs, T, K, id, "phone", in->phone);
    if (!rc)
        rc = consider(ctx, &cs, T, K, id, "email", in->email);
    if (!rc)
        rc = consider(ctx, &cs, T, K, id, "opening_hours", in->opening_hours);
    if (!rc)
        rc = consider(ctx, &cs, T, K, id, "website", in->website);
    if (!rc)
        rc = consider(ctx, &cs, T, K, id, "apply_url", in->apply_url);
    for (size_t i = 0; i < cs.n && !rc; i++) {
        char sql[160];
        snprintf(sql, sizeof sql, "UPDATE %s SET %s = ? WHERE %s = ?", T, cs.cols[i], K);
        kp_param u[] = {{.t = KP_P_TEXT, .s = cs.ch[i].new_value ? cs.ch[i].new_value : ""}, KP_PINT(id)};
        rc = kp_sql_exec(ctx->db, sql, u, 2);
    }
    if (!rc && cs.n)
        rc = kp_audit_change(ctx, exists ? "update" : "create", "social_service", id, 0, NULL,
                             in->reason ? in->reason : "", cs.ch, cs.n);
    return kp_store_finish(ctx->db, rc);
}
