/* care-chart-panels.c: the chart's summary panels beside the timeline
 *
 * Problems (active, resolved), medications (active, discontinued,
 * historical), allergies with reaction and severity, immunizations,
 * family and social history, advance directives and the care team, as
 * core picks and groups them (care-chart-summary.c). Each list has its
 * name for screen readers and says in words when it is empty; arrows move
 * within a list and one Tab leaves it. Whoever may write clinical records
 * records an allergy or a problem (CareChartRecordDialog), marks an
 * active problem resolved, and changes or removes (entered in error) the
 * chosen allergy or problem (care-chart-corrections.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-chart-panels"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "caredesk-core.h"
#include "care-chart-corrections.h"
#include "care-chart-panels.h"
#include "care-chart-record-dialog.h"
#include "care-list-util.h"

struct _CareChartPanels
{
  GtkBox            parent_instance;

  CareSession      *session;
  char             *patient_id;
  CareChartSummary *summary;
  GCancellable     *loading;                           /* the summary being read, or NULL */

  GtkWidget        *spinner;

  GtkListBox       *problems[2];                       /* active, resolved */
  GtkWidget        *resolve_button;
  GtkWidget        *add_allergy_button;
  GtkWidget        *add_problem_button;
  GtkWidget        *change_buttons[2];                 /* allergy, problem */
  GtkWidget        *remove_buttons[2];
  GtkLabel         *resolve_error;
  GtkListBox       *medications[CARE_CHART_N_MED_STATUSES];
  GtkListBox       *allergies;
  GtkListBox       *immunizations;
  GtkListBox       *family_history;
  GtkListBox       *social_history;
  GtkListBox       *advance_directives;
  GtkListBox       *care_team;
};

G_DEFINE_FINAL_TYPE (CareChartPanels, care_chart_panels, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
care_chart_panels_new (void)
{
  return g_object_new (CARE_TYPE_CHART_PANELS, NULL);
}

/* --- words --------------------------------------------------------------------- */

static char *
format_date (const char *date)
{
  guint y, m, d;
  g_autoptr(GDateTime) day = NULL;

  if (date == NULL || sscanf (date, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
      !(day = g_date_time_new_local (y, m, d, 12, 0, 0)))
    return g_strdup (date ? date : "");
  /* Translators: a date in the chart's lists; see g_date_time_format() */
  return g_date_time_format (day, _("%-e %b %Y"));
}

/* "a · b", or whichever of the two is not empty. */
static char *
join2 (const char *a,
       const char *b)
{
  gboolean has_a = a && *a, has_b = b && *b;

  return has_a && has_b ? g_strdup_printf ("%s · %s", a, b) : g_strdup (has_a ? a : has_b ? b : "");
}

/* --- lists ------------------------------------------------------------------------- */

/* Tab leaves the list from any row, as one stop of the focus chain: the
 * focus goes to the row at the list's edge and moves on from there. */
static gboolean
list_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     gpointer               data)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  gboolean back = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK);
  GtkListBoxRow *edge;
  GtkRoot *root = gtk_widget_get_root (list);
  int n = 0;

  if ((keyval != GDK_KEY_Tab && keyval != GDK_KEY_ISO_Left_Tab && keyval != GDK_KEY_KP_Tab) || root == NULL)
    return FALSE;
  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), n))
    n++;
  edge = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), back ? 0 : n - 1);
  if (edge == NULL)
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (edge));
  return gtk_widget_child_focus (GTK_WIDGET (root), back ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);
}

/* A heading and its list, named for screen readers by the heading. */
static GtkListBox *
add_list (CareChartPanels *self,
          const char      *heading,
          const char      *name,
          const char      *empty)
{
  GtkWidget *label = gtk_label_new (heading);
  GtkWidget *list = gtk_list_box_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_name (list, name);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (list), care_list_placeholder_new (empty));
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, heading, -1);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (list_key_pressed_cb), NULL);
  gtk_widget_add_controller (list, keys);
  gtk_box_append (GTK_BOX (self), label);
  gtk_box_append (GTK_BOX (self), list);
  return GTK_LIST_BOX (list);
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle && *subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, "chart-summary-row");
  gtk_list_box_append (list, row);
  return row;
}

/* --- the panels ------------------------------------------------------------------- */

