/* The connection guard: limits per address and in all, and deadlines that
 * trickling cannot reset (see guard.h). */
#include "web/guard.h"
#include "core/mem.h"
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { G_WAITING, G_IDLE, G_BODY, G_BUSY, G_NSTATES, G_ENDED = G_NSTATES };

#define GUARD_BUCKETS 4096u
#define KEY_LEN 17 /* family tag + up to 16 address bytes */

typedef struct addr_slot addr_slot;

struct kp_guard_conn {
    int fd;
    int state;
    bool over;              /* over a limit when it connected, no room made yet */
    int64_t since;          /* when it entered its state */
    addr_slot *slot;
    kp_guard_conn *prev, *next;   /* in g->list[state], oldest first */
    kp_guard_conn *aprev, *anext; /* in slot->conns */
};

struct addr_slot {
    unsigned char key[KEY_LEN];
    size_t live;            /* its connections not ended */
    kp_guard_conn *conns;   /* all its registered connections, ended too */
    addr_slot *next;        /* in the bucket */
};

typedef struct conn_list {
    kp_guard_conn *head, *tail;
} conn_list;

struct kp_guard {
    pthread_mutex_t mu;
    kp_guard_limits lim;
    kp_guard_clock clock;
    void *clock_arg;
    conn_list list[G_NSTATES];
    addr_slot *buckets[GUARD_BUCKETS];
    kp_guard_stats st;
};

static int64_t mono_ms(void *arg)
{
    (void)arg;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

kp_guard *kp_guard_new(const kp_guard_limits *lim, kp_guard_clock clock, void *clock_arg)
{
    kp_guard *g = kp_xcalloc(1, sizeof *g);
    pthread_mutex_init(&g->mu, NULL);
    g->lim = *lim;
    if (g->lim.max_connections == 0)
        g->lim.max_connections = 1;
    g->clock = clock ? clock : mono_ms;
    g->clock_arg = clock_arg;
    return g;
}

void kp_guard_free(kp_guard *g)
{
    if (!g)
        return;
    for (size_t b = 0; b < GUARD_BUCKETS; b++) {
        addr_slot *s = g->buckets[b];
        while (s) {
            addr_slot *next = s->next;
            for (kp_guard_conn *c = s->conns; c;) {
                kp_guard_conn *cn = c->anext;
                free(c);
                c = cn;
            }
            free(s);
            s = next;
        }
    }
    pthread_mutex_destroy(&g->mu);
    free(g);
}

/* ---- Addresses ---- */

/* IPv4 (also as IPv4-mapped IPv6) by the whole address, IPv6 by its /64:
 * one host of IPv6 usually has a whole /64 to pick from. */
static void address_key(const struct sockaddr *sa, unsigned char key[KEY_LEN])
{
    static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    memset(key, 0, KEY_LEN);
    if (sa && sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        key[0] = 4;
        memcpy(key + 1, &in->sin_addr, 4);
    } else if (sa && sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
        const unsigned char *a = in6->sin6_addr.s6_addr;
        if (memcmp(a, v4mapped, sizeof v4mapped) == 0) {
            key[0] = 4;
            memcpy(key + 1, a + 12, 4);
        } else {
            key[0] = 6;
            memcpy(key + 1, a, 8);
        }
    }
}

static unsigned key_hash(const unsigned char key[KEY_LEN])
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < KEY_LEN; i++) {
        h ^= key[i];
        h *= 16777619u;
    }
    return h % GUARD_BUCKETS;
}

static addr_slot *slot_get(kp_guard *g, const unsigned char key[KEY_LEN])
{
    unsigned b = key_hash(key);
    for (addr_slot *s = g->buckets[b]; s; s = s->next)
        if (memcmp(s->key, key, KEY_LEN) == 0)
            return s;
    addr_slot *s = kp_xcalloc(1, sizeof *s);
    memcpy(s->key, key, KEY_LEN);
    s->next = g->buckets[b];
    g->buckets[b] = s;
    return s;
}

static void slot_drop_if_empty(kp_guard *g, addr_slot *s)
{
    if (s->conns)
        return;
    addr_slot **pp = &g->buckets[key_hash(s->key)];
    while (*pp && *pp != s)
        pp = &(*pp)->next;
    if (*pp)
        *pp = s->next;
    free(s);
}

/* ---- State lists ---- */

static void list_remove(kp_guard *g, kp_guard_conn *c)
{
    if (c->state >= G_NSTATES)
        return;
    conn_list *l = &g->list[c->state];
    if (c->prev)
        c->prev->next = c->next;
    else
        l->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    else
        l->tail = c->prev;
    c->prev = c->next = NULL;
}

/* Moves c to the end of its new state's list (lists stay oldest first
 * because the time is read under the lock). */
static void set_state(kp_guard *g, kp_guard_conn *c, int state, int64_t now)
{
    if (c->state == G_ENDED)
        return;
    list_remove(g, c);
    c->state = state;
    c->since = now;
    conn_list *l = &g->list[state];
    c->prev = l->tail;
    c->next = NULL;
    if (l->tail)
        l->tail->next = c;
    else
        l->head = c;
    l->tail = c;
}

/* Shuts the connection's socket; the HTTP library notices, closes it and
 * then calls kp_guard_close. */
static void end_conn(kp_guard *g, kp_guard_conn *c)
{
    if (c->state == G_ENDED)
        return;
    list_remove(g, c);
    c->state = G_ENDED;
    c->slot->live--;
    g->st.open--;
    shutdown(c->fd, SHUT_RDWR);
}

/* ---- Making room ---- */

static bool evictable(const kp_guard *g, const kp_guard_conn *c, const kp_guard_conn *self, int64_t now)
{
    if (c == self)
        return false;
    if (c->state == G_IDLE)
        return true;
    return c->state == G_WAITING && now - c->since >= g->lim.grace_ms;
}

