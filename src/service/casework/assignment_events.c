/* Services over time (services.h): an assignment's status on a date, its
 * cancellation, suspensions, early end, and the end of a support plan. Every
 * event is checked whole before anything is written, stored in dated rows,
 * and recorded with kp_audit_change in the same transaction. */
#include "service/casework/services.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/assignment_sql.h"
#include "service/casework/plan_sql.h"
#include "service/validate.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const STATUS_NAMES[] = {
    [KP_ASG_PLANNED] = "planned",   [KP_ASG_IN_FORCE] = "in_force", [KP_ASG_SUSPENDED] = "suspended",
    [KP_ASG_ENDED] = "ended",       [KP_ASG_CANCELLED] = "cancelled",
};
static const char *const STATUS_LV[] = {
    [KP_ASG_PLANNED] = "plānots",   [KP_ASG_IN_FORCE] = "spēkā", [KP_ASG_SUSPENDED] = "apturēts",
    [KP_ASG_ENDED] = "beidzies",    [KP_ASG_CANCELLED] = "atcelts",
};
static const char *const STATUS_EN[] = {
    [KP_ASG_PLANNED] = "planned",   [KP_ASG_IN_FORCE] = "in force", [KP_ASG_SUSPENDED] = "suspended",
    [KP_ASG_ENDED] = "ended",       [KP_ASG_CANCELLED] = "cancelled",
};
#define NSTATUS (sizeof STATUS_NAMES / sizeof STATUS_NAMES[0])

const char *kp_assignment_status_name(kp_assignment_status s)
{
    if ((int)s <= 0 || (size_t)s >= NSTATUS)
        return NULL;
    return STATUS_NAMES[s];
}

kp_rc kp_assignment_status_parse(const char *name, kp_assignment_status *out)
{
    if (!name || !out)
        return KP_EINVAL;
    for (size_t i = 1; i < NSTATUS; i++)
        if (strcmp(STATUS_NAMES[i], name) == 0) {
            *out = (kp_assignment_status)i;
            return KP_OK;
        }
    return KP_EINVAL;
}

const char *kp_assignment_status_label(const kp_ctx *ctx, kp_assignment_status s)
{
    if ((int)s <= 0 || (size_t)s >= NSTATUS)
        return "";
    return ctx && kp_ctx_is_en(ctx) ? STATUS_EN[s] : STATUS_LV[s];
}

/* ---- reading ----------------------------------------------------------- */

typedef struct asg {
    int64_t id, client, provider, units;
    char start[11], end[11], granted_end[11], cancelled_from[11], last_delivery[11], first_delivery_from[11];
} asg;

/* The assignment with the caller's scope checked first: case workers by the
 * client's municipality, provider staff (read only) their own referrals.
 * Unknown and out of scope answer the same (KP_ENOTFOUND). */
static kp_rc load_asg(kp_ctx *ctx, int64_t id, bool write, asg *a)
{
    memset(a, 0, sizeof *a);
    if (id <= 0)
        return KP_ENOTFOUND;
    kp_q_assignment_facts f;
    bool found = false;
    kp_rc rc = kp_q_assignment_facts_of(ctx->db, id, &f, &found);
    if (!rc && !found)
        rc = KP_ENOTFOUND;
    if (rc)
        return rc;
    a->id = id;
    a->client = f.client;
    a->provider = f.provider;
    a->units = f.units;
    memcpy(a->start, f.start, sizeof a->start);
    memcpy(a->end, f.end, sizeof a->end);
    memcpy(a->granted_end, f.granted_end, sizeof a->granted_end);
    memcpy(a->cancelled_from, f.cancelled_from, sizeof a->cancelled_from);
    memcpy(a->last_delivery, f.last_delivery, sizeof a->last_delivery);
    if (ctx->role == KP_ROLE_PROVIDER)
        return write ? KP_ENOTFOUND : kp_access_provider(ctx, a->provider, false);
    return kp_access_client(ctx, a->client, write);
}

/* An ISO date argument that may be omitted (today). */
static kp_rc date_or_today(kp_ctx *ctx, const char *on, char out[11])
{
    kp_date d = 0;
    if (kp_blank(on))
        d = kp_ctx_today(ctx);
    else if (kp_date_parse_iso(on, &d))
        return KP_EINVAL;
    kp_date_format_iso(d, out);
    return KP_OK;
}

