# AI Bench: GNU make. `make` builds build/aibench; `make test` runs every test;
# `make asan` runs them again under AddressSanitizer and UBSan; `make check` does both.
# See README.md.
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
CPPFLAGS += -Iinclude -Isrc -D_GNU_SOURCE \
            -DAIB_DEFAULT_DATA='"$(CURDIR)/data"' -DAIB_DEFAULT_DB='"$(CURDIR)/aibench.db"'
LDLIBS   = -lsqlite3 -ljansson -lm
B       ?= build

LIB_SRC   = $(wildcard src/core/*.c src/store/*.c src/front/*.c)
CLI_SRC   = $(wildcard src/cli/*.c)
LIB_OBJ   = $(LIB_SRC:%.c=$(B)/%.o)
CLI_OBJ   = $(CLI_SRC:%.c=$(B)/%.o)
TEST_BINS = $(B)/test_engine $(B)/test_catalog

all: $(B)/aibench

$(B)/%.o: %.c $(wildcard include/aibench/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c $< -o $@

$(B)/libaibench.a: $(LIB_OBJ)
	ar rcs $@ $^

$(B)/aibench: $(CLI_OBJ) $(B)/libaibench.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libaibench.a $(LDLIBS)

$(B)/test_%: tests/test_%.c tests/testlib.h $(B)/libaibench.a
	$(CC) $(CPPFLAGS) -DAIB_TEST_DATA='"$(CURDIR)/data"' -DAIB_TEST_DIR='"$(CURDIR)/tests"' $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ $< $(B)/libaibench.a $(LDLIBS)

test: $(B)/aibench $(TEST_BINS)
	@sh tests/run.sh $(B)

asan:
	$(MAKE) B=build-asan CC=clang CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	        LDFLAGS="-fsanitize=address,undefined" test

# everything CI runs: the tests, then the same tests under ASan/UBSan
check: test asan

clean:
	rm -rf build build-asan aibench.db

.PHONY: all test asan check clean
