/* Requests per client address in a sliding window (ratelimit.h). */
#include "web/ratelimit.h"
#include "core/mem.h"
#include <arpa/inet.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define KEY_LEN 17 /* family tag + up to 16 address bytes, as guard.c */
#define MAX_MAX 1000u

typedef struct slot {
    unsigned char key[KEY_LEN];
    bool used;
    int64_t *at;   /* ring of the last `max` request times, oldest at head */
    unsigned n, head;
    int64_t last;  /* newest request: for forgetting the idlest slot */
} slot;

struct kp_rate {
    pthread_mutex_t mu;
    unsigned max;
    int64_t window;
    slot *slots;
    size_t nslots;
    int64_t *times; /* nslots × max */
};

kp_rate *kp_rate_new(unsigned max, int64_t window, size_t slots)
{
    if (max < 1 || max > MAX_MAX || window < 1 || slots < 1 || slots > 1u << 20)
        return NULL;
    kp_rate *rl = kp_xcalloc(1, sizeof *rl);
    pthread_mutex_init(&rl->mu, NULL);
    rl->max = max;
    rl->window = window;
    rl->nslots = slots;
    rl->slots = kp_xcalloc(slots, sizeof *rl->slots);
    rl->times = kp_xcalloc(slots * max, sizeof *rl->times);
    for (size_t i = 0; i < slots; i++)
        rl->slots[i].at = rl->times + i * max;
    return rl;
}

void kp_rate_free(kp_rate *rl)
{
    if (!rl)
        return;
    pthread_mutex_destroy(&rl->mu);
    free(rl->times);
    free(rl->slots);
    free(rl);
}

/* IPv4 whole (also as IPv4-mapped IPv6), IPv6 by its /64. */
static void address_key(const char *address, unsigned char key[KEY_LEN])
{
    memset(key, 0, KEY_LEN);
    unsigned char a[16];
    if (address && inet_pton(AF_INET, address, a) == 1) {
        key[0] = 4;
        memcpy(key + 1, a, 4);
    } else if (address && inet_pton(AF_INET6, address, a) == 1) {
        static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(a, mapped, 12) == 0) {
            key[0] = 4;
            memcpy(key + 1, a + 12, 4);
        } else {
            key[0] = 6;
            memcpy(key + 1, a, 8);
        }
    }
}

static size_t hash_key(const unsigned char key[KEY_LEN])
{
    size_t h = 1469598103934665603ull & (size_t)-1;
    for (int i = 0; i < KEY_LEN; i++)
        h = (h ^ key[i]) * (size_t)1099511628211ull;
    return h;
}

static slot *find_slot(kp_rate *rl, const unsigned char key[KEY_LEN])
{
    /* Open addressing over a short probe; beyond it the idlest is reused. */
    size_t start = hash_key(key) % rl->nslots, probe = rl->nslots < 16 ? rl->nslots : 16;
    slot *idlest = NULL;
    for (size_t i = 0; i < probe; i++) {
        slot *s = &rl->slots[(start + i) % rl->nslots];
        if (s->used && memcmp(s->key, key, KEY_LEN) == 0)
            return s;
        if (!s->used) {
            idlest = s;
            break;
        }
        if (!idlest || s->last < idlest->last)
            idlest = s;
    }
    memset(idlest->key, 0, KEY_LEN);
    memcpy(idlest->key, key, KEY_LEN);
    idlest->used = true;
    idlest->n = idlest->head = 0;
    idlest->last = 0;
    return idlest;
}

bool kp_rate_allow(kp_rate *rl, const char *address, int64_t now, int64_t *retry_after)
{
    if (retry_after)
        *retry_after = 0;
    if (!rl)
        return true;
    unsigned char key[KEY_LEN];
    address_key(address, key);
    pthread_mutex_lock(&rl->mu);
    slot *s = find_slot(rl, key);
    /* Forget the requests that have left the window (now - window, now]. */
    while (s->n > 0 && s->at[s->head] <= now - rl->window) {
        s->head = (s->head + 1) % rl->max;
        s->n--;
    }
    bool ok = s->n < rl->max;
    if (ok) {
        s->at[(s->head + s->n) % rl->max] = now;
        s->n++;
        s->last = now;
    } else if (retry_after) {
        int64_t wait = s->at[s->head] + rl->window - now;
        *retry_after = wait > 0 ? wait : 1;
    }
    pthread_mutex_unlock(&rl->mu);
    return ok;
}
