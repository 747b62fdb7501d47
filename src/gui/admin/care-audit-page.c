/* care-audit-page.c: the clinic server's audit log, filtered, verified and exported
 *
 * The log is the server's alone (it never syncs), so the page reads it
 * from the server with the session's token, in a GTask thread, when the
 * administrator presses Show: a page of entries (GET /audit) and whether
 * the hash chain verifies (GET /audit/verify). Nothing here runs on
 * another page's click. The CSV export writes the shown entries with GIO,
 * in the background.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-audit-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "care-audit-page.h"
#include "care-file-dialog.h"
#include "care-sync-client.h"

#define PER_PAGE 100

struct _CareAuditPage
{
  CarePage      parent_instance;

  GPtrArray    *entries;        /* CareRecord "audit_entry" shown */
  GPtrArray    *person_ids;     /* ids behind the person dropdown (0: anyone) */
  GHashTable   *names;          /* user id -> name */
  GCancellable *cancellable;
  gboolean choosing;

  GtkDropDown  *person_dropdown;
  GtkDropDown  *action_dropdown;
  GtkEntry     *patient_entry;
  GtkEntry     *from_entry;
  GtkEntry     *to_entry;

  /* Template widgets */
  GtkFlowBox   *filters_box;
  GtkLabel     *filter_error_label;
  GtkSpinner   *spinner;
  GtkLabel     *status_label;
  GtkWidget    *export_button;
  GtkWidget    *show_button;
  GtkLabel     *chain_label;
  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (CareAuditPage, care_audit_page, CARE_TYPE_PAGE)

enum { EXPORTED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* --- fetching, in a thread ----------------------------------------------- */

typedef struct {
  char      *list_url;
  char      *verify_url;
  char      *token;
} Fetch;

typedef struct {
  GPtrArray *entries;
  gint64     total;
  gboolean   verified;
} Fetched;

static void
fetch_free (Fetch *f)
{
  g_free (f->list_url);
  g_free (f->verify_url);
  g_free (f->token);
  g_free (f);
}

static void
fetched_free (Fetched *f)
{
  g_clear_pointer (&f->entries, g_ptr_array_unref);
  g_free (f);
}

static CareSyncResponse *
get (CareHttpSession *session,
     const char      *url,
     const char      *token,
     GCancellable    *cancellable,
     GError         **error)
{
  g_autoptr(CareSyncResponse) response = care_sync_request (session, "GET", url, token, NULL, cancellable, error);

  if (response == NULL)
    return NULL;
  if (response->status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("The server no longer knows this sign-in. Sync, or sign out and in again."));
      return NULL;
    }
  if (response->status != SOUP_STATUS_OK)
    {
      care_sync_set_status_error (error, response);
      return NULL;
    }
  return g_steal_pointer (&response);
}

static void
fetch_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Fetch *f = task_data;
  g_autoptr(CareHttpSession) session = care_sync_session_new (CARE_SYNC_DEFAULT_TIMEOUT);
  g_autoptr(CareSyncResponse) page = NULL;
  g_autoptr(CareSyncResponse) verify = NULL;
  g_autoptr(GError) error = NULL;
  Fetched *result;
  JsonObject *root, *meta;
  JsonNode *data;

  page = get (session, f->list_url, f->token, cancellable, &error);
  if (page)
    verify = get (session, f->verify_url, f->token, cancellable, &error);
  if (verify == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  care_sync_response_data (page);   /* parses the body */
  root = page->root && JSON_NODE_HOLDS_OBJECT (page->root) ? json_node_get_object (page->root) : NULL;
  data = root ? json_object_get_member (root, "data") : NULL;
  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The server's answer was not an audit log."));
      return;
    }
  result = g_new0 (Fetched, 1);
  result->entries = care_audit_entries_from_json (json_node_get_array (data), &error);
  meta = json_object_get_object_member (root, "meta");
  result->total = meta && json_object_has_member (meta, "total") ? json_object_get_int_member (meta, "total") : 0;
  result->verified = care_sync_response_data (verify) &&
                     json_object_get_boolean_member_with_default (care_sync_response_data (verify), "verified", FALSE);
  if (result->entries == NULL)
    {
      fetched_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) fetched_free);
}