static kp_rc status_of(kp_ctx *ctx, int64_t id, const char *day, kp_assignment_status *out)
{
    char name[16] = "";
    kp_rc rc = kp_q_assignment_status_text(ctx->db, id, day, name, sizeof name);
    if (rc)
        return rc;
    return kp_assignment_status_parse(name, out) ? KP_ENOTFOUND : KP_OK;
}

kp_rc kp_assignment_status_on(kp_ctx *ctx, int64_t assignment_id, const char *on, kp_assignment_status *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    char day[11];
    if (date_or_today(ctx, on, day))
        return KP_EINVAL;
    asg a;
    kp_rc rc = load_asg(ctx, assignment_id, false, &a);
    if (rc)
        return rc;
    return status_of(ctx, assignment_id, day, out);
}

void kp_suspensions_free(kp_suspensions *s)
{
    if (!s)
        return;
    free(s->items);
    memset(s, 0, sizeof *s);
}

static kp_rc read_suspensions(kp_ctx *ctx, int64_t assignment_id, kp_suspensions *out)
{
    kp_rc rc = kp_q_assignment_suspensions(ctx->db, assignment_id, out);
    for (size_t i = 0; i < out->n; i++)
        out->items[i].assignment_id = assignment_id;
    return rc;
}

kp_rc kp_assignment_suspensions(kp_ctx *ctx, int64_t assignment_id, kp_suspensions *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    asg a;
    kp_rc rc = load_asg(ctx, assignment_id, false, &a);
    if (!rc)
        rc = read_suspensions(ctx, assignment_id, out);
    if (rc)
        kp_suspensions_free(out);
    return rc;
}

kp_rc kp_assignment_view_load(kp_ctx *ctx, int64_t assignment_id, const char *on, kp_assignment_view *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    char day[11];
    if (date_or_today(ctx, on, day))
        return KP_EINVAL;
    asg a;
    kp_rc rc = load_asg(ctx, assignment_id, false, &a);
    if (rc)
        return rc;
    bool found = false;
    rc = kp_q_assignment_view(ctx->db, assignment_id, kp_ctx_is_en(ctx) ? "en" : "lv", out, &found);
    if (!rc && !found)
        rc = KP_ENOTFOUND;
    if (!rc) {
        out->id = assignment_id;
        snprintf(out->last_delivery, sizeof out->last_delivery, "%s", a.last_delivery);
        snprintf(out->status_on, sizeof out->status_on, "%s", day);
    }
    if (!rc)
        rc = status_of(ctx, assignment_id, day, &out->status);
    if (!rc)
        rc = kp_audit_access(ctx, "view", "assignment", assignment_id, out->client_id, "");
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}

/* ---- changing ---------------------------------------------------------- */

/* A date as the message's reader writes it: "31.12.2021." in Latvian,
 * "31.12.2021" in English. */
static void show_date(const kp_ctx *ctx, const char *iso, char out[12])
{
    kp_date d = 0;
    out[0] = '\0';
    if (kp_date_parse_iso(iso, &d) == KP_OK)
        kp_date_format_lv(d, out);
    size_t n = strlen(out);
    if (n && kp_ctx_is_en(ctx) && out[n - 1] == '.')
        out[n - 1] = '\0';
}
#define lv_date(iso, out) show_date(ctx, (iso), (out))

/* The reason every event must give: one line or a few, at most 500. */
static void need_reason(kp_ctx *ctx, kp_errors *e, const char *reason)
{
    kp_v_text_lines(ctx, e, "reason", reason, 500, true);
}

/* The day before an ISO date. */
static void day_before(const char *iso, char out[11])
{
    kp_date d = 0;
    kp_date_parse_iso(iso, &d);
    kp_date_format_iso(d - 1, out);
}

