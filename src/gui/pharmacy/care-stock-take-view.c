/* care-stock-take-view.c: counting a shelf and confirming the differences as adjustments
 *
 * A search finds the shelf's batches (care_stock_take_rows()); each row
 * shows what the ledger expects and takes the units counted, with the
 * difference beside it as it is typed. "Confirm Count" hands the counts
 * to core (care_stock_take()), which writes the adjustments in one
 * transaction; the report of the count stays on the screen. The list is
 * not rebuilt while counting (a sync must not wipe typed counts); the
 * expected quantities are read again when the count is confirmed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-stock-take-view"

#include "config.h"

#include <glib/gi18n.h>

#include "care-stock-take-view.h"

/* A shelf, not the whole pharmacy. */
#define MAX_ROWS 200

typedef struct {
  CareStockTakeView *view;
  char              *batch_id;
  gint64             expected;
  GtkEntry          *entry;
  GtkLabel          *difference;
} Line;

struct _CareStockTakeView
{
  GtkWidget       parent_instance;

  CareStore      *store;
  GPtrArray      *lines;

  GtkSearchEntry *search_entry;
  GtkListBox     *list;
  GtkLabel       *error_label;
  GtkLabel       *report_label;
  GtkWidget      *report_box;
};

G_DEFINE_FINAL_TYPE (CareStockTakeView, care_stock_take_view, GTK_TYPE_WIDGET)

static void show_error (CareStockTakeView *self,
                        const char        *message);

static void
line_free (Line *line)
{
  g_free (line->batch_id);
  g_free (line);
}

/* The units typed: -1 for a blank, -2 for something that is not a count. */
static gint64
counted (Line *line)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (line->entry))));
  guint64 value = 0;

  if (*text == '\0')
    return -1;
  if (!g_ascii_string_to_unsigned (text, 10, 0, 10000000, &value, NULL))
    return -2;
  return (gint64) value;
}

static void
entry_changed_cb (GtkEditable *editable,
                  Line        *line)
{
  gint64 n = counted (line);
  g_autofree char *text = NULL;

  /* What was refused is being corrected. */
  if (gtk_widget_has_css_class (GTK_WIDGET (line->entry), "error"))
    show_error (line->view, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (line->entry), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (line->difference), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (line->difference), "warning");
  if (n == -1)
    text = g_strdup ("");
  else if (n == -2)
    text = g_strdup (_("Not a number"));
  else if (n == line->expected)
    text = g_strdup (_("Agrees"));
  else
    /* Translators: the difference between counted and expected units, e.g. "+3" or "-2" */
    text = g_strdup_printf (_("%+d"), (int) (n - line->expected));
  gtk_widget_add_css_class (GTK_WIDGET (line->difference), n == line->expected ? "success" : "warning");
  gtk_label_set_text (line->difference, text);
}

static GtkWidget *
line_row (CareStockTakeView *self,
          CareStockRow      *stock)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *difference = gtk_label_new (NULL);
  Line *line = g_new0 (Line, 1);
  g_autofree char *title = stock->strength ? g_strdup_printf ("%s %s", stock->medicine_name, stock->strength)
                                           : g_strdup (stock->medicine_name);
  /* Translators: a batch (lot) number, its expiry date and the units the ledger expects on the shelf */
  g_autofree char *subtitle = g_strdup_printf (_("Lot %s · expires %s · expected %d"),
                                               stock->batch_number, stock->expiry_date, (int) stock->quantity);
  /* Translators: the accessible name of a count's field: medicine, then lot number */
  g_autofree char *label = g_strdup_printf (_("Units counted of %s, lot %s"), title, stock->batch_number);

  line->view = self;
  line->batch_id = g_strdup (stock->batch_id);
  line->expected = stock->quantity;
  line->entry = GTK_ENTRY (entry);
  line->difference = GTK_LABEL (difference);
  g_ptr_array_add (self->lines, line);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, "take-row");
  gtk_widget_set_name (entry, "take-counted");
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Counted"));
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 8);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_name (difference, "take-difference");
  gtk_label_set_width_chars (GTK_LABEL (difference), 12);
  gtk_label_set_xalign (GTK_LABEL (difference), 0);
  g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), line);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), difference);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), entry);
  return row;
}

