//! CEL expressions that mean what the library means: an image reference a list of registry
//! scopes admits ([`crate::RegistryScope::allows`], reference validity included), and a
//! namespace a selector selects.
//!
//! Only a portable subset of CEL is written, so that every evaluator reads it alike:
//! `matches`, `startsWith`, `size`, `&&`, `||`, `!`, `==`, `in`, `has()`, list literals and the
//! standard macros. A reference is never split (Kubernetes' string extensions are not in every
//! evaluator); each form a reference can be written in is one anchored regular expression,
//! in the syntax RE2, Rust's `regex` and Python's `re` share (no `\w`, `\d` or look-around,
//! only ASCII classes), and the canonical name's length limit is a second one.

use crate::names::{NamespacePattern, NamespaceSelector, PatternKind, RegistryScope};

/// A path component: lower-case letters and digits joined by `.`, `_`, `__` or runs of `-`.
const COMPONENT: &str = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
/// A first component that Docker reads as a Docker Hub namespace, not a registry: no `.`.
const HUB_NAMESPACE: &str = "[a-z0-9]+(?:(?:_|__|-+)[a-z0-9]+)*";
/// A host label, in any case.
const LABEL: &str = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
/// An optional tag.
const TAG: &str = "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?";
/// An optional digest the library reads.
const DIGEST: &str = "(?:@(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}))?";
/// The longest canonical repository name (`domain/path`).
const NAME_MAX: i64 = 255;

/// A CEL string literal.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A regex matching `text` literally.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if !c.is_ascii_alphanumeric() && !matches!(c, '/' | '-' | '_' | ':' | '@' | ',') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `path` at `/` boundaries under `prefix`: the prefix alone, or it and more components.
fn path_under(prefix: &str) -> String {
    let path = format!("{COMPONENT}(?:/{COMPONENT})*");
    match prefix {
        "" => path,
        prefix => format!("{}(?:/{path})?", literal(prefix)),
    }
}

/// One way a reference can be written: a regex over the whole text, how much longer its
/// canonical name is than the written one, and a CEL guard the regex cannot say.
struct Form {
    regex: String,
    longer_by: i64,
    guard: Option<&'static str>,
}

impl Form {
    fn cel(&self, var: &str) -> String {
        // The written name (all before the tag and digest) may be this long.
        let room = NAME_MAX - self.longer_by;
        let length = format!("^.{{0,{room}}}{TAG}(?:@.*)?$");
        let mut parts =
            vec![format!("{var}.matches({})", quote(&self.regex)), format!("{var}.matches({})", quote(&length))];
        parts.extend(self.guard.map(|g| g.replace("IMAGE", var)));
        parts.join(" && ")
    }
}

/// The forms of the references a scope admits.
fn forms(scope: &RegistryScope) -> Vec<Form> {
    let (wildcard, host, port, prefix) = scope.parts();
    let host_re = match wildcard {
        false => format!("(?i:{})", literal(host)),
        true => format!("{LABEL}(?:\\.{LABEL})*\\.(?i:{})", literal(host)),
    };
    let port_re = port.map(|p| format!(":{}", literal(p))).unwrap_or_default();
    // `index.docker.io` as written is Docker Hub, and `docker.io/nginx` is
    // `docker.io/library/nginx`: the Docker Hub forms below read those, when the scope admits
    // Docker Hub at all.
    let hub_like = port.is_none() && (scope.host_matches("docker.io") || scope.host_matches("index.docker.io"));
    let mut out = vec![Form {
        regex: format!("^{host_re}{port_re}/{}{TAG}{DIGEST}$", path_under(prefix)),
        longer_by: 0,
        guard: hub_like.then_some("!IMAGE.matches('^(?:index\\\\.docker\\\\.io/|docker\\\\.io/[^/]*$)')"),
    }];
    if scope.admits_docker_hub() {
        out.extend(docker_hub_forms(prefix));
    }
    out
}

