/* seed.c: writes the seed corpus for the GGUF fuzzer: small valid models and every crafted
 * failure case from tests/gguf_cases.h. Usage: seed DIR */
#include "../tests/gguf_cases.h"

static void save(const char *dir, const char *name, const gbuf *g)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        exit(1);
    fwrite(g->b, 1, g->n, f);
    fclose(f);
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    for (size_t i = 0; i < GGUF_N_CASES; i++) {
        gbuf g = {0};
        gguf_case_build(i, &g);
        char name[128];
        snprintf(name, sizeof name, "crafted-%s.gguf", GGUF_CASES[i].name);
        save(argv[1], name, &g);
        free(g.b);
    }
    /* valid models, with their data section, kept small */
    gen_model tiny = GEN_LLAMA;
    tiny.layers = 2, tiny.hidden = 64, tiny.heads = 4, tiny.kv_heads = 2, tiny.ff = 128, tiny.vocab = 64, tiny.tokens = 16;
    gen_model moe = GEN_MOE;
    moe.layers = 1, moe.hidden = 64, moe.heads = 4, moe.kv_heads = 2, moe.ff = 32, moe.vocab = 32, moe.tokens = 8,
    moe.experts = 4, moe.experts_used = 2;
    const gen_model *ms[] = {&tiny, &moe};
    const char *names[] = {"valid-llama.gguf", "valid-moe.gguf"};
    for (int k = 0; k < 2; k++) {
        gbuf g = {0};
        uint64_t data = gen_model_header(&g, ms[k]);
        for (uint64_t i = 0; i < data; i++)
            g_put(&g, "", 1);
        save(argv[1], names[k], &g);
        free(g.b);
    }
    gbuf g = {0};
    mini(&g, 3, 0);
    save(argv[1], "valid-mini.gguf", &g);
    free(g.b);
    return 0;
}
