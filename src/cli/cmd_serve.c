/* kopa serve: the web interface and the JSON API over HTTP. */
#include "cli/cli.h"
#include "web/server.h"
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    printf("usage: kopa serve --db FILE [--listen HOST:PORT] [--threads N]\n"
           "                  [--secure-cookies] [--trust-proxy] [--quiet]\n\n"
           "Serves the web interface and the JSON API (/api/v1) on HOST:PORT\n"
           "(default 127.0.0.1:8080; port 0 picks a free one, printed at start).\n"
           "  --threads N        worker threads, 2-64 (default 4); one database\n"
           "                     connection each\n"
           "  --secure-cookies   mark cookies Secure (serve behind TLS)\n"
           "  --trust-proxy      believe X-Forwarded-Proto/-For from a reverse proxy\n"
           "  --quiet            no access log (one line per request on stderr)\n"
           "Accounts: kopa user add. Stops cleanly on SIGTERM or SIGINT: no new\n"
           "connections, requests in flight finish, the database is closed.\n");
}

int kp_cmd_serve(int argc, char **argv)
{
    kp_opt opts[] = {{"db", false, NULL},          {"listen", false, NULL},      {"threads", false, NULL},
                     {"secure-cookies", true, NULL}, {"trust-proxy", true, NULL}, {"quiet", true, NULL},
                     {"help", true, NULL}};
    size_t n = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("serve", argc, argv, opts, n))
        return 2;
    if (kp_cli_get(opts, n, "help")) {
        help();
        return 0;
    }
    const char *db = kp_cli_get(opts, n, "db");
    if (!db) {
        fprintf(stderr, "kopa serve: --db FILE is required\n");
        return 2;
    }
    unsigned threads = 4;
    const char *t = kp_cli_get(opts, n, "threads");
    if (t) {
        char *end = NULL;
        unsigned long v = strtoul(t, &end, 10);
        if (!end || *end || v < 2 || v > 64) {
            fprintf(stderr, "kopa serve: --threads must be a number from 2 to 64\n");
            return 2;
        }
        threads = (unsigned)v;
    }
    /* The same checks and messages as every other command. */
    kp_cli_db h;
    if (kp_cli_open(db, true, &h))
        return 1;
    kp_cli_close(&h);

    /* Signals are taken by this thread alone (sigwait); the workers, started
     * after this, inherit the blocked mask. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    kp_web_options o = {
        .db_path = db,
        .listen = kp_cli_get(opts, n, "listen") ? kp_cli_get(opts, n, "listen") : "127.0.0.1:8080",
        .threads = threads,
        .secure_cookies = kp_cli_get(opts, n, "secure-cookies") != NULL,
        .trust_proxy = kp_cli_get(opts, n, "trust-proxy") != NULL,
        .access_log = kp_cli_get(opts, n, "quiet") == NULL,
    };
    kp_web_app *app = NULL;
    char err[512];
    if (kp_web_start(&o, &app, err, sizeof err)) {
        fprintf(stderr, "kopa serve: %s\n", err);
        return 1;
    }
    char host[64];
    const char *colon = strrchr(o.listen, ':');
    snprintf(host, sizeof host, "%.*s", colon ? (int)(colon - o.listen) : 9, colon ? o.listen : "127.0.0.1");
    printf("kopa serve: listening on http://%s:%u/\n", host, kp_web_port(app));
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "kopa serve: %s received, stopping\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    kp_web_stop(app);
    fprintf(stderr, "kopa serve: stopped\n");
    return 0;
}
