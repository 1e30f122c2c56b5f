/* Compensation claims: the municipal head builds a month's claim and reads
 * its lines; the region coordinator verifies claims line by line and pays
 * verified ones together (ESF/state split with the rounding difference).
 * Scope and audit are decided by service/claims.h and claims_views.h. */
#include "web/pages.h"
#include "service/access.h"
#include "service/programme/claims.h"
#include "service/programme/claims_views.h"
#include <stdio.h>
#include <string.h>

/* Checkboxes of the payment form: c_1 … c_PAY_MAX (routes.c declares them). */
#define PAY_MAX 40

/* A declared input of the current route, or NULL (a page shown again by
 * another route's POST does not read what that route does not declare). */
static const char *opt_in(const kp_req *r, const char *name)
{
    for (const kp_input *in = r->route ? r->route->inputs : NULL; in && in->name; in++)
        if (strcmp(in->name, name) == 0)
            return kp_in(r, name);
    return NULL;
}

static bool is_post(const kp_req *r)
{
    return strcmp(r->method, "POST") == 0;
}

static kp_str_key claim_status(const char *s)
{
    if (!strcmp(s, "verified"))
        return S_CLAIM_ST_VERIFIED;
    if (!strcmp(s, "paid"))
        return S_CLAIM_ST_PAID;
    return S_CLAIM_ST_SUBMITTED;
}

static kp_str_key line_status(const char *s)
{
    if (!strcmp(s, "accepted"))
        return S_LINE_ST_ACCEPTED;
    if (!strcmp(s, "rejected"))
        return S_LINE_ST_REJECTED;
    if (!strcmp(s, "correction"))
        return S_LINE_ST_CORRECTION;
    if (!strcmp(s, "refused"))
        return S_LINE_ST_REFUSED;
    return S_LINE_ST_PENDING;
}

static void th(kp_req *r, kp_str_key k, bool numeric)
{
    html_raw_trusted(&r->out, numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
    html_text(&r->out, KP_S(r, k));
    html_raw_trusted(&r->out, "</th>");
}

static void td_money(kp_req *r, kp_cents c)
{
    html_raw_trusted(&r->out, "<td class=\"num\">");
    html_text(&r->out, kp_fmt_money(r, c));
    html_raw_trusted(&r->out, "</td>");
}

static void td_int(kp_req *r, int64_t v)
{
    html_raw_trusted(&r->out, "<td class=\"num\">");
    html_int(&r->out, v);
    html_raw_trusted(&r->out, "</td>");
}

/* An error of `field` as a paragraph with the given id, if there is one. */
static void field_error(kp_req *r, const char *field, const char *id)
{
    const char *err = kp_errors_for(&r->errors, field);
    if (!err)
        return;
    html_raw_trusted(&r->out, "<p class=\"error\" id=\"");
    html_attr(&r->out, id);
    html_raw_trusted(&r->out, "\">");
    html_text(&r->out, err);
    html_raw_trusted(&r->out, "</p>");
}

static void para(kp_req *r, kp_str_key k)
{
    html_raw_trusted(&r->out, "<p>");
    html_text(&r->out, KP_S(r, k));
    html_raw_trusted(&r->out, "</p>\n");
}

static void claim_link(kp_req *r, const kp_claim_summary *c)
{
    html_raw_trusted(&r->out, "<a href=\"/claims/");
    html_int(&r->out, c->id);
    html_raw_trusted(&r->out, "\">");
    html_text(&r->out, c->month);
    html_raw_trusted(&r->out, "</a>");
}

/* The claims table. `pay` adds the checkbox column of the payment form. */
static void claims_table(kp_req *r, const kp_claim_list *l, const char *only_status, bool region, bool pay)
{
    kp_html *h = &r->out;
    size_t shown = 0;
    html_raw_trusted(h, "<table>\n<thead><tr>");
    if (pay)
        th(r, S_CLAIM_NO, false);
    th(r, S_CLAIM_MONTH, false);
    if (region)
        th(r, S_CLAIM_MUNICIPALITY, false);
    th(r, S_CLAIM_STATUS, false);
    th(r, S_CLAIM_LINES, true);
    th(r, S_CLAIM_PENDING, true);
    th(r, S_CLAIM_TOTAL, true);
    th(r, S_CLAIM_ACCEPTED, true);
    html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < l->n; i++) {
        const kp_claim_summary *c = &l->items[i];
        if (only_status && strcmp(c->status, only_status) != 0)
            continue;
        if (pay && shown == PAY_MAX)
            break;
        shown++;
        html_raw_trusted(h, "<tr>");
        if (pay) {
            char name[16];
            snprintf(name, sizeof name, "c_%zu", shown);
            int64_t was = 0;
            const char *v = opt_in(r, name);
            if (v)
                was = kp_in_int(r, name, 0);
            html_raw_trusted(h, "<td><input type=\"checkbox\" id=\"f-");
            html_attr(h, name);
            html_raw_trusted(h, "\" name=\"");
            html_attr(h, name);
            html_raw_trusted(h, "\" value=\"");
            html_int(h, c->id);
            html_raw_trusted(h, was == c->id ? "\" checked> <label for=\"f-" : "\"> <label for=\"f-");
            html_attr(h, name);
            html_raw_trusted(h, "\">");
            html_text(h, KP_S(r, S_CLAIM_NO));
            html_raw_trusted(h, " ");
            html_int(h, c->id);
            html_raw_trusted(h, "</label></td>");
        }
        html_raw_trusted(h, "<td>");
        claim_link(r, c);
        html_raw_trusted(h, "</td>");
        if (region) {
            html_raw_trusted(h, "<td>");
            html_text(h, c->municipality);
            html_raw_trusted(h, "</td>");
        }
        html_raw_trusted(h, "<td>");
        html_text(h, KP_S(r, claim_status(c->status)));
        html_raw_trusted(h, "</td>");
        td_int(r, (int64_t)c->lines);
        td_int(r, (int64_t)c->pending);
        td_money(r, c->total);
        td_money(r, c->accepted);
        html_raw_trusted(h, "</tr>\n");
    }
    html_raw_trusted(h, "</tbody></table>\n");
}

