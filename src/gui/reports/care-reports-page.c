/* care-reports-page.c: the administrator's dashboard: cards, a period, each report as a chart, CSV and PDF
 *
 * The figures are read from the workstation's store (care-reports.h) on
 * the main thread, as every page reads it; the PDF is drawn and files are
 * written in worker threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-reports-page"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "care-gtk-compat.h"
#include "care-billing.h"
#include "care-file-dialog.h"
#include "care-report-chart.h"
#include "care-report-document.h"
#include "care-reports-page.h"

#define RELOAD_DELAY_MS 500

typedef enum {
  CARD_PATIENTS,
  CARD_APPOINTMENTS_TODAY,
  CARD_EARNINGS,
  CARD_OPEN_LAB_TESTS,
  CARD_OCCUPIED_BEDS,
  CARD_LOW_STOCK,
  N_CARDS,
} Card;

static const struct {
  const char *name;
  const char *caption;
} cards[N_CARDS] = {
  [CARD_PATIENTS] = { "patients", N_("Patients registered") },
  [CARD_APPOINTMENTS_TODAY] = { "appointments-today", N_("Appointments today") },
  [CARD_EARNINGS] = { "earnings", N_("Invoiced in the period") },
  [CARD_OPEN_LAB_TESTS] = { "open-lab-tests", N_("Lab tests waiting") },
  [CARD_OCCUPIED_BEDS] = { "occupied-beds", N_("Beds occupied") },
  [CARD_LOW_STOCK] = { "low-stock", N_("Medicines low on stock") },
};

struct _CareReportsPage
{
  CarePage      parent_instance;

  CareReport   *report;
  char         *from;
  char         *to;
  GCancellable *cancellable;
  gboolean      busy;
  guint         reload_source;
  GtkLabel     *card_values[N_CARDS];

  /* Template widgets */
  GtkDropDown    *period_dropdown;
  GtkLabel       *period_dates_label;
  GtkFlowBox     *cards_box;
  GtkDropDown    *report_dropdown;
  GtkSpinner     *spinner;
  GtkButton      *csv_button;
  GtkButton      *pdf_button;
  GtkDrawingArea *chart_area;
};

G_DEFINE_FINAL_TYPE (CareReportsPage, care_reports_page, CARE_TYPE_PAGE)

GtkWidget *
care_reports_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (CARE_TYPE_REPORTS_PAGE, "session", session, NULL);
}

/* --- showing the figures ---------------------------------------------------- */

static char *
format_day (const char *iso)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  unsigned y, m, d;

  if (iso == NULL || sscanf (iso, "%u-%u-%u", &y, &m, &d) != 3)
    return g_strdup ("");
  day = g_date_time_new (utc, y, m, d, 12, 0, 0);
  return day ? g_date_time_format (day, "%-d %b %Y") : g_strdup (iso);
}

static void
set_card (CareReportsPage *self,
          Card             card,
          char            *value)
{
  g_autofree char *owned = value;
  g_autofree char *description = g_strdup_printf ("%s: %s", _(cards[card].caption), value);

  gtk_label_set_text (self->card_values[card], value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (self->card_values[card]))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static void
show_cards (CareReportsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareReportCards) figures = care_reports_cards (care_page_get_store (CARE_PAGE (self)),
                                                           self->from, self->to, &error);

  if (figures == NULL)
    {
      g_warning ("The dashboard could not be read: %s", error->message);
      for (guint i = 0; i < N_CARDS; i++)
        set_card (self, i, g_strdup ("—"));
      return;
    }
  set_card (self, CARD_PATIENTS, g_strdup_printf ("%" G_GINT64_FORMAT, figures->patients));
  set_card (self, CARD_APPOINTMENTS_TODAY, g_strdup_printf ("%" G_GINT64_FORMAT, figures->appointments_today));
  set_card (self, CARD_EARNINGS, care_billing_format_money (figures->earnings, figures->currency));
  set_card (self, CARD_OPEN_LAB_TESTS, g_strdup_printf ("%" G_GINT64_FORMAT, figures->open_lab_tests));
  {
    g_autofree char *occupied = g_strdup_printf ("%" G_GINT64_FORMAT, figures->occupied_beds);
    g_autofree char *beds = g_strdup_printf ("%" G_GINT64_FORMAT, figures->beds);

    /* Translators: beds occupied of all beds, "12 of 40" */
    set_card (self, CARD_OCCUPIED_BEDS, g_strdup_printf (_("%s of %s"), occupied, beds));
  }
  set_card (self, CARD_LOW_STOCK, g_strdup_printf ("%" G_GINT64_FORMAT, figures->low_stock));
}

