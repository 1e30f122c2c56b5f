/* The open-data renderers (report/eval_open.h, report/evaluation_rows.h) on
 * hand-made figures and a hand-made document: what a suppressed cell looks
 * like in CSV, JSON and the document, the rule stated in each, and bad
 * arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report/eval_open.h"
#include "report/evaluation_rows.h"
#include "report/render.h"
#include "report/eval_chapters.h"
#include "report/eval_model.h"
#include "../service/fixture.h"
#include "demo/demo.h"
#include "service/figures/catalogue.h"

static const kp_disclosure_rule RULE5 = {5};

static void add(kp_figures *f, const char *section, int64_t unit, const char *muni, const char *tg, const char *item,
                const char *measure, kp_value_kind kind, int64_t v)
{
    f->items = realloc(f->items, (f->n + 1) * sizeof *f->items);
    kp_figure *x = &f->items[f->n++];
    memset(x, 0, sizeof *x);
    snprintf(x->section, sizeof x->section, "%s", section);
    x->municipality_id = unit;
    snprintf(x->municipality, sizeof x->municipality, "%s", muni);
    snprintf(x->target_group, sizeof x->target_group, "%s", tg);
    snprintf(x->item, sizeof x->item, "%s", item);
    snprintf(x->measure, sizeof x->measure, "%s", measure);
    x->kind = kind;
    x->value = v;
    f->cap = f->n;
    f->has_data = true;
}

/* Bauska 3 and Dobele 12 children in institutions of 35 (3 small, 12 the
 * next smallest), Jelgava 20; euros stay. */
static void sample(kp_figures *f)
{
    memset(f, 0, sizeof *f);
    add(f, "context", 1, "Bauskas novads", "bsac", "in_institutions", "persons", KP_VAL_COUNT, 3);
    add(f, "context", 2, "Dobeles novads", "bsac", "in_institutions", "persons", KP_VAL_COUNT, 12);
    add(f, "context", 3, "Jelgavas novads", "bsac", "in_institutions", "persons", KP_VAL_COUNT, 20);
    add(f, "context", 0, "", "bsac", "in_institutions", "persons", KP_VAL_COUNT, 35);
    add(f, "compensation", 1, "Bauskas novads", "", "total", "eur", KP_VAL_CENTS, 250);
}

static char *to_text(kp_rc (*fn)(const kp_figures *, const kp_disclosure *, const char *, const char *, const char *,
                                  FILE *),
                     const kp_figures *f, const kp_disclosure *d, const char *source)
{
    char *mem = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&mem, &n);
    assert_non_null(m);
    assert_int_equal(fn(f, d, "ZPR", "2021-12-31", source, m), KP_OK);
    fclose(m);
    return mem;
}

static void test_csv(void **state)
{
    (void)state;
    kp_figures f;
    sample(&f);
    kp_disclosure d = {0};
    assert_int_equal(kp_disclosure_figures(&RULE5, &f, &d), KP_OK);
    char *csv = to_text(kp_rows_write_csv_open, &f, &d, "approved version 2 of 2022-01-10");
    const char *rows = strstr(csv, "section,");
    assert_non_null(rows);
    assert_string_equal(rows, "section,municipality,target_group,item,measure,period,value,flag\n"
                              "context,Bauskas novads,bsac,in_institutions,persons,,,c\n"
                              "context,Dobeles novads,bsac,in_institutions,persons,,,c\n"
                              "context,Jelgavas novads,bsac,in_institutions,persons,,20,\n"
                              "context,,bsac,in_institutions,persons,,35,\n"
                              "compensation,Bauskas novads,,total,eur,,2.50,\n");
    assert_true(strncmp(csv, "# Kopā open data: DI plan progress evaluation, region ZPR, on 2021-12-31, approved "
                             "version 2 of 2022-01-10\n# disclosure rule: Open data without small numbers: counts of "
                             "persons from 1 to 4 are suppressed (threshold 5)",
                        203) == 0);
    assert_non_null(strstr(csv, "\n# noteikums: Atvērtie dati bez mazajiem skaitļiem: personu skaits no 1 līdz 4"));
    assert_non_null(strstr(csv, "\n# disclosure threshold: 5\n# suppressed cells: 2\nsection,"));
    free(csv);
    /* Without a source the first line ends at the date. */
    csv = to_text(kp_rows_write_csv_open, &f, &d, NULL);
    assert_true(strncmp(csv, "# Kopā open data: DI plan progress evaluation, region ZPR, on 2021-12-31\n", 74) == 0);
    free(csv);
    kp_disclosure_free(&d);
    kp_figures_free(&f);
}

