/* Applications made online and the municipality's intake queue (see
 * applications.h): the public submission, status and answer, the queue,
 * and the workers' accept / ask / refuse, each in one transaction with its
 * audit record. Personal codes are sealed (keyring.h) and never logged. */
#include "service/intake/applications.h"
#include "service/access.h"
#include "service/accounts/sessions.h"
#include "service/audit.h"
#include "service/casework/commands.h"
#include "service/intake/applications_sql.h"
#include "service/validate.h"
#include "core/mem.h"
#include "core/personal_code.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KDF_CONTEXT "kopa-app" /* crypto_kdf_CONTEXTBYTES (8) */
#define SUBKEY_FORM 1
#define SUBKEY_CODE 2
static const char B32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; /* Crockford's base32 */

/* ---- Signed form tokens -------------------------------------------------- */

static void subkey(const kp_keyring *keys, uint64_t id, unsigned char out[32])
{
    crypto_kdf_derive_from_key(out, 32, id, KDF_CONTEXT, keys->public_key);
}

static void token_mac(const kp_keyring *keys, const char *purpose, const unsigned char *body, size_t n,
                      unsigned char mac[crypto_auth_BYTES])
{
    unsigned char key[32];
    subkey(keys, SUBKEY_FORM, key);
    crypto_auth_hmacsha512256_state st;
    crypto_auth_hmacsha512256_init(&st, key, sizeof key);
    crypto_auth_hmacsha512256_update(&st, (const unsigned char *)purpose, strlen(purpose) + 1);
    crypto_auth_hmacsha512256_update(&st, body, n);
    crypto_auth_hmacsha512256_final(&st, mac);
    sodium_memzero(key, sizeof key);
    sodium_memzero(&st, sizeof st);
}

kp_rc kp_form_token_make(const kp_keyring *keys, const char *purpose, int64_t now, char out[KP_FORM_TOKEN_CHARS + 1])
{
    if (!keys || !purpose || !out)
        return KP_EINVAL;
    if (sodium_init() < 0)
        return KP_ECRYPTO;
    unsigned char raw[8 + 16 + crypto_auth_BYTES];
    uint64_t t = (uint64_t)now;
    for (int i = 0; i < 8; i++)
        raw[i] = (unsigned char)(t >> (56 - 8 * i));
    randombytes_buf(raw + 8, 16);
    token_mac(keys, purpose, raw, 24, raw + 24);
    sodium_bin2base64(out, KP_FORM_TOKEN_CHARS + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return KP_OK;
}

bool kp_form_token_check(const kp_keyring *keys, const char *purpose, const char *token, int64_t now,
                         char *nonce_out)
{
    if (!keys || !purpose || !token || strlen(token) != KP_FORM_TOKEN_CHARS)
        return false;
    unsigned char raw[8 + 16 + crypto_auth_BYTES];
    size_t n = 0;
    if (sodium_base642bin(raw, sizeof raw, token, KP_FORM_TOKEN_CHARS, NULL, &n, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        n != sizeof raw)
        return false;
    unsigned char mac[crypto_auth_BYTES];
    token_mac(keys, purpose, raw, 24, mac);
    bool ok = sodium_memcmp(mac, raw + 24, sizeof mac) == 0;
    uint64_t t = 0;
    for (int i = 0; i < 8; i++)
        t = (t << 8) | raw[i];
    int64_t made = (int64_t)t;
    if (made > now + 60 || now - made > KP_FORM_TOKEN_MAX_AGE)
        ok = false;
    if (ok && nonce_out)
        sodium_bin2hex(nonce_out, 33, raw + 8, 16);
    return ok;
}

/* ---- Reference numbers and status codes ---------------------------------- */

/* `groups` groups of `per` random base32 characters joined by '-'. */
static void random_b32(char *out, int groups, int per)
{
    size_t k = 0;
    for (int g = 0; g < groups; g++) {
        if (g)
            out[k++] = '-';
        for (int i = 0; i < per; i++)
            out[k++] = B32[randombytes_uniform(32)];
    }
    out[k] = '\0';
}

/* What a person typed, as the canonical grouped form: case, spaces and
 * hyphens do not matter, O reads as 0 and I, L as 1. False when it is not
 * `groups` × `per` characters of the alphabet. */
static bool canonical_b32(const char *in, int groups, int per, char *out, size_t outlen)
{
    char flat[32];
    size_t n = 0;
    if (!in || (size_t)(groups * per + groups) > outlen)
        return false;
    for (const char *p = in; *p; p++) {
        char c = *p;
        if (c == ' ' || c == '-' || c == '\t')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c == 'O')
            c = '0';
        if (c == 'I' || c == 'L')
            c = '1';
        if (!strchr(B32, c) || c == '\0' || n >= sizeof flat - 1)
            return false;
        flat[n++] = c;
    }
    if (n != (size_t)(groups * per))
        return false;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && i % (size_t)per == 0)
            out[k++] = '-';
        out[k++] = flat[i];
    }
    out[k] = '\0';
    return true;
}

