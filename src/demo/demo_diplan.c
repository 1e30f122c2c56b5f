/* The demo's DI plan, the way the Zemgale evaluation (seed 003) describes
 * it: the objects its municipal sections list, the amendments of its
 * Appendix 2 with what each changed, the Aizkraukle council's stop of its
 * ERDF project (21.10.2021) and the register entries of the objects that
 * work. At 31.12.2021 the plan gives the evaluation's summary (its
 * "DI plāna infrastruktūras risinājums … ar iekļautiem grozījumiem nr.8")
 * and each territory's ERDF money (figures file); cooperation between
 * neighbours; and the region's indicators with the values people enter.
 * Objects carry the addresses the source names (Appendix 2 and the
 * municipal sections; where it names only a town or parish, that), and the
 * amendments their full texts (data/demo/zemgale-amendments.txt, taken
 * from Appendix 2). */
#include "demo/demo_plan.h"
#include "service/programme/programme.h"
#include "demo/demo_sql.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/money.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the plan's objects ------------------------------------------------ */

/* One object as the source lists it (named without an address where an
 * amendment moved it). `key` is the catalogue key of the
 * territory it was planned in (pre-reform), `post` the figures file's key
 * of the territory that holds it now. places0: places in the plan as
 * approved or as the amendment that added it gave them (-1: none given).
 * added: 0 = in the plan as approved, N = added by amendment N. */
typedef struct obj_spec {
    const char *key, *post, *name, *tg, *service;
    int places0;
    int added;
    const char *addr; /* as the plan as approved (or the adding amendment) gave it */
} obj_spec;

/* Indexes into OBJECTS, for the changes below. */
enum {
    J1, J2, J3, J4, J5, J6, J7, J8, J9, J10, J11,
    A1, A2, A3, A4, K1, K2, K3, P1, P2, P3, N1, N2, N3,
    B1, B2, B3, B4, B5, B6, B7, B8, B9, B10, R1, R2, I1, I2, I3, V1, V2,
    AU1, D1, D2, D3, D4,
    JN1, JN2, JN3, JN4, O1, O2,
    JK1, JK2, JK3, JK4, JK5, JK6, JK7, AK1, AK2, S1, S2,
    NOBJ
};

/* The source's summary counts 14 group-home, 6 workshop and 12 FT day care
 * places and one rehabilitation room more than the objects its municipal
 * sections list (they are, place for place, what Aizkraukle's stopped
 * objects had planned: the summary still counts them). Kopā counts a
 * cancelled object without places (docs/figures.md), so the demo gives
 * those places to Jelgava's objects still being built (J2, J6, J7) and adds
 * the room (J11), marked "(demo)", to reproduce the summary. Addresses the
 * source gives before an amendment moved the object are here; the moves are
 * in ADDRESS_CHANGES. */
