//! The search index: split by term prefix, with page chunks.

use crate::support::TestSite;

#[test]
fn index_is_split_by_term_prefix() {
    let site = TestSite::new()
        .file("content/index.md", "# Home\n")
        .file("content/sort.md", "---\ntitle: How do I sort a list?\n---\n# How do I sort a list?\n\n!!! info \"In short\"\n    Use sorted().\n")
        .file("content/keys.md", "---\ntitle: Keys?\n---\n# Keys?\n\n## Sorting keys\n\nSort them.\n")
        .file("content/zh.md", "---\ntitle: 列表推导式\n---\n# 列表推导式\n");
    site.build(&[]).assert_success();
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read("public/search/index.json")).unwrap_or_default();
    assert_eq!(manifest["docs"], 4);
    let docs: serde_json::Value =
        serde_json::from_str(&site.read("public/search/docs/0.json")).unwrap_or_default();
    let titles: Vec<&str> = docs
        .as_array()
        .map(|d| d.iter().filter_map(|x| x[0].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        titles,
        ["Home", "Keys?", "How do I sort a list?", "列表推导式"]
    );
    assert_eq!(
        docs[2][2], "Use sorted().",
        "the short answer travels with the title"
    );
    // "so" → 736f.json holds `sort` (page 2's question, page 1's body), `sorting` (page 1's heading) and `sorted`.
    let shard: serde_json::Value =
        serde_json::from_str(&site.read("public/search/terms/736f.json")).unwrap_or_default();
    assert_eq!(shard["sort"], serde_json::json!([[2], [], [1]]));
    assert_eq!(shard["sorting"], serde_json::json!([[], [1], []]));
    assert_eq!(shard["sorted"], serde_json::json!([[], [], [2]]));
    assert!(
        shard.get("keys").is_none(),
        "other prefixes live in other files"
    );
    let cjk: serde_json::Value =
        serde_json::from_str(&site.read("public/search/terms/e68ea8e5afbc.json"))
            .unwrap_or_default();
    assert_eq!(cjk["推导"], serde_json::json!([[3], [], []]));
}
