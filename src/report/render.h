/* Renderers of the report model (report/model.h). Each draws the same
 * document into `out` (bytes appended; the caller owns and frees the
 * buffer). They fail with KP_EIO when the drawing library fails and
 * KP_ETOOBIG when the output passes the buffer's cap; `out` then holds a
 * partial result the caller must discard. */
#ifndef KOPA_REPORT_RENDER_H
#define KOPA_REPORT_RENDER_H
#include "core/buf.h"
#include "report/model.h"

/* A4 PDF (cairo + pango, DejaVu Sans): a title page and contents when
 * d->contents, page numbers, tables that never split a row and repeat
 * their header on a new page, bar charts. The same document gives the same
 * bytes: the creation date is d->created, never the clock. */
kp_rc kp_render_pdf(const kp_doc *d, kp_buf *out);

/* A standalone HTML5 file with inline CSS; every text goes through the
 * escaping writers of report/html_escape.h. */
kp_rc kp_render_html(const kp_doc *d, kp_buf *out);

/* Sections [from, to) as HTML for a page with its own frame and style
 * sheet: <section id="sN"> (N = index + 1) with an <h2>; no inline styles
 * (a chart's bars are <meter> elements); every text escaped. KP_EINVAL for
 * a range outside the document. */
kp_rc kp_render_html_sections(const kp_doc *d, size_t from, size_t to, kp_buf *out);

/* An XLSX workbook (libxlsxwriter): one sheet per section, numbers stored
 * as numbers with Latvian display formats, a native bar chart per chart.
 * Written through a private temporary file in $TMPDIR (or /tmp). */
kp_rc kp_render_xlsx(const kp_doc *d, kp_buf *out);

#endif
