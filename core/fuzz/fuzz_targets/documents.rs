//! Policy and inventory documents: no panic; an audit is deterministic (the same inventory
//! audited twice gives byte-identical reports); and a retention plan is whole: once it is
//! applied, the audit's plan for what remains prunes nothing more.
#![no_main]

use imagecurator::{audit, Action, Inventory, Policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = Policy::from_json_str(text);
    let Ok(inventory) = Inventory::from_json_str(text) else { return };
    let Ok(first) = audit(&Policy::default(), &inventory) else { return };
    let second = audit(&Policy::default(), &inventory).expect("an audit that ran once runs again");
    let (a, b) = (serde_json::to_string(&first).unwrap(), serde_json::to_string(&second).unwrap());
    assert_eq!(a, b, "two audits of one inventory differ");
    let _ = (first.to_table(), first.to_markdown());

    let after = Inventory { streams: first.retention.apply_to(&inventory.streams), ..inventory };
    let again = audit(&Policy::default(), &after).expect("an audit of what a plan leaves runs");
    let more: Vec<_> = again.retention.decisions.iter().filter(|d| d.action == Action::Prune).collect();
    assert!(more.is_empty(), "planned again after its plan ran, retention prunes more: {more:?}");
});
