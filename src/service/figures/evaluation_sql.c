/* The SQL of stored evaluations (see evaluation_sql.h). */
#include "service/figures/evaluation_sql.h"
#include <stdio.h>
#include <string.h>

#define TEXT(v) ((kp_param){.t = KP_P_TEXT, .s = (v)}) /* text as it is, "" included */

static const kp_field LATEST_F[] = {KP_FIELD(kp_q_evaluation_version, id), KP_FIELD(kp_q_evaluation_version, version),
                                    KP_FIELD_DUP(kp_q_evaluation_version, figures_csv)};
static const kp_shape LATEST = KP_SHAPE(kp_q_evaluation_version, LATEST_F);

kp_rc kp_q_evaluation_latest(kp_store *st, const char *region, const char *d, kp_q_evaluation_version *out,
                             bool *found)
{
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    return kp_rows_one(st,
                       "SELECT id, version, figures_csv FROM evaluation_version WHERE region_code = ?"
                       " AND at_date = ? ORDER BY version DESC LIMIT 1",
                       p, 2, &LATEST, out, found);
}

static const kp_field VERSION_F[] = {
    KP_FIELD(kp_q_evaluation_version, id),          KP_FIELD(kp_q_evaluation_version, version),
    KP_FIELD(kp_q_evaluation_version, region),      KP_FIELD(kp_q_evaluation_version, at),
    KP_FIELD(kp_q_evaluation_version, approved_on), KP_FIELD(kp_q_evaluation_version, approved_at),
    KP_FIELD(kp_q_evaluation_version, approved_by), KP_FIELD(kp_q_evaluation_version, nchanges)};
static const kp_shape VERSION = KP_SHAPE(kp_q_evaluation_version, VERSION_F);

#define VERSION_COLS                                                                                                   \
    "SELECT id, version, region_code, at_date, approved_on, approved_at, approved_by,"                                 \
    " (SELECT COUNT(*) FROM evaluation_version_change c WHERE c.version_id = v.id) FROM evaluation_version v"

kp_rc kp_q_evaluation_versions_of(kp_store *st, const char *region, const char *d, kp_q_evaluation_versions *out)
{
    if (!out)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    return KP_ROWS_ALL(st, VERSION_COLS " WHERE region_code = ? AND at_date = ? ORDER BY version", p, 2, &VERSION, out);
}

kp_rc kp_q_evaluation_version_by_id(kp_store *st, int64_t id, kp_q_evaluation_version *out, bool *found)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_rows_one(st, VERSION_COLS " WHERE id = ?", p, 1, &VERSION, out, found);
}

kp_rc kp_q_evaluation_next_version(kp_store *st, const char *region, const char *d, int64_t *next)
{
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    return kp_sql_int(st,
                      "SELECT COALESCE(MAX(version), 0) + 1 FROM evaluation_version WHERE region_code = ?"
                      " AND at_date = ?",
                      p, 2, 1, next);
}

static const kp_field FIGURES_F[] = {KP_FIELD(kp_q_evaluation_version, version),
                                     KP_FIELD(kp_q_evaluation_version, approved_on),
                                     KP_FIELD_DUP(kp_q_evaluation_version, figures_csv)};
static const kp_shape FIGURES = KP_SHAPE(kp_q_evaluation_version, FIGURES_F);

kp_rc kp_q_evaluation_figures_latest(kp_store *st, const char *region, const char *d, kp_q_evaluation_version *out,
                                     bool *found)
{
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    return kp_rows_one(st,
                       "SELECT v.version, v.approved_on, v.figures_csv FROM evaluation_version v"
                       " JOIN region r ON r.code = v.region_code"
                       " WHERE v.region_code = ? AND v.at_date = ? ORDER BY v.version DESC LIMIT 1",
                       p, 2, &FIGURES, out, found);
}

kp_rc kp_q_evaluation_figures_of(kp_store *st, int64_t id, kp_q_evaluation_version *out, bool *found)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_rows_one(st, "SELECT version, approved_on, figures_csv FROM evaluation_version WHERE id = ?", p, 1,
                       &FIGURES, out, found);
}

static const kp_field TEXT_F[] = {KP_FIELD(kp_q_evaluation_text, chapter), KP_FIELD(kp_q_evaluation_text, version)};
static const kp_shape TEXTS = KP_SHAPE(kp_q_evaluation_text, TEXT_F);

kp_rc kp_q_evaluation_texts_of(kp_store *st, int64_t id, kp_q_evaluation_texts *out)
{
    if (!out)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(id)};
    return KP_ROWS_ALL(st, "SELECT chapter, chapter_version FROM evaluation_version_text WHERE version_id = ?", p, 1,
                       &TEXTS, out);
}

kp_rc kp_q_evaluation_chapter_latest(kp_store *st, const char *region, const char *d, const char *chapter,
                                     int64_t *version)
{
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d), KP_PTEXT(chapter)};
    return kp_sql_int(st,
                      "SELECT COALESCE(MAX(version), 0) FROM evaluation_chapter WHERE region_code = ? AND at_date = ?"
                      " AND chapter = ?",
                      p, 3, 0, version);
}

static const kp_field CHANGE_F[] = {KP_FIELD(kp_q_evaluation_change, kind), KP_FIELD(kp_q_evaluation_change, item),
                                    KP_FIELD(kp_q_evaluation_change, old_value),
                                    KP_FIELD(kp_q_evaluation_change, new_value)};
