/* Open data without small numbers, in-process over the Zemgale demo with
 * its evaluation at 31.12.2021 approved: the public open-data CSV (no
 * login, ETag, 404 when nothing is approved) has no count of persons from
 * 1 to 4, and in every line that adds up to a published total a suppressed
 * cell never stands alone (the lines are listed here from the figures'
 * definitions, not taken from the code that suppresses); the ministry's
 * downloads are the suppressed version, the region's coordinator gets the
 * exact figures of its region; every other route stays closed without a
 * login. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http_client.h"
#include "web_fixture.h"
#include "report/eval_chapters.h"

#define PASSWORD "open-data-pass-5521"
#define OPEN "/open-data/evaluation/ZPR/2021-12-31.csv"
#define FILE_CSV "/evaluation/file?region=ZPR&at=2021-12-31&format=csv"

static kp_rc build(kp_ctx *ctx, kp_errors *e)
{
    /* After the demo (wf_options.demo). */
    static const wf_user U[] = {{"coord-zpr", "region", NULL, "ZPR"},
                                {"coord-lpr", "region", NULL, "LPR"},
                                {"analyst", "ministry", NULL, NULL}};
    kp_rc rc = wf_add_users(ctx, e, U, sizeof U / sizeof U[0], NULL);
    kp_date at;
    const char *formats[] = {"csv", "pdf"};
    kp_eval_version v;
    if (!rc)
        rc = kp_date_parse_iso("2021-12-31", &at);
    if (!rc)
        rc = kp_eval_publish(ctx, "ZPR", at, formats, 2, 0, &v, NULL);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    wf_options o = {.name = "test_open_data_pages", .password = PASSWORD, .now = "2022-06-15T10:00:00Z",
                    .demo = true, .build = build};
    return wf_start(&o);
}

static int teardown(void **state)
{
    (void)state;
    return wf_stop();
}

/* ---- reading a tidy CSV back ------------------------------------------------ */

typedef struct row {
    char f[8][96]; /* section, municipality, target_group, item, measure, period, value, flag */
    size_t n;
} row;

typedef struct table {
    row *rows;
    size_t n;
    size_t comments;
    bool flagged; /* the header has the flag column */
} table;

static void read_csv(const char *body, table *t)
{
    memset(t, 0, sizeof *t);
    size_t cap = 0;
    bool header = true;
    for (const char *p = body; *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (*p == '#') {
            t->comments++;
        } else if (header) {
            t->flagged = len > 5 && !strncmp(p + len - 5, ",flag", 5);
            header = false;
        } else {
            if (t->n == cap) {
                cap = cap ? cap * 2 : 256;
                t->rows = realloc(t->rows, cap * sizeof *t->rows);
            }
            row *r = &t->rows[t->n++];
            memset(r, 0, sizeof *r);
            const char *q = p;
            while (q <= p + len && r->n < 8) {
                const char *c = memchr(q, ',', (size_t)(p + len - q));
                size_t fl = c ? (size_t)(c - q) : (size_t)(p + len - q);
                assert_true(fl < sizeof r->f[0]);
                assert_null(memchr(q, '"', fl)); /* no quoting in these rows */
                memcpy(r->f[r->n], q, fl);
                r->n++;
                if (!c)
                    break;
                q = c + 1;
            }
        }
        p = end ? end + 1 : p + len;
    }
}

/* Counts of persons (docs/figures.md): measure "persons", and what the
 * output indicators achieved. */
static bool persons(const row *r)
{
    return !strcmp(r->f[4], "persons") || (!strcmp(r->f[0], "output_indicators") && !strcmp(r->f[4], "achieved"));
}

static bool hidden(const row *r)
{
    return !strcmp(r->f[7], "c");
}

static bool same_figure(const row *a, const row *b)
{
    return !strcmp(a->f[0], b->f[0]) && !strcmp(a->f[2], b->f[2]) && !strcmp(a->f[3], b->f[3]) &&
           !strcmp(a->f[4], b->f[4]) && !strcmp(a->f[5], b->f[5]);
}

static const row *find(const table *t, const char *section, const char *muni, const char *item)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->rows[i].f[0], section) && !strcmp(t->rows[i].f[1], muni) && !strcmp(t->rows[i].f[3], item))
            return &t->rows[i];
    return NULL;
}

/* A line: its suppressed cells are none or at least two. */
static void line_ok(size_t hidden_cells, const char *what)
{
    if (hidden_cells == 1)
        fail_msg("one suppressed cell alone in the line of %s: the total gives it away", what);
}

