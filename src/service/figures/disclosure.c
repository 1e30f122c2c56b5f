/* Open data without small numbers (see disclosure.h). */
#include "service/figures/disclosure.h"
#include "service/figures/catalogue.h"
#include "service/transfer/catalogue.h"
#include "service/transfer/csv_file.h"
#include "core/mem.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void kp_disclosure_default(kp_disclosure_rule *r)
{
    if (r)
        r->threshold = KP_DISCLOSURE_DEFAULT_THRESHOLD;
}

static bool rule_ok(const kp_disclosure_rule *r)
{
    return r && r->threshold >= 2 && r->threshold <= KP_DISCLOSURE_MAX_THRESHOLD;
}

#define SAY(...)                                                                                                 \
    do {                                                                                                         \
        if (err && errlen)                                                                                       \
            snprintf(err, errlen, __VA_ARGS__);                                                                  \
    } while (0)

kp_rc kp_disclosure_load(const char *dir, kp_disclosure_rule *out, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (out)
        kp_disclosure_default(out);
    if (!dir || !out)
        return KP_EINVAL;
    char path[1024];
    int pn = snprintf(path, sizeof path, "%s/%s", dir, KP_DISCLOSURE_FILE);
    if (pn < 0 || (size_t)pn >= sizeof path)
        return KP_EINVAL;
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT)
        return KP_OK; /* no file: the default rule */
    kp_csv csv;
    char why[512];
    if (kp_csv_read(path, &csv, why, sizeof why)) {
        if (err && errlen)
            snprintf(err, errlen, "%s", why);
        return KP_EINVAL;
    }
    kp_rc rc = KP_OK;
    if (csv.header.n != 2 || strcmp(kp_csv_field(&csv.header, 0), "setting") ||
        strcmp(kp_csv_field(&csv.header, 1), "value")) {
        SAY("%s: line 1, column 1: the header must be exactly: setting,value", path);
        rc = KP_EINVAL;
    }
    bool seen = false;
    for (size_t i = 0; !rc && i < csv.n; i++) {
        const kp_csv_row *row = &csv.rows[i];
        if (row->n != 2) {
            SAY("%s: line %ld, column 1: expected 2 fields (setting,value)", path, row->line);
            rc = KP_EINVAL;
            break;
        }
        const char *k = kp_csv_field(row, 0), *v = kp_csv_field(row, 1);
        if (strcmp(k, "threshold") != 0) {
            SAY("%s: line %ld, column 1: unknown setting '%s'; the only setting is threshold", path, row->line, k);
            rc = KP_EINVAL;
            break;
        }
        char *end = NULL;
        errno = 0;
        long t = *v ? strtol(v, &end, 10) : 0;
        if (!*v || errno || !end || *end || t < 2 || t > KP_DISCLOSURE_MAX_THRESHOLD) {
            SAY("%s: line %ld, column 2: threshold '%s' is not a whole number from 2 to 100 (counts of persons "
                "below it are suppressed; 5 is usual)",
                path, row->line, v);
            rc = KP_EINVAL;
            break;
        }
        if (seen) {
            SAY("%s: line %ld, column 1: threshold is given twice", path, row->line);
            rc = KP_EINVAL;
            break;
        }
        seen = true;
        out->threshold = (int)t;
    }
    kp_csv_free(&csv);
    if (rc)
        kp_disclosure_default(out);
    return rc;
}

kp_rc kp_disclosure_current(kp_disclosure_rule *out, char *err, size_t errlen)
{
    return kp_disclosure_load(kp_catalogue_dir(), out, err, errlen);
}

bool kp_disclosure_small(const kp_disclosure_rule *r, int64_t v)
{
    int t = rule_ok(r) ? r->threshold : KP_DISCLOSURE_DEFAULT_THRESHOLD;
    return v >= 1 && v < t;
}

void kp_disclosure_statement(const kp_disclosure_rule *r, bool en, char *out, size_t outlen)
{
    if (!out || !outlen)
        return;
    int t = rule_ok(r) ? r->threshold : KP_DISCLOSURE_DEFAULT_THRESHOLD;
    if (en)
        snprintf(out, outlen,
                 "Open data without small numbers: counts of persons from 1 to %d are suppressed (threshold %d), "
                 "and further cells are suppressed so that no suppressed count can be derived from totals "
                 "(secondary suppression); a suppressed value is empty with the flag c. Zero is shown. Euros, "
                 "places and objects are not suppressed.",
                 t - 1, t);
    else
        snprintf(out, outlen,
                 "Atvērtie dati bez mazajiem skaitļiem: personu skaits no 1 līdz %d nav parādīts (slieksnis %d), "
                 "un vēl citas šūnas nav parādītas, lai neparādīto skaitu nevarētu aprēķināt no kopsummām "
                 "(sekundārā slēpšana); neparādītā vērtība ir tukša ar atzīmi c. Nulle ir parādīta. Eiro, vietas un "
                 "objekti netiek slēpti.",
                 t - 1, t);
}

