/* kopa_storm: a write storm against a running `kopa serve`, for the
 * robustness tests (tests/robustness/). It logs in through the JSON API,
 * then registers new clients (POST /api/v1/clients) over several kept-alive
 * connections in parallel, each with a unique key: the family name
 * "Storm-SSTNNNNN" (series, thread, number) and a personal code made from
 * it. The key of every write answered 201 is appended to the --acked log
 * the moment the answer arrives (one write(2) per line on an O_APPEND file,
 * so nothing acknowledged is lost when the server is killed); 503s go to
 * the --refused log. A checker then compares the logs with the database.
 *
 * It stops after --seconds, after --max writes, or as soon as the server
 * refuses connections (it was killed). It prints one summary line:
 *   storm: series=… writes=… ok=… refused=… other=… lost=… gets=… get_ok=…
 *          get_refused=… get_other=… no_retry_after=… first_ok_ms=… elapsed_ms=…
 * Exit status: 0 after a storm, 2 for wrong usage or a failed login, 3 when
 * a log could not be written. */
#include "http_client.h"
#include "core/personal_code.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 10 /* the key has one digit for the thread */

static struct {
    unsigned port;
    const char *user, *password, *session_file, *acked_path, *refused_path;
    int series;
    int conns;
    double seconds;
    long max_writes;
    long get_id;     /* a client to read now and then, 0 for none */
    int get_every;   /* every n-th request of a thread is that read */
} opt = {.conns = 4, .seconds = 5, .max_writes = 1000000, .get_every = 5};

static char g_auth[512];
static int g_acked_fd = -1, g_refused_fd = -1;
static atomic_bool g_stop;
static atomic_long g_writes, g_ok, g_refused, g_other, g_lost, g_gets, g_get_ok, g_get_refused, g_get_other,
    g_no_retry_after, g_first_ok_ms = -1;
static atomic_int g_log_failed;
static char g_other_statuses[256];
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static struct timespec g_start;

static long elapsed_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)((now.tv_sec - g_start.tv_sec) * 1000 + (now.tv_nsec - g_start.tv_nsec) / 1000000);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: kopa_storm --port P (--user U --password PW | --session FILE) --series 0-99\n"
            "                  --acked FILE [--refused FILE] [--conns 1-%d] [--seconds S] [--max N]\n"
            "                  [--get-id ID [--get-every N]]\n"
            "--session FILE: reuse the login saved there, or log in (--user) and save it.\n",
            MAX_THREADS);
    exit(2);
}

static void append_line(int fd, const char *line)
{
    if (fd < 0)
        return;
    size_t n = strlen(line);
    if (write(fd, line, n) != (ssize_t)n)
        atomic_store(&g_log_failed, 1);
}

static void note_other(int status)
{
    pthread_mutex_lock(&g_mu);
    size_t len = strlen(g_other_statuses);
    if (len < sizeof g_other_statuses - 8)
        snprintf(g_other_statuses + len, sizeof g_other_statuses - len, "%s%d", len ? "," : "", status);
    pthread_mutex_unlock(&g_mu);
}

/* ---- Login ---- */

static int login(void)
{
    tc_conn c;
    tc_init(&c, opt.port);
    char body[512];
    snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", opt.user, opt.password);
    tc_resp r;
    int rc = -1;
    if (tc_request(&c, "POST", "/api/v1/login", NULL, "application/json", body, strlen(body), &r) == 0) {
        char *cookie = tc_set_cookie(&r, "kopa_session");
        const char *t = r.status == 200 ? strstr(r.body, "\"csrf\":") : NULL;
        t = t ? strchr(t + 7, '"') : NULL;
        if (cookie && t) {
            snprintf(g_auth, sizeof g_auth, "Cookie: %s\r\nX-CSRF-Token: %.*s\r\n", cookie,
                     (int)strcspn(t + 1, "\""), t + 1);
            rc = 0;
        } else {
            fprintf(stderr, "kopa_storm: login answered %d\n", r.status);
        }
        free(cookie);
        tc_resp_free(&r);
    } else {
        fprintf(stderr, "kopa_storm: login failed: %s\n", strerror(c.last_errno));
    }
    tc_close(&c);
    return rc;
}

