/* A person's dated versions and the changes that make them: corrections of
 * personal details, moves to another municipality, closing and reopening
 * the case (see people.h). */
#include "service/casework/people.h"
#include "service/casework/people_versions.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/client_sql.h"
#include "service/validate.h"
#include "core/mem.h"
#include "core/personal_code.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Versions in memory ------------------------------------------------ */

void kp_pv_free(kp_pv_list *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

kp_rc kp_pv_load(kp_ctx *ctx, int64_t client_id, kp_pv_list *out)
{
    memset(out, 0, sizeof *out);
    kp_rc rc = kp_q_client_versions(ctx->db, client_id, kp_ctx_is_en(ctx), out);
    /* No row at all, or no registration day: no such client. */
    if (!rc && !out->registered[0])
        rc = KP_ENOTFOUND;
    /* Every client has a first version (registration, migration 11). */
    if (!rc && !out->n)
        rc = KP_ESTATE;
    if (rc)
        kp_pv_free(out);
    return rc;
}

size_t kp_pv_find(const kp_pv_list *l, const char *on)
{
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].p.valid_from, on) <= 0)
            k = i;
    return k;
}

/* The state of a version in groups of fields that change together. */
enum {
    G_GIVEN = 1u << 0,
    G_FAMILY = 1u << 1,
    G_BIRTH = 1u << 2,
    G_TG = 1u << 3,
    G_DISABILITY = 1u << 4,
    G_SPECIAL = 1u << 5,
    G_PARENTS = 1u << 6,
    G_MUNI = 1u << 7,
    G_STATUS = 1u << 8,
    G_ALL = (1u << 9) - 1,
};

static bool group_eq(const kp_person_version *a, const kp_person_version *b, unsigned g)
{
    switch (g) {
    case G_GIVEN:
        return strcmp(a->given_name, b->given_name) == 0;
    case G_FAMILY:
        return strcmp(a->family_name, b->family_name) == 0;
    case G_BIRTH:
        return strcmp(a->birth_date, b->birth_date) == 0;
    case G_TG:
        return strcmp(a->target_group, b->target_group) == 0;
    case G_DISABILITY:
        return a->disability_group == b->disability_group;
    case G_SPECIAL:
        return strcmp(a->special_care_from, b->special_care_from) == 0;
    case G_PARENTS:
        return a->parents_working == b->parents_working;
    case G_MUNI:
        return a->municipality_id == b->municipality_id && a->parish_id == b->parish_id;
    case G_STATUS:
        return a->closed == b->closed && strcmp(a->closed_reason, b->closed_reason) == 0 &&
               strcmp(a->closed_note, b->closed_note) == 0;
    }
    return true;
}

static void group_copy(kp_person_version *to, const kp_person_version *from, unsigned g)
{
    switch (g) {
    case G_GIVEN:
        memcpy(to->given_name, from->given_name, sizeof to->given_name);
        break;
    case G_FAMILY:
        memcpy(to->family_name, from->family_name, sizeof to->family_name);
        break;
    case G_BIRTH:
        memcpy(to->birth_date, from->birth_date, sizeof to->birth_date);
        break;
    case G_TG:
        memcpy(to->target_group, from->target_group, sizeof to->target_group);
        break;
    case G_DISABILITY:
        to->disability_group = from->disability_group;
        break;
    case G_SPECIAL:
        memcpy(to->special_care_from, from->special_care_from, sizeof to->special_care_from);
        break;
    case G_PARENTS:
        to->parents_working = from->parents_working;
        break;
    case G_MUNI:
        to->municipality_id = from->municipality_id;
        to->parish_id = from->parish_id;
        memcpy(to->municipality, from->municipality, sizeof to->municipality);
        memcpy(to->municipality_name, from->municipality_name, sizeof to->municipality_name);
        break;
    case G_STATUS:
        to->closed = from->closed;
        memcpy(to->closed_reason, from->closed_reason, sizeof to->closed_reason);
        memcpy(to->closed_note, from->closed_note, sizeof to->closed_note);
        break;
    }
}

static bool state_eq(const kp_person_version *a, const kp_person_version *b)
{
    for (unsigned g = 1; g < G_ALL; g <<= 1)
        if (!group_eq(a, b, g))
            return false;
    return true;
}

