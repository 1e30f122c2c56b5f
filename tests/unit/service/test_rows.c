/* The shared row reader (service/rows.h): columns land in typed fields,
 * NULLs read as documented, text too long for its field is refused, and
 * the walk stops where the callback says. Values are literals in the SQL
 * or bound, so each expectation is read off the query itself. Also
 * kp_sql_exists (service/sql.h), the yes/no reading of a query. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "fixture.h"
#include "service/rows.h"

typedef struct row_t {
    int64_t id;
    char name[8];
    bool flag;
    int count;
    int known;
    char *note;
} row_t;

static const kp_field ROW_F[] = {
    KP_FIELD(row_t, id),   KP_FIELD(row_t, name),       KP_FIELD(row_t, flag),
    KP_FIELD(row_t, count), KP_FIELD_OPT(row_t, known), KP_FIELD_DUP(row_t, note),
};
static const kp_shape ROW = KP_SHAPE(row_t, ROW_F);

typedef struct rows_t {
    row_t *items;
    size_t n, cap;
} rows_t;

static void rows_free(rows_t *r)
{
    for (size_t i = 0; i < r->n; i++)
        kp_row_release(&ROW, &r->items[i]);
    free(r->items);
    memset(r, 0, sizeof *r);
}

/* Three rows, the second all NULLs after its id. */
#define THREE                                                                        \
    "SELECT 1 AS id, 'Ābele' AS name, 1 AS flag, 3 AS n, 0 AS k, 'a' AS note UNION ALL " \
    "SELECT 2, NULL, NULL, NULL, NULL, NULL UNION ALL "                              \
    "SELECT 3, 'Ozols', 0, -4, 2, 'c' ORDER BY id"

static int setup(void **state)
{
    static fixture f;
    if (fixture_open(&f, "rows"))
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    return 0;
}

static void one_reads_every_kind(void **state)
{
    fixture *f = *state;
    row_t r;
    bool found = false;
    assert_int_equal(kp_rows_one(f->db, THREE, NULL, 0, &ROW, &r, &found), KP_OK);
    assert_true(found);
    assert_int_equal(r.id, 1);
    assert_string_equal(r.name, "Ābele"); /* 6 bytes and the NUL fit in 8 */
    assert_true(r.flag);
    assert_int_equal(r.count, 3);
    assert_int_equal(r.known, 0);
    assert_non_null(r.note);
    assert_string_equal(r.note, "a");
    kp_row_release(&ROW, &r);
    assert_null(r.note);
}

static void nulls_read_as_documented(void **state)
{
    fixture *f = *state;
    row_t r;
    kp_param p[] = {KP_PINT(2)};
    assert_int_equal(kp_rows_one(f->db, "SELECT * FROM (" THREE ") AS t WHERE id = ?", p, 1, &ROW, &r, NULL),
                     KP_OK);
    assert_int_equal(r.id, 2);
    assert_string_equal(r.name, "");
    assert_false(r.flag);
    assert_int_equal(r.count, 0);
    assert_int_equal(r.known, -1); /* the optional int keeps "unknown" */
    assert_null(r.note);
}

/* Blobs of any length are copied whole (bytes bound, so the expectation
 * is the bound value); NULL and an empty blob read as {NULL, 0}. */
typedef struct blob_t {
    int64_t id;
    kp_blob b;
} blob_t;
static const kp_field BLOB_F[] = {KP_FIELD(blob_t, id), KP_FIELD_BLOB(blob_t, b)};
static const kp_shape BLOB = KP_SHAPE(blob_t, BLOB_F);
typedef struct blobs_t {
    blob_t *items;
    size_t n, cap;
} blobs_t;

static void blobs_read_whole(void **state)
{
    fixture *f = *state;
    static const unsigned char bytes[] = {0x00, 0xff, 0x27, 0x00, 0x5c, 0x78, 0x01};
    /* A column type both backends take (BYTEA: SQLite keeps blobs as they are). */
    assert_int_equal(kp_store_exec(f->db, "CREATE TEMP TABLE blobs(id INTEGER, b BYTEA)"), KP_OK);
    kp_param p[] = {KP_PINT(1), KP_PBLOB(bytes, sizeof bytes), KP_PINT(2), KP_PBLOB(bytes, 2), KP_PINT(3), KP_PNULL};
    assert_int_equal(kp_sql_exec(f->db, "INSERT INTO blobs(id, b) VALUES (?, ?), (?, ?), (?, ?)", p, 6), KP_OK);
    blobs_t v = {0};
    assert_int_equal(KP_ROWS_ALL(f->db, "SELECT id, b FROM blobs ORDER BY id", NULL, 0, &BLOB, &v), KP_OK);
    assert_int_equal(v.n, 3);
    assert_int_equal(v.items[0].b.n, 7);
    assert_memory_equal(v.items[0].b.b, bytes, 7); /* the NULs inside are kept */
    assert_int_equal(v.items[1].b.n, 2);
    assert_memory_equal(v.items[1].b.b, bytes, 2);
    assert_null(v.items[2].b.b);
    assert_int_equal(v.items[2].b.n, 0);
    for (size_t i = 0; i < v.n; i++)
        kp_row_release(&BLOB, &v.items[i]);
    assert_null(v.items[0].b.b);
    assert_int_equal(v.items[0].b.n, 0);
    free(v.items);
}

