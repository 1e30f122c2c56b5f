/* Every figure at date D from the records as they stood on D, with a
 * hand-made DI plan and hand-made people, indicators and money
 * (docs/figures.md). The plan, built once through the use cases and once by
 * import, is (Zemgale territories, ERDF in euros):
 *
 *   O1 "DAC A"       Bauska  grt day_care        10 places, 100 000   in the plan 2018-03-01
 *                    amendment 1 (2018-06-01) places 10 → 12
 *                    amendment 3 (2022-03-10) places 12 → 20, ERDF 100 000 → 150 000
 *                    events: building 2019-02-01, operating 2020-09-01
 *   O2 "Darbnīca B"  Dobele  grt day_care → workshop (amendment 2, 2019-05-15), 8 places, 50 000
 *   O3 "Grupu dz. C" Bauska  grt group_home      10 places, 205 500
 *                    events: building 2019-06-01, cancelled 2021-11-15
 *   O4 "Atelpa D"    Bauska  ft respite           4 places, 30 000    added by amendment 2
 *   O5 "ĢVPP E"      Bauska  bsac family_like_care 6 places, 40 000   removed by amendment 2
 *   O6 "Istaba F"    Bauska  ft social_rehab      no places, 12 000
 *
 * Every expected value below is worked out by hand from this table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "fixture.h"
#include "core/personal_code.h"
#include "service/audit.h"
#include "service/casework/cases.h"
#include "service/figures/eval_details.h"
#include "service/figures/figures.h"
#include "service/programme/diplan.h"
#include "service/programme/programme.h"
#include "service/sql.h"
#include "service/transfer/transfer.h"

static int setup(void **state)
{
    static fixture f;
    if (fixture_open(&f, "diplan-at-date"))
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    return 0;
}

static void show(const kp_errors *e)
{
    for (size_t i = 0; i < e->n; i++)
        fprintf(stderr, "  %s:%ld %s: %s\n", e->items[i].file, e->items[i].line, e->items[i].field,
                e->items[i].message);
}

static kp_date day(const char *iso)
{
    kp_date d = 0;
    assert_int_equal(kp_date_parse_iso(iso, &d), KP_OK);
    return d;
}

/* A territory's ATVK code and id by its catalogue key (codes may be
 * corrected in the catalogue; keys stay). */
static void territory(fixture *f, const char *key, char atvk[8], int64_t *id)
{
    kp_param p[] = {KP_PTEXT(key)};
    atvk[0] = '\0';
    assert_int_equal(kp_sql_text(f->db, "SELECT atvk FROM municipality WHERE key = ?", p, 1, atvk, 8), KP_OK);
    assert_true(atvk[0] != '\0');
    if (id)
        assert_int_equal(kp_sql_int(f->db, "SELECT id FROM municipality WHERE key = ?", p, 1, 0, id), KP_OK);
}

static int64_t territory_id(fixture *f, const char *key)
{
    char atvk[8];
    int64_t id = 0;
    territory(f, key, atvk, &id);
    return id;
}

#define OK(call)                                                                                                   \
    do {                                                                                                           \
        kp_errors e_;                                                                                              \
        kp_errors_init(&e_);                                                                                       \
        kp_errors *e = &e_;                                                                                        \
        kp_rc rc_ = (call);                                                                                        \
        show(e);                                                                                                   \
        kp_errors_free(&e_);                                                                                       \
        assert_int_equal(rc_, KP_OK);                                                                              \
    } while (0)

/* ---- the plan through the use cases -------------------------------------- */

typedef struct plan_ids {
    int64_t am[4];  /* amendments 1–3 */
    int64_t o[7];   /* objects 1–6 */
} plan_ids;

static char *num(int64_t v, char buf[24])
{
    snprintf(buf, 24, "%lld", (long long)v);
    return buf;
}

static void object(fixture *f, const char *key, const char *name, const char *tg, const char *service,
                   const char *places, const char *erdf, const char *added_on, int64_t *id)
{
    char atvk[8];
    territory(f, key, atvk, NULL);
    kp_plan_object_in in = {.region = "ZPR", .municipality = atvk, .name = name, .target_group = tg,
                            .service = service, .places = places, .erdf = erdf, .status = "planned",
                            .added_on = added_on};
    OK(kp_plan_object_add(&f->ctx, &in, e, id));
}

static kp_rc amend(fixture *f, int64_t amendment, int64_t object_id, const char *field, const char *value,
                   kp_errors *e)
{
    char a[24], o[24];
    kp_object_change_in in = {.amendment_id = num(amendment, a), .object_id = num(object_id, o), .field = field,
                              .new_value = value};
    return kp_plan_object_change(&f->ctx, &in, e, NULL);
}

static kp_rc event(fixture *f, int64_t object_id, const char *status, const char *on, kp_errors *e)
{
    char o[24];
    kp_object_change_in in = {.object_id = num(object_id, o), .field = "status", .new_value = status,
                              .effective_on = on, .reason = "Notikums"};
    return kp_plan_object_change(&f->ctx, &in, e, NULL);
}

