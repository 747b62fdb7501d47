/* care-permissions-page.c: what each role may do, and the requests for another role
 *
 * The matrix is a grid of switches per group of permissions; each switch
 * writes one role_permission row through the store (and its outbox, so it
 * syncs). Core refuses what would lock the clinic out; the refusal shows
 * under the permission's row and the switch goes back. Above it, the
 * requests for another role wait for an administrator's decision.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-permissions-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-permissions-page.h"
#include "care-alert.h"

#define REQUEST_KEY "care-role-request"

struct _CarePermissionsPage
{
  CarePage     parent_instance;

  GHashTable  *switches;      /* "role/permission" -> GtkSwitch */
  GHashTable  *errors;        /* permission -> GtkLabel */
  gboolean     updating;      /* switches set from the store, not by a person */

  /* Template widgets */
  GtkListBox  *requests_list;
  GtkLabel    *request_error_label;
  GtkBox      *matrix_box;
};

G_DEFINE_FINAL_TYPE (CarePermissionsPage, care_permissions_page, CARE_TYPE_PAGE)

/* How the matrix reads: permissions grouped by the work they are for. */
static const struct {
  const char *title;
  const char *permissions[7];
} groups[] = {
  { N_("Front desk"), { CARE_PERM_PATIENT_REGISTRATION, CARE_PERM_APPOINTMENT_MANAGEMENT, CARE_PERM_BILLING, NULL } },
  { N_("Clinical care"), { CARE_PERM_CLINICAL_RECORDS, CARE_PERM_VITALS_ENTRY, CARE_PERM_BED_ALLOCATION,
                           CARE_PERM_PRESCRIBING, CARE_PERM_PRESCRIPTION_ORDERS, NULL } },
  { N_("Laboratory and pharmacy"), { CARE_PERM_LAB_TEST_REQUESTS, CARE_PERM_LAB_REPORT_UPLOAD, CARE_PERM_LAB_RESULTS,
                                     CARE_PERM_PHARMACY_STOCK, NULL } },
  { N_("Administration"), { CARE_PERM_STAFF_MANAGEMENT, CARE_PERM_ROLE_PERMISSIONS, CARE_PERM_ATTENDANCE,
                            CARE_PERM_CLINIC_SETTINGS, CARE_PERM_REPORTS, CARE_PERM_AUDIT_LOG, NULL } },
};

static const char *
permission_label (const char *permission)
{
  return care_field_choice_label (care_entity_field (care_schema_lookup ("role_permission"), "permission"),
                                  permission);
}

/* --- the matrix ---------------------------------------------------------- */

