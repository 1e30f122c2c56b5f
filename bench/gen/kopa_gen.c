/* kopa_gen: a deterministic synthetic national dataset for benchmarks, written
 * as CSV files in the import format (docs/import.md), one per kind, to be
 * loaded through `kopa import` in the documented order.
 *
 * A client of nothing but the file format and the catalogue files in data/:
 * it reads municipalities.csv, municipality_regions.csv and population.csv
 * and writes clients, residences, assessments, providers, facilities,
 * facility_services, support_plans, plan_items, assignments, deliveries,
 * projects, payment_requests, compensation_payments, plan_objects,
 * plan_amendments, plan_object_changes, cooperation, indicators and
 * indicator_values. Every row keeps the rules the import checks: records
 * dated before 1 July 2021 name the pre-reform municipality, after it the
 * successor; a municipality is in the region it belonged to on the date;
 * old-format personal codes with the check digit; services for the client's
 * target group; respite within 30 days a year; weekly care hours within
 * the limit; social rehabilitation within Kurzeme's per-person limits;
 * deliveries inside their assignment's period and within its units.
 *
 * Scale 1 is about 30 000 clients and 1 000 000 deliveries. The same seed
 * and scale give the same bytes.
 *
 * usage: kopa_gen --data DIR --out DIR [--scale X] [--seed N] */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------- basics */

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "kopa_gen: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        die("out of memory", NULL);
    return p;
}

static void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        die("out of memory", NULL);
    return q;
}

/* splitmix64: small, fast and the same everywhere. */
static uint64_t g_rng;
static uint64_t rnd(void)
{
    uint64_t z = (g_rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
/* 0 <= r < n */
static int64_t below(int64_t n) { return n <= 1 ? 0 : (int64_t)(rnd() % (uint64_t)n); }
static int64_t between(int64_t lo, int64_t hi) { return lo + below(hi - lo + 1); }
/* true with probability p (per mille) */
static bool chance(int per_mille) { return below(1000) < per_mille; }

/* Days since 1970-01-01 <-> civil date (proleptic Gregorian). */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

typedef struct dstr {
    char s[11];
} dstr;

static dstr ds(int64_t day)
{
    dstr r;
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    snprintf(r.s, sizeof r.s, "%04d-%02d-%02d", y, m, d);
    return r;
}

static int year_of(int64_t day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    return y;
}

static int64_t D(int y, int m, int d) { return days_from_civil(y, m, d); }

/* Whole years of age on `on` for a person born on `birth`. */
static int age_on(int64_t birth, int64_t on)
{
    int by, bm, bd, y, m, d;
    civil_from_days(birth, &by, &bm, &bd);
    civil_from_days(on, &y, &m, &d);
    int a = y - by;
    if (m < bm || (m == bm && d < bd))
        a--;
    return a;
}

/* ------------------------------------------------------ catalogue files */

/* Splits one CSV line (RFC 4180 quotes, no line breaks inside values) into
 * at most max fields, in place. Returns the number of fields. */
static int csv_split(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        char *w = p;
        f[n++] = w;
        if (*p == '"') {
            p++;
            for (;;) {
                if (!*p)
                    break;
                if (*p == '"' && p[1] == '"') {
                    *w++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    *w++ = *p++;
                }
            }
            while (*p && *p != ',')
                p++;
        } else {
            while (*p && *p != ',' && *p != '\n' && *p != '\r')
                *w++ = *p++;
        }
        char c = *p;
        *w = '\0';
        if (c != ',')
            break;
        p++;
    }
    return n;
}

typedef struct muni {
    char atvk[8];
    char name[96];
    int64_t from, to;      /* validity, days; to = INT64_MAX when open */
    char successor[8];
    int successor_idx;     /* index of the successor (pre-reform ones) */
    char region_pre[4];    /* region 2009-07-01 .. 2021-06-30 */
    char region_post[4];   /* region from 2021-07-01 */
    int64_t population;
    bool pre, post;
} muni;

static muni *g_m;
static int g_nm;

static int muni_find(const char *atvk)
{
    for (int i = 0; i < g_nm; i++)
        if (strcmp(g_m[i].atvk, atvk) == 0)
            return i;
    return -1;
}

static int64_t parse_date(const char *s, int64_t dflt)
{
    int y, m, d;
    if (!s || !*s)
        return dflt;
    if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
        die("bad date in a catalogue file", s);
    return D(y, m, d);
}

static FILE *open_data(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot read", path);
    return f;
}

static void load_catalogues(const char *dir)
{
    char line[4096];
    char *f[16];
    FILE *in = open_data(dir, "municipalities.csv");
    int cap = 0;
    if (!fgets(line, sizeof line, in))
        die("empty file", "municipalities.csv");
    while (fgets(line, sizeof line, in)) {
        int n = csv_split(line, f, 16);
        if (n < 9)
            continue;
        if (g_nm == cap) {
            cap = cap ? cap * 2 : 64;
            g_m = xrealloc(g_m, (size_t)cap * sizeof *g_m);
        }
        muni *m = &g_m[g_nm++];
        memset(m, 0, sizeof *m);
        snprintf(m->atvk, sizeof m->atvk, "%s", f[0]);
        snprintf(m->name, sizeof m->name, "%s", f[2]);
        m->from = parse_date(f[6], 0);
        m->to = parse_date(f[7], INT64_MAX);
        snprintf(m->successor, sizeof m->successor, "%s", f[8]);
        m->successor_idx = -1;
        /* The territories of the period this dataset covers (2016-2023):
         * those of 2009-2021 and those of 2021 that still exist in 2023. */
        m->pre = m->to == D(2021, 6, 30) && m->from <= D(2016, 1, 1);
        m->post = m->from == D(2021, 7, 1) && m->to >= D(2023, 12, 31);
        m->population = 0;
    }
    fclose(in);
    for (int i = 0; i < g_nm; i++)
        if (g_m[i].pre) {
            g_m[i].successor_idx = muni_find(g_m[i].successor);
            if (g_m[i].successor_idx < 0 || !g_m[g_m[i].successor_idx].post)
                die("a pre-reform municipality without a successor", g_m[i].atvk);
        }

    in = open_data(dir, "municipality_regions.csv");
    if (!fgets(line, sizeof line, in))
        die("empty file", "municipality_regions.csv");
    while (fgets(line, sizeof line, in)) {
        int n = csv_split(line, f, 16);
        if (n < 4)
            continue;
        int i = muni_find(f[0]);
        if (i < 0)
            continue;
        int64_t from = parse_date(f[2], 0), to = parse_date(f[3], INT64_MAX);
        if (from <= D(2016, 1, 1) && to >= D(2021, 6, 30))
            snprintf(g_m[i].region_pre, sizeof g_m[i].region_pre, "%s", f[1]);
        if (from <= D(2021, 7, 1) && to >= D(2023, 12, 31))
            snprintf(g_m[i].region_post, sizeof g_m[i].region_post, "%s", f[1]);
    }
    fclose(in);

    in = open_data(dir, "population.csv");
    if (!fgets(line, sizeof line, in))
        die("empty file", "population.csv");
    while (fgets(line, sizeof line, in)) {
        int n = csv_split(line, f, 16);
        if (n < 3)
            continue;
        int i = muni_find(f[0]);
        if (i >= 0 && strcmp(f[1], "2016") == 0)
            g_m[i].population = strtoll(f[2], NULL, 10);
    }
    fclose(in);
    for (int i = 0; i < g_nm; i++) {
        if (g_m[i].pre && !g_m[i].region_pre[0])
            die("no region before 2021 for", g_m[i].atvk);
        if (g_m[i].post && !g_m[i].region_post[0])
            die("no region after 2021 for", g_m[i].atvk);
        /* Territories the population table does not list: a small novads. */
        if (g_m[i].pre && g_m[i].population == 0)
            g_m[i].population = 6000;
    }
}

/* The municipality a record of pre-reform territory `pre` names on `day`. */
static int muni_at(int pre, int64_t day) { return day < D(2021, 7, 1) ? pre : g_m[pre].successor_idx; }
static const char *region_at(int m, int64_t day)
{
    return day < D(2021, 7, 1) ? g_m[m].region_pre : g_m[m].region_post;
}

static const char *const REGIONS[] = {"RPR", "VPR", "KPR", "LPR", "ZPR"};
enum { NREGIONS = 5 };

/* ---------------------------------------------------------------- output */

typedef struct out {
    FILE *f;
    const char *kind;
    int64_t rows;
} out;

static const char *g_dir;

static void out_open(out *o, const char *kind, const char *header)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.csv", g_dir, kind);
    o->f = fopen(path, "w");
    if (!o->f)
        die("cannot write", path);
    /* A large buffer: the deliveries file is tens of megabytes. */
    setvbuf(o->f, NULL, _IOFBF, 1 << 20);
    o->kind = kind;
    o->rows = 0;
    fprintf(o->f, "%s\n", header);
}

