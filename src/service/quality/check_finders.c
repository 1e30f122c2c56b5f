/* The data-quality checks that are functions rather than one query: money
 * paid against what was delivered, a DI object's chain of changes, rule
 * limits over what was delivered (through core/rules.c), and one person in
 * two client records. Each reports its hits with kp_check_report_hit. */
#include "service/quality/check_run.h"
#include "service/casework/queries.h"
#include "service/quality/checks_sql.h"
#include "core/mem.h"
#include "core/rules.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies src into dst (n bytes), cut if longer. */
static void copy(char *dst, size_t n, const char *src)
{
    if (!n)
        return;
    size_t len = src ? strnlen(src, n - 1) : 0;
    /* Not in the middle of a UTF-8 character. */
    while (len && src[len] && ((unsigned char)src[len] & 0xC0) == 0x80)
        len--;
    if (len)
        memcpy(dst, src, len);
    dst[len] = '\0';
}

/* ---- compensation above the confirmed deliveries × unit cost ------------------------- */

/* Confirmed ESF deliveries within their assignment, summed per record
 * origin (territory and parish of the client) and date. */
typedef struct day_value {
    int64_t municipality, parish;
    char on[11];
    int64_t cents, count;
    size_t origin; /* index into the distinct origins */
} day_value;

typedef struct origin {
    int64_t municipality, parish;
} origin;

static size_t origin_index(origin **list, size_t *n, size_t *cap, int64_t m, int64_t p)
{
    for (size_t i = 0; i < *n; i++)
        if ((*list)[i].municipality == m && (*list)[i].parish == p)
            return i;
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *list = kp_xrealloc(*list, *cap * sizeof **list);
    }
    (*list)[*n] = (origin){m, p};
    return (*n)++;
}

/* The first day_value on or after `on` (they are sorted by date). */
static size_t first_on_or_after(const day_value *v, size_t n, const char *on)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(v[mid].on, on) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

typedef struct day_values {
    day_value *v;
    size_t n, cap;
    origin *origins;
    size_t norigins, ocap;
} day_values;

static kp_rc add_day_value(const kp_q_check_day_value *row, void *arg)
{
    day_values *d = arg;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 1024;
        d->v = kp_xrealloc(d->v, d->cap * sizeof *d->v);
    }
    day_value *x = &d->v[d->n++];
    memset(x, 0, sizeof *x);
    x->municipality = row->municipality;
    x->parish = row->parish;
    copy(x->on, sizeof x->on, row->on);
    x->cents = row->cents;
    x->count = row->count;
    x->origin = origin_index(&d->origins, &d->norigins, &d->ocap, x->municipality, x->parish);
    return KP_OK;
}

typedef struct payments_walk {
    kp_check_job *run;
    const kp_check_def *def;
    const day_values *d;
    int64_t *holder;
    bool *known;
} payments_walk;

/* Which territory holds each origin at a payment's period end, worked out
 * once per origin and payment. */
static kp_rc payment_row(const kp_q_check_payment *row, void *arg)
{
    payments_walk *w = arg;
    const day_value *v = w->d->v;
    size_t n = w->d->n;
    kp_check_hit h;
    memset(&h, 0, sizeof h);
    h.kind = "compensation_payment";
    h.record_id = row->id;
    h.municipality_id = row->municipality;
    copy(h.t[0], sizeof h.t[0], row->period_start);
    copy(h.t[1], sizeof h.t[1], row->period_end);
    copy(h.date, sizeof h.date, h.t[0]);
    int64_t amount = row->amount, value = 0, count = 0;
    memset(w->known, 0, (w->d->norigins + 1) * sizeof *w->known);
    for (size_t i = first_on_or_after(v, n, h.t[0]); i < n && strcmp(v[i].on, h.t[1]) <= 0; i++) {
        size_t o = v[i].origin;
        if (!w->known[o]) {
            w->holder[o] = kp_check_run_holder(w->run, v[i].municipality, v[i].parish, h.t[1]);
            w->known[o] = true;
        }
        if (w->holder[o] == h.municipality_id) {
            value += v[i].cents;
            count += v[i].count;
        }
    }
    if (amount <= value)
        return KP_OK;
    h.n[0] = amount;
    h.n[1] = value;
    h.n[2] = amount - value;
    h.n[3] = count;
    return kp_check_report_hit(w->run, w->def, &h);
}

