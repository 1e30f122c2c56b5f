/* The queries of the evaluation's chapters of text (service/figures/
 * chapters.h): the aggregate is a region's chapter at an evaluation date
 * and its versions (table evaluation_chapter). Used by chapters.c
 * (kp_chapters_current, kp_chapter_save, kp_chapters_save_all,
 * kp_chapter_history). No authorisation, audit or transaction here. */
#ifndef KOPA_SERVICE_FIGURES_CHAPTERS_SQL_H
#define KOPA_SERVICE_FIGURES_CHAPTERS_SQL_H
#include <stddef.h>
#include <stdint.h>
#include "service/figures/chapters.h"
#include "service/rows.h"

/* Versions of chapters; each body is the caller's (kp_chapters_free, then
 * free(items)), also after a failure. */
typedef struct kp_q_chapter_list {
    kp_chapter *items;
    size_t n, cap;
} kp_q_chapter_list;

/* The newest version of every chapter written for `region` ("" for the
 * national roll-up) at `d` (ISO), appended to *out in no set order. */
kp_rc kp_q_chapters_current(kp_store *st, const char *region, const char *d, kp_q_chapter_list *out);

/* Every version of `chapter` for `region` at `d`, newest first, appended
 * to *out. */
kp_rc kp_q_chapter_versions(kp_store *st, const char *region, const char *d, const char *chapter,
                            kp_q_chapter_list *out);

/* Writes version `version` of a chapter; *id (may be NULL) its row. */
kp_rc kp_q_chapter_insert(kp_store *st, const char *region, const char *d, const char *chapter, int64_t version,
                          const char *body, const char *author, const char *saved_at, int64_t *id);

#endif
