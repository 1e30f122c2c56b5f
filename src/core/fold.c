/* Accent- and case-insensitive folding for search (see fold.h). */
#include "core/fold.h"
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

/* Longest input folded: names and search words are short. */
#define FOLD_MAX_UNITS 512

kp_rc kp_fold_search(const char *in, char *out, size_t outlen)
{
    if (!out || outlen == 0)
        return KP_EINVAL;
    out[0] = '\0';
    if (!in)
        return KP_EINVAL;
    UErrorCode st = U_ZERO_ERROR;
    UChar src[FOLD_MAX_UNITS], nfd[FOLD_MAX_UNITS * 3], kept[FOLD_MAX_UNITS * 3], folded[FOLD_MAX_UNITS * 3];
    int32_t n = 0;
    /* Longer text is cut: a search word or a name never is. */
    size_t inlen = strnlen(in, FOLD_MAX_UNITS - 1);
    while (inlen > 0 && ((unsigned char)in[inlen] & 0xC0) == 0x80)
        inlen--;
    u_strFromUTF8(src, FOLD_MAX_UNITS, &n, in, (int32_t)inlen, &st);
    if (U_FAILURE(st))
        return KP_EINVAL;
    const UNormalizer2 *norm = unorm2_getNFDInstance(&st);
    if (U_FAILURE(st))
        return KP_EINVAL;
    int32_t m = unorm2_normalize(norm, src, n, nfd, (int32_t)(sizeof nfd / sizeof nfd[0]), &st);
    if (U_FAILURE(st))
        return KP_EINVAL;
    int32_t k = 0;
    for (int32_t i = 0; i < m;) {
        UChar32 c;
        int32_t at = i;
        U16_NEXT(nfd, i, m, c);
        if (u_charType(c) == U_NON_SPACING_MARK)
            continue;
        for (int32_t j = at; j < i; j++)
            kept[k++] = nfd[j];
    }
    int32_t f = u_strFoldCase(folded, (int32_t)(sizeof folded / sizeof folded[0]), kept, k, U_FOLD_CASE_DEFAULT, &st);
    if (U_FAILURE(st))
        return KP_EINVAL;
    /* Back to UTF-8; too long: cut at a character. */
    int32_t len = 0;
    char tmp[FOLD_MAX_UNITS * 9];
    u_strToUTF8(tmp, (int32_t)sizeof tmp, &len, folded, f, &st);
    if (U_FAILURE(st))
        return KP_EINVAL;
    size_t take = (size_t)len < outlen ? (size_t)len : outlen - 1;
    while (take > 0 && take < (size_t)len && ((unsigned char)tmp[take] & 0xC0) == 0x80)
        take--;
    memcpy(out, tmp, take);
    out[take] = '\0';
    return KP_OK;
}