/* The groups in which `b` differs from `a`. */
static unsigned differs(const kp_person_version *a, const kp_person_version *b)
{
    unsigned d = 0;
    for (unsigned g = 1; g < G_ALL; g <<= 1)
        if (!group_eq(a, b, g))
            d |= g;
    return d;
}

static void day_before(const char *iso, char out[11])
{
    kp_date d = 0;
    kp_date_parse_iso(iso, &d);
    kp_date_format_iso(d - 1, out);
}

/* Applies a change effective on `on`: splits the version in force then,
 * sets the groups in `mask` to nv's values from `on`, carries them into
 * every later version that still had the old value (one that changed the
 * group itself keeps its own, and so do the ones after it), then joins
 * neighbours that became equal. `reason` goes to the reason column of
 * `which` in the version that starts on `on`. */
static void apply(kp_pv_list *l, const char *on, const kp_person_version *nv, unsigned mask, int which,
                  const char *reason)
{
    size_t k = kp_pv_find(l, on);
    if (strcmp(l->v[k].p.valid_from, on) < 0) {
        l->v = kp_xrealloc(l->v, (l->n + 1) * sizeof *l->v);
        memmove(&l->v[k + 2], &l->v[k + 1], (l->n - k - 1) * sizeof *l->v);
        l->n++;
        l->v[k + 1] = l->v[k];
        day_before(on, l->v[k].p.valid_to);
        k++;
        snprintf(l->v[k].p.valid_from, sizeof l->v[k].p.valid_from, "%s", on);
        l->v[k].correct_reason[0] = l->v[k].move_reason[0] = l->v[k].reopen_reason[0] = '\0';
    }
    kp_person_version old = l->v[k].p;
    for (unsigned g = 1; g < G_ALL; g <<= 1)
        if (mask & g)
            group_copy(&l->v[k].p, nv, g);
    char *slot = which == KP_PV_CORRECT ? l->v[k].correct_reason
                 : which == KP_PV_MOVE  ? l->v[k].move_reason
                 : which == KP_PV_REOPEN ? l->v[k].reopen_reason
                                         : NULL;
    if (slot)
        snprintf(slot, KP_REASON_MAX + 4, "%s", reason ? reason : "");
    unsigned carry = mask;
    for (size_t j = k + 1; j < l->n && carry; j++)
        for (unsigned g = 1; g < G_ALL; g <<= 1) {
            if (!(carry & g))
                continue;
            if (group_eq(&l->v[j].p, &old, g))
                group_copy(&l->v[j].p, nv, g);
            else
                carry &= ~g;
        }
    /* Neighbours with the same state are one version (the earlier keeps its
     * reasons; the audit trail keeps every change). */
    for (size_t j = l->n - 1; j > 0; j--)
        if (state_eq(&l->v[j - 1].p, &l->v[j].p)) {
            memcpy(l->v[j - 1].p.valid_to, l->v[j].p.valid_to, sizeof l->v[j - 1].p.valid_to);
            memmove(&l->v[j], &l->v[j + 1], (l->n - j - 1) * sizeof *l->v);
            l->n--;
        }
}

kp_rc kp_pv_save(kp_ctx *ctx, int64_t client_id, const kp_pv_list *l)
{
    kp_rc rc = kp_q_client_versions_delete(ctx->db, client_id);
    for (size_t i = 0; i < l->n && !rc; i++)
        rc = kp_q_client_version_add(ctx->db, client_id, &l->v[i]);
    /* The row keeps what is in force today, for pages. */
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    const kp_person_version *now = &l->v[kp_pv_find(l, strcmp(today, l->registered) < 0 ? l->registered : today)].p;
    if (!rc)
        rc = kp_q_client_set_current(ctx->db, client_id, now);
    return rc;
}

kp_rc kp_pv_first(kp_ctx *ctx, int64_t client_id)
{
    return kp_q_client_version_first(ctx->db, client_id);
}

/* ---- Shared validation ------------------------------------------------- */

/* The effective date: default today, not before the registration, and
 * (when !ahead) not after today. KP_DATE_NONE with a message otherwise. */