static const kp_shape CHANGE = KP_SHAPE(kp_q_evaluation_change, CHANGE_F);

kp_rc kp_q_evaluation_changes_of(kp_store *st, int64_t id, kp_q_evaluation_changes *out)
{
    if (!out)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(id)};
    return KP_ROWS_ALL(st,
                       "SELECT kind, item, old_value, new_value FROM evaluation_version_change"
                       " WHERE version_id = ? ORDER BY id",
                       p, 1, &CHANGE, out);
}

static const kp_field FILE_F[] = {KP_FIELD(kp_q_evaluation_file, format), KP_FIELD(kp_q_evaluation_file, sha256),
                                  KP_FIELD(kp_q_evaluation_file, bytes)};
static const kp_shape FILES = KP_SHAPE(kp_q_evaluation_file, FILE_F);

kp_rc kp_q_evaluation_files_of(kp_store *st, int64_t id, kp_q_evaluation_files *out)
{
    if (!out)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(id)};
    return KP_ROWS_ALL(st,
                       "SELECT format, sha256, length(content) FROM evaluation_snapshot WHERE version_id = ?"
                       " ORDER BY id",
                       p, 1, &FILES, out);
}

kp_rc kp_q_evaluation_file_content(kp_store *st, int64_t id, const char *format, int64_t *file_id, kp_buf *content,
                                   char sha256[65], bool *found)
{
    if (!st || !file_id || !content || !sha256 || !found)
        return KP_EINVAL;
    *found = false;
    *file_id = 0;
    sha256[0] = '\0';
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(st, "SELECT id, content, sha256 FROM evaluation_snapshot WHERE version_id = ? AND format = ?",
                                &s);
    kp_param p[] = {KP_PINT(id), KP_PTEXT(format)};
    if (!rc)
        rc = kp_sql_bind(s, p, 2);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && row) {
        size_t n = 0;
        const void *b = kp_stmt_blob(s, 1, &n);
        *file_id = kp_stmt_int(s, 0);
        snprintf(sha256, 65, "%s", kp_stmt_text(s, 2));
        rc = kp_buf_append(content, b, n);
        *found = !rc;
    }
    kp_stmt_free(s);
    return rc;
}

kp_rc kp_q_evaluation_with_file(kp_store *st, const char *region, const char *d, const char *format, int64_t *id)
{
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d), KP_PTEXT(format)};
    return kp_sql_int(st,
                      "SELECT v.id FROM evaluation_version v JOIN evaluation_snapshot s ON s.version_id = v.id"
                      " WHERE v.region_code = ? AND v.at_date = ? AND s.format = ? ORDER BY v.version DESC LIMIT 1",
                      p, 3, 0, id);
}

kp_rc kp_q_evaluation_insert_version(kp_store *st, const kp_q_evaluation_new *v, int64_t *id)
{
    if (!v)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(v->region),      KP_PTEXT(v->at),          KP_PINT(v->version),
                    KP_PTEXT(v->approved_on), KP_PTEXT(v->approved_at), KP_PTEXT(v->approved_by),
                    TEXT(v->figures_csv)};
    return kp_sql_insert(st,
                         "INSERT INTO evaluation_version(region_code, at_date, version, approved_on, approved_at,"
                         " approved_by, figures_csv) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id);
}

kp_rc kp_q_evaluation_insert_text(kp_store *st, int64_t id, const char *chapter, int64_t chapter_version,
                                  const char *body)
{
    kp_param p[] = {KP_PINT(id), KP_PTEXT(chapter), KP_PINT(chapter_version), TEXT(body)};
    return kp_sql_exec(st,
                       "INSERT INTO evaluation_version_text(version_id, chapter, chapter_version, body)"
                       " VALUES (?, ?, ?, ?)",
                       p, 4);
}

kp_rc kp_q_evaluation_insert_change(kp_store *st, int64_t id, const char *kind, const char *item, const char *old_value,
                                    const char *new_value)
{
    kp_param p[] = {KP_PINT(id), KP_PTEXT(kind), KP_PTEXT(item), TEXT(old_value), TEXT(new_value)};
    return kp_sql_exec(st,
                       "INSERT INTO evaluation_version_change(version_id, kind, item, old_value, new_value)"
                       " VALUES (?, ?, ?, ?, ?)",
                       p, 5);
}

kp_rc kp_q_evaluation_insert_snapshot(kp_store *st, int64_t id, const kp_q_evaluation_new *v, const char *format,
                                      const void *content, size_t n, const char *sha256)
{
    if (!v)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(id),         KP_PTEXT(v->region),      KP_PTEXT(v->at),
                    KP_PTEXT(v->approved_on), KP_PTEXT(v->approved_by), KP_PTEXT(format),
                    KP_PBLOB(content, n), KP_PTEXT(sha256),        TEXT(v->figures_csv)};
    return kp_sql_exec(st,
                       "INSERT INTO evaluation_snapshot(version_id, region_code, at_date, status, approved_on,"
                       " approved_by, format, content, sha256, figures_csv)"
                       " VALUES (?, ?, ?, 'approved', ?, ?, ?, ?, ?, ?)",
                       p, KP_NPARAMS(p));
}
