/* The DI plan's infrastructure objects (ERDF 9.3.1.1), its amendments with
 * what each changed (cooperation between municipalities: cooperation.c). */
#include "service/access.h"
#include "service/audit.h"
#include "service/insert.h"
#include "service/programme/programme.h"
#include "service/programme/diplan_sql.h"
#include "service/validate.h"
#include "service/territory.h"
#include <stdio.h>
#include <string.h>

static const char *const OBJECT_STATUSES[] = {"planned", "building", "registered", "operating", "cancelled", NULL};
static const char *const CHANGE_FIELDS[] = {"added",        "removed",      "places",    "status",
                                            "erdf_cents",   "service_code", "target_group", "name",
                                            "address",      "state_cents",  "municipal_cents", "other_cents",
                                            "planned_completion", NULL};

/* Ends the nested transaction of one insert whose result is `rc` with its
 * history entry (kp_audit_change: "create", effective on `on`, the fields
 * given). */
static kp_rc insert_with_history(kp_ctx *ctx, kp_rc rc, int64_t id, const char *entity, const char *on,
                                 const char *reason, const kp_field_change *f, size_t nf, int64_t *id_out)
{
    if (!rc)
        rc = kp_audit_change(ctx, "create", entity, id, 0, on, reason ? reason : "", f, nf);
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

static const char *nz(const char *s)
{
    return s ? s : "";
}


/* Optional money in euros: blank is 0. */
static kp_cents opt_money(kp_ctx *ctx, kp_errors *e, const char *field, const char *v)
{
    return kp_blank(v) ? 0 : kp_v_money(ctx, e, field, v, false);
}

kp_rc kp_plan_object_add(kp_ctx *ctx, const kp_plan_object_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    size_t before = e->n;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "plan_object");
    kp_v_region(ctx, e, "region", in->region);
    kp_date added = kp_v_date(ctx, e, "added_on", in->added_on, true);
    int64_t municipality = kp_v_municipality(ctx, e, "municipality", in->municipality, added, true);
    kp_v_text(ctx, e, "name", in->name, 300, true);
    kp_v_text(ctx, e, "address", in->address, 300, false);
    kp_v_target_group(ctx, e, "target_group", in->target_group);
    kp_v_service(ctx, e, "service", in->service);
    int64_t places = kp_v_int(ctx, e, "places", in->places, 0, 10000, false, -1);
    kp_cents erdf = opt_money(ctx, e, "erdf", in->erdf);
    kp_cents state = opt_money(ctx, e, "state", in->state);
    kp_cents municipal = opt_money(ctx, e, "municipal", in->municipal);
    kp_cents other = opt_money(ctx, e, "other", in->other);
    kp_v_text(ctx, e, "other_sources", in->other_sources, 300, false);
    if (other > 0 && kp_blank(in->other_sources))
        kp_errors_add(e, "other_sources", "", "%s",
                      KP_TR(ctx, "norādiet, no kādiem avotiem ir citu avotu finansējums",
                            "name the sources of the other funding"));
    kp_v_enum(ctx, e, "status", in->status, OBJECT_STATUSES, true);
    int64_t facility = kp_v_ref(ctx, e, "facility_id", in->facility_id, "facility", false);
    kp_v_date(ctx, e, "planned_completion", in->planned_completion, false);
    kp_date done = kp_v_date(ctx, e, "actual_completion", in->actual_completion, false);
    if (done != KP_DATE_NONE && done > kp_ctx_today(ctx))
        kp_errors_add(e, "actual_completion", in->actual_completion, "%s",
                      KP_TR(ctx, "faktiskā pabeigšana nevar būt nākotnē: norādiet dienu, kad darbi pabeigti",
                            "the actual completion cannot be in the future: give the day the works ended"));
    if (municipality && !kp_blank(in->region)) {
        /* The region the territory belonged to when the object was added. */
        char mregion[8] = "";
        kp_territory_region_at(ctx, municipality, added, mregion);
        if (strcmp(mregion, in->region) != 0)
            kp_errors_add(e, "municipality", in->municipality, "%s",
                          KP_TR(ctx, "pašvaldība nav šajā reģionā", "the municipality is not in this region"));
    }
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_access_region(ctx, in->region, true);
    if (rc)
        return rc;
    char places_s[24] = "", erdf_s[24];
    if (places >= 0)
        snprintf(places_s, sizeof places_s, "%lld", (long long)places);
    snprintf(erdf_s, sizeof erdf_s, "%lld", (long long)(erdf < 0 ? 0 : erdf));
    kp_field_change f[] = {{"name", "", nz(in->name)},       {"address", "", nz(in->address)},
                           {"service_code", "", nz(in->service)}, {"target_group", "", nz(in->target_group)},
                           {"places", "", places_s},         {"erdf_cents", "", erdf_s},
                           {"status", "", nz(in->status)}};
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t new_id = 0;
    rc = kp_q_plan_object_insert(ctx->db, id, in, municipality, places, erdf, state, municipal, other, facility, &new_id);
    return insert_with_history(ctx, rc, new_id, "plan_object", in->added_on, "", f, sizeof f / sizeof f[0], id_out);
}

