/* Compensation claims (see claims.h). */
#include "service/programme/claims.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/programme/programme.h"
#include "service/programme/claim_sql.h"
#include "service/validate.h"
#include "service/territory.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_claim_split_bundle(const kp_cents *amounts, size_t n, kp_split_summary *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; amounts && i < n; i++) {
        kp_cents esf = 0, state = 0;
        kp_money_split_esf(amounts[i], &esf, &state);
        out->total += amounts[i];
        out->esf += esf;
        out->state += state;
    }
    kp_cents state = 0;
    kp_money_split_esf(out->total, &out->flat_esf, &state);
    out->difference = out->esf - out->flat_esf;
}

/* ---- months and municipalities ------------------------------------------- */

typedef struct month {
    char from[11], to[11];
    kp_date last;
} month;

static bool parse_month(const char *s, month *m)
{
    int y = 0, mo = 0;
    if (!s || strlen(s) != 7 || s[4] != '-' || sscanf(s, "%4d-%2d", &y, &mo) != 2 || mo < 1 || mo > 12 || y < 1900 ||
        y > 2999)
        return false;
    int days = 31;
    while (days > 28 && !kp_date_valid_ymd(y, mo, days))
        days--;
    m->last = kp_date_from_ymd(y, mo, days);
    kp_date_format_iso(kp_date_from_ymd(y, mo, 1), m->from);
    kp_date_format_iso(m->last, m->to);
    return true;
}

typedef kp_q_claim_head claim_head;

static kp_rc load_claim(kp_ctx *ctx, int64_t id, claim_head *c)
{
    bool found = false;
    kp_rc rc = kp_q_claim_head_of(ctx->db, id, c, &found);
    if (!rc && !found)
        rc = KP_ENOTFOUND;
    return rc;
}

/* ---- checking one delivery ----------------------------------------------- */

typedef struct line {
    int64_t delivery, client, units, cost, amount;
    char service[32], on[11];
    char reason[320];   /* "" = the line may be claimed */
} line;

#define REFUSE(ctx, l, lv, en, ...) snprintf((l)->reason, sizeof (l)->reason, KP_TR(ctx, lv, en), __VA_ARGS__)


/* Checks a delivery for a claim of municipality `muni` in month `m`. A
 * problem goes into l->reason; only storage failures return non-zero. */
