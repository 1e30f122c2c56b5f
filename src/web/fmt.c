/* Dates, money and name order the way people in Latvia read them. */
#include "web/web.h"
#include "core/date.h"
#include "core/money.h"
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>

const char *kp_fmt_date(kp_req *r, const char *iso)
{
    kp_date d;
    if (!iso || strlen(iso) < 10)
        return iso ? iso : "";
    char tmp[11];
    memcpy(tmp, iso, 10);
    tmp[10] = '\0';
    if (kp_date_parse_iso(tmp, &d))
        return iso;
    /* What kp_date_format_lv writes for a valid ISO date ("dd.mm.yyyy."),
     * from the date's own digits: a card formats some forty dates. */
    char out[12] = {tmp[8], tmp[9], '.', tmp[5], tmp[6], '.', tmp[0], tmp[1], tmp[2], tmp[3], '.', '\0'};
    if (strcmp(r->lang, "en") == 0)
        out[10] = '\0'; /* the final dot is Latvian usage */
    return kp_arena_strdup(&r->arena, out);
}

const char *kp_fmt_money(kp_req *r, int64_t cents)
{
    char out[32];
    kp_money_format_lv(cents, out);
    return kp_arena_printf(&r->arena, "%s €", out);
}

void *kp_collator_open(void)
{
    UErrorCode st = U_ZERO_ERROR;
    UCollator *c = ucol_open("lv", &st);
    if (U_FAILURE(st)) {
        if (c)
            ucol_close(c);
        return NULL;
    }
    return c;
}

void kp_collator_close(void *c)
{
    if (c)
        ucol_close(c);
}

int kp_collate_lv(const char *a, const char *b, void *arg)
{
    if (!arg)
        return strcmp(a, b);
    UErrorCode st = U_ZERO_ERROR;
    UCollationResult res = ucol_strcollUTF8((UCollator *)arg, a, -1, b, -1, &st);
    if (U_FAILURE(st))
        return strcmp(a, b);
    return res == UCOL_LESS ? -1 : res == UCOL_GREATER ? 1 : 0;
}

static const char *const MONTH_LV[] = {"janvāris", "februāris", "marts",     "aprīlis", "maijs",    "jūnijs",
                                       "jūlijs",   "augusts",   "septembris", "oktobris", "novembris", "decembris"};
static const char *const MONTH_EN[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};

const char *kp_fmt_month(kp_req *r, const char *ym)
{
    if (!ym)
        return "";
    if (strlen(ym) != 7 || ym[4] != '-')
        return ym;
    int y = 0, m = 0;
    for (int i = 0; i < 4; i++) {
        if (ym[i] < '0' || ym[i] > '9')
            return ym;
        y = y * 10 + (ym[i] - '0');
    }
    if (ym[5] < '0' || ym[5] > '9' || ym[6] < '0' || ym[6] > '9')
        return ym;
    m = (ym[5] - '0') * 10 + (ym[6] - '0');
    if (m < 1 || m > 12)
        return ym;
    if (strcmp(r->lang, "en") == 0)
        return kp_arena_printf(&r->arena, "%s %d", MONTH_EN[m - 1], y);
    return kp_arena_printf(&r->arena, "%d. gada %s", y, MONTH_LV[m - 1]);
}

kp_rc kp_riga_local(int64_t secs, int *y, int *mo, int *d, int *h, int *mi)
{
    if (!y || !mo || !d || !h || !mi)
        return KP_EINVAL;
    UErrorCode st = U_ZERO_ERROR;
    UChar zone[16];
    u_uastrcpy(zone, "Europe/Riga");
    UCalendar *cal = ucal_open(zone, -1, "en_GB", UCAL_GREGORIAN, &st);
    if (U_FAILURE(st)) {
        if (cal)
            ucal_close(cal);
        return KP_EINVAL;
    }
    ucal_setMillis(cal, (UDate)secs * 1000.0, &st);
    *y = ucal_get(cal, UCAL_YEAR, &st);
    *mo = ucal_get(cal, UCAL_MONTH, &st) + 1;
    *d = ucal_get(cal, UCAL_DATE, &st);
    *h = ucal_get(cal, UCAL_HOUR_OF_DAY, &st);
    *mi = ucal_get(cal, UCAL_MINUTE, &st);
    ucal_close(cal);
    return U_FAILURE(st) ? KP_EINVAL : KP_OK;
}

const char *kp_fmt_time(kp_req *r, const char *iso)
{
    if (!iso)
        return "";
    /* "YYYY-MM-DDTHH:MM[:SS[.fff]][Z]" or with a space: UTC. */
    kp_date day;
    char dpart[11];
    size_t n = strlen(iso);
    if (n < 16 || (iso[10] != 'T' && iso[10] != ' ') || iso[13] != ':')
        return iso;
    memcpy(dpart, iso, 10);
    dpart[10] = '\0';
    if (kp_date_parse_iso(dpart, &day))
        return iso;
    int hh = 0, mm = 0, ss = 0;
    const char *t = iso + 11;
    if (t[0] < '0' || t[0] > '2' || t[1] < '0' || t[1] > '9' || t[3] < '0' || t[3] > '5' || t[4] < '0' || t[4] > '9')
        return iso;
    hh = (t[0] - '0') * 10 + (t[1] - '0');
    mm = (t[3] - '0') * 10 + (t[4] - '0');
    if (n >= 19 && t[5] == ':' && t[6] >= '0' && t[6] <= '5' && t[7] >= '0' && t[7] <= '9')
        ss = (t[6] - '0') * 10 + (t[7] - '0');
    if (hh > 23)
        return iso;
    int64_t secs = (int64_t)day * 86400 + hh * 3600 + mm * 60 + ss;
    int y, mo, d, h, mi;
    if (kp_riga_local(secs, &y, &mo, &d, &h, &mi))
        return iso;
    if (strcmp(r->lang, "en") == 0)
        return kp_arena_printf(&r->arena, "%02d.%02d.%04d %02d:%02d", d, mo, y, h, mi);
    return kp_arena_printf(&r->arena, "%02d.%02d.%04d. %02d:%02d", d, mo, y, h, mi);
}
