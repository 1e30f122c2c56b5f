/* Descriptions of result codes. */
#include "core/result.h"

const char *kp_strerror(kp_rc rc)
{
    switch (rc) {
    case KP_OK: return "success";
    case KP_EINVAL: return "invalid input";
    case KP_ENOTFOUND: return "not found";
    case KP_EDB: return "database error";
    case KP_EIO: return "input/output error";
    case KP_ERULE: return "refused by a service rule";
    case KP_EDENIED: return "not allowed";
    case KP_ECONFLICT: return "conflict with an existing record";
    case KP_ECRYPTO: return "encryption key error";
    case KP_ETOOBIG: return "too large";
    case KP_EUSAGE: return "usage error";
    case KP_ESTATE: return "database in the wrong state";
    case KP_EUNAVAIL: return "storage temporarily unavailable (busy, full or failing); nothing was written";
    case KP_ERESTRICTED:
        return "the client's record is restricted (GDPR Art. 18): it can be read but not changed until the "
               "restriction is lifted; nothing was written";
    case KP_ENOLIB:
        return "a library this needs is not installed (PDF: Debian's libpangocairo-1.0-0; spreadsheets: "
               "libxlsxwriter4; installing the kopa package brings both)";
    }
    return "unknown error";
}
