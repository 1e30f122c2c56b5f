/* The configuration file (see config.h): inih reads the lines, this file
 * knows the keys, checks every value and says where a mistake is. */
#include "cli/config.h"
#include "core/buf.h"
#include "core/mem.h"
#include <arpa/inet.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef enum key_kind {
    K_PATH,   /* an absolute path */
    K_DB,     /* what --db takes: an absolute path, or a URL (scheme://…) */
    K_LISTEN, /* IPv4-ADDRESS:PORT, as kopa serve --listen */
    K_BOOL,   /* yes/no */
    K_UINT,   /* a whole number in [lo, hi] */
} key_kind;

typedef struct key_def {
    const char *section;
    const char *name;
    key_kind kind;
    unsigned long lo, hi; /* K_UINT */
    const char *option;   /* the command-line option it stands for */
    const char *env;      /* or the environment variable */
    bool invert;          /* K_BOOL: "no" gives the flag (access-log = no is --quiet) */
} key_def;

/* The ranges are kopa serve's (cmd_serve.c takes them from here). */
static const key_def KEYS[] = {
    {"database", "db", K_DB, 0, 0, "db", NULL, false},
    {"database", "key-file", K_PATH, 0, 0, NULL, "KOPA_KEY_FILE", false},
    {"database", "data-dir", K_PATH, 0, 0, NULL, "KOPA_DATA_DIR", false},
    {"serve", "listen", K_LISTEN, 0, 0, "listen", NULL, false},
    {"serve", "threads", K_UINT, 2, 64, "threads", NULL, false},
    {"serve", "secure-cookies", K_BOOL, 0, 0, "secure-cookies", NULL, false},
    {"serve", "trust-proxy", K_BOOL, 0, 0, "trust-proxy", NULL, false},
    {"serve", "access-log", K_BOOL, 0, 0, "quiet", NULL, true},
    {"serve", "max-connections", K_UINT, 1, 4000000, "max-connections", NULL, false},
    {"serve", "max-per-address", K_UINT, 0, 4000000, "max-per-address", NULL, false},
    {"serve", "header-timeout", K_UINT, 1, 3600, "header-timeout", NULL, false},
    {"serve", "keepalive-timeout", K_UINT, 1, 3600, "keepalive-timeout", NULL, false},
    {"serve", "body-timeout", K_UINT, 1, 3600, "body-timeout", NULL, false},
};
#define NKEYS (sizeof KEYS / sizeof KEYS[0])
#define MAX_ERRORS 20

struct kp_config {
    char *value[NKEYS]; /* NULL: not given */
    int line[NKEYS];
};

typedef struct config_error {
    int line;
    size_t seq; /* keeps the order of errors on one line */
    char *text;
} config_error;

/* inih asks for one line at a time through read_line; the count of lines
 * read is the line its handler is called for. */
typedef struct loader {
    const char *path;
    FILE *f;
    int line;          /* the line inih is parsing */
    bool continuation; /* inih takes it as more of the value above */
    bool after_key;    /* the last line that was not blank or a comment held a key */
    bool too_long;     /* it did not fit inih's line buffer */
    kp_config *cfg;
    config_error errors[MAX_ERRORS];
    size_t nerrors, dropped;
} loader;