static void out_close(out *o)
{
    if (fclose(o->f) != 0)
        die("cannot finish writing", o->kind);
    printf("%-22s %10" PRId64 " rows\n", o->kind, o->rows);
}

/* ------------------------------------------------------------- people */

static const char *const GIVEN_F[] = {"Anna",  "Ilze",   "Marta", "Līga",   "Inese", "Kristīne", "Dace",  "Laura",
                                      "Sanita", "Zane",  "Agnese", "Evita", "Baiba", "Elīna",    "Rūta",  "Daiga"};
static const char *const GIVEN_M[] = {"Jānis",  "Pēteris", "Andris", "Māris", "Edgars", "Kārlis", "Roberts", "Artūrs",
                                      "Mārtiņš", "Toms",   "Uldis",  "Raimonds", "Gints", "Aigars", "Juris", "Oskars"};
static const char *const FAMILY_M[] = {"Bērziņš", "Kalniņš", "Ozoliņš", "Jansons", "Liepiņš", "Krūmiņš", "Balodis",
                                       "Zariņš",  "Pētersons", "Vītols", "Kļaviņš", "Eglītis", "Lapiņš", "Ozols"};
static const char *const FAMILY_F[] = {"Bērziņa", "Kalniņa", "Ozoliņa", "Jansone", "Liepiņa", "Krūmiņa", "Balode",
                                       "Zariņa",  "Pētersone", "Vītola", "Kļaviņa", "Eglīte", "Lapiņa", "Ozola"};
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Old-format personal code DDMMYY-CNNNZ: serials are handed out per birth
 * date so that no two clients share a code. */
static uint16_t *g_serial; /* per day since 1900-01-01 */
static int64_t g_new_codes;

static void old_code(int64_t birth, char out_code[13])
{
    int y, m, d;
    civil_from_days(birth, &y, &m, &d);
    int64_t k = birth - D(1900, 1, 1);
    if (k < 0 || k >= 200 * 366)
        die("birth date out of range", NULL);
    int serial = g_serial[k]++;
    if (serial > 999)
        die("more than 1000 clients born on one day", NULL);
    char digits[32];
    snprintf(digits, sizeof digits, "%02d%02d%02d%d%03d", d % 100, m % 100, y % 100, y >= 2000 ? 2 : 1, serial % 1000);
    static const int w[10] = {1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 10; i++)
        sum += w[i] * (digits[i] - '0');
    int check = ((1101 - sum) % 11 + 11) % 11 % 10;
    snprintf(out_code, 13, "%.6s-%.4s%d", digits, digits + 6, check % 10);
}

/* New-format code 3[2-9]NNNN-NNNNN with the check digit. */
static void new_code(char out_code[13])
{
    int64_t n = g_new_codes++;
    char digits[32];
    snprintf(digits, sizeof digits, "3%d%08" PRId64, 2 + (int)(n / 100000000 % 8), n % 100000000);
    static const int w[10] = {1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 10; i++)
        sum += w[i] * (digits[i] - '0');
    int check = ((1101 - sum) % 11 + 11) % 11 % 10;
    snprintf(out_code, 13, "%.6s-%.4s%d", digits, digits + 6, check % 10);
}

