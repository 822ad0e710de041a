"""Gather the cases of Python-Markdown's and pymdown-extensions' own test
suites, with what the installed versions make of them, into one JSON file
that `cargo test upstream` compares kbgen with (KBGEN_UPSTREAM_CASES).

The upstream tests are run with their assertion helpers replaced by a
recorder: each call gives a case (its markdown, extensions and options),
and the HTML is then made by the installed Python-Markdown, as `record.py`
makes ours. Nothing of the upstream suites is kept in this repository.

    /tmp/pm/bin/pip install markdown pymdown-extensions pyyaml
    /tmp/pm/bin/python tests/pymdown/upstream.py \\
        --markdown PATH/TO/Python-Markdown --pymdown PATH/TO/pymdown-extensions \\
        --out /tmp/upstream-cases.json
"""

import argparse
import importlib
import json
import os
import sys
import textwrap
import unittest
from importlib.metadata import version

import markdown

# The suites worth comparing: extensions kbgen builds (by test module).
MARKDOWN_SUITES = [
    "test_abbr", "test_admonition", "test_attr_list", "test_def_list",
    "test_fenced_code", "test_footnotes", "test_md_in_html", "test_tables",
    "test_toc",
]
PYMDOWN_SUITES = [
    "test_arithmatex", "test_caret", "test_critic", "test_details",
    "test_emoji", "test_inlinehilite", "test_keys", "test_smartsymbols",
    "test_superfences", "test_tabbed", "test_tabbed_alternate", "test_tilde",
]


def plain(value):
    """Options as JSON: functions and classes by their dotted name."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    module = getattr(value, "__module__", "")
    name = getattr(value, "__qualname__", type(value).__name__)
    return {"python": f"{module}.{name}"}


class Recorder:
    def __init__(self):
        self.cases = []
        self.current = ""

    def add(self, suite, source, extensions, configs):
        names = []
        configs = dict(configs)
        for extension in extensions:
            if isinstance(extension, str):
                names.append(extension)
                continue
            # An extension object: its module is its name in a mkdocs.yml,
            # and the options it was made with differ from a new one's.
            name = type(extension).__module__.removeprefix("markdown.extensions.")
            names.append(name)
            try:
                defaults = type(extension)().getConfigs()
            except Exception:
                defaults = {}
            given = {
                key: value for key, value in extension.getConfigs().items()
                if defaults.get(key, object()) != value
            }
            configs[name] = {**configs.get(name, {}), **given}
        try:
            html = markdown.markdown(
                source, extensions=list(extensions), extension_configs=configs
            )
        except Exception as error:  # a case the installed version refuses
            print(f"{suite}/{self.current}: {error}", file=sys.stderr)
            return
        count = sum(1 for c in self.cases if c["name"].startswith(self.current))
        self.cases.append({
            "suite": suite,
            "name": f"{self.current}#{count}",
            "input": source,
            "extensions": names,
            "configs": plain(configs),
            "html": html,
        })


def run_suites(root, package, modules, patch, recorder):
    sys.path.insert(0, root)
    try:
        for module_name in modules:
            module = importlib.import_module(f"{package}.{module_name}")
            patch(module_name.removeprefix("test_"))
            suite = unittest.defaultTestLoader.loadTestsFromModule(module)
            for test in iterate(suite):
                recorder.current = test.id().split(".", 2)[-1]
                try:
                    test.debug()
                except Exception:
                    pass  # assertions other than the recorded ones
    finally:
        sys.path.remove(root)
        for name in list(sys.modules):
            if name == "tests" or name.startswith("tests."):
                del sys.modules[name]


def iterate(suite):
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            yield from iterate(test)
        else:
            yield test


def markdown_patch(recorder):
    from markdown import test_tools

    def patch(suite):
        def renders(self, source, expected, expected_attrs=None, **kwargs):
            kwargs = {**getattr(self, "default_kwargs", {}), **kwargs}
            recorder.add(
                suite,
                source,
                kwargs.get("extensions", []),
                kwargs.get("extension_configs", {}),
            )
        test_tools.TestCase.assertMarkdownRenders = renders
    return patch


def pymdown_patch(recorder):
    def patch(suite):
        util = sys.modules["tests.util"]

        def check(self, text, expected, dedent=False):
            if dedent:
                text = textwrap.dedent(text)
            recorder.add(suite, text, self.extension, self.extension_configs)
        util.MdCase.check_markdown = check
    return patch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--markdown", required=True)
    parser.add_argument("--pymdown", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    recorder = Recorder()
    run_suites(
        args.markdown, "tests.test_syntax.extensions", MARKDOWN_SUITES,
        markdown_patch(recorder), recorder,
    )
    # pymdown's tests read their snippet and asset folders from here.
    os.chdir(args.pymdown)
    sys.path.insert(0, args.pymdown)
    importlib.import_module("tests.util")
    sys.path.remove(args.pymdown)
    run_suites(
        args.pymdown, "tests.test_extensions", PYMDOWN_SUITES,
        pymdown_patch(recorder), recorder,
    )
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump({
            "markdown": version("markdown"),
            "pymdown-extensions": version("pymdown-extensions"),
            "cases": recorder.cases,
        }, out, indent=1, ensure_ascii=False)
    by_suite = {}
    for case in recorder.cases:
        by_suite[case["suite"]] = by_suite.get(case["suite"], 0) + 1
    print(", ".join(f"{s}: {n}" for s, n in sorted(by_suite.items())))


if __name__ == "__main__":
    main()
