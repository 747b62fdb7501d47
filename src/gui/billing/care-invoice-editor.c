/* care-invoice-editor.c: one invoice: its lines, totals, payments, actions
 *
 * Every change goes through care-billing (one store transaction each); the
 * editor only shows what the store holds and reloads after each action, so
 * what is on screen is what will print.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-invoice-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "care-billing.h"
#include "care-billing-print.h"
#include "care-invoice-document.h"
#include "care-invoice-editor.h"
#include "care-billing-statements.h"
#include "care-invoice-copy.h"
#include "care-pdf-preview.h"
#include "care-alert.h"

#define ITEM_ID_KEY "care-invoice-item-id"

struct _CareInvoiceEditor
{
  GtkWidget      parent_instance;

  CareSession   *session;
  CareRecord    *invoice;
  CareRecord    *patient;
  GPtrArray     *items;
  char          *editing_item_id;
  gulong         changed_id;
  /* Cancelled when the editor goes: slow work (issuing) then writes nothing. */
  GCancellable  *cancellable;
  GtkSpinner    *issue_spinner;

  GtkWidget     *scrolled;
  GtkLabel      *title;
  GtkLabel      *status;
  GtkLabel      *subtitle;
  GtkLabel      *error;
  GtkWidget     *draft_actions;
  GtkWidget     *issued_actions;
  GtkWidget     *void_button;
  GtkWidget     *reissue_button;
  GtkWidget     *pay_button;
  GtkDropDown   *copy_choice;
  GtkListBox    *lines;
  GtkWidget     *form;
  GtkDropDown   *kind;
  AdwEntryRow   *description;
  GtkSpinButton *quantity;
  AdwEntryRow   *unit_price;
  AdwEntryRow   *discount;
  AdwEntryRow   *tax_rate;
  GtkLabel      *line_preview;
  GtkWidget     *add_button;
  GtkWidget     *cancel_edit_button;
  GtkLabel      *totals[6];
  GtkListBox    *payments;
  GtkWidget     *payments_group;
};

G_DEFINE_FINAL_TYPE (CareInvoiceEditor, care_invoice_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const kinds[] = { "consultation", "procedure", "medicine", "lab_test", "bed_day", "other", NULL };

static CareStore *
store_of (CareInvoiceEditor *self)
{
  return care_session_get_store (self->session);
}

static const char *
currency_of (CareInvoiceEditor *self)
{
  return self->invoice ? care_record_get (self->invoice, "currency") : NULL;
}

static void
show_error (CareInvoiceEditor *self,
            const GError      *error)
{
  gtk_label_set_text (self->error, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error), error != NULL);
}

static GtkWindow *
parent_window (CareInvoiceEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))))
    gtk_list_box_remove (list, child);
}

static char *
money (CareInvoiceEditor *self,
       gint64             amount)
{
  return care_billing_format_money (amount, currency_of (self));
}

/* --- the add/edit form --------------------------------------------------- */

static void
reset_form (CareInvoiceEditor *self)
{
  g_clear_pointer (&self->editing_item_id, g_free);
  gtk_drop_down_set_selected (self->kind, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->description), "");
  gtk_spin_button_set_value (self->quantity, 1);
  gtk_editable_set_text (GTK_EDITABLE (self->unit_price), "");
  gtk_editable_set_text (GTK_EDITABLE (self->discount), "");
  gtk_editable_set_text (GTK_EDITABLE (self->tax_rate), "");
  gtk_button_set_label (GTK_BUTTON (self->add_button), _("_Add Line"));
  gtk_widget_set_visible (self->cancel_edit_button, FALSE);
}

/* The form as an unsaved invoice_item; FALSE with a message naming the field. */
static CareRecord *
form_item (CareInvoiceEditor *self,
           GError           **error)
{
  const CareEntity *entity = care_schema_lookup ("invoice_item");
  const char *price_text = gtk_editable_get_text (GTK_EDITABLE (self->unit_price));
  const char *discount_text = gtk_editable_get_text (GTK_EDITABLE (self->discount));
  const char *rate_text = gtk_editable_get_text (GTK_EDITABLE (self->tax_rate));
  g_autofree char *description = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->description))));
  gint64 price = 0, discount = 0;
  guint kind = gtk_drop_down_get_selected (self->kind);

  if (!care_billing_parse_money (price_text, currency_of (self), &price))
    {
      g_set_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_INVALID, _("%s: %s"),
                   _(care_entity_field (entity, "unit_price")->label), _("Enter an amount, for example 12.50."));
      return NULL;
    }
  if (discount_text[0] && !care_billing_parse_money (discount_text, currency_of (self), &discount))
    {
      g_set_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_INVALID, _("%s: %s"),
                   _(care_entity_field (entity, "discount")->label), _("Enter an amount, for example 12.50."));
      return NULL;
    }
  return care_billing_item_new (kinds[MIN (kind, G_N_ELEMENTS (kinds) - 2)],
                                description[0] ? description : NULL,
                                gtk_spin_button_get_value_as_int (self->quantity),
                                price, discount, rate_text[0] ? rate_text : NULL);
}

