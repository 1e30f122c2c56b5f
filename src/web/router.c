/* Route matching, the route table check and declared inputs (see router.h). */
#include "web/router.h"
#include "core/buf.h"
#include "core/date.h"
#include "service/validate.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool segment_name_ok(const char *s, size_t n)
{
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-'))
            return false;
    }
    return !(n <= 2 && s[0] == '.'); /* no "." or ".." */
}

static bool parse_id(const char *s, size_t n, int64_t *out)
{
    if (n == 0 || n > 15 || s[0] == '0')
        return false;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* Does `path` fit `pattern`? Fills id/name when it does. */
static bool pattern_fits(const char *pattern, const char *path, int64_t *id, const char **name, size_t *name_len,
                         const char **code, size_t *code_len)
{
    const char *p = pattern, *q = path;
    while (*p && *q) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (!close)
                return false;
            size_t seg = strcspn(q, "/");
            if (strncmp(p, "{id}", 4) == 0) {
                if (!parse_id(q, seg, id))
                    return false;
            } else if (strncmp(p, "{name}", 6) == 0) {
                if (!segment_name_ok(q, seg))
                    return false;
                *name = q;
                *name_len = seg;
            } else if (strncmp(p, "{code}", 6) == 0) {
                if (seg > 16 || !segment_name_ok(q, seg))
                    return false;
                *code = q;
                *code_len = seg;
            } else {
                return false;
            }
            p = close + 1;
            q += seg;
            continue;
        }
        if (*p != *q)
            return false;
        p++;
        q++;
    }
    return *p == '\0' && *q == '\0';
}

kp_match kp_route_find(const kp_route *routes, size_t n, const char *method, const char *path, kp_req *r,
                       const kp_route **route)
{
    kp_match best = KP_MATCH_NONE;
    *route = NULL;
    if (!path || !method)
        return KP_MATCH_NONE;
    for (size_t i = 0; i < n; i++) {
        int64_t id = 0;
        const char *name = NULL, *code = NULL;
        size_t name_len = 0, code_len = 0;
        if (!pattern_fits(routes[i].pattern, path, &id, &name, &name_len, &code, &code_len))
            continue;
        if (strcmp(routes[i].method, method) != 0) {
            best = KP_MATCH_METHOD;
            continue;
        }
        *route = &routes[i];
        if (r) {
            r->path_id = id;
            r->path_name = name ? kp_arena_strndup(&r->arena, name, name_len) : NULL;
            r->path_code = code ? kp_arena_strndup(&r->arena, code, code_len) : NULL;
        }
        return KP_MATCH_OK;
    }
    return best;
}

const char *kp_route_allow(const kp_route *routes, size_t n, const char *path, kp_arena *a)
{
    kp_buf b;
    kp_buf_init(&b, 256);
    bool get = false;
    for (int pass = 0; pass < 2; pass++) {
        /* GET (and HEAD) first, then the others in table order. */
        for (size_t i = 0; path && i < n; i++) {
            int64_t id = 0;
            const char *name = NULL, *code = NULL;
            size_t name_len = 0, code_len = 0;
            if (!pattern_fits(routes[i].pattern, path, &id, &name, &name_len, &code, &code_len))
                continue;
            bool is_get = strcmp(routes[i].method, "GET") == 0;
            if (pass == 0 && is_get && !get) {
                get = true;
                kp_buf_puts(&b, "GET, HEAD");
            } else if (pass == 1 && !is_get) {
                bool seen = false;
                for (size_t j = 0; j < i && !seen; j++)
                    seen = strcmp(routes[j].method, routes[i].method) == 0 &&
                           pattern_fits(routes[j].pattern, path, &id, &name, &name_len, &code, &code_len);
                if (!seen) {
                    if (b.len)
                        kp_buf_puts(&b, ", ");
                    kp_buf_puts(&b, routes[i].method);
                }
            }
        }
    }
    const char *out = kp_arena_strdup(a, kp_buf_str(&b));
    kp_buf_free(&b);
    return out;
}

static bool pattern_ok(const char *p)
{
    if (!p || p[0] != '/')
        return false;
    for (; *p; p++) {
        if (*p == '{') {
            if (strncmp(p, "{id}", 4) != 0 && strncmp(p, "{name}", 6) != 0 && strncmp(p, "{code}", 6) != 0)
                return false;
            if (p[-1] != '/')
                return false;
        }
        if (*p == '?' || *p == '#' || *p == ' ')
            return false;
    }
    return true;
}

