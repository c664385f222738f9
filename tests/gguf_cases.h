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
    } else if (!strcmp(n, "bad-array-type")) {
        g_header(g, 3, 0, 1);
        g_str(g, "general.x");
        g_u32(g, GV_ARR);
        g_u32(g, 42);
        g_u64(g, 1);
        g_put(g, z, 16);
    }
}

#endif
