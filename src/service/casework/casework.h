/* The daily work in the browser: a social worker's caseload, the client card
 * (with what changed between two support plan versions), provider staff's
 * referrals, group attendance and monthly statements, the municipal head's
 * caseload distribution, and form submits that are safe to repeat.
 *
 * Every call takes a kp_ctx and decides scope here (access.h); every client
 * whose data a call returns leaves an audit record ("view" for a card, "list"
 * for a row in a list). Lists returned are owned by the caller and released
 * with their _free function, also after a failure (they are then empty).
 * Writes are all-or-nothing and leave audit records; their per-field errors
 * go to a kp_errors in ctx->lang, with `line` set to the 1-based row of a
 * multi-row form (0 for the form's own fields). */
#ifndef KOPA_SERVICE_CASEWORK_H
#define KOPA_SERVICE_CASEWORK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/casework/cases.h"
#include "service/ctx.h"
#include "service/errors.h"
#include "service/casework/queries.h"

/* How far ahead "due soon" looks, in days. */
#define KP_CASEWORK_SOON_DAYS 30

/* ---- Choices for forms (catalogues in the caller's language) ---------- */

/* Names of services and providers are up to 200 bytes (the catalogue's
 * and the provider form's validation): their fields here hold 208. */
typedef struct kp_option {
    char code[32];    /* service/target group code, ATVK code or provider id */
    char name[208];   /* in ctx->lang */
    char unit[16];    /* services: hour, day, night, session, month */
    char parent[32];  /* services: parent code ("" for top level) */
} kp_option;

typedef struct kp_options {
    kp_option *items;
    size_t n, cap;
} kp_options;

void kp_options_free(kp_options *o);
/* Service types in catalogue order. */
kp_rc kp_cw_service_options(kp_ctx *ctx, kp_options *out);
/* Target groups. */
kp_rc kp_cw_target_group_options(kp_ctx *ctx, kp_options *out);
/* Municipalities in force today; for social workers and heads only their
 * own (and none other, since they may register clients only there). */
kp_rc kp_cw_municipality_options(kp_ctx *ctx, kp_options *out);
/* Providers not closed today, by name; with `service` (may be NULL/"")
 * only those with a facility offering it or its parent service. */
kp_rc kp_cw_provider_options(kp_ctx *ctx, const char *service, kp_options *out);

/* One provider a worker may choose for a client's service. */
typedef struct kp_provider_choice {
    int64_t id;
    char name[208];
    char where[256];          /* municipalities of its facilities that count, by name */
    int64_t places;           /* places of those facilities for the service; -1 unknown */
    int64_t taken;            /* its assignments of the service in force or suspended on the date */
    int64_t free_places;      /* places - taken (never below 0); -1 unknown or no service given */
    bool nearby;              /* in the client's municipality or a neighbour */
} kp_provider_choice;

typedef struct kp_provider_choices {
    kp_provider_choice *items; /* by name (cmp), then id */
    size_t n, cap;
    bool widened;             /* nobody nearby offers it: every provider that does */
} kp_provider_choices;

void kp_provider_choices_free(kp_provider_choices *c);
/* Providers for `service` (NULL/"" = any service) of client `client_id` on
 * `on` (ISO; NULL/"" = today): not closed, with a facility open on that
 * date that offers the service or its parent, in the client's municipality
 * on that date or a neighbour of it — a municipality it has a cooperation
 * row with, in either direction (docs/web.md). When none is nearby, every
 * provider offering it (widened). Places are those of the counted
 * facilities; taken are the provider's assignments of the same service
 * family in force or suspended on the date (services.h's status). Sorted
 * by name through `cmp` (NULL: byte order). KP_ENOTFOUND for a client
 * outside the scope; KP_EINVAL for a bad date or NULLs. */
kp_rc kp_cw_provider_choices(kp_ctx *ctx, int64_t client_id, const char *service, const char *on, kp_name_cmp cmp,
                             void *cmp_arg, kp_provider_choices *out);

