/* import.h: llama-bench output (json, jsonl, csv, markdown) to measurement rows. */
#ifndef AIB_IMPORT_H
#define AIB_IMPORT_H

#include "aibench/aibench.h"
#include <jansson.h>

typedef struct {
    const char *hw;       /* required: the catalog hardware it ran on */
    const char *source;   /* required: a URL, or local:MACHINE for one's own run */
    const char *model, *quant, *backend; /* override what the file says */
    const char *date, *software, *note;
} aib_import_opts;

typedef struct aib_import aib_import;

/* Reads FILE; every row becomes a measurement (pp+tg combined tests are skipped). On failure
 * *out is NULL and err lists "file:line: what" for each bad row. */
aib_status aib_import_parse(const aib_catalog *cat, const char *path, const aib_import_opts *o, aib_import **out,
                            aib_error *err);
size_t aib_import_count(const aib_import *im);
size_t aib_import_skipped(const aib_import *im);
const aib_measurement *aib_import_rows(const aib_import *im);
void aib_import_free(aib_import *im);

#endif
