/* Documents of the data-protection rights as report models (model.h): the
 * subject access export (from kp_subject_export's JSON) and the record of
 * processing activities (GDPR Art. 30, from the privacy configuration). */
#ifndef KOPA_REPORT_PRIVACY_DOCS_H
#define KOPA_REPORT_PRIVACY_DOCS_H
#include <jansson.h>
#include "report/model.h"
#include "service/privacy/privacy.h"

/* Builds the export as a document into d (kp_doc_init'ed by the caller,
 * who frees it): a section per kind of record, a table per list, each
 * row's fields as "name: value" text. KP_EINVAL for NULLs or an object
 * that is not an export. */
kp_rc kp_privacy_export_doc(const json_t *export, kp_doc *d);

/* The record of processing activities of the installation, in Latvian
 * (en false) or English: controller, purposes with their legal basis,
 * categories of data and recipients, retention rules, security measures.
 * `created` fixes the document's date. */
kp_rc kp_privacy_record_doc(const kp_privacy_config *cfg, bool en, kp_date created, kp_doc *d);

#endif
