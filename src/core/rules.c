/* Service rules: whether a rule governs a request, whether the request fits, and why not. */
#include "core/rules.h"
#include "core/money.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *const kind_names[] = {
    [KP_RULE_UNITS_PER_YEAR] = "units_per_year",
    [KP_RULE_HOURS_PER_WEEK] = "hours_per_week",
    [KP_RULE_SESSIONS_PER_SERVICE] = "sessions_per_service",
    [KP_RULE_SERVICES_PER_PERSON] = "services_per_person",
    [KP_RULE_AMOUNT_PER_PERSON] = "amount_per_person",
};
#define KIND_COUNT (sizeof kind_names / sizeof kind_names[0])

const char *kp_rule_kind_name(kp_rule_kind k)
{
    if ((int)k < 0 || (size_t)k >= KIND_COUNT)
        return NULL;
    return kind_names[k]; /* NULL for the unused slot 0 */
}

kp_rc kp_rule_kind_parse(const char *name, kp_rule_kind *out)
{
    if (!name || !out)
        return KP_EINVAL;
    for (size_t i = 0; i < KIND_COUNT; i++) {
        if (kind_names[i] && strcmp(kind_names[i], name) == 0) {
            *out = (kp_rule_kind)i;
            return KP_OK;
        }
    }
    return KP_EINVAL;
}

static const char *const period_names[] = {
    [KP_PERIOD_DAY] = "day",
    [KP_PERIOD_WEEK] = "week",
    [KP_PERIOD_CALENDAR_YEAR] = "calendar_year",
    [KP_PERIOD_COURSE] = "course",
    [KP_PERIOD_LIFETIME] = "lifetime",
};
#define PERIOD_COUNT (sizeof period_names / sizeof period_names[0])

const char *kp_rule_period_name(kp_rule_period p)
{
    if ((int)p < 0 || (size_t)p >= PERIOD_COUNT)
        return NULL;
    return period_names[p]; /* NULL for KP_PERIOD_NONE */
}

kp_rc kp_rule_period_parse(const char *name, kp_rule_period *out)
{
    if (!name || !out)
        return KP_EINVAL;
    for (size_t i = 0; i < PERIOD_COUNT; i++) {
        if (period_names[i] && strcmp(period_names[i], name) == 0) {
            *out = (kp_rule_period)i;
            return KP_OK;
        }
    }
    return KP_EINVAL;
}

bool kp_rule_period_allowed(kp_rule_kind kind, kp_rule_period period)
{
    switch (kind) {
    case KP_RULE_UNITS_PER_YEAR:
        return period == KP_PERIOD_CALENDAR_YEAR || period == KP_PERIOD_DAY;
    case KP_RULE_HOURS_PER_WEEK:
        return period == KP_PERIOD_WEEK;
    case KP_RULE_SESSIONS_PER_SERVICE:
    case KP_RULE_AMOUNT_PER_PERSON:
        return period == KP_PERIOD_COURSE || period == KP_PERIOD_CALENDAR_YEAR || period == KP_PERIOD_LIFETIME;
    case KP_RULE_SERVICES_PER_PERSON:
        return period == KP_PERIOD_CALENDAR_YEAR || period == KP_PERIOD_LIFETIME;
    }
    return false;
}

kp_rule_period kp_rule_period_default(kp_rule_kind kind)
{
    switch (kind) {
    case KP_RULE_UNITS_PER_YEAR: return KP_PERIOD_CALENDAR_YEAR;
    case KP_RULE_HOURS_PER_WEEK: return KP_PERIOD_WEEK;
    case KP_RULE_SESSIONS_PER_SERVICE:
    case KP_RULE_SERVICES_PER_PERSON:
    case KP_RULE_AMOUNT_PER_PERSON: return KP_PERIOD_LIFETIME;
    }
    return KP_PERIOD_NONE;
}

kp_rc kp_rule_period_bounds(kp_rule_period period, kp_date on, kp_date *from, kp_date *to)
{
    if (!from || !to || on == KP_DATE_NONE)
        return KP_EINVAL;
    int y, m, d;
    switch (period) {
    case KP_PERIOD_DAY:
        *from = *to = on;
        return KP_OK;
    case KP_PERIOD_WEEK:
        *from = on - (kp_date)(kp_date_weekday(on) - 1);
        *to = *from + 6;
        return KP_OK;
    case KP_PERIOD_CALENDAR_YEAR:
        kp_date_to_ymd(on, &y, &m, &d);
        *from = kp_date_from_ymd(y, 1, 1);
        *to = kp_date_from_ymd(y, 12, 31);
        return KP_OK;
    case KP_PERIOD_COURSE:
    case KP_PERIOD_LIFETIME:
        *from = *to = KP_DATE_NONE;
        return KP_OK;
    case KP_PERIOD_NONE:
        break;
    }
    return KP_EINVAL;
}

