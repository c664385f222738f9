/* probe.c: what this machine is: CPU and its SIMD features, RAM size and type, GPUs with their
 * memory (and, for AMD APUs, the BIOS carve-out, GTT and ttm limits). Everything is read under
 * a root directory so that recorded /proc and /sys trees (tests/probe/) stand in for machines.
 * A source that is missing or unreadable becomes a note, never an error. */

#include "aibench/probe.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <pci/pci.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static void note(aib_probe *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(aib_probe *p, const char *fmt, ...)
{
    if (p->n_notes >= AIB_PROBE_MAX_NOTES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->notes[p->n_notes++], sizeof p->notes[0], fmt, ap);
    va_end(ap);
}

/* Reads a whole small file under root into buf; returns 0 on success. */
static int slurp(const char *root, const char *path, char *buf, size_t n)
{
    char full[1024];
    snprintf(full, sizeof full, "%s%s", root, path);
    FILE *f = fopen(full, "r");
    if (!f)
        return -1;
    size_t got = fread(buf, 1, n - 1, f);
    buf[got] = '\0';
    fclose(f);
    return 0;
}

static int live(const char *root) { return !strcmp(root, "") || !strcmp(root, "/"); }

/* Runs a command on the live machine, or reads its recorded output (root/FILE) in a tree. */
static int command_output(const char *root, const char *cmd, const char *recorded, char *buf, size_t n)
{
    if (!live(root))
        return slurp(root, recorded, buf, n);
    FILE *f = popen(cmd, "r");
    if (!f)
        return -1;
    size_t got = fread(buf, 1, n - 1, f);
    buf[got] = '\0';
    return pclose(f) == 0 && got > 0 ? 0 : -1;
}

static void probe_cpu(const char *root, aib_probe *p)
{
    static char buf[1 << 18];
    if (slurp(root, "/proc/cpuinfo", buf, sizeof buf)) {
        note(p, "/proc/cpuinfo: %s", strerror(errno));
        return;
    }
    int threads = 0;
    char phys[64][32];
    int nphys = 0, cores_per = 0;
    char *save = NULL;
    char cur_phys[32] = "0";
    for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *colon = strchr(line, ':');
        if (!colon)
            continue;
        char *val = colon + 1;
        while (*val == ' ')
            val++;
        if (!strncmp(line, "processor", 9))
            threads++;
        else if ((!strncmp(line, "model name", 10) || !strncmp(line, "Model", 5)) && !p->cpu_model[0])
            snprintf(p->cpu_model, sizeof p->cpu_model, "%s", val);
        else if (!strncmp(line, "physical id", 11))
            snprintf(cur_phys, sizeof cur_phys, "%s", val);
        else if (!strncmp(line, "cpu cores", 9)) {
            cores_per = atoi(val);
            int seen = 0;
            for (int i = 0; i < nphys; i++)
                seen |= !strcmp(phys[i], cur_phys);
            if (!seen && nphys < 64)
                snprintf(phys[nphys++], sizeof phys[0], "%s", cur_phys);
        } else if (!strncmp(line, "flags", 5) || !strncmp(line, "Features", 8)) {
            /* x86 "flags", arm64 "Features" */
            char padded[8192];
            snprintf(padded, sizeof padded, " %s ", val);
            p->avx2 = strstr(padded, " avx2 ") != NULL;
            p->avx512 = strstr(padded, " avx512f ") != NULL;
            p->amx = strstr(padded, " amx_tile ") != NULL;
            p->neon = strstr(padded, " asimd ") != NULL || strstr(padded, " neon ") != NULL;
        }
    }
    p->threads = threads;
    p->cores = cores_per && nphys ? cores_per * nphys : threads;
    if (!p->cpu_model[0])
        note(p, "/proc/cpuinfo: no model name");
}

