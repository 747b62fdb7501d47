/* care-vitals-page.c: a patient's vital signs, NEWS2 and trends
 *
 * The nurse finds a patient with the store's patient search; the page
 * shows the latest set with its NEWS2 score and band, a chart per vital
 * over 24 hours, 7 days or everything, and the recent sets, each of which
 * can be amended. It listens to the store, so a set recorded on another
 * workstation (brought by sync) shows up as it arrives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-vitals-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-clock.h"
#include "care-news2-label.h"
#include "care-patient-search.h"
#include "care-vitals-chart.h"
#include "care-vitals-dialog.h"
#include "care-vitals-page.h"

#define N_RESULTS 6
#define N_RECENT  10

struct _CareVitalsPage
{
  CarePage        parent_instance;

  char           *patient_id;
  GPtrArray      *charts;        /* CareVitalsChart, one per charted vital */

  GtkSearchEntry *patient_search;
  GtkListBox     *patient_results;
  GtkWidget      *empty_status;
  GtkWidget      *patient_box;
  GtkLabel       *patient_label;
  GtkLabel       *news2_badge;
  GtkLabel       *news2_words;
  GtkLabel       *latest_label;
  GtkToggleButton *span_day;
  GtkToggleButton *span_week;
  GtkToggleButton *span_all;
  GtkBox         *charts_box;
  GtkListBox     *sets_list;
};

G_DEFINE_FINAL_TYPE (CareVitalsPage, care_vitals_page, CARE_TYPE_PAGE)

GtkWidget *
care_vitals_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (CARE_TYPE_VITALS_PAGE, "session", session, NULL);
}

/* --- a set in words ---------------------------------------------------------- */

static char *
format_taken (const char *recorded_at)
{
  g_autoptr(GDateTime) utc = recorded_at ? g_date_time_new_from_iso8601 (recorded_at, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  /* Translators: when a set of vitals was taken; see g_date_time_format() */
  return local ? g_date_time_format (local, _("%-e %b %Y, %H:%M")) : g_strdup ("—");
}

/* "BP 120/80 mmHg · Pulse 88 /min · …" */
static char *
format_readings (CareRecord *set)
{
  GString *s = g_string_new (NULL);
  const CareField *consciousness = care_entity_field (care_schema_lookup ("vitals"), "consciousness");
  const char *value;
  guint n;
  const CareVitalSign *const *signs = care_vitals_signs (&n);

#define SEP() if (s->len) g_string_append (s, " · ")
  if (care_record_get (set, "systolic") && care_record_get (set, "diastolic"))
    /* Translators: blood pressure, systolic over diastolic */
    g_string_append_printf (s, _("BP %s/%s mmHg"), care_record_get (set, "systolic"), care_record_get (set, "diastolic"));
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (signs[i]->field, "systolic") || g_str_equal (signs[i]->field, "diastolic") ||
          (value = care_record_get (set, signs[i]->field)) == NULL)
        continue;
      SEP ();
      g_string_append_printf (s, "%s %s %s", _(signs[i]->label), value, _(signs[i]->unit));
      if (g_str_equal (signs[i]->field, "spo2") && care_record_get (set, "on_oxygen"))
        g_string_append_printf (s, " (%s)", care_record_get_bool (set, "on_oxygen") ? _("on oxygen") : _("on air"));
    }
  if ((value = care_record_get (set, "consciousness")))
    {
      SEP ();
      g_string_append (s, care_field_choice_label (consciousness, value));
    }
  if ((value = care_record_get (set, "bmi")))
    {
      SEP ();
      g_string_append_printf (s, _("BMI %s"), value);
    }
#undef SEP
  return g_string_free (s, FALSE);
}

/* --- showing a patient -------------------------------------------------------- */

static void amend_clicked_cb (GtkButton *button, CareVitalsPage *self);

