# Developer entry points; each target calls a script under scripts/.
.PHONY: run test bootstrap lint pg-start pg-stop mutation

run:
	scripts/run.sh

test:
	scripts/test.sh

bootstrap:
	scripts/bootstrap.sh

lint: bootstrap
	.venv/bin/ruff check portal tests

pg-start:
	scripts/pg-throwaway.sh start

pg-stop:
	scripts/pg-throwaway.sh stop

# Not in CI (hours on 2 cores); see docs/testing.md. MODULES="working_days access" for some.
mutation:
	scripts/mutation.sh $(MODULES)
