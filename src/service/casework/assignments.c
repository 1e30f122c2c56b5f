/* Service assignments: eligibility and the rules in force are checked before
 * anything is written, and a refusal explains itself. */
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/cases.h"
#include "service/casework/people.h"
#include "service/casework/services.h"
#include "service/casework/assignment_sql.h"
#include "service/casework/plan_sql.h"
#include "service/validate.h"
#include "service/territory.h"
#include "core/mem.h"
#include "core/rules.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const MODES[] = {"day", "night", "full", NULL};

typedef struct client_facts {
    char birth[11];
    char target_group[16];
    char region[8];
    int parents_working;
} client_facts;

/* The client's facts as they stood on `at` (the person's version in force
 * then); the region is the one that holds the client's records on `at`
 * (rules are per region, and a territory may have changed region in a
 * reform). */
static kp_rc load_client(kp_ctx *ctx, int64_t client, kp_date at, client_facts *f)
{
    if (at == KP_DATE_NONE)
        at = kp_ctx_today(ctx);
    /* The person as on that date (people.h). */
    char day[11];
    kp_date_format_iso(at, day);
    kp_q_assignment_client_row c;
    bool found = false;
    kp_rc rc = kp_q_assignment_client_facts(ctx->db, client, day, &c, &found);
    if (!rc && !found)
        rc = KP_ENOTFOUND;
    if (!rc) {
        memcpy(f->birth, c.birth, sizeof f->birth);
        memcpy(f->target_group, c.target_group, sizeof f->target_group);
        memcpy(f->region, c.region, sizeof f->region);
        f->parents_working = c.parents_working;
    }
    int64_t muni = !rc ? c.municipality : 0, parish = !rc ? c.parish : 0, holder = 0;
    if (!rc)
        rc = kp_municipality_rollup_parish(ctx, muni, parish, at, &holder);
    if (!rc && holder)
        rc = kp_territory_region_at(ctx, holder, at, f->region);
    return rc;
}

static void read_rule(const kp_q_assignment_rule *q, kp_rule *r)
{
    memset(r, 0, sizeof *r);
    r->id = q->id;
    memcpy(r->service, q->service, sizeof r->service);
    memcpy(r->region, q->region, sizeof r->region);
    memcpy(r->target_group, q->target_group, sizeof r->target_group);
    kp_rule_kind_parse(q->kind, &r->kind);
    r->limit = q->limit;
    r->age_min = q->age_min;
    r->age_max = q->age_max;
    r->parents_working = q->parents_working;
    kp_date_parse_iso(q->valid_from, &r->valid_from);
    r->valid_to = KP_DATE_NONE;
    if (q->valid_to[0])
        kp_date_parse_iso(q->valid_to, &r->valid_to);
    /* A rule without a period (one added by hand before periods) counts
     * over its kind's historical period. */
    if (kp_rule_period_parse(q->period, &r->period) || !kp_rule_period_allowed(r->kind, r->period))
        r->period = kp_rule_period_default(r->kind);
}

typedef struct request {
    int64_t client;
    const char *service;
    const char *start, *end;
    int64_t units, hours_per_week;
} request;

/* The calendar bounds of the rule's period around `on` as ISO text (open
 * periods: the widest dates), and in the refusal. */
static void bounds(const kp_rule *rule, kp_date on, char from[11], char to[11], kp_refusal *ref)
{
    kp_date f = KP_DATE_NONE, t = KP_DATE_NONE;
    kp_rule_period_bounds(rule->period, on, &f, &t);
    if (f == KP_DATE_NONE) {
        snprintf(from, 11, "0000-01-01");
        snprintf(to, 11, "9999-12-31");
    } else {
        kp_date_format_iso(f, from);
        kp_date_format_iso(t, to);
    }
    if (ref) {
        ref->period_from = f;
        ref->period_to = t;
    }
}

/* What the person already uses under one rule, from the assignments that
 * count in the rule's period (services.h: KP_ASSIGNMENT_USES_SQL), and what
 * the request asks. *skip when the rule is checked only at delivery (a
 * limit per day). */
static kp_rc usage(kp_ctx *ctx, const kp_rule *rule, const request *q, kp_date start, int64_t *used,
                   int64_t *requested, kp_refusal *ref, bool *skip)
{
    char from[11], to[11];
    bounds(rule, start, from, to, ref);
    *skip = false;
    kp_rc rc = KP_OK;
    switch (rule->kind) {
    case KP_RULE_UNITS_PER_YEAR: {
        if (rule->period == KP_PERIOD_DAY) {
            *skip = true;
            break;
        }
        rc = kp_q_assignment_units_used(ctx->db, rule->service, q->client, from, to, used);
        *requested = q->units;
        break;
    }
    case KP_RULE_HOURS_PER_WEEK: {
        /* Hours a week of the assignments that hold at the same time. */
        rc = kp_q_assignment_hours_used(ctx->db, rule->service, q->client, q->start, q->end, used);
        *requested = q->hours_per_week;
        if (ref)
            ref->period_from = ref->period_to = KP_DATE_NONE; /* "a week" */
        break;
    }
    case KP_RULE_SESSIONS_PER_SERVICE: {
        /* Sessions of the one kind asked; a course is this assignment alone. */
        *requested = q->units;
        if (rule->period == KP_PERIOD_COURSE) {
            *used = 0;
            break;
        }
        rc = kp_q_assignment_sessions_used(ctx->db, q->service, q->client, from, to, used);
        break;
    }
    case KP_RULE_SERVICES_PER_PERSON: {
        bool already = false;
        rc = kp_q_assignment_kinds_used(ctx->db, rule->service, q->client, from, to, q->service, used, &already);
        *requested = already ? 0 : 1;
        break;
    }
    case KP_RULE_AMOUNT_PER_PERSON: {
        int64_t cost = 0;
        rc = kp_q_assignment_unit_cost(ctx->db, q->service, q->start, &cost);
        *requested = cost * q->units;
        if (rc || rule->period == KP_PERIOD_COURSE) {
            *used = 0;
            break;
        }
        rc = kp_q_assignment_amount_used(ctx->db, rule->service, q->client, from, to, used);
        break;
    }
    }
    return rc;
}

