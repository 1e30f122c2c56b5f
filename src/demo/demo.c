/* The Zemgale demo (see demo.h). The figures file says how many people,
 * needs, services and euros there are; this file decides who they are:
 * synthetic names, valid synthetic personal codes, dates and histories,
 * every record made through the same use cases people use. */
#include "demo/demo.h"
#include "service/casework/cases.h"
#include "demo/demo_plan.h"
#include "service/programme/programme.h"
#include "demo/demo_sql.h"
#include "core/date.h"
#include "core/mem.h"
#include "core/money.h"
#include "core/personal_code.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- deterministic randomness ------------------------------------------ */

static uint64_t next_rand(demo *d)
{
    /* splitmix64: tiny, fast and the same on every machine. */
    uint64_t z = (d->rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

int demo_rand(demo *d, int n)
{
    return n <= 1 ? 0 : (int)(next_rand(d) % (uint64_t)n);
}

void demo_date(demo *d, int year, int month_from, int month_to, char out[11])
{
    int m = month_from + demo_rand(d, month_to - month_from + 1);
    int day = 1 + demo_rand(d, 28);
    kp_date_format_iso(kp_date_from_ymd(year, m, day), out);
}

/* ---- names and personal codes ----------------------------------------- */

static const char *const MALE_GIVEN[] = {"Jānis", "Andris", "Pēteris", "Mārtiņš", "Edgars", "Kārlis", "Aivars",
                                         "Juris", "Valdis", "Ivars", "Roberts", "Artūrs", "Raivis", "Gints",
                                         "Oskars", "Dāvis", "Rihards", "Ēriks", "Uldis", "Normunds"};
static const char *const FEMALE_GIVEN[] = {"Anna", "Līga", "Ilze", "Inese", "Kristīne", "Laura", "Sanita",
                                           "Dace", "Zane", "Elīna", "Marta", "Agnese", "Ieva", "Baiba",
                                           "Evita", "Rūta", "Santa", "Sarmīte", "Māra", "Ināra"};
/* Family names in their masculine and feminine forms. */
static const char *const FAMILY[][2] = {
    {"Bērziņš", "Bērziņa"},   {"Kalniņš", "Kalniņa"},   {"Ozoliņš", "Ozoliņa"}, {"Jansons", "Jansone"},
    {"Liepiņš", "Liepiņa"},   {"Krūmiņš", "Krūmiņa"},   {"Balodis", "Balode"},  {"Eglītis", "Eglīte"},
    {"Zariņš", "Zariņa"},     {"Pētersons", "Pētersone"}, {"Vītols", "Vītola"}, {"Kļaviņš", "Kļaviņa"},
    {"Kārkliņš", "Kārkliņa"}, {"Vanags", "Vanaga"},     {"Žagars", "Žagare"},   {"Lapiņš", "Lapiņa"},
    {"Siliņš", "Siliņa"},     {"Ābols", "Ābola"},       {"Šmits", "Šmite"},     {"Grants", "Grante"},
    {"Celmiņš", "Celmiņa"},   {"Dzenis", "Dzene"},      {"Ķēniņš", "Ķēniņa"},   {"Gailītis", "Gailīte"}};

#define NAMES(a) (sizeof(a) / sizeof((a)[0]))

/* Old-format codes carry the birth date; serials must be unique per date. */
static bool serial_taken(demo *d, uint32_t key)
{
    size_t mask = DEMO_CODE_SLOTS - 1;
    for (size_t i = (key * 2654435761u) & mask;; i = (i + 1) & mask) {
        if (d->codes[i] == 0) {
            d->codes[i] = key;
            return false;
        }
        if (d->codes[i] == key)
            return true;
    }
}

static void old_code(demo *d, const char *birth, char out[13])
{
    int y = 0, m = 0, day = 0;
    kp_date b;
    kp_date_parse_iso(birth, &b);
    kp_date_to_ymd(b, &y, &m, &day);
    int century = y >= 2000 ? 2 : 1;
    for (;;) {
        int serial = d->serial++ % 1000;
        uint32_t key = (uint32_t)(b + 100000) * 1000u + (uint32_t)serial;
        if (serial_taken(d, key))
            continue;
        char digits[32];
        snprintf(digits, sizeof digits, "%02d%02d%02d%d%03d", day % 100, m % 100, y % 100, century, serial);
        int z = kp_pc_check_digit(digits);
        snprintf(out, 13, "%.6s-%.4s%d", digits, digits + 6, z);
        return;
    }
}

/* Whether someone with this name and birth date is registered already;
 * if not, remembers them. FNV-1a of the three, in an open table. */
static bool name_taken(demo *d, const char *given, const char *family, const char *birth)
{
    uint64_t h = 1469598103934665603ULL;
    const char *parts[3] = {given, family, birth};
    for (int i = 0; i < 3; i++) {
        for (const unsigned char *p = (const unsigned char *)parts[i]; *p; p++)
            h = (h ^ *p) * 1099511628211ULL;
        h = (h ^ 0x1f) * 1099511628211ULL;
    }
    if (!h)
        h = 1;
    size_t mask = DEMO_NAME_SLOTS - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        if (d->names[i] == 0) {
            d->names[i] = h;
            return false;
        }
        if (d->names[i] == h)
            return true;
    }
}

void demo_new_code(demo *d, char out[13])
{
    char digits[32];
    unsigned n = (unsigned)d->new_serial++;
    snprintf(digits, sizeof digits, "3%d%08u", 2 + (int)(n % 8), (n * 7919u) % 100000000u);
    snprintf(out, 13, "%.6s-%.4s%d", digits, digits + 6, kp_pc_check_digit(digits));
}

/* ---- municipalities ---------------------------------------------------- */

/* Where a record made on `date` was registered: the post-reform territory
 * from 1 July 2021, one of its participating predecessors before. */
const char *demo_atvk(demo *d, int mi, const char *date, int salt)
{
    demo_muni *m = &d->m[mi];
    if (strcmp(date, "2021-07-01") >= 0 || m->npre == 0)
        return m->atvk;
    return m->pre[(unsigned)salt % (unsigned)m->npre];
}

static kp_rc load_municipalities(demo *d)
{
    json_t *list = json_object_get(d->ref, "municipalities");
    size_t i;
    json_t *mj;
    json_array_foreach(list, i, mj)
    {
        if (i >= DEMO_MUNIS)
            break;
        demo_muni *m = &d->m[i];
        snprintf(m->refkey, sizeof m->refkey, "%s", json_string_value(json_object_get(mj, "key")));
        char key[48];
        snprintf(key, sizeof key, "%s", m->refkey);
        for (char *p = key; *p; p++)
            if (*p == '_')
                *p = '-';
        kp_q_demo_territory_by_key(d->ctx->db, key, &m->id, m->atvk);
        if (!m->id) {
            kp_errors_add(d->e, "municipality", key, "the catalogue has no municipality with this key");
            return KP_ESTATE;
        }
        /* Jaunjelgavas novads did not take part in the project before the
         * reform (figures file, note on Aizkraukle), so no records there. */
        size_t npre = 0;
        kp_rc rc = kp_q_demo_predecessors(d->ctx->db, m->id, m->pre, DEMO_MAX_PRE, &npre);
        m->npre = (int)npre;
        if (rc)
            return rc;
        d->nm = i + 1;
    }
    return d->nm == DEMO_MUNIS ? KP_OK : KP_ESTATE;
}

/* ---- clients ------------------------------------------------------------ */

kp_rc demo_check(demo *d, kp_rc rc, const char *what)
{
    if (rc && d->e->n == 0)
        kp_errors_add(d->e, "", what, "demo: %s failed: %s", what, kp_strerror(rc));
    else if (rc)
        kp_errors_add(d->e, "", what, "demo: %s failed (see above)", what);
    return rc;
}

kp_rc demo_client(demo *d, int mi, const char *tg, const char *birth, const char *registered, const demo_client_opts *o,
                  int64_t *id)
{
    bool male = demo_rand(d, 2) == 0;
    char code[13], rep[24] = "", dg[16] = "", pw[16] = "";
    kp_date b;
    kp_date_parse_iso(birth, &b);
    if (strcmp(birth, "2017-07-01") >= 0)
        demo_new_code(d, code);
    else
        old_code(d, birth, code);
    if (o && o->representative)
        snprintf(rep, sizeof rep, "%lld", (long long)o->representative);
    if (strcmp(tg, "grt") == 0)
        snprintf(dg, sizeof dg, "%d", 1 + demo_rand(d, 2));
    if (strcmp(tg, "ft") == 0)
        snprintf(pw, sizeof pw, "%d", demo_rand(d, 2));
    const char *given = male ? MALE_GIVEN[demo_rand(d, NAMES(MALE_GIVEN))] : FEMALE_GIVEN[demo_rand(d, NAMES(FEMALE_GIVEN))];
    size_t family = (size_t)demo_rand(d, NAMES(FAMILY));
    /* Two synthetic people with the same name and birth date would look
     * like one person registered twice (kopa check): take the next family
     * name instead, without drawing again. */
    for (size_t k = 0; k < NAMES(FAMILY) && name_taken(d, given, FAMILY[family][male ? 0 : 1], birth); k++)
        family = (family + 1) % NAMES(FAMILY);
    kp_client_in in = {
        .personal_code = code,
        .given_name = given,
        .family_name = FAMILY[family][male ? 0 : 1],
        .birth_date = birth,
        .municipality = demo_atvk(d, mi, registered, demo_rand(d, 64)),
        .target_group = tg,
        .representative_id = rep,
        .disability_group = dg,
        .special_care_from = o ? o->special_care_from : NULL,
        .parents_working = pw,
        .registered_on = registered,
    };
    size_t before = d->e->n;
    kp_rc rc = kp_client_register(d->ctx, &in, d->e, id);
    /* A check-digit warning is not an error; the demo's codes never get one. */
    if (!rc)
        d->e->n = before;
    return demo_check(d, rc, "client");
}

kp_rc demo_residence(demo *d, int64_t client, const char *kind, const char *start, const char *end)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)client);
    kp_residence_in in = {.client_id = id, .kind = kind, .start_date = start, .end_date = end};
    return demo_check(d, kp_residence_add(d->ctx, &in, d->e, NULL), "residence");
}

