/* Registering clients and keeping their personal codes (sealed, with a keyed
 * hash for exact search) and their residence history. */
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/cases.h"
#include "service/casework/people_versions.h"
#include "service/casework/client_sql.h"
#include "service/validate.h"
#include "core/personal_code.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Validates a personal code field; fills *pc. Never echoes the code back
 * into a message or the error's value. */
static bool check_code(const kp_ctx *ctx, kp_errors *e, const char *field, const char *code, kp_pc *pc)
{
    if (kp_blank(code)) {
        kp_errors_add(e, field, "", "%s", KP_TR(ctx, "obligāts lauks: aizpildiet to", "required: fill it in"));
        return false;
    }
    if (kp_pc_parse(code, pc) != KP_OK) {
        kp_errors_add(e, field, "", "%s", kp_ctx_is_en(ctx) ? kp_pc_problem_en(pc->problem) : kp_pc_problem_lv(pc->problem));
        return false;
    }
    return true;
}

static bool code_taken(kp_ctx *ctx, const unsigned char hash[KP_LOOKUP_HASH_BYTES], int64_t *holder)
{
    kp_q_code_holder(ctx->db, hash, holder);
    return *holder != 0;
}

/* *id_out (may be NULL) gets the stored code's id. */
static kp_rc store_code(kp_ctx *ctx, int64_t id, int64_t client_id, const kp_pc *pc, const char *from, const char *to,
                        int64_t *id_out)
{
    unsigned char hash[KP_LOOKUP_HASH_BYTES];
    unsigned char *sealed = NULL;
    size_t sealed_len = 0;
    kp_keyring_lookup_hash(ctx->keys, pc->canonical, hash);
    kp_rc rc = kp_keyring_seal(ctx->keys, pc->canonical, &sealed, &sealed_len);
    if (rc)
        return rc;
    kp_q_code_new c = {.id = id, .client_id = client_id, .hash = hash, .sealed = sealed, .sealed_len = sealed_len,
                       .valid_from = from, .valid_to = to, .warning = pc->warning};
    rc = kp_q_code_add(ctx->db, &c, id_out);
    free(sealed);
    return rc;
}

/* What a registration that finds the person already registered says. One
 * keyed table, Latvian and English side by side; when moving a person
 * between municipalities becomes a use case, R_DUP_ELSEWHERE points to it. */
#define REG_STRINGS(X)                                                                                              \
    X(R_DUP_OWN, "klients ar šo personas kodu jau ir reģistrēts: klienta Nr.",                                       \
      "a client with this personal code is already registered: client no.")                                         \
    X(R_DUP_ELSEWHERE,                                                                                              \
      "šī persona jau ir citas pašvaldības klients. Ja persona pārcēlusies pie jums, lūdziet tās pašreizējās "       \
      "pašvaldības sociālo dienestu reģistrēt pārcelšanos",                                                         \
      "this person is already a client of another municipality. If they have moved to yours, ask the social "     \
      "service of their current municipality to record the move")                                                  \
    X(R_DUP_LIMIT,                                                                                                  \
      "šodien jau sasniegts dienas ierobežojums reģistrācijām, kurās persona izrādās citas pašvaldības klients; "    \
      "līdz rītdienai tās netiek pieņemtas: sazinieties ar administratoru. Ierobežojums:",                          \
      "today's limit of registrations that find the person in another municipality is reached; none are accepted " \
      "until tomorrow: contact the administrator. The limit:")

#define R_ENUM(k, lv, en) k,
#define R_LV(k, lv, en) lv,
#define R_EN(k, lv, en) en,
enum { REG_STRINGS(R_ENUM) R_COUNT };
static const char *const REG_LV[] = {REG_STRINGS(R_LV)};
static const char *const REG_EN[] = {REG_STRINGS(R_EN)};

static const char *reg_text(const kp_ctx *ctx, int k)
{
    return kp_ctx_is_en(ctx) ? REG_EN[k] : REG_LV[k];
}

/* A registration's fields once checked. */
typedef struct reg_fields {
    int64_t id, municipality, parish, rep, disability;
    int parents_working;
    kp_pc pc;
    kp_date since;
    char birth[11];  /* ISO: as typed, or from an old-format code when left blank */
} reg_fields;

/* Every field of a registration, then the caller's right to register in
 * the municipality. Nothing here looks at whether the code is registered
 * anywhere, so a request with any invalid field gets the same answer
 * whoever holds the code (no existence oracle). KP_EINVAL with messages in
 * e, KP_EDENIED, or KP_OK. */
