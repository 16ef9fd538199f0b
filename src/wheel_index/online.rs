//! `--online`: asks the package index (PEP 691 JSON simple API) about
//! packages the bundled index does not cover, and turns the answers into the
//! same records, so the checks read both alike.
//!
//! The request goes through the `curl` program rather than an HTTP crate:
//! HTTPS would add a TLS stack (rustls and ring, or native-tls) to the crate
//! graph for an option few runs use, and curl already honours the machine's
//! proxies and CA certificates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use super::{WheelIndex, MAGIC};

const ACCEPT: &str = "Accept: application/vnd.pypi.simple.v1+json";
/// Answers younger than this are read from the cache.
const CACHE_TTL: Duration = Duration::from_secs(24 * 3600);

#[derive(Debug, Clone)]
pub struct OnlineOptions {
    /// The simple API's base URL, without the trailing slash.
    pub index_url: String,
    pub cache_dir: Option<PathBuf>,
    pub timeout: Duration,
}

impl OnlineOptions {
    /// The index pip or uv would use (`PIP_INDEX_URL`, `UV_INDEX_URL`,
    /// `UV_DEFAULT_INDEX`), else PyPI; the cache in the user's cache folder
    /// (`PAASLINT_CACHE_DIR` overrides it).
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let index_url = var("PIP_INDEX_URL")
            .or_else(|| var("UV_INDEX_URL"))
            .or_else(|| var("UV_DEFAULT_INDEX"))
            .unwrap_or_else(|| "https://pypi.org/simple".to_string());
        let cache_dir = var("PAASLINT_CACHE_DIR")
            .map(PathBuf::from)
            .or_else(user_cache_dir)
            .map(|d| {
                if var("PAASLINT_CACHE_DIR").is_some() {
                    d
                } else {
                    d.join("paaslint")
                }
            });
        OnlineOptions {
            index_url: index_url.trim().trim_end_matches('/').to_string(),
            cache_dir,
            timeout: Duration::from_secs(10),
        }
    }
}

/// The platform's cache folder: XDG_CACHE_HOME or ~/.cache, ~/Library/Caches, %LOCALAPPDATA%.
fn user_cache_dir() -> Option<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if cfg!(windows) {
        return var("LOCALAPPDATA");
    }
    let home = var("HOME");
    if cfg!(target_os = "macos") {
        return home.map(|h| h.join("Library").join("Caches"));
    }
    var("XDG_CACHE_HOME").or_else(|| home.map(|h| h.join(".cache")))
}

/// What an online lookup gives: an index of the packages found, and what went wrong.
#[derive(Debug, Default)]
pub struct OnlineAnswer {
    pub index: Option<WheelIndex<'static>>,
    pub found: usize,
    pub problems: Vec<String>,
}

/// Asks about each name (PEP 503-normalized); stops asking after the first
/// failure to reach the index, so an offline run costs one timeout.
pub fn lookup(names: &[String], options: &OnlineOptions) -> OnlineAnswer {
    let mut answer = OnlineAnswer::default();
    let mut packages: BTreeMap<String, Vec<ReleaseSummary>> = BTreeMap::new();
    let cache = options.cache_dir.as_ref().map(|d| {
        d.join("simple")
            .join(format!("{:016x}", fnv1a(options.index_url.as_bytes())))
    });
    for name in names {
        if !is_package_name(name) {
            continue;
        }
        let cached = cache.as_ref().map(|d| d.join(format!("{name}.json")));
        let body = match cached.as_deref().and_then(fresh_cache) {
            Some(body) => body,
            None => match fetch(name, options) {
                Ok(Some(body)) => {
                    if let Some(path) = &cached {
                        // A cache that cannot be written only costs a request next time.
                        let _ = write_cache(path, &body);
                    }
                    body
                }
                Ok(None) => continue,
                Err(problem) => {
                    answer.problems.push(problem);
                    break;
                }
            },
        };
        match summarize(name, &body) {
            Some(releases) if !releases.is_empty() => {
                packages.insert(name.clone(), releases);
            }
            Some(_) => {}
            None => answer.problems.push(format!(
                "{}/{name}/ did not answer with the JSON simple API (PEP 691)",
                options.index_url
            )),
        }
    }
    answer.found = packages.len();
    if !packages.is_empty() {
        let bytes: &'static [u8] = Box::leak(encode(&packages).into_boxed_slice());
        answer.index = WheelIndex::parse(bytes).ok();
    }
    answer
}

