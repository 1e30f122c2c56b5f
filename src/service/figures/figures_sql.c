/* The figures' SQL (see figures_sql.h). */
#include "service/figures/figures_sql.h"
#include "service/figures/figure_sql.h"
#include "service/casework/people.h"
#include "service/casework/services.h"
#include "service/programme/corrections.h"
#include "service/programme/need_places.h"
#include "service/territory.h"
#include "core/buf.h"
#include "core/mem.h"
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The highest ?N of a statement (its parameter count on SQLite): the
 * statements below that share a list of parameters may use fewer, and
 * only those are bound. */
static size_t params_used(const char *sql)
{
    size_t max = 0;
    for (const char *p = sql; *p; p++) {
        if (*p != '?')
            continue;
        size_t v = 0;
        while (p[1] >= '0' && p[1] <= '9')
            v = v * 10 + (size_t)(*++p - '0');
        max = v > max ? v : max;
    }
    return max;
}

static size_t at_most(size_t used, size_t n)
{
    return used < n ? used : n;
}

/* ---- counts per origin (the context and the trends' pass) ----------------- */

/* The shape of k, origin and n counts of kp_q_figures_counts; with_k false
 * reads origin and the counts only. */
static void counts_shape(size_t n, bool with_k, kp_field f[KP_Q_FIGURES_MAX_COUNTS + 2], kp_shape *sh)
{
    size_t i = 0;
    if (with_k)
        f[i++] = (kp_field){KP_F_I64, offsetof(kp_q_figures_counts, k), sizeof(int64_t)};
    f[i++] = (kp_field){KP_F_I64, offsetof(kp_q_figures_counts, origin), sizeof(int64_t)};
    for (size_t c = 0; c < n; c++)
        f[i++] = (kp_field){KP_F_I64, offsetof(kp_q_figures_counts, v) + c * sizeof(int64_t), sizeof(int64_t)};
    *sh = (kp_shape){f, i, sizeof(kp_q_figures_counts)};
}

kp_rc kp_q_figures_context_each(kp_store *st, const char *const *conds, size_t n, const char *d, const char *adult,
                                const char *origins, const char *senior, kp_row_fn fn, void *arg)
{
    if (!st || (n && !conds) || n > KP_Q_FIGURES_MAX_COUNTS || !d || !adult || !origins || !senior || !fn)
        return KP_EINVAL;
    kp_buf b;
    kp_buf_init(&b, KP_BUF_DEFAULT_MAX);
    kp_rc rc = kp_buf_puts(&b, KP_FIGURE_CONTEXT_COUNT_FROM " SELECT x.origin");
    for (size_t i = 0; i < n && !rc; i++)
        rc = kp_buf_printf(&b, ", SUM(CASE WHEN %s THEN 1 ELSE 0 END)", conds[i]);
    if (!rc)
        rc = kp_buf_puts(&b, " FROM x GROUP BY x.origin");
    kp_field f[KP_Q_FIGURES_MAX_COUNTS + 2];
    kp_shape sh;
    counts_shape(n, false, f, &sh);
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(adult), KP_PTEXT(origins), KP_PTEXT(senior)};
    kp_q_figures_counts row;
    if (!rc)
        rc = kp_rows_each(st, kp_buf_str(&b), p, 4, &sh, &row, fn, arg);
    kp_buf_free(&b);
    return rc;
}

/* The people of the context at every date of the pass at once, x(k, d,
 * adult, origin, target_group, birth_date, special_care_from, case_status,
 * disability_group, first_place, res): the same person as on the date as
 * KP_FIGURE_CONTEXT_COUNT_FROM (KP_CLIENT_AT's version, the first
 * assessment place and residence by then), for each date k of dd (a
 * VALUES list the query builds: (k, date, date 18 years before), the
 * dates bound from ?2) whose record origin is one of that date's: ?1 is a
 * JSON array of the numbers origin * nd + k (nd the number of dates, so
 * that one scalar names the pair; origin may be negative, k < nd), read
 * with SELECT value FROM json_each — what both backends read alike. The
 * region filter in SQL, the dates one join. The first assessment place
 * by a date (KP_FIGURE_FIRST_PLACE_OF) is the place of the person's first
 * assessment of all if that one was made by the date, and none otherwise:
 * fa holds each person's first assessment (by date, then round: none
 * before it), pp joins it once per person, not once per person and date.
 * x is not materialised: the pass reads it once, row by row (writing it
 * to a table first cost a fifth of the pass). */
#define TREND_PASS_PP                                                                                               \
    " fa AS MATERIALIZED (SELECT a.client_id AS client_id, a.assessed_on AS fa_on, a.place AS fa_place"            \
    "  FROM assessment a WHERE NOT EXISTS (SELECT 1 FROM assessment b WHERE b.client_id = a.client_id"            \
    "   AND (b.assessed_on < a.assessed_on OR (b.assessed_on = a.assessed_on AND b.round < a.round)))),"           \
    " pp AS MATERIALIZED (SELECT c.id AS id, c.registered_on AS registered_on, fa.fa_on AS fa_on,"                 \
    "  fa.fa_place AS fa_place FROM client c LEFT JOIN fa ON fa.client_id = c.id),"                                 \
    TREND_PASS_KO
/* pp without the first assessments, for a pass whose conditions do not
 * look at x.first_place (the trends' do not): finding each person's first
 * assessment was a tenth of the pass. Not materialised: then it is client
 * itself, read in the join (a copy of its two columns cost more). */
#define TREND_PASS_PP_NO_FIRST                                                                                      \
    " pp AS (SELECT c.id AS id, c.registered_on AS registered_on, NULL AS fa_on,"                                  \
    "  NULL AS fa_place FROM client c)," TREND_PASS_KO
#define TREND_PASS_KO " ko AS MATERIALIZED (SELECT CAST(value AS BIGINT) AS ko FROM json_each(?1)),"
#define TREND_PASS_X                                                                                                \
    " x AS (SELECT dd.k AS k, dd.d AS d, dd.adult AS adult, " KP_ORIGIN("cv") " AS origin,"                         \
    "  cv.target_group AS target_group, cv.birth_date AS birth_date, cv.disability_group AS disability_group,"      \
    "  cv.special_care_from AS special_care_from, cv.case_status AS case_status,"                                   \
    "  CASE WHEN c0.fa_on <= dd.d THEN c0.fa_place END AS first_place,"                                             \
    "  " KP_FIGURE_RESIDENCE_OF("c0.id", "dd.d") " AS res"                                                          \
    "  FROM dd JOIN pp c0 ON c0.registered_on <= dd.d JOIN client_version cv ON " KP_CLIENT_VERSION_ON("dd.d")      \
    "  WHERE " KP_ORIGIN("cv") " * "

/* A context condition over x of one date (?1 the date, ?2 18 years
 * before) rewritten for the pass's x (x.d, x.adult). KP_EINVAL for any
 * other parameter: a catalogue entry the pass cannot count. */
static kp_rc pass_condition(const char *cond, kp_buf *sql)
{
    kp_rc rc = KP_OK;
    for (const char *c = cond; *c && !rc; c++) {
        if (*c != '?') {
            rc = kp_buf_putc(sql, *c);
            continue;
        }
        if (c[1] == '1' && !(c[2] >= '0' && c[2] <= '9'))
            rc = kp_buf_puts(sql, "x.d");
        else if (c[1] == '2' && !(c[2] >= '0' && c[2] <= '9'))
            rc = kp_buf_puts(sql, "x.adult");
        else
            return KP_EINVAL;
        c++;
    }
    return rc;
}