/* Live: what the line will come to, as it is typed. */
static void
update_line_preview (CareInvoiceEditor *self)
{
  g_autoptr(CareRecord) item = NULL;
  g_autoptr(CareRecord) clinic = NULL;
  g_autofree char *net = NULL;
  g_autofree char *text = NULL;
  gint64 rate = 0;

  if (self->invoice == NULL)
    return;
  item = form_item (self, NULL);
  if (item == NULL || !care_billing_compute_item (item, NULL))
    {
      gtk_label_set_text (self->line_preview, "");
      return;
    }
  if (care_record_get (item, "tax_rate") == NULL)
    {
      clinic = care_store_get_clinic (store_of (self));
      care_record_set (item, "tax_rate", clinic ? care_record_get (clinic, "tax_rate") : NULL);
    }
  care_billing_parse_rate (care_record_get (item, "tax_rate"), &rate);
  net = money (self, care_record_get_int (item, "line_total", 0));
  {
    g_autofree char *tax = money (self, care_billing_line_tax (care_record_get_int (item, "line_total", 0), rate));
    /* Translators: the live amount of the line being typed: net, then tax */
    text = g_strdup_printf (_("Line amount %s, tax %s"), net, tax);
  }
  gtk_label_set_text (self->line_preview, text);
}

static void
on_form_changed_cb (CareInvoiceEditor *self)
{
  update_line_preview (self);
}

static void
on_add_line_clicked_cb (CareInvoiceEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) item = form_item (self, &error);
  gboolean ok;

  if (item == NULL)
    {
      show_error (self, error);
      return;
    }
  if (self->editing_item_id)
    {
      g_autoptr(CareRecord) stored = care_store_get (store_of (self), care_schema_lookup ("invoice_item"),
                                                     self->editing_item_id, &error);
      static const char *const fields[] = { "kind", "description", "quantity", "unit_price", "discount", "tax_rate", NULL };

      ok = stored != NULL;
      if (ok)
        {
          for (guint i = 0; fields[i]; i++)
            care_record_set (stored, fields[i], care_record_get (item, fields[i]));
          ok = care_billing_update_item (store_of (self), stored, &error);
        }
    }
  else
    ok = care_billing_add_item (store_of (self), care_record_get_id (self->invoice), item, &error);

  show_error (self, ok ? NULL : error);
  if (ok)
    {
      reset_form (self);
      care_invoice_editor_reload (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->description));
    }
}

static void
on_line_activated_cb (CareInvoiceEditor *self,
                      GtkListBoxRow     *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), ITEM_ID_KEY);

  if (id == NULL || !care_billing_is_editable (self->invoice))
    return;
  for (guint i = 0; i < self->items->len; i++)
    {
      CareRecord *item = g_ptr_array_index (self->items, i);
      g_autofree char *price = NULL;
      g_autofree char *discount = NULL;

      if (!g_str_equal (care_record_get_id (item), id))
        continue;
      g_free (self->editing_item_id);
      self->editing_item_id = g_strdup (id);
      for (guint k = 0; kinds[k]; k++)
        if (g_strcmp0 (kinds[k], care_record_get (item, "kind")) == 0)
          gtk_drop_down_set_selected (self->kind, k);
      gtk_editable_set_text (GTK_EDITABLE (self->description), care_record_get (item, "description"));
      gtk_spin_button_set_value (self->quantity, care_record_get_int (item, "quantity", 1));
      price = care_billing_format_amount (care_record_get_int (item, "unit_price", 0), currency_of (self));
      gtk_editable_set_text (GTK_EDITABLE (self->unit_price), price);
      discount = care_record_get_int (item, "discount", 0)
                 ? care_billing_format_amount (care_record_get_int (item, "discount", 0), currency_of (self))
                 : g_strdup ("");
      gtk_editable_set_text (GTK_EDITABLE (self->discount), discount);
      gtk_editable_set_text (GTK_EDITABLE (self->tax_rate),
                             care_record_get (item, "tax_rate") ? care_record_get (item, "tax_rate") : "");
      gtk_button_set_label (GTK_BUTTON (self->add_button), _("_Save Line"));
      gtk_widget_set_visible (self->cancel_edit_button, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->description));
    }
}