static void
show_report (CareReportsPage *self)
{
  g_autoptr(GError) error = NULL;
  guint kind = gtk_drop_down_get_selected (self->report_dropdown);
  g_autofree char *words = NULL;

  /* The choosers are filled before the first period is chosen. */
  if (self->from == NULL)
    return;
  g_clear_pointer (&self->report, care_report_free);
  if (kind >= CARE_REPORT_N_KINDS)
    kind = 0;
  self->report = care_reports_run (care_page_get_store (CARE_PAGE (self)), kind, self->from, self->to, &error);
  if (self->report == NULL)
    {
      g_warning ("The report could not be read: %s", error->message);
      care_page_add_toast (CARE_PAGE (self), adw_toast_new (_("The report could not be read.")));
    }
  words = self->report ? care_report_describe (self->report) : NULL;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart_area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, care_report_kind_title (kind),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, words ? words : "", -1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->csv_button), self->report != NULL && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pdf_button), self->report != NULL && !self->busy);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
}

static void
reload (CareReportsPage *self)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *dates = NULL;

  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  care_report_period_dates (gtk_drop_down_get_selected (self->period_dropdown), &self->from, &self->to);
  from = format_day (self->from);
  to = format_day (self->to);
  /* Translators: the dates of the chosen period, "From 1 Dec 2026 to 6 Dec 2026" */
  dates = g_strdup_printf (_("From %s to %s"), from, to);
  gtk_label_set_text (self->period_dates_label, dates);
  show_cards (self);
  show_report (self);
}

static void
draw_chart_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  CareReportsPage *self = user_data;
  GdkRGBA fg;

  if (self->report == NULL)
    return;
  care_widget_get_color (GTK_WIDGET (area), &fg);
  care_report_chart_draw (cr, self->report, width, height,
                          ((guint32) (fg.red * 255) << 16) | ((guint32) (fg.green * 255) << 8) |
                          (guint32) (fg.blue * 255));
}

static void
on_period_selected_cb (CareReportsPage *self)
{
  reload (self);
}

static void
on_report_selected_cb (CareReportsPage *self)
{
  show_report (self);
}

static gboolean
on_reload_timeout_cb (gpointer user_data)
{
  CareReportsPage *self = user_data;

  self->reload_source = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  return G_SOURCE_REMOVE;
}

/* A sync writes records by the thousand: the figures are read again once
 * the writes pause, not after each one. */
static void
on_store_changed_cb (CareStore       *store,
                     const char      *entity,
                     const char      *id,
                     CareReportsPage *self)
{
  if (self->reload_source == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->reload_source = g_timeout_add (RELOAD_DELAY_MS, on_reload_timeout_cb, self);
}

void
care_reports_page_set_period (CareReportsPage  *self,
                              CareReportPeriod  period)
{
  g_return_if_fail (CARE_IS_REPORTS_PAGE (self));

  gtk_drop_down_set_selected (self->period_dropdown, period);
}

void
care_reports_page_show_report (CareReportsPage *self,
                               CareReportKind   kind)
{
  g_return_if_fail (CARE_IS_REPORTS_PAGE (self));
  g_return_if_fail (kind < CARE_REPORT_N_KINDS);

  gtk_drop_down_set_selected (self->report_dropdown, kind);
}

const CareReport *
care_reports_page_get_report (CareReportsPage *self)
{
  g_return_val_if_fail (CARE_IS_REPORTS_PAGE (self), NULL);

  return self->report;
}

/* --- exporting ----------------------------------------------------------------- */

static void
set_busy (CareReportsPage *self,
          gboolean         busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->csv_button), !busy && self->report != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pdf_button), !busy && self->report != NULL);
}

static void
on_written_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  set_busy (g_task_get_source_object (task), FALSE);
  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
write_bytes (GTask  *task,
             GBytes *bytes)
{
  GFile *file = g_task_get_task_data (task);

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task), on_written_cb, task);
}

static void
on_pdf_drawn_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autoptr(GBytes) pdf = care_report_document_draw_finish (result, &error);

  if (pdf == NULL)
    {
      set_busy (g_task_get_source_object (task), FALSE);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  write_bytes (task, pdf);
}

void
care_reports_page_export_async (CareReportsPage    *self,
                                gboolean            pdf,
                                GFile              *file,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (CARE_IS_REPORTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, care_reports_page_export_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  if (self->report == NULL || self->busy)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, _("There is no report to export yet."));
      g_object_unref (task);
      return;
    }
  set_busy (self, TRUE);
  if (pdf)
    {
      g_autoptr(CareRecord) clinic = care_store_get_clinic (care_page_get_store (CARE_PAGE (self)));

      care_report_document_draw_async (self->report, clinic, self->cancellable, on_pdf_drawn_cb, task);
    }
  else
    {
      g_autofree char *csv = care_report_to_csv (self->report);
      gsize length = strlen (csv);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&csv), length);

      write_bytes (task, bytes);
    }
}

gboolean
care_reports_page_export_finish (CareReportsPage *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_exported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CareReportsPage *self = CARE_REPORTS_PAGE (source);
  g_autoptr(GError) error = NULL;

  if (care_reports_page_export_finish (self, result, &error))
    care_page_add_toast (CARE_PAGE (self), adw_toast_new (_("Report saved")));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %s says why, e.g. "Permission denied" */
      g_autofree char *message = g_strdup_printf (_("The report could not be saved: %s"), error->message);

      care_page_add_toast (CARE_PAGE (self), adw_toast_new (message));
    }
}