static void build_plan(fixture *f, plan_ids *ids)
{
    static const char *const DATES[] = {NULL, "2018-06-01", "2019-05-15", "2022-03-10"};
    for (int a = 1; a <= 3; a++) {
        char n[8];
        snprintf(n, sizeof n, "%d", a);
        kp_amendment_in in = {.region = "ZPR", .number = n, .approved_on = DATES[a], .reason = "Grozījumi"};
        OK(kp_amendment_add(&f->ctx, &in, e, &ids->am[a]));
    }
    object(f, "bauska-pre2021", "DAC A", "grt", "day_care", "10", "100000.00", "2018-03-01", &ids->o[1]);
    object(f, "dobele-pre2021", "Darbnīca B", "grt", "day_care", "8", "50000.00", "2018-03-01", &ids->o[2]);
    object(f, "bauska-pre2021", "Grupu dzīvoklis C", "grt", "group_home", "10", "205500.00", "2018-03-01",
           &ids->o[3]);
    object(f, "bauska-pre2021", "Atelpa D", "ft", "respite", "4", "30000.00", "2019-05-15", &ids->o[4]);
    object(f, "bauska-pre2021", "ĢVPP E", "bsac", "family_like_care", "6", "40000.00", "2018-03-01", &ids->o[5]);
    object(f, "bauska-pre2021", "Terapijas istaba F", "ft", "social_rehab", "", "12000.00", "2018-03-01", &ids->o[6]);
    OK(amend(f, ids->am[1], ids->o[1], "places", "12", e));
    OK(event(f, ids->o[1], "building", "2019-02-01", e));
    OK(amend(f, ids->am[2], ids->o[2], "service_code", "workshop", e));
    OK(amend(f, ids->am[2], ids->o[4], "added", NULL, e));
    OK(amend(f, ids->am[2], ids->o[5], "removed", NULL, e));
    OK(event(f, ids->o[3], "building", "2019-06-01", e));
    OK(event(f, ids->o[1], "operating", "2020-09-01", e));
    OK(event(f, ids->o[3], "cancelled", "2021-11-15", e));
    OK(amend(f, ids->am[3], ids->o[1], "places", "20", e));
    OK(amend(f, ids->am[3], ids->o[1], "erdf_cents", "15000000", e));
}

/* ---- expectations, by hand ---------------------------------------------- */

static int64_t fig(const kp_figures *f, const char *section, int64_t muni, const char *tg, const char *item,
                   const char *measure, int period)
{
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        if (!strcmp(x->section, section) && x->municipality_id == muni && (!tg || !strcmp(x->target_group, tg)) &&
            !strcmp(x->item, item) && !strcmp(x->measure, measure) && x->period == period)
            return x->value;
    }
    return -1;
}

static const kp_diplan_object *find(const kp_diplan *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->objects[i].name, name))
            return &p->objects[i];
    return NULL;
}

typedef struct expect_at {
    const char *date;
    int amendments;
    /* objects / places (-1 = no places figure) per row of the summary;
     * objects 0 = no row */
    int grt_dac, grt_dac_places, workshop, workshop_places, group_home, group_home_places;
    int ft_respite, ft_respite_places, flc, flc_places, rehab;
    /* ERDF in cents under the territory holding Bauska's and Dobele's records */
    int64_t erdf_bauska, erdf_dobele;
} expect_at;

static const expect_at EXPECT[] = {
    /* Nothing was in the plan before 1 March 2018. */
    {"2017-12-31", 0, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, -1},
    /* As approved: O1 10, O2 (a day care centre) 8; O3, O5, O6. */
    {"2018-05-31", 0, 2, 18, 0, -1, 1, 10, 0, -1, 1, 6, 1, 10000000 + 20550000 + 4000000 + 1200000, 5000000},
    /* Amendment 1 on its day: O1 12 places. */
    {"2018-06-01", 1, 2, 20, 0, -1, 1, 10, 0, -1, 1, 6, 1, 35750000, 5000000},
    {"2019-05-14", 1, 2, 20, 0, -1, 1, 10, 0, -1, 1, 6, 1, 35750000, 5000000},
    /* Amendment 2 on its day: O2 a workshop, O4 in, O5 out. */
    {"2019-05-15", 2, 1, 12, 1, 8, 1, 10, 1, 4, 0, -1, 1, 10000000 + 20550000 + 3000000 + 1200000, 5000000},
    {"2021-11-14", 2, 1, 12, 1, 8, 1, 10, 1, 4, 0, -1, 1, 34750000, 5000000},
    /* O3 cancelled: still an object, no places, no money. */
    {"2021-11-15", 2, 1, 12, 1, 8, 1, -1, 1, 4, 0, -1, 1, 10000000 + 3000000 + 1200000, 5000000},
    /* The report "as at 31.12.2021" knows nothing of March 2022. */
    {"2021-12-31", 2, 1, 12, 1, 8, 1, -1, 1, 4, 0, -1, 1, 14200000, 5000000},
    {"2022-03-09", 2, 1, 12, 1, 8, 1, -1, 1, 4, 0, -1, 1, 14200000, 5000000},
    /* Amendment 3 on its day: O1 20 places and 150 000. */
    {"2022-03-10", 3, 1, 20, 1, 8, 1, -1, 1, 4, 0, -1, 1, 15000000 + 3000000 + 1200000, 5000000},
};

static void row(const kp_figures *f, const char *tg, const char *svc, int objects, int places)
{
    assert_int_equal(fig(f, "di_plan_infrastructure", 0, tg, svc, "objects", 0), objects ? objects : -1);
    assert_int_equal(fig(f, "di_plan_infrastructure", 0, tg, svc, "places", 0), places);
}

