"""An MkDocs hook that records what MkDocs built, for compare.py.

compare.py adds it to a copy of the project's mkdocs.yml (`hooks:`). After
the build it writes `kbgen-mkdocs-record.json` beside mkdocs.yml: the nav
as MkDocs resolved it (titles after rendering, so first-H1 titles are
there) and, per page, its URL, title and rendered content.
"""

import json
import os

_nav = None
_pages = {}


def on_nav(nav, config, files):
    global _nav
    _nav = nav
    return nav


def on_page_content(html, page, config, files):
    _pages[page.file.src_uri] = {
        "url": page.url,
        "title": page.title,
        "content": html,
    }
    return html


def _item(item):
    entry = {"title": item.title}
    if item.is_section:
        entry["children"] = [_item(child) for child in item.children]
    elif item.is_page:
        entry["url"] = item.url
    else:
        entry["url"] = item.url
        entry["link"] = True
    return entry


def on_post_build(config):
    record = {
        "nav": [_item(item) for item in (_nav.items if _nav else [])],
        "pages": _pages,
    }
    path = os.path.join(os.path.dirname(config.config_file_path), "kbgen-mkdocs-record.json")
    with open(path, "w", encoding="utf-8") as out:
        json.dump(record, out, ensure_ascii=False, sort_keys=True)
