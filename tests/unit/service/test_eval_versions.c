/* The evaluation's chapters of text and its numbered approvals
 * (service/figures/chapters.h, evaluations.h) over a fresh database: every
 * save that changes a text is a version with author and time, an unchanged
 * text is none; approving again is version N+1 with the figures and
 * chapters changed since N, worked out by hand from the rows given; files
 * come back byte for byte with their SHA-256 (computed separately with
 * Python's hashlib); scope and bad arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "service/figures/chapters.h"
#include "service/figures/evaluations.h"
#include "service/sql.h"

#define SHA_PDF1 "9bca00a8db441c9bc4f11ccb81e55d002c32089b292d95c554a24c442db15079" /* "PDF-1 bytes" */
#define SHA_PDF2 "4268bbc53a79a511411f50b68538fddab5d313ee2606d814e531281aed1b8bca" /* "PDF-2 bytes" */

#define HEAD "section,municipality,target_group,item,measure,period,value\n"
/* Version 1's figures; version 2 changes Bauska's persons (12 -> 13), drops
 * the workshop count and adds Dobele's persons. */
static const char CSV1[] = HEAD "recipients,Bauskas novads,grt,persons,persons,,12\n"
                                "compensation,,,total,eur,,1821776.78\n"
                                "infrastructure,,,workshop,objects,,6\n";
static const char CSV2[] = HEAD "recipients,Bauskas novads,grt,persons,persons,,13\n"
                                "compensation,,,total,eur,,1821776.78\n"
                                "recipients,Dobeles novads,grt,persons,persons,,4\n";

static kp_date D(const char *iso)
{
    kp_date d;
    assert_int_equal(kp_date_parse_iso(iso, &d), KP_OK);
    return d;
}

static int64_t count(fixture *f, const char *sql)
{
    int64_t n = -1;
    assert_int_equal(kp_sql_int(f->db, sql, NULL, 0, -1, &n), KP_OK);
    return n;
}

static kp_ctx as(fixture *f, kp_role role, const char *region, const char *actor)
{
    kp_ctx c = f->ctx;
    c.role = role;
    snprintf(c.region, sizeof c.region, "%s", region);
    c.actor = actor;
    return c;
}

