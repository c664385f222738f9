# AI Bench: GNU make. `make` builds build/aibench; `make test` runs every test;
# `make asan` runs them again under AddressSanitizer and UBSan; `make valgrind` runs the
# GGUF reader under valgrind; `make check` does all three.
# See README.md.
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -std=c17 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 $(WERROR)
# WERROR=-Werror makes every warning an error (CI builds so: .ci/run)
WERROR  ?=
CPPFLAGS += -Iinclude -Isrc -D_GNU_SOURCE -MMD -MP \
            -DAIB_DEFAULT_DATA='"$(CURDIR)/data"' -DAIB_DEFAULT_DB='"$(CURDIR)/aibench.db"' -DAIB_DEFAULT_WEB='"$(CURDIR)/web"' \
            -DAIB_DEFAULT_WASM='"$(CURDIR)/$(B)/aibench.wasm"'
LDLIBS   = -lsqlite3 -ljansson -lpci -lmicrohttpd -lpthread -lm
B       ?= build

# libaibench.a: the core and the store (the library front ends build on); the probe and the
# front ends (shared JSON views, the site) get archives of their own
LIB_SRC   = $(wildcard src/core/*.c src/store/*.c)
PROBE_SRC = $(wildcard src/probe/*.c)
SITE_SRC  = $(wildcard src/front/*.c src/web/*.c)
CLI_SRC   = $(wildcard src/cli/*.c)
LIB_OBJ   = $(LIB_SRC:%.c=$(B)/%.o)
PROBE_OBJ = $(PROBE_SRC:%.c=$(B)/%.o)
SITE_OBJ  = $(SITE_SRC:%.c=$(B)/%.o)
CLI_OBJ   = $(CLI_SRC:%.c=$(B)/%.o)
ARCHIVES  = $(B)/libaibench-site.a $(B)/libaibench-probe.a $(B)/libaibench.a
TEST_BINS = $(B)/test_engine $(B)/test_catalog $(B)/test_gguf

all: $(B)/aibench $(B)/aibench.wasm

# the engine for the static site's pages: the library's core and the JSON writers, compiled to
# WebAssembly by Debian's clang (packages wasi-libc, lld-14, libclang-rt-14-dev-wasm32)
WASM_SRC = $(filter-out src/core/import.c,$(wildcard src/core/*.c)) src/front/jw.c src/front/sbuf.c \
           src/front/render.c src/front/advice.c src/front/query.c src/wasm/engine.c
WASM_CC ?= clang
$(B)/aibench.wasm: $(WASM_SRC) $(wildcard include/aibench/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	$(WASM_CC) --target=wasm32-wasi --sysroot=/usr -mexec-model=reactor -O2 -DAIB_WASM -Iinclude -Isrc -D_GNU_SOURCE \
	    -std=c17 -Wall -Wextra $(WERROR) -Wl,--strip-all -o $@ $(WASM_SRC)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c $< -o $@

-include $(wildcard $(B)/src/*/*.d $(B)/*.d)

$(B)/libaibench.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/libaibench-probe.a: $(PROBE_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/libaibench-site.a: $(SITE_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/aibench: $(CLI_OBJ) $(ARCHIVES)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(ARCHIVES) $(LDLIBS)

$(B)/test_%: tests/test_%.c $(ARCHIVES)
	$(CC) $(CPPFLAGS) -DAIB_TEST_DATA='"$(CURDIR)/data"' -DAIB_TEST_DIR='"$(CURDIR)/tests"' $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ $< $(ARCHIVES) $(LDLIBS)

$(B)/gguf_write: tests/gguf_write.c
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ tests/gguf_write.c

test: $(B)/aibench $(B)/aibench.wasm $(TEST_BINS) $(B)/fuzz_replay $(B)/gguf_write
	@sh tests/run.sh $(B)

asan:
	$(MAKE) B=build-asan CC=clang WERROR=$(WERROR) CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	        LDFLAGS="-fsanitize=address,undefined" test

# the GGUF reader under valgrind: the fuzz corpus, the crafted files and the unit test
valgrind: $(B)/fuzz_replay $(B)/test_gguf $(B)/gguf_write
	@rm -rf $(B)/vg && mkdir -p $(B)/vg && $(B)/gguf_write $(B)/vg
	valgrind -q --error-exitcode=1 --leak-check=full $(B)/fuzz_replay fuzz/corpus/* $(B)/vg/*
	valgrind -q --error-exitcode=1 --leak-check=full $(B)/test_gguf

# everything CI runs: the tests, the same tests under ASan/UBSan, and valgrind
check: test asan valgrind

clean:
	rm -rf build build-asan build-fuzz aibench.db

.PHONY: all test asan valgrind check clean

# ---- fuzzing (docs/gguf.md) ----
FUZZ_CORPUS = fuzz/corpus
FUZZ_SECONDS ?= 600

$(B)/fuzz_replay: fuzz/fuzz_gguf.c fuzz/replay.c $(B)/libaibench.a
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ fuzz/fuzz_gguf.c fuzz/replay.c $(B)/libaibench.a $(LDLIBS)

$(B)/fuzz_seed: fuzz/seed.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ fuzz/seed.c

# libFuzzer with ASan/UBSan, built apart from the normal objects
build-fuzz/fuzz_gguf: fuzz/fuzz_gguf.c $(LIB_SRC) $(wildcard include/aibench/*.h src/*/*.h)
	@mkdir -p build-fuzz
	clang $(CPPFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    -o $@ fuzz/fuzz_gguf.c $(LIB_SRC) $(LDLIBS)

build-fuzz/fuzz_import: fuzz/fuzz_import.c $(LIB_SRC) $(wildcard include/aibench/*.h src/*/*.h)
	@mkdir -p build-fuzz
	clang $(CPPFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    -o $@ fuzz/fuzz_import.c $(LIB_SRC) $(LDLIBS)

fuzz-import: build-fuzz/fuzz_import
	@mkdir -p build-fuzz/import-corpus
	build-fuzz/fuzz_import -max_total_time=$(FUZZ_SECONDS) -max_len=8192 build-fuzz/import-corpus tests/import

build-fuzz/fuzz_catalog: fuzz/fuzz_catalog.c $(LIB_SRC) $(wildcard include/aibench/*.h src/*/*.h)
	@mkdir -p build-fuzz
	clang $(CPPFLAGS) -DAIB_FIXTURE='"$(CURDIR)/tests/fixtures/mini"' -O1 -g -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -o $@ fuzz/fuzz_catalog.c $(LIB_SRC) $(LDLIBS)

fuzz-catalog: build-fuzz/fuzz_catalog
	@mkdir -p build-fuzz/catalog-corpus
	build-fuzz/fuzz_catalog -max_total_time=$(FUZZ_SECONDS) -max_len=16384 build-fuzz/catalog-corpus

fuzz: build-fuzz/fuzz_gguf
	@mkdir -p build-fuzz/corpus
	build-fuzz/fuzz_gguf -max_total_time=$(FUZZ_SECONDS) -max_len=65536 build-fuzz/corpus $(FUZZ_CORPUS)

.PHONY: fuzz fuzz-import fuzz-catalog
