/* The contact log and tasks of a client, and the masked personal code on
 * the card (see contacts.h). */
#include "service/casework/contacts.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/client_sql.h"
#include "service/validate.h"
#include "core/date.h"
#include "core/mem.h"
#include "store/keyring.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const KP_CONTACT_KINDS[] = {"visit", "call", "meeting", "letter", NULL};

const char *kp_contact_kind_label(const kp_ctx *ctx, const char *kind)
{
    static const struct {
        const char *code, *lv, *en;
    } K[] = {{"visit", "apmeklējums", "visit"},
             {"call", "zvans", "call"},
             {"meeting", "tikšanās", "meeting"},
             {"letter", "vēstule", "letter"}};
    for (size_t i = 0; kind && i < sizeof K / sizeof K[0]; i++)
        if (strcmp(K[i].code, kind) == 0)
            return KP_TR(ctx, K[i].lv, K[i].en);
    return kind ? kind : "";
}

/* Only municipal staff who may change the client's records (and the
 * operator) see the log and the tasks; for anyone else the client is
 * unknown. */
/* `write`: a change (checked afresh); a read may use the answer kept with
 * the connection (the card asks it of every part). For these roles the
 * scope of reading and of writing is the same (access.c). */
static kp_rc scope_of(kp_ctx *ctx, int64_t client_id, bool write)
{
    if (client_id <= 0)
        return KP_ENOTFOUND;
    if (ctx->role != KP_ROLE_SOCIAL_WORKER && ctx->role != KP_ROLE_MUNICIPAL_HEAD && ctx->role != KP_ROLE_SYSTEM)
        return KP_ENOTFOUND;
    return kp_access_client(ctx, client_id, write);
}

static kp_rc may_work_with(kp_ctx *ctx, int64_t client_id) { return scope_of(ctx, client_id, true); }

static kp_rc may_read(kp_ctx *ctx, int64_t client_id) { return scope_of(ctx, client_id, false); }

static void today_iso(const kp_ctx *ctx, char out[11])
{
    kp_date_format_iso(kp_ctx_today(ctx), out);
}

/* ---- contacts ------------------------------------------------------------- */

kp_rc kp_contact_add(kp_ctx *ctx, int64_t client_id, const kp_contact_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    kp_rc rc = may_work_with(ctx, client_id);
    if (rc)
        return rc;
    size_t before = e->n;
    const char *kind = kp_v_enum(ctx, e, "kind", in->kind, KP_CONTACT_KINDS, true);
    kp_date on = kp_v_date(ctx, e, "contact_on", in->contact_on, true);
    if (on != KP_DATE_NONE && on > kp_ctx_today(ctx))
        kp_errors_add(e, "contact_on", in->contact_on, "%s",
                      KP_TR(ctx, "kontakta datums nevar būt nākotnē: ierakstiet, kas jau noticis",
                            "the contact's date cannot be in the future: record what has happened"));
    kp_v_text_lines(ctx, e, "note", in->note, 4000, true);
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t id = 0;
    const char *actor = ctx->actor ? ctx->actor : "unknown";
    kp_q_contact_new c = {.client_id = client_id, .kind = kind, .contact_on = in->contact_on, .note = in->note,
                          .recorded_by = actor, .recorded_at = ctx->now};
    rc = kp_q_contact_add(ctx->db, &c, &id);
    kp_field_change ch[] = {{"kind", "", kind}, {"contact_on", "", in->contact_on}, {"note", "", in->note}};
    if (!rc)
        rc = kp_audit_change(ctx, "add_contact", "client_contact", id, client_id, in->contact_on, "", ch, 3);
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    rc = kp_store_commit(ctx->db);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

kp_rc kp_contact_list(kp_ctx *ctx, int64_t client_id, size_t limit, kp_contacts *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!ctx || !out || limit < 1 || limit > 500)
        return KP_EINVAL;
    kp_rc rc = may_read(ctx, client_id);
    if (rc)
        return rc;
    size_t total = 0;
    rc = kp_q_contacts_of(ctx->db, client_id, limit, out, &total);
    out->total = total;
    if (!rc)
        rc = kp_audit_access(ctx, "view", "client_contacts", client_id, client_id, "");
    if (rc)
        kp_contacts_free(out);
    return rc;
}

