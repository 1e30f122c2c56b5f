/* Parts shared by the DI plan pages (page_diplan*.c) and the DI plan API
 * (api_diplan.c): their Latvian and English words (one keyed table, kept
 * apart from strings.h so the plan's pages are in one place), the region a
 * request is about, the choices of the forms, and the words for statuses
 * and changed fields. */
#ifndef KOPA_WEB_DIPLAN_VIEW_H
#define KOPA_WEB_DIPLAN_VIEW_H
#include <string.h>
#include "web/web.h"
#include "core/mem.h"
#include "service/access.h"
#include "service/casework/casework.h"
#include "service/sql.h"
#include "service/programme/diplan.h"
#include "service/programme/programme.h"

#define DP_STRINGS(X)                                                                                             \
    X(DP_TITLE, "DI plāns", "DI plan")                                                                            \
    X(DP_INTRO, "Reģiona deinstitucionalizācijas plāna infrastruktūras objekti un grozījumi. Plāns parādīts tāds, " \
                "kāds tas bija izvēlētajā datumā: grozījumi maina objektus no savas spēkā stāšanās dienas.",       \
      "The infrastructure objects and amendments of the region's deinstitutionalisation plan, as the plan stood " \
      "on the chosen date: an amendment changes objects from the day it takes effect.")                          \
    X(DP_AT, "Plāns uz datumu", "The plan on")                                                                    \
    X(DP_REGION, "Plānošanas reģions", "Planning region")                                                        \
    X(DP_SHOW, "Rādīt", "Show")                                                                                   \
    X(DP_OBJECTS, "Objekti", "Objects")                                                                           \
    X(DP_NO_OBJECTS, "Šajā datumā plānā nav neviena objekta.", "The plan has no objects on this date.")           \
    X(DP_NAME, "Nosaukums", "Name")                                                                               \
    X(DP_ADDRESS, "Adrese", "Address")                                                                            \
    X(DP_MUNICIPALITY, "Pašvaldība", "Municipality")                                                              \
    X(DP_GROUP, "Mērķa grupa", "Target group")                                                                    \
    X(DP_SERVICE, "Pakalpojums", "Service")                                                                       \
    X(DP_PLACES, "Vietas", "Places")                                                                              \
    X(DP_STATUS, "Statuss", "Status")                                                                             \
    X(DP_ERDF, "ERAF finansējums", "ERDF funding")                                                                \
    X(DP_STATE, "Valsts budžets", "State budget")                                                                 \
    X(DP_MUNICIPAL, "Pašvaldības finansējums", "Municipal funding")                                               \
    X(DP_OTHER, "Citi avoti", "Other sources")                                                                    \
    X(DP_OTHER_SOURCES, "Citu avotu nosaukumi", "Names of the other sources")                                     \
    X(DP_COST_PER_PLACE, "Izmaksas uz vietu", "Cost per place")                                                   \
    X(DP_COST_HINT, "Visu avotu finansējums, dalīts ar vietu skaitu.", "All sources' funding divided by the places.") \
    X(DP_PLANNED, "Plānotā pabeigšana", "Planned completion")                                                     \
    X(DP_ACTUAL, "Faktiskā pabeigšana", "Actual completion")                                                      \
    X(DP_IN_PLAN_FROM, "Plānā no", "In the plan from")                                                            \
    X(DP_REMOVED_ON, "Izslēgts no plāna", "Removed from the plan")                                                \
    X(DP_FACILITY, "Pakalpojuma sniegšanas vietas Nr. (ja ir)", "Facility number (if any)")                       \
    X(DP_ADDED_ON, "Iekļauts plānā (datums)", "Entered the plan on")                                              \
    X(DP_EUR_HINT, "Eiro ar punktu pirms centiem, piemēram, 156584.49", "Euro with a point before the cents, e.g. 156584.49") \
    X(DP_AMENDMENTS, "Grozījumi", "Amendments")                                                                   \
    X(DP_NO_AMENDMENTS, "Līdz šim datumam grozījumu nav.", "No amendments by this date.")                        \
    X(DP_NUMBER, "Numurs", "Number")                                                                              \
    X(DP_FROM, "Spēkā no", "In force from")                                                                      \
    X(DP_FROM_HINT, "No šīs dienas grozījumi maina objektus.", "The amendment changes objects from this day.")    \
    X(DP_DECISION_NO, "Lēmuma numurs", "Decision number")                                                         \
    X(DP_DECISION_ON, "Lēmuma datums", "Decision date")                                                           \
    X(DP_DECISION, "Lēmums", "Decision")                                                                          \
    X(DP_REASON, "Pamatojums", "Reason")                                                                          \
    X(DP_TEXT, "Grozījumu teksts", "Text of the amendment")                                                       \
    X(DP_TEXT_HINT, "Kā grozījumi publicēti (izvērtējuma 2. pielikumam).",                                        \
      "As the amendment was published (for Appendix 2 of the evaluation).")                                      \
    X(DP_NEW_OBJECT, "Jauns objekts", "New object")                                                               \
    X(DP_NEW_AMENDMENT, "Jauni grozījumi", "New amendment")                                                       \
    X(DP_SAVE, "Saglabāt", "Save")                                                                                \
    X(DP_SAVED, "Saglabāts.", "Saved.")                                                                           \
    X(DP_BACK, "Atpakaļ uz DI plānu", "Back to the DI plan")                                                      \
    X(DP_OBJECT_TITLE, "DI plāna objekts", "DI plan object")                                                      \
    X(DP_NOT_YET, "Šajā datumā objekts vēl nebija plānā.", "On this date the object was not yet in the plan.")   \
    X(DP_HISTORY, "Vēsture", "History")                                                                           \
    X(DP_NO_HISTORY, "Izmaiņu nav.", "No changes.")                                                               \
    X(DP_FIELD, "Lauks", "Field")                                                                                 \
    X(DP_OLD, "Bija", "Was")                                                                                      \
    X(DP_NEW, "Kļūst", "Becomes")                                                                                 \
    X(DP_EVENT, "Notikums", "Event")                                                                              \
    X(DP_CHANGE_TITLE, "Mainīt objektu", "Change the object")                                                     \
    X(DP_CHANGE_HINT, "Vietas, finansējumu, pakalpojumu, adresi un objektu sarakstu maina grozījumi; statusu var "  \
                      "mainīt arī notikums ar savu datumu un pamatojumu (piemēram, domes lēmums, reģistra ieraksts).", \
      "Places, funding, service, address and the list of objects change by amendment; the status may also change " \
      "by an event with its own date and reason (a council's decision, a register entry).")                      \
    X(DP_BY_AMENDMENT, "Ar grozījumiem", "By amendment")                                                          \
    X(DP_NO_AMENDMENT, "Bez grozījumiem (tikai statuss)", "Without an amendment (status only)")                   \
    X(DP_NEW_VALUE, "Jaunā vērtība", "New value")                                                                 \
    X(DP_NEW_VALUE_HINT, "Summas eiro (156584.49), datumus dd.mm.gggg., statusu vārdā: planned, building, "         \
                         "registered, operating, cancelled.",                                                     \
      "Sums in euro (156584.49), dates dd.mm.yyyy., the status as a word: planned, building, registered, "        \
      "operating, cancelled.")                                                                                    \
    X(DP_EFFECTIVE_ON, "Spēkā no (notikumam)", "In force from (an event)")                                       \
    X(DP_CONFIRM, "Apstiprinu, ka vietu skaits jāmaina, lai gan pakalpojums piešķirts klientiem",                  \
      "I confirm the places are to change although clients have the service assigned")                          \
    X(DP_EDIT_TITLE, "Fakti par objektu", "Facts about the object")                                               \
    X(DP_EDIT_HINT, "Faktiskā pabeigšana un citu avotu nosaukumi nav plāna grozījumi: tos ieraksta ar dienu, kad "  \
                    "tie kļuva zināmi, un pamatojumu.",                                                           \
      "The actual completion and the names of other sources are not amendments of the plan: record them with the " \
      "day they became known and a reason.")                                                                      \
    X(DP_EDIT_ON, "Diena", "Day")                                                                                 \
    X(DP_FIRST_CHANGE, "Ko grozījumi maina (pirmā izmaiņa; citas pievieno objekta lapā)",                          \
      "What the amendment changes (the first change; add more on the object's page)")                            \
    X(DP_OBJECT, "Objekts", "Object")                                                                             \
    X(DP_NONE_CHOSEN, "— nav —", "— none —")                                                                      \
    X(DP_OPEN, "Atvērt", "Open")                                                                                  \
    X(DP_AMENDMENTS_LIST, "Grozījumu saraksts ar tekstiem", "The amendments with their texts")                    \
    X(DP_F_PLACES, "vietas", "places")                                                                            \
    X(DP_F_STATUS, "statuss", "status")                                                                           \
    X(DP_F_ERDF, "ERAF finansējums", "ERDF funding")                                                              \
    X(DP_F_STATE, "valsts budžets", "state budget")                                                               \
    X(DP_F_MUNICIPAL, "pašvaldības finansējums", "municipal funding")                                             \
    X(DP_F_OTHER, "citi avoti", "other sources")                                                                  \
    X(DP_F_SERVICE, "pakalpojums", "service")                                                                     \
    X(DP_F_GROUP, "mērķa grupa", "target group")                                                                  \
    X(DP_F_NAME, "nosaukums", "name")                                                                             \
    X(DP_F_ADDRESS, "adrese", "address")                                                                          \
    X(DP_F_PLANNED, "plānotā pabeigšana", "planned completion")                                                   \
    X(DP_F_ADDED, "iekļauts plānā", "entered the plan")                                                           \
    X(DP_F_REMOVED, "izslēgts no plāna", "removed from the plan")                                                 \
    X(DP_S_PLANNED, "plānots", "planned")                                                                         \
    X(DP_S_BUILDING, "būvniecībā", "being built")                                                                 \
    X(DP_S_REGISTERED, "reģistrēts", "registered")                                                                \
    X(DP_S_OPERATING, "darbojas", "operating")                                                                    \
    X(DP_S_CANCELLED, "atcelts", "cancelled")                                                                     \
    X(DP_BAD_EUR, "nav derīga summa: eiro ar punktu pirms centiem, piemēram, 156584.49",                          \
      "not a valid amount: euro with a point before the cents, e.g. 156584.49")                                   \
    X(DP_BAD_DATE, "nav derīgs datums: rakstiet dd.mm.gggg.", "not a valid date: write dd.mm.yyyy.")

