/* The evaluation's chapter of figures 1–3 (report/eval_trends.h) over the
 * tiny country of tests/unit/service/trends_world.h, whose counts and
 * rates are worked out by hand in tests/unit/service/test_trends.c: the
 * charts, the tables, the sentences, the three renderers, and bad
 * arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "../service/trends_world.h"
#include "report/eval_model.h"
#include "report/eval_trends.h"
#include "report/eval_chapters.h"
#include "service/figures/evaluations.h"
#include "report/render.h"

static int setup(void **state)
{
    (void)state;
    return trends_world_make("eval-trends");
}

static int teardown(void **state)
{
    (void)state;
    fixture_close(&g_f);
    return 0;
}

static const kp_section *chapter(const kp_doc *d)
{
    for (size_t i = 0; i < d->nsections; i++)
        if (!strcmp(d->sections[i]->title, "Mērķa grupas personu skaita izmaiņas (2016–2021)"))
            return d->sections[i];
    return NULL;
}

static const kp_block *nth(const kp_section *s, kp_block_kind kind, size_t k)
{
    for (size_t i = 0; i < s->nblocks; i++)
        if (s->blocks[i].kind == kind && k-- == 0)
            return &s->blocks[i];
    return NULL;
}

static bool has_para(const kp_section *s, const char *text)
{
    for (size_t i = 0; i < s->nblocks; i++)
        if (s->blocks[i].kind == KP_BLOCK_PARA && !strcmp(s->blocks[i].text, text))
            return true;
    return false;
}

static void sentence_is(const char *subject, const char *one, const char *many, int64_t a, int64_t b,
                        const char *want)
{
    kp_buf s;
    kp_buf_init(&s, 1024);
    assert_int_equal(kp_eval_trend_sentence(subject, one, many, 2016, 2021, a, b, &s), KP_OK);
    assert_string_equal(kp_buf_str(&s), want);
    kp_buf_free(&s);
}

static void test_sentences(void **state)
{
    (void)state;
    /* Seed 003's own changes: 39 of 1026 is 3,80 %; 41 takes the singular;
     * 130 of 3023 is 4,30 %; 44 of 125 is 35,2 %. */
    sentence_is("Bērnu ar FT skaits", "bērnu", "bērniem", 1026, 1065,
                "Bērnu ar FT skaits 2016.–2021. gadā pieaudzis par 39 bērniem jeb 3,8 % (no 1026 līdz 1065).");
    sentence_is("Bērnu skaits", "bērnu", "bērniem", 326, 367,
                "Bērnu skaits 2016.–2021. gadā pieaudzis par 41 bērnu jeb 12,6 % (no 326 līdz 367).");
    sentence_is("Pilngadīgu personu ar GRT skaits", "personu", "personām", 3023, 2893,
                "Pilngadīgu personu ar GRT skaits 2016.–2021. gadā samazinājies par 130 personām jeb 4,3 % "
                "(no 3023 līdz 2893).");
    sentence_is("Bērnu skaits BSAC", "bērnu", "bērniem", 125, 81,
                "Bērnu skaits BSAC 2016.–2021. gadā samazinājies par 44 bērniem jeb 35,2 % (no 125 līdz 81).");
    sentence_is("X", "bērnu", "bērniem", 100, 111, "X 2016.–2021. gadā pieaudzis par 11 bērniem jeb 11,0 % (no 100 līdz 111).");
    sentence_is("X", "bērnu", "bērniem", 0, 5, "X 2016.–2021. gadā pieaudzis par 5 bērniem (no 0 līdz 5).");
    sentence_is("X", "bērnu", "bērniem", 7, 7, "X 2016.–2021. gadā nav mainījies (7).");
    kp_buf s;
    kp_buf_init(&s, 64);
    assert_int_equal(kp_eval_trend_sentence(NULL, "a", "b", 2016, 2021, 1, 2, &s), KP_EINVAL);
    assert_int_equal(kp_eval_trend_sentence("X", NULL, "b", 2016, 2021, 1, 2, &s), KP_EINVAL);
    assert_int_equal(kp_eval_trend_sentence("X", "a", NULL, 2016, 2021, 1, 2, &s), KP_EINVAL);
    assert_int_equal(kp_eval_trend_sentence("X", "a", "b", 2016, 2021, 1, 2, NULL), KP_EINVAL);
    kp_buf_free(&s);
    assert_int_equal(kp_eval_trends_first_year(day("2021-12-31")), 2016);
}

