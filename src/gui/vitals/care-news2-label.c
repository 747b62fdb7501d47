/* care-news2-label.c: a set's NEWS2 score shown in its band's colour and words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-news2-label"

#include "config.h"

#include <glib/gi18n.h>

#include "care-news2-label.h"

static const char *const band_classes[] = {
  [CARE_NEWS2_RISK_LOW] = "news2-low",
  [CARE_NEWS2_RISK_LOW_MEDIUM] = "news2-low-medium",
  [CARE_NEWS2_RISK_MEDIUM] = "news2-medium",
  [CARE_NEWS2_RISK_HIGH] = "news2-high",
};

gboolean
care_news2_label_update (GtkLabel         *badge,
                         GtkLabel         *words,
                         const CareRecord *vitals)
{
  CareNews2 news2;
  gboolean scored = vitals && care_news2_from_vitals (vitals, &news2);

  g_return_val_if_fail (GTK_IS_LABEL (badge), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (band_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (badge), band_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (badge), "news2-badge");
  if (!scored)
    {
      gtk_label_set_text (badge, "—");
      if (words)
        gtk_label_set_text (words, _("No NEWS2 score: nothing it scores is recorded."));
      return FALSE;
    }
  {
    g_autofree char *score = g_strdup_printf (_("NEWS2 %d"), news2.total);
    g_autofree char *text = NULL;

    gtk_label_set_text (badge, score);
    gtk_widget_add_css_class (GTK_WIDGET (badge), band_classes[news2.risk]);
    if (words == NULL)
      return TRUE;
    /* Translators: the risk band ("Low"), then the clinical response */
    text = g_strdup_printf (_("%s risk. %s"), care_news2_risk_label (news2.risk),
                            care_news2_response (news2.risk, news2.total));
    if (!news2.complete)
      {
        g_autofree char *partial = g_strdup_printf ("%s %s", text, _("Not every parameter is recorded: the score is partial."));
        gtk_label_set_text (words, partial);
      }
    else
      gtk_label_set_text (words, text);
  }
  return TRUE;
}
