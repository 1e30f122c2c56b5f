/* The privacy configuration: processing purposes and retention rules read
 * from data/ (privacy.h). */
#include "service/privacy/privacy.h"
#include "core/mem.h"
#include "service/transfer/catalogue.h"
#include "service/transfer/csv_file.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void kp_privacy_config_free(kp_privacy_config *c)
{
    if (!c)
        return;
    free(c->purposes);
    free(c->rules);
    memset(c, 0, sizeof *c);
}

const kp_purpose *kp_privacy_purpose(const kp_privacy_config *c, const char *code)
{
    if (!c || !code)
        return NULL;
    for (size_t i = 0; i < c->npurposes; i++)
        if (strcmp(c->purposes[i].code, code) == 0)
            return &c->purposes[i];
    return NULL;
}

const kp_retention_rule *kp_privacy_rule(const kp_privacy_config *c, const char *rule)
{
    if (!c || !rule)
        return NULL;
    for (size_t i = 0; i < c->nrules; i++)
        if (strcmp(c->rules[i].rule, rule) == 0)
            return &c->rules[i];
    return NULL;
}

/* Reads `name` under dir whole and checks its header; false after adding
 * the reason to e. */
static bool read_file(const char *dir, const char *name, const char *const *cols, size_t ncols, kp_csv *csv,
                      int *idx, kp_errors *e, kp_rc *rc)
{
    char path[1024], err[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    memset(csv, 0, sizeof *csv);
    if (kp_csv_read(path, csv, err, sizeof err)) {
        kp_errors_add(e, "", NULL, "%s", err);
        *rc = KP_EIO;
        return false;
    }
    for (size_t i = 0; i < ncols; i++) {
        idx[i] = kp_csv_column(csv, cols[i]);
        if (idx[i] < 0) {
            e->file = name;
            e->line = 1;
            kp_errors_add(e, cols[i], NULL, "column '%s' is missing from the header", cols[i]);
            e->file = NULL;
            e->line = 0;
            *rc = KP_EINVAL;
            return false;
        }
    }
    return true;
}

static bool copy_text(kp_errors *e, const char *col, const char *v, char *out, size_t outlen, bool required)
{
    if (required && !*v) {
        kp_errors_add(e, col, v, "is empty: fill it in");
        return false;
    }
    if (strlen(v) >= outlen) {
        kp_errors_add(e, col, v, "is longer than %zu bytes", outlen - 1);
        return false;
    }
    snprintf(out, outlen, "%s", v);
    return true;
}

static bool letter(kp_errors *e, const char *col, const char *v, char last, bool required, char out[2])
{
    if (!*v && !required) {
        out[0] = '\0';
        return true;
    }
    if (strlen(v) != 1 || v[0] < 'a' || v[0] > last) {
        kp_errors_add(e, col, v, "must be one letter a–%c (the point of the GDPR article)", last);
        return false;
    }
    out[0] = v[0];
    out[1] = '\0';
    return true;
}

static kp_rc load_rules(const char *dir, kp_privacy_config *c, kp_errors *e)
{
    static const char *const cols[] = {"rule", "action", "years", "what_lv", "what_en"};
    int ix[5];
    kp_csv csv;
    kp_rc rc = KP_OK;
    if (!read_file(dir, "retention.csv", cols, 5, &csv, ix, e, &rc)) {
        kp_csv_free(&csv);
        return rc;
    }
    size_t before = e->n;
    c->rules = kp_xcalloc(csv.n ? csv.n : 1, sizeof *c->rules);
    e->file = "retention.csv";
    for (size_t i = 0; i < csv.n; i++) {
        const kp_csv_row *r = &csv.rows[i];
        e->line = r->line;
        kp_retention_rule *x = &c->rules[c->nrules];
        const char *rule = kp_csv_field(r, ix[0]), *action = kp_csv_field(r, ix[1]);
        const char *years = kp_csv_field(r, ix[2]);
        bool ok = true;
        if (strcmp(rule, "closed_case") == 0 && strcmp(action, "pseudonymise") != 0) {
            kp_errors_add(e, "action", action, "the rule closed_case pseudonymises: write 'pseudonymise'");
            ok = false;
        } else if (strcmp(rule, "access_log") == 0 && strcmp(action, "delete") != 0) {
            kp_errors_add(e, "action", action, "the rule access_log deletes: write 'delete'");
            ok = false;
        } else if (strcmp(rule, "closed_case") != 0 && strcmp(rule, "access_log") != 0) {
            kp_errors_add(e, "rule", rule, "unknown rule: use closed_case or access_log");
            ok = false;
        } else if (kp_privacy_rule(c, rule)) {
            kp_errors_add(e, "rule", rule, "the rule is given twice");
            ok = false;
        }
        char *end = NULL;
        long y = strtol(years, &end, 10);
        if (!*years || *end || y < 1 || y > 100) {
            kp_errors_add(e, "years", years, "must be a whole number of years from 1 to 100");
            ok = false;
        }
        ok = copy_text(e, "rule", rule, x->rule, sizeof x->rule, true) && ok;
        ok = copy_text(e, "action", action, x->action, sizeof x->action, true) && ok;
        ok = copy_text(e, "what_lv", kp_csv_field(r, ix[3]), x->what_lv, sizeof x->what_lv, true) && ok;
        ok = copy_text(e, "what_en", kp_csv_field(r, ix[4]), x->what_en, sizeof x->what_en, true) && ok;
        if (ok) {
            x->years = (int)y;
            c->nrules++;
        }
    }
    e->file = NULL;
    e->line = 0;
    kp_csv_free(&csv);
    return e->n > before ? KP_EINVAL : KP_OK;
}

static kp_rc load_purposes(const char *dir, kp_privacy_config *c, kp_errors *e)
{
    static const char *const cols[] = {"code",          "name_lv",       "name_en",   "art6",
                                       "art9",          "law",           "categories_lv", "categories_en",
                                       "recipients_lv", "recipients_en", "retention", "consent"};
    int ix[12];
    kp_csv csv;
    kp_rc rc = KP_OK;
    if (!read_file(dir, "processing_purposes.csv", cols, 12, &csv, ix, e, &rc)) {
        kp_csv_free(&csv);
        return rc;
    }
    size_t before = e->n;
    c->purposes = kp_xcalloc(csv.n ? csv.n : 1, sizeof *c->purposes);
    e->file = "processing_purposes.csv";
    for (size_t i = 0; i < csv.n; i++) {
        const kp_csv_row *r = &csv.rows[i];
        e->line = r->line;
        kp_purpose *p = &c->purposes[c->npurposes];
        const char *code = kp_csv_field(r, ix[0]);
        bool ok = copy_text(e, "code", code, p->code, sizeof p->code, true);
        if (ok && kp_privacy_purpose(c, code)) {
            kp_errors_add(e, "code", code, "the purpose is given twice");
            ok = false;
        }
        ok = copy_text(e, "name_lv", kp_csv_field(r, ix[1]), p->name_lv, sizeof p->name_lv, true) && ok;
        ok = copy_text(e, "name_en", kp_csv_field(r, ix[2]), p->name_en, sizeof p->name_en, true) && ok;
        ok = letter(e, "art6", kp_csv_field(r, ix[3]), 'f', true, p->art6) && ok;
        ok = letter(e, "art9", kp_csv_field(r, ix[4]), 'j', false, p->art9) && ok;
        ok = copy_text(e, "law", kp_csv_field(r, ix[5]), p->law, sizeof p->law, true) && ok;
        ok = copy_text(e, "categories_lv", kp_csv_field(r, ix[6]), p->categories_lv, sizeof p->categories_lv, true) && ok;
        ok = copy_text(e, "categories_en", kp_csv_field(r, ix[7]), p->categories_en, sizeof p->categories_en, true) && ok;
        ok = copy_text(e, "recipients_lv", kp_csv_field(r, ix[8]), p->recipients_lv, sizeof p->recipients_lv, true) && ok;
        ok = copy_text(e, "recipients_en", kp_csv_field(r, ix[9]), p->recipients_en, sizeof p->recipients_en, true) && ok;
        const char *ret = kp_csv_field(r, ix[10]);
        if (!kp_privacy_rule(c, ret)) {
            kp_errors_add(e, "retention", ret, "no such rule in retention.csv");
            ok = false;
        } else {
            snprintf(p->retention, sizeof p->retention, "%s", ret);
        }
        const char *consent = kp_csv_field(r, ix[11]);
        if (strcmp(consent, "0") != 0 && strcmp(consent, "1") != 0) {
            kp_errors_add(e, "consent", consent, "must be 1 (the purpose rests on consent) or 0");
            ok = false;
        }
        p->consent = consent[0] == '1';
        if (ok && p->consent && p->art6[0] != 'a') {
            kp_errors_add(e, "art6", p->art6, "a purpose that rests on consent has Art. 6(1) point a");
            ok = false;
        }
        if (ok)
            c->npurposes++;
    }
    e->file = NULL;
    e->line = 0;
    kp_csv_free(&csv);
    return e->n > before ? KP_EINVAL : KP_OK;
}

/* The files' identity and last change: a configuration read from files
 * that still look like this is the one they hold. */
typedef struct file_seen {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime, ctime;
} file_seen;

static bool seen_now(const char *dir, const char *name, file_seen *f)
{
    char path[1024];
    struct stat st;
    memset(f, 0, sizeof *f);
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path || stat(path, &st) != 0)
        return false;
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    f->size = st.st_size;
    f->mtime = st.st_mtim;
    f->ctime = st.st_ctim;
    return true;
}

