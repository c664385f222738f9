/* gguf_cases.h: one crafted GGUF file per failure mode, with the error each must give.
 * Used by test_gguf.c and by the fuzz corpus writer (valid files seed the corpus too). */
#ifndef AIB_GGUF_CASES_H
#define AIB_GGUF_CASES_H

#include "gguf_gen.h"

/* A minimal valid file: two keys, one F32 tensor of 8 elements at offset 0. */
static void mini(gbuf *g, uint32_t version, int tweak)
{
    g_header(g, version, 1, 2);
    kv_s(g, "general.architecture", "llama");
    kv_u32(g, "llama.block_count", 1);
    uint64_t ne[1] = {8};
    t_info(g, "t", 1, ne, GT_F32, 0);
    g_pad(g, 32);
    static const unsigned char z[32];
    g_put(g, z, 32);
    (void)tweak;
}

typedef struct {
    const char *name, *expect;
} gguf_case;

static const gguf_case GGUF_CASES[] = {
    {"bad-magic", "not a GGUF file"},
    {"version-1", "GGUF version 1 is not supported"},
    {"big-endian", "big-endian GGUF files are not supported"},
    {"version-7", "unknown GGUF version 7"},
    {"truncated-header", "truncated at byte"},
    {"huge-kv-count", "metadata keys cannot be right"},
    {"huge-tensor-count", "tensors cannot be right"},
    {"huge-key-length", "key at byte 24 is"},
    {"string-past-end", "truncated at byte"},
    {"unknown-value-type", "unknown value type 99"},
    {"nested-array", "nested arrays are not supported"},
    {"huge-array", "elements does not fit"},
    {"duplicate-key", "duplicate key 'general.architecture'"},
    {"key-with-nul", "contains a NUL byte"},
    {"empty-key", "empty key"},
    {"alignment-not-power-of-two", "general.alignment must be a u32 power of two"},
    {"alignment-wrong-type", "general.alignment must be a u32 power of two"},
    {"five-dims", "has 5 dimensions"},
    {"unknown-tensor-type", "unknown ggml type 99"},
    {"removed-tensor-type", "unknown ggml type 4"},
    {"row-not-block-multiple", "not a multiple of Q4_0's block of 32"},
    {"size-overflow", "overflows 64 bits"},
    {"dim-above-2-63", "above 2^63"},
    {"misaligned-offset", "is not a multiple of the alignment 32"},
    {"data-outside-file", "lies outside the file"},
    {"overlapping-tensors", "overlap"},
    {"duplicate-tensor", "duplicate tensor name 't'"},
    {"long-tensor-name", "tensor name at byte"},
    {"bad-array-type", "array of unknown type 42"},
    {"f32-size-overflow", "tensor 't': its size overflows 64 bits (F32, shape 4611686018427387904)"},
    {"q8-size-above-2-63", "tensor 't': its size overflows 64 bits (Q8_0, shape 4611686018427387904 x 2)"},
    {"offset-size-overflow", "tensor 't' data (32 bytes at byte 18446744073709551584 of the data section) lies outside"},
};
#define GGUF_N_CASES (sizeof GGUF_CASES / sizeof GGUF_CASES[0])

