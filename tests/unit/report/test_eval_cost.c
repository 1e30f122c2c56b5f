/* The evaluation's chapter "Izmaksas pēc ES finansējuma beigām" and the
 * cost CSV (report/eval_cost.h) over the tiny region of
 * tests/unit/service/progress_region.h at 15.06.2024: the chapter's
 * assumptions and totals by year, the national chapter, the CSV's rows,
 * and bad arguments. Expected values are worked out by hand in
 * tests/unit/service/test_progress_cost.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "../service/fixture.h"
#include "../service/progress_region.h"
#include "report/eval_cost.h"
#include "report/eval_model.h"

static fixture g_f;

static int setup(void **state)
{
    (void)state;
    if (fixture_open(&g_f, "eval-cost"))
        return -1;
    snprintf(g_f.ctx.now, sizeof g_f.ctx.now, "2024-06-15T10:00:00Z");
    progress_ids ids;
    return progress_region_make(&g_f.ctx, &ids) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    fixture_close(&g_f);
    return 0;
}

static kp_date day(const char *iso)
{
    kp_date d = 0;
    assert_int_equal(kp_date_parse_iso(iso, &d), KP_OK);
    return d;
}

static const kp_section *chapter(const kp_doc *d)
{
    for (size_t i = 0; i < d->nsections; i++)
        if (!strcmp(d->sections[i]->title, "Izmaksas pēc ES finansējuma beigām"))
            return d->sections[i];
    return NULL;
}

static const kp_table *table(const kp_section *s, size_t k)
{
    for (size_t i = 0; i < s->nblocks; i++)
        if (s->blocks[i].kind == KP_BLOCK_TABLE && k-- == 0)
            return s->blocks[i].table;
    return NULL;
}

static void test_region_chapter(void **state)
{
    (void)state;
    kp_doc d;
    kp_doc_init(&d);
    assert_int_equal(kp_eval_cost_chapter(&g_f.ctx, "ZPR", day("2024-06-15"), &d), KP_OK);
    const kp_section *s = chapter(&d);
    assert_non_null(s);
    assert_true(s->new_page);
    /* The six assumptions, numbered, after the introduction. */
    size_t n = 0;
    const char *const *a = kp_cost_assumptions(false, &n);
    assert_int_equal(n, 6);
    assert_int_equal(s->blocks[1].kind, KP_BLOCK_PARA);
    assert_non_null(strstr(s->blocks[1].text, a[0]));
    assert_non_null(strstr(s->blocks[6].text, "6) "));
    /* Totals: 2022, 2023 (the project), 2024 (the date's year is after the
     * project: projected) … 2028. */
    const kp_table *t = table(s, 0);
    assert_non_null(t);
    assert_int_equal(t->nrows, 7);
    assert_string_equal(t->cells[0].text, "2022");
    assert_int_equal(t->cells[4].v, 22800);
    assert_string_equal(t->cells[5 * 1 + 0].text, "2023");
    assert_int_equal(t->cells[5 * 1 + 4].v, 80660);  /* 570,00 + 71,60 + 165,00 */
    assert_string_equal(t->cells[5 * 6 + 0].text, "2028");
    assert_string_equal(t->cells[5 * 6 + 1].text, "prognoze");
    assert_int_equal(t->cells[5 * 6 + 2].v, 6);
    assert_int_equal(t->cells[5 * 6 + 3].v, 47);
    assert_int_equal(t->cells[5 * 6 + 4].v, 124520);
    /* By municipality and service: Bauska's day care first (catalogue
     * order), base 2 persons 570,00 €, 2028 one came in, 3 persons. */
    const kp_table *m = table(s, 1);
    assert_non_null(m);
    assert_string_equal(m->cells[0].text, "Bauskas novads");
    assert_string_equal(m->cells[1].text, "Dienas aprūpes centrs");
    assert_int_equal(m->cells[2].v, 2);
    assert_int_equal(m->cells[3].v, 57000);
    assert_int_equal(m->cells[4].v, 1);
    assert_int_equal(m->cells[5].v, 3);
    assert_int_equal(m->cells[6].v, 84360);
    kp_doc_free(&d);
    /* The chapter is in Latvian for an English caller too. */
    kp_ctx en = g_f.ctx;
    en.lang = "en";
    kp_doc_init(&d);
    assert_int_equal(kp_eval_cost_chapter(&en, "ZPR", day("2024-06-15"), &d), KP_OK);
    assert_string_equal(table(chapter(&d), 1)->cells[0].text, "Bauskas novads");
    kp_doc_free(&d);
}