static kp_rc check_delivery(kp_ctx *ctx, int64_t delivery, int64_t muni, const char *region, const month *m, line *l)
{
    memset(l, 0, sizeof *l);
    l->delivery = delivery;
    kp_q_claim_delivery dv;
    bool row = false;
    kp_rc rc = kp_q_claim_delivery_of(ctx->db, delivery, &dv, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (rc)
        return rc;
    memcpy(l->on, dv.on, sizeof l->on);
    l->units = dv.units;
    int confirmed = dv.confirmed, esf = dv.esf;
    int64_t assignment = dv.assignment, granted = dv.granted, client_muni = dv.client_muni,
            client_parish = dv.client_parish;
    l->client = dv.client;
    memcpy(l->service, dv.service, sizeof l->service);
    const char *start = dv.start, *end = dv.end, *status = dv.status;
    int64_t holder = 0;
    rc = kp_municipality_rollup_parish(ctx, client_muni, client_parish, m->last, &holder);
    if (rc)
        return rc;
    if (holder != muni) {
        REFUSE(ctx, l, "klients nav šīs pašvaldības (piegāde %lld)", "the client is not of this municipality (delivery %lld)",
               (long long)delivery);
        return KP_OK;
    }
    if (strcmp(l->on, m->from) < 0 || strcmp(l->on, m->to) > 0) {
        REFUSE(ctx, l, "piegāde %s nav pieprasījuma mēnesī", "delivery on %s is not in the claim's month", l->on);
        return KP_OK;
    }
    if (!confirmed) {
        REFUSE(ctx, l, "piegāde %s nav apstiprināta", "delivery on %s is not confirmed", l->on);
        return KP_OK;
    }
    if (strcmp(status, "active") != 0 || !esf) {
        REFUSE(ctx, l, "ārpus piešķīruma: piešķīrums %lld ir %s", "outside its assignment: assignment %lld is %s",
               (long long)assignment, strcmp(status, "active") ? KP_TR(ctx, "atcelts", "cancelled")
                                                              : KP_TR(ctx, "bez ESF finansējuma", "not ESF-funded"));
        return KP_OK;
    }
    if (strcmp(l->on, start) < 0 || strcmp(l->on, end) > 0) {
        REFUSE(ctx, l, "ārpus piešķīruma: %s nav piešķīruma periodā %s–%s",
               "outside its assignment: %s is not within the assignment's period %s to %s", l->on, start, end);
        return KP_OK;
    }
    int64_t upto = 0;
    rc = kp_q_delivered_upto(ctx->db, assignment, l->on, delivery, &upto);
    if (rc)
        return rc;
    if (upto > granted) {
        REFUSE(ctx, l, "pārsniedz piešķirto apjomu: piešķirtas %lld, sniegtas %lld", "beyond the units granted: granted %lld, delivered %lld",
               (long long)granted, (long long)upto);
        return KP_OK;
    }
    /* Yearly rule limits (e.g. respite: 30 days a year) on what was delivered. */
    char jan1[11];
    snprintf(jan1, sizeof jan1, "%.4s-01-01", l->on);
    kp_q_year_rule_vec rules = {0};
    rc = kp_q_year_rules(ctx->db, l->service, region, l->on, &rules);
    for (size_t i = 0; !rc && !l->reason[0] && i < rules.n; i++) {
        int64_t limit = rules.items[i].limit, used = 0;
        rc = kp_q_units_in_year(ctx->db, l->client, rules.items[i].service, jan1, l->on, delivery, &used);
        if (!rc && used > limit)
            REFUSE(ctx, l, "pārsniedz noteikumu ierobežojumu: ne vairāk kā %lld gadā, sniegtas %lld",
                   "beyond a rule limit: at most %lld a year, delivered %lld", (long long)limit, (long long)used);
    }
    free(rules.items);
    if (rc || l->reason[0])
        return rc;
    rc = kp_q_unit_cost_on(ctx->db, l->service, l->on, &l->cost);
    if (rc)
        return rc;
    if (l->cost < 0) {
        l->cost = 0;
        REFUSE(ctx, l, "nav vienības izmaksu pakalpojumam %s uz %s", "no unit cost for %s on %s", l->service, l->on);
        return KP_OK;
    }
    if (l->units > 0 && l->cost > KP_CENTS_MAX / l->units) {
        REFUSE(ctx, l, "%s", "summa par lielu", "amount too large");
        return KP_OK;
    }
    l->amount = l->units * l->cost;
    return KP_OK;
}

static kp_rc already_claimed(kp_ctx *ctx, int64_t delivery, int64_t *claim)
{
    return kp_q_claim_of_delivery(ctx->db, delivery, claim);
}

static kp_rc insert_line(kp_ctx *ctx, int64_t claim, const line *l, int64_t *line_no)
{
    return kp_q_claim_line_insert(ctx->db, claim, l->delivery, l->client, l->service, l->on, l->units, l->cost,
                                  l->reason[0] ? 0 : l->amount, l->reason[0] ? "refused" : "pending", l->reason,
                                  line_no);
}

/* ---- use cases ------------------------------------------------------------ */

/* What a month's claim of a municipality would hold: the municipality, its
 * region and project in the month, and every candidate delivery checked. */
typedef struct draft {
    month m;
    char mon[8], region[8];
    int64_t muni, project;
    line *lines;
    size_t n, claimable, refused;
    kp_cents total;
} draft;

static void draft_free(draft *d)
{
    free(d->lines);
    memset(d, 0, sizeof *d);
}

/* Reads and checks the claim of `atvk` for `month_s` without writing. The
 * caller runs it inside the write transaction when it then writes, so the
 * check and the write see the same deliveries. KP_EINVAL/KP_ERULE with `e`
 * as kp_claim_build says; d->n = 0 when there is nothing to claim. */
static kp_rc draft_claim(kp_ctx *ctx, const char *atvk, const char *month_s, kp_errors *e, draft *d)
{
    memset(d, 0, sizeof *d);
    size_t before = e->n;
    if (!parse_month(month_s, &d->m))
        kp_errors_add(e, "month", month_s ? month_s : "", "%s",
                      KP_TR(ctx, "mēnesis jāraksta GGGG-MM, piemēram, 2021-10", "write the month as YYYY-MM, e.g. 2021-10"));
    if (e->n == before) {
        (void)kp_q_municipality_through(ctx->db, atvk, d->m.from, d->m.to, &d->muni);
        if (!d->muni)
            kp_errors_add(e, "municipality", atvk ? atvk : "", "%s",
                          KP_TR(ctx, "nav pašvaldības ar šo ATVK kodu visā mēnesī",
                                "no municipality with this ATVK code throughout the month"));
    }
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_access_municipality(ctx, d->muni, true);
    if (rc)
        return rc;
    snprintf(d->mon, sizeof d->mon, "%.7s", d->m.from);
    /* The region the municipality belongs to in the month. */
    rc = kp_territory_region_at(ctx, d->muni, d->m.last, d->region);
    if (!rc)
        rc = kp_q_project_through(ctx->db, d->region, d->m.from, d->m.to, &d->project);
    if (rc)
        return rc;
    if (!d->project) {
        kp_errors_add(e, "month", month_s, "%s",
                      KP_TR(ctx, "reģionam šajā mēnesī nav ESF projekta", "the region has no ESF project in this month"));
        return KP_ERULE;
    }
    /* Candidates: confirmed deliveries of the month not yet claimed, of
     * clients whose records the region holds at the month's end (their own
     * territory may have been another region's before a reform). */
    kp_territories terr;
    kp_buf origins;
    kp_buf_init(&origins, KP_BUF_DEFAULT_MAX);
    rc = kp_territories_load(ctx, &terr);
    if (!rc)
        rc = kp_territories_origins_json(&terr, d->region, d->m.to, &origins);
    if (rc) {
        kp_territories_free(&terr);
        kp_buf_free(&origins);
        return rc;
    }
    kp_q_candidate_vec cand = {0};
    int64_t *ids = NULL;
    size_t n = 0;
    rc = kp_q_claim_candidates(ctx->db, d->m.from, d->m.to, kp_buf_str(&origins), &cand);
    if (!rc && cand.n)
        ids = kp_xcalloc(cand.n, sizeof *ids);
    for (size_t i = 0; !rc && i < cand.n; i++)
        if (kp_territories_holder(&terr, cand.items[i].municipality, cand.items[i].parish, d->m.to) == d->muni)
            ids[n++] = cand.items[i].delivery;
    free(cand.items);
    kp_buf_free(&origins);
    kp_territories_free(&terr);
    if (!rc && n)
        d->lines = kp_xcalloc(n, sizeof *d->lines);
    for (size_t i = 0; i < n && !rc; i++) {
        line *l = &d->lines[d->n];
        rc = check_delivery(ctx, ids[i], d->muni, d->region, &d->m, l);
        if (rc)
            break;
        d->n++;
        if (l->reason[0]) {
            d->refused++;
        } else {
            d->claimable++;
            if (d->total > KP_CENTS_MAX - l->amount)
                rc = KP_EINVAL; /* beyond any real claim: refuse rather than wrap */
            else
                d->total += l->amount;
        }
    }
    free(ids);
    if (rc)
        draft_free(d);
    return rc;
}

kp_rc kp_claim_preview_get(kp_ctx *ctx, const char *atvk, const char *month_s, kp_errors *e, kp_claim_preview *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!ctx || !e || !out)
        return KP_EINVAL;
    draft d;
    kp_rc rc = draft_claim(ctx, atvk, month_s, e, &d);
    if (rc)
        return rc;
    snprintf(out->month, sizeof out->month, "%s", d.mon);
    snprintf(out->region, sizeof out->region, "%s", d.region);
    snprintf(out->atvk, sizeof out->atvk, "%.15s", atvk);
    rc = kp_q_project_number(ctx->db, d.project, out->project, sizeof out->project);
    out->n = d.n;
    out->claimable = d.claimable;
    out->refused = d.refused;
    out->total = d.total;
    kp_money_split_esf(d.total, &out->esf, &out->state);
    if (d.n)
        out->lines = kp_xcalloc(d.n, sizeof *out->lines);
    for (size_t i = 0; i < d.n && !rc; i++) {
        const line *l = &d.lines[i];
        kp_claim_preview_line *o = &out->lines[i];
        o->delivery_id = l->delivery;
        o->client_id = l->client;
        o->units = l->units;
        o->unit_cost = l->cost;
        o->amount = l->reason[0] ? 0 : l->amount;
        snprintf(o->service, sizeof o->service, "%s", l->service);
        snprintf(o->delivered_on, sizeof o->delivered_on, "%s", l->on);
        snprintf(o->reason, sizeof o->reason, "%s", l->reason);
        rc = kp_q_service_type_name(ctx->db, l->service, kp_ctx_is_en(ctx), o->service_name, sizeof o->service_name);
        /* The head may read the client: the name is shown, and that is an
         * access record, once per client. */
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = out->lines[j].client_id == l->client;
        if (!rc && kp_access_client(ctx, l->client, false) == KP_OK) {
            rc = kp_q_client_full_name(ctx->db, l->client, o->client_name, sizeof o->client_name);
            if (!rc && !seen)
                rc = kp_audit_access(ctx, "list", "client", l->client, l->client, "claim preview");
        }
    }
    draft_free(&d);
    if (rc)
        kp_claim_preview_free(out);
    return rc;
}

