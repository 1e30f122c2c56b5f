/* A person's history against hand-made records: a move, a correction of the
 * birth date, a closed and reopened case, a change of personal code, legal
 * representatives over time, residence moves and scope around a move. The
 * expected figures are worked out by hand from the few records each test
 * makes (docs/figures.md, "People at a date"), never taken from a run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "fixture.h"
#include "core/personal_code.h"
#include "service/access.h"
#include "service/accounts/accounts.h"
#include "service/audit.h"
#include "service/casework/casework.h"
#include "service/casework/cases.h"
#include "service/casework/people.h"
#include "service/casework/queries.h"
#include "service/figures/figures.h"
#include "service/programme/claims.h"
#include "service/programme/programme.h"
#include "service/sql.h"
#include "store/sqlite_migrations.h"

/* ATVK codes from data/municipalities.csv. */
#define BAUSKA "0025000"
#define DOBELE "0028000"
#define DOBELE_PRE "0460200" /* Dobeles novads before the 2021 reform */
#define JELGAVA_CITY "0003000"

static int setup(void **state)
{
    static fixture f;
    if (fixture_open(&f, "people"))
        return -1;
    snprintf(f.ctx.now, sizeof f.ctx.now, "2022-06-15T10:00:00Z");
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

static int64_t muni_id(fixture *f, const char *atvk)
{
    int64_t id = 0;
    kp_param p[] = {KP_PTEXT(atvk)};
    assert_int_equal(kp_sql_int(f->db, "SELECT id FROM municipality WHERE atvk = ?", p, 1, 0, &id), KP_OK);
    assert_true(id > 0);
    return id;
}

/* A valid new-format code ("32…", no birth date in it) numbered n. */
static void new_code(int n, char out[13])
{
    for (unsigned k = (unsigned)n;; k++) {
        char d[11];
        snprintf(d, sizeof d, "32%08u", k % 100000000u);
        int c = kp_pc_check_digit(d);
        if (c >= 0 && c <= 9) {
            snprintf(out, 13, "%.6s-%.4s%d", d, d + 6, c);
            return;
        }
    }
}

static void show(const kp_errors *e)
{
    for (size_t i = 0; i < e->n; i++)
        fprintf(stderr, "  %s: %s\n", e->items[i].field, e->items[i].message);
}

static int64_t person(fixture *f, const char *code, const char *birth, const char *tg, const char *muni,
                      const char *registered)
{
    kp_client_in in = {.personal_code = code, .given_name = "Anna", .family_name = "Bērziņa", .birth_date = birth,
                       .municipality = muni, .target_group = tg, .registered_on = registered};
    if (strcmp(tg, "grt") == 0)
        in.disability_group = "2";
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0;
    kp_rc rc = kp_client_register(&f->ctx, &in, &e, &id);
    show(&e);
    assert_int_equal(rc, KP_OK);
    kp_errors_free(&e);
    return id;
}

static const char *idtext(int64_t id)
{
    static char buf[4][24];
    static int next;
    char *b = buf[next++ % 4];
    snprintf(b, 24, "%lld", (long long)id);
    return b;
}

static kp_date day(const char *iso)
{
    kp_date d = KP_DATE_NONE;
    assert_int_equal(kp_date_parse_iso(iso, &d), KP_OK);
    return d;
}

/* One figure of the ZPR evaluation at `at`: the municipality's row (muni
 * "" = the region's), or -1 when there is no such row. */
static int64_t figure(fixture *f, const char *at, const char *section, const char *muni, const char *item)
{
    kp_figures fs;
    assert_int_equal(kp_figures_compute(&f->ctx, "ZPR", day(at), &fs), KP_OK);
    int64_t v = -1;
    for (size_t i = 0; i < fs.n; i++)
        if (strcmp(fs.items[i].section, section) == 0 && strcmp(fs.items[i].municipality, muni) == 0 &&
            strcmp(fs.items[i].item, item) == 0)
            v = fs.items[i].value;
    kp_figures_free(&fs);
    return v;
}

static int64_t computed(fixture *f, const char *computation, const char *at)
{
    int64_t v = -1;
    assert_int_equal(kp_indicator_compute(&f->ctx, computation, "ZPR", day(at), &v), KP_OK);
    return v;
}

static void assess(fixture *f, int64_t client, const char *on)
{
    kp_assessment_in in = {.client_id = idtext(client), .round = "3", .assessed_on = on, .place = "family",
                           .needs = "day_care"};
    kp_errors e;
    kp_errors_init(&e);
    kp_rc rc = kp_assessment_record(&f->ctx, &in, &e, NULL);
    show(&e);
    assert_int_equal(rc, KP_OK);
    kp_errors_free(&e);
}

static kp_rc move(fixture *f, kp_ctx *ctx, int64_t client, const char *on, const char *muni, kp_errors *e)
{
    kp_move_in in = {.client_id = idtext(client), .effective_on = on, .municipality = muni,
                     .reason = "pārcēlās pie meitas"};
    (void)f;
    return kp_client_move(ctx, &in, e, NULL);
}

/* ---- a move --------------------------------------------------------------- */

/* Moved from Dobele to Bauska on 2022-03-01 (recorded later, on 2022-06-15):
 * the report at 2022-02-28 counts the person and the assessment under
 * Dobele, the one at 2022-03-01 under Bauska; the region's totals stay. */
static void test_move_counts_under_the_municipality_of_the_date(void **state)
{
    fixture *f = *state;
    int64_t a = person(f, "161175-19997", "1975-11-16", "grt", DOBELE, "2021-08-01");
    assess(f, a, "2021-09-10");
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(move(f, &f->ctx, a, "2022-03-01", BAUSKA, &e), KP_OK);
    assert_int_equal(e.n, 0);

    assert_int_equal(figure(f, "2022-02-28", "context", "Dobeles novads", "grt_adults_living"), 1);
    assert_int_equal(figure(f, "2022-02-28", "context", "Bauskas novads", "grt_adults_living"), 0);
    assert_int_equal(figure(f, "2022-02-28", "context", "Dobeles novads", "grt_assessed"), 1);
    assert_int_equal(figure(f, "2022-03-01", "context", "Dobeles novads", "grt_adults_living"), 0);
    assert_int_equal(figure(f, "2022-03-01", "context", "Bauskas novads", "grt_adults_living"), 1);
    assert_int_equal(figure(f, "2022-03-01", "context", "Dobeles novads", "grt_assessed"), 0);
    assert_int_equal(figure(f, "2022-03-01", "context", "Bauskas novads", "grt_assessed"), 1);
    assert_int_equal(figure(f, "2022-02-28", "context", "", "grt_adults_living"), 1);
    assert_int_equal(figure(f, "2022-03-01", "context", "", "grt_adults_living"), 1);

    /* Two versions; the client row holds today's (Bauska). */
    kp_person_version *v = NULL;
    size_t n = 0;
    assert_int_equal(kp_person_versions(&f->ctx, a, &v, &n), KP_OK);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].valid_from, "2021-08-01");
    assert_string_equal(v[0].valid_to, "2022-02-28");
    assert_string_equal(v[0].municipality, DOBELE);
    assert_string_equal(v[1].valid_from, "2022-03-01");
    assert_string_equal(v[1].valid_to, "");
    assert_string_equal(v[1].municipality, BAUSKA);
    free(v);
    int64_t row = 0;
    kp_param p[] = {KP_PINT(a)};
    assert_int_equal(kp_sql_int(f->db, "SELECT municipality_id FROM client WHERE id = ?", p, 1, 0, &row), KP_OK);
    assert_int_equal(row, muni_id(f, BAUSKA));

    /* The history: effective date, reason, old and new codes. */
    kp_history h;
    assert_int_equal(kp_history_of_client(&f->ctx, a, 10, &h), KP_OK);
    assert_string_equal(h.items[0].action, "move");
    assert_string_equal(h.items[0].effective_on, "2022-03-01");
    assert_string_equal(h.items[0].reason, "pārcēlās pie meitas");
    assert_non_null(strstr(h.items[0].changes, "{\"field\":\"municipality\",\"old\":\"0028000\",\"new\":\"0025000\"}"));
    kp_history_free(&h);

    /* Moving again to where the person already is changes nothing. */
    assert_int_equal(move(f, &f->ctx, a, "2022-04-01", BAUSKA, &e), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "municipality"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* The municipality must exist on the date; the reason is required. */
    kp_move_in bad = {.client_id = idtext(a), .effective_on = "2021-05-01", .municipality = BAUSKA, .reason = ""};
    assert_int_equal(kp_client_move(&f->ctx, &bad, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "effective_on")); /* before registration */
    assert_non_null(kp_errors_for(&e, "reason"));
    kp_errors_free(&e);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM client_version"), 2);
}