#define ZIRGU "Zirgu iela 47a, Jelgava"
#define RUPN "Rūpniecības iela 9, Bauska"
static const obj_spec OBJECTS[NOBJ] = {
    [J1] = {"jelgava-city-pre2021", "jelgava_city", "Dienas aprūpes centrs “Integra” pilngadīgām personām ar GRT", "grt", "day_care", 18, 0, ZIRGU},
    [J2] = {"jelgava-city-pre2021", "jelgava_city", "Dienas aprūpes centrs “Integra” bērniem ar FT (demo: +12 vietas)", "ft", "day_care", 19, 0, ZIRGU},
    [J3] = {"jelgava-city-pre2021", "jelgava_city", "Dienas centrs “Harmonija” pilngadīgām personām ar GRT", "grt", "day_care", 15, 0, "Jelgava"},
    [J4] = {"jelgava-city-pre2021", "jelgava_city", "Atelpas brīža pakalpojums bērniem ar FT", "ft", "respite", 10, 0, ZIRGU},
    [J5] = {"jelgava-city-pre2021", "jelgava_city", "Montessori istaba bērniem ar FT", "ft", "social_rehab", -1, 0, ZIRGU},
    [J6] = {"jelgava-city-pre2021", "jelgava_city", "Daudzfunkcionālā centra grupu dzīvokļi personām ar GRT (demo: +14 vietas)", "grt", "group_home", 30, 0, ZIRGU},
    [J7] = {"jelgava-city-pre2021", "jelgava_city", "Daudzfunkcionālā centra specializētās darbnīcas (demo: +6 vietas)", "grt", "workshop", 21, 0, ZIRGU},
    [J8] = {"jelgava-city-pre2021", "jelgava_city", "Ģimeniskai videi pietuvināts pakalpojums bērniem", "bsac", "family_like_care", 24, 0, "Nameja iela 30, Jelgava"},
    [J9] = {"jelgava-city-pre2021", "jelgava_city", "Dienas atbalsta centrs “Atbalsts”: 5 jaunas vietas", "grt", "day_care", 5, 4, "Stacijas iela 13, Jelgava"},
    [J10] = {"jelgava-city-pre2021", "jelgava_city", "Peldbaseina pielāgošana bērniem ar FT", "ft", "social_rehab", -1, 0, "Jelgava"},
    [J11] = {"jelgava-city-pre2021", "jelgava_city", "Sociālās rehabilitācijas telpa bērniem ar FT (demo)", "ft", "social_rehab", -1, 0, ZIRGU},
    [A1] = {"aizkraukle-pre2021", "aizkraukle", "Daudzfunkcionālā pakalpojumu centra DAC personām ar GRT", "grt", "day_care", -1, 1, "Lāčplēša iela 4, Aizkraukle"},
    [A2] = {"aizkraukle-pre2021", "aizkraukle", "Daudzfunkcionālā pakalpojumu centra DAC bērniem ar FT", "ft", "day_care", -1, 1, "Lāčplēša iela 4, Aizkraukle"},
    [A3] = {"aizkraukle-pre2021", "aizkraukle", "Daudzfunkcionālā pakalpojumu centra specializētās darbnīcas", "grt", "workshop", -1, 1, "Lāčplēša iela 4, Aizkraukle"},
    [A4] = {"aizkraukle-pre2021", "aizkraukle", "Grupu dzīvoklis personām ar GRT, Aizkraukle", "grt", "group_home", 12, 0, "Spīdolas iela 18, Aizkraukle"},
    [K1] = {"koknese-pre2021", "aizkraukle", "Dienas aprūpes centrs personām ar GRT, Koknese", "grt", "day_care", 8, 0, "Koknese"},
    [K2] = {"koknese-pre2021", "aizkraukle", "Dienas aprūpes centrs bērniem ar FT, Koknese", "ft", "day_care", 6, 0, "Koknese"},
    [K3] = {"koknese-pre2021", "aizkraukle", "Ģimeniskai videi pietuvināts pakalpojums “Madaras”", "bsac", "family_like_care", 15, 0, "“Madaras”, Iršu pagasts, Kokneses novads"},
    [P1] = {"plavinas-pre2021", "aizkraukle", "Dienas aprūpes centrs pilngadīgām personām ar GRT, Pļaviņas", "grt", "day_care", 5, 0, "Pļaviņas"},
    [P2] = {"plavinas-pre2021", "aizkraukle", "Dienas aprūpes centrs bērniem ar FT, Pļaviņas", "ft", "day_care", 6, 0, "Pļaviņas"},
    [P3] = {"plavinas-pre2021", "aizkraukle", "Grupu dzīvoklis personām ar GRT, Vietalva", "grt", "group_home", 10, 0, "Vietalvas pagasts, Pļaviņu novads"},
    [N1] = {"nereta-pre2021", "aizkraukle", "Dienas aprūpes centrs bērniem ar FT, Sproģi", "ft", "day_care", 3, 0, "Neretas novads"},
    [N2] = {"nereta-pre2021", "aizkraukle", "Grupu dzīvokļi personām ar GRT, Sproģi", "grt", "group_home", 7, 0, "Neretas novads"},
    [N3] = {"nereta-pre2021", "aizkraukle", "Dienas aprūpes centrs personām ar GRT Jauniešu centrā", "grt", "day_care", 7, 0, "Bērnudārzs 2, Sproģi, Zalves pagasts, Neretas novads"},
    [B1] = {"bauska-pre2021", "bauska", "Daudzfunkcionālā centra DAC bērniem ar FT", "ft", "day_care", 10, 0, RUPN},
    [B2] = {"bauska-pre2021", "bauska", "Daudzfunkcionālā centra DAC pilngadīgām personām ar GRT", "grt", "day_care", 20, 0, RUPN},
    [B3] = {"bauska-pre2021", "bauska", "Specializētās darbnīcas personām ar GRT, Bauska", "grt", "workshop", 10, 0, "Bauska"},
    [B4] = {"bauska-pre2021", "bauska", "Atelpas brīža pakalpojums bērniem ar FT, Bauska", "ft", "respite", 12, 0, "Bauska"},
    [B5] = {"bauska-pre2021", "bauska", "Sociālās rehabilitācijas telpa bērniem ar FT", "ft", "social_rehab", -1, 0, RUPN},
    [B6] = {"bauska-pre2021", "bauska", "Grupu dzīvokļi personām ar GRT, Bauska", "grt", "group_home", 16, 0, "Pļavu iela 12, Bauska"},
    [B7] = {"bauska-pre2021", "bauska", "Atelpas brīža pakalpojums personām ar GRT, Bauska", "grt", "respite", 4, 7, "Slimnīcas iela 4, Bauska"},
    [B8] = {"bauska-pre2021", "bauska", "Ģimeniskai videi pietuvināts pakalpojums, Bauska", "bsac", "family_like_care", 8, 0, "Bauska"},
    [B9] = {"bauska-pre2021", "bauska", "Sociālās rehabilitācijas kabinets bērniem ar FT (1)", "ft", "social_rehab", -1, 7, RUPN},
    [B10] = {"bauska-pre2021", "bauska", "Sociālās rehabilitācijas kabinets bērniem ar FT (2)", "ft", "social_rehab", -1, 7, RUPN},
    [R1] = {"rundale-pre2021", "bauska", "Dienas aprūpes centrs bērniem ar FT, Rundāle", "ft", "day_care", 11, 0, "Rundāles pagasts, Rundāles novads"},
    [R2] = {"rundale-pre2021", "bauska", "Dienas aprūpes centrs pilngadīgām personām ar GRT, Rundāle", "grt", "day_care", 3, 0, "Rundāles pagasts, Rundāles novads"},
    [I1] = {"iecava-pre2021", "bauska", "Dienas aprūpes centrs personām ar GRT, Iecava", "grt", "day_care", 25, 0, "Iecava"},
    [I2] = {"iecava-pre2021", "bauska", "Sociālās rehabilitācijas telpa bērniem ar FT, Iecava", "ft", "social_rehab", -1, 0, "Iecava"},
    [I3] = {"iecava-pre2021", "bauska", "Terapijas istaba bērniem ar FT", "ft", "social_rehab", -1, 7, "Baldones iela 65, Iecava"},
    [V1] = {"vecumnieki-pre2021", "bauska", "Dienas aprūpes centrs bērniem ar FT, Vecumnieki", "ft", "day_care", 19, 0, "Vecumnieki"},
    [V2] = {"vecumnieki-pre2021", "bauska", "Dienas aprūpes centrs pilngadīgām personām ar GRT, Vecumnieki", "grt", "day_care", 8, 0, "Vecumnieki"},
    [AU1] = {"auce-pre2021", "dobele", "Dienas aprūpes centrs “Bēne” bērniem ar FT", "ft", "day_care", 7, 0, "Bēne, Bēnes pagasts, Auces novads"},
    [D1] = {"dobele-pre2021", "dobele", "Dienas aprūpes centrs personām ar GRT, Dobele", "grt", "day_care", 20, 0, "Dobele"},
    [D2] = {"dobele-pre2021", "dobele", "Grupu dzīvokļi personām ar GRT, Dobele", "grt", "group_home", 16, 0, "Dobele"},
    [D3] = {"dobele-pre2021", "dobele", "Specializētās darbnīcas personām ar GRT, Dobele", "grt", "workshop", 16, 0, "Dobele"},
    [D4] = {"dobele-pre2021", "dobele", "Dienas aprūpes centrs bērniem ar FT, Dobele", "ft", "day_care", 26, 0, "Dobele"},
    [JN1] = {"jelgava-county-pre2021", "jelgava_county", "Sociālo pakalpojumu centrs “Laipa”: dienas aprūpes centrs personām ar GRT", "grt", "day_care", 12, 0, "Kalnciems, Jelgavas novads"},
    [JN2] = {"jelgava-county-pre2021", "jelgava_county", "Sociālo pakalpojumu centrs “Laipa”: grupu dzīvokļi personām ar GRT", "grt", "group_home", 16, 0, "Kalnciems, Jelgavas novads"},
    [JN3] = {"jelgava-county-pre2021", "jelgava_county", "Sociālo pakalpojumu centrs “Laipa”: specializētā darbnīca", "grt", "workshop", 16, 0, "Kalnciems, Jelgavas novads"},
    [JN4] = {"jelgava-county-pre2021", "jelgava_county", "Ģimeniskai videi pietuvināts pakalpojums bērniem, Eleja", "bsac", "family_like_care", 12, 0, "Eleja, Elejas pagasts, Jelgavas novads"},
    [O1] = {"ozolnieki-pre2021", "jelgava_county", "Sociālo pakalpojumu centrs “Zīle”: DAC personām ar GRT", "grt", "day_care", 5, 0, "Āne, Cenu pagasts, Ozolnieku novads"},
    [O2] = {"ozolnieki-pre2021", "jelgava_county", "Sociālo pakalpojumu centrs “Zīle”: silto smilšu terapijas istaba bērniem ar FT", "ft", "social_rehab", -1, 0, "Āne, Cenu pagasts, Ozolnieku novads"},
    [JK1] = {"jekabpils-city-pre2021", "jekabpils", "Dienas aprūpes centrs bērniem ar FT, Jēkabpils", "ft", "day_care", 25, 0, "Jēkabpils"},
    [JK2] = {"jekabpils-city-pre2021", "jekabpils", "Dienas aprūpes centrs personām ar GRT, Jēkabpils", "grt", "day_care", 30, 0, "Jēkabpils"},
    [JK3] = {"jekabpils-city-pre2021", "jekabpils", "Specializēto darbnīcu pakalpojums, Jēkabpils", "grt", "workshop", 15, 0, "Jēkabpils"},
    [JK4] = {"jekabpils-city-pre2021", "jekabpils", "Sociālās rehabilitācijas telpa bērniem ar FT, Jēkabpils", "ft", "social_rehab", -1, 0, "Jēkabpils"},
    [JK5] = {"jekabpils-city-pre2021", "jekabpils", "Grupu dzīvoklis personām ar GRT, Jēkabpils", "grt", "group_home", 16, 0, "Jēkabpils"},
    [JK6] = {"jekabpils-city-pre2021", "jekabpils", "Silto smilšu terapijas telpa bērniem ar FT", "ft", "social_rehab", -1, 7, "Jēkabpils"},
    [JK7] = {"jekabpils-city-pre2021", "jekabpils", "Mūzikas terapijas telpa bērniem ar FT", "ft", "social_rehab", -1, 7, "Jēkabpils"},
    [AK1] = {"akniste-pre2021", "jekabpils", "Dienas aprūpes centrs personām ar GRT, Aknīste", "grt", "day_care", 20, 0, "Aknīste"},
    [AK2] = {"akniste-pre2021", "jekabpils", "Grupu dzīvokļi personām ar GRT, Ancene", "grt", "group_home", 10, 0, "“Rīteri”, Ancene, Asares pagasts, Aknīstes novads"},
    [S1] = {"sala-pre2021", "jekabpils", "Atelpas brīža pakalpojums bērniem ar FT, Sēlpils", "ft", "respite", 12, 0, "Muižas ēkas 1. stāvs, Sēlpils pagasts, Salas novads"},
    [S2] = {"sala-pre2021", "jekabpils", "Ģimeniskai videi pietuvināts pakalpojums, Birži", "bsac", "family_like_care", 24, 0, "Salas novads"},
};