kp_rc kp_find_compensation_above_deliveries(kp_check_job *run, const kp_check_def *def)
{
    kp_ctx *ctx = run->ctx;
    day_values d = {0};
    kp_rc rc = kp_q_check_delivery_values(ctx->db, run->at, add_day_value, &d);
    payments_walk w = {run, def, &d, kp_xcalloc(d.norigins + 1, sizeof *w.holder),
                       kp_xcalloc(d.norigins + 1, sizeof *w.known)};
    if (!rc)
        rc = kp_q_check_payments(ctx->db, run->at, payment_row, &w);
    free(w.holder);
    free(w.known);
    free(d.origins);
    free(d.v);
    return rc;
}

/* ---- a DI object's chain of changes --------------------------------------------------- */

typedef struct change {
    int64_t id, object, amendment_no;
    char field[24], old_value[112], new_value[112], approved_on[11];
} change;

/* Equal as values of the field: numbers by value ("012" is 12), else as text. */
static bool same_value(const char *a, const char *b)
{
    char *ea = NULL, *eb = NULL;
    long long x = strtoll(a, &ea, 10), y = strtoll(b, &eb, 10);
    if (*a && *b && !*ea && !*eb)
        return x == y;
    return strcmp(a, b) == 0;
}

static kp_rc object_value(kp_ctx *ctx, int64_t object, const char *field, char *out, size_t outlen,
                          int64_t *municipality, char region[8])
{
    kp_q_check_object v;
    out[0] = '\0';
    kp_rc rc = kp_q_check_object_value(ctx->db, object, field, &v);
    if (!rc && v.value) {
        copy(out, outlen, v.value);
        *municipality = v.municipality;
        copy(region, 8, v.region);
    }
    if (!rc)
        free(v.value);
    return rc;
}

static kp_rc chain_hit(kp_check_job *run, const kp_check_def *def, const change *c, const char *was,
                       int64_t municipality, const char *region)
{
    kp_check_hit h;
    memset(&h, 0, sizeof h);
    h.kind = "plan_object";
    h.record_id = c->object;
    h.municipality_id = municipality;
    copy(h.region, sizeof h.region, region);
    copy(h.date, sizeof h.date, c->approved_on);
    h.n[0] = c->amendment_no;
    h.n[1] = c->id;
    copy(h.t[0], sizeof h.t[0], c->field);
    copy(h.t[1], sizeof h.t[1], c->approved_on);
    copy(h.t[2], sizeof h.t[2], strcmp(def->id, "object_history_end") == 0 ? c->new_value : c->old_value);
    copy(h.t[3], sizeof h.t[3], was);
    return kp_check_report_hit(run, def, &h);
}

typedef struct chain_walk {
    kp_check_job *run;
    const kp_check_def *def;
    bool end;
    change prev;
    bool have;
} chain_walk;

/* One change in order (cur NULL: past the last one): checks it against the
 * change before it of the same object and field, and the last change of a
 * field against what the object holds. */
static kp_rc chain_step(chain_walk *w, const change *cur)
{
    kp_check_job *run = w->run;
    kp_ctx *ctx = run->ctx;
    const change *prev = &w->prev;
    kp_rc rc = KP_OK;
    bool same_group = cur && w->have && prev->object == cur->object && strcmp(prev->field, cur->field) == 0;
    /* The end of an object's field: its last change must give the value
     * the object holds, unless a change after the check date follows. */
    if (w->have && !same_group && w->end && strcmp(prev->approved_on, run->at) <= 0) {
        char holds[112];
        int64_t municipality = 0;
        char region[8] = "";
        rc = object_value(ctx, prev->object, prev->field, holds, sizeof holds, &municipality, region);
        if (!rc && !same_value(prev->new_value, holds))
            rc = chain_hit(run, w->def, prev, holds, municipality, region);
    }
    if (!rc && same_group && !w->end && strcmp(cur->approved_on, run->at) <= 0 &&
        !same_value(cur->old_value, prev->new_value)) {
        char ignored[112];
        int64_t municipality = 0;
        char region[8] = "";
        rc = object_value(ctx, cur->object, cur->field, ignored, sizeof ignored, &municipality, region);
        if (!rc)
            rc = chain_hit(run, w->def, cur, prev->new_value, municipality, region);
    }
    if (cur) {
        w->prev = *cur;
        w->have = true;
    }
    return rc;
}

