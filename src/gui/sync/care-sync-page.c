/* care-sync-page.c: conflicts, refused changes and possible duplicates
 *
 * The page every role has on a workstation that syncs. It reads the three
 * lists from the store (care_sync_list_conflicts(), care_sync_list_rejected()
 * and the open patient_duplicate records) and rebuilds them when the engine
 * or the store says they changed. Choices already made in a conflict
 * survive a rebuild: another workstation's change arriving must not undo
 * what the person was in the middle of deciding.
 *
 * Names given to widgets (for tests and for reading the code):
 *   sync-conflict-<record id>       a conflict's card
 *   sync-conflict-<field>-mine      the radio row of this workstation's value
 *   sync-conflict-<field>-theirs    … and of the server's
 *   sync-conflict-resolve           Resolve (kind "field")
 *   sync-conflict-keep-mine         Restore / Delete Anyway (kinds deleted, edited)
 *   sync-conflict-keep-theirs       Keep Deleted / Keep Their Version
 *   sync-rejected-<record id>       a refused change, with sync-rejected-discard
 *   sync-duplicate-<flag id>        a pair, with sync-duplicate-keep-<patient id>
 *                                   and sync-duplicate-dismiss
 *   sync-*-empty                    the empty states
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-sync-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-sync-page.h"
#include "care-sync-text.h"
#include "care-alert.h"

#define CONFLICT_ID_KEY   "care-sync-conflict-id"
#define CONFLICT_KIND_KEY "care-sync-conflict-kind"
#define FIELD_KEY         "care-sync-field"
#define CHOICE_KEY        "care-sync-choice"
#define RESOLVE_KEY       "care-sync-resolve-button"
#define N_FIELDS_KEY      "care-sync-n-fields"
#define KEEP_MINE_KEY     "care-sync-keep-mine"
#define MUTATION_KEY      "care-sync-mutation-id"
#define FLAG_KEY          "care-sync-flag-id"
#define PATIENT_KEY       "care-sync-patient-id"

struct _CareSyncPage
{
  CarePage        parent_instance;

  CareSyncEngine *engine;
  guint           refresh_source;
  /* conflict id -> (field -> "mine" | "theirs") */
  GHashTable     *choices;
  char           *signature;

  /* Template widgets */
  GtkScrolledWindow *scroller;
  GtkLabel       *restore_label;
  GtkBox         *conflicts_box;
  GtkListBox     *rejected_list;
  GtkBox         *duplicates_box;
};

G_DEFINE_FINAL_TYPE (CareSyncPage, care_sync_page, CARE_TYPE_PAGE)

GtkWidget *
care_sync_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (CARE_TYPE_SYNC_PAGE, "session", session, NULL);
}

static CareStore *
care_sync_page_get_store (CareSyncPage *self)
{
  return care_page_get_store (CARE_PAGE (self));
}

static void
care_sync_page_toast (CareSyncPage *self,
                      const char   *text)
{
  care_page_add_toast (CARE_PAGE (self), adw_toast_new (text));
}

