/* The figure catalogue and the drill-down (service/figures/catalogue.h,
 * figure_records.h) on the demo: the records of a figure add up to it, a
 * region's coordinator and the ministry never see a name, a social worker
 * sees the persons of their own municipality by name and nothing of
 * another, pseudonyms are stable per figure and differ between figures,
 * every drill-down is audited; and bad arguments. That every figure of the
 * demo and of the Kurzeme data adds up is tests/cli/test_figure_records.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo/demo.h"
#include "service/audit.h"
#include "service/figures/catalogue.h"
#include "service/figures/figure_records.h"
#include "service/figures/figures_published.h"
#include "fixture.h"

/* The demo built in the service fixture's database (fixture.h): a SQLite
 * file, or with KOPA_TEST_PG a fresh PostgreSQL database. */
typedef struct world {
    fixture f;
    kp_store *db;
    kp_ctx sys;
    kp_figures figs;
    kp_date at;
} world;

static world W;

static int setup(void **state)
{
    if (fixture_open_demo(&W.f, "figrec", "2022-01-15T09:00:00Z", "en"))
        return -1;
    W.db = W.f.db;
    W.sys = W.f.ctx;
    kp_date_parse_iso("2021-12-31", &W.at);
    if (kp_figures_for(&W.sys, "ZPR", W.at, &W.figs))
        return -1;
    *state = &W;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kp_figures_free(&W.figs);
    fixture_close(&W.f);
    return 0;
}

static const kp_figure *find(const char *section, const char *item, const char *measure, bool whole)
{
    for (size_t i = 0; i < W.figs.n; i++) {
        const kp_figure *x = &W.figs.items[i];
        if (!strcmp(x->section, section) && !strcmp(x->item, item) && !strcmp(x->measure, measure) &&
            (whole ? x->municipality_id == 0 : x->municipality_id > 0) && x->value > 0)
            return x;
    }
    return NULL;
}

static kp_figure_ref ref_of(const kp_figure *f)
{
    char s[KP_FIGURE_REF_MAX];
    kp_figure_ref r;
    kp_figure_ref_format(f, s);
    assert_int_equal(kp_figure_ref_parse(s, &r), KP_OK);
    return r;
}

static kp_ctx as(kp_role role, int64_t municipality, const char *region)
{
    kp_ctx c = W.sys;
    c.role = role;
    c.municipality_id = municipality;
    snprintf(c.region, sizeof c.region, "%s", region ? region : "");
    return c;
}

static bool is_hex16(const char *s)
{
    if (strlen(s) != 16)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}

static void test_catalogue(void **state)
{
    (void)state;
    size_t n = 0;
    const kp_figure_def *c = kp_catalogue(&n);
    assert_non_null(c);
    assert_true(n > 20);
    /* Each (section, item, measure) once. */
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_false(!strcmp(c[i].section, c[j].section) && !strcmp(c[i].item, c[j].item) &&
                         !strcmp(c[i].measure, c[j].measure));
    /* Every figure the evaluation computes is in it. */
    for (size_t i = 0; i < W.figs.n; i++)
        assert_non_null(kp_catalogue_find(W.figs.items[i].section, W.figs.items[i].item, W.figs.items[i].measure));
    const kp_figure_def *d = NULL;
    assert_int_equal(kp_catalogue_section("context", &d), 8);
    assert_string_equal(d[0].item, "grt_adults_living");
    assert_string_equal(kp_catalogue_label(&d[0], "lv", false), "Pieaugušie ar GRT");
    assert_string_equal(kp_catalogue_label(&d[0], "en", false), "Adults with mental disabilities");
    assert_string_equal(kp_catalogue_label(&d[0], "lv", true), "Pieaugušie ar GRT, kas dzīvo pašvaldībā");
    /* A share folds as a share; a service code matches "*". */
    assert_int_equal(kp_catalogue_find("compensation", "total", "pct")->fold, KP_FOLD_PERCENT);
    assert_int_equal(kp_catalogue_find("compensation", "total", "eur")->fold, KP_FOLD_SUM);
    assert_string_equal(kp_catalogue_find("assessed_needs", "day_care", "persons")->item, "*");
    /* Bad arguments. */
    assert_null(kp_catalogue_find(NULL, "total", "eur"));
    assert_null(kp_catalogue_find("compensation", NULL, "eur"));
    assert_null(kp_catalogue_find("compensation", "total", NULL));
    assert_null(kp_catalogue_find("nope", "total", "eur"));
    assert_int_equal(kp_catalogue_section(NULL, &d), 0);
    assert_null(d);
    assert_int_equal(kp_catalogue_section("nope", &d), 0);
    assert_string_equal(kp_catalogue_label(NULL, "lv", false), "");
    assert_non_null(kp_catalogue(NULL));
    kp_figures f;
    assert_int_equal(kp_figures_for(NULL, "ZPR", W.at, &f), KP_EINVAL);
    assert_int_equal(kp_figures_for(&W.sys, NULL, W.at, &f), KP_EINVAL);
    assert_int_equal(kp_figures_for(&W.sys, "ZPR", W.at, NULL), KP_EINVAL);
    assert_int_equal(kp_figures_for(&W.sys, "XXX", W.at, &f), KP_ENOTFOUND);
}

