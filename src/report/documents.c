/* Case documents as PDF (see documents.h): each is a small report model
 * drawn by the same PDF renderer as the evaluation. */
#include "report/documents.h"
#include "report/model.h"
#include "report/render.h"
#include "service/casework/case_docs.h"
#include "service/casework/cases.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *unit_lv(const char *unit)
{
    static const char *const map[][2] = {{"hour", "stundas"}, {"day", "dienas"},        {"night", "naktis"},
                                         {"session", "nodarbības"}, {"month", "mēneši"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i][0], unit))
            return map[i][1];
    return unit;
}

static const char *mode_lv(const char *mode)
{
    if (!strcmp(mode, "day"))
        return "dienas laikā";
    if (!strcmp(mode, "night"))
        return "naktī (20:00–08:00)";
    if (!strcmp(mode, "full"))
        return "diennakts";
    return mode;
}

/* "31.12.2021." from "2021-12-31"; "" for an empty or bad date. */
static const char *lv(kp_doc *d, const char *iso)
{
    kp_date x;
    char out[12] = "";
    if (iso && iso[0] && !kp_date_parse_iso(iso, &x))
        kp_date_format_lv(x, out);
    return kp_doc_str(d, out);
}

static kp_date iso_date(const char *iso)
{
    kp_date x;
    return iso && !kp_date_parse_iso(iso, &x) ? x : KP_DATE_NONE;
}

static void field(kp_doc *d, kp_table *t, const char *label, const char *value)
{
    kp_cell *row = kp_table_row(d, t);
    row[0] = kp_c_text(d, label);
    row[1] = kp_c_text(d, value);
}

static void feed(crypto_hash_sha256_state *st, const char *s)
{
    if (!s)
        s = "";
    crypto_hash_sha256_update(st, (const unsigned char *)s, strlen(s) + 1);
}

/* SHA-256 over everything the document says (not its page layout). */
static void digest(const kp_doc *d, char hex[65])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    feed(&st, d->title);
    feed(&st, d->subtitle);
    feed(&st, d->state_line);
    feed(&st, d->watermark);
    for (size_t i = 0; i < d->nsections; i++) {
        const kp_section *s = d->sections[i];
        feed(&st, s->title);
        for (size_t b = 0; b < s->nblocks; b++) {
            const kp_block *k = &s->blocks[b];
            feed(&st, k->text);
            if (k->table) {
                feed(&st, k->table->title);
                for (size_t c = 0; c < k->table->ncols; c++)
                    feed(&st, k->table->header[c]);
                for (size_t c = 0; c < k->table->nrows * k->table->ncols; c++) {
                    char buf[512];
                    kp_cell_format(&k->table->cells[c], " ", buf, sizeof buf);
                    feed(&st, buf);
                }
            }
        }
    }
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

static kp_rc finish(kp_doc *d, const char *what, int64_t version, kp_buf *out)
{
    char hex[65];
    digest(d, hex);
    d->footer = kp_doc_printf(d, "%s · versija %lld · datu SHA-256: %s", what, (long long)version, hex);
    kp_section *s = kp_doc_section(d, "Dokumenta dati", NULL, false);
    kp_table *t = kp_doc_table(d, s, NULL, 2, "Lauks", "Vērtība");
    field(d, t, "Dokumenta versija", kp_doc_printf(d, "%lld", (long long)version));
    field(d, t, "Datu SHA-256", hex);
    return kp_render_pdf(d, out);
}

