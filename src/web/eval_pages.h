/* Shared parts of the evaluation's pages (page_evaluation_*.c,
 * api_evaluation.c): which region and date a request is about, the links
 * between the pages, plain text as paragraphs, and their strings in Latvian
 * and English (one keyed table, eval_common.c). */
#ifndef KOPA_WEB_EVAL_PAGES_H
#define KOPA_WEB_EVAL_PAGES_H
#include "web/pages.h"
#include "core/date.h"
#include "service/figures/evaluations.h"

#define EVAL_STRINGS(X)                                                                                                \
    X(E_VIEW, "Izvērtējums pārlūkā", "The evaluation in the browser")                                                  \
    X(E_VIEW_BUTTON, "Skatīt pārlūkā", "Read in the browser")                                                          \
    X(E_CHAPTERS, "Nodaļu teksti", "Chapters of text")                                                                 \
    X(E_APPROVE, "Apstiprināšana", "Approval")                                                                         \
    X(E_VERSIONS, "Apstiprinātās versijas", "Approved versions")                                                       \
    X(E_SUBNAV, "Izvērtējuma sadaļas", "Parts of the evaluation")                                                      \
    X(E_CONTENTS, "Saturs", "Contents")                                                                                \
    X(E_WHOLE, "Viss dokuments vienā lapā (drukāšanai)", "The whole document on one page (for printing)")             \
    X(E_PREV, "Iepriekšējā nodaļa", "Previous chapter")                                                                \
    X(E_NEXT, "Nākamā nodaļa", "Next chapter")                                                                         \
    X(E_DOWNLOADS, "Lejupielādēt", "Download")                                                                         \
    X(E_PAGER, "Nodaļas", "Chapters")                                                                                  \
    X(E_CH_INTRO, "Nodaļu tekstus raksta reģiona koordinators. Vienkāršs teksts: tukša rinda sāk jaunu rindkopu, "     \
                  "rinda, kas sākas ar \"- \", ir saraksta punkts. Katra saglabāšana, kas maina tekstu, ir jauna versija.",  \
      "The region's coordinator writes the chapters. Plain text: an empty line starts a new paragraph, a line "        \
      "starting with \"- \" is a list item. Every save that changes a text is a new version.")                        \
    X(E_CH_SAVE, "Saglabāt tekstus", "Save the texts")                                                                 \
    X(E_CH_SAVED, "Teksti saglabāti.", "The texts are saved.")                                                         \
    X(E_CH_VERSION, "versija", "version")                                                                              \
    X(E_CH_NONE, "vēl nav rakstīts", "not written yet")                                                                \
    X(E_CH_HISTORY, "versiju vēsture", "history of versions")                                                          \
    X(E_CH_HISTORY_TITLE, "Nodaļas versijas", "Versions of the chapter")                                               \
    X(E_CH_EMPTY, "(tukšs)", "(empty)")                                                                                \
    X(E_CH_INTRODUCTION, "Ievads un tiesiskais pamats", "Introduction and legal basis")                                \
    X(E_CH_DEVIATIONS, "Faktori, kas ietekmējuši DI plāna īstenošanu", "Factors behind deviations from the plan")      \
    X(E_CH_FINDINGS, "Pētījumā konstatētais", "Findings")                                                              \
    X(E_CH_RECOMMENDATIONS, "Ieteikumi", "Recommendations")                                                            \
    X(E_CH_OPINIONS_WORKERS, "Sociālo darbinieku viedoklis", "Social workers' opinions")                              \
    X(E_CH_OPINIONS_CLIENTS, "Pakalpojumu saņēmēju viedoklis", "Service recipients' opinions")                        \
    X(E_AP_FIRST, "Šī būs pirmā apstiprinātā versija.", "This will be the first approved version.")                  \
    X(E_AP_WILL, "Apstiprinot tiks saglabāta versija", "Approving stores version")                                     \
    X(E_AP_WHAT, "PDF, HTML, XLSX un CSV faili ar skaitļiem un nodaļu tekstiem, kādi tie ir tagad, un katra faila "   \
                 "SHA-256. Iepriekšējās versijas paliek nemainītas.",                                                   \
      "the PDF, HTML, XLSX and CSV files with the figures and chapter texts as they are now, and each file's "        \
      "SHA-256. Earlier versions stay unchanged.")                                                                     \
    X(E_AP_SINCE, "Izmaiņas kopš versijas", "Changes since version")                                                   \
    X(E_AP_NOCHANGE, "Kopš iepriekšējās versijas nekas nav mainījies.", "Nothing changed since the previous version.") \
    X(E_AP_CONFIRM, "Apstiprināt versiju", "Approve version")                                                          \
    X(E_AP_CONFLICT, "Kamēr lapa bija atvērta, izvērtējums tika apstiprināts vai teksts mainīts. Pārskatiet izmaiņas " \
                     "un apstipriniet vēlreiz.",                                                                        \
      "While the page was open the evaluation was approved or a text changed. Look at the changes and approve again.") \
    X(E_KIND, "Kas", "What")                                                                                           \
    X(E_ITEM, "Rādītājs vai nodaļa", "Figure or chapter")                                                              \
    X(E_OLD, "Bija", "Was")                                                                                            \
    X(E_NEW, "Ir", "Is")                                                                                               \
    X(E_FIGURE, "skaitlis", "figure")                                                                                  \
    X(E_CHAPTER, "nodaļa", "chapter")                                                                                  \
    X(E_VERSION, "Versija", "Version")                                                                                 \
    X(E_APPROVED_AT, "Apstiprināta", "Approved")                                                                       \
    X(E_APPROVED_BY, "Apstiprināja", "Approved by")                                                                    \
    X(E_NCHANGES, "Izmaiņas", "Changes")                                                                               \
    X(E_FILES, "Faili un SHA-256", "Files and SHA-256")                                                                \
    X(E_NO_VERSIONS, "Šis izvērtējums vēl nav apstiprināts.", "This evaluation has not been approved yet.")          \
    X(E_VERSION_TITLE, "Apstiprinātā versija", "Approved version")                                                     \
    X(E_BYTES, "baiti", "bytes")                                                                                       \
    X(E_FOR, "uz", "as at")                                                                                           \
    X(E_ERR_REGION, "nav norādīts plānošanas reģions: izvēlieties reģionu lapā «Izvērtējums» (/evaluation)",         \
      "no planning region given: choose the region on the Evaluation page (/evaluation)")                             \
    X(E_ERR_CHAPTER, "tādas nodaļas nav: izvēlieties nodaļu lapā «Nodaļas» (introduction, deviations, findings, "    \
                     "recommendations, opinions_workers, opinions_clients)",                                          \
      "no such chapter: choose one on the Chapters page (introduction, deviations, findings, recommendations, "     \
      "opinions_workers, opinions_clients)")                                                                          \
    X(E_ERR_FORMAT, "tāda faila nav: format=pdf, html, xlsx, csv vai json", "no such file: format=pdf, html, xlsx, csv or json")  \
    X(E_OPEN_DATA, "Atvērtie dati (bez mazajiem skaitļiem), publiski pēc apstiprināšanas:",                            \
      "Open data (without small numbers), public once approved:")                                                      \
    X(E_ERR_OPEN_ONLY, "apstiprinātās versijas precīzie skaitļi ir reģionam; atvērtie dati (bez mazajiem skaitļiem): format=csv vai json", \
      "the exact figures of an approved version are the region's; open data (without small numbers): format=csv or json")

