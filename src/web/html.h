/* Escaping HTML writers, one per context, over a capped output buffer.
 * Every byte of a page goes through one of these; the only one that writes
 * markup as given is html_raw_trusted, for literal markup in our own code.
 *
 * Ownership: kp_html owns its buffer (kp_html_free). A write that would pass
 * the cap sets `overflow` and writes nothing; the server then answers 500
 * rather than send half a page. Writers accept NULL text as "". Invalid
 * UTF-8 in text is replaced by U+FFFD, so a page is always valid UTF-8. */
#ifndef KOPA_WEB_HTML_H
#define KOPA_WEB_HTML_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"

typedef struct kp_html {
    kp_buf buf;
    bool overflow;
} kp_html;

#define KP_HTML_MAX ((size_t)16 * 1024 * 1024)

void kp_html_init(kp_html *h);
void kp_html_free(kp_html *h);
const char *kp_html_str(const kp_html *h);
size_t kp_html_len(const kp_html *h);

/* Element text: & < > " ' escaped. */
void html_text(kp_html *h, const char *s);
/* printf-style, then escaped as text. */
void html_textf(kp_html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A value inside a double-quoted attribute: same escaping as text. */
void html_attr(kp_html *h, const char *s);
/* One URL query argument (name or value): everything but A–Z a–z 0–9 - . _ ~
 * percent-encoded, so it can go into an href attribute as is. */
void html_url_arg(kp_html *h, const char *s);
/* A URL path: like html_url_arg but '/' is kept. A path that does not start
 * with '/' (or starts with "//") is written as "/" — never another site. */
void html_url_path(kp_html *h, const char *s);
/* JSON text inside <script type="application/json">: '<', '>', '&', U+2028
 * and U+2029 as \u escapes, so it cannot close the element. */
void html_json_script(kp_html *h, const char *json);
/* A whole number. */
void html_int(kp_html *h, int64_t v);
/* Literal markup from our own source code. Never pass data through it. */
void html_raw_trusted(kp_html *h, const char *markup);

/* An SVG element the report layer drew with its own escaping writers
 * (report/map.h: kp_map_svg, kp_bars_svg), where every text is escaped
 * already. Nothing else goes through it. */
void html_report_svg(kp_html *h, const kp_buf *svg);

/* True when s[0..n) is valid UTF-8 (shortest forms, no surrogates) and has
 * no NUL byte. */
bool kp_utf8_valid(const char *s, size_t n);

#endif
