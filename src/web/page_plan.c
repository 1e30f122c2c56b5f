/* Writing or changing a client's support plan in one form: goals, review
 * date and up to eight services, each a block of its own with a wide goal
 * (the form shows the services written plus two empty ones; "more rows"
 * adds one without saving). Providers are those with a place in the
 * client's municipality or a neighbour, in Latvian order. The newest version, if a draft, is changed
 * in place; otherwise saving makes a new draft version (prefilled from the
 * newest one), approved on the client card. A draft of the form is kept as
 * the person types, or with the "save draft" button. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "service/access.h"
#include "service/casework/casework.h"
#include "service/accounts/drafts.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int page_plan(kp_req *r);
int page_plan_submit(kp_req *r);

#define ROWS 8          /* most services in one plan (routes.c declares as many) */
#define ROWS_MIN 3

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Atbalsta plāns", "Support plan")                                                                     \
    X(T_FOR, "Klients", "Client")                                                                                    \
    X(T_EDIT_DRAFT, "Jūs maināt plāna melnrakstu (versija %s).", "You are changing the plan's draft (version %s).")   \
    X(T_NEW_VERSION, "Saglabājot tiks izveidota jauna plāna versija; spēkā esošā paliek, līdz jauno apstiprina.",     \
      "Saving makes a new version of the plan; the one in force stays until the new one is approved.")             \
    X(T_GOALS, "Mērķi", "Goals")                                                                                     \
    X(T_REVIEW, "Pārskatīt līdz", "Review by")                                                                       \
    X(T_DATE_HINT, "Formāts: dd.mm.gggg., piemēram, 31.12.2021.", "Format: dd.mm.yyyy, for example 31.12.2021")                                                      \
    X(T_SERVICES, "Pakalpojumi", "Services")                                                                         \
    X(T_SERVICES_HINT, "Tukšas rindas netiek saglabātas.", "Empty rows are not saved.")                              \
    X(T_ROW, "Rinda", "Row")                                                                                         \
    X(T_SERVICE, "Pakalpojums", "Service")                                                                           \
    X(T_VOLUME, "Apjoms", "Volume")                                                                                  \
    X(T_PROVIDER, "Sniedzējs", "Provider")                                                                           \
    X(T_FROM, "No", "From")                                                                                          \
    X(T_TO, "Līdz", "To")                                                                                            \
    X(T_GOAL, "Mērķis", "Goal")                                                                                      \
    X(T_CHOOSE, "—", "—")                                                                                            \
    X(T_SAVE, "Saglabāt plānu", "Save the plan")                                                                     \
    X(T_DRAFT, "Saglabāt melnrakstu", "Save draft")                                                                  \
    X(T_DRAFT_SAVED, "Melnraksts saglabāts. Plāns vēl nav ierakstīts.", "Draft saved. The plan is not recorded yet.") \
    X(T_DRAFT_LOADED, "Parādīts jūsu saglabātais melnraksts.", "Your saved draft is shown.")                         \
    X(T_ERRORS, "Lūdzu, izlabojiet norādītos laukus.", "Please correct the fields shown.")                          \
    X(T_MORE, "Vēl viena rinda", "One more row")                                                                    \
    X(T_REVIEW_HINT, "Formāts: GGGG-MM-DD. Vajadzīgs, lai plānu varētu apstiprināt (tad tas parādās pārskatāmo sarakstā).", \
      "Format: YYYY-MM-DD. Needed to approve the plan (it then shows among the plans to review).")               \
    X(T_CANCEL, "Atpakaļ uz klienta kartīti", "Back to the client card")

KP_PAGE_STRINGS(STRINGS);

static const char *const COLS[] = {"service", "volume", "provider_id", "start_date", "end_date", "goal"};
#define NCOLS 6

/* Where the form's values come from: what was posted, a saved draft, or
 * the newest plan version. */
typedef struct form {
    bool posted;
    const char *draft;
    const kp_card_plan *base;
} form;

static const char *cell_name(kp_req *r, size_t col, size_t row)
{
    return kp_arena_printf(&r->arena, "%s_%zu", COLS[col], row);
}

static const char *val(kp_req *r, const form *f, const char *name)
{
    if (f->posted)
        return kp_in(r, name);
    if (f->draft)
        return kp_urlencoded_value(r, f->draft, name);
    if (!f->base)
        return NULL;
    if (strcmp(name, "goals") == 0)
        return f->base->goals;
    if (strcmp(name, "review_on") == 0)
        return f->base->review_on;
    return NULL;
}

