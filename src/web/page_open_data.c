/* The open data of the evaluation, without logging in:
 * GET /open-data/evaluation/{region}/{date}.csv (or .json) serves the
 * latest approved version of the region's evaluation at that date with
 * small numbers suppressed (service/figures/open_data.h), with an ETag; 404
 * when nothing was approved (or the region or date is unknown). */
#include "web/pages.h"
#include "report/evaluation_rows.h"
#include "service/figures/evaluations.h"
#include "service/figures/open_data.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int page_open_data_evaluation(kp_req *r)
{
    const char *region = r->path_code, *name = r->path_name;
    size_t n = name ? strlen(name) : 0;
    bool json = n == 15 && !strcmp(name + 10, ".json");
    if (!region || !name || !((n == 14 && !strcmp(name + 10, ".csv")) || json))
        return kp_error(r, 404);
    char iso[11];
    memcpy(iso, name, 10);
    iso[10] = '\0';
    kp_date at;
    if (kp_date_parse_iso(iso, &at))
        return kp_error(r, 404);
    kp_disclosure_rule rule;
    if (kp_disclosure_current(&rule, NULL, 0))
        return kp_error(r, 500);
    kp_open_evaluation e = {0};
    kp_rc rc = kp_open_evaluation_latest(&r->ctx, region, at, &rule, &e);
    if (rc)
        return kp_error(r, rc == KP_EINVAL ? 404 : kp_status_for(rc));
    char source[64];
    snprintf(source, sizeof source, "approved version %lld of %s", (long long)e.version, e.approved_on);
    char *mem = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&mem, &len);
    rc = !m    ? KP_EIO
         : json ? kp_rows_write_json_open(&e.figures, &e.disclosure, region, iso, source, m)
                : kp_rows_write_csv_open(&e.figures, &e.disclosure, region, iso, source, m);
    if (m && fclose(m) != 0 && !rc)
        rc = KP_EIO;
    kp_open_evaluation_free(&e);
    if (rc) {
        free(mem);
        return kp_error(r, 500);
    }
    char sha[65], etag[72];
    kp_sha256_hex(mem ? mem : "", len, sha);
    snprintf(etag, sizeof etag, "\"%s\"", sha);
    kp_add_header(r, "ETag", kp_arena_strdup(&r->arena, etag));
    kp_add_header(r, "Cache-Control", "public, max-age=300");
    const char *inm = kp_req_header(r, "If-None-Match");
    if (inm && !strcmp(inm, etag)) {
        free(mem);
        return 304;
    }
    kp_html_free(&r->out);
    kp_html_init(&r->out);
    int status = 200;
    if (kp_buf_append(&r->out.buf, mem ? mem : "", len))
        status = kp_error(r, 413);
    free(mem);
    if (status != 200)
        return status;
    r->content_type = json ? "application/json" : "text/csv; charset=utf-8";
    kp_add_header(r, "Content-Disposition",
                  kp_arena_printf(&r->arena, "inline; filename=\"izvertejums-%.8s-%.10s-atvertie-dati.%s\"", region,
                                  iso, json ? "json" : "csv"));
    return 200;
}