static void
on_remove_line_clicked_cb (GtkButton         *button,
                           CareInvoiceEditor *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), ITEM_ID_KEY);
  g_autoptr(GError) error = NULL;

  if (!care_billing_remove_item (store_of (self), id, &error))
    show_error (self, error);
  else
    {
      if (g_strcmp0 (id, self->editing_item_id) == 0)
        reset_form (self);
      care_invoice_editor_reload (self);
    }
}

/* --- showing ---------------------------------------------------------------- */

static GtkWidget *
line_row (CareInvoiceEditor *self,
          CareRecord        *item,
          guint              index)
{
  const CareEntity *entity = care_schema_lookup ("invoice_item");
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_markup_escape_text (care_record_get (item, "description"), -1);
  g_autofree char *price = money (self, care_record_get_int (item, "unit_price", 0));
  g_autofree char *discount = money (self, care_record_get_int (item, "discount", 0));
  g_autofree char *amount = money (self, care_record_get_int (item, "line_total", 0));
  g_autofree char *subtitle = NULL;
  g_autofree char *name = g_strdup_printf ("invoice-line-%u", index);
  GtkWidget *amount_label = gtk_label_new (amount);

  /* Translators: an invoice line: kind · quantity × price · tax rate */
  subtitle = g_strdup_printf (_("%s · %s × %s · tax %s%%"),
                              care_field_choice_label (care_entity_field (entity, "kind"), care_record_get (item, "kind")),
                              care_record_get (item, "quantity"), price,
                              care_record_get (item, "tax_rate") ? care_record_get (item, "tax_rate") : "0");
  if (care_record_get_int (item, "discount", 0) > 0)
    {
      /* Translators: appended to an invoice line's details */
      g_autofree char *with = g_strdup_printf (_("%s · discount %s"), subtitle, discount);
      g_free (subtitle);
      subtitle = g_steal_pointer (&with);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, name);
  g_object_set_data_full (G_OBJECT (row), ITEM_ID_KEY, g_strdup (care_record_get_id (item)), g_free);
  gtk_widget_add_css_class (amount_label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount_label);
  if (care_billing_is_editable (self->invoice))
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove Line"));
      g_object_set_data_full (G_OBJECT (remove), ITEM_ID_KEY, g_strdup (care_record_get_id (item)), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_line_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Edit this line"));
    }
  return row;
}

static void
on_receipt_clicked_cb (GtkButton         *button,
                       CareInvoiceEditor *self)
{
  care_billing_show_receipt (parent_window (self), store_of (self),
                             g_object_get_data (G_OBJECT (button), "payment-id"), self->cancellable);
}

/* The payment's receipt, drawn in a worker and shown in the preview. */
static GtkWidget *
receipt_button (CareInvoiceEditor *self,
                CareRecord        *payment)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Receipt"));
  /* Translators: %s is a receipt number */
  g_autofree char *name = g_strdup_printf (_("Receipt %s"), care_record_get (payment, "receipt_number"));

  gtk_widget_set_name (button, "payment-receipt");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Preview, print or export this payment's receipt"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (button), "payment-id", g_strdup (care_record_get_id (payment)), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_receipt_clicked_cb), self);
  return button;
}

