/* Migration 6: case work in the browser (caseload assignment of clients to
 * social workers, confirmations). */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m006[] =
    /* A client's responsible social worker (one at a time; the audit trail
     * keeps who had the client before). user_id is an app_user. */
    "CREATE TABLE client_worker ("
    "  client_id INTEGER PRIMARY KEY REFERENCES client(id),"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id),"
    "  since TEXT NOT NULL);"
    "CREATE INDEX client_worker_user ON client_worker(user_id);"
    /* Provider pages: referrals and a day's group by provider and service. */
    "CREATE INDEX assignment_provider ON assignment(provider_id, service_code, start_date);"
    /* Caseload: plans to review, deliveries to confirm. */
    "CREATE INDEX support_plan_client ON support_plan(client_id, status, review_on);"
    "CREATE INDEX delivery_unconfirmed ON delivery(confirmed, assignment_id);";
