/* Compensation claims: the municipal head builds a month's claim and reads
 * its lines; the region coordinator verifies claims line by line and pays
 * verified ones together (ESF/state split with the rounding difference).
 * Scope and audit are decided by service/claims.h and claims_views.h. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "web/listing.h"
#include "service/access.h"
#include "service/programme/claims.h"
#include "service/programme/claims_views.h"
#include <stdio.h>
#include <string.h>

/* Words of the preview, the confirmations and the one-action verification
 * (the older claim words are in strings.h). */
#define STRINGS(X)                                                                                                   \
    X(T_PREVIEW, "Pieprasījuma priekšskatījums", "Claim preview")                                                    \
    X(T_PREVIEW_BTN, "Priekšskatīt", "Preview")                                                                      \
    X(T_PREVIEW_INTRO, "Pieprasījums vēl nav iesniegts. Pārbaudiet rindas un summas; iesniegts tiks tikai pēc "        \
                       "apstiprināšanas.",                                                                           \
      "The claim has not been made yet. Check its lines and totals; it is made only when you confirm.")             \
    X(T_CLAIMABLE, "Pieprasāmās rindas", "Lines claimed")                                                            \
    X(T_REFUSED, "Atteiktās rindas (netiks pieprasītas)", "Lines refused (not claimed)")                             \
    X(T_TOTAL, "Kopsumma", "Total")                                                                                  \
    X(T_ESF, "ESF daļa (85 %)", "ESF part (85 %)")                                                                   \
    X(T_STATE, "Valsts budžeta daļa (15 %)", "State budget part (15 %)")                                             \
    X(T_WHAT_HAPPENS, "Kas notiks", "What will happen")                                                              \
    X(T_SUBMIT, "Apstiprināt un iesniegt", "Confirm and submit")                                                     \
    X(T_CANCEL, "Atcelt", "Cancel")                                                                                  \
    X(T_BACK_EDIT, "Atpakaļ, mainīt", "Back, change")                                                                \
    X(T_NOTHING_CLAIMABLE, "Nav nevienas rindas, ko pieprasīt: iesniegt nav ko.", "There is no line to claim: nothing to submit.") \
    X(T_PAGE, "Lapa", "Page")                                                                                        \
    X(T_PREV, "Iepriekšējā lapa", "Previous page")                                                                   \
    X(T_NEXT, "Nākamā lapa", "Next page")                                                                            \
    X(T_VERIFY_TITLE, "Izskatīt pieprasījumu", "Verify the claim")                                                   \
    X(T_VERIFY_INTRO, "Atzīmējiet tikai tās rindas, kuras nepieņemat, un ierakstiet iemeslu. Visas pārējās gaidošās "  \
                      "rindas tiks pieņemtas ar vienu darbību. Pirms saglabāšanas parādīsim, kas notiks.",           \
      "Mark only the lines you do not accept and write why. All the other waiting lines are accepted in one "      \
      "action. Before anything is saved you will see what will happen.")                                          \
    X(T_VERDICT_MARKED, "Atzīmētās rindas", "The marked lines")                                                      \
    X(T_ACCEPT_REST, "Pieņemt visas pārējās gaidošās rindas un noraidīt atzīmētās…",                                  \
      "Accept all the other waiting lines and reject the marked ones…")                                            \
    X(T_ONLY_MARKED, "Tikai noraidīt atzīmētās…", "Only reject the marked ones…")                                   \
    X(T_WILL_REJECT, "Tiks noraidītas šīs rindas:", "These lines will be rejected:")                                 \
    X(T_WILL_CORRECT, "Šīs rindas tiks nosūtītas labot:", "These lines will be sent back for correction:")         \
    X(T_WILL_VERIFIED, "Pēc tam pieprasījums būs pārbaudīts un gatavs apmaksai. Lēmumus nevar atsaukt.",             \
      "The claim will then be verified and ready for payment. Verdicts cannot be undone.")                         \
    X(T_WILL_FINAL, "Lēmumus nevar atsaukt.", "Verdicts cannot be undone.")                                          \
    X(T_CONFIRM_VERIFY, "Apstiprināt lēmumus", "Confirm the verdicts")                                               \
    X(T_LINE, "rinda", "line")