/* The checks of an open-data CSV; returns the number of suppressed cells. */
static size_t check_open(const table *t)
{
    assert_true(t->flagged);
    assert_true(t->comments >= 4);
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++) {
        const row *r = &t->rows[i];
        assert_int_equal(r->n, 8);
        if (hidden(r)) {
            n++;
            assert_string_equal(r->f[6], ""); /* the value is gone, not just flagged */
            assert_true(persons(r));          /* only counts of persons */
            continue;
        }
        assert_string_equal(r->f[7], "");
        if (persons(r)) {
            long v = strtol(r->f[6], NULL, 10);
            if (v >= 1 && v <= 4)
                fail_msg("%s/%s/%s/%s: %ld persons published", r->f[0], r->f[1], r->f[2], r->f[3], v);
        }
    }
    /* Each figure of persons over the territories: the municipalities add
     * up to the region ("" = the whole). */
    for (size_t i = 0; i < t->n; i++) {
        const row *w = &t->rows[i];
        if (!persons(w) || w->f[1][0])
            continue;
        size_t h = hidden(w);
        for (size_t j = 0; j < t->n; j++)
            if (t->rows[j].f[1][0] && same_figure(w, &t->rows[j]))
                h += hidden(&t->rows[j]);
        line_ok(h, w->f[3]);
    }
    /* The services provided to a group in a municipality add up to its
     * recipients (each person under the service of the first delivery). */
    for (size_t i = 0; i < t->n; i++) {
        const row *rc = &t->rows[i];
        if (strcmp(rc->f[0], "recipients"))
            continue;
        size_t h = hidden(rc);
        long sum = 0;
        bool any_hidden = false;
        for (size_t j = 0; j < t->n; j++) {
            const row *s = &t->rows[j];
            if (!strcmp(s->f[0], "services_provided") && !strcmp(s->f[1], rc->f[1]) && !strcmp(s->f[2], rc->f[2])) {
                h += hidden(s);
                any_hidden |= hidden(s);
                sum += strtol(s->f[6], NULL, 10);
            }
        }
        if (!any_hidden && !hidden(rc) && sum) /* the relation the line stands for holds */
            assert_int_equal(sum, strtol(rc->f[6], NULL, 10));
        line_ok(h, "services provided");
    }
    /* The assessed adults in all = in municipalities + in a state centre;
     * the detail figures repeat the context's. */
    const row *tot = find(t, "output_indicators_detail", "", "grt_assessed_total"),
              *mun = find(t, "output_indicators_detail", "", "grt_assessed_in_municipalities"),
              *vsac = find(t, "output_indicators_detail", "", "grt_assessed_living_in_vsac"),
              *ctx = find(t, "context", "", "grt_assessed");
    assert_non_null(tot);
    assert_non_null(mun);
    assert_non_null(vsac);
    assert_non_null(ctx);
    line_ok((size_t)hidden(tot) + hidden(mun) + hidden(vsac), "assessed adults");
    assert_int_equal(hidden(mun), hidden(ctx));
    return n;
}

/* ---- the tests ----------------------------------------------------------- */

