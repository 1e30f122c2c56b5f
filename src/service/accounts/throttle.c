/* Request counters shared by every server (throttle.h); the SQL on
 * live.rate_count is in accounts_sql.c. */
#include "service/accounts/throttle.h"
#include "service/accounts/accounts_sql.h"
#include "store/store.h"

kp_rc kp_rate_take(kp_ctx *ctx, const char *bucket, const char *client, int64_t now, int64_t max, int64_t window,
                   int64_t *retry)
{
    if (retry)
        *retry = 0;
    if (!ctx || !ctx->db || !bucket || !*bucket || !client || !retry || max < 1 || window < 1 ||
        window > KP_RATE_WINDOW_MAX)
        return KP_EINVAL;
    kp_rc rc = kp_store_begin_side(ctx->db);
    if (rc)
        return rc;
    /* What counts: the rows of the last `window` seconds, each second's
     * requests in one row. Refused requests are never counted, so the sum
     * is at most max. */
    int64_t used = 0, oldest = -1;
    rc = kp_q_rate_used(ctx->db, bucket, client, now - window, &used);
    if (!rc && used >= max) {
        rc = kp_q_rate_oldest(ctx->db, bucket, client, now - window, now, &oldest);
        if (!rc) {
            *retry = oldest + window - now > 0 ? oldest + window - now : 1;
            rc = KP_ERULE;
        }
    }
    if (!rc)
        rc = kp_q_rate_count(ctx->db, bucket, client, now, now + window);
    if (!rc)
        rc = kp_q_rate_prune(ctx->db, now);
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    return kp_store_commit(ctx->db);
}