kp_rc kp_q_figures_trend_counts_each(kp_store *st, const char *const *conds, size_t n, const char (*dates)[11],
                                     const char (*adults)[11], size_t nd, const char *pairs, kp_row_fn fn, void *arg)
{
    if (!st || (n && !conds) || n > KP_Q_FIGURES_MAX_COUNTS || !dates || !adults || !nd || !pairs || !fn)
        return KP_EINVAL;
    if (nd > (size_t)INT_MAX / 4)
        return KP_EINVAL;
    kp_buf sql;
    kp_buf_init(&sql, KP_BUF_DEFAULT_MAX);
    kp_rc rc = kp_buf_puts(&sql, "WITH dd(k, d, adult) AS MATERIALIZED (VALUES ");
    for (size_t k = 0; k < nd && !rc; k++)
        rc = kp_buf_printf(&sql, "%s(%zu, ?%zu, ?%zu)", k ? ", " : "", k, 2 + 2 * k, 3 + 2 * k);
    if (!rc)
        rc = kp_buf_puts(&sql, "),");
    bool first_place = false;
    for (size_t i = 0; i < n; i++)
        first_place = first_place || strstr(conds[i], "first_place") != NULL;
    if (!rc)
        rc = kp_buf_puts(&sql, first_place ? TREND_PASS_PP TREND_PASS_X : TREND_PASS_PP_NO_FIRST TREND_PASS_X);
    if (!rc) /* the multiplier of the pairs of ?1 */
        rc = kp_buf_printf(&sql, "%zu + dd.k IN (SELECT ko FROM ko)) SELECT k, origin", nd);
    /* A row per person and date, each condition 1 or 0, not SUMs by
     * GROUP BY k, origin: SQLite sorted every person at every date for it
     * (a third of the pass); the caller adds the rows up. */
    for (size_t i = 0; i < n && !rc; i++) {
        rc = kp_buf_puts(&sql, ", CASE WHEN ");
        if (!rc)
            rc = pass_condition(conds[i], &sql);
        if (!rc)
            rc = kp_buf_puts(&sql, " THEN 1 ELSE 0 END");
    }
    if (!rc)
        rc = kp_buf_puts(&sql, " FROM x");
    size_t np = 1 + 2 * nd;
    kp_param *p = kp_xcalloc(np, sizeof *p);
    if (!rc) {
        p[0] = (kp_param){.t = KP_P_TEXT, .s = pairs};
        for (size_t k = 0; k < nd; k++) {
            p[1 + 2 * k] = (kp_param){.t = KP_P_TEXT, .s = dates[k]};
            p[2 + 2 * k] = (kp_param){.t = KP_P_TEXT, .s = adults[k]};
        }
    }
    kp_field f[KP_Q_FIGURES_MAX_COUNTS + 2];
    kp_shape sh;
    counts_shape(n, true, f, &sh);
    kp_q_figures_counts row;
    if (!rc)
        rc = kp_rows_each(st, kp_buf_str(&sql), p, np, &sh, &row, fn, arg);
    free(p);
    kp_buf_free(&sql);
    return rc;
}

/* ---- needs, services provided, money --------------------------------------- */

static const kp_field TG_F[] = {KP_FIELD(kp_q_figures_tg_row, origin), KP_FIELD(kp_q_figures_tg_row, tg),
                                KP_FIELD(kp_q_figures_tg_row, item), KP_FIELD(kp_q_figures_tg_row, parent),
                                KP_FIELD(kp_q_figures_tg_row, n)};
static const kp_shape TG = KP_SHAPE(kp_q_figures_tg_row, TG_F);

/* Needs from each person's latest assessment, for the people the context
 * counts as assessed in the municipality (not those assessed in a VSAC). */
static const char NEEDS_SQL[] =
    KP_FIGURE_NEEDS_PEOPLE("c.target_group IN ('grt', 'ft')")
    " SELECT c.origin, c.target_group, n.service_code, COALESCE(st.parent_code, ''), COUNT(*)"
    " FROM c" KP_FIGURE_NEEDS_JOIN
    " GROUP BY 1, c.target_group, n.service_code, st.parent_code";

/* Each person who received ESF-paid services, once, under the service of
 * their first delivery in the project (kinds folded into their parent). */
static const char PROVIDED_SQL[] =
    "SELECT " KP_ORIGIN("c") ", c.target_group, COALESCE(st.parent_code, st.code), '', COUNT(*)"
    " FROM " KP_CLIENT_AT("?1") " c" KP_FIGURE_PROVIDED_JOIN
    " WHERE c.target_group IN ('grt', 'ft', 'parents') AND " KP_FIGURE_IN_ORIGINS("?3")
    " GROUP BY 1, c.target_group, COALESCE(st.parent_code, st.code)";

/* Compensation paid to municipalities, by the period it is for: a payment
 * whose period ends by the date counts, whenever it was paid, in the year
 * its period starts (seed 003 counts the money "par periodu līdz
 * 31.12.2021" and lists it by the year of the services; docs/figures.md,
 * "Money"). The region's project first: SQLite then looks up each
 * payment's version (KP_COMPENSATION_AT_SQL) for the region's payments
 * only, not for every payment in the country before dropping the others. */
static const char COMPENSATION_SQL[] =
    "SELECT p.municipality_id, p.period_start, SUM(p.amount_cents) FROM project j"
    " JOIN " KP_COMPENSATION_AT_SQL("?2") " p ON p.project_id = j.id WHERE j.region_code = ?1 AND p.period_end <= ?2"
    " GROUP BY p.municipality_id, p.period_start";

/* The same for every region's projects at once, each row with its
 * project's region (the national pass: every payment's version looked up
 * once, not once per region). */
static const char COMPENSATION_REGIONS_SQL[] =
    "SELECT j.region_code, p.municipality_id, p.period_start, SUM(p.amount_cents) FROM project j"
    " JOIN " KP_COMPENSATION_AT_SQL("?1") " p ON p.project_id = j.id WHERE p.period_end <= ?1"
    " GROUP BY j.region_code, p.municipality_id, p.period_start";

static const kp_field PERIOD_F[] = {KP_FIELD(kp_q_figures_period_sum, origin), KP_FIELD(kp_q_figures_period_sum, from),
                                    KP_FIELD(kp_q_figures_period_sum, cents)};
static const kp_shape PERIOD = KP_SHAPE(kp_q_figures_period_sum, PERIOD_F);

kp_rc kp_q_figures_needs_each(kp_store *st, const char *d, const char *origins, kp_row_fn fn, void *arg)
{
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(origins)};
    kp_q_figures_tg_row row;
    return kp_rows_each(st, NEEDS_SQL, p, 2, &TG, &row, fn, arg);
}

kp_rc kp_q_figures_provided_each(kp_store *st, const char *d, const char *start, const char *origins, kp_row_fn fn,
                                 void *arg)
{
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(start), KP_PTEXT(origins)};
    kp_q_figures_tg_row row;
    return kp_rows_each(st, PROVIDED_SQL, p, 3, &TG, &row, fn, arg);
}

kp_rc kp_q_figures_compensation_each(kp_store *st, const char *region, const char *d, kp_row_fn fn, void *arg)
{
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    kp_q_figures_period_sum row;
    return kp_rows_each(st, COMPENSATION_SQL, p, 2, &PERIOD, &row, fn, arg);
}

static const kp_field REGION_PERIOD_F[] = {
    KP_FIELD(kp_q_figures_region_period_sum, region), KP_FIELD(kp_q_figures_region_period_sum, origin),
    KP_FIELD(kp_q_figures_region_period_sum, from), KP_FIELD(kp_q_figures_region_period_sum, cents)};
static const kp_shape REGION_PERIOD = KP_SHAPE(kp_q_figures_region_period_sum, REGION_PERIOD_F);

kp_rc kp_q_figures_compensation_regions_each(kp_store *st, const char *d, kp_row_fn fn, void *arg)
{
    kp_param p[] = {KP_PTEXT(d)};
    kp_q_figures_region_period_sum row;
    return kp_rows_each(st, COMPENSATION_REGIONS_SQL, p, 1, &REGION_PERIOD, &row, fn, arg);
}

static const kp_field MONEY_SUMS_F[] = {KP_FIELD(kp_q_figures_money, budget), KP_FIELD(kp_q_figures_money, esf),
                                        KP_FIELD(kp_q_figures_money, state)};
