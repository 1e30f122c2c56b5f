/* A small load tool for the robustness tests: holds connections that send
 * nothing, trickle a request head or a body, floods with keep-alive
 * connections, and probes the server's latency meanwhile. Plain sockets,
 * epoll, one probe thread. Prints its findings as key=value lines.
 *
 *   slowclient hold  --port P [--idle N] [--trickle N] [--slow-body N]
 *                    [--interval-ms MS] [--duration S] [--probe-ms MS]
 *                    [--probe-delay-ms MS] [--path PATH] [--heads FILE]
 *   slowclient flood --port P --conns N [--wave N] [--path PATH]
 *                    [--timeout S] [--hold S]
 *   slowclient probe --port P [--count N] [--probe-ms MS] [--path PATH] [--heads FILE]
 *   slowclient raw   --port P [--timeout S]   (request from stdin, answer to stdout)
 *
 * hold: every connection's close time (after it opened) is reported per
 * kind, so a test can check that the server ended them by its deadline.
 * flood: each connection sends one request and keeps the connection; the
 * answers are counted by status; then it holds them for --hold seconds
 * after printing "holding=N". */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const char *g_host = "127.0.0.1";
static unsigned g_port;
static const char *g_path = "/login";

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int64_t ms)
{
    if (ms <= 0)
        return;
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static void die(const char *msg)
{
    fprintf(stderr, "slowclient: %s: %s\n", msg, strerror(errno));
    exit(2);
}

static struct sockaddr_in server_addr(void)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)g_port);
    if (inet_pton(AF_INET, g_host, &sa.sin_addr) != 1) {
        fprintf(stderr, "slowclient: bad host %s\n", g_host);
        exit(2);
    }
    return sa;
}

static void raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

static int send_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t k = send(fd, s, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        s += k;
        n -= (size_t)k;
    }
    return 0;
}

/* ---- One blocking request: the probe ---- */

typedef struct answer {
    int status;       /* 0: no answer */
    int64_t ms;       /* connect to the whole answer */
    char head[4096];  /* status line and headers */
} answer;

/* Content-Length from a header block, or -1. */
static long content_length(const char *head)
{
    for (const char *p = head; p && *p; p = strstr(p, "\r\n") ? strstr(p, "\r\n") + 2 : NULL)
        if (strncasecmp(p, "Content-Length:", 15) == 0)
            return strtol(p + 15, NULL, 10);
    return -1;
}

/* Sends req on a new connection and reads the answer (until the length it
 * gives, or the end); at most timeout_ms. */
static void request(const char *req, size_t len, int timeout_ms, answer *a)
{
    memset(a, 0, sizeof *a);
    int64_t t0 = now_ms();
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return;
    struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa = server_addr();
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || send_all(fd, req, len) != 0) {
        close(fd);
        a->ms = now_ms() - t0;
        return;
    }
    size_t cap = 1 << 16, got = 0;
    char *buf = malloc(cap);
    if (!buf)
        die("out of memory");
    long need = -1;
    size_t head_len = 0;
    for (;;) {
        if (got + 1 >= cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb)
                die("out of memory");
            buf = nb;
        }
        ssize_t k = recv(fd, buf + got, cap - got - 1, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
        buf[got] = '\0';
        if (!head_len) {
            char *sep = strstr(buf, "\r\n\r\n");
            if (sep) {
                head_len = (size_t)(sep - buf) + 4;
                snprintf(a->head, sizeof a->head, "%.*s", (int)(head_len - 2), buf);
                need = content_length(a->head);
            }
        }
        if (head_len && need >= 0 && got >= head_len + (size_t)need)
            break;
        if (now_ms() - t0 > timeout_ms)
            break;
    }
    buf[got] = '\0';
    int st = 0;
    if (head_len && sscanf(buf, "HTTP/1.%*d %d", &st) == 1 && (need < 0 || got >= head_len + (size_t)need))
        a->status = st;
    free(buf);
    close(fd);
    a->ms = now_ms() - t0;
}

/* ---- Probes, in a thread of their own ---- */