/* ---- Form submits that are safe to repeat ----------------------------- */

typedef kp_rc (*kp_cw_write_fn)(kp_ctx *ctx, void *arg, kp_errors *e, int64_t *id_out);

/* The one repeat-safe submit (commands.h runs every command through it):
 * runs `fn` in one transaction that holds the records' write lock from the
 * start, once per one-time form token or Idempotency-Key (drafts.h): looks
 * the token up; when it was used already, runs nothing, sets *repeated and
 * gives the first submit's record id in *id_out. Otherwise runs fn and
 * marks the token used together with what fn wrote, so either both stay or
 * neither does; a failing fn leaves nothing. A NULL/empty token or a
 * context without a logged-in user (ctx->user_id 0) runs fn in the
 * transaction without the token check. `now` is Unix seconds.
 * Returns fn's result; id_out and repeated may be NULL. */
kp_rc kp_cw_once(kp_ctx *ctx, const char *token, int64_t now, kp_cw_write_fn fn, void *arg, kp_errors *e,
                 int64_t *id_out, bool *repeated);

/* KP_CMD_REGISTER_CLIENT (commands.h), confirmed: registers a client
 * (cases.h) and, when the caller is a social worker, makes them the
 * client's responsible worker — in one transaction, for the form and the
 * API alike. A check-digit warning is added to e after the write. */
kp_rc kp_cw_client_register(kp_ctx *ctx, const kp_client_in *in, const char *token, int64_t now, kp_errors *e,
                            int64_t *id_out, bool *repeated);
/* kp_assessment_record behind a form token. */
kp_rc kp_cw_assessment_record(kp_ctx *ctx, const kp_assessment_in *in, const char *token, int64_t now, kp_errors *e,
                              int64_t *id_out, bool *repeated);
/* KP_CMD_ASSIGN_SERVICE, confirmed (warnings not reported): kp_assignment_create
 * behind a form token; a rule's refusal is KP_ERULE with the sentence on the
 * field to change ("units" or "hours_per_week"). */
kp_rc kp_cw_assignment_create(kp_ctx *ctx, const kp_assignment_in *in, const char *token, int64_t now, kp_errors *e,
                              int64_t *id_out, bool *repeated);

typedef struct kp_cw_item_in {
    const char *service, *volume, *provider_id, *start_date, *end_date, *goal;
} kp_cw_item_in;

typedef struct kp_cw_plan_in {
    const char *client_id;
    const char *plan_id;      /* a draft to change in place; "" = a new version */
    const char *goals;
    const char *review_on;
    const char *created_on;   /* new versions only */
    const kp_cw_item_in *items;
    size_t n_items;           /* rows whose fields are all blank are skipped */
} kp_cw_plan_in;

/* Writes a support plan with its services in one go: a new draft version,
 * or (plan_id given) the draft itself, whose services are then replaced.
 * An approved plan is never changed: it changes by a new version, which
 * supersedes it when approved. Item errors carry their row in `line`.
 * KP_EINVAL when plan_id is not a draft of this client. *id_out: plan id. */
kp_rc kp_cw_plan_save(kp_ctx *ctx, const kp_cw_plan_in *in, const char *token, int64_t now, kp_errors *e,
                      int64_t *id_out, bool *repeated);
/* kp_plan_approve behind a form token, for the plan `plan_id` of the
 * client `client_id` (the one in the URL): KP_ENOTFOUND when the client is
 * outside the scope or the plan is not that client's. */
kp_rc kp_cw_plan_approve(kp_ctx *ctx, int64_t client_id, int64_t plan_id, const char *approved_on, const char *token,
                         int64_t now, kp_errors *e, bool *repeated);

/* ---- A social worker's caseload --------------------------------------- */

typedef struct kp_cw_client {
    int64_t id;
    char given_name[104];
    char family_name[104];
    char birth_date[11];
    char target_group[16];
    int64_t respite_used;     /* respite days granted this calendar year */
    int64_t worker_id;        /* responsible social worker, 0 = none */
} kp_cw_client;