void
care_invoice_editor_reload (CareInvoiceEditor *self)
{
  const CareEntity *invoice_entity = care_schema_lookup ("invoice");
  const CareEntity *payment_entity = care_schema_lookup ("payment");
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *patient_name = NULL;
  g_autofree char *subtitle = NULL;
  CareInvoiceTotals totals;
  const char *status, *number;
  gboolean draft;
  char *old_id;

  g_return_if_fail (CARE_IS_INVOICE_EDITOR (self));

  if (self->invoice == NULL)
    return;
  old_id = g_strdup (care_record_get_id (self->invoice));
  g_clear_pointer (&self->invoice, care_record_unref);
  self->invoice = care_store_get (store_of (self), invoice_entity, old_id, &error);
  g_free (old_id);
  if (self->invoice == NULL)
    {
      gtk_widget_set_visible (self->scrolled, FALSE);
      return;
    }
  gtk_widget_set_visible (self->scrolled, TRUE);

  g_clear_pointer (&self->patient, care_record_unref);
  self->patient = care_store_get (store_of (self), care_schema_lookup ("patient"),
                                  care_record_get (self->invoice, "patient_id"), NULL);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = care_billing_list_items (store_of (self), care_record_get_id (self->invoice), NULL);
  if (self->items == NULL)
    self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);

  status = care_record_get (self->invoice, "status");
  number = care_record_get (self->invoice, "number");
  draft = care_billing_is_editable (self->invoice);

  {
    /* Translators: %s is an invoice number */
    g_autofree char *label = care_billing_dup_label (self->invoice);
    g_autofree char *title = number ? g_strdup_printf (_("Invoice %s"), number) : g_steal_pointer (&label);
    gtk_label_set_text (self->title, title);
  }
  gtk_label_set_text (self->status, care_field_choice_label (care_entity_field (invoice_entity, "status"), status));
  gtk_widget_remove_css_class (GTK_WIDGET (self->status), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
  if (g_strcmp0 (status, "paid") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->status), "success");
  else if (g_strcmp0 (status, "void") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
  else if (!draft)
    gtk_widget_add_css_class (GTK_WIDGET (self->status), "warning");

  /* Isolated, so a right-to-left name does not reorder the rest of the line. */
  {
    g_autofree char *title = self->patient ? care_record_dup_title (self->patient) : g_strdup ("");
    patient_name = g_strdup_printf ("\u2068%s\u2069", title);
  }
  if (care_record_get (self->invoice, "issued_on"))
    /* Translators: patient · MRN · issue date */
    subtitle = g_strdup_printf (_("%s · %s · issued %s"), patient_name,
                                self->patient && care_record_get (self->patient, "mrn") ? care_record_get (self->patient, "mrn") : "—",
                                care_record_get (self->invoice, "issued_on"));
  else
    subtitle = g_strdup_printf ("%s · %s", patient_name,
                                self->patient && care_record_get (self->patient, "mrn") ? care_record_get (self->patient, "mrn") : "—");
  if (g_strcmp0 (status, "void") == 0 && care_record_get (self->invoice, "void_reason"))
    {
      /* Translators: %s is why the invoice was voided */
      g_autofree char *with = g_strdup_printf (_("%s\nVoid: %s"), subtitle, care_record_get (self->invoice, "void_reason"));
      g_free (subtitle);
      subtitle = g_steal_pointer (&with);
    }
  gtk_label_set_text (self->subtitle, subtitle);

  gtk_widget_set_visible (self->draft_actions, draft);
  gtk_widget_set_visible (self->form, draft);
  gtk_widget_set_visible (self->issued_actions, !draft);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_choice), !draft);
  gtk_widget_set_sensitive (self->pay_button, g_strcmp0 (status, "issued") == 0 || g_strcmp0 (status, "partially_paid") == 0);
  gtk_widget_set_sensitive (self->void_button, g_strcmp0 (status, "issued") == 0);
  gtk_widget_set_sensitive (self->reissue_button, g_strcmp0 (status, "issued") == 0);

  clear_list (self->lines);
  for (guint i = 0; i < self->items->len; i++)
    gtk_list_box_append (self->lines, line_row (self, g_ptr_array_index (self->items, i), i));
  if (self->items->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No lines yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Add the visit’s items or type a line below."));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->lines, row);
    }

  care_billing_compute_totals (self->items, &totals);
  {
    gint64 paid = care_record_get_int (self->invoice, "paid_total", 0);
    gint64 values[6] = { totals.subtotal, -totals.discount_total, totals.tax_total, totals.total,
                         paid, g_strcmp0 (status, "void") == 0 ? 0 : totals.total - paid };

    for (guint i = 0; i < 6; i++)
      {
        g_autofree char *text = money (self, values[i]);
        gtk_label_set_text (self->totals[i], text);
      }
  }

  clear_list (self->payments);
  payments = care_billing_list_payments (store_of (self), care_record_get_id (self->invoice), NULL);
  gtk_widget_set_visible (self->payments_group, payments && payments->len > 0);
  for (guint i = 0; payments && i < payments->len; i++)
    {
      CareRecord *payment = g_ptr_array_index (payments, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *amount = money (self, care_record_get_int (payment, "amount", 0));
      g_autofree char *title = g_strdup_printf ("%s · %s", amount,
                                                care_field_choice_label (care_entity_field (payment_entity, "method"),
                                                                         care_record_get (payment, "method")));
      g_autofree char *sub = g_strdup_printf ("%s · %.10s%s%s", care_record_get (payment, "receipt_number"),
                                              care_record_get (payment, "received_at"),
                                              care_record_get (payment, "reference") ? " · " : "",
                                              care_record_get (payment, "reference") ? care_record_get (payment, "reference") : "");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), receipt_button (self, payment));
      gtk_list_box_append (self->payments, row);
    }
  update_line_preview (self);
}

