/* The data-quality panel of start pages (see check_panel.h). */
#include "web/check_panel.h"
#include "web/page_strings.h"
#include "web/server.h"
#include <string.h>

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Datu kvalitāte", "Data quality")                                                                     \
    X(T_ERRORS, "Kļūdas", "Errors")                                                                                  \
    X(T_WARNINGS, "brīdinājumi", "warnings")                                                                         \
    X(T_INFO, "informācijai", "for information")                                                                     \
    X(T_NONE, "Ieraksti atbilst visiem noteikumiem.", "The records keep every rule.")                                \
    X(T_SEE, "Skatīt atradumus", "See the findings")

KP_PAGE_STRINGS(STRINGS);

/* "Kļūdas: 2, " — the number after its label, so that Latvian needs no
 * agreement of the noun with the number. */
static void count(kp_req *r, size_t n, int label, bool last)
{
    html_text(&r->out, t(r, label));
    html_raw_trusted(&r->out, ": ");
    html_int(&r->out, (int64_t)n);
    html_raw_trusted(&r->out, last ? ". " : ", ");
}

void kp_check_panel(kp_req *r)
{
    kp_check_opts o = {.counts_only = true, .cache = kp_web_check_cache(r->app), .now = r->now};
    kp_check_report rep;
    kp_errors e;
    kp_errors_init(&e);
    kp_rc rc = kp_check_run(&r->ctx, &o, &e, &rep);
    kp_errors_free(&e);
    if (rc) {
        kp_check_report_free(&rep);
        return;
    }
    kp_html *h = &r->out;
    html_raw_trusted(h, "<section class=\"panel\" aria-labelledby=\"check-panel\">\n<h2 id=\"check-panel\">");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, "</h2>\n<p>");
    if (rep.severity[KP_CHECK_ERROR] + rep.severity[KP_CHECK_WARNING] + rep.severity[KP_CHECK_INFO] == 0) {
        html_text(h, t(r, T_NONE));
        html_raw_trusted(h, " ");
    } else {
        count(r, rep.severity[KP_CHECK_ERROR], T_ERRORS, false);
        count(r, rep.severity[KP_CHECK_WARNING], T_WARNINGS, false);
        count(r, rep.severity[KP_CHECK_INFO], T_INFO, true);
    }
    html_raw_trusted(h, "<a href=\"/check\">");
    html_text(h, t(r, T_SEE));
    html_raw_trusted(h, "</a></p>\n</section>\n");
    kp_check_report_free(&rep);
}