static void
show_problems (CareChartPanels *self)
{
  for (guint i = 0; i < self->summary->problems->len; i++)
    {
      const CareChartProblem *p = g_ptr_array_index (self->summary->problems, i);
      g_autofree char *date = format_date (p->resolved ? p->resolved_on : p->since);
      g_autofree char *when = NULL;
      g_autofree char *line = NULL;
      GtkWidget *row;

      if (p->resolved && p->resolved_on)
        /* Translators: a resolved problem's date in the problem list */
        when = g_strdup_printf (_("resolved on %s"), date);
      else if (!p->resolved && p->since)
        /* Translators: since when a problem is known, in the problem list */
        when = g_strdup_printf (_("since %s"), date);
      line = join2 (p->code, when);
      row = add_row (self->problems[p->resolved], p->name, line);
      g_object_set_data (G_OBJECT (row), "problem-index", GUINT_TO_POINTER (i + 1));
    }
}

static void
show_medications (CareChartPanels *self)
{
  for (guint i = 0; i < self->summary->medications->len; i++)
    {
      const CareChartMedication *m = g_ptr_array_index (self->summary->medications, i);
      g_autofree char *date = m->since ? format_date (m->since) : NULL;
      /* Translators: when a medicine was started or prescribed, in the medication list */
      g_autofree char *from = date ? g_strdup_printf (_("from %s"), date) : NULL;
      g_autofree char *line = join2 (m->detail, from);

      add_row (self->medications[m->status], m->name, line);
    }
  /* A long history: the newest of each group here, the rest in the timeline. */
  for (guint s = 0; s < CARE_CHART_N_MED_STATUSES; s++)
    {
      guint n = self->summary->more_medications[s];
      g_autofree char *more = NULL;

      if (n == 0)
        continue;
      more = g_strdup_printf (ngettext ("%u more in the timeline", "%u more in the timeline", n), n);
      gtk_widget_add_css_class (add_row (self->medications[s], more, NULL), "dim-label");
    }
}

static void
show_allergies (CareChartPanels *self)
{
  const CareField *severity = care_entity_field (care_schema_lookup ("allergy"), "severity");

  for (guint i = 0; i < self->summary->allergies->len; i++)
    {
      const CareChartAllergy *a = g_ptr_array_index (self->summary->allergies, i);
      g_autofree char *line = join2 (a->reaction ? a->reaction : _("Reaction not recorded"),
                                    a->severity ? care_field_choice_label (severity, a->severity)
                                                : _("Severity not recorded"));
      GtkWidget *row = add_row (self->allergies, a->substance, line);

      g_object_set_data (G_OBJECT (row), "allergy-index", GUINT_TO_POINTER (i + 1));

      if (g_strcmp0 (a->severity, "severe") == 0 || g_strcmp0 (a->severity, "life_threatening") == 0)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, "error");
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        }
    }
}

static void
show_history (CareChartPanels *self)
{
  const CareChartSummary *s = self->summary;

  for (guint i = 0; s->immunizations[i]; i++)
    add_row (self->immunizations, s->immunizations[i], NULL);
  for (guint i = 0; s->family_history[i]; i++)
    add_row (self->family_history, s->family_history[i], NULL);
  if (s->lifestyle)
    add_row (self->social_history, _("Lifestyle"), s->lifestyle);
  if (s->social_notes)
    add_row (self->social_history, _("Social circumstances"), s->social_notes);
  if (s->advance_directives)
    add_row (self->advance_directives, s->advance_directives, NULL);
  for (guint i = 0; i < s->care_team->len; i++)
    {
      const CareChartTeamMember *m = g_ptr_array_index (s->care_team, i);
      g_autofree char *date = m->since ? format_date (m->since) : NULL;
      g_autofree char *since = date ? g_strdup_printf (_("since %s"), date) : NULL;
      g_autofree char *line = join2 (m->team_role, since);

      add_row (self->care_team, m->name, line);
    }
}

static void
clear_lists (CareChartPanels *self)
{
  GtkListBox *lists[] = { self->problems[0], self->problems[1], self->medications[0], self->medications[1],
                          self->medications[2], self->allergies, self->immunizations, self->family_history,
                          self->social_history, self->advance_directives, self->care_team };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    care_list_box_remove_rows (lists[i]);
}

