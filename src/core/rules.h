/* Service rules as data: which limit applies to a requested service, and
 * whether a request passes it. Pure: the caller supplies what is already used
 * (from the database); rules.c only decides and explains. */
#ifndef KOPA_CORE_RULES_H
#define KOPA_CORE_RULES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/date.h"
#include "core/result.h"

typedef enum kp_rule_kind {
    KP_RULE_UNITS_PER_YEAR = 1,       /* e.g. respite: at most 30 days a calendar year */
    KP_RULE_HOURS_PER_WEEK = 2,       /* e.g. child care: at most 50 or 10 hours a week */
    KP_RULE_SESSIONS_PER_SERVICE = 3, /* e.g. social rehabilitation: 10 sessions per service */
    KP_RULE_SERVICES_PER_PERSON = 4,  /* e.g. at most 4 social rehabilitation services */
    KP_RULE_AMOUNT_PER_PERSON = 5,    /* a project's euro cap per person, in cents */
} kp_rule_kind;

/* Over what a rule counts (issue 8: a rule states its period as data).
 * KP_PERIOD_NONE only in a kp_rule built by hand before periods existed:
 * it counts as each kind's historical period (see kp_rule_period_default). */
typedef enum kp_rule_period {
    KP_PERIOD_NONE = 0,
    KP_PERIOD_DAY = 1,           /* one calendar day (the delivery's) */
    KP_PERIOD_WEEK = 2,          /* Monday to Sunday */
    KP_PERIOD_CALENDAR_YEAR = 3, /* 1 January to 31 December */
    KP_PERIOD_COURSE = 4,        /* one course: one assignment */
    KP_PERIOD_LIFETIME = 5,      /* everything the person ever had */
} kp_rule_period;

/* Name used in data files ("calendar_year", …); NULL for KP_PERIOD_NONE or
 * an unknown value. */
const char *kp_rule_period_name(kp_rule_period p);
/* Parses a data-file name; KP_EINVAL for NULL or an unknown name. */
kp_rc kp_rule_period_parse(const char *name, kp_rule_period *out);
/* Whether a rule of `kind` may count over `period`: units_per_year over a
 * calendar year or a day; hours_per_week over a week; sessions_per_service
 * and amount_per_person over a course, a calendar year or a lifetime;
 * services_per_person over a calendar year or a lifetime (a course is one
 * service, so a count of services in it says nothing). */
bool kp_rule_period_allowed(kp_rule_kind kind, kp_rule_period period);
/* The period a kind counted over before rules said so: units_per_year a
 * calendar year, hours_per_week a week, the others a lifetime. */
kp_rule_period kp_rule_period_default(kp_rule_kind kind);
/* The period of `period` that holds day `on`, as [*from, *to]: a day, the
 * Monday–Sunday week, the calendar year; course and lifetime have no
 * calendar bounds (KP_DATE_NONE both). KP_EINVAL for NULL outputs or a day
 * that is not a date. */
kp_rc kp_rule_period_bounds(kp_rule_period period, kp_date on, kp_date *from, kp_date *to);

/* Name used in data files ("units_per_year", …); NULL for an unknown kind. */
const char *kp_rule_kind_name(kp_rule_kind k);
/* Parses a data-file name; KP_EINVAL if unknown. */
kp_rc kp_rule_kind_parse(const char *name, kp_rule_kind *out);

typedef struct kp_rule {
    int64_t id;
    char service[32];       /* service type code the rule limits */
    char region[8];         /* "" = every region */
    char target_group[16];  /* "" = every target group */
    kp_rule_kind kind;
    kp_rule_period period;  /* over what it counts; KP_PERIOD_NONE = the kind's default */
    int64_t limit;          /* units, hours a week, sessions, services or cents */
    int age_min, age_max;   /* -1 = no bound; age in whole years on the start date */
    int parents_working;    /* -1 = either, 0 = parents do not work or study, 1 = they do */
    kp_date valid_from;     /* the rule is in force on [valid_from, valid_to] */
    kp_date valid_to;       /* KP_DATE_NONE = open */
} kp_rule;

typedef struct kp_rule_subject {
    const char *service;
    const char *region;
    const char *target_group;
    kp_date on;             /* date the request starts */
    int age;                /* whole years on `on` */
    int parents_working;    /* -1 unknown, 0, 1 */
} kp_rule_subject;

/* True when `rule` governs a request described by `s`. NULL rule, subject or
 * subject service: false. A NULL subject region/target group matches only
 * rules for every region/group. Unknown facts take the stricter reading:
 * parents_working -1 counts as 0 (not working), and a negative age lets
 * every age bound match. */
bool kp_rule_applies(const kp_rule *rule, const kp_rule_subject *s);

typedef struct kp_refusal {
    int64_t rule_id;
    kp_rule_kind kind;
    char service[32];
    int64_t limit;
    int64_t used;
    int64_t requested;
    kp_rule_period period;  /* KP_PERIOD_NONE: the sentence says "a year"/"a week" as before */
    kp_date period_from;    /* the period counted (day, week, year); KP_DATE_NONE when it has */
    kp_date period_to;      /* no calendar bounds or none was set */
} kp_refusal;

/* KP_OK when used + requested stays within rule->limit; otherwise KP_ERULE
 * with *out describing the refusal (out may be NULL; untouched on KP_OK);
 * its period is the rule's, with no calendar bounds (the caller that counted
 * a concrete period sets period_from/period_to).
 * Overflow-safe. KP_EINVAL for a NULL rule, a negative used, requested or
 * limit. */
kp_rc kp_rule_evaluate(const kp_rule *rule, int64_t used, int64_t requested, kp_refusal *out);

/* Writes the refusal as a sentence into out (NUL-terminated, truncated to
 * outlen without splitting a UTF-8 character). `service_name` is the
 * service's display name in that language (NULL or "": the service code).
 * Any lang other than "lv" gives English; NULL r gives "".
 * lang "lv": "Atelpas brīdis: ne vairāk kā 30 diennaktis gadā; izmantotas 27, pieprasītas 5"
 * lang "en": "Respite: at most 30 days a year; used 27, requested 5".
 * With a period, the sentence names it: "Respite: at most 30 days in
 * calendar year 2022; used 25, requested 10", "… in the week 07.03.2022–
 * 13.03.2022", "… in one course", "… over the whole time". */
void kp_refusal_message(const kp_refusal *r, const char *service_name, const char *lang,
                        char *out, size_t outlen);

#endif
