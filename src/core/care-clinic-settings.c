/* care-clinic-settings.c: the clinic's own details, checked before they are kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-clinic-settings"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "care-clinic-settings.h"
#include "care-store-rules.h"

#define ENTITY (care_schema_lookup ("tenant"))

/* Every write: the logo's size (a workstation may have kept an image of
 * a format this one cannot read). */
static gboolean
check_logo_size (GBytes  *bytes,
                 GError **error)
{
  if (bytes == NULL || g_bytes_get_size (bytes) <= CARE_CLINIC_LOGO_MAX_BYTES)
    return TRUE;
  {
    g_autofree char *limit = g_format_size (CARE_CLINIC_LOGO_MAX_BYTES);
    /* Translators: %s is a size, e.g. "2.1 MB" */
    g_autofree char *detail = g_strdup_printf (_("The image is too large; choose one of at most %s."), limit);

    care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, ENTITY, "logo", detail);
    return FALSE;
  }
}

gboolean
care_clinic_settings_check_logo (GBytes  *bytes,
                                 GError **error)
{
  static const guchar png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guchar jpeg[] = { 0xff, 0xd8, 0xff };
  gsize size = 0;
  const guchar *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;

  if (data == NULL || size == 0)
    return TRUE;
  if (!check_logo_size (bytes, error))
    return FALSE;
  if ((size >= sizeof png && memcmp (data, png, sizeof png) == 0) ||
      (size >= sizeof jpeg && memcmp (data, jpeg, sizeof jpeg) == 0))
    return TRUE;
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, ENTITY, "logo",
                             _("Choose a PNG or JPEG image."));
  return FALSE;
}

static gboolean
prepare_clinic (CareRuleContext *ctx,
                CareRecord      *before,
                CareRecord      *record,
                GError         **error)
{
  g_autofree char *currency = g_strdup (care_record_get (record, "currency"));
  GBytes *logo = care_record_get_blob (record, "logo");

  if (!check_logo_size (logo, error))
    return FALSE;
  /* Currency codes are ISO 4217: three letters, kept in capitals. */
  for (guint i = 0; currency && currency[i]; i++)
    if (!g_ascii_isalpha (currency[i]))
      {
        care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, ENTITY, "currency",
                                   _("Use the three letters of the currency, e.g. EUR."));
        return FALSE;
      }
  if (currency)
    {
      for (guint i = 0; currency[i]; i++)
        currency[i] = g_ascii_toupper (currency[i]);
      care_record_set (record, "currency", currency);
    }
  return TRUE;
}

const CareEntityRules *
care_clinic_settings_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "tenant", prepare_clinic, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

gboolean
care_clinic_settings_save (CareStore  *store,
                           CareRecord *clinic,
                           GError    **error)
{
  g_autoptr(CareRecord) before = NULL;
  CareRuleContext ctx;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (clinic != NULL, FALSE);

  before = care_store_get_clinic (store);
  care_store_rule_context_init (&ctx, store);
  return care_rules_prepare (&ctx, before, clinic, error) && care_store_update (store, clinic, error);
}
