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
} kp_refusal;

/* KP_OK when used + requested stays within rule->limit; otherwise KP_ERULE
 * with *out describing the refusal (out may be NULL; untouched on KP_OK).
 * Overflow-safe. KP_EINVAL for a NULL rule, a negative used, requested or
 * limit. */
kp_rc kp_rule_evaluate(const kp_rule *rule, int64_t used, int64_t requested, kp_refusal *out);

/* Writes the refusal as a sentence into out (NUL-terminated, truncated to
 * outlen without splitting a UTF-8 character). `service_name` is the
 * service's display name in that language (NULL or "": the service code).
 * Any lang other than "lv" gives English; NULL r gives "".
 * lang "lv": "Atelpas brīdis: ne vairāk kā 30 diennaktis gadā; izmantotas 27, pieprasītas 5"
 * lang "en": "Respite: at most 30 days a year; used 27, requested 5". */
void kp_refusal_message(const kp_refusal *r, const char *service_name, const char *lang,
                        char *out, size_t outlen);

#endif
