/* Read use cases for the front ends: finding and listing clients in the
 * caller's scope, one client's card data, and the audit trail. Every client
 * returned leaves an audit record ("list" or "view"); a client outside the
 * scope answers KP_ENOTFOUND.
 *
 * Who sees client data: social workers and municipal heads (their
 * municipality, including records made under the municipalities that merged
 * into it), provider staff (clients referred to their provider) and the
 * system operator. Region coordinators, the ministry and administrators see
 * no client cards (KP_EDENIED): their work needs aggregates, programme data
 * and, for administrators, the audit trail by client id. */
#ifndef KOPA_SERVICE_QUERIES_H
#define KOPA_SERVICE_QUERIES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/ctx.h"

typedef struct kp_client_row {
    int64_t id;
    char given_name[104];
    char family_name[104];
    char birth_date[11];       /* ISO; names, birth date, group …: as in force today */
    char municipality[8];      /* ATVK code of the municipality responsible today (as recorded:
                                  a pre-reform one for a person who has not moved since) */
    bool municipality_confirmed; /* that code was checked against the official classifier */
    char municipality_name[96];/* its Latvian name */
    char municipality_name_en[96];
    char target_group[16];
    char registered_on[11];
    int disability_group;      /* 0 = none */
    char special_care_from[11];/* "" = none */
    int parents_working;       /* -1 unknown, 0, 1 */
    int64_t representative_id; /* a representative whose link covers today; 0 = none */
    bool closed;               /* the case is closed today (people.h) */
    char code_masked[16];      /* search results only: "161175-*****" (the first six digits of the
                                  current personal code), "" when unknown */
} kp_client_row;

typedef struct kp_client_rows {
    kp_client_row *items;
    size_t n, cap;
    size_t total;              /* matches before limit/offset */
} kp_client_rows;

void kp_client_rows_free(kp_client_rows *r);

/* Orders two names ("family given"); the web layer passes ICU's Latvian
 * collation. NULL: byte order. */
typedef int (*kp_name_cmp)(const char *a, const char *b, void *arg);

typedef struct kp_client_query {
    const char *q;          /* "" or NULL: everyone in scope; a valid personal code: exact
                               match on current and former codes; a date ("31.12.1980." or
                               ISO): the birth date; six digits ("311280" or "311280-"):
                               the first six digits of an old-format code, i.e. that birth
                               date in any century; else words that must each occur in the
                               name, without regard to case or diacritics ("ozolins" finds
                               "Ozoliņš", kp_fold_search) */
    size_t limit;           /* 1–500; 0 means 50 */
    size_t offset;
    kp_name_cmp cmp;
    void *cmp_arg;
    const char *sort;       /* "name" (NULL, ""), "birth", "municipality", "group"; ties by name */
    bool desc;              /* the other way round */
    const char *target_group; /* only this group; NULL/"" = all */
} kp_client_query;

/* Clients in the caller's scope matching q, ordered by `sort` (names
 * through cmp), page [offset, offset+limit); out->total counts every match.
 * Rows returned carry the masked personal code (when the key is loaded) to
 * tell namesakes apart. One "list" audit record per client returned.
 * KP_EINVAL for a limit over 500 or an unknown sort. Caller frees `out`
 * (also on failure). */
kp_rc kp_client_search(kp_ctx *ctx, const kp_client_query *q, kp_client_rows *out);

/* One client's card data; a "view" audit record. KP_ENOTFOUND outside the
 * scope or when there is no such client; KP_EDENIED for roles that see no
 * client cards. */
kp_rc kp_client_get(kp_ctx *ctx, int64_t id, kp_client_row *out);

/* Latvian-aware case folding for name search: ASCII and Latin-1/Latin
 * Extended-A capitals (Ā, Č, Ē, Ģ, Ī, Ķ, Ļ, Ņ, Š, Ū, Ž …) to small letters.
 * Writes at most outlen-1 bytes and a NUL; invalid UTF-8 is copied as is. */
void kp_fold_lv(const char *in, char *out, size_t outlen);

typedef struct kp_audit_filter {
    const char *actor;      /* user name, exact; NULL/"" = any */
    int64_t client_id;      /* 0 = any */
    const char *action;     /* exact; NULL/"" = any */
    const char *from, *to;  /* ISO dates, inclusive; NULL/"" = open */
    size_t limit;           /* 1–1000; 0 means 100 */
    size_t offset;
    bool oldest_first;      /* default: newest first */
} kp_audit_filter;

typedef struct kp_audit_row {
    int64_t id;
    char at[24];
    char actor[72];
    char role[24];
    char action[48];
    char entity[48];
    int64_t entity_id;
    int64_t client_id;
    char detail[256];
} kp_audit_row;

typedef struct kp_audit_rows {
    kp_audit_row *items;
    size_t n, cap;
    size_t total;
} kp_audit_rows;

void kp_audit_rows_free(kp_audit_rows *r);

/* The audit trail, newest first (administrators and the system operator
 * only, else KP_EDENIED). Caller frees `out`. */
kp_rc kp_audit_query(kp_ctx *ctx, const kp_audit_filter *f, kp_audit_rows *out);

#endif
