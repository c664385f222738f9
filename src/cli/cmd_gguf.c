/* cmd_gguf.c: aibench gguf, the GGUF inspector; also the model a GGUF file describes, for
 * fit --gguf and plan --gguf. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: aibench gguf FILE [--tensors] [--json]\n"
    "\n"
    "Reads a GGUF file's header (v2 or v3; any shard of a split model reads them\n"
    "all) and never its weights: metadata (arrays summarised), every tensor's name,\n"
    "shape and type, exact weight bytes from the ggml type table, parameters counted\n"
    "from the tensors (active parameters for MoE), the file type, and the\n"
    "architecture numbers the engine sizes the KV cache with. Use 'aibench fit\n"
    "--gguf FILE --hw ID' or 'aibench plan --gguf FILE' to see where it runs.\n"
    "\n"
    "What llama.cpp or the GGUF spec would refuse but the file can still be sized\n"
    "by (a tensor name of 64 bytes or more, a bool other than 0 or 1) is reported\n"
    "as a warning.\n"
    "\n"
    "  --tensors   list every tensor (default: the first 16)\n"
    "  --json      machine-readable output, every tensor included\n";

int cli_gguf_open(const char *cmd, const char *path, aib_gguf **g, aib_model *m, aib_gguf_summary *s)
{
    aib_error err = {0};
    if (aib_gguf_read(path, g, &err))
        return cli_fail(cmd, "%s", err.msg);
    aib_gguf_summarize(*g, s);
    /* the inspector prints the warnings with its report; fit and plan say them on stderr */
    for (size_t i = 0; strcmp(cmd, "gguf") && i < aib_gguf_warning_count(*g); i++)
        fprintf(stderr, "aibench %s: warning: %s: %s\n", cmd, path, aib_gguf_warning_at(*g, i));
    if (m && aib_gguf_model(*g, m, &err)) {
        aib_gguf_free(*g);
        *g = NULL;
        return cli_fail(cmd, "%s: %s", path, err.msg);
    }
    if (m) {
        const char *base = strrchr(path, '/');
        m->id = base ? base + 1 : path;
        if (!m->name)
            m->name = m->id;
        m->source = path;
    }
    return 0;
}

void cli_gguf_request(aib_request *r, const aib_model *m, const aib_gguf_summary *gs)
{
    r->own_model = m;
    r->own_bpw = gs->bpw;
    r->own_quant = gs->file_type ? gs->file_type : "GGUF";
}

static json_t *kv_json(const aib_gguf_kv *kv)
{
    json_t *o = json_pack("{s:o, s:s}", "key", aib_json_text(kv->key), "type", aib_gguf_type_name(kv->type));
    if (kv->type == 8)
        json_object_set_new(o, "value", aib_json_text(kv->str));
    else if (kv->type == 9) {
        json_object_set_new(o, "elem", json_string(aib_gguf_type_name(kv->arr_type)));
        json_object_set_new(o, "count", json_integer((json_int_t)kv->count));
        json_t *head = json_array();
        for (uint64_t i = 0; i < kv->n_nums && i < 64; i++)
            json_array_append_new(head, json_real(kv->nums[i]));
        json_object_set_new(o, "head", head);
    } else if (kv->type == 7)
        json_object_set_new(o, "value", json_boolean(kv->num != 0));
    else if (kv->num == floor(kv->num) && fabs(kv->num) < 9e15)
        json_object_set_new(o, "value", json_integer((json_int_t)kv->num));
    else
        json_object_set_new(o, "value", isfinite(kv->num) ? json_real(kv->num) : json_null());
    return o;
}

json_t *cli_gguf_summary_json(const aib_gguf_summary *s)
{
    return json_pack("{s:o?, s:o?, s:s?, s:f, s:f, s:f, s:f, s:f, s:i, s:i, s:I, s:I}", "architecture", s->architecture ? aib_json_text(s->architecture) : NULL,
                     "name", s->name ? aib_json_text(s->name) : NULL, "file_type", s->file_type, "params", s->params, "bytes", s->bytes, "bpw",
                     round(s->bpw * 1e4) / 1e4, "expert_params", s->expert_params, "active_params", s->active_params,
                     "shards", (int)s->shards, "alignment", (int)s->alignment, "data_offset", (json_int_t)s->data_offset,
                     "file_size", (json_int_t)s->file_size);
}