/* The sentence of a refusal in the caller's language, on `field`. */
static void refuse(kp_ctx *ctx, kp_errors *e, const char *field, const kp_refusal *refusal)
{
    char name[128] = "", msg[320];
    kp_q_assignment_service_name(ctx->db, refusal->service, kp_ctx_is_en(ctx), name, sizeof name);
    kp_refusal_message(refusal, name, kp_ctx_is_en(ctx) ? "en" : "lv", msg, sizeof msg);
    kp_errors_add(e, field, "", "%s", msg);
}

/* Checks every rule in force for the request; on a refusal fills `e` with
 * the explanation on the field the person can change. */
static kp_rc check_rules(kp_ctx *ctx, const request *q, const client_facts *f, kp_date on, kp_errors *e)
{
    kp_date birth = 0;
    /* An unreadable birth date makes the age unknown (-1), which the rules
     * treat the stricter way. */
    int age = kp_date_parse_iso(f->birth, &birth) == KP_OK ? kp_date_age(birth, on) : -1;
    kp_rule_subject subj = {.region = f->region,
                            .target_group = f->target_group,
                            .on = on,
                            .age = age,
                            .parents_working = f->parents_working};
    kp_q_assignment_rule_list rules = {0};
    kp_rc rc = kp_q_assignment_rules(ctx->db, q->service, &rules);
    kp_rc verdict = KP_OK;
    for (size_t k = 0; !rc && k < rules.n; k++) {
        kp_rule rule;
        read_rule(&rules.items[k], &rule);
        subj.service = rule.service;
        if (!kp_rule_applies(&rule, &subj))
            continue;
        /* A yearly limit is counted per calendar year: an assignment that
         * runs into the next year is split at the year end. */
        if (rule.kind == KP_RULE_UNITS_PER_YEAR && rule.period == KP_PERIOD_CALENDAR_YEAR &&
            strncmp(q->start, q->end, 4) != 0) {
            kp_errors_add(e, "end_date", q->end,
                          KP_TR(ctx, "šim pakalpojumam ir gada ierobežojums: piešķiriet to līdz %.4s. gada 31. decembrim un nākamajam gadam atsevišķi",
                                "this service has a yearly limit: assign it up to 31 December %.4s and the next year separately"),
                          q->start);
            verdict = KP_EINVAL;
            continue;
        }
        if (rule.kind == KP_RULE_HOURS_PER_WEEK && q->hours_per_week <= 0) {
            kp_errors_add(e, "hours_per_week", "", "%s",
                          KP_TR(ctx, "norādiet stundas nedēļā: šim pakalpojumam ir nedēļas ierobežojums",
                                "give the hours a week: this service has a weekly limit"));
            verdict = KP_EINVAL;
            continue;
        }
        int64_t used = 0, requested = 0;
        kp_refusal refusal, where;
        memset(&where, 0, sizeof where);
        bool skip = false;
        rc = usage(ctx, &rule, q, on, &used, &requested, &where, &skip);
        if (rc)
            break;
        if (skip)
            continue;
        if (kp_rule_evaluate(&rule, used, requested, &refusal) == KP_ERULE) {
            refusal.period_from = where.period_from;
            refusal.period_to = where.period_to;
            refuse(ctx, e, rule.kind == KP_RULE_HOURS_PER_WEEK ? "hours_per_week" : "units", &refusal);
            if (verdict == KP_OK)
                verdict = KP_ERULE;
        }
    }
    free(rules.items);
    return rc ? rc : verdict;
}

static kp_rc create_locked(kp_ctx *ctx, const kp_assignment_in *in, int64_t client, size_t before, kp_errors *e,
                           int64_t *id_out);

kp_rc kp_assignment_warnings(kp_ctx *ctx, int64_t client_id, kp_errors *w)
{
    if (!ctx || !w || client_id <= 0)
        return KP_EINVAL;
    kp_rc rc = kp_access_client(ctx, client_id, false);
    if (rc)
        return rc;
    int64_t assessed = 0, approved = 0, undated = 0;
    rc = kp_q_plan_assessment_count(ctx->db, client_id, &assessed);
    if (!rc)
        rc = kp_q_plan_count_approved(ctx->db, client_id, &approved);
    if (!rc)
        rc = kp_q_plan_count_approved_undated(ctx->db, client_id, &undated);
    if (rc)
        return rc;
    if (!assessed)
        kp_errors_add(w, "assessment", "", "%s",
                      KP_TR(ctx, "klientam nav reģistrēta vajadzību izvērtējuma", "the client has no needs assessment"));
    if (!approved)
        kp_errors_add(w, "plan", "", "%s",
                      KP_TR(ctx, "klientam nav apstiprināta atbalsta plāna", "the client has no approved support plan"));
    else if (undated)
        kp_errors_add(w, "review_on", "", "%s",
                      KP_TR(ctx, "apstiprinātajam atbalsta plānam nav pārskatīšanas datuma",
                            "the approved support plan has no review date"));
    return KP_OK;
}

kp_rc kp_assignment_create(kp_ctx *ctx, const kp_assignment_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    size_t before = e->n;
    int64_t client = 0;
    kp_rc scope = kp_scope_client_field(ctx, e, "client_id", in->client_id, true, &client);
    if (scope)
        return scope;
    /* Everything below — the checks, the rules and the write — runs in one
     * transaction that holds the records' write lock from the start, so two
     * grants sent at once are checked one after the other: the second sees
     * the first (respite: at most 30 days a year, also when both come in the
     * same second). */
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = create_locked(ctx, in, client, before, e, id_out);
    return kp_store_finish(ctx->db, rc);
}

