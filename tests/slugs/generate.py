"""Expected heading ids for tests/slugs/headings.md, made by Python-Markdown
itself: each line of headings.md becomes a `##` heading of one page (after a
`# Slug corpus` title), and the page is rendered once per slug style the way
MkDocs would with that `toc` configuration. The ids are written, in order, to
expected.json, which the Rust test `slugs::python_markdown_ids_match_the_corpus`
holds kbgen to.

    python3 -m venv /tmp/pm && /tmp/pm/bin/pip install markdown pymdown-extensions
    /tmp/pm/bin/python tests/slugs/generate.py
"""

import json
import re
from pathlib import Path

import markdown
import pymdownx
from markdown.extensions.toc import slugify, slugify_unicode
from pymdownx.slugs import slugify as pymdownx_slugify

HERE = Path(__file__).parent

# name → (toc configuration, site.toml [toc] table kbgen gets for it)
STYLES = {
    "python-markdown": ({}, {"slugify": "python-markdown"}),
    "python-markdown-underscore": (
        {"slugify": slugify, "separator": "_"},
        {"slugify": "python-markdown", "separator": "_"},
    ),
    "python-markdown-unicode": (
        {"slugify": slugify_unicode},
        {"slugify": "python-markdown-unicode"},
    ),
    "pymdownx-lower": (
        {"slugify": pymdownx_slugify(case="lower")},
        {"slugify": "pymdownx", "case": "lower"},
    ),
    "pymdownx-cased-percent": (
        {"slugify": pymdownx_slugify(percent_encode=True)},
        {"slugify": "pymdownx", "percent_encode": True},
    ),
    "pymdownx-lower-ascii-nfkd": (
        {"slugify": pymdownx_slugify(case="lower-ascii", normalize="NFKD")},
        {"slugify": "pymdownx", "case": "lower-ascii", "normalize": "NFKD"},
    ),
}

ID = re.compile(r'<h[1-6] id="([^"]*)"')


def page_source():
    lines = (HERE / "headings.md").read_text(encoding="utf-8").splitlines()
    return "# Slug corpus\n\n" + "".join(f"## {line}\n\n" for line in lines)


def main():
    source = page_source()
    expected = {
        "python_markdown": markdown.__version__,
        "pymdown_extensions": pymdownx.__version__,
        "headings": source.count("\n## ") + 1,
        "styles": {},
    }
    for name, (toc, site_toml) in STYLES.items():
        html = markdown.markdown(
            source, extensions=["toc", "tables", "fenced_code"], extension_configs={"toc": toc}
        )
        ids = ID.findall(html)
        assert len(ids) == expected["headings"], (name, len(ids))
        expected["styles"][name] = {"toc": site_toml, "ids": ids}
    out = HERE / "expected.json"
    out.write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{out}: {expected['headings']} headings × {len(STYLES)} styles")


if __name__ == "__main__":
    main()
