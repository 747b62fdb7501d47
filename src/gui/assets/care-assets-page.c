/* care-assets-page.c: the clinic's equipment, and what is due for maintenance
 *
 * Showing the page is when maintenance due soon is checked: core tells
 * every administrator once per asset and date (care-assets.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-assets-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-asset-editor.h"
#include "care-assets-page.h"
#include "care-list-util.h"

struct _CareAssetsPage
{
  CarePage     parent_instance;

  GtkListBox  *due_list;
  GtkListBox  *all_list;
};

G_DEFINE_FINAL_TYPE (CareAssetsPage, care_assets_page, CARE_TYPE_PAGE)

GtkWidget *
care_assets_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (CARE_TYPE_ASSETS_PAGE, "session", session, NULL);
}

static GtkWindow *
parent_window (CareAssetsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
open_editor (CareAssetsPage *self,
             CareRecord     *asset)
{
  gtk_window_present (GTK_WINDOW (care_asset_editor_new (parent_window (self), care_page_get_store (CARE_PAGE (self)),
                                                         asset)));
}

static void
on_row_activated_cb (AdwActionRow   *row,
                     CareAssetsPage *self)
{
  open_editor (self, g_object_get_data (G_OBJECT (row), "asset"));
}

/* "Serial ECG-2231 · Treatment room 1 · In service" */
static char *
describe (CareRecord *asset)
{
  const CareEntity *entity = care_record_get_entity (asset);
  GString *text = g_string_new (NULL);
  const char *serial = care_record_get (asset, "serial_number");
  const char *location = care_record_get (asset, "location");

  if (serial)
    /* Translators: %s is a serial number */
    g_string_append_printf (text, _("Serial %s"), serial);
  if (location)
    g_string_append_printf (text, "%s%s", text->len ? " · " : "", location);
  g_string_append_printf (text, "%s%s", text->len ? " · " : "",
                          care_field_choice_label (care_entity_field (entity, "status"), care_record_get (asset, "status")));
  return g_string_free (text, FALSE);
}

static GtkWidget *
asset_row_new (CareAssetsPage *self,
               CareRecord     *asset,
               const char     *today,
               const char     *due_until)
{
  const char *next = care_record_get (asset, "next_service_on");
  g_autofree char *subtitle = describe (asset);
  g_autofree char *service = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label;

  gtk_widget_set_name (row, "asset-row");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), care_record_get (asset, "name"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "asset", care_record_ref (asset), (GDestroyNotify) care_record_unref);
  g_signal_connect (row, "activated", G_CALLBACK (on_row_activated_cb), self);
  if (next)
    {
      /* Translators: %s is a date (YYYY-MM-DD) */
      service = g_strdup_printf (strcmp (next, today) < 0 ? _("Service overdue since %s") : _("Next service %s"), next);
      label = gtk_label_new (service);
      gtk_widget_add_css_class (label, "numeric");
      if (care_assets_is_due (asset, due_until))
        gtk_widget_add_css_class (label, "error");
      else
        gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  return row;
}

static void
care_assets_page_reload (CareAssetsPage *self)
{
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autoptr(GDateTime) soon = g_date_time_add_days (now, CARE_ASSETS_DUE_DAYS);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *until = g_date_time_format (soon, "%Y-%m-%d");

  care_list_box_remove_rows (self->due_list);
  care_list_box_remove_rows (self->all_list);
  if ((due = care_assets_due_soon (store, CARE_ASSETS_DUE_DAYS, &error)) == NULL ||
      (all = care_store_list (store, care_schema_lookup ("asset"), NULL, NULL, "name", 0, &error)) == NULL)
    {
      g_warning ("Could not read the assets: %s", error->message);
      return;
    }
  for (guint i = 0; i < due->len; i++)
    gtk_list_box_append (self->due_list, asset_row_new (self, due->pdata[i], today, until));
  for (guint i = 0; i < all->len; i++)
    gtk_list_box_append (self->all_list, asset_row_new (self, all->pdata[i], today, until));
}

static void
on_add_clicked_cb (CareAssetsPage *self)
{
  open_editor (self, NULL);
}

static void
on_store_changed_cb (CareStore      *store,
                     const char     *entity,
                     const char     *id,
                     CareAssetsPage *self)
{
  if (g_strcmp0 (entity, "asset") == 0)
    care_assets_page_reload (self);
}

/* Showing the page is when maintenance due is checked; a failure only
 * delays the notifications to the next time. */
static void
care_assets_page_map (GtkWidget *widget)
{
  g_autoptr(GError) error = NULL;

  GTK_WIDGET_CLASS (care_assets_page_parent_class)->map (widget);

  if (care_assets_notify (care_page_get_store (CARE_PAGE (widget)), &error) < 0)
    g_warning ("Could not check maintenance due: %s", error->message);
  care_assets_page_reload (CARE_ASSETS_PAGE (widget));
}

static void
care_assets_page_constructed (GObject *object)
{
  CareAssetsPage *self = CARE_ASSETS_PAGE (object);

  G_OBJECT_CLASS (care_assets_page_parent_class)->constructed (object);

  g_signal_connect_object (care_page_get_store (CARE_PAGE (self)), "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);
  care_assets_page_reload (self);
}

static void
care_assets_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CARE_TYPE_ASSETS_PAGE);

  G_OBJECT_CLASS (care_assets_page_parent_class)->dispose (object);
}

static void
care_assets_page_class_init (CareAssetsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "assets", N_("Equipment"),
                            "applications-engineering-symbolic", CARE_PERM_CLINIC_SETTINGS);

  object_class->constructed = care_assets_page_constructed;
  object_class->dispose = care_assets_page_dispose;
  widget_class->map = care_assets_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/assets/care-assets-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareAssetsPage, due_list);
  gtk_widget_class_bind_template_child (widget_class, CareAssetsPage, all_list);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked_cb);
}

static void
care_assets_page_init (CareAssetsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_placeholder (self->due_list, care_list_placeholder_new (_("No maintenance due in the next 14 days.")));
  gtk_list_box_set_placeholder (self->all_list, care_list_placeholder_new (_("No equipment recorded yet.")));
}
