/* care-document.h: paginated A4 documents drawn with cairo + pango to PDF
 *
 * The shared layout of every printout: the clinic's letterhead (logo, name,
 * address), the document's title and reference fields, boxes of labelled
 * fields, tables whose header row repeats on every page, a totals block,
 * signature lines, and a footer with "Page x of y" on every page.
 *
 * Content is measured as it is added (each piece becomes a small display
 * list of text, rules and fills); care_document_finish() then paginates,
 * so the page count is known before the first page is drawn, and replays
 * the lists into a PDF in memory. All text goes through pango with
 * automatic paragraph direction: Arabic or Hebrew names run right to left,
 * Chinese and the rest find their fonts through fontconfig.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_DOCUMENT_ERROR (care_document_error_quark ())
GQuark care_document_error_quark (void);

typedef enum {
  CARE_DOCUMENT_ERROR_FAILED,       /* cairo could not write the PDF */
  CARE_DOCUMENT_ERROR_NOT_READY,    /* nothing to print yet (a lab test without results) */
} CareDocumentError;

typedef struct _CareDocument CareDocument;
typedef struct _CareDocumentTable CareDocumentTable;

typedef struct {
  const char        *title;        /* "Invoice": large, on the first page */
  const char        *reference;    /* "Invoice K7QF-000042": continuation pages and footer */
  const char *const *fields;       /* label, value, label, value, …, NULL: under the title */
  const char        *watermark;    /* "DRAFT", "VOID" or NULL */
  const char        *date;         /* YYYY-MM-DD: the PDF's creation date (deterministic output);
                                    * NULL: today by the core's clock */
  const char        *number;       /* the document's own number ("K7QF-000042"), or NULL */
} CareDocumentInfo;

/* The PDF's metadata never holds a person's name, whatever the reference
 * says: its title is the document's title and number ("Invoice
 * K7QF-000042"), its author the clinic, its creator "Caredesk". */

typedef enum {
  CARE_COLUMN_START,               /* text: follows the paragraph's direction */
  CARE_COLUMN_END,                 /* numbers */
  CARE_COLUMN_CENTER,
} CareColumnAlign;

typedef struct {
  const char      *title;
  double           width;          /* share of the table's width; shares are normalised */
  CareColumnAlign  align;
} CareDocumentColumn;

typedef enum {
  CARE_DOCUMENT_ROW_NONE      = 0,
  CARE_DOCUMENT_ROW_HIGHLIGHT = 1 << 0,  /* a tinted background (an abnormal result) */
} CareDocumentRowFlags;

/* The fonts of every printout, tried in this order for each character:
 * Latin, Greek and Cyrillic in Noto Sans; Arabic in Noto Naskh Arabic
 * (named before DejaVu Sans, whose Arabic would otherwise win); Chinese,
 * Japanese and Korean in Noto Sans CJK SC (fonts-noto-cjk; named, or
 * fontconfig would give Chinese the Japanese forms); Devanagari and the
 * rest through fontconfig's "Sans" (Noto Sans Devanagari from
 * fonts-noto-core: naming it made a lab report twice as slow to draw, see
 * BENCHMARKS.md). build-aux/setup.sh installs these packages. */
#define CARE_DOCUMENT_FONT_FAMILY \
  "Noto Sans, Noto Naskh Arabic, DejaVu Sans, Noto Sans CJK SC, Sans"

/* Colours used by the printouts (0xRRGGBB). */
#define CARE_DOCUMENT_ACCENT   0x1a5276
#define CARE_DOCUMENT_ALERT    0xb3141f
#define CARE_DOCUMENT_MUTED    0x5e6770

/* clinic: entity "tenant" (name, address, phone, email, logo as PNG). */
CareDocument       *care_document_new            (CareRecord             *clinic,
                                                  const CareDocumentInfo *info);
void                care_document_free           (CareDocument           *self);

/* A section title. */
void                care_document_add_heading    (CareDocument           *self,
                                                  const char             *text);
/* A paragraph of pango markup (escape any text people typed). */
void                care_document_add_paragraph  (CareDocument           *self,
                                                  const char             *markup,
                                                  gboolean                small);
/* A framed box: a caption, then label/value pairs (plain text, NULL values
 * skipped) in n_columns columns. */
void                care_document_add_fields     (CareDocument           *self,
                                                  const char             *caption,
                                                  const char *const      *pairs,
                                                  guint                   n_columns);
void                care_document_add_space      (CareDocument           *self,
                                                  double                  points);
/* A drawing the full width of the page and height points high (a chart):
 * draw runs at once into a recording surface, kept as vector drawing. */
typedef void (*CareDocumentDrawingFunc) (cairo_t       *cr,
                                         double         width,
                                         double         height,
                                         gconstpointer  data);
void                care_document_add_drawing    (CareDocument           *self,
                                                  double                  height,
                                                  CareDocumentDrawingFunc draw,
                                                  gconstpointer           data);

/* A table; its header repeats at the top of every page it runs onto. */
CareDocumentTable  *care_document_add_table      (CareDocument           *self,
                                                  const CareDocumentColumn *columns,
                                                  guint                   n_columns);
/* cells: n_columns strings of pango markup. */
void                care_document_table_add_row  (CareDocumentTable      *table,
                                                  const char *const      *cells,
                                                  CareDocumentRowFlags    flags);

/* Right-aligned label/value lines kept on one page; the lines from
 * strong_from on are bold, the last one boxed (the amount to pay). */
void                care_document_add_totals     (CareDocument           *self,
                                                  const char *const      *pairs,
                                                  guint                   strong_from);
/* Lines to sign on, side by side, each with its caption under it. */
void                care_document_add_signatures (CareDocument           *self,
                                                  const char *const      *captions);

/* Paginates, draws and returns the PDF. The document cannot be used after. */
GBytes             *care_document_finish         (CareDocument           *self,
                                                  GError                **error);
/* After finish: how many pages it had. */
guint               care_document_get_n_pages    (CareDocument           *self);

/* Helpers for the documents. */
char               *care_document_escape         (const char             *text);
/* "1984-03-27" → "27 Mar 1984" (the same in every locale, like the amounts). */
char               *care_document_format_date    (const char             *iso);
/* An ISO 8601 UTC time as "5 Mar 2026 14:10" in local time; NULL for NULL. */
char               *care_document_format_datetime (const char            *iso);
/* A PDF surface of width × height points whose output is appended to into
 * (for printouts that are not A4 documents, such as a specimen label). */
cairo_surface_t    *care_document_pdf_surface_new (GByteArray            *into,
                                                   double                 width,
                                                   double                 height);

/* The metadata every printout gets (care_document_new() sets it): title
 * "document_title number" (number may be NULL), author the clinic's name,
 * creator "Caredesk", creation and modification dates day (YYYY-MM-DD),
 * or today by the core's clock when day is NULL. Never a person's name. */
void                care_document_set_metadata   (cairo_surface_t       *surface,
                                                  CareRecord            *clinic,
                                                  const char            *document_title,
                                                  const char            *number,
                                                  const char            *day);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareDocument, care_document_free)

/* Draws a document from data gathered beforehand: touches no store. */
typedef GBytes *(*CareDocumentDrawFunc) (gpointer   data,
                                         GError   **error);
/* Runs draw (data) in a worker thread; data must stay alive until the
 * callback, which takes the PDF with care_document_draw_finish(). */
void                care_document_draw_async     (CareDocumentDrawFunc    draw,
                                                  gpointer                data,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
GBytes             *care_document_draw_finish    (GAsyncResult           *result,
                                                  GError                **error);

G_END_DECLS