static const char *cell(kp_req *r, const form *f, size_t col, size_t row)
{
    if (f->posted || f->draft || !f->base)
        return val(r, f, cell_name(r, col, row));
    if (row > f->base->n_items)
        return NULL;
    const kp_card_item *it = &f->base->items[row - 1];
    switch (col) {
    case 0: return it->service;
    case 1: return kp_arena_printf(&r->arena, "%lld", (long long)it->volume);
    case 2: return it->provider_id ? kp_arena_printf(&r->arena, "%lld", (long long)it->provider_id) : "";
    case 3: return it->start_date;
    case 4: return it->end_date;
    default: return it->goal;
    }
}

static const char *row_error(kp_req *r, const char *field, size_t row)
{
    for (size_t i = 0; i < r->errors.n; i++)
        if (r->errors.items[i].line == (long)row && strcmp(r->errors.items[i].field, field) == 0)
            return r->errors.items[i].message;
    return NULL;
}

/* Every message, with its row, linked to its field. */
static void errors_summary(kp_req *r)
{
    if (!r->errors.n && !r->csrf_stale)
        return;
    if (r->csrf_stale || !r->errors.n) {
        kp_form_errors(r);
        return;
    }
    kp_html *h = &r->out;
    html_raw_trusted(h, "<div class=\"errors\" role=\"alert\"><p>");
    html_text(h, t(r, T_ERRORS));
    html_raw_trusted(h, "</p><ul>");
    for (size_t i = 0; i < r->errors.n; i++) {
        const kp_field_error *e = &r->errors.items[i];
        html_raw_trusted(h, "<li><a href=\"#f-");
        html_attr(h, e->field);
        if (e->line) {
            html_raw_trusted(h, "_");
            html_int(h, e->line);
        }
        html_raw_trusted(h, "\">");
        if (e->line) {
            html_text(h, t(r, T_ROW));
            html_raw_trusted(h, " ");
            html_int(h, e->line);
            html_raw_trusted(h, ": ");
        }
        html_text(h, e->message);
        html_raw_trusted(h, "</a></li>");
    }
    html_raw_trusted(h, "</ul></div>\n");
}

static void options(kp_req *r, const kp_options *o, const char *value, bool indent)
{
    html_raw_trusted(&r->out, "<option value=\"\">");
    html_text(&r->out, t(r, T_CHOOSE));
    html_raw_trusted(&r->out, "</option>");
    for (size_t i = 0; i < o->n; i++) {
        html_raw_trusted(&r->out, "<option value=\"");
        html_attr(&r->out, o->items[i].code);
        html_raw_trusted(&r->out, value && strcmp(value, o->items[i].code) == 0 ? "\" selected>" : "\">");
        if (indent && o->items[i].parent[0])
            html_raw_trusted(&r->out, "— ");
        html_text(&r->out, o->items[i].name);
        html_raw_trusted(&r->out, "</option>");
    }
}

/* How many rows to show: the last one with anything in it plus two empty
 * ones ("more": three), at least ROWS_MIN, at most ROWS. */
static size_t rows_shown(kp_req *r, const form *f)
{
    size_t last = 0;
    for (size_t row = 1; row <= ROWS; row++)
        for (size_t c = 0; c < NCOLS; c++) {
            const char *v = cell(r, f, c, row);
            if (v && *v && !(c == 1 && strcmp(v, "0") == 0))
                last = row;
        }
    const char *action = f->posted ? kp_in(r, "action") : NULL;
    size_t n = last + (action && strcmp(action, "more") == 0 ? 3 : 2);
    return n < ROWS_MIN ? ROWS_MIN : n > ROWS ? ROWS : n;
}

