//! Policy and inventory documents: no panic, and an audit is deterministic: the same inventory
//! audited twice gives byte-identical reports.
#![no_main]

use imagecurator::{audit, Inventory, Policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = Policy::from_json_str(text);
    let Ok(inventory) = Inventory::from_json_str(text) else { return };
    let Ok(first) = audit(&Policy::default(), &inventory) else { return };
    let second = audit(&Policy::default(), &inventory).expect("an audit that ran once runs again");
    let (a, b) = (serde_json::to_string(&first).unwrap(), serde_json::to_string(&second).unwrap());
    assert_eq!(a, b, "two audits of one inventory differ");
    let _ = (first.to_table(), first.to_markdown());
});
