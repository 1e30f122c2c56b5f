/* Migration 33: two indexes the evaluation reads without their tables
 * (issue 10). Each replaces the index of the same name, whose columns stay
 * its first ones, so every plan that used it still can and a table keeps
 * its number of indexes.
 *
 * residence_client gains end_date and kind: a person's residence on a date
 * (KP_FIGURE_RESIDENCE_OF: the last one begun by then and not ended) is
 * asked for every person at each of the trends' six dates and in the
 * context, and read the residence row for its end and kind each time.
 *
 * assignment_client gains esf_funded and cancelled_from: the evaluation
 * asks for a person's ESF-funded assignments not cancelled by a day
 * (services provided, receiving, the cost chapter), and read each
 * assignment's row to filter them.
 *
 * Not done: units on delivery_assignment (the cost chapter's deliveries):
 * measured, the deliveries' read cost the same with it (28.1 M
 * instructions either way on the national data at scale 0.1), and the
 * delivery import would have paid for the wider index on every row. */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m033[] =
    "DROP INDEX IF EXISTS residence_client;"
    "CREATE INDEX residence_client ON residence(client_id, start_date, end_date, kind);"
    "DROP INDEX IF EXISTS assignment_client;"
    "CREATE INDEX assignment_client ON assignment(client_id, service_code, start_date, esf_funded, cancelled_from);";
