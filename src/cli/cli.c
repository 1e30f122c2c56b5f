/* Shared command-line helpers (see cli.h). */
#include "cli/cli.h"
#include "cli/config.h"
#include "service/transfer/catalogue.h"
#include "store/key_check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

/* The configuration file the options of this process came from: their
 * values point into it (kp_cli_release frees it). */
static kp_config *g_config;

int kp_cli_config(const char *cmd, const char *path, kp_opt *opts, size_t nopts)
{
    if (!path) {
        const char *env = getenv("KOPA_CONFIG");
        path = env && *env ? env : NULL;
    }
    if (!path)
        return 0;
    kp_cli_release();
    char *errors = NULL;
    kp_rc rc = kp_config_load(path, &g_config, &errors);
    if (rc) {
        fprintf(stderr, "kopa %s: the configuration file is refused:\n%s\n", cmd, errors ? errors : kp_strerror(rc));
        free(errors);
        return 2;
    }
    if (kp_config_apply(g_config, cmd, opts, nopts)) {
        fprintf(stderr, "kopa %s: cannot apply the configuration file %s\n", cmd, path);
        return 2;
    }
    return 0;
}

void kp_cli_release(void)
{
    kp_config_free(g_config);
    g_config = NULL;
}

int kp_cli_parse(const char *cmd, int argc, char **argv, kp_opt *opts, size_t nopts)
{
    /* --config is every command's: the spec does not name it. */
    kp_opt config = {"config", false, NULL};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0) {
            fprintf(stderr, "kopa %s: unexpected argument '%s' (see kopa %s --help)\n", cmd, a, cmd);
            return 2;
        }
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        kp_opt *o = NULL;
        for (size_t k = 0; k < nopts; k++)
            if (strlen(opts[k].name) == len && strncmp(opts[k].name, name, len) == 0)
                o = &opts[k];
        if (!o && len == 6 && strncmp(name, "config", 6) == 0)
            o = &config;
        if (!o) {
            fprintf(stderr, "kopa %s: unknown option '--%.*s' (see kopa %s --help)\n", cmd, (int)len, name, cmd);
            return 2;
        }
        if (o->flag) {
            if (eq) {
                fprintf(stderr, "kopa %s: option '--%s' takes no value\n", cmd, o->name);
                return 2;
            }
            o->value = "1";
            continue;
        }
        if (eq) {
            o->value = eq + 1;
        } else if (i + 1 < argc) {
            o->value = argv[++i];
        } else {
            fprintf(stderr, "kopa %s: option '--%s' needs a value\n", cmd, o->name);
            return 2;
        }
        if (!*o->value) {
            fprintf(stderr, "kopa %s: option '--%s' has an empty value\n", cmd, o->name);
            return 2;
        }
    }
    if (kp_cli_get(opts, nopts, "help"))
        return 0;
    return kp_cli_config(cmd, config.value, opts, nopts);
}

const char *kp_cli_get(const kp_opt *opts, size_t nopts, const char *name)
{
    for (size_t k = 0; k < nopts; k++)
        if (strcmp(opts[k].name, name) == 0)
            return opts[k].value;
    return NULL;
}

int kp_cli_refuse_foreign_owner(const char *path, bool parent)
{
    if (!path || geteuid() != 0)
        return 0;
    char dir[4096];
    const char *p = path;
    if (parent) {
        const char *slash = strrchr(path, '/');
        if (!slash)
            p = ".";
        else if (slash == path)
            p = "/";
        else {
            snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
            p = dir;
        }
    }
    struct stat sb;
    if (stat(p, &sb) != 0 || sb.st_uid == 0)
        return 0;
    char name[64];
    struct passwd pw, *found = NULL;
    char pwbuf[1024];
    if (getpwuid_r(sb.st_uid, &pw, pwbuf, sizeof pwbuf, &found) == 0 && found)
        snprintf(name, sizeof name, "%s", found->pw_name);
    else
        snprintf(name, sizeof name, "#%lu", (unsigned long)sb.st_uid);
    fprintf(stderr,
            "kopa: %s belongs to the user %s; run as root, this command would leave files there that %s cannot "
            "open. Run it as that user: runuser -u %s -- kopa …\n",
            p, name, name, name);
    return 1;
}

static int open_db(const char *db_path, bool check_key, bool need_keys, kp_cli_db *out)
{
    memset(out, 0, sizeof *out);
    if (kp_cli_refuse_foreign_owner(db_path, false))
        return 1;
    char err[1024];
    if (kp_store_open_existing(db_path, &out->store, err, sizeof err)) {
        fprintf(stderr, "kopa: %s\n", err);
        return 1;
    }
    out->ctx.db = out->store;
    out->ctx.role = KP_ROLE_SYSTEM;
    out->ctx.actor = "cli";
    out->ctx.lang = "en";
    kp_ctx_set_now(&out->ctx);
    if (!kp_catalogue_loaded(&out->ctx)) {
        fprintf(stderr, "kopa: database %s is not initialised; run: kopa init --db %s\n", db_path, db_path);
        kp_cli_close(out);
        return 1;
    }
    if (check_key) {
        /* The one check of the key against the database (store/key_check.h),
         * the same as the web server's: another database's key is refused
         * before anything is read or written with it. */
        bool loaded = false;
        if (kp_key_check_load(out->store, db_path, NULL, need_keys, &out->keys, &loaded, err, sizeof err)) {
            fprintf(stderr, "kopa: %s\n", err);
            kp_cli_close(out);
            return 1;
        }
        out->have_keys = loaded;
        if (loaded && need_keys)
            out->ctx.keys = &out->keys;
    }
    return 0;
}

int kp_cli_open(const char *db_path, bool need_keys, kp_cli_db *out)
{
    return open_db(db_path, true, need_keys, out);
}

int kp_cli_open_without_key(const char *db_path, kp_cli_db *out)
{
    return open_db(db_path, false, false, out);
}

void kp_cli_close(kp_cli_db *db)
{
    if (db->have_keys)
        kp_keyring_wipe(&db->keys);
    kp_store_close(db->store);
    memset(db, 0, sizeof *db);
}

FILE *kp_cli_create_private(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return NULL;
    FILE *f = fchmod(fd, 0600) == 0 ? fdopen(fd, "wb") : NULL;
    if (!f)
        close(fd);
    return f;
}

void kp_cli_print_errors(const kp_errors *e)
{
    for (size_t i = 0; i < e->n; i++) {
        const kp_field_error *x = &e->items[i];
        if (x->file[0])
            fprintf(stderr, "%s:", x->file);
        if (x->line)
            fprintf(stderr, "%ld:", x->line);
        if (x->file[0] || x->line)
            fputc(' ', stderr);
        if (x->field[0])
            fprintf(stderr, "column '%s'", x->field);
        if (x->value[0])
            fprintf(stderr, " (value '%s')", x->value);
        fprintf(stderr, "%s%s\n", x->field[0] || x->value[0] ? ": " : "", x->message);
    }
}
