#!/usr/bin/env bash
# Benchmark of `kopa check`: the Zemgale demo, and the same demo scaled N
# times by duplicating every person-level record (clients, codes' owners
# aside, residences, assessments, plans, assignments, deliveries) with SQL.
# Compensation payments are not duplicated (copies would be the same
# municipality-months paid again), so the scaled region has N times the
# deliveries behind the same payments. Prints wall time (best of 3) and
# maximum resident memory of a whole-region check, and of the counts a
# start page shows (one check run, as the web panel does it).
# Not run by `make check`. Usage: bench/check.sh [path/to/kopa] [scale]
set -euo pipefail
KOPA=${1:-build/kopa}
SCALE=${2:-50}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$KOPA" demo --db "$TMP/demo.db" >/dev/null
cp "$TMP/demo.db" "$TMP/big.db"
cp "$TMP/demo.db.key" "$TMP/big.db.key"

sqlite3 "$TMP/big.db" <<SQL
PRAGMA foreign_keys = OFF;
CREATE TEMP TABLE k(n INTEGER);
WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < $SCALE - 1) INSERT INTO k SELECT n FROM s;
CREATE TEMP TABLE off AS SELECT
  (SELECT MAX(id) FROM client) AS c, (SELECT MAX(id) FROM residence) AS r, (SELECT MAX(id) FROM assessment) AS a,
  (SELECT MAX(id) FROM support_plan) AS p, (SELECT MAX(id) FROM plan_item) AS i, (SELECT MAX(id) FROM assignment) AS s,
  (SELECT MAX(id) FROM delivery) AS d;
BEGIN;
INSERT INTO client(id, given_name, family_name, birth_date, municipality_id, target_group, representative_id,
  disability_group, special_care_from, parents_working, registered_on, parish_id)
  SELECT x.id + k.n * o.c, x.given_name || k.n, x.family_name, x.birth_date, x.municipality_id, x.target_group,
  x.representative_id + k.n * o.c, x.disability_group, x.special_care_from, x.parents_working, x.registered_on, x.parish_id
  FROM client x, k, off o WHERE x.id <= o.c;
INSERT INTO residence(id, client_id, kind, municipality_id, start_date, end_date)
  SELECT x.id + k.n * o.r, x.client_id + k.n * o.c, x.kind, x.municipality_id, x.start_date, x.end_date
  FROM residence x, k, off o WHERE x.id <= o.r;
INSERT INTO assessment(id, client_id, round, assessed_on, place, assessor)
  SELECT x.id + k.n * o.a, x.client_id + k.n * o.c, x.round, x.assessed_on, x.place, x.assessor
  FROM assessment x, k, off o WHERE x.id <= o.a;
INSERT INTO support_plan(id, client_id, version, status, goals, review_on, created_on, approved_on)
  SELECT x.id + k.n * o.p, x.client_id + k.n * o.c, x.version, x.status, x.goals, x.review_on,
  x.created_on, x.approved_on FROM support_plan x, k, off o WHERE x.id <= o.p;
INSERT INTO plan_item(id, plan_id, service_code, volume, provider_id, start_date, end_date, goal)
  SELECT x.id + k.n * o.i, x.plan_id + k.n * o.p, x.service_code, x.volume, x.provider_id,
  x.start_date, x.end_date, x.goal FROM plan_item x, k, off o WHERE x.id <= o.i;
INSERT INTO assignment(id, client_id, plan_item_id, service_code, provider_id, start_date, end_date, units,
  hours_per_week, mode, decided_on, esf_funded, status)
  SELECT x.id + k.n * o.s, x.client_id + k.n * o.c, x.plan_item_id + k.n * o.i, x.service_code,
  x.provider_id, x.start_date, x.end_date, x.units, x.hours_per_week, x.mode, x.decided_on, x.esf_funded, x.status
  FROM assignment x, k, off o WHERE x.id <= o.s;
INSERT INTO delivery(id, assignment_id, delivered_on, units, confirmed)
  SELECT x.id + k.n * o.d, x.assignment_id + k.n * o.s, x.delivered_on, x.units, x.confirmed
  FROM delivery x, k, off o WHERE x.id <= o.d;
COMMIT;
ANALYZE;
SQL

for db in demo big; do
    echo "$db: $(sqlite3 "$TMP/$db.db" "SELECT (SELECT COUNT(*) FROM client) || ' clients, ' ||
      (SELECT COUNT(*) FROM assignment) || ' assignments, ' || (SELECT COUNT(*) FROM delivery) || ' deliveries'")"
done

python3 - "$KOPA" "$TMP" <<'EOF2'
import os, subprocess, sys, time
kopa, tmp = sys.argv[1], sys.argv[2]
for db in ("demo", "big"):
    runs = []
    for _ in range(3):
        t = time.monotonic()
        pid = subprocess.Popen([kopa, "check", "--db", "%s/%s.db" % (tmp, db), "--region", "ZPR", "--at", "2021-12-31",
                                "--out", "%s/check.txt" % tmp], stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(pid.pid, 0)
        runs.append((time.monotonic() - t, ru.ru_maxrss))
        if os.WEXITSTATUS(status) > 1:
            sys.exit("kopa check failed")
    best = min(r[0] for r in runs)
    rss = max(r[1] for r in runs)
    print("%-4s check --region ZPR  wall %.3f s (best of 3)  max RSS %.1f MiB" % (db, best, rss / 1024))
EOF2
