/* The file side of the SQLite backend: refusing a file that is not a
 * database, creating owner-only files, the structure check, online backup and
 * restore (sqlite3_backup_*), and moving a restored database into place. */
#include "store/store_backend.h"
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Pages copied per backup step (4 KiB each): small steps keep each hold on
 * the backup's own target short; the source is read from one snapshot. */
#define BACKUP_STEP_PAGES 256
/* How long a step may wait in total for a lock before the copy gives up. */
#define BACKUP_BUSY_MS 30000

static const char *const SIDE_SUFFIXES[] = {"-wal", "-shm", "-journal"};

static kp_rc path_join(char *out, size_t outlen, const char *a, const char *b, char *err, size_t errlen)
{
    int n = snprintf(out, outlen, "%s%s", a, b);
    if (n < 0 || (size_t)n >= outlen) {
        snprintf(err, errlen, "file name too long: %s%s", a, b);
        return KP_ETOOBIG;
    }
    return KP_OK;
}

static bool exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

static off_t file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? sb.st_size : -1;
}

/* fsync of a file, or of the directory that holds it (dir = true), so that
 * a rename or a new file survives a power cut. */
static int sync_path(const char *path, bool dir)
{
    char d[4096];
    const char *p = path;
    if (dir) {
        const char *slash = strrchr(path, '/');
        if (!slash)
            p = ".";
        else if (slash == path)
            p = "/";
        else {
            snprintf(d, sizeof d, "%.*s", (int)(slash - path), path);
            p = d;
        }
    }
    int fd = open(p, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static const char SQLITE_HEADER[16] = "SQLite format 3"; /* with its NUL: 16 bytes */

/* 1 when the file begins with the SQLite header, 0 when not, -1 unreadable.
 * Never on a database this process has open (see probe_existing). */
static int has_header(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char h[16];
    ssize_t n = read(fd, h, sizeof h);
    close(fd);
    if (n < 0)
        return -1;
    return n == (ssize_t)sizeof h && memcmp(h, SQLITE_HEADER, sizeof h) == 0;
}

/* Only stat(2): see the end of this function. */
static kp_rc probe_existing(const char *path, char *err, size_t errlen)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT) {
            snprintf(err, errlen, "no database here: %s does not exist; create it with kopa init --db %s", path, path);
            return KP_ENOTFOUND;
        }
        snprintf(err, errlen, "cannot open database %s: %s", path, strerror(errno));
        return KP_EIO;
    }
    if (!S_ISREG(sb.st_mode)) {
        snprintf(err, errlen, "%s is not a database file", path);
        return KP_ESTATE;
    }
    if (sb.st_size == 0) {
        /* A database whose every page is still in its write-ahead log is
         * whole; SQLite reads it from there. */
        char wal[4096];
        if (path_join(wal, sizeof wal, path, "-wal", err, errlen) == KP_OK && file_size(wal) > 0)
            return KP_OK;
        snprintf(err, errlen,
                 "no database here: %s is an empty file (0 bytes), not a Kopā database; remove it and create "
                 "the database with kopa init --db %s, or restore a backup with kopa restore",
                 path, path);
        return KP_ESTATE;
    }
    /* The header is left to SQLite (kp_sqlite_open reports SQLITE_NOTADB):
     * opening and closing the file here would drop the POSIX locks that this
     * process's other connections hold on it (a server opening its pool),
     * and another process could then take the file for its last user and
     * delete the write-ahead log under them. */
    return KP_OK;
}

