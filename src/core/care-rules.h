/* care-rules.h: refusals that name the field they concern
 *
 * Every clinical and business rule lives in a core module of its feature
 * (care-billing.c, care-appointments.c, …) and is called alike by the app,
 * the server's routes and the server's sync push. When a rule refuses, the
 * GError says why in a sentence for people ("Amount: The amount must be
 * more than zero.") and, when one field is to blame, also carries that
 * field's name and the sentence without its label, so that the server can
 * answer 422 with {"field", "message"} exactly as a form shows it. A
 * refusal without a field is about the record's state (an invoice already
 * void): the server answers 409 with the same message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-record.h"

G_BEGIN_DECLS

#define CARE_RULE_ERROR (care_rule_error_quark ())
GQuark care_rule_error_quark (void);

typedef enum {
  CARE_RULE_ERROR_INVALID,   /* a value is wrong; the error names the field */
  CARE_RULE_ERROR_STATE,     /* not possible in the record's state */
  CARE_RULE_ERROR_SHORTAGE,  /* not enough of something (stock, refills, beds) */
} CareRuleError;

/* Registers an error domain whose errors can carry a field (the features'
 * own domains, such as CARE_BILLING_ERROR). name must be static. */
GQuark      care_rule_domain_register   (const char       *name);

/* "Label: detail" as the message, with field and detail kept apart;
 * domain must be CARE_RULE_ERROR or a registered domain. */
void        care_rule_set_field_error   (GError          **error,
                                         GQuark            domain,
                                         gint              code,
                                         const CareEntity *entity,
                                         const char       *field,
                                         const char       *detail);
/* The same for a field the schema does not describe (a question of a
 * clinic's form): label is already translated. */
void        care_rule_set_labelled_error (GError         **error,
                                         GQuark            domain,
                                         gint              code,
                                         const char       *field,
                                         const char       *label,
                                         const char       *detail);
/* The field a refusal concerns; NULL for a refusal about the state or an
 * error of another domain. */
const char *care_rule_error_get_field   (const GError     *error);
/* The message without the field's label; NULL when there is no field. */
const char *care_rule_error_get_detail  (const GError     *error);
/* Whether error is a rule's refusal (of CARE_RULE_ERROR or a registered
 * domain), rather than a failure to read or write. */
gboolean    care_rule_error_is_refusal  (const GError     *error);

/* --- the rules of each entity, whoever writes it --------------------------- *
 *
 * What happens when a record of an entity is written (numbers given,
 * figures derived, a state change allowed or refused, related records
 * brought up to date) is declared by the entity's feature module, once.
 * The caller gives a context: the server over its storage, today; a store
 * can give one over itself the same way. */

typedef struct _CareRuleContext CareRuleContext;

struct _CareRuleContext {
  const char *actor;        /* the staff member writing; NULL for a patient */
  const char *patient_id;   /* the signed-in patient (portal), else NULL */
  /* The write replays one already made on a workstation, perhaps offline
   * (a sync push): what it could not see then is kept, not refused. */
  gboolean    replayed;
  /* A record of the same clinic, or NULL. */
  CareRecord *(*get)         (CareRuleContext  *ctx,
                              const CareEntity *entity,
                              const char       *id);
  /* The records whose field equals value (all of them when field is NULL). */
  GPtrArray  *(*list)        (CareRuleContext  *ctx,
                              const CareEntity *entity,
                              const char       *field,
                              const char       *value,
                              GError          **error);
  /* The next number of a series: "mrn", "invoice", "receipt". */
  char       *(*next_number) (CareRuleContext  *ctx,
                              const char       *kind,
                              GError          **error);
  /* Writes a related record the rules changed (no rules run again). */
  gboolean    (*update)      (CareRuleContext  *ctx,
                              CareRecord       *record,
                              GError          **error);
  gboolean    (*insert)      (CareRuleContext  *ctx,
                              CareRecord       *record,
                              GError          **error);
  /* The clinic's own record (entity "tenant"). */
  CareRecord *(*clinic)      (CareRuleContext  *ctx);
  /* Whether the writer holds permission (care-schema.h), for a rule that
   * asks more than the entity's write permission of some changes; NULL
   * where the caller has checked already (the app's own screens). */
  gboolean    (*can)         (CareRuleContext  *ctx,
                              const char       *permission);
  gpointer    data;
};