void
care_invoice_editor_set_invoice_id (CareInvoiceEditor *self,
                                    const char        *invoice_id)
{
  g_return_if_fail (CARE_IS_INVOICE_EDITOR (self));

  if (self->invoice && g_strcmp0 (care_record_get_id (self->invoice), invoice_id) == 0)
    return;
  g_clear_pointer (&self->invoice, care_record_unref);
  show_error (self, NULL);
  reset_form (self);
  /* Another invoice: back to what a patient asking today should get. */
  gtk_drop_down_set_selected (self->copy_choice, 0);
  if (invoice_id)
    {
      self->invoice = care_record_new (care_schema_lookup ("invoice"));
      care_record_set (self->invoice, CARE_COLUMN_ID, invoice_id);
      care_invoice_editor_reload (self);
    }
  else
    gtk_widget_set_visible (self->scrolled, FALSE);
}

const char *
care_invoice_editor_get_invoice_id (CareInvoiceEditor *self)
{
  g_return_val_if_fail (CARE_IS_INVOICE_EDITOR (self), NULL);
  return self->invoice ? care_record_get_id (self->invoice) : NULL;
}

/* --- actions -------------------------------------------------------------------- */

static void
add_visit_items (CareInvoiceEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) proposed = NULL;
  guint added = 0;

  proposed = care_billing_billable_items (store_of (self), care_record_get (self->invoice, "patient_id"),
                                          care_record_get (self->invoice, "appointment_id"), &error);
  if (proposed == NULL)
    {
      show_error (self, error);
      return;
    }
  if (!care_store_begin (store_of (self), &error))
    {
      show_error (self, error);
      return;
    }
  for (guint i = 0; i < proposed->len; i++)
    {
      if (!care_billing_add_item (store_of (self), care_record_get_id (self->invoice),
                                  g_ptr_array_index (proposed, i), &error))
        {
          care_store_rollback (store_of (self));
          show_error (self, error);
          return;
        }
      added++;
    }
  if (!care_store_commit (store_of (self), &error))
    {
      show_error (self, error);
      return;
    }
  if (added == 0)
    {
      g_autoptr(GError) info = g_error_new_literal (CARE_BILLING_ERROR, CARE_BILLING_ERROR_INVALID,
                                                    _("Nothing recorded for this patient is waiting to be billed."));
      show_error (self, info);
    }
  else
    show_error (self, NULL);
  care_invoice_editor_reload (self);
}

/* What a copy is fetched for. */
typedef enum {
  COPY_FOR_PREVIEW,
  COPY_FOR_PRINT,
  COPY_FOR_EXPORT,
} CopyUse;

/* Named when asked for: the editor may show another invoice by the time
 * the copy is ready. */
typedef struct {
  CareInvoiceEditor *editor;
  CopyUse            use;
  char              *title;
  char              *file_name;
} CopyRequest;

static void
copy_request_free (CopyRequest *request)
{
  g_object_unref (request->editor);
  g_free (request->title);
  g_free (request->file_name);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CopyRequest, copy_request_free)

static CareInvoiceCopy
chosen_copy (CareInvoiceEditor *self)
{
  /* A draft has no original: its preview is drawn now. */
  if (care_record_get (self->invoice, "number") == NULL)
    return CARE_INVOICE_COPY_CURRENT;
  return gtk_drop_down_get_selected (self->copy_choice) == 1 ? CARE_INVOICE_COPY_ORIGINAL : CARE_INVOICE_COPY_CURRENT;
}

static void
on_copy_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CopyRequest) request = user_data;
  CareInvoiceEditor *self = request->editor;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = care_invoice_copy_load_finish (CARE_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->invoice == NULL)
    return;
  if (pdf == NULL)
    {
      show_error (self, error);
      return;
    }
  if (request->use == COPY_FOR_PREVIEW)
    gtk_window_present (GTK_WINDOW (care_pdf_preview_new (parent_window (self), pdf, request->title, request->file_name)));
  else if (request->use == COPY_FOR_EXPORT)
    care_billing_export_pdf (parent_window (self), pdf, request->file_name);
  else if (care_billing_print_pdf (parent_window (self), pdf, request->title,
                                   GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, &error)
           == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (self, error);
}

/* The copy is drawn (or read from the archive) in a worker; what it is
 * for happens when it is ready, if the editor is still there. */
static void
use_copy (CareInvoiceEditor *self,
          CopyUse            use)
{
  CareInvoiceCopy copy = chosen_copy (self);
  CopyRequest *request = g_new0 (CopyRequest, 1);

  request->editor = g_object_ref (self);
  request->use = use;
  request->title = care_invoice_copy_title (self->invoice, copy);
  request->file_name = care_invoice_copy_file_name (self->invoice, copy);
  care_invoice_copy_load_async (store_of (self), care_record_get_id (self->invoice), copy,
                                self->cancellable, on_copy_loaded_cb, request);
}

