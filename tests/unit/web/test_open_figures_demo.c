/* Open data without small numbers over the Zemgale demo: no answer the
 * ministry gets from GET /api/v1/need, /api/v1/cost, /api/v1/progress and
 * /cost?format=csv — for the region and for each of its municipalities, at
 * several dates — has a count of persons from 1 to 4, and in the lines
 * that add up to a published total (need: a service's rows and its total;
 * cost: a year's rows and its total) a hidden count never stands alone
 * beside a shown total. The region's coordinator gets the exact figures
 * (some of them small: the check is not empty). */
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

#define PASSWORD "open-figures-demo-8812"

/* After the demo (wf_options.demo). */
static kp_rc build(kp_ctx *ctx, kp_errors *e)
{
    static const wf_user U[] = {{"coord-zpr", "region", NULL, "ZPR"}, {"analyst", "ministry", NULL, NULL}};
    return wf_add_users(ctx, e, U, sizeof U / sizeof U[0], NULL);
}

static int setup(void **state)
{
    (void)state;
    wf_options o = {.name = "test_open_figures_demo", .password = PASSWORD, .now = "2022-06-15T10:00:00Z",
                    .demo = true, .build = build};
    return wf_start(&o);
}

static int teardown(void **state)
{
    (void)state;
    return wf_stop();
}

static const char *const DATES[] = {"2020-12-31", "2021-12-31", "2022-06-15"};

static json_t *get_json(const wf_who *w, const char *path)
{
    tc_resp r;
    assert_int_equal(wf_get(w, path, &r), 200);
    json_error_t err;
    json_t *j = json_loads(r.body, 0, &err);
    if (!j)
        fail_msg("%s: not JSON: %s", path, err.text);
    tc_resp_free(&r);
    return j;
}

typedef struct tally {
    size_t small, checked, hidden;
} tally;

/* A count of persons as the ministry may see it: null (flagged c), 0, or
 * at least 5. */
static void count(tally *t, const char *where, json_t *o, const char *name)
{
    json_t *v = json_object_get(o, name);
    t->checked++;
    if (json_is_null(v)) {
        json_t *f = json_object_get(o, "flags");
        json_t *c = f ? json_object_get(f, name) : json_object_get(o, "flag");
        if (!json_is_string(c) || strcmp(json_string_value(c), "c") != 0)
            fail_msg("%s: %s null without the flag c", where, name);
        t->hidden++;
        return;
    }
    if (!json_is_integer(v))
        fail_msg("%s: %s is neither a number nor null", where, name);
    json_int_t x = json_integer_value(v);
    if (x >= 1 && x <= 4)
        t->small++;
    (void)where;
}

/* Need: every count of every row and total, and the lines of each
 * service. */
static void need_check(json_t *j, const char *where, tally *t)
{
    static const char *const M[] = {"need", "receiving", "unmet", "shortfall"};
    json_t *rows = json_object_get(j, "rows"), *totals = json_object_get(j, "totals");
    for (size_t i = 0; i < json_array_size(rows); i++)
        for (size_t k = 0; k < 4; k++)
            count(t, where, json_array_get(rows, i), M[k]);
    for (size_t i = 0; i < json_array_size(totals); i++) {
        json_t *tot = json_array_get(totals, i);
        const char *svc = json_string_value(json_object_get(tot, "service"));
        for (size_t k = 0; k < 4; k++) {
            count(t, where, tot, M[k]);
            if (!svc[0] || json_is_null(json_object_get(tot, M[k])))
                continue;
            size_t hidden = 0;
            for (size_t r = 0; r < json_array_size(rows); r++) {
                json_t *x = json_array_get(rows, r);
                if (!strcmp(json_string_value(json_object_get(x, "service")), svc) &&
                    json_is_null(json_object_get(x, M[k])))
                    hidden++;
            }
            if (hidden == 1)
                fail_msg("%s: %s of %s: one hidden row beside a shown total", where, M[k], svc);
        }
    }
}

static void cost_check(json_t *j, const char *where, tally *t)
{
    json_t *rows = json_object_get(j, "rows"), *totals = json_object_get(j, "totals");
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *x = json_array_get(rows, i);
        count(t, where, x, "persons");
        if (json_is_true(json_object_get(x, "projected")))
            count(t, where, x, "unmet_added");
    }
    for (size_t i = 0; i < json_array_size(totals); i++) {
        json_t *tot = json_array_get(totals, i);
        count(t, where, tot, "persons");
        json_int_t y = json_integer_value(json_object_get(tot, "year"));
        static const char *const M[] = {"persons", "units"};
        for (size_t k = 0; k < 2; k++) {
            if (json_is_null(json_object_get(tot, M[k])))
                continue;
            size_t hidden = 0;
            for (size_t r = 0; r < json_array_size(rows); r++) {
                json_t *x = json_array_get(rows, r);
                if (json_integer_value(json_object_get(x, "year")) == y && json_is_null(json_object_get(x, M[k])))
                    hidden++;
            }
            if (hidden == 1)
                fail_msg("%s: %s of %lld: one hidden row beside a shown total", where, M[k], (long long)y);
        }
    }
}

