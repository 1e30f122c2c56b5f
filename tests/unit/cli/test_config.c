/* The configuration file (src/cli/config.c) and --config in kp_cli_parse:
 * what a good file gives, every kind of mistake with its line and key, the
 * command line winning over the file, the environment over key-file and
 * data-dir, and bad arguments. Expected messages are written out here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/cli.h"
#include "cli/config.h"
#include "core/mem.h"

static char g_file[600];

/* Writes text to the test's configuration file and returns its path. */
static const char *conf(const char *text)
{
    FILE *f = fopen(g_file, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
    return g_file;
}

/* Loads text that must be refused; returns the messages (caller frees). */
static char *refused(const char *text)
{
    kp_config *c = (kp_config *)&c; /* must come back NULL */
    char *errors = NULL;
    assert_int_equal(kp_config_load(conf(text), &c, &errors), KP_EINVAL);
    assert_null(c);
    assert_non_null(errors);
    return errors;
}

/* The messages for text must be exactly want, with "F" standing for the
 * file's path. */
static void expect_errors(const char *text, const char *want)
{
    char *errors = refused(text);
    char expected[4096] = "";
    size_t n = 0;
    for (const char *p = want; *p && n + 700 < sizeof expected; p++) {
        if (*p == 'F' && (p == want || p[-1] == '\n') && p[1] == ':')
            n += (size_t)snprintf(expected + n, sizeof expected - n, "%s", g_file);
        else
            expected[n++] = *p;
    }
    expected[n] = '\0';
    assert_string_equal(errors, expected);
    free(errors);
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_file, sizeof g_file, "%s/test_config.conf", KOPA_TEST_TMP);
    unsetenv("KOPA_CONFIG");
    unsetenv("KOPA_KEY_FILE");
    unsetenv("KOPA_DATA_DIR");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(g_file);
    unsetenv("KOPA_CONFIG");
    unsetenv("KOPA_KEY_FILE");
    unsetenv("KOPA_DATA_DIR");
    kp_cli_release();
    return 0;
}

static const char GOOD[] = "\xEF\xBB\xBF# Kopā\r\n"
                           "[database]\r\n"
                           "db = /var/lib/kopa/kopa.db\r\n"
                           "key-file: /etc/kopa/kopa.key\n"
                           "\n"
                           "; the catalogues\n"
                           "data-dir = /usr/share/kopa/data\n"
                           "[serve]\n"
                           "  listen = 0.0.0.0:0 ; any free port\n"
                           "threads = 64\n"
                           "secure-cookies = On\n"
                           "trust-proxy = false\n"
                           "access-log = 0\n"
                           "max-connections = 4000000\n"
                           "max-per-address = 0\n"
                           "header-timeout = 1\n"
                           "keepalive-timeout = 3600\n"
                           "body-timeout = 30\n";