void kp_claim_preview_free(kp_claim_preview *p)
{
    if (!p)
        return;
    free(p->lines);
    memset(p, 0, sizeof *p);
}

kp_rc kp_claim_submit(kp_ctx *ctx, const char *atvk, const char *month_s, const kp_claim_expect *expect, kp_errors *e,
                      int64_t *claim_id, size_t *nlines, size_t *nrefused)
{
    if (!ctx || !e || !claim_id || !nlines || !nrefused)
        return KP_EINVAL;
    *claim_id = 0;
    *nlines = *nrefused = 0;
    /* The check and the write in one transaction: a delivery is claimed
     * once even when two builds run at once. */
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    draft d;
    rc = draft_claim(ctx, atvk, month_s, e, &d);
    if (!rc && expect && (d.claimable != expect->lines || d.total != expect->total)) {
        kp_errors_add(e, "month", month_s, "%s",
                      KP_TR(ctx, "pieprasījums kopš priekšskatījuma ir mainījies: apskatiet to vēlreiz un apstipriniet",
                            "the claim has changed since the preview: look at it again and confirm"));
        rc = KP_ECONFLICT;
    }
    if (rc || !d.n) {
        draft_free(&d);
        kp_store_rollback(ctx->db);
        return rc;
    }
    int64_t id = 0;
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    rc = kp_q_claim_insert(ctx->db, d.muni, d.project, d.mon, today, ctx->actor ? ctx->actor : "unknown", &id);
    for (size_t i = 0; i < d.n && !rc; i++)
        rc = insert_line(ctx, id, &d.lines[i], NULL);
    if (!rc && !d.claimable)
        rc = kp_q_claim_set_status(ctx->db, id, "verified");
    char lines_s[24], total_s[32];
    snprintf(lines_s, sizeof lines_s, "%zu", d.claimable);
    kp_money_format_plain(d.total, total_s);
    kp_field_change ch[] = {{"month", "", d.mon}, {"status", "", d.claimable ? "submitted" : "verified"},
                            {"lines", "", lines_s}, {"total", "", total_s}};
    if (!rc)
        rc = kp_audit_change(ctx, "create", "claim", id, 0, NULL, "", ch, 4);
    if (!rc) {
        *nlines = d.claimable;
        *nrefused = d.refused;
    }
    draft_free(&d);
    if (rc) {
        kp_store_rollback(ctx->db);
        *nlines = *nrefused = 0;
        return rc;
    }
    rc = kp_store_commit(ctx->db);
    if (!rc)
        *claim_id = id;
    else
        *nlines = *nrefused = 0;
    return rc;
}

