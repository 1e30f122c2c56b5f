/* Catalogue loading (see catalogue.h). Every file is checked whole before
 * anything is written; the files' formats are in docs/catalogues.md. */
#include "service/transfer/catalogue.h"
#include "service/transfer/csv_file.h"
#include "service/territory_shapes.h"
#include "service/transfer/transfer_sql.h"
#include "service/validate.h"
#include "core/date.h"
#include "core/rules.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *kp_catalogue_dir(void)
{
    const char *env = getenv("KOPA_DATA_DIR");
    return env && *env ? env : KOPA_DEFAULT_DATA_DIR;
}

bool kp_catalogue_loaded(kp_ctx *ctx)
{
    bool loaded = false;
    kp_q_catalogue_loaded(ctx->db, &loaded);
    return loaded;
}

typedef struct loader {
    kp_ctx *ctx;
    kp_errors *e;
    const char *dir;
    char path[1024];
    kp_csv csv;
} loader;

/* Reads one file and checks its header is exactly `cols`. */
static bool open_file(loader *L, const char *name, const char *const *cols, size_t ncols)
{
    snprintf(L->path, sizeof L->path, "%s/%s", L->dir, name);
    char err[512];
    L->e->file = name;
    L->e->line = 0;
    if (kp_csv_read(L->path, &L->csv, err, sizeof err)) {
        kp_errors_add(L->e, "", "", "%s", err);
        return false;
    }
    L->e->line = 1;
    bool ok = L->csv.header.n == ncols;
    for (size_t i = 0; ok && i < ncols; i++)
        ok = strcmp(L->csv.header.fields[i], cols[i]) == 0;
    if (!ok) {
        char want[512] = "";
        size_t used = 0;
        for (size_t i = 0; i < ncols; i++) {
            int n = snprintf(want + used, sizeof want - used, "%s%s", i ? "," : "", cols[i]);
            if (n > 0 && (size_t)n < sizeof want - used)
                used += (size_t)n;
        }
        kp_errors_add(L->e, "", "", "the header must be exactly: %s", want);
        kp_csv_free(&L->csv);
        return false;
    }
    return true;
}

static bool row_shape(loader *L, const kp_csv_row *r, size_t ncols)
{
    L->e->line = r->line;
    if (r->n != ncols) {
        kp_errors_add(L->e, "", "", "expected %zu fields, found %zu", ncols, r->n);
        return false;
    }
    return true;
}

#define F(i) kp_csv_field(r, (i))

/* A code table with Latvian and English names (regions, target groups). */
static kp_rc load_code_names(loader *L, const char *file, kp_q_catalogue_code_table table, size_t code_max,
                             const char *duplicate)
{
    static const char *const cols[] = {"code", "name_lv", "name_en"};
    if (!open_file(L, file, cols, 3))
        return KP_EINVAL;
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < L->csv.n && !rc; i++) {
        const kp_csv_row *r = &L->csv.rows[i];
        size_t before = L->e->n;
        if (!row_shape(L, r, 3))
            continue;
        kp_v_text(L->ctx, L->e, "code", F(0), code_max, true);
        kp_v_text(L->ctx, L->e, "name_lv", F(1), 200, true);
        kp_v_text(L->ctx, L->e, "name_en", F(2), 200, true);
        if (L->e->n != before)
            continue;
        rc = kp_q_catalogue_code_add(L->ctx->db, table, F(0), F(1), F(2));
        if (rc == KP_ECONFLICT) {
            kp_errors_add(L->e, "code", F(0), "%s", duplicate);
            rc = KP_OK;
        }
    }
    kp_csv_free(&L->csv);
    return rc;
}

static kp_rc load_regions(loader *L)
{
    return load_code_names(L, "regions.csv", KP_Q_CATALOGUE_REGIONS, 7,
                           "duplicate region code");
}

static kp_rc load_target_groups(loader *L)
{
    return load_code_names(L, "target_groups.csv", KP_Q_CATALOGUE_TARGET_GROUPS, 15, "duplicate target group code");
}

