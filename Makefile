# Tradecast. `make run` and `make test` install what is missing (Debian packages through
# scripts/install-deps.sh, npm packages through lockfiles) and build first.
.PHONY: all deps build run test clean

all: build

deps:
	bash scripts/install-deps.sh

build: deps
	bash scripts/build.sh

# The server on the embedded default: SQLite, local disk, in-process bus, port 3200.
run: build
	./build/tradecast serve $(ARGS)

test:
	bash scripts/test.sh

clean:
	rm -rf build