kp_rc kp_assignment_cancel(kp_ctx *ctx, int64_t assignment_id, const char *from, const char *reason, kp_errors *e)
{
    if (!ctx || !e)
        return KP_EINVAL;
    asg a;
    kp_rc rc = load_asg(ctx, assignment_id, true, &a);
    if (rc)
        return rc;
    size_t before = e->n;
    kp_date f = kp_v_date(ctx, e, "cancelled_from", from, true);
    need_reason(ctx, e, reason);
    char d1[12], d2[12];
    if (a.cancelled_from[0]) {
        lv_date(a.cancelled_from, d1);
        kp_errors_add(e, "cancelled_from", from,
                      KP_TR(ctx, "piešķīrums jau ir atcelts no %s", "the assignment is already cancelled from %s"), d1);
    } else if (f != KP_DATE_NONE && e->n == before) {
        if (strcmp(from, a.end) > 0) {
            lv_date(a.end, d1);
            kp_errors_add(e, "cancelled_from", from,
                          KP_TR(ctx, "piešķīrums beidzās %s: pēc beigām nav ko atcelt",
                                "the assignment ended on %s: there is nothing to cancel after its end"),
                          d1);
        } else if (a.last_delivery[0] && strcmp(from, a.last_delivery) <= 0) {
            lv_date(a.last_delivery, d1);
            kp_errors_add(e, "cancelled_from", from,
                          KP_TR(ctx, "šim piešķīrumam ir ierakstīti sniegtie pakalpojumi līdz %s: atceliet no nākamās dienas vai izbeidziet to",
                                "services are recorded for this assignment up to %s: cancel it from the day after, or end it"),
                          d1);
        }
    }
    (void)d2;
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_assignment_cancel(ctx->db, assignment_id, from, reason);
    kp_field_change ch[] = {{"status", "active", "cancelled"}, {"cancelled_from", "", from}};
    if (!rc)
        rc = kp_audit_change(ctx, "cancel", "assignment", assignment_id, a.client, from, reason, ch, 2);
    return kp_store_finish(ctx->db, rc);
}

kp_rc kp_assignment_suspend(kp_ctx *ctx, int64_t assignment_id, const char *from, const char *to,
                            const char *reason, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !e)
        return KP_EINVAL;
    asg a;
    kp_rc rc = load_asg(ctx, assignment_id, true, &a);
    if (rc)
        return rc;
    size_t before = e->n;
    kp_date f = kp_v_date(ctx, e, "suspended_from", from, true);
    kp_date t = kp_v_date(ctx, e, "suspended_to", to, false);
    kp_v_period(ctx, e, "suspended_to", f, t);
    need_reason(ctx, e, reason);
    char d1[12], d2[12];
    bool open = kp_blank(to);
    if (e->n == before) {
        lv_date(a.start, d1);
        lv_date(a.end, d2);
        if (strcmp(from, a.start) < 0 || strcmp(from, a.end) > 0)
            kp_errors_add(e, "suspended_from", from,
                          KP_TR(ctx, "datums ir ārpus piešķīruma perioda (%s–%s): izvēlieties datumu šajā periodā",
                                "the date is outside the assignment (%s to %s): choose a date within it"),
                          d1, d2);
        else if (!open && strcmp(to, a.end) > 0)
            kp_errors_add(e, "suspended_to", to,
                          KP_TR(ctx, "piešķīrums beidzas %s: norādiet datumu līdz tam vai atstājiet tukšu (līdz atjaunošanai)",
                                "the assignment ends on %s: give a date up to it, or leave it empty (until resumed)"),
                          d2);
        else if (a.cancelled_from[0] && strcmp(from, a.cancelled_from) >= 0) {
            lv_date(a.cancelled_from, d1);
            kp_errors_add(e, "suspended_from", from,
                          KP_TR(ctx, "piešķīrums ir atcelts no %s", "the assignment is cancelled from %s"), d1);
        }
    }
    if (e->n == before) {
        /* One suspension at a time: a later one starts after the earlier ends. */
        char other[11] = "";
        const char *until = open ? "9999-12-31" : to;
        kp_q_assignment_suspension_overlapping(ctx->db, assignment_id, from, until, other, sizeof other);
        if (other[0]) {
            lv_date(other, d1);
            kp_errors_add(e, "suspended_from", from,
                          KP_TR(ctx, "pārklājas ar apturēšanu no %s: mainiet to vai izvēlieties citu periodu",
                                "overlaps the suspension from %s: change that one or choose another period"),
                          d1);
        }
        char inside[11] = "";
        kp_q_assignment_delivery_first_in(ctx->db, assignment_id, from, until, inside, sizeof inside);
        if (inside[0]) {
            lv_date(inside, d1);
            kp_errors_add(e, open ? "suspended_from" : "suspended_to", open ? from : to,
                          KP_TR(ctx, "šajā periodā ir ierakstīts sniegts pakalpojums (%s): apturēšanai jābeidzas pirms tā vai jāsākas pēc tā",
                                "a service is recorded in this period (%s): the suspension must end before it or start after it"),
                          d1);
        }
    }
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t id = 0;
    rc = kp_q_assignment_suspension_insert(ctx->db, assignment_id, from, to, reason, &id);
    kp_field_change ch[] = {{"suspended_from", "", from}, {"suspended_to", "", open ? "" : to}};
    if (!rc)
        rc = kp_audit_change(ctx, "suspend", "assignment", assignment_id, a.client, from, reason, ch, 2);
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

