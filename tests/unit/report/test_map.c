/* Tile maps and bar charts (report/map.h): the SVG is well-formed XML with
 * one shape per municipality, titled and described; classes and legend
 * worked out by hand; names escaped; tiles without a place laid out below;
 * cairo draws the darkest class where the largest value is; bad arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report/map.h"

/* Zemgale after the reform, as data/municipality_tiles.csv lays it out. */
static const kp_map_area ZPR[] = {
    {"0003000", "Jelgavas valstspilsēta", 0, 1, 4, NULL, 0, 0},
    {"0020000", "Aizkraukles novads", 0, 3, 0, NULL, 0, 0},
    {"0028000", "Dobeles novads", 1, 0, 8, NULL, 0, 0},
    {"0030000", "Jelgavas novads", 1, 1, 1, NULL, 0, 0},
    {"0025000", "Bauskas novads", 1, 2, 2, NULL, 0, 0},
    {"0031000", "Jēkabpils novads", 1, 3, KP_MAP_NO_VALUE, NULL, 0, 0},
};

static kp_map zpr_map(void)
{
    return (kp_map){.id = "m1", .title = "Iztrūkums", .desc = "Tie paši skaitļi ir tabulā.", .legend = "Personas",
                    .no_value = "nav datu", .areas = ZPR, .n = 6};
}

