# parley - one entry point: `make` builds the library and CLI into build/.
#   make demo     install what is missing, build, run the main job on examples/
#   make check    install, build, run every test (unit, golden, serve, ASan+UBSan, fuzz smoke)
#   make asan     unit tests under AddressSanitizer + UBSan (build-asan/)
#   make valgrind the fast unit tests under valgrind memcheck
#   make fuzz     build the libFuzzer harnesses (build-fuzz/) and run each FUZZ_SECONDS
#   make fuzz-long  every harness for FUZZ_LONG_SECONDS (default 600), inputs up to 256 KB
#   make pytest   the Python package's tests (tests/python, with a 2-worker Dask cluster)
#   make bench    build the benchmarks in bench/ (run them by hand; they print figures)
#   make install  PREFIX=/usr/local: library, header, pkg-config file, CLI, model, data,
#                 the Python package in PYTHONDIR (PREFIX/lib/python3/dist-packages)
#                 (relocatable: the tree may be moved; DESTDIR stages it)
#   make test-install  install into a temporary prefix, move it, code with it

PREFIX   ?= /usr/local
# the Python package: Debian's path when PREFIX=/usr; else put PYTHONDIR on
# PYTHONPATH (or give PYTHONDIR=/usr/local/lib/python3.11/dist-packages)
PYTHONDIR ?= $(PREFIX)/lib/python3/dist-packages
PYTHON   ?= /usr/bin/python3
BUILD    ?= build
CC       ?= cc
VERSION  := 0.1.0
SOMAJOR  := 0

PKGS     := libxml-2.0 zlib libutf8proc jansson sqlite3 libmicrohttpd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN     := -Wall -Wextra -Wpedantic -Wshadow -Wno-unused-parameter
OPT      ?= -O2 -g
CFLAGS   := $(OPT) -std=c11 -D_GNU_SOURCE $(WARN) -fPIC -fvisibility=hidden -Iinclude -Isrc $(PKG_CFLAGS)
# where `make install` puts data/ (share/parley): the last place the library looks
CFLAGS   += -DPARLEY_PREFIX='"$(PREFIX)"'
ifdef WERROR
CFLAGS   += -Werror
endif
ifdef SAN
CFLAGS   += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=address,undefined
endif
LIBS     := $(PKG_LIBS) -lm -lpthread

