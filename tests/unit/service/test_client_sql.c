/* The client aggregate's query file (casework/client_sql.h): every function
 * that takes an out pointer refuses NULL ones and a NULL store, and reads
 * of a client that does not exist find nothing (the database is fresh: no
 * client 999). What the queries return is covered by the use cases' tests
 * (test_cases, test_casework, test_people_history, test_contacts, the page
 * tests). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "service/casework/client_sql.h"

static int setup(void **state)
{
    static fixture f;
    if (fixture_open(&f, "client_sql"))
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    return 0;
}

static kp_rc never(void *row, void *arg)
{
    (void)row;
    (*(int *)arg)++;
    return KP_OK;
}

static void bad_arguments(void **state)
{
    fixture *f = *state;
    kp_store *st = f->db;
    bool found = false;
    int64_t n = 0;
    char text[72];
    kp_pv_list l = {0};
    kp_pv v = {0};
    kp_q_name name;
    kp_client_row row;
    kp_q_period per;
    kp_blob blob = {NULL, 0};
    kp_q_residence res;
    kp_person person = {0};
    kp_q_link link;
    kp_q_links links = {0};
    kp_options opts = {0};
    kp_q_card_head head;
    kp_q_plan_head ph;
    kp_q_items items = {0};
    kp_contacts contacts = {0};
    size_t total = 0;
    kp_q_staff staff;
    kp_audit_rows trail = {0};
    kp_q_sealed_list sealed = {0};
    kp_move_notice *moves = NULL;
    size_t nm = 0, cm = 0;
    kp_q_scope sc = {KP_Q_SCOPE_ALL, 0, "2022-06-15"};
    kp_q_trail_filter tf = {.limit = 10};
    unsigned char hash[KP_LOOKUP_HASH_BYTES] = {0};
    int calls = 0;

    assert_int_equal(kp_q_client_versions(NULL, 1, false, &l), KP_EINVAL);
    assert_int_equal(kp_q_client_versions(st, 1, false, NULL), KP_EINVAL);
    assert_int_equal(kp_q_client_version_add(st, 1, NULL), KP_EINVAL);
    assert_int_equal(kp_q_client_version_add(NULL, 1, &v), KP_EINVAL);
    assert_int_equal(kp_q_client_set_current(st, 1, NULL), KP_EINVAL);
    assert_int_equal(kp_q_client_insert(st, NULL, &n), KP_EINVAL);
    assert_int_equal(kp_q_client_name(st, 1, NULL, &found), KP_EINVAL);
    assert_int_equal(kp_q_client_name(st, 1, &name, NULL), KP_EINVAL);
    assert_int_equal(kp_q_client_today(st, 1, NULL, &row, &found), KP_EINVAL);
    assert_int_equal(kp_q_client_today(NULL, 1, "2022-06-15", &row, &found), KP_EINVAL);
    assert_int_equal(kp_q_client_worker_name(st, 1, NULL), KP_EINVAL);
    assert_int_equal(kp_q_register_elsewhere_count(st, "a", "2022-06-15", "2022-06-15U", NULL), KP_EINVAL);
    assert_int_equal(kp_q_code_holder(st, NULL, &n), KP_EINVAL);
    assert_int_equal(kp_q_code_holder(st, hash, NULL), KP_EINVAL);
    assert_int_equal(kp_q_code_add(st, NULL, &n), KP_EINVAL);
    assert_int_equal(kp_q_code_overlap(st, 1, "2020-01-01", "", 0, NULL, &found), KP_EINVAL);
    assert_int_equal(kp_q_code_current(st, 1, NULL, text), KP_EINVAL);
    assert_int_equal(kp_q_code_sealed_current(st, 1, true, NULL, &found), KP_EINVAL);
    assert_int_equal(kp_q_code_sealed_all(st, 1, NULL), KP_EINVAL);
    assert_false(kp_q_residence_overlaps(NULL, 1, "2020-01-01", ""));
    assert_int_equal(kp_q_residence_insert(st, NULL, &n), KP_EINVAL);
    assert_int_equal(kp_q_residence_first_from(st, 1, "2020-01-01", NULL), KP_EINVAL);
    assert_int_equal(kp_q_residence_at(st, 1, "2020-01-01", NULL, &found), KP_EINVAL);
    assert_int_equal(kp_q_residences_of(st, 1, false, NULL), KP_EINVAL);
    assert_int_equal(kp_q_link_add(NULL, 0, 1, 2, "parent", "2020-01-01", NULL, &n), KP_EINVAL);
    assert_int_equal(kp_q_link_overlap(st, 1, 2, "2020-01-01", "", NULL, &found), KP_EINVAL);
    assert_int_equal(kp_q_link_get(st, 1, 1, NULL, &found), KP_EINVAL);
    assert_int_equal(kp_q_links_represented(st, 1, "", NULL), KP_EINVAL);
    assert_int_equal(kp_q_links_both(st, 1, NULL), KP_EINVAL);
    assert_int_equal(kp_q_moves(st, 1, "2022-06-15", "2022-01-01", "2022-12-31", false, NULL, &nm, &cm), KP_EINVAL);
    assert_int_equal(kp_q_municipality_options(st, false, "2022-06-15", true, NULL), KP_EINVAL);
    assert_int_equal(kp_q_client_scan(st, NULL, never, &calls), KP_EINVAL);
    assert_int_equal(kp_q_client_scan(st, &sc, NULL, &calls), KP_EINVAL);
    kp_q_scope bad = {(kp_q_scope_kind)7, 0, "2022-06-15"};
    assert_int_equal(kp_q_client_scan(st, &bad, never, &calls), KP_EINVAL);
    assert_int_equal(kp_q_client_page(st, &sc, NULL, never, &calls), KP_EINVAL);
    assert_int_equal(kp_q_card_head_of(st, 1, "2022-01-01", "2022-12-31", NULL), KP_EINVAL);
    assert_int_equal(kp_q_card_assessments(st, 1, NULL), KP_EINVAL);
    assert_int_equal(kp_q_card_plans(st, 1, "lv", "2022-06-15", NULL), KP_EINVAL);
    assert_int_equal(kp_q_card_assignments(st, 1, 0, "lv", "2022-06-15", NULL), KP_EINVAL);
    kp_q_card_deliveries rows = {NULL, 0, 0};
    assert_int_equal(kp_q_card_delivery_rows(NULL, 1, 0, &rows), KP_EINVAL);
    assert_int_equal(kp_q_card_delivery_rows(st, 1, 0, NULL), KP_EINVAL);
    assert_int_equal(kp_q_plan_version(st, 1, "lv", NULL, &items, &found), KP_EINVAL);
    assert_int_equal(kp_q_plan_version(st, 1, "lv", &ph, NULL, &found), KP_EINVAL);
    assert_int_equal(kp_q_contact_add(st, NULL, &n), KP_EINVAL);
    assert_int_equal(kp_q_contacts_of(st, 1, 0, &contacts, &total), KP_EINVAL);
    assert_int_equal(kp_q_contacts_of(st, 1, 5, NULL, &total), KP_EINVAL);
    assert_int_equal(kp_q_staff_by_name(st, "x", NULL, &found), KP_EINVAL);
    assert_int_equal(kp_q_task_add(st, NULL, &n), KP_EINVAL);
    assert_int_equal(kp_q_task_state(st, 1, 1, NULL, text), KP_EINVAL);
    assert_int_equal(kp_q_tasks_of(st, 1, NULL, &calls), KP_EINVAL);
    assert_int_equal(kp_q_tasks_assigned(NULL, "x", never, &calls), KP_EINVAL);
    assert_int_equal(kp_q_trail(st, NULL, &total, &trail), KP_EINVAL);
    assert_int_equal(kp_q_trail(st, &tf, NULL, &trail), KP_EINVAL);
    assert_int_equal(calls, 0);
    (void)per, (void)blob, (void)res, (void)person, (void)link, (void)links, (void)opts, (void)head;
    (void)staff, (void)sealed, (void)moves;
}

/* No client 999 in a fresh database: each read finds nothing. */
static void unknown_client(void **state)
{
    fixture *f = *state;
    kp_pv_list l = {0};
    assert_int_equal(kp_q_client_versions(f->db, 999, false, &l), KP_OK);
    assert_string_equal(l.registered, "");
    assert_int_equal(l.n, 0);
    kp_q_name name;
    bool found = true;
    assert_int_equal(kp_q_client_name(f->db, 999, &name, &found), KP_OK);
    assert_false(found);
    kp_client_row row;
    found = true;
    assert_int_equal(kp_q_client_today(f->db, 999, "2022-06-15", &row, &found), KP_OK);
    assert_false(found);
    kp_blob b = {NULL, 0};
    found = true;
    assert_int_equal(kp_q_code_sealed_current(f->db, 999, true, &b, &found), KP_OK);
    assert_false(found);
    assert_null(b.b);
    int64_t id = 1;
    char from[11] = "x";
    assert_int_equal(kp_q_code_current(f->db, 999, &id, from), KP_OK);
    assert_int_equal(id, 0);
    assert_string_equal(from, "");
    char done[11];
    found = true;
    assert_int_equal(kp_q_task_state(f->db, 1, 999, &found, done), KP_OK);
    assert_false(found);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(unknown_client),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
