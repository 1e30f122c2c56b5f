/* The DI plan as it stood on a date, and the check that an object's
 * history chains (see diplan.h). An object row holds its values now; its
 * changes hold each value before and after, with the date each took effect
 * (the amendment's approval date, or a status event's own date). The value
 * of a field on a date is the old value of the first change of that field
 * that took effect after the date, or the value now when there is none. */
#include "service/programme/diplan.h"
#include "service/access.h"
#include "service/territory.h"
#include "service/programme/diplan_sql.h"
#include "service/validate.h"
#include "core/mem.h"
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_diplan_free(kp_diplan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->namendments; i++) {
        free(p->amendments[i].reason);
        free(p->amendments[i].text);
    }
    free(p->objects);
    free(p->amendments);
    memset(p, 0, sizeof *p);
}

void kp_diplan_problems_free(kp_diplan_problems *p)
{
    if (!p)
        return;
    free(p->items);
    memset(p, 0, sizeof *p);
}

/* ---- loading --------------------------------------------------------- */

typedef struct chg {
    int64_t id;
    int64_t amendment_id; /* 0 = a status event of its own */
    int number;           /* the amendment's number; INT_MAX for an event */
    char field[24];
    char old_v[208], new_v[208];
    char on[11];          /* the date it took effect */
} chg;

typedef struct obj {
    int64_t id, municipality_id, facility_id;
    char name[304];
    char tg[16], service[32], status[16];
    char places[24], erdf[24];
    char added_on[11];
    char address[304], other_sources[304];
    char state[24], municipal[24], other[24];
    char planned[11], actual[11];
    size_t first, nc; /* its changes: all[first .. first + nc), in the order they took effect */
    const chg *c;
} obj;

typedef struct plan {
    obj *o;
    size_t n;
    chg *all;
    size_t nall;
} plan;

static void plan_free(plan *p)
{
    free(p->o);
    free(p->all);
    memset(p, 0, sizeof *p);
}

/* Copies at most n - 1 bytes of src (values are validated to fit). */
static void copy(char *dst, size_t n, const char *src)
{
    size_t len = src ? strnlen(src, n - 1) : 0;
    if (len)
        memcpy(dst, src, len);
    dst[len] = '\0';
}

