/* care-code-completion.c: the note's diagnosis field searches the clinic's code list
 *
 * A GtkEntryCompletion whose model is refilled from core's search at
 * each keystroke the doctor makes (not when the dialog fills the field):
 * arrows move through the offers, Enter takes one, Escape leaves the
 * text as typed. Free text stays allowed; the code is optional.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-code-completion"

#include "config.h"

#include <glib/gi18n.h>

#include "care-code-completion.h"
#include "care-code-list.h"

/* GtkEntryCompletion is what GTK 4.8 (Debian 12) offers for this. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

#define N_OFFERS 8

enum { COL_CODE, COL_TITLE, COL_TEXT, N_COLS };

typedef struct {
  CareStore    *store;
  GtkEntry     *code;
  GtkListStore *offers;
} Completion;

static void
completion_free (Completion *c)
{
  g_clear_object (&c->store);
  g_clear_weak_pointer (&c->code);
  g_clear_object (&c->offers);
  g_free (c);
}

static void
changed_cb (GtkEditable *entry,
            Completion  *c)
{
  g_autoptr(GPtrArray) codes = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (entry));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  /* Filled by the dialog (an amendment), not typed: offer nothing. */
  if (focus == NULL || (focus != GTK_WIDGET (entry) && !gtk_widget_is_ancestor (focus, GTK_WIDGET (entry))))
    return;
  gtk_list_store_clear (c->offers);
  codes = care_code_list_search (c->store, gtk_editable_get_text (entry), N_OFFERS, NULL);
  for (guint i = 0; codes && i < codes->len; i++)
    {
      const char *code = care_record_get (codes->pdata[i], "code");
      const char *title = care_record_get (codes->pdata[i], "title");
      /* Translators: a diagnosis code offered while typing: "J20.9 — Acute bronchitis, unspecified" */
      g_autofree char *text = g_strdup_printf (_("%s — %s"), code, title);

      gtk_list_store_insert_with_values (c->offers, NULL, -1, COL_CODE, code, COL_TITLE, title, COL_TEXT, text, -1);
    }
}

static gboolean
match_selected_cb (GtkEntryCompletion *completion,
                   GtkTreeModel       *model,
                   GtkTreeIter        *iter,
                   Completion         *c)
{
  g_autofree char *code = NULL, *title = NULL;
  GtkWidget *entry = gtk_entry_completion_get_entry (completion);

  gtk_tree_model_get (model, iter, COL_CODE, &code, COL_TITLE, &title, -1);
  gtk_editable_set_text (GTK_EDITABLE (entry), title);
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
  if (c->code)
    gtk_editable_set_text (GTK_EDITABLE (c->code), code);
  return TRUE;
}

/* The model holds only what core found: every row matches. */
static gboolean
match_all (GtkEntryCompletion *completion,
           const char         *key,
           GtkTreeIter        *iter,
           gpointer            data)
{
  return TRUE;
}

void
care_code_completion_attach (GtkEntry  *diagnosis,
                             GtkEntry  *code,
                             CareStore *store)
{
  GtkEntryCompletion *completion = gtk_entry_completion_new ();
  GtkCellRenderer *cell = gtk_cell_renderer_text_new ();
  Completion *c = g_new0 (Completion, 1);

  g_return_if_fail (GTK_IS_ENTRY (diagnosis) && CARE_IS_STORE (store));

  c->store = g_object_ref (store);
  g_set_weak_pointer (&c->code, code);
  c->offers = gtk_list_store_new (N_COLS, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (c->offers));
  gtk_entry_completion_set_match_func (completion, match_all, NULL, NULL);
  gtk_entry_completion_set_minimum_key_length (completion, 1);
  gtk_entry_completion_set_popup_set_width (completion, FALSE);
  gtk_cell_layout_pack_start (GTK_CELL_LAYOUT (completion), cell, TRUE);
  gtk_cell_layout_add_attribute (GTK_CELL_LAYOUT (completion), cell, "text", COL_TEXT);
  g_signal_connect_data (diagnosis, "changed", G_CALLBACK (changed_cb), c, (GClosureNotify) (void (*) (void)) completion_free, 0);
  g_signal_connect (completion, "match-selected", G_CALLBACK (match_selected_cb), c);
  gtk_entry_set_completion (diagnosis, completion);
  g_object_unref (completion);
}

G_GNUC_END_IGNORE_DEPRECATIONS
