/* The DI plan aggregate's SQL (see diplan_sql.h). */
#include "service/programme/diplan_sql.h"
#include "service/rows.h"
#include "service/casework/people.h"
#include "service/casework/services.h"
#include "service/territory.h"
#include "service/programme/need_places.h"
#include "service/programme/corrections.h"
#include <stdlib.h>
#include <string.h>

/* ---- indicators ------------------------------------------------------------ */

kp_rc kp_q_indicator_key_taken(kp_store *st, const char *region, const char *key, bool *exists)
{
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(key)};
    return kp_sql_exists(st, "SELECT 1 FROM indicator WHERE region_code = ? AND key = ?", p, 2, exists);
}

kp_rc kp_q_indicator_insert(kp_store *st, int64_t id, const kp_indicator_in *in, int64_t baseline, int64_t target,
                            int64_t sort, int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id),
                    KP_PTEXT(in->region),
                    KP_PTEXT(in->key),
                    KP_PTEXT(in->kind),
                    KP_PTEXT(in->name_lv),
                    KP_PTEXT(in->name_en),
                    KP_PTEXT(in->source),
                    KP_PTEXT(in->computation),
                    KP_PTEXT(in->entered_by_role),
                    KP_PTEXT(in->baseline_year),
                    baseline < 0 ? KP_PNULL : KP_PINT(baseline),
                    KP_PTEXT(in->target_year),
                    KP_PINT(target),
                    KP_PINT(sort)};
    return kp_sql_insert(st,
                         "INSERT INTO indicator(id, region_code, key, kind, name_lv, name_en, source, computation,"
                         " entered_by_role, baseline_year, baseline, target_year, target, sort)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS INTEGER), ?, CAST(? AS INTEGER), ?, ?)",
                         p, KP_NPARAMS(p), id_out);
}

kp_rc kp_q_indicator_owner(kp_store *st, int64_t id, char region[8], char source[16])
{
    kp_param p[] = {KP_PINT(id)};
    kp_rc rc = kp_sql_text(st, "SELECT region_code FROM indicator WHERE id = ?", p, 1, region, 8);
    if (!rc)
        rc = kp_sql_text(st, "SELECT source FROM indicator WHERE id = ?", p, 1, source, 16);
    return rc;
}

kp_rc kp_q_indicator_value_taken(kp_store *st, int64_t indicator, int64_t year, bool *exists)
{
    kp_param q[] = {KP_PINT(indicator), KP_PINT(year)};
    return kp_sql_exists(st, "SELECT 1 FROM indicator_value WHERE indicator_id = ? AND period_year = ?", q, 2, exists);
}

kp_rc kp_q_indicator_value_insert(kp_store *st, int64_t id, int64_t indicator, int64_t year, int64_t value,
                                  const kp_indicator_value_in *in, int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id), KP_PINT(indicator), KP_PINT(year), KP_PINT(value), KP_PTEXT(in->entered_by),
                    KP_PTEXT(in->entered_on)};
    return kp_sql_insert(st,
                         "INSERT INTO indicator_value(id, indicator_id, period_year, value, entered_by, entered_on)"
                         " VALUES (?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id_out);
}

kp_rc kp_q_indicator_value_id(kp_store *st, int64_t indicator, int64_t year, int64_t *vid)
{
    kp_param q[] = {KP_PINT(indicator), KP_PINT(year)};
    return kp_sql_int(st, "SELECT id FROM indicator_value WHERE indicator_id = ? AND period_year = ?", q, 2, 0, vid);
}

kp_rc kp_q_indicator_value_now(kp_store *st, int64_t vid, int64_t *value, char entered[11], char last[11])
{
    kp_param q[] = {KP_PINT(vid)};
    kp_rc rc = kp_sql_int(st, "SELECT value FROM indicator_value WHERE id = ?", q, 1, -1, value);
    if (!rc)
        rc = kp_sql_text(st, "SELECT entered_on FROM indicator_value WHERE id = ?", q, 1, entered, 11);
    if (!rc)
        rc = kp_sql_text(st, "SELECT MAX(replaced_on) FROM indicator_value_version WHERE indicator_value_id = ?", q, 1,
                         last, 11);
    return rc;
}

kp_rc kp_q_indicator_value_correct(kp_store *st, int64_t vid, int64_t old, int64_t value, const char *on,
                                   const char *actor, const char *reason)
{
    kp_param v[] = {KP_PINT(vid), KP_PINT(old), KP_PTEXT(on), KP_PTEXT(actor), KP_PTEXT(reason)};
    kp_rc rc = kp_sql_exec(st,
                           "INSERT INTO indicator_value_version(indicator_value_id, value, replaced_on, corrected_by,"
                           " reason) VALUES (?, ?, ?, COALESCE(?4, ''), ?5)",
                           v, KP_NPARAMS(v));
    kp_param u[] = {KP_PINT(value), KP_PINT(vid)};
    if (!rc)
        rc = kp_sql_exec(st, "UPDATE indicator_value SET value = ? WHERE id = ?", u, 2);
    return rc;
}