/* Messages with numbers in them: literal formats, so the compiler checks
 * their arguments (DP_F picks the request's language). */
#define DP_F_SUMMARY_LV "Kopā: %zu objekti, %lld vietas, ERAF %s, visi avoti %s."
#define DP_F_SUMMARY_EN "In all: %zu objects, %lld places, ERDF %s, all sources %s."
#define DP_F_AMENDMENT_NO_LV "Grozījumi Nr. %d"
#define DP_F_AMENDMENT_NO_EN "Amendment No. %d"
#define DP_F_CHANGES_N_LV "Maina objektus: %zu"
#define DP_F_CHANGES_N_EN "Changes to objects: %zu"
#define DP_F(r, name) ((r)->lang && strcmp((r)->lang, "en") == 0 ? DP_F_##name##_EN : DP_F_##name##_LV)

typedef enum dp_key {
#define DP_ENUM(key, lv, en) key,
    DP_STRINGS(DP_ENUM)
#undef DP_ENUM
    DP_COUNT
} dp_key;

/* The words of `key` in the request's language (static, never NULL). */
const char *dp_s(const kp_req *r, dp_key key);

/* The region the request is about: a coordinator's own; for the ministry
 * and administrators the `region` input when it names a region, else the
 * first region. NULL when there is none or it names no region (callers
 * answer 404, as for another region). */
