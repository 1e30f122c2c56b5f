/* The history a change leaves in the audit trail: its effective date, reason
 * and fields, stored in the change's own transaction, read back per client
 * (scoped, and the reading recorded) and per record; a personal code is
 * named as changed, never written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "fixture.h"
#include "service/audit.h"
#include "service/casework/cases.h"
#include "service/insert.h"
#include "service/sql.h"

static int setup(void **state)
{
    static fixture f;
    if (fixture_open(&f, "history"))
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    return 0;
}

static int64_t count(fixture *f, const char *sql)
{
    int64_t n = -1;
    assert_int_equal(kp_sql_int(f->db, sql, NULL, 0, -1, &n), KP_OK);
    return n;
}

static int64_t register_one(fixture *f)
{
    kp_client_in in = {.personal_code = "161175-19997", .given_name = "Anna", .family_name = "Bērziņa",
                       .birth_date = "1975-11-16", .municipality = "0025000", .target_group = "grt",
                       .registered_on = "2021-08-01"};
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0;
    assert_int_equal(kp_client_register(&f->ctx, &in, &e, &id), KP_OK);
    kp_errors_free(&e);
    return id;
}

static void test_change_and_read_back(void **state)
{
    fixture *f = *state;
    int64_t id = register_one(f);
    kp_field_change ch[] = {{"family_name", "Bērziņa", "Kalniņa"}, {"personal_code", NULL, NULL}};
    assert_int_equal(kp_store_begin(f->db), KP_OK);
    assert_int_equal(kp_audit_change(&f->ctx, "correct", "client", id, id, "2021-09-01", "marriage", ch, 2), KP_OK);
    /* A change that is rolled back leaves no history either. */
    assert_int_equal(kp_store_rollback(f->db), KP_OK);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'correct'"), 0);

    assert_int_equal(kp_audit_change(&f->ctx, "correct", "client", id, id, "2021-09-01", "marriage", ch, 2), KP_OK);
    assert_int_equal(kp_audit_change(&f->ctx, "move", "client", id, id, NULL, "", NULL, 0), KP_OK);
    /* The code is named, its value never stored. */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE changes LIKE '%161175%'"), 0);

    kp_history h;
    assert_int_equal(kp_history_of_client(&f->ctx, id, 100, &h), KP_OK);
    const kp_history_row *correct = NULL;
    for (size_t i = 0; i < h.n; i++)
        if (strcmp(h.items[i].action, "correct") == 0)
            correct = &h.items[i];
    assert_non_null(correct);
    assert_string_equal(correct->effective_on, "2021-09-01");
    assert_string_equal(correct->reason, "marriage");
    assert_string_equal(correct->changes,
                        "[{\"field\":\"family_name\",\"old\":\"Bērziņa\",\"new\":\"Kalniņa\"},{\"field\":\"personal_code\"}]");
    /* Newest first; the registration is there too. */
    assert_string_equal(h.items[0].action, "move");
    assert_string_equal(h.items[0].effective_on, "");
    kp_history_free(&h);
    /* Reading the history is itself recorded, in the access log. */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM access_log WHERE entity = 'client_history'"), 1);

    /* Out of scope looks like no such client. */
    kp_ctx other = f->ctx;
    other.role = KP_ROLE_SOCIAL_WORKER;
    other.municipality_id = 9999999;
    assert_int_equal(kp_history_of_client(&other, id, 100, &h), KP_ENOTFOUND);
}

static void test_bad_arguments(void **state)
{
    fixture *f = *state;
    kp_history h;
    assert_int_equal(kp_audit_change(NULL, "a", "b", 1, 0, NULL, NULL, NULL, 0), KP_EINVAL);
    assert_int_equal(kp_audit_change(&f->ctx, NULL, "b", 1, 0, NULL, NULL, NULL, 0), KP_EINVAL);
    assert_int_equal(kp_audit_change(&f->ctx, "a", "b", 1, 0, NULL, NULL, NULL, 1), KP_EINVAL);
    assert_int_equal(kp_history_of_client(&f->ctx, 0, 10, &h), KP_EINVAL);
    assert_int_equal(kp_history_of_client(&f->ctx, 1, 0, &h), KP_EINVAL);
    assert_int_equal(kp_history_of_client(&f->ctx, 1, 1001, &h), KP_EINVAL);
    assert_int_equal(kp_history_of_record(&f->ctx, "", 1, 10, &h), KP_EINVAL);
    assert_int_equal(kp_history_of_record(&f->ctx, "provider", 1, 10, &h), KP_OK);
    assert_int_equal(h.n, 0);
    kp_history_free(&h);
}

/* kp_insert_audited_end: the query function's row and its "create" record
 * go in together, or neither does. */
static kp_rc insert_region(kp_store *st, const char *code, int64_t *id)
{
    kp_param p[] = {KP_PTEXT(code), KP_PTEXT("Tests"), KP_PTEXT("Tests")};
    kp_rc rc = kp_sql_exec(st, "INSERT INTO region(code, name_lv, name_en) VALUES (?, ?, ?)", p, 3);
    *id = 4242;
    return rc;
}

static kp_rc insert_and_end(fixture *f, const char *code, kp_rc fail, const char *entity, int64_t *id_out)
{
    int64_t id = 0;
    kp_rc rc = kp_store_begin(f->db);
    assert_int_equal(rc, KP_OK);
    rc = insert_region(f->db, code, &id);
    return kp_insert_audited_end(&f->ctx, rc ? rc : fail, entity, id, 0, id_out);
}

static void test_insert_audited_end(void **state)
{
    fixture *f = *state;
    int64_t id = 0;
    assert_int_equal(kp_insert_audited_end(NULL, KP_OK, "region", 1, 0, &id), KP_EINVAL);
    /* No entity: rolled back, nothing recorded. */
    assert_int_equal(insert_and_end(f, "TSN", KP_OK, NULL, &id), KP_EINVAL);
    assert_int_equal(id, 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM region WHERE code = 'TSN'"), 0);
    /* A failing insert: its row is rolled back and nothing is recorded. */
    assert_int_equal(insert_and_end(f, "TSF", KP_ECONFLICT, "region", &id), KP_ECONFLICT);
    assert_int_equal(id, 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM region WHERE code = 'TSF'"), 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE entity = 'region' AND entity_id = 4242"), 0);
    assert_int_equal(insert_and_end(f, "TST", KP_OK, "region", &id), KP_OK);
    assert_int_equal(id, 4242);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM region WHERE code = 'TST'"), 1);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'create' AND entity = 'region'"
                              " AND entity_id = 4242 AND client_id IS NULL"),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_change_and_read_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_insert_audited_end, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