/* The national roll-up: counts added over the regions, a share recomputed
 * from the sums (not added). */
static void test_national_fold(void **state)
{
    (void)state;
    kp_figures all;
    assert_int_equal(kp_figures_for(&W.sys, KP_REGION_ALL, W.at, &all), KP_OK);
    int64_t sum = 0, budget = 0, comp = 0, pct = -1;
    bool unit = false;
    for (size_t i = 0; i < all.n; i++) {
        const kp_figure *x = &all.items[i];
        if (!strcmp(x->section, "context") && !strcmp(x->item, "grt_assessed") && x->municipality_id < 0) {
            sum += x->value;
            unit = true;
        }
        if (x->municipality_id == 0 && !strcmp(x->section, "project") && !strcmp(x->item, "budget"))
            budget = x->value;
        if (x->municipality_id == 0 && !strcmp(x->section, "compensation") && !strcmp(x->measure, "eur") && !x->period)
            comp = x->value;
        if (x->municipality_id == 0 && !strcmp(x->section, "compensation") && !strcmp(x->measure, "pct"))
            pct = x->value;
    }
    assert_true(unit);
    const kp_figure *zpr = find("context", "grt_assessed", "persons", true);
    assert_non_null(zpr);
    /* Only Zemgale has records in the demo: the regions' units add up to it. */
    assert_int_equal(sum, zpr->value);
    assert_true(budget > 0);
    assert_int_equal(pct, comp * 10000 / budget + ((comp * 10000 % budget) * 2 >= budget ? 1 : 0));
    kp_figures_free(&all);
}

static void test_counts_equal_figures(void **state)
{
    (void)state;
    /* A few of every kind here; every figure in test_figure_records.sh. */
    const char *const probes[][3] = {{"context", "grt_adults_living", "persons"},
                                     {"assessed_needs", "day_care", "persons"},
                                     {"services_provided", "day_care", "persons"},
                                     {"recipients", "ft_children", "persons"},
                                     {"compensation", "total", "eur"},
                                     {"erdf_funding", "total", "eur"},
                                     {"output_indicators_detail", "grt_assessed_in_municipalities", "persons"}};
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++)
        for (int whole = 0; whole < 2; whole++) {
            const kp_figure *f = find(probes[i][0], probes[i][1], probes[i][2], whole);
            if (!f && whole && (!strcmp(probes[i][0], "erdf_funding") || !strcmp(probes[i][0], "assessed_needs") ||
                                !strcmp(probes[i][0], "services_provided")))
                continue; /* figures of territories only */
            if (!f && !whole && !strcmp(probes[i][0], "output_indicators_detail"))
                continue; /* a figure of the region only */
            assert_non_null(f);
            kp_figure_ref r = ref_of(f);
            kp_figure_records rec;
            assert_int_equal(kp_figure_records_list(&W.sys, "ZPR", W.at, &r, f->municipality_id, &rec), KP_OK);
            assert_int_equal(rec.total, f->value);
            if (!strcmp(probes[i][2], "persons"))
                assert_int_equal((int64_t)rec.n, f->value);
            kp_figure_records_free(&rec);
        }
}

