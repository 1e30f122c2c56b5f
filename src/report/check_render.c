/* The data-quality report as text, CSV and HTML (see check_render.h). */
#include "report/check_render.h"
#include "report/html_escape.h"
#include "service/transfer/transfer_kinds.h"
#include <stdio.h>
#include <string.h>

typedef struct words {
    const char *title, *at, *scope_all, *check, *severity, *count, *todo, *record, *territory,
        *client, *date, *what, *unconfirmed, *recorded_under, *none, *no_details, *sev[3];
} words;

static const words LV = {"Datu kvalitātes pārbaude", "uz", "visi ieraksti", "Pārbaude", "Nozīmīgums",
                         "Atradumi", "Kas jādara", "Ieraksts", "Teritorija", "Klients", "Datums", "Kas nav kārtībā",
                         "ATVK kods nav apstiprināts", "ierakstīts", "atradumu nav",
                         "Atradumi netiek uzskaitīti: tikai skaits.", {"informācijai", "brīdinājums", "kļūda"}};
static const words EN = {"Data-quality check", "at", "all records", "Check", "Severity", "Findings",
                         "What to do", "Record", "Territory", "Client", "Date", "What is wrong",
                         "ATVK code not confirmed", "recorded under", "no findings",
                         "Findings are not listed: counts only.", {"information", "warning", "error"}};

static const words *words_for(const char *lang)
{
    return lang && strcmp(lang, "lv") == 0 ? &LV : &EN;
}

/* "2 errors, 0 warnings, 1 for information" in the words' language. */
static void summary_text(const kp_check_report *r, const words *w, char *out, size_t outlen)
{
    size_t e = r->severity[KP_CHECK_ERROR], wn = r->severity[KP_CHECK_WARNING], i = r->severity[KP_CHECK_INFO];
    if (w == &LV)
        snprintf(out, outlen, "kļūdas: %zu, brīdinājumi: %zu, informācijai: %zu", e, wn, i);
    else
        snprintf(out, outlen, "%zu errors, %zu warnings, %zu for information", e, wn, i);
}

static const char *title_of(const kp_check_def *d, const char *lang)
{
    return lang && strcmp(lang, "lv") == 0 ? d->title_lv : d->title_en;
}

static const char *todo_of(const kp_check_def *d, const char *lang)
{
    return lang && strcmp(lang, "lv") == 0 ? d->todo_lv : d->todo_en;
}

/* "Bauskas novads 0400200" (", ATVK code not confirmed"), and the territory
 * the record was made under when another holds it on the check date. */
static kp_rc territory_text(kp_buf *b, const kp_finding *f, const words *w)
{
    if (!f->holder_id)
        return f->region[0] ? kp_buf_puts(b, f->region) : KP_OK;
    kp_rc rc = kp_buf_printf(b, "%s %s", f->municipality, f->atvk);
    if (!rc && !f->atvk_confirmed)
        rc = kp_buf_printf(b, " (%s)", w->unconfirmed);
    if (!rc && f->recorded_atvk[0] && strcmp(f->recorded_atvk, f->atvk) != 0)
        rc = kp_buf_printf(b, ", %s %s", w->recorded_under, f->recorded_atvk);
    return rc;
}

static kp_rc client_text(kp_buf *b, const kp_finding *f)
{
    if (!f->client_id)
        return KP_OK;
    kp_rc rc = kp_buf_printf(b, "%lld", (long long)f->client_id);
    if (!rc && f->client_name[0])
        rc = kp_buf_printf(b, " %s", f->client_name);
    return rc;
}

/* ---- text ------------------------------------------------------------------------------ */

