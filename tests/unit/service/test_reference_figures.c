/* Every non-null figure of ../shared/reference/zemgale-2021.json must come
 * out of `kp_figures_compute` over the demo's individual records. The
 * expected values are read from the reference file itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "demo/demo.h"
#include "service/figures/figures.h"

/* The demo built in the service fixture's database (fixture.h): a SQLite
 * file, or with KOPA_TEST_PG a fresh PostgreSQL database. */
typedef struct world {
    fixture f;
    kp_store *db;
    kp_ctx ctx;
    kp_figures figs;
    json_t *ref;
} world;

static int setup(void **state)
{
    static world w;
    memset(&w, 0, sizeof w);
    if (fixture_open_demo(&w.f, "reference", "2022-01-15T09:00:00Z", "en"))
        return -1;
    w.db = w.f.db;
    w.ctx = w.f.ctx;
    kp_date at;
    kp_date_parse_iso("2021-12-31", &at);
    if (kp_figures_compute(&w.ctx, "ZPR", at, &w.figs))
        return -1;
    char ref[600];
    snprintf(ref, sizeof ref, "%s/reference/zemgale-2021.json", KOPA_SHARED_DIR);
    json_error_t jerr;
    w.ref = json_load_file(ref, 0, &jerr);
    if (!w.ref) {
        fprintf(stderr, "setup: %s: %s\n", ref, jerr.text);
        return -1;
    }
    *state = &w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    kp_figures_free(&w->figs);
    json_decref(w->ref);
    fixture_close(&w->f);
    return 0;
}

/* The Latvian name the report uses for a reference municipality key;
 * "" for region_total. */
static const char *muni_name(world *w, const char *key)
{
    if (strcmp(key, "region_total") == 0)
        return "";
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(w->ref, "municipalities"), i, m)
    {
        if (strcmp(json_string_value(json_object_get(m, "key")), key) == 0)
            return json_string_value(json_object_get(m, "name"));
    }
    fail_msg("reference municipality %s has no name", key);
    return NULL;
}

/* The reference value as the report's plain text ("457", "398161.28"). */
static void ref_text(json_t *v, char *out, size_t n)
{
    if (json_is_integer(v))
        snprintf(out, n, "%lld", (long long)json_integer_value(v));
    else if (json_is_string(v))
        snprintf(out, n, "%s", json_string_value(v));
    else
        out[0] = '\0';
}

/* Compares as numbers given with up to two decimals, so "130.2" = "130.20". */
static long long hundredths(const char *s)
{
    long long whole = 0, frac = 0;
    int digits = 0;
    bool neg = *s == '-';
    if (neg)
        s++;
    for (; *s && *s != '.'; s++)
        whole = whole * 10 + (*s - '0');
    if (*s == '.')
        for (s++; *s && digits < 2; s++, digits++)
            frac = frac * 10 + (*s - '0');
    for (; digits < 2; digits++)
        frac *= 10;
    return (neg ? -1 : 1) * (whole * 100 + frac);
}

static int checked, missing;

static void expect(world *w, const char *section, const char *municipality, const char *tg, const char *item,
                   const char *measure, int period, json_t *value)
{
    char want[40];
    ref_text(value, want, sizeof want);
    if (!want[0])
        return;
    checked++;
    for (size_t i = 0; i < w->figs.n; i++) {
        const kp_figure *f = &w->figs.items[i];
        if (strcmp(f->section, section) || strcmp(f->municipality, municipality) ||
            (tg && strcmp(f->target_group, tg)) || strcmp(f->item, item) || strcmp(f->measure, measure) ||
            f->period != period)
            continue;
        char got[32];
        kp_figure_value_plain(f, got);
        if (hundredths(got) != hundredths(want)) {
            fprintf(stderr, "MISMATCH %s/%s/%s/%s/%s/%d: got %s, reference %s\n", section, municipality, tg ? tg : "*",
                    item, measure, period, got, want);
            missing++;
        }
        return;
    }
    fprintf(stderr, "MISSING %s/%s/%s/%s/%s/%d (reference %s)\n", section, municipality, tg ? tg : "*", item, measure,
            period, want);
    missing++;
}

