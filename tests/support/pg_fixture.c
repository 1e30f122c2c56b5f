/* Fresh PostgreSQL databases for tests (see pg_fixture.h). */
#include "pg_fixture.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const char *pg_test_cluster(void)
{
    const char *u = getenv("KOPA_TEST_PG");
    return u && *u ? u : NULL;
}

/* The URL with its database name replaced: postgresql://[auth]/DB[?params]. */
static int with_db(const char *url, const char *db, char *out, size_t outlen)
{
    const char *auth = strstr(url, "://");
    if (!auth)
        return -1;
    const char *slash = strchr(auth + 3, '/');
    const char *q = strchr(auth + 3, '?');
    if (!slash || (q && q < slash))
        slash = q ? q : auth + strlen(auth);
    const char *rest = slash;
    if (*rest == '/')
        rest++;
    while (*rest && *rest != '?')
        rest++;
    int n = snprintf(out, outlen, "%.*s/%s%s", (int)(slash - url), url, db, rest);
    return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

static const char *db_name(const char *url, char *out, size_t outlen)
{
    const char *auth = strstr(url, "://");
    const char *slash = auth ? strchr(auth + 3, '/') : NULL;
    size_t i = 0;
    for (const char *p = slash ? slash + 1 : ""; *p && *p != '?' && i + 1 < outlen; p++)
        out[i++] = *p;
    out[i] = '\0';
    return out;
}

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static int admin(const char *sql)
{
    PGconn *c = PQconnectdb(pg_test_cluster());
    PQsetNoticeProcessor(c, quiet, NULL);
    int rc = 0;
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "pg fixture: cannot connect to the cluster: %s", PQerrorMessage(c));
        rc = -1;
    } else {
        PGresult *r = PQexec(c, sql);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            fprintf(stderr, "pg fixture: %s: %s", sql, PQresultErrorMessage(r));
            rc = -1;
        }
        PQclear(r);
    }
    PQfinish(c);
    return rc;
}

/* The database of `name` in this process: lower case, [a-z0-9_], _PID. */
static void test_db_name(const char *name, char db[64])
{
    size_t i = 0;
    for (const char *p = name; *p && i < 40; p++)
        db[i++] = isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : '_';
    snprintf(db + i, 64 - i, "_%d", (int)getpid());
}

/* Drops db and creates it again from `tmpl` (NULL: empty, from template0). */
static int create_from(const char *db, const char *tmpl)
{
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", db);
    if (admin(sql))
        return -1;
    /* template0: nothing a test left in template1 comes along. */
    if (tmpl)
        snprintf(sql, sizeof sql, "CREATE DATABASE %.63s TEMPLATE %.63s", db, tmpl);
    else
        snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8'", db);
    return admin(sql);
}

int pg_test_create(const char *name, char *url, size_t urllen)
{
    const char *cluster = pg_test_cluster();
    if (!cluster)
        return -1;
    char db[64];
    test_db_name(name, db);
    if (create_from(db, NULL))
        return -1;
    return with_db(cluster, db, url, urllen);
}

/* db_demo_template of tests/support/db.sh, run by bash: the template's name
 * and the folder that holds its key (_db_shared_dir), one a line, into out. */
static int demo_template(char *out, size_t outlen)
{
    static const char script[] =
        "export KOPA_SRC=\"$1\" KOPA=\"$2\"; unset KOPA_REAL KOPA_KEY_FILE; . \"$1/tests/support/db.sh\" &&"
        " t=$(db_demo_template) && printf '%s\\n%s\\n' \"$t\" \"$(_db_shared_dir)\"";
    int fd[2];
    if (pipe(fd))
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execlp("bash", "bash", "-c", script, "bash", KOPA_TEST_SRC, KOPA_TEST_KOPA, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    size_t n = 0;
    ssize_t r;
    while ((r = read(fd[0], out + n, outlen - 1 - n)) > 0 && n + 1 < outlen)
        n += (size_t)r;
    out[n] = '\0';
    close(fd[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            perror("pg fixture: waitpid");
            return -1;
        }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "pg fixture: no demo template on the cluster (tests/support/db.sh db_demo_template)\n");
        return -1;
    }
    return 0;
}

static int copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    unlink(to);
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    int rc = out < 0 ? -1 : 0;
    char buf[4096];
    ssize_t n;
    while (!rc && (n = read(in, buf, sizeof buf)) != 0)
        rc = n < 0 || write(out, buf, (size_t)n) != n ? -1 : 0;
    close(in);
    if (out >= 0 && close(out))
        rc = -1;
    return rc;
}

int pg_test_demo(const char *name, const char *key_path, char *url, size_t urllen)
{
    const char *cluster = pg_test_cluster();
    if (!cluster)
        return -1;
    char lines[2048];
    if (demo_template(lines, sizeof lines))
        return -1;
    char *tmpl = lines, *dir = strchr(lines, '\n');
    char *end = dir ? strchr(dir + 1, '\n') : NULL;
    if (!dir || !end) {
        fprintf(stderr, "pg fixture: db_demo_template said: %s\n", lines);
        return -1;
    }
    *dir++ = '\0';
    *end = '\0';
    for (const char *p = tmpl; *p || p == tmpl; p++)
        if ((!isalnum((unsigned char)*p) && *p != '_') || p - tmpl >= 63) {
            fprintf(stderr, "pg fixture: not a template's name: %s\n", tmpl);
            return -1;
        }
    char db[64], key[2200];
    test_db_name(name, db);
    if (create_from(db, tmpl))
        return -1;
    snprintf(key, sizeof key, "%s/%s.key", dir, tmpl);
    if (copy_file(key, key_path)) {
        fprintf(stderr, "pg fixture: cannot copy the demo template's key %s to %s\n", key, key_path);
        return -1;
    }
    return with_db(cluster, db, url, urllen);
}

void pg_test_drop(const char *url)
{
    if (!pg_test_cluster() || !url)
        return;
    char db[128], sql[256];
    db_name(url, db, sizeof db);
    for (const char *p = db; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            return;
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", db);
    admin(sql);
}
