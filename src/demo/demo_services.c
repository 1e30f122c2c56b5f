/* The demo's services: who received which ESF-paid service in which years,
 * with a support plan, a yearly assignment and quarterly deliveries. Each
 * person's first service is the one the figures file counts them under;
 * how many were served in 2017, 2019 and 2021 follows the indicators. */
#include "service/casework/cases.h"
#include "demo/demo_plan.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct slot {
    int mi;
    int group;            /* DEMO_GRT, DEMO_FT, DEMO_PARENTS */
    char service[32];     /* as the figures file names it */
    int first, last;      /* years served */
} slot;

typedef struct slots {
    slot *s;
    size_t n, cap;
} slots;

static const char *const GROUP_KEYS[] = {"grt", "ft", "parents"};

static void slots_add(slots *l, int mi, int group, const char *service)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 512;
        l->s = kp_xrealloc(l->s, l->cap * sizeof *l->s);
    }
    slot *x = &l->s[l->n++];
    memset(x, 0, sizeof *x);
    x->mi = mi;
    x->group = group;
    /* The source chart lost one label for Jelgava city; the figures file
     * lets the demo place those people under a service the chart does not
     * show, and group homes are one. */
    snprintf(x->service, sizeof x->service, "%s",
             strcmp(service, "not_shown_in_source_chart") == 0 ? "group_home" : service);
}

static int64_t indicator_row(demo *d, const char *key, size_t col)
{
    return demo_int(json_array_get(json_object_get(json_object_get(d->ref, "indicator_table"), key), col));
}

static int64_t output_achieved(demo *d, const char *key)
{
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(d->ref, "output_indicators"), i, o)
    {
        if (strcmp(json_string_value(json_object_get(o, "key")), key) == 0)
            return demo_int(json_object_get(o, "achieved"));
    }
    return 0;
}

/* Spreads the years people were served over the slots of one group:
 * in_2017 served 2017–2021, then up to in_2019 from 2018/2019, then up to
 * in_2021 from 2020/2021, and everyone else in a single year the
 * indicators do not look at (2016, 2018 or 2020). */
static void assign_years(demo *d, slots *l, int group, int64_t in_2017, int64_t in_2019, int64_t in_2021)
{
    size_t n = 0;
    size_t *idx = kp_xcalloc(l->n + 1, sizeof *idx);
    for (size_t i = 0; i < l->n; i++)
        if (l->s[i].group == group)
            idx[n++] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)demo_rand(d, (int)i);
        size_t t = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = t;
    }
    static const int LONE_YEARS[] = {2016, 2018, 2020};
    for (size_t r = 0; r < n; r++) {
        slot *s = &l->s[idx[r]];
        if ((int64_t)r < in_2017) {
            s->first = 2017;
            s->last = 2021;
        } else if ((int64_t)r < in_2019) {
            s->first = 2018 + (int)(r % 2);
            s->last = 2021;
        } else if ((int64_t)r < in_2021) {
            s->first = 2020 + (int)(r % 2);
            s->last = 2021;
        } else {
            s->first = s->last = LONE_YEARS[r % 3];
        }
    }
    free(idx);
}

/* The concrete service: social rehabilitation is given as one of its kinds. */
static const char *concrete(const char *service, int64_t person)
{
    static const char *const KINDS[] = {"adapted_pool", "montessori", "hippotherapy", "music_therapy",
                                        "physiotherapy", "occupational_therapy", "multisensory", "warm_sand"};
    if (strcmp(service, "social_rehab") == 0)
        return KINDS[person % 8];
    return service;
}

static bool is_rehab_kind(const char *service)
{
    for (int64_t k = 0; k < 8; k++)
        if (strcmp(concrete("social_rehab", k), service) == 0)
            return true;
    return false;
}

typedef struct volume {
    const char *service;
    int units;        /* a year */
    int deliveries;   /* a year, equal parts */
    int hours_per_week;
    const char *mode;
} volume;

/* Enough that what was delivered is worth at least the compensation the
 * figures file says each municipality was paid in each year (at the unit
 * costs of data/unit_costs.csv), as kopa check requires. */
static const volume VOLUMES[] = {
    {"day_care", 180, 4, 0, NULL},      {"workshop", 180, 4, 0, NULL},
    {"group_home", 12, 4, 0, NULL},     {"home_care", 144, 4, 0, NULL},
    {"support_groups", 32, 4, 0, NULL}, {"specialist_consultations", 24, 4, 0, NULL},
    {"respite", 16, 2, 0, "full"},      {"care", 480, 4, 10, NULL},
};

static volume volume_of(const char *service)
{
    for (size_t i = 0; i < sizeof VOLUMES / sizeof VOLUMES[0]; i++)
        if (strcmp(VOLUMES[i].service, service) == 0)
            return VOLUMES[i];
    return (volume){service, 32, 4, 0, NULL}; /* social rehabilitation sessions */
}

