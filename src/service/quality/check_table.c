/* The table of data-quality checks: one row per rule (see checks.h for the
 * columns a query returns and the message templates; docs/checks.md for
 * each definition and why). ?1 is the check date: a record counts when its
 * own date is on or before it. */
#include "service/quality/check_run.h"

/* Assessments that count for a person by the check date: their own, and
 * for a parent (legal representative) those of a child they represent. */
#define ASSESSED_BY_DATE                                                                                            \
    "ass AS (SELECT client_id AS cid, assessed_on FROM assessment WHERE assessed_on <= ?1"                          \
    " UNION ALL SELECT k.representative_id, s.assessed_on FROM assessment s JOIN client k ON k.id = s.client_id"     \
    "  WHERE k.representative_id IS NOT NULL AND s.assessed_on <= ?1),"                                             \
    " first_ass AS (SELECT cid, MIN(assessed_on) AS on_ FROM ass GROUP BY cid)"

/* The support plan version in force on the check date: approved by then and
 * not followed by a later version approved by then. */
#define PLAN_IN_FORCE(p)                                                                                            \
    p ".approved_on IS NOT NULL AND " p ".approved_on <= ?1 AND NOT EXISTS (SELECT 1 FROM support_plan q"          \
    " WHERE q.client_id = " p ".client_id AND q.version > " p ".version AND q.approved_on IS NOT NULL"              \
    " AND q.approved_on <= ?1)"

