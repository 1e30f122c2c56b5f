/* The demo's DI plan: ERDF infrastructure objects spread over the
 * municipalities, eight amendments that move them from planned to built
 * (and Aizkraukle's to cancelled), cooperation between neighbours, and the
 * region's indicators with the values people enter by hand. */
#include "demo/demo_plan.h"
#include "service/programme/programme.h"
#include "core/money.h"
#include <stdio.h>
#include <string.h>

#define MAX_OBJECTS 128
#define AIZKRAUKLE 1 /* index in the figures file's municipality list */

typedef struct plan_obj {
    int64_t id;
    int mi;
    int places;      /* final number of places, -1 = none given */
    bool cancelled;
} plan_obj;

static const char *ref_key_name(const char *service)
{
    static const struct {
        const char *code, *name;
    } NAMES[] = {{"day_care", "Dienas aprūpes centrs"},
                 {"group_home", "Grupu dzīvoklis"},
                 {"workshop", "Specializētā darbnīca"},
                 {"respite", "Atelpas brīža pakalpojums"},
                 {"social_rehab", "Sociālās rehabilitācijas telpas"},
                 {"family_like_care", "Ģimeniskai videi pietuvināts pakalpojums"}};
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
        if (strcmp(NAMES[i].code, service) == 0)
            return NAMES[i].name;
    return "Infrastruktūras objekts";
}

static int erdf_share(demo *d, int mi, int of, int index, char out[32])
{
    kp_cents total = 0;
    const char *s = json_string_value(json_object_get(json_object_get(d->ref, "erdf_funding"), d->m[mi].refkey));
    if (!s || kp_money_parse(s, &total))
        return -1;
    kp_cents part = total / of + (index == of - 1 ? total % of : 0);
    kp_money_format_plain(part, out);
    return 0;
}

static kp_rc objects(demo *d, plan_obj *obj, int *nobj)
{
    json_t *infra = json_object_get(d->ref, "di_plan_infrastructure");
    const char *region = json_string_value(json_object_get(json_object_get(d->ref, "region"), "code"));
    /* First decide where each object goes, then add them with ERDF money
     * split between a municipality's objects. */
    struct spec {
        const char *tg, *service;
        int mi, places;
        bool cancelled;
    } spec[MAX_OBJECTS];
    int n = 0, rr = 0;
    bool aiz_day_care = false, aiz_rehab = false;
    const char *tg;
    json_t *services;
    json_object_foreach(infra, tg, services)
    {
        const char *service;
        json_t *v;
        json_object_foreach(services, service, v)
        {
            int count = (int)demo_int(json_object_get(v, "objects"));
            json_t *pj = json_object_get(v, "places");
            int places = json_is_null(pj) ? -1 : (int)demo_int(pj);
            /* Aizkraukle's council stopped its ERDF project on 21.10.2021: its
             * day care centre and rehabilitation room stay in the plan,
             * cancelled, without places. */
            bool aiz = (strcmp(service, "day_care") == 0 && strcmp(tg, "grt") == 0 && !aiz_day_care) ||
                       (strcmp(service, "social_rehab") == 0 && !aiz_rehab);
            int with_places = count - (aiz && places >= 0 ? 1 : 0);
            int given = 0;
            for (int j = 0; j < count && n < MAX_OBJECTS; j++) {
                struct spec *s = &spec[n++];
                s->tg = tg;
                s->service = service;
                if (aiz && j == 0) {
                    s->mi = AIZKRAUKLE;
                    s->places = -1;
                    s->cancelled = true;
                    if (strcmp(service, "day_care") == 0)
                        aiz_day_care = true;
                    else
                        aiz_rehab = true;
                    continue;
                }
                s->mi = rr % (DEMO_MUNIS - 1);
                s->mi += s->mi >= AIZKRAUKLE ? 1 : 0;
                rr++;
                s->cancelled = false;
                if (places < 0) {
                    s->places = -1;
                } else {
                    int k = given++;
                    s->places = places / with_places + (k < places % with_places ? 1 : 0);
                }
            }
        }
    }
    int per_mi[DEMO_MUNIS] = {0}, seen[DEMO_MUNIS] = {0};
    for (int i = 0; i < n; i++)
        per_mi[spec[i].mi]++;
    kp_rc rc = KP_OK;
    for (int i = 0; i < n && !rc; i++) {
        struct spec *s = &spec[i];
        char name[200], places[16] = "", erdf[32] = "0.00";
        snprintf(name, sizeof name, "%s (%s) Nr. %d", ref_key_name(s->service), s->tg, i + 1);
        /* Created with two places fewer where an amendment adds them later. */
        if (s->places >= 0)
            snprintf(places, sizeof places, "%d", s->places - (i % 10 == 1 && s->places >= 2 ? 2 : 0));
        if (erdf_share(d, s->mi, per_mi[s->mi], seen[s->mi]++, erdf))
            return KP_EINVAL;
        kp_plan_object_in in = {.region = region, .municipality = demo_atvk(d, s->mi, "2017-05-31", i), .name = name, .target_group = s->tg,
                                .service = s->service, .places = places, .erdf = erdf, .status = "planned",
                                .added_on = "2017-05-31"};
        obj[i].mi = s->mi;
        obj[i].places = s->places;
        obj[i].cancelled = s->cancelled;
        rc = demo_check(d, kp_plan_object_add(d->ctx, &in, d->e, &obj[i].id), "DI plan object");
    }
    *nobj = n;
    return rc;
}