static const kp_field CORRECTION_F[] = {
    KP_FIELD(kp_value_correction, indicator_id), KP_FIELD(kp_value_correction, period_year),
    KP_FIELD(kp_value_correction, old_value),    KP_FIELD(kp_value_correction, new_value),
    KP_FIELD(kp_value_correction, on),           KP_FIELD(kp_value_correction, actor),
    KP_FIELD_DUP(kp_value_correction, reason)};
static const kp_shape CORRECTION = KP_SHAPE(kp_value_correction, CORRECTION_F);

kp_rc kp_q_indicator_corrections(kp_store *st, const char *region, struct kp_value_corrections *out)
{
    size_t cap = 0;
    kp_param p[] = {KP_PTEXT(region)};
    return kp_rows_all(st,
                       "SELECT v.indicator_id, v.period_year, h.value,"
                       " COALESCE(LEAD(h.value) OVER (PARTITION BY h.indicator_value_id ORDER BY h.replaced_on, h.id),"
                       "  v.value), h.replaced_on, h.corrected_by, h.reason"
                       " FROM indicator_value_version h JOIN indicator_value v ON v.id = h.indicator_value_id"
                       " JOIN indicator i ON i.id = v.indicator_id WHERE i.region_code = ?"
                       " ORDER BY h.replaced_on, h.id",
                       p, 1, &CORRECTION, (void **)&out->items, &out->n, &cap);
}

static const kp_field INDICATOR_F[] = {
    KP_FIELD(kp_q_indicator, id),           KP_FIELD(kp_q_indicator, key),
    KP_FIELD(kp_q_indicator, kind),         KP_FIELD(kp_q_indicator, source),
    KP_FIELD(kp_q_indicator, entered_by_role), KP_FIELD(kp_q_indicator, name_lv),
    KP_FIELD(kp_q_indicator, name_en),      KP_FIELD(kp_q_indicator, has_baseline),
    KP_FIELD(kp_q_indicator, baseline),     KP_FIELD(kp_q_indicator, baseline_year),
    KP_FIELD(kp_q_indicator, target),       KP_FIELD(kp_q_indicator, target_year)};
static const kp_shape INDICATOR = KP_SHAPE(kp_q_indicator, INDICATOR_F);

kp_rc kp_q_indicators_of(kp_store *st, const char *region, kp_q_indicator_vec *out)
{
    kp_param p[] = {KP_PTEXT(region)};
    return KP_ROWS_ALL(st,
                       "SELECT id, key, kind, source, COALESCE(entered_by_role, ''), name_lv, name_en,"
                       " baseline IS NOT NULL, COALESCE(baseline, 0), COALESCE(baseline_year, 0), target,"
                       " COALESCE(target_year, 0) FROM indicator WHERE region_code = ? ORDER BY sort, id",
                       p, 1, &INDICATOR, out);
}

static const kp_field INDICATOR_VALUE_F[] = {
    KP_FIELD(kp_q_indicator_value, indicator_id), KP_FIELD(kp_q_indicator_value, year),
    KP_FIELD(kp_q_indicator_value, value),        KP_FIELD(kp_q_indicator_value, entered_by),
    KP_FIELD(kp_q_indicator_value, entered_on)};
static const kp_shape INDICATOR_VALUE = KP_SHAPE(kp_q_indicator_value, INDICATOR_VALUE_F);

kp_rc kp_q_indicator_values_of(kp_store *st, const char *region, kp_q_indicator_value_vec *out)
{
    kp_param p[] = {KP_PTEXT(region)};
    return KP_ROWS_ALL(st,
                       "SELECT v.indicator_id, v.period_year, v.value, v.entered_by, v.entered_on"
                       " FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id"
                       " WHERE i.region_code = ? ORDER BY v.indicator_id, v.period_year",
                       p, 1, &INDICATOR_VALUE, out);
}

/* ---- the DI plan's objects, amendments and changes ------------------------ */

static const char *nz(const char *s)
{
    return s ? s : "";
}

/* Text for a NOT NULL column: blank binds "" (KP_PTEXT binds NULL). */
#define PSTR(v) ((kp_param){.t = KP_P_TEXT, .s = nz(v)})

kp_rc kp_q_plan_object_insert(kp_store *st, int64_t id, const kp_plan_object_in *in, int64_t municipality,
                              int64_t places, int64_t erdf, int64_t state, int64_t municipal, int64_t other,
                              int64_t facility, int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id),
                    KP_PTEXT(in->region),
                    KP_PINT(municipality),
                    KP_PTEXT(in->name),
                    KP_PTEXT(in->target_group),
                    KP_PTEXT(in->service),
                    places < 0 ? KP_PNULL : KP_PINT(places),
                    KP_PINT(erdf < 0 ? 0 : erdf),
                    KP_PTEXT(in->status),
                    KP_PTEXT(in->added_on),
                    KP_PREF(facility),
                    PSTR(in->address),
                    KP_PINT(state < 0 ? 0 : state),
                    KP_PINT(municipal < 0 ? 0 : municipal),
                    KP_PINT(other < 0 ? 0 : other),
                    PSTR(in->other_sources),
                    kp_blank(in->planned_completion) ? KP_PNULL : KP_PTEXT(in->planned_completion),
                    kp_blank(in->actual_completion) ? KP_PNULL : KP_PTEXT(in->actual_completion)};
    return kp_sql_insert(st,
                         "INSERT INTO plan_object(id, region_code, municipality_id, name, target_group, service_code,"
                         " places, erdf_cents, status, added_on, facility_id, address, state_cents, municipal_cents,"
                         " other_cents, other_sources, planned_completion, actual_completion)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id_out);
}

