/* care-document.c: paginated A4 documents drawn with cairo + pango to PDF
 *
 * Every piece of content is laid out once, when it is added, into a display
 * list ("ops": text layouts, fills, rules, images) relative to its own top
 * left corner, with its height. care_document_finish() places the pieces
 * on pages (a table row that starts a page gets the table's header above
 * it), so it knows the page count, then replays the lists page by page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-document"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <hb.h>

#include "care-document.h"

G_DEFINE_QUARK (care-document-error-quark, care_document_error)

/* A4 in points, 16 mm margins. */
#define PAGE_WIDTH    595.276
#define PAGE_HEIGHT   841.890
#define MARGIN        45.0
#define CONTENT_WIDTH (PAGE_WIDTH - 2 * MARGIN)
#define FOOTER_SPACE  30.0
#define CELL_PAD_X    4.0
#define CELL_PAD_Y    3.5

typedef enum {
  OP_TEXT,
  OP_FILL,
  OP_STROKE_RECT,
  OP_LINE,
  OP_IMAGE,
  OP_DRAWING,
  OP_TAG_BEGIN,      /* tagged PDF: a structure element opens (tag) */
  OP_TAG_END,
} OpKind;

typedef struct {
  OpKind           kind;
  double           x, y, w, h;
  guint32          rgb;
  double           line_width;
  PangoLayout     *layout;
  cairo_surface_t *image;
  const char      *tag;      /* OP_TAG_*: "P", "H1", "TD"… (static strings) */
} Op;

typedef struct {
  GArray *ops;       /* of Op */
  double  height;
} Piece;

struct _CareDocumentTable {
  CareDocument *doc;
  Piece        *header;
  double       *x;       /* column left edges, n_columns + 1 */
  guint         n_columns;
  CareColumnAlign *align;
  guint         n_rows;
};

typedef struct {
  Piece             *piece;
  CareDocumentTable *table;          /* a row of this table */
  gboolean           keep_with_next;
  gboolean           is_space;
  /* placement */
  guint              page;
  double             y;
  gboolean           header_before;
} Block;

struct _CareDocument {
  GByteArray           *bytes;
  cairo_surface_t      *surface;
  cairo_t              *cr;
  PangoContext         *context;
  PangoFontDescription *body;
  PangoFontDescription *small;
  PangoFontDescription *heading;
  PangoFontDescription *title;
  PangoFontDescription *watermark_font;

  char                 *reference;
  char                 *watermark;

  Piece                *letterhead;     /* page 1 */
  Piece                *continuation;   /* pages 2… */
  GPtrArray            *blocks;         /* of Block* */
  GPtrArray            *tables;         /* of CareDocumentTable* */
  GPtrArray            *images;         /* of cairo_surface_t* */
  guint                 n_pages;
  gboolean              finished;
};

/* --- display lists ------------------------------------------------------------- */

static void
op_clear (gpointer data)
{
  Op *op = data;

  g_clear_object (&op->layout);
}

static Piece *
piece_new (void)
{
  Piece *piece = g_new0 (Piece, 1);

  piece->ops = g_array_new (FALSE, TRUE, sizeof (Op));
  g_array_set_clear_func (piece->ops, op_clear);
  return piece;
}

static void
piece_free (Piece *piece)
{
  if (piece == NULL)
    return;
  g_array_unref (piece->ops);
  g_free (piece);
}