static void test_chapter_versions(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(fixture_open(&f, "eval_chapters"), 0);
    kp_ctx zpr = as(&f, KP_ROLE_REGION, "ZPR", "koordinatore");
    kp_date at = D("2021-12-31");
    kp_errors e;
    kp_errors_init(&e);
    int64_t v = -1;
    assert_int_equal(kp_chapter_save(&zpr, "ZPR", at, "introduction", "Ievads.\r\n\r\nOtrā rindkopa.\n", &e, &v), KP_OK);
    assert_int_equal(v, 1);
    /* The same text (CR LF or LF, trailing blank lines) is not a new version. */
    assert_int_equal(kp_chapter_save(&zpr, "ZPR", at, "introduction", "Ievads.\n\nOtrā rindkopa.", &e, &v), KP_OK);
    assert_int_equal(v, 1);
    assert_int_equal(count(&f, "SELECT COUNT(*) FROM evaluation_chapter"), 1);
    snprintf(zpr.now, sizeof zpr.now, "2022-03-01T08:30:00Z");
    zpr.actor = "otrs";
    assert_int_equal(kp_chapter_save(&zpr, "ZPR", at, "introduction", "Ievads, labots.", &e, &v), KP_OK);
    assert_int_equal(v, 2);
    assert_int_equal(e.n, 0);
    /* Another date is another evaluation. */
    assert_int_equal(kp_chapter_save(&zpr, "ZPR", D("2019-12-31"), "introduction", "Cits.", &e, &v), KP_OK);
    assert_int_equal(v, 1);

    kp_chapter cur[KP_CHAPTER_COUNT];
    assert_int_equal(kp_chapters_current(&zpr, "ZPR", at, cur), KP_OK);
    assert_string_equal(cur[0].key, "introduction");
    assert_int_equal(cur[0].version, 2);
    assert_string_equal(cur[0].body, "Ievads, labots.");
    assert_string_equal(cur[0].author, "otrs");
    assert_string_equal(cur[0].saved_at, "2022-03-01T08:30:00Z");
    assert_string_equal(cur[2].key, "findings");
    assert_int_equal(cur[2].version, 0);
    assert_string_equal(cur[2].body, "");
    kp_chapters_free(cur, KP_CHAPTER_COUNT);

    kp_chapter *h = NULL;
    size_t n = 0;
    assert_int_equal(kp_chapter_history(&zpr, "ZPR", at, "introduction", &h, &n), KP_OK);
    assert_int_equal(n, 2);
    assert_int_equal(h[0].version, 2);
    assert_int_equal(h[1].version, 1);
    assert_string_equal(h[1].author, "koordinatore");
    assert_string_equal(h[1].body, "Ievads.\n\nOtrā rindkopa.");
    kp_chapters_free(h, n);
    free(h);
    /* Every version is in the audit trail with its fields. */
    assert_int_equal(count(&f, "SELECT COUNT(*) FROM audit WHERE entity = 'evaluation_chapter'"), 3);

    /* All or none: one bad text keeps the good one out. */
    const char *bodies[KP_CHAPTER_COUNT] = {NULL, "Atkāpes.", "bad \x01 text", NULL, NULL, NULL};
    size_t saved = 9;
    assert_int_equal(kp_chapters_save_all(&zpr, "ZPR", at, bodies, &e, &saved), KP_EINVAL);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.items[0].field, "findings");
    assert_int_equal(count(&f, "SELECT COUNT(*) FROM evaluation_chapter WHERE chapter = 'deviations'"), 0);
    kp_errors_free(&e);
    kp_errors_init(&e);
    bodies[2] = "Konstatētais.";
    assert_int_equal(kp_chapters_save_all(&zpr, "ZPR", at, bodies, &e, &saved), KP_OK);
    assert_int_equal(saved, 2);

    /* Bad input names the field; nothing is written. */
    assert_int_equal(kp_chapter_save(&zpr, "ZPR", at, "preface", "x", &e, &v), KP_EINVAL);
    assert_string_equal(e.items[0].field, "chapter");
    kp_errors_free(&e);
    kp_errors_init(&e);
    char *big = malloc(KP_CHAPTER_MAX + 2);
    memset(big, 'a', KP_CHAPTER_MAX + 1);
    big[KP_CHAPTER_MAX + 1] = '\0';
    assert_int_equal(kp_chapter_save(&zpr, "ZPR", at, "findings", big, &e, &v), KP_EINVAL);
    assert_string_equal(e.items[0].field, "body");
    free(big);
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(kp_chapter_save(&zpr, "ZPR", at, "findings", NULL, &e, &v), KP_EINVAL);
    assert_string_equal(e.items[0].field, "body");
    kp_errors_free(&e);
    kp_errors_init(&e);

    /* Scope: another region's coordinator, an unknown region and the
     * national roll-up are unknown; the ministry reads but cannot write. */
    kp_ctx lpr = as(&f, KP_ROLE_REGION, "LPR", "cits");
    kp_ctx min = as(&f, KP_ROLE_MINISTRY, "", "ministrija");
    assert_int_equal(kp_chapter_save(&lpr, "ZPR", at, "findings", "x", &e, &v), KP_ENOTFOUND);
    assert_int_equal(kp_chapter_save(&f.ctx, "XXX", at, "findings", "x", &e, &v), KP_ENOTFOUND);
    assert_int_equal(kp_chapter_save(&f.ctx, "ALL", at, "findings", "x", &e, &v), KP_ENOTFOUND);
    assert_int_equal(kp_chapter_save(&min, "ZPR", at, "findings", "x", &e, &v), KP_EDENIED);
    assert_int_equal(kp_chapters_current(&lpr, "ZPR", at, cur), KP_ENOTFOUND);
    assert_int_equal(kp_chapter_history(&lpr, "ZPR", at, "introduction", &h, &n), KP_ENOTFOUND);
    assert_int_equal(kp_chapters_current(&min, "ZPR", at, cur), KP_OK);
    assert_int_equal(cur[0].version, 2);
    kp_chapters_free(cur, KP_CHAPTER_COUNT);
    assert_int_equal(e.n, 0);
    /* NULLs. */
    assert_int_equal(kp_chapter_save(NULL, "ZPR", at, "findings", "x", &e, &v), KP_EINVAL);
    assert_int_equal(kp_chapter_save(&zpr, NULL, at, "findings", "x", &e, &v), KP_EINVAL);
    assert_int_equal(kp_chapter_save(&zpr, "ZPR", at, "findings", "x", NULL, &v), KP_EINVAL);
    assert_int_equal(kp_chapters_current(NULL, "ZPR", at, cur), KP_EINVAL);
    assert_int_equal(kp_chapters_current(&zpr, NULL, at, cur), KP_EINVAL);
    assert_int_equal(kp_chapters_current(&zpr, "ZPR", at, NULL), KP_EINVAL);
    assert_int_equal(kp_chapter_history(&zpr, "ZPR", at, "nope", &h, &n), KP_EINVAL);
    assert_int_equal(kp_chapter_history(&zpr, "ZPR", at, "findings", NULL, &n), KP_EINVAL);
    assert_int_equal(kp_chapters_save_all(&zpr, "ZPR", at, NULL, &e, &saved), KP_EINVAL);
    assert_int_equal(kp_chapter_index("opinions_clients"), 5);
    assert_int_equal(kp_chapter_index(NULL), -1);
    kp_errors_free(&e);
    fixture_close(&f);
}

