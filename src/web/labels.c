/* Words for codes: the one table that turns a stored code (a target group,
 * a role, an audit action, a kind of record, a service's status) into what
 * people read, in Latvian and English. Every page, document and export
 * meant for people shows codes through kp_label. */
#include "web/web.h"
#include <string.h>

static const struct {
    kp_label_kind kind;
    const char *code, *lv, *en;
} LABELS[] = {
    /* Target groups (DESIGN.md: grt, ft, bsac, parents). */
    {KP_LABEL_GROUP, "grt", "pieaugušie ar garīga rakstura traucējumiem", "adults with mental disorders"},
    {KP_LABEL_GROUP, "ft", "bērni ar funkcionāliem traucējumiem", "children with functional impairments"},
    {KP_LABEL_GROUP, "bsac", "bērni institūcijās (BSAC)", "children in institutional care"},
    {KP_LABEL_GROUP, "parents", "vecāki, likumiskie pārstāvji, audžuģimenes", "parents, legal representatives, foster families"},
    {KP_LABEL_GROUP, "parent", "vecāki, likumiskie pārstāvji, audžuģimenes", "parents, legal representatives, foster families"},
    /* Roles, as stored in the audit trail and the accounts. */
    {KP_LABEL_ROLE, "admin", "administrators", "administrator"},
    {KP_LABEL_ROLE, "social_worker", "sociālais darbinieks", "social worker"},
    {KP_LABEL_ROLE, "municipal_head", "sociālā dienesta vadītājs", "head of social service"},
    {KP_LABEL_ROLE, "provider", "pakalpojuma sniedzējs", "service provider"},
    {KP_LABEL_ROLE, "region", "plānošanas reģiona koordinators", "planning region coordinator"},
    {KP_LABEL_ROLE, "ministry", "ministrijas analītiķis", "ministry analyst"},
    {KP_LABEL_ROLE, "system", "sistēma", "system"},
    {KP_LABEL_ROLE, "anonymous", "nepieteicies lietotājs", "not logged in"},
    /* Audit actions. */
    {KP_LABEL_ACTION, "view", "atvēra kartīti", "opened the card"},
    {KP_LABEL_ACTION, "apply", "iesniedza pieteikumu", "applied"},
    {KP_LABEL_ACTION, "ask_more", "lūdza papildu informāciju", "asked for more information"},
    {KP_LABEL_ACTION, "answer", "atbildēja", "answered"},
    {KP_LABEL_ACTION, "accept", "pieņēma pieteikumu", "accepted the application"},
    {KP_LABEL_ACTION, "refuse", "atteica pieteikumu", "refused the application"},
    {KP_LABEL_ACTION, "status_check", "skatīja pieteikuma statusu", "looked at the status"},
    {KP_LABEL_ACTION, "list", "redzēja sarakstā", "saw in a list"},
    {KP_LABEL_ACTION, "read", "lasīja", "read"},
    {KP_LABEL_ACTION, "search_by_code", "meklēja pēc personas koda", "searched by personal code"},
    {KP_LABEL_ACTION, "read_personal_code", "skatīja personas kodu", "looked at the personal code"},
    {KP_LABEL_ACTION, "login", "pieteicās", "logged in"},
    {KP_LABEL_ACTION, "logout", "atteicās", "logged out"},
    {KP_LABEL_ACTION, "logout_everywhere", "atteicās visās ierīcēs", "logged out everywhere"},
    {KP_LABEL_ACTION, "create", "izveidoja", "created"},
    {KP_LABEL_ACTION, "update", "mainīja", "changed"},
    {KP_LABEL_ACTION, "approve", "apstiprināja", "approved"},
    {KP_LABEL_ACTION, "amend", "grozīja", "amended"},
    {KP_LABEL_ACTION, "cancel", "atcēla", "cancelled"},
    {KP_LABEL_ACTION, "end", "izbeidza", "ended"},
    {KP_LABEL_ACTION, "correct", "laboja", "corrected"},
    {KP_LABEL_ACTION, "suspend", "apturēja", "suspended"},
    {KP_LABEL_ACTION, "withdraw_suspension", "atsauca apturēšanu", "withdrew a suspension"},
    {KP_LABEL_ACTION, "confirm", "apstiprināja sniegto", "confirmed a delivery"},
    {KP_LABEL_ACTION, "verify", "pārbaudīja", "verified"},
    {KP_LABEL_ACTION, "pay", "apmaksāja", "paid"},
    {KP_LABEL_ACTION, "add_line", "pievienoja rindu", "added a line"},
    {KP_LABEL_ACTION, "reassign", "nodeva citam darbiniekam", "reassigned to another worker"},
    {KP_LABEL_ACTION, "assign_worker", "norīkoja darbinieku", "assigned a worker"},
    {KP_LABEL_ACTION, "move_residence", "mainīja dzīvesvietu", "changed the residence"},
    {KP_LABEL_ACTION, "change_code", "mainīja personas kodu", "changed the personal code"},
    {KP_LABEL_ACTION, "add_former_code", "pievienoja iepriekšējo personas kodu", "added a former personal code"},
    {KP_LABEL_ACTION, "link_representative", "piesaistīja pārstāvi", "linked a representative"},
    {KP_LABEL_ACTION, "link_represented", "piesaistīja pārstāvamo", "linked a represented person"},
    {KP_LABEL_ACTION, "end_representative", "izbeidza pārstāvību", "ended a representation"},
    {KP_LABEL_ACTION, "end_represented", "izbeidza pārstāvību (pārstāvamais)", "ended a representation (represented)"},
    {KP_LABEL_ACTION, "register_duplicate_elsewhere", "mēģināja reģistrēt citur reģistrētu personu",
     "tried to register a person registered elsewhere"},
    {KP_LABEL_ACTION, "register_duplicate_limit", "pārsniedza atkārtotas reģistrācijas pārbaužu skaitu",
     "went over the limit of duplicate checks"},
    {KP_LABEL_ACTION, "export", "eksportēja", "exported"},
    {KP_LABEL_ACTION, "import", "importēja", "imported"},
    {KP_LABEL_ACTION, "set_password", "nomainīja paroli", "set a password"},
    {KP_LABEL_ACTION, "disable", "atslēdza kontu", "disabled an account"},
    {KP_LABEL_ACTION, "create_demo_accounts", "izveidoja demonstrācijas kontus", "created demo accounts"},
    {KP_LABEL_ACTION, "seed_demo_caseloads", "sadalīja demonstrācijas klientus", "distributed demo clients"},
    /* Kinds of records in the audit trail. */
    {KP_LABEL_ENTITY, "client", "klients", "client"},
    {KP_LABEL_ENTITY, "application", "pieteikums tiešsaistē", "application made online"},
    {KP_LABEL_ENTITY, "app_user", "lietotājs", "user"},
    {KP_LABEL_ENTITY, "assessment", "izvērtējums", "assessment"},
    {KP_LABEL_ENTITY, "support_plan", "atbalsta plāns", "support plan"},
    {KP_LABEL_ENTITY, "plan_item", "plāna pakalpojums", "plan item"},
    {KP_LABEL_ENTITY, "assignment", "piešķirtais pakalpojums", "service assignment"},
    {KP_LABEL_ENTITY, "delivery", "sniegtais pakalpojums", "delivery"},
    {KP_LABEL_ENTITY, "claim", "kompensācijas pieprasījums", "claim"},
    {KP_LABEL_ENTITY, "claim_line", "pieprasījuma rinda", "claim line"},
    {KP_LABEL_ENTITY, "payment_request", "maksājuma pieprasījums", "payment request"},
    {KP_LABEL_ENTITY, "residence", "dzīvesvieta", "residence"},
    {KP_LABEL_ENTITY, "personal_code", "personas kods", "personal code"},
    {KP_LABEL_ENTITY, "representative", "pārstāvis", "representative"},
    {KP_LABEL_ENTITY, "client_representative", "pārstāvība", "representation"},
    {KP_LABEL_ENTITY, "client_worker", "atbildīgais darbinieks", "responsible worker"},
    {KP_LABEL_ENTITY, "indicator_value", "rādītāja vērtība", "indicator value"},
    {KP_LABEL_ENTITY, "plan_object", "DI plāna objekts", "DI plan object"},
    {KP_LABEL_ENTITY, "amendment", "grozījums", "amendment"},
    {KP_LABEL_ENTITY, "cooperation", "sadarbības līgums", "cooperation agreement"},
    {KP_LABEL_ENTITY, "file", "datne", "file"},
    {KP_LABEL_ENTITY, "provider", "pakalpojuma sniedzējs", "service provider"},
    {KP_LABEL_ENTITY, "facility", "pakalpojuma sniegšanas vieta", "facility"},
    {KP_LABEL_ENTITY, "social_service", "pašvaldības sociālais dienests", "municipal social service"},
    /* Statuses of a service or plan by date. */
    {KP_LABEL_STATUS, "planned", "plānots", "planned"},
    {KP_LABEL_STATUS, "in_force", "spēkā", "in force"},
    {KP_LABEL_STATUS, "suspended", "apturēts", "suspended"},
    {KP_LABEL_STATUS, "ended", "beidzies", "ended"},
    {KP_LABEL_STATUS, "cancelled", "atcelts", "cancelled"},
    {KP_LABEL_STATUS, "draft", "melnraksts", "draft"},
    {KP_LABEL_STATUS, "approved", "apstiprināts", "approved"},
    {KP_LABEL_STATUS, "submitted", "iesniegts", "submitted"},
    {KP_LABEL_STATUS, "verified", "pārbaudīts", "verified"},
    {KP_LABEL_STATUS, "paid", "apmaksāts", "paid"},
    {KP_LABEL_STATUS, "rejected", "noraidīts", "rejected"},
    {KP_LABEL_STATUS, "open", "atvērts", "open"},
    {KP_LABEL_STATUS, "closed", "slēgts", "closed"},
};

