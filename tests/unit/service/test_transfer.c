/* Hostile input to import, export and the text validators, against a real
 * database: formulas survive a round trip exactly and leave every export
 * guarded; NUL, CR, bidi overrides and bytes that are not UTF-8 are refused
 * in a file (file, line, column named, nothing written) and in a form field
 * (through the register use case); symbolic links, directories and FIFOs
 * are refused without their content being echoed; errors stop being listed
 * after KP_IMPORT_MAX_ERRORS; values and rows too long are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "fixture.h"
#include "service/casework/cases.h"
#include "service/transfer/csv_file.h"
#include "service/programme/programme.h"
#include "service/sql.h"
#include "service/transfer/transfer.h"
#include "service/transfer/transfer_kinds.h"

#define RLO "\xE2\x80\xAE" /* U+202E right-to-left override */
#define LRI "\xE2\x81\xA6" /* U+2066 left-to-right isolate */
#define NEL "\xC2\x85"     /* U+0085, a C1 control */
#define PROVIDERS_HEADER "id,name,reg_no,municipality,registered_on,closed_on\n"

static int setup(void **state)
{
    static fixture f;
    if (fixture_open(&f, "transfer"))
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

/* A path under the test directory, unique to this process. */
static void tmp_path(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/transfer-%d-%s", KOPA_TEST_TMP, (int)getpid(), name);
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* Imports `data` as `kind` from a file called `name`; returns the result
 * with the errors in e (the caller frees e). */
static kp_rc import_bytes(fixture *f, const char *kind, const char *name, const void *data, size_t n, kp_errors *e)
{
    char path[512];
    tmp_path(path, sizeof path, name);
    write_file(path, data, n);
    kp_errors_init(e);
    kp_rc rc = kp_import_kind(&f->ctx, kind, path, e, NULL);
    unlink(path);
    return rc;
}

static kp_rc import_text(fixture *f, const char *kind, const char *name, const char *text, kp_errors *e)
{
    return import_bytes(f, kind, name, text, strlen(text), e);
}

/* No message or value of e holds a raw control or bidi character. */
static void assert_printable(const kp_errors *e)
{
    for (size_t i = 0; i < e->n; i++) {
        const kp_field_error *x = &e->items[i];
        const char *parts[] = {x->value, x->message, x->field};
        for (size_t k = 0; k < 3; k++) {
            for (const unsigned char *p = (const unsigned char *)parts[k]; *p; p++)
                assert_true(*p >= 0x20 && *p != 0x7F);
            assert_null(strstr(parts[k], RLO));
            assert_null(strstr(parts[k], NEL));
        }
    }
}

/* The one error of an import refused for its row 2, column `column`. */
static const kp_field_error *only_error(const kp_errors *e, const char *name, long line, const char *column)
{
    assert_int_equal(e->n, 1);
    const kp_field_error *x = &e->items[0];
    assert_non_null(strstr(x->file, name));
    assert_int_equal(x->line, line);
    assert_string_equal(x->field, column);
    assert_printable(e);
    return x;
}

/* ---------------------------------------------------------- form fields */

static void test_register_refuses_hostile_names(void **state)
{
    fixture *f = *state;
    int64_t before = count(f, "SELECT COUNT(*) FROM client");
    const char *bad[] = {"Anna\rX", "Anna\nX", "An\tna", RLO "anna", "An" LRI "na", "An\x7Fna", "An" NEL "na",
                         "An\xC3\x28na", "\x1B[2JAnna", "Anna\xE2\x80\x8B"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kp_errors e;
        kp_errors_init(&e);
        kp_client_in in = {.personal_code = "161175-19997", .given_name = bad[i], .family_name = "Ozola",
                           .birth_date = "1975-11-16", .municipality = "0025000", .target_group = "grt",
                           .registered_on = "2021-08-01"};
        assert_int_equal(kp_client_register(&f->ctx, &in, &e, NULL), KP_EINVAL);
        assert_int_equal(e.n, 1);
        assert_string_equal(e.items[0].field, "given_name");
        assert_printable(&e);
        kp_errors_free(&e);
    }
    /* The message says which character, where and what to do, in the
     * context's language. */
    kp_errors e;
    kp_errors_init(&e);
    kp_client_in in = {.personal_code = "161175-19997", .given_name = "SIA " RLO "evil", .family_name = "Ozola",
                       .birth_date = "1975-11-16", .municipality = "0025000", .target_group = "grt",
                       .registered_on = "2021-08-01"};
    assert_int_equal(kp_client_register(&f->ctx, &in, &e, NULL), KP_EINVAL);
    assert_non_null(strstr(e.items[0].message, "U+202E"));
    assert_non_null(strstr(e.items[0].message, "5. rakstzīme"));
    assert_non_null(strstr(e.items[0].message, "izdzēsiet"));
    assert_string_equal(e.items[0].value, "SIA \\u202Eevil");
    kp_errors_free(&e);
    f->ctx.lang = "en";
    kp_errors_init(&e);
    in.family_name = "Ozola\r\nX";
    in.given_name = "Anna";
    assert_int_equal(kp_client_register(&f->ctx, &in, &e, NULL), KP_EINVAL);
    assert_string_equal(e.items[0].field, "family_name");
    assert_non_null(strstr(e.items[0].message, "\\x0D (carriage return) at character 6: write it on one line"));
    kp_errors_free(&e);
    f->ctx.lang = "lv";
    assert_int_equal(count(f, "SELECT COUNT(*) FROM client"), before);
}

static void test_goals_may_span_lines(void **state)
{
    fixture *f = *state;
    kp_errors e;
    kp_errors_init(&e);
    int64_t client = 0;
    kp_client_in c = {.personal_code = "121282-11210", .given_name = "Ilze", .family_name = "Bērziņa",
                      .birth_date = "1982-12-12", .municipality = "0025000", .target_group = "grt",
                      .registered_on = "2021-08-01"};
    assert_int_equal(kp_client_register(&f->ctx, &c, &e, &client), KP_OK);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)client);
    /* A textarea sends CR LF; TAB and LF are fine too. */
    kp_plan_in plan = {.client_id = id, .goals = "Dzīvot patstāvīgi\r\n- strādāt\tdarbnīcā\n- draugi",
                       .created_on = "2021-08-02"};
    assert_int_equal(kp_plan_create(&f->ctx, &plan, &e, NULL), KP_OK);
    assert_int_equal(e.n, 0);
    /* A CR alone, or a bidi override, is not. */
    const char *bad[] = {"one\rtwo", "goal " RLO "x", "bell\a"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        plan.goals = bad[i];
        assert_int_equal(kp_plan_create(&f->ctx, &plan, &e, NULL), KP_EINVAL);
        assert_non_null(kp_errors_for(&e, "goals"));
        kp_errors_free(&e);
        kp_errors_init(&e);
    }
    kp_errors_free(&e);
}

