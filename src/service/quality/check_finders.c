/* The data-quality checks that are functions rather than one query: money
 * paid against what was delivered, a DI object's chain of changes, rule
 * limits over what was delivered (through core/rules.c), and one person in
 * two client records. Each reports its hits with kp_check_report_hit. */
#include "service/quality/check_run.h"
#include "service/casework/queries.h"
#include "service/sql.h"
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

kp_rc kp_find_compensation_above_deliveries(kp_check_job *run, const kp_check_def *def)
{
    kp_ctx *ctx = run->ctx;
    day_value *v = NULL;
    size_t n = 0, cap = 0, norigins = 0, ocap = 0;
    origin *origins = NULL;
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(
        ctx->db,
        /* Units per origin, day and costed service first; the unit cost is
         * then looked up once per group rather than once per delivery. */
        "SELECT g.m, g.p, g.on_, SUM(g.units * COALESCE((SELECT u.amount_cents FROM unit_cost u"
        "  WHERE u.service_code = g.svc AND u.valid_from <= g.on_ AND (u.valid_to IS NULL OR u.valid_to >= g.on_)"
        "  ORDER BY u.valid_from DESC LIMIT 1), 0)), SUM(g.n)"
        /* A delivery is the municipality's that was responsible for the person on its date. */
        " FROM (SELECT " KP_CLIENT_MUNICIPALITY_AT("c", "d.delivered_on") " AS m,"
        "  COALESCE(" KP_CHECK_PARISH_AT("c", "d.delivered_on") ", 0) AS p, d.delivered_on AS on_,"
        "  COALESCE(t.parent_code, a.service_code) AS svc, SUM(d.units) AS units, COUNT(*) AS n"
        "  FROM delivery d JOIN assignment a ON a.id = d.assignment_id JOIN client c ON c.id = a.client_id"
        "  JOIN service_type t ON t.code = a.service_code"
        "  WHERE d.confirmed = 1 AND a.esf_funded = 1 AND a.status = 'active' AND d.delivered_on <= ?1"
        "  AND d.delivered_on >= a.start_date AND d.delivered_on <= a.end_date"
        "  GROUP BY m, p, d.delivered_on, COALESCE(t.parent_code, a.service_code)) g"
        " GROUP BY g.m, g.p, g.on_ ORDER BY g.on_",
        &s);
    if (!rc)
        rc = kp_stmt_bind_text(s, 1, run->at);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            v = kp_xrealloc(v, cap * sizeof *v);
        }
        day_value *x = &v[n++];
        memset(x, 0, sizeof *x);
        x->municipality = kp_stmt_int(s, 0);
        x->parish = kp_stmt_int(s, 1);
        copy(x->on, sizeof x->on, kp_stmt_text(s, 2));
        x->cents = kp_stmt_int(s, 3);
        x->count = kp_stmt_int(s, 4);
        x->origin = origin_index(&origins, &norigins, &ocap, x->municipality, x->parish);
    }
    kp_stmt_free(s);
    s = NULL;
    /* Which territory holds each origin at a payment's period end, worked
     * out once per origin and payment. */
    int64_t *holder = kp_xcalloc(norigins + 1, sizeof *holder);
    bool *known = kp_xcalloc(norigins + 1, sizeof *known);
    if (!rc)
        rc = kp_store_prepare(ctx->db,
                              "SELECT id, municipality_id, period_start, period_end, amount_cents FROM compensation_payment"
                              " WHERE paid_on <= ?1 ORDER BY id",
                              &s);
    if (!rc)
        rc = kp_stmt_bind_text(s, 1, run->at);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        kp_check_hit h;
        memset(&h, 0, sizeof h);
        h.kind = "compensation_payment";
        h.record_id = kp_stmt_int(s, 0);
        h.municipality_id = kp_stmt_int(s, 1);
        copy(h.t[0], sizeof h.t[0], kp_stmt_text(s, 2));
        copy(h.t[1], sizeof h.t[1], kp_stmt_text(s, 3));
        copy(h.date, sizeof h.date, h.t[0]);
        int64_t amount = kp_stmt_int(s, 4), value = 0, count = 0;
        memset(known, 0, (norigins + 1) * sizeof *known);
        for (size_t i = first_on_or_after(v, n, h.t[0]); i < n && strcmp(v[i].on, h.t[1]) <= 0; i++) {
            size_t o = v[i].origin;
            if (!known[o]) {
                holder[o] = kp_check_run_holder(run, v[i].municipality, v[i].parish, h.t[1]);
                known[o] = true;
            }
            if (holder[o] == h.municipality_id) {
                value += v[i].cents;
                count += v[i].count;
            }
        }
        if (amount <= value)
            continue;
        h.n[0] = amount;
        h.n[1] = value;
        h.n[2] = amount - value;
        h.n[3] = count;
        rc = kp_check_report_hit(run, def, &h);
    }
    kp_stmt_free(s);
    free(holder);
    free(known);
    free(origins);
    free(v);
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
    /* The column comes from a fixed list, never from the data. */
    const char *sql = "SELECT COALESCE(CAST(places AS TEXT), ''), municipality_id, region_code FROM plan_object WHERE id = ?";
    if (strcmp(field, "status") == 0)
        sql = "SELECT status, municipality_id, region_code FROM plan_object WHERE id = ?";
    else if (strcmp(field, "erdf_cents") == 0)
        sql = "SELECT CAST(erdf_cents AS TEXT), municipality_id, region_code FROM plan_object WHERE id = ?";
    else if (strcmp(field, "service_code") == 0)
        sql = "SELECT service_code, municipality_id, region_code FROM plan_object WHERE id = ?";
    else if (strcmp(field, "target_group") == 0)
        sql = "SELECT target_group, municipality_id, region_code FROM plan_object WHERE id = ?";
    else if (strcmp(field, "name") == 0)
        sql = "SELECT name, municipality_id, region_code FROM plan_object WHERE id = ?";
    else if (strcmp(field, "address") == 0)
        sql = "SELECT address, municipality_id, region_code FROM plan_object WHERE id = ?";
    else if (strcmp(field, "state_cents") == 0)
        sql = "SELECT CAST(state_cents AS TEXT), municipality_id, region_code FROM plan_object WHERE id = ?";
    else if (strcmp(field, "municipal_cents") == 0)
        sql = "SELECT CAST(municipal_cents AS TEXT), municipality_id, region_code FROM plan_object WHERE id = ?";
    else if (strcmp(field, "other_cents") == 0)
        sql = "SELECT CAST(other_cents AS TEXT), municipality_id, region_code FROM plan_object WHERE id = ?";
    else if (strcmp(field, "planned_completion") == 0)
        sql = "SELECT COALESCE(planned_completion, ''), municipality_id, region_code FROM plan_object WHERE id = ?";
    kp_stmt *s = NULL;
    bool row = false;
    out[0] = '\0';
    kp_rc rc = kp_store_prepare(ctx->db, sql, &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, object);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && row) {
        copy(out, outlen, kp_stmt_text(s, 0));
        *municipality = kp_stmt_int(s, 1);
        copy(region, 8, kp_stmt_text(s, 2));
    }
    kp_stmt_free(s);
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

