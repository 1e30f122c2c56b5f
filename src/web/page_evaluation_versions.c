/* The approved versions of a region's evaluation: every version with who
 * approved it and when, how many figures and chapters changed since the
 * one before, and its files with their SHA-256; a version's own page lists
 * the changes; a version's file is served byte for byte as stored. */
#include "web/eval_pages.h"
#include "report/evaluation_rows.h"
#include "service/figures/open_data.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *format, *type;
} TYPES[] = {
    {"pdf", "application/pdf"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"html", "text/html; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"json", "application/json"},
};

/* The files of a version; `open`: only those given out as open data
 * (csv, json), without the stored bytes' size and hash. */
static void files_list(kp_req *r, const kp_eval_version *v, bool open)
{
    html_raw_trusted(&r->out, "<ul class=\"files\">");
    for (size_t k = 0; k < v->nfiles; k++) {
        if (open) {
            if (strcmp(v->files[k].format, "csv") && strcmp(v->files[k].format, "json"))
                continue;
            html_raw_trusted(&r->out, "<li><a href=\"/evaluation/versions/");
            html_int(&r->out, v->id);
            html_raw_trusted(&r->out, "/file?format=");
            html_url_arg(&r->out, v->files[k].format);
            html_raw_trusted(&r->out, "\" download>");
            html_text(&r->out, v->files[k].format);
            html_raw_trusted(&r->out, "</a></li>");
            continue;
        }
        html_raw_trusted(&r->out, "<li><a href=\"/evaluation/versions/");
        html_int(&r->out, v->id);
        html_raw_trusted(&r->out, "/file?format=");
        html_url_arg(&r->out, v->files[k].format);
        html_raw_trusted(&r->out, "\" download>");
        html_text(&r->out, v->files[k].format);
        html_raw_trusted(&r->out, "</a> (");
        html_int(&r->out, v->files[k].bytes);
        html_raw_trusted(&r->out, " ");
        html_text(&r->out, eval_s(r, E_BYTES));
        html_raw_trusted(&r->out, ") <code class=\"sha\">");
        html_text(&r->out, v->files[k].sha256);
        html_raw_trusted(&r->out, "</code></li>");
    }
    html_raw_trusted(&r->out, "</ul>");
}

int page_evaluation_versions(kp_req *r)
{
    const char *region = NULL;
    kp_date at;
    char at_iso[11];
    if (!eval_target(r, &region, &at, at_iso))
        return kp_error(r, 400);
    kp_eval_version *list = NULL;
    size_t n = 0;
    kp_rc rc = kp_evaluation_versions(&r->ctx, region, at, &list, &n);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_page_begin(r, eval_s(r, E_VERSIONS));
    html_raw_trusted(&r->out, "<h1>");
    html_text(&r->out, eval_s(r, E_VERSIONS));
    html_raw_trusted(&r->out, "</h1>\n<p>");
    html_text(&r->out, region);
    html_raw_trusted(&r->out, ", ");
    html_text(&r->out, eval_s(r, E_FOR));
    html_raw_trusted(&r->out, " ");
    html_text(&r->out, kp_fmt_date(r, at_iso));
    html_raw_trusted(&r->out, "</p>\n");
    eval_subnav(r, region, at_iso, E_VERSIONS);
    if (!n) {
        html_raw_trusted(&r->out, "<p>");
        html_text(&r->out, eval_s(r, E_NO_VERSIONS));
        html_raw_trusted(&r->out, "</p>\n");
    } else {
        static const int heads[] = {E_VERSION, E_APPROVED_AT, E_APPROVED_BY, E_NCHANGES, E_FILES};
        html_raw_trusted(&r->out, "<table class=\"stack versions\"><thead><tr>");
        for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++) {
            html_raw_trusted(&r->out, "<th scope=\"col\">");
            html_text(&r->out, eval_s(r, heads[k]));
            html_raw_trusted(&r->out, "</th>");
        }
        html_raw_trusted(&r->out, "</tr></thead><tbody>\n");
        for (size_t i = n; i-- > 0;) { /* newest first */
            const kp_eval_version *v = &list[i];
            html_raw_trusted(&r->out, "<tr><td data-label=\"");
            html_attr(&r->out, eval_s(r, E_VERSION));
            html_raw_trusted(&r->out, "\"><a href=\"/evaluation/versions/");
            html_int(&r->out, v->id);
            html_raw_trusted(&r->out, "\">");
            html_int(&r->out, v->version);
            html_raw_trusted(&r->out, "</a></td><td data-label=\"");
            html_attr(&r->out, eval_s(r, E_APPROVED_AT));
            html_raw_trusted(&r->out, "\">");
            html_text(&r->out, kp_fmt_time(r, v->approved_at));
            html_raw_trusted(&r->out, "</td><td data-label=\"");
            html_attr(&r->out, eval_s(r, E_APPROVED_BY));
            html_raw_trusted(&r->out, "\">");
            html_text(&r->out, v->approved_by);
            html_raw_trusted(&r->out, "</td><td class=\"num\" data-label=\"");
            html_attr(&r->out, eval_s(r, E_NCHANGES));
            html_raw_trusted(&r->out, "\">");
            if (v->version > 1)
                html_int(&r->out, (int64_t)v->nchanges);
            else
                html_text(&r->out, "—");
            html_raw_trusted(&r->out, "</td><td data-label=\"");
            html_attr(&r->out, eval_s(r, E_FILES));
            html_raw_trusted(&r->out, "\">");
            files_list(r, v, kp_disclosure_needed(&r->ctx, v->region));
            html_raw_trusted(&r->out, "</td></tr>\n");
        }
        html_raw_trusted(&r->out, "</tbody></table>\n<p>");
        html_text(&r->out, eval_s(r, E_OPEN_DATA));
        html_raw_trusted(&r->out, " <a href=\"/open-data/evaluation/");
        html_url_arg(&r->out, region);
        html_raw_trusted(&r->out, "/");
        html_url_arg(&r->out, at_iso);
        html_raw_trusted(&r->out, ".csv\">/open-data/evaluation/");
        html_text(&r->out, region);
        html_raw_trusted(&r->out, "/");
        html_text(&r->out, at_iso);
        html_raw_trusted(&r->out, ".csv</a></p>\n");
    }
    kp_page_end(r);
    free(list);
    return 200;
}