/* ------------------------------------------------------- file contents */

static void test_import_refuses_hostile_values(void **state)
{
    fixture *f = *state;
    static const char nul[] = PROVIDERS_HEADER "9,SIA \0Nul,40003000009,0400200,2010-01-01,\n";
    kp_errors e;
    assert_int_equal(import_bytes(f, "providers", "nul.csv", nul, sizeof nul - 1, &e), KP_EINVAL);
    const kp_field_error *x = only_error(&e, "nul.csv", 2, "name");
    assert_non_null(strstr(x->message, "7. baits ir NUL")); /* "9,SIA \0": the 7th byte of line 2 */
    kp_errors_free(&e);

    struct {
        const char *name, *text, *column, *says;
    } cases[] = {
        {"cr.csv", PROVIDERS_HEADER "9,\"SIA\rCR\",40003000009,0400200,2010-01-01,\n", "name", "\\x0D"},
        {"lf.csv", PROVIDERS_HEADER "9,\"SIA\nLF\",40003000009,0400200,2010-01-01,\n", "name", "\\x0A"},
        {"rlo.csv", PROVIDERS_HEADER "9,SIA " RLO "evil,40003000009,0400200,2010-01-01,\n", "name", "U+202E"},
        {"isolate.csv", PROVIDERS_HEADER "9,SIA,4000" LRI "3000009,0400200,2010-01-01,\n", "reg_no", "U+2066"},
        {"c1.csv", PROVIDERS_HEADER "9,SIA" NEL ",40003000009,0400200,2010-01-01,\n", "name", "U+0085"},
        {"utf8.csv", PROVIDERS_HEADER "9,SIA \xC3\x28,40003000009,0400200,2010-01-01,\n", "name", "UTF-8"},
        {"overlong.csv", PROVIDERS_HEADER "9,SIA \xC0\xBC,40003000009,0400200,2010-01-01,\n", "name", "UTF-8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(import_text(f, "providers", cases[i].name, cases[i].text, &e), KP_EINVAL);
        x = only_error(&e, cases[i].name, 2, cases[i].column);
        if (!strstr(x->message, cases[i].says))
            fail_msg("%s: '%s' not in '%s'", cases[i].name, cases[i].says, x->message);
        kp_errors_free(&e);
    }
    /* A bad byte in the header names the value by its number. */
    assert_int_equal(import_text(f, "providers", "head.csv", "id,na\xFFme\n1,x\n", &e), KP_EINVAL);
    assert_int_equal(e.n, 1);
    assert_int_equal(e.items[0].line, 1);
    assert_non_null(strstr(e.items[0].message, "(6. baits) 2. vērtībā"));
    kp_errors_free(&e);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM provider"), 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'import'"), 0);
}

