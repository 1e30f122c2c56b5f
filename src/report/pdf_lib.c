/* Pango and cairo, opened at the first PDF drawn (core/lazy_lib.h).
 *
 * Linked the usual way they bring fourteen shared libraries (GLib,
 * HarfBuzz, FreeType, fontconfig, X11's …) into every start of `kopa`: about
 * 17 ms of CPU and 320 page faults on a small virtual machine, paid by the
 * imports, the CSV reports and every other command that draws nothing.
 * render_pdf.c and map.c are written against pango and cairo as usual; the
 * functions they call are listed here. */
#include "pdf_lib.h"
#include "core/lazy_lib.h"
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <unistd.h>

/* pangocairo's SONAME (Debian's libpangocairo-1.0-0); cairo, pango and
 * GObject come with it and are searched through the same handle. */
#define PANGOCAIRO_SONAME "libpangocairo-1.0.so.0"

#define PDF_FUNCTIONS(X)                                                                                         \
    X(cairo_surface_t *, cairo_pdf_surface_create_for_stream,                                                    \
      (cairo_write_func_t write_func, void *closure, double width_in_points, double height_in_points),           \
      (write_func, closure, width_in_points, height_in_points))                                                  \
    X(cairo_t *, cairo_create, (cairo_surface_t * target), (target))                                             \
    X(cairo_status_t, cairo_status, (cairo_t * cr), (cr))                                                       \
    X(cairo_status_t, cairo_surface_status, (cairo_surface_t * surface), (surface))                              \
    X(PangoContext *, pango_cairo_create_context, (cairo_t * cr), (cr))                                          \
    X(PangoLayout *, pango_cairo_create_layout, (cairo_t * cr), (cr))                                            \
    X(PangoFontDescription *, pango_font_description_from_string, (const char *str), (str))                      \
    X(PangoLayout *, pango_layout_new, (PangoContext * context), (context))

#define PDF_PROCEDURES(V)                                                                                        \
    V(cairo_pdf_surface_set_metadata, (cairo_surface_t * surface, cairo_pdf_metadata_t metadata, const char *utf8), \
      (surface, metadata, utf8))                                                                                 \
    V(cairo_surface_finish, (cairo_surface_t * surface), (surface))                                              \
    V(cairo_surface_destroy, (cairo_surface_t * surface), (surface))                                             \
    V(cairo_destroy, (cairo_t * cr), (cr))                                                                       \
    V(cairo_show_page, (cairo_t * cr), (cr))                                                                     \
    V(cairo_save, (cairo_t * cr), (cr))                                                                          \
    V(cairo_restore, (cairo_t * cr), (cr))                                                                       \
    V(cairo_translate, (cairo_t * cr, double tx, double ty), (cr, tx, ty))                                       \
    V(cairo_scale, (cairo_t * cr, double sx, double sy), (cr, sx, sy))                                           \
    V(cairo_rotate, (cairo_t * cr, double angle), (cr, angle))                                                   \
    V(cairo_new_path, (cairo_t * cr), (cr))                                                                      \
    V(cairo_get_current_point, (cairo_t * cr, double *x, double *y), (cr, x, y))                                 \
    V(cairo_move_to, (cairo_t * cr, double x, double y), (cr, x, y))                                             \
    V(cairo_line_to, (cairo_t * cr, double x, double y), (cr, x, y))                                             \
    V(cairo_rectangle, (cairo_t * cr, double x, double y, double width, double height), (cr, x, y, width, height)) \
    V(cairo_close_path, (cairo_t * cr), (cr))                                                                    \
    V(cairo_fill, (cairo_t * cr), (cr))                                                                          \
    V(cairo_fill_preserve, (cairo_t * cr), (cr))                                                                 \
    V(cairo_stroke, (cairo_t * cr), (cr))                                                                        \
    V(cairo_set_fill_rule, (cairo_t * cr, cairo_fill_rule_t fill_rule), (cr, fill_rule))                         \
    V(cairo_set_line_join, (cairo_t * cr, cairo_line_join_t line_join), (cr, line_join))                         \
    V(cairo_set_line_width, (cairo_t * cr, double width), (cr, width))                                           \
    V(cairo_set_source_rgb, (cairo_t * cr, double red, double green, double blue), (cr, red, green, blue))       \
    V(pango_cairo_show_layout, (cairo_t * cr, PangoLayout *layout), (cr, layout))                                \
    V(pango_cairo_layout_path, (cairo_t * cr, PangoLayout *layout), (cr, layout))                                \
    V(pango_font_description_free, (PangoFontDescription * desc), (desc))                                        \
    V(pango_font_description_set_absolute_size, (PangoFontDescription * desc, double size), (desc, size))        \
    V(pango_font_description_set_weight, (PangoFontDescription * desc, PangoWeight weight), (desc, weight))      \
    V(pango_layout_get_size, (PangoLayout * layout, int *width, int *height), (layout, width, height))           \
    V(pango_layout_get_pixel_size, (PangoLayout * layout, int *width, int *height), (layout, width, height))     \
    V(pango_layout_set_alignment, (PangoLayout * layout, PangoAlignment alignment), (layout, alignment))         \
    V(pango_layout_set_font_description, (PangoLayout * layout, const PangoFontDescription *desc), (layout, desc)) \
    V(pango_layout_set_text, (PangoLayout * layout, const char *text, int length), (layout, text, length))       \
    V(pango_layout_set_width, (PangoLayout * layout, int width), (layout, width))                                \
    V(pango_layout_set_wrap, (PangoLayout * layout, PangoWrapMode wrap), (layout, wrap))                         \
    V(g_object_unref, (gpointer object), (object))

