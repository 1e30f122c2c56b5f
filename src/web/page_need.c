/* Need against places (GET /need): per municipality and service at a date,
 * persons in need and receiving, places free in the municipality, its
 * neighbours and through cooperation, the DI plan's places and the gap, as
 * a table, a bar chart and a shaded map. Region coordinators see their
 * region, the ministry any region, municipal heads their municipality.
 * The numbers come from service/programme/need_places.h; this file only
 * lays them out. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "web/figure_request.h"
#include "web/progress_panel.h"
#include "report/map.h"
#include "service/figures/eval_details.h"
#include "service/access.h"
#include "service/programme/need_places.h"
#include "service/territory_shapes.h"
#include <stdio.h>
#include <string.h>

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Vajadzības un vietas", "Need and places")                                                            \
    X(T_INTRO, "Cik personām jaunākais izvērtējums atzinis pakalpojuma vajadzību, cik to saņem, un cik vietu ir brīvas " \
               "pašvaldībā, kaimiņu pašvaldībās un pēc sadarbības līgumiem.",                                        \
      "How many persons' latest assessment found the need for a service, how many receive it, and how many places "  \
      "are free in the municipality, its neighbours and through cooperation agreements.")                           \
    X(T_AT, "Datums", "Date")                                                                                        \
    X(T_AT_HINT, "Ieraksti, kādi tie bija šajā datumā.", "The records as they stood on this date.")                  \
    X(T_REGION, "Reģions", "Region")                                                                                 \
    X(T_MUNICIPALITY, "Pašvaldība", "Municipality")                                                                  \
    X(T_ALL_MUNICIPALITIES, "Visas reģiona pašvaldības", "Every municipality of the region")                        \
    X(T_SERVICE, "Pakalpojums", "Service")                                                                           \
    X(T_ALL_SERVICES, "Visi pakalpojumi", "All services")                                                            \
    X(T_SHOW, "Parādīt", "Show")                                                                                     \
    X(T_TABLE, "Vajadzība un vietas pa pašvaldībām", "Need and places by municipality")                             \
    X(T_NEED, "Vajadzība", "Need")                                                                                   \
    X(T_RECEIVING, "Saņem", "Receiving")                                                                             \
    X(T_UNMET, "Nesaņem (iztrūkums)", "Not receiving (gap)")                                                         \
    X(T_PLACES, "Vietas pašvaldībā", "Places in the municipality")                                                  \
    X(T_FREE, "Brīvas pašvaldībā", "Free in the municipality")                                                      \
    X(T_FREE_NEAR, "Brīvas kaimiņos", "Free in neighbours")                                                          \
    X(T_FREE_COOP, "Pēc sadarbības līgumiem", "Through cooperation")                                                \
    X(T_COOP_LINK, "Sadarbības līgumi šajā datumā", "Cooperation agreements on this date")                           \
    X(T_PLAN, "DI plānā (vēl nav atvērtas)", "In the DI plan (not yet open)")                                        \
    X(T_SHORT, "Trūkst vietu", "Places short")                                                                       \
    X(T_TOTAL, "Kopā", "Total")                                                                                      \
    X(T_NONE, "Šajā datumā nav ne izvērtētas vajadzības, ne pakalpojumu, ne vietu.",                                  \
      "On this date there is no assessed need, no service and no place.")                                           \
    X(T_CHART, "Vajadzība, saņēmēji un brīvās vietas", "Need, receiving and free places")                           \
    X(T_CHART_DESC, "Joslu diagramma pa pašvaldībām; tie paši skaitļi ir tabulā.",                                    \
      "Bar chart by municipality; the same numbers are in the table.")                                              \
    X(T_MAP, "Iztrūkums pa pašvaldībām", "The gap by municipality")                                                  \
    X(T_MAP_DESC, "Reģiona pašvaldību karte; jo tumšāka pašvaldība, jo vairāk personu nesaņem vajadzīgo pakalpojumu. " \
                  "Tie paši skaitļi ir tabulā.",                                                                      \
      "Map of the region's municipalities; the darker a municipality, the more persons do not receive a service "    \
      "they need. The same numbers are in the table.")                                                              \
    X(T_MAP_CREDIT, "Robežas: Who's On First, Quattroshapes (CC BY); 2021. gada novadi — to priekšteču apvienojums.",  \
      "Boundaries: Who's On First, Quattroshapes (CC BY); the 2021 municipalities as the union of their predecessors.") \
    X(T_CHART_HIDDEN, "Diagramma un karte netiek rādītas (mazie skaitļi): skaitļi ir tabulā.",                      \
      "The chart and the map are not shown (small numbers): the figures are in the table.")                       \
    X(T_LEGEND, "Personas, kas nesaņem vajadzīgo pakalpojumu", "Persons not receiving a service they need")          \
    X(T_HOW, "Kā skaitīts", "How it is counted")                                                                     \
    X(T_HOW_TEXT, "Vajadzība: personas, kuru jaunākais izvērtējums līdz datumam nosaka pakalpojumu (lieta atvērta). "   \
                  "Saņem: personas ar piešķīrumu, kas datumā ir spēkā vai apturēts. Brīvas vietas: sniedzēja vietas "  \
                  "mīnus tā piešķīrumi (tā pati skaitīšana kā pakalpojuma piešķiršanas lapā). Trūkst: nesaņēmēji "     \
                  "mīnus brīvās vietas pašvaldībā, kaimiņos un pēc sadarbības līgumiem.",                              \
      "Need: persons whose latest assessment by the date names the service (case open). Receiving: persons with an " \
      "assignment in force or suspended on the date. Free places: a provider's places minus its assignments (the "   \
      "same count as on the assign page). Short: those not receiving minus the free places in the municipality, its " \
      "neighbours and through cooperation agreements.")

KP_PAGE_STRINGS(STRINGS);

static bool blank(const char *s)
{
    return !s || !*s;
}

static void filters(kp_req *r, const char *at, const kp_need *n, const char *service)
{
    kp_html *h = &r->out;
    kp_role role = r->ctx.role;
    const char *region = n ? n->region : kp_in(r, "region");
    const char *muni = kp_in(r, "municipality");
    html_raw_trusted(h, "<form method=\"get\" action=\"/need\" class=\"panel filters\">\n");
    kp_form_field(r, "at", t(r, T_AT), "date", at, t(r, T_AT_HINT), false);
    if (role == KP_ROLE_MINISTRY || role == KP_ROLE_ADMIN) {
        kp_eval_list regions;
        if (kp_eval_regions(&r->ctx, &regions) == KP_OK) {
            kp_form_select_open(r, "region", t(r, T_REGION), NULL, false);
            const kp_eval_name *names = regions.items;
            for (size_t i = 0; i < regions.n; i++)
                kp_form_option(r, names[i].code, names[i].name, region && strcmp(region, names[i].code) == 0);
            html_raw_trusted(h, "</select></div>\n");
        }
        kp_eval_list_free(&regions);
    }
    if (n && (role != KP_ROLE_MUNICIPAL_HEAD || n->nmunis > 1 || !blank(muni))) {
        kp_form_select_open(r, "municipality", t(r, T_MUNICIPALITY), NULL, false);
        kp_form_option(r, "", t(r, T_ALL_MUNICIPALITIES), blank(muni));
        for (size_t i = 0; i < n->nmunis; i++)
            kp_form_option(r, n->munis[i].atvk, n->munis[i].name, muni && strcmp(muni, n->munis[i].atvk) == 0);
        html_raw_trusted(h, "</select></div>\n");
    }
    if (n) {
        kp_form_select_open(r, "service", t(r, T_SERVICE), NULL, false);
        kp_form_option(r, "", t(r, T_ALL_SERVICES), blank(service));
        /* The services that have a row, in catalogue order. */
        const char *seen[64];
        size_t nseen = 0;
        for (size_t i = 0; i < n->n; i++) {
            bool dup = false;
            for (size_t k = 0; k < nseen && !dup; k++)
                dup = strcmp(seen[k], n->rows[i].service) == 0;
            if (dup || nseen == 64)
                continue;
            seen[nseen++] = n->rows[i].service;
        }
        for (size_t k = 0; k < nseen; k++)
            for (size_t i = 0; i < n->n; i++)
                if (strcmp(n->rows[i].service, seen[k]) == 0) {
                    kp_form_option(r, n->rows[i].service, n->rows[i].service_name, service && strcmp(service, seen[k]) == 0);
                    break;
                }
        html_raw_trusted(h, "</select></div>\n");
    }
    html_raw_trusted(h, "<button type=\"submit\">");
    html_text(h, t(r, T_SHOW));
    html_raw_trusted(h, "</button>\n</form>\n");
}