/* Addresses the amendments changed (Appendix 2). */
static const struct {
    int amendment, object;
    const char *addr;
} ADDRESS_CHANGES[] = {
    {1, S2, "Biržu iela 12, Birži, Salas pagasts, Salas novads"},
    {2, J10, "PII “Kāpēcīši”, Ganību iela 66, Jelgava"},
    {2, N1, "Sproģu skola, Sproģi, Zalves pagasts, Neretas novads"},
    {2, N2, "Sproģu skola, Sproģi, Zalves pagasts, Neretas novads"},
    {3, AK2, "“Rīti”, Ancene, Asares pagasts, Aknīstes novads"},
    {3, D2, "Ādama iela 2, Dobele"},
    {3, D1, "Brīvības iela 3, Dobele"},
    {3, P3, "Aveņu iela 2-2, Vietalvas pagasts, Pļaviņu novads"},
    {4, J8, "Stacijas iela 13, Jelgava"},
    {5, S1, "“Līkumi”, Sēlpils pagasts, Salas novads"},
    {6, B6, "Slimnīcas iela 4, Bauska"},
    {7, A4, "Lāčplēša iela 4, Aizkraukle"},
    {7, A1, "Daugavas iela 1, Aizkraukle"},
    {7, A2, "Daugavas iela 1, Aizkraukle"},
    {7, A3, "Daugavas iela 1, Aizkraukle"},
    {7, D1, "Brīvības iela 27, Dobele"},
};

/* The plan's approval and the amendments' dates. The source gives neither
 * (only their order and what each changed); these are assumed, in the
 * order the source allows: No. 1 after the council's January 2018 rules it
 * cites, No. 6 after Bauska's decision of 28.11.2019, No. 7 before the
 * 31.10.2020 deadline for entering cost changes it serves. */
#define PLAN_APPROVED "2018-02-20"
static const char *const DATES[8] = {"2018-06-19", "2018-12-18", "2019-04-23", "2019-08-27",
                                     "2019-12-17", "2020-03-24", "2020-10-20", "2021-06-22"};