static const int ROUND_YEARS[] = {2016, 2019, 2021};

kp_rc demo_assessment(demo *d, int64_t client, int round, const char *place, const char *needs)
{
    return demo_assessment_before(d, client, round, place, needs, "");
}

kp_rc demo_assessment_before(demo *d, int64_t client, int round, const char *place, const char *needs,
                             const char *before)
{
    char id[24], r[8], on[11];
    int year = ROUND_YEARS[(round - 1) % 3], month_to = 10;
    if (before && before[0]) {
        /* Rounds run from March to October: the latest that can come first. */
        int by = 0, bm = 0;
        sscanf(before, "%4d-%2d", &by, &bm);
        for (round = 3; round > 1; round--) {
            int y = ROUND_YEARS[round - 1];
            if (y < by || (y == by && bm >= 4))
                break;
        }
        year = ROUND_YEARS[round - 1];
        if (year == by && bm - 1 < month_to)
            month_to = bm - 1;
    }
    snprintf(id, sizeof id, "%lld", (long long)client);
    snprintf(r, sizeof r, "%d", round);
    demo_date(d, year, 3, month_to, on);
    kp_assessment_in in = {.client_id = id, .round = r, .assessed_on = on, .place = place,
                           .assessor = "Neatkarīgo ekspertu komanda", .needs = needs};
    return demo_check(d, kp_assessment_record(d->ctx, &in, d->e, NULL), "assessment");
}

