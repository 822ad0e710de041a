#!/usr/bin/env python3
"""Build one MkDocs project with MkDocs and with kbgen, and compare the two.

    compare.py PROJECT [--mkdocs BIN] [--kbgen BIN] [--drop-plugin NAME]...
                       [--replace PATH OLD NEW]... [--name NAME] [--json OUT]

PROJECT is a folder holding mkdocs.yml (a checkout; it is copied, never
changed). MkDocs builds a copy with hook.py added, which records its nav
and pages; kbgen builds another copy as it is, with no site.toml. Printed:
one markdown table row (project, pages, MkDocs time, kbgen time, URL diff,
nav match, ids match, words kept) and what differs. `--drop-plugin`
removes a plugin MkDocs cannot run here (one that needs a binary or a
package that is not installed) from MkDocs's copy only.

Measures:
- URLs: every page MkDocs builds must be a file kbgen writes; redirect
  pages likewise. kbgen's own pages (search, tags, listings) are counted
  apart as "generated".
- nav: each entry of MkDocs's nav (after rendering, so titles are final)
  must be at the same place in kbgen's sidebar with the same title and
  page; kbgen's sidebars of all pages are joined (each shows the open branch).
- ids: the share of MkDocs's heading ids found on kbgen's page.
- words: the share of MkDocs's words (prose, and code in <pre>) found on
  kbgen's page, counted as a multiset.
"""

import argparse
import collections
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
# Markers MkDocs's extensions consume; left in kbgen's text they are
# constructs kbgen printed literally.
LITERAL_MARKERS = ["!!! ", "??? ", "=== \"", "--8<--", "{:", "{!", "{%", ":material-",
                   ":fontawesome-", ":octicons-", "[TOC]", "{++", "{--", "{~~", "{==", "$$"]


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []

    def find_all(self, predicate):
        for child in self.children:
            if isinstance(child, Node):
                if predicate(child):
                    yield child
                yield from child.find_all(predicate)

    def find(self, predicate):
        return next(self.find_all(predicate), None)

    def text(self, skip=lambda node: False):
        parts = []
        for child in self.children:
            if isinstance(child, Node):
                if not skip(child):
                    parts.append(child.text(skip))
            else:
                parts.append(child)
        return "".join(parts)


class TreeBuilder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(text):
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def has_class(node, name):
    return name in node.attrs.get("class", "").split()


def words(text):
    return collections.Counter(re.findall(r"\w+", text.lower()))


def kept(reference, candidate):
    total = sum(reference.values())
    if total == 0:
        return 1.0, 0
    found = sum(min(count, candidate[word]) for word, count in reference.items())
    return found / total, total


def prose_and_code(node):
    code = "".join(pre.text() for pre in node.find_all(lambda n: n.tag == "pre"))
    prose = node.text(skip=lambda n: n.tag in ("pre", "script", "style"))
    return words(prose), words(code)


def heading_ids(node):
    return [n.attrs["id"] for n in node.find_all(
        lambda n: re.fullmatch(r"h[1-6]", n.tag) is not None and n.attrs.get("id"))]


def output_file(url):
    """MkDocs's page URL (relative to the site) as the file serving it."""
    path = urllib.parse.unquote(url)
    if path in ("", "."):
        return "index.html"
    if path.endswith("/"):
        return path + "index.html"
    return path


def drop_plugins(text, names):
    """mkdocs.yml without the `plugins:` entries named (and their options)."""
    lines = text.split("\n")
    out, skipping, in_plugins, entry_indent = [], False, False, None
    for line in lines:
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if re.match(r"^plugins:\s*$", line):
            in_plugins = True
            out.append(line)
            continue
        if in_plugins and stripped and indent == 0:
            in_plugins = False
        if skipping:
            if stripped and indent <= entry_indent:
                skipping = False
            else:
                continue
        match = re.match(r"^(\s*)- ([\w.-]+):?\s*$", line) if in_plugins else None
        if match and match.group(2) in names:
            skipping, entry_indent = True, len(match.group(1))
            continue
        out.append(line)
    return "\n".join(out)


def with_hook(text, hook):
    if re.search(r"^hooks:", text, re.M):
        return re.sub(r"^hooks:\s*\n", f"hooks:\n  - {hook}\n", text, count=1, flags=re.M)
    return text.rstrip("\n") + f"\nhooks:\n  - {hook}\n"


def copy_project(source, target):
    shutil.copytree(source, target, symlinks=True,
                    ignore=shutil.ignore_patterns(".git", "site", "public", ".kbgen-cache"))


def site_path(mkdocs_yml):
    """The path of site_url (`/proj/` for https://x.github.io/proj/)."""
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", mkdocs_yml, re.M)
    if not match:
        return "/"
    path = urllib.parse.urlparse(match.group(1)).path or "/"
    return path if path.endswith("/") else path + "/"


