/* care-week-view.h: a day (a column per doctor) or a week (one doctor) as a time grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_WEEK_VIEW (care_week_view_get_type ())
G_DECLARE_FINAL_TYPE (CareWeekView, care_week_view, CARE, WEEK_VIEW, GtkWidget)

GtkWidget  *care_week_view_new             (void);
void        care_week_view_set_store       (CareWeekView       *self,
                                            CareStore          *store);
/* One day, one column per doctor (ids and names, same length). */
void        care_week_view_show_day        (CareWeekView       *self,
                                            GDate              *day,
                                            const char *const  *doctor_ids,
                                            const char *const  *doctor_names);
/* Seven days from first_day, one doctor. */
void        care_week_view_show_week       (CareWeekView       *self,
                                            GDate              *first_day,
                                            const char         *doctor_id);
/* Reads the visible range from the store again (done on CareStore::changed). */
void        care_week_view_reload          (CareWeekView       *self);
/* The visible range, µs since the epoch. */
void        care_week_view_get_range       (CareWeekView       *self,
                                            gint64             *from,
                                            gint64             *until);
/* Ids of the appointment blocks shown, in the order drawn (by column, time). */
GPtrArray  *care_week_view_list_blocks     (CareWeekView       *self);
/* "10:20, Ana Ruiz, Scheduled": what a screen reader says for a block. */
char       *care_week_view_describe_block  (CareWeekView       *self,
                                            const char         *appointment_id);
/* The day(s) as text, one appointment a line, for screen readers. */
char       *care_week_view_dup_summary     (CareWeekView       *self);
/* The focus cell: column and start (µs); activating it is Enter. */
void        care_week_view_get_focus_cell  (CareWeekView       *self,
                                            guint              *column,
                                            gint64             *start);
/* Where an instant in a column is drawn (y in widget coordinates) and the
 * column's x range; for tests that click. */
gboolean    care_week_view_locate          (CareWeekView       *self,
                                            guint               column,
                                            gint64              instant,
                                            double             *x,
                                            double             *y);

G_END_DECLS
