/* The queries of the evaluation's chapters of text (see chapters_sql.h). */
#include "service/figures/chapters_sql.h"

static const kp_field CHAPTER_F[] = {KP_FIELD(kp_chapter, key),    KP_FIELD(kp_chapter, id),
                                     KP_FIELD(kp_chapter, version), KP_FIELD(kp_chapter, author),
                                     KP_FIELD(kp_chapter, saved_at), KP_FIELD_DUP(kp_chapter, body)};
static const kp_shape CHAPTER = KP_SHAPE(kp_chapter, CHAPTER_F);

kp_rc kp_q_chapters_current(kp_store *st, const char *region, const char *d, kp_q_chapter_list *out)
{
    if (!st || !region || !d || !out)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    return KP_ROWS_ALL(st,
                       "SELECT chapter, id, version, author, saved_at, body FROM evaluation_chapter c"
                       " WHERE region_code = ? AND at_date = ? AND version = (SELECT MAX(version)"
                       " FROM evaluation_chapter x WHERE x.region_code = c.region_code"
                       " AND x.at_date = c.at_date AND x.chapter = c.chapter)",
                       p, KP_NPARAMS(p), &CHAPTER, out);
}

kp_rc kp_q_chapter_versions(kp_store *st, const char *region, const char *d, const char *chapter,
                            kp_q_chapter_list *out)
{
    if (!st || !region || !d || !chapter || !out)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d), KP_PTEXT(chapter)};
    return KP_ROWS_ALL(st,
                       "SELECT chapter, id, version, author, saved_at, body FROM evaluation_chapter"
                       " WHERE region_code = ? AND at_date = ? AND chapter = ? ORDER BY version DESC",
                       p, KP_NPARAMS(p), &CHAPTER, out);
}

kp_rc kp_q_chapter_insert(kp_store *st, const char *region, const char *d, const char *chapter, int64_t version,
                          const char *body, const char *author, const char *saved_at, int64_t *id)
{
    if (!st || !region || !d || !chapter || !body || !author || !saved_at)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(region),
                    KP_PTEXT(d),
                    KP_PTEXT(chapter),
                    KP_PINT(version),
                    (kp_param){.t = KP_P_TEXT, .s = body},
                    KP_PTEXT(author),
                    KP_PTEXT(saved_at)};
    return kp_sql_insert(st,
                         "INSERT INTO evaluation_chapter(region_code, at_date, chapter, version, body, author, saved_at)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id);
}