/* Builds crafted file i into g. */
static void gguf_case_build(size_t i, gbuf *g)
{
    static const unsigned char z[64];
    uint64_t ne[5] = {8, 1, 1, 1, 1};
    const char *n = GGUF_CASES[i].name;
    if (!strcmp(n, "bad-magic")) {
        mini(g, 3, 0);
        memcpy(g->b, "GGML", 4);
    } else if (!strcmp(n, "version-1")) {
        mini(g, 1, 0);
    } else if (!strcmp(n, "big-endian")) {
        mini(g, 3, 0);
        g->b[4] = 0, g->b[7] = 3;
    } else if (!strcmp(n, "version-7")) {
        mini(g, 7, 0);
    } else if (!strcmp(n, "truncated-header")) {
        g_put(g, "GGUF", 4);
        g_u32(g, 3);
        g_u32(g, 1);
    } else if (!strcmp(n, "huge-kv-count")) {
        g_header(g, 3, 0, 1ull << 40);
        g_put(g, z, 64);
    } else if (!strcmp(n, "huge-tensor-count")) {
        g_header(g, 3, 1ull << 40, 0);
        g_put(g, z, 64);
    } else if (!strcmp(n, "huge-key-length")) {
        g_header(g, 3, 0, 1);
        g_u64(g, 1ull << 62);
        g_put(g, z, 16);
    } else if (!strcmp(n, "string-past-end")) {
        g_header(g, 3, 0, 1);
        g_str(g, "general.name");
        g_u32(g, GV_STR);
        g_u64(g, 1000);
        g_put(g, "abc", 3);
    } else if (!strcmp(n, "unknown-value-type")) {
        g_header(g, 3, 0, 1);
        g_str(g, "general.x");
        g_u32(g, 99);
        g_u32(g, 0);
    } else if (!strcmp(n, "nested-array")) {
        g_header(g, 3, 0, 1);
        g_str(g, "general.x");
        g_u32(g, GV_ARR);
        g_u32(g, GV_ARR);
        g_u64(g, 1);
        g_put(g, z, 16);
    } else if (!strcmp(n, "huge-array")) {
        g_header(g, 3, 0, 1);
        g_str(g, "general.x");
        g_u32(g, GV_ARR);
        g_u32(g, GV_U64);
        g_u64(g, 1ull << 24);
        g_put(g, z, 64);
    } else if (!strcmp(n, "duplicate-key")) {
        g_header(g, 3, 0, 2);
        kv_s(g, "general.architecture", "llama");
        kv_s(g, "general.architecture", "qwen3");
    } else if (!strcmp(n, "key-with-nul")) {
        g_header(g, 3, 0, 1);
        g_u64(g, 5);
        g_put(g, "ab\0cd", 5);
        g_u32(g, GV_U32);
        g_u32(g, 1);
    } else if (!strcmp(n, "empty-key")) {
        g_header(g, 3, 0, 1);
        g_str(g, "");
        g_u32(g, GV_U32);
        g_u32(g, 1);
    } else if (!strcmp(n, "alignment-not-power-of-two")) {
        g_header(g, 3, 0, 1);
        kv_u32(g, "general.alignment", 24);
    } else if (!strcmp(n, "alignment-wrong-type")) {
        g_header(g, 3, 0, 1);
        kv_s(g, "general.alignment", "32");
    } else if (!strcmp(n, "five-dims")) {
        g_header(g, 3, 1, 0);
        t_info(g, "t", 5, ne, GT_F32, 0);
        g_put(g, z, 64);
    } else if (!strcmp(n, "unknown-tensor-type")) {
        g_header(g, 3, 1, 0);
        t_info(g, "t", 1, ne, 99, 0);
        g_put(g, z, 64);
    } else if (!strcmp(n, "removed-tensor-type")) {
        g_header(g, 3, 1, 0);
        t_info(g, "t", 1, ne, 4, 0);
        g_put(g, z, 64);
    } else if (!strcmp(n, "row-not-block-multiple")) {
        g_header(g, 3, 1, 0);
        ne[0] = 33;
        t_info(g, "t", 1, ne, GT_Q4_0, 0);
        g_put(g, z, 64);
    } else if (!strcmp(n, "size-overflow")) {
        g_header(g, 3, 1, 0);
        ne[0] = 1ull << 40, ne[1] = 1ull << 40;
        t_info(g, "t", 2, ne, GT_F32, 0);
        g_put(g, z, 64);
    } else if (!strcmp(n, "dim-above-2-63")) {
        g_header(g, 3, 1, 0);
        ne[0] = (1ull << 63) + 1;
        t_info(g, "t", 1, ne, GT_F32, 0);
        g_put(g, z, 64);
    } else if (!strcmp(n, "misaligned-offset")) {
        g_header(g, 3, 1, 0);
        t_info(g, "t", 1, ne, GT_F32, 7);
        g_pad(g, 32);
        g_put(g, z, 64);
    } else if (!strcmp(n, "data-outside-file")) {
        g_header(g, 3, 1, 0);
        t_info(g, "t", 1, ne, GT_F32, 1024);
        g_pad(g, 32);
        g_put(g, z, 64);
    } else if (!strcmp(n, "overlapping-tensors")) {
        g_header(g, 3, 2, 0);
        ne[0] = 16;
        t_info(g, "a", 1, ne, GT_F32, 0);
        t_info(g, "b", 1, ne, GT_F32, 32);
        g_pad(g, 32);
        g_put(g, z, 64);
        g_put(g, z, 64);
    } else if (!strcmp(n, "duplicate-tensor")) {
        g_header(g, 3, 2, 0);
        t_info(g, "t", 1, ne, GT_F32, 0);
        t_info(g, "t", 1, ne, GT_F32, 32);
        g_pad(g, 32);
        g_put(g, z, 64);
    } else if (!strcmp(n, "long-tensor-name")) {
        char name[301];
        memset(name, 'x', 300);
        name[300] = '\0';
        g_header(g, 3, 1, 0);
        t_info(g, name, 1, ne, GT_F32, 0);
        g_put(g, z, 64);
    } else if (!strcmp(n, "f32-size-overflow")) { /* 2^62 x 4 bytes wraps to 0 */
        g_header(g, 3, 1, 0);
        ne[0] = 1ull << 62;
        t_info(g, "t", 1, ne, GT_F32, 0);
        g_put(g, z, 64);
    } else if (!strcmp(n, "q8-size-above-2-63")) { /* 2^57 blocks x 34 bytes x 2 rows: above 2^63 */
        g_header(g, 3, 1, 0);
        ne[0] = 1ull << 62, ne[1] = 2;
        t_info(g, "t", 2, ne, GT_Q8_0, 0);
        g_put(g, z, 64);
    } else if (!strcmp(n, "offset-size-overflow")) { /* an aligned offset whose end wraps */
        g_header(g, 3, 1, 0);
        t_info(g, "t", 1, ne, GT_F32, UINT64_MAX - 31);
        g_pad(g, 32);
        g_put(g, z, 64);
    } else if (!strcmp(n, "bad-array-type")) {
        g_header(g, 3, 0, 1);
        g_str(g, "general.x");
        g_u32(g, GV_ARR);
        g_u32(g, 42);
        g_u64(g, 1);
        g_put(g, z, 16);
    }
}

