//! The HTTP side of `kbgen serve`: pages from the in-memory site, the
//! live-reload script and its event stream.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use percent_encoding::percent_decode_str;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::Shared;

const LIVE_SCRIPT_PATH: &str = "/__kbgen/live.js";
const EVENTS_PATH: &str = "/__kbgen/events";

/// Serves until the task is cancelled.
pub async fn serve(listener: tokio::net::TcpListener, shared: Arc<Shared>) -> std::io::Result<()> {
    let app = Router::new()
        .route(LIVE_SCRIPT_PATH, get(live_script))
        .route(EVENTS_PATH, get(events))
        .fallback(page)
        .with_state(shared);
    axum::serve(listener, app).await
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
            "changed": snapshot.changed,
        });
        Ok(Event::default().event("state").data(data.to_string()))
    });
    Sse::new(states).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// A page or file of the site, or its 404 page.
async fn page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let snapshot = shared.snapshot();
    if snapshot.tree.is_empty() {
        // No build has succeeded yet: show why, and reload once one does.
        return failed_first_build(snapshot.error.as_deref().unwrap_or("building…"));
    }
    let path = uri.path();
    if path == "/" && shared.base_path != "/" {
        return redirect(&shared.base_path);
    }
    let Some(relative) = path.strip_prefix(shared.base_path.as_str()).or_else(|| {
        // `/kb` without its slash.
        (path == shared.base_path.trim_end_matches('/')).then_some("")
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
        return file(&candidate, bytes);
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
    response
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
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>kbgen: build failed</title></head><body><h1>The site does not build yet</h1><pre>{escaped}</pre><script src=\"{LIVE_SCRIPT_PATH}\"></script></body></html>"
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

/// Reloads the page after each successful build, keeping the scroll position,
/// and shows build errors over the page until they are fixed.
const LIVE_SCRIPT: &str = r#"(function () {
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
  var overlay = null;
  function showError(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "kbgen-error";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(13,17,23,.94);color:#ffb4ab;overflow:auto;padding:2rem;font:14px/1.5 ui-monospace,monospace";
      var title = document.createElement("h2");
      title.textContent = "kbgen: the build failed — still showing the last good version";
      title.style.cssText = "color:#fff;font:600 18px system-ui,sans-serif;margin:0 0 1rem";
      overlay.appendChild(title);
      overlay.appendChild(document.createElement("pre"));
      document.body.appendChild(overlay);
    }
    overlay.lastChild.textContent = text;
  }
  var source = new EventSource("/__kbgen/events");
  source.addEventListener("state", function (message) {
    var state = JSON.parse(message.data);
    if (state.error) {
      showError(state.error);
      generation = generation === null ? state.generation : generation;
      return;
    }
    if (generation !== null && state.generation !== generation) {
      // Reload when this page changed; when a generation was missed or
      // styles changed, the server cannot say, so reload anyway.
      var here = decodeURI(location.pathname).replace(/index\.html$/, "");
      var mine = !state.changed || state.generation !== generation + 1 ||
        state.changed.indexOf(here) >= 0;
      generation = state.generation;
      if (mine) {
        sessionStorage.setItem(key, String(window.scrollY));
        location.reload();
        return;
      }
    }
    generation = state.generation;
    if (overlay) { overlay.remove(); overlay = null; }
  });
})();
"#;

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
    fn the_script_goes_before_the_end_of_body() {
        let html = inject_live_script(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8_lossy(&html),
            "<html><body><p>x</p><script src=\"/__kbgen/live.js\"></script></body></html>"
        );
    }
}
