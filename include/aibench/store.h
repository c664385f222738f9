/* aibench/store.h: the SQLite database behind the catalog: the catalog files, imported
 * measurements, one's own hardware, the stored calibration and bandwidth evidence. */
#ifndef AIBENCH_STORE_H
#define AIBENCH_STORE_H

#include "aibench/engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Opens the catalog through the SQLite database at dbpath: when the files in datadir
 * changed since the database was written (or it does not exist), they are parsed, checked
 * and written in one transaction first; a broken file leaves the database as it was, and a
 * missing or unreadable one is an error (the database's older copy is never served instead).
 * The catalog is then read back from the database. *out as in aib_catalog_load_dir().
 * *rebuilt (may be NULL) is set to 1 when the database was rewritten. */
AIB_NODISCARD aib_status aib_store_open(const char *dbpath, const char *datadir, aib_catalog **out,
                          int *rebuilt, aib_error *err);

/* Adds measurements to the database at dbpath in one transaction (table "imported", kept
 * across catalog rebuilds and merged into every catalog read from it). Every row is checked
 * against cat first; on any problem nothing is written and err lists "origin: what". A row
 * already stored (same hardware, model, quant, backend, test, depth, speed, software, date and
 * source) is not stored again: re-importing a file adds nothing. *added (may be NULL): the
 * rows that were new. */
AIB_NODISCARD aib_status aib_store_import(const char *dbpath, const aib_catalog *cat, const aib_measurement *rows, size_t n,
                            size_t *added, aib_error *err);



/* A memory bandwidth measurement (aibench probe; the probe module measures it). */
typedef struct {
    double read_best, read_median, copy_best, copy_median, triad_best, triad_median; /* GB/s */
    int threads, runs;
    double buffer_mib; /* per array */
    double fp32_tflops; /* peak fp32 FMA throughput of all threads, measured alongside */
} aib_bandwidth;

/* Writes a calibration (its classes, residuals and basis) into the database, replacing the
 * stored one, in one transaction. */
AIB_NODISCARD aib_status aib_store_save_calibration(const char *dbpath, const aib_calibration *cal, aib_error *err);

/* Reads the stored calibration into *cal when its basis is basis (cal->stored = 1); else
 * AIB_ERR_NOTFOUND (none stored, or stored for other measurements) and *cal is untouched. */
AIB_NODISCARD aib_status aib_store_load_calibration(const char *dbpath, const char *basis, aib_calibration *cal, aib_error *err);

/* Saves a hardware entry of one's own (aibench probe --save) in the database at dbpath (table
 * "custom_hardware", kept across catalog rebuilds, merged into every catalog read from it),
 * replacing an earlier one of the same id. The id must not be a catalog file's. */
AIB_NODISCARD aib_status aib_store_save_hw(const char *dbpath, const aib_catalog *cat, const aib_hw *h, aib_error *err);

/* Stores a bandwidth measurement as evidence for a hardware id (table "bandwidth_evidence"). */
AIB_NODISCARD aib_status aib_store_add_bandwidth(const char *dbpath, const char *hw_id, const aib_bandwidth *b,
                                   const char *machine, const char *date, aib_error *err);

#ifdef __cplusplus
}
#endif
#endif
