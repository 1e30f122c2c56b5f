/* Latvian personal codes: shape, date and check-digit validation, canonical form. */
#include "core/personal_code.h"
#include <stddef.h>
#include <string.h>

/* Nothing here prints or logs: the code is personal data (latvia.md). */

int kp_pc_check_digit(const char digits10[10])
{
    static const int w[10] = {1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    if (!digits10)
        return -1;
    int sum = 0;
    for (int i = 0; i < 10; i++) {
        if (digits10[i] < '0' || digits10[i] > '9')
            return -1;
        sum += w[i] * (digits10[i] - '0');
    }
    /* sum <= 9 * 55 = 495, so 1101 - sum stays positive and % is a true modulo. */
    return (1101 - sum) % 11 % 10;
}

/* Collects the 11 digits of "DDMMYYCNNNZ" or "DDMMYY-CNNNZ" into d (as chars);
 * false for any other shape, including surrounding spaces. */
static bool read_shape(const char *s, char d[11])
{
    size_t len = strnlen(s, 13);
    if (len != 11 && len != 12)
        return false;
    if (len == 12 && s[6] != '-')
        return false;
    size_t j = 0;
    for (size_t i = 0; i < len; i++) {
        if (len == 12 && i == 6)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return false;
        d[j++] = s[i];
    }
    return true;
}

static int two(const char *p)
{
    return (p[0] - '0') * 10 + (p[1] - '0');
}

kp_rc kp_pc_parse(const char *input, kp_pc *out)
{
    if (!out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    out->birth_date = KP_DATE_NONE;
    out->problem = KP_PC_BAD_SHAPE;

    char d[11];
    if (!input || !read_shape(input, d))
        return KP_EINVAL;

    int check = kp_pc_check_digit(d);
    bool check_ok = check == d[10] - '0';

    /* New format: 3 then 2–9 (PMLP's current wording; accepting only "32"
     * would refuse future codes). "30…"/"31…" stay old codes: days 30 and 31. */
    if (d[0] == '3' && d[1] >= '2') {
        out->format = KP_PC_NEW;
        if (!check_ok) {
            /* Whether the check digit applies to new codes is unconfirmed:
             * accept, but let the caller warn. */
            out->warning = true;
            out->problem = KP_PC_BAD_CHECK_DIGIT;
        } else {
            out->problem = KP_PC_FINE;
        }
    } else {
        out->format = KP_PC_OLD;
        static const int century[3] = {1800, 1900, 2000};
        int c = d[6] - '0';
        /* The date is checked before the check digit: a wrong date is the
         * more useful explanation when both fail. */
        if (c > 2) {
            out->problem = KP_PC_BAD_DATE;
            return KP_EINVAL;
        }
        int day = two(d), month = two(d + 2), year = century[c] + two(d + 4);
        if (!kp_date_valid_ymd(year, month, day)) {
            out->problem = KP_PC_BAD_DATE;
            return KP_EINVAL;
        }
        if (!check_ok) {
            out->problem = KP_PC_BAD_CHECK_DIGIT;
            return KP_EINVAL;
        }
        out->birth_date = kp_date_from_ymd(year, month, day);
        out->problem = KP_PC_FINE;
    }

    memcpy(out->canonical, d, 6);
    out->canonical[6] = '-';
    memcpy(out->canonical + 7, d + 6, 5);
    out->canonical[12] = '\0';
    return KP_OK;
}

const char *kp_pc_problem_en(kp_pc_problem p)
{
    switch (p) {
    case KP_PC_FINE: return "the personal code is valid";
    case KP_PC_BAD_SHAPE:
        return "a personal code must have 11 digits (with or without a hyphen after the sixth)";
    case KP_PC_BAD_DATE: return "wrong date in the personal code";
    case KP_PC_BAD_CHECK_DIGIT: return "wrong check digit";
    }
    return "unknown problem with the personal code";
}

const char *kp_pc_problem_lv(kp_pc_problem p)
{
    switch (p) {
    case KP_PC_FINE: return "personas kods ir pareizs";
    case KP_PC_BAD_SHAPE:
        return "personas kodam jābūt 11 cipariem (ar vai bez defises pēc sestā cipara)";
    case KP_PC_BAD_DATE: return "nepareizs datums personas kodā";
    case KP_PC_BAD_CHECK_DIGIT: return "nepareizs kontrolcipars";
    }
    return "nezināma kļūda personas kodā";
}
