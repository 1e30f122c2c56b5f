/* The public catalogue as JSON, without logging in:
 * GET /api/v1/public/services?municipality=&service=&target_group=&lang=
 * (docs/openapi.yaml, PublicCatalogue). Strong ETag from the data version,
 * cacheable for a minute, rate-limited per address. No personal data. */
#include "web/pages.h"
#include "web/public_common.h"
#include <string.h>

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *groups_json(const char *groups)
{
    json_t *a = json_array();
    for (const char *p = groups; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        json_array_append_new(a, json_stringn(p, len));
        p = bar ? bar + 1 : NULL;
    }
    return a;
}

static json_t *muni_json(kp_req *r, const kp_pub_muni *m)
{
    json_t *o = json_object();
    json_object_set_new(o, "atvk", json_string(m->atvk));
    json_object_set_new(o, "name", json_string(m->name));
    json_object_set_new(o, "region", str_or_null(m->region));
    json_object_set_new(o, "services", json_integer((json_int_t)m->entries));
    if (m->has_office) {
        json_t *s = json_object();
        json_object_set_new(s, "name", json_string(m->office));
        json_object_set_new(s, "address", str_or_null(m->address));
        json_object_set_new(s, "phone", str_or_null(m->phone));
        json_object_set_new(s, "email", str_or_null(m->email));
        json_object_set_new(s, "opening_hours", str_or_null(m->opening_hours));
        json_object_set_new(s, "website", str_or_null(m->website));
        json_object_set_new(o, "social_service", s);
    } else {
        json_object_set_new(o, "social_service", json_null());
    }
    json_t *a = json_object();
    json_object_set_new(a, "text", json_string(kp_public_how_to_apply(r, m)));
    json_object_set_new(a, "url", str_or_null(m->apply_url));
    json_object_set_new(a, "page", json_string(kp_arena_printf(&r->arena, "%s?municipality=%s#apply-%s",
                                                               strcmp(r->lang, "en") == 0 ? "/en/services"
                                                                                           : "/pakalpojumi",
                                                               m->atvk, m->atvk)));
    json_object_set_new(o, "how_to_apply", a);
    return o;
}

static json_t *service_json(kp_req *r, const kp_pub_service *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "code", json_string(s->code));
    json_object_set_new(o, "parent", str_or_null(s->parent));
    json_object_set_new(o, "name", json_string(s->name));
    json_object_set_new(o, "about", json_string(kp_public_about(r, s->parent[0] ? s->parent : s->code)));
    json_object_set_new(o, "unit", json_string(s->unit));
    json_object_set_new(o, "target_groups", groups_json(s->groups));
    json_t *rules = json_array();
    for (size_t i = 0; i < s->nrules; i++) {
        const kp_pub_rule *u = &s->rules[i];
        json_t *x = json_object();
        json_object_set_new(x, "kind", json_string(u->kind));
        json_object_set_new(x, "limit", json_integer(u->limit));
        json_object_set_new(x, "unit", json_string(u->unit));
        json_object_set_new(x, "target_group", str_or_null(u->target_group));
        json_object_set_new(x, "region", str_or_null(u->region));
        json_object_set_new(x, "age_min", u->age_min >= 0 ? json_integer(u->age_min) : json_null());
        json_object_set_new(x, "age_max", u->age_max >= 0 ? json_integer(u->age_max) : json_null());
        json_object_set_new(x, "parents_working", u->parents_working < 0 ? json_null() : json_boolean(u->parents_working));
        json_object_set_new(x, "text", json_string(kp_public_rule(r, u)));
        json_object_set_new(x, "source", json_string(u->source));
        json_array_append_new(rules, x);
    }
    json_object_set_new(o, "rules", rules);
    return o;
}

