/* care-notifications.c: who is told of what, whoever writes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-notifications"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-clock.h"
#include "care-lab.h"
#include "care-notifications.h"

static gboolean
notify_one (CareRuleContext *ctx,
            const char      *user_id,
            const char      *patient_id,
            const char      *kind,
            const char      *message,
            const char      *link_entity,
            const char      *link_id,
            GError         **error)
{
  g_autoptr(CareRecord) n = NULL;
  g_autofree char *text = NULL;

  if (user_id == NULL)
    return TRUE;
  n = care_record_new (care_schema_lookup ("notification"));
  text = g_utf8_substring (message, 0, MIN (g_utf8_strlen (message, -1), 400));
  care_record_set (n, "user_id", user_id);
  care_record_set (n, "patient_id", patient_id);
  care_record_set (n, "kind", kind);
  care_record_set (n, "message", text);
  care_record_set (n, "link_entity", link_entity);
  care_record_set (n, "link_id", link_id);
  care_notifications_mark (n, FALSE);
  return ctx->insert (ctx, n, error);
}

gboolean
care_notify (CareRuleContext *ctx,
             const char      *user_id,
             const char      *kind,
             const char      *message,
             const char      *link_entity,
             const char      *link_id,
             GError         **error)
{
  return notify_one (ctx, user_id, NULL, kind, message, link_entity, link_id, error);
}

gboolean
care_notify_patient (CareRuleContext *ctx,
                     const char      *patient_id,
                     const char      *kind,
                     const char      *message,
                     const char      *link_entity,
                     const char      *link_id,
                     GError         **error)
{
  /* A signed-in patient's account id is their patient id. */
  return notify_one (ctx, patient_id, patient_id, kind, message, link_entity, link_id, error);
}

void
care_notifications_mark (CareRecord *notification,
                         gboolean    read)
{
  care_record_set (notification, "read", read ? "1" : "0");
}

/* --- the staff member's list, in the app's store ----------------------- */

GPtrArray *
care_notifications_list (CareStore  *store,
                         const char *user_id,
                         guint       limit,
                         GError    **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  /* Ids are UUIDv7: they sort by the time they were made, wherever that was. */
  return care_store_list (store, care_schema_lookup ("notification"), "user_id", user_id, "id DESC", limit, error);
}

static gboolean
is_unread (CareRecord *notification)
{
  return g_strcmp0 (care_record_get (notification, "read"), "1") != 0;
}

guint
care_notifications_count_unread (CareStore  *store,
                                 const char *user_id)
{
  g_autoptr(GPtrArray) all = care_notifications_list (store, user_id, 0, NULL);
  guint n = 0;

  for (guint i = 0; all && i < all->len; i++)
    n += is_unread (all->pdata[i]);
  return n;
}

static gboolean
mark_read (CareStore  *store,
           CareRecord *notification,
           GError    **error)
{
  if (!is_unread (notification))
    return TRUE;
  care_notifications_mark (notification, TRUE);
  return care_store_update (store, notification, error);
}

gboolean
care_notifications_mark_read (CareStore  *store,
                              const char *id,
                              GError    **error)
{
  g_autoptr(CareRecord) notification = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  notification = care_store_get (store, care_schema_lookup ("notification"), id, error);
  return notification != NULL && mark_read (store, notification, error);
}

gboolean
care_notifications_mark_all_read (CareStore  *store,
                                  const char *user_id,
                                  GError    **error)
{
  g_autoptr(GPtrArray) all = care_notifications_list (store, user_id, 0, error);

  if (all == NULL || !care_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < all->len; i++)
    if (!mark_read (store, all->pdata[i], error))
      {
        care_store_rollback (store);
        return FALSE;
      }
  return care_store_commit (store, error);
}

/* --- who is told of what ------------------------------------------------ */

/* "Tuesday 8 December, 09:00" on the clinic's wall clock (the writer's:
 * the server runs on the clinic's time zone), as a doctor reads it. */
static char *
format_when (const char *instant)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  gint64 usec = 0;

  if (instant == NULL || !care_clock_parse_instant (instant, &usec))
    return g_strdup (instant ? instant : "");
  utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  /* Translators: when a requested appointment is, e.g. "Tuesday 8 December, 09:00" (strftime) */
  return g_date_time_format (local, _("%A %-d %B, %H:%M"));
}

static gboolean
appointment_written (CareRuleContext *ctx,
                     CareRecord      *appointment,
                     gboolean         created,
                     GError         **error)
{
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  if (!created)
    return TRUE;
  when = format_when (care_record_get (appointment, "starts_at"));
  if (g_strcmp0 (care_record_get (appointment, "status"), "requested") == 0)
    /* Translators: %s is the appointment's time */
    text = g_strdup_printf (_("New appointment request on %s"), when);
  else
    /* Translators: %s is the appointment's time */
    text = g_strdup_printf (_("New appointment booked on %s"), when);
  return care_notify (ctx, care_record_get (appointment, "provider_id"), "appointment", text,
                      "appointment", care_record_get_id (appointment), error);
}