static bool is_atvk(const char *s)
{
    if (strlen(s) != 7)
        return false;
    for (int i = 0; i < 7; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* The day after an ISO date, as ISO text ("" when the date is not valid). */
static void day_after(const char *iso, char out[11])
{
    kp_date d = 0;
    out[0] = '\0';
    if (!kp_date_parse_iso(iso, &d))
        kp_date_format_iso(d + 1, out);
}

static kp_rc load_municipalities(loader *L)
{
    static const char *const cols[] = {"atvk", "key", "name_lv", "name_en", "kind", "region",
                                       "valid_from", "valid_to", "successor_atvk", "code_confirmed", "source"};
    static const char *const kinds[] = {"state_city", "novads", "city", NULL};
    if (!open_file(L, "municipalities.csv", cols, 11))
        return KP_EINVAL;
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < L->csv.n && !rc; i++) {
        const kp_csv_row *r = &L->csv.rows[i];
        size_t before = L->e->n;
        if (!row_shape(L, r, 11))
            continue;
        if (!is_atvk(F(0)))
            kp_errors_add(L->e, "atvk", F(0), "an ATVK code has exactly 7 digits");
        kp_v_text(L->ctx, L->e, "key", F(1), 47, true);
        kp_v_text(L->ctx, L->e, "name_lv", F(2), 95, true);
        kp_v_text(L->ctx, L->e, "name_en", F(3), 95, true);
        kp_v_enum(L->ctx, L->e, "kind", F(4), kinds, true);
        kp_v_region(L->ctx, L->e, "region", F(5));
        kp_date from = kp_v_date(L->ctx, L->e, "valid_from", F(6), true);
        kp_date to = kp_v_date(L->ctx, L->e, "valid_to", F(7), false);
        kp_v_period(L->ctx, L->e, "valid_to", from, to);
        if (!kp_blank(F(8)) && !is_atvk(F(8)))
            kp_errors_add(L->e, "successor_atvk", F(8), "an ATVK code has exactly 7 digits");
        if (!kp_blank(F(8)) && kp_blank(F(7)))
            kp_errors_add(L->e, "successor_atvk", F(8), "only a territory with an end date (valid_to) has a successor");
        int confirmed = kp_v_flag(L->ctx, L->e, "code_confirmed", F(9), 0);
        kp_v_text(L->ctx, L->e, "source", F(10), 1000, true);
        if (L->e->n != before)
            continue;
        kp_q_catalogue_municipality_in m = {F(0), F(1), F(2), F(3), F(4), F(5), F(6), F(7), confirmed, F(10)};
        rc = kp_q_catalogue_municipality_add(L->ctx->db, &m);
        if (rc == KP_ECONFLICT) {
            kp_errors_add(L->e, "atvk", F(0), "duplicate ATVK code or key");
            rc = KP_OK;
        }
    }
    /* Successors may come later in the file: link them in a second pass.
     * A successor must exist on the day after its predecessor ended, so
     * that the roll-up always lands on a territory. */
    for (size_t i = 0; i < L->csv.n && !rc; i++) {
        const kp_csv_row *r = &L->csv.rows[i];
        if (r->n != 11 || kp_blank(F(8)))
            continue;
        L->e->line = r->line;
        char next[11];
        day_after(F(7), next);
        kp_q_catalogue_territory t;
        int64_t succ = 0;
        bool valid = false;
        rc = kp_q_catalogue_territory_by_atvk(L->ctx->db, F(8), &t);
        succ = rc ? 0 : t.id;
        if (!rc && succ)
            rc = kp_q_catalogue_territory_valid_on(L->ctx->db, F(8), next, &valid);
        if (!rc && !succ) {
            kp_errors_add(L->e, "successor_atvk", F(8), "no municipality with this ATVK code in the file");
            continue;
        }
        if (!rc && !valid) {
            kp_errors_add(L->e, "successor_atvk", F(8), "the successor is not valid on %s, the day after valid_to", next);
            continue;
        }
        if (!rc)
            rc = kp_q_catalogue_set_successor(L->ctx->db, F(0), succ);
    }
    kp_csv_free(&L->csv);
    return rc;
}

/* A territory's id and validity by ATVK code; 0 when there is none. */
static int64_t territory(loader *L, const char *column, const char *atvk, char from[11], char to[11])
{
    from[0] = to[0] = '\0';
    if (!is_atvk(atvk)) {
        kp_errors_add(L->e, column, atvk, "an ATVK code has exactly 7 digits");
        return 0;
    }
    kp_q_catalogue_territory t;
    if (kp_q_catalogue_territory_by_atvk(L->ctx->db, atvk, &t))
        memset(&t, 0, sizeof t);
    int64_t id = t.id;
    memcpy(from, t.valid_from, 11);
    memcpy(to, t.valid_to, 11);
    if (!id)
        kp_errors_add(L->e, column, atvk, "no municipality with this ATVK code in municipalities.csv");
    return id;
}

/* The walk over every territory's memberships in date order. */
typedef struct gap_walk {
    loader *L;
    char atvk[8], expect[11], last_to[11], mto[11];
} gap_walk;

static kp_rc gap_row(const kp_q_catalogue_membership_row *r, void *arg)
{
    gap_walk *g = arg;
    loader *L = g->L;
    if (strcmp(r->atvk, g->atvk) != 0) {
        if (g->atvk[0] && strcmp(g->last_to, g->mto) != 0)
            kp_errors_add(L->e, "valid_to", g->atvk, "the territory's region memberships end on %s, the territory on %s",
                          g->last_to[0] ? g->last_to : "…", g->mto[0] ? g->mto : "…");
        memcpy(g->atvk, r->atvk, sizeof g->atvk);
        memcpy(g->expect, r->valid_from, sizeof g->expect);
        memcpy(g->mto, r->valid_to, sizeof g->mto);
    }
    if (r->none) {
        kp_errors_add(L->e, "atvk", r->atvk, "the territory has no planning-region membership");
        memcpy(g->last_to, g->mto, sizeof g->last_to);
        return KP_OK;
    }
    if (strcmp(r->from, g->expect) != 0)
        kp_errors_add(L->e, "valid_from", r->atvk, "a region membership of the territory should start on %s, not %s",
                      g->expect, r->from);
    memcpy(g->last_to, r->to, sizeof g->last_to);
    day_after(g->last_to, g->expect);
    return KP_OK;
}

/* Planning-region membership over time: every day of a territory's life in
 * exactly one region. */
static kp_rc load_memberships(loader *L)
{
    static const char *const cols[] = {"atvk", "region", "valid_from", "valid_to", "source"};
    size_t errors_before = L->e->n;
    if (!open_file(L, "municipality_regions.csv", cols, 5))
        return KP_EINVAL;
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < L->csv.n && !rc; i++) {
        const kp_csv_row *r = &L->csv.rows[i];
        size_t before = L->e->n;
        if (!row_shape(L, r, 5))
            continue;
        char tfrom[11], tto[11];
        int64_t id = territory(L, "atvk", F(0), tfrom, tto);
        kp_v_region(L->ctx, L->e, "region", F(1));
        kp_date from = kp_v_date(L->ctx, L->e, "valid_from", F(2), true);
        kp_date to = kp_v_date(L->ctx, L->e, "valid_to", F(3), false);
        kp_v_period(L->ctx, L->e, "valid_to", from, to);
        kp_v_text(L->ctx, L->e, "source", F(4), 1000, true);
        if (L->e->n != before)
            continue;
        if (strcmp(F(2), tfrom) < 0 || (tto[0] && (kp_blank(F(3)) || strcmp(F(3), tto) > 0))) {
            kp_errors_add(L->e, "valid_from", F(2), "the membership reaches outside the territory's validity (%s – %s)",
                          tfrom, tto[0] ? tto : "…");
            continue;
        }
        bool overlap = false;
        kp_q_catalogue_membership_overlaps(L->ctx->db, id, F(2), F(3), &overlap);
        if (overlap) {
            kp_errors_add(L->e, "valid_from", F(2), "overlaps another membership of this territory");
            continue;
        }
        rc = kp_q_catalogue_membership_add(L->ctx->db, id, F(1), F(2), F(3), F(4));
    }
    kp_csv_free(&L->csv);
    if (rc || L->e->n != errors_before)
        return rc;
    /* No gaps: the memberships of each territory, in order, start on its
     * first day, follow each other day by day and end on its last. */
    gap_walk g = {.L = L};
    L->e->line = 0;
    rc = kp_q_catalogue_memberships_each(L->ctx->db, gap_row, &g);
    if (!rc && g.atvk[0] && strcmp(g.last_to, g.mto) != 0)
        kp_errors_add(L->e, "valid_to", g.atvk, "the territory's region memberships end on %s, the territory on %s",
                      g.last_to[0] ? g.last_to : "…", g.mto[0] ? g.mto : "…");
    return rc;
}