/* The outcome of the person's choice is an ordinary local change: send it. */
static void
care_sync_page_kick (CareSyncPage *self)
{
  if (self->engine != NULL)
    care_sync_engine_kick (self->engine);
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

static GtkWidget *
boxed_list_new (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  return list;
}

static GtkWidget *
action_row_new (const char *title,
                const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Values come from people: "<" or "&" in them is text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static GtkWidget *
empty_row_new (const char *name,
               const char *text)
{
  GtkWidget *list = boxed_list_new ();
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  /* Nothing to do on it: Tab does not stop here. */
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_name (row, name);
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  return list;
}

static const char *
json_string (JsonObject *object,
             const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;

  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonObject *
json_object_member (JsonObject *object,
                    const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;

  node = json_object_get_member (object, member);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
json_array_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;

  node = json_object_get_member (object, member);
  return JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* "Rita Reyes, today at 10:01", or just the name. */
static char *
format_author (CareStore  *store,
               const char *user_id,
               const char *iso8601)
{
  g_autofree char *name = care_sync_dup_staff_name (store, user_id);
  g_autofree char *when = care_sync_format_iso_when (iso8601);

  if (when == NULL)
    return g_steal_pointer (&name);

  /* Translators: who made a change and when: "Rita Reyes, Today at 10:01" */
  return g_strdup_printf (_("%s, %s"), name, when);
}

/* --- conflicts ------------------------------------------------------------ */

static GHashTable *
care_sync_page_choices_for (CareSyncPage *self,
                            const char   *conflict_id)
{
  GHashTable *choices = g_hash_table_lookup (self->choices, conflict_id);

  if (choices == NULL)
    {
      choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (self->choices, g_strdup (conflict_id), choices);
    }

  return choices;
}

static void
update_resolve_button (CareSyncPage *self,
                       GtkWidget    *button)
{
  const char *id = g_object_get_data (G_OBJECT (button), CONFLICT_ID_KEY);
  guint n_fields = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), N_FIELDS_KEY));
  GHashTable *choices = g_hash_table_lookup (self->choices, id);
  guint chosen = choices ? g_hash_table_size (choices) : 0;

  GtkWidget *hint = g_object_get_data (G_OBJECT (button), "care-sync-hint");

  /* Every field needs a decision: none is taken for the person. */
  gtk_widget_set_sensitive (button, chosen >= n_fields);
  if (hint != NULL)
    gtk_widget_set_visible (hint, chosen < n_fields);
}

static void
on_choice_toggled_cb (GtkCheckButton *check,
                      CareSyncPage   *self)
{
  GtkWidget *resolve = g_object_get_data (G_OBJECT (check), RESOLVE_KEY);
  const char *id;
  const char *field;
  const char *choice;

  if (!gtk_check_button_get_active (check))
    return;

  id = g_object_get_data (G_OBJECT (resolve), CONFLICT_ID_KEY);
  field = g_object_get_data (G_OBJECT (check), FIELD_KEY);
  choice = g_object_get_data (G_OBJECT (check), CHOICE_KEY);

  g_hash_table_replace (care_sync_page_choices_for (self, id),
                        g_strdup (field), g_strdup (choice));
  update_resolve_button (self, resolve);
}

static void
on_resolve_clicked_cb (GtkButton    *button,
                       CareSyncPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (g_object_get_data (G_OBJECT (button), CONFLICT_ID_KEY));
  const char *kind = g_object_get_data (G_OBJECT (button), CONFLICT_KIND_KEY);
  gboolean keep_mine = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), KEEP_MINE_KEY));
  GHashTable *choices = NULL;

  if (g_strcmp0 (kind, "field") == 0)
    choices = care_sync_page_choices_for (self, id);

  if (!care_sync_resolve_conflict (care_sync_page_get_store (self), id, choices, keep_mine, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not resolve the conflict: %s"), error->message);

      g_message ("Resolving conflict %s: %s", id, error->message);
      care_sync_page_toast (self, text);
      care_sync_page_refresh (self);
      return;
    }

  g_hash_table_remove (self->choices, id);
  care_sync_page_toast (self, _("Conflict resolved"));
  care_sync_page_kick (self);
  care_sync_page_refresh (self);
}

static GtkWidget *
choice_row_new (CareSyncPage *self,
                const char   *field,
                const char   *choice,
                const char   *value,
                const char   *subtitle,
                GtkWidget    *group,
                GtkWidget    *resolve)
{
  g_autofree char *name = g_strdup_printf ("sync-conflict-%s-%s", field, choice);
  GtkWidget *row = action_row_new (value, subtitle);
  GtkWidget *check = gtk_check_button_new ();
  GHashTable *choices;
  const char *chosen;

  gtk_widget_set_name (row, name);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), GTK_CHECK_BUTTON (group));

  g_object_set_data_full (G_OBJECT (check), FIELD_KEY, g_strdup (field), g_free);
  g_object_set_data_full (G_OBJECT (check), CHOICE_KEY, g_strdup (choice), g_free);
  g_object_set_data (G_OBJECT (check), RESOLVE_KEY, resolve);

  choices = g_hash_table_lookup (self->choices, g_object_get_data (G_OBJECT (resolve), CONFLICT_ID_KEY));
  chosen = choices ? g_hash_table_lookup (choices, field) : NULL;
  if (g_strcmp0 (chosen, choice) == 0)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);

  g_signal_connect_object (check, "toggled", G_CALLBACK (on_choice_toggled_cb), self, 0);

  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  return row;
}

static GtkWidget *
resolve_button_new (const char *name,
                    const char *label,
                    const char *conflict_id,
                    const char *kind,
                    gboolean    keep_mine,
                    const char *style)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  if (style != NULL)
    gtk_widget_add_css_class (button, style);

  g_object_set_data_full (G_OBJECT (button), CONFLICT_ID_KEY, g_strdup (conflict_id), g_free);
  g_object_set_data_full (G_OBJECT (button), CONFLICT_KIND_KEY, g_strdup (kind), g_free);
  g_object_set_data (G_OBJECT (button), KEEP_MINE_KEY, GINT_TO_POINTER (keep_mine));

  return button;
}

/* The fields a change carried, as rows ("Phone  +34 600 1"). */
static void
append_field_rows (CareSyncPage     *self,
                   GtkWidget        *list,
                   const CareEntity *entity,
                   JsonObject       *fields)
{
  CareStore *store = care_sync_page_get_store (self);
  g_autoptr(GList) members = NULL;

  if (fields == NULL)
    return;

  members = json_object_get_members (fields);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *field = l->data;
      const CareField *info = entity ? care_entity_field (entity, field) : NULL;
      g_autofree char *value = NULL;
      GtkWidget *row;

      /* System columns and secrets mean nothing to the person deciding. */
      if (info == NULL || (info->flags & (CARE_FIELD_SECRET | CARE_FIELD_SYSTEM)))
        continue;

      /* A value reads first, its label small above it (style.css). */
      value = care_sync_format_value (store, info, json_object_get_member (fields, field));
      row = action_row_new (care_sync_field_label (entity, field), value);
      gtk_widget_add_css_class (row, "property-row");
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
}

