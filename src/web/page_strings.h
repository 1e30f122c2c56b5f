/* A page's own Latvian/English strings: one X-macro list per file, turned
 * into an enum of keys, the two text tables and t(). Messages shared by
 * several pages stay in strings.h; these are the ones only one page says.
 *
 *   #define STRINGS(X) X(T_TITLE, "Virsraksts", "Title") ...
 *   KP_PAGE_STRINGS(STRINGS);
 *
 * defines the keys T_TITLE ..., T_COUNT, the arrays TEXT_LV and TEXT_EN
 * (static, one per file) and `static const char *t(const kp_req *r, int k)`
 * giving the text in the request's language ("en" English, anything else
 * Latvian; static text, never NULL for a key of the list). */
#ifndef KOPA_WEB_PAGE_STRINGS_H
#define KOPA_WEB_PAGE_STRINGS_H
#include "web/web.h"
#include <string.h>

#define KP_PAGE_STRING_KEY(k, lv, en) k,
#define KP_PAGE_STRING_LV(k, lv, en) lv,
#define KP_PAGE_STRING_EN(k, lv, en) en,

#define KP_PAGE_STRINGS(STRINGS)                                              \
    enum { STRINGS(KP_PAGE_STRING_KEY) T_COUNT };                             \
    static const char *const TEXT_LV[] = {STRINGS(KP_PAGE_STRING_LV)};        \
    static const char *const TEXT_EN[] = {STRINGS(KP_PAGE_STRING_EN)};        \
    static const char *t(const kp_req *r, int k)                              \
    {                                                                         \
        return strcmp(r->lang, "en") == 0 ? TEXT_EN[k] : TEXT_LV[k];          \
    }                                                                         \
    _Static_assert(sizeof TEXT_LV / sizeof TEXT_LV[0] == T_COUNT, "one Latvian text per key")

#endif