LIB_SRC  := $(sort $(wildcard src/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_SRC  := $(sort $(wildcard cli/*.c))
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_SRC:= $(sort $(wildcard bench/*.c))
BENCH_BIN:= $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))

STATIC   := $(BUILD)/libparley.a
SHARED   := $(BUILD)/libparley.so.$(VERSION)
CLI      := $(BUILD)/parley

# The default English model, trained from the treebank by the CLI with the
# checked-in hyperparameters (deterministic: the same bytes every build).
EWT      := data/ud-en-ewt
MODEL    := $(BUILD)/en-ewt.model
MODEL_PARAMS := data/model/en-ewt.params
EVMODEL  := $(BUILD)/en-events.model
WIKINEWS := data/wikinews
# What the trained bytes depend on: the model stage, the CoNLL-U reader and the
# train command. The CLI itself is only needed to exist (order-only), so a change
# to another stage does not retrain for 1-2 minutes.
MODEL_SRC := $(wildcard src/model/*.c src/model/*.h) src/core/conllu.c src/core/core.h cli/cmd_train.c

# The gazetteer, compiled from GeoNames and the hand additions (a few seconds).
GAZ      := $(BUILD)/places.gaz
GAZ_SRC  := $(wildcard data/where/*) data/geo/world-countries.json data/dict/common-words.txt \
            data/ud-en-ewt/en_ewt-ud-train.conllu src/where/gazbuild.c src/where/gazetteer.c \
            src/where/where.h

.SECONDARY:
.PHONY: serve-test pytest fuzz-long test-install valgrind all deps demo check test unit golden asan fuzz fuzz-build bench install clean format
all: $(CLI) $(STATIC) $(MODEL) $(EVMODEL) $(GAZ)

deps:
	@scripts/deps.sh

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(STATIC): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(SHARED): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libparley.so.$(SOMAJOR) $(LDFLAGS) -o $@ $^ $(LIBS)
	ln -sf libparley.so.$(VERSION) $(BUILD)/libparley.so.$(SOMAJOR)
	ln -sf libparley.so.$(VERSION) $(BUILD)/libparley.so

# The CLI links the shared library, so it can only reach the public API.
$(CLI): $(CLI_OBJ) $(SHARED)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) -L$(BUILD) -lparley -Wl,-rpath,'$$ORIGIN' $(LIBS)

# Unit tests link the static library so they can reach internal functions.
$(BUILD)/tests/%: tests/%.c $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -o $@ $< $(STATIC) $(LDFLAGS) $(LIBS) -lcmocka

$(BUILD)/bench/%: bench/%.c $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(STATIC) $(LDFLAGS) $(LIBS)

$(MODEL): $(MODEL_SRC) $(MODEL_PARAMS) $(EWT)/en_ewt-ud-train.conllu $(EWT)/en_ewt-ud-dev.conllu | $(CLI)
	$(CLI) train --params $(MODEL_PARAMS) --train $(EWT)/en_ewt-ud-train.conllu \
	    --dev $(EWT)/en_ewt-ud-dev.conllu -o $@

# The learned event decision, trained from the annotated Wikinews train split
# and the articles parley's annotators added (annotated*.jsonl; never from
# dev, the measuring stick) in a few seconds. Its features are computed by
# the library, so it is retrained whenever the CLI is rebuilt.
EVTRAIN := $(WIKINEWS)/train.jsonl $(WIKINEWS)/annotated.jsonl
EVGOLD  := $(WIKINEWS)/train-gold.jsonl $(WIKINEWS)/annotated-gold.jsonl
$(EVMODEL): $(CLI) $(MODEL) $(EVTRAIN) $(EVGOLD) data/parley.dicts \
    $(wildcard data/petrarch2/*.txt data/dict/*.txt)
	cat $(EVTRAIN) > $(BUILD)/events-train.jsonl
	cat $(EVGOLD) > $(BUILD)/events-train-gold.jsonl
	$(CLI) train-events --model $(MODEL) --docs $(BUILD)/events-train.jsonl \
	    --gold $(BUILD)/events-train-gold.jsonl -o $@

$(GAZ): $(GAZ_SRC) | $(CLI)
	$(CLI) gazetteer build --data data -o $@

demo: deps
	@$(MAKE) --no-print-directory all
	@echo "demo: coding the founding article (examples/000_08cbce3970801ee0.txt, dated 2023-06-14)"
	@echo "demo: one JSON line per event (CSV: --format csv, GDELT: --format gdelt)"
	$(CLI) code --date 2023-06-14 examples/000_08cbce3970801ee0.txt

unit: $(TEST_BIN)
	@scripts/run-tests.sh unit $(TEST_BIN)

golden: $(CLI) $(MODEL) $(EVMODEL) $(GAZ)
	@scripts/run-golden.sh $(CLI)

# `parley serve` as a user meets it: routes, limits, the page in headless Chromium
serve-test: $(CLI) $(MODEL) $(EVMODEL) $(GAZ)
	@tests/serve/run.sh $(CLI)

test: unit golden serve-test pytest

# the package loads build/libparley.so, which finds build/en-ewt.model beside it
pytest: $(CLI) $(MODEL) $(EVMODEL) $(GAZ)
	@PYTHON="$(PYTHON)" scripts/run-pytest.sh

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 OPT="-O1 -g" unit

# valgrind (memcheck, leaks) over the fast unit tests; the training
# regression tests are left to ASan, which is 20x faster.
VALGRIND_TESTS ?= core ingest html clean segment tokenize dict actors verbs tables
valgrind: $(TEST_BIN)
	@scripts/run-tests.sh valgrind $(foreach t,$(VALGRIND_TESTS),$(wildcard $(BUILD)/tests/test_$(t))) \
	    --valgrind

FUZZ_SECONDS ?= 20
fuzz-build:
	@$(MAKE) --no-print-directory -f fuzz/fuzz.mk

fuzz: fuzz-build
	@scripts/run-fuzz.sh $(FUZZ_SECONDS)

# the fault campaign's setting (issue 14): 10 minutes a harness, 256 KB inputs
FUZZ_LONG_SECONDS ?= 600
fuzz-long: fuzz-build
	@scripts/run-fuzz.sh $(FUZZ_LONG_SECONDS) 262144

check: deps
	@MAKE="$(MAKE)" scripts/check.sh

bench: $(BENCH_BIN)

install: all
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/bin \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/parley
	install -m 644 $(STATIC) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(SHARED) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libparley.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libparley.so.$(SOMAJOR)
	ln -sf libparley.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libparley.so
	install -m 644 include/parley.h $(DESTDIR)$(PREFIX)/include/
	# the models by rename: a parley running on the old one keeps its copy intact
	install -m 644 $(MODEL) $(DESTDIR)$(PREFIX)/share/parley/en-ewt.model.tmp
	mv -f $(DESTDIR)$(PREFIX)/share/parley/en-ewt.model.tmp $(DESTDIR)$(PREFIX)/share/parley/en-ewt.model
	install -m 644 $(EVMODEL) $(DESTDIR)$(PREFIX)/share/parley/en-events.model.tmp
	mv -f $(DESTDIR)$(PREFIX)/share/parley/en-events.model.tmp $(DESTDIR)$(PREFIX)/share/parley/en-events.model
	# relocatable: the CLI finds the library through $$ORIGIN, the library its
	# model and data as <libdir>/../share/parley, pkg-config its prefix
	# through $${pcfiledir}: the tree works wherever PREFIX or DESTDIR put it
	install -m 644 $(GAZ) $(DESTDIR)$(PREFIX)/share/parley/places.gaz.tmp
	mv -f $(DESTDIR)$(PREFIX)/share/parley/places.gaz.tmp $(DESTDIR)$(PREFIX)/share/parley/places.gaz
	$(CC) $(LDFLAGS) -o $(DESTDIR)$(PREFIX)/bin/parley $(CLI_OBJ) -L$(BUILD) -lparley \
	    -Wl,-rpath,'$$ORIGIN/../lib' $(LIBS)
	sed -e 's|@VERSION@|$(VERSION)|' parley.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/parley.pc
	# dictionaries: the default set (parley.dicts), the event tables and the validation set
	cp -R data/parley.dicts data/petrarch2 data/dict data/validate data/geo data/goldstein \
	    data/plover data/serve $(DESTDIR)$(PREFIX)/share/parley/
	# the Python package: it finds the library as PYTHONDIR/../../../libparley.so.0
	# (PREFIX/lib), else through the loader
	install -d $(DESTDIR)$(PYTHONDIR)/parley
	install -m 644 python/parley/*.py $(DESTDIR)$(PYTHONDIR)/parley/

test-install: all
	@MAKE="$(MAKE)" scripts/test-install.sh

format:
	clang-format -i include/*.h src/*/*.c src/*/*.h cli/*.c cli/*.h tests/*.c fuzz/*.c fuzz/*.h bench/*.c

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