int page_evaluation_version(kp_req *r)
{
    kp_eval_version v;
    kp_eval_changes changes;
    kp_rc rc = kp_evaluation_version_get(&r->ctx, r->path_id, &v, &changes);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    char title[160];
    snprintf(title, sizeof title, "%s %lld", eval_s(r, E_VERSION_TITLE), (long long)v.version);
    kp_page_begin(r, title);
    html_raw_trusted(&r->out, "<h1>");
    html_text(&r->out, title);
    html_raw_trusted(&r->out, "</h1>\n");
    eval_subnav(r, v.region, v.at, E_VERSIONS);
    html_raw_trusted(&r->out, "<dl class=\"sum\"><dt>");
    html_text(&r->out, KP_S(r, S_EVAL_REGION));
    html_raw_trusted(&r->out, "</dt><dd>");
    html_text(&r->out, v.region);
    html_raw_trusted(&r->out, "</dd><dt>");
    html_text(&r->out, KP_S(r, S_EVAL_AT));
    html_raw_trusted(&r->out, "</dt><dd>");
    html_text(&r->out, kp_fmt_date(r, v.at));
    html_raw_trusted(&r->out, "</dd><dt>");
    html_text(&r->out, eval_s(r, E_APPROVED_AT));
    html_raw_trusted(&r->out, "</dt><dd>");
    html_text(&r->out, kp_fmt_time(r, v.approved_at));
    html_raw_trusted(&r->out, "</dd><dt>");
    html_text(&r->out, eval_s(r, E_APPROVED_BY));
    html_raw_trusted(&r->out, "</dt><dd>");
    html_text(&r->out, v.approved_by);
    html_raw_trusted(&r->out, "</dd><dt>");
    html_text(&r->out, eval_s(r, E_FILES));
    html_raw_trusted(&r->out, "</dt><dd>");
    files_list(r, &v, kp_disclosure_needed(&r->ctx, v.region));
    html_raw_trusted(&r->out, "</dd></dl>\n");
    if (v.version > 1) {
        html_raw_trusted(&r->out, "<h2>");
        html_text(&r->out, eval_s(r, E_AP_SINCE));
        html_textf(&r->out, " %lld (%zu)", (long long)(v.version - 1), changes.n);
        html_raw_trusted(&r->out, "</h2>\n");
        if (changes.n)
            eval_changes_table(r, &changes);
        else {
            html_raw_trusted(&r->out, "<p>");
            html_text(&r->out, eval_s(r, E_AP_NOCHANGE));
            html_raw_trusted(&r->out, "</p>\n");
        }
    }
    kp_eval_changes_free(&changes);
    kp_page_end(r);
    return 200;
}