static void rows(kp_req *r, const form *f, const kp_options *services, const kp_options *providers)
{
    kp_html *h = &r->out;
    static const int HEAD[NCOLS] = {T_SERVICE, T_VOLUME, T_PROVIDER, T_FROM, T_TO, T_GOAL};
    static const char *const TYPES[NCOLS] = {NULL, "text", NULL, "date", "date", NULL};
    size_t shown = rows_shown(r, f);
    html_raw_trusted(h, "<fieldset class=\"field plan-items\"><legend>");
    html_text(h, t(r, T_SERVICES));
    html_raw_trusted(h, "</legend><p class=\"hint\">");
    html_text(h, t(r, T_SERVICES_HINT));
    html_raw_trusted(h, "</p>\n");
    for (size_t row = 1; row <= shown; row++) {
        html_raw_trusted(h, "<fieldset class=\"plan-item\"><legend>");
        html_text(h, t(r, T_ROW));
        html_raw_trusted(h, " ");
        html_int(h, (int64_t)row);
        html_raw_trusted(h, "</legend>\n");
        for (size_t c = 0; c < NCOLS; c++) {
            const char *name = cell_name(r, c, row);
            const char *v = cell(r, f, c, row);
            const char *err = row_error(r, COLS[c], row);
            html_raw_trusted(h, err ? "<div class=\"field has-error" : "<div class=\"field");
            html_raw_trusted(h, c == 5 ? " wide\">" : "\">");
            html_raw_trusted(h, "<label for=\"f-");
            html_attr(h, name);
            html_raw_trusted(h, "\">");
            html_text(h, t(r, HEAD[c]));
            html_raw_trusted(h, "</label>");
            if (err) {
                html_raw_trusted(h, "<p class=\"error\" id=\"f-");
                html_attr(h, name);
                html_raw_trusted(h, "-err\">");
                html_text(h, err);
                html_raw_trusted(h, "</p>");
            }
            html_raw_trusted(h, TYPES[c] ? "<input id=\"f-" : c == 5 ? "<textarea id=\"f-" : "<select id=\"f-");
            html_attr(h, name);
            html_raw_trusted(h, "\" name=\"");
            html_attr(h, name);
            /* The accessible name says the row too ("Pakalpojums, Rinda 2"). */
            html_raw_trusted(h, "\" aria-label=\"");
            html_attr(h, kp_arena_printf(&r->arena, "%s, %s %zu", t(r, HEAD[c]), t(r, T_ROW), row));
            html_raw_trusted(h, "\"");
            if (err) {
                html_raw_trusted(h, " aria-invalid=\"true\" aria-describedby=\"f-");
                html_attr(h, name);
                html_raw_trusted(h, "-err\"");
            }
            if (TYPES[c]) {
                html_raw_trusted(h, " type=\"");
                html_raw_trusted(h, TYPES[c]);
                html_raw_trusted(h, "\"");
                if (c == 1)
                    html_raw_trusted(h, " inputmode=\"numeric\"");
                if (v && *v) {
                    html_raw_trusted(h, " value=\"");
                    html_attr(h, v);
                    html_raw_trusted(h, "\"");
                }
                html_raw_trusted(h, "></div>\n");
            } else if (c == 5) {
                /* A goal is a sentence or two: a full-width box, taller when
                 * more is written. */
                size_t len = v ? strlen(v) : 0;
                html_raw_trusted(h, len > 240 ? " rows=\"6\" cols=\"60\">" : " rows=\"3\" cols=\"60\">");
                html_text(h, v ? v : "");
                html_raw_trusted(h, "</textarea></div>\n");
            } else {
                html_raw_trusted(h, ">");
                options(r, c == 0 ? services : providers, v, c == 0);
                html_raw_trusted(h, "</select></div>\n");
            }
        }
        html_raw_trusted(h, "</fieldset>\n");
    }
    if (shown < ROWS) {
        html_raw_trusted(h, "<p><button type=\"submit\" name=\"action\" value=\"more\" class=\"link\" formnovalidate>");
        html_text(h, t(r, T_MORE));
        html_raw_trusted(h, "</button></p>\n");
    }
    html_raw_trusted(h, "</fieldset>\n");
}

/* Providers with a place in the client's area (any service), in Latvian
 * order, and any provider the plan already names. */