static kp_rc client_block(kp_ctx *ctx, kp_doc *d, kp_section *s, const kp_doc_client *c)
{
    if (!ctx->keys)
        return KP_ECRYPTO;
    char code[16] = "";
    kp_rc rc = kp_client_personal_code(ctx, c->id, code, sizeof code);
    if (rc)
        return rc;
    kp_table *t = kp_doc_table(d, s, "Klients", 2, "Lauks", "Vērtība");
    field(d, t, "Vārds, uzvārds", kp_doc_printf(d, "%s %s", c->given_name, c->family_name));
    field(d, t, "Personas kods", code);
    field(d, t, "Dzimšanas datums", lv(d, c->birth_date));
    field(d, t, "Mērķa grupa", c->target_group);
    field(d, t, "Pašvaldība", c->municipality);
    sodium_memzero(code, sizeof code);
    return KP_OK;
}

kp_rc kp_document_support_plan(kp_ctx *ctx, int64_t plan_id, kp_buf *pdf_out)
{
    if (!ctx || !pdf_out)
        return KP_EINVAL;
    kp_doc_plan p;
    kp_rc rc = kp_doc_plan_load(ctx, plan_id, &p);
    if (rc)
        return rc;
    kp_doc d;
    kp_doc_init(&d);
    bool approved = !strcmp(p.status, "approved") || !strcmp(p.status, "superseded");
    d.title = kp_doc_printf(&d, "Individuālais atbalsta plāns Nr. %lld", (long long)p.id);
    d.subtitle = kp_doc_printf(&d, "%s %s", p.client.given_name, p.client.family_name);
    d.state_line = kp_doc_printf(&d, "Plāna versija %lld · %s", (long long)p.version,
                                 !strcmp(p.status, "draft") ? "melnraksts, nav apstiprināts"
                                 : !strcmp(p.status, "approved") ? kp_doc_printf(&d, "apstiprināts %s", lv(&d, p.approved_on))
                                                                 : "aizstāts ar jaunāku versiju");
    d.watermark = approved ? NULL : "MELNRAKSTS";
    d.created = iso_date(approved && p.approved_on[0] ? p.approved_on : p.created_on);
    kp_section *s = kp_doc_section(&d, "Klients un plāns", NULL, false);
    rc = client_block(ctx, &d, s, &p.client);
    if (!rc) {
        kp_table *t = kp_doc_table(&d, s, "Plāns", 2, "Lauks", "Vērtība");
        field(&d, t, "Versija", kp_doc_printf(&d, "%lld", (long long)p.version));
        field(&d, t, "Izveidots", lv(&d, p.created_on));
        field(&d, t, "Apstiprināts", p.approved_on[0] ? lv(&d, p.approved_on) : "nav apstiprināts");
        field(&d, t, "Pārskatīšanas datums", lv(&d, p.review_on));
        s = kp_doc_section(&d, "Mērķi", NULL, false);
        kp_doc_para(&d, s, p.goals[0] ? p.goals : "Mērķi nav ierakstīti.");
        s = kp_doc_section(&d, "Pakalpojumi", NULL, false);
        kp_table *it = kp_doc_table(&d, s, NULL, 6, "Nr.", "Pakalpojums", "Apjoms", "Sniedzējs", "Periods", "Mērķis");
        for (size_t i = 0; i < p.nitems; i++) {
            const kp_doc_plan_item *x = &p.items[i];
            kp_cell *row = kp_table_row(&d, it);
            row[0] = kp_c_text(&d, kp_doc_printf(&d, "%zu.", i + 1));
            row[1] = kp_c_text(&d, x->service);
            row[2] = kp_c_text(&d, kp_doc_printf(&d, "%lld %s", (long long)x->volume, unit_lv(x->unit)));
            row[3] = kp_c_text(&d, x->provider[0] ? x->provider : "—");
            row[4] = kp_c_text(&d, kp_doc_printf(&d, "%s–%s", lv(&d, x->start), lv(&d, x->end)));
            row[5] = kp_c_text(&d, x->goal);
        }
        if (!p.nitems)
            kp_doc_para(&d, s, "Plānā vēl nav pakalpojumu.");
        rc = finish(&d, "Atbalsta plāns", p.version, pdf_out);
    }
    kp_doc_free(&d);
    kp_doc_plan_free(&p);
    return rc;
}

