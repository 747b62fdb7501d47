/* care-billing.c: invoices, their lines, payments and the rules behind them
 *
 * See care-billing.h for the arithmetic. Each public action opens one store
 * transaction (they nest, so a caller may wrap several) and rolls it back
 * on any refusal, so a refused action leaves the store, its outbox and its
 * counters exactly as they were.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-billing"

#include "config.h"

#include "care-clock.h"

#include <glib/gi18n-lib.h>

#include "care-billing.h"
#include "care-numbers.h"
#include "care-store-private.h"
#include "care-uuid.h"

/* A rule domain: its refusals carry the field they concern. */
GQuark
care_billing_error_quark (void)
{
  static gsize quark;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, care_rule_domain_register ("care-billing-error-quark"));
  return (GQuark) quark;
}

#define RATE_SCALE   G_GINT64_CONSTANT (10000)    /* rate_e4 per percent */
#define RATE_DIVISOR G_GINT64_CONSTANT (1000000)  /* 100 % × RATE_SCALE */

/* --- arithmetic ----------------------------------------------------------- */

gboolean
care_billing_parse_rate (const char *text,
                         gint64     *rate_e4)
{
  const char *p;
  gint64 whole = 0, fraction = 0;
  int digits = 0;
  gboolean round_up = FALSE;

  *rate_e4 = 0;
  if (text == NULL)
    return TRUE;
  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return TRUE;

  p = text;
  if (!g_ascii_isdigit (*p) && *p != '.' && *p != ',')
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      whole = whole * 10 + (*p - '0');
      if (whole > 100)
        return FALSE;
    }
  if (*p == '.' || *p == ',')
    {
      p++;
      for (; g_ascii_isdigit (*p); p++)
        {
          if (digits < 4)
            fraction = fraction * 10 + (*p - '0');
          else if (digits == 4)
            round_up = *p >= '5';
          digits++;
        }
    }
  /* Stored DECIMALs may come back as "1e-05" from SQLite's formatting. */
  if (*p == 'e' || *p == 'E')
    {
      double d = g_ascii_strtod (text, NULL);
      if (d < 0 || d > 100)
        return FALSE;
      *rate_e4 = (gint64) (d * RATE_SCALE + 0.5);
      return TRUE;
    }
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0')
    return FALSE;
  for (int i = MIN (digits, 4); i < 4; i++)
    fraction *= 10;
  *rate_e4 = whole * RATE_SCALE + fraction + (round_up ? 1 : 0);
  return *rate_e4 <= 100 * RATE_SCALE;
}

gint64
care_billing_line_tax (gint64 net,
                       gint64 rate_e4)
{
  /* net × rate / D without overflowing: net = q·D + r, so
   * net × rate / D = q·rate + r·rate / D, with r·rate < 10^12. Half up:
   * add D/2 before the integer division of the remainder part. */
  gint64 q, r;

  if (net <= 0 || rate_e4 <= 0)
    return 0;
  q = net / RATE_DIVISOR;
  r = net % RATE_DIVISOR;
  return q * rate_e4 + (r * rate_e4 + RATE_DIVISOR / 2) / RATE_DIVISOR;
}

typedef struct {
  gint64 quantity;
  gint64 unit_price;
  gint64 discount;
  gint64 gross;
  gint64 net;
  gint64 rate_e4;
  gint64 tax;
} LineFigures;

static gboolean
parse_amount_text (const char *text,
                   gint64     *out)
{
  if (text == NULL)
    {
      *out = 0;
      return TRUE;
    }
  return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, out, NULL);
}

static gboolean
line_figures (CareRecord  *item,
              LineFigures *f)
{
  memset (f, 0, sizeof *f);
  if (care_record_get (item, "quantity") == NULL ||
      !parse_amount_text (care_record_get (item, "quantity"), &f->quantity) ||
      care_record_get (item, "unit_price") == NULL ||
      !parse_amount_text (care_record_get (item, "unit_price"), &f->unit_price) ||
      !parse_amount_text (care_record_get (item, "discount"), &f->discount) ||
      !care_billing_parse_rate (care_record_get (item, "tax_rate"), &f->rate_e4))
    return FALSE;
  if (f->quantity < 1 || f->unit_price < 0 || f->discount < 0)
    return FALSE;
  if (__builtin_mul_overflow (f->quantity, f->unit_price, &f->gross))
    return FALSE;
  if (f->discount > f->gross)
    return FALSE;
  f->net = f->gross - f->discount;
  f->tax = care_billing_line_tax (f->net, f->rate_e4);
  return TRUE;
}

gboolean
care_billing_compute_item (CareRecord        *item,
                           CareInvoiceTotals *totals)
{
  LineFigures f;

  g_return_val_if_fail (item != NULL, FALSE);

  if (!line_figures (item, &f))
    return FALSE;
  care_record_set_int (item, "line_total", f.net);
  if (totals)
    {
      totals->subtotal += f.gross;
      totals->discount_total += f.discount;
      totals->tax_total += f.tax;
      totals->total += f.net + f.tax;
    }
  return TRUE;
}

void
care_billing_compute_totals (GPtrArray         *items,
                             CareInvoiceTotals *totals)
{
  memset (totals, 0, sizeof *totals);
  for (guint i = 0; items && i < items->len; i++)
    care_billing_compute_item (g_ptr_array_index (items, i), totals);
}

/* --- money text ------------------------------------------------------------ */

guint
care_billing_currency_digits (const char *currency)
{
  static const char *const zero[] = { "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW",
                                      "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF", NULL };
  static const char *const three[] = { "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND", NULL };

  if (currency == NULL)
    return 2;
  if (g_strv_contains (zero, currency))
    return 0;
  if (g_strv_contains (three, currency))
    return 3;
  return 2;
}

static const char *
currency_symbol (const char *currency)
{
  static const struct { const char *code, *symbol; } symbols[] = {
    { "GBP", "£" }, { "EUR", "€" }, { "USD", "$" }, { "JPY", "¥" },
    { "INR", "₹" }, { "NGN", "₦" }, { "ILS", "₪" }, { "KRW", "₩" },
    { "PHP", "₱" }, { "TRY", "₺" }, { "UAH", "₴" }, { "VND", "₫" },
  };

  for (guint i = 0; currency && i < G_N_ELEMENTS (symbols); i++)
    if (g_str_equal (symbols[i].code, currency))
      return symbols[i].symbol;
  return NULL;
}

char *
care_billing_format_amount (gint64      amount,
                            const char *currency)
{
  guint digits = care_billing_currency_digits (currency);
  guint64 scale = 1, magnitude, whole, fraction;
  char buf[32];
  GString *s = g_string_new (amount < 0 ? "-" : "");
  int len;

  for (guint i = 0; i < digits; i++)
    scale *= 10;
  magnitude = amount < 0 ? (guint64) -(amount + 1) + 1 : (guint64) amount;
  whole = magnitude / scale;
  fraction = magnitude % scale;

  len = g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, whole);
  for (int i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, buf[i]);
    }
  if (digits > 0)
    g_string_append_printf (s, ".%0*" G_GUINT64_FORMAT, (int) digits, fraction);
  return g_string_free (s, FALSE);
}

char *
care_billing_format_money (gint64      amount,
                           const char *currency)
{
  g_autofree char *number = care_billing_format_amount (amount < 0 ? -amount : amount, currency);
  const char *symbol = currency_symbol (currency);

  if (symbol)
    return g_strdup_printf ("%s%s%s", amount < 0 ? "-" : "", symbol, number);
  return g_strdup_printf ("%s%s %s", amount < 0 ? "-" : "", currency ? currency : "", number);
}