typedef struct kp_cw_clients {
    kp_cw_client *items;
    size_t n, cap;
    size_t total;             /* before limit/offset */
} kp_cw_clients;

void kp_cw_clients_free(kp_cw_clients *c);

typedef struct kp_cw_due {
    int64_t client_id;
    char given_name[104];
    char family_name[104];
    int64_t record_id;        /* support_plan id (reviews) or assignment id (endings) */
    int version;              /* plan version; 0 for assignments */
    char service[32];         /* assignments */
    char service_name[208];
    char date[11];            /* review_on or end_date, ISO */
    bool overdue;             /* the date is before today */
} kp_cw_due;

typedef struct kp_cw_dues {
    kp_cw_due *items;
    size_t n, cap;
    size_t total;             /* before offset/limit (kp_caseload_view) */
} kp_cw_dues;

typedef struct kp_cw_delivery {
    int64_t id;
    int64_t assignment_id;
    int64_t client_id;
    char given_name[104];
    char family_name[104];
    char service[32];
    char service_name[208];
    char unit[16];
    char provider[208];
    char delivered_on[11];
    int64_t units;
    bool confirmed;
} kp_cw_delivery;

typedef struct kp_cw_deliveries {
    kp_cw_delivery *items;
    size_t n, cap;
    size_t total;
} kp_cw_deliveries;

void kp_cw_deliveries_free(kp_cw_deliveries *d);

typedef struct kp_caseload {
    kp_cw_clients clients;        /* my clients by family and given name */
    kp_cw_dues reviews;           /* approved plans to review within 30 days or overdue */
    kp_cw_dues ending;            /* active assignments ending in the next 30 days */
    kp_cw_deliveries unconfirmed; /* deliveries to my clients not confirmed yet (newest 500) */
} kp_caseload;

void kp_caseload_free(kp_caseload *c);

/* The caller's own caseload (clients whose responsible worker is
 * ctx->user_id), as of today (ctx->now). One "list" audit record per
 * client. KP_EDENIED for roles without a caseload (provider, region,
 * ministry, admin) or without a user. */
kp_rc kp_caseload_mine(kp_ctx *ctx, kp_caseload *out);

/* Unconfirmed deliveries read at most (the newest). */
#define KP_CASELOAD_UNCONFIRMED_MAX 500

/* Which part of the caseload a page shows. */
typedef enum kp_caseload_list {
    KP_CASELOAD_ALL = 0,         /* every list, each from `offset`, at most `limit` rows */
    KP_CASELOAD_CLIENTS = 1,     /* one list only; the others come back empty with */
    KP_CASELOAD_REVIEWS = 2,     /* their totals */
    KP_CASELOAD_ENDING = 3,
    KP_CASELOAD_UNCONFIRMED = 4,
} kp_caseload_list;

typedef struct kp_caseload_view {
    kp_caseload_list list;
    size_t offset, limit;        /* limit 0: no limit */
    size_t top_clients;          /* KP_CASELOAD_ALL: the clients list's limit instead (0: limit) */
    const char *q;               /* clients: every word in the name (case and
                                    diacritics aside), or a birth date; NULL/"" all */
    const char *group;           /* clients: this target group; NULL/"" all */
    const char *sort;            /* clients: "name" (default), "birth", "group", "respite" */
    bool desc;
    /* Clients' names in this order (kp_collate_lv for Latvian order);
     * NULL: byte order. */
    int (*collate)(const char *a, const char *b, void *arg);
    void *collate_arg;
} kp_caseload_view;

/* The caller's own caseload as kp_caseload_mine reads it, but only the rows
 * a page shows leave the service and are audited: clients filtered (q,
 * group), sorted, then each list cut to [offset, offset + limit). One
 * "list" access record per client named in a row that comes back (in any
 * of the lists), none for the others. Counts: clients.total = the whole
 * caseload, clients_matched = after the filter; reviews.total,
 * ending.total, unconfirmed.total = the whole list. KP_EINVAL for NULL
 * arguments or an unknown list; KP_EDENIED as kp_caseload_mine. */