static void test_region_and_ministry_see_no_names(void **state)
{
    (void)state;
    const kp_figure *f = find("context", "grt_adults_living", "persons", false);
    kp_figure_ref r = ref_of(f);
    kp_role roles[] = {KP_ROLE_REGION, KP_ROLE_MINISTRY, KP_ROLE_ADMIN, KP_ROLE_SYSTEM};
    for (size_t k = 0; k < sizeof roles / sizeof roles[0]; k++) {
        kp_ctx c = as(roles[k], 0, "ZPR");
        kp_figure_records rec;
        assert_int_equal(kp_figure_records_list(&c, "ZPR", W.at, &r, f->municipality_id, &rec), KP_OK);
        assert_int_equal((int64_t)rec.n, f->value);
        for (size_t i = 0; i < rec.n; i++) {
            assert_false(rec.items[i].named);
            assert_int_equal(rec.items[i].client_id, 0);
            assert_string_equal(rec.items[i].name, "");
            assert_true(is_hex16(rec.items[i].pseudonym));
        }
        kp_figure_records_free(&rec);
    }
    /* Another region's coordinator: as if there were no such region. */
    kp_ctx other = as(KP_ROLE_REGION, 0, "KPR");
    kp_figure_records rec;
    assert_int_equal(kp_figure_records_list(&other, "ZPR", W.at, &r, 0, &rec), KP_ENOTFOUND);
    assert_int_equal(rec.n, 0);
    /* A region's coordinator asks for the country: refused. */
    kp_ctx zpr = as(KP_ROLE_REGION, 0, "ZPR");
    assert_int_equal(kp_figure_records_list(&zpr, KP_REGION_ALL, W.at, &r, 0, &rec), KP_ENOTFOUND);
    /* The ministry's country list holds the region's. */
    kp_ctx min = as(KP_ROLE_MINISTRY, 0, NULL);
    const kp_figure *whole = find("context", "grt_adults_living", "persons", true);
    assert_int_equal(kp_figure_records_list(&min, KP_REGION_ALL, W.at, &r, 0, &rec), KP_OK);
    assert_int_equal((int64_t)rec.n, whole->value);
    for (size_t i = 0; i < rec.n; i++)
        assert_false(rec.items[i].named);
    kp_figure_records_free(&rec);
}

static void test_social_worker_scope(void **state)
{
    (void)state;
    const kp_figure *f = find("context", "grt_adults_living", "persons", false);
    const kp_figure *g = NULL;
    for (size_t i = 0; i < W.figs.n && !g; i++) {
        const kp_figure *x = &W.figs.items[i];
        if (!strcmp(x->section, "context") && !strcmp(x->item, "grt_adults_living") && x->municipality_id > 0 &&
            x->municipality_id != f->municipality_id && x->value > 0)
            g = x;
    }
    assert_non_null(g);
    kp_figure_ref r = ref_of(f);
    kp_role roles[] = {KP_ROLE_SOCIAL_WORKER, KP_ROLE_MUNICIPAL_HEAD};
    for (size_t k = 0; k < 2; k++) {
        kp_ctx c = as(roles[k], f->municipality_id, NULL);
        c.access_batch = kp_access_batch_new();
        kp_figure_records rec;
        assert_int_equal(kp_figure_records_list(&c, "ZPR", W.at, &r, f->municipality_id, &rec), KP_OK);
        assert_int_equal((int64_t)rec.n, f->value);
        size_t named = 0;
        for (size_t i = 0; i < rec.n; i++) {
            const kp_figure_record *x = &rec.items[i];
            assert_int_equal(x->municipality_id, f->municipality_id);
            if (x->named) {
                named++;
                assert_true(x->client_id > 0);
                assert_non_null(strchr(x->name, ' '));
            }
        }
        /* The people living there now are theirs: most are named. */
        assert_true(named > 0);
        /* One access record per named person, and one for the list. */
        assert_int_equal(kp_access_batch_count(c.access_batch), named + 1);
        kp_figure_records_free(&rec);
        /* Another municipality's rows, or the whole region: nothing. */
        assert_int_equal(kp_figure_records_list(&c, "ZPR", W.at, &r, g->municipality_id, &rec), KP_ENOTFOUND);
        assert_int_equal(rec.n, 0);
        assert_int_equal(kp_figure_records_list(&c, "ZPR", W.at, &r, 0, &rec), KP_ENOTFOUND);
        assert_int_equal(kp_figure_records_list(&c, "KPR", W.at, &r, f->municipality_id, &rec), KP_ENOTFOUND);
        kp_access_batch_free(c.access_batch);
    }
    /* A social worker of the other municipality sees no row of this one. */
    kp_ctx o = as(KP_ROLE_SOCIAL_WORKER, g->municipality_id, NULL);
    kp_figure_records rec;
    assert_int_equal(kp_figure_records_list(&o, "ZPR", W.at, &r, f->municipality_id, &rec), KP_ENOTFOUND);
    assert_int_equal(rec.n, 0);
    /* Provider staff: none. */
    kp_ctx p = as(KP_ROLE_PROVIDER, 0, NULL);
    assert_int_equal(kp_figure_records_list(&p, "ZPR", W.at, &r, f->municipality_id, &rec), KP_ENOTFOUND);
}