gboolean
care_billing_parse_money (const char *text,
                          const char *currency,
                          gint64     *amount)
{
  guint digits = care_billing_currency_digits (currency);
  const char *symbol = currency_symbol (currency);
  g_autoptr(GString) clean = g_string_new (NULL);
  const char *p;
  char *decimal_point = NULL;
  gboolean negative = FALSE;
  gint64 whole = 0, fraction = 0;
  guint n_fraction = 0;
  guint n_dots = 0, n_commas = 0;
  char last_sep = 0;

  g_return_val_if_fail (amount != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  /* Drop spaces, the currency's code and symbol. */
  for (p = text; *p; )
    {
      if (g_ascii_isspace (*p) || g_str_has_prefix (p, "\xc2\xa0"))
        {
          p += g_ascii_isspace (*p) ? 1 : 2;
          continue;
        }
      if (symbol && g_str_has_prefix (p, symbol))
        {
          p += strlen (symbol);
          continue;
        }
      if (currency && g_ascii_strncasecmp (p, currency, strlen (currency)) == 0)
        {
          p += strlen (currency);
          continue;
        }
      g_string_append_c (clean, *p);
      p++;
    }
  p = clean->str;
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (*p == '\0')
    return FALSE;
  for (const char *q = p; *q; q++)
    {
      if (*q == '.')
        n_dots++, last_sep = '.';
      else if (*q == ',')
        n_commas++, last_sep = ',';
      else if (!g_ascii_isdigit (*q))
        return FALSE;
    }

  /* Which separator is the decimal point: the last one, when both appear;
   * a lone one when no more digits follow it than the currency has. */
  if (n_dots + n_commas > 0)
    {
      char *last = strrchr (clean->str, last_sep);
      gsize after = strlen (last + 1);

      if (n_dots > 0 && n_commas > 0)
        decimal_point = last;
      else if ((last_sep == '.' ? n_dots : n_commas) == 1 && after > 0 && after <= MAX (digits, 2) &&
               !(after == 3 && digits < 3))
        decimal_point = last;
      else if ((last_sep == '.' ? n_dots : n_commas) == 1 && after == 0)
        return FALSE;
    }

  /* Grouping separators split the whole part in threes: "1,234,567". */
  {
    const char *end = decimal_point ? decimal_point : p + strlen (p);
    const char *sep = NULL;

    for (const char *q = p; q < end; q++)
      if (*q == '.' || *q == ',')
        {
          if ((sep == NULL && q == p) || (sep != NULL && q - sep != 4))
            return FALSE;
          sep = q;
        }
    if (sep != NULL && end - sep != 4)
      return FALSE;
  }

  for (; *p; p++)
    {
      if (p == decimal_point)
        {
          n_fraction = 0;
          for (p++; *p; p++)
            {
              if (!g_ascii_isdigit (*p))
                return FALSE;
              if (++n_fraction > digits)
                return FALSE;
              fraction = fraction * 10 + (*p - '0');
            }
          break;
        }
      if (*p == '.' || *p == ',')
        continue;
      if (whole > G_MAXINT64 / 100000)
        return FALSE;
      whole = whole * 10 + (*p - '0');
    }
  for (; n_fraction < digits; n_fraction++)
    fraction *= 10;
  for (guint i = 0; i < digits; i++)
    whole *= 10;
  *amount = (whole + fraction) * (negative ? -1 : 1);
  return TRUE;
}

char *
care_billing_sha256 (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/* --- helpers ----------------------------------------------------------------- */

static const CareEntity *
invoice_entity (void)
{
  return care_schema_lookup ("invoice");
}

static const CareEntity *
item_entity (void)
{
  return care_schema_lookup ("invoice_item");
}

/* "Quantity: The quantity must be at least 1." — the field's label first,
 * as the store's validation messages read. */
static void
set_field_error (GError           **error,
                 CareBillingError   code,
                 const CareEntity  *entity,
                 const char        *field_name,
                 const char        *message)
{
  care_rule_set_field_error (error, CARE_BILLING_ERROR, code, entity, field_name, message);
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = care_clock_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

static CareRecord *
load_invoice (CareStore  *store,
              const char *invoice_id,
              GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  CareRecord *invoice = care_store_get (store, invoice_entity (), invoice_id, &local_error);

  if (invoice == NULL)
    {
      if (g_error_matches (local_error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND))
        g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND,
                             _("This invoice no longer exists."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return invoice;
}

static const char *
invoice_label (CareRecord *invoice)
{
  const char *number = care_record_get (invoice, "number");
  return number ? number : _("(draft)");
}

char *
care_billing_dup_label (CareRecord *invoice)
{
  g_autofree char *draft = NULL;

  g_return_val_if_fail (invoice != NULL, NULL);

  if (care_record_get (invoice, "number"))
    return g_strdup (care_record_get (invoice, "number"));
  draft = care_numbers_draft_label (care_record_get_id (invoice));
  /* Translators: %s is a draft's label such as D-3F9A2C, not yet a number */
  return g_strdup_printf (_("Draft %s"), draft);
}

/* A number kept on one line in a wrapped message: a word joiner after
 * each hyphen. Takes text. */
static char *
keep_together (char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "-", -1);

  g_free (text);
  return g_strjoinv ("-\u2060", parts);
}

char *
care_billing_describe_issue (CareStore  *store,
                             CareRecord *invoice)
{
  g_autofree char *draft = NULL;
  g_autofree char *pending = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (invoice != NULL, NULL);

  draft = keep_together (care_numbers_draft_label (care_record_get_id (invoice)));
  pending = keep_together (care_numbers_pending ("invoice", care_store_get_device_code (store)));
  /* Translators: the first %s is a draft's label (D-3F9A2C), the second
   * the form of the invoice number it will get (INV-4FYG-…) */
  return g_strdup_printf (_("Draft %s gets its invoice number, %s, when issued. "
                            "It can then no longer be changed, and the printed document is archived as issued."),
                          draft, pending);
}

gboolean
care_billing_is_editable (CareRecord *invoice)
{
  g_return_val_if_fail (invoice != NULL, FALSE);
  return g_strcmp0 (care_record_get (invoice, "status"), "draft") == 0;
}

gboolean
care_billing_check_editable (CareRecord *invoice,
                             GError    **error)
{
  if (care_billing_is_editable (invoice))
    return TRUE;
  if (g_strcmp0 (care_record_get (invoice, "status"), "void") == 0)
    g_set_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_NOT_DRAFT,
                 _("Invoice %s is void and can no longer be changed."),
                 invoice_label (invoice));
  else
    g_set_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_NOT_DRAFT,
                 _("Invoice %s has been issued and can no longer be changed. "
                   "Void it and issue a corrected invoice instead."),
                 invoice_label (invoice));
  return FALSE;
}

gint64
care_billing_balance_due (CareRecord *invoice)
{
  g_return_val_if_fail (invoice != NULL, 0);
  return care_record_get_int (invoice, "total", 0) - care_record_get_int (invoice, "paid_total", 0);
}

GPtrArray *
care_billing_list_items (CareStore  *store,
                         const char *invoice_id,
                         GError    **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (invoice_id != NULL, NULL);

  return care_store_list (store, item_entity (), "invoice_id", invoice_id, "position", 0, error);
}

/* Recomputes the stored totals of invoice from its stored lines. */
static gboolean
update_totals (CareStore  *store,
               CareRecord *invoice,
               GError    **error)
{
  g_autoptr(GPtrArray) items = care_billing_list_items (store, care_record_get_id (invoice), error);

  if (items == NULL)
    return FALSE;
  care_billing_apply_totals (invoice, items);
  return care_store_update (store, invoice, error);
}

/* --- invoices ---------------------------------------------------------------- */

CareRecord *
care_billing_create_invoice (CareStore  *store,
                             const char *patient_id,
                             const char *appointment_id,
                             GError    **error)
{
  g_autoptr(CareRecord) clinic = NULL;
  g_autoptr(CareRecord) patient = NULL;
  g_autoptr(CareRecord) invoice = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  clinic = care_store_get_clinic (store);
  if (clinic == NULL)
    {
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NO_CLINIC,
                           _("The clinic has not been set up yet."));
      return NULL;
    }
  if (patient_id == NULL ||
      (patient = care_store_get (store, care_schema_lookup ("patient"), patient_id, NULL)) == NULL)
    {
      set_field_error (error, CARE_BILLING_ERROR_INVALID, invoice_entity (), "patient_id",
                       _("Choose the patient to bill."));
      return NULL;
    }
  if (appointment_id)
    {
      g_autoptr(CareRecord) appointment =
        care_store_get (store, care_schema_lookup ("appointment"), appointment_id, NULL);

      if (appointment == NULL ||
          g_strcmp0 (care_record_get (appointment, "patient_id"), patient_id) != 0)
        {
          set_field_error (error, CARE_BILLING_ERROR_INVALID, invoice_entity (), "appointment_id",
                           _("This visit is not one of the patient’s."));
          return NULL;
        }
    }

  invoice = care_record_new (invoice_entity ());
  care_record_set (invoice, "patient_id", patient_id);
  care_record_set (invoice, "appointment_id", appointment_id);
  care_record_set (invoice, "status", "draft");
  care_record_set (invoice, "currency", care_record_get (clinic, "currency"));
  care_record_set_int (invoice, "subtotal", 0);
  care_record_set_int (invoice, "discount_total", 0);
  care_record_set_int (invoice, "tax_total", 0);
  care_record_set_int (invoice, "total", 0);
  care_record_set_int (invoice, "paid_total", 0);

  if (!care_store_insert (store, invoice, error))
    return NULL;
  return g_steal_pointer (&invoice);
}

gboolean
care_billing_delete_draft (CareStore  *store,
                           const char *invoice_id,
                           GError    **error)
{
  g_autoptr(CareRecord) invoice = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  if (!care_store_begin (store, error))
    return FALSE;
  if ((invoice = load_invoice (store, invoice_id, error)) == NULL ||
      !care_billing_check_editable (invoice, error) ||
      (items = care_billing_list_items (store, invoice_id, error)) == NULL)
    goto failed;
  for (guint i = 0; i < items->len; i++)
    if (!care_store_delete (store, item_entity (), care_record_get_id (g_ptr_array_index (items, i)), error))
      goto failed;
  if (!care_store_delete (store, invoice_entity (), invoice_id, error))
    goto failed;
  return care_store_commit (store, error);

failed:
  care_store_rollback (store);
  return FALSE;
}

CareRecord *
care_billing_item_new (const char *kind,
                       const char *description,
                       gint64      quantity,
                       gint64      unit_price,
                       gint64      discount,
                       const char *tax_rate)
{
  CareRecord *item = care_record_new (item_entity ());

  care_record_set (item, "kind", kind ? kind : "other");
  care_record_set (item, "description", description);
  care_record_set_int (item, "quantity", quantity);
  care_record_set_int (item, "unit_price", unit_price);
  care_record_set_int (item, "discount", discount);
  care_record_set (item, "tax_rate", tax_rate);
  return item;
}

/* One whole-number figure of a line (minor units or a count): present when
 * required, a number, at least min and, where too_large is given, at most
 * the schema's maximum. Each message says what to type. */
static gboolean
check_line_figure (CareRecord *item,
                   const char *field,
                   gboolean    required,
                   gint64      min,
                   const char *not_a_number,
                   const char *too_small,
                   const char *too_large,
                   gint64     *out,
                   GError    **error)
{
  const CareEntity *entity = item_entity ();
  const char *text = care_record_get (item, field);
  const char *problem = NULL;

  if ((required && text == NULL) || !parse_amount_text (text, out))
    problem = not_a_number;
  else if (*out < min)
    problem = too_small;
  else if (too_large && *out > care_entity_field (entity, field)->max)
    problem = too_large;

  if (problem == NULL)
    return TRUE;
  set_field_error (error, CARE_BILLING_ERROR_INVALID, entity, field, problem);
  return FALSE;
}

/* The rules of one line, with messages that say what to type. */
gboolean
care_billing_check_item (CareRecord *item,
                         const char *currency,
                         GError    **error)
{
  const CareEntity *entity = item_entity ();
  gint64 quantity, price, discount, rate, gross;

  if (!check_line_figure (item, "quantity", TRUE, 1,
                          _("Enter a whole number, for example 2."),
                          _("The quantity must be at least 1."),
                          _("The quantity is too large."), &quantity, error) ||
      !check_line_figure (item, "unit_price", TRUE, 0,
                          _("Enter an amount, for example 12.50."),
                          _("The price cannot be negative."),
                          _("This amount is too large."), &price, error) ||
      !check_line_figure (item, "discount", FALSE, 0,
                          _("Enter an amount, for example 12.50."),
                          _("The discount cannot be negative."),
                          NULL, &discount, error))
    return FALSE;
  gross = quantity * price;
  if (discount > gross)
    {
      g_autofree char *line = care_billing_format_money (gross, currency);
      g_autofree char *message =
        /* Translators: %s is an amount of money, e.g. £25.00 */
        g_strdup_printf (_("The discount cannot be more than the line amount (%s)."), line);

      set_field_error (error, CARE_BILLING_ERROR_INVALID, entity, "discount", message);
      return FALSE;
    }
  if (!care_billing_parse_rate (care_record_get (item, "tax_rate"), &rate))
    {
      set_field_error (error, CARE_BILLING_ERROR_INVALID, entity, "tax_rate",
                       _("Enter a percentage from 0 to 100, for example 7.5."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_item (CareStore  *store,
            CareRecord *invoice,
            CareRecord *item,
            gboolean    insert,
            GError    **error)
{
  if (!care_billing_check_item (item, care_record_get (invoice, "currency"), error))
    return FALSE;
  care_billing_compute_item (item, NULL);
  if (insert ? !care_store_insert (store, item, error) : !care_store_update (store, item, error))
    return FALSE;
  return update_totals (store, invoice, error);
}

gboolean
care_billing_add_item (CareStore  *store,
                       const char *invoice_id,
                       CareRecord *item,
                       GError    **error)
{
  g_autoptr(CareRecord) invoice = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 position = 0;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (item != NULL && care_record_get_entity (item) == item_entity (), FALSE);

  if (!care_store_begin (store, error))
    return FALSE;
  if ((invoice = load_invoice (store, invoice_id, error)) == NULL ||
      !care_billing_check_editable (invoice, error) ||
      (items = care_billing_list_items (store, invoice_id, error)) == NULL)
    goto failed;

  for (guint i = 0; i < items->len; i++)
    position = MAX (position, care_record_get_int (g_ptr_array_index (items, i), "position", 0) + 1);
  care_record_set (item, "invoice_id", invoice_id);
  care_record_set_int (item, "position", position);
  if (care_record_get (item, "tax_rate") == NULL)
    {
      g_autoptr(CareRecord) clinic = care_store_get_clinic (store);
      care_billing_item_defaults (item, clinic);
    }
  if (!write_item (store, invoice, item, TRUE, error))
    goto failed;
  return care_store_commit (store, error);

failed:
  care_store_rollback (store);
  return FALSE;
}

gboolean
care_billing_update_item (CareStore  *store,
                          CareRecord *item,
                          GError    **error)
{
  g_autoptr(CareRecord) stored = NULL;
  g_autoptr(CareRecord) invoice = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (item != NULL && care_record_get_entity (item) == item_entity (), FALSE);

  if (!care_store_begin (store, error))
    return FALSE;
  if ((stored = care_store_get (store, item_entity (), care_record_get_id (item), error)) == NULL ||
      (invoice = load_invoice (store, care_record_get (stored, "invoice_id"), error)) == NULL ||
      !care_billing_check_editable (invoice, error))
    goto failed;
  /* A line stays on its invoice, in its place. */
  care_record_set (item, "invoice_id", care_record_get (stored, "invoice_id"));
  care_record_set (item, "position", care_record_get (stored, "position"));
  if (!write_item (store, invoice, item, FALSE, error))
    goto failed;
  return care_store_commit (store, error);

failed:
  care_store_rollback (store);
  return FALSE;
}

gboolean
care_billing_remove_item (CareStore  *store,
                          const char *item_id,
                          GError    **error)
{
  g_autoptr(CareRecord) stored = NULL;
  g_autoptr(CareRecord) invoice = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  if (!care_store_begin (store, error))
    return FALSE;
  if ((stored = care_store_get (store, item_entity (), item_id, error)) == NULL ||
      (invoice = load_invoice (store, care_record_get (stored, "invoice_id"), error)) == NULL ||
      !care_billing_check_editable (invoice, error) ||
      !care_store_delete (store, item_entity (), item_id, error) ||
      !update_totals (store, invoice, error))
    goto failed;
  return care_store_commit (store, error);

failed:
  care_store_rollback (store);
  return FALSE;
}

gboolean
care_billing_issue (CareStore            *store,
                    const char           *invoice_id,
                    CareBillingRenderFunc render,
                    gpointer              user_data,
                    GError              **error)
{
  g_autoptr(CareRecord) invoice = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *number = NULL;
  g_autofree char *date = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  if (!care_store_begin (store, error))
    return FALSE;
  if ((invoice = load_invoice (store, invoice_id, error)) == NULL ||
      (items = care_billing_list_items (store, invoice_id, error)) == NULL ||
      !care_billing_check_issue (invoice, items, error))
    goto failed;

  if ((number = care_store_next_number (store, "invoice", error)) == NULL)
    goto failed;
  date = today ();
  care_billing_mark_issued (invoice, items, number, date);
  if (!care_store_update (store, invoice, error))
    goto failed;

  if (render)
    {
      g_autoptr(GBytes) pdf = render (store, invoice, user_data, error);
      g_autofree char *sha = NULL;

      if (pdf == NULL)
        goto failed;
      sha = care_billing_sha256 (pdf);
      care_record_set_blob (invoice, "pdf", pdf);
      care_record_set (invoice, "pdf_sha256", sha);
      if (!care_store_update (store, invoice, error))
        goto failed;
    }
  return care_store_commit (store, error);

failed:
  care_store_rollback (store);
  return FALSE;
}

static gboolean
void_in_transaction (CareStore  *store,
                     CareRecord *invoice,
                     const char *reason,
                     GError    **error)
{
  return care_billing_decide_void (invoice, reason, error) &&
         care_store_update (store, invoice, error);
}

gboolean
care_billing_void (CareStore  *store,
                   const char *invoice_id,
                   const char *reason,
                   GError    **error)
{
  g_autoptr(CareRecord) invoice = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  if (!care_store_begin (store, error))
    return FALSE;
  if ((invoice = load_invoice (store, invoice_id, error)) == NULL ||
      !void_in_transaction (store, invoice, reason, error))
    {
      care_store_rollback (store);
      return FALSE;
    }
  return care_store_commit (store, error);
}

CareRecord *
care_billing_void_and_reissue (CareStore  *store,
                               const char *invoice_id,
                               const char *reason,
                               GError    **error)
{
  static const char *const copied[] = {
    "kind", "description", "quantity", "unit_price", "discount", "tax_rate",
    "source_entity", "source_id", "line_total", "position", NULL };
  g_autoptr(CareRecord) invoice = NULL;
  g_autoptr(CareRecord) draft = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (!care_store_begin (store, error))
    return NULL;
  if ((invoice = load_invoice (store, invoice_id, error)) == NULL ||
      !void_in_transaction (store, invoice, reason, error) ||
      (items = care_billing_list_items (store, invoice_id, error)) == NULL)
    goto failed;

  draft = care_record_new (invoice_entity ());
  care_record_set (draft, "patient_id", care_record_get (invoice, "patient_id"));
  care_record_set (draft, "appointment_id", care_record_get (invoice, "appointment_id"));
  care_record_set (draft, "currency", care_record_get (invoice, "currency"));
  care_record_set (draft, "notes", care_record_get (invoice, "notes"));
  care_record_set (draft, "due_on", NULL);
  care_record_set (draft, "status", "draft");
  care_record_set (draft, "replaces_id", invoice_id);
  care_record_set_int (draft, "paid_total", 0);
  if (!care_store_insert (store, draft, error))
    goto failed;
  for (guint i = 0; i < items->len; i++)
    {
      CareRecord *old = g_ptr_array_index (items, i);
      g_autoptr(CareRecord) copy = care_record_new (item_entity ());

      for (guint k = 0; copied[k]; k++)
        care_record_set (copy, copied[k], care_record_get (old, copied[k]));
      care_record_set (copy, "invoice_id", care_record_get_id (draft));
      if (!care_store_insert (store, copy, error))
        goto failed;
    }
  if (!update_totals (store, draft, error))
    goto failed;
  if (!care_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&draft);

failed:
  care_store_rollback (store);
  return NULL;
}

/* --- the rules, on records ------------------------------------------------------ */

void
care_billing_item_defaults (CareRecord *item,
                            CareRecord *clinic)
{
  const char *rate = clinic ? care_record_get (clinic, "tax_rate") : NULL;

  g_return_if_fail (item != NULL);

  if (care_record_get (item, "tax_rate") == NULL)
    care_record_set (item, "tax_rate", rate ? rate : "0");
}

void
care_billing_apply_totals (CareRecord *invoice,
                           GPtrArray  *items)
{
  CareInvoiceTotals totals;

  g_return_if_fail (invoice != NULL);

  care_billing_compute_totals (items, &totals);
  care_record_set_int (invoice, "subtotal", totals.subtotal);
  care_record_set_int (invoice, "discount_total", totals.discount_total);
  care_record_set_int (invoice, "tax_total", totals.tax_total);
  care_record_set_int (invoice, "total", totals.total);
  if (care_record_get (invoice, "paid_total") == NULL)
    care_record_set_int (invoice, "paid_total", 0);
}

gboolean
care_billing_check_issue (CareRecord *invoice,
                          GPtrArray  *items,
                          GError    **error)
{
  g_return_val_if_fail (invoice != NULL, FALSE);

  if (!care_billing_is_editable (invoice))
    {
      if (g_strcmp0 (care_record_get (invoice, "status"), "void") == 0)
        return care_billing_check_editable (invoice, error);
      g_set_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_STATUS,
                   _("Invoice %s has already been issued."), invoice_label (invoice));
      return FALSE;
    }
  if (items == NULL || items->len == 0)
    {
      g_set_error_literal (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_EMPTY,
                           _("An invoice without lines cannot be issued. Add at least one line first."));
      return FALSE;
    }
  for (guint i = 0; i < items->len; i++)
    if (!care_billing_check_item (g_ptr_array_index (items, i), care_record_get (invoice, "currency"), error))
      return FALSE;
  return TRUE;
}

void
care_billing_mark_issued (CareRecord *invoice,
                          GPtrArray  *items,
                          const char *number,
                          const char *date)
{
  g_return_if_fail (invoice != NULL);

  care_record_set (invoice, "number", number);
  care_record_set (invoice, "status", "issued");
  care_record_set (invoice, "issued_on", date);
  care_billing_apply_totals (invoice, items);
}

gboolean
care_billing_decide_void (CareRecord *invoice,
                          const char *reason,
                          GError    **error)
{
  const char *status;
  g_autofree char *clean = g_strstrip (g_strdup (reason ? reason : ""));

  g_return_val_if_fail (invoice != NULL, FALSE);

  status = care_record_get (invoice, "status");
  if (g_strcmp0 (status, "draft") == 0)
    {
      g_set_error_literal (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_STATUS,
                           _("A draft has no number yet: delete it instead of voiding it."));
      return FALSE;
    }
  if (g_strcmp0 (status, "void") == 0)
    {
      g_set_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_STATUS,
                   _("Invoice %s is already void."), invoice_label (invoice));
      return FALSE;
    }
  if (care_record_get_int (invoice, "paid_total", 0) > 0)
    {
      g_set_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_STATUS,
                   _("Invoice %s has payments recorded against it and cannot be voided."),
                   invoice_label (invoice));
      return FALSE;
    }
  if (clean[0] == '\0')
    {
      set_field_error (error, CARE_BILLING_ERROR_INVALID, invoice_entity (), "void_reason",
                       _("Say why the invoice is void, for example “wrong patient”."));
      return FALSE;
    }
  care_record_set (invoice, "status", "void");
  care_record_set (invoice, "void_reason", clean);
  return TRUE;
}

gboolean
care_billing_check_payment (CareRecord *invoice,
                            gint64      amount,
                            const char *method,
                            GError    **error)
{
  static const char *const methods[] = { "cash", "card", "insurance", "transfer", NULL };
  const CareEntity *payment_entity = care_schema_lookup ("payment");
  const char *status;
  gint64 balance;

  g_return_val_if_fail (invoice != NULL, FALSE);

  status = care_record_get (invoice, "status");
  if (g_strcmp0 (status, "issued") != 0 && g_strcmp0 (status, "partially_paid") != 0)
    {
      if (g_strcmp0 (status, "draft") == 0)
        g_set_error_literal (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_STATUS,
                             _("Issue the invoice before recording a payment."));
      else if (g_strcmp0 (status, "paid") == 0)
        g_set_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_OVERPAYMENT,
                     _("Invoice %s is already paid in full."), invoice_label (invoice));
      else
        g_set_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_STATUS,
                     _("Invoice %s is void; no payment can be recorded against it."),
                     invoice_label (invoice));
      return FALSE;
    }
  if (amount <= 0)
    {
      set_field_error (error, CARE_BILLING_ERROR_INVALID, payment_entity, "amount",
                       _("The amount must be more than zero."));
      return FALSE;
    }
  balance = care_billing_balance_due (invoice);
  if (amount > balance)
    {
      g_autofree char *a = care_billing_format_money (amount, care_record_get (invoice, "currency"));
      g_autofree char *b = care_billing_format_money (balance, care_record_get (invoice, "currency"));
      g_autofree char *message =
        /* Translators: both are amounts of money, e.g. £30.00 and £25.00 */
        g_strdup_printf (_("The payment of %s is more than the balance due of %s."), a, b);

      set_field_error (error, CARE_BILLING_ERROR_OVERPAYMENT, payment_entity, "amount", message);
      return FALSE;
    }
  if (method == NULL || !g_strv_contains (methods, method))
    {
      set_field_error (error, CARE_BILLING_ERROR_INVALID, payment_entity, "method",
                       _("Choose cash, card, insurance or bank transfer."));
      return FALSE;
    }
  return TRUE;
}

