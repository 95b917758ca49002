//! Reading what the user gives: files or standard input, JSON or YAML, into the library's
//! inventory and policy. Every error names the file it came from.

use imagecurator::{Inventory, Policy};
use serde_json::Value;

/// The example cluster the README audits when no input is given: OCP 4.6's `openshift`
/// namespace before curation (from real fixtures), plus example curated and team namespaces.
pub const BUNDLED: &str = include_str!("../../examples/inventory/cluster.json");
/// The example policy, YAML (it opens with a comment, which [`Source::is_yaml`] reads as YAML).
const EXAMPLE_POLICY: &str = include_str!("../../examples/policy/policy.yaml");

/// One input: its name for messages (`-` is standard input) and its text.
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn read(path: &str) -> Result<Source, String> {
        let text = if path == "-" {
            std::io::read_to_string(std::io::stdin()).map_err(|e| format!("standard input: {e}"))?
        } else {
            std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?
        };
        let name = if path == "-" { "standard input".to_owned() } else { path.to_owned() };
        Ok(Source { name, text })
    }

    /// The bundled example policy (examples/policy/policy.yaml).
    pub fn example_policy() -> Source {
        Source { name: "the bundled example policy".to_owned(), text: EXAMPLE_POLICY.to_owned() }
    }

    fn bundled() -> Source {
        Source { name: "the bundled example cluster".to_owned(), text: BUNDLED.to_owned() }
    }

    /// YAML by its name (`.yaml`, `.yml`), JSON by its name (`.json`); otherwise JSON when it
    /// opens as JSON does (`oc get -o json` output, a keyed inventory).
    fn is_yaml(&self) -> bool {
        let lower = self.name.to_ascii_lowercase();
        if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            return true;
        }
        if lower.ends_with(".json") {
            return false;
        }
        !matches!(self.text.trim_start().chars().next(), Some('{' | '[') | None)
    }

    /// The documents of the text, as JSON values: every YAML document of a `---` stream, or
    /// every JSON document one after another.
    fn documents(&self) -> Result<Vec<Value>, String> {
        if self.is_yaml() {
            return imagecurator::yaml_documents(&self.text).map_err(|e| format!("{}: {e}", self.name));
        }
        serde_json::Deserializer::from_str(&self.text)
            .into_iter::<Value>()
            .collect::<Result<Vec<Value>, _>>()
            .map_err(|e| format!("{}: not JSON: {e}", self.name))
    }
}

/// The inventory the inputs make together, each object sorted by its kind; the bundled
/// example cluster when there are none. `now` replaces the inventory's time.
pub fn inventory(paths: &[String], now: Option<&str>) -> Result<Inventory, String> {
    let sources = match paths {
        [] => vec![Source::bundled()],
        paths => paths.iter().map(|p| Source::read(p)).collect::<Result<Vec<_>, _>>()?,
    };
    let mut inventory = if sources.iter().any(Source::is_yaml) {
        let mut documents = Vec::new();
        for source in &sources {
            documents.extend(source.documents()?);
        }
        Inventory::from_json(&Value::Array(documents))
    } else {
        // JSON text is read as it streams by, without a tree of it in memory: a cluster's
        // `oc get` output runs to hundreds of megabytes.
        let texts: Vec<&str> = sources.iter().map(|s| s.text.as_str()).collect();
        Inventory::from_json_str(&texts.join("\n"))
    }
    .map_err(|e| blame(&sources, e))?;
    if let Some(now) = now {
        // Read as the bindings read `now`, so that every runtime takes the same times.
        let time = imagecurator::bindings::parse_now(now);
        inventory.now = Some(time.map_err(|e| format!("--now {} (such as 2026-11-30T12:00:00Z)", e.message()))?);
    }
    Ok(inventory)
}

/// Which input an inventory error came from: each is read alone to find the first that fails
/// (only once reading all of them has failed), so that the message names the file.
fn blame(sources: &[Source], error: imagecurator::Error) -> String {
    let alone = |s: &Source| match s.is_yaml() {
        true => s.documents().and_then(|d| Inventory::from_json(&Value::Array(d)).map_err(say)),
        false => Inventory::from_json_str(&s.text).map_err(say),
    };
    for source in sources {
        if let Err(message) = alone(source) {
            return format!("{}: {message}", source.name);
        }
    }
    // Each reads alone: the inputs clash with each other (two different objects of one name).
    format!("the inputs together: {}", say(error))
}

/// An error with the document path it is at, and its code.
pub fn say(e: imagecurator::Error) -> String {
    let message = e.to_string();
    match e.path() {
        Some(path) if !message.contains(&format!("`{path}`")) => format!("at `{path}`: {message} [{}]", e.code()),
        _ => format!("{message} [{}]", e.code()),
    }
}

/// The policy document in `path` (JSON or YAML), or the strategy's default.
pub fn policy(path: Option<&str>) -> Result<Policy, String> {
    let Some(path) = path else { return Ok(Policy::default()) };
    let source = Source::read(path)?;
    policy_of(&source)
}

/// The policy document of one input.
pub fn policy_of(source: &Source) -> Result<Policy, String> {
    let mut documents = source.documents()?;
    let document = match documents.len() {
        1 => documents.remove(0),
        n => return Err(format!("{}: a policy is one document, not {n}", source.name)),
    };
    Policy::from_json(&document).map_err(|e| format!("{}: {}", source.name, say(e)))
}
