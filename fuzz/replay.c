/* replay.c: runs the fuzz target over files named on the command line (the committed corpus),
 * without libFuzzer, so `make test` covers every input the fuzzer kept. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int n = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "replay: cannot open %s\n", argv[i]);
            return 1;
        }
        size_t cap = 1 << 16, len = 0;
        uint8_t *buf = malloc(cap);
        size_t r;
        while (buf && (r = fread(buf + len, 1, cap - len, f)) > 0) {
            len += r;
            if (len == cap)
                buf = realloc(buf, cap *= 2);
        }
        fclose(f);
        if (!buf)
            return 1;
        /* an exact-size copy, so ASan sees any read past the input */
        uint8_t *exact = malloc(len ? len : 1);
        for (size_t k = 0; k < len; k++)
            exact[k] = buf[k];
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
        free(buf);
        n++;
    }
    printf("fuzz replay: %d passed, 0 failed\n", n);
    return 0;
}
