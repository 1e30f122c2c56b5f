/* The PostgreSQL backend's text work, without a server: placeholders
 * numbered as SQLite numbers them, the dialect rewrites, and the
 * migrations' translation (src/store/pg_sql.c, pg_migrate.c). The expected
 * texts are written out by hand from the rules at the top of those files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "store/pg_sql.h"

static void same(const char *in, const char *want)
{
    char *got = kp_pg_translate(in, NULL);
    assert_string_equal(got, want);
    free(got);
}

static void same_ddl(const char *in, const char *want)
{
    char *got = kp_pg_translate_ddl(in);
    assert_string_equal(got, want);
    free(got);
}

static void test_placeholders(void **state)
{
    (void)state;
    kp_pg_sql_info info;
    char *t = kp_pg_translate("SELECT ?1, ?, ?3, ?", &info);
    /* A bare ? is one more than the largest number so far. */
    assert_string_equal(t, "SELECT $1, $2, $3, $4");
    assert_int_equal(info.nparams, 4);
    assert_false(info.is_write);
    free(t);
    same("WHERE a = ?2 OR b = ?", "WHERE a = $2 OR b = $3");
    same("WHERE a = ?5 AND b = ?2", "WHERE a = $5 AND b = $2");
    /* Literals, quoted names and comments keep their question marks. */
    same("SELECT '?', 'it''s ?1', \"odd?\" FROM t WHERE x = ?", "SELECT '?', 'it''s ?1', \"odd?\" FROM t WHERE x = $1");
    same("SELECT 1 -- why?\n, ? /* ?9 */", "SELECT 1 -- why?\n, $1 /* ?9 */");
    t = kp_pg_translate("SELECT 1", &info);
    assert_int_equal(info.nparams, 0);
    free(t);
}

/* Which numbers the text uses: a skipped one gets a declared type. */
static void test_params_used(void **state)
{
    (void)state;
    kp_pg_sql_info info;
    char *t = kp_pg_translate("SELECT ?2, ?4 WHERE x = '?3' -- ?1\n", &info);
    assert_int_equal(info.nparams, 4);
    assert_false(kp_pg_param_used(&info, 1)); /* only in a comment */
    assert_true(kp_pg_param_used(&info, 2));
    assert_false(kp_pg_param_used(&info, 3)); /* only in a literal */
    assert_true(kp_pg_param_used(&info, 4));
    free(t);
    /* Bare ? counts as used under the number it gets. */
    t = kp_pg_translate("SELECT ?3, ?", &info);
    assert_false(kp_pg_param_used(&info, 1));
    assert_false(kp_pg_param_used(&info, 2));
    assert_true(kp_pg_param_used(&info, 3));
    assert_true(kp_pg_param_used(&info, 4));
    free(t);
    /* Past the tracked numbers every one up to the largest counts as used;
     * the tracked ones are known. */
    t = kp_pg_translate("SELECT ?300, ?64, ?65", &info);
    assert_int_equal(info.nparams, 300);
    assert_false(kp_pg_param_used(&info, 63));
    assert_true(kp_pg_param_used(&info, 64));
    assert_true(kp_pg_param_used(&info, 65));
    assert_false(kp_pg_param_used(&info, 256));
    assert_true(kp_pg_param_used(&info, 257));
    assert_true(kp_pg_param_used(&info, 300));
    free(t);
    /* Bad arguments: no info, numbers outside 1..nparams. */
    assert_false(kp_pg_param_used(NULL, 1));
    assert_false(kp_pg_param_used(&info, 0));
    assert_false(kp_pg_param_used(&info, -1));
    assert_false(kp_pg_param_used(&info, 301));
}

static void test_rewrites(void **state)
{
    (void)state;
    same("SELECT CAST(value AS INTEGER) FROM json_each(?1)",
         "SELECT CAST(value AS INTEGER) FROM json_array_elements_text(($1)::json)");
    same("SELECT group_concat(name, ', ') FROM t", "SELECT string_agg((name)::text, ', ') FROM t");
    same("SELECT group_concat(id) FROM t", "SELECT string_agg((id)::text, ',') FROM t");
    same("SELECT GROUP_CONCAT(DISTINCT f(x, y)) FROM t", "SELECT string_agg(DISTINCT (f(x, y))::text, ',') FROM t");
    same("SELECT total(a * (b + 1)) FROM t", "SELECT COALESCE(SUM((a * (b + 1))),0) FROM t");
    same("SELECT subtotal(x), t.total FROM t", "SELECT subtotal(x), t.total FROM t");
    same("SELECT ifnull(a, 0), max(a, b), MIN(a, (b), c), max(a), min(x) FROM t",
         "SELECT COALESCE(a, 0), GREATEST(a, b), LEAST(a, (b), c), max(a), min(x) FROM t");
    same("INSERT OR IGNORE INTO t(a) VALUES (?)", "INSERT INTO t(a) VALUES ($1) ON CONFLICT DO NOTHING");
    same("INSERT OR FAIL INTO t(a) VALUES (?), (?)", "INSERT INTO t(a) VALUES ($1), ($2)");
    same("insert or fail into t(a) VALUES ('OR FAIL')", "INSERT into t(a) VALUES ('OR FAIL')");
    same("INSERT OR IGNORE INTO t(a) VALUES (1) RETURNING id",
         "INSERT INTO t(a) VALUES (1) ON CONFLICT DO NOTHING RETURNING id");
    same("INSERT OR IGNORE INTO t VALUES (1); INSERT OR IGNORE INTO u VALUES (2);\n",
         "INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING; INSERT INTO u VALUES (2) ON CONFLICT DO NOTHING;\n");
    same("DELETE FROM main.kp_writer", "DELETE FROM public.kp_writer");
    same("SELECT domain.x, 'main.y', json_each FROM t", "SELECT domain.x, 'main.y', json_each FROM t");
}