/* Issuing draws the PDF in a worker: the editor says it is busy and takes
 * no other change to the draft meanwhile. */
static void
set_issuing (CareInvoiceEditor *self,
             gboolean           issuing)
{
  gtk_spinner_set_spinning (self->issue_spinner, issuing);
  gtk_widget_set_visible (GTK_WIDGET (self->issue_spinner), issuing);
  for (GtkWidget *child = gtk_widget_get_first_child (self->draft_actions); child; child = gtk_widget_get_next_sibling (child))
    if (child != GTK_WIDGET (self->issue_spinner))
      gtk_widget_set_sensitive (child, !issuing);
  gtk_widget_set_sensitive (self->form, !issuing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->lines), !issuing);
}

static void
on_issued_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CareInvoiceEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean issued = care_invoice_document_issue_finish (CARE_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_issuing (self, FALSE);
  show_error (self, issued ? NULL : error);
  care_invoice_editor_reload (self);
}

static void
on_issue_response_cb (GtkWidget         *dialog,
                      const char        *response,
                      CareInvoiceEditor *self)
{
  if (!g_str_equal (response, "issue"))
    return;
  set_issuing (self, TRUE);
  care_invoice_document_issue_async (store_of (self), care_record_get_id (self->invoice),
                                     self->cancellable, on_issued_cb, g_object_ref (self));
}

static void
on_void_response_cb (GtkWidget         *dialog,
                     const char        *response,
                     CareInvoiceEditor *self)
{
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "void"))
    {
      if (!care_billing_void (store_of (self), care_record_get_id (self->invoice), gtk_editable_get_text (reason), &error))
        show_error (self, error);
      else
        show_error (self, NULL);
      care_invoice_editor_reload (self);
    }
  else if (g_str_equal (response, "reissue"))
    {
      g_autoptr(CareRecord) draft = care_billing_void_and_reissue (store_of (self), care_record_get_id (self->invoice),
                                                                   gtk_editable_get_text (reason), &error);
      if (draft == NULL)
        {
          show_error (self, error);
          care_invoice_editor_reload (self);
        }
      else
        {
          care_invoice_editor_set_invoice_id (self, care_record_get_id (draft));
          gtk_widget_activate_action (GTK_WIDGET (self), "billing.select-invoice", "s", care_record_get_id (draft));
        }
    }
}

static void
ask_void (CareInvoiceEditor *self,
          gboolean           reissue)
{
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();

  dialog = care_alert_new (reissue ? _("Void and Reissue?") : _("Void Invoice?"),
                           reissue
                           ? _("The invoice stays on record as void and a new draft with the same lines opens, to correct and issue.")
                           : _("The invoice stays on record as void; it can no longer be paid."));
  gtk_widget_set_name (dialog, "void-dialog");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, for example “wrong patient”"));
  gtk_widget_set_name (entry, "void-reason");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  care_alert_set_extra_child (dialog, entry);
  g_object_set_data (G_OBJECT (dialog), "reason", entry);
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog,
                           reissue ? "reissue" : "void",
                           reissue ? _("Void and _Reissue") : _("_Void"),
                           CARE_ALERT_DESTRUCTIVE);
  care_alert_set_default_response (dialog, reissue ? "reissue" : "void");
  care_alert_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_void_response_cb), self);
  care_alert_present (dialog, GTK_WIDGET (self));
}

static void
on_payment_response_cb (GtkWidget         *dialog,
                        const char        *response,
                        CareInvoiceEditor *self)
{
  static const char *const methods[] = { "cash", "card", "insurance", "transfer" };
  GtkEditable *amount_entry = g_object_get_data (G_OBJECT (dialog), "amount");
  GtkEditable *reference = g_object_get_data (G_OBJECT (dialog), "reference");
  GtkDropDown *method = g_object_get_data (G_OBJECT (dialog), "method");
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) payment = NULL;
  gint64 amount;

  if (!g_str_equal (response, "record"))
    return;
  if (!care_billing_parse_money (gtk_editable_get_text (amount_entry), currency_of (self), &amount))
    {
      g_set_error (&error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_INVALID, _("%s: %s"), _("Amount"),
                   _("Enter an amount, for example 12.50."));
      show_error (self, error);
      return;
    }
  payment = care_billing_record_payment (store_of (self), care_record_get_id (self->invoice), amount,
                                         methods[MIN (gtk_drop_down_get_selected (method), 3)],
                                         gtk_editable_get_text (reference), &error);
  show_error (self, payment ? NULL : error);
  care_invoice_editor_reload (self);
}

