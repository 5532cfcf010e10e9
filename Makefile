# Thin wrapper over CMake. `make run` and `make test` install what they need from Debian first.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= 2
CMAKE_FLAGS ?=

# Every package the build, the tests and the app need, all from Debian 12.
DEBIAN_PACKAGES := cmake ninja-build g++ pkg-config make \
	qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-qpa-plugins libgl-dev \
	libcsv-dev zlib1g-dev libssl-dev libsimdjson-dev libsqlite3-dev sqlite3 fonts-dejavu-core

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps configure build run test bench sanitize clean

all: build

deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi

configure: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD_DIR) -j$(JOBS)

run: build
	$(BUILD_DIR)/bin/hindsight $(ARGS)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(JOBS)

bench: build
	$(BUILD_DIR)/bin/hindsight-bench $(ARGS)

# The same tests built with AddressSanitizer + UBSan; any finding fails the run.
sanitize: export ASAN_OPTIONS = detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1
sanitize: export UBSAN_OPTIONS = print_stacktrace=1:halt_on_error=1
sanitize:
	$(MAKE) test BUILD_DIR=build-asan BUILD_TYPE=Debug CMAKE_FLAGS="-DHINDSIGHT_SANITIZE=ON $(CMAKE_FLAGS)"

clean:
	rm -rf $(BUILD_DIR) build-asan
