/* The case documents' SQL: what the printed support plan, assignment
 * decision and provider's monthly statement read (case_docs.h). The texts
 * are cut to the document's fields as the documents have always printed
 * them. Used by case_docs.c only; no authorisation or audit here. */
#ifndef KOPA_SERVICE_CASE_DOCS_SQL_H
#define KOPA_SERVICE_CASE_DOCS_SQL_H
#include <stdbool.h>
#include <stdint.h>
#include "service/casework/case_docs.h"
#include "service/sql.h"

/* The client as a document names them (id left to the caller). */
kp_rc kp_q_case_doc_client(kp_store *st, int64_t client, kp_doc_client *out, bool *found);
/* The plan's own fields (not id, client or items); *client its owner. */
kp_rc kp_q_case_doc_plan(kp_store *st, int64_t plan, kp_doc_plan *out, int64_t *client, bool *found);
/* Appends the plan's items, by id, to out->items (out->nitems). */
kp_rc kp_q_case_doc_plan_items(kp_store *st, int64_t plan, kp_doc_plan *out);
/* The assignment's fields (not id or client) with its status on `today`;
 * *client and *provider (0 = none) its client and provider. */
kp_rc kp_q_case_doc_assignment(kp_store *st, int64_t assignment, const char *today, kp_doc_assignment *out,
                          int64_t *client, int64_t *provider, bool *found);
/* The municipality of an ATVK code (0 when none); its Latvian name. */
kp_rc kp_q_case_doc_municipality_by_atvk(kp_store *st, const char *atvk, int64_t *muni);
kp_rc kp_q_case_doc_municipality_name(kp_store *st, int64_t muni, char *out, size_t len);
/* The provider's name and registration number ("" when none). */
kp_rc kp_q_case_doc_provider(kp_store *st, int64_t provider, kp_doc_statement *out);
/* The provider's deliveries in [from, to], by date, family and given name:
 * fn gets each line and the municipality of the client's record; a
 * non-zero result stops the walk and is returned. */
typedef kp_rc (*kp_q_case_doc_line_fn)(const kp_doc_statement_line *line, int64_t municipality, void *arg);
kp_rc kp_q_case_doc_statement_lines(kp_store *st, int64_t provider, const char *from, const char *to, kp_q_case_doc_line_fn fn,
                               void *arg);

#endif
