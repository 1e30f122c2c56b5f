/* Key file handling and sealing of personal codes with libsodium. */
#include "store/keyring.h"
#include "core/mem.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MASTER_BYTES crypto_kdf_KEYBYTES
#define KDF_CONTEXT "kopa-pc_"  /* exactly crypto_kdf_CONTEXTBYTES (8) */
#define KDF_CHECK_ID 4
#define KDF_PUBLIC_ID 5
static const char CHECK_LABEL[] = "kopa key check value v1";

char *kp_keyring_path_for(const char *db_path)
{
    const char *env = getenv("KOPA_KEY_FILE");
    if (env && *env)
        return kp_xstrdup(env);
    size_t n = strlen(db_path);
    char *p = kp_xmalloc(n + 5);
    memcpy(p, db_path, n);
    memcpy(p + n, ".key", 5);
    return p;
}

static kp_rc init_sodium(char *err, size_t errlen)
{
    if (sodium_init() < 0) {
        snprintf(err, errlen, "libsodium could not be initialised");
        return KP_ECRYPTO;
    }
    return KP_OK;
}

kp_rc kp_keyring_create(const char *path, char *err, size_t errlen)
{
    kp_rc rc = init_sodium(err, errlen);
    if (rc)
        return rc;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        snprintf(err, errlen, errno == EEXIST ? "key file %s already exists; keep it, or remove it only together with its database"
                                              : "cannot create key file %s: %s",
                 path, strerror(errno));
        return errno == EEXIST ? KP_ECONFLICT : KP_EIO;
    }
    unsigned char master[MASTER_BYTES];
    char hex[MASTER_BYTES * 2 + 2];
    crypto_kdf_keygen(master);
    sodium_bin2hex(hex, sizeof hex, master, sizeof master);
    sodium_memzero(master, sizeof master);
    size_t len = strlen(hex);
    hex[len++] = '\n';
    ssize_t w = write(fd, hex, len);
    sodium_memzero(hex, sizeof hex);
    if (w != (ssize_t)len || fsync(fd) != 0) {
        close(fd);
        unlink(path);
        snprintf(err, errlen, "cannot write key file %s", path);
        return KP_EIO;
    }
    close(fd);
    return KP_OK;
}

kp_rc kp_keyring_load(const char *path, kp_keyring *out, char *err, size_t errlen)
{
    kp_rc rc = init_sodium(err, errlen);
    if (rc)
        return rc;
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open key file %s: %s (run `kopa init` for a new database, or set KOPA_KEY_FILE)",
                 path, strerror(errno));
        return KP_ECRYPTO;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || (sb.st_mode & 077)) {
        close(fd);
        snprintf(err, errlen, "key file %s must be readable by its owner only (chmod 600 %s)", path, path);
        return KP_ECRYPTO;
    }
    char hex[MASTER_BYTES * 2 + 8];
    ssize_t n = read(fd, hex, sizeof hex - 1);
    close(fd);
    unsigned char master[MASTER_BYTES];
    size_t got = 0;
    if (n < (ssize_t)(MASTER_BYTES * 2) ||
        sodium_hex2bin(master, sizeof master, hex, (size_t)n, "\n", &got, NULL) != 0 || got != MASTER_BYTES) {
        sodium_memzero(hex, sizeof hex);
        snprintf(err, errlen, "key file %s is damaged", path);
        return KP_ECRYPTO;
    }
    sodium_memzero(hex, sizeof hex);
    crypto_kdf_derive_from_key(out->seal_key, sizeof out->seal_key, 1, KDF_CONTEXT, master);
    crypto_kdf_derive_from_key(out->hash_key, sizeof out->hash_key, 2, KDF_CONTEXT, master);
    crypto_kdf_derive_from_key(out->nonce_key, sizeof out->nonce_key, 3, KDF_CONTEXT, master);
    crypto_kdf_derive_from_key(out->public_key, sizeof out->public_key, KDF_PUBLIC_ID, KDF_CONTEXT, master);
    unsigned char check_key[crypto_generichash_KEYBYTES];
    crypto_kdf_derive_from_key(check_key, sizeof check_key, KDF_CHECK_ID, KDF_CONTEXT, master);
    crypto_generichash(out->check, sizeof out->check, (const unsigned char *)CHECK_LABEL, sizeof CHECK_LABEL - 1,
                       check_key, sizeof check_key);
    sodium_memzero(check_key, sizeof check_key);
    sodium_memzero(master, sizeof master);
    return KP_OK;
}

void kp_keyring_wipe(kp_keyring *k)
{
    sodium_memzero(k, sizeof *k);
}

kp_rc kp_keyring_seal(const kp_keyring *k, const char *plain, unsigned char **out, size_t *outlen)
{
    size_t n = strlen(plain);
    size_t total = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
    unsigned char *buf = kp_xmalloc(total);
    crypto_generichash(buf, crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, n, k->nonce_key,
                       sizeof k->nonce_key);
    if (crypto_secretbox_easy(buf + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, n, buf,
                              k->seal_key) != 0) {
        free(buf);
        return KP_ECRYPTO;
    }
    *out = buf;
    *outlen = total;
    return KP_OK;
}

kp_rc kp_keyring_open(const kp_keyring *k, const unsigned char *in, size_t n, char *out, size_t outlen)
{
    if (!in || n < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return KP_ECRYPTO;
    size_t plain = n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
    if (plain + 1 > outlen)
        return KP_ETOOBIG;
    if (crypto_secretbox_open_easy((unsigned char *)out, in + crypto_secretbox_NONCEBYTES,
                                   n - crypto_secretbox_NONCEBYTES, in, k->seal_key) != 0)
        return KP_ECRYPTO;
    out[plain] = '\0';
    return KP_OK;
}

void kp_keyring_lookup_hash(const kp_keyring *k, const char *canonical, unsigned char out[KP_LOOKUP_HASH_BYTES])
{
    crypto_generichash(out, KP_LOOKUP_HASH_BYTES, (const unsigned char *)canonical, strlen(canonical), k->hash_key,
                       sizeof k->hash_key);
}
