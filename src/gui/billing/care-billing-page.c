/* care-billing-page.c: invoices and payments (reception and administrators)
 *
 * Left: the invoice list, filtered in SQL by status, date range and a
 * patient (name, MRN) or invoice number search. Right: the invoice editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-billing-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-a11y.h"
#include "care-billing.h"
#include "care-billing-page.h"
#include "care-invoice-editor.h"
#include "care-invoice-list-model.h"
#include "care-list-bin.h"
#include "care-alert.h"

#define PATIENT_ID_KEY "care-billing-patient-id"

struct _CareBillingPage
{
  CarePage              parent_instance;

  CareInvoiceListModel *model;
  GtkSingleSelection   *selection;

  GtkSearchEntry       *search;
  GtkDropDown          *status;
  GtkEntry             *from;
  GtkEntry             *to;
  GtkLabel             *count;
  GtkListView          *list;
  GtkStack             *stack;
  CareInvoiceEditor    *editor;
  guint                 search_timeout;
};

G_DEFINE_FINAL_TYPE (CareBillingPage, care_billing_page, CARE_TYPE_PAGE)

static const char *const status_filters[] = { NULL, "open", "draft", "issued", "partially_paid", "paid", "void" };

static CareStore *
store_of (CareBillingPage *self)
{
  return care_page_get_store (CARE_PAGE (self));
}

/* "2026-11-21" or "" → canonical date or NULL; invalid dates are ignored
 * (and the entry marked). */
static char *
date_filter (GtkEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *iso = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  if (text[0] == '\0')
    return NULL;
  iso = g_strdup_printf ("%sT00:00:00Z", text);
  parsed = g_date_time_new_from_iso8601 (iso, NULL);
  if (parsed == NULL || strlen (text) != 10)
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      return NULL;
    }
  return g_strdup (text);
}

/* Follows the model, which also reloads when the store changes or the
 * signed-in session's store arrives: the first time the page opened it
 * said "0 invoices" above a full list. */
static void
update_count (CareBillingPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice", "%u invoices", n), n);

  gtk_label_set_text (self->count, count);
}

static void
apply_filter (CareBillingPage *self)
{
  g_autofree char *from = date_filter (self->from);
  g_autofree char *to = date_filter (self->to);
  guint status = gtk_drop_down_get_selected (self->status);
  CareInvoiceFilter filter = {
    .status = status < G_N_ELEMENTS (status_filters) ? status_filters[status] : NULL,
    .from = from,
    .to = to,
    .search = gtk_editable_get_text (GTK_EDITABLE (self->search)),
  };

  care_invoice_list_model_set_filter (self->model, &filter);
}

static gboolean
search_timeout_cb (gpointer data)
{
  CareBillingPage *self = data;

  self->search_timeout = 0;
  apply_filter (self);
  return G_SOURCE_REMOVE;
}

static void
on_filter_changed_cb (CareBillingPage *self)
{
  /* Typing: wait for a pause, so each keystroke does not query. */
  g_clear_handle_id (&self->search_timeout, g_source_remove);
  self->search_timeout = g_timeout_add (150, search_timeout_cb, self);
}

static void
on_selection_changed_cb (CareBillingPage *self)
{
  CareInvoiceItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item == NULL)
    return;
  care_invoice_editor_set_invoice_id (self->editor, care_record_get_id (care_invoice_item_get_invoice (item)));
  gtk_stack_set_visible_child_name (self->stack, "editor");
}

void
care_billing_page_open_invoice (CareBillingPage *self,
                                const char      *invoice_id)
{
  int position;

  g_return_if_fail (CARE_IS_BILLING_PAGE (self));

  /* Make sure the list shows it: a new invoice may be hidden by a filter. */
  position = care_invoice_list_model_find (self->model, invoice_id);
  if (position < 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search), "");
      gtk_drop_down_set_selected (self->status, 0);
      gtk_editable_set_text (GTK_EDITABLE (self->from), "");
      gtk_editable_set_text (GTK_EDITABLE (self->to), "");
      g_clear_handle_id (&self->search_timeout, g_source_remove);
      apply_filter (self);
      for (guint i = 0; i < MIN (g_list_model_get_n_items (G_LIST_MODEL (self->model)), 200) && position < 0; i++)
        {
          g_autoptr(CareInvoiceItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), i);
          if (g_strcmp0 (care_record_get_id (care_invoice_item_get_invoice (item)), invoice_id) == 0)
            position = i;
        }
    }
  if (position >= 0)
    gtk_single_selection_set_selected (self->selection, position);
  care_invoice_editor_set_invoice_id (self->editor, invoice_id);
  gtk_stack_set_visible_child_name (self->stack, "editor");
}