kp_rc kp_amendment_add(kp_ctx *ctx, const kp_amendment_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    size_t before = e->n;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "plan_amendment");
    kp_v_region(ctx, e, "region", in->region);
    int64_t number = kp_v_int(ctx, e, "number", in->number, 1, 999, true, 0);
    kp_date approved = kp_v_date(ctx, e, "approved_on", in->approved_on, true);
    kp_v_text_lines(ctx, e, "reason", in->reason, 2000, true);
    kp_v_text(ctx, e, "decision_no", in->decision_no, 60, false);
    kp_date decided = kp_v_date(ctx, e, "decision_on", in->decision_on, false);
    kp_v_text_lines(ctx, e, "text", in->text, 60000, false);
    if (decided != KP_DATE_NONE && approved != KP_DATE_NONE && decided > approved)
        kp_errors_add(e, "decision_on", in->decision_on, "%s",
                      KP_TR(ctx, "lēmums nevar būt pieņemts pēc dienas, no kuras grozījumi ir spēkā: pārbaudiet abus datumus",
                            "the decision cannot come after the day the amendment takes effect: check both dates"));
    if (number && !kp_blank(in->region)) {
        bool dup = false;
        (void)kp_q_amendment_number_taken(ctx->db, in->region, number, &dup);
        if (dup)
            kp_errors_add(e, "number", in->number, "%s",
                          KP_TR(ctx, "grozījumi ar šo numuru jau ir", "an amendment with this number exists"));
    }
    if (number && approved != KP_DATE_NONE && !kp_blank(in->region)) {
        /* Numbers follow the order of approval (docs/figures.md). */
        char other[11] = "";
        int64_t other_number = 0;
        (void)kp_q_amendment_out_of_order(ctx->db, in->region, number, in->approved_on, &other_number, other);
        if (other_number) {
            kp_errors_add(e, "approved_on", in->approved_on,
                          KP_TR(ctx, "grozījumi Nr. %lld apstiprināti %s: grozījumus numurē to apstiprināšanas secībā",
                                "amendment No. %lld was approved on %s: amendments are numbered in the order of their approval"),
                          (long long)other_number, other);
        }
    }
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_access_region(ctx, in->region, true);
    if (rc)
        return rc;
    kp_field_change f[] = {{"number", "", nz(in->number)},
                           {"approved_on", "", nz(in->approved_on)},
                           {"decision_no", "", nz(in->decision_no)},
                           {"decision_on", "", nz(in->decision_on)}};
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t new_id = 0;
    rc = kp_q_amendment_insert(ctx->db, id, in, number, &new_id);
    return insert_with_history(ctx, rc, new_id, "plan_amendment", in->approved_on, in->reason, f, sizeof f / sizeof f[0],
                               id_out);
}

/* A value of `field` as a change states it (`which` is old_value or
 * new_value). places: a whole number or empty (the plan gives none);
 * erdf_cents: a whole number of cents (empty = 0); status, service_code, target_group:
 * one of theirs; added and removed carry no values. */