static kp_rc probe_create(const char *path, char *err, size_t errlen)
{
    if (exists(path)) {
        snprintf(err, errlen, "%s already exists; choose a new file (a database is never created over an existing file)",
                 path);
        return KP_ECONFLICT;
    }
    /* A log or journal left by a removed database of the same name would be
     * played into the new one, and a side file would be someone else's. */
    static const char *const stale[] = {"-wal", "-journal", ".live", ".live-wal", ".live-journal"};
    for (size_t i = 0; i < sizeof stale / sizeof stale[0]; i++) {
        char p[4096]; /* a stale -shm is rebuilt by SQLite, harmless */
        kp_rc rc = path_join(p, sizeof p, path, stale[i], err, errlen);
        if (rc)
            return rc;
        if (exists(p)) {
            snprintf(err, errlen, "%s exists without its database (left by a removed database of that name); "
                                  "move it away before creating %s",
                     p, path);
            return KP_ECONFLICT;
        }
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) {
            snprintf(err, errlen, "%s already exists; choose a new file (a database is never created over an existing file)",
                     path);
            return KP_ECONFLICT;
        }
        snprintf(err, errlen, "cannot create database %s: %s", path, strerror(errno));
        return KP_EIO;
    }
    /* Exactly owner read/write whatever the umask; SQLite gives the -wal,
     * -shm and journal files the mode of the database file. */
    int rc = fchmod(fd, 0600);
    close(fd);
    if (rc != 0) {
        unlink(path);
        snprintf(err, errlen, "cannot set the mode of %s: %s", path, strerror(errno));
        return KP_EIO;
    }
    return KP_OK;
}

kp_rc kp_sqlite_probe(const char *path, kp_open_mode mode, char *err, size_t errlen)
{
    switch (mode) {
    case KP_OPEN_EXISTING: return probe_existing(path, err, errlen);
    case KP_OPEN_CREATE: return probe_create(path, err, errlen);
    default: return KP_OK;
    }
}

/* Runs quick_check or integrity_check on a connection; every attached
 * database is checked. */
static kp_rc check_db(sqlite3 *db, bool quick, char *err, size_t errlen)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, quick ? "PRAGMA quick_check(5)" : "PRAGMA integrity_check(5)", -1, &s, NULL);
    size_t used = 0;
    int rows = 0;
    bool ok = false;
    err[0] = '\0';
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        if ((rc = sqlite3_step(s)) != SQLITE_ROW)
            break;
        const char *t = (const char *)sqlite3_column_text(s, 0);
        if (!t)
            t = "";
        rows++;
        ok = rows == 1 && strcmp(t, "ok") == 0;
        if (used < errlen) {
            int n = snprintf(err + used, errlen - used, "%s%s", used ? "; " : "", t);
            used += n > 0 ? (size_t)n : 0;
        }
    }
    if (rc != SQLITE_DONE) {
        if (used < errlen)
            snprintf(err + used, errlen - used, "%s%s", used ? "; " : "", sqlite3_errmsg(db));
        ok = false;
    }
    sqlite3_finalize(s);
    for (char *c = err; *c; c++)
        if (*c == '\n')
            *c = ' '; /* one line for the message it goes into */
    if (ok) {
        err[0] = '\0';
        return KP_OK;
    }
    if (!err[0])
        snprintf(err, errlen, "the check returned nothing");
    return KP_EDB;
}

kp_rc kp_sqlite_check(kp_store *st, bool quick, char *err, size_t errlen)
{
    return check_db(kp_sqlite_db(st), quick, err, errlen);
}

kp_rc kp_sqlite_list_files(kp_store *st, kp_store_files *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(kp_sqlite_db(st), "PRAGMA database_list", -1, &s, NULL);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        if ((rc = sqlite3_step(s)) != SQLITE_ROW)
            break;
        const char *name = (const char *)sqlite3_column_text(s, 1);
        const char *file = (const char *)sqlite3_column_text(s, 2);
        if (!name || !file || !*file || strcmp(name, "temp") == 0)
            continue; /* temporary and in-memory databases have no file */
        if (out->n == KP_STORE_MAX_FILES || strlen(name) >= sizeof out->f[0].schema ||
            strlen(file) >= sizeof out->f[0].path) {
            sqlite3_finalize(s);
            snprintf(err, errlen, "too many databases, or a name too long, in this store");
            return KP_ETOOBIG;
        }
        kp_store_file *f = &out->f[out->n++];
        snprintf(f->schema, sizeof f->schema, "%s", name);
        snprintf(f->path, sizeof f->path, "%s", file);
        f->bytes = -1;
    }
    if (rc != SQLITE_DONE) {
        snprintf(err, errlen, "cannot list the database files: %s", sqlite3_errmsg(kp_sqlite_db(st)));
        sqlite3_finalize(s);
        return KP_EDB;
    }
    sqlite3_finalize(s);
    if (out->n == 0 || strcmp(out->f[0].schema, "main") != 0) {
        snprintf(err, errlen, "this store has no database file (in memory?)");
        return KP_ESTATE;
    }
    return KP_OK;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Copies schema `from_schema` of src into schema `to_schema` of dst, step by
 * step. A lock held by someone else is waited for (bounded). */
