/* The key that protects personal codes at rest. It lives in a file outside
 * the database (mode 0600), created once by `kopa init`; it is never logged.
 * A personal code is stored sealed (XSalsa20-Poly1305) together with a keyed
 * BLAKE2b hash, so an exact search works without decrypting every row. */
#ifndef KOPA_STORE_KEYRING_H
#define KOPA_STORE_KEYRING_H
#include <stddef.h>
#include "core/result.h"

#define KP_LOOKUP_HASH_BYTES 32
#define KP_KEY_CHECK_BYTES 32

typedef struct kp_keyring {
    unsigned char seal_key[32];
    unsigned char hash_key[32];
    unsigned char nonce_key[32];
    /* The key of what the public side signs or hashes (signed form tokens,
     * the status codes of applications: service/intake); callers derive
     * their own subkeys from it. */
    unsigned char public_key[32];
    /* A keyed hash of a fixed label under a subkey of its own: the database
     * records it, so a key file can be matched to its database without the
     * key, or anything derived from the other subkeys, being stored. */
    unsigned char check[KP_KEY_CHECK_BYTES];
} kp_keyring;

/* The key file that belongs to a database file: "<db>.key", unless the
 * environment variable KOPA_KEY_FILE names another. Caller frees. */
char *kp_keyring_path_for(const char *db_path);

/* Creates a new random key file; refuses (KP_ECONFLICT) if it exists. */
kp_rc kp_keyring_create(const char *path, char *err, size_t errlen);
/* Loads the key file; refuses one readable by group or others. */
kp_rc kp_keyring_load(const char *path, kp_keyring *out, char *err, size_t errlen);
/* Overwrites the keys in memory. */
void kp_keyring_wipe(kp_keyring *k);

/* Seals a canonical personal code. *out (caller frees) holds nonce‖box.
 * The nonce is derived from the code with a separate key, so the same code
 * always seals to the same bytes: equality is already visible through the
 * lookup hash, and this keeps the demo database deterministic. */
kp_rc kp_keyring_seal(const kp_keyring *k, const char *plain, unsigned char **out, size_t *outlen);
/* Opens a sealed code into out (NUL-terminated). KP_ECRYPTO if tampered
 * or sealed with another key. */
kp_rc kp_keyring_open(const kp_keyring *k, const unsigned char *in, size_t n, char *out, size_t outlen);
void kp_keyring_lookup_hash(const kp_keyring *k, const char *canonical, unsigned char out[KP_LOOKUP_HASH_BYTES]);

#endif
