/* The keyed message table in both languages (see strings.h). */
#include "web/strings.h"
#include <string.h>

static const struct {
    const char *lv, *en;
} TABLE[KP_STR_COUNT] = {
#define KP_STR_ROW(key, lv, en) [key] = {lv, en},
    KP_STRINGS(KP_STR_ROW)
#undef KP_STR_ROW
};

const char *kp_str(const char *lang, kp_str_key key)
{
    if ((int)key < 0 || key >= KP_STR_COUNT)
        return "";
    return lang && strcmp(lang, "en") == 0 ? TABLE[key].en : TABLE[key].lv;
}