static void
show_error (CarePermissionsPage *self,
            const char          *permission,
            const char          *message)
{
  GtkLabel *label = g_hash_table_lookup (self->errors, permission);

  gtk_label_set_label (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* The switch goes back once GtkSwitch has finished its own change. */
static gboolean
switch_back_idle (gpointer data)
{
  g_autoptr(GtkSwitch) sw = data;
  CarePermissionsPage *self = g_object_get_data (G_OBJECT (sw), "page");

  if (self && self->switches)
    {
      self->updating = TRUE;
      gtk_switch_set_active (sw, !gtk_switch_get_active (sw));
      self->updating = FALSE;
    }
  return G_SOURCE_REMOVE;
}

static void
on_switch_active_cb (GtkSwitch           *sw,
                     GParamSpec          *pspec,
                     CarePermissionsPage *self)
{
  const char *role = g_object_get_data (G_OBJECT (sw), "role");
  const char *permission = g_object_get_data (G_OBJECT (sw), "permission");
  gboolean allowed = gtk_switch_get_active (sw);
  g_autoptr(GError) error = NULL;

  if (self->updating)
    return;
  if (care_access_set_permission (care_page_get_store (CARE_PAGE (self)), role, permission, allowed, &error))
    {
      show_error (self, permission, NULL);
      return;
    }
  show_error (self, permission,
              care_rule_error_get_detail (error) ? care_rule_error_get_detail (error) : error->message);
  g_idle_add (switch_back_idle, g_object_ref (sw));
}

static void
sync_switches (CarePermissionsPage *self)
{
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  GHashTableIter iter;
  gpointer value;

  self->updating = TRUE;
  g_hash_table_iter_init (&iter, self->switches);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    gtk_switch_set_active (value, care_store_role_can (store, g_object_get_data (value, "role"),
                                                       g_object_get_data (value, "permission")));
  self->updating = FALSE;
}

static GtkWidget *
new_label (const char *text,
           float       xalign,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
new_switch (CarePermissionsPage *self,
            const char          *role,
            const char          *permission)
{
  GtkWidget *sw = gtk_switch_new ();
  g_autofree char *name = g_strdup_printf ("permission-%s-%s", role, permission);
  /* Translators: the accessible name of a switch: role, then permission,
   * e.g. "Nurse: Billing and invoices" */
  g_autofree char *label = g_strdup_printf (_("%s: %s"), care_role_label (role), permission_label (permission));

  gtk_widget_set_name (sw, name);
  gtk_widget_set_halign (sw, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (sw, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (sw), "role", (gpointer) role);
  g_object_set_data (G_OBJECT (sw), "permission", (gpointer) permission);
  g_object_set_data (G_OBJECT (sw), "page", self);
  g_signal_connect (sw, "notify::active", G_CALLBACK (on_switch_active_cb), self);
  g_hash_table_insert (self->switches, g_strdup_printf ("%s/%s", role, permission), sw);
  return sw;
}

static void
build_matrix (CarePermissionsPage *self)
{
  const char *const *roles = care_schema_roles ();

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      GtkWidget *frame = gtk_frame_new (NULL);
      GtkWidget *grid = gtk_grid_new ();
      int row = 0;

      gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
      gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
      gtk_grid_set_column_homogeneous (GTK_GRID (grid), FALSE);
      gtk_widget_set_margin_top (grid, 12);
      gtk_widget_set_margin_bottom (grid, 12);
      gtk_widget_set_margin_start (grid, 12);
      gtk_widget_set_margin_end (grid, 12);
      gtk_grid_attach (GTK_GRID (grid), new_label (_(groups[g].title), 0, "heading"), 0, row, 1, 1);
      for (guint r = 0; roles[r]; r++)
        {
          GtkWidget *head = new_label (care_role_label (roles[r]), 0.5, "caption-heading");

          gtk_widget_set_size_request (head, 88, -1);
          gtk_grid_attach (GTK_GRID (grid), head, (int) r + 1, row, 1, 1);
        }
      row++;
      for (guint p = 0; groups[g].permissions[p]; p++)
        {
          const char *permission = groups[g].permissions[p];
          GtkWidget *name = new_label (permission_label (permission), 0, NULL);
          GtkWidget *error = new_label (NULL, 0, "error");
          g_autofree char *error_name = g_strdup_printf ("permission-error-%s", permission);

          gtk_widget_set_hexpand (name, TRUE);
          gtk_grid_attach (GTK_GRID (grid), name, 0, row, 1, 1);
          for (guint r = 0; roles[r]; r++)
            gtk_grid_attach (GTK_GRID (grid), new_switch (self, roles[r], permission), (int) r + 1, row, 1, 1);
          row++;
          gtk_widget_set_name (error, error_name);
          gtk_widget_set_visible (error, FALSE);
          gtk_grid_attach (GTK_GRID (grid), error, 0, row++, (int) g_strv_length ((char **) roles) + 1, 1);
          g_hash_table_insert (self->errors, (gpointer) permission, error);
        }
      gtk_frame_set_child (GTK_FRAME (frame), grid);
      gtk_widget_add_css_class (frame, "view");
      gtk_box_append (self->matrix_box, frame);
    }
  sync_switches (self);
}

/* --- role requests ------------------------------------------------------- */

static void reload_requests (CarePermissionsPage *self);

/* Shown under the list until the next decision: why one was refused. */
static void
show_request_error (CarePermissionsPage *self,
                    const GError        *error)
{
  gtk_label_set_label (self->request_error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->request_error_label), error != NULL);
}

static void
decide (CarePermissionsPage *self,
        CareRecord          *request,
        gboolean             approve,
        const char          *reason)
{
  g_autoptr(GError) error = NULL;

  gboolean done = care_role_requests_decide (care_page_get_store (CARE_PAGE (self)), request, approve, reason, &error);

  show_request_error (self, error);
  if (done)
    care_page_add_toast (CARE_PAGE (self), adw_toast_new (approve ? _("Request approved; the role changed.")
                                                                  : _("Request refused.")));
  reload_requests (self);
}

static void
on_approve_clicked_cb (GtkButton           *button,
                       CarePermissionsPage *self)
{
  decide (self, g_object_get_data (G_OBJECT (button), REQUEST_KEY), TRUE, NULL);
}

static void
on_reason_changed_cb (GtkEditable      *entry,
                      GtkWidget        *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  care_alert_set_response_enabled (dialog, "refuse", *text != '\0');
}

static void
on_refuse_response_cb (GtkWidget           *dialog,
                       const char          *response,
                       CarePermissionsPage *self)
{
  GtkEditable *entry = GTK_EDITABLE (care_alert_get_extra_child (dialog));

  if (g_strcmp0 (response, "refuse") == 0)
    decide (self, g_object_get_data (G_OBJECT (dialog), REQUEST_KEY), FALSE, gtk_editable_get_text (entry));
}

static void
on_refuse_clicked_cb (GtkButton           *button,
                      CarePermissionsPage *self)
{
  CareRecord *request = g_object_get_data (G_OBJECT (button), REQUEST_KEY);
  GtkWidget *dialog, *entry;

  dialog = care_alert_new (_("Refuse the Request?"),
                           _("Say why, in words the staff member will understand: they read it in their notifications."));
  gtk_widget_set_name (dialog, "role-request-refuse-dialog");
  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "role-request-reason");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("e.g. Needs the nursing registration first"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Why refused"), -1);
  care_alert_set_extra_child (dialog, entry);
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "refuse", _("_Refuse"), CARE_ALERT_DESTRUCTIVE);
  care_alert_set_response_enabled (dialog, "refuse", FALSE);
  care_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), REQUEST_KEY, care_record_ref (request), (GDestroyNotify) care_record_unref);
  g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_refuse_response_cb), self, 0);
  care_alert_present (dialog, GTK_WIDGET (self));
}

