/* Matching a key file to its database by the recorded check value. */
#include "store/key_check.h"
#include "core/mem.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The recorded check value: KP_OK with *have, or a storage failure. */
static kp_rc read_check(kp_store *st, unsigned char out[KP_KEY_CHECK_BYTES], bool *have)
{
    *have = false;
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(st, "SELECT check_value FROM key_check WHERE id = 1", &s);
    bool row = false;
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && row) {
        size_t n = 0;
        const void *b = kp_stmt_blob(s, 0, &n);
        if (b && n == KP_KEY_CHECK_BYTES) {
            memcpy(out, b, n);
            *have = true;
        } else {
            rc = KP_EDB; /* a value of another shape: not written by kopa */
        }
    }
    kp_stmt_free(s);
    return rc;
}

kp_rc kp_key_check_record(kp_store *st, const kp_keyring *k)
{
    kp_rc rc = kp_store_begin(st);
    if (rc)
        return rc;
    kp_stmt *s = NULL;
    rc = kp_store_prepare(st, "INSERT INTO key_check(id, check_value) VALUES (1, ?)", &s);
    if (!rc)
        rc = kp_stmt_bind_blob(s, 1, k->check, sizeof k->check);
    if (!rc)
        rc = kp_stmt_exec(s);
    kp_stmt_free(s);
    return kp_store_finish(st, rc);
}

/* A database without a check value: the key must open a stored code. */
static kp_rc opens_stored_code(kp_store *st, const kp_keyring *k, bool *opens)
{
    *opens = true;
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(st, "SELECT sealed FROM personal_code ORDER BY id LIMIT 1", &s);
    bool row = false;
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && row) {
        size_t n = 0;
        const void *b = kp_stmt_blob(s, 0, &n);
        char plain[64];
        *opens = kp_keyring_open(k, b, n, plain, sizeof plain) == KP_OK;
        sodium_memzero(plain, sizeof plain);
    }
    kp_stmt_free(s);
    return rc;
}

static const char USE_RIGHT_KEY[] = "use the key file made with this database";

kp_rc kp_key_check_load(kp_store *st, const char *db_name, const char *key_path, bool required, kp_keyring *out,
                        bool *loaded, char *err, size_t errlen)
{
    *loaded = false;
    char *kpath = key_path ? kp_xstrdup(key_path) : kp_keyring_path_for(db_name);
    unsigned char want[KP_KEY_CHECK_BYTES];
    bool have = false;
    char msg[512];
    kp_rc rc = read_check(st, want, &have);
    if (rc) {
        snprintf(err, errlen, "cannot read the key check value of database %s: %s", db_name, kp_strerror(rc));
        goto out;
    }
    if (!have && !required && access(kpath, F_OK) != 0)
        goto out; /* no key, none needed, none recorded */
    rc = kp_keyring_load(kpath, out, msg, sizeof msg);
    if (rc) {
        if (have && access(kpath, F_OK) != 0)
            snprintf(err, errlen,
                     "key file %s of database %s is missing; %s (keep a copy with the backups, apart from "
                     "them), or name it with KOPA_KEY_FILE",
                     kpath, db_name, USE_RIGHT_KEY);
        else
            snprintf(err, errlen, "%s", msg);
        rc = KP_ECRYPTO;
        goto out;
    }
    if (have) {
        if (sodium_memcmp(want, out->check, sizeof want) != 0) {
            snprintf(err, errlen, "key file %s does not belong to database %s (its check value differs); %s", kpath,
                     db_name, USE_RIGHT_KEY);
            rc = KP_ECRYPTO;
        }
    } else {
        bool opens = false;
        rc = opens_stored_code(st, out, &opens);
        if (!rc && !opens) {
            snprintf(err, errlen,
                     "key file %s does not belong to database %s (it cannot open the personal codes stored "
                     "there); %s",
                     kpath, db_name, USE_RIGHT_KEY);
            rc = KP_ECRYPTO;
        } else if (!rc) {
            /* First use with a key of a database made before check values:
             * from now on it knows its key. */
            rc = kp_key_check_record(st, out);
            if (rc == KP_ECONFLICT) /* recorded meanwhile by another process */
                rc = read_check(st, want, &have);
            if (!rc && have && sodium_memcmp(want, out->check, sizeof want) != 0) {
                snprintf(err, errlen, "key file %s does not belong to database %s (its check value differs); %s",
                         kpath, db_name, USE_RIGHT_KEY);
                rc = KP_ECRYPTO;
            }
        }
        if (rc && rc != KP_ECRYPTO)
            snprintf(err, errlen, "cannot check the key of database %s: %s", db_name, kp_strerror(rc));
    }
    if (rc)
        kp_keyring_wipe(out);
    else
        *loaded = true;
out:
    sodium_memzero(want, sizeof want);
    free(kpath);
    return rc;
}
