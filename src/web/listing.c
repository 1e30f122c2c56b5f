/* Paging, counts and sorting heads for long lists (see listing.h). */
#include "web/listing.h"
#include "web/page_strings.h"
#include <string.h>

#define STRINGS(X)                                                                                                   \
    X(T_SHOWN, "Rādīti", "Showing")                                                                                  \
    X(T_OF, "no", "of")                                                                                              \
    X(T_PAGE, "lapa", "page")                                                                                        \
    X(T_FIRST, "Pirmā lapa", "First page")                                                                           \
    X(T_PREV, "Iepriekšējā lapa", "Previous page")                                                                   \
    X(T_NEXT, "Nākamā lapa", "Next page")                                                                            \
    X(T_LAST, "Pēdējā lapa", "Last page")                                                                            \
    X(T_PAGES, "Lapas", "Pages")                                                                                     \
    X(T_ALL, "Visi", "All")                                                                                          \
    X(T_NONE, "Nav neviena ieraksta.", "No records.")                                                                \
    X(T_SORT_BY, "kārtot pēc", "sort by")

KP_PAGE_STRINGS(STRINGS);

void kp_list_init(kp_req *r, kp_list *l, const char *base, const char *const *keep, const char *const *sorts)
{
    memset(l, 0, sizeof *l);
    l->base = base;
    l->keep = keep;
    l->page = kp_in_int(r, "page", 1);
    if (l->page < 1)
        l->page = 1;
    int64_t per = kp_in_int(r, "per", KP_LIST_PER_DEFAULT);
    l->per = per == 50 || per == 100 ? per : KP_LIST_PER_DEFAULT;
    const char *sort = kp_in(r, "sort");
    l->sort = "";
    for (size_t i = 0; sort && sorts && sorts[i]; i++)
        if (strcmp(sort, sorts[i]) == 0)
            l->sort = sorts[i];
    const char *dir = kp_in(r, "dir");
    l->desc = dir && strcmp(dir, "desc") == 0;
}

size_t kp_list_offset(const kp_list *l)
{
    return (size_t)(l->page - 1) * (size_t)l->per;
}

int64_t kp_list_pages(const kp_list *l)
{
    int64_t n = (int64_t)((l->total + (size_t)l->per - 1) / (size_t)l->per);
    return n < 1 ? 1 : n;
}

const char *kp_list_url(kp_req *r, const kp_list *l, int64_t page, const char *sort, bool desc)
{
    kp_html b;
    kp_html_init(&b);
    html_raw_trusted(&b, l->base); /* our own path */
    html_raw_trusted(&b, "?page=");
    html_int(&b, page);
    if (l->per != KP_LIST_PER_DEFAULT) {
        html_raw_trusted(&b, "&per=");
        html_int(&b, l->per);
    }
    const char *s = sort ? sort : l->sort;
    bool d = sort ? desc : l->desc;
    if (s && *s) {
        html_raw_trusted(&b, "&sort=");
        html_url_arg(&b, s);
    }
    if (d)
        html_raw_trusted(&b, "&dir=desc");
    for (size_t i = 0; l->keep && l->keep[i]; i++) {
        const char *v = kp_in(r, l->keep[i]);
        if (!v || !*v)
            continue;
        html_raw_trusted(&b, "&");
        html_url_arg(&b, l->keep[i]);
        html_raw_trusted(&b, "=");
        html_url_arg(&b, v);
    }
    const char *out = kp_arena_strdup(&r->arena, kp_html_str(&b));
    kp_html_free(&b);
    return out;
}

void kp_list_th(kp_req *r, const kp_list *l, const char *key, const char *label, bool numeric)
{
    kp_html *h = &r->out;
    bool current = key && strcmp(l->sort, key) == 0;
    html_raw_trusted(h, numeric ? "<th scope=\"col\" class=\"num\"" : "<th scope=\"col\"");
    if (current)
        html_raw_trusted(h, l->desc ? " aria-sort=\"descending\"" : " aria-sort=\"ascending\"");
    html_raw_trusted(h, ">");
    if (!key || l->post) {
        html_text(h, label);
        html_raw_trusted(h, "</th>");
        return;
    }
    html_raw_trusted(h, "<a href=\"");
    html_attr(h, kp_list_url(r, l, 1, key, current && !l->desc));
    html_raw_trusted(h, "\">");
    html_text(h, label);
    if (current)
        html_raw_trusted(h, l->desc ? " <span aria-hidden=\"true\">▼</span>" : " <span aria-hidden=\"true\">▲</span>");
    html_raw_trusted(h, "</a></th>");
}