void kp_contacts_free(kp_contacts *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i].note);
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* ---- tasks ---------------------------------------------------------------- */

/* Is `username` an active social worker or head who may work with the
 * client? Decided by the same rule as for the caller: a context in that
 * user's role and municipality asks kp_access_client. */
static kp_rc staff_for_client(kp_ctx *ctx, const char *username, int64_t client_id, bool *ok)
{
    *ok = false;
    kp_q_staff staff;
    bool row = false;
    kp_rc rc = kp_q_staff_by_name(ctx->db, username, &staff, &row);
    kp_ctx as = *ctx;
    if (!rc && row) {
        as.role = strcmp(staff.role, "municipal_head") == 0 ? KP_ROLE_MUNICIPAL_HEAD : KP_ROLE_SOCIAL_WORKER;
        as.municipality_id = staff.municipality_id;
    }
    if (rc || !row)
        return rc;
    rc = kp_access_client(&as, client_id, true);
    if (rc == KP_ENOTFOUND || rc == KP_EDENIED)
        return KP_OK;
    if (!rc)
        *ok = true;
    return rc;
}

kp_rc kp_task_add(kp_ctx *ctx, int64_t client_id, const kp_task_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    kp_rc rc = may_work_with(ctx, client_id);
    if (rc)
        return rc;
    size_t before = e->n;
    kp_v_text(ctx, e, "what", in->what, 600, true);
    kp_v_date(ctx, e, "due_on", in->due_on, true);
    const char *to = kp_blank(in->assigned_to) ? ctx->actor : in->assigned_to;
    if (kp_v_text(ctx, e, "assigned_to", to, 100, true)) {
        bool ok = false;
        rc = staff_for_client(ctx, to, client_id, &ok);
        if (rc)
            return rc;
        if (!ok)
            kp_errors_add(e, "assigned_to", to, "%s",
                          KP_TR(ctx, "nav tāda sociālā dienesta darbinieka, kas strādā ar šo klientu: norādiet lietotājvārdu",
                                "no member of the social service who works with this client has that name: give a user name"));
    }
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t id = 0;
    const char *actor = ctx->actor ? ctx->actor : "unknown";
    kp_q_task_new t = {.client_id = client_id, .what = in->what, .due_on = in->due_on, .assigned_to = to,
                       .created_by = actor, .created_at = ctx->now};
    rc = kp_q_task_add(ctx->db, &t, &id);
    kp_field_change ch[] = {{"what", "", in->what}, {"due_on", "", in->due_on}, {"assigned_to", "", to}};
    if (!rc)
        rc = kp_audit_change(ctx, "add_task", "client_task", id, client_id, NULL, "", ch, 3);
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    rc = kp_store_commit(ctx->db);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

kp_rc kp_task_done(kp_ctx *ctx, int64_t client_id, int64_t task_id, kp_errors *e)
{
    if (!ctx || !e)
        return KP_EINVAL;
    kp_rc rc = may_work_with(ctx, client_id);
    if (rc)
        return rc;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    /* Read and write in one transaction: two "done" at once write once. */
    char done[11] = "";
    bool found = false;
    rc = kp_q_task_state(ctx->db, task_id, client_id, &found, done);
    if (!rc && !found)
        rc = KP_ENOTFOUND;
    if (!rc && done[0]) {
        kp_errors_add(e, "task", "", KP_TR(ctx, "uzdevums jau izpildīts %s", "the task was done on %s"), done);
        rc = KP_EINVAL;
    }
    char today[11];
    today_iso(ctx, today);
    const char *actor = ctx->actor ? ctx->actor : "unknown";
    if (!rc)
        rc = kp_q_task_done(ctx->db, task_id, today, actor);
    kp_field_change ch[] = {{"done_on", "", today}};
    if (!rc)
        rc = kp_audit_change(ctx, "task_done", "client_task", task_id, client_id, today, "", ch, 1);
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    return kp_store_commit(ctx->db);
}

/* Tasks read into a list (a client's, or the caller's open ones). */
typedef struct tasks_acc {
    kp_ctx *ctx;
    kp_tasks *out;
    size_t limit;
    char today[11];
    bool mine;   /* only clients the caller may work with */
} tasks_acc;

static kp_rc task_row(void *row, void *arg)
{
    kp_task *t = row;
    tasks_acc *a = arg;
    t->overdue = !t->done_on[0] && strcmp(t->due_on, a->today) < 0;
    if (a->mine) {
        /* A client who moved away is no longer this worker's. */
        kp_rc in = kp_access_client(a->ctx, t->client_id, true);
        if (in == KP_ENOTFOUND || in == KP_EDENIED)
            return KP_OK;
        if (in)
            return in;
    }
    if (!t->done_on[0]) {
        a->out->open++;
        a->out->overdue += t->overdue;
    }
    if (a->out->n < a->limit)
        a->out->items[a->out->n++] = *t;
    return KP_OK;
}

kp_rc kp_task_list(kp_ctx *ctx, int64_t client_id, size_t limit, kp_tasks *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!ctx || !out || limit < 1 || limit > 500)
        return KP_EINVAL;
    kp_rc rc = may_read(ctx, client_id);
    if (rc)
        return rc;
    tasks_acc a = {ctx, out, limit, "", false};
    today_iso(ctx, a.today);
    out->items = kp_xcalloc(limit, sizeof *out->items);
    rc = kp_q_tasks_of(ctx->db, client_id, task_row, &a);
    if (!rc)
        rc = kp_audit_access(ctx, "view", "client_tasks", client_id, client_id, "");
    if (rc)
        kp_tasks_free(out);
    return rc;
}

