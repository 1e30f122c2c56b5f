/* A SQLite VFS for tests that fails chosen file operations on purpose: it
 * wraps the default VFS, is registered as the default of the test process
 * (every connection opened without naming a VFS goes through it, including
 * the server's pool) and passes everything through until a plan is armed.
 *
 * A plan names which operations (writes, syncs, truncations, shared-memory
 * maps, reads) on which files (database, WAL, rollback journal) fail, from
 * which matching call on ("the 3rd write from now"), whether only that call
 * fails (a transient I/O error) or every later one too until cleared (a full
 * disk), and the SQLite code returned. A failed write writes nothing.
 *
 * Thread-safe: the counters are shared by all connections of the process. */
#ifndef KOPA_TESTS_FAULTY_VFS_H
#define KOPA_TESTS_FAULTY_VFS_H
#include <stdbool.h>

enum {
    FAULT_WRITE = 1u << 0,
    FAULT_SYNC = 1u << 1,
    FAULT_TRUNCATE = 1u << 2,
    FAULT_SHMMAP = 1u << 3,
    FAULT_READ = 1u << 4,
};

enum {
    FAULT_FILE_DB = 1u << 0,      /* main and attached database files */
    FAULT_FILE_WAL = 1u << 1,     /* write-ahead logs */
    FAULT_FILE_JOURNAL = 1u << 2, /* rollback, statement and temporary journals */
    FAULT_FILE_ANY = 0,
};

typedef struct fault_plan {
    unsigned ops;        /* FAULT_WRITE | …; 0 disarms */
    unsigned files;      /* FAULT_FILE_* mask; 0 means every file */
    unsigned long nth;   /* the first failing call: 1 is the next matching one */
    bool persist;        /* every matching call from the nth on fails too */
    int err;             /* SQLite code to return; 0: the operation's own SQLITE_IOERR_* */
} fault_plan;

/* Registers the VFS "faulty" over the current default and makes it the
 * default. Idempotent. Returns SQLITE_OK or SQLite's error. */
int faulty_vfs_install(void);
/* Name of the VFS it wraps ("unix"): open a connection with it to look at
 * the files without any fault. */
const char *faulty_vfs_base_name(void);

/* Syncs that do not fail return at once without reaching the disk when
 * `skip` is true: a test about faults need not survive a power cut, and a
 * sweep of hundreds of commits need not wait for the disk each time. Off by
 * default. */
void faulty_vfs_skip_real_sync(bool skip);

/* Arms a plan and zeroes the counters; the previous plan is forgotten. */
void faulty_vfs_arm(const fault_plan *p);
/* Disarms (counters are kept until the next arm or reset). */
void faulty_vfs_clear(void);
/* Zeroes the counters without arming anything. */
void faulty_vfs_reset_counts(void);
/* Calls of the given operations (FAULT_* mask) on any file since the last
 * arm or reset, failed ones included. */
unsigned long faulty_vfs_calls(unsigned ops);
/* How many calls failed on purpose since the last arm or reset. */
unsigned long faulty_vfs_injected(void);

#endif
