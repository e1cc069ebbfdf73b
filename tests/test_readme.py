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
    assert commands[1].endswith(".venv/bin/pytest")
