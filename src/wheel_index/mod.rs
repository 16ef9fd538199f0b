//! The bundled wheel index: for each final release of ~460 packages web apps
//! pin, its requires-python and the CPython minors it ships manylinux wheels
//! for. Built by `tools/wheel-index/generate.py` from the package index's JSON
//! simple API; the format is described there. Decoded lazily: the first
//! lookup maps names to their records, a lookup decodes one package.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::OnceLock;

use uv_pep440::{Version, VersionSpecifiers};

pub mod online;

const MAGIC: &[u8] = b"PLWHEEL1";
static BUNDLED: &[u8] = include_bytes!("wheels.bin");
/// The snapshot date, for `paaslint --version` (a test checks it matches the index).
pub const SNAPSHOT_DATE: &str = include_str!("SNAPSHOT");

/// CPU architecture of the platform's machines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arch {
    X86_64,
    Aarch64,
}

/// One release of one package, as the index records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release<'a> {
    pub version: &'a str,
    pub requires_python: Option<&'a str>,
    /// Bit N: a `cp3N` manylinux x86_64 wheel.
    pub x86_64: u16,
    pub aarch64: u16,
    /// Lowest minor of an abi3 wheel, per architecture.
    pub abi3_x86_64: Option<u8>,
    pub abi3_aarch64: Option<u8>,
    /// A `py3-none-any` wheel.
    pub pure: bool,
    pub sdist: bool,
    /// Every file of the release is yanked.
    pub yanked: bool,
}

impl Release<'_> {
    /// Whether pip finds a wheel for CPython 3.`minor` on `arch`.
    pub fn has_wheel(&self, minor: u8, arch: Arch) -> bool {
        let (bits, abi3) = match arch {
            Arch::X86_64 => (self.x86_64, self.abi3_x86_64),
            Arch::Aarch64 => (self.aarch64, self.abi3_aarch64),
        };
        self.pure
            || (minor < 16 && bits & (1 << minor) != 0)
            || abi3.is_some_and(|lowest| lowest <= minor)
    }

    /// Whether it ships compiled wheels at all (for some other Python).
    pub fn is_compiled(&self) -> bool {
        self.x86_64 != 0 || self.aarch64 != 0 || self.abi3_x86_64.is_some()
    }

    /// Whether its requires-python admits CPython 3.`minor` (true when it has none
    /// or it does not parse: pip then does not filter on it either).
    pub fn admits(&self, minor: u8) -> bool {
        let Some(spec) = self.requires_python else {
            return true;
        };
        let Ok(specifiers) = VersionSpecifiers::from_str(spec) else {
            return true;
        };
        // pip compares the full interpreter version; x.y.0 stands for the minor.
        specifiers.contains(&Version::new([3, u64::from(minor), 0]))
    }

    /// The newest minor it has a wheel for on `arch`, if any.
    pub fn newest_wheel_minor(&self, arch: Arch) -> Option<u8> {
        let bits = match arch {
            Arch::X86_64 => self.x86_64,
            Arch::Aarch64 => self.aarch64,
        };
        (0..16u8).rev().find(|m| bits & (1 << m) != 0)
    }

    pub fn parsed_version(&self) -> Option<Version> {
        Version::from_str(self.version).ok()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexError {
    BadMagic,
    Truncated,
    BadUtf8,
}

/// The index, with each package's record located but not decoded.
#[derive(Debug)]
pub struct WheelIndex<'a> {
    date: &'a str,
    requires: Vec<&'a str>,
    packages: HashMap<&'a str, &'a [u8]>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn varint(&mut self) -> Result<u64, IndexError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.pos).ok_or(IndexError::Truncated)?;
            self.pos += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(IndexError::Truncated)
    }

    fn take(&mut self, len: u64) -> Result<&'a [u8], IndexError> {
        let len = usize::try_from(len).map_err(|_| IndexError::Truncated)?;
        let end = self.pos.checked_add(len).ok_or(IndexError::Truncated)?;
        let slice = self.bytes.get(self.pos..end).ok_or(IndexError::Truncated)?;
        self.pos = end;
        Ok(slice)
    }

    fn string(&mut self) -> Result<&'a str, IndexError> {
        let len = self.varint()?;
        std::str::from_utf8(self.take(len)?).map_err(|_| IndexError::BadUtf8)
    }

    fn u8(&mut self) -> Result<u8, IndexError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, IndexError> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
}