static const char *const REASONS[] = {
    "Precizēti dienas aprūpes centru adreses un vietu skaits pēc pašvaldību priekšlikumiem",
    "Grupu dzīvokļu izveide pārcelta uz citām ēkām; precizēts finansējums",
    "Papildināts ar sociālās rehabilitācijas infrastruktūru bērniem ar FT",
    "Pabeigti būvdarbi: objekti nodoti ekspluatācijā",
    "Precizēts vietu skaits pēc iepirkumu rezultātiem",
    "Objekti reģistrēti sociālo pakalpojumu sniedzēju reģistrā",
    "Precizēti termiņi pēc Covid-19 ierobežojumiem",
    "Aizkraukles novada dome 21.10.2021. pārtrauca ERAF projekta īstenošanu",
};

static kp_rc change(demo *d, int64_t amendment, int64_t object, const char *field, const char *value)
{
    char aid[24], oid[24];
    snprintf(aid, sizeof aid, "%lld", (long long)amendment);
    snprintf(oid, sizeof oid, "%lld", (long long)object);
    kp_object_change_in in = {.amendment_id = aid, .object_id = oid, .field = field, .new_value = value};
    return demo_check(d, kp_plan_object_change(d->ctx, &in, d->e, NULL), "DI plan change");
}

static kp_rc amendments(demo *d, const plan_obj *obj, int nobj)
{
    int count = (int)demo_int(json_object_get(d->ref, "di_plan_amendments_to_date"));
    const char *region = json_string_value(json_object_get(json_object_get(d->ref, "region"), "code"));
    static const char *const DATES[] = {"2018-03-27", "2018-10-30", "2019-04-23", "2019-11-26",
                                        "2020-06-30", "2020-12-15", "2021-05-25", "2021-11-30"};
    kp_rc rc = KP_OK;
    for (int a = 1; a <= count && !rc; a++) {
        char num[16];
        snprintf(num, sizeof num, "%d", a);
        kp_amendment_in in = {.region = region, .number = num, .approved_on = DATES[(a - 1) % 8],
                              .reason = REASONS[(a - 1) % 8]};
        int64_t amendment = 0;
        rc = demo_check(d, kp_amendment_add(d->ctx, &in, d->e, &amendment), "DI plan amendment");
        for (int k = 0; k < nobj && !rc; k++) {
            const plan_obj *o = &obj[k];
            if (o->cancelled) {
                if (a == 2)
                    rc = change(d, amendment, o->id, "status", "building");
                else if (a == count)
                    rc = change(d, amendment, o->id, "status", "cancelled");
                continue;
            }
            if (a == 1 + k % 3)
                rc = change(d, amendment, o->id, "status", "building");
            if (!rc && k % 5 != 0 && a == 4 + k % 4)
                rc = change(d, amendment, o->id, "status", "operating");
            if (!rc && a == 5 && k % 10 == 1 && o->places >= 2) {
                char p[16];
                snprintf(p, sizeof p, "%d", o->places);
                rc = change(d, amendment, o->id, "places", p);
            }
        }
    }
    return rc;
}