kp_rc kp_q_plan_object_region(kp_store *st, int64_t object, char region[8])
{
    kp_param p[] = {KP_PINT(object)};
    return kp_sql_text(st, "SELECT region_code FROM plan_object WHERE id = ?", p, 1, region, 8);
}

kp_rc kp_q_plan_object_by_text(kp_store *st, const char *id, int64_t *object)
{
    kp_param p[] = {KP_PTEXT(id)};
    return kp_sql_int(st, "SELECT id FROM plan_object WHERE id = CAST(? AS INTEGER)", p, 1, 0, object);
}

kp_rc kp_q_amendment_number_taken(kp_store *st, const char *region, int64_t number, bool *exists)
{
    kp_param p[] = {KP_PTEXT(region), KP_PINT(number)};
    return kp_sql_exists(st, "SELECT 1 FROM plan_amendment WHERE region_code = ? AND number = ?", p, 2, exists);
}

kp_rc kp_q_amendment_out_of_order(kp_store *st, const char *region, int64_t number, const char *approved_on,
                                  int64_t *other, char other_on[11])
{
    *other = 0;
    other_on[0] = '\0';
    kp_param p[] = {KP_PTEXT(region), KP_PINT(number), KP_PTEXT(approved_on)};
    kp_rc rc = kp_sql_int(st,
                          "SELECT number FROM plan_amendment WHERE region_code = ?1"
                          " AND ((number < ?2 AND approved_on > ?3) OR (number > ?2 AND approved_on < ?3))"
                          " ORDER BY ABS(number - ?2) LIMIT 1",
                          p, 3, 0, other);
    if (!rc && *other) {
        kp_param q[] = {KP_PTEXT(region), KP_PINT(*other)};
        rc = kp_sql_text(st, "SELECT approved_on FROM plan_amendment WHERE region_code = ? AND number = ?", q, 2,
                         other_on, 11);
    }
    return rc;
}

kp_rc kp_q_amendment_insert(kp_store *st, int64_t id, const kp_amendment_in *in, int64_t number, int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id),
                    KP_PTEXT(in->region),
                    KP_PINT(number),
                    KP_PTEXT(in->approved_on),
                    KP_PTEXT(in->reason),
                    PSTR(in->decision_no),
                    kp_blank(in->decision_on) ? KP_PNULL : KP_PTEXT(in->decision_on),
                    PSTR(in->text)};
    return kp_sql_insert(st,
                         "INSERT INTO plan_amendment(id, region_code, number, approved_on, reason, decision_no,"
                         " decision_on, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id_out);
}

kp_rc kp_q_amendment_head(kp_store *st, int64_t id, char region[8], char on[11], char *reason, size_t reasonlen)
{
    kp_param p[] = {KP_PINT(id)};
    kp_rc rc = kp_sql_text(st, "SELECT region_code FROM plan_amendment WHERE id = ?", p, 1, region, 8);
    if (!rc)
        rc = kp_sql_text(st, "SELECT approved_on FROM plan_amendment WHERE id = ?", p, 1, on, 11);
    if (!rc)
        rc = kp_sql_text(st, "SELECT reason FROM plan_amendment WHERE id = ?", p, 1, reason, reasonlen);
    return rc;
}

kp_rc kp_q_object_change_insert(kp_store *st, int64_t id, int64_t amendment, int64_t object, const char *field,
                                const char *old_value, const char *new_value, const char *on, const char *reason,
                                int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id), KP_PREF(amendment), KP_PINT(object), KP_PTEXT(field), KP_PTEXT(old_value),
                    KP_PTEXT(new_value), amendment ? KP_PNULL : KP_PTEXT(on), amendment ? KP_PNULL : KP_PTEXT(reason)};
    return kp_sql_insert(st,
                         "INSERT INTO plan_object_change(id, amendment_id, object_id, field, old_value, new_value,"
                         " effective_on, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id_out);
}

