/* The evaluation's chapter of service availability, figures 4–6
 * (report/eval_service_maps.h), over the hand-made Zemgale of
 * tests/unit/service/availability_region.h at 31.12.2021.: the maps'
 * areas and classes, the tables' rows, the change, the national chapter,
 * the map block in HTML and PDF, and bad arguments. The figures behind
 * them are worked out in tests/unit/service/test_service_availability.c:
 *
 *   31.12.2019.  Iecavas novads 2 kinds (day care, social rehab; F1),
 *                Bauskas novads (old) 1 (group home; F2), Dobeles novads
 *                (old) 2 (home care, support groups; F5), the other 19 0.
 *   31.12.2021.  Bauskas novads 3 kinds, 2 facilities (F1 day care and
 *                pool, F3 day care and respite), Jelgavas valstspilsēta
 *                1 (workshop; F4), the other 4 0.
 *
 * Both maps share one scale topped by the most kinds anywhere (3): a
 * class is ceil(4v/3), so 1 → class 2 (#6baed6), 2 → 3 (#2171b5),
 * 3 → 4 (#08306b) and 0 → class 0 (#eff3ff) (report/map.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "../service/fixture.h"
#include "../service/availability_region.h"
#include "core/buf.h"
#include "report/eval_service_maps.h"
#include "report/map.h"
#include "report/render.h"
#include "service/figures/catalogue.h"

static fixture g_f;
static availability_ids g_m;

static int setup(void **state)
{
    (void)state;
    if (fixture_open(&g_f, "eval-service-maps"))
        return -1;
    return availability_region_make(g_f.db, &g_m) ? -1 : 0;
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

/* Builds the chapter alone for a region at 31.12.2021. */
static void build(const char *region, kp_doc *d)
{
    kp_figures f;
    assert_int_equal(kp_figures_for(&g_f.ctx, region, day("2021-12-31"), &f), KP_OK);
    kp_doc_init(d);
    assert_int_equal(kp_eval_service_maps(&g_f.ctx, region, day("2021-12-31"), &f, d), KP_OK);
    kp_figures_free(&f);
    assert_int_equal(d->nsections, 1);
    assert_string_equal(d->sections[0]->title, "Sabiedrībā balstītu sociālo pakalpojumu pieejamība");
}

static const kp_map_area *area(const kp_map *m, const char *atvk)
{
    for (size_t i = 0; i < m->n; i++)
        if (!strcmp(m->areas[i].atvk, atvk))
            return &m->areas[i];
    fail_msg("no area %s", atvk);
    return NULL;
}

static const kp_cell *row_of(const kp_table *t, const char *name)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (t->cells[r * t->ncols].text && !strcmp(t->cells[r * t->ncols].text, name))
            return &t->cells[r * t->ncols];
    fail_msg("no row %s", name);
    return NULL;
}

