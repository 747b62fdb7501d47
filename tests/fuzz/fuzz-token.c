/* fuzz-token.c: access tokens through care_server_token_verify
 *
 * Twice an input: the bytes as a whole token (what any caller can send), and
 * the bytes as the payload of a token signed with the server's key, so that
 * the claims parser behind the signature check is reached too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sodium.h>

#include "care-fuzz.h"
#include "care-server-private.h"

static gboolean
verify (CareServer *server,
        const char *token)
{
  CareClaims claims = { 0 };
  gboolean ok = care_server_token_verify (server, token, &claims);

  care_claims_clear (&claims);
  return ok;
}

static char *
b64url (const guchar *data,
        gsize         size)
{
  gsize length = sodium_base64_ENCODED_LEN (size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *out = g_malloc (length);

  return sodium_bin2base64 (out, length, data, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static CareServer server;   /* an all-zero signing key */
  g_autofree char *raw = g_strndup ((const char *) data, size);
  g_autofree char *payload = NULL;
  g_autofree char *signed_part = NULL;
  g_autofree char *mac_text = NULL;
  g_autofree char *token = NULL;
  guchar mac[crypto_auth_hmacsha256_BYTES];

  if (sodium_init () < 0)
    return 0;
  verify (&server, raw);

  if (size > 700)
    return 0;
  payload = b64url (data, size);
  signed_part = g_strconcat ("cd1.", payload, NULL);
  crypto_auth_hmacsha256 (mac, (const guchar *) signed_part, strlen (signed_part), server.secret);
  mac_text = b64url (mac, sizeof mac);
  token = g_strconcat (signed_part, ".", mac_text, NULL);
  verify (&server, token);
  return 0;
}