static kp_rc create_locked(kp_ctx *ctx, const kp_assignment_in *in, int64_t client, size_t before, kp_errors *e,
                           int64_t *id_out)
{
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "assignment");
    /* The plan item must be of this client's plan; looked up below so that
     * one outside the scope answers as an unknown one. */
    int64_t item = kp_v_int(ctx, e, "plan_item_id", in->plan_item_id, 1, INT64_MAX, false, 0);
    bool service_ok = kp_v_service(ctx, e, "service", in->service);
    int64_t provider = kp_v_ref(ctx, e, "provider_id", in->provider_id, "provider", false);
    kp_date start = kp_v_date(ctx, e, "start_date", in->start_date, true);
    kp_date end = kp_v_date(ctx, e, "end_date", in->end_date, true);
    kp_v_period(ctx, e, "end_date", start, end);
    int64_t units = kp_v_int(ctx, e, "units", in->units, 1, 100000, true, 0);
    int64_t hours = kp_v_int(ctx, e, "hours_per_week", in->hours_per_week, 1, 168, false, 0);
    kp_v_enum(ctx, e, "mode", in->mode, MODES, false);
    kp_v_date(ctx, e, "decided_on", in->decided_on, true);
    int esf = kp_v_flag(ctx, e, "esf_funded", in->esf_funded, 1);
    client_facts facts;
    memset(&facts, 0, sizeof facts);
    if (client && load_client(ctx, client, start, &facts) == KP_OK && service_ok) {
        bool eligible = false;
        kp_q_assignment_service_eligible(ctx->db, in->service, facts.target_group, &eligible);
        if (!eligible)
            kp_errors_add(e, "service", in->service, "%s",
                          KP_TR(ctx, "šis pakalpojums nav paredzēts klienta mērķa grupai",
                                "this service is not for the client's target group"));
    }
    if (item && client) {
        int64_t owner = 0;
        kp_q_plan_item_client(ctx->db, item, &owner);
        if (owner && owner != client && kp_access_client(ctx, owner, false) == KP_OK)
            kp_errors_add(e, "plan_item_id", in->plan_item_id, "%s",
                          KP_TR(ctx, "plāna pozīcija pieder cita klienta plānam", "the plan item belongs to another client's plan"));
        else if (owner != client) /* unknown, or outside the scope: the same answer */
            kp_errors_add(e, "plan_item_id", in->plan_item_id, "%s",
                          KP_TR(ctx, "nav tāda ieraksta: pārbaudiet numuru", "no such record: check the number"));
        if (owner != client)
            item = 0;
    }
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc;
    request q = {.client = client, .service = in->service, .start = in->start_date, .end = in->end_date,
                 .units = units, .hours_per_week = hours};
    /* Rules are checked on the first and the last day: a child who turns
     * five during the period falls under the stricter weekly limit. */
    rc = check_rules(ctx, &q, &facts, start, e);
    if (!rc && end != start) {
        kp_date birth = 0;
        bool age_changes = kp_date_parse_iso(facts.birth, &birth) == KP_OK &&
                           kp_date_age(birth, start) != kp_date_age(birth, end);
        if (age_changes)
            rc = check_rules(ctx, &q, &facts, end, e);
    }
    if (rc)
        return rc;
    kp_q_assignment_new row = {.id = id, .client = client, .plan_item = item, .service = in->service,
                               .provider = provider, .start_date = in->start_date, .end_date = in->end_date,
                               .units = units, .hours_per_week = hours, .mode = in->mode,
                               .decided_on = in->decided_on, .esf_funded = esf};
    rc = kp_q_assignment_insert(ctx->db, &row, &id);
    if (!rc)
        rc = kp_audit(ctx, "create", "assignment", id, client, in->service);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

/* Whether the assignment holds on the delivery's day; if not, why, on the
 * date field (services.h: the status on a date). */
/* "31.12.2021." in Latvian, "31.12.2021" in English. */
static void fmt_date(const kp_ctx *ctx, kp_date d, char out[12])
{
    kp_date_format_lv(d, out);
    size_t n = strlen(out);
    if (n && kp_ctx_is_en(ctx) && out[n - 1] == '.')
        out[n - 1] = '\0';
}

static void delivery_on_day(kp_ctx *ctx, int64_t assignment, const char *day, kp_errors *e)
{
    char status[16] = "", reason[504] = "";
    char s_from[11] = "", s_to[11] = "";
    char a_lv[12] = "", b_lv[12] = "";
    kp_q_assignment_period period = {0};
    kp_q_assignment_status_text(ctx->db, assignment, day, status, sizeof status);
    kp_q_assignment_period_of(ctx->db, assignment, &period);
    const char *start = period.start, *end = period.end, *cancelled = period.cancelled_from;
    kp_date sd = 0, ed = 0;
    kp_date_parse_iso(start, &sd);
    kp_date_parse_iso(end, &ed);
    if (strcmp(status, "planned") == 0 || strcmp(status, "ended") == 0) {
        fmt_date(ctx, sd, a_lv);
        fmt_date(ctx, ed, b_lv);
        kp_errors_add(e, "delivered_on", day,
                      KP_TR(ctx, "datums ir ārpus piešķīruma perioda (%s–%s): izvēlieties datumu šajā periodā",
                            "the date is outside the assignment (%s to %s): choose a date within it"),
                      a_lv, b_lv);
    } else if (strcmp(status, "cancelled") == 0) {
        snprintf(reason, sizeof reason, "%s", period.cancel_reason);
        kp_date cd = 0;
        kp_date_parse_iso(cancelled, &cd);
        fmt_date(ctx, cd, a_lv);
        kp_errors_add(e, "delivered_on", day,
                      KP_TR(ctx, "piešķīrums ir atcelts no %s (%s): no šīs dienas pakalpojumus neieraksta",
                            "the assignment is cancelled from %s (%s): no services are recorded from that day"),
                      a_lv, reason);
    } else if (strcmp(status, "suspended") == 0) {
        kp_q_assignment_suspension_row sus;
        bool row = false;
        if (kp_q_assignment_suspension_on(ctx->db, assignment, day, &sus, &row) == KP_OK && row) {
            memcpy(s_from, sus.start, sizeof s_from);
            memcpy(s_to, sus.end, sizeof s_to);
            memcpy(reason, sus.reason, sizeof reason);
        }
        kp_date f = 0, t = 0;
        kp_date_parse_iso(s_from, &f);
        fmt_date(ctx, f, a_lv);
        const char *until = KP_TR(ctx, "atjaunošanai", "resumed");
        if (kp_date_parse_iso(s_to, &t) == KP_OK) {
            fmt_date(ctx, t, b_lv);
            until = b_lv;
        }
        kp_errors_add(e, "delivered_on", day,
                      KP_TR(ctx, "piešķīrums ir apturēts no %s līdz %s (%s): apturēšanas laikā pakalpojumus neieraksta",
                            "the assignment is suspended from %s until %s (%s): no services are recorded while it is suspended"),
                      a_lv, until, reason);
    }
}

