/* Cost after EU funding (GET /cost): per municipality and service, persons
 * served, units and cost in the project's years and projected for five
 * years after it, with the assumptions stated (service/figures/cost.h,
 * report/eval_cost.h); a chart, the tables, and the same rows as CSV
 * (format=csv). Region coordinators and the ministry see a region, a
 * municipal head their own municipality. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "web/figure_request.h"
#include "web/progress_panel.h"
#include "report/eval_cost.h"
#include "service/access.h"
#include "service/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Izmaksas pēc ES finansējuma beigām", "Cost after EU funding")                                      \
    X(T_INTRO,                                                                                                       \
      "Kad ESF finansējums beigsies, pašvaldībām pakalpojumi būs jāapmaksā pašām. Projekta gadi ir no ierakstiem, "  \
      "nākamie gadi — prognoze ar zemāk minētajiem pieņēmumiem.",                                                   \
      "When the ESF funding ends, municipalities pay for the services themselves. The project's years come from "  \
      "the records, the later years are a projection under the assumptions below.")                                \
    X(T_CHART, "Izmaksas pa gadiem", "Cost by year")                                                               \
    X(T_YEAR, "Gads", "Year")                                                                                        \
    X(T_PERIOD, "Periods", "Period")                                                                                 \
    X(T_PROJECT, "projekts", "project")                                                                              \
    X(T_TO_DATE, "līdz datumam", "to the date")                                                                      \
    X(T_FORECAST, "prognoze", "projection")                                                                          \
    X(T_PERSONS, "Personas", "Persons")                                                                              \
    X(T_UNITS, "Vienības", "Units")                                                                                  \
    X(T_COST, "Izmaksas", "Cost")                                                                                    \
    X(T_MUNI, "Pašvaldība", "Municipality")                                                                          \
    X(T_SERVICE, "Pakalpojums", "Service")                                                                           \
    X(T_DETAIL, "Izmaksas pa pašvaldībām un pakalpojumiem", "Cost by municipality and service")                    \
    X(T_ASSUMPTIONS, "Pieņēmumi", "Assumptions")                                                                     \
    X(T_CSV, "Lejupielādēt CSV", "Download CSV")                                                                     \
    X(T_NONE, "Sniegto pakalpojumu un neapmierinātu vajadzību ierakstu nav.",                                       \
      "There are no records of delivered services or of needs not yet served.")                                      \
    X(T_LEGEND, "Tumšie stabiņi — projekta gadi, gaišie — prognoze.", "Dark bars: the project's years; light: the projection.") \
    X(T_CHART_HIDDEN, "Diagramma netiek rādīta (mazie skaitļi): skaitļi ir tabulās un CSV datnē.",                   \
      "The chart is not shown (small numbers): the figures are in the tables and the CSV file.")                  \
    X(T_FORMAT_BAD, "tāda formāta nav: format=csv lejupielādei, format=html vai bez tā — lapa",                           \
      "no such format: format=csv for the download, format=html or none for the page")

KP_PAGE_STRINGS(STRINGS);

static bool shown_year(const kp_cost *c, int y)
{
    return y <= kp_date_year(c->at) || y > c->end_year;
}

static void th(kp_req *r, const char *label, bool num)
{
    html_raw_trusted(&r->out, num ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
    html_text(&r->out, label);
    html_raw_trusted(&r->out, "</th>");
}

static void td_int(kp_req *r, int64_t v, bool hidden)
{
    html_raw_trusted(&r->out, "<td class=\"num\">");
    if (hidden)
        html_raw_trusted(&r->out, KP_OPEN_MARK);
    else
        html_int(&r->out, v);
    html_raw_trusted(&r->out, "</td>");
}

static void td_money(kp_req *r, kp_cents v, bool hidden)
{
    html_raw_trusted(&r->out, "<td class=\"num\">");
    html_text(&r->out, hidden ? KP_OPEN_MARK : kp_fmt_money(r, v));
    html_raw_trusted(&r->out, "</td>");
}

/* Is a year's total of units and cost suppressed? */
static bool year_units_c(const kp_cost *c, int y)
{
    return c->suppressed && y >= c->first_year && y - c->first_year < KP_COST_MAX_YEARS &&
           c->year_units_c[y - c->first_year];
}

