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

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#define KP_LAZY_MEMBER(type, name, params, args) type(*name) params;
#define KP_LAZY_MEMBER_V(name, params, args) void(*name) params;

/* Inside a library's `find` function (see kp_lazy_lib): looks `name` up
 * in handle `h`, or returns with the reason in `err`. */
#define KP_LAZY_FIND(type, name, params, args) KP_LAZY_FIND_(name)
#define KP_LAZY_FIND_V(name, params, args) KP_LAZY_FIND_(name)
#define KP_LAZY_FIND_(name)                                                                                      \
    if (kp_lazy_symbol(h, #name, (void **)&lazy.name, err, errlen))                                              \
        return;

/* The forwarders call the file's `lazy_ready()`, which opens the library
 * once (kp_lazy_load) and stops the program with a message if it is
 * missing; an entry point that can answer
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

/* One library opened at most once, whatever the threads: a file defines
 *   static kp_lazy_lib lib = KP_LAZY_LIB(SONAME, "PDF (libpangocairo-1.0-0)", find_all);
 * where find_all(h, err, errlen) fills its `lazy` struct with KP_LAZY_FIND,
 * its public loader returns kp_lazy_load(&lib), and its lazy_ready() calls
 * kp_lazy_require(&lib). */
typedef struct kp_lazy_lib {
    const char *soname; /* as Debian installs it */
    const char *what;   /* what it is for and its package, for messages */
    void (*find)(void *h, char *err, size_t errlen);
    pthread_mutex_t lock;
    atomic_bool done;
    char err[256]; /* empty exactly when every function was found */
} kp_lazy_lib;

#define KP_LAZY_LIB(soname, what, find) {(soname), (what), (find), PTHREAD_MUTEX_INITIALIZER, false, {0}}

/* Opens the library and finds its functions the first time; after that an
 * atomic load. NULL when usable, else why not (the same text every call). */
const char *kp_lazy_load(kp_lazy_lib *lib);

/* For forwarders: returns when the library is usable, else writes
 * "kopa: cannot use WHAT: why" to standard error and aborts. */
void kp_lazy_require(kp_lazy_lib *lib);

/* *slot = the function `name` of handle h; -1 with the reason in err when
 * the library lacks it (an older version). */
int kp_lazy_symbol(void *h, const char *name, void **slot, char *err, size_t errlen);

#endif
