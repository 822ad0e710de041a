//! The search index: split by term prefix, scored, with one file per result.

use crate::support::TestSite;

#[test]
fn index_is_split_by_term_prefix() {
    let site = TestSite::new()
        .file("content/index.md", "# Home\n")
        .file("content/sort.md", "---\ntitle: How do I sort a list?\n---\n# How do I sort a list?\n\n!!! info \"In short\"\n    Use sorted().\n\nThe key argument takes a function that is called on each item.\n")
        .file("content/keys.md", "---\ntitle: Keys?\n---\n# Keys?\n\n## Sorting keys\n\nSort them.\n")
        .file("content/zh.md", "---\ntitle: 列表推导式\n---\n# 列表推导式\n");
    site.build(&[]).assert_success();
    let json = |path: &str| -> serde_json::Value {
        serde_json::from_str(&site.read(&format!("public/search/{path}"))).unwrap_or_default()
    };
    let manifest = json("index.json");
    assert_eq!(manifest["version"], 2);
    assert_eq!(manifest["docs"], 4);
    assert_eq!(manifest["stemmer"], "en");
    assert!(
        manifest["stop_words"]
            .as_array()
            .is_some_and(|w| w.contains(&"the".into()))
    );
    let titles: Vec<String> = (0..4)
        .map(|n| {
            json(&format!("docs/{n}.json"))["t"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(
        titles,
        ["Home", "Keys?", "How do I sort a list?", "列表推导式"]
    );
    let sort_page = json("docs/2.json");
    assert_eq!(
        sort_page["a"], "Use sorted().",
        "the short answer travels with the title"
    );
    assert_eq!(
        sort_page["s"],
        serde_json::json!(["The key argument takes a function that is called on each item."]),
        "sentences a snippet can quote, without the answer"
    );
    // "so" → 736f.json: `sort` (stemmed from sort, sorting, sorted) on page 1
    // (a heading and the body) and page 2 (the question): [step, impact, …].
    let shard = json("terms/736f.json");
    let sort = shard["sort"].as_array().cloned().unwrap_or_default();
    assert_eq!(sort.len(), 4, "{sort:?}");
    assert_eq!(
        (sort[0].as_u64(), sort[2].as_u64()),
        (Some(1), Some(1)),
        "pages 1 and 2"
    );
    assert!(
        sort[3].as_u64() > sort[1].as_u64(),
        "the question outranks a heading: {sort:?}"
    );
    assert!(
        shard.get("sorting").is_none() && shard.get("sorted").is_none(),
        "words are stemmed"
    );
    assert!(
        json("terms/736f.json").get("keys").is_none(),
        "other prefixes live in other files"
    );
    assert!(
        json("terms/736f.json")["sorted()"].is_array(),
        "code keeps its compound"
    );
    assert!(
        json("terms/736f.json")["sort list"].is_array(),
        "words of the question pair up"
    );
    let cjk = json("terms/e68ea8e5afbc.json");
    assert_eq!(cjk["推导"][0], 3);
}

/// The browser stems English with its own Porter2 (static/assets/search.js);
/// tests/browser/search.test.mjs checks it against this table, and this test
/// checks the table against the index's stemmer (rust-stemmers). Together:
/// both sides give every word of the list the same stem.
/// `KBGEN_UPDATE_STEMS=1` re-stems the words of the table.
#[test]
fn the_stem_table_is_the_index_stemmer() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search_quality");
    let english = kbgen::search::Language::for_tag("en");
    let table = dir.join("stems-en.tsv");
    if std::env::var_os("KBGEN_UPDATE_STEMS").is_some() {
        let old = std::fs::read_to_string(&table).unwrap();
        let lines: String = old
            .lines()
            .filter_map(|line| line.split('\t').next())
            .map(|word| format!("{word}\t{}\n", english.stem(word)))
            .collect();
        std::fs::write(&table, lines).unwrap();
    }
    let text = std::fs::read_to_string(&table).unwrap();
    let mut checked = 0;
    for line in text.lines() {
        let (word, stem) = line.split_once('\t').unwrap();
        assert_eq!(english.stem(word), stem, "{word}");
        checked += 1;
    }
    assert!(checked > 10_000, "{checked} words");
}

/// The browser splits text as the index does: both are held to the same cases.
#[test]
fn words_and_compounds_match_the_shared_cases() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search_quality/tokens.json");
    let cases: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for case in cases["cases"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let strings =
            |key: &str| -> Vec<String> { serde_json::from_value(case[key].clone()).unwrap() };
        assert_eq!(kbgen::search::words(text), strings("words"), "{text}");
        assert_eq!(
            kbgen::search::compounds(text),
            strings("compounds"),
            "{text}"
        );
    }
}
