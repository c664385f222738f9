/* opts.c: a command's options from the library's table of inputs (request.h) plus the
 * command's own, their --help, and "did you mean" for a misspelt one. The table's inputs go
 * into an aib_request through aib_request_set(), so the CLI checks them as the site does. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define OWN_BASE 2000
#define TABLE_BASE 1000
#define MAX_OPTS 96

int cli_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col >= 60)
        return ws.ws_col > 200 ? 200 : ws.ws_col;
    return 80;
}

static int takes(const aib_param *p, unsigned kinds) { return p->option && (p->kinds & kinds); }

/* "  --name METAVAR" then the help, wrapped at 80 columns under a 24-column margin (the help
 * starts on the next line when the option is wider than the margin). */
static void help_line(FILE *f, const char *name, const char *metavar, const char *text)
{
    enum { MARGIN = 24 };
    char head[MARGIN + 80];
    int n = snprintf(head, sizeof head, "  --%s%s%s", name, metavar ? " " : "", metavar ? metavar : "");
    if (n >= MARGIN - 1)
        snprintf(head + n, sizeof head - (size_t)n, "\n%*s", MARGIN, "");
    else
        snprintf(head + n, sizeof head - (size_t)n, "%*s", MARGIN - n, "");
    cli_wrap_to(f, head, text, 80);
}

void cli_help(const cli_spec *spec, FILE *f)
{
    fputs(spec->usage, f);
    const aib_param *t = aib_params();
    size_t ul = strlen(spec->usage);
    if (spec->kinds)
        fprintf(f, "%s\ninputs (the planner's too: aibench params):\n", ul && spec->usage[ul - 1] == '\n' ? "" : "\n");
    for (size_t i = 0; i < AIB_P_COUNT; i++) {
        const aib_param *p = &t[i];
        if (!takes(p, spec->kinds) || (p->flags & spec->hide))
            continue;
        char text[400], unit[48] = "";
        if (p->unit && strcmp(p->unit, "cards"))
            snprintf(unit, sizeof unit, "%s; ", p->unit);
        if (p->def_text)
            snprintf(text, sizeof text, "%s (%sdefault %s)", p->help, unit, p->def_text);
        else if (*unit)
            snprintf(text, sizeof text, "%s (%.*s)", p->help, (int)strlen(unit) - 2, unit);
        else
            snprintf(text, sizeof text, "%s", p->help);
        if (p->type == AIB_PT_ENUM && p->id != AIB_P_WHAT) {
            char list[200];
            size_t l = strlen(text);
            snprintf(text + l, sizeof text - l, ": %s", aib_choice_list(p->choices, list, sizeof list));
        }
        help_line(f, p->option, p->type == AIB_PT_FLAG ? NULL : p->metavar, text);
    }
    if (spec->opts && spec->opts[0].name) {
        fprintf(f, "%s\noptions:\n", spec->kinds || (ul && spec->usage[ul - 1] == '\n') ? "" : "\n");
        for (const cli_opt *o = spec->opts; o->name; o++)
            help_line(f, o->name, o->metavar, o->help);
    }
    help_line(f, "help", NULL, "this help");
}

/* "did you mean": the table's options this command takes and its own. */
static const char *near_option(const cli_spec *spec, const char *bad)
{
    const char *names[MAX_OPTS];
    size_t n = 0;
    const aib_param *t = aib_params();
    for (size_t i = 0; i < AIB_P_COUNT && n + 1 < MAX_OPTS; i++)
        if (takes(&t[i], spec->kinds) && !(t[i].flags & spec->hide)) {
            names[n++] = t[i].option;
            if (t[i].alias)
                names[n++] = t[i].alias;
        }
    for (const cli_opt *o = spec->opts; o && o->name && n < MAX_OPTS; o++)
        names[n++] = o->name;
    return aib_closest(bad, names, n);
}

static int unknown_option(const cli_spec *spec, const char *arg)
{
    const char *name = arg;
    while (*name == '-')
        name++;
    char bare[64];
    snprintf(bare, sizeof bare, "%.*s", (int)strcspn(name, "="), name);
    const char *near = near_option(spec, bare);
    if (near)
        return cli_usage(spec->cmd, "unknown option '%s'; did you mean '--%s'?", arg, near);
    return cli_usage(spec->cmd, "unknown option or missing value '%s'", arg);
}

int cli_parse(const cli_spec *spec, int argc, char **argv, aib_request *req, const char **seen, const char **pos,
              size_t *npos, size_t max_pos)
{
    struct option lo[MAX_OPTS + 1];
    size_t n = 0;
    const aib_param *t = aib_params();
    for (size_t i = 0; i < AIB_P_COUNT && n + 2 < MAX_OPTS; i++) {
        if (!takes(&t[i], spec->kinds) || (t[i].flags & spec->hide))
            continue;
        int has = t[i].type == AIB_PT_FLAG ? no_argument : required_argument;
        lo[n++] = (struct option){t[i].option, has, NULL, TABLE_BASE + (int)i};
        if (t[i].alias)
            lo[n++] = (struct option){t[i].alias, has, NULL, TABLE_BASE + (int)i};
    }
    size_t n_own = 0;
    for (const cli_opt *o = spec->opts; o && o->name && n + 1 < MAX_OPTS; o++, n_own++) {
        lo[n++] = (struct option){o->name, o->metavar ? required_argument : no_argument, NULL, OWN_BASE + (int)n_own};
        seen[n_own] = NULL;
    }
    lo[n++] = (struct option){"help", no_argument, NULL, 'h'};
    lo[n] = (struct option){0, 0, 0, 0};
    optind = 1;
    opterr = 0;
    *npos = 0;
    /* "+": stop at the first positional argument only when the command takes none */
    /* getopt takes a unique prefix ("--mod" for "--models"): here an option is its whole name */
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) || !argv[i][2])
            continue;
        size_t len = strcspn(argv[i] + 2, "=");
        size_t k = 0;
        while (k < n && !(strlen(lo[k].name) == len && !strncmp(lo[k].name, argv[i] + 2, len)))
            k++;
        if (k == n)
            return unknown_option(spec, argv[i]);
        if (lo[k].has_arg == required_argument && !argv[i][2 + len])
            i++; /* its value */
    }
    int c;
    while ((c = getopt_long(argc, argv, max_pos ? "-" : "", lo, NULL)) != -1) {
        if (c == 'h') {
            cli_help(spec, stdout);
            return 0;
        }
        if (c == 1) { /* a positional argument, in order */
            if (*npos >= max_pos)
                return cli_usage(spec->cmd, "unexpected argument '%s'", optarg);
            pos[(*npos)++] = optarg;
        } else if (c >= OWN_BASE) {
            seen[c - OWN_BASE] = optarg ? optarg : "";
        } else if (c >= TABLE_BASE) {
            aib_error err = {0};
            const aib_param *p = &t[c - TABLE_BASE];
            if (aib_request_set(req, p->option, optarg, &err)) {
                /* the table speaks of web keys; say the option */
                if (strcmp(err.tag, "bad_what_if")) /* its keys are the what-if's, not options */
            cli_options_in(err.msg, sizeof err.msg);
                return cli_usage(spec->cmd, "%s", err.msg);
            }
        } else
            return unknown_option(spec, argv[optind - 1]);
    }
    if (optind < argc)
        return cli_usage(spec->cmd, "unexpected argument '%s'", argv[optind]);
    return -1;
}
