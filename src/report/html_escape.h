/* Escaping writers for HTML the report layer writes (the web layer has its
 * own in src/web/). Text and attribute values are always escaped; markup
 * the program itself spells goes through the loudly named
 * kp_html_raw_trusted, never data. */
#ifndef KOPA_REPORT_HTML_ESCAPE_H
#define KOPA_REPORT_HTML_ESCAPE_H
#include "core/buf.h"

/* Appends s with & < > " ' escaped (NULL = nothing). Returns the buffer's
 * result code (KP_ETOOBIG past its cap). */
kp_rc kp_html_text(kp_buf *b, const char *s);
/* The same for an attribute value inside double quotes. */
kp_rc kp_html_attr(kp_buf *b, const char *s);
/* Appends markup written by the program: never pass data here. */
kp_rc kp_html_raw_trusted(kp_buf *b, const char *markup);

#endif
