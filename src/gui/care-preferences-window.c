/* care-preferences-window.c: workstation preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "care-preferences-window.h"

/* Choices for "Lock after", in minutes. */
static const guint lock_minutes[] = { 1, 2, 5, 10, 15, 30, 60 };

struct _CarePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwComboRow          *lock_row;
};

G_DEFINE_FINAL_TYPE (CarePreferencesWindow, care_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CarePreferencesWindow *
care_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (CARE_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}

/* idle-lock-seconds -> the nearest choice */
static gboolean
lock_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  guint seconds = g_variant_get_uint32 (variant);
  guint best = 0;

  for (guint i = 1; i < G_N_ELEMENTS (lock_minutes); i++)
    {
      if (ABS ((int) lock_minutes[i] * 60 - (int) seconds) <
          ABS ((int) lock_minutes[best] * 60 - (int) seconds))
        best = i;
    }

  g_value_set_uint (value, best);
  return TRUE;
}

static GVariant *
lock_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (lock_minutes))
    return NULL;

  return g_variant_new_uint32 (lock_minutes[i] * 60);
}

static void
care_preferences_window_constructed (GObject *object)
{
  CarePreferencesWindow *self = CARE_PREFERENCES_WINDOW (object);
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);

  G_OBJECT_CLASS (care_preferences_window_parent_class)->constructed (object);

  for (guint i = 0; i < G_N_ELEMENTS (lock_minutes); i++)
    {
      g_autofree char *label = NULL;

      if (lock_minutes[i] == 60)
        label = g_strdup (_("1 hour"));
      else
        label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u minute", "%u minutes",
                                              lock_minutes[i]),
                                 lock_minutes[i]);
      gtk_string_list_append (choices, label);
    }

  adw_combo_row_set_model (self->lock_row, G_LIST_MODEL (choices));

  g_settings_bind_with_mapping (self->settings, "idle-lock-seconds",
                                self->lock_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                lock_get_mapping, lock_set_mapping,
                                NULL, NULL);
}

static void
care_preferences_window_dispose (GObject *object)
{
  CarePreferencesWindow *self = CARE_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (care_preferences_window_parent_class)->dispose (object);
}

static void
care_preferences_window_finalize (GObject *object)
{
  CarePreferencesWindow *self = CARE_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (care_preferences_window_parent_class)->finalize (object);
}

static void
care_preferences_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CarePreferencesWindow *self = CARE_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_preferences_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  CarePreferencesWindow *self = CARE_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_preferences_window_class_init (CarePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = care_preferences_window_constructed;
  object_class->dispose = care_preferences_window_dispose;
  object_class->finalize = care_preferences_window_finalize;
  object_class->get_property = care_preferences_window_get_property;
  object_class->set_property = care_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/care-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, lock_row);
}

static void
care_preferences_window_init (CarePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