static void add_error(loader *L, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void add_error(loader *L, int line, const char *fmt, ...)
{
    if (L->nerrors == MAX_ERRORS) {
        L->dropped++;
        return;
    }
    kp_buf b;
    kp_buf_init(&b, 4096);
    kp_buf_printf(&b, "%s:%d: ", L->path, line);
    va_list ap;
    va_start(ap, fmt);
    kp_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    config_error *e = &L->errors[L->nerrors];
    e->line = line;
    e->seq = L->nerrors;
    e->text = kp_buf_take(&b);
    L->nerrors++;
}

static bool line_has_error(const loader *L, int line)
{
    for (size_t i = 0; i < L->nerrors; i++)
        if (L->errors[i].line == line)
            return true;
    return false;
}

/* What inih will make of a line (ini.c): blank or a comment; a [section]
 * (needs its ']'); a line that starts with a blank after a key line, which
 * continues that key's value; or name = value (name: value), the '=' or ':'
 * before any inline comment (" ;"). Anything else inih refuses: say so here,
 * as inih reports only the first mistake in a file. */
static void classify(loader *L, char *str)
{
    const char *p = str;
    if (L->line == 1 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        p += 3; /* UTF-8 byte order mark */
    bool indented = *p == ' ' || *p == '\t';
    L->continuation = false;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\v' || *p == '\f')
        p++;
    if (!*p || *p == ';' || *p == '#')
        return;
    if (indented && L->after_key) {
        L->continuation = true;
        return;
    }
    bool section = *p == '[';
    bool found = false;
    for (const char *q = p + section; *q && !found; q++) {
        if (*q == ';' && (q[-1] == ' ' || q[-1] == '\t'))
            break;
        found = section ? *q == ']' : *q == '=' || *q == ':';
    }
    if (!found)
        add_error(L, L->line, section ? "a [section] line without its ']'"
                                      : "not a 'key = value' line, a [section] or a comment");
    else
        L->after_key = !section;
}

static char *read_line(char *str, int num, void *stream)
{
    loader *L = stream;
    if (!fgets(str, num, L->f))
        return NULL;
    L->line++;
    L->too_long = false;
    size_t n = strlen(str);
    if (n > 0 && str[n - 1] != '\n') {
        /* Either the last line without a newline, a line that just fit, or
         * one longer than inih's buffer: the rest never reaches inih. */
        int c = fgetc(L->f);
        if (c != EOF && c != '\n') {
            while (c != EOF && c != '\n')
                c = fgetc(L->f);
            L->too_long = true;
            add_error(L, L->line, "the line is longer than %d characters", num - 1);
            return str;
        }
    }
    classify(L, str);
    return str;
}

static int find_key(const char *section, const char *name)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(KEYS[i].section, section) == 0 && strcmp(KEYS[i].name, name) == 0)
            return (int)i;
    return -1;
}

static bool known_section(const char *section)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(KEYS[i].section, section) == 0)
            return true;
    return false;
}

/* Whole decimal number, digits only, within [lo, hi]. */
static bool parse_uint(const char *v, unsigned long lo, unsigned long hi, unsigned long *out)
{
    if (!*v)
        return false;
    for (const char *p = v; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    errno = 0;
    char *end = NULL;
    unsigned long x = strtoul(v, &end, 10);
    if (errno || !end || *end || x < lo || x > hi)
        return false;
    *out = x;
    return true;
}

/* As kopa serve takes --listen (web/server.c): IPv4-ADDRESS:PORT. */
static bool valid_listen(const char *v)
{
    const char *colon = strrchr(v, ':');
    char host[64];
    if (!colon || colon == v || (size_t)(colon - v) >= sizeof host)
        return false;
    memcpy(host, v, (size_t)(colon - v));
    host[colon - v] = '\0';
    unsigned long port = 0;
    struct in_addr a;
    return parse_uint(colon + 1, 0, 65535, &port) && inet_pton(AF_INET, host, &a) == 1;
}

/* "yes"/"no" for the words people write for them; NULL for anything else. */
static const char *parse_bool(const char *v)
{
    static const char *const YES[] = {"yes", "true", "on", "1"}, *const NO[] = {"no", "false", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, YES[i]) == 0)
            return "yes";
        if (strcasecmp(v, NO[i]) == 0)
            return "no";
    }
    return NULL;
}

/* Checks one value; on a mistake adds the error and returns NULL, else the
 * value to keep (normalised for yes/no). */