static size_t count_status(const kp_claim_list *l, const char *status)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        n += strcmp(l->items[i].status, status) == 0;
    return n;
}

static void dl_row(kp_req *r, kp_str_key k, const char *value)
{
    html_raw_trusted(&r->out, "<dt>");
    html_text(&r->out, KP_S(r, k));
    html_raw_trusted(&r->out, "</dt><dd>");
    html_text(&r->out, value);
    html_raw_trusted(&r->out, "</dd>");
}

/* The split of a payment just made (GET /claims?paid=bundle). */
static kp_rc bundle_panel(kp_req *r, int64_t bundle_id)
{
    kp_bundle_view b;
    kp_rc rc = kp_bundle_view_get(&r->ctx, bundle_id, &b);
    if (rc == KP_ENOTFOUND)
        return KP_OK; /* not ours: nothing to show */
    if (rc)
        return rc;
    kp_html *h = &r->out;
    html_raw_trusted(h, "<section class=\"panel\" role=\"status\" aria-labelledby=\"bundle-h\"><h2 id=\"bundle-h\">");
    html_text(h, KP_S(r, S_BUNDLE_TITLE));
    html_raw_trusted(h, ": ");
    html_text(h, kp_fmt_date(r, b.paid_on));
    html_raw_trusted(h, "</h2>\n<dl>");
    dl_row(r, S_BUNDLE_CLAIMS, kp_arena_printf(&r->arena, "%zu", b.claims));
    dl_row(r, S_BUNDLE_TOTAL, kp_fmt_money(r, b.total));
    dl_row(r, S_BUNDLE_ESF, kp_fmt_money(r, b.esf));
    dl_row(r, S_BUNDLE_STATE, kp_fmt_money(r, b.state));
    dl_row(r, S_BUNDLE_FLAT, kp_fmt_money(r, b.flat_esf));
    dl_row(r, S_BUNDLE_DIFF, kp_fmt_money(r, b.difference));
    html_raw_trusted(h, "</dl></section>\n");
    return KP_OK;
}