KP_PAGE_STRINGS(STRINGS);

/* A message with printf arguments: both literals stay visible to the
 * format check. */
#define TF(r, lv, en) (strcmp((r)->lang, "en") == 0 ? (en) : (lv))

/* Lines shown on one page of a claim or a preview. */
#define LINES_PER_PAGE 25
/* The exceptions one verification form carries: one per line of a page. */
#define SLOTS KP_CLAIM_EXCEPTIONS_MAX

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

/* The claims table. `pay` adds the checkbox column of the payment form;
 * `pl` pages the list (its total is set here; NULL: every row). */
static void claims_table(kp_req *r, const kp_claim_list *l, const char *only_status, bool region, bool pay,
                         kp_list *pl)
{
    kp_html *h = &r->out;
    size_t shown = 0, seen = 0, from = 0, to = (size_t)-1;
    if (pl) {
        pl->total = 0;
        for (size_t i = 0; i < l->n; i++)
            pl->total += !only_status || strcmp(l->items[i].status, only_status) == 0;
        from = kp_list_offset(pl);
        to = from + (size_t)pl->per;
        size_t left = pl->total > from ? pl->total - from : 0;
        kp_list_summary(r, pl, left < (size_t)pl->per ? left : (size_t)pl->per);
    }
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
        if (seen++ < from)
            continue;
        if (seen > to || (pay && shown == PAY_MAX))
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
    if (pl)
        kp_list_pager(r, pl, NULL);
}

static size_t count_status(const kp_claim_list *l, const char *status)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        n += strcmp(l->items[i].status, status) == 0;
    return n;
}

static void para_text(kp_req *r, const char *text)
{
    html_raw_trusted(&r->out, "<p>");
    html_text(&r->out, text);
    html_raw_trusted(&r->out, "</p>\n");
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
    html_raw_trusted(h, "</h2>\n<form method=\"get\" action=\"/claims/preview\">");
    kp_form_field(r, "month", KP_S(r, S_CLAIM_MONTH), "text", month, KP_S(r, S_CLAIM_MONTH_HINT), true);
    html_raw_trusted(h, "<button type=\"submit\">");
    html_text(h, t(r, T_PREVIEW_BTN));
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
    claims_table(r, l, "verified", true, true, NULL);
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
    /* Paged when asked for with GET; a form sent back after an error shows
     * every row as before (its route declares no paging inputs). */
    kp_list pl;
    memset(&pl, 0, sizeof pl);
    bool paged = !is_post(r);
    if (paged)
        kp_list_init(r, &pl, "/claims", NULL, NULL);
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
            claims_table(r, &l, "submitted", true, false, paged ? &pl : NULL);
        else
            para(r, S_CLAIM_NONE);
        pay_form(r, &l);
    } else {
        build_form(r);
        if (l.n)
            claims_table(r, &l, NULL, false, false, paged ? &pl : NULL);
        else
            para(r, S_CLAIM_NONE);
    }
    kp_claim_list_free(&l);
    kp_page_end(r);
    status = 200;
    return status;
}

/* A pager for `total` lines at `page` (1-based) of LINES_PER_PAGE; `base`
 * is the page's path with its query so far ("?…&" or "?"). */
static void pager(kp_req *r, const char *base, size_t page, size_t total)
{
    if (total <= LINES_PER_PAGE)
        return;
    size_t pages = (total + LINES_PER_PAGE - 1) / LINES_PER_PAGE;
    size_t first = (page - 1) * LINES_PER_PAGE + 1, last = page * LINES_PER_PAGE;
    if (last > total)
        last = total;
    kp_html *h = &r->out;
    html_raw_trusted(h, "<nav class=\"pager\" aria-label=\"");
    html_attr(h, t(r, T_PAGE));
    html_raw_trusted(h, "\"><span>");
    html_textf(h, TF(r, "Rindas %zu–%zu no %zu", "Lines %zu–%zu of %zu"), first, last, total);
    html_raw_trusted(h, "</span>");
    if (page > 1) {
        html_raw_trusted(h, "<a rel=\"prev\" href=\"");
        html_attr(h, kp_arena_printf(&r->arena, "%spage=%zu", base, page - 1));
        html_raw_trusted(h, "\">");
        html_text(h, t(r, T_PREV));
        html_raw_trusted(h, "</a>");
    }
    if (page < pages) {
        html_raw_trusted(h, "<a rel=\"next\" href=\"");
        html_attr(h, kp_arena_printf(&r->arena, "%spage=%zu", base, page + 1));
        html_raw_trusted(h, "\">");
        html_text(h, t(r, T_NEXT));
        html_raw_trusted(h, "</a>");
    }
    html_raw_trusted(h, "</nav>\n");
}

