/* The style sheet and the small optional script, compiled into the binary
 * and served with a content hash as ETag. */
#include "web/pages.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char CSS[] =
    ":root{--accent:#0b5394;--accent-dark:#073763;--text:#1b1f23;--muted:#4a5560;--bg:#f6f7f9;--panel:#fff;"
    "--line:#d0d5db;--error:#b00020;--ok:#1e6b32;--focus:#ffbf47}\n"
    "*{box-sizing:border-box}\n"
    "html{font-size:100%;-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",\"Liberation Sans\",Arial,sans-serif;"
    "font-size:1.0625rem;line-height:1.55;color:var(--text);background:var(--bg);overflow-wrap:break-word}\n"
    "a{color:var(--accent)}a:hover{color:var(--accent-dark)}\n"
    "a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,"
    "summary:focus-visible,main:focus-visible,.scroll:focus-visible{outline:3px solid var(--focus);outline-offset:2px;"
    "box-shadow:0 0 0 5px var(--text)}\n"
    ".skip{position:absolute;left:-999px;top:0;background:var(--panel);padding:.5rem 1rem;z-index:10}\n"
    ".skip:focus{left:1rem;top:1rem}\n"
    ".top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 2rem;padding:.75rem 2rem;background:var(--panel);"
    "border-bottom:4px solid var(--accent)}\n"
    ".brand a{font-weight:700;font-size:1.4rem;text-decoration:none;color:var(--accent-dark)}\n"
    ".tagline{color:var(--muted);font-size:.95rem}\n"
    ".top nav ul{display:flex;flex-wrap:wrap;gap:0 1.25rem;list-style:none;margin:0;padding:0}\n"
    ".top nav a{display:inline-flex;align-items:center;min-height:44px;text-decoration:none;font-weight:600;padding:0 .25rem}\n"
    ".top nav a[aria-current=page]{border-bottom:3px solid var(--accent)}\n"
    ".who{margin-left:auto;color:var(--muted);display:flex;gap:.75rem;align-items:center;flex-wrap:wrap}\n"
    ".who form,.lang{display:inline;margin:0}\n"
    "button.link{background:none;border:0;padding:.25rem;min-height:44px;min-width:44px;color:var(--accent);"
    "text-decoration:underline;font:inherit;cursor:pointer}\n"
    "main{max-width:72rem;margin:0 auto;padding:2rem}\n"
    "h1{font-size:1.9rem;line-height:1.25;margin:0 0 1rem}h2{font-size:1.35rem;margin:2rem 0 .75rem}\n"
    ".crumbs ol{display:flex;flex-wrap:wrap;list-style:none;margin:0 0 1rem;padding:0;color:var(--muted)}\n"
    ".crumbs li+li::before{content:\"\\203A\";padding:0 .5rem}\n"
    ".crumbs a{display:inline-block;padding:.6rem 0}\n"
    ".panel{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:1.5rem;margin:0 0 1.5rem}\n"
    ".narrow{max-width:28rem}\n"
    ".field{margin:0 0 1.25rem;min-width:0}\n"
    ".field label{display:block;font-weight:600;margin:0 0 .25rem}\n"
    ".field .hint{margin:0 0 .25rem;color:var(--muted);font-size:.95rem}\n"
    ".field .error{margin:0 0 .25rem;color:var(--error);font-weight:600}\n"
    ".has-error input,.has-error select,.has-error textarea{border-color:var(--error);border-width:2px}\n"
    "input,select,textarea{font:inherit;padding:.5rem .6rem;min-height:44px;border:1px solid #6b7580;border-radius:4px;"
    "width:100%;max-width:28rem;background:#fff;color:var(--text)}\n"
    "textarea{field-sizing:content;min-height:5.5rem}\n"
    ".req{color:var(--error)}\n"
    ".button,button[type=submit]:not(.link){display:inline-flex;align-items:center;justify-content:center;min-height:44px;"
    "background:var(--accent);color:#fff;border:0;border-radius:4px;padding:.5rem 1.25rem;font:inherit;font-weight:600;"
    "cursor:pointer;text-decoration:none;margin:0 .25rem .5rem 0}\n"
    ".button:hover,button[type=submit]:not(.link):hover{background:var(--accent-dark);color:#fff}\n"
    ".button.secondary,button[type=submit].secondary{background:#fff;color:var(--accent);border:2px solid var(--accent)}\n"
    ".button.secondary:hover,button[type=submit].secondary:hover{background:#eef3f9;color:var(--accent-dark)}\n"
    ".button.danger,button[type=submit].danger{background:var(--error)}\n"
    ".errors{border:2px solid var(--error);border-radius:6px;padding:.75rem 1rem;margin:0 0 1.5rem;background:#fff5f5}\n"
    ".notice{border-left:4px solid var(--ok);background:#f0f8f2;padding:.75rem 1rem;margin:0 0 1.5rem}\n"
    ".confirm{border-left:6px solid var(--accent);background:var(--panel);padding:1rem 1.25rem;margin:0 0 1.5rem}\n"
    ".warning{border-left:4px solid #8a5a00;background:#fff8e6;padding:.75rem 1rem;margin:0 0 1.5rem}\n"
    "table{border-collapse:collapse;width:100%;background:var(--panel)}\n"
    "th,td{text-align:left;padding:.5rem .75rem;border-bottom:1px solid var(--line);vertical-align:top}\n"
    "th{background:#eef1f4}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "td.status-on_track,td.status-behind,td.status-reached{white-space:nowrap}svg.spark{vertical-align:middle}\n"
    ".scroll{overflow-x:auto;max-width:100%;margin:0 0 1rem}\n"
    ".filters{display:flex;flex-wrap:wrap;gap:0 1.5rem;align-items:flex-end}\n"
    ".filters .field{flex:1 1 12rem}\n"
    ".pager{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:1rem 0}\n"
    ".pager a{display:inline-flex;align-items:center;min-height:44px}\n"
    ".bottom{max-width:72rem;margin:0 auto;padding:1rem 2rem 3rem;color:var(--muted);font-size:.9rem}\n"
    "input[type=checkbox],input[type=radio]{width:1.4rem;height:1.4rem;min-height:0;margin:.6rem .4rem .6rem 0;"
    "vertical-align:middle}\n"
    ".check{display:inline-flex;align-items:center;min-height:44px}\n"
    "fieldset{border:1px solid var(--line);border-radius:6px;padding:1rem;margin:0 0 1rem;min-width:0}\n"
    "legend{font-weight:600;padding:0 .3rem}\n"
    "table.facts th{text-align:left;font-weight:600;width:14rem;background:none}\n"
    "td.has-error{outline:2px solid var(--error);outline-offset:-2px}\n"
    ".files a{display:inline-flex;align-items:center;min-height:44px;margin:0 1rem 0 0}\n"
    "dl.sum{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem}dl.sum dt{font-weight:600}dl.sum dd{margin:0}\n"
    "strong.code{font-family:monospace;font-size:1.3rem;letter-spacing:.06em}\n"
    "ul.items{list-style:none;margin:0 0 1rem;padding:0}ul.items li{border-bottom:1px solid var(--line);padding:.5rem 0}\n"
    ".overdue{color:var(--error);font-weight:600}\n"
    ".muted{color:var(--muted)}\n"
    "form.inline{display:inline}.code-line p{margin:0 0 1rem}\n"
    ".skip-label{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}\n"
    /* Phones (390 px and up): one column, a compact header, tables that
     * shrink their words and else scroll inside themselves, never the page. */
    "@media (max-width:40rem){"
    "body{font-size:1rem}"
    ".top{padding:.25rem .75rem;gap:0 .75rem}"
    ".brand a{font-size:1.2rem}.tagline,.wide{display:none}"
    ".top nav{order:3;flex:1 1 100%}.top nav ul{gap:0 .6rem}.top nav a{padding:0 .1rem;font-size:.9375rem}"
    ".top nav li.home{display:none}"
    ".who{margin-left:auto;gap:.25rem}"
    "main{padding:1rem .75rem}"
    "h1{font-size:1.45rem}h2{font-size:1.2rem;margin-top:1.5rem}"
    ".panel{padding:1rem .75rem}"
    ".filters{display:block}"
    "table{display:block;overflow-x:auto;max-width:100%;font-size:.9375rem}"
    "th,td{padding:.4rem .45rem;overflow-wrap:anywhere;hyphens:auto}"
    "table.facts th{width:auto}"
    "dl.sum{grid-template-columns:1fr}dl.sum dd{margin:0 0 .4rem}"
    ".bottom{padding:1rem .75rem 2rem}"
    "}\n"
    "@media print{"
    ".top,.skip,.crumbs,.bottom,form,.noprint{display:none!important}"
    "body{background:#fff;font-size:11pt;color:#000}"
    "main{max-width:none;padding:0}"
    ".panel{border:0;padding:0}"
    "table{display:table;overflow:visible}"
    "a{color:#000;text-decoration:none}"
    "h1,h2,h3{break-after:avoid}tr{break-inside:avoid}"
    ".eval-doc .doc-body section+section{break-before:page}.doc-footer{font-size:9pt}"
    "}\n"
    /* The evaluation read in the browser (page_evaluation_*.c). */
    ".subnav ul,.pager ul{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;padding:0;margin:.5rem 0 1rem}"
    ".subnav a[aria-current],.toc a[aria-current]{font-weight:bold}"
    ".eval-doc .subtitle{font-size:1.15em;font-weight:bold;margin:0}"
    ".doc-body td.num{text-align:right;white-space:nowrap}.doc-body meter{width:8rem;max-width:40%}"
    "p.plain{white-space:pre-line}.chapters textarea{width:100%;min-height:10em}"
    "code.sha{overflow-wrap:anywhere;font-size:.85em}"
    ".doc-footer{color:#555;border-top:1px solid #999;padding-top:.5rem}\n"
    "td{overflow-wrap:anywhere}\n"
    "caption{text-align:left;font-weight:600;padding:.5rem 0}\n"
    ".table-wrap{overflow-x:auto;max-width:100%}\n"
    "svg.map,svg.bars{max-width:100%;height:auto}figure.map,figure.chart{margin:1rem 0}\n"
    "ul.counts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;list-style:none;margin:0;padding:0}\n"
    ".count{color:var(--muted)}\n"
    ".pager button.link,.pager a{padding:.5rem .25rem;min-height:44px}\n"
    /* A table.stack becomes one block per row on a narrow screen, each cell
     * under its column's name (data-label): no sideways scrolling at 390 px. */
    "@media (max-width:40rem){table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0)}table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:auto}"
    "table.stack tr{border-bottom:1px solid var(--line);padding:.5rem 0}table.stack td{border:0;padding:.2rem .75rem;"
    "text-align:left}table.stack td[data-label]::before{content:attr(data-label) \": \";font-weight:600}}\n"
    /* The public catalogue (page_public_services.c): one card per service,
     * a term above its value, so it reads at 390 px; prints as a list. */
    "p.lang{margin:0}p.lang a{display:inline-block;padding:.5rem .25rem;min-height:44px;box-sizing:border-box}\n"
    ".filters{display:flex;flex-wrap:wrap;gap:0 1.5rem;align-items:flex-end;background:var(--panel);"
    "border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem 1rem;margin:1rem 0}"
    ".filters h2{flex-basis:100%;font-size:1.15rem;margin:.5rem 0}.filters .field{flex:1 1 14rem;min-width:0}"
    ".filters select{max-width:100%}.filters .actions a{display:inline-block;padding:.5rem .25rem;min-height:44px}\n"
    "section.muni{border-top:2px solid var(--line);margin-top:1.5rem}"
    ".office,.apply{max-width:48rem}"
    "ul.entries{list-style:none;margin:0;padding:0;display:grid;gap:1rem;"
    "grid-template-columns:repeat(auto-fill,minmax(min(100%,22rem),1fr))}"
    "li.entry{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.25rem 1rem .75rem;"
    "min-width:0}li.entry h4{margin:.5rem 0;font-size:1.05rem}"
    "dl.facts{margin:0}dl.facts dt{font-weight:600;margin-top:.35rem}dl.facts dd{margin:0}"
    "dl.facts dd span{display:inline-block;margin-right:.75rem}dl.facts ul{margin:0;padding-left:1.25rem}"
    ".avail-available strong{color:#1a5e20}.avail-none,.avail-waiting_list{font-weight:600}\n"
    "@media print{p.lang,.filters{display:none!important}ul.entries{display:block}"
    "li.entry{border:0;border-bottom:1px solid #999;border-radius:0;padding:.25rem 0;break-inside:avoid}"
    "section.muni{break-before:auto}dl.facts dt{display:inline}dl.facts dt::after{content:\": \"}"
    "dl.facts dd{display:inline;margin-right:1rem}}\n";

