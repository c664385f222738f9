/* aibench.h: the public API of libaibench, one header per module (each says what it holds
 * and who owns what). Front ends include this header, or the modules they use. The library
 * never prints, never exits and keeps no globals: all state lives in an aib_catalog and the
 * structs passed in. libaibench.a holds the core and the store; the probe is
 * libaibench-probe.a. Units and ownership rules: aibench/base.h. */
#ifndef AIBENCH_H
#define AIBENCH_H

#include "aibench/base.h"
#include "aibench/catalog.h"
#include "aibench/engine.h"
#include "aibench/plan.h"
#include "aibench/store.h"
#include "aibench/gguf.h"
#include "aibench/import.h"
#include "aibench/request.h"
#include "aibench/advisor.h"
#include "aibench/probe.h"

#endif
