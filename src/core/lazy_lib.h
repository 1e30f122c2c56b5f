/* A shared library opened at first use instead of at every start.
 *
 * Kopā links with twelve libraries for PostgreSQL (libpq and what it needs)
 * and fourteen for PDF (pango, cairo and theirs), which every start of
 * `kopa` would otherwise map and relocate: about 15–20 ms of CPU each on a
 * small virtual machine, for commands that mostly never draw a PDF or reach
 * PostgreSQL. A file that needs one (src/store/pg_lib.c, src/report/
 * pdf_lib.c) lists the functions it calls in X-macros
 *   X(return type, name, (parameters), (arguments))   returning a value
 *   V(name, (parameters), (arguments))                 returning nothing
 * keeps their pointers in a struct named `lazy` and defines each function
 * with the library's own name and signature (its header declares them, so
 * the compiler checks every one), forwarding through `lazy`. The program
 * is not linked with the library, so a function missing from a list fails
 * the link rather than the run. */
#ifndef KOPA_CORE_LAZY_LIB_H
#define KOPA_CORE_LAZY_LIB_H

#include <stddef.h>

#define KP_LAZY_MEMBER(type, name, params, args) type(*name) params;
#define KP_LAZY_MEMBER_V(name, params, args) void(*name) params;

/* Inside a loader: looks `name` up in handle `h`, or returns with the
 * reason in `err` (a char array). */
#define KP_LAZY_FIND(type, name, params, args) KP_LAZY_FIND_(name)
#define KP_LAZY_FIND_V(name, params, args) KP_LAZY_FIND_(name)
#define KP_LAZY_FIND_(name)                                                                                      \
    if (kp_lazy_symbol(h, #name, (void **)&lazy.name, err, sizeof err))                                          \
        return;

/* The forwarders call the file's `lazy_ready()`, which opens the library
 * once (a pthread_once: an atomic load after the first call) and stops the
 * program with a message if it is missing; an entry point that can answer
 * with an error instead asks first (kp_pdf_lib_load …). */
#define KP_LAZY_FORWARD(type, name, params, args)                                                                \
    type name params                                                                                             \
    {                                                                                                            \
        lazy_ready();                                                                                            \
        return lazy.name args;                                                                                   \
    }
#define KP_LAZY_FORWARD_V(name, params, args)                                                                    \
    void name params                                                                                             \
    {                                                                                                            \
        lazy_ready();                                                                                            \
        lazy.name args;                                                                                          \
    }

/* dlopen(soname) for its functions only (RTLD_LOCAL): NULL with the reason
 * in err when it cannot be opened. */
void *kp_lazy_open(const char *soname, char *err, size_t errlen);

/* *slot = the function `name` of handle h; -1 with the reason in err when
 * the library lacks it (an older version). */
int kp_lazy_symbol(void *h, const char *name, void **slot, char *err, size_t errlen);

/* For lazy_ready(): returns when `err` (a loader's answer) is NULL, else
 * writes "kopa: cannot use WHAT: err" to standard error and aborts. */
void kp_lazy_require(const char *what, const char *err);

#endif