static void check_summary(fixture *f)
{
    for (size_t i = 0; i < sizeof EXPECT / sizeof EXPECT[0]; i++) {
        const expect_at *x = &EXPECT[i];
        kp_figures out;
        assert_int_equal(kp_figures_compute(&f->ctx, "ZPR", day(x->date), &out), KP_OK);
        fprintf(stderr, "  plan at %s\n", x->date);
        assert_int_equal(fig(&out, "di_plan_amendments_to_date", 0, "", "amendments", "count", 0), x->amendments);
        row(&out, "grt", "day_care", x->grt_dac, x->grt_dac_places);
        row(&out, "grt", "workshop", x->workshop, x->workshop_places);
        row(&out, "grt", "group_home", x->group_home, x->group_home_places);
        row(&out, "ft", "respite", x->ft_respite, x->ft_respite_places);
        row(&out, "bsac", "family_like_care", x->flc, x->flc_places);
        row(&out, "ft", "social_rehab", x->rehab, -1);
        /* Before the reform the pre-reform territories hold their own
         * records; from 1 July 2021 their successors do. */
        bool reformed = strcmp(x->date, "2021-07-01") >= 0;
        int64_t bauska = territory_id(f, reformed ? "bauska" : "bauska-pre2021");
        int64_t dobele = territory_id(f, reformed ? "dobele" : "dobele-pre2021");
        assert_int_equal(fig(&out, "erdf_funding", bauska, "", "total", "eur", 0), x->erdf_bauska);
        assert_int_equal(fig(&out, "erdf_funding", dobele, "", "total", "eur", 0), x->erdf_dobele);
        kp_figures_free(&out);
    }
}

/* The objects themselves, through kp_diplan_at. */
static void check_objects(fixture *f)
{
    kp_diplan p;
    assert_int_equal(kp_diplan_at(&f->ctx, "ZPR", day("2018-12-31"), 0, &p), KP_OK);
    assert_int_equal(p.n, 5); /* O4 not yet, O5 still in */
    const kp_diplan_object *b = find(&p, "Darbnīca B");
    assert_non_null(b);
    assert_string_equal(b->service, "day_care"); /* a workshop only from 2019-05-15 */
    const kp_diplan_object *a = find(&p, "DAC A");
    assert_string_equal(a->status, "planned");
    assert_string_equal(a->status_since, "2018-03-01");
    assert_int_equal(a->places, 12);
    assert_int_equal(p.namendments, 1);
    assert_int_equal(p.amendments[0].number, 1);
    kp_diplan_free(&p);

    assert_int_equal(kp_diplan_at(&f->ctx, "ZPR", day("2019-12-31"), 0, &p), KP_OK);
    assert_int_equal(p.n, 5); /* O4 in, O5 out */
    assert_null(find(&p, "ĢVPP E"));
    a = find(&p, "DAC A");
    assert_string_equal(a->status, "building");
    assert_string_equal(a->status_since, "2019-02-01");
    const kp_diplan_object *c = find(&p, "Grupu dzīvoklis C");
    /* A 2019 report does not show as cancelled what was cancelled in 2021. */
    assert_string_equal(c->status, "building");
    assert_int_equal(c->counted_places, 10);
    assert_int_equal(c->counted_erdf, 20550000);
    const kp_diplan_object *d = find(&p, "Atelpa D");
    assert_string_equal(d->in_plan_from, "2019-05-15");
    const kp_diplan_object *istaba = find(&p, "Terapijas istaba F");
    assert_int_equal(istaba->places, -1);
    assert_int_equal(istaba->counted_places, -1);
    kp_diplan_free(&p);

    /* With the removed ones. */
    assert_int_equal(kp_diplan_at(&f->ctx, "ZPR", day("2019-12-31"), KP_DIPLAN_REMOVED, &p), KP_OK);
    assert_int_equal(p.n, 6);
    const kp_diplan_object *e5 = find(&p, "ĢVPP E");
    assert_string_equal(e5->removed_on, "2019-05-15");
    assert_int_equal(e5->places, 6);
    assert_int_equal(e5->counted_places, -1);
    assert_int_equal(e5->counted_erdf, 0);
    kp_diplan_free(&p);

    assert_int_equal(kp_diplan_at(&f->ctx, "ZPR", day("2021-12-31"), 0, &p), KP_OK);
    c = find(&p, "Grupu dzīvoklis C");
    assert_string_equal(c->status, "cancelled");
    assert_string_equal(c->status_since, "2021-11-15");
    assert_int_equal(c->places, 10);         /* the plan's number … */
    assert_int_equal(c->counted_places, -1); /* … which no longer counts */
    assert_int_equal(c->erdf, 20550000);
    assert_int_equal(c->counted_erdf, 0);
    a = find(&p, "DAC A");
    assert_string_equal(a->status, "operating");
    assert_int_equal(a->places, 12);
    assert_int_equal(a->erdf, 10000000);
    kp_diplan_free(&p);

    assert_int_equal(kp_diplan_at(&f->ctx, "ZPR", day("2022-03-10"), 0, &p), KP_OK);
    a = find(&p, "DAC A");
    assert_int_equal(a->places, 20);
    assert_int_equal(a->erdf, 15000000);
    assert_int_equal(p.namendments, 3);
    kp_diplan_free(&p);

    /* The evaluation's object list: a cancelled object without places and
     * money, its status with the date. */
    kp_eval_list l;
    assert_int_equal(kp_eval_objects(&f->ctx, "ZPR", day("2021-12-31"), &l), KP_OK);
    const kp_eval_object *o = l.items;
    bool seen = false;
    for (size_t i = 0; i < l.n; i++)
        if (!strcmp(o[i].name, "Grupu dzīvoklis C")) {
            seen = true;
            assert_int_equal(o[i].places, -1);
            assert_int_equal(o[i].erdf, 0);
            assert_string_equal(o[i].status, "cancelled");
            assert_string_equal(o[i].status_since, "2021-11-15");
            assert_int_equal(o[i].holder_id, territory_id(f, "bauska"));
        }
    assert_true(seen);
    kp_eval_list_free(&l);
}

