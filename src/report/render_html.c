/* The HTML renderer: one standalone HTML5 file with inline CSS; charts are
 * bars drawn with CSS widths. Every text passes an escaping writer. */
#include "report/html_escape.h"
#include "report/map.h"
#include "report/render.h"
#include <stdio.h>

static const char CSS[] =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:14px;color:#111;max-width:60em;margin:2em auto;"
    "padding:0 1em}"
    "h1{color:#1a4073;margin:.2em 0}h2{color:#1a4073;border-bottom:2px solid #1a4073;margin-top:2em}"
    "h3{color:#1a4073}.subtitle{font-size:1.2em;font-weight:bold}"
    ".notice{background:#fdeedb;color:#8c2608;padding:1em;font-weight:bold}"
    ".watermark{color:#b01a1a;font-weight:bold;text-align:right}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em;width:100%}"
    "caption{text-align:left;font-weight:bold;padding:.3em 0}"
    "th,td{border-bottom:1px solid #bbb;padding:.25em .4em;vertical-align:top}"
    "thead th{background:#dbe5f1;text-align:left}td.num{text-align:right;white-space:nowrap}"
    "tr.strong td{font-weight:bold}"
    "table.chart th{font-weight:normal;text-align:right;width:35%}"
    ".bar{display:inline-block;height:.9em;background:#295e9e;margin-right:.4em;vertical-align:middle}"
    "footer{color:#555;font-size:.85em;border-top:1px solid #999;margin-top:3em;padding-top:.5em}";

static kp_rc cell(kp_buf *b, const kp_cell *c, const char *links)
{
    char text[512];
    kp_cell_format(c, "\xc2\xa0", text, sizeof text);
    bool num = c->kind != KP_CELL_TEXT && c->kind != KP_CELL_EMPTY;
    kp_rc rc = kp_html_raw_trusted(b, num ? "<td class=\"num\">" : "<td>");
    bool link = links && c->figure && num;
    if (!rc && link) {
        /* The figure's records (model.h, figure_links). */
        char unit[24];
        snprintf(unit, sizeof unit, "%lld", (long long)c->unit);
        rc = kp_html_raw_trusted(b, "<a href=\"");
        if (!rc)
            rc = kp_html_attr(b, links);
        if (!rc)
            rc = kp_html_attr(b, "&figure=");
        if (!rc)
            rc = kp_html_attr(b, c->figure);
        if (!rc)
            rc = kp_html_attr(b, "&municipality=");
        if (!rc)
            rc = kp_html_attr(b, unit);
        if (!rc)
            rc = kp_html_raw_trusted(b, "\">");
    }
    if (!rc)
        rc = kp_html_text(b, text);
    if (!rc && link)
        rc = kp_html_raw_trusted(b, "</a>");
    if (!rc)
        rc = kp_html_raw_trusted(b, "</td>");
    return rc;
}

static kp_rc table(kp_buf *b, const kp_table *t, const char *links)
{
    kp_rc rc = kp_html_raw_trusted(b, "<table>");
    if (!rc && t->title) {
        rc = kp_html_raw_trusted(b, "<caption>");
        if (!rc)
            rc = kp_html_text(b, t->title);
        if (!rc)
            rc = kp_html_raw_trusted(b, "</caption>");
    }
    if (!rc)
        rc = kp_html_raw_trusted(b, "<thead><tr>");
    for (size_t c = 0; c < t->ncols && !rc; c++) {
        rc = kp_html_raw_trusted(b, "<th scope=\"col\">");
        if (!rc)
            rc = kp_html_text(b, t->header[c]);
        if (!rc)
            rc = kp_html_raw_trusted(b, "</th>");
    }
    if (!rc)
        rc = kp_html_raw_trusted(b, "</tr></thead><tbody>\n");
    for (size_t r = 0; r < t->nrows && !rc; r++) {
        const kp_cell *row = &t->cells[r * t->ncols];
        rc = kp_html_raw_trusted(b, row[0].strong ? "<tr class=\"strong\">" : "<tr>");
        for (size_t c = 0; c < t->ncols && !rc; c++)
            rc = cell(b, &row[c], links);
        if (!rc)
            rc = kp_html_raw_trusted(b, "</tr>\n");
    }
    if (!rc)
        rc = kp_html_raw_trusted(b, "</tbody></table>\n");
    return rc;
}

/* `framed`: inside a page whose style sheet forbids inline styles, the bars
 * are <meter> elements. */
static kp_rc chart(kp_buf *b, const kp_chart *c, bool framed)
{
    int64_t max = 1;
    for (size_t i = 0; i < c->ncat * c->nseries; i++)
        max = c->values[i] > max ? c->values[i] : max;
    kp_rc rc = kp_html_raw_trusted(b, "<figure><figcaption><strong>");
    if (!rc)
        rc = kp_html_text(b, c->title);
    if (!rc)
        rc = kp_html_raw_trusted(b, "</strong></figcaption><table class=\"chart\"><tbody>\n");
    for (size_t i = 0; i < c->ncat && !rc; i++) {
        rc = kp_html_raw_trusted(b, "<tr><th scope=\"row\">");
        if (!rc)
            rc = kp_html_text(b, c->categories[i]);
        if (!rc)
            rc = kp_html_raw_trusted(b, "</th><td>");
        for (size_t s = 0; s < c->nseries && !rc; s++) {
            int64_t v = c->values[i * c->nseries + s];
            char shown[32];
            kp_chart_value_format(c, v, shown, sizeof shown);
            /* The width and the value are numbers the program computes, not data text. */
            rc = framed ? kp_buf_printf(b, "<meter min=\"0\" max=\"%lld\" value=\"%lld\" aria-hidden=\"true\">%s</meter> %s ",
                                        (long long)max, (long long)v, shown, shown)
                        : kp_buf_printf(b, "<span class=\"bar\" style=\"width:%lld%%\">&nbsp;</span>%s ",
                                        (long long)(v * 80 / max), shown);
        }
        if (!rc)
            rc = kp_html_raw_trusted(b, "</td></tr>\n");
    }
    if (!rc)
        rc = kp_html_raw_trusted(b, "</tbody></table></figure>\n");
    return rc;
}

