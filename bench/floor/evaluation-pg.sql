-- The floor of `kopa report evaluation` on PostgreSQL: bench/floor/evaluation.sql
-- (read its header for what it computes and how it differs from Kopā's
-- definitions) in PostgreSQL's dialect, over the same data as Kopā's
-- PostgreSQL database. Run by bench/run.sh (BENCH_BACKENDS with pg) as
--   psql -X -q -v ON_ERROR_STOP=1 -v at=2021-12-31 -v region=ALL -o /dev/null \
--     -f bench/floor/evaluation-pg.sql URL
--
-- The only differences from the SQLite text: psql variables for the
-- parameters, a date sum for date(@at, '-18 years'), COUNT(*) FILTER for
-- SQLite's SUM of a comparison, and DISTINCT ON for SQLite's bare column
-- beside MIN() (the service of each person's first delivery), the payment
-- requests summed over the region's projects (SQLite takes one project's
-- where the subquery stands ungrouped; PostgreSQL refuses that). The temporary
-- holder table gets statistics (ANALYZE holder) as SQLite's planner needs none
-- for a table it made; Kopā's own tables are left to the server's autovacuum.

CREATE TEMP TABLE holder AS
WITH RECURSIVE chain(origin, m, depth) AS (
  SELECT id, id, 0 FROM municipality
  UNION ALL
  SELECT -p.id,
         CASE WHEN mu.valid_from <= :'at' AND (mu.valid_to IS NULL OR mu.valid_to >= :'at')
              THEN p.municipality_id ELSE p.successor_id END, 0
    FROM parish p JOIN municipality mu ON mu.id = p.municipality_id
  UNION ALL
  SELECT c.origin, mu.successor_id, c.depth + 1 FROM chain c JOIN municipality mu ON mu.id = c.m
   WHERE NOT (mu.valid_from <= :'at' AND (mu.valid_to IS NULL OR mu.valid_to >= :'at'))
     AND mu.successor_id IS NOT NULL AND c.depth < 10
)
SELECT c.origin AS origin, c.m AS holder, r.region_code AS region
  FROM chain c
  JOIN municipality mu ON mu.id = c.m AND mu.valid_from <= :'at' AND (mu.valid_to IS NULL OR mu.valid_to >= :'at')
  JOIN municipality_region r ON r.municipality_id = c.m AND r.valid_from <= :'at'
   AND (r.valid_to IS NULL OR r.valid_to >= :'at')
 WHERE :'region' = 'ALL' OR r.region_code = :'region';
CREATE INDEX holder_origin ON holder(origin);
ANALYZE holder;

CREATE TEMP TABLE params AS
SELECT to_char(:'at'::date - interval '18 years', 'YYYY-MM-DD') AS adult,
       substr(:'at', 1, 4) || '-01-01' AS year_start,
       (SELECT COALESCE(MIN(start_date), '1900-01-01') FROM project) AS programme_start;

-- Context of the target groups, per territory.
SELECT h.region, h.holder,
  COUNT(*) FILTER (WHERE x.target_group = 'grt' AND x.birth_date <= p.adult AND COALESCE(x.res, '') <> 'vsac'),
  COUNT(*) FILTER (WHERE x.target_group = 'ft' AND x.birth_date > p.adult AND COALESCE(x.res, '') <> 'children_institution'),
  COUNT(*) FILTER (WHERE x.target_group = 'grt' AND x.first_place IS NOT NULL AND x.first_place <> 'vsac'),
  COUNT(*) FILTER (WHERE x.target_group = 'ft' AND x.first_place IS NOT NULL),
  COUNT(*) FILTER (WHERE x.target_group = 'bsac' AND x.birth_date > p.adult AND x.res = 'foster_family'),
  COUNT(*) FILTER (WHERE x.target_group = 'bsac' AND x.birth_date > p.adult AND x.res = 'guardianship'),
  COUNT(*) FILTER (WHERE x.target_group = 'bsac' AND x.birth_date > p.adult AND x.res = 'children_institution'),
  COUNT(*) FILTER (WHERE x.target_group = 'ft' AND x.birth_date > p.adult AND x.special_care_from <= :'at'),
  COUNT(*) FILTER (WHERE x.target_group = 'grt' AND x.first_place = 'vsac'),
  COUNT(*) FILTER (WHERE x.target_group = 'bsac' AND x.first_place IS NOT NULL),
  COUNT(*) FILTER (WHERE x.target_group = 'grt' AND x.first_place IS NOT NULL)
