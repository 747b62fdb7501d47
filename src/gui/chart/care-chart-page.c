/* care-chart-page.c: the doctor's view of one patient: header, timeline, notes
 *
 * A header that stays put (name, age, sex, record number, allergies and
 * clinical alerts in red bands, conditions, the latest vitals with NEWS2) over a timeline of
 * everything recorded, newest first, that reads its rows a page at a time
 * as they scroll into view (CareChartTimeline) and can show one kind. A
 * note is written and signed in CareNoteDialog; a signed note is amended,
 * never edited, and the timeline marks both versions. From here the doctor
 * prescribes (CarePrescribeDialog), orders a lab test or imaging and
 * writes an imaging study's report (care-order-dialogs.c). Beside the
 * timeline, the summary panels (CareChartPanels): problems, medications,
 * allergies, history, care team.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-chart-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-admission-dialog.h"
#include "care-chart-alerts.h"
#include "care-chart-page.h"
#include "care-chart-panels.h"
#include "care-chart-row.h"
#include "care-chart-timeline.h"
#include "care-code-import.h"
#include "care-fhir-export.h"
#include "care-news2-label.h"
#include "care-note-dialog.h"
#include "care-order-dialogs.h"
#include "care-patient-search.h"
#include "care-prescribe-dialog.h"

#define N_RESULTS 6

struct _CareChartPage
{
  CarePage        parent_instance;

  char           *patient_id;
  GtkNoSelection *selection;

  GtkSearchEntry *patient_search;
  GtkListBox     *patient_results;
  GtkWidget      *empty_status;
  GtkWidget      *chart_box;
  GtkLabel       *name_label;
  GtkLabel       *facts_label;
  GtkLabel       *news2_badge;
  GtkLabel       *allergy_banner;
  GtkLabel       *alerts_banner;
  GtkLabel       *conditions_label;
  GtkLabel       *vitals_label;
  GtkDropDown    *kind_filter;
  GtkLabel       *count_label;
  GtkListView    *timeline_view;
  CareChartPanels *panels;
};

G_DEFINE_FINAL_TYPE (CareChartPage, care_chart_page, CARE_TYPE_PAGE)

GtkWidget *
care_chart_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (CARE_TYPE_CHART_PAGE, "session", session, NULL);
}

/* --- words --------------------------------------------------------------------- */

static char *
format_when (const char *when)
{
  g_autoptr(GDateTime) utc = when ? g_date_time_new_from_iso8601 (when, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  /* Translators: when a record of the chart was made; see g_date_time_format() */
  return local ? g_date_time_format (local, _("%-e %b %Y, %H:%M")) : g_strdup ("—");
}

static char *
format_age (const CareChartHeader *header)
{
  if (header->age_years < 0)
    return g_strdup (_("age unknown"));
  /* Babies are counted in months, everyone else in years. */
  if (header->age_months < 24)
    return g_strdup_printf (ngettext ("%d month", "%d months", header->age_months), header->age_months);
  return g_strdup_printf (ngettext ("%d year", "%d years", header->age_years), header->age_years);
}

static char *
format_vitals (const CareChartHeader *header)
{
  g_autofree char *when = NULL;
  g_autofree char *line = NULL;

  if (header->vitals == NULL)
    return g_strdup (_("No vital signs recorded"));
  when = format_when (care_record_get (header->vitals, "recorded_at"));
  line = care_chart_vitals_line (header->vitals);
  /* Translators: the chart header's latest vital signs: "Latest vitals (7 Dec 2026, 14:05): BP 120/80 · …" */
  return g_strdup_printf (_("Latest vitals (%s): %s"), when, line);
}

/* --- the header ------------------------------------------------------------------ */

/* DNR, fall risk, critical results not reviewed (core's words), in the band. */
static void
show_alerts (CareChartPage         *self,
             const CareChartHeader *header)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) alerts = care_chart_alerts (care_page_get_store (CARE_PAGE (self)), header->patient, &error);
  g_autofree char *list = alerts && alerts[0] ? g_strjoinv (" · ", alerts) : NULL;
  /* Translators: the chart's banner of clinical alerts: "Alerts: DNR · Fall risk" */
  g_autofree char *text = list ? g_strdup_printf (_("Alerts: %s"), list) : NULL;

  if (error)
    g_warning ("Could not read the chart's alerts: %s", error->message);
  gtk_label_set_text (self->alerts_banner, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->alerts_banner), text != NULL);
}

