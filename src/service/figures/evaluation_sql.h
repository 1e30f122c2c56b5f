/* The query file of stored evaluations: approved versions of a region's
 * evaluation at a date (evaluation_version), the chapter texts drawn into
 * them, the figures changed since the previous version, the files approved
 * (evaluation_snapshot), and the chapters' latest versions they check
 * against. Used by evaluations.c (approving, listing, reading the files)
 * and open_data.c (the figures of an approval). No scope check, audit or
 * transaction control here: the use cases do them. */
#ifndef KOPA_SERVICE_EVALUATION_SQL_H
#define KOPA_SERVICE_EVALUATION_SQL_H
#include <stdbool.h>
#include <stdint.h>
#include "core/buf.h"
#include "service/rows.h"

/* A version's own columns. approved_by: a user name (64 characters at
 * most) or "cli"/"unknown". */
typedef struct kp_q_evaluation_version {
    int64_t id, version;
    char region[8];
    char at[11], approved_on[11];
    char approved_at[32];
    char approved_by[65];
    int64_t nchanges;
    char *figures_csv; /* kp_q_evaluation_latest and _figures only; the caller frees */
} kp_q_evaluation_version;
typedef struct kp_q_evaluation_versions {
    kp_q_evaluation_version *items;
    size_t n, cap;
} kp_q_evaluation_versions;

/* The latest version of region at d: id, version and figures (*found). */
kp_rc kp_q_evaluation_latest(kp_store *st, const char *region, const char *d, kp_q_evaluation_version *out,
                             bool *found);
/* The versions of region at d, in order; one version by id (*found). */
kp_rc kp_q_evaluation_versions_of(kp_store *st, const char *region, const char *d, kp_q_evaluation_versions *out);
kp_rc kp_q_evaluation_version_by_id(kp_store *st, int64_t id, kp_q_evaluation_version *out, bool *found);
/* COALESCE(MAX(version), 0) + 1 of region at d. */
kp_rc kp_q_evaluation_next_version(kp_store *st, const char *region, const char *d, int64_t *next);
/* version, approved_on and figures of the latest approval of region at d
 * (of a known region), or of approval id; *found false when none. */
kp_rc kp_q_evaluation_figures_latest(kp_store *st, const char *region, const char *d, kp_q_evaluation_version *out,
                                     bool *found);
kp_rc kp_q_evaluation_figures_of(kp_store *st, int64_t id, kp_q_evaluation_version *out, bool *found);

/* The chapter versions drawn into version id. */
typedef struct kp_q_evaluation_text {
    char chapter[32];
    int64_t version;
} kp_q_evaluation_text;
typedef struct kp_q_evaluation_texts {
    kp_q_evaluation_text *items;
    size_t n, cap;
} kp_q_evaluation_texts;
kp_rc kp_q_evaluation_texts_of(kp_store *st, int64_t id, kp_q_evaluation_texts *out);
/* The latest version of a chapter of region at d (0: none). */
kp_rc kp_q_evaluation_chapter_latest(kp_store *st, const char *region, const char *d, const char *chapter,
                                     int64_t *version);

/* The changes recorded with version id, in order. */
typedef struct kp_q_evaluation_change {
    char kind[8];
    char item[256];
    char old_value[48], new_value[48];
} kp_q_evaluation_change;
typedef struct kp_q_evaluation_changes {
    kp_q_evaluation_change *items;
    size_t n, cap;
} kp_q_evaluation_changes;
kp_rc kp_q_evaluation_changes_of(kp_store *st, int64_t id, kp_q_evaluation_changes *out);

/* The files of a version: format, SHA-256 and size, in order. */
typedef struct kp_q_evaluation_file {
    char format[8];
    char sha256[65];
    int64_t bytes;
} kp_q_evaluation_file;
typedef struct kp_q_evaluation_files {
    kp_q_evaluation_file *items;
    size_t n, cap;
} kp_q_evaluation_files;
kp_rc kp_q_evaluation_files_of(kp_store *st, int64_t id, kp_q_evaluation_files *out);
/* One file of version id: its row id, content appended to `content` and
 * recorded SHA-256 (*found false when none); the caller checks the two
 * agree. */
kp_rc kp_q_evaluation_file_content(kp_store *st, int64_t id, const char *format, int64_t *file_id, kp_buf *content,
                                   char sha256[65], bool *found);
/* The version of region at d with a file of format, latest first (0: none). */
kp_rc kp_q_evaluation_with_file(kp_store *st, const char *region, const char *d, const char *format, int64_t *id);

/* Writes of an approval (inside the caller's transaction). */
typedef struct kp_q_evaluation_new {
    const char *region, *at, *approved_on, *approved_at, *approved_by, *figures_csv;
    int64_t version;
} kp_q_evaluation_new;
kp_rc kp_q_evaluation_insert_version(kp_store *st, const kp_q_evaluation_new *v, int64_t *id);
kp_rc kp_q_evaluation_insert_text(kp_store *st, int64_t id, const char *chapter, int64_t chapter_version,
                                  const char *body);
kp_rc kp_q_evaluation_insert_change(kp_store *st, int64_t id, const char *kind, const char *item, const char *old_value,
                                    const char *new_value);
kp_rc kp_q_evaluation_insert_snapshot(kp_store *st, int64_t id, const kp_q_evaluation_new *v, const char *format,
                                      const void *content, size_t n, const char *sha256);

#endif