static gboolean
message_written (CareRuleContext *ctx,
                 CareRecord      *message,
                 gboolean         created,
                 GError         **error)
{
  g_autoptr(CareRecord) user = NULL;
  g_autoptr(CareRecord) sender = NULL;
  g_autofree char *from = NULL;
  g_autofree char *text = NULL;
  const char *sender_id = care_record_get (message, "sender_id");
  const char *subject = care_record_get (message, "subject");

  if (!created)
    return TRUE;
  /* Patients read their messages in the portal, without notifications. */
  user = ctx->get (ctx, care_schema_lookup ("user"), care_record_get (message, "recipient_id"));
  if (user == NULL)
    return TRUE;
  sender = ctx->get (ctx, care_schema_lookup ("user"), sender_id);
  if (sender == NULL)
    sender = ctx->get (ctx, care_schema_lookup ("patient"), sender_id);
  from = sender ? care_record_dup_title (sender) : NULL;
  if (from && subject)
    /* Translators: a new message: who from, its subject, e.g. "Ana Ruiz: My rash" */
    text = g_strdup_printf (_("%s: %s"), from, subject);
  else if (from)
    /* Translators: %s is who wrote the message */
    text = g_strdup_printf (_("New message from %s"), from);
  else
    text = g_strdup (subject ? subject : _("New message"));
  return care_notify (ctx, care_record_get_id (user), "message", text, "message", care_record_get_id (message), error);
}

static gboolean
refill_written (CareRuleContext *ctx,
                CareRecord      *refill,
                gboolean         created,
                GError         **error)
{
  g_autoptr(CareRecord) rx = NULL;

  if (!created)
    return TRUE;
  rx = ctx->get (ctx, care_schema_lookup ("prescription"), care_record_get (refill, "prescription_id"));
  return rx == NULL ||
         care_notify (ctx, care_record_get (rx, "prescriber_id"), "prescription", _("Refill requested"),
                      "refill_request", care_record_get_id (refill), error);
}

/* A new prescription tells its patient, naming who prescribed it. */
static gboolean
prescription_written (CareRuleContext *ctx,
                      CareRecord      *rx,
                      gboolean         created,
                      GError         **error)
{
  g_autoptr(CareRecord) prescriber = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (!created)
    return TRUE;
  prescriber = ctx->get (ctx, care_schema_lookup ("user"), care_record_get (rx, "prescriber_id"));
  name = prescriber ? care_record_dup_title (prescriber) : NULL;
  if (name)
    /* Translators: to a patient; %s is the prescriber's name */
    text = g_strdup_printf (_("New prescription from %s"), name);
  else
    text = g_strdup (_("New prescription"));
  return care_notify_patient (ctx, care_record_get (rx, "patient_id"), "prescription", text,
                              "prescription", care_record_get_id (rx), error);
}

/* A refill request decided tells its patient how, and why not. */
static gboolean
refill_prepare (CareRuleContext *ctx,
                CareRecord      *before,
                CareRecord      *refill,
                GError         **error)
{
  const char *status = care_record_get (refill, "status");
  const char *why = care_record_get (refill, "decision_reason");
  g_autofree char *text = NULL;

  if (before == NULL || g_strcmp0 (care_record_get (before, "status"), "pending") != 0 ||
      g_strcmp0 (status, "pending") == 0)
    return TRUE;
  if (g_strcmp0 (status, "approved") == 0)
    text = g_strdup (_("Your refill request was approved"));
  else if (why)
    /* Translators: to a patient; %s is the prescriber's reason */
    text = g_strdup_printf (_("Your refill request was not approved: %s"), why);
  else
    text = g_strdup (_("Your refill request was not approved"));
  return care_notify_patient (ctx, care_record_get (refill, "patient_id"), "prescription", text,
                              "refill_request", care_record_get_id (refill), error);
}

/* A form accepted or rejected tells its patient, with the reviewer's
 * note when it was not. */
static gboolean
form_prepare (CareRuleContext *ctx,
              CareRecord      *before,
              CareRecord      *form,
              GError         **error)
{
  const char *status = care_record_get (form, "status");
  const char *notes = care_record_get (form, "review_notes");
  const char *template_id = care_record_get (form, "template_id");
  g_autoptr(CareRecord) tmpl = template_id ? ctx->get (ctx, care_schema_lookup ("form_template"), template_id) : NULL;
  const char *name;
  g_autofree char *text = NULL;

  if (before == NULL || g_strcmp0 (care_record_get (before, "status"), status) == 0 ||
      (g_strcmp0 (status, "approved") != 0 && g_strcmp0 (status, "rejected") != 0))
    return TRUE;
  name = tmpl ? care_record_get (tmpl, "name")
              : care_field_choice_label (care_entity_field (care_record_get_entity (form), "form_type"),
                                         care_record_get (form, "form_type"));
  if (g_str_equal (status, "approved"))
    /* Translators: to a patient; %s is the form's name */
    text = g_strdup_printf (_("Your form “%s” was accepted"), name);
  else if (notes)
    /* Translators: to a patient; the form's name, then the reviewer's note */
    text = g_strdup_printf (_("Your form “%s” was not accepted: %s"), name, notes);
  else
    /* Translators: to a patient; %s is the form's name */
    text = g_strdup_printf (_("Your form “%s” was not accepted"), name);
  return care_notify_patient (ctx, care_record_get (form, "patient_id"), "system", text,
                              "form_submission", care_record_get_id (form), error);
}