static bool year_persons_c(const kp_cost *c, int y)
{
    return c->suppressed && y >= c->first_year && y - c->first_year < KP_COST_MAX_YEARS &&
           c->year_persons_c[y - c->first_year];
}

/* Bars of each shown year's total cost; the totals table below is its
 * text. */
static void chart(kp_req *r, const kp_cost *c)
{
    enum { W = 640, H = 220, PAD = 24 };
    kp_cents max = 0;
    size_t n = 0;
    for (int y = c->first_year; y <= c->last_year; y++)
        if (shown_year(c, y)) {
            kp_cents v = 0;
            kp_cost_year_total(c, y, NULL, NULL, &v);
            max = v > max ? v : max;
            n++;
        }
    if (!n)
        return;
    kp_html *h = &r->out;
    /* A bar of a suppressed total would show it against the others. */
    for (int y = c->first_year; y <= c->last_year; y++)
        if (shown_year(c, y) && year_units_c(c, y)) {
            html_raw_trusted(h, "<p>");
            html_text(h, t(r, T_CHART_HIDDEN));
            html_raw_trusted(h, "</p>\n");
            return;
        }
    html_raw_trusted(h, "<figure>\n<svg class=\"chart\" width=\"100%\" viewBox=\"0 0 640 220\" role=\"img\" "
                        "aria-labelledby=\"cost-chart\">\n");
    int64_t slot = (W - 2 * PAD) / (int64_t)n, i = 0;
    for (int y = c->first_year; y <= c->last_year; y++) {
        if (!shown_year(c, y))
            continue;
        kp_cents v = 0;
        kp_cost_year_total(c, y, NULL, NULL, &v);
        int64_t bh = max > 0 ? v * (H - 2 * PAD) / max : 0;
        int64_t x = PAD + i * slot + slot / 8;
        html_raw_trusted(h, "<rect x=\"");
        html_int(h, x);
        html_raw_trusted(h, "\" y=\"");
        html_int(h, H - PAD - bh);
        html_raw_trusted(h, "\" width=\"");
        html_int(h, slot * 3 / 4);
        html_raw_trusted(h, "\" height=\"");
        html_int(h, bh);
        html_raw_trusted(h, y > c->end_year ? "\" fill=\"#9db8d9\"/><text x=\"" : "\" fill=\"#1d4f8a\"/><text x=\"");
        html_int(h, x + slot * 3 / 8);
        html_raw_trusted(h, "\" y=\"");
        html_int(h, H - 8);
        html_raw_trusted(h, "\" font-size=\"11\" text-anchor=\"middle\">");
        html_int(h, y);
        html_raw_trusted(h, "</text>\n");
        i++;
    }
    html_raw_trusted(h, "</svg>\n<figcaption id=\"cost-chart\">");
    html_text(h, t(r, T_CHART));
    html_raw_trusted(h, ". ");
    html_text(h, t(r, T_LEGEND));
    html_raw_trusted(h, "</figcaption>\n</figure>\n");
}

