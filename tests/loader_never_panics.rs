//! Property tests: random and mutated timeline files never make the loader or the checker panic,
//! and every problem they report names the file.

use proptest::prelude::*;
use serde_json::Value;
use sourceline::builtin::EVENTS_JSON;
use sourceline::model::{Problem, load_bytes};

/// Loads and formats every problem as `check` prints it; panics propagate to proptest.
fn load_and_report(bytes: &[u8]) -> Vec<Problem> {
    // With the real source texts, so excerpt verification and its mismatch reports run too.
    let outcome = load_bytes(bytes, "events.json", &sourceline::builtin::sources());
    for problem in &outcome.problems {
        let line = problem.to_string();
        assert!(line.starts_with("events.json"), "{line}");
    }
    let has_errors = outcome.problems.iter().any(Problem::is_error);
    assert_eq!(
        outcome.timeline.is_none(),
        has_errors,
        "a timeline exactly when there is no error"
    );
    outcome.problems
}

/// A random JSON value, a few levels deep, biased toward the shapes a timeline has.
fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("1992-02-30"),
            Just("44 BCE"),
            Just("../.."),
            Just("-0000"),
            Just("1993-04-04/1993-04-03"),
            Just("planned"),
            Just("#zzzzzz"),
            Just("../x.txt"),
            Just("javascript:x"),
            Just("nsd-23"),
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("id".to_owned()),
                    Just("title".to_owned()),
                    Just("date".to_owned()),
                    Just("category".to_owned()),
                    Just("excerpts".to_owned()),
                    Just("source".to_owned()),
                    Just("text".to_owned()),
                    Just("file".to_owned()),
                    "[a-z]{1,8}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every node of a JSON tree, as a JSON pointer.
fn pointers(value: &Value, prefix: &str, out: &mut Vec<String>) {
    out.push(prefix.to_owned());
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, &format!("{prefix}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                pointers(
                    item,
                    &format!("{prefix}/{}", key.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        load_and_report(&bytes);
    }

    #[test]
    fn byte_level_mutations_of_the_default_timeline_never_panic(
        start in 0usize..EVENTS_JSON.len(),
        len in 0usize..200,
        insert in prop::collection::vec(any::<u8>(), 0..20),
    ) {
        let mut bytes = EVENTS_JSON.as_bytes().to_vec();
        let end = (start + len).min(bytes.len());
        bytes.splice(start..end, insert);
        load_and_report(&bytes);
    }

    #[test]
    fn truncations_never_panic(cut in 0usize..EVENTS_JSON.len()) {
        let problems = load_and_report(&EVENTS_JSON.as_bytes()[..cut]);
        prop_assert!(!problems.is_empty(), "a truncated file is reported");
    }

    #[test]
    fn replacing_any_node_with_random_json_never_panics(pick in any::<prop::sample::Index>(), replacement in arb_json()) {
        let mut root: Value = serde_json::from_str(EVENTS_JSON).unwrap();
        let mut all = Vec::new();
        pointers(&root, "", &mut all);
        let pointer = pick.get(&all).clone();
        if pointer.is_empty() {
            root = replacement;
        } else if let Some(node) = root.pointer_mut(&pointer) {
            *node = replacement;
        }
        load_and_report(serde_json::to_string_pretty(&root).unwrap().as_bytes());
    }

    #[test]
    fn random_json_documents_never_panic(doc in arb_json()) {
        load_and_report(serde_json::to_string(&doc).unwrap().as_bytes());
    }
}
