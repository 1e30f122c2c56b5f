/* Migration 19: indexes the pages need at national scale (issue 10). A
 * support plan's items were found by scanning every plan item in the
 * country (plan_item had no index on plan_id): the client card, the plan
 * page and the caseload's plan counts read them by plan. */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m019[] = "CREATE INDEX IF NOT EXISTS plan_item_plan ON plan_item(plan_id);";