void
care_billing_settle (CareRecord *invoice,
                     gint64      paid_total)
{
  const char *status;
  gint64 total;

  g_return_if_fail (invoice != NULL);

  care_record_set_int (invoice, "paid_total", paid_total);
  status = care_record_get (invoice, "status");
  if (g_strcmp0 (status, "issued") != 0 && g_strcmp0 (status, "partially_paid") != 0 &&
      g_strcmp0 (status, "paid") != 0)
    return;
  total = care_record_get_int (invoice, "total", 0);
  if (paid_total <= 0)
    care_record_set (invoice, "status", "issued");
  else
    care_record_set (invoice, "status", paid_total >= total ? "paid" : "partially_paid");
}

static gboolean
is_paid_status (const char *status)
{
  return g_strcmp0 (status, "partially_paid") == 0 || g_strcmp0 (status, "paid") == 0;
}

gboolean
care_billing_check_change (CareRecord *before,
                           CareRecord *after,
                           GPtrArray  *items,
                           GError    **error)
{
  const CareEntity *entity = invoice_entity ();
  const char *from, *to;

  g_return_val_if_fail (after != NULL, FALSE);

  to = care_record_get (after, "status");
  if (before == NULL)
    {
      /* Only a workstation's own issued invoice arrives numbered. */
      if (to == NULL || g_str_equal (to, "draft") || care_record_get (after, "number") != NULL)
        return TRUE;
      set_field_error (error, CARE_BILLING_ERROR_INVALID, entity, "status",
                       _("A new invoice is a draft: add its lines, then issue it."));
      return FALSE;
    }
  from = care_record_get (before, "status");
  if (g_strcmp0 (from, to) == 0)
    return TRUE;
  if (g_strcmp0 (to, "void") == 0)
    {
      g_autoptr(CareRecord) probe = care_record_copy (before);

      if (!care_billing_decide_void (probe, care_record_get (after, "void_reason"), error))
        return FALSE;
      care_record_set (after, "void_reason", care_record_get (probe, "void_reason"));
      return TRUE;
    }
  if (g_strcmp0 (from, "draft") == 0 && g_strcmp0 (to, "issued") == 0)
    return care_billing_check_issue (before, items, error);
  if (g_strcmp0 (from, "draft") == 0 && is_paid_status (to))
    {
      g_set_error_literal (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_STATUS,
                           _("Issue the invoice before recording a payment."));
      return FALSE;
    }
  /* Paid statuses follow the payments; the caller settles them. */
  if ((g_strcmp0 (from, "issued") == 0 || is_paid_status (from)) &&
      (g_strcmp0 (to, "issued") == 0 || is_paid_status (to)))
    return TRUE;
  if (g_strcmp0 (from, "draft") != 0)
    return care_billing_check_editable (before, error);
  set_field_error (error, CARE_BILLING_ERROR_INVALID, entity, "status",
                   _("Issue, void or pay the invoice to change its status."));
  return FALSE;
}