static size_t page_of(kp_req *r, size_t total)
{
    int64_t page = opt_in(r, "page") ? kp_in_int(r, "page", 1) : 1;
    size_t pages = total ? (total + LINES_PER_PAGE - 1) / LINES_PER_PAGE : 1;
    if (page < 1)
        page = 1;
    if ((size_t)page > pages)
        page = (int64_t)pages;
    return (size_t)page;
}

static void hidden(kp_req *r, const char *name, const char *value)
{
    html_raw_trusted(&r->out, "<input type=\"hidden\" name=\"");
    html_attr(&r->out, name);
    html_raw_trusted(&r->out, "\" value=\"");
    html_attr(&r->out, value);
    html_raw_trusted(&r->out, "\">");
}

/* The preview of a month's claim (GET /claims/preview?month=…, and POST
 * /claims/build without confirm=1 or when the claim changed since): its
 * lines, totals and split, and the one button that makes it. */
int page_claims_preview(kp_req *r)
{
    int status = 500;
    char atvk[16];
    kp_rc rc = kp_municipality_atvk(&r->ctx, r->ctx.municipality_id, atvk, sizeof atvk);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    const char *month = opt_in(r, "month");
    kp_claim_preview pv;
    kp_errors own;
    kp_errors_init(&own);
    rc = kp_claim_preview_get(&r->ctx, atvk, month ? month : "", r->errors.n ? &own : &r->errors, &pv);
    kp_errors_free(&own);
    if (rc == KP_EINVAL || rc == KP_ERULE) {
        int st = page_claims(r);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    if (!pv.n) {
        kp_claim_preview_free(&pv);
        kp_errors_add(&r->errors, "month", month, "%s", KP_S(r, S_CLAIM_NOTHING));
        int st = page_claims(r);
        return st == 200 ? 422 : st;
    }
    kp_html *h = &r->out;
    const char *title = kp_arena_printf(&r->arena, "%s: %s", t(r, T_PREVIEW), pv.month);
    kp_page_begin(r, title);
    html_raw_trusted(h, "<h1>");
    html_text(h, title);
    html_raw_trusted(h, "</h1>\n");
    kp_form_errors(r);
    para_text(r, t(r, T_PREVIEW_INTRO));
    html_raw_trusted(h, "<section class=\"confirm\" aria-labelledby=\"what-h\"><h2 id=\"what-h\">");
    html_text(h, t(r, T_WHAT_HAPPENS));
    html_raw_trusted(h, "</h2>\n<dl class=\"sum\">");
    dl_row(r, S_CLAIM_PROJECT, pv.project);
    html_raw_trusted(h, "<dt>");
    html_text(h, t(r, T_CLAIMABLE));
    html_raw_trusted(h, "</dt><dd>");
    html_int(h, (int64_t)pv.claimable);
    html_raw_trusted(h, "</dd><dt>");
    html_text(h, t(r, T_REFUSED));
    html_raw_trusted(h, "</dt><dd>");
    html_int(h, (int64_t)pv.refused);
    html_raw_trusted(h, "</dd><dt>");
    html_text(h, t(r, T_TOTAL));
    html_raw_trusted(h, "</dt><dd><strong>");
    html_text(h, kp_fmt_money(r, pv.total));
    html_raw_trusted(h, "</strong></dd><dt>");
    html_text(h, t(r, T_ESF));
    html_raw_trusted(h, "</dt><dd>");
    html_text(h, kp_fmt_money(r, pv.esf));
    html_raw_trusted(h, "</dd><dt>");
    html_text(h, t(r, T_STATE));
    html_raw_trusted(h, "</dt><dd>");
    html_text(h, kp_fmt_money(r, pv.state));
    html_raw_trusted(h, "</dd></dl>\n");
    if (pv.claimable) {
        html_raw_trusted(h, "<p>");
        html_textf(h, TF(r, "Reģionam tiks iesniegts pieprasījums ar %zu rindām par %s (ESF %s, valsts %s). Iesniegtu " "pieprasījumu nevar atsaukt; to izskata reģions.", "A claim of %zu lines for %s (ESF %s, state %s) will be submitted to the region. A submitted claim cannot be " "withdrawn; the region verifies it."), pv.claimable, kp_fmt_money(r, pv.total), kp_fmt_money(r, pv.esf),
                   kp_fmt_money(r, pv.state));
        html_raw_trusted(h, "</p>\n");
    } else {
        para_text(r, t(r, T_NOTHING_CLAIMABLE));
    }
    html_raw_trusted(h, "<form method=\"post\" action=\"/claims/build\">");
    kp_form_csrf(r);
    hidden(r, "month", pv.month);
    hidden(r, "confirm", "1");
    hidden(r, "expect_lines", kp_arena_printf(&r->arena, "%zu", pv.claimable));
    hidden(r, "expect_total", kp_arena_printf(&r->arena, "%lld", (long long)pv.total));
    if (pv.claimable) {
        html_raw_trusted(h, "<button type=\"submit\">");
        html_text(h, t(r, T_SUBMIT));
        html_raw_trusted(h, "</button>");
    }
    html_raw_trusted(h, "<a class=\"button secondary\" href=\"/claims\">");
    html_text(h, t(r, T_CANCEL));
    html_raw_trusted(h, "</a></form>\n</section>\n");

    size_t page = page_of(r, pv.n);
    size_t from = (page - 1) * LINES_PER_PAGE, to = from + LINES_PER_PAGE < pv.n ? from + LINES_PER_PAGE : pv.n;
    html_raw_trusted(h, "<table>\n<thead><tr>");
    th(r, S_CLAIM_LINE_NO, true);
    th(r, S_CLAIM_CLIENT, false);
    th(r, S_CLAIM_SERVICE, false);
    th(r, S_CLAIM_DATE, false);
    th(r, S_CLAIM_UNITS, true);
    th(r, S_CLAIM_UNIT_COST, true);
    th(r, S_CLAIM_AMOUNT, true);
    th(r, S_CLAIM_VERDICT, false);
    html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = from; i < to; i++) {
        const kp_claim_preview_line *l = &pv.lines[i];
        html_raw_trusted(h, "<tr>");
        td_int(r, (int64_t)i + 1);
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
        html_text(h, l->service_name[0] ? l->service_name : l->service);
        html_raw_trusted(h, "</td><td>");
        html_text(h, kp_fmt_date(r, l->delivered_on));
        html_raw_trusted(h, "</td>");
        td_int(r, l->units);
        td_money(r, l->unit_cost);
        td_money(r, l->amount);
        html_raw_trusted(h, "<td>");
        if (l->reason[0]) {
            html_text(h, KP_S(r, S_LINE_ST_REFUSED));
            html_raw_trusted(h, ": ");
            html_text(h, l->reason);
        }
        html_raw_trusted(h, "</td></tr>\n");
    }
    html_raw_trusted(h, "</tbody></table>\n");
    pager(r, kp_arena_printf(&r->arena, "/claims/preview?month=%s&", pv.month), page, pv.n);
    kp_claim_preview_free(&pv);
    kp_page_end(r);
    status = 200;
    return status;
}