kp_rc kp_assignment_resume(kp_ctx *ctx, int64_t suspension_id, const char *resume_on, const char *reason,
                           kp_errors *e)
{
    if (!ctx || !e)
        return KP_EINVAL;
    int64_t assignment_id = 0;
    kp_rc rc = kp_q_assignment_suspension_assignment(ctx->db, suspension_id, &assignment_id);
    if (rc)
        return rc;
    if (!assignment_id)
        return KP_ENOTFOUND;
    asg a;
    rc = load_asg(ctx, assignment_id, true, &a);
    if (rc)
        return rc;
    kp_q_assignment_suspension_period period = {0};
    kp_q_assignment_suspension_period_of(ctx->db, suspension_id, &period);
    const char *start = period.start, *end = period.end;
    size_t before = e->n;
    kp_date r = kp_v_date(ctx, e, "resume_on", resume_on, true);
    need_reason(ctx, e, reason);
    char d1[12], d2[12];
    if (r != KP_DATE_NONE && e->n == before) {
        lv_date(start, d1);
        if (strcmp(resume_on, start) < 0)
            kp_errors_add(e, "resume_on", resume_on,
                          KP_TR(ctx, "apturēšana sākas %s: atjaunot var no šīs dienas vai vēlāk",
                                "the suspension starts on %s: resume on that day or later"),
                          d1);
        else if (end[0] && strcmp(resume_on, end) > 0) {
            lv_date(end, d2);
            kp_errors_add(e, "resume_on", resume_on,
                          KP_TR(ctx, "apturēšana beidzas %s pati: atjaunot var līdz šai dienai",
                                "the suspension ends by itself on %s: resume on that day at the latest"),
                          d2);
        }
    }
    if (e->n != before)
        return KP_EINVAL;
    bool withdraw = strcmp(resume_on, start) == 0;
    char last[11];
    day_before(resume_on, last);
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = withdraw ? kp_q_assignment_suspension_withdraw(ctx->db, suspension_id) : kp_q_assignment_suspension_end_on(ctx->db, suspension_id, last);
    kp_field_change ch[] = {{"suspended_from", start, withdraw ? "" : start},
                            {"suspended_to", end, withdraw ? "" : last}};
    if (!rc)
        rc = kp_audit_change(ctx, withdraw ? "withdraw_suspension" : "resume", "assignment", assignment_id, a.client,
                             resume_on, reason, ch, 2);
    return kp_store_finish(ctx->db, rc);
}

kp_rc kp_assignment_end(kp_ctx *ctx, int64_t assignment_id, const char *last_day, const char *reason, kp_errors *e)
{
    if (!ctx || !e)
        return KP_EINVAL;
    asg a;
    kp_rc rc = load_asg(ctx, assignment_id, true, &a);
    if (rc)
        return rc;
    size_t before = e->n;
    kp_date d = kp_v_date(ctx, e, "end_date", last_day, true);
    need_reason(ctx, e, reason);
    char d1[12];
    if (a.cancelled_from[0]) {
        lv_date(a.cancelled_from, d1);
        kp_errors_add(e, "end_date", last_day,
                      KP_TR(ctx, "piešķīrums ir atcelts no %s: to vairs nebeidz", "the assignment is cancelled from %s: it is not ended any more"),
                      d1);
    } else if (d != KP_DATE_NONE && e->n == before) {
        if (strcmp(last_day, a.start) < 0) {
            lv_date(a.start, d1);
            kp_errors_add(e, "end_date", last_day,
                          KP_TR(ctx, "piešķīrums sākas %s: beigu datums nevar būt agrāks; lai tas nekad nebūtu spēkā, atceliet to",
                                "the assignment starts on %s: the end cannot be earlier; to have it never hold, cancel it"),
                          d1);
        } else if (strcmp(last_day, a.end) >= 0) {
            lv_date(a.end, d1);
            kp_errors_add(e, "end_date", last_day,
                          KP_TR(ctx, "piešķīrums jau beidzas %s: norādiet agrāku datumu", "the assignment already ends on %s: give an earlier date"),
                          d1);
        } else if (a.last_delivery[0] && strcmp(last_day, a.last_delivery) < 0) {
            lv_date(a.last_delivery, d1);
            kp_errors_add(e, "end_date", last_day,
                          KP_TR(ctx, "sniegtie pakalpojumi ir ierakstīti līdz %s: beigām jābūt ne agrāk",
                                "services are recorded up to %s: the end cannot be before that"),
                          d1);
        }
    }
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_assignment_end_early(ctx->db, assignment_id, last_day, reason);
    kp_field_change ch[] = {{"end_date", a.end, last_day}};
    if (!rc)
        rc = kp_audit_change(ctx, "end", "assignment", assignment_id, a.client, last_day, reason, ch, 1);
    return kp_store_finish(ctx->db, rc);
}