static bool seen_same(const file_seen *a, const file_seen *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size && a->mtime.tv_sec == b->mtime.tv_sec &&
           a->mtime.tv_nsec == b->mtime.tv_nsec && a->ctime.tv_sec == b->ctime.tv_sec &&
           a->ctime.tv_nsec == b->ctime.tv_nsec;
}

/* The last configuration read well, kept for the process (a client card
 * shows the privacy panel, and reading and checking the two files was a
 * sixth of the card's CPU; issue 10). It is used only while both files are
 * the same files, unchanged (stat: device, inode, size, modification and
 * change times); a configuration that fails to load is never kept, so its
 * messages come back every time. */
static pthread_mutex_t g_kept_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
    bool have;
    char dir[1024];
    file_seen rules, purposes;
    kp_privacy_config cfg;
} g_kept;

static void config_copy(const kp_privacy_config *from, kp_privacy_config *to)
{
    memset(to, 0, sizeof *to);
    if (from->npurposes) {
        to->purposes = kp_xmalloc(from->npurposes * sizeof *to->purposes);
        memcpy(to->purposes, from->purposes, from->npurposes * sizeof *to->purposes);
    }
    to->npurposes = from->npurposes;
    if (from->nrules) {
        to->rules = kp_xmalloc(from->nrules * sizeof *to->rules);
        memcpy(to->rules, from->rules, from->nrules * sizeof *to->rules);
    }
    to->nrules = from->nrules;
}