static void
ask_payment (CareInvoiceEditor *self)
{
  const char *const method_labels[] = { _("Cash"), _("Card"), _("Insurance"), _("Bank transfer"), NULL };
  g_autofree char *balance = care_billing_format_amount (care_billing_balance_due (self->invoice), currency_of (self));
  g_autofree char *balance_money = money (self, care_billing_balance_due (self->invoice));
  /* Translators: %s is the amount still to pay */
  g_autofree char *body = g_strdup_printf (_("Balance due: %s"), balance_money);
  GtkWidget *dialog = care_alert_new (_("Record Payment"), body);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *amount = adw_entry_row_new ();
  GtkWidget *method_row = adw_action_row_new ();
  GtkWidget *method = gtk_drop_down_new_from_strings (method_labels);
  GtkWidget *reference = adw_entry_row_new ();

  gtk_widget_set_name (dialog, "payment-dialog");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (amount), _("Amount"));
  gtk_editable_set_text (GTK_EDITABLE (amount), balance);
  gtk_widget_set_name (amount, "payment-amount");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (method_row), _("Method"));
  gtk_widget_set_valign (method, GTK_ALIGN_CENTER);
  gtk_widget_set_name (method, "payment-method");
  adw_action_row_add_suffix (ADW_ACTION_ROW (method_row), method);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reference), _("Reference (card slip, transfer or claim number)"));
  gtk_widget_set_name (reference, "payment-reference");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), amount);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), method_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), reference);
  gtk_box_append (GTK_BOX (box), group);
  care_alert_set_extra_child (dialog, box);
  g_object_set_data (G_OBJECT (dialog), "amount", amount);
  g_object_set_data (G_OBJECT (dialog), "method", method);
  g_object_set_data (G_OBJECT (dialog), "reference", reference);
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "record", _("_Record Payment"), CARE_ALERT_SUGGESTED);
  care_alert_set_default_response (dialog, "record");
  care_alert_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_payment_response_cb), self);
  care_alert_present (dialog, GTK_WIDGET (self));
}

static void
on_delete_response_cb (GtkWidget         *dialog,
                       const char        *response,
                       CareInvoiceEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "delete"))
    return;
  if (!care_billing_delete_draft (store_of (self), care_record_get_id (self->invoice), &error))
    show_error (self, error);
  else
    care_invoice_editor_set_invoice_id (self, NULL);
}

static void
on_action_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CareInvoiceEditor *self = CARE_INVOICE_EDITOR (widget);

  if (self->invoice == NULL)
    return;
  if (g_str_equal (action_name, "invoice.add-visit-items"))
    add_visit_items (self);
  else if (g_str_equal (action_name, "invoice.issue"))
    {
      g_autofree char *body = care_billing_describe_issue (store_of (self), self->invoice);
      GtkWidget *dialog = care_alert_new (_("Issue Invoice?"), body);

      gtk_widget_set_name (dialog, "issue-dialog");
      care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
      care_alert_add_response (dialog, "issue", _("_Issue"), CARE_ALERT_SUGGESTED);
      care_alert_set_default_response (dialog, "issue");
      care_alert_set_close_response (dialog, "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (on_issue_response_cb), self);
      care_alert_present (dialog, GTK_WIDGET (self));
    }
  else if (g_str_equal (action_name, "invoice.delete"))
    {
      GtkWidget *dialog = care_alert_new (_("Delete Draft?"),
                                          _("The draft and its lines are removed. Issued invoices are never deleted."));

      care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
      care_alert_add_response (dialog, "delete", _("_Delete"), CARE_ALERT_DESTRUCTIVE);
      care_alert_set_close_response (dialog, "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (on_delete_response_cb), self);
      care_alert_present (dialog, GTK_WIDGET (self));
    }
  else if (g_str_equal (action_name, "invoice.pay"))
    ask_payment (self);
  else if (g_str_equal (action_name, "invoice.void"))
    ask_void (self, FALSE);
  else if (g_str_equal (action_name, "invoice.reissue"))
    ask_void (self, TRUE);
  else if (g_str_equal (action_name, "invoice.statement"))
    care_billing_ask_statement (parent_window (self), store_of (self),
                                care_record_get (self->invoice, "patient_id"), self->cancellable);
  else if (g_str_equal (action_name, "invoice.preview"))
    use_copy (self, COPY_FOR_PREVIEW);
  else if (g_str_equal (action_name, "invoice.print"))
    use_copy (self, COPY_FOR_PRINT);
  else if (g_str_equal (action_name, "invoice.page-setup"))
    care_billing_page_setup (parent_window (self));
  else if (g_str_equal (action_name, "invoice.export"))
    use_copy (self, COPY_FOR_EXPORT);
}

/* --- construction ---------------------------------------------------------------- */

static void
on_store_changed_cb (CareStore         *store,
                     const char        *entity,
                     const char        *id,
                     CareInvoiceEditor *self)
{
  /* Another part of the app (or sync) changed this invoice. */
  if (self->invoice && g_str_equal (entity, "invoice") &&
      (id == NULL || g_strcmp0 (id, care_record_get_id (self->invoice)) == 0))
    care_invoice_editor_reload (self);
}

static void
care_invoice_editor_constructed (GObject *object)
{
  CareInvoiceEditor *self = CARE_INVOICE_EDITOR (object);

  G_OBJECT_CLASS (care_invoice_editor_parent_class)->constructed (object);
  self->changed_id = g_signal_connect (store_of (self), "changed", G_CALLBACK (on_store_changed_cb), self);
}

static void
care_invoice_editor_dispose (GObject *object)
{
  CareInvoiceEditor *self = CARE_INVOICE_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session)
    g_clear_signal_handler (&self->changed_id, store_of (self));
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_INVOICE_EDITOR);
  g_clear_object (&self->session);
  g_clear_pointer (&self->invoice, care_record_unref);
  g_clear_pointer (&self->patient, care_record_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->editing_item_id, g_free);

  G_OBJECT_CLASS (care_invoice_editor_parent_class)->dispose (object);
}