static GtkWidget *
build_conflict (CareSyncPage *self,
                JsonObject   *conflict)
{
  CareStore *store = care_sync_page_get_store (self);
  const char *id = json_string (conflict, "id");
  const char *entity_name = json_string (conflict, "entity");
  const char *record_id = json_string (conflict, "record_id");
  const char *kind = json_string (conflict, "kind");
  const char *actor = json_string (conflict, "actor");
  const char *created_at = json_string (conflict, "created_at");
  JsonObject *detail = json_object_member (conflict, "detail");
  JsonObject *payload = json_object_member (conflict, "payload");
  JsonObject *local_fields = json_object_member (payload, "fields");
  JsonArray *fields = json_array_member (detail, "conflicts");
  const CareEntity *entity = care_schema_lookup (entity_name);
  g_autofree char *card_name = g_strdup_printf ("sync-conflict-%s", record_id ? record_id : "");
  g_autofree char *title = NULL;
  g_autofree char *mine_author = format_author (store, actor, created_at);
  g_autofree char *theirs_author = NULL;
  g_autofree char *subtitle = NULL;
  const char *theirs_by = json_string (detail, "theirs_by");
  const char *theirs_at = json_string (detail, "theirs_at");
  GtkWidget *card;
  GtkWidget *list;
  GtkWidget *header;
  GtkWidget *icon;
  GtkWidget *buttons;

  if (id == NULL)
    return NULL;

  /* Who made the other change: on the conflict, or on its first field. */
  if (theirs_by == NULL && fields != NULL && json_array_get_length (fields) > 0)
    {
      JsonObject *first = json_array_get_object_element (fields, 0);

      theirs_by = json_string (first, "theirs_by");
      theirs_at = json_string (first, "theirs_at");
    }
  theirs_author = theirs_by ? format_author (store, theirs_by, theirs_at)
                            : g_strdup (_("someone"));

  title = care_sync_dup_record_title (store, entity_name, record_id,
                                      local_fields ? local_fields : json_object_member (payload, "base"));

  if (g_strcmp0 (kind, "deleted") == 0)
    /* Translators: the two authors of a conflict; each %s is "Name, when" */
    subtitle = g_strdup_printf (_("Changed here by %s. Deleted on another workstation by %s."),
                                mine_author, theirs_author);
  else if (g_strcmp0 (kind, "edited") == 0)
    subtitle = g_strdup_printf (_("Deleted here by %s. Changed on another workstation by %s."),
                                mine_author, theirs_author);
  else
    subtitle = g_strdup_printf (_("Changed here by %s, and on another workstation by %s."),
                                mine_author, theirs_author);

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_name (card, card_name);

  list = boxed_list_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  gtk_box_append (GTK_BOX (card), list);

  header = action_row_new (title, subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (header), 0);
  gtk_widget_add_css_class (header, "sync-conflict-header");
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (header), icon);
  gtk_list_box_append (GTK_LIST_BOX (list), header);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_FILL);

  if (g_strcmp0 (kind, "deleted") == 0 || g_strcmp0 (kind, "edited") == 0)
    {
      gboolean deleted = g_strcmp0 (kind, "deleted") == 0;
      GtkWidget *theirs;
      GtkWidget *mine;

      if (deleted)
        {
          GtkWidget *row = action_row_new (_("Your changes"), NULL);

          gtk_widget_add_css_class (row, "sync-question");
          gtk_list_box_append (GTK_LIST_BOX (list), row);
          append_field_rows (self, list, entity, local_fields);

          theirs = resolve_button_new ("sync-conflict-keep-theirs", _("_Keep It Deleted"),
                                       id, kind, FALSE, NULL);
          mine = resolve_button_new ("sync-conflict-keep-mine", _("_Restore With My Changes"),
                                     id, kind, TRUE, "suggested-action");
        }
      else
        {
          theirs = resolve_button_new ("sync-conflict-keep-theirs", _("_Keep Their Version"),
                                       id, kind, FALSE, "suggested-action");
          mine = resolve_button_new ("sync-conflict-keep-mine", _("_Delete Anyway"),
                                     id, kind, TRUE, "destructive-action");
        }

      gtk_widget_set_halign (buttons, GTK_ALIGN_END);
      g_signal_connect_object (theirs, "clicked", G_CALLBACK (on_resolve_clicked_cb), self, 0);
      g_signal_connect_object (mine, "clicked", G_CALLBACK (on_resolve_clicked_cb), self, 0);
      gtk_box_append (GTK_BOX (buttons), theirs);
      gtk_box_append (GTK_BOX (buttons), mine);
    }
  else
    {
      GtkWidget *resolve = resolve_button_new ("sync-conflict-resolve", _("_Resolve"),
                                               id, "field", FALSE, "suggested-action");
      guint n_fields = fields ? json_array_get_length (fields) : 0;

      g_object_set_data (G_OBJECT (resolve), N_FIELDS_KEY, GUINT_TO_POINTER (n_fields));

      for (guint i = 0; i < n_fields; i++)
        {
          JsonObject *c = json_array_get_object_element (fields, i);
          const char *field = json_string (c, "field");
          const CareField *info = entity && field ? care_entity_field (entity, field) : NULL;
          g_autofree char *mine_value = NULL;
          g_autofree char *theirs_value = NULL;
          g_autofree char *mine_subtitle = NULL;
          g_autofree char *theirs_subtitle = NULL;
          g_autofree char *field_author = NULL;
          g_autofree char *question = NULL;
          GtkWidget *field_row;
          GtkWidget *mine_row;
          GtkWidget *theirs_row;

          if (field == NULL)
            continue;

          mine_value = care_sync_format_value (store, info, json_object_get_member (c, "mine"));
          theirs_value = care_sync_format_value (store, info, json_object_get_member (c, "theirs"));
          field_author = json_string (c, "theirs_by")
                         ? format_author (store, json_string (c, "theirs_by"), json_string (c, "theirs_at"))
                         : g_strdup (theirs_author);

          /* Translators: %s is a field's label, "Phone" */
          question = g_strdup_printf (_("%s: which value is right?"), care_sync_field_label (entity, field));
          field_row = action_row_new (question, NULL);
          gtk_widget_add_css_class (field_row, "sync-question");
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (field_row), FALSE);
          gtk_list_box_append (GTK_LIST_BOX (list), field_row);

          /* Translators: %s is "Name, when" */
          mine_subtitle = g_strdup_printf (_("Entered here by %s"), mine_author);
          /* Translators: %s is "Name, when" */
          theirs_subtitle = g_strdup_printf (_("Entered on another workstation by %s"), field_author);

          mine_row = choice_row_new (self, field, "mine", mine_value, mine_subtitle, NULL, resolve);
          theirs_row = choice_row_new (self, field, "theirs", theirs_value, theirs_subtitle,
                                       adw_action_row_get_activatable_widget (ADW_ACTION_ROW (mine_row)),
                                       resolve);
          gtk_list_box_append (GTK_LIST_BOX (list), mine_row);
          gtk_list_box_append (GTK_LIST_BOX (list), theirs_row);
        }

      {
        GtkWidget *hint = gtk_label_new (_("Choose one value for each detail, then resolve."));

        gtk_widget_add_css_class (hint, "dim-label");
        gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
        gtk_label_set_xalign (GTK_LABEL (hint), 1.0);
        gtk_widget_set_hexpand (hint, TRUE);
        g_object_set_data (G_OBJECT (resolve), "care-sync-hint", hint);
        gtk_box_append (GTK_BOX (buttons), hint);
      }

      update_resolve_button (self, resolve);
      g_signal_connect_object (resolve, "clicked", G_CALLBACK (on_resolve_clicked_cb), self, 0);
      gtk_box_append (GTK_BOX (buttons), resolve);
    }

  gtk_box_append (GTK_BOX (card), buttons);

  return card;
}

