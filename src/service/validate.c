/* Field validators (see validate.h). */
#include "service/validate.h"
#include "core/text.h"
#include "service/sql.h"
#include "service/territory_sql.h"
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool kp_ctx_is_en(const kp_ctx *ctx)
{
    return ctx && ctx->lang && strcmp(ctx->lang, "en") == 0;
}

bool kp_blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

static void missing(const kp_ctx *ctx, kp_errors *e, const char *field)
{
    kp_errors_add(e, field, "", "%s", KP_TR(ctx, "obligāts lauks: aizpildiet to", "required: fill it in"));
}

/* Says which character of `field` is refused, where, and what to do. */
static void bad_char(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, unsigned kind,
                     kp_text_fault fault, const kp_text_at *at)
{
    char code[16];
    const char *name = kp_text_char_name(at->cp);
    if (fault == KP_TEXT_BAD_UTF8 || (at->cp < 0x80 && fault != KP_TEXT_INVISIBLE))
        snprintf(code, sizeof code, "\\x%02X", (unsigned)at->cp);
    else
        snprintf(code, sizeof code, "U+%04X", (unsigned)at->cp);
    bool en = kp_ctx_is_en(ctx);
    char what[96];
    if (en && name)
        snprintf(what, sizeof what, "%s (%s)", code, name);
    else
        snprintf(what, sizeof what, "%s", code);
    switch (fault) {
    case KP_TEXT_BAD_UTF8:
        kp_errors_add(e, field, v,
                      KP_TR(ctx, "nav derīgs UTF-8 teksts (baits %s %zu. rakstzīmes vietā): ievadiet tekstu vēlreiz vai saglabājiet failu kā UTF-8",
                            "not valid UTF-8 text (byte %s at character %zu): type the text again or save the file as UTF-8"),
                      what, at->index);
        break;
    case KP_TEXT_NUL:
        kp_errors_add(e, field, v,
                      KP_TR(ctx, "satur NUL baitu (%zu. rakstzīme): izdzēsiet to", "contains a NUL byte at character %zu: remove it"),
                      at->index);
        break;
    case KP_TEXT_CONTROL:
        if (at->cp == '\n' || at->cp == '\r' || at->cp == '\t')
            kp_errors_add(e, field, v,
                          kind == KP_TEXT_LINES
                              ? KP_TR(ctx, "satur vadības rakstzīmi %s (%zu. rakstzīme): rindas beigās lietojiet tikai LF vai CR LF",
                                      "contains the control character %s at character %zu: end lines with LF or CR LF only")
                              : KP_TR(ctx, "satur rindas pārnesumu vai tabulāciju %s (%zu. rakstzīme): rakstiet visu vienā rindā",
                                      "contains a line break or tab, %s at character %zu: write it on one line"),
                          what, at->index);
        else
            kp_errors_add(e, field, v,
                          KP_TR(ctx, "satur vadības rakstzīmi %s (%zu. rakstzīme): izdzēsiet to",
                                "contains the control character %s at character %zu: remove it"),
                          what, at->index);
        break;
    case KP_TEXT_INVISIBLE:
        kp_errors_add(e, field, v,
                      KP_TR(ctx, "satur neredzamu formatēšanas rakstzīmi %s (%zu. rakstzīme), kas var likt tekstam izskatīties citādi, nekā tas saglabāts: izdzēsiet to",
                            "contains the invisible formatting character %s at character %zu, which can make text look different from what is stored: remove it"),
                      what, at->index);
        break;
    case KP_TEXT_OK:
        break;
    }
}

static bool check_text(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, size_t max, bool required,
                       unsigned kind)
{
    if (kp_blank(v)) {
        if (required)
            missing(ctx, e, field);
        return !required;
    }
    size_t len = strlen(v);
    if (len > max) {
        kp_errors_add(e, field, "", KP_TR(ctx, "pārāk garš: ne vairāk kā %zu baiti", "too long: at most %zu bytes"), max);
        return false;
    }
    kp_text_at at;
    kp_text_fault fault = kp_text_check(v, len, kind, &at);
    if (fault) {
        bad_char(ctx, e, field, v, kind, fault, &at);
        return false;
    }
    return true;
}