static void code_hash(const kp_keyring *keys, const char *reference, const char *code, unsigned char out[32])
{
    unsigned char key[32];
    subkey(keys, SUBKEY_CODE, key);
    crypto_generichash_state st;
    crypto_generichash_init(&st, key, sizeof key, 32);
    crypto_generichash_update(&st, (const unsigned char *)reference, strlen(reference) + 1);
    crypto_generichash_update(&st, (const unsigned char *)code, strlen(code));
    crypto_generichash_final(&st, out, 32);
    sodium_memzero(key, sizeof key);
}

/* ---- Messages naming the field ------------------------------------------- */

static const struct {
    const char *field, *lv, *en;
} LABELS[] = {
    {"relation", "Saistība ar personu", "Relation to the person"},
    {"applicant_given_name", "Iesniedzēja vārds", "Applicant's given name"},
    {"applicant_family_name", "Iesniedzēja uzvārds", "Applicant's family name"},
    {"applicant_personal_code", "Iesniedzēja personas kods", "Applicant's personal code"},
    {"phone", "Tālrunis", "Phone"},
    {"email", "E-pasts", "E-mail"},
    {"person_given_name", "Pakalpojuma saņēmēja vārds", "Given name of the person the service is for"},
    {"person_family_name", "Pakalpojuma saņēmēja uzvārds", "Family name of the person the service is for"},
    {"person_personal_code", "Pakalpojuma saņēmēja personas kods", "Personal code of the person the service is for"},
    {"person_birth_date", "Pakalpojuma saņēmēja dzimšanas datums", "Birth date of the person the service is for"},
    {"municipality", "Pašvaldība", "Municipality"},
    {"service", "Pakalpojums", "Service"},
    {"need", "Kas ir vajadzīgs", "What is needed"},
    {"consent", "Datu apstrāde", "Processing of personal data"},
    {"answer", "Atbilde", "Answer"},
    {"question", "Jautājums iesniedzējam", "Question to the applicant"},
    {"reason", "Atteikuma iemesls", "Reason for refusal"},
    {"mode", "Kā pieņemt", "How to accept"},
    {"target_group", "Mērķa grupa", "Target group"},
    {"disability_group", "Invaliditātes grupa", "Disability group"},
    {"registered_on", "Reģistrēts", "Registered on"},
};

static const char *label_of(const kp_ctx *ctx, const char *field)
{
    for (size_t i = 0; i < sizeof LABELS / sizeof LABELS[0]; i++)
        if (strcmp(LABELS[i].field, field) == 0)
            return KP_TR(ctx, LABELS[i].lv, LABELS[i].en);
    return field;
}

/* Copies the errors of `from` into `e` with the field's name before each
 * message ("Pašvaldība: …"), so that a message read alone — in the summary
 * at the top of a form, or in JSON — says which field it is about.
 * `rename` (may be NULL) moves errors of fields the form does not have to
 * that field. */
static void add_named(const kp_ctx *ctx, const kp_errors *from, kp_errors *e, const char *const *fields,
                      const char *rename)
{
    for (size_t i = 0; i < from->n; i++) {
        const char *f = from->items[i].field;
        bool known = !fields;
        for (size_t k = 0; fields && fields[k]; k++)
            if (strcmp(fields[k], f) == 0)
                known = true;
        const char *to = known || !rename ? f : rename;
        kp_errors_add(e, to, from->items[i].value, "%s: %s", label_of(ctx, to), from->items[i].message);
    }
}

static void need(const kp_ctx *ctx, kp_errors *e, const char *field, const char *lv, const char *en)
{
    kp_errors_add(e, field, "", "%s", KP_TR(ctx, lv, en));
}

static const char *const RELATIONS[] = {"self", "parent", "guardian", "representative", NULL};

