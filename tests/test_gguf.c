/* test_gguf.c: the GGUF reader on generated files: exact sizes and architecture numbers of
 * valid models, one crafted file per failure mode with its expected error, every truncation
 * of a valid header, split files, headers larger than the first read, files read with
 * warnings, sparse files and paths that are not regular files, and the engine fed from a
 * file. */
#include "aibench/aibench.h"
#include "gguf_cases.h"
#include "testlib.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/aib-gguf-XXXXXX";

/* params and bytes of a generated model, counted the way the generator lays it out */
typedef struct { double params, bytes, expert; } counts;
static void count_cb(void *p, const char *name, uint32_t nd, const uint64_t *ne, uint32_t type)
{
    counts *c = p;
    double e = 1;
    uint64_t rows = 1;
    for (uint32_t i = 0; i < nd; i++)
        e *= (double)ne[i];
    for (uint32_t i = 1; i < nd; i++)
        rows *= ne[i];
    c->params += e;
    c->bytes += (double)gt_bytes(type, ne[0], rows);
    if (strstr(name, "_exps"))
        c->expert += e;
}

static void test_valid(const gen_model *gm, const char *file)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    CHECK(gen_model_file(path, gm) == 0);
    aib_gguf *g = NULL;
    aib_error err = {0};
    CHECK(aib_gguf_read(path, &g, &err) == AIB_OK);
    if (!g) {
        printf("  %s: %s\n", file, err.msg);
        return;
    }
    counts c = {0, 0, 0};
    gen_tensors(gm, count_cb, &c);
    aib_gguf_summary s;
    aib_gguf_summarize(g, &s);
    CHECK(aib_gguf_version(g) == 3);
    CHECK(s.params == c.params);
    CHECK(s.bytes == c.bytes);
    CHECK(s.expert_params == c.expert);
    CHECK(!strcmp(s.architecture, gm->arch));
    CHECK(s.alignment == 32 && s.shards == 1);
    if (gm->experts)
        CHECK_REL(s.active_params, c.params - c.expert * (1 - (double)gm->experts_used / gm->experts), 1e-12);
    aib_model m;
    CHECK(aib_gguf_model(g, &m, &err) == AIB_OK);
    CHECK(m.layers == gm->layers && m.kv_heads == gm->kv_heads && m.heads == gm->heads);
    CHECK(m.head_dim == gm->hidden / gm->heads && m.hidden_size == gm->hidden);
    CHECK(m.max_context == gm->ctx && m.vocab_size == gm->tokens);
    CHECK(!strcmp(m.tied_embeddings, gm->tied ? "yes" : "no"));
    if (gm->experts)
        CHECK(m.experts == gm->experts && m.experts_used == gm->experts_used && m.moe_layers == gm->layers);
    const aib_gguf_kv *tok = aib_gguf_find(g, "tokenizer.ggml.tokens");
    CHECK(tok && tok->type == 9 && tok->arr_type == 8 && tok->count == gm->tokens);
    /* KV cache of the generated shape: layers x 2 x kv_heads x head_dim x 2 bytes per token */
    CHECK_REL(aib_kv_cache_bytes(&m, 4096, 2.0), 4096.0 * gm->layers * 2 * gm->kv_heads * (gm->hidden / gm->heads) * 2, 1e-12);

    /* every prefix of the header is refused cleanly, never read past */
    FILE *f = fopen(path, "rb");
    unsigned char buf[65536];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    size_t header = (size_t)s.data_offset < n ? (size_t)s.data_offset : n;
    int refused = 0;
    for (size_t len = 0; len < header; len += 1 + len / 64) {
        aib_gguf *p = NULL;
        unsigned char *copy = malloc(len ? len : 1); /* exact size: ASan sees any over-read */
        memcpy(copy, buf, len);
        refused += aib_gguf_parse(copy, len, len, &p, &err) != AIB_OK && p == NULL;
        free(copy);
        aib_gguf_free(p);
    }
    CHECK(refused > 10);
    aib_gguf_free(g);
}

static void test_crafted(void)
{
    for (size_t i = 0; i < GGUF_N_CASES; i++) {
        gbuf b = {0};
        gguf_case_build(i, &b);
        aib_gguf *g = NULL;
        aib_error err = {0};
        unsigned char *copy = malloc(b.n); /* exact size, so ASan catches any over-read */
        memcpy(copy, b.b, b.n);
        aib_status st = aib_gguf_parse(copy, b.n, b.n, &g, &err);
        if (st == AIB_OK || !strstr(err.msg, GGUF_CASES[i].expect))
            printf("  case %s: status %s, message '%s'\n", GGUF_CASES[i].name, aib_status_name(st), err.msg);
        CHECK(st == AIB_ERR_PARSE && g == NULL);
        CHECK_STR(err.msg, GGUF_CASES[i].expect);
        free(copy);
        free(b.b);
    }
    /* the minimal file itself is valid, with no warning */
    gbuf b = {0};
    mini(&b, 3, 0);
    aib_gguf *g = NULL;
    CHECK(aib_gguf_parse(b.b, b.n, b.n, &g, NULL) == AIB_OK && aib_gguf_tensor_count(g) == 1);
    CHECK(g && aib_gguf_warning_count(g) == 0 && aib_gguf_warning_at(g, 0) == NULL);
    aib_gguf_free(g);
    free(b.b);
}

