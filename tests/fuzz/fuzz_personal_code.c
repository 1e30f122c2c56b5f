/* Fuzz target: personal codes (src/core/personal_code.c). Any text is either
 * refused with a reason that fits it, or accepted with a canonical form that
 * carries the same eleven digits, parses back to the same result, and (old
 * format) a birth date that the digits spell. */
#include "fuzz.h"
#include "core/date.h"
#include "core/personal_code.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The documented shape, written out independently of the parser: eleven
 * digits, or six, a hyphen and five. Fills the digits. */
static bool shape(const char *s, size_t n, char d[12])
{
    size_t j = 0;
    if (n != 11 && n != 12)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (n == 12 && i == 6) {
            if (s[i] != '-')
                return false;
            continue;
        }
        if (!is_digit(s[i]))
            return false;
        d[j++] = s[i];
    }
    d[11] = '\0';
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char s[64];
    size_t n = fuzz_cstr(s, sizeof s, data, size);

    if (size >= 10) {
        int c = kp_pc_check_digit((const char *)data);
        bool all_digits = true;
        for (int i = 0; i < 10; i++)
            all_digits = all_digits && is_digit((char)data[i]);
        FUZZ_CHECK(all_digits ? c >= 0 && c <= 9 : c == -1);
    }

    kp_pc pc;
    kp_rc rc = kp_pc_parse(s, &pc);
    FUZZ_CHECK(kp_pc_problem_en(pc.problem)[0] && kp_pc_problem_lv(pc.problem)[0]);
    char d[12];
    bool shaped = shape(s, n, d);
    if (rc != KP_OK) {
        FUZZ_CHECK(rc == KP_EINVAL);
        FUZZ_CHECK(pc.canonical[0] == '\0');
        FUZZ_CHECK(pc.problem != KP_PC_FINE);
        /* The reason fits: a shape problem only for a wrong shape. */
        FUZZ_CHECK((pc.problem == KP_PC_BAD_SHAPE) == !shaped);
        /* New-format codes are never refused for their content. */
        FUZZ_CHECK(!(shaped && d[0] == '3' && d[1] >= '2'));
        return 0;
    }

    FUZZ_CHECK(shaped);
    /* Canonical: the same digits, hyphen after the sixth. */
    FUZZ_CHECK(strlen(pc.canonical) == 12 && pc.canonical[6] == '-');
    FUZZ_CHECK(memcmp(pc.canonical, d, 6) == 0 && memcmp(pc.canonical + 7, d + 6, 5) == 0);
    int check = kp_pc_check_digit(d);
    bool check_ok = check == d[10] - '0';
    if (d[0] == '3' && d[1] >= '2') {
        FUZZ_CHECK(pc.format == KP_PC_NEW);
        FUZZ_CHECK(pc.birth_date == KP_DATE_NONE);
        FUZZ_CHECK(pc.warning == !check_ok);
        FUZZ_CHECK(pc.problem == (check_ok ? KP_PC_FINE : KP_PC_BAD_CHECK_DIGIT));
    } else {
        FUZZ_CHECK(pc.format == KP_PC_OLD);
        FUZZ_CHECK(check_ok && !pc.warning && pc.problem == KP_PC_FINE);
        /* The birth date spells DDMMYY, century from the seventh digit. */
        FUZZ_CHECK(d[6] >= '0' && d[6] <= '2');
        char lv[12];
        kp_date_format_lv(pc.birth_date, lv);
        char want[32];
        snprintf(want, sizeof want, "%.2s.%.2s.%d%.2s.", d, d + 2, 18 + (d[6] - '0'), d + 4);
        FUZZ_CHECK(strcmp(lv, want) == 0);
    }

    /* The canonical form, and the form without the hyphen, parse to the same. */
    kp_pc again;
    FUZZ_CHECK(kp_pc_parse(pc.canonical, &again) == KP_OK);
    FUZZ_CHECK(strcmp(again.canonical, pc.canonical) == 0 && again.format == pc.format &&
               again.birth_date == pc.birth_date && again.warning == pc.warning && again.problem == pc.problem);
    FUZZ_CHECK(kp_pc_parse(d, &again) == KP_OK && strcmp(again.canonical, pc.canonical) == 0);
    return 0;
}
