/* A shared library opened at first use (see lazy_lib.h). */
#include "lazy_lib.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

void *kp_lazy_open(const char *soname, char *err, size_t errlen)
{
    void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(err, errlen, "%s", e ? e : soname);
    }
    return h;
}

int kp_lazy_symbol(void *h, const char *name, void **slot, char *err, size_t errlen)
{
    /* dlsym searches the library and the ones it needs, so one handle
     * serves a family (pangocairo: pango, cairo, GLib). */
    void *f = dlsym(h, name);
    if (!f) {
        snprintf(err, errlen, "the library has no %s (too old?)", name);
        return -1;
    }
    *slot = f;
    return 0;
}

void kp_lazy_require(const char *what, const char *err)
{
    if (!err)
        return;
    fprintf(stderr, "kopa: cannot use %s: %s\n", what, err);
    abort();
}