kp_rc kp_find_object_history_chain(kp_check_job *run, const kp_check_def *def)
{
    kp_ctx *ctx = run->ctx;
    bool end = strcmp(def->id, "object_history_end") == 0;
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db,
                                /* A status may change by an event of its own (no amendment, its own
                                 * date); adding and removing an object carry no values. */
                                "SELECT ch.id, ch.object_id, ch.field, COALESCE(ch.old_value, ''), COALESCE(ch.new_value, ''),"
                                " COALESCE(am.number, 0), COALESCE(ch.effective_on, am.approved_on) AS eff"
                                " FROM plan_object_change ch LEFT JOIN plan_amendment am ON am.id = ch.amendment_id"
                                " WHERE ch.field NOT IN ('added', 'removed') AND COALESCE(ch.effective_on, am.approved_on) IS NOT NULL"
                                " ORDER BY ch.object_id, ch.field, eff, COALESCE(am.number, 0), ch.id",
                                &s);
    change prev, cur;
    bool have = false;
    memset(&prev, 0, sizeof prev);
    while (!rc) {
        rc = kp_stmt_step(s, &row);
        if (rc)
            break;
        if (row) {
            memset(&cur, 0, sizeof cur);
            cur.id = kp_stmt_int(s, 0);
            cur.object = kp_stmt_int(s, 1);
            copy(cur.field, sizeof cur.field, kp_stmt_text(s, 2));
            copy(cur.old_value, sizeof cur.old_value, kp_stmt_text(s, 3));
            copy(cur.new_value, sizeof cur.new_value, kp_stmt_text(s, 4));
            cur.amendment_no = kp_stmt_int(s, 5);
            copy(cur.approved_on, sizeof cur.approved_on, kp_stmt_text(s, 6));
        }
        bool same_group = row && have && prev.object == cur.object && strcmp(prev.field, cur.field) == 0;
        /* The end of an object's field: its last change must give the value
         * the object holds, unless a change after the check date follows. */
        if (have && !same_group && end && strcmp(prev.approved_on, run->at) <= 0) {
            char holds[112];
            int64_t municipality = 0;
            char region[8] = "";
            rc = object_value(ctx, prev.object, prev.field, holds, sizeof holds, &municipality, region);
            if (!rc && !same_value(prev.new_value, holds))
                rc = chain_hit(run, def, &prev, holds, municipality, region);
        }
        if (!rc && same_group && !end && strcmp(cur.approved_on, run->at) <= 0 &&
            !same_value(cur.old_value, prev.new_value)) {
            char ignored[112];
            int64_t municipality = 0;
            char region[8] = "";
            rc = object_value(ctx, cur.object, cur.field, ignored, sizeof ignored, &municipality, region);
            if (!rc)
                rc = chain_hit(run, def, &cur, prev.new_value, municipality, region);
        }
        if (!row)
            break;
        prev = cur;
        have = true;
    }
    kp_stmt_free(s);
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

