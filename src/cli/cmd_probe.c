/* cmd_probe.c: aibench probe, this machine's hardware and memory bandwidth; and the hardware
 * entry that plan --this-machine and probe --save build from it. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char help[] =
    "usage: aibench probe [--root DIR] [--no-bandwidth] [--threads N] [--runs N]\n"
    "                     [--size MIB]\n"
    "                     [--save ID] [--json]\n"
    "\n"
    "Detects this machine: CPU model, cores and threads, the SIMD features\n"
    "llama.cpp's CPU backend uses (AVX2, AVX-512, AMX, NEON), RAM size and (as root,\n"
    "through dmidecode) type and speed, GPUs from /sys with names from the PCI id\n"
    "database, their memory (for AMD APUs the BIOS carve-out, the GTT window and the\n"
    "ttm limit; for NVIDIA through nvidia-smi), and the catalog entry it matches.\n"
    "Then it measures sustained memory bandwidth with every core (read, copy, triad;\n"
    "best and median of several runs). What it cannot read, it says, and goes on.\n"
    "\n"
    "  --root DIR       read /proc and /sys under DIR (a recorded tree) instead of\n"
    "                   this machine\n"
    "  --no-bandwidth   skip the bandwidth measurement\n"
    "  --threads N      threads for the measurement (default: all)\n"
    "  --runs N         runs of each kernel (default 5)\n"
    "  --size MIB       bytes per array (default 512)\n"
    "  --save ID        save this machine as a hardware entry of your own, usable as\n"
    "                   --hw ID; the measured bandwidth is stored with it as\n"
    "                   evidence\n"
    "  --json           machine-readable output";

static void bar(void *ctx, double done)
{
    (void)ctx;
    int w = 30, k = (int)(done * w + 0.5);
    fprintf(stderr, "\r  measuring bandwidth [%.*s%*s] %3.0f%%", k, "##############################", w - k, "",
            100 * done);
    if (done >= 1)
        fputc('\n', stderr);
    fflush(stderr);
}

static void today(char *buf, size_t n)
{
    time_t t = time(NULL);
    strftime(buf, n, "%Y-%m-%d", gmtime(&t));
}

void cli_probe_hw(const aib_probe *p, const aib_bandwidth *bw, const char *id, aib_hw *h, char strings[8][192])
{
    size_t nf;
    const aib_field *fs = aib_hw_fields(&nf);
    memset(h, 0, sizeof *h);
    for (size_t i = 0; i < nf; i++)
        if (fs[i].type == AIB_FIELD_NUM)
            *(double *)((char *)h + fs[i].offset) = NAN;
    char host[64];
    if (gethostname(host, sizeof host))
        snprintf(host, sizeof host, "unknown");
    host[sizeof host - 1] = '\0';
    const aib_probe_gpu *g = NULL;
    for (int i = 0; i < p->n_gpus && !g; i++)
        if (aib_has(p->gpu[i].usable_gib) && p->gpu[i].usable_gib >= 1)
            g = &p->gpu[i];
    snprintf(strings[0], 192, "%s", id);
    snprintf(strings[1], 192, "This machine (%.80s%s%.80s)", p->cpu_model[0] ? p->cpu_model : "unknown CPU", g ? ", " : "",
             g ? g->name : "");
    snprintf(strings[2], 192, "local:%s", host);
    today(strings[3], 192);
    h->id = strings[0];
    h->name = strings[1];
    h->maker = "custom";
    h->source = strings[2];
    h->as_of = strings[3];
    h->bandwidth_measured_source = bw && bw->read_best > 0 ? strings[2] : NULL;
    h->bandwidth_measured_gbs = bw && bw->read_best > 0 ? bw->read_best : NAN;
    h->notes = "saved by aibench probe; bandwidth as measured here";
    if (p->match) { /* a known box: its catalog figures, this machine's memory */
        const aib_hw *m = p->match;
        h->gpu_vendor = m->gpu_vendor, h->kind = m->kind, h->backends = m->backends;
        h->memory_gb = m->memory_gb, h->gpu_usable_gb = m->gpu_usable_gb;
        h->bandwidth_gbs = m->bandwidth_gbs, h->fp16_tflops = m->fp16_tflops, h->fp32_tflops = m->fp32_tflops, h->family = m->family;
        if (g && g->integrated && aib_has(g->usable_gib))
            h->gpu_usable_gb = fmin(g->usable_gib, m->memory_gb); /* as this box is configured */
    } else if (g && (g->integrated || strcmp(g->vendor, "other"))) {
        /* an unknown GPU: its memory from /sys, but no bandwidth to plan with */
        h->gpu_vendor = !strcmp(g->vendor, "other") ? "none" : g->vendor;
        h->kind = g->integrated ? "apu" : "gpu";
        h->memory_gb = g->integrated ? p->ram_gib : g->usable_gib;
        h->gpu_usable_gb = g->usable_gib;
        h->backends = !strcmp(g->vendor, "nvidia") ? "cuda, vulkan, cpu" : !strcmp(g->vendor, "amd") ? "vulkan, rocm, cpu"
                    : "vulkan, cpu";
        h->bandwidth_gbs = bw && bw->read_best > 0 ? bw->read_best : NAN; /* the CPU's view: a floor */
        if (!g->integrated)
            h->host_ram_gb = p->ram_gib;
    } else {
        h->gpu_vendor = "none";
        h->kind = "cpu";
        h->backends = "cpu";
        h->memory_gb = p->ram_gib;
        h->bandwidth_gbs = bw && bw->read_best > 0 ? bw->read_best : NAN;
        h->fp32_tflops = bw && bw->fp32_tflops > 0 ? bw->fp32_tflops : NAN; /* the CPU's measured fp32 FMA peak */
    }
    if (!aib_has(h->bandwidth_gbs) && p->match)
        h->bandwidth_gbs = p->match->bandwidth_gbs;
}

