/* Unit tests for core/text: which text is accepted per kind of field, where
 * the first refused character is, and the escaped pieces messages show.
 * Byte sequences are written out from the Unicode code charts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/text.h"

#define RLO "\xE2\x80\xAE" /* U+202E right-to-left override */
#define LRI "\xE2\x81\xA6" /* U+2066 left-to-right isolate */
#define ZWSP "\xE2\x80\x8B" /* U+200B zero-width space */
#define BOM "\xEF\xBB\xBF" /* U+FEFF */
#define NEL "\xC2\x85"     /* U+0085 next line (C1) */
#define TAG_A "\xF3\xA0\x81\x81" /* U+E0041 tag latin capital A */

static kp_text_fault check(const char *s, unsigned kind, kp_text_at *at)
{
    return kp_text_check(s, strlen(s), kind, at);
}

static void test_accepted(void **state)
{
    (void)state;
    const char *good[] = {"", "Anna", "Bērziņa-Ozola", "Ģimenei, sabiedrībai", "O'Brien", "DAC \"Saulīte\"",
                          "ŽŪŅĶĻ žūņķļ", "日本語", "emoji \xF0\x9F\x98\x80", "ZWJ \xE2\x80\x8D ok",
                          "no-break\xC2\xA0space", "soft\xC2\xADhyphen", "=HYPERLINK(\"x\")"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_int_equal(check(good[i], KP_TEXT_LINE, NULL), KP_TEXT_OK);
        assert_int_equal(check(good[i], KP_TEXT_LINES, NULL), KP_TEXT_OK);
        assert_int_equal(check(good[i], KP_TEXT_ANY, NULL), KP_TEXT_OK);
    }
    /* Several lines: TAB, LF and CR LF. */
    assert_int_equal(check("one\ntwo\r\nthree\tfour", KP_TEXT_LINES, NULL), KP_TEXT_OK);
}

static void test_one_line_refuses_controls(void **state)
{
    (void)state;
    kp_text_at at;
    assert_int_equal(check("Anna\rX", KP_TEXT_LINE, &at), KP_TEXT_CONTROL);
    assert_int_equal(at.cp, 0x0D);
    assert_int_equal(at.index, 5);
    assert_int_equal(at.byte, 4);
    assert_int_equal(check("a\nb", KP_TEXT_LINE, &at), KP_TEXT_CONTROL);
    assert_int_equal(check("a\tb", KP_TEXT_LINE, &at), KP_TEXT_CONTROL);
    assert_int_equal(check("\x1B[31mred", KP_TEXT_LINE, &at), KP_TEXT_CONTROL);
    assert_int_equal(at.index, 1);
    assert_int_equal(check("del\x7F", KP_TEXT_LINE, &at), KP_TEXT_CONTROL);
    assert_int_equal(at.cp, 0x7F);
    /* C1: position counts characters, not bytes. */
    assert_int_equal(check("ā" NEL, KP_TEXT_LINE, &at), KP_TEXT_CONTROL);
    assert_int_equal(at.cp, 0x85);
    assert_int_equal(at.index, 2);
    assert_int_equal(at.byte, 2);
}

static void test_lines_refuse_lone_cr(void **state)
{
    (void)state;
    kp_text_at at;
    assert_int_equal(check("one\rtwo", KP_TEXT_LINES, &at), KP_TEXT_CONTROL);
    assert_int_equal(at.cp, 0x0D);
    assert_int_equal(check("end\r", KP_TEXT_LINES, &at), KP_TEXT_CONTROL);
    assert_int_equal(check("bell\a", KP_TEXT_LINES, &at), KP_TEXT_CONTROL);
    assert_int_equal(check("vt\v", KP_TEXT_LINES, &at), KP_TEXT_CONTROL);
}

static void test_invisible(void **state)
{
    (void)state;
    kp_text_at at;
    const char *bad[] = {"SIA " RLO "evil", "a" LRI "b", "Anna" ZWSP, BOM "x", "tag" TAG_A, "x\xE2\x80\xA8y",
                         "\xE2\x81\xA9", "\xD8\x9C", "\xEF\xBF\xBE"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(check(bad[i], KP_TEXT_LINE, NULL), KP_TEXT_INVISIBLE);
        assert_int_equal(check(bad[i], KP_TEXT_LINES, NULL), KP_TEXT_INVISIBLE);
        assert_int_equal(check(bad[i], KP_TEXT_ANY, NULL), KP_TEXT_OK); /* encoding only */
    }
    assert_int_equal(check("SIA " RLO "evil", KP_TEXT_LINE, &at), KP_TEXT_INVISIBLE);
    assert_int_equal(at.cp, 0x202E);
    assert_int_equal(at.index, 5);
    for (uint32_t cp = 0x202A; cp <= 0x202E; cp++)
        assert_true(kp_text_invisible(cp));
    for (uint32_t cp = 0x2066; cp <= 0x2069; cp++)
        assert_true(kp_text_invisible(cp));
    assert_false(kp_text_invisible(0x200D)); /* ZWJ: emoji and some scripts need it */
    assert_false(kp_text_invisible('A'));
    assert_string_equal(kp_text_char_name(0x202E), "right-to-left override");
    assert_string_equal(kp_text_char_name(0x0D), "carriage return");
    assert_null(kp_text_char_name('A'));
}