static bool phone_ok(const char *p)
{
    size_t digits = 0, n = 0;
    for (; p[n]; n++) {
        char c = p[n];
        if (c >= '0' && c <= '9')
            digits++;
        else if (!strchr("+ ()-", c))
            return false;
    }
    return digits >= 8 && digits <= 15 && n <= 24;
}

static bool email_ok(const char *m)
{
    const char *at = strchr(m, '@');
    if (!at || at == m || strchr(at + 1, '@') || strlen(m) > 200)
        return false;
    const char *dot = strrchr(at, '.');
    if (!dot || dot == at + 1 || !dot[1])
        return false;
    for (const char *p = m; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == '"' || *p == ',' || *p == ';')
            return false;
    return true;
}

/* A personal code field: KP_OK with *pc, else a message (never the code). */
static bool check_code(const kp_ctx *ctx, kp_errors *e, const char *field, const char *code, kp_pc *pc)
{
    if (kp_blank(code)) {
        need(ctx, e, field, "obligāts lauks: aizpildiet to", "required: fill it in");
        return false;
    }
    if (kp_pc_parse(code, pc) != KP_OK) {
        kp_errors_add(e, field, "", "%s", kp_ctx_is_en(ctx) ? kp_pc_problem_en(pc->problem) : kp_pc_problem_lv(pc->problem));
        return false;
    }
    return true;
}

/* The checked fields of a submission. */
typedef struct sub_fields {
    bool self;
    kp_pc applicant, person;
    char birth[11];
    int64_t municipality;
    const char *given, *family;
} sub_fields;

static void validate_submission(kp_ctx *ctx, const kp_app_in *in, kp_errors *raw, sub_fields *v)
{
    memset(v, 0, sizeof *v);
    const char *rel = kp_v_enum(ctx, raw, "relation", in->relation, RELATIONS, true);
    v->self = rel && strcmp(rel, "self") == 0;
    kp_v_text(ctx, raw, "applicant_given_name", in->applicant_given_name, 100, true);
    kp_v_text(ctx, raw, "applicant_family_name", in->applicant_family_name, 100, true);
    bool a_ok = check_code(ctx, raw, "applicant_personal_code", in->applicant_personal_code, &v->applicant);
    bool has_phone = !kp_blank(in->phone), has_mail = !kp_blank(in->email);
    if (has_phone && !phone_ok(in->phone))
        need(ctx, raw, "phone", "ierakstiet tālruņa numuru ar 8–15 cipariem (atļauti arī +, atstarpes, iekavas, defise)",
             "type a phone number of 8–15 digits (+, spaces, brackets and hyphens are allowed)");
    if (has_mail && !email_ok(in->email))
        need(ctx, raw, "email", "ierakstiet e-pasta adresi, piemēram, vards@example.lv",
             "type an e-mail address, e.g. name@example.lv");
    if (!has_phone && !has_mail)
        need(ctx, raw, "phone", "norādiet tālruni vai e-pastu, lai ar jums varētu sazināties",
             "give a phone number or an e-mail address so that you can be contacted");
    /* For oneself the person is the applicant. */
    const char *code = v->self ? in->applicant_personal_code : in->person_personal_code;
    v->given = v->self ? in->applicant_given_name : in->person_given_name;
    v->family = v->self ? in->applicant_family_name : in->person_family_name;
    bool p_ok = false;
    if (v->self) {
        p_ok = a_ok;
        v->person = v->applicant;
    } else if (rel) {
        kp_v_text(ctx, raw, "person_given_name", in->person_given_name, 100, true);
        kp_v_text(ctx, raw, "person_family_name", in->person_family_name, 100, true);
        p_ok = check_code(ctx, raw, "person_personal_code", code, &v->person);
        if (p_ok && a_ok && strcmp(v->person.canonical, v->applicant.canonical) == 0) {
            need(ctx, raw, "person_personal_code",
                 "tas ir iesniedzēja paša kods: ja piesakāties sev, izvēlieties “sev”",
                 "this is the applicant's own code: if you apply for yourself, choose “for myself”");
            p_ok = false;
        }
    }
    /* The birth date: from an old-format code when left blank; it must
     * agree with one; a new-format code carries none, so it is needed. */
    const char *birth_in = in->person_birth_date;
    if (kp_blank(birth_in) && p_ok && v->person.format == KP_PC_OLD && v->person.birth_date != KP_DATE_NONE) {
        kp_date_format_iso(v->person.birth_date, v->birth);
        birth_in = v->birth;
    }
    if (p_ok || !kp_blank(birth_in)) {
        kp_date birth = kp_v_date(ctx, raw, "person_birth_date", birth_in, true);
        if (birth != KP_DATE_NONE) {
            kp_date_format_iso(birth, v->birth);
            if (p_ok && v->person.format == KP_PC_OLD && v->person.birth_date != birth)
                need(ctx, raw, "person_birth_date", "nesakrīt ar personas kodu", "does not match the personal code");
            else if (birth > kp_ctx_today(ctx))
                need(ctx, raw, "person_birth_date", "datums ir nākotnē", "the date is in the future");
        }
    }
    v->municipality = kp_v_municipality(ctx, raw, "municipality", in->municipality, kp_ctx_today(ctx), true);
    if (kp_blank(in->service))
        need(ctx, raw, "service", "izvēlieties pakalpojumu", "choose a service");
    else
        kp_v_service(ctx, raw, "service", in->service);
    kp_v_text_lines(ctx, raw, "need", in->need, KP_APP_NEED_MAX, true);
    if (!in->consent || strcmp(in->consent, "1") != 0)
        need(ctx, raw, "consent", "atzīmējiet, ka esat iepazinies ar to, kā tiks apstrādāti dati",
             "tick that you have read how the data will be processed");
}