/* Files llama.cpp or the spec would refuse are read, with a warning that says why. */
static void test_warnings(void)
{
    for (size_t i = 0; i < GGUF_N_WARN_CASES; i++) {
        gbuf b = {0};
        gguf_warn_build(i, &b);
        aib_gguf *g = NULL;
        aib_error err = {0};
        unsigned char *copy = malloc(b.n);
        memcpy(copy, b.b, b.n);
        aib_status st = aib_gguf_parse(copy, b.n, b.n, &g, &err);
        const char *w = g ? aib_gguf_warning_at(g, 0) : NULL;
        if (st != AIB_OK || !w || !strstr(w, GGUF_WARN_CASES[i].expect))
            printf("  warning case %s: status %s, message '%s', warning '%s'\n", GGUF_WARN_CASES[i].name,
                   aib_status_name(st), err.msg, w ? w : "(none)");
        CHECK(st == AIB_OK && g != NULL);
        CHECK(w && strstr(w, GGUF_WARN_CASES[i].expect));
        const char *n = GGUF_WARN_CASES[i].name;
        if (g && !strcmp(n, "many-warnings")) { /* 10 of them: 7 kept, the 8th says how many more */
            CHECK(aib_gguf_warning_count(g) == AIB_GGUF_MAX_WARNINGS);
            CHECK_STR(aib_gguf_warning_at(g, 6), "key 'general.flag6'");
            CHECK(!strcmp(aib_gguf_warning_at(g, 7), "and 3 more warnings"));
            CHECK(aib_gguf_warning_at(g, 8) == NULL);
        } else if (g) {
            CHECK(aib_gguf_warning_count(g) == 1);
        }
        if (g && !strcmp(n, "long-tensor-names")) { /* the first tensor, 63 bytes, is not named */
            CHECK_STR(w, "tensor 'bbbb");
            CHECK(aib_gguf_tensor_count(g) == 3 && strlen(aib_gguf_tensor_at(g, 2)->name) == 70);
        }
        if (g && !strcmp(n, "bool-value"))
            CHECK(aib_gguf_find(g, "general.flag")->num == 1); /* read as true, as llama.cpp does */
        aib_gguf_free(g);
        free(copy);
        free(b.b);
    }
}

static long max_rss_kib(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) ? 0 : ru.ru_maxrss;
}

/* A sparse file claiming a 24 MiB header is refused after the first MiB, not read whole: the
 * peak memory grows by far less than the 32 MiB the old reader took. */
static void test_sparse(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/sparse.gguf", dir);
    CHECK(gguf_sparse_file(path) == 0);
    struct stat st;
    if (stat(path, &st) || st.st_blocks * 512 > (1 << 20)) {
        printf("  sparse: the file system here does not keep sparse files; skipped\n");
        unlink(path);
        return;
    }
    long before = max_rss_kib();
    aib_gguf *g = NULL;
    aib_error err = {0};
    CHECK(aib_gguf_read(path, &g, &err) == AIB_ERR_PARSE && g == NULL);
    CHECK_STR(err.msg, "the header goes on past byte 1048576, but only");
    CHECK_STR(err.msg, "(a sparse file)");
    long grew = max_rss_kib() - before;
    if (grew > 8 * 1024)
        printf("  sparse: the peak memory grew by %ld KiB\n", grew);
    CHECK(grew <= 8 * 1024);
    unlink(path);
}

/* Paths that are not regular files are refused by both readers with their kind, and a FIFO
 * is never waited on (with no writer, a blocking open would hang the test). */
static void test_not_regular(void)
{
    char fifo[256];
    snprintf(fifo, sizeof fifo, "%s/fifo.gguf", dir);
    CHECK(mkfifo(fifo, 0600) == 0);
    aib_gguf *g = NULL;
    aib_error err = {0};
    CHECK(aib_gguf_read(fifo, &g, &err) == AIB_ERR_IO && g == NULL);
    CHECK_STR(err.msg, "fifo.gguf: not a regular file (a FIFO)");
    CHECK(aib_gguf_read(dir, &g, &err) == AIB_ERR_IO);
    CHECK_STR(err.msg, "not a regular file (a directory)");
    CHECK(aib_gguf_read("/dev/null", &g, &err) == AIB_ERR_IO);
    CHECK_STR(err.msg, "/dev/null: not a regular file (a character device)");
    char *buf = NULL;
    size_t len = 1;
    CHECK(aib_file_read(fifo, &buf, &len, &err) == AIB_ERR_IO && buf == NULL && len == 0);
    CHECK_STR(err.msg, "fifo.gguf: not a regular file (a FIFO)");
    CHECK(aib_file_read(dir, &buf, &len, &err) == AIB_ERR_IO);
    CHECK_STR(err.msg, "not a regular file (a directory)");
    unlink(fifo);
}

