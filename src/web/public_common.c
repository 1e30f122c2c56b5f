/* What the public catalogue's page and JSON share (public_common.h). */
#include "web/public_common.h"
#include "web/page_strings.h"
#include "web/ratelimit.h"
#include "service/access.h"
#include "core/date.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define STRINGS(X)                                                                                                  \
    X(T_THROTTLED, "Pārāk daudz pieprasījumu no šīs adreses. Mēģiniet vēlreiz pēc (sekundēm)",                     \
      "Too many requests from this address. Try again in (seconds)")                                               \
    X(T_AVAILABLE, "ir brīvas vietas", "places available")                                                          \
    X(T_NONE, "nav brīvu vietu", "no free places")                                                                  \
    X(T_WAITING, "rinda", "waiting list")                                                                           \
    X(T_UNKNOWN, "nav ziņu", "not known")                                                                           \
    X(T_AT_MOST, "ne vairāk kā", "at most")                                                                         \
    X(T_PER_YEAR, "kalendārajā gadā", "a calendar year")                                                            \
    X(T_PER_WEEK, "stundas nedēļā", "hours a week")                                                                 \
    X(T_SERVICES_PER_PERSON, "pakalpojumi vienai personai gadā", "services per person a year")                     \
    X(T_SESSIONS_PER_SERVICE, "nodarbības vienā kursā", "sessions in one course")                                  \
    X(T_AGE, "vecumā (gadi)", "aged (years)")                                                                       \
    X(T_PARENTS_WORK, "ja vecāki strādā", "when the parents work")                                                  \
    X(T_PARENTS_DONT, "ja vecāki nestrādā", "when the parents do not work")                                        \
    X(T_ONLY_REGION, "tikai plānošanas reģionā", "only in planning region")                                         \
    X(T_FOR_GROUP, "grupai", "for")                                                                                 \
    X(T_U_DAY, "dienas", "days")                                                                                    \
    X(T_U_HOUR, "stundas", "hours")                                                                                 \
    X(T_U_NIGHT, "naktis", "nights")                                                                                \
    X(T_U_SESSION, "nodarbības", "sessions")                                                                        \
    X(T_U_MONTH, "mēneši", "months")                                                                                \
    X(T_APPLY, "Pakalpojumu piešķir pašvaldības sociālais dienests. Iesniedziet iesniegumu sociālajā dienestā "     \
               "klātienē, pa pastu vai e-pastā ar drošu elektronisko parakstu; sociālais darbinieks izvērtēs "      \
               "vajadzības, vienosies par atbalsta plānu un pieņems lēmumu. Bērna vārdā iesniegumu iesniedz "        \
               "vecāks vai cits likumiskais pārstāvis.",                                                            \
      "The municipality's social service grants the service. Hand in an application at the social service in "    \
      "person, by post or by e-mail with a secure electronic signature; a social worker assesses the needs, "      \
      "agrees a support plan and decides. For a child, a parent or other legal representative applies.")          \
    X(A_DAY_CARE, "Dienas laikā: aprūpe, sociālo prasmju attīstīšana, nodarbības un brīvā laika pavadīšana.",     \
      "During the day: care, developing social skills, activities and leisure.")                                  \
    X(A_GROUP_HOME, "Dzīvoklis ar atbalstu pieaugušajiem, kuri ar sociālā darbinieka palīdzību var dzīvot "        \
                    "patstāvīgāk.",                                                                                 \
      "Supported housing for adults who can live more independently with a social worker's help.")                \
    X(A_WORKSHOP, "Darba prasmju apguve un nodarbinātība specializētā darbnīcā.",                                  \
      "Learning work skills and being occupied in a specialised workshop.")                                       \
    X(A_RESPITE, "Īslaicīga aprūpe ar izmitināšanu, lai ģimene, kas rūpējas par tuvinieku, var atpūsties.",       \
      "Short-term care with a place to stay, so that the family caring for the person can rest.")                 \
    X(A_HOME_CARE, "Palīdzība mājās ikdienas darbos un pašaprūpē.", "Help at home with daily tasks and self-care.") \
    X(A_CARE, "Aprūpe bērnam ar funkcionāliem traucējumiem, kamēr vecāki strādā vai atpūšas.",                     \
      "Care for a child with functional impairments while the parents work or rest.")                             \
    X(A_SOCIAL_REHAB, "Nodarbības un terapijas, kas uztur un attīsta prasmes: baseins, hipoterapija, mūzikas "     \
                      "terapija, fizioterapija, ergoterapija u. c.",                                                \
      "Sessions and therapies that keep and develop skills: pool, hippotherapy, music therapy, physiotherapy, "   \
      "occupational therapy and more.")                                                                            \
    X(A_SPECIALIST, "Psihologa, speciālā pedagoga, fizioterapeita un citu speciālistu konsultācijas un "           \
                    "individuāls atbalsts.",                                                                        \
      "Consultations and individual support from a psychologist, special educator, physiotherapist and others.")  \
    X(A_SUPPORT_GROUPS, "Atbalsta grupas un grupu nodarbības klientiem un viņu tuviniekiem.",                      \
      "Support groups and group sessions for clients and their families.")                                        \
    X(A_FAMILY_LIKE, "Dzīve nelielā grupā ģimenei līdzīgā vidē bērniem, kuri aug ārpus ģimenes.",                  \
      "Living in a small group in a family-like home, for children growing up outside their family.")
