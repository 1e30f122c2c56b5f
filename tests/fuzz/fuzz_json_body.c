/* Fuzz target: JSON request bodies (kp_parse_json_body in src/web/router.c,
 * on jansson). The first byte picks the language and the route: one here
 * that declares an input of each kind, or one of the real table's JSON
 * routes; the rest is the body.
 *
 * Whatever the bytes: a value that reaches a handler is what its
 * declaration allows; an accepted body has no undeclared key; a refusal
 * says why, with field names in valid UTF-8 (the API answers with them as
 * JSON keys); an accepted body, written back as a JSON object of its values,
 * is accepted again with the same values. */
#include "fuzz_web.h"

static const kp_input IN[] = {
    {"name", KP_IN_TEXT, KP_IN_BODY, 10},        {"n", KP_IN_INT, KP_IN_BODY, 0},
    {"d", KP_IN_DATE, KP_IN_BODY, 10},           {"personal_code", KP_IN_SECRET, KP_IN_BODY, 20},
    {"q", KP_IN_TEXT, KP_IN_QUERY, 0},           {"note", KP_IN_TEXT, KP_IN_BODY, 2000},
    {"vārds", KP_IN_TEXT, KP_IN_BODY, 0},        {NULL, 0, 0, 0},
};

static int handler(kp_req *r)
{
    (void)r;
    return 500;
}
static const kp_route RT = KP_ROUTE("POST", "/api/v1/fuzz", handler,
                                    KP_R_NEEDS_LOGIN | KP_R_STATE_CHANGING | KP_R_API | KP_R_JSON_BODY, KP_RM_ANY, IN,
                                    NULL);

static const kp_route *routes[64];
static size_t nroutes;

static const kp_route *pick(unsigned k)
{
    if (!nroutes) {
        routes[nroutes++] = &RT;
        nroutes += fuzz_routes_with(KP_R_JSON_BODY, 0, "POST", routes + nroutes, 60);
    }
    return routes[k % nroutes];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *lang = (data[0] & 1) ? "en" : "lv";
    const kp_route *rt = pick(data[0] >> 1);
    const kp_input *in = rt->inputs;
    kp_req r;
    fuzz_req_init(&r, rt, lang);
    kp_rc rc = kp_parse_json_body(&r, (const char *)data + 1, size - 1);
    fuzz_check_errors(&r, rc);
    fuzz_check_values(&r, KP_IN_BODY);

    if (rc == KP_OK) {
        json_t *body = json_loadb((const char *)data + 1, size - 1, 0, NULL);
        FUZZ_CHECK(json_is_object(body));
        const char *key;
        json_t *v;
        json_object_foreach(body, key, v)
        {
            size_t i = 0;
            while (in[i].name && !(strcmp(in[i].name, key) == 0 && (in[i].where & KP_IN_BODY)))
                i++;
            FUZZ_CHECK(in[i].name != NULL);
        }
        json_decref(body);

        json_t *o = json_object();
        for (size_t i = 0; in[i].name; i++)
            if (r.values[i])
                FUZZ_CHECK(json_object_set_new(o, in[i].name, json_string(r.values[i])) == 0);
        char *text = json_dumps(o, JSON_COMPACT);
        FUZZ_CHECK(text != NULL);
        kp_req again;
        fuzz_req_init(&again, rt, lang);
        FUZZ_CHECK(kp_parse_json_body(&again, text, strlen(text)) == KP_OK);
        for (size_t i = 0; in[i].name; i++)
            FUZZ_CHECK(strcmp(r.values[i] ? r.values[i] : "", again.values[i] ? again.values[i] : "") == 0);
        fuzz_req_free(&again);
        free(text);
        json_decref(o);
    }
    fuzz_req_free(&r);
    return 0;
}