static void no_row(void **state)
{
    fixture *f = *state;
    row_t r;
    memset(&r, 0x5a, sizeof r);
    bool found = true;
    kp_param p[] = {KP_PINT(9)};
    const char *sql = "SELECT * FROM (" THREE ") AS t WHERE id = ?";
    assert_int_equal(kp_rows_one(f->db, sql, p, 1, &ROW, &r, &found), KP_OK);
    assert_false(found);
    assert_int_equal(r.id, 0); /* zeroed, not left as it was */
    assert_null(r.note);
    assert_int_equal(kp_rows_one(f->db, sql, p, 1, &ROW, &r, NULL), KP_ENOTFOUND);
}

static void all_appends_in_order(void **state)
{
    fixture *f = *state;
    rows_t v = {0};
    assert_int_equal(KP_ROWS_ALL(f->db, THREE, NULL, 0, &ROW, &v), KP_OK);
    assert_int_equal(v.n, 3);
    assert_true(v.cap >= 3);
    assert_int_equal(v.items[0].id, 1);
    assert_int_equal(v.items[2].id, 3);
    assert_string_equal(v.items[2].name, "Ozols");
    assert_int_equal(v.items[2].count, -4);
    assert_int_equal(v.items[2].known, 2);
    assert_string_equal(v.items[2].note, "c");
    /* A second call appends after what is there. */
    assert_int_equal(KP_ROWS_ALL(f->db, THREE, NULL, 0, &ROW, &v), KP_OK);
    assert_int_equal(v.n, 6);
    assert_int_equal(v.items[3].id, 1);
    rows_free(&v);
}

static void all_grows_past_first_capacity(void **state)
{
    fixture *f = *state;
    typedef struct id_t {
        int64_t id;
    } id_t;
    static const kp_field ID_F[] = {KP_FIELD(id_t, id)};
    static const kp_shape ID = KP_SHAPE(id_t, ID_F);
    struct {
        id_t *items;
        size_t n, cap;
    } v = {0};
    /* Every municipality of the catalogue (well over the first 16 slots),
     * compared with the catalogue's own count. */
    int64_t expect = 0;
    assert_int_equal(kp_sql_int(f->db, "SELECT count(*) FROM municipality", NULL, 0, 0, &expect), KP_OK);
    assert_true(expect > 100);
    assert_int_equal(KP_ROWS_ALL(f->db, "SELECT id FROM municipality ORDER BY id", NULL, 0, &ID, &v), KP_OK);
    assert_int_equal(v.n, (size_t)expect);
    for (size_t i = 1; i < v.n; i++)
        assert_true(v.items[i].id > v.items[i - 1].id);
    free(v.items);
}

static void too_long_text_is_refused(void **state)
{
    fixture *f = *state;
    row_t r;
    rows_t v = {0};
    const char *sql = "SELECT 1, 'Jaunjelgava', 0, 0, 0, 'x'"; /* 11 bytes into 8 */
    assert_int_equal(kp_rows_one(f->db, sql, NULL, 0, &ROW, &r, NULL), KP_ETOOBIG);
    assert_null(r.note); /* the copy made before the refusal is freed */
    assert_int_equal(KP_ROWS_ALL(f->db, sql, NULL, 0, &ROW, &v), KP_ETOOBIG);
    assert_int_equal(v.n, 0);
    free(v.items);
    /* Exactly full (7 bytes and the NUL) still fits. */
    assert_int_equal(kp_rows_one(f->db, "SELECT 1, 'Jelgava', 0, 0, 0, NULL", NULL, 0, &ROW, &r, NULL), KP_OK);
    assert_string_equal(r.name, "Jelgava");
}

typedef struct walk {
    int64_t sum;
    int calls;
    int stop_at;
} walk;

