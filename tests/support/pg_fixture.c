/* Fresh PostgreSQL databases for tests (see pg_fixture.h). */
#include "pg_fixture.h"
#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int pg_test_create(const char *name, char *url, size_t urllen)
{
    const char *cluster = pg_test_cluster();
    if (!cluster)
        return -1;
    char db[64];
    size_t i = 0;
    for (const char *p = name; *p && i < 40; p++)
        db[i++] = isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : '_';
    snprintf(db + i, sizeof db - i, "_%d", (int)getpid());
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", db);
    if (admin(sql))
        return -1;
    /* template0: nothing a test left in template1 comes along. */
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8'", db);
    if (admin(sql))
        return -1;
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