static void test_a_good_file(void **state)
{
    (void)state;
    kp_config *c = NULL;
    char *errors = NULL;
    assert_int_equal(kp_config_load(conf(GOOD), &c, &errors), KP_OK);
    assert_null(errors);
    assert_non_null(c);
    /* The byte order mark, CR LF, "name: value", an inline comment and an
     * indented first key of a section are all fine. */
    assert_string_equal(kp_config_get(c, "database", "db"), "/var/lib/kopa/kopa.db");
    assert_int_equal(kp_config_line(c, "database", "db"), 3);
    assert_string_equal(kp_config_get(c, "database", "key-file"), "/etc/kopa/kopa.key");
    assert_int_equal(kp_config_line(c, "database", "key-file"), 4);
    assert_string_equal(kp_config_get(c, "database", "data-dir"), "/usr/share/kopa/data");
    assert_int_equal(kp_config_line(c, "database", "data-dir"), 7);
    assert_string_equal(kp_config_get(c, "serve", "listen"), "0.0.0.0:0");
    assert_string_equal(kp_config_get(c, "serve", "threads"), "64");
    assert_int_equal(kp_config_line(c, "serve", "threads"), 10);
    /* yes/no whatever the spelling. */
    assert_string_equal(kp_config_get(c, "serve", "secure-cookies"), "yes");
    assert_string_equal(kp_config_get(c, "serve", "trust-proxy"), "no");
    assert_string_equal(kp_config_get(c, "serve", "access-log"), "no");
    /* The ends of each range are in it. */
    assert_string_equal(kp_config_get(c, "serve", "max-connections"), "4000000");
    assert_string_equal(kp_config_get(c, "serve", "max-per-address"), "0");
    assert_string_equal(kp_config_get(c, "serve", "header-timeout"), "1");
    assert_string_equal(kp_config_get(c, "serve", "keepalive-timeout"), "3600");
    assert_string_equal(kp_config_get(c, "serve", "body-timeout"), "30");
    /* Not given, not known, or in another section. */
    assert_null(kp_config_get(c, "serve", "db"));
    assert_null(kp_config_get(c, "serve", "colour"));
    assert_int_equal(kp_config_line(c, "serve", "colour"), 0);
    kp_config_free(c);

    /* An empty file, or comments alone, give nothing and are fine. */
    assert_int_equal(kp_config_load(conf("# nothing yet\n\n; still nothing\n"), &c, &errors), KP_OK);
    assert_null(kp_config_get(c, "database", "db"));
    assert_int_equal(kp_config_line(c, "database", "db"), 0);
    kp_config_free(c);
    /* The last line needs no newline. */
    assert_int_equal(kp_config_load(conf("[database]\ndb = /srv/k.db"), &c, &errors), KP_OK);
    assert_string_equal(kp_config_get(c, "database", "db"), "/srv/k.db");
    kp_config_free(c);
    /* A URL for the database is left to the store to accept or refuse. */
    assert_int_equal(kp_config_load(conf("[database]\ndb = postgresql://kopa@db1/kopa\n"), &c, &errors), KP_OK);
    assert_string_equal(kp_config_get(c, "database", "db"), "postgresql://kopa@db1/kopa");
    kp_config_free(c);
}

static void test_unknown_sections_and_keys(void **state)
{
    (void)state;
    expect_errors("db = /x\n", "F:1: key 'db' is outside a section; put it under [database] or [serve]");
    expect_errors("[database]\ndb = /x\n[Serve]\nlisten = 127.0.0.1:1\n",
                  "F:4: key 'listen' in [Serve]: unknown section; the sections are [database] and [serve]");
    expect_errors("[database]\ndatabase = /x\n",
                  "F:2: key 'database' in [database]: unknown key; [database] has db, key-file, data-dir");
    expect_errors("[serve]\nport = 80\n",
                  "F:2: key 'port' in [serve]: unknown key; [serve] has listen, threads, secure-cookies, "
                  "trust-proxy, access-log, max-connections, max-per-address, header-timeout, "
                  "keepalive-timeout, body-timeout");
    /* A key of [serve] under [database] is unknown there. */
    expect_errors("[database]\nthreads = 4\n",
                  "F:2: key 'threads' in [database]: unknown key; [database] has db, key-file, data-dir");
}