static kp_rc reg_validate(kp_ctx *ctx, const kp_client_in *in, kp_errors *e, reg_fields *v)
{
    size_t before = e->n;
    memset(v, 0, sizeof *v);
    v->id = kp_v_new_id(ctx, e, "id", in->id, "client");
    bool code_ok = check_code(ctx, e, "personal_code", in->personal_code, &v->pc);
    kp_v_text(ctx, e, "given_name", in->given_name, 100, true);
    kp_v_text(ctx, e, "family_name", in->family_name, 100, true);
    kp_date registered = kp_v_date(ctx, e, "registered_on", in->registered_on, true);
    /* An old-format code carries the birth date (DDMMYY and the century
     * digit): a blank birth date is taken from it. */
    const char *birth_in = in->birth_date;
    if (kp_blank(birth_in) && code_ok && v->pc.format == KP_PC_OLD && v->pc.birth_date != KP_DATE_NONE) {
        kp_date_format_iso(v->pc.birth_date, v->birth);
        birth_in = v->birth;
    }
    kp_date birth = kp_v_date(ctx, e, "birth_date", birth_in, true);
    if (birth != KP_DATE_NONE)
        kp_date_format_iso(birth, v->birth);
    v->since = kp_v_date(ctx, e, "code_since", in->code_since, false);
    if (code_ok && birth != KP_DATE_NONE && v->pc.format == KP_PC_OLD && v->pc.birth_date != birth)
        kp_errors_add(e, "birth_date", in->birth_date, "%s",
                      KP_TR(ctx, "dzimšanas datums nesakrīt ar personas kodu", "the birth date does not match the personal code"));
    if (birth != KP_DATE_NONE && registered != KP_DATE_NONE && birth > registered)
        kp_errors_add(e, "birth_date", in->birth_date, "%s",
                      KP_TR(ctx, "dzimšanas datums ir pēc reģistrācijas datuma", "the birth date is after the registration date"));
    v->municipality = kp_v_municipality(ctx, e, "municipality", in->municipality, registered, true);
    v->parish = kp_v_parish(ctx, e, "parish", in->parish, v->municipality);
    bool tg_ok = kp_v_target_group(ctx, e, "target_group", in->target_group);
    v->rep = kp_v_int(ctx, e, "representative_id", in->representative_id, 1, INT64_MAX, false, 0);
    if (v->rep && v->rep == v->id) {
        kp_errors_add(e, "representative_id", in->representative_id, "%s",
                      KP_TR(ctx, "persona nevar būt pati savs likumiskais pārstāvis", "a person is not their own legal representative"));
        v->rep = 0;
    }
    if (v->rep && kp_access_client(ctx, v->rep, false) != KP_OK) {
        kp_errors_add(e, "representative_id", in->representative_id, "%s",
                      KP_TR(ctx, "nav tāda ieraksta: pārbaudiet numuru", "no such record: check the number"));
        v->rep = 0;
    }
    v->disability = kp_v_int(ctx, e, "disability_group", in->disability_group, 1, 3, false, 0);
    kp_v_date(ctx, e, "special_care_from", in->special_care_from, false);
    v->parents_working = kp_v_flag(ctx, e, "parents_working", in->parents_working, -1);
    if (tg_ok && birth != KP_DATE_NONE && registered != KP_DATE_NONE) {
        int age = kp_date_age(birth, registered);
        bool child_group = strcmp(in->target_group, "ft") == 0 || strcmp(in->target_group, "bsac") == 0;
        if (child_group && age >= 18)
            kp_errors_add(e, "target_group", in->target_group, "%s",
                          KP_TR(ctx, "bērnu mērķa grupā reģistrē personas līdz 17 gadiem",
                                "children's target groups are for persons up to 17 years of age"));
        if (!child_group && age < 18)
            kp_errors_add(e, "target_group", in->target_group, "%s",
                          KP_TR(ctx, "šajā mērķa grupā reģistrē pilngadīgas personas", "this target group is for adults"));
    }
    if (e->n != before)
        return KP_EINVAL;
    if (kp_access_municipality(ctx, v->municipality, true) != KP_OK) {
        kp_errors_add(e, "municipality", in->municipality, "%s",
                      KP_TR(ctx, "jūs nevarat reģistrēt klientus šajā pašvaldībā", "you cannot register clients in this municipality"));
        return KP_EDENIED;
    }
    return KP_OK;
}

/* Registrations that found the person in another municipality, by the
 * caller, today (from the audit trail). */