static kp_rc assignment_doc(kp_ctx *ctx, int64_t id, bool referral, kp_buf *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    kp_doc_assignment a;
    kp_rc rc = kp_doc_assignment_load(ctx, id, &a);
    if (rc)
        return rc;
    kp_doc d;
    kp_doc_init(&d);
    d.title = referral ? kp_doc_printf(&d, "Nosūtījums pakalpojuma saņemšanai Nr. %lld", (long long)a.id)
                       : kp_doc_printf(&d, "Lēmums par pakalpojuma piešķiršanu Nr. %lld", (long long)a.id);
    d.subtitle = kp_doc_printf(&d, "%s, %s", a.client.municipality, lv(&d, a.decided_on));
    /* What holds on the day it is printed (services.h: the status on a date). */
    d.state_line = !strcmp(a.status, "cancelled")
                       ? kp_doc_printf(&d, "Piešķīrums ir atcelts no %s.", lv(&d, a.cancelled_from))
                   : !strcmp(a.status, "suspended") ? kp_doc_str(&d, "Piešķīrums šobrīd ir apturēts.")
                   : !strcmp(a.status, "ended") && a.granted_end[0]
                       ? kp_doc_printf(&d, "Piešķīrums izbeigts pirms termiņa: pēdējā diena %s (piešķirts līdz %s).",
                                       lv(&d, a.end), lv(&d, a.granted_end))
                   : !strcmp(a.status, "ended") ? kp_doc_printf(&d, "Piešķīrums beidzās %s.", lv(&d, a.end))
                   : a.granted_end[0]
                       ? kp_doc_printf(&d, "Piešķīrums izbeigts pirms termiņa: pēdējā diena %s (piešķirts līdz %s).",
                                       lv(&d, a.end), lv(&d, a.granted_end))
                       : NULL;
    d.created = iso_date(a.decided_on);
    kp_section *s = kp_doc_section(&d, referral ? "Klients" : "Lēmums", NULL, false);
    if (!referral)
        kp_doc_para(&d, s, kp_doc_printf(&d, "%s sociālais dienests %s nolemj piešķirt klientam zemāk norādīto "
                                             "pakalpojumu%s.",
                                         a.client.municipality, lv(&d, a.decided_on),
                                         a.esf_funded ? ", ko apmaksā ESF projekta ietvaros" : ""));
    rc = client_block(ctx, &d, s, &a.client);
    if (!rc) {
        s = kp_doc_section(&d, "Pakalpojums", NULL, false);
        kp_table *t = kp_doc_table(&d, s, NULL, 2, "Lauks", "Vērtība");
        field(&d, t, "Pakalpojums", a.service);
        field(&d, t, "Apjoms", kp_doc_printf(&d, "%lld %s", (long long)a.units, unit_lv(a.unit)));
        if (a.hours_per_week)
            field(&d, t, "Stundas nedēļā", kp_doc_printf(&d, "%lld", (long long)a.hours_per_week));
        if (a.mode[0])
            field(&d, t, "Veids", mode_lv(a.mode));
        field(&d, t, "Periods", kp_doc_printf(&d, "%s–%s", lv(&d, a.start), lv(&d, a.end)));
        field(&d, t, "Finansējums", a.esf_funded ? "ESF projekts" : "pašvaldība");
        if (a.plan_version)
            field(&d, t, "Atbalsta plāna versija", kp_doc_printf(&d, "%lld", (long long)a.plan_version));
        s = kp_doc_section(&d, "Pakalpojuma sniedzējs", NULL, false);
        t = kp_doc_table(&d, s, NULL, 2, "Lauks", "Vērtība");
        field(&d, t, "Sniedzējs", a.provider[0] ? a.provider : "nav norādīts");
        if (a.provider_reg_no[0])
            field(&d, t, "Reģistrācijas Nr.", a.provider_reg_no);
        if (a.provider_address[0])
            field(&d, t, "Adrese", a.provider_address);
        if (referral)
            kp_doc_para(&d, s, "Lūdzam uzsākt pakalpojuma sniegšanu norādītajā periodā un apjomā un sniegtos "
                               "pakalpojumus ierakstīt sistēmā Kopā.");
        else
            kp_doc_para(&d, s, "Lēmumu var apstrīdēt Administratīvā procesa likumā noteiktajā kārtībā viena mēneša "
                               "laikā no tā spēkā stāšanās dienas.");
        rc = finish(&d, referral ? "Nosūtījums" : "Lēmums", 1, out);
    }
    kp_doc_free(&d);
    return rc;
}