/* Whether a rule of `kind` is checked when a delivery is recorded: the
 * number of kinds, money and hours a week are decided when the service is
 * assigned (providers may record a month's hours on one day, so deliveries
 * cannot be told apart by week). */
static bool rule_counts_deliveries(kp_rule_kind kind)
{
    return kind != KP_RULE_SERVICES_PER_PERSON && kind != KP_RULE_AMOUNT_PER_PERSON && kind != KP_RULE_HOURS_PER_WEEK;
}

/* The rules of `service` (and of its parent) that count deliveries, in
 * kp_q_assignment_rules's order; *out is the caller's to free. */
static kp_rc delivery_rules_of(kp_ctx *ctx, const char *service, kp_rule **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    kp_q_assignment_rule_list rows = {0};
    kp_rc rc = kp_q_assignment_rules(ctx->db, service, &rows);
    for (size_t k = 0; !rc && k < rows.n; k++) {
        kp_rule rule;
        read_rule(&rows.items[k], &rule);
        if (!rule_counts_deliveries(rule.kind))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 4;
            *out = kp_xrealloc(*out, cap * sizeof **out);
        }
        (*out)[(*n)++] = rule;
    }
    free(rows.items);
    return rc;
}

static int64_t queued_used(kp_delivery_batch *b, const kp_rule *rule, int64_t client, const char *service,
                           const char *from, const char *to);

/* The units already recorded that count against `rule` for a delivery of
 * `service` on `on` to `client` on `assignment`, in the rule's period around
 * the day (*f..*t, KP_DATE_NONE when open). course_used, when not NULL, is
 * the units already delivered on the assignment. b, when not NULL, is the
 * batch whose waiting rows count too. */
static int64_t rule_used(kp_ctx *ctx, kp_delivery_batch *b, const kp_rule *rule, int64_t assignment,
                         int64_t client, const char *service, kp_date on, const int64_t *course_used, kp_date *f,
                         kp_date *t)
{
    kp_rule_period_bounds(rule->period, on, f, t);
    char from[11] = "0000-01-01", to[11] = "9999-12-31";
    if (*f != KP_DATE_NONE) {
        kp_date_format_iso(*f, from);
        kp_date_format_iso(*t, to);
    }
    int64_t used = 0;
    if (rule->kind == KP_RULE_SESSIONS_PER_SERVICE && rule->period == KP_PERIOD_COURSE) {
        if (course_used)
            return *course_used;
        kp_q_assignment_delivery_units_of(ctx->db, assignment, &used);
    } else if (rule->kind == KP_RULE_SESSIONS_PER_SERVICE) {
        kp_q_assignment_delivery_sessions_used(ctx->db, service, client, from, to, &used);
    } else {
        kp_q_assignment_delivery_family_used(ctx->db, rule->service, client, from, to, &used);
    }
    if (b)
        used += queued_used(b, rule, client, service, from, to);
    return used;
}

/* The rules that limit what is delivered (units in a calendar year or a
 * day, sessions in a course, a year or a lifetime), counted from the
 * deliveries already recorded in the rule's period around the delivery's
 * day. A refusal goes on "units" and names the period. rules[0..n) are the
 * service's rules that count deliveries (delivery_rules_of); course_used,
 * when not NULL, is the units already delivered on this assignment. */
static void delivery_rules_check(kp_ctx *ctx, kp_delivery_batch *b, int64_t assignment, int64_t client,
                                 const char *service, kp_date on, int64_t units, const kp_rule *rules, size_t n,
                                 const int64_t *course_used, kp_errors *e)
{
    /* What each rule in force on the day has used, whoever the client is
     * (the count does not depend on the person's facts). When none of them
     * would refuse the delivery even if it applied, the person's facts
     * cannot change the answer and are not read. */
    enum { KNOWN = 16 };
    int64_t used_of[KNOWN];
    bool refusable = n > KNOWN;
    for (size_t i = 0; i < n && i < KNOWN; i++) {
        const kp_rule *rule = &rules[i];
        used_of[i] = 0;
        if ((rule->valid_from != KP_DATE_NONE && on < rule->valid_from) || on > rule->valid_to)
            continue;
        kp_date f = KP_DATE_NONE, t = KP_DATE_NONE;
        used_of[i] = rule_used(ctx, b, rule, assignment, client, service, on, course_used, &f, &t);
        kp_refusal refusal;
        if (kp_rule_evaluate(rule, used_of[i], units, &refusal) == KP_ERULE)
            refusable = true;
    }
    if (!refusable)
        return;
    client_facts facts;
    memset(&facts, 0, sizeof facts);
    if (load_client(ctx, client, on, &facts))
        return;
    kp_date birth = 0;
    int age = kp_date_parse_iso(facts.birth, &birth) == KP_OK ? kp_date_age(birth, on) : -1;
    kp_rule_subject subj = {.region = facts.region, .target_group = facts.target_group, .on = on, .age = age,
                            .parents_working = facts.parents_working};
    for (size_t i = 0; i < n; i++) {
        const kp_rule *rule = &rules[i];
        subj.service = rule->service;
        if (!kp_rule_applies(rule, &subj))
            continue;
        kp_date f = KP_DATE_NONE, t = KP_DATE_NONE;
        int64_t used =
            i < KNOWN ? used_of[i] : rule_used(ctx, b, rule, assignment, client, service, on, course_used, &f, &t);
        kp_rule_period_bounds(rule->period, on, &f, &t);
        kp_refusal refusal;
        if (kp_rule_evaluate(rule, used, units, &refusal) == KP_ERULE) {
            refusal.period_from = f;
            refusal.period_to = t;
            refuse(ctx, e, "units", &refusal);
        }
    }
}

/* delivery_rules_check with the assignment's rules read now. */
static void delivery_rules(kp_ctx *ctx, int64_t assignment, int64_t client, const char *service, kp_date on,
                           int64_t units, kp_errors *e)
{
    kp_rule *rules = NULL;
    size_t n = 0;
    if (delivery_rules_of(ctx, service, &rules, &n) == KP_OK)
        delivery_rules_check(ctx, NULL, assignment, client, service, on, units, rules, n, NULL, e);
    free(rules);
}

/* kp_delivery_record; audit_row false leaves out the record's own audit
 * entry (a batch's caller records the batch as one event). */