int cli_probe_run(const char *cmd, const char *root, int measure, int threads, int runs, double size_mib, aib_probe *p,
                  aib_bandwidth *bw, int quiet)
{
    aib_error err = {0};
    if (aib_probe_run(root, p, &err))
        return cli_fail(cmd, "%s", err.msg);
    memset(bw, 0, sizeof *bw);
    if (!measure)
        return 0;
    if (threads <= 0)
        threads = p->threads > 0 && (!root || !strcmp(root, "/")) ? p->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    int tty = isatty(2) && !quiet;
    if (aib_bandwidth_measure(threads, (size_t)(size_mib * 1048576.0), runs, tty ? bar : NULL, NULL, bw, &err))
        return cli_fail(cmd, "%s", err.msg);
    return 0;
}

static json_t *probe_json(const aib_probe *p, const aib_bandwidth *bw)
{
    json_t *gpus = json_array(), *notes = json_array();
    for (int i = 0; i < p->n_gpus; i++) {
        const aib_probe_gpu *g = &p->gpu[i];
        char id[16];
        snprintf(id, sizeof id, "%04x:%04x", g->vendor_id, g->device_id);
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b}", "name", g->name, "vendor", g->vendor, "pci_id", id,
                              "driver", g->driver, "integrated", g->integrated);
        json_object_set_new(o, "vram_gib", aib_has(g->vram_gib) ? json_real(round(g->vram_gib * 100) / 100) : json_null());
        json_object_set_new(o, "gtt_gib", aib_has(g->gtt_gib) ? json_real(round(g->gtt_gib * 100) / 100) : json_null());
        json_object_set_new(o, "usable_gib", aib_has(g->usable_gib) ? json_real(round(g->usable_gib * 100) / 100) : json_null());
        json_array_append_new(gpus, o);
    }
    for (int i = 0; i < p->n_notes; i++)
        json_array_append_new(notes, json_string(p->notes[i]));
    json_t *o = json_pack("{s:s, s:i, s:i, s:{s:b, s:b, s:b, s:b}}", "cpu", p->cpu_model, "cores", p->cores, "threads",
                          p->threads, "simd", "avx2", p->avx2, "avx512", p->avx512, "amx", p->amx, "neon", p->neon);
    json_object_set_new(o, "ram_gib", aib_has(p->ram_gib) ? json_real(round(p->ram_gib * 100) / 100) : json_null());
    json_object_set_new(o, "ram_type", p->ram_type[0] ? json_string(p->ram_type) : json_null());
    json_object_set_new(o, "ram_mts", aib_has(p->ram_mts) ? json_real(p->ram_mts) : json_null());
    json_object_set_new(o, "ttm_limit_gib", aib_has(p->ttm_limit_gib) ? json_real(round(p->ttm_limit_gib * 100) / 100) : json_null());
    json_object_set_new(o, "gpus", gpus);
    json_object_set_new(o, "match", p->match ? json_pack("{s:s, s:s}", "hw", p->match->id, "why", p->match_why) : json_null());
    json_object_set_new(o, "bandwidth", bw->runs ? json_pack("{s:f, s:f, s:f, s:f, s:f, s:f, s:i, s:i, s:f}",
                                                           "read_best_gbs", round(bw->read_best * 10) / 10,
                                                           "read_median_gbs", round(bw->read_median * 10) / 10,
                                                           "copy_best_gbs", round(bw->copy_best * 10) / 10,
                                                           "copy_median_gbs", round(bw->copy_median * 10) / 10,
                                                           "triad_best_gbs", round(bw->triad_best * 10) / 10,
                                                           "triad_median_gbs", round(bw->triad_median * 10) / 10,
                                                           "threads", bw->threads, "runs", bw->runs, "array_mib",
                                                           bw->buffer_mib)
                                                 : json_null());
    if (bw->runs)
        json_object_set_new(json_object_get(o, "bandwidth"), "fp32_tflops", json_real(round(bw->fp32_tflops * 1000) / 1000));
    json_object_set_new(o, "unreadable", notes);
    return o;
}