kp_rc kp_q_plan_object_order(kp_store *st, int64_t object, const char *field, const char *on, kp_q_object_order *out)
{
    memset(out, 0, sizeof *out);
    kp_param p[] = {KP_PINT(object)};
    kp_rc rc = kp_sql_text(st,
                           "SELECT COALESCE((SELECT a.approved_on FROM plan_object_change x JOIN plan_amendment a"
                           " ON a.id = x.amendment_id"
                           " WHERE x.object_id = o.id AND x.field = 'added' ORDER BY a.approved_on LIMIT 1), o.added_on)"
                           " FROM plan_object o WHERE o.id = ?",
                           p, 1, out->entered, sizeof out->entered);
    if (!rc)
        rc = kp_sql_text(st,
                         "SELECT a.approved_on FROM plan_object_change x JOIN plan_amendment a ON a.id = x.amendment_id"
                         " WHERE x.object_id = ? AND x.field = 'removed' ORDER BY a.approved_on LIMIT 1",
                         p, 1, out->gone, sizeof out->gone);
    kp_param q[] = {KP_PINT(object), KP_PTEXT(field), KP_PTEXT(on)};
    bool adding = field && strcmp(field, "added") == 0;
    const char *sql =
        adding ? "SELECT COALESCE(x.effective_on, a.approved_on) AS eff FROM plan_object_change x"
                 " LEFT JOIN plan_amendment a ON a.id = x.amendment_id WHERE x.object_id = ?1"
                 " AND COALESCE(x.effective_on, a.approved_on) < ?3 AND CAST(?2 AS TEXT) IS NOT NULL"
                 " ORDER BY eff LIMIT 1"
               : "SELECT COALESCE(x.effective_on, a.approved_on) AS eff FROM plan_object_change x"
                 " LEFT JOIN plan_amendment a ON a.id = x.amendment_id WHERE x.object_id = ?1"
                 " AND (x.field = ?2 OR ?2 = 'removed')"
                 " AND COALESCE(x.effective_on, a.approved_on) > ?3 ORDER BY eff DESC LIMIT 1";
    if (!rc)
        rc = kp_sql_text(st, sql, q, 3, out->later, sizeof out->later);
    if (!rc && adding)
        rc = kp_sql_exists(st, "SELECT 1 FROM plan_object_change WHERE object_id = ? AND field = 'added'", p, 1,
                           &out->added);
    return rc;
}

/* The columns a change replaces: chosen from this fixed list by the field's
 * name, never from the input's text. */
static const struct {
    const char *field, *read, *write;
} OBJECT_COLUMNS[] = {
    {"places", "SELECT COALESCE(CAST(places AS TEXT), '') FROM plan_object WHERE id = ?",
     "UPDATE plan_object SET places = CAST(? AS INTEGER) WHERE id = ?"},
    {"status", "SELECT status FROM plan_object WHERE id = ?", "UPDATE plan_object SET status = ? WHERE id = ?"},
    {"erdf_cents", "SELECT CAST(erdf_cents AS TEXT) FROM plan_object WHERE id = ?",
     "UPDATE plan_object SET erdf_cents = CAST(? AS INTEGER) WHERE id = ?"},
    {"service_code", "SELECT service_code FROM plan_object WHERE id = ?",
     "UPDATE plan_object SET service_code = ? WHERE id = ?"},
    {"target_group", "SELECT target_group FROM plan_object WHERE id = ?",
     "UPDATE plan_object SET target_group = ? WHERE id = ?"},
    {"name", "SELECT name FROM plan_object WHERE id = ?", "UPDATE plan_object SET name = ? WHERE id = ?"},
    {"address", "SELECT address FROM plan_object WHERE id = ?",
     "UPDATE plan_object SET address = COALESCE(?, '') WHERE id = ?"},
    {"state_cents", "SELECT CAST(state_cents AS TEXT) FROM plan_object WHERE id = ?",
     "UPDATE plan_object SET state_cents = CAST(? AS INTEGER) WHERE id = ?"},
    {"municipal_cents", "SELECT CAST(municipal_cents AS TEXT) FROM plan_object WHERE id = ?",
     "UPDATE plan_object SET municipal_cents = CAST(? AS INTEGER) WHERE id = ?"},
    {"other_cents", "SELECT CAST(other_cents AS TEXT) FROM plan_object WHERE id = ?",
     "UPDATE plan_object SET other_cents = CAST(? AS INTEGER) WHERE id = ?"},
    {"planned_completion", "SELECT COALESCE(planned_completion, '') FROM plan_object WHERE id = ?",
     "UPDATE plan_object SET planned_completion = NULLIF(?, '') WHERE id = ?"},
};

static int object_column(const char *field)
{
    for (size_t i = 0; field && i < sizeof OBJECT_COLUMNS / sizeof OBJECT_COLUMNS[0]; i++)
        if (strcmp(field, OBJECT_COLUMNS[i].field) == 0)
            return (int)i;
    return -1;
}

bool kp_q_plan_object_has_column(const char *field)
{
    return object_column(field) >= 0;
}

kp_rc kp_q_plan_object_value(kp_store *st, int64_t object, const char *field, char *out, size_t outlen)
{
    int i = object_column(field);
    if (i < 0)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(object)};
    return kp_sql_text(st, OBJECT_COLUMNS[i].read, p, 1, out, outlen);
}

kp_rc kp_q_plan_object_set(kp_store *st, int64_t object, const char *field, const char *value)
{
    int i = object_column(field);
    if (i < 0)
        return KP_EINVAL;
    kp_param q[] = {KP_PTEXT(value), KP_PINT(object)};
    return kp_sql_exec(st, OBJECT_COLUMNS[i].write, q, 2);
}