static void test_chapter(void **state)
{
    (void)state;
    kp_doc d;
    kp_doc_init(&d);
    assert_int_equal(kp_eval_trends_chapter(&g_f.ctx, "ZPR", day("2021-12-31"), NULL, &d), KP_OK);
    const kp_section *s = chapter(&d);
    assert_non_null(s);
    assert_true(s->new_page);
    /* Figure 1: six years, three series; grt 1 2 3 2 3 3, ft 2 2 2 2 1 1. */
    const kp_chart *c = nth(s, KP_BLOCK_CHART, 0)->chart;
    assert_string_equal(c->title, "1. attēls. Pilngadīgu personu ar GRT un bērnu ar FT skaita izmaiņas");
    assert_int_equal(c->ncat, 6);
    assert_int_equal(c->nseries, 3);
    assert_false(c->hundredths);
    assert_string_equal(c->categories[0], "2016");
    assert_string_equal(c->categories[5], "2021");
    static const int64_t grt[] = {1, 2, 3, 2, 3, 3}, ft[] = {2, 2, 2, 2, 1, 1};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(c->values[i * 3 + 0], grt[i]);
        assert_int_equal(c->values[i * 3 + 1], ft[i]);
    }
    /* Its table: the same numbers, with the day each is taken. */
    const kp_table *t = nth(s, KP_BLOCK_TABLE, 0)->table;
    assert_int_equal(t->ncols, 4);
    assert_int_equal(t->nrows, 6);
    assert_int_equal(t->cells[0].kind, KP_CELL_DATE);
    assert_int_equal(t->cells[0].v, day("2016-12-31"));
    assert_int_equal(t->cells[4 * 2 + 1].v, 3);
    assert_int_equal(t->cells[4 * 4 + 2].v, 1);
    assert_true(has_para(s, "Pilngadīgu personu ar GRT skaits 2016.–2021. gadā pieaudzis par 2 personām jeb 200,0 % "
                            "(no 1 līdz 3)."));
    assert_true(has_para(s, "Bērnu ar FT skaits 2016.–2021. gadā samazinājies par 1 bērnu jeb 50,0 % (no 2 līdz 1)."));
    /* Figure 2: out-of-family care, with the total column. */
    const kp_chart *c2 = nth(s, KP_BLOCK_CHART, 1)->chart;
    assert_string_equal(c2->series[2], "Institūcijās (BSAC)");
    assert_int_equal(c2->values[0 * 3 + 2], 1);
    assert_int_equal(c2->values[3 * 3 + 0], 1);
    const kp_table *t2 = nth(s, KP_BLOCK_TABLE, 1)->table;
    assert_int_equal(t2->ncols, 5);
    assert_int_equal(t2->cells[5 * 5 + 4].v, 1);
    assert_true(has_para(s, "Bērnu skaits BSAC 2016.–2021. gadā samazinājies par 1 bērnu jeb 100,0 % (no 1 līdz 0)."));
    assert_true(has_para(s, "Bērnu skaits audžuģimenēs 2016.–2021. gadā pieaudzis par 1 bērnu (no 0 līdz 1)."));
    /* Figure 3: 2018 alone has a population: 0,15 and 0,10 per 1 000. */
    const kp_chart *c3 = nth(s, KP_BLOCK_CHART, 2)->chart;
    assert_true(c3->hundredths);
    assert_int_equal(c3->ncat, 1);
    assert_string_equal(c3->categories[0], "2018");
    assert_int_equal(c3->values[0], 15);
    assert_int_equal(c3->values[1], 10);
    const kp_table *t3 = nth(s, KP_BLOCK_TABLE, 2)->table;
    assert_int_equal(t3->nrows, 6);
    assert_int_equal(t3->cells[4 * 2 + 1].v, 20000);
    assert_int_equal(t3->cells[4 * 2 + 2].kind, KP_CELL_HUNDREDTHS);
    assert_int_equal(t3->cells[4 * 2 + 2].v, 15);
    assert_int_equal(t3->cells[4 * 2 + 3].v, 10);
    char shown[64];
    kp_cell_format(&t3->cells[4 * 2 + 2], " ", shown, sizeof shown);
    assert_string_equal(shown, "0,15");
    kp_cell neg = kp_c_hundredths(-1234);
    kp_cell_format(&neg, " ", shown, sizeof shown);
    assert_string_equal(shown, "-12,34");
    assert_string_equal(t3->cells[4 * 0 + 1].text, "nav datu");
    assert_int_equal(t3->cells[4 * 0 + 2].kind, KP_CELL_EMPTY);
    assert_true(has_para(s, "Iedzīvotāju skaits nav zināms visām teritorijām, kas reģionā ietilpa, šiem gadiem: "
                            "2016, 2017, 2019, 2020, 2021. Rādītājs uz 1000 iedzīvotājiem tiem nav aprēķināts "
                            "(data/population.csv, docs/catalogues.md)."));
    char v[32];
    kp_chart_value_format(c3, 15, v, sizeof v);
    assert_string_equal(v, "0,15");
    kp_chart_value_format(c3, -1234, v, sizeof v);
    assert_string_equal(v, "-12,34");
    kp_chart_value_format(c, 1234, v, sizeof v);
    assert_string_equal(v, "1234");
    kp_chart_value_format(NULL, 7, v, sizeof v);
    assert_string_equal(v, "7");
    kp_chart_value_format(c3, 7, NULL, 0); /* nothing to write to: no crash */

    /* The three renderers show it. */
    kp_buf html, pdf, xlsx;
    kp_buf_init(&html, KP_BUF_DEFAULT_MAX);
    kp_buf_init(&pdf, 64u << 20);
    kp_buf_init(&xlsx, 64u << 20);
    assert_int_equal(kp_render_html(&d, &html), KP_OK);
    assert_non_null(strstr(kp_buf_str(&html), "1. attēls. Pilngadīgu personu ar GRT un bērnu ar FT skaita izmaiņas"));
    assert_non_null(strstr(kp_buf_str(&html), "0,15 "));
    assert_int_equal(kp_render_pdf(&d, &pdf), KP_OK);
    assert_true(pdf.len > 1000);
    assert_int_equal(memcmp(kp_buf_str(&pdf), "%PDF", 4), 0);
    assert_int_equal(kp_render_xlsx(&d, &xlsx), KP_OK);
    assert_true(xlsx.len > 1000);
    kp_buf_free(&html);
    kp_buf_free(&pdf);
    kp_buf_free(&xlsx);
    kp_doc_free(&d);
}