static GtkWidget *
create_set_row (CareVitalsPage *self,
                CareRecord     *set)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *amend = gtk_button_new_with_mnemonic (_("_Amend"));
  GtkWidget *badge = gtk_label_new (NULL);
  g_autofree char *taken = format_taken (care_record_get (set, "recorded_at"));
  g_autofree char *readings = format_readings (set);

  if (care_vitals_is_amendment (set))
    {
      g_autofree char *amended = g_strdup_printf (_("%s (amended)"), taken);
      g_free (taken);
      taken = g_steal_pointer (&amended);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), taken);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), readings);
  care_news2_label_update (GTK_LABEL (badge), NULL, set);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  gtk_widget_set_name (amend, "vitals-amend");
  gtk_widget_set_valign (amend, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (amend), "vitals-id", g_strdup (care_record_get_id (set)), g_free);
  g_signal_connect_object (amend, "clicked", G_CALLBACK (amend_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), amend);
  return row;
}

static void
refresh (CareVitalsPage *self)
{
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(CareRecord) patient = NULL;
  GtkWidget *child;

  gtk_widget_set_visible (self->empty_status, self->patient_id == NULL);
  gtk_widget_set_visible (self->patient_box, self->patient_id != NULL);
  if (self->patient_id == NULL)
    return;

  patient = care_store_get (store, care_schema_lookup ("patient"), self->patient_id, NULL);
  if (patient)
    {
      g_autofree char *name = g_strdup_printf ("%s %s", care_record_get (patient, "given_name"),
                                               care_record_get (patient, "family_name"));
      gtk_label_set_text (self->patient_label, name);
    }
  series = care_vitals_series (store, self->patient_id, NULL);
  if (series == NULL)
    series = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);

  if (series->len)
    {
      CareRecord *latest = series->pdata[series->len - 1];
      g_autofree char *taken = format_taken (care_record_get (latest, "recorded_at"));
      g_autofree char *readings = format_readings (latest);
      /* Translators: when the latest set was taken, then its readings */
      g_autofree char *text = g_strdup_printf (_("Latest, %s: %s"), taken, readings);

      care_news2_label_update (self->news2_badge, self->news2_words, latest);
      gtk_label_set_text (self->latest_label, text);
    }
  else
    {
      care_news2_label_update (self->news2_badge, self->news2_words, NULL);
      gtk_label_set_text (self->latest_label, _("No vitals recorded yet."));
    }

  for (guint i = 0; i < self->charts->len; i++)
    care_vitals_chart_set_series (self->charts->pdata[i], series);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sets_list))))
    gtk_list_box_remove (self->sets_list, child);
  for (guint i = series->len; i > 0 && series->len - i < N_RECENT; i--)
    gtk_list_box_append (self->sets_list, create_set_row (self, series->pdata[i - 1]));
  gtk_widget_set_visible (GTK_WIDGET (self->sets_list), series->len > 0);
}

void
care_vitals_page_show_patient (CareVitalsPage *self,
                               const char     *patient_id)
{
  g_return_if_fail (CARE_IS_VITALS_PAGE (self));

  g_free (self->patient_id);
  self->patient_id = g_strdup (patient_id);
  refresh (self);
}

GtkWidget *
care_vitals_page_get_chart (CareVitalsPage *self,
                            const char     *field)
{
  g_return_val_if_fail (CARE_IS_VITALS_PAGE (self), NULL);

  for (guint i = 0; i < self->charts->len; i++)
    if (g_str_equal (care_vitals_chart_get_field (self->charts->pdata[i]), field))
      return self->charts->pdata[i];
  return NULL;
}

/* --- callbacks ------------------------------------------------------------------- */

static void
patient_search_changed_cb (CareVitalsPage *self)
{
  care_patient_search_fill (self->patient_results, care_page_get_store (CARE_PAGE (self)),
                            gtk_editable_get_text (GTK_EDITABLE (self->patient_search)),
                            N_RESULTS, "vitals-patient-result");
}

