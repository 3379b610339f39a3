#!/usr/bin/env bash
# Mutation testing with mutmut (docs/testing.md). Not part of CI: it takes hours on 2 cores.
#
#   scripts/mutation.sh                  every module in [tool.mutmut] only_mutate
#   scripts/mutation.sh working_days ... only these modules (file names without .py)
#
# Each module runs on its own, in .mutation/MODULE (scripts/mutation_score.py --stage),
# against its own tests ([tool.portal-mutation.tests] in pyproject.toml):
# 1. SQLite: every mutant of the module; mutmut first records which of those tests call
#    which function, then runs each mutant against the tests that call it, stopping at
#    the first failure.
# 2. PostgreSQL, for the modules that take another path there ([tool.portal-mutation]
#    postgres): the mutants that survived step 1 run again on PostgreSQL, one at a time,
#    so a mutant is killed when the tests catch it on either database. The database is
#    $TEST_DATABASE_URL when set, else a throwaway cluster (scripts/pg-throwaway.sh),
#    stopped again afterwards.
# Then it prints the score per module and overall; every verdict is kept in
# .mutation/results.txt. To see one mutant: cd .mutation/MODULE && ../../.venv/bin/mutmut show NAME
#
# MUTATION_WORKERS=N runs N mutants at a time on SQLite (default 2). MUTATION_KEEP=1 keeps
# each module's mutants/ from the last run (mutmut then reuses its record of the tests).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

say() { echo "mutation.sh: $*"; }
# mutmut redraws a spinner with carriage returns; keep its other lines.
without_spinner() { tr '\r' '\n' | { grep -av '^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]' || true; }; }
helper() { "$ROOT/.venv/bin/python" "$ROOT/scripts/mutation_score.py" "$@"; }

scripts/bootstrap.sh
if ! .venv/bin/python -c 'import mutmut' >/dev/null 2>&1; then
  say "installing mutmut (pip install -e '.[mutation]')"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[mutation]' 2>&1 \
    | { grep -v '^WARNING: Location .* is ignored' || true; }
fi
MUTMUT="$ROOT/.venv/bin/mutmut"

mapfile -t all_modules < <(helper --modules)
mapfile -t postgres_modules < <(helper --postgres)
modules=("$@")
if [[ ${#modules[@]} -eq 0 ]]; then modules=("${all_modules[@]}"); fi
for module in "${modules[@]}"; do
  helper --pattern "$module" >/dev/null || { say "no such module in [tool.mutmut] only_mutate: $module"; exit 2; }
done

stop_cluster=0
postgres_url() {
  if [[ -z "${TEST_DATABASE_URL:-}" ]]; then
    if ! scripts/pg-throwaway.sh status 2>/dev/null; then stop_cluster=1; fi
    scripts/pg-throwaway.sh start
    TEST_DATABASE_URL="$(scripts/pg-throwaway.sh url)"
  fi
}
cleanup() { if [[ $stop_cluster -eq 1 ]]; then scripts/pg-throwaway.sh stop || true; fi; }
trap cleanup EXIT

started=$SECONDS
patterns=()
mkdir -p .mutation
: > .mutation/results.tmp
for module in "${modules[@]}"; do
  pattern="$(helper --pattern "$module")"
  patterns+=("$pattern")
  folder="$(helper --stage "$module")"
  if [[ "${MUTATION_KEEP:-}" != 1 ]]; then rm -rf "$folder/mutants"; fi
  module_started=$SECONDS

  say "$module on SQLite"
  (cd "$folder" && env -u TEST_DATABASE_URL "$MUTMUT" run --max-children "${MUTATION_WORKERS:-2}") \
    | without_spinner

  if [[ " ${postgres_modules[*]} " == *" $module "* ]]; then
    mapfile -t survivors < <(cd "$folder" && "$MUTMUT" results --all true | helper --survivors "$pattern")
    if [[ ${#survivors[@]} -gt 0 ]]; then
      postgres_url
      say "$module on PostgreSQL: the ${#survivors[@]} mutants that survived on SQLite"
      (cd "$folder" && TEST_DATABASE_URL="$TEST_DATABASE_URL" "$MUTMUT" run --max-children 1 "${survivors[@]}") \
        | without_spinner
    fi
  fi
  (cd "$folder" && "$MUTMUT" results --all true) >> .mutation/results.tmp
  say "$module done in $(( (SECONDS - module_started) / 60 )) minutes"
done
mv .mutation/results.tmp .mutation/results.txt

say "done in $(( (SECONDS - started) / 60 )) minutes; every verdict is in .mutation/results.txt"
helper --score "${patterns[@]}" < .mutation/results.txt
