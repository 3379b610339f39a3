"""Helpers of scripts/mutation.sh: the modules under mutation testing and their score.

    mutation_score.py --modules              module names from [tool.mutmut] only_mutate
    mutation_score.py --postgres             those that take another path on PostgreSQL
    mutation_score.py --pattern MODULE       the mutmut name pattern of one module
    mutation_score.py --stage MODULE         make .mutation/MODULE, where mutmut mutates that
                                             module only and runs its tests only
    mutation_score.py --survivors PATTERN..  surviving mutants (stdin: `mutmut results --all true`)
    mutation_score.py --score PATTERN..      killed share per module and overall (same stdin)

The score counts a timed-out mutant as killed (an endless loop is caught) and every
other verdict that is not "killed" (survived, no tests, suspicious) as a survivor.
"""

from __future__ import annotations

import fnmatch
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CAUGHT = {"killed", "timeout"}
# What the app reads beside portal/ (portal.config.PROJECT_ROOT) and the tests use.
LINKED = ["portal", "tests", "templates", "static", "migrations", "gunicorn.conf.py"]


def settings() -> dict:
    return tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))["tool"]


def mutated_files() -> list[str]:
    return settings()["mutmut"]["only_mutate"]


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def stage(module: str) -> Path:
    """A folder for one module's run: pyproject.toml with [tool.mutmut] narrowed to
    that module and its tests, and links to the code, tests and files beside it."""
    (path,) = [p for p in mutated_files() if module_name(p) == module]
    tests = settings()["portal-mutation"]["tests"][module]
    folder = PROJECT / ".mutation" / module
    folder.mkdir(parents=True, exist_ok=True)
    text = (PROJECT / "pyproject.toml").read_text("utf-8")
    text = re.sub(r"(?ms)^only_mutate = \[.*?^\]", f"only_mutate = {toml_list([path])}", text, count=1)
    text = re.sub(
        r"(?ms)^pytest_add_cli_args_test_selection = \[.*?\]$",
        f"pytest_add_cli_args_test_selection = {toml_list(tests)}",
        text,
        count=1,
    )
    (folder / "pyproject.toml").write_text(text, "utf-8")
    for name in LINKED:
        link = folder / name
        if not link.is_symlink():
            link.symlink_to(PROJECT / name)
    return folder


def module_name(path: str) -> str:
    """``portal/services/clock.py`` is ``clock``; a package, ``portal/services/events/*``, ``events``."""
    return Path(path).parent.name if path.endswith("/*") else Path(path).stem


def pattern_of(module: str) -> str | None:
    for path in mutated_files():
        if module_name(path) == module:
            return path.removesuffix(".py").removesuffix("/*").replace("/", ".") + ".*"
    return None


def verdicts(lines) -> list[tuple[str, str]]:
    """(mutant name, verdict) from the lines of `mutmut results --all true`."""
    found = []
    for line in lines:
        name, _, verdict = line.strip().rpartition(": ")
        if name:
            found.append((name, verdict))
    return found


def matching(found, patterns):
    return [(name, verdict) for name, verdict in found if any(fnmatch.fnmatch(name, p) for p in patterns)]


def score_lines(found, patterns) -> list[str]:
    lines = [f"{'module':<16} {'mutants':>7} {'killed':>7} {'left':>5} {'score':>7}"]
    total = caught = 0
    for pattern in patterns:
        counts = Counter(verdict for _, verdict in matching(found, [pattern]))
        module = pattern.removesuffix(".*").rpartition(".")[2]
        n, k = sum(counts.values()), sum(counts[v] for v in CAUGHT)
        total, caught = total + n, caught + k
        lines.append(f"{module:<16} {n:>7} {k:>7} {n - k:>5} {100 * k / n if n else 100:>6.1f}%")
    lines.append(f"{'overall':<16} {total:>7} {caught:>7} {total - caught:>5} "
                 f"{100 * caught / total if total else 100:>6.1f}%")
    left = [f"  {name}: {verdict}" for name, verdict in matching(found, patterns) if verdict not in CAUGHT]
    if left:
        lines += ["", "not killed (mutmut show NAME):", *left]
    return lines


def main(argv: list[str]) -> int:
    command, arguments = argv[0], argv[1:]
    if command == "--modules":
        print("\n".join(module_name(path) for path in mutated_files()))
    elif command == "--postgres":
        print("\n".join(settings()["portal-mutation"]["postgres"]))
    elif command == "--stage":
        print(stage(arguments[0]))
    elif command == "--pattern":
        pattern = pattern_of(arguments[0])
        if pattern is None:
            return 1
        print(pattern)
    elif command == "--survivors":
        for name, verdict in matching(verdicts(sys.stdin), arguments):
            if verdict not in CAUGHT:
                print(name)
    elif command == "--score":
        print("\n".join(score_lines(verdicts(sys.stdin), arguments)))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