/// The ways a Docker Hub reference is written, with the canonical path each gives: short
/// names (`nginx`, `bitnami/redis`), and `docker.io/` or `index.docker.io/` in front.
fn docker_hub_forms(prefix: &str) -> Vec<Form> {
    let mut out = Vec::new();
    // The canonical path is `library/` and one component: it is under the prefix when the
    // prefix is empty, `library`, or `library/` and that component.
    let official = match prefix {
        "" | "library" => Some(COMPONENT.to_owned()),
        p => p.strip_prefix("library/").filter(|rest| !rest.contains('/')).map(literal),
    };
    if let Some(component) = official {
        out.push(Form { regex: format!("^{component}{TAG}{DIGEST}$"), longer_by: 18, guard: None });
        out.push(Form { regex: format!("^docker\\.io/{component}{TAG}{DIGEST}$"), longer_by: 8, guard: None });
        out.push(Form { regex: format!("^index\\.docker\\.io/{component}{TAG}{DIGEST}$"), longer_by: 2, guard: None });
    }
    // Two or more components: the path is as written. Behind `index.docker.io/` the first
    // component may have a `.`; in a short name it never does, or it would read as a registry.
    let more = path_under("");
    let (first, rest) = match prefix.split_once('/') {
        _ if prefix.is_empty() => (None, more),
        Some((first, rest)) => (Some(literal(first)), path_under(rest)),
        None => (Some(literal(prefix)), more),
    };
    let short_first = first.clone().unwrap_or_else(|| HUB_NAMESPACE.to_owned());
    if !short_first.contains("\\.") {
        out.push(Form {
            regex: format!("^{short_first}/{rest}{TAG}{DIGEST}$"),
            longer_by: 10,
            guard: Some("!IMAGE.startsWith('localhost/')"),
        });
    }
    let indexed_first = first.unwrap_or_else(|| COMPONENT.to_owned());
    out.push(Form {
        regex: format!("^index\\.docker\\.io/{indexed_first}/{rest}{TAG}{DIGEST}$"),
        longer_by: -6,
        guard: None,
    });
    out
}

/// A CEL expression over the string `var`: whether any scope admits it as an image
/// reference. `false` when there are no scopes.
pub(crate) fn allowed_image(var: &str, scopes: &[RegistryScope]) -> String {
    let alternatives: Vec<String> = scopes.iter().flat_map(forms).map(|form| format!("({})", form.cel(var))).collect();
    if alternatives.is_empty() {
        return "false".to_owned();
    }
    // A 64-digit hex name is an image id, never a repository.
    format!("!{var}.matches('^[a-f0-9]{{64}}$') && ({})", alternatives.join(" || "))
}

/// A CEL expression over the string `var`: whether it names an image by digest (only
/// meaningful for a reference [`allowed_image`] admits).
pub(crate) fn pinned_by_digest(var: &str) -> String {
    format!("{var}.matches('@(?:sha256:[a-f0-9]{{64}}|sha512:[a-f0-9]{{128}})$')")
}

/// A CEL expression over the string `var`: whether it names its registry, by Docker's rule
/// ([`crate::Reference::names_registry`]).
pub(crate) fn names_registry(var: &str) -> String {
    format!("{var}.matches('^(?:localhost|[^/]*[.:A-Z][^/]*)/')")
}

/// A CEL expression over the string `var`: whether the pattern matches the whole name.
pub(crate) fn namespace_pattern(var: &str, pattern: &NamespacePattern) -> String {
    let source = pattern.source();
    match pattern.kind() {
        PatternKind::Exact => format!("{var} == {}", quote(source)),
        PatternKind::Glob => format!("{var}.matches({})", quote(&glob_regex(source))),
        PatternKind::Regex => format!("{var}.matches({})", quote(&format!("^(?:{source})$"))),
        PatternKind::Environment => format!("{var}.matches({})", quote(&format!("^[0-9a-f]{{6}}-{source}$"))),
    }
}

/// A CEL expression over the string `var`: whether the selector selects it.
pub(crate) fn namespace_selector(var: &str, selector: &NamespaceSelector) -> String {
    let any = |patterns: &[NamespacePattern]| -> String {
        let each: Vec<String> = patterns.iter().map(|p| format!("({})", namespace_pattern(var, p))).collect();
        match each.len() {
            0 => "false".to_owned(),
            _ => each.join(" || "),
        }
    };
    match selector.exclude.is_empty() {
        true => any(&selector.include),
        false => format!("({}) && !({})", any(&selector.include), any(&selector.exclude)),
    }
}

/// A glob as an anchored regex: `*` any run, `?` one character, the rest literal.
fn glob_regex(glob: &str) -> String {
    let mut out = String::from("^");
    for c in glob.chars() {
        match c {
            '*' => out.push_str(".*"),
            '?' => out.push('.'),
            c => out.push_str(&literal(&c.to_string())),
        }
    }
    out.push('$');
    out
}