static kp_rc provider_options(kp_req *r, const kp_card *c, kp_options *out)
{
    memset(out, 0, sizeof *out);
    kp_provider_choices pc;
    void *coll = kp_collator_open();
    kp_rc rc = kp_cw_provider_choices(&r->ctx, c->client.id, NULL, NULL, kp_collate_lv, coll, &pc);
    kp_collator_close(coll);
    if (rc)
        return rc;
    for (size_t i = 0; i < pc.n; i++) {
        kp_cw_reserve((void **)&out->items, &out->cap, out->n, sizeof *out->items);
        kp_option *o = &out->items[out->n++];
        memset(o, 0, sizeof *o);
        snprintf(o->code, sizeof o->code, "%lld", (long long)pc.items[i].id);
        /* The name, then where (cut to fit a kp_option's name). */
        int n = snprintf(o->name, sizeof o->name, "%s", pc.items[i].name);
        if (n > 0 && (size_t)n + 8 < sizeof o->name && pc.items[i].where[0])
            snprintf(o->name + n, sizeof o->name - (size_t)n, " — %.*s", (int)(sizeof o->name - (size_t)n - 8),
                     pc.items[i].where);
    }
    kp_provider_choices_free(&pc);
    for (size_t i = 0; i < c->n_plans; i++)
        for (size_t k = 0; k < c->plans[i].n_items; k++) {
            const kp_card_item *it = &c->plans[i].items[k];
            if (!it->provider_id)
                continue;
            char code[32];
            snprintf(code, sizeof code, "%lld", (long long)it->provider_id);
            bool known = false;
            for (size_t j = 0; j < out->n && !known; j++)
                known = strcmp(out->items[j].code, code) == 0;
            if (known)
                continue;
            kp_cw_reserve((void **)&out->items, &out->cap, out->n, sizeof *out->items);
            kp_option *o = &out->items[out->n++];
            memset(o, 0, sizeof *o);
            snprintf(o->code, sizeof o->code, "%s", code);
            snprintf(o->name, sizeof o->name, "%s", it->provider);
        }
    return KP_OK;
}

static int render(kp_req *r, const char *notice)
{
    int status = 500;
    kp_card c;
    kp_rc rc = kp_card_load(&r->ctx, r->path_id, &c);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_options services, providers;
    memset(&providers, 0, sizeof providers);
    rc = kp_cw_service_options(&r->ctx, &services);
    if (!rc)
        rc = provider_options(r, &c, &providers);
    if (rc) {
        kp_options_free(&services);
        kp_card_free(&c);
        return kp_error(r, kp_status_for(rc));
    }
    form f = {.posted = strcmp(r->method, "POST") == 0, .base = c.n_plans ? &c.plans[0] : NULL};
    bool editing = f.base && strcmp(f.base->status, "draft") == 0;
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)r->path_id);
    char *draft = NULL;
    if (!f.posted && kp_draft_load(&r->ctx, "plan", key, r->now, &draft) == KP_OK) {
        f.draft = kp_arena_strdup(&r->arena, draft);
        free(draft);
        if (!notice)
            notice = t(r, T_DRAFT_LOADED);
    }
    const char *token = f.posted ? kp_in(r, "form_token") : NULL;
    if (!token || !*token) {
        char *fresh = kp_arena_alloc(&r->arena, KP_TOKEN_CHARS + 1);
        kp_token_random(fresh);
        token = fresh;
    }
    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, "</h1>\n<p>");
    html_text(h, t(r, T_FOR));
    html_raw_trusted(h, ": <a href=\"/clients/");
    html_int(h, c.client.id);
    html_raw_trusted(h, "\">");
    html_text(h, c.client.given_name);
    html_raw_trusted(h, " ");
    html_text(h, c.client.family_name);
    html_raw_trusted(h, "</a></p>\n<p>");
    if (editing) {
        const char *msg = t(r, T_EDIT_DRAFT);
        const char *pct = strstr(msg, "%s");
        html_text(h, kp_arena_strndup(&r->arena, msg, (size_t)(pct - msg)));
        html_int(h, f.base->version);
        html_text(h, pct + 2);
    } else {
        html_text(h, t(r, T_NEW_VERSION));
    }
    html_raw_trusted(h, "</p>\n");
    if (notice)
        kp_notice(r, notice);
    errors_summary(r);
    html_raw_trusted(h, "<form method=\"post\" action=\"/clients/");
    html_int(h, c.client.id);
    html_raw_trusted(h, "/plan\" class=\"panel\" data-draft=\"plan\" data-draft-key=\"");
    html_attr(h, key);
    html_raw_trusted(h, "\">");
    kp_form_csrf(r);
    html_raw_trusted(h, "<input type=\"hidden\" name=\"form_token\" value=\"");
    html_attr(h, token);
    html_raw_trusted(h, "\"><input type=\"hidden\" name=\"plan_id\" value=\"");
    if (editing)
        html_int(h, f.base->id);
    html_raw_trusted(h, "\">\n");
    /* Goals: a text area, with its error tied to it. */
    const char *gerr = kp_errors_for(&r->errors, "goals");
    html_raw_trusted(h, gerr ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    html_raw_trusted(h, "<label for=\"f-goals\">");
    html_text(h, t(r, T_GOALS));
    html_raw_trusted(h, "</label>");
    if (gerr) {
        html_raw_trusted(h, "<p class=\"error\" id=\"f-goals-err\">");
        html_text(h, gerr);
        html_raw_trusted(h, "</p>");
    }
    const char *goals = val(r, &f, "goals");
    size_t glen = goals ? strlen(goals) : 0;
    html_raw_trusted(h, "<textarea id=\"f-goals\" name=\"goals\" cols=\"80\"");
    html_raw_trusted(h, glen > 600 ? " rows=\"12\"" : glen > 200 ? " rows=\"8\"" : " rows=\"5\"");
    html_raw_trusted(h, gerr ? " aria-invalid=\"true\" aria-describedby=\"f-goals-err\">" : ">");
    html_text(h, goals);
    html_raw_trusted(h, "</textarea></div>\n");
    kp_form_field(r, "review_on", t(r, T_REVIEW), "date", val(r, &f, "review_on"), t(r, T_REVIEW_HINT), false);
    rows(r, &f, &services, &providers);
    html_raw_trusted(h, "<p><button type=\"submit\" name=\"action\" value=\"save\">");
    html_text(h, t(r, T_SAVE));
    html_raw_trusted(h, "</button> <button type=\"submit\" name=\"action\" value=\"draft\" class=\"link\">");
    html_text(h, t(r, T_DRAFT));
    html_raw_trusted(h, "</button> <a href=\"/clients/");
    html_int(h, c.client.id);
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_CANCEL));
    html_raw_trusted(h, "</a></p>\n</form>\n");
    kp_options_free(&services);
    kp_options_free(&providers);
    kp_card_free(&c);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_plan(kp_req *r)
{
    return render(r, NULL);
}

