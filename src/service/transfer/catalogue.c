/* Catalogue loading (see catalogue.h). Every file is checked whole before
 * anything is written; the files' formats are in docs/catalogues.md. */
#include "service/transfer/catalogue.h"
#include "service/transfer/csv_file.h"
#include "service/territory_shapes.h"
#include "service/sql.h"
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
    int64_t n = 0;
    kp_sql_int(ctx->db, "SELECT COUNT(*) FROM region", NULL, 0, 0, &n);
    return n > 0;
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

/* A code table with Latvian and English names (regions, target groups).
 * `insert_sql` is one of two fixed statements, never built from input. */
static kp_rc load_code_names(loader *L, const char *file, const char *insert_sql, size_t code_max,
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
        kp_param p[] = {KP_PTEXT(F(0)), KP_PTEXT(F(1)), KP_PTEXT(F(2))};
        rc = kp_sql_exec(L->ctx->db, insert_sql, p, 3);
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
    return load_code_names(L, "regions.csv", "INSERT INTO region(code, name_lv, name_en) VALUES (?, ?, ?)", 7,
                           "duplicate region code");
}

static kp_rc load_target_groups(loader *L)
{
    return load_code_names(L, "target_groups.csv", "INSERT INTO target_group(code, name_lv, name_en) VALUES (?, ?, ?)",
                           15, "duplicate target group code");
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
        kp_param p[] = {KP_PTEXT(F(0)), KP_PTEXT(F(1)), KP_PTEXT(F(2)), KP_PTEXT(F(3)), KP_PTEXT(F(4)),
                        KP_PTEXT(F(5)), KP_PTEXT(F(6)), KP_PTEXT(F(7)), KP_PINT(confirmed), KP_PTEXT(F(10))};
        rc = kp_sql_exec(L->ctx->db,
                         "INSERT INTO municipality(atvk, key, name_lv, name_en, kind, region_code, valid_from, valid_to,"
                         " code_confirmed, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p));
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
        int64_t succ = 0, valid = 0;
        kp_param q[] = {KP_PTEXT(F(8)), KP_PTEXT(next)};
        rc = kp_sql_int(L->ctx->db, "SELECT id FROM municipality WHERE atvk = ?", q, 1, 0, &succ);
        if (!rc && succ)
            rc = kp_sql_int(L->ctx->db,
                            "SELECT 1 FROM municipality WHERE atvk = ?1 AND valid_from <= ?2"
                            " AND (valid_to IS NULL OR valid_to >= ?2)",
                            q, 2, 0, &valid);
        if (!rc && !succ) {
            kp_errors_add(L->e, "successor_atvk", F(8), "no municipality with this ATVK code in the file");
            continue;
        }
        if (!rc && !valid) {
            kp_errors_add(L->e, "successor_atvk", F(8), "the successor is not valid on %s, the day after valid_to", next);
            continue;
        }
        kp_param p[] = {KP_PINT(succ), KP_PTEXT(F(0))};
        if (!rc)
            rc = kp_sql_exec(L->ctx->db, "UPDATE municipality SET successor_id = ? WHERE atvk = ?", p, 2);
    }
    kp_csv_free(&L->csv);
    return rc;
}

