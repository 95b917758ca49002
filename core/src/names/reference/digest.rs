//! Content digests: `algorithm:hex`, sha256 and sha512.

use super::*;
use crate::error::Shown;

/// A content digest, `algorithm:hex`, checked against the algorithms this library supports:
/// sha256 (64 hex digits) and sha512 (128), lower-case as the OCI image spec requires.
///
/// distribution/reference's own tests register sha256 alone and so call sha512 unsupported;
/// OCI registers both, and so does this library.
///
/// # Example
/// ```
/// use imagecurator::{Digest, ErrorCode};
///
/// let d = Digest::parse(&format!("sha256:{}", "ab".repeat(32)))?;
/// assert_eq!(d.algorithm(), "sha256");
/// assert_eq!(d.hex().len(), 64);
/// assert_eq!(Digest::parse("md5:0123456789abcdef0123456789abcdef").unwrap_err().code(),
///            ErrorCode::UnsupportedDigestAlgorithm);
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest {
    text: Box<str>,
    colon: usize,
}

impl Digest {
    /// Parses a digest.
    ///
    /// # Errors
    /// `invalid_digest` when the text is not `algorithm:hex` or the hex has the wrong length or
    /// case; `unsupported_digest_algorithm` for an algorithm other than sha256 and sha512.
    ///
    /// # Example
    /// ```
    /// assert!(imagecurator::Digest::parse("sha256:abc").is_err());
    /// ```
    pub fn parse(input: &str) -> Result<Digest, Error> {
        let colon = Digest::check(input).map_err(|e| e.standalone(input))?;
        Ok(Digest { text: input.into(), colon })
    }

    /// The algorithm: `sha256` or `sha512`.
    ///
    /// # Example
    /// ```
    /// let d = imagecurator::Digest::parse(&format!("sha512:{}", "0".repeat(128)))?;
    /// assert_eq!(d.algorithm(), "sha512");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn algorithm(&self) -> &str {
        &self.text[..self.colon]
    }

    /// The hex-encoded hash.
    ///
    /// # Example
    /// ```
    /// let d = imagecurator::Digest::parse(&format!("sha256:{}", "0".repeat(64)))?;
    /// assert_eq!(d.hex(), "0".repeat(64));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn hex(&self) -> &str {
        &self.text[self.colon + 1..]
    }

    /// The whole digest text.
    ///
    /// # Example
    /// ```
    /// let text = format!("sha256:{}", "0".repeat(64));
    /// assert_eq!(imagecurator::Digest::parse(&text)?.as_str(), text);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Checks digest text, returning the offset of its colon.
    pub(super) fn check(text: &str) -> Result<usize, DigestProblem> {
        // Nearly every digest is a well-formed sha256 or sha512: accept those in one pass with no
        // early exit, which the compiler turns into a few wide compares. Anything else takes
        // the slower path below, which also says what is wrong.
        let (algorithm, hex) = text.as_bytes().split_at(text.len().min(7));
        let expected = match algorithm {
            b"sha256:" => 64,
            b"sha512:" => 128,
            _ => 0,
        };
        if hex.len() == expected && expected > 0 && all_lower_hex(hex) {
            return Ok(6);
        }
        Digest::check_slowly(text)
    }

    pub(super) fn check_slowly(text: &str) -> Result<usize, DigestProblem> {
        let Some(colon) = text.find(':') else { return Err(DigestProblem::Format) };
        let (algorithm, hex) = (&text[..colon], &text[colon + 1..]);
        if !is_digest_algorithm(algorithm) || hex.len() < 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(DigestProblem::Format);
        }
        let expected = match algorithm {
            "sha256" => 64,
            "sha512" => 128,
            _ => return Err(DigestProblem::Unsupported),
        };
        if hex.len() != expected {
            return Err(DigestProblem::Length { expected, found: hex.len() });
        }
        if hex.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(DigestProblem::Uppercase);
        }
        Ok(colon)
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Digest {
    type Err = Error;
    fn from_str(s: &str) -> Result<Digest, Error> {
        Digest::parse(s)
    }
}

pub(super) enum DigestProblem {
    Format,
    Unsupported,
    Length { expected: usize, found: usize },
    Uppercase,
}

impl DigestProblem {
    fn message(&self) -> (ErrorCode, String) {
        match self {
            DigestProblem::Format => {
                (ErrorCode::InvalidDigest, "must be `algorithm:hex` with at least 32 hex digits".to_owned())
            }
            DigestProblem::Unsupported => (
                ErrorCode::UnsupportedDigestAlgorithm,
                "uses an unsupported algorithm; sha256 and sha512 are supported".to_owned(),
            ),
            DigestProblem::Length { expected, found } => {
                (ErrorCode::InvalidDigest, format!("must have {expected} hex digits, found {found}"))
            }
            DigestProblem::Uppercase => (ErrorCode::InvalidDigest, "must be lower-case hex".to_owned()),
        }
    }

    #[cold]
    pub(super) fn in_reference(self, input: &str) -> Error {
        let (code, rule) = self.message();
        let offset = input.find('@').map_or(0, |i| i + 1);
        Error::at(code, offset, format!("digest of image reference `{input}` {rule}", input = Shown(input)))
    }

    #[cold]
    fn standalone(self, input: &str) -> Error {
        let (code, rule) = self.message();
        Error::at(code, 0, format!("digest `{input}` {rule}", input = Shown(input)))
    }
}

/// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*`
fn is_digest_algorithm(text: &str) -> bool {
    !text.is_empty()
        && text.split(['-', '_', '+', '.']).all(|part| {
            let mut bytes = part.bytes();
            matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic()) && bytes.all(|b| b.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::Digest;

    /// The one-pass check for well-formed sha256 and sha512 digests accepts exactly what the
    /// full check accepts, and leaves every other digest to it (which says what is wrong).
    #[test]
    fn fast_digest_check_agrees_with_the_full_one() {
        let hex = |n: usize, c: char| c.to_string().repeat(n);
        let texts = [
            format!("sha256:{}", hex(64, 'a')),
            format!("sha256:{}", hex(64, '9')),
            format!("sha512:{}", hex(128, 'f')),
            format!("sha256:{}", hex(64, 'A')),
            format!("sha256:{}", hex(64, 'g')),
            format!("sha256:{}", hex(63, 'a')),
            format!("sha256:{}", hex(128, 'a')),
            format!("sha512:{}", hex(64, 'a')),
            format!("sha384:{}", hex(96, 'a')),
            format!("SHA256:{}", hex(64, 'a')),
            "sha256:".to_owned(),
            "sha256".to_owned(),
            String::new(),
        ];
        for text in &texts {
            let (fast, full) = (Digest::check(text), Digest::check_slowly(text));
            assert_eq!(fast.is_ok(), full.is_ok(), "{text}");
            if let (Ok(a), Ok(b)) = (&fast, &full) {
                assert_eq!(a, b, "{text}");
            }
            if let (Err(a), Err(b)) = (fast, full) {
                assert_eq!(a.message(), b.message(), "{text}");
            }
        }
    }
}