static kp_rc copy_db(sqlite3 *dst, const char *to_schema, sqlite3 *src, const char *from_schema, char *err,
                     size_t errlen)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, to_schema, src, from_schema);
    if (!b) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(dst));
        return KP_EDB;
    }
    int rc;
    long waited = 0;
    for (;;) {
        rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
        if (rc == SQLITE_OK)
            continue;
        if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && waited < BACKUP_BUSY_MS) {
            sleep_ms(10);
            waited += 10;
            continue;
        }
        break;
    }
    int frc = sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE || frc != SQLITE_OK) {
        snprintf(err, errlen, "%s", rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? "the database stayed locked"
                                                                              : sqlite3_errmsg(dst));
        return rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? KP_EUNAVAIL : KP_EDB;
    }
    return KP_OK;
}

static void remove_one(const char *path)
{
    unlink(path);
    for (size_t i = 0; i < 3; i++) {
        char p[4200];
        snprintf(p, sizeof p, "%s%s", path, SIDE_SUFFIXES[i]);
        unlink(p);
    }
}

void kp_sqlite_precreate(const char *path)
{
    /* Only a file that does not exist yet: no connection of this process
     * can hold locks on it, so closing this descriptor drops none. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
        close(fd);
}

/* Writes one backup file: a new owner-only file filled from one schema of
 * the source, turned into a self-contained file (rollback journal, so no
 * -wal travels with it), synced. */
static kp_rc backup_one(sqlite3 *src, const char *schema, const char *dest, char *err, size_t errlen)
{
    char msg[512];
    int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, errlen, errno == EEXIST ? "%s already exists; a backup never overwrites a file: choose a new name"
                                              : "cannot create %s: %s",
                 dest, strerror(errno));
        return errno == EEXIST ? KP_ECONFLICT : KP_EIO;
    }
    int mrc = fchmod(fd, 0600);
    close(fd);
    if (mrc != 0) {
        snprintf(err, errlen, "cannot set the mode of %s: %s", dest, strerror(errno));
        return KP_EIO;
    }
    sqlite3 *d = NULL;
    kp_rc rc = KP_OK;
    if (sqlite3_open_v2(dest, &d, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot open %s: %s", dest, d ? sqlite3_errmsg(d) : "out of memory");
        rc = KP_EIO;
        goto out;
    }
    rc = copy_db(d, "main", src, schema, msg, sizeof msg);
    if (rc) {
        snprintf(err, errlen, "copying the %s database into %s failed: %s", schema, dest, msg);
        goto out;
    }
    /* The copy carries the source's WAL flag; a backup is one file. */
    if (sqlite3_exec(d, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot finish %s: %s", dest, sqlite3_errmsg(d));
        rc = KP_EDB;
        goto out;
    }
out:
    if (d && sqlite3_close(d) != SQLITE_OK && !rc) {
        snprintf(err, errlen, "cannot close %s", dest);
        rc = KP_EIO;
    }
    if (!rc && sync_path(dest, false) != 0) {
        snprintf(err, errlen, "cannot sync %s: %s", dest, strerror(errno));
        rc = KP_EIO;
    }
    return rc;
}

/* Opens a finished backup file read-only and runs the full check. */
static kp_rc verify_copy(const char *path, char *err, size_t errlen)
{
    sqlite3 *d = NULL;
    char msg[512];
    kp_rc rc = KP_OK;
    if (sqlite3_open_v2(path, &d, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot open the copy %s: %s", path, d ? sqlite3_errmsg(d) : "out of memory");
        rc = KP_EIO;
    } else if (check_db(d, false, msg, sizeof msg) != KP_OK) {
        snprintf(err, errlen, "the copy %s failed its integrity check: %s", path, msg);
        rc = KP_EDB;
    }
    sqlite3_close(d);
    return rc;
}

kp_rc kp_sqlite_backup(kp_store *st, const char *path, kp_store_files *out, char *err, size_t errlen)
{
    sqlite3 *db = kp_sqlite_db(st);
    kp_store_files src, dst;
    kp_rc rc = kp_sqlite_list_files(st, &src, err, errlen);
    if (rc)
        return rc;
    memset(&dst, 0, sizeof dst);
    for (size_t i = 0; i < src.n; i++) {
        kp_store_file *f = &dst.f[dst.n++];
        snprintf(f->schema, sizeof f->schema, "%s", src.f[i].schema);
        f->bytes = -1;
        if (i == 0)
            rc = path_join(f->path, sizeof f->path, path, "", err, errlen);
        else {
            char suffix[40];
            snprintf(suffix, sizeof suffix, ".%s", src.f[i].schema);
            rc = path_join(f->path, sizeof f->path, path, suffix, err, errlen);
        }
        if (rc)
            return rc;
        char j[4200];
        snprintf(j, sizeof j, "%s-journal", f->path);
        if (exists(f->path) || exists(j)) {
            snprintf(err, errlen, "%s already exists; a backup never overwrites a file: choose a new name",
                     exists(f->path) ? f->path : j);
            return KP_ECONFLICT;
        }
        if (strcmp(f->path, src.f[i].path) == 0) {
            snprintf(err, errlen, "the backup cannot be the database itself");
            return KP_EUSAGE;
        }
    }
    if (sqlite3_get_autocommit(db) == 0) {
        snprintf(err, errlen, "a backup cannot start inside a transaction");
        return KP_ESTATE;
    }
    /* One read transaction over every schema: each copy is the snapshot of
     * this moment, however long it takes and whatever is written meanwhile
     * (in WAL mode writers go on; they never wait for a reader). */
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot start the backup: %s", sqlite3_errmsg(db));
        return KP_EUNAVAIL;
    }
    for (size_t i = 0; i < src.n && !rc; i++) {
        char *q = sqlite3_mprintf("SELECT COUNT(*) FROM \"%w\".sqlite_master", src.f[i].schema);
        if (sqlite3_exec(db, q, NULL, NULL, NULL) != SQLITE_OK) {
            snprintf(err, errlen, "cannot read the %s database: %s", src.f[i].schema, sqlite3_errmsg(db));
            rc = KP_EUNAVAIL;
        }
        sqlite3_free(q);
    }
    size_t made = 0;
    for (size_t i = 0; i < src.n && !rc; i++) {
        rc = backup_one(db, src.f[i].schema, dst.f[i].path, err, errlen);
        if (rc != KP_ECONFLICT)
            made = i + 1;
    }
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL); /* it only read */
    if (!rc && sync_path(path, true) != 0) {
        snprintf(err, errlen, "cannot sync the folder of %s: %s", path, strerror(errno));
        rc = KP_EIO;
    }
    for (size_t i = 0; i < dst.n && !rc; i++) {
        rc = verify_copy(dst.f[i].path, err, errlen);
        dst.f[i].bytes = file_size(dst.f[i].path);
    }
    if (rc) {
        for (size_t i = 0; i < made; i++)
            remove_one(dst.f[i].path);
        return rc;
    }
    if (out)
        *out = dst;
    return KP_OK;
}