/// A PEP 503-normalized name, safe to put in a URL and a file name.
fn is_package_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn fresh_cache(path: &Path) -> Option<String> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let age = SystemTime::now()
        .duration_since(modified)
        .unwrap_or_default();
    (age < CACHE_TTL).then(|| std::fs::read_to_string(path).ok())?
}

fn write_cache(path: &Path, body: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, body)?;
    std::fs::rename(tmp, path)
}

/// The package's JSON page; `Ok(None)` when the index does not have it.
fn fetch(name: &str, options: &OnlineOptions) -> Result<Option<String>, String> {
    let url = format!("{}/{name}/", options.index_url);
    let output = Command::new("curl")
        .args(["--silent", "--show-error", "--location", "--max-time"])
        .arg(options.timeout.as_secs().max(1).to_string())
        .args(["--header", ACCEPT, "--write-out", "\n%{http_code}"])
        .arg(&url)
        .output()
        .map_err(|e| format!("--online needs the `curl` program to ask {url}: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let (body, status) = text.rsplit_once('\n').unwrap_or(("", ""));
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "cannot reach the package index at {}: {}",
            options.index_url,
            why.trim().trim_start_matches("curl: ")
        ));
    }
    match status.trim() {
        "200" => Ok(Some(body.to_string())),
        "404" => Ok(None),
        other => Err(format!("the package index answered HTTP {other} for {url}")),
    }
}

/// One release's files, summarized like tools/wheel-index/generate.py does.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct ReleaseSummary {
    version: String,
    requires: Option<String>,
    sdist_requires: Option<String>,
    wheel_requires: BTreeMap<String, usize>,
    x86_64: u16,
    aarch64: u16,
    abi3_x86_64: Option<u8>,
    abi3_aarch64: Option<u8>,
    pure: bool,
    sdist: bool,
    all_yanked: bool,
}

impl ReleaseSummary {
    fn requires_python(&self) -> Option<&str> {
        if self.sdist {
            return self.sdist_requires.as_deref();
        }
        // The value most wheels carry; ties go to the smallest, as generate.py does.
        self.wheel_requires
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(r, _)| r.as_str())
            .filter(|r| !r.is_empty())
    }

    fn add_wheel(&mut self, stem: &str) {
        let parts: Vec<&str> = stem.split('-').collect();
        let [.., py, abi, plat] = parts.as_slice() else {
            return;
        };
        for plat in plat.split('.') {
            let arches: &[&str] = if plat == "any" {
                &["x86_64", "aarch64"]
            } else if let Some(arch) = manylinux_arch(plat) {
                if arch == "x86_64" {
                    &["x86_64"]
                } else {
                    &["aarch64"]
                }
            } else {
                continue;
            };
            for py in py.split('.') {
                for abi in abi.split('.') {
                    self.add_tag(py, abi, plat, arches);
                }
            }
        }
    }

    fn add_tag(&mut self, py: &str, abi: &str, plat: &str, arches: &[&str]) {
        let py3 = py
            .strip_prefix("py3")
            .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit()));
        if plat == "any" && abi == "none" && py3 {
            self.pure = true;
            return;
        }
        let Some(minor) = py.strip_prefix("cp3").and_then(|m| m.parse::<u8>().ok()) else {
            return;
        };
        if minor > 15 {
            return;
        }
        if abi == "abi3" {
            for arch in arches {
                let slot = if *arch == "x86_64" {
                    &mut self.abi3_x86_64
                } else {
                    &mut self.abi3_aarch64
                };
                *slot = Some(slot.map_or(minor, |m| m.min(minor)));
            }
            return;
        }
        // cp3N, cp3Nm, cp3Nu, cp3Nd or none; free-threaded builds (cp313t) are not the default interpreter.
        let own = format!("cp3{minor}");
        let matches_interpreter = abi == "none"
            || abi
                .strip_prefix(&own)
                .is_some_and(|rest| rest.bytes().all(|b| matches!(b, b'm' | b'd' | b'u')));
        if !matches_interpreter {
            return;
        }
        for arch in arches {
            if *arch == "x86_64" {
                self.x86_64 |= 1 << minor;
            } else {
                self.aarch64 |= 1 << minor;
            }
        }
    }
}

