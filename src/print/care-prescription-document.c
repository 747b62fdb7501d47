/* care-prescription-document.c: the printed prescription, on the clinic's letterhead
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-prescription-document"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-prescription-document.h"

/* Everything the prescription shows, read from the store on its thread,
 * so that drawing can run in another one. */
typedef struct {
  CareRecord *rx;
  CareRecord *clinic;
  CareRecord *patient;
  GPtrArray  *items;
  char       *prescriber;
} RxData;

static void
rx_data_free (RxData *d)
{
  g_clear_pointer (&d->rx, care_record_unref);
  g_clear_pointer (&d->clinic, care_record_unref);
  g_clear_pointer (&d->patient, care_record_unref);
  g_clear_pointer (&d->items, g_ptr_array_unref);
  g_free (d->prescriber);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RxData, rx_data_free)

static RxData *
rx_data_gather (CareStore   *store,
                const char  *prescription_id,
                GError     **error)
{
  g_autoptr(RxData) d = g_new0 (RxData, 1);
  g_autoptr(CareRecord) prescriber = NULL;

  d->rx = care_store_get (store, care_schema_lookup ("prescription"), prescription_id, error);
  if (d->rx == NULL)
    return NULL;
  d->patient = care_store_get (store, care_schema_lookup ("patient"), care_record_get (d->rx, "patient_id"), error);
  d->items = d->patient ? care_store_list (store, care_schema_lookup ("prescription_item"), "prescription_id",
                                           prescription_id, "id", 0, error) : NULL;
  if (d->items == NULL)
    return NULL;
  d->clinic = care_store_get_clinic (store);
  prescriber = care_store_get (store, care_schema_lookup ("user"), care_record_get (d->rx, "prescriber_id"), NULL);
  d->prescriber = prescriber ? care_record_dup_title (prescriber) : NULL;
  return g_steal_pointer (&d);
}

static const char *
choice (const char *entity,
        CareRecord *record,
        const char *field)
{
  const char *value = care_record_get (record, field);

  return value ? care_field_choice_label (care_entity_field (care_schema_lookup (entity), field), value) : NULL;
}

static void
add_item (CareDocumentTable *table,
          CareRecord        *item)
{
  g_autofree char *medicine = care_document_escape (care_record_get (item, "medicine_name"));
  g_autofree char *instructions = care_document_escape (care_record_get (item, "instructions"));
  g_autofree char *first = instructions && *instructions
                           ? g_strdup_printf ("<b>%s</b>\n<small>%s</small>", medicine, instructions)
                           : g_strdup_printf ("<b>%s</b>", medicine);
  g_autofree char *dose = care_document_escape (care_record_get (item, "dose"));
  g_autofree char *route = care_document_escape (choice ("prescription_item", item, "route"));
  g_autofree char *frequency = care_document_escape (care_record_get (item, "frequency"));
  gint64 days = care_record_get_int (item, "duration_days", 0);
  g_autofree char *duration = days > 0 ? g_strdup_printf (ngettext ("%d day",
                                                                    "%d days", days), (int) days)
                                       : g_strdup ("—");
  g_autofree char *quantity = g_strdup_printf ("%" G_GINT64_FORMAT, care_record_get_int (item, "quantity", 0));
  const char *cells[] = { first, dose, route ? route : "—", frequency, duration, quantity };

  care_document_table_add_row (table, cells, CARE_DOCUMENT_ROW_NONE);
}

/* Touches no store: safe in a worker thread. */
static GBytes *
rx_data_draw (RxData  *d,
              GError **error)
{
  g_autoptr(CareDocument) doc = NULL;
  g_autofree char *name = care_record_dup_title (d->patient);
  g_autofree char *dob = care_document_format_date (care_record_get (d->patient, "date_of_birth"));
  g_autofree char *issued = care_document_format_date (care_record_get (d->rx, "issued_on"));
  g_autofree char *reference = NULL;
  g_autofree char *refills = g_strdup_printf ("%" G_GINT64_FORMAT, care_record_get_int (d->rx, "refills_allowed", 0));
  g_auto(GStrv) allergies = care_record_get_list (d->patient, "allergies");
  g_autofree char *allergy_text = allergies && allergies[0] ? g_strjoinv (", ", allergies) : g_strdup (_("None recorded"));
  const char *notes = care_record_get (d->rx, "notes");
  CareDocumentTable *table;

  /* Translators: the footer of every page of a prescription: patient, MRN */
  reference = g_strdup_printf (_("Prescription: %s, %s"), name,
                               care_record_get (d->patient, "mrn") ? care_record_get (d->patient, "mrn") : "—");
  {
    const char *fields[] = {
      _("Issued"), issued,
      _("Prescriber"), d->prescriber ? d->prescriber : "—",
      _("Refills allowed"), refills,
      NULL,
    };
    CareDocumentInfo info = {
      .title = _("Prescription"),
      .reference = reference,
      .fields = fields,
      .watermark = g_strcmp0 (care_record_get (d->rx, "status"), "cancelled") == 0 ? _("CANCELLED") : NULL,
      .date = care_record_get (d->rx, "issued_on"),
    };

    doc = care_document_new (d->clinic, &info);
  }
  {
    const char *pairs[] = {
      _("Patient"), name,
      _("MRN"), care_record_get (d->patient, "mrn"),
      _("Date of birth"), dob,
      _("Allergies"), allergy_text,
      NULL,
    };
    care_document_add_fields (doc, _("Patient"), pairs, 2);
  }
  care_document_add_heading (doc, _("Medicines"));
  {
    const CareDocumentColumn columns[] = {
      { _("Medicine"), 0.34, CARE_COLUMN_START },
      { _("Dose"), 0.13, CARE_COLUMN_START },
      { _("Route"), 0.12, CARE_COLUMN_START },
      { _("Frequency"), 0.19, CARE_COLUMN_START },
      { _("Duration"), 0.11, CARE_COLUMN_END },
      { _("Quantity"), 0.11, CARE_COLUMN_END },
    };
    table = care_document_add_table (doc, columns, G_N_ELEMENTS (columns));
  }
  for (guint i = 0; i < d->items->len; i++)
    add_item (table, g_ptr_array_index (d->items, i));
  if (notes && *notes)
    {
      g_autofree char *escaped = care_document_escape (notes);

      care_document_add_heading (doc, _("Notes"));
      care_document_add_paragraph (doc, escaped, FALSE);
    }
  care_document_add_space (doc, 36);
  {
    const char *captions[] = { _("Prescriber’s signature"), NULL };
    care_document_add_signatures (doc, captions);
  }
  return care_document_finish (doc, error);
}

GBytes *
care_prescription_document_render (CareStore   *store,
                                   const char  *prescription_id,
                                   GError     **error)
{
  g_autoptr(RxData) d = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store) && prescription_id != NULL, NULL);

  d = rx_data_gather (store, prescription_id, error);
  return d ? rx_data_draw (d, error) : NULL;
}

static void
draw_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *pdf = rx_data_draw (data, &error);

  if (pdf)
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

void
care_prescription_document_render_async (CareStore          *store,
                                         const char         *prescription_id,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;
  RxData *d;

  g_return_if_fail (CARE_IS_STORE (store) && prescription_id != NULL);

  g_task_set_source_tag (task, care_prescription_document_render_async);
  d = rx_data_gather (store, prescription_id, &error);
  if (d == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, d, (GDestroyNotify) rx_data_free);
  g_task_run_in_thread (task, draw_in_thread);
}

GBytes *
care_prescription_document_render_finish (GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
