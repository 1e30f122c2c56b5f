/* Text that Kopā accepts, and escaped pieces of text for messages (see text.h). */
#include "core/text.h"
#include <stdio.h>
#include <string.h>

size_t kp_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
    } else {
        return 0; /* a continuation byte, C0/C1 (overlong) or F5–FF */
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

bool kp_text_invisible(uint32_t cp)
{
    return cp == 0x061C                      /* Arabic letter mark (bidi) */
           || cp == 0x180E                   /* Mongolian vowel separator */
           || cp == 0x200B                   /* zero-width space */
           || cp == 0x200E || cp == 0x200F   /* left-to-right / right-to-left mark */
           || (cp >= 0x2028 && cp <= 0x202E) /* line/paragraph separator, bidi embeddings and overrides */
           || (cp >= 0x2060 && cp <= 0x2064) /* word joiner, invisible operators */
           || (cp >= 0x2066 && cp <= 0x206F) /* bidi isolates, deprecated format characters */
           || cp == 0xFEFF                   /* zero-width no-break space (byte order mark) */
           || (cp >= 0xFFF9 && cp <= 0xFFFB) /* interlinear annotation */
           || (cp >= 0xE0000 && cp <= 0xE007F) /* tags: invisible copies of ASCII */
           || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE; /* noncharacters */
}

const char *kp_text_char_name(uint32_t cp)
{
    static const struct {
        uint32_t cp;
        const char *name;
    } names[] = {
        {0x00, "NUL"},
        {0x09, "tab"},
        {0x0A, "line feed"},
        {0x0D, "carriage return"},
        {0x1B, "escape"},
        {0x7F, "delete"},
        {0x85, "next line"},
        {0x061C, "Arabic letter mark"},
        {0x200B, "zero-width space"},
        {0x200E, "left-to-right mark"},
        {0x200F, "right-to-left mark"},
        {0x2028, "line separator"},
        {0x2029, "paragraph separator"},
        {0x202A, "left-to-right embedding"},
        {0x202B, "right-to-left embedding"},
        {0x202C, "pop directional formatting"},
        {0x202D, "left-to-right override"},
        {0x202E, "right-to-left override"},
        {0x2060, "word joiner"},
        {0x2066, "left-to-right isolate"},
        {0x2067, "right-to-left isolate"},
        {0x2068, "first strong isolate"},
        {0x2069, "pop directional isolate"},
        {0xFEFF, "zero-width no-break space"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].cp == cp)
            return names[i].name;
    return NULL;
}

static bool control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

kp_text_fault kp_text_check(const char *s, size_t n, unsigned kind, kp_text_at *at)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, index = 0;
    kp_text_fault fault = KP_TEXT_OK;
    uint32_t cp = 0;
    while (i < n) {
        index++;
        size_t len = kp_utf8_decode(p + i, n - i, &cp);
        if (!len) {
            cp = p[i];
            fault = KP_TEXT_BAD_UTF8;
            break;
        }
        if (cp == 0) {
            fault = KP_TEXT_NUL;
            break;
        }
        if (kind != KP_TEXT_ANY) {
            bool line_break = kind == KP_TEXT_LINES &&
                              (cp == '\t' || cp == '\n' || (cp == '\r' && i + 1 < n && p[i + 1] == '\n'));
            if (control(cp) && !line_break) {
                fault = KP_TEXT_CONTROL;
                break;
            }
            if (kp_text_invisible(cp)) {
                fault = KP_TEXT_INVISIBLE;
                break;
            }
        }
        i += len;
    }
    if (fault && at)
        *at = (kp_text_at){.byte = i, .index = index, .cp = cp};
    return fault;
}

/* Appends s[0..n) to out at *used if it fits with `reserve` bytes to spare. */
static bool append(char *out, size_t outlen, size_t *used, const char *s, size_t n, size_t reserve)
{
    if (*used + n + reserve >= outlen)
        return false;
    memcpy(out + *used, s, n);
    *used += n;
    out[*used] = '\0';
    return true;
}

void kp_text_snippet_n(const char *s, size_t n, size_t max_chars, char *out, size_t outlen)
{
    static const char ELLIPSIS[] = "\xE2\x80\xA6";
    const size_t reserve = sizeof ELLIPSIS - 1;
    if (!out || outlen == 0)
        return;
    out[0] = '\0';
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, used = 0, chars = 0;
    while (i < n) {
        if (chars == max_chars)
            break;
        char esc[16];
        const char *piece = (const char *)p + i;
        size_t plen;
        uint32_t cp = 0;
        size_t len = kp_utf8_decode(p + i, n - i, &cp);
        if (!len) {
            plen = (size_t)snprintf(esc, sizeof esc, "\\x%02X", p[i]);
            piece = esc;
            len = 1;
        } else if (control(cp)) {
            if (cp < 0x80)
                plen = (size_t)snprintf(esc, sizeof esc, "\\x%02X", (unsigned)cp);
            else
                plen = (size_t)snprintf(esc, sizeof esc, "\\u%04X", (unsigned)cp);
            piece = esc;
        } else if (kp_text_invisible(cp)) {
            plen = (size_t)snprintf(esc, sizeof esc, cp > 0xFFFF ? "\\U%08X" : "\\u%04X", (unsigned)cp);
            piece = esc;
        } else if (cp == '\\') {
            piece = "\\\\";
            plen = 2;
        } else {
            plen = len;
        }
        if (!append(out, outlen, &used, piece, plen, reserve))
            break;
        i += len;
        chars++;
    }
    if (i < n)
        append(out, outlen, &used, ELLIPSIS, reserve, 0);
}

void kp_text_snippet(const char *s, size_t max_chars, char *out, size_t outlen)
{
    kp_text_snippet_n(s, s ? strlen(s) : 0, max_chars, out, outlen);
}