/* POST /claims/build: only a confirmed preview makes the claim; anything
 * else shows the preview. */
int page_claims_build(kp_req *r)
{
    if (kp_in_int(r, "confirm", 0) != 1 || !kp_in(r, "expect_lines") || !kp_in(r, "expect_total"))
        return page_claims_preview(r);
    char atvk[16];
    kp_rc rc = kp_municipality_atvk(&r->ctx, r->ctx.municipality_id, atvk, sizeof atvk);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    int64_t id = 0;
    size_t lines = 0, refused = 0;
    kp_claim_expect x = {.lines = (size_t)kp_in_int(r, "expect_lines", 0), .total = kp_in_int(r, "expect_total", 0)};
    rc = kp_claim_submit(&r->ctx, atvk, kp_in(r, "month"), &x, &r->errors, &id, &lines, &refused);
    if (rc == KP_ECONFLICT) {
        int st = page_claims_preview(r);
        return st == 200 ? 409 : st;
    }
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

/* The exceptions a verification form sent: slot k carries reject_k (the
 * line number) and reason_k. Unused slots have line_no 0. */
static size_t read_exceptions(kp_req *r, kp_claim_exception ex[SLOTS])
{
    size_t marked = 0;
    for (size_t k = 0; k < SLOTS; k++) {
        char f[32];
        snprintf(f, sizeof f, "reject_%zu", k + 1);
        ex[k].line_no = opt_in(r, f) ? kp_in_int(r, f, 0) : 0;
        snprintf(f, sizeof f, "reason_%zu", k + 1);
        ex[k].reason = opt_in(r, f);
        marked += ex[k].line_no > 0;
    }
    return marked;
}

/* The cell of one waiting line in the verification form: a checkbox
 * "reject line N" and its reason, both named by the line's slot on the
 * page; what a refused POST sent is kept. */
static void exception_cell(kp_req *r, size_t slot, const kp_claim_line_view *l)
{
    kp_html *h = &r->out;
    char f_box[32], f_reason[32];
    snprintf(f_box, sizeof f_box, "reject_%zu", slot);
    snprintf(f_reason, sizeof f_reason, "reason_%zu", slot);
    bool checked = opt_in(r, f_box) && kp_in_int(r, f_box, 0) == l->line_no;
    const char *reason = checked ? opt_in(r, f_reason) : NULL;
    const char *box_err = kp_errors_for(&r->errors, f_box);
    const char *reason_err = kp_errors_for(&r->errors, f_reason);
    html_raw_trusted(h, "<td");
    if (box_err || reason_err)
        html_raw_trusted(h, " class=\"has-error\"");
    html_raw_trusted(h, "><label class=\"check\" for=\"f-");
    html_attr(h, f_box);
    html_raw_trusted(h, "\"><input type=\"checkbox\" id=\"f-");
    html_attr(h, f_box);
    html_raw_trusted(h, "\" name=\"");
    html_attr(h, f_box);
    html_raw_trusted(h, "\" value=\"");
    html_int(h, l->line_no);
    html_raw_trusted(h, checked ? "\" checked>" : "\">");
    html_textf(h, TF(r, "Noraidīt rindu %lld", "Reject line %lld"), (long long)l->line_no);
    html_raw_trusted(h, "</label>");
    if (box_err) {
        html_raw_trusted(h, "<p class=\"error\">");
        html_text(h, box_err);
        html_raw_trusted(h, "</p>");
    }
    html_raw_trusted(h, "<label class=\"skip-label\" for=\"f-");
    html_attr(h, f_reason);
    html_raw_trusted(h, "\">");
    html_textf(h, TF(r, "Iemesls, rinda %lld", "Reason, line %lld"), (long long)l->line_no);
    html_raw_trusted(h, "</label>");
    if (reason_err) {
        html_raw_trusted(h, "<p class=\"error\" id=\"f-");
        html_attr(h, f_reason);
        html_raw_trusted(h, "-err\">");
        html_text(h, reason_err);
        html_raw_trusted(h, "</p>");
    }
    html_raw_trusted(h, "<input type=\"text\" maxlength=\"300\" id=\"f-");
    html_attr(h, f_reason);
    html_raw_trusted(h, "\" name=\"");
    html_attr(h, f_reason);
    html_raw_trusted(h, "\"");
    if (reason) {
        html_raw_trusted(h, " value=\"");
        html_attr(h, reason);
        html_raw_trusted(h, "\"");
    }
    if (reason_err) {
        html_raw_trusted(h, " aria-invalid=\"true\" aria-describedby=\"f-");
        html_attr(h, f_reason);
        html_raw_trusted(h, "-err\"");
    }
    html_raw_trusted(h, "></td>");
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
    html_raw_trusted(h, "</h1>\n");
    if (!is_post(r) && opt_in(r, "saved"))
        kp_notice(r, KP_S(r, S_CLAIM_SAVED));
    if (!is_post(r) && opt_in(r, "accepted"))
        kp_notice(r, kp_arena_printf(&r->arena, TF(r, "Saglabāts: pieņemtas %zu, noraidītas %zu, vēl jāizskata %zu rindas.", "Saved: %zu accepted, %zu rejected, %zu still to verify."), (size_t)kp_in_int(r, "accepted", 0),
                                     (size_t)kp_in_int(r, "rejected", 0), (size_t)v.head.pending));
    kp_form_errors(r);
    html_raw_trusted(h, "<dl class=\"sum\">");
    dl_row(r, S_CLAIM_STATUS, KP_S(r, claim_status(v.head.status)));
    dl_row(r, S_CLAIM_PROJECT, v.project);
    dl_row(r, S_CLAIM_BUILT_ON, kp_fmt_date(r, v.head.built_on));
    dl_row(r, S_CLAIM_LINES, kp_arena_printf(&r->arena, "%zu", v.nlines));
    dl_row(r, S_CLAIM_PENDING, kp_arena_printf(&r->arena, "%zu", v.head.pending));
    dl_row(r, S_CLAIM_TOTAL, kp_fmt_money(r, v.head.total));
    dl_row(r, S_CLAIM_ACCEPTED, kp_fmt_money(r, v.head.accepted));
    html_raw_trusted(h, "</dl>\n");
    size_t page = page_of(r, v.nlines);
    size_t from = (page - 1) * LINES_PER_PAGE, to = from + LINES_PER_PAGE < v.nlines ? from + LINES_PER_PAGE : v.nlines;
    if (decide) {
        html_raw_trusted(h, "<h2>");
        html_text(h, t(r, T_VERIFY_TITLE));
        html_raw_trusted(h, "</h2>\n");
        para_text(r, t(r, T_VERIFY_INTRO));
        html_raw_trusted(h, "<form method=\"post\" action=\"/claims/");
        html_int(h, v.head.id);
        html_raw_trusted(h, "/verify-all\">");
        kp_form_csrf(r);
        hidden(r, "expect_pending", kp_arena_printf(&r->arena, "%zu", v.head.pending));
        hidden(r, "page", kp_arena_printf(&r->arena, "%zu", page));
        const char *pend = kp_errors_for(&r->errors, "pending");
        if (pend) {
            html_raw_trusted(h, "<p class=\"error\" id=\"f-pending\">");
            html_text(h, pend);
            html_raw_trusted(h, "</p>");
        }
    }
    pager(r, kp_arena_printf(&r->arena, "/claims/%lld?", (long long)v.head.id), page, v.nlines);
    html_raw_trusted(h, "<table>\n<thead><tr>");
    th(r, S_CLAIM_LINE_NO, true);
    th(r, S_CLAIM_CLIENT, false);
    th(r, S_CLAIM_SERVICE, false);
    th(r, S_CLAIM_DATE, false);
    th(r, S_CLAIM_UNITS, true);
    th(r, S_CLAIM_UNIT_COST, true);
    th(r, S_CLAIM_AMOUNT, true);
    th(r, S_CLAIM_VERDICT, false);
    if (decide)
        th(r, S_CLAIM_REJECT, false);
    html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
    size_t slot = 0;
    for (size_t i = from; i < to; i++) {
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
            if (!strcmp(l->status, "pending") && slot < SLOTS)
                exception_cell(r, ++slot, l);
            else
                html_raw_trusted(h, "<td></td>");
        }
        html_raw_trusted(h, "</tr>\n");
    }
    html_raw_trusted(h, "</tbody></table>\n");
    if (decide) {
        const char *verr = kp_errors_for(&r->errors, "verdict");
        const char *verdict = opt_in(r, "verdict");
        bool correct = verdict && strcmp(verdict, "correct") == 0;
        html_raw_trusted(h, verr ? "<div class=\"field has-error\">" : "<div class=\"field\">");
        html_raw_trusted(h, "<label for=\"f-verdict\">");
        html_text(h, t(r, T_VERDICT_MARKED));
        html_raw_trusted(h, "</label>");
        if (verr) {
            html_raw_trusted(h, "<p class=\"error\">");
            html_text(h, verr);
            html_raw_trusted(h, "</p>");
        }
        html_raw_trusted(h, "<select id=\"f-verdict\" name=\"verdict\"><option value=\"reject\"");
        html_raw_trusted(h, correct ? ">" : " selected>");
        html_text(h, KP_S(r, S_CLAIM_REJECT));
        html_raw_trusted(h, "</option><option value=\"correct\"");
        html_raw_trusted(h, correct ? " selected>" : ">");
        html_text(h, KP_S(r, S_CLAIM_CORRECT));
        html_raw_trusted(h, "</option></select></div>\n<p><button type=\"submit\" name=\"accept_rest\" value=\"1\">");
        html_text(h, t(r, T_ACCEPT_REST));
        html_raw_trusted(h, "</button> <button type=\"submit\" class=\"secondary\" name=\"accept_rest\" value=\"0\">");
        html_text(h, t(r, T_ONLY_MARKED));
        html_raw_trusted(h, "</button></p></form>\n");
    }
    pager(r, kp_arena_printf(&r->arena, "/claims/%lld?", (long long)v.head.id), page, v.nlines);
    html_raw_trusted(h, "<p><a href=\"/claims\">");
    html_text(h, KP_S(r, S_CLAIM_BACK));
    html_raw_trusted(h, "</a></p>\n");
    kp_claim_view_free(&v);
    kp_page_end(r);
    status = 200;
    return status;
}