/* Parishes (and towns) of territories the reform split between successors. */
static kp_rc load_parishes(loader *L)
{
    static const char *const cols[] = {"territory_atvk", "parish_atvk", "name_lv", "successor_atvk", "code_confirmed",
                                       "source"};
    if (!open_file(L, "parishes.csv", cols, 6))
        return KP_EINVAL;
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < L->csv.n && !rc; i++) {
        const kp_csv_row *r = &L->csv.rows[i];
        size_t before = L->e->n;
        if (!row_shape(L, r, 6))
            continue;
        char from[11], to[11], sfrom[11], sto[11], next[11] = "";
        int64_t id = territory(L, "territory_atvk", F(0), from, to);
        if (!kp_blank(F(1)) && !is_atvk(F(1)))
            kp_errors_add(L->e, "parish_atvk", F(1), "an ATVK code has exactly 7 digits");
        kp_v_text(L->ctx, L->e, "name_lv", F(2), 95, true);
        int64_t succ = territory(L, "successor_atvk", F(3), sfrom, sto);
        int confirmed = kp_v_flag(L->ctx, L->e, "code_confirmed", F(4), 0);
        kp_v_text(L->ctx, L->e, "source", F(5), 1000, true);
        if (id && !to[0])
            kp_errors_add(L->e, "territory_atvk", F(0), "only a territory that ended is split between successors");
        day_after(to, next);
        if (id && succ && to[0] && (strcmp(sfrom, next) > 0 || (sto[0] && strcmp(sto, next) < 0)))
            kp_errors_add(L->e, "successor_atvk", F(3), "the successor is not valid on %s, the day after the territory ended",
                          next);
        if (L->e->n != before)
            continue;
        rc = kp_q_catalogue_parish_add(L->ctx->db, id, F(1), F(2), succ, confirmed, F(5));
        if (rc == KP_ECONFLICT) {
            kp_errors_add(L->e, "name_lv", F(2), "the territory lists this parish twice");
            rc = KP_OK;
        }
    }
    kp_csv_free(&L->csv);
    return rc;
}