kp_rc kp_find_deliveries_above_rule(kp_check_job *run, const kp_check_def *def)
{
    kp_ctx *ctx = run->ctx;
    kp_rule_kind kind = KP_RULE_UNITS_PER_YEAR;
    if (strcmp(def->id, "delivery_above_course_limit") == 0)
        kind = KP_RULE_SESSIONS_PER_SERVICE;
    else if (strcmp(def->id, "delivery_above_services_limit") == 0)
        kind = KP_RULE_SERVICES_PER_PERSON;
    const char *kind_name = kp_rule_kind_name(kind);
    kp_rule *rules = NULL;
    char(*sources)[112] = NULL;
    size_t nrules = 0, rcap = 0, nnames = 0, ncap = 0;
    svc_name *names = NULL;
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT id, service_code, COALESCE(region_code, ''), COALESCE(target_group, ''), limit_value,"
                                " age_min, age_max, parents_working, valid_from, valid_to, source FROM service_rule"
                                " WHERE kind = ?1 ORDER BY id",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_text(s, 1, kind_name);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (nrules == rcap) {
            rcap = rcap ? rcap * 2 : 8;
            rules = kp_xrealloc(rules, rcap * sizeof *rules);
            sources = kp_xrealloc(sources, rcap * sizeof *sources);
        }
        kp_rule *r = &rules[nrules];
        memset(r, 0, sizeof *r);
        r->id = kp_stmt_int(s, 0);
        copy(r->service, sizeof r->service, kp_stmt_text(s, 1));
        copy(r->region, sizeof r->region, kp_stmt_text(s, 2));
        copy(r->target_group, sizeof r->target_group, kp_stmt_text(s, 3));
        r->kind = kind;
        r->limit = kp_stmt_int(s, 4);
        r->age_min = kp_stmt_is_null(s, 5) ? -1 : (int)kp_stmt_int(s, 5);
        r->age_max = kp_stmt_is_null(s, 6) ? -1 : (int)kp_stmt_int(s, 6);
        r->parents_working = kp_stmt_is_null(s, 7) ? -1 : (int)kp_stmt_int(s, 7);
        r->valid_from = KP_DATE_NONE;
        kp_date_parse_iso(kp_stmt_text(s, 8), &r->valid_from);
        r->valid_to = KP_DATE_NONE;
        if (!kp_stmt_is_null(s, 9))
            kp_date_parse_iso(kp_stmt_text(s, 9), &r->valid_to);
        copy(sources[nrules], sizeof sources[nrules], kp_stmt_text(s, 10));
        nrules++;
    }
    kp_stmt_free(s);
    s = NULL;
    if (!rc && nrules)
        rc = kp_store_prepare(ctx->db, "SELECT code, name_lv, name_en FROM service_type ORDER BY code", &s);
    while (!rc && nrules && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (nnames == ncap) {
            ncap = ncap ? ncap * 2 : 32;
            names = kp_xrealloc(names, ncap * sizeof *names);
        }
        copy(names[nnames].code, sizeof names[nnames].code, kp_stmt_text(s, 0));
        copy(names[nnames].lv, sizeof names[nnames].lv, kp_stmt_text(s, 1));
        copy(names[nnames].en, sizeof names[nnames].en, kp_stmt_text(s, 2));
        nnames++;
    }
    kp_stmt_free(s);
    s = NULL;
    /* Deliveries of active assignments of the rules' services (or their kinds). */
    if (!rc && nrules)
        rc = kp_store_prepare(ctx->db,
                              "SELECT a.client_id, " KP_CLIENT_MUNICIPALITY_AT("c", "?1") ","
                              " COALESCE(" KP_CHECK_PARISH_AT("c", "?1") ", 0), c.birth_date, c.target_group,"
                              " COALESCE(c.parents_working, -1), a.service_code, COALESCE(t.parent_code, ''),"
                              " d.delivered_on, d.units"
                              " FROM assignment a JOIN service_type t ON t.code = a.service_code"
                              " JOIN delivery d ON d.assignment_id = a.id JOIN client c ON c.id = a.client_id"
                              " WHERE a.status = 'active' AND d.delivered_on <= ?1"
                              " AND (a.service_code IN (SELECT service_code FROM service_rule WHERE kind = ?2)"
                              "  OR t.parent_code IN (SELECT service_code FROM service_rule WHERE kind = ?2))"
                              " ORDER BY a.client_id, d.delivered_on, d.id",
                              &s);
    if (!rc && nrules)
        rc = kp_stmt_bind_text(s, 1, run->at);
    if (!rc && nrules)
        rc = kp_stmt_bind_text(s, 2, kind_name);
    client_deliveries cd;
    memset(&cd, 0, sizeof cd);
    while (!rc && nrules && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        int64_t client = kp_stmt_int(s, 0);
        if (client != cd.client) {
            rc = flush_client(run, def, &cd, rules, sources, names, nnames);
            cd.client = client;
            cd.municipality = kp_stmt_int(s, 1);
            cd.parish = kp_stmt_int(s, 2);
            copy(cd.birth, sizeof cd.birth, kp_stmt_text(s, 3));
            copy(cd.tg, sizeof cd.tg, kp_stmt_text(s, 4));
            cd.parents_working = (int)kp_stmt_int(s, 5);
        }
        char service[32], parent[32], on[11];
        copy(service, sizeof service, kp_stmt_text(s, 6));
        copy(parent, sizeof parent, kp_stmt_text(s, 7));
        copy(on, sizeof on, kp_stmt_text(s, 8));
        int64_t units = kp_stmt_int(s, 9);
        kp_date day = 0, birth = 0;
        if (kp_date_parse_iso(on, &day))
            continue;
        int age = kp_date_parse_iso(cd.birth, &birth) == KP_OK ? kp_date_age(birth, day) : -1;
        /* The region whose rules apply: that of the territory holding the
         * person's records on the day. */
        int64_t holder = kp_check_run_holder(run, cd.municipality, cd.parish, on);
        const char *region = kp_check_run_region(run, holder, on);
        for (size_t i = 0; i < nrules && !rc; i++) {
            const kp_rule *r = &rules[i];
            if (strcmp(r->service, service) != 0 && strcmp(r->service, parent) != 0)
                continue;
            kp_rule_subject subj = {.service = r->service, .region = region, .target_group = cd.tg, .on = day,
                                    .age = age, .parents_working = cd.parents_working};
            if (!kp_rule_applies(r, &subj))
                continue;
            char key[32] = "";
            if (kind == KP_RULE_UNITS_PER_YEAR)
                snprintf(key, sizeof key, "%.4s", on);
            else if (kind == KP_RULE_SESSIONS_PER_SERVICE)
                copy(key, sizeof key, service);
            acc *x = acc_for(&cd, i, key, on);
            if (kind != KP_RULE_SERVICES_PER_PERSON) {
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
    }
    if (!rc && nrules)
        rc = flush_client(run, def, &cd, rules, sources, names, nnames);
    kp_stmt_free(s);
    free(cd.a);
    free(rules);
    free(sources);
    free(names);
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

kp_rc kp_find_same_person_twice(kp_check_job *run, const kp_check_def *def)
{
    kp_ctx *ctx = run->ctx;
    person *p = NULL;
    size_t n = 0, cap = 0;
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT id, given_name, family_name, birth_date, municipality_id, COALESCE(parish_id, 0)"
                                " FROM client WHERE registered_on <= ?1",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_text(s, 1, run->at);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            p = kp_xrealloc(p, cap * sizeof *p);
        }
        person *x = &p[n++];
        char given[208], family[208];
        kp_fold_lv(kp_stmt_text(s, 1), given, sizeof given);
        kp_fold_lv(kp_stmt_text(s, 2), family, sizeof family);
        x->id = kp_stmt_int(s, 0);
        snprintf(x->key, sizeof x->key, "%s\x1f%s\x1f%.10s", family, given, kp_stmt_text(s, 3));
        x->municipality = kp_stmt_int(s, 4);
        x->parish = kp_stmt_int(s, 5);
    }
    kp_stmt_free(s);
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