/* What a verification will do, asked before it is done: the lines that
 * will be accepted (count and sum) and those rejected with their reasons. */
static int confirm_verify(kp_req *r, const kp_claim_exception *ex, bool accept_rest)
{
    int status = 500;
    kp_claim_view v;
    kp_rc rc = kp_claim_view_get(&r->ctx, r->path_id, &v);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_html *h = &r->out;
    const char *verdict = kp_in(r, "verdict");
    bool correct = verdict && strcmp(verdict, "correct") == 0;
    int64_t accept_n = 0;
    kp_cents accept_sum = 0;
    for (size_t i = 0; i < v.nlines; i++) {
        const kp_claim_line_view *l = &v.lines[i];
        if (strcmp(l->status, "pending") != 0)
            continue;
        bool marked = false;
        for (size_t k = 0; k < SLOTS && !marked; k++)
            marked = ex[k].line_no == l->line_no;
        if (!marked) {
            accept_n++;
            accept_sum += l->amount;
        }
    }
    const char *title = kp_arena_printf(&r->arena, "%s %lld", KP_S(r, S_CLAIM_NO), (long long)v.head.id);
    kp_page_begin(r, title);
    html_raw_trusted(h, "<h1>");
    html_text(h, title);
    html_raw_trusted(h, ": ");
    html_text(h, t(r, T_WHAT_HAPPENS));
    html_raw_trusted(h, "</h1>\n<section class=\"confirm\">");
    if (accept_rest) {
        html_raw_trusted(h, "<p>");
        html_textf(h, TF(r, "Tiks pieņemtas %lld gaidošās rindas par %s.", "%lld waiting lines for %s will be accepted."), (long long)accept_n, kp_fmt_money(r, accept_sum));
        html_raw_trusted(h, "</p>\n");
    }
    bool any = false;
    for (size_t k = 0; k < SLOTS; k++) {
        if (ex[k].line_no <= 0)
            continue;
        if (!any)
            html_raw_trusted(h, "<p>");
        if (!any)
            html_text(h, t(r, correct ? T_WILL_CORRECT : T_WILL_REJECT));
        if (!any)
            html_raw_trusted(h, "</p>\n<ul>");
        any = true;
        html_raw_trusted(h, "<li>");
        html_text(h, t(r, T_LINE));
        html_raw_trusted(h, " ");
        html_int(h, ex[k].line_no);
        for (size_t i = 0; i < v.nlines; i++)
            if (v.lines[i].line_no == ex[k].line_no) {
                html_raw_trusted(h, " (");
                html_text(h, kp_fmt_date(r, v.lines[i].delivered_on));
                html_raw_trusted(h, ", ");
                html_text(h, kp_fmt_money(r, v.lines[i].amount));
                html_raw_trusted(h, ")");
            }
        html_raw_trusted(h, ": ");
        html_text(h, ex[k].reason);
        html_raw_trusted(h, "</li>");
    }
    if (any)
        html_raw_trusted(h, "</ul>\n");
    html_raw_trusted(h, "<p>");
    html_text(h, t(r, accept_rest ? T_WILL_VERIFIED : T_WILL_FINAL));
    html_raw_trusted(h, "</p>\n<form method=\"post\" action=\"/claims/");
    html_int(h, v.head.id);
    html_raw_trusted(h, "/verify-all\">");
    kp_form_csrf(r);
    hidden(r, "confirm", "1");
    hidden(r, "accept_rest", accept_rest ? "1" : "0");
    hidden(r, "verdict", correct ? "correct" : "reject");
    hidden(r, "expect_pending", kp_in(r, "expect_pending") ? kp_in(r, "expect_pending") : "");
    hidden(r, "page", kp_in(r, "page") ? kp_in(r, "page") : "1");
    for (size_t k = 0; k < SLOTS; k++) {
        if (ex[k].line_no <= 0)
            continue;
        char f[32];
        snprintf(f, sizeof f, "reject_%zu", k + 1);
        hidden(r, f, kp_arena_printf(&r->arena, "%lld", (long long)ex[k].line_no));
        snprintf(f, sizeof f, "reason_%zu", k + 1);
        hidden(r, f, ex[k].reason ? ex[k].reason : "");
    }
    html_raw_trusted(h, "<button type=\"submit\"");
    html_raw_trusted(h, any ? " class=\"danger\">" : ">");
    html_text(h, t(r, T_CONFIRM_VERIFY));
    html_raw_trusted(h, "</button><a class=\"button secondary\" href=\"/claims/");
    html_int(h, v.head.id);
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_CANCEL));
    html_raw_trusted(h, "</a></form></section>\n");
    kp_claim_view_free(&v);
    kp_page_end(r);
    status = 200;
    return status;
}

