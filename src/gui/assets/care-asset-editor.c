/* care-asset-editor.c: a window to add or change one asset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-asset-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "care-asset-editor.h"
#include "care-alert.h"

typedef struct {
  CareStore      *store;
  CareRecord     *asset;   /* NULL: a new one */
  CareRecordForm *form;
} Editor;

static void
editor_free (Editor *e)
{
  g_clear_object (&e->store);
  g_clear_pointer (&e->asset, care_record_unref);
  g_free (e);
}

static void
on_save_clicked_cb (GtkWidget *window)
{
  Editor *e = g_object_get_data (G_OBJECT (window), "editor");
  g_autoptr(CareRecord) asset = e->asset ? care_record_copy (e->asset) : care_record_new (care_schema_lookup ("asset"));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!care_record_form_apply (e->form, e->store, asset))
    return;
  ok = e->asset ? care_store_update (e->store, asset, &error) : care_store_insert (e->store, asset, &error);
  if (!ok)
    {
      GtkWidget *dialog = care_alert_new (_("Not Saved"), error->message);

      care_alert_add_response (dialog, "close", _("_Close"), CARE_ALERT_DEFAULT);
      care_alert_present (dialog, GTK_WIDGET (window));
      return;
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

GtkWidget *
care_asset_editor_new (GtkWindow  *parent,
                       CareStore  *store,
                       CareRecord *asset)
{
  Editor *e = g_new0 (Editor, 1);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  e->store = g_object_ref (store);
  e->asset = asset ? care_record_ref (asset) : NULL;
  e->form = care_record_form_new (care_schema_lookup ("asset"), NULL);
  if (asset)
    care_record_form_set_record (e->form, asset);
  else
    {
      /* Most of what a clinic records is medical equipment in service. */
      g_autoptr(CareRecord) fresh = care_record_new (care_schema_lookup ("asset"));

      care_record_set (fresh, "category", "equipment");
      care_record_set (fresh, "status", "in_service");
      care_record_form_set_record (e->form, fresh);
    }

  gtk_widget_set_name (window, "asset-editor");
  gtk_window_set_title (GTK_WINDOW (window), asset ? _("Change Asset") : _("New Asset"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, 640);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_widget_set_name (save, "asset-save");
  gtk_widget_add_css_class (save, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_margin_top (GTK_WIDGET (e->form), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (e->form), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (e->form), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (e->form), 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (e->form));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  g_object_set_data_full (G_OBJECT (window), "editor", e, (GDestroyNotify) editor_free);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (on_save_clicked_cb), window);
  return window;
}

CareRecordForm *
care_asset_editor_get_form (GtkWidget *editor)
{
  Editor *e = g_object_get_data (G_OBJECT (editor), "editor");

  g_return_val_if_fail (e != NULL, NULL);
  return e->form;
}
