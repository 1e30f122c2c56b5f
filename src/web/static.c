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
    "html{font-size:100%}\n"
    "body{margin:0;font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",\"Liberation Sans\",Arial,sans-serif;"
    "font-size:1.0625rem;line-height:1.55;color:var(--text);background:var(--bg)}\n"
    "a{color:var(--accent)}a:hover{color:var(--accent-dark)}\n"
    "a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,"
    "main:focus-visible{outline:3px solid var(--focus);outline-offset:2px;box-shadow:0 0 0 5px var(--text)}\n"
    ".skip{position:absolute;left:-999px;top:0;background:var(--panel);padding:.5rem 1rem;z-index:10}\n"
    ".skip:focus{left:1rem;top:1rem}\n"
    ".top{display:flex;flex-wrap:wrap;align-items:center;gap:1rem 2rem;padding:1rem 2rem;background:var(--panel);"
    "border-bottom:4px solid var(--accent)}\n"
    ".brand a{font-weight:700;font-size:1.4rem;text-decoration:none;color:var(--accent-dark)}\n"
    ".tagline{color:var(--muted);font-size:.95rem}\n"
    ".top nav ul{display:flex;flex-wrap:wrap;gap:1.25rem;list-style:none;margin:0;padding:0}\n"
    ".top nav a{text-decoration:none;font-weight:600;padding:.25rem 0}\n"
    ".top nav a[aria-current=page]{border-bottom:3px solid var(--accent)}\n"
    ".who{margin-left:auto;color:var(--muted);display:flex;gap:.75rem;align-items:center;flex-wrap:wrap}\n"
    ".who form,.lang{display:inline;margin:0}\n"
    "button.link{background:none;border:0;padding:.25rem;color:var(--accent);text-decoration:underline;font:inherit;"
    "cursor:pointer}\n"
    "main{max-width:72rem;margin:0 auto;padding:2rem}\n"
    "h1{font-size:1.9rem;line-height:1.25;margin:0 0 1rem}h2{font-size:1.35rem;margin:2rem 0 .75rem}\n"
    ".panel{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:1.5rem;margin:0 0 1.5rem}\n"
    ".narrow{max-width:28rem}\n"
    ".field{margin:0 0 1.25rem}\n"
    ".field label{display:block;font-weight:600;margin:0 0 .25rem}\n"
    ".field .hint{margin:0 0 .25rem;color:var(--muted);font-size:.95rem}\n"
    ".field .error{margin:0 0 .25rem;color:var(--error);font-weight:600}\n"
    ".has-error input,.has-error select,.has-error textarea{border-color:var(--error);border-width:2px}\n"
    "input,select,textarea{font:inherit;padding:.5rem .6rem;border:1px solid #6b7580;border-radius:4px;width:100%;"
    "max-width:28rem;background:#fff;color:var(--text)}\n"
    ".req{color:var(--error)}\n"
    ".button,button[type=submit]:not(.link){display:inline-block;background:var(--accent);color:#fff;border:0;"
    "border-radius:4px;padding:.6rem 1.25rem;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}\n"
    ".button:hover,button[type=submit]:not(.link):hover{background:var(--accent-dark)}\n"
    ".errors{border:2px solid var(--error);border-radius:6px;padding:.75rem 1rem;margin:0 0 1.5rem;background:#fff5f5}\n"
    ".notice{border-left:4px solid var(--ok);background:#f0f8f2;padding:.75rem 1rem;margin:0 0 1.5rem}\n"
    "table{border-collapse:collapse;width:100%;background:var(--panel)}\n"
    "th,td{text-align:left;padding:.5rem .75rem;border-bottom:1px solid var(--line);vertical-align:top}\n"
    "th{background:#eef1f4}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".filters{display:flex;flex-wrap:wrap;gap:0 1.5rem;align-items:flex-end}\n"
    ".filters .field{flex:1 1 12rem}\n"
    ".pager{display:flex;gap:1.5rem;margin:1rem 0}\n"
    ".bottom{max-width:72rem;margin:0 auto;padding:1rem 2rem 3rem;color:var(--muted);font-size:.9rem}\n"
    "input[type=checkbox],input[type=radio]{width:auto;margin-right:.4rem}\n"
    "fieldset{border:1px solid var(--line);border-radius:6px;padding:1rem;margin:0 0 1rem}\n"
    "legend{font-weight:600;padding:0 .3rem}\n"
    "table.facts th{text-align:left;font-weight:600;width:14rem;background:none}\n"
    "td.has-error{outline:2px solid var(--error);outline-offset:-2px}\n"
    ".files a{display:inline-block;margin:0 1rem .5rem 0}\n"
    "td{overflow-wrap:anywhere}\n"
    "caption{text-align:left;font-weight:600;padding:.5rem 0}\n"
    "@media (max-width:40rem){.top{padding:1rem}main{padding:1rem}.who{margin-left:0}}\n"
    /* A table.stack becomes one block per row on a narrow screen, each cell
     * under its column's name (data-label): no sideways scrolling at 390 px. */
    "@media (max-width:40rem){table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0)}table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:auto}"
    "table.stack tr{border-bottom:1px solid var(--line);padding:.5rem 0}table.stack td{border:0;padding:.2rem .75rem;"
    "text-align:left}table.stack td[data-label]::before{content:attr(data-label) \": \";font-weight:600}}\n";

/* Draft autosave: a form with data-draft="NAME" sends what was typed (no
 * passwords, no personal codes, no CSRF field) to /drafts a few seconds
 * after the last change. Everything works without it. */
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
    "    data.append('form',form.dataset.draft);\n"
    "    data.append('record_key',form.dataset.draftKey||'');\n"
    "    data.append('body',body.toString());\n"
    "    var csrf=form.querySelector('input[name=csrf]');\n"
    "    fetch('/drafts',{method:'POST',credentials:'same-origin',headers:{'Content-Type':"
    "'application/x-www-form-urlencoded','X-CSRF-Token':csrf?csrf.value:''},body:data.toString()});\n"
    "  }\n"
    "  document.querySelectorAll('form[data-draft]').forEach(function(form){\n"
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