/* --- the rules of writing invoices, lines and payments -------------------------- */

static GPtrArray *
list_of (CareRuleContext *ctx,
         const char      *entity,
         const char      *invoice_id,
         GError         **error)
{
  return ctx->list (ctx, care_schema_lookup (entity), "invoice_id", invoice_id, error);
}

/* The stored invoice's figures and status from its stored lines and payments. */
static gboolean
recompute (CareRuleContext *ctx,
           const char      *invoice_id,
           GError         **error)
{
  g_autoptr(CareRecord) invoice = ctx->get (ctx, invoice_entity (), invoice_id);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) payments = NULL;

  if (invoice == NULL)
    return TRUE;
  if ((items = list_of (ctx, "invoice_item", invoice_id, error)) == NULL ||
      (payments = list_of (ctx, "payment", invoice_id, error)) == NULL)
    return FALSE;
  care_billing_apply_totals (invoice, items);
  care_billing_settle (invoice, care_rules_sum (payments, "amount"));
  return ctx->update (ctx, invoice, error);
}

static gboolean
prepare_invoice (CareRuleContext *ctx,
                 CareRecord      *before,
                 CareRecord      *invoice,
                 GError         **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  const char *id = care_record_get_id (invoice);

  if (before == NULL)
    {
      g_autoptr(CareRecord) clinic = ctx->clinic (ctx);

      care_rules_set_default (invoice, "status", "draft");
      if (clinic)
        care_rules_set_default (invoice, "currency", care_record_get (clinic, "currency"));
      if (!care_billing_check_change (NULL, invoice, NULL, error))
        return FALSE;
      if (care_record_get (invoice, "number") == NULL)
        for (const char *const *m = (const char *const[]) { "subtotal", "discount_total", "tax_total",
                                                            "total", "paid_total", NULL }; *m; m++)
          care_record_set (invoice, *m, "0");
      return TRUE;
    }
  if ((items = list_of (ctx, "invoice_item", id, error)) == NULL ||
      (payments = list_of (ctx, "payment", id, error)) == NULL ||
      !care_billing_check_change (before, invoice, items, error))
    return FALSE;
  if (g_strcmp0 (care_record_get (before, "status"), "draft") == 0 &&
      g_strcmp0 (care_record_get (invoice, "status"), "issued") == 0)
    {
      /* A workstation's invoice comes numbered and dated already. */
      g_autofree char *number = g_strdup (care_record_get (invoice, "number"));
      g_autofree char *date = g_strdup (care_record_get (invoice, "issued_on"));

      if (number == NULL && (number = ctx->next_number (ctx, "invoice", error)) == NULL)
        return FALSE;
      if (date == NULL)
        date = today ();
      care_billing_mark_issued (invoice, items, number, date);
    }
  care_billing_apply_totals (invoice, items);
  care_billing_settle (invoice, care_rules_sum (payments, "amount"));
  return TRUE;
}