static void
show_error (CareStockTakeView *self,
            const char        *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
refresh (CareStockTakeView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *child;

  show_error (self, NULL);
  g_ptr_array_set_size (self->lines, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);
  rows = care_stock_take_rows (self->store, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), MAX_ROWS, &error);
  if (rows == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    gtk_list_box_append (self->list, line_row (self, g_ptr_array_index (rows, i)));
  if (rows->len == 0)
    {
      GtkWidget *empty = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (empty), _("No batches match. Search by medicine or lot."));
      gtk_list_box_append (self->list, empty);
    }
}

static char *
counter_name (CareStockTakeView *self)
{
  const char *actor = care_store_get_actor (self->store);
  g_autoptr(CareRecord) user = actor ? care_store_get (self->store, care_schema_lookup ("user"), actor, NULL) : NULL;

  return g_strdup (user ? care_record_get (user, "full_name") : NULL);
}

static void
confirm_clicked_cb (CareStockTakeView *self)
{
  g_autofree CareStockCountEntry *entries = g_new0 (CareStockCountEntry, MAX (self->lines->len, 1));
  g_autoptr(GPtrArray) counted_lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *who = NULL;
  g_autofree char *report = NULL;
  guint failed = G_MAXUINT;

  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);

      entries[i].batch_id = line->batch_id;
      entries[i].counted = counted (line);
      if (entries[i].counted == -2)
        {
          gtk_widget_add_css_class (GTK_WIDGET (line->entry), "error");
          gtk_widget_grab_focus (GTK_WIDGET (line->entry));
          show_error (self, _("Type the units counted as a whole number, 0 or more."));
          return;
        }
    }
  counted_lines = care_stock_take (self->store, entries, self->lines->len, &failed, &error);
  if (counted_lines == NULL)
    {
      const char *detail = care_rule_error_get_detail (error);

      if (failed < self->lines->len)
        {
          Line *line = g_ptr_array_index (self->lines, failed);

          gtk_widget_add_css_class (GTK_WIDGET (line->entry), "error");
          gtk_widget_grab_focus (GTK_WIDGET (line->entry));
        }
      show_error (self, detail ? detail : error->message);
      return;
    }
  who = counter_name (self);
  report = care_stock_take_report (counted_lines, who);
  gtk_label_set_text (self->report_label, report);
  gtk_widget_set_visible (self->report_box, TRUE);
  refresh (self);
}

static void
care_stock_take_view_dispose (GObject *object)
{
  CareStockTakeView *self = CARE_STOCK_TAKE_VIEW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_STOCK_TAKE_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (care_stock_take_view_parent_class)->dispose (object);
}

static void
care_stock_take_view_class_init (CareStockTakeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_stock_take_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/pharmacy/care-stock-take-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CareStockTakeView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CareStockTakeView, list);
  gtk_widget_class_bind_template_child (widget_class, CareStockTakeView, error_label);
  gtk_widget_class_bind_template_child (widget_class, CareStockTakeView, report_label);
  gtk_widget_class_bind_template_child (widget_class, CareStockTakeView, report_box);
  gtk_widget_class_bind_template_callback (widget_class, refresh);
  gtk_widget_class_bind_template_callback (widget_class, confirm_clicked_cb);
}

static void
care_stock_take_view_init (CareStockTakeView *self)
{
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
care_stock_take_view_new (CareStore *store)
{
  CareStockTakeView *self;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  self = g_object_new (CARE_TYPE_STOCK_TAKE_VIEW, NULL);
  self->store = g_object_ref (store);
  refresh (self);
  return GTK_WIDGET (self);
}