static const char *muni_name(const kp_need *n, int64_t id)
{
    for (size_t i = 0; i < n->nmunis; i++)
        if (n->munis[i].id == id)
            return n->munis[i].name;
    return "";
}

static void th(kp_req *r, int k, bool numeric)
{
    html_raw_trusted(&r->out, numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
    html_text(&r->out, t(r, k));
    html_raw_trusted(&r->out, "</th>");
}

static void num_link(kp_req *r, int label, int64_t v, const char *href)
{
    html_raw_trusted(&r->out, "<td class=\"num\" data-label=\"");
    html_attr(&r->out, t(r, label));
    html_raw_trusted(&r->out, "\">");
    kp_figure_number(r, v, href);
    html_raw_trusted(&r->out, "</td>");
}

static void num(kp_req *r, int label, int64_t v)
{
    num_link(r, label, v, NULL);
}

/* A count of persons: "c" and no link when suppressed. */
static void count(kp_req *r, int label, int64_t v, bool hidden, const char *href)
{
    if (!hidden) {
        num_link(r, label, v, href);
        return;
    }
    html_raw_trusted(&r->out, "<td class=\"num\" data-label=\"");
    html_attr(&r->out, t(r, label));
    html_raw_trusted(&r->out, "\">" KP_OPEN_MARK "</td>");
}

/* The counts of persons lead to the persons (the drill-down, catalogue
 * section "need_places") for territory `muni` (0: the region), when the
 * row is one service family and the caller may open that list. */
static const char *persons_href(kp_req *r, const kp_need *n, const char *service, int64_t muni, const char *measure)
{
    /* The rows are territories valid on the date, as the drill-down folds
     * them; a head's list is their own territory's only. */
    bool head = r->ctx.role == KP_ROLE_MUNICIPAL_HEAD;
    if (blank(service) || (head && muni != r->ctx.municipality_id))
        return NULL;
    return kp_figure_href(r, "need_places", "", service, measure, 0, n->region, muni, n->at);
}

static void numbers(kp_req *r, const kp_need *n, const kp_need_row *x, int64_t muni)
{
    count(r, T_NEED, x->need, x->need_c,
          x->need && !x->need_c ? persons_href(r, n, x->service, muni, "need") : NULL);
    count(r, T_RECEIVING, x->receiving, x->receiving_c,
          x->receiving && !x->receiving_c ? persons_href(r, n, x->service, muni, "receiving") : NULL);
    count(r, T_UNMET, x->unmet, x->unmet_c, NULL);
    num(r, T_PLACES, x->places);
    num(r, T_FREE, x->free_here);
    num(r, T_FREE_NEAR, x->free_neighbours);
    num(r, T_FREE_COOP, x->free_cooperation);
    num(r, T_PLAN, x->plan_places);
    count(r, T_SHORT, x->shortfall, x->shortfall_c, NULL);
}

static bool shown(const kp_need_row *x, const char *service)
{
    return blank(service) || strcmp(x->service, service) == 0;
}

static void table(kp_req *r, const kp_need *n, const char *service)
{
    kp_html *h = &r->out;
    /* Focusable, named region: the wide table scrolls inside it. */
    html_raw_trusted(h, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"need-caption\">"
                        "<table class=\"stack\" id=\"need-table\"><caption id=\"need-caption\">");
    html_text(h, t(r, T_TABLE));
    html_raw_trusted(h, " — ");
    html_text(h, kp_fmt_date(r, n->at));
    html_raw_trusted(h, "</caption>\n<thead><tr>");
    th(r, T_MUNICIPALITY, false);
    th(r, T_SERVICE, false);
    static const int COLS[] = {T_NEED, T_RECEIVING, T_UNMET, T_PLACES, T_FREE, T_FREE_NEAR, T_FREE_COOP, T_PLAN, T_SHORT};
    for (size_t i = 0; i < sizeof COLS / sizeof COLS[0]; i++)
        th(r, COLS[i], true);
    html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n->n; i++) {
        const kp_need_row *x = &n->rows[i];
        if (!shown(x, service))
            continue;
        html_raw_trusted(h, "<tr><th scope=\"row\" data-label=\"");
        html_attr(h, t(r, T_MUNICIPALITY));
        html_raw_trusted(h, "\">");
        html_text(h, muni_name(n, x->municipality_id));
        html_raw_trusted(h, "</th><td data-label=\"");
        html_attr(h, t(r, T_SERVICE));
        html_raw_trusted(h, "\">");
        html_text(h, x->service_name);
        html_raw_trusted(h, "</td>");
        numbers(r, n, x, x->municipality_id);
        html_raw_trusted(h, "</tr>\n");
    }
    kp_need_row total;
    kp_need_total(n, blank(service) ? NULL : service, &total);
    html_raw_trusted(h, "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"2\">");
    html_text(h, t(r, T_TOTAL));
    html_raw_trusted(h, "</th>");
    /* One service's total is a figure of its own: of the one territory
     * shown, or of the region. */
    numbers(r, n, &total, n->nmunis == 1 ? n->munis[0].id : 0);
    html_raw_trusted(h, "</tr></tfoot></table></div>\n");
}

