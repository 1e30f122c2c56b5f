/* libmicrohttpd, opened when the server starts (see mhd_lib.c). */
#ifndef KOPA_WEB_MHD_LIB_H
#define KOPA_WEB_MHD_LIB_H

/* Opens it once (thread-safe). NULL when it is there, else why not. */
const char *kp_mhd_lib_load(void);

#endif