bool kp_v_text(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, size_t max, bool required)
{
    return check_text(ctx, e, field, v, max, required, KP_TEXT_LINE);
}

bool kp_v_text_lines(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, size_t max, bool required)
{
    return check_text(ctx, e, field, v, max, required, KP_TEXT_LINES);
}

kp_date kp_v_date(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, bool required)
{
    if (kp_blank(v)) {
        if (required)
            missing(ctx, e, field);
        return KP_DATE_NONE;
    }
    kp_date d;
    if (kp_date_parse_iso(v, &d)) {
        kp_errors_add(e, field, v, "%s",
                      KP_TR(ctx, "nav derīgs datums: rakstiet GGGG-MM-DD, piemēram, 2021-12-31",
                            "not a valid date: write YYYY-MM-DD, e.g. 2021-12-31"));
        return KP_DATE_NONE;
    }
    return d;
}

int64_t kp_v_int(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, int64_t min, int64_t max,
                 bool required, int64_t dflt)
{
    /* Plain digits, as nearly every number of an import is: the value
     * strtoll below would give, without it. */
    uint64_t plain = 0;
    size_t digits = 0;
    while (v && digits < 19 && v[digits] >= '0' && v[digits] <= '9')
        plain = plain * 10 + (uint64_t)(v[digits++] - '0');
    if (digits > 0 && digits < 19 && v[digits] == '\0' && (int64_t)plain >= min && (int64_t)plain <= max)
        return (int64_t)plain;
    if (kp_blank(v)) {
        if (required)
            missing(ctx, e, field);
        return dflt;
    }
    char *end = NULL;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (errno || end == v || *end || !isdigit((unsigned char)v[strlen(v) - 1]) || x < min || x > max) {
        kp_errors_add(e, field, v,
                      KP_TR(ctx, "jābūt veselam skaitlim no %lld līdz %lld", "must be a whole number from %lld to %lld"),
                      (long long)min, (long long)max);
        return dflt;
    }
    return x;
}

kp_cents kp_v_money(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, bool required)
{
    if (kp_blank(v)) {
        if (required)
            missing(ctx, e, field);
        return -1;
    }
    kp_cents c;
    if (kp_money_parse(v, &c) == KP_OK)
        return c;
    if (strchr(v, ',') || strchr(v, ' '))
        kp_errors_add(e, field, v, "%s",
                      KP_TR(ctx, "nav derīga summa: rakstiet bez tūkstošu atdalītājiem un ar punktu pirms centiem, piemēram, 156584.49",
                            "not a valid amount: write it without thousands separators and with a point before the cents, e.g. 156584.49"));
    else
        kp_errors_add(e, field, v, "%s",
                      KP_TR(ctx, "nav derīga summa: eiro ar ne vairāk kā diviem cipariem aiz punkta, piemēram, 3592.19",
                            "not a valid amount: euro with at most two digits after the point, e.g. 3592.19"));
    return -1;
}

const char *kp_v_enum(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, const char *const *allowed,
                      bool required)
{
    if (kp_blank(v)) {
        if (required)
            missing(ctx, e, field);
        return NULL;
    }
    char list[256] = "";
    size_t used = 0;
    for (size_t i = 0; allowed[i]; i++) {
        if (strcmp(v, allowed[i]) == 0)
            return allowed[i];
        int n = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", allowed[i]);
        if (n > 0 && (size_t)n < sizeof list - used)
            used += (size_t)n;
    }
    kp_errors_add(e, field, v, KP_TR(ctx, "nav atļauta vērtība: izvēlieties vienu no %s", "not an allowed value: use one of %s"),
                  list);
    return NULL;
}

int kp_v_flag(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, int dflt)
{
    return (int)kp_v_int(ctx, e, field, v, 0, 1, false, dflt);
}