static const kp_check_def CHECKS[] = {
    /* ---- money ---------------------------------------------------------------------- */
    {"compensation_twice", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Pašvaldības mēnesis kompensēts divreiz", "A municipality-month compensated twice",
     "Maksājums {m1} sedz periodu {d1}–{d2}, ko sedz arī maksājums Nr. {n2} ({m3}): šie mēneši kompensēti divreiz.",
     "The payment of {m1} covers {d1}–{d2}, which payment no. {n2} ({m3}) covers too: those months are compensated twice.",
     "Salīdziniet abus maksājumus ar pieprasījumiem, ko tie apmaksāja; ja viens apmaksā tos pašus mēnešus vēlreiz, "
     "ierakstiet atmaksu vai korekciju un informējiet reģionu.",
     "Compare the two payments with the claims they paid; if one pays the same months again, record the repayment "
     "or a correcting payment and tell the region.",
     "SELECT 'compensation_payment', b.id, b.municipality_id, NULL, NULL, NULL, b.period_start,"
     " b.amount_cents, a.id, a.amount_cents, NULL,"
     " CASE WHEN a.period_start > b.period_start THEN a.period_start ELSE b.period_start END,"
     " CASE WHEN a.period_end < b.period_end THEN a.period_end ELSE b.period_end END, NULL, NULL"
     " FROM compensation_payment a JOIN compensation_payment b ON b.municipality_id = a.municipality_id"
     "  AND b.id > a.id AND a.period_start <= b.period_end AND b.period_start <= a.period_end"
     " WHERE a.paid_on <= ?1 AND b.paid_on <= ?1",
     NULL},
    {"compensation_above_deliveries", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Kompensācija lielāka par sniegto pakalpojumu vērtību", "Compensation above the confirmed deliveries × unit cost",
     "Samaksāti {m1} par {d1}–{d2}, bet apstiprinātie ESF pakalpojumi tās klientiem šajā periodā ir {m2} vērtībā "
     "(vienības × vienības izmaksas sniegšanas dienā; piegādes: {n4}): par {m3} vairāk nekā sniegts.",
     "Paid {m1} for {d1}–{d2}, but the confirmed ESF deliveries to its clients in that period are worth {m2} "
     "(units × the unit cost on the day; deliveries: {n4}): {m3} more than delivered.",
     "Atrodiet piegādes, par kurām maksāts: ierakstiet trūkstošās (apstiprinātas) vai atgūstiet pārmaksāto summu.",
     "Find the deliveries the payment was for: record those missing (confirmed), or recover what was paid beyond them.",
     NULL, kp_find_compensation_above_deliveries},
    {"esf_split_payment", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Maksājuma ESF un valsts daļa nav 85/15", "A payment's ESF/state split is off 85/15",
     "Maksājuma {m1} ({d1}–{d2}) ESF daļa {m2} nav 85 % no tā, noapaļoti līdz centam ({m3}): atšķirība {m4}.",
     "The ESF part {m2} of the payment of {m1} ({d1}–{d2}) is not 85 % of it rounded to the cent ({m3}): {m4} off.",
     "Izlabojiet maksājuma ESF un valsts daļu: ESF ir 85 % no maksājuma, noapaļoti līdz centam (pusi uz augšu), "
     "valsts daļa ir atlikums.",
     "Correct the payment's ESF and state parts: ESF is 85 % of the payment rounded half up to the cent, the state "
     "part the rest.",
     "SELECT 'compensation_payment', id, municipality_id, NULL, NULL, NULL, period_start,"
     " amount_cents, esf_cents, (amount_cents * 85 + 50) / 100, esf_cents - (amount_cents * 85 + 50) / 100,"
     " period_start, period_end, NULL, NULL"
     " FROM compensation_payment WHERE paid_on <= ?1 AND ABS(esf_cents * 100 - amount_cents * 85) > 100",
     NULL},
    {"esf_split_project", KP_CHECK_INFO, KP_CHECK_SCOPE_REGION,
     "Projekta ESF daļa nav tieši 85 %", "A project's ESF part is not a flat 85 %",
     "Projekts {t1}: budžeta {m1} ESF daļa {m2} atšķiras no 85 % ({m3}) par {m4}. ESF un valsts daļu noapaļo katram "
     "maksājumam (līdz centam), tāpēc kopsumma nav obligāti tieši 85 %.",
     "Project {t1}: the ESF part {m2} of the budget {m1} differs from a flat 85 % ({m3}) by {m4}. The ESF and state "
     "parts are rounded per payment (to the cent), so a total need not be a flat 85 %.",
     "Nekas nav jādara, ja šādas daļas noteiktas projekta līgumā; citādi izlabojiet projekta daļas atbilstoši "
     "līgumam.",
     "Nothing to do when the project agreement gives these parts; otherwise correct the project's parts to the "
     "agreement.",
     "SELECT 'project', id, NULL, NULL, region_code, NULL, start_date,"
     " budget_cents, esf_cents, (budget_cents * 85 + 50) / 100, esf_cents - (budget_cents * 85 + 50) / 100,"
     " number, NULL, NULL, NULL"
     " FROM project WHERE start_date <= ?1 AND ABS(esf_cents * 100 - budget_cents * 85) > 100",
     NULL},
    {"payment_requests_above_budget", KP_CHECK_ERROR, KP_CHECK_SCOPE_REGION,
     "Maksājumu pieprasījumi pārsniedz projekta budžetu", "Payment requests above the project budget",
     "Projekta {t1} maksājuma pieprasījums Nr. {n4} palielina pieprasīto līdz {m1}, kas par {m3} pārsniedz projekta "
     "budžetu {m2}.",
     "Payment request no. {n4} of project {t1} brings the requests to {m1}, above the project budget {m2} by {m3}.",
     "Pārbaudiet pieprasījuma summu pret projekta līgumu; izlabojiet to vai ierakstiet līguma grozījumos noteikto "
     "budžetu.",
     "Check the request's amount against the project agreement; correct it, or record the budget an amendment of "
     "the agreement set.",
     "SELECT 'payment_request', r.id, NULL, NULL, j.region_code, NULL, r.submitted_on,"
     " r.upto, j.budget_cents, r.upto - j.budget_cents, r.number, j.number, NULL, NULL, NULL"
     " FROM (SELECT x.id, x.project_id, x.number, x.submitted_on, x.amount_cents,"
     "  SUM(x.amount_cents) OVER (PARTITION BY x.project_id ORDER BY x.number) AS upto"
     "  FROM payment_request x WHERE x.submitted_on <= ?1) r JOIN project j ON j.id = r.project_id"
     " WHERE r.upto > j.budget_cents AND r.upto - r.amount_cents <= j.budget_cents",
     NULL},

    /* ---- case work ------------------------------------------------------------------ */
    {"services_without_assessment", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Pakalpojumi bez vajadzību izvērtējuma", "Services without a needs assessment",
     "{n1} pakalpojumu piešķīrums(-i) kopš {d1}, bet personai (vai bērnam, kuru tā pārstāv) līdz pārbaudes datumam "
     "nav vajadzību izvērtējuma.",
     "{n1} service assignment(s) since {d1}, and no needs assessment of the person (or of a child they represent) "
     "by the check date.",
     "Ierakstiet personas (vecākam — bērna) vajadzību izvērtējumu; ja pakalpojumi piešķirti bez tā, norādiet lietā, "
     "kāpēc.",
     "Record the person's needs assessment (for a parent, the child's); if the services were granted without one, "
     "note in the case why.",
     "WITH " ASSESSED_BY_DATE ","
     " bad AS (SELECT a.client_id AS cid, MIN(a.decided_on) AS first_on, COUNT(*) AS n FROM assignment a"
     "  LEFT JOIN first_ass f ON f.cid = a.client_id"
     "  WHERE a.status = 'active' AND a.decided_on <= ?1 AND f.cid IS NULL GROUP BY a.client_id)"
     " SELECT 'client', c.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, b.first_on, b.n, NULL, NULL, NULL,"
     " b.first_on, NULL, NULL, NULL FROM bad b JOIN client c ON c.id = b.cid",
     NULL},
    {"service_before_assessment", KP_CHECK_WARNING, KP_CHECK_SCOPE_MUNICIPALITY,
     "Pakalpojums piešķirts pirms vajadzību izvērtējuma", "A service granted before the needs assessment",
     "{n1} pakalpojumu piešķīrums(-i) kopš {d1} pieņemts(-i) pirms pirmā vajadzību izvērtējuma {d2}.",
     "{n1} service assignment(s) decided since {d1}, before the first needs assessment on {d2}.",
     "Pārbaudiet lēmumu un izvērtējuma datumus; izlabojiet kļūdaino vai norādiet lietā, kāpēc pakalpojums nevarēja "
     "gaidīt.",
     "Check the dates of the decisions and of the assessment; correct the wrong one, or note in the case why the "
     "service could not wait.",
     "WITH " ASSESSED_BY_DATE ","
     " bad AS (SELECT a.client_id AS cid, MIN(a.decided_on) AS first_on, COUNT(*) AS n, f.on_ AS assessed"
     "  FROM assignment a JOIN first_ass f ON f.cid = a.client_id"
     "  WHERE a.status = 'active' AND a.decided_on <= ?1 AND a.decided_on < f.on_ GROUP BY a.client_id, f.on_)"
     " SELECT 'client', c.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, b.first_on, b.n, NULL, NULL, NULL,"
     " b.first_on, b.assessed, NULL, NULL FROM bad b JOIN client c ON c.id = b.cid",
     NULL},
    {"assignment_without_plan", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Piešķīrums bez apstiprināta atbalsta plāna", "An assignment without an approved support plan",
     "Pakalpojums “{t2}” piešķirts {d1} bez apstiprināta personas atbalsta plāna šajā datumā.",
     "{t3} was assigned on {d1} without an approved support plan of the person on that date.",
     "Apstipriniet personas atbalsta plānu ar šo pakalpojumu vai atceliet piešķīrumu, ja tas piešķirts kļūdaini.",
     "Approve the person's support plan with this service, or cancel the assignment if it was granted by mistake.",
     "SELECT 'assignment', a.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, a.decided_on, NULL, NULL, NULL, NULL,"
     " a.decided_on, t.name_lv, t.name_en, NULL"
     " FROM assignment a JOIN client c ON c.id = a.client_id JOIN service_type t ON t.code = a.service_code"
     " WHERE a.status = 'active' AND a.decided_on <= ?1 AND NOT EXISTS (SELECT 1 FROM support_plan p"
     "  WHERE p.client_id = a.client_id AND p.approved_on IS NOT NULL AND p.approved_on <= a.decided_on)",
     NULL},
    {"plan_without_review", KP_CHECK_WARNING, KP_CHECK_SCOPE_MUNICIPALITY,
     "Atbalsta plānam nav pārskatīšanas datuma", "A support plan without a review date",
     "Atbalsta plāna versijai {n1}, apstiprinātai {d1}, nav pārskatīšanas datuma.",
     "Support plan version {n1}, approved on {d1}, has no review date.",
     "Nosakiet plāna pārskatīšanas datumu (vismaz reizi gadā) jaunā plāna versijā.",
     "Set the date by which the plan is to be reviewed (at least once a year) in a new version of the plan.",
     "SELECT 'support_plan', p.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, p.approved_on, p.version, NULL, NULL,"
     " NULL, p.approved_on, NULL, NULL, NULL FROM support_plan p JOIN client c ON c.id = p.client_id"
     " WHERE p.review_on IS NULL AND " PLAN_IN_FORCE("p"),
     NULL},
    {"plan_review_overdue", KP_CHECK_WARNING, KP_CHECK_SCOPE_MUNICIPALITY,
     "Atbalsta plāna pārskatīšana nokavēta", "A support plan's review is overdue",
     "Atbalsta plāna versija {n1} bija jāpārskata {d1}, {days1} dienas pirms pārbaudes datuma, un tā pakalpojumi "
     "turpinās.",
     "Support plan version {n1} was due for review on {d1}, {days1} days before the check date, and its services "
     "still run.",
     "Pārskatiet plānu kopā ar personu un apstipriniet pārskatīto versiju ar nākamo pārskatīšanas datumu.",
     "Review the plan with the person and approve the reviewed version with its next review date.",
     "SELECT 'support_plan', p.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, p.review_on, p.version, NULL, NULL,"
     " NULL, p.review_on, p.approved_on, NULL, NULL FROM support_plan p JOIN client c ON c.id = p.client_id"
     " WHERE p.review_on IS NOT NULL AND p.review_on < ?1 AND " PLAN_IN_FORCE("p")
     " AND p.id IN (SELECT i.plan_id FROM plan_item i WHERE i.end_date >= ?1)",
     NULL},

    /* ---- people ---------------------------------------------------------------------- */
    {"personal_codes_overlap", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Vienai personai vienlaikus derīgi divi personas kodi", "Two personal codes of one person valid at once",
     "Divi personas kodi (ieraksti Nr. {n1} un {n2}) ir derīgi vienlaikus: {d1}–{d2}.",
     "Two personal codes of the person (records no. {n1} and {n2}) are valid at the same time: {d1}–{d2}.",
     "Beidziet iepriekšējā koda derīgumu dienu pirms jaunā koda spēkā stāšanās, lai vienlaikus būtu derīgs viens kods.",
     "End the former code the day before the new one took effect, so that one code is valid at a time.",
     "SELECT 'client', c.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id,"
     " CASE WHEN p.valid_from > q.valid_from THEN p.valid_from ELSE q.valid_from END, p.id, q.id, NULL, NULL,"
     " CASE WHEN p.valid_from > q.valid_from THEN p.valid_from ELSE q.valid_from END,"
     " CASE WHEN p.valid_to IS NULL THEN q.valid_to WHEN q.valid_to IS NULL THEN p.valid_to"
     "  WHEN p.valid_to < q.valid_to THEN p.valid_to ELSE q.valid_to END, NULL, NULL"
     " FROM personal_code p JOIN personal_code q ON q.client_id = p.client_id AND q.id > p.id"
     "  AND p.valid_from <= COALESCE(q.valid_to, '9999-12-31') AND q.valid_from <= COALESCE(p.valid_to, '9999-12-31')"
     " JOIN client c ON c.id = p.client_id"
     " WHERE (CASE WHEN p.valid_from > q.valid_from THEN p.valid_from ELSE q.valid_from END) <= ?1",
     NULL},
    {"same_person_twice", KP_CHECK_WARNING, KP_CHECK_SCOPE_MUNICIPALITY,
     "Persona, iespējams, uzskaitīta divreiz", "A person possibly counted twice",
     "Klientam Nr. {n1} ({t1}) ir tāds pats vārds, uzvārds un dzimšanas datums: persona, iespējams, reģistrēta "
     "divreiz un uzskaitīta divās pašvaldībās (vai divreiz vienā).",
     "Client no. {n1} ({t1}) has the same name and date of birth: the person may be registered twice and counted "
     "in two municipalities (or twice in one).",
     "Salīdziniet abus ierakstus (personas kodus, adreses) ar otru pašvaldību; ja tā ir viena persona, atstājiet "
     "vienu ierakstu un ierakstiet pārcelšanos; ja divas, nekas nav jādara.",
     "Compare the two records (personal codes, addresses) with the other municipality; if they are one person, keep "
     "one record and record the move; if two, nothing to do.",
     NULL, kp_find_same_person_twice},
    {"record_outside_municipality", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Ieraksts pašvaldībā, kuras tajā datumā nebija", "A record in a municipality that did not exist on its date",
     "Datēts {d1}, bet norādītā teritorija pastāvēja {d2}–{d3}.",
     "Dated {d1}, but the territory it names existed {d2}–{d3}.",
     "Ierakstiet to teritorijā, kas bija spēkā tajā datumā (pēc reformas — pēctecē; sadalītai teritorijai pēc "
     "pagasta).",
     "Record it under the territory valid on that date (after a reform, the successor; for a territory that was "
     "split, by its parish).",
     "SELECT r.kind, r.id, r.municipality_id, r.parish_id, NULL, r.client_id, r.on_, NULL, NULL, NULL, NULL,"
     " r.on_, m.valid_from, m.valid_to, NULL FROM ("
     /* A person names a territory when registered and when they move: the
      * versions where the municipality changes, each on its own date. */
     " SELECT 'client' AS kind, client_id AS id, municipality_id, parish_id, client_id, valid_from AS on_"
     "  FROM (SELECT client_id, municipality_id, parish_id, valid_from,"
     "   LAG(municipality_id) OVER (PARTITION BY client_id ORDER BY valid_from) AS before FROM client_version) v"
     "  WHERE before IS NULL OR before <> municipality_id"
     " UNION ALL SELECT 'residence', id, municipality_id, parish_id, client_id, start_date FROM residence"
     "  WHERE municipality_id IS NOT NULL"
     " UNION ALL SELECT 'provider', id, municipality_id, NULL, NULL, registered_on FROM provider"
     " UNION ALL SELECT 'facility', id, municipality_id, NULL, NULL, opened_on FROM facility"
     " UNION ALL SELECT 'compensation_payment', id, municipality_id, NULL, NULL, period_start FROM compensation_payment"
     " UNION ALL SELECT 'plan_object', id, municipality_id, NULL, NULL, added_on FROM plan_object"
     " UNION ALL SELECT 'claim', id, municipality_id, NULL, NULL, month || '-01' FROM claim"
     ") r JOIN municipality m ON m.id = r.municipality_id"
     " WHERE r.on_ <= ?1 AND (r.on_ < m.valid_from OR (m.valid_to IS NOT NULL AND r.on_ > m.valid_to))",
     NULL},

    /* ---- services delivered ------------------------------------------------------------ */
    {"delivery_outside_assignment", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Piegāde ārpus piešķīruma perioda", "A delivery outside its assignment's period",
     "Sniegts {d1} ({n2} vienības) ārpus piešķīruma Nr. {n1} perioda {d2}–{d3}.",
     "Delivered on {d1} ({n2} units), outside the period of assignment no. {n1}, {d2}–{d3}.",
     "Izlabojiet piegādes datumu vai ierakstiet to piešķīrumam, kas bija spēkā tajā dienā; piegāde ārpus piešķīruma "
     "netiek kompensēta.",
     "Correct the delivery's date, or record it against the assignment in force that day; a delivery outside its "
     "assignment is not compensated.",
     "SELECT 'delivery', d.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, d.delivered_on, a.id, d.units, NULL, NULL,"
     " d.delivered_on, a.start_date, a.end_date, NULL"
     " FROM delivery d JOIN assignment a ON a.id = d.assignment_id JOIN client c ON c.id = a.client_id"
     " WHERE d.delivered_on <= ?1 AND a.status = 'active'"
     "  AND (d.delivered_on < a.start_date OR d.delivered_on > a.end_date)",
     NULL},
    {"delivery_cancelled_assignment", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Piegāde atceltam piešķīrumam", "A delivery under a cancelled assignment",
     "Sniegts {d1} ({n2} vienības) atceltam piešķīrumam Nr. {n1}.",
     "Delivered on {d1} ({n2} units) under assignment no. {n1}, which is cancelled.",
     "Ja pakalpojums sniegts, ierakstiet to spēkā esošam piešķīrumam; citādi izlabojiet piegādi (tā netiek "
     "kompensēta).",
     "If the service was given, record it against an assignment in force; otherwise correct the delivery (it is not "
     "compensated).",
     /* Few assignments are cancelled: start from them. */
     "SELECT 'delivery', d.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, d.delivered_on, a.id, d.units, NULL, NULL,"
     " d.delivered_on, NULL, NULL, NULL"
     " FROM assignment a CROSS JOIN delivery d CROSS JOIN client c"
     " WHERE a.status <> 'active' AND d.assignment_id = a.id AND c.id = a.client_id AND d.delivered_on <= ?1",
     NULL},
    {"delivery_above_granted", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Sniegts vairāk nekā piešķirts", "Delivered beyond the units granted",
     "Piešķīrums “{t3}” ({d1}–{d2}) paredz {n1} vienības; sniegtas {n2}, par {n3} vairāk.",
     "The assignment of {t4} ({d1}–{d2}) grants {n1} units; {n2} were delivered, {n3} more.",
     "Izlabojiet pārmērīgi ierakstītās piegādes vai piešķiriet papildu vienības ar jaunu lēmumu.",
     "Correct the deliveries recorded in excess, or grant the additional units with a new decision.",
     "SELECT 'assignment', a.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, a.decided_on, a.units, s.delivered,"
     " s.delivered - a.units, NULL, a.start_date, a.end_date, t.name_lv, t.name_en"
     " FROM (SELECT assignment_id, SUM(units) AS delivered FROM delivery WHERE delivered_on <= ?1"
     "  GROUP BY assignment_id) s JOIN assignment a ON a.id = s.assignment_id"
     " JOIN client c ON c.id = a.client_id JOIN service_type t ON t.code = a.service_code"
     " WHERE s.delivered > a.units",
     NULL},
    {"delivery_above_yearly_limit", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Sniegts vairāk par noteikumu gada ierobežojumu", "Delivered beyond a rule's yearly limit",
     "“{t2}”: ne vairāk kā {n1} gadā ({t4}); {t1}. gadā sniegtas {n2}, par {n3} vairāk.",
     "{t3}: at most {n1} a year ({t4}); {n2} delivered in {t1}, {n3} more.",
     "Pārbaudiet šī gada piegādes: izlabojiet kļūdaini ierakstītās; pārējās nevar kompensēt.",
     "Check the year's deliveries: correct those recorded by mistake; the rest cannot be compensated.",
     NULL, kp_find_deliveries_above_rule},
    {"delivery_above_course_limit", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Sniegts vairāk par noteikumu nodarbību ierobežojumu", "Delivered beyond a rule's limit of sessions",
     "“{t2}”: ne vairāk kā {n1} nodarbības vienam pakalpojumam ({t4}); sniegtas {n2}, par {n3} vairāk.",
     "{t3}: at most {n1} sessions of one service ({t4}); {n2} delivered, {n3} more.",
     "Pārbaudiet pakalpojuma piegādes: izlabojiet kļūdaini ierakstītās; pārējās nevar kompensēt.",
     "Check the service's deliveries: correct those recorded by mistake; the rest cannot be compensated.",
     NULL, kp_find_deliveries_above_rule},
    {"delivery_above_services_limit", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Saņemts vairāk pakalpojumu veidu, nekā atļauj noteikums", "More kinds of a service than a rule allows",
     "“{t2}”: ne vairāk kā {n1} pakalpojumu veidi vienai personai ({t4}); sniegti {n2}.",
     "{t3}: at most {n1} kinds of service per person ({t4}); {n2} were delivered.",
     "Pārbaudiet, vai visi šie pakalpojumi piešķirti pareizi; papildu pakalpojumu nevar kompensēt.",
     "Check whether all these services were granted rightly; one beyond the limit cannot be compensated.",
     NULL, kp_find_deliveries_above_rule},
    {"delivery_provider_closed", KP_CHECK_WARNING, KP_CHECK_SCOPE_MUNICIPALITY,
     "Piegāde dienā, kad sniedzējs nedarbojās", "A delivery on a day the provider was closed",
     "Sniegts {d1}, bet sniedzējs {t4} (Nr. {n2}) reģistrēts {d2}–{d3}.",
     "Delivered on {d1}, but the provider {t4} (no. {n2}) was registered {d2}–{d3}.",
     "Pārbaudiet piegādes datumu un sniedzēju; ja pakalpojumu sniedza cits sniedzējs, ierakstiet to tā piešķīrumā.",
     "Check the delivery's date and provider; if another provider gave the service, record it under that "
     "provider's assignment.",
     /* Per provider and assignment, the deliveries before its registration
      * and after its closing: two ranges of the delivery index. */
     "SELECT 'delivery', d.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, d.delivered_on, a.id, p.id, NULL, NULL,"
     " d.delivered_on, p.registered_on, p.closed_on, p.name"
     " FROM provider p CROSS JOIN assignment a CROSS JOIN delivery d CROSS JOIN client c"
     " WHERE a.provider_id = p.id AND d.assignment_id = a.id AND c.id = a.client_id AND d.delivered_on <= ?1"
     "  AND d.delivered_on < p.registered_on"
     " UNION ALL"
     " SELECT 'delivery', d.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, d.delivered_on, a.id, p.id, NULL, NULL,"
     " d.delivered_on, p.registered_on, p.closed_on, p.name"
     " FROM provider p CROSS JOIN assignment a CROSS JOIN delivery d CROSS JOIN client c"
     " WHERE p.closed_on IS NOT NULL AND a.provider_id = p.id AND d.assignment_id = a.id AND c.id = a.client_id"
     "  AND d.delivered_on <= ?1 AND d.delivered_on > p.closed_on",
     NULL},
    {"facility_places_exceeded", KP_CHECK_WARNING, KP_CHECK_SCOPE_MUNICIPALITY,
     "Spēkā esošo piešķīrumu vairāk nekā vietu", "More assignments in force than places",
     "“{t1}” ({t4}), {t3}: pārbaudes datumā spēkā piešķīrumi {n2} personām, bet sniedzēja vietās ir {n1} vietas.",
     "{t2} ({t4}), {t3}: {n2} persons have assignments in force on the check date, but the provider's facilities "
     "have {n1} places.",
     "Pārbaudiet, vai visi šie piešķīrumi vēl ir spēkā (beidziet tos, kas nav), vai iestādes vietu skaits ir "
     "novecojis.",
     "Check whether all these assignments still run (end those that do not) or whether the places recorded for the "
     "facility are out of date.",
     "WITH cap AS (SELECT f.provider_id, s.service_code, s.target_group, SUM(s.places) AS places,"
     "  MIN(f.id) AS fid FROM facility_service s JOIN facility f ON f.id = s.facility_id"
     "  WHERE s.places IS NOT NULL AND s.valid_from <= ?1 AND (s.valid_to IS NULL OR s.valid_to >= ?1)"
     "  AND f.opened_on <= ?1 AND (f.closed_on IS NULL OR f.closed_on >= ?1)"
     "  GROUP BY f.provider_id, s.service_code, s.target_group),"
     " used AS (SELECT a.provider_id, COALESCE(t.parent_code, a.service_code) AS svc, c.target_group AS tg,"
     "  COUNT(DISTINCT a.client_id) AS n FROM assignment a JOIN client c ON c.id = a.client_id"
     "  JOIN service_type t ON t.code = a.service_code"
     "  WHERE a.status = 'active' AND a.provider_id IS NOT NULL AND a.start_date <= ?1 AND a.end_date >= ?1"
     "  GROUP BY a.provider_id, COALESCE(t.parent_code, a.service_code), c.target_group)"
     " SELECT 'facility', cap.fid, f.municipality_id, NULL, NULL, NULL, f.opened_on, cap.places, used.n,"
     " used.n - cap.places, cap.provider_id, t.name_lv, t.name_en, f.name, cap.target_group"
     " FROM cap JOIN used ON used.provider_id = cap.provider_id AND used.svc = cap.service_code"
     "  AND used.tg = cap.target_group JOIN facility f ON f.id = cap.fid"
     " JOIN service_type t ON t.code = cap.service_code WHERE used.n > cap.places",
     NULL},

    /* ---- the DI plan ------------------------------------------------------------------ */
    {"object_history_chain", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "DI plāna objekta vēsture nesaskan", "A DI object's history does not chain",
     "Grozījumi Nr. {n1} ({d2}) maina “{t1}” no “{t3}”, bet tobrīd tas bija “{t4}”.",
     "Amendment no. {n1} ({d2}) changes {t1} from “{t3}”, but it was “{t4}” then.",
     "Salīdziniet objekta grozījumus ar apstiprinātajiem DI plāna grozījumiem un izlabojiet kļūdaino izmaiņas "
     "ierakstu.",
     "Compare the object's changes with the approved amendments of the DI plan and correct the wrong change record.",
     NULL, kp_find_object_history_chain},
    {"object_history_end", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "DI plāna objekts neatbilst savai vēsturei", "A DI object does not match its history",
     "Pēdējie grozījumi Nr. {n1} ({d2}) nosaka “{t1}” = “{t3}”, bet objektā ir “{t4}” un vēlāku izmaiņu nav.",
     "The last amendment no. {n1} ({d2}) sets {t1} to “{t3}”, but the object holds “{t4}” and no later change says "
     "so.",
     "Ierakstiet grozījumus, ar kuriem objekts ieguva pašreizējo vērtību, vai izlabojiet objektu.",
     "Record the amendment that gave the object its present value, or correct the object.",
     NULL, kp_find_object_history_chain},
};

const kp_check_def *kp_checks(size_t *n)
{
    if (n)
        *n = sizeof CHECKS / sizeof CHECKS[0];
    return CHECKS;
}