/* ---- the suppression of a table ------------------------------------------ */

/* The cell to suppress beside a line's one suppressed cell: the smallest
 * unsuppressed part counting persons (non-zero first, ties by position),
 * else the total; KP_SDC_NO_TOTAL when there is none. */
static size_t complement(const kp_sdc_cell *cells, const kp_sdc_line *l)
{
    size_t best = KP_SDC_NO_TOTAL;
    for (size_t k = 0; k < l->n; k++) {
        const kp_sdc_cell *c = &cells[l->parts[k]];
        if (c->suppressed || !c->persons)
            continue;
        if (best == KP_SDC_NO_TOTAL) {
            best = l->parts[k];
            continue;
        }
        const kp_sdc_cell *b = &cells[best];
        bool cz = c->value == 0, bz = b->value == 0;
        if ((bz && !cz) || (bz == cz && c->value < b->value))
            best = l->parts[k];
    }
    if (best == KP_SDC_NO_TOTAL && l->total != KP_SDC_NO_TOTAL && !cells[l->total].suppressed &&
        cells[l->total].persons)
        best = l->total;
    return best;
}

kp_rc kp_disclosure_suppress(const kp_disclosure_rule *r, kp_sdc_cell *cells, size_t ncells, const kp_sdc_line *lines,
                             size_t nlines, size_t *nsuppressed)
{
    if (nsuppressed)
        *nsuppressed = 0;
    if (!rule_ok(r) || (!cells && ncells) || (!lines && nlines))
        return KP_EINVAL;
    for (size_t i = 0; i < nlines; i++) {
        const kp_sdc_line *l = &lines[i];
        if ((!l->parts && l->n) || (l->total != KP_SDC_NO_TOTAL && l->total >= ncells))
            return KP_EINVAL;
        for (size_t k = 0; k < l->n; k++)
            if (l->parts[k] >= ncells)
                return KP_EINVAL;
    }
    for (size_t i = 0; i < ncells; i++) {
        cells[i].primary = cells[i].persons && kp_disclosure_small(r, cells[i].value);
        cells[i].suppressed = cells[i].suppressed || cells[i].primary;
    }
    /* Each pass suppresses at least one more cell or ends: at most ncells + 1
     * passes. */
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < nlines; i++) {
            const kp_sdc_line *l = &lines[i];
            size_t hidden = 0, shown = 0;
            for (size_t k = 0; k < l->n; k++)
                cells[l->parts[k]].suppressed ? hidden++ : shown++;
            bool has_total = l->total != KP_SDC_NO_TOTAL;
            if (has_total)
                cells[l->total].suppressed ? hidden++ : shown++;
            if (l->equal) {
                if (!hidden || !shown)
                    continue;
                for (size_t k = 0; k < l->n; k++)
                    cells[l->parts[k]].suppressed = true;
                if (has_total)
                    cells[l->total].suppressed = true;
                changed = true;
                continue;
            }
            if (!has_total || hidden != 1)
                continue;
            size_t c = complement(cells, l);
            if (c == KP_SDC_NO_TOTAL)
                return KP_ESTATE;
            cells[c].suppressed = true;
            changed = true;
        }
    }
    if (nsuppressed)
        for (size_t i = 0; i < ncells; i++)
            *nsuppressed += cells[i].suppressed;
    return KP_OK;
}

/* ---- the evaluation's figures -------------------------------------------- */

void kp_disclosure_free(kp_disclosure *d)
{
    if (!d)
        return;
    free(d->figure);
    free(d->sums);
    memset(d, 0, sizeof *d);
}

/* Lines under construction: their parts in one growing index array. */
typedef struct builder {
    size_t *idx;
    size_t nidx, capidx;
    struct pending {
        size_t from, n, total;
        bool equal;
    } *lines;
    size_t nlines, caplines;
} builder;

static void line_begin(builder *b, bool equal)
{
    if (b->nlines == b->caplines) {
        b->caplines = b->caplines ? b->caplines * 2 : 64;
        b->lines = kp_xrealloc(b->lines, b->caplines * sizeof *b->lines);
    }
    b->lines[b->nlines++] = (struct pending){b->nidx, 0, KP_SDC_NO_TOTAL, equal};
}

static void line_part(builder *b, size_t i)
{
    if (b->nidx == b->capidx) {
        b->capidx = b->capidx ? b->capidx * 2 : 256;
        b->idx = kp_xrealloc(b->idx, b->capidx * sizeof *b->idx);
    }
    b->idx[b->nidx++] = i;
    b->lines[b->nlines - 1].n++;
}

