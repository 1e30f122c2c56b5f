/* Parts shared by the DI plan pages and API (see diplan_view.h). */
#include "web/diplan_view.h"
#include "core/mem.h"
#include "core/money.h"
#include "service/access.h"
#include "service/sql.h"
#include <stdlib.h>
#include "service/figures/eval_details.h"
#include "service/territory.h"
#include <stdio.h>
#include <string.h>

static const struct {
    const char *lv, *en;
} TABLE[] = {
#define DP_ROW(key, lv, en) [key] = {lv, en},
    DP_STRINGS(DP_ROW)
#undef DP_ROW
};

const char *dp_s(const kp_req *r, dp_key key)
{
    if ((int)key < 0 || key >= DP_COUNT)
        return "";
    return r && r->lang && strcmp(r->lang, "en") == 0 ? TABLE[key].en : TABLE[key].lv;
}

const char *dp_region(kp_req *r)
{
    if (r->ctx.role == KP_ROLE_REGION)
        return r->ctx.region[0] ? r->ctx.region : NULL;
    const char *want = kp_in(r, "region");
    kp_eval_list regions = {0};
    if (kp_eval_regions(&r->ctx, &regions))
        return NULL;
    const char *found = NULL;
    const kp_eval_name *n = regions.items;
    for (size_t i = 0; i < regions.n && !found; i++)
        if (want && strcmp(n[i].code, want) == 0)
            found = kp_arena_strdup(&r->arena, n[i].code);
    if (!found && !want && regions.n)
        found = kp_arena_strdup(&r->arena, n[0].code);
    kp_eval_list_free(&regions);
    return found;
}

kp_date dp_at(kp_req *r, char iso[11])
{
    kp_date d = KP_DATE_NONE;
    const char *at = kp_in(r, "at");
    if (kp_blank(at) || kp_date_parse_iso(at, &d))
        d = kp_ctx_today(&r->ctx);
    kp_date_format_iso(d, iso);
    return d;
}

kp_plan_object_in dp_object_in(kp_req *r, const char *region)
{
    return (kp_plan_object_in){.region = region,
                               .municipality = kp_in(r, "municipality"),
                               .name = kp_in(r, "name"),
                               .target_group = kp_in(r, "target_group"),
                               .service = kp_in(r, "service"),
                               .places = kp_in(r, "places"),
                               .erdf = kp_in(r, "erdf"),
                               .status = kp_in(r, "status"),
                               .added_on = kp_in(r, "added_on"),
                               .facility_id = kp_in(r, "facility_id"),
                               .address = kp_in(r, "address"),
                               .state = kp_in(r, "state"),
                               .municipal = kp_in(r, "municipal"),
                               .other = kp_in(r, "other"),
                               .other_sources = kp_in(r, "other_sources"),
                               .planned_completion = kp_in(r, "planned_completion"),
                               .actual_completion = kp_in(r, "actual_completion")};
}

kp_amendment_in dp_amendment_in(kp_req *r, const char *region)
{
    return (kp_amendment_in){.region = region,
                             .number = kp_in(r, "number"),
                             .approved_on = kp_in(r, "approved_on"),
                             .reason = kp_in(r, "reason"),
                             .decision_no = kp_in(r, "decision_no"),
                             .decision_on = kp_in(r, "decision_on"),
                             .text = kp_in(r, "text")};
}

const char *const DP_FIELDS[] = {"places", "status", "erdf_cents", "state_cents", "municipal_cents", "other_cents",
                                 "service_code", "target_group", "name", "address", "planned_completion", "removed"};
const size_t DP_NFIELDS = sizeof DP_FIELDS / sizeof DP_FIELDS[0];

static const struct {
    const char *code;
    dp_key key;
} FIELD_WORDS[] = {
    {"places", DP_F_PLACES},       {"status", DP_F_STATUS},         {"erdf_cents", DP_F_ERDF},
    {"state_cents", DP_F_STATE},   {"municipal_cents", DP_F_MUNICIPAL}, {"other_cents", DP_F_OTHER},
    {"service_code", DP_F_SERVICE}, {"target_group", DP_F_GROUP},   {"name", DP_F_NAME},
    {"address", DP_F_ADDRESS},     {"planned_completion", DP_F_PLANNED}, {"added", DP_F_ADDED},
    {"removed", DP_F_REMOVED},     {"actual_completion", DP_ACTUAL}, {"other_sources", DP_OTHER_SOURCES},
}, STATUS_WORDS[] = {
    {"planned", DP_S_PLANNED},       {"building", DP_S_BUILDING}, {"registered", DP_S_REGISTERED},
    {"operating", DP_S_OPERATING},   {"cancelled", DP_S_CANCELLED},
};

