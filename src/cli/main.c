/* kopa: the command-line front door; dispatches to one file per subcommand. */
#include "cli/cli.h"
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const kp_cli_cmd COMMANDS[] = {
    {"init", "create a database, its key file and load the catalogues", kp_cmd_init},
    {"demo", "create a database with the synthetic Zemgale demo records", kp_cmd_demo},
    {"import", "import one CSV file of one kind, all or nothing", kp_cmd_import},
    {"export", "export one kind of record as CSV", kp_cmd_export},
    {"report", "compute a report (evaluation) from the records", kp_cmd_report},
    {"serve", "serve the web interface and the JSON API", kp_cmd_serve},
    {"user", "add, change, disable and list user accounts", kp_cmd_user},
    {"document", "make a case document (support plan, decision, referral, statement) as PDF", kp_cmd_document},
    {"client", "register a client as a named user (as the registration page)", kp_cmd_client},
    {"assign", "grant a service to a client as a named user (as the assign page)", kp_cmd_assign_service},
    {"plan", "approve a support plan as a named user (as the approval page)", kp_cmd_plan},
    {"claim", "build, verify and pay compensation claims", kp_cmd_claim},
    {"backup", "copy the database while it is in use, verified (not the key file)", kp_cmd_backup},
    {"restore", "put a backup in place of a database, after checking it and its key", kp_cmd_restore},
    {"migrate", "move a database into a new one (SQLite to PostgreSQL), verified", kp_cmd_migrate},
    {"check-db", "check a database's structure and that its key file belongs to it", kp_cmd_check_db},
    {"check", "the data-quality report: records that break a rule, and what to do", kp_cmd_check},
    {"figures", "the records behind a figure of the evaluation, and their check", kp_cmd_figures},
    {"subject-export", "everything held about one person (GDPR Art. 15), as JSON or PDF", kp_cmd_subject_export},
    {"retention", "pseudonymise closed cases and delete old access records by the retention rules", kp_cmd_retention},
    {"privacy", "the record of processing activities; restrict or lift a client's record (GDPR Art. 30, 18)", kp_cmd_privacy},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: kopa COMMAND [OPTIONS]\n\nKopā — the information system for deinstitutionalisation of social care.\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        fprintf(f, "  %-9s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(f, "\nRun 'kopa COMMAND --help' for a command's options; every command takes\n"
               "--config FILE (e.g. /etc/kopa/kopa.conf) for the database and key file.\n"
               "The manual: man kopa.\n");
}

int main(int argc, char **argv)
{
    /* Everything kopa creates holds personal data or leads to it (database,
     * its -wal/-shm/journal, key, backups, exports, documents, reports):
     * readable by the owner only, whatever umask it was started with. */
    umask(077);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++) {
        if (strcmp(argv[1], COMMANDS[i].name) == 0) {
            int status = COMMANDS[i].run(argc - 2, argv + 2);
            kp_cli_release();
            return status;
        }
    }
    fprintf(stderr, "kopa: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return 2;
}
