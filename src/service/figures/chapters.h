/* The chapters of text a planning region writes into its progress
 * evaluation (introduction and legal basis, deviation factors, findings,
 * recommendations, social workers' and clients' opinions), kept per region
 * and evaluation date. Every save that changes a text is a new version
 * with its author and time; nothing is overwritten. Plain text: paragraphs
 * separated by an empty line, list items starting with "- "; the text is
 * never markup (renderers escape it). */
#ifndef KOPA_SERVICE_CHAPTERS_H
#define KOPA_SERVICE_CHAPTERS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/date.h"
#include "service/ctx.h"
#include "service/errors.h"

#define KP_CHAPTER_COUNT 6
/* Longest text of a chapter, in bytes. */
#define KP_CHAPTER_MAX 32000

/* Chapter keys in the order of the document (seed 003: the introduction
 * first; the deviation factors, findings, recommendations and the opinions
 * after the indicators, before the appendices). */
extern const char *const kp_chapter_keys[KP_CHAPTER_COUNT];

/* Index of a chapter key in kp_chapter_keys, or -1. */
int kp_chapter_index(const char *key);

typedef struct kp_chapter {
    char key[24];
    int64_t id;          /* row of this version; 0 = never written */
    int64_t version;     /* 1, 2, …; 0 = never written */
    char author[65];     /* a user name: up to 64 characters */
    char saved_at[24];   /* UTC, ISO 8601 */
    char *body;          /* owned; "" when never written */
} kp_chapter;

/* Frees the bodies of n chapters (not the array). */
void kp_chapters_free(kp_chapter *c, size_t n);

/* Saves `body` as the next version of `chapter` of the region's evaluation
 * at `at`. Needs write access to the region (its coordinator, an
 * administrator): KP_ENOTFOUND for an unknown region (or "ALL") or another
 * region, KP_EDENIED for a reader. KP_EINVAL with a message on "chapter"
 * or "body" (not UTF-8 text, a control character, longer than
 * KP_CHAPTER_MAX). A text equal to the current version is not a change:
 * nothing is written and *version_out is the current version. The save and
 * its audit record (kp_audit_change) are one transaction. */
kp_rc kp_chapter_save(kp_ctx *ctx, const char *region, kp_date at, const char *chapter, const char *body,
                      kp_errors *e, int64_t *version_out);

/* Saves several chapters at once, all or none: bodies[i] is the text of
 * kp_chapter_keys[i], NULL = not given. Messages are on the chapter's key
 * as field; KP_EINVAL when any text is refused (nothing is written).
 * *saved (may be NULL) counts the new versions. Scope as kp_chapter_save. */
kp_rc kp_chapters_save_all(kp_ctx *ctx, const char *region, kp_date at, const char *const bodies[KP_CHAPTER_COUNT],
                           kp_errors *e, size_t *saved);

/* The current version of every chapter, in document order, into
 * out[KP_CHAPTER_COUNT] (free with kp_chapters_free). Needs read access to
 * the region (coordinator, ministry, administrator); KP_ENOTFOUND for an
 * unknown region or outside scope. "ALL" (the national roll-up) has no
 * chapters: every one comes back empty. */
kp_rc kp_chapters_current(kp_ctx *ctx, const char *region, kp_date at, kp_chapter out[KP_CHAPTER_COUNT]);

/* Every version of one chapter, newest first, into a new array *out of *n
 * (free with kp_chapters_free then free()). KP_EINVAL for an unknown
 * chapter key; scope as kp_chapters_current. */
kp_rc kp_chapter_history(kp_ctx *ctx, const char *region, kp_date at, const char *chapter, kp_chapter **out,
                         size_t *n);

#endif
