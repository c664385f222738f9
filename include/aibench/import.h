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
    int skip_bad; /* keep the good rows and list the bad ones, instead of refusing the file */
} aib_import_opts;

typedef struct aib_import aib_import;

/* Reads FILE; every row becomes a measurement (pp+tg combined tests are skipped), checked
 * strictly (numbers, dates, tests) and against the catalog and the bounds of physics
 * (aib_check_measurement). A bad row refuses the whole file: *out is NULL and err lists
 * "file:line: what" (the entry's line for JSON) for each bad row, up to 20. With
 * o->skip_bad, bad rows are left out and listed (aib_import_bad_at); only a file with no good
 * row fails. FILE must be a regular file. */
AIB_NODISCARD aib_status aib_import_parse(const aib_catalog *cat, const char *path, const aib_import_opts *o, aib_import **out,
                            aib_error *err);
/* The rows read (owned by im), how many, and how many were skipped (pp+tg tests). */
size_t aib_import_count(const aib_import *im);
size_t aib_import_skipped(const aib_import *im);
const aib_measurement *aib_import_rows(const aib_import *im);
/* Rows left out with skip_bad: how many, and each one's "file:line: why". */
size_t aib_import_bad_count(const aib_import *im);
const char *aib_import_bad_at(const aib_import *im, size_t i);
/* Frees what aib_import_parse() returned; NULL is a no-op. */
void aib_import_free(aib_import *im);

#endif
