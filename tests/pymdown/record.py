#!/usr/bin/env python3
"""Record what Python-Markdown and pymdown-extensions make of each case.

Each suite `NAME.cases` starts with a TOML header, then cases, each after a
line `%%% case-name`:

    extensions = ["pymdownx.tabbed"]          # what Python-Markdown runs
    [configs."pymdownx.tabbed"]               # their options
    alternate_style = true
    [kbgen]                                   # site.toml's [markdown] for kbgen
    tabbed = { alternate_style = true }
    %%% two-tabs
    === "A"
        a

A suite may give files, `[files]` name → text: they are written to a
temporary folder that is pymdownx.snippets' `base_path` (and kbgen's), and
Material's `custom_icons` when pymdownx.emoji's `options` name any.
An option written `"!!python/name:module.function"`, as in mkdocs.yml, is
that function.

This script writes `NAME.expected.json`: the reference HTML of every case,
with the versions that made it. Run it in a venv with the versions to pin:

    python3 -m venv /tmp/pm && /tmp/pm/bin/pip install markdown pymdown-extensions
    /tmp/pm/bin/python tests/pymdown/record.py            # every suite
    /tmp/pm/bin/python tests/pymdown/record.py tabbed     # one
"""
import json
import sys
import tempfile
import tomllib
from importlib.metadata import version
from pathlib import Path

import importlib

import markdown

HERE = Path(__file__).resolve().parent
MARKER = "%%% "


def read_suite(path):
    header, cases, name, lines = [], [], None, []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith(MARKER):
            if name is not None:
                cases.append((name, "".join(lines)))
            name, lines = line[len(MARKER):].strip(), []
        elif name is None:
            header.append(line)
        else:
            lines.append(line)
    if name is not None:
        cases.append((name, "".join(lines)))
    names = [n for n, _ in cases]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        sys.exit(f"{path.name}: cases named twice: {sorted(duplicates)}")
    return tomllib.loads("".join(header)), cases


def write_files(folder, files):
    for name, text in files.items():
        target = Path(folder) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


PYTHON_NAME = "!!python/name:"


def resolve_names(value):
    """Options naming a function, as mkdocs.yml names them, as that function."""
    if isinstance(value, dict):
        return {k: resolve_names(v) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_names(v) for v in value]
    if isinstance(value, str) and value.startswith(PYTHON_NAME):
        module, _, name = value[len(PYTHON_NAME):].rpartition(".")
        return getattr(importlib.import_module(module), name)
    return value


def record(path):
    settings, cases = read_suite(path)
    expected = []
    with tempfile.TemporaryDirectory() as folder:
        # The files live one level down, so `../` has somewhere to go.
        base = Path(folder) / "base"
        base.mkdir()
        write_files(folder, {"outside.md": "Outside the base path.\n"})
        write_files(base, settings.get("files", {}))
        configs = resolve_names(settings.get("configs", {}))
        if "pymdownx.snippets" in configs:
            configs["pymdownx.snippets"]["base_path"] = [str(base)]
        emoji_options = configs.get("pymdownx.emoji", {}).get("options", {})
        if "custom_icons" in emoji_options:
            emoji_options["custom_icons"] = [str(base)]
        for name, text in cases:
            md = markdown.Markdown(
                extensions=settings["extensions"],
                extension_configs=configs,
            )
            expected.append({"name": name, "html": md.convert(text)})
    out = {
        "markdown": version("markdown"),
        "pymdown-extensions": version("pymdown-extensions"),
        "cases": expected,
    }
    target = path.with_suffix(".expected.json")
    target.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{path.stem}: {len(expected)} cases")


def main():
    wanted = set(sys.argv[1:])
    for path in sorted(HERE.glob("*.cases")):
        if not wanted or path.stem in wanted:
            record(path)


if __name__ == "__main__":
    main()