KP_PAGE_STRINGS(STRINGS);

int kp_public_gate(kp_req *r)
{
    int64_t retry = 0;
    if (kp_rate_allow(&r->ctx, "public", r->address, r->now, KP_PUBLIC_RATE_MAX, KP_PUBLIC_RATE_WINDOW, &retry))
        return 0;
    kp_add_header(r, "Retry-After", kp_arena_printf(&r->arena, "%lld", (long long)retry));
    const char *msg = kp_arena_printf(&r->arena, "%s: %lld.", t(r, T_THROTTLED), (long long)retry);
    if (r->route && (r->route->flags & KP_R_API))
        return kp_json_error(r, 429, msg);
    kp_page_begin(r, KP_S(r, S_ERR_429));
    html_raw_trusted(&r->out, "<h1>");
    html_text(&r->out, KP_S(r, S_ERR_429));
    html_raw_trusted(&r->out, "</h1>\n<p>");
    html_text(&r->out, msg);
    html_raw_trusted(&r->out, "</p>\n");
    kp_page_end(r);
    return 429;
}

kp_pub_filter kp_public_filter(kp_req *r)
{
    kp_pub_filter f = {.municipality = kp_in(r, "municipality"), .service = kp_in(r, "service"),
                       .target_group = kp_in(r, "target_group")};
    return f;
}

/* Whether an If-None-Match list names `etag` (weak comparison, RFC 9110
 * 13.1.2: a W/ prefix is ignored; "*" matches any). */
static bool etag_listed(const char *list, const char *etag)
{
    size_t n = strlen(etag);
    for (const char *p = list; p && *p;) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        if (*p == '*')
            return true;
        if (strncmp(p, "W/", 2) == 0)
            p += 2;
        if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' ' || p[n] == '\t'))
            return true;
        p = strchr(p, ',');
    }
    return false;
}

bool kp_public_etag(kp_req *r, const char *kind, const char *cache_control, int *status)
{
    *status = 0;
    int64_t version = 0;
    if (kp_public_data_version(&r->ctx, &version)) {
        *status = kp_error(r, 503);
        return false;
    }
    kp_pub_filter f = kp_public_filter(r);
    char day[11];
    kp_date_format_iso(kp_ctx_today(&r->ctx), day);
    const char *what = kp_arena_printf(&r->arena, "%s\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%lld", kind,
                                       (long long)version, day, r->lang, f.municipality ? f.municipality : "",
                                       f.service ? f.service : "", f.target_group ? f.target_group : "",
                                       r->session ? (long long)r->session->user.id : 0LL);
    unsigned char hash[16];
    crypto_generichash(hash, sizeof hash, (const unsigned char *)what, strlen(what), NULL, 0);
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    const char *etag = kp_arena_printf(&r->arena, "\"%s\"", hex);
    kp_add_header(r, "ETag", etag);
    kp_add_header(r, "Cache-Control", cache_control);
    kp_add_header(r, "Vary", "Cookie");
    const char *inm = kp_req_header(r, "If-None-Match");
    return inm && etag_listed(inm, etag);
}

