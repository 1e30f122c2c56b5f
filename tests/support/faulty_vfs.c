/* The fault-injecting SQLite VFS for tests (see faulty_vfs.h). */
#include "faulty_vfs.h"
#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <string.h>

typedef struct fv_file {
    sqlite3_file base; /* must come first: SQLite sees this */
    unsigned kind;     /* FAULT_FILE_* */
    sqlite3_file *real;/* the wrapped VFS's file, right after this struct */
} fv_file;

static sqlite3_vfs *g_base;
static sqlite3_vfs g_vfs;
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static fault_plan g_plan;
static unsigned long g_seen;     /* calls that matched the plan */
static unsigned long g_injected;
static unsigned long g_calls[5]; /* per operation, any file */
static atomic_bool g_skip_sync;

static int op_index(unsigned op)
{
    int i = 0;
    while (op > 1u) {
        op >>= 1;
        i++;
    }
    return i;
}

/* Counts the call and decides whether it fails; returns 0 or the code. */
static int fault_for(unsigned op, unsigned kind, int own_err)
{
    int rc = 0;
    pthread_mutex_lock(&g_mu);
    g_calls[op_index(op)]++;
    if ((g_plan.ops & op) && (g_plan.files == 0 || (g_plan.files & kind))) {
        g_seen++;
        if (g_seen == g_plan.nth || (g_plan.persist && g_seen > g_plan.nth)) {
            g_injected++;
            rc = g_plan.err ? g_plan.err : own_err;
        }
    }
    pthread_mutex_unlock(&g_mu);
    return rc;
}

void faulty_vfs_arm(const fault_plan *p)
{
    pthread_mutex_lock(&g_mu);
    g_plan = *p;
    if (g_plan.nth == 0)
        g_plan.nth = 1;
    g_seen = 0;
    g_injected = 0;
    memset(g_calls, 0, sizeof g_calls);
    pthread_mutex_unlock(&g_mu);
}

void faulty_vfs_skip_real_sync(bool skip) { atomic_store(&g_skip_sync, skip); }

void faulty_vfs_clear(void)
{
    pthread_mutex_lock(&g_mu);
    memset(&g_plan, 0, sizeof g_plan);
    pthread_mutex_unlock(&g_mu);
}

void faulty_vfs_reset_counts(void)
{
    pthread_mutex_lock(&g_mu);
    g_seen = 0;
    g_injected = 0;
    memset(g_calls, 0, sizeof g_calls);
    pthread_mutex_unlock(&g_mu);
}

unsigned long faulty_vfs_calls(unsigned ops)
{
    unsigned long n = 0;
    pthread_mutex_lock(&g_mu);
    for (int i = 0; i < 5; i++)
        if (ops & (1u << i))
            n += g_calls[i];
    pthread_mutex_unlock(&g_mu);
    return n;
}

unsigned long faulty_vfs_injected(void)
{
    pthread_mutex_lock(&g_mu);
    unsigned long n = g_injected;
    pthread_mutex_unlock(&g_mu);
    return n;
}

/* ---- The file: every method passes through, some may fail first ---- */

static sqlite3_file *real_of(sqlite3_file *f) { return ((fv_file *)f)->real; }
static unsigned kind_of(sqlite3_file *f) { return ((fv_file *)f)->kind; }

static int fv_close(sqlite3_file *f)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
}

static int fv_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    int rc = fault_for(FAULT_READ, kind_of(f), SQLITE_IOERR_READ);
    if (rc)
        return rc;
    return real_of(f)->pMethods->xRead(real_of(f), buf, n, off);
}

static int fv_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    int rc = fault_for(FAULT_WRITE, kind_of(f), SQLITE_IOERR_WRITE);
    if (rc)
        return rc;
    return real_of(f)->pMethods->xWrite(real_of(f), buf, n, off);
}

static int fv_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    int rc = fault_for(FAULT_TRUNCATE, kind_of(f), SQLITE_IOERR_TRUNCATE);
    if (rc)
        return rc;
    return real_of(f)->pMethods->xTruncate(real_of(f), size);
}

static int fv_sync(sqlite3_file *f, int flags)
{
    int rc = fault_for(FAULT_SYNC, kind_of(f), SQLITE_IOERR_FSYNC);
    if (rc || atomic_load(&g_skip_sync))
        return rc;
    return real_of(f)->pMethods->xSync(real_of(f), flags);
}

static int fv_file_size(sqlite3_file *f, sqlite3_int64 *size) { return real_of(f)->pMethods->xFileSize(real_of(f), size); }
static int fv_lock(sqlite3_file *f, int l) { return real_of(f)->pMethods->xLock(real_of(f), l); }
static int fv_unlock(sqlite3_file *f, int l) { return real_of(f)->pMethods->xUnlock(real_of(f), l); }
static int fv_check_reserved(sqlite3_file *f, int *out)
{
    return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}
static int fv_file_control(sqlite3_file *f, int op, void *arg)
{
    return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}
static int fv_sector_size(sqlite3_file *f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); }
static int fv_device_chars(sqlite3_file *f) { return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f)); }

static bool has_v(sqlite3_file *f, int v) { return real_of(f)->pMethods->iVersion >= v; }

