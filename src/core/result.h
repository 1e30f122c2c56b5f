/* One result type for the whole program: 0 is success, codes are never reused. */
#ifndef KOPA_CORE_RESULT_H
#define KOPA_CORE_RESULT_H

typedef enum kp_rc {
    KP_OK = 0,
    KP_EINVAL = 1,     /* bad input; a message names the field */
    KP_ENOTFOUND = 2,  /* no such record (or not in the caller's scope) */
    KP_EDB = 3,        /* storage failed */
    KP_EIO = 4,        /* file or stream failed */
    KP_ERULE = 5,      /* a service rule refuses the request */
    KP_EDENIED = 6,    /* the caller's role or scope does not allow it */
    KP_ECONFLICT = 7,  /* duplicate or stale record */
    KP_ECRYPTO = 8,    /* key missing or damaged, decryption failed */
    KP_ETOOBIG = 9,    /* a buffer or input exceeded its cap */
    KP_EUSAGE = 10,    /* bad command-line usage */
    KP_ESTATE = 11,    /* the database is not in a state that allows this */
    KP_EUNAVAIL = 12,  /* storage is busy, full or failing now; nothing was
                          written, the same call may succeed later (503) */
    KP_ERESTRICTED = 13, /* the client's record is restricted (GDPR Art. 18):
                          it may be read, not changed, until lifted (423) */
    KP_ENOLIB = 14,    /* a shared library this needs (PDF, spreadsheet) is
                          not installed; nothing was written */
} kp_rc;

/* Static English description of a result code; never NULL. */
const char *kp_strerror(kp_rc rc);

#endif
