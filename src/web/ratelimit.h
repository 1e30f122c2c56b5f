/* Requests per client address in a sliding window, for the public routes
 * (the catalogue and its JSON): the same rule as the login throttle's
 * address budget (service/accounts/sessions.c, budget_spent) — at most
 * `max` requests in any `window` seconds, and a refused one learns how long
 * until the oldest leaves the window (Retry-After) — kept in memory rather
 * than in the database, because every public request would otherwise be a
 * write. Addresses are grouped as the connection guard groups them: an
 * IPv4 address whole, an IPv6 address by its /64 (guard.c). A refused
 * request is not counted, so a client that waits as told gets through.
 *
 * Thread-safe (one mutex). When more addresses are seen than the table
 * holds, the one idle longest is forgotten. */
#ifndef KOPA_WEB_RATELIMIT_H
#define KOPA_WEB_RATELIMIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 60 requests a minute per address: a person paging and filtering the
 * catalogue stays far below it; a scraper is slowed to one a second. */
#define KP_PUBLIC_RATE_MAX 60
#define KP_PUBLIC_RATE_WINDOW 60

typedef struct kp_rate kp_rate;

/* A limiter of `max` (1 … 1000) requests per `window` seconds (≥ 1) for up
 * to `slots` addresses (≥ 1). NULL for bad arguments. Free with
 * kp_rate_free (NULL is fine). */
kp_rate *kp_rate_new(unsigned max, int64_t window, size_t slots);
void kp_rate_free(kp_rate *rl);

/* Counts a request from `address` (text as inet_ntop writes it; NULL or
 * unparsable text counts as one shared address) at `now` (Unix seconds).
 * true: let it through. false: over the limit; *retry_after (may be NULL)
 * gets the seconds until one more is allowed (≥ 1). NULL rl lets all
 * through. */
bool kp_rate_allow(kp_rate *rl, const char *address, int64_t now, int64_t *retry_after);

/* The server's limiter for the public routes (server.c); NULL for NULL. */
struct kp_web_app;
kp_rate *kp_web_public_rate(struct kp_web_app *app);

#endif