kp_rc kp_document_decision(kp_ctx *ctx, int64_t assignment_id, kp_buf *pdf_out)
{
    return assignment_doc(ctx, assignment_id, false, pdf_out);
}

kp_rc kp_document_referral(kp_ctx *ctx, int64_t assignment_id, kp_buf *pdf_out)
{
    return assignment_doc(ctx, assignment_id, true, pdf_out);
}

kp_rc kp_document_statement(kp_ctx *ctx, int64_t provider_id, const char *atvk, const char *month, kp_buf *pdf_out)
{
    if (!ctx || !atvk || !month || !pdf_out)
        return KP_EINVAL;
    kp_doc_statement st;
    kp_rc rc = kp_doc_statement_load(ctx, provider_id, atvk, month, &st);
    if (rc)
        return rc;
    kp_doc d;
    kp_doc_init(&d);
    int y = 0, m = 0;
    sscanf(st.month, "%4d-%2d", &y, &m);
    int days = 31;
    while (days > 28 && !kp_date_valid_ymd(y, m, days))
        days--;
    d.created = kp_date_from_ymd(y, m, days);
    d.title = kp_doc_str(&d, "Ikmēneša pārskats par sniegtajiem pakalpojumiem");
    d.subtitle = kp_doc_printf(&d, "%s (reģ. Nr. %s)", st.provider, st.provider_reg_no);
    d.state_line = kp_doc_printf(&d, "%s · %02d.%04d.", st.municipality, m, y);
    kp_section *s = kp_doc_section(&d, "Sniegtie pakalpojumi", NULL, false);
    kp_table *t = kp_doc_table(&d, s, NULL, 5, "Datums", "Klients", "Pakalpojums", "Vienības", "Apstiprināts");
    int64_t total = 0, confirmed = 0;
    for (size_t i = 0; i < st.nlines; i++) {
        const kp_doc_statement_line *l = &st.lines[i];
        kp_cell *row = kp_table_row(&d, t);
        row[0] = kp_c_date(iso_date(l->delivered_on));
        row[1] = kp_c_text(&d, l->client);
        row[2] = kp_c_text(&d, kp_doc_printf(&d, "%s (%s)", l->service, unit_lv(l->unit)));
        row[3] = kp_c_count(l->units);
        row[4] = kp_c_text(&d, l->confirmed ? "jā" : "nē");
        total += l->units;
        confirmed += l->confirmed ? l->units : 0;
    }
    if (!st.nlines)
        kp_doc_para(&d, s, "Šajā mēnesī šīs pašvaldības klientiem pakalpojumi nav ierakstīti.");
    kp_table *sum = kp_doc_table(&d, s, "Kopā", 2, "Rādītājs", "Vienības");
    kp_cell *row = kp_table_row(&d, sum);
    row[0] = kp_c_text(&d, "Ierakstīts");
    row[1] = kp_c_count(total);
    row = kp_table_row(&d, sum);
    row[0] = kp_c_text(&d, "t. sk. apstiprināts");
    row[1] = kp_c_count(confirmed);
    rc = finish(&d, "Pārskats", 1, pdf_out);
    kp_doc_free(&d);
    kp_doc_statement_free(&st);
    return rc;
}