/* What each amendment did, after Appendix 2 of the source (shortened). */
static const char *const REASONS[8] = {
    "Grozījumi Nr. 1. Aizkraukles novadā veido Daudzfunkcionālo pakalpojumu centru Lāčplēša ielā 4 (DAC bērniem ar FT, "
    "DAC personām ar GRT, specializētās darbnīcas personām ar GRT); Salas novadā ĢVPP (24 vietas) Biržu ielā 12, Biržos.",
    "Grozījumi Nr. 2. Jelgavā ĢVPP ar 8 vietām (iepriekš 24), peldbaseina pielāgošana PII “Kāpēcīši”; Kokneses novadā "
    "neveido DAC personām ar GRT (8 vietas) un DAC bērniem ar FT (6 vietas), ĢVPP ar 14 vietām (iepriekš 15); Neretas "
    "novadā DAC un grupu dzīvokļi Sproģos; Pļaviņu novadā DAC personām ar GRT 10 vietas (iepriekš 5) un bērniem ar FT "
    "10 vietas (iepriekš 6), palielināts finansējums.",
    "Grozījumi Nr. 3. Aknīstes novadā grupu dzīvokļu adrese “Rīti” un DAC personām ar GRT 15 vietas (iepriekš 20); "
    "Dobeles novadā neveido DAC bērniem ar FT (26 vietas), grupu dzīvokļi 10 vietas (iepriekš 16) Ādama ielā 2, DAC "
    "Brīvības ielā 3; Pļaviņu novadā grupu dzīvoklis Aveņu ielā 2-2, Vietalvā.",
    "Grozījumi Nr. 4. Jelgavā ĢVPP Stacijas ielā 13 (iepriekš Nameja ielā 30); dienas centrs “Atbalsts” ar 5 jaunām "
    "vietām Stacijas ielā 13.",
    "Grozījumi Nr. 5. Kokneses novadā no objektu saraksta izslēgts ĢVPP “Madaras”, Iršu pagastā (14 vietas); Salas "
    "novadā atelpas brīža pakalpojums “Līkumos”, Sēlpils pagastā.",
    "Grozījumi Nr. 6. Bauskas novadā atelpas brīža pakalpojums bērniem ar FT 4 vietas (iepriekš 12); grupu dzīvokļi "
    "Slimnīcas ielā 4 (iepriekš Pļavu ielā 12).",
    "Grozījumi Nr. 7. Precizētas izmaksas Aizkraukles, Auces, Bauskas, Dobeles, Iecavas, Salas novadā un Jēkabpils "
    "pilsētā; Jēkabpilī silto smilšu un mūzikas terapijas telpas bērniem ar FT; Aizkrauklē grupu dzīvoklis Lāčplēša ielā "
    "4 ar 14 vietām (iepriekš 12); Bauskā 2 sociālās rehabilitācijas kabineti bērniem ar FT un atelpas brīža pakalpojums "
    "personām ar GRT (4 vietas); Dobelē DAC Brīvības ielā 27; Iecavā terapijas istaba Baldones ielā 65.",
    "Grozījumi Nr. 8. Tehniski grozījumi: 9.3.1.1. pasākuma papildu finansējuma (10,3 milj. EUR) daļa iestrādāta "
    "pašvaldību finansējuma dalījumā pa avotiem (4.2.1. un 4.2.2. tabula).",
};

/* Places and objects each amendment changed (Appendix 2). new_places -1:
 * the object is taken out of the plan ("neveidot", "izslēgt"). */
static const struct {
    int amendment, object, new_places;
} PLACE_CHANGES[] = {
    {2, J8, 8}, {2, K1, -1}, {2, K2, -1}, {2, K3, 14}, {2, P1, 10}, {2, P2, 10},
    {3, AK1, 15}, {3, D4, -1}, {3, D2, 10},
    {5, K3, -1},
    {6, B4, 4},
    {7, A4, 14},
};

/* Status events: not amendments, but what happened to the objects (the
 * source's "ERAF ĪSTENOŠANA" and municipal sections): works began, the
 * service was registered and began. */
static const struct {
    int object;
    const char *on, *status;
} EVENTS[] = {
    {J1, "2020-09-01", "building"}, {J2, "2020-09-01", "building"}, {J3, "2020-09-01", "building"},
    {J4, "2020-09-01", "building"}, {J5, "2020-09-01", "building"}, {J6, "2020-09-01", "building"},
    {J7, "2020-09-01", "building"}, {J8, "2020-09-01", "building"}, {J9, "2021-03-01", "building"},
    {J10, "2020-09-01", "building"}, {J11, "2020-09-01", "building"},
    {A1, "2020-06-01", "building"}, {A2, "2020-06-01", "building"}, {A3, "2020-06-01", "building"},
    {A4, "2020-06-01", "building"},
    {P1, "2019-06-03", "building"}, {P2, "2019-06-03", "building"}, {P3, "2020-03-02", "building"},
    {P1, "2020-11-02", "operating"}, {P2, "2020-11-02", "operating"}, {P3, "2021-09-01", "registered"},
    {N1, "2020-05-04", "building"}, {N2, "2020-05-04", "building"}, {N3, "2020-05-04", "building"},
    {N1, "2021-10-01", "registered"}, {N2, "2021-10-01", "registered"}, {N3, "2021-10-01", "registered"},
    {B1, "2020-10-01", "building"}, {B2, "2020-10-01", "building"}, {B3, "2020-10-01", "building"},
    {B4, "2020-10-01", "building"}, {B5, "2020-10-01", "building"}, {B6, "2020-10-01", "building"},
    {B7, "2021-02-01", "building"}, {B8, "2020-10-01", "building"}, {B9, "2021-02-01", "building"},
    {B10, "2021-02-01", "building"},
    {R1, "2019-05-02", "building"}, {R2, "2019-05-02", "building"}, {R1, "2021-03-01", "operating"},
    {R2, "2021-03-01", "operating"},
    {I1, "2021-04-01", "building"}, {I2, "2021-04-01", "building"}, {I3, "2021-04-01", "building"},
    {V1, "2020-08-03", "building"}, {V2, "2020-08-03", "building"},
    {AU1, "2019-04-01", "building"}, {AU1, "2020-02-03", "operating"},
    {D1, "2021-05-03", "building"}, {D2, "2021-05-03", "building"}, {D3, "2021-05-03", "building"},
    {JN1, "2019-03-01", "building"}, {JN2, "2019-03-01", "building"}, {JN3, "2019-03-01", "building"},
    {JN4, "2019-03-01", "building"}, {JN1, "2020-06-01", "operating"}, {JN2, "2020-06-01", "operating"},
    {JN3, "2020-06-01", "operating"}, {JN4, "2020-09-01", "operating"},
    {O1, "2019-09-02", "building"}, {O2, "2019-09-02", "building"}, {O1, "2020-12-01", "operating"},
    {O2, "2020-12-01", "operating"},
    {JK1, "2020-11-02", "building"}, {JK2, "2020-11-02", "building"}, {JK3, "2020-11-02", "building"},
    {JK4, "2020-11-02", "building"}, {JK5, "2020-11-02", "building"}, {JK6, "2021-02-01", "building"},
    {JK7, "2021-02-01", "building"},
    {AK1, "2020-04-01", "building"}, {AK2, "2020-04-01", "building"},
    {S1, "2020-07-01", "building"}, {S2, "2020-07-01", "building"},
    /* Seed 003, Aizkraukle: "Ar Aizkraukles novada domes 21.10.2021. lēmumu
     * nr. 14., 43.p. ERAF projekta īstenošana ir pārtraukta." */
    {A1, "2021-10-21", "cancelled"}, {A2, "2021-10-21", "cancelled"}, {A3, "2021-10-21", "cancelled"},
    {A4, "2021-10-21", "cancelled"},
};

