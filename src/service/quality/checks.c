/* Running the data-quality checks (see checks.h): each check's query or
 * function reports hits; here they are placed on the map of the check date,
 * kept when in the caller's scope, counted, and described in words. */
#include "service/quality/checks.h"
#include "service/quality/check_run.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/quality/checks_sql.h"
#include "service/validate.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/money.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *kp_check_severity_name(kp_check_severity s)
{
    switch (s) {
    case KP_CHECK_INFO: return "info";
    case KP_CHECK_WARNING: return "warning";
    case KP_CHECK_ERROR: return "error";
    }
    return "unknown";
}

const kp_check_def *kp_check_find(const char *id)
{
    size_t n = 0;
    const kp_check_def *t = kp_checks(&n);
    for (size_t i = 0; id && i < n; i++)
        if (strcmp(t[i].id, id) == 0)
            return &t[i];
    return NULL;
}

void kp_check_report_free(kp_check_report *r)
{
    if (!r)
        return;
    free(r->items);
    free(r->per_check);
    free(r->totals);
    memset(r, 0, sizeof *r);
}

const char *kp_check_run_at(const kp_check_job *run)
{
    return run->at;
}

kp_ctx *kp_check_run_ctx(kp_check_job *run)
{
    return run->ctx;
}

/* ---- territories ------------------------------------------------------------ */

