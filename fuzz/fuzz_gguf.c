/* fuzz_gguf.c: libFuzzer target for the GGUF reader. Each input is a whole file; the parse
 * must either succeed or fail with a message, and a parsed file must be summarisable and
 * sizeable without faults. `make fuzz` runs it; `make test` replays fuzz/corpus with
 * fuzz/replay.c. */
#include "aibench/aibench.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    aib_gguf *g = NULL;
    aib_error err = {0};
    if (aib_gguf_parse(data, size, size, &g, &err) == AIB_OK) {
        aib_gguf_summary s;
        aib_model m;
        aib_gguf_summarize(g, &s);
        if (aib_gguf_model(g, &m, &err) == AIB_OK)
            (void)aib_kv_cache_bytes(&m, 4096, 2.0);
        for (size_t i = 0; i < aib_gguf_kv_count(g); i++)
            (void)aib_gguf_find(g, aib_gguf_kv_at(g, i)->key);
    }
    aib_gguf_free(g);
    return 0;
}