static const char *actual_completion(int k)
{
    for (size_t i = 0; i < sizeof EVENTS / sizeof EVENTS[0]; i++)
        if (EVENTS[i].object == k && (strcmp(EVENTS[i].status, "registered") == 0 ||
                                      strcmp(EVENTS[i].status, "operating") == 0))
            return EVENTS[i].on;
    return NULL;
}

static const char *event_reason(const char *status)
{
    if (strcmp(status, "building") == 0)
        return "ERAF projekts: uzsākti būvdarbi";
    if (strcmp(status, "registered") == 0)
        return "Pakalpojums reģistrēts sociālo pakalpojumu sniedzēju reģistrā; sniegšana vēl nav sākta";
    if (strcmp(status, "operating") == 0)
        return "Pakalpojums reģistrēts sociālo pakalpojumu sniedzēju reģistrā un uzsācis darbību";
    return "Aizkraukles novada domes 21.10.2021. lēmums Nr. 14, 43.p.: ERAF projekta īstenošana pārtraukta; "
           "Aizkraukles novads neveidos DAC bērniem un pieaugušajiem ar GRT, grupu dzīvokļus un specializētās darbnīcas";
}

/* Which municipalities' costs amendment 7 changed (Appendix 2, No. 7). */
static bool cost_change_7(const char *key)
{
    static const char *const KEYS[] = {"aizkraukle-pre2021", "auce-pre2021", "bauska-pre2021", "dobele-pre2021",
                                       "iecava-pre2021", "sala-pre2021", "jekabpils-city-pre2021"};
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++)
        if (strcmp(KEYS[i], key) == 0)
            return true;
    return false;
}

/* Objects still in the plan and not stopped at the end. */
static bool continues(int k)
{
    if (k >= A1 && k <= A4)
        return false;
    for (size_t i = 0; i < sizeof PLACE_CHANGES / sizeof PLACE_CHANGES[0]; i++)
        if (PLACE_CHANGES[i].object == k && PLACE_CHANGES[i].new_places < 0)
            return false;
    return true;
}

/* ERDF sums: the figures file gives each territory's money on 1.1.2022;
 * it is shared among the territory's continuing objects by weight (places
 * times what a place of the service costs, see weight()), the last object
 * taking the cents left, so the objects add up to the territory's sum. The plan as approved held 80 % of it, the
 * cost changes of No. 7 raised the territories it names to 90 %, Pļaviņas'
 * larger centres (No. 2) to 88 %, and No. 8 brought every continuing object
 * to its final sum. Aizkraukle's stopped objects and the objects taken out
 * of the plan hold sums of their own, which count until the stop or the
 * removal. */
static int weight(int k)
{
    int w = OBJECTS[k].places0;
    for (size_t i = 0; i < sizeof PLACE_CHANGES / sizeof PLACE_CHANGES[0]; i++)
        if (PLACE_CHANGES[i].object == k && PLACE_CHANGES[i].new_places >= 0)
            w = PLACE_CHANGES[i].new_places;
    /* A place costs more where people live than where they spend the day
     * (assumed ratios, tenths of a day-care place); a room without places
     * counts as twelve day-care places. */
    static const struct {
        const char *service;
        int tenths;
    } COST[] = {{"day_care", 10}, {"workshop", 12}, {"respite", 20}, {"group_home", 30}, {"family_like_care", 35}};
    if (w <= 0)
        return 120;
    for (size_t i = 0; i < sizeof COST / sizeof COST[0]; i++)
        if (strcmp(COST[i].service, OBJECTS[k].service) == 0)
            return w * COST[i].tenths;
    return w * 10;
}

static kp_rc share_erdf(demo *d, kp_cents final_erdf[NOBJ])
{
    static const kp_cents OWN[NOBJ] = {[A1] = 9500000,  [A2] = 8000000,  [A3] = 7000000,  [A4] = 15000000,
                                       [K1] = 9000000,  [K2] = 7000000,  [K3] = 16000000, [D4] = 12000000};
    json_t *erdf = json_object_get(d->ref, "erdf_funding");
    for (int k = 0; k < NOBJ; k++)
        final_erdf[k] = OWN[k];
    for (int mi = 0; mi < DEMO_MUNIS; mi++) {
        kp_cents total = 0;
        const char *s = json_string_value(json_object_get(erdf, d->m[mi].refkey));
        if (!s || kp_money_parse(s, &total)) {
            kp_errors_add(d->e, "erdf_funding", d->m[mi].refkey, "demo: the figures file has no ERDF sum for it");
            return KP_EINVAL;
        }
        int64_t sum = 0, given = 0;
        int last = -1;
        for (int k = 0; k < NOBJ; k++)
            if (continues(k) && strcmp(OBJECTS[k].post, d->m[mi].refkey) == 0)
                sum += weight(k);
        for (int k = 0; k < NOBJ; k++)
            if (continues(k) && strcmp(OBJECTS[k].post, d->m[mi].refkey) == 0) {
                final_erdf[k] = total * weight(k) / sum;
                given += final_erdf[k];
                last = k;
            }
        if (last < 0) {
            kp_errors_add(d->e, "erdf_funding", d->m[mi].refkey, "demo: no continuing object holds this money");
            return KP_EINVAL;
        }
        final_erdf[last] += total - given;
    }
    return KP_OK;
}