static kp_rc tagged(kp_buf *b, const char *open, const char *text, const char *close)
{
    kp_rc rc = kp_html_raw_trusted(b, open);
    if (!rc)
        rc = kp_html_text(b, text);
    if (!rc)
        rc = kp_html_raw_trusted(b, close);
    return rc;
}

/* A map as inline SVG (role="img" with its title and description) in a
 * figure captioned with its title. */
static kp_rc map(kp_buf *b, const kp_map *m)
{
    kp_rc rc = tagged(b, "<figure class=\"map\"><figcaption><strong>", m->title, "</strong></figcaption>\n");
    if (!rc)
        rc = kp_map_svg(m, b);
    if (!rc)
        rc = kp_html_raw_trusted(b, "</figure>\n");
    return rc;
}

static kp_rc section(kp_buf *b, size_t i, const kp_section *s, const char *links, bool framed)
{
    kp_rc rc = kp_buf_printf(b, "<section id=\"s%zu\">\n", i + 1);
    if (!rc)
        rc = tagged(b, "<h2>", s->title, "</h2>\n");
    for (size_t k = 0; k < s->nblocks && !rc; k++) {
        const kp_block *x = &s->blocks[k];
        switch (x->kind) {
        case KP_BLOCK_PARA: rc = tagged(b, "<p>", x->text, "</p>\n"); break;
        case KP_BLOCK_HEADING: rc = tagged(b, "<h3>", x->text, "</h3>\n"); break;
        case KP_BLOCK_TABLE: rc = table(b, x->table, links); break;
        case KP_BLOCK_CHART: rc = chart(b, x->chart, framed); break;
        case KP_BLOCK_MAP: rc = map(b, x->map); break;
        }
    }
    if (!rc)
        rc = kp_html_raw_trusted(b, "</section>\n");
    return rc;
}

kp_rc kp_render_html_sections(const kp_doc *d, size_t from, size_t to, kp_buf *b)
{
    if (!d || !b || from > to || to > d->nsections)
        return KP_EINVAL;
    kp_rc rc = KP_OK;
    for (size_t i = from; i < to && !rc; i++)
        rc = section(b, i, d->sections[i], d->figure_links, true);
    return rc;
}

kp_rc kp_render_html(const kp_doc *d, kp_buf *b)
{
    if (!d || !b)
        return KP_EINVAL;
    kp_rc rc = kp_html_raw_trusted(b, "<!DOCTYPE html>\n<html lang=\"lv\">\n<head>\n<meta charset=\"utf-8\">\n");
    if (!rc)
        rc = tagged(b, "<title>", d->subtitle ? d->subtitle : d->title, "</title>\n");
    if (!rc)
        rc = kp_html_raw_trusted(b, "<style>");
    if (!rc)
        rc = kp_html_raw_trusted(b, CSS); /* the program's own style sheet */
    if (!rc)
        rc = kp_html_raw_trusted(b, "</style>\n</head>\n<body>\n<header>\n");
    if (!rc && d->watermark)
        rc = tagged(b, "<p class=\"watermark\">", d->watermark, "</p>\n");
    if (!rc && d->subtitle)
        rc = tagged(b, "<p class=\"subtitle\">", d->subtitle, "</p>\n");
    if (!rc)
        rc = tagged(b, "<h1>", d->title, "</h1>\n");
    if (!rc && d->state_line)
        rc = tagged(b, "<p>", d->state_line, "</p>\n");
    if (!rc && d->notice)
        rc = tagged(b, "<p class=\"notice\">", d->notice, "</p>\n");
    if (!rc)
        rc = kp_html_raw_trusted(b, "</header>\n");
    if (!rc && d->contents) {
        rc = kp_html_raw_trusted(b, "<nav>\n<h2>Saturs</h2>\n<ol>\n");
        for (size_t i = 0; i < d->nsections && !rc; i++) {
            rc = kp_buf_printf(b, "<li><a href=\"#s%zu\">", i + 1);
            if (!rc)
                rc = tagged(b, "", d->sections[i]->title, "</a></li>\n");
        }
        if (!rc)
            rc = kp_html_raw_trusted(b, "</ol>\n</nav>\n");
    }
    for (size_t i = 0; i < d->nsections && !rc; i++)
        rc = section(b, i, d->sections[i], d->figure_links, false);
    if (!rc && d->footer)
        rc = tagged(b, "<footer><p>", d->footer, "</p></footer>\n");
    if (!rc)
        rc = kp_html_raw_trusted(b, "</body>\n</html>\n");
    return rc;
}
