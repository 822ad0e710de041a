//! `kbgen serve` over real HTTP, with files changed the way editors change them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::support::TestSite;

/// A running `kbgen serve`, stopped when dropped.
struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    origin: String,
    /// Lines the server printed after it started.
    log: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(["serve", "--port", "0"])
        .args(extra)
        .current_dir(site.path())
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start kbgen serve: {e}"));
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    let (sender, log) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        if let Ok(line) = log.recv_timeout(Duration::from_millis(200)) {
            if let Some(rest) = line.strip_prefix("serving on http://") {
                let host = rest.split('/').next().unwrap_or_default().to_owned();
                return Server {
                    child,
                    origin: format!("http://{host}"),
                    log,
                };
            }
            seen.push(line);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("kbgen serve did not start: {seen:?}");
}

/// (status, content type, body) of a GET, sent byte for byte as given.
fn raw_get(origin: &str, target: &str) -> (u16, String, String) {
    let host = origin.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).unwrap_or_else(|e| panic!("connect: {e}"));
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let request = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .unwrap_or_else(|e| panic!("write: {e}"));
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let content_type = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("content-type: ")
                .or_else(|| l.strip_prefix("Content-Type: "))
        })
        .unwrap_or_default()
        .to_owned();
    (status, content_type, body.to_owned())
}

/// Waits until `path` serves a body containing `needle`.
#[track_caller]
fn wait_for(server: &Server, path: &str, needle: &str) -> Duration {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        let (_, _, body) = raw_get(&server.origin, path);
        if body.contains(needle) {
            return started.elapsed();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{path} never showed `{needle}`");
}

/// The live-reload event stream: each state message's JSON, as it arrives.
fn events(server: &Server) -> Receiver<serde_json::Value> {
    let host = server.origin.trim_start_matches("http://").to_owned();
    let (sender, received) = channel();
    std::thread::spawn(move || {
        let Ok(mut stream) = TcpStream::connect(&host) else {
            return;
        };
        let request = format!(
            "GET /__kbgen/events HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
        );
        if stream.write_all(request.as_bytes()).is_err() {
            return;
        }
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(data) = line.strip_prefix("data: ") {
                if let Ok(value) = serde_json::from_str(data) {
                    if sender.send(value).is_err() {
                        return;
                    }
                }
            }
        }
    });
    received
}

#[track_caller]
fn next_state(events: &Receiver<serde_json::Value>) -> serde_json::Value {
    events
        .recv_timeout(Duration::from_secs(10))
        .unwrap_or_else(|_| panic!("no live-reload event within 10 s"))
}

fn article(title: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\n---\n# {title}\n\n{body}\n")
}

fn basic_site() -> TestSite {
    TestSite::new()
        .file("content/index.md", "# Home\n\n[Q](q.md)\n")
        .file("content/q.md", &article("Q?", "Version one."))
        .file("content/img/pic.png", "not really a png")
}

#[test]
fn serves_pages_files_and_the_404_page() {
    let site = basic_site();
    let server = start(&site, &[]);
    let (status, content_type, body) = raw_get(&server.origin, "/q/");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/html; charset=utf-8")
    );
    assert!(body.contains("Version one.") && body.contains("/__kbgen/live.js"));
    assert_eq!(
        raw_get(&server.origin, "/assets/kbgen.css").1,
        "text/css; charset=utf-8"
    );
    assert_eq!(raw_get(&server.origin, "/img/pic.png").1, "image/png");
    let (status, _, body) = raw_get(&server.origin, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's own 404 page");
    assert_eq!(raw_get(&server.origin, "/q").0, 301);
    assert!(
        !site.exists("public"),
        "serve never writes the output folder"
    );
}

#[test]
fn base_url_path_is_honoured() {
    let site = basic_site().file(
        "site.toml",
        "title = \"KB\"\nbase_url = \"https://x.org/kb/\"\n",
    );
    let server = start(&site, &[]);
    assert_eq!(raw_get(&server.origin, "/kb/q/").0, 200);
    assert_eq!(raw_get(&server.origin, "/").0, 301);
    assert_eq!(raw_get(&server.origin, "/q/").0, 404);
    assert!(
        raw_get(&server.origin, "/kb/")
            .2
            .contains("href=\"/kb/q/\"")
    );
}