FROM (SELECT CASE WHEN c.parish_id IS NULL THEN c.municipality_id ELSE -c.parish_id END AS origin,
             c.target_group, c.birth_date, c.special_care_from,
             (SELECT a.place FROM assessment a WHERE a.client_id = c.id AND a.assessed_on <= :'at'
               ORDER BY a.assessed_on, a.round LIMIT 1) AS first_place,
             (SELECT r.kind FROM residence r WHERE r.client_id = c.id AND r.start_date <= :'at'
                 AND (r.end_date IS NULL OR r.end_date >= :'at') ORDER BY r.start_date DESC LIMIT 1) AS res
        FROM client c WHERE c.registered_on <= :'at') x
JOIN holder h ON h.origin = x.origin, params p
GROUP BY h.region, h.holder;

-- Needs of each person's latest assessment, per territory and service.
SELECT h.region, h.holder, c.target_group, n.service_code, COUNT(*)
FROM client c
JOIN holder h ON h.origin = CASE WHEN c.parish_id IS NULL THEN c.municipality_id ELSE -c.parish_id END
JOIN assessment a ON a.id = (SELECT a2.id FROM assessment a2 WHERE a2.client_id = c.id AND a2.assessed_on <= :'at'
                              ORDER BY a2.assessed_on DESC, a2.round DESC LIMIT 1)
JOIN assessment_need n ON n.assessment_id = a.id
WHERE c.registered_on <= :'at' AND c.target_group IN ('grt', 'ft')
  AND (SELECT a3.place FROM assessment a3 WHERE a3.client_id = c.id AND a3.assessed_on <= :'at'
        ORDER BY a3.assessed_on, a3.round LIMIT 1) <> 'vsac'
GROUP BY h.region, h.holder, c.target_group, n.service_code;

-- Each person once, under the service of their first ESF-funded delivery
-- in the programme (kinds folded into their parent service).
SELECT h.region, h.holder, f.target_group, COALESCE(st.parent_code, st.code), COUNT(*)
FROM (SELECT DISTINCT ON (a.client_id) a.client_id, a.service_code, d.delivered_on AS first_on
        FROM assignment a JOIN delivery d ON d.assignment_id = a.id, params p
       WHERE a.esf_funded = 1 AND a.status = 'active' AND d.delivered_on BETWEEN p.programme_start AND :'at'
       ORDER BY a.client_id, d.delivered_on) fd
JOIN (SELECT id, target_group, CASE WHEN parish_id IS NULL THEN municipality_id ELSE -parish_id END AS origin
        FROM client WHERE target_group IN ('grt', 'ft', 'parents')) f ON f.id = fd.client_id
JOIN holder h ON h.origin = f.origin
JOIN service_type st ON st.code = fd.service_code
GROUP BY h.region, h.holder, f.target_group, COALESCE(st.parent_code, st.code);

-- Indicators: people assessed by the date, per region and target group.
SELECT h.region, c.target_group, COUNT(*)
FROM client c JOIN holder h ON h.origin = CASE WHEN c.parish_id IS NULL THEN c.municipality_id ELSE -c.parish_id END
WHERE c.target_group IN ('grt', 'ft', 'bsac')
  AND EXISTS (SELECT 1 FROM assessment a WHERE a.client_id = c.id AND a.assessed_on <= :'at')
GROUP BY h.region, c.target_group;

-- Indicators: people receiving ESF-funded services in the date's year.
SELECT h.region, c.target_group, COUNT(*)
FROM client c JOIN holder h ON h.origin = CASE WHEN c.parish_id IS NULL THEN c.municipality_id ELSE -c.parish_id END,
     params p
