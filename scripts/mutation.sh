#!/usr/bin/env bash
# Mutation testing with mutmut (docs/testing.md). Not part of CI: it takes hours on 2 cores.
#
#   scripts/mutation.sh                  every module in [tool.mutmut] only_mutate
#   scripts/mutation.sh working_days ... only these modules (file names without .py)
#
# 1. SQLite: every mutant of the chosen modules, against the tests that call the mutated
#    function (mutmut records which tests call which function in a first full run).
# 2. PostgreSQL: the mutants that survived step 1 in the modules with a PostgreSQL branch
#    (POSTGRES_MODULES below) run again on PostgreSQL, so a mutant is killed when the
#    tests catch it on either database. The database is $TEST_DATABASE_URL when set,
#    else a throwaway cluster (scripts/pg-throwaway.sh), stopped again afterwards.
# Then it prints the score per module (scripts/mutation_score.py) and writes every
# verdict to mutants/results.txt. `.venv/bin/mutmut show NAME` shows one mutant.
#
# MUTATION_WORKERS=N runs N mutants at a time on SQLite (default 2; PostgreSQL runs
# one at a time, as the tests share one database). MUTATION_KEEP=1 keeps mutants/
# from the last run (mutmut then reuses its record of which tests call what).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { echo "mutation.sh: $*"; }
# mutmut redraws a spinner with carriage returns; keep its other lines.
without_spinner() { tr '\r' '\n' | { grep -v '^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]' || true; }; }

# Modules whose code takes another path on PostgreSQL (grep for dialect).
POSTGRES_MODULES=(support_calls surveys reports)

scripts/bootstrap.sh
if ! .venv/bin/python -c 'import mutmut' >/dev/null 2>&1; then
  say "installing mutmut (pip install -e '.[mutation]')"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[mutation]' 2>&1 \
    | { grep -v '^WARNING: Location .* is ignored' || true; }
fi
MUTMUT=.venv/bin/mutmut

mapfile -t all_modules < <(.venv/bin/python scripts/mutation_score.py --modules)
modules=("$@")
if [[ ${#modules[@]} -eq 0 ]]; then modules=("${all_modules[@]}"); fi
patterns=()
for module in "${modules[@]}"; do
  pattern="$(.venv/bin/python scripts/mutation_score.py --pattern "$module")" \
    || { say "no such module in [tool.mutmut] only_mutate: $module"; exit 2; }
  patterns+=("$pattern")
done

if [[ "${MUTATION_KEEP:-}" != 1 ]]; then rm -rf mutants; fi
started=$SECONDS

# --- 1. SQLite -----------------------------------------------------------------
say "SQLite: ${modules[*]}"
env -u TEST_DATABASE_URL "$MUTMUT" run --max-children "${MUTATION_WORKERS:-2}" "${patterns[@]}" \
  | without_spinner
"$MUTMUT" results --all true > mutants/results.txt

# --- 2. PostgreSQL, for the survivors of the modules with a PostgreSQL branch ------
postgres_patterns=()
for module in "${modules[@]}"; do
  for pg_module in "${POSTGRES_MODULES[@]}"; do
    if [[ "$module" == "$pg_module" ]]; then
      postgres_patterns+=("$(.venv/bin/python scripts/mutation_score.py --pattern "$module")")
    fi
  done
done
survivors=()
if [[ ${#postgres_patterns[@]} -gt 0 ]]; then
  mapfile -t survivors < <(.venv/bin/python scripts/mutation_score.py --survivors "${postgres_patterns[@]}" \
    < mutants/results.txt)
fi
if [[ ${#survivors[@]} -gt 0 ]]; then
  stop_cluster=0
  if [[ -z "${TEST_DATABASE_URL:-}" ]]; then
    if ! scripts/pg-throwaway.sh status 2>/dev/null; then stop_cluster=1; fi
    scripts/pg-throwaway.sh start
    TEST_DATABASE_URL="$(scripts/pg-throwaway.sh url)"
  fi
  say "PostgreSQL: ${#survivors[@]} mutants that survived on SQLite"
  TEST_DATABASE_URL="$TEST_DATABASE_URL" "$MUTMUT" run --max-children 1 "${survivors[@]}" \
    | without_spinner
  if [[ $stop_cluster -eq 1 ]]; then scripts/pg-throwaway.sh stop; fi
  "$MUTMUT" results --all true > mutants/results.txt
fi

say "done in $(( (SECONDS - started) / 60 )) minutes; every verdict is in mutants/results.txt"
.venv/bin/python scripts/mutation_score.py --score "${patterns[@]}" < mutants/results.txt