kp_rc kp_claim_build(kp_ctx *ctx, const char *atvk, const char *month_s, kp_errors *e, int64_t *claim_id,
                     size_t *nlines, size_t *nrefused)
{
    return kp_claim_submit(ctx, atvk, month_s, NULL, e, claim_id, nlines, nrefused);
}

kp_rc kp_claim_add_delivery(kp_ctx *ctx, int64_t claim_id, int64_t delivery_id, kp_errors *e, int64_t *line_no)
{
    if (!ctx || !e)
        return KP_EINVAL;
    claim_head c;
    kp_rc rc = load_claim(ctx, claim_id, &c);
    if (!rc)
        rc = kp_access_municipality(ctx, c.municipality, true);
    if (rc)
        return rc;
    char did[24];
    snprintf(did, sizeof did, "%lld", (long long)delivery_id);
    int64_t other = 0;
    rc = already_claimed(ctx, delivery_id, &other);
    if (rc)
        return rc;
    if (other) {
        kp_errors_add(e, "delivery", did, KP_TR(ctx, "jau pieprasīts pieprasījumā Nr. %lld", "already claimed in claim %lld"),
                      (long long)other);
        return KP_ERULE;
    }
    if (!strcmp(c.status, "paid")) {
        kp_errors_add(e, "claim", "", "%s", KP_TR(ctx, "pieprasījums jau apmaksāts", "the claim is already paid"));
        return KP_ERULE;
    }
    month m;
    char ms[8];
    snprintf(ms, sizeof ms, "%s", c.month);
    if (!parse_month(ms, &m))
        return KP_ESTATE;
    line l;
    rc = check_delivery(ctx, delivery_id, c.municipality, c.region, &m, &l);
    if (rc == KP_ENOTFOUND) {
        kp_errors_add(e, "delivery", did, "%s", KP_TR(ctx, "nav tādas piegādes", "no such delivery"));
        return KP_EINVAL;
    }
    if (rc)
        return rc;
    if (l.reason[0]) {
        kp_errors_add(e, "delivery", did, "%s", l.reason);
        return KP_ERULE;
    }
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = insert_line(ctx, claim_id, &l, line_no);
    if (!rc)
        rc = kp_q_claim_set_status(ctx->db, claim_id, "submitted");
    if (!rc)
        rc = kp_audit(ctx, "add_line", "claim", claim_id, 0, did);
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    return kp_store_commit(ctx->db);
}

