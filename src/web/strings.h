/* Every message the web interface shows people, keyed, with its Latvian and
 * English text side by side in one table, so the two languages cannot drift
 * apart: a key without both texts does not compile.
 * To add a message: add one X(KEY, "latviski", "in English") line. */
#ifndef KOPA_WEB_STRINGS_H
#define KOPA_WEB_STRINGS_H

#define KP_STRINGS(X)                                                                                            \
    X(S_APP_NAME, "Kopā", "Kopā")                                                                                 \
    X(S_APP_TAGLINE, "Deinstitucionalizācijas informācijas sistēma", "Deinstitutionalisation information system") \
    X(S_SKIP_TO_CONTENT, "Pāriet uz saturu", "Skip to content")                                                   \
    X(S_NAV_MAIN, "Galvenā izvēlne", "Main menu")                                                                 \
    X(S_NAV_HOME, "Sākums", "Home")                                                                               \
    X(S_NAV_CLIENTS, "Klienti", "Clients")                                                                        \
    X(S_NAV_AUDIT, "Audita žurnāls", "Audit trail")                                                               \
    X(S_NAV_PRIVACY, "Apstrādes reģistrs", "Processing record")                                                   \
    X(S_NAV_CASELOAD, "Mani klienti", "My caseload")                                                              \
    X(S_NAV_CASELOADS, "Darba slodze", "Caseloads")                                                               \
    X(S_NAV_REFERRALS, "Nosūtījumi", "Referrals")                                                                 \
    X(S_NAV_ATTENDANCE, "Apmeklējums", "Attendance")                                                              \
    X(S_NAV_STATEMENT, "Mēneša pārskats", "Monthly statement")                                                    \
    X(S_NAV_EVALUATION, "Izvērtējums", "Evaluation")                                                              \
    X(S_NAV_CHECK, "Datu kvalitāte", "Data quality")                                                              \
    X(S_NAV_NEED, "Vietas", "Places")                                                                             \
    X(S_EVAL_TITLE, "DI plāna izvērtējums", "DI plan evaluation")                                                 \
    X(S_FIGREC_TITLE, "Rādītāja ieraksti", "Records behind a figure")                                             \
    X(S_FIGREC_REGION, "Reģions", "Region")                                                                       \
    X(S_FIGREC_DATE, "Datums", "Date")                                                                            \
    X(S_FIGREC_COUNT, "Ierakstu skaits", "Number of records")                                                     \
    X(S_FIGREC_TOTAL, "Kopā (= rādītājs)", "Total (= the figure)")                                                \
    X(S_FIGREC_NUMERATOR, "Kopā (= daļas skaitītājs)", "Total (= the share's numerator)")                         \
    X(S_FIGREC_NONE, "Šim rādītājam ierakstu nav.", "No records make this figure.")                               \
    X(S_FIGREC_NR, "Nr.", "No.")                                                                                  \
    X(S_FIGREC_RECORD, "Persona vai ieraksts", "Person or record")                                                \
    X(S_FIGREC_MUNI, "Pašvaldība", "Municipality")                                                                \
    X(S_FIGREC_DETAIL, "Apraksts", "Detail")                                                                      \
    X(S_FIGREC_AMOUNT, "Vērtība", "Amount")                                                                       \
    X(S_FIGREC_DERIVED,                                                                                           \
      "Rādītājs ir daļa: uzskaitīti tās skaitītāja ieraksti.",                                                     \
      "The figure is a share: the records of its numerator are listed.")                                          \
    X(S_EVAL_INTRO, "Izvērtējums tiek aprēķināts no ierakstiem uz izvēlēto datumu. Apvienoto pašvaldību ieraksti "  \
                    "tiek uzskaitīti to pēctecēs.",                                                               \
      "The evaluation is computed from the records as they stood on the chosen date. Records of merged "          \
      "municipalities count under their successors.")                                                            \
    X(S_EVAL_REGION, "Plānošanas reģions", "Planning region")                                                    \
    X(S_EVAL_ALL, "Visa valsts (visi reģioni)", "The whole country (all regions)")                              \
    X(S_EVAL_AT, "Datums", "Date")                                                                              \
    X(S_EVAL_FORMAT, "Formāts", "Format")                                                                       \
    X(S_EVAL_MAKE, "Sagatavot", "Make")                                                                         \
    X(S_DOC_PLAN, "Atbalsta plāns (PDF)", "Support plan (PDF)")                                                 \
    X(S_DOC_DECISION, "Lēmums (PDF)", "Decision (PDF)")                                                         \
    X(S_DOC_REFERRAL, "Nosūtījums (PDF)", "Referral (PDF)")                                                     \
    X(S_DOC_STATEMENT, "Pārskats (PDF)", "Statement (PDF)")                                                     \
    X(S_LANG_SWITCH, "Valoda", "Language")                                                                        \
    X(S_LANG_OTHER, "English", "Latviski")                                                                        \
    X(S_LOGGED_IN_AS, "Pieteicies", "Logged in as")                                                               \
    X(S_LOGOUT, "Iziet", "Log out")                                                                               \
    X(S_LOGOUT_EVERYWHERE, "Iziet visās ierīcēs", "Log out everywhere")                                           \
    X(S_LOGIN_TITLE, "Pieteikšanās", "Log in")                                                                    \
    X(S_LOGIN_INTRO, "Piesakieties ar savu lietotājvārdu un paroli.", "Log in with your username and password.")  \
    X(S_USERNAME, "Lietotājvārds", "Username")                                                                    \
    X(S_PASSWORD, "Parole", "Password")                                                                           \
    X(S_LOGIN_BUTTON, "Pieteikties", "Log in")                                                                    \
    X(S_LOGIN_FAILED, "Nepareizs lietotājvārds vai parole.", "Wrong username or password.")                      \
    X(S_LOGIN_THROTTLED, "Pārāk daudz neveiksmīgu pieteikšanās mēģinājumu. Mēģiniet vēlreiz pēc",                 \
      "Too many failed login attempts. Try again in")                                                               \
    X(S_LOGIN_MINUTES, "min.", "min.")                                                                            \
    X(S_LOGIN_REQUIRED, "Obligāts lauks: aizpildiet to.", "Required: fill it in.")                               \
    X(S_LOGGED_OUT, "Jūs esat izgājis no sistēmas.", "You have logged out.")                                     \
    X(S_SESSION_ENDED, "Sesija ir beigusies. Piesakieties vēlreiz.", "Your session has ended. Please log in again.") \
    X(S_DRAFT_RESTORED, "Forma aizpildīta ar to, ko iepriekš ierakstījāt un vēl nebijāt saglabājis.",            \
      "The form holds what you typed before and had not saved yet.")                                              \
    X(S_RESUME_KEPT, "Jūsu sesija ir beigusies. Piesakieties vēlreiz — ko nosūtījāt, tiks saglabāts uzreiz pēc pieteikšanās.", \
      "Your session has ended. Log in again: what you sent is saved right after you log in.") \
    X(S_RESUME_KEPT_CODE, "Jūsu sesija ir beigusies. Piesakieties vēlreiz — ko nosūtījāt, tiks atjaunots pēc pieteikšanās; personas kods netiek glabāts, tas jāievada vēlreiz.", \
      "Your session has ended. Log in again: what you sent comes back after you log in; the personal code is not kept, type it again.") \
    X(S_RESUME_LOST, "Jūsu sesija ir beigusies. Piesakieties un nosūtiet formu vēlreiz.",                         \
      "Your session has ended. Log in and send the form again.")                                                  \
    X(S_CSRF_STALE, "Veidlapa ir novecojusi (drošības pārbaude). Jūsu ievadītais ir saglabāts: pārbaudiet un iesniedziet vēlreiz.", \
      "The form had expired (security check). What you typed is kept: check it and submit again.")               \
    X(S_HOME_TITLE, "Sākums", "Home")                                                                             \
    X(S_HOME_WELCOME, "Laipni lūdzam", "Welcome")                                                                 \
    X(S_HOME_ROLE, "Loma", "Role")                                                                                \
    X(S_HOME_SCOPE, "Darbības joma", "Scope")                                                                     \
    X(S_HOME_COOPERATION, "Sadarbības līgumi starp pašvaldībām", "Cooperation agreements between municipalities") \
    X(S_HOME_WHAT, "Ko varat darīt", "What you can do")                                                          \
    X(S_ROLE_ADMIN, "Administrators", "Administrator")                                                            \
    X(S_ROLE_SOCIAL_WORKER, "Sociālais darbinieks", "Social worker")                                             \
    X(S_ROLE_MUNICIPAL_HEAD, "Sociālā dienesta vadītājs", "Head of social service")                              \
    X(S_ROLE_PROVIDER, "Pakalpojuma sniedzējs", "Service provider")                                              \
    X(S_ROLE_REGION, "Plānošanas reģiona koordinators", "Planning region coordinator")                           \
    X(S_ROLE_MINISTRY, "Ministrijas analītiķis", "Ministry analyst")                                             \
    X(S_ROLE_SYSTEM, "Sistēma", "System")                                                                         \
    X(S_SCOPE_INSTALLATION, "visa sistēma", "the whole installation")                                            \
    X(S_SCOPE_COUNTRY, "visa valsts (apkopoti dati)", "the whole country (aggregates)")                          \
    X(S_SCOPE_PROVIDER, "sniedzējs Nr.", "provider no.")                                                         \
    X(S_AUDIT_TITLE, "Audita žurnāls", "Audit trail")                                                             \
    X(S_AUDIT_INTRO, "Kas, kad un ar kuru ierakstu ko darīja. Personas kodi žurnālā netiek rakstīti.",             \
      "Who did what to which record, and when. Personal codes are never written to the trail.")                  \
    X(S_AUDIT_FILTER, "Atlasīt", "Filter")                                                                        \
    X(S_AUDIT_USER, "Lietotājs", "User")                                                                          \
    X(S_AUDIT_CLIENT, "Klienta ID", "Client ID")                                                                  \
    X(S_AUDIT_ACTION, "Darbība", "Action")                                                                        \
    X(S_AUDIT_FROM, "No datuma", "From date")                                                                     \
    X(S_AUDIT_TO, "Līdz datumam", "To date")                                                                      \
    X(S_AUDIT_AT, "Laiks (UTC)", "Time (UTC)")                                                                    \
    X(S_AUDIT_ROLE, "Loma", "Role")                                                                               \
    X(S_AUDIT_ENTITY, "Ieraksts", "Record")                                                                       \
    X(S_AUDIT_DETAIL, "Sīkāk", "Detail")                                                                          \
    X(S_AUDIT_NONE, "Nav ierakstu, kas atbilst atlasei.", "No records match the filter.")                        \
    X(S_AUDIT_COUNT, "Atrasti ieraksti", "Records found")                                                        \
    X(S_DATE_HINT, "Formāts: dd.mm.gggg., piemēram, 31.12.2021.", "Format: dd.mm.yyyy, for example 31.12.2021")                                                  \
    X(S_PREV_PAGE, "Iepriekšējā lapa", "Previous page")                                                           \
    X(S_NEXT_PAGE, "Nākamā lapa", "Next page")                                                                    \
    X(S_ERR_TITLE, "Kļūda", "Error")                                                                              \
    X(S_ERR_400, "Pieprasījums nav derīgs.", "The request is not valid.")                                        \
    X(S_ERR_401, "Lai to redzētu, jāpiesakās.", "You need to log in to see this.")                               \
    X(S_ERR_403, "Jums nav tiesību to darīt.", "You are not allowed to do this.")                                \
    X(S_ERR_404, "Lapa vai ieraksts nav atrasts.", "The page or record was not found.")                          \
    X(S_ERR_405, "Šī darbība šai adresei nav atļauta.", "This method is not allowed here.")                      \
    X(S_ERR_413, "Iesniegtie dati ir par lielu: ne vairāk kā 1 MiB.", "What was sent is too large: at most 1 MiB.")                                 \
    X(S_ERR_429, "Pārāk daudz pieprasījumu. Pagaidiet un mēģiniet vēlreiz.", "Too many requests. Wait and try again.") \
    X(S_ERR_423, "Klienta ieraksta apstrāde ir ierobežota (VDAR 18. pants): to var skatīt, bet nevar mainīt, kamēr ierobežojums nav atcelts. Nekas netika saglabāts.", \
      "The client's record is restricted (GDPR Art. 18): it can be read but not changed until the restriction is lifted. Nothing was saved.") \
    X(S_ERR_500, "Radās kļūda sistēmā. Mēģiniet vēlreiz; ja tā atkārtojas, sazinieties ar administratoru.",      \
      "Something went wrong in the system. Try again; if it happens again, contact the administrator.")           \
    X(S_ERR_503, "Datubāze šobrīd nav pieejama (aizņemta, pilna vai bojāta), tāpēc nekas netika saglabāts. "        \
                 "Mēģiniet vēlreiz pēc brīža; ja tas atkārtojas, sazinieties ar administratoru.",                    \
      "The database is not available right now (busy, full or failing), so nothing was saved. "                  \
      "Try again in a moment; if it happens again, contact the administrator.")                                  \
    X(S_ERR_BUSY, "Serveris šobrīd ir pārslogots vai no jūsu adreses ir atvērts pārāk daudz savienojumu. "           \
                  "Mēģiniet vēlreiz pēc brīža.",                                                                 \
      "The server is busy, or too many connections are open from your address. Try again in a moment.")        \
    X(S_BACK_HOME, "Uz sākumu", "Back to home")                                                                   \
    X(S_FIELD_ERRORS, "Lūdzu, izlabojiet norādītos laukus.", "Please correct the fields shown.")                 \
    X(S_BAD_FIELD, "Nederīga vērtība", "Invalid value")                                                           \
    X(S_NAV_CLAIMS, "Kompensācijas", "Claims")                                                                      \
    X(S_NAV_INDICATORS, "Rādītāji", "Indicators")                                                                 \
    X(S_NAV_DIPLAN, "DI plāns", "DI plan")                                                                        \
    X(S_CLAIMS_TITLE, "Kompensāciju pieprasījumi", "Compensation claims")                                         \
    X(S_CLAIMS_INTRO_HEAD, "Pašvaldības pieprasījumi par apstiprinātajiem sniegtajiem pakalpojumiem.",            \
      "Your municipality's claims for confirmed deliveries.")                                                     \
    X(S_CLAIMS_INTRO_REGION, "Reģiona pieprasījumi, kas gaida pārbaudi vai apmaksu.",                             \
      "Claims of the region waiting for verification or payment.")                                                \
    X(S_CLAIM_BUILD_TITLE, "Sagatavot pieprasījumu par mēnesi", "Build the claim for a month")                   \
    X(S_CLAIM_MONTH, "Mēnesis", "Month")                                                                          \
    X(S_CLAIM_MONTH_HINT, "Formāts: GGGG-MM", "Format: YYYY-MM")                                                  \
    X(S_CLAIM_BUILD, "Sagatavot", "Build")                                                                        \
    X(S_CLAIM_NOTHING, "Šajā mēnesī nav apstiprinātu piegāžu, kas vēl nav pieprasītas.",                          \
      "No confirmed deliveries in this month are left to claim.")                                                 \
    X(S_CLAIM_NONE, "Pieprasījumu nav.", "No claims.")                                                            \
    X(S_CLAIM_NO, "Pieprasījums Nr.", "Claim no.")                                                                \
    X(S_CLAIM_MUNICIPALITY, "Pašvaldība", "Municipality")                                                         \
    X(S_CLAIM_STATUS, "Statuss", "Status")                                                                        \
    X(S_CLAIM_LINES, "Rindas", "Lines")                                                                           \
    X(S_CLAIM_PENDING, "Jāizskata", "To verify")                                                                  \
    X(S_CLAIM_TOTAL, "Pieprasīts", "Claimed")                                                                     \
    X(S_CLAIM_ACCEPTED, "Pieņemts", "Accepted")                                                                   \
    X(S_CLAIM_PROJECT, "Projekts", "Project")                                                                     \
    X(S_CLAIM_BUILT_ON, "Sagatavots", "Built on")                                                                 \
    X(S_CLAIM_ST_SUBMITTED, "iesniegts", "submitted")                                                             \
    X(S_CLAIM_ST_VERIFIED, "pārbaudīts", "verified")                                                              \
    X(S_CLAIM_ST_PAID, "apmaksāts", "paid")                                                                       \
    X(S_LINE_ST_PENDING, "gaida lēmumu", "waiting for a verdict")                                                 \
    X(S_LINE_ST_ACCEPTED, "pieņemta", "accepted")                                                                 \
    X(S_LINE_ST_REJECTED, "noraidīta", "rejected")                                                                \
    X(S_LINE_ST_CORRECTION, "nosūtīta labot", "sent back for correction")                                         \
    X(S_LINE_ST_REFUSED, "atteikta, sagatavojot pieprasījumu", "refused when the claim was built")                \
    X(S_CLAIM_LINE_NO, "Nr.", "No.")                                                                              \
    X(S_CLAIM_CLIENT, "Klients", "Client")                                                                        \
    X(S_CLAIM_CLIENT_NO, "klients Nr.", "client no.")                                                             \
    X(S_CLAIM_SERVICE, "Pakalpojums", "Service")                                                                  \
    X(S_CLAIM_DATE, "Datums", "Date")                                                                             \
    X(S_CLAIM_UNITS, "Vienības", "Units")                                                                         \
    X(S_CLAIM_UNIT_COST, "Vienības izmaksas", "Unit cost")                                                        \
    X(S_CLAIM_AMOUNT, "Summa", "Amount")                                                                          \
    X(S_CLAIM_VERDICT, "Lēmums", "Verdict")                                                                       \
    X(S_CLAIM_DECIDE, "Izskatīt", "Decide")                                                                       \
    X(S_CLAIM_REASON, "Pamatojums", "Reason")                                                                     \
    X(S_CLAIM_REASON_HINT, "Obligāts, ja noraida vai sūta labot", "Required to reject or send back")              \
    X(S_CLAIM_ACCEPT, "Pieņemt", "Accept")                                                                        \
    X(S_CLAIM_REJECT, "Noraidīt", "Reject")                                                                       \
    X(S_CLAIM_CORRECT, "Sūtīt labot", "Ask for correction")                                                       \
    X(S_CLAIM_SAVED, "Lēmums saglabāts.", "The verdict was saved.")                                               \
    X(S_CLAIM_BACK, "Visi pieprasījumi", "All claims")                                                            \
    X(S_CLAIM_WAITING, "Gaida pārbaudi", "Waiting for verification")                                              \
    X(S_CLAIM_TO_PAY, "Pārbaudīti, gaida apmaksu", "Verified, waiting for payment")                               \
    X(S_CLAIM_PAY_SELECT, "Izvēlieties apmaksājamos pieprasījumus", "Choose the claims to pay")                   \
    X(S_CLAIM_PAID_ON, "Apmaksas datums", "Paid on")                                                              \
    X(S_CLAIM_PAY, "Apmaksāt izvēlētos", "Pay the chosen claims")                                                 \
    X(S_CLAIM_PAY_NONE, "Nav pārbaudītu pieprasījumu, ko apmaksāt.", "No verified claims to pay.")                \
    X(S_CLAIM_PAY_PICK, "izvēlieties vismaz vienu pieprasījumu", "choose at least one claim")                     \
    X(S_CLAIM_PAY_MORE, "Rādīti pirmie pieprasījumi; pārējos apmaksājiet nākamajā maksājumā.",                    \
      "The first claims are shown; pay the others in the next payment.")                                          \
    X(S_BUNDLE_TITLE, "Maksājums veikts", "Payment made")                                                         \
    X(S_BUNDLE_CLAIMS, "Apmaksāti pieprasījumi", "Claims paid")                                                   \
    X(S_BUNDLE_TOTAL, "Kopā", "Total")                                                                            \
    X(S_BUNDLE_ESF, "ESF daļa (85 %, noapaļota katram maksājumam)", "ESF part (85 %, rounded per payment)")       \
    X(S_BUNDLE_STATE, "Valsts daļa", "State part")                                                                \
    X(S_BUNDLE_FLAT, "85 % no kopsummas, noapaļoti vienreiz", "85 % of the total, rounded once")                  \
    X(S_BUNDLE_DIFF, "Noapaļošanas starpība", "Rounding difference")                                              \
    X(S_IND_TITLE, "Rādītāji", "Indicators")                                                                      \
    X(S_IND_INTRO, "Reģiona rādītāji. Aprēķinātos iegūst no ierakstiem; pārējos ievada cilvēki, vienu vērtību gadā.", \
      "The region's indicators. Computed ones come from the records; the others are entered, one value a year.")  \
    X(S_IND_NAME, "Rādītājs", "Indicator")                                                                        \
    X(S_IND_BASELINE, "Bāzes vērtība", "Baseline")                                                                \
    X(S_IND_TARGET, "Mērķis", "Target")                                                                           \
    X(S_IND_VALUE_NOW, "Vērtība šodien", "Value today")                                                            \
    X(S_IND_SOURCE, "Avots", "Source")                                                                            \
    X(S_IND_COMPUTED, "aprēķina no ierakstiem", "computed from the records")                                      \
    X(S_IND_ENTERED, "ievada", "entered by")                                                                      \
    X(S_IND_VALUES, "Ievadītās vērtības", "Values entered")                                                       \
    X(S_IND_ENTER, "Ievadīt vērtību", "Enter a value")                                                            \
    X(S_IND_FORM_TITLE, "Ievadīt gada vērtību", "Enter a year's value")                                           \
    X(S_IND_YEAR, "Gads", "Year")                                                                                 \
    X(S_IND_VALUE, "Vērtība", "Value")                                                                            \
    X(S_IND_SAVE, "Saglabāt", "Save")                                                                             \
    X(S_IND_SAVED, "Vērtība saglabāta.", "The value was saved.")                                                  \
    X(S_IND_NONE, "Reģionam nav rādītāju.", "The region has no indicators.")                                      \
    X(S_IND_CORRECT, "labot", "correct")                                                                          \
    X(S_IND_CORRECTED, "labots", "corrected")                                                                     \
    X(S_IND_CORRECT_TITLE, "Labot ievadītu vērtību", "Correct an entered value")                                  \
    X(S_IND_CORRECT_HINT, "Labojums stājas spēkā šodien: pārskati par agrāku datumu rāda vērtību, kāda tā bija tad.", \
      "The correction takes effect today: reports at an earlier date show the value as it was then.")              \
    X(S_IND_NEW_VALUE, "Jaunā vērtība", "New value")                                                              \
    X(S_IND_REASON, "Iemesls", "Reason")                                                                          \
    X(S_IND_CORRECT_SAVE, "Labot", "Correct")                                                                     \
    X(S_IND_CORRECTED_NOTICE, "Vērtība labota.", "The value was corrected.")                                      \
    X(S_FOOTER, "Kopā — sociālo pakalpojumu deinstitucionalizācija Latvijā",                                     \
      "Kopā — deinstitutionalisation of social care in Latvia")

typedef enum kp_str_key {
#define KP_STR_ENUM(key, lv, en) key,
    KP_STRINGS(KP_STR_ENUM)
#undef KP_STR_ENUM
    KP_STR_COUNT
} kp_str_key;

/* The message in `lang` ("en" gives English, anything else Latvian).
 * Static text; never NULL. */
const char *kp_str(const char *lang, kp_str_key key);

#endif