kp_rc kp_q_plan_object_clients(kp_store *st, int64_t object, const char *d, int64_t *out)
{
    kp_param p[] = {KP_PTEXT(d), KP_PINT(object)};
    return kp_sql_int(st,
                      "SELECT COUNT(DISTINCT a.client_id) FROM plan_object o JOIN facility f ON f.id = o.facility_id"
                      " JOIN assignment a ON a.provider_id = f.provider_id AND a.service_code = o.service_code"
                      " WHERE o.id = ?2 AND " KP_ASSIGNMENT_HOLDS_PLACE_SQL("a", "?1"),
                      p, 2, 0, out);
}

kp_rc kp_q_plan_object_completion(kp_store *st, int64_t object, char done[11], char *sources, size_t sourceslen)
{
    kp_param p[] = {KP_PINT(object)};
    kp_rc rc = kp_sql_text(st, "SELECT COALESCE(actual_completion, '') FROM plan_object WHERE id = ?", p, 1, done, 11);
    if (!rc)
        rc = kp_sql_text(st, "SELECT other_sources FROM plan_object WHERE id = ?", p, 1, sources, sourceslen);
    return rc;
}

kp_rc kp_q_plan_object_set_completion(kp_store *st, int64_t object, const char *done, const char *sources)
{
    kp_param q[] = {done && done[0] ? KP_PTEXT(done) : KP_PNULL, PSTR(sources), KP_PINT(object)};
    return kp_sql_exec(st, "UPDATE plan_object SET actual_completion = ?, other_sources = ? WHERE id = ?", q, 3);
}

/* ---- cooperation agreements ------------------------------------------------ */

kp_rc kp_q_municipality_span(kp_store *st, int64_t id, char from[11], char to[11])
{
    kp_param m[] = {KP_PINT(id)};
    from[0] = to[0] = '\0';
    kp_rc rc = kp_sql_text(st, "SELECT valid_from FROM municipality WHERE id = ?", m, 1, from, 11);
    if (!rc)
        rc = kp_sql_text(st, "SELECT COALESCE(valid_to, '9999-12-31') FROM municipality WHERE id = ?", m, 1, to, 11);
    return rc;
}

kp_rc kp_q_service_type_known(kp_store *st, const char *code, bool *known)
{
    kp_param q[] = {KP_PTEXT(code)};
    return kp_sql_exists(st, "SELECT COUNT(*) FROM service_type WHERE code = ?", q, 1, known);
}

#define COOP_SQL                                                                                                   \
    "SELECT c.id, c.municipality_id, c.partner_id, c.service_code, COALESCE(st.parent_code, st.code),"             \
    " CASE WHEN ?1 = 'en' THEN st.name_en ELSE st.name_lv END, c.target_group, c.kind, COALESCE(c.places, -1),"   \
    " COALESCE(c.valid_from, ''), COALESCE(c.valid_to, ''), COALESCE(c.decision, '')"                              \
    " FROM cooperation c JOIN service_type st ON st.code = c.service_code"

static const kp_field COOP_F[] = {
    KP_FIELD(kp_q_coop, id),           KP_FIELD(kp_q_coop, municipality_id), KP_FIELD(kp_q_coop, partner_id),
    KP_FIELD(kp_q_coop, service),      KP_FIELD_SKIP,                        KP_FIELD(kp_q_coop, service_name),
    KP_FIELD(kp_q_coop, target_group), KP_FIELD(kp_q_coop, kind),            KP_FIELD(kp_q_coop, places),
    KP_FIELD(kp_q_coop, valid_from),   KP_FIELD(kp_q_coop, valid_to),        KP_FIELD(kp_q_coop, decision)};
static const kp_shape COOP = KP_SHAPE(kp_q_coop, COOP_F);

kp_rc kp_q_coop_get(kp_store *st, bool en, int64_t id, kp_q_coop *out, bool *found)
{
    kp_param p[] = {KP_PTEXT(en ? "en" : "lv"), KP_PINT(id)};
    return kp_rows_one(st, COOP_SQL " WHERE c.id = ?2", p, 2, &COOP, out, found);
}

kp_rc kp_q_coop_all(kp_store *st, bool en, const char *service, kp_q_coop_vec *out)
{
    kp_param p[] = {KP_PTEXT(en ? "en" : "lv"), KP_PTEXT(service ? service : "")};
    return KP_ROWS_ALL(st,
                       COOP_SQL " WHERE (COALESCE(?2, '') = '' OR c.service_code = ?2 OR st.parent_code = ?2)"
                                " ORDER BY c.id",
                       p, 2, &COOP, out);
}

static kp_param text_or_null(const char *s)
{
    return s && s[0] ? KP_PTEXT(s) : KP_PNULL;
}

