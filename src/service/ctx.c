/* Role names and the context clock. */
#include "service/ctx.h"
#include <stdio.h>
#include <time.h>

const char *kp_role_name(kp_role r)
{
    switch (r) {
    case KP_ROLE_SYSTEM: return "system";
    case KP_ROLE_ADMIN: return "admin";
    case KP_ROLE_SOCIAL_WORKER: return "social_worker";
    case KP_ROLE_MUNICIPAL_HEAD: return "municipal_head";
    case KP_ROLE_PROVIDER: return "provider";
    case KP_ROLE_REGION: return "region";
    case KP_ROLE_MINISTRY: return "ministry";
    }
    return "unknown";
}

void kp_ctx_set_now(kp_ctx *ctx)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(ctx->now, sizeof ctx->now, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
