/* The one route table: method, pattern, handler, scope rule (flags and the
 * roles allowed), declared inputs, and for forms what to show again when the
 * CSRF token is stale. Adding a page means adding a row here. */
#include "web/pages.h"
#include "web/listing.h"

#define Q KP_IN_QUERY
#define B KP_IN_BODY

static const kp_input IN_LOGIN_PAGE[] = {{"next", KP_IN_TEXT, Q, 200}, {"expired", KP_IN_INT, Q, 1}, {NULL, 0, 0, 0}};
static const kp_input IN_LOGIN[] = {{"username", KP_IN_TEXT, B, 64},
                                    {"password", KP_IN_SECRET, B, 1024},
                                    {"next", KP_IN_TEXT, Q | B, 200},
                                    {"expired", KP_IN_INT, Q, 1},
                                    {"resume", KP_IN_TEXT, B, 200},
                                    {NULL, 0, 0, 0}};
static const kp_input IN_LANG[] = {{"lang", KP_IN_TEXT, B, 2}, {"back", KP_IN_TEXT, B, 200}, {NULL, 0, 0, 0}};
static const kp_input IN_AUDIT[] = {{"user", KP_IN_TEXT, Q, 64},   {"client", KP_IN_INT, Q, 16},
                                    {"action", KP_IN_TEXT, Q, 48}, {"from", KP_IN_DATE, Q, 12},
                                    {"to", KP_IN_DATE, Q, 12},     KP_LIST_INPUTS,
                                    {NULL, 0, 0, 0}};
static const kp_input IN_DRAFT[] = {{"form", KP_IN_TEXT, B, 64},
                                    {"record_key", KP_IN_TEXT, B, 64},
                                    {"body", KP_IN_TEXT, B, 64 * 1024},
                                    {NULL, 0, 0, 0}};

static const kp_input IN_API_LOGIN[] = {{"username", KP_IN_TEXT, B, 64}, {"password", KP_IN_SECRET, B, 1024}, {NULL, 0, 0, 0}};
static const kp_input IN_API_CLIENTS[] = {{"q", KP_IN_SECRET, Q, 200},
                                          {"limit", KP_IN_INT, Q, 4},
                                          {"offset", KP_IN_INT, Q, 9},
                                          {NULL, 0, 0, 0}};
/* The same search with the query in the body: a personal code never goes
 * into a URL (logs, history, Referer). */
static const kp_input IN_API_CLIENTS_SEARCH[] = {{"q", KP_IN_SECRET, B, 200},
                                                 {"limit", KP_IN_INT, B, 4},
                                                 {"offset", KP_IN_INT, B, 9},
                                                 {NULL, 0, 0, 0}};
static const kp_input IN_API_CLIENT[] = {{"include", KP_IN_TEXT, Q, 32}, {NULL, 0, 0, 0}};
static const kp_input IN_API_CLIENT_NEW[] = {{"id", KP_IN_TEXT, B, 20},
                                             {"personal_code", KP_IN_SECRET, B, 20},
                                             {"code_since", KP_IN_DATE, B, 12},
                                             {"given_name", KP_IN_TEXT, B, 100},
                                             {"family_name", KP_IN_TEXT, B, 100},
                                             {"birth_date", KP_IN_DATE, B, 12},
                                             {"municipality", KP_IN_TEXT, B, 7},
                                             {"target_group", KP_IN_TEXT, B, 16},
                                             {"representative_id", KP_IN_TEXT, B, 20},
                                             {"disability_group", KP_IN_TEXT, B, 1},
                                             {"special_care_from", KP_IN_DATE, B, 12},
                                             {"parents_working", KP_IN_TEXT, B, 1},
                                             {"registered_on", KP_IN_DATE, B, 12},
                                             {"confirm", KP_IN_TEXT, B, 1},
                                             {NULL, 0, 0, 0}};
static const kp_input IN_API_AUDIT[] = {{"client", KP_IN_INT, Q, 16}, {"user", KP_IN_TEXT, Q, 64},
                                        {"action", KP_IN_TEXT, Q, 48}, {"from", KP_IN_DATE, Q, 12},
                                        {"to", KP_IN_DATE, Q, 12},     {"limit", KP_IN_INT, Q, 4},
                                        {"offset", KP_IN_INT, Q, 9},   {NULL, 0, 0, 0}};

#define TOKEN {"form_token", KP_IN_TEXT, B, 64}
#define END {NULL, 0, 0, 0}
static const kp_input IN_CASELOAD[] = {{"confirmed", KP_IN_INT, Q, 6}, {"show", KP_IN_TEXT, Q, 16}, {"q", KP_IN_TEXT, Q, 100},
                                       {"group", KP_IN_TEXT, Q, 16}, KP_LIST_INPUTS, END};
static const kp_input IN_CASELOAD_CONFIRM[] = {{"delivery_id", KP_IN_INT, B, 16}, {"all", KP_IN_INT, B, 1}, END};
static const kp_input IN_CLIENT_SEARCH[] = {{"q", KP_IN_SECRET, B, 200}, {"group", KP_IN_TEXT, B, 16}, KP_LIST_INPUTS, END};
static const kp_input IN_CLIENT_NEW[] = {{"personal_code", KP_IN_SECRET, B, 20},
                                         {"given_name", KP_IN_TEXT, B, 100},
                                         {"family_name", KP_IN_TEXT, B, 100},
                                         {"birth_date", KP_IN_DATE, B, 12},
                                         {"municipality", KP_IN_TEXT, B, 7},
                                         {"target_group", KP_IN_TEXT, B, 16},
                                         {"disability_group", KP_IN_TEXT, B, 1},
                                         {"special_care_from", KP_IN_DATE, B, 12},
                                         {"parents_working", KP_IN_TEXT, B, 1},
                                         {"registered_on", KP_IN_DATE, B, 12},
                                         {"confirm", KP_IN_TEXT, B, 1},
                                         TOKEN,
                                         END};
static const kp_input IN_CLIENT[] = {{"saved", KP_IN_INT, Q, 1}, END};
static const kp_input IN_PLAN_APPROVE[] = {{"plan_id", KP_IN_INT, B, 16}, {"approved_on", KP_IN_DATE, B, 12},
                                           {"confirm", KP_IN_TEXT, B, 1}, TOKEN, END};
static const kp_input IN_PLAN_APPROVE_ASK[] = {{"plan_id", KP_IN_INT, Q, 16}, END};
static const kp_input IN_ASSIGN_PAGE[] = {{"plan_item", KP_IN_INT, Q, 16}, {"service", KP_IN_TEXT, Q, 32}, END};
static const kp_input IN_PLAN_DIFF[] = {{"a", KP_IN_INT, Q, 16}, {"b", KP_IN_INT, Q, 16}, END};
#define NEED(n) {"need_" #n, KP_IN_TEXT, B, 32}
static const kp_input IN_ASSESSMENT[] = {
    {"round", KP_IN_TEXT, B, 4}, {"assessed_on", KP_IN_DATE, B, 12}, {"place", KP_IN_TEXT, B, 16},
    {"assessor", KP_IN_TEXT, B, 200}, {"action", KP_IN_TEXT, B, 8}, TOKEN,
    NEED(1), NEED(2), NEED(3), NEED(4), NEED(5), NEED(6), NEED(7), NEED(8), NEED(9), NEED(10), NEED(11), NEED(12),
    NEED(13), NEED(14), NEED(15), NEED(16), NEED(17), NEED(18), NEED(19), NEED(20), NEED(21), NEED(22), NEED(23),
    NEED(24), END};
