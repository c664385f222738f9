/* aibench/import.h: llama-bench output (json, jsonl, csv, markdown) to measurement rows, for
 * aib_store_import(). */
#ifndef AIBENCH_IMPORT_H
#define AIBENCH_IMPORT_H

#include "aibench/catalog.h"

typedef struct {
    const char *hw;       /* required: the catalog hardware it ran on */
    const char *source;   /* required: a URL, or local:MACHINE for one's own run */
    const char *model, *quant, *backend; /* override what the file says */
    const char *date, *software, *note;
} aib_import_opts;

typedef struct aib_import aib_import;

/* Reads FILE; every row becomes a measurement (pp+tg combined tests are skipped). On failure
 * *out is NULL and err lists "file:line: what" for each bad row. */
AIB_NODISCARD aib_status aib_import_parse(const aib_catalog *cat, const char *path, const aib_import_opts *o, aib_import **out,
                            aib_error *err);
/* The rows read (owned by im), how many, and how many were skipped (pp+tg tests). */
size_t aib_import_count(const aib_import *im);
size_t aib_import_skipped(const aib_import *im);
const aib_measurement *aib_import_rows(const aib_import *im);
/* Frees what aib_import_parse() returned; NULL is a no-op. */
void aib_import_free(aib_import *im);

#endif