/* --- showing ------------------------------------------------------------- */

static void
set_busy (CareAuditPage *self,
          gboolean       busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->show_button, !busy);
  gtk_widget_set_sensitive (self->export_button, !busy && self->entries && self->entries->len > 0);
}

static void
show_entries (CareAuditPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; self->entries && i < self->entries->len; i++)
    {
      CareRecord *entry = g_ptr_array_index (self->entries, i);
      g_autofree char *title = care_audit_describe (entry, self->names);
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (care_record_get (entry, "at"), NULL);
      g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
      g_autofree char *when = local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup (care_record_get (entry, "at"));
      const char *record = care_record_get (entry, "record_id");
      const char *workstation = care_record_get (entry, "workstation");
      /* Translators: an audit entry's details: when, the record's id, the workstation */
      g_autofree char *subtitle = g_strdup_printf (_("%s · record %s · %s"), when, record ? record : "—",
                                                   workstation ? workstation : _("no workstation named"));
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->list, row);
    }
}

static void
on_fetched_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  Fetched *fetched = g_task_propagate_pointer (G_TASK (result), &error);
  CareAuditPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CARE_AUDIT_PAGE (source);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  if (fetched == NULL)
    {
      gtk_label_set_label (self->status_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->chain_label), FALSE);
    }
  else
    {
      g_autofree char *status = NULL;

      self->entries = g_steal_pointer (&fetched->entries);
      g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, fetched->total);

      status = self->entries->len < fetched->total
               /* Translators: %u entries shown of %s (a number) that match */
               ? g_strdup_printf (_("The newest %u of %s entries that match."), self->entries->len, total)
               : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry matches.", "%u entries match.", self->entries->len),
                                  self->entries->len);
      gtk_label_set_label (self->status_label, status);
      gtk_label_set_label (self->chain_label, fetched->verified
                           ? _("✓ The audit chain verifies: no entry was changed or removed since it was written.")
                           : _("✗ The audit chain does NOT verify: an entry was changed or removed. Tell the server's operator (caredesk-server verify-audit)."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->chain_label), fetched->verified ? "error" : "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->chain_label), fetched->verified ? "success" : "error");
      gtk_widget_set_visible (GTK_WIDGET (self->chain_label), TRUE);
      fetched_free (fetched);
    }
  show_entries (self);
  set_busy (self, FALSE);
}

/* --- the filters --------------------------------------------------------- */

static void
show_filter_error (CareAuditPage *self,
                   GtkWidget     *field,
                   const char    *message)
{
  gtk_label_set_label (self->filter_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->filter_error_label), message != NULL);
  if (field)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_widget_grab_focus (field);
    }
}

/* A date filter as the server takes it; FALSE (and the error shown) when
 * it is not a date. */
static gboolean
date_filter (CareAuditPage *self,
             GtkEntry      *entry,
             const char    *end_of_day,
             char         **value)
{
  static const CareField date = { .name = "date", .type = CARE_FIELD_DATE };
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *canonical = NULL;
  g_autofree char *message = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  *value = NULL;
  if (*text == '\0')
    return TRUE;
  if (!care_field_normalize (&date, text, &canonical, &message))
    {
      show_filter_error (self, GTK_WIDGET (entry), message);
      return FALSE;
    }
  *value = g_strconcat (canonical, end_of_day, NULL);
  return TRUE;
}

static void
add_query (GString    *query,
           const char *name,
           const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;
  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_printf (query, "&%s=%s", name, escaped);
}

