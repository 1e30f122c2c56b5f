/* Whether a key file belongs to a database. The database records the check
 * value of its key (kp_keyring.check, a keyed hash under a subkey of its own,
 * never the key); every command that opens a database, and the web server,
 * loads the key through kp_key_check_load, which refuses another database's
 * key before anything is read or written with it. */
#ifndef KOPA_STORE_KEY_CHECK_H
#define KOPA_STORE_KEY_CHECK_H
#include <stdbool.h>
#include <stddef.h>
#include "store/keyring.h"
#include "store/store.h"

/* Records the check value of k (a new database, right after its key file is
 * made). KP_ECONFLICT when another value is recorded already. */
kp_rc kp_key_check_record(kp_store *st, const kp_keyring *k);

/* Loads the key file of the database open in st and proves that it belongs
 * to it. db_name names the database in messages; key_path NULL means the key
 * file of db_name (kp_keyring_path_for). Refuses (KP_ECRYPTO, a message
 * naming both files in err, nothing loaded):
 *   - a key whose check value differs from the one the database records;
 *   - a missing or unreadable key file, when the database records a check
 *     value or the caller requires the key;
 *   - for a database made before check values were recorded: a key that
 *     cannot open the personal codes stored in it. Otherwise that database
 *     records this key's check value now (first use with a key).
 * A missing key file that is neither required nor recorded is fine:
 * *loaded is false. When *loaded is true, out holds the key; the caller
 * wipes it (kp_keyring_wipe). */
kp_rc kp_key_check_load(kp_store *st, const char *db_name, const char *key_path, bool required, kp_keyring *out,
                        bool *loaded, char *err, size_t errlen);

#endif