/* Population at the start of a year, per territory. */
static kp_rc load_population(loader *L)
{
    static const char *const cols[] = {"atvk", "year", "population", "source"};
    if (!open_file(L, "population.csv", cols, 4))
        return KP_EINVAL;
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < L->csv.n && !rc; i++) {
        const kp_csv_row *r = &L->csv.rows[i];
        size_t before = L->e->n;
        if (!row_shape(L, r, 4))
            continue;
        char from[11], to[11];
        int64_t id = territory(L, "atvk", F(0), from, to);
        int64_t year = kp_v_int(L->ctx, L->e, "year", F(1), 1990, 2100, true, 0);
        int64_t people = kp_v_int(L->ctx, L->e, "population", F(2), 0, 10000000, true, 0);
        kp_v_text(L->ctx, L->e, "source", F(3), 1000, true);
        if (L->e->n != before)
            continue;
        rc = kp_q_catalogue_population_add(L->ctx->db, id, year, people, F(3));
        if (rc == KP_ECONFLICT) {
            kp_errors_add(L->e, "year", F(1), "a second population figure for this territory and year");
            rc = KP_OK;
        }
    }
    kp_csv_free(&L->csv);
    return rc;
}

static kp_rc load_service_types(loader *L)
{
    static const char *const cols[] = {"code", "parent", "name_lv", "name_en", "unit", "target_groups"};
    static const char *const units[] = {"hour", "day", "night", "session", "month", NULL};
    if (!open_file(L, "service_types.csv", cols, 6))
        return KP_EINVAL;
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < L->csv.n && !rc; i++) {
        const kp_csv_row *r = &L->csv.rows[i];
        size_t before = L->e->n;
        if (!row_shape(L, r, 6))
            continue;
        kp_v_text(L->ctx, L->e, "code", F(0), 31, true);
        kp_v_text(L->ctx, L->e, "name_lv", F(2), 200, true);
        kp_v_text(L->ctx, L->e, "name_en", F(3), 200, true);
        kp_v_enum(L->ctx, L->e, "unit", F(4), units, true);
        if (L->e->n != before)
            continue;
        rc = kp_q_catalogue_service_type_add(L->ctx->db, F(0), F(2), F(3), F(4), (int64_t)i + 1);
        if (rc == KP_ECONFLICT) {
            kp_errors_add(L->e, "code", F(0), "duplicate service code");
            rc = KP_OK;
        }
    }
    for (size_t i = 0; i < L->csv.n && !rc; i++) {
        const kp_csv_row *r = &L->csv.rows[i];
        if (r->n != 6)
            continue;
        L->e->line = r->line;
        if (!kp_blank(F(1))) {
            if (!kp_v_service(L->ctx, L->e, "parent", F(1)))
                continue;
            rc = kp_q_catalogue_service_parent(L->ctx->db, F(0), F(1));
        }
        /* Eligible target groups: "grt|ft". */
        char groups[128];
        snprintf(groups, sizeof groups, "%s", F(5));
        char *save = NULL;
        for (char *g = strtok_r(groups, "|", &save); g && !rc; g = strtok_r(NULL, "|", &save)) {
            if (!kp_v_target_group(L->ctx, L->e, "target_groups", g))
                continue;
            rc = kp_q_catalogue_eligibility_add(L->ctx->db, F(0), g);
            if (rc == KP_ECONFLICT) {
                kp_errors_add(L->e, "target_groups", g, "target group listed twice");
                rc = KP_OK;
            }
        }
    }
    kp_csv_free(&L->csv);
    return rc;
}