/* ------------------------------------------------------------ services */

typedef enum svc {
    S_DAY_CARE, S_GROUP_HOME, S_WORKSHOP, S_RESPITE, S_HOME_CARE, S_CARE, S_CONSULT, S_SUPPORT_GROUPS,
    S_FAMILY_LIKE, S_POOL, S_MONTESSORI, S_HIPPO, S_MUSIC, S_PHYSIO, S_ERGO, S_MULTI, S_SAND, NSVC
} svc;
static const char *const SVC[NSVC] = {"day_care",     "group_home",   "workshop",  "respite",    "home_care",
                                      "care",         "specialist_consultations", "support_groups",
                                      "family_like_care", "adapted_pool", "montessori", "hippotherapy",
                                      "music_therapy", "physiotherapy", "occupational_therapy", "multisensory",
                                      "warm_sand"};

typedef enum tg { T_GRT, T_FT, T_PARENTS, T_BSAC } tg;
static const char *const TG[] = {"grt", "ft", "parents", "bsac"};

/* ------------------------------------------------------------- the data */

typedef struct prov_rec {
    int muni_pre;   /* pre-reform territory it lies in */
    int64_t id;
    int64_t facility;
} prov_rec;

static prov_rec *g_prov;
static int64_t g_nprov;
/* providers of each successor municipality: first index and count */
static int64_t *g_prov_first, *g_prov_count;

static int64_t provider_in(int pre)
{
    int post = g_m[pre].successor_idx;
    if (g_prov_count[post] == 0)
        return 0;
    return g_prov[g_prov_first[post] + below(g_prov_count[post])].id;
}

typedef struct options {
    const char *data;
    const char *out;
    double scale;
    uint64_t seed;
} options;

static void usage(void)
{
    fprintf(stderr, "usage: kopa_gen --data DIR --out DIR [--scale X] [--seed N]\n"
                    "Writes a synthetic national dataset as CSV files in the import format\n"
                    "(docs/import.md). Scale 1: about 30 000 clients and 1 000 000 deliveries.\n");
    exit(2);
}

static options parse_options(int argc, char **argv)
{
    options o = {.data = NULL, .out = NULL, .scale = 1.0, .seed = 2017};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            usage();
        if (!v)
            usage();
        char *end = NULL;
        errno = 0;
        if (strcmp(a, "--data") == 0)
            o.data = v;
        else if (strcmp(a, "--out") == 0)
            o.out = v;
        else if (strcmp(a, "--scale") == 0) {
            o.scale = strtod(v, &end);
            if (errno || !end || *end || !(o.scale > 0.0) || o.scale > 20.0)
                die("--scale takes a number above 0 and at most 20", v);
        } else if (strcmp(a, "--seed") == 0) {
            o.seed = strtoull(v, &end, 10);
            if (errno || !end || *end)
                die("--seed takes a whole number", v);
        } else
            usage();
        i++;
    }
    if (!o.data || !o.out)
        usage();
    return o;
}

/* A pre-reform territory picked in proportion to its population. */
static int64_t *g_cum;
static int *g_pre_idx;
static int g_npre;
static int pick_pre(void)
{
    int64_t r = below(g_cum[g_npre - 1]);
    int lo = 0, hi = g_npre - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (g_cum[mid] > r)
            hi = mid;
        else
            lo = mid + 1;
    }
    return g_pre_idx[lo];
}

/* An assignment being generated, with its deliveries. */
typedef struct gen {
    out clients, residences, assessments, providers, facilities, facility_services, plans, items, assignments,
        deliveries, projects, requests, payments, objects, amendments, changes, cooperation, indicators, values;
    int64_t next_residence, next_assessment, next_plan, next_item, next_assignment, next_delivery;
    int64_t data_end; /* last day of the data */
} gen;

/* Writes one assignment of `s` for `client` over [start, end] and its
 * deliveries: `n` deliveries of `per` units spread over the period. */
static void assign(gen *g, int64_t client, int64_t item, svc s, int64_t provider, int64_t start, int64_t end,
                   int64_t units, int hours_per_week, const char *mode, int n, int per)
{
    int64_t id = ++g->next_assignment;
    char hours[8] = "";
    if (hours_per_week)
        snprintf(hours, sizeof hours, "%d", hours_per_week);
    char item_s[24] = "", prov_s[24] = "";
    if (item)
        snprintf(item_s, sizeof item_s, "%" PRId64, item);
    if (provider)
        snprintf(prov_s, sizeof prov_s, "%" PRId64, provider);
    int64_t decided = start - between(5, 20);
    fprintf(g->assignments.f, "%" PRId64 ",%" PRId64 ",%s,%s,%s,%s,%s,%" PRId64 ",%s,%s,%s,%d\n", id, client, item_s,
            SVC[s], prov_s, ds(start).s, ds(end).s, units, hours, mode ? mode : "", ds(decided).s,
            chance(920) ? 1 : 0);
    g->assignments.rows++;
    if ((int64_t)n * per > units)
        n = (int)(units / per);
    int64_t span = end - start + 1;
    if (n > span)
        n = (int)span;
    for (int k = 0; k < n; k++) {
        /* Evenly spread days, one delivery a day at most. */
        int64_t day = start + (span * k) / n + below(span / n > 1 ? span / n : 1);
        if (day > end)
            day = end;
        if (day > g->data_end)
            break;
        bool confirmed = day < g->data_end - 60 ? chance(985) : chance(300);
        fprintf(g->deliveries.f, "%" PRId64 ",%" PRId64 ",%s,%d,%d\n", ++g->next_delivery, id, ds(day).s, per,
                confirmed ? 1 : 0);
        g->deliveries.rows++;
    }
}

