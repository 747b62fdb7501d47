/* care-roster-page.c: the weekly roster: staff by day, shifts to add, change, remove, copy
 *
 * A grid with a row per active staff member and a column per day, Monday
 * first. Every shift is a button that opens it; every cell has a "+" to
 * add one; all of them are reachable with Tab and named for a screen
 * reader ("Kwame Mensah, Monday 7 December: 08:00–16:00").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-roster-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-roster-page.h"
#include "care-shift-dialog.h"
#include "care-alert.h"

struct _CareRosterPage
{
  CarePage     parent_instance;

  GDateTime   *monday;

  GtkLabel    *week_label;
  GtkGrid     *grid;
};

G_DEFINE_FINAL_TYPE (CareRosterPage, care_roster_page, CARE_TYPE_PAGE)

GtkWidget *
care_roster_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (CARE_TYPE_ROSTER_PAGE, "session", session, NULL);
}

static GDateTime *
local_of (CareRecord *shift,
          const char *field)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (care_record_get (shift, field), NULL);

  return utc ? g_date_time_to_local (utc) : NULL;
}

/* Which button was pressed: the cell's person and day, and the shift. */
static void
on_cell_clicked_cb (GtkButton      *button,
                    CareRosterPage *self)
{
  CareRecord *user = g_object_get_data (G_OBJECT (button), "user");
  GDateTime *day = g_object_get_data (G_OBJECT (button), "day");
  CareRecord *shift = g_object_get_data (G_OBJECT (button), "shift");

  care_alert_present (care_shift_dialog_new (care_page_get_store (CARE_PAGE (self)),
                                             care_record_get_id (user), care_record_get (user, "full_name"),
                                             day, shift),
                      GTK_WIDGET (self));
}

static GtkWidget *
cell_button_new (CareRosterPage *self,
                 CareRecord     *user,
                 GDateTime      *day,
                 CareRecord     *shift,
                 const char     *label,
                 const char     *accessible)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_widget_set_tooltip_text (button, accessible);
  g_object_set_data_full (G_OBJECT (button), "user", care_record_ref (user), (GDestroyNotify) care_record_unref);
  g_object_set_data_full (G_OBJECT (button), "day", g_date_time_ref (day), (GDestroyNotify) g_date_time_unref);
  if (shift)
    g_object_set_data_full (G_OBJECT (button), "shift", care_record_ref (shift), (GDestroyNotify) care_record_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (on_cell_clicked_cb), self);
  return button;
}

static GtkWidget *
shift_button_new (CareRosterPage *self,
                  CareRecord     *user,
                  GDateTime      *day,
                  const char     *day_name,
                  CareRecord     *shift)
{
  g_autoptr(GDateTime) from = local_of (shift, "starts_at");
  g_autoptr(GDateTime) to = local_of (shift, "ends_at");
  g_autofree char *start = g_date_time_format (from, "%H:%M");
  g_autofree char *end = g_date_time_format (to, "%H:%M");
  /* Translators: a shift's times, e.g. "08:00–16:00" */
  g_autofree char *label = g_strdup_printf (_("%s–%s"), start, end);
  /* Translators: a staff member, a day and a shift's times; the accessible name of the shift's button */
  g_autofree char *accessible = g_strdup_printf (_("%s, %s: %s. Change or remove"),
                                                 care_record_get (user, "full_name"), day_name, label);
  GtkWidget *button = cell_button_new (self, user, day, shift, label, accessible);

  gtk_widget_set_name (button, "roster-shift");
  gtk_widget_add_css_class (button, "numeric");
  gtk_widget_add_css_class (button, "accent");
  return button;
}

static GtkWidget *
add_button_new (CareRosterPage *self,
                CareRecord     *user,
                GDateTime      *day,
                const char     *day_name)
{
  /* Translators: the accessible name of the "+" in the roster; a staff member and a day */
  g_autofree char *accessible = g_strdup_printf (_("Add a shift for %s on %s"), care_record_get (user, "full_name"), day_name);
  GtkWidget *button = cell_button_new (self, user, day, NULL, "+", accessible);

  gtk_widget_set_name (button, "roster-add");
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
remove_all (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))))
    gtk_grid_remove (grid, child);
}