kp_rc kp_claim_verify(kp_ctx *ctx, int64_t claim_id, int64_t line_no, const char *verdict, const char *reason,
                      kp_errors *e)
{
    if (!ctx || !e)
        return KP_EINVAL;
    claim_head c;
    kp_rc rc = load_claim(ctx, claim_id, &c);
    if (!rc)
        rc = kp_access_region(ctx, c.region, true);
    if (rc)
        return rc;
    static const char *const verdicts[] = {"accept", "reject", "correct", NULL};
    size_t before = e->n;
    const char *v = kp_v_enum(ctx, e, "verdict", verdict, verdicts, true);
    if (v && strcmp(v, "accept") != 0)
        kp_v_text(ctx, e, "reason", reason, 300, true);
    char status[16] = "";
    rc = kp_q_claim_line_status(ctx->db, claim_id, line_no, status);
    if (rc)
        return rc;
    if (!status[0])
        kp_errors_add(e, "line", "", "%s", KP_TR(ctx, "pieprasījumā nav tādas rindas", "the claim has no such line"));
    else if (strcmp(status, "pending") != 0)
        kp_errors_add(e, "line", status, "%s",
                      KP_TR(ctx, "rinda jau izskatīta vai atteikta", "the line is already decided or refused"));
    if (e->n != before)
        return KP_EINVAL;
    const char *to = !strcmp(v, "accept") ? "accepted" : !strcmp(v, "reject") ? "rejected" : "correction";
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_claim_line_decide(ctx->db, claim_id, line_no, to, !strcmp(v, "accept") ? "" : reason);
    int64_t pending = 0;
    if (!rc)
        rc = kp_q_claim_pending(ctx->db, claim_id, &pending, NULL);
    if (!rc && !pending)
        rc = kp_q_claim_set_status(ctx->db, claim_id, "verified");
    char detail[48];
    snprintf(detail, sizeof detail, "line %lld %s", (long long)line_no, to);
    if (!rc)
        rc = kp_audit(ctx, "verify", "claim", claim_id, 0, detail);
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    return kp_store_commit(ctx->db);
}