const char *kp_label(kp_req *r, kp_label_kind kind, const char *code)
{
    if (!code || !*code)
        return "";
    bool en = r && r->lang && strcmp(r->lang, "en") == 0;
    for (size_t i = 0; i < sizeof LABELS / sizeof LABELS[0]; i++)
        if (LABELS[i].kind == kind && strcmp(LABELS[i].code, code) == 0)
            return en ? LABELS[i].en : LABELS[i].lv;
    /* A code the table does not know yet reads as words, never as
     * "snake_case". */
    if (!r)
        return code;
    char *w = kp_arena_strdup(&r->arena, code);
    for (char *p = w; *p; p++)
        if (*p == '_')
            *p = ' ';
    return w;
}

bool kp_label_known(kp_label_kind kind, const char *code)
{
    for (size_t i = 0; code && i < sizeof LABELS / sizeof LABELS[0]; i++)
        if (LABELS[i].kind == kind && strcmp(LABELS[i].code, code) == 0)
            return true;
    return false;
}

const char *kp_label_code_at(kp_label_kind kind, size_t i)
{
    size_t k = 0;
    for (size_t j = 0; j < sizeof LABELS / sizeof LABELS[0]; j++)
        if (LABELS[j].kind == kind && k++ == i)
            return LABELS[j].code;
    return NULL;
}