static void test_bad_values_name_line_and_key(void **state)
{
    (void)state;
    expect_errors("[database]\ndb = kopa.db\n",
                  "F:2: key 'db' in [database]: must be an absolute path (starting with /) or a database URL, "
                  "not 'kopa.db'");
    expect_errors("[database]\nkey-file = ./kopa.key\n",
                  "F:2: key 'key-file' in [database]: must be an absolute path (starting with /), not './kopa.key'");
    expect_errors("[database]\ndata-dir = data\n",
                  "F:2: key 'data-dir' in [database]: must be an absolute path (starting with /), not 'data'");
    expect_errors("[database]\ndb =\n",
                  "F:2: key 'db' in [database]: has no value; give one, or remove the line to keep the default");
    const char *listen_msg = ": key 'listen' in [serve]: must be HOST:PORT with an IPv4 address and a port from 0 "
                             "to 65535 (e.g. 127.0.0.1:8080), not '";
    const char *bad_listen[] = {"127.0.0.1:65536", "127.0.0.1", ":8080", "localhost:8080", "127.0.0.1:80a",
                                "127.0.0.1:", "::1:8080", "127.0.0.1:-1"};
    for (size_t i = 0; i < sizeof bad_listen / sizeof bad_listen[0]; i++) {
        char text[200], want[400];
        snprintf(text, sizeof text, "[serve]\nlisten = %s\n", bad_listen[i]);
        snprintf(want, sizeof want, "F:2%s%s'", listen_msg, bad_listen[i]);
        expect_errors(text, want);
    }
    expect_errors("[serve]\ntrust-proxy = maybe\n", "F:2: key 'trust-proxy' in [serve]: must be yes or no, not 'maybe'");
    expect_errors("[serve]\naccess-log = y\n", "F:2: key 'access-log' in [serve]: must be yes or no, not 'y'");
    /* Each number just outside its range, and what is not a plain number. */
    expect_errors("[serve]\nthreads = 1\n",
                  "F:2: key 'threads' in [serve]: must be a whole number from 2 to 64, not '1'");
    expect_errors("[serve]\nthreads = 65\n",
                  "F:2: key 'threads' in [serve]: must be a whole number from 2 to 64, not '65'");
    expect_errors("[serve]\nmax-connections = 0\n",
                  "F:2: key 'max-connections' in [serve]: must be a whole number from 1 to 4000000, not '0'");
    expect_errors("[serve]\nmax-per-address = 4000001\n",
                  "F:2: key 'max-per-address' in [serve]: must be a whole number from 0 to 4000000, not '4000001'");
    expect_errors("[serve]\nheader-timeout = 3601\n",
                  "F:2: key 'header-timeout' in [serve]: must be a whole number from 1 to 3600, not '3601'");
    expect_errors("[serve]\nkeepalive-timeout = -5\n",
                  "F:2: key 'keepalive-timeout' in [serve]: must be a whole number from 1 to 3600, not '-5'");
    expect_errors("[serve]\nbody-timeout = 30s\n",
                  "F:2: key 'body-timeout' in [serve]: must be a whole number from 1 to 3600, not '30s'");
    /* '#' starts a comment only at the start of a line. */
    expect_errors("[serve]\nbody-timeout = 30 # seconds\n",
                  "F:2: key 'body-timeout' in [serve]: must be a whole number from 1 to 3600, not '30 # seconds'");
    expect_errors("[serve]\nthreads = 99999999999999999999999\n",
                  "F:2: key 'threads' in [serve]: must be a whole number from 2 to 64, not '99999999999999999999999'");
}

static void test_mistakes_of_form(void **state)
{
    (void)state;
    expect_errors("[database]\ndb = /a\ndb = /b\n", "F:3: key 'db' in [database]: given twice (first on line 2)");
    /* A refused value still counts as given. */
    expect_errors("[serve]\nthreads = 1\nthreads = 4\n",
                  "F:2: key 'threads' in [serve]: must be a whole number from 2 to 64, not '1'\n"
                  "F:3: key 'threads' in [serve]: given twice (first on line 2)");
    /* inih would read an indented line after a key as more of its value,
     * also after a blank line or a comment. */
    expect_errors("[database]\ndb = /var/lib/kopa/\n    kopa.db\n",
                  "F:3: key 'db' in [database]: this indented line would continue the value of the line before; "
                  "write each value on one line");
    expect_errors("[database]\ndb = /a\n\n# note\n  key-file = /k\n",
                  "F:5: key 'db' in [database]: this indented line would continue the value of the line before; "
                  "write each value on one line");
    expect_errors("[serve\nthreads = 4\n", "F:1: a [section] line without its ']'\n"
                                           "F:2: key 'threads' is outside a section; put it under [database] or "
                                           "[serve]");
    /* Every line that is not INI is named, not only the first. */
    expect_errors("[database]\nthis is not a setting\ndb = /a\nnor is this\n",
                  "F:2: not a 'key = value' line, a [section] or a comment\n"
                  "F:4: not a 'key = value' line, a [section] or a comment");
    /* inih's lines are 200 bytes; a longer one is refused, not cut. */
    char text[400] = "[database]\ndb = /";
    size_t n = strlen(text);
    memset(text + n, 'a', 250);
    memcpy(text + n + 250, "\nkey-file = k\n", 15);
    expect_errors(text, "F:2: the line is longer than 199 characters\n"
                        "F:3: key 'key-file' in [database]: must be an absolute path (starting with /), not 'k'");
    /* A line of exactly 199 characters fits. */
    char fits[400] = "[database]\ndb = /";
    n = strlen(fits);
    memset(fits + n, 'b', 199 - 6);
    memcpy(fits + n + 199 - 6, "\n", 2);
    kp_config *c = NULL;
    char *errors = NULL;
    assert_int_equal(kp_config_load(conf(fits), &c, &errors), KP_OK);
    assert_int_equal(strlen(kp_config_get(c, "database", "db")), 199 - 5);
    kp_config_free(c);
    /* Errors come in the order of the lines. */
    expect_errors("[serve]\nthreads = 0\nnot ini\nlisten = x\n",
                  "F:2: key 'threads' in [serve]: must be a whole number from 2 to 64, not '0'\n"
                  "F:3: not a 'key = value' line, a [section] or a comment\n"
                  "F:4: key 'listen' in [serve]: must be HOST:PORT with an IPv4 address and a port from 0 to 65535 "
                  "(e.g. 127.0.0.1:8080), not 'x'");
}