/* The services one client receives, year by year. */
static void client_services(gen *g, int64_t client, tg t, int pre, int64_t birth, int64_t reg, int parents_working)
{
    (void)parents_working;
    int first = year_of(reg);
    if (first < 2017)
        first = 2017;
    int last_year = year_of(g->data_end);
    int span = 1 + (int)(chance(450) ? 0 : chance(550) ? 1 : 2);
    int from = first, to = first + span - 1;
    if (to > last_year)
        to = last_year;
    int64_t prov = provider_in(pre);
    /* The support plan: version 1 when the services start; a second version
     * a year later for those who stay longer. */
    int64_t plan_start = reg > D(from, 1, 1) ? reg : D(from, 1, 1);
    int64_t plan1 = ++g->next_plan;
    bool two = to > from;
    int64_t plan2 = two ? ++g->next_plan : 0;
    fprintf(g->plans.f, "%" PRId64 ",%" PRId64 ",1,%s,%s,%s,%s,%s\n", plan1, client, two ? "superseded" : "approved",
            t == T_GRT ? "Dzīvot patstāvīgāk un apmeklēt dienas centru" : "Attīstīt prasmes ģimenē",
            ds(plan_start + 360).s, ds(plan_start).s, ds(plan_start + 5).s);
    g->plans.rows++;
    int64_t plan2_start = D(from + 1, 1, 10);
    if (two) {
        fprintf(g->plans.f, "%" PRId64 ",%" PRId64 ",2,approved,Turpināt atbalstu,%s,%s,%s\n", plan2, client,
                ds(plan2_start + 360).s, ds(plan2_start).s, ds(plan2_start + 5).s);
        g->plans.rows++;
    }
    /* Social rehabilitation for children and parents: at most two kinds a
     * person, ten sessions each, once (Kurzeme's rules, kept everywhere). */
    int rehab_given = 0;
    svc rehab_first = NSVC;
    for (int y = from; y <= to; y++) {
        int64_t ys = D(y, 1, 1) > plan_start ? D(y, 1, 1) : plan_start;
        int64_t ye = D(y, 12, 31);
        if (ys > ye || ys > g->data_end)
            break;
        int64_t plan = y > from && two ? plan2 : plan1;
        struct want {
            svc s;
            int per_mille;
        } wants[8];
        int nw = 0;
        switch (t) {
        case T_GRT:
            wants[nw++] = (struct want){S_DAY_CARE, 520};
            wants[nw++] = (struct want){S_WORKSHOP, 160};
            wants[nw++] = (struct want){S_GROUP_HOME, 90};
            wants[nw++] = (struct want){S_HOME_CARE, 120};
            wants[nw++] = (struct want){S_CONSULT, 300};
            wants[nw++] = (struct want){S_RESPITE, 100};
            wants[nw++] = (struct want){S_SUPPORT_GROUPS, 150};
            break;
        case T_FT:
            wants[nw++] = (struct want){S_DAY_CARE, 250};
            if (age_on(birth, ye) <= 17)
                wants[nw++] = (struct want){S_CARE, 350};
            wants[nw++] = (struct want){S_RESPITE, 120};
            wants[nw++] = (struct want){S_CONSULT, 200};
            wants[nw++] = (struct want){S_POOL, 300};
            break;
        case T_PARENTS:
            wants[nw++] = (struct want){S_SUPPORT_GROUPS, 450};
            wants[nw++] = (struct want){S_CONSULT, 300};
            wants[nw++] = (struct want){S_MUSIC, 150};
            break;
        case T_BSAC:
            wants[nw++] = (struct want){S_FAMILY_LIKE, 550};
            break;
        }
        for (int w = 0; w < nw; w++) {
            svc s = wants[w].s;
            if (!chance(wants[w].per_mille))
                continue;
            /* The item of the plan in force that covers this year. */
            int64_t item = 0;
            if (chance(800)) {
                item = ++g->next_item;
                fprintf(g->items.f, "%" PRId64 ",%" PRId64 ",%s,%d,,%s,%s,\n", item, plan, SVC[s], 60, ds(ys).s,
                        ds(ye).s);
                g->items.rows++;
            }
            switch (s) {
            case S_DAY_CARE:
            case S_WORKSHOP:
            case S_FAMILY_LIKE:
                assign(g, client, item, s, prov, ys, ye, 60, 0, NULL, (int)between(24, 36), 1);
                break;
            case S_GROUP_HOME:
                assign(g, client, item, s, prov, ys, ye, 12, 0, NULL, 12, 1);
                break;
            case S_HOME_CARE:
                assign(g, client, item, s, prov, ys, ye, 120, 0, NULL, (int)between(30, 45), 2);
                break;
            case S_CARE:
                /* Ten hours a week is within every care limit (10 or 50). */
                assign(g, client, item, s, prov, ys, ye, 300, 10, NULL, (int)between(30, 45), 3);
                break;
            case S_CONSULT:
                assign(g, client, item, s, prov, ys, ye, 12, 0, NULL, (int)between(4, 8), 1);
                break;
            case S_SUPPORT_GROUPS:
                assign(g, client, item, s, prov, ys, ye, 12, 0, NULL, (int)between(6, 12), 1);
                break;
            case S_RESPITE: {
                /* Ten days in one stretch, within the 30-day yearly limit. */
                int64_t rs = ys + below(ye - ys > 20 ? ye - ys - 15 : 1);
                if (rs + 9 > ye)
                    rs = ye - 9 >= ys ? ye - 9 : ys;
                int64_t re = rs + 9 <= ye ? rs + 9 : ye;
                assign(g, client, item, s, prov, rs, re, 10, 0, chance(500) ? "full" : "day", 5, 2);
                break;
            }
            case S_POOL:
            case S_MUSIC: {
                if (rehab_given >= 2)
                    break;
                svc kind = s;
                if (rehab_given == 1) {
                    static const svc others[] = {S_MONTESSORI, S_HIPPO, S_PHYSIO, S_ERGO, S_MULTI, S_SAND};
                    kind = others[below(COUNT(others))];
                    if (kind == rehab_first)
                        break;
                } else {
                    rehab_first = kind;
                }
                rehab_given++;
                assign(g, client, item, kind, prov, ys, ye, 10, 0, NULL, 10, 1);
                break;
            }
            default:
                break;
            }
        }
    }
}

