/* The client card's history section: the person's case status and changes
 * recorded ahead, legal representatives, residence, links to the pages that
 * change them, and every change of the person and their records in words
 * ("01.03.2022. pārcelts uz Bauskas novadu — iemesls: …"), newest first,
 * with who recorded it and when. Never a raw code: catalogue codes become
 * names, and a personal code is only ever said to have changed. */
#include "web/person_form.h"
#include "web/page_strings.h"
#include "service/audit.h"
#include "service/casework/people.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* Changes shown on the card (the API gives all, up to 1000). */
#define HISTORY_ON_CARD 200

#define STRINGS(X)                                                                                                   \
    X(T_CASE, "Lieta", "Case")                                                                                       \
    X(T_OPEN, "atvērta", "open")                                                                                     \
    X(T_CLOSED_SINCE, "slēgta kopš", "closed since")                                                                 \
    X(T_AHEAD, "Ierakstītas izmaiņas uz priekšu", "Changes recorded ahead")                                          \
    X(T_FROM, "no", "from")                                                                                          \
    X(T_RESPONSIBLE, "atbild", "responsible:")                                                                       \
    X(T_CASE_CLOSES, "lieta tiek slēgta", "the case closes")                                                         \
    X(T_CASE_OPENS, "lieta tiek atvērta", "the case reopens")                                                        \
    X(T_DETAILS_CHANGE, "mainās personas dati", "personal details change")                                           \
    X(T_REPS, "Likumiskie pārstāvji", "Legal representatives")                                                       \
    X(T_REPRESENTS, "Pārstāv", "Represents")                                                                          \
    X(T_NONE, "nav", "none")                                                                                         \
    X(T_CLIENT_NO, "klients Nr.", "client no.")                                                                      \
    X(T_UNTIL_NOW, "līdz šim", "to date")                                                                            \
    X(T_RESIDENCE, "Dzīvesvieta", "Residence")                                                                       \
    X(T_PERSON_ACTIONS, "Personas dati un vēsture", "Personal details and history")                                  \
    X(T_A_CORRECT, "Labot personas datus", "Correct personal details")                                               \
    X(T_A_MOVE, "Pārcelt uz citu pašvaldību", "Move to another municipality")                                        \
    X(T_A_CLOSE, "Slēgt lietu", "Close the case")                                                                    \
    X(T_A_REOPEN, "Atvērt lietu no jauna", "Reopen the case")                                                        \
    X(T_A_CODE, "Mainīt personas kodu", "Change the personal code")                                                  \
    X(T_A_REPS, "Likumiskie pārstāvji", "Legal representatives")                                                     \
    X(T_A_RESIDENCE, "Dzīvesvietas maiņa", "Change of residence")                                                    \
    X(T_HISTORY, "Vēsture", "History")                                                                               \
    X(T_NO_HISTORY, "Izmaiņu vēl nav.", "No changes yet.")                                                           \
    X(T_REASON, "iemesls", "reason")                                                                                 \
    X(T_RECORDED, "ierakstīja", "recorded by")                                                                       \
    X(T_LATEST, "rādītas jaunākās", "showing the latest")                                                           \
    X(H_REGISTERED, "reģistrēts", "registered")                                                                      \
    X(H_CORRECTED, "laboti personas dati", "personal details corrected")                                             \
    X(H_MOVED, "pārcelts uz citu pašvaldību:", "moved to another municipality:")                                     \
    X(H_WORKER_ENDED, "iepriekšējās pašvaldības darbinieks vairs nav atbildīgs",                                     \
      "the former municipality's worker is no longer responsible")                                                  \
    X(H_CLOSED, "lieta slēgta", "case closed")                                                                       \
    X(H_REOPENED, "lieta atvērta no jauna", "case reopened")                                                         \
    X(H_CODE, "personas kods nomainīts (jaunais kods netiek rādīts)", "personal code changed (the code is not shown)") \
    X(H_FORMER_CODE, "ierakstīts iepriekšējais personas kods", "a former personal code recorded")                    \
    X(H_LINK, "piesaistīts likumiskais pārstāvis:", "legal representative linked:")                                  \
    X(H_LINKED, "kļuva par likumisko pārstāvi personai:", "became the legal representative of:")                     \
    X(H_UNLINK, "likumiskā pārstāvība beidzas", "legal representation ends")                                         \
    X(H_RESIDENCE, "dzīvesvieta:", "residence:")                                                                     \
    X(H_RESIDENCE_NEW, "ierakstīts dzīvesvietas periods", "a residence period recorded")                             \
    X(H_ASSESSMENT, "ierakstīts vajadzību izvērtējums", "needs assessment recorded")                                 \
    X(H_APPLICATION, "pieņēma pieteikumu, kas iesniegts tiešsaistē", "accepted an application made online")          \
    X(H_PLAN, "izveidota atbalsta plāna versija", "support plan version made")                                       \
    X(H_PLAN_CHANGED, "mainīts atbalsta plāna melnraksts", "support plan draft changed")                             \
    X(H_PLAN_APPROVED, "apstiprināts atbalsta plāns", "support plan approved")                                       \
    X(H_PLAN_ITEM, "atbalsta plānā ierakstīts pakalpojums", "a service added to the support plan")                   \
    X(H_ASSIGNED, "piešķirts pakalpojums", "service assigned")                                                       \
    X(H_ASSIGNMENT_CANCELLED, "pakalpojuma piešķīrums atcelts", "service assignment cancelled")                      \
    X(H_ASSIGNMENT_SUSPENDED, "pakalpojuma piešķīrums apturēts", "service assignment suspended")                     \
    X(H_ASSIGNMENT_RESUMED, "pakalpojuma piešķīrums atsākts", "service assignment resumed")                          \
    X(H_ASSIGNMENT_ENDED, "pakalpojuma piešķīrums izbeigts", "service assignment ended")                             \
    X(H_DELIVERY, "ierakstīts sniegtais pakalpojums", "service delivery recorded")                                  \
    X(H_DELIVERY_CONFIRMED, "sniegtais pakalpojums apstiprināts", "service delivery confirmed")                       \
    X(H_WORKER, "mainīts atbildīgais sociālais darbinieks", "responsible social worker changed")                     \
    X(H_ELSEWHERE, "mēģinājums reģistrēt personu citā pašvaldībā", "an attempt to register the person in another municipality") \
    X(H_CHANGED, "ieraksts mainīts", "record changed")                                                               \
    X(F_GIVEN, "vārds", "given name")                                                                                \
    X(F_FAMILY, "uzvārds", "family name")                                                                            \
    X(F_BIRTH, "dzimšanas datums", "date of birth")                                                                  \
    X(F_GROUP, "mērķa grupa", "target group")                                                                        \
    X(F_DISABILITY, "invaliditātes grupa", "disability group")                                                       \
    X(F_SPECIAL, "atzinums par īpašu kopšanu", "opinion on special care")                                            \
    X(F_PARENTS, "vecāki strādā vai mācās", "parents work or study")                                                 \
    X(F_UNTIL, "līdz", "until")                                                                                      \
    X(V_YES, "jā", "yes")                                                                                            \
    X(V_NO, "nē", "no")                                                                                              \
    X(V_UNKNOWN, "nav zināms", "unknown")

