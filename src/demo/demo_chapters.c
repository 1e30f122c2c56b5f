/* The Zemgale evaluation's chapters of text in the demo: short texts in the
 * words of seed 003's chapters (introduction and legal basis, deviation
 * factors, findings, recommendations, social workers' and clients'
 * opinions), saved through the use case as the coordinator would. */
#include "demo/demo_plan.h"
#include "service/figures/chapters.h"
#include <stddef.h>

static const struct {
    const char *key, *text;
} TEXTS[] = {
    {"introduction",
     "Deinstitucionalizācija (DI) ir process, kurā institucionālās aprūpes vietā attīsta sabiedrībā balstītus "
     "sociālos pakalpojumus un ģimeniskai videi pietuvinātu aprūpi cilvēkiem ar invaliditāti un bērniem, lai viņi "
     "varētu dzīvot neatkarīgi un būt iekļauti sabiedrībā.\n\n"
     "Zemgales plānošanas reģionā DI procesu virza reģiona administrācija, īstenojot ESF projektu \"Atver sirdi "
     "Zemgalē\". Sadarbībā ar pašvaldībām izstrādāts reģiona DI plāns 2017.–2021. gadam, kas nosaka "
     "infrastruktūras risinājumus un ERAF finansējuma sadalījumu pasākumā 9.3.1.1.\n\n"
     "Izvērtējums apkopo:\n"
     "- mērķa grupu personu skaitu pašvaldībās un izvērtēto personu skaitu;\n"
     "- personas, kas saņem ESF apmaksātus pakalpojumus;\n"
     "- izveidotos un plānotos pakalpojumus un sadarbību starp pašvaldībām;\n"
     "- pašvaldībām kompensētos izdevumus.\n\n"
     "Tiesiskais pamats: MK noteikumu Nr. 313 37. un 37.1 punkts paredz, ka plānošanas reģions izvērtē DI plāna "
     "ieviešanas progresu ne retāk kā reizi divos gados; par periodu līdz 2021. gada 31. decembrim izvērtējumu "
     "veic līdz 2022. gada 1. aprīlim."},
    {"deviations",
     "Plāna īstenošanu no sākotnējā laika grafika un rādītājiem novirzīja vairāki faktori:\n"
     "- sākotnējā pašvaldību pretestība DI procesam un stereotipi par institucionālo aprūpi;\n"
     "- individuālo vajadzību izvērtēšana sākās vairāk nekā pusgadu vēlāk, nekā plānots;\n"
     "- DI plāns tika pabeigts pusotru gadu vēlāk, un ERAF projektu īstenošana aizkavējās vidēji par trim gadiem;\n"
     "- pakalpojumu sniedzēju, kas atbilst MK noteikumu Nr. 313 prasībām, ir maz;\n"
     "- COVID-19 ierobežojumi un administratīvi teritoriālā reforma palēnināja pakalpojumu sniegšanu un "
     "finansējuma apguvi.\n\n"
     "Līdz 2021. gada beigām DI plānā veikti astoņi grozījumi; to teksti ir pielikumā."},
    {"findings",
     "DI projekts ir licis pašvaldībām apzināt un ieraudzīt cilvēkus ar garīga rakstura traucējumiem savā "
     "teritorijā, un pakāpeniski veidojas jauna sociālo pakalpojumu infrastruktūra.\n\n"
     "Grupu dzīvokļi ļauj cilvēkiem dzīvot patstāvīgi ar vajadzīgo atbalstu, dienas aprūpes centri un "
     "specializētās darbnīcas dod saturīgu nodarbi tiem, kas neiekļaujas darba tirgū.\n\n"
     "Pastāv pamatotas bažas par pakalpojumu nepārtrauktību pēc 2023. gada, kad beigsies ES fondu finansējums."},
    {"recommendations",
     "- Pašvaldībām jau tagad plānot budžetā pakalpojumu izmaksas pēc ESF finansējuma beigām.\n"
     "- Paātrināt ERAF objektu pabeigšanu un pakalpojumu reģistrēšanu.\n"
     "- Dokumentus veidot no datiem, kas jau ievadīti sistēmā, lai mazinātu sociālo darbinieku slodzi.\n"
     "- Informēt mērķa grupas par pieejamajiem pakalpojumiem."},
    {"opinions_workers",
     "Sociālie darbinieki ierosina nepieciešamos dokumentus ģenerēt automātiski no datiem, ko viņi ievada "
     "jebkurā gadījumā, lai nebūtu jākopē un jāskenē.\n\n"
     "Projekts rada ievērojamu birokrātisko slogu; jāpievērš uzmanība lietu sadalījumam un darba apjomam, lai "
     "darbinieki neizdegtu, un jāsargā klientu datu privātums."},
    {"opinions_clients",
     "Pakalpojumu saņēmēju lielākā daļa ir apmierināti ar sasniegto un novērtē iespēju plānot pakalpojumus kopā "
     "ar sociālo darbinieku.\n\n"
     "Trūkst informācijas par to, kādi pakalpojumi ir pieejami, un daudzi neskaidri redz, kas notiks pēc projekta."},
};

kp_rc demo_build_chapters(demo *d)
{
    kp_date at;
    kp_rc rc = kp_date_parse_iso("2021-12-31", &at);
    for (size_t i = 0; i < sizeof TEXTS / sizeof TEXTS[0] && !rc; i++)
        rc = demo_check(d, kp_chapter_save(d->ctx, "ZPR", at, TEXTS[i].key, TEXTS[i].text, d->e, NULL),
                        "evaluation chapter");
    return rc;
}
