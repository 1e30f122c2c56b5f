/* The query files of transfer, quality, intake and the demo
 * (transfer_sql.h, checks_sql.h, applications_sql.h, demo_sql.h): bad
 * arguments are refused, and a few reads against the catalogues, whose
 * values are read off the files in data/ by hand. The behaviour of the rest is
 * covered by the tests of the use cases that call them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "demo/demo_sql.h"
#include "service/intake/applications_sql.h"
#include "service/quality/checks_sql.h"
#include "service/transfer/transfer_sql.h"

static int setup(void **state)
{
    static fixture f;
    if (fixture_open(&f, "query_files"))
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    return 0;
}

static int calls;
static kp_rc count_cells(const kp_q_transfer_cell *cells, size_t n, void *arg)
{
    (void)cells, (void)n, (void)arg;
    calls++;
    return KP_OK;
}

static void transfer_queries(void **state)
{
    fixture *f = *state;
    bool b = true;
    assert_true(kp_q_transfer_is_reference("client_id"));
    assert_true(kp_q_transfer_is_reference("object_id"));
    assert_false(kp_q_transfer_is_reference("given_name"));
    assert_false(kp_q_transfer_is_reference(NULL));
    assert_int_equal(kp_q_transfer_reference_exists(f->db, "given_name", "1", &b), KP_EINVAL);
    assert_int_equal(kp_q_transfer_reference_exists(NULL, "client_id", "1", &b), KP_EINVAL);
    assert_int_equal(kp_q_transfer_reference_exists(f->db, "client_id", "1", NULL), KP_EINVAL);
    /* No client yet; a value that is not a number matches nothing. */
    assert_int_equal(kp_q_transfer_reference_exists(f->db, "client_id", "1", &b), KP_OK);
    assert_false(b);
    b = true;
    assert_int_equal(kp_q_transfer_reference_exists(f->db, "client_id", "x1", &b), KP_OK);
    assert_false(b);

    int64_t *objects = (int64_t *)&b;
    size_t n = 7;
    assert_int_equal(kp_q_transfer_objects_of_changes(f->db, NULL, 2, &objects, &n), KP_EINVAL);
    assert_int_equal(kp_q_transfer_objects_of_changes(f->db, NULL, 0, NULL, &n), KP_EINVAL);
    assert_int_equal(kp_q_transfer_objects_of_changes(f->db, NULL, 0, &objects, &n), KP_OK);
    assert_null(objects);
    assert_int_equal(n, 0);

    /* providers: id, name, reg_no, municipality, registered_on, closed_on. */
    const char *names[] = {"id", "name", "reg_no", "municipality", "registered_on", "closed_on"};
    const char *wrong[] = {"id", "name", "reg_no", "municipality", "closed_on", "registered_on"};
    kp_q_transfer_cell_kind kinds[6] = {KP_Q_TRANSFER_CELL_TEXT, KP_Q_TRANSFER_CELL_TEXT, KP_Q_TRANSFER_CELL_TEXT,
                               KP_Q_TRANSFER_CELL_TEXT, KP_Q_TRANSFER_CELL_TEXT, KP_Q_TRANSFER_CELL_TEXT};
    assert_int_equal(kp_q_transfer_export_each(f->db, "no_such_kind", names, kinds, 6, count_cells, NULL), KP_EINVAL);
    assert_int_equal(kp_q_transfer_export_each(f->db, "providers", names, kinds, 6, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_q_transfer_export_each(f->db, "providers", wrong, kinds, 6, count_cells, NULL), KP_ESTATE);
    assert_int_equal(kp_q_transfer_export_each(f->db, "providers", names, kinds, 5, count_cells, NULL), KP_ESTATE);
    calls = 0;
    assert_int_equal(kp_q_transfer_export_each(f->db, "providers", names, kinds, 6, count_cells, NULL), KP_OK);
    assert_int_equal(calls, 0); /* no provider yet */
    assert_int_equal(kp_q_transfer_needs_of(f->db, 1, NULL), KP_EINVAL);
}

static kp_rc no_membership(const kp_q_catalogue_membership_row *row, void *arg)
{
    (void)arg;
    return row->none ? KP_ESTATE : KP_OK;
}

