/* Progress at a glance (see progress_panel.h). */
#include "web/progress_panel.h"
#include "web/page_strings.h"
#include "web/figure_request.h"
#include "core/buf.h"
#include "service/access.h"
#include "service/figures/eval_details.h"
#include "service/figures/progress.h"
#include "service/figures/open_data.h"
#include "service/validate.h"
#include <stdio.h>
#include <string.h>

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Progress īsumā", "Progress at a glance")                                                           \
    X(T_DATE, "Datums", "Date")                                                                                      \
    X(T_REGION, "Plānošanas reģions", "Planning region")                                                             \
    X(T_SHOW, "Rādīt", "Show")                                                                                       \
    X(T_INDICATOR, "Rādītājs", "Indicator")                                                                          \
    X(T_VALUE, "Vērtība datumā", "Value at the date")                                                                \
    X(T_BASELINE, "Bāzes vērtība", "Baseline")                                                                       \
    X(T_TARGET, "Mērķis", "Target")                                                                                  \
    X(T_LINE, "Mērķa līnija datumā", "Target line at the date")                                                     \
    X(T_STATUS, "Statuss", "Status")                                                                                 \
    X(T_TREND, "Tendence", "Trend")                                                                                  \
    X(T_ON_TRACK, "pēc plāna", "on track")                                                                           \
    X(T_BEHIND, "atpaliek", "behind")                                                                                \
    X(T_REACHED, "sasniegts", "reached")                                                                             \
    X(T_NONE_STATUS, "—", "—")                                                                                       \
    X(T_NO_INDICATORS, "Reģionam nav rādītāju.", "The region has no indicators.")                                    \
    X(T_COST_LINK, "Izmaksas pēc ES finansējuma beigām", "Cost after EU funding")                                   \
    X(T_RULE,                                                                                                        \
      "Statuss: mērķa līnija ir taisne no bāzes vērtības bāzes gada 31. decembrī (ja bāzes gada nav — projekta "     \
      "sākumā; ja bāzes vērtības nav — no nulles) līdz mērķa vērtībai mērķa gada 31. decembrī (ja mērķa gada nav — " \
      "projekta beigās). „Sasniegts” — vērtība datumā ir sasniegusi mērķi; „pēc plāna” — vērtība nav mazāka par "    \
      "mērķa līniju datumā; „atpaliek” — mazāka. Ja mērķis ir mazāks par bāzes vērtību, salīdzina otrādi. "          \
      "Tendence: vērtības katra gada 31. decembrī un datumā. Aprēķins ir tas pats, ko izmanto izvērtējums "          \
      "(docs/figures.md).",                                                                                          \
      "Status: the target line runs straight from the baseline on 31 December of the baseline year (without a "     \
      "baseline year, the project's start; without a baseline, from zero) to the target on 31 December of the "     \
      "target year (without one, the project's end). “Reached”: the value at the date has reached the target; "    \
      "“on track”: it is not below the target line at the date; “behind”: it is below. A target below the "         \
      "baseline is compared the other way round. Trend: the values on 31 December of each year and at the date. "   \
      "The computation is the evaluation's own (docs/figures.md).")                                                  \
    X(T_MUNI_NOTE,                                                                                                   \
      "Vērtības ir skaitītas no pašvaldības ierakstiem. Bāzes vērtība un mērķis ir noteikti reģionam, tāpēc "       \
      "pašvaldībai statusu nerēķina; ievadītajiem (aptaujas) rādītājiem pašvaldības vērtības nav.",                  \
      "The values are counted from the municipality's records. The baseline and target are set for the region, "   \
      "so no status is computed for a municipality; entered (survey) indicators have no municipal value.") \
    X(T_DATE_BAD, "nav saprotams datums: norādiet to, piemēram, 31.12.2021.", "not a date: give one, e.g. 31.12.2021")

KP_PAGE_STRINGS(STRINGS);

