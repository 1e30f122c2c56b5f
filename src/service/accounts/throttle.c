/* Request counters shared by every server (throttle.h): the only SQL on
 * live.rate_count. */
#include "service/accounts/throttle.h"
#include "service/sql.h"
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
    kp_param p[] = {KP_PTEXT(bucket), KP_PTEXT(client), KP_PINT(now - window)};
    int64_t used = 0, oldest = -1;
    rc = kp_sql_int(ctx->db, "SELECT COALESCE(SUM(n), 0) FROM rate_count WHERE bucket = ? AND client = ? AND at > ?",
                    p, 3, 0, &used);
    if (!rc && used >= max) {
        rc = kp_sql_int(ctx->db, "SELECT MIN(at) FROM rate_count WHERE bucket = ? AND client = ? AND at > ?", p, 3, now,
                        &oldest);
        if (!rc) {
            *retry = oldest + window - now > 0 ? oldest + window - now : 1;
            rc = KP_ERULE;
        }
    }
    if (!rc) {
        kp_param q[] = {KP_PTEXT(bucket), KP_PTEXT(client), KP_PINT(now), KP_PINT(now + window)};
        rc = kp_sql_exec(ctx->db,
                         "INSERT INTO rate_count(bucket, client, at, n, expires) VALUES (?1, ?2, ?3, 1, ?4)"
                         " ON CONFLICT (bucket, client, at) DO UPDATE SET n = rate_count.n + 1",
                         q, 4);
    }
    if (!rc) {
        kp_param d[] = {KP_PINT(now)};
        rc = kp_sql_exec(ctx->db, "DELETE FROM rate_count WHERE expires <= ?", d, 1);
    }
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    return kp_store_commit(ctx->db);
}