static void build_form(kp_req *r)
{
    kp_html *h = &r->out;
    const char *month = opt_in(r, "month");
    char dflt[24];
    if (!month) {
        /* The month before this one: the one usually claimed. */
        int y = 0, m = 0, d = 0;
        kp_date_to_ymd(kp_ctx_today(&r->ctx), &y, &m, &d);
        if (--m < 1) {
            m = 12;
            y--;
        }
        snprintf(dflt, sizeof dflt, "%04d-%02d", y % 10000, m);
        month = dflt;
    }
    html_raw_trusted(h, "<section class=\"panel\" aria-labelledby=\"build-h\"><h2 id=\"build-h\">");
    html_text(h, KP_S(r, S_CLAIM_BUILD_TITLE));
    html_raw_trusted(h, "</h2>\n<form method=\"post\" action=\"/claims/build\">");
    kp_form_csrf(r);
    kp_form_field(r, "month", KP_S(r, S_CLAIM_MONTH), "text", month, KP_S(r, S_CLAIM_MONTH_HINT), true);
    html_raw_trusted(h, "<button type=\"submit\">");
    html_text(h, KP_S(r, S_CLAIM_BUILD));
    html_raw_trusted(h, "</button></form></section>\n");
}

static void pay_form(kp_req *r, const kp_claim_list *l)
{
    kp_html *h = &r->out;
    size_t verified = count_status(l, "verified");
    html_raw_trusted(h, "<h2>");
    html_text(h, KP_S(r, S_CLAIM_TO_PAY));
    html_raw_trusted(h, "</h2>\n");
    if (!verified) {
        para(r, S_CLAIM_PAY_NONE);
        return;
    }
    html_raw_trusted(h, "<form method=\"post\" action=\"/claims/pay\">");
    kp_form_csrf(r);
    html_raw_trusted(h, kp_errors_for(&r->errors, "claim") ? "<fieldset id=\"f-claim\" class=\"has-error\"><legend>"
                                                            : "<fieldset id=\"f-claim\"><legend>");
    html_text(h, KP_S(r, S_CLAIM_PAY_SELECT));
    html_raw_trusted(h, "</legend>");
    field_error(r, "claim", "f-claim-err");
    claims_table(r, l, "verified", true, true);
    if (verified > PAY_MAX)
        para(r, S_CLAIM_PAY_MORE);
    html_raw_trusted(h, "</fieldset>\n");
    const char *paid_on = opt_in(r, "paid_on");
    char today[11];
    kp_date_format_iso(kp_ctx_today(&r->ctx), today);
    kp_form_field(r, "paid_on", KP_S(r, S_CLAIM_PAID_ON), "date", paid_on ? paid_on : today, KP_S(r, S_DATE_HINT),
                  true);
    html_raw_trusted(h, "<button type=\"submit\">");
    html_text(h, KP_S(r, S_CLAIM_PAY));
    html_raw_trusted(h, "</button></form>\n");
}