static kp_rc add(void *row, void *arg)
{
    row_t *r = row;
    walk *w = arg;
    w->calls++;
    w->sum += r->id * 10 + r->count;
    return w->calls == w->stop_at ? KP_ERULE : KP_OK;
}

static void each_walks_and_stops(void **state)
{
    fixture *f = *state;
    row_t r;
    walk w = {0};
    assert_int_equal(kp_rows_each(f->db, THREE, NULL, 0, &ROW, &r, add, &w), KP_OK);
    assert_int_equal(w.calls, 3);
    assert_int_equal(w.sum, (10 + 3) + (20 + 0) + (30 - 4));
    assert_null(r.note); /* released after each call */
    w = (walk){.stop_at = 2};
    assert_int_equal(kp_rows_each(f->db, THREE, NULL, 0, &ROW, &r, add, &w), KP_ERULE);
    assert_int_equal(w.calls, 2);
}

static void bad_arguments(void **state)
{
    fixture *f = *state;
    row_t r;
    rows_t v = {0};
    walk w = {0};
    static const kp_shape EMPTY = {ROW_F, 0, sizeof(row_t)};
    assert_int_equal(kp_rows_one(NULL, THREE, NULL, 0, &ROW, &r, NULL), KP_EINVAL);
    assert_int_equal(kp_rows_one(f->db, NULL, NULL, 0, &ROW, &r, NULL), KP_EINVAL);
    assert_int_equal(kp_rows_one(f->db, THREE, NULL, 0, NULL, &r, NULL), KP_EINVAL);
    assert_int_equal(kp_rows_one(f->db, THREE, NULL, 0, &ROW, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_rows_one(f->db, THREE, NULL, 1, &ROW, &r, NULL), KP_EINVAL); /* n without params */
    assert_int_equal(kp_rows_one(f->db, THREE, NULL, 0, &EMPTY, &r, NULL), KP_EINVAL);
    /* The query gives fewer columns than the shape reads. */
    assert_int_equal(kp_rows_one(f->db, "SELECT 1, 'a'", NULL, 0, &ROW, &r, NULL), KP_EINVAL);
    assert_int_equal(kp_rows_all(f->db, THREE, NULL, 0, &ROW, NULL, &v.n, &v.cap), KP_EINVAL);
    v.n = 2; /* more in use than allocated */
    assert_int_equal(KP_ROWS_ALL(f->db, THREE, NULL, 0, &ROW, &v), KP_EINVAL);
    assert_int_equal(kp_rows_each(f->db, THREE, NULL, 0, &ROW, NULL, add, &w), KP_EINVAL);
    assert_int_equal(kp_rows_each(f->db, THREE, NULL, 0, &ROW, &r, NULL, &w), KP_EINVAL);
    kp_row_release(NULL, &r);
    kp_row_release(&ROW, NULL);
}

/* kp_sql_exists (service/sql.h): yes when the first row's first column is
 * neither NULL nor 0; no row, NULL, 0 and a failed query are no. The
 * expected answers are read off THREE: ids 1–3, flag 1, NULL, 0. */
static bool exists(fixture *f, const char *sql, int64_t arg, kp_rc want)
{
    kp_param p[] = {KP_PINT(arg)};
    bool out = true; /* each call must write its answer */
    assert_int_equal(kp_sql_exists(f->db, sql, p, 1, &out), want);
    return out;
}

static void exists_answers(void **state)
{
    fixture *f = *state;
    const char *row = "SELECT 1 FROM (" THREE ") AS t WHERE id = ?";
    assert_true(exists(f, row, 2, KP_OK));
    assert_false(exists(f, row, 4, KP_OK)); /* no row */
    const char *count = "SELECT COUNT(*) FROM (" THREE ") AS t WHERE id > ?";
    assert_true(exists(f, count, 0, KP_OK)); /* 3 */
    assert_true(exists(f, count, 2, KP_OK)); /* 1 */
    assert_false(exists(f, count, 3, KP_OK)); /* 0: a row, but no */
    const char *flag = "SELECT flag FROM (" THREE ") AS t WHERE id = ?";
    assert_true(exists(f, flag, 1, KP_OK));  /* 1 */
    assert_false(exists(f, flag, 2, KP_OK)); /* NULL */
    assert_false(exists(f, flag, 3, KP_OK)); /* 0 */
    /* No parameters. */
    bool out = false;
    assert_int_equal(kp_sql_exists(f->db, "SELECT COUNT(*) FROM (" THREE ") AS t", NULL, 0, &out), KP_OK);
    assert_true(out);
    /* A query that fails answers no, with the store's error. */
    kp_param p[] = {KP_PINT(1)};
    out = true;
    assert_int_not_equal(kp_sql_exists(f->db, "SELECT 1 FROM no_such_table WHERE id = ?", p, 1, &out), KP_OK);
    assert_false(out);
}

static void exists_bad_arguments(void **state)
{
    fixture *f = *state;
    kp_param p[] = {KP_PINT(1)};
    const char *sql = "SELECT 1 FROM (" THREE ") AS t WHERE id = ?";
    bool out = true;
    assert_int_equal(kp_sql_exists(NULL, sql, p, 1, &out), KP_EINVAL);
    assert_false(out);
    out = true;
    assert_int_equal(kp_sql_exists(f->db, NULL, p, 1, &out), KP_EINVAL);
    assert_false(out);
    out = true;
    assert_int_equal(kp_sql_exists(f->db, sql, NULL, 1, &out), KP_EINVAL); /* n without params */
    assert_false(out);
    assert_int_equal(kp_sql_exists(f->db, sql, p, 1, NULL), KP_EINVAL);
}

/* kp_sql_insert: a NULL id is numbered by the database (SQLite's rowid;
 * PostgreSQL's identity, through the store's trigger) and read back; a
 * given id is the row's id and is what comes back. */
static void insert_numbers_or_keeps_the_id(void **state)
{
    fixture *f = *state;
    int64_t muni = 0, top = -1, made = 0, given = 0;
    assert_int_equal(kp_sql_int(f->db, "SELECT MIN(id) FROM municipality", NULL, 0, 0, &muni), KP_OK);
    assert_int_equal(kp_sql_int(f->db, "SELECT COALESCE(MAX(id), 0) FROM provider", NULL, 0, -1, &top), KP_OK);
    const char *sql = "INSERT INTO provider(id, name, reg_no, municipality_id, registered_on) VALUES (?, ?, ?, ?, ?)";
    kp_param a[] = {KP_PNULL, KP_PTEXT("Ābele"), KP_PTEXT("R-NULL-ID"), KP_PINT(muni), KP_PTEXT("2020-01-01")};
    assert_int_equal(kp_sql_insert(f->db, sql, a, KP_NPARAMS(a), &made), KP_OK);
    assert_true(made > top);
    const char *id_of = "SELECT id FROM provider WHERE reg_no = ?";
    kp_param ra[] = {KP_PTEXT("R-NULL-ID")};
    int64_t stored = 0;
    assert_int_equal(kp_sql_int(f->db, id_of, ra, 1, 0, &stored), KP_OK);
    assert_int_equal(stored, made);
    kp_param b[] = {KP_PINT(made + 100), KP_PTEXT("Ozols"), KP_PTEXT("R-GIVEN-ID"), KP_PINT(muni),
                    KP_PTEXT("2020-01-01")};
    assert_int_equal(kp_sql_insert(f->db, sql, b, KP_NPARAMS(b), &given), KP_OK);
    assert_int_equal(given, made + 100);
    kp_param rb[] = {KP_PTEXT("R-GIVEN-ID")};
    assert_int_equal(kp_sql_int(f->db, id_of, rb, 1, 0, &stored), KP_OK);
    assert_int_equal(stored, made + 100);
    /* kp_sql_exec takes the NULL id the same way. */
    kp_param c[] = {KP_PNULL, KP_PTEXT("Liepa"), KP_PTEXT("R-EXEC-ID"), KP_PINT(muni), KP_PTEXT("2020-01-01")};
    assert_int_equal(kp_sql_exec(f->db, sql, c, KP_NPARAMS(c)), KP_OK);
    kp_param rx[] = {KP_PTEXT("R-EXEC-ID")};
    stored = 0;
    assert_int_equal(kp_sql_int(f->db, id_of, rx, 1, 0, &stored), KP_OK);
    assert_true(stored > made);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_reads_every_kind),      cmocka_unit_test(nulls_read_as_documented),
        cmocka_unit_test(no_row),                    cmocka_unit_test(blobs_read_whole),
        cmocka_unit_test(all_appends_in_order),
        cmocka_unit_test(all_grows_past_first_capacity), cmocka_unit_test(too_long_text_is_refused),
        cmocka_unit_test(each_walks_and_stops),      cmocka_unit_test(bad_arguments),
        cmocka_unit_test(exists_answers),            cmocka_unit_test(exists_bad_arguments),
        cmocka_unit_test(insert_numbers_or_keeps_the_id),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