static void test_national_and_empty(void **state)
{
    (void)state;
    kp_doc d;
    kp_doc_init(&d);
    assert_int_equal(kp_eval_cost_chapter(&g_f.ctx, KP_REGION_ALL, day("2024-06-15"), &d), KP_OK);
    const kp_section *s = chapter(&d);
    assert_non_null(s);
    /* Only Zemgale has records: one heading, one table. */
    size_t headings = 0;
    for (size_t i = 0; i < s->nblocks; i++)
        if (s->blocks[i].kind == KP_BLOCK_HEADING) {
            headings++;
            assert_string_equal(s->blocks[i].text, "Zemgales plānošanas reģions");
        }
    assert_int_equal(headings, 1);
    assert_int_equal(table(s, 0)->nrows, 7);
    kp_doc_free(&d);
    kp_doc_init(&d);
    assert_int_equal(kp_eval_cost_chapter(&g_f.ctx, "KPR", day("2024-06-15"), &d), KP_OK);
    s = chapter(&d);
    assert_null(table(s, 0));
    assert_string_equal(s->blocks[s->nblocks - 1].text, "Sniegto pakalpojumu un neapmierinātu vajadzību ierakstu nav.");
    kp_doc_free(&d);
}

static void test_csv(void **state)
{
    (void)state;
    kp_cost c;
    assert_int_equal(kp_cost_compute(&g_f.ctx, "ZPR", 0, day("2024-06-15"), 5, &c), KP_OK);
    char *mem = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&mem, &len);
    assert_int_equal(kp_cost_write_csv(&g_f.ctx, &c, m), KP_OK);
    fclose(m);
    assert_non_null(strstr(mem, "municipality_atvk,municipality,service,year,projected,persons,units,unit_cost,cost,"
                                "unmet_added\n"));
    assert_non_null(strstr(mem, "\n0028000,Dobeles novads,workshop,2023,0,1,4,,71.60,\n"));
    assert_non_null(strstr(mem, "\n0028000,Dobeles novads,respite,2028,1,1,3,55.00,165.00,0\n"));
    assert_non_null(strstr(mem, "\n0025000,Bauskas novads,respite,2024,1,0,0,55.00,0.00,0\n"));
    /* A line per row, and the header. */
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += mem[i] == '\n';
    assert_int_equal(lines, c.n + 1);
    free(mem);
    kp_cost_free(&c);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_doc d;
    kp_doc_init(&d);
    assert_int_equal(kp_eval_cost_chapter(NULL, "ZPR", day("2024-06-15"), &d), KP_EINVAL);
    assert_int_equal(kp_eval_cost_chapter(&g_f.ctx, NULL, day("2024-06-15"), &d), KP_EINVAL);
    assert_int_equal(kp_eval_cost_chapter(&g_f.ctx, "ZPR", KP_DATE_NONE, &d), KP_EINVAL);
    assert_int_equal(kp_eval_cost_chapter(&g_f.ctx, "ZPR", day("2024-06-15"), NULL), KP_EINVAL);
    assert_int_equal(d.nsections, 0);
    assert_int_equal(kp_eval_cost_chapter(&g_f.ctx, "XYZ", day("2024-06-15"), &d), KP_ENOTFOUND);
    kp_doc_free(&d);
    kp_cost c = {0};
    assert_int_equal(kp_cost_write_csv(NULL, &c, stdout), KP_EINVAL);
    assert_int_equal(kp_cost_write_csv(&g_f.ctx, NULL, stdout), KP_EINVAL);
    assert_int_equal(kp_cost_write_csv(&g_f.ctx, &c, NULL), KP_EINVAL);
    size_t n = 0;
    assert_non_null(kp_cost_assumptions(true, &n));
    assert_int_equal(n, 6);
    assert_non_null(kp_cost_assumptions(false, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_region_chapter),
        cmocka_unit_test(test_national_and_empty),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
