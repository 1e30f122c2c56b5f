/* The receipt PDF of an application made online (receipt.h), drawn by the
 * report renderer the case documents use. */
#include "report/receipt.h"
#include "report/model.h"
#include "report/render.h"
#include "service/intake/applications.h"
#include "service/validate.h"
#include <stdio.h>
#include <string.h>

static void row(kp_doc *d, kp_table *t, const char *k, const char *v)
{
    kp_cell *c = kp_table_row(d, t);
    c[0] = kp_c_text(d, k);
    c[1] = kp_c_text(d, v);
}

kp_rc kp_document_application_receipt(kp_ctx *ctx, const char *reference, const char *code, const char *address,
                                      int64_t now, kp_buf *pdf_out, int64_t *retry_after)
{
    if (!ctx || !reference || !code || !address || !pdf_out || !retry_after)
        return KP_EINVAL;
    kp_app_status st;
    kp_rc rc = kp_app_status_get(ctx, reference, code, address, now, &st, retry_after);
    if (rc)
        return rc;
    bool en = kp_ctx_is_en(ctx);
    kp_doc d;
    kp_doc_init(&d);
    int y = 0, m = 0, dd = 0;
    if (sscanf(st.submitted_at, "%4d-%2d-%2d", &y, &m, &dd) == 3)
        d.created = kp_date_from_ymd(y, m, dd);
    d.title = en ? "Receipt of an application for a social service" : "Apliecinājums par pieteikumu sociālajam pakalpojumam";
    d.subtitle = kp_doc_printf(&d, "%s %s", en ? "Reference number" : "Pieteikuma numurs", st.reference);
    d.state_line = kp_doc_str(&d, st.municipality);
    kp_section *s = kp_doc_section(&d, en ? "Application" : "Pieteikums", NULL, false);
    kp_table *t = kp_doc_table(&d, s, NULL, 2, en ? "Field" : "Lauks", en ? "Value" : "Vērtība");
    row(&d, t, en ? "Reference number" : "Pieteikuma numurs", st.reference);
    /* The code is normalised to the grouped form the receipt page shows. */
    char cd[KP_APP_CODE_LEN + 1] = "";
    size_t k = 0;
    for (const char *p = code; *p && k < KP_APP_CODE_LEN; p++) {
        char c = *p;
        if (c == ' ' || c == '-')
            continue;
        if (k == 5)
            cd[k++] = '-';
        cd[k++] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
    cd[k] = '\0';
    row(&d, t, en ? "Status code" : "Statusa kods", cd);
    row(&d, t, en ? "Submitted (UTC)" : "Iesniegts (UTC)", kp_doc_printf(&d, "%.10s %.5s", st.submitted_at, st.submitted_at + 11));
    row(&d, t, en ? "Municipality" : "Pašvaldība", st.municipality);
    row(&d, t, en ? "Service" : "Pakalpojums", st.service);
    kp_doc_para(&d, s,
                en ? "Keep this receipt. With the reference number and the status code you can see the status of the "
                     "application at /en/apply/status. The code is not shown again and cannot be recovered; nobody "
                     "from the social service will ask you for it."
                   : "Saglabājiet šo apliecinājumu. Ar pieteikuma numuru un statusa kodu pieteikuma statusu var "
                     "redzēt adresē /pieteikums/statuss. Kods vairs netiks parādīts un nav atjaunojams; sociālā "
                     "dienesta darbinieki to jums nejautās.");
    kp_doc_para(&d, s,
                en ? "The municipality's social service will look at the application and may contact you by phone "
                     "or e-mail or ask for more information on the status page."
                   : "Pašvaldības sociālais dienests izskatīs pieteikumu un var sazināties ar jums pa tālruni vai "
                     "e-pastu vai lūgt papildu informāciju statusa lapā.");
    rc = kp_render_pdf(&d, pdf_out);
    kp_doc_free(&d);
    return rc;
}