#define ITEM(n)                                                                                                      \
    {"service_" #n, KP_IN_TEXT, B, 32}, {"volume_" #n, KP_IN_TEXT, B, 8}, {"provider_id_" #n, KP_IN_TEXT, B, 16},    \
        {"start_date_" #n, KP_IN_DATE, B, 12}, {"end_date_" #n, KP_IN_DATE, B, 12}, {"goal_" #n, KP_IN_TEXT, B, 2000}
static const kp_input IN_PLAN[] = {{"plan_id", KP_IN_TEXT, B, 16},
                                   {"goals", KP_IN_TEXT, B, 4000},
                                   {"review_on", KP_IN_DATE, B, 12},
                                   {"action", KP_IN_TEXT, B, 8},
                                   TOKEN,
                                   ITEM(1),
                                   ITEM(2),
                                   ITEM(3),
                                   ITEM(4),
                                   ITEM(5),
                                   ITEM(6),
                                   ITEM(7),
                                   ITEM(8),
                                   END};
static const kp_input IN_ASSIGN[] = {{"service", KP_IN_TEXT, B, 32},     {"plan_item_id", KP_IN_TEXT, B, 16},
                                     {"provider_id", KP_IN_TEXT, B, 16}, {"start_date", KP_IN_DATE, B, 12},
                                     {"end_date", KP_IN_DATE, B, 12},    {"units", KP_IN_TEXT, B, 8},
                                     {"hours_per_week", KP_IN_TEXT, B, 4}, {"mode", KP_IN_TEXT, B, 8},
                                     {"decided_on", KP_IN_DATE, B, 12},  {"action", KP_IN_TEXT, B, 8},
                                     {"confirm", KP_IN_TEXT, B, 1},      TOKEN,
                                     END};
static const kp_input IN_API_ASSIGN[] = {{"service", KP_IN_TEXT, B, 32},     {"plan_item_id", KP_IN_TEXT, B, 16},
                                         {"provider_id", KP_IN_TEXT, B, 16}, {"start_date", KP_IN_DATE, B, 12},
                                         {"end_date", KP_IN_DATE, B, 12},    {"units", KP_IN_TEXT, B, 8},
                                         {"hours_per_week", KP_IN_TEXT, B, 4}, {"mode", KP_IN_TEXT, B, 8},
                                         {"decided_on", KP_IN_DATE, B, 12},  {"confirm", KP_IN_TEXT, B, 1},
                                         END};
static const kp_input IN_API_APPROVE[] = {{"approved_on", KP_IN_DATE, B, 12}, END};
static const kp_input IN_API_PROVIDERS[] = {{"service", KP_IN_TEXT, Q, 32}, {"on", KP_IN_DATE, Q, 12}, END};
static const kp_input IN_ASSIGNMENT[] = {{"at", KP_IN_DATE, Q, 12}, {"saved", KP_IN_INT, Q, 1}, END};
static const kp_input IN_ASG_CANCEL[] = {{"cancelled_from", KP_IN_DATE, B, 12}, {"cancel_reason", KP_IN_TEXT, B, 500}, END};
static const kp_input IN_ASG_SUSPEND[] = {{"suspended_from", KP_IN_DATE, B, 12}, {"suspended_to", KP_IN_DATE, B, 12},
                                          {"suspend_reason", KP_IN_TEXT, B, 500}, END};
static const kp_input IN_ASG_END[] = {{"end_date", KP_IN_DATE, B, 12}, {"end_reason", KP_IN_TEXT, B, 500}, END};
static const kp_input IN_ASG_RESUME[] = {{"suspension_id", KP_IN_INT, B, 16}, {"resume_on", KP_IN_DATE, B, 12},
                                         {"resume_reason", KP_IN_TEXT, B, 500}, END};
static const kp_input IN_PLAN_END[] = {{"ended_on", KP_IN_DATE, B, 12}, {"reason", KP_IN_TEXT, B, 500}, END};
static const kp_input IN_API_AT[] = {{"at", KP_IN_DATE, Q, 12}, END};
static const kp_input IN_API_CANCEL[] = {{"cancelled_from", KP_IN_DATE, B, 12}, {"reason", KP_IN_TEXT, B, 500}, END};
static const kp_input IN_API_SUSPEND[] = {{"suspended_from", KP_IN_DATE, B, 12}, {"suspended_to", KP_IN_DATE, B, 12},
                                          {"reason", KP_IN_TEXT, B, 500}, END};
static const kp_input IN_API_END[] = {{"end_date", KP_IN_DATE, B, 12}, {"reason", KP_IN_TEXT, B, 500}, END};
static const kp_input IN_API_RESUME[] = {{"resume_on", KP_IN_DATE, B, 12}, {"reason", KP_IN_TEXT, B, 500}, END};
static const kp_input IN_REFERRALS[] = {{"all", KP_IN_INT, Q, 1}, END};
static const kp_input IN_ATTENDANCE[] = {{"service", KP_IN_TEXT, Q, 32}, {"date", KP_IN_DATE, Q, 12},
                                         {"saved", KP_IN_INT, Q, 4}, END};
#define U(n) {"u_" #n, KP_IN_TEXT, B, 6}
static const kp_input IN_ATTENDANCE_SAVE[] = {
    {"service", KP_IN_TEXT, B, 32}, {"date", KP_IN_DATE, B, 12}, {"ids", KP_IN_TEXT, B, 600}, TOKEN,
    U(1), U(2), U(3), U(4), U(5), U(6), U(7), U(8), U(9), U(10), U(11), U(12), U(13), U(14), U(15), U(16), U(17),
    U(18), U(19), U(20), U(21), U(22), U(23), U(24), U(25), END};
static const kp_input IN_STATEMENT[] = {{"month", KP_IN_TEXT, Q, 8}, {"municipality", KP_IN_INT, Q, 16}, END};
static const kp_input IN_CASELOADS[] = {{"worker", KP_IN_INT, Q, 16}, {"moved", KP_IN_INT, Q, 1}, KP_LIST_INPUTS, END};
static const kp_input IN_REASSIGN[] = {{"client_id", KP_IN_TEXT, B, 16}, {"worker_id", KP_IN_TEXT, B, 16},
                                       {"back", KP_IN_INT, B, 16}, {"confirm", KP_IN_INT, B, 1}, END};
/* Progress at a glance and cost after EU funding (progress_panel.c,
 * page_cost.c, api_progress.c). */
static const kp_input IN_HOME[] = {{"date", KP_IN_DATE, Q, 12}, {"region", KP_IN_TEXT, Q, 8}, END};
static const kp_input IN_COST[] = {{"date", KP_IN_DATE, Q, 12}, {"region", KP_IN_TEXT, Q, 8},
                                   {"municipality", KP_IN_TEXT, Q, 8}, {"format", KP_IN_TEXT, Q, 4}, END};
static const kp_input IN_API_FIGURES[] = {{"date", KP_IN_DATE, Q, 12}, {"region", KP_IN_TEXT, Q, 8},
                                          {"municipality", KP_IN_TEXT, Q, 8}, END};
static const kp_input IN_EVALUATION[] = {{"at", KP_IN_DATE, Q, 12}, END};
static const kp_input IN_FIGURE_RECORDS[] = {{"figure", KP_IN_TEXT, Q, 160}, {"region", KP_IN_TEXT, Q, 8},
                                             {"municipality", KP_IN_TEXT, Q, 12}, {"date", KP_IN_DATE, Q, 12}, END};
static const kp_input IN_EVALUATION_FILE[] = {{"region", KP_IN_TEXT, Q, 8}, {"at", KP_IN_DATE, Q, 12},
                                              {"format", KP_IN_TEXT, Q, 8}, {"open_data", KP_IN_TEXT, Q, 1}, END};
/* The evaluation as the published document (page_evaluation_*.c,
 * api_evaluation.c). A chapter's text is at most KP_CHAPTER_MAX bytes. */
#define EVAL_AT {"region", KP_IN_TEXT, Q, 8}, {"at", KP_IN_DATE, Q, 12}, {"date", KP_IN_DATE, Q, 12}
#define EVAL_AT_B {"region", KP_IN_TEXT, B, 8}, {"at", KP_IN_DATE, B, 12}
#define CHAPTER_TEXT(n) {n, KP_IN_TEXT, B, 32000}
static const kp_input IN_EVAL_VIEW[] = {EVAL_AT, {"page", KP_IN_INT, Q, 4}, END};
static const kp_input IN_EVAL_CHAPTERS[] = {EVAL_AT, {"saved", KP_IN_INT, Q, 1}, END};
static const kp_input IN_EVAL_CHAPTERS_SAVE[] = {EVAL_AT_B,
                                                 CHAPTER_TEXT("introduction"),
                                                 CHAPTER_TEXT("deviations"),
                                                 CHAPTER_TEXT("findings"),
                                                 CHAPTER_TEXT("recommendations"),
                                                 CHAPTER_TEXT("opinions_workers"),
                                                 CHAPTER_TEXT("opinions_clients"),
                                                 END};
static const kp_input IN_EVAL_HISTORY[] = {EVAL_AT, {"chapter", KP_IN_TEXT, Q, 24}, END};
static const kp_input IN_EVAL_APPROVE[] = {EVAL_AT, END};
static const kp_input IN_EVAL_APPROVE_POST[] = {EVAL_AT_B, {"expect", KP_IN_INT, B, 8}, {"confirm", KP_IN_INT, B, 1},
                                                END};
static const kp_input IN_EVAL_VERSION_FILE[] = {{"format", KP_IN_TEXT, Q, 8}, END};
static const kp_input IN_API_EVAL_CHAPTER[] = {EVAL_AT_B, {"chapter", KP_IN_TEXT, B, 24}, CHAPTER_TEXT("body"), END};
static const kp_input IN_API_EVAL_APPROVE[] = {EVAL_AT_B, {"expect_version", KP_IN_INT, B, 8}, END};
static const kp_input IN_STATEMENT_DOC[] = {{"municipality", KP_IN_INT, Q, 16}, {"month", KP_IN_TEXT, Q, 7}, END};

/* The DI plan editor (page_diplan*.c, api_diplan.c). */
static const kp_input IN_DIPLAN[] = {{"region", KP_IN_TEXT, Q, 8}, {"at", KP_IN_DATE, Q, 12}, {"saved", KP_IN_INT, Q, 1},
                                     END};
static const kp_input IN_DIPLAN_OBJECT[] = {{"at", KP_IN_DATE, Q, 12}, {"saved", KP_IN_INT, Q, 1}, END};
#define DIPLAN_OBJECT_FIELDS                                                                                       \
    {"name", KP_IN_TEXT, B, 300}, {"address", KP_IN_TEXT, B, 300}, {"municipality", KP_IN_TEXT, B, 7},             \
        {"target_group", KP_IN_TEXT, B, 16}, {"service", KP_IN_TEXT, B, 32}, {"places", KP_IN_TEXT, B, 8},         \
        {"status", KP_IN_TEXT, B, 16}, {"added_on", KP_IN_DATE, B, 12}, {"erdf", KP_IN_TEXT, B, 24},              \
        {"state", KP_IN_TEXT, B, 24}, {"municipal", KP_IN_TEXT, B, 24}, {"other", KP_IN_TEXT, B, 24},              \
        {"other_sources", KP_IN_TEXT, B, 300}, {"planned_completion", KP_IN_DATE, B, 12},                         \
        {"actual_completion", KP_IN_DATE, B, 12}, {"facility_id", KP_IN_TEXT, B, 16}
static const kp_input IN_DIPLAN_OBJECT_NEW[] = {DIPLAN_OBJECT_FIELDS, END};
static const kp_input IN_DIPLAN_CHANGE[] = {{"amendment_id", KP_IN_TEXT, B, 16}, {"field", KP_IN_TEXT, B, 24},
                                            {"new_value", KP_IN_TEXT, B, 300},   {"effective_on", KP_IN_DATE, B, 12},
                                            {"reason", KP_IN_TEXT, B, 2000},     {"confirm", KP_IN_INT, B, 1},
                                            END};
static const kp_input IN_DIPLAN_EDIT[] = {{"actual_completion", KP_IN_TEXT, B, 12}, {"other_sources", KP_IN_TEXT, B, 300},
                                          {"edit_on", KP_IN_DATE, B, 12},           {"edit_reason", KP_IN_TEXT, B, 2000},
                                          END};
static const kp_input IN_DIPLAN_AMENDMENT_PAGE[] = {{"object", KP_IN_INT, Q, 16}, END};
#define DIPLAN_AMENDMENT_FIELDS                                                                                    \
    {"number", KP_IN_TEXT, B, 8}, {"approved_on", KP_IN_DATE, B, 12}, {"decision_no", KP_IN_TEXT, B, 60},        \
        {"decision_on", KP_IN_DATE, B, 12}, {"reason", KP_IN_TEXT, B, 2000}, {"text", KP_IN_TEXT, B, 60000},     \
        {"object_id", KP_IN_TEXT, B, 16}, {"field", KP_IN_TEXT, B, 24}, {"new_value", KP_IN_TEXT, B, 300},        \
        {"confirm", KP_IN_INT, B, 1}
static const kp_input IN_DIPLAN_AMENDMENT[] = {DIPLAN_AMENDMENT_FIELDS, END};
static const kp_input IN_API_DIPLAN_OBJECT_NEW[] = {DIPLAN_OBJECT_FIELDS, END};
static const kp_input IN_API_DIPLAN_CHANGE[] = {{"amendment_id", KP_IN_TEXT, B, 16}, {"field", KP_IN_TEXT, B, 24},
                                                {"new_value", KP_IN_TEXT, B, 300},   {"effective_on", KP_IN_DATE, B, 12},
                                                {"reason", KP_IN_TEXT, B, 2000},     {"confirm", KP_IN_TEXT, B, 5},
                                                END};
static const kp_input IN_API_DIPLAN_EDIT[] = {{"actual_completion", KP_IN_TEXT, B, 12}, {"other_sources", KP_IN_TEXT, B, 300},
                                              {"effective_on", KP_IN_DATE, B, 12},      {"reason", KP_IN_TEXT, B, 2000},
                                              END};
static const kp_input IN_API_DIPLAN_AMENDMENT[] = {
    {"number", KP_IN_TEXT, B, 8},       {"approved_on", KP_IN_DATE, B, 12}, {"decision_no", KP_IN_TEXT, B, 60},
    {"decision_on", KP_IN_DATE, B, 12}, {"reason", KP_IN_TEXT, B, 2000},    {"text", KP_IN_TEXT, B, 60000},
    {"object_id", KP_IN_TEXT, B, 16},   {"field", KP_IN_TEXT, B, 24},       {"new_value", KP_IN_TEXT, B, 300},
    {"confirm", KP_IN_TEXT, B, 5},      END};

static const kp_input IN_CLAIMS[] = {{"paid", KP_IN_INT, Q, 16}, KP_LIST_INPUTS, END};
static const kp_input IN_CLAIM_BUILD[] = {{"month", KP_IN_TEXT, B, 7},         {"confirm", KP_IN_INT, B, 1},
                                          {"expect_lines", KP_IN_INT, B, 9},  {"expect_total", KP_IN_INT, B, 15},
                                          {"page", KP_IN_INT, B, 6},          END};
static const kp_input IN_CLAIM_PREVIEW[] = {{"month", KP_IN_TEXT, Q, 7}, {"page", KP_IN_INT, Q, 6}, END};
/* One exception per line of a claim's page (page_claims.c, kp_claim_verify_all). */
#define X_SLOT(n) {"reject_" #n, KP_IN_INT, B, 9}, {"reason_" #n, KP_IN_TEXT, B, 300}
static const kp_input IN_CLAIM_VERIFY_ALL[] = {
    {"verdict", KP_IN_TEXT, B, 8}, {"accept_rest", KP_IN_INT, B, 1}, {"expect_pending", KP_IN_INT, B, 9},
    {"confirm", KP_IN_INT, B, 1},  {"page", KP_IN_INT, B, 6},        X_SLOT(1), X_SLOT(2), X_SLOT(3), X_SLOT(4),
    X_SLOT(5), X_SLOT(6), X_SLOT(7), X_SLOT(8), X_SLOT(9), X_SLOT(10), X_SLOT(11), X_SLOT(12), X_SLOT(13),
    X_SLOT(14), X_SLOT(15), X_SLOT(16), X_SLOT(17), X_SLOT(18), X_SLOT(19), X_SLOT(20), X_SLOT(21), X_SLOT(22),
    X_SLOT(23), X_SLOT(24), X_SLOT(25), END};
static const kp_input IN_CONTACT[] = {{"kind", KP_IN_TEXT, B, 16}, {"contact_on", KP_IN_DATE, B, 12},
                                      {"note", KP_IN_TEXT, B, 4000}, END};
static const kp_input IN_TASK[] = {{"what", KP_IN_TEXT, B, 600}, {"due_on", KP_IN_DATE, B, 12},
                                   {"assigned_to", KP_IN_TEXT, B, 100}, END};
static const kp_input IN_TASK_DONE[] = {{"task_id", KP_IN_INT, B, 16}, END};
static const kp_input IN_API_CLAIM_PREVIEW[] = {{"month", KP_IN_TEXT, Q, 7}, END};
static const kp_input IN_API_CLAIM_NEW[] = {{"month", KP_IN_TEXT, B, 7},
                                            {"expect_lines", KP_IN_INT, B, 9},
                                            {"expect_total_cents", KP_IN_INT, B, 15},
                                            END};
#define C(n) {"c_" #n, KP_IN_INT, B, 16}
static const kp_input IN_CLAIM_PAY[] = {
    {"paid_on", KP_IN_DATE, B, 12}, C(1), C(2), C(3), C(4), C(5), C(6), C(7), C(8), C(9), C(10), C(11), C(12), C(13),
    C(14), C(15), C(16), C(17), C(18), C(19), C(20), C(21), C(22), C(23), C(24), C(25), C(26), C(27), C(28), C(29),
    C(30), C(31), C(32), C(33), C(34), C(35), C(36), C(37), C(38), C(39), C(40), END};
static const kp_input IN_CLAIM[] = {{"saved", KP_IN_INT, Q, 1},     {"page", KP_IN_INT, Q, 6},
                                    {"accepted", KP_IN_INT, Q, 9},  {"rejected", KP_IN_INT, Q, 9}, END};
static const kp_input IN_CLAIM_VERIFY[] = {{"line", KP_IN_INT, B, 9}, {"verdict", KP_IN_TEXT, B, 8},
                                           {"reason", KP_IN_TEXT, B, 300}, END};
static const kp_input IN_CHECK[] = {{"at", KP_IN_DATE, Q, 12},          {"check", KP_IN_TEXT, Q, 48},
                                    {"region", KP_IN_TEXT, Q, 8},         {"municipality", KP_IN_TEXT, Q, 8},
                                    {"offset", KP_IN_INT, Q, 9},          END};
static const kp_input IN_API_CHECK[] = {{"at", KP_IN_DATE, Q, 12},      {"check", KP_IN_TEXT, Q, 48},
                                        {"region", KP_IN_TEXT, Q, 8},     {"municipality", KP_IN_TEXT, Q, 8},
                                        {"limit", KP_IN_INT, Q, 5},       {"offset", KP_IN_INT, Q, 9},
                                        END};
static const kp_input IN_INDICATORS[] = {{"indicator", KP_IN_INT, Q, 16}, {"saved", KP_IN_INT, Q, 1},
                                         {"correct", KP_IN_INT, Q, 4}, END};
/* Need against places (page_need.c, api_need.c). */
static const kp_input IN_NEED[] = {{"at", KP_IN_DATE, Q, 12},         {"region", KP_IN_TEXT, Q, 8},
                                   {"municipality", KP_IN_TEXT, Q, 8}, {"service", KP_IN_TEXT, Q, 32},
                                   END};
static const kp_input IN_API_COOPERATION[] = {
    {"municipality", KP_IN_TEXT, B, 8}, {"partner", KP_IN_TEXT, B, 8},      {"service", KP_IN_TEXT, B, 32},
    {"target_group", KP_IN_TEXT, B, 16}, {"kind", KP_IN_TEXT, B, 16},       {"places", KP_IN_TEXT, B, 8},
    {"valid_from", KP_IN_TEXT, B, 12},  {"valid_to", KP_IN_TEXT, B, 12},    {"decision", KP_IN_TEXT, B, 300}, END};
/* Cooperation agreements (page_cooperation.c, api_cooperation.c). */
static const kp_input IN_COOPERATION[] = {{"at", KP_IN_DATE, Q, 12},          {"region", KP_IN_TEXT, Q, 8},
                                          {"municipality", KP_IN_TEXT, Q, 8}, {"service", KP_IN_TEXT, Q, 32},
                                          {"all", KP_IN_INT, Q, 1},           {"saved", KP_IN_INT, Q, 1},
                                          END};
static const kp_input IN_COOPERATION_NEW[] = {
    {"municipality", KP_IN_TEXT, B, 8}, {"partner", KP_IN_TEXT, B, 8},     {"service", KP_IN_TEXT, B, 32},
    {"target_group", KP_IN_TEXT, B, 16}, {"kind", KP_IN_TEXT, B, 16},      {"places", KP_IN_TEXT, B, 8},
    {"valid_from", KP_IN_DATE, B, 12},  {"valid_to", KP_IN_DATE, B, 12},   {"decision", KP_IN_TEXT, B, 300}, END};
static const kp_input IN_COOPERATION_END[] = {{"ended_on", KP_IN_DATE, B, 12}, {"reason", KP_IN_TEXT, B, 2000}, END};
static const kp_input IN_COOPERATION_CORRECT[] = {
    {"partner", KP_IN_TEXT, B, 8},      {"service", KP_IN_TEXT, B, 32},    {"target_group", KP_IN_TEXT, B, 16},
    {"kind", KP_IN_TEXT, B, 16},        {"places", KP_IN_TEXT, B, 8},      {"valid_from", KP_IN_DATE, B, 12},
    {"valid_to", KP_IN_DATE, B, 12},    {"decision", KP_IN_TEXT, B, 300},  {"correct_reason", KP_IN_TEXT, B, 2000},
    END};
static const kp_input IN_API_COOPERATION_FIX[] = {
    {"municipality", KP_IN_TEXT, B, 8}, {"partner", KP_IN_TEXT, B, 8},     {"service", KP_IN_TEXT, B, 32},
    {"target_group", KP_IN_TEXT, B, 16}, {"kind", KP_IN_TEXT, B, 16},      {"places", KP_IN_TEXT, B, 8},
    {"valid_from", KP_IN_TEXT, B, 12},  {"valid_to", KP_IN_TEXT, B, 12},   {"decision", KP_IN_TEXT, B, 300},
    {"reason", KP_IN_TEXT, B, 2000},    END};
static const kp_input IN_API_AT_ONLY[] = {{"at", KP_IN_DATE, Q, 12}, END};
/* Programme records over time (api_programme.c). */
static const kp_input IN_API_VALUE_FIX[] = {{"period_year", KP_IN_TEXT, B, 8}, {"value", KP_IN_TEXT, B, 12},
                                            {"reason", KP_IN_TEXT, B, 2000}, END};
static const kp_input IN_API_MONEY_FIX[] = {{"period_start", KP_IN_TEXT, B, 12}, {"period_end", KP_IN_TEXT, B, 12},
                                            {"amount", KP_IN_TEXT, B, 24}, {"reason", KP_IN_TEXT, B, 2000}, END};
static const kp_input IN_API_CLOSE[] = {{"closed_on", KP_IN_TEXT, B, 12}, {"reason", KP_IN_TEXT, B, 2000}, END};
static const kp_input IN_API_PLACES[] = {{"places", KP_IN_TEXT, B, 12}, {"valid_from", KP_IN_TEXT, B, 12},
                                         {"reason", KP_IN_TEXT, B, 2000}, END};
static const kp_input IN_INDICATOR_CORRECT[] = {{"indicator_id", KP_IN_TEXT, B, 16}, {"period_year", KP_IN_TEXT, B, 8},
                                                {"value", KP_IN_TEXT, B, 12}, {"reason", KP_IN_TEXT, B, 2000}, END};
static const kp_input IN_INDICATOR_VALUE[] = {{"indicator_id", KP_IN_TEXT, B, 16}, {"period_year", KP_IN_TEXT, B, 8},
                                              {"value", KP_IN_TEXT, B, 12}, END};

/* A person's history (page_client_correct.c … page_client_residence.c,
 * api_people.c). Dates are text so that the use case names what is wrong;
 * a reason may be long enough for the use case to say it is too long. */
#define REASON(n) {n, KP_IN_TEXT, B, 2000}
#define NAME(n) {n, KP_IN_TEXT, B, 400}
#define DAY(n) {n, KP_IN_DATE, B, 12}
static const kp_input IN_P_CORRECT[] = {
    DAY("effective_on"), REASON("reason"), NAME("given_name"), NAME("family_name"), DAY("birth_date"),
    {"target_group", KP_IN_TEXT, B, 16}, {"disability_group", KP_IN_TEXT, B, 1}, DAY("special_care_from"),
    {"parents_working", KP_IN_TEXT, B, 1}, NAME("orig_given_name"), NAME("orig_family_name"), DAY("orig_birth_date"),
    {"orig_target_group", KP_IN_TEXT, B, 16}, {"orig_disability_group", KP_IN_TEXT, B, 1},
    DAY("orig_special_care_from"), {"orig_parents_working", KP_IN_TEXT, B, 1}, TOKEN, END};
static const kp_input IN_P_MOVE[] = {{"municipality", KP_IN_TEXT, B, 7}, NAME("parish"), DAY("effective_on"),
                                     REASON("reason"), TOKEN, END};
static const kp_input IN_P_CASE[] = {{"status", KP_IN_TEXT, B, 8}, DAY("effective_on"),
                                     {"closing_reason", KP_IN_TEXT, B, 16}, REASON("reason"), TOKEN, END};
static const kp_input IN_P_CODE[] = {{"personal_code", KP_IN_SECRET, B, 20}, DAY("since"), REASON("reason"), TOKEN,
                                     END};
/* Both forms of the page: linking and ending. */
static const kp_input IN_P_REPS[] = {{"representative_id", KP_IN_TEXT, B, 20}, {"kind", KP_IN_TEXT, B, 24},
                                     DAY("valid_from"), DAY("valid_to"), {"link_id", KP_IN_TEXT, B, 20},
                                     DAY("ends_on"), REASON("end_reason"), TOKEN, END};
static const kp_input IN_P_RESIDENCE[] = {{"kind", KP_IN_TEXT, B, 24}, DAY("moved_on"),
                                          {"municipality", KP_IN_TEXT, B, 7}, NAME("parish"), REASON("reason"), TOKEN,
                                          END};
static const kp_input IN_API_REPS_AT[] = {{"at", KP_IN_DATE, Q, 12}, END};
/* Data-protection rights (page_client_privacy.c, page_privacy_record.c, api_privacy.c) */
static const kp_input IN_PRIVACY_REASON[] = {REASON("reason"), TOKEN, END};
static const kp_input IN_PRIVACY_BASIS[] = {{"purpose", KP_IN_TEXT, B, 32}, {"art6", KP_IN_TEXT, B, 1},
                                            {"art9", KP_IN_TEXT, B, 1},     DAY("consent_given_on"),
                                            DAY("consent_withdrawn_on"),   REASON("note"),
                                            TOKEN,                         END};
/* The page's forms are shown again together: each POST declares them all. */
static const kp_input IN_PRIVACY_FORMS[] = {REASON("reason"),
                                            {"purpose", KP_IN_TEXT, B, 32},
                                            {"art6", KP_IN_TEXT, B, 1},
                                            {"art9", KP_IN_TEXT, B, 1},
                                            DAY("consent_given_on"),
                                            DAY("consent_withdrawn_on"),
                                            REASON("note"),
                                            TOKEN,
                                            END};
static const kp_input IN_PRIVACY_EXPORT[] = {{"format", KP_IN_TEXT, Q, 8}, END};
static const kp_input IN_API_CORRECT[] = {
    DAY("effective_on"), REASON("reason"), NAME("given_name"), NAME("family_name"), DAY("birth_date"),
    {"target_group", KP_IN_TEXT, B, 16}, {"disability_group", KP_IN_TEXT, B, 1}, DAY("special_care_from"),
    {"parents_working", KP_IN_TEXT, B, 1}, END};
static const kp_input IN_API_MOVE[] = {DAY("effective_on"), {"municipality", KP_IN_TEXT, B, 7}, NAME("parish"),
                                       REASON("reason"), END};
static const kp_input IN_API_CASE[] = {DAY("effective_on"), {"status", KP_IN_TEXT, B, 8},
                                       {"closing_reason", KP_IN_TEXT, B, 16}, REASON("reason"), END};
static const kp_input IN_API_CODE[] = {{"personal_code", KP_IN_SECRET, B, 20}, DAY("since"), REASON("reason"), END};
static const kp_input IN_API_REP[] = {{"representative_id", KP_IN_TEXT, B, 20}, {"kind", KP_IN_TEXT, B, 24},
                                      DAY("valid_from"), DAY("valid_to"), END};
static const kp_input IN_API_REP_END[] = {{"link_id", KP_IN_TEXT, B, 20}, DAY("valid_to"), REASON("reason"), END};
static const kp_input IN_API_RESIDENCE[] = {DAY("moved_on"), {"kind", KP_IN_TEXT, B, 24},
                                            {"municipality", KP_IN_TEXT, B, 7}, NAME("parish"), REASON("reason"), END};

/* The public catalogue's filters (public_catalogue.h) and the public facts. */
static const kp_input IN_PUBLIC[] = {{"municipality", KP_IN_TEXT, Q, 7}, {"service", KP_IN_TEXT, Q, 32},
                                     {"target_group", KP_IN_TEXT, Q, 16}, END};
static const kp_input IN_API_PUBLIC[] = {{"municipality", KP_IN_TEXT, Q, 7}, {"service", KP_IN_TEXT, Q, 32},
                                         {"target_group", KP_IN_TEXT, Q, 16}, {"lang", KP_IN_TEXT, Q, 2}, END};
static const kp_input IN_API_FACTS[] = {{"opening_hours", KP_IN_TEXT, B, 300}, {"phone", KP_IN_TEXT, B, 64},
                                        {"email", KP_IN_TEXT, B, 128},         {"website", KP_IN_TEXT, B, 300},
                                        {"publish_places", KP_IN_TEXT, B, 1},  {"name", KP_IN_TEXT, B, 200},
                                        {"address", KP_IN_TEXT, B, 200},       {"apply_url", KP_IN_TEXT, B, 300},
                                        {"reason", KP_IN_TEXT, B, 500},        END};
/* Applying online (page_apply*.c, page_intake.c, api_intake.c). Personal
 * codes are secrets: never written back into a form. */
#define APPLY_FIELDS(W)                                                                                             \
    {"relation", KP_IN_TEXT, W, 16}, {"applicant_given_name", KP_IN_TEXT, W, 100},                                  \
        {"applicant_family_name", KP_IN_TEXT, W, 100}, {"applicant_personal_code", KP_IN_SECRET, W, 20},            \
        {"phone", KP_IN_TEXT, W, 40}, {"email", KP_IN_TEXT, W, 200}, {"person_given_name", KP_IN_TEXT, W, 100},     \
        {"person_family_name", KP_IN_TEXT, W, 100}, {"person_personal_code", KP_IN_SECRET, W, 20},                  \
        {"need", KP_IN_TEXT, W, 4000}, {"consent", KP_IN_TEXT, W, 1}
static const kp_input IN_APPLY_PAGE[] = {{"municipality", KP_IN_TEXT, Q, 7}, {"service", KP_IN_TEXT, Q, 40}, {NULL, 0, 0, 0}};
static const kp_input IN_APPLY[] = {{"municipality", KP_IN_TEXT, Q | B, 7}, {"service", KP_IN_TEXT, Q | B, 40},
                                    {"person_birth_date", KP_IN_DATE, B, 12}, APPLY_FIELDS(B), {NULL, 0, 0, 0}};
static const kp_input IN_API_APPLY[] = {{"municipality", KP_IN_TEXT, B, 7}, {"service", KP_IN_TEXT, B, 40},
                                        {"person_birth_date", KP_IN_DATE, B, 12}, APPLY_FIELDS(B), {NULL, 0, 0, 0}};
static const kp_input IN_APPLY_PAIR[] = {{"reference", KP_IN_TEXT, B, 40}, {"code", KP_IN_SECRET, B, 40},
                                         {"answer", KP_IN_TEXT, B, 2000}, {NULL, 0, 0, 0}};
static const kp_input IN_INTAKE[] = {{"which", KP_IN_TEXT, Q, 16}, {"page", KP_IN_INT, Q, 6}, {NULL, 0, 0, 0}};
static const kp_input IN_INTAKE_ONE[] = {{"saved", KP_IN_INT, Q, 1}, {NULL, 0, 0, 0}};
static const kp_input IN_INTAKE_ACT[] = {{"mode", KP_IN_TEXT, B, 16},         {"target_group", KP_IN_TEXT, B, 16},
                                         {"disability_group", KP_IN_TEXT, B, 1}, {"registered_on", KP_IN_DATE, B, 12},
                                         {"question", KP_IN_TEXT, B, 2000},      {"reason", KP_IN_TEXT, B, 2000},
                                         {NULL, 0, 0, 0}};
static const kp_input IN_API_INTAKE[] = {{"which", KP_IN_TEXT, Q, 16}, {"limit", KP_IN_INT, Q, 4},
                                         {"offset", KP_IN_INT, Q, 9}, {NULL, 0, 0, 0}};

#define PUB KP_R_PUBLIC
#define LOGIN KP_R_NEEDS_LOGIN
#define CHANGE KP_R_STATE_CHANGING
#define API KP_R_API
#define JSON KP_R_JSON_BODY
#define SIGNED KP_R_SIGNED_FORM

const kp_route kp_routes[] = {
    /* Pages */
    KP_ROUTE("GET", "/static/{name}", page_static, PUB, 0, NULL, NULL),
    /* A load balancer's health check (page_healthz.c, docs/deploy.md) */
    KP_ROUTE("GET", "/healthz", page_healthz, PUB, 0, NULL, NULL),
    KP_ROUTE("GET", "/login", page_login, PUB, 0, IN_LOGIN_PAGE, NULL),
    /* Open data of an approved evaluation, small numbers suppressed (page_open_data.c) */
    KP_ROUTE("GET", "/open-data/evaluation/{code}/{name}", page_open_data_evaluation, PUB, 0, NULL, NULL),
    KP_ROUTE("POST", "/login", page_login_submit, PUB | CHANGE, 0, IN_LOGIN, page_login),
    KP_ROUTE("POST", "/logout", page_logout, LOGIN | CHANGE, KP_RM_ANY, NULL, NULL),
    KP_ROUTE("POST", "/logout-everywhere", page_logout_everywhere, LOGIN | CHANGE, KP_RM_ANY, NULL, NULL),
    KP_ROUTE("POST", "/lang", page_lang, PUB | CHANGE, 0, IN_LANG, NULL),
    KP_ROUTE("GET", "/", page_home, LOGIN, KP_RM_ANY, IN_HOME, NULL),
    KP_ROUTE("GET", "/admin/audit", page_audit, LOGIN, KP_RM_ADMIN, IN_AUDIT, NULL),
    KP_ROUTE("POST", "/drafts", page_drafts_save, LOGIN | CHANGE, KP_RM_ANY, IN_DRAFT, NULL),

    /* Case work (page_caseload.c … page_caseloads.c) */
    KP_ROUTE("GET", "/caseload", page_caseload, LOGIN, KP_RM_MUNICIPAL, IN_CASELOAD, NULL),
    KP_ROUTE("POST", "/caseload/confirm", page_caseload_confirm, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_CASELOAD_CONFIRM,
             page_caseload),
    KP_ROUTE("GET", "/clients", page_clients, LOGIN, KP_RM_CASEWORK, NULL, NULL),
    KP_ROUTE("POST", "/clients/search", page_clients_search, LOGIN | CHANGE, KP_RM_CASEWORK, IN_CLIENT_SEARCH,
             page_clients),
    KP_ROUTE("GET", "/clients/new", page_client_new, LOGIN, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/clients/new", page_client_new_submit, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_CLIENT_NEW,
             page_client_new),
    KP_ROUTE("GET", "/clients/{id}", page_client, LOGIN, KP_RM_CASEWORK, IN_CLIENT, NULL),
    KP_ROUTE("GET", "/clients/{id}/plan/approve", page_plan_approve, LOGIN, KP_RM_MUNICIPAL, IN_PLAN_APPROVE_ASK, NULL),
    KP_ROUTE("POST", "/clients/{id}/plan/approve", page_plan_approve_submit, LOGIN | CHANGE, KP_RM_MUNICIPAL,
             IN_PLAN_APPROVE, page_client),
    KP_ROUTE("GET", "/clients/{id}/plans/diff", page_plan_diff, LOGIN, KP_RM_MUNICIPAL, IN_PLAN_DIFF, NULL),
    KP_ROUTE("GET", "/clients/{id}/assessment", page_assessment, LOGIN, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/clients/{id}/assessment", page_assessment_submit, LOGIN | CHANGE, KP_RM_MUNICIPAL,
             IN_ASSESSMENT, page_assessment),
    KP_ROUTE("GET", "/clients/{id}/plan", page_plan, LOGIN, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/clients/{id}/plan", page_plan_submit, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_PLAN, page_plan),
    KP_ROUTE("GET", "/clients/{id}/assign", page_assign, LOGIN, KP_RM_MUNICIPAL, IN_ASSIGN_PAGE, NULL),
    KP_ROUTE("POST", "/clients/{id}/assign", page_assign_submit, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_ASSIGN,
             page_assign),
    /* A person's history (page_client_correct.c … page_client_residence.c) */
    KP_ROUTE("GET", "/clients/{id}/correct", page_client_correct, LOGIN, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/clients/{id}/correct", page_client_correct_submit, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_P_CORRECT,
             page_client_correct),
    KP_ROUTE("GET", "/clients/{id}/move", page_client_move, LOGIN, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/clients/{id}/move", page_client_move_submit, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_P_MOVE,
             page_client_move),
    KP_ROUTE("GET", "/clients/{id}/case", page_client_case, LOGIN, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/clients/{id}/case", page_client_case_submit, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_P_CASE,
             page_client_case),
    KP_ROUTE("GET", "/clients/{id}/code", page_client_code, LOGIN, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/clients/{id}/code", page_client_code_submit, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_P_CODE,
             page_client_code),
    KP_ROUTE("GET", "/clients/{id}/representatives", page_client_representatives, LOGIN, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/clients/{id}/representatives", page_client_representatives_submit, LOGIN | CHANGE,
             KP_RM_MUNICIPAL, IN_P_REPS, page_client_representatives),
    KP_ROUTE("POST", "/clients/{id}/representatives/end", page_client_representatives_end, LOGIN | CHANGE,
             KP_RM_MUNICIPAL, IN_P_REPS, page_client_representatives),
    KP_ROUTE("GET", "/clients/{id}/residence", page_client_residence, LOGIN, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/clients/{id}/residence", page_client_residence_submit, LOGIN | CHANGE, KP_RM_MUNICIPAL,
             IN_P_RESIDENCE, page_client_residence),
    /* The contact log and tasks, the whole personal code (page_client_contacts.c) */
    KP_ROUTE("GET", "/clients/{id}/contacts", page_client_contacts, LOGIN, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/clients/{id}/contacts", page_client_contacts_submit, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_CONTACT,
             page_client_contacts),
    KP_ROUTE("GET", "/clients/{id}/tasks", page_client_tasks, LOGIN, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/clients/{id}/tasks", page_client_tasks_submit, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_TASK,
             page_client_tasks),
    KP_ROUTE("POST", "/clients/{id}/tasks/done", page_client_task_done, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_TASK_DONE,
             page_client_tasks),
    KP_ROUTE("POST", "/clients/{id}/code/show", page_client_code_show, LOGIN | CHANGE, KP_RM_MUNICIPAL, NULL, page_client),
    /* Data protection: restriction, legal basis and consent, the export (page_client_privacy.c) */
    KP_ROUTE("GET", "/clients/{id}/privacy", page_client_privacy, LOGIN, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/clients/{id}/privacy/restrict", page_client_privacy_restrict, LOGIN | CHANGE, KP_RM_MUNICIPAL,
             IN_PRIVACY_FORMS, page_client_privacy),
    KP_ROUTE("POST", "/clients/{id}/privacy/lift", page_client_privacy_lift, LOGIN | CHANGE, KP_RM_MUNICIPAL,
             IN_PRIVACY_FORMS, page_client_privacy),
    KP_ROUTE("POST", "/clients/{id}/privacy/basis", page_client_privacy_basis, LOGIN | CHANGE, KP_RM_MUNICIPAL,
             IN_PRIVACY_FORMS, page_client_privacy),
    KP_ROUTE("GET", "/clients/{id}/export", page_client_export, LOGIN, KP_RM_MUNICIPAL, IN_PRIVACY_EXPORT, NULL),
    KP_ROUTE("GET", "/privacy/record", page_privacy_record, LOGIN, KP_RM_ADMIN | KP_RM_HEAD, IN_PRIVACY_EXPORT, NULL),
    /* An assignment over time and ending a plan (page_assignment.c) */
    KP_ROUTE("GET", "/assignments/{id}", page_assignment, LOGIN, KP_RM_MUNICIPAL, IN_ASSIGNMENT, NULL),
    KP_ROUTE("POST", "/assignments/{id}/cancel", page_assignment_cancel, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_ASG_CANCEL,
             page_assignment),
    KP_ROUTE("POST", "/assignments/{id}/suspend", page_assignment_suspend, LOGIN | CHANGE, KP_RM_MUNICIPAL,
             IN_ASG_SUSPEND, page_assignment),
    KP_ROUTE("POST", "/assignments/{id}/end", page_assignment_end, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_ASG_END,
             page_assignment),
    KP_ROUTE("POST", "/assignments/{id}/resume", page_assignment_resume, LOGIN | CHANGE, KP_RM_MUNICIPAL,
             IN_ASG_RESUME, page_assignment),
    KP_ROUTE("GET", "/plans/{id}/end", page_plan_end, LOGIN, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/plans/{id}/end", page_plan_end_submit, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_PLAN_END,
             page_plan_end),
    KP_ROUTE("GET", "/referrals", page_referrals, LOGIN, KP_RM_PROVIDER, IN_REFERRALS, NULL),
    KP_ROUTE("GET", "/attendance", page_attendance, LOGIN, KP_RM_PROVIDER, IN_ATTENDANCE, NULL),
    KP_ROUTE("POST", "/attendance", page_attendance_submit, LOGIN | CHANGE, KP_RM_PROVIDER, IN_ATTENDANCE_SAVE,
             page_attendance),
    KP_ROUTE("GET", "/statement", page_statement, LOGIN, KP_RM_PROVIDER, IN_STATEMENT, NULL),
    KP_ROUTE("GET", "/caseloads", page_caseloads, LOGIN, KP_RM_HEAD, IN_CASELOADS, NULL),
    KP_ROUTE("POST", "/caseloads/reassign", page_caseloads_reassign, LOGIN | CHANGE, KP_RM_HEAD, IN_REASSIGN,
             page_caseloads),

    /* Files: the evaluation and case documents (page_files.c) */
    KP_ROUTE("GET", "/evaluation", page_evaluation, LOGIN, KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN, IN_EVALUATION,
             NULL),
    KP_ROUTE("GET", "/evaluation/file", page_evaluation_file, LOGIN, KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN,
             IN_EVALUATION_FILE, NULL),
    KP_ROUTE("GET", "/evaluation/view", page_evaluation_view, LOGIN, KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN,
             IN_EVAL_VIEW, NULL),
    KP_ROUTE("GET", "/evaluation/chapters", page_evaluation_chapters, LOGIN, KP_RM_REGION | KP_RM_ADMIN,
             IN_EVAL_CHAPTERS, NULL),
    KP_ROUTE("POST", "/evaluation/chapters", page_evaluation_chapters_save, LOGIN | CHANGE, KP_RM_REGION | KP_RM_ADMIN,
             IN_EVAL_CHAPTERS_SAVE, page_evaluation_chapters),
    KP_ROUTE("GET", "/evaluation/chapters/history", page_evaluation_chapter_history, LOGIN,
             KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN, IN_EVAL_HISTORY, NULL),
    KP_ROUTE("GET", "/evaluation/approve", page_evaluation_approve, LOGIN, KP_RM_REGION | KP_RM_ADMIN, IN_EVAL_APPROVE,
             NULL),
    KP_ROUTE("POST", "/evaluation/approve", page_evaluation_approve_submit, LOGIN | CHANGE, KP_RM_REGION | KP_RM_ADMIN,
             IN_EVAL_APPROVE_POST, page_evaluation_approve),
    KP_ROUTE("GET", "/evaluation/versions", page_evaluation_versions, LOGIN, KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN,
             IN_EVAL_APPROVE, NULL),
    KP_ROUTE("GET", "/evaluation/versions/{id}", page_evaluation_version, LOGIN,
             KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN, NULL, NULL),
    KP_ROUTE("GET", "/evaluation/versions/{id}/file", page_evaluation_version_file, LOGIN,
             KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN, IN_EVAL_VERSION_FILE, NULL),
    KP_ROUTE("GET", "/figures/records", page_figures_records, LOGIN,
             KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN | KP_RM_MUNICIPAL, IN_FIGURE_RECORDS, NULL),
    KP_ROUTE("GET", "/api/v1/figures/records", api_figure_records, LOGIN | API,
             KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN | KP_RM_MUNICIPAL, IN_FIGURE_RECORDS, NULL),
    KP_ROUTE("GET", "/plans/{id}/document", page_plan_document, LOGIN, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("GET", "/assignments/{id}/decision", page_decision_document, LOGIN, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("GET", "/assignments/{id}/referral", page_referral_document, LOGIN, KP_RM_CASEWORK, NULL, NULL),
    KP_ROUTE("GET", "/statement/document", page_statement_document, LOGIN, KP_RM_PROVIDER, IN_STATEMENT_DOC, NULL),

    /* The DI plan editor (page_diplan*.c) */
    KP_ROUTE("GET", "/di-plan", page_diplan, LOGIN, KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN, IN_DIPLAN, NULL),
    KP_ROUTE("GET", "/di-plan/objects/new", page_diplan_object_new, LOGIN, KP_RM_REGION, NULL, NULL),
    KP_ROUTE("POST", "/di-plan/objects/new", page_diplan_object_create, LOGIN | CHANGE, KP_RM_REGION,
             IN_DIPLAN_OBJECT_NEW, page_diplan_object_new),
    KP_ROUTE("GET", "/di-plan/objects/{id}", page_diplan_object, LOGIN, KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN,
             IN_DIPLAN_OBJECT, NULL),
    KP_ROUTE("POST", "/di-plan/objects/{id}/change", page_diplan_object_change, LOGIN | CHANGE, KP_RM_REGION,
             IN_DIPLAN_CHANGE, page_diplan_object),
    KP_ROUTE("POST", "/di-plan/objects/{id}/edit", page_diplan_object_edit, LOGIN | CHANGE, KP_RM_REGION,
             IN_DIPLAN_EDIT, page_diplan_object),
    KP_ROUTE("GET", "/di-plan/amendments/new", page_diplan_amendment_new, LOGIN, KP_RM_REGION,
             IN_DIPLAN_AMENDMENT_PAGE, NULL),
    KP_ROUTE("POST", "/di-plan/amendments/new", page_diplan_amendment_create, LOGIN | CHANGE, KP_RM_REGION,
             IN_DIPLAN_AMENDMENT, page_diplan_amendment_new),
    /* Compensation claims and indicators (page_claims.c, page_indicators.c) */
    KP_ROUTE("GET", "/claims", page_claims, LOGIN, KP_RM_HEAD | KP_RM_REGION, IN_CLAIMS, NULL),
    KP_ROUTE("GET", "/claims/preview", page_claims_preview, LOGIN, KP_RM_HEAD, IN_CLAIM_PREVIEW, NULL),
    KP_ROUTE("POST", "/claims/build", page_claims_build, LOGIN | CHANGE, KP_RM_HEAD, IN_CLAIM_BUILD, page_claims),
    KP_ROUTE("POST", "/claims/pay", page_claims_pay, LOGIN | CHANGE, KP_RM_REGION, IN_CLAIM_PAY, page_claims),
    KP_ROUTE("GET", "/claims/{id}", page_claim, LOGIN, KP_RM_HEAD | KP_RM_REGION, IN_CLAIM, NULL),
    KP_ROUTE("POST", "/claims/{id}/verify", page_claim_verify, LOGIN | CHANGE, KP_RM_REGION, IN_CLAIM_VERIFY,
             page_claim),
    KP_ROUTE("POST", "/claims/{id}/verify-all", page_claim_verify_all, LOGIN | CHANGE, KP_RM_REGION,
             IN_CLAIM_VERIFY_ALL, page_claim),
    KP_ROUTE("GET", "/cost", page_cost, LOGIN, KP_RM_HEAD | KP_RM_REGION | KP_RM_MINISTRY, IN_COST, NULL),
    KP_ROUTE("GET", "/indicators", page_indicators, LOGIN, KP_RM_REGION, IN_INDICATORS, NULL),
    KP_ROUTE("POST", "/indicators/value", page_indicator_value, LOGIN | CHANGE, KP_RM_REGION, IN_INDICATOR_VALUE,
             page_indicators),
    KP_ROUTE("POST", "/indicators/correct", page_indicator_correct, LOGIN | CHANGE, KP_RM_REGION, IN_INDICATOR_CORRECT,
             page_indicators),

    /* Data quality (page_check.c) */
    KP_ROUTE("GET", "/need", page_need, LOGIN, KP_RM_HEAD | KP_RM_REGION | KP_RM_MINISTRY, IN_NEED, NULL),
    KP_ROUTE("GET", "/cooperation", page_cooperation, LOGIN, KP_RM_REGION | KP_RM_MINISTRY | KP_RM_HEAD | KP_RM_ADMIN,
             IN_COOPERATION, NULL),
    KP_ROUTE("POST", "/cooperation/new", page_cooperation_create, LOGIN | CHANGE, KP_RM_REGION | KP_RM_ADMIN,
             IN_COOPERATION_NEW, page_cooperation),
    KP_ROUTE("GET", "/cooperation/{id}", page_cooperation_one, LOGIN,
             KP_RM_REGION | KP_RM_MINISTRY | KP_RM_HEAD | KP_RM_ADMIN, IN_COOPERATION, NULL),
    KP_ROUTE("POST", "/cooperation/{id}/end", page_cooperation_end, LOGIN | CHANGE, KP_RM_REGION | KP_RM_ADMIN,
             IN_COOPERATION_END, page_cooperation_one),
    KP_ROUTE("POST", "/cooperation/{id}/correct", page_cooperation_correct, LOGIN | CHANGE, KP_RM_REGION | KP_RM_ADMIN,
             IN_COOPERATION_CORRECT, page_cooperation_one),
    KP_ROUTE("GET", "/check", page_check, LOGIN, KP_RM_HEAD | KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN, IN_CHECK,
             NULL),

    /* JSON API (docs/openapi.yaml) */
    KP_ROUTE("POST", "/api/v1/login", api_login, PUB | API | JSON | KP_R_NO_CSRF, 0, IN_API_LOGIN, NULL),
    KP_ROUTE("POST", "/api/v1/logout", api_logout, LOGIN | API | CHANGE, KP_RM_ANY, NULL, NULL),
    KP_ROUTE("GET", "/api/v1/me", api_me, LOGIN | API, KP_RM_ANY, NULL, NULL),
    KP_ROUTE("GET", "/api/v1/evaluation/chapters", api_evaluation_chapters, LOGIN | API,
             KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN, IN_EVAL_APPROVE, NULL),
    KP_ROUTE("POST", "/api/v1/evaluation/chapters", api_evaluation_chapter_save, LOGIN | API | CHANGE | JSON,
             KP_RM_REGION | KP_RM_ADMIN, IN_API_EVAL_CHAPTER, NULL),
    KP_ROUTE("GET", "/api/v1/evaluation/chapters/history", api_evaluation_chapter_history, LOGIN | API,
             KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN, IN_EVAL_HISTORY, NULL),
    KP_ROUTE("POST", "/api/v1/evaluation/approve", api_evaluation_approve, LOGIN | API | CHANGE | JSON,
             KP_RM_REGION | KP_RM_ADMIN, IN_API_EVAL_APPROVE, NULL),
    KP_ROUTE("GET", "/api/v1/evaluation/versions", api_evaluation_versions, LOGIN | API,
             KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN, IN_EVAL_APPROVE, NULL),
    KP_ROUTE("GET", "/api/v1/evaluation/versions/{id}", api_evaluation_version, LOGIN | API,
             KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN, NULL, NULL),
    KP_ROUTE("GET", "/api/v1/clients", api_clients_list, LOGIN | API, KP_RM_CASEWORK, IN_API_CLIENTS, NULL),
    KP_ROUTE("POST", "/api/v1/clients/search", api_clients_list, LOGIN | API | CHANGE | JSON, KP_RM_CASEWORK,
             IN_API_CLIENTS_SEARCH, NULL),
    KP_ROUTE("GET", "/api/v1/clients/{id}", api_client_get, LOGIN | API, KP_RM_CASEWORK, IN_API_CLIENT, NULL),
    KP_ROUTE("POST", "/api/v1/clients", api_client_create, LOGIN | API | CHANGE | JSON, KP_RM_MUNICIPAL,
             IN_API_CLIENT_NEW, NULL),
    KP_ROUTE("GET", "/api/v1/clients/{id}/history", api_client_history, LOGIN | API, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("GET", "/api/v1/clients/{id}/versions", api_client_versions, LOGIN | API, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("GET", "/api/v1/clients/{id}/representatives", api_client_representatives, LOGIN | API, KP_RM_MUNICIPAL,
             IN_API_REPS_AT, NULL),
    KP_ROUTE("POST", "/api/v1/clients/{id}/corrections", api_client_correct, LOGIN | API | CHANGE | JSON,
             KP_RM_MUNICIPAL, IN_API_CORRECT, NULL),
    KP_ROUTE("POST", "/api/v1/clients/{id}/moves", api_client_move, LOGIN | API | CHANGE | JSON, KP_RM_MUNICIPAL,
             IN_API_MOVE, NULL),
    KP_ROUTE("POST", "/api/v1/clients/{id}/case-status", api_client_case_status, LOGIN | API | CHANGE | JSON,
             KP_RM_MUNICIPAL, IN_API_CASE, NULL),
    KP_ROUTE("POST", "/api/v1/clients/{id}/personal-code", api_client_code_change, LOGIN | API | CHANGE | JSON,
             KP_RM_MUNICIPAL, IN_API_CODE, NULL),
    KP_ROUTE("POST", "/api/v1/clients/{id}/representatives", api_client_representative_link,
             LOGIN | API | CHANGE | JSON, KP_RM_MUNICIPAL, IN_API_REP, NULL),
    KP_ROUTE("POST", "/api/v1/clients/{id}/representatives/end", api_client_representative_end,
             LOGIN | API | CHANGE | JSON, KP_RM_MUNICIPAL, IN_API_REP_END, NULL),
    KP_ROUTE("POST", "/api/v1/clients/{id}/residence-moves", api_client_residence_move, LOGIN | API | CHANGE | JSON,
             KP_RM_MUNICIPAL, IN_API_RESIDENCE, NULL),
    KP_ROUTE("GET", "/api/v1/assignments/{id}", api_assignment_get, LOGIN | API, KP_RM_CASEWORK, IN_API_AT, NULL),
    KP_ROUTE("POST", "/api/v1/assignments/{id}/cancel", api_assignment_cancel, LOGIN | API | CHANGE | JSON,
             KP_RM_MUNICIPAL, IN_API_CANCEL, NULL),
    KP_ROUTE("POST", "/api/v1/assignments/{id}/suspend", api_assignment_suspend, LOGIN | API | CHANGE | JSON,
             KP_RM_MUNICIPAL, IN_API_SUSPEND, NULL),
    KP_ROUTE("POST", "/api/v1/assignments/{id}/end", api_assignment_end, LOGIN | API | CHANGE | JSON, KP_RM_MUNICIPAL,
             IN_API_END, NULL),
    KP_ROUTE("POST", "/api/v1/suspensions/{id}/resume", api_suspension_resume, LOGIN | API | CHANGE | JSON,
             KP_RM_MUNICIPAL, IN_API_RESUME, NULL),
    KP_ROUTE("POST", "/api/v1/clients/{id}/assignments", api_client_assign, LOGIN | API | CHANGE | JSON,
             KP_RM_MUNICIPAL, IN_API_ASSIGN, NULL),
    KP_ROUTE("GET", "/api/v1/clients/{id}/providers", api_client_providers, LOGIN | API, KP_RM_MUNICIPAL,
             IN_API_PROVIDERS, NULL),
    KP_ROUTE("POST", "/api/v1/plans/{id}/approve", api_plan_approve, LOGIN | API | CHANGE | JSON, KP_RM_MUNICIPAL,
             IN_API_APPROVE, NULL),
    KP_ROUTE("GET", "/api/v1/plans/{id}", api_plan_get, LOGIN | API, KP_RM_MUNICIPAL, IN_API_AT, NULL),
    KP_ROUTE("POST", "/api/v1/plans/{id}/end", api_plan_end, LOGIN | API | CHANGE | JSON, KP_RM_MUNICIPAL, IN_PLAN_END,
             NULL),
    KP_ROUTE("GET", "/api/v1/audit", api_audit, LOGIN | API, KP_RM_ADMIN, IN_API_AUDIT, NULL),
    KP_ROUTE("GET", "/api/v1/need", api_need, LOGIN | API, KP_RM_HEAD | KP_RM_REGION | KP_RM_MINISTRY, IN_NEED, NULL),
    KP_ROUTE("POST", "/api/v1/cooperation", api_cooperation_add, LOGIN | API | CHANGE | JSON, KP_RM_REGION | KP_RM_ADMIN,
             IN_API_COOPERATION, NULL),
    KP_ROUTE("GET", "/api/v1/cooperation", api_cooperation_list, LOGIN | API,
             KP_RM_REGION | KP_RM_MINISTRY | KP_RM_HEAD | KP_RM_ADMIN, IN_COOPERATION, NULL),
    KP_ROUTE("GET", "/api/v1/cooperation/{id}", api_cooperation_one, LOGIN | API,
             KP_RM_REGION | KP_RM_MINISTRY | KP_RM_HEAD | KP_RM_ADMIN, IN_API_AT_ONLY, NULL),
    KP_ROUTE("POST", "/api/v1/cooperation/{id}/end", api_cooperation_end, LOGIN | API | CHANGE | JSON,
             KP_RM_REGION | KP_RM_ADMIN, IN_COOPERATION_END, NULL),
    KP_ROUTE("POST", "/api/v1/cooperation/{id}/corrections", api_cooperation_correct, LOGIN | API | CHANGE | JSON,
             KP_RM_REGION | KP_RM_ADMIN, IN_API_COOPERATION_FIX, NULL),
    KP_ROUTE("GET", "/api/v1/progress", api_progress, LOGIN | API, KP_RM_HEAD | KP_RM_REGION | KP_RM_MINISTRY,
             IN_API_FIGURES, NULL),
    KP_ROUTE("GET", "/api/v1/cost", api_cost, LOGIN | API, KP_RM_HEAD | KP_RM_REGION | KP_RM_MINISTRY, IN_API_FIGURES,
             NULL),
    KP_ROUTE("GET", "/api/v1/check", api_check, LOGIN | API, KP_RM_HEAD | KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN,
             IN_API_CHECK, NULL),
    KP_ROUTE("GET", "/api/v1/clients/{id}/contacts", api_client_contacts, LOGIN | API, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/api/v1/clients/{id}/contacts", api_client_contact_add, LOGIN | API | CHANGE | JSON,
             KP_RM_MUNICIPAL, IN_CONTACT, NULL),
    KP_ROUTE("GET", "/api/v1/clients/{id}/tasks", api_client_tasks, LOGIN | API, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/api/v1/clients/{id}/tasks", api_client_task_add, LOGIN | API | CHANGE | JSON, KP_RM_MUNICIPAL,
             IN_TASK, NULL),
    KP_ROUTE("POST", "/api/v1/clients/{id}/tasks/done", api_client_task_done, LOGIN | API | CHANGE | JSON,
             KP_RM_MUNICIPAL, IN_TASK_DONE, NULL),
    KP_ROUTE("GET", "/api/v1/tasks", api_my_tasks, LOGIN | API, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("GET", "/api/v1/clients/{id}/privacy", api_client_privacy, LOGIN | API, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/api/v1/clients/{id}/restriction", api_client_restrict, LOGIN | API | CHANGE | JSON,
             KP_RM_MUNICIPAL, IN_PRIVACY_REASON, NULL),
    KP_ROUTE("POST", "/api/v1/clients/{id}/restriction/lift", api_client_lift, LOGIN | API | CHANGE | JSON,
             KP_RM_MUNICIPAL, IN_PRIVACY_REASON, NULL),
    KP_ROUTE("POST", "/api/v1/clients/{id}/legal-bases", api_client_basis, LOGIN | API | CHANGE | JSON,
             KP_RM_MUNICIPAL, IN_PRIVACY_BASIS, NULL),
    KP_ROUTE("GET", "/api/v1/clients/{id}/export", api_client_export, LOGIN | API, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("GET", "/api/v1/privacy/purposes", api_privacy_purposes, LOGIN | API, KP_RM_ADMIN | KP_RM_HEAD, NULL,
             NULL),
    KP_ROUTE("GET", "/api/v1/claims/preview", api_claim_preview, LOGIN | API, KP_RM_HEAD, IN_API_CLAIM_PREVIEW, NULL),
    KP_ROUTE("POST", "/api/v1/claims", api_claim_create, LOGIN | API | CHANGE | JSON, KP_RM_HEAD, IN_API_CLAIM_NEW,
             NULL),
    KP_ROUTE("POST", "/api/v1/claims/{id}/verify-all", api_claim_verify_all, LOGIN | API | CHANGE | JSON, KP_RM_REGION,
             IN_CLAIM_VERIFY_ALL, NULL),
    KP_ROUTE("GET", "/api/v1/di-plan", api_diplan, LOGIN | API, KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN, IN_DIPLAN,
             NULL),
    KP_ROUTE("GET", "/api/v1/di-plan/objects/{id}", api_diplan_object, LOGIN | API,
             KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN, IN_DIPLAN_OBJECT, NULL),
    KP_ROUTE("POST", "/api/v1/di-plan/objects", api_diplan_object_create, LOGIN | API | CHANGE | JSON, KP_RM_REGION,
             IN_API_DIPLAN_OBJECT_NEW, NULL),
    KP_ROUTE("POST", "/api/v1/di-plan/objects/{id}/changes", api_diplan_object_change, LOGIN | API | CHANGE | JSON,
             KP_RM_REGION, IN_API_DIPLAN_CHANGE, NULL),
    KP_ROUTE("POST", "/api/v1/di-plan/objects/{id}/facts", api_diplan_object_edit, LOGIN | API | CHANGE | JSON,
             KP_RM_REGION, IN_API_DIPLAN_EDIT, NULL),
    KP_ROUTE("POST", "/api/v1/di-plan/amendments", api_diplan_amendment_create, LOGIN | API | CHANGE | JSON,
             KP_RM_REGION, IN_API_DIPLAN_AMENDMENT, NULL),
    KP_ROUTE("POST", "/api/v1/indicators/{id}/corrections", api_indicator_correct, LOGIN | API | CHANGE | JSON,
             KP_RM_REGION | KP_RM_ADMIN, IN_API_VALUE_FIX, NULL),
    KP_ROUTE("POST", "/api/v1/compensation-payments/{id}/corrections", api_compensation_correct,
             LOGIN | API | CHANGE | JSON, KP_RM_REGION | KP_RM_ADMIN, IN_API_MONEY_FIX, NULL),
    KP_ROUTE("POST", "/api/v1/payment-requests/{id}/corrections", api_payment_request_correct,
             LOGIN | API | CHANGE | JSON, KP_RM_REGION | KP_RM_ADMIN, IN_API_MONEY_FIX, NULL),
    KP_ROUTE("POST", "/api/v1/providers/{id}/closure", api_provider_close, LOGIN | API | CHANGE | JSON, KP_RM_ADMIN,
             IN_API_CLOSE, NULL),
    KP_ROUTE("POST", "/api/v1/facilities/{id}/closure", api_facility_close, LOGIN | API | CHANGE | JSON,
             KP_RM_ADMIN | KP_RM_PROVIDER, IN_API_CLOSE, NULL),
    KP_ROUTE("POST", "/api/v1/facility-services/{id}/places", api_facility_places, LOGIN | API | CHANGE | JSON,
             KP_RM_ADMIN | KP_RM_PROVIDER, IN_API_PLACES, NULL),

    /* The public catalogue: no login, no personal data (page_public_services.c, api_public.c) */
    KP_ROUTE("GET", "/pakalpojumi", page_public_services, PUB, 0, IN_PUBLIC, NULL),
    KP_ROUTE("GET", "/en/services", page_public_services, PUB, 0, IN_PUBLIC, NULL),
    KP_ROUTE("GET", "/api/v1/public/services", api_public_services, PUB | API, 0, IN_API_PUBLIC, NULL),
    KP_ROUTE("POST", "/api/v1/facilities/{id}/public", api_facility_public, LOGIN | API | CHANGE | JSON,
             KP_RM_ADMIN | KP_RM_PROVIDER, IN_API_FACTS, NULL),
    KP_ROUTE("POST", "/api/v1/providers/{id}/public", api_provider_public, LOGIN | API | CHANGE | JSON,
             KP_RM_ADMIN | KP_RM_PROVIDER, IN_API_FACTS, NULL),
    KP_ROUTE("POST", "/api/v1/municipalities/{name}/social-service", api_social_service, LOGIN | API | CHANGE | JSON,
             KP_RM_ADMIN | KP_RM_HEAD, IN_API_FACTS, NULL),
    /* Applying online: public, in Latvian and English; sessionless forms
     * carry a signed token (SIGNED); the JSON calls take JSON only. */
    KP_ROUTE("GET", "/pieteikums", page_apply, PUB, 0, IN_APPLY_PAGE, NULL),
    KP_ROUTE("POST", "/pieteikums", page_apply_submit, PUB | SIGNED, 0, IN_APPLY, page_apply),
    KP_ROUTE("GET", "/pieteikums/privatums", page_apply_privacy, PUB, 0, NULL, NULL),
    KP_ROUTE("GET", "/pieteikums/statuss", page_apply_status, PUB, 0, NULL, NULL),
    KP_ROUTE("POST", "/pieteikums/statuss", page_apply_status_submit, PUB | SIGNED, 0, IN_APPLY_PAIR, page_apply_status),
    KP_ROUTE("POST", "/pieteikums/atbilde", page_apply_answer, PUB | SIGNED, 0, IN_APPLY_PAIR, page_apply_status),
    KP_ROUTE("POST", "/pieteikums/kvits", page_apply_receipt, PUB | SIGNED, 0, IN_APPLY_PAIR, page_apply_status),
    KP_ROUTE("GET", "/en/apply", page_apply, PUB, 0, IN_APPLY_PAGE, NULL),
    KP_ROUTE("POST", "/en/apply", page_apply_submit, PUB | SIGNED, 0, IN_APPLY, page_apply),
    KP_ROUTE("GET", "/en/apply/privacy", page_apply_privacy, PUB, 0, NULL, NULL),
    KP_ROUTE("GET", "/en/apply/status", page_apply_status, PUB, 0, NULL, NULL),
    KP_ROUTE("POST", "/en/apply/status", page_apply_status_submit, PUB | SIGNED, 0, IN_APPLY_PAIR, page_apply_status),
    KP_ROUTE("POST", "/en/apply/answer", page_apply_answer, PUB | SIGNED, 0, IN_APPLY_PAIR, page_apply_status),
    KP_ROUTE("POST", "/en/apply/receipt", page_apply_receipt, PUB | SIGNED, 0, IN_APPLY_PAIR, page_apply_status),
    KP_ROUTE("GET", "/applications", page_intake, LOGIN, KP_RM_MUNICIPAL, IN_INTAKE, NULL),
    KP_ROUTE("GET", "/applications/{id}", page_intake_application, LOGIN, KP_RM_MUNICIPAL, IN_INTAKE_ONE, NULL),
    KP_ROUTE("POST", "/applications/{id}/accept", page_intake_accept, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_INTAKE_ACT,
             page_intake_application),
    KP_ROUTE("POST", "/applications/{id}/ask", page_intake_ask, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_INTAKE_ACT,
             page_intake_application),
    KP_ROUTE("POST", "/applications/{id}/refuse", page_intake_refuse, LOGIN | CHANGE, KP_RM_MUNICIPAL, IN_INTAKE_ACT,
             page_intake_application),
    KP_ROUTE("POST", "/api/v1/public/applications", api_apply_submit, PUB | API | JSON | KP_R_NO_CSRF, 0, IN_API_APPLY,
             NULL),
    KP_ROUTE("POST", "/api/v1/public/applications/status", api_apply_status, PUB | API | JSON | KP_R_NO_CSRF, 0,
             IN_APPLY_PAIR, NULL),
    KP_ROUTE("POST", "/api/v1/public/applications/answer", api_apply_answer, PUB | API | JSON | KP_R_NO_CSRF, 0,
             IN_APPLY_PAIR, NULL),
    KP_ROUTE("GET", "/api/v1/applications", api_intake_list, LOGIN | API, KP_RM_MUNICIPAL, IN_API_INTAKE, NULL),
    KP_ROUTE("GET", "/api/v1/applications/{id}", api_intake_get, LOGIN | API, KP_RM_MUNICIPAL, NULL, NULL),
    KP_ROUTE("POST", "/api/v1/applications/{id}/accept", api_intake_accept, LOGIN | API | CHANGE | JSON,
             KP_RM_MUNICIPAL, IN_INTAKE_ACT, NULL),
    KP_ROUTE("POST", "/api/v1/applications/{id}/ask", api_intake_ask, LOGIN | API | CHANGE | JSON, KP_RM_MUNICIPAL,
             IN_INTAKE_ACT, NULL),
    KP_ROUTE("POST", "/api/v1/applications/{id}/refuse", api_intake_refuse, LOGIN | API | CHANGE | JSON,
             KP_RM_MUNICIPAL, IN_INTAKE_ACT, NULL),
};

const size_t kp_route_count = sizeof kp_routes / sizeof kp_routes[0];