kp_rc kp_routes_check(const kp_route *routes, size_t n, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        const kp_route *rt = &routes[i];
        const char *pat = rt->pattern ? rt->pattern : "(null)";
        unsigned scope = rt->flags & (KP_R_PUBLIC | KP_R_NEEDS_LOGIN);
        const char *problem = NULL;
        if (!rt->method || (strcmp(rt->method, "GET") != 0 && strcmp(rt->method, "POST") != 0))
            problem = "method must be GET or POST";
        else if (!pattern_ok(rt->pattern))
            problem = "malformed pattern";
        else if (!rt->handler)
            problem = "no handler";
        else if (scope != KP_R_PUBLIC && scope != KP_R_NEEDS_LOGIN)
            problem = "no scope rule: declare exactly one of KP_R_PUBLIC or KP_R_NEEDS_LOGIN";
        else if (scope == KP_R_NEEDS_LOGIN && (rt->roles == 0 || (rt->roles & ~(unsigned)KP_RM_ANY)))
            problem = "KP_R_NEEDS_LOGIN needs a mask of allowed roles";
        else if (scope == KP_R_PUBLIC && rt->roles != 0)
            problem = "a KP_R_PUBLIC route names no roles";
        else if (strcmp(rt->method, "POST") == 0 &&
                 !(rt->flags & (KP_R_STATE_CHANGING | KP_R_NO_CSRF | KP_R_SIGNED_FORM)))
            problem = "a POST route must be KP_R_STATE_CHANGING (or JSON login with KP_R_NO_CSRF)";
        else if ((rt->flags & KP_R_SIGNED_FORM) &&
                 (scope != KP_R_PUBLIC || strcmp(rt->method, "POST") != 0 ||
                  (rt->flags & (KP_R_API | KP_R_STATE_CHANGING | KP_R_NO_CSRF))))
            problem = "KP_R_SIGNED_FORM is only for a public HTML form's POST";
        else if (strcmp(rt->method, "GET") == 0 && (rt->flags & (KP_R_STATE_CHANGING | KP_R_NO_CSRF | KP_R_JSON_BODY)))
            problem = "a GET route changes nothing and has no body";
        else if ((rt->flags & KP_R_NO_CSRF) && (!(rt->flags & KP_R_JSON_BODY) || !(rt->flags & KP_R_API) ||
                                                 (rt->flags & KP_R_STATE_CHANGING)))
            problem = "KP_R_NO_CSRF is only for a JSON API route";
        else if ((rt->flags & KP_R_JSON_BODY) && !(rt->flags & KP_R_API))
            problem = "a JSON body belongs to an API route";
        else if (rt->rerender && ((rt->flags & KP_R_API) || strcmp(rt->method, "POST") != 0))
            problem = "rerender is for HTML form posts";
        if (!problem && rt->inputs) {
            size_t k = 0;
            for (; rt->inputs[k].name; k++) {
                const kp_input *in = &rt->inputs[k];
                if (in->kind < KP_IN_TEXT || in->kind > KP_IN_SECRET || !(in->where & (KP_IN_QUERY | KP_IN_BODY)) ||
                    (in->where & ~(KP_IN_QUERY | KP_IN_BODY)))
                    problem = "an input without a kind or a source";
                else if (strcmp(in->name, "csrf") == 0)
                    problem = "\"csrf\" is checked by the server, not declared";
                for (size_t j = 0; j < k && !problem; j++)
                    if (strcmp(rt->inputs[j].name, in->name) == 0)
                        problem = "an input declared twice";
                if (problem)
                    break;
            }
            if (!problem && k > KP_MAX_INPUTS)
                problem = "too many inputs";
        }
        for (size_t j = 0; j < i && !problem; j++)
            if (strcmp(routes[j].method, rt->method) == 0 && strcmp(routes[j].pattern, rt->pattern) == 0)
                problem = "method and pattern declared twice";
        if (problem) {
            if (err && errlen)
                snprintf(err, errlen, "route %zu (%s %s): %s", i, rt->method ? rt->method : "?", pat, problem);
            return KP_EINVAL;
        }
    }
    return KP_OK;
}