kp_rc kp_claim_verify_all(kp_ctx *ctx, int64_t claim_id, const kp_claim_exception *ex, size_t nex,
                          const char *verdict, bool accept_rest, int64_t expect_pending, kp_errors *e,
                          kp_claim_verified *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!ctx || !e || (nex && !ex) || nex > KP_CLAIM_EXCEPTIONS_MAX)
        return KP_EINVAL;
    claim_head c;
    kp_rc rc = load_claim(ctx, claim_id, &c);
    if (!rc)
        rc = kp_access_region(ctx, c.region, true);
    if (rc)
        return rc;
    size_t before = e->n, marked = 0;
    static const char *const verdicts[] = {"reject", "correct", NULL};
    const char *v = "reject";
    for (size_t i = 0; i < nex; i++)
        marked += ex[i].line_no > 0;
    if (marked)
        v = kp_v_enum(ctx, e, "verdict", kp_blank(verdict) ? "reject" : verdict, verdicts, true);
    if (!marked && !accept_rest)
        kp_errors_add(e, "reject_1", "", "%s",
                      KP_TR(ctx, "atzīmējiet vismaz vienu rindu, ko noraidīt", "mark at least one line to reject"));
    if (e->n != before)
        return KP_EINVAL;
    /* Read, check and write in one transaction: what the region saw is what
     * it decides. */
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t pending = 0;
    rc = kp_q_claim_pending(ctx->db, claim_id, &pending, NULL);
    if (!rc && !strcmp(c.status, "paid"))
        kp_errors_add(e, "claim", "", "%s", KP_TR(ctx, "pieprasījums jau apmaksāts", "the claim is already paid"));
    if (!rc && accept_rest && expect_pending >= 0 && expect_pending != pending)
        kp_errors_add(e, "pending", "", KP_TR(ctx, "kopš lapas atvēršanas rindu skaits ir mainījies: gaida %lld, nevis %lld; "
                                                   "apskatiet pieprasījumu vēlreiz",
                                              "the lines have changed since the page was opened: %lld wait, not %lld; "
                                              "look at the claim again"),
                      (long long)pending, (long long)expect_pending);
    for (size_t i = 0; !rc && i < nex; i++) {
        if (ex[i].line_no <= 0)
            continue;
        char f_line[32], f_reason[32], no[24];
        snprintf(f_line, sizeof f_line, "reject_%zu", i + 1);
        snprintf(f_reason, sizeof f_reason, "reason_%zu", i + 1);
        snprintf(no, sizeof no, "%lld", (long long)ex[i].line_no);
        char status[16] = "";
        rc = kp_q_claim_line_status(ctx->db, claim_id, ex[i].line_no, status);
        if (rc)
            break;
        bool twice = false;
        for (size_t j = 0; j < i && !twice; j++)
            twice = ex[j].line_no == ex[i].line_no;
        if (!status[0])
            kp_errors_add(e, f_line, no, "%s", KP_TR(ctx, "pieprasījumā nav tādas rindas", "the claim has no such line"));
        else if (strcmp(status, "pending") != 0)
            kp_errors_add(e, f_line, no, "%s",
                          KP_TR(ctx, "rinda jau izskatīta vai atteikta", "the line is already decided or refused"));
        else if (twice)
            kp_errors_add(e, f_line, no, "%s", KP_TR(ctx, "rinda norādīta divreiz", "the line is given twice"));
        if (kp_blank(ex[i].reason))
            kp_errors_add(e, f_reason, "",
                          KP_TR(ctx, "ierakstiet, kāpēc rinda %lld tiek noraidīta", "write why line %lld is rejected"),
                          (long long)ex[i].line_no);
        else
            kp_v_text(ctx, e, f_reason, ex[i].reason, 300, true);
    }
    if (!rc && e->n != before)
        rc = KP_EINVAL;
    const char *to = !strcmp(v, "correct") ? "correction" : "rejected";
    for (size_t i = 0; !rc && i < nex; i++) {
        if (ex[i].line_no <= 0)
            continue;
        rc = kp_q_claim_line_decide(ctx->db, claim_id, ex[i].line_no, to, ex[i].reason);
        char no[24];
        snprintf(no, sizeof no, "%lld", (long long)ex[i].line_no);
        kp_field_change ch[] = {{"line", "", no}, {"status", "pending", to}};
        if (!rc)
            rc = kp_audit_change(ctx, "verify", "claim", claim_id, 0, NULL, ex[i].reason, ch, 2);
        if (!rc && out)
            out->rejected++;
    }
    if (!rc && accept_rest) {
        kp_cents sum = 0;
        int64_t n = 0;
        rc = kp_q_claim_pending(ctx->db, claim_id, &n, &sum);
        if (!rc)
            rc = kp_q_claim_accept_pending(ctx->db, claim_id);
        char n_s[24], sum_s[32];
        snprintf(n_s, sizeof n_s, "%lld", (long long)n);
        kp_money_format_plain(sum, sum_s);
        kp_field_change ch[] = {{"accepted_lines", "", n_s}, {"accepted_total", "", sum_s}};
        if (!rc && n)
            rc = kp_audit_change(ctx, "verify_all", "claim", claim_id, 0, NULL, "", ch, 2);
        if (!rc && out) {
            out->accepted = (size_t)n;
            out->accepted_total = sum;
        }
    }
    int64_t left = 0;
    if (!rc)
        rc = kp_q_claim_pending(ctx->db, claim_id, &left, NULL);
    if (!rc && !left && strcmp(c.status, "submitted") == 0) {
        rc = kp_q_claim_set_status(ctx->db, claim_id, "verified");
        kp_field_change ch[] = {{"status", "submitted", "verified"}};
        if (!rc)
            rc = kp_audit_change(ctx, "verified", "claim", claim_id, 0, NULL, "", ch, 1);
    }
    if (rc) {
        kp_store_rollback(ctx->db);
        if (out)
            memset(out, 0, sizeof *out);
        return rc;
    }
    rc = kp_store_commit(ctx->db);
    if (!rc && out)
        out->pending = (size_t)left;
    else if (out)
        memset(out, 0, sizeof *out);
    return rc;
}