static void test_context_and_recipients(void **state)
{
    world *w = *state;
    checked = missing = 0;
    static const char *const CONTEXT_TG[] = {"grt", "ft", "grt", "ft", "bsac", "bsac", "bsac", "ft"};
    static const char *const RECIPIENT_TG[] = {"grt", "ft", "parents"};
    const char *sections[] = {"context", "recipients"};
    for (int s = 0; s < 2; s++) {
        json_t *sec = json_object_get(w->ref, sections[s]);
        char cols[512];
        snprintf(cols, sizeof cols, "%s", json_string_value(json_object_get(sec, "_columns")));
        char *names[16];
        int n = 0;
        char *save = NULL;
        for (char *c = strtok_r(cols, ", ", &save); c && n < 16; c = strtok_r(NULL, ", ", &save)) {
            char *paren = strchr(c, '(');
            if (paren)
                break;
            names[n++] = c;
        }
        const char *key;
        json_t *row;
        json_object_foreach(sec, key, row)
        {
            if (key[0] == '_')
                continue;
            for (int i = 0; i < n && i < (int)json_array_size(row); i++)
                expect(w, sections[s], muni_name(w, key), s == 0 ? CONTEXT_TG[i] : RECIPIENT_TG[i], names[i], "persons",
                       0, json_array_get(row, (size_t)i));
        }
    }
    assert_int_equal(missing, 0);
    assert_true(checked > 60);
}

static void services(world *w, const char *section, const char *tg_key_override)
{
    (void)tg_key_override;
    const char *key;
    json_t *m;
    json_object_foreach(json_object_get(w->ref, section), key, m)
    {
        if (key[0] == '_')
            continue;
        const char *tg;
        json_t *items;
        json_object_foreach(m, tg, items)
        {
            const char *item;
            json_t *v;
            json_object_foreach(items, item, v)
            {
                if (strcmp(item, "social_rehab_detail") == 0) {
                    const char *k2;
                    json_t *v2;
                    json_object_foreach(v, k2, v2) expect(w, section, muni_name(w, key), tg, k2, "persons", 0, v2);
                } else if (strcmp(item, "not_shown_in_source_chart") == 0) {
                    /* The figures file lets the demo place these people under a
                     * service the source chart does not show: group homes. */
                    expect(w, section, muni_name(w, key), tg, "group_home", "persons", 0, v);
                } else {
                    expect(w, section, muni_name(w, key), tg, item, "persons", 0, v);
                }
            }
        }
    }
}

static void test_needs_and_services(void **state)
{
    world *w = *state;
    checked = missing = 0;
    services(w, "assessed_needs", NULL);
    services(w, "services_provided", NULL);
    assert_int_equal(missing, 0);
    assert_true(checked > 90);
}

static void test_money(void **state)
{
    world *w = *state;
    checked = missing = 0;
    json_t *p = json_object_get(w->ref, "project");
    expect(w, "project", "", "", "budget", "eur", 0, json_object_get(p, "budget_eur"));
    expect(w, "project", "", "", "esf", "eur", 0, json_object_get(p, "esf_eur"));
    expect(w, "project", "", "", "state", "eur", 0, json_object_get(p, "state_eur"));
    expect(w, "project", "", "", "requested_to_date", "eur", 0, json_object_get(p, "requested_to_2021_12_31_eur"));
    expect(w, "project", "", "", "requested_to_date", "pct", 0, json_object_get(p, "requested_share_pct"));
    const char *key;
    json_t *years;
    json_object_foreach(json_object_get(w->ref, "compensation"), key, years)
    {
        if (key[0] == '_')
            continue;
        const char *y;
        json_t *v;
        json_object_foreach(years, y, v)
        {
            if (strcmp(y, "total") == 0)
                expect(w, "compensation", muni_name(w, key), "", "total", "eur", 0, v);
            else if (strcmp(y, "share_pct") == 0)
                expect(w, "compensation", muni_name(w, key), "", "total", "pct", 0, v);
            else
                expect(w, "compensation", muni_name(w, key), "", "total", "eur", (int)strtol(y, NULL, 10), v);
        }
    }
    json_t *v;
    json_object_foreach(json_object_get(w->ref, "erdf_funding"), key, v)
        expect(w, "erdf_funding", muni_name(w, key), "", "total", "eur", 0, v);
    assert_int_equal(missing, 0);
    assert_true(checked > 50);
}

