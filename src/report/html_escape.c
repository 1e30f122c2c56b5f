/* Escaping writers for report HTML (see html_escape.h). */
#include "report/html_escape.h"
#include <string.h>

kp_rc kp_html_text(kp_buf *b, const char *s)
{
    kp_rc rc = KP_OK;
    if (!s)
        return KP_OK;
    for (const char *p = s; *p && !rc; p++) {
        switch (*p) {
        case '&': rc = kp_buf_puts(b, "&amp;"); break;
        case '<': rc = kp_buf_puts(b, "&lt;"); break;
        case '>': rc = kp_buf_puts(b, "&gt;"); break;
        case '"': rc = kp_buf_puts(b, "&quot;"); break;
        case '\'': rc = kp_buf_puts(b, "&#39;"); break;
        default: {
            size_t n = strcspn(p, "&<>\"'");
            rc = kp_buf_append(b, p, n);
            p += n - 1;
        }
        }
    }
    return rc;
}

kp_rc kp_html_attr(kp_buf *b, const char *s)
{
    return kp_html_text(b, s);
}

kp_rc kp_html_raw_trusted(kp_buf *b, const char *markup)
{
    return kp_buf_puts(b, markup);
}
