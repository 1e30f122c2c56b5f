/* kopa export: every record of one kind as a CSV file that kopa import reads. */
#include "cli/cli.h"
#include "service/transfer/transfer.h"
#include "service/territory.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void list_kinds(FILE *f)
{
    const char *const *k = kp_transfer_kinds();
    for (size_t i = 0; k[i]; i++)
        fprintf(f, "%s%s", i ? ", " : "", k[i]);
}

static void help(void)
{
    printf("usage: kopa export --db FILE --kind KIND --out FILE.csv\n\n"
           "Writes every record of one kind as CSV (UTF-8, header row, ordered by id)\n"
           "in the format kopa import reads (see docs/import.md). --out - writes to\n"
           "standard output. The file is created with mode 0600: exports of clients\n"
           "and former_codes hold personal codes and are personal data. Text that a\n"
           "spreadsheet would run as a formula (starting with = + - @) is written\n"
           "with a ' in front, which kopa import drops again.\n\n"
           "kinds, in the order they must be imported:\n  ");
    list_kinds(stdout);
    printf("\n\n" KP_CLI_CONFIG_HELP);
}

static const char *why(kp_rc rc)
{
    switch (rc) {
    case KP_ECRYPTO: return "personal codes could not be decrypted: is the key file the one made with this database?";
    case KP_EIO: return "writing the file failed";
    case KP_EDENIED: return "not allowed";
    default: return kp_strerror(rc);
    }
}

/* Says on standard error which ATVK codes the export printed that are not
 * confirmed against the official classifier; the file itself stays as
 * import reads it. */
static void note_unconfirmed(kp_cli_db *h, const char *kind)
{
    kp_buf list;
    size_t n = 0;
    kp_buf_init(&list, KP_BUF_DEFAULT_MAX);
    if (kp_export_unconfirmed_codes(&h->ctx, kind, &list, &n) == KP_OK && n)
        fprintf(stderr,
                "kopa export: note: %zu ATVK code%s in this %s export %s not confirmed against the official classifier"
                " (see docs/catalogues.md): %s\n",
                n, n == 1 ? "" : "s", kind, n == 1 ? "is" : "are", kp_buf_str(&list));
    kp_buf_free(&list);
}

/* Writes to a temporary file next to `path` (mkstemp makes it 0600) and
 * renames it over `path` only when the export is complete, so a failure
 * never leaves a partial file and an old file's looser mode is not kept. */
static int export_to_file(kp_cli_db *h, const char *kind, const char *path)
{
    size_t n = strlen(path) + 8;
    char *tmp = malloc(n);
    if (!tmp) {
        fprintf(stderr, "kopa export: out of memory\n");
        return 1;
    }
    snprintf(tmp, n, "%s.XXXXXX", path);
    int status = 1;
    FILE *f = NULL;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "kopa export: cannot create a file next to %s\n", path);
        goto out;
    }
    f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(tmp);
        fprintf(stderr, "kopa export: cannot write %s\n", path);
        goto out;
    }
    kp_rc rc = kp_export_kind(&h->ctx, kind, f);
    if (fclose(f) != 0 && !rc)
        rc = KP_EIO;
    if (!rc && rename(tmp, path) != 0)
        rc = KP_EIO;
    if (rc) {
        unlink(tmp);
        fprintf(stderr, "kopa export: %s: %s; nothing was written\n", path, why(rc));
        goto out;
    }
    note_unconfirmed(h, kind);
    status = 0;
out:
    free(tmp);
    return status;
}

static int export_to_stdout(kp_cli_db *h, const char *kind)
{
    kp_rc rc = kp_export_kind(&h->ctx, kind, stdout);
    if (rc) {
        fprintf(stderr, "kopa export: %s; the output is incomplete\n", why(rc));
        return 1;
    }
    note_unconfirmed(h, kind);
    return 0;
}

int kp_cmd_export(int argc, char **argv)
{
    kp_opt opts[] = {{"db", false, NULL}, {"kind", false, NULL}, {"out", false, NULL}, {"help", true, NULL}};
    size_t nopts = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("export", argc, argv, opts, nopts))
        return 2;
    if (kp_cli_get(opts, nopts, "help")) {
        help();
        return 0;
    }
    const char *db = kp_cli_get(opts, nopts, "db"), *kind = kp_cli_get(opts, nopts, "kind");
    const char *out = kp_cli_get(opts, nopts, "out");
    if (!db || !kind || !out) {
        fprintf(stderr, "kopa export: --db FILE, --kind KIND and --out FILE.csv are required (see kopa export --help)\n");
        return 2;
    }
    if (!kp_transfer_kind_known(kind)) {
        fprintf(stderr, "kopa export: unknown kind '%s'; the kinds are: ", kind);
        list_kinds(stderr);
        fputc('\n', stderr);
        return 2;
    }
    kp_cli_db h;
    if (kp_cli_open(db, true, &h))
        return 1;
    int status = strcmp(out, "-") == 0 ? export_to_stdout(&h, kind) : export_to_file(&h, kind, out);
    kp_cli_close(&h);
    return status;
}
