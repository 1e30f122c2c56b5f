/* The query files of assignments, plans and case documents
 * (assignment_sql.h, plan_sql.h, case_docs_sql.h): the functions that
 * check their arguments refuse bad ones, and a few reads against the
 * catalogues, whose values are read off the files in data/ by hand. The
 * rest is covered by the tests of the use cases that call them
 * (test_casework, test_cases, test_services, test_commands). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "service/casework/assignment_sql.h"
#include "service/casework/case_docs_sql.h"
#include "service/casework/plan_sql.h"

static int setup(void **state)
{
    static fixture f;
    if (fixture_open(&f, "casework_queries"))
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    return 0;
}

static void writer_bad_arguments(void **state)
{
    fixture *f = *state;
    int64_t id = 0;
    assert_int_equal(kp_q_assignment_delivery_writer_put(NULL, 0, 1, "2021-09-01", 1, 0, &id), KP_EINVAL);
    kp_q_assignment_delivery_writer *w = kp_q_assignment_delivery_writer_new(f->db);
    assert_non_null(w);
    assert_int_equal(kp_q_assignment_delivery_writer_put(w, 0, 1, NULL, 1, 0, &id), KP_EINVAL);
    assert_int_equal(kp_q_assignment_delivery_writer_put(w, 0, 1, "2021-09-01", 1, 0, NULL), KP_EINVAL);
    assert_int_equal(kp_q_assignment_delivery_writer_put(w, -1, 1, "2021-09-01", 1, 0, &id), KP_EINVAL);
    kp_q_assignment_delivery_writer_free(w);
    kp_q_assignment_delivery_writer_free(NULL); /* nothing to free */
    kp_q_assignment_delivery_writer *none = kp_q_assignment_delivery_writer_new(NULL);
    assert_int_equal(kp_q_assignment_delivery_writer_put(none, 0, 1, "2021-09-01", 1, 0, &id), KP_EINVAL);
    kp_q_assignment_delivery_writer_free(none);
}

static int lines;
static kp_rc count_line(const kp_doc_statement_line *line, int64_t municipality, void *arg)
{
    (void)line, (void)municipality, (void)arg;
    lines++;
    return KP_OK;
}

static void statement_lines_bad_arguments(void **state)
{
    fixture *f = *state;
    assert_int_equal(kp_q_case_doc_statement_lines(f->db, 1, "2021-09-01", "2021-09-30", NULL, NULL), KP_EINVAL);
    /* No deliveries in a fresh database: the callback is never called. */
    lines = 0;
    assert_int_equal(kp_q_case_doc_statement_lines(f->db, 1, "2021-09-01", "2021-09-30", count_line, NULL), KP_OK);
    assert_int_equal(lines, 0);
}

/* data/service_types.csv: respite,,Atelpas brīdis,Respite,day,grt|ft;
 * data/service_rules.csv row 1: respite, units_per_year, calendar_year, 30,
 * from 2015-06-16, no region, group, ages or end. */
static void catalogue_reads(void **state)
{
    fixture *f = *state;
    char name[64];
    assert_int_equal(kp_q_assignment_service_name(f->db, "respite", false, name, sizeof name), KP_OK);
    assert_string_equal(name, "Atelpas brīdis");
    assert_int_equal(kp_q_assignment_service_name(f->db, "respite", true, name, sizeof name), KP_OK);
    assert_string_equal(name, "Respite");
    assert_int_equal(kp_q_assignment_service_name(f->db, "no-such", true, name, sizeof name), KP_OK);
    assert_string_equal(name, "");

    bool ok = false;
    assert_int_equal(kp_q_assignment_service_eligible(f->db, "respite", "ft", &ok), KP_OK);
    assert_true(ok);
    assert_int_equal(kp_q_assignment_service_eligible(f->db, "group_home", "ft", &ok), KP_OK);
    assert_false(ok);

    kp_q_assignment_rule_list rules = {0};
    assert_int_equal(kp_q_assignment_rules(f->db, "respite", &rules), KP_OK);
    assert_true(rules.n >= 1);
    const kp_q_assignment_rule *r = &rules.items[0];
    assert_int_equal(r->id, 1);
    assert_string_equal(r->service, "respite");
    assert_string_equal(r->region, "");
    assert_string_equal(r->target_group, "");
    assert_string_equal(r->kind, "units_per_year");
    assert_string_equal(r->period, "calendar_year");
    assert_int_equal(r->limit, 30);
    assert_int_equal(r->age_min, -1); /* NULL: no bound */
    assert_int_equal(r->age_max, -1);
    assert_int_equal(r->parents_working, -1);
    assert_string_equal(r->valid_from, "2015-06-16");
    assert_string_equal(r->valid_to, "");
    free(rules.items);

    /* data/target_groups.csv: 4 groups (grt, ft, parents, bsac), by code. */
    kp_options groups = {0};
    assert_int_equal(kp_q_assignment_group_options(f->db, "en", &groups), KP_OK);
    assert_int_equal(groups.n, 4);
    assert_string_equal(groups.items[0].code, "bsac");
    assert_string_equal(groups.items[0].name, "children in out-of-family care");
    assert_string_equal(groups.items[3].code, "parents");
    kp_options_free(&groups);

    /* Nothing recorded yet for an unknown plan or client. */
    kp_q_plan plan;
    assert_int_equal(kp_q_plan_by_id(f->db, 999999, &plan), KP_OK);
    assert_int_equal(plan.client, 0);
    assert_string_equal(plan.status, "");
    int64_t n = -1;
    assert_int_equal(kp_q_plan_assessment_count(f->db, 999999, &n), KP_OK);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writer_bad_arguments),
        cmocka_unit_test(statement_lines_bad_arguments),
        cmocka_unit_test(catalogue_reads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