int page_claims(kp_req *r)
{
    int status = 500;
    bool region = r->ctx.role == KP_ROLE_REGION;
    kp_claim_list l;
    kp_rc rc = kp_claim_list_scoped(&r->ctx, &l);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_page_begin(r, KP_S(r, S_CLAIMS_TITLE));
    kp_html *h = &r->out;
    html_raw_trusted(h, "<h1>");
    html_text(h, KP_S(r, S_CLAIMS_TITLE));
    html_raw_trusted(h, "</h1>\n");
    para(r, region ? S_CLAIMS_INTRO_REGION : S_CLAIMS_INTRO_HEAD);
    if (!is_post(r) && opt_in(r, "paid"))
        rc = bundle_panel(r, kp_in_int(r, "paid", 0));
    if (rc) {
        kp_claim_list_free(&l);
        return kp_error(r, kp_status_for(rc));
    }
    kp_form_errors(r);
    if (region) {
        html_raw_trusted(h, "<h2>");
        html_text(h, KP_S(r, S_CLAIM_WAITING));
        html_raw_trusted(h, "</h2>\n");
        if (count_status(&l, "submitted"))
            claims_table(r, &l, "submitted", true, false);
        else
            para(r, S_CLAIM_NONE);
        pay_form(r, &l);
    } else {
        build_form(r);
        if (l.n)
            claims_table(r, &l, NULL, false, false);
        else
            para(r, S_CLAIM_NONE);
    }
    kp_claim_list_free(&l);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_claims_build(kp_req *r)
{
    char atvk[16];
    kp_rc rc = kp_municipality_atvk(&r->ctx, r->ctx.municipality_id, atvk, sizeof atvk);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    int64_t id = 0;
    size_t lines = 0, refused = 0;
    rc = kp_claim_build(&r->ctx, atvk, kp_in(r, "month"), &r->errors, &id, &lines, &refused);
    if (!rc && !id)
        kp_errors_add(&r->errors, "month", "", "%s", KP_S(r, S_CLAIM_NOTHING));
    if (rc == KP_EINVAL || rc == KP_ERULE || (!rc && !id)) {
        int st = page_claims(r);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_redirect(r, kp_arena_printf(&r->arena, "/claims/%lld", (long long)id));
}

int page_claims_pay(kp_req *r)
{
    int64_t ids[PAY_MAX];
    size_t n = 0;
    for (size_t i = 1; i <= PAY_MAX; i++) {
        char name[16];
        snprintf(name, sizeof name, "c_%zu", i);
        int64_t v = kp_in_int(r, name, 0);
        if (v > 0)
            ids[n++] = v;
    }
    if (!n) {
        kp_errors_add(&r->errors, "claim", "", "%s", KP_S(r, S_CLAIM_PAY_PICK));
        int st = page_claims(r);
        return st == 200 ? 422 : st;
    }
    int64_t bundle = 0;
    kp_split_summary sum;
    kp_rc rc = kp_claim_pay(&r->ctx, ids, n, kp_in(r, "paid_on"), &r->errors, &bundle, &sum);
    if (rc == KP_EINVAL) {
        int st = page_claims(r);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_redirect(r, kp_arena_printf(&r->arena, "/claims?paid=%lld", (long long)bundle));
}

/* The verdict form of one pending line. The line the last POST was about
 * carries its errors and the plain ids the error summary links to. */
static void verdict_form(kp_req *r, int64_t claim_id, const kp_claim_line_view *l)
{
    kp_html *h = &r->out;
    bool failed = is_post(r) && opt_in(r, "line") && kp_in_int(r, "line", 0) == l->line_no;
    const char *reason_id = failed ? "f-reason" : kp_arena_printf(&r->arena, "f-reason-%lld", (long long)l->line_no);
    html_raw_trusted(h, "<form method=\"post\" class=\"verdict\" action=\"/claims/");
    html_int(h, claim_id);
    html_raw_trusted(h, "/verify\"");
    if (failed)
        html_raw_trusted(h, " id=\"f-line\"");
    html_raw_trusted(h, ">");
    kp_form_csrf(r);
    html_raw_trusted(h, "<input type=\"hidden\" name=\"line\" value=\"");
    html_int(h, l->line_no);
    html_raw_trusted(h, "\">");
    if (failed)
        field_error(r, "line", "f-line-err");
    html_raw_trusted(h, "<label for=\"");
    html_attr(h, reason_id);
    html_raw_trusted(h, "\">");
    html_text(h, KP_S(r, S_CLAIM_REASON));
    html_raw_trusted(h, "</label>");
    bool reason_err = failed && kp_errors_for(&r->errors, "reason");
    if (reason_err)
        field_error(r, "reason", "f-reason-err");
    html_raw_trusted(h, "<input type=\"text\" name=\"reason\" maxlength=\"300\" id=\"");
    html_attr(h, reason_id);
    html_raw_trusted(h, "\"");
    if (failed && opt_in(r, "reason")) {
        html_raw_trusted(h, " value=\"");
        html_attr(h, kp_in(r, "reason"));
        html_raw_trusted(h, "\"");
    }
    html_raw_trusted(h, reason_err ? " aria-invalid=\"true\" aria-describedby=\"f-reason-err\" title=\"" : " title=\"");
    html_attr(h, KP_S(r, S_CLAIM_REASON_HINT));
    html_raw_trusted(h, "\">");
    if (failed)
        html_raw_trusted(h, "<span id=\"f-verdict\">");
    if (failed)
        field_error(r, "verdict", "f-verdict-err");
    static const struct {
        const char *value;
        kp_str_key label;
    } V[] = {{"accept", S_CLAIM_ACCEPT}, {"reject", S_CLAIM_REJECT}, {"correct", S_CLAIM_CORRECT}};
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        html_raw_trusted(h, " <button type=\"submit\" name=\"verdict\" value=\"");
        html_raw_trusted(h, V[i].value);
        html_raw_trusted(h, "\">");
        html_text(h, KP_S(r, V[i].label));
        html_raw_trusted(h, "</button>");
    }
    if (failed)
        html_raw_trusted(h, "</span>");
    html_raw_trusted(h, "</form>");
}

int page_claim(kp_req *r)
{
    int status = 500;
    kp_claim_view v;
    kp_rc rc = kp_claim_view_get(&r->ctx, r->path_id, &v);
    if (rc)
        return kp_error(r, kp_status_for(rc)); /* out of scope: 404 */
    bool decide = r->ctx.role == KP_ROLE_REGION && strcmp(v.head.status, "paid") != 0 && v.head.pending > 0;
    kp_html *h = &r->out;
    const char *title = kp_arena_printf(&r->arena, "%s %lld", KP_S(r, S_CLAIM_NO), (long long)v.head.id);
    kp_page_begin(r, title);
    html_raw_trusted(h, "<h1>");
    html_text(h, title);
    html_raw_trusted(h, ": ");
    html_text(h, v.head.municipality);
    html_raw_trusted(h, ", ");
    html_text(h, v.head.month);
    html_raw_trusted(h, "</h1>\n<p><a href=\"/claims\">");
    html_text(h, KP_S(r, S_CLAIM_BACK));
    html_raw_trusted(h, "</a></p>\n");
    if (!is_post(r) && opt_in(r, "saved"))
        kp_notice(r, KP_S(r, S_CLAIM_SAVED));
    kp_form_errors(r);
    html_raw_trusted(h, "<dl>");
    dl_row(r, S_CLAIM_STATUS, KP_S(r, claim_status(v.head.status)));
    dl_row(r, S_CLAIM_PROJECT, v.project);
    dl_row(r, S_CLAIM_BUILT_ON, kp_fmt_date(r, v.head.built_on));
    dl_row(r, S_CLAIM_TOTAL, kp_fmt_money(r, v.head.total));
    dl_row(r, S_CLAIM_ACCEPTED, kp_fmt_money(r, v.head.accepted));
    html_raw_trusted(h, "</dl>\n<table>\n<thead><tr>");
    th(r, S_CLAIM_LINE_NO, true);
    th(r, S_CLAIM_CLIENT, false);
    th(r, S_CLAIM_SERVICE, false);
    th(r, S_CLAIM_DATE, false);
    th(r, S_CLAIM_UNITS, true);
    th(r, S_CLAIM_UNIT_COST, true);
    th(r, S_CLAIM_AMOUNT, true);
    th(r, S_CLAIM_VERDICT, false);
    if (decide)
        th(r, S_CLAIM_DECIDE, false);
    html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < v.nlines; i++) {
        const kp_claim_line_view *l = &v.lines[i];
        html_raw_trusted(h, "<tr>");
        td_int(r, l->line_no);
        html_raw_trusted(h, "<td>");
        if (l->client_name[0]) {
            html_raw_trusted(h, "<a href=\"/clients/");
            html_int(h, l->client_id);
            html_raw_trusted(h, "\">");
            html_text(h, l->client_name);
            html_raw_trusted(h, "</a>");
        } else {
            html_text(h, KP_S(r, S_CLAIM_CLIENT_NO));
            html_raw_trusted(h, " ");
            html_int(h, l->client_id);
        }
        html_raw_trusted(h, "</td><td>");
        html_text(h, l->service_name);
        html_raw_trusted(h, "</td><td>");
        html_text(h, kp_fmt_date(r, l->delivered_on));
        html_raw_trusted(h, "</td>");
        td_int(r, l->units);
        td_money(r, l->unit_cost);
        td_money(r, l->amount);
        html_raw_trusted(h, "<td>");
        html_text(h, KP_S(r, line_status(l->status)));
        if (l->reason[0]) {
            html_raw_trusted(h, ": ");
            html_text(h, l->reason);
        }
        html_raw_trusted(h, "</td>");
        if (decide) {
            html_raw_trusted(h, "<td>");
            if (!strcmp(l->status, "pending"))
                verdict_form(r, v.head.id, l);
            html_raw_trusted(h, "</td>");
        }
        html_raw_trusted(h, "</tr>\n");
    }
    html_raw_trusted(h, "</tbody></table>\n");
    kp_claim_view_free(&v);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_claim_verify(kp_req *r)
{
    kp_rc rc = kp_claim_verify(&r->ctx, r->path_id, kp_in_int(r, "line", 0), kp_in(r, "verdict"), kp_in(r, "reason"),
                               &r->errors);
    if (rc == KP_EINVAL) {
        int st = page_claim(r);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_redirect(r, kp_arena_printf(&r->arena, "/claims/%lld?saved=1", (long long)r->path_id));
}