void kp_list_summary(kp_req *r, const kp_list *l, size_t shown)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<p class=\"count\" role=\"status\">");
    if (!l->total || !shown) {
        html_text(h, t(r, T_NONE));
        html_raw_trusted(h, "</p>\n");
        return;
    }
    size_t from = kp_list_offset(l) + 1;
    html_text(h, t(r, T_SHOWN));
    html_raw_trusted(h, " ");
    html_int(h, (int64_t)from);
    html_raw_trusted(h, "–");
    html_int(h, (int64_t)(from + shown - 1));
    html_raw_trusted(h, " ");
    html_text(h, t(r, T_OF));
    html_raw_trusted(h, " ");
    html_int(h, (int64_t)l->total);
    html_raw_trusted(h, " · ");
    html_text(h, t(r, T_PAGE));
    html_raw_trusted(h, " ");
    html_int(h, l->page);
    html_raw_trusted(h, " ");
    html_text(h, t(r, T_OF));
    html_raw_trusted(h, " ");
    html_int(h, kp_list_pages(l));
    html_raw_trusted(h, "</p>\n");
}

static void pager_item(kp_req *r, const kp_list *l, int64_t page, int label, const char *mark)
{
    kp_html *h = &r->out;
    if (l->post) {
        html_raw_trusted(h, "<button type=\"submit\" class=\"link\" name=\"page\" value=\"");
        html_int(h, page);
        html_raw_trusted(h, "\">");
    } else {
        html_raw_trusted(h, "<a href=\"");
        html_attr(h, kp_list_url(r, l, page, NULL, false));
        html_raw_trusted(h, "\">");
    }
    if (mark && label == T_PREV) {
        html_raw_trusted(h, mark);
        html_raw_trusted(h, " ");
    }
    html_text(h, t(r, label));
    if (mark && label == T_NEXT) {
        html_raw_trusted(h, " ");
        html_raw_trusted(h, mark);
    }
    html_raw_trusted(h, l->post ? "</button>" : "</a>");
}

void kp_list_pager(kp_req *r, const kp_list *l, const char *const *hidden)
{
    int64_t pages = kp_list_pages(l);
    if (pages <= 1 && l->page <= 1)
        return;
    kp_html *h = &r->out;
    if (l->post) {
        html_raw_trusted(h, "<form method=\"post\" action=\"");
        html_attr(h, l->base);
        html_raw_trusted(h, "\">");
        kp_form_csrf(r);
        for (size_t i = 0; hidden && hidden[i] && hidden[i + 1]; i += 2) {
            if (!*hidden[i + 1])
                continue;
            html_raw_trusted(h, "<input type=\"hidden\" name=\"");
            html_attr(h, hidden[i]);
            html_raw_trusted(h, "\" value=\"");
            html_attr(h, hidden[i + 1]);
            html_raw_trusted(h, "\">");
        }
        if (l->per != KP_LIST_PER_DEFAULT) {
            html_raw_trusted(h, "<input type=\"hidden\" name=\"per\" value=\"");
            html_int(h, l->per);
            html_raw_trusted(h, "\">");
        }
        if (*l->sort) {
            html_raw_trusted(h, "<input type=\"hidden\" name=\"sort\" value=\"");
            html_attr(h, l->sort);
            html_raw_trusted(h, "\">");
        }
        if (l->desc)
            html_raw_trusted(h, "<input type=\"hidden\" name=\"dir\" value=\"desc\">");
    }
    html_raw_trusted(h, "<nav class=\"pager\" aria-label=\"");
    html_attr(h, t(r, T_PAGES));
    html_raw_trusted(h, "\">");
    if (l->page > 1) {
        pager_item(r, l, 1, T_FIRST, NULL);
        pager_item(r, l, l->page - 1 <= pages ? l->page - 1 : pages, T_PREV, "←");
    }
    html_raw_trusted(h, "<span>");
    html_text(h, t(r, T_PAGE));
    html_raw_trusted(h, " ");
    html_int(h, l->page);
    html_raw_trusted(h, " ");
    html_text(h, t(r, T_OF));
    html_raw_trusted(h, " ");
    html_int(h, pages);
    html_raw_trusted(h, "</span>");
    if (l->page < pages) {
        pager_item(r, l, l->page + 1, T_NEXT, "→");
        pager_item(r, l, pages, T_LAST, NULL);
    }
    html_raw_trusted(h, "</nav>\n");
    if (l->post)
        html_raw_trusted(h, "</form>\n");
}

void kp_list_all_link(kp_req *r, const char *href, size_t total)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<p class=\"all\"><a href=\"");
    html_attr(h, href);
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_ALL));
    html_raw_trusted(h, " (");
    html_int(h, (int64_t)total);
    html_raw_trusted(h, ") →</a></p>\n");
}
