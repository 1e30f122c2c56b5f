/* The one row reader: a SELECT's columns land, in order, in the fields of a
 * typed struct described by a shape. Query files (one per aggregate, e.g.
 * casework/casework_sql.c) declare a struct and its shape next to their SQL
 * and return structs; use cases call them and hold no cursor, so the SQL
 * and the way its rows are read live in one place per aggregate whatever
 * the backend.
 *
 *     typedef struct kp_user_row { int64_t id; char name[64]; bool off; } kp_user_row;
 *     static const kp_field USER_F[] = {
 *         KP_FIELD(kp_user_row, id), KP_FIELD(kp_user_row, name), KP_FIELD(kp_user_row, off)};
 *     static const kp_shape USER = KP_SHAPE(kp_user_row, USER_F);
 *     kp_rc rc = kp_rows_one(st, "SELECT id, name, disabled FROM app_user WHERE id = ?",
 *                            p, 1, &USER, &row, &found);
 *
 * Values: NULL reads as 0, false or "" (a KP_FIELD_OPT int reads NULL as
 * -1); an integer column holding text that is not a number reads as 0 (as
 * SQLite does). Text longer than its field is refused with KP_ETOOBIG,
 * never cut: fields are sized for what validation lets in, so a longer value
 * is a damaged record, not a name to shorten. */
#ifndef KOPA_SERVICE_ROWS_H
#define KOPA_SERVICE_ROWS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/sql.h"

typedef enum kp_field_kind {
    KP_F_I64 = 1,  /* int64_t */
    KP_F_INT,      /* int */
    KP_F_BOOL,     /* bool: any non-zero number is true */
    KP_F_TEXT,     /* char[N]: the text and its NUL must fit */
    KP_F_BYTES,    /* unsigned char[N]: a blob of exactly N bytes (NULL: zeros) */
    KP_F_OPT,      /* int; NULL reads as -1 ("unknown") */
    KP_F_DUP,      /* char *: a copy the caller frees (NULL for NULL) */
    KP_F_SKIP,     /* a column read by nobody (e.g. only for ORDER BY) */
    KP_F_BLOB,     /* kp_blob: a copy of a blob of any length the caller frees (NULL: {NULL, 0}) */
} kp_field_kind;

/* A blob of any length (a sealed personal code): b is malloc'd, freed by
 * kp_row_release or the caller; NULL and an empty blob read as {NULL, 0}. */
typedef struct kp_blob {
    unsigned char *b;
    size_t n;
} kp_blob;

typedef struct kp_field {
    kp_field_kind kind;
    size_t off;
    size_t size;
} kp_field;

/* The field's kind follows its C type: int64_t, int, bool, char[N] and
 * unsigned char[N]. */
#define KP_FIELD(T, m)                                                                      \
    {_Generic(((T *)0)->m, int64_t: KP_F_I64, int: KP_F_INT, bool: KP_F_BOOL,               \
              char *: KP_F_TEXT, unsigned char *: KP_F_BYTES),                               \
     offsetof(T, m), sizeof(((T *)0)->m)}
/* An int that keeps "unknown": NULL → -1. */
#define KP_FIELD_OPT(T, m)                                                                  \
    {_Generic(((T *)0)->m, int: KP_F_OPT), offsetof(T, m), sizeof(int)}
/* A char * field that gets a malloc'd copy of the text. */
#define KP_FIELD_DUP(T, m)                                                                  \
    {_Generic(((T *)0)->m, char *: KP_F_DUP), offsetof(T, m), sizeof(char *)}
/* A kp_blob field that gets a malloc'd copy of the bytes. */
#define KP_FIELD_BLOB(T, m)                                                                 \
    {_Generic(((T *)0)->m, kp_blob: KP_F_BLOB), offsetof(T, m), sizeof(kp_blob)}
#define KP_FIELD_SKIP {KP_F_SKIP, 0, 0}

typedef struct kp_shape {
    const kp_field *f;
    size_t n;     /* columns read, in order; the query may return more (ignored) */
    size_t size;  /* sizeof the struct */
} kp_shape;

#define KP_SHAPE(T, fields) {(fields), sizeof(fields) / sizeof((fields)[0]), sizeof(T)}

/* Runs the query and reads its first row into *row (zeroed first).
 * *found says whether there was a row; with found NULL, no row is
 * KP_ENOTFOUND. KP_EINVAL when the query returns fewer columns than the
 * shape reads. */
kp_rc kp_rows_one(kp_store *st, const char *sql, const kp_param *p, size_t n, const kp_shape *sh,
                  void *row, bool *found);

/* Appends every row to a growing array of the shape's struct: *items (may
 * be NULL), *count rows in use, *cap allocated; the caller frees *items
 * (also on failure, when rows read so far stay). Works with any vector
 * struct of the form {T *items; size_t n, cap;}. */
kp_rc kp_rows_all(kp_store *st, const char *sql, const kp_param *p, size_t n, const kp_shape *sh,
                  void **items, size_t *count, size_t *cap);
#define KP_ROWS_ALL(st_, sql_, p_, np_, sh_, vec_)                                          \
    kp_rows_all((st_), (sql_), (p_), (np_), (sh_), (void **)&(vec_)->items, &(vec_)->n, &(vec_)->cap)

/* Reads the rows one by one into *row (zeroed before each) and calls
 * fn(row, arg); a non-zero result from fn stops the walk and is returned.
 * For large reads folded as they go (figures), which keep no array.
 * KP_F_DUP and KP_F_BLOB fields are freed after fn returns. */
typedef kp_rc (*kp_row_fn)(void *row, void *arg);
kp_rc kp_rows_each(kp_store *st, const char *sql, const kp_param *p, size_t n, const kp_shape *sh,
                   void *row, kp_row_fn fn, void *arg);

/* Frees the KP_F_DUP and KP_F_BLOB fields of one row (kp_rows_one/kp_rows_all leave
 * them to the caller). */
void kp_row_release(const kp_shape *sh, void *row);

#endif