bool kp_v_service(const kp_ctx *ctx, kp_errors *e, const char *field, const char *code)
{
    if (kp_blank(code)) {
        missing(ctx, e, field);
        return false;
    }
    if (kp_q_code_known(ctx->db, KP_Q_SERVICE_TYPE, code))
        return true;
    kp_errors_add(e, field, code, "%s",
                  KP_TR(ctx, "nezināms pakalpojuma veids: skatiet pakalpojumu katalogu",
                        "unknown service type: see the service catalogue (data/service_types.csv)"));
    return false;
}

bool kp_v_target_group(const kp_ctx *ctx, kp_errors *e, const char *field, const char *code)
{
    if (kp_blank(code)) {
        missing(ctx, e, field);
        return false;
    }
    if (kp_q_code_known(ctx->db, KP_Q_TARGET_GROUP, code))
        return true;
    kp_errors_add(e, field, code, "%s",
                  KP_TR(ctx, "nezināma mērķa grupa: grt, ft, parents vai bsac",
                        "unknown target group: use grt, ft, parents or bsac"));
    return false;
}

bool kp_v_region(const kp_ctx *ctx, kp_errors *e, const char *field, const char *code)
{
    if (kp_blank(code)) {
        missing(ctx, e, field);
        return false;
    }
    if (kp_q_code_known(ctx->db, KP_Q_REGION, code))
        return true;
    kp_errors_add(e, field, code, "%s",
                  KP_TR(ctx, "nezināms plānošanas reģions: RPR, VPR, KPR, LPR vai ZPR",
                        "unknown planning region: use RPR, VPR, KPR, LPR or ZPR"));
    return false;
}

/* The territories valid on `d` that a record naming territory `id` should
 * name instead, as " — Name (code), …": its predecessors (and parishes of
 * split predecessors) when it did not exist yet, the territory holding its
 * records when it had ended. "" when none is found. */
static void territory_hint(const kp_ctx *ctx, int64_t id, const char *d, bool predecessors, char *out, size_t outlen)
{
    out[0] = '\0';
    size_t used = 0;
    int n = 0;
    kp_q_hints v = {0};
    /* A failed read leaves the territories read so far (or none). */
    kp_q_territory_hints(ctx->db, id, d, predecessors, &v);
    bool unconfirmed = false;
    for (size_t i = 0; i < v.n; i++) {
        const kp_q_hint *h = &v.items[i];
        const char *parish = h->parish;
        unconfirmed = unconfirmed || !h->confirmed;
        int w = n == 4 ? snprintf(out + used, outlen - used, ", …")
                       : snprintf(out + used, outlen - used, "%s%s (%s%s%s)", n ? ", " : " — ", h->name, h->atvk,
                                  parish[0] ? ", " : "", parish);
        if (w < 0 || (size_t)w >= outlen - used)
            break;
        used += (size_t)w;
        if (++n > 4)
            break;
    }
    free(v.items);
    /* Codes not checked against the official classifier are said to be. */
    if (unconfirmed && used < outlen)
        snprintf(out + used, outlen - used, "%s",
                 KP_TR(ctx, " (kodi nav pārbaudīti oficiālajā klasifikatorā)", " (codes not confirmed by the official classifier)"));
}