static void
show_header (CareChartPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareChartHeader) header = care_chart_header (care_page_get_store (CARE_PAGE (self)), self->patient_id, &error);
  g_autofree char *age = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *vitals = NULL;

  if (header == NULL)
    {
      gtk_label_set_text (self->name_label, error->message);
      return;
    }
  age = format_age (header);
  /* Translators: the chart header under the name: age · sex · record number */
  facts = g_strdup_printf (_("%s · %s · Record number %s"), age,
                           care_field_choice_label (care_entity_field (care_schema_lookup ("patient"), "sex"),
                                                    care_record_get (header->patient, "sex")),
                           care_record_get (header->patient, "mrn") ?: "—");
  gtk_label_set_text (self->name_label, header->name);
  gtk_label_set_text (self->facts_label, facts);

  if (header->allergies[0])
    {
      g_autofree char *list = g_strjoinv (", ", header->allergies);
      g_autofree char *text = g_strdup_printf (_("Allergies: %s"), list);

      gtk_label_set_text (self->allergy_banner, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->allergy_banner), "chart-alert-set");
    }
  else
    {
      gtk_label_set_text (self->allergy_banner, _("No known allergies recorded"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->allergy_banner), "chart-alert-set");
    }
  show_alerts (self, header);
  if (header->conditions[0])
    {
      g_autofree char *list = g_strjoinv (", ", header->conditions);
      g_autofree char *text = g_strdup_printf (_("Conditions: %s"), list);

      gtk_label_set_text (self->conditions_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->conditions_label), header->conditions[0] != NULL);
  vitals = format_vitals (header);
  gtk_label_set_text (self->vitals_label, vitals);
  care_news2_label_update (self->news2_badge, NULL, header->vitals);
}

/* --- the timeline ---------------------------------------------------------------- */

static guint
selected_kinds (CareChartPage *self)
{
  guint i = gtk_drop_down_get_selected (self->kind_filter);

  return i == 0 || i == GTK_INVALID_LIST_POSITION ? CARE_CHART_ALL_KINDS : care_chart_kind_nth (i - 1);
}

/* After each frame with the new timeline: more of its rows, until all. */
static void
frame_painted_cb (GdkFrameClock *clock,
                  CareChartPage *self)
{
  GListModel *model = gtk_no_selection_get_model (self->selection);

  if (!CARE_IS_CHART_TIMELINE (model) || !care_chart_timeline_show_more (CARE_CHART_TIMELINE (model)))
    g_signal_handlers_disconnect_by_func (clock, frame_painted_cb, self);
  gtk_widget_queue_draw (GTK_WIDGET (self->timeline_view));
}

static void
show_timeline (CareChartPage *self)
{
  g_autoptr(CareChartTimeline) model = care_chart_timeline_new (care_page_get_store (CARE_PAGE (self)),
                                                                self->patient_id, selected_kinds (self));
  guint n = care_chart_timeline_get_total (model);
  g_autofree char *count = g_strdup_printf (ngettext ("%u record", "%u records", n), n);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->timeline_view));

  gtk_label_set_text (self->count_label, count);
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (model));
  /* The list view makes the first screen's rows now and the others a
   * screen's worth a frame once it is painted (BENCHMARKS.md, the chart). */
  if (clock == NULL)
    while (care_chart_timeline_show_more (model));
  else
    {
      g_signal_handlers_disconnect_by_func (clock, frame_painted_cb, self);
      g_signal_connect_object (clock, "after-paint", G_CALLBACK (frame_painted_cb), self, 0);
      gtk_widget_queue_draw (GTK_WIDGET (self->timeline_view));
    }
}

static void
refresh (CareChartPage *self)
{
  gtk_widget_set_visible (self->empty_status, self->patient_id == NULL);
  gtk_widget_set_visible (self->chart_box, self->patient_id != NULL);
  if (self->patient_id == NULL)
    return;
  show_header (self);
  show_timeline (self);
  care_chart_panels_show (self->panels, care_page_get_session (CARE_PAGE (self)), self->patient_id);
}