KP_PAGE_STRINGS(STRINGS);

/* Every territory that ever existed, read only when a sentence names one
 * (a move, a change ahead): most cards name none, and the list is a few
 * hundred options copied from the connection's keep (issue 10). */
typedef struct lazy_munis {
    kp_req *r;
    bool loaded;
    kp_rc rc;
    kp_options o;
} lazy_munis;

typedef struct names {
    lazy_munis *munis;
    kp_options groups; /* target groups */
} names;

static const kp_options *munis_of(const names *n)
{
    lazy_munis *m = n->munis;
    if (!m->loaded) {
        m->loaded = true;
        m->rc = kp_person_municipality_options(&m->r->ctx, false, &m->o);
    }
    return &m->o;
}

static const char *option_name(const kp_options *o, const char *code)
{
    for (size_t i = 0; code && i < o->n; i++)
        if (strcmp(o->items[i].code, code) == 0)
            return o->items[i].name;
    return code ? code : "";
}

static void text(kp_req *r, const char *s)
{
    html_text(&r->out, s);
}

static void raw(kp_req *r, const char *s)
{
    html_raw_trusted(&r->out, s);
}

static void client_ref(kp_req *r, int64_t id, bool visible, const char *given, const char *family)
{
    if (visible) {
        raw(r, "<a href=\"/clients/");
        html_int(&r->out, id);
        raw(r, "\">");
        text(r, given);
        raw(r, " ");
        text(r, family);
        raw(r, "</a>");
        return;
    }
    text(r, t(r, T_CLIENT_NO));
    raw(r, " ");
    html_int(&r->out, id);
}