static kp_rc cooperation(demo *d)
{
    static const struct {
        int mi, partner;
        const char *service, *tg, *kind, *places;
    } ROWS[] = {
        {0, 4, "day_care", "ft", "planned", "7"},        {4, 0, "day_care", "grt", "existing", "5"},
        {1, 5, "respite", "ft", "planned", "2"},         {3, 4, "workshop", "grt", "existing", "3"},
        {2, 0, "social_rehab", "ft", "existing", ""},   {5, 1, "group_home", "grt", "planned", "4"},
    };
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < sizeof ROWS / sizeof ROWS[0] && !rc; i++) {
        kp_cooperation_in in = {.municipality = d->m[ROWS[i].mi].atvk, .partner = d->m[ROWS[i].partner].atvk,
                                .service = ROWS[i].service, .target_group = ROWS[i].tg, .kind = ROWS[i].kind,
                                .places = ROWS[i].places};
        rc = demo_check(d, kp_cooperation_add(d->ctx, &in, d->e, NULL), "cooperation");
    }
    return rc;
}

kp_rc demo_build_di_plan(demo *d)
{
    plan_obj obj[MAX_OBJECTS];
    int n = 0;
    kp_rc rc = objects(d, obj, &n);
    if (!rc)
        rc = amendments(d, obj, n);
    if (!rc)
        rc = cooperation(d);
    return rc;
}

/* Latvian names of the indicators and which computation gives each; those
 * without a computation are entered per year by people. */
static const struct {
    const char *key, *name_lv, *computation;
} INDICATORS[] = {
    {"grt_assessed", "Pieaugušo personu ar GRT skaits, kurām ar ESF atbalstu veikts individuālo vajadzību izvērtējums", "grt_assessed"},
    {"bsac_assessed", "Bērnu aprūpes iestādēs esošo bērnu skaits, kuriem veikts individuālo vajadzību izvērtējums", "bsac_assessed"},
    {"grt_receiving_esf_services", "Personu ar GRT skaits, kuras saņem ESF atbalstītus sociālās aprūpes pakalpojumus dzīvesvietā", "grt_receiving_esf_services"},
    {"ft_receiving_esf_services", "Bērnu ar FT skaits, kuri saņem ESF atbalstītus sociālos pakalpojumus", "ft_receiving_esf_services"},
    {"grt_started_independent_life", "Personu ar GRT skaits, kas uzsāk patstāvīgu dzīvi ārpus institūcijas", "grt_started_independent_life"},
    {"community_service_providers", "Sabiedrībā balstītu sociālo pakalpojumu sniedzēju skaits", "community_service_providers"},
    {"day_care_centres_grt", "Reģionā esošo DAC skaits personām ar GRT", "day_care_centres_grt"},
    {"day_care_centres_ft", "Reģionā esošo DAC skaits bērniem ar FT", "day_care_centres_ft"},
    {"group_homes", "Grupu dzīvokļu skaits", "group_homes"},
    {"specialised_workshops", "Specializēto darbnīcu skaits", "specialised_workshops"},
    {"respite_providers", "Atelpas brīža pakalpojumu sniedzēju skaits", "respite_providers"},
    {"social_rehab_providers", "Sociālās rehabilitācijas pakalpojumu sniedzēju skaits", "social_rehab_providers"},
    {"family_like_care_providers", "Ģimeniskai videi pietuvinātu pakalpojumu sniedzēju skaits", "family_like_care_providers"},
    {"grt_persons_received_esf_services", "Personu ar GRT skaits, kas saņēmušas ESF apmaksātus sabiedrībā balstītus sociālos pakalpojumus", "grt_receiving_esf_services"},
    {"ft_children_received_esf_services", "Bērnu ar FT skaits, kas saņēmuši ESF apmaksātus sabiedrībā balstītus sociālos pakalpojumus", "ft_receiving_esf_services"},
    {"social_work_specialists", "Sociālā darba speciālistu skaits pašvaldībās kopā", NULL},
    {"specialists_with_raised_qualification", "Sociālā darba speciālistu skaits, kam ir paaugstināta kvalifikācija", NULL},
    {"specialists_received_supervision", "Sociālā darba speciālistu skaits, kas ir saņēmuši supervīziju", NULL},
};

