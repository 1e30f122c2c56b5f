/* One object of the DI plan as it stood on a date
 * (GET /di-plan/objects/{id}), with its whole history (every amendment and
 * event that changed it) and, for the region's coordinator, the forms that
 * change it: by an amendment or, for the status, by an event of its own
 * (POST /di-plan/objects/{id}/change, kp_diplan_change — a change of places
 * of an object with clients assigned asks for confirmation), and the facts
 * that are not plan history (POST /di-plan/objects/{id}/edit,
 * kp_plan_object_edit). */
#include "web/pages.h"
#include "web/diplan_view.h"
#include "web/person_form.h"
#include "core/mem.h"
#include "service/sql.h"
#include <stdio.h>
#include <string.h>

static void raw(kp_req *r, const char *s)
{
    html_raw_trusted(&r->out, s);
}

/* A declared input of the current route, or NULL (the page is shown by
 * three routes with different inputs). */
static const char *opt_in(const kp_req *r, const char *name)
{
    for (const kp_input *in = r->route ? r->route->inputs : NULL; in && in->name; in++)
        if (strcmp(in->name, name) == 0)
            return kp_in(r, name);
    return NULL;
}

static bool posted(const kp_req *r, const char *path_end)
{
    size_t n = strlen(r->path), m = strlen(path_end);
    return strcmp(r->method, "POST") == 0 && n >= m && strcmp(r->path + n - m, path_end) == 0;
}

static void row(kp_req *r, dp_key label, const char *value)
{
    raw(r, "<dt>");
    html_text(&r->out, dp_s(r, label));
    raw(r, "</dt><dd>");
    html_text(&r->out, value && value[0] ? value : "—");
    raw(r, "</dd>");
}

static void facts(kp_req *r, const kp_diplan_object *o, const char *municipality)
{
    raw(r, "<dl class=\"facts\">");
    row(r, DP_ADDRESS, o->address);
    row(r, DP_MUNICIPALITY, municipality);
    row(r, DP_GROUP, kp_label(r, KP_LABEL_GROUP, o->target_group));
    row(r, DP_SERVICE, o->service);
    row(r, DP_PLACES, o->places >= 0 ? kp_arena_printf(&r->arena, "%lld", (long long)o->places) : "");
    row(r, DP_STATUS, dp_status(r, o->status));
    row(r, DP_ERDF, kp_fmt_money(r, o->erdf));
    row(r, DP_STATE, kp_fmt_money(r, o->state));
    row(r, DP_MUNICIPAL, kp_fmt_money(r, o->municipal));
    row(r, DP_OTHER, kp_fmt_money(r, o->other));
    row(r, DP_OTHER_SOURCES, o->other_sources);
    row(r, DP_COST_PER_PLACE, o->cost_per_place >= 0 ? kp_fmt_money(r, o->cost_per_place) : "");
    row(r, DP_IN_PLAN_FROM, kp_fmt_date(r, o->in_plan_from));
    if (o->removed_on[0])
        row(r, DP_REMOVED_ON, kp_fmt_date(r, o->removed_on));
    row(r, DP_PLANNED, o->planned_completion[0] ? kp_fmt_date(r, o->planned_completion) : "");
    row(r, DP_ACTUAL, o->actual_completion[0] ? kp_fmt_date(r, o->actual_completion) : "");
    raw(r, "</dl>\n");
}

static void history(kp_req *r, const kp_diplan_history *hist)
{
    kp_html *h = &r->out;
    raw(r, "<section aria-labelledby=\"history-h\"><h2 id=\"history-h\">");
    html_text(h, dp_s(r, DP_HISTORY));
    raw(r, "</h2>\n");
    if (!hist->n) {
        raw(r, "<p>");
        html_text(h, dp_s(r, DP_NO_HISTORY));
        raw(r, "</p></section>\n");
        return;
    }
    raw(r, "<table class=\"stack\" id=\"di-history\">\n<thead><tr>");
    static const dp_key COLS[] = {DP_FROM, DP_AMENDMENTS, DP_FIELD, DP_OLD, DP_NEW, DP_REASON};
    for (size_t c = 0; c < sizeof COLS / sizeof COLS[0]; c++) {
        raw(r, "<th scope=\"col\">");
        html_text(h, dp_s(r, COLS[c]));
        raw(r, "</th>");
    }
    raw(r, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < hist->n; i++) {
        const kp_diplan_change_row *c = &hist->items[i];
        const char *cells[6] = {
            kp_fmt_date(r, c->on),
            c->amendment_number ? kp_arena_printf(&r->arena, DP_F(r, AMENDMENT_NO), c->amendment_number)
                                : dp_s(r, DP_EVENT),
            dp_field(r, c->field),
            dp_value(r, c->field, c->old_value),
            dp_value(r, c->field, c->new_value),
            c->reason,
        };
        raw(r, "<tr>");
        for (size_t k = 0; k < 6; k++) {
            raw(r, "<td data-label=\"");
            html_attr(h, dp_s(r, COLS[k]));
            raw(r, "\">");
            html_text(h, cells[k] && cells[k][0] ? cells[k] : "—");
            raw(r, "</td>");
        }
        raw(r, "</tr>\n");
    }
    raw(r, "</tbody></table></section>\n");
}

