/* care-billing-statements.c: a payment's receipt and a patient's statement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-billing-statements"

#include "config.h"

#include <glib/gi18n.h>

#include "care-billing-statements.h"
#include "care-pdf-preview.h"
#include "care-statement-document.h"
#include "care-alert.h"

/* Named when asked for; shown when drawn, if the window is still there. */
typedef struct {
  GtkWindow *parent;
  char      *title;
  char      *file_name;
} ShowRequest;

static void
show_request_free (ShowRequest *request)
{
  g_clear_object (&request->parent);
  g_free (request->title);
  g_free (request->file_name);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShowRequest, show_request_free)

static ShowRequest *
show_request_new (GtkWindow  *parent,
                  char       *title,
                  char       *file_name)
{
  ShowRequest *request = g_new0 (ShowRequest, 1);

  request->parent = parent ? g_object_ref (parent) : NULL;
  request->title = title;
  request->file_name = file_name;
  return request;
}

static void
on_drawn_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ShowRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = care_statement_document_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (pdf == NULL)
    {
      GtkWidget *message = care_alert_new (_("The Document Could Not Be Made"), error->message);

      care_alert_add_response (message, "close", _("_Close"), CARE_ALERT_DEFAULT);
      care_alert_present (message, GTK_WIDGET (request->parent));
      return;
    }
  gtk_window_present (GTK_WINDOW (care_pdf_preview_new (request->parent, pdf, request->title, request->file_name)));
}

void
care_billing_show_receipt (GtkWindow    *parent,
                           CareStore    *store,
                           const char   *payment_id,
                           GCancellable *cancellable)
{
  g_autoptr(CareRecord) payment = NULL;
  const char *number;

  g_return_if_fail (CARE_IS_STORE (store));
  g_return_if_fail (payment_id != NULL);

  payment = care_store_get (store, care_schema_lookup ("payment"), payment_id, NULL);
  number = payment ? care_record_get (payment, "receipt_number") : "";
  care_receipt_document_async (store, payment_id, cancellable, on_drawn_cb,
                               /* Translators: preview title, %s is a receipt number */
                               show_request_new (parent, g_strdup_printf (_("Receipt %s"), number),
                                                 care_receipt_document_file_name (number)));
}

/* --- the statement's period ------------------------------------------------ */

typedef struct {
  CareStore    *store;
  char         *patient_id;
  GCancellable *cancellable;
  GtkEditable  *from;
  GtkEditable  *to;
  GtkLabel     *error;
} StatementAsk;

static void
statement_ask_free (StatementAsk *ask)
{
  g_clear_object (&ask->store);
  g_free (ask->patient_id);
  g_clear_object (&ask->cancellable);
  g_free (ask);
}

/* The period is checked as it is typed; Create works only for a real one. */
static void
on_period_changed_cb (GtkWidget *dialog)
{
  StatementAsk *ask = g_object_get_data (G_OBJECT (dialog), "ask");
  g_autoptr(GError) error = NULL;
  gboolean ok = care_statement_check_period (gtk_editable_get_text (ask->from), gtk_editable_get_text (ask->to), &error);

  gtk_label_set_text (ask->error, ok ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (ask->error), !ok);
  care_alert_set_response_enabled (dialog, "create", ok);
}

static void
on_statement_response_cb (GtkWidget        *dialog,
                          const char       *response,
                          gpointer          data)
{
  StatementAsk *ask = g_object_get_data (G_OBJECT (dialog), "ask");
  /* care_billing_ask_statement() presented it on a window. */
  GtkWindow *parent = GTK_WINDOW (care_alert_get_parent (dialog));
  g_autoptr(CareRecord) patient = NULL;
  const char *from = gtk_editable_get_text (ask->from);
  const char *to = gtk_editable_get_text (ask->to);
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;

  if (!g_str_equal (response, "create"))
    return;
  patient = care_store_get (ask->store, care_schema_lookup ("patient"), ask->patient_id, NULL);
  from_text = care_document_format_date (from);
  to_text = care_document_format_date (to);
  care_statement_document_async (ask->store, ask->patient_id, from, to, ask->cancellable, on_drawn_cb,
                                 /* Translators: preview title: a period of dates */
                                 show_request_new (parent, g_strdup_printf (_("Statement %s – %s"), from_text, to_text),
                                                   care_statement_document_file_name (patient ? care_record_get (patient, "mrn") : NULL,
                                                                                      from, to)));
}

static GtkEditable *
add_date_row (GtkListBox *list,
              const char *title,
              const char *name,
              const char *value)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, name);
  gtk_editable_set_text (GTK_EDITABLE (row), value);
  gtk_list_box_append (list, row);
  return GTK_EDITABLE (row);
}

GtkWidget *
care_billing_ask_statement (GtkWindow    *parent,
                            CareStore    *store,
                            const char   *patient_id,
                            GCancellable *cancellable)
{
  StatementAsk *ask = g_new0 (StatementAsk, 1);
  g_autoptr(CareRecord) patient = NULL;
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autoptr(GDateTime) year_ago = g_date_time_add_days (now, -364);
  g_autofree char *today = g_date_time_format (now, "%F");
  g_autofree char *start = g_date_time_format (year_ago, "%F");
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog, *box, *list, *error;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  patient = care_store_get (store, care_schema_lookup ("patient"), patient_id, NULL);
  name = patient ? care_record_dup_title (patient) : g_strdup ("");
  /* Translators: %s is a patient's name */
  body = g_strdup_printf (_("Every invoice and payment of \u2068%s\u2069 in the period, with the balance due at its end."), name);
  dialog = care_alert_new (_("Patient Statement"), body);
  gtk_widget_set_name (dialog, "statement-dialog");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Statement period"), -1);
  ask->store = g_object_ref (store);
  ask->patient_id = g_strdup (patient_id);
  ask->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  ask->from = add_date_row (GTK_LIST_BOX (list), _("From (YYYY-MM-DD)"), "statement-from", start);
  ask->to = add_date_row (GTK_LIST_BOX (list), _("To (YYYY-MM-DD)"), "statement-to", today);
  error = gtk_label_new (NULL);
  gtk_widget_set_name (error, "statement-error");
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_visible (error, FALSE);
  ask->error = GTK_LABEL (error);
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), error);
  care_alert_set_extra_child (dialog, box);
  g_object_set_data_full (G_OBJECT (dialog), "ask", ask, (GDestroyNotify) statement_ask_free);

  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "create", _("_Create Statement"), CARE_ALERT_SUGGESTED);
  care_alert_set_default_response (dialog, "create");
  care_alert_set_close_response (dialog, "cancel");
  g_signal_connect_swapped (ask->from, "changed", G_CALLBACK (on_period_changed_cb), dialog);
  g_signal_connect_swapped (ask->to, "changed", G_CALLBACK (on_period_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_statement_response_cb), NULL);
  care_alert_present (dialog, GTK_WIDGET (parent));
  return dialog;
}
