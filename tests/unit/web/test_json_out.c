/* The JSON writer that writes API answers straight into the response
 * (issue 10): escaping worked out by hand from RFC 8259 and the API's
 * format (jansson, JSON_COMPACT | JSON_ENSURE_ASCII), the same bytes as
 * jansson for the same values, and a caller's mistakes turning into an
 * overflowed buffer instead of broken JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "web/json_out.h"

static const char *str(kp_html *h, const char *in)
{
    kp_html_free(h);
    kp_html_init(h);
    kp_json_string(h, in);
    assert_false(h->overflow);
    return kp_html_str(h);
}

static void test_escaping(void **state)
{
    (void)state;
    kp_html h;
    kp_html_init(&h);
    assert_string_equal(str(&h, "Ilze"), "\"Ilze\"");
    assert_string_equal(str(&h, ""), "\"\"");
    assert_string_equal(str(&h, NULL), "\"\"");
    /* Quotes and backslashes; '/' and DEL stay as they are. */
    assert_string_equal(str(&h, "a\"b\\c/d\x7F"), "\"a\\\"b\\\\c/d\x7F\"");
    /* The five short escapes, then the other control characters. */
    assert_string_equal(str(&h, "\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
    assert_string_equal(str(&h, "\x01\x1F" "x\x0B"), "\"\\u0001\\u001Fx\\u000B\"");
    /* Non-ASCII as \u escapes, upper-case hex: ā U+0101, Ņ U+0145, € U+20AC,
     * U+2028; past U+FFFF a surrogate pair (😀 U+1F600 = D83D DE00). */
    assert_string_equal(str(&h, "Bērziņš"), "\"B\\u0113rzi\\u0146\\u0161\"");
    assert_string_equal(str(&h, "\xC5\x85\xE2\x82\xAC\xE2\x80\xA8"), "\"\\u0145\\u20AC\\u2028\"");
    assert_string_equal(str(&h, "\xF0\x9F\x98\x80!"), "\"\\uD83D\\uDE00!\"");
    /* Bytes that are not UTF-8: one U+FFFD each, the rest kept. */
    assert_string_equal(str(&h, "a\xFF" "b\xC3"), "\"a\\uFFFDb\\uFFFD\"");
    assert_string_equal(str(&h, "\xE2\x82"), "\"\\uFFFD\\uFFFD\"");
    assert_string_equal(str(&h, "\xC0\xAF"), "\"\\uFFFD\\uFFFD\"");
    kp_html_free(&h);
}

/* The same bytes as jansson writes for the same strings (the API's format
 * until now), over every byte value and some sequences. */
static void test_same_as_jansson(void **state)
{
    (void)state;
    static const char *const S[] = {
        "plain", "Rīga, Jūrmala", "Ģirts \"Ģ\" \\ Ūdre", "tab\there\nline", "\xE2\x80\xA9", "\xEF\xBF\xBF",
        "\xF4\x8F\xBF\xBF", "\xE0\xA0\x80", "<script>&amp;</script>", "\x7F\x1B", "€100 / 2",
    };
    kp_html h;
    kp_html_init(&h);
    char one[2] = {0, 0};
    for (int c = 1; c < 0x80; c++) {
        one[0] = (char)c;
        json_t *j = json_string(one);
        char *want = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
        assert_string_equal(str(&h, one), want);
        free(want);
        json_decref(j);
    }
    for (size_t i = 0; i < sizeof S / sizeof S[0]; i++) {
        json_t *j = json_string(S[i]);
        assert_non_null(j);
        char *want = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
        assert_string_equal(str(&h, S[i]), want);
        free(want);
        json_decref(j);
    }
    kp_html_free(&h);
}

/* Keys and string values written through kp_jw: short plain texts go in one
 * append, the others through the escaper; either way the bytes are
 * jansson's, at every length around the short path's limit and for texts
 * that need escaping anywhere in them. */
static void test_object_same_as_jansson(void **state)
{
    (void)state;
    static const char *const S[] = {"", "id", "a\"b", "Rīga", "x\\", "tab\t", "\x7F", "ok/ok"};
    char lens[200];
    for (size_t len = 85; len <= 100; len++) {
        for (int variant = 0; variant < 3; variant++) {
            memset(lens, 'k', len);
            lens[len] = '\0';
            if (variant == 1)
                lens[len - 1] = '"'; /* the last byte needs escaping */
            if (variant == 2)
                lens[0] = '\n'; /* the first */
            kp_html h;
            kp_html_init(&h);
            kp_jw w;
            kp_jw_init(&w, &h);
            json_t *o = json_object();
            kp_jw_object(&w);
            for (size_t i = 0; i < sizeof S / sizeof S[0]; i++) {
                char key[8];
                key[0] = (char)('a' + i);
                key[1] = '\0';
                kp_jw_key(&w, key);
                kp_jw_string(&w, S[i]);
                json_object_set_new(o, key, json_string(S[i]));
            }
            kp_jw_key(&w, lens);
            kp_jw_string(&w, lens);
            json_object_set_new(o, lens, json_string(lens));
            kp_jw_key(&w, "z");
            kp_jw_array(&w);
            kp_jw_string(&w, lens);
            kp_jw_string(&w, "");
            kp_jw_string(&w, "b");
            kp_jw_array_end(&w);
            json_t *a = json_array();
            json_array_append_new(a, json_string(lens));
            json_array_append_new(a, json_string(""));
            json_array_append_new(a, json_string("b"));
            json_object_set_new(o, "z", a);
            kp_jw_object_end(&w);
            assert_false(h.overflow);
            char *want = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
            assert_string_equal(kp_html_str(&h), want);
            free(want);
            json_decref(o);
            kp_html_free(&h);
        }
    }
}

static void test_document(void **state)
{
    (void)state;
    kp_html h;
    kp_html_init(&h);
    kp_jw w;
    kp_jw_init(&w, &h);
    kp_jw_object(&w);
    kp_jw_key(&w, "items");
    kp_jw_array(&w);
    for (int i = 0; i < 2; i++) {
        kp_jw_object(&w);
        kp_jw_key(&w, "id");
        kp_jw_int(&w, i ? INT64_MIN : 7);
        kp_jw_key(&w, "name");
        kp_jw_string(&w, i ? "Līga" : NULL);
        kp_jw_key(&w, "ok");
        kp_jw_bool(&w, i == 1);
        kp_jw_object_end(&w);
    }
    kp_jw_array_end(&w);
    kp_jw_key(&w, "empty");
    kp_jw_array(&w);
    kp_jw_array_end(&w);
    kp_jw_key(&w, "none");
    kp_jw_object(&w);
    kp_jw_object_end(&w);
    kp_jw_key(&w, "n");
    kp_jw_null(&w);
    kp_jw_object_end(&w);
    assert_false(h.overflow);
    const char *want = "{\"items\":[{\"id\":7,\"name\":null,\"ok\":false},"
                       "{\"id\":-9223372036854775808,\"name\":\"L\\u012Bga\",\"ok\":true}],"
                       "\"empty\":[],\"none\":{},\"n\":null}";
    assert_string_equal(kp_html_str(&h), want);
    /* And jansson, reading it and writing it again, writes the same. */
    json_t *j = json_loads(kp_html_str(&h), 0, NULL);
    assert_non_null(j);
    char *again = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
    assert_string_equal(again, want);
    free(again);
    json_decref(j);
    /* Values at the top level, one after another in an array. */
    kp_html_free(&h);
    kp_html_init(&h);
    kp_jw_init(&w, &h);
    kp_jw_array(&w);
    kp_jw_int(&w, 1);
    kp_jw_string(&w, "a");
    kp_jw_array(&w);
    kp_jw_null(&w);
    kp_jw_array_end(&w);
    kp_jw_array_end(&w);
    assert_false(h.overflow);
    assert_string_equal(kp_html_str(&h), "[1,\"a\",[null]]");
    kp_html_free(&h);
    /* Keys and values of every length around the short path's buffer (96
     * bytes with comma, quotes and colon), plain and with a quote or a
     * non-ASCII letter at the end: each written as it is or escaped, the
     * same as jansson writes them. */
    for (size_t len = 85; len <= 100; len++) {
        char plain[128], quoted[128], latin[128];
        memset(plain, 'k', len);
        plain[len] = '\0';
        memcpy(quoted, plain, len + 1);
        quoted[len - 1] = '"';
        memcpy(latin, plain, len - 2);
        memcpy(latin + len - 2, "\xC4\x81", 3); /* ā */
        kp_html_init(&h);
        kp_jw_init(&w, &h);
        kp_jw_object(&w);
        kp_jw_key(&w, "a");
        kp_jw_string(&w, plain);
        kp_jw_key(&w, plain);
        kp_jw_string(&w, quoted);
        kp_jw_key(&w, quoted);
        kp_jw_string(&w, latin);
        kp_jw_key(&w, latin);
        kp_jw_int(&w, 1);
        kp_jw_object_end(&w);
        assert_false(h.overflow);
        json_t *o = json_object();
        json_object_set_new(o, "a", json_string(plain));
        json_object_set_new(o, plain, json_string(quoted));
        json_object_set_new(o, quoted, json_string(latin));
        json_object_set_new(o, latin, json_integer(1));
        char *ref = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
        assert_string_equal(kp_html_str(&h), ref);
        free(ref);
        json_decref(o);
        kp_html_free(&h);
    }
}

/* A mistake of the caller: the buffer is marked overflowed (the server
 * answers 500), never a document that does not parse. */
static void misuse(void (*fn)(kp_jw *w))
{
    kp_html h;
    kp_html_init(&h);
    kp_jw w;
    kp_jw_init(&w, &h);
    fn(&w);
    assert_true(h.overflow);
    kp_html_free(&h);
}
static void value_without_key(kp_jw *w) { kp_jw_object(w); kp_jw_int(w, 1); }
static void key_in_array(kp_jw *w) { kp_jw_array(w); kp_jw_key(w, "k"); }
static void key_at_top(kp_jw *w) { kp_jw_key(w, "k"); }
static void two_keys(kp_jw *w) { kp_jw_object(w); kp_jw_key(w, "a"); kp_jw_key(w, "b"); }
static void null_key(kp_jw *w) { kp_jw_object(w); kp_jw_key(w, NULL); }
static void wrong_end(kp_jw *w) { kp_jw_object(w); kp_jw_array_end(w); }
static void end_after_key(kp_jw *w) { kp_jw_object(w); kp_jw_key(w, "a"); kp_jw_object_end(w); }
static void end_at_top(kp_jw *w) { kp_jw_array_end(w); }
static void too_deep(kp_jw *w)
{
    for (int i = 0; i <= KP_JW_DEPTH; i++)
        kp_jw_array(w);
}

static void test_misuse(void **state)
{
    (void)state;
    misuse(value_without_key);
    misuse(key_in_array);
    misuse(key_at_top);
    misuse(two_keys);
    misuse(null_key);
    misuse(wrong_end);
    misuse(end_after_key);
    misuse(end_at_top);
    misuse(too_deep);
    /* Exactly KP_JW_DEPTH levels are fine. */
    kp_html h;
    kp_html_init(&h);
    kp_jw w;
    kp_jw_init(&w, &h);
    for (int i = 0; i < KP_JW_DEPTH; i++)
        kp_jw_array(&w);
    for (int i = 0; i < KP_JW_DEPTH; i++)
        kp_jw_array_end(&w);
    assert_false(h.overflow);
    assert_int_equal(kp_html_len(&h), 2 * KP_JW_DEPTH);
    kp_html_free(&h);
    /* NULL writer or buffer: nothing happens. */
    kp_jw_init(NULL, &h);
    kp_jw_object(NULL);
    kp_jw_key(NULL, "k");
    kp_jw_string(NULL, "s");
    kp_jw_int(NULL, 1);
    kp_jw_bool(NULL, true);
    kp_jw_null(NULL);
    kp_jw_object_end(NULL);
    kp_jw_array(NULL);
    kp_jw_array_end(NULL);
    kp_json_string(NULL, "s");
    kp_jw_init(&w, NULL);
    kp_jw_object(&w);
    kp_jw_key(&w, "k");
    kp_jw_string(&w, "s");
    kp_jw_object_end(&w);
}

/* A write past the buffer's cap marks it overflowed. */
static void test_cap(void **state)
{
    (void)state;
    kp_html h;
    kp_html_init(&h);
    h.buf.max = 8;
    kp_json_string(&h, "abc");
    assert_false(h.overflow);
    assert_string_equal(kp_html_str(&h), "\"abc\"");
    kp_json_string(&h, "defgh");
    assert_true(h.overflow);
    kp_html_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaping),  cmocka_unit_test(test_same_as_jansson), cmocka_unit_test(test_document),
        cmocka_unit_test(test_object_same_as_jansson),
        cmocka_unit_test(test_misuse),    cmocka_unit_test(test_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