static guint
care_sync_page_fill_conflicts (CareSyncPage *self,
                               GPtrArray    *conflicts)
{
  g_autoptr(GHashTable) open_ids = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;
  guint shown = 0;

  clear_box (GTK_WIDGET (self->conflicts_box));

  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      JsonObject *conflict = g_ptr_array_index (conflicts, i);
      GtkWidget *card = build_conflict (self, conflict);

      if (card == NULL)
        continue;

      g_hash_table_add (open_ids, (gpointer) json_string (conflict, "id"));
      gtk_box_append (self->conflicts_box, card);
      shown++;
    }

  /* Choices of conflicts resolved elsewhere go. */
  g_hash_table_iter_init (&iter, self->choices);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (open_ids, key))
        g_hash_table_iter_remove (&iter);
    }

  if (shown == 0)
    gtk_box_append (self->conflicts_box,
                    empty_row_new ("sync-conflicts-empty", _("No conflicts")));

  return shown;
}

/* --- refused changes ------------------------------------------------------- */

static void
on_discard_clicked_cb (GtkButton    *button,
                       CareSyncPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *mutation_id = g_object_get_data (G_OBJECT (button), MUTATION_KEY);

  if (!care_sync_discard_rejected (care_sync_page_get_store (self), mutation_id, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not discard the change: %s"), error->message);

      care_sync_page_toast (self, text);
      return;
    }

  care_sync_page_toast (self, _("Change discarded"));
  care_sync_page_kick (self);
  care_sync_page_refresh (self);
}

static char *
op_sentence (const char *op,
             const char *author)
{
  if (g_strcmp0 (op, "insert") == 0)
    /* Translators: %s is "Name, when" */
    return g_strdup_printf (_("Added here by %s."), author);
  if (g_strcmp0 (op, "delete") == 0)
    /* Translators: %s is "Name, when" */
    return g_strdup_printf (_("Deleted here by %s."), author);
  /* Translators: %s is "Name, when" */
  return g_strdup_printf (_("Changed here by %s."), author);
}

static GtkWidget *
build_rejected (CareSyncPage *self,
                JsonObject   *rejected)
{
  CareStore *store = care_sync_page_get_store (self);
  const char *mutation_id = json_string (rejected, "mutation_id");
  const char *entity_name = json_string (rejected, "entity");
  const char *record_id = json_string (rejected, "record_id");
  const char *reason = json_string (rejected, "last_error");
  JsonObject *payload = json_object_member (rejected, "payload");
  JsonObject *fields = json_object_member (payload, "fields");
  JsonArray *errors = json_array_member (rejected, "errors");
  const CareEntity *entity = care_schema_lookup (entity_name);
  g_autofree char *title = NULL;
  g_autofree char *author = NULL;
  g_autofree char *row_name = g_strdup_printf ("sync-rejected-%s", record_id ? record_id : "");
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *row;
  GtkWidget *button;
  GtkWidget *icon;

  if (mutation_id == NULL)
    return NULL;

  title = care_sync_dup_record_title (store, entity_name, record_id,
                                      fields ? fields : json_object_member (payload, "base"));
  author = format_author (store, json_string (rejected, "actor"), json_string (rejected, "created_at"));

  {
    g_autofree char *sentence = op_sentence (json_string (rejected, "op"), author);

    g_string_append (subtitle, sentence);
  }
  if (reason != NULL && *reason != '\0')
    {
      g_string_append_c (subtitle, '\n');
      /* Translators: %s is the server's reason for refusing a change */
      g_string_append_printf (subtitle, _("Refused: %s"), reason);
    }

  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonObject *e = json_array_get_object_element (errors, i);
      const char *field = json_string (e, "field");
      const char *message = json_string (e, "message");

      if (message == NULL)
        continue;

      g_string_append_c (subtitle, '\n');
      if (field != NULL && *field != '\0')
        /* Translators: a field's label and what is wrong with its value */
        g_string_append_printf (subtitle, _("• %s: %s"), care_sync_field_label (entity, field), message);
      else
        g_string_append_printf (subtitle, "• %s", message);
    }

  row = action_row_new (title, subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_name (row, row_name);

  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  button = gtk_button_new_with_mnemonic (_("_Discard"));
  gtk_widget_set_name (button, "sync-rejected-discard");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Forget this change: it stays refused and is not sent again"));
  g_object_set_data_full (G_OBJECT (button), MUTATION_KEY, g_strdup (mutation_id), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_discard_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  {
    /* Translators: accessible name of a Discard button; %s is "Patient · Name" */
    g_autofree char *accessible = g_strdup_printf (_("Discard the refused change to %s"), title);

    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                    -1);
  }

  return row;
}

static guint
care_sync_page_fill_rejected (CareSyncPage *self,
                              GPtrArray    *rejected)
{
  guint shown = 0;

  clear_box (GTK_WIDGET (self->rejected_list));

  for (guint i = 0; rejected != NULL && i < rejected->len; i++)
    {
      GtkWidget *row = build_rejected (self, g_ptr_array_index (rejected, i));

      if (row == NULL)
        continue;

      gtk_list_box_append (self->rejected_list, row);
      shown++;
    }

  if (shown == 0)
    {
      GtkWidget *label = gtk_label_new (_("The server accepted every change"));
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 18);
      gtk_widget_set_margin_bottom (label, 18);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_focusable (row, FALSE);
      gtk_widget_set_name (row, "sync-rejected-empty");
      gtk_list_box_append (self->rejected_list, row);
    }

  return shown;
}