static void
patient_activated_cb (CareVitalsPage *self,
                      GtkListBoxRow  *row)
{
  gtk_widget_set_visible (GTK_WIDGET (self->patient_results), FALSE);
  care_vitals_page_show_patient (self, care_patient_search_row_id (row));
}

static void
present_dialog (CareVitalsPage   *self,
                CareVitalsDialog *dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
record_clicked_cb (CareVitalsPage *self)
{
  if (self->patient_id)
    present_dialog (self, care_vitals_dialog_new (care_page_get_session (CARE_PAGE (self)), self->patient_id));
}

static void
amend_clicked_cb (GtkButton      *button,
                  CareVitalsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "vitals-id");

  present_dialog (self, care_vitals_dialog_new_amendment (care_page_get_session (CARE_PAGE (self)), id));
}

static void
span_toggled_cb (CareVitalsPage  *self,
                 GtkToggleButton *button)
{
  CareVitalsSpan span = gtk_toggle_button_get_active (self->span_day) ? CARE_VITALS_SPAN_DAY
                        : gtk_toggle_button_get_active (self->span_all) ? CARE_VITALS_SPAN_ALL
                        : CARE_VITALS_SPAN_WEEK;

  if (!gtk_toggle_button_get_active (button) || self->charts == NULL)
    return;
  for (guint i = 0; i < self->charts->len; i++)
    care_vitals_chart_set_span (self->charts->pdata[i], span);
}

static void
store_changed_cb (CareVitalsPage *self,
                  const char     *entity)
{
  if (self->patient_id && (g_strcmp0 (entity, "vitals") == 0 || g_strcmp0 (entity, "patient") == 0))
    refresh (self);
}

/* --- the object ---------------------------------------------------------------- */

static void
care_vitals_page_constructed (GObject *object)
{
  CareVitalsPage *self = CARE_VITALS_PAGE (object);

  G_OBJECT_CLASS (care_vitals_page_parent_class)->constructed (object);
  g_signal_connect_object (care_page_get_store (CARE_PAGE (self)), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  refresh (self);
}

static void
care_vitals_page_dispose (GObject *object)
{
  CareVitalsPage *self = CARE_VITALS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_VITALS_PAGE);
  g_clear_pointer (&self->charts, g_ptr_array_unref);
  G_OBJECT_CLASS (care_vitals_page_parent_class)->dispose (object);
}

static void
care_vitals_page_finalize (GObject *object)
{
  CareVitalsPage *self = CARE_VITALS_PAGE (object);

  g_free (self->patient_id);
  G_OBJECT_CLASS (care_vitals_page_parent_class)->finalize (object);
}

static void
care_vitals_page_class_init (CareVitalsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = care_vitals_page_constructed;
  object_class->dispose = care_vitals_page_dispose;
  object_class->finalize = care_vitals_page_finalize;

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "vitals", N_("Vitals"),
                            "emblem-favorite-symbolic", CARE_PERM_VITALS_ENTRY);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/vitals/care-vitals-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareVitalsPage, patient_search);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsPage, patient_results);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsPage, patient_box);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsPage, patient_label);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsPage, news2_badge);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsPage, news2_words);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsPage, latest_label);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsPage, span_day);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsPage, span_week);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsPage, span_all);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsPage, charts_box);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsPage, sets_list);
  gtk_widget_class_bind_template_callback (widget_class, patient_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, patient_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, record_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, span_toggled_cb);
}

static void
care_vitals_page_init (CareVitalsPage *self)
{
  guint n;
  const CareVitalSign *const *signs = care_vitals_signs (&n);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->charts = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *title = gtk_label_new (_(signs[i]->label));
      GtkWidget *chart = care_vitals_chart_new (signs[i]->field);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "caption-heading");
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), chart);
      gtk_box_append (self->charts_box, box);
      g_ptr_array_add (self->charts, chart);
    }
}
