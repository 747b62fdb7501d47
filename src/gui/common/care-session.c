/* care-session.c: who is signed in on this workstation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-session"

#include "config.h"

#include "care-session.h"

struct _CareSession
{
  GObject     parent_instance;

  CareStore      *store;
  CareRecord     *user;
  CareSyncEngine *sync_engine;
};

G_DEFINE_FINAL_TYPE (CareSession, care_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_USER,
  PROP_SYNC_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CareSession *
care_session_new (CareStore  *store,
                  CareRecord *user)
{
  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  return g_object_new (CARE_TYPE_SESSION,
                       "store", store,
                       "user", user,
                       NULL);
}

CareStore *
care_session_get_store (CareSession *self)
{
  g_return_val_if_fail (CARE_IS_SESSION (self), NULL);

  return self->store;
}

CareRecord *
care_session_get_user (CareSession *self)
{
  g_return_val_if_fail (CARE_IS_SESSION (self), NULL);

  return self->user;
}

void
care_session_set_user (CareSession *self,
                       CareRecord  *user)
{
  g_return_if_fail (CARE_IS_SESSION (self));
  g_return_if_fail (user != NULL);
  g_return_if_fail (self->user == NULL ||
                    g_strcmp0 (care_record_get_id (self->user),
                               care_record_get_id (user)) == 0);

  if (self->user == user)
    return;

  g_clear_pointer (&self->user, care_record_unref);
  self->user = care_record_ref (user);

  if (self->store != NULL)
    care_store_set_actor (self->store, care_record_get_id (user));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

const char *
care_session_get_user_id (CareSession *self)
{
  g_return_val_if_fail (CARE_IS_SESSION (self), NULL);

  return self->user ? care_record_get_id (self->user) : NULL;
}

const char *
care_session_get_role (CareSession *self)
{
  g_return_val_if_fail (CARE_IS_SESSION (self), NULL);

  return self->user ? care_record_get (self->user, "role") : NULL;
}

CareSyncEngine *
care_session_get_sync_engine (CareSession *self)
{
  g_return_val_if_fail (CARE_IS_SESSION (self), NULL);

  return self->sync_engine;
}

void
care_session_set_sync_engine (CareSession    *self,
                              CareSyncEngine *engine)
{
  g_return_if_fail (CARE_IS_SESSION (self));
  g_return_if_fail (engine == NULL || CARE_IS_SYNC_ENGINE (engine));

  if (g_set_object (&self->sync_engine, engine))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_ENGINE]);
}

gboolean
care_session_can (CareSession *self,
                  const char  *permission)
{
  const char *role;

  g_return_val_if_fail (CARE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (permission != NULL, FALSE);

  role = care_session_get_role (self);
  if (role == NULL || self->store == NULL)
    return FALSE;

  return care_store_role_can (self->store, role, permission);
}

static void
care_session_finalize (GObject *object)
{
  CareSession *self = CARE_SESSION (object);

  g_clear_pointer (&self->user, care_record_unref);
  g_clear_object (&self->sync_engine);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_session_parent_class)->finalize (object);
}

static void
care_session_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CareSession *self = CARE_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_USER:
      g_value_set_boxed (value, self->user);
      break;

    case PROP_SYNC_ENGINE:
      g_value_set_object (value, self->sync_engine);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_session_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CareSession *self = CARE_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_USER:
      care_session_set_user (self, g_value_get_boxed (value));
      break;

    case PROP_SYNC_ENGINE:
      care_session_set_sync_engine (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_session_class_init (CareSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = care_session_finalize;
  object_class->get_property = care_session_get_property;
  object_class->set_property = care_session_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CARE_TYPE_STORE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_USER] =
    g_param_spec_boxed ("user", NULL, NULL,
                        CARE_TYPE_RECORD,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_SYNC_ENGINE] =
    g_param_spec_object ("sync-engine", NULL, NULL,
                         CARE_TYPE_SYNC_ENGINE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
care_session_init (CareSession *self)
{
}
