/* store.c: the embedded SQLite database behind the catalog. The text files of data/ are the
 * source of truth, reviewed in diffs; the database is rebuilt from them, in one transaction,
 * whenever their fingerprint changes, and every front end reads the catalog from it. */
#include "../core/internal.h"

#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_VERSION "aibench-catalog-2"

/* FNV-1a 64 over the schema version, then each file's name and bytes. Returns 0 when a
 * file cannot be read (fp then holds nothing useful), with its path in bad. */
static int fingerprint(const char *dir, char out[17], char *bad, size_t nbad)
{
    unsigned long long h = 1469598103934665603ULL;
#define MIX(c) (h ^= (unsigned char)(c), h *= 1099511628211ULL)
    for (const char *p = SCHEMA_VERSION; *p; p++)
        MIX(*p);
    for (int k = 0; k < AIB_NKINDS; k++) {
        const char *file = aib_kinds[k].file;
        char path[1100];
        snprintf(path, sizeof path, "%s/%s", dir, file);
        FILE *f = fopen(path, "rb");
        if (!f) {
            snprintf(bad, nbad, "%s: %s", path, strerror(errno));
            return 0;
        }
        for (const char *p = file; *p; p++)
            MIX(*p);
        int c;
        while ((c = getc(f)) != EOF)
            MIX(c);
        int failed = ferror(f);
        fclose(f);
        if (failed) {
            snprintf(bad, nbad, "%s: cannot read it", path);
            return 0;
        }
    }
#undef MIX
    snprintf(out, 17, "%016llx", h);
    return 1;
}

static aib_status db_fail(aib_error *err, sqlite3 *db, const char *what)
{
    return aib_fail(err, AIB_ERR_DB, "%s: %s", what, db ? sqlite3_errmsg(db) : "cannot open");
}

static aib_status exec(sqlite3 *db, const char *sql, aib_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        aib_status st = aib_fail(err, AIB_ERR_DB, "sqlite: %s", msg ? msg : "error");
        sqlite3_free(msg);
        return st;
    }
    return AIB_OK;
}

static int read_meta(sqlite3 *db, const char *key, char *out, size_t n)
{
    sqlite3_stmt *st;
    int ok = 0;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
        snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
        ok = 1;
    }
    sqlite3_finalize(st);
    return ok;
}

/* Appends to a fixed buffer; the schema is small and bounded by the field tables. */
static void cat_s(char *buf, size_t n, const char *s)
{
    size_t l = strlen(buf);
    snprintf(buf + l, n - l, "%s", s);
}