static void test_plan_through_use_cases(void **state)
{
    fixture *f = *state;
    plan_ids ids;
    memset(&ids, 0, sizeof ids);
    build_plan(f, &ids);
    check_summary(f);
    check_objects(f);

    /* The history chains. */
    kp_diplan_problems pr = {0};
    assert_int_equal(kp_diplan_check(&f->ctx, "ZPR", NULL, 0, &pr), KP_OK);
    for (size_t i = 0; i < pr.n; i++)
        fprintf(stderr, "  problem: %s\n", pr.items[i].message);
    assert_int_equal(pr.n, 0);
    kp_diplan_problems_free(&pr);

    /* Every change is in the object's history with its date and reason. */
    kp_history h = {0};
    assert_int_equal(kp_history_of_record(&f->ctx, "plan_object", ids.o[3], 50, &h), KP_OK);
    bool cancelled = false;
    for (size_t i = 0; i < h.n; i++)
        if (!strcmp(h.items[i].effective_on, "2021-11-15") && strstr(h.items[i].changes, "cancelled") &&
            !strcmp(h.items[i].reason, "Notikums"))
            cancelled = true;
    assert_true(cancelled);
    kp_history_free(&h);

    /* Refused: a change dated before a recorded change of the same field
     * (amendment 1 again for O1's places, after amendment 3's). */
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(amend(f, ids.am[1], ids.o[1], "places", "11", &e), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "amendment_id"));
    kp_errors_free(&e);
    /* Places change only by amendment. */
    kp_errors_init(&e);
    char o[24];
    kp_object_change_in bad = {.object_id = num(ids.o[1], o), .field = "places", .new_value = "30",
                               .effective_on = "2022-05-01", .reason = "x"};
    assert_int_equal(kp_plan_object_change(&f->ctx, &bad, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "field"));
    kp_errors_free(&e);
    /* An amendment's change takes the amendment's date, not one given. */
    kp_errors_init(&e);
    char a[24];
    kp_object_change_in both = {.amendment_id = num(ids.am[3], a), .object_id = num(ids.o[6], o),
                                .field = "erdf_cents", .new_value = "1300000", .effective_on = "2022-05-01"};
    assert_int_equal(kp_plan_object_change(&f->ctx, &both, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "effective_on"));
    kp_errors_free(&e);
    /* Nothing after a removal; a change before the object entered the plan. */
    kp_errors_init(&e);
    assert_int_equal(amend(f, ids.am[3], ids.o[5], "places", "7", &e), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "object_id"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(amend(f, ids.am[1], ids.o[4], "places", "5", &e), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "amendment_id"));
    kp_errors_free(&e);
    /* old_value, when given, must be the value now. */
    kp_errors_init(&e);
    kp_object_change_in stale = {.amendment_id = num(ids.am[3], a), .object_id = num(ids.o[6], o),
                                 .field = "erdf_cents", .old_value = "1100000", .new_value = "1300000"};
    assert_int_equal(kp_plan_object_change(&f->ctx, &stale, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "old_value"));
    kp_errors_free(&e);
    /* Amendments are numbered in the order of their approval. */
    kp_errors_init(&e);
    kp_amendment_in early = {.region = "ZPR", .number = "4", .approved_on = "2019-01-01", .reason = "x"};
    assert_int_equal(kp_amendment_add(&f->ctx, &early, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "approved_on"));
    kp_errors_free(&e);
    /* None of the refused changes left a trace. */
    check_summary(f);
}

/* ---- the same plan by import ------------------------------------------- */

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static kp_rc import_text(fixture *f, const char *kind, const char *text, kp_errors *e)
{
    char path[600];
    snprintf(path, sizeof path, "%s/diplan-%d-%s.csv", KOPA_TEST_TMP, (int)getpid(), kind);
    write_file(path, text);
    kp_rc rc = kp_import_kind(&f->ctx, kind, path, e, NULL);
    unlink(path);
    return rc;
}

static int64_t count_changes(fixture *f)
{
    int64_t n = -1;
    assert_int_equal(kp_sql_int(f->db, "SELECT COUNT(*) FROM plan_object_change", NULL, 0, -1, &n), KP_OK);
    return n;
}

/* A refused file: the message names the line and column. */
static void refused(fixture *f, const char *text, long line, const char *column)
{
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(import_text(f, "plan_object_changes", text, &e), KP_EINVAL);
    bool found = false;
    for (size_t i = 0; i < e.n; i++)
        if (e.items[i].line == line && !strcmp(e.items[i].field, column) && strstr(e.items[i].file, "diplan-"))
            found = true;
    if (!found)
        show(&e);
    assert_true(found);
    kp_errors_free(&e);
    assert_int_equal(count_changes(f), 0); /* nothing is half-written */
}