static void
care_invoice_editor_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CareInvoiceEditor *self = CARE_INVOICE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_invoice_editor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CareInvoiceEditor *self = CARE_INVOICE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_invoice_editor_class_init (CareInvoiceEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *const actions[] = {
    "invoice.add-visit-items", "invoice.issue", "invoice.delete", "invoice.pay", "invoice.void",
    "invoice.reissue", "invoice.preview", "invoice.print", "invoice.page-setup", "invoice.export",
    "invoice.statement",
  };

  object_class->constructed = care_invoice_editor_constructed;
  object_class->dispose = care_invoice_editor_dispose;
  object_class->set_property = care_invoice_editor_set_property;
  object_class->get_property = care_invoice_editor_get_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CARE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, on_action_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/billing/care-invoice-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, scrolled);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, title);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, status);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, subtitle);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, error);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, draft_actions);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, issue_spinner);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, issued_actions);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, pay_button);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, copy_choice);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, reissue_button);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, void_button);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, lines);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, form);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, kind);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, description);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, quantity);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, unit_price);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, discount);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, tax_rate);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, line_preview);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, add_button);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, cancel_edit_button);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, payments);
  gtk_widget_class_bind_template_child (widget_class, CareInvoiceEditor, payments_group);
  for (guint i = 0; i < G_N_ELEMENTS (((CareInvoiceEditor *) NULL)->totals); i++)
    {
      g_autofree char *id = g_strdup_printf ("total_%u", i);

      gtk_widget_class_bind_template_child_full (widget_class, id, FALSE,
                                                 G_STRUCT_OFFSET (CareInvoiceEditor, totals) + i * sizeof (GtkLabel *));
    }
  gtk_widget_class_bind_template_callback (widget_class, on_line_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_line_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_form);
}

static void
care_invoice_editor_init (CareInvoiceEditor *self)
{
  const CareField *kind = care_entity_field (care_schema_lookup ("invoice_item"), "kind");
  g_autoptr(GtkStringList) kind_labels = gtk_string_list_new (NULL);
  const char *const copy_labels_strv[] = { care_invoice_copy_label (CARE_INVOICE_COPY_CURRENT),
                                           care_invoice_copy_label (CARE_INVOICE_COPY_ORIGINAL), NULL };
  g_autoptr(GtkStringList) copy_labels = gtk_string_list_new (copy_labels_strv);

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The kinds' names come from the data model, translated there. */
  for (guint i = 0; kinds[i]; i++)
    gtk_string_list_append (kind_labels, care_field_choice_label (kind, kinds[i]));
  gtk_drop_down_set_model (self->kind, G_LIST_MODEL (kind_labels));
  gtk_drop_down_set_model (self->copy_choice, G_LIST_MODEL (copy_labels));
}

GtkWidget *
care_invoice_editor_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);
  return g_object_new (CARE_TYPE_INVOICE_EDITOR, "session", session, NULL);
}