static gboolean
deleting_invoice (CareRuleContext *ctx,
                  CareRecord      *stored,
                  GError         **error)
{
  /* Drafts are deleted; an issued invoice is voided instead. */
  return care_billing_check_editable (stored, error);
}

static gboolean
prepare_item (CareRuleContext *ctx,
              CareRecord      *before,
              CareRecord      *item,
              GError         **error)
{
  g_autoptr(CareRecord) invoice = NULL;

  if (before)
    {
      /* A line stays on its invoice, in its place. */
      care_record_set (item, "invoice_id", care_record_get (before, "invoice_id"));
      care_record_set (item, "position", care_record_get (before, "position"));
    }
  invoice = ctx->get (ctx, invoice_entity (), care_record_get (item, "invoice_id"));
  if (invoice == NULL)
    return TRUE;  /* the reference check names the field */
  if (!care_billing_check_editable (invoice, error))
    return FALSE;
  if (before == NULL)
    {
      g_autoptr(CareRecord) clinic = ctx->clinic (ctx);
      g_autoptr(GPtrArray) items = list_of (ctx, "invoice_item", care_record_get_id (invoice), error);
      gint64 position = 0;

      if (items == NULL)
        return FALSE;
      for (guint i = 0; i < items->len; i++)
        position = MAX (position, care_record_get_int (g_ptr_array_index (items, i), "position", 0) + 1);
      if (care_record_get (item, "position") == NULL)
        care_record_set_int (item, "position", position);
      care_billing_item_defaults (item, clinic);
    }
  if (!care_billing_check_item (item, care_record_get (invoice, "currency"), error))
    return FALSE;
  care_billing_compute_item (item, NULL);
  return TRUE;
}