static kp_cents pct_of(kp_cents v, int pct)
{
    return v * pct / 100;
}

/* The sum an object holds in the plan before amendment 8 (or its own). */
static kp_cents erdf_before(const kp_cents final_erdf[NOBJ], int k, int amendment)
{
    if (!continues(k))
        return amendment >= 7 && cost_change_7(OBJECTS[k].key) ? pct_of(final_erdf[k], 110) : final_erdf[k];
    if (amendment >= 7 && cost_change_7(OBJECTS[k].key))
        return pct_of(final_erdf[k], 90);
    if (amendment >= 2 && (k == P1 || k == P2))
        return pct_of(final_erdf[k], 88);
    return pct_of(final_erdf[k], 80);
}

static kp_rc atvk_of(demo *d, const char *key, char out[8])
{
    int64_t id = 0;
    out[0] = '\0';
    kp_rc rc = kp_q_demo_territory_by_key(d->ctx->db, key, &id, out);
    if (!rc && !out[0]) {
        kp_errors_add(d->e, "municipality", key, "demo: the catalogue has no territory with this key");
        rc = KP_ESTATE;
    }
    return rc;
}

/* The planned completion (the source: Stacijas iela 13 in the first half
 * of 2022, the Zirgu iela 47a centre in the second half of 2023; the rest
 * assumed by the end of 2022) and the actual one: the day the service was
 * registered (the first such event). */
static const char *planned_completion(int k)
{
    if (k == J8 || k == J9)
        return "2022-06-30";
    if (strcmp(OBJECTS[k].addr, ZIRGU) == 0)
        return "2023-12-31";
    return "2022-12-31";
}

static kp_rc add_object(demo *d, const kp_cents final_erdf[NOBJ], const char *region, int k, const char *on,
                        int64_t *id)
{
    const obj_spec *o = &OBJECTS[k];
    char atvk[8], places[16] = "", erdf[32], municipal[32];
    kp_rc rc = atvk_of(d, o->key, atvk);
    if (rc)
        return rc;
    if (o->places0 >= 0)
        snprintf(places, sizeof places, "%d", o->places0);
    kp_cents e = erdf_before(final_erdf, k, o->added);
    kp_money_format_plain(e, erdf);
    /* The national co-financing, 15 % of the eligible cost beside the ERDF's
     * 85 %, from the municipality (assumed: the source gives only totals). */
    kp_money_format_plain(e * 15 / 85, municipal);
    kp_plan_object_in in = {.region = region, .municipality = atvk, .name = o->name, .target_group = o->tg,
                            .service = o->service, .places = places, .erdf = erdf, .status = "planned",
                            .added_on = on, .address = o->addr, .municipal = municipal,
                            .planned_completion = planned_completion(k), .actual_completion = actual_completion(k)};
    return demo_check(d, kp_plan_object_add(d->ctx, &in, d->e, id), "DI plan object");
}

static kp_rc change(demo *d, int64_t amendment, int64_t object, const char *field, const char *value,
                    const char *on, const char *reason)
{
    char aid[24] = "", oid[24];
    if (amendment)
        snprintf(aid, sizeof aid, "%lld", (long long)amendment);
    snprintf(oid, sizeof oid, "%lld", (long long)object);
    kp_object_change_in in = {.amendment_id = aid, .object_id = oid, .field = field, .new_value = value,
                              .effective_on = amendment ? NULL : on, .reason = amendment ? NULL : reason};
    return demo_check(d, kp_plan_object_change(d->ctx, &in, d->e, NULL), "DI plan change");
}

static kp_rc erdf_change(demo *d, int64_t amendment, int64_t object, kp_cents v)
{
    char cents[32];
    snprintf(cents, sizeof cents, "%lld", (long long)v);
    return change(d, amendment, object, "erdf_cents", cents, NULL, NULL);
}

/* The amendments' texts: data/demo/zemgale-amendments.txt holds Appendix 2
 * of the source, each amendment after a line "## N", one paragraph a line;
 * other lines starting with '#' are comments. texts[N-1] gets a malloc'd
 * copy (free each). */
static kp_rc load_texts(demo *d, char *texts[8])
{
    char path[600];
    snprintf(path, sizeof path, "%s/zemgale-amendments.txt", d->data_dir);
    FILE *f = fopen(path, "rb");
    if (!f) {
        kp_errors_add(d->e, "", path, "demo: cannot read the amendments' texts");
        return KP_EIO;
    }
    kp_buf all[8];
    for (int i = 0; i < 8; i++)
        kp_buf_init(&all[i], 0);
    char line[8192];
    int cur = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "## ", 3) == 0) {
            long n = strtol(line + 3, NULL, 10);
            cur = n >= 1 && n <= 8 ? (int)n : 0;
            continue;
        }
        if (line[0] == '#' || !cur)
            continue;
        kp_buf_puts(&all[cur - 1], line);
    }
    fclose(f);
    for (int i = 0; i < 8; i++) {
        texts[i] = kp_xmalloc(all[i].len + 1);
        memcpy(texts[i], kp_buf_str(&all[i]), all[i].len + 1);
        kp_buf_free(&all[i]);
    }
    return KP_OK;
}

/* The decisions: the Social Services Development Council (Sociālo
 * pakalpojumu attīstības padome) approves a region's amendments. The source
 * names neither the meetings nor their dates: assumed, one meeting a week
 * before each amendment takes effect. */