static void totals(kp_req *r, const kp_cost *c, const char *iso)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"cost-totals\">"
                        "<table>\n<caption id=\"cost-totals\">");
    html_text(h, t(r, T_CHART));
    html_raw_trusted(h, "</caption>\n<thead><tr>");
    th(r, t(r, T_YEAR), false);
    th(r, t(r, T_PERIOD), false);
    th(r, t(r, T_PERSONS), true);
    th(r, t(r, T_UNITS), true);
    th(r, t(r, T_COST), true);
    html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
    for (int y = c->first_year; y <= c->last_year; y++) {
        if (!shown_year(c, y))
            continue;
        int64_t persons = 0, units = 0;
        kp_cents cost = 0;
        kp_cost_year_total(c, y, &persons, &units, &cost);
        html_raw_trusted(h, "<tr><th scope=\"row\">");
        html_int(h, y);
        html_raw_trusted(h, "</th><td>");
        html_text(h, t(r, y > c->end_year                                   ? T_FORECAST
                          : y == kp_date_year(c->at) && y > c->base_year ? T_TO_DATE
                                                                          : T_PROJECT));
        html_raw_trusted(h, "</td>");
        /* The persons of a year of the project lead to them (the
         * drill-down); a forecast has no records. */
        bool hidden = year_persons_c(c, y);
        const char *href = y <= c->end_year && persons && !hidden && kp_figure_linkable(r, c->municipality, iso)
                               ? kp_figure_href(r, "cost_history", "", "all", "persons", y, c->region,
                                                c->municipality, iso)
                               : NULL;
        html_raw_trusted(h, "<td class=\"num\">");
        if (hidden)
            html_raw_trusted(h, KP_OPEN_MARK);
        else
            kp_figure_number(r, persons, href);
        html_raw_trusted(h, "</td>");
        td_int(r, units, year_units_c(c, y));
        td_money(r, cost, year_units_c(c, y));
        html_raw_trusted(h, "</tr>\n");
    }
    html_raw_trusted(h, "</tbody></table></div>\n");
}

/* A year's column label: "2021", "2024 prognoze". */
static void year_label(kp_req *r, const kp_cost *c, int y, char out[48])
{
    snprintf(out, 48, "%d%s%s", y, y > c->end_year ? " " : "", y > c->end_year ? t(r, T_FORECAST) : "");
}

/* A cell that names its column when a phone shows the row as a block. */
static void td_labelled(kp_req *r, const char *label, bool num)
{
    html_raw_trusted(&r->out, num ? "<td class=\"num\" data-label=\"" : "<td data-label=\"");
    html_attr(&r->out, label);
    html_raw_trusted(&r->out, "\">");
}

static void detail(kp_req *r, const kp_cost *c)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<h2 id=\"cost-detail\">");
    html_text(h, t(r, T_DETAIL));
    /* Wide: on a desk it scrolls inside itself, so it takes the keyboard
     * focus; on a phone each row is a block of labelled cells. */
    html_raw_trusted(h, "</h2>\n<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"cost-detail\">"
                        "<table class=\"stack\">\n<thead><tr>");
    th(r, t(r, T_MUNI), false);
    th(r, t(r, T_SERVICE), false);
    for (int y = c->first_year; y <= c->last_year; y++)
        if (shown_year(c, y)) {
            char label[48];
            year_label(r, c, y, label);
            th(r, label, true);
        }
    html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < c->n;) {
        size_t j = i;
        while (j < c->n && c->rows[j].municipality == c->rows[i].municipality &&
               !strcmp(c->rows[j].service, c->rows[i].service))
            j++;
        html_raw_trusted(h, "<tr>");
        td_labelled(r, t(r, T_MUNI), false);
        html_text(h, c->rows[i].municipality_name);
        html_raw_trusted(h, "</td>");
        td_labelled(r, t(r, T_SERVICE), false);
        html_text(h, c->rows[i].service_name);
        html_raw_trusted(h, "</td>");
        for (int y = c->first_year; y <= c->last_year; y++) {
            if (!shown_year(c, y))
                continue;
            kp_cents v = 0;
            bool hidden = false;
            for (size_t k = i; k < j; k++)
                if (c->rows[k].year == y) {
                    v = c->rows[k].cost;
                    hidden = c->rows[k].cost_c;
                }
            char label[48];
            year_label(r, c, y, label);
            td_labelled(r, label, true);
            html_text(h, hidden ? KP_OPEN_MARK : kp_fmt_money(r, v));
            html_raw_trusted(h, "</td>");
        }
        html_raw_trusted(h, "</tr>\n");
        i = j;
    }
    html_raw_trusted(h, "</tbody></table></div>\n");
}

