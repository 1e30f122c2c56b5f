/* The hand-made Zemgale of the service-availability tests (service and
 * report): six facilities opened, closed and with offers ended between
 * 31.12.2019. and 31.12.2021., across the 2021 reform, and one in Rīga.
 * What each figure comes to is worked out in test_service_availability.c
 * and test_eval_service_maps.c. Written as plain rows (no use case adds a
 * facility). */
#ifndef KOPA_TEST_AVAILABILITY_REGION_H
#define KOPA_TEST_AVAILABILITY_REGION_H
#include <stdio.h>
#include <string.h>
#include "service/sql.h"

typedef struct availability_ids {
    int64_t bauska, bauska_old, iecava, dobele_old, dobele, jelgava_city, jelgava_old, riga;
} availability_ids;

static kp_rc av_muni(kp_store *db, const char *atvk, int64_t *id)
{
    kp_param p[] = {KP_PTEXT(atvk)};
    kp_rc rc = kp_sql_int(db, "SELECT id FROM municipality WHERE atvk = ?", p, 1, 0, id);
    return rc ? rc : *id > 0 ? KP_OK : KP_ENOTFOUND;
}

static kp_rc av_provider(kp_store *db, int64_t id, int64_t m, const char *registered, const char *closed)
{
    char reg[16];
    snprintf(reg, sizeof reg, "4000000000%lld", (long long)id);
    kp_param p[] = {KP_PINT(id), KP_PTEXT(reg), KP_PINT(m), KP_PTEXT(registered), KP_PTEXT(closed)};
    return kp_sql_exec(db,
                       "INSERT INTO provider(id, name, reg_no, municipality_id, registered_on, closed_on)"
                       " VALUES (?, 'Sniedzējs', ?, ?, ?, ?)",
                       p, 5);
}

static kp_rc av_facility(kp_store *db, int64_t id, int64_t provider_id, int64_t m, const char *name, const char *opened,
                         const char *closed)
{
    kp_param p[] = {KP_PINT(id), KP_PINT(provider_id), KP_PTEXT(name), KP_PINT(m), KP_PTEXT(opened), KP_PTEXT(closed)};
    return kp_sql_exec(db,
                       "INSERT INTO facility(id, provider_id, name, address, municipality_id, opened_on, closed_on)"
                       " VALUES (?, ?, ?, 'Iela 1', ?, ?, ?)",
                       p, 6);
}

static kp_rc av_offer(kp_store *db, int64_t facility_id, const char *service, const char *from, const char *to)
{
    kp_param p[] = {KP_PINT(facility_id), KP_PTEXT(service), KP_PTEXT(from), KP_PTEXT(to)};
    return kp_sql_exec(db,
                       "INSERT INTO facility_service(facility_id, service_code, target_group, places, valid_from,"
                       " valid_to) VALUES (?, ?, 'grt', 5, ?, ?)",
                       p, 4);
}

static kp_rc availability_region_make(kp_store *db, availability_ids *m)
{
    kp_rc rc = av_muni(db, "0025000", &m->bauska); /* from 1 July 2021 */
    if (!rc)
        rc = av_muni(db, "0400200", &m->bauska_old); /* until 30 June 2021, then Bauskas novads */
    if (!rc)
        rc = av_muni(db, "0406400", &m->iecava); /* until 30 June 2021, then Bauskas novads */
    if (!rc)
        rc = av_muni(db, "0460200", &m->dobele_old); /* until 30 June 2021, then Dobeles novads */
    if (!rc)
        rc = av_muni(db, "0028000", &m->dobele);
    if (!rc)
        rc = av_muni(db, "0003000", &m->jelgava_city); /* Jelgavas valstspilsēta, from 1 July 2021 */
    if (!rc)
        rc = av_muni(db, "0090000", &m->jelgava_old); /* Jelgavas pilsēta until 30 June 2021 */
    if (!rc)
        rc = av_muni(db, "0001000", &m->riga); /* Rīgas valstspilsēta (2021): another region */
    /* F1 in pre-reform Iecava since 2018: day care and an adapted pool (a
     * kind of social rehabilitation). 2019: Iecava; 2021: Bauska. */
    if (!rc)
        rc = av_provider(db, 1, m->iecava, "2017-01-01", NULL);
    if (!rc)
        rc = av_facility(db, 1, 1, m->iecava, "Iecavas centrs", "2018-01-01", NULL);
    if (!rc)
        rc = av_offer(db, 1, "day_care", "2018-01-01", NULL);
    if (!rc)
        rc = av_offer(db, 1, "adapted_pool", "2018-01-01", NULL);
    /* F2 in pre-reform Bauska, a group home closed on 30 June 2020: 2019 only. */
    if (!rc)
        rc = av_provider(db, 2, m->bauska_old, "2017-01-01", NULL);
    if (!rc)
        rc = av_facility(db, 2, 2, m->bauska_old, "Bauskas grupu māja", "2018-01-01", "2020-06-30");
    if (!rc)
        rc = av_offer(db, 2, "group_home", "2018-01-01", NULL);
    /* F3 in the new Bauska, opened 1 September 2021: day care and respite. */
    if (!rc)
        rc = av_provider(db, 3, m->bauska, "2021-08-01", NULL);
    if (!rc)
        rc = av_facility(db, 3, 3, m->bauska, "Bauskas dienas centrs", "2021-09-01", NULL);
    if (!rc)
        rc = av_offer(db, 3, "day_care", "2021-09-01", NULL);
    if (!rc)
        rc = av_offer(db, 3, "respite", "2021-09-01", NULL);
    /* F4 in Jelgava city since 2018; its workshop offered from 2020: 2021
     * only (under the state city). */
    if (!rc)
        rc = av_provider(db, 4, m->jelgava_old, "2017-01-01", NULL);
    if (!rc)
        rc = av_facility(db, 4, 4, m->jelgava_old, "Jelgavas darbnīca", "2018-01-01", NULL);
    if (!rc)
        rc = av_offer(db, 4, "workshop", "2020-01-01", NULL);
    /* F5 in pre-reform Dobele; the provider closed on 1 March 2021: 2019
     * only. Home care; support groups until 31.12.2019. (the last day
     * counts); care until 30.12.2019. (not on the date). */
    if (!rc)
        rc = av_provider(db, 5, m->dobele_old, "2017-01-01", "2021-03-01");
    if (!rc)
        rc = av_facility(db, 5, 5, m->dobele_old, "Dobeles centrs", "2018-01-01", NULL);
    if (!rc)
        rc = av_offer(db, 5, "home_care", "2018-01-01", NULL);
    if (!rc)
        rc = av_offer(db, 5, "support_groups", "2018-01-01", "2019-12-31");
    if (!rc)
        rc = av_offer(db, 5, "care", "2018-01-01", "2019-12-30");
    /* F6 in Rīga: another region, never Zemgale's. */
    if (!rc)
        rc = av_provider(db, 6, m->riga, "2017-01-01", NULL);
    if (!rc)
        rc = av_facility(db, 6, 6, m->riga, "Rīgas centrs", "2018-01-01", NULL);
    if (!rc)
        rc = av_offer(db, 6, "day_care", "2018-01-01", NULL);
    if (rc)
        fprintf(stderr, "availability_region_make: %s\n", kp_strerror(rc));
    return rc;
}

#endif