static void period(kp_req *r, const char *from, const char *to)
{
    text(r, kp_fmt_date(r, from));
    raw(r, " – ");
    text(r, to && *to ? kp_fmt_date(r, to) : t(r, T_UNTIL_NOW));
}

/* A field's value for people. */
static const char *value_words(kp_req *r, const names *n, const char *field, const char *v)
{
    if (!v || !*v)
        return strcmp(field, "parents_working") == 0 ? t(r, V_UNKNOWN) : t(r, T_NONE);
    if (strcmp(field, "target_group") == 0)
        return option_name(&n->groups, v);
    if (strcmp(field, "municipality") == 0)
        return option_name(munis_of(n), v);
    if (strcmp(field, "disability_group") == 0)
        return strcmp(v, "1") == 0 ? "I" : strcmp(v, "2") == 0 ? "II" : strcmp(v, "3") == 0 ? "III" : v;
    if (strcmp(field, "parents_working") == 0)
        return strcmp(v, "1") == 0 ? t(r, V_YES) : t(r, V_NO);
    if (strcmp(field, "kind") == 0)
        return pf_residence_kind(r, v);
    if (strcmp(field, "closing_reason") == 0)
        return pf_closing_reason(r, v);
    if (strlen(v) == 10 && v[4] == '-' && v[7] == '-')
        return kp_fmt_date(r, v);
    return v;
}

static int field_label(const char *field)
{
    static const struct {
        const char *field;
        int key;
    } L[] = {{"given_name", F_GIVEN},       {"family_name", F_FAMILY},     {"birth_date", F_BIRTH},
             {"target_group", F_GROUP},     {"disability_group", F_DISABILITY}, {"special_care_from", F_SPECIAL},
             {"parents_working", F_PARENTS}};
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
        if (strcmp(L[i].field, field) == 0)
            return L[i].key;
    return -1;
}

/* One field change of a JSON list: old and new values, or NULL. */
static bool change_of(json_t *list, const char *field, const char **old_v, const char **new_v)
{
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        const char *f = json_string_value(json_object_get(o, "field"));
        if (f && strcmp(f, field) == 0) {
            *old_v = json_string_value(json_object_get(o, "old"));
            *new_v = json_string_value(json_object_get(o, "new"));
            return true;
        }
    }
    return false;
}