/* --- possible duplicates --------------------------------------------------- */

typedef struct
{
  CareSyncPage *self;
  char         *flag_id;
  char         *keep_id;
  char         *keep_title;
} Merge;

static void
merge_free (gpointer  data,
            GClosure *closure)
{
  Merge *merge = data;

  g_clear_object (&merge->self);
  g_free (merge->flag_id);
  g_free (merge->keep_id);
  g_free (merge->keep_title);
  g_free (merge);
}

static void
on_merge_response_cb (GtkWidget        *dialog,
                      const char       *response,
                      Merge            *merge)
{
  g_autoptr(GError) error = NULL;
  CareSyncPage *self = merge->self;

  if (g_strcmp0 (response, "merge") != 0)
    return;

  if (!care_patient_duplicates_merge (care_sync_page_get_store (self), merge->flag_id,
                                  merge->keep_id, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not merge the records: %s"), error->message);

      care_sync_page_toast (self, text);
      return;
    }

  {
    /* Translators: %s is a patient's name */
    g_autofree char *text = g_strdup_printf (_("Merged into %s"), merge->keep_title);

    care_sync_page_toast (self, text);
  }
  care_sync_page_kick (self);
  care_sync_page_refresh (self);
}

static void
on_merge_clicked_cb (GtkButton    *button,
                     CareSyncPage *self)
{
  CareStore *store = care_sync_page_get_store (self);
  const CareEntity *patients = care_schema_lookup ("patient");
  const char *flag_id = g_object_get_data (G_OBJECT (button), FLAG_KEY);
  const char *keep_id = g_object_get_data (G_OBJECT (button), PATIENT_KEY);
  const char *other_id = g_object_get_data (G_OBJECT (button), "care-sync-other-id");
  g_autoptr(CareRecord) keep = care_store_get (store, patients, keep_id, NULL);
  g_autoptr(CareRecord) other = care_store_get (store, patients, other_id, NULL);
  g_autofree char *keep_title = keep ? care_record_dup_title (keep) : g_strdup ("");
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  Merge *merge;

  /* Translators: %s is a patient's name */
  heading = g_strdup_printf (_("Keep %s’s Record?"), keep_title);
  body = g_strdup_printf (_("The record with number %s is removed. Its appointments, notes, results, invoices and everything else recorded for it move to the record with number %s. This cannot be undone."),
                          other ? care_record_get (other, "mrn") : "—",
                          keep ? care_record_get (keep, "mrn") : "—");

  dialog = care_alert_new (heading, body);
  gtk_widget_set_name (GTK_WIDGET (dialog), "sync-merge-dialog");
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "merge", _("_Merge"), CARE_ALERT_DESTRUCTIVE);
  care_alert_set_default_response (dialog, "cancel");
  care_alert_set_close_response (dialog, "cancel");

  merge = g_new0 (Merge, 1);
  merge->self = g_object_ref (self);
  merge->flag_id = g_strdup (flag_id);
  merge->keep_id = g_strdup (keep_id);
  merge->keep_title = g_steal_pointer (&keep_title);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_merge_response_cb),
                         merge, merge_free, 0);

  care_alert_present (dialog, GTK_WIDGET (self));
}

