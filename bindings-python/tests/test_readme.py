"""The README's Python tour runs as written."""

import re

from conftest import ROOT


def test_readme_python_blocks_run() -> None:
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "the README has a Python tour"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