int64_t kp_v_municipality(const kp_ctx *ctx, kp_errors *e, const char *field, const char *atvk, kp_date on,
                          bool required)
{
    if (kp_blank(atvk)) {
        if (required)
            missing(ctx, e, field);
        return 0;
    }
    kp_q_municipality_span span;
    kp_q_municipality_by_atvk(ctx->db, atvk, &span);
    int64_t id = span.id;
    const char *from = span.valid_from, *to = span.valid_to;
    if (!id) {
        kp_errors_add(e, field, atvk, "%s",
                      KP_TR(ctx, "nezināma pašvaldība: norādiet 7 ciparu ATVK kodu no pašvaldību kataloga",
                            "unknown municipality: give its 7-digit ATVK code from the municipality catalogue"));
        return 0;
    }
    if (on != KP_DATE_NONE) {
        char d[11];
        kp_date_format_iso(on, d);
        bool before_start = strcmp(d, from) < 0, after_end = to[0] && strcmp(d, to) > 0;
        if (before_start || after_end) {
            /* People read dates the Latvian way; the English (command line)
             * messages keep the ISO form files use. */
            char when[12], edge[12];
            kp_date edge_date = 0;
            kp_date_parse_iso(before_start ? from : to, &edge_date);
            if (kp_ctx_is_en(ctx)) {
                kp_date_format_iso(on, when);
                kp_date_format_iso(edge_date, edge);
            } else {
                kp_date_format_lv(on, when);
                kp_date_format_lv(edge_date, edge);
            }
            char hint[300];
            territory_hint(ctx, id, d, before_start, hint, sizeof hint);
            if (before_start)
                kp_errors_add(e, field, atvk,
                              KP_TR(ctx, "%s šī pašvaldība vēl nepastāvēja (tā izveidota %s): norādiet pašvaldību, kas pastāvēja tajā laikā%s",
                                    "on %s this municipality did not exist yet (it was formed on %s): give the one that existed then%s"),
                              when, edge, hint);
            else
                kp_errors_add(e, field, atvk,
                              KP_TR(ctx, "%s šī pašvaldība vairs nepastāvēja (līdz %s): norādiet tās pēcteci%s",
                                    "on %s this municipality no longer existed (it ended on %s): give its successor%s"),
                              when, edge, hint);
            return 0;
        }
    }
    return id;
}

int64_t kp_v_parish(const kp_ctx *ctx, kp_errors *e, const char *field, const char *parish, int64_t municipality)
{
    if (kp_blank(parish) || !municipality)
        return 0;
    int64_t id = 0;
    kp_q_parish_find(ctx->db, municipality, parish, &id);
    if (id)
        return id;
    char known[200] = "";
    kp_q_parish_names(ctx->db, municipality, known, sizeof known);
    if (known[0])
        kp_errors_add(e, field, parish,
                      KP_TR(ctx, "šai pašvaldībai nav tāda pagasta katalogā: norādiet vienu no šiem: %s",
                            "no such parish of this municipality in the catalogue: give one of %s"),
                      known);
    else
        kp_errors_add(e, field, parish, "%s",
                      KP_TR(ctx, "pagastu norāda tikai pašvaldībai, ko reforma sadalīja starp pēctečiem; šai to nav",
                            "a parish is given only for a municipality that a reform split between successors; this one was not"));
    return 0;
}

static bool id_exists(const kp_ctx *ctx, const char *table, int64_t id)
{
    return kp_q_record_exists(ctx->db, table, id);
}

int64_t kp_v_ref(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, const char *table, bool required)
{
    size_t before = e->n;
    int64_t id = kp_v_int(ctx, e, field, v, 1, INT64_MAX, required, 0);
    if (e->n != before || id == 0)
        return 0;
    if (!id_exists(ctx, table, id)) {
        kp_errors_add(e, field, v, "%s",
                      KP_TR(ctx, "nav tāda ieraksta: pārbaudiet numuru", "no such record: check the number"));
        return 0;
    }
    return id;
}

int64_t kp_v_new_id(const kp_ctx *ctx, kp_errors *e, const char *field, const char *v, const char *table)
{
    size_t before = e->n;
    int64_t id = kp_v_int(ctx, e, field, v, 1, INT64_MAX, false, 0);
    if (e->n != before || id == 0)
        return 0;
    if (id_exists(ctx, table, id)) {
        kp_errors_add(e, field, v, "%s",
                      KP_TR(ctx, "šāds numurs jau ir aizņemts", "a record with this id already exists"));
        return 0;
    }
    return id;
}

void kp_v_period(const kp_ctx *ctx, kp_errors *e, const char *end_field, kp_date start, kp_date end)
{
    if (start != KP_DATE_NONE && end != KP_DATE_NONE && end < start)
        kp_errors_add(e, end_field, "", "%s",
                      KP_TR(ctx, "beigu datums ir pirms sākuma datuma", "the end date is before the start date"));
}
