/* The subject access export and the record of processing activities as
 * report documents (privacy_docs.h). */
#include "report/privacy_docs.h"
#include "core/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str(const json_t *v)
{
    const char *s = json_string_value(v);
    return s ? s : "";
}

/* A JSON value as text for a cell: "" for null. */
static const char *value_text(kp_doc *d, const json_t *v)
{
    if (!v || json_is_null(v))
        return "";
    if (json_is_string(v))
        return kp_doc_str(d, json_string_value(v));
    if (json_is_integer(v))
        return kp_doc_printf(d, "%lld", (long long)json_integer_value(v));
    if (json_is_array(v))
        return kp_doc_printf(d, "(%zu)", json_array_size(v));
    char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    const char *s = kp_doc_str(d, t ? t : "");
    free(t);
    return s;
}

/* One list of records as a table of "field" / "value" pairs, one record
 * after another (the lists differ in their fields; a record is a block). */
static void list_table(kp_doc *d, kp_section *s, const char *title, const json_t *arr)
{
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        kp_doc_heading(d, s, title);
        kp_doc_para(d, s, "—");
        return;
    }
    kp_table *t = kp_doc_table(d, s, title, 3, "Nr.", "Lauks", "Vērtība");
    size_t i;
    const json_t *o;
    json_array_foreach(arr, i, o)
    {
        const char *k;
        const json_t *v;
        bool first = true;
        json_object_foreach((json_t *)o, k, v)
        {
            if (json_is_array(v))
                continue; /* nested lists have their own table */
            kp_cell *row = kp_table_row(d, t);
            row[0] = first ? kp_c_count((int64_t)i + 1) : (kp_cell){0};
            row[0].strong = first;
            row[1] = kp_c_text(d, k);
            row[2] = kp_c_text(d, value_text(d, v));
            first = false;
        }
    }
}

static const struct {
    const char *key, *title;
} LISTS[] = {
    {"personal_codes", "Personas kodi / Personal codes"},
    {"versions", "Personas dati laika gaitā / The person over time"},
    {"residences", "Dzīvesvieta / Residence"},
    {"assessments", "Vajadzību izvērtējumi / Needs assessments"},
    {"support_plans", "Atbalsta plāni / Support plans"},
    {"assignments", "Piešķirtie pakalpojumi / Services granted"},
    {"claim_lines", "Kompensācijas pieprasījumu rindas / Compensation claim lines"},
    {"contacts", "Kontakti / Contacts"},
    {"tasks", "Uzdevumi / Tasks"},
    {"representatives", "Likumiskie pārstāvji / Representatives"},
    {"represented", "Pārstāvētās personas / Persons represented"},
    {"worker", "Atbildīgais darbinieks / Responsible worker"},
    {"legal_bases", "Apstrādes tiesiskais pamats un piekrišana / Legal basis and consent"},
    {"restrictions", "Apstrādes ierobežojumi / Restrictions"},
    {"documents", "Sagatavotie dokumenti / Documents made"},
    {"history", "Izmaiņu vēsture / History of changes"},
    {"access", "Kas skatīja datus / Who viewed the data"},
};

/* Nested lists under a parent list (needs of assessments, items of plans,
 * deliveries of assignments). */
static void nested_tables(kp_doc *d, kp_section *s, const json_t *parents, const char *key, const char *title)
{
    size_t i;
    const json_t *p;
    json_array_foreach(parents, i, p)
    {
        const json_t *arr = json_object_get(p, key);
        if (json_is_array(arr) && json_array_size(arr))
            list_table(d, s,
                       kp_doc_printf(d, "%s (%s %lld)", title, "id",
                                     (long long)json_integer_value(json_object_get(p, "id"))),
                       arr);
    }
}

kp_rc kp_privacy_export_doc(const json_t *export, kp_doc *d)
{
    if (!export || !d || !json_is_object(export) || !json_is_object(json_object_get(export, "client")))
        return KP_EINVAL;
    const json_t *c = json_object_get(export, "client");
    d->title = "Personas datu izraksts / Subject access export";
    d->subtitle = kp_doc_printf(d, "%s %s", str(json_object_get(c, "given_name")),
                                str(json_object_get(c, "family_name")));
    d->state_line = kp_doc_printf(d, "Sagatavots / Made %s", str(json_object_get(export, "generated_at")));
    d->footer = "VDAR 15. pants / GDPR Art. 15";
    kp_section *s = kp_doc_section(d, "Persona / The person", "Persona", false);
    kp_table *t = kp_doc_table(d, s, NULL, 2, "Lauks", "Vērtība");
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)c, k, v)
    {
        kp_cell *row = kp_table_row(d, t);
        row[0] = kp_c_text(d, k);
        row[1] = kp_c_text(d, value_text(d, v));
    }
    const json_t *counts = json_object_get(export, "counts");
    kp_table *ct = kp_doc_table(d, s, "Ierakstu skaits / Records held", 2, "Veids", "Skaits");
    json_object_foreach((json_t *)counts, k, v)
    {
        kp_cell *row = kp_table_row(d, ct);
        row[0] = kp_c_text(d, k);
        row[1] = kp_c_count(json_integer_value(v));
    }
    for (size_t i = 0; i < sizeof LISTS / sizeof LISTS[0]; i++) {
        kp_section *ls = kp_doc_section(d, LISTS[i].title, LISTS[i].key, false);
        const json_t *arr = json_object_get(export, LISTS[i].key);
        list_table(d, ls, LISTS[i].title, arr);
        if (strcmp(LISTS[i].key, "assessments") == 0)
            nested_tables(d, ls, arr, "needs", "Vajadzības / Needs");
        else if (strcmp(LISTS[i].key, "support_plans") == 0)
            nested_tables(d, ls, arr, "plan_items", "Pakalpojumi plānā / Plan services");
        else if (strcmp(LISTS[i].key, "assignments") == 0) {
            nested_tables(d, ls, arr, "suspensions", "Apturēšana / Suspensions");
            nested_tables(d, ls, arr, "deliveries", "Sniegtais / Deliveries");
        }
    }
    return KP_OK;
}

