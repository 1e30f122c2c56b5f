/* Request counters shared by every server on one database (issue 13): a
 * limit of `max` requests in any `window` seconds per client and bucket,
 * counted in the side table live.rate_count, so that two or more
 * `kopa serve` behind one address count each client once, whichever server
 * a request reaches. (The login and application throttles count in
 * live.login_try: sessions.h.) */
#ifndef KOPA_SERVICE_THROTTLE_H
#define KOPA_SERVICE_THROTTLE_H
#include <stdint.h>
#include "service/ctx.h"

/* Longest window a bucket may have: rows live this long at most. */
#define KP_RATE_WINDOW_MAX 86400

/* Counts one request of `bucket` (a short name, e.g. "public") from
 * `client` (an address or an address group as text; the caller groups) at
 * `now` (Unix seconds), unless `max` were counted in (now - window, now]:
 * then KP_ERULE, *retry = seconds until the oldest of them leaves the
 * window (≥ 1), and nothing is counted, so a client that waits as told gets
 * through. KP_OK: counted, *retry = 0. One write transaction of the side
 * tables (kp_store_begin_side), so that parallel requests on any server
 * cannot all pass; it also forgets the rows that no longer count.
 * KP_EINVAL for a NULL ctx, ctx->db, bucket, client or retry, an empty
 * bucket, max < 1 or window outside 1 … KP_RATE_WINDOW_MAX; a storage
 * error (KP_EUNAVAIL when the side tables stay locked) as the store gives
 * it, nothing counted. */
kp_rc kp_rate_take(kp_ctx *ctx, const char *bucket, const char *client, int64_t now, int64_t max, int64_t window,
                   int64_t *retry);

#endif
