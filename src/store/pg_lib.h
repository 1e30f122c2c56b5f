/* libpq, loaded at the first PostgreSQL connection (see pg_lib.c). */
#ifndef KOPA_STORE_PG_LIB_H
#define KOPA_STORE_PG_LIB_H

/* Loads libpq once (thread-safe). NULL when it is there, else why not
 * (dlopen's message), for an error that names the Debian package. */
const char *kp_pg_lib_load(void);

#endif