/* Compares a fixed-size rule field with a subject string. The field is read
 * only within its size, so a rule loaded without a terminating NUL cannot make
 * us read past it. A NULL subject string counts as "". */
static bool field_eq(const char *field, size_t size, const char *s)
{
    size_t n = strnlen(field, size);
    if (!s)
        return n == 0;
    return strlen(s) == n && memcmp(field, s, n) == 0;
}

bool kp_rule_applies(const kp_rule *rule, const kp_rule_subject *s)
{
    if (!rule || !s || !s->service)
        return false;
    /* A rule must name its service; an empty one is a data error, not "all". */
    if (rule->service[0] == '\0' || !field_eq(rule->service, sizeof rule->service, s->service))
        return false;
    if (rule->region[0] != '\0' && !field_eq(rule->region, sizeof rule->region, s->region))
        return false;
    if (rule->target_group[0] != '\0' &&
        !field_eq(rule->target_group, sizeof rule->target_group, s->target_group))
        return false;

    /* KP_DATE_NONE sorts after every date, which makes an open valid_to work
     * by plain comparison; an open valid_from needs saying. */
    if (rule->valid_from != KP_DATE_NONE && s->on < rule->valid_from)
        return false;
    if (s->on > rule->valid_to)
        return false;

    /* A negative age means unknown. Unknown facts take the stricter reading:
     * every age-bounded limit is then checked rather than none. */
    if (s->age >= 0) {
        if (rule->age_min >= 0 && s->age < rule->age_min)
            return false;
        if (rule->age_max >= 0 && s->age > rule->age_max)
            return false;
    }

    /* Unknown (-1) parents' work counts as "not working": the stricter
     * reading, since the non-working limit is the lower one (10 h a week
     * rather than 50 for small children). */
    bool working = s->parents_working == 1;
    switch (rule->parents_working) {
    case -1: return true;
    case 0: return !working;
    case 1: return working;
    default: return false; /* nonsense in the rule: it governs nothing */
    }
}

kp_rc kp_rule_evaluate(const kp_rule *rule, int64_t used, int64_t requested, kp_refusal *out)
{
    if (!rule || used < 0 || requested < 0 || rule->limit < 0)
        return KP_EINVAL;
    /* used + requested <= limit, written so that nothing can overflow:
     * all three are non-negative, so limit - used cannot wrap. */
    if (used <= rule->limit && requested <= rule->limit - used)
        return KP_OK;
    if (out) {
        memset(out, 0, sizeof *out);
        out->rule_id = rule->id;
        out->kind = rule->kind;
        size_t n = strnlen(rule->service, sizeof rule->service);
        if (n >= sizeof out->service)
            n = sizeof out->service - 1;
        memcpy(out->service, rule->service, n);
        out->limit = rule->limit;
        out->used = used;
        out->requested = requested;
        out->period = rule->period;
        out->period_from = out->period_to = KP_DATE_NONE;
    }
    return KP_ERULE;
}

/* Latvian nouns agree with the number: 1, 21, 31 … (not 11) take the singular. */
static bool lv_singular(int64_t n)
{
    return n >= 0 && n % 10 == 1 && n % 100 != 11;
}

/* Words for one kind of limit in one language. The unit word depends only on
 * the kind: units_per_year says "days"/"diennaktis" because respite, counted
 * in days, is the only such rule; a rule counted in other units would need a
 * unit field in kp_rule first. */
typedef struct words {
    const char *unit_one, *unit_many; /* after the limit: "diennakts gadā" */
    const char *used_one, *used_many; /* participles agree with the unit's gender */
    const char *req_one, *req_many;
} words;