static void decision(int a, char no[64], char on[11])
{
    snprintf(no, 64, "SPAP sēdes protokols Nr. %d", 3 + 2 * a);
    kp_date d = KP_DATE_NONE;
    kp_date_parse_iso(DATES[a - 1], &d);
    kp_date_format_iso(d - 7, on);
}

static kp_rc address_change(demo *d, int64_t amendment, int64_t object, const char *addr)
{
    return change(d, amendment, object, "address", addr, NULL, NULL);
}

static kp_rc build_plan(demo *d)
{
    const char *region = json_string_value(json_object_get(json_object_get(d->ref, "region"), "code"));
    if (demo_int(json_object_get(d->ref, "di_plan_amendments_to_date")) != 8) {
        kp_errors_add(d->e, "di_plan_amendments_to_date", "", "demo: the source's plan has 8 amendments");
        return KP_EINVAL;
    }
    int64_t id[NOBJ] = {0};
    kp_cents final_erdf[NOBJ] = {0};
    char *texts[8] = {NULL};
    kp_rc rc = share_erdf(d, final_erdf);
    if (!rc)
        rc = load_texts(d, texts);
    for (int k = 0; k < NOBJ && !rc; k++)
        if (!OBJECTS[k].added)
            rc = add_object(d, final_erdf, region, k, PLAN_APPROVED, &id[k]);
    for (int a = 1; a <= 8 && !rc; a++) {
        char num[8];
        snprintf(num, sizeof num, "%d", a);
        char dno[64], don[11];
        decision(a, dno, don);
        kp_amendment_in in = {.region = region, .number = num, .approved_on = DATES[a - 1], .reason = REASONS[a - 1],
                              .decision_no = dno, .decision_on = don, .text = texts[a - 1]};
        int64_t amendment = 0;
        rc = demo_check(d, kp_amendment_add(d->ctx, &in, d->e, &amendment), "DI plan amendment");
        /* Objects it put into the plan. */
        for (int k = 0; k < NOBJ && !rc; k++)
            if (OBJECTS[k].added == a) {
                rc = add_object(d, final_erdf, region, k, DATES[a - 1], &id[k]);
                if (!rc)
                    rc = change(d, amendment, id[k], "added", NULL, NULL, NULL);
            }
        /* Places it changed and objects it took out. */
        for (size_t i = 0; i < sizeof PLACE_CHANGES / sizeof PLACE_CHANGES[0] && !rc; i++) {
            if (PLACE_CHANGES[i].amendment != a)
                continue;
            int k = PLACE_CHANGES[i].object;
            char places[16];
            snprintf(places, sizeof places, "%d", PLACE_CHANGES[i].new_places);
            rc = PLACE_CHANGES[i].new_places < 0 ? change(d, amendment, id[k], "removed", NULL, NULL, NULL)
                                                 : change(d, amendment, id[k], "places", places, NULL, NULL);
        }
        /* Addresses it changed. */
        for (size_t i = 0; i < sizeof ADDRESS_CHANGES / sizeof ADDRESS_CHANGES[0] && !rc; i++)
            if (ADDRESS_CHANGES[i].amendment == a)
                rc = address_change(d, amendment, id[ADDRESS_CHANGES[i].object], ADDRESS_CHANGES[i].addr);
        /* Money: No. 2 for Pļaviņas' larger centres, No. 7 for the costs
         * of the territories it names, No. 8 for every continuing object. */
        for (int k = 0; k < NOBJ && !rc; k++) {
            if (!id[k] || OBJECTS[k].added == a)
                continue;
            kp_cents before = erdf_before(final_erdf, k, a - 1), after = erdf_before(final_erdf, k, a);
            if (a == 8 && continues(k))
                after = final_erdf[k];
            if (after != before && (continues(k) || a < 3 || (k >= A1 && k <= A4)))
                rc = erdf_change(d, amendment, id[k], after);
        }
    }
    /* What happened to the objects, in date order per object. */
    for (size_t i = 0; i < sizeof EVENTS / sizeof EVENTS[0] && !rc; i++)
        rc = change(d, 0, id[EVENTS[i].object], "status", EVENTS[i].status, EVENTS[i].on,
                    event_reason(EVENTS[i].status));
    for (int i = 0; i < 8; i++)
        free(texts[i]);
    return rc;
}

static kp_rc cooperation(demo *d)
{
    static const struct {
        int mi, partner;
        const char *service, *tg, *kind, *places;
    } ROWS[] = {
        {0, 4, "day_care", "ft", "planned", "7"},        {4, 0, "day_care", "grt", "existing", "5"},
        {1, 5, "respite", "ft", "planned", "2"},         {3, 4, "workshop", "grt", "existing", "3"},
        {2, 0, "social_rehab", "ft", "existing", ""},   {5, 1, "group_home", "grt", "planned", "4"},
    };
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < sizeof ROWS / sizeof ROWS[0] && !rc; i++) {
        kp_cooperation_in in = {.municipality = d->m[ROWS[i].mi].atvk, .partner = d->m[ROWS[i].partner].atvk,
                                .service = ROWS[i].service, .target_group = ROWS[i].tg, .kind = ROWS[i].kind,
                                .places = ROWS[i].places};
        rc = demo_check(d, kp_cooperation_add(d->ctx, &in, d->e, NULL), "cooperation");
    }
    return rc;
}

kp_rc demo_build_di_plan(demo *d)
{
    kp_rc rc = build_plan(d);
    if (!rc)
        rc = cooperation(d);
    return rc;
}

/* Latvian names of the indicators and which computation gives each; those
 * without a computation are entered per year by people. */
