//! Globs (`*` any run of characters, `?` one character, all else literal, anchored at both
//! ends), matched by an automaton in time linear in the name: one pass over the name's
//! characters, each step a few operations on a bit set as wide as the pattern. Backtracking
//! (the classic two pointers and a saved star) takes time proportional to the name times the
//! pattern on inputs such as `*aaa…ab` against `aaa…a`: seconds for a long name.

/// A compiled glob. Bit `i` of a state says "the first `i` pattern items are matched".
#[derive(Clone, Debug)]
pub(crate) struct Glob {
    /// Items after collapsing runs of `*` into one.
    len: usize,
    /// Positions holding `*`.
    stars: Bits,
    /// Positions holding `?`: they match any character.
    any: Bits,
    /// For each ASCII character, the positions holding it.
    ascii: Box<[Bits; 128]>,
    /// For each other character in the pattern, the positions holding it.
    other: Vec<(char, Bits)>,
}

/// A bit set over pattern positions `0..=len`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Bits(Vec<u64>);

impl Bits {
    fn empty(len: usize) -> Bits {
        Bits(vec![0; len / 64 + 1])
    }
    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }
    fn get(&self, i: usize) -> bool {
        self.0[i / 64] >> (i % 64) & 1 == 1
    }
}

impl Glob {
    /// Compiles a glob.
    pub(crate) fn new(pattern: &str) -> Glob {
        let mut items: Vec<char> = Vec::with_capacity(pattern.len());
        for c in pattern.chars() {
            // `**` matches what `*` does; one star keeps every closure a single step.
            if !(c == '*' && items.last() == Some(&'*')) {
                items.push(c);
            }
        }
        let len = items.len();
        let mut glob = Glob {
            len,
            stars: Bits::empty(len),
            any: Bits::empty(len),
            ascii: Box::new(std::array::from_fn(|_| Bits::empty(len))),
            other: Vec::new(),
        };
        for (i, &c) in items.iter().enumerate() {
            match c {
                '*' => glob.stars.set(i),
                '?' => glob.any.set(i),
                c if c.is_ascii() => glob.ascii[c as usize].set(i),
                c => match glob.other.iter_mut().find(|(o, _)| *o == c) {
                    Some((_, bits)) => bits.set(i),
                    None => {
                        let mut bits = Bits::empty(len);
                        bits.set(i);
                        glob.other.push((c, bits));
                    }
                },
            }
        }
        glob
    }

    /// Whether the whole name matches.
    pub(crate) fn matches(&self, name: &str) -> bool {
        let words = self.stars.0.len();
        if words == 1 {
            return self.matches_in_one_word(name);
        }
        let mut state = Bits::empty(self.len);
        state.set(0);
        self.close(&mut state);
        let mut next = Bits::empty(self.len);
        let none = Bits::empty(self.len);
        for c in name.chars() {
            let exact = match c {
                c if c.is_ascii() => &self.ascii[c as usize],
                c => self.other.iter().find(|(o, _)| *o == c).map_or(&none, |(_, bits)| bits),
            };
            // A star keeps its place on any character; `?` and the character itself move on one.
            let mut carry = 0;
            let mut alive = 0;
            for w in 0..words {
                let step = state.0[w] & (exact.0[w] | self.any.0[w]);
                next.0[w] = (step << 1) | carry | (state.0[w] & self.stars.0[w]);
                carry = step >> 63;
                alive |= next.0[w];
            }
            if alive == 0 {
                return false;
            }
            self.close(&mut next);
            std::mem::swap(&mut state, &mut next);
        }
        state.get(self.len)
    }

    /// [`Glob::matches`] for a pattern of at most 63 items (nearly every pattern): the state is
    /// one word, and nothing is allocated.
    fn matches_in_one_word(&self, name: &str) -> bool {
        let (stars, any) = (self.stars.0[0], self.any.0[0]);
        let close = |state: u64| state | ((state & stars) << 1);
        let mut state = close(1);
        for c in name.chars() {
            let exact = match c {
                c if c.is_ascii() => self.ascii[c as usize].0[0],
                c => self.other.iter().find(|(o, _)| *o == c).map_or(0, |(_, bits)| bits.0[0]),
            };
            state = close(((state & (exact | any)) << 1) | (state & stars));
            if state == 0 {
                return false;
            }
        }
        state >> self.len & 1 == 1
    }

    /// A star matches nothing too: from its place, the next item is reached at once.
    fn close(&self, state: &mut Bits) {
        let mut carry = 0;
        for w in 0..state.0.len() {
            let skip = state.0[w] & self.stars.0[w];
            state.0[w] |= (skip << 1) | carry;
            carry = skip >> 63;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Glob;

    /// The plain recursive reading of a glob, for comparison.
    fn oracle(pattern: &[char], name: &[char]) -> bool {
        match pattern.split_first() {
            None => name.is_empty(),
            Some(('*', rest)) => (0..=name.len()).any(|i| oracle(rest, &name[i..])),
            Some((&p, rest)) => name.split_first().is_some_and(|(&c, tail)| (p == '?' || p == c) && oracle(rest, tail)),
        }
    }

    #[test]
    fn agrees_with_the_plain_reading_on_every_small_case() {
        let alphabet = ['a', 'b', 'é', '*', '?'];
        let mut patterns = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                patterns.iter().flat_map(|p| alphabet.iter().map(move |c| format!("{p}{c}"))).collect();
            patterns.extend(longer);
        }
        let names: Vec<String> = patterns.iter().filter(|p| !p.contains(['*', '?'])).cloned().collect();
        for pattern in &patterns {
            let glob = Glob::new(pattern);
            let p: Vec<char> = pattern.chars().collect();
            for name in &names {
                let n: Vec<char> = name.chars().collect();
                assert_eq!(glob.matches(name), oracle(&p, &n), "{pattern:?} against {name:?}");
            }
        }
    }

    #[test]
    fn patterns_wider_than_one_word_carry_between_words() {
        let pattern = format!("{}*{}?", "a".repeat(70), "b".repeat(70));
        let glob = Glob::new(&pattern);
        assert!(glob.matches(&format!("{}xyz{}c", "a".repeat(70), "b".repeat(70))));
        assert!(!glob.matches(&format!("{}xyz{}", "a".repeat(70), "b".repeat(70))));
        assert!(!glob.matches(&format!("{}xyz{}c", "a".repeat(69), "b".repeat(70))));
    }
}