static kp_rc delivery_record(kp_ctx *ctx, const kp_delivery_in *in, kp_errors *e, int64_t *id_out, bool audit_row)
{
    size_t before = e->n;
    /* Scope first: a provider's staff record deliveries for their own
     * referrals, case workers for clients of their municipality; an unknown
     * assignment and one out of scope answer the same. */
    int64_t assignment = kp_v_int(ctx, e, "assignment_id", in->assignment_id, 1, INT64_MAX, true, 0);
    int64_t client = 0, provider = 0;
    /* The assignment's client, provider, units and service in one read. */
    kp_q_assignment_record_facts af = {0};
    if (assignment) {
        bool found = false;
        /* A failed read is the store's error, not an unknown assignment:
         * an import then ends instead of refusing the row. */
        kp_rc read = kp_q_assignment_record_facts_of(ctx->db, assignment, &af, &found);
        if (read) {
            e->n = before;
            return read;
        }
        if (!found)
            memset(&af, 0, sizeof af);
        client = af.client;
        provider = af.provider;
        kp_rc scope = !client                          ? KP_ENOTFOUND
                      : ctx->role == KP_ROLE_PROVIDER ? kp_access_provider(ctx, provider, true)
                                                      : kp_access_client(ctx, client, true);
        if (scope) {
            e->n = before;
            return scope;
        }
    }
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "delivery");
    kp_date on = kp_v_date(ctx, e, "delivered_on", in->delivered_on, true);
    int64_t units = kp_v_int(ctx, e, "units", in->units, 1, 10000, true, 0);
    int confirmed = kp_v_flag(ctx, e, "confirmed", in->confirmed, 0);
    if (assignment) {
        int64_t granted = af.units, delivered = af.delivered;
        if (on != KP_DATE_NONE)
            delivery_on_day(ctx, assignment, in->delivered_on, e);
        if (units && delivered + units > granted)
            kp_errors_add(e, "units", in->units,
                          KP_TR(ctx, "pārsniedz piešķirto apjomu: piešķirtas %lld, sniegtas %lld, ierakstāt %lld",
                                "more than granted: granted %lld, delivered %lld, recording %lld"),
                          (long long)granted, (long long)delivered, (long long)units);
        if (on != KP_DATE_NONE && units && e->n == before)
            delivery_rules(ctx, assignment, client, af.service, on, units, e);
    }
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_assignment_delivery_insert(ctx->db, id, assignment, in->delivered_on, units, confirmed, &id);
    if (!rc && audit_row)
        rc = kp_audit(ctx, "create", "delivery", id, client, "");
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

kp_rc kp_delivery_record(kp_ctx *ctx, const kp_delivery_in *in, kp_errors *e, int64_t *id_out)
{
    return delivery_record(ctx, in, e, id_out, true);
}


/* ---- many deliveries in one transaction (an import) ----
 *
 * What kp_delivery_record asks the database for every row (the assignment's
 * client, provider, units, period, cancellation, service, its scope and the
 * units delivered so far; the service's rules) is read once per assignment
 * and kept here, the units delivered counted on as rows go in. A row that
 * passes every check on these facts (a rule that counts deliveries counts
 * the stored ones and the waiting ones) waits in the queue and goes in with
 * up to 127 others through one kept statement. A row that fails any of
 * them, or that only the database can judge (a suspension on its day),
 * goes through kp_delivery_record's own checks, so that a refusal says
 * exactly what it says there; what that path stores makes the assignment's
 * facts stale, and they are read again. */

typedef struct batch_assignment {
    int64_t id;             /* 0 = a free slot */
    bool stale;             /* read again before use */
    kp_rc scope;            /* the caller's access to it (KP_ENOTFOUND when unknown) */
    int64_t client, granted, delivered;
    bool suspensions;       /* it has suspensions that were not withdrawn */
    bool cancelled_set;     /* cancelled_from is not NULL */
    bool slow_only;         /* a value too long to keep: every row takes the full path */
    size_t service;         /* its service in kp_delivery_batch.services */
    bool resolved;          /* scope and service found (else read with its facts only) */
    int64_t provider;
    char start[11], end[11], cancelled[11], code[32];
} batch_assignment;

/* How many assignments' facts one query reads: the one a row names and
 * those with the next ids, which a file in id order names next. On SQLite
 * too: reading them one at a time cost more (15 600 instructions an
 * assignment against 10 500, the scale-0.1 national file). */
#define BATCH_READ_AHEAD 64

typedef struct batch_service {
    char code[32];
    kp_rule *rules; /* those that count deliveries (delivery_rules_of) */
    size_t nrules;
} batch_service;

/* At most this many assignments are kept: a batch's memory does not grow
 * with the file, nor past a bound with the database. */
#define BATCH_SLOTS 65536u
#define BATCH_MAX (BATCH_SLOTS / 2)

typedef struct batch_client {
    int64_t id; /* 0 = a free slot */
    kp_rc scope;
} batch_client;

struct kp_delivery_batch {
    batch_assignment *slots; /* open addressing, BATCH_SLOTS */
    size_t n;
    batch_client *clients;   /* the caller's access to each client, BATCH_SLOTS */
    size_t nclients;
    kp_q_assignment_delivery_writer *insert; /* the batch's prepared inserts */
    /* Rows that passed every check and wait to go in together, typed as the
     * insert writes them, each with its line: should their insert be refused
     * (an id in use), each is judged again by kp_delivery_record. */
    kp_q_assignment_delivery_row *queued;
    size_t nqueued;
    size_t cap;              /* how many may wait (kp_delivery_batch_new) */
    int64_t max_queued_id;   /* the highest id among the waiting rows */
    kp_errors refused;       /* refusals of queued rows, with their lines, not yet handed on */
    batch_service *services;
    size_t nservices, cservices;
};

