/* Indicator definitions (computed from records, or entered per period by a
 * named role) and the entered values: one per indicator and year. */
#include "service/access.h"
#include "service/insert.h"
#include "service/programme/programme.h"
#include "service/programme/diplan_sql.h"
#include "service/validate.h"
#include "service/figures/figures.h"
#include <string.h>

static const char *const KINDS[] = {"output", "result", "di_plan", NULL};
static const char *const SOURCES[] = {"computed", "entered", NULL};

kp_rc kp_indicator_add(kp_ctx *ctx, const kp_indicator_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "indicator");
    kp_v_region(ctx, e, "region", in->region);
    kp_v_text(ctx, e, "key", in->key, 64, true);
    kp_v_enum(ctx, e, "kind", in->kind, KINDS, true);
    kp_v_text(ctx, e, "name_lv", in->name_lv, 300, true);
    kp_v_text(ctx, e, "name_en", in->name_en, 300, true);
    const char *source = kp_v_enum(ctx, e, "source", in->source, SOURCES, true);
    if (source && strcmp(source, "computed") == 0) {
        if (kp_blank(in->computation) || !kp_indicator_computation_known(in->computation))
            kp_errors_add(e, "computation", in->computation ? in->computation : "", "%s",
                          KP_TR(ctx, "nezināms aprēķins: skatiet docs/import.md", "unknown computation: see docs/import.md"));
    } else if (source && !kp_blank(in->computation)) {
        kp_errors_add(e, "computation", in->computation, "%s",
                      KP_TR(ctx, "ievadāmam rādītājam aprēķina nav", "an entered indicator has no computation"));
    }
    kp_v_text(ctx, e, "entered_by_role", in->entered_by_role, 64, source && strcmp(source, "entered") == 0);
    kp_v_int(ctx, e, "baseline_year", in->baseline_year, 2000, 2100, false, 0);
    int64_t baseline = kp_v_int(ctx, e, "baseline", in->baseline, 0, INT32_MAX, false, -1);
    kp_v_int(ctx, e, "target_year", in->target_year, 2000, 2100, false, 0);
    int64_t target = kp_v_int(ctx, e, "target", in->target, 0, INT32_MAX, true, 0);
    int64_t sort = kp_v_int(ctx, e, "sort", in->sort, 0, 100000, false, 0);
    if (!kp_blank(in->region) && !kp_blank(in->key)) {
        bool dup = false;
        (void)kp_q_indicator_key_taken(ctx->db, in->region, in->key, &dup);
        if (dup)
            kp_errors_add(e, "key", in->key, "%s",
                          KP_TR(ctx, "reģionam jau ir rādītājs ar šo atslēgu", "the region already has an indicator with this key"));
    }
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_access_region(ctx, in->region, true);
    if (rc)
        return rc;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t new_id = 0;
    rc = kp_q_indicator_insert(ctx->db, id, in, baseline, target, sort, &new_id);
    return kp_insert_audited_end(ctx, rc, "indicator", new_id, 0, id_out);
}

kp_rc kp_indicator_value_add(kp_ctx *ctx, const kp_indicator_value_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    /* Scope first: an indicator of another region and a nonexistent one
     * answer the same. */
    int64_t indicator = kp_v_int(ctx, e, "indicator_id", in->indicator_id, 1, INT64_MAX, true, 0);
    if (indicator) {
        char owner[8] = "", owner_source[16];
        (void)kp_q_indicator_owner(ctx->db, indicator, owner, owner_source);
        kp_rc scope = owner[0] ? kp_access_region(ctx, owner, true) : KP_ENOTFOUND;
        if (scope) {
            e->n = before;
            return scope;
        }
    }
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "indicator_value");
    int64_t year = kp_v_int(ctx, e, "period_year", in->period_year, 2000, 2100, true, 0);
    int64_t value = kp_v_int(ctx, e, "value", in->value, 0, INT32_MAX, true, 0);
    kp_v_text(ctx, e, "entered_by", in->entered_by, 100, true);
    kp_v_date(ctx, e, "entered_on", in->entered_on, true);
    char region[8] = "", source[16] = "";
    if (indicator) {
        (void)kp_q_indicator_owner(ctx->db, indicator, region, source);
        if (strcmp(source, "entered") != 0)
            kp_errors_add(e, "indicator_id", in->indicator_id, "%s",
                          KP_TR(ctx, "šo rādītāju aprēķina no ierakstiem; to neievada",
                                "this indicator is computed from records; it is not entered"));
        if (year) {
            bool dup = false;
            (void)kp_q_indicator_value_taken(ctx->db, indicator, year, &dup);
            if (dup)
                kp_errors_add(e, "period_year", in->period_year, "%s",
                              KP_TR(ctx, "šim gadam vērtība jau ir ievadīta: rādītājam ir viena vērtība gadā",
                                    "a value for this year is already entered: an indicator has one value a year"));
        }
    }
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_access_region(ctx, region, true);
    if (rc)
        return rc;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t new_id = 0;
    rc = kp_q_indicator_value_insert(ctx->db, id, indicator, year, value, in, &new_id);
    return kp_insert_audited_end(ctx, rc, "indicator_value", new_id, 0, id_out);
}
