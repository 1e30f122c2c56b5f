/* Requests per client address in a sliding window, for the public routes
 * (the catalogue and its JSON): at most KP_PUBLIC_RATE_MAX requests in any
 * KP_PUBLIC_RATE_WINDOW seconds, and a refused one learns how long until
 * the oldest leaves the window (Retry-After). The count is kept in the
 * database (service/accounts/throttle.h), not in the server's memory, so
 * that several `kopa serve` behind one address count a client once
 * (issue 13): a client refused by one is refused by the others. Addresses
 * are grouped as the connection guard groups them: an IPv4 address whole,
 * an IPv6 address by its /64 (guard.c). A refused request is not counted,
 * so a client that waits as told gets through. */
#ifndef KOPA_WEB_RATELIMIT_H
#define KOPA_WEB_RATELIMIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/ctx.h"

/* 60 requests a minute per address: a person paging and filtering the
 * catalogue stays far below it; a scraper is slowed to one a second. */
#define KP_PUBLIC_RATE_MAX 60
#define KP_PUBLIC_RATE_WINDOW 60

/* The group an address counts in, as text: "4:a.b.c.d" for IPv4 (also
 * IPv4-mapped IPv6), "6:xxxx:xxxx:xxxx:xxxx::/64" for IPv6, "-" for NULL or
 * unparsable text (one shared group). out must hold KP_RATE_KEY_CHARS + 1;
 * nothing is written when out is NULL. */
#define KP_RATE_KEY_CHARS 56
void kp_rate_key(const char *address, char out[KP_RATE_KEY_CHARS + 1]);

/* Counts a request from `address` at `now` (Unix seconds) against `max`
 * per `window` seconds in the bucket named `bucket`, on ctx's database.
 * true: let it through. false: over the limit; *retry_after (may be NULL)
 * gets the seconds until one more is allowed (≥ 1). When the count cannot
 * be read or written (the side database is locked or failing), the
 * request is let through: the catalogue is public and the page will say
 * whether the database works; a throttle must not take the catalogue
 * down. NULL ctx or bucket, or a limit the store refuses, lets through. */
bool kp_rate_allow(kp_ctx *ctx, const char *bucket, const char *address, int64_t now, unsigned max, int64_t window,
                   int64_t *retry_after);

#endif