static uint64_t memo_hash(int64_t municipality, int64_t parish, const char *date)
{
    uint64_t h = 1469598103934665603ULL;
    h = (h ^ (uint64_t)municipality) * 1099511628211ULL;
    h = (h ^ (uint64_t)parish) * 1099511628211ULL;
    for (const unsigned char *p = (const unsigned char *)date; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

/* The remembered answer for (municipality, parish, date), worked out now if new. */
static const kp_check_memo *memo_get(kp_check_job *run, int64_t municipality, int64_t parish, const char *date)
{
    if (run->memo_n * 2 >= run->memo_cap) {
        size_t cap = run->memo_cap ? run->memo_cap * 2 : 1024;
        kp_check_memo *m = kp_xcalloc(cap, sizeof *m);
        for (size_t i = 0; i < run->memo_cap; i++) {
            if (!run->memo[i].used)
                continue;
            size_t k = (size_t)memo_hash(run->memo[i].municipality, run->memo[i].parish, run->memo[i].date) & (cap - 1);
            while (m[k].used)
                k = (k + 1) & (cap - 1);
            m[k] = run->memo[i];
        }
        free(run->memo);
        run->memo = m;
        run->memo_cap = cap;
    }
    size_t k = (size_t)memo_hash(municipality, parish, date) & (run->memo_cap - 1);
    for (; run->memo[k].used; k = (k + 1) & (run->memo_cap - 1)) {
        const kp_check_memo *m = &run->memo[k];
        if (m->municipality == municipality && m->parish == parish && strcmp(m->date, date) == 0)
            return m;
    }
    kp_check_memo *m = &run->memo[k];
    m->used = true;
    m->municipality = municipality;
    m->parish = parish;
    snprintf(m->date, sizeof m->date, "%.10s", date);
    m->holder = kp_territories_holder(&run->terr, municipality, parish, m->date);
    snprintf(m->region, sizeof m->region, "%s", m->holder ? kp_territories_region(&run->terr, m->holder, m->date) : "");
    run->memo_n++;
    return m;
}

int64_t kp_check_run_holder(kp_check_job *run, int64_t municipality, int64_t parish, const char *date)
{
    if (!municipality || !date)
        return 0;
    return memo_get(run, municipality, parish, date)->holder;
}

const char *kp_check_run_region(kp_check_job *run, int64_t id, const char *date)
{
    /* A territory valid on the date holds its own records. */
    const kp_check_memo *m = id && date ? memo_get(run, id, 0, date) : NULL;
    if (m && m->holder == id)
        return m->region;
    return id && date ? kp_territories_region(&run->terr, id, date) : "";
}

const char *kp_check_run_name(const kp_check_job *run, int64_t id)
{
    const kp_terr *t = id ? kp_territories_find(&run->terr, id) : NULL;
    return t ? t->name : "";
}

/* The territory a hit counts under on the check date: the holder then, else
 * (a territory that did not exist yet) the holder today, else itself. */
static int64_t holder_of(kp_check_job *run, const kp_check_hit *h)
{
    int64_t id = kp_check_run_holder(run, h->municipality_id, h->parish_id, run->at);
    if (!id)
        id = kp_check_run_holder(run, h->municipality_id, h->parish_id, run->today);
    return id ? id : h->municipality_id;
}

/* ---- messages ------------------------------------------------------------------ */

/* Copies at most outlen-1 bytes of s, not splitting a UTF-8 character. */
static void copy_cut(char *out, size_t outlen, const char *s)
{
    if (!out || !outlen)
        return;
    size_t n = strlen(s);
    if (n >= outlen) {
        n = outlen - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, s, n);
    out[n] = '\0';
}

static void put_date(kp_buf *b, const char *iso, bool en)
{
    kp_date d;
    if (!iso || !*iso) {
        kp_buf_puts(b, "…");
        return;
    }
    if (en || kp_date_parse_iso(iso, &d)) {
        kp_buf_puts(b, iso);
        return;
    }
    char lv[12];
    kp_date_format_lv(d, lv);
    kp_buf_puts(b, lv);
}

void kp_check_format(const char *tmpl, const kp_check_hit *hit, bool en, const char *at, char *out, size_t outlen)
{
    if (!out || !outlen)
        return;
    out[0] = '\0';
    if (!tmpl || !hit)
        return;
    kp_buf b;
    kp_buf_init(&b, 64 * 1024);
    for (const char *p = tmpl; *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        char tok[8] = "";
        if (close && (size_t)(close - p) < sizeof tok) {
            memcpy(tok, p + 1, (size_t)(close - p - 1));
            tok[close - p - 1] = '\0';
        }
        size_t tl = strlen(tok);
        int k = tl ? tok[tl - 1] - '1' : -1;
        const char *kind = tok;
        bool known = tl >= 2 && k >= 0 && k <= 3;
        if (known && strncmp(kind, "days", 4) == 0 && tl == 5) {
            kp_date from, to;
            if (!kp_date_parse_iso(hit->t[k], &from) && !kp_date_parse_iso(at ? at : "", &to))
                kp_buf_printf(&b, "%lld", (long long)to - (long long)from);
            else
                kp_buf_puts(&b, "…");
        } else if (known && tl == 2 && kind[0] == 'n') {
            kp_buf_printf(&b, "%lld", (long long)hit->n[k]);
        } else if (known && tl == 2 && kind[0] == 'm') {
            char money[32];
            kp_money_format_lv(hit->n[k], money);
            kp_buf_printf(&b, "%s €", money);
        } else if (known && tl == 2 && kind[0] == 't') {
            kp_buf_puts(&b, hit->t[k]);
        } else if (known && tl == 2 && kind[0] == 'd') {
            put_date(&b, hit->t[k], en);
        } else {
            kp_buf_putc(&b, *p++);
            continue;
        }
        p = close + 1;
    }
    copy_cut(out, outlen, kp_buf_str(&b));
    kp_buf_free(&b);
}

/* ---- scope and collecting ------------------------------------------------------------ */

static size_t check_index(const kp_check_def *def)
{
    size_t n = 0;
    const kp_check_def *t = kp_checks(&n);
    return (size_t)(def - t);
}

static void count_total(kp_check_report *r, size_t check, const char *region)
{
    for (size_t i = 0; i < r->ntotals; i++)
        if (r->totals[i].check == check && strcmp(r->totals[i].region, region) == 0) {
            r->totals[i].n++;
            return;
        }
    if (r->ntotals == r->totals_cap) {
        r->totals_cap = r->totals_cap ? r->totals_cap * 2 : 32;
        r->totals = kp_xrealloc(r->totals, r->totals_cap * sizeof *r->totals);
    }
    kp_check_total *t = &r->totals[r->ntotals++];
    memset(t, 0, sizeof *t);
    t->check = check;
    snprintf(t->region, sizeof t->region, "%s", region);
    t->n = 1;
}

/* The territory holding a hit's records today, for scope: a person's are
 * the municipality's responsible for them today (as kp_access_client
 * decides), whatever the check date placed them under; other records'
 * the holder today of the territory they were made under. */
static int64_t holder_today(kp_check_job *run, const kp_check_hit *h)
{
    int64_t municipality = h->municipality_id, parish = h->parish_id;
    if (h->client_id) {
        int64_t m = 0, p = 0;
        bool found = false;
        if (kp_q_check_person_at(run->ctx->db, h->client_id, run->today, &m, &p, &found) == KP_OK && found && m) {
            municipality = m;
            parish = p;
        }
    }
    return municipality ? kp_check_run_holder(run, municipality, parish, run->today) : 0;
}

/* Whether the caller may see a hit, and whether the options select it. */
static bool in_scope(kp_check_job *run, const kp_check_hit *h, int64_t holder, const char *region)
{
    const kp_ctx *ctx = run->ctx;
    if (run->region[0] && strcmp(region, run->region) != 0)
        return false;
    if (run->municipality && holder != run->municipality && h->municipality_id != run->municipality)
        return false;
    switch (ctx->role) {
    case KP_ROLE_SYSTEM:
    case KP_ROLE_ADMIN:
    case KP_ROLE_MINISTRY:
        return true;
    case KP_ROLE_SOCIAL_WORKER:
    case KP_ROLE_MUNICIPAL_HEAD: {
        /* The access rule: the territory holding the record today. */
        if (!h->municipality_id)
            return false;
        int64_t today = holder_today(run, h);
        return today && today == run->own_holder;
    }
    case KP_ROLE_REGION: {
        if (!h->municipality_id)
            return strcmp(h->region, ctx->region) == 0;
        int64_t today = holder_today(run, h);
        return today && strcmp(kp_check_run_region(run, today, run->today), ctx->region) == 0;
    }
    case KP_ROLE_PROVIDER:
        return false;
    }
    return false;
}

/* Filling the cache: the hit as today's map places it, for any caller. */
static void collect_hit(kp_check_job *run, const kp_check_def *def, const kp_check_hit *hit)
{
    if (run->ncol == run->capcol) {
        run->capcol = run->capcol ? run->capcol * 2 : 256;
        run->col = kp_xrealloc(run->col, run->capcol * sizeof *run->col);
    }
    kp_check_cached *c = &run->col[run->ncol++];
    memset(c, 0, sizeof *c);
    c->check = check_index(def);
    if (hit->municipality_id) {
        c->holder_today = holder_today(run, hit);
        if (!c->holder_today)
            c->holder_today = hit->municipality_id;
        snprintf(c->region, sizeof c->region, "%s", kp_check_run_region(run, c->holder_today, run->today));
    } else {
        snprintf(c->region, sizeof c->region, "%s", hit->region);
    }
}

kp_rc kp_check_report_hit(kp_check_job *run, const kp_check_def *def, const kp_check_hit *hit)
{
    if (!run || !def || !hit)
        return KP_EINVAL;
    if (run->collect) {
        collect_hit(run, def, hit);
        return KP_OK;
    }
    int64_t holder = holder_of(run, hit);
    char region[8];
    if (hit->municipality_id) {
        const char *r = kp_check_run_region(run, holder, run->at);
        if (!*r)
            r = kp_check_run_region(run, holder, run->today);
        snprintf(region, sizeof region, "%s", r);
    } else {
        snprintf(region, sizeof region, "%s", hit->region);
    }
    if (!in_scope(run, hit, holder, region))
        return KP_OK;
    kp_check_report *r = run->out;
    size_t idx = check_index(def);
    r->per_check[idx]++;
    r->severity[def->severity]++;
    count_total(r, idx, region);
    if (!r->details)
        return KP_OK;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->items = kp_xrealloc(r->items, r->cap * sizeof *r->items);
    }
    kp_finding *f = &r->items[r->n++];
    memset(f, 0, sizeof *f);
    f->check = def;
    f->kind = hit->kind ? hit->kind : "record";
    f->record_id = hit->record_id;
    f->municipality_id = hit->municipality_id;
    f->holder_id = hit->municipality_id ? holder : 0;
    const kp_terr *own = kp_territories_find(&run->terr, hit->municipality_id);
    const kp_terr *hold = kp_territories_find(&run->terr, f->holder_id);
    if (own)
        snprintf(f->recorded_atvk, sizeof f->recorded_atvk, "%s", own->atvk);
    if (hold) {
        snprintf(f->atvk, sizeof f->atvk, "%s", hold->atvk);
        snprintf(f->municipality, sizeof f->municipality, "%s", hold->name);
        f->atvk_confirmed = hold->confirmed;
    }
    snprintf(f->region, sizeof f->region, "%s", region);
    f->client_id = hit->client_id;
    snprintf(f->date, sizeof f->date, "%s", hit->date);
    memcpy(f->n, hit->n, sizeof f->n);
    bool en = kp_ctx_is_en(run->ctx);
    kp_check_format(en ? def->message_en : def->message_lv, hit, en, run->at, f->message, sizeof f->message);
    return KP_OK;
}

/* ---- running one check's SQL ---------------------------------------------------------- */

static const char *const KINDS[] = {"client",          "assignment",     "delivery",   "support_plan",
                                    "compensation_payment", "payment_request", "project", "plan_object",
                                    "residence",       "provider",       "facility",   "claim",
                                    "personal_code",   NULL};

static const char *intern_kind(const char *s)
{
    for (size_t i = 0; KINDS[i]; i++)
        if (strcmp(KINDS[i], s) == 0)
            return KINDS[i];
    return "record";
}

typedef struct query_run {
    kp_check_job *run;
    const kp_check_def *def;
} query_run;

static kp_rc query_hit(const kp_q_check_row *row, void *arg)
{
    const query_run *q = arg;
    kp_check_hit h;
    memset(&h, 0, sizeof h);
    h.kind = intern_kind(row->kind);
    h.record_id = row->record_id;
    h.municipality_id = row->municipality_id;
    h.parish_id = row->parish_id;
    memcpy(h.region, row->region, sizeof h.region);
    h.client_id = row->client_id;
    memcpy(h.date, row->date, sizeof h.date);
    memcpy(h.n, row->n, sizeof h.n);
    for (int i = 0; i < 4; i++)
        copy_cut(h.t[i], sizeof h.t[i], row->t[i] ? row->t[i] : "");
    return kp_check_report_hit(q->run, q->def, &h);
}

kp_rc kp_check_run_query(kp_check_job *run, const kp_check_def *def)
{
    query_run q = {run, def};
    return kp_q_check_hits(run->ctx->db, def->id, run->at, query_hit, &q);
}

/* ---- the run -------------------------------------------------------------------------- */

static int by_place(const void *x, const void *y)
{
    const kp_finding *a = x, *b = y;
    if (a->check != b->check)
        return a->check < b->check ? -1 : 1;
    int c = strcmp(a->region, b->region);
    if (!c)
        c = strcmp(a->atvk, b->atvk);
    if (!c)
        c = strcmp(a->date, b->date);
    if (!c)
        c = strcmp(a->kind, b->kind);
    if (!c && a->record_id != b->record_id)
        c = a->record_id < b->record_id ? -1 : 1;
    if (!c && a->client_id != b->client_id)
        c = a->client_id < b->client_id ? -1 : 1;
    return c;
}

static int by_id(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

/* Keeps the findings of the window (see kp_check_opts), in place. */
static void window(kp_check_report *r, const kp_check_opts *o)
{
    size_t per_check = o ? o->per_check : 0, offset = o ? o->offset : 0, limit = o ? o->limit : 0;
    size_t kept = 0, seen = 0, in_check = 0;
    for (size_t i = 0; i < r->n; i++) {
        in_check = i && r->items[i].check == r->items[i - 1].check ? in_check + 1 : 0;
        if (per_check && in_check >= per_check)
            continue;
        size_t pos = seen++;
        if (pos < offset || (limit && pos - offset >= limit))
            continue;
        if (kept != i)
            r->items[kept] = r->items[i];
        kept++;
    }
    r->n = kept;
}

/* Whether the caller may read a client's card: the access rule itself, so
 * that a page links only what it may open. */
static kp_rc may_open(kp_ctx *ctx, int64_t client, bool *out)
{
    *out = false;
    kp_rc rc = kp_access_client(ctx, client, false);
    if (rc == KP_ENOTFOUND || rc == KP_EDENIED)
        return KP_OK;
    if (!rc)
        *out = true;
    return rc;
}

/* Names for those who may see them, and one access record per client named. */
static kp_rc name_and_audit(kp_check_job *run)
{
    kp_check_report *r = run->out;
    if (!r->details || !r->n)
        return KP_OK;
    int64_t *ids = kp_xcalloc(r->n, sizeof *ids);
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].client_id)
            ids[n++] = r->items[i].client_id;
    qsort(ids, n, sizeof *ids, by_id);
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        if (i && ids[i] == ids[i - 1])
            continue;
        if (r->names) {
            char name[212] = "";
            rc = kp_q_check_client_name(run->ctx->db, ids[i], name, sizeof name);
            for (size_t k = 0; !rc && k < r->n; k++)
                if (r->items[k].client_id == ids[i])
                    snprintf(r->items[k].client_name, sizeof r->items[k].client_name, "%s", name);
        }
        bool open = false;
        if (!rc && run->ctx->role != KP_ROLE_SYSTEM)
            rc = may_open(run->ctx, ids[i], &open);
        for (size_t k = 0; !rc && open && k < r->n; k++)
            if (r->items[k].client_id == ids[i])
                r->items[k].client_open = true;
        if (!rc)
            rc = kp_audit_access(run->ctx, "check", "client", ids[i], ids[i], r->names ? "findings with name" : "findings");
    }
    free(ids);
    return rc;
}

