/* gguf_gen.h: writes GGUF files for the tests, the fuzz corpus and the bench: valid models of
 * chosen shapes, and crafted files with one defect each. Nothing binary is committed; these
 * functions make the files when they are needed. Little-endian, GGUF v3. */
#ifndef AIB_GGUF_GEN_H
#define AIB_GGUF_GEN_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    unsigned char *b;
    size_t n, cap;
} gbuf;

static void g_put(gbuf *g, const void *p, size_t n)
{
    if (g->n + n > g->cap) {
        g->cap = (g->n + n) * 2 + 256;
        g->b = realloc(g->b, g->cap);
        if (!g->b)
            abort();
    }
    memcpy(g->b + g->n, p, n);
    g->n += n;
}
static void g_u32(gbuf *g, uint32_t v) { unsigned char b[4] = {v, v >> 8, v >> 16, v >> 24}; g_put(g, b, 4); }
static void g_u64(gbuf *g, uint64_t v) { g_u32(g, (uint32_t)v); g_u32(g, (uint32_t)(v >> 32)); }
static void g_str(gbuf *g, const char *s) { g_u64(g, strlen(s)); g_put(g, s, strlen(s)); }
static void g_header(gbuf *g, uint32_t version, uint64_t n_tensors, uint64_t n_kv)
{
    g_put(g, "GGUF", 4);
    g_u32(g, version);
    g_u64(g, n_tensors);
    g_u64(g, n_kv);
}
enum { GV_U8, GV_I8, GV_U16, GV_I16, GV_U32, GV_I32, GV_F32, GV_BOOL, GV_STR, GV_ARR, GV_U64, GV_I64, GV_F64 };
static void kv_u32(gbuf *g, const char *k, uint32_t v) { g_str(g, k); g_u32(g, GV_U32); g_u32(g, v); }
static void kv_s(gbuf *g, const char *k, const char *v) { g_str(g, k); g_u32(g, GV_STR); g_str(g, v); }
static inline void kv_arr_i32(gbuf *g, const char *k, const int32_t *v, uint64_t n)
{
    g_str(g, k);
    g_u32(g, GV_ARR);
    g_u32(g, GV_I32);
    g_u64(g, n);
    for (uint64_t i = 0; i < n; i++)
        g_u32(g, (uint32_t)v[i]);
}
/* A SentencePiece-style vocabulary: <unk> <s> </s>, the 256 byte tokens, then filler. */
static void token_text(uint64_t i, char *tok, size_t n)
{
    if (i < 3)
        snprintf(tok, n, "%s", i == 0 ? "<unk>" : i == 1 ? "<s>" : "</s>");
    else if (i < 259)
        snprintf(tok, n, "<0x%02X>", (unsigned)(i - 3));
    else
        snprintf(tok, n, "tok%llu", (unsigned long long)i);
}

static void kv_tokens(gbuf *g, uint64_t n)
{
    char tok[32];
    g_str(g, "tokenizer.ggml.tokens");
    g_u32(g, GV_ARR);
    g_u32(g, GV_STR);
    g_u64(g, n);
    for (uint64_t i = 0; i < n; i++) {
        token_text(i, tok, sizeof tok);
        g_str(g, tok);
    }
}

/* scores and token types llama.cpp's SPM vocabulary wants beside the tokens */
static void kv_token_extras(gbuf *g, uint64_t n)
{
    g_str(g, "tokenizer.ggml.scores");
    g_u32(g, GV_ARR);
    g_u32(g, GV_F32);
    g_u64(g, n);
    for (uint64_t i = 0; i < n; i++) {
        float f = -(float)i;
        uint32_t u;
        memcpy(&u, &f, 4);
        g_u32(g, u);
    }
    g_str(g, "tokenizer.ggml.token_type");
    g_u32(g, GV_ARR);
    g_u32(g, GV_I32);
    g_u64(g, n);
    for (uint64_t i = 0; i < n; i++)
        g_u32(g, i == 0 ? 2 : i < 3 ? 3 : i < 259 ? 6 : 1); /* unknown, control, byte, normal */
}
static void t_info(gbuf *g, const char *name, uint32_t nd, const uint64_t *ne, uint32_t type, uint64_t off)
{
    g_str(g, name);
    g_u32(g, nd);
    for (uint32_t i = 0; i < nd; i++)
        g_u64(g, ne[i]);
    g_u32(g, type);
    g_u64(g, off);
}
static void g_pad(gbuf *g, size_t align)
{
    static const unsigned char z[64];
    while (g->n % align)
        g_put(g, z, 1);
}