static kp_rc hits_today(kp_ctx *ctx, int64_t *n)
{
    char day[11], next[12];
    snprintf(day, sizeof day, "%.10s", ctx->now);
    snprintf(next, sizeof next, "%.10sU", ctx->now); /* after every "YYYY-MM-DDT…" of that day */
    return kp_q_register_elsewhere_count(ctx->db, ctx->actor, day, next, n);
}

/* The duplicate check, made only after every field passed. Within the
 * caller's scope the message names the record; in another municipality
 * the refusal says how a person who moved is transferred, is audited (who,
 * and that the person is another municipality's client: never the code)
 * and is limited to KP_REGISTER_ELSEWHERE_PER_DAY a day per user. KP_OK
 * when the code is free, else KP_EINVAL with the message in e. */
static kp_rc reg_duplicate(kp_ctx *ctx, const kp_pc *pc, kp_errors *e)
{
    unsigned char hash[KP_LOOKUP_HASH_BYTES];
    int64_t holder = 0;
    kp_keyring_lookup_hash(ctx->keys, pc->canonical, hash);
    if (!code_taken(ctx, hash, &holder))
        return KP_OK;
    if (kp_access_client(ctx, holder, false) == KP_OK) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)holder);
        kp_errors_add(e, "personal_code", id, "%s %s", reg_text(ctx, R_DUP_OWN), id);
        return KP_EINVAL;
    }
    int64_t hits = 0;
    kp_rc rc = hits_today(ctx, &hits);
    if (rc)
        return rc;
    if (hits >= KP_REGISTER_ELSEWHERE_PER_DAY) {
        kp_errors_add(e, "personal_code", "", "%s %d", reg_text(ctx, R_DUP_LIMIT), KP_REGISTER_ELSEWHERE_PER_DAY);
        rc = kp_audit(ctx, "register_duplicate_limit", "app_user", ctx->user_id, 0, "daily limit reached");
    } else {
        kp_errors_add(e, "personal_code", "", "%s", reg_text(ctx, R_DUP_ELSEWHERE));
        rc = kp_audit(ctx, "register_duplicate_elsewhere", "client", holder, holder, "another municipality's client");
    }
    return rc ? rc : KP_EINVAL;
}

kp_rc kp_client_register_screen(kp_ctx *ctx, const kp_client_in *in, kp_errors *e)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    if (!ctx->keys)
        return KP_OK; /* the registration itself says so */
    kp_errors scratch;
    kp_errors_init(&scratch);
    reg_fields v;
    kp_rc rc = reg_validate(ctx, in, &scratch, &v);
    kp_errors_free(&scratch);
    if (rc)
        return KP_OK; /* reported by the registration, the same for every code */
    unsigned char hash[KP_LOOKUP_HASH_BYTES];
    int64_t holder = 0;
    kp_keyring_lookup_hash(ctx->keys, v.pc.canonical, hash);
    if (!code_taken(ctx, hash, &holder) || kp_access_client(ctx, holder, false) == KP_OK)
        return KP_OK;
    return reg_duplicate(ctx, &v.pc, e);
}

kp_rc kp_client_register(kp_ctx *ctx, const kp_client_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    if (!ctx->keys) {
        kp_errors_add(e, "personal_code", "", "%s", KP_TR(ctx, "nav ielādēta šifrēšanas atslēga", "the encryption key is not loaded"));
        return KP_ECRYPTO;
    }
    reg_fields v;
    kp_rc rc = reg_validate(ctx, in, e, &v);
    if (!rc)
        rc = reg_duplicate(ctx, &v.pc, e);
    if (rc)
        return rc;
    int64_t id = v.id;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    kp_q_client_new row = {.id = id,
                           .given_name = in->given_name,
                           .family_name = in->family_name,
                           .birth_date = v.birth,
                           .municipality_id = v.municipality,
                           .target_group = in->target_group,
                           .representative_id = v.rep,
                           .disability_group = v.disability,
                           .special_care_from = in->special_care_from,
                           .parents_working = v.parents_working,
                           .registered_on = in->registered_on,
                           .parish_id = v.parish};
    rc = kp_q_client_insert(ctx->db, &row, &id);
    if (!rc)
        rc = store_code(ctx, 0, id, &v.pc, v.since != KP_DATE_NONE ? in->code_since : in->registered_on, NULL, NULL);
    /* The person's history starts with the registration; a representative
     * named here is linked from the same day (people.h). */
    if (!rc)
        rc = kp_pv_first(ctx, id);
    if (!rc && v.rep) {
        rc = kp_q_link_add(ctx->db, 0, id, v.rep, "legal_representative", in->registered_on, NULL, NULL);
    }
    if (!rc)
        rc = kp_audit(ctx, "create", "client", id, id, v.pc.warning ? "personal code check digit warning" : "");
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = id;
    if (!rc && v.pc.warning)
        kp_errors_add(e, "personal_code", "", "%s",
                      KP_TR(ctx, "brīdinājums: jaunā formāta personas koda kontrolcipars nesakrīt; pārbaudiet kodu",
                            "warning: the check digit of this new-format personal code does not match; double-check it"));
    return rc;
}