static void test_many_mistakes_are_capped(void **state)
{
    (void)state;
    char text[2000] = "[serve]\n";
    for (int i = 0; i < 25; i++)
        strncat(text, "x\n", sizeof text - strlen(text) - 1);
    char *errors = refused(text);
    size_t lines = 1;
    for (const char *p = errors; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 21); /* 20 messages and the count of the rest */
    char last[700];
    snprintf(last, sizeof last, "\n%s: … and 5 more", g_file);
    assert_non_null(strstr(errors, last));
    assert_string_equal(errors + strlen(errors) - strlen(last), last);
    free(errors);
}

static void test_unreadable_files(void **state)
{
    (void)state;
    kp_config *c = NULL;
    char *errors = NULL;
    char missing[700];
    snprintf(missing, sizeof missing, "%s/no-such.conf", KOPA_TEST_TMP);
    assert_int_equal(kp_config_load(missing, &c, &errors), KP_EIO);
    assert_null(c);
    char want[900];
    snprintf(want, sizeof want, "%s: cannot read the configuration file: No such file or directory", missing);
    assert_string_equal(errors, want);
    free(errors);
    assert_int_equal(kp_config_load(KOPA_TEST_TMP, &c, &errors), KP_EIO);
    snprintf(want, sizeof want, "%s: not a configuration file (not a regular file)", KOPA_TEST_TMP);
    assert_string_equal(errors, want);
    free(errors);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_config *c = NULL;
    char *errors = NULL;
    assert_int_equal(kp_config_load(NULL, &c, &errors), KP_EUSAGE);
    assert_int_equal(kp_config_load(conf("[database]\n"), NULL, &errors), KP_EUSAGE);
    assert_int_equal(kp_config_load(g_file, &c, NULL), KP_EUSAGE);
    assert_null(errors);
    assert_int_equal(kp_config_load(conf("[database]\ndb = /d\n"), &c, &errors), KP_OK);
    assert_null(kp_config_get(NULL, "database", "db"));
    assert_null(kp_config_get(c, NULL, "db"));
    assert_null(kp_config_get(c, "database", NULL));
    assert_int_equal(kp_config_line(NULL, "database", "db"), 0);
    assert_int_equal(kp_config_line(c, NULL, "db"), 0);
    assert_int_equal(kp_config_line(c, "database", NULL), 0);
    kp_opt o = {"db", false, NULL};
    assert_int_equal(kp_config_apply(NULL, "serve", &o, 1), KP_EUSAGE);
    assert_int_equal(kp_config_apply(c, NULL, &o, 1), KP_EUSAGE);
    assert_int_equal(kp_config_apply(c, "serve", NULL, 1), KP_EUSAGE);
    assert_int_equal(kp_config_apply(c, "serve", NULL, 0), KP_OK);
    assert_null(o.value);
    kp_config_free(c);
    kp_config_free(NULL);
    unsigned long lo = 7, hi = 7;
    assert_false(kp_config_range(NULL, &lo, &hi));
    assert_false(kp_config_range("threads", NULL, &hi));
    assert_false(kp_config_range("threads", &lo, NULL));
    assert_false(kp_config_range("listen", &lo, &hi)); /* not a number */
    assert_false(kp_config_range("db", &lo, &hi));
    assert_int_equal(lo, 7);
    assert_true(kp_config_range("threads", &lo, &hi));
    assert_int_equal(lo, 2);
    assert_int_equal(hi, 64);
    assert_true(kp_config_range("max-per-address", &lo, &hi));
    assert_int_equal(lo, 0);
    assert_int_equal(hi, 4000000);
}