static void test_dates_and_joins(void **state)
{
    (void)state;
    /* A day shift: the first argument translated too, nested calls kept. */
    same("SELECT date(x, '+1 day'), date(?2, '-1 day') FROM t",
         "SELECT to_char(CAST((x) AS date) + 1, 'YYYY-MM-DD'), to_char(CAST(($2) AS date) - 1, 'YYYY-MM-DD') FROM t");
    same("SELECT COALESCE(date(LEAD(b.day) OVER (PARTITION BY b.code ORDER BY b.day), '-1 day'), '9999')",
         "SELECT COALESCE(to_char(CAST((LEAD(b.day) OVER (PARTITION BY b.code ORDER BY b.day)) AS date) - 1,"
         " 'YYYY-MM-DD'), '9999')");
    same("SELECT date(max(a, b), '+30 days') FROM t",
         "SELECT to_char(CAST((GREATEST(a, b)) AS date) + 30, 'YYYY-MM-DD') FROM t");
    /* Other forms are left alone (and fail on PostgreSQL, as they should). */
    same("SELECT date('now'), date(x, '+1 month'), date(x, 'start of month'), t.date(x, '+1 day')",
         "SELECT date('now'), date(x, '+1 month'), date(x, 'start of month'), t.date(x, '+1 day')");
    same("SELECT 'date(x, ''+1 day'')'", "SELECT 'date(x, ''+1 day'')'");
    /* SQLite's order-keeping CROSS JOIN with ON becomes a plain JOIN;
     * without ON it stays a cross join. */
    same("FROM a CROSS JOIN u ON u.c = a.c CROSS JOIN delivery AS d ON d.a = a.id CROSS JOIN main.x y ON 1",
         "FROM a JOIN u ON u.c = a.c JOIN delivery AS d ON d.a = a.id JOIN public.x y ON 1");
    same("FROM a CROSS JOIN b CROSS JOIN c WHERE a.x = b.x", "FROM a CROSS JOIN b CROSS JOIN c WHERE a.x = b.x");
    same("FROM a CROSS JOIN b x, c ON", "FROM a CROSS JOIN b x, c ON");
}

