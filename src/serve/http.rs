//! The HTTP side of `kbgen serve`: pages from the in-memory site, the
//! live-reload script and its event stream.
//!
//! Only what a preview needs is answered: GET and HEAD (405 otherwise),
//! for a Host that is an IP address, `localhost` or a name given with
//! `--allow-host` (403 otherwise: a page on another site whose name was
//! rebound to 127.0.0.1 cannot read the preview, drafts included), from
//! clients that send their request head within [`HEADER_TIMEOUT`].

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use percent_encoding::percent_decode_str;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::Shared;

const LIVE_SCRIPT_PATH: &str = "/__kbgen/live.js";
const EVENTS_PATH: &str = "/__kbgen/events";

/// How long a client may take to send a request's head.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves until the task is cancelled.
pub async fn serve(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    allow_hosts: &[String],
) -> std::io::Result<()> {
    let hosts: Arc<Vec<String>> =
        Arc::new(allow_hosts.iter().map(|h| h.to_ascii_lowercase()).collect());
    let app = Router::new()
        .route(LIVE_SCRIPT_PATH, get(live_script))
        .route(EVENTS_PATH, get(events))
        .fallback(page)
        .with_state(shared)
        .layer(axum::middleware::from_fn_with_state(hosts, guard));
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of file descriptors and the like: wait, then go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Refuses methods a preview has no use for, and hosts it does not know.
async fn guard(State(hosts): State<Arc<Vec<String>>>, request: Request, next: Next) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut response = status(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    if !host_allowed(host, &hosts) {
        return status(
            StatusCode::FORBIDDEN,
            "kbgen serve answers localhost, IP addresses and names given with --allow-host",
        );
    }
    next.run(request).await
}

/// Whether a request's Host names this server: an IP address (no name to
/// rebind), `localhost`, or an allowed name. A request without a Host
/// (HTTP/1.0) comes from no browser page.
fn host_allowed(host: Option<&str>, allowed: &[String]) -> bool {
    let Some(host) = host else { return true };
    let host = host.trim().to_ascii_lowercase();
    if host.starts_with('[') {
        // An IPv6 literal, `[::1]:1111`.
        return host
            .split(']')
            .next()
            .and_then(|h| h.strip_prefix('['))
            .is_some_and(|h| h.parse::<std::net::Ipv6Addr>().is_ok());
    }
    let name = host
        .rsplit_once(':')
        .map_or(host.as_str(), |(name, _)| name);
    let name = name.trim_end_matches('.');
    name.parse::<std::net::Ipv4Addr>().is_ok()
        || name == "localhost"
        || name.ends_with(".localhost")
        || allowed.iter().any(|a| a.trim_end_matches('.') == name)
}

async fn live_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_SCRIPT,
    )
        .into_response()
}

/// Server-sent events: the site's state now, then after every build.
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let updates = BroadcastStream::new(shared.changed.subscribe()).map(|_| ());
    let states = tokio_stream::once(()).chain(updates).map(move |()| {
        let snapshot = shared.snapshot();
        let data = serde_json::json!({
            "generation": snapshot.generation,
            "error": snapshot.error,
            "warnings": snapshot.warnings,
            "changed": snapshot.changed,
            "first": snapshot.tree.is_empty(),
        });
        Ok(Event::default().event("state").data(data.to_string()))
    });
    Sse::new(states).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// A page or file of the site, or its 404 page.