/* The path of the entries the filters choose; NULL when a filter is wrong. */
static char *
filter_path (CareAuditPage *self)
{
  const CareField *actions = care_entity_field (care_schema_lookup ("audit_entry"), "action");
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  guint person = gtk_drop_down_get_selected (self->person_dropdown);
  guint action = gtk_drop_down_get_selected (self->action_dropdown);
  const char *mrn = gtk_editable_get_text (GTK_EDITABLE (self->patient_entry));
  g_autoptr(GString) query = g_string_new ("/audit?per_page=" G_STRINGIFY (PER_PAGE));
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  show_filter_error (self, NULL, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->patient_entry), "error");
  if (person > 0 && person != GTK_INVALID_LIST_POSITION)
    add_query (query, "actor_id", g_ptr_array_index (self->person_ids, person));
  if (action > 0 && action != GTK_INVALID_LIST_POSITION)
    add_query (query, "action", actions->choices[action - 1]);
  if (*mrn)
    {
      g_autoptr(GPtrArray) found = care_store_list (store, care_schema_lookup ("patient"), "mrn", mrn, NULL, 1, NULL);

      if (found == NULL || found->len == 0)
        {
          show_filter_error (self, GTK_WIDGET (self->patient_entry),
                             _("No patient has this record number on this workstation. Check it on the patient's chart."));
          return NULL;
        }
      /* Every entry about the patient: their record, and their vitals,
       * notes, lab tests, invoices… (the server records whom each concerns). */
      add_query (query, "patient_id", care_record_get_id (g_ptr_array_index (found, 0)));
    }
  if (!date_filter (self, self->from_entry, "", &from) || !date_filter (self, self->to_entry, "T23:59:59Z", &to))
    return NULL;
  add_query (query, "from", from);
  add_query (query, "to", to);
  return g_string_free (g_steal_pointer (&query), FALSE);
}

void
care_audit_page_refresh (CareAuditPage *self)
{
  CareSyncEngine *engine;
  g_autofree char *path = NULL;
  g_autoptr(GTask) task = NULL;
  Fetch *f;

  g_return_if_fail (CARE_IS_AUDIT_PAGE (self));

  engine = care_session_get_sync_engine (care_page_get_session (CARE_PAGE (self)));
  if (engine == NULL)
    {
      gtk_label_set_label (self->status_label, _("The audit log is kept on the clinic server; this workstation does not sync with one."));
      return;
    }
  path = filter_path (self);
  if (path == NULL)
    return;
  f = g_new0 (Fetch, 1);
  f->list_url = care_sync_api_url (care_sync_engine_get_base_url (engine), path);
  f->verify_url = care_sync_api_url (care_sync_engine_get_base_url (engine), "/audit/verify");
  f->token = care_sync_engine_dup_access_token (engine);
  set_busy (self, TRUE);
  gtk_label_set_label (self->status_label, _("Reading the audit log from the server…"));
  task = g_task_new (self, self->cancellable, on_fetched_cb, NULL);
  g_task_set_task_data (task, f, (GDestroyNotify) fetch_free);
  g_task_run_in_thread (task, fetch_thread);
}

static void
on_show_clicked_cb (GtkButton     *button,
                    CareAuditPage *self)
{
  care_audit_page_refresh (self);
}

/* --- exporting ----------------------------------------------------------- */

static void
on_exported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CareAuditPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  care_page_add_toast (CARE_PAGE (self), adw_toast_new (error ? error->message : _("Audit log exported.")));
  g_signal_emit (self, signals[EXPORTED], 0, error ? error->message : NULL);
}

void
care_audit_page_export (CareAuditPage *self,
                        GFile         *file)
{
  g_autofree char *csv = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;

  g_return_if_fail (CARE_IS_AUDIT_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->entries != NULL);

  csv = care_audit_csv (self->entries, self->names);
  length = strlen (csv);
  bytes = g_bytes_new_take (g_steal_pointer (&csv), length);
  set_busy (self, TRUE);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, on_exported_cb, g_object_ref (self));
}

static void
on_chosen_cb (GFile    *file,
              gpointer  user_data)
{
  CareAuditPage *self = user_data;

  self->choosing = FALSE;
  if (file)
    care_audit_page_export (self, file);
}

static void
on_export_clicked_cb (GtkButton     *button,
                      CareAuditPage *self)
{
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  /* Translators: the suggested file name of an audit export; %s is today's date */
  g_autofree char *name = g_strdup_printf (_("audit-log-%s.csv"), day);
  const CareFileFilter filters[] = {
    { _("CSV spreadsheets"), "text/csv", "csv" },
    { NULL }
  };

  if (self->choosing || self->entries == NULL)
    return;
  self->choosing = TRUE;
  care_file_dialog_save (GTK_WIDGET (self), _("Export the Audit Log"), _("_Export"), name, filters, self->cancellable,
                         on_chosen_cb, g_object_ref (self), g_object_unref);
}

/* --- the page ------------------------------------------------------------ */