/* A provider of the service open over the whole year, or 0. */
static int64_t provider_for(demo *d, const char *service, const char *tg, int year, int64_t person)
{
    char start[16], end[16];
    snprintf(start, sizeof start, "%04d-01-15", year % 10000);
    snprintf(end, sizeof end, "%04d-12-15", year % 10000);
    int64_t found[64];
    int n = 0;
    for (size_t i = 0; i < d->nfac && n < 64; i++) {
        const demo_facility *f = &d->fac[i];
        bool same = strcmp(f->service, service) == 0 ||
                    (strcmp(f->service, "social_rehab") == 0 && is_rehab_kind(service));
        if (same && strcmp(f->tg, tg) == 0 && strcmp(f->opened, start) <= 0 && (!f->closed[0] || strcmp(f->closed, end) >= 0))
            found[n++] = f->provider;
    }
    return n ? found[person % n] : 0;
}

static kp_rc serve_year(demo *d, int64_t person, int64_t item, const char *service, const char *tg, int year,
                        int from_month)
{
    volume v = volume_of(service);
    char pid[24], iid[24], start[16], end[16], decided[16], units[16], hpw[8] = "", prov[24] = "";
    snprintf(pid, sizeof pid, "%lld", (long long)person);
    snprintf(iid, sizeof iid, "%lld", (long long)item);
    snprintf(start, sizeof start, "%04d-%02d-15", year % 10000, from_month % 100);
    snprintf(end, sizeof end, "%04d-12-15", year % 10000);
    snprintf(decided, sizeof decided, "%04d-%02d-10", year % 10000, from_month % 100);
    snprintf(units, sizeof units, "%d", v.units);
    if (v.hours_per_week)
        snprintf(hpw, sizeof hpw, "%d", v.hours_per_week);
    int64_t provider = provider_for(d, service, tg, year, person);
    if (provider)
        snprintf(prov, sizeof prov, "%lld", (long long)provider);
    kp_assignment_in a = {.client_id = pid, .plan_item_id = item ? iid : NULL, .service = service,
                          .provider_id = prov, .start_date = start, .end_date = end, .units = units,
                          .hours_per_week = hpw, .mode = v.mode, .decided_on = decided, .esf_funded = "1"};
    int64_t assignment = 0;
    kp_rc rc = demo_check(d, kp_assignment_create(d->ctx, &a, d->e, &assignment), "assignment");
    char aid[24], part[16];
    snprintf(aid, sizeof aid, "%lld", (long long)assignment);
    snprintf(part, sizeof part, "%d", v.units / v.deliveries);
    /* Deliveries in the months after the start, spread over the year. */
    for (int k = 0; k < v.deliveries && !rc; k++) {
        int month = from_month + 1 + k * (12 - from_month) / v.deliveries;
        char on[16];
        snprintf(on, sizeof on, "%04d-%02d-01", year % 10000, (month > 12 ? 12 : month) % 100);
        kp_delivery_in del = {.assignment_id = aid, .delivered_on = on, .units = part, .confirmed = "1"};
        rc = demo_check(d, kp_delivery_record(d->ctx, &del, d->e, NULL), "delivery");
    }
    return rc;
}

/* The month a person's services start in their first year: January, but
 * July in 2016, so that the first round of needs assessments (from March
 * 2016) can come before the decision. */
static int first_month(int year)
{
    return year == 2016 ? 7 : 1;
}

/* The date of the decision on a person's first service. */
static void first_decision(int year, char out[16])
{
    snprintf(out, 16, "%04d-%02d-10", year % 10000, first_month(year));
}

static kp_rc serve(demo *d, const slot *s, int64_t person)
{
    const char *tg = GROUP_KEYS[s->group];
    const char *service = concrete(s->service, person);
    volume v = volume_of(service);
    int fm = first_month(s->first);
    char pid[24], created[16], approved[16], review[16], start[16], end[16], volume_s[16];
    snprintf(pid, sizeof pid, "%lld", (long long)person);
    snprintf(created, sizeof created, "%04d-%02d-05", s->first % 10000, fm);
    snprintf(approved, sizeof approved, "%04d-%02d-09", s->first % 10000, fm);
    snprintf(review, sizeof review, "%04d-12-01", s->last % 10000);
    snprintf(start, sizeof start, "%04d-%02d-15", s->first % 10000, fm);
    snprintf(end, sizeof end, "%04d-12-15", s->last % 10000);
    snprintf(volume_s, sizeof volume_s, "%d", v.units);
    kp_plan_in plan = {.client_id = pid, .goals = "Dzīves kvalitātes uzlabošana un patstāvības attīstīšana dzīvesvietā",
                       .review_on = review, .created_on = created};
    int64_t plan_id = 0, item = 0;
    kp_rc rc = demo_check(d, kp_plan_create(d->ctx, &plan, d->e, &plan_id), "support plan");
    char plid[24];
    snprintf(plid, sizeof plid, "%lld", (long long)plan_id);
    kp_plan_item_in it = {.plan_id = plid, .service = service, .volume = volume_s, .start_date = start,
                          .end_date = end, .goal = "Pakalpojums saskaņā ar individuālo vajadzību izvērtējumu"};
    if (!rc)
        rc = demo_check(d, kp_plan_add_item(d->ctx, &it, d->e, &item), "plan item");
    if (!rc)
        rc = demo_check(d, kp_plan_approve(d->ctx, plan_id, approved, d->e), "plan approval");
    for (int y = s->first; y <= s->last && !rc; y++)
        rc = serve_year(d, person, item, service, tg, y, y == s->first ? fm : 1);
    /* Some adults also see a specialist later on: they still count once,
     * under their first service. */
    if (!rc && s->group == DEMO_GRT && person % 6 == 0 && strcmp(service, "specialist_consultations") != 0)
        rc = serve_year(d, person, 0, "specialist_consultations", tg, s->last, s->last == s->first && fm > 1 ? 8 : 6);
    return rc;
}

