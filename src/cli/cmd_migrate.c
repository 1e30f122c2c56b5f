/* kopa migrate: move a database into a new one (SQLite → PostgreSQL, or
 * any backend into any), verified by row counts and the evaluation. */
#include "cli/cli.h"
#include "core/buf.h"
#include "core/date.h"
#include "report/eval_chapters.h"
#include "report/eval_model.h"
#include "service/figures/eval_details.h"
#include "service/transfer/catalogue.h"
#include "service/transfer/db_copy.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void help(void)
{
    printf("usage: kopa migrate --from SRC --to DST\n\n"
           "Copies the whole database SRC into the new database DST and checks the copy:\n"
           "for example from the SQLite file FILE.db into a PostgreSQL database,\n"
           "  kopa migrate --from /var/lib/kopa/kopa.db --to postgresql://kopa@db1/kopa\n"
           "Each of SRC and DST is a SQLite file or a postgresql:// URL; PostgreSQL into\n"
           "a SQLite file and SQLite into SQLite work the same way.\n\n"
           "SRC must be an initialised Kopā database; like every command, opening it\n"
           "brings it to the current schema. DST must be empty: a file that does not\n"
           "exist yet, or a PostgreSQL database with no tables (createdb NAME). It is\n"
           "created with the same schema, then every table of the records and of the side\n"
           "tables (sessions, drafts, the access log …) is copied in one transaction,\n"
           "ids and all, from one snapshot of SRC; stop kopa serve first, or writes made\n"
           "meanwhile are not copied. Before the copy is committed, the row count of\n"
           "every table and the progress evaluation of every planning region and of ALL\n"
           "on today's date (the CSV of kopa report evaluation) are compared between SRC\n"
           "and DST, byte for byte.\n\n"
           "Personal codes are copied as the sealed bytes they are stored as: DST is read\n"
           "with the SAME key file as SRC, which is not copied or changed. Point the\n"
           "configuration's key file (or KOPA_KEY_FILE) at it; for a new SQLite file DST,\n"
           "copy SRC's key file to DST.key.\n\n"
           "SRC is only read. When anything fails, the message names the table (and the\n"
           "row) and nothing of the copy is left in DST: a new SQLite file is removed; a\n"
           "PostgreSQL database keeps the empty schema, so drop and create it again\n"
           "(dropdb, createdb) before the next attempt.\n\n"
           "Exit status: 0 copied and verified, 1 refused or failed, 2 wrong usage.\n");
}

/* A URL as it may be printed: a password in it is replaced by ***. */
static void shown(const char *uri, char *out, size_t outlen)
{
    const char *scheme = strstr(uri, "://");
    const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *colon = at ? memchr(scheme + 3, ':', (size_t)(at - scheme - 3)) : NULL;
    if (!colon)
        snprintf(out, outlen, "%s", uri);
    else
        snprintf(out, outlen, "%.*s:***%s", (int)(colon - uri), uri, at);
}

static bool is_url(const char *s) { return strstr(s, "://") != NULL; }

typedef struct verify_arg {
    kp_date today;
    char iso[11];
    size_t regions;
} verify_arg;

static void cli_ctx(kp_ctx *ctx, kp_store *st)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->db = st;
    ctx->role = KP_ROLE_SYSTEM;
    ctx->actor = "cli";
    ctx->lang = "en";
    kp_ctx_set_now(ctx);
}

/* The evaluation CSV of region at day, as kopa report evaluation gives it. */
static kp_rc evaluation_csv(kp_ctx *ctx, const char *region, kp_date at, kp_buf *out)
{
    kp_figures figs = {0};
    kp_rc rc = kp_eval_figures(ctx, region, at, &figs);
    if (!rc)
        rc = kp_eval_render(ctx, region, at, "csv", &figs, NULL, NULL, out);
    kp_figures_free(&figs);
    return rc;
}

/* The copy's last check, before it is committed: every region's evaluation
 * and the national one are the same bytes from both databases. */
