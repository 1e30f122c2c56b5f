/* The evaluation's chapter on cost after EU funding, and its CSV (see
 * eval_cost.h). */
#include "report/eval_cost.h"
#include "report/eval_model.h"
#include "service/access.h"
#include "service/figures/eval_details.h"
#include "service/transfer/csv_file.h"
#include "core/mem.h"
#include "core/money.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ASSUMPTIONS_LV[] = {
    "Projekta gadi: ESF apmaksātie sniegtie pakalpojumi (ne atceltu piešķīrumu) no projekta sākuma līdz datumam "
    "vai projekta beigām, pie pašvaldības, kas par personu atbild datumā (pēc reformas — tās pēctecē).",
    "Izmaksas: pieprasījuma rindas summa, ja pakalpojums ir kompensācijas pieprasījumā; citādi vienības × vienības "
    "izmaksas, kas bija spēkā sniegšanas dienā (data/unit_costs.csv).",
    "Bāzes gads: pēdējais kalendārais gads, kas beidzies līdz datumam, bet ne vēlāk par projekta pēdējo gadu.",
    "Neapmierināta vajadzība: personas ar atvērtu lietu, kuru pēdējais izvērtējums līdz datumam nosaka "
    "pakalpojumu un kuras bāzes gadā to nav saņēmušas; tās tiek pieskaitītas vienmērīgi — prognozes k-tajā no N "
    "gadiem neapmierināto skaits × k / N (noapaļojot uz leju), visas līdz pēdējam gadam.",
    "Vienības uz personu: kā bāzes gadā pašvaldībā (ja pašvaldībai to nav — reģionā šim pakalpojumam); vienības "
    "izmaksas: spēkā katra prognozes gada 1. janvārī; inflācija nav pieņemta.",
    "Pakalpojumu veidi (baseins, Montesori …) ir ieskaitīti sociālajā rehabilitācijā.",
};

static const char *const ASSUMPTIONS_EN[] = {
    "Project years: ESF-funded deliveries (not of cancelled assignments) from the project's start to the date or "
    "the project's end, under the municipality responsible for the person on the date (after the reform, its "
    "successor).",
    "Cost: a claim line's amount where the delivery is in a compensation claim; otherwise units × the unit cost in "
    "force on the day of delivery (data/unit_costs.csv).",
    "Base year: the last calendar year ended by the date, at most the project's last year.",
    "Need not yet served: persons with an open case whose latest assessment by the date names the service and who "
    "did not receive it in the base year; they are taken in evenly — in year k of N, unmet × k / N (rounded down), "
    "all by the last year.",
    "Units per person: as in the base year in the municipality (where it has none, the region's for the service); "
    "unit cost: in force on 1 January of each projected year; no inflation assumed.",
    "Kinds of a service (pool, Montessori …) count in social rehabilitation.",
};

const char *const *kp_cost_assumptions(bool en, size_t *n)
{
    if (n)
        *n = sizeof ASSUMPTIONS_LV / sizeof ASSUMPTIONS_LV[0];
    return en ? ASSUMPTIONS_EN : ASSUMPTIONS_LV;
}

/* The years a total is shown for: the project's years up to the date's
 * year, then the projected ones. */
static bool shown_year(const kp_cost *c, int y)
{
    return y <= kp_date_year(c->at) || y > c->end_year;
}

