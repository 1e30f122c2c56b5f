/* Escaping writers: text, attribute, URL argument and path, JSON inside a
 * script element, with nasty inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "web/html.h"

static const char *w(kp_html *h, void (*fn)(kp_html *, const char *), const char *in)
{
    kp_html_free(h);
    kp_html_init(h);
    fn(h, in);
    return kp_html_str(h);
}

static void test_text(void **state)
{
    (void)state;
    kp_html h;
    kp_html_init(&h);
    assert_string_equal(w(&h, html_text, "<script>alert('x')</script>"),
                        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    assert_string_equal(w(&h, html_text, "a & b \"c\""), "a &amp; b &quot;c&quot;");
    assert_string_equal(w(&h, html_text, "Bērziņš Ģirts Ūdre"), "Bērziņš Ģirts Ūdre");
    assert_string_equal(w(&h, html_text, NULL), "");
    /* Invalid UTF-8 and control characters become U+FFFD. */
    assert_string_equal(w(&h, html_text, "a\xff" "b"), "a\xEF\xBF\xBD" "b");
    assert_string_equal(w(&h, html_text, "a\x01" "b"), "a\xEF\xBF\xBD" "b");
    assert_string_equal(w(&h, html_text, "\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD"); /* overlong '/' */
    assert_string_equal(w(&h, html_text, "\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); /* surrogate */
    assert_string_equal(w(&h, html_text, "&amp;"), "&amp;amp;");
    kp_html_free(&h);
}

static void test_attr(void **state)
{
    (void)state;
    kp_html h;
    kp_html_init(&h);
    assert_string_equal(w(&h, html_attr, "\" onmouseover=\"alert(1)"), "&quot; onmouseover=&quot;alert(1)");
    assert_string_equal(w(&h, html_attr, "' autofocus x='"), "&#39; autofocus x=&#39;");
    assert_string_equal(w(&h, html_attr, "x>y<z"), "x&gt;y&lt;z");
    kp_html_free(&h);
}

static void test_url(void **state)
{
    (void)state;
    kp_html h;
    kp_html_init(&h);
    assert_string_equal(w(&h, html_url_arg, "a b&c=d/e?f#g\"'<>"), "a%20b%26c%3Dd%2Fe%3Ff%23g%22%27%3C%3E");
    assert_string_equal(w(&h, html_url_arg, "ā"), "%C4%81");
    assert_string_equal(w(&h, html_url_arg, "javascript:alert(1)"), "javascript%3Aalert%281%29");
    assert_string_equal(w(&h, html_url_path, "/clients/12"), "/clients/12");
    assert_string_equal(w(&h, html_url_path, "/a b/\"x\""), "/a%20b/%22x%22");
    /* Never another site or a script URL. */
    assert_string_equal(w(&h, html_url_path, "//evil.example/x"), "/");
    assert_string_equal(w(&h, html_url_path, "javascript:alert(1)"), "/");
    assert_string_equal(w(&h, html_url_path, "https://evil.example"), "/");
    assert_string_equal(w(&h, html_url_path, "/\\evil.example"), "/");
    assert_string_equal(w(&h, html_url_path, NULL), "/");
    kp_html_free(&h);
}

static void test_json_script(void **state)
{
    (void)state;
    kp_html h;
    kp_html_init(&h);
    assert_string_equal(w(&h, html_json_script, "{\"a\":\"</script><script>x()</script>\"}"),
                        "{\"a\":\"\\u003c/script\\u003e\\u003cscript\\u003ex()\\u003c/script\\u003e\"}");
    assert_string_equal(w(&h, html_json_script, "\"<!--\""), "\"\\u003c!--\"");
    assert_string_equal(w(&h, html_json_script, "\"a&b\""), "\"a\\u0026b\"");
    assert_string_equal(w(&h, html_json_script, "\"\xE2\x80\xA8\xE2\x80\xA9\""), "\"\\u2028\\u2029\"");
    kp_html_free(&h);
}

static void test_misc(void **state)
{
    (void)state;
    kp_html h;
    kp_html_init(&h);
    html_int(&h, -1234567890123LL);
    assert_string_equal(kp_html_str(&h), "-1234567890123");
    kp_html_free(&h);
    kp_html_init(&h);
    html_textf(&h, "%s=%d", "<b>", 5);
    assert_string_equal(kp_html_str(&h), "&lt;b&gt;=5");
    kp_html_free(&h);
    /* The cap: an overflow writes nothing more and is remembered. */
    kp_html_init(&h);
    h.buf.max = 8;
    html_text(&h, "12345");
    html_text(&h, "67890");
    assert_true(h.overflow);
    assert_string_equal(kp_html_str(&h), "12345");
    kp_html_free(&h);
    assert_true(kp_utf8_valid("Rīga", strlen("Rīga")));
    assert_false(kp_utf8_valid("a\0b", 3));
    assert_false(kp_utf8_valid("\xF5\x80\x80\x80", 4));
    assert_false(kp_utf8_valid("\xE2\x82", 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),        cmocka_unit_test(test_attr), cmocka_unit_test(test_url),
        cmocka_unit_test(test_json_script), cmocka_unit_test(test_misc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