static void
on_dismiss_clicked_cb (GtkButton    *button,
                       CareSyncPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *flag_id = g_object_get_data (G_OBJECT (button), FLAG_KEY);

  if (!care_patient_duplicates_dismiss (care_sync_page_get_store (self), flag_id, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not save that: %s"), error->message);

      care_sync_page_toast (self, text);
      return;
    }

  care_sync_page_toast (self, _("Kept as two different patients"));
  care_sync_page_kick (self);
  care_sync_page_refresh (self);
}

static GtkWidget *
build_patient_column (CareSyncPage *self,
                      CareRecord   *patient,
                      CareRecord   *other,
                      const char   *flag_id,
                      gboolean      can_merge)
{
  CareStore *store = care_sync_page_get_store (self);
  const CareEntity *entity = care_record_get_entity (patient);
  g_autofree char *title = care_record_dup_title (patient);
  g_autofree char *registered = format_author (store, care_record_get (patient, CARE_COLUMN_CREATED_BY),
                                               care_record_get (patient, CARE_COLUMN_CREATED_AT));
  g_autofree char *button_name = g_strdup_printf ("sync-duplicate-keep-%s", care_record_get_id (patient));
  static const char *const shown[] = { "date_of_birth", "mrn", "phone", NULL };
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = boxed_list_new ();
  GtkWidget *header;
  GtkWidget *button;

  gtk_widget_set_hexpand (column, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);

  /* Translators: %s is "Name, when" */
  {
    g_autofree char *subtitle = g_strdup_printf (_("Registered by %s"), registered);

    header = action_row_new (title, subtitle);
  }
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (header), 0);
  gtk_widget_add_css_class (header, "sync-duplicate-name");
  gtk_list_box_append (GTK_LIST_BOX (list), header);

  for (guint i = 0; shown[i] != NULL; i++)
    {
      const CareField *field = care_entity_field (entity, shown[i]);
      const char *value = care_record_get (patient, shown[i]);
      GtkWidget *row;

      if (field == NULL)
        continue;

      row = action_row_new (_(field->label), value && *value ? value : _("(empty)"));
      gtk_widget_add_css_class (row, "property-row");
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  gtk_box_append (GTK_BOX (column), list);

  button = gtk_button_new_with_mnemonic (_("_Merge Into This One"));
  gtk_widget_set_name (button, button_name);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (button, can_merge);
  {
    /* Translators: accessible name of a merge button; %s is a patient's name */
    g_autofree char *accessible = g_strdup_printf (_("Merge both records into %s’s"), title);

    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                    -1);
  }
  g_object_set_data_full (G_OBJECT (button), FLAG_KEY, g_strdup (flag_id), g_free);
  g_object_set_data_full (G_OBJECT (button), PATIENT_KEY, g_strdup (care_record_get_id (patient)), g_free);
  g_object_set_data_full (G_OBJECT (button), "care-sync-other-id", g_strdup (care_record_get_id (other)), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_merge_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (column), button);

  return column;
}