static gboolean
alert_written (CareRuleContext *ctx,
               CareRecord      *alert,
               gboolean         created,
               GError         **error)
{
  const CareField *kind = care_entity_field (care_record_get_entity (alert), "kind");
  g_autoptr(GPtrArray) staff = NULL;
  g_autofree char *text = NULL;

  if (!created)
    return TRUE;
  staff = ctx->list (ctx, care_schema_lookup ("user"), "active", "1", error);
  if (staff == NULL)
    return FALSE;
  /* Translators: an emergency alert's kind, then where it is, e.g. "Code blue at Ward A, bed 3" */
  text = g_strdup_printf (_("%s at %s"), care_field_choice_label (kind, care_record_get (alert, "kind")),
                          care_record_get (alert, "location"));
  for (guint i = 0; i < staff->len; i++)
    if (!care_notify (ctx, care_record_get_id (g_ptr_array_index (staff, i)), "emergency", text,
                      "emergency_alert", care_record_get_id (alert), error))
      return FALSE;
  return TRUE;
}

/* Before the write, in its transaction: only then is the change known. */
static gboolean
lab_test_prepare (CareRuleContext *ctx,
                  CareRecord      *before,
                  CareRecord      *test,
                  GError         **error)
{
  if (g_strcmp0 (care_record_get (test, "status"), "completed") != 0 ||
      (before && g_strcmp0 (care_record_get (before, "status"), "completed") == 0) || before == NULL)
    return TRUE;
  return care_notify (ctx, care_record_get (test, "requested_by"), "lab_result", _("Lab results are ready"),
                      "lab_test", care_record_get_id (test), error);
}

/* An amendment of a verified result tells the doctor who asked, with
 * the value it replaces. */
static gboolean
lab_amendment_written (CareRuleContext *ctx,
                       CareRecord      *test,
                       CareRecord      *result,
                       GError         **error)
{
  const char *status = care_record_get (test, "status");
  const char *unit = care_record_get (result, "unit");
  g_autoptr(CareRecord) earlier = NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (status, "verified") != 0 && g_strcmp0 (status, "reviewed") != 0)
    return TRUE;
  earlier = ctx->get (ctx, care_schema_lookup ("lab_result"), care_record_get (result, "amends_id"));
  /* Translators: a verified lab result was corrected: analyte, new value,
   * unit, the earlier value, test, e.g. "Amended result: Haemoglobin
   * 12.9 g/dL (was 13.9) in Complete blood count; a new report version
   * follows" */
  text = g_strdup_printf (_("Amended result: %s %s %s (was %s) in %s; a new report version follows"),
                          _(care_record_get (result, "analyte")), care_record_get (result, "value"), unit ? unit : "",
                          earlier ? care_record_get (earlier, "value") : "—", _(care_record_get (test, "test_name")));
  return care_notify (ctx, care_record_get (test, "requested_by"), "lab_result", text,
                      "lab_test", care_record_get_id (test), error);
}

/* A critical value tells the doctor who asked, at once: before the
 * results are complete or verified. */
static gboolean
lab_result_written (CareRuleContext *ctx,
                    CareRecord      *result,
                    gboolean         created,
                    GError         **error)
{
  g_autoptr(CareRecord) test = NULL;
  g_autofree char *text = NULL;
  const char *unit = care_record_get (result, "unit");

  if (!created)
    return TRUE;
  test = ctx->get (ctx, care_schema_lookup ("lab_test"), care_record_get (result, "lab_test_id"));
  if (test == NULL)
    return TRUE;
  if (care_record_get (result, "amends_id") &&
      !lab_amendment_written (ctx, test, result, error))
    return FALSE;
  if (!care_lab_flag_is_critical (care_record_get (result, "flag")))
    return TRUE;
  /* Translators: a critical lab value: analyte, value, unit, test, e.g.
   * "Critical value: Potassium 6.8 mmol/L (Basic metabolic panel)" */
  text = g_strdup_printf (_("Critical value: %s %s %s (%s)"), _(care_record_get (result, "analyte")),
                          care_record_get (result, "value"), unit ? unit : "", _(care_record_get (test, "test_name")));
  return care_notify (ctx, care_record_get (test, "requested_by"), "lab_result", text,
                      "lab_test", care_record_get_id (test), error);
}

const CareEntityRules *
care_notifications_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "appointment", NULL, appointment_written, NULL, NULL },
    { "message", NULL, message_written, NULL, NULL },
    { "refill_request", refill_prepare, refill_written, NULL, NULL },
    { "prescription", NULL, prescription_written, NULL, NULL },
    { "emergency_alert", NULL, alert_written, NULL, NULL },
    { "lab_test", lab_test_prepare, NULL, NULL, NULL },
    { "lab_result", NULL, lab_result_written, NULL, NULL },
    { "form_submission", form_prepare, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}
