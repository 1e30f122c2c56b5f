/* Requests per client address in a sliding window (ratelimit.h), counted
 * in the database through the service's shared counters. */
#include "web/ratelimit.h"
#include "service/accounts/throttle.h"
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

void kp_rate_key(const char *address, char out[KP_RATE_KEY_CHARS + 1])
{
    if (!out)
        return;
    snprintf(out, KP_RATE_KEY_CHARS + 1, "-");
    unsigned char a[16];
    char text[INET6_ADDRSTRLEN];
    if (address && inet_pton(AF_INET, address, a) == 1) {
        if (inet_ntop(AF_INET, a, text, sizeof text))
            snprintf(out, KP_RATE_KEY_CHARS + 1, "4:%s", text);
    } else if (address && inet_pton(AF_INET6, address, a) == 1) {
        static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(a, mapped, 12) == 0) {
            if (inet_ntop(AF_INET, a + 12, text, sizeof text))
                snprintf(out, KP_RATE_KEY_CHARS + 1, "4:%s", text);
        } else {
            memset(a + 8, 0, 8);
            if (inet_ntop(AF_INET6, a, text, sizeof text))
                snprintf(out, KP_RATE_KEY_CHARS + 1, "6:%s/64", text);
        }
    }
}

bool kp_rate_allow(kp_ctx *ctx, const char *bucket, const char *address, int64_t now, unsigned max, int64_t window,
                   int64_t *retry_after)
{
    if (retry_after)
        *retry_after = 0;
    if (!ctx || !bucket)
        return true;
    char key[KP_RATE_KEY_CHARS + 1];
    kp_rate_key(address, key);
    int64_t retry = 0;
    kp_rc rc = kp_rate_take(ctx, bucket, key, now, max, window, &retry);
    if (rc != KP_ERULE)
        return true;
    if (retry_after)
        *retry_after = retry;
    return false;
}
