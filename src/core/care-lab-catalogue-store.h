/* care-lab-catalogue-store.h: the clinic's own laboratory catalogue, kept in the store and edited by the lab
 *
 * Panels (lab_panel), their analytes (lab_analyte) and the analytes' age
 * bands (lab_band) are clinic data that the lab and the administrator
 * edit. Every clinic starts from the built-in catalogue
 * (care-lab-catalogue.c), written into its store once under ids derived
 * from the clinic and the panel's code, so that the server and each
 * workstation write the very same rows and never count them twice.
 * The catalogue is read back in the built-in structures: the results
 * grid, the orders and the demo use either alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-lab-catalogue.h"
#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

typedef struct _CareLabCatalogue CareLabCatalogue;

/* The store's catalogue (seeded first when the clinic has none yet); the
 * built-in one for a store without a clinic. */
CareLabCatalogue   *care_lab_catalogue_load        (CareStore        *store,
                                                    GError          **error);
/* The built-in catalogue alone (where the store cannot be read). */
CareLabCatalogue   *care_lab_catalogue_load_builtin (void);
CareLabCatalogue   *care_lab_catalogue_ref         (CareLabCatalogue *self);
void                care_lab_catalogue_unref       (CareLabCatalogue *self);
const CareLabPanel *care_lab_catalogue_get_panels  (CareLabCatalogue *self,
                                                    guint            *n_panels);
/* As care_lab_catalogue_find_panel() and care_lab_catalogue_panel_of(). */
const CareLabPanel *care_lab_catalogue_lookup      (CareLabCatalogue *self,
                                                    const char       *text);
const CareLabPanel *care_lab_catalogue_lookup_test (CareLabCatalogue *self,
                                                    CareRecord       *test);

/* Writes the built-in catalogue for the clinic tenant_id where its rows
 * are missing (no outbox: every copy writes the same rows), and notes in
 * the store that the clinic has had it: it is not written again. */
gboolean            care_lab_catalogue_seed        (CareStore        *store,
                                                    const char       *tenant_id,
                                                    GError          **error);
/* care_lab_catalogue_seed() for the store's clinic, once per store: after
 * that the rows are the clinic's to edit. */
gboolean            care_lab_catalogue_ensure      (CareStore        *store,
                                                    GError          **error);
/* Saves a panel, an analyte or a band (new or changed) after the rules;
 * a refusal names its field. */
gboolean            care_lab_catalogue_save        (CareStore        *store,
                                                    CareRecord       *record,
                                                    GError          **error);
/* Removes an analyte (with its bands) or a band. */
gboolean            care_lab_catalogue_remove      (CareStore        *store,
                                                    CareRecord       *record,
                                                    GError          **error);

/* Ages as staff write them: "28 days", "13 years" (a bare number is in
 * years); -1 when text is not an age. And back. */
int                 care_lab_parse_age             (const char       *text);
char               *care_lab_format_age            (int               days);

const CareEntityRules *care_lab_catalogue_entity_rules (guint *n_rules);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareLabCatalogue, care_lab_catalogue_unref)

G_END_DECLS