static kp_date effective(kp_ctx *ctx, kp_errors *e, const char *v, const kp_pv_list *l, bool ahead, char out[11])
{
    kp_date today = kp_ctx_today(ctx), d = today;
    if (!kp_blank(v)) {
        d = kp_v_date(ctx, e, "effective_on", v, true);
        if (d == KP_DATE_NONE)
            return d;
    }
    kp_date_format_iso(d, out);
    if (strcmp(out, l->registered) < 0) {
        kp_errors_add(e, "effective_on", v, "%s",
                      KP_TR(ctx, "datums ir pirms klienta reģistrācijas: norādiet reģistrācijas dienu vai vēlāku",
                            "the date is before the client's registration: give the registration day or later"));
        return KP_DATE_NONE;
    }
    if (!ahead && d > today) {
        kp_errors_add(e, "effective_on", v, "%s",
                      KP_TR(ctx, "labojums stājas spēkā vēlākais šodien: norādiet šodienu vai agrāku datumu",
                            "a correction takes effect today at the latest: give today or an earlier date"));
        return KP_DATE_NONE;
    }
    return d;
}

static const char *flag_text(int v)
{
    return v < 0 ? "" : v ? "1" : "0";
}

/* Field changes of the groups in `mask` between two states, for the audit. */
typedef struct changes {
    kp_field_change c[16];
    char buf[16][2][32];
    size_t n;
} changes;

static void change_add(changes *ch, const char *field, const char *a, const char *b)
{
    if (ch->n < 16 && strcmp(a, b) != 0)
        ch->c[ch->n++] = (kp_field_change){field, a, b};
}

static const char *num(changes *ch, int side, int64_t v)
{
    char *s = ch->buf[ch->n][side];
    if (v)
        snprintf(s, 32, "%lld", (long long)v);
    else
        s[0] = '\0';
    return s;
}

static void describe(changes *ch, const kp_person_version *a, const kp_person_version *b, unsigned mask)
{
    memset(ch, 0, sizeof *ch);
    if (mask & G_GIVEN)
        change_add(ch, "given_name", a->given_name, b->given_name);
    if (mask & G_FAMILY)
        change_add(ch, "family_name", a->family_name, b->family_name);
    if (mask & G_BIRTH)
        change_add(ch, "birth_date", a->birth_date, b->birth_date);
    if (mask & G_TG)
        change_add(ch, "target_group", a->target_group, b->target_group);
    if (mask & G_DISABILITY)
        change_add(ch, "disability_group", num(ch, 0, a->disability_group), num(ch, 1, b->disability_group));
    if (mask & G_SPECIAL)
        change_add(ch, "special_care_from", a->special_care_from, b->special_care_from);
    if (mask & G_PARENTS)
        change_add(ch, "parents_working", flag_text(a->parents_working), flag_text(b->parents_working));
    if (mask & G_MUNI) {
        change_add(ch, "municipality", a->municipality, b->municipality);
        change_add(ch, "parish", num(ch, 0, a->parish_id), num(ch, 1, b->parish_id));
    }
    if (mask & G_STATUS) {
        change_add(ch, "case_status", a->closed ? "closed" : "open", b->closed ? "closed" : "open");
        change_add(ch, "closing_reason", a->closed_reason, b->closed_reason);
        change_add(ch, "closing_note", a->closed_note, b->closed_note);
    }
}

/* Writes the versions and the audit record of one change. */
static kp_rc commit_change(kp_ctx *ctx, int64_t client, kp_pv_list *l, const char *on, const kp_person_version *nv,
                           unsigned mask, int which, const char *action, const char *reason, const changes *extra)
{
    kp_person_version old = l->v[kp_pv_find(l, on)].p;
    changes ch;
    describe(&ch, &old, nv, mask);
    for (size_t i = 0; extra && i < extra->n && ch.n < 16; i++)
        ch.c[ch.n++] = extra->c[i];
    apply(l, on, nv, mask, which, reason);
    kp_rc rc = kp_pv_save(ctx, client, l);
    if (!rc)
        rc = kp_audit_change(ctx, action, "client", client, client, on, reason, ch.c, ch.n);
    return rc;
}

/* ---- Corrections ------------------------------------------------------- */

/* Does `birth` agree with every old-format code the person holds or held?
 * Adds a message on birth_date when not. */