int cmd_probe(cli_env *env, int argc, char **argv)
{
    const char *root = "/", *save = NULL;
    int measure = 1, json = 0;
    double threads = 0, runs = 5, size = 512;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--json"))
            json = 1;
        else if (!strcmp(a, "--no-bandwidth"))
            measure = 0;
        else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(help, stdout);
            return 0;
        } else if (i + 1 < argc && !strcmp(a, "--root"))
            root = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--save"))
            save = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--threads")) {
            if (!cli_num("probe", a, argv[++i], 1, 1024, &threads))
                return 2;
        } else if (i + 1 < argc && !strcmp(a, "--runs")) {
            if (!cli_num("probe", a, argv[++i], 1, 100, &runs))
                return 2;
        } else if (i + 1 < argc && !strcmp(a, "--size")) {
            if (!cli_num("probe", a, argv[++i], 16, 65536, &size))
                return 2;
        } else
            return cli_usage("probe", "unknown argument '%s'", a);
    }
    if (save && !measure)
        return cli_usage("probe", "--save needs the bandwidth measurement: drop --no-bandwidth");
    if (cli_open(env))
        return 1;
    aib_probe p;
    aib_bandwidth bw;
    int rc = cli_probe_run("probe", root, measure, (int)threads, (int)runs, size, &p, &bw, json);
    if (rc)
        return rc;
    aib_probe_match(env->cat, &p);
    aib_error err = {0};
    char date[16], host[64];
    today(date, sizeof date);
    if (gethostname(host, sizeof host))
        snprintf(host, sizeof host, "unknown");
    host[sizeof host - 1] = '\0';
    const char *evidence_for = NULL;
    if (save) {
        aib_hw h;
        char strings[8][192];
        cli_probe_hw(&p, &bw, save, &h, strings);
        if (aib_store_save_hw(env->db, env->cat, &h, &err))
            return cli_usage("probe", "%s", err.msg);
        evidence_for = save;
    } else if (p.match && measure && !strcmp(p.match->kind, "cpu"))
        evidence_for = p.match->id;
    if (evidence_for && bw.runs && aib_store_add_bandwidth(env->db, evidence_for, &bw, host, date, &err))
        return cli_fail("probe", "%s", err.msg);
    if (json) {
        json_t *o = probe_json(&p, &bw);
        json_object_set_new(o, "saved_as", save ? json_string(save) : json_null());
        return cli_json(o);
    }
    printf("This machine%s%s\n", strcmp(root, "/") ? " recorded under " : "", strcmp(root, "/") ? root : "");
    char cpu[400];
    snprintf(cpu, sizeof cpu, "%s, %d cores / %d threads; SIMD:%s%s%s%s%s", p.cpu_model[0] ? p.cpu_model : "unknown",
             p.cores, p.threads, p.avx2 ? " AVX2" : "", p.avx512 ? " AVX-512" : "", p.amx ? " AMX" : "",
             p.neon ? " NEON" : "", p.avx2 || p.avx512 || p.amx || p.neon ? "" : " none of AVX2/AVX-512/AMX/NEON");
    cli_wrap("  CPU        ", cpu, 80);
    printf("  RAM        %.1f GiB", p.ram_gib);
    if (p.ram_type[0])
        printf(" %s", p.ram_type);
    if (aib_has(p.ram_mts))
        printf(" at %.0f MT/s", p.ram_mts);
    printf("\n");
    for (int i = 0; i < p.n_gpus; i++) {
        const aib_probe_gpu *g = &p.gpu[i];
        printf("  GPU %d      %s [%04x:%04x]%s%s%s", i, g->name, g->vendor_id, g->device_id, g->driver[0] ? ", driver " : "",
               g->driver, g->integrated ? ", integrated" : "");
        if (aib_has(g->vram_gib))
            printf(", %s %.2f GiB", g->integrated ? "carve-out" : "VRAM", g->vram_gib);
        if (aib_has(g->gtt_gib))
            printf(", GTT %.2f GiB", g->gtt_gib);
        if (aib_has(g->usable_gib))
            printf("; usable %.2f GiB", g->usable_gib);
        printf("\n");
    }
    if (aib_has(p.ttm_limit_gib))
        printf("  ttm        pages_limit = %.2f GiB\n", p.ttm_limit_gib);
    if (p.match)
        printf("  catalog    %s: %s\n", p.match->id, p.match_why);
    else
        printf("  catalog    no entry matches this machine\n");
    if (bw.runs)
        printf("  bandwidth  read %.1f GB/s best (%.1f median), copy %.1f (%.1f), triad %.1f (%.1f); %d threads, %d runs, %.0f MiB arrays\n"
               "  compute    %.2f TFLOPS fp32 (fused multiply-add peak, all threads)\n",
               bw.read_best, bw.read_median, bw.copy_best, bw.copy_median, bw.triad_best, bw.triad_median, bw.threads,
               bw.runs, bw.buffer_mib, bw.fp32_tflops);
    for (int i = 0; i < p.n_notes; i++)
        cli_wrap("  unreadable ", p.notes[i], 80);
    if (save)
        printf("saved as '%s' (aibench fit --hw %s ...); its bandwidth is stored as evidence, %s, %s\n", save, save, host, date);
    else if (evidence_for)
        printf("bandwidth stored as evidence for %s (%s, %s)\n", evidence_for, host, date);
    return 0;
}
