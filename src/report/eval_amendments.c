/* The evaluation's appendix of DI plan amendments (see eval_amendments.h). */
#include "report/eval_amendments.h"
#include "report/eval_model.h"
#include "service/programme/diplan.h"
#include <string.h>

/* The text's lines as paragraphs (blank lines dropped). */
static void paragraphs(kp_doc *doc, kp_section *s, const char *text)
{
    const char *p = text;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
            n--;
        if (n)
            kp_doc_para(doc, s, kp_doc_printf(doc, "%.*s", (int)n, p));
        p = nl ? nl + 1 : NULL;
    }
}

kp_rc kp_eval_amendments_appendix(kp_ctx *ctx, const char *region, kp_date at, kp_doc *doc)
{
    if (!ctx || !region || !doc)
        return KP_EINVAL;
    if (strcmp(region, KP_REGION_ALL) == 0)
        return KP_OK;
    kp_diplan p;
    kp_rc rc = kp_diplan_at(ctx, region, at, 0, &p);
    if (rc)
        return rc;
    /* Seed 003 numbers it "Pielikums Nr. 2", after the disability statistics. */
    kp_section *s = kp_doc_section(doc, "2. pielikums. DI plāna grozījumi", "2. pielikums", true);
    if (!p.namendments) {
        kp_doc_para(doc, s, "Līdz izvērtējuma datumam DI plānam grozījumu nav.");
        kp_diplan_free(&p);
        return KP_OK;
    }
    kp_doc_para(doc, s, "Grozījumi, kas apstiprināti līdz izvērtējuma datumam, un to teksti. Grozījumi maina "
                        "plāna objektus no dienas, kad tie stājas spēkā.");
    kp_table *t = kp_doc_table(doc, s, "DI plāna grozījumi", 5, "Nr.", "Spēkā no", "Lēmums", "Pamatojums",
                               "Izmaiņas objektos");
    for (size_t i = 0; i < p.namendments; i++) {
        const kp_diplan_amendment *a = &p.amendments[i];
        kp_date from = KP_DATE_NONE, decided = KP_DATE_NONE;
        kp_date_parse_iso(a->approved_on, &from);
        char lv[12] = "";
        if (a->decision_on[0] && !kp_date_parse_iso(a->decision_on, &decided))
            kp_date_format_lv(decided, lv);
        kp_cell *row = kp_table_row(doc, t);
        row[0] = kp_c_count(a->number);
        row[1] = kp_c_date(from);
        row[2] = kp_c_text(doc, a->decision_no[0] && lv[0] ? kp_doc_printf(doc, "%s, %s", a->decision_no, lv)
                                : a->decision_no[0]      ? a->decision_no
                                                         : lv);
        row[3] = kp_c_text(doc, a->reason ? a->reason : "");
        row[4] = kp_c_count((int64_t)a->nchanges);
    }
    for (size_t i = 0; i < p.namendments; i++) {
        const kp_diplan_amendment *a = &p.amendments[i];
        kp_date from = KP_DATE_NONE;
        char lv[12] = "";
        if (!kp_date_parse_iso(a->approved_on, &from))
            kp_date_format_lv(from, lv);
        kp_doc_heading(doc, s, kp_doc_printf(doc, "Grozījumi Nr. %d (spēkā no %s)", a->number, lv));
        paragraphs(doc, s, a->text && a->text[0] ? a->text : a->reason);
    }
    kp_diplan_free(&p);
    return KP_OK;
}