static kp_rc birth_agrees_with_codes(kp_ctx *ctx, kp_errors *e, int64_t client, const char *birth_text, kp_date birth)
{
    if (!ctx->keys) {
        kp_errors_add(e, "birth_date", "", "%s",
                      KP_TR(ctx, "nav ielādēta šifrēšanas atslēga: dzimšanas datumu nevar salīdzināt ar personas kodu",
                            "the encryption key is not loaded: the birth date cannot be checked against the personal code"));
        return KP_ECRYPTO;
    }
    kp_q_sealed_list codes = {0};
    bool mismatch = false;
    kp_rc rc = kp_q_code_sealed_all(ctx->db, client, &codes);
    for (size_t i = 0; i < codes.n && !rc; i++) {
        char code[16];
        kp_pc pc;
        rc = kp_keyring_open(ctx->keys, codes.items[i].b, codes.items[i].n, code, sizeof code);
        if (!rc && kp_pc_parse(code, &pc) == KP_OK && pc.format == KP_PC_OLD && pc.birth_date != birth)
            mismatch = true;
        memset(code, 0, sizeof code);
    }
    kp_q_sealed_list_free(&codes);
    if (!rc && mismatch)
        kp_errors_add(e, "birth_date", birth_text, "%s",
                      KP_TR(ctx, "dzimšanas datums nesakrīt ar personas kodu: pārbaudiet datumu vai vispirms nomainiet kodu",
                            "the birth date does not match the personal code: check the date or change the code first"));
    return rc;
}

kp_rc kp_client_correct(kp_ctx *ctx, const kp_correction_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    size_t before = e->n;
    int64_t client = 0;
    kp_rc rc = kp_scope_client_field(ctx, e, "client_id", in->client_id, true, &client);
    if (rc || !client)
        return rc ? rc : KP_EINVAL;
    kp_pv_list l;
    rc = kp_pv_load(ctx, client, &l);
    if (rc)
        return rc;
    char on[11] = "";
    kp_date at = effective(ctx, e, in->effective_on, &l, false, on);
    kp_v_text_lines(ctx, e, "reason", in->reason, KP_REASON_MAX, true);
    kp_person_version nv = l.v[kp_pv_find(&l, at != KP_DATE_NONE ? on : l.registered)].p;
    unsigned mask = 0;
    if (in->given_name && kp_v_text(ctx, e, "given_name", in->given_name, 100, true)) {
        snprintf(nv.given_name, sizeof nv.given_name, "%s", in->given_name);
        mask |= G_GIVEN;
    }
    if (in->family_name && kp_v_text(ctx, e, "family_name", in->family_name, 100, true)) {
        snprintf(nv.family_name, sizeof nv.family_name, "%s", in->family_name);
        mask |= G_FAMILY;
    }
    kp_date birth = KP_DATE_NONE;
    if (in->birth_date && (birth = kp_v_date(ctx, e, "birth_date", in->birth_date, true)) != KP_DATE_NONE) {
        if (at != KP_DATE_NONE && birth > at)
            kp_errors_add(e, "birth_date", in->birth_date, "%s",
                          KP_TR(ctx, "dzimšanas datums ir pēc labojuma spēkā stāšanās datuma",
                                "the birth date is after the date the correction takes effect"));
        kp_date_format_iso(birth, nv.birth_date);
        mask |= G_BIRTH;
    }
    if (in->target_group && kp_v_target_group(ctx, e, "target_group", in->target_group)) {
        snprintf(nv.target_group, sizeof nv.target_group, "%s", in->target_group);
        mask |= G_TG;
    }
    if (in->disability_group) {
        size_t n = e->n;
        int64_t dg = kp_v_int(ctx, e, "disability_group", in->disability_group, 1, 3, false, 0);
        if (e->n == n) {
            nv.disability_group = (int)dg;
            mask |= G_DISABILITY;
        }
    }
    if (in->special_care_from) {
        kp_date d = kp_v_date(ctx, e, "special_care_from", in->special_care_from, false);
        if (d != KP_DATE_NONE || kp_blank(in->special_care_from)) {
            if (d != KP_DATE_NONE)
                kp_date_format_iso(d, nv.special_care_from);
            else
                nv.special_care_from[0] = '\0';
            mask |= G_SPECIAL;
        }
    }
    if (in->parents_working) {
        size_t n = e->n;
        int pw = kp_v_flag(ctx, e, "parents_working", in->parents_working, -1);
        if (e->n == n) {
            nv.parents_working = pw;
            mask |= G_PARENTS;
        }
    }
    /* The target group fits the age on the effective date. */
    kp_date b = KP_DATE_NONE;
    kp_date_parse_iso(nv.birth_date, &b);
    if (at != KP_DATE_NONE && b != KP_DATE_NONE && b <= at && (mask & (G_TG | G_BIRTH)) &&
        !kp_errors_for(e, "target_group")) {
        int age = kp_date_age(b, at);
        bool child_group = strcmp(nv.target_group, "ft") == 0 || strcmp(nv.target_group, "bsac") == 0;
        if (child_group && age >= 18)
            kp_errors_add(e, "target_group", nv.target_group, "%s",
                          KP_TR(ctx, "bērnu mērķa grupā ir personas līdz 17 gadiem: šajā datumā persona ir pilngadīga",
                                "children's target groups are for persons up to 17: on that date the person is an adult"));
        if (!child_group && age < 18)
            kp_errors_add(e, "target_group", nv.target_group, "%s",
                          KP_TR(ctx, "šajā mērķa grupā ir pilngadīgas personas: šajā datumā persona ir bērns",
                                "this target group is for adults: on that date the person is a child"));
    }
    if (e->n == before && (mask & G_BIRTH)) {
        rc = birth_agrees_with_codes(ctx, e, client, in->birth_date, birth);
        if (rc) {
            kp_pv_free(&l);
            return rc;
        }
    }
    if (e->n == before && !(differs(&l.v[kp_pv_find(&l, on)].p, &nv) & mask))
        kp_errors_add(e, "effective_on", in->effective_on, "%s",
                      KP_TR(ctx, "nekas nemainās: šajā datumā personas dati jau ir tieši tādi",
                            "nothing changes: on that date the person's details are already these"));
    if (e->n != before) {
        kp_pv_free(&l);
        return KP_EINVAL;
    }
    rc = kp_store_begin(ctx->db);
    if (!rc)
        rc = kp_store_finish(ctx->db, commit_change(ctx, client, &l, on, &nv, mask, KP_PV_CORRECT, "correct",
                                                    in->reason, NULL));
    kp_pv_free(&l);
    if (!rc && id_out)
        *id_out = client;
    return rc;
}

