/* care-server-check.h: the address of a clinic server, as a person types it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What someone typed ("clinic.example", "http://192.168.1.20:8420/",
 * "https://clinic.example/api/v1") as the base URL the sync engine takes
 * ("https://clinic.example", no trailing slash, no /api/v1). Without a
 * scheme, https. Plain http is accepted only for this computer and the
 * clinic's own network (private addresses, single-label and .local/.lan
 * names); anything else is refused with a readable, translated message. */
char     *care_server_url_normalize    (const char          *text,
                                        GError             **error);
/* Whether url is plain http (its traffic is not encrypted). */
gboolean  care_server_url_is_insecure  (const char          *url);
/* Whether url's host is on the clinic's own network (loopback, private
 * addresses, names without a dot, .local and the like). */
gboolean  care_server_url_is_local     (const char          *url);
/* The host (and port, when not the default) of url, for sentences. */
char     *care_server_url_dup_display  (const char          *url);

/* Shows under an address entry what the typed text means: a warning for
 * plain http, an example otherwise. */
void      care_server_url_update_hint  (GtkLabel            *hint,
                                        const char          *text);

/* Normalizes text as care_server_url_normalize() does, then GETs
 * <url>/api/v1/openapi.json (public) off the main loop; finishes with the
 * normalized URL when a Caredesk server answers there. An address typed
 * without a scheme is https://, except on the clinic's own network, where
 * http:// is tried first and https:// next (a plain server answers the
 * first at once, a TLS one refuses it at once). https certificates
 * are checked against the system's TLS database. Errors are translated
 * sentences for the person who typed the address. */
void      care_server_check_async      (const char          *text,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char     *care_server_check_finish     (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
