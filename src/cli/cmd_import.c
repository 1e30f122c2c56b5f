/* kopa import: one CSV file of one kind of record, all or nothing. */
#include "cli/cli.h"
#include "service/transfer/transfer.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void list_kinds(FILE *f)
{
    const char *const *k = kp_transfer_kinds();
    for (size_t i = 0; k[i]; i++)
        fprintf(f, "%s%s", i ? ", " : "", k[i]);
}

static void help(void)
{
    printf("usage: kopa import --db FILE --kind KIND FILE.csv\n\n"
           "Imports one CSV file (UTF-8, header row) of one kind of record, all or\n"
           "nothing: every row is checked as a form would be, every problem is listed\n"
           "with its file, line and column, and if there is any, nothing is written.\n"
           "After %d problems the rest are only counted. FILE must be a regular\n"
           "file, not a symbolic link. The columns of each kind, and the ' that\n"
           "exports put in front of text a spreadsheet would run as a formula, are\n"
           "described in docs/import.md.\n\n"
           "kinds, in the order they must be imported:\n  ",
           KP_IMPORT_MAX_ERRORS);
    list_kinds(stdout);
    printf("\n\n" KP_CLI_CONFIG_HELP);
}

/* Options that take a value, so that their value is not taken for the file. */
static bool takes_value(const char *arg)
{
    return strcmp(arg, "--db") == 0 || strcmp(arg, "--kind") == 0 || strcmp(arg, "--config") == 0;
}

/* Splits argv into options (for kp_cli_parse) and the one file name.
 * Returns 0, or 2 after a message. `opts_argv` has room for argc entries. */
static int split_args(int argc, char **argv, char **opts_argv, int *nopts_argv, const char **file)
{
    *nopts_argv = 0;
    *file = NULL;
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) == 0) {
            opts_argv[(*nopts_argv)++] = argv[i];
            if (takes_value(argv[i]) && i + 1 < argc)
                opts_argv[(*nopts_argv)++] = argv[++i];
            continue;
        }
        if (*file) {
            fprintf(stderr, "kopa import: give one file at a time ('%s' and '%s')\n", *file, argv[i]);
            return 2;
        }
        *file = argv[i];
    }
    return 0;
}

/* A warning as "warning: file:line: column 'x': message". */
static void print_warnings(const kp_errors *w)
{
    for (size_t i = 0; i < w->n; i++) {
        kp_field_error x = w->items[i];
        const char *msg = x.message;
        if (strncmp(msg, "warning: ", 9) == 0)
            msg += 9;
        memmove(x.message, msg, strlen(msg) + 1);
        fputs("warning: ", stderr);
        kp_errors one = {.items = &x, .n = 1, .cap = 1};
        kp_cli_print_errors(&one);
    }
}

static int run_import(const char *db, const char *kind, const char *file)
{
    kp_cli_db h;
    if (kp_cli_open(db, true, &h))
        return 1;
    kp_errors e;
    kp_errors_init(&e);
    size_t rows = 0;
    kp_rc rc = kp_import_kind(&h.ctx, kind, file, &e, &rows);
    int status = 0;
    size_t total = e.n + e.more;
    if (rc) {
        kp_cli_print_errors(&e);
        if (e.more)
            fprintf(stderr, "kopa import: … and %zu more problems, not listed (the first %zu are above)\n", e.more,
                    e.n);
        fprintf(stderr, "kopa import: %s was refused (%zu problem%s); nothing was imported\n", file, total,
                total == 1 ? "" : "s");
        status = 1;
    } else {
        print_warnings(&e);
        if (e.more)
            fprintf(stderr, "kopa import: … and %zu more warnings, not listed\n", e.more);
        printf("imported %zu rows of %s\n", rows, kind);
    }
    kp_errors_free(&e);
    kp_cli_close(&h);
    return status;
}

int kp_cmd_import(int argc, char **argv)
{
    kp_opt opts[] = {{"db", false, NULL}, {"kind", false, NULL}, {"help", true, NULL}};
    size_t nopts = sizeof opts / sizeof opts[0];
    char **opt_argv = calloc((size_t)argc + 1, sizeof *opt_argv);
    if (!opt_argv) {
        fprintf(stderr, "kopa import: out of memory\n");
        return 1;
    }
    int nopt_argv = 0, status = 2;
    const char *file = NULL;
    if (split_args(argc, argv, opt_argv, &nopt_argv, &file) || kp_cli_parse("import", nopt_argv, opt_argv, opts, nopts))
        goto out;
    if (kp_cli_get(opts, nopts, "help")) {
        help();
        status = 0;
        goto out;
    }
    const char *db = kp_cli_get(opts, nopts, "db"), *kind = kp_cli_get(opts, nopts, "kind");
    if (!db || !kind || !file) {
        fprintf(stderr, "kopa import: --db FILE, --kind KIND and the CSV file are required (see kopa import --help)\n");
        goto out;
    }
    if (!kp_transfer_kind_known(kind)) {
        fprintf(stderr, "kopa import: unknown kind '%s'; the kinds are: ", kind);
        list_kinds(stderr);
        fputc('\n', stderr);
        goto out;
    }
    status = run_import(db, kind, file);
out:
    free(opt_argv);
    return status;
}
