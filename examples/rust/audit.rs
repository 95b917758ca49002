//! The audit from Rust, in a page: read a cluster's data, apply the strategy, print the report.
//! The `imagecurator` command (`cli/`) is the same with flags, formats and YAML.
//!
//!     cargo run -q --example audit                   # the bundled example cluster
//!     cargo run -q --example audit -- cluster.json   # what `oc get ... -o json` printed

use imagecurator::{audit, Inventory, Policy};

const BUNDLED: &str = include_str!("../inventory/cluster.json");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Every file's documents one after another: the library sorts each object by its kind.
    let texts: Vec<String> = std::env::args().skip(1).map(std::fs::read_to_string).collect::<Result<_, _>>()?;
    let text = if texts.is_empty() { BUNDLED.to_owned() } else { texts.join("\n") };
    let inventory = Inventory::from_json_str(&text)?;
    let report = audit(&Policy::default(), &inventory)?;
    // The findings with their fixes, retention's decisions, then `report.commands`: the `oc`
    // commands in the order that is safe to run them.
    print!("{}", report.to_table());
    Ok(())
}