static GtkWidget *
build_duplicate (CareSyncPage *self,
                 CareRecord   *flag)
{
  CareStore *store = care_sync_page_get_store (self);
  const CareEntity *patients = care_schema_lookup ("patient");
  g_autoptr(CareRecord) a = care_store_get (store, patients, care_record_get (flag, "patient_id"), NULL);
  g_autoptr(CareRecord) b = care_store_get (store, patients, care_record_get (flag, "duplicate_of"), NULL);
  g_autofree char *card_name = g_strdup_printf ("sync-duplicate-%s", care_record_get_id (flag));
  gboolean can_merge = care_session_can (care_page_get_session (CARE_PAGE (self)), CARE_PERM_PATIENT_REGISTRATION);
  GtkWidget *card;
  GtkWidget *pair;
  GtkWidget *dismiss;

  /* One of the two is gone already (merged elsewhere): nothing to decide. */
  if (a == NULL || b == NULL)
    return NULL;

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_name (card, card_name);

  pair = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_set_homogeneous (GTK_BOX (pair), TRUE);
  gtk_box_append (GTK_BOX (pair), build_patient_column (self, b, a, care_record_get_id (flag), can_merge));
  gtk_box_append (GTK_BOX (pair), build_patient_column (self, a, b, care_record_get_id (flag), can_merge));
  gtk_box_append (GTK_BOX (card), pair);

  dismiss = gtk_button_new_with_mnemonic (_("_Not the Same Person"));
  gtk_widget_set_name (dismiss, "sync-duplicate-dismiss");
  gtk_widget_set_halign (dismiss, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (dismiss, can_merge);
  gtk_widget_add_css_class (dismiss, "pill");
  g_object_set_data_full (G_OBJECT (dismiss), FLAG_KEY, g_strdup (care_record_get_id (flag)), g_free);
  g_signal_connect_object (dismiss, "clicked", G_CALLBACK (on_dismiss_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (card), dismiss);

  if (!can_merge)
    {
      GtkWidget *note = gtk_label_new (_("Reception or an administrator can merge these records."));

      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_widget_add_css_class (note, "dim-label");
      gtk_box_append (GTK_BOX (card), note);
    }

  return card;
}

static guint
care_sync_page_fill_duplicates (CareSyncPage *self,
                                GPtrArray    *flags)
{
  guint shown = 0;

  clear_box (GTK_WIDGET (self->duplicates_box));

  for (guint i = 0; flags != NULL && i < flags->len; i++)
    {
      GtkWidget *card = build_duplicate (self, g_ptr_array_index (flags, i));

      if (card == NULL)
        continue;

      gtk_box_append (self->duplicates_box, card);
      shown++;
    }

  if (shown == 0)
    gtk_box_append (self->duplicates_box,
                    empty_row_new ("sync-duplicates-empty", _("No possible duplicates")));

  return shown;
}

/* --- refreshing -------------------------------------------------------------- */

/* What the page shows, in short: the ids of what it lists. */
static char *
signature_of (GPtrArray  *conflicts,
              GPtrArray  *rejected,
              GPtrArray  *flags)
{
  GString *signature = g_string_new (NULL);

  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    g_string_append_printf (signature, "c%s;", json_string (g_ptr_array_index (conflicts, i), "id"));
  for (guint i = 0; rejected != NULL && i < rejected->len; i++)
    g_string_append_printf (signature, "r%s;", json_string (g_ptr_array_index (rejected, i), "mutation_id"));
  for (guint i = 0; flags != NULL && i < flags->len; i++)
    g_string_append_printf (signature, "d%s;", care_record_get_id (g_ptr_array_index (flags, i)));

  return g_string_free (signature, FALSE);
}

/* After this workstation met a server restored from an older backup:
 * when, and what it sent back (care_sync_restore_info()). */
static void
care_sync_page_show_restore (CareSyncPage *self,
                             CareStore    *store)
{
  gint64 at = 0, resent = 0;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *day = NULL;
  g_autofree char *text = NULL;

  if (!care_sync_restore_info (store, &at, &resent))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->restore_label), FALSE);
      return;
    }
  when = g_date_time_new_from_unix_local (at);
  day = g_date_time_format (when, "%x %H:%M");
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "On %s the clinic server was restored from an older backup. This workstation "
                                       "sent back %d change or record the server had lost. Any change also made on "
                                       "the server since is listed under Conflicts.",
                                       "On %s the clinic server was restored from an older backup. This workstation "
                                       "sent back %d changes and records the server had lost. Any change also made on "
                                       "the server since is listed under Conflicts.",
                                       (gulong) resent),
                          day, (int) resent);
  gtk_label_set_text (self->restore_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->restore_label), TRUE);
}

/* Rebuilds when what is listed changed (or when forced): a rebuild takes
 * the keyboard focus away, and records arriving from the server must not
 * do that to someone reading a conflict. */