static const words lv_words[] = {
    [KP_RULE_UNITS_PER_YEAR] = {"diennakts gadā", "diennaktis gadā", "izmantota", "izmantotas",
                                "pieprasīta", "pieprasītas"},
    [KP_RULE_HOURS_PER_WEEK] = {"stunda nedēļā", "stundas nedēļā", "izmantota", "izmantotas",
                                "pieprasīta", "pieprasītas"},
    [KP_RULE_SESSIONS_PER_SERVICE] = {"nodarbība vienam pakalpojumam",
                                      "nodarbības vienam pakalpojumam", "izmantota",
                                      "izmantotas", "pieprasīta", "pieprasītas"},
    [KP_RULE_SERVICES_PER_PERSON] = {"pakalpojums personai", "pakalpojumi personai",
                                     "izmantots", "izmantoti", "pieprasīts", "pieprasīti"},
    /* Euro amounts: "eiro" does not decline; the participles stay plural. */
    [KP_RULE_AMOUNT_PER_PERSON] = {"personai", "personai", "izmantoti", "izmantoti",
                                   "pieprasīti", "pieprasīti"},
};

static const words en_words[] = {
    [KP_RULE_UNITS_PER_YEAR] = {"day a year", "days a year", "used", "used", "requested",
                                "requested"},
    [KP_RULE_HOURS_PER_WEEK] = {"hour a week", "hours a week", "used", "used", "requested",
                                "requested"},
    [KP_RULE_SESSIONS_PER_SERVICE] = {"session per service", "sessions per service", "used",
                                      "used", "requested", "requested"},
    [KP_RULE_SERVICES_PER_PERSON] = {"service per person", "services per person", "used",
                                     "used", "requested", "requested"},
    [KP_RULE_AMOUNT_PER_PERSON] = {"per person", "per person", "used", "used", "requested",
                                   "requested"},
};

/* The same nouns without the period, for a sentence that names its period. */
static const words lv_plain[] = {
    [KP_RULE_UNITS_PER_YEAR] = {"diennakts", "diennaktis", "izmantota", "izmantotas", "pieprasīta", "pieprasītas"},
    [KP_RULE_HOURS_PER_WEEK] = {"stunda", "stundas", "izmantota", "izmantotas", "pieprasīta", "pieprasītas"},
    [KP_RULE_SESSIONS_PER_SERVICE] = {"nodarbība vienam pakalpojumam", "nodarbības vienam pakalpojumam",
                                      "izmantota", "izmantotas", "pieprasīta", "pieprasītas"},
    [KP_RULE_SERVICES_PER_PERSON] = {"pakalpojums personai", "pakalpojumi personai", "izmantots", "izmantoti",
                                     "pieprasīts", "pieprasīti"},
    [KP_RULE_AMOUNT_PER_PERSON] = {"personai", "personai", "izmantoti", "izmantoti", "pieprasīti", "pieprasīti"},
};

static const words en_plain[] = {
    [KP_RULE_UNITS_PER_YEAR] = {"day", "days", "used", "used", "requested", "requested"},
    [KP_RULE_HOURS_PER_WEEK] = {"hour", "hours", "used", "used", "requested", "requested"},
    [KP_RULE_SESSIONS_PER_SERVICE] = {"session per service", "sessions per service", "used", "used", "requested",
                                      "requested"},
    [KP_RULE_SERVICES_PER_PERSON] = {"service per person", "services per person", "used", "used", "requested",
                                     "requested"},
    [KP_RULE_AMOUNT_PER_PERSON] = {"per person", "per person", "used", "used", "requested", "requested"},
};

/* The words that name a refusal's period: "2022. kalendārajā gadā",
 * "in the week 07.03.2022–13.03.2022". A week or year without bounds (a
 * limit on an assignment's weekly hours) reads "a week"/"nedēļā". */
static void period_phrase(const kp_refusal *r, bool lv, char *out, size_t outlen)
{
    char a[12], b[12];
    bool bounded = r->period_from != KP_DATE_NONE && r->period_to != KP_DATE_NONE;
    if (bounded) {
        kp_date_format_lv(r->period_from, a);
        kp_date_format_lv(r->period_to, b);
    }
    switch (r->period) {
    case KP_PERIOD_DAY:
        if (bounded)
            snprintf(out, outlen, lv ? "dienā %s" : "on %.10s", a);
        else
            snprintf(out, outlen, "%s", lv ? "dienā" : "a day");
        return;
    case KP_PERIOD_WEEK:
        if (bounded)
            snprintf(out, outlen, lv ? "nedēļā %s–%s" : "in the week %.10s–%.10s", a, b);
        else
            snprintf(out, outlen, "%s", lv ? "nedēļā" : "a week");
        return;
    case KP_PERIOD_CALENDAR_YEAR:
        if (bounded)
            snprintf(out, outlen, lv ? "%d. kalendārajā gadā" : "in calendar year %d", kp_date_year(r->period_from));
        else
            snprintf(out, outlen, "%s", lv ? "kalendārajā gadā" : "a calendar year");
        return;
    case KP_PERIOD_COURSE:
        snprintf(out, outlen, "%s", lv ? "vienā kursā" : "in one course");
        return;
    case KP_PERIOD_LIFETIME:
        snprintf(out, outlen, "%s", lv ? "visā laikā" : "over the whole time");
        return;
    case KP_PERIOD_NONE:
        break;
    }
    out[0] = '\0';
}