static const kp_shape MONEY_SUMS = KP_SHAPE(kp_q_figures_money, MONEY_SUMS_F);

kp_rc kp_q_figures_project_money(kp_store *st, const char *region, const char *d, kp_q_figures_money *out)
{
    if (!st || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    /* The three sums of the projects in one statement (NULL, no project:
     * 0); the requests by the period they are for. */
    kp_rc rc = kp_rows_one(st,
                           "SELECT SUM(budget_cents), SUM(esf_cents), SUM(state_cents) FROM project"
                           " WHERE region_code = ?1 AND start_date <= ?2",
                           p, 2, &MONEY_SUMS, out, NULL);
    if (!rc)
        rc = kp_sql_int(st,
                        "SELECT SUM(r.amount_cents) FROM " KP_PAYMENT_REQUEST_AT_SQL("?2") " r"
                        " JOIN project j ON j.id = r.project_id"
                        " WHERE j.region_code = ?1 AND r.period_end <= ?2",
                        p, 2, 0, &out->requested);
    return rc;
}

typedef struct period_row {
    char start[11], end[11];
} period_row;
static const kp_field PERIOD_ROW_F[] = {KP_FIELD(period_row, start), KP_FIELD(period_row, end)};
static const kp_shape PERIOD_ROW = KP_SHAPE(period_row, PERIOD_ROW_F);

kp_rc kp_q_figures_project_period(kp_store *st, const char *region, char start[11], char end[11])
{
    if (!start || !end)
        return KP_EINVAL;
    start[0] = end[0] = '\0';
    kp_param p[] = {KP_PTEXT(region)};
    period_row row;
    bool found = false;
    kp_rc rc = kp_rows_one(st,
                           "SELECT COALESCE(MIN(start_date), ''), COALESCE(MAX(end_date), '') FROM project"
                           " WHERE region_code = ?",
                           p, 1, &PERIOD_ROW, &row, &found);
    if (!rc && found) {
        memcpy(start, row.start, sizeof row.start);
        memcpy(end, row.end, sizeof row.end);
    }
    return rc;
}

static const kp_field CODE_F[] = {KP_FIELD(kp_q_figures_code, code)};
static const kp_shape CODE = KP_SHAPE(kp_q_figures_code, CODE_F);

kp_rc kp_q_figures_service_codes(kp_store *st, bool families_only, kp_q_figures_codes *out)
{
    if (!out)
        return KP_EINVAL;
    return KP_ROWS_ALL(st,
                       families_only ? "SELECT code FROM service_type WHERE parent_code IS NULL ORDER BY sort, code"
                                     : "SELECT code FROM service_type ORDER BY sort, code",
                       NULL, 0, &CODE, out);
}

/* ---- indicator computations -------------------------------------------------- */

/* Parameters of every computation: ?1 region, ?2 the date, ?3 the first day
 * of the date's year, ?4 the start of the region's project, ?5 the record
 * origins whose holder is in the region on the date (a JSON array, see
 * territory.h): a record counts where its territory's records are held on
 * the date, in the region that territory belongs to then. */
#define IN_REGION " WHERE " KP_ORIGIN("c") " IN (SELECT CAST(value AS INTEGER) FROM json_each(?5)) "
#define FACILITY_AT \
    " FROM facility_service s JOIN facility f ON f.id = s.facility_id JOIN provider p ON p.id = f.provider_id" \
    " WHERE f.municipality_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?5))"                                            \
    " AND " KP_FACILITY_SERVICE_AT_SQL("s", "f", "p", "?2")
/* A person counts once if any ESF-funded delivery of theirs falls in the
 * year: EXISTS stops at the first one (a join would visit every delivery). */
/* The region's people of the target group are found first (MATERIALIZED),
 * so the EXISTS runs for them only, not for every person in the country. */
#define RECEIVING(tg)                                                                                      \
    "WITH c AS MATERIALIZED (SELECT c.id, " KP_ORIGIN("c") " AS origin FROM " KP_CLIENT_AT("?2") " c" IN_REGION \
    " AND c.target_group = '" tg "')"                                                                         \
    "SELECT COUNT(DISTINCT c.id) FROM c"                                                                      \
    " WHERE EXISTS (SELECT 1 FROM assignment a JOIN delivery d ON d.assignment_id = a.id"                    \
    "  WHERE a.client_id = c.id AND a.esf_funded = 1 AND d.delivered_on BETWEEN ?3 AND ?2"                   \
    "  AND " KP_ASSIGNMENT_NOT_CANCELLED_ON_SQL("a", "d.delivered_on") ")"

static const struct {
    const char *name;
    const char *sql;
} COMPUTATIONS[] = {
    /* Persons with an individual needs assessment by the date: counted by
     * the context's query (figures.c, ASSESSED_FROM_CONTEXT), the one
     * definition of "assessed" behind the context, the output indicators
     * and their detail (docs/figures.md, "One definition per concept"). */
    {"grt_assessed", NULL},
    {"ft_assessed", NULL},
    {"bsac_assessed", NULL},
    /* Persons who received ESF-paid services in the date's year ("receive",
     * as the indicator says, not "ever received"). */
    {"grt_receiving_esf_services", RECEIVING("grt")},
    {"ft_receiving_esf_services", RECEIVING("ft")},
    /* Result indicator: adults who left a state care institution during the
     * project and live in the community on the date; a return to the
     * institution takes them out of the count. */
    {"grt_started_independent_life",
     "SELECT COUNT(DISTINCT c.id) FROM " KP_CLIENT_AT("?2") " c"
     " JOIN residence v ON v.client_id = c.id AND v.kind = 'vsac' AND v.end_date BETWEEN ?4 AND ?2"
     " JOIN residence r ON r.client_id = c.id AND r.kind IN ('family','own_home','group_home')"
     "  AND r.start_date > v.end_date AND r.start_date <= ?2 AND (r.end_date IS NULL OR r.end_date >= ?2)" IN_REGION
     " AND c.target_group = 'grt' AND c.case_status = 'open'"},
    /* Providers and centres operating on the date. */
    {"community_service_providers", "SELECT COUNT(DISTINCT f.provider_id)" FACILITY_AT},
    {"day_care_centres_grt", "SELECT COUNT(DISTINCT f.id)" FACILITY_AT " AND s.service_code = 'day_care' AND s.target_group = 'grt'"},
    {"day_care_centres_ft", "SELECT COUNT(DISTINCT f.id)" FACILITY_AT " AND s.service_code = 'day_care' AND s.target_group = 'ft'"},
    {"group_homes", "SELECT COUNT(DISTINCT f.id)" FACILITY_AT " AND s.service_code = 'group_home'"},
    {"specialised_workshops", "SELECT COUNT(DISTINCT f.id)" FACILITY_AT " AND s.service_code = 'workshop'"},
    {"respite_providers", "SELECT COUNT(DISTINCT f.provider_id)" FACILITY_AT " AND s.service_code = 'respite'"},
    {"social_rehab_providers",
     "SELECT COUNT(DISTINCT f.provider_id)" FACILITY_AT
     " AND (s.service_code = 'social_rehab' OR s.service_code IN (SELECT code FROM service_type WHERE parent_code = 'social_rehab'))"},
    {"family_like_care_providers", "SELECT COUNT(DISTINCT f.provider_id)" FACILITY_AT " AND s.service_code = 'family_like_care'"},
};

/* Where each computation's counted record was made (the origin its
 * region filter tests), for the count of every region at once
 * (kp_q_figures_computed_by_origin_each). */
static const struct {
    const char *name, *origin;
} COMPUTATION_ORIGINS[] = {
    {"grt_receiving_esf_services", "c.origin"},
    {"ft_receiving_esf_services", "c.origin"},
    {"grt_started_independent_life", KP_ORIGIN("c")},
    {"community_service_providers", "f.municipality_id"},
    {"day_care_centres_grt", "f.municipality_id"},
    {"day_care_centres_ft", "f.municipality_id"},
    {"group_homes", "f.municipality_id"},
    {"specialised_workshops", "f.municipality_id"},
    {"respite_providers", "f.municipality_id"},
    {"social_rehab_providers", "f.municipality_id"},
    {"family_like_care_providers", "f.municipality_id"},
};

/* The computation's entry; NULL when unknown. */
static const char *const *computation(const char *name)
{
    for (size_t i = 0; name && i < sizeof COMPUTATIONS / sizeof COMPUTATIONS[0]; i++)
        if (strcmp(COMPUTATIONS[i].name, name) == 0)
            return &COMPUTATIONS[i].sql;
    return NULL;
}

bool kp_q_figures_computation_known(const char *name)
{
    return computation(name) != NULL;
}

bool kp_q_figures_computed_by_query(const char *name)
{
    const char *const *sql = computation(name);
    return sql && *sql;
}

static const kp_field ID_F[] = {KP_FIELD(kp_q_figures_id, id)};
static const kp_shape ID = KP_SHAPE(kp_q_figures_id, ID_F);

kp_rc kp_q_figures_compute(kp_store *st, const char *name, const char *region, const char *d, const char *jan1,
                           const char *start, const char *origins, int64_t *value)
{
    const char *const *sql = computation(name);
    if (!sql || !*sql || !value)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d), KP_PTEXT(jan1), KP_PTEXT(start), KP_PTEXT(origins)};
    /* Every computation takes the same five parameters but may use fewer. */
    kp_q_figures_id row;
    bool found = false;
    kp_rc rc = kp_rows_one(st, *sql, p, at_most(params_used(*sql), 5), &ID, &row, &found);
    if (!rc && found)
        *value = row.id;
    return rc;
}