static const char *check_value(loader *L, const key_def *k, const char *section, const char *name, const char *v)
{
    int ln = L->line;
    if (!*v) {
        add_error(L, ln, "key '%s' in [%s]: has no value; give one, or remove the line to keep the default", name,
                  section);
        return NULL;
    }
    switch (k->kind) {
    case K_DB:
        if (v[0] == '/' || strstr(v, "://"))
            return v;
        add_error(L, ln, "key '%s' in [%s]: must be an absolute path (starting with /) or a database URL, not '%s'",
                  name, section, v);
        return NULL;
    case K_PATH:
        if (v[0] == '/')
            return v;
        add_error(L, ln, "key '%s' in [%s]: must be an absolute path (starting with /), not '%s'", name, section, v);
        return NULL;
    case K_LISTEN:
        if (valid_listen(v))
            return v;
        add_error(L, ln,
                  "key '%s' in [%s]: must be HOST:PORT with an IPv4 address and a port from 0 to 65535 "
                  "(e.g. 127.0.0.1:8080), not '%s'",
                  name, section, v);
        return NULL;
    case K_BOOL: {
        const char *b = parse_bool(v);
        if (!b)
            add_error(L, ln, "key '%s' in [%s]: must be yes or no, not '%s'", name, section, v);
        return b;
    }
    case K_UINT: {
        unsigned long x = 0;
        if (parse_uint(v, k->lo, k->hi, &x))
            return v;
        add_error(L, ln, "key '%s' in [%s]: must be a whole number from %lu to %lu, not '%s'", name, section, k->lo,
                  k->hi, v);
        return NULL;
    }
    }
    return NULL;
}

static void list_keys(kp_buf *b, const char *section)
{
    bool first = true;
    for (size_t i = 0; i < NKEYS; i++) {
        if (strcmp(KEYS[i].section, section) != 0)
            continue;
        kp_buf_printf(b, "%s%s", first ? "" : ", ", KEYS[i].name);
        first = false;
    }
}

static int on_pair(void *user, const char *section, const char *name, const char *value)
{
    loader *L = user;
    int ln = L->line;
    if (L->too_long) /* already said; what inih got is a piece of it */
        return 1;
    if (L->continuation) {
        add_error(L, ln,
                  "key '%s' in [%s]: this indented line would continue the value of the line before; "
                  "write each value on one line",
                  name, section);
        return 0;
    }
    if (!*section) {
        add_error(L, ln, "key '%s' is outside a section; put it under [database] or [serve]", name);
        return 0;
    }
    if (!known_section(section)) {
        add_error(L, ln, "key '%s' in [%s]: unknown section; the sections are [database] and [serve]", name, section);
        return 0;
    }
    int k = find_key(section, name);
    if (k < 0) {
        kp_buf b;
        kp_buf_init(&b, 1024);
        list_keys(&b, section);
        add_error(L, ln, "key '%s' in [%s]: unknown key; [%s] has %s", name, section, section, kp_buf_str(&b));
        kp_buf_free(&b);
        return 0;
    }
    if (L->cfg->line[k]) {
        add_error(L, ln, "key '%s' in [%s]: given twice (first on line %d)", name, section, L->cfg->line[k]);
        return 0;
    }
    L->cfg->line[k] = ln;
    const char *v = check_value(L, &KEYS[k], section, name, value);
    if (!v)
        return 0;
    L->cfg->value[k] = kp_xstrdup(v);
    return 1;
}