kp_rc kp_claim_verify_all_check(kp_ctx *ctx, int64_t claim_id, const kp_claim_exception *ex, size_t nex,
                                const char *verdict, bool accept_rest, int64_t expect_pending, kp_errors *e,
                                kp_claim_verified *out)
{
    if (!ctx || !e)
        return KP_EINVAL;
    /* The same use case inside a transaction that is always rolled back:
     * the answer is exactly what the confirmed call will say. */
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_claim_verify_all(ctx, claim_id, ex, nex, verdict, accept_rest, expect_pending, e, out);
    kp_rc rb = kp_store_rollback(ctx->db);
    return rc ? rc : rb;
}

kp_rc kp_claim_pay(kp_ctx *ctx, const int64_t *claims, size_t n, const char *paid_on, kp_errors *e, int64_t *bundle_id,
                   kp_split_summary *out)
{
    if (!ctx || !claims || !n || !e)
        return KP_EINVAL;
    size_t before = e->n;
    kp_v_date(ctx, e, "paid_on", paid_on, true);
    claim_head *c = kp_xcalloc(n, sizeof *c);
    kp_cents *amounts = kp_xcalloc(n, sizeof *amounts);
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)claims[i]);
        rc = load_claim(ctx, claims[i], &c[i]);
        if (rc == KP_ENOTFOUND) {
            kp_errors_add(e, "claim", id, "%s", KP_TR(ctx, "nav tāda pieprasījuma", "no such claim"));
            rc = KP_OK;
            continue;
        }
        if (!rc)
            rc = kp_access_region(ctx, c[i].region, true);
        if (rc)
            break;
        for (size_t j = 0; j < i; j++)
            if (claims[j] == claims[i])
                kp_errors_add(e, "claim", id, "%s", KP_TR(ctx, "pieprasījums norādīts divreiz", "the claim is given twice"));
        if (strcmp(c[i].region, c[0].region) != 0)
            kp_errors_add(e, "claim", id, "%s",
                          KP_TR(ctx, "visiem pieprasījumiem jābūt no viena reģiona", "all claims must be of one region"));
        if (!strcmp(c[i].status, "paid"))
            kp_errors_add(e, "claim", id, "%s", KP_TR(ctx, "pieprasījums jau apmaksāts", "the claim is already paid"));
        else if (strcmp(c[i].status, "verified") != 0)
            kp_errors_add(e, "claim", id, "%s",
                          KP_TR(ctx, "pieprasījumā ir neizskatītas rindas", "the claim still has lines to verify"));
        rc = kp_q_claim_accepted_sum(ctx->db, claims[i], &amounts[i]);
        if (!rc && amounts[i] <= 0 && strcmp(c[i].status, "paid") != 0)
            kp_errors_add(e, "claim", id, "%s",
                          KP_TR(ctx, "pieprasījumā nav pieņemtu rindu", "the claim has no accepted lines"));
    }
    if (!rc && e->n != before)
        rc = KP_EINVAL;
    if (rc)
        goto out;
    kp_split_summary sum;
    kp_claim_split_bundle(amounts, n, &sum);
    rc = kp_store_begin(ctx->db);
    if (rc)
        goto out;
    int64_t bundle = 0;
    rc = kp_q_claim_bundle_insert(ctx->db, c[0].region, paid_on, sum.total, sum.esf, sum.state, sum.flat_esf, &bundle);
    for (size_t i = 0; i < n && !rc; i++) {
        month m;
        char amount[32];
        if (!parse_month(c[i].month, &m)) {
            rc = KP_ESTATE;
            break;
        }
        kp_money_format_plain(amounts[i], amount);
        kp_compensation_in in = {.project = c[i].project_number, .municipality = c[i].atvk, .period_start = m.from,
                                 .period_end = m.to, .paid_on = paid_on, .amount = amount};
        int64_t payment = 0;
        rc = kp_compensation_add(ctx, &in, e, &payment);
        if (!rc)
            rc = kp_q_claim_paid(ctx->db, claims[i], bundle, payment);
    }
    char detail[96];
    snprintf(detail, sizeof detail, "%zu claims, esf difference %lld cents", n, (long long)sum.difference);
    if (!rc)
        rc = kp_audit(ctx, "pay", "claim_bundle", bundle, 0, detail);
    if (rc) {
        kp_store_rollback(ctx->db);
        goto out;
    }
    rc = kp_store_commit(ctx->db);
    if (!rc) {
        if (bundle_id)
            *bundle_id = bundle;
        if (out)
            *out = sum;
    }