/* Where a computation's COUNT(DISTINCT e) is: e from *expr for *len
 * characters; false when it has none. */
static bool counted(const char *sql, const char **count, const char **expr, int *len, const char **close)
{
    *count = sql ? strstr(sql, "COUNT(DISTINCT ") : NULL;
    *close = *count ? strchr(*count, ')') : NULL;
    if (!*count || !*close)
        return false;
    *expr = *count + strlen("COUNT(DISTINCT ");
    *len = (int)(*close - *expr);
    return true;
}

const char *kp_q_figures_computed_kind(const char *name)
{
    const char *const *sql = computation(name);
    const char *count, *expr, *close;
    int len;
    if (!sql || !counted(*sql, &count, &expr, &len, &close))
        return NULL;
    return !strncmp(expr, "c.id", 4) ? "person" : strstr(expr, "provider") ? "provider" : "facility";
}

kp_rc kp_q_figures_computed_each(kp_store *st, const char *name, const char *region, const char *d, const char *jan1,
                                 const char *start, const char *origins, kp_row_fn fn, void *arg)
{
    const char *const *sql = computation(name);
    const char *count, *expr, *close;
    int len;
    if (!sql || !counted(*sql, &count, &expr, &len, &close))
        return KP_EINVAL;
    /* The count turned into the list: SELECT DISTINCT e … */
    kp_buf q;
    kp_buf_init(&q, KP_BUF_DEFAULT_MAX);
    kp_rc rc = kp_buf_printf(&q, "%.*sDISTINCT %.*s%s", (int)(count - *sql), *sql, len, expr, close + 1);
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d), KP_PTEXT(jan1), KP_PTEXT(start), KP_PTEXT(origins)};
    kp_q_figures_id row;
    if (!rc)
        rc = kp_rows_each(st, kp_buf_str(&q), p, at_most(params_used(kp_buf_str(&q)), 5), &ID, &row, fn, arg);
    kp_buf_free(&q);
    return rc;
}

/* Does the statement use ?n (not as the start of ?n0 …)? */
static bool uses_param(const char *sql, size_t n)
{
    for (const char *p = sql; (p = strchr(p, '?')) != NULL; p++) {
        size_t v = 0;
        const char *q = p + 1;
        while (*q >= '0' && *q <= '9')
            v = v * 10 + (size_t)(*q++ - '0');
        if (v == n)
            return true;
    }
    return false;
}

bool kp_q_figures_computed_uses_start(const char *name)
{
    const char *const *sql = computation(name);
    return sql && *sql && uses_param(*sql, 4);
}

kp_rc kp_q_figures_computed_by_origin_each(kp_store *st, const char *name, const char *d, const char *jan1,
                                           const char *start, const char *origins, kp_row_fn fn, void *arg)
{
    const char *const *sql = computation(name);
    const char *count, *expr, *close, *origin = NULL;
    int len;
    for (size_t i = 0; name && i < sizeof COMPUTATION_ORIGINS / sizeof COMPUTATION_ORIGINS[0]; i++)
        if (strcmp(COMPUTATION_ORIGINS[i].name, name) == 0)
            origin = COMPUTATION_ORIGINS[i].origin;
    /* A computation of the region itself (?1) has no share per origin. */
    if (!st || !fn || !origin || !sql || !counted(*sql, &count, &expr, &len, &close) || uses_param(*sql, 1))
        return KP_EINVAL;
    /* The count turned into the list of (origin, e): SELECT DISTINCT o, e … */
    kp_buf q;
    kp_buf_init(&q, KP_BUF_DEFAULT_MAX);
    kp_rc rc = kp_buf_printf(&q, "%.*sDISTINCT %s, %.*s%s", (int)(count - *sql), *sql, origin, len, expr, close + 1);
    kp_param p[] = {KP_PTEXT(""), KP_PTEXT(d), KP_PTEXT(jan1), KP_PTEXT(start), KP_PTEXT(origins)};
    static const kp_field F[] = {KP_FIELD(kp_q_figures_origin_id, origin), KP_FIELD(kp_q_figures_origin_id, id)};
    static const kp_shape S = KP_SHAPE(kp_q_figures_origin_id, F);
    kp_q_figures_origin_id row;
    if (!rc)
        rc = kp_rows_each(st, kp_buf_str(&q), p, at_most(params_used(kp_buf_str(&q)), 5), &S, &row, fn, arg);
    kp_buf_free(&q);
    return rc;
}

/* ---- indicators -------------------------------------------------------------- */

static const kp_field IND_F[] = {
    KP_FIELD(kp_q_figures_indicator, id),          KP_FIELD(kp_q_figures_indicator, key),
    KP_FIELD(kp_q_figures_indicator, kind),        KP_FIELD(kp_q_figures_indicator, source),
    KP_FIELD(kp_q_figures_indicator, computation), KP_FIELD(kp_q_figures_indicator, baseline_year),
    KP_FIELD(kp_q_figures_indicator, baseline),    KP_FIELD(kp_q_figures_indicator, target_year),
    KP_FIELD(kp_q_figures_indicator, target),      KP_FIELD(kp_q_figures_indicator, name),
    KP_FIELD(kp_q_figures_indicator, region)};
static const kp_shape IND = KP_SHAPE(kp_q_figures_indicator, IND_F);

kp_rc kp_q_figures_indicators_of(kp_store *st, const char *region, const char *lang, kp_q_figures_indicators *out)
{
    if (!out)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(lang)};
    return KP_ROWS_ALL(st,
                       "SELECT id, key, kind, source, COALESCE(computation, ''), COALESCE(baseline_year, 0),"
                       " COALESCE(baseline, -1), COALESCE(target_year, 0), target,"
                       " CASE WHEN ?2 = 'en' THEN name_en ELSE name_lv END, region_code FROM indicator"
                       " WHERE region_code = ?1 ORDER BY sort, id",
                       p, 2, &IND, out);
}

kp_rc kp_q_figures_indicator_by_id(kp_store *st, int64_t id, kp_q_figures_indicator *out, bool *found)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_rows_one(st,
                       "SELECT id, key, kind, source, COALESCE(computation, ''), 0, COALESCE(baseline, 0), 0, target,"
                       " '', region_code FROM indicator WHERE id = ?1",
                       p, 1, &IND, out, found);
}