/* ---- the cache of today's counts ------------------------------------------------------- */

struct kp_check_cache {
    pthread_mutex_t mu;
    unsigned max_age;
    bool filled;
    char date[11];
    int64_t filled_at;
    kp_check_cached *items;
    size_t n;
};

kp_check_cache *kp_check_cache_new(unsigned max_age_seconds)
{
    kp_check_cache *c = kp_xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->mu, NULL);
    c->max_age = max_age_seconds;
    return c;
}

void kp_check_cache_free(kp_check_cache *c)
{
    if (!c)
        return;
    pthread_mutex_destroy(&c->mu);
    free(c->items);
    free(c);
}

/* Counts the cached hits the caller may see (the scope rule of in_scope,
 * on today's map). */
static void count_cached(kp_check_job *run, const kp_check_cached *items, size_t n)
{
    kp_check_report *r = run->out;
    size_t nchecks = 0;
    const kp_check_def *t = kp_checks(&nchecks);
    for (size_t i = 0; i < n; i++) {
        const kp_check_cached *c = &items[i];
        bool mine = false;
        switch (run->ctx->role) {
        case KP_ROLE_SYSTEM:
        case KP_ROLE_ADMIN:
        case KP_ROLE_MINISTRY: mine = true; break;
        case KP_ROLE_SOCIAL_WORKER:
        case KP_ROLE_MUNICIPAL_HEAD: mine = c->holder_today && c->holder_today == run->own_holder; break;
        case KP_ROLE_REGION: mine = strcmp(c->region, run->ctx->region) == 0; break;
        case KP_ROLE_PROVIDER: mine = false; break;
        }
        if (!mine || c->check >= nchecks)
            continue;
        r->per_check[c->check]++;
        r->severity[t[c->check].severity]++;
        count_total(r, c->check, c->region);
    }
}