static GtkWidget *
heading_new (const char *text,
             float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
care_roster_page_reload (CareRosterPage *self)
{
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  g_autoptr(GPtrArray) users = care_store_list (store, care_schema_lookup ("user"), NULL, NULL, "full_name", 0, NULL);
  g_autoptr(GPtrArray) week = NULL;
  g_autoptr(GDateTime) sunday = g_date_time_add_days (self->monday, 6);
  g_autofree char *first = g_date_time_format (self->monday, "%-e %b");
  /* Translators: the last day of a week shown, e.g. "13 Dec 2026"; see g_date_time_format() */
  g_autofree char *last = g_date_time_format (sunday, _("%-e %b %Y"));
  /* Translators: a week, e.g. "7 Dec – 13 Dec 2026" */
  g_autofree char *title = g_strdup_printf (_("%s – %s"), first, last);
  g_autoptr(GError) error = NULL;
  guint row = 1;

  gtk_label_set_label (self->week_label, title);
  remove_all (self->grid);
  if ((week = care_roster_week (store, self->monday, &error)) == NULL)
    {
      g_warning ("Could not read the roster: %s", error->message);
      return;
    }
  gtk_grid_attach (self->grid, heading_new (_("Staff"), 0), 0, 0, 1, 1);
  for (int d = 0; d < 7; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (self->monday, d);
      /* Translators: a roster column's day, e.g. "Mon 7"; see g_date_time_format() */
      g_autofree char *text = g_date_time_format (day, _("%a %-e"));

      gtk_grid_attach (self->grid, heading_new (text, 0.5), d + 1, 0, 1, 1);
    }
  for (guint u = 0; users && u < users->len; u++)
    {
      CareRecord *user = users->pdata[u];
      g_autofree char *who = NULL;
      GtkWidget *name;

      if (care_record_get_int (user, "active", 1) == 0)
        continue;
      /* Translators: a staff member's name and role in the roster */
      who = g_strdup_printf (_("%s\n%s"), care_record_get (user, "full_name"), care_role_label (care_record_get (user, "role")));
      name = gtk_label_new (who);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_set_margin_end (name, 12);
      gtk_grid_attach (self->grid, name, 0, row, 1, 1);
      for (int d = 0; d < 7; d++)
        {
          g_autoptr(GDateTime) day = g_date_time_add_days (self->monday, d);
          g_autoptr(GDateTime) next = g_date_time_add_days (self->monday, d + 1);
          /* Translators: a day, e.g. "Monday 7 December"; see g_date_time_format() */
          g_autofree char *day_name = g_date_time_format (day, _("%A %-e %B"));
          GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

          gtk_widget_set_size_request (cell, 88, -1);
          for (guint i = 0; i < week->len; i++)
            {
              g_autoptr(GDateTime) starts = local_of (week->pdata[i], "starts_at");

              if (g_strcmp0 (care_record_get (week->pdata[i], "user_id"), care_record_get_id (user)) == 0 &&
                  starts && g_date_time_compare (starts, day) >= 0 && g_date_time_compare (starts, next) < 0)
                gtk_box_append (GTK_BOX (cell), shift_button_new (self, user, day, day_name, week->pdata[i]));
            }
          gtk_box_append (GTK_BOX (cell), add_button_new (self, user, day, day_name));
          gtk_grid_attach (self->grid, cell, d + 1, row, 1, 1);
        }
      row++;
    }
}

void
care_roster_page_set_week (CareRosterPage *self,
                           GDateTime      *day)
{
  g_return_if_fail (CARE_IS_ROSTER_PAGE (self));
  g_return_if_fail (day != NULL);

  g_clear_pointer (&self->monday, g_date_time_unref);
  self->monday = care_roster_week_start (day);
  care_roster_page_reload (self);
}

static void
move_weeks (CareRosterPage *self,
            int             weeks)
{
  g_autoptr(GDateTime) day = g_date_time_add_weeks (self->monday, weeks);

  care_roster_page_set_week (self, day);
}

static void
on_previous_clicked_cb (CareRosterPage *self)
{
  move_weeks (self, -1);
}

static void
on_next_clicked_cb (CareRosterPage *self)
{
  move_weeks (self, 1);
}

static void
on_today_clicked_cb (CareRosterPage *self)
{
  g_autoptr(GDateTime) now = care_clock_now_local ();

  care_roster_page_set_week (self, now);
}

static void
on_copy_clicked_cb (CareRosterPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint skipped = 0;
  gint copied = care_roster_copy_week (care_page_get_store (CARE_PAGE (self)), self->monday, &skipped, &error);

  if (copied < 0)
    message = g_strdup (error->message);
  else if (skipped > 0)
    /* Translators: shifts copied to next week, and those left out */
    message = g_strdup_printf (_("%d shifts copied to next week; %u left out where someone already works then."), copied, skipped);
  else
    message = g_strdup_printf (ngettext ("%d shift copied to next week.", "%d shifts copied to next week.", copied), copied);
  care_page_add_toast (CARE_PAGE (self), adw_toast_new (message));
}

static void
on_store_changed_cb (CareStore      *store,
                     const char     *entity,
                     const char     *id,
                     CareRosterPage *self)
{
  if (g_strcmp0 (entity, "shift") == 0 || g_strcmp0 (entity, "user") == 0)
    care_roster_page_reload (self);
}

static void
care_roster_page_constructed (GObject *object)
{
  CareRosterPage *self = CARE_ROSTER_PAGE (object);
  g_autoptr(GDateTime) now = care_clock_now_local ();

  G_OBJECT_CLASS (care_roster_page_parent_class)->constructed (object);

  g_signal_connect_object (care_page_get_store (CARE_PAGE (self)), "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);
  care_roster_page_set_week (self, now);
}

static void
care_roster_page_dispose (GObject *object)
{
  CareRosterPage *self = CARE_ROSTER_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_ROSTER_PAGE);
  g_clear_pointer (&self->monday, g_date_time_unref);

  G_OBJECT_CLASS (care_roster_page_parent_class)->dispose (object);
}

static void
care_roster_page_class_init (CareRosterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "roster", N_("Roster"),
                            "x-office-calendar-symbolic", CARE_PERM_STAFF_MANAGEMENT);

  object_class->constructed = care_roster_page_constructed;
  object_class->dispose = care_roster_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/roster/care-roster-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareRosterPage, week_label);
  gtk_widget_class_bind_template_child (widget_class, CareRosterPage, grid);
  gtk_widget_class_bind_template_callback (widget_class, on_previous_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_today_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked_cb);
}

static void
care_roster_page_init (CareRosterPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