kp_rc kp_q_coop_insert(kp_store *st, int64_t id, int64_t municipality, int64_t partner, const char *service,
                       const char *target_group, const char *kind, int64_t places, const char *from, const char *to,
                       const char *decision, int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id),
                    KP_PINT(municipality),
                    KP_PINT(partner),
                    KP_PTEXT(service),
                    KP_PTEXT(target_group),
                    KP_PTEXT(kind),
                    places < 0 ? KP_PNULL : KP_PINT(places),
                    text_or_null(from),
                    text_or_null(to),
                    KP_PTEXT(decision)};
    return kp_sql_insert(st,
                         "INSERT INTO cooperation(id, municipality_id, partner_id, service_code, target_group, kind, places,"
                         " valid_from, valid_to, decision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id_out);
}

kp_rc kp_q_coop_update(kp_store *st, int64_t id, int64_t partner, const char *service, const char *target_group,
                       const char *kind, int64_t places, const char *from, const char *to, const char *decision)
{
    kp_param p[] = {KP_PINT(partner),
                    KP_PTEXT(service),
                    KP_PTEXT(target_group),
                    KP_PTEXT(kind),
                    places < 0 ? KP_PNULL : KP_PINT(places),
                    text_or_null(from),
                    text_or_null(to),
                    KP_PTEXT(decision),
                    KP_PINT(id)};
    return kp_sql_exec(st,
                       "UPDATE cooperation SET partner_id = ?, service_code = ?, target_group = ?, kind = ?, places = ?,"
                       " valid_from = ?, valid_to = ?, decision = ? WHERE id = ?",
                       p, KP_NPARAMS(p));
}

kp_rc kp_q_coop_end(kp_store *st, int64_t id, const char *ended_on)
{
    kp_param p[] = {KP_PTEXT(ended_on), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE cooperation SET valid_to = ? WHERE id = ?", p, 2);
}

/* ---- need against places ---------------------------------------------------- */

static const kp_field FAMILY_F[] = {KP_FIELD(kp_q_need_family, code), KP_FIELD(kp_q_need_family, family),
                                    KP_FIELD(kp_q_need_family, sort), KP_FIELD(kp_q_need_family, top),
                                    KP_FIELD(kp_q_need_family, name)};
static const kp_shape FAMILY = KP_SHAPE(kp_q_need_family, FAMILY_F);

kp_rc kp_q_need_families(kp_store *st, const char *lang, kp_q_need_family_vec *out)
{
    kp_param p[] = {KP_PTEXT(lang ? lang : "lv")};
    return KP_ROWS_ALL(st,
                       "SELECT code, COALESCE(parent_code, code), sort, parent_code IS NULL,"
                       " CASE WHEN ?1 = 'en' THEN name_en ELSE name_lv END FROM service_type ORDER BY sort, code",
                       p, KP_NPARAMS(p), &FAMILY, out);
}

/* Per record territory (municipality, parish) and service family: persons
 * in need, receiving, in need and not receiving (KP_NEED_PERSONS_WITH in
 * need_places.h: the drill-down lists the same persons). */
static const char PERSONS_SQL[] =
    KP_NEED_PERSONS_WITH
    " SELECT c.m, c.p, u.fam, SUM(u.need), SUM(u.rcv), SUM(CASE WHEN u.need = 1 AND u.rcv = 0 THEN 1 ELSE 0 END) FROM u JOIN c ON c.id = u.id"
    " GROUP BY c.m, c.p, u.fam";

static const kp_field PERSONS_F[] = {KP_FIELD(kp_q_need_persons, m),         KP_FIELD(kp_q_need_persons, p),
                                     KP_FIELD(kp_q_need_persons, family),    KP_FIELD(kp_q_need_persons, need),
                                     KP_FIELD(kp_q_need_persons, receiving), KP_FIELD(kp_q_need_persons, unmet)};
static const kp_shape PERSONS = KP_SHAPE(kp_q_need_persons, PERSONS_F);

kp_rc kp_q_need_persons_each(kp_store *st, const char *d, const char *origins, kp_row_fn fn, void *arg)
{
    kp_q_need_persons row;
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(origins)};
    return kp_rows_each(st, PERSONS_SQL, p, KP_NPARAMS(p), &PERSONS, &row, fn, arg);
}

/* Places per facility territory, provider and family on ?1 (facility open,
 * its offer valid, provider registered and not closed:
 * KP_FACILITY_SERVICE_AT_SQL), with the provider's taken places
 * (KP_PLACES_TAKEN_SQL). The whole country: a neighbour or a partner may
 * lie in another region. */
static const char PLACES_SQL[] =
    "SELECT x.m, x.p, x.fam, x.known, x.places, " KP_PLACES_TAKEN_SQL("x.p", "x.fam", "?1") " FROM"
    " (SELECT f.municipality_id AS m, f.provider_id AS p, " KP_SERVICE_FAMILY_SQL("fs.service_code") " AS fam,"
    "  COUNT(fs.places) AS known, COALESCE(SUM(fs.places), 0) AS places"
    "  FROM facility_service fs JOIN facility f ON f.id = fs.facility_id JOIN provider pr ON pr.id = f.provider_id"
    "  WHERE " KP_FACILITY_SERVICE_AT_SQL("fs", "f", "pr", "?1")
    "  GROUP BY 1, 2, 3) x";

