/* care-stock-view.c: the pharmacy's medicines and batches with their alerts
 *
 * One row per batch on the shelf (and per medicine out of stock), with
 * badges for an expired batch, one expiring within 180 days and a
 * medicine under its reorder level; a search and an alert filter that
 * core applies in SQL (care_stock_rows()). Opening a row shows the
 * batch's ledger, newest first, and "Adjust…" for a counted difference
 * or a write-off. "Receive Stock…" adds a batch. A batch below zero
 * (an offline clash) is flagged as a discrepancy to count; above the
 * list, the pharmacist's expiry and low-stock notifications
 * (care-stock-alerts.h), checked when the view opens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-stock-view"

#include "config.h"

#include <glib/gi18n.h>

#include "care-gtk-compat.h"
#include "care-stock-dialogs.h"
#include "care-stock-view.h"

/* A screenful and more; the search narrows a large shelf. */
#define MAX_ROWS 300

struct _CareStockView
{
  GtkWidget       parent_instance;

  CareStore      *store;
  gulong          changed_id;

  GtkSearchEntry *search_entry;
  GtkDropDown    *filter_dropdown;
  GtkListBox     *list;
  GtkLabel       *summary_label;
  GtkWidget      *notices_box;
  GtkListBox     *notices_list;
};

G_DEFINE_FINAL_TYPE (CareStockView, care_stock_view, GTK_TYPE_WIDGET)

static void
add_badge (AdwExpanderRow *row,
           const char     *text,
           const char     *style)
{
  GtkWidget *badge = gtk_label_new (text);

  gtk_widget_set_name (badge, "stock-badge");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "stock-badge");
  gtk_widget_add_css_class (badge, style);
  care_expander_row_add_suffix (row, badge);
}

static void
open_dialog (CareStockView *self,
             GtkWindow     *dialog)
{
  gtk_window_set_transient_for (dialog, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (dialog);
}

static void
adjust_clicked_cb (GtkButton     *button,
                   CareStockView *self)
{
  open_dialog (self, care_adjust_dialog_new (self->store, g_object_get_data (G_OBJECT (button), "batch-id")));
}

/* The batch's ledger, filled when the row is first opened. */
static void
expanded_cb (AdwExpanderRow *row,
             GParamSpec     *pspec,
             CareStockView  *self)
{
  const char *batch_id = g_object_get_data (G_OBJECT (row), "batch-id");
  const CareField *kind = care_entity_field (care_schema_lookup ("stock_movement"), "kind");
  g_autoptr(GPtrArray) ledger = NULL;
  GtkWidget *adjust;

  if (!adw_expander_row_get_expanded (row) || g_object_get_data (G_OBJECT (row), "filled"))
    return;
  g_object_set_data (G_OBJECT (row), "filled", GINT_TO_POINTER (TRUE));
  ledger = care_stock_movements (self->store, batch_id, NULL);
  for (guint i = 0; ledger && i < ledger->len; i++)
    {
      CareRecord *movement = g_ptr_array_index (ledger, i);
      GtkWidget *line = adw_action_row_new ();
      gint64 quantity = care_record_get_int (movement, "quantity", 0);
      g_autofree char *title = g_strdup_printf ("%s %+" G_GINT64_FORMAT, care_field_choice_label (kind, care_record_get (movement, "kind")),
                                                quantity);
      g_autofree char *when = g_strndup (care_record_get (movement, "at"), 10);
      g_autofree char *subtitle = care_record_get (movement, "reason")
                                  ? g_strdup_printf ("%s · %s", when, care_record_get (movement, "reason")) : g_strdup (when);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (line), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (line), subtitle);
      gtk_widget_set_name (line, "stock-movement");
      adw_expander_row_add_row (row, line);
    }
  adjust = gtk_button_new_with_mnemonic (_("_Adjust…"));
  gtk_widget_set_name (adjust, "stock-adjust");
  gtk_widget_set_halign (adjust, GTK_ALIGN_START);
  gtk_widget_set_margin_top (adjust, 6);
  gtk_widget_set_margin_bottom (adjust, 6);
  gtk_widget_set_margin_start (adjust, 12);
  g_object_set_data_full (G_OBJECT (adjust), "batch-id", g_strdup (batch_id), g_free);
  g_signal_connect (adjust, "clicked", G_CALLBACK (adjust_clicked_cb), self);
  adw_expander_row_add_row (row, adjust);
}

