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

.PHONY: venv sysdeps node demo test lint typecheck fmt bench schema

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

# Graphviz and CJK fonts render the maps, DejaVu (no CJK glyphs) is the tofu baseline of the PNG
# font test, Chromium runs the browser test. Best effort, never a reason to fail the build: each
# test that needs a missing one skips and says why.
SYSDEPS_CHECK := command -v dot >/dev/null && fc-list :lang=zh | grep -q . \
  && fc-list | grep -q DejaVuSans.ttf && test -x /usr/bin/chromium

sysdeps:
	@if $(SYSDEPS_CHECK) 2>/dev/null; then \
	  :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "sysdeps: installing graphviz fonts-noto-cjk fonts-dejavu-core chromium with apt-get"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends graphviz fonts-noto-cjk fonts-dejavu-core chromium; } >/dev/null 2>&1 \
	  || echo "note: apt-get could not install graphviz/fonts/chromium; map rendering or the browser test may be skipped"; \
	else \
	  echo "note: graphviz, CJK fonts or chromium are missing and apt-get is unavailable here; install graphviz fonts-noto-cjk fonts-dejavu-core chromium to render maps and run the browser test"; \
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
	@echo "== 8. 生成全部责任图（out/maps/）"
	@$(BIN)/dutygraph render all --store $(DEMO_STORE) --as-of $(DEMO_AS_OF) -o out/maps
	@echo "== 9. 打开 http://127.0.0.1:8000/ 查看首页、地图和问题清单（Ctrl-C 退出）"
	$(BIN)/dutygraph serve --store $(DEMO_STORE)

# Neo4j's own Cypher parser (npm) checks every statement of graph/backends/cypher.py in `make test`;
# graphql-http audits the API; GraphiQL and React are copied into the package (offline networks).
NODE_STAMP := node_modules/.installed
GRAPHIQL := api/web/static/vendor/manifest.json

node: $(NODE_STAMP) $(GRAPHIQL)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $(NODE_STAMP)

$(GRAPHIQL): $(NODE_STAMP) tools/vendor_graphiql.mjs
	node tools/vendor_graphiql.mjs

test: lint node sysdeps
	$(BIN)/pytest

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

bench: venv
	$(BIN)/python -m bench.run

schema: venv
	$(BIN)/dutygraph schema > schema/parse.schema.json.tmp
	mv schema/parse.schema.json.tmp schema/parse.schema.json
	$(BIN)/python -m dutygraph.api.graphql.schema > schema.graphql.tmp
	mv schema.graphql.tmp schema.graphql