kp_rc kp_q_figures_indicator_by_key(kp_store *st, const char *region, const char *key, kp_q_figures_indicator *out,
                                    bool *found)
{
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(key)};
    return kp_rows_one(st,
                       "SELECT id, key, kind, source, COALESCE(computation, ''), 0, COALESCE(baseline, 0), 0, target,"
                       " '', region_code FROM indicator WHERE region_code = ?1 AND key = ?2",
                       p, 2, &IND, out, found);
}

static const kp_field ENTERED_F[] = {KP_FIELD(kp_q_figures_entered, id), KP_FIELD(kp_q_figures_entered, year),
                                     KP_FIELD(kp_q_figures_entered, value)};
static const kp_shape ENTERED = KP_SHAPE(kp_q_figures_entered, ENTERED_F);

kp_rc kp_q_figures_indicator_entered(kp_store *st, int64_t indicator, int year, const char *day,
                                     kp_q_figures_entered *out, bool *found)
{
    kp_param p[] = {KP_PINT(indicator), KP_PINT(year), KP_PTEXT(day)};
    return kp_rows_one(st,
                       "SELECT v.id, v.period_year, " KP_INDICATOR_VALUE_AT_SQL("v", "?3") " FROM indicator_value v"
                       " WHERE v.indicator_id = ?1 AND v.period_year <= ?2 ORDER BY v.period_year DESC LIMIT 1",
                       p, 3, &ENTERED, out, found);
}

/* ---- facilities and population ------------------------------------------------ */

static const kp_field FAC_F[] = {KP_FIELD(kp_q_figures_facility, origin), KP_FIELD(kp_q_figures_facility, id),
                                 KP_FIELD(kp_q_figures_facility, name), KP_FIELD(kp_q_figures_facility, tg),
                                 KP_FIELD(kp_q_figures_facility, family)};
static const kp_shape FAC = KP_SHAPE(kp_q_figures_facility, FAC_F);
/* The same without the target group (the families' walk). */
static const kp_field FAM_F[] = {KP_FIELD(kp_q_figures_facility, origin), KP_FIELD(kp_q_figures_facility, id),
                                 KP_FIELD(kp_q_figures_facility, name), KP_FIELD(kp_q_figures_facility, family)};
static const kp_shape FAM = KP_SHAPE(kp_q_figures_facility, FAM_F);

kp_rc kp_q_figures_outside_plan_each(kp_store *st, const char *d, const char *start, const char *region,
                                     const char *origins, kp_row_fn fn, void *arg)
{
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(start), KP_PTEXT(region), KP_PTEXT(origins)};
    kp_q_figures_facility row;
    return kp_rows_each(st, KP_FIGURE_OUTSIDE_PLAN_SQL, p, 4, &FAC, &row, fn, arg);
}

/* Facilities and their service families on ?1, at facilities of the
 * territories in ?2 (the region's record origins on the date, JSON). */
static const char FAMILIES_SQL[] =
    "SELECT DISTINCT f.municipality_id, f.id, f.name, " KP_SERVICE_FAMILY_SQL("fs.service_code") " AS fam"
    " FROM facility_service fs JOIN facility f ON f.id = fs.facility_id JOIN provider pr ON pr.id = f.provider_id"
    " WHERE " KP_FACILITY_SERVICE_AT_SQL("fs", "f", "pr", "?1")
    " AND f.municipality_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?2))"
    " ORDER BY f.municipality_id, f.id, fam";

kp_rc kp_q_figures_facility_families_each(kp_store *st, const char *d, const char *origins, kp_row_fn fn, void *arg)
{
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(origins)};
    kp_q_figures_facility row;
    return kp_rows_each(st, FAMILIES_SQL, p, 2, &FAM, &row, fn, arg);
}

kp_rc kp_q_figures_population(kp_store *st, const int64_t *ids, size_t n, int year, int64_t *sum, size_t *have)
{
    if (!st || (n && !ids) || !sum || !have)
        return KP_EINVAL;
    *sum = 0;
    *have = 0;
    /* One statement for all the territories (a trend asks for many). */
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(st, "SELECT population FROM population WHERE municipality_id = ?1 AND year = ?2", &s);
    for (size_t i = 0; i < n && !rc; i++) {
        kp_param p[] = {KP_PINT(ids[i]), KP_PINT(year)};
        bool row = false;
        rc = kp_stmt_reset(s);
        if (!rc)
            rc = kp_sql_bind(s, p, 2);
        if (!rc)
            rc = kp_stmt_step(s, &row);
        if (!rc && row) {
            (*have)++;
            *sum += kp_stmt_int(s, 0);
        }
    }
    kp_stmt_free(s);
    return rc;
}

/* ---- the drill-down's lists ---------------------------------------------------- */

static const kp_field PERSON_F[] = {KP_FIELD(kp_q_figures_person, origin), KP_FIELD(kp_q_figures_person, id),
                                    KP_FIELD(kp_q_figures_person, given), KP_FIELD(kp_q_figures_person, family),
                                    KP_FIELD(kp_q_figures_person, detail)};
static const kp_shape PERSON = KP_SHAPE(kp_q_figures_person, PERSON_F);

/* A person query: binds the parameters it uses (the context's conditions
 * use ?4, 65 years, only in Appendix 1). */
static kp_rc people(kp_store *st, const char *sql, const kp_param *p, size_t np, kp_row_fn fn, void *arg)
{
    kp_q_figures_person row;
    return kp_rows_each(st, sql, p, at_most(params_used(sql), np), &PERSON, &row, fn, arg);
}

kp_rc kp_q_figures_context_people_each(kp_store *st, const char *condition, const char *d, const char *adult,
                                       const char *origins, const char *senior, kp_row_fn fn, void *arg)
{
    if (!condition)
        return KP_EINVAL;
    kp_buf sql;
    kp_buf_init(&sql, KP_BUF_DEFAULT_MAX);
    kp_rc rc = kp_buf_printf(&sql,
                             KP_FIGURE_CONTEXT_FROM " SELECT x.origin, x.id, p.given_name, p.family_name, x.target_group"
                                                    " FROM x JOIN " KP_CLIENT_AT("?1") " p ON p.id = x.id WHERE %s"
                                                    " ORDER BY p.family_name, p.given_name, x.id",
                             condition);
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(adult), KP_PTEXT(origins), KP_PTEXT(senior)};
    if (!rc)
        rc = people(st, kp_buf_str(&sql), p, 4, fn, arg);
    kp_buf_free(&sql);
    return rc;
}

static const char NEEDS_LIST_SQL[] =
    KP_FIGURE_NEEDS_PEOPLE("c.target_group = ?3")
    " SELECT c.origin, c.id, p.given_name, p.family_name, n.service_code FROM c"
    " JOIN " KP_CLIENT_AT("?1") " p ON p.id = c.id" KP_FIGURE_NEEDS_JOIN
    " AND (n.service_code = ?4 OR st.parent_code = ?4) ORDER BY p.family_name, p.given_name, c.id, n.service_code";

static const char PROVIDED_LIST_SQL[] =
    "SELECT " KP_ORIGIN("c") ", c.id, c.given_name, c.family_name, a.service_code FROM " KP_CLIENT_AT("?1")
    " c" KP_FIGURE_PROVIDED_JOIN " WHERE c.target_group = ?4 AND " KP_FIGURE_IN_ORIGINS("?3")
    " AND (COALESCE(?5, '') = '' OR COALESCE(st.parent_code, st.code) = ?5) ORDER BY c.family_name, c.given_name, c.id";

/* Need against places: the persons of one service family (?3) in need or
 * receiving it (?4 "need" or "receiving") on the date. */