/* A declared input of the current route, or NULL. */
static const char *opt_in(const kp_req *r, const char *name)
{
    for (const kp_input *in = r->route ? r->route->inputs : NULL; in && in->name; in++)
        if (strcmp(in->name, name) == 0)
            return kp_in(r, name);
    return NULL;
}

bool kp_progress_date(kp_req *r, kp_date *at, char iso[11])
{
    const char *d = opt_in(r, "date");
    if (d && d[0]) {
        if (kp_date_parse_iso(d, at)) {
            kp_errors_add(&r->errors, "date", d, "%s", t(r, T_DATE_BAD));
            return false;
        }
    } else {
        *at = kp_ctx_today(&r->ctx);
    }
    kp_date_format_iso(*at, iso);
    return true;
}

int64_t kp_progress_municipality(kp_req *r)
{
    const char *atvk = opt_in(r, "municipality");
    if (!atvk || !atvk[0])
        return 0;
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = kp_v_municipality(&r->ctx, &e, "municipality", atvk, KP_DATE_NONE, false);
    kp_errors_free(&e);
    return id > 0 ? id : -1;
}

void kp_progress_region(kp_req *r, char region[8])
{
    const char *want = opt_in(r, "region");
    region[0] = '\0';
    if (want && want[0]) {
        snprintf(region, 8, "%.7s", want);
        return;
    }
    if (r->ctx.role == KP_ROLE_REGION || r->ctx.role == KP_ROLE_MUNICIPAL_HEAD) {
        snprintf(region, 8, "%s", r->ctx.role == KP_ROLE_REGION ? r->ctx.region : "");
        return;
    }
    kp_eval_list regions;
    if (kp_eval_regions(&r->ctx, &regions))
        return;
    const kp_eval_name *n = regions.items;
    /* The first region with indicators, else the first. */
    for (size_t i = 0; i < regions.n && !region[0]; i++) {
        kp_eval_list ind;
        if (!kp_eval_indicator_names(&r->ctx, n[i].code, &ind) && ind.n)
            snprintf(region, 8, "%.7s", n[i].code);
        kp_eval_list_free(&ind);
    }
    if (!region[0] && regions.n)
        snprintf(region, 8, "%.7s", n[0].code);
    kp_eval_list_free(&regions);
}

void kp_progress_form(kp_req *r, const char *action, const char *region, const char *date_iso)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<form method=\"get\" action=\"");
    html_attr(h, action);
    html_raw_trusted(h, "\">\n");
    if (r->ctx.role == KP_ROLE_MINISTRY || r->ctx.role == KP_ROLE_ADMIN) {
        kp_eval_list regions;
        if (!kp_eval_regions(&r->ctx, &regions)) {
            const kp_eval_name *n = regions.items;
            kp_form_select_open(r, "region", t(r, T_REGION), NULL, false);
            for (size_t i = 0; i < regions.n; i++)
                kp_form_option(r, n[i].code, n[i].name, strcmp(n[i].code, region) == 0);
            html_raw_trusted(h, "</select></div>\n");
            kp_eval_list_free(&regions);
        }
    }
    kp_form_field(r, "date", t(r, T_DATE), "date", date_iso, NULL, false);
    html_raw_trusted(h, "<button type=\"submit\">");
    html_text(h, t(r, T_SHOW));
    html_raw_trusted(h, "</button>\n</form>\n");
}