const char *kp_in(const kp_req *r, const char *name)
{
    if (!r || !r->route || !name)
        return NULL;
    const kp_input *in = r->route->inputs;
    for (size_t i = 0; in && in[i].name && i < KP_MAX_INPUTS; i++)
        if (strcmp(in[i].name, name) == 0)
            return r->values[i];
    fprintf(stderr, "kopa web: route %s %s reads undeclared input '%s'\n", r->route->method, r->route->pattern, name);
    return NULL;
}

int64_t kp_in_int(const kp_req *r, const char *name, int64_t dflt)
{
    const char *v = kp_in(r, name);
    if (!v || !*v)
        return dflt;
    char *end = NULL;
    long long x = strtoll(v, &end, 10);
    return end && *end == '\0' ? (int64_t)x : dflt;
}

static bool text_ok(const char *v, size_t len)
{
    if (!kp_utf8_valid(v, len))
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F)
            return false;
    }
    return true;
}

static void bad_input(kp_req *r, const char *name, const char *lv, const char *en)
{
    kp_errors_add(&r->errors, name, "", "%s", r->lang && strcmp(r->lang, "en") == 0 ? en : lv);
}

kp_rc kp_input_set(kp_req *r, unsigned where, const char *name, const char *value, size_t len, bool *known)
{
    *known = false;
    const kp_input *in = r->route ? r->route->inputs : NULL;
    size_t i = 0;
    for (; in && in[i].name; i++)
        if (strcmp(in[i].name, name) == 0)
            break;
    if (!in || !in[i].name || !(in[i].where & where))
        return KP_OK;
    *known = true;
    const kp_input *d = &in[i];
    size_t max = d->max ? d->max : 200;
    if (!text_ok(value, len)) {
        bad_input(r, name, "nederīgs teksts (nav derīgs UTF-8 vai satur vadības rakstzīmes)",
                  "invalid text (not valid UTF-8 or contains control characters)");
        return KP_EINVAL;
    }
    if (len > max) {
        kp_errors_add(&r->errors, name, "", r->lang && strcmp(r->lang, "en") == 0 ? "too long: at most %zu bytes"
                                                                                  : "pārāk garš: ne vairāk kā %zu baiti",
                      max);
        return KP_EINVAL;
    }
    if (r->values[i]) {
        bad_input(r, name, "lauks norādīts vairākkārt", "the field is given more than once");
        return KP_EINVAL;
    }
    if (len > 0 && d->kind == KP_IN_INT) {
        int64_t v = 0;
        bool ok = len <= 16;
        for (size_t k = 0; ok && k < len; k++)
            ok = value[k] >= '0' && value[k] <= '9';
        if (ok) {
            for (size_t k = 0; k < len; k++)
                v = v * 10 + (value[k] - '0');
            ok = v <= ((int64_t)1 << 53);
        }
        if (!ok) {
            bad_input(r, name, "jānorāda vesels skaitlis", "must be a whole number");
            return KP_EINVAL;
        }
    }
    if (len > 0 && d->kind == KP_IN_DATE) {
        /* As people type it (31.12.2021.) or ISO; kept as ISO. */
        char tmp[16];
        kp_date dd;
        bool ok = len < sizeof tmp;
        if (ok) {
            memcpy(tmp, value, len);
            tmp[len] = '\0';
            ok = kp_date_parse_input(tmp, &dd) == KP_OK;
        }
        if (!ok) {
            bad_input(r, name, "datums jānorāda formā dd.mm.gggg. (piemēram, 31.12.2021.)",
                      "give the date as dd.mm.yyyy (for example 31.12.2021)");
            /* Not kept: every date a page reads is a real one (the form
             * comes back with the rest of what was typed and this message). */
            return KP_EINVAL;
        }
        char iso[11];
        kp_date_format_iso(dd, iso);
        r->values[i] = kp_arena_strdup(&r->arena, iso);
        return KP_OK;
    }
    r->values[i] = kp_arena_strndup(&r->arena, value, len);
    return KP_OK;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes %xx and '+' into an arena copy; *outlen its length. NULL on a
 * malformed escape. */
static char *url_decode(kp_arena *a, const char *s, size_t n, size_t *outlen)
{
    char *o = kp_arena_alloc(a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            o[k++] = ' ';
        } else if (s[i] == '%') {
            if (i + 2 >= n)
                return NULL;
            int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
            if (h < 0 || l < 0)
                return NULL;
            o[k++] = (char)(h * 16 + l);
            i += 2;
        } else {
            o[k++] = s[i];
        }
    }
    o[k] = '\0';
    *outlen = k;
    return o;
}