kp_rc kp_check_render_text(const kp_check_report *r, const char *lang, const char *scope, kp_buf *out)
{
    if (!r || !out)
        return KP_EINVAL;
    const words *w = words_for(lang);
    size_t n = 0;
    const kp_check_def *t = kp_checks(&n);
    char sum[160];
    summary_text(r, w, sum, sizeof sum);
    kp_rc rc = kp_buf_printf(out, "%s %s %s (%s): %s", w->title, w->at, r->at, scope && *scope ? scope : w->scope_all,
                             sum);
    if (!rc)
        rc = kp_buf_puts(out, "\n\n");
    for (size_t i = 0; i < n && i < r->checks && !rc; i++)
        rc = kp_buf_printf(out, "%6zu  %-8s %-32s %s\n", r->per_check[i], kp_check_severity_name(t[i].severity), t[i].id,
                           title_of(&t[i], lang));
    if (!rc && !r->details)
        rc = kp_buf_printf(out, "\n%s\n", w->no_details);
    for (size_t i = 0; i < n && i < r->checks && r->details && !rc; i++) {
        if (!r->per_check[i])
            continue;
        rc = kp_buf_printf(out, "\n%s %s: %s (%zu)\n  %s: %s\n", kp_check_severity_name(t[i].severity), t[i].id,
                           title_of(&t[i], lang), r->per_check[i], w->todo, todo_of(&t[i], lang));
        for (size_t k = 0; k < r->n && !rc; k++) {
            const kp_finding *f = &r->items[k];
            if (f->check != &t[i])
                continue;
            rc = kp_buf_printf(out, "  %s %lld | ", f->kind, (long long)f->record_id);
            if (!rc)
                rc = territory_text(out, f, w);
            if (!rc && f->client_id) {
                rc = kp_buf_printf(out, " | %s ", w->client);
                if (!rc)
                    rc = client_text(out, f);
            }
            if (!rc && f->date[0])
                rc = kp_buf_printf(out, " | %s", f->date);
            if (!rc)
                rc = kp_buf_printf(out, "\n    %s\n", f->message);
        }
    }
    return rc;
}

/* ---- CSV ------------------------------------------------------------------------------- */

/* One field: quoted when it holds a comma, quote, line break or edge
 * space; free text that a spreadsheet would run gets the guard. */
static kp_rc field(kp_buf *b, const char *v, bool first, bool free_text)
{
    v = v ? v : "";
    size_t n = strlen(v);
    bool guard = free_text && kp_transfer_needs_guard(v);
    bool quote = strpbrk(v, ",\"\r\n") != NULL || (n && (v[0] == ' ' || v[0] == '\t' || v[n - 1] == ' ' ||
                                                         v[n - 1] == '\t'));
    kp_rc rc = first ? KP_OK : kp_buf_putc(b, ',');
    if (!rc && quote)
        rc = kp_buf_putc(b, '"');
    if (!rc && guard)
        rc = kp_buf_putc(b, KP_TRANSFER_GUARD);
    for (const char *p = v; *p && !rc; p++) {
        if (*p == '"')
            rc = kp_buf_putc(b, '"');
        if (!rc)
            rc = kp_buf_putc(b, *p);
    }
    if (!rc && quote)
        rc = kp_buf_putc(b, '"');
    return rc;
}

static kp_rc number(kp_buf *b, int64_t v)
{
    return kp_buf_printf(b, ",%lld", (long long)v);
}

kp_rc kp_check_render_csv(const kp_check_report *r, const char *lang, kp_buf *out)
{
    if (!r || !out)
        return KP_EINVAL;
    kp_rc rc = kp_buf_puts(out, "check,severity,title,kind,record_id,region,municipality_atvk,atvk_confirmed,"
                                "municipality,recorded_under_atvk,client_id,client_name,date,message,what_to_do\n");
    for (size_t k = 0; k < r->n && !rc; k++) {
        const kp_finding *f = &r->items[k];
        rc = field(out, f->check->id, true, false);
        if (!rc)
            rc = field(out, kp_check_severity_name(f->check->severity), false, false);
        if (!rc)
            rc = field(out, title_of(f->check, lang), false, true);
        if (!rc)
            rc = field(out, f->kind, false, false);
        if (!rc)
            rc = number(out, f->record_id);
        if (!rc)
            rc = field(out, f->region, false, false);
        if (!rc)
            rc = field(out, f->atvk, false, false);
        if (!rc)
            rc = field(out, f->holder_id ? (f->atvk_confirmed ? "yes" : "no") : "", false, false);
        if (!rc)
            rc = field(out, f->municipality, false, true);
        if (!rc)
            rc = field(out, strcmp(f->recorded_atvk, f->atvk) != 0 ? f->recorded_atvk : "", false, false);
        if (!rc && f->client_id)
            rc = number(out, f->client_id);
        else if (!rc)
            rc = kp_buf_putc(out, ',');
        if (!rc)
            rc = field(out, f->client_name, false, true);
        if (!rc)
            rc = field(out, f->date, false, false);
        if (!rc)
            rc = field(out, f->message, false, true);
        if (!rc)
            rc = field(out, todo_of(f->check, lang), false, true);
        if (!rc)
            rc = kp_buf_putc(out, '\n');
    }
    return rc;
}