#define E_ENUM(k, lv, en) k,
enum { EVAL_STRINGS(E_ENUM) E_COUNT };
#undef E_ENUM

/* A string of the table above in the request's language. */
const char *eval_s(const kp_req *r, int key);

/* The date an evaluation is made at when none is asked for: the end of
 * the evaluated period 2017–2021 (seed 003). */
#define EVAL_DEFAULT_AT "2021-12-31"

/* The files an approved version keeps, the same from the page and the API. */
extern const char *const EVAL_FORMATS[];
extern const size_t EVAL_NFORMATS;

/* The region and date a request names: `region` (a coordinator's own when
 * absent), `at` or `date` (ISO after the router; EVAL_DEFAULT_AT when absent).
 * false, with a message on `region` in r->errors, when no region is given
 * by one who must give it. */
bool eval_target(kp_req *r, const char **region, kp_date *at, char at_iso[11]);

/* "?region=…&at=…" (escaped for an attribute) after a path. */
void eval_link(kp_req *r, const char *path, const char *region, const char *at_iso);

/* The links between the evaluation's pages; `current` is the one shown
 * (E_VIEW, E_CHAPTERS, E_APPROVE, E_VERSIONS). */
void eval_subnav(kp_req *r, const char *region, const char *at_iso, int current);

/* true when `key` names a chapter (chapters.h); false, with a message on
 * `chapter` in r->errors, when it does not. */
bool eval_chapter_known(kp_req *r, const char *key);

/* The chapter's title in the request's language (key from chapters.h). */
const char *eval_chapter_title(const kp_req *r, const char *key);

/* Plain text as paragraphs (an empty line between them), escaped. */
void eval_plain_text(kp_req *r, const char *text);

/* The figures and chapters changed between two versions, as a table. */
void eval_changes_table(kp_req *r, const kp_eval_changes *c);

#endif
