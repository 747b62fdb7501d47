/* caredesk-core.h: the GTK-free core library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-types.h"
#include "care-clock.h"
#include "care-schema.h"
#include "care-record.h"
#include "care-json.h"
#include "care-validation.h"
#include "care-uuid.h"
#include "care-store.h"
#include "care-accounts.h"
#include "care-access.h"
#include "care-patient-model.h"
#include "care-demo.h"
#include "care-schedule.h"
#include "care-json-check.h"
#include "care-news2.h"
#include "care-medication-rounds.h"
#include "care-vitals.h"
#include "care-beds.h"
#include "care-bed-board.h"
#include "care-ward.h"
#include "care-chart.h"
#include "care-notes.h"
#include "care-lab.h"