static void test_region_chapter(void **state)
{
    (void)state;
    kp_doc d;
    build("ZPR", &d);
    const kp_section *s = d.sections[0];
    /* A paragraph, map and table per date, then figure 6 as chart and table. */
    assert_int_equal(s->nblocks, 7);
    static const kp_block_kind kinds[] = {KP_BLOCK_PARA,  KP_BLOCK_MAP,   KP_BLOCK_TABLE, KP_BLOCK_MAP,
                                          KP_BLOCK_TABLE, KP_BLOCK_CHART, KP_BLOCK_TABLE};
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(s->blocks[i].kind, kinds[i]);

    const kp_map *m19 = s->blocks[1].map, *m21 = s->blocks[3].map;
    assert_string_equal(m19->title, "4. attēls. Zemgales plānošanas reģionā pieejamie sabiedrībā balstītie "
                                    "pakalpojumi 2019. gadā (stāvoklis uz 31.12.2019.)");
    assert_string_equal(m21->title, "5. attēls. Zemgales plānošanas reģionā pieejamie sabiedrībā balstītie "
                                    "pakalpojumi 2021. gadā (stāvoklis uz 31.12.2021.)");
    assert_string_equal(m19->id, "svc-map-2019");
    assert_non_null(strstr(m21->desc, "31.12.2021."));
    assert_int_equal(m19->n, 22); /* Zemgale's municipalities then */
    assert_int_equal(m21->n, 6);  /* and after the reform */
    assert_int_equal(m19->scale_max, 3);
    assert_int_equal(m21->scale_max, 3);
    assert_int_equal(area(m19, "0406400")->value, 2);
    assert_int_equal(area(m19, "0400200")->value, 1);
    assert_int_equal(area(m19, "0460200")->value, 2);
    assert_int_equal(area(m19, "0090000")->value, 0);
    assert_int_equal(area(m21, "0025000")->value, 3);
    assert_int_equal(area(m21, "0003000")->value, 1);
    assert_int_equal(area(m21, "0028000")->value, 0);

    /* Figure 5's table: a row per municipality, then the region. */
    const kp_table *t21 = s->blocks[4].table;
    assert_string_equal(t21->title, "5. attēla dati: pakalpojumi pašvaldībās uz 31.12.2021.");
    assert_int_equal(t21->nrows, 7);
    const kp_cell *b = row_of(t21, "Bauskas novads");
    assert_int_equal(b[1].v, 3);
    assert_int_equal(b[2].v, 2);
    assert_string_equal(b[3].text, "Dienas aprūpes centrs (2), Atelpas brīdis (1), Sociālā rehabilitācija (1)");
    assert_string_equal(b[1].figure, "service_availability..all.kinds.2021");
    assert_int_equal(b[1].unit, g_m.bauska);
    const kp_cell *j = row_of(t21, "Jelgavas valstspilsēta");
    assert_int_equal(j[1].v, 1);
    assert_string_equal(j[3].text, "Specializētā darbnīca (1)");
    const kp_cell *dob = row_of(t21, "Dobeles novads");
    assert_int_equal(dob[1].v, 0);
    assert_int_equal(dob[2].v, 0);
    assert_string_equal(dob[3].text, "—");
    const kp_cell *total = &t21->cells[6 * t21->ncols];
    assert_string_equal(total[0].text, "Reģionā kopā");
    assert_true(total[0].strong);
    assert_int_equal(total[1].kind, KP_CELL_EMPTY);
    assert_int_equal(total[2].v, 3);
    assert_string_equal(total[3].text, "Dienas aprūpes centrs (2), Specializētā darbnīca (1), Atelpas brīdis (1), "
                                       "Sociālā rehabilitācija (1)");
    /* Figure 4's: the same at 31.12.2019. */
    const kp_table *t19 = s->blocks[2].table;
    assert_int_equal(t19->nrows, 23);
    const kp_cell *ie = row_of(t19, "Iecavas novads");
    assert_int_equal(ie[1].v, 2);
    assert_string_equal(ie[3].text, "Dienas aprūpes centrs (1), Sociālā rehabilitācija (1)");
    assert_string_equal(row_of(t19, "Dobeles novads")[3].text, "Aprūpe mājās (1), Atbalsta grupas un grupu nodarbības (1)");

    /* Figure 6: the families offered at either date, in the catalogue's order. */
    static const struct {
        const char *name;
        int64_t before, now;
    } want[] = {{"Dienas aprūpes centrs", 1, 2},  {"Grupu māja (dzīvoklis)", 1, 0},
                {"Specializētā darbnīca", 0, 1},  {"Atelpas brīdis", 0, 1},
                {"Aprūpe mājās", 1, 0},           {"Sociālā rehabilitācija", 1, 1},
                {"Atbalsta grupas un grupu nodarbības", 1, 0}};
    const kp_chart *c = s->blocks[5].chart;
    assert_string_equal(c->title, "6. attēls. Sabiedrībā balstītu pakalpojumu iestāžu skaita izmaiņas "
                                  "(31.12.2019.–31.12.2021.)");
    assert_int_equal(c->nseries, 2);
    assert_string_equal(c->series[0], "31.12.2019.");
    assert_string_equal(c->series[1], "31.12.2021.");
    assert_int_equal(c->ncat, 7);
    const kp_table *t6 = s->blocks[6].table;
    assert_int_equal(t6->nrows, 8);
    for (size_t i = 0; i < 7; i++) {
        assert_string_equal(c->categories[i], want[i].name);
        assert_int_equal(c->values[i * 2], want[i].before);
        assert_int_equal(c->values[i * 2 + 1], want[i].now);
        const kp_cell *r = &t6->cells[i * t6->ncols];
        assert_string_equal(r[0].text, want[i].name);
        assert_int_equal(r[1].v, want[i].before);
        assert_int_equal(r[2].v, want[i].now);
        assert_int_equal(r[3].v, want[i].now - want[i].before);
        assert_non_null(r[3].figure); /* its records: the later date's facilities less the earlier's */
        assert_non_null(strstr(r[3].figure, ".change.0"));
    }
    const kp_cell *all = &t6->cells[7 * t6->ncols];
    assert_string_equal(all[0].text, "Sniegšanas vietas kopā (katra vienreiz)");
    assert_int_equal(all[1].v, 3); /* F1, F2, F5 */
    assert_int_equal(all[2].v, 3); /* F1, F3, F4 */
    assert_int_equal(all[3].v, 0);
    kp_doc_free(&d);
}