static int load_or_save_session(void)
{
    if (opt.session_file) {
        FILE *f = fopen(opt.session_file, "r");
        if (f) {
            size_t n = fread(g_auth, 1, sizeof g_auth - 1, f);
            g_auth[n] = '\0';
            fclose(f);
            if (n > 0)
                return 0;
        }
    }
    if (!opt.user || !opt.password)
        usage();
    if (login())
        return -1;
    if (opt.session_file) {
        FILE *f = fopen(opt.session_file, "w");
        if (!f || fputs(g_auth, f) < 0 || fclose(f) != 0) {
            fprintf(stderr, "kopa_storm: cannot save the session in %s\n", opt.session_file);
            return -1;
        }
    }
    return 0;
}

/* ---- The storm ---- */

static bool server_gone(const tc_conn *c)
{
    return c->last_errno == ECONNREFUSED;
}

static void do_get(tc_conn *c)
{
    char path[64];
    snprintf(path, sizeof path, "/api/v1/clients/%ld", opt.get_id);
    tc_resp r;
    atomic_fetch_add(&g_gets, 1);
    if (tc_request(c, "GET", path, g_auth, NULL, NULL, 0, &r)) {
        atomic_fetch_add(&g_lost, 1);
        if (server_gone(c))
            atomic_store(&g_stop, true);
        return;
    }
    if (r.status == 200) {
        atomic_fetch_add(&g_get_ok, 1);
    } else if (r.status == 503) {
        atomic_fetch_add(&g_get_refused, 1);
        char *ra = tc_header(&r, "Retry-After");
        if (!ra)
            atomic_fetch_add(&g_no_retry_after, 1);
        free(ra);
    } else {
        atomic_fetch_add(&g_get_other, 1);
        note_other(r.status);
    }
    tc_resp_free(&r);
}

static void *worker(void *arg)
{
    int t = (int)(intptr_t)arg;
    tc_conn c;
    tc_init(&c, opt.port);
    c.timeout_ms = 15000;
    for (long seq = 0; seq < 100000 && !atomic_load(&g_stop); seq++) {
        if (elapsed_ms() >= (long)(opt.seconds * 1000))
            break;
        if (opt.get_id > 0 && seq % opt.get_every == opt.get_every - 1) {
            do_get(&c);
            continue;
        }
        if (atomic_fetch_add(&g_writes, 1) >= opt.max_writes) {
            atomic_fetch_sub(&g_writes, 1);
            break;
        }
        long key = (long)opt.series * 1000000L + t * 100000L + seq;
        char digits[16], code[16], family[24], body[512], headers[700], line[40];
        snprintf(digits, sizeof digits, "32%08ld", key % 100000000L);
        snprintf(code, sizeof code, "%.6s-%.4s%d", digits, digits + 6, kp_pc_check_digit(digits));
        snprintf(family, sizeof family, "Storm-%08ld", key);
        snprintf(body, sizeof body,
                 "{\"personal_code\":\"%s\",\"given_name\":\"Vētra\",\"family_name\":\"%s\","
                 "\"birth_date\":\"1970-01-01\",\"municipality\":\"0025000\",\"target_group\":\"grt\","
                 "\"registered_on\":\"2022-01-03\"}",
                 code, family);
        snprintf(headers, sizeof headers, "%sIdempotency-Key: %s\r\n", g_auth, family);
        tc_resp r;
        if (tc_request(&c, "POST", "/api/v1/clients", headers, "application/json", body, strlen(body), &r)) {
            /* No answer: the write may or may not be stored; it was not
             * acknowledged, so nothing is claimed about it. */
            atomic_fetch_add(&g_lost, 1);
            if (server_gone(&c))
                atomic_store(&g_stop, true);
            continue;
        }
        snprintf(line, sizeof line, "%s\n", family);
        if (r.status == 201) {
            append_line(g_acked_fd, line);
            atomic_fetch_add(&g_ok, 1);
            long expected = -1;
            atomic_compare_exchange_strong(&g_first_ok_ms, &expected, elapsed_ms());
        } else if (r.status == 503) {
            append_line(g_refused_fd, line);
            atomic_fetch_add(&g_refused, 1);
            char *ra = tc_header(&r, "Retry-After");
            if (!ra)
                atomic_fetch_add(&g_no_retry_after, 1);
            free(ra);
        } else {
            atomic_fetch_add(&g_other, 1);
            note_other(r.status);
        }
        tc_resp_free(&r);
    }
    tc_close(&c);
    return NULL;
}