/* Objects of one region (all when region is NULL), or only those listed. */
static bool wanted(const int64_t *ids, size_t n, int64_t id)
{
    if (!ids)
        return true;
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

static obj *find_obj(plan *p, int64_t id)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p->o[mid].id == id)
            return &p->o[mid];
        if (p->o[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* What load() gathers: the plan and the objects wanted. */
typedef struct loader {
    plan *p;
    const int64_t *ids;
    size_t nids, cap;
} loader;

static kp_rc object_row(void *row, void *arg)
{
    const kp_q_plan_object *x = row;
    loader *l = arg;
    plan *p = l->p;
    if (!wanted(l->ids, l->nids, x->id))
        return KP_OK;
    if (p->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        p->o = kp_xrealloc(p->o, l->cap * sizeof *p->o);
    }
    obj *o = &p->o[p->n++];
    memset(o, 0, sizeof *o);
    o->id = x->id;
    o->municipality_id = x->municipality_id;
    o->facility_id = x->facility_id;
    copy(o->name, sizeof o->name, x->name);
    copy(o->tg, sizeof o->tg, x->tg);
    copy(o->service, sizeof o->service, x->service);
    copy(o->places, sizeof o->places, x->places);
    copy(o->erdf, sizeof o->erdf, x->erdf);
    copy(o->status, sizeof o->status, x->status);
    copy(o->added_on, sizeof o->added_on, x->added_on);
    copy(o->address, sizeof o->address, x->address);
    copy(o->other_sources, sizeof o->other_sources, x->other_sources);
    copy(o->state, sizeof o->state, x->state);
    copy(o->municipal, sizeof o->municipal, x->municipal);
    copy(o->other, sizeof o->other, x->other);
    copy(o->planned, sizeof o->planned, x->planned);
    copy(o->actual, sizeof o->actual, x->actual);
    return KP_OK;
}

static kp_rc change_row(void *row, void *arg)
{
    const kp_q_plan_change *x = row;
    loader *l = arg;
    plan *p = l->p;
    obj *o = find_obj(p, x->object_id);
    if (!o)
        return KP_OK;
    if (p->nall == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 128;
        p->all = kp_xrealloc(p->all, l->cap * sizeof *p->all);
    }
    chg *c = &p->all[p->nall++];
    memset(c, 0, sizeof *c);
    c->id = x->id;
    c->amendment_id = x->amendment_id;
    c->number = x->number > INT_MAX ? INT_MAX : (int)x->number;
    copy(c->field, sizeof c->field, x->field);
    copy(c->old_v, sizeof c->old_v, x->old_v);
    copy(c->new_v, sizeof c->new_v, x->new_v);
    copy(c->on, sizeof c->on, x->on);
    if (!o->nc)
        o->first = p->nall - 1;
    o->nc++;
    return KP_OK;
}

static kp_rc load(kp_ctx *ctx, const char *region, const int64_t *ids, size_t nids, plan *p)
{
    memset(p, 0, sizeof *p);
    loader l = {.p = p, .ids = ids, .nids = nids};
    kp_rc rc = kp_q_plan_objects_each(ctx->db, region, object_row, &l);
    l.cap = 0;
    if (!rc)
        rc = kp_q_plan_changes_each(ctx->db, region, change_row, &l);
    if (rc) {
        plan_free(p);
        return rc;
    }
    /* The rows came grouped by object, so each object's are contiguous. */
    for (size_t i = 0; i < p->n; i++)
        p->o[i].c = p->o[i].nc ? &p->all[p->o[i].first] : NULL;
    return KP_OK;
}

/* ---- values on a date -------------------------------------------------- */

/* The value of `field` on date d: the old value of the first change of the
 * field that took effect after d, else the value now. *since (may be NULL)
 * gets the date of the last change of the field by d, "" when none. */
static const char *value_on(const obj *o, const char *field, const char *now, const char *d, const char **since)
{
    if (since)
        *since = "";
    for (size_t i = 0; i < o->nc; i++) {
        const chg *c = &o->c[i];
        if (strcmp(c->field, field) != 0)
            continue;
        if (strcmp(c->on, d) > 0)
            return c->old_v;
        if (since)
            *since = c->on;
    }
    return now;
}

/* The date the object entered the plan: that of the amendment that added
 * it, else its added_on. */
static const char *entered(const obj *o)
{
    for (size_t i = 0; i < o->nc; i++)
        if (strcmp(o->c[i].field, "added") == 0)
            return o->c[i].on;
    return o->added_on;
}

/* The date an amendment removed it from the plan, "" when none did. */
static const char *removed(const obj *o)
{
    for (size_t i = 0; i < o->nc; i++)
        if (strcmp(o->c[i].field, "removed") == 0)
            return o->c[i].on;
    return "";
}

/* A whole number as stored ("12"); -1 for "" (the plan gives none). */
static int64_t number(const char *s)
{
    if (!s || !s[0])
        return -1;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    return end && *end == '\0' && v >= 0 ? (int64_t)v : -1;
}

typedef struct sort_entry {
    char code[32];
    int sort;
} sort_entry;

static int cmp_object(const void *a, const void *b)
{
    const kp_diplan_object *x = a, *y = b;
    int c = strcmp(x->target_group, y->target_group);
    if (c)
        return c;
    if (x->service_sort != y->service_sort)
        return x->service_sort < y->service_sort ? -1 : 1;
    c = strcmp(x->service, y->service);
    if (c)
        return c;
    return x->id < y->id ? -1 : x->id > y->id;
}

static kp_rc service_sorts(kp_ctx *ctx, sort_entry **out, size_t *n)
{
    kp_q_service_sort_vec v = {0};
    *out = NULL;
    *n = 0;
    kp_rc rc = kp_q_service_sorts(ctx->db, &v);
    if (v.n)
        *out = kp_xcalloc(v.n, sizeof **out);
    for (size_t i = 0; i < v.n; i++) {
        copy((*out)[i].code, sizeof (*out)[i].code, v.items[i].code);
        (*out)[i].sort = v.items[i].sort;
    }
    *n = v.n;
    free(v.items);
    return rc;
}

static int sort_of(const sort_entry *e, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(e[i].code, code) == 0)
            return e[i].sort;
    return INT_MAX;
}

static kp_rc region_known(kp_ctx *ctx, const char *region)
{
    kp_rc rc = kp_region_known(ctx, region);
    if (!rc)
        rc = kp_access_region(ctx, region, false);
    /* Out of scope and unknown look the same. */
    return rc == KP_EDENIED ? KP_ENOTFOUND : rc;
}

static char *dup_text(const char *v)
{
    size_t n = v ? strlen(v) : 0;
    char *out = kp_xmalloc(n + 1);
    if (n)
        memcpy(out, v, n);
    out[n] = '\0';
    return out;
}

static kp_rc amendments_by(kp_ctx *ctx, const char *region, const char *d, kp_diplan *out)
{
    kp_q_amendment_vec v = {0};
    kp_rc rc = kp_q_amendments_by(ctx->db, region, d, &v);
    /* The rows read stay in *out, their texts owned by it, also on failure. */
    if (v.n)
        out->amendments = kp_xrealloc(out->amendments, (out->namendments + v.n) * sizeof *out->amendments);
    for (size_t i = 0; i < v.n; i++) {
        const kp_q_amendment *x = &v.items[i];
        kp_diplan_amendment *a = &out->amendments[out->namendments++];
        memset(a, 0, sizeof *a);
        a->id = x->id;
        a->number = x->number;
        copy(a->approved_on, sizeof a->approved_on, x->approved_on);
        copy(a->decision_no, sizeof a->decision_no, x->decision_no);
        copy(a->decision_on, sizeof a->decision_on, x->decision_on);
        a->reason = x->reason ? x->reason : dup_text("");
        a->text = x->text ? x->text : dup_text("");
        a->nchanges = (size_t)x->nchanges;
    }
    free(v.items);
    return rc;
}

/* Every source's money over the places, rounded down; -1 without places. */
static kp_cents per_place(const kp_diplan_object *x)
{
    if (x->places <= 0)
        return -1;
    return (x->erdf + x->state + x->municipal + x->other) / x->places;
}

static kp_cents cents_on(const obj *o, const char *field, const char *now, const char *d)
{
    int64_t v = number(value_on(o, field, now, d, NULL));
    return v < 0 ? 0 : v;
}

kp_rc kp_diplan_at(kp_ctx *ctx, const char *region, kp_date at, unsigned flags, kp_diplan *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!ctx || !region || !out || at == KP_DATE_NONE)
        return KP_EINVAL;
    kp_rc rc = region_known(ctx, region);
    if (rc)
        return rc;
    char d[11];
    kp_date_format_iso(at, d);
    plan p;
    sort_entry *sorts = NULL;
    size_t nsorts = 0;
    rc = load(ctx, region, NULL, 0, &p);
    if (rc)
        return rc;
    rc = service_sorts(ctx, &sorts, &nsorts);
    if (!rc && p.n)
        out->objects = kp_xcalloc(p.n, sizeof *out->objects);
    for (size_t i = 0; !rc && i < p.n; i++) {
        const obj *o = &p.o[i];
        const char *from = entered(o), *gone = removed(o);
        if (strcmp(from, d) > 0)
            continue;
        bool is_removed = gone[0] && strcmp(gone, d) <= 0;
        if (is_removed && !(flags & KP_DIPLAN_REMOVED))
            continue;
        kp_diplan_object *x = &out->objects[out->n++];
        x->id = o->id;
        x->municipality_id = o->municipality_id;
        x->facility_id = o->facility_id;
        copy(x->name, sizeof x->name, value_on(o, "name", o->name, d, NULL));
        copy(x->address, sizeof x->address, value_on(o, "address", o->address, d, NULL));
        copy(x->other_sources, sizeof x->other_sources, o->other_sources);
        copy(x->planned_completion, sizeof x->planned_completion, value_on(o, "planned_completion", o->planned, d, NULL));
        copy(x->actual_completion, sizeof x->actual_completion, o->actual);
        x->state = cents_on(o, "state_cents", o->state, d);
        x->municipal = cents_on(o, "municipal_cents", o->municipal, d);
        x->other = cents_on(o, "other_cents", o->other, d);
        copy(x->target_group, sizeof x->target_group, value_on(o, "target_group", o->tg, d, NULL));
        copy(x->service, sizeof x->service, value_on(o, "service_code", o->service, d, NULL));
        x->service_sort = sort_of(sorts, nsorts, x->service);
        const char *since = "";
        copy(x->status, sizeof x->status, value_on(o, "status", o->status, d, &since));
        copy(x->in_plan_from, sizeof x->in_plan_from, from);
        copy(x->status_since, sizeof x->status_since, since[0] ? since : from);
        if (is_removed)
            copy(x->removed_on, sizeof x->removed_on, gone);
        x->places = number(value_on(o, "places", o->places, d, NULL));
        int64_t erdf = number(value_on(o, "erdf_cents", o->erdf, d, NULL));
        x->erdf = erdf < 0 ? 0 : erdf;
        bool counts = !is_removed && strcmp(x->status, "cancelled") != 0;
        x->counted_places = counts ? x->places : -1;
        x->counted_erdf = counts ? x->erdf : 0;
        x->cost_per_place = per_place(x);
    }
    if (!rc && out->n > 1)
        qsort(out->objects, out->n, sizeof *out->objects, cmp_object);
    if (!rc)
        rc = amendments_by(ctx, region, d, out);
    free(sorts);
    plan_free(&p);
    if (rc)
        kp_diplan_free(out);
    return rc;
}