kp_rc kp_caseload_view_of(kp_ctx *ctx, const kp_caseload_view *v, kp_caseload *out, size_t *clients_matched);

/* Marks deliveries confirmed by the municipality (social workers and heads
 * of the client's municipality, or the system). All or nothing: one
 * delivery outside the scope (KP_ENOTFOUND) confirms none. Already
 * confirmed ones count as done. *done (may be NULL) = number confirmed now. */
kp_rc kp_deliveries_confirm(kp_ctx *ctx, const int64_t *ids, size_t n, size_t *done);

/* ---- The client card -------------------------------------------------- */

typedef struct kp_card_assessment {
    int64_t id;
    int round;
    char assessed_on[11];
    char place[16];
    char assessor[208];
    char needs[32][32];       /* service codes */
    size_t n_needs;
} kp_card_assessment;

typedef struct kp_card_item {
    int64_t id;
    char service[32];
    char service_name[204];  /* up to 200 bytes (catalogue) */
    char unit[16];
    int64_t volume;
    int64_t provider_id;      /* 0 = none */
    char provider[204];      /* up to 200 bytes (providers.c) */
    char start_date[11];
    char end_date[11];
    char goal[2004];
} kp_card_item;

typedef struct kp_card_plan {
    int64_t id;
    int version;
    char status[16];          /* draft, approved, superseded */
    char goals[4004];
    char review_on[11];
    char created_on[11];
    char approved_on[11];
    kp_card_item *items;
    size_t n_items;
} kp_card_plan;

typedef struct kp_card_assignment {
    int64_t id;
    int64_t plan_item_id;     /* 0 = none */
    int64_t provider_id;      /* 0 = none */
    char service[32];
    char service_name[204];  /* up to 200 bytes (catalogue) */
    char unit[16];
    char provider[204];      /* up to 200 bytes (providers.c) */
    char start_date[11];
    char end_date[11];
    char decided_on[11];
    char mode[8];
    char status[16];
    int64_t units;
    int64_t hours_per_week;   /* 0 = none */
    int64_t delivered;        /* units delivered so far */
} kp_card_assignment;

typedef struct kp_card {
    kp_client_row client;
    int64_t worker_id;        /* responsible social worker, 0 = none */
    char worker[72];          /* their user name */
    int64_t respite_used;     /* respite days granted this calendar year */
    kp_card_assessment *assessments; /* newest round first */
    size_t n_assessments;
    kp_card_plan *plans;      /* newest version first */
    size_t n_plans;
    kp_card_assignment *assignments; /* newest start first */
    size_t n_assignments;
    kp_cw_deliveries deliveries;     /* newest first, at most 200 (total has all) */
} kp_card;

void kp_card_free(kp_card *c);
/* Everything on a client's card. One "view" audit record. KP_ENOTFOUND
 * outside the scope; KP_EDENIED for roles that see no client cards.
 * Provider staff see only their own provider's assignments and deliveries
 * and no assessments or plans. */
kp_rc kp_card_load(kp_ctx *ctx, int64_t client_id, kp_card *out);
/* The card's reads as one read transaction (issue 10: outside one, each of
 * the card's statements took and released SQLite's read lock; inside, the
 * lock is taken once and every section reads the same records). The page
 * begins it before its first read and ends it on every path, the failed
 * ones too, before it returns — so before the server waits for the group
 * commit of its access records: a read transaction writes nothing, the
 * records stay in ctx->access_batch until the front end's flush. The end
 * commits when rc is KP_OK and rolls back otherwise; it returns rc, or the
 * commit's failure. KP_EINVAL for a NULL ctx (begin and end). */
kp_rc kp_card_reads_begin(kp_ctx *ctx);
kp_rc kp_card_reads_end(kp_ctx *ctx, kp_rc rc);

/* ---- What changed between two plan versions --------------------------- */