static void test_plan_by_import(void **state)
{
    (void)state;
    fixture g;
    assert_int_equal(fixture_open(&g, "diplan-import"), 0);
    char bauska[8], dobele[8];
    territory(&g, "bauska-pre2021", bauska, NULL);
    territory(&g, "dobele-pre2021", dobele, NULL);
    char objects[2048];
    /* The objects hold their values now. */
    snprintf(objects, sizeof objects,
             "id,region,municipality,name,target_group,service,places,erdf,status,added_on,facility_id\n"
             "1,ZPR,%s,DAC A,grt,day_care,20,150000.00,operating,2018-03-01,\n"
             "2,ZPR,%s,Darbnīca B,grt,workshop,8,50000.00,planned,2018-03-01,\n"
             "3,ZPR,%s,Grupu dzīvoklis C,grt,group_home,10,205500.00,cancelled,2018-03-01,\n"
             "4,ZPR,%s,Atelpa D,ft,respite,4,30000.00,planned,2019-05-15,\n"
             "5,ZPR,%s,ĢVPP E,bsac,family_like_care,6,40000.00,planned,2018-03-01,\n"
             "6,ZPR,%s,Terapijas istaba F,ft,social_rehab,,12000.00,planned,2018-03-01,\n",
             bauska, dobele, bauska, bauska, bauska, bauska);
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(import_text(&g, "plan_objects", objects, &e), KP_OK);
    assert_int_equal(import_text(&g, "plan_amendments",
                                 "id,region,number,approved_on,reason\n"
                                 "1,ZPR,1,2018-06-01,Nr. 1\n2,ZPR,2,2019-05-15,Nr. 2\n3,ZPR,3,2022-03-10,Nr. 3\n",
                                 &e),
                     KP_OK);
    show(&e);
    kp_errors_free(&e);

    /* The case: places 12 → 99 on an object that has 20. */
    refused(&g, "id,amendment_id,object_id,field,old_value,new_value\n,1,1,places,12,99\n", 2, "new_value");
    /* A link that does not chain: 10 → 12, then 13 → 20. */
    refused(&g, "id,amendment_id,object_id,field,old_value,new_value\n,1,1,places,10,12\n,3,1,places,13,20\n", 3,
            "old_value");
    /* In file order 10 → 12 (2022, line 2) then 12 → 20 (2018, line 3):
     * in date order the 2018 change leaves 20 and the 2022 one starts from
     * 10, and leaves 12 where the object holds 20 — both on line 2. */
    refused(&g, "id,amendment_id,object_id,field,old_value,new_value\n,3,1,places,10,12\n,1,1,places,12,20\n", 2,
            "old_value");
    /* A change before the object entered the plan (O4 is in from 2019-05-15). */
    refused(&g, "id,amendment_id,object_id,field,old_value,new_value\n,1,4,places,3,4\n", 2, "amendment_id");
    /* A change after the object was removed. */
    refused(&g, "id,amendment_id,object_id,field,old_value,new_value\n,2,5,removed,,\n,3,5,places,5,6\n", 3,
            "amendment_id");
    /* Only the status changes without an amendment. */
    refused(&g,
            "id,amendment_id,object_id,field,old_value,new_value,effective_on,reason\n"
            ",,1,places,10,12,2019-01-01,x\n",
            2, "field");

    /* The good history, its rows in no particular order. */
    kp_errors_init(&e);
    kp_rc rc = import_text(&g, "plan_object_changes",
                           "id,amendment_id,object_id,field,old_value,new_value,effective_on,reason\n"
                           "1,3,1,places,12,20,,\n"
                           "2,1,1,places,10,12,,\n"
                           "3,3,1,erdf_cents,10000000,15000000,,\n"
                           "4,,1,status,building,operating,2020-09-01,Reģistrēts\n"
                           "5,,1,status,planned,building,2019-02-01,Būvdarbi\n"
                           "6,2,2,service_code,day_care,workshop,,\n"
                           "7,,3,status,planned,building,2019-06-01,Būvdarbi\n"
                           "8,,3,status,building,cancelled,2021-11-15,Notikums\n"
                           "9,2,4,added,,,,\n"
                           "10,2,5,removed,,,,\n",
                           &e);
    show(&e);
    kp_errors_free(&e);
    assert_int_equal(rc, KP_OK);
    check_summary(&g);
    check_objects(&g);
    fixture_close(&g);
}

/* ---- one number per concept --------------------------------------------- */

/* A valid old-format code for a birth date (DDMMYY-CNNNZ). */
static void code_for(const char *birth, int serial, char out[13])
{
    int y = 0, m = 0, d = 0;
    kp_date_to_ymd(day(birth), &y, &m, &d);
    for (;; serial++) {
        char digits[16];
        snprintf(digits, sizeof digits, "%02d%02d%02d%d%03d", d, m, y % 100, y >= 2000 ? 2 : 1, serial % 1000);
        int z = kp_pc_check_digit(digits);
        if (z >= 0 && z <= 9) {
            snprintf(out, 13, "%.6s-%.4s%d", digits, digits + 6, z);
            return;
        }
    }
}

static int64_t person(fixture *f, const char *tg, const char *birth, int serial, const char *key,
                      const char *registered)
{
    char code[13], atvk[8];
    code_for(birth, serial, code);
    territory(f, key, atvk, NULL);
    kp_client_in in = {.personal_code = code, .given_name = "Anna", .family_name = "Kalniņa", .birth_date = birth,
                       .municipality = atvk, .target_group = tg, .registered_on = registered};
    int64_t id = 0;
    OK(kp_client_register(&f->ctx, &in, e, &id));
    return id;
}

static void assessed(fixture *f, int64_t client, const char *on, const char *place)
{
    char c[24];
    kp_assessment_in in = {.client_id = num(client, c), .round = "1", .assessed_on = on, .place = place,
                           .assessor = "Eksperts", .needs = "day_care"};
    OK(kp_assessment_record(&f->ctx, &in, e, NULL));
}