kp_delivery_batch *kp_delivery_batch_new(kp_ctx *ctx)
{
    if (!ctx || !ctx->db)
        return NULL;
    kp_delivery_batch *b = kp_xcalloc(1, sizeof *b);
    /* Rows wait to go in 128 to an INSERT on both backends: on PostgreSQL
     * one round trip instead of 128; on SQLite one statement's set-up (its
     * cursors, its end) instead of 128, and each index's cursor stays where
     * the last row went in (25 200 -> 17 900 instructions a row, the
     * scale-0.1 national file). The writer makes the difference the
     * backends need (INSERT OR FAIL: no statement journal on SQLite). */
    b->cap = KP_Q_ASSIGNMENT_DELIVERY_ROWS;
    b->queued = kp_xcalloc(b->cap, sizeof *b->queued);
    b->insert = kp_q_assignment_delivery_writer_new(ctx->db);
    b->slots = kp_xcalloc(BATCH_SLOTS, sizeof *b->slots);
    b->clients = kp_xcalloc(BATCH_SLOTS, sizeof *b->clients);
    kp_errors_init(&b->refused);
    return b;
}

void kp_delivery_batch_free(kp_delivery_batch *b)
{
    if (!b)
        return;
    kp_q_assignment_delivery_writer_free(b->insert);
    free(b->queued);
    kp_errors_free(&b->refused);
    free(b->slots);
    free(b->clients);
    for (size_t i = 0; i < b->nservices; i++)
        free(b->services[i].rules);
    free(b->services);
    free(b);
}

/* The index in b->services of `service` and its rules, read now when new. */
static kp_rc batch_service_of(kp_ctx *ctx, kp_delivery_batch *b, const char *service, size_t *out)
{
    for (size_t i = 0; i < b->nservices; i++)
        if (strcmp(b->services[i].code, service) == 0) {
            *out = i;
            return KP_OK;
        }
    kp_rule *rules = NULL;
    size_t n = 0;
    kp_rc rc = delivery_rules_of(ctx, service, &rules, &n);
    if (rc) {
        free(rules);
        return rc;
    }
    if (b->nservices == b->cservices) {
        b->cservices = b->cservices ? b->cservices * 2 : 16;
        b->services = kp_xrealloc(b->services, b->cservices * sizeof *b->services);
    }
    batch_service *x = &b->services[b->nservices];
    snprintf(x->code, sizeof x->code, "%s", service);
    x->rules = rules;
    x->nrules = n;
    *out = b->nservices++;
    return KP_OK;
}

static size_t slot_of(int64_t id)
{
    return (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ULL >> 48) & (BATCH_SLOTS - 1);
}

/* kp_access_client(ctx, client, true), asked once per client of the batch. */
static kp_rc client_scope(kp_ctx *ctx, kp_delivery_batch *b, int64_t client)
{
    if (b->nclients >= BATCH_MAX) {
        memset(b->clients, 0, BATCH_SLOTS * sizeof *b->clients);
        b->nclients = 0;
    }
    size_t i = slot_of(client);
    while (b->clients[i].id && b->clients[i].id != client)
        i = (i + 1) & (BATCH_SLOTS - 1);
    batch_client *c = &b->clients[i];
    if (c->id == client)
        return c->scope;
    kp_rc scope = kp_access_client(ctx, client, true);
    if (scope == KP_EDB || scope == KP_EUNAVAIL)
        return scope; /* not kept: the next row asks again */
    c->id = client;
    c->scope = scope;
    b->nclients++;
    return scope;
}

/* Keeps facts f of assignment a->id (scope and service not yet found). */
static void keep_facts(batch_assignment *a, const kp_q_assignment_delivery_facts *f)
{
    int64_t id = a->id;
    memset(a, 0, sizeof *a);
    a->id = id;
    a->scope = KP_ENOTFOUND;
    const char *start = f->start ? f->start : "", *end = f->end ? f->end : "";
    const char *cancelled = f->cancelled ? f->cancelled : "", *svc = f->service ? f->service : "";
    a->client = f->client;
    a->provider = f->provider;
    a->granted = f->units;
    snprintf(a->start, sizeof a->start, "%s", start);
    snprintf(a->end, sizeof a->end, "%s", end);
    snprintf(a->cancelled, sizeof a->cancelled, "%s", cancelled);
    snprintf(a->code, sizeof a->code, "%s", svc);
    a->cancelled_set = f->cancelled_set;
    a->suspensions = f->suspensions;
    a->delivered = f->delivered;
    a->slow_only = strlen(start) >= sizeof a->start || strlen(end) >= sizeof a->end ||
                   strlen(cancelled) >= sizeof a->cancelled || strlen(svc) >= sizeof a->code;
}

/* The caller's access to kept assignment a and its service's rules. */
static kp_rc resolve_assignment(kp_ctx *ctx, kp_delivery_batch *b, batch_assignment *a)
{
    a->scope = KP_ENOTFOUND;
    if (!a->client) {
        a->resolved = true;
        return KP_OK;
    }
    a->scope = ctx->role == KP_ROLE_PROVIDER ? kp_access_provider(ctx, a->provider, true) : client_scope(ctx, b, a->client);
    if (a->scope == KP_EDB || a->scope == KP_EUNAVAIL)
        return a->scope;
    kp_rc rc = batch_service_of(ctx, b, a->code, &a->service);
    if (!rc)
        a->resolved = true;
    return rc;
}

/* The slot of assignment `id`: its own, else the free one it would take. */
static batch_assignment *batch_slot(kp_delivery_batch *b, int64_t id);

/* Keeps the facts of an assignment read ahead, unless the batch keeps it
 * already (its units delivered count the rows taken since). */
static kp_rc read_ahead(int64_t id, const kp_q_assignment_delivery_facts *f, void *arg)
{
    kp_delivery_batch *b = arg;
    batch_assignment *a = batch_slot(b, id);
    if (a->id == id && !a->stale)
        return KP_OK;
    if (!a->id)
        b->n++;
    a->id = id;
    keep_facts(a, f);
    return KP_OK;
}

/* Reads assignment a->id's facts, with those of the next ids that the
 * batch does not keep, and the caller's access to it. */
static kp_rc load_assignment(kp_ctx *ctx, kp_delivery_batch *b, batch_assignment *a)
{
    int64_t id = a->id;
    memset(a, 0, sizeof *a);
    a->id = id;
    a->scope = KP_ENOTFOUND;
    a->stale = true; /* until its facts are read */
    int64_t last = id > INT64_MAX - BATCH_READ_AHEAD ? INT64_MAX : id + BATCH_READ_AHEAD - 1;
    kp_rc rc = kp_q_assignment_delivery_facts_range(ctx->db, id, last, read_ahead, b);
    if (rc)
        return rc;
    if (a->stale) { /* no such assignment */
        a->stale = false;
        a->resolved = true;
        return KP_OK;
    }
    return resolve_assignment(ctx, b, a);
}