static void test_plan_and_indicators(void **state)
{
    world *w = *state;
    checked = missing = 0;
    const char *tg;
    json_t *services_j;
    json_object_foreach(json_object_get(w->ref, "di_plan_infrastructure"), tg, services_j)
    {
        const char *svc;
        json_t *v;
        json_object_foreach(services_j, svc, v)
        {
            expect(w, "di_plan_infrastructure", "", tg, svc, "objects", 0, json_object_get(v, "objects"));
            expect(w, "di_plan_infrastructure", "", tg, svc, "places", 0, json_object_get(v, "places"));
        }
    }
    expect(w, "di_plan_amendments_to_date", "", "", "amendments", "count", 0,
           json_object_get(w->ref, "di_plan_amendments_to_date"));
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(w->ref, "output_indicators"), i, o)
    {
        const char *key = json_string_value(json_object_get(o, "key"));
        expect(w, "output_indicators", "", "", key, "achieved", 0, json_object_get(o, "achieved"));
        expect(w, "output_indicators", "", "", key, "target", 0, json_object_get(o, "target"));
        expect(w, "output_indicators", "", "", key, "pct", 0, json_object_get(o, "pct"));
    }
    /* The reference file's keys → the report's item names, which carry no
     * region (the reference names Zemgale's VSAC in its key). */
    static const char *const DETAIL[][2] = {{"grt_assessed_total", "grt_assessed_total"},
                                            {"grt_assessed_in_municipalities", "grt_assessed_in_municipalities"},
                                            {"grt_assessed_living_in_vsac_zemgale", "grt_assessed_living_in_vsac"},
                                            {"bsac_children_assessed", "bsac_children_assessed"},
                                            {"ft_children_assessed", "ft_children_assessed"}};
    json_t *detail = json_object_get(w->ref, "output_indicators_detail");
    for (size_t k = 0; k < sizeof DETAIL / sizeof DETAIL[0]; k++) {
        json_t *want = json_object_get(detail, DETAIL[k][0]);
        assert_non_null(want);
        expect(w, "output_indicators_detail", "", NULL, DETAIL[k][1], "persons", 0, want);
    }
    const char *key;
    json_t *row;
    json_object_foreach(json_object_get(w->ref, "indicator_table"), key, row)
    {
        if (key[0] == '_')
            continue;
        int baseline_year = (int)json_integer_value(json_array_get(row, 0));
        expect(w, "indicator_table", "", "", key, "baseline", baseline_year, json_array_get(row, 1));
        expect(w, "indicator_table", "", "", key, "target", 2020, json_array_get(row, 2));
        expect(w, "indicator_table", "", "", key, "achieved", 2019, json_array_get(row, 3));
        /* Known source defect: the table prints 185 and 347 where the text
         * gives 186 and 348 for the same date; one indicator has one value,
         * and the reference check accepts the text's. */
        json_t *v2021 = json_array_get(row, 4);
        json_t *accepted = NULL;
        if (strcmp(key, "grt_persons_received_esf_services") == 0)
            accepted = json_integer(186);
        else if (strcmp(key, "ft_children_received_esf_services") == 0)
            accepted = json_integer(348);
        expect(w, "indicator_table", "", "", key, "achieved", 2021, accepted ? accepted : v2021);
        json_decref(accepted);
    }
    assert_int_equal(missing, 0);
    assert_true(checked > 80);
}

/* One value per indicator and date: no figure may appear twice. */
static void test_no_figure_twice(void **state)
{
    world *w = *state;
    for (size_t i = 0; i < w->figs.n; i++)
        for (size_t j = i + 1; j < w->figs.n; j++) {
            const kp_figure *a = &w->figs.items[i], *b = &w->figs.items[j];
            bool same = !strcmp(a->section, b->section) && !strcmp(a->municipality, b->municipality) &&
                        !strcmp(a->target_group, b->target_group) && !strcmp(a->item, b->item) &&
                        !strcmp(a->measure, b->measure) && a->period == b->period;
            if (same)
                fail_msg("figure %s/%s/%s/%s/%s/%d appears twice", a->section, a->municipality, a->target_group,
                         a->item, a->measure, a->period);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_context_and_recipients),
        cmocka_unit_test(test_needs_and_services),
        cmocka_unit_test(test_money),
        cmocka_unit_test(test_plan_and_indicators),
        cmocka_unit_test(test_no_figure_twice),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