static void test_bad_utf8_and_nul(void **state)
{
    (void)state;
    kp_text_at at;
    const char *bad[] = {"\xC3\x28", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80",
                         "\x80", "ab\xE2\x82", "\xFF"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        for (unsigned kind = 0; kind <= KP_TEXT_ANY; kind++)
            assert_int_equal(check(bad[i], kind, NULL), KP_TEXT_BAD_UTF8);
    assert_int_equal(check("ab\xE2\x82", KP_TEXT_ANY, &at), KP_TEXT_BAD_UTF8);
    assert_int_equal(at.byte, 2);
    assert_int_equal(at.cp, 0xE2);
    /* A NUL inside the given length is found, whatever the kind. */
    assert_int_equal(kp_text_check("ab\0cd", 5, KP_TEXT_ANY, &at), KP_TEXT_NUL);
    assert_int_equal(at.index, 3);
    assert_int_equal(kp_text_check("ab\0cd", 5, KP_TEXT_LINES, &at), KP_TEXT_NUL);
    uint32_t cp = 0;
    assert_int_equal(kp_utf8_decode((const unsigned char *)"\xC4\x81", 2, &cp), 2);
    assert_int_equal(cp, 0x101);
    assert_int_equal(kp_utf8_decode((const unsigned char *)"\xC4\x81", 1, &cp), 0);
}

static void test_snippet(void **state)
{
    (void)state;
    char out[96];
    kp_text_snippet("Bērziņš", 40, out, sizeof out);
    assert_string_equal(out, "Bērziņš");
    kp_text_snippet("a\rb\x1B" RLO "c\\d", 40, out, sizeof out);
    assert_string_equal(out, "a\\x0Db\\x1B\\u202Ec\\\\d");
    kp_text_snippet("ok\xC3\x28", 40, out, sizeof out);
    assert_string_equal(out, "ok\\xC3(");
    kp_text_snippet(NULL, 40, out, sizeof out);
    assert_string_equal(out, "");
    /* Cut at 40 characters, with an ellipsis. */
    char long_value[200];
    memset(long_value, 'x', sizeof long_value - 1);
    long_value[sizeof long_value - 1] = '\0';
    kp_text_snippet(long_value, 40, out, sizeof out);
    assert_int_equal(strlen(out), 40 + 3);
    assert_memory_equal(out + 40, "\xE2\x80\xA6", 3);
    /* 40 two-byte letters fit; the buffer limit cuts escapes earlier. */
    char letters[200] = "";
    for (int i = 0; i < 60; i++)
        memcpy(letters + 2 * i, "ā", 2);
    kp_text_snippet(letters, 40, out, sizeof out);
    assert_int_equal(strlen(out), 80 + 3);
    char controls[100];
    memset(controls, '\x01', 99);
    controls[99] = '\0';
    kp_text_snippet(controls, 40, out, sizeof out);
    assert_true(strlen(out) < sizeof out);
    assert_memory_equal(out + strlen(out) - 3, "\xE2\x80\xA6", 3);
    assert_null(memchr(out, '\x01', strlen(out)));
    /* NULs inside a counted value are shown, not cut at. */
    kp_text_snippet_n("a\0b", 3, 40, out, sizeof out);
    assert_string_equal(out, "a\\x00b");
    /* A tiny buffer still ends in a NUL. */
    char tiny[8];
    kp_text_snippet("abcdefghijkl", 40, tiny, sizeof tiny);
    assert_true(strlen(tiny) < sizeof tiny);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted),
        cmocka_unit_test(test_one_line_refuses_controls),
        cmocka_unit_test(test_lines_refuse_lone_cr),
        cmocka_unit_test(test_invisible),
        cmocka_unit_test(test_bad_utf8_and_nul),
        cmocka_unit_test(test_snippet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
