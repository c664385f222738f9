/* gen_llama.c: writes a llama-architecture GGUF that llama.cpp loads and runs, with random
 * weights (speed does not depend on their values), for bench/llama_cpu.sh.
 * Usage: gen_llama OUT LAYERS HIDDEN HEADS KV_HEADS FF TYPE   (TYPE: q4_0, q8_0 or f16) */
#include "../tests/gguf_gen.h"

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

typedef struct {
    FILE *f;
    uint64_t written;
} wctx;

static void put(wctx *w, const void *p, size_t n)
{
    fwrite(p, 1, n, w->f);
    w->written += n;
}

/* random data of one tensor, in blocks of its type; scales stay small and finite */
static void data_cb(void *ctx, const char *name, uint32_t nd, const uint64_t *ne, uint32_t type)
{
    (void)name;
    wctx *w = ctx;
    uint64_t rows = 1;
    for (uint32_t i = 1; i < nd; i++)
        rows *= ne[i];
    uint64_t elems = ne[0] * rows;
    static unsigned char buf[1 << 16];
    size_t fill = 0;
    const uint16_t d = 0x211f; /* f16 0.0100 */
    if (type == GT_F32) {
        float one = 1.0f;
        for (uint64_t i = 0; i < elems; i++)
            put(w, &one, 4);
    } else {
        uint64_t blocks = type == GT_F16 ? elems : elems / 32;
        for (uint64_t b = 0; b < blocks; b++) {
            unsigned char blk[34];
            size_t n;
            if (type == GT_F16) {
                uint16_t h = (uint16_t)(0x2000 | (next() & 0x03ff)) ^ (uint16_t)((next() & 1) << 15); /* ~ +-0.008 */
                memcpy(blk, &h, 2);
                n = 2;
            } else {
                memcpy(blk, &d, 2);
                n = type == GT_Q4_0 ? 18 : 34;
                for (size_t k = 2; k < n; k += 8) {
                    uint64_t r = next();
                    memcpy(blk + k, &r, n - k < 8 ? n - k : 8);
                }
            }
            if (fill + n > sizeof buf) {
                put(w, buf, fill);
                fill = 0;
            }
            memcpy(buf + fill, blk, n);
            fill += n;
        }
        put(w, buf, fill);
    }
    static const unsigned char z[32];
    if (w->written % 32)
        put(w, z, 32 - w->written % 32);
}

int main(int argc, char **argv)
{
    if (argc != 8) {
        fprintf(stderr, "usage: gen_llama OUT LAYERS HIDDEN HEADS KV_HEADS FF q4_0|q8_0|f16\n");
        return 2;
    }
    gen_model m = {"llama", 0, 0, 0, 0, 0, 32000, 4096, 0, 0, GT_Q4_0, 32000, 0, 0, 0, 0, 0, 1};
    m.layers = (uint32_t)atoi(argv[2]);
    m.hidden = (uint32_t)atoi(argv[3]);
    m.heads = (uint32_t)atoi(argv[4]);
    m.kv_heads = (uint32_t)atoi(argv[5]);
    m.ff = (uint32_t)atoi(argv[6]);
    m.wtype = !strcmp(argv[7], "q8_0") ? GT_Q8_0 : !strcmp(argv[7], "f16") ? GT_F16 : GT_Q4_0;
    gbuf g = {0};
    gen_model_header(&g, &m);
    FILE *f = fopen(argv[1], "wb");
    if (!f)
        return 1;
    fwrite(g.b, 1, g.n, f);
    wctx w = {f, 0};
    gen_tensors(&m, data_cb, &w);
    free(g.b);
    return fclose(f) != 0;
}