/* A residence history: from where the person lived when registered. */
static void residences(gen *g, int64_t client, tg t, int pre, int64_t birth, int64_t reg)
{
    int64_t start = reg - between(200, 1500);
    if (start < birth)
        start = birth;
    /* After the last territory of 2009-2021 was formed (1 July 2010). */
    if (start < D(2011, 1, 1))
        start = D(2011, 1, 1) > birth ? D(2011, 1, 1) : birth;
    const char *first = t == T_BSAC ? "children_institution"
                        : t == T_GRT && chance(250) ? "vsac"
                        : t == T_PARENTS ? "own_home"
                        : "family";
    bool moves = (t == T_GRT && strcmp(first, "vsac") == 0 && chance(500)) || (t == T_BSAC && chance(400));
    int64_t move = reg + between(100, 900);
    if (move > g->data_end)
        moves = false;
    fprintf(g->residences.f, "%" PRId64 ",%" PRId64 ",%s,%s,,%s,%s\n", ++g->next_residence, client, first,
            g_m[muni_at(pre, start)].atvk, ds(start).s, moves ? ds(move - 1).s : "");
    g->residences.rows++;
    if (moves) {
        const char *next = t == T_BSAC ? (chance(500) ? "foster_family" : "family_like_care")
                                       : (chance(600) ? "group_home" : "own_home");
        fprintf(g->residences.f, "%" PRId64 ",%" PRId64 ",%s,%s,,%s,\n", ++g->next_residence, client, next,
                g_m[muni_at(pre, move)].atvk, ds(move).s);
        g->residences.rows++;
    }
}

static void assessments(gen *g, int64_t client, tg t, int64_t reg)
{
    static const int rounds[][3] = {{2016, 5, 1}, {2019, 4, 1}, {2021, 9, 1}};
    static const char *const assessors[] = {"Dr. Liepa", "Dr. Kalna", "SIA Izvērtējums", "Dr. Ozola"};
    for (int r = 0; r < 3; r++) {
        int64_t on = D(rounds[r][0], rounds[r][1], rounds[r][2]) + below(120);
        if (on < reg || on > g->data_end || !chance(r == 0 ? 700 : 550))
            continue;
        const char *place = t == T_BSAC ? "institution" : t == T_GRT && chance(300) ? "vsac" : "family";
        const char *needs = t == T_GRT      ? (chance(500) ? "day_care|group_home" : "day_care|specialist_consultations|workshop")
                            : t == T_FT     ? (chance(500) ? "care|day_care|respite" : "adapted_pool|care")
                            : t == T_BSAC   ? "family_like_care"
                                            : "support_groups";
        fprintf(g->assessments.f, "%" PRId64 ",%" PRId64 ",%d,%s,%s,%s,%s\n", ++g->next_assessment, client, r + 1,
                ds(on).s, place, assessors[below(COUNT(assessors))], needs);
        g->assessments.rows++;
    }
}

/* ------------------------------------------------------------- programme */