/* Per municipality: the sums of the rows shown. */
static void per_muni(const kp_need *n, const char *service, size_t m, kp_need_row *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n->n; i++) {
        const kp_need_row *x = &n->rows[i];
        if (x->municipality_id != n->munis[m].id || !shown(x, service))
            continue;
        out->need += x->need;
        out->receiving += x->receiving;
        out->unmet += x->unmet;
        out->free_here += x->free_here;
    }
}

static void chart_and_map(kp_req *r, const kp_need *n, const char *service, kp_date at)
{
    kp_html *h = &r->out;
    /* The bars and the map add the services of a municipality up: sums
     * the suppression has not protected, so with small numbers hidden
     * they are not drawn. */
    if (n->suppressed && n->nsuppressed) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_CHART_HIDDEN));
        html_raw_trusted(h, "</p>\n");
        return;
    }
    kp_shapes shapes;
    if (kp_region_shapes(&r->ctx, n->region, at, &shapes) != KP_OK)
        memset(&shapes, 0, sizeof shapes);
    kp_bar_row *bars = kp_arena_alloc(&r->arena, (n->nmunis + 1) * sizeof *bars);
    kp_map_area *areas = kp_arena_alloc(&r->arena, (n->nmunis + 1) * sizeof *areas);
    for (size_t m = 0; m < n->nmunis; m++) {
        kp_need_row s;
        per_muni(n, service, m, &s);
        bars[m] = (kp_bar_row){.label = n->munis[m].name, .v = {s.need, s.receiving, s.free_here}};
        const kp_shape *sh = kp_shapes_find(&shapes, n->munis[m].atvk);
        areas[m] = (kp_map_area){.atvk = n->munis[m].atvk, .name = n->munis[m].name, .row = -1, .col = -1,
                                 .value = s.unmet, .rings = sh ? sh->rings : NULL, .label_x = sh ? sh->label_x : 0,
                                 .label_y = sh ? sh->label_y : 0};
    }
    kp_bars b = {.id = "need-chart", .title = t(r, T_CHART), .desc = t(r, T_CHART_DESC),
                 .series = {t(r, T_NEED), t(r, T_RECEIVING), t(r, T_FREE)}, .rows = bars, .n = n->nmunis};
    kp_map mp = {.id = "need-map", .title = t(r, T_MAP), .desc = t(r, T_MAP_DESC), .legend = t(r, T_LEGEND),
                 .no_value = "–", .credit = t(r, T_MAP_CREDIT), .areas = areas, .n = n->nmunis};
    kp_buf svg;
    kp_buf_init(&svg, KP_BUF_DEFAULT_MAX);
    html_raw_trusted(h, "<figure class=\"chart\"><figcaption>");
    html_text(h, t(r, T_CHART));
    html_raw_trusted(h, "</figcaption>\n");
    if (kp_bars_svg(&b, &svg) == KP_OK)
        html_report_svg(h, &svg);
    html_raw_trusted(h, "</figure>\n<figure class=\"map\"><figcaption>");
    html_text(h, t(r, T_MAP));
    html_raw_trusted(h, "</figcaption>\n");
    kp_buf_reset(&svg);
    if (kp_map_svg(&mp, &svg) == KP_OK)
        html_report_svg(h, &svg);
    html_raw_trusted(h, "</figure>\n");
    kp_buf_free(&svg);
    kp_shapes_free(&shapes);
}