static void check_value(kp_ctx *ctx, kp_errors *e, const char *which, const char *field, const char *v)
{
    if (strcmp(field, "added") == 0 || strcmp(field, "removed") == 0) {
        if (!kp_blank(v))
            kp_errors_add(e, which, v, "%s",
                          KP_TR(ctx, "pievienošanai un izslēgšanai vērtību nav: atstājiet tukšu",
                                "adding and removing carry no values: leave it empty"));
    } else if (strcmp(field, "places") == 0) {
        kp_v_int(ctx, e, which, v, 0, 10000, false, -1);
    } else if (strcmp(field, "erdf_cents") == 0 || strcmp(field, "state_cents") == 0 ||
               strcmp(field, "municipal_cents") == 0 || strcmp(field, "other_cents") == 0) {
        kp_v_int(ctx, e, which, v, 0, INT64_MAX / 4, false, 0); /* empty = 0 */
    } else if (strcmp(field, "name") == 0) {
        kp_v_text(ctx, e, which, v, 300, strcmp(which, "new_value") == 0);
    } else if (strcmp(field, "address") == 0) {
        kp_v_text(ctx, e, which, v, 300, false);
    } else if (strcmp(field, "planned_completion") == 0) {
        kp_v_date(ctx, e, which, v, false);
    } else if (strcmp(field, "status") == 0) {
        kp_v_enum(ctx, e, which, v, OBJECT_STATUSES, true);
    } else if (strcmp(field, "service_code") == 0) {
        if (kp_blank(v))
            kp_errors_add(e, which, "", "%s", KP_TR(ctx, "norādiet pakalpojuma kodu", "give a service code"));
        else
            kp_v_service(ctx, e, which, v);
    } else if (strcmp(field, "target_group") == 0) {
        if (kp_blank(v))
            kp_errors_add(e, which, "", "%s", KP_TR(ctx, "norādiet mērķa grupas kodu", "give a target group code"));
        else
            kp_v_target_group(ctx, e, which, v);
    }
}

/* A validated change: its ids, the object's region and the date it takes
 * effect. */
typedef struct change {
    int64_t id, amendment, object;
    char region[8];
    char on[11];
    char reason[2004];
} change;

static bool check_change(kp_ctx *ctx, const kp_object_change_in *in, kp_errors *e, bool live, change *c)
{
    size_t before = e->n;
    memset(c, 0, sizeof *c);
    c->id = kp_v_new_id(ctx, e, "id", in->id, "plan_object_change");
    c->amendment = kp_v_ref(ctx, e, "amendment_id", in->amendment_id, "plan_amendment", false);
    c->object = kp_v_ref(ctx, e, "object_id", in->object_id, "plan_object", true);
    const char *field = kp_v_enum(ctx, e, "field", in->field, CHANGE_FIELDS, true);
    kp_v_text(ctx, e, "old_value", in->old_value, 200, false);
    kp_v_text(ctx, e, "new_value", in->new_value, 200, false);
    kp_date on = kp_v_date(ctx, e, "effective_on", in->effective_on, false);
    kp_v_text_lines(ctx, e, "reason", in->reason, 2000, false);
    bool by_amendment = !kp_blank(in->amendment_id);
    if (by_amendment && !kp_blank(in->effective_on))
        kp_errors_add(e, "effective_on", in->effective_on, "%s",
                      KP_TR(ctx, "grozījumu izmaiņa stājas spēkā grozījumu apstiprināšanas dienā: atstājiet tukšu",
                            "an amendment's change takes effect on the amendment's approval date: leave it empty"));
    if (!by_amendment) {
        if (kp_blank(in->effective_on) || kp_blank(in->reason))
            kp_errors_add(e, "amendment_id", "", "%s",
                          KP_TR(ctx, "norādiet grozījumus vai — statusa maiņai bez grozījumiem — datumu (effective_on) un pamatojumu (reason)",
                                "give the amendment, or for a status change without an amendment its date (effective_on) and reason"));
        if (field && strcmp(field, "status") != 0)
            kp_errors_add(e, "field", in->field, "%s",
                          KP_TR(ctx, "bez grozījumiem var mainīt tikai statusu: vietas, finansējumu, pakalpojumu un objektu sarakstu maina grozījumi",
                                "only the status changes without an amendment: places, money, service and the list of objects change by amendment"));
    }
    if (field) {
        /* The live use case works out the old value itself. */
        if (!live || !kp_blank(in->old_value))
            check_value(ctx, e, "old_value", field, in->old_value);
        check_value(ctx, e, "new_value", field, in->new_value);
        if (live && strstr(field, "_cents") && kp_blank(in->new_value))
            kp_errors_add(e, "new_value", "", "%s",
                          KP_TR(ctx, "norādiet jauno summu centos", "give the new sum in cents"));
    }
    if (c->object) {
        (void)kp_q_plan_object_region(ctx->db, c->object, c->region);
    }
    if (c->amendment) {
        char aregion[8] = "";
        (void)kp_q_amendment_head(ctx->db, c->amendment, aregion, c->on, c->reason, sizeof c->reason);
        if (c->object && strcmp(aregion, c->region) != 0)
            kp_errors_add(e, "amendment_id", in->amendment_id, "%s",
                          KP_TR(ctx, "grozījumi ir cita reģiona plānam", "the amendment belongs to another region's plan"));
    } else if (on != KP_DATE_NONE) {
        kp_date_format_iso(on, c->on);
        snprintf(c->reason, sizeof c->reason, "%s", in->reason ? in->reason : "");
    }
    return e->n == before;
}