/* A later move recorded first, an earlier one after: the earlier one does
 * not overwrite the later municipality (it changed that field itself). */
static void test_backdated_change_keeps_later_ones(void **state)
{
    fixture *f = *state;
    int64_t a = person(f, "161175-19997", "1975-11-16", "grt", DOBELE, "2021-08-01");
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(move(f, &f->ctx, a, "2022-03-01", BAUSKA, &e), KP_OK);
    assert_int_equal(move(f, &f->ctx, a, "2021-10-01", JELGAVA_CITY, &e), KP_OK);
    /* A correction of the family name from 2021-12-01 goes into every
     * later version, the Bauska one too. */
    kp_correction_in c = {.client_id = idtext(a), .effective_on = "2021-12-01", .reason = "laulība",
                          .family_name = "Kalniņa"};
    assert_int_equal(kp_client_correct(&f->ctx, &c, &e, NULL), KP_OK);
    show(&e);
    assert_int_equal(e.n, 0);
    kp_person_version *v = NULL;
    size_t n = 0;
    assert_int_equal(kp_person_versions(&f->ctx, a, &v, &n), KP_OK);
    assert_int_equal(n, 4);
    static const char *const from[] = {"2021-08-01", "2021-10-01", "2021-12-01", "2022-03-01"};
    static const char *const to[] = {"2021-09-30", "2021-11-30", "2022-02-28", ""};
    static const char *const muni[] = {DOBELE, JELGAVA_CITY, JELGAVA_CITY, BAUSKA};
    static const char *const family[] = {"Bērziņa", "Bērziņa", "Kalniņa", "Kalniņa"};
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(v[i].valid_from, from[i]);
        assert_string_equal(v[i].valid_to, to[i]);
        assert_string_equal(v[i].municipality, muni[i]);
        assert_string_equal(v[i].family_name, family[i]);
    }
    free(v);
    /* Correcting it back from 2021-12-01 joins the versions again. */
    c.family_name = "Bērziņa";
    c.reason = "kļūda";
    assert_int_equal(kp_client_correct(&f->ctx, &c, &e, NULL), KP_OK);
    assert_int_equal(kp_person_versions(&f->ctx, a, &v, &n), KP_OK);
    assert_int_equal(n, 3);
    assert_string_equal(v[1].valid_to, "2022-02-28");
    free(v);
    kp_errors_free(&e);
}

/* ---- corrections ----------------------------------------------------------- */

/* Born 2004-05-15 as registered (a child until 2022-05-14); corrected from
 * 2022-05-01 to 2004-04-15 and to the adults' group: the report at
 * 2022-04-30 still counts a child, the one at 2022-05-01 an adult. */