async fn page(State(shared): State<Arc<Shared>>, uri: Uri, headers: HeaderMap) -> Response {
    let snapshot = shared.snapshot();
    if snapshot.tree.is_empty() {
        // No build has succeeded yet: show why, and reload once one does.
        return failed_first_build(snapshot.error.as_deref().unwrap_or("building…"));
    }
    let path = uri.path();
    let base_path = snapshot.base_path.as_str();
    if path == "/" && base_path != "/" {
        return redirect(base_path);
    }
    let Some(relative) = path.strip_prefix(base_path).or_else(|| {
        // `/kb` without its slash.
        (path == base_path.trim_end_matches('/')).then_some("")
    }) else {
        return not_found(&snapshot.tree);
    };
    let Some(relative) = site_path(relative) else {
        return status(StatusCode::FORBIDDEN, "forbidden");
    };
    let candidate = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.clone()
    };
    if let Some(bytes) = snapshot.tree.get(&candidate) {
        let range = headers.get(header::RANGE).and_then(|r| r.to_str().ok());
        return match range {
            Some(range) if !candidate.ends_with(".html") => ranged_file(&candidate, bytes, range),
            _ => file(&candidate, bytes),
        };
    }
    if snapshot.tree.contains(&format!("{relative}/index.html")) {
        return redirect(&format!("{}/", uri.path()));
    }
    not_found(&snapshot.tree)
}

/// Decodes a request path into a site path; `None` for anything that could
/// name something outside the site (`..`, `\`, NUL, encoded slashes).
pub fn site_path(raw: &str) -> Option<String> {
    let lowered = raw.to_ascii_lowercase();
    if lowered.contains("%2f") || lowered.contains("%5c") || lowered.contains("%00") {
        return None;
    }
    let decoded = percent_decode_str(raw).decode_utf8().ok()?;
    if decoded.contains(['\\', '\0']) || decoded.starts_with('/') {
        return None;
    }
    if decoded
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return None;
    }
    Some(decoded.into_owned())
}

fn file(path: &str, bytes: &[u8]) -> Response {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let content_type = match mime.type_() {
        mime_guess::mime::TEXT => format!("{}; charset=utf-8", mime.essence_str()),
        _ => mime.essence_str().to_owned(),
    };
    let body = if is_html {
        inject_live_script(bytes)
    } else {
        bytes.to_vec()
    };
    let mut response = Response::new(Body::from(body));
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if !is_html {
        response
            .headers_mut()
            .insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    }
    response
}

/// A part of a file for a `Range: bytes=…` request (one range; several are
/// answered with the whole file, which the standard allows), 416 when the
/// range lies outside the file.
fn ranged_file(path: &str, bytes: &[u8], range: &str) -> Response {
    let length = bytes.len();
    let Some(wanted) = byte_range(range, length) else {
        return file(path, bytes);
    };
    let Some((start, end)) = wanted else {
        let mut response = status(StatusCode::RANGE_NOT_SATISFIABLE, "range not satisfiable");
        if let Ok(value) = HeaderValue::from_str(&format!("bytes */{length}")) {
            response.headers_mut().insert(header::CONTENT_RANGE, value);
        }
        return response;
    };
    let mut response = file(path, bytes.get(start..=end).unwrap_or_default());
    *response.status_mut() = StatusCode::PARTIAL_CONTENT;
    if let Ok(value) = HeaderValue::from_str(&format!("bytes {start}-{end}/{length}")) {
        response.headers_mut().insert(header::CONTENT_RANGE, value);
    }
    response
}

/// Reads `bytes=a-b`, `bytes=a-` or `bytes=-n` against a file of `length`
/// bytes: `None` to answer with the whole file (several ranges, another
/// unit, a malformed header), `Some(None)` when nothing of the file is in
/// the range, else the first and last byte.
fn byte_range(header: &str, length: usize) -> Option<Option<(usize, usize)>> {
    let spec = header.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (first, last) = spec.split_once('-')?;
    let (first, last) = (first.trim(), last.trim());
    let last_byte = length.checked_sub(1);
    let range = match (first.is_empty(), last.is_empty()) {
        (true, true) => return None,
        // The final n bytes.
        (true, false) => {
            let count: usize = last.parse().ok()?;
            match (count, last_byte) {
                (0, _) | (_, None) => None,
                (count, Some(end)) => Some((length.saturating_sub(count), end)),
            }
        }
        (false, _) => {
            let start: usize = first.parse().ok()?;
            let end = if last.is_empty() {
                last_byte
            } else {
                let end: usize = last.parse().ok()?;
                if end < start {
                    return None;
                }
                last_byte.map(|l| end.min(l))
            };
            match end {
                Some(end) if start <= end => Some((start, end)),
                _ => None,
            }
        }
    };
    Some(range)
}