def kbgen_sidebar_lists(html_files, base_path):
    """chain of section titles → [(title, href)] as kbgen's sidebars show them."""
    lists = {}

    def walk(ul, chain):
        items = []
        for li in (c for c in ul.children if isinstance(c, Node) and c.tag == "li"):
            link = li.find(lambda n: n.tag == "a")
            if link is None:
                continue
            title = " ".join(link.text().split())
            href = link.attrs.get("href", "")
            if href.startswith(base_path):
                href = href[len(base_path):]
            items.append((title, href))
            for sub in (c for c in li.children if isinstance(c, Node) and c.tag == "ul"):
                walk(sub, chain + (title,))
        if len(items) > len(lists.get(chain, [])):
            lists[chain] = items

    for path in html_files:
        with open(path, encoding="utf-8") as f:
            tree = parse(f.read())
        nav = tree.find(lambda n: n.tag == "nav" and has_class(n, "site-nav"))
        top = nav and nav.find(lambda n: n.tag == "ul")
        if top is not None:
            walk(top, ())
    return lists


def mkdocs_nav_entries(nav, chain=()):
    for index, item in enumerate(nav):
        yield chain, index, item
        if "children" in item:
            yield from mkdocs_nav_entries(item["children"], chain + (item["title"],))


def compare(args):
    project = os.path.abspath(args.project)
    name = args.name or os.path.basename(project.rstrip("/"))
    work = tempfile.mkdtemp(prefix="kbgen-compare-")
    mk_dir, kb_dir = os.path.join(work, "mkdocs"), os.path.join(work, "kbgen")
    copy_project(project, mk_dir)
    copy_project(project, kb_dir)
    for path, old, new in args.replace:
        # A real defect of the project, fixed in both copies so the rest
        # can be measured (the table says which).
        for copy in (mk_dir, kb_dir):
            target = os.path.join(copy, path)
            with open(target, encoding="utf-8") as f:
                text = f.read()
            if old not in text:
                sys.exit(f"--replace: `{old}` is not in {path}")
            with open(target, "w", encoding="utf-8") as f:
                f.write(text.replace(old, new))
    with open(os.path.join(mk_dir, "mkdocs.yml"), encoding="utf-8") as f:
        mkdocs_yml = f.read()
    hook = os.path.join(work, "kbgen_record_hook.py")
    shutil.copy(os.path.join(HERE, "hook.py"), hook)
    with open(os.path.join(mk_dir, "mkdocs.yml"), "w", encoding="utf-8") as f:
        f.write(with_hook(drop_plugins(mkdocs_yml, set(args.drop_plugin)), hook))

    env = {k: v for k, v in os.environ.items() if k != "CI"}
    start = time.monotonic()
    mk = subprocess.run([args.mkdocs, "build", "-q", "-d", os.path.join(mk_dir, "site")],
                        cwd=mk_dir, env=env, capture_output=True, text=True)
    mk_time = time.monotonic() - start
    if mk.returncode != 0:
        sys.exit(f"{name}: mkdocs build failed:\n{mk.stderr[-3000:]}")
    start = time.monotonic()
    kb = subprocess.run([args.kbgen, "build"], cwd=kb_dir, env=env,
                        capture_output=True, text=True)
    kb_time = time.monotonic() - start
    kb_errors = [line for line in kb.stderr.splitlines() if line.startswith("error[")]
    kb_exit = kb.returncode
    if kb_exit != 0 and all(e.startswith(("error[broken-link]", "error[broken-anchor]")) for e in kb_errors):
        # Measure the rest on the site the links would otherwise stop.
        subprocess.run([args.kbgen, "build", "--allow-broken-links"], cwd=kb_dir, env=env,
                       capture_output=True, text=True)
    with open(os.path.join(mk_dir, "kbgen-mkdocs-record.json"), encoding="utf-8") as f:
        record = json.load(f)

    mk_site, kb_site = os.path.join(mk_dir, "site"), os.path.join(kb_dir, "public")

    def html_files(root):
        found = set()
        for folder, _, files in os.walk(root):
            for file in files:
                if file.endswith(".html"):
                    found.add(os.path.relpath(os.path.join(folder, file), root).replace(os.sep, "/"))
        return found

    mk_files, kb_files = html_files(mk_site), html_files(kb_site) if os.path.isdir(kb_site) else set()
    page_files = {output_file(page["url"]): src for src, page in record["pages"].items()}
    redirect_files = mk_files - set(page_files) - {"404.html"}
    missing_pages = sorted(set(page_files) - kb_files)
    missing_redirects = sorted(redirect_files - kb_files)
    extra = sorted(kb_files - mk_files - {"404.html"})

    base_path = site_path(mkdocs_yml)
    sidebar = kbgen_sidebar_lists([os.path.join(kb_site, f) for f in sorted(kb_files)], base_path)
    nav_total, nav_ok, nav_wrong = 0, 0, []
    for chain, index, item in mkdocs_nav_entries(record["nav"]):
        nav_total += 1
        shown = sidebar.get(chain, [])
        got = shown[index] if index < len(shown) else None
        want_href = item.get("url")
        if want_href is not None and not item.get("link"):
            want_href = urllib.parse.unquote(want_href)
            if want_href == ".":
                want_href = ""
        ok = got is not None and got[0] == " ".join(item["title"].split()) and (
            "children" in item or urllib.parse.unquote(got[1]) == want_href)
        if ok:
            nav_ok += 1
        else:
            nav_wrong.append({"chain": list(chain), "index": index, "mkdocs": [item["title"], want_href],
                              "kbgen": list(got) if got else None})

    id_total = id_found = 0
    prose = [0, 0]
    code = [0, 0]
    ids_missing, literal = [], collections.Counter()
    for src, page in sorted(record["pages"].items()):
        kb_file = os.path.join(kb_site, output_file(page["url"]))
        if not os.path.isfile(kb_file):
            continue
        with open(kb_file, encoding="utf-8") as f:
            kb_tree = parse(f.read())
        mk_tree = parse(page["content"])
        kb_ids = {n.attrs["id"] for n in kb_tree.find_all(lambda n: "id" in n.attrs)}
        for heading_id in heading_ids(mk_tree):
            id_total += 1
            if heading_id in kb_ids:
                id_found += 1
            else:
                ids_missing.append(f"{src}#{heading_id}")
        article = kb_tree.find(lambda n: n.tag == "article")
        body = article.find(lambda n: has_class(n, "content")) if article else None
        h1 = article.find(lambda n: n.tag == "h1") if article else None
        kb_prose, kb_code = prose_and_code(body) if body else (collections.Counter(), collections.Counter())
        if h1 is not None:
            kb_prose += words(h1.text())
        mk_prose, mk_code = prose_and_code(mk_tree)
        share, total = kept(mk_prose, kb_prose)
        prose[0] += share * total
        prose[1] += total
        share, total = kept(mk_code, kb_code)
        code[0] += share * total
        code[1] += total
        kb_text = body.text() if body else ""
        mk_text = mk_tree.text()
        for marker in LITERAL_MARKERS:
            surplus = kb_text.count(marker) - mk_text.count(marker)
            if surplus > 0:
                literal[marker] += surplus

    result = {
        "project": name,
        "pages": len(page_files),
        "mkdocs_seconds": round(mk_time, 2),
        "kbgen_seconds": round(kb_time, 2),
        "kbgen_exit": kb_exit,
        "kbgen_errors": kb_errors,
        "missing_pages": missing_pages,
        "missing_redirects": missing_redirects,
        "redirects": len(redirect_files),
        "extra_files": extra,
        "nav_entries": nav_total,
        "nav_matched": nav_ok,
        "nav_wrong": nav_wrong,
        "ids": id_total,
        "ids_matched": id_found,
        "ids_missing": ids_missing,
        "prose_kept": round(prose[0] / prose[1], 4) if prose[1] else 1.0,
        "code_kept": round(code[0] / code[1], 4) if code[1] else 1.0,
        "literal_constructs": dict(literal),
    }
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False, indent=1)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        result["work"] = work
    return result