/* The sentence of one change. */
static void sentence(kp_req *r, const names *n, const kp_history_row *h, json_t *ch)
{
    const char *a = h->action, *e = h->entity, *o = NULL, *v = NULL;
    bool client = strcmp(e, "client") == 0;
    if (client && strcmp(a, "create") == 0) {
        text(r, t(r, H_REGISTERED));
    } else if (client && strcmp(a, "correct") == 0) {
        text(r, t(r, H_CORRECTED));
        size_t i;
        json_t *x;
        bool first = true;
        json_array_foreach(ch, i, x)
        {
            const char *f = json_string_value(json_object_get(x, "field"));
            int label = f ? field_label(f) : -1;
            if (label < 0)
                continue;
            raw(r, first ? ": " : "; ");
            first = false;
            text(r, t(r, label));
            raw(r, " ");
            text(r, value_words(r, n, f, json_string_value(json_object_get(x, "old"))));
            raw(r, " → ");
            text(r, value_words(r, n, f, json_string_value(json_object_get(x, "new"))));
        }
    } else if (client && strcmp(a, "move") == 0) {
        text(r, t(r, H_MOVED));
        if (change_of(ch, "municipality", &o, &v)) {
            raw(r, " ");
            text(r, value_words(r, n, "municipality", o));
            raw(r, " → ");
            text(r, value_words(r, n, "municipality", v));
        }
        if (change_of(ch, "responsible_worker", &o, &v)) {
            raw(r, "; ");
            text(r, t(r, H_WORKER_ENDED));
        }
    } else if (client && strcmp(a, "close") == 0) {
        text(r, t(r, H_CLOSED));
        if (change_of(ch, "closing_reason", &o, &v)) {
            raw(r, ": ");
            text(r, pf_closing_reason(r, v));
        }
    } else if (client && strcmp(a, "reopen") == 0) {
        text(r, t(r, H_REOPENED));
    } else if (client && strcmp(a, "change_code") == 0) {
        text(r, t(r, H_CODE));
    } else if (client && strcmp(a, "add_former_code") == 0) {
        text(r, t(r, H_FORMER_CODE));
    } else if (client && (strcmp(a, "reassign") == 0 || strcmp(a, "assign_worker") == 0)) {
        text(r, t(r, H_WORKER));
    } else if (client && strcmp(a, "register_duplicate_elsewhere") == 0) {
        text(r, t(r, H_ELSEWHERE));
    } else if (strcmp(e, "client_representative") == 0) {
        bool end = strncmp(a, "end_", 4) == 0;
        if (end) {
            text(r, t(r, H_UNLINK));
        } else {
            bool mine = strcmp(a, "link_representative") == 0;
            text(r, t(r, mine ? H_LINK : H_LINKED));
            if (change_of(ch, "representative_id", &o, &v) && mine) {
                raw(r, " ");
                text(r, t(r, T_CLIENT_NO));
                raw(r, " ");
                text(r, v);
            }
            if (change_of(ch, "kind", &o, &v)) {
                raw(r, " (");
                text(r, pf_link_kind(r, v));
                raw(r, ")");
            }
        }
        if (change_of(ch, "valid_to", &o, &v) && v && *v) {
            raw(r, ", ");
            text(r, t(r, F_UNTIL));
            raw(r, " ");
            text(r, kp_fmt_date(r, v));
        }
    } else if (strcmp(e, "residence") == 0 && strcmp(a, "move_residence") == 0) {
        text(r, t(r, H_RESIDENCE));
        if (change_of(ch, "kind", &o, &v)) {
            raw(r, " ");
            if (o && *o) {
                text(r, pf_residence_kind(r, o));
                raw(r, " → ");
            }
            text(r, pf_residence_kind(r, v));
        }
        if (change_of(ch, "municipality", &o, &v) && v && *v) {
            raw(r, " (");
            text(r, value_words(r, n, "municipality", v));
            raw(r, ")");
        }
    } else if (strcmp(e, "residence") == 0) {
        text(r, t(r, H_RESIDENCE_NEW));
    } else if (strcmp(e, "application") == 0 && strcmp(a, "accept") == 0) {
        text(r, t(r, H_APPLICATION));
    } else if (strcmp(e, "assessment") == 0) {
        text(r, t(r, H_ASSESSMENT));
    } else if (strcmp(e, "support_plan") == 0) {
        text(r, t(r, strcmp(a, "approve") == 0 ? H_PLAN_APPROVED : strcmp(a, "update") == 0 ? H_PLAN_CHANGED : H_PLAN));
    } else if (strcmp(e, "plan_item") == 0) {
        text(r, t(r, H_PLAN_ITEM));
    } else if (strcmp(e, "assignment") == 0) {
        int k = strcmp(a, "cancel") == 0    ? H_ASSIGNMENT_CANCELLED
                : strcmp(a, "suspend") == 0 ? H_ASSIGNMENT_SUSPENDED
                : strcmp(a, "resume") == 0  ? H_ASSIGNMENT_RESUMED
                : strcmp(a, "end") == 0     ? H_ASSIGNMENT_ENDED
                : strcmp(a, "create") == 0  ? H_ASSIGNED
                                            : H_CHANGED;
        text(r, t(r, k));
    } else if (strcmp(e, "delivery") == 0) {
        text(r, t(r, strcmp(a, "confirm") == 0 ? H_DELIVERY_CONFIRMED : H_DELIVERY));
    } else {
        text(r, t(r, H_CHANGED));
    }
}