static void test_import_refuses_what_is_not_a_file(void **state)
{
    fixture *f = *state;
    char secret[512], link[512], dir[512], fifo[512], path[512];
    tmp_path(secret, sizeof secret, "secret.txt");
    tmp_path(link, sizeof link, "link.csv");
    tmp_path(dir, sizeof dir, "dir.csv");
    tmp_path(fifo, sizeof fifo, "fifo.csv");
    const char *content = "root:SECRET-FIRST-LINE:0:0\nname,SECRET-SECOND\n";
    write_file(secret, content, strlen(content));
    assert_int_equal(symlink(secret, link), 0);
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    f->ctx.lang = "en";
    struct {
        const char *path, *says;
    } cases[] = {{link, "symbolic link"}, {dir, "directory"}, {fifo, "FIFO"}, {"/dev/null", "character device"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kp_errors e;
        kp_errors_init(&e);
        /* A FIFO with no writer would block a reader: it must be refused
         * before it is read. */
        assert_int_equal(kp_import_kind(&f->ctx, "providers", cases[i].path, &e, NULL), KP_EINVAL);
        assert_int_equal(e.n, 1);
        assert_non_null(strstr(e.items[0].message, cases[i].says));
        assert_non_null(strstr(e.items[0].file, strrchr(cases[i].path, '/') + 1));
        assert_null(strstr(e.items[0].message, "SECRET"));
        kp_errors_free(&e);
    }
    /* The file itself (not a link) is read, but a first line with no column
     * of the kind is not echoed; unknown names beside known ones are shown
     * cut and escaped. */
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_import_kind(&f->ctx, "providers", secret, &e, NULL), KP_EINVAL);
    assert_int_equal(e.n, 1);
    assert_null(strstr(e.items[0].message, "SECRET"));
    assert_non_null(strstr(e.items[0].message, "not a header of providers"));
    kp_errors_free(&e);
    assert_int_equal(import_text(f, "providers", "names.csv",
                                 "id,name,\x1B[31mred,averyveryveryverylongcolumnnamethatgoesonandon\n", &e),
                     KP_EINVAL);
    assert_non_null(strstr(e.items[0].message, "'\\x1B[31mred'"));
    assert_non_null(strstr(e.items[0].message, "averyveryveryverylongcol\xE2\x80\xA6"));
    assert_printable(&e);
    kp_errors_free(&e);
    /* A missing file is named with the system's reason. */
    tmp_path(path, sizeof path, "missing.csv");
    kp_errors_init(&e);
    assert_int_equal(kp_import_kind(&f->ctx, "providers", path, &e, NULL), KP_EIO);
    assert_non_null(strstr(e.items[0].message, "No such file"));
    kp_errors_free(&e);
    f->ctx.lang = "lv";
    unlink(link);
    unlink(secret);
    unlink(fifo);
    rmdir(dir);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM provider"), 0);
}

/* ------------------------------------------------------------- volume */

static void test_import_lists_the_first_thousand_errors(void **state)
{
    fixture *f = *state;
    /* 1500 rows, each with two wrong values (unknown municipality, bad
     * date): 3000 problems, of which 1000 are listed. */
    const size_t rows = 1500;
    size_t cap = 64 + rows * 64, used = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    used += (size_t)snprintf(text + used, cap - used, "%s", PROVIDERS_HEADER);
    for (size_t i = 0; i < rows; i++)
        used += (size_t)snprintf(text + used, cap - used, "%zu,SIA %zu,4000%07zu,0000000,2010-13-01,\n", i + 1, i, i);
    kp_errors e;
    assert_int_equal(import_bytes(f, "providers", "many.csv", text, used, &e), KP_EINVAL);
    free(text);
    assert_int_equal(e.n, KP_IMPORT_MAX_ERRORS);
    assert_int_equal(e.n + e.more, 2 * rows);
    /* The listed ones are the first, in line order. */
    assert_int_equal(e.items[0].line, 2);
    assert_int_equal(e.items[e.n - 1].line, 2 + KP_IMPORT_MAX_ERRORS / 2 - 1);
    kp_errors_free(&e);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM provider"), 0);
}