static void test_birth_date_correction_keeps_the_past(void **state)
{
    fixture *f = *state;
    char code[13];
    new_code(1234, code);
    int64_t b = person(f, code, "2004-05-15", "ft", DOBELE, "2021-08-01");
    kp_errors e;
    kp_errors_init(&e);
    kp_correction_in c = {.client_id = idtext(b), .effective_on = "2022-05-01", .reason = "kļūda dzimšanas datumā",
                          .birth_date = "2004-04-15", .target_group = "grt", .disability_group = "2"};
    kp_rc rc = kp_client_correct(&f->ctx, &c, &e, NULL);
    show(&e);
    assert_int_equal(rc, KP_OK);
    assert_int_equal(figure(f, "2022-04-30", "context", "Dobeles novads", "ft_children_living"), 1);
    assert_int_equal(figure(f, "2022-04-30", "context", "Dobeles novads", "grt_adults_living"), 0);
    assert_int_equal(figure(f, "2022-05-01", "context", "Dobeles novads", "ft_children_living"), 0);
    assert_int_equal(figure(f, "2022-05-01", "context", "Dobeles novads", "grt_adults_living"), 1);
    /* The card shows today's details. */
    kp_client_row r;
    assert_int_equal(kp_client_get(&f->ctx, b, &r), KP_OK);
    assert_string_equal(r.birth_date, "2004-04-15");
    assert_string_equal(r.target_group, "grt");
    assert_false(r.closed);
    kp_errors_free(&e);
}