static void test_in_the_evaluation(void **state)
{
    (void)state;
    kp_figures f;
    kp_date at = day("2021-12-31");
    assert_int_equal(kp_eval_figures(&g_f.ctx, "ZPR", at, &f), KP_OK);
    kp_doc d;
    kp_doc_init(&d);
    assert_int_equal(kp_eval_build(&g_f.ctx, "ZPR", at, &f, &d), KP_OK);
    assert_non_null(chapter(&d));
    kp_doc_free(&d);
    kp_figures_free(&f);
    /* The country's document has the chapter too. */
    assert_int_equal(kp_eval_figures(&g_f.ctx, "ALL", at, &f), KP_OK);
    kp_doc_init(&d);
    assert_int_equal(kp_eval_build(&g_f.ctx, "ALL", at, &f, &d), KP_OK);
    const kp_section *s = chapter(&d);
    assert_non_null(s);
    assert_int_equal(nth(s, KP_BLOCK_CHART, 0)->chart->values[2 * 3 + 0], 4); /* 2018: A B C H */
    kp_doc_free(&d);
    kp_figures_free(&f);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_doc d;
    kp_doc_init(&d);
    kp_date at = day("2021-12-31");
    assert_int_equal(kp_eval_trends_chapter(NULL, "ZPR", at, NULL, &d), KP_EINVAL);
    assert_int_equal(kp_eval_trends_chapter(&g_f.ctx, NULL, at, NULL, &d), KP_EINVAL);
    assert_int_equal(kp_eval_trends_chapter(&g_f.ctx, "ZPR", at, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_eval_trends_chapter(&g_f.ctx, "ZPR", KP_DATE_NONE, NULL, &d), KP_EINVAL);
    assert_int_equal(kp_eval_trends_chapter(&g_f.ctx, "XYZ", at, NULL, &d), KP_ENOTFOUND);
    assert_int_equal(d.nsections, 0);
    kp_doc_free(&d);
}

/* The trend figures are rows of an approved version: approving, then a
 * new grt adult in Bauska registered 1.06.2017 (living in a family), the
 * changes since the approval name each year's count (2017 2 -> 3, 2018
 * 3 -> 4, 2019 2 -> 3, 2020 and 2021 3 -> 4) and the rate of 2018
 * (4 x 100 000 / 20 000 = 20 hundredths). Last: it changes the world. */
static void test_versions_list_trend_changes(void **state)
{
    (void)state;
    kp_date at = day("2021-12-31");
    const char *const formats[] = {"csv"};
    kp_eval_version v;
    assert_int_equal(kp_eval_publish(&g_f.ctx, "ZPR", at, formats, 1, 0, &v, NULL), KP_OK);
    assert_int_equal(v.version, 1);
    person("grt", "1960-01-01", "0400200", "2017-06-01");
    kp_figures f;
    assert_int_equal(kp_eval_figures(&g_f.ctx, "ZPR", at, &f), KP_OK);
    kp_buf csv, report;
    kp_buf_init(&csv, 0);
    kp_buf_init(&report, 0);
    assert_int_equal(kp_eval_render(&g_f.ctx, "ZPR", at, "csv", &f, NULL, NULL, &csv), KP_OK);
    size_t n = 0;
    assert_int_equal(kp_evaluation_changes(&g_f.ctx, "ZPR", at, kp_buf_str(&csv), &report, &n), KP_OK);
    const char *r = kp_buf_str(&report);
    static const char *const want[] = {
        "changed trends//grt/grt_adults_living/persons/2017: 2 -> 3\n",
        "changed trends//grt/grt_adults_living/persons/2018: 3 -> 4\n",
        "changed trends//grt/grt_adults_living/persons/2019: 2 -> 3\n",
        "changed trends//grt/grt_adults_living/persons/2020: 3 -> 4\n",
        "changed trends//grt/grt_adults_living/persons/2021: 3 -> 4\n",
        "changed trends//grt/grt_adults_living/per_1000/2018: 0.15 -> 0.20\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(r, want[i]))
            fail_msg("not in the changes: %s(changes:\n%s)", want[i], r);
    assert_null(strstr(r, "trends//grt/grt_adults_living/persons/2016"));
    assert_null(strstr(r, "trends//ft/"));
    kp_buf_free(&csv);
    kp_buf_free(&report);
    kp_figures_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_chapter),
        cmocka_unit_test(test_in_the_evaluation),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_versions_list_trend_changes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
