/* advice.h: the JSON of the advisor's objects (advisor.h), shared by the CLI (aibench brief,
 * aibench compare --json) and the site, which draws its pages from the same text. */
#ifndef AIB_ADVICE_H
#define AIB_ADVICE_H

#include "front/render.h"

/* A hardware's key figures: memory (unified or VRAM), bandwidth (measured when known), power,
 * price, compute. */
void aib_jw_figures(jw *w, const aib_hw *h);

/* The brief: backend, unified, figures, tagline, class, verdict, summary {lead, headline,
 * peer}, runs_well, picks, tier, watchouts, traps, call {buy_if, skip_if, alternatives},
 * local_cloud, evidence, planner_url. */
void aib_jw_brief(jw *w, const aib_catalog *cat, const aib_brief *b);

/* A hardware page's view: {hw, the brief's keys (kept at the top for earlier clients),
 * brief, models}. */
void aib_jw_hw_view(jw *w, const aib_catalog *cat, const aib_brief *b);

/* The index: {hardware: [figures, id, name, maker, kind, backend, interactive_models,
 * best_interactive], interactive_tps}. */
void aib_jw_index(jw *w, const aib_atlas *a);

/* The models: {models: [id, name, modality, use_cases, moe, runs_well_on, params]}. */
void aib_jw_models(jw *w, const aib_atlas *a);

/* A model's view from a WHERE answer: {model: record, moe, hardware: rows}. */
void aib_jw_model_view(jw *w, const aib_answer *where);

/* A comparison: {hardware: [figures...], models: [{model, name, params_total_b, cells}]}. */
void aib_jw_compare(jw *w, const aib_compare *c);

#endif
