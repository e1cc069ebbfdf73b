"""The README's typed-construction example runs and builds a valid Item."""

from __future__ import annotations

import contextlib
import io
import json
import re

from spec_folder import PROJECT_ROOT, full_verdict

README = (PROJECT_ROOT / "README.md").read_text()


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)


def test_typed_construction_example_builds_an_item_the_official_schemas_accept() -> None:
    (block,) = [block for block in _python_blocks() if "tiny-regressor" in block]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block, "README.md", "exec"), {})
    assert full_verdict(json.loads(printed.getvalue()))


def test_readme_has_exactly_two_setup_commands() -> None:
    commands = re.findall(r"```bash\n(python3 -m venv .venv && .*?)\n```", README)
    assert len(commands) == 2
    assert commands[0].endswith("stac-mlm example | .venv/bin/stac-mlm validate -")
    # The official files first (fetched only when no spec folder is given), then the tests.
    assert commands[1].endswith(
        " && .venv/bin/python scripts/fetch_spec.py && .venv/bin/pytest -n auto"
    )


def test_ci_runs_the_readme_test_command_taken_from_the_readme() -> None:
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    (pattern,) = re.findall(r"grep -E '(.*?)' README\.md", ci)
    found = [line for line in README.splitlines() if re.search(pattern, line)]
    assert found == [re.findall(r"```bash\n(python3 -m venv .venv && .*?)\n```", README)[1]]
    assert 'bash -euo pipefail -c "$readme_test_command"' in ci
