/* The drill-down: the records behind one figure of the evaluation — the
 * persons, payments, objects, projects, requests, amendments or values
 * that make it — selected by the catalogue's query for the figure
 * (catalogue.h), so that the list's total is the figure: the number of
 * rows for a count, the sum of the amounts for money, places or an entered
 * value; a share lists its numerator's records.
 *
 * Who sees what: a municipality's social workers and head see the persons
 * of their own municipality by name, with the client's id for a link to
 * the card (each such row is an audited read of the client); the region's
 * coordinator, the ministry and administrators see a pseudonym instead — a
 * keyed hash of the person under the figure, stable for the figure's list
 * and useless for joining two lists — and the counts. A municipal user
 * asking for the region or another municipality gets KP_ENOTFOUND. Every
 * drill-down writes one access record. */
#ifndef KOPA_SERVICE_FIGURE_RECORDS_H
#define KOPA_SERVICE_FIGURE_RECORDS_H
#include <stdbool.h>
#include <stdint.h>
#include "core/date.h"
#include "service/ctx.h"
#include "service/figures/catalogue.h"

/* A figure named in a link: "section.target_group.item.measure.period"
 * (target group may be empty, period 0 = none), as kp_figure_ref_format
 * writes it. */
typedef struct kp_figure_ref {
    char section[32];
    char target_group[16];
    char item[48];
    char measure[16];
    int period;
} kp_figure_ref;

#define KP_FIGURE_REF_MAX 160

/* Writes a figure's reference (out: KP_FIGURE_REF_MAX bytes). */
void kp_figure_ref_format(const kp_figure *f, char out[KP_FIGURE_REF_MAX]);
/* Parses a reference; KP_EINVAL when it is malformed or names no figure
 * of the catalogue (NULL arguments too). */
kp_rc kp_figure_ref_parse(const char *s, kp_figure_ref *out);

typedef struct kp_figure_record {
    const char *kind;       /* "person", "payment", "object", "project", "request", "amendment", "value",
                               "facility", "provider" (static strings) */
    char pseudonym[17];     /* persons: 16 hex digits; others: "" */
    bool named;             /* the caller may see this person: name and client_id are set */
    int64_t client_id;      /* only when named; else 0 */
    int64_t record_id;      /* the record's id for records that are no person's (payments, objects …); else 0 */
    char name[304];         /* a named person's full name, or the record's own name; else "" */
    int64_t municipality_id;/* the territory holding the record on the date (0 = the region's record) */
    char municipality[96];
    char detail[160];       /* what the record is (a service code, a year, a status); no personal data */
    int64_t amount;         /* what the record adds to the figure: 1, cents, places or a value */
} kp_figure_record;

typedef struct kp_figure_records {
    kp_figure_record *items;
    size_t n, cap;
    int64_t total;          /* the sum of the amounts: equals the figure (a share: its numerator) */
    kp_value_kind kind;     /* how total is written */
    const kp_figure_def *def; /* the catalogue's entry of the figure */
    bool derived;           /* a share: the records are its numerator's */
} kp_figure_records;

void kp_figure_records_free(kp_figure_records *r);

/* Lists the records of figure `ref` of `region` at `at`, for the territory
 * `municipality_id` (0 = the whole region). KP_EINVAL for NULL arguments
 * or a ref that names no figure; KP_ENOTFOUND for an unknown region or one
 * out of the caller's scope; KP_ECRYPTO without a key (pseudonyms need
 * it). *out is empty on failure; the caller frees it. */
kp_rc kp_figure_records_list(kp_ctx *ctx, const char *region, kp_date at, const kp_figure_ref *ref,
                             int64_t municipality_id, kp_figure_records *out);

#endif