static void test_apply_fills_what_the_command_line_left_open(void **state)
{
    (void)state;
    kp_config *c = NULL;
    char *errors = NULL;
    assert_int_equal(kp_config_load(conf("[database]\ndb = /srv/k.db\nkey-file = /srv/keys/k.key\n"
                                         "data-dir = /srv/data\n[serve]\nlisten = 10.0.0.1:8081\nthreads = 8\n"
                                         "trust-proxy = yes\nsecure-cookies = no\naccess-log = no\n"
                                         "max-per-address = 0\n"),
                                    &c, &errors),
                     KP_OK);
    kp_opt serve[] = {{"db", false, NULL},          {"listen", false, NULL},     {"threads", false, "3"},
                      {"secure-cookies", true, NULL}, {"trust-proxy", true, NULL}, {"quiet", true, NULL},
                      {"max-per-address", false, NULL}, {"max-connections", false, NULL}};
    assert_int_equal(kp_config_apply(c, "serve", serve, 8), KP_OK);
    assert_string_equal(serve[0].value, "/srv/k.db");
    assert_string_equal(serve[1].value, "10.0.0.1:8081");
    assert_string_equal(serve[2].value, "3"); /* the command line said */
    assert_null(serve[3].value);              /* secure-cookies = no */
    assert_string_equal(serve[4].value, "1"); /* trust-proxy = yes */
    assert_string_equal(serve[5].value, "1"); /* access-log = no is --quiet */
    assert_string_equal(serve[6].value, "0");
    assert_null(serve[7].value); /* not in the file */
    /* key-file and data-dir go to the environment the store reads. */
    assert_string_equal(getenv("KOPA_KEY_FILE"), "/srv/keys/k.key");
    assert_string_equal(getenv("KOPA_DATA_DIR"), "/srv/data");

    /* Another command takes [database] only; the environment wins. */
    setenv("KOPA_KEY_FILE", "/elsewhere.key", 1);
    setenv("KOPA_DATA_DIR", "", 1); /* empty is unset */
    kp_opt backup[] = {{"db", false, NULL}, {"out", false, NULL}, {"listen", false, NULL}, {"quiet", true, NULL}};
    assert_int_equal(kp_config_apply(c, "backup", backup, 4), KP_OK);
    assert_string_equal(backup[0].value, "/srv/k.db");
    assert_null(backup[1].value);
    assert_null(backup[2].value); /* [serve] is kopa serve's */
    assert_null(backup[3].value);
    assert_string_equal(getenv("KOPA_KEY_FILE"), "/elsewhere.key");
    assert_string_equal(getenv("KOPA_DATA_DIR"), "/srv/data");
    /* --db of another database: the file's key-file is not its key. */
    unsetenv("KOPA_KEY_FILE");
    kp_opt other[] = {{"db", false, "/srv/other.db"}};
    assert_int_equal(kp_config_apply(c, "backup", other, 1), KP_OK);
    assert_string_equal(other[0].value, "/srv/other.db");
    assert_null(getenv("KOPA_KEY_FILE"));
    kp_config_free(c);

    /* access-log = yes leaves --quiet alone; a flag on the command line
     * stays whatever the file says. */
    assert_int_equal(kp_config_load(conf("[serve]\naccess-log = yes\ntrust-proxy = no\n"), &c, &errors), KP_OK);
    kp_opt flags[] = {{"quiet", true, NULL}, {"trust-proxy", true, "1"}};
    assert_int_equal(kp_config_apply(c, "serve", flags, 2), KP_OK);
    assert_null(flags[0].value);
    assert_string_equal(flags[1].value, "1");
    kp_config_free(c);
}