kp_rc kp_sqlite_restore_from(kp_store *st, const char *path, kp_store_files *out, char *err, size_t errlen)
{
    sqlite3 *db = kp_sqlite_db(st);
    kp_store_files files;
    kp_rc rc = kp_sqlite_list_files(st, &files, err, errlen);
    if (rc)
        return rc;
    if (sqlite3_get_autocommit(db) == 0) {
        snprintf(err, errlen, "a restore cannot run inside a transaction");
        return KP_ESTATE;
    }
    /* Statements prepared against the database being replaced go. */
    kp_sqlite_cache_flush(st);
    for (size_t i = 0; i < files.n && !rc; i++) {
        char src[4200], msg[512];
        if (i == 0)
            snprintf(src, sizeof src, "%s", path);
        else
            snprintf(src, sizeof src, "%s.%s", path, files.f[i].schema);
        if (i > 0 && !exists(src)) {
            /* A backup made without that side database: it starts empty,
             * to be made anew, rather than keep what the new file had. */
            sqlite3 *e = NULL;
            if (sqlite3_open_v2(":memory:", &e, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
                rc = KP_EDB;
            else if (copy_db(db, files.f[i].schema, e, "main", msg, sizeof msg) != KP_OK) {
                snprintf(err, errlen, "cannot empty the %s database: %s", files.f[i].schema, msg);
                rc = KP_EDB;
            }
            sqlite3_close(e);
            continue;
        }
        int h = has_header(src);
        if (h <= 0) {
            if (h < 0 && errno == ENOENT)
                snprintf(err, errlen, "backup %s does not exist", src);
            else if (h < 0)
                snprintf(err, errlen, "cannot read backup %s: %s", src, strerror(errno));
            else
                snprintf(err, errlen, "%s is not a Kopā backup (it does not begin like an SQLite database)", src);
            rc = h < 0 && errno == ENOENT ? KP_ENOTFOUND : h < 0 ? KP_EIO : KP_ESTATE;
            break;
        }
        sqlite3 *s = NULL;
        if (sqlite3_open_v2(src, &s, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
            snprintf(err, errlen, "cannot open backup %s: %s", src, s ? sqlite3_errmsg(s) : "out of memory");
            rc = KP_EIO;
        } else {
            rc = copy_db(db, files.f[i].schema, s, "main", msg, sizeof msg);
            if (rc)
                snprintf(err, errlen, "cannot copy backup %s: %s", src, msg);
            else
                files.f[i].bytes = file_size(src);
        }
        sqlite3_close(s);
    }
    if (!rc && out)
        *out = files;
    return rc;
}

/* Whether another connection has the database open. Every connection to a
 * WAL database holds a shared lock on the "dead-man switch" byte of its -shm
 * file while it is open (sqlite.org/walformat.html, 2.3.1; byte 128 in the
 * unix VFS), so a process that could take that byte exclusively would be
 * alone. A database without -shm has no open WAL connection. (Switching the
 * journal mode is no such test: SQLite allows it under idle readers.) */
#define SHM_DMS_BYTE 128
static kp_rc not_in_use(const char *path, char *err, size_t errlen)
{
    char shm[4200];
    kp_rc rc = path_join(shm, sizeof shm, path, "-shm", err, errlen);
    if (rc)
        return rc;
    int fd = open(shm, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return KP_OK;
    struct flock lk = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = SHM_DMS_BYTE, .l_len = 1};
    int r = fcntl(fd, F_GETLK, &lk);
    close(fd);
    if (r != 0 || lk.l_type != F_UNLCK) {
        snprintf(err, errlen, "database %s is in use (is kopa serve running on it?); stop it, then restore", path);
        return KP_EUNAVAIL;
    }
    return KP_OK;
}

/* Renames path and its -wal/-journal to dest (dropping its -shm). */
static kp_rc move_aside(const char *path, const char *dest, char *err, size_t errlen)
{
    if (rename(path, dest) != 0) {
        snprintf(err, errlen, "cannot rename %s to %s: %s", path, dest, strerror(errno));
        return KP_EIO;
    }
    for (size_t i = 0; i < 3; i++) {
        char a[4200], b[4200];
        kp_rc rc = path_join(a, sizeof a, path, SIDE_SUFFIXES[i], err, errlen);
        if (!rc)
            rc = path_join(b, sizeof b, dest, SIDE_SUFFIXES[i], err, errlen);
        if (rc)
            return rc;
        if (!exists(a))
            continue;
        if (i == 1 ? unlink(a) != 0 : rename(a, b) != 0) {
            snprintf(err, errlen, "cannot move %s: %s", a, strerror(errno));
            return KP_EIO;
        }
    }
    return KP_OK;
}

kp_rc kp_sqlite_replace(const kp_store_files *from, const char *to, const char *keep_old_as, char *err,
                        size_t errlen)
{
    if (!from || from->n == 0) {
        snprintf(err, errlen, "nothing to move");
        return KP_EINVAL;
    }
    const char *main_path = from->f[0].path;
    size_t mlen = strlen(main_path);
    char target[KP_STORE_MAX_FILES][4200], kept[KP_STORE_MAX_FILES][4200];
    for (size_t i = 0; i < from->n; i++) {
        const char *p = from->f[i].path;
        if (strncmp(p, main_path, mlen) != 0) {
            snprintf(err, errlen, "side database %s is not named after %s", p, main_path);
            return KP_EINVAL;
        }
        char w[4200];
        snprintf(w, sizeof w, "%s-wal", p);
        if (file_size(w) > 0) {
            snprintf(err, errlen, "%s was not closed cleanly (its -wal is not empty)", p);
            return KP_ESTATE;
        }
        int n = snprintf(target[i], sizeof target[i], "%s%s", to, p + mlen);
        int k = snprintf(kept[i], sizeof kept[i], "%s%s", keep_old_as ? keep_old_as : "", p + mlen);
        if (n < 0 || (size_t)n >= sizeof target[i] || k < 0 || (size_t)k >= sizeof kept[i]) {
            snprintf(err, errlen, "file name too long: %s", to);
            return KP_ETOOBIG;
        }
    }
    bool old = exists(to);
    if (old && !keep_old_as) {
        snprintf(err, errlen, "%s exists; it is never overwritten", to);
        return KP_ECONFLICT;
    }
    if (old) {
        kp_rc rc = not_in_use(to, err, errlen);
        if (rc)
            return rc;
        for (size_t i = 0; i < from->n; i++)
            if (exists(kept[i])) {
                snprintf(err, errlen, "%s exists (from an earlier restore); move it away first", kept[i]);
                return KP_ECONFLICT;
            }
        for (size_t i = 0; i < from->n; i++) {
            if (!exists(target[i]))
                continue;
            rc = move_aside(target[i], kept[i], err, errlen);
            if (rc)
                return rc;
        }
    }
    /* Whatever is left beside the target belongs to no database now; a stale
     * log would be played into the restored file. */
    for (size_t i = 0; i < from->n; i++)
        for (size_t k = 0; k < 3; k++) {
            char p[4300];
            if (path_join(p, sizeof p, target[i], SIDE_SUFFIXES[k], err, errlen) == KP_OK)
                unlink(p);
        }
    /* Side databases first: the main file appearing is the last step. */
    for (size_t j = from->n; j-- > 0;) {
        const char *p = from->f[j].path;
        if (sync_path(p, false) != 0 || rename(p, target[j]) != 0) {
            snprintf(err, errlen, "cannot move %s to %s: %s", p, target[j], strerror(errno));
            return KP_EIO;
        }
        char shm[4200];
        snprintf(shm, sizeof shm, "%s-shm", p);
        unlink(shm);
    }
    if (sync_path(to, true) != 0) {
        snprintf(err, errlen, "cannot sync the folder of %s: %s", to, strerror(errno));
        return KP_EIO;
    }
    return KP_OK;
}