static const char *encode(kp_req *r)
{
    kp_html b;
    kp_html_init(&b);
    for (size_t i = 0; i < 2 + ROWS * NCOLS; i++) {
        const char *n = i == 0 ? "goals" : i == 1 ? "review_on" : cell_name(r, (i - 2) % NCOLS, (i - 2) / NCOLS + 1);
        kp_urlencoded_put(&b, n, kp_in(r, n));
    }
    const char *out = kp_arena_strdup(&r->arena, kp_html_str(&b));
    kp_html_free(&b);
    return out;
}

int page_plan_submit(kp_req *r)
{
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)r->path_id);
    const char *action = kp_in(r, "action");
    if (action && strcmp(action, "more") == 0)
        return render(r, NULL); /* one more row, nothing saved */
    if (action && strcmp(action, "draft") == 0) {
        kp_rc rc = kp_access_client(&r->ctx, r->path_id, true);
        if (!rc)
            rc = kp_draft_save(&r->ctx, "plan", key, encode(r), r->now);
        if (rc)
            return kp_error(r, kp_status_for(rc));
        return render(r, t(r, T_DRAFT_SAVED));
    }
    kp_cw_item_in items[ROWS];
    for (size_t row = 1; row <= ROWS; row++) {
        kp_cw_item_in *it = &items[row - 1];
        it->service = kp_in(r, cell_name(r, 0, row));
        it->volume = kp_in(r, cell_name(r, 1, row));
        it->provider_id = kp_in(r, cell_name(r, 2, row));
        it->start_date = kp_in(r, cell_name(r, 3, row));
        it->end_date = kp_in(r, cell_name(r, 4, row));
        it->goal = kp_in(r, cell_name(r, 5, row));
    }
    char today[11];
    kp_date_format_iso(kp_ctx_today(&r->ctx), today);
    kp_cw_plan_in in = {.client_id = key,
                        .plan_id = kp_in(r, "plan_id"),
                        .goals = kp_in(r, "goals"),
                        .review_on = kp_in(r, "review_on"),
                        .created_on = today,
                        .items = items,
                        .n_items = ROWS};
    kp_rc rc = kp_cw_plan_save(&r->ctx, &in, kp_in(r, "form_token"), r->now, &r->errors, NULL, NULL);
    if (rc == KP_EINVAL) {
        int st = render(r, NULL);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_draft_delete(&r->ctx, "plan", key);
    return kp_redirect(r, kp_arena_printf(&r->arena, "/clients/%lld?saved=1", (long long)r->path_id));
}