static kp_rc chain_row(const kp_q_check_change *row, void *arg)
{
    change cur;
    memset(&cur, 0, sizeof cur);
    cur.id = row->id;
    cur.object = row->object;
    copy(cur.field, sizeof cur.field, row->field);
    copy(cur.old_value, sizeof cur.old_value, row->old_value);
    copy(cur.new_value, sizeof cur.new_value, row->new_value);
    cur.amendment_no = row->amendment_no;
    copy(cur.approved_on, sizeof cur.approved_on, row->effective_on);
    return chain_step(arg, &cur);
}

kp_rc kp_find_object_history_chain(kp_check_job *run, const kp_check_def *def)
{
    chain_walk w;
    memset(&w, 0, sizeof w);
    w.run = run;
    w.def = def;
    w.end = strcmp(def->id, "object_history_end") == 0;
    kp_rc rc = kp_q_check_object_changes(run->ctx->db, chain_row, &w);
    if (!rc)
        rc = chain_step(&w, NULL);
    return rc;
}

/* ---- rule limits over what was delivered --------------------------------------------- */

typedef struct svc_name {
    char code[32], lv[112], en[112];
} svc_name;

typedef struct acc {
    size_t rule;
    char key[32];      /* year, service, or "" */
    int64_t units;     /* units, or kinds of service counted */
    char first[11];    /* the first delivery counted */
    char seen[8][32];  /* services_per_person: the kinds seen (at most 8 listed) */
} acc;

typedef struct client_deliveries {
    int64_t client, municipality, parish;
    char birth[11], tg[16];
    int parents_working;
    acc *a;
    size_t n, cap;
} client_deliveries;

static const svc_name *service_name(const svc_name *names, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i].code, code) == 0)
            return &names[i];
    return NULL;
}

static acc *acc_for(client_deliveries *c, size_t rule, const char *key, const char *on)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->a[i].rule == rule && strcmp(c->a[i].key, key) == 0)
            return &c->a[i];
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        c->a = kp_xrealloc(c->a, c->cap * sizeof *c->a);
    }
    acc *x = &c->a[c->n++];
    memset(x, 0, sizeof *x);
    x->rule = rule;
    copy(x->key, sizeof x->key, key);
    copy(x->first, sizeof x->first, on);
    return x;
}

static kp_rc flush_client(kp_check_job *run, const kp_check_def *def, client_deliveries *c, const kp_rule *rules,
                          char (*sources)[112], const svc_name *names, size_t nnames)
{
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < c->n && !rc; i++) {
        const acc *x = &c->a[i];
        const kp_rule *r = &rules[x->rule];
        if (kp_rule_evaluate(r, 0, x->units, NULL) != KP_ERULE)
            continue;
        kp_check_hit h;
        memset(&h, 0, sizeof h);
        h.kind = "client";
        h.record_id = c->client;
        h.client_id = c->client;
        h.municipality_id = c->municipality;
        h.parish_id = c->parish;
        copy(h.date, sizeof h.date, x->first);
        h.n[0] = r->limit;
        h.n[1] = x->units;
        h.n[2] = x->units - r->limit;
        h.n[3] = r->id;
        copy(h.t[0], sizeof h.t[0], x->key);
        const svc_name *sn = service_name(names, nnames, r->kind == KP_RULE_SESSIONS_PER_SERVICE ? x->key : r->service);
        copy(h.t[1], sizeof h.t[1], sn ? sn->lv : r->service);
        copy(h.t[2], sizeof h.t[2], sn ? sn->en : r->service);
        copy(h.t[3], sizeof h.t[3], sources[x->rule]);
        rc = kp_check_report_hit(run, def, &h);
    }
    c->n = 0;
    return rc;
}