static void
care_sync_page_reload (CareSyncPage *self,
                       gboolean      force)
{
  CareStore *store = care_sync_page_get_store (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autofree char *signature = NULL;
  GtkAdjustment *adjustment;
  double position;

  conflicts = care_sync_list_conflicts (store, &error);
  if (conflicts == NULL)
    g_message ("Could not list the sync conflicts: %s", error ? error->message : "?");
  g_clear_error (&error);

  rejected = care_sync_list_rejected (store, &error);
  if (rejected == NULL)
    g_message ("Could not list the refused changes: %s", error ? error->message : "?");
  g_clear_error (&error);

  flags = care_store_list (store, care_schema_lookup ("patient_duplicate"),
                           "status", "open", CARE_COLUMN_CREATED_AT " DESC", 100, &error);
  if (flags == NULL)
    g_message ("Could not list possible duplicates: %s", error ? error->message : "?");

  care_sync_page_show_restore (self, store);
  signature = signature_of (conflicts, rejected, flags);
  if (!force && g_strcmp0 (signature, self->signature) == 0)
    return;

  g_free (self->signature);
  self->signature = g_steal_pointer (&signature);

  /* The rebuilt page stays where the person was reading. */
  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  position = gtk_adjustment_get_value (adjustment);

  care_sync_page_fill_conflicts (self, conflicts);
  care_sync_page_fill_rejected (self, rejected);
  care_sync_page_fill_duplicates (self, flags);

  gtk_adjustment_set_value (adjustment, position);
}

void
care_sync_page_refresh (CareSyncPage *self)
{
  g_return_if_fail (CARE_IS_SYNC_PAGE (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);

  if (care_page_get_session (CARE_PAGE (self)) != NULL)
    care_sync_page_reload (self, TRUE);
}

static gboolean
on_refresh_idle_cb (gpointer user_data)
{
  CareSyncPage *self = user_data;

  self->refresh_source = 0;
  care_sync_page_reload (self, FALSE);

  return G_SOURCE_REMOVE;
}

static void
care_sync_page_queue_refresh (CareSyncPage *self)
{
  if (self->refresh_source != 0)
    return;

  self->refresh_source = g_idle_add_full (G_PRIORITY_LOW, on_refresh_idle_cb, self, NULL);
  g_source_set_name_by_id (self->refresh_source, "[caredesk] sync page refresh");
}

static void
on_engine_counts_notify_cb (GObject      *engine,
                            GParamSpec   *pspec,
                            CareSyncPage *self)
{
  care_sync_page_queue_refresh (self);
}

static void
on_store_changed_cb (CareStore    *store,
                     const char   *entity,
                     const char   *id,
                     CareSyncPage *self)
{
  if (g_strcmp0 (entity, "patient_duplicate") == 0)
    care_sync_page_queue_refresh (self);
}

static void
care_sync_page_set_engine (CareSyncPage   *self,
                           CareSyncEngine *engine)
{
  static const char *const counts[] = {
    "notify::conflicts", "notify::rejected", "notify::duplicates", "notify::pending", NULL
  };

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);

  for (guint i = 0; engine != NULL && counts[i] != NULL; i++)
    {
      /* "duplicates" may not be installed: connecting would warn. */
      if (g_str_equal (counts[i], "notify::duplicates") &&
          g_object_class_find_property (G_OBJECT_GET_CLASS (engine), "duplicates") == NULL)
        continue;

      g_signal_connect_object (engine, counts[i], G_CALLBACK (on_engine_counts_notify_cb), self, 0);
    }
}

static void
on_session_engine_notify_cb (CareSession  *session,
                             GParamSpec   *pspec,
                             CareSyncPage *self)
{
  care_sync_page_set_engine (self, care_session_get_sync_engine (session));
  care_sync_page_queue_refresh (self);
}

/* --- GObject --------------------------------------------------------------- */

static void
care_sync_page_constructed (GObject *object)
{
  CareSyncPage *self = CARE_SYNC_PAGE (object);

  G_OBJECT_CLASS (care_sync_page_parent_class)->constructed (object);

  g_signal_connect_object (care_sync_page_get_store (self), "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);
  g_signal_connect_object (care_page_get_session (CARE_PAGE (self)), "notify::sync-engine",
                           G_CALLBACK (on_session_engine_notify_cb), self, 0);
  care_sync_page_set_engine (self, care_session_get_sync_engine (care_page_get_session (CARE_PAGE (self))));

  care_sync_page_refresh (self);
}

static void
care_sync_page_dispose (GObject *object)
{
  CareSyncPage *self = CARE_SYNC_PAGE (object);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  care_sync_page_set_engine (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_SYNC_PAGE);

  G_OBJECT_CLASS (care_sync_page_parent_class)->dispose (object);
}

static void
care_sync_page_finalize (GObject *object)
{
  CareSyncPage *self = CARE_SYNC_PAGE (object);

  g_clear_pointer (&self->choices, g_hash_table_unref);
  g_clear_pointer (&self->signature, g_free);

  G_OBJECT_CLASS (care_sync_page_parent_class)->finalize (object);
}

static void
care_sync_page_class_init (CareSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "sync", N_("Sync"),
                            "emblem-synchronizing-symbolic", NULL);
  care_page_class_set_needs_sync (CARE_PAGE_CLASS (klass), TRUE);

  object_class->constructed = care_sync_page_constructed;
  object_class->dispose = care_sync_page_dispose;
  object_class->finalize = care_sync_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/sync/care-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareSyncPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, CareSyncPage, restore_label);
  gtk_widget_class_bind_template_child (widget_class, CareSyncPage, conflicts_box);
  gtk_widget_class_bind_template_child (widget_class, CareSyncPage, rejected_list);
  gtk_widget_class_bind_template_child (widget_class, CareSyncPage, duplicates_box);
}

static void
care_sync_page_init (CareSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_hash_table_unref);
}