static void totals_table(kp_doc *d, kp_section *s, const kp_cost *c, const char *title)
{
    kp_table *t = kp_doc_table(d, s, title, 5, "Gads", "Periods", "Personas", "Vienības", "Izmaksas");
    kp_chart *ch = kp_doc_chart(d, s, kp_doc_printf(d, "%s (EUR)", title), "EUR", 1, "Izmaksas");
    for (int y = c->first_year; y <= c->last_year; y++) {
        if (!shown_year(c, y))
            continue;
        int64_t persons = 0, units = 0;
        kp_cents cost = 0;
        kp_cost_year_total(c, y, &persons, &units, &cost);
        kp_cell *row = kp_table_row(d, t);
        bool projected = y > c->end_year;
        row[0] = kp_c_text(d, kp_doc_printf(d, "%d", y));
        row[1] = kp_c_text(d, projected                  ? "prognoze"
                              : y == kp_date_year(c->at) && y > c->base_year ? "līdz datumam"
                                                                              : "projekts");
        row[2] = kp_c_count(persons);
        row[3] = kp_c_count(units);
        row[2].persons = true;
        row[4] = kp_c_cents(cost);
        kp_chart_category(d, ch, projected ? kp_doc_printf(d, "%d (prognoze)", y) : kp_doc_printf(d, "%d", y))[0] =
            (cost + 50) / 100;
    }
}

static kp_rc region_chapter(kp_ctx *ctx, const char *region, kp_date at, kp_doc *d, kp_section *s)
{
    kp_cost c;
    kp_rc rc = kp_cost_compute(ctx, region, 0, at, KP_COST_YEARS_AFTER, &c);
    if (rc)
        return rc;
    if (!c.n) {
        kp_doc_para(d, s, "Sniegto pakalpojumu un neapmierinātu vajadzību ierakstu nav.");
        kp_cost_free(&c);
        return KP_OK;
    }
    totals_table(d, s, &c, "Pakalpojumu izmaksas pa gadiem");
    kp_table *t = kp_doc_table(d, s, kp_doc_printf(d, "Pa pašvaldībām un pakalpojumiem: %d. gads un %d. gads", c.base_year,
                                                   c.last_year),
                               7, "Pašvaldība", "Pakalpojums", "Personas (bāze)", "Izmaksas (bāze)",
                               "Neapmierināta vajadzība", "Personas (prognoze)", "Izmaksas (prognoze)");
    for (size_t i = 0; i < c.n;) {
        size_t j = i;
        const kp_cost_row *base = NULL, *last = NULL;
        for (; j < c.n && c.rows[j].municipality == c.rows[i].municipality &&
               !strcmp(c.rows[j].service, c.rows[i].service);
             j++) {
            if (c.rows[j].year == c.base_year)
                base = &c.rows[j];
            if (c.rows[j].year == c.last_year)
                last = &c.rows[j];
        }
        if (base || last) {
            kp_cell *row = kp_table_row(d, t);
            row[0] = kp_c_text(d, c.rows[i].municipality_name);
            row[1] = kp_c_text(d, c.rows[i].service_name);
            row[2] = kp_c_count(base ? base->persons : 0);
            row[3] = kp_c_cents(base ? base->cost : 0);
            row[4] = kp_c_count(last ? last->unmet_added : 0);
            row[5] = kp_c_count(last ? last->persons : 0);
            row[6] = kp_c_cents(last ? last->cost : 0);
            row[2].persons = row[4].persons = row[5].persons = true;
        }
        i = j;
    }
    kp_cost_free(&c);
    return KP_OK;
}

