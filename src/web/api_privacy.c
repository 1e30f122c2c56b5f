/* JSON API of the data-protection rights (the same use cases as
 * page_client_privacy.c and page_privacy_record.c; docs/openapi.yaml): a
 * client's restriction and legal bases, restricting and lifting, recording
 * a legal basis, the subject access export, the processing purposes. */
#include "web/pages.h"
#include "service/privacy/privacy.h"
#include <string.h>

static json_t *str_or_null(const char *s)
{
    return s && s[0] ? json_string(s) : json_null();
}

static int config(kp_privacy_config *cfg)
{
    kp_errors ce;
    kp_errors_init(&ce);
    kp_rc rc = kp_privacy_config_load(NULL, cfg, &ce);
    kp_errors_free(&ce);
    return rc ? 500 : 0;
}

int api_client_privacy(kp_req *r)
{
    kp_restriction x;
    kp_bases b;
    kp_rc rc = kp_privacy_restriction(&r->ctx, r->path_id, &x);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    rc = kp_privacy_bases(&r->ctx, r->path_id, &b);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object(), *restr = json_object(), *a = json_array();
    json_object_set_new(restr, "active", json_boolean(x.active));
    if (x.active) {
        json_object_set_new(restr, "reason", json_string(x.reason));
        json_object_set_new(restr, "restricted_at", json_string(x.at));
        json_object_set_new(restr, "restricted_by", json_string(x.by));
    }
    for (size_t i = 0; i < b.n; i++) {
        const kp_basis *y = &b.items[i];
        json_t *e = json_object();
        json_object_set_new(e, "id", json_integer(y->id));
        json_object_set_new(e, "purpose", json_string(y->purpose));
        json_object_set_new(e, "art6", json_string(y->art6));
        json_object_set_new(e, "art9", str_or_null(y->art9));
        json_object_set_new(e, "consent_given_on", str_or_null(y->consent_given_on));
        json_object_set_new(e, "consent_withdrawn_on", str_or_null(y->consent_withdrawn_on));
        json_object_set_new(e, "note", json_string(y->note));
        json_object_set_new(e, "recorded_by", json_string(y->recorded_by));
        json_object_set_new(e, "recorded_at", json_string(y->recorded_at));
        json_array_append_new(a, e);
    }
    kp_bases_free(&b);
    json_object_set_new(o, "restriction", restr);
    json_object_set_new(o, "legal_bases", a);
    return kp_json(r, 200, o);
}

static int done(kp_req *r, kp_rc rc, int status)
{
    if (rc == KP_EINVAL || rc == KP_ECONFLICT)
        return kp_json_error(r, rc == KP_EINVAL ? 400 : 409,
                             r->errors.n ? r->errors.items[0].message : KP_S(r, S_FIELD_ERRORS));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return api_client_privacy(r) == 200 ? status : 500;
}

int api_client_restrict(kp_req *r)
{
    return done(r, kp_privacy_restrict(&r->ctx, r->path_id, kp_in(r, "reason"), &r->errors), 201);
}

int api_client_lift(kp_req *r)
{
    return done(r, kp_privacy_lift(&r->ctx, r->path_id, kp_in(r, "reason"), &r->errors), 200);
}

int api_client_basis(kp_req *r)
{
    kp_privacy_config cfg;
    if (config(&cfg))
        return kp_error(r, 500);
    kp_basis_in in = {.purpose = kp_in(r, "purpose"),
                      .art6 = kp_in(r, "art6"),
                      .art9 = kp_in(r, "art9"),
                      .consent_given_on = kp_in(r, "consent_given_on"),
                      .consent_withdrawn_on = kp_in(r, "consent_withdrawn_on"),
                      .note = kp_in(r, "note")};
    kp_rc rc = kp_privacy_basis_set(&r->ctx, &cfg, r->path_id, &in, &r->errors, NULL);
    kp_privacy_config_free(&cfg);
    return done(r, rc, 201);
}

int api_client_export(kp_req *r)
{
    json_t *doc = NULL;
    kp_rc rc = kp_subject_export(&r->ctx, r->path_id, "json", &doc);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_json(r, 200, doc);
}

int api_privacy_purposes(kp_req *r)
{
    kp_privacy_config cfg;
    if (config(&cfg))
        return kp_error(r, 500);
    json_t *o = json_object(), *p = json_array(), *rules = json_array();
    for (size_t i = 0; i < cfg.npurposes; i++) {
        const kp_purpose *x = &cfg.purposes[i];
        json_t *e = json_object();
        json_object_set_new(e, "code", json_string(x->code));
        json_object_set_new(e, "name_lv", json_string(x->name_lv));
        json_object_set_new(e, "name_en", json_string(x->name_en));
        json_object_set_new(e, "art6", json_string(x->art6));
        json_object_set_new(e, "art9", str_or_null(x->art9));
        json_object_set_new(e, "law", json_string(x->law));
        json_object_set_new(e, "categories_lv", json_string(x->categories_lv));
        json_object_set_new(e, "categories_en", json_string(x->categories_en));
        json_object_set_new(e, "recipients_lv", json_string(x->recipients_lv));
        json_object_set_new(e, "recipients_en", json_string(x->recipients_en));
        json_object_set_new(e, "retention", json_string(x->retention));
        json_object_set_new(e, "consent", json_boolean(x->consent));
        json_array_append_new(p, e);
    }
    for (size_t i = 0; i < cfg.nrules; i++) {
        const kp_retention_rule *x = &cfg.rules[i];
        json_t *e = json_object();
        json_object_set_new(e, "rule", json_string(x->rule));
        json_object_set_new(e, "action", json_string(x->action));
        json_object_set_new(e, "years", json_integer(x->years));
        json_object_set_new(e, "what_lv", json_string(x->what_lv));
        json_object_set_new(e, "what_en", json_string(x->what_en));
        json_array_append_new(rules, e);
    }
    kp_privacy_config_free(&cfg);
    json_object_set_new(o, "purposes", p);
    json_object_set_new(o, "retention", rules);
    return kp_json(r, 200, o);
}
