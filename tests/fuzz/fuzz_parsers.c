/* Fuzz target for the parsers of values people type: personal codes, money
 * (file and Latvian forms), dates. Each must either refuse or give a value
 * that formats back to something it accepts again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/date.h"
#include "core/money.h"
#include "core/personal_code.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char s[300];
    if (size >= sizeof s)
        size = sizeof s - 1;
    memcpy(s, data, size);
    s[size] = '\0';

    kp_pc pc;
    if (kp_pc_parse(s, &pc) == KP_OK) {
        kp_pc again;
        if (kp_pc_parse(pc.canonical, &again) != KP_OK || strcmp(again.canonical, pc.canonical) != 0)
            abort();
    }
    kp_cents c;
    char out[32];
    if (kp_money_parse(s, &c) == KP_OK) {
        kp_cents back;
        kp_money_format_plain(c, out);
        if (kp_money_parse(out, &back) != KP_OK || back != c)
            abort();
    }
    if (kp_money_parse_lv(s, &c) == KP_OK) {
        kp_cents back;
        kp_money_format_lv(c, out);
        if (kp_money_parse_lv(out, &back) != KP_OK || back != c)
            abort();
    }
    kp_date d;
    if (kp_date_parse_iso(s, &d) == KP_OK) {
        char iso[11];
        kp_date_format_iso(d, iso);
        if (strcmp(iso, s) != 0)
            abort();
    }
    return 0;
}