void kp_diplan_history_free(kp_diplan_history *h)
{
    if (!h)
        return;
    free(h->items);
    memset(h, 0, sizeof *h);
}

static kp_rc object_history(kp_ctx *ctx, int64_t object_id, kp_diplan_history *h)
{
    kp_q_object_history_vec v = {0};
    kp_rc rc = kp_q_object_history_of(ctx->db, object_id, &v);
    if (v.n)
        h->items = kp_xcalloc(v.n, sizeof *h->items);
    for (size_t i = 0; i < v.n; i++) {
        const kp_q_object_history *y = &v.items[i];
        kp_diplan_change_row *x = &h->items[h->n++];
        x->id = y->id;
        x->amendment_number = y->amendment_number;
        copy(x->on, sizeof x->on, y->on);
        copy(x->field, sizeof x->field, y->field);
        copy(x->old_value, sizeof x->old_value, y->old_value);
        copy(x->new_value, sizeof x->new_value, y->new_value);
        /* The amendment's reason is shortened to the slot. */
        copy(x->reason, sizeof x->reason, y->reason);
    }
    kp_q_object_history_free(&v);
    if (rc)
        kp_diplan_history_free(h);
    return rc;
}

kp_rc kp_diplan_object_at(kp_ctx *ctx, int64_t object_id, kp_date at, kp_diplan_object *out, char *region,
                          kp_diplan_history *hist)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (hist)
        memset(hist, 0, sizeof *hist);
    if (region)
        region[0] = '\0';
    if (!ctx || !out || object_id <= 0 || at == KP_DATE_NONE)
        return KP_EINVAL;
    char reg[8] = "";
    kp_rc rc = kp_q_plan_object_region(ctx->db, object_id, reg);
    if (!rc && !reg[0])
        rc = KP_ENOTFOUND;
    kp_diplan pl;
    memset(&pl, 0, sizeof pl);
    if (!rc)
        rc = kp_diplan_at(ctx, reg, at, KP_DIPLAN_REMOVED, &pl);
    if (rc)
        return rc;
    rc = KP_ENOTFOUND;
    for (size_t i = 0; i < pl.n; i++)
        if (pl.objects[i].id == object_id) {
            *out = pl.objects[i];
            rc = KP_OK;
        }
    kp_diplan_free(&pl);
    if (rc == KP_ENOTFOUND && hist) {
        /* Not yet in the plan on that date: its history still says when it
         * enters; the caller shows that. */
        out->id = 0;
    }
    if (region && (rc == KP_OK || hist))
        copy(region, 8, reg);
    if (hist && (rc == KP_OK || rc == KP_ENOTFOUND)) {
        kp_rc hr = object_history(ctx, object_id, hist);
        if (hr)
            return hr;
    }
    return rc;
}