void demo_defer_assessment(demo *d, int64_t client, int64_t representative, int round, bool again_in_2021,
                           const char *place, const char *needs)
{
    if (d->npending == d->pending_cap) {
        d->pending_cap = d->pending_cap ? d->pending_cap * 2 : 512;
        d->pending = kp_xrealloc(d->pending, d->pending_cap * sizeof *d->pending);
    }
    demo_pending *p = &d->pending[d->npending++];
    memset(p, 0, sizeof *p);
    p->client = client;
    p->representative = representative;
    p->round = round;
    p->again_in_2021 = again_in_2021;
    snprintf(p->place, sizeof p->place, "%s", place);
    snprintf(p->needs, sizeof p->needs, "%s", needs);
}

/* ---- entry -------------------------------------------------------------- */

kp_rc kp_demo_build(kp_ctx *ctx, const char *figures_path, kp_errors *e)
{
    json_error_t jerr;
    json_t *ref = json_load_file(figures_path, 0, &jerr);
    if (!ref) {
        kp_errors_add(e, "", figures_path, "cannot read the demo figures: %s (line %d)", jerr.text, jerr.line);
        return KP_EIO;
    }
    demo *d = kp_xcalloc(1, sizeof *d);
    d->ctx = ctx;
    d->e = e;
    d->ref = ref;
    d->rng = 20211231;
    {
        const char *slash = strrchr(figures_path, '/');
        int n = slash ? (int)(slash - figures_path) : 1;
        snprintf(d->data_dir, sizeof d->data_dir, "%.*s", n, slash ? figures_path : ".");
    }
    kp_rc rc = kp_store_begin(ctx->db);
    if (!rc)
        rc = load_municipalities(d);
    if (!rc)
        rc = demo_build_programme(d);
    if (!rc)
        rc = demo_build_people(d);
    if (!rc)
        rc = demo_build_services(d);
    if (!rc)
        rc = demo_build_compensation(d);
    if (!rc)
        rc = demo_build_history(d);
    if (!rc)
        rc = demo_build_di_plan(d);
    if (!rc)
        rc = demo_build_indicators(d);
    if (!rc)
        rc = demo_build_chapters(d);
    if (rc)
        kp_store_rollback(ctx->db);
    else
        rc = kp_store_commit(ctx->db);
    demo_free_people(d);
    free(d->pending);
    json_decref(ref);
    free(d);
    return rc;
}