static void test_json(void **state)
{
    (void)state;
    kp_figures f;
    sample(&f);
    kp_disclosure d = {0};
    kp_disclosure_rule ten = {10}; /* 12 is not small under 10 either; 3 is */
    assert_int_equal(kp_disclosure_figures(&ten, &f, &d), KP_OK);
    char *text = to_text(kp_rows_write_json_open, &f, &d, NULL);
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    free(text);
    assert_non_null(j);
    json_t *meta = json_object_get(j, "metadata"), *disc = json_object_get(meta, "disclosure");
    assert_string_equal(json_string_value(json_object_get(meta, "region")), "ZPR");
    assert_int_equal(json_integer_value(json_object_get(disc, "threshold")), 10);
    assert_int_equal(json_integer_value(json_object_get(disc, "suppressed")), 2);
    assert_non_null(strstr(json_string_value(json_object_get(disc, "rule")), "from 1 to 9"));
    json_t *rows = json_object_get(j, "rows");
    assert_int_equal(json_array_size(rows), 5);
    assert_true(json_is_null(json_object_get(json_array_get(rows, 0), "value")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "flag")), "c");
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 2), "value")), "20");
    assert_true(json_is_null(json_object_get(json_array_get(rows, 2), "flag")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 4), "value")), "2.50");
    json_decref(j);
    kp_disclosure_free(&d);
    kp_figures_free(&f);
}

static kp_cell fig(kp_doc *doc, const char *ref, int64_t unit, int64_t v)
{
    kp_cell c = kp_c_count(v);
    c.figure = kp_doc_str(doc, ref);
    c.unit = unit;
    return c;
}

/* A document: the recipients of two units with their row sums (worked out
 * as in test_disclosure.c: unit 2's grt 3 is small, its row takes parents
 * 7; the grt column takes unit 1's 23, whose row takes its parents 9), a
 * table of counts the report computed (2 small, then 12 the next smallest
 * in its column; places 3 are no persons), a chart of persons and one of
 * euros. */