void kp_sparkline(kp_req *r, const int64_t *values, const bool *found, size_t n, const char *label)
{
    enum { W = 120, H = 28, PAD = 3 };
    int64_t lo = 0, hi = 0;
    bool any = false;
    for (size_t i = 0; i < n; i++)
        if (found[i]) {
            lo = any && lo < values[i] ? lo : values[i];
            hi = any && hi > values[i] ? hi : values[i];
            any = true;
        }
    if (lo > 0)
        lo = 0; /* counts start from zero, so a rise looks like one */
    kp_html *h = &r->out;
    html_raw_trusted(h, "<svg class=\"spark\" width=\"120\" height=\"28\" viewBox=\"0 0 120 28\" role=\"img\" aria-label=\"");
    html_attr(h, label);
    html_raw_trusted(h, "\"><title>");
    html_text(h, label);
    html_raw_trusted(h, "</title>");
    if (any && n > 0) {
        html_raw_trusted(h, "<polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" points=\"");
        for (size_t i = 0; i < n; i++) {
            if (!found[i])
                continue;
            int64_t x = n > 1 ? PAD + (int64_t)i * (W - 2 * PAD) / (int64_t)(n - 1) : W / 2;
            int64_t y = hi > lo ? H - PAD - (values[i] - lo) * (H - 2 * PAD) / (hi - lo) : H / 2;
            html_int(h, x);
            html_raw_trusted(h, ",");
            html_int(h, y);
            html_raw_trusted(h, " ");
        }
        html_raw_trusted(h, "\"/>");
    }
    html_raw_trusted(h, "</svg>");
}

static void th(kp_req *r, int k, bool num)
{
    html_raw_trusted(&r->out, num ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
    html_text(&r->out, t(r, k));
    html_raw_trusted(&r->out, "</th>");
}

static int status_text(kp_progress_status s)
{
    switch (s) {
    case KP_PROGRESS_BEHIND:
        return T_BEHIND;
    case KP_PROGRESS_ON_TRACK:
        return T_ON_TRACK;
    case KP_PROGRESS_REACHED:
        return T_REACHED;
    case KP_PROGRESS_NONE:
        break;
    }
    return T_NONE_STATUS;
}

/* The way to /cost for the same scope and date. */
static void cost_link(kp_req *r, const kp_progress *p, const char *iso)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<p><a href=\"/cost?date=");
    html_url_arg(h, iso);
    if (!p->municipality) {
        html_raw_trusted(h, "&amp;region=");
        html_url_arg(h, p->region);
    }
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_COST_LINK));
    html_raw_trusted(h, "</a></p>\n");
}

int kp_open_rule(kp_req *r, const char *region, kp_disclosure_rule *rule)
{
    /* A municipal head is only ever shown their own municipality, whose
     * persons they already see one by one (the drill-down): the working
     * figures of their own area stay exact. */
    if (r->ctx.role == KP_ROLE_MUNICIPAL_HEAD || !kp_disclosure_needed(&r->ctx, region))
        return 0;
    return kp_disclosure_current(rule, NULL, 0) ? -1 : 1;
}

void kp_open_statement(kp_req *r, const kp_disclosure_rule *rule)
{
    char text[640];
    kp_disclosure_statement(rule, strcmp(r->lang, "en") == 0, text, sizeof text);
    html_raw_trusted(&r->out, "<p class=\"hint disclosure\">");
    html_text(&r->out, text);
    html_raw_trusted(&r->out, "</p>\n");
}

json_t *kp_open_json(const kp_disclosure_rule *rule, size_t nsuppressed)
{
    if (!rule)
        return json_null();
    char en[640], lv[640];
    kp_disclosure_statement(rule, true, en, sizeof en);
    kp_disclosure_statement(rule, false, lv, sizeof lv);
    return json_pack("{s:i, s:s, s:s, s:I}", "threshold", rule->threshold, "rule", en, "noteikums", lv, "suppressed",
                     (json_int_t)nsuppressed);
}