/* The code periods of a client that overlap [from, to] (to "" = open),
 * other than the row `except`: the first one's dates into a/b. */
static kp_rc code_overlap(kp_ctx *ctx, int64_t client, const char *from, const char *to, int64_t except, char a[11],
                          char b[11], bool *found)
{
    kp_q_period p;
    kp_rc rc = kp_q_code_overlap(ctx->db, client, from, to, except, &p, found);
    if (!rc && *found) {
        memcpy(a, p.from, sizeof p.from);
        memcpy(b, p.to, sizeof p.to);
    }
    return rc;
}

static void overlap_message(kp_ctx *ctx, kp_errors *e, const char *field, const char *value, const char *a, const char *b)
{
    kp_errors_add(e, field, value, "%s: %s – %s; %s",
                  KP_TR(ctx, "pārklājas ar cita šīs personas koda periodu", "overlaps the period of another code of this person"),
                  a, b[0] ? b : KP_TR(ctx, "šodien", "now"),
                  KP_TR(ctx, "personai vienlaikus ir viens kods", "a person holds one code at a time"));
}

kp_rc kp_client_code_change(kp_ctx *ctx, const kp_code_change_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    size_t before = e->n;
    int64_t client_id = 0;
    kp_rc rc = kp_scope_client_field(ctx, e, "client_id", in->client_id, true, &client_id);
    if (rc || !client_id)
        return rc ? rc : KP_EINVAL;
    kp_pc pc;
    bool code_ok = check_code(ctx, e, "personal_code", in->personal_code, &pc);
    kp_date from = kp_v_date(ctx, e, "since", in->since, true);
    kp_v_text_lines(ctx, e, "reason", in->reason, 500, true);
    if (!ctx->keys) {
        kp_errors_add(e, "personal_code", "", "%s", KP_TR(ctx, "nav ielādēta šifrēšanas atslēga", "the encryption key is not loaded"));
        return KP_ECRYPTO;
    }
    char since[11] = "";
    if (from != KP_DATE_NONE) {
        kp_date_format_iso(from, since);
        /* The current code ends the day before: it must have begun by then,
         * and no earlier code may reach into the new one's period. */
        char current[11] = "";
        char a[11], b[11];
        bool found = false;
        int64_t cur_id = 0;
        rc = kp_q_code_current(ctx->db, client_id, &cur_id, current);
        if (!rc && current[0] && strcmp(current, since) >= 0)
            kp_errors_add(e, "since", in->since, "%s %s",
                          KP_TR(ctx, "jaunais kods var sākties tikai pēc pašreizējā koda sākuma:",
                                "the new code can only start after the current code's first day:"),
                          current);
        else if (!rc)
            rc = code_overlap(ctx, client_id, since, "", cur_id, a, b, &found);
        if (!rc && found)
            overlap_message(ctx, e, "since", in->since, a, b);
        if (rc)
            return rc;
    }
    unsigned char hash[KP_LOOKUP_HASH_BYTES];
    int64_t holder = 0;
    if (code_ok && e->n == before) {
        kp_keyring_lookup_hash(ctx->keys, pc.canonical, hash);
        if (code_taken(ctx, hash, &holder)) {
            kp_errors_add(e, "personal_code", "", "%s",
                          holder == client_id ? KP_TR(ctx, "personai jau ir šis kods", "the person already has this code")
                                              : KP_TR(ctx, "šis personas kods pieder citai personai: pārbaudiet to",
                                                      "this personal code belongs to someone else: check it"));
            return KP_ECONFLICT;
        }
    }
    if (e->n != before)
        return KP_EINVAL;
    char prev_end[11];
    kp_date_format_iso(from - 1, prev_end);
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t id = 0;
    rc = kp_q_code_close(ctx->db, client_id, prev_end);
    if (!rc)
        rc = store_code(ctx, 0, client_id, &pc, since, NULL, &id);
    kp_field_change ch[] = {{"personal_code", NULL, NULL}};
    if (!rc)
        rc = kp_audit_change(ctx, "change_code", "client", client_id, client_id, since, in->reason, ch, 1);
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

kp_rc kp_client_add_former_code(kp_ctx *ctx, const kp_former_code_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    int64_t client = 0;
    kp_rc scope = kp_scope_client_field(ctx, e, "client_id", in->client_id, true, &client);
    if (scope)
        return scope;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "personal_code");
    kp_pc pc;
    bool code_ok = check_code(ctx, e, "personal_code", in->personal_code, &pc);
    kp_date from = kp_v_date(ctx, e, "valid_from", in->valid_from, true);
    kp_date to = kp_v_date(ctx, e, "valid_to", in->valid_to, true);
    kp_v_period(ctx, e, "valid_to", from, to);
    unsigned char hash[KP_LOOKUP_HASH_BYTES];
    int64_t holder = 0;
    if (code_ok) {
        kp_keyring_lookup_hash(ctx->keys, pc.canonical, hash);
        if (code_taken(ctx, hash, &holder))
            kp_errors_add(e, "personal_code", "", "%s",
                          KP_TR(ctx, "šis personas kods jau ir reģistrēts", "this personal code is already registered"));
    }
    /* One code at a time: the period may not overlap another of the
     * person's codes (the current one from its first day). */
    if (e->n == before) {
        char a[11], b[11];
        bool found = false;
        kp_rc orc = code_overlap(ctx, client, in->valid_from, in->valid_to, 0, a, b, &found);
        if (orc)
            return orc;
        if (found)
            overlap_message(ctx, e, "valid_from", in->valid_from, a, b);
    }
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = store_code(ctx, id, client, &pc, in->valid_from, in->valid_to, &id);
    kp_field_change ch[] = {{"personal_code", NULL, NULL}};
    if (!rc)
        rc = kp_audit_change(ctx, "add_former_code", "client", client, client, in->valid_from, "", ch, 1);
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

kp_rc kp_client_find_by_code(kp_ctx *ctx, const char *code, int64_t *id_out)
{
    kp_pc pc;
    if (kp_pc_parse(code, &pc) != KP_OK)
        return KP_EINVAL;
    unsigned char hash[KP_LOOKUP_HASH_BYTES];
    kp_keyring_lookup_hash(ctx->keys, pc.canonical, hash);
    int64_t holder = 0;
    if (!code_taken(ctx, hash, &holder))
        return KP_ENOTFOUND;
    kp_rc rc = kp_access_client(ctx, holder, false);
    if (rc)
        return rc;
    *id_out = holder;
    return kp_audit_access(ctx, "search_by_code", "client", holder, holder, "");
}

kp_rc kp_client_personal_code(kp_ctx *ctx, int64_t client_id, char *out, size_t outlen)
{
    kp_rc rc = kp_access_client(ctx, client_id, false);
    if (rc)
        return rc;
    kp_blob sealed = {NULL, 0};
    bool row = false;
    rc = kp_q_code_sealed_current(ctx->db, client_id, false, &sealed, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc)
        rc = kp_keyring_open(ctx->keys, sealed.b, sealed.n, out, outlen);
    free(sealed.b);
    if (!rc)
        rc = kp_audit_access(ctx, "read_personal_code", "client", client_id, client_id, "");
    return rc;
}

static const char *const RESIDENCE_KINDS[] = {"family", "own_home", "group_home", "foster_family", "guardianship",
                                               "family_like_care", "vsac", "children_institution", NULL};

kp_rc kp_residence_add(kp_ctx *ctx, const kp_residence_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    int64_t client = 0;
    kp_rc scope = kp_scope_client_field(ctx, e, "client_id", in->client_id, true, &client);
    if (scope)
        return scope;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "residence");
    kp_v_enum(ctx, e, "kind", in->kind, RESIDENCE_KINDS, true);
    kp_date start = kp_v_date(ctx, e, "start_date", in->start_date, true);
    kp_date end = kp_v_date(ctx, e, "end_date", in->end_date, false);
    kp_v_period(ctx, e, "end_date", start, end);
    int64_t municipality = kp_v_municipality(ctx, e, "municipality", in->municipality, start, false);
    int64_t parish = kp_v_parish(ctx, e, "parish", in->parish, municipality);
    if (e->n == before) {
        /* One place at a time: the new period may not overlap another. */
        if (kp_q_residence_overlaps(ctx->db, client, in->start_date, in->end_date))
            kp_errors_add(e, "start_date", in->start_date, "%s",
                          KP_TR(ctx, "pārklājas ar citu dzīvesvietas periodu: vispirms noslēdziet iepriekšējo",
                                "overlaps another residence period: end the previous one first"));
    }
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    kp_q_residence_new r = {.id = id, .client_id = client, .kind = in->kind, .municipality_id = municipality,
                            .parish_id = parish, .start_date = in->start_date, .end_date = in->end_date};
    rc = kp_q_residence_insert(ctx->db, &r, &id);
    if (!rc)
        rc = kp_audit(ctx, "create", "residence", id, client, in->kind);
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

kp_rc kp_residence_move(kp_ctx *ctx, const kp_residence_move_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    size_t before = e->n;
    int64_t client = 0;
    kp_rc rc = kp_scope_client_field(ctx, e, "client_id", in->client_id, true, &client);
    if (rc || !client)
        return rc ? rc : KP_EINVAL;
    kp_v_enum(ctx, e, "kind", in->kind, RESIDENCE_KINDS, true);
    kp_date on = kp_ctx_today(ctx);
    if (!kp_blank(in->moved_on))
        on = kp_v_date(ctx, e, "moved_on", in->moved_on, true);
    int64_t municipality = kp_v_municipality(ctx, e, "municipality", in->municipality, on, false);
    int64_t parish = kp_v_parish(ctx, e, "parish", in->parish, municipality);
    kp_v_text_lines(ctx, e, "reason", in->reason, 500, true);
    if (e->n != before)
        return KP_EINVAL;
    char d[11], eve[11];
    kp_date_format_iso(on, d);
    kp_date_format_iso(on - 1, eve);
    /* Nothing may start on or after the move: the new period is open. */
    char later[11] = "";
    rc = kp_q_residence_first_from(ctx->db, client, d, later);
    if (rc)
        return rc;
    if (later[0]) {
        kp_errors_add(e, "moved_on", in->moved_on, "%s %s",
                      KP_TR(ctx, "vēlāks dzīvesvietas periods sākas", "a later residence period starts on"), later);
        kp_errors_add(e, "moved_on", in->moved_on, "%s",
                      KP_TR(ctx, "vispirms izlabojiet vēlāko periodu vai norādiet vēlāku pārcelšanās datumu",
                            "correct the later period first or give a later date"));
        return KP_EINVAL;
    }
    /* The place the person leaves: the period in force the day before. */
    int64_t prev = 0, prev_muni = 0;
    char prev_kind[24] = "", prev_end[11] = "", prev_atvk[8] = "", new_atvk[8] = "";
    kp_q_residence r;
    bool row = false;
    rc = kp_q_residence_at(ctx->db, client, eve, &r, &row);
    if (!rc && row) {
        prev = r.id;
        memcpy(prev_kind, r.kind, sizeof prev_kind);
        prev_muni = r.municipality_id;
        memcpy(prev_end, r.end_date, sizeof prev_end);
        memcpy(prev_atvk, r.atvk, sizeof prev_atvk);
    }
    if (!rc && municipality)
        rc = kp_municipality_atvk(ctx, municipality, new_atvk, sizeof new_atvk);
    if (rc)
        return rc;
    if (prev && strcmp(prev_kind, in->kind) == 0 && prev_muni == municipality) {
        kp_errors_add(e, "kind", in->kind, "%s",
                      KP_TR(ctx, "persona jau dzīvo šādā vietā: nekas nemainās", "the person already lives in such a place: nothing changes"));
        return KP_EINVAL;
    }
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    if (prev) {
        rc = kp_q_residence_end(ctx->db, prev, eve);
    }
    int64_t id = 0;
    kp_q_residence_new nr = {.client_id = client, .kind = in->kind, .municipality_id = municipality,
                             .parish_id = parish, .start_date = d};
    if (!rc)
        rc = kp_q_residence_insert(ctx->db, &nr, &id);
    kp_field_change ch[3];
    size_t n = 0;
    ch[n++] = (kp_field_change){"kind", prev_kind, in->kind};
    if (strcmp(prev_atvk, new_atvk) != 0)
        ch[n++] = (kp_field_change){"municipality", prev_atvk, new_atvk};
    if (prev)
        ch[n++] = (kp_field_change){"previous_end_date", prev_end, eve};
    if (!rc)
        rc = kp_audit_change(ctx, "move_residence", "residence", id, client, d, in->reason, ch, n);
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}