static kp_rc insert_change(kp_ctx *ctx, const change *c, const kp_object_change_in *in, const char *old_value,
                           int64_t *id_out)
{
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t new_id = 0;
    rc = kp_q_object_change_insert(ctx->db, c->id, c->amendment, c->object, in->field, old_value, in->new_value, c->on,
                                   in->reason, &new_id);
    return kp_insert_audited_end(ctx, rc, "plan_object_change", new_id, 0, id_out);
}

kp_rc kp_plan_object_change_record(kp_ctx *ctx, const kp_object_change_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    change c;
    if (!check_change(ctx, in, e, false, &c))
        return KP_EINVAL;
    kp_rc rc = kp_access_region(ctx, c.region, true);
    if (rc)
        return rc;
    return insert_change(ctx, &c, in, in->old_value, id_out);
}

/* The live use case keeps the history in date order: a change must not
 * take effect before the object entered the plan, after it left it, or
 * before a recorded change of the same field (whose old value would then be
 * wrong); an object is added once. */
static void check_order(kp_ctx *ctx, const kp_object_change_in *in, const change *c, kp_errors *e)
{
    const char *column = c->amendment ? "amendment_id" : "effective_on";
    const char *value = c->amendment ? in->amendment_id : in->effective_on;
    kp_q_object_order o;
    (void)kp_q_plan_object_order(ctx->db, c->object, in->field, c->on, &o);
    const char *entered = o.entered, *gone = o.gone, *later = o.later;
    bool adding = strcmp(in->field, "added") == 0;
    if (adding) {
        if (o.added)
            kp_errors_add(e, "field", in->field, "%s",
                          KP_TR(ctx, "objekts jau ir pievienots ar grozījumiem", "the object was already added by an amendment"));
        if (later[0])
            kp_errors_add(e, column, value,
                          KP_TR(ctx, "objektam jau ir izmaiņas pirms šiem grozījumiem (%s): pievienošana ir pirmā izmaiņa",
                                "the object already has a change before this amendment (%s): adding comes first"),
                          later);
    } else {
        if (entered[0] && strcmp(c->on, entered) < 0)
            kp_errors_add(e, column, value,
                          KP_TR(ctx, "izmaiņa (%s) ir pirms objekts iekļauts plānā (%s)",
                                "the change (%s) comes before the object entered the plan (%s)"),
                          c->on, entered);
        if (later[0])
            kp_errors_add(e, column, value,
                          KP_TR(ctx, "izmaiņa (%s) ir pirms jau ierakstītas izmaiņas (%s): izmaiņas ieraksta datumu secībā",
                                "the change (%s) comes before a change already recorded (%s): changes are recorded in date order"),
                          c->on, later);
    }
    if (gone[0])
        kp_errors_add(e, "object_id", in->object_id,
                      KP_TR(ctx, "objekts izslēgts no plāna %s: izslēgtam objektam izmaiņu nav",
                            "the object was removed from the plan on %s: a removed object has no changes"),
                      gone);
}