static void test_pseudonyms(void **state)
{
    (void)state;
    const kp_figure *a = find("context", "grt_adults_living", "persons", false);
    const kp_figure *b = NULL;
    for (size_t i = 0; i < W.figs.n && !b; i++) {
        const kp_figure *x = &W.figs.items[i];
        if (!strcmp(x->section, "context") && !strcmp(x->item, "grt_assessed") &&
            x->municipality_id == a->municipality_id && x->value > 0)
            b = x;
    }
    assert_non_null(b);
    kp_ctx c = as(KP_ROLE_REGION, 0, "ZPR");
    kp_figure_ref ra = ref_of(a), rb = ref_of(b);
    kp_figure_records one, two, other;
    assert_int_equal(kp_figure_records_list(&c, "ZPR", W.at, &ra, a->municipality_id, &one), KP_OK);
    assert_int_equal(kp_figure_records_list(&c, "ZPR", W.at, &ra, a->municipality_id, &two), KP_OK);
    assert_int_equal(kp_figure_records_list(&c, "ZPR", W.at, &rb, b->municipality_id, &other), KP_OK);
    assert_int_equal(one.n, two.n);
    for (size_t i = 0; i < one.n; i++)
        assert_string_equal(one.items[i].pseudonym, two.items[i].pseudonym);
    /* Distinct within a list; no pseudonym of one figure's list in the
     * other's (the lists cannot be joined), though many people are in both. */
    for (size_t i = 0; i < one.n; i++) {
        for (size_t j = i + 1; j < one.n; j++)
            assert_string_not_equal(one.items[i].pseudonym, one.items[j].pseudonym);
        for (size_t j = 0; j < other.n; j++)
            assert_string_not_equal(one.items[i].pseudonym, other.items[j].pseudonym);
    }
    kp_figure_records_free(&one);
    kp_figure_records_free(&two);
    kp_figure_records_free(&other);
}

