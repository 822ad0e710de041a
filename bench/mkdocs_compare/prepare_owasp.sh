#!/bin/sh
# Lays out an OWASP CheatSheetSeries checkout the way its own
# scripts/Generate_Site_mkDocs.sh does before it runs `mkdocs build`
# (steps 1, 3 and 4: the folders, the copied index pages, and the
# `Title:` meta-data line put at the top of every cheat sheet), so
# compare.py builds what the project publishes.
#
#     prepare_owasp.sh CHECKOUT OUT
set -eu
src=$1
out=$2
rm -rf "$out"
mkdir -p "$out/cheatsheets" "$out/custom_theme/img"
cp "$src/mkdocs.yml" "$out/"
cp "$src/Preface.md" "$out/cheatsheets/index.md"
cp -r "$src/cheatsheets" "$out/cheatsheets/cheatsheets"
cp -r "$src/assets" "$out/cheatsheets/assets"
cp "$src/Index.md" "$out/cheatsheets/Glossary.md"
for name in IndexASVS IndexMASVS IndexProactiveControls IndexTopTen; do
    cp "$src/$name.md" "$out/cheatsheets/$name.md"
done
cp "$src/assets/WebSite_Favicon.ico" "$out/custom_theme/img/favicon.ico"
cp "$src/scripts/404.html" "$out/custom_theme/"
sed -i "1iTitle: Introduction\n" "$out/cheatsheets/index.md"
sed -i 's/Index.md/Glossary.md/g' "$out/cheatsheets/Glossary.md"
sed -i "1iTitle: Index Alphabetical\n" "$out/cheatsheets/Glossary.md"
sed -i "1iTitle: Index ASVS\n" "$out/cheatsheets/IndexASVS.md"
sed -i "1iTitle: Index MASVS\n" "$out/cheatsheets/IndexMASVS.md"
sed -i "1iTitle: Index Proactive Controls\n" "$out/cheatsheets/IndexProactiveControls.md"
sed -i "1iTitle: Index Top 10\n" "$out/cheatsheets/IndexTopTen.md"
for file in "$out"/cheatsheets/cheatsheets/*.md; do
    name=$(basename -- "$file")
    name=${name%_Cheat_Sheet.*}
    title=$(printf '%s' "$name" | tr '_' ' ')
    sed -i "1iTitle: $title\n" "$file"
done