static void
on_summary_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CareChartPanels) self = user_data;
  g_autoptr(GError) error = NULL;
  CareChartSummary *summary = care_chart_summary_load_finish (CARE_STORE (source), result, &error);

  /* A newer load or the widget's end cancelled this one: leave it be. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      self->loading == NULL || g_cancellable_is_cancelled (self->loading))
    {
      g_clear_pointer (&summary, care_chart_summary_free);
      return;
    }
  g_clear_object (&self->loading);
  gtk_spinner_stop (GTK_SPINNER (self->spinner));
  gtk_widget_set_visible (self->spinner, FALSE);
  if (summary == NULL)
    {
      gtk_label_set_text (self->resolve_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->resolve_error), TRUE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }
  self->summary = summary;
  show_problems (self);
  show_medications (self);
  show_allergies (self);
  show_history (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
care_chart_panels_show (CareChartPanels *self,
                        CareSession     *session,
                        const char      *patient_id)
{
  gboolean can_resolve;

  g_return_if_fail (CARE_IS_CHART_PANELS (self));
  g_return_if_fail (CARE_IS_SESSION (session));
  g_return_if_fail (patient_id != NULL);

  g_set_object (&self->session, session);
  g_free (self->patient_id);
  self->patient_id = g_strdup (patient_id);
  g_clear_pointer (&self->summary, care_chart_summary_free);
  clear_lists (self);
  gtk_widget_set_visible (GTK_WIDGET (self->resolve_error), FALSE);
  can_resolve = care_session_can (session, CARE_PERM_VITALS_ENTRY);
  gtk_widget_set_visible (self->resolve_button, can_resolve);
  gtk_widget_set_visible (self->add_allergy_button, can_resolve);
  gtk_widget_set_visible (self->add_problem_button, can_resolve);
  gtk_widget_set_sensitive (self->resolve_button, FALSE);
  for (guint i = 0; i < 2; i++)
    {
      gtk_widget_set_visible (self->change_buttons[i], can_resolve);
      gtk_widget_set_visible (self->remove_buttons[i], can_resolve);
      gtk_widget_set_sensitive (self->change_buttons[i], FALSE);
      gtk_widget_set_sensitive (self->remove_buttons[i], FALSE);
    }
  gtk_list_box_set_selection_mode (self->problems[0], can_resolve ? GTK_SELECTION_SINGLE : GTK_SELECTION_NONE);
  gtk_list_box_set_selection_mode (self->problems[1], can_resolve ? GTK_SELECTION_SINGLE : GTK_SELECTION_NONE);
  gtk_list_box_set_selection_mode (self->allergies, can_resolve ? GTK_SELECTION_SINGLE : GTK_SELECTION_NONE);

  /* A long history takes a while: read in a worker, shown when it is done. */
  if (self->loading)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->loading = g_cancellable_new ();
  gtk_widget_set_visible (self->spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (self->spinner));
  care_chart_summary_load_async (care_session_get_store (session), patient_id, self->loading,
                                 on_summary_loaded_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

gboolean
care_chart_panels_is_loading (CareChartPanels *self)
{
  g_return_val_if_fail (CARE_IS_CHART_PANELS (self), FALSE);
  return self->loading != NULL;
}

/* --- marking a problem resolved ------------------------------------------------------ */

/* The problem chosen in either list (choosing in one clears the other). */
static const CareChartProblem *
selected_problem (CareChartPanels *self,
                  gboolean         active_only)
{
  for (guint l = 0; l < (active_only ? 1 : 2); l++)
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->problems[l]);
      guint index = row ? GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "problem-index")) : 0;

      if (index && self->summary)
        return g_ptr_array_index (self->summary->problems, index - 1);
    }
  return NULL;
}

static const CareChartAllergy *
selected_allergy (CareChartPanels *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->allergies);
  guint index = row ? GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "allergy-index")) : 0;

  return index && self->summary ? g_ptr_array_index (self->summary->allergies, index - 1) : NULL;
}

static void
problem_selected_cb (GtkListBox      *list,
                     CareChartPanels *self)
{
  GtkListBox *other = list == self->problems[0] ? self->problems[1] : self->problems[0];
  gboolean chosen;

  if (gtk_list_box_get_selected_row (list))
    gtk_list_box_unselect_all (other);
  chosen = selected_problem (self, FALSE) != NULL;
  gtk_widget_set_sensitive (self->resolve_button, selected_problem (self, TRUE) != NULL);
  gtk_widget_set_sensitive (self->change_buttons[1], chosen);
  gtk_widget_set_sensitive (self->remove_buttons[1], chosen);
}