int kp_progress_panel(kp_req *r)
{
    kp_date at;
    char iso[11], region[8];
    if (!kp_progress_date(r, &at, iso))
        return 400;
    kp_progress_region(r, region);
    kp_progress p;
    kp_rc rc = kp_progress_compute(&r->ctx, region, 0, at, &p);
    if (rc)
        return kp_status_for(rc);
    kp_disclosure_rule rule;
    int open = kp_open_rule(r, p.region, &rule);
    if (open > 0)
        rc = kp_progress_suppress(&rule, &p);
    if (open < 0 || rc) {
        kp_progress_free(&p);
        return 500;
    }
    kp_html *h = &r->out;
    char region_name[96] = "";
    kp_eval_region_name(&r->ctx, p.region, region_name, sizeof region_name);
    html_raw_trusted(h, "<section class=\"panel\" aria-labelledby=\"progress-panel\">\n<h2 id=\"progress-panel\">");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, ": ");
    html_text(h, p.municipality ? p.municipality_name : region_name);
    html_raw_trusted(h, ", ");
    html_text(h, kp_fmt_date(r, iso));
    html_raw_trusted(h, "</h2>\n");
    kp_progress_form(r, "/", p.region, iso);
    if (!p.n) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_NO_INDICATORS));
        html_raw_trusted(h, "</p>\n");
        cost_link(r, &p, iso);
        html_raw_trusted(h, "</section>\n");
        kp_progress_free(&p);
        return 0;
    }
    html_raw_trusted(h, "<div class=\"table-wrap\"><table class=\"stack\">\n<thead><tr>");
    th(r, T_INDICATOR, false);
    th(r, T_VALUE, true);
    th(r, T_BASELINE, true);
    th(r, T_TARGET, true);
    th(r, T_LINE, true);
    th(r, T_STATUS, false);
    th(r, T_TREND, false);
    html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
    /* Each value leads to the records it counts (the drill-down). */
    bool linkable = kp_figure_linkable(r, p.municipality, iso);
    for (size_t i = 0; i < p.n; i++) {
        const kp_progress_item *it = &p.items[i];
        html_raw_trusted(h, "<tr><td>");
        html_text(h, it->name);
        html_raw_trusted(h, "</td>");
        /* A suppressed value shows "c" and leads nowhere. */
        const char *href = linkable && !it->value_c ? kp_figure_href(r, "indicator_table", "", it->key, "achieved",
                                                                     0, p.region, p.municipality, iso)
                                                    : NULL;
        if (it->value_c)
            html_raw_trusted(h, "<td class=\"num\">" KP_OPEN_MARK "</td>");
        else
            kp_td_figure(r, it->found, it->value, strcmp(it->source, "entered") == 0 ? it->value_year : 0, href);
        kp_td_value_year(r, it->has_baseline, it->baseline, it->baseline_year);
        kp_td_value_year(r, true, it->target, it->target_year);
        kp_td_value_year(r, it->has_line, it->expected, 0);
        html_raw_trusted(h, "<td class=\"status-");
        html_attr(h, kp_progress_status_code(it->status));
        html_raw_trusted(h, "\">");
        html_text(h, t(r, status_text(it->status)));
        html_raw_trusted(h, "</td><td>");
        int64_t values[KP_PROGRESS_TREND_MAX];
        bool found[KP_PROGRESS_TREND_MAX];
        kp_buf label;
        kp_buf_init(&label, 4096);
        for (size_t k = 0; k < it->ntrend; k++) {
            values[k] = it->trend[k].c ? 0 : it->trend[k].value;
            found[k] = it->trend[k].found && !it->trend[k].c;
            char d[11];
            kp_date_format_iso(it->trend[k].on, d);
            if (it->trend[k].c)
                kp_buf_printf(&label, "%s%s: " KP_OPEN_MARK, k ? "; " : "", kp_fmt_date(r, d));
            else if (it->trend[k].found)
                kp_buf_printf(&label, "%s%s: %lld", k ? "; " : "", kp_fmt_date(r, d), (long long)it->trend[k].value);
            else
                kp_buf_printf(&label, "%s%s: —", k ? "; " : "", kp_fmt_date(r, d));
        }
        kp_sparkline(r, values, found, it->ntrend, kp_buf_str(&label));
        kp_buf_free(&label);
        html_raw_trusted(h, "</td></tr>\n");
    }
    html_raw_trusted(h, "</tbody></table></div>\n<p class=\"hint\">");
    html_text(h, t(r, p.municipality ? T_MUNI_NOTE : T_RULE));
    html_raw_trusted(h, "</p>\n");
    if (p.suppressed)
        kp_open_statement(r, &p.rule);
    cost_link(r, &p, iso);
    html_raw_trusted(h, "</section>\n");
    kp_progress_free(&p);
    return 0;
}
