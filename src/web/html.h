/* html.h: the helpers the pages share (html.c). */
#ifndef AIB_HTML_H
#define AIB_HTML_H

#include "web.h"

/* a figure ("1.2", "42", "1,999"; "-" for none) */
void pg_num(sbuf *b, double v);
/* links to a hardware and a model page */
void pg_link_hw(sbuf *b, const char *id, const char *name);
void pg_link_model(sbuf *b, const char *id, const char *name);
/* the first URL of a " | "-separated source list, escaped for an href */
void pg_first_url(sbuf *b, const char *src);
/* "~42 tok/s" with its evidence: measured (source, date) or estimated (band) */
void pg_speed(sbuf *b, json_t *brief);
/* A row's evidence mark (measured, anchored on a measurement, or estimated with its band). */
void pg_evidence(sbuf *b, json_t *row);
/* A row's caveats: short marks with the message as title, or the messages in full. */
void pg_caveat_tags(sbuf *b, json_t *row);
void pg_caveats(sbuf *b, json_t *row);
/* " source" linked to an object's first source URL */
void pg_source_link(sbuf *b, json_t *ed);
/* the class of a plan row as a badge ("runs well", "fits, too slow"...) */
void pg_class_badge(sbuf *b, const char *cls);
/* text in capitals, escaped */
void pg_upper(sbuf *b, const char *s);
/* "GPU", "APU", "Apple Silicon"... */
const char *pg_kind_label(const char *kind);
/* every model on a hardware (or, with_hw, every hardware for a model) as a sortable table */
void pg_models_table(sbuf *b, json_t *rows, int with_hw);
/* editorial text with its source link */
void pg_ed_text(sbuf *b, json_t *ed);
/* "Buy", "Skip", "Consider" */
const char *pg_verdict_label(const char *v);
/* a <select> option and a number input of a form */
void pg_opt(sbuf *b, const char *value, const char *label, const char *cur);
void pg_input_num(sbuf *b, const char *name, const char *label, json_t *form, const char *hint);
/* an error paragraph, when there is one */
void pg_error_note(sbuf *b, const char *error);
/* "Share this ...: <a id=share-url>" */
void pg_share_link(sbuf *b, const char *what, const char *url);
/* the attributes a result row carries for tests and scripts: data-model, data-quant, data-tps
 * (the API's tps, exactly) */
void pg_row_data(sbuf *b, json_t *row);

#endif