#[test]
fn nothing_outside_the_site_is_served() {
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET").unwrap_or_else(|e| panic!("{e}"));
    let site = basic_site();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, site.path().join("content/leak.txt"))
            .unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink(outside.path(), site.path().join("content/leakdir"))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(site.path().join("static")).unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink(&secret, site.path().join("static/p.txt"))
            .unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink(outside.path(), site.path().join("static/keys"))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let server = start(&site, &[]);
    for target in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/%2fetc%2fpasswd",
        "//etc/passwd",
        "/img/..%5c..%5csite.toml",
        "/leak.txt",
        "/leakdir/secret.txt",
        "/p.txt",
        "/keys/secret.txt",
        "/../site.toml",
    ] {
        let (status, _, body) = raw_get(&server.origin, target);
        assert!(matches!(status, 400 | 403 | 404), "{target}: {status}");
        assert!(
            !body.contains("root:") && !body.contains("TOP-SECRET") && !body.contains("title ="),
            "{target}"
        );
    }
}

#[test]
fn edits_the_way_editors_make_them_reload_the_page() {
    let site = basic_site();
    let server = start(&site, &[]);
    let events = events(&server);
    let first = next_state(&events);
    let mut generation = first["generation"].as_u64().unwrap_or(0);
    let mut expect_reload = |label: &str| {
        let state = next_state(&events);
        assert!(state["error"].is_null(), "{label}: {state}");
        let next = state["generation"].as_u64().unwrap_or(0);
        assert!(next > generation, "{label}: a new build");
        generation = next;
    };
    let path = site.path().join("content/q.md");

    // In place.
    std::fs::write(&path, article("Q?", "Version two.")).unwrap_or_else(|e| panic!("{e}"));
    expect_reload("in-place write");
    wait_for(&server, "/q/", "Version two.");

    // A temporary file renamed over the original (vim, VS Code, most editors).
    let temp = site.path().join("content/.q.md.tmp123");
    std::fs::write(&temp, article("Q?", "Version three.")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::rename(&temp, &path).unwrap_or_else(|e| panic!("{e}"));
    expect_reload("temp + rename");
    wait_for(&server, "/q/", "Version three.");

    // Deleted, then created again.
    std::fs::remove_file(&path).unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(Duration::from_millis(30));
    std::fs::write(&path, article("Q?", "Version four.")).unwrap_or_else(|e| panic!("{e}"));
    wait_for(&server, "/q/", "Version four.");

    // A new folder with a new page.
    std::fs::create_dir_all(site.path().join("content/new/deeper"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        site.path().join("content/new/deeper/n.md"),
        article("N?", "Brand new."),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    wait_for(&server, "/new/deeper/n/", "Brand new.");

    // A burst of 50 writes becomes a few rebuilds, and the last one wins.
    while events.recv_timeout(Duration::from_millis(300)).is_ok() {}
    let burst_started = Instant::now();
    for i in 0..50 {
        std::fs::write(&path, article("Q?", &format!("Burst {i}.")))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let took = wait_for(&server, "/q/", "Burst 49.");
    assert!(
        burst_started.elapsed() < Duration::from_secs(10),
        "{took:?}"
    );
    std::thread::sleep(Duration::from_millis(500));
    let rebuilds = std::iter::from_fn(|| events.try_recv().ok()).count();
    assert!(
        rebuilds < 10,
        "a burst is debounced, not {rebuilds} rebuilds"
    );

    // Scratch files alone do not rebuild.
    std::fs::write(site.path().join("content/.q.md.swp"), "swap").unwrap_or_else(|e| panic!("{e}"));
    assert!(
        events.recv_timeout(Duration::from_millis(600)).is_err(),
        "a swap file is not a change"
    );
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site_and_reports_the_error() {
    let site = basic_site();
    let server = start(&site, &[]);
    let events = events(&server);
    let good = next_state(&events)["generation"].as_u64().unwrap_or(0);
    let path = site.path().join("content/q.md");
    std::fs::write(&path, "---\ntitle: [broken\n---\n# Q?\n\nBroken version.\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let state = next_state(&events);
    let error = state["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("content/q.md:2:8"),
        "file and line in the overlay: {error}"
    );
    assert_eq!(
        state["generation"].as_u64(),
        Some(good),
        "no new generation"
    );
    let (status, _, body) = raw_get(&server.origin, "/q/");
    assert_eq!(status, 200);
    assert!(body.contains("Version one."), "still the last good page");
    let printed: Vec<String> =
        std::iter::from_fn(|| server.log.recv_timeout(Duration::from_millis(300)).ok()).collect();
    assert!(
        printed.iter().any(|l| l.contains("content/q.md:2:8")),
        "{printed:?}"
    );
    std::fs::write(&path, article("Q?", "Fixed.")).unwrap_or_else(|e| panic!("{e}"));
    let state = next_state(&events);
    assert!(state["error"].is_null());
    assert!(state["generation"].as_u64() > Some(good));
    wait_for(&server, "/q/", "Fixed.");
}

#[test]
fn template_and_title_changes_reach_every_page_that_shows_them() {
    let site = basic_site().file(
        "content/other.md",
        &article("Other?", "Links to [Q](q.md)."),
    );
    let server = start(&site, &[]);
    wait_for(&server, "/other/", "Q?");
    // A new title shows in the other page's navigation and body link context.
    std::fs::write(
        site.path().join("content/q.md"),
        article("Renamed question?", "Version one."),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    wait_for(&server, "/other/", "Renamed question?");
    // A template override applies to unchanged pages too.
    std::fs::create_dir_all(site.path().join("templates")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        site.path().join("templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}<p>CUSTOM {{ page.title }}</p>{% endblock content %}",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    wait_for(&server, "/other/", "CUSTOM Other?");
}

/// Waits for a line of the server's log containing `needle`; the lines before it.
#[track_caller]
fn wait_for_log(server: &Server, needle: &str) -> Vec<String> {
    let mut seen = Vec::new();
    while let Ok(line) = server.log.recv_timeout(Duration::from_secs(10)) {
        if line.contains(needle) {
            return seen;
        }
        seen.push(line);
    }
    panic!("the server never printed `{needle}`: {seen:?}");
}

#[test]
fn an_edited_article_is_shown_before_the_full_rebuild() {
    let site = basic_site().file("content/other.md", &article("Other?", "Unrelated."));
    let server = start(&site, &[]);
    let events = events(&server);
    next_state(&events);
    let path = site.path().join("content/q.md");

    std::fs::write(&path, article("Q?", "A quick edit.")).unwrap_or_else(|e| panic!("{e}"));
    let preview = next_state(&events);
    assert_eq!(
        preview["changed"],
        serde_json::json!(["/q/"]),
        "only the edited page reloads: {preview}"
    );
    wait_for_log(&server, "updated q.md");
    assert!(raw_get(&server.origin, "/q/").2.contains("A quick edit."));
    let rebuilt = next_state(&events);
    assert!(
        rebuilt["generation"].as_u64() > preview["generation"].as_u64(),
        "the full rebuild follows: {rebuilt}"
    );
    let changed = rebuilt["changed"].as_array().cloned().unwrap_or_default();
    assert!(
        !changed.contains(&serde_json::json!("/other/")),
        "pages the edit did not touch do not reload: {rebuilt}"
    );
    wait_for_log(&server, "built ");

    // A new question changes the navigation of every page: no preview, and
    // every page that shows it reloads.
    std::fs::write(&path, article("Q renamed?", "A quick edit.")).unwrap_or_else(|e| panic!("{e}"));
    let state = next_state(&events);
    let changed = state["changed"].as_array().cloned().unwrap_or_default();
    assert!(
        changed.contains(&serde_json::json!("/other/"))
            && changed.contains(&serde_json::json!("/q/")),
        "{state}"
    );
    let before = wait_for_log(&server, "built ");
    assert!(!before.iter().any(|l| l.contains("updated")), "{before:?}");
    wait_for(&server, "/other/", "Q renamed?");
}

/// The status of a request sent byte for byte as given.
fn raw_status(origin: &str, request: &str) -> (u16, String) {
    let host = origin.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).unwrap_or_else(|e| panic!("connect: {e}"));
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
    stream
        .write_all(request.replace("{host}", host).as_bytes())
        .unwrap_or_else(|e| panic!("write: {e}"));
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[test]
fn only_get_and_head_from_known_hosts_are_answered() {
    let site = basic_site();
    let server = start(&site, &["--allow-host", "kb.test"]);
    let ask = |request: &str| raw_status(&server.origin, request).0;
    let get = |host: &str| {
        ask(&format!(
            "GET /q/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
    };
    assert_eq!(get("{host}"), 200);
    assert_eq!(get("localhost:1111"), 200);
    assert_eq!(get("kb.test:1111"), 200);
    assert_eq!(get("attacker.example"), 403, "a rebound name is refused");
    assert_eq!(get("localhost.attacker.example:80"), 403);
    let head = raw_status(
        &server.origin,
        "HEAD /q/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.0, 200);
    assert!(!head.1.contains("Version one."), "HEAD has no body");
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "TRACE", "BREW"] {
        let (status, text) = raw_status(
            &server.origin,
            &format!(
                "{method} /q/ HTTP/1.1\r\nHost: {{host}}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            ),
        );
        assert_eq!(status, 405, "{method}");
        assert!(
            text.to_ascii_lowercase().contains("allow: get, head"),
            "{text}"
        );
    }
}

#[test]
fn ranges_of_files_are_answered() {
    let site = basic_site();
    let server = start(&site, &[]);
    let request = |range: &str| {
        raw_status(
            &server.origin,
            &format!(
                "GET /img/pic.png HTTP/1.1\r\nHost: {{host}}\r\nRange: {range}\r\nConnection: close\r\n\r\n"
            ),
        )
    };
    let (status, text) = request("bytes=4-9");
    assert_eq!(status, 206);
    assert!(
        text.to_ascii_lowercase()
            .contains("content-range: bytes 4-9/16"),
        "{text}"
    );
    assert!(text.ends_with("really"), "{text}");
    assert_eq!(request("bytes=99-").0, 416);
    assert_eq!(
        request("bytes=0-1,3-4").0,
        200,
        "several ranges: the whole file"
    );
}

#[test]
fn a_client_that_never_finishes_its_request_is_dropped() {
    let site = basic_site();
    let server = start(&site, &[]);
    let host = server.origin.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).unwrap();
    stream.write_all(b"GET /q/ HTTP/1.1\r\nHost: x").unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let started = Instant::now();
    let mut buffer = Vec::new();
    let _ = stream.read_to_end(&mut buffer);
    let waited = started.elapsed();
    assert!(
        waited < Duration::from_secs(25),
        "the connection was kept {waited:?}"
    );
}

#[test]
fn a_content_folder_deleted_and_made_again_is_still_watched() {
    let site = basic_site();
    let server = start(&site, &[]);
    wait_for(&server, "/q/", "Version one.");
    // What `git checkout` of another branch does: the folder goes, a new one comes.
    let content = site.path().join("content");
    let old = site.path().join("content-old");
    std::fs::rename(&content, &old).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    std::fs::create_dir_all(content.join("img")).unwrap();
    std::fs::write(content.join("index.md"), "# Home\n\n[Q](q.md)\n").unwrap();
    std::fs::write(content.join("q.md"), article("Q?", "Other branch.")).unwrap();
    wait_for(&server, "/q/", "Other branch.");
    // Later edits inside the new folder are seen too.
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(content.join("q.md"), article("Q?", "Edited after.")).unwrap();
    wait_for(&server, "/q/", "Edited after.");
    // And templates/, deleted and made again.
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    std::fs::remove_dir_all(site.path().join("templates")).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(
        site.path().join("templates/404.html"),
        "<!DOCTYPE html><title>x</title><p>Custom missing page</p>",
    )
    .unwrap();
    wait_for(&server, "/nowhere/", "Custom missing page");
}

#[test]
fn a_moved_content_folder_and_base_path_are_followed() {
    let site = basic_site()
        .file("docs/index.md", "# Docs home\n\n[Q](q.md)\n")
        .file("docs/q.md", &article("Q?", "From docs."));
    let server = start(&site, &[]);
    wait_for(&server, "/q/", "Version one.");
    std::fs::write(
        site.path().join("site.toml"),
        "title = \"Test KB\"\nbase_url = \"https://example.org/kb/\"\ncontent_dir = \"docs\"\n",
    )
    .unwrap();
    wait_for(&server, "/kb/q/", "From docs.");
    let (_, _, page) = raw_get(&server.origin, "/kb/q/");
    assert!(
        page.contains("/kb/assets/"),
        "styles under the new base path"
    );
    let (status, _, _) = raw_get(&server.origin, "/kb/assets/kbgen.css");
    assert_eq!(status, 200);
    // Edits in the new content folder are watched.
    std::fs::write(site.path().join("docs/q.md"), article("Q?", "Docs edited.")).unwrap();
    wait_for(&server, "/kb/q/", "Docs edited.");
}

#[test]
fn an_image_change_reloads_the_pages() {
    let site = basic_site();
    let server = start(&site, &[]);
    let events = events(&server);
    let first = next_state(&events);
    std::fs::write(site.path().join("content/img/pic.png"), "another picture").unwrap();
    let state = next_state(&events);
    assert!(
        state["generation"].as_u64() > first["generation"].as_u64(),
        "{state}"
    );
    assert!(state["changed"].is_null(), "every page reloads: {state}");
}

#[test]
fn a_broken_link_is_a_warning_and_every_page_is_served() {
    let site = basic_site().file(
        "content/q.md",
        &article("Q?", "## See also\n\n* [Not written yet?](later.md)\n"),
    );
    let server = start(&site, &[]);
    let events = events(&server);
    let state = next_state(&events);
    assert!(state["error"].is_null(), "{state}");
    assert!(
        state["warnings"]
            .as_str()
            .is_some_and(|w| w.contains("later.md")),
        "{state}"
    );
    for path in ["/", "/q/"] {
        let (status, _, _) = raw_get(&server.origin, path);
        assert_eq!(status, 200, "{path}");
    }
}

#[test]
fn a_busy_default_port_moves_to_the_next_and_a_chosen_one_is_an_error() {
    use std::net::TcpListener;
    let site = basic_site();
    // Hold the default port (or find it already held).
    let _held = TcpListener::bind("127.0.0.1:1111");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .arg("serve")
        .current_dir(site.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines().map_while(Result::ok);
    let moved = lines
        .by_ref()
        .take(20)
        .find(|l| l.starts_with("port 1111 is in use"));
    let serving = lines.take(20).find(|l| l.starts_with("serving on"));
    let _ = child.kill();
    let _ = child.wait();
    assert!(moved.is_some(), "the busy port is named");
    assert!(
        serving.is_some_and(|l| !l.contains(":1111/")),
        "served on another port"
    );
    let held = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", "--port", &port]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{}",
        run.stderr
    );
}

#[test]
fn an_mkdocs_project_follows_edits_to_mkdocs_yml_and_pages_files() {
    let site = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: Before\nplugins:\n  - awesome-pages\n",
        )
        .file("docs/index.md", "# Home\n")
        .file("docs/guide/a.md", "# Page A\n");
    let server = start(&site, &[]);
    wait_for(&server, "/guide/a/", "Page A");
    std::fs::write(
        site.path().join("docs/guide/.pages"),
        "title: Renamed group\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    wait_for(&server, "/guide/a/", "Renamed group");
    std::fs::write(
        site.path().join("mkdocs.yml"),
        "site_name: After\nplugins:\n  - awesome-pages\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    wait_for(&server, "/guide/a/", "After");
}

#[test]
fn an_included_snippet_changed_rebuilds_the_pages_that_include_it() {
    let site = basic_site()
        .file(
            "site.toml",
            &format!(
                "{}\n[markdown]\nsnippets = true\n",
                crate::support::SITE_TOML
            ),
        )
        .file(
            "content/q.md",
            &article("Q?", "--8<-- \"includes/part.md\""),
        )
        .file("includes/part.md", "First words.\n");
    let server = start(&site, &[]);
    wait_for(&server, "/q/", "First words.");
    std::fs::write(site.path().join("includes/part.md"), "Second words.\n").unwrap();
    wait_for(&server, "/q/", "Second words.");
}