static void
allergy_selected_cb (CareChartPanels *self)
{
  gboolean chosen = selected_allergy (self) != NULL;

  gtk_widget_set_sensitive (self->change_buttons[0], chosen);
  gtk_widget_set_sensitive (self->remove_buttons[0], chosen);
}

static void
resolve_clicked_cb (CareChartPanels *self)
{
  const CareChartProblem *problem = selected_problem (self, TRUE);
  g_autoptr(GError) error = NULL;

  if (problem == NULL || self->session == NULL)
    return;
  /* The store says it changed; the page shows the chart again. */
  if (!care_chart_summary_resolve (care_session_get_store (self->session), self->patient_id, problem, &error))
    {
      gtk_label_set_text (self->resolve_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->resolve_error), TRUE);
    }
}

/* --- changing or removing the chosen one ---------------------------------------------- */

static void
change_clicked_cb (GtkButton       *button,
                   CareChartPanels *self)
{
  gboolean allergy = GTK_WIDGET (button) == self->change_buttons[0];
  const CareChartAllergy *a = allergy ? selected_allergy (self) : NULL;
  const CareChartProblem *p = allergy ? NULL : selected_problem (self, FALSE);
  CareStore *store = self->session ? care_session_get_store (self->session) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->resolve_error), FALSE);
  /* Saved, the store says it changed; the page shows the chart again. */
  if (store && a)
    care_chart_change_allergy (GTK_WIDGET (self), store, self->patient_id, a, self->resolve_error);
  else if (store && p)
    care_chart_change_problem (GTK_WIDGET (self), store, self->patient_id, p, self->resolve_error);
}

static void
remove_clicked_cb (GtkButton       *button,
                   CareChartPanels *self)
{
  gboolean allergy = GTK_WIDGET (button) == self->remove_buttons[0];
  const CareChartAllergy *a = allergy ? selected_allergy (self) : NULL;
  const CareChartProblem *p = allergy ? NULL : selected_problem (self, FALSE);
  CareStore *store = self->session ? care_session_get_store (self->session) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->resolve_error), FALSE);
  if (store && a)
    care_chart_remove_allergy (GTK_WIDGET (self), store, self->patient_id, a, self->resolve_error);
  else if (store && p)
    care_chart_remove_problem (GTK_WIDGET (self), store, self->patient_id, p, self->resolve_error);
}

/* "Change…" and "Remove…" for the chosen row of a list, named for screen readers. */
static void
add_correction_buttons (CareChartPanels *self,
                        GtkWidget       *row,
                        guint            which,
                        const char      *change_name,
                        const char      *remove_name)
{
  static const char *const names[2][2] = { { "chart-change-allergy", "chart-remove-allergy" },
                                            { "chart-change-problem", "chart-remove-problem" } };
  GtkWidget *change = gtk_button_new_with_label (_("Change…"));
  GtkWidget *remove = gtk_button_new_with_label (_("Remove…"));

  gtk_widget_set_name (change, names[which][0]);
  gtk_widget_set_name (remove, names[which][1]);
  gtk_widget_set_tooltip_text (change, change_name);
  gtk_widget_set_tooltip_text (remove, remove_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (change), GTK_ACCESSIBLE_PROPERTY_LABEL, change_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
  g_signal_connect (change, "clicked", G_CALLBACK (change_clicked_cb), self);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  gtk_box_append (GTK_BOX (row), change);
  gtk_box_append (GTK_BOX (row), remove);
  self->change_buttons[which] = change;
  self->remove_buttons[which] = remove;
}

/* --- recording an allergy or a problem ------------------------------------------------ */

static void
add_clicked_cb (GtkButton       *button,
                CareChartPanels *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->session == NULL || self->patient_id == NULL)
    return;
  /* Saved, the store says it changed; the page shows the chart again. */
  gtk_window_present (GTK_WINDOW (care_chart_record_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                care_session_get_store (self->session),
                                                                g_object_get_data (G_OBJECT (button), "entity"),
                                                                self->patient_id)));
}

static GtkWidget *
add_button (CareChartPanels *self,
            GtkWidget       *row,
            const char      *label,
            const char      *name,
            const char      *entity)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  g_object_set_data (G_OBJECT (button), "entity", (gpointer) entity);
  g_signal_connect (button, "clicked", G_CALLBACK (add_clicked_cb), self);
  gtk_box_append (GTK_BOX (row), button);
  return button;
}

static GtkWidget *
add_button_row (CareChartPanels *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_halign (row, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (self), row);
  return row;
}

/* --- the object ---------------------------------------------------------------- */

