/* The figure, region, territory and date of a drill-down request (see
 * figure_request.h). */
#include "web/figure_request.h"
#include "web/page_strings.h"
#include "service/territory.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STRINGS(X)                                                                                                 \
    X(T_FIGURE, "nenosauc nevienu izvērtējuma rādītāju: izmantojiet saiti no pārskata",                             \
      "names no figure of the evaluation: follow a link from the report")                                         \
    X(T_REGION, "nav norādīts reģions: norādiet reģiona kodu (piemēram, ZPR)",                                      \
      "no region given: give the region's code (e.g. ZPR)")                                                       \
    X(T_MUNICIPALITY, "norādiet teritorijas numuru vai atstājiet tukšu visam reģionam",                            \
      "give the territory's number, or leave it out for the whole region")                                       \
    X(T_DATE, "nav norādīts datums: norādiet to (piemēram, 31.12.2021.)", "no date given: give it (e.g. 31.12.2021)")

KP_PAGE_STRINGS(STRINGS);

bool kp_figure_request(kp_req *r, kp_figure_ref *ref, const char **region, int64_t *muni, kp_date *at)
{
    const char *f = kp_in(r, "figure"), *m = kp_in(r, "municipality"), *d = kp_in(r, "date");
    *region = kp_in(r, "region");
    *muni = 0;
    if (kp_figure_ref_parse(f, ref))
        kp_errors_add(&r->errors, "figure", "", "%s", t(r, T_FIGURE));
    if (!*region || !**region)
        kp_errors_add(&r->errors, "region", "", "%s", t(r, T_REGION));
    if (m && *m) {
        char *end = NULL;
        long long v = strtoll(m, &end, 10);
        if (*end)
            kp_errors_add(&r->errors, "municipality", "", "%s", t(r, T_MUNICIPALITY));
        *muni = (int64_t)v;
    }
    /* The router has turned a readable date into ISO and refused others. */
    if (!d || kp_date_parse_iso(d, at))
        kp_errors_add(&r->errors, "date", "", "%s", t(r, T_DATE));
    return r->errors.n == 0;
}

const char *kp_figure_href(kp_req *r, const char *section, const char *tg, const char *item, const char *measure,
                           int period, const char *region, int64_t muni, const char *date_iso)
{
    if (!r || !section || !item || !measure || !region || !region[0] || !date_iso)
        return NULL;
    char ref[KP_FIGURE_REF_MAX];
    int n = snprintf(ref, sizeof ref, "%s.%s.%s.%s.%d", section, tg ? tg : "", item, measure, period);
    kp_figure_ref parsed;
    if (n < 0 || (size_t)n >= sizeof ref || kp_figure_ref_parse(ref, &parsed) != KP_OK)
        return NULL;
    /* The reference, region and date hold only [a-z0-9_.-] and digits: no
     * escaping is needed inside the URL; the caller writes it with
     * html_attr. */
    for (const char *p = region; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            return NULL;
    kp_date d;
    if (kp_date_parse_iso(date_iso, &d))
        return NULL;
    if (muni > 0)
        return kp_arena_printf(&r->arena, "/figures/records?figure=%s&region=%s&date=%s&municipality=%lld", ref, region,
                               date_iso, (long long)muni);
    return kp_arena_printf(&r->arena, "/figures/records?figure=%s&region=%s&date=%s", ref, region, date_iso);
}

void kp_figure_number(kp_req *r, int64_t v, const char *href)
{
    if (href) {
        html_raw_trusted(&r->out, "<a href=\"");
        html_attr(&r->out, href);
        html_raw_trusted(&r->out, "\">");
    }
    html_int(&r->out, v);
    if (href)
        html_raw_trusted(&r->out, "</a>");
}

void kp_td_figure(kp_req *r, bool given, int64_t v, int64_t year, const char *href)
{
    html_raw_trusted(&r->out, "<td class=\"num\">");
    if (!given) {
        html_raw_trusted(&r->out, "—");
    } else {
        kp_figure_number(r, v, href);
        if (year) {
            html_raw_trusted(&r->out, " (");
            html_int(&r->out, year);
            html_raw_trusted(&r->out, ")");
        }
    }
    html_raw_trusted(&r->out, "</td>");
}

bool kp_figure_linkable(kp_req *r, int64_t muni, const char *date_iso)
{
    if (!r || !date_iso)
        return false;
    bool municipal = r->ctx.role == KP_ROLE_MUNICIPAL_HEAD || r->ctx.role == KP_ROLE_SOCIAL_WORKER;
    if (muni <= 0)
        return !municipal;
    if (municipal && muni != r->ctx.municipality_id)
        return false;
    kp_territories t;
    if (kp_territories_load(&r->ctx, &t) != KP_OK)
        return false;
    const kp_terr *x = kp_territories_find(&t, muni);
    bool ok = x && strcmp(x->valid_from, date_iso) <= 0;
    kp_territories_free(&t);
    return ok;
}