static int send_csv(kp_req *r, kp_cost *c, const char *iso)
{
    char *mem = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&mem, &len);
    kp_rc rc = m ? kp_cost_write_csv(&r->ctx, c, m) : KP_EIO;
    if (m && fclose(m) != 0)
        rc = KP_EIO;
    int status = 200;
    kp_html_free(&r->out);
    kp_html_init(&r->out);
    if (rc || kp_buf_append(&r->out.buf, mem ? mem : "", len)) {
        free(mem);
        return kp_error(r, rc ? kp_status_for(rc) : 413);
    }
    free(mem);
    r->content_type = "text/csv; charset=utf-8";
    char disposition[96];
    snprintf(disposition, sizeof disposition, "attachment; filename=\"izmaksas-%.8s-%.10s.csv\"", c->region, iso);
    kp_add_header(r, "Content-Disposition", kp_arena_strdup(&r->arena, disposition));
    return status;
}

int page_cost(kp_req *r)
{
    int status = 500;
    kp_date at;
    char iso[11], region[8];
    if (!kp_progress_date(r, &at, iso))
        return kp_error(r, 400);
    const char *atvk = kp_in(r, "municipality"), *format = kp_in(r, "format");
    if (format && format[0] && strcmp(format, "csv") != 0 && strcmp(format, "html") != 0) {
        kp_errors_add(&r->errors, "format", format, "%s", t(r, T_FORMAT_BAD));
        return kp_error(r, 400);
    }
    int64_t muni = kp_progress_municipality(r);
    if (muni < 0)
        return kp_error(r, 404);
    kp_progress_region(r, region);
    kp_cost c;
    kp_rc rc = kp_cost_compute(&r->ctx, region, muni, at, KP_COST_YEARS_AFTER, &c);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    /* Beyond the region's own officials: small numbers suppressed. */
    kp_disclosure_rule rule;
    int open = kp_open_rule(r, c.region, &rule);
    if (open > 0)
        rc = kp_cost_suppress_in_region(&r->ctx, &rule, &c);
    if (open < 0 || rc) {
        kp_cost_free(&c);
        return kp_error(r, 500);
    }
    if (format && !strcmp(format, "csv")) {
        status = send_csv(r, &c, iso);
        kp_cost_free(&c);
        return status;
    }
    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_TITLE));
    if (c.municipality) {
        html_raw_trusted(h, ": ");
        html_text(h, c.municipality_name);
    }
    html_raw_trusted(h, "</h1>\n<p>");
    html_text(h, t(r, T_INTRO));
    html_raw_trusted(h, "</p>\n");
    if (c.suppressed)
        kp_open_statement(r, &c.rule);
    kp_progress_form(r, "/cost", c.region, iso);
    html_raw_trusted(h, "<p><a href=\"/cost?format=csv&amp;date=");
    html_url_arg(h, iso);
    html_raw_trusted(h, "&amp;region=");
    html_url_arg(h, c.region);
    if (atvk && atvk[0]) {
        html_raw_trusted(h, "&amp;municipality=");
        html_url_arg(h, atvk);
    }
    html_raw_trusted(h, "\" download>");
    html_text(h, t(r, T_CSV));
    html_raw_trusted(h, "</a></p>\n");
    if (!c.n) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_NONE));
        html_raw_trusted(h, "</p>\n");
    } else {
        chart(r, &c);
        totals(r, &c, iso);
        detail(r, &c);
    }
    html_raw_trusted(h, "<h2>");
    html_text(h, t(r, T_ASSUMPTIONS));
    html_raw_trusted(h, "</h2>\n<ol>\n");
    size_t n = 0;
    const char *const *a = kp_cost_assumptions(strcmp(r->lang, "en") == 0, &n);
    for (size_t i = 0; i < n; i++) {
        html_raw_trusted(h, "<li>");
        html_text(h, a[i]);
        html_raw_trusted(h, "</li>\n");
    }
    html_raw_trusted(h, "</ol>\n");
    kp_page_end(r);
    kp_cost_free(&c);
    status = 200;
    return status;
}
