#!/usr/bin/env bash
# Benchmark of `kopa report evaluation` (CSV and PDF): the Zemgale demo, and
# the same demo scaled 50 times by duplicating every person-level record
# (clients, residences, assessments and needs, plans, assignments,
# deliveries, compensation payments) with SQL, so every figure is still
# computed from records. Prints wall time and maximum resident memory.
# Not run by `make check`. Usage: bench/evaluation.sh [path/to/kopa] [scale]
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
  (SELECT MAX(id) FROM delivery) AS d, (SELECT MAX(id) FROM compensation_payment) AS m;
BEGIN;
INSERT INTO client(id, given_name, family_name, birth_date, municipality_id, target_group, representative_id,
  disability_group, special_care_from, parents_working, registered_on, parish_id)
  SELECT x.id + k.n * o.c, x.given_name, x.family_name, x.birth_date, x.municipality_id, x.target_group,
  x.representative_id + k.n * o.c, x.disability_group, x.special_care_from, x.parents_working, x.registered_on, x.parish_id
  FROM client x, k, off o WHERE x.id <= o.c;
-- The person's dated versions (migration 11): what the figures read.
INSERT INTO client_version(client_id, valid_from, valid_to, given_name, family_name, birth_date, municipality_id,
  parish_id, target_group, disability_group, special_care_from, parents_working, case_status, closed_reason,
  closed_note, correct_reason, move_reason, reopen_reason)
  SELECT x.client_id + k.n * o.c, x.valid_from, x.valid_to, x.given_name, x.family_name, x.birth_date, x.municipality_id,
  x.parish_id, x.target_group, x.disability_group, x.special_care_from, x.parents_working, x.case_status,
  x.closed_reason, x.closed_note, x.correct_reason, x.move_reason, x.reopen_reason
  FROM client_version x, k, off o WHERE x.client_id <= o.c;
INSERT INTO client_representative(client_id, representative_id, kind, valid_from, valid_to)
  SELECT x.client_id + k.n * o.c, x.representative_id + k.n * o.c, x.kind, x.valid_from, x.valid_to
  FROM client_representative x, k, off o WHERE x.client_id <= o.c;
INSERT INTO residence(id, client_id, kind, municipality_id, start_date, end_date, parish_id)
  SELECT x.id + k.n * o.r, x.client_id + k.n * o.c, x.kind, x.municipality_id, x.start_date, x.end_date, x.parish_id
  FROM residence x, k, off o WHERE x.id <= o.r;
INSERT INTO assessment SELECT x.id + k.n * o.a, x.client_id + k.n * o.c, x.round, x.assessed_on, x.place, x.assessor
  FROM assessment x, k, off o WHERE x.id <= o.a;
INSERT INTO assessment_need SELECT x.assessment_id + k.n * o.a, x.service_code
  FROM assessment_need x, k, off o WHERE x.assessment_id <= o.a;
INSERT INTO support_plan(id, client_id, version, status, goals, review_on, created_on, approved_on, ended_on, end_reason)
  SELECT x.id + k.n * o.p, x.client_id + k.n * o.c, x.version, x.status, x.goals, x.review_on,
  x.created_on, x.approved_on, x.ended_on, x.end_reason FROM support_plan x, k, off o WHERE x.id <= o.p;
INSERT INTO plan_item SELECT x.id + k.n * o.i, x.plan_id + k.n * o.p, x.service_code, x.volume, x.provider_id,
  x.start_date, x.end_date, x.goal FROM plan_item x, k, off o WHERE x.id <= o.i;
INSERT INTO assignment(id, client_id, plan_item_id, service_code, provider_id, start_date, end_date, units,
  hours_per_week, mode, decided_on, esf_funded, status, cancelled_from, cancel_reason, granted_end_date, end_reason)
  SELECT x.id + k.n * o.s, x.client_id + k.n * o.c, x.plan_item_id + k.n * o.i, x.service_code,
  x.provider_id, x.start_date, x.end_date, x.units, x.hours_per_week, x.mode, x.decided_on, x.esf_funded, x.status,
  x.cancelled_from, x.cancel_reason, x.granted_end_date, x.end_reason
  FROM assignment x, k, off o WHERE x.id <= o.s;
INSERT INTO delivery SELECT x.id + k.n * o.d, x.assignment_id + k.n * o.s, x.delivered_on, x.units, x.confirmed
  FROM delivery x, k, off o WHERE x.id <= o.d;
INSERT INTO compensation_payment SELECT x.id + k.n * o.m, x.project_id, x.municipality_id, x.period_start, x.period_end,
  x.paid_on, x.amount_cents, x.esf_cents, x.state_cents FROM compensation_payment x, k, off o WHERE x.id <= o.m;
COMMIT;
ANALYZE;
SQL

for db in demo big; do
    echo "$db: $(sqlite3 "$TMP/$db.db" "SELECT (SELECT COUNT(*) FROM client) || ' clients, ' ||
      (SELECT COUNT(*) FROM delivery) || ' deliveries, ' || (SELECT COUNT(*) FROM compensation_payment) || ' payments'")"
done

python3 - "$KOPA" "$TMP" <<'EOF2'
import resource, subprocess, sys, time
kopa, tmp = sys.argv[1], sys.argv[2]
for db in ("demo", "big"):
    for fmt in ("csv", "pdf"):
        runs = []
        for _ in range(3):
            t = time.monotonic()
            pid = subprocess.Popen([kopa, "report", "evaluation", "--db", "%s/%s.db" % (tmp, db), "--region", "ZPR",
                                    "--at", "2021-12-31", "--format", fmt, "--out", "%s/out.%s" % (tmp, fmt)])
            _, status, ru = __import__("os").wait4(pid.pid, 0)
            runs.append((time.monotonic() - t, ru.ru_maxrss))
            if status:
                sys.exit("kopa failed")
        best = min(r[0] for r in runs)
        rss = max(r[1] for r in runs)
        print("%-4s %-3s  wall %.3f s (best of 3)  max RSS %.1f MiB" % (db, fmt, best, rss / 1024))
EOF2