static json_t *entry_json(kp_req *r, const kp_pub_catalogue *c, const kp_pub_entry *e)
{
    const char *atvk = "";
    for (size_t i = 0; i < c->nmunis; i++)
        if (c->munis[i].id == e->municipality_id)
            atvk = c->munis[i].atvk;
    json_t *o = json_object();
    json_object_set_new(o, "municipality", json_string(atvk));
    json_object_set_new(o, "service", json_string(e->service));
    json_object_set_new(o, "target_groups", groups_json(e->groups));
    json_t *p = json_object();
    json_object_set_new(p, "id", json_integer(e->provider_id));
    json_object_set_new(p, "name", json_string(e->provider));
    json_object_set_new(p, "website", str_or_null(e->website));
    json_object_set_new(o, "provider", p);
    json_t *f = json_object();
    json_object_set_new(f, "id", json_integer(e->facility_id));
    json_object_set_new(f, "name", json_string(e->facility));
    json_object_set_new(f, "address", json_string(e->address));
    json_object_set_new(f, "opening_hours", str_or_null(e->opening_hours));
    json_object_set_new(f, "phone", str_or_null(e->phone));
    json_object_set_new(f, "email", str_or_null(e->email));
    json_object_set_new(o, "facility", f);
    json_object_set_new(o, "published", json_boolean(e->published));
    json_object_set_new(o, "places", e->places >= 0 ? json_integer(e->places) : json_null());
    json_object_set_new(o, "free_places", e->free_places >= 0 ? json_integer(e->free_places) : json_null());
    json_object_set_new(o, "shared", json_boolean(e->shared));
    json_object_set_new(o, "availability", json_string(e->availability));
    json_object_set_new(o, "availability_text", json_string(kp_public_availability(r, e->availability)));
    return o;
}

int api_public_services(kp_req *r)
{
    const char *lang = kp_in(r, "lang");
    if (lang && *lang && strcmp(lang, "lv") != 0 && strcmp(lang, "en") != 0) {
        kp_errors_add(&r->errors, "lang", lang, "%s", "lv | en");
        return kp_json_error(r, 400, "lang: lv | en");
    }
    r->lang = lang && strcmp(lang, "en") == 0 ? "en" : "lv";
    r->ctx.lang = r->lang;
    int gate = kp_public_gate(r);
    if (gate)
        return gate;
    int st = 0;
    if (kp_public_etag(r, "json", "public, max-age=60", &st))
        return 304;
    if (st)
        return st;
    kp_pub_filter f = kp_public_filter(r);
    void *coll = kp_collator_open();
    kp_pub_catalogue c;
    kp_rc rc = kp_public_catalogue(&r->ctx, &f, kp_collate_lv, coll, &r->errors, &c);
    kp_collator_close(coll);
    if (rc == KP_ENOTFOUND || rc == KP_EINVAL) {
        /* kp_error would drop the message of a 404: this one names only a
         * code the caller sent, nothing held. */
        const char *msg = r->errors.n ? kp_arena_printf(&r->arena, "%s: %s", r->errors.items[0].field,
                                                        r->errors.items[0].message)
                                      : KP_S(r, S_ERR_404);
        kp_public_no_store(r);
        return kp_json_error(r, rc == KP_ENOTFOUND ? 404 : 400, msg);
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "date", json_string(c.on));
    json_object_set_new(o, "data_version", json_integer(c.version));
    json_object_set_new(o, "lang", json_string(r->lang));
    json_t *ms = json_array();
    for (size_t i = 0; i < c.nmunis; i++)
        json_array_append_new(ms, muni_json(r, &c.munis[i]));
    json_object_set_new(o, "municipalities", ms);
    json_t *ss = json_array();
    for (size_t i = 0; i < c.nservices; i++)
        json_array_append_new(ss, service_json(r, &c.services[i]));
    json_object_set_new(o, "services", ss);
    json_t *es = json_array();
    for (size_t i = 0; i < c.n; i++)
        json_array_append_new(es, entry_json(r, &c, &c.entries[i]));
    json_object_set_new(o, "entries", es);
    kp_pub_catalogue_free(&c);
    return kp_json(r, 200, o);
}