static const char NEED_PLACES_LIST_SQL[] =
    KP_NEED_PERSONS_WITH
    " SELECT CASE WHEN c.p = 0 THEN c.m ELSE -c.p END, c.id, p.given_name, p.family_name, u.fam"
    " FROM u JOIN c ON c.id = u.id JOIN " KP_CLIENT_AT("?1") " p ON p.id = c.id"
    " WHERE u.fam = ?3 AND CASE WHEN ?4 = 'receiving' THEN u.rcv ELSE u.need END = 1"
    " ORDER BY p.family_name, p.given_name, c.id";

/* Cost after EU funding: the persons served in year ?6 with service family
 * ?5 ("all": a row per person and family, as the page's year total adds
 * them), between the project's start ?3 and ?4 (the date or the project's
 * end, whichever is first). */
static const char COST_LIST_SQL[] =
    KP_COST_DELIVERIES_WITH
    " SELECT DISTINCT c.origin, c.id, p.given_name, p.family_name, COALESCE(st.parent_code, st.code)"
    KP_COST_DELIVERIES_JOIN
    " JOIN " KP_CLIENT_AT("?1") " p ON p.id = c.id"
    " WHERE (?5 = 'all' OR COALESCE(st.parent_code, st.code) = ?5)"
    " AND CAST(substr(d.delivered_on, 1, 4) AS INTEGER) = ?6"
    " ORDER BY p.family_name, p.given_name, c.id, 5";

kp_rc kp_q_figures_needs_people_each(kp_store *st, const char *d, const char *origins, const char *tg,
                                     const char *service, kp_row_fn fn, void *arg)
{
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(origins), KP_PTEXT(tg), KP_PTEXT(service)};
    return people(st, NEEDS_LIST_SQL, p, 4, fn, arg);
}

kp_rc kp_q_figures_provided_people_each(kp_store *st, const char *d, const char *start, const char *origins,
                                        const char *tg, const char *service, kp_row_fn fn, void *arg)
{
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(start), KP_PTEXT(origins), KP_PTEXT(tg), KP_PTEXT(service)};
    return people(st, PROVIDED_LIST_SQL, p, 5, fn, arg);
}

kp_rc kp_q_figures_need_places_people_each(kp_store *st, const char *d, const char *origins, const char *family,
                                           const char *which, kp_row_fn fn, void *arg)
{
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(origins), KP_PTEXT(family), KP_PTEXT(which)};
    return people(st, NEED_PLACES_LIST_SQL, p, 4, fn, arg);
}

kp_rc kp_q_figures_cost_people_each(kp_store *st, const char *d, const char *origins, const char *start,
                                    const char *until, const char *family, int year, kp_row_fn fn, void *arg)
{
    kp_param p[] = {KP_PTEXT(d),     KP_PTEXT(origins), KP_PTEXT(start),
                    KP_PTEXT(until), KP_PTEXT(family),  KP_PINT(year)};
    return people(st, COST_LIST_SQL, p, 6, fn, arg);
}

kp_rc kp_q_figures_client_names(kp_store *st, int64_t id, const char *d, char given[152], char family[152])
{
    kp_param who[] = {KP_PINT(id), KP_PTEXT(d)};
    kp_rc rc = kp_sql_text(st, "SELECT cv.given_name FROM " KP_CLIENT_AT("?2") " cv WHERE cv.id = ?1", who, 2, given,
                           152);
    if (!rc)
        rc = kp_sql_text(st, "SELECT cv.family_name FROM " KP_CLIENT_AT("?2") " cv WHERE cv.id = ?1", who, 2, family,
                         152);
    return rc;
}

static const kp_field PAYMENT_F[] = {KP_FIELD(kp_q_figures_payment, origin), KP_FIELD(kp_q_figures_payment, id),
                                     KP_FIELD(kp_q_figures_payment, from), KP_FIELD(kp_q_figures_payment, to),
                                     KP_FIELD(kp_q_figures_payment, cents)};
static const kp_shape PAYMENT = KP_SHAPE(kp_q_figures_payment, PAYMENT_F);

kp_rc kp_q_figures_payments_each(kp_store *st, const char *region, const char *d, kp_row_fn fn, void *arg)
{
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    kp_q_figures_payment row;
    return kp_rows_each(st,
                        "SELECT p.municipality_id, p.id, p.period_start, p.period_end, p.amount_cents FROM "
                        KP_COMPENSATION_AT_SQL("?2") " p JOIN project j ON j.id = p.project_id"
                        " WHERE j.region_code = ?1 AND p.period_end <= ?2 ORDER BY p.period_start, p.id",
                        p, 2, &PAYMENT, &row, fn, arg);
}

static const kp_field MONEY_F[] = {KP_FIELD(kp_q_figures_money_row, id), KP_FIELD(kp_q_figures_money_row, name),
                                   KP_FIELD(kp_q_figures_money_row, detail), KP_FIELD(kp_q_figures_money_row, cents)};
static const kp_shape MONEY = KP_SHAPE(kp_q_figures_money_row, MONEY_F);

kp_rc kp_q_figures_money_each(kp_store *st, kp_q_figures_money_of what, const char *region, const char *d,
                              kp_row_fn fn, void *arg)
{
    const char *sql =
        what == KP_Q_MONEY_REQUESTS
            ? "SELECT r.id, 'MP ' || r.number, r.period_start || '–' || r.period_end, r.amount_cents FROM "
              KP_PAYMENT_REQUEST_AT_SQL("?2") " r JOIN project j ON j.id = r.project_id"
              " WHERE j.region_code = ?1 AND r.period_end <= ?2 ORDER BY r.period_end, r.id"
        : what == KP_Q_MONEY_ESF
            ? "SELECT id, number, name, esf_cents FROM project WHERE region_code = ?1 AND start_date <= ?2 ORDER BY id"
        : what == KP_Q_MONEY_STATE
            ? "SELECT id, number, name, state_cents FROM project WHERE region_code = ?1 AND start_date <= ?2 ORDER BY id"
        : what == KP_Q_MONEY_BUDGET
            ? "SELECT id, number, name, budget_cents FROM project WHERE region_code = ?1 AND start_date <= ?2 ORDER BY id"
            : NULL;
    if (!sql)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    kp_q_figures_money_row row;
    return kp_rows_each(st, sql, p, 2, &MONEY, &row, fn, arg);
}

/* ---- the evaluation's details ---------------------------------------------------- */

static const kp_field NAME_F[] = {KP_FIELD(kp_q_figures_name, code), KP_FIELD(kp_q_figures_name, name)};
static const kp_shape NAME = KP_SHAPE(kp_q_figures_name, NAME_F);

kp_rc kp_q_figures_names_list(kp_store *st, kp_q_figures_names_of what, const char *region, kp_q_figures_names *out)
{
    if (!out)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(region)};
    switch (what) {
    case KP_Q_NAMES_SERVICES:
        return KP_ROWS_ALL(st, "SELECT code, name_lv FROM service_type ORDER BY sort, code", NULL, 0, &NAME, out);
    case KP_Q_NAMES_GROUPS:
        return KP_ROWS_ALL(st, "SELECT code, name_lv FROM target_group ORDER BY code", NULL, 0, &NAME, out);
    case KP_Q_NAMES_REGIONS:
        return KP_ROWS_ALL(st, "SELECT code, name_lv FROM region ORDER BY code", NULL, 0, &NAME, out);
    case KP_Q_NAMES_INDICATORS:
        return KP_ROWS_ALL(st, "SELECT key, name_lv FROM indicator WHERE region_code = ? ORDER BY sort, id", p, 1,
                           &NAME, out);
    }
    return KP_EINVAL;
}

kp_rc kp_q_figures_region_name(kp_store *st, const char *region, char *out, size_t outlen)
{
    kp_param p[] = {KP_PTEXT(region)};
    return kp_sql_text(st, "SELECT name_lv FROM region WHERE code = ?", p, 1, out, outlen);
}

kp_rc kp_q_figures_territory_name(kp_store *st, int64_t id, char *out, size_t outlen)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_sql_text(st, "SELECT name_lv FROM municipality WHERE id = ?", p, 1, out, outlen);
}