static gboolean
written_line (CareRuleContext *ctx,
              CareRecord      *record,
              gboolean         created,
              GError         **error)
{
  return recompute (ctx, care_record_get (record, "invoice_id"), error);
}

static gboolean
deleting_item (CareRuleContext *ctx,
               CareRecord      *stored,
               GError         **error)
{
  g_autoptr(CareRecord) invoice = ctx->get (ctx, invoice_entity (), care_record_get (stored, "invoice_id"));

  return invoice == NULL || care_billing_check_editable (invoice, error);
}

static gboolean
deleted_line (CareRuleContext *ctx,
              CareRecord      *stored,
              GError         **error)
{
  return recompute (ctx, care_record_get (stored, "invoice_id"), error);
}

static gboolean
prepare_payment (CareRuleContext *ctx,
                 CareRecord      *before,
                 CareRecord      *payment,
                 GError         **error)
{
  g_autoptr(CareRecord) invoice = NULL;
  g_autofree char *now = NULL;

  if (before != NULL)
    return TRUE;  /* append-only: the store refuses the edit */
  invoice = ctx->get (ctx, invoice_entity (), care_record_get (payment, "invoice_id"));
  if (invoice == NULL)
    return TRUE;
  if (!care_billing_check_payment (invoice, care_record_get_int (payment, "amount", 0),
                                   care_record_get (payment, "method"), error))
    return FALSE;
  if (care_record_get (payment, "receipt_number") == NULL)
    {
      g_autofree char *receipt = ctx->next_number (ctx, "receipt", error);

      if (receipt == NULL)
        return FALSE;
      care_record_set (payment, "receipt_number", receipt);
    }
  now = care_now_iso8601 ();
  care_rules_set_default (payment, "received_at", now);
  care_rules_set_default (payment, "received_by", ctx->actor);
  return TRUE;
}