typedef struct probes {
    int interval_ms;
    int delay_ms;
    int count;                 /* 0: until stop */
    volatile int stop;
    const char *heads_path;    /* the header block of each answer, appended */
    int n, ok, busy, failed;
    int64_t lat[100000];
    int status[100000];
} probes;

static void *probe_main(void *arg)
{
    probes *p = arg;
    char req[512];
    int len = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", g_path, g_host);
    FILE *heads = p->heads_path ? fopen(p->heads_path, "w") : NULL;
    sleep_ms(p->delay_ms);
    int64_t next = now_ms();
    while (!p->stop && (p->count == 0 || p->n < p->count) && p->n < 100000) {
        answer a;
        request(req, (size_t)len, 5000, &a);
        p->lat[p->n] = a.ms;
        p->status[p->n] = a.status;
        p->n++;
        if (a.status == 200)
            p->ok++;
        else if (a.status == 503)
            p->busy++;
        else
            p->failed++;
        if (heads) {
            fprintf(heads, "%s\r\n\r\n", a.status ? a.head : "(no answer)");
            fflush(heads);
        }
        next += p->interval_ms;
        sleep_ms(next - now_ms());
    }
    if (heads)
        fclose(heads);
    return NULL;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static void probe_report(probes *p)
{
    printf("probes=%d\nprobe_200=%d\nprobe_503=%d\nprobe_failed=%d\n", p->n, p->ok, p->busy, p->failed);
    printf("probe_statuses=");
    for (int i = 0; i < p->n; i++)
        printf("%s%d", i ? "," : "", p->status[i]);
    printf("\n");
    if (p->n) {
        qsort(p->lat, (size_t)p->n, sizeof p->lat[0], cmp_i64);
        printf("probe_p50_ms=%lld\nprobe_p99_ms=%lld\nprobe_max_ms=%lld\n", (long long)p->lat[(p->n - 1) * 50 / 100],
               (long long)p->lat[(p->n - 1) * 99 / 100], (long long)p->lat[p->n - 1]);
    }
}

/* ---- hold: connections that send nothing, or slowly ---- */

enum { K_IDLE, K_TRICKLE, K_BODY, K_COUNT };
static const char *const KIND[K_COUNT] = {"idle", "trickle", "body"};

typedef struct held {
    int fd;
    int kind;
    int64_t opened;
    int64_t closed;   /* 0 while open */
    bool answered;    /* the server sent something before closing */
} held;

static void held_closed(held *h)
{
    if (!h->closed) {
        h->closed = now_ms();
        if (h->closed == h->opened)
            h->closed++;
    }
}

/* Reads what is there; notes the end. */
static void held_read(held *h)
{
    char buf[4096];
    for (;;) {
        ssize_t k = recv(h->fd, buf, sizeof buf, MSG_DONTWAIT);
        if (k > 0) {
            h->answered = true;
            continue;
        }
        if (k == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            held_closed(h);
        return;
    }
}

static int cmd_hold(int n_idle, int n_trickle, int n_body, int interval_ms, int duration_s, probes *pr)
{
    int total = n_idle + n_trickle + n_body;
    held *hs = calloc((size_t)total + 1, sizeof *hs);
    int ep = epoll_create1(0);
    if (!hs || ep < 0)
        die("setup");
    struct sockaddr_in sa = server_addr();
    char head[256];
    int head_len = snprintf(head, sizeof head, "GET %s HTTP/1.1\r\nHost: %s\r\n", g_path, g_host);
    char body_head[256];
    int body_len = snprintf(body_head, sizeof body_head,
                            "POST /api/v1/login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"
                            "Content-Length: 100000\r\n\r\n{",
                            g_host);
    int opened = 0, connect_failed = 0;
    for (int i = 0; i < total; i++) {
        held *h = &hs[i];
        h->kind = i < n_idle ? K_IDLE : i < n_idle + n_trickle ? K_TRICKLE : K_BODY;
        h->fd = socket(AF_INET, SOCK_STREAM, 0);
        if (h->fd < 0)
            die("socket");
        if (connect(h->fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
            connect_failed++;
            close(h->fd);
            h->fd = -1;
            continue;
        }
        h->opened = now_ms();
        opened++;
        if (h->kind == K_TRICKLE && send_all(h->fd, head, (size_t)head_len) != 0)
            held_closed(h);
        if (h->kind == K_BODY && send_all(h->fd, body_head, (size_t)body_len) != 0)
            held_closed(h);
        struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = h};
        epoll_ctl(ep, EPOLL_CTL_ADD, h->fd, &ev);
    }
    printf("opened=%d\nconnect_failed=%d\n", opened, connect_failed);
    fflush(stdout);
    pthread_t pt;
    bool probing = pr->interval_ms > 0;
    if (probing && pthread_create(&pt, NULL, probe_main, pr) != 0)
        die("thread");
    int64_t start = now_ms(), end = start + (int64_t)duration_s * 1000, next_send = start + interval_ms;
    unsigned line = 0;
    while (now_ms() < end) {
        struct epoll_event evs[256];
        int wait = (int)(next_send - now_ms());
        if (wait < 0)
            wait = 0;
        if (wait > 100)
            wait = 100;
        int n = epoll_wait(ep, evs, 256, wait);
        for (int i = 0; i < n; i++) {
            held *h = evs[i].data.ptr;
            held_read(h);
            if (h->closed)
                epoll_ctl(ep, EPOLL_CTL_DEL, h->fd, NULL);
        }
        if (now_ms() >= next_send) {
            /* One more header line (or body byte) on every slow connection:
             * enough to reset an inactivity timer, never a whole request. */
            char l[64];
            int ll = snprintf(l, sizeof l, "X-Trickle-%u: %u\r\n", line, line);
            line++;
            for (int i = 0; i < total; i++) {
                held *h = &hs[i];
                if (h->fd < 0 || h->closed || h->kind == K_IDLE)
                    continue;
                int rc = h->kind == K_TRICKLE ? send_all(h->fd, l, (size_t)ll) : send_all(h->fd, "a", 1);
                if (rc != 0) {
                    held_closed(h);
                    epoll_ctl(ep, EPOLL_CTL_DEL, h->fd, NULL);
                }
            }
            next_send += interval_ms;
        }
    }
    if (probing) {
        pr->stop = 1;
        pthread_join(pt, NULL);
    }
    for (int k = 0; k < K_COUNT; k++) {
        int count = 0, closed = 0, answered = 0;
        int64_t lo = -1, hi = -1;
        for (int i = 0; i < total; i++) {
            held *h = &hs[i];
            if (h->kind != k || h->fd < 0)
                continue;
            count++;
            if (!h->closed)
                continue;
            closed++;
            answered += h->answered;
            int64_t d = h->closed - h->opened;
            if (lo < 0 || d < lo)
                lo = d;
            if (d > hi)
                hi = d;
        }
        printf("%s_open=%d\n%s_closed=%d\n%s_answered=%d\n%s_close_min_ms=%lld\n%s_close_max_ms=%lld\n", KIND[k], count,
               KIND[k], closed, KIND[k], answered, KIND[k], (long long)lo, KIND[k], (long long)hi);
    }
    if (probing)
        probe_report(pr);
    for (int i = 0; i < total; i++)
        if (hs[i].fd >= 0)
            close(hs[i].fd);
    close(ep);
    free(hs);
    return 0;
}

/* ---- flood: many keep-alive connections, one request each ---- */

enum { F_CONNECTING, F_WAITING, F_DONE, F_FAILED };

typedef struct fconn {
    int fd;
    int state;
    int status;
    size_t got;
    char buf[8192];  /* the head; the body is counted, not kept */
    size_t head_len;
    long need;
    size_t body_got;
} fconn;

static int cmd_flood(int n, int wave, int timeout_s, int hold_s)
{
    fconn *cs = calloc((size_t)n, sizeof *cs);
    int ep = epoll_create1(0);
    if (!cs || ep < 0)
        die("setup");
    struct sockaddr_in sa = server_addr();
    char req[512];
    int req_len = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", g_path, g_host);
    int started = 0, inflight = 0, connect_failed = 0, unanswered = 0, by200 = 0, by503 = 0, other = 0;
    int64_t t0 = now_ms(), deadline = t0 + (int64_t)timeout_s * 1000;
    while ((started < n || inflight > 0) && now_ms() < deadline) {
        while (started < n && inflight < wave) {
            fconn *c = &cs[started++];
            c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            if (c->fd < 0) {
                c->state = F_FAILED;
                connect_failed++;
                continue;
            }
            c->need = -1;
            int rc = connect(c->fd, (struct sockaddr *)&sa, sizeof sa);
            if (rc != 0 && errno != EINPROGRESS) {
                c->state = F_FAILED;
                connect_failed++;
                close(c->fd);
                c->fd = -1;
                continue;
            }
            c->state = F_CONNECTING;
            struct epoll_event ev = {.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP, .data.ptr = c};
            epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
            inflight++;
        }
        struct epoll_event evs[512];
        int k = epoll_wait(ep, evs, 512, 100);
        for (int i = 0; i < k; i++) {
            fconn *c = evs[i].data.ptr;
            if (c->state == F_CONNECTING && (evs[i].events & EPOLLOUT)) {
                int err = 0;
                socklen_t el = sizeof err;
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
                if (err || send_all(c->fd, req, (size_t)req_len) != 0) {
                    c->state = F_FAILED;
                    connect_failed++;
                    inflight--;
                    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                    continue;
                }
                c->state = F_WAITING;
                struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};
                epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
            }
            if (c->state != F_WAITING || !(evs[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
                continue;
            for (;;) {
                char tmp[8192];
                ssize_t r = recv(c->fd, tmp, sizeof tmp, 0);
                if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                    break;
                if (r <= 0) {
                    c->state = F_FAILED; /* closed before a whole answer */
                    unanswered++;
                    inflight--;
                    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                    break;
                }
                size_t off = 0;
                if (!c->head_len) {
                    size_t take = (size_t)r < sizeof c->buf - 1 - c->got ? (size_t)r : sizeof c->buf - 1 - c->got;
                    memcpy(c->buf + c->got, tmp, take);
                    c->got += take;
                    c->buf[c->got] = '\0';
                    char *sep = strstr(c->buf, "\r\n\r\n");
                    if (!sep) {
                        if (c->got >= sizeof c->buf - 1) {
                            c->state = F_FAILED;
                            other++;
                            inflight--;
                            epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                            break;
                        }
                        continue;
                    }
                    size_t before = c->got - take;
                    c->head_len = (size_t)(sep - c->buf) + 4;
                    off = c->head_len - before;
                    c->need = content_length(c->buf);
                    if (sscanf(c->buf, "HTTP/1.%*d %d", &c->status) != 1)
                        c->status = -1;
                }
                c->body_got += (size_t)r - off;
                if (c->need >= 0 && c->body_got >= (size_t)c->need) {
                    c->state = F_DONE;
                    inflight--;
                    if (c->status == 200)
                        by200++;
                    else if (c->status == 503)
                        by503++;
                    else
                        other++;
                    /* Keep it open; watch for the server closing it. */
                    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                    break;
                }
            }
        }
    }
    int pending = 0;
    for (int i = 0; i < n; i++)
        if (cs[i].state == F_CONNECTING || cs[i].state == F_WAITING || (i >= started))
            pending++;
    printf("conns=%d\nanswered_200=%d\nanswered_503=%d\nanswered_other=%d\nunanswered=%d\nconnect_failed=%d\n"
           "pending_at_timeout=%d\nflood_ms=%lld\n",
           n, by200, by503, other, unanswered, connect_failed, pending, (long long)(now_ms() - t0));
    int open_now = 0;
    for (int i = 0; i < n; i++) {
        if (cs[i].state != F_DONE)
            continue;
        char b;
        ssize_t r = recv(cs[i].fd, &b, 1, MSG_DONTWAIT | MSG_PEEK);
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            open_now++;
    }
    printf("holding=%d\n", open_now);
    fflush(stdout);
    sleep_ms((int64_t)hold_s * 1000);
    int still = 0;
    for (int i = 0; i < n; i++) {
        if (cs[i].state != F_DONE)
            continue;
        char b;
        ssize_t r = recv(cs[i].fd, &b, 1, MSG_DONTWAIT | MSG_PEEK);
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            still++;
    }
    printf("still_open_after_hold=%d\n", still);
    for (int i = 0; i < n; i++)
        if (cs[i].fd > 0)
            close(cs[i].fd);
    close(ep);
    free(cs);
    return 0;
}

/* ---- raw: one request as given ---- */

static int cmd_raw(int timeout_s)
{
    size_t cap = 1 << 16, len = 0;
    char *req = malloc(cap);
    if (!req)
        die("out of memory");
    for (;;) {
        if (len == cap) {
            cap *= 2;
            char *nr = realloc(req, cap);
            if (!nr)
                die("out of memory");
            req = nr;
        }
        size_t k = fread(req + len, 1, cap - len, stdin);
        if (k == 0)
            break;
        len += k;
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct timeval tv = {timeout_s, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa = server_addr();
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
        die("connect");
    send_all(fd, req, len); /* the server may close before taking it all */
    free(req);
    char buf[8192];
    int64_t t0 = now_ms();
    for (;;) {
        ssize_t k = recv(fd, buf, sizeof buf, 0);
        if (k <= 0)
            break;
        fwrite(buf, 1, (size_t)k, stdout);
        if (now_ms() - t0 > (int64_t)timeout_s * 1000)
            break;
    }
    close(fd);
    return 0;
}

/* ---- Command line ---- */

static const char *arg(int argc, char **argv, const char *name)
{
    for (int i = 2; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return NULL;
}

static int num(int argc, char **argv, const char *name, int dflt)
{
    const char *v = arg(argc, argv, name);
    if (!v)
        return dflt;
    char *end = NULL;
    long x = strtol(v, &end, 10);
    if (!*v || *end || x < 0 || x > 100000000) {
        fprintf(stderr, "slowclient: %s wants a number\n", name);
        exit(2);
    }
    return (int)x;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: slowclient hold|flood|probe|raw --port P ... (see the source's first comment)\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    raise_fd_limit();
    g_port = (unsigned)num(argc, argv, "--port", 0);
    if (!g_port || g_port > 65535) {
        fprintf(stderr, "slowclient: --port is required\n");
        return 2;
    }
    if (arg(argc, argv, "--host"))
        g_host = arg(argc, argv, "--host");
    if (arg(argc, argv, "--path"))
        g_path = arg(argc, argv, "--path");
    static probes pr;
    pr.interval_ms = num(argc, argv, "--probe-ms", 200);
    pr.delay_ms = num(argc, argv, "--probe-delay-ms", 0);
    pr.heads_path = arg(argc, argv, "--heads");
    const char *cmd = argv[1];
    if (strcmp(cmd, "hold") == 0)
        return cmd_hold(num(argc, argv, "--idle", 0), num(argc, argv, "--trickle", 0),
                        num(argc, argv, "--slow-body", 0), num(argc, argv, "--interval-ms", 2000),
                        num(argc, argv, "--duration", 20), &pr);
    if (strcmp(cmd, "flood") == 0)
        return cmd_flood(num(argc, argv, "--conns", 1000), num(argc, argv, "--wave", 500),
                         num(argc, argv, "--timeout", 60), num(argc, argv, "--hold", 0));
    if (strcmp(cmd, "probe") == 0) {
        pr.count = num(argc, argv, "--count", 5);
        if (pr.interval_ms == 0)
            pr.interval_ms = 1;
        probe_main(&pr);
        probe_report(&pr);
        return 0;
    }
    if (strcmp(cmd, "raw") == 0)
        return cmd_raw(num(argc, argv, "--timeout", 10));
    fprintf(stderr, "slowclient: unknown command %s\n", cmd);
    return 2;
}