/* ---- the history check ------------------------------------------------- */

static const char *const VALUE_FIELDS[] = {"places",          "status",      "erdf_cents", "service_code",
                                           "target_group",    "name",        "address",    "state_cents",
                                           "municipal_cents", "other_cents", "planned_completion"};

static const char *now_value(const obj *o, const char *field)
{
    if (strcmp(field, "places") == 0)
        return o->places;
    if (strcmp(field, "status") == 0)
        return o->status;
    if (strcmp(field, "erdf_cents") == 0)
        return o->erdf;
    if (strcmp(field, "service_code") == 0)
        return o->service;
    if (strcmp(field, "name") == 0)
        return o->name;
    if (strcmp(field, "address") == 0)
        return o->address;
    if (strcmp(field, "state_cents") == 0)
        return o->state;
    if (strcmp(field, "municipal_cents") == 0)
        return o->municipal;
    if (strcmp(field, "other_cents") == 0)
        return o->other;
    if (strcmp(field, "planned_completion") == 0)
        return o->planned;
    return o->tg;
}

/* Same value: numbers compare as numbers ("012" = "12"; an empty ERDF sum
 * is 0, empty places are none), the rest as text. */
static bool same_value(const char *field, const char *a, const char *b)
{
    if (strstr(field, "_cents")) {
        /* No sum is a sum of 0. */
        int64_t x = number(a), y = number(b);
        return (x < 0 ? 0 : x) == (y < 0 ? 0 : y);
    }
    if (strcmp(field, "places") == 0) {
        int64_t x = number(a), y = number(b);
        if (x >= 0 || y >= 0)
            return x == y;
    }
    return strcmp(a, b) == 0;
}