static void test_cli_parse_reads_config(void **state)
{
    (void)state;
    conf("[database]\ndb = /srv/from-file.db\n[serve]\nlisten = 127.0.0.1:9000\nthreads = 6\n");
    char *path = kp_xstrdup(g_file);
    {
        kp_opt o[] = {{"db", false, NULL}, {"listen", false, NULL}, {"threads", false, NULL}, {"help", true, NULL}};
        char *argv[] = {"--config", path, "--threads=12"};
        assert_int_equal(kp_cli_parse("serve", 3, argv, o, 4), 0);
        assert_string_equal(o[0].value, "/srv/from-file.db");
        assert_string_equal(o[1].value, "127.0.0.1:9000");
        assert_string_equal(o[2].value, "12");
    }
    {
        /* --config=FILE, and --db on the command line wins. */
        char arg[700];
        snprintf(arg, sizeof arg, "--config=%s", path);
        kp_opt o[] = {{"db", false, NULL}, {"help", true, NULL}};
        char *argv[] = {"--db", "/tmp/mine.db", arg};
        assert_int_equal(kp_cli_parse("check-db", 3, argv, o, 2), 0);
        assert_string_equal(o[0].value, "/tmp/mine.db");
    }
    {
        /* KOPA_CONFIG when there is no --config. */
        setenv("KOPA_CONFIG", path, 1);
        kp_opt o[] = {{"db", false, NULL}, {"help", true, NULL}};
        assert_int_equal(kp_cli_parse("backup", 0, NULL, o, 2), 0);
        assert_string_equal(o[0].value, "/srv/from-file.db");
        /* --config wins over KOPA_CONFIG. */
        char other[700];
        snprintf(other, sizeof other, "%s/test_config_other.conf", KOPA_TEST_TMP);
        FILE *f = fopen(other, "w");
        assert_non_null(f);
        fputs("[database]\ndb = /srv/other.db\n", f);
        fclose(f);
        kp_opt o2[] = {{"db", false, NULL}, {"help", true, NULL}};
        char *argv[] = {"--config", other};
        assert_int_equal(kp_cli_parse("backup", 2, argv, o2, 2), 0);
        assert_string_equal(o2[0].value, "/srv/other.db");
        unlink(other);
        unsetenv("KOPA_CONFIG");
    }
    {
        /* A mistake in the file is a usage error (2); --help reads no file. */
        conf("[serve]\nthreads = many\n");
        kp_opt o[] = {{"db", false, NULL}, {"threads", false, NULL}, {"help", true, NULL}};
        char *argv[] = {"--config", path};
        assert_int_equal(kp_cli_parse("serve", 2, argv, o, 3), 2);
        kp_opt h[] = {{"db", false, NULL}, {"help", true, NULL}};
        char *hargv[] = {"--config", path, "--help"};
        assert_int_equal(kp_cli_parse("serve", 3, hargv, h, 2), 0);
        assert_null(h[0].value);
        /* --config needs its value, like any option. */
        kp_opt n[] = {{"db", false, NULL}};
        char *nargv[] = {"--config"};
        assert_int_equal(kp_cli_parse("serve", 1, nargv, n, 1), 2);
    }
    {
        /* kp_cli_config: NULL path and no KOPA_CONFIG is nothing to do. */
        kp_opt o[] = {{"db", false, NULL}};
        assert_int_equal(kp_cli_config("claim", NULL, o, 1), 0);
        assert_null(o[0].value);
    }
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_good_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_sections_and_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_values_name_line_and_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mistakes_of_form, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_mistakes_are_capped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unreadable_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_apply_fills_what_the_command_line_left_open, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli_parse_reads_config, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