GListModel *
care_billing_page_get_model (CareBillingPage *self)
{
  g_return_val_if_fail (CARE_IS_BILLING_PAGE (self), NULL);
  return G_LIST_MODEL (self->model);
}

/* --- rows ------------------------------------------------------------------- */

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *amount = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_add_css_class (amount, "numeric");
  gtk_widget_set_valign (amount, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), amount);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  CareInvoiceItem *item = gtk_list_item_get_item (list_item);
  CareRecord *invoice = care_invoice_item_get_invoice (item);
  CareRecord *patient = care_invoice_item_get_patient (item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *texts = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_first_child (texts);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  GtkWidget *amount = gtk_widget_get_next_sibling (texts);
  const char *status = care_record_get (invoice, "status");
  g_autofree char *name = care_record_dup_title (patient);
  g_autofree char *title_text = NULL;
  g_autofree char *subtitle_text = NULL;
  g_autofree char *total = care_billing_format_money (care_record_get_int (invoice, "total", 0),
                                                      care_record_get (invoice, "currency"));
  const char *day = care_record_get (invoice, "issued_on");
  g_autofree char *created = g_strndup (care_record_get (invoice, CARE_COLUMN_CREATED_AT), 10);
  g_autofree char *label = care_billing_dup_label (invoice);

  title_text = g_strdup_printf ("%s · \u2068%s\u2069", label, name);
  subtitle_text = g_strdup_printf ("%s · %s · %s",
                                   care_field_choice_label (care_entity_field (care_schema_lookup ("invoice"), "status"), status),
                                   day ? day : created,
                                   care_record_get (patient, "mrn") ? care_record_get (patient, "mrn") : "—");
  gtk_label_set_text (GTK_LABEL (title), title_text);
  gtk_label_set_text (GTK_LABEL (subtitle), subtitle_text);
  gtk_label_set_text (GTK_LABEL (amount), total);
  {
    g_autofree char *spoken = g_strdup_printf ("%s, %s, %s", title_text, subtitle_text, total);

    care_a11y_name_list_row (box, spoken);
  }
  gtk_widget_set_opacity (box, g_strcmp0 (status, "void") == 0 ? 0.55 : 1.0);
}

/* --- new invoice ------------------------------------------------------------- */

static void
fill_patient_matches (GtkListBox *list,
                      CareStore  *store,
                      const char *text)
{
  g_autoptr(GPtrArray) patients = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))))
    gtk_list_box_remove (list, child);
  patients = care_store_search_patients (store, text, 12, NULL);
  for (guint i = 0; patients && i < patients->len; i++)
    {
      CareRecord *patient = g_ptr_array_index (patients, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *name = care_record_dup_title (patient);
      g_autofree char *escaped = g_markup_escape_text (name, -1);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s",
                                                   care_record_get (patient, "mrn") ? care_record_get (patient, "mrn") : "—",
                                                   care_record_get (patient, "date_of_birth"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_object_set_data_full (G_OBJECT (row), PATIENT_ID_KEY, g_strdup (care_record_get_id (patient)), g_free);
      gtk_list_box_append (list, row);
    }
}

static void
on_patient_search_changed_cb (GtkSearchEntry *entry,
                              GtkListBox     *list)
{
  CareStore *store = g_object_get_data (G_OBJECT (list), "store");
  fill_patient_matches (list, store, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_patient_selected_cb (GtkListBox       *list,
                        GtkListBoxRow    *row,
                        GtkWidget        *dialog)
{
  care_alert_set_response_enabled (dialog, "create", row != NULL);
}

static void
on_new_invoice_response_cb (GtkWidget        *dialog,
                            const char       *response,
                            CareBillingPage  *self)
{
  GtkListBox *list = g_object_get_data (G_OBJECT (dialog), "list");
  GtkListBoxRow *row = gtk_list_box_get_selected_row (list);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) invoice = NULL;

  if (!g_str_equal (response, "create") || row == NULL)
    return;
  invoice = care_billing_create_invoice (store_of (self), g_object_get_data (G_OBJECT (row), PATIENT_ID_KEY), NULL, &error);
  if (invoice == NULL)
    {
      GtkWidget *message = care_alert_new (_("The Invoice Could Not Be Created"), error->message);
      care_alert_add_response (message, "close", _("_Close"), CARE_ALERT_DEFAULT);
      care_alert_present (message, GTK_WIDGET (self));
      return;
    }
  care_billing_page_open_invoice (self, care_record_get_id (invoice));
}

static void
ask_new_invoice (CareBillingPage *self)
{
  GtkWidget *dialog = care_alert_new (_("New Invoice"), _("Find the patient to bill."));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *entry = gtk_search_entry_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_set_name (dialog, "new-invoice-dialog");
  gtk_widget_set_name (entry, "new-invoice-search");
  gtk_widget_set_name (list, "new-invoice-patients");
  g_object_set (entry, "placeholder-text", _("Name, MRN, phone or email"), NULL);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_SINGLE);
  g_object_set_data (G_OBJECT (list), "store", store_of (self));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 260);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), scrolled);
  care_alert_set_extra_child (dialog, box);
  g_object_set_data (G_OBJECT (dialog), "list", list);
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "create", _("_Create Draft"), CARE_ALERT_SUGGESTED);
  care_alert_set_response_enabled (dialog, "create", FALSE);
  care_alert_set_close_response (dialog, "cancel");
  g_signal_connect (entry, "search-changed", G_CALLBACK (on_patient_search_changed_cb), list);
  g_signal_connect (list, "row-selected", G_CALLBACK (on_patient_selected_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_new_invoice_response_cb), self);
  care_alert_present (dialog, GTK_WIDGET (self));
}