/* A panel with its heading and hint and the start of a form posting to
 * /di-plan/objects/{id}/<kind>; true when this request is that form's
 * POST coming back with errors (then they are shown, values kept). */
static bool form_open(kp_req *r, const char *kind, dp_key title, dp_key hint)
{
    kp_html *h = &r->out;
    bool mine = posted(r, kp_arena_printf(&r->arena, "/%s", kind));
    raw(r, "<section class=\"panel\" aria-labelledby=\"");
    html_attr(h, kind);
    raw(r, "-h\"><h2 id=\"");
    html_attr(h, kind);
    raw(r, "-h\">");
    html_text(h, dp_s(r, title));
    raw(r, "</h2>\n<p>");
    html_text(h, dp_s(r, hint));
    raw(r, "</p>\n<form method=\"post\" action=\"/di-plan/objects/");
    html_int(h, r->path_id);
    raw(r, "/");
    html_attr(h, kind);
    raw(r, "\">");
    kp_form_csrf(r);
    if (mine)
        kp_form_errors(r);
    return mine;
}

static void change_form(kp_req *r, const kp_diplan *all)
{
    kp_html *h = &r->out;
    bool mine = form_open(r, "change", DP_CHANGE_TITLE, DP_CHANGE_HINT);
    kp_options am;
    memset(&am, 0, sizeof am);
    am.cap = all->namendments + 1;
    am.items = kp_xcalloc(am.cap, sizeof *am.items);
    for (size_t i = all->namendments; i-- > 0;) {
        kp_option *o = &am.items[am.n++];
        snprintf(o->code, sizeof o->code, "%lld", (long long)all->amendments[i].id);
        snprintf(o->name, sizeof o->name, "%s (%s)",
                 kp_arena_printf(&r->arena, DP_F(r, AMENDMENT_NO), all->amendments[i].number),
                 kp_fmt_date(r, all->amendments[i].approved_on));
    }
    pf_select(r, "amendment_id", dp_s(r, DP_BY_AMENDMENT), &am, mine ? opt_in(r, "amendment_id") : NULL,
              dp_s(r, DP_NO_AMENDMENT), false);
    kp_options_free(&am);
    kp_options fields;
    const char *names[16];
    for (size_t i = 0; i < DP_NFIELDS && i < 16; i++)
        names[i] = dp_field(r, DP_FIELDS[i]);
    pf_options(&fields, DP_FIELDS, names, DP_NFIELDS);
    pf_select(r, "field", dp_s(r, DP_FIELD), &fields, mine ? opt_in(r, "field") : "places", NULL, true);
    kp_options_free(&fields);
    kp_form_field(r, "new_value", dp_s(r, DP_NEW_VALUE), "text", mine ? opt_in(r, "new_value") : NULL,
                  dp_s(r, DP_NEW_VALUE_HINT), false);
    kp_form_field(r, "effective_on", dp_s(r, DP_EFFECTIVE_ON), "date", mine ? opt_in(r, "effective_on") : NULL,
                  NULL, false);
    pf_textarea(r, "reason", dp_s(r, DP_REASON), mine ? opt_in(r, "reason") : NULL, NULL, false);
    if (mine && kp_errors_for(&r->errors, "confirm")) {
        raw(r, "<div class=\"field\"><label><input type=\"checkbox\" name=\"confirm\" value=\"1\"> ");
        html_text(h, dp_s(r, DP_CONFIRM));
        raw(r, "</label></div>\n");
    }
    raw(r, "<button type=\"submit\">");
    html_text(h, dp_s(r, DP_SAVE));
    raw(r, "</button></form></section>\n");
}

static void edit_form(kp_req *r, const kp_diplan_object *o)
{
    kp_html *h = &r->out;
    bool mine = form_open(r, "edit", DP_EDIT_TITLE, DP_EDIT_HINT);
    kp_form_field(r, "actual_completion", dp_s(r, DP_ACTUAL), "date",
                  mine ? opt_in(r, "actual_completion") : o->actual_completion, NULL, false);
    kp_form_field(r, "other_sources", dp_s(r, DP_OTHER_SOURCES), "text",
                  mine ? opt_in(r, "other_sources") : o->other_sources, NULL, false);
    kp_form_field(r, "edit_on", dp_s(r, DP_EDIT_ON), "date", mine ? opt_in(r, "edit_on") : pf_today(r), NULL, true);
    pf_textarea(r, "edit_reason", dp_s(r, DP_REASON), mine ? opt_in(r, "edit_reason") : NULL, NULL, true);
    raw(r, "<button type=\"submit\">");
    html_text(h, dp_s(r, DP_SAVE));
    raw(r, "</button></form></section>\n");
}