/* Whether the sentence of a change reads its field changes (sentence()). */
static bool names_changes(const kp_history_row *h)
{
    const char *a = h->action, *e = h->entity;
    if (strcmp(e, "client") == 0)
        return strcmp(a, "correct") == 0 || strcmp(a, "move") == 0 || strcmp(a, "close") == 0;
    return strcmp(e, "client_representative") == 0 ||
           (strcmp(e, "residence") == 0 && strcmp(a, "move_residence") == 0);
}

static void history(kp_req *r, const names *n, const kp_history *hs, const char *registered_on)
{
    raw(r, "<h2 id=\"history\">");
    text(r, t(r, T_HISTORY));
    raw(r, "</h2>\n");
    if (!hs->n) {
        raw(r, "<p>");
        text(r, t(r, T_NO_HISTORY));
        raw(r, "</p>\n");
        return;
    }
    if (hs->n >= HISTORY_ON_CARD) {
        raw(r, "<p>");
        text(r, t(r, T_LATEST));
        raw(r, " ");
        html_int(&r->out, HISTORY_ON_CARD);
        raw(r, "</p>\n");
    }
    raw(r, "<ol class=\"history\">\n");
    for (size_t i = 0; i < hs->n; i++) {
        const kp_history_row *h = &hs->items[i];
        /* The field changes are parsed only for the sentences that name
         * them; the others read none (NULL reads as an empty list). */
        json_t *ch = NULL;
        if (names_changes(h) && h->changes && *h->changes) {
            ch = json_loads(h->changes, 0, NULL);
            if (!json_is_array(ch)) {
                json_decref(ch);
                ch = NULL;
            }
        }
        char recorded[11];
        size_t at_len = strnlen(h->at, 10);
        memcpy(recorded, h->at, at_len);
        recorded[at_len] = '\0';
        /* A registration takes effect on its registration date. */
        const char *on = h->effective_on[0] ? h->effective_on : recorded;
        if (!h->effective_on[0] && strcmp(h->entity, "client") == 0 && strcmp(h->action, "create") == 0)
            on = registered_on;
        raw(r, "<li><strong>");
        text(r, kp_fmt_date(r, on));
        raw(r, "</strong> ");
        sentence(r, n, h, ch);
        if (h->reason && *h->reason) {
            raw(r, " — ");
            text(r, t(r, T_REASON));
            raw(r, ": ");
            text(r, h->reason);
        }
        raw(r, " <span class=\"hint\">(");
        text(r, t(r, T_RECORDED));
        raw(r, " ");
        text(r, h->actor);
        raw(r, ", ");
        text(r, kp_fmt_date(r, recorded));
        raw(r, ")</span></li>\n");
        json_decref(ch);
    }
    raw(r, "</ol>\n");
}

static void links_list(kp_req *r, int title, const kp_person_link *l, size_t n)
{
    raw(r, "<tr><th scope=\"row\">");
    text(r, t(r, title));
    raw(r, "</th><td>");
    if (!n)
        text(r, t(r, T_NONE));
    for (size_t i = 0; i < n; i++) {
        if (i)
            raw(r, "; ");
        client_ref(r, l[i].other_id, l[i].visible, l[i].given_name, l[i].family_name);
        raw(r, " (");
        text(r, pf_link_kind(r, l[i].kind));
        raw(r, ", ");
        period(r, l[i].valid_from, l[i].valid_to);
        raw(r, ")");
    }
    raw(r, "</td></tr>\n");
}

static void action_link(kp_req *r, int64_t id, const char *path, int label, bool first)
{
    raw(r, first ? "<a class=\"button\" href=\"/clients/" : " <a class=\"button\" href=\"/clients/");
    html_int(&r->out, id);
    raw(r, "/");
    raw(r, path);
    raw(r, "\">");
    text(r, t(r, label));
    raw(r, "</a>");
}