static void test_correction_is_validated(void **state)
{
    fixture *f = *state;
    int64_t c = person(f, "161175-19997", "1975-11-16", "grt", DOBELE, "2021-08-01");
    kp_errors e;
    kp_errors_init(&e);
    /* An old-format code carries the birth date: the correction must agree. */
    kp_correction_in in = {.client_id = idtext(c), .reason = "kļūda", .birth_date = "1975-11-17"};
    assert_int_equal(kp_client_correct(&f->ctx, &in, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "birth_date"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* Nothing to change; no reason; in the future; before registration. */
    kp_correction_in same = {.client_id = idtext(c), .reason = "x", .given_name = "Anna"};
    assert_int_equal(kp_client_correct(&f->ctx, &same, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "effective_on"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    kp_correction_in bad = {.client_id = idtext(c), .effective_on = "2022-06-16", .reason = "",
                            .given_name = "", .disability_group = "4", .parents_working = "2",
                            .special_care_from = "2022-13-01", .target_group = "xyz"};
    assert_int_equal(kp_client_correct(&f->ctx, &bad, &e, NULL), KP_EINVAL);
    static const char *const fields[] = {"effective_on", "reason", "given_name", "disability_group",
                                         "parents_working", "special_care_from", "target_group"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (!kp_errors_for(&e, fields[i]))
            fail_msg("no message on %s", fields[i]);
    kp_errors_free(&e);
    kp_errors_init(&e);
    bad = (kp_correction_in){.client_id = idtext(c), .effective_on = "2021-07-31", .reason = "r", .given_name = "B"};
    assert_int_equal(kp_client_correct(&f->ctx, &bad, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "effective_on"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* A child's group does not fit an adult on the date. */
    bad = (kp_correction_in){.client_id = idtext(c), .reason = "r", .target_group = "ft"};
    assert_int_equal(kp_client_correct(&f->ctx, &bad, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "target_group"));
    kp_errors_free(&e);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM client_version"), 1);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'correct'"), 0);

    /* A correction that passes: the history names the fields. */
    kp_errors_init(&e);
    kp_correction_in ok = {.client_id = idtext(c), .effective_on = "2022-01-01", .reason = "pases dati",
                           .given_name = "Annija", .disability_group = ""};
    assert_int_equal(kp_client_correct(&f->ctx, &ok, &e, NULL), KP_OK);
    kp_history h;
    assert_int_equal(kp_history_of_client(&f->ctx, c, 10, &h), KP_OK);
    assert_string_equal(h.items[0].action, "correct");
    assert_string_equal(h.items[0].effective_on, "2022-01-01");
    assert_string_equal(h.items[0].changes, "[{\"field\":\"given_name\",\"old\":\"Anna\",\"new\":\"Annija\"},"
                                            "{\"field\":\"disability_group\",\"old\":\"2\",\"new\":\"\"}]");
    kp_history_free(&h);
    kp_errors_free(&e);
}

/* ---- closing and reopening ------------------------------------------------- */

/* Died on 2021-06-30: at 2021-12-31 not among the people living in the
 * municipality, still among those assessed; reopened on 2022-01-10 (the
 * death was recorded for the wrong person): counted again from that day. */
static void test_closed_case(void **state)
{
    fixture *f = *state;
    int64_t d = person(f, "161175-19997", "1975-11-16", "grt", DOBELE_PRE, "2021-03-01");
    int64_t other = person(f, "280794-12344", "1994-07-28", "grt", DOBELE, "2021-08-01");
    assess(f, d, "2021-04-10");
    assess(f, other, "2021-09-10");
    kp_errors e;
    kp_errors_init(&e);
    kp_case_status_in close = {.client_id = idtext(d), .effective_on = "2021-06-30", .status = "closed",
                               .closing_reason = "died"};
    assert_int_equal(kp_case_status_record(&f->ctx, &close, &e, NULL), KP_OK);
    show(&e);
    /* Stock: only the other person lives there; cumulative: both assessed. */
    assert_int_equal(figure(f, "2021-12-31", "context", "Dobeles novads", "grt_adults_living"), 1);
    assert_int_equal(figure(f, "2021-12-31", "context", "Dobeles novads", "grt_assessed"), 2);
    assert_int_equal(computed(f, "grt_assessed", "2021-12-31"), 2);
    /* The day before the death both lived there (the other was not yet
     * registered: one). */
    assert_int_equal(figure(f, "2021-06-29", "context", "Dobeles novads", "grt_adults_living"), 1);
    assert_int_equal(figure(f, "2021-06-30", "context", "Dobeles novads", "grt_adults_living"), 0);

    /* Closing again, reopening an open case, "other" without a text. */
    assert_int_equal(kp_case_status_record(&f->ctx, &close, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "status"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    kp_case_status_in reopen_other = {.client_id = idtext(other), .effective_on = "2022-01-10", .status = "open",
                                      .reason = "x"};
    assert_int_equal(kp_case_status_record(&f->ctx, &reopen_other, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "status"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    kp_case_status_in vague = {.client_id = idtext(other), .status = "closed", .closing_reason = "other"};
    assert_int_equal(kp_case_status_record(&f->ctx, &vague, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "reason"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    kp_case_status_in nonsense = {.client_id = idtext(other), .status = "ended", .closing_reason = "bored"};
    assert_int_equal(kp_case_status_record(&f->ctx, &nonsense, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "status"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* A reopening needs its reason. */
    kp_case_status_in reopen = {.client_id = idtext(d), .effective_on = "2022-01-10", .status = "open"};
    assert_int_equal(kp_case_status_record(&f->ctx, &reopen, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "reason"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    reopen.reason = "nāve ierakstīta citai personai";
    assert_int_equal(kp_case_status_record(&f->ctx, &reopen, &e, NULL), KP_OK);
    assert_int_equal(figure(f, "2021-12-31", "context", "Dobeles novads", "grt_adults_living"), 1);
    assert_int_equal(figure(f, "2022-01-09", "context", "Dobeles novads", "grt_adults_living"), 1);
    assert_int_equal(figure(f, "2022-01-10", "context", "Dobeles novads", "grt_adults_living"), 2);
    kp_client_row r;
    assert_int_equal(kp_client_get(&f->ctx, d, &r), KP_OK);
    assert_false(r.closed);
    kp_history h;
    assert_int_equal(kp_history_of_client(&f->ctx, d, 10, &h), KP_OK);
    assert_string_equal(h.items[0].action, "reopen");
    assert_string_equal(h.items[1].action, "close");
    assert_string_equal(h.items[1].effective_on, "2021-06-30");
    assert_non_null(strstr(h.items[1].changes, "\"closing_reason\",\"old\":\"\",\"new\":\"died\""));
    kp_history_free(&h);
    kp_errors_free(&e);
}

/* ---- personal codes ---------------------------------------------------------- */

static void test_code_change_refuses_overlaps(void **state)
{
    fixture *f = *state;
    char c1[13], c2[13], c3[13], c4[13];
    new_code(100, c1);
    new_code(200, c2);
    new_code(300, c3);
    new_code(400, c4);
    int64_t a = person(f, c1, "1980-02-03", "grt", DOBELE, "2021-08-01");
    int64_t other = person(f, c4, "1981-02-03", "grt", DOBELE, "2021-08-01");
    kp_errors e;
    kp_errors_init(&e);
    /* Before the current code began: the two periods would overlap. */
    kp_code_change_in early = {.client_id = idtext(a), .personal_code = c2, .since = "2021-08-01", .reason = "r"};
    assert_int_equal(kp_client_code_change(&f->ctx, &early, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "since"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* Another person's code. */
    kp_code_change_in taken = {.client_id = idtext(a), .personal_code = c4, .since = "2021-09-01", .reason = "r"};
    assert_int_equal(kp_client_code_change(&f->ctx, &taken, &e, NULL), KP_ECONFLICT);
    kp_errors_free(&e);
    kp_errors_init(&e);
    kp_code_change_in ok = {.client_id = idtext(a), .personal_code = c2, .since = "2021-09-01",
                            .reason = "jaunā formāta kods"};
    assert_int_equal(kp_client_code_change(&f->ctx, &ok, &e, NULL), KP_OK);
    int64_t found = 0;
    assert_int_equal(kp_client_find_by_code(&f->ctx, c1, &found), KP_OK);
    assert_int_equal(found, a);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'change_code' AND effective_on = '2021-09-01'"
                              " AND reason = 'jaunā formāta kods'"),
                     1);
    /* A former code whose period overlaps the person's codes: refused. */
    kp_former_code_in over = {.client_id = idtext(a), .personal_code = c3, .valid_from = "2021-08-20",
                              .valid_to = "2021-08-25"};
    assert_int_equal(kp_client_add_former_code(&f->ctx, &over, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "valid_from"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    kp_former_code_in before = {.client_id = idtext(a), .personal_code = c3, .valid_from = "2001-01-01",
                                .valid_to = "2021-07-31"};
    assert_int_equal(kp_client_add_former_code(&f->ctx, &before, &e, NULL), KP_OK);
    (void)other;
    assert_int_equal(count(f, "SELECT COUNT(*) FROM personal_code WHERE client_id = 1"), 3);
    kp_errors_free(&e);
}

/* ---- representatives --------------------------------------------------------- */

static kp_rc link_rep(fixture *f, int64_t child, int64_t rep, const char *kind, const char *from, const char *to,
                  kp_errors *e, int64_t *id)
{
    kp_representative_in in = {.client_id = idtext(child), .representative_id = idtext(rep), .kind = kind,
                               .valid_from = from, .valid_to = to};
    return kp_representative_link(&f->ctx, &in, e, id);
}

static int64_t representative_at(fixture *f, int64_t child, const char *at, size_t *n)
{
    kp_person_link *l = NULL;
    assert_int_equal(kp_representatives_at(&f->ctx, child, day(at), &l, n), KP_OK);
    int64_t r = *n ? l[0].representative_id : 0;
    free(l);
    return r;
}

static void test_representatives_over_time(void **state)
{
    fixture *f = *state;
    char c1[13], c2[13], c3[13];
    new_code(500, c1);
    new_code(600, c2);
    new_code(700, c3);
    int64_t child = person(f, c1, "2015-03-03", "ft", DOBELE, "2021-08-01");
    int64_t mother = person(f, c2, "1985-03-03", "parents", DOBELE, "2021-08-01");
    int64_t foster = person(f, c3, "1970-03-03", "parents", DOBELE, "2021-08-01");
    kp_errors e;
    kp_errors_init(&e);
    int64_t l1 = 0, l2 = 0;
    assert_int_equal(link_rep(f, child, mother, "parent", "2021-08-01", "2021-12-31", &e, &l1), KP_OK);
    assert_int_equal(link_rep(f, child, foster, "foster_parent", "2022-01-01", "", &e, &l2), KP_OK);
    size_t n = 0;
    assert_int_equal(representative_at(f, child, "2021-10-01", &n), mother);
    assert_int_equal(n, 1);
    assert_int_equal(representative_at(f, child, "2022-02-01", &n), foster);
    assert_int_equal(n, 1);
    assert_int_equal(representative_at(f, child, "2021-07-31", &n), 0);
    assert_int_equal(n, 0);
    /* The same pair twice at once; oneself; an unknown person; a bad kind. */
    assert_int_equal(link_rep(f, child, mother, "parent", "2021-12-01", "2022-02-01", &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "valid_from"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(link_rep(f, child, child, "parent", "2022-01-01", "", &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "representative_id"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(link_rep(f, child, 999999, "aunt", "2022-01-01", "2021-01-01", &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "representative_id"));
    assert_non_null(kp_errors_for(&e, "kind"));
    assert_non_null(kp_errors_for(&e, "valid_to"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* The old column reads the representative in force today (2022-06-15). */
    kp_client_row r;
    assert_int_equal(kp_client_get(&f->ctx, child, &r), KP_OK);
    assert_int_equal(r.representative_id, foster);
    /* Ending: of this child's link only, with a reason. */
    assert_int_equal(kp_representative_end(&f->ctx, mother, idtext(l2), "2022-03-31", "r", &e), KP_ENOTFOUND);
    assert_int_equal(kp_representative_end(&f->ctx, child, idtext(l2), "2022-03-31", "", &e), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "reason"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(kp_representative_end(&f->ctx, child, idtext(l2), "2021-12-31", "r", &e), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "valid_to")); /* before it began */
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(kp_representative_end(&f->ctx, child, idtext(l2), "2022-03-31", "atgriezās ģimenē", &e), KP_OK);
    assert_int_equal(representative_at(f, child, "2022-03-31", &n), foster);
    assert_int_equal(representative_at(f, child, "2022-04-01", &n), 0);
    assert_int_equal(kp_client_get(&f->ctx, child, &r), KP_OK);
    assert_int_equal(r.representative_id, 0);
    /* On both people's history. */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'end_representative' AND client_id = 1"), 1);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'end_represented' AND client_id = 3"), 1);
    /* The foster parent's card lists the child. */
    kp_person p;
    assert_int_equal(kp_person_load(&f->ctx, foster, &p), KP_OK);
    assert_int_equal(p.n_represented, 1);
    assert_int_equal(p.represented[0].other_id, child);
    assert_true(p.represented[0].visible);
    assert_false(p.represented[0].in_force);
    assert_int_equal(p.n_representatives, 0);
    kp_person_free(&p);
    /* The child's card: both links on the representatives' side (read with
     * the represented side in one statement), newest first, each with the
     * other person's name; nothing on the other side. */
    assert_int_equal(kp_person_load(&f->ctx, child, &p), KP_OK);
    assert_int_equal(p.n_representatives, 2);
    assert_int_equal(p.n_represented, 0);
    assert_int_equal(p.representatives[0].id, l2);
    assert_int_equal(p.representatives[0].other_id, foster);
    assert_string_equal(p.representatives[0].kind, "foster_parent");
    assert_string_equal(p.representatives[0].valid_to, "2022-03-31");
    assert_int_equal(p.representatives[1].id, l1);
    assert_int_equal(p.representatives[1].other_id, mother);
    assert_string_equal(p.representatives[1].valid_from, "2021-08-01");
    assert_true(p.representatives[1].visible);
    assert_string_equal(p.representatives[1].given_name, "Anna");
    assert_string_equal(p.representatives[1].family_name, "Bērziņa");
    kp_person_free(&p);
    /* The mother's: the child on the represented side only. */
    assert_int_equal(kp_person_load(&f->ctx, mother, &p), KP_OK);
    assert_int_equal(p.n_representatives, 0);
    assert_int_equal(p.n_represented, 1);
    assert_int_equal(p.represented[0].id, l1);
    assert_int_equal(p.represented[0].client_id, child);
    assert_int_equal(p.represented[0].representative_id, mother);
    kp_person_free(&p);
    kp_errors_free(&e);
}

/* ---- residence ----------------------------------------------------------------- */

static kp_rc moves_to(fixture *f, int64_t client, const char *kind, const char *on, kp_errors *e)
{
    kp_residence_move_in in = {.client_id = idtext(client), .kind = kind, .moved_on = on, .reason = "lēmums",
                               .municipality = DOBELE};
    return kp_residence_move(&f->ctx, &in, e, NULL);
}

static void test_residence_moves(void **state)
{
    fixture *f = *state;
    int64_t a = person(f, "161175-19997", "1975-11-16", "grt", DOBELE, "2021-08-01");
    kp_errors e;
    kp_errors_init(&e);
    kp_residence_in home = {.client_id = idtext(a), .kind = "family", .start_date = "2021-08-01"};
    assert_int_equal(kp_residence_add(&f->ctx, &home, &e, NULL), KP_OK);
    assert_int_equal(moves_to(f, a, "vsac", "2022-01-10", &e), KP_OK);
    assert_int_equal(moves_to(f, a, "group_home", "2022-03-01", &e), KP_OK);
    show(&e);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM residence WHERE kind = 'family' AND end_date = '2022-01-09'"), 1);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM residence WHERE kind = 'vsac' AND start_date = '2022-01-10'"
                              " AND end_date = '2022-02-28'"),
                     1);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM residence WHERE kind = 'group_home' AND end_date IS NULL"), 1);
    /* Left the VSAC for a group home: an independent life from 2022-03-01. */
    assert_int_equal(computed(f, "grt_started_independent_life", "2022-02-28"), 0);
    assert_int_equal(computed(f, "grt_started_independent_life", "2022-03-31"), 1);
    /* A move before the last start, or to where the person is: refused, and
     * nothing changes. */
    assert_int_equal(moves_to(f, a, "family", "2022-02-01", &e), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "moved_on"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(moves_to(f, a, "group_home", "2022-04-01", &e), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "kind"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(moves_to(f, a, "castle", "", &e), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "kind"));
    assert_int_equal(count(f, "SELECT COUNT(*) FROM residence"), 3);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM residence WHERE end_date IS NULL"), 1);
    /* A return to the institution takes the person out of the count. */
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(moves_to(f, a, "vsac", "2022-05-01", &e), KP_OK);
    assert_int_equal(computed(f, "grt_started_independent_life", "2022-05-31"), 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'move_residence' AND effective_on = '2022-05-01'"
                              " AND changes LIKE '%\"previous_end_date\",\"old\":\"\",\"new\":\"2022-04-30\"%'"),
                     1);
    kp_errors_free(&e);
}

/* ---- scope around a move -------------------------------------------------------- */

static void test_scope_follows_the_move(void **state)
{
    fixture *f = *state;
    int64_t a = person(f, "161175-19997", "1975-11-16", "grt", DOBELE, "2021-08-01");
    kp_ctx dob = f->ctx, bau = f->ctx, dob_head = f->ctx, bau_head = f->ctx;
    dob.role = KP_ROLE_SOCIAL_WORKER;
    dob.municipality_id = muni_id(f, DOBELE);
    bau.role = KP_ROLE_SOCIAL_WORKER;
    bau.municipality_id = muni_id(f, BAUSKA);
    dob_head.role = bau_head.role = KP_ROLE_MUNICIPAL_HEAD;
    dob_head.municipality_id = dob.municipality_id;
    bau_head.municipality_id = bau.municipality_id;
    kp_errors e;
    kp_errors_init(&e);
    /* The receiving municipality cannot record it; the responsible one can,
     * in advance. */
    assert_int_equal(move(f, &bau, a, "2022-07-01", BAUSKA, &e), KP_ENOTFOUND);
    assert_int_equal(move(f, &dob, a, "2022-07-01", BAUSKA, &e), KP_OK);
    assert_int_equal(kp_access_client(&dob, a, true), KP_OK);
    assert_int_equal(kp_access_client(&bau, a, false), KP_ENOTFOUND);
    kp_client_query q = {.q = ""};
    kp_client_rows rows;
    assert_int_equal(kp_client_search(&bau, &q, &rows), KP_OK);
    assert_int_equal(rows.n, 0);
    kp_client_rows_free(&rows);
    /* Both heads are told; the receiving one sees a number only, for now. */
    kp_move_notice *m = NULL;
    size_t n = 0;
    assert_int_equal(kp_moves_for_head(&bau_head, 0, &m, &n), KP_OK);
    assert_int_equal(n, 1);
    assert_true(m[0].incoming);
    assert_false(m[0].visible);
    assert_string_equal(m[0].on, "2022-07-01");
    assert_string_equal(m[0].other, "Dobeles novads");
    free(m);
    assert_int_equal(kp_moves_for_head(&dob_head, 0, &m, &n), KP_OK);
    assert_int_equal(n, 1);
    assert_false(m[0].incoming);
    assert_true(m[0].visible);
    assert_string_equal(m[0].family_name, "Bērziņa");
    free(m);
    assert_int_equal(kp_moves_for_head(&dob, 0, &m, &n), KP_EDENIED);

    /* From the date, without anything being run in between. */
    snprintf(dob.now, sizeof dob.now, "2022-07-01T00:00:01Z");
    snprintf(bau.now, sizeof bau.now, "2022-07-01T00:00:01Z");
    snprintf(dob_head.now, sizeof dob_head.now, "2022-07-01T00:00:01Z");
    assert_int_equal(kp_access_client(&dob, a, false), KP_ENOTFOUND);
    assert_int_equal(kp_access_client(&bau, a, true), KP_OK);
    assert_int_equal(kp_client_search(&dob, &q, &rows), KP_OK);
    assert_int_equal(rows.n, 0);
    kp_client_rows_free(&rows);
    assert_int_equal(kp_client_search(&bau, &q, &rows), KP_OK);
    assert_int_equal(rows.n, 1);
    assert_string_equal(rows.items[0].municipality, BAUSKA);
    kp_client_rows_free(&rows);
    kp_history h;
    assert_int_equal(kp_history_of_client(&dob, a, 10, &h), KP_ENOTFOUND);
    assert_int_equal(kp_moves_for_head(&dob_head, 0, &m, &n), KP_OK);
    assert_int_equal(n, 1);
    assert_false(m[0].visible);
    assert_string_equal(m[0].family_name, "");
    free(m);
    /* The new municipality may correct what the old one recorded. */
    kp_correction_in c = {.client_id = idtext(a), .reason = "r", .given_name = "Annija"};
    assert_int_equal(kp_client_correct(&dob, &c, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(kp_client_correct(&bau, &c, &e, NULL), KP_OK);
    kp_errors_free(&e);
}

/* ---- bad arguments ---------------------------------------------------------------- */

static void test_bad_arguments(void **state)
{
    fixture *f = *state;
    kp_errors e;
    kp_errors_init(&e);
    kp_correction_in c = {0};
    kp_move_in m = {0};
    kp_case_status_in s = {0};
    kp_code_change_in k = {0};
    kp_representative_in r = {0};
    kp_residence_move_in rm = {0};
    assert_int_equal(kp_client_correct(NULL, &c, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_client_correct(&f->ctx, NULL, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_client_correct(&f->ctx, &c, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_client_move(NULL, &m, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_client_move(&f->ctx, NULL, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_case_status_record(NULL, &s, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_case_status_record(&f->ctx, &s, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_client_code_change(NULL, &k, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_client_code_change(&f->ctx, NULL, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_representative_link(NULL, &r, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_representative_link(&f->ctx, NULL, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_representative_end(NULL, 1, "1", "2022-01-01", "r", &e), KP_EINVAL);
    assert_int_equal(kp_representative_end(&f->ctx, 0, "1", "2022-01-01", "r", &e), KP_EINVAL);
    assert_int_equal(kp_residence_move(NULL, &rm, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_residence_move(&f->ctx, &rm, NULL, NULL), KP_EINVAL);
    /* An empty client id says so; an unknown one is out of scope. */
    assert_int_equal(kp_client_correct(&f->ctx, &c, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "client_id"));
    c.client_id = "999999";
    m.client_id = "999999";
    s.client_id = "999999";
    k.client_id = "999999";
    r.client_id = "999999";
    rm.client_id = "999999";
    assert_int_equal(kp_client_correct(&f->ctx, &c, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(kp_client_move(&f->ctx, &m, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(kp_case_status_record(&f->ctx, &s, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(kp_client_code_change(&f->ctx, &k, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(kp_representative_link(&f->ctx, &r, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(kp_residence_move(&f->ctx, &rm, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(kp_representative_end(&f->ctx, 999999, "1", "2022-01-01", "r", &e), KP_ENOTFOUND);
    kp_person p;
    kp_person_version *v = NULL;
    kp_person_link *l = NULL;
    kp_move_notice *mn = NULL;
    size_t n = 0;
    assert_int_equal(kp_person_load(NULL, 1, &p), KP_EINVAL);
    assert_int_equal(kp_person_load(&f->ctx, 0, &p), KP_EINVAL);
    assert_int_equal(kp_person_load(&f->ctx, 999999, &p), KP_ENOTFOUND);
    assert_int_equal(kp_person_versions(&f->ctx, 999999, &v, &n), KP_ENOTFOUND);
    assert_int_equal(kp_person_versions(&f->ctx, 1, NULL, &n), KP_EINVAL);
    assert_int_equal(kp_representatives_at(&f->ctx, 1, KP_DATE_NONE, &l, &n), KP_EINVAL);
    assert_int_equal(kp_representatives_at(&f->ctx, 999999, day("2022-01-01"), &l, &n), KP_ENOTFOUND);
    assert_int_equal(kp_moves_for_head(&f->ctx, 0, &mn, &n), KP_EINVAL); /* the system names a municipality */
    assert_int_equal(kp_moves_for_head(NULL, 1, &mn, &n), KP_EINVAL);
    kp_person_free(NULL);
    kp_errors_free(&e);
}

/* Registration writes the person's first, open version. */
static void test_registration_writes_the_first_version(void **state)
{
    fixture *f = *state;
    int64_t a = person(f, "161175-19997", "1975-11-16", "grt", DOBELE, "2021-08-01");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM client_version WHERE valid_to IS NULL AND case_status = 'open'"), 1);
    kp_person p;
    assert_int_equal(kp_person_load(&f->ctx, a, &p), KP_OK);
    assert_string_equal(p.now.valid_from, "2021-08-01");
    assert_string_equal(p.now.municipality, DOBELE);
    assert_int_equal(p.now.disability_group, 2);
    assert_int_equal(p.n_later, 0);
    kp_person_free(&p);
}


/* A database made before migration 11: every client gets one open version
 * from its row, starting on registered_on, and representative_id becomes
 * an open link from the same day. */
static void test_migration_gives_existing_clients_a_version(void **state)
{
    fixture *f = *state;
    /* It runs SQLite's migration 11 text (kp_sqlite_m011) by hand; on
     * PostgreSQL the store translates the migrations when it creates the
     * database, which the other tests here cover. */
    if (pg_test_cluster()) {
        print_message("skipped on PostgreSQL: runs SQLite migration 11's DDL directly\n");
        skip();
    }
    char c1[13], c2[13];
    new_code(800, c1);
    new_code(900, c2);
    int64_t parent = person(f, c2, "1985-03-03", "parents", DOBELE, "2021-08-01");
    kp_client_in in = {.personal_code = c1, .given_name = "Jānis", .family_name = "Ozols", .birth_date = "2015-03-03",
                       .municipality = DOBELE_PRE, .target_group = "ft", .registered_on = "2020-02-02",
                       .representative_id = idtext(parent), .special_care_from = "2020-01-15", .parents_working = "1"};
    kp_errors e;
    kp_errors_init(&e);
    int64_t child = 0;
    assert_int_equal(kp_client_register(&f->ctx, &in, &e, &child), KP_OK);
    kp_errors_free(&e);
    /* Without migration 11's tables, as a database of before would be, then
     * migration 11 itself (later migrations are already in place and do not
     * touch these tables, so its text is run directly rather than by the
     * runner, which applies only versions above the highest). */
    assert_int_equal(kp_store_exec(f->db, "DROP TABLE client_version; DROP TABLE client_representative;"), KP_OK);
    assert_int_equal(kp_store_exec(f->db, kp_sqlite_m011), KP_OK);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM client_version"), 2);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM client_version WHERE client_id = 2 AND valid_from = '2020-02-02'"
                              " AND valid_to IS NULL AND given_name = 'Jānis' AND target_group = 'ft'"
                              " AND special_care_from = '2020-01-15' AND parents_working = 1 AND case_status = 'open'"
                              " AND municipality_id = (SELECT id FROM municipality WHERE atvk = '0460200')"),
                     1);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM client_representative WHERE client_id = 2 AND representative_id = 1"
                              " AND valid_from = '2020-02-02' AND valid_to IS NULL AND kind = 'legal_representative'"),
                     1);
    size_t n = 0;
    assert_int_equal(representative_at(f, child, "2021-01-01", &n), parent);
}

/* Compensation follows the person's municipality on the delivery's date:
 * after a move on 2021-11-01, October's delivery is Dobele's to claim and
 * November's Bauska's. */
static void test_claims_follow_the_move(void **state)
{
    fixture *f = *state;
    kp_errors e;
    kp_errors_init(&e);
    kp_project_in pj = {.number = "9.2.2.1/15/I/001", .name = "Atver sirdi Zemgalē", .region = "ZPR",
                        .start_date = "2015-07-01", .end_date = "2023-12-31", .budget = "9412350.00",
                        .esf = "8000497.43", .state = "1411852.57"};
    assert_int_equal(kp_project_add(&f->ctx, &pj, &e, NULL), KP_OK);
    int64_t a = person(f, "161175-19997", "1975-11-16", "grt", DOBELE, "2021-08-01");
    kp_assignment_in as = {.client_id = idtext(a), .service = "home_care", .start_date = "2021-10-10",
                           .end_date = "2021-12-31", .units = "100", .decided_on = "2021-10-01"};
    int64_t assignment = 0;
    assert_int_equal(kp_assignment_create(&f->ctx, &as, &e, &assignment), KP_OK);
    kp_delivery_in oct = {.assignment_id = idtext(assignment), .delivered_on = "2021-10-12", .units = "5",
                          .confirmed = "1"};
    kp_delivery_in nov = {.assignment_id = idtext(assignment), .delivered_on = "2021-11-15", .units = "4",
                          .confirmed = "1"};
    assert_int_equal(kp_delivery_record(&f->ctx, &oct, &e, NULL), KP_OK);
    assert_int_equal(kp_delivery_record(&f->ctx, &nov, &e, NULL), KP_OK);
    assert_int_equal(move(f, &f->ctx, a, "2021-11-01", BAUSKA, &e), KP_OK);
    show(&e);
    int64_t claim = 0;
    size_t lines = 0, refused = 0;
    assert_int_equal(kp_claim_build(&f->ctx, BAUSKA, "2021-10", &e, &claim, &lines, &refused), KP_OK);
    assert_int_equal(lines + refused, 0);
    assert_int_equal(kp_claim_build(&f->ctx, DOBELE, "2021-10", &e, &claim, &lines, &refused), KP_OK);
    assert_int_equal(lines, 1);
    assert_int_equal(kp_claim_build(&f->ctx, DOBELE, "2021-11", &e, &claim, &lines, &refused), KP_OK);
    assert_int_equal(lines + refused, 0);
    assert_int_equal(kp_claim_build(&f->ctx, BAUSKA, "2021-11", &e, &claim, &lines, &refused), KP_OK);
    assert_int_equal(lines, 1);
    kp_errors_free(&e);
}

/* A move in effect today ends the old municipality's worker's
 * responsibility (the receiving head assigns one); the audit says so. */
static void test_move_today_ends_the_old_worker(void **state)
{
    fixture *f = *state;
    kp_password_fast_for_tests(true);
    int64_t a = person(f, "161175-19997", "1975-11-16", "grt", DOBELE, "2021-08-01");
    kp_errors e;
    kp_errors_init(&e);
    kp_user_in u = {.username = "sw-dobele-t", .password = "people-pass-123", .role = "social_worker",
                    .municipality = DOBELE};
    int64_t uid = 0;
    assert_int_equal(kp_user_add(&f->ctx, &u, &e, &uid), KP_OK);
    assert_int_equal(kp_caseload_reassign(&f->ctx, idtext(a), idtext(uid), &e), KP_OK);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM client_worker"), 1);
    /* Ahead: the worker stays responsible until the date. */
    assert_int_equal(move(f, &f->ctx, a, "2022-09-01", BAUSKA, &e), KP_OK);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM client_worker"), 1);
    /* Backdated to before today: from today Bauska is responsible. */
    assert_int_equal(move(f, &f->ctx, a, "2022-06-01", BAUSKA, &e), KP_OK);
    show(&e);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM client_worker"), 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'move' AND effective_on = '2022-06-01'"
                              " AND changes LIKE '%\"responsible_worker\",\"old\":\"sw-dobele-t\"%'"),
                     1);
    kp_errors_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_move_counts_under_the_municipality_of_the_date, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backdated_change_keeps_later_ones, setup, teardown),
        cmocka_unit_test_setup_teardown(test_birth_date_correction_keeps_the_past, setup, teardown),
        cmocka_unit_test_setup_teardown(test_correction_is_validated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_closed_case, setup, teardown),
        cmocka_unit_test_setup_teardown(test_code_change_refuses_overlaps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_representatives_over_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_residence_moves, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scope_follows_the_move, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_registration_writes_the_first_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migration_gives_existing_clients_a_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_claims_follow_the_move, setup, teardown),
        cmocka_unit_test_setup_teardown(test_move_today_ends_the_old_worker, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