static void catalogue_queries(void **state)
{
    fixture *f = *state;
    bool b = false;
    assert_int_equal(kp_q_catalogue_loaded(NULL, &b), KP_EINVAL);
    assert_int_equal(kp_q_catalogue_loaded(f->db, &b), KP_OK);
    assert_true(b);
    /* municipalities.csv: Aizkraukles novads, 0020000, from 2021-07-01, open. */
    kp_q_catalogue_territory t;
    assert_int_equal(kp_q_catalogue_territory_by_atvk(f->db, "0020000", NULL), KP_EINVAL);
    assert_int_equal(kp_q_catalogue_territory_by_atvk(f->db, "0020000", &t), KP_OK);
    assert_true(t.id > 0);
    assert_string_equal(t.valid_from, "2021-07-01");
    assert_string_equal(t.valid_to, "");
    assert_int_equal(kp_q_catalogue_territory_by_atvk(f->db, "9999999", &t), KP_OK);
    assert_int_equal(t.id, 0);
    assert_int_equal(kp_q_catalogue_territory_valid_on(f->db, "0020000", "2021-06-30", NULL), KP_EINVAL);
    assert_int_equal(kp_q_catalogue_territory_valid_on(f->db, "0020000", "2021-06-30", &b), KP_OK);
    assert_false(b);
    assert_int_equal(kp_q_catalogue_territory_valid_on(f->db, "0020000", "2021-07-01", &b), KP_OK);
    assert_true(b);
    assert_int_equal(kp_q_catalogue_membership_overlaps(f->db, 1, "2021-01-01", NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_q_catalogue_unit_cost_overlaps(f->db, "x", "2021-01-01", NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_q_catalogue_memberships_each(f->db, NULL, NULL), KP_EINVAL);
    /* The catalogue loaded: every territory is in a region. */
    assert_int_equal(kp_q_catalogue_memberships_each(f->db, no_membership, NULL), KP_OK);
    assert_int_equal(kp_q_catalogue_municipality_add(f->db, NULL), KP_EINVAL);
    assert_int_equal(kp_q_catalogue_rule_add(f->db, NULL), KP_EINVAL);
}

/* Callbacks that are never called: the arguments are refused first. */
#define NOOP(name, T)                                                                                            \
    static kp_rc name(const T *row, void *arg)                                                                   \
    {                                                                                                            \
        (void)row, (void)arg;                                                                                    \
        return KP_ESTATE;                                                                                        \
    }
NOOP(no_hit, kp_q_check_row)
NOOP(no_day, kp_q_check_day_value)
NOOP(no_rule, kp_q_check_rule)
NOOP(no_delivery, kp_q_check_delivery)
NOOP(no_person, kp_q_check_person)

static void check_queries(void **state)
{
    fixture *f = *state;
    assert_true(kp_q_check_has_query("compensation_twice"));
    assert_false(kp_q_check_has_query("same_person_twice")); /* a finder */
    assert_false(kp_q_check_has_query(NULL));
    assert_int_equal(kp_q_check_hits(f->db, "no_such_check", "2021-12-31", no_hit, NULL), KP_EINVAL);
    assert_int_equal(kp_q_check_hits(f->db, "compensation_twice", NULL, no_hit, NULL), KP_EINVAL);
    assert_int_equal(kp_q_check_hits(f->db, "compensation_twice", "2021-12-31", NULL, NULL), KP_EINVAL);
    int64_t m = 5, p = 5;
    bool found = true;
    assert_int_equal(kp_q_check_person_at(f->db, 1, "2021-12-31", NULL, &p, &found), KP_EINVAL);
    assert_int_equal(kp_q_check_person_at(f->db, 1, "2021-12-31", &m, &p, &found), KP_OK);
    assert_false(found);
    assert_int_equal(m, 0);
    assert_int_equal(p, 0);
    char name[212] = "x";
    assert_int_equal(kp_q_check_client_name(f->db, 1, NULL, 0), KP_EINVAL);
    assert_int_equal(kp_q_check_client_name(f->db, 1, name, sizeof name), KP_OK);
    assert_string_equal(name, "");
    assert_int_equal(kp_q_check_delivery_values(f->db, NULL, no_day, NULL), KP_EINVAL);
    assert_int_equal(kp_q_check_payments(f->db, "2021-12-31", NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_q_check_object_changes(f->db, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_q_check_object_value(f->db, 1, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_q_check_rules(f->db, NULL, no_rule, NULL), KP_EINVAL);
    assert_int_equal(kp_q_check_service_names(f->db, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_q_check_rule_deliveries(f->db, "2021-12-31", NULL, no_delivery, NULL),
                     KP_EINVAL);
    assert_int_equal(kp_q_check_people(f->db, NULL, no_person, NULL), KP_EINVAL);
}

static void application_queries(void **state)
{
    fixture *f = *state;
    bool b = true;
    assert_int_equal(kp_q_app_nonce_used(f->db, "n", NULL), KP_EINVAL);
    assert_int_equal(kp_q_app_nonce_used(f->db, "n", &b), KP_OK);
    assert_false(b);
    int64_t id = 0;
    assert_int_equal(kp_q_app_insert(f->db, NULL, &id), KP_EINVAL);
    kp_q_app_new none = {0};
    assert_int_equal(kp_q_app_insert(f->db, &none, &id), KP_EINVAL); /* no hashes */
    kp_q_app_person person;
    assert_int_equal(kp_q_app_person_of(f->db, 1, NULL, &b), KP_EINVAL);
    assert_int_equal(kp_q_app_person_of(f->db, 1, &person, &b), KP_OK);
    assert_false(b);
    assert_null(person.sealed.b);
    kp_q_app_person_release(&person);
    kp_q_app_person_release(NULL);
    assert_int_equal(kp_q_app_queue_page(f->db, 1, "open", false, 10, 0, NULL), KP_EINVAL);
    assert_int_equal(kp_q_app_messages(f->db, 1, NULL), KP_EINVAL);
    assert_int_equal(kp_q_app_code_holder(f->db, NULL, &id), KP_EINVAL);
    kp_app_choice *c = NULL;
    size_t n = 0;
    assert_int_equal(kp_q_app_service_choices(f->db, false, NULL, &n), KP_EINVAL);
    assert_int_equal(kp_q_app_municipality_choices(f->db, false, "2021-09-01", &c, NULL), KP_EINVAL);
    /* service_types.csv has 18 services. */
    assert_int_equal(kp_q_app_service_choices(f->db, true, &c, &n), KP_OK);
    assert_int_equal(n, 18);
    free(c);
}

static void demo_queries(void **state)
{
    fixture *f = *state;
    int64_t id = 0;
    char atvk[8] = "";
    assert_int_equal(kp_q_demo_territory_by_key(f->db, "aizkraukle", NULL, atvk), KP_EINVAL);
    assert_int_equal(kp_q_demo_territory_by_key(f->db, "aizkraukle", &id, atvk), KP_OK);
    assert_true(id > 0);
    assert_string_equal(atvk, "0020000");
    int64_t again = 0;
    assert_int_equal(kp_q_demo_territory_id(f->db, "0020000", &again), KP_OK);
    assert_int_equal(again, id);
    assert_int_equal(kp_q_demo_territory_by_key(f->db, "no-such-key", &again, atvk), KP_OK);
    assert_int_equal(again, 0);
    assert_string_equal(atvk, "");
    /* municipalities.csv: Aizkraukles novads succeeds six territories;
     * without Jaunjelgava (0321000), in code order, the first three. */
    char pre[3][8];
    size_t n = 9;
    assert_int_equal(kp_q_demo_predecessors(f->db, id, NULL, 3, &n), KP_EINVAL);
    assert_int_equal(kp_q_demo_predecessors(f->db, id, pre, 3, &n), KP_OK);
    assert_int_equal(n, 3);
    assert_string_equal(pre[0], "0320200");
    assert_string_equal(pre[1], "0321400");
    assert_string_equal(pre[2], "0326100");
    int64_t ids[3];
    assert_int_equal(kp_q_demo_quiet_adults(f->db, NULL, &n), KP_EINVAL);
    assert_int_equal(kp_q_demo_quiet_adults(f->db, ids, &n), KP_OK);
    assert_int_equal(n, 0); /* no clients */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(transfer_queries),    cmocka_unit_test(catalogue_queries), cmocka_unit_test(check_queries),
        cmocka_unit_test(application_queries), cmocka_unit_test(demo_queries),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