static void person(kp_req *r, int64_t id, const names *n, const kp_person *p)
{
    raw(r, "<h2>");
    text(r, t(r, T_PERSON_ACTIONS));
    raw(r, "</h2>\n<table class=\"facts\">\n<tbody>\n<tr><th scope=\"row\">");
    text(r, t(r, T_CASE));
    raw(r, "</th><td>");
    if (p->now.closed) {
        /* Closed since the first day of the run of closed versions. */
        text(r, t(r, T_CLOSED_SINCE));
        raw(r, " ");
        text(r, kp_fmt_date(r, p->status_since));
        raw(r, ": ");
        text(r, pf_closing_reason(r, p->now.closed_reason));
        if (p->now.closed_note[0]) {
            raw(r, " — ");
            text(r, p->now.closed_note);
        }
    } else {
        text(r, t(r, T_OPEN));
    }
    raw(r, "</td></tr>\n");
    if (p->n_later) {
        raw(r, "<tr><th scope=\"row\">");
        text(r, t(r, T_AHEAD));
        raw(r, "</th><td>");
        const kp_person_version *prev = &p->now;
        for (size_t i = 0; i < p->n_later; i++) {
            const kp_person_version *v = &p->later[i];
            if (i)
                raw(r, "; ");
            text(r, t(r, T_FROM));
            raw(r, " ");
            text(r, kp_fmt_date(r, v->valid_from));
            raw(r, " ");
            if (v->municipality_id != prev->municipality_id) {
                text(r, t(r, T_RESPONSIBLE));
                raw(r, " ");
                text(r, option_name(munis_of(n), v->municipality));
            } else if (v->closed != prev->closed) {
                text(r, t(r, v->closed ? T_CASE_CLOSES : T_CASE_OPENS));
            } else {
                text(r, t(r, T_DETAILS_CHANGE));
            }
            prev = v;
        }
        raw(r, "</td></tr>\n");
    }
    links_list(r, T_REPS, p->representatives, p->n_representatives);
    if (p->n_represented)
        links_list(r, T_REPRESENTS, p->represented, p->n_represented);
    raw(r, "<tr><th scope=\"row\">");
    text(r, t(r, T_RESIDENCE));
    raw(r, "</th><td>");
    if (!p->n_residences)
        text(r, t(r, T_NONE));
    for (size_t i = 0; i < p->n_residences; i++) {
        const kp_person_residence *x = &p->residences[i];
        if (i)
            raw(r, "; ");
        text(r, pf_residence_kind(r, x->kind));
        if (x->municipality_name[0]) {
            raw(r, ", ");
            text(r, x->municipality_name);
        }
        raw(r, " (");
        period(r, x->start_date, x->end_date);
        raw(r, ")");
    }
    raw(r, "</td></tr>\n</tbody></table>\n<nav aria-label=\"");
    html_attr(&r->out, t(r, T_PERSON_ACTIONS));
    raw(r, "\"><p>");
    action_link(r, id, "correct", T_A_CORRECT, true);
    action_link(r, id, "move", T_A_MOVE, false);
    action_link(r, id, "case", p->now.closed ? T_A_REOPEN : T_A_CLOSE, false);
    action_link(r, id, "code", T_A_CODE, false);
    action_link(r, id, "representatives", T_A_REPS, false);
    action_link(r, id, "residence", T_A_RESIDENCE, false);
    raw(r, "</p></nav>\n");
}

kp_rc kp_client_history_section(kp_req *r, int64_t client_id)
{
    kp_person p;
    kp_history hs;
    names n;
    lazy_munis munis;
    memset(&n, 0, sizeof n);
    memset(&hs, 0, sizeof hs);
    memset(&munis, 0, sizeof munis);
    munis.r = r;
    n.munis = &munis;
    kp_rc rc = kp_person_load_in_read(&r->ctx, client_id, &p);
    if (rc)
        return rc;
    rc = kp_history_of_client(&r->ctx, client_id, HISTORY_ON_CARD, &hs);
    if (!rc)
        rc = kp_cw_target_group_options(&r->ctx, &n.groups);
    if (!rc) {
        person(r, client_id, &n, &p);
        history(r, &n, &hs, p.registered_on);
        /* A failed read of the territories fails the page as before. */
        rc = munis.rc;
    }
    kp_options_free(&munis.o);
    kp_options_free(&n.groups);
    kp_history_free(&hs);
    kp_person_free(&p);
    return rc;
}