static void programme(gen *g, double scale)
{
    /* Projects: one ESF project per region. */
    int64_t budgets[NREGIONS];
    for (int r = 0; r < NREGIONS; r++) {
        budgets[r] = (int64_t)(between(6000000, 16000000) * scale + 100000) * 100;
        int64_t esf = budgets[r] / 100 * 85;
        fprintf(g->projects.f, "%d,9.2.2.1/15/I/%03d,%s: sabiedrībā balstīti pakalpojumi,%s,2016-01-01,2023-12-31,%" PRId64
                ".%02d,%" PRId64 ".%02d,%" PRId64 ".%02d\n",
                r + 1, r + 1, REGIONS[r], REGIONS[r], budgets[r] / 100, (int)(budgets[r] % 100), esf / 100,
                (int)(esf % 100), (budgets[r] - esf) / 100, (int)((budgets[r] - esf) % 100));
        g->projects.rows++;
    }
    /* Payment requests: every half year. */
    int64_t id = 0;
    for (int r = 0; r < NREGIONS; r++)
        for (int h = 0; h < 16; h++) {
            int y = 2016 + h / 2;
            int64_t ps = D(y, h % 2 ? 7 : 1, 1), pe = h % 2 ? D(y, 12, 31) : D(y, 6, 30);
            int64_t amount = between(100000, budgets[r] / 20 > 100001 ? budgets[r] / 20 : 100001);
            fprintf(g->requests.f, "%" PRId64 ",9.2.2.1/15/I/%03d,%d,%s,%s,%s,%" PRId64 ".%02d\n", ++id, r + 1, h + 1,
                    ds(ps).s, ds(pe).s, ds(pe + 20).s, amount / 100, (int)(amount % 100));
            g->requests.rows++;
        }
    /* Compensation payments: every municipality, every quarter, to the
     * project of the region it belonged to then. */
    id = 0;
    for (int q = 0; q < 28; q++) {
        int y = 2017 + q / 4, mo = 1 + 3 * (q % 4);
        int64_t ps = D(y, mo, 1), pe = D(mo == 10 ? y + 1 : y, mo == 10 ? 1 : mo + 3, 1) - 1;
        for (int m = 0; m < g_nm; m++) {
            bool valid = ps < D(2021, 7, 1) ? g_m[m].pre : g_m[m].post;
            if (!valid)
                continue;
            const char *reg = region_at(m, ps);
            int r = 0;
            while (r < NREGIONS && strcmp(REGIONS[r], reg) != 0)
                r++;
            if (r == NREGIONS)
                die("unknown region", reg);
            int64_t amount = (int64_t)(between(50000, 3000000) * scale) + 1;
            fprintf(g->payments.f, "%" PRId64 ",9.2.2.1/15/I/%03d,%s,%s,%s,%s,%" PRId64 ".%02d,,\n", ++id, r + 1,
                    g_m[m].atvk, ds(ps).s, ds(pe).s, ds(pe + 25).s, amount / 100, (int)(amount % 100));
            g->payments.rows++;
        }
    }

    /* DI plan: objects in each region's municipalities, amendments and what
     * they changed. */
    static const struct {
        svc s;
        tg t;
        const char *what;
    } kinds[] = {{S_DAY_CARE, T_GRT, "Dienas aprūpes centrs"},  {S_GROUP_HOME, T_GRT, "Grupu māja"},
                 {S_WORKSHOP, T_GRT, "Specializētā darbnīca"},  {S_DAY_CARE, T_FT, "Dienas aprūpes centrs bērniem"},
                 {S_RESPITE, T_FT, "Atelpas brīža centrs"},      {S_FAMILY_LIKE, T_BSAC, "Ģimeniskai videi pietuvināts pakalpojums"}};
    static const char *const STATUS[] = {"planned", "building", "registered", "operating", "operating", "cancelled"};
    int64_t obj = 0, amendment = 0, change = 0;
    enum { MAX_OBJECTS = 1024, MAX_AMENDMENTS = 8 };
    for (int r = 0; r < NREGIONS; r++) {
        /* The objects first, in memory: the import wants each object's
         * history to chain (each change starts from the value the previous
         * left, none before the object entered the plan, the last leaves the
         * value the object holds), so an object's places are known only
         * after its amendments. */
        static struct {
            int m, kind;
            int64_t added, places, erdf;
            const char *status;
        } ob[MAX_OBJECTS];
        int nobj = 0;
        for (int m = 0; m < g_nm; m++) {
            if (!g_m[m].pre || strcmp(g_m[m].region_pre, REGIONS[r]) != 0)
                continue;
            int k = g_m[m].population > 20000 ? 3 : chance(350) ? 1 : 0;
            for (int j = 0; j < k; j++) {
                if (nobj == MAX_OBJECTS)
                    die("too many plan objects in region", REGIONS[r]);
                ob[nobj].m = m;
                ob[nobj].kind = (int)below(COUNT(kinds));
                ob[nobj].added = D(2017, 3, 1) + below(D(2020, 12, 31) - D(2017, 3, 1));
                ob[nobj].places = between(4, 20);
                ob[nobj].erdf = between(5000000, 60000000);
                ob[nobj].status = STATUS[below(COUNT(STATUS))];
                nobj++;
            }
        }
        int64_t first_obj = obj + 1;
        int na = (int)between(3, MAX_AMENDMENTS);
        for (int a = 1; a <= na && nobj > 0; a++) {
            int64_t on = D(2017, 6, 1) + (int64_t)(a - 1) * 200 + below(60);
            fprintf(g->amendments.f, "%" PRId64 ",%s,%d,%s,Grozījumi Nr. %d: vietu skaits un statuss\n", ++amendment,
                    REGIONS[r], a, ds(on).s, a);
            g->amendments.rows++;
            /* Up to three objects already in the plan on that day, each
             * changed once by this amendment. */
            int picked[3], npicked = 0;
            for (int c = 0; c < 3; c++) {
                int o = (int)below(nobj);
                bool again = ob[o].added > on;
                for (int i = 0; i < npicked; i++)
                    again = again || picked[i] == o;
                if (again)
                    continue;
                picked[npicked++] = o;
                int64_t after = ob[o].places + between(1, 10);
                fprintf(g->changes.f, "%" PRId64 ",%" PRId64 ",%" PRId64 ",places,%" PRId64 ",%" PRId64 "\n", ++change,
                        amendment, first_obj + o, ob[o].places, after);
                g->changes.rows++;
                ob[o].places = after;
            }
        }
        for (int o = 0; o < nobj; o++) {
            int m = ob[o].m, kind = ob[o].kind;
            fprintf(g->objects.f, "%" PRId64 ",%s,%s,%s %s,%s,%s,%" PRId64 ",%" PRId64 ".%02d,%s,%s,\n", ++obj,
                    REGIONS[r], g_m[m].atvk, kinds[kind].what, g_m[m].name, TG[kinds[kind].t], SVC[kinds[kind].s],
                    ob[o].places, ob[o].erdf / 100, (int)(ob[o].erdf % 100), ob[o].status, ds(ob[o].added).s);
            g->objects.rows++;
        }
        /* Cooperation between neighbours of the same region (2021 territories). */
        int posts[64], np = 0;
        for (int m = 0; m < g_nm && np < 64; m++)
            if (g_m[m].post && strcmp(g_m[m].region_post, REGIONS[r]) == 0)
                posts[np++] = m;
        for (int c = 0; c + 1 < np && c < 6; c++) {
            static int64_t coop = 0;
            fprintf(g->cooperation.f, "%" PRId64 ",%s,%s,%s,%s,%s,%" PRId64 "\n", ++coop, g_m[posts[c]].atvk,
                    g_m[posts[c + 1]].atvk, c % 2 ? "group_home" : "day_care", "grt", c % 3 ? "existing" : "planned",
                    between(2, 10));
            g->cooperation.rows++;
        }
    }

    /* Indicators: the computed ones of every region and two entered ones
     * with a value a year. */
    static const char *const COMPUTED[] = {"grt_assessed", "ft_assessed", "bsac_assessed", "grt_receiving_esf_services",
                                           "ft_receiving_esf_services", "grt_started_independent_life",
                                           "community_service_providers", "day_care_centres_grt", "day_care_centres_ft",
                                           "group_homes", "specialised_workshops", "respite_providers",
                                           "social_rehab_providers", "family_like_care_providers"};
    int64_t ind = 0, val = 0;
    for (int r = 0; r < NREGIONS; r++) {
        for (int c = 0; c < COUNT(COMPUTED); c++) {
            fprintf(g->indicators.f, "%" PRId64 ",%s,%s,output,Rādītājs %s,Indicator %s,computed,%s,,,,2023,%" PRId64
                    ",%d\n",
                    ++ind, REGIONS[r], COMPUTED[c], COMPUTED[c], COMPUTED[c], COMPUTED[c],
                    (int64_t)(between(50, 800) * scale) + 1, c + 1);
            g->indicators.rows++;
        }
        static const char *const ENTERED[] = {"places_created", "persons_left_institutions"};
        for (int e = 0; e < 2; e++) {
            fprintf(g->indicators.f, "%" PRId64 ",%s,%s,result,Ievadīts rādītājs %d,Entered indicator %d,entered,,region,2016,0,2023,%"
                    PRId64 ",%d\n",
                    ++ind, REGIONS[r], ENTERED[e], e + 1, e + 1, between(50, 300), 100 + e);
            g->indicators.rows++;
            for (int y = 2017; y <= 2023; y++) {
                fprintf(g->values.f, "%" PRId64 ",%" PRId64 ",%d,%" PRId64 ",Koordinatore,%d-01-15\n", ++val, ind, y,
                        between(0, 60), y + 1);
                g->values.rows++;
            }
        }
    }
}