fn not_found(tree: &crate::output::OutputTree) -> Response {
    match tree.get("404.html") {
        Some(bytes) => {
            let mut response = file("404.html", bytes);
            *response.status_mut() = StatusCode::NOT_FOUND;
            response
        }
        None => status(StatusCode::NOT_FOUND, "not found"),
    }
}

fn failed_first_build(problems: &str) -> Response {
    let escaped = crate::escape::html_text(problems);
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>kbgen: the site does not build yet</title></head><body id=\"kbgen-first-build\"><h1>The site does not build yet</h1><p>Fix the problem below and this page will load.</p><pre style=\"white-space:pre-wrap\">{escaped}</pre><script src=\"{LIVE_SCRIPT_PATH}\"></script></body></html>"
    );
    let mut response = Response::new(Body::from(html));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

fn status(code: StatusCode, text: &'static str) -> Response {
    (
        code,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

fn redirect(to: &str) -> Response {
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(value) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// Adds the live-reload script before `</body>` (or at the end).
fn inject_live_script(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_SCRIPT_PATH}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// Reloads the page after each successful build, keeping the scroll position;
/// shows a failed build's errors over the page (errors first, then its
/// warnings, dismissible), and a good build's warnings in a small panel.
const LIVE_SCRIPT: &str = r##"(function () {
  "use strict";
  var key = "kbgen-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo(0, Number(saved)); };
    restore();
    window.addEventListener("load", restore);
  }
  var generation = null;
  var panel = null;
  var dismissed = null;
  function element(tag, css, text) {
    var node = document.createElement(tag);
    if (css) node.style.cssText = css;
    if (text) node.textContent = text;
    return node;
  }
  var mono = "margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
  function close() { if (panel) { panel.remove(); panel = null; } }
  function show(state) {
    close();
    var text = (state.error || "") + "|" + (state.warnings || "");
    if (dismissed === text || (!state.error && !state.warnings)) return;
    var full = !!state.error;
    panel = element("div", full
      ? "position:fixed;inset:0;z-index:2147483647;background:#0d1117;color:#e6edf3;overflow:auto;padding:2rem;font:15px/1.5 system-ui,sans-serif"
      : "position:fixed;right:1rem;bottom:1rem;z-index:2147483647;max-width:min(44rem,calc(100vw - 2rem));max-height:60vh;overflow:auto;background:#1c1a12;color:#f5e7c4;border:1px solid #d29922;border-radius:8px;padding:.75rem 1rem;font:14px/1.5 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.4)");
    panel.id = "kbgen-problems";
    panel.setAttribute("role", full ? "alertdialog" : "status");
    panel.setAttribute("aria-label", full ? "The build failed" : "Build warnings");
    var bar = element("div", "display:flex;gap:1rem;align-items:flex-start;justify-content:space-between;margin-bottom:.75rem");
    var title = full
      ? (state.first ? "The site does not build yet. Fix the problem below and the page will load."
                     : "The last change does not build. Still showing the last good version; fix the problem below and the page will reload.")
      : "The site builds, with warnings.";
    bar.appendChild(element("h2", "margin:0;padding:0;border:0;font:600 17px/1.4 system-ui,sans-serif;color:" + (full ? "#ff7b72" : "#f2cc60"), title));
    var button = element("button", "flex:none;cursor:pointer;background:transparent;color:inherit;border:1px solid currentColor;border-radius:4px;font:14px system-ui,sans-serif;padding:.2rem .6rem", "Dismiss");
    button.type = "button";
    button.addEventListener("click", function () { dismissed = text; close(); });
    bar.appendChild(button);
    panel.appendChild(bar);
    if (state.error) {
      panel.appendChild(element("pre", mono + ";color:#ffa198;background:#161b22;border-left:4px solid #f85149;padding:1rem", state.error));
    }
    if (state.warnings) {
      var details = element("details", "");
      details.open = full;
      details.appendChild(element("summary", "cursor:pointer", "Warnings"));
      details.appendChild(element("pre", mono + ";color:#f5e7c4;margin-top:.5rem", state.warnings));
      panel.appendChild(details);
    }
    document.body.appendChild(panel);
    if (full) button.focus();
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panel) { panel.querySelector("button").click(); }
  });
  var source = new EventSource("/__kbgen/events");
  source.addEventListener("state", function (message) {
    var state = JSON.parse(message.data);
    if (state.error) {
      show(state);
      generation = generation === null ? state.generation : generation;
      return;
    }
    if (generation !== null && state.generation !== generation) {
      // Reload when this page changed; when a generation was missed or
      // styles changed, the server cannot say, so reload anyway.
      var here = decodeURI(location.pathname).replace(/index\.html$/, "");
      var mine = !state.changed || state.generation !== generation + 1 ||
        state.changed.indexOf(here) >= 0 || document.getElementById("kbgen-first-build");
      generation = state.generation;
      if (mine) {
        sessionStorage.setItem(key, String(window.scrollY));
        location.reload();
        return;
      }
    }
    generation = state.generation;
    show(state);
  });
})();
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_could_leave_the_site_are_refused() {
        for bad in [
            "../etc/passwd",
            "a/../../x",
            "%2e%2e/x",
            "a%2fb",
            "..%5cx",
            "%00",
            "a\\b",
            "/etc/passwd",
            "./x",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
        assert_eq!(site_path("caf%C3%A9/").as_deref(), Some("café/"));
        assert_eq!(site_path("my%20page/").as_deref(), Some("my page/"));
    }

    #[test]
    fn only_local_and_named_hosts_are_answered() {
        let allowed = ["docs.example".to_owned()];
        for host in [
            None,
            Some("127.0.0.1:1111"),
            Some("localhost:1111"),
            Some("LOCALHOST"),
            Some("app.localhost:1111"),
            Some("[::1]:1111"),
            Some("192.168.1.20:1111"),
            Some("docs.example:1111"),
            Some("docs.example."),
        ] {
            assert!(host_allowed(host, &allowed), "{host:?}");
        }
        for host in [
            Some("attacker.example:1111"),
            Some("localhost.attacker.example"),
            Some("127.0.0.1.nip.io:1111"),
            Some("[not-an-ip]:1"),
            Some(""),
        ] {
            assert!(!host_allowed(host, &allowed), "{host:?}");
        }
    }

    #[test]
    fn byte_ranges() {
        assert_eq!(byte_range("bytes=0-3", 10), Some(Some((0, 3))));
        assert_eq!(byte_range("bytes=5-", 10), Some(Some((5, 9))));
        assert_eq!(byte_range("bytes=-4", 10), Some(Some((6, 9))));
        assert_eq!(byte_range("bytes=-40", 10), Some(Some((0, 9))));
        assert_eq!(byte_range("bytes=8-100", 10), Some(Some((8, 9))));
        assert_eq!(byte_range("bytes=10-", 10), Some(None));
        assert_eq!(byte_range("bytes=0-0", 0), Some(None));
        assert_eq!(byte_range("bytes=0-1,4-5", 10), None);
        assert_eq!(byte_range("items=0-1", 10), None);
        assert_eq!(byte_range("bytes=5-2", 10), None);
        assert_eq!(byte_range("bytes=x-", 10), None);
    }

    #[test]
    fn the_script_goes_before_the_end_of_body() {
        let html = inject_live_script(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8_lossy(&html),
            "<html><body><p>x</p><script src=\"/__kbgen/live.js\"></script></body></html>"
        );
    }
}