static void indicator(fixture *f, const char *key, const char *kind, const char *source, const char *computation,
                      const char *target, int64_t *id)
{
    kp_indicator_in in = {.region = "ZPR", .key = key, .kind = kind, .name_lv = key, .name_en = key,
                          .source = source, .computation = computation,
                          .entered_by_role = strcmp(source, "entered") == 0 ? "region" : NULL,
                          .baseline_year = strcmp(kind, "di_plan") == 0 ? "2016" : NULL,
                          .baseline = strcmp(kind, "di_plan") == 0 ? "100" : NULL,
                          .target_year = "2023", .target = target, .sort = "1"};
    OK(kp_indicator_add(&f->ctx, &in, e, id));
}

static void value(fixture *f, int64_t indicator_id, const char *year, const char *v)
{
    char i[24];
    kp_indicator_value_in in = {.indicator_id = num(indicator_id, i), .period_year = year, .value = v,
                                .entered_by = "Aptauja", .entered_on = "2022-01-31"};
    OK(kp_indicator_value_add(&f->ctx, &in, e, NULL));
}

typedef struct concept_at {
    const char *date;
    int64_t total, in_municipalities, in_vsac, bsac, ft;
} concept_at;

static void test_one_number_per_concept(void **state)
{
    fixture *f = *state;
    /* Adults: one assessed in a family in 2019, one in a VSAC in 2019, and
     * one registered on 10.01.2022 after an assessment of 15.11.2021. */
    assessed(f, person(f, "grt", "1975-11-16", 1, "bauska-pre2021", "2019-01-10"), "2019-03-01", "family");
    assessed(f, person(f, "grt", "1968-04-02", 1, "bauska-pre2021", "2019-01-10"), "2019-04-01", "vsac");
    assessed(f, person(f, "grt", "1980-07-21", 1, "bauska", "2022-01-10"), "2021-11-15", "family");
    assessed(f, person(f, "bsac", "2010-02-03", 1, "dobele-pre2021", "2019-02-01"), "2019-05-01", "institution");
    assessed(f, person(f, "ft", "2012-09-09", 1, "dobele-pre2021", "2020-01-15"), "2020-02-01", "family");
    int64_t grt = 0, bsac = 0;
    indicator(f, "grt_assessed", "output", "computed", "grt_assessed", "10", &grt);
    indicator(f, "bsac_assessed", "output", "computed", "bsac_assessed", "10", &bsac);
    /* A person counts once registered (the records as they stood on the
     * date): the third adult from 10.01.2022. */
    static const concept_at AT[] = {
        {"2019-03-15", 1, 1, 0, 0, 0},
        {"2021-12-31", 2, 1, 1, 1, 1},
        {"2022-01-09", 2, 1, 1, 1, 1},
        {"2022-01-10", 3, 2, 1, 1, 1},
    };
    for (size_t i = 0; i < sizeof AT / sizeof AT[0]; i++) {
        kp_figures out;
        assert_int_equal(kp_figures_compute(&f->ctx, "ZPR", day(AT[i].date), &out), KP_OK);
        fprintf(stderr, "  people at %s\n", AT[i].date);
        assert_int_equal(fig(&out, "output_indicators", 0, "", "grt_assessed", "achieved", 0), AT[i].total);
        assert_int_equal(fig(&out, "output_indicators_detail", 0, "grt", "grt_assessed_total", "persons", 0),
                         AT[i].total);
        assert_int_equal(fig(&out, "output_indicators_detail", 0, "grt", "grt_assessed_in_municipalities", "persons", 0),
                         AT[i].in_municipalities);
        assert_int_equal(fig(&out, "output_indicators_detail", 0, "grt", "grt_assessed_living_in_vsac", "persons", 0),
                         AT[i].in_vsac);
        assert_int_equal(fig(&out, "context", 0, "grt", "grt_assessed", "persons", 0), AT[i].in_municipalities);
        assert_int_equal(fig(&out, "output_indicators", 0, "", "bsac_assessed", "achieved", 0), AT[i].bsac);
        assert_int_equal(fig(&out, "output_indicators_detail", 0, "bsac", "bsac_children_assessed", "persons", 0),
                         AT[i].bsac);
        assert_int_equal(fig(&out, "output_indicators_detail", 0, "ft", "ft_children_assessed", "persons", 0),
                         AT[i].ft);
        assert_int_equal(fig(&out, "context", 0, "ft", "ft_assessed", "persons", 0), AT[i].ft);
        /* No item name carries a region. */
        for (size_t k = 0; k < out.n; k++)
            assert_null(strstr(out.items[k].item, "zemgale"));
        kp_figures_free(&out);
        /* The indicator computed on its own gives the same number. */
        int64_t v = -1;
        assert_int_equal(kp_indicator_compute(&f->ctx, "grt_assessed", "ZPR", day(AT[i].date), &v), KP_OK);
        assert_int_equal(v, AT[i].total);
        assert_int_equal(kp_indicator_compute(&f->ctx, "ft_assessed", "ZPR", day(AT[i].date), &v), KP_OK);
        assert_int_equal(v, AT[i].ft);
    }
}

/* ---- entered values per period ------------------------------------------ */