typedef struct first_served {
    int64_t person;
    char on[16];
} first_served;

static int by_person(const void *x, const void *y)
{
    const first_served *a = x, *b = y;
    return a->person < b->person ? -1 : a->person > b->person;
}

static const char *first_served_on(const first_served *fs, size_t n, int64_t person)
{
    first_served key = {.person = person};
    const first_served *hit = person ? bsearch(&key, fs, n, sizeof *fs, by_person) : NULL;
    return hit ? hit->on : "";
}

/* The needs assessments held back in demo_people.c: each before the first
 * decision on the person's services or on those of the parent who
 * represents them; the others in their own round. */
static kp_rc pending_assessments(demo *d, const slots *l)
{
    size_t next[DEMO_MUNIS][DEMO_GROUPS];
    memset(next, 0, sizeof next);
    first_served *fs = kp_xcalloc(l->n + 1, sizeof *fs);
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        const slot *s = &l->s[i];
        const demo_pool *p = &d->pool[s->mi][s->group];
        if (next[s->mi][s->group] >= p->n)
            continue; /* serving reports it */
        fs[n].person = p->ids[next[s->mi][s->group]++];
        first_decision(s->first, fs[n].on);
        n++;
    }
    qsort(fs, n, sizeof *fs, by_person);
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < d->npending && !rc; i++) {
        const demo_pending *p = &d->pending[i];
        const char *own = first_served_on(fs, n, p->client), *rep = first_served_on(fs, n, p->representative);
        const char *before = !*own || (*rep && strcmp(rep, own) < 0) ? rep : own;
        rc = demo_assessment_before(d, p->client, p->round, p->place, p->needs, before);
        if (!rc && p->again_in_2021)
            rc = demo_assessment(d, p->client, 3, p->place, p->needs);
    }
    free(fs);
    return rc;
}

kp_rc demo_build_services(demo *d)
{
    slots l = {0};
    json_t *provided = json_object_get(d->ref, "services_provided");
    for (int mi = 0; mi < DEMO_MUNIS; mi++) {
        json_t *m = json_object_get(provided, d->m[mi].refkey);
        for (int g = 0; g < DEMO_GROUPS; g++) {
            const char *key;
            json_t *v;
            json_object_foreach(json_object_get(m, GROUP_KEYS[g]), key, v)
            {
                for (int64_t k = 0; k < demo_int(v); k++)
                    slots_add(&l, mi, g, key);
            }
        }
    }
    assign_years(d, &l, DEMO_GRT, indicator_row(d, "grt_persons_received_esf_services", 1),
                 indicator_row(d, "grt_persons_received_esf_services", 3),
                 output_achieved(d, "grt_receiving_esf_services"));
    assign_years(d, &l, DEMO_FT, indicator_row(d, "ft_children_received_esf_services", 1),
                 indicator_row(d, "ft_children_received_esf_services", 3),
                 output_achieved(d, "ft_receiving_esf_services"));
    for (size_t i = 0; i < l.n; i++)
        if (l.s[i].group == DEMO_PARENTS) {
            l.s[i].first = 2018 + (int)(i % 3);
            l.s[i].last = 2021;
        }
    kp_rc rc = pending_assessments(d, &l);
    for (size_t i = 0; i < l.n && !rc; i++) {
        slot *s = &l.s[i];
        demo_pool *p = &d->pool[s->mi][s->group];
        if (p->next >= p->n) {
            kp_errors_add(d->e, "", d->m[s->mi].refkey, "demo: not enough people to serve in %s (%s)", d->m[s->mi].refkey,
                          GROUP_KEYS[s->group]);
            rc = KP_ESTATE;
            break;
        }
        rc = serve(d, s, p->ids[p->next++]);
    }
    free(l.s);
    return rc;
}
