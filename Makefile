# dutygraph developer tasks. `make demo` shows the reader at work, `make test` is the CI gate.
SHELL := /bin/bash
.DEFAULT_GOAL := test

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The top-level folders that install as dutygraph.<name> (see [tool.setuptools] in pyproject.toml).
PACKAGES := graph schema api loaders visualize
# Typed code outside the package, checked with it.
TYPED_EXTRA := bench tests
# mypy cannot follow the editable install's import hook, so it checks the packages through a
# tree of links that spells them as dutygraph.<name>; cross-package imports are then typed.
TYPECHECK_ROOT := build/typecheck
SAMPLE := examples/notices/004_bb86f7f5d52695f3.txt

.PHONY: venv sysdeps node demo test lint typecheck fmt bench benchdeps schema accuracy fuzz \
  neo4j neo4j-stop

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

# Graphviz and CJK fonts render the maps, DejaVu (no CJK glyphs) is the tofu baseline of the PNG
# font test, Chromium runs the browser test, LibreOffice (no GUI) converts .doc/.wps/.et notices and
# makes the PDF test fixtures. Best effort, never a reason to fail the build: each
# test that needs a missing one skips and says why.
SYSDEPS_CHECK := command -v dot >/dev/null && fc-list :lang=zh | grep -q . \
  && fc-list | grep -q DejaVuSans.ttf && test -x /usr/bin/chromium && command -v soffice >/dev/null

sysdeps:
	@if $(SYSDEPS_CHECK) 2>/dev/null; then \
	  :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "sysdeps: installing graphviz fonts-noto-cjk fonts-dejavu-core chromium libreoffice-writer-nogui libreoffice-calc-nogui with apt-get"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends graphviz fonts-noto-cjk fonts-dejavu-core chromium \
	      libreoffice-writer-nogui libreoffice-calc-nogui; } >/dev/null 2>&1 \
	  || echo "note: apt-get could not install graphviz/fonts/chromium/libreoffice; map rendering, the browser test or the PDF fixtures may be skipped"; \
	else \
	  echo "note: graphviz, CJK fonts, chromium or libreoffice are missing and apt-get is unavailable here; install graphviz fonts-noto-cjk fonts-dejavu-core chromium libreoffice-writer-nogui to render maps, run the browser test and read .doc/.wps notices"; \
	fi

DEMO_STORE := out/demo.sqlite
# Fictional example spreadsheets (examples/make_examples.py) in the shape of the samples' annexes.
DEMO_PROGRESS := examples/progress/shizhong_progress_example.xlsx
DEMO_ENTERPRISES := examples/enterprises/shizhong_enterprises_example.xlsx
DEMO_LIAISONS := examples/liaisons/chunsun_liaisons_example.xlsx
DEMO_AS_OF := 2024-12-10