static void
care_chart_panels_dispose (GObject *object)
{
  CareChartPanels *self = CARE_CHART_PANELS (object);

  if (self->loading)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->session);
  g_clear_pointer (&self->summary, care_chart_summary_free);
  G_OBJECT_CLASS (care_chart_panels_parent_class)->dispose (object);
}

static void
care_chart_panels_finalize (GObject *object)
{
  g_free (CARE_CHART_PANELS (object)->patient_id);
  G_OBJECT_CLASS (care_chart_panels_parent_class)->finalize (object);
}

static void
care_chart_panels_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, care_chart_panels_is_loading (CARE_CHART_PANELS (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_chart_panels_class_init (CareChartPanelsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = care_chart_panels_dispose;
  object_class->finalize = care_chart_panels_finalize;
  object_class->get_property = care_chart_panels_get_property;
  /* Notified when the lists have been read and shown. */
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
care_chart_panels_init (CareChartPanels *self)
{
  static const char *const med_names[] = { "chart-medications-active", "chart-medications-discontinued",
                                           "chart-medications-historical" };
  const char *med_headings[] = { _("Active medications"), _("Discontinued medications"), _("Historical medications") };
  const char *med_empty[] = { _("No active medications"), _("No discontinued medications"),
                              _("No historical medications") };
  GtkWidget *buttons;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  self->spinner = gtk_spinner_new ();
  gtk_widget_set_name (self->spinner, "chart-panels-loading");
  gtk_widget_set_halign (self->spinner, GTK_ALIGN_START);
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reading the patient's lists"), -1);
  gtk_box_append (GTK_BOX (self), self->spinner);
  self->allergies = add_list (self, _("Allergies"), "chart-allergy-list", _("No known allergies recorded"));
  g_signal_connect_swapped (self->allergies, "selected-rows-changed", G_CALLBACK (allergy_selected_cb), self);
  buttons = add_button_row (self);
  self->add_allergy_button = add_button (self, buttons, _("Record Aller_gy…"), "chart-record-allergy", "allergy");
  add_correction_buttons (self, buttons, 0, _("Change the chosen allergy"),
                          _("Remove the chosen allergy, entered in error"));
  self->problems[0] = add_list (self, _("Active problems"), "chart-problems-active", _("No active problems recorded"));
  g_signal_connect (self->problems[0], "selected-rows-changed", G_CALLBACK (problem_selected_cb), self);

  buttons = add_button_row (self);
  self->add_problem_button = add_button (self, buttons, _("Add Prob_lem…"), "chart-add-problem", "problem");
  self->resolve_button = gtk_button_new_with_mnemonic (_("Mark Resol_ved"));
  gtk_widget_set_name (self->resolve_button, "chart-resolve-problem");
  gtk_widget_set_tooltip_text (self->resolve_button, _("Mark the chosen active problem resolved today"));
  g_signal_connect_swapped (self->resolve_button, "clicked", G_CALLBACK (resolve_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), self->resolve_button);
  /* A row of their own: four buttons would widen the panel, in Spanish most. */
  add_correction_buttons (self, add_button_row (self), 1, _("Change the chosen problem"),
                          _("Remove the chosen problem, entered in error"));
  self->resolve_error = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->resolve_error), "chart-resolve-error");
  gtk_label_set_wrap (self->resolve_error, TRUE);
  gtk_label_set_xalign (self->resolve_error, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->resolve_error), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->resolve_error), FALSE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->resolve_error));

  self->problems[1] = add_list (self, _("Resolved problems"), "chart-problems-resolved", _("No resolved problems recorded"));
  g_signal_connect (self->problems[1], "selected-rows-changed", G_CALLBACK (problem_selected_cb), self);
  for (guint i = 0; i < CARE_CHART_N_MED_STATUSES; i++)
    self->medications[i] = add_list (self, med_headings[i], med_names[i], med_empty[i]);
  self->immunizations = add_list (self, _("Immunizations"), "chart-immunizations", _("No immunizations recorded"));
  self->family_history = add_list (self, _("Family history"), "chart-family-history", _("No family history recorded"));
  self->social_history = add_list (self, _("Social history"), "chart-social-history", _("No social history recorded"));
  self->advance_directives = add_list (self, _("Advance directives"), "chart-advance-directives",
                                       _("No advance directives recorded"));
  self->care_team = add_list (self, _("Care team"), "chart-care-team", _("No care team recorded"));
}