def row(r):
    url_diff = f"{len(r['missing_pages'])} missing, {len(r['missing_redirects'])}/{r['redirects']} redirects missing, {len(r['extra_files'])} generated"
    ids = 100 * r["ids_matched"] / r["ids"] if r["ids"] else 100.0
    return (f"| {r['project']} | {r['pages']} | {r['mkdocs_seconds']:.2f} s | {r['kbgen_seconds']:.2f} s "
            f"(exit {r['kbgen_exit']}, {len(r['kbgen_errors'])} errors) | {url_diff} | "
            f"{r['nav_matched']}/{r['nav_entries']} | {ids:.1f} % of {r['ids']} | "
            f"prose {100 * r['prose_kept']:.1f} %, code {100 * r['code_kept']:.1f} % |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project")
    parser.add_argument("--mkdocs", default="mkdocs")
    parser.add_argument("--kbgen", default=os.path.join(HERE, "..", "..", "target", "release", "kbgen"))
    parser.add_argument("--drop-plugin", action="append", default=[])
    parser.add_argument("--replace", nargs=3, action="append", default=[], metavar=("PATH", "OLD", "NEW"),
                        help="fix a real defect of the project in both copies")
    parser.add_argument("--name")
    parser.add_argument("--json")
    parser.add_argument("--keep", action="store_true", help="keep the two builds for a look")
    parser.add_argument("--row", action="store_true", help="print the table row only")
    args = parser.parse_args()
    result = compare(args)
    print(row(result))
    if args.row:
        return
    shown = {k: v for k, v in result.items() if v and k in (
        "kbgen_errors", "missing_pages", "missing_redirects", "nav_wrong", "literal_constructs", "work")}
    if result["ids_missing"]:
        shown["ids_missing (first 20)"] = result["ids_missing"][:20]
    if result["extra_files"]:
        shown["generated (first 10)"] = result["extra_files"][:10]
    print(json.dumps(shown, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
