/* Dates, money and name order the way people in Latvia read them. */
#include "web/web.h"
#include "core/date.h"
#include "core/money.h"
#include <string.h>
#include <unicode/ucol.h>

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
    char out[12];
    kp_date_format_lv(d, out);
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