static void test_import_refuses_huge_values(void **state)
{
    fixture *f = *state;
    f->ctx.lang = "en";
    size_t big = KP_CSV_FIELD_MAX + 100;
    char *text = malloc(big + 200);
    assert_non_null(text);
    /* One unquoted value of more than KP_CSV_FIELD_MAX bytes. */
    size_t n = (size_t)snprintf(text, 200, "%s9,", PROVIDERS_HEADER);
    memset(text + n, 'A', big);
    n += big;
    n += (size_t)snprintf(text + n, 100, ",40003000009,0400200,2010-01-01,\n");
    kp_errors e;
    assert_int_equal(import_bytes(f, "providers", "huge.csv", text, n, &e), KP_EINVAL);
    const kp_field_error *x = only_error(&e, "huge.csv", 2, "name");
    assert_non_null(strstr(x->message, "longer than"));
    kp_errors_free(&e);
    /* A quote left open swallows the rest of the file into one value. */
    n = (size_t)snprintf(text, 200, "%s9,\"open,", PROVIDERS_HEADER);
    for (size_t i = 0; n < big; i++)
        n += (size_t)snprintf(text + n, 100, "%zu,SIA,40003000009,0400200,2010-01-01,\n", i);
    assert_int_equal(import_bytes(f, "providers", "open.csv", text, n, &e), KP_EINVAL);
    assert_int_equal(e.n, 1);
    assert_non_null(strstr(e.items[0].message, "longer than"));
    kp_errors_free(&e);
    /* A row of a hundred thousand values is reported by its count. */
    n = (size_t)snprintf(text, 200, "%s", PROVIDERS_HEADER);
    for (size_t i = 0; i < 100000; i++)
        text[n++] = ',';
    text[n++] = '\n';
    assert_int_equal(import_bytes(f, "providers", "wide.csv", text, n, &e), KP_EINVAL);
    assert_int_equal(e.n, 1);
    assert_non_null(strstr(e.items[0].message, "the row has 100001 fields but the header has 6"));
    kp_errors_free(&e);
    free(text);
    f->ctx.lang = "lv";
}

/* ---------------------------------------------------------- formulas */

static void test_guard(void **state)
{
    (void)state;
    const char *guarded[] = {"=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "\nx", "'", "'quoted", "''", " =x",
                             "\xEF\xBC\x9D" "1", "\xEF\xBC\x8B" "1", "\xEF\xBC\x8D" "1", "\xEF\xBC\xA0" "x"};
    for (size_t i = 0; i < sizeof guarded / sizeof guarded[0]; i++)
        if (!kp_transfer_needs_guard(guarded[i]))
            fail_msg("'%s' should be guarded", guarded[i]);
    const char *plain[] = {"", "Anna", "1+1", "a=b", "x-y", "mail@example.lv", " x", "9.2.2.1/15/I/002", "O'Brien"};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (kp_transfer_needs_guard(plain[i]))
            fail_msg("'%s' should not be guarded", plain[i]);
}

/* Exports `kind` into a string the caller frees. */
static char *export_text(fixture *f, const char *kind)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    assert_int_equal(kp_export_kind(&f->ctx, kind, out), KP_OK);
    assert_int_equal(fclose(out), 0);
    return buf;
}