static const kp_field PROJECT_F[] = {KP_FIELD(kp_q_figures_project, number), KP_FIELD(kp_q_figures_project, name),
                                     KP_FIELD(kp_q_figures_project, start),  KP_FIELD(kp_q_figures_project, end),
                                     KP_FIELD(kp_q_figures_project, budget), KP_FIELD(kp_q_figures_project, esf),
                                     KP_FIELD(kp_q_figures_project, state)};
static const kp_shape PROJECT = KP_SHAPE(kp_q_figures_project, PROJECT_F);

kp_rc kp_q_figures_projects_of(kp_store *st, const char *region, const char *d, kp_q_figures_projects *out)
{
    if (!out)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    return KP_ROWS_ALL(st,
                       "SELECT number, name, start_date, end_date, budget_cents, esf_cents, state_cents FROM project"
                       " WHERE region_code = ? AND start_date <= ? ORDER BY start_date, number",
                       p, 2, &PROJECT, out);
}

static const kp_field COOP_F[] = {KP_FIELD(kp_q_figures_coop, municipality_id), KP_FIELD(kp_q_figures_coop, partner_id),
                                  KP_FIELD(kp_q_figures_coop, service),         KP_FIELD(kp_q_figures_coop, tg),
                                  KP_FIELD(kp_q_figures_coop, kind),            KP_FIELD_OPT(kp_q_figures_coop, places)};
static const kp_shape COOP = KP_SHAPE(kp_q_figures_coop, COOP_F);

kp_rc kp_q_figures_cooperation_of(kp_store *st, const char *origins, kp_q_figures_coops *out)
{
    if (!out)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(origins)};
    return KP_ROWS_ALL(st,
                       "SELECT c.municipality_id, c.partner_id, c.service_code, c.target_group, c.kind, c.places"
                       " FROM cooperation c WHERE c.municipality_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) ORDER BY c.kind, c.id",
                       p, 1, &COOP, out);
}

static const kp_field TERR_F[] = {KP_FIELD(kp_q_figures_territory, id), KP_FIELD(kp_q_figures_territory, name),
                                  KP_FIELD(kp_q_figures_territory, valid_to)};
static const kp_shape TERR = KP_SHAPE(kp_q_figures_territory, TERR_F);

kp_rc kp_q_figures_territories_of(kp_store *st, const char *origins, const char *d, bool ended,
                                  kp_q_figures_territories *out)
{
    if (!out)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(origins), KP_PTEXT(d)};
    return KP_ROWS_ALL(st,
                       ended ? "SELECT id, name_lv, COALESCE(valid_to, '') FROM municipality"
                               " WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) AND valid_to IS NOT NULL AND valid_to < ? ORDER BY atvk"
                             : "SELECT id, name_lv, COALESCE(valid_to, '') FROM municipality WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))"
                               " AND valid_from <= ? ORDER BY atvk",
                       p, 2, &TERR, out);
}

static const kp_field SUM_F[] = {KP_FIELD(kp_q_figures_period_sum, origin), KP_FIELD(kp_q_figures_period_sum, cents)};
static const kp_shape SUM = KP_SHAPE(kp_q_figures_period_sum, SUM_F);

kp_rc kp_q_figures_compensation_by_territory_each(kp_store *st, const char *region, const char *d, kp_row_fn fn,
                                                  void *arg)
{
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    kp_q_figures_period_sum row;
    return kp_rows_each(st,
                        "SELECT p.municipality_id, SUM(p.amount_cents) FROM " KP_COMPENSATION_AT_SQL("?2") " p"
                        " JOIN project j ON j.id = p.project_id WHERE j.region_code = ?1 AND p.period_end <= ?2"
                        " GROUP BY p.municipality_id",
                        p, 2, &SUM, &row, fn, arg);
}

static const kp_field TG_N_F[] = {KP_FIELD(kp_q_figures_tg_row, origin), KP_FIELD(kp_q_figures_tg_row, tg),
                                  KP_FIELD(kp_q_figures_tg_row, n)};
static const kp_shape TG_N = KP_SHAPE(kp_q_figures_tg_row, TG_N_F);

kp_rc kp_q_figures_recipients_by_territory_each(kp_store *st, const char *origins, const char *d, const char *start,
                                                kp_row_fn fn, void *arg)
{
    kp_param p[] = {KP_PTEXT(origins), KP_PTEXT(d), KP_PTEXT(start)};
    kp_q_figures_tg_row row;
    /* An EXISTS per person, not a join counted with COUNT(DISTINCT): the
     * join made SQLite start from the dates' index and walk every delivery
     * in the country since the project began (47 % of a region's PDF). */
    return kp_rows_each(st,
                        "SELECT c.municipality_id, c.target_group, COUNT(DISTINCT c.id) FROM " KP_CLIENT_AT("?2") " c"
                        " WHERE " KP_ORIGIN("c") " IN (SELECT CAST(value AS INTEGER) FROM json_each(?1))"
                        " AND c.target_group IN ('grt', 'ft', 'parents')"
                        " AND EXISTS (SELECT 1 FROM assignment a"
                        "  JOIN delivery dl ON dl.assignment_id = a.id AND dl.delivered_on BETWEEN ?3 AND ?2"
                        "   AND " KP_ASSIGNMENT_NOT_CANCELLED_ON_SQL("a", "dl.delivered_on")
                        "  WHERE a.client_id = c.id AND a.esf_funded = 1)"
                        " GROUP BY c.municipality_id, c.target_group",
                        p, 3, &TG_N, &row, fn, arg);
}

/* ---- stored evaluations -------------------------------------------------------- */

#define TEXT(v) ((kp_param){.t = KP_P_TEXT, .s = (v)}) /* text as it is, "" included */

static const kp_field LATEST_F[] = {KP_FIELD(kp_q_figures_approved_version, id), KP_FIELD(kp_q_figures_approved_version, version),
                                    KP_FIELD_DUP(kp_q_figures_approved_version, figures_csv)};
static const kp_shape LATEST = KP_SHAPE(kp_q_figures_approved_version, LATEST_F);

kp_rc kp_q_figures_approved_latest(kp_store *st, const char *region, const char *d, kp_q_figures_approved_version *out,
                             bool *found)
{
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    return kp_rows_one(st,
                       "SELECT id, version, figures_csv FROM evaluation_version WHERE region_code = ?"
                       " AND at_date = ? ORDER BY version DESC LIMIT 1",
                       p, 2, &LATEST, out, found);
}

static const kp_field VERSION_F[] = {
    KP_FIELD(kp_q_figures_approved_version, id),          KP_FIELD(kp_q_figures_approved_version, version),
    KP_FIELD(kp_q_figures_approved_version, region),      KP_FIELD(kp_q_figures_approved_version, at),
    KP_FIELD(kp_q_figures_approved_version, approved_on), KP_FIELD(kp_q_figures_approved_version, approved_at),
    KP_FIELD(kp_q_figures_approved_version, approved_by), KP_FIELD(kp_q_figures_approved_version, nchanges)};
static const kp_shape VERSION = KP_SHAPE(kp_q_figures_approved_version, VERSION_F);

#define VERSION_COLS                                                                                                   \
    "SELECT id, version, region_code, at_date, approved_on, approved_at, approved_by,"                                 \
    " (SELECT COUNT(*) FROM evaluation_version_change c WHERE c.version_id = v.id) FROM evaluation_version v"

kp_rc kp_q_figures_approved_versions_of(kp_store *st, const char *region, const char *d,
                                        kp_q_figures_approved_versions *out)
{
    if (!out)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    return KP_ROWS_ALL(st, VERSION_COLS " WHERE region_code = ? AND at_date = ? ORDER BY version", p, 2, &VERSION, out);
}

kp_rc kp_q_figures_approved_version_by_id(kp_store *st, int64_t id, kp_q_figures_approved_version *out, bool *found)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_rows_one(st, VERSION_COLS " WHERE id = ?", p, 1, &VERSION, out, found);
}

