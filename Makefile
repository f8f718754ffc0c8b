# Each target makes .venv first when it is missing.
PY := .venv/bin/python
VENV_STAMP := .venv/.installed

.PHONY: demo test bench eval clean-out

$(VENV_STAMP): pyproject.toml
	python3 -m venv .venv
	.venv/bin/pip install --quiet --upgrade pip
	.venv/bin/pip install --quiet -e '.[test]'
	touch $(VENV_STAMP)

demo: $(VENV_STAMP)
	.venv/bin/newsbroom demo

test: $(VENV_STAMP)
	$(PY) -m pytest -q

bench: $(VENV_STAMP)
	$(PY) -m tests.bench.run
	$(PY) benchmarks/bench_crawl.py --sizes 1000,5000,20000
	$(PY) benchmarks/bench_redis.py --pages 2000 --seen 100000

eval: $(VENV_STAMP)
	.venv/bin/newsbroom eval ../shared/eval/pages --peer trafilatura

clean-out:
	rm -rf out