static void test_public_open_data(void **state)
{
    (void)state;
    tc_resp r, again;
    assert_int_equal(wf_get(NULL, OPEN, &r), 200);
    char *type = tc_header(&r, "Content-Type"), *etag = tc_header(&r, "ETag");
    assert_non_null(type);
    assert_non_null(strstr(type, "text/csv"));
    assert_non_null(etag);
    assert_true(strlen(etag) == 66 && etag[0] == '"'); /* the SHA-256 of the bytes, quoted */
    wf_expect_in(&r, "# Kopā open data: DI plan progress evaluation, region ZPR, on 2021-12-31, approved version 1");
    wf_expect_in(&r, "# disclosure threshold: 5\n");
    wf_expect_in(&r, "counts of persons from 1 to 4 are suppressed (threshold 5)");
    wf_expect_in(&r, "personu skaits no 1 līdz 4 nav parādīts");
    table t;
    read_csv(r.body, &t);
    assert_true(t.n > 400);
    size_t n = check_open(&t);
    assert_true(n >= 10); /* the demo has small numbers: the check is not empty */
    /* The count stated in the file is the count of flagged cells. */
    char stated[64];
    snprintf(stated, sizeof stated, "# suppressed cells: %zu\n", n);
    wf_expect_in(&r, stated);
    /* Money is never suppressed: Jelgava city's compensation, as approved. */
    wf_expect_in(&r, "compensation,Jelgavas valstspilsēta,,total,eur,,398161.28,\n");
    free(t.rows);
    /* The same again: 304 for the ETag. */
    char hdr[160];
    snprintf(hdr, sizeof hdr, "If-None-Match: %s\r\n", etag);
    assert_int_equal(wf_request(hdr, "GET", OPEN, NULL, NULL, &again), 304);
    tc_resp_free(&again);
    assert_int_equal(wf_request("If-None-Match: \"other\"\r\n", "GET", OPEN, NULL, NULL, NULL), 200);
    free(type);
    free(etag);
    tc_resp_free(&r);
    /* JSON: the same rule in its metadata. */
    assert_int_equal(wf_get(NULL, "/open-data/evaluation/ZPR/2021-12-31.json", &r), 200);
    json_error_t je;
    json_t *j = json_loads(r.body, 0, &je);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(json_object_get(j, "metadata"),
                                                                        "disclosure"), "threshold")),
                     5);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(json_object_get(j, "metadata"),
                                                                        "disclosure"), "suppressed")),
                     (json_int_t)n);
    json_decref(j);
    tc_resp_free(&r);
    /* Nothing approved, or no such region, date or name: 404. */
    assert_int_equal(wf_get(NULL, "/open-data/evaluation/ZPR/2020-12-31.csv", NULL), 404);
    assert_int_equal(wf_get(NULL, "/open-data/evaluation/LPR/2021-12-31.csv", NULL), 404);
    assert_int_equal(wf_get(NULL, "/open-data/evaluation/XYZ/2021-12-31.csv", NULL), 404);
    assert_int_equal(wf_get(NULL, "/open-data/evaluation/ALL/2021-12-31.csv", NULL), 404);
    assert_int_equal(wf_get(NULL, "/open-data/evaluation/ZPR/2021-13-31.csv", NULL), 404);
    assert_int_equal(wf_get(NULL, "/open-data/evaluation/ZPR/2021-12-31.pdf", NULL), 404);
    assert_int_equal(wf_get(NULL, "/open-data/evaluation/ZPR/2021-12-31", NULL), 404);
    assert_int_equal(wf_get(NULL, "/open-data/evaluation/ZPR", NULL), 404);
    assert_int_equal(wf_get(NULL, "/open-data/evaluation/ZPR/../2021-12-31.csv", NULL), 404);
}

/* Every other route stays closed without a login. */
static void test_rest_closed(void **state)
{
    (void)state;
    static const char *const pages[] = {FILE_CSV, "/evaluation?at=2021-12-31",
                                        "/evaluation/versions?region=ZPR&at=2021-12-31", "/evaluation/versions/1/file?format=csv",
                                        "/figures/records?region=ZPR&date=2021-12-31&figure=context.grt.grt_assessed.persons.0"};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        int s = wf_get(NULL, pages[i], NULL);
        if (s != 303)
            fail_msg("%s without a login: %d, expected the login redirect", pages[i], s);
    }
    assert_int_equal(wf_get(NULL, "/api/v1/evaluation/versions?region=ZPR&at=2021-12-31", NULL), 401);
    assert_int_equal(wf_request(NULL, "POST", OPEN, NULL, NULL, NULL), 405);
}

/* The ministry's downloads are the suppressed version; the coordinator of
 * the region gets the exact figures, or the open ones when asked. */
