/* libxlsxwriter, opened at the first workbook written (core/lazy_lib.h).
 *
 * Linked the usual way it is mapped and relocated, with zlib and minizip,
 * at every start of `kopa`: about 5 ms of CPU and 140 page faults on a small
 * virtual machine, for the few commands that write a spreadsheet.
 * render_xlsx.c is written against libxlsxwriter as usual; the functions it
 * calls are listed here. */
#include "xlsx_lib.h"
#include "core/lazy_lib.h"
#include <xlsxwriter.h>

/* Debian's libxlsxwriter4. */
#define XLSX_SONAME "libxlsxwriter.so.4"

#define XLSX_FUNCTIONS(X)                                                                                        \
    X(lxw_workbook *, workbook_new, (const char *filename), (filename))                                          \
    X(lxw_worksheet *, workbook_add_worksheet, (lxw_workbook * workbook, const char *sheetname),                 \
      (workbook, sheetname))                                                                                     \
    X(lxw_format *, workbook_add_format, (lxw_workbook * workbook), (workbook))                                  \
    X(lxw_chart *, workbook_add_chart, (lxw_workbook * workbook, uint8_t chart_type), (workbook, chart_type))    \
    X(lxw_error, workbook_close, (lxw_workbook * workbook), (workbook))                                          \
    X(lxw_error, worksheet_write_string,                                                                         \
      (lxw_worksheet * worksheet, lxw_row_t row, lxw_col_t col, const char *string, lxw_format *format),         \
      (worksheet, row, col, string, format))                                                                     \
    X(lxw_error, worksheet_write_number,                                                                         \
      (lxw_worksheet * worksheet, lxw_row_t row, lxw_col_t col, double number, lxw_format *format),              \
      (worksheet, row, col, number, format))                                                                     \
    X(lxw_error, worksheet_write_datetime,                                                                       \
      (lxw_worksheet * worksheet, lxw_row_t row, lxw_col_t col, lxw_datetime *datetime, lxw_format *format),     \
      (worksheet, row, col, datetime, format))                                                                   \
    X(lxw_error, worksheet_set_column,                                                                           \
      (lxw_worksheet * worksheet, lxw_col_t first_col, lxw_col_t last_col, double width, lxw_format *format),    \
      (worksheet, first_col, last_col, width, format))                                                           \
    X(lxw_error, worksheet_insert_chart_opt,                                                                     \
      (lxw_worksheet * worksheet, lxw_row_t row, lxw_col_t col, lxw_chart *chart, lxw_chart_options *user_options), \
      (worksheet, row, col, chart, user_options))                                                                \
    X(lxw_chart_series *, chart_add_series, (lxw_chart * chart, const char *categories, const char *values),     \
      (chart, categories, values))

#define XLSX_PROCEDURES(V)                                                                                       \
    V(format_set_align, (lxw_format * format, uint8_t alignment), (format, alignment))                           \
    V(format_set_bg_color, (lxw_format * format, lxw_color_t color), (format, color))                            \
    V(format_set_bold, (lxw_format * format), (format))                                                          \
    V(format_set_font_color, (lxw_format * format, lxw_color_t color), (format, color))                          \
    V(format_set_font_size, (lxw_format * format, double size), (format, size))                                  \
    V(format_set_num_format, (lxw_format * format, const char *num_format), (format, num_format))                \
    V(format_set_text_wrap, (lxw_format * format), (format))                                                     \
    V(chart_legend_set_position, (lxw_chart * chart, uint8_t position), (chart, position))                       \
    V(chart_title_set_name, (lxw_chart * chart, const char *name), (chart, name))                                \
    V(chart_series_set_name, (lxw_chart_series * series, const char *name), (series, name))                      \
    V(chart_series_set_labels, (lxw_chart_series * series), (series))                                            \
    V(chart_series_set_categories,                                                                               \
      (lxw_chart_series * series, const char *sheetname, lxw_row_t first_row, lxw_col_t first_col,               \
       lxw_row_t last_row, lxw_col_t last_col),                                                                  \
      (series, sheetname, first_row, first_col, last_row, last_col))                                             \
    V(chart_series_set_values,                                                                                   \
      (lxw_chart_series * series, const char *sheetname, lxw_row_t first_row, lxw_col_t first_col,               \
       lxw_row_t last_row, lxw_col_t last_col),                                                                  \
      (series, sheetname, first_row, first_col, last_row, last_col))

static struct {
    XLSX_FUNCTIONS(KP_LAZY_MEMBER)
    XLSX_PROCEDURES(KP_LAZY_MEMBER_V)
} lazy;

static void find_all(void *h, char *err, size_t errlen)
{
    XLSX_FUNCTIONS(KP_LAZY_FIND)
    XLSX_PROCEDURES(KP_LAZY_FIND_V)
}

static kp_lazy_lib lib = KP_LAZY_LIB(XLSX_SONAME, "spreadsheets (libxlsxwriter4)", find_all);

const char *kp_xlsx_lib_load(void)
{
    return kp_lazy_load(&lib);
}

static void lazy_ready(void)
{
    kp_lazy_require(&lib);
}

XLSX_FUNCTIONS(KP_LAZY_FORWARD)
XLSX_PROCEDURES(KP_LAZY_FORWARD_V)