static kp_rc load_rules(loader *L)
{
    static const char *const cols[] = {"id",      "service", "region",          "target_group", "kind",
                                       "period",  "limit",   "age_min",         "age_max",      "parents_working",
                                       "valid_from", "valid_to", "source"};
    if (!open_file(L, "service_rules.csv", cols, 13))
        return KP_EINVAL;
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < L->csv.n && !rc; i++) {
        const kp_csv_row *r = &L->csv.rows[i];
        size_t before = L->e->n;
        if (!row_shape(L, r, 13))
            continue;
        int64_t id = kp_v_int(L->ctx, L->e, "id", F(0), 1, INT32_MAX, true, 0);
        kp_v_service(L->ctx, L->e, "service", F(1));
        if (!kp_blank(F(2)))
            kp_v_region(L->ctx, L->e, "region", F(2));
        if (!kp_blank(F(3)))
            kp_v_target_group(L->ctx, L->e, "target_group", F(3));
        kp_rule_kind kind;
        if (kp_rule_kind_parse(F(4), &kind))
            kp_errors_add(L->e, "kind", F(4),
                          "unknown rule kind: use units_per_year, hours_per_week, sessions_per_service, "
                          "services_per_person or amount_per_person");
        /* Over what the rule counts: a calendar year, a week, one course
         * (assignment), a lifetime, a day — as its source says. */
        kp_rule_period period = KP_PERIOD_NONE;
        if (kp_rule_period_parse(F(5), &period))
            kp_errors_add(L->e, "period", F(5), "unknown period: use day, week, calendar_year, course or lifetime");
        else if (!kp_rule_kind_parse(F(4), &kind) && !kp_rule_period_allowed(kind, period))
            kp_errors_add(L->e, "period", F(5),
                          "a %s rule cannot count over %s: units_per_year counts over calendar_year or day, "
                          "hours_per_week over week, services_per_person over calendar_year or lifetime, the "
                          "others over course, calendar_year or lifetime",
                          F(4), F(5));
        int64_t limit = kp_v_int(L->ctx, L->e, "limit", F(6), 0, INT32_MAX, true, 0);
        int64_t age_min = kp_v_int(L->ctx, L->e, "age_min", F(7), 0, 150, false, -1);
        int64_t age_max = kp_v_int(L->ctx, L->e, "age_max", F(8), 0, 150, false, -1);
        int pw = kp_v_flag(L->ctx, L->e, "parents_working", F(9), -1);
        kp_date from = kp_v_date(L->ctx, L->e, "valid_from", F(10), true);
        kp_date to = kp_v_date(L->ctx, L->e, "valid_to", F(11), false);
        kp_v_period(L->ctx, L->e, "valid_to", from, to);
        kp_v_text(L->ctx, L->e, "source", F(12), 500, true);
        if (L->e->n != before)
            continue;
        kp_q_catalogue_rule_in rule = {.id = id, .service = F(1), .region = F(2), .target_group = F(3), .kind = F(4),
                             .period = F(5), .limit = limit, .age_min = age_min, .age_max = age_max,
                             .parents_working = pw, .valid_from = F(10), .valid_to = F(11), .source = F(12)};
        rc = kp_q_catalogue_rule_add(L->ctx->db, &rule);
        if (rc == KP_ECONFLICT) {
            kp_errors_add(L->e, "id", F(0), "duplicate rule id");
            rc = KP_OK;
        }
    }
    kp_csv_free(&L->csv);
    return rc;
}