/* The counts for a start page: from the cache while it is fresh, else
 * from a run of every check that refills it. Holds the cache's lock
 * throughout, so that concurrent start pages wait for one run. */
static kp_rc cached_counts(kp_check_job *run, kp_check_cache *cache, int64_t now)
{
    size_t nchecks = 0;
    const kp_check_def *table = kp_checks(&nchecks);
    kp_rc rc = KP_OK;
    pthread_mutex_lock(&cache->mu);
    bool fresh = cache->filled && strcmp(cache->date, run->today) == 0 && now >= cache->filled_at &&
                 now - cache->filled_at < (int64_t)cache->max_age;
    if (!fresh) {
        run->collect = true;
        for (size_t i = 0; i < nchecks && !rc; i++)
            rc = table[i].find ? table[i].find(run, &table[i]) : kp_check_run_query(run, &table[i]);
        run->collect = false;
        if (!rc) {
            free(cache->items);
            cache->items = run->col;
            cache->n = run->ncol;
            run->col = NULL;
            run->ncol = run->capcol = 0;
            snprintf(cache->date, sizeof cache->date, "%s", run->today);
            cache->filled_at = now;
            cache->filled = true;
        }
    }
    if (!rc)
        count_cached(run, cache->items, cache->n);
    pthread_mutex_unlock(&cache->mu);
    return rc;
}