static long num(const char *s, long lo, long hi)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || !end || *end || v < lo || v > hi)
        usage();
    return v;
}

static double seconds(const char *s)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || !end || *end || !(v > 0 && v <= 3600))
        usage();
    return v;
}

static int open_log(const char *path)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "kopa_storm: cannot open %s: %s\n", path, strerror(errno));
        exit(3);
    }
    return fd;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            usage();
        i++;
        if (strcmp(a, "--port") == 0)
            opt.port = (unsigned)num(v, 1, 65535);
        else if (strcmp(a, "--user") == 0)
            opt.user = v;
        else if (strcmp(a, "--password") == 0)
            opt.password = v;
        else if (strcmp(a, "--session") == 0)
            opt.session_file = v;
        else if (strcmp(a, "--series") == 0)
            opt.series = (int)num(v, 0, 99);
        else if (strcmp(a, "--acked") == 0)
            opt.acked_path = v;
        else if (strcmp(a, "--refused") == 0)
            opt.refused_path = v;
        else if (strcmp(a, "--conns") == 0)
            opt.conns = (int)num(v, 1, MAX_THREADS);
        else if (strcmp(a, "--seconds") == 0)
            opt.seconds = seconds(v);
        else if (strcmp(a, "--max") == 0)
            opt.max_writes = num(v, 0, 100000L * MAX_THREADS);
        else if (strcmp(a, "--get-id") == 0)
            opt.get_id = num(v, 1, 1L << 40);
        else if (strcmp(a, "--get-every") == 0)
            opt.get_every = (int)num(v, 1, 1000);
        else
            usage();
    }
    if (!opt.port || !opt.acked_path || opt.seconds <= 0)
        usage();
    if (load_or_save_session())
        return 2;
    g_acked_fd = open_log(opt.acked_path);
    if (opt.refused_path)
        g_refused_fd = open_log(opt.refused_path);
    clock_gettime(CLOCK_MONOTONIC, &g_start);
    pthread_t th[MAX_THREADS];
    for (int t = 0; t < opt.conns; t++)
        if (pthread_create(&th[t], NULL, worker, (void *)(intptr_t)t) != 0) {
            fprintf(stderr, "kopa_storm: cannot start a thread\n");
            return 2;
        }
    for (int t = 0; t < opt.conns; t++)
        pthread_join(th[t], NULL);
    close(g_acked_fd);
    if (g_refused_fd >= 0)
        close(g_refused_fd);
    printf("storm: series=%d writes=%ld ok=%ld refused=%ld other=%ld lost=%ld gets=%ld get_ok=%ld get_refused=%ld"
           " get_other=%ld no_retry_after=%ld first_ok_ms=%ld elapsed_ms=%ld other_statuses=%s\n",
           opt.series, atomic_load(&g_writes), atomic_load(&g_ok), atomic_load(&g_refused), atomic_load(&g_other),
           atomic_load(&g_lost), atomic_load(&g_gets), atomic_load(&g_get_ok), atomic_load(&g_get_refused),
           atomic_load(&g_get_other), atomic_load(&g_no_retry_after), atomic_load(&g_first_ok_ms), elapsed_ms(),
           g_other_statuses[0] ? g_other_statuses : "-");
    if (atomic_load(&g_log_failed)) {
        fprintf(stderr, "kopa_storm: a log could not be written: the acknowledged keys are incomplete\n");
        return 3;
    }
    return 0;
}