static const kp_eval_change *change(const kp_eval_changes *c, const char *item)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->items[i].item, item))
            return &c->items[i];
    fail_msg("no change of %s", item);
    return NULL;
}

static void test_versions(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(fixture_open(&f, "eval_versions"), 0);
    kp_ctx zpr = as(&f, KP_ROLE_REGION, "ZPR", "koordinatore");
    kp_date at = D("2021-12-31");
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_chapter_save(&zpr, "ZPR", at, "findings", "Pirmais.", &e, NULL), KP_OK);
    kp_chapter ch[KP_CHAPTER_COUNT];
    assert_int_equal(kp_chapters_current(&zpr, "ZPR", at, ch), KP_OK);

    int64_t next = 0;
    assert_int_equal(kp_evaluation_next_version(&zpr, "ZPR", at, &next), KP_OK);
    assert_int_equal(next, 1);
    kp_eval_file_in f1[] = {{"pdf", "PDF-1 bytes", 11}, {"csv", CSV1, sizeof CSV1 - 1}};
    kp_eval_version v1;
    assert_int_equal(kp_evaluation_approve_version(&zpr, "ZPR", at, f1, 2, CSV1, ch, 1, &v1), KP_OK);
    assert_int_equal(v1.version, 1);
    assert_int_equal(v1.nchanges, 0);
    assert_int_equal(v1.nfiles, 2);
    assert_string_equal(v1.files[0].sha256, SHA_PDF1);
    /* Version 1 again is a conflict: the page showed 1, another approval came first. */
    kp_eval_version x;
    assert_int_equal(kp_evaluation_approve_version(&zpr, "ZPR", at, f1, 2, CSV1, ch, 1, &x), KP_ECONFLICT);
    /* A chapter saved after the texts were read: conflict, nothing written. */
    assert_int_equal(kp_chapter_save(&zpr, "ZPR", at, "findings", "Otrais.", &e, NULL), KP_OK);
    assert_int_equal(kp_evaluation_approve_version(&zpr, "ZPR", at, f1, 2, CSV2, ch, 0, &x), KP_ECONFLICT);
    assert_int_equal(count(&f, "SELECT COUNT(*) FROM evaluation_version"), 1);
    kp_chapters_free(ch, KP_CHAPTER_COUNT);
    assert_int_equal(kp_chapters_current(&zpr, "ZPR", at, ch), KP_OK);

    /* What approving now would list. */
    kp_eval_changes pend;
    int64_t last = 0;
    assert_int_equal(kp_evaluation_pending(&zpr, "ZPR", at, CSV2, ch, &last, &pend), KP_OK);
    assert_int_equal(last, 1);
    assert_int_equal(pend.n, 4);
    kp_eval_changes_free(&pend);

    kp_eval_file_in f2[] = {{"pdf", "PDF-2 bytes", 11}};
    kp_eval_version v2;
    assert_int_equal(kp_evaluation_approve_version(&zpr, "ZPR", at, f2, 1, CSV2, ch, 2, &v2), KP_OK);
    assert_int_equal(v2.version, 2);
    assert_int_equal(v2.nchanges, 4);
    kp_eval_version g;
    kp_eval_changes c;
    assert_int_equal(kp_evaluation_version_get(&zpr, v2.id, &g, &c), KP_OK);
    assert_int_equal(g.version, 2);
    assert_string_equal(g.approved_by, "koordinatore");
    assert_int_equal(c.n, 4);
    const kp_eval_change *b = change(&c, "recipients/Bauskas novads/grt/persons/persons/");
    assert_string_equal(b->kind, "figure");
    assert_string_equal(b->old_value, "12");
    assert_string_equal(b->new_value, "13");
    const kp_eval_change *gone = change(&c, "infrastructure///workshop/objects/");
    assert_string_equal(gone->old_value, "6");
    assert_string_equal(gone->new_value, "");
    const kp_eval_change *added = change(&c, "recipients/Dobeles novads/grt/persons/persons/");
    assert_string_equal(added->old_value, "");
    assert_string_equal(added->new_value, "4");
    const kp_eval_change *chap = change(&c, "findings");
    assert_string_equal(chap->kind, "chapter");
    assert_string_equal(chap->old_value, "1");
    assert_string_equal(chap->new_value, "2");
    kp_eval_changes_free(&c);
    /* Version 2 keeps the text it printed, whatever is saved later. */
    assert_int_equal(kp_chapter_save(&zpr, "ZPR", at, "findings", "Trešais.", &e, NULL), KP_OK);
    assert_int_equal(count(&f, "SELECT COUNT(*) FROM evaluation_version_text t JOIN evaluation_version v"
                               " ON v.id = t.version_id WHERE v.version = 2 AND t.body = 'Otrais.'"),
                     1);

    /* The list, and each file byte for byte. */
    kp_eval_version *list = NULL;
    size_t n = 0;
    assert_int_equal(kp_evaluation_versions(&zpr, "ZPR", at, &list, &n), KP_OK);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].version, 1);
    assert_int_equal(list[0].nfiles, 2);
    assert_string_equal(list[1].files[0].sha256, SHA_PDF2);
    assert_int_equal(list[1].files[0].bytes, 11);
    free(list);
    kp_buf bytes;
    kp_buf_init(&bytes, 0);
    char sha[65];
    assert_int_equal(kp_evaluation_version_file(&zpr, v1.id, "pdf", &bytes, sha), KP_OK);
    assert_int_equal(bytes.len, 11);
    assert_memory_equal(bytes.data, "PDF-1 bytes", 11);
    assert_string_equal(sha, SHA_PDF1);
    kp_buf_reset(&bytes);
    assert_int_equal(kp_evaluation_approved(&zpr, "ZPR", at, "pdf", &bytes, sha), KP_OK);
    assert_string_equal(sha, SHA_PDF2); /* the latest version with a PDF */
    kp_buf_reset(&bytes);
    assert_int_equal(kp_evaluation_approved(&zpr, "ZPR", at, "csv", &bytes, sha), KP_OK);
    assert_int_equal(bytes.len, sizeof CSV1 - 1); /* only version 1 has a CSV */
    kp_buf_reset(&bytes);
    assert_int_equal(kp_evaluation_version_file(&zpr, v2.id, "xlsx", &bytes, sha), KP_ENOTFOUND);
    /* Bytes that no longer match their hash are not given out. */
    static const unsigned char damaged[] = {0};
    kp_param p[] = {KP_PBLOB(damaged, sizeof damaged), KP_PINT(v1.id)};
    assert_int_equal(kp_sql_exec(f.db, "UPDATE evaluation_snapshot SET content = ? WHERE version_id = ? AND format = 'pdf'",
                                 p, 2),
                     KP_OK);
    assert_int_equal(kp_evaluation_version_file(&zpr, v1.id, "pdf", &bytes, sha), KP_ESTATE);
    kp_buf_free(&bytes);

    /* Scope. */
    kp_ctx lpr = as(&f, KP_ROLE_REGION, "LPR", "cits");
    kp_ctx min = as(&f, KP_ROLE_MINISTRY, "", "ministrija");
    kp_ctx sw = as(&f, KP_ROLE_SOCIAL_WORKER, "", "sw");
    assert_int_equal(kp_evaluation_version_get(&lpr, v2.id, &g, NULL), KP_ENOTFOUND);
    assert_int_equal(kp_evaluation_version_get(&sw, v2.id, &g, NULL), KP_ENOTFOUND);
    assert_int_equal(kp_evaluation_versions(&lpr, "ZPR", at, &list, &n), KP_ENOTFOUND);
    assert_int_equal(kp_evaluation_version_get(&min, v2.id, &g, NULL), KP_OK);
    kp_chapters_free(ch, KP_CHAPTER_COUNT);
    assert_int_equal(kp_chapters_current(&zpr, "ZPR", at, ch), KP_OK);
    assert_int_equal(kp_evaluation_approve_version(&lpr, "ZPR", at, f2, 1, CSV2, ch, 0, &x), KP_ENOTFOUND);
    assert_int_equal(kp_evaluation_approve_version(&min, "ZPR", at, f2, 1, CSV2, ch, 0, &x), KP_EDENIED);
    assert_int_equal(kp_evaluation_approve_version(&f.ctx, "ALL", at, f2, 1, CSV2, ch, 0, &x), KP_ENOTFOUND);
    assert_int_equal(kp_evaluation_version_get(&zpr, 9999, &g, NULL), KP_ENOTFOUND);

    /* Bad arguments: no file, a duplicate or unknown format, empty bytes,
     * missing texts, NULLs. */
    kp_eval_file_in dup[] = {{"pdf", "a", 1}, {"pdf", "b", 1}};
    kp_eval_file_in odd[] = {{"docx", "a", 1}};
    kp_eval_file_in empty[] = {{"pdf", "", 0}};
    assert_int_equal(kp_evaluation_approve_version(&zpr, "ZPR", at, f2, 0, CSV2, ch, 0, &x), KP_EINVAL);
    assert_int_equal(kp_evaluation_approve_version(&zpr, "ZPR", at, dup, 2, CSV2, ch, 0, &x), KP_EINVAL);
    assert_int_equal(kp_evaluation_approve_version(&zpr, "ZPR", at, odd, 1, CSV2, ch, 0, &x), KP_EINVAL);
    assert_int_equal(kp_evaluation_approve_version(&zpr, "ZPR", at, empty, 1, CSV2, ch, 0, &x), KP_EINVAL);
    assert_int_equal(kp_evaluation_approve_version(&zpr, "ZPR", at, f2, 1, NULL, ch, 0, &x), KP_EINVAL);
    assert_int_equal(kp_evaluation_approve_version(&zpr, "ZPR", at, f2, 1, CSV2, NULL, 0, &x), KP_EINVAL);
    assert_int_equal(kp_evaluation_approve_version(&zpr, "ZPR", at, f2, 1, CSV2, ch, -1, &x), KP_EINVAL);
    assert_int_equal(kp_evaluation_approve_version(NULL, "ZPR", at, f2, 1, CSV2, ch, 0, &x), KP_EINVAL);
    assert_int_equal(kp_evaluation_approve_version(&zpr, "ZPR", at, f2, 1, CSV2, ch, 0, NULL), KP_EINVAL);
    assert_int_equal(kp_evaluation_versions(&zpr, "ZPR", at, NULL, &n), KP_EINVAL);
    assert_int_equal(kp_evaluation_version_get(&zpr, 0, &g, NULL), KP_EINVAL);
    assert_int_equal(kp_evaluation_version_file(&zpr, v1.id, "exe", &bytes, sha), KP_EINVAL);
    assert_int_equal(kp_evaluation_pending(&zpr, "ZPR", at, NULL, ch, &last, &pend), KP_EINVAL);
    assert_int_equal(kp_evaluation_next_version(&zpr, "ZPR", at, NULL), KP_EINVAL);
    assert_int_equal(count(&f, "SELECT COUNT(*) FROM evaluation_version"), 2);
    assert_int_equal(count(&f, "SELECT COUNT(*) FROM audit WHERE entity = 'evaluation_version' AND action = 'approve'"), 2);
    kp_chapters_free(ch, KP_CHAPTER_COUNT);
    kp_errors_free(&e);
    fixture_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chapter_versions),
        cmocka_unit_test(test_versions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
