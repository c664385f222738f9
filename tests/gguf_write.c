/* gguf_write.c: writes the generated GGUF files the CLI cases, the differential test and the
 * bench use into DIR: valid models (dense, MoE, tied embeddings, a 150,000-token vocabulary,
 * a two-shard split), one crafted file per failure mode, the files read with warnings
 * (warn-NAME.gguf) and a sparse file claiming a 24 MiB header. Data sections are sparse holes.
 * Usage: gguf_write DIR */
#include "gguf_cases.h"

static int save(const char *dir, const char *name, const gbuf *g)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return 1;
    fwrite(g->b, 1, g->n, f);
    return fclose(f) != 0;
}

static int write(const char *dir, const char *name, const gen_model *m)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (gen_model_file(path, m)) {
        fprintf(stderr, "gguf_write: cannot write %s\n", path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gguf_write DIR\n");
        return 2;
    }
    const char *dir = argv[1];
    gen_model tied = GEN_LLAMA, vocab = GEN_LLAMA, s1 = GEN_LLAMA, s2 = GEN_LLAMA;
    tied.tied = 1, tied.wtype = GT_Q8_0;
    vocab.tokens = 150000, vocab.vocab = 150016;
    s1.split_count = s2.split_count = 2, s1.split_no = 0, s2.split_no = 1;
    s1.first_layer = 0, s1.last_layer = 1, s2.first_layer = 2, s2.last_layer = 3;
    int rc = write(dir, "llama.gguf", &GEN_LLAMA) | write(dir, "moe.gguf", &GEN_MOE) | write(dir, "tied.gguf", &tied) |
             write(dir, "vocab150k.gguf", &vocab) | write(dir, "split-00001-of-00002.gguf", &s1) |
             write(dir, "split-00002-of-00002.gguf", &s2);
    /* valid, but its strings are not UTF-8: the JSON output must still be JSON */
    {
        gbuf g = {0};
        static const unsigned char z[64];
        g_header(&g, 3, 1, 2);
        kv_s(&g, "general.architecture", "llama");
        kv_s(&g, "general.name", "\xff\xfe bad");
        uint64_t ne[1] = {8};
        t_info(&g, "t\xc3", 1, ne, GT_F32, 0);
        g_pad(&g, 32);
        g_put(&g, z, 32);
        rc |= save(dir, "not-utf8.gguf", &g);
        free(g.b);
    }
    for (size_t i = 0; i < GGUF_N_CASES; i++) {
        gbuf g = {0};
        gguf_case_build(i, &g);
        char name[256];
        snprintf(name, sizeof name, "crafted-%s.gguf", GGUF_CASES[i].name);
        rc |= save(dir, name, &g);
        free(g.b);
    }
    for (size_t i = 0; i < GGUF_N_WARN_CASES; i++) {
        gbuf g = {0};
        gguf_warn_build(i, &g);
        char name[256];
        snprintf(name, sizeof name, "warn-%s.gguf", GGUF_WARN_CASES[i].name);
        rc |= save(dir, name, &g);
        free(g.b);
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/sparse-header.gguf", dir);
    rc |= gguf_sparse_file(path);
    return rc;
}