/* Files that are read, but with warnings: what llama.cpp or the GGUF spec would refuse. */
static const gguf_case GGUF_WARN_CASES[] = {
    {"long-tensor-names", "has a name of 64 bytes (and 1 more): llama.cpp refuses names of 64 bytes or more"},
    {"bool-value", "key 'general.flag': bool value 2 (the GGUF spec allows only 0 and 1)"},
    {"bool-array", "key 'general.flags': bool value 3 at index 2"},
    {"many-warnings", "key 'general.flag0': bool value 2"},
};
#define GGUF_N_WARN_CASES (sizeof GGUF_WARN_CASES / sizeof GGUF_WARN_CASES[0])

/* Builds warning file i into g: a valid file like mini(), with one kind of oddity. */
static void gguf_warn_build(size_t i, gbuf *g)
{
    static const unsigned char z[64];
    uint64_t ne[1] = {8};
    const char *n = GGUF_WARN_CASES[i].name;
    if (!strcmp(n, "long-tensor-names")) { /* 63 bytes is the longest llama.cpp takes */
        char name[71];
        g_header(g, 3, 3, 1);
        kv_s(g, "general.architecture", "llama");
        for (int k = 0; k < 3; k++) {
            size_t len = k == 0 ? 63 : k == 1 ? 64 : 70;
            memset(name, 'a' + k, len);
            name[len] = '\0';
            t_info(g, name, 1, ne, GT_F32, 32 * (uint64_t)k);
        }
        g_pad(g, 32);
        g_put(g, z, 64);
        g_put(g, z, 32);
        return;
    }
    int many = !strcmp(n, "many-warnings") ? 10 : 1;
    g_header(g, 3, 1, 1 + (uint64_t)many);
    kv_s(g, "general.architecture", "llama");
    if (!strcmp(n, "bool-array")) {
        static const unsigned char v[4] = {1, 0, 3, 1};
        g_str(g, "general.flags");
        g_u32(g, GV_ARR);
        g_u32(g, GV_BOOL);
        g_u64(g, 4);
        g_put(g, v, 4);
    } else {
        for (int k = 0; k < many; k++) {
            char key[32];
            static const unsigned char two = 2;
            if (many > 1)
                snprintf(key, sizeof key, "general.flag%d", k);
            else
                snprintf(key, sizeof key, "general.flag");
            g_str(g, key);
            g_u32(g, GV_BOOL);
            g_put(g, &two, 1);
        }
    }
    t_info(g, "t", 1, ne, GT_F32, 0);
    g_pad(g, 32);
    g_put(g, z, 32);
}

/* Writes a 32 MiB sparse file whose header claims a 24 MiB array: the bytes are a hole on
 * disk, but read back as zeros (the reader used to hold them all; it stops after 1 MiB). Kept
 * small because the fuzz replay reads every generated file whole. Returns 0 on success. */
static int gguf_sparse_file(const char *path)
{
    gbuf g = {0};
    g_header(&g, 3, 0, 1);
    g_str(&g, "general.x");
    g_u32(&g, GV_ARR);
    g_u32(&g, GV_U64);
    g_u64(&g, (24ull << 20) / 8);
    FILE *f = fopen(path, "wb");
    int rc = !f;
    if (f) {
        rc |= fwrite(g.b, 1, g.n, f) != g.n;
        rc |= fseek(f, (32l << 20) - 1, SEEK_SET);
        rc |= fputc(0, f) == EOF;
        rc |= fclose(f);
    }
    free(g.b);
    return rc;
}

#endif