static GtkWidget *
request_button (CareRecord *request,
                const char *label,
                const char *kind,
                const char *accessible,
                GCallback   callback,
                gpointer    self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  g_autofree char *name = g_strdup_printf ("role-request-%s-%s", kind, care_record_get (request, "user_id"));

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (button), REQUEST_KEY, care_record_ref (request), (GDestroyNotify) care_record_unref);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static void
reload_requests (CarePermissionsPage *self)
{
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = care_role_requests_pending (store, &error);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->requests_list))))
    gtk_list_box_remove (self->requests_list, child);
  if (pending == NULL || pending->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     pending ? _("No requests are waiting.") : error->message);
      gtk_list_box_append (self->requests_list, row);
      return;
    }
  for (guint i = 0; i < pending->len; i++)
    {
      CareRecord *request = g_ptr_array_index (pending, i);
      g_autoptr(CareRecord) user = care_store_get (store, care_schema_lookup ("user"),
                                                   care_record_get (request, "user_id"), NULL);
      g_autofree char *who = user ? care_record_dup_title (user) : g_strdup (_("A former staff member"));
      const char *reason = care_record_get (request, "reason");
      /* Translators: a role request: who, their role now, the role asked for */
      g_autofree char *title = g_strdup_printf (_("%s (%s) asks to become %s"), who,
                                                user ? care_role_label (care_record_get (user, "role")) : "—",
                                                care_role_label (care_record_get (request, "requested_role")));
      /* Translators: %s is a person's name */
      g_autofree char *approve = g_strdup_printf (_("Approve the request of %s"), who);
      /* Translators: %s is a person's name */
      g_autofree char *refuse = g_strdup_printf (_("Refuse the request of %s"), who);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reason ? reason : _("No reason given"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 request_button (request, _("_Refuse…"), "refuse", refuse,
                                                 G_CALLBACK (on_refuse_clicked_cb), self));
      child = request_button (request, _("_Approve"), "approve", approve, G_CALLBACK (on_approve_clicked_cb), self);
      gtk_widget_add_css_class (child, "suggested-action");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), child);
      gtk_list_box_append (self->requests_list, row);
    }
}

/* --- the page ------------------------------------------------------------ */

static void
on_store_changed_cb (CareStore           *store,
                     const char          *entity,
                     const char          *id,
                     CarePermissionsPage *self)
{
  if (entity == NULL || g_str_equal (entity, "role_permission"))
    sync_switches (self);
  if (entity == NULL || g_str_equal (entity, "role_upgrade_request") || g_str_equal (entity, "user"))
    reload_requests (self);
}

static void
care_permissions_page_constructed (GObject *object)
{
  CarePermissionsPage *self = CARE_PERMISSIONS_PAGE (object);

  G_OBJECT_CLASS (care_permissions_page_parent_class)->constructed (object);

  build_matrix (self);
  reload_requests (self);
  g_signal_connect_object (care_page_get_store (CARE_PAGE (self)), "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);
}

static void
care_permissions_page_dispose (GObject *object)
{
  CarePermissionsPage *self = CARE_PERMISSIONS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_PERMISSIONS_PAGE);
  g_clear_pointer (&self->switches, g_hash_table_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);

  G_OBJECT_CLASS (care_permissions_page_parent_class)->dispose (object);
}

static void
care_permissions_page_class_init (CarePermissionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "permissions", N_("Permissions"),
                            "system-lock-screen-symbolic", CARE_PERM_ROLE_PERMISSIONS);

  object_class->constructed = care_permissions_page_constructed;
  object_class->dispose = care_permissions_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/caredesk/Caredesk/admin/care-permissions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CarePermissionsPage, requests_list);
  gtk_widget_class_bind_template_child (widget_class, CarePermissionsPage, matrix_box);
  gtk_widget_class_bind_template_child (widget_class, CarePermissionsPage, request_error_label);
}

static void
care_permissions_page_init (CarePermissionsPage *self)
{
  self->switches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->errors = g_hash_table_new (g_str_hash, g_str_equal);
  gtk_widget_init_template (GTK_WIDGET (self));
}
