#!/bin/sh
# The MkDocs comparison table of the README, on checkouts of the projects
# in PROJECTS (default /tmp/proj): mkdocs (github:mkdocs/mkdocs), pihole
# (github:pi-hole/docs), lsio (github:linuxserver/docker-documentation),
# owasp (github:OWASP/CheatSheetSeries, laid out by prepare_owasp.sh as
# its own site script does) and httpx (github:encode/httpx).
#
#     MKDOCS=/path/to/venv/bin/mkdocs bench/mkdocs_compare/run.sh
#
# The venv needs mkdocs-material, mkdocs-redirects,
# mkdocs-awesome-pages-plugin, mkdocs-render-swagger-plugin,
# mkdocs-minify-plugin, markdown-include, mkautodoc and httpx, and for
# mkdocs/mkdocs markdown-callouts, mdx-gh-links, mkdocs-autorefs,
# mkdocs-literate-nav, mkdocstrings[python] and mkdocs-click. Plugins that
# need what is not installable here (git history, the d2 binary, the
# unpublished `group` plugin) are dropped from MkDocs's copy only.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
projects=${PROJECTS:-/tmp/proj}
mkdocs=${MKDOCS:-mkdocs}
kbgen=${KBGEN:-$here/../../target/release/kbgen}
compare() { python3 "$here/compare.py" --row --mkdocs "$mkdocs" --kbgen "$kbgen" "$@"; }
echo "| Project | Pages | MkDocs | kbgen | URLs | nav | Heading ids | Words kept |"
echo "|---|---|---|---|---|---|---|---|"
compare "$projects/pihole" --name pi-hole/docs --drop-plugin git-revision-date-localized
compare "$projects/lsio" --name linuxserver/docker-documentation \
    --drop-plugin git-revision-date-localized --drop-plugin group --drop-plugin d2 \
    --replace docs/images/docker-doplarr.md 'Discord.""' 'Discord."' \
    --replace docs/deprecated_images/docker-doplarr.md 'Discord.""' 'Discord."'
"$here/prepare_owasp.sh" "$projects/owasp" "$projects/owasp-site"
compare "$projects/owasp-site" --name OWASP/CheatSheetSeries
compare "$projects/httpx" --name encode/httpx
compare "$projects/mkdocs" --name mkdocs/mkdocs