demo: venv node sysdeps
	@echo "== 1. 读取五份示例通知（每份一行）"
	@$(BIN)/dutygraph summary examples/notices/*.txt
	@mkdir -p out && rm -f $(DEMO_STORE)*
	@echo "== 2. 导入图谱库 $(DEMO_STORE)"
	@$(BIN)/dutygraph load --store $(DEMO_STORE) examples/notices/*.txt | tail -1
	@echo "== 3. 谁负责“提升行政保护质效”"
	@$(BIN)/dutygraph owners --store $(DEMO_STORE) 提升行政保护质效
	@echo "== 4. 税郭镇的任务和目标（全部写入 out/税郭镇.json）"
	@$(BIN)/dutygraph duties --store $(DEMO_STORE) 税郭镇 --json > out/税郭镇.json
	@$(BIN)/dutygraph duties --store $(DEMO_STORE) 税郭镇 | head -12
	@echo "== 5. 导入进度、企业和联络员示例表"
	@$(BIN)/dutygraph progress import --store $(DEMO_STORE) $(DEMO_PROGRESS) | head -1
	@$(BIN)/dutygraph enterprises import --store $(DEMO_STORE) $(DEMO_ENTERPRISES) | head -1
	@$(BIN)/dutygraph liaisons import --store $(DEMO_STORE) $(DEMO_LIAISONS) | head -1
	@echo "== 6. 知识产权专利开放许可：各镇街之和对照总目标"
	@$(BIN)/dutygraph rollup --store $(DEMO_STORE) 知识产权专利开放许可
	@echo "== 7. 目标分解的缺口（完整问题清单见 out/gaps.xlsx、out/gaps.csv）"
	@$(BIN)/dutygraph gaps --store $(DEMO_STORE) --as-of $(DEMO_AS_OF) --kind allocation
	@$(BIN)/dutygraph gaps --store $(DEMO_STORE) --as-of $(DEMO_AS_OF) --format xlsx -o out/gaps.xlsx
	@$(BIN)/dutygraph gaps --store $(DEMO_STORE) --as-of $(DEMO_AS_OF) --format csv -o out/gaps.csv
	@echo "== 8. 督查督办：税郭镇的账号（口令只显示一次）、台账 out/台账.xlsx、催办通知 out/催办通知.docx、留痕校验"
	@$(BIN)/dutygraph users add 税郭镇 --role unit --store $(DEMO_STORE) > out/税郭镇口令.txt && echo "口令已写入 out/税郭镇口令.txt"
	@$(BIN)/dutygraph ledger --store $(DEMO_STORE) --as-of $(DEMO_AS_OF) --unit 税郭镇 -o out/台账.xlsx | tail -1
	@$(BIN)/dutygraph remind --store $(DEMO_STORE) --as-of $(DEMO_AS_OF) --unit 税郭镇 -o out/催办通知.docx >/dev/null
	@$(BIN)/dutygraph audit verify --store $(DEMO_STORE)
	@echo "== 9. 生成全部责任图（out/maps/）"
	@$(BIN)/dutygraph render all --store $(DEMO_STORE) --as-of $(DEMO_AS_OF) -o out/maps
	@echo "== 10. 打开 http://127.0.0.1:8000/ 查看首页、地图和问题清单（Ctrl-C 退出）"
	$(BIN)/dutygraph serve --store $(DEMO_STORE)

# Neo4j's own Cypher parser (npm) checks every statement of graph/backends/neo4j/cypher.py in `make test`;
# graphql-http audits the API; GraphiQL and React are copied into the package (offline networks).
NODE_STAMP := node_modules/.installed
GRAPHIQL := api/web/static/vendor/manifest.json

node: $(NODE_STAMP) $(GRAPHIQL)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $(NODE_STAMP)

$(GRAPHIQL): $(NODE_STAMP) tools/vendor_graphiql.mjs
	node tools/vendor_graphiql.mjs


# pytest runs with a fresh local Neo4j (tools/neo4j) when java and mvn are here, so the
# contract tests run on both stores; the server is stopped afterwards, also on failure.
test: lint node sysdeps
	tools/neo4j/with_neo4j.sh $(BIN)/pytest

# A local Neo4j Community (embedded, Bolt on 127.0.0.1) without Docker; its data, pid and log
# live in .neo4j/. Point dutygraph at it with the NEO4J_* line that `make neo4j` prints.
NEO4J_RUN := .neo4j
NEO4J_PORT ?= 7687
NEO4J_LOCAL_PASSWORD ?= dutygraph-local

neo4j:
	@tools/neo4j/neo4j.sh start $(NEO4J_RUN) $(NEO4J_PORT) $(NEO4J_LOCAL_PASSWORD)
	@echo "export NEO4J_URI=bolt://127.0.0.1:$(NEO4J_PORT) NEO4J_USER=neo4j NEO4J_PASSWORD=$(NEO4J_LOCAL_PASSWORD)"

neo4j-stop:
	@tools/neo4j/neo4j.sh stop $(NEO4J_RUN)

lint: venv
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	@$(MAKE) --no-print-directory typecheck

typecheck: venv
	@echo "mypy --strict: $(PACKAGES) $(TYPED_EXTRA)"
	@mkdir -p $(TYPECHECK_ROOT)/dutygraph
	@for p in $(PACKAGES); do ln -sfn ../../../$$p $(TYPECHECK_ROOT)/dutygraph/$$p; done
	@set -o pipefail; MYPYPATH=$(TYPECHECK_ROOT) $(BIN)/mypy --explicit-package-bases \
	  $$(find -L $(TYPECHECK_ROOT)/dutygraph -name '*.py' | sort) $(TYPED_EXTRA) \
	  | sed 's#^$(TYPECHECK_ROOT)/dutygraph/##'

fmt: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# wrk drives the load test of a real `dutygraph serve` (bench/serve_bench.py); best effort: without
# it the bench uses an httpx client and says so in its table title.
benchdeps:
	@command -v wrk >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] \
	  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk \
	  >/dev/null 2>&1; } || echo "note: wrk is not installed; the serve bench uses an httpx client"

# The store comparison runs on a fresh local Neo4j (as `make test`), skipped without java/mvn.
bench: venv benchdeps
	NEO4J_HEAP=4g tools/neo4j/with_neo4j.sh $(BIN)/python -m bench.run

# The reader scored against the hand-annotated notices in tests/loaders/corpus/ (README table).
accuracy: venv
	$(BIN)/python -m bench.accuracy

# 10,000 hostile notices and spreadsheets through the readers (tests/fuzz/run.py: inputs tried,
# crashes, slowest input, peak memory; exit 1 on a crash, an input over 2 s or 512 MB), then
# atheris (coverage-guided) for two minutes when it installs; `make test` runs 120 of them.
FUZZ_INPUTS ?= 10000
fuzz: venv
	$(BIN)/python -m tests.fuzz.run --inputs $(FUZZ_INPUTS)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[fuzz]" >/dev/null 2>&1 \
	  || echo "note: atheris did not install here; the coverage-guided run is skipped"
	@if $(BIN)/python -c "import atheris" 2>/dev/null; then \
	  set -o pipefail; $(BIN)/python -m tests.fuzz.atheris_target -runs=100000 -max_total_time=120 \
	    -print_final_stats=1 2>&1 | grep -E "^(Done|stat::|==|SUMMARY)|DEADLYSIGNAL|Uncaught"; \
	fi

schema: venv
	$(BIN)/dutygraph schema > schema/parse.schema.json.tmp
	mv schema/parse.schema.json.tmp schema/parse.schema.json
	$(BIN)/python -m dutygraph.api.graphql.schema > schema.graphql.tmp
	mv schema.graphql.tmp schema.graphql