kp_rc kp_privacy_record_doc(const kp_privacy_config *cfg, bool en, kp_date created, kp_doc *d)
{
    if (!cfg || !d)
        return KP_EINVAL;
    d->title = en ? "Record of processing activities" : "Apstrādes darbību reģistrs";
    d->subtitle = en ? "Kopā — the DI information system (GDPR Art. 30)"
                     : "Kopā — DI informācijas sistēma (VDAR 30. pants)";
    d->created = created;
    d->footer = en ? "Generated from data/processing_purposes.csv and data/retention.csv"
                   : "Sagatavots no data/processing_purposes.csv un data/retention.csv";
    kp_section *s = kp_doc_section(d, en ? "Controller" : "Pārzinis", en ? "Controller" : "Parzinis", false);
    kp_doc_para(d, s,
                en ? "The municipality whose social service keeps the client's case (each municipality for its "
                     "clients); the planning region and the Ministry of Welfare for the figures they receive."
                   : "Pašvaldība, kuras sociālais dienests ved klienta lietu (katra par saviem klientiem); "
                     "plānošanas reģions un Labklājības ministrija par saņemtajiem skaitļiem.");
    s = kp_doc_section(d, en ? "Purposes of processing" : "Apstrādes nolūki", en ? "Purposes" : "Noluki", false);
    kp_table *t = kp_doc_table(d, s, NULL, 6, en ? "Purpose" : "Nolūks", en ? "Legal basis" : "Tiesiskais pamats",
                               en ? "Law" : "Normatīvais akts", en ? "Categories of data" : "Datu kategorijas",
                               en ? "Recipients" : "Saņēmēji", en ? "Retention" : "Glabāšana");
    for (size_t i = 0; i < cfg->npurposes; i++) {
        const kp_purpose *p = &cfg->purposes[i];
        kp_cell *row = kp_table_row(d, t);
        row[0] = kp_c_text(d, en ? p->name_en : p->name_lv);
        const char *basis = p->art9[0] ? kp_doc_printf(d, en ? "Art. 6(1)(%s); Art. 9(2)(%s)%s" : "6. panta 1. punkta %s) apakšpunkts; 9. panta 2. punkta %s) apakšpunkts%s",
                                                     p->art6, p->art9, p->consent ? (en ? "; consent" : "; piekrišana") : "")
                                       : kp_doc_printf(d, en ? "Art. 6(1)(%s)%s" : "6. panta 1. punkta %s) apakšpunkts%s", p->art6,
                                                     p->consent ? (en ? "; consent" : "; piekrišana") : "");
        row[1] = kp_c_text(d, basis);
        row[2] = kp_c_text(d, p->law);
        row[3] = kp_c_text(d, en ? p->categories_en : p->categories_lv);
        row[4] = kp_c_text(d, en ? p->recipients_en : p->recipients_lv);
        row[5] = kp_c_text(d, p->retention);
    }
    s = kp_doc_section(d, en ? "Retention" : "Glabāšanas termiņi", en ? "Retention" : "Glabasana", false);
    t = kp_doc_table(d, s, NULL, 4, en ? "Rule" : "Noteikums", en ? "Action" : "Darbība", en ? "Years" : "Gadi",
                     en ? "What" : "Kas");
    for (size_t i = 0; i < cfg->nrules; i++) {
        const kp_retention_rule *r = &cfg->rules[i];
        kp_cell *row = kp_table_row(d, t);
        row[0] = kp_c_text(d, r->rule);
        row[1] = kp_c_text(d, r->action);
        row[2] = kp_c_count(r->years);
        row[3] = kp_c_text(d, en ? r->what_en : r->what_lv);
    }
    s = kp_doc_section(d, en ? "Security measures (Art. 32)" : "Drošības pasākumi (VDAR 32. pants)",
                       en ? "Security" : "Drosiba", false);
    kp_doc_para(d, s,
                en ? "Access scoped to the municipality, provider or region; every read of a client's data in the "
                     "access log and every change in the audit trail; personal codes stored encrypted with a keyed "
                     "hash for search and never logged; passwords with argon2id; files readable by their owner "
                     "only; restriction of processing freezes a record against every change."
                   : "Piekļuve ierobežota ar pašvaldību, sniedzēju vai reģionu; katra klienta datu skatīšana "
                     "piekļuves žurnālā un katra izmaiņa audita ierakstos; personas kodi glabāti šifrēti ar atslēgtu "
                     "jaucējvērtību meklēšanai un nekad netiek žurnalēti; paroles ar argon2id; faili lasāmi tikai "
                     "īpašniekam; apstrādes ierobežojums aizliedz jebkuras ieraksta izmaiņas.");
    return KP_OK;
}