static void test_entered_values(void **state)
{
    fixture *f = *state;
    int64_t table = 0, output = 0;
    indicator(f, "social_work_specialists", "di_plan", "entered", NULL, "300", &table);
    value(f, table, "2019", "258");
    value(f, table, "2021", "260");
    indicator(f, "specialists_trained", "output", "entered", NULL, "100", &output);
    value(f, output, "2020", "40");
    value(f, output, "2021", "70");
    kp_figures out;
    /* 31.03.2021: 2021 has not ended; the last ended year with a value is
     * 2019 (none for 2020), shown as 2019's. Two years earlier
     * (31.03.2019) no year after the 2016 baseline had a value. */
    assert_int_equal(kp_figures_compute(&f->ctx, "ZPR", day("2021-03-31"), &out), KP_OK);
    assert_int_equal(fig(&out, "indicator_table", 0, "", "social_work_specialists", "achieved", 2021), -1);
    assert_int_equal(fig(&out, "indicator_table", 0, "", "social_work_specialists", "achieved", 2019), 258);
    assert_int_equal(fig(&out, "output_indicators", 0, "", "specialists_trained", "achieved", 2020), 40);
    assert_int_equal(fig(&out, "output_indicators", 0, "", "specialists_trained", "achieved", 2021), -1);
    assert_int_equal(fig(&out, "output_indicators", 0, "", "specialists_trained", "pct", 0), 4000);
    kp_figures_free(&out);
    /* 30.12.2021: still not ended. */
    assert_int_equal(kp_figures_compute(&f->ctx, "ZPR", day("2021-12-30"), &out), KP_OK);
    assert_int_equal(fig(&out, "indicator_table", 0, "", "social_work_specialists", "achieved", 2021), -1);
    assert_int_equal(fig(&out, "output_indicators", 0, "", "specialists_trained", "achieved", 2020), 40);
    kp_figures_free(&out);
    /* 31.12.2021: 2021 has ended; two years before, 2019 had. */
    assert_int_equal(kp_figures_compute(&f->ctx, "ZPR", day("2021-12-31"), &out), KP_OK);
    assert_int_equal(fig(&out, "indicator_table", 0, "", "social_work_specialists", "achieved", 2021), 260);
    assert_int_equal(fig(&out, "indicator_table", 0, "", "social_work_specialists", "achieved", 2019), 258);
    assert_int_equal(fig(&out, "output_indicators", 0, "", "specialists_trained", "achieved", 2021), 70);
    assert_int_equal(fig(&out, "output_indicators", 0, "", "specialists_trained", "pct", 0), 7000);
    kp_figures_free(&out);
    /* A value for 2019 only: at 31.12.2021 it is the last year ended both
     * by that date and by 31.12.2019, and is shown once, as 2019's. */
    int64_t supervision = 0;
    indicator(f, "specialists_received_supervision", "di_plan", "entered", NULL, "200", &supervision);
    value(f, supervision, "2019", "159");
    assert_int_equal(kp_figures_compute(&f->ctx, "ZPR", day("2021-12-31"), &out), KP_OK);
    int achieved = 0;
    for (size_t i = 0; i < out.n; i++)
        if (!strcmp(out.items[i].item, "specialists_received_supervision") && !strcmp(out.items[i].measure, "achieved"))
            achieved++;
    assert_int_equal(achieved, 1);
    assert_int_equal(fig(&out, "indicator_table", 0, "", "specialists_received_supervision", "achieved", 2019), 159);
    kp_figures_free(&out);
}

/* ---- money at period boundaries ------------------------------------------ */

static void test_money_rule(void **state)
{
    fixture *f = *state;
    kp_project_in pr = {.number = "9.2.2.1/15/I/099", .name = "Tests", .region = "ZPR", .start_date = "2015-07-01",
                        .end_date = "2023-12-31", .budget = "100000.00", .esf = "85000.00", .state = "15000.00"};
    OK(kp_project_add(&f->ctx, &pr, e, NULL));
    char bauska[8];
    territory(f, "bauska", bauska, NULL);
    int64_t holder = territory_id(f, "bauska");
    /* Q4 2021 paid in January 2022; January 2022 paid in February. */
    kp_compensation_in c1 = {.project = pr.number, .municipality = bauska, .period_start = "2021-10-01",
                             .period_end = "2021-12-31", .paid_on = "2022-01-20", .amount = "1000.00"};
    kp_compensation_in c2 = {.project = pr.number, .municipality = bauska, .period_start = "2022-01-01",
                             .period_end = "2022-01-31", .paid_on = "2022-02-10", .amount = "500.00"};
    OK(kp_compensation_add(&f->ctx, &c1, e, NULL));
    OK(kp_compensation_add(&f->ctx, &c2, e, NULL));
    /* A request for the second half of 2021 submitted on 27.01.2022, and
     * one for the first quarter of 2022. */
    kp_payment_request_in r1 = {.project = pr.number, .number = "1", .period_start = "2021-07-01",
                                .period_end = "2021-12-31", .submitted_on = "2022-01-27", .amount = "3000.00"};
    kp_payment_request_in r2 = {.project = pr.number, .number = "2", .period_start = "2022-01-01",
                                .period_end = "2022-03-31", .submitted_on = "2022-04-20", .amount = "2000.00"};
    OK(kp_payment_request_add(&f->ctx, &r1, e, NULL));
    OK(kp_payment_request_add(&f->ctx, &r2, e, NULL));
    static const struct {
        const char *date;
        int64_t comp2021, comp2022, comp_total, requested;
    } AT[] = {
        {"2021-12-30", -1, -1, -1, 0},
        {"2021-12-31", 100000, -1, 100000, 300000},
        {"2022-01-30", 100000, -1, 100000, 300000},
        {"2022-01-31", 100000, 50000, 150000, 300000},
        {"2022-03-30", 100000, 50000, 150000, 300000},
        {"2022-03-31", 100000, 50000, 150000, 500000},
    };
    for (size_t i = 0; i < sizeof AT / sizeof AT[0]; i++) {
        kp_figures out;
        assert_int_equal(kp_figures_compute(&f->ctx, "ZPR", day(AT[i].date), &out), KP_OK);
        fprintf(stderr, "  money at %s\n", AT[i].date);
        assert_int_equal(fig(&out, "compensation", holder, "", "total", "eur", 2021), AT[i].comp2021);
        assert_int_equal(fig(&out, "compensation", holder, "", "total", "eur", 2022), AT[i].comp2022);
        assert_int_equal(fig(&out, "compensation", holder, "", "total", "eur", 0), AT[i].comp_total);
        assert_int_equal(fig(&out, "project", 0, "", "requested_to_date", "eur", 0), AT[i].requested);
        kp_figures_free(&out);
    }
}