void
care_chart_page_show_patient (CareChartPage *self,
                              const char    *patient_id)
{
  g_return_if_fail (CARE_IS_CHART_PAGE (self));

  g_free (self->patient_id);
  self->patient_id = g_strdup (patient_id);
  refresh (self);
}

gboolean
care_chart_page_is_loading (CareChartPage *self)
{
  g_return_val_if_fail (CARE_IS_CHART_PAGE (self), FALSE);
  return care_chart_panels_is_loading (self->panels);
}

GListModel *
care_chart_page_get_timeline (CareChartPage *self)
{
  g_return_val_if_fail (CARE_IS_CHART_PAGE (self), NULL);
  return gtk_no_selection_get_model (self->selection);
}

static void
present_dialog (CareChartPage  *self,
                gpointer        dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
amend_clicked_cb (GtkButton     *button,
                  CareChartPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "note-id");

  if (id)
    present_dialog (self, care_note_dialog_new_amendment (care_page_get_session (CARE_PAGE (self)), id));
}

static void
report_clicked_cb (GtkButton     *button,
                   CareChartPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "study-id");

  if (id)
    care_imaging_report_dialog_present (CARE_PAGE (self), id);
}

/* Whether the timeline's imaging entry still waits for its report. */
static gboolean
awaits_report (CareChartPage        *self,
               const CareChartEntry *entry)
{
  g_autoptr(CareRecord) study = NULL;

  if (entry->kind != CARE_CHART_IMAGING ||
      !care_session_can (care_page_get_session (CARE_PAGE (self)), CARE_PERM_LAB_TEST_REQUESTS))
    return FALSE;
  study = care_store_get (care_page_get_store (CARE_PAGE (self)), care_schema_lookup ("imaging_study"),
                          entry->record_id, NULL);
  return study && g_strcmp0 (care_record_get (study, "status"), "reported") != 0;
}

/* One row: its text drawn by a CareChartRow (no labels to shape when the
 * list view measures its 200 rows); the Amend and Report buttons are made
 * only for the rows that need them, and kept hidden when the row is reused. */
static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CareChartPage            *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = care_chart_row_new ();

  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (row), text);
  g_object_set_data (G_OBJECT (row), "text", text);
  gtk_list_item_set_child (item, row);
}