const char *dp_status(const kp_req *r, const char *code)
{
    for (size_t i = 0; code && i < sizeof STATUS_WORDS / sizeof STATUS_WORDS[0]; i++)
        if (strcmp(STATUS_WORDS[i].code, code) == 0)
            return dp_s(r, STATUS_WORDS[i].key);
    return code ? code : "";
}

const char *dp_field(const kp_req *r, const char *field)
{
    for (size_t i = 0; field && i < sizeof FIELD_WORDS / sizeof FIELD_WORDS[0]; i++)
        if (strcmp(FIELD_WORDS[i].code, field) == 0)
            return dp_s(r, FIELD_WORDS[i].key);
    return field ? field : "";
}

kp_rc dp_municipalities(kp_req *r, const char *region, kp_date at, kp_options *out)
{
    memset(out, 0, sizeof *out);
    kp_territories t;
    kp_rc rc = kp_territories_load(&r->ctx, &t);
    if (rc)
        return rc;
    char d[11];
    kp_date_format_iso(at, d);
    for (size_t i = 0; i < t.n; i++) {
        const kp_terr *x = &t.t[i];
        if (strcmp(x->valid_from, d) > 0 || (x->valid_to[0] && strcmp(x->valid_to, d) < 0))
            continue;
        if (strcmp(kp_territories_region(&t, x->id, d), region) != 0)
            continue;
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 32;
            out->items = kp_xrealloc(out->items, out->cap * sizeof *out->items);
        }
        kp_option *o = &out->items[out->n++];
        memset(o, 0, sizeof *o);
        snprintf(o->code, sizeof o->code, "%s", x->atvk);
        snprintf(o->name, sizeof o->name, "%s", x->name);
    }
    kp_territories_free(&t);
    return KP_OK;
}

const char *dp_municipality_name(kp_req *r, int64_t id)
{
    kp_territories t;
    if (kp_territories_load(&r->ctx, &t))
        return "";
    const kp_terr *x = kp_territories_find(&t, id);
    const char *name = kp_arena_strdup(&r->arena, x ? x->name : "");
    kp_territories_free(&t);
    return name;
}

static bool is_money(const char *field)
{
    return field && strstr(field, "_cents") != NULL;
}

const char *dp_value(kp_req *r, const char *field, const char *stored)
{
    if (!stored || !stored[0])
        return "—";
    if (is_money(field)) {
        char *end = NULL;
        long long c = strtoll(stored, &end, 10);
        return end && !*end ? kp_fmt_money(r, c) : stored;
    }
    if (field && strcmp(field, "planned_completion") == 0)
        return kp_fmt_date(r, stored);
    if (field && strcmp(field, "status") == 0)
        return dp_status(r, stored);
    return stored;
}

const char *dp_stored(kp_req *r, const char *field, const char *typed, const char *name)
{
    if (kp_blank(typed))
        return typed ? typed : "";
    if (is_money(field)) {
        kp_cents c = 0;
        if (kp_money_parse(typed, &c) && kp_money_parse_lv(typed, &c)) {
            kp_errors_add(&r->errors, name, typed, "%s", dp_s(r, DP_BAD_EUR));
            return NULL;
        }
        return kp_arena_printf(&r->arena, "%lld", (long long)c);
    }
    if (field && (strcmp(field, "planned_completion") == 0 || strcmp(field, "actual_completion") == 0)) {
        kp_date d = KP_DATE_NONE;
        if (kp_date_parse_input(typed, &d)) {
            kp_errors_add(&r->errors, name, typed, "%s", dp_s(r, DP_BAD_DATE));
            return NULL;
        }
        char iso[11];
        kp_date_format_iso(d, iso);
        return kp_arena_strdup(&r->arena, iso);
    }
    return typed;
}
