/* Latvian personal codes (personas kods): validation and canonical form.
 * See ../shared/reference/latvia.md. Pure; never logs the code. */
#ifndef KOPA_CORE_PERSONAL_CODE_H
#define KOPA_CORE_PERSONAL_CODE_H
#include <stdbool.h>
#include "core/date.h"
#include "core/result.h"

typedef enum kp_pc_format {
    KP_PC_OLD = 1, /* DDMMYY-CNNNZ, carries the birth date */
    KP_PC_NEW = 2, /* since 1 July 2017: 3XNNNN-NNNNN, no birth date */
} kp_pc_format;

typedef enum kp_pc_problem {
    KP_PC_FINE = 0,
    KP_PC_BAD_SHAPE = 1,       /* not 11 digits with an optional hyphen after the 6th */
    KP_PC_BAD_DATE = 2,        /* old format: the date or century digit does not exist */
    KP_PC_BAD_CHECK_DIGIT = 3, /* old format: refused; new format: a warning only */
} kp_pc_problem;

typedef struct kp_pc {
    char canonical[13];   /* "DDMMYY-NNNNN": always with the hyphen */
    kp_pc_format format;
    kp_date birth_date;   /* old format only; KP_DATE_NONE for new */
    bool warning;         /* new format whose check digit fails: accept, but say so */
    kp_pc_problem problem;/* why it was refused, or KP_PC_FINE / the warning's reason */
} kp_pc;

/* Validates `input` (spaces around it are not allowed). Returns KP_OK with
 * *out filled (out->warning may be true), or KP_EINVAL with out->problem set
 * and out->canonical empty. `input` may be NULL (KP_EINVAL, KP_PC_BAD_SHAPE);
 * `out` NULL is KP_EINVAL. "30…"/"31…" are old codes (days 30, 31). */
kp_rc kp_pc_parse(const char *input, kp_pc *out);

/* The check digit for the first ten digits (weights 1,6,3,7,9,10,5,8,4,2);
 * -1 when digits10 is NULL or any of the ten is not '0'–'9'. */
int kp_pc_check_digit(const char digits10[10]);

/* English explanation of a problem, for command-line messages. */
const char *kp_pc_problem_en(kp_pc_problem p);
/* Latvian explanation of a problem, for the user interface. */
const char *kp_pc_problem_lv(kp_pc_problem p);

#endif