static kp_rc names_of(kp_ctx *ctx, int64_t municipality, const char *service, char *m, size_t mlen, char *s,
                      size_t slen)
{
    bool en = kp_ctx_is_en(ctx);
    kp_rc rc = kp_q_app_municipality_name(ctx->db, municipality, en, m, mlen);
    if (!rc)
        rc = kp_q_app_service_name(ctx->db, service, en, s, slen);
    return rc;
}

/* The context of a request from the public: audited as "public". */
static kp_ctx public_ctx(const kp_ctx *ctx)
{
    kp_ctx c = *ctx;
    if (!c.actor || !*c.actor)
        c.actor = "public";
    return c;
}

kp_rc kp_app_submit(kp_ctx *ctx, const kp_app_in *in, const char *address, int64_t now, const char *once,
                    kp_errors *e, kp_app_receipt *out, int64_t *retry_after)
{
    if (!ctx || !in || !address || !e || !out || !retry_after)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    *retry_after = 0;
    if (!ctx->keys)
        return KP_ECRYPTO;
    kp_errors raw;
    kp_errors_init(&raw);
    sub_fields v;
    validate_submission(ctx, in, &raw, &v);
    add_named(ctx, &raw, e, NULL, NULL);
    size_t bad = raw.n;
    kp_errors_free(&raw);
    if (bad)
        return KP_EINVAL;
    kp_rc rc = kp_throttle_address(ctx, "apply", address, now, KP_APPLY_SUBMIT_MAX, KP_APPLY_SUBMIT_WINDOW, retry_after);
    if (rc)
        return rc;
    kp_ctx pub = public_ctx(ctx);
    unsigned char ah[KP_LOOKUP_HASH_BYTES], ph[KP_LOOKUP_HASH_BYTES], ch[32];
    unsigned char *as = NULL, *ps = NULL;
    size_t asn = 0, psn = 0;
    kp_keyring_lookup_hash(ctx->keys, v.applicant.canonical, ah);
    kp_keyring_lookup_hash(ctx->keys, v.person.canonical, ph);
    rc = kp_keyring_seal(ctx->keys, v.applicant.canonical, &as, &asn);
    if (!rc)
        rc = kp_keyring_seal(ctx->keys, v.person.canonical, &ps, &psn);
    if (rc) {
        free(as);
        return rc;
    }
    random_b32(out->reference, 3, 4);
    random_b32(out->code, 2, 5);
    code_hash(ctx->keys, out->reference, out->code, ch);
    snprintf(out->submitted_at, sizeof out->submitted_at, "%s", ctx->now);
    const char *relation = in->relation;
    rc = kp_store_begin(ctx->db);
    if (!rc && once && *once) {
        bool used = false;
        rc = kp_q_app_nonce_used(ctx->db, once, &used);
        if (!rc && used)
            rc = KP_ECONFLICT;
    }
    if (!rc) {
        kp_q_app_new a = {.reference = out->reference,
                          .code_hash = ch,
                          .form_nonce = once,
                          .municipality = v.municipality,
                          .service = in->service,
                          .relation = relation,
                          .applicant_given_name = in->applicant_given_name,
                          .applicant_family_name = in->applicant_family_name,
                          .applicant_code_hash = ah,
                          .applicant_code_sealed = as,
                          .applicant_code_sealed_len = asn,
                          .phone = in->phone,
                          .email = in->email,
                          .person_given_name = v.given,
                          .person_family_name = v.family,
                          .person_code_hash = ph,
                          .person_code_sealed = ps,
                          .person_code_sealed_len = psn,
                          .person_birth_date = v.birth,
                          .need = in->need,
                          .now = ctx->now};
        rc = kp_q_app_insert(ctx->db, &a, &out->id);
    }
    char atvk[8] = "";
    if (!rc)
        rc = kp_municipality_atvk(ctx, v.municipality, atvk, sizeof atvk);
    if (!rc) {
        kp_field_change ch2[] = {{"status", "", "received"},
                                 {"municipality", "", atvk},
                                 {"service", "", in->service},
                                 {"relation", "", relation}};
        rc = kp_audit_change(&pub, "apply", "application", out->id, 0, NULL, "", ch2, 4);
    }
    rc = kp_store_finish(ctx->db, rc);
    free(as);
    free(ps);
    if (!rc)
        rc = names_of(ctx, v.municipality, in->service, out->municipality, sizeof out->municipality, out->service,
                      sizeof out->service);
    if (rc) {
        int64_t keep = *retry_after;
        memset(out, 0, sizeof *out);
        *retry_after = keep;
    }
    return rc;
}