int page_need(kp_req *r)
{
    int status = 500;
    kp_date at = kp_ctx_today(&r->ctx);
    const char *in_at = kp_in(r, "at");
    if (!blank(in_at) && kp_date_parse_iso(in_at, &at))
        return kp_error(r, 400);
    const char *region = kp_in(r, "region");
    char first[8] = "";
    if (blank(region) && (r->ctx.role == KP_ROLE_MINISTRY || r->ctx.role == KP_ROLE_ADMIN)) {
        kp_eval_list regions;
        if (kp_eval_regions(&r->ctx, &regions) == KP_OK && regions.n)
            snprintf(first, sizeof first, "%.7s", ((const kp_eval_name *)regions.items)[0].code);
        kp_eval_list_free(&regions);
        region = first;
    }
    const char *service = kp_in(r, "service");
    kp_need n;
    kp_rc rc = kp_need_places(&r->ctx, region, kp_in(r, "municipality"), at, &n);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    /* Beyond the region's own officials: small numbers suppressed. */
    kp_disclosure_rule rule;
    int open = kp_open_rule(r, n.region, &rule);
    if (open > 0)
        rc = kp_need_suppress_in_region(&r->ctx, &rule, &n);
    if (open < 0 || rc) {
        kp_need_free(&n);
        return kp_error(r, 500);
    }
    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, " — ");
    html_text(h, kp_fmt_date(r, n.at));
    html_raw_trusted(h, "</h1>\n<p>");
    html_text(h, t(r, T_INTRO));
    html_raw_trusted(h, "</p>\n");
    if (n.suppressed)
        kp_open_statement(r, &n.rule);
    filters(r, n.at, &n, service);
    /* The agreements behind the column "through cooperation". */
    html_raw_trusted(h, "<p><a href=\"/cooperation?at=");
    html_url_arg(h, n.at);
    if (r->ctx.role == KP_ROLE_MINISTRY || r->ctx.role == KP_ROLE_ADMIN) {
        html_raw_trusted(h, "&amp;region=");
        html_url_arg(h, n.region);
    }
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_COOP_LINK));
    html_raw_trusted(h, "</a></p>\n");
    bool any = false;
    for (size_t i = 0; i < n.n && !any; i++)
        any = shown(&n.rows[i], service);
    if (!any) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_NONE));
        html_raw_trusted(h, "</p>\n");
    } else {
        table(r, &n, service);
        chart_and_map(r, &n, service, at);
    }
    html_raw_trusted(h, "<details><summary>");
    html_text(h, t(r, T_HOW));
    html_raw_trusted(h, "</summary><p>");
    html_text(h, t(r, T_HOW_TEXT));
    html_raw_trusted(h, "</p></details>\n");
    kp_page_end(r);
    kp_need_free(&n);
    status = 200;
    return status;
}