kp_rc kp_task_list_mine(kp_ctx *ctx, size_t limit, kp_tasks *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!ctx || !out || limit < 1 || limit > 100)
        return KP_EINVAL;
    if (ctx->role != KP_ROLE_SOCIAL_WORKER && ctx->role != KP_ROLE_MUNICIPAL_HEAD)
        return KP_EDENIED;
    tasks_acc a = {ctx, out, limit, "", true};
    today_iso(ctx, a.today);
    out->items = kp_xcalloc(limit, sizeof *out->items);
    kp_rc rc = kp_q_tasks_assigned(ctx->db, ctx->actor ? ctx->actor : "", task_row, &a);
    /* The client's name is shown: the shown names are access records. The
     * current name comes from the person's versions, as the card reads it. */
    for (size_t i = 0; !rc && i < out->n; i++)
        rc = kp_audit_access(ctx, "list", "client", out->items[i].client_id, out->items[i].client_id, "tasks");
    if (rc)
        kp_tasks_free(out);
    return rc;
}

void kp_tasks_free(kp_tasks *l)
{
    if (!l)
        return;
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* ---- the masked personal code ---------------------------------------------- */

void kp_personal_code_mask(const char *code, char *out, size_t outlen)
{
    if (!out || outlen == 0)
        return;
    out[0] = '\0';
    if (!code || outlen < 13)
        return;
    char digits[12];
    size_t n = 0;
    for (const char *p = code; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (n == 11)
                return;
            digits[n++] = *p;
        } else if (!(*p == '-' && p - code == 6)) {
            return;
        }
    }
    if (n != 11)
        return;
    memcpy(out, digits, 6);
    memcpy(out + 6, "-*****", 7);
}

kp_rc kp_client_code_masked(kp_ctx *ctx, int64_t client_id, char *out, size_t outlen)
{
    if (!ctx || !out || outlen < 13)
        return KP_EINVAL;
    out[0] = '\0';
    kp_rc rc = kp_access_client(ctx, client_id, false);
    if (rc)
        return rc;
    kp_blob sealed = {NULL, 0};
    bool row = false;
    rc = kp_q_code_sealed_current(ctx->db, client_id, false, &sealed, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    char code[64] = "";
    if (!rc)
        rc = kp_keyring_open(ctx->keys, sealed.b, sealed.n, code, sizeof code);
    free(sealed.b);
    if (!rc)
        kp_personal_code_mask(code, out, outlen);
    sodium_memzero(code, sizeof code);
    return rc;
}