static void test_formula_round_trip(void **state)
{
    fixture *f = *state;
    /* Names a spreadsheet would run, one that starts with the guard itself,
     * and an amendment reason over two lines. */
    static const char *const names[] = {"=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)", "'quoted",
                                        "''twice", "\xEF\xBC\x9D" "1+1", "Plain, with comma", " =lead"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        kp_errors e;
        kp_errors_init(&e);
        char id[8], reg[16];
        snprintf(id, sizeof id, "%zu", 100 + i);
        snprintf(reg, sizeof reg, "=REG%zu", i);
        kp_provider_in in = {.id = id, .name = names[i], .reg_no = reg, .municipality = "0400200",
                             .registered_on = "2010-01-01"};
        assert_int_equal(kp_provider_add(&f->ctx, &in, &e, NULL), KP_OK);
        kp_errors_free(&e);
    }
    kp_errors e;
    kp_errors_init(&e);
    kp_amendment_in am = {.id = "7", .region = "ZPR", .number = "1", .approved_on = "2018-05-01",
                          .reason = "-places\r\n=cmd|' /C calc'!A0"};
    assert_int_equal(kp_amendment_add(&f->ctx, &am, &e, NULL), KP_OK);
    kp_errors_free(&e);

    char *providers = export_text(f, "providers"), *amendments = export_text(f, "plan_amendments");
    /* Every free-text cell that a spreadsheet would run has a ' in front. */
    assert_non_null(strstr(providers, "\n100,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'=REG0,"));
    assert_non_null(strstr(providers, "\n101,'+1,'=REG1,"));
    assert_non_null(strstr(providers, "\n102,'-2,"));
    assert_non_null(strstr(providers, "\n103,'@SUM(A1),"));
    assert_non_null(strstr(providers, "\n104,''quoted,"));
    assert_non_null(strstr(providers, "\n105,'''twice,"));
    assert_non_null(strstr(providers, "\n106,'\xEF\xBC\x9D" "1+1,"));
    assert_non_null(strstr(providers, "\n107,\"Plain, with comma\","));
    assert_non_null(strstr(providers, "\n108,' =lead,"));
    assert_non_null(strstr(amendments, "\n7,ZPR,1,2018-05-01,\"'-places\r\n=cmd|' /C calc'!A0\""));
    /* No cell of the export starts with a formula character. */
    for (const char *p = providers; *p; p++)
        if (*p == ',' || *p == '\n')
            assert_null(strchr("=+@", p[1] ? p[1] : 'x'));

    /* The export imported elsewhere and exported again is the same, and
     * holds the values as they were entered. */
    fixture g;
    assert_int_equal(fixture_open(&g, "transfer-copy"), 0);
    kp_errors_init(&e);
    assert_int_equal(import_text(&g, "providers", "providers.csv", providers, &e), KP_OK);
    kp_errors_free(&e);
    assert_int_equal(import_text(&g, "plan_amendments", "amendments.csv", amendments, &e), KP_OK);
    kp_errors_free(&e);
    char *again = export_text(&g, "providers"), *again_am = export_text(&g, "plan_amendments");
    assert_string_equal(again, providers);
    assert_string_equal(again_am, amendments);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char name[64] = "";
        kp_param p[] = {KP_PINT((int64_t)(100 + i))};
        assert_int_equal(kp_sql_text(g.db, "SELECT name FROM provider WHERE id = ?", p, 1, name, sizeof name), KP_OK);
        assert_string_equal(name, names[i]);
    }
    char reason[64] = "";
    assert_int_equal(kp_sql_text(g.db, "SELECT reason FROM plan_amendment WHERE id = 7", NULL, 0, reason, sizeof reason),
                     KP_OK);
    assert_string_equal(reason, am.reason);
    free(again);
    free(again_am);
    fixture_close(&g);
    free(providers);
    free(amendments);
    /* Leave the shared database as the other tests expect it. */
    assert_int_equal(kp_sql_exec(f->db, "DELETE FROM provider", NULL, 0), KP_OK);
    assert_int_equal(kp_sql_exec(f->db, "DELETE FROM plan_amendment", NULL, 0), KP_OK);
}

/* ------------------------------------------------------ the stream reader */