typedef enum kp_diff_kind {
    KP_DIFF_ADDED = 1,
    KP_DIFF_REMOVED = 2,
    KP_DIFF_CHANGED = 3,
} kp_diff_kind;

/* Bits of kp_plan_change.fields: what differs in a changed item. */
#define KP_DIFF_VOLUME 1u
#define KP_DIFF_START 2u
#define KP_DIFF_END 4u
#define KP_DIFF_PROVIDER 8u
#define KP_DIFF_GOAL 16u

typedef struct kp_plan_change {
    kp_diff_kind kind;
    unsigned fields;          /* KP_DIFF_* for KP_DIFF_CHANGED */
    kp_card_item before;      /* removed and changed */
    kp_card_item after;       /* added and changed */
} kp_plan_change;

typedef struct kp_plan_diff {
    int version_a, version_b;
    bool goals_changed;
    bool review_changed;
    char review_a[11], review_b[11];
    kp_plan_change *items;    /* by service code */
    size_t n;
} kp_plan_diff;

void kp_plan_diff_free(kp_plan_diff *d);
/* Compares two versions of one client's support plan, `a` the earlier view
 * and `b` the later (any order is allowed). Items are paired by service
 * (identical items first, then the same service in date order): an item
 * whose service changed shows as removed plus added. Audited as a view of
 * the client. KP_EINVAL when the plans belong to different clients;
 * KP_ENOTFOUND when either is missing or outside the scope, or (client_id
 * not 0: the client in the URL) is not that client's. */
kp_rc kp_plan_diff_load(kp_ctx *ctx, int64_t client_id, int64_t plan_a, int64_t plan_b, kp_plan_diff *out);

/* ---- Provider staff --------------------------------------------------- */

typedef struct kp_referral {
    int64_t assignment_id;
    int64_t client_id;
    char given_name[104];
    char family_name[104];
    char municipality[96];    /* name of the client's municipality */
    char service[32];
    char service_name[208];
    char unit[16];
    char start_date[11];
    char end_date[11];
    char decided_on[11];
    char mode[8];
    char status[16];
    int64_t units;
    int64_t hours_per_week;
    int64_t delivered;
} kp_referral;

typedef struct kp_referrals {
    kp_referral *items;
    size_t n, cap;
} kp_referrals;

void kp_referrals_free(kp_referrals *r);
/* Assignments to the caller's provider (provider staff; the system may
 * name any provider with provider_id, others KP_EDENIED), newest decision
 * first; only_active leaves out cancelled and ended ones. At most 2000.
 * One "list" audit record per client. */
kp_rc kp_referrals_list(kp_ctx *ctx, int64_t provider_id, bool only_active, kp_referrals *out);

typedef struct kp_attendance_row {
    int64_t assignment_id;
    int64_t client_id;
    char given_name[104];
    char family_name[104];
    int64_t units_left;       /* granted minus delivered */
    int64_t recorded;         /* units already recorded on that date */
} kp_attendance_row;

typedef struct kp_attendance {
    char service[32];
    char on[11];
    kp_attendance_row *items; /* by family and given name */
    size_t n, cap;
} kp_attendance;

void kp_attendance_free(kp_attendance *a);
/* The group of a service at the caller's provider on one date: every
 * active assignment of that service whose period covers the date. KP_EINVAL
 * (message in e, field "delivered_on" or "service") for a bad date or
 * service. One "list" audit record per client. */
kp_rc kp_attendance_group(kp_ctx *ctx, int64_t provider_id, const char *service, const char *on, kp_errors *e,
                          kp_attendance *out);

typedef struct kp_attendance_in {
    const char *assignment_id;
    const char *units;        /* blank = did not attend */
} kp_attendance_in;

/* Records one date's attendance of a group: one delivery per row with
 * units, through kp_delivery_record, all in one transaction behind the
 * form token. Any row refused → nothing is written and every refusal is in
 * `e` with its row in `line`. Each assignment must belong to the caller's
 * provider, and a date already recorded for an assignment is refused.
 * KP_EINVAL when no row has units. *recorded (may be NULL) = deliveries
 * written (0 on a repeated submit). */