static void test_write_targets(void **state)
{
    (void)state;
    static const struct {
        const char *sql, *target;
        bool write;
    } cases[] = {
        {"INSERT INTO access_record(at) VALUES (?)", "access_record", true},
        {"  insert or ignore into live.session (id) values (1)", "live.session", true},
        {"UPDATE live.session SET last_seen = ?", "live.session", true},
        {"DELETE FROM main.client WHERE id = ?", "client", true},
        {"SELECT * FROM client", "", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kp_pg_sql_info info;
        free(kp_pg_translate(cases[i].sql, &info));
        assert_int_equal(info.is_write, cases[i].write);
        assert_string_equal(info.target, cases[i].target);
    }
}

/* What the store needs to add RETURNING to an INSERT: whether it is one,
 * and whether it has a RETURNING or a DO UPDATE of its own (at the top
 * level: not one inside a literal, a comment or a subquery). */
static void test_insert_kinds(void **state)
{
    (void)state;
    static const struct {
        const char *sql;
        bool insert, returning, upsert;
    } cases[] = {
        {"INSERT INTO t(a) VALUES (?)", true, false, false},
        {"insert or ignore into t(a) values (?)", true, false, false},
        {"INSERT INTO access_record(at) VALUES (?) RETURNING id", true, true, false},
        {"INSERT INTO t(a) VALUES (?) ON CONFLICT (a) DO UPDATE SET b = excluded.b", true, false, true},
        {"INSERT INTO t(a) VALUES (?) ON CONFLICT (a) DO\n  update SET b = 1", true, false, true},
        {"INSERT INTO t(a) VALUES (?) ON CONFLICT DO NOTHING", true, false, false},
        {"INSERT INTO t(a) SELECT x FROM (SELECT 1 AS x) s -- RETURNING id", true, false, false},
        {"INSERT INTO t(a, b) VALUES ('RETURNING', 'DO UPDATE')", true, false, false},
        {"REPLACE INTO t(a) VALUES (1)", false, false, false},
        {"UPDATE t SET a = 1 RETURNING a", false, true, false},
        {"SELECT 1", false, false, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kp_pg_sql_info info;
        free(kp_pg_translate(cases[i].sql, &info));
        assert_int_equal(info.is_insert, cases[i].insert);
        assert_int_equal(info.returning, cases[i].returning);
        assert_int_equal(info.upsert, cases[i].upsert);
    }
}

/* A clause put at a statement's end: before trailing blanks and
 * semicolons, which stay. */
static void test_with_tail(void **state)
{
    (void)state;
    char *t = kp_pg_with_tail("INSERT INTO t VALUES ($1) ON CONFLICT DO NOTHING", " RETURNING id");
    assert_string_equal(t, "INSERT INTO t VALUES ($1) ON CONFLICT DO NOTHING RETURNING id");
    free(t);
    t = kp_pg_with_tail("INSERT INTO t VALUES (1) ; \n", " RETURNING id");
    assert_string_equal(t, "INSERT INTO t VALUES (1) RETURNING id ; \n");
    free(t);
    t = kp_pg_with_tail("", "x");
    assert_string_equal(t, "x");
    free(t);
}

static void test_ddl(void **state)
{
    (void)state;
    same_ddl("CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB NOT NULL, r REAL, n INTEGER\n NOT NULL,"
             " k TEXT CHECK (k IN ('INTEGER','BLOB'))) WITHOUT ROWID;",
             "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, b BYTEA NOT NULL,"
             " r DOUBLE PRECISION, n BIGINT\n NOT NULL, k TEXT CHECK (k IN ('INTEGER','BLOB'))) ;\n");
    /* A composite key stays; integer_x is not INTEGER. */
    same_ddl("CREATE TABLE u (a INTEGER, integer_x TEXT, PRIMARY KEY (a, integer_x))",
             "CREATE TABLE u (a BIGINT, integer_x TEXT, PRIMARY KEY (a, integer_x));\n");
    same_ddl("PRAGMA foreign_keys=ON; CREATE INDEX live.session_user ON session(user_id);"
             "CREATE UNIQUE INDEX IF NOT EXISTS x_y ON main.x(y) WHERE z IS NULL;",
             "CREATE INDEX \"session_user\" ON live.session(user_id);\n"
             "CREATE UNIQUE INDEX IF NOT EXISTS \"x_y\" ON public.x(y) WHERE z IS NULL;\n");
    same_ddl("INSERT INTO main.kp_identity VALUES (lower(hex(randomblob(16))));",
             "INSERT INTO public.kp_identity VALUES (md5(random()::text || clock_timestamp()::text));\n");
}

static void test_triggers(void **state)
{
    (void)state;
    same_ddl("CREATE TRIGGER bump AFTER INSERT ON provider BEGIN UPDATE v SET n = n + 1 WHERE id = 1; END;"
             "CREATE TABLE z (a INTEGER);",
             "CREATE OR REPLACE FUNCTION kp_trg_bump() RETURNS trigger LANGUAGE plpgsql AS $kp$ BEGIN"
             " UPDATE v SET n = n + 1 WHERE id = 1; RETURN NULL; END $kp$;\n"
             "CREATE TRIGGER bump AFTER INSERT ON provider FOR EACH ROW EXECUTE FUNCTION kp_trg_bump();\n"
             "CREATE TABLE z (a BIGINT);\n");
    same_ddl("CREATE TRIGGER no_neg BEFORE UPDATE OF n ON t FOR EACH ROW WHEN NEW.n < 0 BEGIN"
             " SELECT RAISE(ABORT, 'n, below 0 (refused)') WHERE OLD.n >= 0; SELECT RAISE(ABORT, 'never'); END;",
             "CREATE OR REPLACE FUNCTION kp_trg_no_neg() RETURNS trigger LANGUAGE plpgsql AS $kp$ BEGIN"
             " IF  OLD.n >= 0 THEN RAISE EXCEPTION 'n, below 0 (refused)'; END IF; RAISE EXCEPTION 'never';"
             " RETURN NEW; END $kp$;\n"
             "CREATE TRIGGER no_neg BEFORE UPDATE OF n ON t FOR EACH ROW WHEN (NEW.n < 0 ) EXECUTE FUNCTION"
             " kp_trg_no_neg();\n");
    /* A side table's trigger (live.name in SQLite) belongs to its table. */
    same_ddl("CREATE TRIGGER live.gone AFTER DELETE ON session BEGIN UPDATE s SET n = n + 1 WHERE id = 1; END;",
             "CREATE OR REPLACE FUNCTION kp_trg_gone() RETURNS trigger LANGUAGE plpgsql AS $kp$ BEGIN"
             " UPDATE s SET n = n + 1 WHERE id = 1; RETURN NULL; END $kp$;\n"
             "CREATE TRIGGER gone AFTER DELETE ON session FOR EACH ROW EXECUTE FUNCTION kp_trg_gone();\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placeholders),
        cmocka_unit_test(test_params_used),
        cmocka_unit_test(test_rewrites),
        cmocka_unit_test(test_dates_and_joins),
        cmocka_unit_test(test_write_targets),
        cmocka_unit_test(test_insert_kinds),
        cmocka_unit_test(test_with_tail),
        cmocka_unit_test(test_ddl),
        cmocka_unit_test(test_triggers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