/* fontconfig (pangocairo's dependency, searched through its handle),
 * called here only: no forwarders. */
#define FC_FUNCTIONS(X)                                                                                          \
    X(FcConfig *, FcConfigCreate, (void), ())                                                                    \
    X(FcBool, FcConfigAppFontAddFile, (FcConfig * config, const FcChar8 *file), (config, file))                  \
    X(FcBool, FcConfigSetCurrent, (FcConfig * config), (config))

#define FC_PROCEDURES(V) V(FcConfigDestroy, (FcConfig * config), (config))

static struct {
    PDF_FUNCTIONS(KP_LAZY_MEMBER)
    PDF_PROCEDURES(KP_LAZY_MEMBER_V)
    FC_FUNCTIONS(KP_LAZY_MEMBER)
    FC_PROCEDURES(KP_LAZY_MEMBER_V)
} lazy;

/* The fonts the PDF draws: DejaVu Sans and its bold (render_pdf.c, map.c),
 * from fonts-dejavu-core, which the package depends on. */
#define DEJAVU_DIR "/usr/share/fonts/truetype/dejavu/"
static const char *const FONT_FILES[] = {DEJAVU_DIR "DejaVuSans.ttf", DEJAVU_DIR "DejaVuSans-Bold.ttf"};

/* fontconfig's own start (FcInit, at pango's first font) parses every
 * configuration file of the system and reads every font cache, and its
 * substitution rules then run at each font looked up: a sixth of drawing
 * the evaluation. A configuration of the two files above, made fontconfig's
 * current one before pango asks, is all the PDF needs (the same faces, the
 * same glyphs: the PDF is the same to the byte). Where they are missing
 * (another layout of the fonts), the system's configuration as before.
 * The price: no other installed font stands in for a character DejaVu Sans
 * lacks (it has Latin with Latvian's letters, Cyrillic, Greek; not CJK
 * or emoji), which is drawn as a missing glyph. */
static void own_fonts(void)
{
    for (size_t i = 0; i < sizeof FONT_FILES / sizeof FONT_FILES[0]; i++)
        if (access(FONT_FILES[i], R_OK) != 0)
            return;
    FcConfig *c = lazy.FcConfigCreate();
    if (!c)
        return;
    for (size_t i = 0; i < sizeof FONT_FILES / sizeof FONT_FILES[0]; i++)
        if (!lazy.FcConfigAppFontAddFile(c, (const FcChar8 *)FONT_FILES[i])) {
            lazy.FcConfigDestroy(c);
            return;
        }
    /* Kept to the end: the current configuration (whether fontconfig
     * takes a reference of its own differs between versions). */
    if (!lazy.FcConfigSetCurrent(c))
        lazy.FcConfigDestroy(c);
}

static void find_all(void *h, char *err, size_t errlen)
{
    PDF_FUNCTIONS(KP_LAZY_FIND)
    PDF_PROCEDURES(KP_LAZY_FIND_V)
    FC_FUNCTIONS(KP_LAZY_FIND)
    FC_PROCEDURES(KP_LAZY_FIND_V)
    own_fonts(); /* every function found (a missing one returned above) */
}

static kp_lazy_lib lib = KP_LAZY_LIB(PANGOCAIRO_SONAME, "PDF (libpangocairo-1.0-0)", find_all);

const char *kp_pdf_lib_load(void)
{
    const char *err = kp_lazy_load(&lib);
    /* An installation fault the administrator must see (the journal, for
     * the service); the user is told only that the PDF could not be made. */
    static atomic_flag told = ATOMIC_FLAG_INIT;
    if (err && !atomic_flag_test_and_set(&told))
        fprintf(stderr, "kopa: cannot draw PDF: %s (install Debian's libpangocairo-1.0-0)\n", err);
    return err;
}

static void lazy_ready(void)
{
    kp_lazy_require(&lib);
}

PDF_FUNCTIONS(KP_LAZY_FORWARD)
PDF_PROCEDURES(KP_LAZY_FORWARD_V)