typedef struct rules_walk {
    kp_check_job *run;
    const kp_check_def *def;
    kp_rule_kind kind;
    kp_rule *rules;
    char (*sources)[112];
    size_t nrules, rcap;
    svc_name *names;
    size_t nnames, ncap;
    client_deliveries cd;
} rules_walk;

static kp_rc add_rule(const kp_q_check_rule *row, void *arg)
{
    rules_walk *w = arg;
    if (w->nrules == w->rcap) {
        w->rcap = w->rcap ? w->rcap * 2 : 8;
        w->rules = kp_xrealloc(w->rules, w->rcap * sizeof *w->rules);
        w->sources = kp_xrealloc(w->sources, w->rcap * sizeof *w->sources);
    }
    kp_rule *r = &w->rules[w->nrules];
    memset(r, 0, sizeof *r);
    r->id = row->id;
    copy(r->service, sizeof r->service, row->service);
    copy(r->region, sizeof r->region, row->region);
    copy(r->target_group, sizeof r->target_group, row->target_group);
    r->kind = w->kind;
    r->limit = row->limit;
    r->age_min = row->age_min;
    r->age_max = row->age_max;
    r->parents_working = row->parents_working;
    r->valid_from = KP_DATE_NONE;
    kp_date_parse_iso(row->valid_from, &r->valid_from);
    r->valid_to = KP_DATE_NONE;
    if (row->valid_to[0])
        kp_date_parse_iso(row->valid_to, &r->valid_to);
    copy(w->sources[w->nrules], sizeof w->sources[w->nrules], row->source);
    w->nrules++;
    return KP_OK;
}

static kp_rc add_name(const kp_q_check_service *row, void *arg)
{
    rules_walk *w = arg;
    if (w->nnames == w->ncap) {
        w->ncap = w->ncap ? w->ncap * 2 : 32;
        w->names = kp_xrealloc(w->names, w->ncap * sizeof *w->names);
    }
    svc_name *n = &w->names[w->nnames++];
    copy(n->code, sizeof n->code, row->code);
    copy(n->lv, sizeof n->lv, row->name_lv);
    copy(n->en, sizeof n->en, row->name_en);
    return KP_OK;
}

/* Deliveries of active assignments of the rules' services (or their kinds). */
static kp_rc count_delivery(const kp_q_check_delivery *row, void *arg)
{
    rules_walk *w = arg;
    kp_check_job *run = w->run;
    client_deliveries *cd = &w->cd;
    kp_rc rc = KP_OK;
    if (row->client != cd->client) {
        rc = flush_client(run, w->def, cd, w->rules, w->sources, w->names, w->nnames);
        cd->client = row->client;
        cd->municipality = row->municipality;
        cd->parish = row->parish;
        copy(cd->birth, sizeof cd->birth, row->birth_date);
        copy(cd->tg, sizeof cd->tg, row->target_group);
        cd->parents_working = row->parents_working;
    }
    char service[32], parent[32], on[11];
    copy(service, sizeof service, row->service);
    copy(parent, sizeof parent, row->parent);
    copy(on, sizeof on, row->on);
    int64_t units = row->units;
    kp_date day = 0, birth = 0;
    if (kp_date_parse_iso(on, &day))
        return rc;
    int age = kp_date_parse_iso(cd->birth, &birth) == KP_OK ? kp_date_age(birth, day) : -1;
    /* The region whose rules apply: that of the territory holding the
     * person's records on the day. */
    int64_t holder = kp_check_run_holder(run, cd->municipality, cd->parish, on);
    const char *region = kp_check_run_region(run, holder, on);
    for (size_t i = 0; i < w->nrules && !rc; i++) {
        const kp_rule *r = &w->rules[i];
        if (strcmp(r->service, service) != 0 && strcmp(r->service, parent) != 0)
            continue;
        kp_rule_subject subj = {.service = r->service, .region = region, .target_group = cd->tg, .on = day,
                                .age = age, .parents_working = cd->parents_working};
        if (!kp_rule_applies(r, &subj))
            continue;
        char key[32] = "";
        if (w->kind == KP_RULE_UNITS_PER_YEAR)
            snprintf(key, sizeof key, "%.4s", on);
        else if (w->kind == KP_RULE_SESSIONS_PER_SERVICE)
            copy(key, sizeof key, service);
        acc *x = acc_for(cd, i, key, on);
        if (w->kind != KP_RULE_SERVICES_PER_PERSON) {
            x->units += units;
            continue;
        }
        bool seen = false;
        for (int k = 0; k < 8 && k < x->units && !seen; k++)
            seen = strcmp(x->seen[k], service) == 0;
        if (!seen) {
            if (x->units < 8)
                copy(x->seen[x->units], sizeof x->seen[0], service);
            x->units++;
        }
    }
    return rc;
}