/* ---- plans ------------------------------------------------------------- */

static const char *const PLAN_NAMES[] = {[KP_PLAN_DRAFT] = "draft", [KP_PLAN_APPROVED] = "approved",
                                         [KP_PLAN_SUPERSEDED] = "superseded", [KP_PLAN_ENDED] = "ended"};

const char *kp_plan_status_name(kp_plan_status s)
{
    if ((int)s <= 0 || (size_t)s >= sizeof PLAN_NAMES / sizeof PLAN_NAMES[0])
        return NULL;
    return PLAN_NAMES[s];
}

const char *kp_plan_status_label(const kp_ctx *ctx, kp_plan_status s)
{
    static const char *const LV[] = {[KP_PLAN_DRAFT] = "melnraksts", [KP_PLAN_APPROVED] = "apstiprināts",
                                     [KP_PLAN_SUPERSEDED] = "aizstāts", [KP_PLAN_ENDED] = "beidzies"};
    if (!kp_plan_status_name(s))
        return "";
    return ctx && kp_ctx_is_en(ctx) ? PLAN_NAMES[s] : LV[s];
}

static kp_rc plan_scope(kp_ctx *ctx, int64_t plan_id, bool write, int64_t *client)
{
    *client = 0;
    if (plan_id <= 0)
        return KP_ENOTFOUND;
    kp_rc rc = kp_q_plan_client(ctx->db, plan_id, client);
    if (rc)
        return rc;
    if (!*client)
        return KP_ENOTFOUND;
    /* Provider staff read referrals, not plans. */
    if (ctx->role == KP_ROLE_PROVIDER)
        return KP_ENOTFOUND;
    return kp_access_client(ctx, *client, write);
}

kp_rc kp_plan_client(kp_ctx *ctx, int64_t plan_id, int64_t *client_out)
{
    if (!ctx || !client_out)
        return KP_EINVAL;
    return plan_scope(ctx, plan_id, false, client_out);
}

kp_rc kp_plan_status_on(kp_ctx *ctx, int64_t plan_id, const char *on, kp_plan_status *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    char day[11];
    if (date_or_today(ctx, on, day))
        return KP_EINVAL;
    int64_t client = 0;
    kp_rc rc = plan_scope(ctx, plan_id, false, &client);
    if (rc)
        return rc;
    char name[16] = "";
    rc = kp_q_plan_status_text(ctx->db, plan_id, day, name, sizeof name);
    if (rc)
        return rc;
    for (size_t i = 1; i < sizeof PLAN_NAMES / sizeof PLAN_NAMES[0]; i++)
        if (strcmp(PLAN_NAMES[i], name) == 0) {
            *out = (kp_plan_status)i;
            return KP_OK;
        }
    return KP_ENOTFOUND; /* before the plan was made */
}