int page_diplan_object(kp_req *r)
{
    int status = 500;
    char at[11];
    kp_date d = KP_DATE_NONE;
    const char *want = opt_in(r, "at");
    if (kp_blank(want) || kp_date_parse_iso(want, &d))
        d = kp_ctx_today(&r->ctx);
    kp_date_format_iso(d, at);
    kp_diplan_object o;
    kp_diplan_history hist;
    char region[8];
    kp_rc rc = kp_diplan_object_at(&r->ctx, r->path_id, d, &o, region, &hist);
    bool not_yet = rc == KP_ENOTFOUND && region[0];
    if (rc && !not_yet)
        return kp_error(r, kp_status_for(rc)); /* unknown or another region's: 404 */
    kp_diplan all;
    kp_date far = KP_DATE_NONE;
    kp_date_parse_iso("2999-12-31", &far);
    rc = kp_diplan_at(&r->ctx, region, far, 0, &all);
    if (rc) {
        kp_diplan_history_free(&hist);
        return kp_error(r, kp_status_for(rc));
    }
    const char *municipality = dp_municipality_name(r, o.municipality_id);
    kp_html *h = &r->out;
    kp_page_begin(r, dp_s(r, DP_OBJECT_TITLE));
    raw(r, "<h1>");
    html_text(h, not_yet ? dp_s(r, DP_OBJECT_TITLE) : o.name);
    raw(r, "</h1>\n");
    if (opt_in(r, "saved"))
        kp_notice(r, dp_s(r, DP_SAVED));
    raw(r, "<form method=\"get\" action=\"/di-plan/objects/");
    html_int(h, r->path_id);
    raw(r, "\" class=\"panel\">");
    kp_form_field(r, "at", dp_s(r, DP_AT), "date", at, NULL, true);
    raw(r, "<button type=\"submit\">");
    html_text(h, dp_s(r, DP_SHOW));
    raw(r, "</button></form>\n");
    if (not_yet) {
        raw(r, "<p>");
        html_text(h, dp_s(r, DP_NOT_YET));
        raw(r, "</p>\n");
    } else {
        facts(r, &o, municipality);
    }
    history(r, &hist);
    if (r->ctx.role == KP_ROLE_REGION) {
        change_form(r, &all);
        if (!not_yet)
            edit_form(r, &o);
    }
    raw(r, "<p><a href=\"/di-plan?at=");
    html_url_arg(h, at);
    raw(r, "\">");
    html_text(h, dp_s(r, DP_BACK));
    raw(r, "</a></p>\n");
    kp_diplan_free(&all);
    kp_diplan_history_free(&hist);
    kp_page_end(r);
    status = 200;
    return status;
}

static int back(kp_req *r, kp_rc rc, const char *at)
{
    if (rc == KP_EINVAL || rc == KP_ECONFLICT) {
        int st = page_diplan_object(r);
        return st == 200 ? (rc == KP_ECONFLICT ? 409 : 422) : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_redirect(r, kp_arena_printf(&r->arena, "/di-plan/objects/%lld?saved=1%s%s", (long long)r->path_id,
                                          at && at[0] ? "&at=" : "", at ? at : ""));
}

int page_diplan_object_change(kp_req *r)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)r->path_id);
    const char *field = kp_in(r, "field");
    const char *value = dp_stored(r, field, kp_in(r, "new_value"), "new_value");
    if (!value) {
        int st = page_diplan_object(r);
        return st == 200 ? 422 : st;
    }
    kp_object_change_in in = {.amendment_id = kp_in(r, "amendment_id"), .object_id = id, .field = field,
                              .new_value = value, .effective_on = kp_in(r, "effective_on"),
                              .reason = kp_in(r, "reason")};
    if (!kp_blank(in.amendment_id)) {
        in.effective_on = NULL;
        in.reason = NULL;
    }
    bool confirmed = kp_in_int(r, "confirm", 0) == 1;
    kp_rc rc = kp_diplan_change(&r->ctx, &in, confirmed, &r->errors, NULL, NULL);
    return back(r, rc, NULL);
}

int page_diplan_object_edit(kp_req *r)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)r->path_id);
    /* The field shows and takes the date as people type it (dd.mm.yyyy.,
     * the router leaves it as text because "-" clears it); the use case
     * reads ISO. */
    const char *done = kp_in(r, "actual_completion");
    if (!kp_blank(done) && strcmp(done, "-") != 0)
        done = dp_stored(r, "actual_completion", done, "actual_completion");
    if (!done)
        return back(r, KP_EINVAL, NULL);
    kp_plan_object_edit_in in = {.object_id = id, .actual_completion = done,
                                 .other_sources = kp_in(r, "other_sources"), .effective_on = kp_in(r, "edit_on"),
                                 .reason = kp_in(r, "edit_reason")};
    kp_rc rc = kp_plan_object_edit(&r->ctx, &in, &r->errors);
    /* The form names its day and reason apart from the change form's. */
    for (size_t i = 0; i < r->errors.n; i++) {
        char *f = r->errors.items[i].field;
        if (strcmp(f, "effective_on") == 0)
            snprintf(f, sizeof r->errors.items[i].field, "edit_on");
        else if (strcmp(f, "reason") == 0)
            snprintf(f, sizeof r->errors.items[i].field, "edit_reason");
    }
    return back(r, rc, NULL);
}