static const kp_field PLACES_F[] = {KP_FIELD(kp_q_need_places, m),      KP_FIELD(kp_q_need_places, p),
                                    KP_FIELD(kp_q_need_places, family), KP_FIELD(kp_q_need_places, known),
                                    KP_FIELD(kp_q_need_places, places), KP_FIELD(kp_q_need_places, taken)};
static const kp_shape PLACES = KP_SHAPE(kp_q_need_places, PLACES_F);

kp_rc kp_q_need_places_each(kp_store *st, const char *d, kp_row_fn fn, void *arg)
{
    kp_q_need_places row;
    kp_param p[] = {KP_PTEXT(d)};
    return kp_rows_each(st, PLACES_SQL, p, KP_NPARAMS(p), &PLACES, &row, fn, arg);
}

static const kp_field PAIR_F[] = {KP_FIELD(kp_q_pair, a), KP_FIELD(kp_q_pair, b)};
static const kp_shape PAIR = KP_SHAPE(kp_q_pair, PAIR_F);

kp_rc kp_q_neighbours_each(kp_store *st, kp_row_fn fn, void *arg)
{
    kp_q_pair row;
    return kp_rows_each(st, "SELECT municipality_id, neighbour_id FROM municipality_neighbour", NULL, 0, &PAIR, &row,
                        fn, arg);
}

/* Agreements in force on ?1: kind `existing`, the period (when it has one)
 * holding the date. municipality_id's clients use partner_id's service. */
static const char COOPERATION_SQL[] =
    "SELECT municipality_id, partner_id, service_code, places FROM cooperation WHERE kind = 'existing'"
    " AND (valid_from IS NULL OR valid_from <= ?1) AND (valid_to IS NULL OR valid_to >= ?1)"
    " ORDER BY municipality_id, partner_id, service_code, id";

static const kp_field COOP_IN_FORCE_F[] = {KP_FIELD(kp_q_coop_in_force, m), KP_FIELD(kp_q_coop_in_force, partner),
                                           KP_FIELD(kp_q_coop_in_force, service),
                                           KP_FIELD_OPT(kp_q_coop_in_force, places)};
static const kp_shape COOP_IN_FORCE = KP_SHAPE(kp_q_coop_in_force, COOP_IN_FORCE_F);

kp_rc kp_q_coop_in_force_each(kp_store *st, const char *d, kp_row_fn fn, void *arg)
{
    kp_q_coop_in_force row;
    kp_param p[] = {KP_PTEXT(d)};
    return kp_rows_each(st, COOPERATION_SQL, p, KP_NPARAMS(p), &COOP_IN_FORCE, &row, fn, arg);
}

/* ---- the DI plan as it stood on a date -------------------------------------- */

static const kp_field PLAN_OBJECT_F[] = {
    KP_FIELD(kp_q_plan_object, id),        KP_FIELD(kp_q_plan_object, municipality_id),
    KP_FIELD(kp_q_plan_object, facility_id), KP_FIELD(kp_q_plan_object, name),
    KP_FIELD(kp_q_plan_object, tg),        KP_FIELD(kp_q_plan_object, service),
    KP_FIELD(kp_q_plan_object, places),    KP_FIELD(kp_q_plan_object, erdf),
    KP_FIELD(kp_q_plan_object, status),    KP_FIELD(kp_q_plan_object, added_on),
    KP_FIELD(kp_q_plan_object, address),   KP_FIELD(kp_q_plan_object, other_sources),
    KP_FIELD(kp_q_plan_object, state),     KP_FIELD(kp_q_plan_object, municipal),
    KP_FIELD(kp_q_plan_object, other),     KP_FIELD(kp_q_plan_object, planned),
    KP_FIELD(kp_q_plan_object, actual)};
static const kp_shape PLAN_OBJECT = KP_SHAPE(kp_q_plan_object, PLAN_OBJECT_F);

kp_rc kp_q_plan_objects_each(kp_store *st, const char *region, kp_row_fn fn, void *arg)
{
    kp_q_plan_object row;
    kp_param rp[] = {KP_PTEXT(region)};
    return kp_rows_each(st,
                        "SELECT o.id, o.municipality_id, COALESCE(o.facility_id, 0), o.name, o.target_group,"
                        " o.service_code, COALESCE(CAST(o.places AS TEXT), ''), CAST(o.erdf_cents AS TEXT), o.status,"
                        " o.added_on, o.address, o.other_sources, CAST(o.state_cents AS TEXT),"
                        " CAST(o.municipal_cents AS TEXT), CAST(o.other_cents AS TEXT),"
                        " COALESCE(o.planned_completion, ''), COALESCE(o.actual_completion, '')"
                        " FROM plan_object o WHERE CAST(?1 AS TEXT) IS NULL OR o.region_code = ?1 ORDER BY o.id",
                        rp, 1, &PLAN_OBJECT, &row, fn, arg);
}