/* ---- bad arguments -------------------------------------------------------- */

static void test_bad_arguments(void **state)
{
    fixture *f = *state;
    kp_diplan p;
    kp_date d = day("2021-12-31");
    assert_int_equal(kp_diplan_at(NULL, "ZPR", d, 0, &p), KP_EINVAL);
    assert_int_equal(kp_diplan_at(&f->ctx, NULL, d, 0, &p), KP_EINVAL);
    assert_int_equal(kp_diplan_at(&f->ctx, "ZPR", d, 0, NULL), KP_EINVAL);
    assert_int_equal(kp_diplan_at(&f->ctx, "ZPR", KP_DATE_NONE, 0, &p), KP_EINVAL);
    assert_int_equal(kp_diplan_at(&f->ctx, "XXX", d, 0, &p), KP_ENOTFOUND);
    assert_null(p.objects);
    kp_diplan_free(NULL);
    kp_diplan_problems pr = {0};
    assert_int_equal(kp_diplan_check(NULL, "ZPR", NULL, 0, &pr), KP_EINVAL);
    assert_int_equal(kp_diplan_check(&f->ctx, "ZPR", NULL, 0, NULL), KP_EINVAL);
    assert_int_equal(kp_diplan_check(&f->ctx, "ZPR", NULL, 3, &pr), KP_EINVAL);
    assert_int_equal(kp_diplan_check(&f->ctx, "XXX", NULL, 0, &pr), KP_ENOTFOUND);
    kp_diplan_problems_free(NULL);
    int64_t v = 0;
    assert_int_equal(kp_indicator_compute(NULL, "grt_assessed", "ZPR", d, &v), KP_EINVAL);
    assert_int_equal(kp_indicator_compute(&f->ctx, NULL, "ZPR", d, &v), KP_EINVAL);
    assert_int_equal(kp_indicator_compute(&f->ctx, "nonsense", "ZPR", d, &v), KP_EINVAL);
    assert_int_equal(kp_indicator_compute(&f->ctx, "grt_assessed", NULL, d, &v), KP_EINVAL);
    assert_int_equal(kp_indicator_compute(&f->ctx, "grt_assessed", "ZPR", d, NULL), KP_EINVAL);

    /* Scope: another region's coordinator and a social worker see nothing,
     * the same as for a region that does not exist. */
    kp_ctx saved = f->ctx;
    f->ctx.role = KP_ROLE_REGION;
    snprintf(f->ctx.region, sizeof f->ctx.region, "KPR");
    assert_int_equal(kp_diplan_at(&f->ctx, "ZPR", d, 0, &p), KP_ENOTFOUND);
    assert_int_equal(kp_diplan_check(&f->ctx, "ZPR", NULL, 0, &pr), KP_ENOTFOUND);
    assert_int_equal(kp_diplan_check(&f->ctx, NULL, NULL, 0, &pr), KP_ENOTFOUND);
    snprintf(f->ctx.region, sizeof f->ctx.region, "ZPR");
    assert_int_equal(kp_diplan_at(&f->ctx, "ZPR", d, 0, &p), KP_OK);
    kp_diplan_free(&p);
    f->ctx.role = KP_ROLE_SOCIAL_WORKER;
    assert_int_equal(kp_diplan_at(&f->ctx, "ZPR", d, 0, &p), KP_ENOTFOUND);
    f->ctx = saved;

    /* A change's values are checked for their field. */
    kp_errors e;
    kp_errors_init(&e);
    kp_object_change_in bad = {.amendment_id = "1", .object_id = "1", .field = "places", .old_value = "many",
                               .new_value = "-3"};
    assert_int_equal(kp_plan_object_change_record(&f->ctx, &bad, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "old_value"));
    assert_non_null(kp_errors_for(&e, "new_value"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    kp_object_change_in status = {.amendment_id = "1", .object_id = "1", .field = "status", .old_value = "",
                                  .new_value = "closed"};
    assert_int_equal(kp_plan_object_change_record(&f->ctx, &status, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "old_value"));
    assert_non_null(kp_errors_for(&e, "new_value"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    kp_object_change_in neither = {.object_id = "1", .field = "status", .old_value = "planned", .new_value = "building"};
    assert_int_equal(kp_plan_object_change_record(&f->ctx, &neither, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "amendment_id"));
    kp_errors_free(&e);
    /* A status event needs its reason too. */
    kp_errors_init(&e);
    kp_object_change_in no_reason = {.object_id = "1", .field = "status", .old_value = "planned",
                                     .new_value = "building", .effective_on = "2019-01-01"};
    assert_int_equal(kp_plan_object_change(&f->ctx, &no_reason, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "amendment_id"));
    kp_errors_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_through_use_cases), cmocka_unit_test(test_plan_by_import),
        cmocka_unit_test(test_one_number_per_concept), cmocka_unit_test(test_entered_values),
        cmocka_unit_test(test_money_rule),             cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