/* ---- Moves ------------------------------------------------------------- */

/* Would the move change the municipality responsible today? */
static bool moves_today(const kp_ctx *ctx, const kp_pv_list *l, const char *on, const kp_person_version *nv)
{
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    const char *at = strcmp(today, l->registered) < 0 ? l->registered : today;
    kp_pv_list copy = *l;
    copy.v = kp_xmalloc(l->n * sizeof *l->v);
    memcpy(copy.v, l->v, l->n * sizeof *l->v);
    int64_t before = l->v[kp_pv_find(l, at)].p.municipality_id;
    apply(&copy, on, nv, G_MUNI, KP_PV_NONE, NULL);
    int64_t after = copy.v[kp_pv_find(&copy, at)].p.municipality_id;
    kp_pv_free(&copy);
    return before != after;
}

kp_rc kp_client_move(kp_ctx *ctx, const kp_move_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    size_t before = e->n;
    int64_t client = 0;
    kp_rc rc = kp_scope_client_field(ctx, e, "client_id", in->client_id, true, &client);
    if (rc || !client)
        return rc ? rc : KP_EINVAL;
    kp_pv_list l;
    rc = kp_pv_load(ctx, client, &l);
    if (rc)
        return rc;
    char on[11] = "";
    kp_date at = effective(ctx, e, in->effective_on, &l, true, on);
    int64_t muni = kp_v_municipality(ctx, e, "municipality", in->municipality, at, true);
    int64_t parish = kp_v_parish(ctx, e, "parish", in->parish, muni);
    kp_v_text_lines(ctx, e, "reason", in->reason, KP_REASON_MAX, true);
    kp_person_version nv;
    memset(&nv, 0, sizeof nv);
    if (e->n == before) {
        nv = l.v[kp_pv_find(&l, on)].p;
        /* Already responsible on that date (itself, or the territory that
         * holds the old one's records then). */
        int64_t from = 0, to = 0;
        rc = kp_municipality_rollup(ctx, nv.municipality_id, at, &from);
        if (!rc)
            rc = kp_municipality_rollup(ctx, muni, at, &to);
        if (!rc && from == to && nv.parish_id == parish)
            kp_errors_add(e, "municipality", in->municipality, "%s",
                          KP_TR(ctx, "šajā datumā par personu jau atbild šī pašvaldība",
                                "on that date this municipality is already responsible for the person"));
        nv.municipality_id = muni;
        nv.parish_id = parish;
        if (!rc)
            rc = kp_municipality_atvk(ctx, muni, nv.municipality, sizeof nv.municipality);
    }
    if (rc || e->n != before) {
        kp_pv_free(&l);
        return rc ? rc : KP_EINVAL;
    }
    changes extra;
    memset(&extra, 0, sizeof extra);
    char worker[72] = "";
    rc = kp_store_begin(ctx->db);
    /* When the move changes who is responsible today, the old
     * municipality's worker no longer is (a move ahead leaves it to the
     * receiving head then; a backdated one followed by a later move back
     * changes nothing today). */
    if (!rc && at <= kp_ctx_today(ctx) && moves_today(ctx, &l, on, &nv)) {
        rc = kp_q_client_worker_name(ctx->db, client, worker);
        if (!rc && worker[0]) {
            rc = kp_q_client_worker_remove(ctx->db, client);
            change_add(&extra, "responsible_worker", worker, "");
        }
    }
    if (!rc)
        rc = commit_change(ctx, client, &l, on, &nv, G_MUNI, KP_PV_MOVE, "move", in->reason, &extra);
    rc = kp_store_finish(ctx->db, rc);
    kp_pv_free(&l);
    if (!rc && id_out)
        *id_out = client;
    return rc;
}