static void test_document(void **state)
{
    (void)state;
    kp_figures f;
    memset(&f, 0, sizeof f);
    add(&f, "recipients", 1, "A", "grt", "grt_adults", "persons", KP_VAL_COUNT, 23);
    add(&f, "recipients", 1, "A", "ft", "ft_children", "persons", KP_VAL_COUNT, 40);
    add(&f, "recipients", 1, "A", "parents", "parents", "persons", KP_VAL_COUNT, 9);
    add(&f, "recipients", 2, "B", "grt", "grt_adults", "persons", KP_VAL_COUNT, 3);
    add(&f, "recipients", 2, "B", "ft", "ft_children", "persons", KP_VAL_COUNT, 10);
    add(&f, "recipients", 2, "B", "parents", "parents", "persons", KP_VAL_COUNT, 7);
    add(&f, "recipients", 0, "", "grt", "grt_adults", "persons", KP_VAL_COUNT, 26);
    add(&f, "recipients", 0, "", "ft", "ft_children", "persons", KP_VAL_COUNT, 50);
    add(&f, "recipients", 0, "", "parents", "parents", "persons", KP_VAL_COUNT, 16);
    kp_disclosure d = {0};
    assert_int_equal(kp_disclosure_figures(&RULE5, &f, &d), KP_OK);

    kp_doc doc;
    kp_doc_init(&doc);
    kp_section *s = kp_doc_section(&doc, "Pielikums", NULL, false);
    kp_table *t = kp_doc_table(&doc, s, "Saņēmēji", 5, "", "GRT", "FT", "Vecāki", "Kopā");
    static const char *const refs[] = {"recipients.grt.grt_adults.persons.0", "recipients.ft.ft_children.persons.0",
                                       "recipients.parents.parents.persons.0"};
    const int64_t vals[3][3] = {{23, 40, 9}, {3, 10, 7}, {26, 50, 16}};
    const int64_t units[3] = {1, 2, 0};
    for (int u = 0; u < 3; u++) {
        kp_cell *row = kp_table_row(&doc, t);
        row[0] = kp_c_text(&doc, u == 2 ? "Kopā" : "X");
        for (int g = 0; g < 3; g++)
            row[1 + g] = fig(&doc, refs[g], units[u], vals[u][g]);
        row[4] = kp_c_count(vals[u][0] + vals[u][1] + vals[u][2]);
        row[4].persons = true;
        row[4].strong = u == 2;
    }
    kp_table *c = kp_doc_table(&doc, s, "Izmaksas", 2, "Personas", "Vietas");
    const int64_t computed[3] = {2, 30, 12};
    for (int i = 0; i < 3; i++) {
        kp_cell *row = kp_table_row(&doc, c);
        row[0] = kp_c_count(computed[i]);
        row[0].persons = true;
        row[1] = kp_c_count(3);
    }
    /* Counts the report computed that are parts of a figure (Appendix 3:
     * the records of a territory's former municipalities add up to its
     * recipients): A's adults (23) are suppressed above, so of A's parts
     * 15 and 8 the smaller goes (else 23 − 15 − 8 … the sum would give 23
     * back); the whole's parts 20 and 6 of a published 26 stay. */
    kp_table *p = kp_doc_table(&doc, s, "Ieraksti", 1, "GRT");
    const int64_t pv[4] = {15, 8, 20, 6}, pu[4] = {1, 1, 0, 0};
    for (int i = 0; i < 4; i++) {
        kp_cell *row = kp_table_row(&doc, p);
        row[0] = kp_c_count(pv[i]);
        row[0].persons = true;
        row[0].part_of = "recipients.grt.grt_adults.persons.0";
        row[0].unit = pu[i];
    }
    kp_chart *ch = kp_doc_chart(&doc, s, "Sniegtie pakalpojumi", "personas", 1, "Personas");
    kp_chart_category(&doc, ch, "DAC")[0] = 3;
    kp_chart *eur = kp_doc_chart(&doc, s, "Izmaksas (EUR)", "EUR", 1, "Izmaksas");
    kp_chart_category(&doc, eur, "2021")[0] = 100;

    assert_int_equal(kp_doc_disclose(&doc, &f, &d), KP_OK);
    /* Recipients: hidden 23 (A grt), 9 (A parents), 3 (B grt), 7 (B parents). */
    const char *want[3] = {"x.x.", "x.x.", "...."};
    for (int u = 0; u < 3; u++)
        for (int k = 0; k < 4; k++) {
            const kp_cell *cell = &t->cells[(size_t)u * 5 + 1 + (size_t)k];
            bool h = cell->kind == KP_CELL_TEXT && !strcmp(cell->text, KP_SUPPRESSED_MARK);
            if (h != (want[u][k] == 'x'))
                fail_msg("row %d, column %d: suppressed %d", u, k + 1, h);
        }
    assert_true(t->cells[14].strong); /* a total keeps its weight */
    /* Computed counts: 2 small, 12 the next smallest; places stay. */
    assert_int_equal(c->cells[0].kind, KP_CELL_TEXT);
    assert_int_equal(c->cells[2].kind, KP_CELL_COUNT);
    assert_int_equal(c->cells[2].v, 30);
    assert_int_equal(c->cells[4].kind, KP_CELL_TEXT);
    for (int i = 0; i < 3; i++)
        assert_int_equal(c->cells[i * 2 + 1].v, 3);
    for (int i = 0; i < 4; i++)
        if ((p->cells[i].kind == KP_CELL_TEXT) != (i == 1))
            fail_msg("Appendix 3 row %d: suppressed %d", i, p->cells[i].kind == KP_CELL_TEXT);
    /* The chart of persons became a sentence; the euros' chart stays. */
    assert_int_equal(s->blocks[3].kind, KP_BLOCK_PARA);
    assert_non_null(strstr(s->blocks[3].text, "Sniegtie pakalpojumi: diagramma atklātajos datos netiek rādīta"));
    assert_int_equal(s->blocks[4].kind, KP_BLOCK_CHART);
    assert_non_null(strstr(doc.notice, "personu skaits no 1 līdz 4 nav parādīts (slieksnis 5)"));
    /* It renders. */
    kp_buf html;
    kp_buf_init(&html, 0);
    assert_int_equal(kp_render_html(&doc, &html), KP_OK);
    assert_non_null(strstr(kp_buf_str(&html), ">c</td>"));
    kp_buf_free(&html);
    kp_doc_free(&doc);
    kp_disclosure_free(&d);
    kp_figures_free(&f);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_figures f;
    sample(&f);
    kp_disclosure d = {0}, other = {0};
    assert_int_equal(kp_disclosure_figures(&RULE5, &f, &d), KP_OK);
    FILE *null_out = fopen("/dev/null", "w");
    assert_non_null(null_out);
    assert_int_equal(kp_rows_write_csv_open(NULL, &d, "ZPR", "2021-12-31", NULL, null_out), KP_EINVAL);
    assert_int_equal(kp_rows_write_csv_open(&f, NULL, "ZPR", "2021-12-31", NULL, null_out), KP_EINVAL);
    assert_int_equal(kp_rows_write_csv_open(&f, &d, NULL, "2021-12-31", NULL, null_out), KP_EINVAL);
    assert_int_equal(kp_rows_write_csv_open(&f, &d, "ZPR", NULL, NULL, null_out), KP_EINVAL);
    assert_int_equal(kp_rows_write_csv_open(&f, &d, "ZPR", "2021-12-31", NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_rows_write_csv_open(&f, &other, "ZPR", "2021-12-31", NULL, null_out), KP_EINVAL); /* not f's */
    assert_int_equal(kp_rows_write_json_open(&f, &other, "ZPR", "2021-12-31", NULL, null_out), KP_EINVAL);
    assert_int_equal(kp_rows_write_json_open(NULL, &d, "ZPR", "2021-12-31", NULL, null_out), KP_EINVAL);
    fclose(null_out);
    kp_doc doc;
    kp_doc_init(&doc);
    assert_int_equal(kp_doc_disclose(NULL, &f, &d), KP_EINVAL);
    assert_int_equal(kp_doc_disclose(&doc, NULL, &d), KP_EINVAL);
    assert_int_equal(kp_doc_disclose(&doc, &f, NULL), KP_EINVAL);
    assert_int_equal(kp_doc_disclose(&doc, &f, &other), KP_EINVAL);
    assert_null(doc.notice); /* nothing was done */
    kp_doc_free(&doc);
    kp_ctx ctx = {0};
    kp_buf out;
    kp_buf_init(&out, 0);
    assert_int_equal(kp_eval_render_open(NULL, "ZPR", 1, "csv", &f, &RULE5, NULL, NULL, NULL, &out), KP_EINVAL);
    assert_int_equal(kp_eval_render_open(&ctx, NULL, 1, "csv", &f, &RULE5, NULL, NULL, NULL, &out), KP_EINVAL);
    assert_int_equal(kp_eval_render_open(&ctx, "ZPR", 1, NULL, &f, &RULE5, NULL, NULL, NULL, &out), KP_EINVAL);
    assert_int_equal(kp_eval_render_open(&ctx, "ZPR", 1, "docx", &f, &RULE5, NULL, NULL, NULL, &out), KP_EINVAL);
    assert_int_equal(kp_eval_render_open(&ctx, "ZPR", 1, "csv", NULL, &RULE5, NULL, NULL, NULL, &out), KP_EINVAL);
    assert_int_equal(kp_eval_render_open(&ctx, "ZPR", 1, "csv", &f, NULL, NULL, NULL, NULL, &out), KP_EINVAL);
    kp_disclosure_rule one = {1};
    assert_int_equal(kp_eval_render_open(&ctx, "ZPR", 1, "csv", &f, &one, NULL, NULL, NULL, &out), KP_EINVAL);
    assert_int_equal(kp_eval_render_open(&ctx, "ZPR", 1, "csv", &f, &RULE5, NULL, NULL, NULL, NULL), KP_EINVAL);
    assert_int_equal(out.len, 0);
    /* The rows need no database: csv through the same call. */
    assert_int_equal(kp_eval_render_open(&ctx, "ZPR", 1, "csv", &f, &RULE5, NULL, NULL, NULL, &out), KP_OK);
    assert_non_null(strstr(kp_buf_str(&out), "context,Bauskas novads,bsac,in_institutions,persons,,,c\n"));
    kp_buf_free(&out);
    kp_disclosure_free(&d);
    kp_figures_free(&f);
}

/* The demo's open-data document, region and country: no cell that counts
 * persons (a figure of persons, or a count the report computed) shows 1 to
 * 4, no chart of persons is left, and suppressed cells are there. */
static size_t scan(const kp_doc *doc, bool open, size_t *small_exact)
{
    size_t marks = 0;
    for (size_t s = 0; s < doc->nsections; s++)
        for (size_t b = 0; b < doc->sections[s]->nblocks; b++) {
            const kp_block *k = &doc->sections[s]->blocks[b];
            if (k->kind == KP_BLOCK_CHART && open)
                assert_string_not_equal(k->chart->unit ? k->chart->unit : "", "personas");
            if (k->kind != KP_BLOCK_TABLE)
                continue;
            for (size_t i = 0; i < k->table->nrows * k->table->ncols; i++) {
                const kp_cell *c = &k->table->cells[i];
                if (c->kind == KP_CELL_TEXT && !strcmp(c->text, KP_SUPPRESSED_MARK)) {
                    marks++;
                    continue;
                }
                bool persons = c->persons;
                if (c->figure) {
                    char sec[32] = "", meas[16] = "";
                    const char *d1 = strchr(c->figure, '.');
                    const char *d3 = d1 ? strchr(d1 + 1, '.') : NULL;
                    d3 = d3 ? strchr(d3 + 1, '.') : NULL;
                    const char *d4 = d3 ? strchr(d3 + 1, '.') : NULL;
                    assert_non_null(d4);
                    snprintf(sec, sizeof sec, "%.*s", (int)(d1 - c->figure), c->figure);
                    snprintf(meas, sizeof meas, "%.*s", (int)(d4 - d3 - 1), d3 + 1);
                    persons = kp_catalogue_counts_persons(sec, meas);
                }
                if (persons && c->kind == KP_CELL_COUNT && c->v >= 1 && c->v <= 4)
                    (*small_exact)++;
            }
        }
    return marks;
}

static void test_demo_document(void **state)
{
    (void)state;
    fixture fx;
    /* The clock after the demo's records. */
    assert_int_equal(fixture_open_demo(&fx, "eval-open-demo", "2022-01-15T09:00:00Z", "lv"), 0);
    kp_date at;
    assert_int_equal(kp_date_parse_iso("2021-12-31", &at), KP_OK);
    static const char *const regions[] = {"ZPR", "ALL"};
    for (size_t r = 0; r < 2; r++) {
        kp_figures f = {0};
        assert_int_equal(kp_eval_figures(&fx.ctx, regions[r], at, &f), KP_OK);
        kp_doc exact, open;
        kp_doc_init(&exact);
        kp_doc_init(&open);
        assert_int_equal(kp_eval_document(&fx.ctx, regions[r], at, &f, NULL, NULL, &exact), KP_OK);
        assert_int_equal(kp_eval_document(&fx.ctx, regions[r], at, &f, NULL, NULL, &open), KP_OK);
        kp_disclosure d = {0};
        assert_int_equal(kp_disclosure_figures(&RULE5, &f, &d), KP_OK);
        assert_int_equal(kp_doc_disclose(&open, &f, &d), KP_OK);
        size_t small_exact = 0, small_open = 0;
        assert_int_equal(scan(&exact, false, &small_exact), 0);
        size_t marks = scan(&open, true, &small_open);
        if (r == 0)
            assert_true(small_exact > 0); /* the region's document has small counts to hide */
        assert_int_equal(small_open, 0);
        assert_true(marks >= small_exact);
        kp_disclosure_free(&d);
        kp_doc_free(&exact);
        kp_doc_free(&open);
        kp_figures_free(&f);
    }
    fixture_close(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_document),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_demo_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