static int fv_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **pp)
{
    if (!has_v(f, 2))
        return SQLITE_IOERR_SHMMAP;
    int rc = fault_for(FAULT_SHMMAP, kind_of(f), SQLITE_IOERR_SHMMAP);
    if (rc)
        return rc;
    return real_of(f)->pMethods->xShmMap(real_of(f), page, size, extend, pp);
}
static int fv_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
    return has_v(f, 2) ? real_of(f)->pMethods->xShmLock(real_of(f), off, n, flags) : SQLITE_IOERR_SHMLOCK;
}
static void fv_shm_barrier(sqlite3_file *f)
{
    if (has_v(f, 2))
        real_of(f)->pMethods->xShmBarrier(real_of(f));
}
static int fv_shm_unmap(sqlite3_file *f, int del)
{
    return has_v(f, 2) ? real_of(f)->pMethods->xShmUnmap(real_of(f), del) : SQLITE_OK;
}
static int fv_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
    if (!has_v(f, 3)) {
        *pp = NULL;
        return SQLITE_OK;
    }
    return real_of(f)->pMethods->xFetch(real_of(f), off, n, pp);
}
static int fv_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    return has_v(f, 3) ? real_of(f)->pMethods->xUnfetch(real_of(f), off, p) : SQLITE_OK;
}

static const sqlite3_io_methods FV_METHODS = {
    .iVersion = 3,
    .xClose = fv_close,
    .xRead = fv_read,
    .xWrite = fv_write,
    .xTruncate = fv_truncate,
    .xSync = fv_sync,
    .xFileSize = fv_file_size,
    .xLock = fv_lock,
    .xUnlock = fv_unlock,
    .xCheckReservedLock = fv_check_reserved,
    .xFileControl = fv_file_control,
    .xSectorSize = fv_sector_size,
    .xDeviceCharacteristics = fv_device_chars,
    .xShmMap = fv_shm_map,
    .xShmLock = fv_shm_lock,
    .xShmBarrier = fv_shm_barrier,
    .xShmUnmap = fv_shm_unmap,
    .xFetch = fv_fetch,
    .xUnfetch = fv_unfetch,
};

/* ---- The VFS: opens wrap the base's files, the rest passes through ---- */

static int fv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    fv_file *w = (fv_file *)f;
    memset(w, 0, sizeof *w);
    w->real = (sqlite3_file *)(w + 1);
    if (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_TRANSIENT_DB))
        w->kind = FAULT_FILE_DB;
    else if (flags & SQLITE_OPEN_WAL)
        w->kind = FAULT_FILE_WAL;
    else
        w->kind = FAULT_FILE_JOURNAL;
    int rc = g_base->xOpen(g_base, name, w->real, flags, out_flags);
    /* SQLite calls xClose only when pMethods is set, so set it only when
     * the wrapped file needs closing. */
    if (w->real->pMethods)
        f->pMethods = &FV_METHODS;
    return rc;
}

static int fv_delete(sqlite3_vfs *v, const char *name, int sync_dir)
{
    (void)v;
    return g_base->xDelete(g_base, name, sync_dir);
}
static int fv_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
    (void)v;
    return g_base->xAccess(g_base, name, flags, out);
}
static int fv_full_pathname(sqlite3_vfs *v, const char *name, int n, char *out)
{
    (void)v;
    return g_base->xFullPathname(g_base, name, n, out);
}
static void *fv_dlopen(sqlite3_vfs *v, const char *name)
{
    (void)v;
    return g_base->xDlOpen(g_base, name);
}
static void fv_dlerror(sqlite3_vfs *v, int n, char *msg)
{
    (void)v;
    g_base->xDlError(g_base, n, msg);
}
static void (*fv_dlsym(sqlite3_vfs *v, void *h, const char *sym))(void)
{
    (void)v;
    return g_base->xDlSym(g_base, h, sym);
}
static void fv_dlclose(sqlite3_vfs *v, void *h)
{
    (void)v;
    g_base->xDlClose(g_base, h);
}
static int fv_randomness(sqlite3_vfs *v, int n, char *out)
{
    (void)v;
    return g_base->xRandomness(g_base, n, out);
}
static int fv_sleep(sqlite3_vfs *v, int us)
{
    (void)v;
    return g_base->xSleep(g_base, us);
}
static int fv_current_time(sqlite3_vfs *v, double *out)
{
    (void)v;
    return g_base->xCurrentTime(g_base, out);
}
static int fv_last_error(sqlite3_vfs *v, int n, char *out)
{
    (void)v;
    return g_base->xGetLastError ? g_base->xGetLastError(g_base, n, out) : 0;
}
static int fv_current_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
    (void)v;
    return g_base->xCurrentTimeInt64(g_base, out);
}

int faulty_vfs_install(void)
{
    if (g_base)
        return SQLITE_OK;
    int rc = sqlite3_initialize();
    if (rc)
        return rc;
    sqlite3_vfs *base = sqlite3_vfs_find(NULL);
    if (!base)
        return SQLITE_ERROR;
    g_base = base;
    g_vfs = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(fv_file) + base->szOsFile,
        .mxPathname = base->mxPathname,
        .zName = "faulty",
        .xOpen = fv_open,
        .xDelete = fv_delete,
        .xAccess = fv_access,
        .xFullPathname = fv_full_pathname,
        .xDlOpen = fv_dlopen,
        .xDlError = fv_dlerror,
        .xDlSym = fv_dlsym,
        .xDlClose = fv_dlclose,
        .xRandomness = fv_randomness,
        .xSleep = fv_sleep,
        .xCurrentTime = fv_current_time,
        .xGetLastError = fv_last_error,
        .xCurrentTimeInt64 = base->iVersion >= 2 && base->xCurrentTimeInt64 ? fv_current_time64 : NULL,
    };
    rc = sqlite3_vfs_register(&g_vfs, 1);
    if (rc)
        g_base = NULL;
    return rc;
}

const char *faulty_vfs_base_name(void) { return g_base ? g_base->zName : NULL; }