static void
add_filter (CareAuditPage *self,
            const char    *label,
            const char    *name,
            GtkWidget     *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *caption = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "caption-heading");
  gtk_label_set_mnemonic_widget (GTK_LABEL (caption), widget);
  gtk_widget_set_name (widget, name);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, caption, NULL, -1);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), widget);
  gtk_flow_box_append (self->filters_box, box);
}

static GtkEntry *
filter_entry (const char *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 12);
  return GTK_ENTRY (entry);
}

static void
build_filters (CareAuditPage *self)
{
  const CareField *actions = care_entity_field (care_schema_lookup ("audit_entry"), "action");
  g_autoptr(GPtrArray) users = care_store_list (care_page_get_store (CARE_PAGE (self)), care_schema_lookup ("user"),
                                                NULL, NULL, "full_name", 0, NULL);
  GtkStringList *people = gtk_string_list_new (NULL);
  GtkStringList *kinds = gtk_string_list_new (NULL);

  gtk_string_list_append (people, _("Anyone"));
  g_ptr_array_add (self->person_ids, NULL);
  for (guint i = 0; users && i < users->len; i++)
    {
      CareRecord *user = g_ptr_array_index (users, i);

      gtk_string_list_append (people, care_record_get (user, "full_name"));
      g_ptr_array_add (self->person_ids, g_strdup (care_record_get_id (user)));
      g_hash_table_insert (self->names, g_strdup (care_record_get_id (user)), g_strdup (care_record_get (user, "full_name")));
    }
  gtk_string_list_append (kinds, _("Any action"));
  for (guint i = 0; actions->choices[i]; i++)
    gtk_string_list_append (kinds, care_field_choice_label (actions, actions->choices[i]));

  self->person_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (people), NULL));
  self->action_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (kinds), NULL));
  self->patient_entry = filter_entry (_("e.g. K7QF-000042"));
  self->from_entry = filter_entry (_("YYYY-MM-DD"));
  self->to_entry = filter_entry (_("YYYY-MM-DD"));
  add_filter (self, _("_Person"), "audit-filter-person", GTK_WIDGET (self->person_dropdown));
  add_filter (self, _("_Action"), "audit-filter-action", GTK_WIDGET (self->action_dropdown));
  add_filter (self, _("Patient's _record number"), "audit-filter-patient", GTK_WIDGET (self->patient_entry));
  add_filter (self, _("_From (day)"), "audit-filter-from", GTK_WIDGET (self->from_entry));
  add_filter (self, _("_Until (day)"), "audit-filter-to", GTK_WIDGET (self->to_entry));
}

static void
care_audit_page_constructed (GObject *object)
{
  CareAuditPage *self = CARE_AUDIT_PAGE (object);

  G_OBJECT_CLASS (care_audit_page_parent_class)->constructed (object);

  build_filters (self);
  gtk_label_set_label (self->status_label, _("Choose filters, then press Show."));
}

static void
care_audit_page_dispose (GObject *object)
{
  CareAuditPage *self = CARE_AUDIT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->person_ids, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_AUDIT_PAGE);

  G_OBJECT_CLASS (care_audit_page_parent_class)->dispose (object);
}

static void
care_audit_page_class_init (CareAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "audit", N_("Audit Log"),
                            "document-open-recent-symbolic", CARE_PERM_AUDIT_LOG);
  care_page_class_set_needs_sync (CARE_PAGE_CLASS (klass), TRUE);

  object_class->constructed = care_audit_page_constructed;
  object_class->dispose = care_audit_page_dispose;

  /* The export was written (message NULL) or failed (why). */
  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/admin/care-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareAuditPage, filters_box);
  gtk_widget_class_bind_template_child (widget_class, CareAuditPage, filter_error_label);
  gtk_widget_class_bind_template_child (widget_class, CareAuditPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CareAuditPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, CareAuditPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, CareAuditPage, show_button);
  gtk_widget_class_bind_template_child (widget_class, CareAuditPage, chain_label);
  gtk_widget_class_bind_template_child (widget_class, CareAuditPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_show_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked_cb);
}

static void
care_audit_page_init (CareAuditPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->person_ids = g_ptr_array_new_with_free_func (g_free);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}
