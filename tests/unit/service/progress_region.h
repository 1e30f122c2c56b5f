/* The tiny region of the progress and cost tests (service and web): five
 * grt adults in Bauskas and Dobeles novads, their assessments, ESF-funded
 * services and deliveries, a project 2022–2023, two providers with a day
 * care centre each, and three indicators. Made through the use cases.
 * What each number comes to is worked out in test_progress_cost.c. */
#ifndef KOPA_TEST_PROGRESS_REGION_H
#define KOPA_TEST_PROGRESS_REGION_H
#include <stdio.h>
#include <string.h>
#include "service/casework/cases.h"
#include "service/programme/programme.h"
#include "service/sql.h"

#define BAUSKA "0025000"
#define DOBELE "0028000"
#define JELGAVA_NOV "0030000"

typedef struct progress_ids {
    int64_t assessed, trained, centres; /* indicator ids */
} progress_ids;

/* The id of the municipality with ATVK code `atvk` (0 when none). */
static inline int64_t progress_muni_id(kp_store *db, const char *atvk)
{
    int64_t id = 0;
    kp_param p[] = {KP_PTEXT(atvk)};
    kp_sql_int(db, "SELECT id FROM municipality WHERE atvk = ?", p, 1, 0, &id);
    return id;
}

static void progress_show(const kp_errors *e)
{
    for (size_t i = 0; i < e->n; i++)
        fprintf(stderr, "  %s: %s\n", e->items[i].field, e->items[i].message);
}

