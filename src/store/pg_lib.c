/* libpq, opened the first time a PostgreSQL database is (core/lazy_lib.h).
 *
 * Linked the usual way, libpq brings twelve more shared libraries (OpenSSL,
 * Kerberos, LDAP, SASL …) into every start of `kopa`, whatever the
 * database: 14–20 ms of CPU and about 110 page faults a command on a small
 * virtual machine (docs/performance.md, "Latest run"), which a SQLite
 * installation never needs. pg_store.c and pg_migrate.c are written
 * against libpq as usual; the functions they call are listed here. */
#include "pg_lib.h"
#include "core/lazy_lib.h"
#include <libpq-fe.h>

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

static struct {
    PGconn *(*PQconnectdb)(const char *conninfo);
    LIBPQ_FUNCTIONS(KP_LAZY_MEMBER)
    LIBPQ_PROCEDURES(KP_LAZY_MEMBER_V)
} lazy;

static void find_all(void *h, char *err, size_t errlen)
{
    LIBPQ_FUNCTIONS(KP_LAZY_FIND)
    LIBPQ_PROCEDURES(KP_LAZY_FIND_V)
    KP_LAZY_FIND_(PQconnectdb)
}

static kp_lazy_lib lib = KP_LAZY_LIB(LIBPQ_SONAME, "PostgreSQL (libpq5)", find_all);

const char *kp_pg_lib_load(void)
{
    return kp_lazy_load(&lib);
}

static void lazy_ready(void)
{
    kp_lazy_require(&lib);
}

/* PQconnectdb answers NULL rather than stopping: kp_pg_open asks first and
 * explains, and the tests' fixture connects the same way. */
PGconn *PQconnectdb(const char *conninfo)
{
    if (kp_pg_lib_load())
        return NULL;
    return lazy.PQconnectdb(conninfo);
}

LIBPQ_FUNCTIONS(KP_LAZY_FORWARD)
LIBPQ_PROCEDURES(KP_LAZY_FORWARD_V)