/* Neighbouring municipalities: pairs sharing a border, both existing at
 * the same time (need against places, docs/figures.md). */
static kp_rc load_neighbours(loader *L)
{
    static const char *const cols[] = {"atvk", "neighbour_atvk", "source"};
    if (!open_file(L, "municipality_neighbours.csv", cols, 3))
        return KP_EINVAL;
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < L->csv.n && !rc; i++) {
        const kp_csv_row *r = &L->csv.rows[i];
        size_t before = L->e->n;
        if (!row_shape(L, r, 3))
            continue;
        char af[11], at[11], bf[11], bt[11];
        int64_t a = territory(L, "atvk", F(0), af, at);
        int64_t b = territory(L, "neighbour_atvk", F(1), bf, bt);
        kp_v_text(L->ctx, L->e, "source", F(2), 1000, true);
        if (a && a == b)
            kp_errors_add(L->e, "neighbour_atvk", F(1), "a municipality is not its own neighbour");
        else if (a && b && ((at[0] && strcmp(bf, at) > 0) || (bt[0] && strcmp(af, bt) > 0)))
            kp_errors_add(L->e, "neighbour_atvk", F(1), "the two territories never existed at the same time");
        if (L->e->n != before)
            continue;
        rc = kp_q_catalogue_neighbour_add(L->ctx->db, a < b ? a : b, a < b ? b : a);
        if (rc == KP_ECONFLICT) {
            kp_errors_add(L->e, "neighbour_atvk", F(1), "this pair is listed twice");
            rc = KP_OK;
        }
    }
    kp_csv_free(&L->csv);
    return rc;
}