/* "grozījumi Nr. 3 (2019-04-23)" / "amendment No. 3 (2019-04-23)", or the
 * event's date. */
static void describe(const kp_ctx *ctx, const chg *c, char *out, size_t n)
{
    if (c->amendment_id)
        snprintf(out, n, KP_TR(ctx, "grozījumi Nr. %d (%s)", "amendment No. %d (%s)"), c->number, c->on);
    else
        snprintf(out, n, KP_TR(ctx, "notikums %s", "the event of %s"), c->on);
}

static kp_diplan_problem *problem(kp_diplan_problems *out, const obj *o, const chg *c, const char *column)
{
    if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 16;
        out->items = kp_xrealloc(out->items, out->cap * sizeof *out->items);
    }
    kp_diplan_problem *x = &out->items[out->n++];
    memset(x, 0, sizeof *x);
    x->object_id = o->id;
    if (c) {
        x->change_id = c->id;
        copy(x->field, sizeof x->field, c->field);
    }
    copy(x->column, sizeof x->column, column);
    return x;
}

/* A value as people read it: "" is "(none)". */
static const char *shown(const kp_ctx *ctx, const char *v)
{
    return v[0] ? v : KP_TR(ctx, "(nav)", "(none)");
}

static void check_object(const kp_ctx *ctx, const obj *o, kp_diplan_problems *out)
{
    const chg *added = NULL, *gone = NULL;
    char what[64];
    for (size_t i = 0; i < o->nc; i++) {
        const chg *c = &o->c[i];
        if (strcmp(c->field, "added") == 0) {
            if (added) {
                describe(ctx, c, what, sizeof what);
                snprintf(problem(out, o, c, "field")->message, sizeof out->items[0].message,
                         KP_TR(ctx, "objektu jau pievienoja %s; objektu pievieno vienreiz", "%s: the object was already added by an earlier amendment; an object is added once"),
                         what);
            }
            added = added ? added : c;
        } else if (strcmp(c->field, "removed") == 0) {
            if (gone) {
                describe(ctx, c, what, sizeof what);
                snprintf(problem(out, o, c, "field")->message, sizeof out->items[0].message,
                         KP_TR(ctx, "%s: objekts jau ir izslēgts no plāna; to izslēdz vienreiz", "%s: the object was already removed from the plan; an object is removed once"),
                         what);
            }
            gone = gone ? gone : c;
        }
    }
    /* Nothing before the object entered the plan, nothing after it left. */
    const char *from = added ? added->on : o->added_on;
    for (size_t i = 0; i < o->nc; i++) {
        const chg *c = &o->c[i];
        describe(ctx, c, what, sizeof what);
        const char *column = c->amendment_id ? "amendment_id" : "effective_on";
        if (c != added && (strcmp(c->on, from) < 0 || (added && c < added)))
            snprintf(problem(out, o, c, column)->message, sizeof out->items[0].message,
                     KP_TR(ctx, "%s ir pirms objekts iekļauts plānā (%s): izmaiņas ir no tās dienas",
                           "%s comes before the object entered the plan (%s): its changes start on that day"),
                     what, from);
        else if (gone && c != gone && c > gone)
            snprintf(problem(out, o, c, column)->message, sizeof out->items[0].message,
                     KP_TR(ctx, "%s ir pēc tam, kad objekts izslēgts no plāna (%s): izslēgtam objektam izmaiņu nav",
                           "%s comes after the object was removed from the plan (%s): a removed object has no changes"),
                     what, gone->on);
    }
    /* Each field's changes chain: old = the value at that point, and the
     * last leaves the value the object holds now. */
    for (size_t f = 0; f < sizeof VALUE_FIELDS / sizeof VALUE_FIELDS[0]; f++) {
        const char *field = VALUE_FIELDS[f];
        const chg *prev = NULL;
        for (size_t i = 0; i < o->nc; i++) {
            const chg *c = &o->c[i];
            if (strcmp(c->field, field) != 0)
                continue;
            if (prev && !same_value(field, c->old_v, prev->new_v)) {
                char before[64];
                describe(ctx, c, what, sizeof what);
                describe(ctx, prev, before, sizeof before);
                snprintf(problem(out, o, c, "old_value")->message, sizeof out->items[0].message,
                         KP_TR(ctx, "%s: iepriekšējā vērtība %.40s nav objekta vērtība tajā brīdī — %.40s pēc %s; izmaiņām jāseko cita citai datumu secībā",
                               "%s: old_value %.40s is not the object's value at that point — %.40s after %s; the changes must follow each other in date order"),
                         what, shown(ctx, c->old_v), shown(ctx, prev->new_v), before);
            }
            prev = c;
        }
        if (prev && !same_value(field, prev->new_v, now_value(o, field))) {
            describe(ctx, prev, what, sizeof what);
            snprintf(problem(out, o, prev, "new_value")->message, sizeof out->items[0].message,
                     KP_TR(ctx, "%s: pēdējā izmaiņa atstāj %.40s, bet objektam ir %.40s: izmaiņām jānoved līdz objekta pašreizējai vērtībai",
                           "%s: the last change leaves %.40s but the object holds %.40s: the changes must lead to the object's current value"),
                     what, shown(ctx, prev->new_v), shown(ctx, now_value(o, field)));
        }
    }
}

kp_rc kp_diplan_check(kp_ctx *ctx, const char *region, const int64_t *objects, size_t nobjects,
                      kp_diplan_problems *out)
{
    if (!ctx || !out || (!objects && nobjects))
        return KP_EINVAL;
    kp_rc rc = region ? region_known(ctx, region)
                      : (ctx->role == KP_ROLE_SYSTEM || ctx->role == KP_ROLE_ADMIN ? KP_OK : KP_ENOTFOUND);
    if (rc)
        return rc;
    plan p;
    rc = load(ctx, region, objects, nobjects, &p);
    if (rc)
        return rc;
    for (size_t i = 0; i < p.n; i++)
        check_object(ctx, &p.o[i], out);
    plan_free(&p);
    return KP_OK;
}