/* ---- HTML ------------------------------------------------------------------------------ */

static const char CSS[] =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:14px;color:#111;max-width:75em;margin:2em auto;"
    "padding:0 1em}h1,h2{color:#1a4073}table{border-collapse:collapse;margin:.5em 0 1.5em;width:100%}"
    "th,td{border-bottom:1px solid #bbb;padding:.25em .4em;vertical-align:top;text-align:left}"
    "thead th{background:#dbe5f1}td.num{text-align:right}.error{color:#8c2608;font-weight:bold}"
    ".warning{color:#7a5a00;font-weight:bold}.todo{background:#eef3f9;padding:.5em}";

static kp_rc cell(kp_buf *b, const char *text)
{
    kp_rc rc = kp_html_raw_trusted(b, "<td>");
    if (!rc)
        rc = kp_html_text(b, text);
    if (!rc)
        rc = kp_html_raw_trusted(b, "</td>");
    return rc;
}

static kp_rc header_cells(kp_buf *b, const char *const *names, size_t n)
{
    kp_rc rc = kp_html_raw_trusted(b, "<thead><tr>");
    for (size_t i = 0; i < n && !rc; i++) {
        rc = kp_html_raw_trusted(b, "<th scope=\"col\">");
        if (!rc)
            rc = kp_html_text(b, names[i]);
        if (!rc)
            rc = kp_html_raw_trusted(b, "</th>");
    }
    if (!rc)
        rc = kp_html_raw_trusted(b, "</tr></thead><tbody>\n");
    return rc;
}