const char *kp_public_availability(kp_req *r, const char *a)
{
    if (!a)
        return t(r, T_UNKNOWN);
    if (strcmp(a, "available") == 0)
        return t(r, T_AVAILABLE);
    if (strcmp(a, "none") == 0)
        return t(r, T_NONE);
    if (strcmp(a, "waiting_list") == 0)
        return t(r, T_WAITING);
    return t(r, T_UNKNOWN);
}

const char *kp_public_group(kp_req *r, const char *code)
{
    return kp_label(r, KP_LABEL_GROUP, code);
}

static const char *unit_words(kp_req *r, const char *unit)
{
    if (strcmp(unit, "day") == 0)
        return t(r, T_U_DAY);
    if (strcmp(unit, "hour") == 0)
        return t(r, T_U_HOUR);
    if (strcmp(unit, "night") == 0)
        return t(r, T_U_NIGHT);
    if (strcmp(unit, "month") == 0)
        return t(r, T_U_MONTH);
    return t(r, T_U_SESSION);
}

const char *kp_public_rule(kp_req *r, const kp_pub_rule *u)
{
    const char *what;
    if (strcmp(u->kind, "units_per_year") == 0)
        what = kp_arena_printf(&r->arena, "%s %lld %s %s", t(r, T_AT_MOST), (long long)u->limit, unit_words(r, u->unit),
                               t(r, T_PER_YEAR));
    else if (strcmp(u->kind, "hours_per_week") == 0)
        what = kp_arena_printf(&r->arena, "%s %lld %s", t(r, T_AT_MOST), (long long)u->limit, t(r, T_PER_WEEK));
    else if (strcmp(u->kind, "services_per_person") == 0)
        what = kp_arena_printf(&r->arena, "%s %lld %s", t(r, T_AT_MOST), (long long)u->limit,
                               t(r, T_SERVICES_PER_PERSON));
    else if (strcmp(u->kind, "sessions_per_service") == 0)
        what = kp_arena_printf(&r->arena, "%s %lld %s", t(r, T_AT_MOST), (long long)u->limit,
                               t(r, T_SESSIONS_PER_SERVICE));
    else
        what = kp_arena_printf(&r->arena, "%s %lld (%s)", t(r, T_AT_MOST), (long long)u->limit, u->kind);
    if (u->target_group[0])
        what = kp_arena_printf(&r->arena, "%s, %s: %s", what, t(r, T_FOR_GROUP), kp_public_group(r, u->target_group));
    if (u->age_min >= 0 && u->age_max >= 0) {
        const char *age = kp_arena_printf(&r->arena, "%s %lld–%lld", t(r, T_AGE), (long long)u->age_min,
                                          (long long)u->age_max);
        what = kp_arena_printf(&r->arena, "%s, %s", what, age);
    }
    if (u->parents_working == 1 || u->parents_working == 0)
        what = kp_arena_printf(&r->arena, "%s, %s", what, t(r, u->parents_working ? T_PARENTS_WORK : T_PARENTS_DONT));
    if (u->region[0])
        what = kp_arena_printf(&r->arena, "%s (%s %s)", what, t(r, T_ONLY_REGION), u->region);
    return what;
}

const char *kp_public_about(kp_req *r, const char *family)
{
    static const struct {
        const char *code;
        int key;
    } ABOUT[] = {
        {"day_care", A_DAY_CARE},         {"group_home", A_GROUP_HOME},
        {"workshop", A_WORKSHOP},         {"respite", A_RESPITE},
        {"home_care", A_HOME_CARE},       {"care", A_CARE},
        {"social_rehab", A_SOCIAL_REHAB}, {"specialist_consultations", A_SPECIALIST},
        {"support_groups", A_SUPPORT_GROUPS}, {"family_like_care", A_FAMILY_LIKE},
    };
    for (size_t i = 0; i < sizeof ABOUT / sizeof ABOUT[0]; i++)
        if (strcmp(ABOUT[i].code, family) == 0)
            return t(r, ABOUT[i].key);
    return "";
}

const char *kp_public_how_to_apply(kp_req *r, const kp_pub_muni *m)
{
    (void)m;
    return t(r, T_APPLY);
}

void kp_public_no_store(kp_req *r)
{
    for (size_t i = 0; i < r->nheaders; i++)
        if (strcmp(r->headers[i].name, "Cache-Control") == 0)
            r->headers[i].value = "no-store";
}
