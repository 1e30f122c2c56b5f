/* Internals shared by the demo's files (demo*.c); not a public interface. */
#ifndef KOPA_SERVICE_DEMO_PLAN_H
#define KOPA_SERVICE_DEMO_PLAN_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "service/ctx.h"
#include "service/errors.h"
#include "core/date.h"

#define DEMO_MUNIS 6
#define DEMO_MAX_PRE 8
#define DEMO_CODE_SLOTS 65536 /* power of two, well above the number of old-format codes */
#define DEMO_MAX_FACILITIES 512
#define DEMO_NAME_SLOTS 16384 /* power of two, well above the number of people */

enum { DEMO_GRT = 0, DEMO_FT = 1, DEMO_PARENTS = 2, DEMO_GROUPS = 3 };

typedef struct demo_muni {
    char refkey[32];  /* the figures file's key, e.g. jelgava_city */
    int64_t id;
    char atvk[8];
    char pre[DEMO_MAX_PRE][8]; /* participating pre-reform predecessors */
    int npre;
} demo_muni;

/* People who may receive services, in the order they are handed out. */
typedef struct demo_pool {
    int64_t *ids;
    size_t n, cap, next;
} demo_pool;

/* A needs assessment made once it is known when the person (or the parent
 * who represents them) is first served, so that it comes before that
 * decision, as the process has it (demo_services.c). */
typedef struct demo_pending {
    int64_t client, representative;
    int round;          /* the round of a person who is not served */
    bool again_in_2021; /* assessed in the 2021 round too */
    char place[16];
    char needs[256];
} demo_pending;

typedef struct demo_facility {
    int64_t provider;
    char service[32];
    char tg[12];
    char opened[16], closed[16]; /* closed "" = still open */
} demo_facility;

typedef struct demo {
    kp_ctx *ctx;
    kp_errors *e;
    json_t *ref;
    uint64_t rng;
    int serial, new_serial;
    uint32_t codes[DEMO_CODE_SLOTS];
    demo_muni m[DEMO_MUNIS];
    size_t nm;
    demo_pool pool[DEMO_MUNIS][DEMO_GROUPS];
    demo_facility fac[DEMO_MAX_FACILITIES];
    size_t nfac;
    uint64_t names[DEMO_NAME_SLOTS]; /* name and birth date of everyone registered (hashes) */
    demo_pending *pending;
    size_t npending, pending_cap;
    char data_dir[512]; /* the folder of the figures file (its sibling files: amendment texts) */
} demo;

typedef struct demo_client_opts {
    int64_t representative;
    const char *special_care_from;
} demo_client_opts;

int demo_rand(demo *d, int n);
/* A date in `year` between the given months, day 1–28. */
void demo_date(demo *d, int year, int month_from, int month_to, char out[11]);
const char *demo_atvk(demo *d, int mi, const char *date, int salt);
/* A new-format personal code (valid check digit), unique within the demo. */
void demo_new_code(demo *d, char out[13]);
/* Turns a failed use case into a message naming what the demo was doing. */
kp_rc demo_check(demo *d, kp_rc rc, const char *what);
kp_rc demo_client(demo *d, int mi, const char *tg, const char *birth, const char *registered, const demo_client_opts *o,
                  int64_t *id);
kp_rc demo_residence(demo *d, int64_t client, const char *kind, const char *start, const char *end);
kp_rc demo_assessment(demo *d, int64_t client, int round, const char *place, const char *needs);
/* An assessment in the latest round that can precede `before` (ISO, "" =
 * any round: `round`), dated before it. */
kp_rc demo_assessment_before(demo *d, int64_t client, int round, const char *place, const char *needs,
                             const char *before);
void demo_defer_assessment(demo *d, int64_t client, int64_t representative, int round, bool again_in_2021,
                           const char *place, const char *needs);

/* Figures-file access. */
int64_t demo_int(json_t *j);

kp_rc demo_build_programme(demo *d);   /* project, money, providers (demo_programme.c) */
kp_rc demo_build_people(demo *d);      /* clients, residence, assessments (demo_people.c) */
kp_rc demo_build_services(demo *d);    /* plans, assignments, deliveries (demo_services.c) */
kp_rc demo_build_compensation(demo *d); /* compensation paid for what was delivered (demo_programme.c) */
kp_rc demo_build_history(demo *d);     /* a few changes of people in January 2022 (demo_history.c) */
kp_rc demo_build_di_plan(demo *d);     /* infrastructure objects, amendments, cooperation (demo_diplan.c) */
kp_rc demo_build_indicators(demo *d);  /* indicators and entered values (demo_diplan.c) */
kp_rc demo_build_chapters(demo *d);    /* the Zemgale evaluation's chapters of text (demo_chapters.c) */
void demo_free_people(demo *d);

#endif