/* ---- The applicant's side: status and answer ----------------------------- */

/* The application a reference number and status code name, after the
 * throttle: its id and status. Unknown and wrong look the same and cost
 * the same (a hash either way). */
static kp_rc find_pair(kp_ctx *ctx, const char *reference, const char *code, const char *address, int64_t now,
                       int64_t *retry, int64_t *id, char status[16])
{
    *id = 0;
    status[0] = '\0';
    if (!ctx->keys)
        return KP_ECRYPTO;
    kp_rc rc = kp_throttle_address(ctx, "apply-status", address, now, KP_APPLY_STATUS_MAX, KP_APPLY_STATUS_WINDOW, retry);
    if (rc)
        return rc;
    char ref[KP_APP_REF_LEN + 2] = "", cd[KP_APP_CODE_LEN + 2] = "";
    /* Both are checked whatever the first gives (no early way out). */
    bool ref_ok = canonical_b32(reference, 3, 4, ref, sizeof ref);
    bool code_ok = canonical_b32(code, 2, 5, cd, sizeof cd);
    bool shape = ref_ok && code_ok;
    unsigned char want[32], have[32];
    memset(have, 0, sizeof have);
    code_hash(ctx->keys, ref, cd, want);
    kp_q_app_key key;
    bool row = false;
    rc = kp_q_app_by_reference(ctx->db, ref, &key, &row);
    int64_t found = rc || !row ? 0 : key.id;
    if (found) {
        memcpy(have, key.code_hash, sizeof have);
        snprintf(status, 16, "%s", key.status);
    }
    if (rc)
        return rc;
    bool match = sodium_memcmp(want, have, sizeof want) == 0;
    if (!shape || !found || !match) {
        status[0] = '\0';
        return KP_ENOTFOUND;
    }
    *id = found;
    return KP_OK;
}

kp_rc kp_app_status_get(kp_ctx *ctx, const char *reference, const char *code, const char *address, int64_t now,
                        kp_app_status *out, int64_t *retry_after)
{
    if (!ctx || !reference || !code || !address || !out || !retry_after)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    *retry_after = 0;
    int64_t id = 0;
    char status[16];
    kp_rc rc = find_pair(ctx, reference, code, address, now, retry_after, &id, status);
    if (rc)
        return rc;
    bool row = false;
    rc = kp_q_app_status_of(ctx->db, id, kp_ctx_is_en(ctx), out, &row);
    if (!rc && row && strcmp(out->status, "refused") != 0)
        out->message[0] = '\0';
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc && strcmp(out->status, "info_requested") == 0)
        rc = kp_q_app_last_question(ctx->db, id, out->message, sizeof out->message);
    kp_ctx pub = public_ctx(ctx);
    if (!rc)
        rc = kp_audit_access(&pub, "status_check", "application", id, 0, "");
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}