/* Drops the line just begun when it binds nothing (fewer than one part
 * and a total, or two equal cells). */
static void line_end(builder *b)
{
    struct pending *l = &b->lines[b->nlines - 1];
    size_t cells = l->n + (l->total != KP_SDC_NO_TOTAL);
    if (cells < 2 || (!l->equal && l->total == KP_SDC_NO_TOTAL)) {
        b->nidx = l->from;
        b->nlines--;
    }
}

static bool same_group(const kp_figure *a, const kp_figure *x)
{
    return a->period == x->period && !strcmp(a->section, x->section) && !strcmp(a->target_group, x->target_group) &&
           !strcmp(a->item, x->item) && !strcmp(a->measure, x->measure);
}

static size_t find(const kp_figures *f, const char *section, int64_t muni, const char *tg, const char *item,
                   const char *measure, int period)
{
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        if (x->municipality_id == muni && x->period == period && !strcmp(x->section, section) &&
            (!tg || !strcmp(x->target_group, tg)) && !strcmp(x->item, item) && !strcmp(x->measure, measure))
            return i;
    }
    return KP_SDC_NO_TOTAL;
}

kp_rc kp_disclosure_figures(const kp_disclosure_rule *r, const kp_figures *f, kp_disclosure *out)
{
    if (!rule_ok(r) || !f || !out || (!f->items && f->n))
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    out->rule = *r;
    const size_t nf = f->n;
    /* The recipients' printed row sums: one per unit that has recipients. */
    const kp_figure_def *rd = NULL;
    size_t nrd = kp_catalogue_section("recipients", &rd);
    int64_t *units = kp_xcalloc(nf + 1, sizeof *units);
    size_t nunits = 0;
    for (size_t i = 0; i < nf; i++) {
        const kp_figure *x = &f->items[i];
        if (strcmp(x->section, "recipients"))
            continue;
        bool seen = false;
        for (size_t u = 0; u < nunits && !seen; u++)
            seen = units[u] == x->municipality_id;
        if (!seen)
            units[nunits++] = x->municipality_id;
    }
    size_t ncells = nf + nunits;
    kp_sdc_cell *cells = kp_xcalloc(ncells + 1, sizeof *cells);
    for (size_t i = 0; i < nf; i++) {
        const kp_figure *x = &f->items[i];
        cells[i].value = x->value;
        cells[i].persons = x->kind == KP_VAL_COUNT && kp_catalogue_counts_persons(x->section, x->measure);
    }
    out->sums = kp_xcalloc(nunits + 1, sizeof *out->sums);
    out->nsums = nunits;
    for (size_t u = 0; u < nunits; u++) {
        kp_disclosure_sum *s = &out->sums[u];
        snprintf(s->section, sizeof s->section, "recipients");
        s->municipality_id = units[u];
        for (size_t g = 0; g < nrd; g++) {
            size_t i = find(f, "recipients", units[u], rd[g].target_group, rd[g].item, "persons", 0);
            if (i != KP_SDC_NO_TOTAL)
                s->value += f->items[i].value;
        }
        cells[nf + u] = (kp_sdc_cell){.value = s->value, .persons = true};
    }

    builder b = {0};
    bool *done = kp_xcalloc(nf + 1, sizeof *done);
    /* Each figure of persons over the territories: the units add up to the
     * whole (municipality 0). */
    for (size_t i = 0; i < nf; i++) {
        if (done[i] || !cells[i].persons)
            continue;
        line_begin(&b, false);
        for (size_t j = i; j < nf; j++) {
            if (done[j] || !same_group(&f->items[i], &f->items[j]))
                continue;
            done[j] = true;
            if (f->items[j].municipality_id == 0)
                b.lines[b.nlines - 1].total = j;
            else
                line_part(&b, j);
        }
        line_end(&b);
    }
    /* The services provided to a target group in a unit add up to its
     * recipients (each person counted under the service of the first
     * delivery). */
    for (size_t g = 0; g < nrd; g++) {
        for (size_t i = 0; i < nf; i++) {
            const kp_figure *t = &f->items[i];
            if (strcmp(t->section, "recipients") || strcmp(t->item, rd[g].item) ||
                strcmp(t->target_group, rd[g].target_group))
                continue;
            line_begin(&b, false);
            b.lines[b.nlines - 1].total = i;
            for (size_t j = 0; j < nf; j++) {
                const kp_figure *x = &f->items[j];
                if (x->municipality_id == t->municipality_id && !strcmp(x->section, "services_provided") &&
                    !strcmp(x->target_group, t->target_group) && !strcmp(x->measure, "persons") && !x->period)
                    line_part(&b, j);
            }
            line_end(&b);
        }
    }
    /* The recipients of a unit add up to its printed row sum, and the row
     * sums of the units to the row sum of the whole. */
    for (size_t u = 0; u < nunits; u++) {
        line_begin(&b, false);
        b.lines[b.nlines - 1].total = nf + u;
        for (size_t g = 0; g < nrd; g++) {
            size_t i = find(f, "recipients", units[u], rd[g].target_group, rd[g].item, "persons", 0);
            if (i != KP_SDC_NO_TOTAL)
                line_part(&b, i);
        }
        line_end(&b);
    }
    line_begin(&b, false);
    for (size_t u = 0; u < nunits; u++) {
        if (units[u] == 0)
            b.lines[b.nlines - 1].total = nf + u;
        else
            line_part(&b, nf + u);
    }
    line_end(&b);
    /* The detail of the output indicators: the assessed adults in all are
     * those living in municipalities and those in a state centre; a detail
     * figure taken from a context column repeats that context figure. */
    for (size_t i = 0; i < nf; i++) {
        const kp_figure *t = &f->items[i];
        if (strcmp(t->section, "output_indicators_detail"))
            continue;
        if (!strcmp(t->item, "grt_assessed_total")) {
            line_begin(&b, false);
            b.lines[b.nlines - 1].total = i;
            size_t a = find(f, t->section, t->municipality_id, NULL, "grt_assessed_in_municipalities", "persons", 0);
            size_t v = find(f, t->section, t->municipality_id, NULL, "grt_assessed_living_in_vsac", "persons", 0);
            if (a != KP_SDC_NO_TOTAL)
                line_part(&b, a);
            if (v != KP_SDC_NO_TOTAL)
                line_part(&b, v);
            line_end(&b);
        }
        const kp_figure_def *def = kp_catalogue_find(t->section, t->item, t->measure);
        if (def && def->column) {
            size_t c = find(f, "context", t->municipality_id, NULL, def->column, "persons", 0);
            if (c != KP_SDC_NO_TOTAL) {
                line_begin(&b, true);
                line_part(&b, i);
                line_part(&b, c);
                line_end(&b);
            }
        }
    }

    kp_sdc_line *lines = kp_xcalloc(b.nlines + 1, sizeof *lines);
    for (size_t i = 0; i < b.nlines; i++)
        lines[i] = (kp_sdc_line){b.idx + b.lines[i].from, b.lines[i].n, b.lines[i].total, b.lines[i].equal};
    kp_rc rc = kp_disclosure_suppress(r, cells, ncells, lines, b.nlines, NULL);
    if (!rc) {
        out->figure = kp_xcalloc(nf + 1, sizeof *out->figure);
        out->n = nf;
        for (size_t i = 0; i < nf; i++) {
            out->figure[i] = cells[i].suppressed;
            out->nsuppressed += cells[i].suppressed;
        }
        /* A share whose numerator counts persons goes with its numerator
         * (the denominator is published). */
        for (size_t i = 0; i < nf; i++) {
            const kp_figure *x = &f->items[i];
            if (x->kind != KP_VAL_HUNDREDTHS || out->figure[i])
                continue;
            const kp_figure_def *def = kp_catalogue_find(x->section, x->item, x->measure);
            if (!def || !def->num[0] || !kp_catalogue_counts_persons(def->num[0], def->num[2]))
                continue;
            const char *item = !strcmp(def->num[1], "*") ? x->item : def->num[1];
            for (size_t j = 0; j < nf; j++) {
                const kp_figure *n = &f->items[j];
                if (out->figure[j] && n->municipality_id == x->municipality_id &&
                    (def->num_any_period || n->period == x->period) && !strcmp(n->section, def->num[0]) &&
                    !strcmp(n->item, item) && !strcmp(n->measure, def->num[2])) {
                    out->figure[i] = true;
                    out->nsuppressed++;
                    break;
                }
            }
        }
        for (size_t u = 0; u < nunits; u++)
            out->sums[u].suppressed = cells[nf + u].suppressed;
    }
    free(lines);
    free(b.idx);
    free(b.lines);
    free(done);
    free(cells);
    free(units);
    if (rc)
        kp_disclosure_free(out);
    return rc;
}

const kp_disclosure_sum *kp_disclosure_sum_of(const kp_disclosure *d, const char *section, int64_t municipality_id)
{
    if (!d || !section)
        return NULL;
    for (size_t i = 0; i < d->nsums; i++)
        if (d->sums[i].municipality_id == municipality_id && !strcmp(d->sums[i].section, section))
            return &d->sums[i];
    return NULL;
}