static const struct {
    const char *key, *name_lv, *computation;
} INDICATORS[] = {
    {"grt_assessed", "Pieaugušo personu ar GRT skaits, kurām ar ESF atbalstu veikts individuālo vajadzību izvērtējums", "grt_assessed"},
    {"bsac_assessed", "Bērnu aprūpes iestādēs esošo bērnu skaits, kuriem veikts individuālo vajadzību izvērtējums", "bsac_assessed"},
    {"grt_receiving_esf_services", "Personu ar GRT skaits, kuras saņem ESF atbalstītus sociālās aprūpes pakalpojumus dzīvesvietā", "grt_receiving_esf_services"},
    {"ft_receiving_esf_services", "Bērnu ar FT skaits, kuri saņem ESF atbalstītus sociālos pakalpojumus", "ft_receiving_esf_services"},
    {"grt_started_independent_life", "Personu ar GRT skaits, kas uzsāk patstāvīgu dzīvi ārpus institūcijas", "grt_started_independent_life"},
    {"community_service_providers", "Sabiedrībā balstītu sociālo pakalpojumu sniedzēju skaits", "community_service_providers"},
    {"day_care_centres_grt", "Reģionā esošo DAC skaits personām ar GRT", "day_care_centres_grt"},
    {"day_care_centres_ft", "Reģionā esošo DAC skaits bērniem ar FT", "day_care_centres_ft"},
    {"group_homes", "Grupu dzīvokļu skaits", "group_homes"},
    {"specialised_workshops", "Specializēto darbnīcu skaits", "specialised_workshops"},
    {"respite_providers", "Atelpas brīža pakalpojumu sniedzēju skaits", "respite_providers"},
    {"social_rehab_providers", "Sociālās rehabilitācijas pakalpojumu sniedzēju skaits", "social_rehab_providers"},
    {"family_like_care_providers", "Ģimeniskai videi pietuvinātu pakalpojumu sniedzēju skaits", "family_like_care_providers"},
    {"grt_persons_received_esf_services", "Personu ar GRT skaits, kas saņēmušas ESF apmaksātus sabiedrībā balstītus sociālos pakalpojumus", "grt_receiving_esf_services"},
    {"ft_children_received_esf_services", "Bērnu ar FT skaits, kas saņēmuši ESF apmaksātus sabiedrībā balstītus sociālos pakalpojumus", "ft_receiving_esf_services"},
    {"social_work_specialists", "Sociālā darba speciālistu skaits pašvaldībās kopā", NULL},
    {"specialists_with_raised_qualification", "Sociālā darba speciālistu skaits, kam ir paaugstināta kvalifikācija", NULL},
    {"specialists_received_supervision", "Sociālā darba speciālistu skaits, kas ir saņēmuši supervīziju", NULL},
};

static int indicator_index(const char *key)
{
    for (size_t i = 0; i < sizeof INDICATORS / sizeof INDICATORS[0]; i++)
        if (strcmp(INDICATORS[i].key, key) == 0)
            return (int)i;
    return -1;
}

static kp_rc indicator(demo *d, const char *key, const char *kind, const char *name_en, int baseline_year,
                       int64_t baseline, int target_year, int64_t target, int sort, int64_t *id)
{
    int i = indicator_index(key);
    if (i < 0) {
        kp_errors_add(d->e, "key", key, "demo: no definition for this indicator");
        return KP_EINVAL;
    }
    const char *region = json_string_value(json_object_get(json_object_get(d->ref, "region"), "code"));
    char by[16] = "", b[24] = "", ty[16] = "", t[24], s[16];
    if (baseline_year) {
        snprintf(by, sizeof by, "%d", baseline_year);
        snprintf(b, sizeof b, "%lld", (long long)baseline);
    }
    if (target_year)
        snprintf(ty, sizeof ty, "%d", target_year);
    snprintf(t, sizeof t, "%lld", (long long)target);
    snprintf(s, sizeof s, "%d", sort);
    kp_indicator_in in = {.region = region, .key = key, .kind = kind, .name_lv = INDICATORS[i].name_lv,
                          .name_en = name_en, .source = INDICATORS[i].computation ? "computed" : "entered",
                          .computation = INDICATORS[i].computation,
                          .entered_by_role = INDICATORS[i].computation ? NULL : "municipal_head",
                          .baseline_year = by, .baseline = b, .target_year = ty, .target = t, .sort = s};
    return demo_check(d, kp_indicator_add(d->ctx, &in, d->e, id), "indicator");
}

static kp_rc entered_value(demo *d, int64_t indicator_id, int year, int64_t value)
{
    char iid[24], y[16], v[24], on[16];
    snprintf(iid, sizeof iid, "%lld", (long long)indicator_id);
    snprintf(y, sizeof y, "%d", year);
    snprintf(v, sizeof v, "%lld", (long long)value);
    snprintf(on, sizeof on, "%04d-01-31", (year + 1) % 10000);
    kp_indicator_value_in in = {.indicator_id = iid, .period_year = y, .value = v,
                                .entered_by = "Zemgales plānošanas reģiona sociālo pakalpojumu aptauja", .entered_on = on};
    return demo_check(d, kp_indicator_value_add(d->ctx, &in, d->e, NULL), "indicator value");
}

kp_rc demo_build_indicators(demo *d)
{
    kp_rc rc = KP_OK;
    int sort = 0;
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(d->ref, "output_indicators"), i, o)
    {
        const char *key = json_string_value(json_object_get(o, "key"));
        const char *kind = strcmp(key, "grt_started_independent_life") == 0 ? "result" : "output";
        rc = indicator(d, key, kind, json_string_value(json_object_get(o, "name")), 0, 0, 0,
                       demo_int(json_object_get(o, "target")), ++sort, NULL);
        if (rc)
            return rc;
    }
    const char *key;
    json_t *row;
    json_object_foreach(json_object_get(d->ref, "indicator_table"), key, row)
    {
        if (strcmp(key, "_columns") == 0)
            continue;
        int64_t id = 0;
        char name_en[128];
        snprintf(name_en, sizeof name_en, "%s", key);
        for (char *p = name_en; *p; p++)
            if (*p == '_')
                *p = ' ';
        rc = indicator(d, key, "di_plan", name_en, (int)demo_int(json_array_get(row, 0)),
                       demo_int(json_array_get(row, 1)), 2020, demo_int(json_array_get(row, 2)), ++sort, &id);
        int idx = indicator_index(key);
        if (!rc && idx >= 0 && !INDICATORS[idx].computation) {
            rc = entered_value(d, id, 2019, demo_int(json_array_get(row, 3)));
            if (!rc)
                rc = entered_value(d, id, 2021, demo_int(json_array_get(row, 4)));
        }
        if (rc)
            return rc;
    }
    return rc;
}