const char *kp_urlencoded_value(kp_req *r, const char *body, const char *name)
{
    size_t nlen = strlen(name);
    for (const char *p = body; p && *p;) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
            size_t vlen = 0;
            char *v = url_decode(&r->arena, p + nlen + 1, len - nlen - 1, &vlen);
            return v && kp_utf8_valid(v, vlen) ? v : NULL;
        }
        p = amp ? amp + 1 : NULL;
    }
    return NULL;
}

void kp_urlencoded_put(kp_html *b, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    if (kp_html_len(b))
        html_raw_trusted(b, "&");
    html_url_arg(b, name);
    html_raw_trusted(b, "=");
    html_url_arg(b, value);
}

kp_rc kp_parse_urlencoded(kp_req *r, unsigned where, const char *body, size_t len, const char **csrf)
{
    size_t i = 0;
    kp_rc rc = KP_OK;
    while (i < len) {
        size_t end = i;
        while (end < len && body[end] != '&')
            end++;
        size_t eq = i;
        while (eq < end && body[eq] != '=')
            eq++;
        if (end > i) {
            size_t nlen = 0, vlen = 0;
            char *name = url_decode(&r->arena, body + i, eq - i, &nlen);
            char *value = eq < end ? url_decode(&r->arena, body + eq + 1, end - eq - 1, &vlen)
                                   : kp_arena_strdup(&r->arena, "");
            if (!name || !value || strlen(name) != nlen) {
                bad_input(r, "body", "bojāti veidlapas dati", "malformed form data");
                return KP_EINVAL;
            }
            if (strcmp(name, "csrf") == 0) {
                if (csrf && kp_utf8_valid(value, vlen))
                    *csrf = value;
            } else {
                bool known = false;
                kp_rc one = kp_input_set(r, where, name, value, vlen, &known);
                if (one)
                    rc = one;
            }
        }
        i = end + 1;
    }
    return rc;
}

kp_rc kp_parse_json_body(kp_req *r, const char *body, size_t len)
{
    if (!kp_utf8_valid(body, len)) {
        bad_input(r, "body", "pieprasījums nav derīgs UTF-8", "the request body is not valid UTF-8");
        return KP_EINVAL;
    }
    json_error_t jerr;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        /* jansson's own text may quote the input; say only where. */
        kp_errors_add(&r->errors, "body", "",
                      r->lang && strcmp(r->lang, "en") == 0 ? "malformed JSON at line %d, column %d"
                                                            : "bojāts JSON %d. rindā, %d. kolonnā",
                      jerr.line, jerr.column);
        return KP_EINVAL;
    }
    kp_rc rc = KP_OK;
    if (!json_is_object(root)) {
        bad_input(r, "body", "jānosūta JSON objekts", "send a JSON object");
        rc = KP_EINVAL;
        goto out;
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v)
    {
        char num[32];
        const char *text = NULL;
        size_t tlen = 0;
        if (json_is_string(v)) {
            text = json_string_value(v);
            tlen = json_string_length(v);
        } else if (json_is_integer(v)) {
            snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
            text = num;
            tlen = strlen(num);
        } else if (json_is_boolean(v)) {
            text = json_is_true(v) ? "1" : "0";
            tlen = 1;
        } else if (json_is_null(v)) {
            text = NULL;
        } else {
            bad_input(r, key, "jābūt tekstam, skaitlim vai null", "must be a string, a whole number or null");
            rc = KP_EINVAL;
            continue;
        }
        bool known = false;
        if (text) {
            kp_rc one = kp_input_set(r, KP_IN_BODY, key, text, tlen, &known);
            if (one)
                rc = one;
        } else {
            kp_rc one = kp_input_set(r, KP_IN_BODY, key, "", 0, &known);
            if (one)
                rc = one;
        }
        if (!known) {
            bad_input(r, key, "nezināms lauks", "unknown field");
            rc = KP_EINVAL;
        }
    }
out:
    json_decref(root);
    return rc;
}