static const kp_field PLAN_CHANGE_F[] = {
    KP_FIELD(kp_q_plan_change, id),    KP_FIELD(kp_q_plan_change, object_id), KP_FIELD(kp_q_plan_change, amendment_id),
    KP_FIELD(kp_q_plan_change, number), KP_FIELD(kp_q_plan_change, field),    KP_FIELD(kp_q_plan_change, old_v),
    KP_FIELD(kp_q_plan_change, new_v), KP_FIELD(kp_q_plan_change, on)};
static const kp_shape PLAN_CHANGE = KP_SHAPE(kp_q_plan_change, PLAN_CHANGE_F);

kp_rc kp_q_plan_changes_each(kp_store *st, const char *region, kp_row_fn fn, void *arg)
{
    kp_q_plan_change row;
    kp_param rp[] = {KP_PTEXT(region)};
    return kp_rows_each(st,
                        "SELECT c.id, c.object_id, COALESCE(c.amendment_id, 0), COALESCE(a.number, 2147483647),"
                        " c.field, COALESCE(c.old_value, ''), COALESCE(c.new_value, ''),"
                        " COALESCE(c.effective_on, a.approved_on, '') AS eff"
                        " FROM plan_object_change c JOIN plan_object o ON o.id = c.object_id"
                        " LEFT JOIN plan_amendment a ON a.id = c.amendment_id"
                        " WHERE CAST(?1 AS TEXT) IS NULL OR o.region_code = ?1 ORDER BY c.object_id, eff, 4,"
                        " CASE c.field WHEN 'added' THEN 0 WHEN 'removed' THEN 2 ELSE 1 END, c.id",
                        rp, 1, &PLAN_CHANGE, &row, fn, arg);
}

static const kp_field SERVICE_SORT_F[] = {KP_FIELD(kp_q_service_sort, code), KP_FIELD(kp_q_service_sort, sort)};
static const kp_shape SERVICE_SORT = KP_SHAPE(kp_q_service_sort, SERVICE_SORT_F);

kp_rc kp_q_service_sorts(kp_store *st, kp_q_service_sort_vec *out)
{
    return KP_ROWS_ALL(st, "SELECT code, sort FROM service_type", NULL, 0, &SERVICE_SORT, out);
}

static const kp_field AMENDMENT_F[] = {
    KP_FIELD(kp_q_amendment, id),          KP_FIELD(kp_q_amendment, number),
    KP_FIELD(kp_q_amendment, approved_on), KP_FIELD(kp_q_amendment, decision_no),
    KP_FIELD(kp_q_amendment, decision_on), KP_FIELD_DUP(kp_q_amendment, reason),
    KP_FIELD_DUP(kp_q_amendment, text),    KP_FIELD(kp_q_amendment, nchanges)};
static const kp_shape AMENDMENT = KP_SHAPE(kp_q_amendment, AMENDMENT_F);

kp_rc kp_q_amendments_by(kp_store *st, const char *region, const char *d, kp_q_amendment_vec *out)
{
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    return KP_ROWS_ALL(st,
                       "SELECT a.id, a.number, a.approved_on, a.decision_no, COALESCE(a.decision_on, ''), a.reason,"
                       " a.text, (SELECT COUNT(*) FROM plan_object_change c WHERE c.amendment_id = a.id)"
                       " FROM plan_amendment a WHERE a.region_code = ? AND a.approved_on <= ?"
                       " ORDER BY a.number, a.id",
                       p, 2, &AMENDMENT, out);
}

static const kp_field HISTORY_F[] = {
    KP_FIELD(kp_q_object_history, id),        KP_FIELD(kp_q_object_history, amendment_number),
    KP_FIELD(kp_q_object_history, on),        KP_FIELD(kp_q_object_history, field),
    KP_FIELD(kp_q_object_history, old_value), KP_FIELD(kp_q_object_history, new_value),
    KP_FIELD_DUP(kp_q_object_history, reason)};
static const kp_shape HISTORY = KP_SHAPE(kp_q_object_history, HISTORY_F);

kp_rc kp_q_object_history_of(kp_store *st, int64_t object, kp_q_object_history_vec *out)
{
    kp_param p[] = {KP_PINT(object)};
    return KP_ROWS_ALL(st,
                       "SELECT c.id, COALESCE(a.number, 0), COALESCE(c.effective_on, a.approved_on, '') AS eff,"
                       " c.field, COALESCE(c.old_value, ''), COALESCE(c.new_value, ''),"
                       " COALESCE(c.reason, a.reason, '') FROM plan_object_change c"
                       " LEFT JOIN plan_amendment a ON a.id = c.amendment_id WHERE c.object_id = ?"
                       " ORDER BY eff, COALESCE(a.number, 2147483647),"
                       " CASE c.field WHEN 'added' THEN 0 WHEN 'removed' THEN 2 ELSE 1 END, c.id",
                       p, 1, &HISTORY, out);
}

void kp_q_object_history_free(kp_q_object_history_vec *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++)
        kp_row_release(&HISTORY, &v->items[i]);
    free(v->items);
    memset(v, 0, sizeof *v);
}