static kp_rc validate(kp_check_job *run, const kp_check_opts *o, kp_errors *e)
{
    kp_ctx *ctx = run->ctx;
    size_t before = e->n;
    kp_date at = kp_ctx_today(ctx);
    kp_date_format_iso(at, run->today);
    if (o && !kp_blank(o->at)) {
        at = kp_v_date(ctx, e, "at", o->at, true);
        if (at == KP_DATE_NONE)
            at = kp_ctx_today(ctx);
    }
    kp_date_format_iso(at, run->at);
    if (o && !kp_blank(o->region) && kp_v_region(ctx, e, "region", o->region))
        snprintf(run->region, sizeof run->region, "%s", o->region);
    if (o && !kp_blank(o->municipality))
        run->municipality = kp_v_municipality(ctx, e, "municipality", o->municipality, KP_DATE_NONE, true);
    if (o && !kp_blank(o->check) && !kp_check_find(o->check))
        kp_errors_add(e, "check", o->check, "%s",
                      KP_TR(ctx, "nav tādas pārbaudes: izvēlieties kādu no saraksta",
                            "no such check: choose one from the list"));
    return e->n == before ? KP_OK : KP_EINVAL;
}

static kp_rc authorise(kp_check_job *run)
{
    kp_ctx *ctx = run->ctx;
    kp_rc rc = KP_OK;
    switch (ctx->role) {
    case KP_ROLE_SYSTEM:
    case KP_ROLE_ADMIN:
    case KP_ROLE_MINISTRY:
        break;
    case KP_ROLE_SOCIAL_WORKER:
    case KP_ROLE_MUNICIPAL_HEAD:
        run->own_holder = kp_check_run_holder(run, ctx->municipality_id, 0, run->today);
        if (!run->own_holder)
            return KP_EDENIED;
        if (run->region[0] && strcmp(run->region, kp_check_run_region(run, run->own_holder, run->today)) != 0)
            return KP_ENOTFOUND;
        if (run->municipality)
            rc = kp_access_municipality(ctx, run->municipality, false);
        break;
    case KP_ROLE_REGION:
        if (run->region[0] && strcmp(run->region, ctx->region) != 0)
            return KP_ENOTFOUND;
        if (run->municipality)
            rc = kp_access_municipality(ctx, run->municipality, false);
        break;
    case KP_ROLE_PROVIDER:
    default:
        return KP_EDENIED;
    }
    return rc;
}