static kp_guard_conn *older(kp_guard_conn *a, kp_guard_conn *b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return b->since < a->since ? b : a;
}

static kp_guard_conn *address_victim(const kp_guard *g, const addr_slot *s, const kp_guard_conn *self, int64_t now)
{
    kp_guard_conn *best = NULL;
    for (kp_guard_conn *c = s->conns; c; c = c->anext)
        if (evictable(g, c, self, now))
            best = older(best, c);
    return best;
}

static kp_guard_conn *global_victim(const kp_guard *g, const kp_guard_conn *self, int64_t now)
{
    /* The lists are oldest first: the heads are the candidates. */
    kp_guard_conn *idle = g->list[G_IDLE].head;
    kp_guard_conn *waiting = g->list[G_WAITING].head;
    if (waiting == self)
        waiting = waiting->next;
    if (waiting && !evictable(g, waiting, self, now))
        waiting = NULL;
    return older(idle, waiting);
}

static bool address_over(const kp_guard *g, const addr_slot *s)
{
    return g->lim.max_per_address && s->live > g->lim.max_per_address;
}

static bool global_over(const kp_guard *g)
{
    return g->st.open > g->lim.max_connections;
}

/* Ends older connections with nothing in progress until c is within the
 * limits, if it can. Returns whether c is within them. */
static bool make_room(kp_guard *g, kp_guard_conn *c, int64_t now)
{
    while (address_over(g, c->slot)) {
        kp_guard_conn *v = address_victim(g, c->slot, c, now);
        if (!v)
            return false;
        end_conn(g, v);
        g->st.made_room++;
    }
    while (global_over(g)) {
        kp_guard_conn *v = global_victim(g, c, now);
        if (!v)
            return false;
        end_conn(g, v);
        g->st.made_room++;
    }
    return true;
}

/* ---- The life of a connection ---- */

kp_guard_conn *kp_guard_open(kp_guard *g, int fd, const struct sockaddr *sa)
{
    unsigned char key[KEY_LEN];
    address_key(sa, key);
    kp_guard_conn *c = kp_xcalloc(1, sizeof *c);
    c->fd = fd;
    c->state = G_ENDED; /* set_state below needs a state to leave */
    pthread_mutex_lock(&g->mu);
    int64_t now = g->clock(g->clock_arg);
    c->slot = slot_get(g, key);
    c->anext = c->slot->conns;
    if (c->anext)
        c->anext->aprev = c;
    c->slot->conns = c;
    c->slot->live++;
    g->st.open++;
    if (g->st.open > g->st.peak)
        g->st.peak = g->st.open;
    c->state = G_WAITING;
    c->since = now;
    conn_list *l = &g->list[G_WAITING];
    c->prev = l->tail;
    if (l->tail)
        l->tail->next = c;
    else
        l->head = c;
    l->tail = c;
    c->over = !make_room(g, c, now);
    pthread_mutex_unlock(&g->mu);
    return c;
}

bool kp_guard_request(kp_guard *g, kp_guard_conn *c)
{
    bool ok = true;
    pthread_mutex_lock(&g->mu);
    int64_t now = g->clock(g->clock_arg);
    if (c->over && c->state != G_ENDED) {
        if (make_room(g, c, now)) {
            c->over = false;
        } else {
            ok = false;
            g->st.refused++;
        }
    }
    set_state(g, c, ok ? G_BODY : G_BUSY, now);
    pthread_mutex_unlock(&g->mu);
    return ok;
}

void kp_guard_busy(kp_guard *g, kp_guard_conn *c)
{
    pthread_mutex_lock(&g->mu);
    set_state(g, c, G_BUSY, g->clock(g->clock_arg));
    pthread_mutex_unlock(&g->mu);
}

void kp_guard_idle(kp_guard *g, kp_guard_conn *c)
{
    pthread_mutex_lock(&g->mu);
    set_state(g, c, G_IDLE, g->clock(g->clock_arg));
    pthread_mutex_unlock(&g->mu);
}

void kp_guard_close(kp_guard *g, kp_guard_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&g->mu);
    if (c->state != G_ENDED) {
        list_remove(g, c);
        c->slot->live--;
        g->st.open--;
    }
    addr_slot *s = c->slot;
    if (c->aprev)
        c->aprev->anext = c->anext;
    else
        s->conns = c->anext;
    if (c->anext)
        c->anext->aprev = c->aprev;
    slot_drop_if_empty(g, s);
    pthread_mutex_unlock(&g->mu);
    free(c);
}

size_t kp_guard_sweep(kp_guard *g)
{
    size_t n = 0;
    pthread_mutex_lock(&g->mu);
    int64_t now = g->clock(g->clock_arg);
    const int64_t deadline[G_NSTATES] = {g->lim.header_ms, g->lim.keepalive_ms, g->lim.body_ms, g->lim.response_ms};
    uint64_t *counter[G_NSTATES] = {&g->st.ended_header, &g->st.ended_keepalive, &g->st.ended_body,
                                    &g->st.ended_response};
    for (int s = 0; s < G_NSTATES; s++) {
        if (deadline[s] <= 0)
            continue;
        kp_guard_conn *c;
        while ((c = g->list[s].head) && now - c->since >= deadline[s]) {
            end_conn(g, c);
            (*counter[s])++;
            n++;
        }
    }
    pthread_mutex_unlock(&g->mu);
    return n;
}

void kp_guard_stats_get(kp_guard *g, kp_guard_stats *out)
{
    pthread_mutex_lock(&g->mu);
    *out = g->st;
    pthread_mutex_unlock(&g->mu);
}