static void probe_ram(const char *root, aib_probe *p)
{
    char buf[8192];
    p->ram_gib = NAN;
    p->ram_mts = NAN;
    if (slurp(root, "/proc/meminfo", buf, sizeof buf) == 0) {
        char *m = strstr(buf, "MemTotal:");
        if (m)
            p->ram_gib = atof(m + 9) / 1048576.0; /* kB */
    }
    if (isnan(p->ram_gib))
        note(p, "/proc/meminfo: no MemTotal");
    /* memory type and speed: SMBIOS type 17, through dmidecode (root only) */
    static char dmi[65536];
    if (command_output(root, "dmidecode -t 17 2>/dev/null", "/dmidecode-t17.txt", dmi, sizeof dmi) == 0) {
        char *save = NULL;
        for (char *line = strtok_r(dmi, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            while (*line == ' ' || *line == '\t')
                line++;
            if (!strncmp(line, "Type: ", 6) && !p->ram_type[0] && strncmp(line + 6, "Unknown", 7) &&
                strncmp(line + 6, "Other", 5))
                snprintf(p->ram_type, sizeof p->ram_type, "%s", line + 6);
            else if (!strncmp(line, "Configured Memory Speed: ", 25) && isnan(p->ram_mts) && atof(line + 25) > 0)
                p->ram_mts = atof(line + 25);
        }
    }
    if (!p->ram_type[0])
        note(p, "memory type and speed: dmidecode unavailable or not root");
}

static double read_bytes_gib(const char *root, const char *dir, const char *file)
{
    char path[1024], buf[64];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    if (slurp(root, path, buf, sizeof buf))
        return NAN;
    return strtod(buf, NULL) / 1073741824.0;
}

static unsigned read_hex(const char *root, const char *dir, const char *file)
{
    char path[1024], buf[32];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    if (slurp(root, path, buf, sizeof buf))
        return 0;
    return (unsigned)strtoul(buf, NULL, 16);
}

static void probe_gpus(const char *root, aib_probe *p, struct pci_access *pacc)
{
    char path[512];
    snprintf(path, sizeof path, "%s/sys/class/drm", root);
    DIR *d = opendir(path);
    if (!d) {
        note(p, "/sys/class/drm: %s (no GPU driver loaded, or a container)", strerror(errno));
        return;
    }
    struct dirent *e;
    char names[AIB_PROBE_MAX_GPUS][64];
    int n = 0;
    while ((e = readdir(d)) && n < AIB_PROBE_MAX_GPUS)
        if (!strncmp(e->d_name, "card", 4) && isdigit((unsigned char)e->d_name[4]) && !strchr(e->d_name, '-'))
            snprintf(names[n++], sizeof names[0], "%.60s", e->d_name);
    closedir(d);
    for (int i = 1; i < n; i++) /* card0, card1 ... in order */
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char t[64];
            memcpy(t, names[j], 64), memcpy(names[j], names[j - 1], 64), memcpy(names[j - 1], t, 64);
        }
    for (int i = 0; i < n; i++) {
        char dev[640];
        snprintf(dev, sizeof dev, "/sys/class/drm/%s/device", names[i]);
        aib_probe_gpu *g = &p->gpu[p->n_gpus];
        memset(g, 0, sizeof *g);
        g->vendor_id = read_hex(root, dev, "vendor");
        g->device_id = read_hex(root, dev, "device");
        if (!g->vendor_id)
            continue;
        snprintf(g->vendor, sizeof g->vendor, "%s", g->vendor_id == 0x10de ? "nvidia" : g->vendor_id == 0x1002 ? "amd"
                                                   : g->vendor_id == 0x8086 ? "intel" : "other");
        char link[1200], target[256];
        snprintf(link, sizeof link, "%s%s/driver", root, dev);
        ssize_t l = readlink(link, target, sizeof target - 1);
        if (l > 0) {
            target[l] = '\0';
            const char *base = strrchr(target, '/');
            snprintf(g->driver, sizeof g->driver, "%.31s", base ? base + 1 : target);
        }
        if (pacc)
            pci_lookup_name(pacc, g->name, sizeof g->name, PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE, g->vendor_id,
                            g->device_id);
        else
            snprintf(g->name, sizeof g->name, "%04x:%04x", g->vendor_id, g->device_id);
        g->vram_gib = read_bytes_gib(root, dev, "mem_info_vram_total");
        g->gtt_gib = read_bytes_gib(root, dev, "mem_info_gtt_total");
        p->n_gpus++;
    }
    /* NVIDIA: names and memory from nvidia-smi (the proprietary driver has no mem_info files) */
    static char smi[8192];
    int nv = 0;
    for (int i = 0; i < p->n_gpus; i++)
        nv += !strcmp(p->gpu[i].vendor, "nvidia");
    if (nv) {
        if (command_output(root, "nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits 2>/dev/null",
                           "/nvidia-smi.csv", smi, sizeof smi) == 0) {
            char *save = NULL;
            int k = 0;
            for (char *line = strtok_r(smi, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                char *comma = strrchr(line, ',');
                if (!comma)
                    continue;
                *comma = '\0';
                while (k < p->n_gpus && strcmp(p->gpu[k].vendor, "nvidia"))
                    k++;
                if (k >= p->n_gpus)
                    break;
                snprintf(p->gpu[k].name, sizeof p->gpu[k].name, "%s", line);
                p->gpu[k].vram_gib = atof(comma + 1) / 1024.0; /* MiB */
                k++;
            }
        } else
            note(p, "nvidia-smi: not available, NVIDIA memory unknown");
    }
    char buf[64];
    if (slurp(root, "/sys/module/ttm/parameters/pages_limit", buf, sizeof buf) == 0 && atof(buf) > 0)
        p->ttm_limit_gib = atof(buf) * 4096 / 1073741824.0;
    for (int i = 0; i < p->n_gpus; i++) {
        aib_probe_gpu *g = &p->gpu[i];
        /* an iGPU: little dedicated memory next to a large GTT window into system RAM */
        g->integrated = !isnan(g->gtt_gib) && !isnan(g->vram_gib) && !isnan(p->ram_gib) &&
                        g->vram_gib < 0.75 * p->ram_gib && g->gtt_gib > g->vram_gib && strcmp(g->vendor, "nvidia");
        /* Intel's i915 driver exposes no memory sizes; its iGPUs share system RAM */
        if (!strcmp(g->vendor, "intel") && isnan(g->vram_gib) && (!strcmp(g->driver, "i915") || !strcmp(g->driver, "xe")))
            g->integrated = 1;
        if (g->integrated) {
            double gtt = isnan(p->ttm_limit_gib) ? g->gtt_gib : fmin(g->gtt_gib, p->ttm_limit_gib);
            g->usable_gib = fmax(g->vram_gib, gtt);
        } else
            g->usable_gib = g->vram_gib;
        if (isnan(g->usable_gib))
            note(p, "GPU %.60s: memory size unreadable%s", g->name,
                 g->integrated ? " (an iGPU sharing system RAM; its driver does not say how much)" : "");
    }
}

aib_status aib_probe_run(const char *root, aib_probe *p, aib_error *err)
{
    (void)err;
    memset(p, 0, sizeof *p);
    p->ttm_limit_gib = p->ram_gib = p->ram_mts = NAN;
    if (!root)
        root = "";
    if (!strcmp(root, "/"))
        root = "";
    probe_cpu(root, p);
    probe_ram(root, p);
    struct pci_access *pacc = pci_alloc();
    if (pacc) {
        pacc->error = NULL;
        pci_init(pacc);
    }
    probe_gpus(root, p, pacc);
    char buf[128];
    if (slurp(root, "/sys/class/dmi/id/sys_vendor", buf, sizeof buf) == 0)
        snprintf(p->system_vendor, sizeof p->system_vendor, "%.*s", (int)strcspn(buf, "\n"), buf);
    if (slurp(root, "/sys/class/dmi/id/product_name", buf, sizeof buf) == 0)
        snprintf(p->system_product, sizeof p->system_product, "%.*s", (int)strcspn(buf, "\n"), buf);
    if (pacc)
        pci_cleanup(pacc);
    if (!p->n_gpus)
        note(p, "no GPU found: planning for the CPU backend");
    return AIB_OK;
}

/* A catalog name's words all appear in the probe's name (case-insensitive): "RTX 4090". */
static int name_has(const char *hay, const char *needle)
{
    return hay && needle && *needle && strcasestr(hay, needle) != NULL;
}

/* The part of a catalog name a device name would contain: "GeForce RTX 4090" -> "RTX 4090". */
static int chip_key(const aib_hw *h, char *want, size_t n)
{
    const char *key = strstr(h->name, "RTX") ? strstr(h->name, "RTX")
                    : strstr(h->name, "Radeon RX") ? strstr(h->name, "RX")
                    : strstr(h->name, "8060S") ? "8060S" : strstr(h->name, "780M") ? "780M"
                    : strstr(h->name, "Arc ") ? strstr(h->name, "Arc ") : NULL;
    if (!key)
        return 0;
    snprintf(want, n, "%.*s", (int)strcspn(key, "(,"), key);
    while (strlen(want) && want[strlen(want) - 1] == ' ')
        want[strlen(want) - 1] = '\0';
    return 1;
}

void aib_probe_match(const aib_catalog *cat, aib_probe *p)
{
    p->match = NULL;
    p->match_why[0] = '\0';
    int best = 0;
    for (int i = 0; i < p->n_gpus; i++) {
        const aib_probe_gpu *g = &p->gpu[i];
        for (size_t k = 0; k < aib_catalog_hw_count(cat); k++) {
            const aib_hw *h = aib_catalog_hw_at(cat, k);
            char want[64];
            int keyed = chip_key(h, want, sizeof want);
            /* a box named for itself takes the chip of its family ("Framework Desktop" is strix-halo) */
            for (size_t f = 0; !keyed && h->family && f < aib_catalog_hw_count(cat); f++) {
                const aib_hw *o = aib_catalog_hw_at(cat, f);
                keyed = o->family && !strcmp(o->family, h->family) && chip_key(o, want, sizeof want);
            }
            if (!keyed)
                continue;
            /* an iGPU's name is often only in the CPU's ("Ryzen AI MAX+ 395 w/ Radeon 8060S") */
            const char *seen = name_has(g->name, want) ? g->name
                             : g->integrated && name_has(p->cpu_model, want) ? p->cpu_model : NULL;
            if (!seen)
                continue;
            /* same chip, different memory (16 vs 8 GB cards, 64 vs 128 GB boxes): memory decides */
            double mem = g->integrated ? p->ram_gib : g->vram_gib;
            if (!isnan(mem) && fabs(mem - h->memory_gb) > 0.1 * h->memory_gb)
                continue;
            /* among boxes with the same chip, the maker DMI names wins */
            int score = 1 + (p->system_vendor[0] && name_has(h->maker, p->system_vendor)) * 2 +
                        (p->system_vendor[0] && name_has(p->system_vendor, h->maker)) * 2;
            if (score <= best)
                continue;
            best = score;
            p->match = h;
            snprintf(p->match_why, sizeof p->match_why, "'%.60s' with %.0f GiB%s%.40s", seen, mem,
                     score > 1 ? ", made by " : "", score > 1 ? p->system_vendor : "");
        }
    }
}
