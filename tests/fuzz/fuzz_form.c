/* Fuzz target: URL and form decoding (kp_parse_urlencoded, the URL decoder
 * and kp_urlencoded_value / kp_urlencoded_put in src/web/router.c), over a
 * route that declares one input of each kind. The first byte picks query or
 * body and the language; the rest is the query string or body.
 *
 * Whatever the bytes, a value that reaches a handler is what its
 * declaration allows (UTF-8, no control characters but tab and line breaks,
 * no NUL, within its length, a whole number or a date where declared); a
 * refusal says why; and the values, written back with
 * kp_urlencoded_put, decode to the same values. */
#include "fuzz_web.h"
#include "core/date.h"

static const kp_input IN[] = {
    {"name", KP_IN_TEXT, KP_IN_BODY, 10},      {"n", KP_IN_INT, KP_IN_BODY | KP_IN_QUERY, 0},
    {"d", KP_IN_DATE, KP_IN_BODY | KP_IN_QUERY, 10}, {"pc", KP_IN_SECRET, KP_IN_BODY, 20},
    {"q", KP_IN_TEXT, KP_IN_QUERY, 0},         {"note", KP_IN_TEXT, KP_IN_BODY | KP_IN_QUERY, 2000},
    {"ā", KP_IN_TEXT, KP_IN_BODY | KP_IN_QUERY, 0}, {NULL, 0, 0, 0},
};
static int handler(kp_req *r)
{
    (void)r;
    return 500;
}
static const kp_route RT = KP_ROUTE("POST", "/fuzz", handler, KP_R_NEEDS_LOGIN | KP_R_STATE_CHANGING, KP_RM_ANY,
                                    IN, NULL);

/* The synthetic route, then every route of the table that declares inputs. */
static const kp_route *routes[128];
static size_t nroutes;

static const kp_route *pick(unsigned k)
{
    if (!nroutes) {
        routes[nroutes++] = &RT;
        nroutes += fuzz_routes_with(0, 0, "POST", routes + nroutes, 60);
        nroutes += fuzz_routes_with(0, 0, "GET", routes + nroutes, 60);
    }
    return routes[k % nroutes];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned where = (data[0] & 1) ? KP_IN_QUERY : KP_IN_BODY;
    const char *lang = (data[0] & 2) ? "en" : "lv";
    const char *body = (const char *)data + 1;
    size_t len = size - 1;

    const kp_route *rt = pick(data[0] >> 2);
    const kp_input *in = rt->inputs;
    kp_req r;
    fuzz_req_init(&r, rt, lang);
    const char *csrf = NULL;
    kp_rc rc = kp_parse_urlencoded(&r, where, body, len, &csrf);
    fuzz_check_errors(&r, rc);
    fuzz_check_values(&r, where);
    if (csrf)
        FUZZ_CHECK(kp_utf8_valid(csrf, strlen(csrf)));

    /* kp_urlencoded_value (drafts) reads the same text the same way: where it
     * finds a declared body field by its plain name, it is the parsed value. */
    char *text = kp_arena_strndup(&r.arena, body, len);
    if (rc == KP_OK && where == KP_IN_BODY) {
        for (size_t i = 0; in[i].name; i++) {
            const char *v = kp_urlencoded_value(&r, text, in[i].name);
            if (v && (in[i].where & KP_IN_BODY) && strlen(text) == len) {
                /* A date as typed (31.12.2021.) is kept as ISO. */
                kp_date d;
                char iso[11];
                if (in[i].kind == KP_IN_DATE && *v && kp_date_parse_input(v, &d) == KP_OK) {
                    kp_date_format_iso(d, iso);
                    v = iso;
                }
                FUZZ_CHECK(r.values[i] && strcmp(v, r.values[i]) == 0);
            }
        }
    }

    if (rc == KP_OK) {
        /* Written back, the values decode to the same values. */
        kp_html b;
        kp_html_init(&b);
        for (size_t i = 0; in[i].name; i++)
            kp_urlencoded_put(&b, in[i].name, r.values[i]);
        kp_urlencoded_put(&b, "csrf", csrf);
        FUZZ_CHECK(!b.overflow);
        const char *enc = kp_html_str(&b);
        kp_req again;
        fuzz_req_init(&again, rt, lang);
        const char *csrf2 = NULL;
        FUZZ_CHECK(kp_parse_urlencoded(&again, where, enc, strlen(enc), &csrf2) == KP_OK);
        for (size_t i = 0; in[i].name; i++) {
            const char *a = r.values[i] ? r.values[i] : "", *c = again.values[i] ? again.values[i] : "";
            FUZZ_CHECK(strcmp(a, c) == 0);
            if (*a && strspn(in[i].name, "abcdefghijklmnopqrstuvwxyz_") == strlen(in[i].name)) {
                const char *found = kp_urlencoded_value(&again, enc, in[i].name);
                FUZZ_CHECK(found && strcmp(found, a) == 0);
            }
        }
        FUZZ_CHECK(strcmp(csrf ? csrf : "", csrf2 ? csrf2 : "") == 0);
        fuzz_req_free(&again);
        kp_html_free(&b);
    }
    fuzz_req_free(&r);
    return 0;
}