static void
set_rgb (cairo_t *cr,
         guint32  rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

/* Tagged PDF with cairo 1.16: pango hands cairo the break at the end of a
 * wrapped line as a cluster with no glyph (PANGO_GLYPH_EMPTY), which
 * cairo writes as a nested "/Span <</ActualText ( )>> BDC EMC" inside the
 * element's marked content. Poppler (22.x, Debian 12) takes that EMC for
 * the end of the element's own sequence, so a paragraph or cell read
 * back through the structure tree held only its first line. Drawing the
 * font's own space glyph (still zero wide) there instead leaves one plain
 * marked-content sequence per element spanning all its lines, and the
 * text keeps the space between the words on either side of the break. */
static void
draw_line_breaks_as_spaces (PangoLayout *layout)
{
  const char *text = pango_layout_get_text (layout);

  for (GSList *l = pango_layout_get_lines_readonly (layout); l; l = l->next)
    for (GSList *r = ((PangoLayoutLine *) l->data)->runs; r; r = r->next)
      {
        PangoGlyphItem *run = r->data;
        PangoGlyphString *glyphs = run->glyphs;
        hb_codepoint_t space = 0;
        gboolean have_space = FALSE, looked = FALSE;

        for (int i = 0; i < glyphs->num_glyphs; i++)
          {
            const char *c = text + run->item->offset + glyphs->log_clusters[i];

            if (glyphs->glyphs[i].glyph != PANGO_GLYPH_EMPTY || !g_unichar_isspace (g_utf8_get_char (c)))
              continue;
            if (!looked)
              {
                hb_font_t *font = pango_font_get_hb_font (run->item->analysis.font);

                have_space = font && hb_font_get_nominal_glyph (font, ' ', &space);
                looked = TRUE;
              }
            if (have_space)
              glyphs->glyphs[i].glyph = space;
          }
      }
}

static void
piece_draw (Piece   *piece,
            cairo_t *cr,
            double   x0,
            double   y0)
{
  for (guint i = 0; i < piece->ops->len; i++)
    {
      Op *op = &g_array_index (piece->ops, Op, i);

      switch (op->kind)
        {
        case OP_TEXT:
          set_rgb (cr, op->rgb);
          cairo_move_to (cr, x0 + op->x, y0 + op->y);
          draw_line_breaks_as_spaces (op->layout);
          pango_cairo_show_layout (cr, op->layout);
          break;
        case OP_FILL:
          set_rgb (cr, op->rgb);
          cairo_rectangle (cr, x0 + op->x, y0 + op->y, op->w, op->h);
          cairo_fill (cr);
          break;
        case OP_STROKE_RECT:
          set_rgb (cr, op->rgb);
          cairo_set_line_width (cr, op->line_width);
          cairo_rectangle (cr, x0 + op->x, y0 + op->y, op->w, op->h);
          cairo_stroke (cr);
          break;
        case OP_LINE:
          set_rgb (cr, op->rgb);
          cairo_set_line_width (cr, op->line_width);
          cairo_move_to (cr, x0 + op->x, y0 + op->y);
          cairo_line_to (cr, x0 + op->x + op->w, y0 + op->y + op->h);
          cairo_stroke (cr);
          break;
        case OP_IMAGE:
          {
            double sx = op->w / cairo_image_surface_get_width (op->image);
            double sy = op->h / cairo_image_surface_get_height (op->image);

            cairo_save (cr);
            cairo_translate (cr, x0 + op->x, y0 + op->y);
            cairo_scale (cr, sx, sy);
            cairo_set_source_surface (cr, op->image, 0, 0);
            cairo_paint (cr);
            cairo_restore (cr);
          }
          break;
        case OP_DRAWING:
          /* A recording surface: replayed as vector drawing. */
          cairo_save (cr);
          cairo_set_source_surface (cr, op->image, x0 + op->x, y0 + op->y);
          cairo_paint (cr);
          cairo_restore (cr);
          break;
        case OP_TAG_BEGIN:
          cairo_tag_begin (cr, op->tag, NULL);
          break;
        case OP_TAG_END:
          cairo_tag_end (cr, op->tag);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/* Whether pango broke a word to fit the width: a line that starts where
 * no line break is allowed ("10" over "0", "Impues-" over "to"). */
static gboolean
breaks_a_word (PangoLayout *layout)
{
  const char *text = pango_layout_get_text (layout);
  const PangoLogAttr *attrs;
  int n_attrs;

  attrs = pango_layout_get_log_attrs_readonly (layout, &n_attrs);
  for (GSList *l = pango_layout_get_lines_readonly (layout); l; l = l->next)
    {
      PangoLayoutLine *line = l->data;
      glong offset = g_utf8_pointer_to_offset (text, text + line->start_index);

      if (offset > 0 && offset < n_attrs && !attrs[offset].is_line_break)
        return TRUE;
    }
  return FALSE;
}

/* Lays out markup in a box of width at (x, y); returns its height. With
 * keep_words (column headers, numbers, amounts), no word is ever broken
 * across lines: the text is set smaller until its longest word fits. */
static double
add_text (CareDocument               *self,
               Piece                      *piece,
               const char                 *markup,
               const PangoFontDescription *font,
               double                      x,
               double                      y,
               double                      width,
               PangoAlignment              align,
               guint32                     rgb,
               gboolean                    keep_words)
{
  PangoLayout *layout = pango_layout_new (self->context);
  Op op = { OP_TEXT, x, y, width, 0, rgb, 0, layout, NULL, NULL };
  /* A space before each hard line break: the break is never drawn, so the
   * tagged text would read "Street NameTown" (see draw_line_breaks_as_spaces()). */
  g_auto(GStrv) lines = g_strsplit (markup ? markup : "", "\n", -1);
  g_autofree char *spaced = g_strjoinv (" \n", lines);
  int w, h;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup (layout, spaced, -1);
  if (keep_words && breaks_a_word (layout))
    {
      g_autoptr(PangoFontDescription) smaller = pango_font_description_copy (font);
      int size = pango_font_description_get_size (font);

      /* At most down to half the size; below that it overflows instead. */
      for (guint i = 0; i < 14 && breaks_a_word (layout); i++)
        {
          size = size * 19 / 20;
          pango_font_description_set_size (smaller, size);
          pango_layout_set_font_description (layout, smaller);
        }
      if (breaks_a_word (layout))
        pango_layout_set_width (layout, -1);
    }
  /* Each paragraph takes its direction from its text (auto-dir): an
   * Arabic name runs right to left and sits at the right of its cell, as
   * right-to-left text does (and as poppler's text extraction expects). */
  pango_layout_set_alignment (layout, align);
  pango_layout_get_size (layout, &w, &h);
  op.h = (double) h / PANGO_SCALE;
  g_array_append_val (piece->ops, op);
  return op.h;
}

static void
add_fill (Piece  *piece,
          double  x,
          double  y,
          double  w,
          double  h,
          guint32 rgb)
{
  Op op = { OP_FILL, x, y, w, h, rgb, 0, NULL, NULL, NULL };
  g_array_append_val (piece->ops, op);
}

static void
add_line (Piece  *piece,
          double  x,
          double  y,
          double  dx,
          double  dy,
          double  width,
          guint32 rgb)
{
  Op op = { OP_LINE, x, y, dx, dy, rgb, width, NULL, NULL, NULL };
  g_array_append_val (piece->ops, op);
}

/* Tagged PDF: what is added between tag_begin() and tag_end() belongs to
 * the structure element tag ("P", "H1", "Table", "TR", "TH", "TD"…). */
static void
add_tag (Piece      *piece,
         OpKind      kind,
         const char *tag)
{
  Op op = { kind, 0, 0, 0, 0, 0, 0, NULL, NULL, tag };
  g_array_append_val (piece->ops, op);
}
#define tag_begin(piece, tag) add_tag ((piece), OP_TAG_BEGIN, (tag))
#define tag_end(piece, tag)   add_tag ((piece), OP_TAG_END, (tag))

/* Plain text as one structure element of its own. */
static double
add_tagged (CareDocument               *self,
            Piece                      *piece,
            const char                 *tag,
            const char                 *text,
            const PangoFontDescription *font,
            double                      x,
            double                      y,
            double                      width,
            PangoAlignment              align,
            guint32                     rgb)
{
  g_autofree char *markup = care_document_escape (text);
  double h;

  tag_begin (piece, tag);
  h = add_text (self, piece, markup, font, x, y, width, align, rgb, FALSE);
  tag_end (piece, tag);
  return h;
}

static Block *
append_block (CareDocument *self,
              Piece        *piece)
{
  Block *block = g_new0 (Block, 1);

  block->piece = piece;
  g_ptr_array_add (self->blocks, block);
  return block;
}

static void
block_free (gpointer data)
{
  Block *block = data;

  piece_free (block->piece);
  g_free (block);
}

static void
table_free (gpointer data)
{
  CareDocumentTable *table = data;

  piece_free (table->header);
  g_free (table->x);
  g_free (table->align);
  g_free (table);
}

/* --- text helpers ------------------------------------------------------------- */

char *
care_document_escape (const char *text)
{
  return g_markup_escape_text (text ? text : "", -1);
}

char *
care_document_format_date (const char *iso)
{
  static const char *const months[] = {
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec") };
  gint64 y, m, d;

  if (iso == NULL || strlen (iso) < 10 || iso[4] != '-' || iso[7] != '-')
    return g_strdup (iso ? iso : "");
  y = g_ascii_strtoll (iso, NULL, 10);
  m = g_ascii_strtoll (iso + 5, NULL, 10);
  d = g_ascii_strtoll (iso + 8, NULL, 10);
  if (m < 1 || m > 12)
    return g_strndup (iso, 10);
  /* Translators: a date on a printout: day, abbreviated month, year */
  return g_strdup_printf (_("%d %s %d"), (int) d, g_dgettext (GETTEXT_PACKAGE, months[m - 1]), (int) y);
}

char *
care_document_format_datetime (const char *iso)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;

  if (iso == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (iso, NULL);
  if (utc == NULL)
    return care_document_format_date (iso);
  local = g_date_time_to_local (utc);
  time = g_date_time_format (local, "%Y-%m-%d");
  day = care_document_format_date (time);
  g_free (time);
  time = g_date_time_format (local, "%H:%M");
  return g_strdup_printf ("%s %s", day, time);
}

/* --- letterhead ------------------------------------------------------------------ */

typedef struct {
  const guint8 *data;
  gsize         size;
  gsize         offset;
} PngReader;

static cairo_status_t
read_png_cb (void          *closure,
             unsigned char *data,
             unsigned int   length)
{
  PngReader *reader = closure;

  if (reader->offset + length > reader->size)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
load_logo (GBytes *bytes)
{
  static const guint8 png_magic[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  PngReader reader = { 0 };
  cairo_surface_t *surface;

  if (bytes == NULL)
    return NULL;
  reader.data = g_bytes_get_data (bytes, &reader.size);
  /* PNG only; a JPEG logo is skipped (the letterhead then has none). */
  if (reader.size < sizeof png_magic || memcmp (reader.data, png_magic, sizeof png_magic) != 0)
    return NULL;
  surface = cairo_image_surface_create_from_png_stream (read_png_cb, &reader);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS ||
      cairo_image_surface_get_width (surface) == 0 || cairo_image_surface_get_height (surface) == 0)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

static void
build_letterhead (CareDocument           *self,
                  CareRecord             *clinic,
                  const CareDocumentInfo *info)
{
  Piece *piece = piece_new ();
  g_autoptr(GString) contact = g_string_new (NULL);
  cairo_surface_t *logo = NULL;
  const char *name = clinic ? care_record_get (clinic, "name") : NULL;
  const char *address = clinic ? care_record_get (clinic, "address") : NULL;
  const char *phone = clinic ? care_record_get (clinic, "phone") : NULL;
  const char *email = clinic ? care_record_get (clinic, "email") : NULL;
  double left = 0, left_height = 0, right_height = 0, y;
  double right_width = CONTENT_WIDTH * 0.40;
  double left_width;

  logo = clinic ? load_logo (care_record_get_blob (clinic, "logo")) : NULL;
  if (logo)
    {
      double w = cairo_image_surface_get_width (logo);
      double h = cairo_image_surface_get_height (logo);
      double scale = MIN (54.0 / h, 110.0 / w);
      Op op = { OP_IMAGE, 0, 0, w * scale, h * scale, 0, 0, NULL, logo, NULL };

      g_ptr_array_add (self->images, logo);
      tag_begin (piece, "Figure");
      g_array_append_val (piece->ops, op);
      tag_end (piece, "Figure");
      left = w * scale + 12;
      left_height = h * scale;
    }
  left_width = CONTENT_WIDTH - right_width - left - 12;

  /* The clinic: name, then address lines and contacts in grey. */
  y = add_tagged (self, piece, "P", name ? name : "", self->heading, left, 0, left_width,
                  PANGO_ALIGN_LEFT, CARE_DOCUMENT_ACCENT);
  if (address)
    g_string_append (contact, address);
  if (phone)
    g_string_append_printf (contact, "%s%s %s", contact->len ? "\n" : "",
                            /* Translators: abbreviation before a phone number */
                            _("Tel."), phone);
  if (email)
    g_string_append_printf (contact, "%s%s", contact->len ? "\n" : "", email);
  if (contact->len)
    y += 2 + add_tagged (self, piece, "P", contact->str, self->small, left, y + 2, left_width,
                         PANGO_ALIGN_LEFT, CARE_DOCUMENT_MUTED);
  left_height = MAX (left_height, y);

  /* The document: title, then its reference fields, on the right. */
  right_height = add_tagged (self, piece, "H1", info->title, self->title, CONTENT_WIDTH - right_width, -4,
                             right_width, PANGO_ALIGN_RIGHT, CARE_DOCUMENT_ACCENT) - 4;
  for (guint i = 0; info->fields && info->fields[i] && info->fields[i + 1]; i += 2)
    {
      g_autofree char *label = care_document_escape (info->fields[i]);
      g_autofree char *value = care_document_escape (info->fields[i + 1]);
      g_autofree char *markup = g_strdup_printf ("<span foreground='#5e6770'>%s</span>  <b>%s</b>", label, value);

      tag_begin (piece, "P");
      right_height += 1 + add_text (self, piece, markup, self->body, CONTENT_WIDTH - right_width,
                                    right_height + 1, right_width, PANGO_ALIGN_RIGHT, 0x1b1f23, FALSE);
      tag_end (piece, "P");
    }

  y = MAX (left_height, right_height) + 10;
  add_line (piece, 0, y, CONTENT_WIDTH, 0, 1.5, CARE_DOCUMENT_ACCENT);
  piece->height = y + 14;
  self->letterhead = piece;

  /* Later pages: the clinic and the reference on one line. */
  piece = piece_new ();
  y = add_tagged (self, piece, "P", name ? name : "", self->body, 0, 0, CONTENT_WIDTH / 2,
                  PANGO_ALIGN_LEFT, CARE_DOCUMENT_ACCENT);
  if (info->reference)
    {
      /* Translators: header of a document's second and later pages */
      g_autofree char *text = g_strdup_printf (_("%s (continued)"), info->reference);
      /* Never MAX (y, add_…): the macro would add the text twice. */
      double h = add_tagged (self, piece, "P", text, self->body, CONTENT_WIDTH / 2, 0, CONTENT_WIDTH / 2,
                             PANGO_ALIGN_RIGHT, CARE_DOCUMENT_MUTED);

      y = MAX (y, h);
    }
  add_line (piece, 0, y + 5, CONTENT_WIDTH, 0, 0.8, CARE_DOCUMENT_ACCENT);
  piece->height = y + 14;
  self->continuation = piece;
}

/* --- construction ------------------------------------------------------------------ */

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *
care_document_pdf_surface_new (GByteArray *into,
                               double      width,
                               double      height)
{
  return cairo_pdf_surface_create_for_stream (write_cb, into, width, height);
}

static PangoFontDescription *
font (double   size,
      gboolean bold)
{
  PangoFontDescription *desc = pango_font_description_from_string (CARE_DOCUMENT_FONT_FAMILY);

  pango_font_description_set_size (desc, (int) (size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  return desc;
}

/* Title, author, creator and dates: never a patient's name (the
 * reference, which may hold one, stays out of the metadata). */
void
care_document_set_metadata (cairo_surface_t *surface,
                            CareRecord      *clinic,
                            const char      *document_title,
                            const char      *number,
                            const char      *day)
{
  const char *clinic_name = clinic ? care_record_get (clinic, "name") : NULL;
  g_autofree char *title = number ? g_strdup_printf ("%s %s", document_title, number)
                                  : g_strdup (document_title);
  g_autofree char *today = NULL;
  g_autofree char *date = NULL;

  if (title)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  if (clinic_name)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, clinic_name);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Caredesk");
  /* A fixed date (the document's own, else today by the core's clock)
   * instead of cairo's "now": the same document gives the same bytes
   * when it is drawn again. */
  if (day == NULL || strlen (day) < 10)
    today = care_clock_today ();
  date = g_strdup_printf ("%.10sT00:00:00Z", today ? today : day);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, date);
}

CareDocument *
care_document_new (CareRecord             *clinic,
                   const CareDocumentInfo *info)
{
  CareDocument *self = g_new0 (CareDocument, 1);
  cairo_font_options_t *options;

  g_return_val_if_fail (info != NULL, NULL);

  self->bytes = g_byte_array_sized_new (32 * 1024);
  self->surface = care_document_pdf_surface_new (self->bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_restrict_to_version (self->surface, CAIRO_PDF_VERSION_1_5);
  care_document_set_metadata (self->surface, clinic, info->title, info->number, info->date);
  self->cr = cairo_create (self->surface);

  /* Layout in points, without hinting: what is measured is what prints. */
  self->context = pango_cairo_create_context (self->cr);
  pango_cairo_context_set_resolution (self->context, 72.0);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
#if PANGO_VERSION_CHECK (1, 44, 0)
  pango_context_set_round_glyph_positions (self->context, FALSE);
#endif
  pango_context_set_base_dir (self->context, PANGO_DIRECTION_WEAK_LTR);

  self->body = font (9, FALSE);
  self->small = font (7.5, FALSE);
  self->heading = font (13, TRUE);
  self->title = font (20, TRUE);
  self->watermark_font = font (96, TRUE);

  self->reference = g_strdup (info->reference);
  self->watermark = g_strdup (info->watermark);
  self->blocks = g_ptr_array_new_with_free_func (block_free);
  self->tables = g_ptr_array_new_with_free_func (table_free);
  self->images = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);

  build_letterhead (self, clinic, info);
  return self;
}

void
care_document_free (CareDocument *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->tables, g_ptr_array_unref);
  piece_free (self->letterhead);
  piece_free (self->continuation);
  g_clear_pointer (&self->images, g_ptr_array_unref);
  g_clear_object (&self->context);
  g_clear_pointer (&self->cr, cairo_destroy);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_pointer (&self->bytes, g_byte_array_unref);
  pango_font_description_free (self->body);
  pango_font_description_free (self->small);
  pango_font_description_free (self->heading);
  pango_font_description_free (self->title);
  pango_font_description_free (self->watermark_font);
  g_free (self->reference);
  g_free (self->watermark);
  g_free (self);
}

/* --- content -------------------------------------------------------------------------- */

void
care_document_add_space (CareDocument *self,
                         double        points)
{
  Piece *piece = piece_new ();
  Block *block;

  g_return_if_fail (self != NULL && !self->finished);

  piece->height = points;
  block = append_block (self, piece);
  block->is_space = TRUE;
}

void
care_document_add_drawing (CareDocument            *self,
                           double                   height,
                           CareDocumentDrawingFunc  draw,
                           gconstpointer            data)
{
  cairo_rectangle_t extents = { 0, 0, CONTENT_WIDTH, height };
  cairo_surface_t *recording;
  cairo_t *cr;
  Piece *piece;
  Op op = { OP_DRAWING, 0, 0, CONTENT_WIDTH, height, 0, 0, NULL, NULL, NULL };

  g_return_if_fail (self != NULL && !self->finished);
  g_return_if_fail (draw != NULL);

  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  cr = cairo_create (recording);
  draw (cr, CONTENT_WIDTH, height, data);
  cairo_destroy (cr);
  g_ptr_array_add (self->images, recording);
  piece = piece_new ();
  op.image = recording;
  tag_begin (piece, "Figure");
  g_array_append_val (piece->ops, op);
  tag_end (piece, "Figure");
  piece->height = height;
  append_block (self, piece);
}

void
care_document_add_heading (CareDocument *self,
                           const char   *text)
{
  Piece *piece = piece_new ();
  PangoFontDescription *desc = font (10.5, TRUE);
  Block *block;
  double h;

  g_return_if_fail (self != NULL && !self->finished);

  h = add_tagged (self, piece, "H2", text, desc, 0, 0, CONTENT_WIDTH, PANGO_ALIGN_LEFT, CARE_DOCUMENT_ACCENT);
  piece->height = h + 4;
  pango_font_description_free (desc);
  block = append_block (self, piece);
  block->keep_with_next = TRUE;
}

void
care_document_add_paragraph (CareDocument *self,
                             const char   *markup,
                             gboolean      small)
{
  Piece *piece = piece_new ();

  g_return_if_fail (self != NULL && !self->finished);

  tag_begin (piece, "P");
  piece->height = add_text (self, piece, markup, small ? self->small : self->body, 0, 0,
                            CONTENT_WIDTH, PANGO_ALIGN_LEFT, small ? CARE_DOCUMENT_MUTED : 0x1b1f23, FALSE);
  tag_end (piece, "P");
  append_block (self, piece);
}

void
care_document_add_fields (CareDocument      *self,
                          const char        *caption,
                          const char *const *pairs,
                          guint              n_columns)
{
  Piece *piece = piece_new ();
  const double pad = 8;
  /* Between a value and the next column's label: a right-to-left value
   * sits at the end of its cell, and must not run into that label. */
  const double gutter = 24;
  double column_width, label_width, y, row_height = 0;
  guint column = 0;

  g_return_if_fail (self != NULL && !self->finished);
  g_return_if_fail (n_columns > 0);

  column_width = (CONTENT_WIDTH - 2 * pad) / n_columns;
  label_width = MIN (88, column_width * 0.38);

  /* The frame goes first, under the text; its size is set at the end. */
  add_fill (piece, 0, 0, CONTENT_WIDTH, 0, 0xf3f5f7);
  y = pad;
  if (caption)
    {
      g_autofree char *upper = g_utf8_strup (caption, -1);
      g_autofree char *escaped = care_document_escape (upper);
      g_autofree char *markup = g_strdup_printf ("<b><span letter_spacing='600'>%s</span></b>", escaped);

      tag_begin (piece, "H3");
      y += add_text (self, piece, markup, self->small, pad, y, CONTENT_WIDTH - 2 * pad,
                     PANGO_ALIGN_LEFT, CARE_DOCUMENT_ACCENT, FALSE) + 4;
      tag_end (piece, "H3");
    }

  /* Structurally a table of two columns: a row for each label and value. */
  tag_begin (piece, "Table");

  for (guint i = 0; pairs && pairs[i]; i += 2)
    {
      double x = pad + column * column_width;
      double h1, h2;

      if (pairs[i + 1] == NULL || pairs[i + 1][0] == '\0')
        {
          if (pairs[i + 1] == NULL && pairs[i + 2] == NULL)
            break;
          continue;
        }
      tag_begin (piece, "TR");
      h1 = add_tagged (self, piece, "TH", pairs[i], self->small, x, y + 1, label_width - 4,
                       PANGO_ALIGN_LEFT, CARE_DOCUMENT_MUTED);
      h2 = add_tagged (self, piece, "TD", pairs[i + 1], self->body, x + label_width, y,
                       column_width - label_width - (column + 1 < n_columns ? gutter : 10),
                       PANGO_ALIGN_LEFT, 0x1b1f23);
      tag_end (piece, "TR");
      row_height = MAX (row_height, MAX (h1 + 1, h2));
      if (++column == n_columns)
        {
          y += row_height + 3;
          row_height = 0;
          column = 0;
        }
    }
  tag_end (piece, "Table");
  y += row_height + pad - (column == 0 ? 3 : 0);

  g_array_index (piece->ops, Op, 0).h = y;
  add_fill (piece, 0, 0, 2.5, y, CARE_DOCUMENT_ACCENT);
  piece->height = y + 10;
  append_block (self, piece);
}

static PangoAlignment
pango_align (CareColumnAlign align)
{
  switch (align)
    {
    case CARE_COLUMN_END:
      return PANGO_ALIGN_RIGHT;
    case CARE_COLUMN_CENTER:
      return PANGO_ALIGN_CENTER;
    case CARE_COLUMN_START:
    default:
      return PANGO_ALIGN_LEFT;
    }
}

CareDocumentTable *
care_document_add_table (CareDocument             *self,
                         const CareDocumentColumn *columns,
                         guint                     n_columns)
{
  CareDocumentTable *table;
  PangoFontDescription *bold;
  double total = 0, height = 0;

  g_return_val_if_fail (self != NULL && !self->finished, NULL);
  g_return_val_if_fail (n_columns > 0, NULL);

  table = g_new0 (CareDocumentTable, 1);
  table->doc = self;
  table->n_columns = n_columns;
  table->x = g_new0 (double, n_columns + 1);
  table->align = g_new0 (CareColumnAlign, n_columns);
  for (guint i = 0; i < n_columns; i++)
    total += columns[i].width;
  for (guint i = 0; i < n_columns; i++)
    {
      table->x[i + 1] = table->x[i] + CONTENT_WIDTH * columns[i].width / total;
      table->align[i] = columns[i].align;
    }

  bold = font (8, TRUE);
  table->header = piece_new ();
  add_fill (table->header, 0, 0, CONTENT_WIDTH, 0, CARE_DOCUMENT_ACCENT);
  tag_begin (table->header, "TR");
  for (guint i = 0; i < n_columns; i++)
    {
      g_autofree char *markup = care_document_escape (columns[i].title);
      double h;

      /* A header never breaks a word ("Impues-" over "to"). */
      tag_begin (table->header, "TH");
      h = add_text (self, table->header, markup, bold, table->x[i] + CELL_PAD_X, CELL_PAD_Y,
                         table->x[i + 1] - table->x[i] - 2 * CELL_PAD_X,
                         pango_align (columns[i].align), 0xffffff, TRUE);
      tag_end (table->header, "TH");
      height = MAX (height, h);
    }
  tag_end (table->header, "TR");
  pango_font_description_free (bold);
  table->header->height = height + 2 * CELL_PAD_Y;
  g_array_index (table->header->ops, Op, 0).h = table->header->height;

  g_ptr_array_add (self->tables, table);
  return table;
}

void
care_document_table_add_row (CareDocumentTable   *table,
                             const char *const   *cells,
                             CareDocumentRowFlags flags)
{
  CareDocument *self;
  Piece *piece;
  Block *block;
  double height = 0;

  g_return_if_fail (table != NULL && !table->doc->finished);

  self = table->doc;
  piece = piece_new ();
  /* Background first; its height is known once the cells are laid out. */
  add_fill (piece, 0, 0, CONTENT_WIDTH, 0,
            (flags & CARE_DOCUMENT_ROW_HIGHLIGHT) ? 0xfdecec : (table->n_rows % 2 ? 0xf6f8fa : 0xffffff));
  tag_begin (piece, "TR");
  for (guint i = 0; i < table->n_columns; i++)
    {
      double h;

      /* Numbers and amounts never break ("10" over "0"). */
      tag_begin (piece, "TD");
      h = add_text (self, piece, cells[i], self->body, table->x[i] + CELL_PAD_X, CELL_PAD_Y,
                         table->x[i + 1] - table->x[i] - 2 * CELL_PAD_X,
                         pango_align (table->align[i]), 0x1b1f23, table->align[i] != CARE_COLUMN_START);
      tag_end (piece, "TD");
      height = MAX (height, h);
    }
  tag_end (piece, "TR");
  piece->height = height + 2 * CELL_PAD_Y;
  g_array_index (piece->ops, Op, 0).h = piece->height;
  add_line (piece, 0, piece->height, CONTENT_WIDTH, 0, 0.4, 0xd0d5da);

  block = append_block (self, piece);
  block->table = table;
  table->n_rows++;
}

void
care_document_add_totals (CareDocument      *self,
                          const char *const *pairs,
                          guint              strong_from)
{
  Piece *piece = piece_new ();
  PangoFontDescription *bold = font (9, TRUE);
  PangoFontDescription *big = font (11, TRUE);
  const double width = CONTENT_WIDTH * 0.46;
  const double x0 = CONTENT_WIDTH - width;
  guint n = 0;
  double y = 8;

  g_return_if_fail (self != NULL && !self->finished);

  for (guint i = 0; pairs[i]; i += 2)
    n++;
  tag_begin (piece, "Table");
  for (guint i = 0, row = 0; pairs[i]; i += 2, row++)
    {
      gboolean last = row == n - 1;
      gboolean strong = row >= strong_from;
      const PangoFontDescription *desc = last ? big : strong ? bold : self->body;
      double pad = last ? 5 : 0;
      guint fill = 0;
      double h, value_h;

      if (row == strong_from && strong_from > 0)
        {
          add_line (piece, x0, y, width, 0, 0.8, 0x1b1f23);
          y += 4;
        }
      if (last)
        {
          fill = piece->ops->len;
          add_fill (piece, x0, y, width, 0, 0xe8eef4);
        }
      tag_begin (piece, "TR");
      h = add_tagged (self, piece, "TH", pairs[i], desc, x0 + 6, y + pad, width * 0.55 - 6,
                      PANGO_ALIGN_LEFT, last ? CARE_DOCUMENT_ACCENT : 0x1b1f23);
      value_h = add_tagged (self, piece, "TD", pairs[i + 1], desc, x0 + width * 0.55, y + pad,
                            width * 0.45 - 6, PANGO_ALIGN_RIGHT, last ? CARE_DOCUMENT_ACCENT : 0x1b1f23);
      h = MAX (h, value_h);
      tag_end (piece, "TR");
      if (last)
        /* The fill added before the two texts: size it now. */
        g_array_index (piece->ops, Op, fill).h = h + 2 * pad;
      y += h + 2 * pad + 3;
    }
  tag_end (piece, "Table");
  piece->height = y + 6;
  pango_font_description_free (bold);
  pango_font_description_free (big);
  append_block (self, piece);
}

void
care_document_add_signatures (CareDocument      *self,
                              const char *const *captions)
{
  Piece *piece = piece_new ();
  guint n = captions ? g_strv_length ((char **) captions) : 0;
  double width, y = 0;

  g_return_if_fail (self != NULL && !self->finished);

  if (n == 0)
    {
      piece_free (piece);
      return;
    }
  width = (CONTENT_WIDTH - (n - 1) * 24) / n;
  for (guint i = 0; i < n; i++)
    {
      double x = i * (width + 24);
      double h;

      add_line (piece, x, 34, width, 0, 0.7, 0x1b1f23);
      h = add_tagged (self, piece, "P", captions[i], self->small, x, 38, width, PANGO_ALIGN_LEFT,
                      CARE_DOCUMENT_MUTED);
      y = MAX (y, 38 + h);
    }
  piece->height = y + 4;
  append_block (self, piece);
}

/* --- pages ---------------------------------------------------------------------------- */

static double
page_top (CareDocument *self,
          guint         page)
{
  return MARGIN + (page == 0 ? self->letterhead->height : self->continuation->height);
}

static void
paginate (CareDocument *self)
{
  const double bottom = PAGE_HEIGHT - MARGIN - FOOTER_SPACE;
  CareDocumentTable *header_shown = NULL;
  guint page = 0;
  double y = page_top (self, 0);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (self->blocks, i);
      Block *next = i + 1 < self->blocks->len ? g_ptr_array_index (self->blocks, i + 1) : NULL;
      gboolean at_top = y <= page_top (self, page) + 0.01;
      gboolean need_header = block->table && block->table != header_shown;
      double h = block->piece->height + (need_header ? block->table->header->height : 0);
      double keep = 0;

      if (block->is_space && at_top)
        {
          /* Space is not carried to the top of a new page. */
          block->page = page;
          block->y = y;
          continue;
        }
      if (block->keep_with_next && next)
        keep = next->piece->height + (next->table ? next->table->header->height : 0);

      if (y + h + keep > bottom && !at_top)
        {
          page++;
          y = page_top (self, page);
          header_shown = NULL;
          need_header = block->table != NULL;
          h = block->piece->height + (need_header ? block->table->header->height : 0);
        }
      block->page = page;
      block->y = y;
      block->header_before = need_header;
      if (need_header)
        header_shown = block->table;
      else if (block->table == NULL && !block->is_space)
        header_shown = NULL;
      y += h;
    }
  self->n_pages = page + 1;
}

static void
draw_watermark (CareDocument *self)
{
  PangoLayout *layout;
  int w, h;

  if (self->watermark == NULL)
    return;
  layout = pango_layout_new (self->context);
  pango_layout_set_font_description (layout, self->watermark_font);
  pango_layout_set_text (layout, self->watermark, -1);
  pango_layout_get_size (layout, &w, &h);
  cairo_save (self->cr);
  cairo_translate (self->cr, PAGE_WIDTH / 2, PAGE_HEIGHT / 2);
  cairo_rotate (self->cr, -G_PI / 5);
  cairo_set_source_rgb (self->cr, 0.93, 0.87, 0.87);
  cairo_move_to (self->cr, -(double) w / PANGO_SCALE / 2, -(double) h / PANGO_SCALE / 2);
  cairo_tag_begin (self->cr, "P", NULL);
  pango_cairo_show_layout (self->cr, layout);
  cairo_tag_end (self->cr, "P");
  cairo_restore (self->cr);
  g_object_unref (layout);
}

static void
draw_footer (CareDocument *self,
             guint         page)
{
  g_autoptr(GString) left = g_string_new (NULL);
  Piece *piece = piece_new ();
  /* Translators: the footer of every printed page */
  g_autofree char *count = g_strdup_printf (_("Page %u of %u"), page + 1, self->n_pages);
  double y = PAGE_HEIGHT - MARGIN - FOOTER_SPACE + 12;

  add_line (piece, 0, 0, CONTENT_WIDTH, 0, 0.5, 0xb0b7be);
  if (self->reference)
    g_string_append (left, self->reference);
  add_tagged (self, piece, "P", left->str, self->small, 0, 5, CONTENT_WIDTH * 0.7, PANGO_ALIGN_LEFT,
              CARE_DOCUMENT_MUTED);
  add_tagged (self, piece, "P", count, self->small, CONTENT_WIDTH * 0.7, 5, CONTENT_WIDTH * 0.3,
              PANGO_ALIGN_RIGHT, CARE_DOCUMENT_MUTED);
  piece_draw (piece, self->cr, MARGIN, y);
  piece_free (piece);
}

GBytes *
care_document_finish (CareDocument *self,
                      GError      **error)
{
  CareDocumentTable *open_table = NULL;
  guint b = 0;
  cairo_status_t status;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (!self->finished, NULL);

  self->finished = TRUE;
  paginate (self);

  /* Tagged PDF: the whole document; a table is one element on each page
   * its rows run onto (its header row repeated first), closed before the
   * footer so that the footer is not part of it. */
  cairo_tag_begin (self->cr, "Document", NULL);
  for (guint page = 0; page < self->n_pages; page++)
    {
      draw_watermark (self);
      piece_draw (page == 0 ? self->letterhead : self->continuation, self->cr, MARGIN, MARGIN);
      for (; b < self->blocks->len; b++)
        {
          Block *block = g_ptr_array_index (self->blocks, b);
          double y = block->y;

          if (block->page != page)
            break;
          if (block->table != open_table)
            {
              if (open_table)
                cairo_tag_end (self->cr, "Table");
              if (block->table)
                cairo_tag_begin (self->cr, "Table", NULL);
              open_table = block->table;
            }
          if (block->header_before)
            {
              piece_draw (block->table->header, self->cr, MARGIN, y);
              y += block->table->header->height;
            }
          piece_draw (block->piece, self->cr, MARGIN, y);
        }
      if (open_table)
        cairo_tag_end (self->cr, "Table");
      open_table = NULL;
      draw_footer (self, page);
      cairo_show_page (self->cr);
    }
  cairo_tag_end (self->cr, "Document");

  cairo_surface_finish (self->surface);
  status = cairo_surface_status (self->surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CARE_DOCUMENT_ERROR, CARE_DOCUMENT_ERROR_FAILED,
                   _("The document could not be created: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&self->bytes));
}

guint
care_document_get_n_pages (CareDocument *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_pages;
}

/* --- drawing in a worker ------------------------------------------------- */

typedef struct {
  CareDocumentDrawFunc draw;
  gpointer             data;
} DrawJob;

static void
draw_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DrawJob *job = task_data;
  GError *error = NULL;
  GBytes *pdf = job->draw (job->data, &error);

  if (pdf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

void
care_document_draw_async (CareDocumentDrawFunc draw,
                          gpointer             data,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  DrawJob *job = g_new0 (DrawJob, 1);

  g_return_if_fail (draw != NULL);

  job->draw = draw;
  job->data = data;
  g_task_set_source_tag (task, care_document_draw_async);
  g_task_set_task_data (task, job, g_free);
  g_task_run_in_thread (task, draw_thread);
}

GBytes *
care_document_draw_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