/* The fill of the first shape or tile after `data-atvk="ATVK"` in svg. */
static void expect_fill(const char *svg, const char *atvk, const char *fill)
{
    char key[32];
    snprintf(key, sizeof key, "data-atvk=\"%s\"", atvk);
    const char *a = strstr(svg, key);
    assert_non_null(a);
    const char *f = strstr(a, "fill=\"");
    assert_non_null(f);
    if (strncmp(f + 6, fill, strlen(fill)) != 0)
        fail_msg("%s: %.14s, not %s", atvk, f, fill);
}

static void test_rendered(void **state)
{
    (void)state;
    kp_doc d;
    build("ZPR", &d);
    kp_buf h;
    kp_buf_init(&h, KP_BUF_DEFAULT_MAX);
    assert_int_equal(kp_render_html(&d, &h), KP_OK);
    const char *html = kp_buf_str(&h);
    const char *s19 = strstr(html, "<svg");
    assert_non_null(s19);
    const char *s21 = strstr(s19 + 4, "<svg");
    assert_non_null(s21);
    assert_non_null(strstr(s19, "role=\"img\""));
    assert_non_null(strstr(s19, "aria-labelledby=\"svc-map-2019-title svc-map-2019-desc\""));
    assert_non_null(strstr(s19, "<title id=\"svc-map-2019-title\">4. attēls. Zemgales plānošanas reģionā"));
    assert_non_null(strstr(s19, "<desc id=\"svc-map-2019-desc\">"));
    assert_non_null(strstr(s21, "<title id=\"svc-map-2021-title\">5. attēls."));
    /* The classes: one scale for both maps. */
    expect_fill(s19, "0406400", "#2171b5");
    expect_fill(s19, "0400200", "#6baed6");
    expect_fill(s19, "0460200", "#2171b5");
    expect_fill(s19, "0090000", "#eff3ff");
    expect_fill(s21, "0025000", "#08306b");
    expect_fill(s21, "0003000", "#6baed6");
    expect_fill(s21, "0028000", "#eff3ff");
    /* The tables and figure 6 follow the maps. */
    assert_non_null(strstr(s21, "<caption>5. attēla dati: pakalpojumi pašvaldībās uz 31.12.2021.</caption>"));
    assert_non_null(strstr(s21, "6. attēls. Sabiedrībā balstītu pakalpojumu iestāžu skaita izmaiņas"));
    kp_buf_free(&h);

    kp_buf p;
    kp_buf_init(&p, (size_t)64 << 20);
    assert_int_equal(kp_render_pdf(&d, &p), KP_OK);
    assert_true(p.len > 5000);
    assert_memory_equal(p.data, "%PDF", 4);
    kp_buf_free(&p);
    kp_buf x;
    kp_buf_init(&x, (size_t)64 << 20);
    assert_int_equal(kp_render_xlsx(&d, &x), KP_OK);
    assert_true(x.len > 1000);
    kp_buf_free(&x);
    kp_doc_free(&d);
}

/* The country: no maps (each region's report has its own), figure 6 summed
 * over the regions — Rīga's F6 (recorded under the 2021 state city, which
 * did not exist on 31.12.2019.) adds day care at the later date. */
