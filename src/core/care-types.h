/* care-types.h: forward declarations shared by the core library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CareEntity     CareEntity;
typedef struct _CareField      CareField;
typedef struct _CareRecord     CareRecord;
typedef struct _CareValidation CareValidation;
typedef struct _CareStore      CareStore;
typedef struct _CareAccounts   CareAccounts;
typedef struct _CareUser       CareUser;

G_END_DECLS
