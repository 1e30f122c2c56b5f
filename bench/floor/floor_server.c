/* The floor of Kopā's pages: a bare libmicrohttpd server answering every
 * request with one fixed HTML page, started with the same daemon flags,
 * thread pool and connection timeout as `kopa serve` (src/web/server.c), so
 * that `make bench` can say what share of the bare server's request rate a
 * page reaches. No database, no session, no audit: only HTTP.
 *
 * usage: kopa_floor_server PORT [THREADS] [BODY_BYTES]
 * Runs until SIGINT or SIGTERM. */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t g_stop;
static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

static struct MHD_Response *g_page;

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *data, size_t *size, void **state)
{
    (void)cls;
    (void)url;
    (void)method;
    (void)version;
    (void)data;
    (void)size;
    (void)state;
    return MHD_queue_response(c, MHD_HTTP_OK, g_page);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: kopa_floor_server PORT [THREADS] [BODY_BYTES]\n");
        return 2;
    }
    long port = strtol(argv[1], NULL, 10);
    long threads = argc > 2 ? strtol(argv[2], NULL, 10) : 4;
    long body = argc > 3 ? strtol(argv[3], NULL, 10) : 4096;
    if (port <= 0 || port > 65535 || threads < 1 || threads > 64 || body < 64 || body > (1 << 20)) {
        fprintf(stderr, "kopa_floor_server: bad arguments\n");
        return 2;
    }
    /* A page of the asked size: valid HTML padded with a paragraph. */
    char *page = malloc((size_t)body + 1);
    if (!page)
        return 1;
    static const char head[] = "<!DOCTYPE html><html lang=\"lv\"><head><meta charset=\"utf-8\"><title>Kopā</title>"
                               "</head><body><p>";
    static const char tail[] = "</p></body></html>\n";
    size_t n = (size_t)body;
    memset(page, 'x', n);
    memcpy(page, head, sizeof head - 1);
    memcpy(page + n - (sizeof tail - 1), tail, sizeof tail - 1);
    page[n] = '\0';
    g_page = MHD_create_response_from_buffer(n, page, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(g_page, "Content-Type", "text/html; charset=utf-8");
    MHD_add_response_header(g_page, "Cache-Control", "no-store");
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, (uint16_t)port, NULL, NULL,
        on_request, NULL, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)60, MHD_OPTION_CONNECTION_LIMIT, (unsigned)16384, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "kopa_floor_server: cannot listen on port %ld\n", port);
        return 1;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    printf("kopa_floor_server: listening on 127.0.0.1:%ld\n", port);
    fflush(stdout);
    while (!g_stop)
        pause();
    MHD_stop_daemon(d);
    MHD_destroy_response(g_page);
    free(page);
    return 0;
}