static void test_national_chapter(void **state)
{
    (void)state;
    kp_doc d;
    build(KP_REGION_ALL, &d);
    const kp_section *s = d.sections[0];
    for (size_t i = 0; i < s->nblocks; i++)
        assert_int_not_equal(s->blocks[i].kind, KP_BLOCK_MAP);
    const kp_table *t6 = s->blocks[s->nblocks - 1].table;
    assert_non_null(t6);
    const kp_cell *dc = row_of(t6, "Dienas aprūpes centrs");
    assert_int_equal(dc[1].v, 1);
    assert_int_equal(dc[2].v, 3);
    assert_int_equal(dc[3].v, 2);
    kp_doc_free(&d);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_figures f = {0};
    kp_doc d;
    kp_doc_init(&d);
    kp_date at = day("2021-12-31");
    assert_int_equal(kp_eval_service_maps(NULL, "ZPR", at, &f, &d), KP_EINVAL);
    assert_int_equal(kp_eval_service_maps(&g_f.ctx, NULL, at, &f, &d), KP_EINVAL);
    assert_int_equal(kp_eval_service_maps(&g_f.ctx, "ZPR", at, NULL, &d), KP_EINVAL);
    assert_int_equal(kp_eval_service_maps(&g_f.ctx, "ZPR", at, &f, NULL), KP_EINVAL);
    assert_int_equal(kp_eval_service_maps(&g_f.ctx, "ZPR", KP_DATE_NONE, &f, &d), KP_EINVAL);
    assert_int_equal(d.nsections, 0);
    /* An unknown region: its name is not found, nothing is added. */
    assert_int_not_equal(kp_eval_service_maps(&g_f.ctx, "XXX", at, &f, &d), KP_OK);
    assert_int_equal(d.nsections, 0);

    /* The map block and the map's size. */
    kp_section *s = kp_doc_section(&d, "S", NULL, false);
    kp_map_area a = {.atvk = "0025000", .name = "Bauskas novads", .row = 0, .col = 0, .value = 1};
    kp_map m = {.id = "m", .title = "T", .desc = "D", .areas = &a, .n = 1};
    assert_int_equal(kp_doc_map(NULL, s, &m), KP_EINVAL);
    assert_int_equal(kp_doc_map(&d, NULL, &m), KP_EINVAL);
    assert_int_equal(kp_doc_map(&d, s, NULL), KP_EINVAL);
    kp_map bad = m;
    bad.n = 0;
    assert_int_equal(kp_doc_map(&d, s, &bad), KP_EINVAL);
    bad = m;
    bad.desc = NULL;
    assert_int_equal(kp_doc_map(&d, s, &bad), KP_EINVAL);
    kp_map_area nameless = a;
    nameless.name = NULL;
    bad = m;
    bad.areas = &nameless;
    assert_int_equal(kp_doc_map(&d, s, &bad), KP_EINVAL);
    kp_map_area ragged = a;
    ragged.rings = "1,2 3"; /* not x,y pairs */
    bad.areas = &ragged;
    assert_int_equal(kp_doc_map(&d, s, &bad), KP_EINVAL);
    assert_int_equal(s->nblocks, 0);
    assert_int_equal(kp_doc_map(&d, s, &m), KP_OK);
    assert_int_equal(s->nblocks, 1);
    assert_ptr_not_equal(s->blocks[0].map->areas, &a); /* a copy */
    assert_string_equal(s->blocks[0].map->areas[0].name, "Bauskas novads");
    double w = 0, h = 0;
    assert_int_equal(kp_map_size(NULL, &w, &h), KP_EINVAL);
    assert_int_equal(kp_map_size(&m, NULL, &h), KP_EINVAL);
    assert_int_equal(kp_map_size(&m, &w, NULL), KP_EINVAL);
    bad = m;
    bad.id = "no spaces";
    assert_int_equal(kp_map_size(&bad, &w, &h), KP_EINVAL);
    /* One tile: the minimum width, the tile's row and the legend. */
    assert_int_equal(kp_map_size(&m, &w, &h), KP_OK);
    assert_true(w >= 440 && h > 64);
    kp_doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_region_chapter),
        cmocka_unit_test(test_rendered),
        cmocka_unit_test(test_national_chapter),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
