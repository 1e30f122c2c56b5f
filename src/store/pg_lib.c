/* libpq, loaded the first time a PostgreSQL database is opened.
 *
 * Linked the usual way, libpq brings twelve more shared libraries
 * (OpenSSL, Kerberos, LDAP, SASL …) into every start of `kopa`, whatever the
 * database: about 20 ms of CPU and 400 page faults a command on a small
 * virtual machine, a tenth of a whole evaluation of the national data at
 * scale 0.1 (docs/performance.md, "Latest run"). A SQLite installation never
 * needs them. So the functions of libpq that the PostgreSQL backend calls
 * are defined here with libpq's own names and signatures (libpq-fe.h
 * declares them, so the compiler checks each one), and forward to libpq
 * opened with dlopen() on the first PQconnectdb(); pg_store.c and
 * pg_migrate.c are written against libpq as usual.
 *
 * A new libpq function used elsewhere must be added to the list below: the
 * program is not linked with libpq, so a missing one fails at link time. */
#include "pg_lib.h"
#include <dlfcn.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* The library's name as Debian's libpq5 installs it (its SONAME). */
#define LIBPQ_SONAME "libpq.so.5"

/* X(return type, name, parameters, arguments) of the functions returning a
 * value; V(name, parameters, arguments) of those returning nothing. */
#define LIBPQ_FUNCTIONS(X)                                                                                       \
    X(ConnStatusType, PQstatus, (const PGconn *conn), (conn))                                                    \
    X(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn))                                \
    X(char *, PQdb, (const PGconn *conn), (conn))                                                                \
    X(char *, PQerrorMessage, (const PGconn *conn), (conn))                                                      \
    X(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn * conn, PQnoticeProcessor proc, void *arg),               \
      (conn, proc, arg))                                                                                         \
    X(PGresult *, PQexec, (PGconn * conn, const char *query), (conn, query))                                     \
    X(PGresult *, PQexecParams,                                                                                  \
      (PGconn * conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues,  \
       const int *paramLengths, const int *paramFormats, int resultFormat),                                      \
      (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))               \
    X(PGresult *, PQprepare,                                                                                     \
      (PGconn * conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes),             \
      (conn, stmtName, query, nParams, paramTypes))                                                              \
    X(PGresult *, PQexecPrepared,                                                                                \
      (PGconn * conn, const char *stmtName, int nParams, const char *const *paramValues,                        \
       const int *paramLengths, const int *paramFormats, int resultFormat),                                      \
      (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))                          \
    X(PGresult *, PQdescribePrepared, (PGconn * conn, const char *stmt), (conn, stmt))                           \
    X(int, PQsendQueryParams,                                                                                    \
      (PGconn * conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues,  \
       const int *paramLengths, const int *paramFormats, int resultFormat),                                      \
      (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))               \
    X(int, PQsendPrepare,                                                                                        \
      (PGconn * conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes),             \
      (conn, stmtName, query, nParams, paramTypes))                                                              \
    X(int, PQsendQueryPrepared,                                                                                  \
      (PGconn * conn, const char *stmtName, int nParams, const char *const *paramValues,                        \
       const int *paramLengths, const int *paramFormats, int resultFormat),                                      \
      (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))                          \
    X(PGresult *, PQgetResult, (PGconn * conn), (conn))                                                          \
    X(int, PQenterPipelineMode, (PGconn * conn), (conn))                                                         \
    X(int, PQexitPipelineMode, (PGconn * conn), (conn))                                                          \
    X(int, PQpipelineSync, (PGconn * conn), (conn))                                                              \
    X(ExecStatusType, PQresultStatus, (const PGresult *res), (res))                                              \
    X(char *, PQresultErrorMessage, (const PGresult *res), (res))                                                \
    X(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))                        \
    X(char *, PQcmdStatus, (PGresult * res), (res))                                                              \
    X(char *, PQcmdTuples, (PGresult * res), (res))                                                              \
    X(int, PQntuples, (const PGresult *res), (res))                                                              \
    X(int, PQnfields, (const PGresult *res), (res))                                                              \
    X(char *, PQfname, (const PGresult *res, int field_num), (res, field_num))                                   \
    X(Oid, PQftype, (const PGresult *res, int field_num), (res, field_num))                                      \
    X(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))          \
    X(int, PQgetlength, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))            \
    X(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))            \
    X(unsigned char *, PQunescapeBytea, (const unsigned char *strtext, size_t *retbuflen), (strtext, retbuflen))

#define LIBPQ_PROCEDURES(V)                                                                                      \
    V(PQfinish, (PGconn * conn), (conn))                                                                         \
    V(PQreset, (PGconn * conn), (conn))                                                                          \
    V(PQclear, (PGresult * res), (res))                                                                          \
    V(PQfreemem, (void *ptr), (ptr))

#define MEMBER(type, name, params, args) type(*name) params;
#define PROC_MEMBER(name, params, args) void(*name) params;
static struct {
    PGconn *(*PQconnectdb)(const char *conninfo);
    LIBPQ_FUNCTIONS(MEMBER)
    LIBPQ_PROCEDURES(PROC_MEMBER)
} pq;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[256];

static void load(void)
{
    void *h = dlopen(LIBPQ_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(load_error, sizeof load_error, "%s", e ? e : LIBPQ_SONAME " not found");
        return;
    }
    /* A pointer to function from dlsym's void * (POSIX guarantees it works). */
#define LOOK_UP(name)                                                                                            \
    do {                                                                                                         \
        void *f = dlsym(h, #name);                                                                               \
        if (!f) {                                                                                                \
            snprintf(load_error, sizeof load_error, LIBPQ_SONAME " has no %s (libpq older than 14?)", #name);   \
            return;                                                                                              \
        }                                                                                                        \
        *(void **)&pq.name = f;                                                                                  \
    } while (0);
#define LOOK_UP_X(type, name, params, args) LOOK_UP(name)
#define LOOK_UP_V(name, params, args) LOOK_UP(name)
    LIBPQ_FUNCTIONS(LOOK_UP_X)
    LIBPQ_PROCEDURES(LOOK_UP_V)
    LOOK_UP(PQconnectdb)
}

const char *kp_pg_lib_load(void)
{
    pthread_once(&once, load);
    /* Empty exactly when every function was found. */
    return load_error[0] ? load_error : NULL;
}

/* Every other function is reached only through a connection, so libpq is
 * loaded by then; PQconnectdb makes sure of it. */
PGconn *PQconnectdb(const char *conninfo)
{
    if (kp_pg_lib_load())
        return NULL;
    return pq.PQconnectdb(conninfo);
}

#define FORWARD(type, name, params, args)                                                                        \
    type name params                                                                                             \
    {                                                                                                            \
        return pq.name args;                                                                                     \
    }
#define FORWARD_V(name, params, args)                                                                            \
    void name params                                                                                             \
    {                                                                                                            \
        pq.name args;                                                                                            \
    }
LIBPQ_FUNCTIONS(FORWARD)
LIBPQ_PROCEDURES(FORWARD_V)