static void
on_action_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CareBillingPage *self = CARE_BILLING_PAGE (widget);

  if (g_str_equal (action_name, "billing.new-invoice"))
    ask_new_invoice (self);
  else if (g_str_equal (action_name, "billing.select-invoice"))
    care_billing_page_open_invoice (self, g_variant_get_string (parameter, NULL));
}

/* --- construction --------------------------------------------------------------- */

static void
care_billing_page_constructed (GObject *object)
{
  CareBillingPage *self = CARE_BILLING_PAGE (object);

  G_OBJECT_CLASS (care_billing_page_parent_class)->constructed (object);

  self->model = care_invoice_list_model_new (store_of (self));
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selection_changed_cb), self);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (self->selection));

  self->editor = CARE_INVOICE_EDITOR (care_invoice_editor_new (care_page_get_session (CARE_PAGE (self))));
  gtk_widget_set_name (GTK_WIDGET (self->editor), "billing-editor");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->editor), "editor");
  gtk_stack_set_visible_child_name (self->stack, "empty");
  apply_filter (self);
  update_count (self);
}

static void
care_billing_page_dispose (GObject *object)
{
  CareBillingPage *self = CARE_BILLING_PAGE (object);

  g_clear_handle_id (&self->search_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_BILLING_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (care_billing_page_parent_class)->dispose (object);
}

static void
care_billing_page_class_init (CareBillingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "billing", N_("Billing"),
                            "x-office-document-symbolic", CARE_PERM_BILLING);

  object_class->constructed = care_billing_page_constructed;
  object_class->dispose = care_billing_page_dispose;

  g_type_ensure (CARE_TYPE_LIST_BIN);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/billing/care-billing-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareBillingPage, search);
  gtk_widget_class_bind_template_child (widget_class, CareBillingPage, status);
  gtk_widget_class_bind_template_child (widget_class, CareBillingPage, from);
  gtk_widget_class_bind_template_child (widget_class, CareBillingPage, to);
  gtk_widget_class_bind_template_child (widget_class, CareBillingPage, count);
  gtk_widget_class_bind_template_child (widget_class, CareBillingPage, list);
  gtk_widget_class_bind_template_child (widget_class, CareBillingPage, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "billing.new-invoice", NULL, on_action_cb);
  gtk_widget_class_install_action (widget_class, "billing.select-invoice", "s", on_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "billing.new-invoice", NULL);
}

static void
care_billing_page_init (CareBillingPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list, factory);
  g_object_unref (factory);
}

GtkWidget *
care_billing_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);
  return g_object_new (CARE_TYPE_BILLING_PAGE, "session", session, NULL);
}
