/* care-ward-monitor-page.c: the Admitted patients page: beds, latest vitals, NEWS2, observations due
 *
 * One row per admitted patient (care_ward_monitor()), named
 * "monitor-<bed label>": the bed, the latest vitals, the NEWS2 score and
 * band, how long ago they were taken, and "Overdue" (the row highlighted)
 * once the interval the score asks for has passed. Rebuilt when the store
 * changes (vitals another workstation recorded arrive by sync and are
 * re-emitted by the window) and at every minute of CareClock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-ward-monitor-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-vitals-dialog.h"
#include "care-ward-monitor-page.h"

struct _CareWardMonitorPage
{
  CarePage   parent_instance;

  CareStore *store;
  gulong     changed_id;
  guint      refresh_idle;
  GtkWidget *list;
  GtkWidget *empty_label;
};

G_DEFINE_FINAL_TYPE (CareWardMonitorPage, care_ward_monitor_page, CARE_TYPE_PAGE)

GtkWidget *
care_ward_monitor_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (CARE_TYPE_WARD_MONITOR_PAGE, "session", session, NULL);
}

static char *
format_ago (gint64 now,
            gint64 then)
{
  gint64 minutes = MAX (0, now - then) / (60 * G_USEC_PER_SEC);

  if (minutes < 60)
    /* Translators: how long ago vitals were taken */
    return g_strdup_printf (_("%d min ago"), (int) minutes);
  /* Translators: how long ago vitals were taken, “3 h 05 min ago” */
  return g_strdup_printf (_("%d h %02d min ago"), (int) (minutes / 60), (int) (minutes % 60));
}

/* Adds part (taken), separated from what text holds. */
static void
append_part (GString *text,
             char    *part)
{
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append (text, part);
  g_free (part);
}

static char *
vitals_summary (CareRecord *vitals)
{
  GString *text = g_string_new (NULL);
  const char *v;

  if (care_record_get (vitals, "systolic") && care_record_get (vitals, "diastolic"))
    /* Translators: blood pressure, systolic/diastolic */
    append_part (text, g_strdup_printf (_("BP %s/%s"), care_record_get (vitals, "systolic"), care_record_get (vitals, "diastolic")));
  if ((v = care_record_get (vitals, "pulse")))
    /* Translators: %s is the pulse in beats a minute */
    append_part (text, g_strdup_printf (_("Pulse %s"), v));
  if ((v = care_record_get (vitals, "respiratory_rate")))
    /* Translators: %s is the respiratory rate in breaths a minute */
    append_part (text, g_strdup_printf (_("RR %s"), v));
  if ((v = care_record_get (vitals, "spo2")))
    /* Translators: %s is the oxygen saturation in percent */
    append_part (text, g_strdup_printf (_("SpO₂ %s %%"), v));
  if ((v = care_record_get (vitals, "temperature_c")))
    /* Translators: %s is the temperature in degrees Celsius */
    append_part (text, g_strdup_printf (_("%s °C"), v));
  return g_string_free (text, FALSE);
}