impl<'a> WheelIndex<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<Self, IndexError> {
        if !bytes.starts_with(MAGIC) {
            return Err(IndexError::BadMagic);
        }
        let mut r = Reader {
            bytes,
            pos: MAGIC.len(),
        };
        let date = r.string()?;
        let count = r.varint()?;
        let mut requires = Vec::new();
        for _ in 0..count {
            requires.push(r.string()?);
        }
        let count = r.varint()?;
        let mut packages = HashMap::new();
        for _ in 0..count {
            let name = r.string()?;
            let len = r.varint()?;
            packages.insert(name, r.take(len)?);
        }
        Ok(WheelIndex {
            date,
            requires,
            packages,
        })
    }

    /// The index compiled into paaslint.
    pub fn bundled() -> Option<&'static WheelIndex<'static>> {
        static INDEX: OnceLock<Option<WheelIndex<'static>>> = OnceLock::new();
        INDEX
            .get_or_init(|| WheelIndex::parse(BUNDLED).ok())
            .as_ref()
    }

    pub fn date(&self) -> &'a str {
        self.date
    }

    pub fn package_count(&self) -> usize {
        self.packages.len()
    }

    pub fn covers(&self, normalized_name: &str) -> bool {
        self.packages.contains_key(normalized_name)
    }

    /// Every recorded release of a package (PEP 503-normalized name), oldest first.
    pub fn releases(&self, normalized_name: &str) -> Option<Vec<Release<'a>>> {
        let body = *self.packages.get(normalized_name)?;
        self.decode(body).ok()
    }

    /// The release equal to `version` (PEP 440 equality: `1.0` is `1.0.0`).
    pub fn release(&self, normalized_name: &str, version: &Version) -> Option<Release<'a>> {
        self.releases(normalized_name)?
            .into_iter()
            .find(|r| r.parsed_version().as_ref() == Some(version))
    }

    fn decode(&self, body: &'a [u8]) -> Result<Vec<Release<'a>>, IndexError> {
        let mut r = Reader {
            bytes: body,
            pos: 0,
        };
        let count = r.varint()?;
        let mut out = Vec::new();
        for _ in 0..count {
            let version = r.string()?;
            let requires = r.varint()?;
            let requires_python = match requires {
                0 => None,
                n => Some(
                    *usize::try_from(n - 1)
                        .ok()
                        .and_then(|i| self.requires.get(i))
                        .ok_or(IndexError::Truncated)?,
                ),
            };
            let x86_64 = r.u16()?;
            let aarch64 = r.u16()?;
            let abi3_x86_64 = r.u8()?.checked_sub(1);
            let abi3_aarch64 = r.u8()?.checked_sub(1);
            let flags = r.u8()?;
            out.push(Release {
                version,
                requires_python,
                x86_64,
                aarch64,
                abi3_x86_64,
                abi3_aarch64,
                pure: flags & 1 != 0,
                sdist: flags & 2 != 0,
                yanked: flags & 4 != 0,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::online::{string, varint};
    use super::*;

    /// A two-package index written the way generate.py writes it.
    fn sample() -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        string("2026-01-02", &mut out);
        varint(1, &mut out);
        string(">=3.8", &mut out);
        varint(2, &mut out);
        let mut body = Vec::new();
        varint(2, &mut body);
        string("1.0", &mut body);
        varint(0, &mut body);
        body.extend_from_slice(&(0b1110_0000_0000u16).to_le_bytes()); // 3.9-3.11
        body.extend_from_slice(&0u16.to_le_bytes());
        body.extend_from_slice(&[0, 0, 2]);
        string("2.0", &mut body);
        varint(1, &mut body);
        body.extend_from_slice(&0u16.to_le_bytes());
        body.extend_from_slice(&0u16.to_le_bytes());
        body.extend_from_slice(&[8, 0, 2]); // abi3 from 3.7 on x86_64
        string("compiled", &mut out);
        varint(body.len() as u64, &mut out);
        out.extend_from_slice(&body);
        let mut body = Vec::new();
        varint(1, &mut body);
        string("3.1", &mut body);
        varint(1, &mut body);
        body.extend_from_slice(&[0, 0, 0, 0, 0, 0, 1 | 4]);
        string("pure", &mut out);
        varint(body.len() as u64, &mut out);
        out.extend_from_slice(&body);
        out
    }

    #[test]
    fn reads_releases_and_answers_wheel_questions() {
        let bytes = sample();
        let index = WheelIndex::parse(&bytes).unwrap();
        assert_eq!(index.date(), "2026-01-02");
        assert_eq!(index.package_count(), 2);
        let old = index
            .release("compiled", &Version::from_str("1.0.0").unwrap())
            .unwrap();
        assert_eq!(old.version, "1.0");
        assert!(old.has_wheel(11, Arch::X86_64));
        assert!(!old.has_wheel(12, Arch::X86_64));
        assert!(!old.has_wheel(11, Arch::Aarch64));
        assert!(old.admits(14) && old.sdist && old.is_compiled());
        assert_eq!(old.newest_wheel_minor(Arch::X86_64), Some(11));
        let abi3 = index
            .release("compiled", &Version::from_str("2.0").unwrap())
            .unwrap();
        assert!(abi3.has_wheel(14, Arch::X86_64) && !abi3.has_wheel(6, Arch::X86_64));
        // abi3 from 3.7 includes 3.7 itself.
        assert!(abi3.has_wheel(7, Arch::X86_64));
        assert!(!abi3.has_wheel(14, Arch::Aarch64));
        assert!(abi3.admits(8) && !abi3.admits(7));
        let pure = &index.releases("pure").unwrap()[0];
        assert!(pure.pure && pure.yanked && !pure.sdist && pure.has_wheel(15, Arch::Aarch64));
        assert!(index.releases("absent").is_none());
        assert!(index
            .release("compiled", &Version::from_str("3.0").unwrap())
            .is_none());
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let bytes = sample();
        assert_eq!(
            WheelIndex::parse(b"nope").unwrap_err(),
            IndexError::BadMagic
        );
        for cut in MAGIC.len()..bytes.len() {
            // Every prefix either fails to parse or decodes without panicking.
            if let Ok(index) = WheelIndex::parse(&bytes[..cut]) {
                let _ = index.releases("compiled");
                let _ = index.releases("pure");
            }
        }
        let mut bad = bytes.clone();
        // A requires-python index past the table is an error, not a panic.
        let at = bad.len() - 7 - 1;
        bad[at] = 9;
        let index = WheelIndex::parse(&bad).unwrap();
        assert!(index.releases("pure").is_none());
    }

    #[test]
    fn bundled_index_is_readable_and_matches_its_snapshot_date() {
        let index = WheelIndex::bundled().expect("bundled index parses");
        assert_eq!(index.date(), SNAPSHOT_DATE);
        assert!(index.package_count() >= 400, "{}", index.package_count());
        for name in [
            "greenlet",
            "numpy",
            "psycopg2-binary",
            "pydantic-core",
            "django",
        ] {
            assert!(index.covers(name), "{name}");
        }
        // greenlet 1.1.3 (2022) ships cp35-cp311 manylinux wheels, 3.1.0 adds 3.13.
        let old = index
            .release("greenlet", &Version::from_str("1.1.3").unwrap())
            .unwrap();
        assert!(old.has_wheel(11, Arch::X86_64) && !old.has_wheel(13, Arch::X86_64));
        let new = index
            .release("greenlet", &Version::from_str("3.1.0").unwrap())
            .unwrap();
        assert!(new.has_wheel(13, Arch::X86_64));
        // Django 5.0 is pure Python and requires 3.10.
        let django = index
            .release("django", &Version::from_str("5.0").unwrap())
            .unwrap();
        assert!(django.pure && !django.admits(9) && django.admits(12));
    }
}