int cmd_gguf(cli_env *env, int argc, char **argv)
{
    (void)env;
    int json = 0, all = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (!strcmp(argv[i], "--tensors"))
            all = 1;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(help, stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1])
            return cli_usage("gguf", "unknown option '%s'", argv[i]);
        else if (path)
            return cli_usage("gguf", "one file at a time ('%s' and '%s')", path, argv[i]);
        else
            path = argv[i];
    }
    if (!path)
        return cli_usage("gguf", "which file?");
    aib_gguf *g;
    aib_gguf_summary s;
    aib_model m;
    int rc = cli_gguf_open("gguf", path, &g, NULL, &s);
    if (rc)
        return rc;
    aib_error err = {0};
    int have_model = aib_gguf_model(g, &m, &err) == AIB_OK;
    if (json) {
        json_t *o = json_pack("{s:s, s:i}", "file", path, "version", (int)aib_gguf_version(g));
        json_object_set_new(o, "summary", cli_gguf_summary_json(&s));
        json_t *ws = json_array();
        for (size_t i = 0; i < aib_gguf_warning_count(g); i++)
            json_array_append_new(ws, aib_json_text(aib_gguf_warning_at(g, i)));
        json_object_set_new(o, "warnings", ws);
        if (have_model) {
            m.id = path, m.source = path;
            json_object_set_new(o, "model", aib_json_model(&m));
        } else
            json_object_set_new(o, "model", json_pack("{s:s}", "error", err.msg));
        json_t *kvs = json_array(), *ts = json_array();
        for (size_t i = 0; i < aib_gguf_kv_count(g); i++)
            json_array_append_new(kvs, kv_json(aib_gguf_kv_at(g, i)));
        for (size_t i = 0; i < aib_gguf_tensor_count(g); i++) {
            const aib_gguf_tensor *t = aib_gguf_tensor_at(g, i);
            json_t *shape = json_array();
            for (uint32_t d = 0; d < t->n_dims; d++)
                json_array_append_new(shape, json_integer((json_int_t)t->ne[d]));
            json_array_append_new(ts, json_pack("{s:o, s:o, s:s, s:I, s:I, s:i}", "name", aib_json_text(t->name), "shape", shape, "type",
                                                aib_ggml_type_name(t->type), "offset", (json_int_t)t->offset, "bytes",
                                                (json_int_t)t->nbytes, "shard", (int)t->shard));
        }
        json_object_set_new(o, "metadata", kvs);
        json_object_set_new(o, "tensors", ts);
        aib_gguf_free(g);
        return cli_json(o);
    }
    printf("%s: GGUF v%u, %u file%s, %.2f GiB, %zu keys, %zu tensors, data at byte %llu (alignment %u)\n", path,
           aib_gguf_version(g), s.shards, s.shards > 1 ? "s" : "", s.file_size / 1073741824.0, aib_gguf_kv_count(g),
           aib_gguf_tensor_count(g), (unsigned long long)s.data_offset, s.alignment);
    for (size_t i = 0; i < aib_gguf_warning_count(g); i++)
        printf("warning: %s\n", aib_gguf_warning_at(g, i));
    printf("  model        %s (%s), file type %s\n", s.name ? s.name : "-", s.architecture ? s.architecture : "-",
           s.file_type ? s.file_type : "-");
    printf("  parameters   %.3f B", s.params / 1e9);
    if (s.expert_params > 0)
        printf(" (%.3f B active per token; %.3f B in routed experts)", s.active_params / 1e9, s.expert_params / 1e9);
    printf("\n  weights      %.3f GiB, %.4f bits per weight\n", s.bytes / 1073741824.0, s.bpw);
    if (have_model) {
        printf("  architecture %.0f layers, hidden %.0f, %.0f heads, %.0f KV heads x %.0f", m.layers, m.hidden_size,
               m.heads, m.kv_heads, m.head_dim);
        if (aib_has(m.kv_layers))
            printf(", KV cache in %.0f layers", m.kv_layers);
        if (aib_has(m.swa_layers))
            printf(", %.0f sliding-window layers (%.0f tokens)", m.swa_layers, m.sliding_window);
        if (aib_has(m.kv_lora_rank))
            printf(", MLA rank %.0f + %.0f rope", m.kv_lora_rank, m.rope_dim);
        if (aib_has(m.experts))
            printf(", %.0f of %.0f experts in %.0f layers", m.experts_used, m.experts, m.moe_layers);
        printf("\n  context      %.0f trained; KV cache %.1f KiB per token at f16\n", m.max_context,
               aib_kv_cache_bytes(&m, 256, 2.0) / 256 / 1024);
    } else
        printf("  architecture not sized: %s\n", err.msg);
    printf("metadata:\n");
    for (size_t i = 0; i < aib_gguf_kv_count(g); i++) {
        const aib_gguf_kv *kv = aib_gguf_kv_at(g, i);
        printf("  %-44s ", kv->key);
        if (kv->type == 8)
            printf("%.70s%s\n", kv->str, strlen(kv->str) > 70 ? "..." : "");
        else if (kv->type == 9) {
            printf("[%s x %llu]", aib_gguf_type_name(kv->arr_type), (unsigned long long)kv->count);
            for (uint64_t k = 0; k < kv->n_nums && k < 6; k++)
                printf(" %g", kv->nums[k]);
            printf("%s\n", kv->n_nums > 6 || (kv->count > 0 && kv->n_nums == 0) ? " ..." : "");
        } else
            printf("%.17g\n", kv->num);
    }
    size_t nt = aib_gguf_tensor_count(g), show = all || nt <= 16 ? nt : 16;
    printf("tensors:\n");
    for (size_t i = 0; i < show; i++) {
        const aib_gguf_tensor *t = aib_gguf_tensor_at(g, i);
        char shape[96] = "";
        for (uint32_t d = 0; d < t->n_dims; d++)
            snprintf(shape + strlen(shape), sizeof shape - strlen(shape), "%s%llu", d ? " x " : "",
                     (unsigned long long)t->ne[d]);
        printf("  %-40s %-22s %-8s %12.2f MiB\n", t->name, shape, aib_ggml_type_name(t->type), t->nbytes / 1048576.0);
    }
    if (show < nt)
        printf("  ... %zu more (--tensors lists them all)\n", nt - show);
    aib_gguf_free(g);
    return 0;
}