out:
    free(c);
    free(amounts);
    return rc;
}

kp_rc kp_claim_show(kp_ctx *ctx, int64_t claim_id, kp_buf *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    claim_head c;
    kp_rc rc = load_claim(ctx, claim_id, &c);
    if (!rc && kp_access_municipality(ctx, c.municipality, false) != KP_OK)
        rc = kp_access_region(ctx, c.region, false);
    if (rc)
        return rc;
    char name[96] = "";
    bool confirmed = false;
    (void)kp_q_municipality_label(ctx->db, c.municipality, name, sizeof name, &confirmed);
    /* A code not checked against the official classifier is said to be. */
    rc = kp_buf_printf(out, "claim %lld: %s (%s%s), %s, project %s, %s\n", (long long)claim_id, name, c.atvk,
                       confirmed ? "" : ", ATVK code not confirmed", c.month, c.project_number, c.status);
    kp_q_claim_line_vec lines = {0};
    if (!rc)
        rc = kp_q_claim_lines_of(ctx->db, claim_id, &lines);
    kp_cents totals[3] = {0}; /* accepted, pending, all claimable */
    for (size_t i = 0; !rc && i < lines.n; i++) {
        const kp_q_claim_line *x = &lines.items[i];
        char cost[32], amount[32];
        kp_money_format_lv(x->cost, cost);
        kp_money_format_lv(x->amount, amount);
        const char *st = x->status;
        if (!strcmp(st, "accepted"))
            totals[0] += x->amount;
        if (!strcmp(st, "pending"))
            totals[1] += x->amount;
        totals[2] += x->amount;
        rc = kp_buf_printf(out, "%4lld  %s  delivery %lld  client %lld  %-24s %4lld x %s = %s EUR  %s%s%s\n",
                           (long long)x->line_no, x->on, (long long)x->delivery, (long long)x->client, x->service,
                           (long long)x->units, cost, amount, st, x->reason[0] ? ": " : "", x->reason);
    }
    free(lines.items);
    char a[32], p[32], t[32];
    kp_money_format_lv(totals[0], a);
    kp_money_format_lv(totals[1], p);
    kp_money_format_lv(totals[2], t);
    if (!rc)
        rc = kp_buf_printf(out, "claimed %s EUR; accepted %s EUR; pending %s EUR\n", t, a, p);
    return rc;
}
