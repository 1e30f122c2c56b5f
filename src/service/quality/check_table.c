/* The table of data-quality checks: one row per rule (see checks.h for the
 * message templates; docs/checks.md for each definition and why). A check
 * without a finder is one query of checks_sql.c under its id. */
#include "service/quality/check_run.h"

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
     NULL},
    {"compensation_above_deliveries", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Kompensācija lielāka par sniegto pakalpojumu vērtību", "Compensation above the confirmed deliveries × unit cost",
     "Samaksāti {m1} par {d1}–{d2}, bet apstiprinātie ESF pakalpojumi tās klientiem šajā periodā ir {m2} vērtībā "
     "(vienības × vienības izmaksas sniegšanas dienā; piegādes: {n4}): par {m3} vairāk nekā sniegts.",
     "Paid {m1} for {d1}–{d2}, but the confirmed ESF deliveries to its clients in that period are worth {m2} "
     "(units × the unit cost on the day; deliveries: {n4}): {m3} more than delivered.",
     "Atrodiet piegādes, par kurām maksāts: ierakstiet trūkstošās (apstiprinātas) vai atgūstiet pārmaksāto summu.",
     "Find the deliveries the payment was for: record those missing (confirmed), or recover what was paid beyond them.",
     kp_find_compensation_above_deliveries},
    {"esf_split_payment", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Maksājuma ESF un valsts daļa nav 85/15", "A payment's ESF/state split is off 85/15",
     "Maksājuma {m1} ({d1}–{d2}) ESF daļa {m2} nav 85 % no tā, noapaļoti līdz centam ({m3}): atšķirība {m4}.",
     "The ESF part {m2} of the payment of {m1} ({d1}–{d2}) is not 85 % of it rounded to the cent ({m3}): {m4} off.",
     "Izlabojiet maksājuma ESF un valsts daļu: ESF ir 85 % no maksājuma, noapaļoti līdz centam (pusi uz augšu), "
     "valsts daļa ir atlikums.",
     "Correct the payment's ESF and state parts: ESF is 85 % of the payment rounded half up to the cent, the state "
     "part the rest.",
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
     NULL},
    {"service_before_assessment", KP_CHECK_WARNING, KP_CHECK_SCOPE_MUNICIPALITY,
     "Pakalpojums piešķirts pirms vajadzību izvērtējuma", "A service granted before the needs assessment",
     "{n1} pakalpojumu piešķīrums(-i) kopš {d1} pieņemts(-i) pirms pirmā vajadzību izvērtējuma {d2}.",
     "{n1} service assignment(s) decided since {d1}, before the first needs assessment on {d2}.",
     "Pārbaudiet lēmumu un izvērtējuma datumus; izlabojiet kļūdaino vai norādiet lietā, kāpēc pakalpojums nevarēja "
     "gaidīt.",
     "Check the dates of the decisions and of the assessment; correct the wrong one, or note in the case why the "
     "service could not wait.",
     NULL},
    {"assignment_without_plan", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Piešķīrums bez apstiprināta atbalsta plāna", "An assignment without an approved support plan",
     "Pakalpojums “{t2}” piešķirts {d1} bez apstiprināta personas atbalsta plāna šajā datumā.",
     "{t3} was assigned on {d1} without an approved support plan of the person on that date.",
     "Apstipriniet personas atbalsta plānu ar šo pakalpojumu vai atceliet piešķīrumu, ja tas piešķirts kļūdaini.",
     "Approve the person's support plan with this service, or cancel the assignment if it was granted by mistake.",
     NULL},
    {"plan_without_review", KP_CHECK_WARNING, KP_CHECK_SCOPE_MUNICIPALITY,
     "Atbalsta plānam nav pārskatīšanas datuma", "A support plan without a review date",
     "Atbalsta plāna versijai {n1}, apstiprinātai {d1}, nav pārskatīšanas datuma.",
     "Support plan version {n1}, approved on {d1}, has no review date.",
     "Nosakiet plāna pārskatīšanas datumu (vismaz reizi gadā) jaunā plāna versijā.",
     "Set the date by which the plan is to be reviewed (at least once a year) in a new version of the plan.",
     NULL},
    {"plan_review_overdue", KP_CHECK_WARNING, KP_CHECK_SCOPE_MUNICIPALITY,
     "Atbalsta plāna pārskatīšana nokavēta", "A support plan's review is overdue",
     "Atbalsta plāna versija {n1} bija jāpārskata {d1}, {days1} dienas pirms pārbaudes datuma, un tā pakalpojumi "
     "turpinās.",
     "Support plan version {n1} was due for review on {d1}, {days1} days before the check date, and its services "
     "still run.",
     "Pārskatiet plānu kopā ar personu un apstipriniet pārskatīto versiju ar nākamo pārskatīšanas datumu.",
     "Review the plan with the person and approve the reviewed version with its next review date.",
     NULL},

    /* ---- people ---------------------------------------------------------------------- */
    {"personal_codes_overlap", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Vienai personai vienlaikus derīgi divi personas kodi", "Two personal codes of one person valid at once",
     "Divi personas kodi (ieraksti Nr. {n1} un {n2}) ir derīgi vienlaikus: {d1}–{d2}.",
     "Two personal codes of the person (records no. {n1} and {n2}) are valid at the same time: {d1}–{d2}.",
     "Beidziet iepriekšējā koda derīgumu dienu pirms jaunā koda spēkā stāšanās, lai vienlaikus būtu derīgs viens kods.",
     "End the former code the day before the new one took effect, so that one code is valid at a time.",
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
     kp_find_same_person_twice},
    {"record_outside_municipality", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Ieraksts pašvaldībā, kuras tajā datumā nebija", "A record in a municipality that did not exist on its date",
     "Datēts {d1}, bet norādītā teritorija pastāvēja {d2}–{d3}.",
     "Dated {d1}, but the territory it names existed {d2}–{d3}.",
     "Ierakstiet to teritorijā, kas bija spēkā tajā datumā (pēc reformas — pēctecē; sadalītai teritorijai pēc "
     "pagasta).",
     "Record it under the territory valid on that date (after a reform, the successor; for a territory that was "
     "split, by its parish).",
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
     NULL},
    {"delivery_cancelled_assignment", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Piegāde atceltam piešķīrumam", "A delivery under a cancelled assignment",
     "Sniegts {d1} ({n2} vienības) atceltam piešķīrumam Nr. {n1}.",
     "Delivered on {d1} ({n2} units) under assignment no. {n1}, which is cancelled.",
     "Ja pakalpojums sniegts, ierakstiet to spēkā esošam piešķīrumam; citādi izlabojiet piegādi (tā netiek "
     "kompensēta).",
     "If the service was given, record it against an assignment in force; otherwise correct the delivery (it is not "
     "compensated).",
     NULL},
    {"delivery_above_granted", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Sniegts vairāk nekā piešķirts", "Delivered beyond the units granted",
     "Piešķīrums “{t3}” ({d1}–{d2}) paredz {n1} vienības; sniegtas {n2}, par {n3} vairāk.",
     "The assignment of {t4} ({d1}–{d2}) grants {n1} units; {n2} were delivered, {n3} more.",
     "Izlabojiet pārmērīgi ierakstītās piegādes vai piešķiriet papildu vienības ar jaunu lēmumu.",
     "Correct the deliveries recorded in excess, or grant the additional units with a new decision.",
     NULL},
    {"delivery_above_yearly_limit", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Sniegts vairāk par noteikumu gada ierobežojumu", "Delivered beyond a rule's yearly limit",
     "“{t2}”: ne vairāk kā {n1} gadā ({t4}); {t1}. gadā sniegtas {n2}, par {n3} vairāk.",
     "{t3}: at most {n1} a year ({t4}); {n2} delivered in {t1}, {n3} more.",
     "Pārbaudiet šī gada piegādes: izlabojiet kļūdaini ierakstītās; pārējās nevar kompensēt.",
     "Check the year's deliveries: correct those recorded by mistake; the rest cannot be compensated.",
     kp_find_deliveries_above_rule},
    {"delivery_above_course_limit", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Sniegts vairāk par noteikumu nodarbību ierobežojumu", "Delivered beyond a rule's limit of sessions",
     "“{t2}”: ne vairāk kā {n1} nodarbības vienam pakalpojumam ({t4}); sniegtas {n2}, par {n3} vairāk.",
     "{t3}: at most {n1} sessions of one service ({t4}); {n2} delivered, {n3} more.",
     "Pārbaudiet pakalpojuma piegādes: izlabojiet kļūdaini ierakstītās; pārējās nevar kompensēt.",
     "Check the service's deliveries: correct those recorded by mistake; the rest cannot be compensated.",
     kp_find_deliveries_above_rule},
    {"delivery_above_services_limit", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "Saņemts vairāk pakalpojumu veidu, nekā atļauj noteikums", "More kinds of a service than a rule allows",
     "“{t2}”: ne vairāk kā {n1} pakalpojumu veidi vienai personai ({t4}); sniegti {n2}.",
     "{t3}: at most {n1} kinds of service per person ({t4}); {n2} were delivered.",
     "Pārbaudiet, vai visi šie pakalpojumi piešķirti pareizi; papildu pakalpojumu nevar kompensēt.",
     "Check whether all these services were granted rightly; one beyond the limit cannot be compensated.",
     kp_find_deliveries_above_rule},
    {"delivery_provider_closed", KP_CHECK_WARNING, KP_CHECK_SCOPE_MUNICIPALITY,
     "Piegāde dienā, kad sniedzējs nedarbojās", "A delivery on a day the provider was closed",
     "Sniegts {d1}, bet sniedzējs {t4} (Nr. {n2}) reģistrēts {d2}–{d3}.",
     "Delivered on {d1}, but the provider {t4} (no. {n2}) was registered {d2}–{d3}.",
     "Pārbaudiet piegādes datumu un sniedzēju; ja pakalpojumu sniedza cits sniedzējs, ierakstiet to tā piešķīrumā.",
     "Check the delivery's date and provider; if another provider gave the service, record it under that "
     "provider's assignment.",
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
     NULL},

    /* ---- the DI plan ------------------------------------------------------------------ */
    {"object_history_chain", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "DI plāna objekta vēsture nesaskan", "A DI object's history does not chain",
     "Grozījumi Nr. {n1} ({d2}) maina “{t1}” no “{t3}”, bet tobrīd tas bija “{t4}”.",
     "Amendment no. {n1} ({d2}) changes {t1} from “{t3}”, but it was “{t4}” then.",
     "Salīdziniet objekta grozījumus ar apstiprinātajiem DI plāna grozījumiem un izlabojiet kļūdaino izmaiņas "
     "ierakstu.",
     "Compare the object's changes with the approved amendments of the DI plan and correct the wrong change record.",
     kp_find_object_history_chain},
    {"object_history_end", KP_CHECK_ERROR, KP_CHECK_SCOPE_MUNICIPALITY,
     "DI plāna objekts neatbilst savai vēsturei", "A DI object does not match its history",
     "Pēdējie grozījumi Nr. {n1} ({d2}) nosaka “{t1}” = “{t3}”, bet objektā ir “{t4}” un vēlāku izmaiņu nav.",
     "The last amendment no. {n1} ({d2}) sets {t1} to “{t3}”, but the object holds “{t4}” and no later change says "
     "so.",
     "Ierakstiet grozījumus, ar kuriem objekts ieguva pašreizējo vērtību, vai izlabojiet objektu.",
     "Record the amendment that gave the object its present value, or correct the object.",
     kp_find_object_history_chain},
};

const kp_check_def *kp_checks(size_t *n)
{
    if (n)
        *n = sizeof CHECKS / sizeof CHECKS[0];
    return CHECKS;
}