typedef struct {
  const char *entity;
  /* Before a record is written: before is what is stored (NULL for a
   * new record); record may be changed (derived fields) or refused. */
  gboolean (*prepare)  (CareRuleContext *ctx,
                        CareRecord      *before,
                        CareRecord      *record,
                        GError         **error);
  /* After it is written, in the same transaction. */
  gboolean (*written)  (CareRuleContext *ctx,
                        CareRecord      *record,
                        gboolean         created,
                        GError         **error);
  /* Before and after a record is deleted. */
  gboolean (*deleting) (CareRuleContext *ctx,
                        CareRecord      *stored,
                        GError         **error);
  gboolean (*deleted)  (CareRuleContext *ctx,
                        CareRecord      *stored,
                        GError         **error);
  /* Fields these rules set from other records (a batch's quantity is the
   * sum of its ledger): a replayed write never conflicts on them, and
   * the stored value stays. NULL-terminated; may be NULL. */
  const char *const *derived;
  /* Fields prepare fills in on a new record where the writer left them
   * out (a payment's received_at is now): a create need not give them.
   * NULL-terminated; may be NULL. */
  const char *const *defaults;
  /* Required fields a create may leave out when another is given, as
   * pairs: { "assigned_to", "assigned_role", NULL } says a task for a
   * role needs no assignee (prepare fills it in). May be NULL. */
  const char *const *alternatives;
} CareEntityRules;

/* Run the entity's rules (TRUE where it has none): every feature module
 * that declares rules for the entity, in turn. Before them, a new
 * record's CARE_FIELD_ACTOR fields default to ctx->actor and its
 * CARE_FIELD_SIGNED fields become the writer (staff or patient); after
 * them, a new record's enum "status" defaults to its first choice. */
/* Whether the rules derive field of entity (see derived above). */
gboolean    care_rules_is_derived       (const CareEntity *entity,
                                         const char       *field);
/* Whether a new record of entity gets field from the rules when the
 * writer leaves it out: the signed-in writer (CARE_FIELD_ACTOR, _SIGNED),
 * an enum "status" (its first choice) or the entity's declared defaults.
 * What a create needs is the required fields but these (the OpenAPI
 * document's create schemas). */
gboolean    care_rules_fills_in         (const CareEntity *entity,
                                         const char       *field);
/* The field a create may give instead of the required field (see
 * alternatives above), or NULL. */
const char *care_rules_alternative      (const CareEntity *entity,
                                         const char       *field);
gboolean    care_rules_prepare          (CareRuleContext  *ctx,
                                         CareRecord       *before,
                                         CareRecord       *record,
                                         GError          **error);
gboolean    care_rules_written          (CareRuleContext  *ctx,
                                         CareRecord       *record,
                                         gboolean          created,
                                         GError          **error);
gboolean    care_rules_deleting         (CareRuleContext  *ctx,
                                         CareRecord       *stored,
                                         GError          **error);
gboolean    care_rules_deleted          (CareRuleContext  *ctx,
                                         CareRecord       *stored,
                                         GError          **error);

/* A status machine: from each status, the statuses that may follow
 * (NULL-terminated). A status without a row is where the record ends. */
typedef struct {
  const char        *from;
  const char *const *to;
} CareRuleStep;

/* Whether field of entity may go from → to under steps (the same value is
 * no change, and allowed). A refusal is a CARE_RULE_ERROR_STATE naming
 * the field: "Status: It is “Completed” and cannot become “Cancelled”." */
gboolean    care_rules_check_step       (const CareEntity   *entity,
                                         const char         *field,
                                         const CareRuleStep *steps,
                                         guint               n_steps,
                                         const char         *from,
                                         const char         *to,
                                         GError            **error);

/* The same for an explicit step asked for (dispense, review…): asking for
 * the value it has already is refused too ("It is “Dispensed” already."). */
gboolean    care_rules_check_action     (const CareEntity   *entity,
                                         const char         *field,
                                         const CareRuleStep *steps,
                                         guint               n_steps,
                                         const char         *from,
                                         const char         *to,
                                         GError            **error);

/* For a write of record over before (NULL: a new record, no change):
 * care_rules_check_step() of their "status". */
gboolean    care_rules_check_status_change (CareRecord         *before,
                                            CareRecord         *record,
                                            const CareRuleStep *steps,
                                            guint               n_steps,
                                            GError            **error);

/* Helpers for the rules: the sum of an integer field over records; a
 * value for a field of the entity that has none. */
gint64      care_rules_sum              (GPtrArray        *records,
                                         const char       *field);
void        care_rules_set_default      (CareRecord       *record,
                                         const char       *field,
                                         const char       *value);
/* A new, unsaved record that corrects original (an append-only entity
 * with an amends_id): its values, amends_id naming it, and signer_field
 * left for whoever writes the amendment. */
CareRecord *care_rules_new_amendment    (const CareRecord *original,
                                         const char       *signer_field);

G_END_DECLS