kp_rc kp_check_render_html(const kp_check_report *r, const char *lang, const char *scope, kp_buf *out)
{
    if (!r || !out)
        return KP_EINVAL;
    const words *w = words_for(lang);
    bool lv = lang && strcmp(lang, "lv") == 0;
    size_t n = 0;
    const kp_check_def *t = kp_checks(&n);
    char heading[256], summary[160];
    snprintf(heading, sizeof heading, "%s %s %s (%s)", w->title, w->at, r->at, scope && *scope ? scope : w->scope_all);
    summary_text(r, w, summary, sizeof summary);
    kp_rc rc = kp_html_raw_trusted(out, lv ? "<!DOCTYPE html>\n<html lang=\"lv\">\n<head>\n<meta charset=\"utf-8\">\n"
                                          : "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    if (!rc)
        rc = kp_html_raw_trusted(out, "<title>");
    if (!rc)
        rc = kp_html_text(out, heading);
    if (!rc)
        rc = kp_html_raw_trusted(out, "</title>\n<style>");
    if (!rc)
        rc = kp_html_raw_trusted(out, CSS);
    if (!rc)
        rc = kp_html_raw_trusted(out, "</style>\n</head>\n<body>\n<h1>");
    if (!rc)
        rc = kp_html_text(out, heading);
    if (!rc)
        rc = kp_html_raw_trusted(out, "</h1>\n<p>");
    if (!rc)
        rc = kp_html_text(out, summary);
    if (!rc)
        rc = kp_html_raw_trusted(out, "</p>\n<table>\n");
    const char *const sum_cols[] = {w->check, w->severity, w->count};
    if (!rc)
        rc = header_cells(out, sum_cols, 3);
    for (size_t i = 0; i < n && i < r->checks && !rc; i++) {
        char count[32];
        snprintf(count, sizeof count, "%zu", r->per_check[i]);
        rc = kp_html_raw_trusted(out, "<tr><td>");
        if (!rc && r->per_check[i] && r->details) {
            rc = kp_html_raw_trusted(out, "<a href=\"#");
            if (!rc)
                rc = kp_html_attr(out, t[i].id);
            if (!rc)
                rc = kp_html_raw_trusted(out, "\">");
            if (!rc)
                rc = kp_html_text(out, title_of(&t[i], lang));
            if (!rc)
                rc = kp_html_raw_trusted(out, "</a>");
        } else if (!rc) {
            rc = kp_html_text(out, title_of(&t[i], lang));
        }
        if (!rc)
            rc = kp_html_raw_trusted(out, "</td><td class=\"");
        if (!rc)
            rc = kp_html_attr(out, kp_check_severity_name(t[i].severity));
        if (!rc)
            rc = kp_html_raw_trusted(out, "\">");
        if (!rc)
            rc = kp_html_text(out, w->sev[t[i].severity]);
        if (!rc)
            rc = kp_html_raw_trusted(out, "</td><td class=\"num\">");
        if (!rc)
            rc = kp_html_text(out, count);
        if (!rc)
            rc = kp_html_raw_trusted(out, "</td></tr>\n");
    }
    if (!rc)
        rc = kp_html_raw_trusted(out, "</tbody></table>\n");
    if (!rc && !r->details) {
        rc = kp_html_raw_trusted(out, "<p>");
        if (!rc)
            rc = kp_html_text(out, w->no_details);
        if (!rc)
            rc = kp_html_raw_trusted(out, "</p>\n");
    }
    const char *const cols[] = {w->record, w->territory, w->client, w->date, w->what};
    for (size_t i = 0; i < n && i < r->checks && r->details && !rc; i++) {
        if (!r->per_check[i])
            continue;
        rc = kp_html_raw_trusted(out, "<section id=\"");
        if (!rc)
            rc = kp_html_attr(out, t[i].id);
        if (!rc)
            rc = kp_html_raw_trusted(out, "\">\n<h2>");
        if (!rc)
            rc = kp_html_text(out, title_of(&t[i], lang));
        if (!rc)
            rc = kp_html_raw_trusted(out, "</h2>\n<p class=\"todo\"><strong>");
        if (!rc)
            rc = kp_html_text(out, w->todo);
        if (!rc)
            rc = kp_html_raw_trusted(out, ":</strong> ");
        if (!rc)
            rc = kp_html_text(out, todo_of(&t[i], lang));
        if (!rc)
            rc = kp_html_raw_trusted(out, "</p>\n<table>\n");
        if (!rc)
            rc = header_cells(out, cols, 5);
        for (size_t k = 0; k < r->n && !rc; k++) {
            const kp_finding *f = &r->items[k];
            if (f->check != &t[i])
                continue;
            kp_buf tmp;
            kp_buf_init(&tmp, 4096);
            char rec[64];
            snprintf(rec, sizeof rec, "%s %lld", f->kind, (long long)f->record_id);
            rc = kp_html_raw_trusted(out, "<tr>");
            if (!rc)
                rc = cell(out, rec);
            if (!rc)
                rc = territory_text(&tmp, f, w);
            if (!rc)
                rc = cell(out, kp_buf_str(&tmp));
            kp_buf_reset(&tmp);
            if (!rc)
                rc = client_text(&tmp, f);
            if (!rc)
                rc = cell(out, kp_buf_str(&tmp));
            kp_buf_free(&tmp);
            if (!rc)
                rc = cell(out, f->date);
            if (!rc)
                rc = cell(out, f->message);
            if (!rc)
                rc = kp_html_raw_trusted(out, "</tr>\n");
        }
        if (!rc)
            rc = kp_html_raw_trusted(out, "</tbody></table>\n</section>\n");
    }
    if (!rc)
        rc = kp_html_raw_trusted(out, "</body>\n</html>\n");
    return rc;
}