kp_rc kp_eval_cost_chapter(kp_ctx *caller, const char *region, kp_date at, kp_doc *doc)
{
    if (!caller || !region || !doc || at == KP_DATE_NONE)
        return KP_EINVAL;
    /* The report is Latvian: names of municipalities and services too. */
    kp_ctx lv = *caller;
    lv.lang = "lv";
    kp_ctx *ctx = &lv;
    kp_section *s = kp_doc_section(doc, "Izmaksas pēc ES finansējuma beigām", "Izmaksas pēc ES", true);
    kp_doc_para(doc, s,
                "Kad ESF finansējums beigsies, pašvaldībām pakalpojumi būs jāapmaksā pašām (izvērtējuma 5. secinājums). "
                "Tabulā ir projekta gadu izmaksas no ierakstiem un prognoze pieciem gadiem pēc projekta beigām. "
                "Pieņēmumi:");
    size_t n = 0;
    const char *const *a = kp_cost_assumptions(false, &n);
    for (size_t i = 0; i < n; i++)
        kp_doc_para(doc, s, kp_doc_printf(doc, "%zu) %s", i + 1, a[i]));
    if (strcmp(region, KP_REGION_ALL) != 0)
        return region_chapter(ctx, region, at, doc, s);
    /* The national roll-up: every region's table from one read of the
     * records, split by region. */
    kp_eval_list regions;
    kp_rc rc = kp_eval_regions(ctx, &regions);
    const kp_eval_name *r = regions.items;
    size_t nr = rc ? 0 : regions.n;
    const char **codes = kp_xcalloc(nr + 1, sizeof *codes);
    kp_cost *c = kp_xcalloc(nr + 1, sizeof *c);
    for (size_t i = 0; i < nr; i++)
        codes[i] = r[i].code;
    if (nr)
        rc = kp_cost_compute_regions(ctx, codes, nr, at, KP_COST_YEARS_AFTER, c);
    for (size_t i = 0; !rc && i < nr; i++)
        if (c[i].n) {
            kp_doc_heading(doc, s, r[i].name);
            totals_table(doc, s, &c[i], kp_doc_printf(doc, "%s: izmaksas pa gadiem", r[i].name));
        }
    for (size_t i = 0; i < nr; i++)
        kp_cost_free(&c[i]);
    free(c);
    free(codes);
    kp_eval_list_free(&regions);
    return rc;
}

kp_rc kp_cost_write_csv(kp_ctx *ctx, const kp_cost *c, FILE *out)
{
    if (!ctx || !c || !out)
        return KP_EINVAL;
    if (c->suppressed) {
        char en[640], lv[640];
        kp_disclosure_statement(&c->rule, true, en, sizeof en);
        kp_disclosure_statement(&c->rule, false, lv, sizeof lv);
        fprintf(out, "# Kopā open data: cost after EU funding, region %s\n", c->region);
        fprintf(out, "# disclosure rule: %s\n", en);
        fprintf(out, "# noteikums: %s\n", lv);
        fprintf(out, "# disclosure threshold: %d\n", c->rule.threshold);
        fprintf(out, "# suppressed cells: %zu\n", c->nsuppressed);
    }
    static const char *const head[] = {"municipality_atvk", "municipality", "service", "year", "projected",
                                       "persons", "units", "unit_cost", "cost", "unmet_added"};
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        kp_csv_put(out, head[i], i == 0);
    kp_csv_end_row(out);
    for (size_t i = 0; i < c->n; i++) {
        const kp_cost_row *x = &c->rows[i];
        char year[8], persons[24], units[24], unit_cost[32] = "", cost[32], unmet[24] = "";
        snprintf(year, sizeof year, "%d", x->year);
        snprintf(persons, sizeof persons, "%lld", (long long)x->persons);
        snprintf(units, sizeof units, "%lld", (long long)x->units);
        if (x->projected) {
            kp_money_format_plain(x->unit_cost, unit_cost);
            snprintf(unmet, sizeof unmet, "%lld", (long long)x->unmet_added);
        }
        kp_money_format_plain(x->cost, cost);
        if (x->persons_c)
            snprintf(persons, sizeof persons, "c");
        if (x->units_c)
            snprintf(units, sizeof units, "c");
        if (x->cost_c)
            snprintf(cost, sizeof cost, "c");
        if (x->projected && x->unmet_added_c)
            snprintf(unmet, sizeof unmet, "c");
        kp_csv_put(out, x->municipality_atvk, 1);
        kp_csv_put(out, x->municipality_name, 0);
        kp_csv_put(out, x->service, 0);
        kp_csv_put(out, year, 0);
        kp_csv_put(out, x->projected ? "1" : "0", 0);
        kp_csv_put(out, persons, 0);
        kp_csv_put(out, units, 0);
        kp_csv_put(out, unit_cost, 0);
        kp_csv_put(out, cost, 0);
        kp_csv_put(out, unmet, 0);
        kp_csv_end_row(out);
    }
    return ferror(out) ? KP_EIO : KP_OK;
}