/* POST /claims/{id}/verify-all: first what will happen, then (confirm=1)
 * the verdicts in one transaction. A refused request shows the claim
 * again with the marks, reasons and messages next to them. */
int page_claim_verify_all(kp_req *r)
{
    kp_claim_exception ex[SLOTS];
    read_exceptions(r, ex);
    bool accept_rest = kp_in_int(r, "accept_rest", 0) == 1;
    int64_t expect = kp_in(r, "expect_pending") && *kp_in(r, "expect_pending") ? kp_in_int(r, "expect_pending", -1) : -1;
    bool confirmed = kp_in_int(r, "confirm", 0) == 1;
    kp_claim_verified out;
    kp_rc rc;
    if (!confirmed) {
        rc = kp_claim_verify_all_check(&r->ctx, r->path_id, ex, SLOTS, kp_in(r, "verdict"), accept_rest, expect,
                                       &r->errors, &out);
        if (!rc)
            return confirm_verify(r, ex, accept_rest);
    } else {
        rc = kp_claim_verify_all(&r->ctx, r->path_id, ex, SLOTS, kp_in(r, "verdict"), accept_rest, expect, &r->errors,
                                 &out);
    }
    if (rc == KP_EINVAL) {
        int st = page_claim(r);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_redirect(r, kp_arena_printf(&r->arena, "/claims/%lld?accepted=%zu&rejected=%zu", (long long)r->path_id,
                                          out.accepted, out.rejected));
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
