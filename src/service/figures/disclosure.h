/* Open data without small numbers: statistical disclosure control of the
 * evaluation's figures before they leave the officials who need exact
 * figures (public files, open data, the ministry's downloads).
 *
 * The rule (docs/figures.md, "Open data without small numbers"):
 *  - only counts of persons are suppressed (the catalogue says which
 *    figures count persons: kp_catalogue_counts_persons); euros, places,
 *    objects and shares of money are never suppressed;
 *  - primary: a count of persons from 1 to threshold-1 is suppressed; 0 is
 *    shown (that nobody is counted discloses nobody);
 *  - secondary: in every line of cells that add up to a published total (a
 *    total and its parts), a line with exactly one suppressed cell (the
 *    total counted as one of its cells) gets the smallest other part
 *    suppressed too (a non-zero one first, ties by position), or the
 *    total when no part is left; repeated over all lines until nothing
 *    changes, so no suppressed cell can be recovered by subtracting
 *    published cells from a published total.
 * The threshold is data/disclosure.csv (5 when the file is absent). */
#ifndef KOPA_SERVICE_FIGURES_DISCLOSURE_H
#define KOPA_SERVICE_FIGURES_DISCLOSURE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/figures/figures.h"

#define KP_DISCLOSURE_DEFAULT_THRESHOLD 5
#define KP_DISCLOSURE_MAX_THRESHOLD 100
#define KP_DISCLOSURE_FILE "disclosure.csv"

typedef struct kp_disclosure_rule {
    int threshold; /* counts of persons 1..threshold-1 are small; 2..KP_DISCLOSURE_MAX_THRESHOLD */
} kp_disclosure_rule;

/* The default rule (threshold KP_DISCLOSURE_DEFAULT_THRESHOLD). */
void kp_disclosure_default(kp_disclosure_rule *r);

/* Reads `dir`/disclosure.csv (header "setting,value"; a row
 * "threshold,N", N a whole number from 2 to KP_DISCLOSURE_MAX_THRESHOLD)
 * with the project's CSV reader. A missing file gives the default rule. A
 * bad file: KP_EINVAL, and err (may be NULL) says in English which file,
 * line and column and what to write; *out is then the default rule.
 * KP_EINVAL for NULL dir or out. */
kp_rc kp_disclosure_load(const char *dir, kp_disclosure_rule *out, char *err, size_t errlen);

/* The rule of the installation: kp_disclosure_load from the catalogue
 * directory (kp_catalogue_dir). */
kp_rc kp_disclosure_current(kp_disclosure_rule *out, char *err, size_t errlen);

/* Is v a small count of persons under the rule (1..threshold-1)? False
 * for 0 and negatives; a NULL or invalid rule counts as the default. */
bool kp_disclosure_small(const kp_disclosure_rule *r, int64_t v);

/* The rule stated for a file's metadata, in English or Latvian, e.g.
 * "Counts of persons from 1 to 4 are suppressed (threshold 5) ...". out
 * gets at most outlen bytes, NUL-terminated. */
void kp_disclosure_statement(const kp_disclosure_rule *r, bool en, char *out, size_t outlen);

/* ---- the suppression of a table ------------------------------------------ */

/* A cell: its value, whether it counts persons (only those are suppressed),
 * and the result. */
typedef struct kp_sdc_cell {
    int64_t value;
    bool persons;
    bool suppressed; /* out (may come in set: a cell suppressed beforehand) */
    bool primary;    /* out: suppressed for being small itself */
} kp_sdc_cell;

/* A line: parts that add up to a total (indexes into the cells), or, with
 * `equal`, cells that show the same number (one suppressed: all are).
 * total = KP_SDC_NO_TOTAL for a line whose sum is not published. */
#define KP_SDC_NO_TOTAL SIZE_MAX
typedef struct kp_sdc_line {
    const size_t *parts;
    size_t n;
    size_t total;
    bool equal;
} kp_sdc_line;

/* Primary and secondary suppression of cells bound by lines (see the rule
 * above). KP_EINVAL for a NULL rule or cells (with ncells > 0), lines NULL
 * with nlines > 0, an index out of range, a threshold out of range;
 * KP_ESTATE when a line cannot be protected (a suppressed part with no
 * other cell to suppress: cannot happen for a line of two or more cells).
 * *nsuppressed (may be NULL) gets the number of suppressed cells. */
kp_rc kp_disclosure_suppress(const kp_disclosure_rule *r, kp_sdc_cell *cells, size_t ncells, const kp_sdc_line *lines,
                             size_t nlines, size_t *nsuppressed);

/* ---- the evaluation's figures -------------------------------------------- */

/* The suppression of a set of figures: figure[i] for f->items[i]; and the
 * row sums the documents print beside the figures ("Kopā" of the
 * recipients: grt + ft + parents of a unit), each suppressed or not. */
typedef struct kp_disclosure_sum {
    char section[32];
    int64_t municipality_id;
    int64_t value;
    bool suppressed;
} kp_disclosure_sum;

typedef struct kp_disclosure {
    kp_disclosure_rule rule;
    bool *figure;      /* n entries (the figures' count) */
    size_t n;
    kp_disclosure_sum *sums;
    size_t nsums;
    size_t nsuppressed; /* figures suppressed */
} kp_disclosure;

void kp_disclosure_free(kp_disclosure *d);

/* Suppresses the figures under the rule. The lines, visited in this order
 * on every pass (which cell a line takes can depend on it): each figure of
 * persons over the territories (the units add up to the whole, 0); the
 * services provided to a target group in a unit add up to its recipients;
 * the parts of the assessed total (output_indicators_detail); a figure
 * that repeats another (a detail figure taken from a context column) is
 * suppressed with it; a share computed from a suppressed count of persons
 * is suppressed with it; and the recipients' row sums ("Kopā", over the
 * units too). *out must be zeroed; the caller frees it with
 * kp_disclosure_free. KP_EINVAL for NULL arguments or a bad rule. */
kp_rc kp_disclosure_figures(const kp_disclosure_rule *r, const kp_figures *f, kp_disclosure *out);

/* The printed row sum of `section` for a unit, or NULL. */
const kp_disclosure_sum *kp_disclosure_sum_of(const kp_disclosure *d, const char *section, int64_t municipality_id);

#endif
