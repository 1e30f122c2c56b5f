/* The public catalogue of community-based services (issue 12, item 1):
 * what exists where, for whom, with free places now, and whom to ask. Read
 * by anyone, logged in or not; it holds no personal data — facilities,
 * providers, the catalogues and counts of places only — so it needs no
 * scope and leaves no access records. Changing the public facts of a
 * facility, a provider or a municipality's social service is scoped and
 * audited like every other change.
 *
 * Definitions (docs/figures.md, "The public catalogue"):
 *   entry        a facility open today offering a service (its
 *                facility_service rows of one service code valid today,
 *                the provider registered and not closed), under the
 *                municipality holding the facility's records today;
 *   places       the sum of those rows' places (-1 when none is known);
 *   free places  kp_free_places(places of the provider's open facilities in
 *                the service's family, KP_PLACES_TAKEN_SQL of the provider,
 *                family and today) — the one definition, as need against
 *                places uses it. An assignment names a provider, not a
 *                facility, so when a provider offers the family in more
 *                than one facility the number is the provider's (`shared`);
 *   availability "available" (free > 0), "waiting_list" (none free and the
 *                provider has assignments of the family decided to start
 *                later: people waiting for a place), "none" (none free),
 *                "unknown" (places not recorded). A provider that does not
 *                publish numbers (provider.publish_places = 0) shows only
 *                this: the service leaves free_places at -1. */
#ifndef KOPA_SERVICE_PUBLIC_CATALOGUE_H
#define KOPA_SERVICE_PUBLIC_CATALOGUE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/ctx.h"
#include "service/errors.h"

/* A municipality valid today, with its social service as the public reaches it. */
typedef struct kp_pub_muni {
    int64_t id;
    char atvk[8];
    char name[96];           /* in ctx->lang */
    char region[8];
    bool has_office;         /* a municipality_social_service row exists */
    char office[200];        /* the social service's name */
    char address[200], phone[64], email[128], opening_hours[300], website[200];
    char apply_url[300];     /* where to apply online; "" until there is a form */
    size_t entries;          /* entries of this municipality after the filters */
} kp_pub_muni;

/* A limit of a service rule in force today. */
typedef struct kp_pub_rule {
    char kind[32];           /* units_per_year, hours_per_week, services_per_person, sessions_per_service */
    int64_t limit;
    char unit[16];           /* the service's unit */
    char target_group[16];   /* "" = every group */
    char region[8];          /* "" = the whole country */
    int64_t age_min, age_max;/* -1 = none */
    int parents_working;     /* -1 = either, 0 no, 1 yes */
    char source[200];
} kp_pub_rule;

/* A service of the catalogue that some entry offers (or the one filtered by). */
typedef struct kp_pub_service {
    char code[32], parent[32];
    char name[128];          /* in ctx->lang */
    char unit[16];
    char groups[96];         /* target groups it is for (service_eligibility), "|"-separated codes */
    kp_pub_rule *rules;
    size_t nrules;
} kp_pub_service;

typedef struct kp_pub_entry {
    int64_t facility_id, provider_id, municipality_id; /* municipality: the holder today */
    char service[32];
    char groups[96];         /* target groups of the offer, "|"-separated codes */
    char provider[200], facility[200], address[200];
    char opening_hours[300], phone[64], email[128], website[200]; /* facility's, else provider's */
    bool published;          /* the provider publishes numbers */
    int64_t places;          /* -1 unknown; also when not published */
    int64_t free_places;     /* -1 unknown or not published */
    bool shared;             /* free places are the provider's over several facilities */
    const char *availability;/* "available", "none", "waiting_list", "unknown" (static) */
} kp_pub_entry;

typedef struct kp_pub_filter {
    const char *municipality; /* ATVK of a municipality valid today; NULL/"" = all */
    const char *service;      /* a service code (a family takes its kinds); NULL/"" = all */
    const char *target_group; /* NULL/"" = all */
} kp_pub_filter;

typedef struct kp_pub_catalogue {
    char on[11];              /* today, ISO */
    int64_t version;          /* the public data version (kp_public_data_version) */
    kp_pub_muni *munis;       /* every municipality valid today, by name (cmp) */
    size_t nmunis;
    kp_pub_service *services; /* every service of the catalogue, catalogue order */
    size_t nservices;
    kp_pub_entry *entries;    /* by municipality (as munis), service order, facility name, id */
    size_t n;
} kp_pub_catalogue;

typedef int (*kp_pub_cmp)(const char *a, const char *b, void *arg);

/* The catalogue today (ctx->now) after the filters. Anyone may read it.
 * KP_EINVAL for NULL ctx/f/out, or an unknown service or target group
 * (message on field "service" / "target_group" in e, when e is given);
 * KP_ENOTFOUND for a municipality code that names no municipality valid
 * today (message on "municipality"). Names sort with cmp (NULL: strcmp).
 * *out is empty on failure; free with kp_pub_catalogue_free. */
kp_rc kp_public_catalogue(kp_ctx *ctx, const kp_pub_filter *f, kp_pub_cmp cmp, void *cmp_arg, kp_errors *e,
                          kp_pub_catalogue *out);
void kp_pub_catalogue_free(kp_pub_catalogue *c);

/* The public data version: a number every change of a provider, facility,
 * its places, a social service contact, an assignment or a catalogue moves
 * on (triggers of migration 25). With the date it names what the catalogue
 * shows. KP_EINVAL for NULL. */
kp_rc kp_public_data_version(kp_ctx *ctx, int64_t *out);

/* The public facts of a facility, a provider or a municipality's social
 * service. NULL fields are left as they are; "" clears one. Strings as
 * forms and JSON carry them. */
typedef struct kp_pub_facts_in {
    const char *opening_hours, *phone, *email, *website;
    const char *publish_places; /* provider: "1" or "0" */
    const char *name, *address, *apply_url; /* social service */
    const char *reason;
} kp_pub_facts_in;

/* Who may: administrators; provider staff for their own provider and its
 * facilities; municipal heads for their own municipality's social service.
 * Each change is one transaction with its kp_audit_change record (the
 * fields with old and new values). KP_EINVAL for NULL arguments or bad
 * values (messages on the fields in e), KP_ENOTFOUND for an unknown record
 * or one outside the caller's scope, KP_EDENIED for other roles. */
kp_rc kp_facility_public_set(kp_ctx *ctx, int64_t facility_id, const kp_pub_facts_in *in, kp_errors *e);
kp_rc kp_provider_public_set(kp_ctx *ctx, int64_t provider_id, const kp_pub_facts_in *in, kp_errors *e);
kp_rc kp_social_service_set(kp_ctx *ctx, const char *atvk, const kp_pub_facts_in *in, kp_errors *e);

#endif