/* The row's button named key, made the first time the row needs one. */
static GtkWidget *
row_button (GtkWidget  *row,
            const char *key,
            gboolean    needed)
{
  GtkWidget *button = g_object_get_data (G_OBJECT (row), key);

  if (button == NULL && needed)
    {
      button = gtk_button_new ();
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (row), button);
      g_object_set_data (G_OBJECT (row), key, button);
    }
  if (button)
    gtk_widget_set_visible (button, needed);
  return needed ? button : NULL;
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CareChartPage            *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  CareChartItem *chart_item = gtk_list_item_get_item (item);
  const CareChartEntry *entry = chart_item ? care_chart_item_get_entry (chart_item) : NULL;
  GtkWidget *amend, *report;
  g_autofree char *when = NULL;
  const char *mark_text;

  if (entry == NULL)
    return;
  when = format_when (entry->when);
  mark_text = entry->amendment ? _("Amended") : entry->superseded ? _("Corrected later") : NULL;
  care_chart_row_set (g_object_get_data (G_OBJECT (row), "text"), when, entry->title, mark_text,
                      entry->flag_text, entry->flag == CARE_CHART_FLAG_CRITICAL, entry->summary);
  /* Only the latest version of a note is amended. */
  amend = row_button (row, "amend", entry->kind == CARE_CHART_NOTE && !entry->superseded);
  if (amend && g_object_get_data (G_OBJECT (amend), "note-id") == NULL)
    {
      gtk_button_set_use_underline (GTK_BUTTON (amend), TRUE);
      gtk_button_set_label (GTK_BUTTON (amend), _("_Amend"));
      g_signal_connect_object (amend, "clicked", G_CALLBACK (amend_clicked_cb), self, 0);
    }
  if (amend)
    {
      /* Translators: accessible name of the Amend button: "Amend Consultation of 7 Dec 2026, 14:05" */
      g_autofree char *name = g_strdup_printf (_("Amend %s of %s"), entry->title, when);

      g_object_set_data_full (G_OBJECT (amend), "note-id", g_strdup (entry->record_id), g_free);
      gtk_accessible_update_property (GTK_ACCESSIBLE (amend), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
  report = row_button (row, "report", awaits_report (self, entry));
  if (report && g_object_get_data (G_OBJECT (report), "study-id") == NULL)
    {
      gtk_button_set_use_underline (GTK_BUTTON (report), TRUE);
      gtk_button_set_label (GTK_BUTTON (report), _("_Report…"));
      gtk_widget_set_name (report, "chart-imaging-report");
      g_signal_connect_object (report, "clicked", G_CALLBACK (report_clicked_cb), self, 0);
    }
  if (report)
    {
      /* Translators: accessible name of the Report button: "Write the report of X-ray Chest" */
      g_autofree char *name = g_strdup_printf (_("Write the report of %s"), entry->title);

      g_object_set_data_full (G_OBJECT (report), "study-id", g_strdup (entry->record_id), g_free);
      gtk_accessible_update_property (GTK_ACCESSIBLE (report), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
}

/* Tab and Shift+Tab leave the timeline at once, from any row or button in
 * it (GTK 4.8's list view would go through every row); arrows move in it. */
static gboolean
timeline_key_pressed_cb (GtkEventControllerKey *key,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         CareChartPage         *self)
{
  GtkWidget *list = GTK_WIDGET (self->timeline_view);
  GtkDirectionType direction;

  if (keyval == GDK_KEY_ISO_Left_Tab || ((keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab) && (state & GDK_SHIFT_MASK)))
    direction = GTK_DIR_TAB_BACKWARD;
  else if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    direction = GTK_DIR_TAB_FORWARD;
  else
    return FALSE;
  /* Moved from the root with the list out of the chain: to what follows it. */
  gtk_widget_set_can_focus (list, FALSE);
  gtk_widget_child_focus (GTK_WIDGET (gtk_widget_get_root (list)), direction);
  gtk_widget_set_can_focus (list, TRUE);
  return TRUE;
}

/* --- callbacks ------------------------------------------------------------------- */

static void
patient_search_changed_cb (CareChartPage *self)
{
  care_patient_search_fill (self->patient_results, care_page_get_store (CARE_PAGE (self)),
                            gtk_editable_get_text (GTK_EDITABLE (self->patient_search)),
                            N_RESULTS, "chart-patient-result");
}

static void
patient_activated_cb (CareChartPage *self,
                      GtkListBoxRow *row)
{
  gtk_widget_set_visible (GTK_WIDGET (self->patient_results), FALSE);
  care_chart_page_show_patient (self, care_patient_search_row_id (row));
}

static void
kind_filter_changed_cb (CareChartPage *self)
{
  if (self->patient_id)
    show_timeline (self);
}

static void
note_clicked_cb (CareChartPage *self)
{
  if (self->patient_id)
    present_dialog (self, care_note_dialog_new (care_page_get_session (CARE_PAGE (self)), self->patient_id));
}

static void
admission_clicked_cb (CareChartPage *self)
{
  if (self->patient_id)
    care_admission_dialog_present (CARE_PAGE (self), self->patient_id, gtk_label_get_text (self->name_label));
}

static void
export_fhir_clicked_cb (CareChartPage *self,
                        GtkWidget     *button)
{
  if (self->patient_id)
    care_fhir_export_run (CARE_PAGE (self), button, self->patient_id);
}

static void
prescribe_action_cb (GtkWidget  *widget,
                     const char *action,
                     GVariant   *parameter)
{
  CareChartPage *self = CARE_CHART_PAGE (widget);

  if (self->patient_id)
    present_dialog (self, care_prescribe_dialog_new (care_page_get_session (CARE_PAGE (self)), self->patient_id));
}

static void
order_action_cb (GtkWidget  *widget,
                 const char *action,
                 GVariant   *parameter)
{
  CareChartPage *self = CARE_CHART_PAGE (widget);

  if (self->patient_id == NULL)
    return;
  if (g_str_equal (action, "chart.order-lab"))
    care_order_lab_dialog_present (CARE_PAGE (self), self->patient_id);
  else
    care_order_imaging_dialog_present (CARE_PAGE (self), self->patient_id);
}

static void
import_codes_action_cb (GtkWidget  *widget,
                        const char *action,
                        GVariant   *parameter)
{
  care_code_import_run (CARE_PAGE (widget));
}

static void
store_changed_cb (CareChartPage *self,
                  const char    *entity)
{
  if (self->patient_id)
    refresh (self);
}

/* --- the object ---------------------------------------------------------------- */

static void
care_chart_page_constructed (GObject *object)
{
  CareChartPage *self = CARE_CHART_PAGE (object);
  CareSession *session;

  G_OBJECT_CLASS (care_chart_page_parent_class)->constructed (object);
  /* A nurse reads the chart; the doctor orders and prescribes. */
  session = care_page_get_session (CARE_PAGE (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.prescribe", care_session_can (session, CARE_PERM_PRESCRIBING));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.order-lab",
                                 care_session_can (session, CARE_PERM_LAB_TEST_REQUESTS));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.order-imaging",
                                 care_session_can (session, CARE_PERM_LAB_TEST_REQUESTS));
  /* The clinic's code list is the administrator's. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.import-codes",
                                 care_session_can (session, CARE_PERM_CLINIC_SETTINGS));
  g_signal_connect_object (care_page_get_store (CARE_PAGE (self)), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  refresh (self);
}

static void
care_chart_page_dispose (GObject *object)
{
  CareChartPage *self = CARE_CHART_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_CHART_PAGE);
  g_clear_object (&self->selection);
  G_OBJECT_CLASS (care_chart_page_parent_class)->dispose (object);
}

static void
care_chart_page_finalize (GObject *object)
{
  g_free (CARE_CHART_PAGE (object)->patient_id);
  G_OBJECT_CLASS (care_chart_page_parent_class)->finalize (object);
}

static void
care_chart_page_class_init (CareChartPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = care_chart_page_constructed;
  object_class->dispose = care_chart_page_dispose;
  object_class->finalize = care_chart_page_finalize;

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "chart", N_("Patient Chart"),
                            "x-office-document-symbolic", CARE_PERM_CLINICAL_RECORDS);
  g_type_ensure (CARE_TYPE_CHART_PANELS);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/chart/care-chart-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareChartPage, patient_search);
  gtk_widget_class_bind_template_child (widget_class, CareChartPage, patient_results);
  gtk_widget_class_bind_template_child (widget_class, CareChartPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, CareChartPage, chart_box);
  gtk_widget_class_bind_template_child (widget_class, CareChartPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, CareChartPage, facts_label);
  gtk_widget_class_bind_template_child (widget_class, CareChartPage, news2_badge);
  gtk_widget_class_bind_template_child (widget_class, CareChartPage, allergy_banner);
  gtk_widget_class_bind_template_child (widget_class, CareChartPage, alerts_banner);
  gtk_widget_class_bind_template_child (widget_class, CareChartPage, conditions_label);
  gtk_widget_class_bind_template_child (widget_class, CareChartPage, vitals_label);
  gtk_widget_class_bind_template_child (widget_class, CareChartPage, kind_filter);
  gtk_widget_class_bind_template_child (widget_class, CareChartPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CareChartPage, timeline_view);
  gtk_widget_class_bind_template_child (widget_class, CareChartPage, panels);
  gtk_widget_class_bind_template_callback (widget_class, patient_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, patient_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, admission_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_fhir_clicked_cb);
  gtk_widget_class_install_action (widget_class, "chart.prescribe", NULL, prescribe_action_cb);
  gtk_widget_class_install_action (widget_class, "chart.order-lab", NULL, order_action_cb);
  gtk_widget_class_install_action (widget_class, "chart.order-imaging", NULL, order_action_cb);
  gtk_widget_class_install_action (widget_class, "chart.import-codes", NULL, import_codes_action_cb);
}

static void
care_chart_page_init (CareChartPage *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *key;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_string_list_append (kinds, _("Everything"));
  for (guint i = 0; i < CARE_CHART_N_KINDS; i++)
    gtk_string_list_append (kinds, care_chart_kind_label (care_chart_kind_nth (i)));
  gtk_drop_down_set_model (self->kind_filter, G_LIST_MODEL (kinds));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind_filter), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Kind of record shown"), -1);

  self->selection = gtk_no_selection_new (NULL);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->timeline_view, factory);
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (timeline_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->timeline_view), key);
  gtk_list_view_set_model (self->timeline_view, GTK_SELECTION_MODEL (self->selection));
}