kp_rc kp_find_deliveries_above_rule(kp_check_job *run, const kp_check_def *def)
{
    kp_ctx *ctx = run->ctx;
    rules_walk w;
    memset(&w, 0, sizeof w);
    w.run = run;
    w.def = def;
    w.kind = KP_RULE_UNITS_PER_YEAR;
    if (strcmp(def->id, "delivery_above_course_limit") == 0)
        w.kind = KP_RULE_SESSIONS_PER_SERVICE;
    else if (strcmp(def->id, "delivery_above_services_limit") == 0)
        w.kind = KP_RULE_SERVICES_PER_PERSON;
    const char *kind_name = kp_rule_kind_name(w.kind);
    kp_rc rc = kp_q_check_rules(ctx->db, kind_name, add_rule, &w);
    if (!rc && w.nrules)
        rc = kp_q_check_service_names(ctx->db, add_name, &w);
    if (!rc && w.nrules)
        rc = kp_q_check_rule_deliveries(ctx->db, run->at, kind_name, count_delivery, &w);
    if (!rc && w.nrules)
        rc = flush_client(run, def, &w.cd, w.rules, w.sources, w.names, w.nnames);
    free(w.cd.a);
    free(w.rules);
    free(w.sources);
    free(w.names);
    return rc;
}

/* ---- one person in two client records ------------------------------------------------- */

typedef struct person {
    int64_t id, municipality, parish;
    char key[448]; /* folded family name, given name and birth date */
} person;

static int by_key(const void *x, const void *y)
{
    const person *a = x, *b = y;
    int c = strcmp(a->key, b->key);
    return c ? c : (a->id < b->id ? -1 : a->id > b->id);
}

typedef struct people {
    person *p;
    size_t n, cap;
} people;

static kp_rc add_person(const kp_q_check_person *row, void *arg)
{
    people *l = arg;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 1024;
        l->p = kp_xrealloc(l->p, l->cap * sizeof *l->p);
    }
    person *x = &l->p[l->n++];
    char given[208], family[208];
    kp_fold_lv(row->given_name ? row->given_name : "", given, sizeof given);
    kp_fold_lv(row->family_name ? row->family_name : "", family, sizeof family);
    x->id = row->id;
    snprintf(x->key, sizeof x->key, "%s\x1f%s\x1f%.10s", family, given, row->birth_date);
    x->municipality = row->municipality;
    x->parish = row->parish;
    return KP_OK;
}

kp_rc kp_find_same_person_twice(kp_check_job *run, const kp_check_def *def)
{
    people l = {0};
    kp_rc rc = kp_q_check_people(run->ctx->db, run->at, add_person, &l);
    person *p = l.p;
    size_t n = l.n;
    if (!rc && n > 1)
        qsort(p, n, sizeof *p, by_key);
    for (size_t i = 0; i < n && !rc;) {
        size_t j = i + 1;
        while (j < n && strcmp(p[j].key, p[i].key) == 0)
            j++;
        for (size_t k = i; j - i > 1 && k < j && !rc; k++) {
            const person *other = &p[k == i ? i + 1 : i];
            kp_check_hit h;
            memset(&h, 0, sizeof h);
            h.kind = "client";
            h.record_id = p[k].id;
            h.client_id = p[k].id;
            h.municipality_id = p[k].municipality;
            h.parish_id = p[k].parish;
            h.n[0] = other->id;
            h.n[1] = (int64_t)(j - i);
            int64_t where = kp_check_run_holder(run, other->municipality, other->parish, run->at);
            copy(h.t[0], sizeof h.t[0], kp_check_run_name(run, where ? where : other->municipality));
            rc = kp_check_report_hit(run, def, &h);
        }
        i = j;
    }
    free(p);
    return rc;
}