#define DO(call)                                                                                                    \
    do {                                                                                                            \
        if (!rc) {                                                                                                  \
            rc = (call);                                                                                            \
            if (rc) {                                                                                               \
                fprintf(stderr, "setup: %s: %s\n", #call, kp_strerror(rc));                                        \
                progress_show(&e);                                                                                           \
            }                                                                                                       \
        }                                                                                                           \
    } while (0)

static char *num(int64_t v, char buf[24])
{
    snprintf(buf, 24, "%lld", (long long)v);
    return buf;
}

/* A provider with one facility offering day care for grt from 2021-08-01. */
static kp_rc provider(kp_ctx *ctx, kp_errors *e, const char *name, const char *reg, const char *muni)
{
    int64_t id = 0, facility = 0;
    char pid[24], fid[24];
    kp_provider_in p = {.name = name, .reg_no = reg, .municipality = muni, .registered_on = "2021-08-01"};
    kp_rc rc = kp_provider_add(ctx, &p, e, &id);
    kp_facility_in f = {.provider_id = num(id, pid), .name = name, .address = "Iela 1", .municipality = muni,
                        .opened_on = "2021-08-01"};
    if (!rc)
        rc = kp_facility_add(ctx, &f, e, &facility);
    kp_facility_service_in fs = {.facility_id = num(facility, fid), .service = "day_care", .target_group = "grt",
                                 .places = "10", .valid_from = "2021-08-01"};
    if (!rc)
        rc = kp_facility_service_add(ctx, &fs, e, NULL);
    return rc;
}

/* A grt adult registered on 10.01.2022 with one assessment. */
static kp_rc person(kp_ctx *ctx, kp_errors *e, const char *code, const char *birth, const char *muni,
                    const char *assessed_on, const char *needs, int64_t *id)
{
    kp_client_in c = {.personal_code = code, .given_name = "Vārds", .family_name = "Uzvārds", .birth_date = birth,
                      .municipality = muni, .target_group = "grt", .disability_group = "2",
                      .registered_on = "2022-01-10"};
    kp_rc rc = kp_client_register(ctx, &c, e, id);
    char cid[24];
    kp_assessment_in a = {.client_id = num(*id, cid), .round = "1", .assessed_on = assessed_on, .place = "family",
                          .assessor = "Eksperte", .needs = needs};
    if (!rc)
        rc = kp_assessment_record(ctx, &a, e, NULL);
    return rc;
}

/* An ESF-funded assignment with deliveries (date, units; NULL-ended). */
static kp_rc service(kp_ctx *ctx, kp_errors *e, int64_t client, const char *svc, const char *from, const char *to,
                     const char *granted, const char *mode, const char *const *deliveries)
{
    char cid[24], aid[24];
    int64_t a = 0;
    kp_assignment_in in = {.client_id = num(client, cid), .service = svc, .start_date = from, .end_date = to,
                           .units = granted, .mode = mode, .decided_on = from};
    kp_rc rc = kp_assignment_create(ctx, &in, e, &a);
    for (size_t i = 0; deliveries[i] && !rc; i += 2) {
        kp_delivery_in d = {.assignment_id = num(a, aid), .delivered_on = deliveries[i], .units = deliveries[i + 1]};
        rc = kp_delivery_record(ctx, &d, e, NULL);
    }
    return rc;
}

static kp_rc indicator(kp_ctx *ctx, kp_errors *e, const char *key, const char *source, const char *computation,
                       const char *baseline_year, const char *baseline, const char *target_year, const char *target,
                       const char *sort, int64_t *id)
{
    kp_indicator_in in = {.region = "ZPR", .key = key, .kind = "output", .name_lv = key, .name_en = key,
                          .source = source, .computation = computation,
                          .entered_by_role = strcmp(source, "entered") == 0 ? "region" : NULL,
                          .baseline_year = baseline_year, .baseline = baseline, .target_year = target_year,
                          .target = target, .sort = sort};
    return kp_indicator_add(ctx, &in, e, id);
}

/* Makes the region (ctx: the system role); KP_OK or the first failure,
 * reported on standard error. */
static kp_rc progress_region_make(kp_ctx *ctx, progress_ids *ids)
{
    kp_errors e;
    kp_errors_init(&e);
    kp_rc rc = KP_OK;
    int64_t a = 0, b = 0, c = 0, d = 0, x = 0;
    kp_project_in pr = {.number = "9.2.2.1/15/I/001", .name = "Tests", .region = "ZPR", .start_date = "2022-01-01",
                        .end_date = "2023-12-31", .budget = "1000.00", .esf = "850.00", .state = "150.00"};
    DO(kp_project_add(ctx, &pr, &e, NULL));
    DO(provider(ctx, &e, "Zīle", "40000000001", BAUSKA));
    DO(provider(ctx, &e, "Ozols", "40000000003", DOBELE));
    /* Bauska: A (day care 2022 and 2023), B (day care 2023; respite needed,
     * never given), C (assessed 2023, day care needed, never given). */
    DO(person(ctx, &e, "010380-11018", "1980-03-01", BAUSKA, "2022-02-01", "day_care", &a));
    DO(person(ctx, &e, "020481-11025", "1981-04-02", BAUSKA, "2022-02-01", "day_care|respite", &b));
    DO(person(ctx, &e, "030582-11032", "1982-05-03", BAUSKA, "2023-03-01", "day_care", &c));
    /* Dobele: D (workshop 2023), E (respite 2023). */
    DO(person(ctx, &e, "050784-11057", "1984-07-05", DOBELE, "2022-05-01", "workshop", &d));
    DO(person(ctx, &e, "060885-11064", "1985-08-06", DOBELE, "2022-05-01", "respite", &x));
    static const char *const A_DAYS[] = {"2022-03-15", "10", "2023-05-10", "15", "2023-05-11", "5", NULL};
    static const char *const B_DAYS[] = {"2023-06-01", "5", NULL};
    static const char *const D_DAYS[] = {"2023-02-01", "4", NULL};
    static const char *const E_DAYS[] = {"2023-07-01", "3", NULL};
    DO(service(ctx, &e, a, "day_care", "2022-03-01", "2023-12-31", "100", NULL, A_DAYS));
    DO(service(ctx, &e, b, "day_care", "2023-06-01", "2023-12-31", "100", NULL, B_DAYS));
    DO(service(ctx, &e, d, "workshop", "2023-02-01", "2023-12-31", "100", NULL, D_DAYS));
    DO(service(ctx, &e, x, "respite", "2023-07-01", "2023-07-10", "5", "day", E_DAYS));
    DO(indicator(ctx, &e, "grt_assessed", "computed", "grt_assessed", "2021", "0", "2023", "8", "1", &ids->assessed));
    DO(indicator(ctx, &e, "specialists_trained", "entered", NULL, NULL, NULL, "2023", "3", "2", &ids->trained));
    DO(indicator(ctx, &e, "day_care_centres_grt", "computed", "day_care_centres_grt", "2021", "5", "2023", "1", "3",
                 &ids->centres));
    char iid[24];
    kp_indicator_value_in v1 = {.indicator_id = num(ids->trained, iid), .period_year = "2022", .value = "2",
                                .entered_by = "Aptauja", .entered_on = "2023-01-10"};
    DO(kp_indicator_value_add(ctx, &v1, &e, NULL));
    kp_indicator_value_in v2 = {.indicator_id = iid, .period_year = "2023", .value = "4", .entered_by = "Aptauja",
                                .entered_on = "2024-01-10"};
    DO(kp_indicator_value_add(ctx, &v2, &e, NULL));
    kp_errors_free(&e);
    return rc;
}

#endif