WHERE c.target_group IN ('grt', 'ft')
  AND EXISTS (SELECT 1 FROM assignment a JOIN delivery d ON d.assignment_id = a.id
               WHERE a.client_id = c.id AND a.esf_funded = 1 AND a.status = 'active'
                 AND d.delivered_on BETWEEN p.year_start AND :'at')
GROUP BY h.region, c.target_group;

-- Indicators: adults who left a VSAC during the programme and live in the
-- community on the date.
SELECT h.region, COUNT(DISTINCT c.id)
FROM client c
JOIN holder h ON h.origin = CASE WHEN c.parish_id IS NULL THEN c.municipality_id ELSE -c.parish_id END
JOIN residence v ON v.client_id = c.id AND v.kind = 'vsac'
JOIN residence r ON r.client_id = c.id AND r.kind IN ('family', 'own_home', 'group_home')
 AND r.start_date > v.end_date AND r.start_date <= :'at' AND (r.end_date IS NULL OR r.end_date >= :'at'), params p
WHERE c.target_group = 'grt' AND v.end_date BETWEEN p.programme_start AND :'at'
GROUP BY h.region;

-- Indicators: providers and centres operating on the date.
SELECT h.region, s.service_code, s.target_group, COUNT(DISTINCT f.id), COUNT(DISTINCT f.provider_id)
FROM facility_service s JOIN facility f ON f.id = s.facility_id JOIN provider pr ON pr.id = f.provider_id
JOIN holder h ON h.origin = f.municipality_id
WHERE s.valid_from <= :'at' AND (s.valid_to IS NULL OR s.valid_to >= :'at')
  AND f.opened_on <= :'at' AND (f.closed_on IS NULL OR f.closed_on >= :'at')
  AND pr.registered_on <= :'at' AND (pr.closed_on IS NULL OR pr.closed_on >= :'at')
GROUP BY h.region, s.service_code, s.target_group;

-- Compensation paid per territory and quarter, ERDF per territory.
SELECT j.region_code, p.municipality_id, p.period_start, SUM(p.amount_cents)
FROM compensation_payment p JOIN project j ON j.id = p.project_id
WHERE (:'region' = 'ALL' OR j.region_code = :'region') AND p.period_end <= :'at'
GROUP BY j.region_code, p.municipality_id, p.period_start;
SELECT region_code, municipality_id, SUM(erdf_cents) FROM plan_object
WHERE (:'region' = 'ALL' OR region_code = :'region') AND added_on <= :'at'
GROUP BY region_code, municipality_id;

-- The DI plan: objects by target group and service, amendments, money.
SELECT o.region_code, o.target_group, o.service_code, COUNT(*), COALESCE(SUM(o.places), 0), COUNT(o.places)
FROM plan_object o WHERE (:'region' = 'ALL' OR o.region_code = :'region') AND o.added_on <= :'at'
GROUP BY o.region_code, o.target_group, o.service_code;
SELECT region_code, COUNT(*) FROM plan_amendment
WHERE (:'region' = 'ALL' OR region_code = :'region') AND approved_on <= :'at' GROUP BY region_code;
SELECT j.region_code, SUM(j.budget_cents), SUM(j.esf_cents), SUM(j.state_cents),
       SUM((SELECT SUM(r.amount_cents) FROM payment_request r WHERE r.project_id = j.id AND r.period_end <= :'at'))
FROM project j WHERE (:'region' = 'ALL' OR j.region_code = :'region') AND j.start_date <= :'at'
GROUP BY j.region_code;

-- Indicators with values entered per year.
SELECT i.region_code, i.key, v.period_year, v.value
FROM indicator i LEFT JOIN indicator_value v ON v.indicator_id = i.id AND v.period_year <= CAST(substr(:'at', 1, 4) AS INTEGER)
WHERE :'region' = 'ALL' OR i.region_code = :'region'
ORDER BY i.region_code, i.sort, i.id, v.period_year;