const CareEntityRules *
care_billing_entity_rules (guint *n_rules)
{
  /* What prepare fills in when a new record leaves it out. */
  static const char *const invoice_defaults[] = { "currency", NULL };
  static const char *const payment_defaults[] = { "received_at", NULL };
  static const CareEntityRules rules[] = {
    { "invoice", prepare_invoice, NULL, deleting_invoice, NULL, NULL, invoice_defaults },
    { "invoice_item", prepare_item, written_line, deleting_item, deleted_line },
    { "payment", prepare_payment, written_line, NULL, deleted_line, NULL, payment_defaults },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

/* --- payments ----------------------------------------------------------------- */

CareRecord *
care_billing_record_payment (CareStore  *store,
                             const char *invoice_id,
                             gint64      amount,
                             const char *method,
                             const char *reference,
                             GError    **error)
{
  const CareEntity *payment_entity = care_schema_lookup ("payment");
  g_autoptr(CareRecord) invoice = NULL;
  g_autoptr(CareRecord) payment = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (!care_store_begin (store, error))
    return NULL;
  if ((invoice = load_invoice (store, invoice_id, error)) == NULL)
    goto failed;

  if (!care_billing_check_payment (invoice, amount, method, error))
    goto failed;

  if ((receipt = care_store_next_number (store, "receipt", error)) == NULL)
    goto failed;
  now = care_now_iso8601 ();
  payment = care_record_new (payment_entity);
  care_record_set (payment, "invoice_id", invoice_id);
  care_record_set_int (payment, "amount", amount);
  care_record_set (payment, "method", method);
  care_record_set (payment, "received_at", now);
  care_record_set (payment, "received_by", care_store_get_actor (store));
  care_record_set (payment, "reference", reference && *reference ? reference : NULL);
  care_record_set (payment, "receipt_number", receipt);
  if (!care_store_insert (store, payment, error))
    goto failed;

  care_billing_settle (invoice, care_record_get_int (invoice, "paid_total", 0) + amount);
  if (!care_store_update (store, invoice, error))
    goto failed;
  if (!care_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&payment);

failed:
  care_store_rollback (store);
  return NULL;
}

GPtrArray *
care_billing_list_payments (CareStore  *store,
                            const char *invoice_id,
                            GError    **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  return care_store_list (store, care_schema_lookup ("payment"), "invoice_id", invoice_id,
                          "received_at", 0, error);
}

GPtrArray *
care_billing_patient_payments (CareStore  *store,
                               const char *patient_id,
                               GError    **error)
{
  const CareEntity *entity = care_schema_lookup ("payment");
  g_autofree char *columns = care_store_column_list (entity, "pay.");
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  sql = g_strdup_printf ("SELECT %s FROM payments pay JOIN invoices i ON i.id = pay.invoice_id "
                         "WHERE i.patient_id = ?1 AND pay.tenant_id IS ?2 "
                         "ORDER BY pay.received_at DESC, pay.id DESC", columns);
  if ((stmt = care_store_prepare (store, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  payments = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (payments, care_store_record_from_row (entity, stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&payments);
}

/* --- billable items ------------------------------------------------------------- */

gint64
care_billing_get_price (CareStore  *store,
                        const char *kind)
{
  g_autofree char *key = g_strdup_printf ("billing.price.%s", kind);
  g_autofree char *value = care_store_get_meta (store, key);
  gint64 amount = 0;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &amount, NULL))
    return 0;
  return amount;
}

gboolean
care_billing_set_price (CareStore  *store,
                        const char *kind,
                        gint64      amount,
                        GError    **error)
{
  g_autofree char *key = g_strdup_printf ("billing.price.%s", kind);
  char buf[32];

  if (amount < 0)
    {
      set_field_error (error, CARE_BILLING_ERROR_INVALID, item_entity (), "unit_price",
                       _("The price cannot be negative."));
      return FALSE;
    }
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, amount);
  return care_store_set_meta (store, key, buf, error);
}

/* source_entity + "/" + source_id of every line on an invoice that counts
 * (any status but void). */
static GHashTable *
billed_sources (CareStore *store,
                GError   **error)
{
  GHashTable *billed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  stmt = care_store_prepare (store,
                             "SELECT it.source_entity, it.source_id FROM invoice_items it "
                             "JOIN invoices i ON i.id = it.invoice_id "
                             "WHERE it.source_id IS NOT NULL AND i.status != 'void' AND it.tenant_id IS ?1",
                             error);
  if (stmt == NULL)
    {
      g_hash_table_unref (billed);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (billed, g_strdup_printf ("%s/%s", sqlite3_column_text (stmt, 0),
                                               sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (store, error);
      g_hash_table_unref (billed);
      return NULL;
    }
  return billed;
}

static void
propose (GPtrArray  *items,
         GHashTable *billed,
         const char *source_entity,
         const char *source_id,
         CareRecord *item)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", source_entity, source_id);

  if (g_hash_table_contains (billed, key))
    {
      care_record_unref (item);
      return;
    }
  care_record_set (item, "source_entity", source_entity);
  care_record_set (item, "source_id", source_id);
  care_billing_compute_item (item, NULL);
  g_ptr_array_add (items, item);
}

static char *
user_name (CareStore  *store,
           const char *user_id)
{
  g_autoptr(CareRecord) user = user_id ? care_store_get (store, care_schema_lookup ("user"), user_id, NULL) : NULL;
  return user ? g_strdup (care_record_get (user, "full_name")) : NULL;
}

static char *
clip_text (const char *text,
           glong       max)
{
  if (g_utf8_strlen (text, -1) <= max)
    return g_strdup (text);
  return g_utf8_substring (text, 0, max);
}

static gboolean
propose_appointments (CareStore  *store,
                      const char *patient_id,
                      const char *appointment_id,
                      GHashTable *billed,
                      GPtrArray  *items,
                      GError    **error)
{
  const CareEntity *entity = care_schema_lookup ("appointment");
  g_autoptr(GPtrArray) appointments = NULL;

  if (appointment_id)
    {
      CareRecord *one = care_store_get (store, entity, appointment_id, error);

      if (one == NULL)
        return FALSE;
      appointments = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
      g_ptr_array_add (appointments, one);
    }
  else if ((appointments = care_store_list (store, entity, "patient_id", patient_id, "starts_at", 0, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < appointments->len; i++)
    {
      CareRecord *a = g_ptr_array_index (appointments, i);
      const char *status = care_record_get (a, "status");
      const char *type = care_record_get (a, "type");
      gboolean procedure = g_strcmp0 (type, "procedure") == 0;
      g_autofree char *doctor = user_name (store, care_record_get (a, "provider_id"));
      g_autofree char *day = g_strndup (care_record_get (a, "starts_at") ? care_record_get (a, "starts_at") : "", 10);
      g_autofree char *text = NULL;
      g_autofree char *clipped = NULL;

      if (g_strcmp0 (care_record_get (a, "patient_id"), patient_id) != 0)
        continue;
      /* A visit that took place (or the one asked for, whatever its state). */
      if (appointment_id == NULL &&
          g_strcmp0 (status, "checked_in") != 0 && g_strcmp0 (status, "completed") != 0)
        continue;
      if (g_strcmp0 (status, "cancelled") == 0 || g_strcmp0 (status, "rejected") == 0 ||
          g_strcmp0 (status, "no_show") == 0)
        continue;

      text = doctor
        /* Translators: "Consultation with Dr Amira Haddad, 2026-11-21" — type, doctor, date */
        ? g_strdup_printf (_("%s with %s, %s"),
                           care_field_choice_label (care_entity_field (entity, "type"), type), doctor, day)
        : g_strdup_printf ("%s, %s", care_field_choice_label (care_entity_field (entity, "type"), type), day);
      clipped = clip_text (text, 200);
      propose (items, billed, "appointment", care_record_get_id (a),
               care_billing_item_new (procedure ? "procedure" : "consultation", clipped, 1,
                                      care_billing_get_price (store, procedure ? "procedure" : "consultation"),
                                      0, NULL));
    }
  return TRUE;
}

static gboolean
propose_lab_tests (CareStore  *store,
                   const char *patient_id,
                   const char *appointment_id,
                   GHashTable *billed,
                   GPtrArray  *items,
                   GError    **error)
{
  g_autoptr(GPtrArray) tests = care_store_list (store, care_schema_lookup ("lab_test"), "patient_id",
                                                patient_id, "created_at", 0, error);

  if (tests == NULL)
    return FALSE;
  for (guint i = 0; i < tests->len; i++)
    {
      CareRecord *t = g_ptr_array_index (tests, i);
      const char *status = care_record_get (t, "status");
      const char *visit = care_record_get (t, "appointment_id");
      g_autofree char *text = NULL;
      g_autofree char *clipped = NULL;

      if (g_strcmp0 (status, "requested") == 0 || g_strcmp0 (status, "cancelled") == 0)
        continue;
      if (appointment_id && visit && !g_str_equal (visit, appointment_id))
        continue;
      /* Translators: an invoice line, %s is the test, e.g. "Full blood count" */
      text = g_strdup_printf (_("Lab test: %s"), care_record_get (t, "test_name"));
      clipped = clip_text (text, 200);
      propose (items, billed, "lab_test", care_record_get_id (t),
               care_billing_item_new ("lab_test", clipped, 1,
                                      care_billing_get_price (store, "lab_test"), 0, NULL));
    }
  return TRUE;
}

/* Treatments written with a visit's note, at the cost the doctor gave
 * (care-treatments.h). */
static gboolean
propose_treatments (CareStore  *store,
                    const char *patient_id,
                    const char *appointment_id,
                    GHashTable *billed,
                    GPtrArray  *items,
                    GError    **error)
{
  g_autoptr(GPtrArray) treatments = care_store_list (store, care_schema_lookup ("treatment"), "patient_id",
                                                     patient_id, "created_at", 0, error);

  if (treatments == NULL)
    return FALSE;
  for (guint i = 0; i < treatments->len; i++)
    {
      CareRecord *t = g_ptr_array_index (treatments, i);
      const char *visit = care_record_get (t, "appointment_id");
      g_autofree char *text = NULL;
      g_autofree char *clipped = NULL;

      /* Only what was given at a visit and written in its note. */
      if (care_record_get (t, "note_id") == NULL || g_strcmp0 (care_record_get (t, "status"), "cancelled") == 0)
        continue;
      if (appointment_id && visit && !g_str_equal (visit, appointment_id))
        continue;
      /* Translators: an invoice line, %s is the treatment, e.g. "Wound dressing" */
      text = g_strdup_printf (_("Treatment: %s"), care_record_get (t, "treatment_type"));
      clipped = clip_text (text, 200);
      propose (items, billed, "treatment", care_record_get_id (t),
               care_billing_item_new ("procedure", clipped, 1, care_record_get_int (t, "cost", 0), 0, NULL));
    }
  return TRUE;
}

static gboolean
propose_medicines (CareStore  *store,
                   const char *patient_id,
                   const char *appointment_id,
                   GHashTable *billed,
                   GPtrArray  *items,
                   GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* Items of prescriptions whose pharmacy order was dispensed. */
  stmt = care_store_prepare (store,
                             "SELECT pi.id, pi.medicine_name, pi.dose, pi.quantity, m.unit_price "
                             "FROM prescription_items pi "
                             "JOIN prescriptions pr ON pr.id = pi.prescription_id "
                             "LEFT JOIN medicines m ON m.id = pi.medicine_id "
                             "WHERE pr.patient_id = ?1 AND pr.tenant_id IS ?2 "
                             "AND (?3 IS NULL OR pr.appointment_id IS NULL OR pr.appointment_id = ?3) "
                             "AND EXISTS (SELECT 1 FROM pharmacy_orders po WHERE po.prescription_id = pr.id "
                             "            AND po.status = 'dispensed') "
                             /* Billed at the pharmacy as it was dispensed (care-stock-billing.h). */
                             "AND NOT EXISTS (SELECT 1 FROM stock_movements sm "
                             "  JOIN invoice_items it ON it.source_entity = 'stock_movement' AND it.source_id = sm.id "
                             "  JOIN invoices iv ON iv.id = it.invoice_id AND iv.status != 'void' "
                             "  WHERE sm.prescription_item_id = pi.id) "
                             "ORDER BY pr.issued_on, pi.seq", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, appointment_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      const char *dose = (const char *) sqlite3_column_text (stmt, 2);
      g_autofree char *text = dose ? g_strdup_printf ("%s %s", name, dose) : g_strdup (name);
      g_autofree char *clipped = clip_text (text, 200);

      propose (items, billed, "prescription_item", (const char *) sqlite3_column_text (stmt, 0),
               care_billing_item_new ("medicine", clipped, MAX (sqlite3_column_int64 (stmt, 3), 1),
                                      sqlite3_column_int64 (stmt, 4), 0, NULL));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return care_store_set_sqlite_error (store, error);
  return TRUE;
}

static GDate *
date_of (const char *iso)
{
  GDate *date = g_date_new ();
  int y, m, d;

  /* "2026-11-21T…": the date part only. */
  if (iso && strlen (iso) >= 10 && iso[4] == '-' && iso[7] == '-')
    {
      y = (int) g_ascii_strtoll (iso, NULL, 10);
      m = (int) g_ascii_strtoll (iso + 5, NULL, 10);
      d = (int) g_ascii_strtoll (iso + 8, NULL, 10);
      if (g_date_valid_dmy (d, m, y))
        g_date_set_dmy (date, d, m, y);
    }
  return date;
}

static gboolean
propose_bed_days (CareStore  *store,
                  const char *patient_id,
                  GHashTable *billed,
                  GPtrArray  *items,
                  GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* Ended stays only: an admission still running is billed on discharge. */
  stmt = care_store_prepare (store,
                             "SELECT ba.id, ba.admitted_at, ba.released_at, b.label, r.name, w.name "
                             "FROM bed_allocations ba "
                             "LEFT JOIN beds b ON b.id = ba.bed_id "
                             "LEFT JOIN rooms r ON r.id = b.room_id "
                             "LEFT JOIN wards w ON w.id = r.ward_id "
                             "WHERE ba.patient_id = ?1 AND ba.tenant_id IS ?2 AND ba.released_at IS NOT NULL "
                             "ORDER BY ba.admitted_at", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *admitted = (const char *) sqlite3_column_text (stmt, 1);
      const char *released = (const char *) sqlite3_column_text (stmt, 2);
      const char *bed = (const char *) sqlite3_column_text (stmt, 3);
      const char *ward = (const char *) sqlite3_column_text (stmt, 5);
      g_autoptr(GDate) from = date_of (admitted);
      g_autoptr(GDate) to = date_of (released);
      gint64 days = 1;
      g_autofree char *text = NULL;
      g_autofree char *clipped = NULL;

      /* Nights in the bed; a same-day stay counts as one day. */
      if (g_date_valid (from) && g_date_valid (to))
        days = MAX (g_date_days_between (from, to), 1);
      /* Translators: an invoice line: ward, bed, then the dates of the stay */
      text = g_strdup_printf (_("Bed days: %s, bed %s (%.10s to %.10s)"),
                              ward ? ward : "—", bed ? bed : "—",
                              admitted ? admitted : "", released ? released : "");
      clipped = clip_text (text, 200);
      propose (items, billed, "bed_allocation", (const char *) sqlite3_column_text (stmt, 0),
               care_billing_item_new ("bed_day", clipped, MIN (days, 10000),
                                      care_billing_get_price (store, "bed_day"), 0, NULL));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return care_store_set_sqlite_error (store, error);
  return TRUE;
}

GPtrArray *
care_billing_billable_items (CareStore  *store,
                             const char *patient_id,
                             const char *appointment_id,
                             GError    **error)
{
  g_autoptr(GHashTable) billed = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  if ((billed = billed_sources (store, error)) == NULL)
    return NULL;
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  if (!propose_appointments (store, patient_id, appointment_id, billed, items, error) ||
      !propose_medicines (store, patient_id, appointment_id, billed, items, error) ||
      !propose_lab_tests (store, patient_id, appointment_id, billed, items, error) ||
      !propose_treatments (store, patient_id, appointment_id, billed, items, error) ||
      !propose_bed_days (store, patient_id, billed, items, error))
    return NULL;
  return g_steal_pointer (&items);
}

/* --- listing ---------------------------------------------------------------------- */

static void
append_filter (GString                 *sql,
               const CareInvoiceFilter *filter,
               const char              *fts_query)
{
  g_string_append (sql, " WHERE i.tenant_id IS ?1");
  if (filter == NULL)
    return;
  if (filter->status && g_str_equal (filter->status, "open"))
    g_string_append (sql, " AND i.status IN ('issued', 'partially_paid')");
  else if (filter->status)
    g_string_append (sql, " AND i.status = ?2");
  if (filter->from)
    g_string_append (sql, " AND COALESCE(i.issued_on, substr(i.created_at, 1, 10)) >= ?3");
  if (filter->to)
    g_string_append (sql, " AND COALESCE(i.issued_on, substr(i.created_at, 1, 10)) <= ?4");
  if (filter->patient_id)
    g_string_append (sql, " AND i.patient_id = ?5");
  if (filter->search && fts_query)
    g_string_append (sql, " AND (p.seq IN (SELECT rowid FROM patient_search WHERE patient_search MATCH ?6)"
                          " OR i.number LIKE ?7 ESCAPE '\\' OR i.number LIKE ?8 || ?7 ESCAPE '\\')");
  else if (filter->search)
    g_string_append (sql, " AND (i.number LIKE ?7 ESCAPE '\\' OR i.number LIKE ?8 || ?7 ESCAPE '\\')");
}

static void
bind_filter (sqlite3_stmt            *stmt,
             CareStore               *store,
             const CareInvoiceFilter *filter,
             const char              *fts_query)
{
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  if (filter == NULL)
    return;
  if (filter->status && !g_str_equal (filter->status, "open"))
    sqlite3_bind_text (stmt, 2, filter->status, -1, SQLITE_TRANSIENT);
  if (filter->from)
    sqlite3_bind_text (stmt, 3, filter->from, -1, SQLITE_TRANSIENT);
  if (filter->to)
    sqlite3_bind_text (stmt, 4, filter->to, -1, SQLITE_TRANSIENT);
  if (filter->patient_id)
    sqlite3_bind_text (stmt, 5, filter->patient_id, -1, SQLITE_TRANSIENT);
  if (filter->search)
    {
      GString *like = g_string_new (NULL);

      for (const char *p = filter->search; *p; p++)
        {
          if (*p == '%' || *p == '_' || *p == '\\')
            g_string_append_c (like, '\\');
          g_string_append_c (like, g_ascii_toupper (*p));
        }
      g_strstrip (like->str);
      g_string_append_c (like, '%');
      if (fts_query)
        sqlite3_bind_text (stmt, 6, fts_query, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, like->str, -1, g_free);
      g_string_free (like, FALSE);
      /* "4FYG-0001" finds INV-4FYG-000123 too; NULL (typed with its
       * prefix) matches nothing more. */
      sqlite3_bind_text (stmt, 8, care_numbers_search_prefix ("invoice", filter->search), -1, SQLITE_STATIC);
    }
}

GPtrArray *
care_billing_list_invoices (CareStore               *store,
                            const CareInvoiceFilter *filter,
                            guint                    offset,
                            guint                    limit,
                            GPtrArray              **patients,
                            GError                 **error)
{
  const CareEntity *ie = invoice_entity ();
  const CareEntity *pe = care_schema_lookup ("patient");
  g_autofree char *icolumns = care_store_column_list (ie, "i.");
  g_autofree char *pcolumns = care_store_column_list (pe, "p.");
  g_autofree char *fts_query = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GPtrArray) people = NULL;
  CareInvoiceFilter effective = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (filter)
    {
      effective = *filter;
      if (effective.search && effective.search[strspn (effective.search, " \t")] == '\0')
        effective.search = NULL;
      if (effective.status && effective.status[0] == '\0')
        effective.status = NULL;
      filter = &effective;
      fts_query = care_search_build_query (effective.search);
    }

  g_string_append_printf (sql, "SELECT %s, %s FROM invoices i JOIN patients p ON p.id = i.patient_id",
                          icolumns, pcolumns);
  append_filter (sql, filter, fts_query);
  g_string_append (sql, " ORDER BY COALESCE(i.issued_on, substr(i.created_at, 1, 10)) DESC, i.seq DESC");
  g_string_append_printf (sql, " LIMIT %u OFFSET %u", limit ? limit : G_MAXINT32, offset);

  if ((stmt = care_store_prepare (store, sql->str, error)) == NULL)
    return NULL;
  bind_filter (stmt, store, filter, fts_query);
  invoices = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  people = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (invoices, care_store_record_from_row (ie, stmt, 0));
      if (patients)
        g_ptr_array_add (people, care_store_record_from_row (pe, stmt, ie->n_fields + CARE_N_SYSTEM_COLUMNS));
    }
  sqlite3_clear_bindings (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (store, error);
      return NULL;
    }
  if (patients)
    *patients = g_steal_pointer (&people);
  return g_steal_pointer (&invoices);
}

gint64
care_billing_count_invoices (CareStore               *store,
                             const CareInvoiceFilter *filter)
{
  g_autofree char *fts_query = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM invoices i JOIN patients p ON p.id = i.patient_id");
  CareInvoiceFilter effective = { 0 };
  sqlite3_stmt *stmt;
  gint64 n = 0;

  g_return_val_if_fail (CARE_IS_STORE (store), 0);

  if (filter)
    {
      effective = *filter;
      if (effective.search && effective.search[strspn (effective.search, " \t")] == '\0')
        effective.search = NULL;
      if (effective.status && effective.status[0] == '\0')
        effective.status = NULL;
      filter = &effective;
      fts_query = care_search_build_query (effective.search);
    }
  append_filter (sql, filter, fts_query);
  if ((stmt = care_store_prepare (store, sql->str, NULL)) == NULL)
    return 0;
  bind_filter (stmt, store, filter, fts_query);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_clear_bindings (stmt);
  sqlite3_reset (stmt);
  return n;
}
