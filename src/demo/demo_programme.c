/* The demo's project and its money (payment requests, compensation paid to
 * municipalities each quarter) and the region's service providers, whose
 * openings and closings make the provider indicators move as they did. */
#include "demo/demo_plan.h"
#include "service/programme/programme.h"
#include "service/programme/public_catalogue.h"
#include "service/territory.h"
#include "core/money.h"
#include "demo/demo_sql.h"
#include <stdio.h>
#include <string.h>

static const char *ref_text(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static kp_rc project(demo *d, const char **number)
{
    json_t *p = json_object_get(d->ref, "project");
    *number = ref_text(p, "number");
    kp_project_in in = {.number = *number,
                        .name = ref_text(p, "name"),
                        .region = ref_text(json_object_get(d->ref, "region"), "code"),
                        .start_date = ref_text(p, "start"),
                        .end_date = ref_text(p, "end"),
                        .budget = ref_text(p, "budget_eur"),
                        .esf = ref_text(p, "esf_eur"),
                        .state = ref_text(p, "state_eur")};
    return demo_check(d, kp_project_add(d->ctx, &in, d->e, NULL), "project");
}

static void quarter(int year, int q, char start[16], char end[16])
{
    static const int END_DAY[] = {31, 30, 30, 31};
    snprintf(start, 16, "%04d-%02d-01", year % 10000, (q * 3 + 1) % 100);
    snprintf(end, 16, "%04d-%02d-%02d", year % 10000, (q * 3 + 3) % 100, END_DAY[q]);
}

/* Quarterly payment requests from the project's start, the requested total
 * spread with growing weights; the last one (submitted after the year end
 * for its last quarter) takes what rounding left. */
static kp_rc payment_requests(demo *d, const char *number)
{
    json_t *p = json_object_get(d->ref, "project");
    kp_cents total;
    if (kp_money_parse(ref_text(p, "requested_to_2021_12_31_eur"), &total))
        return KP_EINVAL;
    const int first_year = 2015, first_q = 2, n = 26;
    int64_t weights = 0;
    for (int i = 0; i < n; i++)
        weights += i + 4;
    kp_cents given = 0;
    kp_rc rc = KP_OK;
    for (int i = 0; i < n && !rc; i++) {
        int q = (first_q + i) % 4, year = first_year + (first_q + i) / 4;
        char start[16], end[16], submitted[16], num[8], amount[32];
        quarter(year, q, start, end);
        kp_date e;
        kp_date_parse_iso(end, &e);
        kp_date_format_iso(e + 27, submitted);
        kp_cents a = i == n - 1 ? total - given : total * (i + 4) / weights;
        given += a;
        snprintf(num, sizeof num, "%d", i + 1);
        kp_money_format_plain(a, amount);
        kp_payment_request_in in = {.project = number, .number = num, .period_start = start, .period_end = end,
                                    .submitted_on = submitted, .amount = amount};
        rc = demo_check(d, kp_payment_request_add(d->ctx, &in, d->e, NULL), "payment request");
    }
    return rc;
}

/* What the confirmed ESF deliveries to clients recorded under territory
 * `territory` between `from` and `to` are worth: units × the unit cost on
 * the day (the rule kopa check applies to compensation). */
static kp_rc delivered_value(demo *d, int64_t territory, const char *from, const char *to, kp_cents *out)
{
    int64_t cents = 0;
    kp_rc rc = kp_q_demo_delivered_value(d->ctx->db, territory, from, to, &cents);
    *out = cents;
    return rc;
}

#define CELLS (4 * (DEMO_MAX_PRE + 1))

/* Each year's compensation to a municipality (the figures file), paid per
 * quarter to the territory whose clients were served, in proportion to
 * what was delivered to them: before the reform to each participating
 * predecessor, after it to the municipality. No payment is more than its
 * territory's clients received in its quarter. */
kp_rc demo_build_compensation(demo *d)
{
    json_t *comp = json_object_get(d->ref, "compensation");
    const char *number = ref_text(json_object_get(d->ref, "project"), "number");
    kp_rc rc = KP_OK;
    for (size_t mi = 0; mi < d->nm && !rc; mi++) {
        demo_muni *m = &d->m[mi];
        json_t *years = json_object_get(comp, m->refkey);
        for (int year = 2016; year <= 2021 && !rc; year++) {
            char y[8];
            snprintf(y, sizeof y, "%d", year);
            kp_cents total;
            if (!json_object_get(years, y) || kp_money_parse(ref_text(years, y), &total) || total <= 0)
                continue;
            struct {
                char atvk[8], start[16], end[16];
                kp_cents value, amount;
            } cell[CELLS];
            int n = 0;
            kp_cents worth = 0;
            for (int q = 0; q < 4 && !rc; q++) {
                char start[16], end[16];
                quarter(year, q, start, end);
                bool before = strcmp(start, "2021-07-01") < 0 && m->npre > 0;
                /* After the reform, clients recorded under a predecessor are
                 * the municipality's too. */
                for (int k = 0; k < (before ? m->npre : 1) && !rc && n < CELLS; k++) {
                    const char *atvk = before ? m->pre[k] : m->atvk;
                    kp_cents v = 0;
                    for (int t = -1; t < (before ? 0 : m->npre) && !rc; t++) {
                        int64_t id = 0;
                        kp_cents part = 0;
                        rc = kp_q_demo_territory_id(d->ctx->db, t < 0 ? atvk : m->pre[t], &id);
                        if (!rc)
                            rc = delivered_value(d, id, start, end, &part);
                        v += part;
                    }
                    if (v <= 0)
                        continue;
                    snprintf(cell[n].atvk, sizeof cell[n].atvk, "%s", atvk);
                    snprintf(cell[n].start, sizeof cell[n].start, "%s", start);
                    snprintf(cell[n].end, sizeof cell[n].end, "%s", end);
                    cell[n].value = v;
                    cell[n].amount = 0;
                    worth += v;
                    n++;
                }
            }
            if (rc)
                break;
            if (worth < total) {
                kp_errors_add(d->e, "compensation", m->refkey,
                              "demo: %s's deliveries in %d are worth %lld cents, less than the %lld compensated",
                              m->refkey, year, (long long)worth, (long long)total);
                return KP_ESTATE;
            }
            kp_cents given = 0;
            for (int i = 0; i < n; i++) {
                cell[i].amount = total * cell[i].value / worth;
                given += cell[i].amount;
            }
            /* What the rounding down left, a cent at a time where there is room. */
            for (int i = 0; given < total; i = (i + 1) % n)
                if (cell[i].amount < cell[i].value) {
                    cell[i].amount++;
                    given++;
                }
            for (int i = 0; i < n && !rc; i++) {
                if (cell[i].amount <= 0)
                    continue;
                char paid[16], amount[32];
                kp_date e;
                kp_date_parse_iso(cell[i].end, &e);
                kp_date_format_iso(e + 40, paid);
                kp_money_format_plain(cell[i].amount, amount);
                kp_compensation_in in = {.project = number, .municipality = cell[i].atvk, .period_start = cell[i].start,
                                         .period_end = cell[i].end, .paid_on = paid, .amount = amount};
                rc = demo_check(d, kp_compensation_add(d->ctx, &in, d->e, NULL), "compensation payment");
            }
        }
    }
    return rc;
}

/* One provider with one facility per row group. Years give when the
 * facilities opened and closed (0 = still open), so the counts on
 * 31.12.2017, 31.12.2019 and 31.12.2021 follow the indicator table. */
typedef struct facility_group {
    const char *name;
    const char *services;   /* "service/tg" pairs separated by spaces */
    int count;
    int open_from, open_to; /* years the facilities opened in */
    int close_from, close_to;
} facility_group;

static const facility_group GROUPS[] = {
    {"Dienas aprūpes centrs", "day_care/grt", 6, 2014, 2016, 0, 0},
    {"Dienas aprūpes centrs", "day_care/grt", 9, 2020, 2021, 0, 0},
    {"Dienas aprūpes centrs bērniem", "day_care/ft", 2, 2014, 2016, 0, 0},
    {"Dienas aprūpes centrs bērniem", "day_care/ft", 7, 2020, 2021, 0, 0},
    {"Grupu dzīvoklis", "group_home/grt", 2, 2014, 2016, 0, 0},
    {"Grupu dzīvoklis", "group_home/grt", 1, 2018, 2019, 0, 0},
    {"Grupu dzīvoklis", "group_home/grt", 2, 2020, 2021, 0, 0},
    {"Specializētā darbnīca", "workshop/grt", 1, 2014, 2016, 0, 0},
    {"Specializētā darbnīca", "workshop/grt", 5, 2020, 2021, 0, 0},
    {"Atelpas brīža centrs", "respite/ft respite/grt", 1, 2014, 2016, 0, 0},
    {"Atelpas brīža centrs", "respite/ft", 2, 2014, 2016, 2018, 2018},
    {"Rehabilitācijas centrs", "social_rehab/ft social_rehab/parents", 6, 2014, 2016, 0, 0},
    {"Rehabilitācijas centrs", "social_rehab/ft", 2, 2014, 2016, 2018, 2019},
    {"Rehabilitācijas centrs", "social_rehab/ft social_rehab/parents", 6, 2020, 2021, 0, 0},
    {"Ģimeniskai videi pietuvināts pakalpojums", "family_like_care/bsac", 2, 2014, 2016, 0, 0},
    {"Ģimeniskai videi pietuvināts pakalpojums", "family_like_care/bsac", 2, 2020, 2021, 0, 0},
    {"Sociālās aprūpes centrs", "home_care/grt support_groups/grt specialist_consultations/grt care/ft "
                                "specialist_consultations/ft specialist_consultations/parents support_groups/parents",
     37, 2014, 2016, 0, 0},
    {"Sociālo pakalpojumu birojs", "home_care/grt care/ft", 14, 2014, 2016, 2018, 2018},
    {"Sociālo pakalpojumu birojs", "support_groups/grt specialist_consultations/grt", 16, 2018, 2019, 2020, 2021},
};

static const char *const PLACE_NAMES[] = {"Saulstari", "Cerība", "Atbalsts", "Integra", "Harmonija", "Gaisma",
                                          "Varavīksne", "Dzīvesprieks", "Ābele", "Zīle", "Avotiņš", "Lāčplēsis",
                                          "Pērle", "Tilts", "Saules stars", "Rasa"};
static const char *const STREETS[] = {"Skolas iela", "Dārza iela", "Rīgas iela", "Lielā iela", "Pils iela",
                                      "Stacijas iela", "Zirgu iela", "Upes iela"};

/* The public facts of a demo facility and its provider (the catalogue,
 * issue 12). INVENTED for the demo: opening hours by kind of service,
 * phone numbers, e-mail addresses on the reserved .example domain, and
 * every fourth provider not publishing its numbers of free places — none
 * of it is a real facility's. */
static kp_rc public_facts(demo *d, const char *group, int64_t provider, int64_t facility, int k)
{
    const char *hours = strstr(group, "Grupu") || strstr(group, "Ģimenisk") ? "visu diennakti"
                        : strstr(group, "Atelpas")                           ? "visu diennakti, ierašanās P.–Pk. 9.00–17.00"
                        : strstr(group, "darbnīca")                          ? "P.–Pk. 9.00–16.00"
                        : strstr(group, "Rehabilitācijas")                   ? "P.–Pk. 9.00–18.00, S. 10.00–14.00"
                        : strstr(group, "birojs")                            ? "P. 8.00–18.00, O.–C. 8.00–17.00, Pk. 8.00–14.00"
                                                                              : "P.–Pk. 8.00–17.00";
    char phone[32], email[64], site[64];
    snprintf(phone, sizeof phone, "+371 63%06d", 100000 + (k * 7919) % 900000); /* invented */
    snprintf(email, sizeof email, "vieta%d@kopa-demo.example", k + 1);         /* invented */
    snprintf(site, sizeof site, "https://sniedzejs%d.kopa-demo.example", k + 1); /* invented */
    kp_pub_facts_in f = {.opening_hours = hours, .phone = phone, .email = email};
    kp_rc rc = demo_check(d, kp_facility_public_set(d->ctx, facility, &f, d->e), "facility's public facts");
    kp_pub_facts_in p = {.website = site, .publish_places = k % 4 == 3 ? "0" : "1"};
    if (!rc)
        rc = demo_check(d, kp_provider_public_set(d->ctx, provider, &p, d->e), "provider's public facts");
    return rc;
}

/* Each demo municipality's social service as the catalogue shows it.
 * INVENTED for the demo: addresses, phone numbers, e-mail addresses (on
 * the reserved .example domain) and hours are not the real offices'. */
static kp_rc social_services(demo *d)
{
    static const char *const STREET[] = {"Rīgas iela", "Pasta iela", "Lielā iela", "Skolas iela", "Brīvības iela",
                                         "Dārza iela"};
    kp_rc rc = KP_OK;
    for (int i = 0; i < DEMO_MUNIS && !rc; i++) {
        char name[96] = "", office[160], address[96], phone[32], email[80];
        kp_territory_name(d->ctx, d->m[i].id, name, sizeof name);
        snprintf(office, sizeof office, "%s sociālais dienests", name);
        snprintf(address, sizeof address, "%s %d", STREET[i], 3 + 4 * i);           /* invented */
        snprintf(phone, sizeof phone, "+371 6%07d", 3020000 + 1111 * i);            /* invented */
        snprintf(email, sizeof email, "socialais.dienests@%s.kopa-demo.example", d->m[i].atvk); /* invented */
        kp_pub_facts_in f = {.name = office, .address = address, .phone = phone, .email = email,
                             .opening_hours = "P. 8.00–18.00, O.–C. 8.00–17.00, Pk. 8.00–14.00"};
        rc = demo_check(d, kp_social_service_set(d->ctx, d->m[i].atvk, &f, d->e), "social service");
    }
    return rc;
}

static kp_rc providers(demo *d)
{
    kp_rc rc = KP_OK;
    int k = 0;
    for (size_t g = 0; g < sizeof GROUPS / sizeof GROUPS[0] && !rc; g++) {
        const facility_group *G = &GROUPS[g];
        for (int i = 0; i < G->count && !rc; i++, k++) {
            int mi = k % DEMO_MUNIS;
            char name[160], reg_no[16], opened[16], closed[16] = "", address[96];
            demo_date(d, G->open_from + demo_rand(d, G->open_to - G->open_from + 1), 1, G->open_from >= 2020 ? 10 : 12,
                      opened);
            if (G->close_from)
                demo_date(d, G->close_from + demo_rand(d, G->close_to - G->close_from + 1), 1, 11, closed);
            snprintf(name, sizeof name, "%s “%s” (%d)", G->name, PLACE_NAMES[k % 16], k + 1);
            snprintf(reg_no, sizeof reg_no, "4000%07d", 3100000 + k * 37);
            snprintf(address, sizeof address, "%s %d", STREETS[k % 8], 1 + k % 60);
            /* Registered under the territory that existed when it opened. */
            const char *atvk = demo_atvk(d, mi, opened, k);
            int64_t provider = 0, facility = 0;
            kp_provider_in p = {.name = name, .reg_no = reg_no, .municipality = atvk, .registered_on = opened,
                                .closed_on = closed};
            rc = demo_check(d, kp_provider_add(d->ctx, &p, d->e, &provider), "provider");
            char pid[24], fid[24];
            snprintf(pid, sizeof pid, "%lld", (long long)provider);
            kp_facility_in f = {.provider_id = pid, .name = name, .address = address, .municipality = atvk,
                                .opened_on = opened, .closed_on = closed};
            if (!rc)
                rc = demo_check(d, kp_facility_add(d->ctx, &f, d->e, &facility), "facility");
            snprintf(fid, sizeof fid, "%lld", (long long)facility);
            if (!rc)
                rc = public_facts(d, G->name, provider, facility, k);
            char services[256];
            snprintf(services, sizeof services, "%s", G->services);
            char *save = NULL;
            for (char *pair = strtok_r(services, " ", &save); pair && !rc; pair = strtok_r(NULL, " ", &save)) {
                char *slash = strchr(pair, '/');
                *slash = '\0';
                const char *places = strcmp(pair, "day_care") == 0 || strcmp(pair, "group_home") == 0 ? "12" : "";
                kp_facility_service_in s = {.facility_id = fid, .service = pair, .target_group = slash + 1,
                                            .places = places, .valid_from = opened, .valid_to = closed};
                rc = demo_check(d, kp_facility_service_add(d->ctx, &s, d->e, NULL), "facility service");
                if (!rc && d->nfac < DEMO_MAX_FACILITIES) {
                    demo_facility *x = &d->fac[d->nfac++];
                    x->provider = provider;
                    snprintf(x->service, sizeof x->service, "%s", pair);
                    snprintf(x->tg, sizeof x->tg, "%s", slash + 1);
                    snprintf(x->opened, sizeof x->opened, "%s", opened);
                    snprintf(x->closed, sizeof x->closed, "%s", closed);
                }
            }
        }
    }
    return rc;
}

kp_rc demo_build_programme(demo *d)
{
    const char *number = NULL;
    kp_rc rc = project(d, &number);
    if (!rc)
        rc = payment_requests(d, number);
    if (!rc)
        rc = providers(d);
    if (!rc)
        rc = social_services(d);
    return rc;
}