kp_rc kp_attendance_record(kp_ctx *ctx, int64_t provider_id, const char *on, const kp_attendance_in *rows, size_t n,
                           const char *token, int64_t now, kp_errors *e, size_t *recorded, bool *repeated);

typedef struct kp_statement_row {
    int64_t municipality_id;  /* the municipality that holds the client's records now */
    char municipality[96];
    int64_t client_id;
    char given_name[104];
    char family_name[104];
    char service[32];
    char service_name[208];
    char unit[16];
    int64_t units;            /* delivered in the month */
    int64_t confirmed_units;  /* of which confirmed by the municipality */
    int64_t days;             /* distinct dates */
} kp_statement_row;

typedef struct kp_statement {
    char month[8];            /* "YYYY-MM" */
    int64_t provider_id;
    char provider[192];
    kp_statement_row *items;  /* by municipality, family, given name, service */
    size_t n, cap;
} kp_statement;

void kp_statement_free(kp_statement *s);
/* A provider's deliveries in one month, grouped by municipality, client
 * and service. municipality_id 0 = every municipality. Provider staff see
 * their own provider; the system any; others KP_EDENIED. KP_EINVAL with a
 * message on "month" unless month is "YYYY-MM". One "list" audit record per
 * client. */
kp_rc kp_provider_statement(kp_ctx *ctx, int64_t provider_id, const char *month, int64_t municipality_id,
                            kp_errors *e, kp_statement *out);

/* ---- Municipal head --------------------------------------------------- */

typedef struct kp_worker_load {
    int64_t user_id;
    char username[72];
    bool disabled;
    int64_t clients;
    int64_t reviews_due;      /* approved plans to review within 30 days or overdue */
} kp_worker_load;

typedef struct kp_worker_loads {
    kp_worker_load *items;    /* by user name */
    size_t n, cap;
    int64_t unassigned;       /* clients of the municipality without a worker */
} kp_worker_loads;

void kp_worker_loads_free(kp_worker_loads *w);
/* Caseload per social worker of the caller's municipality (municipal heads;
 * the system with municipality_id). Counts only: no audit of clients. */
kp_rc kp_caseload_by_worker(kp_ctx *ctx, int64_t municipality_id, kp_worker_loads *out);

/* One worker's clients (worker_id 0 = the unassigned ones) in the caller's
 * municipality, a page [offset, offset+limit) (limit 1–500, 0 = 50), by
 * name. Municipal heads only (and the system). "list" audit per client. */
kp_rc kp_caseload_clients(kp_ctx *ctx, int64_t municipality_id, int64_t worker_id, size_t limit, size_t offset,
                          kp_cw_clients *out);

/* Makes `worker_id` (an enabled social worker of the same municipality) the
 * responsible worker of `client_id`. Municipal heads of the client's
 * municipality and the system. Audited ("reassign", with both user ids).
 * Field errors on "client_id" and "worker_id". */
kp_rc kp_caseload_reassign(kp_ctx *ctx, const char *client_id, const char *worker_id, kp_errors *e);

/* Demo: gives each demo social worker (user name "sw-<municipality key>")
 * up to `per_worker` clients of their municipality that have no worker,
 * the ones with an approved plan first. System only. */
kp_rc kp_caseload_seed_demo(kp_ctx *ctx, size_t per_worker);

/* ---- Shared by src/service/casework*.c; not for front ends ------------ */

/* Grows a vector of `size`-byte items so that one more fits. */
void kp_cw_reserve(void **items, size_t *cap, size_t n, size_t size);
/* `CASE WHEN ? = 'en' …` binds: the context's language code. */
const char *kp_cw_lang(const kp_ctx *ctx);
/* True for roles that have a caseload and a municipality. */
bool kp_cw_is_case_worker(const kp_ctx *ctx);

#endif