kp_rc kp_q_figures_approved_next_version(kp_store *st, const char *region, const char *d, int64_t *next)
{
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    return kp_sql_int(st,
                      "SELECT COALESCE(MAX(version), 0) + 1 FROM evaluation_version WHERE region_code = ?"
                      " AND at_date = ?",
                      p, 2, 1, next);
}

static const kp_field FIGURES_F[] = {KP_FIELD(kp_q_figures_approved_version, version),
                                     KP_FIELD(kp_q_figures_approved_version, approved_on),
                                     KP_FIELD_DUP(kp_q_figures_approved_version, figures_csv)};
static const kp_shape FIGURES = KP_SHAPE(kp_q_figures_approved_version, FIGURES_F);

kp_rc kp_q_figures_approved_figures_latest(kp_store *st, const char *region, const char *d,
                                           kp_q_figures_approved_version *out,
                                     bool *found)
{
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    return kp_rows_one(st,
                       "SELECT v.version, v.approved_on, v.figures_csv FROM evaluation_version v"
                       " JOIN region r ON r.code = v.region_code"
                       " WHERE v.region_code = ? AND v.at_date = ? ORDER BY v.version DESC LIMIT 1",
                       p, 2, &FIGURES, out, found);
}

kp_rc kp_q_figures_approved_figures_of(kp_store *st, int64_t id, kp_q_figures_approved_version *out, bool *found)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_rows_one(st, "SELECT version, approved_on, figures_csv FROM evaluation_version WHERE id = ?", p, 1,
                       &FIGURES, out, found);
}

static const kp_field TEXT_F[] = {KP_FIELD(kp_q_figures_approved_text, chapter), KP_FIELD(kp_q_figures_approved_text, version)};
static const kp_shape TEXTS = KP_SHAPE(kp_q_figures_approved_text, TEXT_F);

kp_rc kp_q_figures_approved_texts_of(kp_store *st, int64_t id, kp_q_figures_approved_texts *out)
{
    if (!out)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(id)};
    return KP_ROWS_ALL(st, "SELECT chapter, chapter_version FROM evaluation_version_text WHERE version_id = ?", p, 1,
                       &TEXTS, out);
}

kp_rc kp_q_figures_approved_chapter_latest(kp_store *st, const char *region, const char *d, const char *chapter,
                                     int64_t *version)
{
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d), KP_PTEXT(chapter)};
    return kp_sql_int(st,
                      "SELECT COALESCE(MAX(version), 0) FROM evaluation_chapter WHERE region_code = ? AND at_date = ?"
                      " AND chapter = ?",
                      p, 3, 0, version);
}

static const kp_field CHANGE_F[] = {KP_FIELD(kp_q_figures_approved_change, kind), KP_FIELD(kp_q_figures_approved_change, item),
                                    KP_FIELD(kp_q_figures_approved_change, old_value),
                                    KP_FIELD(kp_q_figures_approved_change, new_value)};
static const kp_shape CHANGE = KP_SHAPE(kp_q_figures_approved_change, CHANGE_F);

kp_rc kp_q_figures_approved_changes_of(kp_store *st, int64_t id, kp_q_figures_approved_changes *out)
{
    if (!out)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(id)};
    return KP_ROWS_ALL(st,
                       "SELECT kind, item, old_value, new_value FROM evaluation_version_change"
                       " WHERE version_id = ? ORDER BY id",
                       p, 1, &CHANGE, out);
}

static const kp_field FILE_F[] = {KP_FIELD(kp_q_figures_approved_file, format), KP_FIELD(kp_q_figures_approved_file, sha256),
                                  KP_FIELD(kp_q_figures_approved_file, bytes)};
static const kp_shape FILES = KP_SHAPE(kp_q_figures_approved_file, FILE_F);

kp_rc kp_q_figures_approved_files_of(kp_store *st, int64_t id, kp_q_figures_approved_files *out)
{
    if (!out)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(id)};
    return KP_ROWS_ALL(st,
                       "SELECT format, sha256, length(content) FROM evaluation_snapshot WHERE version_id = ?"
                       " ORDER BY id",
                       p, 1, &FILES, out);
}

static const kp_field CONTENT_F[] = {KP_FIELD(kp_q_figures_approved_content, file_id),
                                     KP_FIELD_BLOB(kp_q_figures_approved_content, content),
                                     KP_FIELD(kp_q_figures_approved_content, sha256)};
static const kp_shape CONTENT = KP_SHAPE(kp_q_figures_approved_content, CONTENT_F);

kp_rc kp_q_figures_approved_file_content(kp_store *st, int64_t id, const char *format,
                                         kp_q_figures_approved_content *out, bool *found)
{
    if (!found)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(id), KP_PTEXT(format)};
    return kp_rows_one(st, "SELECT id, content, sha256 FROM evaluation_snapshot WHERE version_id = ? AND format = ?",
                       p, 2, &CONTENT, out, found);
}

kp_rc kp_q_figures_approved_with_file(kp_store *st, const char *region, const char *d, const char *format, int64_t *id)
{
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d), KP_PTEXT(format)};
    return kp_sql_int(st,
                      "SELECT v.id FROM evaluation_version v JOIN evaluation_snapshot s ON s.version_id = v.id"
                      " WHERE v.region_code = ? AND v.at_date = ? AND s.format = ? ORDER BY v.version DESC LIMIT 1",
                      p, 3, 0, id);
}

kp_rc kp_q_figures_approved_insert_version(kp_store *st, const kp_q_figures_approved_new *v, int64_t *id)
{
    if (!v)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(v->region),      KP_PTEXT(v->at),          KP_PINT(v->version),
                    KP_PTEXT(v->approved_on), KP_PTEXT(v->approved_at), KP_PTEXT(v->approved_by),
                    TEXT(v->figures_csv)};
    return kp_sql_insert(st,
                         "INSERT INTO evaluation_version(region_code, at_date, version, approved_on, approved_at,"
                         " approved_by, figures_csv) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id);
}

kp_rc kp_q_figures_approved_insert_text(kp_store *st, int64_t id, const char *chapter, int64_t chapter_version,
                                  const char *body)
{
    kp_param p[] = {KP_PINT(id), KP_PTEXT(chapter), KP_PINT(chapter_version), TEXT(body)};
    return kp_sql_exec(st,
                       "INSERT INTO evaluation_version_text(version_id, chapter, chapter_version, body)"
                       " VALUES (?, ?, ?, ?)",
                       p, 4);
}

kp_rc kp_q_figures_approved_insert_change(kp_store *st, int64_t id, const char *kind, const char *item,
                                          const char *old_value,
                                    const char *new_value)
{
    kp_param p[] = {KP_PINT(id), KP_PTEXT(kind), KP_PTEXT(item), TEXT(old_value), TEXT(new_value)};
    return kp_sql_exec(st,
                       "INSERT INTO evaluation_version_change(version_id, kind, item, old_value, new_value)"
                       " VALUES (?, ?, ?, ?, ?)",
                       p, 5);
}

kp_rc kp_q_figures_approved_insert_snapshot(kp_store *st, int64_t id, const kp_q_figures_approved_new *v,
                                            const char *format,
                                      const void *content, size_t n, const char *sha256)
{
    if (!v)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(id),         KP_PTEXT(v->region),      KP_PTEXT(v->at),
                    KP_PTEXT(v->approved_on), KP_PTEXT(v->approved_by), KP_PTEXT(format),
                    KP_PBLOB(content, n), KP_PTEXT(sha256),        TEXT(v->figures_csv)};
    return kp_sql_exec(st,
                       "INSERT INTO evaluation_snapshot(version_id, region_code, at_date, status, approved_on,"
                       " approved_by, format, content, sha256, figures_csv)"
                       " VALUES (?, ?, ?, 'approved', ?, ?, ?, ?, ?, ?)",
                       p, KP_NPARAMS(p));
}
