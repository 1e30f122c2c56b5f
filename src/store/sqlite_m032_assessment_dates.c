/* Migration 32: a person's assessments by date (issue 10). The evaluation
 * asks for each person's latest assessment by a date (the needs, the
 * unmet need of the cost chapter) and first one (the first assessment
 * place of the context and the trends): with only UNIQUE (client_id,
 * round) SQLite read all of a person's assessments and sorted them by
 * date for every person; in date order (then round, the queries' tie-break)
 * the one wanted is the first entry the index seeks to. */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m032[] =
    "CREATE INDEX IF NOT EXISTS assessment_client_date ON assessment(client_id, assessed_on, round);";