/* The slot of assignment `id`: its own, else the free one it would take. */
static batch_assignment *batch_slot(kp_delivery_batch *b, int64_t id)
{
    size_t i = slot_of(id);
    while (b->slots[i].id && b->slots[i].id != id)
        i = (i + 1) & (BATCH_SLOTS - 1);
    return &b->slots[i];
}

static kp_rc batch_send(kp_ctx *ctx, kp_delivery_batch *b, const kp_errors *e);

/* The units of the rows waiting in b's queue that `rule` counts for a
 * delivery of `service` to `client` from `from` to `to` (ISO days, as the
 * stored rows are counted): rows of `service` itself for a rule of sessions,
 * else rows of the rule's family, which are the rows of a service whose
 * rules include it (kp_q_assignment_rules: the service's and its parent's).
 * A waiting row's assignment is always kept: the queue is sent before the
 * batch drops any facts. */
static int64_t queued_used(kp_delivery_batch *b, const kp_rule *rule, int64_t client, const char *service,
                           const char *from, const char *to)
{
    int64_t used = 0;
    for (size_t i = 0; i < b->nqueued; i++) {
        const kp_q_assignment_delivery_row *q = &b->queued[i];
        if (strcmp(q->day, from) < 0 || strcmp(q->day, to) > 0)
            continue;
        const batch_assignment *a = batch_slot(b, q->assignment);
        if (a->id != q->assignment || a->client != client)
            continue;
        if (rule->kind == KP_RULE_SESSIONS_PER_SERVICE) {
            if (strcmp(a->code, service) == 0)
                used += q->units;
            continue;
        }
        const batch_service *sv = &b->services[a->service];
        for (size_t k = 0; k < sv->nrules; k++)
            if (sv->rules[k].id == rule->id) {
                used += q->units;
                break;
            }
    }
    return used;
}

/* The facts of assignment `id` (> 0), read now when not kept or stale. */
static kp_rc batch_find(kp_ctx *ctx, kp_delivery_batch *b, int64_t id, batch_assignment **out, const kp_errors *e)
{
    if (b->n >= BATCH_MAX) {
        /* The queued rows are counted in the facts about to be dropped. */
        kp_rc rc = batch_send(ctx, b, e);
        if (rc)
            return rc;
        memset(b->slots, 0, BATCH_SLOTS * sizeof *b->slots);
        b->n = 0;
    }
    batch_assignment *a = batch_slot(b, id);
    *out = a;
    if (a->id == id && !a->stale)
        return a->resolved ? KP_OK : resolve_assignment(ctx, b, a);
    if (!a->id)
        b->n++;
    a->id = id;
    kp_rc rc = load_assignment(ctx, b, a);
    if (rc)
        a->stale = true;
    return rc;
}

/* Whether the assignment is suspended on `day` (services.h's status). */
static kp_rc suspended_on(kp_ctx *ctx, int64_t assignment, const char *day, bool *out)
{
    return kp_q_assignment_suspension_holds_on(ctx->db, assignment, day, out);
}

/* The path for rows the facts cannot pass: every check of
 * kp_delivery_record, its messages, its own savepoint. */
static kp_rc batch_slow(kp_ctx *ctx, kp_delivery_batch *b, const kp_delivery_in *in, kp_errors *e, size_t before,
                        int64_t assignment, int64_t *id_out)
{
    e->n = before;
    /* Its checks read what the queued rows wrote. */
    kp_rc rc = batch_send(ctx, b, e);
    if (rc)
        return rc;
    rc = delivery_record(ctx, in, e, id_out, false);
    if (!rc && assignment) {
        /* What it stored changes the units delivered (and maybe more). */
        batch_assignment *a = batch_slot(b, assignment);
        if (a->id == assignment)
            a->stale = true;
    }
    return rc;
}

/* Sends the queued rows. When their insert is refused, each row it did not
 * keep goes in again on its own through kp_delivery_record's checks, whose
 * refusal (stamped with the row's line and e's file) waits in b->refused.
 * Returns only a failure that ends the batch. */
static kp_rc batch_send(kp_ctx *ctx, kp_delivery_batch *b, const kp_errors *e)
{
    if (!b->nqueued)
        return KP_OK;
    size_t n = b->nqueued;
    b->nqueued = 0;
    size_t kept = 0;
    kp_rc rc = kp_q_assignment_delivery_writer_send(b->insert, b->queued, n, &kept);
    if (rc != KP_ECONFLICT)
        return rc;
    rc = KP_OK;
    kp_errors *r = &b->refused;
    r->file = e->file;
    for (size_t i = kept; i < n && !rc; i++) {
        const kp_q_assignment_delivery_row *q = &b->queued[i];
        /* The row as kp_delivery_record reads it: the values checked, in
         * their plain form. */
        char id[24] = "", assignment[24], units[24], confirmed[24];
        if (q->id)
            snprintf(id, sizeof id, "%lld", (long long)q->id);
        snprintf(assignment, sizeof assignment, "%lld", (long long)q->assignment);
        snprintf(units, sizeof units, "%lld", (long long)q->units);
        snprintf(confirmed, sizeof confirmed, "%lld", (long long)q->confirmed);
        kp_delivery_in in = {id, assignment, q->day, units, confirmed};
        r->line = q->line;
        size_t before = r->n;
        kp_rc one = delivery_record(ctx, &in, r, NULL, false);
        batch_assignment *a = batch_slot(b, q->assignment);
        if (a->id == q->assignment)
            a->stale = true; /* its units delivered were counted with this row */
        if (one == KP_EDB || one == KP_EIO || one == KP_EUNAVAIL || one == KP_ESTATE || one == KP_ECRYPTO)
            rc = one;
        else if (one && r->n == before)
            kp_errors_add(r, "", "", KP_TR(ctx, "rindu nevarēja saglabāt: %s", "the row could not be stored: %s"),
                          kp_strerror(one));
    }
    r->file = NULL;
    r->line = 0;
    return rc;
}