kp_rc kp_check_run(kp_ctx *ctx, const kp_check_opts *opts, kp_errors *e, kp_check_report *out)
{
    if (!ctx || !e || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    size_t nchecks = 0;
    const kp_check_def *table = kp_checks(&nchecks);
    out->per_check = kp_xcalloc(nchecks ? nchecks : 1, sizeof *out->per_check);
    out->checks = nchecks;
    kp_check_job run;
    memset(&run, 0, sizeof run);
    run.ctx = ctx;
    run.out = out;
    kp_rc rc = kp_store_begin_read(ctx->db);
    if (rc)
        return rc;
    rc = kp_territories_load(ctx, &run.terr);
    if (!rc)
        rc = validate(&run, opts, e);
    if (!rc)
        rc = authorise(&run);
    if (!rc) {
        bool counts_only = opts && opts->counts_only;
        out->details = !counts_only && ctx->role != KP_ROLE_MINISTRY;
        out->names = out->details && (ctx->role == KP_ROLE_SYSTEM || ctx->role == KP_ROLE_MUNICIPAL_HEAD ||
                                      ctx->role == KP_ROLE_SOCIAL_WORKER);
        snprintf(out->at, sizeof out->at, "%s", run.at);
    }
    const char *only = opts && !kp_blank(opts->check) ? opts->check : NULL;
    bool from_cache = !rc && opts && opts->cache && opts->counts_only && kp_blank(opts->at) && !run.region[0] &&
                      !run.municipality && !only;
    if (from_cache) {
        rc = cached_counts(&run, opts->cache, opts->now);
        nchecks = 0; /* counted */
    }
    for (size_t i = 0; i < nchecks && !rc; i++) {
        if (only && strcmp(only, table[i].id) != 0)
            continue;
        rc = table[i].find ? table[i].find(&run, &table[i]) : kp_check_run_query(&run, &table[i]);
    }
    if (!rc && out->n > 1)
        qsort(out->items, out->n, sizeof *out->items, by_place);
    for (size_t i = 0; !rc && i < out->checks; i++)
        out->total += out->per_check[i];
    if (!rc)
        window(out, opts);
    if (!rc)
        rc = name_and_audit(&run);
    kp_territories_free(&run.terr);
    free(run.memo);
    free(run.col);
    rc = kp_store_finish(ctx->db, rc);
    return rc;
}
