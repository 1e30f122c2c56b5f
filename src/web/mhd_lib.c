/* libmicrohttpd, opened when `kopa serve` starts (core/lazy_lib.h).
 *
 * Linked the usual way it brings GnuTLS and the eight libraries GnuTLS needs
 * into every start of `kopa`: about 9 ms of CPU and 170 page faults on a
 * small virtual machine, paid by imports, reports and every other command
 * that serves nothing. server.c is written against libmicrohttpd as usual;
 * the functions it calls are listed here. */
#include "mhd_lib.h"
#include "core/lazy_lib.h"
#include <microhttpd.h>
#include <stdarg.h>

/* Debian's libmicrohttpd12. */
#define MHD_SONAME "libmicrohttpd.so.12"

#define MHD_FUNCTIONS(X)                                                                                         \
    X(struct MHD_Response *, MHD_create_response_from_buffer,                                                    \
      (size_t size, void *buffer, enum MHD_ResponseMemoryMode mode), (size, buffer, mode))                       \
    X(enum MHD_Result, MHD_add_response_header,                                                                  \
      (struct MHD_Response * response, const char *header, const char *content), (response, header, content))   \
    X(enum MHD_Result, MHD_queue_response,                                                                       \
      (struct MHD_Connection * connection, unsigned int status_code, struct MHD_Response *response),            \
      (connection, status_code, response))                                                                       \
    X(int, MHD_get_connection_values,                                                                            \
      (struct MHD_Connection * connection, enum MHD_ValueKind kind, MHD_KeyValueIterator iterator,              \
       void *iterator_cls),                                                                                      \
      (connection, kind, iterator, iterator_cls))                                                                \
    X(const char *, MHD_lookup_connection_value,                                                                 \
      (struct MHD_Connection * connection, enum MHD_ValueKind kind, const char *key), (connection, kind, key))   \
    X(MHD_socket, MHD_quiesce_daemon, (struct MHD_Daemon * daemon), (daemon))

#define MHD_PROCEDURES(V)                                                                                        \
    V(MHD_destroy_response, (struct MHD_Response * response), (response))                                        \
    V(MHD_suspend_connection, (struct MHD_Connection * connection), (connection))                                \
    V(MHD_resume_connection, (struct MHD_Connection * connection), (connection))                                 \
    V(MHD_stop_daemon, (struct MHD_Daemon * daemon), (daemon))

/* The three with variable arguments are forwarded by hand below. */
#define MHD_VARIADIC(X)                                                                                          \
    X(struct MHD_Daemon *, MHD_start_daemon_va,                                                                  \
      (unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc, void *apc_cls,                           \
       MHD_AccessHandlerCallback dh, void *dh_cls, va_list ap),                                                  \
      ())                                                                                                        \
    X(const union MHD_ConnectionInfo *, MHD_get_connection_info,                                                 \
      (struct MHD_Connection * connection, enum MHD_ConnectionInfoType info_type, ...), ())                      \
    X(const union MHD_DaemonInfo *, MHD_get_daemon_info,                                                         \
      (struct MHD_Daemon * daemon, enum MHD_DaemonInfoType info_type, ...), ())

static struct {
    MHD_FUNCTIONS(KP_LAZY_MEMBER)
    MHD_PROCEDURES(KP_LAZY_MEMBER_V)
    MHD_VARIADIC(KP_LAZY_MEMBER)
} lazy;

static void find_all(void *h, char *err, size_t errlen)
{
    MHD_FUNCTIONS(KP_LAZY_FIND)
    MHD_PROCEDURES(KP_LAZY_FIND_V)
    MHD_VARIADIC(KP_LAZY_FIND)
}

static kp_lazy_lib lib = KP_LAZY_LIB(MHD_SONAME, "the web server (libmicrohttpd12)", find_all);

const char *kp_mhd_lib_load(void)
{
    return kp_lazy_load(&lib);
}

static void lazy_ready(void)
{
    kp_lazy_require(&lib);
}

MHD_FUNCTIONS(KP_LAZY_FORWARD)
MHD_PROCEDURES(KP_LAZY_FORWARD_V)

struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc,
                                    void *apc_cls, MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
    lazy_ready();
    va_list ap;
    va_start(ap, dh_cls);
    struct MHD_Daemon *d = lazy.MHD_start_daemon_va(flags, port, apc, apc_cls, dh, dh_cls, ap);
    va_end(ap);
    return d;
}

/* The kinds of information server.c asks for (the client's address, the
 * socket's context and descriptor, the bound port) take no further
 * argument, so none is passed on. */
const union MHD_ConnectionInfo *MHD_get_connection_info(struct MHD_Connection *connection,
                                                        enum MHD_ConnectionInfoType info_type, ...)
{
    lazy_ready();
    return lazy.MHD_get_connection_info(connection, info_type);
}

const union MHD_DaemonInfo *MHD_get_daemon_info(struct MHD_Daemon *daemon, enum MHD_DaemonInfoType info_type, ...)
{
    lazy_ready();
    return lazy.MHD_get_daemon_info(daemon, info_type);
}