static void progress_check(json_t *j, const char *where, tally *t)
{
    json_t *items = json_object_get(j, "indicators");
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *x = json_array_get(items, i);
        if (!strcmp(json_string_value(json_object_get(x, "kind")), "di_plan"))
            continue; /* providers and centres: not persons */
        if (!json_is_null(json_object_get(x, "value")) || json_is_string(json_object_get(x, "flag")))
            count(t, where, x, "value");
        json_t *trend = json_object_get(x, "trend");
        for (size_t k = 0; k < json_array_size(trend); k++) {
            json_t *p = json_array_get(trend, k);
            if (!json_is_null(json_object_get(p, "value")) || json_is_string(json_object_get(p, "flag")))
                count(t, where, p, "value");
        }
    }
}

/* The CSV: persons (6th column) and unmet_added (10th) are "c", empty, 0
 * or at least 5. */
static void csv_check(const char *body, const char *where, tally *t)
{
    bool header = true;
    for (const char *p = body; *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (*p != '#' && !header) {
            char line[512];
            snprintf(line, sizeof line, "%.*s", (int)len, p);
            /* no quoted commas in the demo's names */
            char *f[12] = {0};
            size_t n = 0;
            for (char *s = line, *c; n < 12; s = c + 1) {
                f[n++] = s;
                c = strchr(s, ',');
                if (!c)
                    break;
                *c = '\0';
            }
            assert_int_equal(n, 10);
            for (size_t k = 5; k < 10; k += 4) {
                t->checked++;
                if (!strcmp(f[k], "c"))
                    t->hidden++;
                else if (f[k][0] && strtoll(f[k], NULL, 10) >= 1 && strtoll(f[k], NULL, 10) <= 4) {
                    print_message("%s: a count of %s\n", where, f[k]);
                    t->small++;
                }
            }
        } else if (*p != '#') {
            header = false;
        }
        p = end ? end + 1 : p + len;
    }
}

/* Every answer of the four outputs for the region and each municipality
 * at each date, as `w`. */
static void sweep(const wf_who *w, tally *t)
{
    char path[256];
    for (size_t d = 0; d < sizeof DATES / sizeof DATES[0]; d++) {
        snprintf(path, sizeof path, "/api/v1/need?region=ZPR&at=%s", DATES[d]);
        json_t *region = get_json(w, path);
        need_check(region, path, t);
        json_t *munis = json_object_get(region, "municipalities");
        for (size_t m = 0; m <= json_array_size(munis); m++) {
            const char *atvk = m < json_array_size(munis)
                                   ? json_string_value(json_object_get(json_array_get(munis, m), "atvk"))
                                   : NULL;
            char q[48] = "";
            if (atvk)
                snprintf(q, sizeof q, "&municipality=%s", atvk);
            json_t *j;
            if (atvk) {
                snprintf(path, sizeof path, "/api/v1/need?region=ZPR&at=%s%s", DATES[d], q);
                j = get_json(w, path);
                need_check(j, path, t);
                json_decref(j);
            }
            snprintf(path, sizeof path, "/api/v1/cost?region=ZPR&date=%s%s", DATES[d], q);
            j = get_json(w, path);
            cost_check(j, path, t);
            json_decref(j);
            snprintf(path, sizeof path, "/api/v1/progress?region=ZPR&date=%s%s", DATES[d], q);
            j = get_json(w, path);
            progress_check(j, path, t);
            json_decref(j);
            snprintf(path, sizeof path, "/cost?format=csv&region=ZPR&date=%s%s", DATES[d], q);
            tc_resp r;
            assert_int_equal(wf_get(w, path, &r), 200);
            csv_check(r.body, path, t);
            tc_resp_free(&r);
        }
        json_decref(region);
    }
}

static void test_ministry_sees_no_small_count(void **state)
{
    (void)state;
    wf_who m;
    wf_log_in("analyst", &m);
    tally t = {0};
    sweep(&m, &t);
    print_message("ministry: %zu counts checked, %zu suppressed\n", t.checked, t.hidden);
    assert_int_equal(t.small, 0);
    assert_true(t.hidden > 0);
}

/* The same sweep as the coordinator finds small counts: the demo has
 * them, so the ministry's zero above means something. */
static void test_coordinator_sees_exact(void **state)
{
    (void)state;
    wf_who w;
    wf_log_in("coord-zpr", &w);
    tally t = {0};
    sweep(&w, &t);
    print_message("coordinator: %zu counts checked, %zu small\n", t.checked, t.small);
    assert_true(t.small > 0);
    assert_int_equal(t.hidden, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ministry_sees_no_small_count),
        cmocka_unit_test(test_coordinator_sees_exact),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