kp_rc kp_plan_object_change(kp_ctx *ctx, const kp_object_change_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    change c;
    if (!check_change(ctx, in, e, true, &c))
        return KP_EINVAL;
    size_t before = e->n;
    check_order(ctx, in, &c, e);
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_access_region(ctx, c.region, true);
    if (rc)
        return rc;
    /* The column is chosen from a fixed list, never from the input's text;
     * adding and removing are history only. */
    bool column = kp_q_plan_object_has_column(in->field);
    /* The value is read, compared and replaced in one transaction, so the
     * history's old value is the one replaced. */
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    char old_value[208] = "";
    if (column)
        rc = kp_q_plan_object_value(ctx->db, c.object, in->field, old_value, sizeof old_value);
    if (!rc && column && !kp_blank(in->old_value) && strcmp(in->old_value, old_value) != 0) {
        kp_errors_add(e, "old_value", in->old_value,
                      KP_TR(ctx, "objekta pašreizējā vērtība ir %s: kāds to jau mainījis — pārskatiet un mēģiniet vēlreiz",
                            "the object's value now is %s: somebody changed it — look again and retry"),
                      old_value[0] ? old_value : KP_TR(ctx, "(nav)", "(none)"));
        rc = KP_EINVAL;
    }
    int64_t id = 0;
    if (!rc && column)
        rc = kp_q_plan_object_set(ctx->db, c.object, in->field, in->new_value);
    if (!rc)
        rc = insert_change(ctx, &c, in, old_value, &id);
    kp_field_change fc = {.field = in->field, .old_value = old_value, .new_value = in->new_value ? in->new_value : ""};
    if (!rc)
        rc = kp_audit_change(ctx, c.amendment ? "amend" : "status", "plan_object", c.object, 0, c.on, c.reason, &fc, 1);
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

/* ---- the editor's calls ------------------------------------------------ */

/* The region of an object the caller may read, else KP_ENOTFOUND (unknown
 * and out of scope look the same). */
static kp_rc object_region(kp_ctx *ctx, int64_t object_id, bool write, char region[8])
{
    region[0] = '\0';
    kp_rc rc = kp_q_plan_object_region(ctx->db, object_id, region);
    if (!rc && !region[0])
        rc = KP_ENOTFOUND;
    if (!rc)
        rc = kp_access_region(ctx, region, write);
    return rc == KP_EDENIED ? KP_ENOTFOUND : rc;
}

kp_rc kp_diplan_object_clients(kp_ctx *ctx, int64_t object_id, kp_date on, int64_t *out)
{
    if (out)
        *out = 0;
    if (!ctx || !out || object_id <= 0 || on == KP_DATE_NONE)
        return KP_EINVAL;
    char region[8], d[11];
    kp_rc rc = object_region(ctx, object_id, false, region);
    if (rc)
        return rc;
    kp_date_format_iso(on, d);
    return kp_q_plan_object_clients(ctx->db, object_id, d, out);
}

kp_rc kp_diplan_change(kp_ctx *ctx, const kp_object_change_in *in, bool confirmed, kp_errors *e, int64_t *clients,
                       int64_t *id_out)
{
    if (clients)
        *clients = 0;
    if (!ctx || !in || !e)
        return KP_EINVAL;
    /* An object out of scope answers as an unknown one. */
    int64_t oid = 0;
    if (!kp_blank(in->object_id)) {
        (void)kp_q_plan_object_by_text(ctx->db, in->object_id, &oid);
    }
    if (oid) {
        char region[8];
        kp_rc rc = object_region(ctx, oid, true, region);
        if (rc)
            return rc;
    }
    if (!confirmed && in->field && strcmp(in->field, "places") == 0) {
        change c;
        size_t before = e->n;
        if (!check_change(ctx, in, e, true, &c))
            return KP_EINVAL;
        kp_date on = KP_DATE_NONE;
        int64_t n = 0;
        kp_rc rc = kp_date_parse_iso(c.on, &on);
        if (!rc)
            rc = kp_diplan_object_clients(ctx, c.object, on, &n);
        if (rc)
            return rc;
        e->n = before;
        if (n > 0) {
            if (clients)
                *clients = n;
            kp_errors_add(e, "confirm", "",
                          KP_TR(ctx, "klientu skaits, kam objekta pakalpojums piešķirts %2$s: %1$lld — apstipriniet, ka vietu skaits tomēr jāmaina",
                                "%1$lld clients have the object's service assigned on %2$s: confirm that the places are to change all the same"),
                          (long long)n, c.on);
            return KP_ECONFLICT;
        }
    }
    return kp_plan_object_change(ctx, in, e, id_out);
}

kp_rc kp_diplan_amend(kp_ctx *ctx, const kp_amendment_in *in, const kp_object_change_in *first, bool confirmed,
                      kp_errors *e, int64_t *clients, int64_t *amendment_out)
{
    if (clients)
        *clients = 0;
    if (amendment_out)
        *amendment_out = 0;
    if (!ctx || !in || !e)
        return KP_EINVAL;
    bool with_change = first && !kp_blank(first->object_id);
    if (with_change && !kp_blank(in->region)) {
        /* An object of another region is unknown here, before anything is
         * written. */
        int64_t oid = kp_v_ref(ctx, e, "object_id", first->object_id, "plan_object", true);
        char region[8] = "";
        if (!oid)
            return KP_EINVAL;
        kp_rc rc = kp_q_plan_object_region(ctx->db, oid, region);
        if (rc)
            return rc;
        if (strcmp(region, in->region) != 0) {
            kp_errors_add(e, "object_id", first->object_id, "%s",
                          KP_TR(ctx, "šajā reģiona plānā tāda objekta nav: izvēlieties objektu no saraksta",
                                "this region's plan has no such object: choose one from the list"));
            return KP_EINVAL;
        }
    }
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t id = 0;
    rc = kp_amendment_add(ctx, in, e, &id);
    if (!rc && with_change) {
        char aid[24];
        snprintf(aid, sizeof aid, "%lld", (long long)id);
        kp_object_change_in c = *first;
        c.amendment_id = aid;
        c.effective_on = NULL;
        c.reason = NULL;
        rc = kp_diplan_change(ctx, &c, confirmed, e, clients, NULL);
    }
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && amendment_out)
        *amendment_out = id;
    return rc;
}

