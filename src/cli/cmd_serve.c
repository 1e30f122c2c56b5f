/* kopa serve: the web interface and the JSON API over HTTP. */
#include "cli/cli.h"
#include "cli/config.h"
#include "web/server.h"
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static void help(void)
{
    printf("usage: kopa serve --db FILE [--listen HOST:PORT] [--threads N]\n"
           "                  [--secure-cookies] [--trust-proxy] [--quiet]\n"
           "                  [--max-connections N] [--max-per-address N]\n"
           "                  [--header-timeout S] [--keepalive-timeout S] [--body-timeout S]\n\n"
           "Serves the web interface and the JSON API (/api/v1) on HOST:PORT\n"
           "(default 127.0.0.1:8080; port 0 picks a free one, printed at start).\n"
           "  --threads N             worker threads, 2-64 (default 4); one database\n"
           "                          connection each\n"
           "  --secure-cookies        mark cookies Secure (serve behind TLS)\n"
           "  --trust-proxy           believe X-Forwarded-Proto/-For from a reverse proxy\n"
           "  --quiet                 no access log (one line per request on stderr)\n\n"
           "Limits against clients that hold connections open or send slowly (the\n"
           "open-file limit is raised to its hard limit at start):\n"
           "  --max-connections N     open connections in all; over it idle ones are\n"
           "                          closed to make room, else a request gets 503 with\n"
           "                          Retry-After (default: from the open-file limit,\n"
           "                          at most 16384)\n"
           "  --max-per-address N     the same per client IPv4 address or IPv6 /64\n"
           "                          (default 1024, fewer with a low open-file limit;\n"
           "                          0: no limit, the default with --trust-proxy)\n"
           "  --header-timeout S      seconds a new connection has to send its whole\n"
           "                          request head (default 10); sending slowly does\n"
           "                          not extend it\n"
           "  --keepalive-timeout S   seconds an answered connection may take to send\n"
           "                          its next request head (default 5)\n"
           "  --body-timeout S        seconds for a request body to arrive whole\n"
           "                          (default 30)\n"
           "At start the database's structure is checked (PRAGMA quick_check) and its\n"
           "key file must be the one made with it; a damaged database is not served.\n\n"
           "Accounts: kopa user add. Stops cleanly on SIGTERM or SIGINT: no new\n"
           "connections, requests in flight finish, the database is closed.\n\n"
           KP_CLI_CONFIG_HELP);
}

/* A whole number from option `name` in the range the configuration file
 * also takes (config.c); *out is left as it is when absent. Returns
 * non-zero (after a message) when it is not one. */
static int number_opt(const kp_opt *opts, size_t n, const char *name, unsigned *out)
{
    const char *v = kp_cli_get(opts, n, name);
    unsigned long lo = 0, hi = 0;
    if (!v || !kp_config_range(name, &lo, &hi))
        return 0;
    char *end = NULL;
    unsigned long x = strtoul(v, &end, 10);
    if (!*v || !end || *end || v[0] == '-' || x < lo || x > hi) {
        fprintf(stderr, "kopa serve: --%s must be a number from %lu to %lu\n", name, lo, hi);
        return 2;
    }
    *out = (unsigned)x;
    return 0;
}

/* Connections are open files: take all the process may have. */
static void raise_open_file_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == rl.rlim_max)
        return;
    rlim_t want = rl.rlim_max == RLIM_INFINITY ? (rlim_t)1048576 : rl.rlim_max;
    if (want <= rl.rlim_cur)
        return;
    rl.rlim_cur = want;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
        fprintf(stderr, "kopa serve: could not raise the open-file limit to %lu\n", (unsigned long)want);
}

int kp_cmd_serve(int argc, char **argv)
{
    kp_opt opts[] = {{"db", false, NULL},
                     {"listen", false, NULL},
                     {"threads", false, NULL},
                     {"secure-cookies", true, NULL},
                     {"trust-proxy", true, NULL},
                     {"quiet", true, NULL},
                     {"max-connections", false, NULL},
                     {"max-per-address", false, NULL},
                     {"header-timeout", false, NULL},
                     {"keepalive-timeout", false, NULL},
                     {"body-timeout", false, NULL},
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
    unsigned threads = 4, max_conn = 0, per_addr = 0, header_to = 0, keepalive_to = 0, body_to = 0;
    bool per_addr_given = kp_cli_get(opts, n, "max-per-address") != NULL;
    if (number_opt(opts, n, "threads", &threads) || number_opt(opts, n, "max-connections", &max_conn) ||
        number_opt(opts, n, "max-per-address", &per_addr) || number_opt(opts, n, "header-timeout", &header_to) ||
        number_opt(opts, n, "keepalive-timeout", &keepalive_to) || number_opt(opts, n, "body-timeout", &body_to))
        return 2;
    if (per_addr_given && per_addr == 0)
        per_addr = KP_WEB_NO_LIMIT;
    /* The same checks and messages as every other command. */
    kp_cli_db h;
    if (kp_cli_open(db, true, &h))
        return 1;
    /* A damaged page is found now, not by the first person whose page
     * happens to lie on it. */
    char cerr[1024];
    if (kp_store_check(h.store, true, cerr, sizeof cerr)) {
        fprintf(stderr,
                "kopa: database %s is damaged (quick_check: %s); it is not served. Stop using it and restore the "
                "last good backup: kopa restore --from BACKUP --db %s --force\n",
                db, cerr, db);
        kp_cli_close(&h);
        return 1;
    }
    kp_cli_close(&h);

    /* Signals are taken by this thread alone (sigwait); the workers, started
     * after this, inherit the blocked mask. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    raise_open_file_limit();

    kp_web_options o = {
        .db_path = db,
        .listen = kp_cli_get(opts, n, "listen") ? kp_cli_get(opts, n, "listen") : "127.0.0.1:8080",
        .threads = threads,
        .secure_cookies = kp_cli_get(opts, n, "secure-cookies") != NULL,
        .trust_proxy = kp_cli_get(opts, n, "trust-proxy") != NULL,
        .access_log = kp_cli_get(opts, n, "quiet") == NULL,
        .max_connections = max_conn,
        .max_per_address = per_addr,
        .header_timeout = header_to,
        .keepalive_timeout = keepalive_to,
        .body_timeout = body_to,
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
    kp_web_limits lim;
    kp_web_get_limits(app, &lim);
    char per[32] = "no limit";
    if (lim.max_per_address)
        snprintf(per, sizeof per, "%u", lim.max_per_address);
    fprintf(stderr,
            "kopa serve: up to %u connections (%s per address; none accepted beyond %u, open-file limit %lu); "
            "request head within %u s, body %u s, keep-alive %u s\n",
            lim.max_connections, per, lim.hard_connections, lim.open_files, lim.header_timeout, lim.body_timeout,
            lim.keepalive_timeout);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "kopa serve: %s received, stopping\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    kp_web_stop(app);
    fprintf(stderr, "kopa serve: stopped\n");
    return 0;
}