/// `manylinux1_x86_64`, `manylinux2014_aarch64`, `manylinux_2_17_x86_64` → the architecture.
fn manylinux_arch(plat: &str) -> Option<&'static str> {
    let rest = plat.strip_prefix("manylinux")?;
    let (policy, arch) = if let Some(p) = rest.strip_suffix("_x86_64") {
        (p, "x86_64")
    } else if let Some(p) = rest.strip_suffix("_aarch64") {
        (p, "aarch64")
    } else {
        return None;
    };
    let ok = matches!(policy, "1" | "2010" | "2014")
        || policy.strip_prefix('_').is_some_and(|glibc| {
            let mut parts = glibc.split('_');
            let good = |p: Option<&str>| {
                p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            };
            good(parts.next()) && good(parts.next()) && parts.next().is_none()
        });
    ok.then_some(arch)
}

fn normalize(name: &str) -> String {
    let mut out = String::new();
    let mut sep = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
        } else {
            if sep && !out.is_empty() {
                out.push('-');
            }
            sep = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// A final release: digits and dots, an optional epoch and post-release.
fn is_final_release(version: &str) -> bool {
    let version = version.split_once('!').map_or(version, |(epoch, rest)| {
        if epoch.bytes().all(|b| b.is_ascii_digit()) {
            rest
        } else {
            "x"
        }
    });
    let version = match version.split_once(".post") {
        Some((base, post)) if !post.is_empty() && post.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => version,
    };
    !version.is_empty()
        && version
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The version part of a wheel or sdist file name.
fn file_version(filename: &str, name: &str) -> Option<(String, Option<String>)> {
    if let Some(stem) = filename.strip_suffix(".whl") {
        let parts: Vec<&str> = stem.split('-').collect();
        return (parts.len() >= 5).then(|| (parts[1].to_string(), Some(stem.to_string())));
    }
    for ext in [".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz"] {
        if let Some(stem) = filename.strip_suffix(ext) {
            let (project, version) = stem.rsplit_once('-')?;
            return (normalize(project) == name).then(|| (version.to_string(), None));
        }
    }
    None
}

/// Release summaries of a PEP 691 JSON page, in its PEP 700 `versions` order.
fn summarize(name: &str, body: &str) -> Option<Vec<ReleaseSummary>> {
    let page: serde_json::Value = serde_json::from_str(body).ok()?;
    let files = page.get("files")?.as_array()?;
    let mut releases: BTreeMap<String, ReleaseSummary> = BTreeMap::new();
    for file in files {
        let Some(filename) = file.get("filename").and_then(|f| f.as_str()) else {
            continue;
        };
        let Some((version, wheel_stem)) = file_version(filename, name) else {
            continue;
        };
        let requires = file
            .get("requires-python")
            .and_then(|r| r.as_str())
            .map(|r| r.trim().to_string());
        let yanked = file
            .get("yanked")
            .is_some_and(|y| y.as_bool().unwrap_or(true) || y.is_string());
        let release = releases
            .entry(version.clone())
            .or_insert_with(|| ReleaseSummary {
                version,
                all_yanked: true,
                ..Default::default()
            });
        if !yanked {
            release.all_yanked = false;
        }
        match wheel_stem {
            Some(stem) => {
                *release
                    .wheel_requires
                    .entry(requires.unwrap_or_default())
                    .or_default() += 1;
                release.add_wheel(&stem);
            }
            None => {
                release.sdist = true;
                release.sdist_requires = requires.filter(|r| !r.is_empty());
            }
        }
    }
    let versions: Vec<String> = match page.get("versions").and_then(|v| v.as_array()) {
        Some(list) => list
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        // PEP 700 is optional for an index: fall back to the files' versions.
        None => releases.keys().cloned().collect(),
    };
    Some(
        versions
            .iter()
            .filter(|v| is_final_release(v))
            .filter_map(|v| releases.get(v).cloned())
            .map(|mut r| {
                r.requires = r.requires_python().map(str::to_string);
                r
            })
            .collect(),
    )
}

pub(super) fn varint(mut n: u64, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

pub(super) fn string(s: &str, out: &mut Vec<u8>) {
    varint(s.len() as u64, out);
    out.extend_from_slice(s.as_bytes());
}

/// The bundled format (see generate.py), so one reader serves both.
fn encode(packages: &BTreeMap<String, Vec<ReleaseSummary>>) -> Vec<u8> {
    let mut strings: Vec<&str> = packages
        .values()
        .flatten()
        .filter_map(|r| r.requires.as_deref())
        .collect();
    strings.sort_unstable();
    strings.dedup();
    let mut out = MAGIC.to_vec();
    string("online", &mut out);
    varint(strings.len() as u64, &mut out);
    for s in &strings {
        string(s, &mut out);
    }
    varint(packages.len() as u64, &mut out);
    for (name, releases) in packages {
        let mut body = Vec::new();
        varint(releases.len() as u64, &mut body);
        for r in releases {
            string(&r.version, &mut body);
            let index = r
                .requires
                .as_deref()
                .and_then(|s| strings.binary_search(&s).ok())
                .map_or(0, |i| i as u64 + 1);
            varint(index, &mut body);
            body.extend_from_slice(&r.x86_64.to_le_bytes());
            body.extend_from_slice(&r.aarch64.to_le_bytes());
            body.push(r.abi3_x86_64.map_or(0, |m| m + 1));
            body.push(r.abi3_aarch64.map_or(0, |m| m + 1));
            body.push(u8::from(r.pure) | (u8::from(r.sdist) << 1) | (u8::from(r.all_yanked) << 2));
        }
        string(name, &mut out);
        varint(body.len() as u64, &mut out);
        out.extend_from_slice(&body);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wheel_index::Arch;
    use std::str::FromStr;
    use uv_pep440::Version;

    const PAGE: &str = r#"{
        "meta": {"api-version": "1.1"},
        "name": "demo-pkg",
        "versions": ["1.0", "1.1", "2.0rc1", "2.0"],
        "files": [
            {"filename": "demo_pkg-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "requires-python": ">=3.8", "yanked": false},
            {"filename": "demo_pkg-1.0-cp310-cp310-manylinux2014_aarch64.whl", "requires-python": ">=3.8", "yanked": false},
            {"filename": "demo_pkg-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl", "requires-python": ">=3.8", "yanked": false},
            {"filename": "demo_pkg-1.0-cp312-cp312-win_amd64.whl", "requires-python": ">=3.8", "yanked": false},
            {"filename": "Demo.Pkg-1.0.tar.gz", "requires-python": " >=3.8 ", "yanked": false},
            {"filename": "demo_pkg-1.1-cp39-abi3-manylinux_2_28_x86_64.whl", "requires-python": null, "yanked": "broken"},
            {"filename": "demo_pkg-2.0rc1-py3-none-any.whl", "requires-python": ">=3.12", "yanked": false},
            {"filename": "demo_pkg-2.0-py3-none-any.whl", "requires-python": ">=3.10", "yanked": false}
        ]
    }"#;

    #[test]
    fn summarizes_a_json_page_like_the_generator() {
        let releases = summarize("demo-pkg", PAGE).unwrap();
        let versions: Vec<&str> = releases.iter().map(|r| r.version.as_str()).collect();
        assert_eq!(versions, ["1.0", "1.1", "2.0"]);
        let mut packages = BTreeMap::new();
        packages.insert("demo-pkg".to_string(), releases);
        let bytes = encode(&packages);
        let index = WheelIndex::parse(&bytes).unwrap();
        let one = index
            .release("demo-pkg", &Version::from_str("1.0").unwrap())
            .unwrap();
        assert_eq!(one.requires_python, Some(">=3.8"));
        assert!(one.sdist && one.has_wheel(11, Arch::X86_64));
        // free-threaded and Windows wheels do not count; aarch64 is separate.
        assert!(!one.has_wheel(13, Arch::X86_64) && !one.has_wheel(12, Arch::X86_64));
        assert!(one.has_wheel(10, Arch::Aarch64) && !one.has_wheel(10, Arch::X86_64));
        let abi3 = index
            .release("demo-pkg", &Version::from_str("1.1").unwrap())
            .unwrap();
        assert!(abi3.yanked && abi3.has_wheel(14, Arch::X86_64) && !abi3.sdist);
        let pure = index
            .release("demo-pkg", &Version::from_str("2.0").unwrap())
            .unwrap();
        assert!(pure.pure && !pure.admits(9));
    }

    #[test]
    fn bad_pages_and_names() {
        assert!(summarize("x", "not json").is_none());
        assert!(summarize("x", "{}").is_none());
        assert_eq!(summarize("x", r#"{"files": []}"#), Some(vec![]));
        assert!(!is_package_name("../etc") && is_package_name("zope-interface"));
        assert_eq!(manylinux_arch("manylinux_2_17_x86_64"), Some("x86_64"));
        assert_eq!(manylinux_arch("musllinux_1_1_x86_64"), None);
        assert_eq!(manylinux_arch("manylinux_2_x86_64"), None);
        assert!(is_final_release("1.0.post1") && is_final_release("1!2.0"));
        assert!(!is_final_release("2.0rc1") && !is_final_release("1.0.dev0"));
    }
}
