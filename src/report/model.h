/* The report model every renderer reads: a document of sections, each a
 * list of blocks (paragraphs, tables of typed cells, bar charts). Built once
 * from the data; HTML, PDF and XLSX are drawn from the same model, so the
 * three can never disagree about a figure.
 *
 * Ownership: a kp_doc owns everything reachable from it (one arena);
 * kp_doc_free releases it all. Strings passed in are copied. */
#ifndef KOPA_REPORT_MODEL_H
#define KOPA_REPORT_MODEL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/date.h"
#include "core/result.h"

typedef enum kp_cell_kind {
    KP_CELL_EMPTY = 0,
    KP_CELL_TEXT = 1,
    KP_CELL_COUNT = 2,   /* whole number */
    KP_CELL_CENTS = 3,   /* money in cents: "398 161,28 €" */
    KP_CELL_PCT = 4,     /* percent in hundredths: "4,23 %" */
    KP_CELL_DATE = 5,    /* day number: "31.12.2021." */
    KP_CELL_HUNDREDTHS = 6, /* a number in hundredths without a unit (a rate per 1 000): "4,23" */
} kp_cell_kind;

typedef struct kp_cell {
    kp_cell_kind kind;
    int64_t v;
    const char *text;    /* KP_CELL_TEXT only */
    bool strong;         /* a total or a heading row */
    const char *figure;  /* the figure the cell shows ("section.group.item.measure.period", catalogue.h), or NULL */
    int64_t unit;        /* with figure: the territory (0 = the whole, negative = a region of the country) */
    bool persons;        /* without figure: a count of persons the report computed (a row sum, a cost row);
                            the open-data version suppresses it (report/eval_open.h) */
    const char *part_of; /* with persons: the figure (as `figure`, its territory in `unit`) that the cells of
                            this column with the same part_of and unit add up to; NULL: none known */
} kp_cell;

typedef struct kp_table {
    const char *title;   /* may be NULL */
    size_t ncols, nrows, caprows;
    const char **header; /* ncols labels */
    kp_cell *cells;      /* nrows × ncols, row-major */
} kp_table;

/* A bar chart: categories along one axis, one bar per series per category. */
typedef struct kp_chart {
    const char *title;
    const char *unit;      /* e.g. "personas" */
    size_t ncat, nseries, capcat;
    const char **categories;
    const char **series;   /* nseries names */
    int64_t *values;       /* ncat × nseries, row-major by category */
    const char *category_label; /* the categories' column heading in a spreadsheet; NULL: "Pakalpojums" */
    bool hundredths;       /* values are hundredths (a rate per 1 000: 423 is "4,23"); false: whole numbers */
} kp_chart;

typedef enum kp_block_kind {
    KP_BLOCK_PARA = 1,
    KP_BLOCK_TABLE = 2,
    KP_BLOCK_CHART = 3,
    KP_BLOCK_HEADING = 4,
    KP_BLOCK_MAP = 7, /* a map of territories (report/map.h), then its table equivalent as a table block */
} kp_block_kind;

struct kp_map;

typedef struct kp_block {
    kp_block_kind kind;
    const char *text;    /* paragraph or sub-heading */
    kp_table *table;
    kp_chart *chart;
    const struct kp_map *map; /* KP_BLOCK_MAP: drawn by kp_map_svg / kp_map_cairo */
} kp_block;

typedef struct kp_section {
    const char *title;
    const char *sheet;   /* short name for a spreadsheet tab (≤ 31 characters) */
    bool new_page;       /* a chapter starts on a new page */
    size_t nblocks, capblocks;
    kp_block *blocks;
} kp_section;

typedef struct kp_arena_chunk kp_arena_chunk;

typedef struct kp_doc {
    const char *title;        /* "DI plāna izvērtējums" */
    const char *subtitle;     /* region name */
    const char *state_line;   /* "Stāvoklis uz 31.12.2021." */
    const char *notice;       /* shown on the first page when not NULL (no data) */
    const char *footer;       /* printed at the foot of every page (version, hash) */
    const char *watermark;    /* "MELNRAKSTS" on every page when not NULL */
    bool contents;            /* print a table of contents */
    kp_date created;          /* the document's fixed creation date (from the data) */
    /* When set, the HTML renderer links every cell that shows a figure to
     * its records: figure_links + "&figure=REF&municipality=UNIT" (a local
     * URL with its query started, e.g. "/figures/records?region=ZPR&date=…").
     * NULL (the default): no links, and the files stay as they were. */
    const char *figure_links;
    size_t nsections, capsections;
    kp_section **sections;
    kp_arena_chunk *arena;
} kp_doc;

/* Starts an empty document. */
void kp_doc_init(kp_doc *d);
void kp_doc_free(kp_doc *d);

/* Copies of text that live as long as the document. */
const char *kp_doc_str(kp_doc *d, const char *s);
const char *kp_doc_printf(kp_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends a section; the pointer lives as long as the document. */
kp_section *kp_doc_section(kp_doc *d, const char *title, const char *sheet, bool new_page);
void kp_doc_para(kp_doc *d, kp_section *s, const char *text);
void kp_doc_heading(kp_doc *d, kp_section *s, const char *text);
/* A table with ncols columns whose labels are given as variadic strings. */
kp_table *kp_doc_table(kp_doc *d, kp_section *s, const char *title, size_t ncols, ...);
/* The same with the labels in an array of ncols strings. */
kp_table *kp_doc_table_v(kp_doc *d, kp_section *s, const char *title, size_t ncols, const char *const *header);
/* Appends a row of empty cells and returns it (ncols cells); valid until
 * the next row is added to the same table. */
kp_cell *kp_table_row(kp_doc *d, kp_table *t);
kp_chart *kp_doc_chart(kp_doc *d, kp_section *s, const char *title, const char *unit, size_t nseries, ...);
/* Appends a category; returns its ncat × nseries value row. */
int64_t *kp_chart_category(kp_doc *d, kp_chart *c, const char *name);
/* Appends a map: a copy of *m (its texts and areas) that lives as long
 * as the document. KP_EINVAL for NULL arguments or a map kp_map_svg
 * would refuse (report/map.h), so that every map added draws. HTML draws
 * it as inline SVG, PDF with cairo; a spreadsheet has only the table
 * that should follow it. */
kp_rc kp_doc_map(kp_doc *d, kp_section *s, const struct kp_map *m);

/* A chart value as shown: "457", or with hundredths "4,23". out: at least
 * 32 bytes. */
void kp_chart_value_format(const kp_chart *c, int64_t v, char *out, size_t outlen);

/* Cell constructors. */
kp_cell kp_c_text(kp_doc *d, const char *s);
kp_cell kp_c_count(int64_t v);
kp_cell kp_c_cents(int64_t v);
kp_cell kp_c_pct(int64_t hundredths);
kp_cell kp_c_date(kp_date v);
kp_cell kp_c_hundredths(int64_t v);

/* The Latvian display form of a cell: "398 161,28 €", "4,23 %", "457",
 * "31.12.2021.". `space` is put between digit groups and before the unit
 * (an ASCII space, or a no-break space "\u00a0" for layouts that wrap).
 * out: at least 64 bytes. */
void kp_cell_format(const kp_cell *c, const char *space, char *out, size_t outlen);

#endif
