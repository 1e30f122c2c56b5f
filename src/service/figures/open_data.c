/* The open data of an approved evaluation (see open_data.h). */
#include "service/figures/open_data.h"
#include "service/figures/catalogue.h"
#include "service/figures/evaluations.h"
#include "service/figures/figures_sql.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/money.h"
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_open_evaluation_free(kp_open_evaluation *e)
{
    if (!e)
        return;
    kp_figures_free(&e->figures);
    kp_disclosure_free(&e->disclosure);
    memset(e, 0, sizeof *e);
}

bool kp_disclosure_needed(const kp_ctx *ctx, const char *region)
{
    if (!ctx)
        return true;
    switch (ctx->role) {
    case KP_ROLE_SYSTEM:
    case KP_ROLE_ADMIN:
        return false;
    case KP_ROLE_REGION:
        return !region || strcmp(ctx->region, region) != 0;
    default:
        return true;
    }
}

/* ---- reading the rows back ----------------------------------------------- */

typedef struct reader {
    kp_figures *out;
    char fields[7][128];
    size_t nfield;
    bool header_done, bad;
    char **names;     /* municipality names seen, id = index + 1 */
    size_t nnames, capnames;
} reader;

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->nfield < 7) {
        if (len >= sizeof r->fields[0])
            r->bad = true;
        else {
            memcpy(r->fields[r->nfield], s ? s : "", s ? len : 0);
            r->fields[r->nfield][s ? len : 0] = '\0';
        }
    }
    r->nfield++;
}

static const char *const HEADER[7] = {"section", "municipality", "target_group", "item", "measure", "period", "value"};

static int64_t unit_id(reader *r, const char *name)
{
    if (!*name)
        return 0;
    for (size_t i = 0; i < r->nnames; i++)
        if (!strcmp(r->names[i], name))
            return (int64_t)i + 1;
    if (r->nnames == r->capnames) {
        r->capnames = r->capnames ? r->capnames * 2 : 64;
        r->names = kp_xrealloc(r->names, r->capnames * sizeof *r->names);
    }
    r->names[r->nnames++] = kp_xstrdup(name);
    return (int64_t)r->nnames;
}

static void on_row(int c, void *data)
{
    (void)c;
    reader *r = data;
    size_t n = r->nfield;
    r->nfield = 0;
    if (r->bad)
        return;
    if (n != 7) {
        r->bad = true;
        return;
    }
    if (!r->header_done) {
        for (size_t i = 0; i < 7; i++)
            if (strcmp(r->fields[i], HEADER[i]))
                r->bad = true;
        r->header_done = true;
        return;
    }
    kp_figure x = {0};
    char(*f)[128] = r->fields;
    if (strlen(f[0]) >= sizeof x.section || strlen(f[1]) >= sizeof x.municipality ||
        strlen(f[2]) >= sizeof x.target_group || strlen(f[3]) >= sizeof x.item || strlen(f[4]) >= sizeof x.measure) {
        r->bad = true;
        return;
    }
    memcpy(x.section, f[0], strlen(f[0]) + 1);
    memcpy(x.municipality, f[1], strlen(f[1]) + 1);
    memcpy(x.target_group, f[2], strlen(f[2]) + 1);
    memcpy(x.item, f[3], strlen(f[3]) + 1);
    memcpy(x.measure, f[4], strlen(f[4]) + 1);
    x.municipality_id = unit_id(r, f[1]);
    if (*f[5]) {
        char *end = NULL;
        errno = 0;
        long p = strtol(f[5], &end, 10);
        if (errno || !end || *end || p < 1 || p > 9999) {
            r->bad = true;
            return;
        }
        x.period = (int)p;
    }
    const kp_figure_def *def = kp_catalogue_find(x.section, x.item, x.measure);
    x.kind = def ? def->kind : strchr(f[6], '.') ? KP_VAL_CENTS : KP_VAL_COUNT;
    kp_cents v = 0;
    if (kp_money_parse(f[6], &v)) {
        r->bad = true;
        return;
    }
    /* Counts are whole: "457" parses as 45700 cents. */
    if (x.kind == KP_VAL_COUNT) {
        if (v % 100) {
            r->bad = true;
            return;
        }
        v /= 100;
    }
    x.value = v;
    kp_figures *o = r->out;
    if (o->n == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 256;
        o->items = kp_xrealloc(o->items, o->cap * sizeof *o->items);
    }
    o->items[o->n++] = x;
    o->has_data = true;
}

kp_rc kp_figures_from_rows_csv(const char *csv, kp_figures *out)
{
    if (!csv || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return KP_EIO;
    reader r = {.out = out};
    size_t len = strlen(csv);
    if (csv_parse(&p, csv, len, on_field, on_row, &r) != len || csv_fini(&p, on_field, on_row, &r) != 0)
        r.bad = true;
    csv_free(&p);
    for (size_t i = 0; i < r.nnames; i++)
        free(r.names[i]);
    free(r.names);
    if (r.bad || !r.header_done) {
        kp_figures_free(out);
        return KP_EINVAL;
    }
    return KP_OK;
}

/* One approval's figures (version, approved_on, figures_csv: the row
 * read, *found), suppressed. */
static kp_rc load(kp_rc rc, bool row, kp_q_figures_approved_version *v, const kp_disclosure_rule *rule,
                  kp_open_evaluation *out)
{
    char *csv = NULL;
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc) {
        out->version = v->version;
        memcpy(out->approved_on, v->approved_on, sizeof out->approved_on);
        csv = v->figures_csv ? v->figures_csv : kp_xstrdup("");
        v->figures_csv = NULL;
    }
    if (!rc && kp_figures_from_rows_csv(csv, &out->figures))
        rc = KP_ESTATE;
    free(csv);
    if (!rc)
        rc = kp_disclosure_figures(rule, &out->figures, &out->disclosure);
    if (!rc)
        for (size_t i = 0; i < out->figures.n; i++)
            if (out->disclosure.figure[i])
                out->figures.items[i].value = 0;
    if (rc)
        kp_open_evaluation_free(out);
    return rc;
}

static bool args_ok(kp_ctx *ctx, const kp_disclosure_rule *rule, kp_open_evaluation *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    return ctx && rule && out && rule->threshold >= 2 && rule->threshold <= KP_DISCLOSURE_MAX_THRESHOLD;
}

kp_rc kp_open_evaluation_latest(kp_ctx *ctx, const char *region, kp_date at, const kp_disclosure_rule *rule,
                                kp_open_evaluation *out)
{
    if (!args_ok(ctx, rule, out) || !region || at == KP_DATE_NONE)
        return KP_EINVAL;
    char iso[11];
    kp_date_format_iso(at, iso);
    kp_q_figures_approved_version v;
    bool row = false;
    kp_rc rc = kp_q_figures_approved_figures_latest(ctx->db, region, iso, &v, &row);
    return load(rc, row, &v, rule, out);
}

kp_rc kp_open_evaluation_version(kp_ctx *ctx, int64_t id, const kp_disclosure_rule *rule, kp_open_evaluation *out)
{
    if (!args_ok(ctx, rule, out) || id <= 0)
        return KP_EINVAL;
    kp_eval_version v;
    kp_rc rc = kp_evaluation_version_get(ctx, id, &v, NULL); /* the scope check */
    if (rc)
        return rc;
    kp_q_figures_approved_version q;
    bool row = false;
    rc = kp_q_figures_approved_figures_of(ctx->db, id, &q, &row);
    return load(rc, row, &q, rule, out);
}
