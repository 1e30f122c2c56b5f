/* JSON API of the evaluation as a published document: its chapters of text
 * (current, history, save), approving the next version and the list of
 * versions with their hashes and changes. The same use cases as the pages
 * (page_evaluation_*.c); see docs/openapi.yaml. */
#include "web/eval_pages.h"
#include "report/eval_chapters.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *chapter_json(const kp_chapter *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "chapter", json_string(c->key));
    json_object_set_new(o, "title", json_string(kp_eval_chapter_title(c->key)));
    json_object_set_new(o, "version", json_integer(c->version));
    json_object_set_new(o, "author", c->version ? json_string(c->author) : json_null());
    json_object_set_new(o, "saved_at", c->version ? json_string(c->saved_at) : json_null());
    json_object_set_new(o, "body", json_string(c->body ? c->body : ""));
    return o;
}

static json_t *version_json(const kp_eval_version *v)
{
    json_t *o = json_object(), *files = json_array();
    json_object_set_new(o, "id", json_integer(v->id));
    json_object_set_new(o, "version", json_integer(v->version));
    json_object_set_new(o, "region", json_string(v->region));
    json_object_set_new(o, "at", json_string(v->at));
    json_object_set_new(o, "approved_at", json_string(v->approved_at));
    json_object_set_new(o, "approved_by", json_string(v->approved_by));
    json_object_set_new(o, "changes_count", json_integer((json_int_t)v->nchanges));
    for (size_t k = 0; k < v->nfiles; k++) {
        json_t *f = json_object();
        json_object_set_new(f, "format", json_string(v->files[k].format));
        json_object_set_new(f, "sha256", json_string(v->files[k].sha256));
        json_object_set_new(f, "bytes", json_integer(v->files[k].bytes));
        char href[96];
        snprintf(href, sizeof href, "/evaluation/versions/%lld/file?format=%s", (long long)v->id, v->files[k].format);
        json_object_set_new(f, "href", json_string(href));
        json_array_append_new(files, f);
    }
    json_object_set_new(o, "files", files);
    return o;
}

static json_t *changes_json(const kp_eval_changes *c)
{
    json_t *a = json_array();
    for (size_t i = 0; i < c->n; i++) {
        json_t *x = json_object();
        json_object_set_new(x, "kind", json_string(c->items[i].kind));
        json_object_set_new(x, "item", json_string(c->items[i].item));
        json_object_set_new(x, "old", json_string(c->items[i].old_value));
        json_object_set_new(x, "new", json_string(c->items[i].new_value));
        json_array_append_new(a, x);
    }
    return a;
}

int api_evaluation_chapters(kp_req *r)
{
    const char *region = NULL;
    kp_date at;
    char at_iso[11];
    if (!eval_target(r, &region, &at, at_iso))
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    kp_chapter ch[KP_CHAPTER_COUNT];
    kp_rc rc = kp_chapters_current(&r->ctx, region, at, ch);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object(), *a = json_array();
    json_object_set_new(o, "region", json_string(region));
    json_object_set_new(o, "at", json_string(at_iso));
    for (int i = 0; i < KP_CHAPTER_COUNT; i++)
        json_array_append_new(a, chapter_json(&ch[i]));
    json_object_set_new(o, "chapters", a);
    kp_chapters_free(ch, KP_CHAPTER_COUNT);
    return kp_json(r, 200, o);
}

int api_evaluation_chapter_save(kp_req *r)
{
    const char *region = NULL, *chapter = kp_in(r, "chapter"), *body = kp_in(r, "body");
    kp_date at;
    char at_iso[11];
    if (!eval_target(r, &region, &at, at_iso))
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    int64_t version = 0;
    kp_rc rc = kp_chapter_save(&r->ctx, region, at, chapter, body, &r->errors, &version);
    if (rc == KP_EINVAL)
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "chapter", json_string(chapter));
    json_object_set_new(o, "version", json_integer(version));
    return kp_json(r, 200, o);
}

int api_evaluation_chapter_history(kp_req *r)
{
    const char *region = NULL, *chapter = kp_in(r, "chapter");
    kp_date at;
    char at_iso[11];
    bool known = eval_target(r, &region, &at, at_iso);
    if (!eval_chapter_known(r, chapter) || !known)
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    kp_chapter *list = NULL;
    size_t n = 0;
    kp_rc rc = kp_chapter_history(&r->ctx, region, at, chapter, &list, &n);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, chapter_json(&list[i]));
    kp_chapters_free(list, n);
    free(list);
    json_t *o = json_object();
    json_object_set_new(o, "versions", a);
    return kp_json(r, 200, o);
}

int api_evaluation_approve(kp_req *r)
{
    const char *region = NULL;
    kp_date at;
    char at_iso[11];
    if (!eval_target(r, &region, &at, at_iso))
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    kp_eval_version v;
    kp_rc rc = kp_eval_publish(&r->ctx, region, at, EVAL_FORMATS, EVAL_NFORMATS,
                               kp_in_int(r, "expect_version", 0), &v, NULL);
    if (rc == KP_ECONFLICT)
        return kp_json_error(r, 409, eval_s(r, E_AP_CONFLICT));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_eval_changes c;
    rc = kp_evaluation_version_get(&r->ctx, v.id, &v, &c);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = version_json(&v);
    json_object_set_new(o, "changes", changes_json(&c));
    kp_eval_changes_free(&c);
    return kp_json(r, 201, o);
}

int api_evaluation_versions(kp_req *r)
{
    const char *region = NULL;
    kp_date at;
    char at_iso[11];
    if (!eval_target(r, &region, &at, at_iso))
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    kp_eval_version *list = NULL;
    size_t n = 0;
    kp_rc rc = kp_evaluation_versions(&r->ctx, region, at, &list, &n);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, version_json(&list[i]));
    free(list);
    json_t *o = json_object();
    json_object_set_new(o, "versions", a);
    return kp_json(r, 200, o);
}

int api_evaluation_version(kp_req *r)
{
    kp_eval_version v;
    kp_eval_changes c;
    kp_rc rc = kp_evaluation_version_get(&r->ctx, r->path_id, &v, &c);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = version_json(&v);
    json_object_set_new(o, "changes", changes_json(&c));
    kp_eval_changes_free(&c);
    return kp_json(r, 200, o);
}