static aib_status write_table(sqlite3 *db, const aib_catalog *cat, int k, aib_error *err)
{
    size_t nf;
    const aib_field *fs = aib_kinds[k].fields(&nf);
    int has_line = aib_kinds[k].line >= 0;
    char sql[4096] = "";
    snprintf(sql, sizeof sql, "CREATE TABLE %s (", aib_kinds[k].table);
    for (size_t i = 0; i < nf; i++) {
        cat_s(sql, sizeof sql, i ? ", " : "");
        cat_s(sql, sizeof sql, fs[i].key);
        cat_s(sql, sizeof sql, fs[i].type == AIB_FIELD_STR ? " TEXT" : " REAL");
    }
    cat_s(sql, sizeof sql, has_line ? ", line INTEGER)" : ")");
    aib_status rc = exec(db, sql, err);
    if (rc)
        return rc;
    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (", aib_kinds[k].table);
    for (size_t i = 0; i < nf + has_line; i++)
        cat_s(sql, sizeof sql, i ? ", ?" : "?");
    cat_s(sql, sizeof sql, ")");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(err, db, "prepare insert");
    size_t n;
    const char *base = aib_kind_records(cat, k, &n);
    for (size_t r = 0; r < n; r++) {
        const void *rec = base + r * aib_kinds[k].size;
        sqlite3_reset(st);
        for (size_t i = 0; i < nf; i++) {
            int col = (int)i + 1;
            if (fs[i].type == AIB_FIELD_STR) {
                const char *v = aib_field_str(&fs[i], rec);
                if (v)
                    sqlite3_bind_text(st, col, v, -1, SQLITE_STATIC);
                else
                    sqlite3_bind_null(st, col);
            } else {
                double v = aib_field_num(&fs[i], rec);
                if (aib_has(v))
                    sqlite3_bind_double(st, col, v);
                else
                    sqlite3_bind_null(st, col);
            }
        }
        if (has_line)
            sqlite3_bind_int(st, (int)nf + 1, *(const int *)((const char *)rec + aib_kinds[k].line));
        if (sqlite3_step(st) != SQLITE_DONE) {
            aib_status e = db_fail(err, db, "insert");
            sqlite3_finalize(st);
            return e;
        }
    }
    sqlite3_finalize(st);
    return AIB_OK;
}

/* Rewrites every table and the fingerprint in one transaction. */
static aib_status rebuild(sqlite3 *db, const aib_catalog *cat, const char *fp, aib_error *err)
{
    aib_status rc = exec(db, "BEGIN IMMEDIATE", err);
    if (rc)
        return rc;
    for (int k = 0; k < AIB_NKINDS && !rc; k++) {
        char sql[128];
        snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS %s", aib_kinds[k].table);
        rc = exec(db, sql, err);
    }
    if (!rc)
        rc = exec(db, "DROP TABLE IF EXISTS meta; CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)", err);
    for (int k = 0; k < AIB_NKINDS && !rc; k++)
        rc = write_table(db, cat, k, err);
    if (!rc) {
        char sql[256];
        snprintf(sql, sizeof sql, "INSERT INTO meta VALUES ('fingerprint', '%s'), ('schema', '%s')", fp, SCHEMA_VERSION);
        rc = exec(db, sql, err);
    }
    if (!rc)
        rc = exec(db, "COMMIT", err);
    if (rc)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* Sets a record's fields from the current row's columns, in field order (NULL stays absent).
 * Returns 0, or -1 when out of memory. */
static int row_to_record(sqlite3_stmt *st, const aib_field *fs, size_t nf, void *rec, aib_catalog *cat)
{
    int ncols = sqlite3_column_count(st);
    for (size_t i = 0; i < nf && (int)i < ncols; i++) {
        if (sqlite3_column_type(st, (int)i) == SQLITE_NULL)
            continue;
        char *slot = (char *)rec + fs[i].offset;
        if (fs[i].type == AIB_FIELD_NUM) {
            *(double *)slot = sqlite3_column_double(st, (int)i);
        } else {
            const char *v = (const char *)sqlite3_column_text(st, (int)i);
            if (!v || !(*(char **)slot = aib_arena_strdup(&cat->strings, v, strlen(v))))
                return -1;
        }
    }
    return 0;
}

/* Reads every row of sql into new records of kind k, columns in field order; a column past
 * the fields is the source line (kinds that keep one). missing_ok: a table that does not
 * exist yet holds no rows. shape: the column count the rows must have (0: any). */
static aib_status read_rows(sqlite3 *db, aib_catalog *cat, int k, const char *sql, int missing_ok, size_t shape,
                            const char *what, aib_error *err)
{
    size_t nf;
    const aib_field *fs = aib_kinds[k].fields(&nf);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return missing_ok ? AIB_OK : db_fail(err, db, what);
    size_t ncols = (size_t)sqlite3_column_count(st);
    if (shape && ncols != shape) {
        sqlite3_finalize(st);
        return aib_fail(err, AIB_ERR_DB, "table %s has an unexpected shape", aib_kinds[k].table);
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        void *rec = aib_catalog_add(cat, k);
        if (!rec || row_to_record(st, fs, nf, rec, cat)) {
            sqlite3_finalize(st);
            return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
        }
        if (aib_kinds[k].line >= 0 && ncols > nf)
            *(int *)((char *)rec + aib_kinds[k].line) = sqlite3_column_int(st, (int)nf);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? AIB_OK : db_fail(err, db, what);
}

/* Imported measurements: same columns as measurements, plus when they were imported. */
static const char IMPORTED_SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS imported (hw TEXT, model TEXT, quant TEXT, backend TEXT, test TEXT, depth REAL, "
    "tps REAL, software TEXT, date TEXT, source TEXT, note TEXT, imported_at TEXT DEFAULT CURRENT_TIMESTAMP)";

/* Imported rows have no line in measurements.tsv: their line stays 0. */
static aib_status read_imported(sqlite3 *db, aib_catalog *cat, aib_error *err)
{
    return read_rows(db, cat, AIB_K_MEAS,
                     "SELECT hw, model, quant, backend, test, depth, tps, software, date, source, note "
                     "FROM imported ORDER BY rowid", 1, 0, "read imported measurements", err);
}

/* Whether the catalog's files already hold this very run (the same identity as the import's). */
static int catalog_has_run(const aib_catalog *cat, const aib_measurement *x)
{
    for (size_t i = 0; i < cat->n_meas; i++) {
        const aib_measurement *y = &cat->meas[i];
        if (y->line > 0 && y->tps == x->tps && aib_run_cmp(x, y) == 0) /* the files' rows only */
            return 1;
    }
    return 0;
}

/* A row's identity: what it measured, where, with what, and who says so. */
static const char IMPORTED_IDENTITY[] =
    "CREATE INDEX IF NOT EXISTS imported_identity ON imported (hw, model, quant, backend, test, depth, source)";

aib_status aib_store_import(const char *dbpath, const aib_catalog *cat, const aib_measurement *rows, size_t n,
                            size_t *added, aib_error *err)
{
    if (err)
        err->msg[0] = '\0', err->code = AIB_OK;
    if (added)
        *added = 0;
    int problems = 0;
    for (size_t i = 0; i < n; i++)
        problems += aib_check_measurement(cat, &rows[i], "import", rows[i].line, err);
    if (problems)
        return err ? (err->code = AIB_ERR_PARSE) : AIB_ERR_PARSE;
    if (n == 0)
        return aib_fail(err, AIB_ERR_PARSE, "import: no measurements in the file");
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        aib_status e = db_fail(err, db, dbpath);
        sqlite3_close(db);
        return e;
    }
    sqlite3_busy_timeout(db, 5000);
    aib_status rc = exec(db, IMPORTED_SCHEMA, err);
    if (!rc)
        rc = exec(db, IMPORTED_IDENTITY, err);
    if (!rc)
        rc = exec(db, "BEGIN IMMEDIATE", err);
    sqlite3_stmt *st = NULL, *seen = NULL;
    if (!rc && (sqlite3_prepare_v2(db, "INSERT INTO imported (hw, model, quant, backend, test, depth, tps, software, "
                                       "date, source, note) VALUES (?,?,?,?,?,?,?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK ||
                sqlite3_prepare_v2(db, "SELECT 1 FROM imported WHERE hw = ? AND model = ? AND quant = ? AND backend = ? "
                                       "AND test = ? AND depth = ? AND tps = ? AND software IS ? AND date IS ? "
                                       "AND source IS ?", -1, &seen, NULL) != SQLITE_OK))
        rc = db_fail(err, db, "prepare import");
    for (size_t i = 0; i < n && !rc; i++) {
        const aib_measurement *x = &rows[i];
        const char *texts[] = {x->hw, x->model, x->quant, x->backend, x->test};
        sqlite3_stmt *both[] = {seen, st};
        for (int s2 = 0; s2 < 2; s2++) {
            sqlite3_stmt *q = both[s2];
            sqlite3_reset(q);
            for (int k = 0; k < 5; k++)
                sqlite3_bind_text(q, k + 1, texts[k], -1, SQLITE_STATIC);
            sqlite3_bind_double(q, 6, x->depth);
            sqlite3_bind_double(q, 7, x->tps);
            sqlite3_bind_text(q, 8, x->software, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 9, x->date, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 10, x->source, -1, SQLITE_STATIC);
        }
        int step = sqlite3_step(seen);
        if (step == SQLITE_ROW || catalog_has_run(cat, x))
            continue; /* stored before (this file, imported again, a row repeated in it, or the catalog's own) */
        if (step != SQLITE_DONE) {
            rc = db_fail(err, db, "look up imported measurement");
            break;
        }
        if (x->note)
            sqlite3_bind_text(st, 11, x->note, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, 11);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = db_fail(err, db, "insert imported measurement");
        else if (added)
            ++*added;
    }
    sqlite3_finalize(st);
    sqlite3_finalize(seen);
    if (!rc)
        rc = exec(db, "COMMIT", err);
    else
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    if (rc && added)
        *added = 0;
    sqlite3_close(db);
    return rc;
}

static aib_status open_db(const char *dbpath, sqlite3 **db, aib_error *err)
{
    if (sqlite3_open_v2(dbpath, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        aib_status e = db_fail(err, *db, dbpath);
        sqlite3_close(*db);
        *db = NULL;
        return e;
    }
    sqlite3_busy_timeout(*db, 5000);
    return AIB_OK;
}

/* custom_hardware has the hardware table's columns plus a flag saying it is one's own */
static aib_status ensure_custom_table(sqlite3 *db, aib_error *err)
{
    size_t nf;
    const aib_field *fs = aib_hw_fields(&nf);
    char sql[4096] = "CREATE TABLE IF NOT EXISTS custom_hardware (";
    for (size_t i = 0; i < nf; i++) {
        cat_s(sql, sizeof sql, i ? ", " : "");
        cat_s(sql, sizeof sql, fs[i].key);
        cat_s(sql, sizeof sql, fs[i].type == AIB_FIELD_STR ? " TEXT" : " REAL");
    }
    cat_s(sql, sizeof sql, ")");
    return exec(db, sql, err);
}

aib_status aib_store_save_hw(const char *dbpath, const aib_catalog *cat, const aib_hw *h, aib_error *err)
{
    if (err)
        err->msg[0] = '\0', err->code = AIB_OK;
    for (size_t i = 0; i < cat->n_hw; i++)
        if (aib_streq_ci(cat->hw[i].id, h->id) && !(cat->hw[i].source && !strncmp(cat->hw[i].source, "local:", 6)))
            return aib_fail(err, AIB_ERR_INVALID, "'%s' is a catalog hardware id: choose another", h->id);
    sqlite3 *db;
    aib_status rc = open_db(dbpath, &db, err);
    if (rc)
        return rc;
    size_t nf;
    const aib_field *fs = aib_hw_fields(&nf);
    char sql[2048] = "INSERT INTO custom_hardware VALUES (";
    for (size_t i = 0; i < nf; i++)
        cat_s(sql, sizeof sql, i ? ", ?" : "?");
    cat_s(sql, sizeof sql, ")");
    sqlite3_stmt *st = NULL;
    rc = ensure_custom_table(db, err);
    if (!rc)
        rc = exec(db, "BEGIN IMMEDIATE", err);
    if (!rc) {
        sqlite3_stmt *del;
        if (sqlite3_prepare_v2(db, "DELETE FROM custom_hardware WHERE id = ?", -1, &del, NULL) == SQLITE_OK) {
            sqlite3_bind_text(del, 1, h->id, -1, SQLITE_STATIC);
            if (sqlite3_step(del) != SQLITE_DONE)
                rc = db_fail(err, db, "replace custom hardware");
            sqlite3_finalize(del);
        } else
            rc = db_fail(err, db, "replace custom hardware");
    }
    if (!rc && sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        rc = db_fail(err, db, "prepare custom hardware");
    for (size_t i = 0; i < nf && !rc; i++) {
        if (fs[i].type == AIB_FIELD_STR) {
            const char *v = aib_field_str(&fs[i], h);
            v ? sqlite3_bind_text(st, (int)i + 1, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, (int)i + 1);
        } else {
            double v = aib_field_num(&fs[i], h);
            aib_has(v) ? sqlite3_bind_double(st, (int)i + 1, v) : sqlite3_bind_null(st, (int)i + 1);
        }
    }
    if (!rc && sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(err, db, "save custom hardware");
    sqlite3_finalize(st);
    rc = rc ? (sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), rc) : exec(db, "COMMIT", err);
    sqlite3_close(db);
    return rc;
}

aib_status aib_store_add_bandwidth(const char *dbpath, const char *hw_id, const aib_bandwidth *b, const char *machine,
                                   const char *date, aib_error *err)
{
    sqlite3 *db;
    aib_status rc = open_db(dbpath, &db, err);
    if (rc)
        return rc;
    rc = exec(db, "CREATE TABLE IF NOT EXISTS bandwidth_evidence (hw TEXT, read_gbs REAL, copy_gbs REAL, "
                  "triad_gbs REAL, threads INTEGER, runs INTEGER, machine TEXT, date TEXT, software TEXT)", err);
    sqlite3_stmt *st = NULL;
    if (!rc && sqlite3_prepare_v2(db, "INSERT INTO bandwidth_evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'aibench probe')",
                                  -1, &st, NULL) != SQLITE_OK)
        rc = db_fail(err, db, "prepare bandwidth evidence");
    if (!rc) {
        sqlite3_bind_text(st, 1, hw_id, -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 2, b->read_best);
        sqlite3_bind_double(st, 3, b->copy_best);
        sqlite3_bind_double(st, 4, b->triad_best);
        sqlite3_bind_int(st, 5, b->threads);
        sqlite3_bind_int(st, 6, b->runs);
        sqlite3_bind_text(st, 7, machine, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 8, date, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = db_fail(err, db, "store bandwidth evidence");
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
}

static aib_status read_custom_hw(sqlite3 *db, aib_catalog *cat, aib_error *err)
{
    return read_rows(db, cat, AIB_K_HW, "SELECT * FROM custom_hardware ORDER BY rowid", 1, 0, "read custom hardware",
                     err);
}

static aib_status read_tables(sqlite3 *db, aib_catalog **out, aib_error *err)
{
    aib_catalog *cat = aib_calloc(1, sizeof *cat);
    if (!cat)
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    for (int k = 0; k < AIB_NKINDS; k++) {
        size_t nf;
        aib_kinds[k].fields(&nf);
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY rowid", aib_kinds[k].table);
        aib_status st = read_rows(db, cat, k, sql, 0, nf + (aib_kinds[k].line >= 0), "read catalog", err);
        if (st) {
            aib_catalog_free(cat);
            return st;
        }
    }
    aib_status rc = read_custom_hw(db, cat, err);
    if (!rc)
        rc = read_imported(db, cat, err);
    if (rc) {
        aib_catalog_free(cat);
        return rc;
    }
    /* the database may have been edited by hand: hold it to the same checks as the files */
    rc = aib_catalog_check(cat, err);
    if (rc) {
        aib_catalog_free(cat);
        return rc;
    }
    *out = cat;
    return AIB_OK;
}

aib_status aib_store_open(const char *dbpath, const char *datadir, aib_catalog **out, int *rebuilt, aib_error *err)
{
    *out = NULL;
    if (rebuilt)
        *rebuilt = 0;
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        aib_status e = aib_fail(err, AIB_ERR_DB, "%s: cannot open database: %s", dbpath, db ? sqlite3_errmsg(db) : "");
        sqlite3_close(db);
        return e;
    }
    sqlite3_busy_timeout(db, 5000);
    char fp[17], have[64] = "", bad[1200] = "";
    int have_files = datadir && fingerprint(datadir, fp, bad, sizeof bad);
    int have_db = read_meta(db, "fingerprint", have, sizeof have);
    aib_status rc = AIB_OK;
    if (datadir && !have_files) {
        /* a catalog file missing or unreadable is an error: the database's older copy would be
         * served as if it were the files */
        rc = aib_fail(err, AIB_ERR_IO, "%s (the catalog files are the source of truth; %s was not used)", bad, dbpath);
    } else if (!have_files && !have_db) {
        rc = aib_fail(err, AIB_ERR_IO, "no catalog files given and %s holds no catalog", dbpath);
    } else if (have_files && strcmp(fp, have) != 0) {
        aib_catalog *parsed;
        rc = aib_catalog_load_dir(datadir, &parsed, err);
        if (!rc) {
            rc = rebuild(db, parsed, fp, err);
            aib_catalog_free(parsed);
            if (!rc && rebuilt)
                *rebuilt = 1;
        }
    }
    if (!rc)
        rc = read_tables(db, out, err);
    sqlite3_close(db);
    return rc;
}

/* ---- the stored calibration (aibench calibrate) ---- */

static const char CALIBRATION_SCHEMA[] =
    "DROP TABLE IF EXISTS calibration;"
    "CREATE TABLE calibration (class TEXT PRIMARY KEY, fitted_on TEXT NOT NULL, inv_eff REAL NOT NULL,"
    " layer_s REAL NOT NULL, moe_s REAL NOT NULL, att_s REAL NOT NULL, pp_eff REAL NOT NULL, pp_eff_moe REAL NOT NULL,"
    " pp_eff_f16 REAL NOT NULL, n_tg INTEGER NOT NULL, n_pp INTEGER NOT NULL, position INTEGER NOT NULL,"
    " att_from TEXT NOT NULL, tg_p10 REAL, tg_p90 REAL, pp_p10 REAL, pp_p90 REAL, n_tg_band INTEGER, n_pp_band INTEGER,"
    " pp_att REAL NOT NULL);"
    "CREATE TABLE IF NOT EXISTS calibration_residuals (basis TEXT NOT NULL, tg_p10 REAL, tg_p50 REAL, tg_p90 REAL,"
    " pp_p10 REAL, pp_p50 REAL, pp_p90 REAL, n_tg INTEGER, n_pp INTEGER, stored_at TEXT NOT NULL);"
    "DROP TABLE IF EXISTS calibration_outliers;"
    "CREATE TABLE calibration_outliers (hw TEXT, model TEXT, quant TEXT, backend TEXT, test TEXT, depth REAL,"
    " tps REAL, estimate REAL, total INTEGER);";

aib_status aib_store_save_calibration(const char *dbpath, const aib_calibration *cal, aib_error *err)
{
    sqlite3 *db;
    aib_status rc = open_db(dbpath, &db, err);
    if (rc)
        return rc;
    sqlite3_stmt *st = NULL;
    if (!(rc = exec(db, "BEGIN IMMEDIATE", err)) && !(rc = exec(db, CALIBRATION_SCHEMA, err)) &&
        !(rc = exec(db, "DELETE FROM calibration; DELETE FROM calibration_residuals;", err))) {
        if (sqlite3_prepare_v2(db, "INSERT INTO calibration VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK)
            rc = db_fail(err, db, "calibration");
        for (int i = 0; !rc && i < cal->n; i++) {
            const aib_calib *c = &cal->rows[i];
            sqlite3_reset(st);
            sqlite3_bind_text(st, 1, c->key, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, c->from, -1, SQLITE_TRANSIENT);
            const double v[7] = {c->inv_eff, c->layer_s, c->moe_s, c->att_s, c->pp_eff, c->pp_eff_moe, c->pp_eff_f16};
            for (int j = 0; j < 7; j++)
                sqlite3_bind_double(st, 3 + j, v[j]);
            sqlite3_bind_int(st, 10, c->n_tg);
            sqlite3_bind_int(st, 11, c->n_pp);
            sqlite3_bind_int(st, 12, i);
            sqlite3_bind_text(st, 13, c->att_from, -1, SQLITE_TRANSIENT);
            const double bands[4] = {c->tg_p10, c->tg_p90, c->pp_p10, c->pp_p90};
            for (int j = 0; j < 4; j++)
                isfinite(bands[j]) ? sqlite3_bind_double(st, 14 + j, bands[j]) : sqlite3_bind_null(st, 14 + j);
            sqlite3_bind_int(st, 18, c->n_tg_band);
            sqlite3_bind_int(st, 19, c->n_pp_band);
            sqlite3_bind_double(st, 20, c->pp_att);
            if (sqlite3_step(st) != SQLITE_DONE)
                rc = db_fail(err, db, "calibration");
        }
        sqlite3_finalize(st);
        st = NULL;
        if (!rc && sqlite3_prepare_v2(db, "INSERT INTO calibration_residuals VALUES (?,?,?,?,?,?,?,?,?,datetime('now'))",
                                      -1, &st, NULL) != SQLITE_OK)
            rc = db_fail(err, db, "calibration");
        if (!rc) {
            sqlite3_bind_text(st, 1, cal->basis, -1, SQLITE_TRANSIENT);
            const double v[6] = {cal->tg_p10, cal->tg_p50, cal->tg_p90, cal->pp_p10, cal->pp_p50, cal->pp_p90};
            for (int j = 0; j < 6; j++)
                sqlite3_bind_double(st, 2 + j, v[j]);
            sqlite3_bind_int(st, 8, cal->n_tg_resid);
            sqlite3_bind_int(st, 9, cal->n_pp_resid);
            if (sqlite3_step(st) != SQLITE_DONE)
                rc = db_fail(err, db, "calibration");
        }
        sqlite3_finalize(st);
        st = NULL;
        if (!rc && sqlite3_prepare_v2(db, "INSERT INTO calibration_outliers VALUES (?,?,?,?,?,?,?,?,?)", -1, &st,
                                      NULL) != SQLITE_OK)
            rc = db_fail(err, db, "calibration");
        for (int i = 0; !rc && i < cal->n_outliers && i < AIB_MAX_OUTLIERS; i++) {
            const aib_outlier *q = &cal->outliers[i];
            const char *t[5] = {q->hw, q->model, q->quant, q->backend, q->test};
            sqlite3_reset(st);
            for (int j = 0; j < 5; j++)
                sqlite3_bind_text(st, 1 + j, t[j], -1, SQLITE_TRANSIENT);
            sqlite3_bind_double(st, 6, q->depth);
            sqlite3_bind_double(st, 7, q->tps);
            sqlite3_bind_double(st, 8, q->estimate);
            sqlite3_bind_int(st, 9, cal->n_outliers);
            if (sqlite3_step(st) != SQLITE_DONE)
                rc = db_fail(err, db, "calibration");
        }
        sqlite3_finalize(st);
    }
    rc = rc ? (sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), rc) : exec(db, "COMMIT", err);
    sqlite3_close(db);
    return rc;
}

aib_status aib_store_load_calibration(const char *dbpath, const char *basis, aib_calibration *cal, aib_error *err)
{
    sqlite3 *db;
    aib_status rc = open_db(dbpath, &db, err);
    if (rc)
        return rc;
    aib_calibration *c = aib_calloc(1, sizeof *c);
    sqlite3_stmt *st = NULL;
    rc = AIB_ERR_NOTFOUND;
    if (!c)
        rc = aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    else if (sqlite3_prepare_v2(db, "SELECT basis, tg_p10, tg_p50, tg_p90, pp_p10, pp_p50, pp_p90, n_tg, n_pp "
                                    "FROM calibration_residuals", -1, &st, NULL) == SQLITE_OK &&
             sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
             !strcmp((const char *)sqlite3_column_text(st, 0), basis)) {
        snprintf(c->basis, sizeof c->basis, "%s", basis);
        double *v[6] = {&c->tg_p10, &c->tg_p50, &c->tg_p90, &c->pp_p10, &c->pp_p50, &c->pp_p90};
        for (int j = 0; j < 6; j++)
            *v[j] = sqlite3_column_double(st, 1 + j);
        c->n_tg_resid = sqlite3_column_int(st, 7);
        c->n_pp_resid = sqlite3_column_int(st, 8);
        sqlite3_finalize(st);
        st = NULL;
        if (sqlite3_prepare_v2(db, "SELECT class, fitted_on, inv_eff, layer_s, moe_s, att_s, pp_eff, pp_eff_moe, "
                                   "pp_eff_f16, n_tg, n_pp, att_from, tg_p10, tg_p90, pp_p10, pp_p90, n_tg_band, n_pp_band, pp_att "
                                   "FROM calibration ORDER BY position", -1, &st, NULL) == SQLITE_OK) {
            rc = AIB_OK;
            while (sqlite3_step(st) == SQLITE_ROW && c->n < (int)(sizeof c->rows / sizeof c->rows[0])) {
                aib_calib *r = &c->rows[c->n++];
                const unsigned char *k0 = sqlite3_column_text(st, 0), *k1 = sqlite3_column_text(st, 1);
                snprintf(r->key, sizeof r->key, "%s", k0 ? (const char *)k0 : "?");
                snprintf(r->from, sizeof r->from, "%s", k1 ? (const char *)k1 : "?");
                double *f[7] = {&r->inv_eff, &r->layer_s, &r->moe_s, &r->att_s, &r->pp_eff, &r->pp_eff_moe, &r->pp_eff_f16};
                for (int j = 0; j < 7; j++)
                    *f[j] = sqlite3_column_double(st, 2 + j);
                r->n_tg = sqlite3_column_int(st, 9);
                r->n_pp = sqlite3_column_int(st, 10);
                const unsigned char *k11 = sqlite3_column_text(st, 11);
                snprintf(r->att_from, sizeof r->att_from, "%s", k11 ? (const char *)k11 : "?");
                double *bands[4] = {&r->tg_p10, &r->tg_p90, &r->pp_p10, &r->pp_p90};
                for (int j = 0; j < 4; j++)
                    *bands[j] = sqlite3_column_type(st, 12 + j) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 12 + j);
                r->n_tg_band = sqlite3_column_int(st, 16);
                r->n_pp_band = sqlite3_column_int(st, 17);
                r->pp_att = sqlite3_column_double(st, 18);
                if (!(r->inv_eff >= 1) || !(r->layer_s >= 0) || !(r->moe_s >= 0) || !(r->att_s >= 0) || !(r->pp_eff > 0) ||
                    !(r->pp_eff_moe > 0) || !(r->pp_eff_f16 > 0) || !(r->pp_att >= 0))
                    rc = aib_fail(err, AIB_ERR_DB, "the stored calibration has an out-of-range constant (class %s)", r->key);
            }
            if (!rc && c->n == 0)
                rc = AIB_ERR_NOTFOUND;
        }
        sqlite3_finalize(st);
        st = NULL;
        if (!rc && sqlite3_prepare_v2(db, "SELECT hw, model, quant, backend, test, depth, tps, estimate, total "
                                          "FROM calibration_outliers ORDER BY rowid", -1, &st, NULL) == SQLITE_OK) {
            int listed = 0, total = 0;
            while (sqlite3_step(st) == SQLITE_ROW && listed < AIB_MAX_OUTLIERS) {
                aib_outlier *q = &c->outliers[listed++];
                char *t[5] = {q->hw, q->model, q->quant, q->backend, q->test};
                size_t sz[5] = {sizeof q->hw, sizeof q->model, sizeof q->quant, sizeof q->backend, sizeof q->test};
                for (int j = 0; j < 5; j++) {
                    const unsigned char *tv = sqlite3_column_text(st, j);
                    snprintf(t[j], sz[j], "%s", tv ? (const char *)tv : "");
                }
                q->depth = sqlite3_column_double(st, 5);
                q->tps = sqlite3_column_double(st, 6);
                q->estimate = sqlite3_column_double(st, 7);
                total = sqlite3_column_int(st, 8); /* how many in all; the first AIB_MAX_OUTLIERS are listed */
            }
            c->n_outliers = total > listed ? total : listed;
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (!rc) {
        c->stored = 1;
        *cal = *c;
    }
    aib_free(c);
    return rc;
}
