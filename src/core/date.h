/* Calendar dates as day numbers (days since 1970-01-01), so that comparing and
 * subtracting dates is integer arithmetic. Pure: no time zones, no I/O. */
#ifndef KOPA_CORE_DATE_H
#define KOPA_CORE_DATE_H
#include <stdbool.h>
#include <stdint.h>
#include "core/result.h"

typedef int32_t kp_date;

/* "No date" (an open end of a validity period). Sorts after every real date. */
#define KP_DATE_NONE INT32_MAX

bool kp_date_valid_ymd(int y, int m, int d);
/* Day number of a valid y-m-d; the caller checks validity first. */
kp_date kp_date_from_ymd(int y, int m, int d);
void kp_date_to_ymd(kp_date date, int *y, int *m, int *d);
int kp_date_year(kp_date date);
/* ISO weekday: 1 = Monday … 7 = Sunday. */
int kp_date_weekday(kp_date date);

/* Parses exactly "YYYY-MM-DD" (years 1800–2999). KP_EINVAL otherwise; *out is
 * untouched on failure. */
kp_rc kp_date_parse_iso(const char *s, kp_date *out);
/* Parses a date as people type it: the Latvian "31.12.2021." (the final
 * dot optional, day and month of one or two digits) or ISO "2021-12-31",
 * with spaces around allowed; years 1800–2999. KP_EINVAL otherwise (*out
 * untouched). */
kp_rc kp_date_parse_input(const char *s, kp_date *out);
/* Writes "YYYY-MM-DD" into out (at least 11 bytes); "" for a day outside
 * years 0–9999 (KP_DATE_NONE included), never a wrong date that looks real. */
void kp_date_format_iso(kp_date date, char out[11]);
/* Writes the Latvian form "31.12.2021." into out (at least 12 bytes). */
void kp_date_format_lv(kp_date date, char out[12]);
/* Whole years of age on `at` for someone born on `birth`. */
int kp_date_age(kp_date birth, kp_date at);

#endif