kp_rc kp_app_answer(kp_ctx *ctx, const char *reference, const char *code, const char *answer, const char *address,
                    int64_t now, kp_errors *e, int64_t *retry_after)
{
    if (!ctx || !reference || !code || !address || !e || !retry_after)
        return KP_EINVAL;
    *retry_after = 0;
    int64_t id = 0;
    char status[16];
    kp_rc rc = find_pair(ctx, reference, code, address, now, retry_after, &id, status);
    if (rc)
        return rc;
    kp_errors raw;
    kp_errors_init(&raw);
    kp_v_text_lines(ctx, &raw, "answer", answer, KP_APP_MESSAGE_MAX, true);
    add_named(ctx, &raw, e, NULL, NULL);
    size_t bad = raw.n;
    kp_errors_free(&raw);
    if (bad)
        return KP_EINVAL;
    kp_ctx pub = public_ctx(ctx);
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    char now_status[16] = "";
    rc = kp_q_app_status(ctx->db, id, now_status);
    if (!rc && strcmp(now_status, "info_requested") != 0)
        rc = KP_ECONFLICT;
    if (!rc)
        rc = kp_q_app_message_add(ctx->db, id, ctx->now, false, 0, answer);
    if (!rc)
        rc = kp_q_app_set_received(ctx->db, id, ctx->now);
    if (!rc) {
        kp_field_change ch[] = {{"status", "info_requested", "received"}};
        rc = kp_audit_change(&pub, "answer", "application", id, 0, NULL, "", ch, 1);
    }
    return kp_store_finish(ctx->db, rc);
}

/* ---- The intake queue ---------------------------------------------------- */

static bool has_queue(const kp_ctx *ctx)
{
    return (ctx->role == KP_ROLE_SOCIAL_WORKER || ctx->role == KP_ROLE_MUNICIPAL_HEAD) && ctx->municipality_id > 0;
}

void kp_app_rows_free(kp_app_rows *r)
{
    if (!r)
        return;
    free(r->items);
    memset(r, 0, sizeof *r);
}

static const char *const WHICH[] = {"open", "all", "received", "info_requested", "accepted", "refused", NULL};

kp_rc kp_app_queue(kp_ctx *ctx, const char *which, size_t limit, size_t offset, kp_app_rows *out)
{
    if (!ctx || !out || limit == 0 || limit > 1000)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (!which || !*which)
        which = "open";
    bool known = false;
    for (size_t i = 0; WHICH[i]; i++)
        known |= strcmp(WHICH[i], which) == 0;
    if (!known)
        return KP_EINVAL;
    if (!has_queue(ctx))
        return KP_ENOTFOUND;
    int64_t total = 0;
    kp_rc rc = kp_q_app_queue_count(ctx->db, ctx->municipality_id, which, &total);
    if (rc)
        return rc;
    out->total = (size_t)total;
    rc = kp_q_app_queue_page(ctx->db, ctx->municipality_id, which, kp_ctx_is_en(ctx), limit, offset, out);
    for (size_t i = 0; !rc && i < out->n; i++)
        rc = kp_audit_access(ctx, "list", "application", out->items[i].id, 0, "");
    if (rc)
        kp_app_rows_free(out);
    return rc;
}

kp_rc kp_app_count_new(kp_ctx *ctx, int64_t *n)
{
    if (!ctx || !n)
        return KP_EINVAL;
    *n = 0;
    if (!has_queue(ctx))
        return KP_OK;
    return kp_q_app_count_received(ctx->db, ctx->municipality_id, n);
}

/* The application if it is in the caller's queue: its status, the
 * person's code hash and the municipality; else KP_ENOTFOUND. */
static kp_rc scoped(kp_ctx *ctx, int64_t id, char status[16], unsigned char hash[KP_LOOKUP_HASH_BYTES],
                    int64_t *client)
{
    if (!has_queue(ctx) || id <= 0)
        return KP_ENOTFOUND;
    kp_q_app_scope a;
    bool row = false;
    kp_rc rc = kp_q_app_scoped(ctx->db, id, ctx->municipality_id, &a, &row);
    if (!rc && row) {
        snprintf(status, 16, "%s", a.status);
        memcpy(hash, a.person_code_hash, KP_LOOKUP_HASH_BYTES);
        *client = a.client;
    }
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    return rc;
}