/* ----------------------------------------------------------------- main */

int main(int argc, char **argv)
{
    options o = parse_options(argc, argv);
    g_rng = o.seed;
    load_catalogues(o.data);
    if (mkdir(o.out, 0700) != 0 && errno != EEXIST)
        die("cannot create", o.out);
    g_dir = o.out;

    gen g;
    memset(&g, 0, sizeof g);
    g.data_end = D(2023, 12, 31);
    out_open(&g.clients, "clients",
             "id,personal_code,code_since,given_name,family_name,birth_date,municipality,parish,target_group,"
             "representative_id,disability_group,special_care_from,parents_working,registered_on");
    out_open(&g.residences, "residences", "id,client_id,kind,municipality,parish,start_date,end_date");
    out_open(&g.assessments, "assessments", "id,client_id,round,assessed_on,place,assessor,needs");
    out_open(&g.providers, "providers", "id,name,reg_no,municipality,registered_on,closed_on");
    out_open(&g.facilities, "facilities", "id,provider_id,name,address,municipality,opened_on,closed_on");
    out_open(&g.facility_services, "facility_services", "id,facility_id,service,target_group,places,valid_from,valid_to");
    out_open(&g.plans, "support_plans", "id,client_id,version,status,goals,review_on,created_on,approved_on");
    out_open(&g.items, "plan_items", "id,plan_id,service,volume,provider_id,start_date,end_date,goal");
    out_open(&g.assignments, "assignments",
             "id,client_id,plan_item_id,service,provider_id,start_date,end_date,units,hours_per_week,mode,decided_on,"
             "esf_funded");
    out_open(&g.deliveries, "deliveries", "id,assignment_id,delivered_on,units,confirmed");
    out_open(&g.projects, "projects", "id,number,name,region,start_date,end_date,budget,esf,state");
    out_open(&g.requests, "payment_requests", "id,project,number,period_start,period_end,submitted_on,amount");
    out_open(&g.payments, "compensation_payments",
             "id,project,municipality,period_start,period_end,paid_on,amount,esf,state");
    out_open(&g.objects, "plan_objects",
             "id,region,municipality,name,target_group,service,places,erdf,status,added_on,facility_id");
    out_open(&g.amendments, "plan_amendments", "id,region,number,approved_on,reason");
    out_open(&g.changes, "plan_object_changes", "id,amendment_id,object_id,field,old_value,new_value");
    out_open(&g.cooperation, "cooperation", "id,municipality,partner,service,target_group,kind,places");
    out_open(&g.indicators, "indicators",
             "id,region,key,kind,name_lv,name_en,source,computation,entered_by_role,baseline_year,baseline,target_year,"
             "target,sort");
    out_open(&g.values, "indicator_values", "id,indicator_id,period_year,value,entered_by,entered_on");

    /* Population weights of the pre-reform territories. */
    g_pre_idx = xcalloc((size_t)g_nm, sizeof *g_pre_idx);
    g_cum = xcalloc((size_t)g_nm, sizeof *g_cum);
    int64_t total = 0;
    for (int m = 0; m < g_nm; m++)
        if (g_m[m].pre) {
            total += g_m[m].population;
            g_pre_idx[g_npre] = m;
            g_cum[g_npre++] = total;
        }
    if (g_npre == 0)
        die("no pre-reform municipalities in the catalogue", NULL);

    /* Providers: in every territory, about one per 12 000 inhabitants at
     * scale 1, each with one facility offering two or three services. */
    g_prov_first = xcalloc((size_t)g_nm, sizeof *g_prov_first);
    g_prov_count = xcalloc((size_t)g_nm, sizeof *g_prov_count);
    int64_t cap = 0;
    for (int post = 0; post < g_nm; post++) {
        if (!g_m[post].post)
            continue;
        g_prov_first[post] = g_nprov;
        for (int k = 0; k < g_npre; k++) {
            int pre = g_pre_idx[k];
            if (g_m[pre].successor_idx != post)
                continue;
            int64_t n = (int64_t)((double)g_m[pre].population / 12000.0 * o.scale) + 1;
            for (int64_t j = 0; j < n; j++) {
                if (g_nprov == cap) {
                    cap = cap ? cap * 2 : 256;
                    g_prov = xrealloc(g_prov, (size_t)cap * sizeof *g_prov);
                }
                prov_rec *p = &g_prov[g_nprov++];
                p->muni_pre = pre;
                p->id = g_nprov;
                p->facility = g_nprov;
                int64_t reg = D(2011, 1, 1) + below(1500); /* after the last territory of 2009-2021 was formed */
                fprintf(g.providers.f, "%" PRId64 ",%s %s %" PRId64 ",4000%07" PRId64 ",%s,%s,\n", p->id,
                        j % 2 ? "Biedrība" : "SIA Aprūpe", g_m[pre].name, j + 1, p->id, g_m[pre].atvk, ds(reg).s);
                g.providers.rows++;
                int64_t opened = D(2016, 1, 1) + below(365);
                fprintf(g.facilities.f, "%" PRId64 ",%" PRId64 ",Centrs %" PRId64 ",Skolas iela %" PRId64 ",%s,%s,\n",
                        p->facility, p->id, p->id, 1 + j, g_m[pre].atvk, ds(opened).s);
                g.facilities.rows++;
                static const struct {
                    svc s;
                    tg t;
                } offer[] = {{S_DAY_CARE, T_GRT}, {S_GROUP_HOME, T_GRT}, {S_WORKSHOP, T_GRT}, {S_DAY_CARE, T_FT},
                             {S_RESPITE, T_FT},   {S_CARE, T_FT},       {S_POOL, T_FT},     {S_FAMILY_LIKE, T_BSAC},
                             {S_SUPPORT_GROUPS, T_PARENTS}};
                int first = (int)below(COUNT(offer)), n_off = (int)between(2, 3);
                for (int f = 0; f < n_off; f++) {
                    int k2 = (first + f * 2) % COUNT(offer);
                    static int64_t fs = 0;
                    fprintf(g.facility_services.f, "%" PRId64 ",%" PRId64 ",%s,%s,%" PRId64 ",%s,\n", ++fs,
                            p->facility, SVC[offer[k2].s], TG[offer[k2].t], between(5, 40), ds(opened).s);
                    g.facility_services.rows++;
                }
            }
        }
        g_prov_count[post] = g_nprov - g_prov_first[post];
    }

    /* Clients: a parent is followed by the child they represent. */
    g_serial = xcalloc(200 * 366, sizeof *g_serial);
    int64_t nclients = (int64_t)(30000.0 * o.scale + 0.5);
    if (nclients < 10)
        nclients = 10;
    int64_t id = 0;
    int64_t reg_lo = D(2016, 1, 1), reg_hi = D(2023, 6, 30);
    while (id < nclients) {
        int pre = pick_pre();
        int64_t reg = reg_lo + below(reg_hi - reg_lo + 1);
        /* More registrations in the early years of the programme. */
        if (chance(400))
            reg = reg_lo + below((reg_hi - reg_lo) / 3);
        int roll = (int)below(100);
        tg t = roll < 47 ? T_GRT : roll < 77 ? T_FT : roll < 92 ? T_PARENTS : T_BSAC;
        int64_t parent_id = 0;
        if (t == T_FT && id + 2 <= nclients && chance(500)) {
            /* A parent registered with the child, then the child. */
            int64_t pb = D(1965, 1, 1) + below(D(1995, 12, 31) - D(1965, 1, 1));
            char code[13];
            old_code(pb, code);
            bool female = chance(800);
            parent_id = ++id;
            fprintf(g.clients.f, "%" PRId64 ",%s,,%s,%s,%s,%s,,parents,,,,,%s\n", parent_id, code,
                    female ? GIVEN_F[below(COUNT(GIVEN_F))] : GIVEN_M[below(COUNT(GIVEN_M))],
                    female ? FAMILY_F[below(COUNT(FAMILY_F))] : FAMILY_M[below(COUNT(FAMILY_M))], ds(pb).s,
                    g_m[muni_at(pre, reg)].atvk, ds(reg).s);
            g.clients.rows++;
            residences(&g, parent_id, T_PARENTS, pre, pb, reg);
            assessments(&g, parent_id, T_PARENTS, reg);
            client_services(&g, parent_id, T_PARENTS, pre, pb, reg, 0);
        }
        int64_t birth;
        if (t == T_FT || t == T_BSAC)
            birth = reg - between(366, 17 * 365);
        else
            birth = D(1950, 1, 1) + below(D(1997, 12, 31) - D(1950, 1, 1)); /* adults in 2016 */
        char code[13];
        if (reg >= D(2018, 1, 1) && chance(40) && t != T_FT && t != T_BSAC)
            new_code(code);
        else
            old_code(birth, code);
        bool female = chance(500);
        int pw = t == T_FT ? (int)chance(600) : -1;
        char rep[24] = "", dis[4] = "", special[12] = "", pws[4] = "";
        if (parent_id)
            snprintf(rep, sizeof rep, "%" PRId64, parent_id);
        if (t == T_GRT)
            snprintf(dis, sizeof dis, "%d", chance(400) ? 1 : 2);
        if (t == T_FT && chance(300))
            snprintf(special, sizeof special, "%s", ds(reg - below(300)).s);
        if (pw >= 0)
            snprintf(pws, sizeof pws, "%d", pw);
        int64_t cid = ++id;
        fprintf(g.clients.f, "%" PRId64 ",%s,,%s,%s,%s,%s,,%s,%s,%s,%s,%s,%s\n", cid, code,
                female ? GIVEN_F[below(COUNT(GIVEN_F))] : GIVEN_M[below(COUNT(GIVEN_M))],
                female ? FAMILY_F[below(COUNT(FAMILY_F))] : FAMILY_M[below(COUNT(FAMILY_M))], ds(birth).s,
                g_m[muni_at(pre, reg)].atvk, TG[t], rep, dis, special[0] && strcmp(special, ds(birth).s) >= 0 ? special : "",
                pws, ds(reg).s);
        g.clients.rows++;
        residences(&g, cid, t, pre, birth, reg);
        assessments(&g, cid, t, reg);
        client_services(&g, cid, t, pre, birth, reg, pw);
    }

    programme(&g, o.scale);

    out *all[] = {&g.clients,     &g.residences, &g.assessments, &g.providers,  &g.facilities,
                  &g.facility_services, &g.plans, &g.items,       &g.assignments, &g.deliveries,
                  &g.projects,    &g.requests,   &g.payments,    &g.objects,    &g.amendments,
                  &g.changes,     &g.cooperation, &g.indicators, &g.values};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        out_close(all[i]);
    /* former_codes: an empty file, so that every kind has one. */
    out fc;
    out_open(&fc, "former_codes", "id,client_id,personal_code,valid_from,valid_to");
    out_close(&fc);
    free(g_serial);
    free(g_prov);
    free(g_prov_first);
    free(g_prov_count);
    free(g_pre_idx);
    free(g_cum);
    free(g_m);
    return 0;
}
