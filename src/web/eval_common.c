/* Shared parts of the evaluation's pages (see eval_pages.h). */
#include "web/eval_pages.h"
#include "service/figures/chapters.h"
#include <string.h>

#define E_LV(k, lv, en) lv,
#define E_EN(k, lv, en) en,
static const char *const LV[] = {EVAL_STRINGS(E_LV)};
static const char *const EN[] = {EVAL_STRINGS(E_EN)};

const char *eval_s(const kp_req *r, int key)
{
    if (key < 0 || key >= E_COUNT)
        return "";
    return strcmp(r->lang, "en") == 0 ? EN[key] : LV[key];
}

const char *const EVAL_FORMATS[] = {"pdf", "html", "xlsx", "csv"};
const size_t EVAL_NFORMATS = sizeof EVAL_FORMATS / sizeof EVAL_FORMATS[0];

bool eval_target(kp_req *r, const char **region, kp_date *at, char at_iso[11])
{
    const char *reg = kp_in(r, "region");
    if (!reg || !reg[0])
        reg = r->session && r->session->user.role == KP_ROLE_REGION ? r->ctx.region : NULL;
    const char *d = kp_in(r, "at");
    if (!d || !d[0])
        d = kp_in(r, "date");
    if (!d || !d[0])
        d = EVAL_DEFAULT_AT;
    if (!reg || !reg[0]) {
        kp_errors_add(&r->errors, "region", "", "%s", eval_s(r, E_ERR_REGION));
        return false;
    }
    if (kp_date_parse_iso(d, at))
        return false; /* the router has checked `at` and `date` already */
    *region = reg;
    kp_date_format_iso(*at, at_iso);
    return true;
}

void eval_link(kp_req *r, const char *path, const char *region, const char *at_iso)
{
    html_attr(&r->out, path);
    html_raw_trusted(&r->out, "?region=");
    html_url_arg(&r->out, region);
    html_raw_trusted(&r->out, "&amp;at=");
    html_url_arg(&r->out, at_iso);
}

void eval_subnav(kp_req *r, const char *region, const char *at_iso, int current)
{
    static const struct {
        int key;
        const char *path;
        bool writer; /* only those who may write see it */
    } T[] = {{E_VIEW, "/evaluation/view", false},
             {E_CHAPTERS, "/evaluation/chapters", true},
             {E_APPROVE, "/evaluation/approve", true},
             {E_VERSIONS, "/evaluation/versions", false}};
    bool writer = r->session && (r->session->user.role == KP_ROLE_REGION || r->session->user.role == KP_ROLE_ADMIN) &&
                  strcmp(region, "ALL") != 0;
    html_raw_trusted(&r->out, "<nav class=\"subnav noprint\" aria-label=\"");
    html_attr(&r->out, eval_s(r, E_SUBNAV));
    html_raw_trusted(&r->out, "\"><ul>");
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        if (T[i].writer && !writer)
            continue;
        if (!strcmp(region, "ALL") && T[i].key != E_VIEW)
            continue;
        html_raw_trusted(&r->out, "<li><a href=\"");
        eval_link(r, T[i].path, region, at_iso);
        html_raw_trusted(&r->out, T[i].key == current ? "\" aria-current=\"page\">" : "\">");
        html_text(&r->out, eval_s(r, T[i].key));
        html_raw_trusted(&r->out, "</a></li>");
    }
    html_raw_trusted(&r->out, "</ul></nav>\n");
}

bool eval_chapter_known(kp_req *r, const char *key)
{
    if (kp_chapter_index(key) >= 0)
        return true;
    kp_errors_add(&r->errors, "chapter", key ? key : "", "%s", eval_s(r, E_ERR_CHAPTER));
    return false;
}

const char *eval_chapter_title(const kp_req *r, const char *key)
{
    int i = kp_chapter_index(key);
    return i < 0 ? key : eval_s(r, E_CH_INTRODUCTION + i);
}

void eval_plain_text(kp_req *r, const char *text)
{
    const char *p = text ? text : "";
    while (*p) {
        while (*p == '\n')
            p++;
        if (!*p)
            break;
        const char *end = strstr(p, "\n\n");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        html_raw_trusted(&r->out, "<p class=\"plain\">");
        /* Line breaks inside a paragraph stay (CSS white-space: pre-line). */
        char *para = kp_arena_strndup(&r->arena, p, len);
        html_text(&r->out, para);
        html_raw_trusted(&r->out, "</p>\n");
        p += len;
    }
}