static size_t count_of(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Parses the SVG as XML (python3's ElementTree, an installed dependency)
 * and prints the number of <g class="area"> elements; -1 if not XML. */
static int xml_areas(const char *svg)
{
    char path[600], cmd[1600];
    snprintf(path, sizeof path, "%s/test_map-%d.svg", KOPA_TEST_TMP, (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(svg, f);
    fclose(f);
    snprintf(cmd, sizeof cmd,
             "python3 -c \"import sys,xml.etree.ElementTree as E; r=E.parse(sys.argv[1]).getroot();"
             " ns='{http://www.w3.org/2000/svg}'; assert r.tag==ns+'svg';"
             " print(sum(1 for g in r.iter(ns+'g') if g.get('class')=='area'))\" '%s'",
             path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    int n = -1;
    if (fscanf(p, "%d", &n) != 1)
        n = -1;
    int st = pclose(p);
    unlink(path);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? n : -1;
}

static void test_svg(void **state)
{
    (void)state;
    kp_map m = zpr_map();
    kp_buf b;
    kp_buf_init(&b, KP_BUF_DEFAULT_MAX);
    assert_int_equal(kp_map_svg(&m, &b), KP_OK);
    const char *s = kp_buf_str(&b);
    assert_int_equal(xml_areas(s), 6);
    assert_non_null(strstr(s, "role=\"img\""));
    assert_non_null(strstr(s, "aria-labelledby=\"m1-title m1-desc\""));
    assert_non_null(strstr(s, "<title id=\"m1-title\">Iztrūkums</title>"));
    assert_non_null(strstr(s, "<desc id=\"m1-desc\">"));
    assert_int_equal(count_of(s, "data-atvk=\""), 6);
    /* Classes with the largest value 8: 0 → class 0; 1, 2 → class 1 (1–2); 4 → class 2 (3–4);
     * 8 → class 4 (7–8); class 3 (5–6) has no value but its swatch is shown as a range. */
    assert_non_null(strstr(s, "<g class=\"area\" data-atvk=\"0028000\"><title>Dobeles novads: 8</title><rect x=\"8\" y=\"76\""));
    assert_non_null(strstr(s, "fill=\"#08306b\""));
    assert_non_null(strstr(s, "<title>Jēkabpils novads: nav datu</title>"));
    assert_non_null(strstr(s, "fill=\"#e0e0e0\""));
    assert_non_null(strstr(s, ">1–2</text>"));
    assert_non_null(strstr(s, ">3–4</text>"));
    assert_non_null(strstr(s, ">5–6</text>"));
    assert_non_null(strstr(s, ">7–8</text>"));
    /* A long name in two lines. */
    assert_null(strstr(s, ">Jelgavas valstspilsēta</text>"));
    assert_non_null(strstr(s, ">valstspilsēta</text>"));
    kp_buf_free(&b);
}

static void test_escaping_and_loose_tiles(void **state)
{
    (void)state;
    kp_map_area a[] = {
        {"0000001", "A <b>&amp; \"x\"", -1, -1, 3, NULL, 0, 0},
        {"0000002", "B", -1, -1, 1, NULL, 0, 0},
        {"0000003", "C", 0, 0, 2, NULL, 0, 0},
        {"0000004", "D", 0, 0, 2, NULL, 0, 0}, /* the same place as C: laid out below */
        {"0000005", "E", -1, -1, 0, NULL, 0, 0},
    };
    kp_map m = {.id = "m2", .title = "T<", .desc = "D&", .legend = "L", .areas = a, .n = 5};
    kp_buf b;
    kp_buf_init(&b, KP_BUF_DEFAULT_MAX);
    assert_int_equal(kp_map_svg(&m, &b), KP_OK);
    const char *s = kp_buf_str(&b);
    assert_int_equal(xml_areas(s), 5);
    assert_null(strstr(s, "<b>"));
    assert_non_null(strstr(s, "A &lt;b&gt;&amp;amp; &quot;x&quot;"));
    assert_non_null(strstr(s, "<title id=\"m2-title\">T&lt;</title>"));
    /* C keeps (0,0); A, B, D, E go below in a 2-wide grid: rows 1 and 2. */
    assert_non_null(strstr(s, "data-atvk=\"0000003\"><title>C: 2</title><rect x=\"8\" y=\"8\""));
    assert_non_null(strstr(s, "data-atvk=\"0000001\"><title>A &lt;b&gt;&amp;amp; &quot;x&quot;: 3</title><rect x=\"8\" y=\"76\""));
    assert_non_null(strstr(s, "data-atvk=\"0000002\"><title>B: 1</title><rect x=\"140\" y=\"76\""));
    assert_non_null(strstr(s, "data-atvk=\"0000004\"><title>D: 2</title><rect x=\"8\" y=\"144\""));
    assert_non_null(strstr(s, "data-atvk=\"0000005\"><title>E: 0</title><rect x=\"140\" y=\"144\""));
    kp_buf_free(&b);
}

/* Outlines: two squares and a square with a hole (even-odd), in 0.1 km
 * units; the drawing is 640 px wide at most: the box 0..200 × 0..100 is
 * scaled by 3.2 (640 / 200), so (0,0) is drawn at (8,8). */
static void test_outlines(void **state)
{
    (void)state;
    kp_map_area a[] = {
        {"0000001", "Ābeles novads", -1, -1, 3, "0,0 100,0 100,100 0,100", 50, 50},
        {"0000002", "Zīles novads", -1, -1, 0, "100,0 200,0 200,100 100,100;130,30 170,30 170,70 130,70", 115, 50},
        {"0000003", "Centrs", -1, -1, 1, "130,30 170,30 170,70 130,70", 150, 50},
    };
    kp_map m = {.id = "m4", .title = "T", .desc = "D", .legend = "L", .credit = "Robežas: X (CC BY)", .areas = a,
                .n = 3};
    kp_buf b;
    kp_buf_init(&b, KP_BUF_DEFAULT_MAX);
    assert_int_equal(kp_map_svg(&m, &b), KP_OK);
    const char *s = kp_buf_str(&b);
    assert_int_equal(xml_areas(s), 3);
    assert_int_equal(count_of(s, "<path d=\""), 3);
    assert_int_equal(count_of(s, "<rect x="), 0); /* no tiles */
    assert_non_null(strstr(s, "width=\"656\" height=\"408\"")); /* 640 + 16; 320 + 16 + 58 + 14 for the credit */
    assert_non_null(strstr(s, "<text class=\"credit\" x=\"8\" y=\"400\" font-size=\"10\" fill=\"#444\">Robežas: X (CC BY)</text>"));
    assert_non_null(strstr(s, "<path d=\"M8.0 8.0L328.0 8.0L328.0 328.0L8.0 328.0Z\" fill=\"#08306b\""));
    assert_non_null(strstr(s, "M328.0 8.0L648.0 8.0L648.0 328.0L328.0 328.0ZM424.0 104.0"));
    assert_non_null(strstr(s, "fill-rule=\"evenodd\""));
    /* The largest first, the small centre last (on top). */
    assert_true(strstr(s, "data-atvk=\"0000003\"") > strstr(s, "data-atvk=\"0000002\""));
    assert_non_null(strstr(s, "<title>Ābeles novads: 3</title>"));
    kp_buf_free(&b);
    /* cairo: the hole shows the centre's colour (class of 1 with largest 3: 1–… class 2 #6baed6),
     * Zīle's ring its own (0: #eff3ff), Ābele the darkest. */
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 656, 408);
    cairo_t *cr = cairo_create(sf);
    assert_int_equal(kp_map_cairo(&m, cr, 0, 0, 656, 408), KP_OK);
    cairo_surface_flush(sf);
    unsigned char *px = cairo_image_surface_get_data(sf);
    int stride = cairo_image_surface_get_stride(sf);
    const unsigned char *p = px + 300 * stride + 40 * 4;
    assert_int_equal(p[2], 0x08);
    p = px + 300 * stride + 360 * 4;
    assert_int_equal(p[2], 0xef);
    p = px + 120 * stride + 450 * 4;
    assert_int_equal(p[2], 0x6b);
    assert_int_equal(p[1], 0xae);
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
    /* Bad rings are refused. */
    static const char *const BAD[] = {"1,2 3,4", "1,2 3,4 5", "a,b c,d e,f", "1,2 3,4 5,6;", "1,2  3,4 5,6",
                                      "-1,2 3,4 5,6", "123456,1 2,3 4,5"};
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        kp_map_area x[] = {{"1", "A", -1, -1, 1, BAD[i], 0, 0}};
        kp_map bm = {.id = "x", .title = "t", .desc = "d", .areas = x, .n = 1};
        kp_buf o;
        kp_buf_init(&o, KP_BUF_DEFAULT_MAX);
        if (kp_map_svg(&bm, &o) != KP_EINVAL)
            fail_msg("rings '%s' accepted", BAD[i]);
        kp_buf_free(&o);
    }
}

static void test_cairo(void **state)
{
    (void)state;
    /* One row of two tiles: width 440 (the least), height 8 + 68 + 8 + 58 = 142: scale 1. */
    kp_map_area a[] = {{"0000001", "A", 0, 0, 10, NULL, 0, 0}, {"0000002", "B", 0, 1, 0, NULL, 0, 0}};
    kp_map m = {.id = "m3", .title = "T", .desc = "D", .legend = "L", .areas = a, .n = 2};
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 440, 142);
    cairo_t *cr = cairo_create(sf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    assert_int_equal(kp_map_cairo(&m, cr, 0, 0, 440, 142), KP_OK);
    cairo_surface_flush(sf);
    unsigned char *px = cairo_image_surface_get_data(sf);
    int stride = cairo_image_surface_get_stride(sf);
    /* Near the bottom right of A's tile (8..136, 8..72): the darkest class #08306b. */
    const unsigned char *p = px + 68 * stride + 130 * 4; /* B, G, R, A */
    assert_int_equal(p[2], 8);
    assert_int_equal(p[1], 48);
    assert_int_equal(p[0], 107);
    /* B's tile: the lightest class #eff3ff. */
    p = px + 68 * stride + (140 + 122) * 4;
    assert_int_equal(p[2], 239);
    assert_int_equal(p[1], 243);
    assert_int_equal(p[0], 255);
    assert_int_equal(kp_map_cairo(&m, cr, 0, 0, 0, 142), KP_EINVAL);
    assert_int_equal(kp_map_cairo(&m, NULL, 0, 0, 440, 142), KP_EINVAL);
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
}

static void test_bars(void **state)
{
    (void)state;
    kp_bar_row rows[] = {{"Bauskas novads", {5, 2, 3}}, {"Dobeles <novads>", {0, 0, 6}}};
    kp_bars b = {.id = "b1", .title = "Vajadzība", .desc = "Tabulā", .series = {"a", "b", "c"}, .rows = rows, .n = 2};
    kp_buf out;
    kp_buf_init(&out, KP_BUF_DEFAULT_MAX);
    assert_int_equal(kp_bars_svg(&b, &out), KP_OK);
    const char *s = kp_buf_str(&out);
    assert_int_equal(count_of(s, "<rect class=\"bar\""), 6);
    /* The longest bar is the largest value (6): 300 wide; 5 → 250, 3 → 150. */
    assert_non_null(strstr(s, "width=\"300.0\""));
    assert_non_null(strstr(s, "width=\"250.0\""));
    assert_non_null(strstr(s, "width=\"150.0\""));
    assert_non_null(strstr(s, "Dobeles &lt;novads&gt;"));
    assert_int_equal(xml_areas(s), 0); /* well-formed XML, no map areas */
    kp_buf_free(&out);
    rows[1].v[1] = -1;
    kp_buf_init(&out, KP_BUF_DEFAULT_MAX);
    assert_int_equal(kp_bars_svg(&b, &out), KP_EINVAL);
    rows[1].v[1] = 0;
    b.series[0] = NULL;
    assert_int_equal(kp_bars_svg(&b, &out), KP_EINVAL);
    assert_int_equal(kp_bars_svg(NULL, &out), KP_EINVAL);
    kp_buf_free(&out);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_buf b;
    kp_buf_init(&b, KP_BUF_DEFAULT_MAX);
    kp_map m = zpr_map();
    assert_int_equal(kp_map_svg(NULL, &b), KP_EINVAL);
    assert_int_equal(kp_map_svg(&m, NULL), KP_EINVAL);
    m.n = 0;
    assert_int_equal(kp_map_svg(&m, &b), KP_EINVAL);
    m = zpr_map();
    m.id = "bad id\"";
    assert_int_equal(kp_map_svg(&m, &b), KP_EINVAL);
    m = zpr_map();
    m.title = NULL;
    assert_int_equal(kp_map_svg(&m, &b), KP_EINVAL);
    kp_map_area a[] = {{NULL, "A", 0, 0, 1, NULL, 0, 0}};
    m = (kp_map){.id = "x", .title = "t", .desc = "d", .areas = a, .n = 1};
    assert_int_equal(kp_map_svg(&m, &b), KP_EINVAL);
    kp_map_area c[] = {{"1", "A", 0, -1, 1, NULL, 0, 0}};
    m.areas = c;
    assert_int_equal(kp_map_svg(&m, &b), KP_EINVAL);
    kp_map_area d[] = {{"1", "A", 100, 0, 1, NULL, 0, 0}};
    m.areas = d;
    assert_int_equal(kp_map_svg(&m, &b), KP_EINVAL);
    assert_int_equal(b.len, 0);
    kp_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svg),           cmocka_unit_test(test_escaping_and_loose_tiles),
        cmocka_unit_test(test_cairo),         cmocka_unit_test(test_bars),
        cmocka_unit_test(test_bad_arguments), cmocka_unit_test(test_outlines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
