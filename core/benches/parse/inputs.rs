//! Deterministic benchmark inputs: a million mixed references and a million real-style tags.

/// Tags shaped like the ones in OpenShift's sample image streams and common registries.
const TAG_SHAPES: &[&str] = &[
    "latest",
    "1.25",
    "1.25.3",
    "v1.7.0",
    "13-el8",
    "3.12-ubi8",
    "12-minimal-ubi9",
    "20-ubi9-minimal",
    "2.9.0.GA",
    "1.0.0-rc.1",
    "1.2.3-alpine",
    "16-alpine3.19",
    "8.4-203",
    "stable",
    "3f2a9c1",
    "26.0.0.2-java21",
    "10.11",
    "1.0.0-rc10",
    "scheduled-upgrade",
    "v4.4",
];

/// A small xorshift generator, so the inputs are the same on every run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

fn tag(rng: &mut Rng) -> String {
    let shape = TAG_SHAPES[rng.below(TAG_SHAPES.len())];
    // Vary the numbers so the set is not twenty strings repeated.
    shape.replace("1.25", &format!("1.{}", rng.below(40))).replace("13-", &format!("{}-", 8 + rng.below(10)))
}

fn name(rng: &mut Rng) -> String {
    const WORDS: &[&str] =
        &["nginx", "postgres", "redis", "python", "node-exporter", "patroni-postgres-96", "api", "web_ui"];
    format!("{}{}", WORDS[rng.below(WORDS.len())], rng.below(100))
}

pub fn references(count: usize) -> Vec<String> {
    let mut rng = Rng(0x5eed);
    (0..count)
        .map(|_| match rng.below(5) {
            0 => format!("{}:{}", name(&mut rng), tag(&mut rng)),
            1 => format!("bitnami/{}:{}", name(&mut rng), tag(&mut rng)),
            2 => format!("quay.io/org{}/{}:{}", rng.below(50), name(&mut rng), tag(&mut rng)),
            3 => format!(
                "image-registry.openshift-image-registry.svc:5000/a{:05x}-tools/{}:{}",
                rng.below(0xfffff),
                name(&mut rng),
                tag(&mut rng)
            ),
            _ => format!(
                "registry.example.com/team/{}@sha256:{:016x}{:016x}{:016x}{:016x}",
                name(&mut rng),
                rng.next_u64(),
                rng.next_u64(),
                rng.next_u64(),
                rng.next_u64()
            ),
        })
        .collect()
}

pub fn tags(count: usize) -> Vec<String> {
    let mut rng = Rng(0x7a65);
    (0..count).map(|_| tag(&mut rng)).collect()
}