/* A number as the sentence shows it: plain digits, or euro in the Latvian
 * display form with a trailing " €" (used in both languages: the system only
 * has the Latvian money format). */
static void show_number(kp_rule_kind kind, int64_t v, char out[40])
{
    if (kind == KP_RULE_AMOUNT_PER_PERSON) {
        char m[32];
        kp_money_format_lv(v, m);
        snprintf(out, 40, "%s \xE2\x82\xAC", m);
    } else {
        snprintf(out, 40, "%" PRId64, v);
    }
}

/* snprintf may cut a multi-byte character in half; drop the partial bytes so
 * the message stays valid UTF-8. */
static void trim_partial_utf8(char *out, size_t outlen)
{
    size_t end = strlen(out);
    if (end + 1 < outlen || end == 0)
        return; /* not truncated (or nothing to trim) */
    size_t lead = end;
    while (lead > 0 && ((unsigned char)out[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0)
        return;
    unsigned char c = (unsigned char)out[lead - 1];
    size_t need = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (end - (lead - 1) < need)
        out[lead - 1] = '\0';
}

void kp_refusal_message(const kp_refusal *r, const char *service_name, const char *lang,
                        char *out, size_t outlen)
{
    if (!out || outlen == 0)
        return;
    out[0] = '\0';
    if (!r)
        return;
    /* Latvian only when asked for; English is the fallback for anything else. */
    bool lv = lang && strcmp(lang, "lv") == 0;
    char fallback[sizeof r->service + 1];
    if (!service_name || !*service_name) {
        size_t n = strnlen(r->service, sizeof r->service);
        memcpy(fallback, r->service, n);
        fallback[n] = '\0';
        service_name = fallback;
    }

    char limit[40], used[40], req[40];
    show_number(r->kind, r->limit, limit);
    show_number(r->kind, r->used, used);
    show_number(r->kind, r->requested, req);

    const char *name = kp_rule_kind_name(r->kind);
    if (!name) {
        if (lv)
            snprintf(out, outlen, "%s: ne vairāk kā %s; izmantots %s, pieprasīts %s",
                     service_name, limit, used, req);
        else
            snprintf(out, outlen, "%s: at most %s; used %s, requested %s", service_name, limit,
                     used, req);
        trim_partial_utf8(out, outlen);
        return;
    }

    char period[64] = "";
    period_phrase(r, lv, period, sizeof period);
    if (period[0]) {
        const words *w = lv ? &lv_plain[r->kind] : &en_plain[r->kind];
        bool one_limit = lv ? lv_singular(r->limit) : r->limit == 1;
        bool one_used = lv ? lv_singular(r->used) : r->used == 1;
        bool one_req = lv ? lv_singular(r->requested) : r->requested == 1;
        const char *unit = one_limit ? w->unit_one : w->unit_many;
        /* Latvian agrees the participles with the number; English does not. */
        const char *u = lv && one_used ? w->used_one : w->used_many;
        const char *q = lv && one_req ? w->req_one : w->req_many;
        snprintf(out, outlen, lv ? "%s: ne vairāk kā %s %s %s; %s %s, %s %s" : "%s: at most %s %s %s; %s %s, %s %s",
                 service_name, limit, unit, period, u, used, q, req);
    } else if (lv) {
        const words *w = &lv_words[r->kind];
        snprintf(out, outlen, "%s: ne vairāk kā %s %s; %s %s, %s %s", service_name, limit,
                 lv_singular(r->limit) ? w->unit_one : w->unit_many,
                 lv_singular(r->used) ? w->used_one : w->used_many, used,
                 lv_singular(r->requested) ? w->req_one : w->req_many, req);
    } else {
        const words *w = &en_words[r->kind];
        snprintf(out, outlen, "%s: at most %s %s; %s %s, %s %s", service_name, limit,
                 r->limit == 1 ? w->unit_one : w->unit_many, w->used_many, used, w->req_many,
                 req);
    }
    trim_partial_utf8(out, outlen);
}