kp_rc kp_plan_end(kp_ctx *ctx, int64_t plan_id, const char *on, const char *reason, kp_errors *e)
{
    if (!ctx || !e)
        return KP_EINVAL;
    int64_t client = 0;
    kp_rc rc = plan_scope(ctx, plan_id, true, &client);
    if (rc)
        return rc;
    size_t before = e->n;
    kp_date d = kp_v_date(ctx, e, "ended_on", on, true);
    need_reason(ctx, e, reason);
    char d1[12];
    kp_q_plan_ending plan = {0};
    kp_q_plan_ending_of(ctx->db, plan_id, &plan);
    const char *status = plan.status, *approved = plan.approved_on, *ended = plan.ended_on;
    if (ended[0]) {
        lv_date(ended, d1);
        kp_errors_add(e, "ended_on", on, KP_TR(ctx, "plāns jau ir beidzies %s", "the plan already ended on %s"), d1);
    } else if (strcmp(status, "approved") != 0) {
        kp_errors_add(e, "ended_on", on, "%s",
                      KP_TR(ctx, "izbeigt var tikai apstiprinātu plānu, kas vēl ir spēkā (melnrakstu neapstiprina, aizstātais jau nav spēkā)",
                            "only an approved plan still in force can be ended (a draft is simply not approved; a superseded one no longer holds)"));
    } else if (d != KP_DATE_NONE && e->n == before && strcmp(on, approved) < 0) {
        lv_date(approved, d1);
        kp_errors_add(e, "ended_on", on,
                      KP_TR(ctx, "plāns apstiprināts %s: beigas nevar būt agrākas", "the plan was approved on %s: it cannot end before that"),
                      d1);
    }
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_plan_set_ended(ctx->db, plan_id, on, reason);
    kp_field_change ch[] = {{"ended_on", "", on}};
    if (!rc)
        rc = kp_audit_change(ctx, "end", "support_plan", plan_id, client, on, reason, ch, 1);
    return kp_store_finish(ctx->db, rc);
}

/* ---- import ------------------------------------------------------------ */

/* A reference column of an import row: its number, and whether the record
 * exists. The operator's import sees every record, so an unknown one is
 * named on its column rather than answered as out of scope. */
static int64_t import_ref(kp_ctx *ctx, kp_errors *e, const char *field, const char *v, const char *table)
{
    return kp_v_ref(ctx, e, field, v, table, true);
}

static kp_rc import_result(kp_ctx *ctx, kp_rc rc, kp_errors *e, const char *field, const char *v, size_t before)
{
    if (rc == KP_ENOTFOUND && e->n == before) {
        kp_errors_add(e, field, v, "%s", KP_TR(ctx, "nav tāda ieraksta: pārbaudiet numuru", "no such record: check the number"));
        return KP_EINVAL;
    }
    return rc;
}

kp_rc kp_assignment_change_import(kp_ctx *ctx, const kp_assignment_change_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    size_t before = e->n;
    int64_t id = import_ref(ctx, e, "assignment_id", in->assignment_id, "assignment");
    static const char *const ACTIONS[] = {"cancel", "suspend", "end", NULL};
    const char *action = kp_v_enum(ctx, e, "action", in->action, ACTIONS, true);
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc;
    if (strcmp(action, "cancel") == 0) {
        if (!kp_blank(in->to_date))
            kp_errors_add(e, "to_date", in->to_date, "%s",
                          KP_TR(ctx, "atcelšanai ir tikai sākuma datums (from_date)", "a cancellation has only from_date"));
        if (e->n != before)
            return KP_EINVAL;
        rc = kp_assignment_cancel(ctx, id, in->from_date, in->reason, e);
    } else if (strcmp(action, "suspend") == 0) {
        rc = kp_assignment_suspend(ctx, id, in->from_date, in->to_date, in->reason, e, id_out);
    } else {
        if (!kp_blank(in->from_date))
            kp_errors_add(e, "from_date", in->from_date, "%s",
                          KP_TR(ctx, "beigām ir tikai jaunā pēdējā diena (to_date)", "an end has only the new last day (to_date)"));
        if (e->n != before)
            return KP_EINVAL;
        rc = kp_assignment_end(ctx, id, in->to_date, in->reason, e);
    }
    /* The use cases name their own fields; a file names its columns. */
    for (size_t i = before; i < e->n; i++) {
        const char *f = e->items[i].field;
        const char *col = strcmp(f, "cancelled_from") == 0 || strcmp(f, "suspended_from") == 0 ? "from_date"
                          : strcmp(f, "suspended_to") == 0 || strcmp(f, "end_date") == 0      ? "to_date"
                                                                                               : NULL;
        if (col)
            snprintf(e->items[i].field, sizeof e->items[i].field, "%s", col);
    }
    return import_result(ctx, rc, e, "assignment_id", in->assignment_id, before);
}

kp_rc kp_plan_ending_import(kp_ctx *ctx, const kp_plan_ending_in *in, kp_errors *e, int64_t *id_out)
{
    (void)id_out;
    if (!ctx || !in || !e)
        return KP_EINVAL;
    size_t before = e->n;
    int64_t id = import_ref(ctx, e, "plan_id", in->plan_id, "support_plan");
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_plan_end(ctx, id, in->ended_on, in->reason, e);
    return import_result(ctx, rc, e, "plan_id", in->plan_id, before);
}
