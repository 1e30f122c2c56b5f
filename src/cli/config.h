/* The configuration file (/etc/kopa/kopa.conf; kopa(1) FILES), read with
 * inih: which database, key file and catalogue folder every command uses,
 * and the options of `kopa serve`. Command-line options override it. */
#ifndef KOPA_CLI_CONFIG_H
#define KOPA_CLI_CONFIG_H
#include <stdbool.h>
#include <stddef.h>
#include "cli/cli.h"
#include "core/result.h"

typedef struct kp_config kp_config;

/* Reads and checks the whole file at path. Every key must be one kopa
 * knows, in its section ([database]: db, key-file, data-dir; [serve]:
 * listen, threads, secure-cookies, trust-proxy, access-log,
 * max-connections, max-per-address, header-timeout, keepalive-timeout,
 * body-timeout), given once, with a value of its kind (an absolute path; a
 * database path or URL; HOST:PORT; yes/no; a whole number in its range).
 * Returns KP_OK and *out (free it with kp_config_free); or, with *out NULL
 * and every problem in *errors, one line each, "PATH:LINE: key 'NAME' in
 * [SECTION]: what is wrong" (caller frees): KP_EIO when the file cannot be
 * read, KP_EINVAL when it holds a mistake. KP_EUSAGE (and nothing
 * allocated) for a NULL argument. */
kp_rc kp_config_load(const char *path, kp_config **out, char **errors);

/* The value the file gives for section/key, or NULL when it gives none
 * (or c, section or key is NULL). Owned by c. */
const char *kp_config_get(const kp_config *c, const char *section, const char *key);
/* The line it was given on; 0 when it was not given. */
int kp_config_line(const kp_config *c, const char *section, const char *key);

/* Fills what the command line left open from the file, for command cmd:
 * each option in opts (kp_cli_parse's spec) that is still NULL and has a
 * key in [database], or in [serve] when cmd is "serve", gets the file's
 * value (a flag "1" when the key says yes; access-log = no sets --quiet);
 * key-file and data-dir set KOPA_KEY_FILE and KOPA_DATA_DIR unless they
 * are set already, key-file only when the command line gave no --db (it is
 * the key of the file's database, not of another). Values stay owned by c: keep c until the options are
 * no longer used. KP_EUSAGE for a NULL c or cmd, or a NULL opts with
 * nopts > 0. */
kp_rc kp_config_apply(const kp_config *c, const char *cmd, kp_opt *opts, size_t nopts);

/* The range a whole-number key of [serve] accepts, the same as its
 * command-line option's; false for a key that is not one. */
bool kp_config_range(const char *key, unsigned long *lo, unsigned long *hi);

void kp_config_free(kp_config *c);

#endif