kp_rc kp_plan_object_edit(kp_ctx *ctx, const kp_plan_object_edit_in *in, kp_errors *e)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    size_t before = e->n;
    int64_t object = kp_v_ref(ctx, e, "object_id", in->object_id, "plan_object", true);
    bool clear = in->actual_completion && strcmp(in->actual_completion, "-") == 0;
    kp_date done = clear ? KP_DATE_NONE : kp_v_date(ctx, e, "actual_completion", in->actual_completion, false);
    kp_v_text(ctx, e, "other_sources", in->other_sources, 300, false);
    kp_v_date(ctx, e, "effective_on", in->effective_on, true);
    kp_v_text_lines(ctx, e, "reason", in->reason, 2000, true);
    if (done != KP_DATE_NONE && done > kp_ctx_today(ctx))
        kp_errors_add(e, "actual_completion", in->actual_completion, "%s",
                      KP_TR(ctx, "faktiskā pabeigšana nevar būt nākotnē: norādiet dienu, kad darbi pabeigti",
                            "the actual completion cannot be in the future: give the day the works ended"));
    if (!clear && kp_blank(in->actual_completion) && kp_blank(in->other_sources))
        kp_errors_add(e, "actual_completion", "", "%s",
                      KP_TR(ctx, "nav nekā, ko mainīt: norādiet faktisko pabeigšanu vai citu finansējuma avotu nosaukumus",
                            "nothing to change: give the actual completion or the names of the other funding sources"));
    if (e->n != before)
        return KP_EINVAL;
    char region[8];
    kp_rc rc = object_region(ctx, object, true, region);
    if (rc)
        return rc;
    char old_done[11] = "", old_sources[308] = "";
    rc = kp_q_plan_object_completion(ctx->db, object, old_done, old_sources, sizeof old_sources);
    if (rc)
        return rc;
    const char *new_done = clear ? "" : kp_blank(in->actual_completion) ? old_done : in->actual_completion;
    const char *new_sources = kp_blank(in->other_sources) ? old_sources : in->other_sources;
    kp_field_change f[2];
    size_t nf = 0;
    if (strcmp(new_done, old_done) != 0)
        f[nf++] = (kp_field_change){"actual_completion", old_done, new_done};
    if (strcmp(new_sources, old_sources) != 0)
        f[nf++] = (kp_field_change){"other_sources", old_sources, new_sources};
    if (!nf)
        return KP_OK;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_plan_object_set_completion(ctx->db, object, new_done, new_sources);
    if (!rc)
        rc = kp_audit_change(ctx, "correct", "plan_object", object, 0, in->effective_on, in->reason, f, nf);
    return kp_store_finish(ctx->db, rc);
}