static int indicator_index(const char *key)
{
    for (size_t i = 0; i < sizeof INDICATORS / sizeof INDICATORS[0]; i++)
        if (strcmp(INDICATORS[i].key, key) == 0)
            return (int)i;
    return -1;
}

static kp_rc indicator(demo *d, const char *key, const char *kind, const char *name_en, int baseline_year,
                       int64_t baseline, int target_year, int64_t target, int sort, int64_t *id)
{
    int i = indicator_index(key);
    if (i < 0) {
        kp_errors_add(d->e, "key", key, "demo: no definition for this indicator");
        return KP_EINVAL;
    }
    const char *region = json_string_value(json_object_get(json_object_get(d->ref, "region"), "code"));
    char by[16] = "", b[24] = "", ty[16] = "", t[24], s[16];
    if (baseline_year) {
        snprintf(by, sizeof by, "%d", baseline_year);
        snprintf(b, sizeof b, "%lld", (long long)baseline);
    }
    if (target_year)
        snprintf(ty, sizeof ty, "%d", target_year);
    snprintf(t, sizeof t, "%lld", (long long)target);
    snprintf(s, sizeof s, "%d", sort);
    kp_indicator_in in = {.region = region, .key = key, .kind = kind, .name_lv = INDICATORS[i].name_lv,
                          .name_en = name_en, .source = INDICATORS[i].computation ? "computed" : "entered",
                          .computation = INDICATORS[i].computation,
                          .entered_by_role = INDICATORS[i].computation ? NULL : "municipal_head",
                          .baseline_year = by, .baseline = b, .target_year = ty, .target = t, .sort = s};
    return demo_check(d, kp_indicator_add(d->ctx, &in, d->e, id), "indicator");
}

static kp_rc entered_value(demo *d, int64_t indicator_id, int year, int64_t value)
{
    char iid[24], y[16], v[24], on[16];
    snprintf(iid, sizeof iid, "%lld", (long long)indicator_id);
    snprintf(y, sizeof y, "%d", year);
    snprintf(v, sizeof v, "%lld", (long long)value);
    snprintf(on, sizeof on, "%04d-01-31", (year + 1) % 10000);
    kp_indicator_value_in in = {.indicator_id = iid, .period_year = y, .value = v,
                                .entered_by = "Zemgales plānošanas reģiona sociālo pakalpojumu aptauja", .entered_on = on};
    return demo_check(d, kp_indicator_value_add(d->ctx, &in, d->e, NULL), "indicator value");
}

kp_rc demo_build_indicators(demo *d)
{
    kp_rc rc = KP_OK;
    int sort = 0;
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(d->ref, "output_indicators"), i, o)
    {
        const char *key = json_string_value(json_object_get(o, "key"));
        const char *kind = strcmp(key, "grt_started_independent_life") == 0 ? "result" : "output";
        rc = indicator(d, key, kind, json_string_value(json_object_get(o, "name")), 0, 0, 0,
                       demo_int(json_object_get(o, "target")), ++sort, NULL);
        if (rc)
            return rc;
    }
    const char *key;
    json_t *row;
    json_object_foreach(json_object_get(d->ref, "indicator_table"), key, row)
    {
        if (strcmp(key, "_columns") == 0)
            continue;
        int64_t id = 0;
        char name_en[128];
        snprintf(name_en, sizeof name_en, "%s", key);
        for (char *p = name_en; *p; p++)
            if (*p == '_')
                *p = ' ';
        rc = indicator(d, key, "di_plan", name_en, (int)demo_int(json_array_get(row, 0)),
                       demo_int(json_array_get(row, 1)), 2020, demo_int(json_array_get(row, 2)), ++sort, &id);
        int idx = indicator_index(key);
        if (!rc && idx >= 0 && !INDICATORS[idx].computation) {
            rc = entered_value(d, id, 2019, demo_int(json_array_get(row, 3)));
            if (!rc)
                rc = entered_value(d, id, 2021, demo_int(json_array_get(row, 4)));
        }
        if (rc)
            return rc;
    }
    return rc;
}