static void test_reader_streams(void **state)
{
    (void)state;
    char path[512];
    tmp_path(path, sizeof path, "stream.csv");
    /* A byte-order mark, CR LF and CR-only line ends, a quoted value over
     * two lines, a value longer than the reader's 64 KiB block, and enough
     * rows to cross many blocks. */
    size_t cap = 4 * 1024 * 1024, n = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    n += (size_t)snprintf(text + n, cap - n, "\xEF\xBB\xBF" "a,b\r\n1,\"x\ny\"\r\n2,z\r3,w\n4,");
    memset(text + n, 'L', 100000);
    n += 100000;
    n += (size_t)snprintf(text + n, cap - n, "\n");
    for (int i = 5; i < 30000; i++)
        n += (size_t)snprintf(text + n, cap - n, "%d,row %d\n", i, i);
    write_file(path, text, n);
    free(text);
    kp_csv_reader *r = NULL;
    kp_csv_problem p;
    assert_int_equal(kp_csv_open(path, KP_CSV_NOFOLLOW, &r, &p), KP_OK);
    assert_int_equal(kp_csv_header(r)->n, 2);
    assert_string_equal(kp_csv_header(r)->fields[0], "a");
    for (int pass = 0; pass < 2; pass++) {
        const kp_csv_row *row = NULL;
        int seen = 0;
        while (kp_csv_next(r, &row, &p) == KP_OK && row) {
            seen++;
            assert_int_equal(row->n, 2);
            if (seen == 1) {
                assert_string_equal(row->fields[1], "x\ny");
                assert_int_equal(row->line, 2); /* the line it starts on */
            } else if (seen == 2) {
                assert_string_equal(row->fields[1], "z");
            } else if (seen == 4) {
                assert_int_equal(strlen(row->fields[1]), 100000);
            } else if (seen == 29999) {
                assert_string_equal(row->fields[1], "row 29999");
            }
        }
        assert_int_equal(p.fault, KP_CSV_OK);
        assert_int_equal(seen, 29999);
        assert_int_equal(kp_csv_rewind(r, &p), KP_OK);
    }
    kp_csv_close(r);
    unlink(path);
}

/* The file's columns are found once per file (kp_transfer_row.at): a row
 * reads the kind's column i wherever the file has it, "" when it has none,
 * and without the guard in a free-text column, as by name. */
static void test_columns_by_place(void **state)
{
    (void)state;
    char h0[] = "extra", h1[] = "name", h2[] = "id";
    char *hf[] = {h0, h1, h2};
    kp_csv_row header = {hf, 3, 3, 1};
    char v0[] = "x", v1[] = "'=SUM(A1)", v2[] = "7";
    char *vf[] = {v0, v1, v2};
    kp_csv_row row = {vf, 3, 3, 2};
    /* The kind's columns: id (0), name (1), closed_on (2), which the file lacks. */
    const int at[] = {2, 1, -1};
    kp_transfer_row by_name = {&header, &row, NULL, NULL, NULL};
    kp_transfer_row by_place = {&header, &row, NULL, NULL, at};
    for (int k = 0; k < 2; k++) {
        const kp_transfer_row *r = k ? &by_place : &by_name;
        assert_string_equal(kp_transfer_get_at(r, 0, "id", KP_COL_TEXT), "7");
        assert_string_equal(kp_transfer_get_at(r, 1, "name", KP_COL_FREE), "=SUM(A1)");
        assert_string_equal(kp_transfer_get_at(r, 1, "name", KP_COL_TEXT), "'=SUM(A1)");
        assert_string_equal(kp_transfer_get_at(r, 2, "closed_on", KP_COL_TEXT), "");
    }
    /* With the places, the name is not looked at: the place decides. */
    assert_string_equal(kp_transfer_get_at(&by_place, 0, "name", KP_COL_TEXT), "7");
}

/* An import whose file has the kind's columns in another order and an
 * optional one missing stores each value in its own field. */
static void test_import_columns_in_any_order(void **state)
{
    fixture *f = *state;
    kp_errors e;
    assert_int_equal(import_text(f, "providers", "order.csv",
                                 "registered_on,reg_no,municipality,name,id\n"
                                 "2011-02-03,40003000777,0400200,'=Order SIA,77\n",
                                 &e),
                     KP_OK);
    assert_int_equal(e.n, 0);
    kp_errors_free(&e);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM provider WHERE id = 77 AND name = '=Order SIA'"
                              " AND reg_no = '40003000777' AND registered_on = '2011-02-03' AND closed_on IS NULL"
                              " AND municipality_id = (SELECT id FROM municipality WHERE atvk = '0400200')"),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_register_refuses_hostile_names),
        cmocka_unit_test(test_goals_may_span_lines),
        cmocka_unit_test(test_import_refuses_hostile_values),
        cmocka_unit_test(test_import_refuses_what_is_not_a_file),
        cmocka_unit_test(test_import_lists_the_first_thousand_errors),
        cmocka_unit_test(test_import_refuses_huge_values),
        cmocka_unit_test(test_guard),
        cmocka_unit_test(test_formula_round_trip),
        cmocka_unit_test(test_reader_streams),
        cmocka_unit_test(test_columns_by_place),
        cmocka_unit_test(test_import_columns_in_any_order),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