static int by_line(const void *a, const void *b)
{
    const config_error *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static char *join_errors(loader *L)
{
    qsort(L->errors, L->nerrors, sizeof L->errors[0], by_line);
    kp_buf b;
    kp_buf_init(&b, 64 * 1024);
    for (size_t i = 0; i < L->nerrors; i++) {
        kp_buf_printf(&b, "%s%s", i ? "\n" : "", L->errors[i].text);
        free(L->errors[i].text);
    }
    if (L->dropped)
        kp_buf_printf(&b, "\n%s: … and %zu more", L->path, L->dropped);
    L->nerrors = 0;
    return kp_buf_take(&b);
}

kp_rc kp_config_load(const char *path, kp_config **out, char **errors)
{
    if (!path || !out || !errors)
        return KP_EUSAGE;
    *out = NULL;
    *errors = NULL;
    loader L = {.path = path};
    kp_buf b;
    kp_buf_init(&b, 4096);
    struct stat sb;
    L.f = fopen(path, "r");
    if (!L.f || fstat(fileno(L.f), &sb) != 0) {
        kp_buf_printf(&b, "%s: cannot read the configuration file: %s", path, strerror(errno));
        goto io_error;
    }
    if (!S_ISREG(sb.st_mode)) {
        kp_buf_printf(&b, "%s: not a configuration file (not a regular file)", path);
        goto io_error;
    }
    L.cfg = kp_xcalloc(1, sizeof *L.cfg);
    int first = ini_parse_stream(read_line, &L, on_pair, &L);
    if (ferror(L.f)) {
        for (size_t i = 0; i < L.nerrors; i++)
            free(L.errors[i].text);
        kp_config_free(L.cfg);
        kp_buf_printf(&b, "%s: cannot read the configuration file: %s", path, strerror(errno ? errno : EIO));
        goto io_error;
    }
    fclose(L.f);
    /* inih returns the first line it could not use; a line our handler
     * refused has its message already, any other is not INI. */
    if (first > 0 && !line_has_error(&L, first))
        add_error(&L, first, "not a 'key = value' line, a [section] or a comment");
    kp_buf_free(&b);
    if (L.nerrors || L.dropped) {
        *errors = join_errors(&L);
        kp_config_free(L.cfg);
        return KP_EINVAL;
    }
    *out = L.cfg;
    return KP_OK;

io_error:
    if (L.f)
        fclose(L.f);
    *errors = kp_buf_take(&b);
    return KP_EIO;
}

const char *kp_config_get(const kp_config *c, const char *section, const char *key)
{
    if (!c || !section || !key)
        return NULL;
    int k = find_key(section, key);
    return k < 0 ? NULL : c->value[k];
}

int kp_config_line(const kp_config *c, const char *section, const char *key)
{
    if (!c || !section || !key)
        return 0;
    int k = find_key(section, key);
    return k < 0 || !c->value[k] ? 0 : c->line[k];
}

kp_rc kp_config_apply(const kp_config *c, const char *cmd, kp_opt *opts, size_t nopts)
{
    if (!c || !cmd || (!opts && nopts))
        return KP_EUSAGE;
    /* The key file is the file's database's: not for a --db of another. */
    bool own_db = true;
    for (size_t j = 0; j < nopts; j++)
        if (strcmp(opts[j].name, "db") == 0 && opts[j].value)
            own_db = false;
    for (size_t i = 0; i < NKEYS; i++) {
        const key_def *k = &KEYS[i];
        const char *v = c->value[i];
        if (!v || (strcmp(k->section, "database") != 0 && strcmp(k->section, cmd) != 0))
            continue;
        if (k->env && strcmp(k->env, "KOPA_KEY_FILE") == 0 && !own_db)
            continue;
        if (k->env) {
            const char *now = getenv(k->env);
            if ((!now || !*now) && setenv(k->env, v, 1) != 0)
                return KP_EIO;
            continue;
        }
        kp_opt *o = NULL;
        for (size_t j = 0; j < nopts; j++)
            if (strcmp(opts[j].name, k->option) == 0)
                o = &opts[j];
        if (!o || o->value)
            continue; /* not this command's, or the command line said */
        if (k->kind == K_BOOL) {
            if ((strcmp(v, "yes") == 0) != k->invert)
                o->value = "1";
        } else {
            o->value = v;
        }
    }
    return KP_OK;
}

bool kp_config_range(const char *key, unsigned long *lo, unsigned long *hi)
{
    if (!key || !lo || !hi)
        return false;
    int k = find_key("serve", key);
    if (k < 0 || KEYS[k].kind != K_UINT)
        return false;
    *lo = KEYS[k].lo;
    *hi = KEYS[k].hi;
    return true;
}

void kp_config_free(kp_config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < NKEYS; i++)
        free(c->value[i]);
    free(c);
}