typedef struct
{
  CareReportsPage *page;
  gboolean         pdf;
} Export;

static void
export_free (gpointer data)
{
  Export *export = data;

  g_object_unref (export->page);
  g_free (export);
}

static void
on_chosen_cb (GFile    *file,
              gpointer  user_data)
{
  Export *export = user_data;

  if (file)
    care_reports_page_export_async (export->page, export->pdf, file, on_exported_cb, NULL);
}

static void
choose_file (CareReportsPage *self,
             gboolean         pdf)
{
  const CareFileFilter filters[] = {
    { pdf ? _("PDF documents") : _("CSV spreadsheets"), pdf ? "application/pdf" : "text/csv" },
    { NULL }
  };
  g_autofree char *name = NULL;
  Export *export;

  if (self->report == NULL)
    return;
  name = g_strdup_printf ("%s-%s-%s.%s", care_report_kind_id (gtk_drop_down_get_selected (self->report_dropdown)),
                          self->from, self->to, pdf ? "pdf" : "csv");
  export = g_new0 (Export, 1);
  export->page = g_object_ref (self);
  export->pdf = pdf;
  care_file_dialog_save (GTK_WIDGET (self), pdf ? _("Export PDF") : _("Export CSV"), _("_Export"), name, filters,
                         NULL, on_chosen_cb, export, export_free);
}

static void
on_csv_clicked_cb (CareReportsPage *self)
{
  choose_file (self, FALSE);
}

static void
on_pdf_clicked_cb (CareReportsPage *self)
{
  choose_file (self, TRUE);
}

/* --- the page ------------------------------------------------------------------ */

static void
build_cards (CareReportsPage *self)
{
  for (guint i = 0; i < N_CARDS; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *value = gtk_label_new ("—");
      GtkWidget *caption = gtk_label_new (_(cards[i].caption));
      g_autofree char *name = g_strdup_printf ("reports-card-%s", cards[i].name);

      gtk_widget_add_css_class (box, "card");
      gtk_widget_set_name (value, name);
      gtk_widget_add_css_class (value, "title-2");
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_set_margin_top (value, 12);
      gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
      gtk_label_set_justify (GTK_LABEL (caption), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_widget_set_margin_bottom (caption, 12);
      gtk_widget_set_margin_start (caption, 6);
      gtk_widget_set_margin_end (caption, 6);
      gtk_box_append (GTK_BOX (box), value);
      gtk_box_append (GTK_BOX (box), caption);
      gtk_flow_box_append (self->cards_box, box);
      self->card_values[i] = GTK_LABEL (value);
    }
}

static void
care_reports_page_constructed (GObject *object)
{
  CareReportsPage *self = CARE_REPORTS_PAGE (object);
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);

  G_OBJECT_CLASS (care_reports_page_parent_class)->constructed (object);

  for (guint i = 0; i < CARE_REPORT_N_KINDS; i++)
    gtk_string_list_append (titles, care_report_kind_title (i));
  gtk_drop_down_set_model (self->report_dropdown, G_LIST_MODEL (titles));
  build_cards (self);
  gtk_drawing_area_set_draw_func (self->chart_area, draw_chart_cb, self, NULL);
  g_signal_connect_object (care_page_get_store (CARE_PAGE (self)), "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);
  /* The last 30 days to start with. */
  gtk_drop_down_set_selected (self->period_dropdown, CARE_REPORT_PERIOD_MONTH);
}

static void
care_reports_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (care_reports_page_parent_class)->map (widget);

  /* The day may have turned while the page was hidden. */
  reload (CARE_REPORTS_PAGE (widget));
}

static void
care_reports_page_dispose (GObject *object)
{
  CareReportsPage *self = CARE_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_REPORTS_PAGE);
  G_OBJECT_CLASS (care_reports_page_parent_class)->dispose (object);
}

static void
care_reports_page_finalize (GObject *object)
{
  CareReportsPage *self = CARE_REPORTS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->report, care_report_free);
  g_free (self->from);
  g_free (self->to);
  G_OBJECT_CLASS (care_reports_page_parent_class)->finalize (object);
}

static void
care_reports_page_class_init (CareReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "reports", N_("Reports"),
                            "x-office-presentation-symbolic", CARE_PERM_REPORTS);

  object_class->constructed = care_reports_page_constructed;
  object_class->dispose = care_reports_page_dispose;
  object_class->finalize = care_reports_page_finalize;
  widget_class->map = care_reports_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/reports/care-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareReportsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CareReportsPage, period_dates_label);
  gtk_widget_class_bind_template_child (widget_class, CareReportsPage, cards_box);
  gtk_widget_class_bind_template_child (widget_class, CareReportsPage, report_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CareReportsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CareReportsPage, csv_button);
  gtk_widget_class_bind_template_child (widget_class, CareReportsPage, pdf_button);
  gtk_widget_class_bind_template_child (widget_class, CareReportsPage, chart_area);
  gtk_widget_class_bind_template_callback (widget_class, on_period_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_report_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_csv_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pdf_clicked_cb);
}

static void
care_reports_page_init (CareReportsPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
