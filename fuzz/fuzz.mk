# fuzz.mk - libFuzzer harnesses, built with clang against the library sources.
BUILD    := build-fuzz
PKGS     := libxml-2.0 zlib libutf8proc jansson sqlite3 libmicrohttpd
FCFLAGS  := -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
            -Iinclude -Isrc $(shell pkg-config --cflags $(PKGS))
LIBS     := $(shell pkg-config --libs $(PKGS)) -lm -lpthread
LIB_SRC  := $(sort $(wildcard src/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/%)

.SECONDARY:
all: $(FUZZ_BIN)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(FCFLAGS) -MMD -MP -c $< -o $@

# a harness also depends on the shared bodies it includes (fuzz/*.h)
$(BUILD)/%: fuzz/%.c $(wildcard fuzz/*.h) $(LIB_OBJ)
	clang $(FCFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB_OBJ) $(LIBS)

-include $(LIB_OBJ:.o=.d)