/* Outlines for the maps (report/map.h). */
static kp_rc load_shapes(loader *L)
{
    static const char *const cols[] = {"atvk", "label_x", "label_y", "rings"};
    if (!open_file(L, "municipality_shapes.csv", cols, 4))
        return KP_EINVAL;
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < L->csv.n && !rc; i++) {
        const kp_csv_row *r = &L->csv.rows[i];
        size_t before = L->e->n;
        if (!row_shape(L, r, 4))
            continue;
        char from[11], to[11];
        int64_t id = territory(L, "atvk", F(0), from, to);
        int64_t x = kp_v_int(L->ctx, L->e, "label_x", F(1), 0, 99999, true, 0);
        int64_t y = kp_v_int(L->ctx, L->e, "label_y", F(2), 0, 99999, true, 0);
        if (!kp_rings_walk(F(3), NULL, NULL))
            kp_errors_add(L->e, "rings", "", "rings of x,y points (whole numbers) separated by spaces, rings by ';',"
                                             " at least three points each");
        if (L->e->n != before)
            continue;
        rc = kp_q_catalogue_shape_add(L->ctx->db, id, x, y, F(3));
        if (rc == KP_ECONFLICT) {
            kp_errors_add(L->e, "atvk", F(0), "this territory has an outline already");
            rc = KP_OK;
        }
    }
    kp_csv_free(&L->csv);
    return rc;
}

static kp_rc load_unit_costs(loader *L)
{
    static const char *const cols[] = {"service", "amount", "valid_from", "valid_to", "source"};
    if (!open_file(L, "unit_costs.csv", cols, 5))
        return KP_EINVAL;
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < L->csv.n && !rc; i++) {
        const kp_csv_row *r = &L->csv.rows[i];
        size_t before = L->e->n;
        if (!row_shape(L, r, 5))
            continue;
        kp_v_service(L->ctx, L->e, "service", F(0));
        kp_cents amount = kp_v_money(L->ctx, L->e, "amount", F(1), true);
        kp_date from = kp_v_date(L->ctx, L->e, "valid_from", F(2), true);
        kp_date to = kp_v_date(L->ctx, L->e, "valid_to", F(3), false);
        kp_v_period(L->ctx, L->e, "valid_to", from, to);
        kp_v_text(L->ctx, L->e, "source", F(4), 500, true);
        if (L->e->n != before)
            continue;
        bool overlap = false;
        kp_q_catalogue_unit_cost_overlaps(L->ctx->db, F(0), F(2), F(3), &overlap);
        if (overlap) {
            kp_errors_add(L->e, "valid_from", F(2), "overlaps another unit cost of this service");
            continue;
        }
        rc = kp_q_catalogue_unit_cost_add(L->ctx->db, F(0), amount, F(2), F(3), F(4));
    }
    kp_csv_free(&L->csv);
    return rc;
}

kp_rc kp_catalogue_load(kp_ctx *ctx, const char *dir, kp_errors *e)
{
    if (ctx->role != KP_ROLE_SYSTEM && ctx->role != KP_ROLE_ADMIN)
        return KP_EDENIED;
    if (kp_catalogue_loaded(ctx))
        return KP_ESTATE;
    loader L = {.ctx = ctx, .e = e, .dir = dir};
    size_t before = e->n;
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    kp_rc (*const steps[])(loader *) = {load_regions,    load_target_groups, load_municipalities, load_memberships,
                                        load_parishes,   load_population,    load_service_types,  load_rules,
                                        load_unit_costs, load_neighbours,  load_shapes};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && !rc; i++) {
        rc = steps[i](&L);
        /* A file that failed to open or parse stops the load; row errors
         * are collected through all files so one run shows them all. */
        if (rc == KP_EINVAL)
            break;
    }
    e->file = NULL;
    e->line = 0;
    if (!rc && e->n != before)
        rc = KP_EINVAL;
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    return kp_store_commit(ctx->db);
}