static void test_downloads_by_role(void **state)
{
    (void)state;
    wf_who zpr, lpr, min;
    wf_log_in("coord-zpr", &zpr);
    wf_log_in("coord-lpr", &lpr);
    wf_log_in("analyst", &min);
    tc_resp r;
    table t;
    /* The coordinator: exact, and there are small counts to hide. */
    assert_int_equal(wf_get(&zpr, FILE_CSV, &r), 200);
    assert_true(strncmp(r.body, "section,", 8) == 0);
    read_csv(r.body, &t);
    size_t small = 0;
    for (size_t i = 0; i < t.n; i++) {
        long v = strtol(t.rows[i].f[6], NULL, 10);
        small += persons(&t.rows[i]) && v >= 1 && v <= 4;
    }
    assert_true(small > 0);
    free(t.rows);
    tc_resp_free(&r);
    /* The ministry: suppressed, in every format it downloads. */
    assert_int_equal(wf_get(&min, FILE_CSV, &r), 200);
    read_csv(r.body, &t);
    assert_true(check_open(&t) >= small);
    free(t.rows);
    char *disp = tc_header(&r, "Content-Disposition");
    assert_non_null(strstr(disp, "izvertejums-ZPR-2021-12-31-atvertie-dati.csv"));
    free(disp);
    tc_resp_free(&r);
    assert_int_equal(wf_get(&min, "/evaluation/file?region=ZPR&at=2021-12-31&format=html", &r), 200);
    wf_expect_in(&r, "Atvērtie dati bez mazajiem skaitļiem: personu skaits no 1 līdz 4 nav parādīts (slieksnis 5)");
    wf_expect_in(&r, ">c</td>");
    wf_expect_not_in(&r, "/figures/records"); /* no links to records */
    tc_resp_free(&r);
    assert_int_equal(wf_get(&min, "/evaluation/file?region=ZPR&at=2021-12-31&format=pdf", &r), 200);
    assert_true(r.body_len > 4 && !memcmp(r.body, "%PDF", 4));
    tc_resp_free(&r);
    /* The national roll-up: the regions are the units of its lines. */
    assert_int_equal(wf_get(&min, "/evaluation/file?region=ALL&at=2021-12-31&format=csv", &r), 200);
    wf_expect_in(&r, "# disclosure threshold: 5\n");
    read_csv(r.body, &t);
    check_open(&t);
    free(t.rows);
    tc_resp_free(&r);
    /* The ministry reading the evaluation in the browser: the same. */
    assert_int_equal(wf_get(&min, "/evaluation/view?region=ZPR&at=2021-12-31&page=0", &r), 200);
    wf_expect_in(&r, "Atvērtie dati bez mazajiem skaitļiem");
    wf_expect_in(&r, ">c</td>");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, "/evaluation/view?region=ZPR&at=2021-12-31&page=0", &r), 200);
    wf_expect_not_in(&r, "Atvērtie dati bez mazajiem skaitļiem");
    wf_expect_not_in(&r, ">c</td>");
    tc_resp_free(&r);
    /* The coordinator asks for the open version. */
    assert_int_equal(wf_get(&zpr, FILE_CSV "&open_data=1", &r), 200);
    read_csv(r.body, &t);
    check_open(&t);
    free(t.rows);
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, FILE_CSV "&open_data=0", &r), 200);
    assert_true(strncmp(r.body, "section,", 8) == 0);
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, FILE_CSV "&open_data=x", NULL), 400);
    assert_int_equal(wf_get(&zpr, FILE_CSV "&open_data=11", NULL), 400);
    /* Another region's coordinator: as unknown. */
    assert_int_equal(wf_get(&lpr, FILE_CSV, NULL), 404);
    /* An approved version: exact for the coordinator (byte for byte), open
     * data for the ministry, whose exact PDF is not given out. */
    int64_t id = wf_db_int("SELECT id FROM evaluation_version WHERE region_code = 'ZPR'");
    assert_int_equal(wf_get(&zpr, wf_path("/evaluation/versions/%lld/file?format=csv", id), &r), 200);
    assert_true(strncmp(r.body, "section,", 8) == 0);
    tc_resp_free(&r);
    assert_int_equal(wf_get(&min, wf_path("/evaluation/versions/%lld/file?format=csv", id), &r), 200);
    wf_expect_in(&r, "approved version 1");
    read_csv(r.body, &t);
    check_open(&t);
    free(t.rows);
    tc_resp_free(&r);
    assert_int_equal(wf_get(&min, wf_path("/evaluation/versions/%lld/file?format=pdf", id), NULL), 403);
    /* The versions page: the ministry is offered only the open files; both
     * see the public URL. */
    assert_int_equal(wf_get(&min, "/evaluation/versions?region=ZPR&at=2021-12-31", &r), 200);
    wf_expect_in(&r, "/file?format=csv");
    wf_expect_not_in(&r, "/file?format=pdf");
    wf_expect_in(&r, "<a href=\"/open-data/evaluation/ZPR/2021-12-31.csv\">");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, "/evaluation/versions?region=ZPR&at=2021-12-31", &r), 200);
    wf_expect_in(&r, "/file?format=csv");
    wf_expect_in(&r, "<code class=\"sha\">");
    wf_expect_in(&r, "/file?format=pdf");
    wf_expect_in(&r, "/open-data/evaluation/ZPR/2021-12-31.csv");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&lpr, wf_path("/evaluation/versions/%lld/file?format=csv", id), NULL), 404);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_public_open_data),
        cmocka_unit_test(test_rest_closed),
        cmocka_unit_test(test_downloads_by_role),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