static void test_per_layer_arrays(void)
{
    /* a hybrid: KV heads per layer, 0 where a layer keeps no cache */
    gbuf b = {0};
    static const unsigned char z[64];
    int32_t kvh[4] = {0, 2, 0, 2};
    g_header(&b, 3, 1, 5);
    kv_s(&b, "general.architecture", "hybrid");
    kv_u32(&b, "hybrid.block_count", 4);
    kv_u32(&b, "hybrid.attention.head_count", 8);
    kv_u32(&b, "hybrid.embedding_length", 256);
    kv_arr_i32(&b, "hybrid.attention.head_count_kv", kvh, 4);
    uint64_t ne[1] = {8};
    t_info(&b, "t", 1, ne, GT_F32, 0);
    g_pad(&b, 32);
    g_put(&b, z, 32);
    aib_gguf *g = NULL;
    aib_error err = {0};
    CHECK(aib_gguf_parse(b.b, b.n, b.n, &g, &err) == AIB_OK);
    aib_model m;
    CHECK(g && aib_gguf_model(g, &m, &err) == AIB_OK);
    CHECK(m.kv_layers == 2 && m.kv_heads == 2 && m.head_dim == 32);
    const aib_gguf_kv *kv = g ? aib_gguf_find(g, "hybrid.attention.head_count_kv") : NULL;
    CHECK(kv && kv->n_nums == 4 && kv->nums[3] == 2);
    aib_gguf_free(g);
    free(b.b);
}

static void test_split(void)
{
    gen_model a = GEN_LLAMA, b = GEN_LLAMA;
    a.split_count = b.split_count = 2;
    a.split_no = 0, b.split_no = 1;
    a.first_layer = 0, a.last_layer = 1, b.first_layer = 2, b.last_layer = 3;
    char p1[256], p2[256];
    snprintf(p1, sizeof p1, "%s/split-00001-of-00002.gguf", dir);
    snprintf(p2, sizeof p2, "%s/split-00002-of-00002.gguf", dir);
    CHECK(gen_model_file(p1, &a) == 0 && gen_model_file(p2, &b) == 0);
    aib_gguf *g = NULL;
    aib_error err = {0};
    CHECK(aib_gguf_read(p2, &g, &err) == AIB_OK); /* any shard opens the whole model */
    if (!g) {
        printf("  split: %s\n", err.msg);
        return;
    }
    counts c = {0, 0, 0};
    gen_tensors(&GEN_LLAMA, count_cb, &c);
    aib_gguf_summary s;
    aib_gguf_summarize(g, &s);
    CHECK(s.shards == 2 && s.params == c.params && s.bytes == c.bytes);
    CHECK(aib_gguf_tensor_at(g, aib_gguf_tensor_count(g) - 1)->shard == 1);
    aib_gguf_free(g);
    /* a missing shard */
    unlink(p2);
    CHECK(aib_gguf_read(p1, &g, &err) == AIB_ERR_IO && g == NULL);
    CHECK_STR(err.msg, "split-00002-of-00002.gguf");
}

static void test_large_header(void)
{
    /* 150,000 tokens: the header outgrows the first 1 MiB read */
    gen_model m = GEN_LLAMA;
    m.tokens = 150000;
    m.vocab = 150016;
    char path[256];
    snprintf(path, sizeof path, "%s/vocab.gguf", dir);
    CHECK(gen_model_file(path, &m) == 0);
    aib_gguf *g = NULL;
    aib_error err = {0};
    CHECK(aib_gguf_read(path, &g, &err) == AIB_OK);
    aib_gguf_summary s;
    if (g) {
        aib_gguf_summarize(g, &s);
        CHECK(s.data_offset > (1u << 20));
        CHECK(aib_gguf_find(g, "tokenizer.ggml.tokens")->count == 150000);
    }
    aib_gguf_free(g);
    /* not a file at all */
    CHECK(aib_gguf_read(dir, &g, &err) == AIB_ERR_IO);
    CHECK(aib_gguf_read("/nonexistent/x.gguf", &g, &err) == AIB_ERR_IO);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    test_valid(&GEN_LLAMA, "llama.gguf");
    test_valid(&GEN_MOE, "moe.gguf");
    gen_model tied = GEN_LLAMA;
    tied.tied = 1;
    tied.wtype = GT_Q8_0;
    test_valid(&tied, "tied.gguf");
    test_crafted();
    test_warnings();
    test_sparse();
    test_not_regular();
    test_per_layer_arrays();
    test_split();
    test_large_header();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
    return t_report("test_gguf");
}