/* Approval r->path_id as open data (csv or json) and the bytes' SHA-256. */
static kp_rc version_open(kp_req *r, const char *format, kp_buf *bytes, char sha[65])
{
    kp_disclosure_rule rule;
    kp_rc rc = kp_disclosure_current(&rule, NULL, 0);
    kp_open_evaluation e = {0};
    if (!rc)
        rc = kp_open_evaluation_version(&r->ctx, r->path_id, &rule, &e);
    if (rc)
        return rc;
    char *mem = NULL, at[11] = "", source[64];
    size_t len = 0;
    kp_eval_version v;
    rc = kp_evaluation_version_get(&r->ctx, r->path_id, &v, NULL);
    if (!rc)
        memcpy(at, v.at, sizeof at);
    snprintf(source, sizeof source, "approved version %lld of %s", (long long)e.version, e.approved_on);
    FILE *m = rc ? NULL : open_memstream(&mem, &len);
    if (!rc && !m)
        rc = KP_EIO;
    if (!rc)
        rc = !strcmp(format, "json") ? kp_rows_write_json_open(&e.figures, &e.disclosure, v.region, at, source, m)
                                     : kp_rows_write_csv_open(&e.figures, &e.disclosure, v.region, at, source, m);
    if (m && fclose(m) != 0 && !rc)
        rc = KP_EIO;
    if (!rc)
        rc = kp_buf_append(bytes, mem ? mem : "", len);
    if (!rc)
        kp_sha256_hex(mem ? mem : "", len, sha);
    free(mem);
    kp_open_evaluation_free(&e);
    return rc;
}

int page_evaluation_version_file(kp_req *r)
{
    const char *format = kp_in(r, "format");
    size_t t = 0;
    while (t < sizeof TYPES / sizeof TYPES[0] && (!format || strcmp(format, TYPES[t].format) != 0))
        t++;
    if (t == sizeof TYPES / sizeof TYPES[0]) {
        kp_errors_add(&r->errors, "format", format ? format : "", "%s", eval_s(r, E_ERR_FORMAT));
        return kp_error(r, 400);
    }
    kp_eval_version v;
    kp_buf bytes;
    kp_buf_init(&bytes, 0);
    char sha[65];
    kp_rc rc = kp_evaluation_version_get(&r->ctx, r->path_id, &v, NULL);
    /* Beyond the region's own officials (the ministry) an approved version
     * is given out as open data: its figures with small numbers suppressed
     * (docs/figures.md, "Open data without small numbers"). */
    bool open = !rc && kp_disclosure_needed(&r->ctx, v.region);
    if (open && strcmp(format, "csv") && strcmp(format, "json")) {
        kp_errors_add(&r->errors, "format", format, "%s", eval_s(r, E_ERR_OPEN_ONLY));
        return kp_error(r, 403);
    }
    if (open)
        rc = version_open(r, format, &bytes, sha);
    else if (!rc)
        rc = kp_evaluation_version_file(&r->ctx, r->path_id, format, &bytes, sha);
    if (rc) {
        kp_buf_free(&bytes);
        return kp_error(r, kp_status_for(rc));
    }
    /* The stored bytes, unchanged. */
    kp_html_free(&r->out);
    kp_html_init(&r->out);
    int status = 200;
    if (kp_buf_append(&r->out.buf, bytes.data ? bytes.data : "", bytes.len))
        status = kp_error(r, 413);
    kp_buf_free(&bytes);
    if (status != 200)
        return status;
    r->content_type = TYPES[t].type;
    kp_add_header(r, "Content-Disposition",
                  kp_arena_printf(&r->arena, "attachment; filename=\"izvertejums-%.8s-%.10s-v%lld%s.%s\"", v.region,
                                  v.at, (long long)v.version, open ? "-atvertie-dati" : "", format));
    kp_add_header(r, "X-Content-SHA256", kp_arena_strdup(&r->arena, sha));
    return status;
}