/* Draft autosave: a form with data-draft="NAME" sends what was typed (no
 * passwords, no personal codes, no CSRF field) to /drafts a few seconds
 * after the last change; any other POST form with a text field does the
 * same as the draft "form:<its action's path>", which the server shows
 * when the form's page is opened again (server.c, restore_draft). Search
 * forms, the login and forms marked data-nodraft are left alone.
 * Everything works without it. */
static const char JS[] =
    "'use strict';\n"
    "(function(){\n"
    "  function save(form){\n"
    "    var data=new URLSearchParams();\n"
    "    var body=new URLSearchParams();\n"
    "    Array.prototype.forEach.call(form.elements,function(el){\n"
    "      if(!el.name||el.type==='password'||el.type==='hidden'||el.dataset.secret!==undefined)return;\n"
    "      if((el.type==='checkbox'||el.type==='radio')&&!el.checked)return;\n"
    "      body.append(el.name,el.value);\n"
    "    });\n"
    "    data.append('form',form.dataset.draft||('form:'+new URL(form.action,location.href).pathname));\n"
    "    data.append('record_key',form.dataset.draftKey||'');\n"
    "    data.append('body',body.toString());\n"
    "    var csrf=form.querySelector('input[name=csrf]');\n"
    "    fetch('/drafts',{method:'POST',credentials:'same-origin',headers:{'Content-Type':"
    "'application/x-www-form-urlencoded','X-CSRF-Token':csrf?csrf.value:''},body:data.toString()});\n"
    "  }\n"
    "  document.querySelectorAll('form[data-draft],form[method=post]').forEach(function(form){\n"
    "    if(!form.dataset.draft&&(form.getAttribute('role')==='search'||form.dataset.nodraft!==undefined||\n"
    "      /^\\/(login|logout|lang|drafts)/.test(new URL(form.action,location.href).pathname)||\n"
    "      !form.querySelector('textarea,input[type=text],input:not([type])')))return;\n"
    "    var t=null;\n"
    "    form.addEventListener('input',function(){clearTimeout(t);t=setTimeout(function(){save(form);},3000);});\n"
    "  });\n"
    "})();\n";

static const struct {
    const char *name, *type, *body;
} ASSETS[] = {
    {"kopa.css", "text/css; charset=utf-8", CSS},
    {"kopa.js", "text/javascript; charset=utf-8", JS},
};

int page_static(kp_req *r)
{
    for (size_t i = 0; i < sizeof ASSETS / sizeof ASSETS[0]; i++) {
        if (strcmp(ASSETS[i].name, r->path_name) != 0)
            continue;
        unsigned char hash[16];
        crypto_generichash(hash, sizeof hash, (const unsigned char *)ASSETS[i].body, strlen(ASSETS[i].body), NULL, 0);
        char hex[33], etag[40];
        sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
        snprintf(etag, sizeof etag, "\"%s\"", hex);
        kp_add_header(r, "ETag", etag);
        kp_add_header(r, "Cache-Control", "public, max-age=3600");
        const char *inm = kp_req_header(r, "If-None-Match");
        if (inm && strcmp(inm, etag) == 0)
            return 304;
        r->content_type = ASSETS[i].type;
        html_raw_trusted(&r->out, ASSETS[i].body); /* our own asset, not HTML */
        return 200;
    }
    return kp_error(r, 404);
}