/* ggml types used by the generator: id, block, bytes per block */
enum { GT_F32 = 0, GT_F16 = 1, GT_Q4_0 = 2, GT_Q8_0 = 8, GT_Q4_K = 12, GT_Q6_K = 14 };
static uint64_t gt_bytes(uint32_t type, uint64_t ne0, uint64_t rows)
{
    switch (type) {
    case GT_F32: return ne0 * 4 * rows;
    case GT_F16: return ne0 * 2 * rows;
    case GT_Q4_0: return ne0 / 32 * 18 * rows;
    case GT_Q8_0: return ne0 / 32 * 34 * rows;
    case GT_Q4_K: return ne0 / 256 * 144 * rows;
    case GT_Q6_K: return ne0 / 256 * 210 * rows;
    }
    abort();
}

typedef struct {
    const char *arch;
    uint32_t layers, hidden, heads, kv_heads, ff, vocab, ctx;
    uint32_t experts, experts_used; /* 0 for dense */
    uint32_t wtype;                 /* weight type of the matrices */
    uint32_t tokens;                /* tokenizer.ggml.tokens entries (0: none) */
    int tied;                       /* no output.weight */
    uint32_t split_no, split_count; /* 0/0 for a single file */
    int first_layer, last_layer;    /* layers this shard holds (split files) */
    int loadable;                   /* also write what llama.cpp needs to load it (bench/) */
} gen_model;

/* Tensor list of a llama-style model; calls f for each tensor. */
typedef void (*tensor_fn)(void *ctx, const char *name, uint32_t nd, const uint64_t *ne, uint32_t type);
static void gen_tensors(const gen_model *m, tensor_fn f, void *ctx)
{
    uint64_t hd = m->hidden / m->heads;
    char name[96];
    uint64_t ne[3];
    int first = m->split_count ? m->first_layer : 0, last = m->split_count ? m->last_layer : (int)m->layers - 1;
    if (first == 0) {
        ne[0] = m->hidden, ne[1] = m->vocab;
        f(ctx, "token_embd.weight", 2, ne, m->wtype);
    }
    for (int l = first; l <= last; l++) {
        struct { const char *n; uint64_t a, b; } mats[] = {
            {"attn_q", m->hidden, m->heads * hd}, {"attn_k", m->hidden, m->kv_heads * hd},
            {"attn_v", m->hidden, m->kv_heads * hd}, {"attn_output", m->heads * hd, m->hidden}};
        ne[0] = m->hidden;
        snprintf(name, sizeof name, "blk.%d.attn_norm.weight", l);
        f(ctx, name, 1, ne, GT_F32);
        for (int i = 0; i < 4; i++) {
            snprintf(name, sizeof name, "blk.%d.%s.weight", l, mats[i].n);
            ne[0] = mats[i].a, ne[1] = mats[i].b;
            f(ctx, name, 2, ne, m->wtype);
        }
        ne[0] = m->hidden;
        snprintf(name, sizeof name, "blk.%d.ffn_norm.weight", l);
        f(ctx, name, 1, ne, GT_F32);
        if (m->experts) {
            ne[0] = m->hidden, ne[1] = m->experts;
            snprintf(name, sizeof name, "blk.%d.ffn_gate_inp.weight", l);
            f(ctx, name, 2, ne, GT_F32);
            const char *e[] = {"ffn_gate_exps", "ffn_up_exps", "ffn_down_exps"};
            for (int i = 0; i < 3; i++) {
                snprintf(name, sizeof name, "blk.%d.%s.weight", l, e[i]);
                ne[0] = i < 2 ? m->hidden : m->ff, ne[1] = i < 2 ? m->ff : m->hidden, ne[2] = m->experts;
                f(ctx, name, 3, ne, m->wtype);
            }
        } else {
            const char *d[] = {"ffn_gate", "ffn_up", "ffn_down"};
            for (int i = 0; i < 3; i++) {
                snprintf(name, sizeof name, "blk.%d.%s.weight", l, d[i]);
                ne[0] = i < 2 ? m->hidden : m->ff, ne[1] = i < 2 ? m->ff : m->hidden;
                f(ctx, name, 2, ne, m->wtype);
            }
        }
    }
    if (last == (int)m->layers - 1) {
        ne[0] = m->hidden;
        f(ctx, "output_norm.weight", 1, ne, GT_F32);
        if (!m->tied) {
            ne[0] = m->hidden, ne[1] = m->vocab;
            f(ctx, "output.weight", 2, ne, m->wtype);
        }
    }
}

