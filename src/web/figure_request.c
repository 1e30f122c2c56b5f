/* The figure, region, territory and date of a drill-down request (see
 * figure_request.h). */
#include "web/figure_request.h"
#include "web/page_strings.h"
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
