/* A shared library opened at first use (see lazy_lib.h). */
#include "lazy_lib.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

const char *kp_lazy_load(kp_lazy_lib *lib)
{
    if (!atomic_load_explicit(&lib->done, memory_order_acquire)) {
        pthread_mutex_lock(&lib->lock);
        if (!atomic_load_explicit(&lib->done, memory_order_relaxed)) {
            /* RTLD_LOCAL: its functions are reached through `lazy` only. */
            void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
            if (!h) {
                const char *e = dlerror();
                snprintf(lib->err, sizeof lib->err, "%s", e ? e : lib->soname);
            } else {
                lib->find(h, lib->err, sizeof lib->err);
                if (lib->err[0]) /* an older library: none of it is used */
                    dlclose(h);
            }
            atomic_store_explicit(&lib->done, true, memory_order_release);
        }
        pthread_mutex_unlock(&lib->lock);
    }
    return lib->err[0] ? lib->err : NULL;
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

void kp_lazy_require(kp_lazy_lib *lib)
{
    const char *err = kp_lazy_load(lib);
    if (!err)
        return;
    fprintf(stderr, "kopa: cannot use %s: %s\n", lib->what, err);
    abort();
}