typedef struct {
    gbuf *g;
    uint64_t off, count;
    int write; /* 0: count only */
} tctx;

static void tensor_cb(void *p, const char *name, uint32_t nd, const uint64_t *ne, uint32_t type)
{
    tctx *c = p;
    uint64_t rows = 1;
    for (uint32_t i = 1; i < nd; i++)
        rows *= ne[i];
    if (c->write)
        t_info(c->g, name, nd, ne, type, c->off);
    c->off += (gt_bytes(type, ne[0], rows) + 31) / 32 * 32;
    c->count++;
}

/* Writes a whole model header into g; returns the size of its data section. The caller
 * writes (or sparsely extends) that many bytes after g. */
static uint64_t gen_model_header(gbuf *g, const gen_model *m)
{
    tctx count = {g, 0, 0, 0};
    gen_tensors(m, tensor_cb, &count);
    char k[128];
    uint64_t n_kv = 9 + (m->experts ? 2 : 0) + (m->tokens ? 1 : 0) + (m->split_count ? 3 : 0) + (m->loadable ? 7 : 0);
    g_header(g, 3, count.count, n_kv);
    kv_s(g, "general.architecture", m->arch);
    kv_s(g, "general.name", "generated test model");
    kv_u32(g, "general.file_type", m->wtype == GT_Q4_0 ? 2 : m->wtype == GT_Q8_0 ? 7 : m->wtype == GT_F16 ? 1 : 15);
#define AK(s) (snprintf(k, sizeof k, "%s.%s", m->arch, s), k)
    kv_u32(g, AK("block_count"), m->layers);
    kv_u32(g, AK("context_length"), m->ctx);
    kv_u32(g, AK("embedding_length"), m->hidden);
    kv_u32(g, AK("feed_forward_length"), m->ff);
    kv_u32(g, AK("attention.head_count"), m->heads);
    kv_u32(g, AK("attention.head_count_kv"), m->kv_heads);
    if (m->experts) {
        kv_u32(g, AK("expert_count"), m->experts);
        kv_u32(g, AK("expert_used_count"), m->experts_used);
    }
    if (m->loadable) {
        float eps = 1e-5f;
        uint32_t u;
        memcpy(&u, &eps, 4);
        kv_u32(g, AK("rope.dimension_count"), m->hidden / m->heads);
        g_str(g, AK("attention.layer_norm_rms_epsilon"));
        g_u32(g, GV_F32);
        g_u32(g, u);
        kv_s(g, "tokenizer.ggml.model", "llama");
        kv_token_extras(g, m->tokens);
        kv_u32(g, "tokenizer.ggml.bos_token_id", 1);
        kv_u32(g, "tokenizer.ggml.eos_token_id", 2);
    }
#undef AK
    if (m->tokens)
        kv_tokens(g, m->tokens);
    if (m->split_count) {
        g_str(g, "split.no"); g_u32(g, GV_U16); unsigned char b[2] = {m->split_no, 0}; g_put(g, b, 2);
        g_str(g, "split.count"); g_u32(g, GV_U16); unsigned char c2[2] = {m->split_count, 0}; g_put(g, c2, 2);
        kv_u32(g, "split.tensors.count", (uint32_t)count.count);
    }
    tctx w = {g, 0, 0, 1};
    gen_tensors(m, tensor_cb, &w);
    g_pad(g, 32);
    return w.off;
}

/* Writes a model file at path; the data section is a sparse hole. Returns 0 on success. */
static int gen_model_file(const char *path, const gen_model *m)
{
    gbuf g = {0};
    uint64_t data = gen_model_header(&g, m);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fwrite(g.b, 1, g.n, f);
    int rc = 0;
    if (data) {
        rc |= fseek(f, (long)(data - 1), SEEK_CUR);
        rc |= fputc(0, f) == EOF;
    }
    rc |= fclose(f);
    free(g.b);
    return rc;
}

static const gen_model GEN_LLAMA = {"llama", 4, 256, 8, 2, 512, 1024, 4096, 0, 0, GT_Q4_0, 1024, 0, 0, 0, 0, 0, 0};
static const gen_model GEN_MOE = {"qwen3moe", 3, 256, 8, 4, 128, 512, 8192, 8, 2, GT_Q8_0, 512, 0, 0, 0, 0, 0, 0};

#endif