const char *dp_region(kp_req *r);
/* The date the request is about: the `at` input (ISO), else today. */
kp_date dp_at(kp_req *r, char iso[11]);

/* A new object and a new amendment as the use cases take them, read from
 * the request's inputs (form fields and JSON members have the same names,
 * so the page and the API build them in one place). The strings belong to
 * the request. */
kp_plan_object_in dp_object_in(kp_req *r, const char *region);
kp_amendment_in dp_amendment_in(kp_req *r, const char *region);

/* Words for an object's status and a change's field ("" for NULL). */
const char *dp_status(const kp_req *r, const char *code);
const char *dp_field(const kp_req *r, const char *field);
/* The fields a change may name, in the order the form offers them. */
extern const char *const DP_FIELDS[];
extern const size_t DP_NFIELDS;

/* Territories of `region` on `at` (ATVK code and name), for the forms. */
kp_rc dp_municipalities(kp_req *r, const char *region, kp_date at, kp_options *out);
/* The Latvian (English) name of a territory by id, "" when unknown. */
const char *dp_municipality_name(kp_req *r, int64_t id);

/* A value of a field as people read it: money in euros, dates dd.mm.yyyy.,
 * statuses in words. */
const char *dp_value(kp_req *r, const char *field, const char *stored);
/* A typed value as the use case stores it: euros → cents, dd.mm.yyyy. →
 * ISO (planned and actual completion); an unreadable sum or date is a
 * message on `name` and NULL. */
const char *dp_stored(kp_req *r, const char *field, const char *typed, const char *name);

#endif