static GtkWidget *
suffix_label (const char *text,
              const char *name,
              const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_set_name (label, name);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
record_clicked_cb (GtkButton           *button,
                   CareWardMonitorPage *self)
{
  const char *patient_id = g_object_get_data (G_OBJECT (button), "patient-id");
  CareVitalsDialog *dialog = care_vitals_dialog_new (care_page_get_session (CARE_PAGE (self)), patient_id);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* "Record Vitals" on the row: the bedside set straight from the list. */
static GtkWidget *
record_button_new (CareWardMonitorPage   *self,
                   const CareWardPatient *p)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Record Vitals"));
  g_autofree char *name = g_strdup_printf ("monitor-record-%s", p->bed_label);
  /* Translators: the accessible name of a ward list's button, “Record vitals for Marta Quintero” */
  g_autofree char *label = g_strdup_printf (_("Record vitals for %s"), p->patient_name);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "patient-id", g_strdup (p->patient_id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (record_clicked_cb), self);
  return button;
}

static GtkWidget *
row_new (CareWardMonitorPage   *self,
         const CareWardPatient *p,
         gint64                 now)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = g_strdup_printf ("monitor-%s", p->bed_label);
  g_autofree char *news2_name = g_strdup_printf ("monitor-news2-%s", p->bed_label);
  g_autofree char *ago_name = g_strdup_printf ("monitor-ago-%s", p->bed_label);
  g_autofree char *overdue_name = g_strdup_printf ("monitor-overdue-%s", p->bed_label);
  g_autofree char *summary = p->vitals ? vitals_summary (p->vitals) : g_strdup (_("No vitals recorded"));
  /* Translators: ward, room and bed, then the latest vitals */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s · bed %s — %s"), p->ward_name, p->room_name, p->bed_label, summary);
  g_autofree char *score = NULL;
  g_autofree char *ago = NULL;
  g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->patient_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  if (p->scored)
    {
      /* Translators: the NEWS2 score and its band, “NEWS2 5 · Medium” */
      score = g_strdup_printf (_("NEWS2 %d · %s"), p->news2.total, care_news2_risk_label (p->news2.risk));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 suffix_label (score, news2_name, p->news2.risk == CARE_NEWS2_RISK_LOW ? NULL : "warning"));
    }
  ago = p->last_observation ? format_ago (now, p->last_observation) : g_strdup (_("Not observed yet"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix_label (ago, ago_name, "dim-label"));
  if (p->overdue)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix_label (_("Observation overdue"), overdue_name, "error"));
      gtk_widget_add_css_class (row, "ward-overdue");
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), record_button_new (self, p));
  return row;
}

static void
refresh (CareWardMonitorPage *self)
{
  gint64 now = care_clock_get_real_time ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) patients = care_ward_monitor (self->store, now, &error);
  GtkWidget *child;

  if (patients == NULL)
    {
      g_warning ("Could not read the admitted patients: %s", error->message);
      return;
    }
  while ((child = gtk_widget_get_first_child (self->list)))
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  for (guint i = 0; i < patients->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->list), row_new (self, g_ptr_array_index (patients, i), now));
  gtk_widget_set_visible (self->list, patients->len > 0);
  gtk_widget_set_visible (self->empty_label, patients->len == 0);
}

static gboolean
refresh_idle_cb (gpointer data)
{
  CareWardMonitorPage *self = data;

  self->refresh_idle = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CareWardMonitorPage *self,
                  const char          *entity)
{
  static const char *const watched[] = { "vitals", "bed_allocation", "bed", "room", "ward", "patient", NULL };

  if (g_strv_contains (watched, entity) && self->refresh_idle == 0)
    self->refresh_idle = g_idle_add (refresh_idle_cb, self);
}

static void
minute_changed_cb (CareWardMonitorPage *self)
{
  refresh (self);
}

static void
care_ward_monitor_page_constructed (GObject *object)
{
  CareWardMonitorPage *self = CARE_WARD_MONITOR_PAGE (object);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  G_OBJECT_CLASS (care_ward_monitor_page_parent_class)->constructed (object);

  self->store = g_object_ref (care_page_get_store (CARE_PAGE (self)));
  self->list = gtk_list_box_new ();
  gtk_widget_set_name (self->list, "monitor-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  self->empty_label = gtk_label_new (_("Nobody is admitted."));
  gtk_widget_add_css_class (self->empty_label, "dim-label");
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_box_append (GTK_BOX (box), self->list);
  gtk_box_append (GTK_BOX (box), self->empty_label);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1000);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_widget_set_parent (scroller, GTK_WIDGET (self));

  self->changed_id = g_signal_connect_swapped (self->store, "changed", G_CALLBACK (store_changed_cb), self);
  g_signal_connect_object (care_clock_get_default (), "minute-changed", G_CALLBACK (minute_changed_cb), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
}

static void
care_ward_monitor_page_dispose (GObject *object)
{
  CareWardMonitorPage *self = CARE_WARD_MONITOR_PAGE (object);

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  if (self->store)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_ward_monitor_page_parent_class)->dispose (object);
}

static void
care_ward_monitor_page_class_init (CareWardMonitorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "monitor", N_("Admitted patients"),
                            "view-list-symbolic", CARE_PERM_VITALS_ENTRY);

  object_class->constructed = care_ward_monitor_page_constructed;
  object_class->dispose = care_ward_monitor_page_dispose;
}

static void
care_ward_monitor_page_init (CareWardMonitorPage *self)
{
}