/* A territory's id and validity by ATVK code; 0 when there is none. */
static int64_t territory(loader *L, const char *column, const char *atvk, char from[11], char to[11])
{
    int64_t id = 0;
    from[0] = to[0] = '\0';
    if (!is_atvk(atvk)) {
        kp_errors_add(L->e, column, atvk, "an ATVK code has exactly 7 digits");
        return 0;
    }
    kp_param p[] = {KP_PTEXT(atvk)};
    kp_sql_int(L->ctx->db, "SELECT id FROM municipality WHERE atvk = ?", p, 1, 0, &id);
    kp_sql_text(L->ctx->db, "SELECT valid_from FROM municipality WHERE atvk = ?", p, 1, from, 11);
    kp_sql_text(L->ctx->db, "SELECT COALESCE(valid_to, '') FROM municipality WHERE atvk = ?", p, 1, to, 11);
    if (!id)
        kp_errors_add(L->e, column, atvk, "no municipality with this ATVK code in municipalities.csv");
    return id;
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
        int64_t overlap = 0;
        kp_param q[] = {KP_PINT(id), KP_PTEXT(kp_blank(F(3)) ? "9999-12-31" : F(3)), KP_PTEXT(F(2))};
        kp_sql_int(L->ctx->db,
                   "SELECT 1 FROM municipality_region WHERE municipality_id = ? AND valid_from <= ?"
                   " AND COALESCE(valid_to, '9999-12-31') >= ?",
                   q, 3, 0, &overlap);
        if (overlap) {
            kp_errors_add(L->e, "valid_from", F(2), "overlaps another membership of this territory");
            continue;
        }
        kp_param p[] = {KP_PINT(id), KP_PTEXT(F(1)), KP_PTEXT(F(2)), KP_PTEXT(F(3)), KP_PTEXT(F(4))};
        rc = kp_sql_exec(L->ctx->db,
                         "INSERT INTO municipality_region(municipality_id, region_code, valid_from, valid_to, source)"
                         " VALUES (?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p));
    }
    kp_csv_free(&L->csv);
    if (rc || L->e->n != errors_before)
        return rc;
    /* No gaps: the memberships of each territory, in order, start on its
     * first day, follow each other day by day and end on its last. */
    kp_stmt *s = NULL;
    rc = kp_store_prepare(L->ctx->db,
                          "SELECT m.atvk, m.valid_from, COALESCE(m.valid_to, ''), r.valid_from, COALESCE(r.valid_to, '')"
                          " FROM municipality m LEFT JOIN municipality_region r ON r.municipality_id = m.id"
                          " ORDER BY m.id, r.valid_from",
                          &s);
    bool row = false;
    char atvk[8] = "", expect[11] = "", last_to[11] = "", mto[11] = "";
    L->e->line = 0;
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        const char *a = kp_stmt_text(s, 0);
        if (strcmp(a, atvk) != 0) {
            if (atvk[0] && strcmp(last_to, mto) != 0)
                kp_errors_add(L->e, "valid_to", atvk, "the territory's region memberships end on %s, the territory on %s",
                              last_to[0] ? last_to : "…", mto[0] ? mto : "…");
            snprintf(atvk, sizeof atvk, "%s", a);
            snprintf(expect, sizeof expect, "%s", kp_stmt_text(s, 1));
            snprintf(mto, sizeof mto, "%s", kp_stmt_text(s, 2));
        }
        if (kp_stmt_is_null(s, 3)) {
            kp_errors_add(L->e, "atvk", a, "the territory has no planning-region membership");
            snprintf(last_to, sizeof last_to, "%s", mto);
            continue;
        }
        if (strcmp(kp_stmt_text(s, 3), expect) != 0)
            kp_errors_add(L->e, "valid_from", a, "a region membership of the territory should start on %s, not %s", expect,
                          kp_stmt_text(s, 3));
        snprintf(last_to, sizeof last_to, "%s", kp_stmt_text(s, 4));
        day_after(last_to, expect);
    }
    if (!rc && atvk[0] && strcmp(last_to, mto) != 0)
        kp_errors_add(L->e, "valid_to", atvk, "the territory's region memberships end on %s, the territory on %s",
                      last_to[0] ? last_to : "…", mto[0] ? mto : "…");
    kp_stmt_free(s);
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
        kp_param p[] = {KP_PINT(id), kp_blank(F(1)) ? KP_PNULL : KP_PTEXT(F(1)), KP_PTEXT(F(2)), KP_PINT(succ),
                        KP_PINT(confirmed), KP_PTEXT(F(5))};
        rc = kp_sql_exec(L->ctx->db,
                         "INSERT INTO parish(municipality_id, atvk, name_lv, successor_id, code_confirmed, source)"
                         " VALUES (?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p));
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
        kp_param p[] = {KP_PINT(id), KP_PINT(year), KP_PINT(people), KP_PTEXT(F(3))};
        rc = kp_sql_exec(L->ctx->db, "INSERT INTO population(municipality_id, year, population, source) VALUES (?, ?, ?, ?)",
                         p, KP_NPARAMS(p));
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
        kp_param p[] = {KP_PTEXT(F(0)), KP_PTEXT(F(2)), KP_PTEXT(F(3)), KP_PTEXT(F(4)), KP_PINT((int64_t)i + 1)};
        rc = kp_sql_exec(L->ctx->db, "INSERT INTO service_type(code, name_lv, name_en, unit, sort) VALUES (?, ?, ?, ?, ?)", p,
                         KP_NPARAMS(p));
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
            kp_param p[] = {KP_PTEXT(F(1)), KP_PTEXT(F(0))};
            rc = kp_sql_exec(L->ctx->db, "UPDATE service_type SET parent_code = ? WHERE code = ?", p, 2);
        }
        /* Eligible target groups: "grt|ft". */
        char groups[128];
        snprintf(groups, sizeof groups, "%s", F(5));
        char *save = NULL;
        for (char *g = strtok_r(groups, "|", &save); g && !rc; g = strtok_r(NULL, "|", &save)) {
            if (!kp_v_target_group(L->ctx, L->e, "target_groups", g))
                continue;
            kp_param p[] = {KP_PTEXT(F(0)), KP_PTEXT(g)};
            rc = kp_sql_exec(L->ctx->db, "INSERT INTO service_eligibility(service_code, target_group) VALUES (?, ?)", p, 2);
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
        kp_param p[] = {KP_PINT(id),     KP_PTEXT(F(1)),    KP_PTEXT(F(2)),
                        KP_PTEXT(F(3)),  KP_PTEXT(F(4)),    KP_PTEXT(F(5)), KP_PINT(limit),
                        age_min < 0 ? KP_PNULL : KP_PINT(age_min),
                        age_max < 0 ? KP_PNULL : KP_PINT(age_max),
                        pw < 0 ? KP_PNULL : KP_PINT(pw),
                        KP_PTEXT(F(10)), KP_PTEXT(F(11)),   KP_PTEXT(F(12))};
        rc = kp_sql_exec(L->ctx->db,
                         "INSERT INTO service_rule(id, service_code, region_code, target_group, kind, period, limit_value,"
                         " age_min, age_max, parents_working, valid_from, valid_to, source)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p));
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
        kp_param p[] = {KP_PINT(a < b ? a : b), KP_PINT(a < b ? b : a)};
        rc = kp_sql_exec(L->ctx->db, "INSERT INTO municipality_neighbour(municipality_id, neighbour_id) VALUES (?, ?)", p,
                         KP_NPARAMS(p));
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
        kp_param p[] = {KP_PINT(id), KP_PINT(x), KP_PINT(y), KP_PTEXT(F(3))};
        rc = kp_sql_exec(L->ctx->db,
                         "INSERT INTO municipality_shape(municipality_id, label_x, label_y, rings) VALUES (?, ?, ?, ?)", p,
                         KP_NPARAMS(p));
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
        int64_t overlap = 0;
        kp_param q[] = {KP_PTEXT(F(0)), KP_PTEXT(kp_blank(F(3)) ? "9999-12-31" : F(3)), KP_PTEXT(F(2))};
        kp_sql_int(L->ctx->db,
                   "SELECT 1 FROM unit_cost WHERE service_code = ? AND valid_from <= ?"
                   " AND COALESCE(valid_to, '9999-12-31') >= ?",
                   q, 3, 0, &overlap);
        if (overlap) {
            kp_errors_add(L->e, "valid_from", F(2), "overlaps another unit cost of this service");
            continue;
        }
        kp_param p[] = {KP_PTEXT(F(0)), KP_PINT(amount), KP_PTEXT(F(2)), KP_PTEXT(F(3)), KP_PTEXT(F(4))};
        rc = kp_sql_exec(L->ctx->db,
                         "INSERT INTO unit_cost(service_code, amount_cents, valid_from, valid_to, source) VALUES (?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p));
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