/* ---- Closing and reopening the case ------------------------------------- */

static const char *const CLOSING_REASONS[] = {"moved_away", "died", "not_eligible", "refused", "other", NULL};
static const char *const STATUSES[] = {"closed", "open", NULL};

kp_rc kp_case_status_record(kp_ctx *ctx, const kp_case_status_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    size_t before = e->n;
    int64_t client = 0;
    kp_rc rc = kp_scope_client_field(ctx, e, "client_id", in->client_id, true, &client);
    if (rc || !client)
        return rc ? rc : KP_EINVAL;
    kp_pv_list l;
    rc = kp_pv_load(ctx, client, &l);
    if (rc)
        return rc;
    char on[11] = "";
    kp_date at = effective(ctx, e, in->effective_on, &l, true, on);
    const char *status = kp_v_enum(ctx, e, "status", in->status, STATUSES, true);
    bool closing = status && strcmp(status, "closed") == 0;
    const char *why = NULL;
    if (closing)
        why = kp_v_enum(ctx, e, "closing_reason", in->closing_reason, CLOSING_REASONS, true);
    else if (status && !kp_blank(in->closing_reason))
        kp_errors_add(e, "closing_reason", in->closing_reason, "%s",
                      KP_TR(ctx, "slēgšanas iemeslu norāda tikai, slēdzot lietu: atstājiet tukšu",
                            "a closing reason is given only when closing the case: leave it empty"));
    bool text_needed = status && (!closing || (why && strcmp(why, "other") == 0));
    kp_v_text_lines(ctx, e, "reason", in->reason, KP_REASON_MAX, text_needed);
    kp_person_version nv;
    memset(&nv, 0, sizeof nv);
    if (e->n == before && at != KP_DATE_NONE) {
        nv = l.v[kp_pv_find(&l, on)].p;
        /* Closing a closed case with another reason changes the reason
         * from that date; with the same one it changes nothing. */
        if (closing && nv.closed && why && strcmp(nv.closed_reason, why) == 0 &&
            strcmp(nv.closed_note, in->reason ? in->reason : "") == 0)
            kp_errors_add(e, "status", in->status, "%s",
                          KP_TR(ctx, "šajā datumā lieta jau ir slēgta ar šo iemeslu",
                                "on that date the case is already closed for this reason"));
        if (!closing && !nv.closed)
            kp_errors_add(e, "status", in->status, "%s",
                          KP_TR(ctx, "šajā datumā lieta ir atvērta: atvērt var tikai slēgtu lietu",
                                "on that date the case is open: only a closed case can be reopened"));
        nv.closed = closing;
        snprintf(nv.closed_reason, sizeof nv.closed_reason, "%s", closing ? why : "");
        snprintf(nv.closed_note, sizeof nv.closed_note, "%s", closing && in->reason ? in->reason : "");
    }
    if (e->n != before) {
        kp_pv_free(&l);
        return KP_EINVAL;
    }
    rc = kp_store_begin(ctx->db);
    if (!rc)
        rc = kp_store_finish(ctx->db, commit_change(ctx, client, &l, on, &nv, G_STATUS,
                                                    closing ? KP_PV_NONE : KP_PV_REOPEN, closing ? "close" : "reopen",
                                                    in->reason ? in->reason : "", NULL));
    kp_pv_free(&l);
    if (!rc && id_out)
        *id_out = client;
    return rc;
}