/* Hands the refusals of queued rows on to e; KP_EINVAL when there were any. */
static kp_rc hand_refused(kp_delivery_batch *b, kp_errors *e, kp_rc rc)
{
    if (!b->refused.n)
        return rc;
    long saved = e->line;
    for (size_t i = 0; i < b->refused.n; i++) {
        kp_errors_add(e, "", "", "%s", "");
        e->items[e->n - 1] = b->refused.items[i];
    }
    e->line = saved;
    b->refused.n = 0;
    return rc ? rc : KP_EINVAL;
}

/* Whether a waiting row has the id `id` (> 0). Ids in a file usually
 * ascend: then one comparison tells. */
static bool queued_id(kp_delivery_batch *b, int64_t id)
{
    if (!b->nqueued || id > b->max_queued_id)
        return false;
    for (size_t i = 0; i < b->nqueued; i++)
        if (b->queued[i].id == id)
            return true;
    return false;
}

/* Queues a row that passed every check (kp_delivery_batch_record), with
 * e's line. False when it cannot wait with the queued rows (the queue is
 * full or holds the other kind, with or without own ids; the day is longer
 * than a date): then it goes in on its own. */
static bool batch_queue(kp_delivery_batch *b, const kp_errors *e, int64_t id, int64_t assignment, const char *day,
                        int64_t units, int confirmed)
{
    if (b->nqueued == b->cap || (b->nqueued && (b->queued[0].id > 0) != (id > 0)))
        return false;
    size_t len = strlen(day);
    kp_q_assignment_delivery_row *q = &b->queued[b->nqueued];
    if (len >= sizeof q->day)
        return false;
    memcpy(q->day, day, len + 1);
    q->id = id;
    q->assignment = assignment;
    q->units = units;
    q->confirmed = confirmed;
    q->line = e->line;
    if (b->nqueued == 0 || id > b->max_queued_id)
        b->max_queued_id = id;
    b->nqueued++;
    return true;
}

static kp_rc batch_record(kp_ctx *ctx, kp_delivery_batch *b, const kp_delivery_in *in, kp_errors *e,
                          int64_t *id_out)
{
    size_t before = e->n;
    int64_t assignment = kp_v_int(ctx, e, "assignment_id", in->assignment_id, 1, INT64_MAX, true, 0);
    if (!assignment)
        return batch_slow(ctx, b, in, e, before, 0, id_out);
    batch_assignment *a = NULL;
    kp_rc rc = batch_find(ctx, b, assignment, &a, e);
    if (rc)
        return rc;
    if (a->scope || a->slow_only)
        return batch_slow(ctx, b, in, e, before, assignment, id_out);
    /* A new id: one in use is refused by the insert below (and explained
     * by kp_delivery_record), not looked up first. */
    int64_t id = kp_v_int(ctx, e, "id", in->id, 1, INT64_MAX, false, 0);
    kp_date on = kp_v_date(ctx, e, "delivered_on", in->delivered_on, true);
    int64_t units = kp_v_int(ctx, e, "units", in->units, 1, 10000, true, 0);
    int confirmed = kp_v_flag(ctx, e, "confirmed", in->confirmed, 0);
    if (e->n != before || on == KP_DATE_NONE || !units)
        return batch_slow(ctx, b, in, e, before, assignment, id_out);
    /* The status on the day as KP_ASSIGNMENT_STATUS_SQL compares the text. */
    const char *day = in->delivered_on;
    if ((a->cancelled_set && strcmp(a->cancelled, day) <= 0) || strcmp(day, a->start) < 0 || strcmp(day, a->end) > 0 ||
        a->delivered + units > a->granted)
        return batch_slow(ctx, b, in, e, before, assignment, id_out);
    if (a->suspensions) {
        bool suspended = false;
        rc = suspended_on(ctx, assignment, day, &suspended);
        if (rc)
            return rc;
        if (suspended)
            return batch_slow(ctx, b, in, e, before, assignment, id_out);
    }
    const batch_service *sv = &b->services[a->service];
    if (sv->nrules) {
        /* A rule that counts the deliveries stored counts the waiting rows
         * too, from the batch's queue (queued_used), so they need not go
         * first; a course's sessions are the units this batch keeps for the
         * assignment, read from no table. */
        delivery_rules_check(ctx, b, assignment, a->client, sv->code, on, units, sv->rules, sv->nrules, &a->delivered,
                             e);
        if (e->n != before)
            return batch_slow(ctx, b, in, e, before, assignment, id_out);
    }
    /* A given id goes in as it is; otherwise the database numbers the row
     * (no NULL id: PostgreSQL's identity column would refuse it). Where rows
     * may wait (b->cap), a caller that does not ask for the id lets the row
     * wait with others for one insert; it is counted now as if it were in.
     * An id given twice among waiting rows goes in now, to be refused at
     * once. */
    if (b->cap && !id_out) {
        bool again = id && queued_id(b, id);
        if (!again && batch_queue(b, e, id, assignment, day, units, confirmed)) {
            a->delivered += units;
            return KP_OK;
        }
        rc = batch_send(ctx, b, e);
        if (rc)
            return rc;
        if (!again && batch_queue(b, e, id, assignment, day, units, confirmed)) {
            a->delivered += units;
            return KP_OK;
        }
    }
    rc = kp_q_assignment_delivery_writer_put(b->insert, id, assignment, day, units, confirmed, &id);
    if (rc == KP_ECONFLICT)
        return batch_slow(ctx, b, in, e, before, assignment, id_out);
    if (rc)
        return rc;
    a->delivered += units;
    if (id_out)
        *id_out = id;
    return KP_OK;
}

kp_rc kp_delivery_batch_record(kp_ctx *ctx, kp_delivery_batch *b, const kp_delivery_in *in, kp_errors *e,
                               int64_t *id_out)
{
    if (!ctx || !b || !in || !e)
        return KP_EINVAL;
    if (!kp_store_writing(ctx->db))
        return KP_ESTATE;
    kp_rc rc = batch_record(ctx, b, in, e, id_out);
    return hand_refused(b, e, rc);
}

kp_rc kp_delivery_batch_flush(kp_ctx *ctx, kp_delivery_batch *b, kp_errors *e)
{
    if (!ctx || !b || !e)
        return KP_EINVAL;
    kp_rc rc = batch_send(ctx, b, e);
    return hand_refused(b, e, rc);
}