kp_rc kp_privacy_config_load(const char *dir, kp_privacy_config *out, kp_errors *e)
{
    if (!out || !e)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (!dir)
        dir = kp_catalogue_dir();
    file_seen rules, purposes;
    bool seen = strlen(dir) < sizeof g_kept.dir && seen_now(dir, "retention.csv", &rules) &&
                seen_now(dir, "processing_purposes.csv", &purposes);
    if (seen) {
        pthread_mutex_lock(&g_kept_mu);
        bool hit = g_kept.have && strcmp(g_kept.dir, dir) == 0 && seen_same(&g_kept.rules, &rules) &&
                   seen_same(&g_kept.purposes, &purposes);
        if (hit)
            config_copy(&g_kept.cfg, out);
        pthread_mutex_unlock(&g_kept_mu);
        if (hit)
            return KP_OK;
    }
    kp_rc rc = load_rules(dir, out, e);
    if (!rc)
        rc = load_purposes(dir, out, e);
    if (rc) {
        kp_privacy_config_free(out);
        return rc;
    }
    /* Kept only when the files did not change while they were read. */
    file_seen rules2, purposes2;
    if (seen && seen_now(dir, "retention.csv", &rules2) && seen_now(dir, "processing_purposes.csv", &purposes2) &&
        seen_same(&rules, &rules2) && seen_same(&purposes, &purposes2)) {
        pthread_mutex_lock(&g_kept_mu);
        kp_privacy_config_free(&g_kept.cfg);
        config_copy(out, &g_kept.cfg);
        snprintf(g_kept.dir, sizeof g_kept.dir, "%s", dir);
        g_kept.rules = rules;
        g_kept.purposes = purposes;
        g_kept.have = true;
        pthread_mutex_unlock(&g_kept_mu);
    }
    return KP_OK;
}

bool kp_privacy_purpose_name(const char *code, bool en, char *out, size_t outlen)
{
    if (!code || !out || !outlen)
        return false;
    out[0] = '\0';
    const char *dir = kp_catalogue_dir();
    file_seen rules, purposes;
    bool seen = strlen(dir) < sizeof g_kept.dir && seen_now(dir, "retention.csv", &rules) &&
                seen_now(dir, "processing_purposes.csv", &purposes);
    bool hit = false, found = false;
    if (seen) {
        /* The kept configuration as it is: only the one name is copied (a
         * whole configuration is some 20 KB, and the card names one or two
         * purposes; issue 10). */
        pthread_mutex_lock(&g_kept_mu);
        hit = g_kept.have && strcmp(g_kept.dir, dir) == 0 && seen_same(&g_kept.rules, &rules) &&
              seen_same(&g_kept.purposes, &purposes);
        const kp_purpose *p = hit ? kp_privacy_purpose(&g_kept.cfg, code) : NULL;
        const char *name = p ? (en ? p->name_en : p->name_lv) : NULL;
        if (name && strlen(name) < outlen) {
            memcpy(out, name, strlen(name) + 1);
            found = true;
        }
        pthread_mutex_unlock(&g_kept_mu);
    }
    if (hit)
        return found;
    /* Not kept, or the files changed: read them as kp_privacy_config_load
     * does (which keeps them when they read well). */
    kp_privacy_config cfg;
    kp_errors e;
    kp_errors_init(&e);
    if (kp_privacy_config_load(dir, &cfg, &e) == KP_OK) {
        const kp_purpose *p = kp_privacy_purpose(&cfg, code);
        const char *name = p ? (en ? p->name_en : p->name_lv) : NULL;
        if (name && strlen(name) < outlen) {
            memcpy(out, name, strlen(name) + 1);
            found = true;
        }
        kp_privacy_config_free(&cfg);
    }
    kp_errors_free(&e);
    return found;
}