static void test_shares_list_their_numerator(void **state)
{
    (void)state;
    const kp_figure *pct = find("compensation", "total", "pct", false);
    assert_non_null(pct);
    const kp_figure *eur = NULL;
    for (size_t i = 0; i < W.figs.n && !eur; i++) {
        const kp_figure *x = &W.figs.items[i];
        if (!strcmp(x->section, "compensation") && !strcmp(x->measure, "eur") && !x->period &&
            x->municipality_id == pct->municipality_id)
            eur = x;
    }
    assert_non_null(eur);
    kp_figure_ref r = ref_of(pct);
    kp_figure_records rec;
    assert_int_equal(kp_figure_records_list(&W.sys, "ZPR", W.at, &r, pct->municipality_id, &rec), KP_OK);
    assert_true(rec.derived);
    assert_int_equal(rec.kind, KP_VAL_CENTS);
    assert_int_equal(rec.total, eur->value);
    for (size_t i = 0; i < rec.n; i++)
        assert_string_equal(rec.items[i].kind, "payment");
    kp_figure_records_free(&rec);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_figure_ref r;
    const char *bad[] = {"", "context", "context.grt.grt_adults_living.persons", "context.grt.grt_adults_living.persons.x",
                         "context.grt.grt_adults_living.persons.0.1", "context.grt.nope.persons.0",
                         "context.GRT.grt_adults_living.persons.0", "context.grt.grt_adults_living.persons.99",
                         "context.grt.grt_adults_living.persons.-1", "context.grt.grt adults.persons.0",
                         "..grt_adults_living.persons.0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(kp_figure_ref_parse(bad[i], &r), KP_EINVAL);
    assert_int_equal(kp_figure_ref_parse(NULL, &r), KP_EINVAL);
    assert_int_equal(kp_figure_ref_parse("context.grt.grt_adults_living.persons.0", NULL), KP_EINVAL);
    assert_int_equal(kp_figure_ref_parse("context.grt.grt_adults_living.persons.0", &r), KP_OK);
    assert_int_equal(kp_figure_ref_parse("compensation..total.eur.2020", &r), KP_OK);
    assert_int_equal(r.period, 2020);
    assert_string_equal(r.target_group, "");
    char s[KP_FIGURE_REF_MAX] = "x";
    kp_figure_ref_format(NULL, s);
    assert_string_equal(s, "");
    kp_figure_ref_format(NULL, NULL);

    kp_figure_records rec;
    kp_figure_ref ok;
    kp_figure_ref_parse("context.grt.grt_adults_living.persons.0", &ok);
    assert_int_equal(kp_figure_records_list(NULL, "ZPR", W.at, &ok, 0, &rec), KP_EINVAL);
    assert_int_equal(kp_figure_records_list(&W.sys, NULL, W.at, &ok, 0, &rec), KP_EINVAL);
    assert_int_equal(kp_figure_records_list(&W.sys, "ZPR", W.at, NULL, 0, &rec), KP_EINVAL);
    assert_int_equal(kp_figure_records_list(&W.sys, "ZPR", W.at, &ok, 0, NULL), KP_EINVAL);
    assert_int_equal(kp_figure_records_list(&W.sys, "ZPR", KP_DATE_NONE, &ok, 0, &rec), KP_EINVAL);
    assert_int_equal(kp_figure_records_list(&W.sys, "XXX", W.at, &ok, 0, &rec), KP_ENOTFOUND);
    kp_figure_ref nonsense = ok;
    snprintf(nonsense.section, sizeof nonsense.section, "nope");
    assert_int_equal(kp_figure_records_list(&W.sys, "ZPR", W.at, &nonsense, 0, &rec), KP_EINVAL);
    kp_ctx nokey = W.sys;
    nokey.keys = NULL;
    assert_int_equal(kp_figure_records_list(&nokey, "ZPR", W.at, &ok, 0, &rec), KP_ECRYPTO);
    assert_int_equal(rec.n, 0);
    kp_figure_records_free(NULL);

    kp_diplan plan = {0};
    kp_figures f = {0};
    kp_territories t = {0};
    const char *o = "[]";
    assert_int_equal(kp_figures_add_published(NULL, "ZPR", W.at, &plan, &t, o, &f), KP_EINVAL);
    assert_int_equal(kp_figures_add_published(&W.sys, NULL, W.at, &plan, &t, o, &f), KP_EINVAL);
    assert_int_equal(kp_figures_add_published(&W.sys, "ZPR", W.at, NULL, &t, o, &f), KP_EINVAL);
    assert_int_equal(kp_figures_add_published(&W.sys, "ZPR", W.at, &plan, NULL, o, &f), KP_EINVAL);
    assert_int_equal(kp_figures_add_published(&W.sys, "ZPR", W.at, &plan, &t, NULL, &f), KP_EINVAL);
    assert_int_equal(kp_figures_add_published(&W.sys, "ZPR", W.at, &plan, &t, o, NULL), KP_EINVAL);
    assert_int_equal(f.n, 0);
}

/* Appendix 1 and the ERDF centres on the demo: the region's row is the sum
 * of its territories' (a fold the service does, not the report). */
static void test_published_figures(void **state)
{
    (void)state;
    size_t nc = 0;
    const kp_figure_def *d = NULL;
    nc = kp_catalogue_section("disability", &d);
    assert_int_equal(nc, 7);
    for (size_t k = 0; k < nc; k++) {
        int64_t parts = 0, whole = -1;
        for (size_t i = 0; i < W.figs.n; i++) {
            const kp_figure *x = &W.figs.items[i];
            if (strcmp(x->section, "disability") || strcmp(x->item, d[k].item))
                continue;
            if (x->municipality_id)
                parts += x->value;
            else
                whole = x->value;
        }
        assert_int_equal(whole, parts);
    }
    /* Every opened object is listed behind the figure, with its places. */
    const kp_figure *o = find("erdf_centres", "opened", "objects", true);
    const kp_figure *p = find("erdf_centres", "opened", "places", true);
    assert_non_null(o);
    assert_non_null(p);
    kp_figure_ref r = ref_of(o);
    kp_figure_records rec;
    assert_int_equal(kp_figure_records_list(&W.sys, "ZPR", W.at, &r, 0, &rec), KP_OK);
    assert_int_equal((int64_t)rec.n, o->value);
    for (size_t i = 0; i < rec.n; i++)
        assert_string_equal(rec.items[i].kind, "object");
    kp_figure_records_free(&rec);
    r = ref_of(p);
    assert_int_equal(kp_figure_records_list(&W.sys, "ZPR", W.at, &r, 0, &rec), KP_OK);
    assert_int_equal(rec.total, p->value);
    kp_figure_records_free(&rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue),
        cmocka_unit_test(test_national_fold),
        cmocka_unit_test(test_counts_equal_figures),
        cmocka_unit_test(test_region_and_ministry_see_no_names),
        cmocka_unit_test(test_social_worker_scope),
        cmocka_unit_test(test_pseudonyms),
        cmocka_unit_test(test_shares_list_their_numerator),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_published_figures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
