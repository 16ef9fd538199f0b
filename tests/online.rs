//! `--online` against a package index this test serves on 127.0.0.1: never
//! the real one.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

use assert_cmd::Command;

/// A PEP 691 page: 1.0.0 has wheels for CPython 3.10 and 3.11 only; 1.1.0 adds 3.13.
const PAGE: &str = r#"{"meta": {"api-version": "1.1"}, "name": "paaslint-demo-speedups",
 "versions": ["1.0.0", "1.1.0"],
 "files": [
  {"filename": "paaslint_demo_speedups-1.0.0-cp310-cp310-manylinux_2_17_x86_64.whl", "requires-python": ">=3.9", "yanked": false},
  {"filename": "paaslint_demo_speedups-1.0.0-cp311-cp311-manylinux_2_17_x86_64.whl", "requires-python": ">=3.9", "yanked": false},
  {"filename": "paaslint_demo_speedups-1.0.0.tar.gz", "requires-python": ">=3.9", "yanked": false},
  {"filename": "paaslint_demo_speedups-1.1.0-cp313-cp313-manylinux_2_17_x86_64.whl", "requires-python": ">=3.9", "yanked": false}
 ]}"#;

/// Serves `PAGE` for /simple/paaslint-demo-speedups/ and 404 otherwise; records the paths asked.
fn serve() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/simple", listener.local_addr().expect("addr"));
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&asked);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // Read the headers to the blank line.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split_whitespace().nth(1).unwrap_or("").to_string();
            log.lock().expect("log").push(path.clone());
            let (status, body) = if path == "/simple/paaslint-demo-speedups/" {
                ("200 OK", PAGE)
            } else {
                ("404 Not Found", "{}")
            };
            let mut stream = &stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/vnd.pypi.simple.v1+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, asked)
}

fn lint(index_url: &str, cache: &Path, online: bool) -> (String, String) {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/online-package-outside-the-index");
    let mut cmd = Command::cargo_bin("paaslint").expect("binary");
    cmd.args(["lint", "--format", "concise"])
        .arg(&fixture)
        .env("PIP_INDEX_URL", index_url)
        .env_remove("UV_INDEX_URL")
        .env("PAASLINT_CACHE_DIR", cache);
    if online {
        cmd.arg("--online");
    }
    let out = cmd.output().expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn online_asks_the_index_for_packages_the_bundled_index_lacks() {
    let (url, asked) = serve();
    let cache = tempfile::tempdir().expect("tempdir");
    let (offline, _) = lint(&url, cache.path(), false);
    assert!(!offline.contains("PAAS123"), "{offline}");
    assert!(
        asked.lock().expect("log").is_empty(),
        "asked without --online"
    );

    let (stdout, stderr) = lint(&url, cache.path(), true);
    assert!(
        stdout.contains("PAAS123 paaslint-demo-speedups 1.0.0 has no wheel for CPython 3.13"),
        "{stdout}\n{stderr}"
    );
    // Bundled packages (flask, gunicorn) are not asked about.
    assert_eq!(
        *asked.lock().expect("log"),
        ["/simple/paaslint-demo-speedups/"]
    );

    // The second run reads the cache.
    let (again, _) = lint(&url, cache.path(), true);
    assert!(again.contains("PAAS123"), "{again}");
    assert_eq!(asked.lock().expect("log").len(), 1);
}

#[test]
fn online_says_clearly_when_the_index_cannot_be_reached() {
    // A port nothing listens on: bind one, then close it.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let cache = tempfile::tempdir().expect("tempdir");
    let (stdout, stderr) = lint(
        &format!("http://127.0.0.1:{port}/simple"),
        cache.path(),
        true,
    );
    assert!(
        stderr.contains("--online: cannot reach the package index"),
        "{stderr}"
    );
    assert!(!stdout.contains("PAAS123"), "{stdout}");
}
