/* care-opening-window.c: what shows while the clinic store does its long work before opening
 *
 * A store made under another language sorts its patients again before it
 * opens, and an older one is upgraded (care-store-opening.c): on a large
 * clinic that takes from seconds to a minute, which the app spends in a
 * worker (care_store_open_async()) with this window on screen: what is
 * being done, for how many patients, and a bar that moves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-opening-window"

#include "config.h"

#include <glib/gi18n.h>

#include "care-format.h"
#include "care-opening-window.h"

/* How often the bar pulses while the work cannot tell how far it is. */
#define PULSE_MS 120

struct _CareOpeningWindow
{
  AdwApplicationWindow  parent_instance;

  AdwStatusPage        *status_page;
  GtkProgressBar       *progress_bar;
  GtkLabel             *note_label;

  guint                 pulse_id;
};

G_DEFINE_FINAL_TYPE (CareOpeningWindow, care_opening_window, ADW_TYPE_APPLICATION_WINDOW)

static gboolean
on_pulse_cb (gpointer data)
{
  CareOpeningWindow *self = data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
set_fraction (CareOpeningWindow *self,
              double             fraction)
{
  if (fraction < 0)
    {
      gtk_progress_bar_set_show_text (self->progress_bar, FALSE);
      if (self->pulse_id == 0)
        self->pulse_id = g_timeout_add (PULSE_MS, on_pulse_cb, self);
      return;
    }
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  /* "45 %", as the locale writes a percentage. */
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
}

void
care_opening_window_progress (CareStoreWorkFlags  step,
                              double              fraction,
                              gpointer            window)
{
  g_return_if_fail (CARE_IS_OPENING_WINDOW (window));

  set_fraction (CARE_OPENING_WINDOW (window), fraction);
}

/* What the work is, for a person: an upgrade says so whatever follows it
 * (the sort after it is part of it); a sort says how many patients and
 * the language they are sorted for. */
static char *
describe (const CareStoreWork *work)
{
  g_autofree char *count = NULL;
  g_autofree char *language = NULL;

  if ((work->flags & CARE_STORE_WORK_UPGRADE) || work->n_patients < 0)
    return g_strdup (_("Updating the clinic store to this version of Caredesk…"));

  count = care_format_count (work->n_patients);
  language = care_collation_locale_name ();
  if (language != NULL)
    /* Translators: the first %s is a number of patients ("1,000,000"),
     * the second a language as its speakers write it ("Español (España)") */
    return g_strdup_printf (ngettext ("Sorting %s patient for %s…",
                                      "Sorting %s patients for %s…",
                                      (gulong) work->n_patients),
                            count, language);
  /* Translators: %s is a number of patients ("1,000,000") */
  return g_strdup_printf (ngettext ("Sorting %s patient…", "Sorting %s patients…",
                                    (gulong) work->n_patients),
                          count);
}

/* Refused, with the reason, rather than stopping the work or hiding the
 * window while it goes on. Each step is one transaction, so stopping
 * would leave the store as it was, never half done, but the whole work
 * would only start again at the next opening; and a window that went
 * away while the program still ran would leave a person unsure whether
 * Caredesk had started at all. The app destroys this window when the
 * work is done, without asking. */
static gboolean
on_close_request_cb (GtkWindow *window)
{
  CareOpeningWindow *self = CARE_OPENING_WINDOW (window);

  /* Not dimmed: it answers what the person just did. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->note_label), "dim-label");
  gtk_label_set_text (self->note_label,
                      _("Caredesk opens as soon as this is done. Stopping now would only "
                        "mean starting again the next time."));
  return TRUE;
}

static void
care_opening_window_dispose (GObject *object)
{
  CareOpeningWindow *self = CARE_OPENING_WINDOW (object);

  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_OPENING_WINDOW);

  G_OBJECT_CLASS (care_opening_window_parent_class)->dispose (object);
}

static void
care_opening_window_class_init (CareOpeningWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = care_opening_window_dispose;
  window_class->close_request = on_close_request_cb;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/caredesk/Caredesk/application/care-opening-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CareOpeningWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, CareOpeningWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CareOpeningWindow, note_label);
}

static void
care_opening_window_init (CareOpeningWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_status_page_set_icon_name (self->status_page, APP_ID);
}

CareOpeningWindow *
care_opening_window_new (GtkApplication      *application,
                         const CareStoreWork *work)
{
  CareOpeningWindow *self;
  g_autofree char *description = NULL;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (work != NULL, NULL);

  self = g_object_new (CARE_TYPE_OPENING_WINDOW, "application", application, NULL);
  description = describe (work);
  adw_status_page_set_description (self->status_page, description);
  gtk_label_set_text (self->note_label,
                      (work->flags & CARE_STORE_WORK_UPGRADE)
                      ? _("This happens once, after Caredesk is updated.")
                      : _("This happens once, after the workstation’s language changes."));
  /* The bar is the only thing here a screen reader stops at: it says
   * what it measures, and what the work is. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preparing the clinic store"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  /* A sort tells its fraction from the start; an upgrade cannot. */
  set_fraction (self, (work->flags & CARE_STORE_WORK_UPGRADE) ? -1 : 0);
  return self;
}