/* The client in the caller's scope who holds the code with this hash, or 0. */
static kp_rc holder_in_scope(kp_ctx *ctx, const unsigned char hash[KP_LOOKUP_HASH_BYTES], bool write, int64_t *out)
{
    int64_t holder = 0;
    *out = 0;
    kp_rc rc = kp_q_app_code_holder(ctx->db, hash, &holder);
    if (!rc && holder && kp_access_client(ctx, holder, write) == KP_OK)
        *out = holder;
    return rc;
}

kp_rc kp_app_get(kp_ctx *ctx, int64_t id, kp_app_detail *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    char status[16];
    unsigned char hash[KP_LOOKUP_HASH_BYTES];
    int64_t client = 0;
    kp_rc rc = scoped(ctx, id, status, hash, &client);
    if (rc)
        return rc;
    bool row = false;
    rc = kp_q_app_detail(ctx->db, id, kp_ctx_is_en(ctx), out, &row);
    if (!rc && row)
        snprintf(out->relation, sizeof out->relation, "%s", out->row.relation);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    out->client_id = client;
    if (!rc)
        rc = holder_in_scope(ctx, hash, false, &out->existing_client);
    if (!rc)
        rc = kp_q_app_messages(ctx->db, id, out);
    if (!rc)
        rc = kp_audit_access(ctx, "read", "application", id, client, "");
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}

static bool open_status(const char *s)
{
    return strcmp(s, "received") == 0 || strcmp(s, "info_requested") == 0;
}

static const char *const ACCEPT_FIELDS[] = {"mode", "target_group", "disability_group", "registered_on", NULL};
static const char *const MODES[] = {"register", "link", NULL};

kp_rc kp_app_accept(kp_ctx *ctx, int64_t id, const kp_app_accept_in *in, kp_errors *e, int64_t *client_id)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    if (client_id)
        *client_id = 0;
    char status[16];
    unsigned char hash[KP_LOOKUP_HASH_BYTES];
    int64_t client = 0;
    kp_rc rc = scoped(ctx, id, status, hash, &client);
    if (rc)
        return rc;
    if (!open_status(status))
        return KP_ECONFLICT;
    kp_errors raw;
    kp_errors_init(&raw);
    const char *mode = kp_v_enum(ctx, &raw, "mode", in->mode, MODES, true);
    bool reg = mode && strcmp(mode, "register") == 0;
    int64_t holder = 0;
    if (!rc && mode && !reg) {
        rc = holder_in_scope(ctx, hash, true, &holder);
        if (!rc && !holder)
            need(ctx, &raw, "mode", "jūsu pašvaldībā nav klienta ar šo personas kodu: reģistrējiet jaunu klientu",
                 "there is no client with this personal code in your municipality: register a new client");
    }
    kp_cmd_register cr;
    memset(&cr, 0, sizeof cr);
    char code[16] = "", given[101] = "", family[101] = "", birth[11] = "", atvk[8] = "", today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    if (!rc && reg) {
        if (!ctx->keys) {
            kp_errors_free(&raw);
            return KP_ECRYPTO;
        }
        kp_q_app_person person;
        bool row = false;
        rc = kp_q_app_person_of(ctx->db, id, &person, &row);
        if (!rc && row) {
            rc = kp_keyring_open(ctx->keys, person.sealed.b, person.sealed.n, code, sizeof code);
            snprintf(given, sizeof given, "%s", person.given_name);
            snprintf(family, sizeof family, "%s", person.family_name);
            snprintf(birth, sizeof birth, "%s", person.birth_date);
        }
        kp_q_app_person_release(&person);
        if (!rc)
            rc = kp_municipality_atvk(ctx, ctx->municipality_id, atvk, sizeof atvk);
        cr.client = (kp_client_in){.personal_code = code, .given_name = given, .family_name = family,
                                   .birth_date = birth, .municipality = atvk, .target_group = in->target_group,
                                   .disability_group = in->disability_group,
                                   .registered_on = kp_blank(in->registered_on) ? today : in->registered_on};
        /* The applicant's code was accepted with its check-digit warning. */
        cr.confirmed = true;
        /* A refusal the registration audits for good (the person is
         * another municipality's client) is made before the transaction. */
        if (!rc && !raw.n)
            rc = kp_client_register_screen(ctx, &cr.client, &raw);
    }
    if (rc || raw.n) {
        add_named(ctx, &raw, e, ACCEPT_FIELDS, "mode");
        kp_errors_free(&raw);
        sodium_memzero(code, sizeof code);
        return rc ? rc : KP_EINVAL;
    }
    rc = kp_store_begin(ctx->db);
    if (!rc) {
        /* Decided by someone else meanwhile? */
        rc = kp_q_app_status(ctx->db, id, status);
        if (!rc && !open_status(status))
            rc = KP_ECONFLICT;
    }
    if (!rc && reg) {
        kp_cmd_out co;
        kp_errors w;
        kp_errors_init(&w);
        rc = kp_cmd_run(ctx, KP_CMD_REGISTER_CLIENT, &cr, sizeof cr, NULL, 0, &raw, &w, &co);
        kp_errors_free(&w);
        holder = rc ? 0 : co.id;
    }
    sodium_memzero(code, sizeof code);
    if (!rc) {
        rc = kp_q_app_set_accepted(ctx->db, id, holder, ctx->now);
    }
    if (!rc) {
        char cid[24];
        snprintf(cid, sizeof cid, "%lld", (long long)holder);
        kp_field_change ch[] = {{"status", status, "accepted"}, {"client_id", "", cid}, {"mode", "", mode}};
        rc = kp_audit_change(ctx, "accept", "application", id, holder, NULL, "", ch, 3);
    }
    rc = kp_store_finish(ctx->db, rc);
    add_named(ctx, &raw, e, ACCEPT_FIELDS, "mode");
    kp_errors_free(&raw);
    if (!rc && client_id)
        *client_id = holder;
    return rc;
}