static GtkWidget *
stock_row (CareStockView *self,
           CareStockRow  *stock,
           const char    *today,
           guint         *n_alerts)
{
  AdwExpanderRow *row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  g_autofree char *title = stock->strength ? g_strdup_printf ("%s %s", stock->medicine_name, stock->strength)
                                           : g_strdup (stock->medicine_name);
  g_autofree char *subtitle = NULL;
  g_autofree char *expiry = stock->batch_id ? care_stock_expiry_text (stock->expiry_date, today) : NULL;

  if (stock->batch_id)
    /* Translators: a batch (lot) number, its expiry date and the units it holds */
    subtitle = g_strdup_printf (_("Lot %s · expires %s · %d on hand"),
                                stock->batch_number, stock->expiry_date, (int) stock->quantity);
  else
    subtitle = g_strdup (_("No stock"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (row, subtitle);
  adw_expander_row_set_enable_expansion (row, stock->batch_id != NULL);
  gtk_widget_set_name (GTK_WIDGET (row), "stock-row");
  if (expiry)
    {
      add_badge (row, expiry, stock->band == CARE_EXPIRY_EXPIRED || stock->band == CARE_EXPIRY_30 ? "error"
                              : stock->band == CARE_EXPIRY_180 ? "dim-label" : "warning");
      if (stock->band != CARE_EXPIRY_180)
        (*n_alerts)++;
    }
  if (stock->batch_id && stock->quantity < 0)
    {
      /* Two workstations took the same last units while offline. */
      add_badge (row, _("Discrepancy: count this batch"), "error");
      (*n_alerts)++;
    }
  if (stock->low)
    {
      /* Translators: a medicine's unexpired units, then its reorder level */
      g_autofree char *low = g_strdup_printf (_("Below reorder level (%d of %d)"),
                                              (int) stock->on_hand, (int) stock->reorder_level);
      add_badge (row, low, "warning");
      (*n_alerts)++;
    }
  g_object_set_data_full (G_OBJECT (row), "batch-id", g_strdup (stock->batch_id), g_free);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (expanded_cb), self);
  return GTK_WIDGET (row);
}

/* The pharmacist's unread expiry and low-stock notifications. */
static void
refresh_notices (CareStockView *self)
{
  g_autoptr(GPtrArray) notices = care_stock_notices (self->store, NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notices_list))))
    gtk_list_box_remove (self->notices_list, child);
  for (guint i = 0; notices && i < notices->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), care_record_get (g_ptr_array_index (notices, i), "message"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      gtk_widget_set_name (row, "stock-notice");
      gtk_list_box_append (self->notices_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->notices_box), notices && notices->len > 0);
}

static void
refresh (CareStockView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *today = care_clock_today ();
  g_autofree char *summary = NULL;
  GtkWidget *child;
  guint n_alerts = 0;

  if (self->store == NULL)
    return;
  rows = care_stock_rows (self->store, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                          gtk_drop_down_get_selected (self->filter_dropdown), MAX_ROWS, &error);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);
  if (rows == NULL)
    {
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    gtk_list_box_append (self->list, stock_row (self, g_ptr_array_index (rows, i), today, &n_alerts));
  if (rows->len == 0)
    summary = g_strdup (_("No batches match."));
  else
    /* Translators: rows listed, then how many alerts they carry */
    summary = g_strdup_printf (_("Batches listed: %u · alerts: %u"), rows->len, n_alerts);
  gtk_label_set_text (self->summary_label, summary);
}

static void
store_changed_cb (CareStockView *self,
                  const char    *entity)
{
  if (g_strcmp0 (entity, "stock_batch") == 0 || g_strcmp0 (entity, "medicine") == 0
      || g_strcmp0 (entity, "stock_movement") == 0)
    refresh (self);
  if (g_strcmp0 (entity, "notification") == 0)
    refresh_notices (self);
}

static void
receive_clicked_cb (CareStockView *self)
{
  open_dialog (self, care_receive_dialog_new (self->store));
}

static void
care_stock_view_dispose (GObject *object)
{
  GtkWidget *child;
  CareStockView *self = CARE_STOCK_VIEW (object);

  if (self->store)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_STOCK_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (care_stock_view_parent_class)->dispose (object);
}

static void
care_stock_view_class_init (CareStockViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_stock_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/pharmacy/care-stock-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CareStockView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CareStockView, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CareStockView, list);
  gtk_widget_class_bind_template_child (widget_class, CareStockView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CareStockView, notices_box);
  gtk_widget_class_bind_template_child (widget_class, CareStockView, notices_list);
  gtk_widget_class_bind_template_callback (widget_class, refresh);
  gtk_widget_class_bind_template_callback (widget_class, receive_clicked_cb);
}

static void
care_stock_view_init (CareStockView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
care_stock_view_new (CareStore *store)
{
  CareStockView *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  self = g_object_new (CARE_TYPE_STOCK_VIEW, NULL);
  self->store = g_object_ref (store);
  self->changed_id = g_signal_connect_swapped (store, "changed", G_CALLBACK (store_changed_cb), self);
  /* Opening the pharmacy is when its expiry and low-stock alerts are
   * checked (core writes each once); a failure only delays them. */
  if (care_stock_notify (store, &error) < 0)
    g_warning ("Could not check the stock's alerts: %s", error->message);
  refresh (self);
  refresh_notices (self);
  return GTK_WIDGET (self);
}