static kp_rc same_evaluations(kp_store *from, kp_store *to, void *argp, char *err, size_t errlen)
{
    verify_arg *arg = argp;
    kp_ctx a, b;
    cli_ctx(&a, from);
    cli_ctx(&b, to);
    kp_eval_list regions = {0};
    kp_rc rc = kp_eval_regions(&a, &regions);
    if (rc) {
        snprintf(err, errlen, "the regions of the source cannot be read: %s", kp_strerror(rc));
        return rc;
    }
    const kp_eval_name *names = regions.items;
    for (size_t i = 0; !rc && i <= regions.n; i++) {
        const char *region = i < regions.n ? names[i].code : "ALL";
        kp_buf x, y;
        kp_buf_init(&x, 0);
        kp_buf_init(&y, 0);
        rc = evaluation_csv(&a, region, arg->today, &x);
        if (rc)
            snprintf(err, errlen, "the evaluation of %s on %s cannot be computed from the source: %s", region,
                     arg->iso, kp_strerror(rc));
        else if ((rc = evaluation_csv(&b, region, arg->today, &y)) != KP_OK)
            snprintf(err, errlen, "the evaluation of %s on %s cannot be computed from the copy: %s", region,
                     arg->iso, kp_strerror(rc));
        else if (x.len != y.len || (x.len && memcmp(x.data, y.data, x.len) != 0)) {
            size_t k = 0, line = 1;
            while (k < x.len && k < y.len && x.data[k] == y.data[k])
                line += x.data[k++] == '\n';
            snprintf(err, errlen,
                     "the evaluation of %s on %s differs between the source and the copy (first at line %zu of "
                     "the CSV)",
                     region, arg->iso, line);
            rc = KP_EDB;
        } else
            arg->regions++;
        kp_buf_free(&x);
        kp_buf_free(&y);
    }
    kp_eval_list_free(&regions);
    return rc;
}

int kp_cmd_migrate(int argc, char **argv)
{
    kp_opt opts[] = {{"from", false, NULL}, {"to", false, NULL}, {"help", true, NULL}};
    size_t n = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("migrate", argc, argv, opts, n))
        return 2;
    if (kp_cli_get(opts, n, "help")) {
        help();
        return 0;
    }
    const char *from = kp_cli_get(opts, n, "from"), *to = kp_cli_get(opts, n, "to");
    if (!from || !to) {
        fprintf(stderr, "kopa migrate: --from SRC and --to DST are required (see kopa migrate --help)\n");
        return 2;
    }
    char src_name[512], dst_name[512];
    shown(from, src_name, sizeof src_name);
    shown(to, dst_name, sizeof dst_name);
    if (strcmp(from, to) == 0) {
        fprintf(stderr, "kopa migrate: --from and --to name the same database; DST must be a new, empty one\n");
        return 2;
    }
    if (kp_cli_refuse_foreign_owner(from, false) || (!is_url(to) && kp_cli_refuse_foreign_owner(to, true)))
        return 1;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char err[1024];
    kp_store *src = NULL, *dst = NULL;
    int status = 1;
    bool created = false;
    kp_db_copy_report rep = {0};
    if (kp_store_open_existing(from, &src, err, sizeof err)) {
        fprintf(stderr, "kopa migrate: the source %s: %s\n", src_name, err);
        goto out;
    }
    kp_ctx sctx;
    cli_ctx(&sctx, src);
    if (!kp_catalogue_loaded(&sctx)) {
        fprintf(stderr, "kopa migrate: the source %s is not initialised (no catalogues); nothing to move\n",
                src_name);
        goto out;
    }
    kp_rc rc = kp_store_create(to, &dst, err, sizeof err);
    if (rc) {
        fprintf(stderr, "kopa migrate: the target %s: %s\n", dst_name, err);
        if (rc == KP_ECONFLICT)
            fprintf(stderr, "kopa migrate: DST must be empty (a new file, or a PostgreSQL database without tables); "
                            "nothing was written\n");
        goto out;
    }
    created = true;
    verify_arg va = {0};
    snprintf(va.iso, sizeof va.iso, "%.10s", sctx.now);
    if (kp_date_parse_iso(va.iso, &va.today)) {
        fprintf(stderr, "kopa migrate: the system clock gives no date\n");
        goto out;
    }
    printf("copying %s into %s\n", src_name, dst_name);
    fflush(stdout);
    rc = kp_db_copy(src, dst, same_evaluations, &va, &rep, err, sizeof err);
    if (rc) {
        fprintf(stderr, "kopa migrate: %s\n", err);
        goto out;
    }
    for (size_t i = 0; i < rep.n; i++)
        printf("  %s.%s: %lld rows\n", rep.t[i].schema, rep.t[i].name, (long long)rep.t[i].rows);
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("copied %zu tables, %lld rows in %.2f s; row counts equal in every table\n", rep.n, (long long)rep.rows,
           secs);
    printf("the evaluation on %s of %zu regions and ALL is the same in both\n", va.iso,
           va.regions ? va.regions - 1 : 0);
    printf("the key file was not copied: open %s with the same key file as %s\n", dst_name, src_name);
    status = 0;
out:
    kp_db_copy_report_free(&rep);
    kp_store_close(src);
    if (dst)
        kp_store_close(dst);
    if (status && created) {
        if (!is_url(to)) {
            kp_store_remove(to);
            fprintf(stderr, "kopa migrate: nothing was copied; the new file %s was removed\n", dst_name);
        } else
            fprintf(stderr,
                    "kopa migrate: nothing was copied; %s holds an empty Kopā schema now: drop the database and create "
                    "it again (dropdb, createdb) before the next attempt, do not use it\n",
                    dst_name);
    }
    return status;
}