/* Ask or refuse: a text from the worker, then the status. */
static kp_rc decide(kp_ctx *ctx, int64_t id, const char *field, const char *text, kp_errors *e, bool refuse)
{
    if (!ctx || !e)
        return KP_EINVAL;
    char status[16];
    unsigned char hash[KP_LOOKUP_HASH_BYTES];
    int64_t client = 0;
    kp_rc rc = scoped(ctx, id, status, hash, &client);
    if (rc)
        return rc;
    if (!open_status(status))
        return KP_ECONFLICT;
    kp_errors raw;
    kp_errors_init(&raw);
    kp_v_text_lines(ctx, &raw, field, text, KP_APP_MESSAGE_MAX, true);
    add_named(ctx, &raw, e, NULL, NULL);
    size_t bad = raw.n;
    kp_errors_free(&raw);
    if (bad)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (!rc)
        rc = kp_q_app_status(ctx->db, id, status);
    if (!rc && !open_status(status))
        rc = KP_ECONFLICT;
    if (!rc && refuse) {
        rc = kp_q_app_set_refused(ctx->db, id, text, ctx->now);
    } else if (!rc) {
        rc = kp_q_app_message_add(ctx->db, id, ctx->now, true, ctx->user_id, text);
        if (!rc)
            rc = kp_q_app_set_info_requested(ctx->db, id, ctx->now);
    }
    if (!rc) {
        kp_field_change ch[] = {{"status", status, refuse ? "refused" : "info_requested"}};
        rc = kp_audit_change(ctx, refuse ? "refuse" : "ask_more", "application", id, client, NULL, refuse ? text : "",
                             ch, 1);
    }
    return kp_store_finish(ctx->db, rc);
}

kp_rc kp_app_ask(kp_ctx *ctx, int64_t id, const char *question, kp_errors *e)
{
    return decide(ctx, id, "question", question, e, false);
}

kp_rc kp_app_refuse(kp_ctx *ctx, int64_t id, const char *reason, kp_errors *e)
{
    return decide(ctx, id, "reason", reason, e, true);
}

/* ---- The form's choices -------------------------------------------------- */

void kp_app_choices_free(kp_app_choices *c)
{
    if (!c)
        return;
    free(c->municipalities);
    free(c->services);
    memset(c, 0, sizeof *c);
}

kp_rc kp_app_choices_load(kp_ctx *ctx, kp_app_choices *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    bool en = kp_ctx_is_en(ctx);
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    kp_rc rc = kp_q_app_municipality_choices(ctx->db, en, today, &out->municipalities, &out->nmunicipalities);
    if (!rc)
        rc = kp_q_app_service_choices(ctx->db, en, &out->services, &out->nservices);
    if (rc)
        kp_app_choices_free(out);
    return rc;
}
